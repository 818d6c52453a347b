//! Sign-in, the second-factor step, and sign-out.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::{audit, devices, email, email_tokens, link, model, password, start_session, totp};
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

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    f: Fields,
) -> AppResult<Response> {
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
    // Guessing is limited per address and per account-and-address: neither lets a stranger
    // lock a person out, because the person is not signing in from the stranger's address.
    let account = model::normalize_email(addr);
    let ip_ok = ratelimit::hit(
        &state.db,
        &format!("signin:ip:{}", ctx.ip),
        &ratelimit::SIGNIN_PER_IP,
    )
    .await?;
    let pair_ok = ratelimit::hit(
        &state.db,
        &format!("signin:pair:{account}:{}", ctx.ip),
        &ratelimit::SIGNIN_PER_ACCOUNT_AND_IP,
    )
    .await?;
    if !ip_ok || !pair_ok {
        audit::record(
            &state.db.pool,
            None,
            "signin_rate_limited",
            &account,
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
    let failures_key = format!("signin:fail:{account}");
    let strained = ratelimit::used(
        &state.db,
        &failures_key,
        &ratelimit::SIGNIN_FAILURES_PER_ACCOUNT,
    )
    .await?
        >= ratelimit::SIGNIN_FAILURES_PER_ACCOUNT.max;
    let user = model::by_email(&state.db.pool, addr).await?;
    let ok = match &user {
        Some(u) => password::verify(pw, &u.password_hash) && u.active,
        None => {
            password::verify_dummy(pw);
            false
        }
    };
    // An account drawing failures from many addresses: a device that has signed in to it
    // before goes on as usual; any other gets the same answer whether the password was right
    // or not (so the answer confirms nothing to a guesser), and, when it was, a link by email.
    let known = user
        .as_ref()
        .is_some_and(|u| devices::is_known(&state, &jar, u));
    if strained && !known {
        if let Some(u) = user
            .as_ref()
            .filter(|u| ok && u.email_verified_at.is_some())
        {
            send_signin_link(&state, &ctx, u, &next).await?;
            audit::record(
                &state.db.pool,
                Some(u.id),
                "signin_link_sent",
                &format!("user:{}", u.id),
                &ctx.ip,
                "",
            )
            .await?;
        } else {
            ratelimit::hit(
                &state.db,
                &failures_key,
                &ratelimit::SIGNIN_FAILURES_PER_ACCOUNT,
            )
            .await?;
            audit::record(&state.db.pool, None, "signin_failed", &account, &ctx.ip, "").await?;
        }
        let form = Form::from_pairs([("email", addr)]);
        return render(&SigninLinkSentPage { ctx, form });
    }
    let Some(user) = user.filter(|_| ok) else {
        ratelimit::hit(
            &state.db,
            &failures_key,
            &ratelimit::SIGNIN_FAILURES_PER_ACCOUNT,
        )
        .await?;
        audit::record(&state.db.pool, None, "signin_failed", &account, &ctx.ip, "").await?;
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
    finish_signin(&state, &ctx, &jar, &user, next, "").await
}

/// Starts the session for a person whose password (or emailed link) checked out: the second
/// factor next when they have one, and this browser remembered as theirs.
async fn finish_signin(
    state: &AppState,
    ctx: &Ctx,
    jar: &CookieJar,
    user: &model::User,
    next: String,
    how: &str,
) -> AppResult<Response> {
    let known = CookieJar::new().add(devices::remember(state, jar, user));
    if user.totp_enabled() {
        let to = format!("/signin/totp?next={}", crate::web::error::urlencode(&next));
        return Ok((known, start_session(state, ctx, user.id, true, &to).await?).into_response());
    }
    audit::record(
        &state.db.pool,
        Some(user.id),
        "signin",
        &format!("user:{}", user.id),
        &ctx.ip,
        how,
    )
    .await?;
    let to = if state.cfg.require_totp_for_staff && user.role.is_privileged() {
        "/account/totp".to_string()
    } else {
        next
    };
    Ok((known, start_session(state, ctx, user.id, false, &to).await?).into_response())
}

async fn send_signin_link(
    state: &AppState,
    ctx: &Ctx,
    user: &model::User,
    next: &str,
) -> AppResult<()> {
    let mut tx = state.db.tx().await?;
    let token = email_tokens::create(&mut *tx, user.id, Purpose::Signin, None).await?;
    let url = link(
        state,
        &format!(
            "/signin/link/{token}?next={}",
            crate::web::error::urlencode(next)
        ),
    );
    mail::queue(
        &mut *tx,
        email(
            &ctx.lang,
            &user.email,
            "email-signin-link",
            &[("name", &user.name), ("link", &url)],
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Template)]
#[template(path = "accounts/signin_link_sent.html")]
pub struct SigninLinkSentPage {
    pub ctx: Ctx,
    pub form: Form,
}

#[derive(Template)]
#[template(path = "accounts/signin_link.html")]
pub struct SigninLinkPage {
    pub ctx: Ctx,
    pub token: String,
    pub next: String,
    pub valid: bool,
}

/// The emailed link shows a button rather than signing in on a GET, so a mail scanner that
/// opens links does not use it up.
pub async fn link_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let valid = email_tokens::peek(&state.db.pool, &token, Purpose::Signin)
        .await?
        .is_some();
    let next = safe_next(q.next.as_deref());
    let page = SigninLinkPage {
        ctx,
        token,
        next,
        valid,
    };
    if valid {
        render(&page)
    } else {
        render_status(StatusCode::GONE, &page)
    }
}

pub async fn link_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(token): Path<String>,
    f: Fields,
) -> AppResult<Response> {
    let next = safe_next(Some(f.get("next")));
    let mut tx = state.db.tx().await?;
    let used = email_tokens::consume(&mut tx, &token, Purpose::Signin).await?;
    tx.commit().await?;
    let user = match used {
        Some((id, _)) => model::by_id(&state.db.pool, id).await?.filter(|u| u.active),
        None => None,
    };
    let Some(user) = user else {
        return render_status(
            StatusCode::GONE,
            &SigninLinkPage {
                ctx,
                token,
                next,
                valid: false,
            },
        );
    };
    finish_signin(&state, &ctx, &jar, &user, next, "with an emailed link").await
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
