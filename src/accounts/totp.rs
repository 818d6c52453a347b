//! The optional second factor: time-based one-time codes (RFC 6238) from any
//! authenticator app.
//!
//! Staff and admins cannot turn it off themselves once it is on (an admin can reset it),
//! and with `require_totp_for_staff` they must set it up before using tta.

use askama::Template;
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use rand::RngCore;
use totp_rs::{Algorithm, TOTP};

use super::{audit, password};
use crate::{
    app::AppState,
    db::now,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

fn totp_for(secret_b32: &str, email: &str) -> Option<TOTP> {
    let bytes = data_encoding::BASE32_NOPAD
        .decode(secret_b32.as_bytes())
        .ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some("tta".to_string()),
        email.to_string(),
    )
    .ok()
}

pub fn new_secret() -> String {
    let mut b = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut b);
    data_encoding::BASE32_NOPAD.encode(&b)
}

/// Accepts the current code and one step either side, for clocks that drift.
pub fn check(secret_b32: &str, code: &str, email: &str) -> bool {
    matching_step(secret_b32, code, email).is_some()
}

/// The 30-second time step the code belongs to, if it is valid now.
pub fn matching_step(secret_b32: &str, code: &str, email: &str) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let totp = totp_for(secret_b32, email)?;
    let now = crate::db::now();
    let step = now / 30;
    [step - 1, step, step + 1]
        .into_iter()
        .find(|s| crate::util::constant_eq(&totp.generate((*s * 30) as u64), &code))
}

/// Checks a sign-in code and uses it up: a code (or an older one) cannot be accepted twice,
/// so one seen over someone's shoulder or in a proxy log is worthless afterwards.
pub async fn use_code(
    db: &crate::db::Db,
    user: &crate::accounts::model::User,
    code: &str,
) -> sqlx::Result<bool> {
    let Some(step) = matching_step(user.totp_secret.as_deref().unwrap_or(""), code, &user.email)
    else {
        return Ok(false);
    };
    let r = sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
        .bind(step)
        .bind(user.id)
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// The current code for a secret (used by the tests).
pub fn current_code(secret_b32: &str) -> Option<String> {
    totp_for(secret_b32, "x@example.org").and_then(|t| t.generate_current().ok())
}

/// The code of the time step after the current one, which is still accepted (clock drift).
pub fn next_code(secret_b32: &str) -> Option<String> {
    totp_for(secret_b32, "x@example.org")
        .map(|t| t.generate(((crate::db::now() / 30 + 1) * 30) as u64))
}

fn qr_data_url(uri: &str) -> String {
    use base64::Engine;
    let svg = qrcode::QrCode::new(uri.as_bytes())
        .map(|c| {
            c.render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .build()
        })
        .unwrap_or_default();
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

#[derive(Template)]
#[template(path = "accounts/totp.html")]
pub struct TotpPage {
    pub ctx: Ctx,
    pub form: Form,
    pub enabled: bool,
    pub can_disable: bool,
    pub secret: String,
    pub qr: String,
}

async fn page(state: &AppState, ctx: Ctx, form: Form) -> AppResult<TotpPage> {
    let user = ctx.require_user()?.clone();
    let enabled = user.totp_enabled();
    let (mut secret, mut qr) = (String::new(), String::new());
    if !enabled {
        // Keep one pending secret until it is confirmed, so reloading the page does not
        // invalidate what the user already scanned.
        let s = match user.totp_pending_secret.clone() {
            Some(s) => s,
            None => {
                let s = new_secret();
                sqlx::query("UPDATE users SET totp_pending_secret = $1 WHERE id = $2")
                    .bind(&s)
                    .bind(user.id)
                    .execute(&state.db.pool)
                    .await?;
                s
            }
        };
        if let Some(t) = totp_for(&s, &user.email) {
            qr = qr_data_url(&t.get_url());
        }
        secret = s;
    }
    Ok(TotpPage {
        can_disable: enabled && !user.role.is_privileged(),
        enabled,
        secret,
        qr,
        form,
        ctx,
    })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    render(&page(&state, ctx, Form::new()).await?)
}

pub async fn enable(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mut form = f.form();
    let pending = user.totp_pending_secret.clone().unwrap_or_default();
    if user.totp_enabled() {
        return Ok(Redirect::to("/account/totp").into_response());
    }
    let Some(step) = matching_step(&pending, f.text("code"), &user.email) else {
        form.add("code", ctx.t("error-totp-wrong"));
        let p = page(&state, ctx, form).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    let mut tx = state.db.tx().await?;
    // The code used to turn it on is used up too.
    sqlx::query("UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = $1, totp_last_step = $2, updated_at = $1 WHERE id = $3")
        .bind(now())
        .bind(step)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Some(user.id),
        "totp_enabled",
        &format!("user:{}", user.id),
        &ctx.ip,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        &state,
        "/account",
        "flash-totp-enabled",
    ))
}

pub async fn disable(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    if !user.totp_enabled() {
        return Ok(Redirect::to("/account/totp").into_response());
    }
    if user.role.is_privileged() {
        return Err(AppError::Forbidden);
    }
    let mut form = f.form();
    if !password::verify(f.get("password"), &user.password_hash) {
        form.add("password", ctx.t("error-password-wrong"));
    }
    if !check(
        user.totp_secret.as_deref().unwrap_or(""),
        f.text("code"),
        &user.email,
    ) {
        form.add("code", ctx.t("error-totp-wrong"));
    }
    if !form.is_ok() {
        let p = page(&state, ctx, form).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    let mut tx = state.db.tx().await?;
    sqlx::query("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Some(user.id),
        "totp_disabled",
        &format!("user:{}", user.id),
        &ctx.ip,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        &state,
        "/account",
        "flash-totp-disabled",
    ))
}
