//! The live-trainings JSON API: the public list and detail, staff creating and changing
//! events with the same checks as the form, registering and cancelling with a token, and
//! `Idempotency-Key` retries that never act twice.

use chrono::{Duration as Days, Utc};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use tta::accounts::{model::Role, tokens};

use crate::helpers::*;

async fn token_for(app: &TestApp, email: &str, role: Role) -> (i64, String) {
    let id = app.user(email, role).await;
    let (_, t) = tokens::create(&app.state.db, id, "api test").await.unwrap();
    (id, t)
}

fn day(offset: i64) -> String {
    (Utc::now() + Days::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// A good hybrid training, open for registration now, a month ahead.
fn good_event(title: &str, published: bool) -> Value {
    json!({
        "title": title,
        "description": "How to make every service voluntary, with examples from shelters.",
        "format": "hybrid",
        "timezone": "America/Chicago",
        "venue": "Community Room",
        "address": "100 Main St",
        "city": "Springfield",
        "state": "IL",
        "accessibility": "Step-free entrance; captions online.",
        "join_url": "https://meet.example.org/abc",
        "capacity": 2,
        "registration_opens": format!("{}T09:00", day(-2)),
        "registration_closes": format!("{}T17:00", day(28)),
        "topics": ["voluntary_services"],
        "language": "en",
        "ce_hours": "3",
        "ask_access": true,
        "questions": [{ "label": "What would you like to get out of the day?", "required": true }],
        "sessions": [
            { "title": "Morning", "date": day(30), "start": "09:00", "end": "12:00" },
            { "title": "Afternoon", "date": day(31), "start": "13:00", "end": "16:00" }
        ],
        "published": published
    })
}

async fn send(
    c: &Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let mut r = c.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        r = r.json(b);
    }
    let r = r.send().await.unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn rows_of_events(app: &TestApp) -> (i64, i64, i64) {
    let db = &app.state.db;
    (
        count(db, "SELECT COUNT(*) FROM events").await,
        count(db, "SELECT COUNT(*) FROM event_sessions").await,
        count(db, "SELECT COUNT(*) FROM event_facilitators").await,
    )
}

fn fields(v: &Value) -> Vec<String> {
    v["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_create_and_change_events_with_the_forms_checks() {
    let app = TestApp::spawn().await;
    let c = Client::new();
    let (staff_id, staff) = token_for(&app, "staff@example.org", Role::Staff).await;
    let (_, learner) = token_for(&app, "learner@example.org", Role::Learner).await;
    let facilitator = app.user("facilitator@example.org", Role::Facilitator).await;

    // A learner's token may not create.
    let (s, _) = send(
        &c,
        reqwest::Method::POST,
        app.at("/api/v1/events"),
        &learner,
        Some(&good_event("Nope", true)),
    )
    .await;
    assert_eq!(s, 403);

    let mut body = good_event("Voluntary Services Roundtable", true);
    body["facilitators"] = json!([facilitator]);
    let (s, e) = send(
        &c,
        reqwest::Method::POST,
        app.at("/api/v1/events"),
        &staff,
        Some(&body),
    )
    .await;
    assert_eq!(s, 201, "{e}");
    let id = e["id"].as_i64().unwrap();
    assert_eq!(e["slug"], "voluntary-services-roundtable");
    assert_eq!(e["capacity"], 2);
    assert_eq!(e["seats_left"], 2);
    assert_eq!(e["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(e["facilitators"][0]["id"], facilitator);
    assert!(
        e.get("join_url").is_none(),
        "the join link is never in the API"
    );
    assert_eq!(count(&app.state.db, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'event.create' AND actor_id = {staff_id}")).await, 1);

    // Every kind of bad request leaves nothing behind.
    let before = rows_of_events(&app).await;
    let raw = c
        .post(app.at("/api/v1/events"))
        .bearer_auth(&staff)
        .header("content-type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    assert!(raw.json::<Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
    let mut unknown = good_event("Unknown field", true);
    unknown["colour"] = json!("blue");
    let (s, v) = send(
        &c,
        reqwest::Method::POST,
        app.at("/api/v1/events"),
        &staff,
        Some(&unknown),
    )
    .await;
    assert_eq!(s, 400);
    assert!(v["error"].as_str().unwrap().contains("colour"), "{v}");
    let mut wrong_type = good_event("Wrong type", true);
    wrong_type["topics"] = json!("voluntary_services");
    let (s, v) = send(
        &c,
        reqwest::Method::POST,
        app.at("/api/v1/events"),
        &staff,
        Some(&wrong_type),
    )
    .await;
    assert_eq!(s, 400, "{v}");
    let (s, _) = send(
        &c,
        reqwest::Method::POST,
        app.at("/api/v1/events"),
        &staff,
        Some(&json!([1, 2])),
    )
    .await;
    assert_eq!(s, 400);
    let mut bad = good_event("", true);
    bad["capacity"] = json!("-3");
    bad["join_url"] = json!("http://insecure.example");
    bad["topics"] = json!(["astrology"]);
    bad["sessions"][0]["end"] = json!("08:00");
    bad["registration_closes"] = json!("soon");
    let (s, v) = send(
        &c,
        reqwest::Method::POST,
        app.at("/api/v1/events"),
        &staff,
        Some(&bad),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    let got = fields(&v);
    for f in [
        "title",
        "capacity",
        "join_url",
        "topics",
        "sessions.0.end",
        "registration_closes",
    ] {
        assert!(got.iter().any(|g| g == f), "{f} missing from {got:?}");
    }
    assert_eq!(
        v["errors"][0]["message"].as_str().map(|m| !m.is_empty()),
        Some(true)
    );
    assert!(
        v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["message"] == "Enter a title."),
        "the form's own messages"
    );
    // Database checks: the address taken, a facilitator who is not one.
    let mut dup = good_event("Voluntary Services Roundtable", true);
    dup["facilitators"] = json!([999_999]);
    let (s, v) = send(
        &c,
        reqwest::Method::POST,
        app.at("/api/v1/events"),
        &staff,
        Some(&dup),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(fields(&v), vec!["facilitators", "slug"]);
    assert_eq!(rows_of_events(&app).await, before, "nothing half-written");

    // PATCH takes any subset.
    let url = app.at(&format!("/api/v1/events/{id}"));
    let (s, v) = send(
        &c,
        reqwest::Method::PATCH,
        url.clone(),
        &staff,
        Some(&json!({ "title": "Voluntary Services, Second Look", "capacity": 3 })),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["title"], "Voluntary Services, Second Look");
    assert_eq!(
        v["slug"], "voluntary-services-roundtable",
        "the address stays"
    );
    assert_eq!(v["capacity"], 3);
    assert_eq!(
        v["sessions"].as_array().unwrap().len(),
        2,
        "untouched fields stay"
    );
    assert_eq!(v["facilitators"][0]["id"], facilitator);
    let (s, _) = send(
        &c,
        reqwest::Method::PATCH,
        url.clone(),
        &learner,
        Some(&json!({ "capacity": 5 })),
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = send(
        &c,
        reqwest::Method::PATCH,
        url.clone(),
        &staff,
        Some(&json!({ "seats": 5 })),
    )
    .await;
    assert_eq!(s, 400);
    assert!(v["error"].as_str().unwrap().contains("seats"));
    let (s, _) = send(
        &c,
        reqwest::Method::PATCH,
        url.clone(),
        &staff,
        Some(&json!({ "capacity": true })),
    )
    .await;
    assert_eq!(s, 400);
    let (s, v) = send(
        &c,
        reqwest::Method::PATCH,
        url.clone(),
        &staff,
        Some(&json!({ "sessions": [] })),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(fields(&v), vec!["sessions.0.date"]);
    let (s, _) = send(
        &c,
        reqwest::Method::PATCH,
        app.at("/api/v1/events/999999"),
        &staff,
        Some(&json!({ "capacity": 5 })),
    )
    .await;
    assert_eq!(s, 404);

    // Capacity cannot drop below the confirmed places; raising it promotes the waitlist.
    let mut people = Vec::new();
    for i in 0..4 {
        let (_, t) = token_for(&app, &format!("p{i}@example.org"), Role::Learner).await;
        let (s, v) = send(
            &c,
            reqwest::Method::POST,
            app.at(&format!("/api/v1/events/{id}/registrations")),
            &t,
            Some(&json!({ "answers": { "q1": "Practical wording." } })),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        people.push((t, v));
    }
    assert_eq!(people[3].1["status"], "waitlisted");
    let before = rows_of_events(&app).await;
    let (s, v) = send(
        &c,
        reqwest::Method::PATCH,
        url.clone(),
        &staff,
        Some(&json!({ "capacity": 2 })),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(fields(&v), vec!["capacity"]);
    assert_eq!(
        count(
            &app.state.db,
            &format!("SELECT capacity FROM events WHERE id = {id}")
        )
        .await,
        3
    );
    assert_eq!(rows_of_events(&app).await, before);
    let (s, v) = send(
        &c,
        reqwest::Method::PATCH,
        url.clone(),
        &staff,
        Some(&json!({ "capacity": "4" })),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["seats_left"], 0);
    assert_eq!(v["waitlist_count"], 0);
    assert_eq!(count(&app.state.db, &format!("SELECT COUNT(*) FROM registrations WHERE event_id = {id} AND promoted_at IS NOT NULL")).await, 1);
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'event.edit'"
        )
        .await,
        2
    );

    // Staff see who registered; learners may not.
    let (s, _) = send(
        &c,
        reqwest::Method::GET,
        app.at(&format!("/api/v1/events/{id}/registrations")),
        &learner,
        None,
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = send(
        &c,
        reqwest::Method::GET,
        app.at(&format!("/api/v1/events/{id}/registrations")),
        &staff,
        None,
    )
    .await;
    assert_eq!(s, 200);
    let regs = v["registrations"].as_array().unwrap();
    assert_eq!(regs.len(), 4);
    assert_eq!(regs[0]["user"]["email"], "p0@example.org");
    assert_eq!(regs[0]["answers"]["q1"], "Practical wording.");
    assert_eq!(regs[3]["status"], "confirmed");
    assert!(regs[3]["promoted_at"].is_string());
    assert!(regs[0]["attendance"].is_array());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_and_detail_show_published_upcoming_trainings() {
    let app = TestApp::spawn().await;
    let c = Client::new();
    let (_, staff) = token_for(&app, "staff@example.org", Role::Staff).await;
    let create = |body: Value| {
        let (c, staff, url) = (c.clone(), staff.clone(), app.at("/api/v1/events"));
        async move {
            let (s, v) = send(&c, reqwest::Method::POST, url, &staff, Some(&body)).await;
            assert_eq!(s, 201, "{v}");
            v
        }
    };
    let a = create(good_event(
        "Labor Trafficking Screening in Springfield",
        true,
    ))
    .await;
    let mut virt = good_event("Trauma-Informed Intake Online", true);
    virt["format"] = json!("virtual");
    virt["state"] = json!("");
    virt["language"] = json!("es");
    let b = create(virt).await;
    let draft = create(good_event("Draft Planning Notes", false)).await;

    let list = |q: &'static str| {
        let (c, url) = (c.clone(), app.at(&format!("/api/v1/events{q}")));
        async move {
            let r = c.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200, "{q}");
            let v: Value = r.json().await.unwrap();
            v["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    let (ia, ib) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
    let all = list("").await;
    assert_eq!(all.len(), 2);
    assert!(
        all.contains(&ia) && all.contains(&ib) && !all.contains(&draft["id"].as_i64().unwrap()),
        "drafts are hidden"
    );
    assert_eq!(list("?q=screening").await, vec![ia]);
    assert_eq!(list("?format=virtual").await, vec![ib]);
    assert_eq!(list("?state=IL").await, vec![ia]);
    assert_eq!(list("?language=es").await, vec![ib]);
    assert_eq!(list("?topic=voluntary_services").await.len(), 2);
    for bad in [
        "?format=sometimes",
        "?topic=astrology",
        "?state=ZZ",
        "?language=xx",
    ] {
        assert_eq!(
            c.get(app.at(&format!("/api/v1/events{bad}")))
                .send()
                .await
                .unwrap()
                .status(),
            400,
            "{bad}"
        );
    }

    let v: Value = c
        .get(app.at(&format!("/api/v1/events/{ia}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["title"], "Labor Trafficking Screening in Springfield");
    assert_eq!(v["registration"]["open"], true);
    assert!(v["registration"]["opens_at"]
        .as_str()
        .unwrap()
        .ends_with('Z'));
    let s0 = &v["sessions"][0];
    assert!(
        s0["starts_at"].as_str().unwrap().ends_with("T15:00:00Z")
            || s0["starts_at"].as_str().unwrap().ends_with("T14:00:00Z"),
        "{s0}"
    );
    let local = s0["starts_at_local"].as_str().unwrap();
    assert!(local.contains("T09:00:00-0"), "{local}");
    assert_eq!(v["ce_hours"], "3");
    assert_eq!(
        v["url"].as_str().unwrap().rsplit('/').next(),
        Some("labor-trafficking-screening-in-springfield")
    );
    let q: Vec<&str> = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["field"].as_str().unwrap())
        .collect();
    assert_eq!(q, vec!["access", "q1"]);
    assert_eq!(v["questions"][1]["required"], true);
    assert!(v.get("join_url").is_none());
    assert!(
        !serde_json::to_string(&v)
            .unwrap()
            .contains("meet.example.org"),
        "the join link never leaks"
    );
    let by_slug: Value = c
        .get(app.at("/api/v1/events/labor-trafficking-screening-in-springfield"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_slug["id"], ia);
    // The description documents what the API returns.
    let doc: Value = c
        .get(app.at("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schema = &doc["components"]["schemas"]["Event"];
    for field in v.as_object().unwrap().keys() {
        assert!(
            schema["properties"].get(field).is_some(),
            "{field} is undocumented"
        );
    }
    for field in schema["required"].as_array().unwrap() {
        assert!(
            v.get(field.as_str().unwrap()).is_some(),
            "{field} is missing"
        );
    }
    for (path, method) in [
        ("/events", "get"),
        ("/events", "post"),
        ("/events/{id}", "patch"),
        ("/events/{id}/registrations", "post"),
        ("/events/{id}/registrations", "delete"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is described"
        );
    }
    let r = c
        .get(app.at(&format!("/api/v1/events/{}", draft["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], 404);
    assert_eq!(
        c.get(app.at("/api/v1/events/999999"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_and_cancelling_with_idempotent_retries() {
    let app = TestApp::spawn_with(|c| c.run_worker = false).await;
    let c = Client::new();
    let db = &app.state.db;
    let (_, staff) = token_for(&app, "staff@example.org", Role::Staff).await;
    let (s, e) = send(
        &c,
        reqwest::Method::POST,
        app.at("/api/v1/events"),
        &staff,
        Some(&good_event("Housing First Practice", true)),
    )
    .await;
    assert_eq!(s, 201);
    let id = e["id"].as_i64().unwrap();
    let regs = app.at(&format!("/api/v1/events/{id}/registrations"));
    let (ann_id, ann) = token_for(&app, "ann@example.org", Role::Learner).await;
    let (_, ben) = token_for(&app, "ben@example.org", Role::Learner).await;
    let (_, cy) = token_for(&app, "cy@example.org", Role::Learner).await;
    let answers =
        json!({ "answers": { "q1": "Better intake.", "access": "Large print, please." } });

    // Anonymous: no; bad answers: every problem listed; bad body: 400.
    assert_eq!(
        c.post(&regs).json(&answers).send().await.unwrap().status(),
        401
    );
    let (s, v) = send(
        &c,
        reqwest::Method::POST,
        regs.clone(),
        &ann,
        Some(&json!({ "answers": { "favourite": "blue" } })),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(fields(&v), vec!["favourite", "q1"]);
    let (s, _) = send(
        &c,
        reqwest::Method::POST,
        regs.clone(),
        &ann,
        Some(&json!({ "answers": { "q1": 3 } })),
    )
    .await;
    assert_eq!(s, 400);
    let (s, _) = send(
        &c,
        reqwest::Method::POST,
        regs.clone(),
        &ann,
        Some(&json!({ "answer": {} })),
    )
    .await;
    assert_eq!(s, 400);
    assert_eq!(count(db, "SELECT COUNT(*) FROM registrations").await, 0);

    // A place, and the same place again.
    let (s, v) = send(
        &c,
        reqwest::Method::POST,
        regs.clone(),
        &ann,
        Some(&answers),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(
        (v["status"].as_str(), v["waitlist_position"].as_i64()),
        (Some("confirmed"), None)
    );
    let (s, again) = send(
        &c,
        reqwest::Method::POST,
        regs.clone(),
        &ann,
        Some(&answers),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(again, v);
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM jobs WHERE kind = 'event_notice'").await,
        1
    );
    let stored = count(db, &format!("SELECT COUNT(*) FROM registrations WHERE user_id = {ann_id} AND answers LIKE '%Large print%'")).await;
    assert_eq!(stored, 1);

    // With an Idempotency-Key a retry replays the answer and acts once.
    let keyed = |token: &str, key: &str, body: Value| {
        c.post(&regs)
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = keyed(&ben, "ben-1", answers.clone()).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let retry = keyed(&ben, "ben-1", answers.clone()).await.unwrap();
    assert_eq!(retry.status(), 201, "the stored status, not 200");
    assert_eq!(retry.headers().get("idempotent-replayed").unwrap(), "true");
    assert_eq!(retry.json::<Value>().await.unwrap(), first);
    assert_eq!(count(db, "SELECT COUNT(*) FROM registrations").await, 2);
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM jobs WHERE kind = 'event_notice'").await,
        2
    );
    // The same key for another request is refused; keys are per person.
    let other = keyed(
        &ben,
        "ben-1",
        json!({ "answers": { "q1": "Something else." } }),
    )
    .await
    .unwrap();
    assert_eq!(other.status(), 422);
    assert!(other.json::<Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .contains("different request"));
    let long = keyed(&ben, &"k".repeat(201), answers.clone())
        .await
        .unwrap();
    assert_eq!(long.status(), 400);
    // Waitlisted (capacity 2): Cy, with many simultaneous retries of one key.
    let futs = (0..8).map(|_| {
        let req = keyed(&cy, "cy-key", answers.clone());
        async move {
            let r = req.await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    });
    let outcomes: Vec<(u16, Value)> = futures::future::join_all(futs).await;
    let done: Vec<&Value> = outcomes
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, v)| v)
        .collect();
    assert!(
        !done.is_empty() && outcomes.iter().all(|(s, _)| *s == 201 || *s == 409),
        "{outcomes:?}"
    );
    assert!(done.iter().all(|v| **v == *done[0]));
    assert_eq!(
        (
            done[0]["status"].as_str(),
            done[0]["waitlist_position"].as_i64()
        ),
        (Some("waitlisted"), Some(1))
    );
    assert_eq!(count(db, "SELECT COUNT(*) FROM registrations").await, 3);
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM jobs WHERE kind = 'event_notice'").await,
        3
    );

    // A key claimed by a request still running gets 409; a claim abandoned long ago (its
    // server stopped mid-request) is taken over.
    let (eve_id, eve) = token_for(&app, "eve@example.org", Role::Learner).await;
    let body = serde_json::to_string(&answers).unwrap();
    let request = tta::util::sha256_hex(&format!("POST /api/v1/events/{id}/registrations\n{body}"));
    sqlx::query("INSERT INTO idempotency_keys (user_id, key, request, status, body, created_at) VALUES ($1, 'eve-key', $2, 0, '', $3)")
        .bind(eve_id)
        .bind(&request)
        .bind(tta::db::now())
        .execute(&db.pool)
        .await
        .unwrap();
    let r = c
        .post(&regs)
        .bearer_auth(&eve)
        .header("Idempotency-Key", "eve-key")
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert!(r.json::<Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .contains("still being processed"));
    assert_eq!(
        count(
            db,
            &format!("SELECT COUNT(*) FROM registrations WHERE user_id = {eve_id}")
        )
        .await,
        0
    );
    sqlx::query("UPDATE idempotency_keys SET created_at = created_at - 3600 WHERE user_id = $1")
        .bind(eve_id)
        .execute(&db.pool)
        .await
        .unwrap();
    let r = c
        .post(&regs)
        .bearer_auth(&eve)
        .header("Idempotency-Key", "eve-key")
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let eve_place: Value = r.json().await.unwrap();
    assert_eq!(eve_place["waitlist_position"], 2);
    let r = c
        .post(&regs)
        .bearer_auth(&eve)
        .header("Idempotency-Key", "eve-key")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), r.json::<Value>().await.unwrap()),
        (201, eve_place)
    );
    let (s, _) = send(&c, reqwest::Method::DELETE, regs.clone(), &eve, None).await;
    assert_eq!(s, 200);

    // Cancelling: Ann's seat goes to Cy; a keyed retry replays; twice is a 404.
    let del = |token: &str, key: &str| {
        c.delete(&regs)
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .send()
    };
    let r = del(&ann, "ann-cancel").await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["status"].as_str(), v["promoted"].as_i64()),
        (Some("cancelled"), Some(1))
    );
    let r = del(&ann, "ann-cancel").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), v);
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM registrations WHERE promoted_at IS NOT NULL"
        )
        .await,
        1
    );
    let (s, _) = send(&c, reqwest::Method::DELETE, regs.clone(), &ann, None).await;
    assert_eq!(s, 404);
    // Someone else's registration cannot be cancelled by id with a learner token.
    let cy_reg = done[0]["registration_id"].as_i64().unwrap();
    let (s, _) = send(
        &c,
        reqwest::Method::DELETE,
        format!("{regs}/{cy_reg}"),
        &ben,
        None,
    )
    .await;
    assert_eq!(s, 403);
    assert_eq!(
        count(
            db,
            &format!(
                "SELECT COUNT(*) FROM registrations WHERE id = {cy_reg} AND status = 'confirmed'"
            )
        )
        .await,
        1
    );

    // Registering again after cancelling takes a new place at the back.
    let (s, v) = send(
        &c,
        reqwest::Method::POST,
        regs.clone(),
        &ann,
        Some(&answers),
    )
    .await;
    assert_eq!(s, 201);
    assert_eq!(
        (v["status"].as_str(), v["waitlist_position"].as_i64()),
        (Some("waitlisted"), Some(1))
    );

    // Closed registration: 409.
    sqlx::query("UPDATE events SET registration_closes_at = $1 WHERE id = $2")
        .bind(tta::db::now() - 1)
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    let (_, dee) = token_for(&app, "dee@example.org", Role::Learner).await;
    let (s, v) = send(
        &c,
        reqwest::Method::POST,
        regs.clone(),
        &dee,
        Some(&answers),
    )
    .await;
    assert_eq!(s, 409);
    assert!(v["error"].as_str().unwrap().contains("not open"));
    let (s, _) = send(
        &c,
        reqwest::Method::POST,
        app.at("/api/v1/events/999999/registrations"),
        &dee,
        Some(&answers),
    )
    .await;
    assert_eq!(s, 404);

    // Staff remove a registration by id; the seat goes to the person waiting.
    let (s, v) = send(
        &c,
        reqwest::Method::DELETE,
        format!("{regs}/{cy_reg}"),
        &staff,
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["promoted"], 1);
    assert_eq!(count(db, &format!("SELECT COUNT(*) FROM registrations WHERE user_id = {ann_id} AND status = 'confirmed'")).await, 1);
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'event.registration_removed'"
        )
        .await,
        1
    );
    let (s, _) = send(
        &c,
        reqwest::Method::DELETE,
        format!("{regs}/{cy_reg}"),
        &staff,
        None,
    )
    .await;
    assert_eq!(s, 404);
    app.stop().await;
}
