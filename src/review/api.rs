//! `POST /api/v1/reviews`: the same JSON as `tta review --json`, for a document sent as
//! JSON (`{"text": …, "name": …}`), as plain text, or as a multipart upload (`file`).
//! Open to everyone like the web page, and rate-limited per address.

use axum::{
    body::Bytes,
    extract::{FromRequest, Multipart, Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;

use crate::{
    app::AppState,
    web::{
        context::Ctx,
        error::{ApiError, AppError, AppResult},
        ratelimit,
    },
};

#[derive(Deserialize)]
struct JsonBody {
    text: String,
    #[serde(default)]
    name: Option<String>,
}

fn bad(status: StatusCode, code: impl AsRef<str>, msg: String) -> Response {
    ApiError::new(status, code.as_ref().to_string(), msg).into_response()
}

/// Reads a body of at most `limit` bytes; `Err(None)` when it is longer. A longer body is
/// still read, into nothing, up to a few times the limit, so that a client sending an
/// oversized document finishes and reads the 413 instead of meeting a reset connection;
/// past that the connection is dropped. The server's request timeout bounds the time.
async fn read_body(body: axum::body::Body, limit: usize) -> Result<Bytes, Option<String>> {
    use futures::StreamExt;
    let drain = limit.saturating_mul(4);
    let mut stream = body.into_data_stream();
    let mut buf: Vec<u8> = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| Some(e.to_string()))?;
        total += chunk.len();
        if total <= limit {
            buf.extend_from_slice(&chunk);
        } else {
            buf = Vec::new();
            if total > drain {
                break;
            }
        }
    }
    if total > limit {
        return Err(None);
    }
    Ok(Bytes::from(buf))
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, req: Request) -> AppResult<Response> {
    if !ratelimit::hit(
        &state.db,
        &format!("review:ip:{}", ctx.ip),
        &super::pages::REVIEWS_PER_IP,
    )
    .await?
    {
        return Err(AppError::TooMany);
    }
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let max_text = state.cfg.extract_max_text_bytes;
    let too_large = || {
        bad(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            ctx.t1("error-review-too-large", "mb", super::MAX_UPLOAD_MB),
        )
    };
    let (name, text) = if ctype.starts_with("multipart/form-data") {
        let mp = Multipart::from_request(req, &state)
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        match super::pages::read_submission(&state, &ctx, mp).await {
            Ok(sub) => (sub.name, sub.text),
            Err(r) => {
                // The standard error body, naming the field the message stands beside.
                let e = ApiError::new(r.status, r.code.clone(), r.message());
                return Ok(e.with_field(r.field()).into_response());
            }
        }
    } else {
        let bytes = match read_body(req.into_body(), super::MAX_BODY).await {
            Ok(b) => b,
            Err(None) => return Ok(too_large()),
            Err(Some(e)) => return Ok(bad(StatusCode::BAD_REQUEST, "invalid_body", e)),
        };
        if ctype.starts_with("application/json") {
            match crate::web::input::json_from_slice::<JsonBody>(&bytes) {
                Ok(b) => (b.name.unwrap_or_else(|| "document".into()), b.text),
                Err(e) => {
                    return Ok(bad(
                        StatusCode::BAD_REQUEST,
                        "invalid_json",
                        format!(
                            "the body is not the expected JSON ({e}); send {{\"text\": \"…\"}}"
                        ),
                    ))
                }
            }
        } else {
            match super::extract(&state.extract, bytes.to_vec(), None, Some(ctype)).await {
                Ok(t) => ("document".to_string(), t),
                Err(f) => {
                    return Ok(bad(
                        super::pages::failure_status(&f),
                        f.code(),
                        f.message(&ctx.lang),
                    ))
                }
            }
        }
    };
    if text.trim().is_empty() {
        return Ok(bad(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty",
            ctx.t("error-review-empty"),
        ));
    }
    // The same limit as text read from a file.
    if text.len() > max_text {
        let f = crate::extract::Failure::TextTooLarge { limit: max_text };
        return Ok(bad(
            StatusCode::PAYLOAD_TOO_LARGE,
            f.code(),
            f.message(&ctx.lang),
        ));
    }
    let (_, report) = super::review(text).await;
    if report.not_reviewed() {
        // An empty list of findings would read as an all-clear; say why there is none.
        let mut body = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_language",
            report.summary.reading.clone(),
        )
        .body();
        body["language"] = serde_json::json!(report.language);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    }
    Ok(Json(tta_review::to_json_value(&report, &name)).into_response())
}
