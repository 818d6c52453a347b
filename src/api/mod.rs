//! The JSON API under `/api/v1/`. Requests authenticate with a personal bearer token
//! (`tta token create` or the account page); errors are JSON with a message.

use axum::{extract::State, response::IntoResponse, Json};
use serde_json::json;

use crate::{
    app::AppState,
    orgs::model as orgs,
    web::{access::ApiUser, error::AppResult},
};

pub async fn me(State(state): State<AppState>, ApiUser(user): ApiUser) -> AppResult<impl IntoResponse> {
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
    Json(json!({
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
    }))
}
