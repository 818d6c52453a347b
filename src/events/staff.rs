//! Staff pages for live trainings: the list of every event, the event form, the
//! registrations with the waitlist controls, evaluation results and CSV exports.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use sqlx::Row;

use super::{
    answers,
    input::{self, RawEvent, RawQuestion, RawSession, MAX_QUESTIONS, MAX_SESSIONS},
    model::{self, Event, Filter, Session},
    notices, seats,
    seats::SeatError,
    time,
};
use crate::{
    accounts::audit,
    app::AppState,
    db::{now, Db},
    orgs::model::STATES,
    topics::{AUDIENCES, LANGUAGES, TOPICS},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

// ---------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------

pub struct ListRow {
    pub event: Event,
    pub first_start: i64,
    pub confirmed: i64,
    pub waitlisted: i64,
}

#[derive(Template)]
#[template(path = "events/staff/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    /// (heading key, rows), in the order shown.
    pub groups: Vec<(&'static str, Vec<ListRow>)>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let events = model::list(
        &state.db,
        &Filter {
            past: true,
            include_drafts: true,
            ..Filter::default()
        },
    )
    .await?;
    let rows = sqlx::query(
        "SELECT e.id AS id, (SELECT MAX(ends_at) FROM event_sessions s WHERE s.event_id = e.id) AS last_end, \
         (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') AS confirmed, \
         (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted') AS waitlisted FROM events e",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut extra: HashMap<i64, (i64, i64, i64)> = HashMap::new();
    for r in rows {
        extra.insert(
            r.try_get("id")?,
            (
                r.try_get::<Option<i64>, _>("last_end")?.unwrap_or(0),
                r.try_get("confirmed")?,
                r.try_get("waitlisted")?,
            ),
        );
    }
    let t = now();
    let (mut upcoming, mut past, mut drafts, mut cancelled) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (event, first_start) in events {
        let (last_end, confirmed, waitlisted) = extra.get(&event.id).copied().unwrap_or_default();
        let row = ListRow {
            event,
            first_start,
            confirmed,
            waitlisted,
        };
        if row.event.cancelled_at.is_some() {
            cancelled.push(row);
        } else if !row.event.published {
            drafts.push(row);
        } else if last_end > t {
            upcoming.push(row);
        } else {
            past.push(row);
        }
    }
    // Upcoming reads soonest first; the query gave most recent first.
    upcoming.reverse();
    let groups = vec![
        ("staff-event-upcoming", upcoming),
        ("staff-event-drafts", drafts),
        ("staff-event-past", past),
        ("staff-event-cancelled", cancelled),
    ];
    render(&ListPage { ctx, groups })
}

// ---------------------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------------------

pub struct SessionRow {
    pub i: usize,
    pub title: String,
    pub date: String,
    pub start: String,
    pub end: String,
}

pub struct QuestionRow {
    pub i: usize,
    pub label: String,
    pub required: bool,
}

#[derive(Template)]
#[template(path = "events/staff/form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub form: Form,
    pub heading: String,
    pub action: String,
    pub event_id: Option<i64>,
    pub sessions: Vec<SessionRow>,
    pub questions: Vec<QuestionRow>,
    pub facilitators: Vec<(i64, String)>,
    pub zones: &'static [&'static str],
    pub states: &'static [(&'static str, &'static str)],
    pub topics: &'static [&'static str],
    pub audiences: &'static [&'static str],
    pub languages: &'static [&'static str],
    pub formats: &'static [&'static str],
    /// When editing: how many hold a place, since the capacity cannot go below it.
    pub capacity_hint: String,
}

impl FormPage {
    fn cell_err(&self, i: impl std::fmt::Display, part: &str) -> Option<&String> {
        self.form.err(&format!("sessions.{i}.{part}"))
    }
    pub fn has_cell_err(&self, i: impl std::fmt::Display, part: &str) -> bool {
        self.cell_err(i, part).is_some()
    }
    pub fn cell_msg(&self, i: impl std::fmt::Display, part: &str) -> String {
        self.cell_err(i, part).cloned().unwrap_or_default()
    }
    pub fn q_err(&self, i: impl std::fmt::Display) -> String {
        self.form
            .err(&format!("questions.{i}.label"))
            .cloned()
            .unwrap_or_default()
    }
    pub fn facilitator_checked(&self, id: impl std::fmt::Display) -> bool {
        self.form.checked("facilitators", &id.to_string())
    }
}

