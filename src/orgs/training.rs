//! The manager's staff-training report: for each member of the organization, the online
//! courses they enrolled in and the live trainings they registered for, with where each
//! stands and the certificate earned. Three queries, however many staff and courses.

use askama::Template;
use axum::{
    extract::{Path, State},
    response::Response,
};
use sqlx::Row;

use super::model::{self as orgs, Member};
use crate::{
    app::AppState,
    db::now,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        pages::render,
    },
};

/// One course or training of one person.
pub struct Item {
    /// `course` or `training`.
    pub kind: &'static str,
    pub title: String,
    pub href: String,
    /// Already in the reader's words.
    pub status: String,
    pub done: bool,
    pub certificate: Option<String>,
}

pub struct Person {
    pub name: String,
    pub email: String,
    pub items: Vec<Item>,
}

#[derive(Template)]
#[template(path = "orgs/training.html")]
pub struct TrainingPage {
    pub ctx: Ctx,
    pub org: orgs::Org,
    pub people: Vec<Person>,
    /// Members who completed at least one course or attended at least one training.
    pub trained: usize,
    pub course_completions: usize,
    pub trainings_attended: usize,
}

fn int(r: &sqlx::any::AnyRow, col: &str) -> sqlx::Result<i64> {
    // COUNT comes back as BIGINT or NUMERIC depending on the database.
    r.try_get::<i64, _>(col).or_else(|_| r.try_get::<Option<i64>, _>(col).map(|v| v.unwrap_or(0)))
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(org_id): Path<i64>) -> AppResult<Response> {
    let org = orgs::get(&state.db, org_id).await?.ok_or(AppError::NotFound)?;
    let members: Vec<Member> = orgs::members(&state.db, org_id).await?;
    let mut items: Vec<(i64, Item)> = Vec::new();

    let courses = sqlx::query(
        "SELECT e.user_id, c.title, c.slug, e.completed_at, \
         (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id) AS lessons_total, \
         (SELECT COUNT(*) FROM lesson_views v JOIN lessons l ON l.id = v.lesson_id WHERE v.enrollment_id = e.id AND l.course_id = c.id) AS lessons_seen, \
         (SELECT k.code FROM certificates k WHERE k.kind = 'course' AND k.source_id = c.id AND k.user_id = e.user_id AND k.revoked_at IS NULL) AS code \
         FROM enrollments e JOIN courses c ON c.id = e.course_id \
         JOIN memberships m ON m.user_id = e.user_id AND m.org_id = $1 \
         ORDER BY e.enrolled_at, e.id",
    )
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    for r in &courses {
        let completed: Option<i64> = r.try_get("completed_at")?;
        let status = match completed {
            Some(t) => ctx.t1("org-training-completed", "date", ctx.date(t)),
            None => ctx.t2("org-training-lessons", "seen", int(r, "lessons_seen")?, "total", int(r, "lessons_total")?),
        };
        let slug: String = r.try_get("slug")?;
        items.push((
            r.try_get("user_id")?,
            Item { kind: "course", title: r.try_get("title")?, href: format!("/courses/{slug}"), status, done: completed.is_some(), certificate: r.try_get("code")? },
        ));
    }

    let trainings = sqlx::query(
        "SELECT r.user_id, r.status, ev.title, ev.slug, ev.timezone, ev.cancelled_at, \
         (SELECT MIN(s.starts_at) FROM event_sessions s WHERE s.event_id = ev.id) AS first_start, \
         (SELECT MAX(s.ends_at) FROM event_sessions s WHERE s.event_id = ev.id) AS last_end, \
         (SELECT COUNT(*) FROM event_sessions s WHERE s.event_id = ev.id) AS sessions, \
         (SELECT COUNT(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1) AS attended, \
         (SELECT k.code FROM certificates k WHERE k.kind = 'event' AND k.source_id = ev.id AND k.user_id = r.user_id AND k.revoked_at IS NULL) AS code \
         FROM registrations r JOIN events ev ON ev.id = r.event_id \
         JOIN memberships m ON m.user_id = r.user_id AND m.org_id = $1 \
         WHERE r.status IN ('confirmed', 'waitlisted') \
         ORDER BY r.created_at, r.id",
    )
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    let t = now();
    for r in &trainings {
        let status_db: String = r.try_get("status")?;
        let (first, last): (Option<i64>, Option<i64>) = (r.try_get("first_start")?, r.try_get("last_end")?);
        let (sessions, attended) = (int(r, "sessions")?, int(r, "attended")?);
        let tz = crate::events::time::zone(&r.try_get::<String, _>("timezone")?).unwrap_or(chrono_tz::UTC);
        let day = |ts: i64| crate::events::time::local(tz, ts).format("%-d %b %Y").to_string();
        let cancelled = r.try_get::<Option<i64>, _>("cancelled_at")?.is_some();
        let done = !cancelled && status_db == "confirmed" && last.is_some_and(|l| l <= t) && sessions > 0 && attended == sessions;
        let status = if cancelled {
            ctx.t("org-training-event-cancelled")
        } else if status_db == "waitlisted" {
            ctx.t("org-training-waitlisted")
        } else if last.is_some_and(|l| l <= t) {
            if attended == 0 {
                ctx.t("org-training-absent")
            } else {
                ctx.t2("org-training-attended", "attended", attended, "sessions", sessions)
            }
        } else {
            ctx.t1("org-training-registered", "date", first.map(day).unwrap_or_default())
        };
        let slug: String = r.try_get("slug")?;
        items.push((r.try_get("user_id")?, Item { kind: "training", title: r.try_get("title")?, href: format!("/trainings/{slug}"), status, done, certificate: r.try_get("code")? }));
    }

    let course_completions = items.iter().filter(|(_, i)| i.kind == "course" && i.done).count();
    let trainings_attended = items.iter().filter(|(_, i)| i.kind == "training" && i.done).count();
    let mut by_person: std::collections::HashMap<i64, Vec<Item>> = std::collections::HashMap::new();
    for (uid, item) in items {
        by_person.entry(uid).or_default().push(item);
    }
    let mut people = Vec::with_capacity(members.len());
    let mut trained = 0;
    for m in members {
        let mine = by_person.remove(&m.user_id).unwrap_or_default();
        trained += mine.iter().any(|i| i.done) as usize;
        people.push(Person { name: m.name, email: m.email, items: mine });
    }
    render(&TrainingPage { ctx, org, people, trained, course_completions, trainings_attended })
}
