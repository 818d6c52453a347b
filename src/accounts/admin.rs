//! Admin pages: find users, change roles, deactivate, reset a second factor, read the
//! audit log.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use serde::Deserialize;

use super::{audit, model};
use crate::{
    accounts::model::{Role, User},
    app::AppState,
    db::now,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields},
        pages::render,
        session,
    },
};

#[derive(Deserialize, Default)]
pub struct UserQuery {
    pub q: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    pub ctx: Ctx,
    pub q: String,
    pub users: Vec<User>,
    pub roles: Vec<&'static str>,
}

pub async fn users(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<UserQuery>,
) -> AppResult<Response> {
    let q = q.q.unwrap_or_default();
    let users = model::search(&state.db, &q, 200).await?;
    render(&UsersPage {
        ctx,
        q,
        users,
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
    })
}

async fn target(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<User> {
    let user = model::by_id(&state.db.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // An admin cannot lock themselves out by accident; another admin must do it.
    if ctx.user_id() == Some(id) {
        return Err(AppError::BadRequest(ctx.t("error-admin-self")));
    }
    Ok(user)
}

pub async fn set_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let user = target(&state, &ctx, id).await?;
    let role = Role::parse(f.get("role"))
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-role-invalid")))?;
    let mut tx = state.db.tx().await?;
    sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
        .bind(role.as_str())
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        ctx.user_id(),
        "role_changed",
        &format!("user:{id}"),
        &ctx.ip,
        &format!("{} -> {}", user.role.as_str(), role.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(&state, &back(&f), "flash-saved"))
}

pub async fn set_active(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    target(&state, &ctx, id).await?;
    let active = match f.get("active") {
        "1" => 1i64,
        "0" => 0,
        _ => return Err(AppError::BadRequest(ctx.t("error-active-invalid"))),
    };
    let mut tx = state.db.tx().await?;
    sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
        .bind(active)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if active == 0 {
        session::delete_all_for_user(&mut *tx, id, None).await?;
    }
    let action = if active == 1 {
        "user_reactivated"
    } else {
        "user_deactivated"
    };
    audit::record(
        &mut *tx,
        ctx.user_id(),
        action,
        &format!("user:{id}"),
        &ctx.ip,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(&state, &back(&f), "flash-saved"))
}

pub async fn reset_totp(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    target(&state, &ctx, id).await?;
    let mut tx = state.db.tx().await?;
    sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    session::delete_all_for_user(&mut *tx, id, None).await?;
    audit::record(
        &mut *tx,
        ctx.user_id(),
        "totp_reset",
        &format!("user:{id}"),
        &ctx.ip,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(&state, &back(&f), "flash-saved"))
}

/// Returns to the search the admin came from.
fn back(f: &Fields) -> String {
    let q = f.get("q");
    if q.is_empty() {
        "/admin/users".into()
    } else {
        format!("/admin/users?q={}", crate::web::error::urlencode(q))
    }
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    pub action: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    pub ctx: Ctx,
    pub action: String,
    pub actions: Vec<String>,
    pub entries: Vec<audit::Entry>,
}

pub async fn audit_log(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let action = q.action.unwrap_or_default();
    let entries = audit::list(&state.db, &action, None, 500).await?;
    let actions = audit::actions(&state.db).await?;
    render(&AuditPage {
        ctx,
        action,
        actions,
        entries,
    })
}