/// The raw event as form pairs, for showing an existing event or defaults.
fn pairs_of(raw: &RawEvent) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = vec![
        ("title".into(), raw.title.clone()),
        ("slug".into(), raw.slug.clone()),
        ("description".into(), raw.description.clone()),
        ("format".into(), raw.format.clone()),
        ("timezone".into(), raw.timezone.clone()),
        ("venue".into(), raw.venue.clone()),
        ("address".into(), raw.address.clone()),
        ("city".into(), raw.city.clone()),
        ("state".into(), raw.state.clone()),
        ("accessibility".into(), raw.accessibility.clone()),
        ("join_url".into(), raw.join_url.clone()),
        ("capacity".into(), raw.capacity.clone()),
        ("registration_opens".into(), raw.registration_opens.clone()),
        (
            "registration_closes".into(),
            raw.registration_closes.clone(),
        ),
        ("language".into(), raw.language.clone()),
        ("ce_hours".into(), raw.ce_hours.clone()),
    ];
    let flag = |b: bool| if b { "1".to_string() } else { String::new() };
    p.push(("ask_access".into(), flag(raw.ask_access)));
    p.push(("ask_interpreter".into(), flag(raw.ask_interpreter)));
    p.push(("ask_dietary".into(), flag(raw.ask_dietary)));
    p.push(("published".into(), flag(raw.published)));
    for a in &raw.audience {
        p.push(("audience".into(), a.clone()));
    }
    for t in &raw.topics {
        p.push(("topics".into(), t.clone()));
    }
    for f in &raw.facilitators {
        p.push(("facilitators".into(), f.to_string()));
    }
    for (i, q) in raw.questions.iter().enumerate() {
        p.push((format!("questions.{i}.label"), q.label.clone()));
        p.push((format!("questions.{i}.required"), flag(q.required)));
    }
    for (i, s) in raw.sessions.iter().enumerate() {
        p.push((format!("sessions.{i}.title"), s.title.clone()));
        p.push((format!("sessions.{i}.date"), s.date.clone()));
        p.push((format!("sessions.{i}.start"), s.start.clone()));
        p.push((format!("sessions.{i}.end"), s.end.clone()));
    }
    p
}

/// Index and part of a row field such as `sessions.2.date`.
fn row_field<'a>(key: &'a str, group: &str) -> Option<(usize, &'a str)> {
    let rest = key.strip_prefix(group)?.strip_prefix('.')?;
    let (i, part) = rest.split_once('.')?;
    Some((i.parse().ok()?, part))
}

