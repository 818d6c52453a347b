//! Organizations: the programs whose staff the institute trains. A person can belong to
//! several; managers invite colleagues and see their staff list.

pub mod invites;
pub mod members;
pub mod model;
pub mod pages;
pub mod training;
