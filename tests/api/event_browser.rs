//! A live training in Chromium, on phone-sized windows: a learner finds it, registers with
//! an access need and gets the invitation; a second learner joins the waitlist; the first
//! cancels and the second gets the place; the facilitator checks people in at the door.
//! axe checks every page visited.

use sqlx::Row;
use tta::{
    accounts::model::Role,
    db::now,
    events::{
        input::{self, RawEvent, RawSession},
        model, time,
    },
};

use crate::{
    browser::Browser,
    event_notices::{calendar_of, email_with},
    helpers::*,
};

async fn training(
    app: &TestApp,
    title: &str,
    topic: &str,
    capacity: i64,
    facilitator: i64,
) -> (i64, String) {
    let tz = time::zone("America/Chicago").unwrap();
    let (today, _) = time::parts(tz, now());
    let tomorrow = (chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap()
        + chrono::Duration::days(1))
    .format("%Y-%m-%d")
    .to_string();
    let raw = RawEvent {
        title: title.into(),
        description: "Planning for safety with people whose work, housing and transport change from week to week.".into(),
        format: "in_person".into(),
        timezone: "America/Chicago".into(),
        venue: "Lakeshore Community Center".into(),
        address: "1520 W Argyle St".into(),
        city: "Chicago".into(),
        state: "IL".into(),
        accessibility: "Step-free entrance; quiet room available.".into(),
        capacity: capacity.to_string(),
        registration_opens: time::datetime_local(tz, now() - 14 * 86_400),
        registration_closes: format!("{tomorrow}T08:00"),
        topics: vec![topic.into()],
        ce_hours: "3".into(),
        ask_access: true,
        sessions: vec![RawSession { title: String::new(), date: tomorrow, start: "09:00".into(), end: "12:00".into() }],
        facilitators: vec![facilitator],
        published: true,
        ..Default::default()
    };
    let input = input::parse(&raw).unwrap_or_else(|e| panic!("{e:?}"));
    let mut tx = app.state.db.tx().await.unwrap();
    let id = model::save(&mut tx, None, &input, None).await.unwrap();
    tx.commit().await.unwrap();
    (id, input.slug)
}

