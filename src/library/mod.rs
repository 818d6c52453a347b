//! The resource library: fact sheets, tools, templates and guides that programs find by
//! searching or browsing, read on a phone and download.

pub mod data;
pub mod docx;
pub mod import;
pub mod model;
pub mod search;
pub mod storage;
pub mod text;
pub mod upload;
pub mod api;
pub mod pages;
pub mod staff;
