//! Online courses and certificates, exercised for real: learners going through the shipped
//! courses over HTTP (pre-test, lessons and checks, post-test, evaluation), bad input on
//! every learning form, progress under concurrent requests, signed certificates (the
//! public page, the JSON record and its Ed25519 signature, revoking, verifying a code or an
//! uploaded PDF, the PDF's text and QR code), `tta courses import|export`, the JSON API, and
//! what managers and staff see.
//!
//! Every test runs on SQLite and, with `TTA_TEST_DATABASE_URL`, on PostgreSQL.

mod api;
mod certificates;
mod cli;
mod concurrency;
mod learning;
mod pdf;
mod reports;
pub(crate) mod support;
