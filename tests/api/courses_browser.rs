//! The online-course journey in Chromium: a learner on a phone finds a course, enrolls,
//! takes the pre-test, works through every lesson and check, passes the post-test,
//! downloads the certificate and evaluates the course; then a signed-out visitor verifies
//! the certificate by code and by file, and an altered copy is caught. axe checks every page.

use fantoccini::Locator;
use tta::{accounts::model::Role, courses::model};

use crate::{browser::Browser, helpers::*};

/// Replaces the printed line `from` with `to`, as someone editing a certificate would.
pub fn alter_pdf(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    crate::pdf_text::replace_line(bytes, from, to)
}

/// Chooses the right answers to the question whose form posts to `action`, then submits it.
async fn answer_right(app: &TestApp, b: &Browser, course_id: i64, form_css: &str) {
    let action = b
        .client()
        .find(Locator::Css(form_css))
        .await
        .unwrap()
        .attr("action")
        .await
        .unwrap()
        .unwrap();
    let qid: i64 = action.rsplit('/').next().unwrap().parse().unwrap();
    let (q, _, _) = model::question(&app.state.db, course_id, qid)
        .await
        .unwrap()
        .unwrap();
    for (i, c) in q.choices.iter().enumerate() {
        if c.correct {
            b.check(&format!("#q{qid}-c{i}")).await;
        }
    }
    // The last submit button is the one that moves forward.
    b.submit(&format!("{form_css} button[type=submit]:last-of-type"))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn learner_completes_a_course_on_a_phone_and_a_visitor_verifies_the_certificate() {
    let app = TestApp::spawn().await;
    let specs = tta::demo::shipped_courses().unwrap();
    tta::courses::cli::import(&app.state.db, &specs)
        .await
        .unwrap();
    app.user("amara@riverbend.example.org", Role::Learner).await;
    let name: String = sqlx::Row::try_get(
        &sqlx::query("SELECT name FROM users WHERE email = 'amara@riverbend.example.org'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        "name",
    )
    .unwrap();
    let slug = "trauma-informed-approach";
    let course = model::by_slug(&app.state.db, slug).await.unwrap().unwrap();

    let p = Browser::phone().await;
    p.goto(&app.at("/signin")).await;
    p.fill("#f-email", "amara@riverbend.example.org").await;
    p.fill("#f-password", PASSWORD).await;
    p.submit("form[action='/signin'] button[type=submit]").await;

    // Find the course in the catalog with a filter.
    p.goto(&app.at("/courses")).await;
    p.select("#f-topic", "trauma_informed").await;
    p.submit("form.filters button[type=submit]").await;
    assert!(p.text("main").await.contains(&course.title));
    assert!(
        !p.text("main").await.contains("Rights-Based"),
        "the filter narrows the list"
    );
    p.click(&format!("a[href='/courses/{slug}']")).await;
    p.submit(&format!("form[action='/courses/{slug}/enroll'] button"))
        .await;

    // Pre-test, one question per page; an empty answer is explained, not saved.
    assert!(p.url().await.contains("/tests/pre"), "{}", p.url().await);
    p.submit("form.test-form button[value=next]").await;
    assert!(
        p.text(".question .error").await.contains("Choose"),
        "{}",
        p.text("main").await
    );
    let total = model::test_questions(&app.state.db, course.id, model::PART_PRE)
        .await
        .unwrap()
        .len();
    for _ in 0..total {
        // The first choice, right or wrong: the pre-test measures the starting point.
        p.click(".question label.choice input").await;
        p.submit("form.test-form button[value=next]").await;
    }
    assert!(p.text("h2").await.contains("Review"));
    p.submit(&format!(
        "form[action='/courses/{slug}/tests/pre/submit'] button"
    ))
    .await;
    assert!(p.text(".reading").await.contains("Your score"));
    p.click("a[href$='/continue']").await;

    // Every lesson, answering each knowledge check (the first time wrongly on lesson one,
    // to see the feedback), then on to the next.
    let mut seen = 0;
    while p.url().await.contains("/lessons/") {
        seen += 1;
        assert!(p.exists("article.lesson h1").await);
        let forms = p
            .client()
            .find_all(Locator::Css("form.check-form"))
            .await
            .unwrap()
            .len();
        for i in 0..forms {
            let id = p
                .client()
                .find_all(Locator::Css("form.check-form"))
                .await
                .unwrap()[i]
                .attr("id")
                .await
                .unwrap()
                .unwrap();
            answer_right(&app, &p, course.id, &format!("form#{id}")).await;
            assert!(
                p.text(&format!("form#{id} .feedback"))
                    .await
                    .contains("Correct"),
                "{}",
                p.text("main").await
            );
        }
        if p.exists("a[rel=next]").await {
            p.click("a[rel=next]").await;
        } else {
            p.click("nav.pager a[href$='/continue']").await;
        }
    }
    assert_eq!(seen, 7);

    // Post-test, all right this time.
    assert!(p.url().await.contains("/tests/post"), "{}", p.url().await);
    let post = model::test_questions(&app.state.db, course.id, model::PART_POST)
        .await
        .unwrap()
        .len();
    for _ in 0..post {
        answer_right(&app, &p, course.id, "form.test-form").await;
    }
    p.submit(&format!(
        "form[action='/courses/{slug}/tests/post/submit'] button"
    ))
    .await;
    assert!(p.text(".reading").await.contains("100%"));
    let code = p
        .text("#cert-h + p")
        .await
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(code.len(), 14, "{code}");

    // Download the certificate as the button does and read it back.
    let b64 = p
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('a[href$=\"/pdf\"]').href)
               .then(r => r.arrayBuffer())
               .then(buf => { let s = ''; new Uint8Array(buf).forEach(x => s += String.fromCharCode(x)); done(btoa(s)); });",
            vec![],
        )
        .await
        .unwrap();
    use base64::Engine;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(b64.as_str().unwrap())
        .unwrap();
    let text = tta_review::extract(&pdf, Some("certificate.pdf"), None).unwrap();
    for want in [
        name.as_str(),
        course.title.as_str(),
        code.as_str(),
        "Certificate of Completion",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }

    // The evaluation: a missing rating is explained and the comment kept.
    p.click(&format!("a[href='/courses/{slug}/evaluation']"))
        .await;
    p.fill("#f-comment", "Clear and practical.").await;
    p.click("#f-relevance-5").await;
    p.submit("main form button[type=submit]").await;
    assert!(p.exists("#f-clarity-error").await);
    assert_eq!(
        p.client()
            .find(Locator::Css("#f-comment"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap(),
        "Clear and practical."
    );
    p.click("#f-clarity-4").await;
    p.click("#f-usefulness-5").await;
    p.submit("main form button[type=submit]").await;
    assert!(p.text(".flash").await.contains("Thank you"));
    p.goto(&app.at("/learning")).await;
    assert!(p.text("main").await.contains(&code));
    p.close().await;

    // A signed-out visitor checks the code, the genuine file and an altered one.
    let dir = tempfile_dir::TempDir::new();
    let genuine = dir.path().join("certificate.pdf");
    let altered = dir.path().join("certificate-edited.pdf");
    std::fs::write(&genuine, &pdf).unwrap();
    std::fs::write(&altered, alter_pdf(&pdf, &name, "Someone Else")).unwrap();
    let b = Browser::start().await;
    b.goto(&app.at("/certificates/verify")).await;
    b.fill("#f-code", "not a code").await;
    b.submit("main form button[type=submit]").await;
    assert!(b.text("#f-code-error").await.contains("twelve"));
    b.fill("#f-code", &code.to_lowercase().replace('-', ""))
        .await;
    b.submit("main form button[type=submit]").await;
    assert!(
        b.text("main").await.contains("Valid"),
        "{}",
        b.text("main").await
    );
    assert!(b.text("main").await.contains(&name));
    b.goto(&app.at("/certificates/verify")).await;
    b.fill("#f-file", genuine.to_str().unwrap()).await;
    b.submit("main form button[type=submit]").await;
    assert!(
        b.text("main").await.contains("matches the signed record"),
        "{}",
        b.text("main").await
    );
    b.goto(&app.at("/certificates/verify")).await;
    b.fill("#f-file", altered.to_str().unwrap()).await;
    b.submit("main form button[type=submit]").await;
    assert!(
        b.text("main").await.contains("has been altered"),
        "{}",
        b.text("main").await
    );
    assert!(b.text("main").await.contains("Issued to"));
    b.close().await;
    app.stop().await;
}
