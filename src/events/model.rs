//! Events in the database: saving a checked `EventInput`, reading events, their sessions,
//! facilitators and seat counts.

use serde::Serialize;
use sqlx::{any::AnyRow, Row};

use super::{
    input::{CustomQuestion, EventInput, RawEvent, RawQuestion, RawSession},
    time,
};
use crate::{
    courses::spec::hours_text,
    db::{now, Db},
};

#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub format: String,
    pub timezone: String,
    pub venue: String,
    pub address: String,
    pub city: String,
    pub state: String,
    pub accessibility: String,
    #[serde(skip)]
    pub join_url: String,
    pub capacity: i64,
    pub registration_opens_at: i64,
    pub registration_closes_at: i64,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub language: String,
    pub ce_hours_x100: i64,
    pub ask_access: bool,
    pub ask_interpreter: bool,
    pub ask_dietary: bool,
    pub questions: Vec<CustomQuestion>,
    pub published: bool,
    pub cancelled_at: Option<i64>,
    pub updated_at: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Session {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

impl Event {
    pub fn tz(&self) -> chrono_tz::Tz {
        time::zone(&self.timezone).unwrap_or(chrono_tz::UTC)
    }
    pub fn ce_hours(&self) -> String {
        hours_text(self.ce_hours_x100)
    }
    pub fn in_person(&self) -> bool {
        self.format != "virtual"
    }
    pub fn online(&self) -> bool {
        self.format != "in_person"
    }
    /// Whether registration is open at `t`.
    pub fn open_at(&self, t: i64) -> bool {
        self.published
            && self.cancelled_at.is_none()
            && t >= self.registration_opens_at
            && t < self.registration_closes_at
    }
    /// A session's start and end as the event's local time, e.g. "Thu 3 Dec 2026, 09:00–12:00 CST".
    pub fn when(&self, s: &Session) -> String {
        let (a, b) = (
            time::local(self.tz(), s.starts_at),
            time::local(self.tz(), s.ends_at),
        );
        format!(
            "{}, {}–{} {}",
            a.format("%a %-d %b %Y"),
            a.format("%H:%M"),
            b.format("%H:%M"),
            b.format("%Z")
        )
    }

    /// An instant as the event's local date and time with the zone, e.g. "Thu 3 Dec 2026,
    /// 09:00 CST": staff and facilitators see the times the training's people see.
    pub fn at(&self, ts: impl crate::web::context::Num) -> String {
        time::local(self.tz(), ts.int())
            .format("%a %-d %b %Y, %H:%M %Z")
            .to_string()
    }

    /// The raw form of this event, for the edit form and for merging an API PATCH.
    pub fn raw(&self, sessions: &[Session], facilitators: &[i64]) -> RawEvent {
        let tz = self.tz();
        RawEvent {
            title: self.title.clone(),
            slug: self.slug.clone(),
            description: self.description.clone(),
            format: self.format.clone(),
            timezone: self.timezone.clone(),
            venue: self.venue.clone(),
            address: self.address.clone(),
            city: self.city.clone(),
            state: self.state.clone(),
            accessibility: self.accessibility.clone(),
            join_url: self.join_url.clone(),
            capacity: self.capacity.to_string(),
            registration_opens: time::datetime_local(tz, self.registration_opens_at),
            registration_closes: time::datetime_local(tz, self.registration_closes_at),
            audience: self.audience.clone(),
            topics: self.topics.clone(),
            language: self.language.clone(),
            ce_hours: if self.ce_hours_x100 == 0 {
                String::new()
            } else {
                hours_text(self.ce_hours_x100)
            },
            ask_access: self.ask_access,
            ask_interpreter: self.ask_interpreter,
            ask_dietary: self.ask_dietary,
            questions: self
                .questions
                .iter()
                .map(|q| RawQuestion {
                    label: q.label.clone(),
                    required: q.required,
                })
                .collect(),
            sessions: sessions
                .iter()
                .map(|s| {
                    let (date, start) = time::parts(tz, s.starts_at);
                    let (_, end) = time::parts(tz, s.ends_at);
                    RawSession {
                        title: s.title.clone(),
                        date,
                        start,
                        end,
                    }
                })
                .collect(),
            facilitators: facilitators.to_vec(),
            published: self.published,
        }
    }
}

fn codes_to_db(v: &[String]) -> String {
    format!(",{},", v.join(","))
}

fn codes_from_db(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

const COLUMNS: &str = "id, slug, title, description, format, timezone, venue, address, city, state, accessibility, join_url, capacity, \
    registration_opens_at, registration_closes_at, audience, topics, language, ce_hours_x100, ask_access, ask_interpreter, ask_dietary, \
    custom_questions, published, cancelled_at, updated_at";

fn from_row(r: &AnyRow) -> sqlx::Result<Event> {
    let b = |c: &str| -> sqlx::Result<bool> { Ok(r.try_get::<i64, _>(c)? != 0) };
    Ok(Event {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        format: r.try_get("format")?,
        timezone: r.try_get("timezone")?,
        venue: r.try_get("venue")?,
        address: r.try_get("address")?,
        city: r.try_get("city")?,
        state: r.try_get("state")?,
        accessibility: r.try_get("accessibility")?,
        join_url: r.try_get("join_url")?,
        capacity: r.try_get("capacity")?,
        registration_opens_at: r.try_get("registration_opens_at")?,
        registration_closes_at: r.try_get("registration_closes_at")?,
        audience: codes_from_db(&r.try_get::<String, _>("audience")?),
        topics: codes_from_db(&r.try_get::<String, _>("topics")?),
        language: r.try_get("language")?,
        ce_hours_x100: r.try_get("ce_hours_x100")?,
        ask_access: b("ask_access")?,
        ask_interpreter: b("ask_interpreter")?,
        ask_dietary: b("ask_dietary")?,
        questions: serde_json::from_str(&r.try_get::<String, _>("custom_questions")?)
            .unwrap_or_default(),
        published: b("published")?,
        cancelled_at: r.try_get("cancelled_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn by_id(db: &Db, id: i64) -> sqlx::Result<Option<Event>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM events WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_slug(db: &Db, slug: &str) -> sqlx::Result<Option<Event>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM events WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn sessions(db: &Db, event_id: i64) -> sqlx::Result<Vec<Session>> {
    let rows = sqlx::query("SELECT id, position, title, starts_at, ends_at FROM event_sessions WHERE event_id = $1 ORDER BY starts_at, id")
        .bind(event_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Session {
                id: r.try_get("id")?,
                position: r.try_get("position")?,
                title: r.try_get("title")?,
                starts_at: r.try_get("starts_at")?,
                ends_at: r.try_get("ends_at")?,
            })
        })
        .collect()
}

pub async fn facilitator_ids(db: &Db, event_id: i64) -> sqlx::Result<Vec<i64>> {
    let rows =
        sqlx::query("SELECT user_id FROM event_facilitators WHERE event_id = $1 ORDER BY user_id")
            .bind(event_id)
            .fetch_all(&db.pool)
            .await?;
    rows.iter().map(|r| r.try_get("user_id")).collect()
}

/// (seats taken, waitlisted): a place given up that can still be taken back keeps its seat.
pub async fn counts(db: &Db, event_id: i64) -> sqlx::Result<(i64, i64)> {
    let row = sqlx::query(
        &format!(
            "SELECT (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND {}) AS confirmed, \
                    (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'waitlisted') AS waitlisted",
            super::seats::holds_seat("$2")
        ),
    )
    .bind(event_id)
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok((row.try_get("confirmed")?, row.try_get("waitlisted")?))
}

/// What the list of trainings can be narrowed by.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub q: String,
    pub topic: String,
    pub format: String,
    pub state: String,
    pub language: String,
    /// Include past events (for staff lists).
    pub past: bool,
    pub include_drafts: bool,
}

/// Events whose last session has not ended (unless `past`), soonest first.
pub async fn list(db: &Db, f: &Filter) -> sqlx::Result<Vec<(Event, i64)>> {
    let mut sql = format!(
        "SELECT {COLUMNS}, (SELECT MIN(starts_at) FROM event_sessions s WHERE s.event_id = events.id) AS first_start, \
         (SELECT MAX(ends_at) FROM event_sessions s WHERE s.event_id = events.id) AS last_end FROM events WHERE 1 = 1"
    )
    .replace("SELECT id,", "SELECT events.id AS id,");
    let mut binds: Vec<String> = Vec::new();
    let mut arg = |sql: &mut String, clause: &str, v: String| {
        binds.push(v);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    if !f.include_drafts {
        sql.push_str(" AND published = 1 AND cancelled_at IS NULL");
    }
    if !f.past {
        arg(
            &mut sql,
            " AND (SELECT MAX(ends_at) FROM event_sessions s WHERE s.event_id = events.id) > ?",
            now().to_string(),
        );
    }
    for word in f.q.split_whitespace().take(8) {
        let like = format!("%{}%", word.to_lowercase().replace(['%', '_'], ""));
        arg(
            &mut sql,
            " AND (LOWER(title) LIKE ? OR LOWER(description) LIKE ? OR LOWER(city) LIKE ?)",
            like,
        );
    }
    if !f.topic.is_empty() {
        arg(&mut sql, " AND topics LIKE ?", format!("%,{},%", f.topic));
    }
    if !f.format.is_empty() {
        arg(&mut sql, " AND format = ?", f.format.clone());
    }
    if !f.state.is_empty() {
        arg(&mut sql, " AND state = ?", f.state.clone());
    }
    if !f.language.is_empty() {
        arg(&mut sql, " AND language = ?", f.language.clone());
    }
    sql.push_str(if f.past {
        " ORDER BY first_start DESC, id"
    } else {
        " ORDER BY first_start, id"
    });
    // The cut-off is compared as a number on both engines.
    let mut q = sqlx::query(&sql);
    for (i, b) in binds.iter().enumerate() {
        q = if !f.past && i == 0 {
            q.bind(b.parse::<i64>().unwrap_or(0))
        } else {
            q.bind(b)
        };
    }
    let rows = q.fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok((
                from_row(r)?,
                r.try_get::<Option<i64>, _>("first_start")?.unwrap_or(0),
            ))
        })
        .collect()
}

/// Creates or updates (when `id` is given) an event with its sessions and facilitators, in
/// the caller's transaction. Sessions keep their ids by position, so attendance already
/// taken stays attached.
pub async fn save(
    conn: &mut sqlx::AnyConnection,
    id: Option<i64>,
    e: &EventInput,
    user_id: Option<i64>,
) -> sqlx::Result<i64> {
    let t = now();
    let questions = serde_json::to_string(&e.questions).unwrap_or_else(|_| "[]".into());
    let sql_update = "UPDATE events SET slug = $1, title = $2, description = $3, format = $4, timezone = $5, venue = $6, address = $7, city = $8, state = $9, \
         accessibility = $10, join_url = $11, capacity = $12, registration_opens_at = $13, registration_closes_at = $14, audience = $15, topics = $16, \
         language = $17, ce_hours_x100 = $18, ask_access = $19, ask_interpreter = $20, ask_dietary = $21, custom_questions = $22, published = $23, \
         updated_at = $24 WHERE id = $25 RETURNING id";
    let sql_insert = "INSERT INTO events (slug, title, description, format, timezone, venue, address, city, state, accessibility, join_url, capacity, \
         registration_opens_at, registration_closes_at, audience, topics, language, ce_hours_x100, ask_access, ask_interpreter, ask_dietary, \
         custom_questions, published, updated_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $24) RETURNING id";
    let q = sqlx::query(if id.is_some() { sql_update } else { sql_insert })
        .bind(&e.slug)
        .bind(&e.title)
        .bind(&e.description)
        .bind(&e.format)
        .bind(&e.timezone)
        .bind(&e.venue)
        .bind(&e.address)
        .bind(&e.city)
        .bind(&e.state)
        .bind(&e.accessibility)
        .bind(&e.join_url)
        .bind(e.capacity)
        .bind(e.registration_opens_at)
        .bind(e.registration_closes_at)
        .bind(codes_to_db(&e.audience))
        .bind(codes_to_db(&e.topics))
        .bind(&e.language)
        .bind(e.ce_hours_x100)
        .bind(e.ask_access as i64)
        .bind(e.ask_interpreter as i64)
        .bind(e.ask_dietary as i64)
        .bind(&questions)
        .bind(e.published as i64)
        .bind(t);
    let q = match id {
        Some(id) => q.bind(id),
        None => q.bind(user_id),
    };
    let event_id: i64 = q.fetch_one(&mut *conn).await?.try_get("id")?;
    let old: Vec<i64> =
        sqlx::query("SELECT id FROM event_sessions WHERE event_id = $1 ORDER BY position, id")
            .bind(event_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<sqlx::Result<_>>()?;
    for (i, s) in e.sessions.iter().enumerate() {
        match old.get(i) {
            Some(&sid) => {
                sqlx::query("UPDATE event_sessions SET position = $1, title = $2, starts_at = $3, ends_at = $4 WHERE id = $5")
                    .bind(i as i64)
                    .bind(&s.title)
                    .bind(s.starts_at)
                    .bind(s.ends_at)
                    .bind(sid)
                    .execute(&mut *conn)
                    .await?;
            }
            None => {
                sqlx::query("INSERT INTO event_sessions (event_id, position, title, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(event_id)
                    .bind(i as i64)
                    .bind(&s.title)
                    .bind(s.starts_at)
                    .bind(s.ends_at)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    for &sid in old.iter().skip(e.sessions.len()) {
        sqlx::query("DELETE FROM event_sessions WHERE id = $1")
            .bind(sid)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM event_facilitators WHERE event_id = $1")
        .bind(event_id)
        .execute(&mut *conn)
        .await?;
    for &uid in &e.facilitators {
        sqlx::query("INSERT INTO event_facilitators (event_id, user_id) VALUES ($1, $2)")
            .bind(event_id)
            .bind(uid)
            .execute(&mut *conn)
            .await?;
    }
    Ok(event_id)
}

/// Events a person facilitates, soonest first.
pub async fn facilitated_by(db: &Db, user_id: i64) -> sqlx::Result<Vec<Event>> {
    let rows = sqlx::query(&format!(
        "SELECT {} FROM events e JOIN event_facilitators f ON f.event_id = e.id WHERE f.user_id = $1 ORDER BY e.registration_closes_at DESC",
        COLUMNS.split(", ").map(|c| format!("e.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn is_facilitator(db: &Db, event_id: i64, user_id: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("SELECT 1 AS x FROM event_facilitators WHERE event_id = $1 AND user_id = $2")
            .bind(event_id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?
            .is_some(),
    )
}

/// People who may be named as facilitators: active users with the facilitator role or higher.
pub async fn facilitator_choices(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM users WHERE active = 1 AND role IN ('facilitator', 'staff', 'admin') ORDER BY name, id").fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// Checks against the database what `input::parse` cannot: that the facilitators exist and
/// have the role, and that the address is free. Returns the problems as field errors.
pub async fn check(
    db: &Db,
    id: Option<i64>,
    e: &super::input::EventInput,
) -> sqlx::Result<Vec<super::input::FieldError>> {
    let mut errors = Vec::new();
    let choices = facilitator_choices(db).await?;
    if e.facilitators
        .iter()
        .any(|f| !choices.iter().any(|(c, _)| c == f))
    {
        errors.push(("facilitators".to_string(), "error-event-facilitators"));
    }
    let taken = sqlx::query("SELECT id FROM events WHERE slug = $1")
        .bind(&e.slug)
        .fetch_optional(&db.pool)
        .await?;
    if let Some(r) = taken {
        if Some(r.try_get::<i64, _>("id")?) != id {
            errors.push(("slug".to_string(), "error-event-slug-taken"));
        }
    }
    Ok(errors)
}
