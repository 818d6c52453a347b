//! `/api/v1/resources`: the public library as JSON, with the same search and facets as
//! the pages. Unlike the pages, the API refuses values it does not know, so a client's
//! typo is reported instead of silently widening the search.

use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

use super::{
    data,
    model::{Resource, Viewer, KINDS},
    pages::documents,
    search::{self, Params},
};
use crate::{
    app::AppState,
    topics::{AUDIENCES, LANGUAGES, TOPICS},
    web::error::AppResult,
};

fn problem(field: &str, message: String) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "error": message, "field": field, "status": 422 })),
    )
        .into_response()
}

/// Reads and checks the query string.
fn params(raw: Option<&str>) -> Result<Params, Response> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|_| problem("query", "The query string could not be read.".into()))?;
    let mut p = Params {
        page: 1,
        ..Params::default()
    };
    for (k, v) in pairs {
        let allowed: Option<&[&str]> = match k.as_str() {
            "kind" => Some(KINDS),
            "topic" => Some(TOPICS),
            "audience" => Some(AUDIENCES),
            "language" => Some(LANGUAGES),
            "sort" => Some(&["relevance", "newest", "downloads", "title"]),
            _ => None,
        };
        if let Some(list) = allowed {
            if !v.is_empty() && !list.contains(&v.as_str()) {
                return Err(problem(
                    &k,
                    format!("Unknown {k} \"{v}\". Use one of: {}.", list.join(", ")),
                ));
            }
        }
        match k.as_str() {
            "q" if v.chars().count() > 200 => return Err(problem("q", "Search words must be 200 characters or fewer.".into())),
            "q" => p.q = v,
            "kind" => p.kind = v,
            "topic" => p.topic = v,
            "audience" => p.audience = v,
            "language" => p.language = v,
            "sort" => p.sort = v,
            "page" => match v.parse::<i64>() {
                Ok(n) if (1..=500).contains(&n) => p.page = n,
                _ => return Err(problem("page", "page must be a whole number from 1 to 500.".into())),
            },
            _ => return Err(problem(&k, format!("Unknown parameter \"{k}\". Use q, kind, topic, audience, language, sort or page."))),
        }
    }
    Ok(p)
}

/// The fields a resource has in both the list and its own answer.
fn about(r: &Resource, base: &str) -> Value {
    json!({
        "id": r.id,
        "slug": r.slug,
        "title": r.title,
        "summary": r.summary,
        "kind": r.kind,
        "topics": r.topics,
        "audiences": r.audiences,
        "language": r.language,
        "published_on": r.published_on,
        "reviewed_on": if r.reviewed_on.is_empty() { Value::Null } else { json!(r.reviewed_on) },
        "downloads": r.downloads,
        "url": format!("{base}/resources/{}", r.slug),
    })
}

/// (slug, title) pairs as `{slug, title, url}` under `base`.
fn links(pairs: &[(String, String)], base: &str) -> Value {
    pairs
        .iter()
        .map(|(s, t)| json!({ "slug": s, "title": t, "url": format!("{base}/{s}") }))
        .collect()
}

fn facet_json(list: &[search::Facet]) -> Value {
    Value::Object(
        list.iter()
            .map(|f| (f.code.clone(), json!(f.count)))
            .collect(),
    )
}