async fn sign_in(app: &TestApp, email: &str) -> Browser {
    let b = Browser::phone().await;
    b.goto(&app.at("/signin")).await;
    b.fill("#f-email", email).await;
    b.fill("#f-password", PASSWORD).await;
    b.submit("form[action='/signin'] button[type=submit]").await;
    b
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn learners_register_wait_and_get_a_freed_place_and_the_facilitator_checks_them_in() {
    let app = TestApp::spawn().await;
    let facilitator = app
        .user("kwame@institute.example.org", Role::Facilitator)
        .await;
    let title = "Safety Planning with People Who Work Nights";
    let (event_id, slug) = training(&app, title, "safety_planning", 1, facilitator).await;
    training(&app, "Housing Roundtable", "housing", 20, facilitator).await;
    app.user("amara@riverbend.example.org", Role::Learner).await;
    let bo = app.user("bo@northstar.example.org", Role::Learner).await;
    let bo_name: String = sqlx::query("SELECT name FROM users WHERE id = $1")
        .bind(bo)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .try_get("name")
        .unwrap();

    // The first learner finds the training by searching and filtering, and registers.
    let a = sign_in(&app, "amara@riverbend.example.org").await;
    a.goto(&app.at("/trainings")).await;
    assert!(a.text("main").await.contains("Housing Roundtable"));
    a.fill("#f-q", "safety").await;
    a.select("#f-topic", "safety_planning").await;
    a.submit("form.filters button[type=submit]").await;
    assert!(a.text("main").await.contains(title));
    assert!(
        !a.text("main").await.contains("Housing Roundtable"),
        "the filter narrows the list"
    );
    a.click(&format!("a[href='/trainings/{slug}']")).await;
    assert!(a.text("h1").await.contains(title));
    a.fill("#f-access", "A seat near the door, please.").await;
    a.submit(&format!(
        "form[action='/trainings/{slug}/register'] button[type=submit]"
    ))
    .await;
    assert!(
        a.text("#place-status").await.contains("confirmed"),
        "{}",
        a.text("main").await
    );
    assert!(a
        .text("main")
        .await
        .contains("A seat near the door, please."));

    let mail = app.email_to("amara@riverbend.example.org").await;
    assert!(mail.subject.contains(title), "{}", mail.subject);
    let cal = calendar_of(&app, &mail);
    assert_eq!(cal["method"], "PUBLISH");
    assert_eq!(cal["events"].as_array().unwrap().len(), 1);

    // The training is full: the second learner joins the waitlist.
    let b = sign_in(&app, "bo@northstar.example.org").await;
    b.goto(&app.at(&format!("/trainings/{slug}"))).await;
    assert!(
        b.text("main").await.contains("full"),
        "{}",
        b.text("main").await
    );
    b.submit(&format!(
        "form[action='/trainings/{slug}/register'] button[type=submit]"
    ))
    .await;
    assert!(
        b.text("#place-status")
            .await
            .contains("number 1 on the waitlist"),
        "{}",
        b.text("main").await
    );
    let waiting = app.email_to("bo@northstar.example.org").await;
    assert!(waiting.subject.contains("waitlist"), "{}", waiting.subject);

    // The first learner gives up the place: a page first says what will happen, then the
    // place is kept for them a few minutes, and they take it back.
    a.goto(&app.at(&format!("/trainings/{slug}"))).await;
    a.click(&format!("a[href='/trainings/{slug}/cancel']"))
        .await;
    assert!(
        a.text("#cancel-consequence")
            .await
            .contains("The next person waiting will get yours"),
        "{}",
        a.text("main").await
    );
    a.submit(&format!(
        "form[action='/trainings/{slug}/cancel'] button[type=submit]"
    ))
    .await;
    assert!(
        a.text("#place-status")
            .await
            .contains("keeping it for you until"),
        "{}",
        a.text("main").await
    );
    b.goto(&app.at(&format!("/trainings/{slug}"))).await;
    assert!(
        b.text("#place-status")
            .await
            .contains("number 1 on the waitlist"),
        "the seat is kept, not passed on yet"
    );
    a.submit(&format!(
        "form[action='/trainings/{slug}/undo'] button[type=submit]"
    ))
    .await;
    assert!(
        a.text("#place-status").await.contains("confirmed"),
        "{}",
        a.text("main").await
    );

    // Then gives it up for good: once the time to take it back has run out, the place
    // goes to the second learner.
    a.click(&format!("a[href='/trainings/{slug}/cancel']"))
        .await;
    a.submit(&format!(
        "form[action='/trainings/{slug}/cancel'] button[type=submit]"
    ))
    .await;
    crate::event_notices::expire_undo(&app).await;
    let opened = email_with(&app, "bo@northstar.example.org", "A place opened up").await;
    a.goto(&app.at(&format!("/trainings/{slug}"))).await;
    assert!(
        a.text("main").await.contains("You cancelled your place"),
        "{}",
        a.text("main").await
    );
    a.close().await;
    b.goto(&app.at(&format!("/trainings/{slug}"))).await;
    assert!(
        b.text("#place-status").await.contains("confirmed"),
        "{}",
        b.text("main").await
    );
    assert_eq!(calendar_of(&app, &opened)["method"], "PUBLISH");
    b.goto(&app.at("/my/trainings")).await;
    assert!(b.text("main").await.contains(title));
    b.close().await;

    // At the door, the facilitator checks the second learner in on a phone.
    let reg: i64 = sqlx::query("SELECT id FROM registrations WHERE event_id = $1 AND user_id = $2")
        .bind(event_id)
        .bind(bo)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    // The training took place this morning.
    let t = chrono::Utc::now().timestamp();
    sqlx::query("UPDATE event_sessions SET starts_at = $1, ends_at = $2 WHERE event_id = $3")
        .bind(t - 7200)
        .bind(t - 600)
        .bind(event_id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let f = sign_in(&app, "kwame@institute.example.org").await;
    f.goto(&app.at(&format!("/events/{event_id}/attendance")))
        .await;
    assert!(
        f.text(&format!("#r{reg}")).await.contains(&bo_name),
        "{}",
        f.text("main").await
    );
    assert!(
        !f.text("main").await.contains("Amara"),
        "people who cancelled are not on the roster"
    );
    f.submit(&format!("#r{reg} button.attendance-in")).await;
    assert!(
        f.text(&format!("#r{reg} .attendance-state"))
            .await
            .contains("Present"),
        "{}",
        f.text("main").await
    );
    f.close().await;
    let present = count(
        &app.state.db,
        &format!("SELECT COUNT(*) FROM attendance WHERE registration_id = {reg} AND present = 1"),
    )
    .await;
    assert_eq!(present, 1);
    // Present at the only session: the certificate is issued.
    let certs = count(&app.state.db, &format!("SELECT COUNT(*) FROM certificates WHERE kind = 'event' AND source_id = {event_id} AND user_id = {bo}")).await;
    assert_eq!(certs, 1);
    app.stop().await;
}

/// The demo season's pages, as a learner, a facilitator and staff see them on a phone,
/// pass axe: the list and calendar, every training (past, full, Spanish), a person's own
/// trainings with certificates, attendance and evaluations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_season_reads_well_on_a_phone() {
    let app = TestApp::spawn().await;
    tta::demo::load(&app.state).await.unwrap();
    sqlx::query("UPDATE users SET password_hash = $1")
        .bind(tta::accounts::password::hash(PASSWORD).unwrap())
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let all = model::list(
        &app.state.db,
        &model::Filter {
            past: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(all.len() >= 10);

    let l = sign_in(&app, "priya@harborlight.example.org").await;
    l.goto(&app.at("/trainings")).await;
    l.goto(&app.at("/trainings?view=calendar")).await;
    l.goto(&app.at("/trainings?format=hybrid")).await;
    assert!(l
        .text("main")
        .await
        .contains("Safety Planning That Starts with the Person"));
    for (e, _) in &all {
        l.goto(&app.at(&format!("/trainings/{}", e.slug))).await;
    }
    l.goto(&app.at("/my/trainings")).await;
    assert!(
        l.exists("a[href$='/pdf']").await,
        "a certificate from a past training: {}",
        l.text("main").await
    );
    l.close().await;

    // Aisha was at one of two days in Chicago: she may evaluate, but has no certificate.
    let a = sign_in(&app, "aisha@lakeshoreoutreach.example.org").await;
    a.goto(&app.at("/trainings/voluntary-services-in-shelter-settings-chicago/evaluation"))
        .await;
    a.close().await;

    let past = all
        .iter()
        .find(|(e, _)| e.slug == "voluntary-services-in-shelter-settings-chicago")
        .unwrap()
        .0
        .id;
    let full = all
        .iter()
        .find(|(e, _)| e.slug == "rights-based-case-management-raleigh")
        .unwrap()
        .0
        .id;
    let f = sign_in(&app, "facilitator@demo.tta.example.org").await;
    for page in [
        "/events".to_string(),
        format!("/events/{past}/attendance"),
        format!("/events/{past}/evaluations"),
        format!("/events/{full}/attendance"),
        "/facilitator/profile".into(),
    ] {
        f.goto(&app.at(&page)).await;
    }
    f.close().await;

    let s = sign_in(&app, "staff@demo.tta.example.org").await;
    for page in [
        "/staff/events".to_string(),
        format!("/staff/events/{full}"),
        format!("/staff/events/{past}"),
        "/staff/facilitators".into(),
    ] {
        s.goto(&app.at(&page)).await;
    }
    assert!(s.text("main").await.contains("Lucía Ferreira"));
    s.close().await;
    app.stop().await;
}
