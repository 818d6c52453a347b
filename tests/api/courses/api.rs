//! `/api/v1/courses…` and `/api/v1/me/enrollments`: the published catalog with its
//! filters, one course by id or slug without answers, and a learner's own progress.

use reqwest::{header, Response};
use serde_json::Value;
use tta::accounts::{model::Role, tokens};

use super::support::*;
use crate::helpers::TestApp;

async fn get(app: &TestApp, path: &str) -> Response {
    reqwest::Client::new()
        .get(app.at(path))
        .send()
        .await
        .unwrap()
}

/// A JSON answer with its status, and the raw text (to search it for leaks).
async fn json(r: Response) -> (u16, Value, String) {
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = r.text().await.unwrap();
    assert!(
        ct.starts_with("application/json"),
        "JSON expected ({status}, {ct}): {text}"
    );
    let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON: {e}: {text}"));
    (status, v, text)
}

async fn slugs(app: &TestApp, query: &str) -> Vec<String> {
    let (status, v, _) = json(get(app, &format!("/api/v1/courses{query}")).await).await;
    assert_eq!(status, 200, "{query}: {v}");
    v["courses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_course_api_lists_published_courses_and_never_answers() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    // A short published course and a draft, next to the three shipped ones (2.5 to 3 hours).
    import_spec(&app, &small_course("quick-start", "Quick Start")).await;
    let mut draft = small_course("work-in-progress", "Work in Progress");
    draft.published = false;
    let draft_id = import_spec(&app, &draft).await;

    let all = slugs(&app, "").await;
    assert_eq!(all.len(), 4, "{all:?}");
    assert!(
        !all.contains(&"work-in-progress".to_string()),
        "drafts are not listed"
    );
    // Each filter narrows; they combine.
    assert_eq!(
        slugs(&app, "?topic=trauma_informed").await,
        ["trauma-informed-approach"]
    );
    assert_eq!(
        slugs(&app, "?audience=legal").await,
        ["rights-based-work-with-survivors"]
    );
    assert_eq!(
        slugs(&app, "?topic=housing&audience=shelter").await.len(),
        2,
        "voluntary services and quick start"
    );
    assert_eq!(slugs(&app, "?language=en").await.len(), 4);
    assert!(slugs(&app, "?language=es").await.is_empty());
    assert_eq!(slugs(&app, "?length=short").await, ["quick-start"]);
    assert_eq!(slugs(&app, "?length=medium").await.len(), 3);
    assert!(slugs(&app, "?length=long").await.is_empty());
    assert_eq!(
        slugs(&app, "?q=trafficker").await.len(),
        1,
        "words search titles, summaries and objectives"
    );
    // Unknown filter values are errors, in JSON, naming the value.
    for (query, words) in [
        ("?topic=astrology", "unknown topic \"astrology\""),
        ("?audience=aliens", "unknown audience"),
        ("?language=fr", "unknown language"),
        ("?length=forever", "unknown length"),
    ] {
        let (status, v, _) = json(get(&app, &format!("/api/v1/courses{query}")).await).await;
        assert_eq!(status, 400, "{query}");
        assert!(
            v["error"].as_str().unwrap_or_default().contains(words),
            "{query}: {v}"
        );
    }

    // One course, by id and by slug: the same outline, and no answers anywhere.
    let c = course(&app, SLUG).await;
    let (status, by_id, text) = json(get(&app, &format!("/api/v1/courses/{}", c.id)).await).await;
    assert_eq!(status, 200);
    let (_, by_slug, _) = json(get(&app, &format!("/api/v1/courses/{SLUG}")).await).await;
    assert_eq!(by_id, by_slug);
    assert_eq!(by_id["title"], "Voluntary Services in Practice");
    assert_eq!(by_id["hours"], "2.5");
    assert_eq!(by_id["pretest_questions"], 8);
    assert_eq!(by_id["posttest_questions"], 8);
    let modules = by_id["modules"].as_array().unwrap();
    assert_eq!(modules.len(), 3);
    assert_eq!(
        modules
            .iter()
            .map(|m| m["lessons"].as_array().unwrap().len())
            .sum::<usize>(),
        7
    );
    assert!(
        !text.contains("correct"),
        "no answers in the course JSON: {text}"
    );
    assert!(
        !text.contains("feedback") && !text.contains("choices"),
        "{text}"
    );
    let (_, _, list_text) = json(get(&app, "/api/v1/courses").await).await;
    assert!(!list_text.contains("correct"));
    // Drafts and unknown courses are not found.
    for path in [
        format!("/api/v1/courses/{draft_id}"),
        "/api/v1/courses/work-in-progress".into(),
        "/api/v1/courses/999999".into(),
        "/api/v1/courses/no-such-course".into(),
    ] {
        let (status, _, _) = json(get(&app, &path).await).await;
        assert_eq!(status, 404, "{path}");
    }
    // Nor can a learner reach a draft through the pages.
    let l = Learner::new(&app, "drew.draft@example.org", Role::Learner).await;
    assert_eq!(l.get(&app, "/courses/work-in-progress").await.status(), 404);
    assert_eq!(
        l.post(&app, "/courses/work-in-progress/enroll", &[])
            .await
            .status(),
        404
    );
    assert_eq!(n(&app, "SELECT COUNT(*) FROM enrollments").await, 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_enrollments_shows_progress_and_certificates_with_a_token() {
    let app = TestApp::spawn().await;
    import_shipped(&app).await;
    let l = Learner::new(&app, "tara.token@example.org", Role::Learner).await;
    let cert = l.complete(&app, SLUG).await;
    let trauma = course(&app, "trauma-informed-approach").await;
    l.enroll(&app, &trauma.slug).await;
    l.take_test(&app, &trauma, "pre", 3).await;
    let (_, token) = tokens::create(&app.state.db, l.id, "progress")
        .await
        .unwrap();

    // Without a token, or with only the session cookie: 401, in JSON.
    let (status, v, _) = json(get(&app, "/api/v1/me/enrollments").await).await;
    assert_eq!(status, 401, "{v}");
    assert_eq!(l.get(&app, "/api/v1/me/enrollments").await.status(), 401);

    let r = reqwest::Client::new()
        .get(app.at("/api/v1/me/enrollments"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let (status, v, text) = json(r).await;
    assert_eq!(status, 200);
    let list = v["enrollments"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{v}");
    let find = |slug: &str| {
        list.iter()
            .find(|e| e["course"]["slug"] == slug)
            .unwrap_or_else(|| panic!("{slug} in {v}"))
    };
    let done = find(SLUG);
    assert!(done["completed_at"].is_string(), "{done}");
    assert_eq!(done["progress"]["completed"], true);
    assert_eq!(done["progress"]["percent"], 100);
    assert_eq!(done["progress"]["lessons_viewed"], 7);
    assert_eq!(done["progress"]["pretest_score"], 50);
    assert_eq!(done["progress"]["posttest_score"], 100);
    assert_eq!(done["certificate"]["code"], cert.code);
    assert_eq!(done["certificate"]["revoked"], false);
    assert_eq!(
        done["certificate"]["url"],
        format!("{}/certificates/{}", app.state.cfg.base_url, cert.code)
    );
    let started = find("trauma-informed-approach");
    assert!(started["completed_at"].is_null());
    assert!(started["certificate"].is_null());
    assert_eq!(started["progress"]["pretest_done"], true);
    assert_eq!(started["progress"]["lessons_viewed"], 0);
    let percent = started["progress"]["percent"].as_i64().unwrap();
    assert!((1..100).contains(&percent), "part-way: {percent}");
    assert!(!text.contains("correct"), "no answers: {text}");

    // Another learner's token sees only their own.
    let other = app.user("owen.other@example.org", Role::Learner).await;
    let (_, t2) = tokens::create(&app.state.db, other, "t").await.unwrap();
    let r = reqwest::Client::new()
        .get(app.at("/api/v1/me/enrollments"))
        .bearer_auth(&t2)
        .send()
        .await
        .unwrap();
    let (_, v, _) = json(r).await;
    assert_eq!(v["enrollments"].as_array().unwrap().len(), 0);
    app.stop().await;
}
