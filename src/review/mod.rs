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

/// Longest a document may take to read; a pathological PDF must not hold a request forever.
const EXTRACT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Extracts text off the async workers (a large PDF takes a while), with a time limit.
pub async fn extract(bytes: Vec<u8>, filename: Option<String>, content_type: Option<String>) -> Result<String, String> {
    let job = tokio::task::spawn_blocking(move || {
        tta_review::extract(&bytes, filename.as_deref(), content_type.as_deref()).map_err(|e| (e.code(), e.to_string()))
    });
    match tokio::time::timeout(EXTRACT_TIMEOUT, job).await {
        Ok(Ok(Ok(text))) => Ok(text),
        Ok(Ok(Err((_, msg)))) => Err(msg),
        Ok(Err(_)) | Err(_) => Err("This document could not be read in time. Try saving it as plain text or Word and upload it again.".into()),
    }
}

/// Reviews off the async workers: a 10 MB handbook takes a noticeable fraction of a second.
pub async fn review(text: String) -> (String, tta_review::Report) {
    tokio::task::spawn_blocking(move || {
        let r = tta_review::review(&text);
        (text, r)
    })
    .await
    .unwrap_or_else(|_| (String::new(), tta_review::review("")))
}
