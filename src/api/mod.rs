//! The JSON API under `/api/v1/`. Requests authenticate with a personal bearer token
//! (`tta token create` or the account page); errors are JSON with a message.

use axum::{extract::State, response::IntoResponse, Json};
use serde_json::json;

use crate::{
    app::AppState,
    orgs::model as orgs,
    web::{access::ApiUser, error::AppResult},
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

/// The OpenAPI description of the API, extended as endpoints are added.
pub async fn openapi(State(state): State<AppState>) -> impl IntoResponse {
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "tta API", "version": env!("CARGO_PKG_VERSION") },
        "servers": [{ "url": format!("{}/api/v1", state.cfg.base_url) }],
        "components": {
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error", "status"],
                    "properties": { "error": { "type": "string" }, "status": { "type": "integer" } } },
                "Me": { "type": "object", "required": ["id", "email", "name", "role", "organizations"],
                    "properties": {
                        "id": { "type": "integer" }, "email": { "type": "string" }, "name": { "type": "string" },
                        "role": { "type": "string", "enum": ["learner", "facilitator", "staff", "admin"] },
                        "totp_enabled": { "type": "boolean" },
                        "organizations": { "type": "array", "items": { "type": "object",
                            "properties": { "id": { "type": "integer" }, "name": { "type": "string" },
                                "state": { "type": "string" }, "role": { "type": "string", "enum": ["manager", "member"] } } } } } }
            }
        },
        "security": [{ "token": [] }],
        "paths": {
            "/me": { "get": {
                "summary": "The account the token belongs to",
                "responses": {
                    "200": { "description": "The account", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Me" } } } },
                    "401": { "description": "Missing or invalid token", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                } } },
            "/courses": { "get": {
                "summary": "Published courses, optionally filtered (open to everyone)",
                "security": [],
                "parameters": [
                    { "name": "q", "in": "query", "schema": { "type": "string" } },
                    { "name": "topic", "in": "query", "schema": { "type": "string" } },
                    { "name": "audience", "in": "query", "schema": { "type": "string" } },
                    { "name": "language", "in": "query", "schema": { "type": "string", "enum": ["en", "es"] } },
                    { "name": "length", "in": "query", "schema": { "type": "string", "enum": ["short", "medium", "long"] } }
                ],
                "responses": {
                    "200": { "description": "{ courses: [{ id, slug, title, summary, objectives, audience, topics, language, hours, ce_hours, passing_score, max_attempts, url }] }" },
                    "400": { "description": "An unknown filter value", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                } } },
            "/courses/{id}": { "get": {
                "summary": "One published course with its outline, by id or slug (no answers)",
                "security": [],
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "The course, with modules: [{ title, lessons: [{ slug, title }] }] and the number of test questions" },
                    "404": { "description": "No such published course", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                } } },
            "/me/enrollments": { "get": {
                "summary": "The token holder's enrollments, progress and certificates",
                "responses": {
                    "200": { "description": "{ enrollments: [{ course, enrolled_at, completed_at, progress, certificate }] }" },
                    "401": { "description": "Missing or invalid token", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                } } },
            "/certificates/{code}": { "get": {
                "summary": "A certificate's signed record, to verify it (open to everyone)",
                "security": [],
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "{ code, status: valid|revoked|invalid, recipient, title, completed_on, hours, ce_hours, issuer, signature: { algorithm: Ed25519, key_id, public_key, signed_text, value } }" },
                    "404": { "description": "No such certificate", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                } } },
            "/reviews": { "post": {
                "summary": "Review a document for coercive clauses (open to everyone, rate-limited)",
                "security": [],
                "requestBody": { "required": true, "content": {
                    "application/json": { "schema": { "type": "object", "required": ["text"],
                        "properties": { "text": { "type": "string" }, "name": { "type": "string" } } } },
                    "text/plain": { "schema": { "type": "string" } },
                    "multipart/form-data": { "schema": { "type": "object",
                        "properties": { "file": { "type": "string", "format": "binary" }, "text": { "type": "string" }, "name": { "type": "string" } } } }
                } },
                "responses": {
                    "200": { "description": "The review: { document, summary, findings: [{ line, start, end, category, title, severity, text, explanation, alternative, standards }] }",
                        "content": { "application/json": { "schema": { "type": "object", "required": ["document", "summary", "findings"] } } } },
                    "400": { "description": "Malformed JSON", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                    "413": { "description": "Larger than 10 MB", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                    "422": { "description": "Empty, unsupported or unreadable document", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                    "429": { "description": "Too many requests", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                } } }
        }
    });
    events_openapi(&mut doc);
    crate::library::api::openapi(&mut doc);
    Json(doc)
}

/// The live trainings' part of the description: paths, schemas and the `Idempotency-Key`
/// parameter, added to the document in pieces.
fn events_openapi(doc: &mut serde_json::Value) {
    doc["components"]["parameters"]["IdempotencyKey"] = json!({ "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string", "maxLength": 200 },
                    "description": "A retry with the same key and the same request gets the stored answer without acting again (kept a day)" });
    doc["components"]["schemas"]["FieldErrors"] = json!({ "type": "object", "required": ["error", "status", "errors"],
                    "properties": { "error": { "type": "string" }, "status": { "type": "integer" },
                        "errors": { "type": "array", "items": { "type": "object", "required": ["field", "message"],
                            "properties": { "field": { "type": "string", "description": "e.g. title, capacity, sessions.0.start" }, "message": { "type": "string" } } } } } });
    doc["components"]["schemas"]["Place"] = json!({ "type": "object", "required": ["registration_id", "status"],
                    "properties": { "registration_id": { "type": "integer" }, "status": { "type": "string", "enum": ["confirmed", "waitlisted"] },
                        "waitlist_position": { "type": ["integer", "null"], "description": "1 for the first person waiting" } } });
    doc["components"]["schemas"]["Event"] = json!({ "type": "object", "required": ["id", "slug", "title", "format", "timezone", "capacity", "seats_left", "waitlist_count", "registration", "sessions", "url"],
                    "properties": {
                        "id": { "type": "integer" }, "slug": { "type": "string" }, "title": { "type": "string" }, "description": { "type": "string" },
                        "format": { "type": "string", "enum": ["in_person", "virtual", "hybrid"] }, "timezone": { "type": "string", "description": "IANA zone name" },
                        "venue": { "type": "string" }, "address": { "type": "string" }, "city": { "type": "string" }, "state": { "type": "string" }, "accessibility": { "type": "string" },
                        "capacity": { "type": "integer" }, "seats_left": { "type": "integer" }, "waitlist_count": { "type": "integer" },
                        "registration": { "type": "object", "properties": { "open": { "type": "boolean" },
                            "opens_at": { "type": "string", "format": "date-time" }, "closes_at": { "type": "string", "format": "date-time" } } },
                        "sessions": { "type": "array", "items": { "type": "object", "properties": {
                            "id": { "type": "integer" }, "title": { "type": "string" },
                            "starts_at": { "type": "string", "format": "date-time", "description": "UTC" }, "ends_at": { "type": "string", "format": "date-time" },
                            "starts_at_local": { "type": "string", "format": "date-time", "description": "in the training's zone, with its offset" },
                            "ends_at_local": { "type": "string", "format": "date-time" } } } },
                        "audience": { "type": "array", "items": { "type": "string" } }, "topics": { "type": "array", "items": { "type": "string" } },
                        "language": { "type": "string" }, "ce_hours": { "type": "string" },
                        "questions": { "type": "array", "items": { "type": "object", "properties": {
                            "field": { "type": "string" }, "label": { "type": "string" }, "required": { "type": "boolean" }, "long": { "type": "boolean" } } } },
                        "facilitators": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "integer" }, "name": { "type": "string" } } } },
                        "published": { "type": "boolean" }, "cancelled": { "type": "boolean" }, "url": { "type": "string" } } });
    doc["components"]["schemas"]["EventInput"] = json!({ "type": "object", "additionalProperties": false,
                    "description": "The staff form's fields; times are wall-clock times in the training's zone",
                    "properties": {
                        "title": { "type": "string" }, "slug": { "type": "string", "description": "made from the title when empty" }, "description": { "type": "string" },
                        "format": { "type": "string", "enum": ["in_person", "virtual", "hybrid"] }, "timezone": { "type": "string" },
                        "venue": { "type": "string" }, "address": { "type": "string" }, "city": { "type": "string" }, "state": { "type": "string" },
                        "accessibility": { "type": "string" }, "join_url": { "type": "string", "description": "https; sent only to confirmed people" },
                        "capacity": { "type": ["string", "integer"] },
                        "registration_opens": { "type": "string", "example": "2026-11-01T09:00" }, "registration_closes": { "type": "string", "example": "2026-12-01T17:00" },
                        "audience": { "type": "array", "items": { "type": "string" } }, "topics": { "type": "array", "items": { "type": "string" } },
                        "language": { "type": "string" }, "ce_hours": { "type": ["string", "number"] },
                        "ask_access": { "type": "boolean" }, "ask_interpreter": { "type": "boolean" }, "ask_dietary": { "type": "boolean" },
                        "questions": { "type": "array", "items": { "type": "object", "properties": { "label": { "type": "string" }, "required": { "type": "boolean" } } } },
                        "sessions": { "type": "array", "items": { "type": "object", "properties": {
                            "title": { "type": "string" }, "date": { "type": "string", "example": "2026-12-03" }, "start": { "type": "string", "example": "09:00" }, "end": { "type": "string", "example": "12:00" } } } },
                        "facilitators": { "type": "array", "items": { "type": "integer" }, "description": "user ids" },
                        "published": { "type": "boolean" } } });
    doc["paths"]["/events"] = json!({
                "get": {
                    "summary": "Upcoming published live trainings, optionally filtered (open to everyone)",
                    "security": [],
                    "parameters": [
                        { "name": "q", "in": "query", "schema": { "type": "string" } },
                        { "name": "topic", "in": "query", "schema": { "type": "string" } },
                        { "name": "format", "in": "query", "schema": { "type": "string", "enum": ["in_person", "virtual", "hybrid"] } },
                        { "name": "state", "in": "query", "schema": { "type": "string" } },
                        { "name": "language", "in": "query", "schema": { "type": "string", "enum": ["en", "es"] } }
                    ],
                    "responses": {
                        "200": { "description": "{ events: [Event] }" },
                        "400": { "description": "An unknown filter value", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                    } },
                "post": {
                    "summary": "Create a training (staff); the same fields and checks as the staff form",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EventInput" } } } },
                    "responses": {
                        "201": { "description": "The training", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Event" } } } },
                        "400": { "description": "Malformed JSON, a wrong type or an unknown field", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "403": { "description": "The token's account is not staff", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "422": { "description": "Every field that needs attention", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/FieldErrors" } } } }
                    } } });
    doc["paths"]["/events/{id}"] = json!({
                "get": {
                    "summary": "One published training, by id or slug (open to everyone; never the join link)",
                    "security": [],
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "responses": {
                        "200": { "description": "The training", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Event" } } } },
                        "404": { "description": "No such published training", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                    } },
                "patch": {
                    "summary": "Change a training (staff): any subset of the fields, merged onto the training as it is; freed seats go to the waitlist",
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/EventInput" } } } },
                    "responses": {
                        "200": { "description": "The training", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Event" } } } },
                        "400": { "description": "Malformed JSON, a wrong type or an unknown field", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "404": { "description": "No such training", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "422": { "description": "Every field that needs attention, including a capacity below the confirmed places", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/FieldErrors" } } } }
                    } } });
    doc["paths"]["/events/{id}/registrations"] = json!({
                "get": {
                    "summary": "Every registration of a training (staff): person, status, waitlist position, answers, attendance",
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                    "responses": {
                        "200": { "description": "{ registrations: [{ id, user: { id, name, email }, status, waitlist_position, answers, created_at, confirmed_at, cancelled_at, promoted_at, attendance: [{ session_id, present }] }] }" },
                        "404": { "description": "No such training", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                    } },
                "post": {
                    "summary": "Take a place for the token holder: confirmed while seats remain, else the next place on the waitlist",
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } },
                        { "$ref": "#/components/parameters/IdempotencyKey" }
                    ],
                    "requestBody": { "required": false, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false,
                        "properties": { "answers": { "type": "object", "description": "Answers keyed by the training's question fields (access, interpreter, dietary, q1…)", "additionalProperties": { "type": "string" } } } } } } },
                    "responses": {
                        "201": { "description": "A new place", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Place" } } } },
                        "200": { "description": "The place the token holder already holds", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Place" } } } },
                        "400": { "description": "Malformed body or Idempotency-Key", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "404": { "description": "No such published training", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "409": { "description": "Registration is not open, or a request with this Idempotency-Key is still running", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "422": { "description": "Answers that need attention, or an Idempotency-Key already used for a different request", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/FieldErrors" } } } }
                    } },
                "delete": {
                    "summary": "Give up the token holder's place; a freed seat goes to the first person waiting",
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } },
                        { "$ref": "#/components/parameters/IdempotencyKey" }
                    ],
                    "responses": {
                        "200": { "description": "{ registration_id, status: cancelled, promoted: number of people promoted }" },
                        "404": { "description": "No place held at this training", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "409": { "description": "A request with this Idempotency-Key is still running", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "422": { "description": "An Idempotency-Key already used for a different request", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                    } } });
    doc["paths"]["/events/{id}/registrations/{registration}"] = json!({ "delete": {
                "summary": "Remove one registration (staff), with the same promotion from the waitlist",
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } },
                    { "name": "registration", "in": "path", "required": true, "schema": { "type": "integer" } },
                    { "$ref": "#/components/parameters/IdempotencyKey" }
                ],
                "responses": {
                    "200": { "description": "{ registration_id, status: cancelled, promoted }" },
                    "404": { "description": "No such registration at this training", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
                } } });
}
