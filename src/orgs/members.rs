//! Managing an organization's members: change a role, remove someone, leave.
//! An organization always keeps at least one manager.

use axum::{
    extract::{Path, State},
    response::Response,
};
use sqlx::Row;

use super::model::{self, MemberRole};
use crate::{
    accounts::audit,
    app::AppState,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields},
    },
};

/// Locks the organization for the rest of the transaction, so two managers demoting or
/// removing each other at once cannot both see "there is another manager".
async fn lock_org(state: &AppState, tx: &mut crate::db::Tx, org_id: i64) -> AppResult<()> {
    let sql = format!(
        "SELECT id FROM organizations WHERE id = $1 {}",
        state.db.for_update()
    );
    sqlx::query(&sql)
        .bind(org_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(())
}

async fn manager_count(tx: &mut crate::db::Tx, org_id: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM memberships WHERE org_id = $1 AND role = 'manager'")
        .bind(org_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")
}

async fn role_of(tx: &mut crate::db::Tx, org_id: i64, user_id: i64) -> AppResult<MemberRole> {
    let row = sqlx::query("SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(MemberRole::parse(&row.try_get::<String, _>("role")?).unwrap_or(MemberRole::Member))
}

pub async fn set_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, user_id)): Path<(i64, i64)>,
    f: Fields,
) -> AppResult<Response> {
    let role = MemberRole::parse(f.text("role"))
        .ok_or_else(|| AppError::BadRequest(ctx.t("error-member-role")))?;
    let mut tx = state.db.tx().await?;
    lock_org(&state, &mut tx, org_id).await?;
    let current = role_of(&mut tx, org_id, user_id).await?;
    if current == MemberRole::Manager
        && role == MemberRole::Member
        && manager_count(&mut tx, org_id).await? <= 1
    {
        return Err(AppError::BadRequest(ctx.t("error-last-manager")));
    }
    sqlx::query("UPDATE memberships SET role = $1 WHERE org_id = $2 AND user_id = $3")
        .bind(role.as_str())
        .bind(org_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        ctx.user_id(),
        "member_role_changed",
        &format!("org:{org_id}"),
        &ctx.ip,
        &format!("user:{user_id} {} -> {}", current.as_str(), role.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/orgs/{org_id}"),
        "flash-saved",
    ))
}

async fn remove_member(
    state: &AppState,
    ctx: &Ctx,
    org_id: i64,
    user_id: i64,
    action: &str,
) -> AppResult<()> {
    let mut tx = state.db.tx().await?;
    lock_org(state, &mut tx, org_id).await?;
    let current = role_of(&mut tx, org_id, user_id).await?;
    if current == MemberRole::Manager && manager_count(&mut tx, org_id).await? <= 1 {
        return Err(AppError::BadRequest(ctx.t("error-last-manager")));
    }
    sqlx::query("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        ctx.user_id(),
        action,
        &format!("org:{org_id}"),
        &ctx.ip,
        &format!("user:{user_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, user_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    remove_member(&state, &ctx, org_id, user_id, "member_removed").await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/orgs/{org_id}"),
        "flash-member-removed",
    ))
}

pub async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
) -> AppResult<Response> {
    let user_id = ctx.require_user()?.id;
    if model::membership(&state.db, org_id, user_id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    remove_member(&state, &ctx, org_id, user_id, "member_left").await?;
    Ok(redirect_with_flash(&state, "/orgs", "flash-org-left"))
}
