//! `/api/v1/courses…`: the catalog and a course's outline for everyone, and a learner's
//! own enrollments and progress with their token. Answers are never included.

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::IntoResponse,
    Json,
};
use serde_json::{json, Value};

use super::{
    model,
    pages::{CatalogQuery, LENGTHS},
    progress,
};
use crate::{
    api::extract::Ids,
    app::AppState,
    topics::{is_audience, is_language, is_topic},
    web::{
        access::ApiUser,
        error::{ApiError, AppError, AppResult},
    },
};

fn course_json(state: &AppState, c: &model::Course) -> Value {
    json!({
        "id": c.id,
        "slug": c.slug,
        "title": c.title,
        "summary": c.summary,
        "objectives": c.objectives,
        "audience": c.audience,
        "topics": c.topics,
        "language": c.language,
        "hours": c.hours(),
        "ce_hours": c.ce_hours(),
        "passing_score": c.passing_score,
        "max_attempts": c.max_attempts,
        "url": format!("{}/courses/{}", state.cfg.base_url, c.slug),
    })
}

pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<CatalogQuery>,
) -> AppResult<impl IntoResponse> {
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
    if !q.audience.is_empty() && !is_audience(&q.audience) {
        return Err(bad("audience", &q.audience));
    }
    if !q.language.is_empty() && !is_language(&q.language) {
        return Err(bad("language", &q.language));
    }
    if !q.length.is_empty() && !LENGTHS.contains(&q.length.as_str()) {
        return Err(bad("length", &q.length));
    }
    let courses = model::list(&state.db, &q.filter()).await?;
    Ok(Json(
        json!({ "courses": courses.iter().map(|c| course_json(&state, c)).collect::<Vec<_>>() }),
    ))
}

/// By numeric id or by slug.
pub async fn show(
    State(state): State<AppState>,
    Ids(id): Ids<String>,
) -> AppResult<impl IntoResponse> {
    let course = match id.parse::<i64>() {
        Ok(n) => model::by_id(&state.db, n).await?,
        Err(_) => model::by_slug(&state.db, &id).await?,
    }
    .filter(|c| c.published)
    .ok_or(AppError::NotFound)?;
    let outline = model::outline(&state.db, course.id).await?;
    let pre = model::test_questions(&state.db, course.id, model::PART_PRE)
        .await?
        .len();
    let post = model::test_questions(&state.db, course.id, model::PART_POST)
        .await?
        .len();
    let mut v = course_json(&state, &course);
    v["modules"] = json!(outline
        .iter()
        .map(|m| json!({ "title": m.title, "lessons": m.lessons.iter().map(|l| json!({ "slug": l.slug, "title": l.title })).collect::<Vec<_>>() }))
        .collect::<Vec<_>>());
    v["pretest_questions"] = json!(pre);
    v["posttest_questions"] = json!(post);
    Ok(Json(v))
}

pub async fn my_enrollments(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<impl IntoResponse> {
    let mut out = Vec::new();
    for e in progress::for_user(&state.db, user.id).await? {
        let Some(c) = model::by_id(&state.db, e.course_id).await? else {
            continue;
        };
        let p = progress::progress(&state.db, c.id, &e).await?;
        let cert = crate::certificates::model::for_source(
            &state.db,
            crate::certificates::model::KIND_COURSE,
            c.id,
            user.id,
        )
        .await?;
        out.push(json!({
            "course": { "id": c.id, "slug": c.slug, "title": c.title },
            "enrolled_at": chrono::DateTime::from_timestamp(e.enrolled_at, 0).map(|d| d.to_rfc3339()),
            "completed_at": e.completed_at.and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map(|d| d.to_rfc3339()),
            "progress": p,
            "certificate": cert.map(|c| json!({ "code": c.code, "revoked": c.revoked(), "url": format!("{}/certificates/{}", state.cfg.base_url, c.code) })),
        }));
    }
    Ok(Json(json!({ "enrollments": out })))
}
