//! Policy review: a program's house rules, handbook or client agreement, read clause by
//! clause for rules that make help conditional or repeat a trafficker's control.
//!
//! The engine is the `tta-review` crate (no web types); this module puts it on the web
//! page, the JSON API and the command line, and keeps reviews an organization saves.

pub mod api;
pub mod cli;
pub mod marked;
pub mod pages;
pub mod pdf;
pub mod saved;

/// The largest document accepted, as the engine defines it.
pub const MAX_UPLOAD: usize = tta_review::MAX_UPLOAD_BYTES;
