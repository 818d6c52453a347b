//! The JSON API under `/api/v1/`. Requests authenticate with a personal bearer token
//! (`tta token create` or the account page); every error has the one shape of
//! `web::error::ApiError`, described as the `Error` schema.

pub mod doc;
pub mod extract;

use axum::{extract::State, response::IntoResponse, Json};
use serde_json::{json, Value};

use crate::{
    app::AppState,
    courses::pages::LENGTHS,
    orgs::model as orgs,
    topics::{AUDIENCES, LANGUAGES, TOPICS},
    web::{access::ApiUser, error::AppResult},
};
use doc::{
    array, choice, error, json_response, object, or_null, path_param, schema_ref, time_or_null,
};

pub async fn me(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<impl IntoResponse> {
    let memberships = orgs::for_user(&state.db, user.id).await?;
    Ok(Json(json!({
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "totp_enabled": user.totp_enabled(),
        "organizations": memberships,
    })))
}

/// The OpenAPI description of the API.
pub async fn openapi(State(state): State<AppState>) -> impl IntoResponse {
    Json(document(&state.cfg.base_url))
}

/// The whole description: each capability adds its part, then `doc::complete` adds what
/// the route table says about access and the errors common to each kind of operation.
pub fn document(base_url: &str) -> Value {
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "tta API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Errors are JSON in one shape, the Error schema: { error, code, status, errors? }."
        },
        "servers": [{ "url": format!("{base_url}/api/v1") }],
        "components": { "securitySchemes": { "token": { "type": "http", "scheme": "bearer" } }, "schemas": {} },
        "security": [{ "token": [] }],
        "paths": {}
    });
    doc::error_schemas(&mut doc);
    account_part(&mut doc);
    courses_part(&mut doc);
    certificates_part(&mut doc);
    reviews_part(&mut doc);
    crate::events::api_doc::openapi(&mut doc);
    crate::library::api::openapi(&mut doc);
    doc::complete(&mut doc, &crate::web::routes::table());
    doc
}

fn account_part(doc: &mut Value) {
    let org = object(
        &["id", "name", "state", "role"],
        json!({ "id": { "type": "integer" }, "name": { "type": "string" }, "state": { "type": "string" },
            "role": { "type": "string", "enum": ["manager", "member"] } }),
    );
    doc["components"]["schemas"]["Me"] = object(
        &[
            "id",
            "email",
            "name",
            "role",
            "totp_enabled",
            "organizations",
        ],
        json!({
            "id": { "type": "integer" }, "email": { "type": "string" }, "name": { "type": "string" },
            "role": { "type": "string", "enum": ["learner", "facilitator", "staff", "admin"] },
            "totp_enabled": { "type": "boolean" },
            "organizations": array(org)
        }),
    );
    doc["paths"]["/me"] = json!({ "get": {
        "summary": "The account the token belongs to",
        "responses": { "200": json_response("The account", schema_ref("Me")) } } });
    doc["paths"]["/openapi.json"] = json!({ "get": {
        "summary": "This description (open to everyone)",
        "responses": { "200": json_response("The OpenAPI document", json!({ "type": "object", "required": ["openapi", "paths"] })) } } });
}

