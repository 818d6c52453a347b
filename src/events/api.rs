//! `/api/v1/events…`: upcoming trainings for everyone; creating and changing them and
//! reading who registered for staff; taking and giving up one's own place with a token.
//!
//! Registering and cancelling honour an `Idempotency-Key` header, so a client that lost
//! the answer can send the same request again and get the same answer without taking or
//! giving up a second place. The key is claimed with an insert before anything happens;
//! a retry that arrives while the first request is still running is told to wait.

use std::{collections::BTreeMap, future::Future};

use axum::{
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use chrono::{SecondsFormat, TimeZone, Utc};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use sqlx::Row;

use super::{
    answers,
    input::{self, FieldError, RawEvent, FORMATS},
    model::{self, Event},
    seats::{self, SeatError, WAITLISTED},
    time,
};
use crate::{
    accounts::audit,
    api::extract::{json_body, json_object, Ids},
    app::AppState,
    db::{is_unique_violation, now},
    topics::{is_language, is_topic},
    util::sha256_hex,
    web::{
        access::ApiUser,
        context::Ctx,
        error::{ApiError, AppError, AppResult},
    },
};

/// Longest accepted `Idempotency-Key`.
pub const MAX_KEY: usize = 200;

/// Seconds after which an unanswered claim on a key counts as abandoned.
const STALE_CLAIM: i64 = 120;

type Answer = (StatusCode, Value);

fn reply((status, body): Answer) -> Response {
    (status, Json(body)).into_response()
}

/// An error answer, kept like any other answer for a retry with the same key.
fn error_answer(e: ApiError) -> Answer {
    (e.status, e.body())
}

/// A 422 listing every problem, each with the same message the staff form shows.
fn invalid(ctx: &Ctx, summary: &str, errors: &[FieldError]) -> Answer {
    error_answer(ApiError::invalid(
        ctx.t(summary),
        errors.iter().map(|(f, k)| (f.clone(), ctx.t(k))).collect(),
    ))
}

/// The `Idempotency-Key` header's problems name it as the field.
fn key_error(status: StatusCode, code: &'static str, message: String) -> Response {
    ApiError::new(status, code, message)
        .with_field("Idempotency-Key")
        .into_response()
}

fn rfc3339(ts: i64) -> Option<String> {
    Utc.timestamp_opt(ts, 0)
        .single()
        .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn local_rfc3339(e: &Event, ts: i64) -> String {
    time::local(e.tz(), ts).to_rfc3339_opts(SecondsFormat::Secs, false)
}

async fn facilitators(state: &AppState, event_id: i64) -> sqlx::Result<Vec<Value>> {
    let rows = sqlx::query("SELECT u.id, u.name FROM event_facilitators f JOIN users u ON u.id = f.user_id WHERE f.event_id = $1 ORDER BY u.name, u.id")
        .bind(event_id)
        .fetch_all(&state.db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(json!({ "id": r.try_get::<i64, _>("id")?, "name": r.try_get::<String, _>("name")? }))
        })
        .collect()
}

/// Everything a client needs to show a training and its registration form; never the
/// join link, which only people with a confirmed place receive.
async fn event_json(state: &AppState, ctx: &Ctx, e: &Event) -> sqlx::Result<Value> {
    let sessions = model::sessions(&state.db, e.id).await?;
    let (confirmed, waitlisted) = model::counts(&state.db, e.id).await?;
    let questions: Vec<Value> = answers::fields(e)
        .into_iter()
        .map(|(field, label, required, long)| {
            let custom = e.questions.iter().any(|q| q.id == field);
            json!({ "field": field, "label": if custom { label } else { ctx.t(&label) }, "required": required, "long": long })
        })
        .collect();
    Ok(json!({
        "id": e.id,
        "slug": e.slug,
        "title": e.title,
        "description": e.description,
        "format": e.format,
        "timezone": e.timezone,
        "venue": e.venue,
        "address": e.address,
        "city": e.city,
        "state": e.state,
        "accessibility": e.accessibility,
        "capacity": e.capacity,
        "seats_left": (e.capacity - confirmed).max(0),
        "waitlist_count": waitlisted,
        "registration": {
            "open": e.open_at(now()),
            "opens_at": rfc3339(e.registration_opens_at),
            "closes_at": rfc3339(e.registration_closes_at),
        },
        "sessions": sessions.iter().map(|s| json!({
            "id": s.id,
            "title": s.title,
            "starts_at": rfc3339(s.starts_at),
            "ends_at": rfc3339(s.ends_at),
            "starts_at_local": local_rfc3339(e, s.starts_at),
            "ends_at_local": local_rfc3339(e, s.ends_at),
        })).collect::<Vec<_>>(),
        "audience": e.audience,
        "topics": e.topics,
        "language": e.language,
        "ce_hours": e.ce_hours(),
        "questions": questions,
        "facilitators": facilitators(state, e.id).await?,
        "published": e.published,
        "cancelled": e.cancelled_at.is_some(),
        "url": format!("{}/trainings/{}", state.cfg.base_url, e.slug),
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub q: String,
    pub topic: String,
    pub format: String,
    pub state: String,
    pub language: String,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    // Unlike the page, the API says when a filter value is not one it knows.
    let bad = |name: &str, v: &str| {
        AppError::from(
            ApiError::status(StatusCode::BAD_REQUEST, format!("unknown {name} \"{v}\""))
                .with_field(name),
        )
    };
    if !q.topic.is_empty() && !is_topic(&q.topic) {
        return Err(bad("topic", &q.topic));
    }
    if !q.format.is_empty() && !FORMATS.contains(&q.format.as_str()) {
        return Err(bad("format", &q.format));
    }
    if !q.state.is_empty()
        && !crate::orgs::model::STATES
            .iter()
            .any(|(c, _)| *c == q.state)
    {
        return Err(bad("state", &q.state));
    }
    if !q.language.is_empty() && !is_language(&q.language) {
        return Err(bad("language", &q.language));
    }
    let filter = model::Filter {
        q: q.q,
        topic: q.topic,
        format: q.format,
        state: q.state,
        language: q.language,
        ..Default::default()
    };
    let mut out = Vec::new();
    for (e, _) in model::list(&state.db, &filter).await? {
        out.push(event_json(&state, &ctx, &e).await?);
    }
    Ok(Json(json!({ "events": out })).into_response())
}

/// A published event by numeric id or by slug; drafts are not found.
async fn published(state: &AppState, id: &str) -> AppResult<Event> {
    match id.parse::<i64>() {
        Ok(n) => model::by_id(&state.db, n).await?,
        Err(_) => model::by_slug(&state.db, id).await?,
    }
    .filter(|e| e.published)
    .ok_or(AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Ids(id): Ids<String>,
) -> AppResult<Response> {
    let e = published(&state, &id).await?;
    Ok(Json(event_json(&state, &ctx, &e).await?).into_response())
}

// ---------------------------------------------------------------------------------------
// Creating and changing events (staff)
// ---------------------------------------------------------------------------------------

fn event_object(headers: &HeaderMap, body: &[u8]) -> AppResult<Map<String, Value>> {
    json_object(headers, body, "the event's fields")
}

/// Numbers are accepted where the form takes typed text.
fn lenient(mut m: Map<String, Value>) -> Map<String, Value> {
    for f in ["capacity", "ce_hours"] {
        if let Some(Value::Number(n)) = m.get(f) {
            let s = n.to_string();
            m.insert(f.into(), Value::String(s));
        }
    }
    m
}

fn raw_from(m: Map<String, Value>) -> AppResult<RawEvent> {
    serde_json::from_value::<RawEvent>(Value::Object(lenient(m))).map_err(|e| {
        ApiError::bad_json(format!("the event is not in the expected form: {e}")).into()
    })
}

/// Checks an event as the staff form does and saves it in one transaction; the capacity is
/// compared with the confirmed places under the event's lock, so a registration arriving
/// meanwhile cannot leave more people confirmed than seats.
async fn save(
    state: &AppState,
    ctx: &Ctx,
    user_id: i64,
    id: Option<i64>,
    raw: &RawEvent,
) -> AppResult<Result<Event, Answer>> {
    let input = match input::parse(raw) {
        Ok(i) => i,
        Err(errors) => return Ok(Err(invalid(ctx, "api-event-invalid", &errors))),
    };
    let errors = model::check(&state.db, id, &input).await?;
    if !errors.is_empty() {
        return Ok(Err(invalid(ctx, "api-event-invalid", &errors)));
    }
    let mut tx = state.db.tx().await?;
    if let Some(id) = id {
        sqlx::query(&format!(
            "SELECT id FROM events WHERE id = $1 {}",
            state.db.for_update()
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
        let confirmed: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM registrations WHERE event_id = $1 AND status = 'confirmed'",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if input.capacity < confirmed {
            tx.rollback().await?;
            return Ok(Err(invalid(
                ctx,
                "api-event-invalid",
                &[("capacity".into(), "error-event-capacity-below")],
            )));
        }
    }
    let event_id = match model::save(&mut tx, id, &input, Some(user_id)).await {
        Ok(n) => n,
        // Another request took the address between the check and the save.
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            return Ok(Err(invalid(
                ctx,
                "api-event-invalid",
                &[("slug".into(), "error-event-slug-taken")],
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let action = if id.is_some() {
        "event.edit"
    } else {
        "event.create"
    };
    audit::record(
        &mut *tx,
        Some(user_id),
        action,
        &format!("event:{event_id}"),
        &ctx.ip,
        &format!("api: {}", input.title),
    )
    .await?;
    tx.commit().await?;
    if id.is_some() {
        match seats::refill(state, event_id).await {
            Ok(_)
            | Err(
                SeatError::NotFound
                | SeatError::Closed
                | SeatError::NotRegistered
                | SeatError::Full
                | SeatError::TooLate,
            ) => {}
            Err(SeatError::Db(e)) => return Err(e.into()),
        }
    }
    Ok(Ok(model::by_id(&state.db, event_id)
        .await?
        .ok_or(AppError::NotFound)?))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let raw = raw_from(event_object(&headers, &body)?)?;
    match save(&state, &ctx, user.id, None, &raw).await? {
        Ok(e) => Ok(reply((
            StatusCode::CREATED,
            event_json(&state, &ctx, &e).await?,
        ))),
        Err(a) => Ok(reply(a)),
    }
}

/// Any subset of the fields, merged onto the event as it is.
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiUser(user): ApiUser,
    Ids(id): Ids<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let e = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let patch = event_object(&headers, &body)?;
    let current = e.raw(
        &model::sessions(&state.db, id).await?,
        &model::facilitator_ids(&state.db, id).await?,
    );
    let Value::Object(mut merged) = serde_json::to_value(&current).map_err(anyhow::Error::from)?
    else {
        return Err(AppError::Other(anyhow::anyhow!(
            "an event did not serialize to an object"
        )));
    };
    for (k, v) in patch {
        if !merged.contains_key(&k) {
            return Err(ApiError::bad_json(format!("unknown field `{k}`")).into());
        }
        merged.insert(k, v);
    }
    let raw = raw_from(merged)?;
    match save(&state, &ctx, user.id, Some(id), &raw).await? {
        Ok(e) => Ok(reply((StatusCode::OK, event_json(&state, &ctx, &e).await?))),
        Err(a) => Ok(reply(a)),
    }
}

// ---------------------------------------------------------------------------------------
// Idempotency
// ---------------------------------------------------------------------------------------

/// Runs `act` at most once per (user, `Idempotency-Key`): a retry of the same request gets
/// the stored answer; the same key for another request is refused. Without the header the
/// request simply runs. Answers that are errors of ours (`AppError`) are not stored, so a
/// retry after them runs again. `target` is the method and path; with the body it tells
/// a retry from a different request.
async fn idempotent<F, Fut>(
    state: &AppState,
    ctx: &Ctx,
    user_id: i64,
    headers: &HeaderMap,
    target: &str,
    body: &[u8],
    act: F,
) -> AppResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = AppResult<Answer>>,
{
    let Some(key) = headers.get("idempotency-key") else {
        return act().await.map(reply);
    };
    let key = match key.to_str() {
        Ok(k) if !k.trim().is_empty() && k.len() <= MAX_KEY => k.trim().to_string(),
        _ => {
            return Ok(key_error(
                StatusCode::BAD_REQUEST,
                "invalid_idempotency_key",
                ctx.t("api-event-key-long"),
            ))
        }
    };
    let request = sha256_hex(&format!("{target}\n{}", String::from_utf8_lossy(body)));
    let claimed = sqlx::query("INSERT INTO idempotency_keys (user_id, key, request, status, body, created_at) VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT DO NOTHING")
        .bind(user_id)
        .bind(&key)
        .bind(&request)
        .bind(now())
        .execute(&state.db.pool)
        .await?
        .rows_affected()
        == 1;
    if !claimed {
        let row = sqlx::query(
            "SELECT request, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2",
        )
        .bind(user_id)
        .bind(&key)
        .fetch_optional(&state.db.pool)
        .await?;
        let Some(row) = row else {
            // Purged between the insert and the read: a conflict the client can retry.
            return Ok(key_error(
                StatusCode::CONFLICT,
                "request_in_progress",
                ctx.t("api-event-key-in-progress"),
            ));
        };
        if row.try_get::<String, _>("request")? != request {
            return Ok(key_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                ctx.t("api-event-key-reused"),
            ));
        }
        let status: i64 = row.try_get("status")?;
        if status == 0 {
            // A claim left by a server that stopped mid-request is taken over once it is
            // clearly stale; the action itself is safe to repeat (a place is held once).
            let taken = sqlx::query("UPDATE idempotency_keys SET created_at = $1 WHERE user_id = $2 AND key = $3 AND status = 0 AND created_at < $4")
                .bind(now())
                .bind(user_id)
                .bind(&key)
                .bind(now() - STALE_CLAIM)
                .execute(&state.db.pool)
                .await?
                .rows_affected()
                == 1;
            if !taken {
                return Ok(key_error(
                    StatusCode::CONFLICT,
                    "request_in_progress",
                    ctx.t("api-event-key-in-progress"),
                ));
            }
        } else {
            let body: Value =
                serde_json::from_str(&row.try_get::<String, _>("body")?).unwrap_or(Value::Null);
            let mut r = reply((
                StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK),
                body,
            ));
            r.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            return Ok(r);
        }
    }
    let forget = || async {
        let _ = sqlx::query(
            "DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status = 0",
        )
        .bind(user_id)
        .bind(&key)
        .execute(&state.db.pool)
        .await;
    };
    match act().await {
        Ok((status, body)) => {
            let stored = sqlx::query("UPDATE idempotency_keys SET status = $1, body = $2 WHERE user_id = $3 AND key = $4")
                .bind(status.as_u16() as i64)
                .bind(body.to_string())
                .bind(user_id)
                .bind(&key)
                .execute(&state.db.pool)
                .await;
            if let Err(e) = stored {
                // The action happened; the answer still goes out, only a retry will not replay it.
                tracing::warn!(error = %e, "could not store an idempotent answer");
            }
            Ok(reply((status, body)))
        }
        Err(e) => {
            forget().await;
            Err(e)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Registering and cancelling (the token holder's own place)
// ---------------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RegisterBody {
    answers: BTreeMap<String, String>,
}

/// The optional body of a registration: nothing, or an object with the answers. Anything
/// else (an array, a string, an unknown field) is refused rather than read as no answers.
fn register_body(headers: &HeaderMap, body: &[u8]) -> AppResult<RegisterBody> {
    const EXPECTED: &str = "send {\"answers\": {\"access\": \"…\"}} or no body";
    let Some(v) = json_body(headers, body)? else {
        return Ok(RegisterBody::default());
    };
    if !v.is_object() {
        return Err(
            ApiError::bad_json(format!("the body must be a JSON object: {EXPECTED}")).into(),
        );
    }
    serde_json::from_value(v).map_err(|e| {
        ApiError::bad_json(format!(
            "the body is not in the expected form ({e}); {EXPECTED}"
        ))
        .into()
    })
}

fn place_json(p: &seats::Place) -> Value {
    json!({ "registration_id": p.registration_id, "status": p.status, "waitlist_position": p.waitlist_position })
}

pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiUser(user): ApiUser,
    Ids(id): Ids<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let target = format!("POST /api/v1/events/{id}/registrations");
    idempotent(&state, &ctx, user.id, &headers, &target, &body, || async {
        let e = model::by_id(&state.db, id)
            .await?
            .filter(|e| e.published)
            .ok_or(AppError::NotFound)?;
        let req = register_body(&headers, &body)?;
        let answers = match answers::check(&e, &req.answers) {
            Ok(a) => a,
            Err(errors) => return Ok(invalid(&ctx, "api-event-answers-invalid", &errors)),
        };
        match seats::register(&state, id, user.id, &answers).await {
            Ok(p) => Ok((
                if p.new {
                    StatusCode::CREATED
                } else {
                    StatusCode::OK
                },
                place_json(&p),
            )),
            Err(SeatError::Closed) => Ok(error_answer(ApiError::new(
                StatusCode::CONFLICT,
                "registration_closed",
                ctx.t("api-event-closed"),
            ))),
            Err(SeatError::NotFound) => Err(AppError::NotFound),
            Err(SeatError::Db(e)) => Err(e.into()),
            Err(e) => Err(AppError::Other(e.into())),
        }
    })
    .await
}

pub async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiUser(user): ApiUser,
    Ids(id): Ids<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let target = format!("DELETE /api/v1/events/{id}/registrations");
    idempotent(&state, &ctx, user.id, &headers, &target, &body, || async {
        let registration: Option<i64> =
            sqlx::query("SELECT id FROM registrations WHERE event_id = $1 AND user_id = $2").bind(id).bind(user.id).fetch_optional(&state.db.pool).await?.map(|r| r.try_get("id")).transpose()?;
        match seats::cancel(&state, id, user.id, false).await {
            Ok(promoted) => Ok((StatusCode::OK, json!({ "registration_id": registration, "status": "cancelled", "promoted": promoted.len() }))),
            Err(SeatError::NotRegistered) => Ok(error_answer(ApiError::new(StatusCode::NOT_FOUND, "not_registered", ctx.t("api-event-not-registered")))),
            Err(SeatError::NotFound) => Err(AppError::NotFound),
            Err(SeatError::Db(e)) => Err(e.into()),
            Err(e) => Err(AppError::Other(e.into())),
        }
    })
    .await
}

/// Staff: removes one registration of the event, with the same promotion as a
/// cancellation.
pub async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiUser(user): ApiUser,
    Ids((id, registration)): Ids<(i64, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let target = format!("DELETE /api/v1/events/{id}/registrations/{registration}");
    idempotent(&state, &ctx, user.id, &headers, &target, &body, || async {
        match seats::remove(&state, id, registration).await {
            Ok(promoted) => {
                audit::record(&state.db.pool, Some(user.id), "event.registration_removed", &format!("event:{id}"), &ctx.ip, &format!("registration:{registration}")).await?;
                Ok((StatusCode::OK, json!({ "registration_id": registration, "status": "cancelled", "promoted": promoted.len() })))
            }
            Err(SeatError::NotRegistered | SeatError::NotFound) => Err(AppError::NotFound),
            Err(SeatError::Db(e)) => Err(e.into()),
            Err(e) => Err(AppError::Other(e.into())),
        }
    })
    .await
}

/// Staff: every registration of an event, whatever its status.
pub async fn registrations(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
) -> AppResult<Response> {
    model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = sqlx::query(
        "SELECT r.id, r.user_id, u.name, u.email, r.status, r.waitlist_seq, r.answers, r.created_at, r.confirmed_at, r.cancelled_at, r.promoted_at \
         FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 ORDER BY r.id",
    )
    .bind(id)
    .fetch_all(&state.db.pool)
    .await?;
    let marks = sqlx::query("SELECT a.registration_id, a.session_id, a.present FROM attendance a JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = $1 ORDER BY a.session_id")
        .bind(id)
        .fetch_all(&state.db.pool)
        .await?;
    let mut attendance: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
    for m in &marks {
        attendance
            .entry(m.try_get("registration_id")?)
            .or_default()
            .push(json!({ "session_id": m.try_get::<i64, _>("session_id")?, "present": m.try_get::<i64, _>("present")? == 1 }));
    }
    // Waitlist positions by rank, as the person sees theirs.
    let mut waiting: Vec<(i64, i64)> = rows
        .iter()
        .filter(|r| {
            r.try_get::<String, _>("status")
                .is_ok_and(|s| s == WAITLISTED)
        })
        .filter_map(|r| {
            Some((
                r.try_get::<Option<i64>, _>("waitlist_seq").ok()??,
                r.try_get::<i64, _>("id").ok()?,
            ))
        })
        .collect();
    waiting.sort_unstable();
    let mut out = Vec::new();
    for r in &rows {
        let rid: i64 = r.try_get("id")?;
        let ts = |c: &str| -> sqlx::Result<Option<String>> {
            Ok(r.try_get::<Option<i64>, _>(c)?.and_then(rfc3339))
        };
        out.push(json!({
            "id": rid,
            "user": { "id": r.try_get::<i64, _>("user_id")?, "name": r.try_get::<String, _>("name")?, "email": r.try_get::<String, _>("email")? },
            "status": r.try_get::<String, _>("status")?,
            "waitlist_position": waiting.iter().position(|(_, w)| *w == rid).map(|p| p + 1),
            "answers": serde_json::from_str::<Value>(&r.try_get::<String, _>("answers")?).unwrap_or(json!({})),
            "created_at": rfc3339(r.try_get("created_at")?),
            "confirmed_at": ts("confirmed_at")?,
            "cancelled_at": ts("cancelled_at")?,
            "promoted_at": ts("promoted_at")?,
            "attendance": attendance.remove(&rid).unwrap_or_default(),
        }));
    }
    Ok(Json(json!({ "registrations": out })).into_response())
}
