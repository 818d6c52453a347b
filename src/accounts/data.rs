//! "Download my data" and "delete my account".

use super::{audit, model::normalize_email, password};
use crate::{
    app::AppState,
    web::{
        context::{removal, Ctx},
        error::AppResult,
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
        session,
    },
};
use askama::Template;
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use axum_extra::extract::cookie::CookieJar;

/// Everything tta holds about the signed-in person, as a ZIP archive (see `export`).
pub async fn export(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    // Recorded first, so the archive's audit file shows this download too.
    audit::record(
        &state.db.pool,
        Some(user.id),
        "data_exported",
        &format!("user:{}", user.id),
        &ctx.ip,
        "",
    )
    .await?;
    let archive = super::export::archive(&state, &user, &ctx.lang).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", archive.file_name),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        archive.bytes,
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
    render(&DeletePage {
        ctx,
        form: Form::new(),
    })
}

/// Deletes the account after the password and a typed confirmation. What goes and what
/// stays is listed column by column in `export::coverage` and explained in the export's
/// README: rows that are only the person's go with the account (foreign keys cascade);
/// certificates, saved reviews and authored content stay with the link cleared; the audit
/// log keeps the numeric id but loses the address.
pub async fn delete(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mut form = f.form();
    if !password::verify(f.get("password"), &user.password_hash) {
        form.add("password", ctx.t("error-password-wrong"));
    }
    if f.text("confirm").to_uppercase() != ctx.t("delete-confirm-word").to_uppercase() {
        form.add(
            "confirm",
            ctx.ta(
                "error-delete-confirm",
                &[("word", &ctx.t("delete-confirm-word"))],
            ),
        );
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
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    forget_address(&mut tx, user.id, &user.email).await?;
    audit::record(
        &mut *tx,
        None,
        "account_deleted",
        &format!("user:{}", user.id),
        &ctx.ip,
        "by the account holder",
    )
    .await?;
    tx.commit().await?;
    let jar = CookieJar::new().add(removal(&state, session::COOKIE));
    Ok((
        jar,
        redirect_with_flash(&state, "/", "flash-account-deleted"),
    )
        .into_response())
}

/// Removes what holds the deleted person's address outside their own rows: invitations
/// sent to it, queued and sent copies of emails to it (or written from it on the contact
/// page), and failed sign-ins naming it in the audit log (which then name the account's
/// number instead).
async fn forget_address(tx: &mut crate::db::Tx, user_id: i64, email: &str) -> sqlx::Result<()> {
    let addr = normalize_email(email);
    sqlx::query("DELETE FROM invitations WHERE LOWER(email) = $1")
        .bind(&addr)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE audit_log SET target = $1 WHERE target = $2")
        .bind(format!("user:{user_id}"))
        .bind(&addr)
        .execute(&mut **tx)
        .await?;
    // Email jobs hold the address inside their JSON; the LIKE narrows, the parse decides.
    let jobs = sqlx::query(
        "SELECT id, payload FROM jobs WHERE kind = $1 AND LOWER(payload) LIKE $2 ESCAPE '\\'",
    )
    .bind(crate::mail::JOB_KIND)
    .bind(format!(
        "%{}%",
        addr.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    ))
    .fetch_all(&mut **tx)
    .await?;
    for j in jobs {
        let payload: String = sqlx::Row::try_get(&j, "payload")?;
        let v = serde_json::from_str::<serde_json::Value>(&payload).unwrap_or_default();
        let mine = |k: &str| v[k].as_str().map(normalize_email).as_deref() == Some(addr.as_str());
        if mine("to") || mine("reply_to") {
            sqlx::query("DELETE FROM jobs WHERE id = $1")
                .bind(sqlx::Row::try_get::<i64, _>(&j, "id")?)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}
