//! Password reset by emailed link. The request answers the same for every address.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    audit, check_new_password, email, email_problem, email_tokens, link, model, password,
    signup::MessagePage,
};
use crate::{
    accounts::email_tokens::Purpose,
    app::AppState,
    mail,
    web::{
        context::Ctx,
        error::AppResult,
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
        ratelimit,
    },
};

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
pub struct ForgotPage {
    pub ctx: Ctx,
    pub form: Form,
}

pub async fn forgot_form(ctx: Ctx) -> AppResult<Response> {
    render(&ForgotPage {
        ctx,
        form: Form::new(),
    })
}

pub async fn forgot_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    f: Fields,
) -> AppResult<Response> {
    let mut form = f.form();
    let addr = f.text("email");
    if let Some(k) = email_problem(addr) {
        form.add("email", ctx.t(k));
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &ForgotPage { ctx, form });
    }
    let ip_ok = ratelimit::hit(
        &state.db,
        &format!("reset:ip:{}", ctx.ip),
        &ratelimit::RESET_PER_IP,
    )
    .await?;
    let acct_ok = ratelimit::hit(
        &state.db,
        &format!("reset:acct:{}", model::normalize_email(addr)),
        &ratelimit::RESET_PER_ACCOUNT,
    )
    .await?;
    if !ip_ok || !acct_ok {
        form.general = Some(ctx.t("error-rate-limited"));
        return render_status(StatusCode::TOO_MANY_REQUESTS, &ForgotPage { ctx, form });
    }
    let mut tx = state.db.tx().await?;
    if let Some(user) = model::by_email(&mut *tx, addr).await? {
        if user.active {
            let token = email_tokens::create(&mut *tx, user.id, Purpose::Reset, None).await?;
            let url = link(&state, &format!("/password/reset/{token}"));
            mail::queue(
                &mut *tx,
                email(
                    &ctx.lang,
                    &user.email,
                    "email-reset",
                    &[("name", &user.name), ("link", &url)],
                ),
            )
            .await?;
            audit::record(
                &mut *tx,
                Some(user.id),
                "password_reset_requested",
                &format!("user:{}", user.id),
                &ctx.ip,
                "",
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Redirect::to("/password/forgot/sent").into_response())
}

pub async fn forgot_sent(ctx: Ctx) -> AppResult<Response> {
    render(&MessagePage::new(
        ctx,
        "reset-sent-title",
        "reset-sent-body",
    ))
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
pub struct ResetPage {
    pub ctx: Ctx,
    pub form: Form,
    pub token: String,
}

fn invalid(ctx: Ctx) -> AppResult<Response> {
    let page = MessagePage::new(ctx, "reset-invalid-title", "reset-invalid-body")
        .link("/password/forgot", "reset-again-link");
    render_status(StatusCode::BAD_REQUEST, &page)
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if email_tokens::peek(&state.db.pool, &token, Purpose::Reset)
        .await?
        .is_none()
    {
        return invalid(ctx);
    }
    render(&ResetPage {
        ctx,
        form: Form::new(),
        token,
    })
}

pub async fn reset_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    f: Fields,
) -> AppResult<Response> {
    let Some(user_id) = email_tokens::peek(&state.db.pool, &token, Purpose::Reset).await? else {
        return invalid(ctx);
    };
    let user = model::by_id(&state.db.pool, user_id).await?;
    let Some(user) = user else {
        return invalid(ctx);
    };
    let mut form = f.form();
    check_new_password(
        &ctx,
        &mut form,
        "password",
        f.get("password"),
        &[&user.email, &user.name],
    );
    if !form.is_ok() {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetPage { ctx, form, token },
        );
    }
    let hash = password::hash(f.get("password"))?;
    let mut tx = state.db.tx().await?;
    if email_tokens::consume(&mut tx, &token, Purpose::Reset)
        .await?
        .is_none()
    {
        tx.rollback().await?;
        return invalid(ctx);
    }
    // Opening the link proved the address, so it counts as verified too.
    password::replace(&mut tx, user.id, &hash, true).await?;
    audit::record(
        &mut *tx,
        Some(user.id),
        "password_reset",
        &format!("user:{}", user.id),
        &ctx.ip,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        &state,
        "/signin",
        "flash-password-reset",
    ))
}
