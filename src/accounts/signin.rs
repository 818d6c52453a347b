//! Sign-in, the second-factor step, and sign-out.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::{audit, email, email_tokens, link, model, password, start_session, totp};
use crate::{
    accounts::email_tokens::Purpose,
    app::AppState,
    mail,
    web::{
        context::{removal, Ctx},
        error::AppResult,
        form::{redirect_with_flash, safe_next, Fields, Form},
        pages::{render, render_status},
        ratelimit, session,
    },
};

#[derive(Template)]
#[template(path = "accounts/signin.html")]
pub struct SigninPage {
    pub ctx: Ctx,
    pub form: Form,
    pub next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    pub next: Option<String>,
}

pub async fn form(ctx: Ctx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref());
    if ctx.signed_in() {
        return Ok(Redirect::to(&next).into_response());
    }
    render(&SigninPage {
        ctx,
        form: Form::new(),
        next,
    })
}

pub async fn submit(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let mut form = f.form();
    let next = safe_next(Some(f.get("next")));
    let (addr, pw) = (f.text("email"), f.get("password"));
    if addr.is_empty() {
        form.add("email", ctx.t("error-email-required"));
    }
    if pw.is_empty() {
        form.add("password", ctx.t("error-password-required"));
    }
    if !form.is_ok() {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SigninPage { ctx, form, next },
        );
    }
    let ip_ok = ratelimit::hit(
        &state.db,
        &format!("signin:ip:{}", ctx.ip),
        &ratelimit::SIGNIN_PER_IP,
    )
    .await?;
    let acct_ok = ratelimit::hit(
        &state.db,
        &format!("signin:acct:{}", model::normalize_email(addr)),
        &ratelimit::SIGNIN_PER_ACCOUNT,
    )
    .await?;
    if !ip_ok || !acct_ok {
        audit::record(
            &state.db.pool,
            None,
            "signin_rate_limited",
            &model::normalize_email(addr),
            &ctx.ip,
            "",
        )
        .await?;
        form.general = Some(ctx.t("error-rate-limited"));
        return render_status(
            StatusCode::TOO_MANY_REQUESTS,
            &SigninPage { ctx, form, next },
        );
    }
    let user = model::by_email(&state.db.pool, addr).await?;
    let ok = match &user {
        Some(u) => password::verify(pw, &u.password_hash) && u.active,
        None => {
            password::verify_dummy(pw);
            false
        }
    };
    let Some(user) = user.filter(|_| ok) else {
        audit::record(
            &state.db.pool,
            None,
            "signin_failed",
            &model::normalize_email(addr),
            &ctx.ip,
            "",
        )
        .await?;
        form.general = Some(ctx.t("error-signin-failed"));
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SigninPage { ctx, form, next },
        );
    };
    if user.email_verified_at.is_none() {
        let mut tx = state.db.tx().await?;
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
        tx.commit().await?;
        form.general = Some(ctx.t("error-signin-unverified"));
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SigninPage { ctx, form, next },
        );
    }
    if user.totp_enabled() {
        let to = format!("/signin/totp?next={}", crate::web::error::urlencode(&next));
        return Ok(start_session(&state, &ctx, user.id, true, &to).await?);
    }
    audit::record(
        &state.db.pool,
        Some(user.id),
        "signin",
        &format!("user:{}", user.id),
        &ctx.ip,
        "",
    )
    .await?;
    let to = if state.cfg.require_totp_for_staff && user.role.is_privileged() {
        "/account/totp".to_string()
    } else {
        next
    };
    Ok(start_session(&state, &ctx, user.id, false, &to).await?)
}

#[derive(Template)]
#[template(path = "accounts/totp_challenge.html")]
pub struct TotpChallengePage {
    pub ctx: Ctx,
    pub form: Form,
    pub next: String,
}

pub async fn totp_form(ctx: Ctx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    if !ctx.mfa_pending {
        return Ok(Redirect::to("/signin").into_response());
    }
    let next = safe_next(q.next.as_deref());
    render(&TotpChallengePage {
        ctx,
        form: Form::new(),
        next,
    })
}

pub async fn totp_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    f: Fields,
) -> AppResult<Response> {
    let next = safe_next(Some(f.get("next")));
    let (Some(hash), Some(raw)) = (
        ctx.session_hash.clone(),
        jar.get(session::COOKIE).map(|c| c.value().to_string()),
    ) else {
        return Ok(Redirect::to("/signin").into_response());
    };
    if !ctx.mfa_pending {
        return Ok(Redirect::to(&next).into_response());
    }
    let mut form = f.form();
    if !ratelimit::hit(
        &state.db,
        &format!("totp:{hash}"),
        &ratelimit::TOTP_PER_SESSION,
    )
    .await?
    {
        form.general = Some(ctx.t("error-rate-limited"));
        return render_status(
            StatusCode::TOO_MANY_REQUESTS,
            &TotpChallengePage { ctx, form, next },
        );
    }
    let user_id: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT user_id FROM sessions WHERE id_hash = $1")
            .bind(&hash)
            .fetch_one(&state.db.pool)
            .await?,
        "user_id",
    )?;
    let user = model::by_id(&state.db.pool, user_id)
        .await?
        .ok_or(crate::web::error::AppError::Forbidden)?;
    if !totp::use_code(&state.db, &user, f.text("code")).await? {
        audit::record(
            &state.db.pool,
            Some(user.id),
            "signin_failed",
            &format!("user:{}", user.id),
            &ctx.ip,
            "second factor",
        )
        .await?;
        form.add("code", ctx.t("error-totp-wrong"));
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &TotpChallengePage { ctx, form, next },
        );
    }
    session::delete(&state.db, &raw).await?;
    audit::record(
        &state.db.pool,
        Some(user.id),
        "signin",
        &format!("user:{}", user.id),
        &ctx.ip,
        "with second factor",
    )
    .await?;
    Ok(start_session(&state, &ctx, user.id, false, &next).await?)
}

pub async fn signout(
    State(state): State<AppState>,
    jar: CookieJar,
    ctx: Ctx,
) -> AppResult<Response> {
    if let Some(c) = jar.get(session::COOKIE) {
        session::delete(&state.db, c.value()).await?;
    }
    if let Some(id) = ctx.user_id() {
        audit::record(
            &state.db.pool,
            Some(id),
            "signout",
            &format!("user:{id}"),
            &ctx.ip,
            "",
        )
        .await?;
    }
    let jar = CookieJar::new().add(removal(&state, session::COOKIE));
    Ok((jar, redirect_with_flash(&state, "/", "flash-signed-out")).into_response())
}
