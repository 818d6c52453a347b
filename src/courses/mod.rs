//! Online courses: authoring (pages and files), the catalog, learning with knowledge checks
//! and pre/post-tests, completion with a certificate, and what staff and managers see.

pub mod api;
pub mod author;
pub mod cli;
pub mod files;
pub mod learn;
pub mod model;
pub mod pages;
pub mod progress;
pub mod reports;
pub mod spec;
