//! The contact form: a message to the institute, queued as an email to `contact_email`
//! with the sender's address as Reply-To, so staff answer from their own mail program.

use askama::Template;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::{
    accounts::{email_problem, name_problem, signup::MessagePage},
    app::AppState,
    mail::{self, Email},
    web::{
        context::Ctx,
        error::AppResult,
        form::{Fields, Form},
        pages::{render, render_status},
        ratelimit,
    },
};

/// Topic codes, in the order the form offers them; `contact-topic-<code>` is the label.
pub const TOPICS: [&str; 5] = ["training", "course", "assistance", "press", "other"];
pub const MAX_MESSAGE: usize = 5000;

#[derive(Template)]
#[template(path = "site/contact.html")]
pub struct ContactPage {
    pub ctx: Ctx,
    pub form: Form,
    pub contact_email: String,
    pub topics: [&'static str; 5],
}

#[derive(Deserialize)]
pub struct Preset {
    pub topic: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<Preset>,
) -> AppResult<Response> {
    let mut form = Form::new();
    if let Some(t) = q.topic.filter(|t| TOPICS.contains(&t.as_str())) {
        form = form.with("topic", t);
    }
    // A signed-in person need not type who they are.
    if let Some(u) = &ctx.user {
        form = form
            .with("name", u.name.clone())
            .with("email", u.email.clone());
    }
    render(&ContactPage {
        ctx,
        form,
        contact_email: state.cfg.contact_email.clone(),
        topics: TOPICS,
    })
}

/// What is wrong with a message; the message key.
pub fn message_problem(text: &str) -> Option<&'static str> {
    let n = text.trim().chars().count();
    if n == 0 {
        Some("error-contact-message-required")
    } else if n > MAX_MESSAGE {
        Some("error-contact-message-long")
    } else {
        None
    }
}

pub async fn submit(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let mut form = f.form();
    let (name, addr, topic, text) = (
        f.text("name"),
        f.text("email"),
        f.text("topic"),
        f.get("message"),
    );
    let page = |ctx, form| ContactPage {
        ctx,
        form,
        contact_email: state.cfg.contact_email.clone(),
        topics: TOPICS,
    };
    if !ratelimit::hit(
        &state.db,
        &format!("contact:ip:{}", ctx.ip),
        &ratelimit::CONTACT_PER_IP,
    )
    .await?
    {
        form.general = Some(ctx.t("error-rate-limited"));
        return render_status(StatusCode::TOO_MANY_REQUESTS, &page(ctx, form));
    }
    if let Some(k) = name_problem(name) {
        form.add("name", ctx.t(k));
    }
    if let Some(k) = email_problem(addr) {
        form.add("email", ctx.t(k));
    }
    if !TOPICS.contains(&topic) {
        form.add("topic", ctx.t("error-contact-topic"));
    }
    if let Some(k) = message_problem(text) {
        form.add("message", ctx.ta(k, &[("max", &MAX_MESSAGE.to_string())]));
    }
    if !form.is_ok() {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, form));
    }
    // The institute's staff read it in the site's default language.
    let lang = crate::i18n::Lang::default();
    let topic_label = lang.t(&format!("contact-topic-{topic}"));
    let args = [
        ("name", name),
        ("email", addr),
        ("topic", topic_label.as_str()),
        ("message", text.trim()),
    ];
    let mut email = Email::new(
        state.cfg.contact_email.trim(),
        lang.ta("email-contact-subject", &args),
        lang.ta("email-contact-body", &args),
    );
    email.reply_to = Some(addr.to_string());
    let mut tx = state.db.tx().await?;
    mail::queue(&mut *tx, email).await?;
    tx.commit().await?;
    Ok(Redirect::to("/contact/sent").into_response())
}

pub async fn sent(ctx: Ctx) -> AppResult<Response> {
    render(
        &MessagePage::new(ctx, "contact-sent-title", "contact-sent-body")
            .link("/", "contact-sent-home"),
    )
}
