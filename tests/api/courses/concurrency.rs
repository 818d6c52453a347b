//! Progress under concurrent requests: two sessions of one learner (two tabs, a phone and
//! a laptop) firing at once must lose nothing, fail nothing, and finish with exactly one
//! scored attempt and one certificate.

use futures::future::join_all;
use tta::accounts::model::Role;

use super::support::*;
use crate::helpers::{location, TestApp};

/// One request of the mix: viewing a lesson, or answering one of its checks.
enum Step {
    View(String),
    Answer(String, i64, Vec<usize>),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_lesson_views_and_answers_lose_nothing() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    let course = course(&app, SLUG).await;
    let a = Learner::new(&app, "cora.concurrent@example.org", Role::Learner).await;
    let b = Learner::another_session(&app, &a).await;
    assert_ne!(a.csrf, b.csrf, "two sessions, each with its own token");
    a.enroll(&app, SLUG).await;
    a.take_test(&app, &course, "pre", 2).await;
    let e = a.enrollment_id(&app, &course).await;

    // Every lesson view and every check (optional ones too) once, then again, 40 requests in
    // all, alternating between the two sessions.
    let mut steps = Vec::new();
    let mut total_checks = 0;
    for l in lessons(&app, &course).await {
        steps.push(Step::View(l.slug.clone()));
        for q in checks(&app, l.id).await {
            steps.push(Step::Answer(l.slug.clone(), q.id, right(&q)));
            total_checks += 1;
        }
    }
    let distinct = steps.len();
    assert!(distinct <= 40, "the mix covers every step: {distinct}");
    let order: Vec<&Step> = steps.iter().cycle().take(40).collect();
    let requests = order.iter().enumerate().map(|(i, step)| {
        let who = if i % 2 == 0 { &a } else { &b };
        let app = &app;
        async move {
            match step {
                Step::View(slug) => {
                    let r = who
                        .get(app, &format!("/courses/{SLUG}/lessons/{slug}"))
                        .await;
                    (format!("view {slug}"), r.status().as_u16(), 200)
                }
                Step::Answer(slug, qid, chosen) => {
                    let r = who
                        .choose(
                            app,
                            &format!("/courses/{SLUG}/lessons/{slug}/checks/{qid}"),
                            chosen,
                        )
                        .await;
                    (format!("answer {qid}"), r.status().as_u16(), 303)
                }
            }
        }
    });
    for (what, got, want) in join_all(requests).await {
        assert!(got < 500, "{what}: server error {got}");
        assert_eq!(got, want, "{what}");
    }
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM lesson_views WHERE enrollment_id = {e}")
        )
        .await,
        7,
        "every lesson counted once"
    );
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM check_answers WHERE enrollment_id = {e}")
        )
        .await,
        total_checks
    );
    assert_eq!(
        n(
            &app,
            &format!(
                "SELECT COUNT(*) FROM check_answers WHERE enrollment_id = {e} AND correct = 1"
            )
        )
        .await,
        total_checks
    );
    // Progress agrees: the post-test is open.
    let html = a.html(&app, &format!("/courses/{SLUG}/tests/post")).await;
    assert!(
        form_action(&html, "/answers/").is_some(),
        "{}",
        page_text(&html)
    );
    app.stop().await;
}

/// Four submissions of the same finished post-test at once, from two sessions: one
/// attempt is scored and one certificate issued; every request ends in a redirect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_post_test_submissions_issue_one_certificate() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    let course = course(&app, SLUG).await;
    let a = Learner::new(&app, "sam.submit@example.org", Role::Learner).await;
    let b = Learner::another_session(&app, &a).await;
    a.enroll(&app, SLUG).await;
    a.take_test(&app, &course, "pre", 4).await;
    a.do_lessons(&app, &course, false).await;
    let post = questions(&app, &course, "post").await;
    // Answer every post-test question rightly through the pages, stopping at the review.
    a.html(&app, &format!("/courses/{SLUG}/tests/post")).await;
    for q in &post {
        let r = a
            .choose(
                &app,
                &format!("/courses/{SLUG}/tests/post/answers/{}", q.id),
                &right(q),
            )
            .await;
        assert_eq!(r.status(), 303);
    }
    let submit = format!("/courses/{SLUG}/tests/post/submit");
    let results = join_all([&a, &b, &a, &b].into_iter().map(|who| {
        let (app, submit) = (&app, &submit);
        async move {
            let r = who.post(app, submit, &[]).await;
            (r.status().as_u16(), location(&r))
        }
    }))
    .await;
    for (status, to) in &results {
        assert_eq!(*status, 303, "{results:?}");
        assert!(
            to == &format!("/courses/{SLUG}/tests/post/results/1")
                || to == &format!("/courses/{SLUG}/tests/post"),
            "{results:?}"
        );
    }
    let e = a.enrollment_id(&app, &course).await;
    assert_eq!(
        n(
            &app,
            &format!(
                "SELECT COUNT(*) FROM test_attempts WHERE enrollment_id = {e} AND part = 'post'"
            )
        )
        .await,
        1
    );
    assert_eq!(n(&app, &format!("SELECT COUNT(*) FROM test_attempts WHERE enrollment_id = {e} AND part = 'post' AND submitted_at IS NOT NULL AND score = 100 AND passed = 1")).await, 1);
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM certificates WHERE user_id = {}", a.id)
        )
        .await,
        1,
        "exactly one certificate"
    );
    let cert = a.certificate(&app, &course).await.unwrap();
    assert!(cert.signature_valid(&app.state.cert_key));
    // Both sessions see the same certificate on the results page.
    for who in [&a, &b] {
        assert!(who
            .html(&app, &format!("/courses/{SLUG}/tests/post/results/1"))
            .await
            .contains(&cert.code));
    }
    app.stop().await;
}
