//! What learners see of live trainings: the list and month calendar, a training's page
//! with seats left, registering with the training's questions, cancelling, "my trainings",
//! calendar files and the personal feed, and the evaluation after the training.

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use sqlx::Row;

use super::{
    answers, ics,
    model::{self, Event, Filter, Session},
    notices, seats,
};
use crate::{
    accounts::model::Role,
    app::AppState,
    certificates::{self, Certificate},
    db::now,
    orgs::model::STATES,
    topics::{LANGUAGES, TOPICS},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

/// Where a training's registration stands, for the badge on lists and pages.
#[derive(Clone, Debug)]
pub struct Seats {
    pub capacity: i64,
    pub left: i64,
    pub waiting: i64,
    /// open, full, soon, closed, cancelled, over
    pub state: &'static str,
}

impl Seats {
    pub fn of(e: &Event, confirmed: i64, waiting: i64, last_end: i64) -> Seats {
        let t = now();
        let state = if e.cancelled_at.is_some() {
            "cancelled"
        } else if last_end <= t {
            "over"
        } else if t < e.registration_opens_at {
            "soon"
        } else if t >= e.registration_closes_at {
            "closed"
        } else if confirmed >= e.capacity {
            "full"
        } else {
            "open"
        };
        Seats {
            capacity: e.capacity,
            left: (e.capacity - confirmed).max(0),
            waiting,
            state,
        }
    }
}

pub struct Item {
    pub event: Event,
    pub when: String,
    pub session_count: usize,
    pub seats: Seats,
}

async fn item(state: &AppState, event: Event) -> AppResult<Item> {
    let sessions = model::sessions(&state.db, event.id).await?;
    let (confirmed, waiting) = model::counts(&state.db, event.id).await?;
    let last_end = sessions.iter().map(|s| s.ends_at).max().unwrap_or(0);
    let when = sessions.first().map(|s| event.when(s)).unwrap_or_default();
    let seats = Seats::of(&event, confirmed, waiting, last_end);
    Ok(Item {
        event,
        when,
        session_count: sessions.len(),
        seats,
    })
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub view: String,
    #[serde(default)]
    pub month: String,
}

impl ListQuery {
    /// Unknown filter values are ignored, as a search box would.
    fn filter(&self) -> Filter {
        let keep = |v: &str, ok: bool| if ok { v.to_string() } else { String::new() };
        Filter {
            q: self.q.chars().take(200).collect(),
            topic: keep(&self.topic, TOPICS.contains(&self.topic.as_str())),
            format: keep(
                &self.format,
                super::input::FORMATS.contains(&self.format.as_str()),
            ),
            state: keep(&self.state, STATES.iter().any(|(c, _)| *c == self.state)),
            language: keep(&self.language, LANGUAGES.contains(&self.language.as_str())),
            past: false,
            include_drafts: false,
        }
    }
}

/// One day cell of the month calendar.
pub struct Day {
    pub day: u32,
    pub in_month: bool,
    pub today: bool,
    /// (slug, title, local start time)
    pub items: Vec<(String, String, String)>,
}

pub struct Month {
    pub label: String,
    pub prev: String,
    pub next: String,
    pub weeks: Vec<Vec<Day>>,
}

impl Month {
    /// Whether any day of the month has a session, so an empty month can say so in words.
    pub fn has_trainings(&self) -> bool {
        self.weeks.iter().flatten().any(|d| !d.items.is_empty())
    }
}

#[derive(Template)]
#[template(path = "events/public/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub filter: Filter,
    pub items: Vec<Item>,
    pub month: Option<Month>,
    pub topics: &'static [&'static str],
    pub formats: &'static [&'static str],
    pub states: &'static [(&'static str, &'static str)],
    pub languages: &'static [&'static str],
    pub query: String,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let filter = q.filter();
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &filter.q)
        .append_pair("topic", &filter.topic)
        .append_pair("format", &filter.format)
        .append_pair("state", &filter.state)
        .append_pair("language", &filter.language)
        .finish();
    let (items, month) = if q.view == "calendar" {
        let mut f = filter.clone();
        f.past = true;
        (
            Vec::new(),
            Some(month_grid(&state, &ctx, &f, &q.month, &query).await?),
        )
    } else {
        let mut items = Vec::new();
        for (event, _) in model::list(&state.db, &filter).await? {
            items.push(item(&state, event).await?);
        }
        (items, None)
    };
    render(&ListPage {
        ctx,
        filter,
        items,
        month,
        topics: TOPICS,
        formats: super::input::FORMATS,
        states: STATES,
        languages: LANGUAGES,
        query,
    })
}

