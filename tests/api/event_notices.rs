//! The emails about a place at a live training, read the way a person's mail and calendar
//! programs read them: the calendar invitation goes through a standard iCalendar parser
//! (Python's `icalendar`), so the instants are checked as a calendar would show them.
//! Also the demo season, whose seats must keep the same rules as real registrations.

use serde_json::{json, Value};
use sqlx::Row;
use tta::{
    accounts::model::Role,
    db::now,
    events::{
        input::{self, RawEvent, RawSession},
        model, notices, seats,
    },
};

use crate::helpers::{count, Email, TestApp};

/// A published training open for registration now, with sessions given as (date, start, end)
/// in `zone`.
fn raw(title: &str, zone: &str, capacity: i64, sessions: &[(&str, &str, &str)]) -> RawEvent {
    let tz = tta::events::time::zone(zone).unwrap();
    let first = sessions
        .iter()
        .map(|s| tta::events::time::to_utc(tz, s.0, s.1).unwrap())
        .min()
        .unwrap();
    RawEvent {
        title: title.into(),
        description: "A training for the notice tests.".into(),
        format: "virtual".into(),
        timezone: zone.into(),
        join_url: "https://meet.example.org/notices".into(),
        capacity: capacity.to_string(),
        registration_opens: tta::events::time::datetime_local(tz, now() - 30 * 86_400),
        registration_closes: tta::events::time::datetime_local(tz, first - 3600),
        topics: vec!["trauma_informed".into()],
        sessions: sessions
            .iter()
            .map(|(d, a, b)| RawSession {
                title: String::new(),
                date: d.to_string(),
                start: a.to_string(),
                end: b.to_string(),
            })
            .collect(),
        published: true,
        ..Default::default()
    }
}

