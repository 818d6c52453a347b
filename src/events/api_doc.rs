//! The live trainings' part of the OpenAPI description: paths, schemas and the
//! `Idempotency-Key` parameter. `api::doc::complete` adds the access errors.

use serde_json::{json, Value};

use super::input::FORMATS;
use crate::{
    api::doc::{
        array, choice, error, field_errors, json_response, object, or_null, path_param, schema_ref,
        time_or_null,
    },
    orgs::model::STATES,
    topics::{LANGUAGES, TOPICS},
};

fn event_schemas(doc: &mut Value) {
    let s = || json!({ "type": "string" });
    let int = || json!({ "type": "integer" });
    let boolean = || json!({ "type": "boolean" });
    let strings = || array(s());
    let schemas = &mut doc["components"]["schemas"];
    schemas["Place"] = object(
        &["registration_id", "status", "waitlist_position"],
        json!({ "registration_id": int(), "status": { "type": "string", "enum": ["confirmed", "waitlisted"] },
            "waitlist_position": { "type": ["integer", "null"], "description": "1 for the first person waiting" } }),
    );
    schemas["Cancelled"] = object(
        &["registration_id", "status", "promoted"],
        json!({ "registration_id": or_null("integer"), "status": { "type": "string", "enum": ["cancelled"] },
            "promoted": { "type": "integer", "description": "How many people waiting got a seat" } }),
    );
    let session = object(
        &[
            "id",
            "title",
            "starts_at",
            "ends_at",
            "starts_at_local",
            "ends_at_local",
        ],
        json!({
            "id": int(), "title": s(),
            "starts_at": { "type": ["string", "null"], "format": "date-time", "description": "UTC" }, "ends_at": time_or_null(),
            "starts_at_local": { "type": "string", "format": "date-time", "description": "in the training's zone, with its offset" },
            "ends_at_local": { "type": "string", "format": "date-time" }
        }),
    );
    schemas["Event"] = object(
        &[
            "id",
            "slug",
            "title",
            "description",
            "format",
            "timezone",
            "venue",
            "address",
            "city",
            "state",
            "accessibility",
            "capacity",
            "seats_left",
            "waitlist_count",
            "registration",
            "sessions",
            "audience",
            "topics",
            "language",
            "ce_hours",
            "questions",
            "facilitators",
            "published",
            "cancelled",
            "url",
        ],
        json!({
            "id": int(), "slug": s(), "title": s(), "description": s(),
            "format": { "type": "string", "enum": ["in_person", "virtual", "hybrid"] }, "timezone": { "type": "string", "description": "IANA zone name" },
            "venue": s(), "address": s(), "city": s(), "state": s(), "accessibility": s(),
            "capacity": int(), "seats_left": int(), "waitlist_count": int(),
            "registration": object(&["open", "opens_at", "closes_at"], json!({ "open": boolean(), "opens_at": time_or_null(), "closes_at": time_or_null() })),
            "sessions": array(session),
            "audience": strings(), "topics": strings(), "language": s(), "ce_hours": s(),
            "questions": array(object(&["field", "label", "required", "long"], json!({ "field": s(), "label": s(), "required": boolean(), "long": boolean() }))),
            "facilitators": array(object(&["id", "name"], json!({ "id": int(), "name": s() }))),
            "published": boolean(), "cancelled": boolean(), "url": s()
        }),
    );
    schemas["EventInput"] = json!({ "type": "object", "additionalProperties": false,
        "description": "The staff form's fields; times are wall-clock times in the training's zone",
        "properties": {
            "title": s(), "slug": { "type": "string", "description": "made from the title when empty" }, "description": s(),
            "format": { "type": "string", "enum": ["in_person", "virtual", "hybrid"] }, "timezone": s(),
            "venue": s(), "address": s(), "city": s(), "state": s(),
            "accessibility": s(), "join_url": { "type": "string", "description": "https; sent only to confirmed people" },
            "capacity": { "type": ["string", "integer"] },
            "registration_opens": { "type": "string", "example": "2026-11-01T09:00" }, "registration_closes": { "type": "string", "example": "2026-12-01T17:00" },
            "audience": strings(), "topics": strings(),
            "language": s(), "ce_hours": { "type": ["string", "number"] },
            "ask_access": boolean(), "ask_interpreter": boolean(), "ask_dietary": boolean(),
            "questions": array(json!({ "type": "object", "additionalProperties": false, "properties": { "label": s(), "required": boolean() } })),
            "sessions": array(json!({ "type": "object", "additionalProperties": false, "properties": {
                "title": s(), "date": { "type": "string", "example": "2026-12-03" }, "start": { "type": "string", "example": "09:00" }, "end": { "type": "string", "example": "12:00" } } })),
            "facilitators": { "type": "array", "items": int(), "description": "user ids" },
            "published": boolean() } });
    let registration = object(
        &[
            "id",
            "user",
            "status",
            "waitlist_position",
            "answers",
            "created_at",
            "confirmed_at",
            "cancelled_at",
            "promoted_at",
            "attendance",
        ],
        json!({
            "id": int(), "user": object(&["id", "name", "email"], json!({ "id": int(), "name": s(), "email": s() })),
            "status": { "type": "string", "enum": ["confirmed", "waitlisted", "cancelled"] }, "waitlist_position": or_null("integer"),
            "answers": { "type": "object" }, "created_at": time_or_null(), "confirmed_at": time_or_null(),
            "cancelled_at": time_or_null(), "promoted_at": time_or_null(),
            "attendance": array(object(&["session_id", "present"], json!({ "session_id": int(), "present": boolean() })))
        }),
    );
    schemas["Registrations"] = object(
        &["registrations"],
        json!({ "registrations": array(registration) }),
    );
}

