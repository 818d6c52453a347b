//! A learner going through a course over HTTP, and every learning form refusing bad input.

use tta::accounts::model::Role;

use super::support::*;
use crate::helpers::{location, text_of, TestApp};

/// The whole path through a shipped course: enroll, pre-test first, lessons and checks,
/// the post-test locked until they are done, a failed attempt with a retry, a pass that
/// issues one certificate (downloadable by its owner and staff only), and the evaluation
/// with its own bad-input handling.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learner_completes_a_course_and_gets_a_certificate() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    let course = course(&app, SLUG).await;
    let ls = lessons(&app, &course).await;
    assert_eq!(ls.len(), 7);
    let l = Learner::new(&app, "lena.learner@example.org", Role::Learner).await;

    // Enrolling leads to "continue", which leads to the pre-test.
    l.enroll(&app, SLUG).await;
    let r = l.get(&app, &format!("/courses/{SLUG}/continue")).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/courses/{SLUG}/tests/pre"));
    // Knowledge gain is measured from the pre-test, so a lesson before it redirects there.
    let r = l
        .get(&app, &format!("/courses/{SLUG}/lessons/{}", ls[2].slug))
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/courses/{SLUG}/tests/pre"));
    let e = l.enrollment_id(&app, &course).await;
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM lesson_views WHERE enrollment_id = {e}")
        )
        .await,
        0,
        "a redirected lesson is not counted as seen"
    );

    // The pre-test, half right: the results page shows the score.
    let r = l.take_test(&app, &course, "pre", 4).await;
    assert_eq!(location(&r), format!("/courses/{SLUG}/tests/pre/results/1"));
    let html = l.html(&app, &location(&r)).await;
    assert!(
        page_text(&html).contains("Your score: 50%"),
        "{}",
        page_text(&html)
    );
    assert_eq!(n(&app, &format!("SELECT COUNT(*) FROM attempt_answers a JOIN test_attempts t ON t.id = a.attempt_id WHERE t.enrollment_id = {e} AND t.part = 'pre'")).await, 8);

    // Right after the pre-test the post-test is locked.
    let locked = "The post-test opens once you have seen every lesson and answered every required knowledge check.";
    let html = l.html(&app, &format!("/courses/{SLUG}/tests/post")).await;
    assert!(html.contains(locked));
    assert!(
        form_action(&html, "/answers/").is_none(),
        "no question is shown while locked"
    );

    // Every lesson seen and every required check but one answered: still locked.
    let mut required = Vec::new();
    for lesson in &ls {
        l.html(&app, &format!("/courses/{SLUG}/lessons/{}", lesson.slug))
            .await;
        for q in checks(&app, lesson.id)
            .await
            .into_iter()
            .filter(|q| q.required)
        {
            required.push((lesson.slug.clone(), q));
        }
    }
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM lesson_views WHERE enrollment_id = {e}")
        )
        .await,
        7
    );
    let (last_lesson, last_q) = required.pop().unwrap();
    for (slug, q) in &required {
        let r = l
            .choose(
                &app,
                &format!("/courses/{SLUG}/lessons/{slug}/checks/{}", q.id),
                &right(q),
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            location(&r),
            format!("/courses/{SLUG}/lessons/{slug}#q-{}", q.id)
        );
    }
    assert!(
        l.html(&app, &format!("/courses/{SLUG}/tests/post"))
            .await
            .contains(locked),
        "one required check is still unanswered"
    );
    let continue_to = location(&l.get(&app, &format!("/courses/{SLUG}/continue")).await);
    assert_eq!(
        continue_to,
        format!("/courses/{SLUG}/lessons/{last_lesson}"),
        "continue leads to the unanswered check"
    );
    // A wrong answer still counts as answered: checks teach, they do not grade.
    let r = l
        .choose(
            &app,
            &format!("/courses/{SLUG}/lessons/{last_lesson}/checks/{}", last_q.id),
            &wrong(&last_q),
        )
        .await;
    assert_eq!(r.status(), 303);
    let html = l
        .html(&app, &format!("/courses/{SLUG}/lessons/{last_lesson}"))
        .await;
    assert!(
        html.contains("Not quite."),
        "feedback for a wrong check answer"
    );
    let html = l.html(&app, &format!("/courses/{SLUG}/tests/post")).await;
    assert!(!html.contains(locked));
    assert!(
        html.contains("You have 3 attempts left, including this one."),
        "{}",
        page_text(&html)
    );

    // A failed attempt: the results say so, offer a retry, and no certificate is issued.
    let r = l.take_test(&app, &course, "post", 0).await;
    assert_eq!(
        location(&r),
        format!("/courses/{SLUG}/tests/post/results/1")
    );
    let html = l.html(&app, &location(&r)).await;
    let text = page_text(&html);
    assert!(text.contains("Your score: 0%"), "{text}");
    assert!(text.contains("You need 80% to pass."), "{text}");
    assert!(
        html.contains(&format!("href=\"/courses/{SLUG}/tests/post\""))
            && text.contains("Try the post-test again"),
        "a retry is offered"
    );
    assert_eq!(n(&app, "SELECT COUNT(*) FROM certificates").await, 0);
    assert!(l.certificate(&app, &course).await.is_none());

    // The second attempt passes and completes the course.
    let html = l.html(&app, &format!("/courses/{SLUG}/tests/post")).await;
    assert!(
        html.contains("You have 2 attempts left, including this one."),
        "{}",
        page_text(&html)
    );
    let r = l.take_test(&app, &course, "post", 8).await;
    assert_eq!(
        location(&r),
        format!("/courses/{SLUG}/tests/post/results/2")
    );
    let cert = l
        .certificate(&app, &course)
        .await
        .expect("a certificate after passing");
    let html = l.html(&app, &location(&r)).await;
    let text = page_text(&html);
    assert!(
        text.contains("Your score: 100%") && text.contains("You passed."),
        "{text}"
    );
    assert!(
        text.contains(&format!("Verification code: {}", cert.code)),
        "{text}"
    );
    assert!(
        !text.contains("Try the post-test again"),
        "no retry after passing"
    );
    assert_eq!(n(&app, "SELECT COUNT(*) FROM certificates").await, 1);
    assert_eq!(
        n(
            &app,
            &format!(
                "SELECT COUNT(*) FROM enrollments WHERE id = {e} AND completed_at IS NOT NULL"
            )
        )
        .await,
        1
    );
    assert_eq!(cert.recipient, l.name);
    assert_eq!(cert.title, course.title);
    assert_eq!((cert.hours_x100, cert.ce_hours_x100), (250, 250));
    assert!(cert.signature_valid(&app.state.cert_key));
    // A passed post-test cannot be taken again.
    assert!(l
        .html(&app, &format!("/courses/{SLUG}/tests/post"))
        .await
        .contains("You have passed the post-test."));

    // My learning lists the course as completed and the certificate with its links.
    let html = l.html(&app, "/learning").await;
    assert!(html.contains(&cert.code));
    assert!(html.contains(&format!("href=\"/certificates/{}/pdf\"", cert.code)));
    assert!(
        page_text(&html).contains("50% → 100%"),
        "pre and post scores: {}",
        page_text(&html)
    );

    // The PDF: an attachment for its owner and for staff, nobody else's business.
    let pdf_path = format!("/certificates/{}/pdf", cert.code);
    let r = l.get(&app, &pdf_path).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment")
            && disposition.contains(&format!("certificate-{}.pdf", cert.code)),
        "{disposition}"
    );
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));
    let other = Learner::new(&app, "otto.other@example.org", Role::Learner).await;
    assert_eq!(
        other.get(&app, &pdf_path).await.status(),
        404,
        "another learner cannot tell the certificate exists"
    );
    let staff = Learner::new(&app, "sara.staff@example.org", Role::Staff).await;
    let r = staff.get(&app, &pdf_path).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let anon = app.client();
    assert_ne!(
        app.get(&anon, &pdf_path).await.status(),
        200,
        "signing in is required"
    );
    // The lowercase code without dashes finds the same file.
    let loose = cert.code.replace('-', "").to_lowercase();
    assert_eq!(
        l.get(&app, &format!("/certificates/{loose}/pdf"))
            .await
            .status(),
        200
    );

    // Continue now leads to the evaluation.
    assert_eq!(
        location(&l.get(&app, &format!("/courses/{SLUG}/continue")).await),
        format!("/courses/{SLUG}/evaluation")
    );
    let eval = format!("/courses/{SLUG}/evaluation");
    let html = l.html(&app, &eval).await;
    assert!(form_action(&html, "/evaluation").is_some());

    // Missing ratings: each is marked, the comment stays.
    let r = l
        .post(&app, &eval, &[("comment", "Useful, thank you.")])
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    for f in ["relevance", "clarity", "usefulness"] {
        assert_eq!(
            text_of(&html, &format!("#f-{f}-error")).as_deref(),
            Some("Choose a rating from 1 to 5."),
            "{f}"
        );
    }
    assert_eq!(
        text_of(&html, "#f-comment").as_deref(),
        Some("Useful, thank you.")
    );
    // A rating out of range is refused; the good ratings stay selected.
    let r = l
        .post(
            &app,
            &eval,
            &[
                ("relevance", "9"),
                ("clarity", "4"),
                ("usefulness", "5"),
                ("comment", "Kept"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(
        text_of(&html, "#f-relevance-error").as_deref(),
        Some("Choose a rating from 1 to 5.")
    );
    assert!(text_of(&html, "#f-clarity-error").is_none());
    assert!(
        html.contains("id=\"f-clarity-4\" name=\"clarity\" value=\"4\" checked"),
        "the valid rating stays chosen"
    );
    assert_eq!(text_of(&html, "#f-comment").as_deref(), Some("Kept"));
    // A comment one character over the limit is refused and given back whole.
    let long = "a".repeat(2001);
    let r = l
        .post(
            &app,
            &eval,
            &[
                ("relevance", "5"),
                ("clarity", "4"),
                ("usefulness", "5"),
                ("comment", &long),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(
        text_of(&html, "#f-comment-error").as_deref(),
        Some("Keep the comment under 2,000 characters.")
    );
    assert_eq!(text_of(&html, "#f-comment").as_deref(), Some(long.as_str()));
    assert_eq!(
        n(&app, "SELECT COUNT(*) FROM course_evaluations").await,
        0,
        "nothing saved from bad input"
    );

    // Good input is saved, once.
    let r = l
        .post(
            &app,
            &eval,
            &[
                ("relevance", "5"),
                ("clarity", "4"),
                ("usefulness", "3"),
                ("comment", &"b".repeat(2000)),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/courses/{SLUG}"));
    let r = l
        .post(
            &app,
            &eval,
            &[
                ("relevance", "1"),
                ("clarity", "1"),
                ("usefulness", "1"),
                ("comment", "second"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(n(&app, "SELECT COUNT(*) FROM course_evaluations").await, 1);
    assert_eq!(n(&app, &format!("SELECT relevance * 100 + clarity * 10 + usefulness FROM course_evaluations WHERE enrollment_id = {e}")).await, 543, "the first evaluation stands");
    assert!(l
        .html(&app, &eval)
        .await
        .contains("You have already evaluated this course."));
    assert_eq!(
        location(&l.get(&app, &format!("/courses/{SLUG}/continue")).await),
        format!("/courses/{SLUG}"),
        "nothing left to do"
    );
    app.stop().await;
}

/// Knowledge checks and test answers refuse missing, doubled and made-up choices with a
/// message, store nothing, and an answer to a submitted test changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn learning_forms_refuse_bad_answers() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    let course = course(&app, SLUG).await;
    let ls = lessons(&app, &course).await;
    let l = Learner::new(&app, "bea.bad@example.org", Role::Learner).await;

    // Not enrolled yet: the learning pages send the learner to the course page.
    let r = l.get(&app, &format!("/courses/{SLUG}/tests/pre")).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/courses/{SLUG}"));
    l.enroll(&app, SLUG).await;
    let e = l.enrollment_id(&app, &course).await;

    // Before the pre-test a check cannot be answered either (its page would show the
    // lesson, which the pre-test must come before).
    let first_check = &checks(&app, ls[0].id).await[0];
    let r = l
        .choose(
            &app,
            &format!(
                "/courses/{SLUG}/lessons/{}/checks/{}",
                ls[0].slug, first_check.id
            ),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303, "bad input before the pre-test");
    assert_eq!(location(&r), format!("/courses/{SLUG}/tests/pre"));
    let r = l
        .choose(
            &app,
            &format!(
                "/courses/{SLUG}/lessons/{}/checks/{}",
                ls[0].slug, first_check.id
            ),
            &right(first_check),
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/courses/{SLUG}/tests/pre"));
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM check_answers WHERE enrollment_id = {e}")
        )
        .await,
        0
    );

    // --- Test answers (the pre-test, before it is submitted) ---
    let pre = questions(&app, &course, "pre").await;
    let single = pre
        .iter()
        .find(|q| !q.multiple)
        .expect("a single-answer pre-test question");
    let multi = pre
        .iter()
        .find(|q| q.multiple)
        .expect("an all-that-apply pre-test question");
    l.html(&app, &format!("/courses/{SLUG}/tests/pre")).await; // opens the attempt
    let answer =
        |q: &tta::courses::model::Question| format!("/courses/{SLUG}/tests/pre/answers/{}", q.id);
    let cases: Vec<(&tta::courses::model::Question, Vec<(&str, &str)>, &str)> = vec![
        (single, vec![], "Choose an answer."),
        (multi, vec![], "Choose at least one answer."),
        (
            single,
            vec![("choice", "0"), ("choice", "1")],
            "Choose only one answer.",
        ),
        (
            single,
            vec![("choice", "7")],
            "That answer is not one of the choices.",
        ),
        (
            single,
            vec![("choice", "abc")],
            "That answer is not one of the choices.",
        ),
        (
            single,
            vec![("choice", "-1")],
            "That answer is not one of the choices.",
        ),
        (
            multi,
            vec![("choice", "0"), ("choice", "99")],
            "That answer is not one of the choices.",
        ),
    ];
    for (q, fields, message) in &cases {
        let r = l.post(&app, &answer(q), fields).await;
        assert_eq!(r.status(), 422, "{fields:?}");
        let html = r.text().await.unwrap();
        let shown = text_of(&html, &format!("#q{}-error", q.id)).unwrap_or_default();
        assert!(shown.ends_with(message), "{fields:?}: {shown:?}");
        assert!(
            html.contains(&format!("action=\"{}\"", answer(q))),
            "the same question is asked again"
        );
    }
    let stored = format!("SELECT COUNT(*) FROM attempt_answers a JOIN test_attempts t ON t.id = a.attempt_id WHERE t.enrollment_id = {e}");
    assert_eq!(
        n(&app, &stored).await,
        0,
        "no test answer stored from bad input"
    );
    // A question of another part, or made up, is not found.
    let post = questions(&app, &course, "post").await;
    assert_eq!(
        l.choose(
            &app,
            &format!("/courses/{SLUG}/tests/pre/answers/{}", post[0].id),
            &[0]
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        l.choose(
            &app,
            &format!("/courses/{SLUG}/tests/pre/answers/999999"),
            &[0]
        )
        .await
        .status(),
        404
    );
    // There is no mid-test.
    assert_eq!(
        l.get(&app, &format!("/courses/{SLUG}/tests/mid"))
            .await
            .status(),
        404
    );
    assert_eq!(
        l.choose(
            &app,
            &format!("/courses/{SLUG}/tests/mid/answers/{}", single.id),
            &[0]
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        l.post(&app, &format!("/courses/{SLUG}/tests/mid/submit"), &[])
            .await
            .status(),
        404
    );
    assert_eq!(
        l.get(&app, &format!("/courses/{SLUG}/tests/mid/results/1"))
            .await
            .status(),
        404
    );
    assert_eq!(
        l.get(&app, &format!("/courses/{SLUG}/tests/pre?q=abc"))
            .await
            .status(),
        404
    );
    assert_eq!(n(&app, &stored).await, 0);

    // Take the pre-test, then try to change an answer: nothing changes.
    l.take_test(&app, &course, "pre", pre.len()).await;
    let stored_choice = format!(
        "SELECT COUNT(*) FROM attempt_answers a JOIN test_attempts t ON t.id = a.attempt_id WHERE t.enrollment_id = {e} AND a.question_id = {} AND a.choices = '{}' AND a.correct = 1",
        single.id,
        right(single).iter().map(|c| c.to_string()).collect::<Vec<_>>().join(",")
    );
    assert_eq!(n(&app, &stored_choice).await, 1);
    let r = l.choose(&app, &answer(single), &wrong(single)).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/courses/{SLUG}/tests/pre"));
    assert_eq!(
        n(&app, &stored_choice).await,
        1,
        "the submitted answer stands"
    );
    assert_eq!(n(&app, &stored).await, pre.len() as i64);
    // Submitting again does not make a second attempt or change the score.
    let r = l
        .post(&app, &format!("/courses/{SLUG}/tests/pre/submit"), &[])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        n(
            &app,
            &format!(
                "SELECT COUNT(*) FROM test_attempts WHERE enrollment_id = {e} AND part = 'pre'"
            )
        )
        .await,
        1
    );
    assert_eq!(
        n(
            &app,
            &format!("SELECT score FROM test_attempts WHERE enrollment_id = {e} AND part = 'pre'")
        )
        .await,
        100
    );
    assert!(l
        .html(&app, &format!("/courses/{SLUG}/tests/pre"))
        .await
        .contains("You have already taken the pre-test."));
    // Results of an attempt that does not exist.
    assert_eq!(
        l.get(&app, &format!("/courses/{SLUG}/tests/pre/results/2"))
            .await
            .status(),
        404
    );

    // --- Knowledge checks ---
    let lesson = &ls[0];
    let lesson_checks = checks(&app, lesson.id).await;
    let single = lesson_checks
        .iter()
        .find(|q| !q.multiple)
        .expect("a single-answer check in lesson 1");
    let path = format!(
        "/courses/{SLUG}/lessons/{}/checks/{}",
        lesson.slug, single.id
    );
    for (fields, message) in [
        (vec![], "Choose an answer."),
        (
            vec![("choice", "0"), ("choice", "1")],
            "Choose only one answer.",
        ),
        (
            vec![("choice", "7")],
            "That answer is not one of the choices.",
        ),
        (
            vec![("choice", "abc")],
            "That answer is not one of the choices.",
        ),
        (
            vec![("choice", "")],
            "That answer is not one of the choices.",
        ),
    ] {
        let r = l.post(&app, &path, &fields).await;
        assert_eq!(r.status(), 422, "{fields:?}");
        let html = r.text().await.unwrap();
        let shown = text_of(&html, &format!("#q{}-error", single.id)).unwrap_or_default();
        assert!(shown.ends_with(message), "{fields:?}: {shown:?}");
        assert_eq!(
            text_of(&html, "h1").as_deref(),
            Some(lesson.title.as_str()),
            "the lesson is shown again"
        );
    }
    // A check of another lesson, or of no lesson, is not found here.
    let other = checks(&app, ls[1].id).await;
    assert_eq!(
        l.choose(
            &app,
            &format!(
                "/courses/{SLUG}/lessons/{}/checks/{}",
                lesson.slug, other[0].id
            ),
            &[0]
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        l.choose(
            &app,
            &format!(
                "/courses/{SLUG}/lessons/no-such-lesson/checks/{}",
                single.id
            ),
            &[0]
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        l.choose(
            &app,
            &format!(
                "/courses/{SLUG}/lessons/{}/checks/{}",
                lesson.slug, pre[0].id
            ),
            &[0]
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM check_answers WHERE enrollment_id = {e}")
        )
        .await,
        0,
        "no check answer stored from bad input"
    );

    // Without the session's CSRF token, nothing is accepted.
    let r =
        l.c.post(app.at(&path))
            .form(&[("choice", "0")])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 403);
    let r =
        l.c.post(app.at(&path))
            .form(&[("_csrf", "0000"), ("choice", "0")])
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM check_answers WHERE enrollment_id = {e}")
        )
        .await,
        0
    );

    // A good answer is stored; answering again replaces it (checks may be retried).
    assert_eq!(l.choose(&app, &path, &wrong(single)).await.status(), 303);
    assert_eq!(l.choose(&app, &path, &right(single)).await.status(), 303);
    assert_eq!(
        n(
            &app,
            &format!(
                "SELECT COUNT(*) FROM check_answers WHERE enrollment_id = {e} AND correct = 1"
            )
        )
        .await,
        1
    );
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM check_answers WHERE enrollment_id = {e}")
        )
        .await,
        1
    );
    app.stop().await;
}

/// A course that allows one post-test attempt: after failing it, no retry is offered and
/// the test page says no attempts are left; answering or submitting makes no new attempt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_with_one_attempt_offers_no_retry() {
    let app = TestApp::spawn().await;
    let mut spec = small_course("one-try", "One Try Only");
    spec.max_attempts = 1;
    import_spec(&app, &spec).await;
    let course = course(&app, "one-try").await;
    let l = Learner::new(&app, "una.once@example.org", Role::Learner).await;
    l.enroll(&app, "one-try").await;
    l.take_test(&app, &course, "pre", 1).await;
    l.do_lessons(&app, &course, true).await;

    let html = l.html(&app, "/courses/one-try/tests/post").await;
    assert!(
        html.contains("This is your last attempt."),
        "{}",
        page_text(&html)
    );
    let r = l.take_test(&app, &course, "post", 1).await; // 50% of 100% needed
    assert_eq!(location(&r), "/courses/one-try/tests/post/results/1");
    let html = l.html(&app, &location(&r)).await;
    let text = page_text(&html);
    assert!(
        text.contains("Your score: 50%") && text.contains("You need 100% to pass."),
        "{text}"
    );
    assert!(
        !text.contains("Try the post-test again"),
        "no retry: {text}"
    );

    let html = l.html(&app, "/courses/one-try/tests/post").await;
    assert!(
        html.contains("You have used every attempt at the post-test."),
        "{}",
        page_text(&html)
    );
    assert!(form_action(&html, "/answers/").is_none());
    // Neither answering nor submitting starts another attempt.
    let post = questions(&app, &course, "post").await;
    let r = l
        .choose(
            &app,
            &format!("/courses/one-try/tests/post/answers/{}", post[0].id),
            &right(&post[0]),
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = l
        .post(&app, "/courses/one-try/tests/post/submit", &[])
        .await;
    assert_eq!(r.status(), 303);
    let e = l.enrollment_id(&app, &course).await;
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
    assert_eq!(n(&app, "SELECT COUNT(*) FROM certificates").await, 0);
    assert!(l
        .html(&app, "/courses/one-try/tests/post")
        .await
        .contains("You have used every attempt"));
    app.stop().await;
}
