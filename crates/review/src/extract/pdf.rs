//! PDF to text, with `pdf-extract`.
//!
//! PDF readers meet a great deal of malformed input, and `pdf-extract` can
//! panic on some of it. The call is wrapped in `catch_unwind` so one bad
//! upload becomes a clear "could not read this PDF" error instead of taking
//! down the request. A PDF whose pages carry no text (a scan) is reported as
//! [`ExtractError::NoText`], with a suggestion to paste the text.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::ExtractError;

fn unreadable(reason: impl Into<String>) -> ExtractError {
    ExtractError::Unreadable {
        kind: "PDF".into(),
        reason: reason.into(),
    }
}

pub(super) fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    }));
    let text = match result {
        Err(_) => {
            return Err(unreadable(
                "the PDF reader could not make sense of its contents",
            ))
        }
        Ok(Err(e)) => {
            let msg = e.to_string().to_ascii_lowercase();
            if msg.contains("decrypt") || msg.contains("encrypt") || msg.contains("password") {
                return Err(unreadable("it is password-protected"));
            }
            return Err(unreadable(
                "it is damaged or uses a structure we cannot read",
            ));
        }
        Ok(Ok(t)) => t,
    };
    let cleaned = clean(&text);
    let letters = cleaned.chars().filter(|c| c.is_alphanumeric()).count();
    if letters < 8 {
        return Err(ExtractError::NoText);
    }
    Ok(cleaned)
}

/// Drop NULs and form feeds, and trim trailing spaces that PDF layout leaves.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.replace('\u{c}', "\n\n").replace('\0', "").lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