async fn month_grid(
    state: &AppState,
    ctx: &Ctx,
    f: &Filter,
    month: &str,
    query: &str,
) -> AppResult<Month> {
    let today = chrono::Utc::now().date_naive();
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&d.year()))
        .unwrap_or_else(|| today.with_day(1).unwrap_or(today));
    let next_first = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let prev_first = first
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(first);
    // Sessions of matching trainings, by their local date in the training's own zone.
    let mut by_day: BTreeMap<NaiveDate, Vec<(String, String, String)>> = BTreeMap::new();
    for (event, _) in model::list(&state.db, f).await? {
        for s in model::sessions(&state.db, event.id).await? {
            let local = super::time::local(event.tz(), s.starts_at);
            let d = local.date_naive();
            if d >= first && d < next_first {
                by_day.entry(d).or_default().push((
                    event.slug.clone(),
                    event.title.clone(),
                    local.format("%H:%M %Z").to_string(),
                ));
            }
        }
    }
    let start = first - chrono::Days::new(first.weekday().num_days_from_monday() as u64);
    let mut weeks = Vec::new();
    let mut d = start;
    while d < next_first || weeks.is_empty() {
        let mut week = Vec::new();
        for _ in 0..7 {
            week.push(Day {
                day: d.day(),
                in_month: d.month() == first.month(),
                today: d == today,
                items: by_day.remove(&d).unwrap_or_default(),
            });
            d = d + chrono::Days::new(1);
        }
        weeks.push(week);
    }
    let link = |m: NaiveDate| {
        format!(
            "/trainings?view=calendar&month={}&{}",
            m.format("%Y-%m"),
            query
        )
    };
    Ok(Month {
        label: ctx.t2(
            "trainings-month",
            "month",
            ctx.t(&format!("month-{}", first.month())),
            "year",
            first.year(),
        ),
        prev: link(prev_first),
        next: link(next_first),
        weeks,
    })
}

/// A published training, or a draft for staff previewing it.
pub async fn visible(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Event> {
    let event = model::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !event.published && !ctx.is_at_least(Role::Staff) {
        return Err(AppError::NotFound);
    }
    Ok(event)
}

/// The signed-in person's place at a training.
pub struct MyPlace {
    pub id: i64,
    pub status: String,
    pub position: i64,
    pub answers: Vec<(String, String)>,
    pub attended: bool,
    pub evaluated: bool,
    /// A place given up that can still be taken back: until when (the training's local
    /// time), and what it was.
    pub undo_until: Option<String>,
    pub undo_status: String,
}

async fn my_place(state: &AppState, ctx: &Ctx, e: &Event) -> AppResult<Option<MyPlace>> {
    let Some(uid) = ctx.user_id() else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT r.id, r.status, r.waitlist_seq, r.answers, r.undo_until, r.undo_status, \
         (SELECT COUNT(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1) AS present, \
         (SELECT COUNT(*) FROM event_evaluations v WHERE v.registration_id = r.id) AS evaluated \
         FROM registrations r WHERE r.event_id = $1 AND r.user_id = $2",
    )
    .bind(e.id)
    .bind(uid)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let status: String = r.try_get("status")?;
    let position = match r.try_get::<Option<i64>, _>("waitlist_seq")? {
        Some(seq) if status == seats::WAITLISTED => {
            let mut conn = state.db.pool.acquire().await?;
            seats::position(&mut conn, e.id, seq).await?
        }
        _ => 0,
    };
    let stored: serde_json::Value =
        serde_json::from_str(&r.try_get::<String, _>("answers")?).unwrap_or_default();
    Ok(Some(MyPlace {
        id: r.try_get("id")?,
        position,
        answers: answers::labelled(e, &stored, |k| ctx.t(k)),
        attended: r.try_get::<i64, _>("present")? > 0,
        evaluated: r.try_get::<i64, _>("evaluated")? > 0,
        undo_until: r
            .try_get::<Option<i64>, _>("undo_until")?
            .filter(|u| *u > now() && status == seats::CANCELLED)
            .map(|u| e.at(u)),
        undo_status: r
            .try_get::<Option<String>, _>("undo_status")?
            .unwrap_or_default(),
        status,
    }))
}

pub struct Question {
    pub field: String,
    pub label: String,
    pub hint: String,
    pub required: bool,
    pub long: bool,
}

#[derive(Template)]
#[template(path = "events/public/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub event: Event,
    pub description_html: String,
    pub sessions: Vec<(Session, String)>,
    pub facilitators: Vec<(i64, String)>,
    pub seats: Seats,
    pub place: Option<MyPlace>,
    pub questions: Vec<Question>,
    pub form: Form,
    pub certificate: Option<Certificate>,
    pub ended: bool,
    /// Confirmed or waitlisted (a cancelled place may register again).
    pub holds_place: bool,
}

