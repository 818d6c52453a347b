//! The input boundary for text from outside.
//!
//! Control characters have no business in a name, a search or a house rule, and some of
//! them break things further in: PostgreSQL refuses a NUL byte in any text value (which
//! surfaced as a server error), and SQLite stores it, so a title of one NUL looked empty
//! everywhere. Every string that comes in — query strings, form fields, multipart text
//! parts and JSON strings — loses its control characters here, except tab, line feed and
//! carriage return, which text areas legitimately send (a query string loses those too). A path that holds one names no
//! page tta has, so it is answered "not found" before any handler reads it.

use std::borrow::Cow;

use axum::{
    extract::Request,
    http::Uri,
    middleware::Next,
    response::{IntoResponse, Response},
};

use axum::http::StatusCode;

use crate::web::error::{ApiError, AppError};

/// Characters dropped at the boundary: C0 and C1 controls and DEL, except tab, LF and CR.
pub fn unwanted(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// `s` without unwanted characters; borrows when there are none (the usual case).
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(unwanted) {
        Cow::Owned(s.chars().filter(|c| !unwanted(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// The owned form of [`clean`], for values read into a `String`.
pub fn clean_owned(s: String) -> String {
    match clean(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(c) => c,
    }
}

/// Cleans every string in a JSON value, object keys included.
pub fn clean_json(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            if s.chars().any(unwanted) {
                *s = clean_owned(std::mem::take(s));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean_json),
        Value::Object(map) => {
            if map.keys().any(|k| k.chars().any(unwanted)) {
                let old = std::mem::take(map);
                for (k, mut val) in old {
                    clean_json(&mut val);
                    map.insert(clean_owned(k), val);
                }
            } else {
                map.values_mut().for_each(clean_json);
            }
        }
        _ => {}
    }
}

/// Parses a JSON body and cleans its strings: what every API handler that reads JSON uses.
pub fn json_from_slice<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, serde_json::Error> {
    let mut v: serde_json::Value = serde_json::from_slice(bytes)?;
    clean_json(&mut v);
    serde_json::from_value(v)
}

/// True when the percent-decoded text holds any control character. Addresses are one
/// line, so here line breaks and tabs count too.
fn decoded_has_unwanted(s: &str) -> bool {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .chars()
        .any(char::is_control)
}

fn clean_line(s: String) -> String {
    if s.chars().any(char::is_control) {
        s.chars().filter(|c| !c.is_control()).collect()
    } else {
        s
    }
}

/// Rewrites a query string whose decoded values hold unwanted characters. Runs outermost,
/// so everything after it (the page context, `next` links, every `Query` extractor) sees
/// the cleaned query.
pub async fn clean_query(mut req: Request, next: Next) -> Response {
    // The API refuses such a query instead (in `refuse_control_paths`): a program should
    // learn that it sent something wrong, and the API's description says what is valid.
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    if let Some(q) = req.uri().query() {
        if decoded_has_unwanted(q) {
            let pairs: Vec<(String, String)> = url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (clean_line(k.into_owned()), clean_line(v.into_owned())))
                .collect();
            let cleaned = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish();
            let path = req.uri().path();
            let pq = if cleaned.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{cleaned}")
            };
            let mut parts = req.uri().clone().into_parts();
            match pq.parse() {
                Ok(p) => parts.path_and_query = Some(p),
                Err(_) => return AppError::BadRequest("malformed address".into()).into_response(),
            }
            match Uri::from_parts(parts) {
                Ok(uri) => *req.uri_mut() = uri,
                Err(_) => return AppError::BadRequest("malformed address".into()).into_response(),
            }
        }
    }
    next.run(req).await
}

/// Answers "not found" for a path with a control character in it: no page or record of
/// tta has one in its address; and refuses an API query parameter holding one, naming it.
/// Runs inside the error renderer so the answer is the usual page (or JSON under `/api/`).
pub async fn refuse_control_paths(req: Request, next: Next) -> Response {
    if decoded_has_unwanted(req.uri().path()) {
        return AppError::NotFound.into_response();
    }
    if req.uri().path().starts_with("/api/") {
        if let Some(q) = req.uri().query().filter(|q| decoded_has_unwanted(q)) {
            let bad = url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, v)| k.chars().chain(v.chars()).any(char::is_control))
                .map(|(k, _)| clean_line(k.into_owned()))
                .unwrap_or_default();
            let e = ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_query",
                "a query parameter holds a control character",
            )
            .with_field(bad);
            return AppError::from(e).into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ordinary_text_and_line_breaks() {
        assert!(matches!(
            clean("Curfew is 10 p.m.\r\n\tAsk staff."),
            Cow::Borrowed(_)
        ));
        assert_eq!(clean("café – 寮"), "café – 寮");
    }

    #[test]
    fn drops_nul_escape_and_c1_controls() {
        assert_eq!(clean("a\0b\u{1b}[31mc\u{85}d\u{7f}"), "ab[31mcd");
        assert_eq!(clean("\0"), "");
    }

    #[test]
    fn cleans_json_strings_and_keys() {
        let mut v =
            serde_json::json!({"ti\u{0}tle": "x\u{0}y", "list": ["\u{1}", 3], "ok": "fine"});
        clean_json(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"title": "xy", "list": ["", 3], "ok": "fine"})
        );
    }

    #[test]
    fn sees_encoded_controls() {
        assert!(decoded_has_unwanted("q=%00"));
        assert!(decoded_has_unwanted("/trainings/a%00b"));
        assert!(decoded_has_unwanted("next=/account%0d%0aX:%20y"));
        assert!(!decoded_has_unwanted("q=caf%C3%A9+%26+more"));
    }
}
