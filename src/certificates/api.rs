//! `GET /api/v1/certificates/{code}`: the signed record, with everything needed to check
//! the signature independently (the exact signed text, the algorithm and public key).

use axum::{extract::State, response::IntoResponse, Json};
use serde_json::json;

use super::model;
use crate::{
    api::extract::Ids,
    app::AppState,
    web::error::{AppError, AppResult},
};

pub async fn show(
    State(state): State<AppState>,
    Ids(code): Ids<String>,
) -> AppResult<impl IntoResponse> {
    let code = model::normalize_code(&code).ok_or(AppError::NotFound)?;
    let c = model::by_code(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = if c.revoked() {
        "revoked"
    } else if c.signature_valid(&state.cert_key) {
        "valid"
    } else {
        "invalid"
    };
    Ok(Json(json!({
        "code": c.code,
        "status": status,
        "kind": c.kind,
        "recipient": c.recipient,
        "title": c.title,
        "completed_on": c.completed_on,
        "hours": c.hours(),
        "ce_hours": c.ce_hours(),
        "issuer": c.issuer,
        "issued_at": chrono::DateTime::from_timestamp(c.issued_at, 0).map(|d| d.to_rfc3339()),
        "revoked_at": c.revoked_at.and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map(|d| d.to_rfc3339()),
        "revoke_reason": c.revoke_reason,
        "verification_url": super::pdf::verify_url(&state.cfg.base_url, &c.code),
        "signature": {
            "algorithm": "Ed25519",
            "key_id": c.key_id,
            "public_key": state.cert_key.public_key_b64(),
            "signed_text": c.payload(),
            "value": c.signature,
        }
    })))
}
