//! Staff and facilitator pages of live trainings: the event form refuses bad input beside
//! the field with nothing saved, registrations and the waitlist are managed by hand,
//! exports read back as CSV, attendance taken at the door issues certificates, the
//! sign-in sheet prints the roster, and facilitator profiles check what they are given.

use chrono::{Duration, Utc};
use reqwest::Client;
use serde_json::json;
use tta::{
    accounts::model::Role,
    events::{model, seats},
};

use crate::helpers::{count, location, name_for, text_of, value_of, TestApp};

fn day(offset: i64) -> String {
    (Utc::now() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// A valid form: registration open now, two sessions two weeks away.
fn event_form(title: &str) -> Vec<(String, String)> {
    let v = |k: &str, x: &str| (k.to_string(), x.to_string());
    vec![
        v("title", title),
        v("slug", ""),
        v(
            "description",
            "How to offer **voluntary** services without conditions.",
        ),
        v("format", "hybrid"),
        v("timezone", "America/Chicago"),
        v("venue", "Lakeside Community Room"),
        v("address", "210 Harbor Street"),
        v("city", "Springfield"),
        v("state", "IL"),
        v("accessibility", "Step-free entrance; captions online."),
        v("join_url", "https://meet.example.org/voluntary"),
        v("capacity", "20"),
        v("registration_opens", &format!("{}T09:00", day(-1))),
        v("registration_closes", &format!("{}T17:00", day(10))),
        v("audience", "shelter"),
        v("topics", "voluntary_services"),
        v("topics", "housing"),
        v("language", "en"),
        v("ce_hours", "6"),
        v("ask_access", "1"),
        v("ask_interpreter", "1"),
        v(
            "questions.0.label",
            "What would you like to get out of the day?",
        ),
        v("questions.0.required", ""),
        v("sessions.0.title", "Morning"),
        v("sessions.0.date", &day(14)),
        v("sessions.0.start", "09:00"),
        v("sessions.0.end", "12:00"),
        v("sessions.1.title", "Afternoon"),
        v("sessions.1.date", &day(14)),
        v("sessions.1.start", "13:00"),
        v("sessions.1.end", "16:00"),
        v("sessions.2.title", ""),
        v("sessions.2.date", ""),
        v("sessions.2.start", ""),
        v("sessions.2.end", ""),
        v("published", "1"),
    ]
}

fn set(form: &mut Vec<(String, String)>, k: &str, x: &str) {
    form.retain(|(key, _)| key != k);
    if !x.is_empty() || !["topics", "audience", "facilitators"].contains(&k) {
        form.push((k.to_string(), x.to_string()));
    }
}

async fn post_form(
    app: &TestApp,
    c: &Client,
    path: &str,
    from: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(c, path, from, &pairs).await
}

async fn create(app: &TestApp, c: &Client, form: &[(String, String)]) -> i64 {
    let r = post_form(app, c, "/staff/events/new", "/staff/events/new", form).await;
    assert_eq!(
        r.status(),
        303,
        "creating an event: {}",
        r.text().await.unwrap_or_default()
    );
    location(&r)
        .strip_prefix("/staff/events/")
        .and_then(|s| s.parse().ok())
        .expect("redirect to the event")
}

async fn staff(app: &TestApp) -> Client {
    app.as_role("organizer@example.org", Role::Staff).await.1
}

async fn learner(app: &TestApp, email: &str) -> i64 {
    app.user(email, Role::Learner).await
}

/// The message beside a field: `[id='f-NAME-error']`.
fn beside(html: &str, field: &str) -> Option<String> {
    text_of(html, &format!("[id='f-{field}-error']"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_form_refuses_bad_input_beside_the_field_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let taken = create(&app, &c, &event_form("Already Here")).await;
    assert!(taken > 0);
    type Case = (
        &'static str,
        Vec<(&'static str, String)>,
        &'static str,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "missing title",
            vec![("title", String::new())],
            "title",
            "Enter a title",
        ),
        (
            "bad slug",
            vec![("slug", "Not A Slug!".into())],
            "slug",
            "lowercase letters",
        ),
        (
            "taken slug",
            vec![("slug", "already-here".into())],
            "slug",
            "Another training already uses",
        ),
        (
            "virtual without https",
            vec![
                ("format", "virtual".into()),
                ("join_url", "http://meet.example.org/x".into()),
            ],
            "join_url",
            "https://",
        ),
        (
            "in person without venue",
            vec![("format", "in_person".into()), ("venue", String::new())],
            "venue",
            "venue",
        ),
        (
            "capacity 0",
            vec![("capacity", "0".into())],
            "capacity",
            "whole number",
        ),
        (
            "capacity lots",
            vec![("capacity", "lots".into())],
            "capacity",
            "whole number",
        ),
        (
            "no topics",
            vec![("topics", String::new())],
            "topics",
            "at least one topic",
        ),
        (
            "unknown facilitator",
            vec![("facilitators", "999999".into())],
            "facilitators",
            "facilitator role",
        ),
        (
            "end before start",
            vec![("sessions.0.end", "08:00".into())],
            "sessions.0.end",
            "end after it starts",
        ),
        (
            "skipped time",
            vec![
                ("sessions.0.date", "2026-03-08".into()),
                ("sessions.0.start", "02:30".into()),
                ("sessions.1.date", "2026-03-08".into()),
            ],
            "sessions.0.start",
            "clocks go forward",
        ),
        (
            "registration after first session",
            vec![("registration_closes", format!("{}T09:00", day(20)))],
            "registration_closes",
            "before the first session",
        ),
    ];
    for (name, changes, field, message) in cases {
        let mut form = event_form("Voluntary Services Roundtable");
        for (k, v) in &changes {
            set(&mut form, k, v);
        }
        let r = post_form(&app, &c, "/staff/events/new", "/staff/events/new", &form).await;
        assert_eq!(r.status(), 422, "{name}");
        let html = r.text().await.unwrap();
        let msg =
            beside(&html, field).unwrap_or_else(|| panic!("{name}: no message beside {field}"));
        assert!(
            msg.contains(message),
            "{name}: {msg:?} should contain {message:?}"
        );
        // What was typed comes back.
        for (k, v) in &changes {
            if ["topics", "facilitators", "format"].contains(k) {
                continue;
            }
            assert_eq!(
                value_of(&html, &format!("[name='{k}']")).unwrap_or_default(),
                *v,
                "{name}: {k} kept"
            );
        }
        if !changes.iter().any(|(k, _)| *k == "title") {
            assert_eq!(
                value_of(&html, "[name='title']").as_deref(),
                Some("Voluntary Services Roundtable"),
                "{name}: title kept"
            );
        }
        assert_eq!(
            count(&app.state.db, "SELECT COUNT(*) FROM events").await,
            1,
            "{name}: nothing saved"
        );
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_is_created_and_edited_through_the_form() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let fac = app
        .user("fern.facilitator@example.org", Role::Facilitator)
        .await;
    let mut form = event_form("Housing First, Without Conditions");
    form.push(("facilitators".into(), fac.to_string()));
    let id = create(&app, &c, &form).await;
    let e = model::by_id(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!(e.slug, "housing-first-without-conditions");
    assert_eq!(e.capacity, 20);
    assert_eq!(e.ce_hours_x100, 600);
    assert_eq!(e.questions.len(), 1);
    assert_eq!(model::sessions(&app.state.db, id).await.unwrap().len(), 2);
    assert_eq!(
        model::facilitator_ids(&app.state.db, id).await.unwrap(),
        vec![fac]
    );
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'event.create'"
        )
        .await,
        1
    );

    // The edit form shows what was saved.
    let html = app
        .get(&c, &format!("/staff/events/{id}/edit"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        value_of(&html, "[name='title']").as_deref(),
        Some("Housing First, Without Conditions")
    );
    assert_eq!(
        value_of(&html, "[name='sessions.1.start']").as_deref(),
        Some("13:00")
    );
    assert_eq!(
        value_of(&html, "[name='sessions.0.date']").unwrap(),
        day(14)
    );
    assert_eq!(value_of(&html, "[name='capacity']").as_deref(), Some("20"));
    assert!(html.contains(&format!("name=\"facilitators\" value=\"{fac}\" checked")));
    assert!(html.contains("name=\"topics\" value=\"housing\" checked"));

    let mut form = event_form("Housing First, Without Conditions (Day Two Added)");
    set(&mut form, "slug", "housing-first-without-conditions");
    set(&mut form, "sessions.2.date", &day(15));
    set(&mut form, "sessions.2.start", "09:00");
    set(&mut form, "sessions.2.end", "11:30");
    set(&mut form, "capacity", "25");
    let r = post_form(
        &app,
        &c,
        &format!("/staff/events/{id}/edit"),
        &format!("/staff/events/{id}/edit"),
        &form,
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/staff/events/{id}"));
    let e = model::by_id(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!(e.title, "Housing First, Without Conditions (Day Two Added)");
    assert_eq!(e.capacity, 25);
    assert_eq!(model::sessions(&app.state.db, id).await.unwrap().len(), 3);
    assert!(model::facilitator_ids(&app.state.db, id)
        .await
        .unwrap()
        .is_empty());

    // The list shows it; cancelling asks first, then cancels.
    let list = app.get(&c, "/staff/events").await.text().await.unwrap();
    assert!(list.contains("Day Two Added"));
    register(&app, id, "gus@example.org", json!({})).await;
    let cancel = format!("/staff/events/{id}/cancel");
    assert_eq!(app.get(&c, &cancel).await.status(), 200);
    let r = app.post(&c, &cancel, &cancel, &[]).await;
    assert_eq!(r.status(), 303);
    assert!(
        model::by_id(&app.state.db, id)
            .await
            .unwrap()
            .unwrap()
            .cancelled_at
            .is_none(),
        "not without confirming"
    );
    let r = app.post(&c, &cancel, &cancel, &[("confirm", "yes")]).await;
    assert_eq!(r.status(), 303);
    assert!(model::by_id(&app.state.db, id)
        .await
        .unwrap()
        .unwrap()
        .cancelled_at
        .is_some());
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM jobs WHERE kind = 'event_notice' AND payload LIKE '%event-cancelled%'").await, 1, "the registered person is told");
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'event.cancel'"
        )
        .await,
        1
    );
    app.stop().await;
}

async fn register(app: &TestApp, event: i64, email: &str, answers: serde_json::Value) -> i64 {
    let uid = learner(app, email).await;
    seats::register(&app.state, event, uid, &answers)
        .await
        .expect("registers")
        .registration_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raising_capacity_promotes_and_lowering_below_confirmed_is_refused() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let mut form = event_form("Rights-Based Case Management");
    set(&mut form, "capacity", "1");
    let id = create(&app, &c, &form).await;
    for e in ["ana@example.org", "bo@example.org", "cy@example.org"] {
        register(&app, id, e, json!({})).await;
    }
    assert_eq!(model::counts(&app.state.db, id).await.unwrap(), (1, 2));
    set(&mut form, "slug", "rights-based-case-management");
    set(&mut form, "capacity", "2");
    let edit = format!("/staff/events/{id}/edit");
    let r = post_form(&app, &c, &edit, &edit, &form).await;
    assert_eq!(r.status(), 303);
    assert_eq!(model::counts(&app.state.db, id).await.unwrap(), (2, 1));

    set(&mut form, "capacity", "1");
    let r = post_form(&app, &c, &edit, &edit, &form).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(beside(&html, "capacity")
        .unwrap()
        .contains("more confirmed places"));
    assert_eq!(
        model::by_id(&app.state.db, id)
            .await
            .unwrap()
            .unwrap()
            .capacity,
        2
    );
    app.stop().await;
}

fn waitlist_order(html: &str) -> Vec<i64> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("#waitlist > li").unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("data-registration")?.parse().ok())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_promote_move_and_remove_on_the_waitlist() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let mut form = event_form("Safety Planning With Survivors");
    set(&mut form, "capacity", "1");
    let id = create(&app, &c, &form).await;
    let page = format!("/staff/events/{id}");
    let a = register(&app, id, "ari@example.org", json!({})).await;
    let b = register(&app, id, "bea@example.org", json!({})).await;
    let d = register(&app, id, "dov@example.org", json!({})).await;
    let html = app.get(&c, &page).await.text().await.unwrap();
    assert_eq!(waitlist_order(&html), vec![b, d]);
    assert!(html.contains(&name_for("ari@example.org")));

    let r = app
        .post(
            &c,
            &format!("{page}/move"),
            &page,
            &[("registration", &d.to_string()), ("dir", "up")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let html = app.get(&c, &page).await.text().await.unwrap();
    assert_eq!(waitlist_order(&html), vec![d, b]);

    // Full: promoting is refused with a message, nothing changes.
    let r = app
        .post(
            &c,
            &format!("{page}/promote"),
            &page,
            &[("registration", &b.to_string())],
        )
        .await;
    assert_eq!(r.status(), 303);
    let html = app.get(&c, &page).await.text().await.unwrap();
    assert!(
        html.contains("Every place is taken"),
        "the refusal is shown"
    );
    assert_eq!(model::counts(&app.state.db, id).await.unwrap(), (1, 2));

    // Removing the confirmed person gives the place to the first in line.
    let r = app
        .post(
            &c,
            &format!("{page}/remove"),
            &page,
            &[("registration", &a.to_string())],
        )
        .await;
    assert_eq!(r.status(), 303);
    let status = |rid: i64| {
        format!("SELECT COUNT(*) FROM registrations WHERE id = {rid} AND status = 'confirmed'")
    };
    assert_eq!(count(&app.state.db, &status(d)).await, 1);
    assert_eq!(count(&app.state.db, &status(a)).await, 0);

    // A freed seat lets staff promote by hand.
    sqlx::query("UPDATE events SET capacity = 2 WHERE id = $1")
        .bind(id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let r = app
        .post(
            &c,
            &format!("{page}/promote"),
            &page,
            &[("registration", &b.to_string())],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(count(&app.state.db, &status(b)).await, 1);
    assert_eq!(model::counts(&app.state.db, id).await.unwrap(), (2, 0));
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM audit_log WHERE action IN ('event.promoted', 'event.moved', 'event.removed')").await, 3);

    // Only staff.
    let (_, fac) = app.as_role("fac@example.org", Role::Facilitator).await;
    assert_eq!(app.get(&fac, &page).await.status(), 403);
    app.stop().await;
}

fn read_csv(body: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn csv_headers(body: &str) -> Vec<String> {
    csv::Reader::from_reader(body.as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(String::from)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_read_back_as_csv_without_formulas() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let id = create(&app, &c, &event_form("Labor Trafficking Indicators")).await;
    let r1 = register(
        &app,
        id,
        "cal@example.org",
        json!({ "q1": "=HYPERLINK(\"http://x\")", "access": "Captions, please" }),
    )
    .await;
    register(&app, id, "dee@example.org", json!({})).await;
    let sessions = model::sessions(&app.state.db, id).await.unwrap();
    sqlx::query("INSERT INTO attendance (registration_id, session_id, present, marked_at) VALUES ($1, $2, 1, 0)").bind(r1).bind(sessions[0].id).execute(&app.state.db.pool).await.unwrap();
    sqlx::query("INSERT INTO event_evaluations (registration_id, relevance, clarity, usefulness, facilitation, comment, created_at) VALUES ($1, 5, 4, 5, 4, $2, 0)")
        .bind(r1)
        .bind("-Clear examples from shelters")
        .execute(&app.state.db.pool)
        .await
        .unwrap();

    let r = app
        .get(&c, &format!("/staff/events/{id}/registrations.csv"))
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename="));
    let body = r.text().await.unwrap();
    let h = csv_headers(&body);
    assert_eq!(&h[..4], ["name", "email", "organization", "status"]);
    assert!(h.contains(&"What would you like to get out of the day?".to_string()));
    let rows = read_csv(&body);
    assert_eq!(rows.len(), 2);
    let cal = rows.iter().find(|r| r[1] == "cal@example.org").unwrap();
    let q = h
        .iter()
        .position(|x| x == "What would you like to get out of the day?")
        .unwrap();
    assert_eq!(cal[q], "'=HYPERLINK(\"http://x\")");
    assert!(cal.contains(&"Captions, please".to_string()));

    let body = app
        .get(&c, &format!("/staff/events/{id}/attendance.csv"))
        .await
        .text()
        .await
        .unwrap();
    let h = csv_headers(&body);
    assert_eq!(
        h.len(),
        2 + sessions.len() + 1,
        "one column per session: {h:?}"
    );
    let rows = read_csv(&body);
    let cal = rows.iter().find(|r| r[1] == "cal@example.org").unwrap();
    assert_eq!(cal[2], "present");
    assert_eq!(cal[3], "");

    let body = app
        .get(&c, &format!("/staff/events/{id}/evaluations.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv_headers(&body)[..5],
        [
            "relevance",
            "clarity",
            "usefulness",
            "facilitation",
            "comment"
        ]
    );
    let rows = read_csv(&body);
    assert_eq!(rows[0][0], "5");
    assert_eq!(rows[0][4], "'-Clear examples from shelters");

    // The results page shows the averages.
    let html = app
        .get(&c, &format!("/staff/events/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("4.0") && html.contains("5.0"));
    app.stop().await;
}

/// Moves a session to start `start` seconds from now and end `end` seconds from now.
async fn move_session(app: &TestApp, session: i64, start: i64, end: i64) {
    let t = Utc::now().timestamp();
    sqlx::query("UPDATE event_sessions SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(t + start)
        .bind(t + end)
        .bind(session)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
}

async fn certificate_status(app: &TestApp, code: &str) -> serde_json::Value {
    app.client()
        .get(app.at(&format!("/api/v1/certificates/{code}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attendance_opens_shortly_before_a_session_and_the_certificate_follows_it() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let (fid, fac) = app
        .as_role("lead.facilitator@example.org", Role::Facilitator)
        .await;
    let (_, other) = app
        .as_role("other.facilitator@example.org", Role::Facilitator)
        .await;
    let mut form = event_form("Trauma-Informed Intake");
    form.push(("facilitators".into(), fid.to_string()));
    let id = create(&app, &c, &form).await;
    let reg = register(&app, id, "eli@example.org", json!({})).await;
    register(&app, id, "fay@example.org", json!({})).await;
    let sessions = model::sessions(&app.state.db, id).await.unwrap();
    let roster = format!("/events/{id}/attendance");

    assert_eq!(app.get(&other, &roster).await.status(), 403);
    let list = app.get(&fac, "/events").await.text().await.unwrap();
    assert!(list.contains("Trauma-Informed Intake"));
    let html = app.get(&fac, &roster).await.text().await.unwrap();
    assert!(html.contains(&name_for("eli@example.org")));
    assert!(html.contains("0 present"));

    // Another facilitator cannot mark, even with a valid token of their own.
    let r = app
        .post(
            &other,
            &format!("{roster}/{}", sessions[0].id),
            "/events",
            &[("registration", &reg.to_string()), ("present", "1")],
        )
        .await;
    assert_eq!(r.status(), 403);

    let mark = |s: i64, present: &'static str| {
        let (app, fac, roster) = (&app, &fac, roster.clone());
        async move {
            app.post(
                fac,
                &format!("{roster}/{s}"),
                &roster,
                &[("registration", &reg.to_string()), ("present", present)],
            )
            .await
        }
    };
    let marks = format!("SELECT COUNT(*) FROM attendance WHERE registration_id = {reg}");
    let certs = "SELECT COUNT(*) FROM certificates WHERE kind = 'event'";

    // Two weeks ahead: the roster says when attendance opens and offers no check-in, and a
    // check-in sent anyway records nothing and issues nothing.
    let html = app.get(&fac, &roster).await.text().await.unwrap();
    assert!(
        text_of(&html, "#attendance-not-yet")
            .unwrap()
            .contains("30 minutes before it starts"),
        "{html}"
    );
    assert!(
        !html.contains("attendance-in"),
        "no check-in buttons before the session"
    );
    assert_eq!(mark(sessions[0].id, "1").await.status(), 303);
    assert_eq!(count(&app.state.db, &marks).await, 0);
    assert_eq!(count(&app.state.db, certs).await, 0);

    // The first session is over, the second started ten minutes ago.
    move_session(&app, sessions[0].id, -86_400, -75_600).await;
    move_session(&app, sessions[1].id, -600, 10_200).await;
    assert_eq!(mark(sessions[0].id, "1").await.status(), 303);
    assert_eq!(mark(sessions[1].id, "1").await.status(), 303);
    assert_eq!(
        count(
            &app.state.db,
            &format!("{marks} AND present = 1 AND marked_by = {fid}")
        )
        .await,
        2
    );
    assert_eq!(
        count(&app.state.db, certs).await,
        0,
        "present at both, but the training has not ended"
    );
    let html = app
        .get(&fac, &format!("{roster}?session={}", sessions[1].id))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("1 present"));

    // The second session ends; the worker's sweep issues the certificate, dated that day
    // in the training's zone.
    move_session(&app, sessions[1].id, -10_860, -60).await;
    assert_eq!(tta::events::certify::sweep(&app.state).await.unwrap(), 1);
    assert_eq!(
        tta::events::certify::sweep(&app.state).await.unwrap(),
        0,
        "issued once"
    );
    assert_eq!(count(&app.state.db, certs).await, 1);
    let code: String = sqlx::Row::try_get(
        &sqlx::query("SELECT code FROM certificates WHERE kind = 'event'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        "code",
    )
    .unwrap();
    let v = certificate_status(&app, &code).await;
    assert_eq!(v["status"], "valid");
    assert_eq!(v["kind"], "event");
    assert_eq!(v["title"], "Trauma-Informed Intake");
    assert_eq!(v["recipient"], name_for("eli@example.org"));
    assert_eq!(v["hours"], "6");
    let chicago = tta::events::time::zone("America/Chicago").unwrap();
    let last_day = tta::events::time::local(chicago, Utc::now().timestamp() - 60)
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(v["completed_on"], last_day);

    // Marked absent afterwards: the certificate is withdrawn, with the reason, and the
    // public page says so.
    assert_eq!(mark(sessions[1].id, "0").await.status(), 303);
    let v = certificate_status(&app, &code).await;
    assert_eq!(v["status"], "revoked", "{v}");
    let page = app
        .client()
        .get(app.at(&format!("/certificates/{code}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("no longer shows this person present at every session"),
        "{page}"
    );
    // Corrected back: the same certificate is valid again.
    assert_eq!(mark(sessions[1].id, "1").await.status(), 303);
    assert_eq!(certificate_status(&app, &code).await["status"], "valid");
    assert_eq!(count(&app.state.db, certs).await, 1);

    // Every mark and every certificate change is in the audit log.
    for (action, n) in [
        ("attendance_marked", 4),
        ("certificate_issued", 1),
        ("certificate_revoked", 1),
        ("certificate_reinstated", 1),
    ] {
        assert_eq!(
            count(
                &app.state.db,
                &format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")
            )
            .await,
            n,
            "{action}"
        );
    }

    // A certificate staff revoked for another reason is not brought back by attendance.
    let cert_id: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT id FROM certificates WHERE code = $1")
            .bind(&code)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        "id",
    )
    .unwrap();
    let r = app
        .post(
            &c,
            &format!("/staff/certificates/{cert_id}/revoke"),
            "/staff/certificates",
            &[("reason", "Issued to the wrong person")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(mark(sessions[1].id, "0").await.status(), 303);
    assert_eq!(mark(sessions[1].id, "1").await.status(), 303);
    let v = certificate_status(&app, &code).await;
    assert_eq!(v["status"], "revoked");
    assert_eq!(v["revoke_reason"], "Issued to the wrong person", "{v}");

    // Facilitators see the evaluation results.
    assert_eq!(
        app.get(&fac, &format!("/events/{id}/evaluations"))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get(&other, &format!("/events/{id}/evaluations"))
            .await
            .status(),
        403
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_sheet_is_a_pdf_with_every_confirmed_name() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let (fid, fac) = app
        .as_role("sheet.facilitator@example.org", Role::Facilitator)
        .await;
    let mut form = event_form("Youth Outreach Basics");
    set(&mut form, "capacity", "40");
    form.push(("facilitators".into(), fid.to_string()));
    let id = create(&app, &c, &form).await;
    let emails: Vec<String> = (0..30)
        .map(|i| format!("person{i:02}@example.org"))
        .collect();
    for e in &emails {
        register(&app, id, e, json!({})).await;
    }
    // The first five registrants go by names in five scripts.
    let world = crate::pdf_text::WORLD_NAMES;
    let uids: Vec<i64> =
        sqlx::query("SELECT user_id FROM registrations WHERE event_id = $1 ORDER BY id LIMIT 5")
            .bind(id)
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| sqlx::Row::try_get(r, "user_id").unwrap())
            .collect();
    for (uid, name) in uids.iter().zip(world) {
        sqlx::query("UPDATE users SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(uid)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
    let (_, other) = app
        .as_role("not.leading@example.org", Role::Facilitator)
        .await;
    assert_eq!(
        app.get(&other, &format!("/events/{id}/sign-in-sheet"))
            .await
            .status(),
        403
    );
    let r = app.get(&fac, &format!("/events/{id}/sign-in-sheet")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap().to_vec();
    let text = tta_review::extract(&pdf, Some("sheet.pdf"), Some("application/pdf"))
        .expect("the PDF's text extracts");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Youth Outreach Basics"));
    assert!(flat.contains("Lakeside Community Room"));
    // Every name prints exactly, whatever its script, for tta's extractor and for lopdf
    // and poppler.
    let (lopdf, poppler) = (
        crate::pdf_text::lopdf_text(&pdf),
        crate::pdf_text::pdftotext(&pdf),
    );
    for name in world {
        for (reader, text) in [("tta", &text), ("lopdf", &lopdf), ("pdftotext", &poppler)] {
            let printed = text.lines().any(|l| {
                l.trim()
                    .split_once(". ")
                    .is_some_and(|(n, rest)| n.parse::<u32>().is_ok() && rest.trim() == name)
            });
            assert!(
                printed,
                "{reader} reads {name:?} on its own numbered line:\n{text}"
            );
        }
    }
    for e in &emails[5..] {
        assert!(flat.contains(&name_for(e)), "{} on the sheet", name_for(e));
    }
    assert!(
        lopdf::Document::load_mem(&pdf).unwrap().get_pages().len() >= 2,
        "thirty names need a second page"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facilitator_profiles_check_their_input_and_show_publicly() {
    let app = TestApp::spawn().await;
    let (fid, fac) = app
        .as_role("profile.facilitator@example.org", Role::Facilitator)
        .await;
    let lid = learner(&app, "just.learning@example.org").await;
    let long = "a".repeat(5001);
    let region = "r".repeat(101);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("bio", long.as_str()), ("region", "Midwest")], "bio"),
        (
            vec![("bio", "Hello"), ("expertise", "astrology")],
            "expertise",
        ),
        (
            vec![("bio", "Hello"), ("region", region.as_str())],
            "region",
        ),
    ];
    for (fields, field) in cases {
        let r = app
            .post(
                &fac,
                "/facilitator/profile",
                "/facilitator/profile",
                &fields,
            )
            .await;
        assert_eq!(r.status(), 422, "{field}");
        let html = r.text().await.unwrap();
        assert!(beside(&html, field).is_some(), "message beside {field}");
        assert_eq!(
            count(&app.state.db, "SELECT COUNT(*) FROM facilitator_profiles").await,
            0
        );
    }
    let r = app
        .post(
            &fac,
            "/facilitator/profile",
            "/facilitator/profile",
            &[
                (
                    "bio",
                    "Former shelter advocate; trains on voluntary services.",
                ),
                ("expertise", "housing"),
                ("languages", "English, Spanish"),
                ("region", "Midwest"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let public = app.client();
    let html = app
        .get(&public, &format!("/facilitators/{fid}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Former shelter advocate")
            && html.contains("English, Spanish")
            && html.contains("Midwest")
    );
    assert_eq!(
        app.get(&public, &format!("/facilitators/{lid}"))
            .await
            .status(),
        404
    );

    // Staff edit anyone's.
    let c = staff(&app).await;
    assert!(app
        .get(&c, "/staff/facilitators")
        .await
        .text()
        .await
        .unwrap()
        .contains(&name_for("profile.facilitator@example.org")));
    let r = app
        .post(
            &c,
            &format!("/staff/facilitators/{fid}"),
            &format!("/staff/facilitators/{fid}"),
            &[("bio", "Updated by staff."), ("region", "Great Lakes")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let html = app
        .get(&public, &format!("/facilitators/{fid}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Great Lakes"));
    let learner_client = app.signed_in("just.learning@example.org").await;
    assert_eq!(
        app.get(&learner_client, "/facilitator/profile")
            .await
            .status(),
        403
    );
    app.stop().await;
}

/// Every staff and facilitator page, on a phone, through axe: the lists, the form with its
/// error messages, the registrations, attendance with a check-in, profiles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_and_facilitator_pages_pass_axe_on_a_phone() {
    use crate::{browser::Browser, helpers::PASSWORD};
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let fid = app
        .user("phone.facilitator@example.org", Role::Facilitator)
        .await;
    let mut form = event_form("Survivor Leadership in Program Design");
    form.push(("facilitators".into(), fid.to_string()));
    set(&mut form, "capacity", "1");
    let id = create(&app, &c, &form).await;
    let reg = register(
        &app,
        id,
        "gia@example.org",
        json!({ "q1": "Ideas for our advisory board", "access": "Large print" }),
    )
    .await;
    register(&app, id, "hal@example.org", json!({})).await;
    register(&app, id, "ivy@example.org", json!({})).await;
    sqlx::query("INSERT INTO event_evaluations (registration_id, relevance, clarity, usefulness, facilitation, comment, created_at) VALUES ($1, 5, 5, 4, 5, 'Grounded in real programs.', 0)")
        .bind(reg)
        .execute(&app.state.db.pool)
        .await
        .unwrap();

    // The first session starts in ten minutes: people are arriving and attendance is open.
    let first = model::sessions(&app.state.db, id).await.unwrap()[0].id;
    move_session(&app, first, 600, 11_400).await;

    let p = Browser::phone().await;
    p.goto(&app.at("/signin")).await;
    p.fill("#f-email", "organizer@example.org").await;
    p.fill("#f-password", PASSWORD).await;
    p.submit("form[action='/signin'] button[type=submit]").await;
    for path in [
        "/staff/events".to_string(),
        format!("/staff/events/{id}"),
        format!("/staff/events/{id}/edit"),
        format!("/staff/events/{id}/cancel"),
        "/staff/facilitators".to_string(),
        format!("/staff/facilitators/{fid}"),
        format!("/facilitators/{fid}"),
        "/events".to_string(),
        format!("/events/{id}/evaluations"),
        format!("/events/{id}/attendance"),
    ] {
        p.goto(&app.at(&path)).await;
    }
    p.submit(&format!("#r{reg} .attendance-in")).await;
    assert!(p.text(&format!("#r{reg}")).await.contains("Present"));
    assert!(p.text("#attendance-counts").await.starts_with("1 present"));

    // The form with errors beside its fields.
    p.goto(&app.at("/staff/events/new")).await;
    p.fill("#f-capacity", "lots").await;
    p.submit(".staff-event-form button[type=submit]").await;
    assert!(p.exists("[id='f-capacity-error']").await);
    assert!(p.exists("[id='f-title-error']").await);
    p.close().await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_see_training_times_in_the_trainings_own_zone() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let mut form = event_form("Island Outreach Partners");
    set(&mut form, "timezone", "Pacific/Honolulu");
    let id = create(&app, &c, &form).await;
    register(&app, id, "kai@example.org", json!({})).await;
    // The list shows the first session at 09:00 Hawaii time, not in UTC (19:00).
    let html = app.get(&c, "/staff/events").await.text().await.unwrap();
    let row = text_of(&html, &format!("li:has(a[href='/staff/events/{id}'])")).unwrap();
    assert!(row.contains("09:00 HST"), "{row}");
    assert!(!row.contains("UTC") && !row.contains("19:00"), "{row}");
    // The training's page gives registration times in the same zone.
    let html = app
        .get(&c, &format!("/staff/events/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(" HST"),
        "registered-at in the training's zone"
    );
    assert!(!html.contains(" UTC"), "no UTC times for staff");
    // The form names the zone its times are in.
    let html = app
        .get(&c, &format!("/staff/events/{id}/edit"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("time zone (Pacific/Honolulu)"), "{html}");
    app.stop().await;
}
