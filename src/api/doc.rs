//! Building blocks of the OpenAPI description, and the last pass that makes it match the
//! route table: who may call each operation, and the errors every operation of its kind
//! can answer (401 without a token, 403 below the role, 404 for a path naming nothing,
//! 400/413/415 for a body). The parts are written beside the handlers they describe.

use serde_json::{json, Map, Value};

use crate::web::{access::Access, routes::Route};

pub fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// A JSON answer with its schema.
pub fn json_response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

/// An error answer in the one error shape.
pub fn error(description: &str) -> Value {
    json_response(description, schema_ref("Error"))
}

/// An error answer that always names the fields that need attention.
pub fn field_errors(description: &str) -> Value {
    json_response(description, schema_ref("FieldErrors"))
}

/// An object with exactly these properties, the `required` ones always present.
pub fn object(required: &[&str], properties: Value) -> Value {
    json!({ "type": "object", "additionalProperties": false, "required": required, "properties": properties })
}

pub fn array(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

/// A type that may also be `null`.
pub fn or_null(t: &str) -> Value {
    json!({ "type": [t, "null"] })
}

/// An RFC 3339 time, or `null` when there is none.
pub fn time_or_null() -> Value {
    json!({ "type": ["string", "null"], "format": "date-time" })
}

/// A query filter that takes one of `values`; empty means any, as on the pages' forms.
pub fn choice(name: &str, values: &[&str]) -> Value {
    let mut all = vec![""];
    all.extend_from_slice(values);
    json!({ "name": name, "in": "query", "schema": { "type": "string", "enum": all }, "description": "Empty: any" })
}

/// A path parameter.
pub fn path_param(name: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": schema })
}

/// The error shape, shared by every operation.
pub fn error_schemas(doc: &mut Value) {
    let schemas = &mut doc["components"]["schemas"];
    schemas["Error"] = json!({
        "type": "object",
        "description": "Every error the API answers with has this shape. Some operations add a detail field of their own, which they describe.",
        "required": ["error", "code", "status"],
        "properties": {
            "error": { "type": "string", "minLength": 1, "description": "What went wrong, for a person" },
            "code": { "type": "string", "pattern": "^[a-z][a-z0-9_]*$",
                "description": "What went wrong, for a program; stable. The status's name (bad_request, unauthorized, forbidden, not_found, method_not_allowed, conflict, payload_too_large, unsupported_media_type, invalid, too_many_requests, internal) unless the operation names a more precise one (e.g. invalid_json, registration_closed, idempotency_key_reused)" },
            "status": { "type": "integer", "minimum": 400, "maximum": 599, "description": "The HTTP status, repeated" },
            "errors": array(schema_ref("FieldError"))
        }
    });
    schemas["FieldError"] = object(
        &["field", "message"],
        json!({
            "field": { "type": "string", "description": "A body field (title, sessions.0.start), a query parameter or a header (Idempotency-Key)" },
            "message": { "type": "string", "minLength": 1 }
        }),
    );
    schemas["FieldErrors"] = json!({
        "description": "An Error that lists every field needing attention",
        "allOf": [schema_ref("Error"), { "required": ["errors"], "properties": { "errors": { "minItems": 1 } } }]
    });
}

/// The part of an axum route after `/api/v1`, as the description names it.
fn doc_path(route: &str) -> Option<&str> {
    route.strip_prefix("/api/v1").filter(|p| p.starts_with('/'))
}

/// Sets each operation's security from the route table and adds the errors its kind of
/// operation can answer, so the description cannot drift from what the server does.
pub fn complete(doc: &mut Value, routes: &[Route]) {
    for r in routes {
        let Some(path) = doc_path(r.path) else {
            continue;
        };
        let method = r.method.to_ascii_lowercase();
        let Some(op) = doc["paths"]
            .get_mut(path)
            .and_then(|p| p.get_mut(&method))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let mut responses = op
            .remove("responses")
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        let mut add = |status: &str, v: Value| {
            responses.entry(status.to_string()).or_insert(v);
        };
        match r.access {
            Access::ApiToken => {
                op.insert("security".into(), json!([{ "token": [] }]));
                add("401", error("A missing, unknown or revoked token"));
            }
            Access::ApiAtLeast(role) => {
                op.insert("security".into(), json!([{ "token": [] }]));
                add("401", error("A missing, unknown or revoked token"));
                add(
                    "403",
                    error(&format!("The token's account is not {}", role.as_str())),
                );
            }
            _ => {
                op.insert("security".into(), json!([]));
            }
        }
        let params = op
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if params.iter().any(|p| p["in"] == "path") || path.contains('{') {
            add(
                "404",
                error(
                    "Nothing has this id (including one that is not a number, or past the largest)",
                ),
            );
        }
        // Any operation: the input boundary refuses a query string holding a control
        // character (`web::input`), naming the parameter.
        add(
            "400",
            error("A query parameter holding a control character (code invalid_query), or a malformed request"),
        );
        if let Some(body) = op.get("requestBody") {
            add("400", error("A body that is not the JSON described"));
            add("413", error("A body larger than the operation accepts"));
            let only_json = body["content"]
                .as_object()
                .is_some_and(|c| c.keys().all(|k| k == "application/json"));
            if only_json {
                add("415", error("A body that is not sent as application/json"));
            }
        }
        op.insert("responses".into(), Value::Object(sort_statuses(responses)));
    }
}

fn sort_statuses(m: Map<String, Value>) -> Map<String, Value> {
    let mut v: Vec<(String, Value)> = m.into_iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into_iter().collect()
}
