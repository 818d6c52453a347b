//! The account page: profile, email and password changes, signing out everywhere, and
//! personal API tokens.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};

use super::{
    audit, check_new_password, email, email_problem, email_tokens, link, model, name_problem,
    password, signup::MessagePage, start_session, tokens,
};
use crate::{
    accounts::email_tokens::Purpose,
    app::AppState,
    db::{is_unique_violation, now},
    mail,
    orgs::model as orgs,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, with_flash, Fields, Form},
        pages::{render, render_status},
        session,
    },
};

#[derive(Template)]
#[template(path = "accounts/account.html")]
pub struct AccountPage {
    pub ctx: Ctx,
    pub profile: Form,
    pub email_form: Form,
    pub password_form: Form,
    pub sessions: i64,
    pub orgs: Vec<orgs::MyOrg>,
}

async fn account_page(
    state: &AppState,
    ctx: Ctx,
    profile: Option<Form>,
    email_form: Form,
    password_form: Form,
) -> AppResult<AccountPage> {
    let user = ctx.require_user()?.clone();
    let profile = profile.unwrap_or_else(|| Form::new().with("name", user.name.clone()));
    Ok(AccountPage {
        sessions: session::count_for_user(&state.db, user.id).await?,
        orgs: orgs::for_user(&state.db, user.id).await?,
        profile,
        email_form,
        password_form,
        ctx,
    })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    render(&account_page(&state, ctx, None, Form::new(), Form::new()).await?)
}

pub async fn update_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    f: Fields,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mut form = f.form();
    if let Some(k) = name_problem(f.text("name")) {
        form.add("name", ctx.t(k));
        let p = account_page(&state, ctx, Some(form), Form::new(), Form::new()).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    sqlx::query("UPDATE users SET name = $1, updated_at = $2 WHERE id = $3")
        .bind(f.text("name"))
        .bind(now())
        .bind(user.id)
        .execute(&state.db.pool)
        .await?;
    Ok(redirect_with_flash(&state, "/account", "flash-saved"))
}

/// Asks for the current password, then sends a confirmation link to the new address;
/// the change happens only when that link is opened.
pub async fn change_email(
    State(state): State<AppState>,
    ctx: Ctx,
    f: Fields,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mut form = f.form();
    let new = f.text("new_email");
    if let Some(k) = email_problem(new) {
        form.add("new_email", ctx.t(k));
    } else if model::normalize_email(new) == user.email {
        form.add("new_email", ctx.t("error-email-same"));
    }
    if !password::verify(f.get("current_password"), &user.password_hash) {
        form.add("current_password", ctx.t("error-password-wrong"));
    }
    if !form.is_ok() {
        let p = account_page(&state, ctx, None, form, Form::new()).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    let mut tx = state.db.tx().await?;
    let new = model::normalize_email(new);
    // Sent whether or not the new address is taken, so the form cannot be used to probe.
    if model::by_email(&mut *tx, &new).await?.is_none() {
        let token =
            email_tokens::create(&mut *tx, user.id, Purpose::ChangeEmail, Some(&new)).await?;
        let url = link(&state, &format!("/account/email/confirm/{token}"));
        mail::queue(
            &mut *tx,
            email(
                &ctx.lang,
                &new,
                "email-change-confirm",
                &[("name", &user.name), ("link", &url)],
            ),
        )
        .await?;
    }
    audit::record(
        &mut *tx,
        Some(user.id),
        "email_change_requested",
        &format!("user:{}", user.id),
        &ctx.ip,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        &state,
        "/account",
        "flash-email-change-sent",
    ))
}

