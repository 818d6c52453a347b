//! "Download my data" and "delete my account".

use askama::Template;
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use axum_extra::extract::cookie::CookieJar;
use serde_json::json;

use super::{audit, password, tokens};
use crate::{
    app::AppState,
    orgs::model as orgs,
    web::{
        context::{removal, Ctx},
        error::AppResult,
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
        session,
    },
};

/// Everything tta holds about the signed-in person, as one JSON document.
pub async fn export(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let memberships = orgs::for_user(&state.db, user.id).await?;
    let toks = tokens::list(&state.db, user.id).await?;
    let log = audit::list(&state.db, "", Some(user.id), 1000).await?;
    let doc = json!({
        "exported_at": chrono::Utc::now().to_rfc3339(),
        "account": user,
        "organizations": memberships,
        "api_tokens": toks,
        "activity": log,
    });
    audit::record(&state.db.pool, Some(user.id), "data_exported", &format!("user:{}", user.id), &ctx.ip, "").await?;
    let body = serde_json::to_string_pretty(&doc).map_err(anyhow::Error::from)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"tta-my-data.json\"".to_string()),
        ],
        body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "accounts/delete.html")]
pub struct DeletePage {
    pub ctx: Ctx,
    pub form: Form,
}

pub async fn delete_form(ctx: Ctx) -> AppResult<Response> {
    render(&DeletePage { ctx, form: Form::new() })
}

/// Deletes the account after the password and a typed confirmation. Memberships,
/// sessions and tokens go with it; the audit log keeps only the numeric id.
pub async fn delete(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mut form = f.form();
    if !password::verify(f.get("password"), &user.password_hash) {
        form.add("password", ctx.t("error-password-wrong"));
    }
    if f.text("confirm").to_uppercase() != ctx.t("delete-confirm-word").to_uppercase() {
        form.add("confirm", ctx.ta("error-delete-confirm", &[("word", &ctx.t("delete-confirm-word"))]));
    }
    // An organization must not be left without a manager by a deletion.
    let sole: Vec<String> = sqlx::query(
        "SELECT o.name FROM organizations o JOIN memberships m ON m.org_id = o.id \
         WHERE m.user_id = $1 AND m.role = 'manager' \
         AND (SELECT COUNT(*) FROM memberships m2 WHERE m2.org_id = o.id AND m2.role = 'manager') = 1 ORDER BY o.name",
    )
    .bind(user.id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .filter_map(|r| sqlx::Row::try_get(r, "name").ok())
    .collect();
    if !sole.is_empty() {
        form.general = Some(ctx.ta("error-delete-sole-manager", &[("orgs", &sole.join(", "))]));
    }
    if !form.is_ok() {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &DeletePage { ctx, form });
    }
    let mut tx = state.db.tx().await?;
    sqlx::query("DELETE FROM users WHERE id = $1").bind(user.id).execute(&mut *tx).await?;
    audit::record(&mut *tx, None, "account_deleted", &format!("user:{}", user.id), &ctx.ip, "by the account holder").await?;
    tx.commit().await?;
    let jar = CookieJar::new().add(removal(&state, session::COOKIE));
    Ok((jar, redirect_with_flash(&state, "/", "flash-account-deleted")).into_response())
}
