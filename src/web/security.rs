//! Security headers on every response, and the CSRF check on every state-changing form.

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    app::AppState,
    util::constant_eq,
    web::{context::Ctx, error::AppError},
};

pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        if !h.contains_key(k) {
            h.insert(k, HeaderValue::from_static(v));
        }
    };
    // No inline scripts or styles anywhere, so the policy can stay strict. Lessons may show
    // images from other https sites and embed videos from the two players tta knows.
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-src https://www.youtube-nocookie.com https://player.vimeo.com; \
         form-action 'self'; frame-ancestors 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "strict-origin-when-cross-origin");
    set(h, "x-frame-options", "DENY");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    set(h, "cross-origin-opener-policy", "same-origin");
    if state.cfg.https() {
        set(
            h,
            "strict-transport-security",
            "max-age=63072000; includeSubDomains",
        );
    }
    // Pages can hold personal data; shared office computers must not keep them.
    let is_static = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/css") || v.starts_with("image/"));
    if !is_static && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Rejects a state-changing browser request whose CSRF token is missing or wrong.
///
/// The token travels in the body, never in the address (where it would land in history,
/// logs and Referer headers): as the `_csrf` field of a URL-encoded form, or as the first
/// part of a multipart form (file uploads), which is read without buffering the file.
/// The API is exempt: it authenticates with a bearer token, never with cookies, so a
/// forged cross-site request carries no credentials.
pub async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let Some(ctx) = req.extensions().get::<Ctx>().cloned() else {
        return AppError::Csrf.into_response();
    };
    if let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let same = origin == state.cfg.base_url
            || origin
                .strip_prefix("http://")
                .or(origin.strip_prefix("https://"))
                == Some(host);
        if !same {
            return AppError::Csrf.into_response();
        }
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if content_type.starts_with("multipart/form-data") {
        let Some(boundary) = boundary_of(&content_type) else {
            return AppError::Csrf.into_response();
        };
        let (parts, body) = req.into_parts();
        let (token, body) = match first_part(body, &boundary).await {
            Ok(x) => x,
            Err(resp) => return resp,
        };
        if !token.is_some_and(|t| constant_eq(&t, &ctx.csrf)) {
            return AppError::Csrf.into_response();
        }
        return next.run(Request::from_parts(parts, body)).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return AppError::Csrf.into_response();
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, state.cfg.max_body_bytes).await {
        Ok(b) => b,
        Err(_) => return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let ok = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "_csrf")
        .is_some_and(|(_, v)| constant_eq(&v, &ctx.csrf));
    if !ok {
        return AppError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The boundary parameter of a multipart content type (quoted or not).
fn boundary_of(content_type: &str) -> Option<String> {
    let b = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    (!b.is_empty() && b.len() <= 200).then(|| b.to_string())
}

/// How much of a multipart body is read to find the token: the part's headers and a
/// 64-character value fit many times over.
const FIRST_PART_MAX: usize = 8 * 1024;

/// Reads just enough of a multipart body to return its first part's value when that part
/// is `_csrf`, and gives back a body that replays what was read followed by the rest.
async fn first_part(body: Body, boundary: &str) -> Result<(Option<String>, Body), Response> {
    use futures::StreamExt;
    let mut stream = body.into_data_stream();
    let mut seen: Vec<bytes::Bytes> = Vec::new();
    let mut head: Vec<u8> = Vec::new();
    let token = loop {
        if let Some(found) = parse_first_part(&head, boundary) {
            break found;
        }
        if head.len() > FIRST_PART_MAX {
            break None;
        }
        match stream.next().await {
            Some(Ok(chunk)) => {
                head.extend_from_slice(&chunk[..chunk.len().min(FIRST_PART_MAX + 1)]);
                seen.push(chunk);
            }
            Some(Err(_)) => return Err(axum::http::StatusCode::BAD_REQUEST.into_response()),
            None => break parse_first_part(&head, boundary).flatten(),
        }
    };
    let replay = futures::stream::iter(seen.into_iter().map(Ok::<_, axum::Error>));
    Ok((token, Body::from_stream(replay.chain(stream))))
}

/// `Some(Some(token))` when the first part is a complete `_csrf` field, `Some(None)` when
/// the first part is complete and is something else, `None` when more bytes are needed.
fn parse_first_part(buf: &[u8], boundary: &str) -> Option<Option<String>> {
    let delim = format!("--{boundary}");
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    let start = find(buf, delim.as_bytes(), 0)? + delim.len();
    let headers_end = find(buf, b"\r\n\r\n", start)?;
    let value_start = headers_end + 4;
    let end = find(buf, format!("\r\n{delim}").as_bytes(), value_start)?;
    let headers = String::from_utf8_lossy(&buf[start..headers_end]).to_ascii_lowercase();
    let is_csrf = headers.lines().any(|l| {
        l.starts_with("content-disposition:")
            && l.split(';').map(str::trim).any(|p| p == "name=\"_csrf\"")
    });
    if !is_csrf {
        return Some(None);
    }
    Some(
        std::str::from_utf8(&buf[value_start..end])
            .ok()
            .map(|v| v.trim().to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_read_from_the_first_multipart_part_only() {
        let b = "XyZ";
        let body = format!("--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok123\r\n--{b}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n--{b}--\r\n");
        assert_eq!(
            parse_first_part(body.as_bytes(), b),
            Some(Some("tok123".into()))
        );
        // Not yet complete: more bytes needed.
        assert_eq!(parse_first_part(&body.as_bytes()[..40], b), None);
        let other = format!("--{b}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n_csrf\r\n--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n--{b}--\r\n");
        assert_eq!(parse_first_part(other.as_bytes(), b), Some(None));
        assert_eq!(
            boundary_of("multipart/form-data; boundary=\"a b\""),
            Some("a b".into())
        );
        assert_eq!(boundary_of("multipart/form-data"), None);
    }
}