pub async fn confirm_email(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let mut tx = state.db.tx().await?;
    let Some((user_id, Some(new))) =
        email_tokens::consume(&mut tx, &token, Purpose::ChangeEmail).await?
    else {
        tx.rollback().await?;
        return render_status(
            StatusCode::BAD_REQUEST,
            &MessagePage::new(ctx, "verify-invalid-title", "verify-invalid-body"),
        );
    };
    let old = model::by_id(&mut *tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let r = sqlx::query(
        "UPDATE users SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3",
    )
    .bind(&new)
    .bind(now())
    .bind(user_id)
    .execute(&mut *tx)
    .await;
    match r {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            return render_status(
                StatusCode::CONFLICT,
                &MessagePage::new(ctx, "email-taken-title", "email-taken-body"),
            );
        }
        Err(e) => return Err(e.into()),
    }
    mail::queue(
        &mut *tx,
        email(
            &ctx.lang,
            &old.email,
            "email-changed-notice",
            &[("name", &old.name), ("new", &new)],
        ),
    )
    .await?;
    audit::record(
        &mut *tx,
        Some(user_id),
        "email_changed",
        &format!("user:{user_id}"),
        &ctx.ip,
        "",
    )
    .await?;
    tx.commit().await?;
    render(
        &MessagePage::new(ctx, "email-changed-title", "email-changed-body")
            .link("/account", "nav-account"),
    )
}

/// Changes the password, ends every other session and gives this browser a new session id.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    f: Fields,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mut form = f.form();
    if !password::verify(f.get("current_password"), &user.password_hash) {
        form.add("current_password", ctx.t("error-password-wrong"));
    }
    check_new_password(
        &ctx,
        &mut form,
        "new_password",
        f.get("new_password"),
        &[&user.email, &user.name],
    );
    if !form.is_ok() {
        let p = account_page(&state, ctx, None, Form::new(), form).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    let hash = password::hash(f.get("new_password"))?;
    let mut tx = state.db.tx().await?;
    password::replace(&mut tx, user.id, &hash, false).await?;
    audit::record(
        &mut *tx,
        Some(user.id),
        "password_changed",
        &format!("user:{}", user.id),
        &ctx.ip,
        "",
    )
    .await?;
    tx.commit().await?;
    let resp = start_session(&state, &ctx, user.id, false, "/account").await?;
    Ok(with_flash(&state, resp, "flash-password-changed"))
}

pub async fn signout_everywhere(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let keep = ctx.session_hash.clone();
    let n = session::delete_all_for_user(&state.db.pool, user.id, keep.as_deref()).await?;
    audit::record(
        &state.db.pool,
        Some(user.id),
        "signout_everywhere",
        &format!("user:{}", user.id),
        &ctx.ip,
        &format!("{n} sessions"),
    )
    .await?;
    Ok(redirect_with_flash(
        &state,
        "/account",
        "flash-signed-out-elsewhere",
    ))
}

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
pub struct TokensPage {
    pub ctx: Ctx,
    pub form: Form,
    pub tokens: Vec<tokens::TokenInfo>,
    pub created: Option<String>,
}

pub async fn tokens_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let list = tokens::list(&state.db, user.id).await?;
    render(&TokensPage {
        ctx,
        form: Form::new(),
        tokens: list,
        created: None,
    })
}

pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    f: Fields,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mut form = f.form();
    let name = f.text("name");
    if name.is_empty() {
        form.add("name", ctx.t("error-token-name-required"));
    } else if name.chars().count() > 80 {
        form.add("name", ctx.t("error-token-name-long"));
    }
    if !form.is_ok() {
        let list = tokens::list(&state.db, user.id).await?;
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &TokensPage {
                ctx,
                form,
                tokens: list,
                created: None,
            },
        );
    }
    let (id, secret) = tokens::create(&state.db, user.id, name).await?;
    audit::record(
        &state.db.pool,
        Some(user.id),
        "token_created",
        &format!("token:{id}"),
        &ctx.ip,
        name,
    )
    .await?;
    let list = tokens::list(&state.db, user.id).await?;
    render(&TokensPage {
        ctx,
        form: Form::new(),
        tokens: list,
        created: Some(secret),
    })
}

pub async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    if !tokens::revoke(&state.db, user.id, id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &state.db.pool,
        Some(user.id),
        "token_revoked",
        &format!("token:{id}"),
        &ctx.ip,
        "",
    )
    .await?;
    Ok(redirect_with_flash(
        &state,
        "/account/tokens",
        "flash-token-revoked",
    ))
}
