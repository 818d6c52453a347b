//! All integration tests in one binary, so linking happens once. Each test starts a real
//! tta server with a database of its own; `scripts/test` runs the binary on SQLite and
//! then on PostgreSQL.

mod accounts;
mod addresses;
mod api;
mod backup;
mod browser;
mod cli;
mod contract;
mod contract_cases;
mod course_authoring;
mod courses;
mod courses_browser;
mod db;
mod durability;
mod e2e;
mod event_browser;
mod event_notices;
mod event_pages;
mod events_api;
mod events_race;
mod events_staff;
mod export;
mod fuzz;
mod hardening;
mod hardening_extract;
mod helpers;
mod jobs;
mod library;
mod library_browser;
mod library_import;
mod library_s3;
mod orgs;
mod pdf_text;
mod phone_layout;
mod review;
mod routes;
mod security;
mod site;
mod walk;