/// A training that can be created today: registration open now, the session a month out.
fn example() -> Value {
    let day = |offset: i64| {
        (chrono::Utc::now() + chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    json!({
        "title": "Voluntary Services in Practice", "description": "Making every service voluntary, with examples from shelters.",
        "format": "virtual", "timezone": "America/Chicago", "join_url": "https://meet.example.org/voluntary",
        "capacity": 25, "registration_opens": format!("{}T09:00", day(-1)), "registration_closes": format!("{}T17:00", day(25)),
        "topics": ["voluntary_services"], "language": "en", "ce_hours": "3", "ask_access": true,
        "sessions": [{ "title": "Morning", "date": day(30), "start": "09:00", "end": "12:00" }],
        "published": true
    })
}

pub fn openapi(doc: &mut Value) {
    event_schemas(doc);
    doc["components"]["parameters"]["IdempotencyKey"] = json!({ "name": "Idempotency-Key", "in": "header", "required": false,
        "schema": { "type": "string", "minLength": 1, "maxLength": super::api::MAX_KEY, "pattern": "^[\\x20-\\x7e]*[\\x21-\\x7e][\\x20-\\x7e]*$" },
        "description": "A retry with the same key and the same request gets the stored answer without acting again (kept a day)" });
    let id = || path_param("id", json!({ "type": "integer" }));
    let key = || json!({ "$ref": "#/components/parameters/IdempotencyKey" });
    let filter =
        |name: &str, schema: Value| json!({ "name": name, "in": "query", "schema": schema });
    let event = || json_response("The training", schema_ref("Event"));
    let input = |example: Value| json!({ "required": true, "content": { "application/json": { "schema": schema_ref("EventInput"), "example": example } } });
    let key_in_use =
        || error("A request with this Idempotency-Key is still running (code request_in_progress)");
    let key_reused = || {
        field_errors(
            "An Idempotency-Key already used for a different request (code idempotency_key_reused)",
        )
    };
    let states: Vec<&str> = STATES.iter().map(|(code, _)| *code).collect();
    doc["paths"]["/events"] = json!({
        "get": {
            "summary": "Upcoming published live trainings, optionally filtered (open to everyone)",
            "parameters": [
                filter("q", json!({ "type": "string" })),
                choice("topic", TOPICS),
                choice("format", FORMATS),
                choice("state", &states),
                choice("language", LANGUAGES)
            ],
            "responses": {
                "200": json_response("The trainings", object(&["events"], json!({ "events": array(schema_ref("Event")) }))),
                "400": error("An unknown filter value, named in errors, or a query string that cannot be read")
            } },
        "post": {
            "summary": "Create a training (staff); the same fields and checks as the staff form",
            "requestBody": input(example()),
            "responses": {
                "201": event(),
                "400": error("Malformed JSON, not an object, a wrong type or an unknown field (code invalid_json)"),
                "422": field_errors("Every field that needs attention")
            } } });
    doc["paths"]["/events/{id}"] = json!({
        "get": {
            "summary": "One published training, by id or slug (open to everyone; never the join link)",
            "parameters": [path_param("id", json!({ "type": "string" }))],
            "responses": { "200": event(), "404": error("No such published training") } },
        "patch": {
            "summary": "Change a training (staff): any subset of the fields, merged onto the training as it is; freed seats go to the waitlist",
            "parameters": [id()],
            "requestBody": input(json!({ "capacity": 30 })),
            "responses": {
                "200": event(),
                "400": error("Malformed JSON, not an object, a wrong type or an unknown field (code invalid_json)"),
                "404": error("No such training"),
                "422": field_errors("Every field that needs attention, including a capacity below the confirmed places")
            } } });
    doc["paths"]["/events/{id}/registrations"] = json!({
        "get": {
            "summary": "Every registration of a training (staff): person, status, waitlist position, answers, attendance",
            "parameters": [id()],
            "responses": { "200": json_response("The registrations", schema_ref("Registrations")), "404": error("No such training") } },
        "post": {
            "summary": "Take a place for the token holder: confirmed while seats remain, else the next place on the waitlist",
            "parameters": [id(), key()],
            "requestBody": { "required": false, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false,
                "properties": { "answers": { "type": "object", "description": "Answers keyed by the training's question fields (access, interpreter, dietary, q1…)", "additionalProperties": { "type": "string" } } } } } } },
            "responses": {
                "201": json_response("A new place", schema_ref("Place")),
                "200": json_response("The place the token holder already holds", schema_ref("Place")),
                "400": error("A body that is not an object with answers (code invalid_json), or a blank or over-long Idempotency-Key (code invalid_idempotency_key)"),
                "404": error("No such published training"),
                "409": error("Registration is not open (code registration_closed), or a request with this Idempotency-Key is still running (code request_in_progress)"),
                "422": field_errors("Answers that need attention (code invalid), or an Idempotency-Key already used for a different request (code idempotency_key_reused)")
            } },
        "delete": {
            "summary": "Give up the token holder's place; a freed seat goes to the first person waiting",
            "parameters": [id(), key()],
            "responses": {
                "200": json_response("The place given up", schema_ref("Cancelled")),
                "400": error("A blank or over-long Idempotency-Key (code invalid_idempotency_key)"),
                "404": error("No such training, or no place held at it (code not_registered)"),
                "409": key_in_use(),
                "422": key_reused()
            } } });
    doc["paths"]["/events/{id}/registrations/{registration}"] = json!({ "delete": {
        "summary": "Remove one registration (staff), with the same promotion from the waitlist",
        "parameters": [id(), path_param("registration", json!({ "type": "integer" })), key()],
        "responses": {
            "200": json_response("The registration removed", schema_ref("Cancelled")),
            "400": error("A blank or over-long Idempotency-Key (code invalid_idempotency_key)"),
            "404": error("No such registration at this training"),
            "409": key_in_use(),
            "422": key_reused()
        } } });
}
