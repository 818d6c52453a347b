//! What program managers and institute staff see: an organization's staff training, and a
//! course's report with the knowledge gain measured by pairing pre- and post-tests.

use tta::accounts::model::Role;

use super::support::*;
use crate::helpers::{location, text_of, TestApp};

/// Creates an organization through the form as `manager` and returns its id.
async fn create_org(app: &TestApp, manager: &Learner, name: &str) -> i64 {
    let fields = [
        ("name", name),
        ("kind", "shelter"),
        ("services", "housing"),
        ("state", "CA"),
        ("staff_size", "6-20"),
    ];
    let r = manager.post(app, "/orgs/new", &fields).await;
    assert_eq!(r.status(), 303, "creating {name}");
    location(&r)
        .strip_prefix("/orgs/")
        .and_then(|s| s.parse().ok())
        .expect("a redirect to the new organization")
}

async fn add_member(app: &TestApp, org: i64, user: i64) {
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'member', $3)",
    )
    .bind(org)
    .bind(user)
    .bind(tta::db::now())
    .execute(&app.state.db.pool)
    .await
    .unwrap();
}

/// A published live training with one session `days` ahead.
async fn training(app: &TestApp, slug: &str, days: i64) -> i64 {
    use tta::events::{input, model};
    let day = (chrono::Utc::now() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string();
    let raw = input::RawEvent {
        title: format!("Training {slug}"),
        slug: slug.into(),
        description: "Services without conditions.".into(),
        format: "virtual".into(),
        timezone: "America/Chicago".into(),
        join_url: "https://meet.example.org/room".into(),
        capacity: "10".into(),
        registration_opens: format!(
            "{}T00:00",
            (chrono::Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%d")
        ),
        registration_closes: format!("{day}T08:00"),
        topics: vec!["voluntary_services".into()],
        language: "en".into(),
        sessions: vec![input::RawSession {
            title: String::new(),
            date: day,
            start: "09:00".into(),
            end: "12:00".into(),
        }],
        published: true,
        ..Default::default()
    };
    let parsed = input::parse(&raw).unwrap_or_else(|e| panic!("test training is invalid: {e:?}"));
    let mut tx = app.state.db.tx().await.unwrap();
    let id = model::save(&mut tx, None, &parsed, None).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// Two learners with known scores (pre 50% → post 100%, and pre 25% → 50% then 75%), one
/// who took only the pre-test, all in the voluntary-services course.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_see_their_staff_courses_and_live_trainings_and_staff_see_the_knowledge_gain() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    let course = course(&app, SLUG).await;
    let manager = Learner::new(&app, "mona.manager@example.org", Role::Learner).await;
    let org = create_org(&app, &manager, "Harbor Light Shelter").await;

    // A: pre 4/8, every lesson, post 8/8: completed, with a certificate.
    let a = Learner::new(&app, "ana.ace@example.org", Role::Learner).await;
    a.enroll(&app, SLUG).await;
    a.take_test(&app, &course, "pre", 4).await;
    a.do_lessons(&app, &course, false).await;
    a.take_test(&app, &course, "post", 8).await;
    let cert = a
        .certificate(&app, &course)
        .await
        .expect("A completed the course");
    let r = a
        .post(
            &app,
            &format!("/courses/{SLUG}/evaluation"),
            &[
                ("relevance", "5"),
                ("clarity", "4"),
                ("usefulness", "3"),
                ("comment", "Practical and clear."),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    // B: pre 2/8, every lesson, post 4/8 then 6/8: the latest post-test counts.
    let b = Learner::new(&app, "ben.better@example.org", Role::Learner).await;
    b.enroll(&app, SLUG).await;
    b.take_test(&app, &course, "pre", 2).await;
    b.do_lessons(&app, &course, false).await;
    b.take_test(&app, &course, "post", 4).await;
    b.take_test(&app, &course, "post", 6).await;
    assert!(b.certificate(&app, &course).await.is_none());
    // C: only the pre-test, and not in the organization: counted as enrolled, not paired.
    let c = Learner::new(&app, "cal.casual@example.org", Role::Learner).await;
    c.enroll(&app, SLUG).await;
    c.take_test(&app, &course, "pre", 8).await;
    // D: a member who has not started anything.
    let d = Learner::new(&app, "dee.dormant@example.org", Role::Learner).await;
    for who in [&a, &b, &d] {
        add_member(&app, org, who.id).await;
    }

    // Live trainings: A registered for one ahead; B attended one that is over.
    let ahead = training(&app, "ahead-training", 10).await;
    let over = training(&app, "over-training", 12).await;
    tta::events::seats::register(&app.state, ahead, a.id, &serde_json::json!({}))
        .await
        .unwrap();
    let reg = tta::events::seats::register(&app.state, over, b.id, &serde_json::json!({}))
        .await
        .unwrap()
        .registration_id;
    let t = tta::db::now();
    sqlx::query("UPDATE event_sessions SET starts_at = $1, ends_at = $2 WHERE event_id = $3")
        .bind(t - 7200)
        .bind(t - 3600)
        .bind(over)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let session: i64 = sqlx::Row::get(
        &sqlx::query("SELECT id FROM event_sessions WHERE event_id = $1")
            .bind(over)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        "id",
    );
    sqlx::query("INSERT INTO attendance (registration_id, session_id, present, marked_at) VALUES ($1, $2, 1, $3)").bind(reg).bind(session).bind(t).execute(&app.state.db.pool).await.unwrap();
    assert_eq!(tta::events::certify::sweep(&app.state).await.unwrap(), 1);
    let b_cert: String = sqlx::Row::get(
        &sqlx::query("SELECT code FROM certificates WHERE kind = 'event'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        "code",
    );

    // The organization's page leads to the manager's view of the organization's training.
    let path = format!("/orgs/{org}/training");
    let org_page = manager.html(&app, &format!("/orgs/{org}")).await;
    assert!(
        org_page.contains(&format!("href=\"{path}\"")),
        "the organization page links the staff training report"
    );
    let html = manager.html(&app, &path).await;
    let text = page_text(&html);
    assert!(
        text.contains("2 of 4 staff trained"),
        "A by the course, B by the training: {text}"
    );
    assert!(text.contains("1 course completed"), "{text}");
    assert!(text.contains("1 live training attended"), "{text}");
    assert!(
        html.contains("href=\"/trainings/ahead-training\"")
            && html.contains("href=\"/trainings/over-training\""),
        "{text}"
    );
    assert!(
        text.contains("Registered · starts"),
        "A's training ahead: {text}"
    );
    assert!(
        text.contains("Attended 1 of 1 sessions"),
        "B's training: {text}"
    );
    assert!(
        html.contains(&format!("href=\"/certificates/{b_cert}\"")),
        "B's training certificate is linked"
    );
    for who in [&a, &b, &d, &manager] {
        assert!(
            text.contains(&who.name) && text.contains(&who.email),
            "{} is listed: {text}",
            who.email
        );
    }
    assert!(!text.contains(&c.email), "not a member: {text}");
    assert_eq!(
        html.matches(&format!("href=\"/courses/{SLUG}\"")).count(),
        2,
        "A's and B's course"
    );
    assert!(
        html.contains(&format!("href=\"/certificates/{}\"", cert.code)),
        "A's certificate is linked"
    );
    assert!(text.contains("Completed "), "{text}");
    assert!(
        text.contains("In progress:") && text.contains("lessons seen"),
        "B's progress: {text}"
    );
    assert_eq!(
        text.matches("No courses or trainings yet").count(),
        2,
        "D and the manager: {text}"
    );
    // A plain member, and staff who are not members, may not see it.
    assert_eq!(d.get(&app, &path).await.status(), 403);
    let staff = Learner::new(&app, "sid.staff@example.org", Role::Staff).await;
    assert_eq!(
        staff.get(&app, &path).await.status(),
        403,
        "staff use the course report instead"
    );
    let admin = Learner::new(&app, "ada.admin@example.org", Role::Admin).await;
    assert_eq!(admin.get(&app, &path).await.status(), 200);

    // The staff report: pre (50 + 25) / 2 = 37.5, post (100 + 75) / 2 = 87.5, gain +50.
    let report = format!("/staff/courses/{}/report", course.id);
    assert_eq!(a.get(&app, &report).await.status(), 403);
    let html = staff.html(&app, &report).await;
    assert_eq!(
        text_of(&html, "dd.gain").as_deref(),
        Some("+50.0 points"),
        "{}",
        page_text(&html)
    );
    let facts = facts(&html);
    assert_eq!(facts.get("Enrolled").map(String::as_str), Some("3"));
    assert_eq!(facts.get("Completed").map(String::as_str), Some("1"));
    assert_eq!(
        facts.get("Learners with both tests").map(String::as_str),
        Some("2")
    );
    assert_eq!(
        facts.get("Average pre-test score").cloned(),
        Some(format!("{:.0}%", 37.5))
    );
    assert_eq!(
        facts.get("Average post-test score").cloned(),
        Some(format!("{:.0}%", 87.5))
    );
    // By organization: A and B are members; C is not.
    let text = page_text(&html);
    assert!(
        text.contains(&format!(
            "Harbor Light Shelter 2 1 2 {:.0}% {:.0}% +50.0",
            37.5, 87.5
        )),
        "{text}"
    );
    // The evaluation averages and comment.
    assert!(text.contains("1 evaluation"), "{text}");
    assert!(
        text.contains("5.0 / 5") && text.contains("4.0 / 5") && text.contains("3.0 / 5"),
        "{text}"
    );
    assert!(text.contains("Practical and clear."), "{text}");
    assert_eq!(
        staff
            .get(&app, "/staff/courses/999999/report")
            .await
            .status(),
        404
    );
    app.stop().await;
}

/// The `<dt>`/`<dd>` pairs of the page's first facts list.
fn facts(html: &str) -> std::collections::HashMap<String, String> {
    let doc = scraper::Html::parse_document(html);
    let dl = doc
        .select(&scraper::Selector::parse("dl.facts").unwrap())
        .next()
        .expect("a facts list");
    let dts: Vec<String> = dl
        .select(&scraper::Selector::parse("dt").unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect();
    let dds: Vec<String> = dl
        .select(&scraper::Selector::parse("dd").unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect();
    dts.into_iter().zip(dds).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_staff_training_report_pages_through_a_large_staff_and_counts_all_of_it() {
    let app = TestApp::spawn().await;
    let manager = Learner::new(&app, "mo.manager@example.org", Role::Learner).await;
    let org = create_org(&app, &manager, "Large Coalition").await;
    for i in 0..54 {
        let id = app
            .user(&format!("staff{i:02}@example.org"), Role::Learner)
            .await;
        add_member(&app, org, id).await;
    }
    let path = format!("/orgs/{org}/training");
    let first = manager.html(&app, &path).await;
    assert_eq!(first.matches("<tbody>").count(), 50, "fifty people a page");
    assert!(
        page_text(&first).contains("0 of 55 staff trained"),
        "figures count the whole organization"
    );
    assert!(
        first.contains(&format!("href=\"{path}?page=2\"")),
        "a link to the next page"
    );
    let second = manager.html(&app, &format!("{path}?page=2")).await;
    assert_eq!(second.matches("<tbody>").count(), 5);
    assert!(page_text(&second).contains("Page 2 of 2"));
    // A page past the end shows the last one; nonsense shows the first.
    assert_eq!(
        manager
            .html(&app, &format!("{path}?page=9"))
            .await
            .matches("<tbody>")
            .count(),
        5
    );
    assert_eq!(
        manager
            .html(&app, &format!("{path}?page=x"))
            .await
            .matches("<tbody>")
            .count(),
        50
    );
    app.stop().await;
}
