//! The resource library: fact sheets, tools, templates and guides that programs find by
//! searching or browsing, read on a phone and download.

pub mod api;
pub mod data;
pub mod docx;
pub mod import;
pub mod model;
pub mod pages;
pub mod search;
pub mod staff;
pub mod storage;
pub mod text;
pub mod upload;