fn courses_part(doc: &mut Value) {
    let strings = || array(json!({ "type": "string" }));
    let course_props = json!({
        "id": { "type": "integer" }, "slug": { "type": "string" }, "title": { "type": "string" }, "summary": { "type": "string" },
        "objectives": strings(), "audience": strings(), "topics": strings(), "language": { "type": "string" },
        "hours": { "type": "string", "description": "e.g. 1.5" }, "ce_hours": { "type": "string" },
        "passing_score": { "type": "integer" }, "max_attempts": { "type": "integer" }, "url": { "type": "string" }
    });
    let course_fields = [
        "id",
        "slug",
        "title",
        "summary",
        "objectives",
        "audience",
        "topics",
        "language",
        "hours",
        "ce_hours",
        "passing_score",
        "max_attempts",
        "url",
    ];
    doc["components"]["schemas"]["Course"] = object(&course_fields, course_props.clone());
    let mut detail_props = course_props;
    detail_props["modules"] = array(object(
        &["title", "lessons"],
        json!({ "title": { "type": "string" }, "lessons": array(object(&["slug", "title"], json!({ "slug": { "type": "string" }, "title": { "type": "string" } }))) }),
    ));
    detail_props["pretest_questions"] = json!({ "type": "integer" });
    detail_props["posttest_questions"] = json!({ "type": "integer" });
    let mut detail_fields = course_fields.to_vec();
    detail_fields.extend(["modules", "pretest_questions", "posttest_questions"]);
    doc["components"]["schemas"]["CourseDetail"] = object(&detail_fields, detail_props);

    let int = || json!({ "type": "integer" });
    let boolean = || json!({ "type": "boolean" });
    let progress = object(
        &[
            "lessons_total",
            "lessons_viewed",
            "checks_required",
            "checks_answered",
            "pretest_done",
            "pretest_score",
            "posttest_passed",
            "posttest_score",
            "posttest_attempts",
            "evaluated",
            "completed",
            "percent",
        ],
        json!({
            "lessons_total": int(), "lessons_viewed": int(), "checks_required": int(), "checks_answered": int(),
            "pretest_done": boolean(), "pretest_score": or_null("integer"), "posttest_passed": boolean(), "posttest_score": or_null("integer"),
            "posttest_attempts": int(), "evaluated": boolean(), "completed": boolean(), "percent": { "type": "integer", "minimum": 0, "maximum": 100 }
        }),
    );
    let enrollment = object(
        &[
            "course",
            "enrolled_at",
            "completed_at",
            "progress",
            "certificate",
        ],
        json!({
            "course": object(&["id", "slug", "title"], json!({ "id": int(), "slug": { "type": "string" }, "title": { "type": "string" } })),
            "enrolled_at": time_or_null(), "completed_at": time_or_null(), "progress": progress,
            "certificate": { "oneOf": [{ "type": "null" }, object(&["code", "revoked", "url"], json!({ "code": { "type": "string" }, "revoked": boolean(), "url": { "type": "string" } }))] }
        }),
    );
    let filter =
        |name: &str, schema: Value| json!({ "name": name, "in": "query", "schema": schema });
    doc["paths"]["/courses"] = json!({ "get": {
        "summary": "Published courses, optionally filtered (open to everyone)",
        "parameters": [
            filter("q", json!({ "type": "string" })),
            choice("topic", TOPICS),
            choice("audience", AUDIENCES),
            choice("language", LANGUAGES),
            choice("length", LENGTHS)
        ],
        "responses": {
            "200": json_response("The courses", object(&["courses"], json!({ "courses": array(schema_ref("Course")) }))),
            "400": error("An unknown filter value, named in errors, or a query string that cannot be read")
        } } });
    doc["paths"]["/courses/{id}"] = json!({ "get": {
        "summary": "One published course with its outline, by id or slug (no answers; open to everyone)",
        "parameters": [path_param("id", json!({ "type": "string" }))],
        "responses": {
            "200": json_response("The course", schema_ref("CourseDetail")),
            "404": error("No such published course")
        } } });
    doc["paths"]["/me/enrollments"] = json!({ "get": {
        "summary": "The token holder's enrollments, progress and certificates",
        "responses": { "200": json_response("The enrollments", object(&["enrollments"], json!({ "enrollments": array(enrollment) }))) } } });
}

