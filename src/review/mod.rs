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
/// The largest request body on the review's routes: the document and the form around it.
pub const MAX_BODY: usize = MAX_UPLOAD + 64 * 1024;
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

/// Reads an uploaded document for review, in the extraction sandbox: files up to
/// [`MAX_UPLOAD`], text up to `extract_max_text_bytes`, within the reader's time and
/// memory limits.
pub async fn extract(
    sandbox: &crate::extract::Sandbox,
    bytes: Vec<u8>,
    filename: Option<String>,
    content_type: Option<String>,
) -> Result<String, crate::extract::Failure> {
    sandbox
        .extract(crate::extract::Doc {
            bytes,
            filename,
            content_type,
            max_input_bytes: MAX_UPLOAD,
        })
        .await
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
