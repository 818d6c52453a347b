//! The API's contract, case by case: one error shape for every error (the handlers' own,
//! access refusals, and requests axum could not read), ids that name nothing are 404s, a
//! registration body must be an object, and the description lists the errors each
//! operation can answer and matches the route table.

use chrono::{Duration as Days, Utc};
use reqwest::{header, Client, Method, Response};
use serde_json::{json, Value};
use tta::{
    accounts::{model::Role, tokens},
    web::{access::Access, routes},
};

use crate::helpers::*;

async fn token_for(app: &TestApp, email: &str, role: Role) -> String {
    let id = app.user(email, role).await;
    tokens::create(&app.state.db, id, "contract")
        .await
        .unwrap()
        .1
}

fn day(offset: i64) -> String {
    (Utc::now() + Days::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// A published training open for registration, made through the API; returns its id.
async fn training(app: &TestApp, staff: &str) -> i64 {
    let body = json!({
        "title": "Trauma-Informed Intake", "format": "virtual", "timezone": "America/New_York", "capacity": 5,
        "registration_opens": format!("{}T09:00", day(-1)), "registration_closes": format!("{}T17:00", day(20)),
        "join_url": "https://meet.example.org/intake", "topics": ["trauma_informed"],
        "language": "en", "sessions": [{ "title": "Part one", "date": day(25), "start": "10:00", "end": "12:00" }],
        "published": true
    });
    let r = Client::new()
        .post(app.at("/api/v1/events"))
        .bearer_auth(staff)
        .json(&body)
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    v["id"].as_i64().unwrap_or_else(|| panic!("created: {v}"))
}

/// Checks that an answer is an error in the one documented shape, with this status, and
/// returns its body.
async fn error_shape(r: Response, status: u16, what: &str) -> Value {
    assert_eq!(r.status(), status, "{what}");
    let ctype = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        ctype.starts_with("application/json"),
        "{what}: content type {ctype:?}"
    );
    let v: Value = r
        .json()
        .await
        .unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
    let m = v
        .as_object()
        .unwrap_or_else(|| panic!("{what}: not an object: {v}"));
    assert_eq!(v["status"], status, "{what}: {v}");
    assert!(
        v["error"].as_str().is_some_and(|s| !s.is_empty()),
        "{what}: a message for people: {v}"
    );
    let code = v["code"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: a code for programs: {v}"));
    assert!(
        !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
        "{what}: code {code:?}"
    );
    for k in m.keys() {
        assert!(
            ["error", "code", "status", "errors", "language"].contains(&k.as_str()),
            "{what}: an undocumented field {k}: {v}"
        );
    }
    if let Some(errors) = m.get("errors") {
        let list = errors
            .as_array()
            .unwrap_or_else(|| panic!("{what}: errors is a list: {v}"));
        assert!(!list.is_empty(), "{what}: {v}");
        for e in list {
            assert!(
                e["field"].as_str().is_some_and(|s| !s.is_empty())
                    && e["message"].as_str().is_some_and(|s| !s.is_empty()),
                "{what}: {e}"
            );
            assert_eq!(e.as_object().unwrap().len(), 2, "{what}: {e}");
        }
    }
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_that_name_nothing_are_404_in_the_error_shape() {
    let app = TestApp::spawn().await;
    let staff = token_for(&app, "staff@example.org", Role::Staff).await;
    let learner = token_for(&app, "learner@example.org", Role::Learner).await;
    let id = training(&app, &staff).await;
    let c = Client::new();
    let huge = "99999999999999999999";
    for bad in [huge, "-99999999999999999999", "abc", "1.5", "%FF"] {
        for (method, path, token) in [
            (Method::GET, format!("/api/v1/events/{bad}"), None),
            (Method::GET, format!("/api/v1/courses/{bad}"), None),
            (Method::GET, format!("/api/v1/resources/{bad}"), None),
            (Method::GET, format!("/api/v1/certificates/{bad}"), None),
            (Method::PATCH, format!("/api/v1/events/{bad}"), Some(&staff)),
            (
                Method::GET,
                format!("/api/v1/events/{bad}/registrations"),
                Some(&staff),
            ),
            (
                Method::POST,
                format!("/api/v1/events/{bad}/registrations"),
                Some(&learner),
            ),
            (
                Method::DELETE,
                format!("/api/v1/events/{bad}/registrations"),
                Some(&learner),
            ),
            (
                Method::DELETE,
                format!("/api/v1/events/{bad}/registrations/1"),
                Some(&staff),
            ),
            (
                Method::DELETE,
                format!("/api/v1/events/{id}/registrations/{bad}"),
                Some(&staff),
            ),
        ] {
            let what = format!("{method} {path}");
            let mut req = c.request(method.clone(), app.at(&path));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            if method == Method::PATCH {
                req = req.json(&json!({ "capacity": 4 }));
            }
            let v = error_shape(req.send().await.unwrap(), 404, &what).await;
            assert_eq!(v["code"], "not_found", "{what}");
        }
    }
    // A negative id that fits is simply one that does not exist.
    let r = c.get(app.at("/api/v1/events/-1")).send().await.unwrap();
    error_shape(r, 404, "GET /api/v1/events/-1").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_body_must_be_an_object_with_answers() {
    let app = TestApp::spawn().await;
    let staff = token_for(&app, "staff@example.org", Role::Staff).await;
    let learner = token_for(&app, "learner@example.org", Role::Learner).await;
    let id = training(&app, &staff).await;
    let c = Client::new();
    let url = app.at(&format!("/api/v1/events/{id}/registrations"));
    for body in [
        "[]",
        "[{\"answers\": {}}]",
        "\"answers\"",
        "1",
        "null",
        "true",
        "{\"answers\": []}",
        "{\"extra\": 1}",
        "{\"answers\": ",
    ] {
        let r = c
            .post(&url)
            .bearer_auth(&learner)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let v = error_shape(r, 400, body).await;
        assert_eq!(v["code"], "invalid_json", "{body}: {v}");
    }
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM registrations").await,
        0,
        "nothing was registered"
    );
    // A body in another content type is refused as such.
    let r = c
        .post(&url)
        .bearer_auth(&learner)
        .header(header::CONTENT_TYPE, "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    error_shape(r, 415, "text/plain body").await;
    // No body, an empty object and an object with answers all register.
    let r = c.post(&url).bearer_auth(&learner).send().await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM registrations").await,
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reused_idempotency_key_names_the_header_in_errors() {
    let app = TestApp::spawn().await;
    let staff = token_for(&app, "staff@example.org", Role::Staff).await;
    let learner = token_for(&app, "learner@example.org", Role::Learner).await;
    let id = training(&app, &staff).await;
    let c = Client::new();
    let url = app.at(&format!("/api/v1/events/{id}/registrations"));
    let r = c
        .post(&url)
        .bearer_auth(&learner)
        .header("Idempotency-Key", "k1")
        .json(&json!({ "answers": {} }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // The same key for a different request, on both operations that take one.
    let r = c
        .post(&url)
        .bearer_auth(&learner)
        .header("Idempotency-Key", "k1")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let v = error_shape(r, 422, "POST with a reused key").await;
    assert_eq!(v["code"], "idempotency_key_reused");
    assert_eq!(v["errors"][0]["field"], "Idempotency-Key", "{v}");
    let r = c
        .delete(&url)
        .bearer_auth(&learner)
        .header("Idempotency-Key", "k1")
        .send()
        .await
        .unwrap();
    let v = error_shape(r, 422, "DELETE with a reused key").await;
    assert_eq!(v["errors"][0]["field"], "Idempotency-Key", "{v}");
    // A blank key is a 400 naming the header too.
    let r = c
        .delete(&url)
        .bearer_auth(&learner)
        .header("Idempotency-Key", " ")
        .send()
        .await
        .unwrap();
    let v = error_shape(r, 400, "blank key").await;
    assert_eq!(
        (v["code"].as_str(), v["errors"][0]["field"].as_str()),
        (Some("invalid_idempotency_key"), Some("Idempotency-Key"))
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_error_has_the_one_shape() {
    let app = TestApp::spawn().await;
    let staff = token_for(&app, "staff@example.org", Role::Staff).await;
    let learner = token_for(&app, "learner@example.org", Role::Learner).await;
    let id = training(&app, &staff).await;
    let c = Client::new();
    let events = app.at("/api/v1/events");
    let json_ct = (header::CONTENT_TYPE, "application/json");
    let cases: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        ("no token", c.get(app.at("/api/v1/me")), 401, "unauthorized"),
        (
            "a learner creating a training",
            c.post(&events).bearer_auth(&learner).json(&json!({})),
            403,
            "forbidden",
        ),
        (
            "an unknown path",
            c.get(app.at("/api/v1/nothing")),
            404,
            "not_found",
        ),
        (
            "a wrong method",
            c.put(app.at("/api/v1/courses")),
            405,
            "method_not_allowed",
        ),
        (
            "malformed JSON",
            c.post(&events)
                .bearer_auth(&staff)
                .header(json_ct.0.clone(), json_ct.1)
                .body("{\"title\":"),
            400,
            "invalid_json",
        ),
        (
            "an array for a training",
            c.post(&events).bearer_auth(&staff).json(&json!([1])),
            400,
            "invalid_json",
        ),
        (
            "an unknown field",
            c.patch(app.at(&format!("/api/v1/events/{id}")))
                .bearer_auth(&staff)
                .json(&json!({ "colour": "red" })),
            400,
            "invalid_json",
        ),
        (
            "a form body",
            c.post(&events).bearer_auth(&staff).form(&[("title", "x")]),
            415,
            "unsupported_media_type",
        ),
        (
            "no content type",
            c.post(&events).bearer_auth(&staff).body("{}"),
            415,
            "unsupported_media_type",
        ),
        (
            "a body over the limit",
            c.post(&events)
                .bearer_auth(&staff)
                .header(json_ct.0.clone(), json_ct.1)
                // One byte over: the server reads the whole body before refusing it, so
                // the connection closes cleanly instead of being reset mid-upload.
                .body(vec![b' '; app.state.cfg.max_body_bytes + 1]),
            413,
            "payload_too_large",
        ),
        (
            "fields that need attention",
            c.post(&events)
                .bearer_auth(&staff)
                .json(&json!({ "title": "" })),
            422,
            "invalid",
        ),
        (
            "an unknown filter",
            c.get(app.at("/api/v1/events?format=carrier-pigeon")),
            400,
            "bad_request",
        ),
        (
            "a repeated filter",
            c.get(app.at("/api/v1/courses?q=a&q=b")),
            400,
            "bad_request",
        ),
        (
            "an unknown library parameter",
            c.get(app.at("/api/v1/resources?colour=blue")),
            422,
            "invalid",
        ),
        (
            "a review that is not JSON",
            c.post(app.at("/api/v1/reviews"))
                .header(json_ct.0.clone(), json_ct.1)
                .body("{"),
            400,
            "invalid_json",
        ),
        (
            "an empty review",
            c.post(app.at("/api/v1/reviews"))
                .json(&json!({ "text": " " })),
            422,
            "empty",
        ),
    ];
    for (what, req, status, code) in cases {
        let v = error_shape(req.send().await.unwrap(), status, what).await;
        assert_eq!(v["code"], code, "{what}: {v}");
    }
    // Filters and library parameters name the parameter.
    let v = error_shape(
        c.get(app.at("/api/v1/events?format=carrier-pigeon"))
            .send()
            .await
            .unwrap(),
        400,
        "filter",
    )
    .await;
    assert_eq!(v["errors"][0]["field"], "format");
    let v = error_shape(
        c.get(app.at("/api/v1/resources?page=0"))
            .send()
            .await
            .unwrap(),
        422,
        "page",
    )
    .await;
    assert_eq!(v["errors"][0]["field"], "page");
    // A 405 still says which methods there are.
    let r = c.put(app.at("/api/v1/courses")).send().await.unwrap();
    assert_eq!(
        r.headers().get(header::ALLOW).and_then(|v| v.to_str().ok()),
        Some("GET,HEAD")
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_description_matches_the_route_table_and_lists_each_error() {
    let app = TestApp::spawn().await;
    let doc: Value = Client::new()
        .get(app.at("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let error = &doc["components"]["schemas"]["Error"];
    assert_eq!(
        error["required"],
        json!(["error", "code", "status"]),
        "{error}"
    );
    let mut routed = Vec::new();
    for r in routes::table() {
        let Some(path) = r.path.strip_prefix("/api/v1") else {
            continue;
        };
        let method = r.method.to_ascii_lowercase();
        routed.push((path.to_string(), method.clone()));
        let op = &doc["paths"][path][&method];
        let what = format!("{} {path}", r.method);
        assert!(op.is_object(), "{what} is described");
        let responses = op["responses"].as_object().unwrap();
        let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
        match r.access {
            Access::Public => assert!(!secured, "{what} needs no token"),
            Access::ApiToken => assert!(secured && responses.contains_key("401"), "{what}: 401"),
            Access::ApiAtLeast(_) => assert!(
                secured && responses.contains_key("401") && responses.contains_key("403"),
                "{what}: 401 and 403"
            ),
            other => panic!("{what}: an API route with page access {other:?}"),
        }
        if path.contains('{') {
            assert!(responses.contains_key("404"), "{what}: 404");
        }
        if op.get("requestBody").is_some() {
            assert!(
                responses.contains_key("400") && responses.contains_key("413"),
                "{what}: 400 and 413"
            );
        }
        for (status, resp) in responses {
            let schema = &resp["content"]["application/json"]["schema"];
            assert!(schema.is_object(), "{what} {status}: a JSON schema");
            if status.starts_with('4') {
                let s = schema.to_string();
                assert!(
                    s.contains("#/components/schemas/Error")
                        || s.contains("#/components/schemas/FieldErrors"),
                    "{what} {status}: the error shape"
                );
            }
        }
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            assert!(
                routed.contains(&(path.clone(), method.clone())),
                "{method} {path} is described but not served"
            );
        }
    }
    app.stop().await;
}
