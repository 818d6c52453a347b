//! Signed certificates, earned by finishing an online course or attending every session of
//! a live training. Each certificate is a row with a public code, copies of what it
//! certifies, and an Ed25519 signature over those copies, so anyone holding the record (or
//! the PDF) can check it against the institute's public key without trusting the page
//! that showed it.

pub mod api;
pub mod keys;
pub mod model;
pub mod pages;
pub mod pdf;

pub use model::{Certificate, Issue};