async fn show_page(state: &AppState, ctx: Ctx, event: Event, form: Form) -> AppResult<ShowPage> {
    let sessions = model::sessions(&state.db, event.id).await?;
    let (confirmed, waiting) = model::counts(&state.db, event.id).await?;
    let last_end = sessions.iter().map(|s| s.ends_at).max().unwrap_or(0);
    let seats = Seats::of(&event, confirmed, waiting, last_end);
    let ids = model::facilitator_ids(&state.db, event.id).await?;
    let mut facilitators = Vec::new();
    for id in ids {
        if let Some(u) = crate::accounts::model::by_id(&state.db.pool, id).await? {
            facilitators.push((u.id, u.name));
        }
    }
    let place = my_place(state, &ctx, &event).await?;
    let certificate = match ctx.user_id() {
        Some(uid) => {
            certificates::model::for_source(
                &state.db,
                certificates::model::KIND_EVENT,
                event.id,
                uid,
            )
            .await?
        }
        None => None,
    };
    let questions = answers::fields(&event)
        .into_iter()
        .map(|(field, label, required, long)| {
            let fixed = ["access", "interpreter", "dietary"].contains(&field.as_str());
            let hint = match field.as_str() {
                "access" | "interpreter" => ctx.t(&format!("{label}-hint")),
                _ => String::new(),
            };
            Question {
                label: if fixed { ctx.t(&label) } else { label },
                hint,
                field,
                required,
                long,
            }
        })
        .collect();
    let description_html =
        crate::markdown::to_html(&event.description, &ctx.t("trainings-video-title"));
    let sessions = sessions
        .into_iter()
        .map(|s| (s.clone(), event.when(&s)))
        .collect();
    let holds_place = place
        .as_ref()
        .is_some_and(|p| p.status != seats::CANCELLED || p.undo_until.is_some());
    Ok(ShowPage {
        ctx,
        event,
        description_html,
        sessions,
        facilitators,
        seats,
        place,
        questions,
        form,
        certificate,
        ended: last_end <= now(),
        holds_place,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let event = visible(&state, &ctx, &slug).await?;
    render(&show_page(&state, ctx, event, Form::new()).await?)
}

pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    fields: Fields,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let event = visible(&state, &ctx, &slug).await?;
    let asked = answers::fields(&event);
    // Only the questions asked are read from the form; the CSRF field and buttons are not answers.
    let raw: BTreeMap<String, String> = asked
        .iter()
        .map(|(f, ..)| (f.clone(), fields.get(f).to_string()))
        .collect();
    let mut form = fields.form();
    let answers = match answers::check(&event, &raw) {
        Ok(a) => a,
        Err(errors) => {
            for (field, key) in errors {
                form.add(&field, ctx.t(key));
            }
            let page = show_page(&state, ctx, event, form).await?;
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let back = notices::event_path(&event);
    match seats::register(&state, event.id, user.id, &answers).await {
        Ok(place) if place.status == seats::CONFIRMED => Ok(redirect_with_flash(
            &state,
            &back,
            if place.new {
                "flash-training-confirmed"
            } else {
                "flash-training-already"
            },
        )),
        Ok(place) => Ok(redirect_with_flash(
            &state,
            &back,
            if place.new {
                "flash-training-waitlisted"
            } else {
                "flash-training-already"
            },
        )),
        Err(seats::SeatError::Closed) => {
            form.general = Some(ctx.t("error-training-closed"));
            let page = show_page(&state, ctx, event, form).await?;
            render_status(StatusCode::CONFLICT, &page)
        }
        Err(seats::SeatError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(AppError::Other(e.into())),
    }
}

#[derive(Template)]
#[template(path = "events/public/cancel.html")]
pub struct CancelPage {
    pub ctx: Ctx,
    pub event: Event,
    pub place: MyPlace,
    pub sessions: Vec<String>,
    /// People on the waitlist now (for a confirmed place: who would get it).
    pub waiting: i64,
    pub undo_minutes: i64,
}

/// "Give up your place?": what will happen, before it happens.
pub async fn cancel_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let event = visible(&state, &ctx, &slug).await?;
    let place = match my_place(&state, &ctx, &event).await? {
        Some(p) if p.status != seats::CANCELLED => p,
        _ => {
            return Ok(redirect_with_flash(
                &state,
                &notices::event_path(&event),
                "flash-training-not-registered",
            ))
        }
    };
    let (_, waiting) = model::counts(&state.db, event.id).await?;
    let sessions = model::sessions(&state.db, event.id)
        .await?
        .iter()
        .map(|s| event.when(s))
        .collect();
    render(&CancelPage {
        ctx,
        event,
        place,
        sessions,
        waiting,
        undo_minutes: seats::UNDO_SECS / 60,
    })
}

pub async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let event = visible(&state, &ctx, &slug).await?;
    match seats::cancel(&state, event.id, user.id, true).await {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &notices::event_path(&event),
            "flash-training-cancelled",
        )),
        Err(seats::SeatError::NotRegistered) => Ok(redirect_with_flash(
            &state,
            &notices::event_path(&event),
            "flash-training-not-registered",
        )),
        Err(e) => Err(AppError::Other(e.into())),
    }
}

