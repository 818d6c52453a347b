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
/// The same, in megabytes, for messages.
pub const MAX_UPLOAD_MB: usize = MAX_UPLOAD / (1024 * 1024);

/// (category title, findings, red line?) per category, red lines and the most frequent first:
/// the counts shown on the results page and in the PDF report.
pub fn category_rows(report: &tta_review::Report) -> Vec<(String, usize, bool)> {
    let rules = tta_review::Rules::default_rules();
    let mut rows: Vec<(String, usize, bool)> = report
        .summary
        .by_category
        .iter()
        .map(|(id, n)| {
            let c = rules.category(id);
            let title = c.map(|c| c.title.clone()).unwrap_or_else(|| id.clone());
            let red = c.is_some_and(|c| c.severity == tta_review::Severity::RedLine);
            (title, *n, red)
        })
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    rows
}

/// Longest a document may take to read; a pathological PDF must not hold a request forever.
const EXTRACT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Extracts text off the async workers (a large PDF takes a while), with a time limit.
pub async fn extract(
    bytes: Vec<u8>,
    filename: Option<String>,
    content_type: Option<String>,
) -> Result<String, String> {
    let job = tokio::task::spawn_blocking(move || {
        tta_review::extract(&bytes, filename.as_deref(), content_type.as_deref())
            .map_err(|e| (e.code(), e.to_string()))
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
