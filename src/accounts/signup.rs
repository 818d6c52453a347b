//! Sign-up with email verification.
//!
//! The answer to a sign-up is the same whether or not the address already has an
//! account; the owner of an existing account gets an email saying someone tried.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{email, email_problem, email_tokens, link, model, name_problem, password};
use crate::{
    accounts::{audit, check_new_password, email_tokens::Purpose},
    app::AppState,
    db::is_unique_violation,
    mail,
    web::{
        context::Ctx,
        error::AppResult,
        form::{Fields, Form},
        pages::{render, render_status},
        ratelimit,
    },
};

#[derive(Template)]
#[template(path = "accounts/signup.html")]
pub struct SignupPage {
    pub ctx: Ctx,
    pub form: Form,
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub ctx: Ctx,
    pub title: String,
    pub body: String,
    pub link_href: String,
    pub link_text: String,
}

impl MessagePage {
    pub fn new(ctx: Ctx, title_key: &str, body_key: &str) -> MessagePage {
        MessagePage {
            title: ctx.t(title_key),
            body: ctx.t(body_key),
            link_href: String::new(),
            link_text: String::new(),
            ctx,
        }
    }
    pub fn link(mut self, href: &str, text_key: &str) -> MessagePage {
        self.link_href = href.to_string();
        self.link_text = self.ctx.t(text_key);
        self
    }
}

pub async fn form(ctx: Ctx) -> AppResult<Response> {
    if ctx.signed_in() {
        return Ok(Redirect::to("/account").into_response());
    }
    render(&SignupPage {
        ctx,
        form: Form::new(),
    })
}

pub async fn submit(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let mut form = f.form();
    let (name, addr, pw) = (f.text("name"), f.text("email"), f.get("password"));
    if !ratelimit::hit(
        &state.db,
        &format!("signup:ip:{}", ctx.ip),
        &ratelimit::SIGNUP_PER_IP,
    )
    .await?
    {
        form.general = Some(ctx.t("error-rate-limited"));
        return render_status(StatusCode::TOO_MANY_REQUESTS, &SignupPage { ctx, form });
    }
    if let Some(k) = name_problem(name) {
        form.add("name", ctx.t(k));
    }
    if let Some(k) = email_problem(addr) {
        form.add("email", ctx.t(k));
    }
    check_new_password(&ctx, &mut form, "password", pw, &[addr, name]);
    if !form.is_ok() {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &SignupPage { ctx, form });
    }
    // Hash before looking the address up, so both paths take the same time.
    let hash = password::hash(pw)?;
    let mut tx = state.db.tx().await?;
    let existing = model::by_email(&mut *tx, addr).await?;
    match existing {
        Some(user) => {
            let args = [
                ("name", user.name.as_str()),
                ("signin", &link(&state, "/signin")),
                ("reset", &link(&state, "/password/forgot")),
            ];
            mail::queue(
                &mut *tx,
                email(&ctx.lang, &user.email, "email-signup-exists", &args),
            )
            .await?;
        }
        None => {
            let new = model::NewUser {
                email: addr,
                name,
                password_hash: &hash,
                role: model::Role::Learner,
                verified: false,
            };
            let id = match model::insert(&mut *tx, new).await {
                Ok(id) => id,
                // Someone signed up with this address a moment ago: answer as for any address.
                Err(e) if is_unique_violation(&e) => {
                    return Ok(Redirect::to("/signup/sent").into_response())
                }
                Err(e) => return Err(e.into()),
            };
            let token = email_tokens::create(&mut *tx, id, Purpose::Verify, None).await?;
            let url = link(&state, &format!("/verify/{token}"));
            mail::queue(
                &mut *tx,
                email(
                    &ctx.lang,
                    addr,
                    "email-verify",
                    &[("name", name), ("link", &url)],
                ),
            )
            .await?;
            audit::record(
                &mut *tx,
                Some(id),
                "signup",
                &format!("user:{id}"),
                &ctx.ip,
                "",
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Redirect::to("/signup/sent").into_response())
}

pub async fn sent(ctx: Ctx) -> AppResult<Response> {
    render(&MessagePage::new(
        ctx,
        "signup-sent-title",
        "signup-sent-body",
    ))
}

pub async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let mut tx = state.db.tx().await?;
    let Some((user_id, _)) = email_tokens::consume(&mut tx, &token, Purpose::Verify).await? else {
        tx.rollback().await?;
        let page = MessagePage::new(ctx, "verify-invalid-title", "verify-invalid-body")
            .link("/verify", "verify-resend-link");
        return render_status(StatusCode::BAD_REQUEST, &page);
    };
    sqlx::query("UPDATE users SET email_verified_at = $1, updated_at = $1 WHERE id = $2 AND email_verified_at IS NULL")
        .bind(crate::db::now())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Some(user_id),
        "email_verified",
        &format!("user:{user_id}"),
        &ctx.ip,
        "",
    )
    .await?;
    tx.commit().await?;
    render(
        &MessagePage::new(ctx, "verify-done-title", "verify-done-body")
            .link("/signin", "nav-signin"),
    )
}

#[derive(Template)]
#[template(path = "accounts/resend.html")]
pub struct ResendPage {
    pub ctx: Ctx,
    pub form: Form,
}

pub async fn resend_form(ctx: Ctx) -> AppResult<Response> {
    render(&ResendPage {
        ctx,
        form: Form::new(),
    })
}

/// Sends a new verification link when the address has an unverified account; the answer
/// is the same either way.
pub async fn resend(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let mut form = f.form();
    let addr = f.text("email");
    if let Some(k) = email_problem(addr) {
        form.add("email", ctx.t(k));
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &ResendPage { ctx, form });
    }
    if !ratelimit::hit(
        &state.db,
        &format!("reset:ip:{}", ctx.ip),
        &ratelimit::RESET_PER_IP,
    )
    .await?
    {
        form.general = Some(ctx.t("error-rate-limited"));
        return render_status(StatusCode::TOO_MANY_REQUESTS, &ResendPage { ctx, form });
    }
    let mut tx = state.db.tx().await?;
    if let Some(user) = model::by_email(&mut *tx, addr).await? {
        if user.email_verified_at.is_none() && user.active {
            let token = email_tokens::create(&mut *tx, user.id, Purpose::Verify, None).await?;
            let url = link(&state, &format!("/verify/{token}"));
            mail::queue(
                &mut *tx,
                email(
                    &ctx.lang,
                    &user.email,
                    "email-verify",
                    &[("name", &user.name), ("link", &url)],
                ),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Redirect::to("/signup/sent").into_response())
}
