//! Reading an API request's path and JSON body, with every rejection in the one error
//! shape and a status a client can act on.

use axum::{
    extract::{FromRequestParts, Path},
    http::{header, request::Parts, HeaderMap, StatusCode},
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::web::error::{ApiError, AppError, AppResult};

/// Path parameters that name records. A value that cannot be such a name (`abc` where a
/// number goes, or a number past the largest id) names no record, so it is a 404 like
/// any id that does not exist, never a parse error.
pub struct Ids<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Ids<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(Ids(v)),
            Err(_) => Err(AppError::NotFound),
        }
    }
}

/// Whether the request says its body is JSON (`application/json` or a `+json` type).
fn says_json(headers: &HeaderMap) -> bool {
    let Some(ctype) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ctype
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The body as JSON, or `None` when it is empty. A body in another content type is a 415,
/// one that does not parse a 400.
pub fn json_body(headers: &HeaderMap, body: &[u8]) -> AppResult<Option<Value>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if !says_json(headers) {
        return Err(ApiError::status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the body as JSON, with Content-Type: application/json",
        )
        .into());
    }
    crate::web::input::json_from_slice(body)
        .map(Some)
        .map_err(|e| ApiError::bad_json(format!("the body is not valid JSON ({e})")).into())
}

/// The body as a JSON object; `expected` tells the client what to send instead.
pub fn json_object(
    headers: &HeaderMap,
    body: &[u8],
    expected: &str,
) -> AppResult<Map<String, Value>> {
    match json_body(headers, body)? {
        Some(Value::Object(m)) => Ok(m),
        Some(_) | None => {
            Err(ApiError::bad_json(format!("the body must be a JSON object: {expected}")).into())
        }
    }
}
