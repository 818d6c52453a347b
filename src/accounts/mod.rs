//! Accounts: sign-up, sign-in, second factor, password reset, profile, API tokens,
//! data export and deletion, and the admin's view of users and the audit log.

pub mod admin;
pub mod audit;
pub mod data;
pub mod devices;
pub mod email_tokens;
pub mod export;
pub mod model;
pub mod password;
pub mod reset;
pub mod settings;
pub mod signin;
pub mod signup;
pub mod tokens;
pub mod totp;

use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;

use crate::{
    app::AppState,
    i18n::Lang,
    mail::Email,
    web::{
        context::{cookie, Ctx},
        form::Form,
        session,
    },
};

/// Checks an email address; returns the message key of what is wrong.
pub fn email_problem(email: &str) -> Option<&'static str> {
    let e = email.trim();
    if e.is_empty() {
        Some("error-email-required")
    } else if e.len() > 254 || !email_address::EmailAddress::is_valid(e) || !e.contains('.') {
        Some("error-email-invalid")
    } else {
        None
    }
}

pub fn name_problem(name: &str) -> Option<&'static str> {
    let n = name.trim();
    if n.is_empty() {
        Some("error-name-required")
    } else if n.chars().count() > 120 {
        Some("error-name-long")
    } else if n.chars().any(|c| c.is_control()) {
        Some("error-name-invalid")
    } else {
        None
    }
}

/// Adds the password-policy message for `field`, if any.
pub fn check_new_password(ctx: &Ctx, form: &mut Form, field: &str, pw: &str, context: &[&str]) {
    if let Err(w) = password::check_policy(pw, context) {
        let msg = ctx.ta(w.message_key(), &[("min", &password::MIN_LEN.to_string())]);
        form.add(field, msg);
    }
}

/// Starts a fresh session (a new id every time, so a planted cookie is useless) and
/// sends the browser on.
pub async fn start_session(
    state: &AppState,
    ctx: &Ctx,
    user_id: i64,
    mfa_pending: bool,
    next: &str,
) -> anyhow::Result<Response> {
    let raw = session::create(&state.db, user_id, mfa_pending, &ctx.ip, &ctx.user_agent).await?;
    let jar = CookieJar::new().add(cookie(state, session::COOKIE, raw));
    Ok((jar, Redirect::to(next)).into_response())
}

/// A link into tta for emails.
pub fn link(state: &AppState, path: &str) -> String {
    format!("{}{}", state.cfg.base_url, path)
}

/// Builds an email whose subject and body are Fluent messages `<key>-subject` / `<key>-body`.
pub fn email(lang: &Lang, to: &str, key: &str, args: &[(&str, &str)]) -> Email {
    Email::new(
        to,
        lang.ta(&format!("{key}-subject"), args),
        lang.ta(&format!("{key}-body"), args),
    )
}
