//! Attendance on a phone at the door: a roster per session with big check-in buttons, a
//! printable sign-in sheet, and the certificate issued the moment someone has been
//! present at every session.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use sqlx::Row;

use super::{
    certify,
    model::{self, Event, Filter, Session},
    staff::{self, Evaluations},
    time,
};
use crate::{
    accounts::{audit, model::Role},
    app::AppState,
    certificates::model::{self as certs, Issue, KIND_EVENT},
    db::{now, Db},
    pdf::{wrap, write_pages, Font, Fonts, Rgb, BRAND, INK, MUTED},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields},
        pages::render,
    },
};

// ---------------------------------------------------------------------------------------
// The events I facilitate
// ---------------------------------------------------------------------------------------

pub struct MyEvent {
    pub event: Event,
    pub first: Option<String>,
}

#[derive(Template)]
#[template(path = "events/facilitator/events.html")]
pub struct EventsPage {
    pub ctx: Ctx,
    pub events: Vec<MyEvent>,
    /// Staff see every upcoming training, not only their own.
    pub all: bool,
}

pub async fn my_events(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require_user()?;
    let all = user.role >= Role::Staff;
    let list: Vec<Event> = if all {
        model::list(
            &state.db,
            &Filter {
                include_drafts: true,
                ..Filter::default()
            },
        )
        .await?
        .into_iter()
        .map(|(e, _)| e)
        .filter(|e| e.cancelled_at.is_none())
        .collect()
    } else {
        model::facilitated_by(&state.db, user.id)
            .await?
            .into_iter()
            .filter(|e| e.cancelled_at.is_none())
            .collect()
    };
    let mut events = Vec::new();
    for event in list {
        let sessions = model::sessions(&state.db, event.id).await?;
        let first = sessions.first().map(|s| event.when(s));
        events.push(MyEvent { event, first });
    }
    render(&EventsPage { ctx, events, all })
}

// ---------------------------------------------------------------------------------------
// The roster
// ---------------------------------------------------------------------------------------

pub struct RosterRow {
    pub registration_id: i64,
    pub name: String,
    /// Some(true) present, Some(false) absent, None not marked.
    pub present: Option<bool>,
    pub certified: bool,
}

#[derive(Template)]
#[template(path = "events/facilitator/attendance.html")]
pub struct RosterPage {
    pub ctx: Ctx,
    pub event: Event,
    pub sessions: Vec<(Session, String)>,
    pub session_id: i64,
    pub rows: Vec<RosterRow>,
    pub present: i64,
    pub absent: i64,
    pub unmarked: i64,
    /// When the chosen session's attendance opens, if it has not yet: the time in the
    /// training's zone.
    pub opens: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct SessionQuery {
    #[serde(default)]
    pub session: Option<String>,
}

/// The session going on now, or else the next one, or else the last.
fn current(sessions: &[Session], t: i64) -> Option<i64> {
    sessions
        .iter()
        .find(|s| s.ends_at > t)
        .or(sessions.last())
        .map(|s| s.id)
}

fn chosen(sessions: &[Session], q: &SessionQuery) -> Option<i64> {
    let asked = q.session.as_deref().and_then(|s| s.parse::<i64>().ok());
    match asked {
        Some(id) if sessions.iter().any(|s| s.id == id) => Some(id),
        _ => current(sessions, now()),
    }
}

/// Confirmed people by name, with their mark for `session_id`.
async fn roster(db: &Db, event_id: i64, session_id: i64) -> sqlx::Result<Vec<RosterRow>> {
    let rows = sqlx::query(
        "SELECT r.id, u.name, a.present, \
         (SELECT COUNT(*) FROM certificates c WHERE c.kind = 'event' AND c.source_id = r.event_id AND c.user_id = r.user_id AND c.revoked_at IS NULL) AS certs \
         FROM registrations r JOIN users u ON u.id = r.user_id \
         LEFT JOIN attendance a ON a.registration_id = r.id AND a.session_id = $2 \
         WHERE r.event_id = $1 AND r.status = 'confirmed' ORDER BY u.name, r.id",
    )
    .bind(event_id)
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RosterRow {
                registration_id: r.try_get("id")?,
                name: r.try_get("name")?,
                present: r.try_get::<Option<i64>, _>("present")?.map(|p| p == 1),
                certified: r.try_get::<i64, _>("certs")? > 0,
            })
        })
        .collect()
}