/// The form as a `RawEvent`. Rows left entirely empty at the end are dropped, so the
/// spare rows the form offers never count against the limits; the second value is false
/// when a facilitator value was not a number.
pub fn raw_from(f: &Fields) -> (RawEvent, bool) {
    let mut raw = RawEvent::default();
    let mut facilitators_ok = true;
    let mut sessions: Vec<RawSession> = Vec::new();
    let mut questions: Vec<RawQuestion> = Vec::new();
    for (k, v) in &f.0 {
        match k.as_str() {
            "title" => raw.title = v.clone(),
            "slug" => raw.slug = v.clone(),
            "description" => raw.description = v.clone(),
            "format" => raw.format = v.clone(),
            "timezone" => raw.timezone = v.clone(),
            "venue" => raw.venue = v.clone(),
            "address" => raw.address = v.clone(),
            "city" => raw.city = v.clone(),
            "state" => raw.state = v.clone(),
            "accessibility" => raw.accessibility = v.clone(),
            "join_url" => raw.join_url = v.clone(),
            "capacity" => raw.capacity = v.clone(),
            "registration_opens" => raw.registration_opens = v.clone(),
            "registration_closes" => raw.registration_closes = v.clone(),
            "language" => raw.language = v.clone(),
            "ce_hours" => raw.ce_hours = v.clone(),
            "ask_access" => raw.ask_access = !v.is_empty(),
            "ask_interpreter" => raw.ask_interpreter = !v.is_empty(),
            "ask_dietary" => raw.ask_dietary = !v.is_empty(),
            "published" => raw.published = !v.is_empty(),
            "audience" => raw.audience.push(v.clone()),
            "topics" => raw.topics.push(v.clone()),
            "facilitators" => match v.trim().parse::<i64>() {
                Ok(id) => raw.facilitators.push(id),
                Err(_) => facilitators_ok = false,
            },
            _ => {
                if let Some((i, part)) = row_field(k, "sessions") {
                    if i < 100 {
                        if sessions.len() <= i {
                            sessions.resize(i + 1, RawSession::default());
                        }
                        let s = &mut sessions[i];
                        match part {
                            "title" => s.title = v.clone(),
                            "date" => s.date = v.clone(),
                            "start" => s.start = v.clone(),
                            "end" => s.end = v.clone(),
                            _ => {}
                        }
                    }
                } else if let Some((i, part)) = row_field(k, "questions") {
                    if i < 100 {
                        if questions.len() <= i {
                            questions.resize(i + 1, RawQuestion::default());
                        }
                        match part {
                            "label" => questions[i].label = v.clone(),
                            "required" => questions[i].required = !v.is_empty(),
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    while sessions.last().is_some_and(|s| {
        [&s.title, &s.date, &s.start, &s.end]
            .iter()
            .all(|x| x.trim().is_empty())
    }) {
        sessions.pop();
    }
    while questions.last().is_some_and(|q| q.label.trim().is_empty()) {
        questions.pop();
    }
    raw.sessions = sessions;
    raw.questions = questions;
    (raw, facilitators_ok)
}

impl FormPage {
    async fn new(
        state: &AppState,
        ctx: Ctx,
        form: Form,
        event_id: Option<i64>,
    ) -> AppResult<FormPage> {
        let (heading, action) = match event_id {
            None => (
                ctx.t("staff-event-new-title"),
                "/staff/events/new".to_string(),
            ),
            Some(id) => (
                ctx.t("staff-event-edit-title"),
                format!("/staff/events/{id}/edit"),
            ),
        };
        let filled = (0..MAX_SESSIONS)
            .filter(|i| {
                ["title", "date", "start", "end"]
                    .iter()
                    .any(|p| !form.v(&format!("sessions.{i}.{p}")).is_empty())
            })
            .max()
            .map(|i| i + 1)
            .unwrap_or(0);
        let n_sessions = (filled + 2).clamp(3, MAX_SESSIONS);
        let sessions = (0..n_sessions)
            .map(|i| {
                let v = |p: &str| form.v(&format!("sessions.{i}.{p}")).to_string();
                SessionRow {
                    i,
                    title: v("title"),
                    date: v("date"),
                    start: v("start"),
                    end: v("end"),
                }
            })
            .collect();
        let questions = (0..MAX_QUESTIONS)
            .map(|i| QuestionRow {
                i,
                label: form.v(&format!("questions.{i}.label")).to_string(),
                required: !form.v(&format!("questions.{i}.required")).is_empty(),
            })
            .collect();
        let facilitators = model::facilitator_choices(&state.db).await?;
        let capacity_hint = match event_id {
            Some(id) => ctx.tn(
                "staff-event-hint-capacity",
                model::counts(&state.db, id).await?.0,
            ),
            None => String::new(),
        };
        Ok(FormPage {
            ctx,
            form,
            heading,
            action,
            event_id,
            sessions,
            questions,
            facilitators,
            zones: time::ZONES,
            states: STATES,
            topics: TOPICS,
            audiences: AUDIENCES,
            languages: LANGUAGES,
            formats: input::FORMATS,
            capacity_hint,
        })
    }
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let raw = RawEvent {
        format: "in_person".into(),
        timezone: "America/Chicago".into(),
        language: "en".into(),
        ask_access: true,
        ask_interpreter: true,
        ..RawEvent::default()
    };
    let form = Form::from_pairs(pairs_of(&raw).iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let page = FormPage::new(&state, ctx, form, None).await?;
    render(&page)
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let raw = e.raw(
        &model::sessions(&state.db, id).await?,
        &model::facilitator_ids(&state.db, id).await?,
    );
    let form = Form::from_pairs(pairs_of(&raw).iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let page = FormPage::new(&state, ctx, form, Some(id)).await?;
    render(&page)
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    save(state, ctx, f, None).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    save(state, ctx, f, Some(id)).await
}

async fn save(state: AppState, ctx: Ctx, f: Fields, id: Option<i64>) -> AppResult<Response> {
    let (raw, facilitators_ok) = raw_from(&f);
    let mut errors: Vec<(String, &'static str)> = Vec::new();
    if !facilitators_ok {
        errors.push(("facilitators".into(), "error-event-facilitators"));
    }
    let parsed = input::parse(&raw);
    match &parsed {
        Err(e) => errors.extend(e.iter().cloned()),
        Ok(input) => {
            errors.extend(model::check(&state.db, id, input).await?);
            if let Some(id) = id {
                let (confirmed, _) = model::counts(&state.db, id).await?;
                if input.capacity < confirmed {
                    errors.push(("capacity".into(), "error-event-capacity-below"));
                }
            }
        }
    }
    let input = match parsed {
        Ok(input) if errors.is_empty() => input,
        _ => {
            let mut form = f.form();
            for (field, key) in errors {
                form.add(&field, ctx.t(key));
            }
            let page = FormPage::new(&state, ctx, form, id).await?;
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let user = ctx.require_user()?.id;
    let mut tx = state.db.tx().await?;
    let event_id = model::save(&mut tx, id, &input, Some(user)).await?;
    let action = if id.is_some() {
        "event.edit"
    } else {
        "event.create"
    };
    audit::record(
        &mut *tx,
        Some(user),
        action,
        &format!("event:{event_id}"),
        &ctx.ip,
        &input.title,
    )
    .await?;
    tx.commit().await?;
    if id.is_some() {
        refill(&state, event_id).await?;
    }
    let flash = if id.is_some() {
        "staff-event-flash-saved"
    } else {
        "staff-event-flash-created"
    };
    Ok(redirect_with_flash(
        &state,
        &format!("/staff/events/{event_id}"),
        flash,
    ))
}

async fn refill(state: &AppState, event_id: i64) -> AppResult<()> {
    match seats::refill(state, event_id).await {
        Ok(_) | Err(SeatError::NotFound) => Ok(()),
        Err(SeatError::Db(e)) => Err(e.into()),
        Err(_) => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------
// Cancelling an event
// ---------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "events/staff/cancel.html")]
pub struct CancelPage {
    pub ctx: Ctx,
    pub event: Event,
    pub confirmed: i64,
    pub waitlisted: i64,
}

pub async fn cancel_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let event = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (confirmed, waitlisted) = model::counts(&state.db, id).await?;
    render(&CancelPage {
        ctx,
        event,
        confirmed,
        waitlisted,
    })
}

pub async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let event = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if f.get("confirm") != "yes" {
        return Ok(redirect_with_flash(
            &state,
            &format!("/staff/events/{id}/cancel"),
            "staff-event-cancel-unconfirmed",
        ));
    }
    if event.cancelled_at.is_none() {
        let user = ctx.require_user()?.id;
        let mut tx = state.db.tx().await?;
        let done = sqlx::query("UPDATE events SET cancelled_at = $1, updated_at = $1 WHERE id = $2 AND cancelled_at IS NULL").bind(now()).bind(id).execute(&mut *tx).await?;
        if done.rows_affected() > 0 {
            notices::event_cancelled(&mut tx, id).await?;
            audit::record(
                &mut *tx,
                Some(user),
                "event.cancel",
                &format!("event:{id}"),
                &ctx.ip,
                &event.title,
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(redirect_with_flash(
        &state,
        &format!("/staff/events/{id}"),
        "staff-event-flash-cancelled",
    ))
}

// ---------------------------------------------------------------------------------------
// Registrations
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
pub struct Registrant {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub organization: String,
    pub status: String,
    pub waitlist_seq: Option<i64>,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub answers: Vec<(String, String)>,
    /// Sessions marked present / marked at all.
    pub present: i64,
    pub marked: i64,
}

/// Every registration for an event: confirmed by name, the waitlist in order, then
/// cancelled ones. Answers are labelled in the viewer's language.
pub async fn registrants(db: &Db, ctx: &Ctx, e: &Event) -> sqlx::Result<Vec<Registrant>> {
    let rows = sqlx::query(
        "SELECT r.id, r.user_id, u.name, u.email, r.status, r.waitlist_seq, r.answers, r.created_at, r.confirmed_at, r.cancelled_at, \
         (SELECT MIN(o.name) FROM memberships m JOIN organizations o ON o.id = m.org_id WHERE m.user_id = r.user_id) AS org, \
         (SELECT COUNT(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1) AS present, \
         (SELECT COUNT(*) FROM attendance a WHERE a.registration_id = r.id) AS marked \
         FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 \
         ORDER BY CASE r.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.waitlist_seq, u.name, r.id",
    )
    .bind(e.id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let stored: serde_json::Value =
                serde_json::from_str(&r.try_get::<String, _>("answers")?).unwrap_or_default();
            Ok(Registrant {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                organization: r.try_get::<Option<String>, _>("org")?.unwrap_or_default(),
                status: r.try_get("status")?,
                waitlist_seq: r.try_get("waitlist_seq")?,
                created_at: r.try_get("created_at")?,
                confirmed_at: r.try_get("confirmed_at")?,
                cancelled_at: r.try_get("cancelled_at")?,
                answers: answers::labelled(e, &stored, |k| ctx.t(k)),
                present: r.try_get("present")?,
                marked: r.try_get("marked")?,
            })
        })
        .collect()
}

pub struct Rating {
    pub key: &'static str,
    /// "4.3", or "–" with no answers.
    pub average: String,
    /// How many gave 1, 2, 3, 4 and 5.
    pub counts: Vec<(i64, i64)>,
}

pub struct Evaluations {
    pub count: i64,
    pub ratings: Vec<Rating>,
    pub comments: Vec<String>,
}

pub const RATINGS: &[&str] = &["relevance", "clarity", "usefulness", "facilitation"];

pub async fn evaluations(db: &Db, event_id: i64) -> sqlx::Result<Evaluations> {
    let rows = sqlx::query(
        "SELECT v.relevance, v.clarity, v.usefulness, v.facilitation, v.comment FROM event_evaluations v \
         JOIN registrations r ON r.id = v.registration_id WHERE r.event_id = $1 ORDER BY v.created_at, v.registration_id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await?;
    let mut ratings = Vec::new();
    for key in RATINGS {
        let scores: Vec<i64> = rows
            .iter()
            .map(|r| r.try_get::<i64, _>(*key))
            .collect::<sqlx::Result<_>>()?;
        let average = if scores.is_empty() {
            "–".to_string()
        } else {
            format!(
                "{:.1}",
                scores.iter().sum::<i64>() as f64 / scores.len() as f64
            )
        };
        let counts = (1..=5)
            .map(|s| (s, scores.iter().filter(|x| **x == s).count() as i64))
            .collect();
        ratings.push(Rating {
            key,
            average,
            counts,
        });
    }
    let comments = rows
        .iter()
        .filter_map(|r| r.try_get::<String, _>("comment").ok())
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    Ok(Evaluations {
        count: rows.len() as i64,
        ratings,
        comments,
    })
}

#[derive(Template)]
#[template(path = "events/staff/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub event: Event,
    pub sessions: Vec<(Session, String)>,
    pub confirmed: Vec<Registrant>,
    pub waitlist: Vec<Registrant>,
    pub cancelled: Vec<Registrant>,
    pub evals: Evaluations,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let event = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sessions = model::sessions(&state.db, id)
        .await?
        .into_iter()
        .map(|s| {
            let w = event.when(&s);
            (s, w)
        })
        .collect();
    let all = registrants(&state.db, &ctx, &event).await?;
    let (mut confirmed, mut waitlist, mut cancelled) = (Vec::new(), Vec::new(), Vec::new());
    for r in all {
        match r.status.as_str() {
            seats::CONFIRMED => confirmed.push(r),
            seats::WAITLISTED => waitlist.push(r),
            _ => cancelled.push(r),
        }
    }
    let evals = evaluations(&state.db, id).await?;
    render(&ShowPage {
        ctx,
        event,
        sessions,
        confirmed,
        waitlist,
        cancelled,
        evals,
    })
}

async fn seat_result(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    registration: i64,
    r: Result<(), SeatError>,
    ok: &str,
) -> AppResult<Response> {
    let to = format!("/staff/events/{id}");
    match r {
        Ok(()) => {
            let action = format!("event.{}", ok.rsplit('-').next().unwrap_or("seat"));
            audit::record(
                &state.db.pool,
                ctx.user_id(),
                &action,
                &format!("registration:{registration}"),
                &ctx.ip,
                &format!("event:{id}"),
            )
            .await?;
            Ok(redirect_with_flash(state, &to, ok))
        }
        Err(SeatError::Full) => Ok(redirect_with_flash(state, &to, "staff-event-flash-full")),
        Err(SeatError::NotRegistered) => {
            Ok(redirect_with_flash(state, &to, "staff-event-flash-gone"))
        }
        Err(SeatError::NotFound) => Err(AppError::NotFound),
        Err(SeatError::Closed | SeatError::TooLate) => {
            Ok(redirect_with_flash(state, &to, "staff-event-flash-gone"))
        }
        Err(SeatError::Db(e)) => Err(e.into()),
    }
}

fn registration_id(f: &Fields) -> AppResult<i64> {
    f.text("registration")
        .parse()
        .map_err(|_| AppError::BadRequest("registration".into()))
}

pub async fn promote(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let reg = registration_id(&f)?;
    let r = seats::promote(&state, id, reg).await;
    seat_result(&state, &ctx, id, reg, r, "staff-event-flash-promoted").await
}

pub async fn move_waitlisted(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let up = f.text("dir") == "up";
    let reg = registration_id(&f)?;
    let r = seats::move_on_waitlist(&state, id, reg, up).await;
    seat_result(&state, &ctx, id, reg, r, "staff-event-flash-moved").await
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let reg = registration_id(&f)?;
    let r = seats::remove(&state, id, reg).await.map(|_| ());
    seat_result(&state, &ctx, id, reg, r, "staff-event-flash-removed").await
}

// ---------------------------------------------------------------------------------------
// CSV exports
// ---------------------------------------------------------------------------------------

/// A cell a spreadsheet will not run as a formula.
pub fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn csv_response(name: &str, rows: Vec<Vec<String>>) -> AppResult<Response> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r.iter().map(|c| cell(c)))
            .map_err(|e| AppError::Other(e.into()))?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Other(anyhow::anyhow!("{e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

fn iso(ts: Option<i64>) -> String {
    ts.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

pub async fn registrations_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let event = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let regs = registrants(&state.db, &ctx, &event).await?;
    let questions: Vec<String> = answers::fields(&event)
        .into_iter()
        .map(|(field, label, _, _)| {
            if field.starts_with('q') && field[1..].chars().all(|c| c.is_ascii_digit()) {
                label
            } else {
                ctx.t(&label)
            }
        })
        .collect();
    let mut header = vec![
        "name",
        "email",
        "organization",
        "status",
        "waitlist_position",
        "registered_at",
        "confirmed_at",
        "cancelled_at",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    header.extend(questions.iter().cloned());
    let mut rows = vec![header];
    let mut position = 0;
    for r in &regs {
        let pos = if r.status == seats::WAITLISTED {
            position += 1;
            position.to_string()
        } else {
            String::new()
        };
        let mut row = vec![
            r.name.clone(),
            r.email.clone(),
            r.organization.clone(),
            r.status.clone(),
            pos,
            iso(Some(r.created_at)),
            iso(r.confirmed_at),
            iso(r.cancelled_at),
        ];
        for q in &questions {
            row.push(
                r.answers
                    .iter()
                    .find(|(l, _)| l == q)
                    .map(|(_, a)| a.clone())
                    .unwrap_or_default(),
            );
        }
        rows.push(row);
    }
    csv_response(&format!("{}-registrations.csv", event.slug), rows)
}

pub async fn attendance_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let event = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sessions = model::sessions(&state.db, id).await?;
    let marks = sqlx::query("SELECT a.registration_id, a.session_id, a.present FROM attendance a JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = $1")
        .bind(id)
        .fetch_all(&state.db.pool)
        .await?;
    let mut map: HashMap<(i64, i64), bool> = HashMap::new();
    for m in marks {
        map.insert(
            (m.try_get("registration_id")?, m.try_get("session_id")?),
            m.try_get::<i64, _>("present")? == 1,
        );
    }
    let mut header = vec!["name".to_string(), "email".to_string()];
    header.extend(sessions.iter().map(|s| {
        if s.title.is_empty() {
            event.when(s)
        } else {
            format!("{} ({})", s.title, event.when(s))
        }
    }));
    header.push("sessions_attended".into());
    let mut rows = vec![header];
    for r in registrants(&state.db, &ctx, &event)
        .await?
        .into_iter()
        .filter(|r| r.status == seats::CONFIRMED)
    {
        let mut row = vec![r.name.clone(), r.email.clone()];
        for s in &sessions {
            row.push(match map.get(&(r.id, s.id)) {
                Some(true) => "present".into(),
                Some(false) => "absent".into(),
                None => String::new(),
            });
        }
        row.push(r.present.to_string());
        rows.push(row);
    }
    csv_response(&format!("{}-attendance.csv", event.slug), rows)
}

pub async fn evaluations_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let event = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = sqlx::query(
        "SELECT v.relevance, v.clarity, v.usefulness, v.facilitation, v.comment, v.created_at FROM event_evaluations v \
         JOIN registrations r ON r.id = v.registration_id WHERE r.event_id = $1 ORDER BY v.created_at, v.registration_id",
    )
    .bind(id)
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = vec![RATINGS
        .iter()
        .map(|s| s.to_string())
        .chain(["comment".to_string(), "submitted_at".to_string()])
        .collect::<Vec<_>>()];
    for r in rows {
        let mut row: Vec<String> = Vec::new();
        for k in RATINGS {
            row.push(r.try_get::<i64, _>(*k)?.to_string());
        }
        row.push(r.try_get("comment")?);
        row.push(iso(Some(r.try_get("created_at")?)));
        out.push(row);
    }
    csv_response(&format!("{}-evaluations.csv", event.slug), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_formulas_are_defused() {
        for s in ["=SUM(A1)", "+1", "-2", "@cmd"] {
            assert_eq!(cell(s), format!("'{s}"));
        }
        assert_eq!(cell("Ana Ruiz"), "Ana Ruiz");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn spare_rows_are_dropped_but_numbering_is_kept() {
        let pairs = [
            ("title", "T"),
            ("sessions.1.date", "2026-12-03"),
            ("sessions.3.date", ""),
            ("questions.0.label", ""),
            ("questions.1.label", "Role?"),
            ("questions.1.required", "1"),
            ("questions.2.label", ""),
            ("facilitators", "7"),
            ("facilitators", "x"),
        ];
        let (raw, ok) = raw_from(&Fields(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ));
        assert!(!ok);
        assert_eq!(
            raw.sessions.len(),
            2,
            "row 1 keeps its index; rows after it are spare"
        );
        assert_eq!(raw.sessions[1].date, "2026-12-03");
        assert_eq!(raw.questions.len(), 2);
        assert!(raw.questions[1].required);
        assert_eq!(raw.facilitators, vec![7]);
    }
}
