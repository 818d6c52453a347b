//! `/api/v1/resources`: the public library as JSON, with the same search and facets as
//! the pages. Unlike the pages, the API refuses values it does not know, so a client's
//! typo is reported instead of silently widening the search.

use axum::{
    extract::{RawQuery, State},
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
    api::{
        doc::{
            array, choice, error, field_errors, json_response, object, or_null, path_param,
            time_or_null,
        },
        extract::Ids,
    },
    app::AppState,
    topics::{AUDIENCES, LANGUAGES, TOPICS},
    web::error::{ApiError, AppResult},
};

fn problem(field: &str, message: String) -> ApiError {
    ApiError::invalid(message.clone(), vec![(field.to_string(), message)])
}

/// Reads and checks the query string.
fn params(raw: Option<&str>) -> Result<Params, ApiError> {
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
        Err(e) => return Ok(e.into_response()),
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
pub async fn show(State(state): State<AppState>, Ids(key): Ids<String>) -> AppResult<Response> {
    let found = match key.parse::<i64>() {
        Ok(id) => data::by_id(&state.db, id).await?,
        Err(_) => data::by_slug(&state.db, &key).await?,
    };
    let Some(r) = found.filter(|r| r.visible_to(Viewer::default())) else {
        return Ok(ApiError::status(StatusCode::NOT_FOUND, "No such resource.").into_response());
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
    let s = || json!({ "type": "string" });
    let int = || json!({ "type": "integer" });
    let strings = || array(s());
    let about = json!({
        "id": int(), "slug": s(), "title": s(), "summary": s(), "kind": s(), "topics": strings(), "audiences": strings(),
        "language": s(), "published_on": s(), "reviewed_on": or_null("string"), "downloads": int(), "url": s()
    });
    let about_fields = [
        "id",
        "slug",
        "title",
        "summary",
        "kind",
        "topics",
        "audiences",
        "language",
        "published_on",
        "reviewed_on",
        "downloads",
        "url",
    ];
    let mut item = about.clone();
    item["formats"] = strings();
    item["snippet_html"] = json!({ "type": "string", "description": "escaped HTML with <mark>" });
    item["snippet_file"] = or_null("string");
    let mut item_fields = about_fields.to_vec();
    item_fields.extend(["formats", "snippet_html", "snippet_file"]);
    let counts = || json!({ "type": "object", "additionalProperties": { "type": "integer" } });
    let results = object(
        &["total", "page", "pages", "sort", "items", "facets"],
        json!({
            "total": int(), "page": int(), "pages": int(), "sort": s(), "items": array(object(&item_fields, item)),
            "facets": object(&["kind", "topic", "audience", "language"], json!({ "kind": counts(), "topic": counts(), "audience": counts(), "language": counts() }))
        }),
    );
    let file_props = json!({
        "id": int(), "name": s(), "format": s(), "size": int(), "sha256": s(), "version": int(), "change_note": s(),
        "uploaded_at": time_or_null(), "download_url": s()
    });
    let file_fields = [
        "id",
        "name",
        "format",
        "size",
        "sha256",
        "version",
        "change_note",
        "uploaded_at",
        "download_url",
    ];
    let mut current = file_props.clone();
    current["earlier_versions"] = array(object(&file_fields, file_props));
    let mut current_fields = file_fields.to_vec();
    current_fields.push("earlier_versions");
    let link = || {
        array(object(
            &["slug", "title", "url"],
            json!({ "slug": s(), "title": s(), "url": s() }),
        ))
    };
    let mut detail = about;
    detail["body_markdown"] = s();
    detail["media_url"] = or_null("string");
    detail["files"] = array(object(&current_fields, current));
    detail["related"] = array(object(
        &["id", "slug", "title"],
        json!({ "id": int(), "slug": s(), "title": s() }),
    ));
    detail["courses"] = link();
    detail["trainings"] = link();
    let mut detail_fields = about_fields.to_vec();
    detail_fields.extend([
        "body_markdown",
        "media_url",
        "files",
        "related",
        "courses",
        "trainings",
    ]);
    doc["paths"]["/resources"] = json!({ "get": {
        "summary": "Search the public resource library: results with snippets and facet counts (open to everyone)",
        "parameters": [
            { "name": "q", "in": "query", "schema": { "type": "string", "maxLength": 200 }, "description": "Words; every word must match (stemmed, accents ignored)" },
            choice("kind", KINDS),
            choice("topic", TOPICS),
            choice("audience", AUDIENCES),
            choice("language", LANGUAGES),
            choice("sort", &["relevance", "newest", "downloads", "title"]),
            { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500 } }
        ],
        "responses": {
            "200": json_response("One page of results", results),
            "422": field_errors("An unknown parameter or value, named in errors")
        } } });
    doc["paths"]["/resources/{id}"] = json!({ "get": {
        "summary": "One public resource by id or slug, with its files (and earlier versions), related resources, courses and trainings",
        "parameters": [path_param("id", s())],
        "responses": {
            "200": json_response("The resource", object(&detail_fields, detail)),
            "404": error("No such public resource")
        } } });
}
