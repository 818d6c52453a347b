//! The manager's staff-training report: for each member of the organization, the online
//! courses they enrolled in and the live trainings they registered for, with where each
//! stands and the certificate earned. Members come a page at a time; the figures at the
//! top are counted in SQL over the whole organization. A fixed number of queries per page,
//! however many staff and courses.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use serde::Deserialize;
use sqlx::Row;

use super::model::{self as orgs, Member};
use crate::{
    app::AppState,
    courses::progress::count as int,
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
    pub members: usize,
    /// Members who completed at least one course or attended at least one training.
    pub trained: usize,
    pub course_completions: i64,
    pub trainings_attended: usize,
    pub page: usize,
    pub pages: usize,
}

/// Members shown per page.
const PER_PAGE: usize = 50;

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    pub page: Option<String>,
}

/// Registrations (user ids) of the organization's members that attended every session of
/// a training that has ended and was not cancelled.
const ATTENDED: &str = "SELECT r.user_id FROM registrations r \
     JOIN memberships m ON m.user_id = r.user_id AND m.org_id = $1 \
     JOIN events ev ON ev.id = r.event_id AND ev.cancelled_at IS NULL \
     JOIN (SELECT event_id, COUNT(*) AS n, MAX(ends_at) AS last_end FROM event_sessions GROUP BY event_id) f ON f.event_id = r.event_id \
     WHERE r.status = 'confirmed' AND f.last_end <= $2 \
     AND (SELECT COUNT(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1) = f.n";

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let org = orgs::get(&state.db, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let all: Vec<Member> = orgs::members(&state.db, org_id).await?;
    let pages = all.len().div_ceil(PER_PAGE).max(1);
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let members: Vec<Member> = all
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .cloned()
        .collect();
    // Ids are integers from the database, so they can be written into the statement.
    let ids = members
        .iter()
        .map(|m| m.user_id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let ids = if ids.is_empty() { "0".to_string() } else { ids };
    let t = now();

    // The figures for the whole organization.
    let course_completions = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM enrollments e JOIN memberships m ON m.user_id = e.user_id AND m.org_id = $1 WHERE e.completed_at IS NOT NULL")
            .bind(org_id)
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    let attended: Vec<i64> = sqlx::query(ATTENDED)
        .bind(org_id)
        .bind(t)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("user_id"))
        .collect::<sqlx::Result<_>>()?;
    let completed: Vec<i64> = sqlx::query("SELECT DISTINCT e.user_id FROM enrollments e JOIN memberships m ON m.user_id = e.user_id AND m.org_id = $1 WHERE e.completed_at IS NOT NULL")
        .bind(org_id)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("user_id"))
        .collect::<sqlx::Result<_>>()?;
    let trained = attended
        .iter()
        .chain(&completed)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let trainings_attended = attended.len();

    let mut items: Vec<(i64, Item)> = Vec::new();

    let courses = sqlx::query(&format!(
        "SELECT e.user_id, c.title, c.slug, e.completed_at, \
         (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id) AS lessons_total, \
         (SELECT COUNT(*) FROM lesson_views v JOIN lessons l ON l.id = v.lesson_id WHERE v.enrollment_id = e.id AND l.course_id = c.id) AS lessons_seen, \
         (SELECT k.code FROM certificates k WHERE k.kind = 'course' AND k.source_id = c.id AND k.user_id = e.user_id AND k.revoked_at IS NULL) AS code \
         FROM enrollments e JOIN courses c ON c.id = e.course_id \
         JOIN memberships m ON m.user_id = e.user_id AND m.org_id = $1 \
         WHERE e.user_id IN ({ids}) ORDER BY e.enrolled_at, e.id"
    ))
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    for r in &courses {
        let completed: Option<i64> = r.try_get("completed_at")?;
        let status = match completed {
            Some(t) => ctx.t1("org-training-completed", "date", ctx.date(t)),
            None => ctx.t2(
                "org-training-lessons",
                "seen",
                int(r, "lessons_seen")?,
                "total",
                int(r, "lessons_total")?,
            ),
        };
        let slug: String = r.try_get("slug")?;
        items.push((
            r.try_get("user_id")?,
            Item {
                kind: "course",
                title: r.try_get("title")?,
                href: format!("/courses/{slug}"),
                status,
                done: completed.is_some(),
                certificate: r.try_get("code")?,
            },
        ));
    }

    let trainings = sqlx::query(&format!(
        "SELECT r.user_id, r.status, ev.title, ev.slug, ev.timezone, ev.cancelled_at, \
         (SELECT MIN(s.starts_at) FROM event_sessions s WHERE s.event_id = ev.id) AS first_start, \
         (SELECT MAX(s.ends_at) FROM event_sessions s WHERE s.event_id = ev.id) AS last_end, \
         (SELECT COUNT(*) FROM event_sessions s WHERE s.event_id = ev.id) AS sessions, \
         (SELECT COUNT(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1) AS attended, \
         (SELECT k.code FROM certificates k WHERE k.kind = 'event' AND k.source_id = ev.id AND k.user_id = r.user_id AND k.revoked_at IS NULL) AS code \
         FROM registrations r JOIN events ev ON ev.id = r.event_id \
         JOIN memberships m ON m.user_id = r.user_id AND m.org_id = $1 \
         WHERE r.status IN ('confirmed', 'waitlisted') AND r.user_id IN ({ids}) \
         ORDER BY r.created_at, r.id"
    ))
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    for r in &trainings {
        let status_db: String = r.try_get("status")?;
        let (first, last): (Option<i64>, Option<i64>) =
            (r.try_get("first_start")?, r.try_get("last_end")?);
        let (sessions, attended) = (int(r, "sessions")?, int(r, "attended")?);
        let tz = crate::events::time::zone(&r.try_get::<String, _>("timezone")?)
            .unwrap_or(chrono_tz::UTC);
        let day = |ts: i64| {
            crate::events::time::local(tz, ts)
                .format("%-d %b %Y")
                .to_string()
        };
        let cancelled = r.try_get::<Option<i64>, _>("cancelled_at")?.is_some();
        let done = !cancelled
            && status_db == "confirmed"
            && last.is_some_and(|l| l <= t)
            && sessions > 0
            && attended == sessions;
        let status = if cancelled {
            ctx.t("org-training-event-cancelled")
        } else if status_db == "waitlisted" {
            ctx.t("org-training-waitlisted")
        } else if last.is_some_and(|l| l <= t) {
            if attended == 0 {
                ctx.t("org-training-absent")
            } else {
                ctx.t2(
                    "org-training-attended",
                    "attended",
                    attended,
                    "sessions",
                    sessions,
                )
            }
        } else {
            ctx.t1(
                "org-training-registered",
                "date",
                first.map(day).unwrap_or_default(),
            )
        };
        let slug: String = r.try_get("slug")?;
        items.push((
            r.try_get("user_id")?,
            Item {
                kind: "training",
                title: r.try_get("title")?,
                href: format!("/trainings/{slug}"),
                status,
                done,
                certificate: r.try_get("code")?,
            },
        ));
    }

    let mut by_person: std::collections::HashMap<i64, Vec<Item>> = std::collections::HashMap::new();
    for (uid, item) in items {
        by_person.entry(uid).or_default().push(item);
    }
    let people = members
        .into_iter()
        .map(|m| Person {
            items: by_person.remove(&m.user_id).unwrap_or_default(),
            name: m.name,
            email: m.email,
        })
        .collect();
    render(&TrainingPage {
        ctx,
        org,
        people,
        members: all.len(),
        trained,
        course_completions,
        trainings_attended,
        page,
        pages,
    })
}
