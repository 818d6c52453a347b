//! Inviting colleagues by email, and accepting an invitation.
//!
//! An invitation is accepted by the account with the invited address, so a forwarded link
//! cannot add a stranger to a program's staff list.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use sqlx::Row;

use super::{
    model::{self, MemberRole},
    pages::show_page,
};
use crate::{
    accounts::{audit, email, email_problem, link, model::normalize_email},
    app::AppState,
    db::now,
    mail,
    util::{random_token, sha256_hex},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields},
        pages::{render, render_status},
        ratelimit,
    },
};

const INVITE_TTL: i64 = 14 * 86_400;

pub async fn invite(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mut form = f.form();
    let addr = normalize_email(f.text("email"));
    if let Some(k) = email_problem(&addr) {
        form.add("email", ctx.t(k));
    }
    let role = MemberRole::parse(f.text("role"));
    if role.is_none() {
        form.add("role", ctx.t("error-member-role"));
    }
    if form.is_ok() {
        let already = sqlx::query(
            "SELECT 1 AS one FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2",
        )
        .bind(org_id)
        .bind(&addr)
        .fetch_optional(&state.db.pool)
        .await?;
        if already.is_some() {
            form.add("email", ctx.t("error-invite-member"));
        }
    }
    if form.is_ok()
        && !ratelimit::hit(
            &state.db,
            &format!("invite:{}", user.id),
            &ratelimit::INVITE_PER_USER,
        )
        .await?
    {
        form.general = Some(ctx.t("error-rate-limited"));
        let page = show_page(&state, ctx, org_id, form).await?;
        return render_status(StatusCode::TOO_MANY_REQUESTS, &page);
    }
    if !form.is_ok() {
        let page = show_page(&state, ctx, org_id, form).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let role = role.unwrap_or(MemberRole::Member);
    let org = model::get(&state.db, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let raw = random_token();
    let t = now();
    let mut tx = state.db.tx().await?;
    // A new invitation replaces an outstanding one to the same address.
    sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE org_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(t)
        .bind(org_id)
        .bind(&addr)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query(
        "INSERT INTO invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(org_id)
    .bind(&addr)
    .bind(role.as_str())
    .bind(sha256_hex(&raw))
    .bind(user.id)
    .bind(t)
    .bind(t + INVITE_TTL)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    let url = link(&state, &format!("/invitations/{raw}"));
    let args = [
        ("inviter", user.name.as_str()),
        ("org", org.name.as_str()),
        ("link", url.as_str()),
    ];
    mail::queue(&mut *tx, email(&ctx.lang, &addr, "email-invite", &args)).await?;
    audit::record(
        &mut *tx,
        Some(user.id),
        "invitation_sent",
        &format!("org:{org_id}"),
        &ctx.ip,
        &format!("invitation:{id} {}", role.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/orgs/{org_id}"),
        "flash-invite-sent",
    ))
}

pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let r = sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(now())
        .bind(id)
        .bind(org_id)
        .execute(&state.db.pool)
        .await?;
    if r.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &state.db.pool,
        ctx.user_id(),
        "invitation_revoked",
        &format!("org:{org_id}"),
        &ctx.ip,
        &format!("invitation:{id}"),
    )
    .await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/orgs/{org_id}"),
        "flash-invite-revoked",
    ))
}

#[derive(Template)]
#[template(path = "orgs/invitation.html")]
pub struct InvitationPage {
    pub ctx: Ctx,
    pub token: String,
    pub org_name: String,
    pub email: String,
    pub role: String,
    /// Signed in as someone other than the invited address.
    pub wrong_account: bool,
}

async fn find(state: &AppState, token: &str) -> AppResult<Option<(model::Invitation, String)>> {
    let row = sqlx::query(
        "SELECT i.id, i.org_id, i.email, i.role, i.created_at, i.expires_at, o.name AS org_name \
         FROM invitations i JOIN organizations o ON o.id = i.org_id \
         WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2",
    )
    .bind(sha256_hex(token))
    .bind(now())
    .fetch_optional(&state.db.pool)
    .await?;
    match row {
        Some(r) => Ok(Some((
            model::invitation_from_row(&r)?,
            r.try_get("org_name")?,
        ))),
        None => Ok(None),
    }
}

fn invalid(ctx: Ctx) -> AppResult<Response> {
    let page = crate::accounts::signup::MessagePage::new(
        ctx,
        "invite-invalid-title",
        "invite-invalid-body",
    );
    render_status(StatusCode::NOT_FOUND, &page)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Some((inv, org_name)) = find(&state, &token).await? else {
        return invalid(ctx);
    };
    let wrong_account = ctx.user.as_ref().is_some_and(|u| u.email != inv.email);
    render(&InvitationPage {
        role: ctx.t(&format!("member-role-{}", inv.role.as_str())),
        ctx,
        token,
        org_name,
        email: inv.email,
        wrong_account,
    })
}

pub async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let Some((inv, org_name)) = find(&state, &token).await? else {
        return invalid(ctx);
    };
    if user.email != inv.email {
        let role = ctx.t(&format!("member-role-{}", inv.role.as_str()));
        let page = InvitationPage {
            ctx,
            token,
            org_name,
            email: inv.email,
            role,
            wrong_account: true,
        };
        return render_status(StatusCode::FORBIDDEN, &page);
    }
    let t = now();
    let mut tx = state.db.tx().await?;
    let used = sqlx::query("UPDATE invitations SET accepted_at = $1, accepted_by = $2 WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(t)
        .bind(user.id)
        .bind(inv.id)
        .execute(&mut *tx)
        .await?;
    if used.rows_affected() == 0 {
        tx.rollback().await?;
        return invalid(ctx);
    }
    // Already a member: the invitation is used up and nothing else changes. (A failed
    // insert would abort the whole transaction on PostgreSQL, so ask for no conflict.)
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, user_id) DO NOTHING",
    )
    .bind(inv.org_id)
    .bind(user.id)
    .bind(inv.role.as_str())
    .bind(t)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Some(user.id),
        "invitation_accepted",
        &format!("org:{}", inv.org_id),
        &ctx.ip,
        &format!("invitation:{}", inv.id),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/orgs/{}", inv.org_id),
        "flash-invite-accepted",
    ))
}
