//! Outgoing email. Messages are queued as jobs (so a registration is never lost because
//! the mail server was down) and delivered by SMTP, or written as `.eml` files to the
//! outbox folder when no SMTP server is configured.

use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::Config;

pub const JOB_KIND: &str = "email";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// Files sent with the message, such as a calendar invitation. Absent in jobs queued
    /// before attachments existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// Where a reply goes when it is not the sender (a message from the contact form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
}

/// A text attachment (tta only attaches text formats such as iCalendar).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Attachment {
    pub filename: String,
    /// e.g. `text/calendar; charset=utf-8; method=REQUEST`
    pub content_type: String,
    pub content: String,
}

impl Email {
    pub fn new(
        to: impl Into<String>,
        subject: impl Into<String>,
        text: impl Into<String>,
    ) -> Email {
        Email {
            to: to.into(),
            subject: subject.into(),
            text: text.into(),
            attachments: Vec::new(),
            reply_to: None,
        }
    }
}

pub enum Transport {
    Outbox(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl Mailer {
    pub fn new(cfg: &Config) -> anyhow::Result<Mailer> {
        let from: Mailbox = cfg
            .mail_from
            .parse()
            .map_err(|e| anyhow::anyhow!("configuration error in setting `mail_from`: {e}"))?;
        let transport = if cfg.smtp_url.is_empty() {
            let dir = cfg.outbox_dir();
            std::fs::create_dir_all(&dir)?;
            Transport::Outbox(AsyncFileTransport::new(dir))
        } else {
            Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(&cfg.smtp_url)
                    .map_err(|e| anyhow::anyhow!("configuration error in setting `smtp_url`: {e}"))?
                    .build(),
            )
        };
        Ok(Mailer { from, transport })
    }

    pub fn build(&self, email: &Email) -> anyhow::Result<Message> {
        let to: Mailbox = email.to.parse()?;
        let text = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(email.text.clone());
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject);
        if let Some(r) = &email.reply_to {
            builder = builder.reply_to(r.parse()?);
        }
        if email.attachments.is_empty() {
            return Ok(builder.multipart(MultiPart::alternative().singlepart(text))?);
        }
        let mut body = MultiPart::mixed().singlepart(text);
        for a in &email.attachments {
            let kind = ContentType::parse(&a.content_type)?;
            body = body.singlepart(
                lettre::message::Attachment::new(a.filename.clone()).body(a.content.clone(), kind),
            );
        }
        Ok(builder.multipart(body)?)
    }

    pub async fn send(&self, email: &Email) -> anyhow::Result<()> {
        let msg = self.build(email)?;
        match &self.transport {
            Transport::Outbox(t) => {
                t.send(msg).await?;
            }
            Transport::Smtp(t) => {
                t.send(msg).await?;
            }
        }
        Ok(())
    }

    pub async fn send_job(&self, payload: &Value) -> anyhow::Result<()> {
        let email: Email = serde_json::from_value(payload.clone())?;
        self.send(&email).await
    }
}

/// Queues an email inside the caller's transaction.
pub async fn queue<'e, E: sqlx::AnyExecutor<'e>>(ex: E, email: Email) -> sqlx::Result<i64> {
    crate::jobs::enqueue(
        ex,
        JOB_KIND,
        &serde_json::to_value(&email).unwrap_or(Value::Null),
        None,
    )
    .await
}
