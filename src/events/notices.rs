//! Emails about a person's place: confirmation (with the calendar invitation), waitlist,
//! promotion, cancellation, reminders a week and a day before, and the evaluation request
//! after the training. They run as jobs, so a mail server that is down delays them but
//! loses none; each handler reads the registration as it is when the email goes out, so a
//! person who cancelled in the meantime is not told they have a seat.

use serde_json::{json, Value};
use sqlx::Row;

use super::{
    ics,
    model::{self, Event, Session},
    seats::{CANCELLED, CONFIRMED, NOTICE_JOB, WAITLISTED},
};
use crate::{
    accounts::{self, model as users},
    app::AppState,
    db::now,
    i18n::Lang,
    jobs,
    mail::Attachment,
};

pub const WEEK: i64 = 7 * 24 * 3600;
pub const DAY: i64 = 24 * 3600;

/// The address of an event's public page.
pub fn event_path(e: &Event) -> String {
    format!("/trainings/{}", e.slug)
}

/// Every session as one line in the event's own time zone.
pub fn schedule(e: &Event, sessions: &[Session]) -> String {
    sessions
        .iter()
        .map(|s| format!("- {}", e.when(s)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where the training happens, in words for an email.
pub fn place(lang: &Lang, e: &Event, confirmed: bool) -> String {
    let mut lines = Vec::new();
    if e.in_person() {
        let addr = [&e.venue, &e.address, &e.city, &e.state]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(addr);
        if !e.accessibility.trim().is_empty() {
            lines.push(lang.ta(
                "event-email-accessibility",
                &[("notes", e.accessibility.trim())],
            ));
        }
    }
    if e.online() {
        if confirmed && !e.join_url.is_empty() {
            lines.push(lang.ta("event-email-join", &[("link", &e.join_url)]));
        } else {
            lines.push(lang.t("event-email-join-later"));
        }
    }
    lines.join("\n")
}

struct Reg {
    event_id: i64,
    user_id: i64,
    status: String,
    seq: Option<i64>,
    updated_at: i64,
}

async fn registration(state: &AppState, id: i64) -> sqlx::Result<Option<Reg>> {
    let row = sqlx::query("SELECT id, event_id, user_id, status, waitlist_seq, updated_at FROM registrations WHERE id = $1").bind(id).fetch_optional(&state.db.pool).await?;
    row.map(|r| {
        Ok(Reg {
            event_id: r.try_get("event_id")?,
            user_id: r.try_get("user_id")?,
            status: r.try_get("status")?,
            seq: r.try_get("waitlist_seq")?,
            updated_at: r.try_get("updated_at")?,
        })
    })
    .transpose()
}

/// The `event_notice` job.
pub async fn send(state: &AppState, payload: &Value) -> anyhow::Result<()> {
    let id = payload["registration_id"]
        .as_i64()
        .ok_or_else(|| anyhow::anyhow!("notice without registration"))?;
    let kind = payload["notice"].as_str().unwrap_or_default().to_string();
    // A registration or account deleted since is nothing to tell anyone about.
    let Some(reg) = registration(state, id).await? else {
        return Ok(());
    };
    let Some(user) = users::by_id(&state.db.pool, reg.user_id).await? else {
        return Ok(());
    };
    if !user.active {
        return Ok(());
    }
    let Some(event) = model::by_id(&state.db, reg.event_id).await? else {
        return Ok(());
    };
    let sessions = model::sessions(&state.db, event.id).await?;
    let first_start = sessions.iter().map(|s| s.starts_at).min().unwrap_or(0);
    let last_end = sessions.iter().map(|s| s.ends_at).max().unwrap_or(0);
    let still = |status: &str| reg.status == status;
    let current = match kind.as_str() {
        "confirmed" | "promoted" => still(CONFIRMED),
        "waitlisted" => still(WAITLISTED),
        "cancelled" => still(CANCELLED),
        // Reminders only for a place still held in a training still ahead.
        "reminder-week" | "reminder-day" => {
            still(CONFIRMED) && event.cancelled_at.is_none() && first_start > now()
        }
        "evaluation" => still(CONFIRMED) && last_end <= now(),
        "event-cancelled" => event.cancelled_at.is_some() && !still(CANCELLED),
        other => anyhow::bail!("unknown event notice {other}"),
    };
    if !current {
        return Ok(());
    }
    let lang = Lang::negotiate(Some(&user.locale), None);
    let url = accounts::link(state, &event_path(&event));
    let confirmed = still(CONFIRMED);
    let position = match reg.seq {
        Some(seq) if still(WAITLISTED) => {
            let mut conn = state.db.pool.acquire().await?;
            super::seats::position(&mut conn, event.id, seq).await?
        }
        _ => 0,
    };
    let evaluation = accounts::link(state, &format!("{}/evaluation", event_path(&event)));
    let my = accounts::link(state, "/my/trainings");
    let args: Vec<(&str, String)> = vec![
        ("name", user.name.clone()),
        ("title", event.title.clone()),
        ("when", schedule(&event, &sessions)),
        ("place", place(&lang, &event, confirmed)),
        ("link", url.clone()),
        ("position", position.to_string()),
        ("evaluation", evaluation),
        ("mine", my),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut email = accounts::email(&lang, &user.email, &format!("event-email-{kind}"), &args);
    let method = match kind.as_str() {
        "confirmed" | "promoted" | "reminder-week" | "reminder-day" => Some(ics::Method::Publish),
        "cancelled" | "event-cancelled" => Some(ics::Method::Cancel),
        _ => None,
    };
    if let Some(method) = method {
        let entry = ics::Entry {
            event: &event,
            sessions: &sessions,
            url,
            with_join_link: confirmed,
            cancelled: method == ics::Method::Cancel,
            changed_at: reg.updated_at,
        };
        email.attachments.push(Attachment {
            filename: "invite.ics".into(),
            content_type: format!(
                "text/calendar; charset=utf-8; method={}",
                if method == ics::Method::Cancel {
                    "CANCEL"
                } else {
                    "PUBLISH"
                }
            ),
            content: ics::calendar(
                &event.title,
                &ics::host(&state.cfg.base_url),
                method,
                &[entry],
            ),
        });
    }
    state.mailer.send(&email).await?;
    Ok(())
}

/// Queues the reminders and evaluation requests that are due. Every server runs this; the
/// conditional update claims each email once.
pub async fn sweep(state: &AppState) -> anyhow::Result<usize> {
    let t = now();
    let mut queued = 0;
    // (column, notice, which registrations): a week before the first session (but not for
    // someone who registered inside that week), a day before, and after the last session.
    let due = [
        (
            "reminded_week_at",
            "reminder-week",
            "r.status = 'confirmed' AND f.first_start > $1 + 86400 AND f.first_start <= $1 + 604800 AND r.confirmed_at < f.first_start - 604800",
        ),
        ("reminded_day_at", "reminder-day", "r.status = 'confirmed' AND f.first_start > $1 AND f.first_start <= $1 + 86400"),
        (
            "evaluation_sent_at",
            "evaluation",
            "r.status = 'confirmed' AND f.last_end <= $1 AND f.last_end > $1 - 1209600 \
             AND EXISTS (SELECT 1 FROM attendance a WHERE a.registration_id = r.id AND a.present = 1)",
        ),
    ];
    for (column, notice, condition) in due {
        let sql = format!(
            "SELECT r.id AS id FROM registrations r \
             JOIN events e ON e.id = r.event_id AND e.cancelled_at IS NULL \
             JOIN (SELECT event_id, MIN(starts_at) AS first_start, MAX(ends_at) AS last_end FROM event_sessions GROUP BY event_id) f ON f.event_id = r.event_id \
             WHERE r.{column} IS NULL AND {condition} ORDER BY r.id LIMIT 500"
        );
        let ids: Vec<i64> = sqlx::query(&sql)
            .bind(t)
            .fetch_all(&state.db.pool)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<sqlx::Result<_>>()?;
        for id in ids {
            let mut tx = state.db.tx().await?;
            let claimed = sqlx::query(&format!(
                "UPDATE registrations SET {column} = $1 WHERE id = $2 AND {column} IS NULL"
            ))
            .bind(t)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 1 {
                jobs::enqueue(
                    &mut *tx,
                    NOTICE_JOB,
                    &json!({ "registration_id": id, "notice": notice }),
                    None,
                )
                .await?;
                queued += 1;
            }
            tx.commit().await?;
        }
    }
    Ok(queued)
}

/// Tells everyone holding or waiting for a place that the event is cancelled.
pub async fn event_cancelled(conn: &mut sqlx::AnyConnection, event_id: i64) -> sqlx::Result<()> {
    let ids: Vec<i64> =
        sqlx::query("SELECT id FROM registrations WHERE event_id = $1 AND status <> 'cancelled'")
            .bind(event_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<sqlx::Result<_>>()?;
    for id in ids {
        jobs::enqueue(
            &mut *conn,
            NOTICE_JOB,
            &json!({ "registration_id": id, "notice": "event-cancelled" }),
            None,
        )
        .await?;
    }
    Ok(())
}