/// Takes back a place given up moments ago.
pub async fn undo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let event = visible(&state, &ctx, &slug).await?;
    let flash = match seats::undo_cancel(&state, event.id, user.id).await {
        Ok(_) => "flash-training-undone",
        Err(seats::SeatError::TooLate) => "flash-training-undo-too-late",
        Err(seats::SeatError::NotRegistered) => "flash-training-not-registered",
        Err(e) => return Err(AppError::Other(e.into())),
    };
    Ok(redirect_with_flash(
        &state,
        &notices::event_path(&event),
        flash,
    ))
}

fn ics_response(name: &str, body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.ics\""),
            ),
            (header::CACHE_CONTROL, "private, max-age=300".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The training as a calendar file anyone can add (no join link: that is for registered people).
pub async fn calendar_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let event = visible(&state, &ctx, &slug).await?;
    let sessions = model::sessions(&state.db, event.id).await?;
    let url = crate::accounts::link(&state, &notices::event_path(&event));
    let entry = ics::Entry {
        event: &event,
        sessions: &sessions,
        url,
        with_join_link: false,
        cancelled: false,
        changed_at: event.updated_at,
    };
    let body = ics::calendar(
        &event.title,
        &ics::host(&state.cfg.base_url),
        ics::Method::Publish,
        &[entry],
    );
    Ok(ics_response(&event.slug, body))
}

pub struct Mine {
    pub event: Event,
    pub when: String,
    pub status: String,
    pub position: i64,
    pub ended: bool,
    pub can_evaluate: bool,
    pub certificate: Option<Certificate>,
}

#[derive(Template)]
#[template(path = "events/public/mine.html")]
pub struct MinePage {
    pub ctx: Ctx,
    pub upcoming: Vec<Mine>,
    pub past: Vec<Mine>,
    pub feed_url: String,
}

