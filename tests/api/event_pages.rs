//! What learners do with live trainings, over HTTP: find one, register answering its
//! questions (bad answers refused beside the field), join the waitlist, cancel so the next
//! person is promoted, evaluate afterwards, and read the calendar files and the personal
//! feed with a standard iCalendar parser, across time zones and daylight-saving changes.

use chrono::{Duration, Utc};
use reqwest::Client;
use serde_json::Value;
use tta::{
    accounts::model::Role,
    events::{input, model},
};

use crate::helpers::{count, location, text_of, TestApp};

fn day(offset: i64) -> String {
    (Utc::now() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// A published event with registration open now. `sessions` are (date, start, end) in `tz`.
async fn event(
    app: &TestApp,
    slug: &str,
    tz: &str,
    capacity: i64,
    sessions: &[(&str, &str, &str)],
    question: Option<&str>,
) -> i64 {
    let closes = format!("{}T08:00", sessions[0].0);
    let raw = input::RawEvent {
        title: format!("Training {slug}"),
        slug: slug.into(),
        description: "Offering services **without conditions**.".into(),
        format: "hybrid".into(),
        timezone: tz.into(),
        venue: "Riverside Hall".into(),
        address: "40 Mill Road".into(),
        city: "Springfield".into(),
        state: "IL".into(),
        accessibility: "Step-free entrance.".into(),
        join_url: "https://meet.example.org/secret-room".into(),
        capacity: capacity.to_string(),
        registration_opens: format!("{}T00:00", day(-2)),
        registration_closes: closes,
        topics: vec!["voluntary_services".into()],
        language: "en".into(),
        ce_hours: "3".into(),
        ask_access: true,
        ask_interpreter: true,
        questions: question
            .map(|q| {
                vec![input::RawQuestion {
                    label: q.into(),
                    required: true,
                }]
            })
            .unwrap_or_default(),
        sessions: sessions
            .iter()
            .map(|(d, a, b)| input::RawSession {
                title: String::new(),
                date: d.to_string(),
                start: a.to_string(),
                end: b.to_string(),
            })
            .collect(),
        published: true,
        ..Default::default()
    };
    let parsed = input::parse(&raw).unwrap_or_else(|e| panic!("test event is invalid: {e:?}"));
    let mut tx = app.state.db.tx().await.unwrap();
    let id = model::save(&mut tx, None, &parsed, None).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn learner(app: &TestApp, email: &str) -> Client {
    app.as_role(email, Role::Learner).await.1
}

async fn register(
    app: &TestApp,
    c: &Client,
    slug: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let page = format!("/trainings/{slug}");
    app.post(c, &format!("{page}/register"), &page, fields)
        .await
}

async fn status_of(app: &TestApp, email: &str, slug: &str) -> (String, Option<i64>) {
    let r = sqlx::query("SELECT r.status, r.waitlist_seq FROM registrations r JOIN users u ON u.id = r.user_id JOIN events e ON e.id = r.event_id WHERE u.email = $1 AND e.slug = $2")
        .bind(email)
        .bind(slug)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    (
        sqlx::Row::get(&r, "status"),
        sqlx::Row::get(&r, "waitlist_seq"),
    )
}

/// Runs Debian's Python with the `icalendar` package on a calendar file and returns its
/// events as JSON: summary, uid, status and UTC start and end.
fn parse_ics(body: &[u8]) -> Value {
    let path = std::env::temp_dir().join(format!(
        "tta-{}-{}.ics",
        std::process::id(),
        tta::util::random_token()
    ));
    std::fs::write(&path, body).unwrap();
    let script = r#"
import json, sys, datetime
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = {"method": str(cal.get('METHOD', '')), "events": []}
for e in cal.walk('VEVENT'):
    utc = lambda d: d.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    out["events"].append({
        "summary": str(e.get('SUMMARY')), "uid": str(e.get('UID')), "status": str(e.get('STATUS', '')),
        "start": utc(e.decoded('DTSTART')), "end": utc(e.decoded('DTEND')),
        "description": str(e.get('DESCRIPTION', '')), "location": str(e.get('LOCATION', '')),
    })
print(json.dumps(out))
"#;
    let python = if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("run python3");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "icalendar could not read the file: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(body)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_finds_registers_and_a_freed_seat_goes_to_the_first_waiting() {
    let app = TestApp::spawn().await;
    let (a, b) = (day(20), day(21));
    event(
        &app,
        "small-room",
        "America/Chicago",
        1,
        &[(&a, "09:00", "12:00")],
        None,
    )
    .await;
    event(
        &app,
        "other-topic",
        "America/Denver",
        5,
        &[(&b, "09:00", "12:00")],
        None,
    )
    .await;
    let anon = app.client();

    // The list, filtered and searched, with seats left.
    let html = app.get(&anon, "/trainings").await.text().await.unwrap();
    assert!(html.contains("Training small-room") && html.contains("Training other-topic"));
    assert!(html.contains("1 place left"), "{html}");
    let html = app
        .get(&anon, "/trainings?q=small")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Training small-room") && !html.contains("Training other-topic"));
    let html = app
        .get(&anon, "/trainings?format=virtual")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Training small-room"));
    let html = app
        .get(
            &anon,
            &format!("/trainings?view=calendar&month={}", &a[..7]),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Training small-room"),
        "calendar view lists the session"
    );
    // Signed out: the page invites to sign in and never shows the join link.
    let html = app
        .get(&anon, "/trainings/small-room")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("/signin?next=/trainings/small-room"));
    assert!(!html.contains("secret-room"));

    let first = learner(&app, "first@example.org").await;
    let second = learner(&app, "second@example.org").await;
    let r = register(
        &app,
        &first,
        "small-room",
        &[("access", "Captions, please"), ("interpreter", "")],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        status_of(&app, "first@example.org", "small-room").await.0,
        "confirmed"
    );
    let html = app
        .get(&first, "/trainings/small-room")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("secret-room"),
        "a confirmed person sees the join link"
    );
    assert!(html.contains("Captions, please"));
    // Registering again keeps the one place.
    register(&app, &first, "small-room", &[("access", "")]).await;
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM registrations").await,
        1
    );

    let r = register(&app, &second, "small-room", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        status_of(&app, "second@example.org", "small-room").await.0,
        "waitlisted"
    );
    let html = app
        .get(&second, "/trainings/small-room")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text_of(&html, "#place-status")
            .unwrap()
            .contains("number 1 on the waitlist"),
        "{html}"
    );
    assert!(
        !html.contains("secret-room"),
        "waitlisted people do not get the join link"
    );
    let html = app
        .get(&second, "/my/trainings")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Waitlist: number 1"));

    // The first person gives up the place; it is kept for them a few minutes, then the
    // second is promoted and told.
    let r = app
        .post(
            &first,
            "/trainings/small-room/cancel",
            "/trainings/small-room",
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/trainings/small-room");
    assert_eq!(
        status_of(&app, "first@example.org", "small-room").await.0,
        "cancelled"
    );
    assert_eq!(
        status_of(&app, "second@example.org", "small-room").await.0,
        "waitlisted"
    );
    crate::event_notices::expire_undo(&app).await;
    crate::event_notices::email_with(&app, "second@example.org", "A place opened up").await;
    assert_eq!(
        status_of(&app, "second@example.org", "small-room").await.0,
        "confirmed"
    );
    let mail = app.email_to("second@example.org").await;
    let promoted = if mail.subject.contains("opened up") {
        mail
    } else {
        app.email_to_nth("second@example.org", 1).await
    };
    assert!(
        promoted.subject.contains("A place opened up"),
        "{}",
        promoted.subject
    );
    assert!(promoted
        .attachments
        .iter()
        .any(|(n, t, _)| n.ends_with(".ics") && t == "text/calendar"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_answers_are_refused_beside_the_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let d = day(15);
    event(
        &app,
        "with-question",
        "America/Chicago",
        10,
        &[(&d, "09:00", "12:00")],
        Some("Which program do you work in?"),
    )
    .await;
    let c = learner(&app, "asker@example.org").await;
    // The required custom question left empty; the access answer typed is kept.
    let r = register(
        &app,
        &c,
        "with-question",
        &[("access", "Large print handouts"), ("q1", "  ")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(
        text_of(&html, "#f-q1-error").unwrap(),
        "Error: Answer this question to register."
    );
    assert_eq!(text_of(&html, "#f-access").unwrap(), "Large print handouts");
    // Too long.
    let long = "x".repeat(1001);
    let r = register(
        &app,
        &c,
        "with-question",
        &[("access", &long), ("q1", "Shelter")],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(text_of(&r.text().await.unwrap(), "#f-access-error")
        .unwrap()
        .contains("1,000 characters"));
    let lang = "y".repeat(81);
    let r = register(
        &app,
        &c,
        "with-question",
        &[("interpreter", &lang), ("q1", "Shelter")],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM registrations").await,
        0
    );
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'event_notice'"
        )
        .await,
        0
    );
    // Without the CSRF token nothing happens either.
    let r = c
        .post(app.at("/trainings/with-question/register"))
        .form(&[("q1", "Shelter")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM registrations").await,
        0
    );
    // A good answer registers; the answer is stored.
    let r = register(
        &app,
        &c,
        "with-question",
        &[("q1", "Drop-in center"), ("access", "")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let answers: String = sqlx::Row::get(
        &sqlx::query("SELECT answers FROM registrations")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        "answers",
    );
    assert_eq!(
        serde_json::from_str::<Value>(&answers).unwrap(),
        serde_json::json!({"q1": "Drop-in center"})
    );
    // Unknown trainings and closed registration.
    assert_eq!(app.get(&c, "/trainings/no-such-thing").await.status(), 404);
    sqlx::query("UPDATE events SET registration_closes_at = 1")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let other = learner(&app, "late@example.org").await;
    let r = register(&app, &other, "with-question", &[("q1", "Clinic")]).await;
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("not open"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_evaluation_is_for_attendees_after_the_end_and_checks_its_input() {
    let app = TestApp::spawn().await;
    let d = day(5);
    let id = event(
        &app,
        "evaluate-me",
        "UTC",
        10,
        &[(&d, "09:00", "12:00")],
        None,
    )
    .await;
    let c = learner(&app, "eval@example.org").await;
    register(&app, &c, "evaluate-me", &[]).await;
    // Before the end: refused.
    assert_eq!(
        app.get(&c, "/trainings/evaluate-me/evaluation")
            .await
            .status(),
        400
    );
    // Move the session into the past; without attendance: forbidden.
    sqlx::query(
        "UPDATE event_sessions SET starts_at = starts_at - 864000, ends_at = ends_at - 864000",
    )
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        app.get(&c, "/trainings/evaluate-me/evaluation")
            .await
            .status(),
        403
    );
    let sid: i64 = sqlx::Row::get(
        &sqlx::query("SELECT id FROM event_sessions WHERE event_id = $1")
            .bind(id)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        "id",
    );
    sqlx::query("INSERT INTO attendance (registration_id, session_id, present, marked_at) SELECT id, $1, 1, 0 FROM registrations").bind(sid).execute(&app.state.db.pool).await.unwrap();
    let page = "/trainings/evaluate-me/evaluation";
    assert_eq!(app.get(&c, page).await.status(), 200);
    let long = "z".repeat(2001);
    let r = app
        .post(
            &c,
            page,
            page,
            &[
                ("relevance", "9"),
                ("clarity", "4"),
                ("usefulness", "5"),
                ("comment", &long),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, "#f-relevance-error")
        .unwrap()
        .contains("1 to 5"));
    assert!(text_of(&html, "#f-facilitation-error")
        .unwrap()
        .contains("1 to 5"));
    assert!(text_of(&html, "#f-comment-error")
        .unwrap()
        .contains("2,000"));
    assert!(
        html.contains("id=\"f-clarity-4\" name=\"clarity\" value=\"4\" checked"),
        "the ratings given are kept"
    );
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM event_evaluations").await,
        0
    );
    let good = [
        ("relevance", "5"),
        ("clarity", "4"),
        ("usefulness", "5"),
        ("facilitation", "4"),
        ("comment", "Practical and kind."),
    ];
    assert_eq!(app.post(&c, page, page, &good).await.status(), 303);
    assert_eq!(app.post(&c, page, page, &good).await.status(), 303);
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM event_evaluations").await,
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calendar_files_and_the_personal_feed_read_back_with_the_right_times() {
    let app = TestApp::spawn().await;
    // New York moves its clocks on 2027-03-14: 09:00 is 14:00Z before and 13:00Z after.
    event(
        &app,
        "spring-forward",
        "America/New_York",
        10,
        &[
            ("2027-03-12", "09:00", "12:00"),
            ("2027-03-15", "09:00", "12:00"),
        ],
        None,
    )
    .await;
    // Los Angeles in winter is UTC-8; Honolulu never changes.
    event(
        &app,
        "west-coast",
        "America/Los_Angeles",
        10,
        &[("2027-01-20", "09:00", "10:30")],
        None,
    )
    .await;
    event(
        &app,
        "islands",
        "Pacific/Honolulu",
        10,
        &[("2027-07-01", "08:00", "09:00")],
        None,
    )
    .await;
    let anon = app.client();
    let r = app
        .get(&anon, "/trainings/spring-forward/calendar.ics")
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let cal = parse_ics(&r.bytes().await.unwrap());
    assert_eq!(cal["method"], "PUBLISH");
    let evs = cal["events"].as_array().unwrap();
    assert_eq!(evs.len(), 2);
    assert_eq!(
        (
            evs[0]["start"].as_str().unwrap(),
            evs[0]["end"].as_str().unwrap()
        ),
        ("2027-03-12T14:00:00Z", "2027-03-12T17:00:00Z")
    );
    assert_eq!(
        (
            evs[1]["start"].as_str().unwrap(),
            evs[1]["end"].as_str().unwrap()
        ),
        ("2027-03-15T13:00:00Z", "2027-03-15T16:00:00Z")
    );
    assert!(evs[0]["summary"]
        .as_str()
        .unwrap()
        .starts_with("Training spring-forward"));
    assert!(
        !evs[0]["description"]
            .as_str()
            .unwrap()
            .contains("secret-room"),
        "no join link in the public file"
    );

    // The personal feed: confirmed trainings with their join links, at a secret address.
    let c = learner(&app, "feeder@example.org").await;
    for slug in ["spring-forward", "west-coast", "islands"] {
        assert_eq!(register(&app, &c, slug, &[]).await.status(), 303);
    }
    let html = app.get(&c, "/my/trainings").await.text().await.unwrap();
    let url = crate::helpers::value_of(&html, "#feed-url").unwrap();
    let path = url::Url::parse(&url).unwrap().path().to_string();
    assert!(path.starts_with("/calendar/") && path.ends_with(".ics"));
    let r = app.get(&anon, &path).await;
    assert_eq!(r.status(), 200);
    let feed = parse_ics(&r.bytes().await.unwrap());
    let evs = feed["events"].as_array().unwrap();
    assert_eq!(evs.len(), 4);
    let start_of = |name: &str| {
        evs.iter()
            .find(|e| e["summary"].as_str().unwrap().contains(name))
            .unwrap()["start"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(start_of("west-coast"), "2027-01-20T17:00:00Z");
    assert_eq!(start_of("islands"), "2027-07-01T18:00:00Z");
    assert!(evs
        .iter()
        .all(|e| e["description"].as_str().unwrap().contains("secret-room")));
    // A cancelled place stays in the feed as cancelled, so calendars drop it.
    app.post(&c, "/trainings/islands/cancel", "/trainings/islands", &[])
        .await;
    let feed = parse_ics(&app.get(&anon, &path).await.bytes().await.unwrap());
    let islands = feed["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["summary"].as_str().unwrap().contains("islands"))
        .unwrap()
        .clone();
    assert_eq!(islands["status"], "CANCELLED");
    // Wrong addresses are not found; a new address retires the old one.
    assert_eq!(
        app.get(&anon, "/calendar/not-the-right-token-at-all.ics")
            .await
            .status(),
        404
    );
    let r = app
        .post(&c, "/my/trainings/feed", "/my/trainings", &[])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get(&anon, &path).await.status(), 404);
    let html = app.get(&c, "/my/trainings").await.text().await.unwrap();
    let new_path = url::Url::parse(&crate::helpers::value_of(&html, "#feed-url").unwrap())
        .unwrap()
        .path()
        .to_string();
    assert_ne!(new_path, path);
    assert_eq!(app.get(&anon, &new_path).await.status(), 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn giving_up_a_place_asks_first_and_can_be_taken_back_until_the_seat_is_passed_on() {
    let app = TestApp::spawn().await;
    let d = day(20);
    event(
        &app,
        "full-room",
        "America/Chicago",
        1,
        &[(&d, "09:00", "12:00")],
        None,
    )
    .await;
    let holder = learner(&app, "holder@example.org").await;
    let waiting = learner(&app, "waiting@example.org").await;
    let late = learner(&app, "late@example.org").await;
    register(&app, &holder, "full-room", &[]).await;
    register(&app, &waiting, "full-room", &[]).await;
    assert_eq!(
        status_of(&app, "waiting@example.org", "full-room").await.0,
        "waitlisted"
    );

    // The page offers a link, not a one-click button; the link asks and says what happens.
    let html = app
        .get(&holder, "/trainings/full-room")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("href=\"/trainings/full-room/cancel\""),
        "{html}"
    );
    let r = app.get(&holder, "/trainings/full-room/cancel").await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let consequence = text_of(&html, "#cancel-consequence").unwrap();
    assert!(
        consequence.contains("One person is waiting")
            && consequence.contains("The next person waiting will get yours"),
        "{consequence}"
    );
    assert!(html.contains("take it back within 10 minutes"), "{html}");
    assert_eq!(
        status_of(&app, "holder@example.org", "full-room").await.0,
        "confirmed",
        "asking is not cancelling"
    );

    // Given up: the seat is kept for the holder, not passed on, and nobody is emailed yet.
    let emails_before = crate::helpers::emails_in(&app.outbox()).len();
    let r = app
        .post(
            &holder,
            "/trainings/full-room/cancel",
            "/trainings/full-room/cancel",
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        status_of(&app, "holder@example.org", "full-room").await.0,
        "cancelled"
    );
    assert_eq!(
        status_of(&app, "waiting@example.org", "full-room").await.0,
        "waitlisted"
    );
    let html = app
        .get(&holder, "/trainings/full-room")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text_of(&html, "#place-status")
            .unwrap()
            .contains("keeping it for you until"),
        "{html}"
    );
    // Someone new cannot slip into the kept seat.
    register(&app, &late, "full-room", &[]).await;
    assert_eq!(
        status_of(&app, "late@example.org", "full-room").await.0,
        "waitlisted"
    );
    let html = app
        .get(&app.client(), "/trainings/full-room")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("1 place left"),
        "the kept seat is not offered"
    );

    // Taken back: exactly as it was.
    let r = app
        .post(
            &holder,
            "/trainings/full-room/undo",
            "/trainings/full-room",
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        status_of(&app, "holder@example.org", "full-room").await.0,
        "confirmed"
    );
    let html = app
        .get(&holder, "/trainings/full-room")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text_of(&html, "#place-status")
            .unwrap()
            .contains("confirmed"),
        "{html}"
    );

    // Given up again and the time runs out: the first person waiting gets the place, the
    // holder gets one cancellation email, and taking it back is refused.
    app.post(
        &holder,
        "/trainings/full-room/cancel",
        "/trainings/full-room/cancel",
        &[],
    )
    .await;
    crate::event_notices::expire_undo(&app).await;
    crate::event_notices::email_with(&app, "waiting@example.org", "A place opened up").await;
    assert_eq!(
        status_of(&app, "waiting@example.org", "full-room").await.0,
        "confirmed"
    );
    assert_eq!(
        status_of(&app, "late@example.org", "full-room").await.0,
        "waitlisted"
    );
    let r = app
        .post(
            &holder,
            "/trainings/full-room/undo",
            "/trainings/full-room",
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        status_of(&app, "holder@example.org", "full-room").await.0,
        "cancelled"
    );
    crate::event_notices::email_with(&app, "holder@example.org", "cancelled").await;
    let cancellations = crate::helpers::emails_in(&app.outbox())
        .iter()
        .filter(|e| e.to.contains("holder@example.org") && e.subject.contains("cancelled"))
        .count();
    assert_eq!(
        cancellations, 1,
        "the place taken back the first time sent no cancellation"
    );
    assert!(crate::helpers::emails_in(&app.outbox()).len() > emails_before);

    // Leaving a waitlist asks too, and taking it back keeps the place in the queue.
    let html = app
        .get(&late, "/trainings/full-room/cancel")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("You are number 1 on the waitlist"), "{html}");
    app.post(
        &late,
        "/trainings/full-room/cancel",
        "/trainings/full-room/cancel",
        &[],
    )
    .await;
    assert_eq!(
        status_of(&app, "late@example.org", "full-room").await.0,
        "cancelled"
    );
    app.post(
        &late,
        "/trainings/full-room/undo",
        "/trainings/full-room",
        &[],
    )
    .await;
    let (status, seq) = status_of(&app, "late@example.org", "full-room").await;
    assert_eq!(status, "waitlisted");
    assert!(seq.is_some());
    let html = app
        .get(&late, "/trainings/full-room")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text_of(&html, "#place-status")
            .unwrap()
            .contains("number 1 on the waitlist"),
        "{html}"
    );
    app.stop().await;
}