pub async fn roster_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(event_id): Path<i64>,
    Query(q): Query<SessionQuery>,
) -> AppResult<Response> {
    let event = model::by_id(&state.db, event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = model::sessions(&state.db, event_id).await?;
    let session_id = chosen(&list, &q).unwrap_or(0);
    let rows = if session_id == 0 {
        Vec::new()
    } else {
        roster(&state.db, event_id, session_id).await?
    };
    let present = rows.iter().filter(|r| r.present == Some(true)).count() as i64;
    let absent = rows.iter().filter(|r| r.present == Some(false)).count() as i64;
    let unmarked = rows.len() as i64 - present - absent;
    let opens = list
        .iter()
        .find(|s| s.id == session_id)
        .filter(|s| !certify::can_mark(s, now()))
        .map(|s| event.at(certify::opens_at(s)));
    let sessions = list
        .into_iter()
        .map(|s| {
            let w = if s.title.is_empty() {
                event.when(&s)
            } else {
                format!("{}: {}", s.title, event.when(&s))
            };
            (s, w)
        })
        .collect();
    render(&RosterPage {
        ctx,
        event,
        sessions,
        session_id,
        rows,
        present,
        absent,
        unmarked,
        opens,
    })
}

pub async fn mark(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((event_id, session_id)): Path<(i64, i64)>,
    f: Fields,
) -> AppResult<Response> {
    let user = ctx.require_user()?.id;
    let registration_id: i64 = f
        .text("registration")
        .parse()
        .map_err(|_| AppError::BadRequest("registration".into()))?;
    let present = match f.text("present") {
        "1" | "true" | "yes" => true,
        "0" | "false" | "no" => false,
        _ => return Err(AppError::BadRequest("present".into())),
    };
    let event = model::by_id(&state.db, event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sessions = model::sessions(&state.db, event_id).await?;
    let session = sessions
        .iter()
        .find(|s| s.id == session_id)
        .ok_or(AppError::NotFound)?;
    let back = format!("/events/{event_id}/attendance?session={session_id}#r{registration_id}");
    if !certify::can_mark(session, now()) {
        return Ok(redirect_with_flash(
            &state,
            &back,
            "attendance-flash-not-yet",
        ));
    }
    let mut tx = state.db.tx().await?;
    let reg = sqlx::query("SELECT r.user_id, u.name FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.id = $1 AND r.event_id = $2 AND r.status = 'confirmed'")
        .bind(registration_id)
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let (user_id, name): (i64, String) = (reg.try_get("user_id")?, reg.try_get("name")?);
    sqlx::query(
        "INSERT INTO attendance (registration_id, session_id, present, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (registration_id, session_id) DO UPDATE SET present = excluded.present, marked_by = excluded.marked_by, marked_at = excluded.marked_at",
    )
    .bind(registration_id)
    .bind(session_id)
    .bind(present as i64)
    .bind(user)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    let detail = format!(
        "session {session_id} · {}",
        if present { "present" } else { "absent" }
    );
    audit::record(
        &mut *tx,
        Some(user),
        "attendance_marked",
        &format!("registration:{registration_id}"),
        &ctx.ip,
        &detail,
    )
    .await?;
    let actor = certify::Actor {
        user_id: Some(user),
        ip: &ctx.ip,
    };
    let outcome = certify::settle(
        &mut tx,
        &state,
        &event,
        &sessions,
        registration_id,
        user_id,
        &name,
        &actor,
    )
    .await?;
    tx.commit().await?;
    let flash = match outcome {
        certify::Outcome::Issued | certify::Outcome::Reinstated => "attendance-flash-certificate",
        certify::Outcome::Withdrawn => "attendance-flash-withdrawn",
        certify::Outcome::Unchanged => "attendance-flash-marked",
    };
    Ok(redirect_with_flash(&state, &back, flash))
}

// ---------------------------------------------------------------------------------------
// Evaluations for facilitators
// ---------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "events/facilitator/evaluations.html")]
pub struct EvaluationsPage {
    pub ctx: Ctx,
    pub event: Event,
    pub evals: Evaluations,
}

pub async fn evaluations(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(event_id): Path<i64>,
) -> AppResult<Response> {
    let event = model::by_id(&state.db, event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let evals = staff::evaluations(&state.db, event_id).await?;
    render(&EvaluationsPage { ctx, event, evals })
}

// ---------------------------------------------------------------------------------------
// The sign-in sheet
// ---------------------------------------------------------------------------------------

const W: f32 = 612.0;
const H: f32 = 792.0;
const MARGIN: f32 = 50.0;
const ROW: f32 = 30.0;

struct Sheet {
    pages: Vec<pdf_writer::Content>,
    c: pdf_writer::Content,
    fonts: Fonts,
    y: f32,
}

impl Sheet {
    fn text(&mut self, s: &str, x: f32, y: f32, font: Font, size: f32, color: Rgb) {
        self.fonts.text(&mut self.c, s, x, y, font, size, color);
    }
    fn boxed(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.c
            .set_stroke_rgb(0.45, 0.48, 0.55)
            .set_line_width(0.8)
            .rect(x, y, w, h)
            .stroke();
    }
    fn new_page(&mut self) {
        let done = std::mem::replace(&mut self.c, pdf_writer::Content::new());
        self.pages.push(done);
        self.y = H - MARGIN;
    }
}

fn sign_in_pdf(
    title: &str,
    lines: &[String],
    names: &[String],
    labels: (&str, &str),
    footer: &str,
) -> Vec<u8> {
    let mut s = Sheet {
        pages: Vec::new(),
        c: pdf_writer::Content::new(),
        fonts: Fonts::new(),
        y: H - MARGIN,
    };
    let width = W - 2.0 * MARGIN;
    let header = |s: &mut Sheet| {
        for l in wrap(title, Font::Bold, 16.0, width) {
            s.y -= 18.0;
            s.text(&l, MARGIN, s.y, Font::Bold, 16.0, BRAND);
        }
        for line in lines {
            for l in wrap(line, Font::Regular, 10.5, width) {
                s.y -= 14.0;
                s.text(&l, MARGIN, s.y, Font::Regular, 10.5, INK);
            }
        }
        s.y -= 22.0;
        s.text(labels.0, MARGIN + 6.0, s.y + 6.0, Font::Bold, 10.0, INK);
        s.text(
            labels.1,
            MARGIN + width * 0.5 + 6.0,
            s.y + 6.0,
            Font::Bold,
            10.0,
            INK,
        );
    };
    header(&mut s);
    for (i, name) in names.iter().enumerate() {
        if s.y - ROW < MARGIN + 20.0 {
            s.new_page();
            header(&mut s);
        }
        s.y -= ROW;
        s.boxed(MARGIN, s.y, width * 0.5, ROW);
        s.boxed(MARGIN + width * 0.5, s.y, width * 0.5, ROW);
        let shown = wrap(
            &format!("{}. {}", i + 1, name),
            Font::Regular,
            11.0,
            width * 0.5 - 12.0,
        )
        .into_iter()
        .next()
        .unwrap_or_default();
        s.text(&shown, MARGIN + 6.0, s.y + 10.0, Font::Regular, 11.0, INK);
    }
    s.new_page();
    let n = s.pages.len();
    for (i, content) in s.pages.iter_mut().enumerate() {
        s.fonts.text(
            content,
            &format!("{footer} · {} / {n}", i + 1),
            MARGIN,
            MARGIN - 20.0,
            Font::Regular,
            8.5,
            MUTED,
        );
    }
    write_pages(title, s.pages, s.fonts, (W, H))
}

pub async fn sign_in_sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(event_id): Path<i64>,
    Query(q): Query<SessionQuery>,
) -> AppResult<Response> {
    let event = model::by_id(&state.db, event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sessions = model::sessions(&state.db, event_id).await?;
    let session = chosen(&sessions, &q).and_then(|id| sessions.iter().find(|s| s.id == id));
    let names: Vec<String> = sqlx::query("SELECT u.name FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 AND r.status = 'confirmed' ORDER BY u.name, r.id")
        .bind(event_id)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("name"))
        .collect::<sqlx::Result<_>>()?;
    let mut lines = Vec::new();
    if let Some(s) = session {
        lines.push(if s.title.is_empty() {
            event.when(s)
        } else {
            format!("{}: {}", s.title, event.when(s))
        });
    }
    if event.in_person() {
        let place = [
            event.venue.as_str(),
            event.address.as_str(),
            event.city.as_str(),
            event.state.as_str(),
        ]
        .iter()
        .filter(|x| !x.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
        lines.push(ctx.t1("signin-sheet-venue", "venue", place));
    } else {
        lines.push(ctx.t("signin-sheet-online"));
    }
    lines.push(ctx.tn("signin-sheet-count", names.len() as i64));
    let title = format!("{}: {}", ctx.t("signin-sheet-title"), event.title);
    let footer = state.cfg.institute_name.clone();
    let pdf = sign_in_pdf(
        &title,
        &lines,
        &names,
        (
            &ctx.t("signin-sheet-name"),
            &ctx.t("signin-sheet-signature"),
        ),
        &footer,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}-sign-in.pdf\"", event.slug),
            ),
        ],
        pdf,
    )
        .into_response())
}

/// Issues (or finds) the certificate for attending every session of `event`: dated the
/// last session's day in the event's zone, with the sessions' total hours and the event's
/// CE hours. Runs in the caller's transaction.
pub async fn issue_certificate(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    event: &Event,
    sessions: &[Session],
    user_id: i64,
    name: &str,
) -> sqlx::Result<certs::Certificate> {
    let last = sessions.iter().map(|s| s.ends_at).max().unwrap_or(0);
    let completed_on = time::local(event.tz(), last).format("%Y-%m-%d").to_string();
    let minutes: i64 = sessions
        .iter()
        .map(|s| (s.ends_at - s.starts_at) / 60)
        .sum();
    certs::issue(
        conn,
        &state.cert_key,
        &Issue {
            kind: KIND_EVENT,
            source_id: event.id,
            user_id,
            recipient: name,
            title: &event.title,
            completed_on: &completed_on,
            hours_x100: minutes * 100 / 60,
            ce_hours_x100: event.ce_hours_x100,
            issuer: &state.cfg.institute_name,
        },
    )
    .await
}