fn certificates_part(doc: &mut Value) {
    let s = || json!({ "type": "string" });
    let certificate = object(
        &[
            "code",
            "status",
            "kind",
            "recipient",
            "title",
            "completed_on",
            "hours",
            "ce_hours",
            "issuer",
            "issued_at",
            "revoked_at",
            "revoke_reason",
            "verification_url",
            "signature",
        ],
        json!({
            "code": s(), "status": { "type": "string", "enum": ["valid", "revoked", "invalid"] }, "kind": s(),
            "recipient": s(), "title": s(), "completed_on": { "type": "string", "description": "YYYY-MM-DD" },
            "hours": s(), "ce_hours": s(), "issuer": s(), "issued_at": time_or_null(), "revoked_at": time_or_null(),
            "revoke_reason": or_null("string"), "verification_url": s(),
            "signature": object(&["algorithm", "key_id", "public_key", "signed_text", "value"],
                json!({ "algorithm": { "type": "string", "enum": ["Ed25519"] }, "key_id": s(), "public_key": s(), "signed_text": s(), "value": s() }))
        }),
    );
    doc["paths"]["/certificates/{code}"] = json!({ "get": {
        "summary": "A certificate's signed record, to verify it (open to everyone)",
        "parameters": [path_param("code", json!({ "type": "string" }))],
        "responses": {
            "200": json_response("The record, with what is needed to check the signature", certificate),
            "404": error("No such certificate")
        } } });
}

fn reviews_part(doc: &mut Value) {
    let s = || json!({ "type": "string" });
    let int = || json!({ "type": "integer" });
    let counts = || json!({ "type": "object", "additionalProperties": { "type": "integer" } });
    let language = object(
        &["code", "name", "covered", "uncovered_percent"],
        json!({
            "code": { "type": ["string", "null"], "description": "ISO 639-1, when it could be told" }, "name": or_null("string"),
            "covered": { "type": "boolean", "description": "false: the rules do not read this language, so nothing was reviewed" },
            "uncovered_percent": { "type": "integer", "minimum": 0, "maximum": 100 }
        }),
    );
    let severity = json!({ "type": "string", "enum": ["red_line", "concern"] });
    let finding = object(
        &[
            "line",
            "start",
            "end",
            "category",
            "title",
            "severity",
            "text",
            "explanation",
            "alternative",
            "standards",
        ],
        json!({
            "line": int(), "start": int(), "end": int(), "category": s(), "title": s(), "severity": severity,
            "text": s(), "explanation": s(), "alternative": s(), "standards": array(s())
        }),
    );
    let summary = object(
        &[
            "findings",
            "flagged_clauses",
            "red_line_clauses",
            "segments_reviewed",
            "by_category",
            "by_severity",
            "reading",
        ],
        json!({
            "findings": int(), "flagged_clauses": int(), "red_line_clauses": int(), "segments_reviewed": int(),
            "by_category": counts(), "by_severity": counts(), "reading": { "type": "string", "description": "One sentence to read first" }
        }),
    );
    let report = object(
        &["document", "reviewed", "language", "summary", "findings"],
        json!({ "document": s(), "reviewed": { "type": "boolean" }, "language": language.clone(), "summary": summary, "findings": array(finding) }),
    );
    // An Error; for code unsupported_language it also says which language was found.
    let unprocessable =
        json!({ "allOf": [schema_ref("Error")], "properties": { "language": language } });
    doc["paths"]["/reviews"] = json!({ "post": {
        "summary": "Review a document for coercive clauses (open to everyone, rate-limited)",
        "requestBody": { "required": true, "content": {
            "application/json": { "schema": object(&["text"], json!({ "text": s(), "name": s() })) },
            "text/plain": { "schema": s() },
            "multipart/form-data": { "schema": { "type": "object",
                "properties": { "file": { "type": "string", "format": "binary" }, "text": s(), "name": s() } } }
        } },
        "responses": {
            "200": json_response("The review", report),
            "400": error("Malformed JSON (code invalid_json) or multipart body"),
            "413": error("The body or the file is larger than 10 MB (code too_large), or the text in it or pasted is larger than the extract_max_text_bytes setting, 10 MB by default (code text_too_large)"),
            "422": json_response("Empty, unsupported or unreadable document (code empty, unsupported, unreadable, no_text), a PDF too complex to read (code too_complex), one that took too long or too much memory to read (code too_slow, too_much_memory), or a language the review does not read (code unsupported_language, with the language found)",
                unprocessable),
            "429": error("Too many requests"),
            "503": error("Documents cannot be read right now: every reader is busy (code busy) or none could be started (code unavailable)")
        } } });
}