/// The person's feed token, made on first use.
async fn feed_token(state: &AppState, user_id: i64) -> AppResult<String> {
    if let Some(r) = sqlx::query("SELECT token FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&state.db.pool)
        .await?
    {
        return Ok(r.try_get("token")?);
    }
    let token = crate::util::random_token();
    sqlx::query("INSERT INTO calendar_feeds (user_id, token, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING")
        .bind(user_id)
        .bind(&token)
        .bind(now())
        .execute(&state.db.pool)
        .await?;
    let r = sqlx::query("SELECT token FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&state.db.pool)
        .await?;
    Ok(r.try_get("token")?)
}

/// (event id, status, waitlist_seq, registration updated_at, attended, evaluated) of a person's registrations.
async fn registrations_of(
    state: &AppState,
    user_id: i64,
) -> AppResult<Vec<(i64, String, Option<i64>, i64, bool, bool)>> {
    let rows = sqlx::query(
        "SELECT r.event_id, r.status, r.waitlist_seq, r.updated_at, \
         (SELECT COUNT(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1) AS present, \
         (SELECT COUNT(*) FROM event_evaluations v WHERE v.registration_id = r.id) AS evaluated \
         FROM registrations r WHERE r.user_id = $1 ORDER BY r.id",
    )
    .bind(user_id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("event_id")?,
                r.try_get("status")?,
                r.try_get("waitlist_seq")?,
                r.try_get("updated_at")?,
                r.try_get::<i64, _>("present")? > 0,
                r.try_get::<i64, _>("evaluated")? > 0,
            ))
        })
        .collect::<sqlx::Result<_>>()
        .map_err(Into::into)
}

pub async fn mine(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    let mut rows = Vec::new();
    for (event_id, status, seq, _, attended, evaluated) in registrations_of(&state, user.id).await?
    {
        let Some(event) = model::by_id(&state.db, event_id).await? else {
            continue;
        };
        let sessions = model::sessions(&state.db, event.id).await?;
        let first = sessions.first().map(|s| s.starts_at).unwrap_or(0);
        let last_end = sessions.iter().map(|s| s.ends_at).max().unwrap_or(0);
        let position = match seq {
            Some(seq) if status == seats::WAITLISTED => {
                let mut conn = state.db.pool.acquire().await?;
                seats::position(&mut conn, event.id, seq).await?
            }
            _ => 0,
        };
        let ended = last_end <= now();
        let certificate = certificates::model::for_source(
            &state.db,
            certificates::model::KIND_EVENT,
            event.id,
            user.id,
        )
        .await?;
        let when = sessions.first().map(|s| event.when(s)).unwrap_or_default();
        let can_evaluate = ended && attended && !evaluated && status == seats::CONFIRMED;
        rows.push((
            first,
            Mine {
                event,
                when,
                status,
                position,
                ended,
                can_evaluate,
                certificate,
            },
        ));
    }
    rows.sort_by_key(|(first, _)| *first);
    for (_, m) in rows {
        if m.ended {
            past.push(m);
        } else {
            upcoming.push(m);
        }
    }
    past.reverse();
    let feed_url = crate::accounts::link(
        &state,
        &format!("/calendar/{}.ics", feed_token(&state, user.id).await?),
    );
    render(&MinePage {
        ctx,
        upcoming,
        past,
        feed_url,
    })
}

/// A new secret address for the feed; the old one stops working at once.
pub async fn reset_feed(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user.id)
        .execute(&state.db.pool)
        .await?;
    feed_token(&state, user.id).await?;
    crate::accounts::audit::record(
        &state.db.pool,
        Some(user.id),
        "calendar_feed.reset",
        &format!("user:{}", user.id),
        &ctx.ip,
        "",
    )
    .await?;
    Ok(redirect_with_flash(
        &state,
        "/my/trainings",
        "flash-feed-reset",
    ))
}

