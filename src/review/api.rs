//! `POST /api/v1/reviews`: the same JSON as `tta review --json`, for a document sent as
//! JSON (`{"text": …, "name": …}`), as plain text, or as a multipart upload (`file`).
//! Open to everyone like the web page, and rate-limited per address.

use std::borrow::Cow;

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

fn bad(status: StatusCode, code: impl Into<Cow<'static, str>>, msg: String) -> Response {
    ApiError::new(status, code, msg).into_response()
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
    let (name, text) = if ctype.starts_with("multipart/form-data") {
        let mp = Multipart::from_request(req, &state)
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        match super::pages::read_submission(&ctx, mp).await {
            Ok(sub) => (sub.name, sub.text),
            Err(f) => {
                let (field, msg) = f.errors.first().cloned().unwrap_or_default();
                let status = if msg.contains("larger") {
                    StatusCode::PAYLOAD_TOO_LARGE
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                let e = ApiError::new(status, format!("invalid_{field}"), msg);
                return Ok(if field.is_empty() {
                    e
                } else {
                    e.with_field(field)
                }
                .into_response());
            }
        }
    } else {
        let bytes = Bytes::from_request(req, &state)
            .await
            .map_err(|_| AppError::BadRequest(ctx.t("error-review-too-large")))?;
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
            if bytes.len() > super::MAX_UPLOAD {
                return Ok(bad(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    ctx.t1("error-review-too-large", "mb", super::MAX_UPLOAD_MB),
                ));
            }
            let b = bytes.to_vec();
            let detected = tokio::task::spawn_blocking(move || {
                tta_review::extract(&b, None, Some(&ctype)).map_err(|e| (e.code(), e.to_string()))
            })
            .await;
            match detected {
                Ok(Ok(t)) => ("document".to_string(), t),
                Ok(Err((code, msg))) => {
                    return Ok(bad(StatusCode::UNPROCESSABLE_ENTITY, code, msg))
                }
                Err(_) => return Err(AppError::Other(anyhow::anyhow!("extraction task failed"))),
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
    if text.len() > super::MAX_UPLOAD {
        return Ok(bad(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            ctx.t1("error-review-too-large", "mb", super::MAX_UPLOAD_MB),
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
