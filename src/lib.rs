//! tta: training and technical assistance for the anti-human-trafficking field.
//!
//! One folder per capability (`accounts`, `orgs`, …) owns its routes, queries and
//! templates; shared machinery lives in `db`, `jobs`, `mail`, `i18n` and `web`.

pub mod accounts;
pub mod api;
pub mod app;
pub mod backup;
pub mod certificates;
pub mod cli;
pub mod config;
pub mod courses;
pub mod db;
pub mod demo;
pub mod events;
pub mod extract;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub mod jobs;
pub mod library;
pub mod mail;
pub mod markdown;
pub mod orgs;
pub mod pdf;
pub mod review;
pub mod site;
pub mod telemetry;
pub mod topics;
pub mod util;
pub mod web;