/// A person's trainings as a calendar that applications subscribe to. The address is the
/// secret: it carries join links, so it is long, random and can be replaced.
pub async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> AppResult<Response> {
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    if token.len() < 20 || token.len() > 100 {
        return Err(AppError::NotFound);
    }
    let row = sqlx::query("SELECT user_id FROM calendar_feeds WHERE token = $1")
        .bind(token)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let user_id: i64 = row.try_get("user_id")?;
    let mut kept = Vec::new();
    for (event_id, status, _, updated_at, _, _) in registrations_of(&state, user_id).await? {
        // A place cancelled lately stays in the feed as cancelled, so calendars remove it.
        let recent = updated_at > now() - 60 * 86_400;
        if status == seats::CONFIRMED || (status == seats::CANCELLED && recent) {
            if let Some(event) = model::by_id(&state.db, event_id).await? {
                let sessions = model::sessions(&state.db, event.id).await?;
                kept.push((event, sessions, status == seats::CANCELLED, updated_at));
            }
        }
    }
    let entries: Vec<ics::Entry<'_>> = kept
        .iter()
        .map(|(event, sessions, cancelled, changed)| ics::Entry {
            event,
            sessions,
            url: crate::accounts::link(&state, &notices::event_path(event)),
            with_join_link: !cancelled,
            cancelled: *cancelled,
            changed_at: *changed,
        })
        .collect();
    let name = format!("{} — trainings", state.cfg.institute_name);
    Ok(ics_response(
        "trainings",
        ics::calendar(
            &name,
            &ics::host(&state.cfg.base_url),
            ics::Method::Publish,
            &entries,
        ),
    ))
}

pub const RATINGS: &[&str] = &["relevance", "clarity", "usefulness", "facilitation"];
pub const MAX_COMMENT: usize = 2000;

#[derive(Template)]
#[template(path = "events/public/evaluation.html")]
pub struct EvaluationPage {
    pub ctx: Ctx,
    pub event: Event,
    pub form: Form,
    pub ratings: &'static [&'static str],
    pub scores: &'static [&'static str],
}

/// The person's registration id if they may evaluate: attended at least one session of a
/// training that has ended.
async fn may_evaluate(state: &AppState, event: &Event, user_id: i64) -> AppResult<i64> {
    let last_end = model::sessions(&state.db, event.id)
        .await?
        .iter()
        .map(|s| s.ends_at)
        .max()
        .unwrap_or(0);
    if last_end > now() {
        return Err(AppError::BadRequest("error-evaluation-early".into()));
    }
    let row = sqlx::query(
        "SELECT r.id FROM registrations r WHERE r.event_id = $1 AND r.user_id = $2 AND r.status = 'confirmed' \
         AND EXISTS (SELECT 1 FROM attendance a WHERE a.registration_id = r.id AND a.present = 1)",
    )
    .bind(event.id)
    .bind(user_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::Forbidden)?;
    Ok(row.try_get("id")?)
}

pub async fn evaluation_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let event = visible(&state, &ctx, &slug).await?;
    match may_evaluate(&state, &event, user.id).await {
        Err(AppError::BadRequest(k)) => return Err(AppError::BadRequest(ctx.t(&k))),
        r => r?,
    };
    render(&EvaluationPage {
        ctx,
        event,
        form: Form::new(),
        ratings: RATINGS,
        scores: &["1", "2", "3", "4", "5"],
    })
}

pub async fn evaluation_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    fields: Fields,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let event = visible(&state, &ctx, &slug).await?;
    let registration = match may_evaluate(&state, &event, user.id).await {
        Err(AppError::BadRequest(k)) => return Err(AppError::BadRequest(ctx.t(&k))),
        r => r?,
    };
    let mut form = fields.form();
    let mut scores = Vec::new();
    for r in RATINGS {
        match fields.text(r).parse::<i64>() {
            Ok(n) if (1..=5).contains(&n) => scores.push(n),
            _ => form.add(r, ctx.t("error-evaluation-rating")),
        }
    }
    let comment = fields.text("comment").replace("\r\n", "\n");
    if comment.chars().count() > MAX_COMMENT {
        form.add("comment", ctx.t("error-evaluation-comment-long"));
    }
    if !form.is_ok() {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EvaluationPage {
                ctx,
                event,
                form,
                ratings: RATINGS,
                scores: &["1", "2", "3", "4", "5"],
            },
        );
    }
    let done = sqlx::query(
        "INSERT INTO event_evaluations (registration_id, relevance, clarity, usefulness, facilitation, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (registration_id) DO NOTHING",
    )
    .bind(registration)
    .bind(scores[0])
    .bind(scores[1])
    .bind(scores[2])
    .bind(scores[3])
    .bind(&comment)
    .bind(now())
    .execute(&state.db.pool)
    .await?;
    let flash = if done.rows_affected() == 1 {
        "flash-event-evaluation-thanks"
    } else {
        "flash-event-evaluation-already"
    };
    Ok(redirect_with_flash(&state, "/my/trainings", flash))
}