pub async fn list(State(state): State<AppState>, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let p = match params(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    let res = search::search(&state.db, &p, Viewer::default()).await?;
    let base = state.cfg.base_url.trim_end_matches('/').to_string();
    let items: Vec<Value> = res
        .hits
        .iter()
        .map(|h| {
            let mut v = about(&h.resource, &base);
            v["formats"] = json!(h.formats);
            v["snippet_html"] = json!(h.snippet_html);
            v["snippet_file"] = json!(h.snippet_file);
            v
        })
        .collect();
    Ok(Json(json!({
        "total": res.total,
        "page": res.page,
        "pages": res.pages,
        "sort": res.sort,
        "items": items,
        "facets": {
            "kind": facet_json(&res.facets.kind),
            "topic": facet_json(&res.facets.topic),
            "audience": facet_json(&res.facets.audience),
            "language": facet_json(&res.facets.language),
        },
    }))
    .into_response())
}

/// One resource by id or slug, with its files (and their history) and links.
pub async fn show(State(state): State<AppState>, Path(key): Path<String>) -> AppResult<Response> {
    let found = match key.parse::<i64>() {
        Ok(id) => data::by_id(&state.db, id).await?,
        Err(_) => data::by_slug(&state.db, &key).await?,
    };
    let Some(r) = found.filter(|r| r.visible_to(Viewer::default())) else {
        return Ok((
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "No such resource.", "status": 404 })),
        )
            .into_response());
    };
    let base = state.cfg.base_url.trim_end_matches('/').to_string();
    let docs = documents(data::files(&state.db, r.id).await?);
    let file_json = |f: &super::model::FileVersion| {
        json!({
            "id": f.id,
            "name": f.file_name,
            "format": f.format,
            "size": f.size,
            "sha256": f.sha256,
            "version": f.version,
            "change_note": f.change_note,
            "uploaded_at": chrono::DateTime::from_timestamp(f.uploaded_at, 0).map(|d| d.to_rfc3339()),
            "download_url": format!("{base}/resources/{}/files/{}", r.slug, f.id),
        })
    };
    let files: Vec<Value> = docs
        .iter()
        .map(|d| {
            let mut v = file_json(&d.current);
            v["earlier_versions"] = Value::Array(d.earlier.iter().map(file_json).collect());
            v
        })
        .collect();
    let related: Vec<Value> = data::related(&state.db, r.id)
        .await?
        .into_iter()
        .filter(|x| x.visible_to(Viewer::default()))
        .map(|x| json!({ "id": x.id, "slug": x.slug, "title": x.title }))
        .collect();
    let (courses, events) = data::teaching(&state.db, r.id).await?;
    let mut v = about(&r, &base);
    v["body_markdown"] = json!(r.body_md);
    v["media_url"] = if r.media_url.is_empty() {
        Value::Null
    } else {
        json!(r.media_url)
    };
    v["files"] = Value::Array(files);
    v["related"] = Value::Array(related);
    v["courses"] = links(&courses, &format!("{base}/courses"));
    v["trainings"] = links(&events, &format!("{base}/trainings"));
    Ok(Json(v).into_response())
}

/// The library's part of the OpenAPI description.
pub fn openapi(doc: &mut Value) {
    let err = json!({ "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } });
    let list = |name: &str, values: &[&str]| json!({ "name": name, "in": "query", "schema": { "type": "string", "enum": values } });
    doc["paths"]["/resources"] = json!({ "get": {
        "summary": "Search the public resource library: results with snippets and facet counts (open to everyone)",
        "security": [],
        "parameters": [
            { "name": "q", "in": "query", "schema": { "type": "string", "maxLength": 200 }, "description": "Words; every word must match (stemmed, accents ignored)" },
            list("kind", KINDS),
            list("topic", TOPICS),
            list("audience", AUDIENCES),
            list("language", LANGUAGES),
            list("sort", &["relevance", "newest", "downloads", "title"]),
            { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500 } }
        ],
        "responses": {
            "200": { "description": "{ total, page, pages, sort, items: [{ id, slug, title, summary, kind, topics, audiences, language, published_on, reviewed_on, formats, downloads, snippet_html, snippet_file, url }], facets: { kind: {code: count}, topic, audience, language } }" },
            "422": { "description": "An unknown parameter or value, named in `field`", "content": err }
        } } });
    doc["paths"]["/resources/{id}"] = json!({ "get": {
        "summary": "One public resource by id or slug, with its files (and earlier versions), related resources, courses and trainings",
        "security": [],
        "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
        "responses": {
            "200": { "description": "The resource" },
            "404": { "description": "No such public resource", "content": err }
        } } });
}