async fn create(app: &TestApp, raw: &RawEvent) -> i64 {
    let input = input::parse(raw).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(model::check(&app.state.db, None, &input)
        .await
        .unwrap()
        .is_empty());
    let mut tx = app.state.db.tx().await.unwrap();
    let id = model::save(&mut tx, None, &input, None).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// A two-hour session about `days` from now, in UTC, as (date, start, end); it starts on
/// the hour and never crosses midnight, so it stays on one date.
fn utc_days(days: f64) -> (String, String, String) {
    let tz = tta::events::time::zone("UTC").unwrap();
    let mut start = (now() + (days * 86_400.0) as i64) / 3600 * 3600;
    if start % 86_400 >= 22 * 3600 {
        start -= 3 * 3600;
    }
    let (d, a) = tta::events::time::parts(tz, start);
    let (_, b) = tta::events::time::parts(tz, start + 2 * 3600);
    (d, a, b)
}

/// The invitation attached to `email`, parsed by Python's icalendar: METHOD and, per
/// VEVENT, UID, SUMMARY, STATUS and DTSTART/DTEND as UTC.
pub fn calendar_of(app: &TestApp, email: &Email) -> Value {
    let (name, kind, bytes) = email
        .attachments
        .iter()
        .find(|(_, kind, _)| kind == "text/calendar")
        .unwrap_or_else(|| {
            panic!(
                "no calendar attachment in {:?}: {:?}",
                email.subject,
                email
                    .attachments
                    .iter()
                    .map(|a| (&a.0, &a.1))
                    .collect::<Vec<_>>()
            )
        })
        .clone();
    assert!(name.ends_with(".ics"), "{name} {kind}");
    let path = app.dir.path().join(format!(
        "invite-{}.ics",
        crate::helpers::name_for(&email.to).replace(' ', "-")
    ));
    std::fs::write(&path, &bytes).unwrap();
    let script = r#"
import json, sys, datetime
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
def utc(v):
    d = v.dt
    if d.tzinfo is None:
        raise SystemExit('floating time: %r' % d)
    return d.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ')
out = {'method': str(cal.get('METHOD')), 'events': []}
for e in cal.walk('VEVENT'):
    out['events'].append({'uid': str(e.get('UID')), 'summary': str(e.get('SUMMARY')), 'status': str(e.get('STATUS')),
                          'start': utc(e.get('DTSTART')), 'end': utc(e.get('DTEND'))})
print(json.dumps(out))
"#;
    let out = std::process::Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("run /usr/bin/python3");
    assert!(
        out.status.success(),
        "icalendar could not read the invitation: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&bytes)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn starts(cal: &Value) -> Vec<(String, String)> {
    cal["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["start"].as_str().unwrap().to_string(),
                e["end"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn uids(cal: &Value) -> Vec<String> {
    cal["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uid"].as_str().unwrap().to_string())
        .collect()
}

async fn registration_id(app: &TestApp, event_id: i64, user_id: i64) -> i64 {
    sqlx::query("SELECT id FROM registrations WHERE event_id = $1 AND user_id = $2")
        .bind(event_id)
        .bind(user_id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
}

/// Confirmation invitations in three zones: New York across the end of daylight-saving
/// time, Denver in summer, Honolulu (no daylight-saving time). Cancelling sends a CANCEL
/// for the same UIDs.
#[tokio::test]
async fn confirmations_carry_the_right_instants_and_cancellations_withdraw_them() {
    let app = TestApp::spawn().await;
    // New York leaves daylight-saving time on 3 November 2030: 9:00 is 13:00Z before, 14:00Z after.
    let cases: [(&str, &str, &[(&str, &str, &str)], &[(&str, &str)]); 3] = [
        (
            "ny",
            "America/New_York",
            &[
                ("2030-11-01", "09:00", "12:00"),
                ("2030-11-05", "09:00", "12:00"),
            ],
            &[
                ("2030-11-01T13:00Z", "2030-11-01T16:00Z"),
                ("2030-11-05T14:00Z", "2030-11-05T17:00Z"),
            ],
        ),
        (
            "denver",
            "America/Denver",
            &[("2030-07-10", "09:00", "16:30")],
            &[("2030-07-10T15:00Z", "2030-07-10T22:30Z")],
        ),
        (
            "honolulu",
            "Pacific/Honolulu",
            &[
                ("2030-03-12", "08:30", "10:00"),
                ("2030-11-05", "08:30", "10:00"),
            ],
            &[
                ("2030-03-12T18:30Z", "2030-03-12T20:00Z"),
                ("2030-11-05T18:30Z", "2030-11-05T20:00Z"),
            ],
        ),
    ];
    for (key, zone, sessions, expected) in cases {
        let title = format!("Calendar check {key}");
        let event_id = create(&app, &raw(&title, zone, 10, sessions)).await;
        let addr = format!("{key}@example.org");
        let uid = app.user(&addr, Role::Learner).await;
        let place = seats::register(&app.state, event_id, uid, &json!({}))
            .await
            .unwrap();
        assert_eq!(place.status, "confirmed");

        let mail = app.email_to(&addr).await;
        assert!(mail.subject.contains(&title), "{}", mail.subject);
        assert!(mail.subject.contains("confirmed"), "{}", mail.subject);
        let cal = calendar_of(&app, &mail);
        assert_eq!(cal["method"], "PUBLISH", "{cal}");
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(starts(&cal), want, "{zone}: {cal}");
        for e in cal["events"].as_array().unwrap() {
            assert!(e["summary"].as_str().unwrap().starts_with(&title), "{e}");
            assert_eq!(e["status"], "CONFIRMED");
        }
        let published = uids(&cal);
        assert_eq!(published.len(), sessions.len());

        seats::cancel(&app.state, event_id, uid, false)
            .await
            .unwrap();
        let mail = email_with(&app, &addr, "Your registration is cancelled").await;
        assert!(mail.subject.contains("cancelled"), "{}", mail.subject);
        let cal = calendar_of(&app, &mail);
        assert_eq!(cal["method"], "CANCEL", "{cal}");
        assert_eq!(
            uids(&cal),
            published,
            "a cancellation must name the entries it removes"
        );
        for e in cal["events"].as_array().unwrap() {
            assert_eq!(e["status"], "CANCELLED", "{e}");
        }
    }
    app.stop().await;
}

/// A full training: the waitlisted are told their position; when a confirmed person cancels,
/// the first person on the waitlist gets the place and the "place opened up" email.
#[tokio::test]
async fn the_waitlist_is_told_its_position_and_the_first_in_line_gets_a_freed_place() {
    let app = TestApp::spawn().await;
    let (d, a, b) = utc_days(20.0);
    let event_id = create(&app, &raw("Small room", "UTC", 1, &[(&d, &a, &b)])).await;
    let mut ids = Vec::new();
    for who in ["first", "second", "third"] {
        let uid = app.user(&format!("{who}@example.org"), Role::Learner).await;
        ids.push(uid);
        seats::register(&app.state, event_id, uid, &json!({}))
            .await
            .unwrap();
    }
    let first = app.email_to("first@example.org").await;
    assert!(first.subject.contains("confirmed"), "{}", first.subject);
    let second = app.email_to("second@example.org").await;
    assert!(second.subject.contains("waitlist"), "{}", second.subject);
    assert!(
        second.body.contains("number 1 on the waitlist"),
        "{}",
        second.body
    );
    assert!(
        second.attachments.is_empty(),
        "no calendar entry for a place not yet held"
    );
    let third = app.email_to("third@example.org").await;
    assert!(
        third.body.contains("number 2 on the waitlist"),
        "{}",
        third.body
    );

    let promoted = seats::cancel(&app.state, event_id, ids[0], false)
        .await
        .unwrap();
    assert_eq!(
        promoted,
        vec![registration_id(&app, event_id, ids[1]).await]
    );
    let mail = email_with(&app, "second@example.org", "A place opened up").await;
    assert!(
        mail.subject.contains("A place opened up"),
        "{}",
        mail.subject
    );
    let cal = calendar_of(&app, &mail);
    assert_eq!(cal["method"], "PUBLISH");
    assert_eq!(cal["events"].as_array().unwrap().len(), 1);
    // The join link goes only to people with a confirmed place; now that includes them.
    assert!(
        mail.body.contains("https://meet.example.org/notices"),
        "{}",
        mail.body
    );
    assert_eq!(count(&app.state.db, &format!("SELECT COUNT(*) FROM registrations WHERE event_id = {event_id} AND status = 'confirmed'")).await, 1);
    // The third person is now first in line, and got no email about it.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(emails_to(&app, "third@example.org"), 1);
    app.stop().await;
}

fn emails_to(app: &TestApp, to: &str) -> usize {
    crate::helpers::emails_in(&app.outbox())
        .into_iter()
        .filter(|e| e.to == to)
        .count()
}

/// Waits for an email to `to` whose subject contains `subject`.
/// Lets the time to take back a place given up run out now: the kept seats are released
/// and the jobs waiting for that moment become due.
pub async fn expire_undo(app: &TestApp) {
    let t = chrono::Utc::now().timestamp();
    sqlx::query("UPDATE registrations SET undo_until = $1 WHERE undo_until IS NOT NULL")
        .bind(t - 1)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE run_at > $1")
        .bind(t - 1)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
}

pub async fn email_with(app: &TestApp, to: &str, subject: &str) -> Email {
    for _ in 0..200 {
        if let Some(e) = crate::helpers::emails_in(&app.outbox())
            .into_iter()
            .find(|e| e.to == to && e.subject.contains(subject))
        {
            return e;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no email about {subject:?} to {to}");
}

async fn notices_queued(app: &TestApp, registration: i64, notice: &str) -> i64 {
    let rows = sqlx::query("SELECT payload FROM jobs WHERE kind = 'event_notice'")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    rows.iter()
        .filter(|r| {
            let v: Value =
                serde_json::from_str(&r.try_get::<String, _>("payload").unwrap()).unwrap();
            v["registration_id"] == registration && v["notice"] == notice
        })
        .count() as i64
}

/// The sweep queues each reminder once: a week before (not for someone who registered
/// inside that week) and a day before; a second sweep queues nothing.
#[tokio::test]
async fn reminders_go_out_a_week_and_a_day_before_once_each() {
    let app = TestApp::spawn().await;
    let (d, a, b) = utc_days(5.0);
    let week = create(&app, &raw("Five days away", "UTC", 10, &[(&d, &a, &b)])).await;
    let (d, a, b) = utc_days(0.5);
    let day = create(&app, &raw("Twelve hours away", "UTC", 10, &[(&d, &a, &b)])).await;
    let early = app.user("early@example.org", Role::Learner).await;
    let late = app.user("late@example.org", Role::Learner).await;
    let soon = app.user("soon@example.org", Role::Learner).await;
    for (event, who) in [(week, early), (week, late), (day, soon)] {
        seats::register(&app.state, event, who, &json!({}))
            .await
            .unwrap();
    }
    // The early bird registered three weeks ago.
    sqlx::query("UPDATE registrations SET confirmed_at = $1, created_at = $1 WHERE user_id = $2")
        .bind(now() - 21 * 86_400)
        .bind(early)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let (r_early, r_late, r_soon) = (
        registration_id(&app, week, early).await,
        registration_id(&app, week, late).await,
        registration_id(&app, day, soon).await,
    );

    notices::sweep(&app.state).await.unwrap();
    assert_eq!(
        notices::sweep(&app.state).await.unwrap(),
        0,
        "a second sweep must queue nothing"
    );

    assert_eq!(notices_queued(&app, r_early, "reminder-week").await, 1);
    assert_eq!(
        notices_queued(&app, r_late, "reminder-week").await,
        0,
        "registered inside the last week"
    );
    assert_eq!(notices_queued(&app, r_early, "reminder-day").await, 0);
    assert_eq!(notices_queued(&app, r_soon, "reminder-day").await, 1);
    assert_eq!(notices_queued(&app, r_soon, "reminder-week").await, 0);

    let mail = email_with(&app, "early@example.org", "In one week").await;
    assert!(
        mail.subject.starts_with("In one week: Five days away"),
        "{}",
        mail.subject
    );
    assert_eq!(calendar_of(&app, &mail)["method"], "PUBLISH");
    let mail = email_with(&app, "soon@example.org", "Tomorrow").await;
    assert!(
        mail.subject.starts_with("Tomorrow: Twelve hours away"),
        "{}",
        mail.subject
    );
    app.stop().await;
}

/// After the last session, only people marked present are asked for an evaluation.
#[tokio::test]
async fn evaluation_requests_go_only_to_people_who_attended() {
    let app = TestApp::spawn().await;
    // A training that ended yesterday: written as staff would, then people seated directly
    // (registration for it has closed).
    let tz = tta::events::time::zone("UTC").unwrap();
    let (d, _) = tta::events::time::parts(tz, now() - 2 * 86_400);
    let mut r = raw("Yesterday's training", "UTC", 10, &[(&d, "09:00", "12:00")]);
    r.registration_opens = format!(
        "{}T08:00",
        tta::events::time::parts(tz, now() - 20 * 86_400).0
    );
    r.registration_closes = format!("{d}T08:00");
    let event_id = create(&app, &r).await;
    let session: i64 = model::sessions(&app.state.db, event_id).await.unwrap()[0].id;
    let mut regs = Vec::new();
    for (who, present) in [
        ("came@example.org", Some(true)),
        ("absent@example.org", Some(false)),
        ("unmarked@example.org", None),
    ] {
        let uid = app.user(who, Role::Learner).await;
        let t = now() - 10 * 86_400;
        let id: i64 = sqlx::query(
            "INSERT INTO registrations (event_id, user_id, status, answers, created_at, updated_at, confirmed_at) VALUES ($1, $2, 'confirmed', '{}', $3, $3, $3) RETURNING id",
        )
        .bind(event_id)
        .bind(uid)
        .bind(t)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
        if let Some(p) = present {
            sqlx::query("INSERT INTO attendance (registration_id, session_id, present, marked_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(session)
                .bind(p as i64)
                .bind(now())
                .execute(&app.state.db.pool)
                .await
                .unwrap();
        }
        regs.push(id);
    }
    notices::sweep(&app.state).await.unwrap();
    assert_eq!(notices::sweep(&app.state).await.unwrap(), 0);
    assert_eq!(notices_queued(&app, regs[0], "evaluation").await, 1);
    assert_eq!(notices_queued(&app, regs[1], "evaluation").await, 0);
    assert_eq!(notices_queued(&app, regs[2], "evaluation").await, 0);
    // No reminders for a training already over.
    assert_eq!(
        notices_queued(&app, regs[0], "reminder-day").await
            + notices_queued(&app, regs[0], "reminder-week").await,
        0
    );

    let mail = app.email_to("came@example.org").await;
    assert!(
        mail.subject.contains("How was Yesterday's training"),
        "{}",
        mail.subject
    );
    let slug = model::by_id(&app.state.db, event_id)
        .await
        .unwrap()
        .unwrap()
        .slug;
    assert!(
        mail.body.contains(&format!("/trainings/{slug}/evaluation")),
        "{}",
        mail.body
    );
    assert!(mail.attachments.is_empty());
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let others = crate::helpers::emails_in(&app.outbox())
        .into_iter()
        .filter(|e| e.to.contains("absent@") || e.to.contains("unmarked@"))
        .count();
    assert_eq!(others, 0);
    app.stop().await;
}

/// Cancelling a training tells everyone holding or waiting for a place, with a CANCEL for
/// their calendar; someone who had already cancelled hears nothing more.
#[tokio::test]
async fn cancelling_a_training_tells_everyone_with_a_place() {
    let app = TestApp::spawn().await;
    let (d, a, b) = utc_days(15.0);
    let event_id = create(&app, &raw("Called off", "UTC", 2, &[(&d, &a, &b)])).await;
    let people = [
        "one@example.org",
        "two@example.org",
        "three@example.org",
        "gone@example.org",
    ];
    let mut ids = Vec::new();
    for who in people {
        let uid = app.user(who, Role::Learner).await;
        seats::register(&app.state, event_id, uid, &json!({}))
            .await
            .unwrap();
        ids.push(uid);
    }
    // gone@ was on the waitlist and left.
    seats::cancel(&app.state, event_id, ids[3], false)
        .await
        .unwrap();
    for who in &people[..3] {
        app.email_to(who).await;
    }
    // The waitlist notice may have found the place already given up, and stayed unsent.
    email_with(&app, "gone@example.org", "Your registration is cancelled").await;
    let to_gone_before = emails_to(&app, "gone@example.org");

    let mut tx = app.state.db.tx().await.unwrap();
    sqlx::query("UPDATE events SET cancelled_at = $1 WHERE id = $2")
        .bind(now())
        .bind(event_id)
        .execute(&mut *tx)
        .await
        .unwrap();
    notices::event_cancelled(&mut tx, event_id).await.unwrap();
    tx.commit().await.unwrap();

    let mut uids_seen = Vec::new();
    for who in &people[..3] {
        let mail = email_with(&app, who, "Cancelled: ").await;
        assert!(
            mail.subject.starts_with("Cancelled: Called off"),
            "{who}: {}",
            mail.subject
        );
        let cal = calendar_of(&app, &mail);
        assert_eq!(cal["method"], "CANCEL");
        assert_eq!(cal["events"][0]["status"], "CANCELLED");
        uids_seen.push(uids(&cal));
    }
    assert!(
        uids_seen.windows(2).all(|w| w[0] == w[1]),
        "one training, one set of UIDs: {uids_seen:?}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        emails_to(&app, "gone@example.org"),
        to_gone_before,
        "someone who had left hears nothing more"
    );
    app.stop().await;
}

/// The demo season loads through the same checks as staff input, keeps the seat rules, and
/// loading it again changes nothing.
#[tokio::test]
async fn the_demo_season_keeps_the_seat_rules_and_loads_once() {
    let app = TestApp::spawn().await;
    tta::demo::load(&app.state).await.unwrap();
    let events = count(&app.state.db, "SELECT COUNT(*) FROM events").await;
    let regs = count(&app.state.db, "SELECT COUNT(*) FROM registrations").await;
    let certs = count(
        &app.state.db,
        "SELECT COUNT(*) FROM certificates WHERE kind = 'event'",
    )
    .await;
    assert!(events >= 10, "{events} demo trainings");
    assert!(certs > 0);
    tta::demo::load(&app.state).await.unwrap();
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM events").await,
        events
    );
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM registrations").await,
        regs
    );
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM certificates WHERE kind = 'event'"
        )
        .await,
        certs
    );

    let over = count(
        &app.state.db,
        "SELECT COUNT(*) FROM events e WHERE (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') > e.capacity",
    )
    .await;
    assert_eq!(over, 0, "no demo training is oversold");
    let full_with_waitlist = count(
        &app.state.db,
        "SELECT COUNT(*) FROM events e WHERE (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') = e.capacity \
         AND EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted')",
    )
    .await;
    assert!(full_with_waitlist >= 2);
    // Waitlist positions run 1, 2, 3 … on every training.
    let rows = sqlx::query("SELECT event_id, waitlist_seq FROM registrations WHERE status = 'waitlisted' ORDER BY event_id, waitlist_seq").fetch_all(&app.state.db.pool).await.unwrap();
    let mut last = (0i64, 0i64);
    for r in rows {
        let (e, s): (i64, i64) = (
            r.try_get("event_id").unwrap(),
            r.try_get("waitlist_seq").unwrap(),
        );
        assert_eq!(
            s,
            if e == last.0 { last.1 + 1 } else { 1 },
            "waitlist of event {e}"
        );
        last = (e, s);
    }
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM registrations WHERE status = 'confirmed' AND confirmed_at IS NULL").await, 0);
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM registrations WHERE status <> 'waitlisted' AND waitlist_seq IS NOT NULL").await, 0);
    // Past trainings with people present and evaluations; upcoming ones to register for.
    assert!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM attendance WHERE present = 1"
        )
        .await
            > 0
    );
    assert!(count(&app.state.db, "SELECT COUNT(*) FROM event_evaluations").await > 0);
    let upcoming = model::list(&app.state.db, &model::Filter::default())
        .await
        .unwrap();
    assert!(upcoming.len() >= 6, "{} upcoming", upcoming.len());
    assert!(upcoming.iter().any(|(e, _)| e.format == "hybrid"));
    assert!(upcoming.iter().any(|(e, _)| e.language == "es"));
    let profiles = count(
        &app.state.db,
        "SELECT COUNT(*) FROM facilitator_profiles WHERE bio <> ''",
    )
    .await;
    assert!(profiles >= 3);
    // The demo's own sweep finds nothing owed to people in past trainings.
    notices::sweep(&app.state).await.unwrap();
    let evaluations_owed = count(
        &app.state.db,
        "SELECT COUNT(*) FROM jobs WHERE kind = 'event_notice' AND payload LIKE '%\"evaluation\"%'",
    )
    .await;
    assert_eq!(evaluations_owed, 0);
    app.stop().await;
}
