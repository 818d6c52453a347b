//! Pages about the institute and tta itself: who runs it (about), how to reach them
//! (contact, with a form that emails the institute), and what tta keeps about people
//! (privacy), which states the retention figures the code actually uses.

pub mod contact;

use askama::Template;
use axum::{extract::State, response::Response};

use crate::{
    accounts::email_tokens::Purpose,
    app::AppState,
    web::{context::Ctx, error::AppResult, pages::render},
};

#[derive(Template)]
#[template(path = "site/about.html")]
pub struct AboutPage {
    pub ctx: Ctx,
}

pub async fn about(ctx: Ctx) -> AppResult<Response> {
    render(&AboutPage { ctx })
}

/// Durations as the privacy page states them, taken from the settings and constants the
/// code runs on, so the page cannot promise what tta does not do.
pub struct Retention {
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub verify_link_hours: i64,
    pub reset_link_minutes: i64,
    pub change_email_link_hours: i64,
}

impl Retention {
    pub fn of(state: &AppState) -> Retention {
        Retention {
            session_idle_minutes: state.cfg.session_idle_minutes,
            session_absolute_hours: state.cfg.session_absolute_hours,
            verify_link_hours: Purpose::Verify.ttl() / 3600,
            reset_link_minutes: Purpose::Reset.ttl() / 60,
            change_email_link_hours: Purpose::ChangeEmail.ttl() / 3600,
        }
    }
}

#[derive(Template)]
#[template(path = "site/privacy.html")]
pub struct PrivacyPage {
    pub ctx: Ctx,
    pub keep: Retention,
    pub contact_email: String,
}

pub async fn privacy(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    render(&PrivacyPage {
        ctx,
        keep: Retention::of(&state),
        contact_email: state.cfg.contact_email.clone(),
    })
}
