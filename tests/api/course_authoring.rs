//! Course authoring: staff write a course through the pages under /staff/courses. Every
//! change goes through the one save path; bad input is refused beside its field with what
//! was typed kept and nothing saved; publishing checks the whole course.

use reqwest::{Client, Response};
use tta::{
    accounts::model::Role,
    courses::{
        model,
        spec::{CourseSpec, ModuleSpec},
    },
};

use crate::helpers::{count, location, text_of, value_of, TestApp};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A valid details form.
const DETAILS: &[(&str, &str)] = &[
    ("title", "Voluntary Services in Practice"),
    ("slug", ""),
    (
        "summary",
        "Why services must never be a condition of housing.",
    ),
    (
        "objectives",
        "Explain why services are voluntary.\r\n\r\n  Rewrite a mandatory rule as an offer.  \r\n",
    ),
    ("audience", "shelter"),
    ("audience", "case_management"),
    ("topics", "voluntary_services"),
    ("topics", "housing"),
    ("language", "en"),
    ("hours", "2.5"),
    ("ce_hours", "2"),
    ("passing_score", "80"),
    ("max_attempts", "3"),
];

/// The details form with every `field` replaced by `values` (dropped when empty).
fn details_with<'a>(field: &'a str, values: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = DETAILS
        .iter()
        .copied()
        .filter(|(k, _)| *k != field)
        .collect();
    out.extend(values.iter().map(|v| (field, *v)));
    out
}

async fn staff(app: &TestApp) -> Client {
    app.as_role("author@example.org", Role::Staff).await.1
}

async fn create_course(app: &TestApp, c: &Client, fields: &[(&str, &str)]) -> i64 {
    let r = app
        .post(c, "/staff/courses/new", "/staff/courses/new", fields)
        .await;
    assert_eq!(
        r.status(),
        303,
        "creating a course: {}",
        r.text().await.unwrap_or_default()
    );
    let loc = location(&r);
    loc.strip_prefix("/staff/courses/")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("expected /staff/courses/{{id}}, got {loc:?}"))
}

async fn spec(app: &TestApp, id: i64) -> CourseSpec {
    model::load_spec(&app.state.db, id).await.unwrap().unwrap()
}

async fn n(app: &TestApp, sql: &str) -> i64 {
    count(&app.state.db, sql).await
}

async fn edits(app: &TestApp, id: i64) -> i64 {
    n(app, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'course_edited' AND target = 'course:{id}'")).await
}

fn doc(html: &str) -> scraper::Html {
    scraper::Html::parse_document(html)
}

fn texts(html: &str, css: &str) -> Vec<String> {
    let d = doc(html);
    let sel = scraper::Selector::parse(css).unwrap();
    d.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn has(html: &str, css: &str) -> bool {
    let d = doc(html);
    let sel = scraper::Selector::parse(css).unwrap();
    let found = d.select(&sel).next().is_some();
    found
}

/// The message beside a field, without the hidden "Error:" before it.
fn error_beside(html: &str, field: &str) -> Option<String> {
    text_of(html, &format!("#f-{field}-error"))
        .map(|t| t.trim_start_matches("Error:").trim().to_string())
}

/// The problems listed in the error summary.
fn summary(html: &str) -> Vec<String> {
    texts(html, ".error-summary li")
}

fn lesson_slugs(spec: &CourseSpec) -> Vec<Vec<String>> {
    spec.modules
        .iter()
        .map(|m| m.lessons.iter().map(|l| l.slug.clone()).collect())
        .collect()
}

async fn post_owned(
    app: &TestApp,
    c: &Client,
    path: &str,
    page: &str,
    fields: &[(String, String)],
) -> Response {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post(c, path, page, &borrowed).await
}

/// Adds a lesson through the form and returns its slug.
async fn add_lesson(app: &TestApp, c: &Client, id: i64, module: usize, title: &str) -> String {
    let m = module.to_string();
    let r = app
        .post(
            c,
            &format!("/staff/courses/{id}/lessons/new"),
            &format!("/staff/courses/{id}/lessons/new?module={module}"),
            &[
                ("module", &m),
                ("title", title),
                ("slug", ""),
                ("body", "Services are offered, never required."),
                ("resources", ""),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        303,
        "adding lesson {title}: {}",
        r.text().await.unwrap_or_default()
    );
    let loc = location(&r);
    loc.strip_prefix(&format!("/staff/courses/{id}/lessons/"))
        .and_then(|s| s.strip_suffix("/edit"))
        .unwrap_or_else(|| panic!("unexpected {loc}"))
        .to_string()
}

/// A question form: (text, correct) per choice; feedback for the first.
fn question(prompt: &str, choices: &[(&str, bool)], multiple: bool) -> Vec<(String, String)> {
    let mut f = vec![("prompt".to_string(), prompt.to_string())];
    if multiple {
        f.push(("multiple".into(), "1".into()));
    }
    for (i, (text, correct)) in choices.iter().enumerate() {
        f.push((format!("choice-{i}"), text.to_string()));
        if *correct {
            f.push((format!("correct-{i}"), "1".into()));
        }
        f.push((
            format!("feedback-{i}"),
            if i == 0 {
                "Think about who holds the power.\r\n".into()
            } else {
                String::new()
            },
        ));
    }
    f
}

/// Adds a question to a list (checks or a test) through the form.
async fn add_question(app: &TestApp, c: &Client, base: &str, fields: &[(String, String)]) {
    let r = post_owned(
        app,
        c,
        &format!("{base}/new"),
        &format!("{base}/new"),
        fields,
    )
    .await;
    assert_eq!(
        r.status(),
        303,
        "adding a question at {base}: {}",
        r.text().await.unwrap_or_default()
    );
}

const GOOD_CHOICES: &[(&str, bool)] = &[
    ("Keeps her phone in the office", false),
    ("Lets her keep it and offers safety planning", true),
];

/// A course with one lesson and a question in each test: ready to publish.
async fn complete_course(app: &TestApp, c: &Client) -> i64 {
    let id = create_course(app, c, DETAILS).await;
    add_lesson(app, c, id, 0, "What voluntary means").await;
    for part in ["pre", "post"] {
        add_question(
            app,
            c,
            &format!("/staff/courses/{id}/tests/{part}/questions"),
            &question("What does a voluntary program do?", GOOD_CHOICES, false),
        )
        .await;
    }
    id
}

// ---------------------------------------------------------------------------------------
// Creating and listing
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_create_a_course_through_the_forms() {
    let app = TestApp::spawn().await;
    let (uid, c) = app.as_role("author@example.org", Role::Staff).await;

    let html = app.get(&c, "/staff/courses").await.text().await.unwrap();
    assert!(has(&html, "a[href='/staff/courses/new']"));
    let r = app.get(&c, "/staff/courses/new").await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert_eq!(
        value_of(&html, "#f-passing_score").as_deref(),
        Some("80"),
        "sensible defaults"
    );
    assert_eq!(value_of(&html, "#f-max_attempts").as_deref(), Some("0"));

    let id = create_course(&app, &c, DETAILS).await;
    let s = spec(&app, id).await;
    assert_eq!(
        s.slug, "voluntary-services-in-practice",
        "the slug is suggested from the title"
    );
    assert_eq!(s.title, "Voluntary Services in Practice");
    assert_eq!(
        s.objectives,
        [
            "Explain why services are voluntary.",
            "Rewrite a mandatory rule as an offer."
        ]
    );
    assert_eq!(s.audience, ["shelter", "case_management"]);
    assert_eq!(s.topics, ["voluntary_services", "housing"]);
    assert_eq!(
        (
            s.language.as_str(),
            s.hours_x100,
            s.ce_hours_x100,
            s.passing_score,
            s.max_attempts
        ),
        ("en", 250, 200, 80, 3)
    );
    assert!(!s.published, "a new course is a draft");
    assert_eq!(
        s.modules,
        [ModuleSpec {
            title: "Module 1".into(),
            lessons: vec![]
        }]
    );
    assert!(s.pretest.is_empty() && s.posttest.is_empty());
    assert_eq!(n(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'course_edited' AND target = 'course:{id}' AND actor_id = {uid}")).await, 1);
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM courses WHERE id = {id} AND created_by = {uid}")
        )
        .await,
        1
    );

    let r = app.get(&c, &format!("/staff/courses/{id}")).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert_eq!(
        text_of(&html, "h1").as_deref(),
        Some("Voluntary Services in Practice")
    );
    assert_eq!(
        text_of(&html, ".flash").as_deref(),
        Some("The course is created as a draft.")
    );
    assert!(texts(&html, "h3").iter().any(|h| h == "Module 1"));

    // A slug typed by hand is kept; the list shows every course, drafts included.
    let mut es = details_with("slug", &["servicios-voluntarios"]);
    es.retain(|(k, _)| *k != "language" && *k != "title");
    es.extend([("language", "es"), ("title", "Servicios voluntarios")]);
    let id2 = create_course(&app, &c, &es).await;
    assert_eq!(spec(&app, id2).await.slug, "servicios-voluntarios");
    let html = app.get(&c, "/staff/courses").await.text().await.unwrap();
    let rows = texts(&html, "tbody tr");
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].contains("Servicios voluntarios") && rows[0].contains("Draft"),
        "{rows:?}"
    );
    for href in [
        format!("/staff/courses/{id}"),
        format!("/staff/courses/{id}/edit"),
        format!("/staff/courses/{id}/report"),
    ] {
        assert!(has(&html, &format!("a[href='{href}']")), "{href}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn details_form_refuses_bad_input_keeps_it_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let id = create_course(&app, &c, DETAILS).await;
    let edit = format!("/staff/courses/{id}/edit");
    let before = spec(&app, id).await;
    let edits_before = edits(&app, id).await;

    let html = app.get(&c, &edit).await.text().await.unwrap();
    assert_eq!(value_of(&html, "#f-hours").as_deref(), Some("2.5"));
    assert!(
        !has(&html, "#f-slug"),
        "the slug cannot be changed once made"
    );

    let cases: &[(&str, &[&str], &str)] = &[
        ("title", &[""], "Enter a title."),
        ("summary", &["   "], "Enter a summary."),
        (
            "hours",
            &["abc"],
            "Enter the hours as a number more than 0, like 1.5.",
        ),
        (
            "hours",
            &["1.234"],
            "Enter the hours as a number more than 0, like 1.5.",
        ),
        (
            "ce_hours",
            &["-1"],
            "Enter the hours as a number, like 1.5, or 0.",
        ),
        (
            "passing_score",
            &["0"],
            "Enter a whole number from 1 to 100.",
        ),
        (
            "passing_score",
            &["101"],
            "Enter a whole number from 1 to 100.",
        ),
        (
            "max_attempts",
            &["-2"],
            "Enter a whole number: 0 for unlimited, or the number of attempts.",
        ),
        (
            "topics",
            &["housing", "astrology"],
            "Choose only from the list.",
        ),
        ("topics", &[], "Choose at least one topic."),
        (
            "audience",
            &["shelter", "spaceport"],
            "Choose only from the list.",
        ),
        ("language", &["fr"], "Choose a language from the list."),
    ];
    for (field, values, message) in cases {
        let mut fields = details_with(field, values);
        // Another change in the same form, which must not be saved either.
        if *field != "title" {
            fields.retain(|(k, _)| *k != "title");
            fields.push(("title", "A title that must not be saved"));
        }
        let r = app.post(&c, &edit, &edit, &fields).await;
        assert_eq!(r.status(), 422, "{field}={values:?}");
        let html = r.text().await.unwrap();
        assert_eq!(
            error_beside(&html, field).as_deref(),
            Some(*message),
            "{field}={values:?}"
        );
        assert!(
            summary(&html).iter().any(|s| s == message),
            "{field}: the summary lists it"
        );
        match *field {
            "topics" | "audience" => {
                let checked: Vec<String> = doc(&html)
                    .select(
                        &scraper::Selector::parse(&format!("input[name={field}][checked]"))
                            .unwrap(),
                    )
                    .filter_map(|e| e.value().attr("value").map(String::from))
                    .collect();
                assert_eq!(
                    checked,
                    values
                        .iter()
                        .take(1)
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>(),
                    "{field}: the known choice stays ticked"
                );
            }
            "summary" => assert_eq!(text_of(&html, "#f-summary").as_deref(), Some(""), "summary"),
            "language" => {}
            _ => assert_eq!(
                value_of(&html, &format!("#f-{field}")).as_deref(),
                Some(values[0]),
                "{field}: what was typed is kept"
            ),
        }
        if *field != "title" {
            assert_eq!(
                value_of(&html, "#f-title").as_deref(),
                Some("A title that must not be saved")
            );
        }
        assert!(
            text_of(&html, "#f-objectives")
                .unwrap()
                .contains("Rewrite a mandatory rule"),
            "{field}: the textarea keeps its text"
        );
    }
    assert_eq!(spec(&app, id).await, before, "nothing was saved");
    assert_eq!(edits(&app, id).await, edits_before);

    // A good edit is saved.
    let mut fields = details_with("passing_score", &["75"]);
    fields.retain(|(k, _)| *k != "title");
    fields.push(("title", "Voluntary Services, in Practice"));
    let r = app.post(&c, &edit, &edit, &fields).await;
    assert_eq!(r.status(), 303);
    let s = spec(&app, id).await;
    assert_eq!(
        (s.title.as_str(), s.passing_score, s.slug.as_str()),
        (
            "Voluntary Services, in Practice",
            75,
            "voluntary-services-in-practice"
        )
    );
    assert_eq!(edits(&app, id).await, edits_before + 1);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_course_slugs_must_follow_the_rule_and_be_unique() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    create_course(&app, &c, DETAILS).await;
    let courses = n(&app, "SELECT COUNT(*) FROM courses").await;

    let dup =
        "Another course already uses “voluntary-services-in-practice”; choose a different slug.";
    let rule = "Use lowercase letters, digits and hyphens only, not starting or ending with a hyphen, at most 80 characters.";
    let long = "a".repeat(81);
    let cases: Vec<(Vec<(&str, &str)>, &str, &str)> = vec![
        (details_with("slug", &["Bad Slug!"]), "Bad Slug!", rule),
        (details_with("slug", &["-leading"]), "-leading", rule),
        (details_with("slug", &[long.as_str()]), long.as_str(), rule),
        // The same title suggests the same slug, which is taken.
        (DETAILS.to_vec(), "", dup),
        (
            details_with("slug", &["voluntary-services-in-practice"]),
            "voluntary-services-in-practice",
            dup,
        ),
    ];
    for (fields, typed, message) in &cases {
        let r = app
            .post(&c, "/staff/courses/new", "/staff/courses/new", fields)
            .await;
        assert_eq!(r.status(), 422, "{typed}");
        let html = r.text().await.unwrap();
        assert_eq!(
            error_beside(&html, "slug").as_deref(),
            Some(*message),
            "{typed}"
        );
        assert_eq!(value_of(&html, "#f-slug").as_deref(), Some(*typed));
        assert_eq!(
            value_of(&html, "#f-title").as_deref(),
            Some("Voluntary Services in Practice")
        );
        assert_eq!(value_of(&html, "#f-hours").as_deref(), Some("2.5"));
    }
    // A title with no Latin letters needs a slug typed by hand.
    let mut fields = details_with("title", &["日本語のコース"]);
    fields.retain(|(k, _)| *k != "slug");
    let r = app
        .post(&c, "/staff/courses/new", "/staff/courses/new", &fields)
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        error_beside(&r.text().await.unwrap(), "slug").as_deref(),
        Some("Enter a slug: the title has no letters to make one from.")
    );
    // Several problems at once are all shown.
    let mut fields = details_with("hours", &["lots"]);
    fields.retain(|(k, _)| *k != "title");
    fields.push(("title", ""));
    let r = app
        .post(&c, "/staff/courses/new", "/staff/courses/new", &fields)
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        error_beside(&html, "title").is_some()
            && error_beside(&html, "hours").is_some()
            && error_beside(&html, "slug").is_some()
    );

    assert_eq!(
        n(&app, "SELECT COUNT(*) FROM courses").await,
        courses,
        "nothing was created"
    );
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// The outline
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modules_and_lessons_are_added_renamed_reordered_and_deleted() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let id = create_course(&app, &c, DETAILS).await;
    let outline = format!("/staff/courses/{id}");
    let modules = format!("{outline}/modules");

    // Modules: one named, one left to its default name.
    assert_eq!(
        app.post(
            &c,
            &modules,
            &outline,
            &[("title", "Putting it into practice")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        app.post(&c, &modules, &outline, &[("title", "  ")])
            .await
            .status(),
        303
    );
    let titles: Vec<String> = spec(&app, id)
        .await
        .modules
        .iter()
        .map(|m| m.title.clone())
        .collect();
    assert_eq!(titles, ["Module 1", "Putting it into practice", "Module 3"]);

    // Renaming; an empty name is refused beside that module's box.
    assert_eq!(
        app.post(
            &c,
            &format!("{modules}/0/rename"),
            &outline,
            &[("title", "Why voluntary")]
        )
        .await
        .status(),
        303
    );
    let r = app
        .post(
            &c,
            &format!("{modules}/1/rename"),
            &outline,
            &[("title", "")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(
        error_beside(&html, "module-1").as_deref(),
        Some("Enter a title.")
    );
    assert_eq!(value_of(&html, "#f-module-1").as_deref(), Some(""));
    assert_eq!(
        value_of(&html, "#f-module-0").as_deref(),
        Some("Why voluntary")
    );
    assert_eq!(
        spec(&app, id).await.modules[1].title,
        "Putting it into practice"
    );
    assert_eq!(
        app.post(
            &c,
            &format!("{modules}/9/rename"),
            &outline,
            &[("title", "Nowhere")]
        )
        .await
        .status(),
        404
    );

    // Lessons, with slugs from their titles.
    let a = add_lesson(&app, &c, id, 0, "What voluntary means").await;
    let b = add_lesson(&app, &c, id, 0, "Rules that control").await;
    let o = add_lesson(&app, &c, id, 1, "Offering, not requiring").await;
    assert_eq!(
        (a.as_str(), b.as_str(), o.as_str()),
        (
            "what-voluntary-means",
            "rules-that-control",
            "offering-not-requiring"
        )
    );
    assert_eq!(
        lesson_slugs(&spec(&app, id).await),
        [vec![a.clone(), b.clone()], vec![o.clone()], vec![]]
    );

    // A lesson slug must be unique in the course and follow the rule.
    let new = format!("/staff/courses/{id}/lessons/new");
    let new_page = format!("{new}?module=1");
    for (slug, title, message) in [
        ("", "What voluntary means", "Another lesson in this course already uses “what-voluntary-means”; choose a different slug."),
        ("rules-that-control", "Other", "Another lesson in this course already uses “rules-that-control”; choose a different slug."),
        ("No Spaces", "Other", "Use lowercase letters, digits and hyphens only, not starting or ending with a hyphen, at most 80 characters."),
    ] {
        let r = app.post(&c, &new, &new_page, &[("module", "1"), ("title", title), ("slug", slug), ("body", "Typed text"), ("action", "save")]).await;
        assert_eq!(r.status(), 422, "{slug}");
        let html = r.text().await.unwrap();
        assert_eq!(error_beside(&html, "slug").as_deref(), Some(message));
        assert_eq!(text_of(&html, "#f-body").as_deref(), Some("Typed text"));
    }

    // Lesson text and resources are checked line by line.
    let edit = format!("/staff/courses/{id}/lessons/{a}/edit");
    let body_before = spec(&app, id).await.modules[0].lessons[0].clone();
    for (body, resources, field, expect) in [
        ("Intro\n\n## Check: sneaky", "", "body", "The text cannot contain the line “## Check: sneaky”: the course files use it to start a section. Change the heading."),
        ("Fine", "Toolkit https://example.org/t.pdf", "resources", "Line 1: write the title, a “|” and the address."),
        ("Fine", "Toolkit | https://example.org/t.pdf\nOld site | http://example.org", "resources", "Line 2: the address must start with https:// (or with / for a page on this site) and have no spaces."),
        ("Fine", " | https://example.org", "resources", "Line 1: the title is missing, longer than 200 characters, or contains “](”."),
        ("Fine", "Elsewhere | //evil.example", "resources", "Line 1: the address must start with https:// (or with / for a page on this site) and have no spaces."),
    ] {
        let r = app.post(&c, &edit, &edit, &[("title", "Changed"), ("body", body), ("resources", resources), ("action", "save")]).await;
        assert_eq!(r.status(), 422, "{body} / {resources}");
        let html = r.text().await.unwrap();
        assert_eq!(error_beside(&html, field).as_deref(), Some(expect));
        assert_eq!(value_of(&html, "#f-title").as_deref(), Some("Changed"));
    }
    assert_eq!(
        spec(&app, id).await.modules[0].lessons[0],
        body_before,
        "nothing was saved"
    );
    let r = app
        .post(&c, &edit, &edit, &[
            ("title", "What voluntary really means"),
            ("body", "\r\n\r\nServices are offered.\r\n\r\n## A heading\r\n\r\n"),
            ("resources", "Toolkit | https://example.org/toolkit.pdf\r\n\r\nOur policy | /resources/policy\r\n"),
            ("action", "save"),
        ])
        .await;
    assert_eq!(r.status(), 303);
    let l = spec(&app, id).await.modules[0].lessons[0].clone();
    assert_eq!(
        (l.slug.as_str(), l.title.as_str(), l.body.as_str()),
        (
            "what-voluntary-means",
            "What voluntary really means",
            "Services are offered.\n\n## A heading"
        )
    );
    assert_eq!(
        l.resources
            .iter()
            .map(|r| (r.title.as_str(), r.url.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Toolkit", "https://example.org/toolkit.pdf"),
            ("Our policy", "/resources/policy")
        ]
    );
    let html = app.get(&c, &edit).await.text().await.unwrap();
    assert_eq!(
        text_of(&html, "#f-resources").as_deref(),
        Some("Toolkit | https://example.org/toolkit.pdf\nOur policy | /resources/policy")
    );

    // Moving lessons crosses module boundaries.
    let mv = |slug: &str| format!("/staff/courses/{id}/lessons/{slug}/move");
    assert_eq!(
        app.post(&c, &mv(&o), &outline, &[("dir", "up")])
            .await
            .status(),
        303
    );
    assert_eq!(
        lesson_slugs(&spec(&app, id).await),
        [vec![a.clone(), b.clone(), o.clone()], vec![], vec![]]
    );
    assert_eq!(
        app.post(&c, &mv(&a), &outline, &[("dir", "down")])
            .await
            .status(),
        303
    );
    assert_eq!(
        lesson_slugs(&spec(&app, id).await),
        [vec![b.clone(), a.clone(), o.clone()], vec![], vec![]]
    );
    assert_eq!(
        app.post(&c, &mv(&o), &outline, &[("dir", "down")])
            .await
            .status(),
        303
    );
    assert_eq!(
        lesson_slugs(&spec(&app, id).await),
        [vec![b.clone(), a.clone()], vec![o.clone()], vec![]]
    );
    assert_eq!(
        app.post(&c, &mv(&b), &outline, &[("dir", "up")])
            .await
            .status(),
        303,
        "the first lesson stays first"
    );
    assert_eq!(
        app.post(&c, &mv("no-such-lesson"), &outline, &[("dir", "up")])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.post(&c, &mv(&b), &outline, &[("dir", "sideways")])
            .await
            .status(),
        400
    );

    // The outline lists lessons in order.
    let html = app.get(&c, &outline).await.text().await.unwrap();
    assert_eq!(
        texts(&html, ".author-module .author-items > li > a"),
        [
            "Rules that control",
            "What voluntary really means",
            "Offering, not requiring"
        ]
    );

    // Moving modules.
    assert_eq!(
        app.post(&c, &format!("{modules}/1/move"), &outline, &[("dir", "up")])
            .await
            .status(),
        303
    );
    let s = spec(&app, id).await;
    assert_eq!(
        s.modules
            .iter()
            .map(|m| m.title.as_str())
            .collect::<Vec<_>>(),
        ["Putting it into practice", "Why voluntary", "Module 3"]
    );
    assert_eq!(
        lesson_slugs(&s),
        [vec![o.clone()], vec![b.clone(), a.clone()], vec![]]
    );

    // A module with lessons is not deleted; an empty one is.
    let r = app
        .post(&c, &format!("{modules}/0/delete"), &outline, &[])
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        summary(&r.text().await.unwrap()),
        ["The module “Putting it into practice” still has lessons. Move or delete them first."]
    );
    assert_eq!(spec(&app, id).await.modules.len(), 3);
    assert_eq!(
        app.post(&c, &format!("{modules}/2/delete"), &outline, &[])
            .await
            .status(),
        303
    );
    assert_eq!(spec(&app, id).await.modules.len(), 2);

    // Deleting a lesson asks first.
    let del = format!("/staff/courses/{id}/lessons/{b}/delete");
    let r = app.get(&c, &del).await;
    assert_eq!(r.status(), 200);
    assert!(has(
        &r.text().await.unwrap(),
        "input#f-confirm[type=checkbox]"
    ));
    let r = app.post(&c, &del, &del, &[]).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        error_beside(&r.text().await.unwrap(), "confirm").as_deref(),
        Some("Tick the box to confirm.")
    );
    assert_eq!(
        lesson_slugs(&spec(&app, id).await),
        [vec![o.clone()], vec![b.clone(), a.clone()]]
    );
    let r = app.post(&c, &del, &del, &[("confirm", "1")]).await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, outline.clone()));
    assert_eq!(
        lesson_slugs(&spec(&app, id).await),
        [vec![o.clone()], vec![a.clone()]]
    );
    assert_eq!(app.get(&c, &del).await.status(), 404);

    let details = texts_of_audit(&app, id).await;
    for want in [
        "module added",
        "module 1 renamed",
        "lesson offering-not-requiring moved",
        "module 2 moved",
        "module 3 deleted",
        "lesson rules-that-control deleted",
    ] {
        assert!(details.iter().any(|d| d == want), "{want} in {details:?}");
    }
    app.stop().await;
}

async fn texts_of_audit(app: &TestApp, id: i64) -> Vec<String> {
    sqlx::query_scalar::<_, String>(
        "SELECT detail FROM audit_log WHERE action = 'course_edited' AND target = $1 ORDER BY id",
    )
    .bind(format!("course:{id}"))
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lesson_preview_shows_the_text_without_saving_it() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let id = create_course(&app, &c, DETAILS).await;
    let slug = add_lesson(&app, &c, id, 0, "What voluntary means").await;
    let edit = format!("/staff/courses/{id}/lessons/{slug}/edit");

    let html = app.get(&c, &edit).await.text().await.unwrap();
    assert_eq!(
        text_of(&html, ".author-preview-body").as_deref(),
        Some("Services are offered, never required.")
    );

    let body = "## Why\n\nServices are *offered*.\n\nhttps://www.youtube.com/watch?v=abc123\n\n<script>alert(1)</script>";
    let r = app
        .post(
            &c,
            &edit,
            &edit,
            &[
                ("title", "What voluntary means"),
                ("body", body),
                ("resources", ""),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        has(&html, ".author-preview-body em"),
        "Markdown is rendered"
    );
    assert!(
        has(
            &html,
            ".author-preview-body iframe[src='https://www.youtube-nocookie.com/embed/abc123']"
        ),
        "a video line embeds the video"
    );
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "the preview is sanitized"
    );
    assert_eq!(
        text_of(&html, "#f-body").as_deref(),
        Some(body),
        "the typed text stays in the form"
    );
    assert_eq!(
        spec(&app, id).await.modules[0].lessons[0].body,
        "Services are offered, never required.",
        "a preview saves nothing"
    );
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Questions
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_are_checked_beside_their_fields_and_can_be_reordered() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let id = create_course(&app, &c, DETAILS).await;
    let slug = add_lesson(&app, &c, id, 0, "What voluntary means").await;
    let checks = format!("/staff/courses/{id}/lessons/{slug}/checks");
    let new = format!("{checks}/new");
    let edits_before = edits(&app, id).await;

    assert_eq!(app.get(&c, &new).await.status(), 200);
    let bad: Vec<(Vec<(String, String)>, &str, &str)> = vec![
        (question("Who decides?", &[("The program", false), ("The resident", false)], false), "choices", "Mark at least one choice as the correct answer."),
        (question("Who decides?", &[("The program", true), ("The resident", true)], false), "choices", "More than one choice is marked correct. Mark only one, or tick “Select all that apply”."),
        (question("Who decides?", &[("The resident", true)], false), "choices", "Give at least two choices."),
        (question("", GOOD_CHOICES, false), "prompt", "Enter the question."),
        (question(&"Why? ".repeat(120), GOOD_CHOICES, false), "prompt", "This is too long: use at most 500 characters."),
        (
            {
                let mut q = question("Who decides?", GOOD_CHOICES, false);
                q.push(("feedback-3".into(), "Feedback for a choice with no text".into()));
                q
            },
            "choice-3",
            "Enter the text of this choice, or clear the row.",
        ),
    ];
    for (fields, field, message) in &bad {
        let r = post_owned(&app, &c, &new, &new, fields).await;
        assert_eq!(r.status(), 422, "{message}");
        let html = r.text().await.unwrap();
        assert_eq!(error_beside(&html, field).as_deref(), Some(*message));
        let prompt = fields
            .iter()
            .find(|(k, _)| k == "prompt")
            .unwrap()
            .1
            .trim()
            .to_string();
        assert_eq!(
            value_of(&html, "#f-prompt").unwrap_or_default().trim(),
            prompt,
            "the prompt is kept"
        );
        assert_eq!(
            value_of(&html, "#f-choice-0").as_deref(),
            fields
                .iter()
                .find(|(k, _)| k == "choice-0")
                .map(|(_, v)| v.as_str())
        );
        assert_eq!(
            text_of(&html, "#f-feedback-0").as_deref(),
            Some("Think about who holds the power.")
        );
        let ticked = fields.iter().any(|(k, _)| k == "correct-0");
        assert_eq!(
            has(&html, "#f-correct-0[checked]"),
            ticked,
            "ticks are kept"
        );
    }
    assert!(
        spec(&app, id).await.modules[0].lessons[0].checks.is_empty(),
        "nothing was saved"
    );
    assert_eq!(edits(&app, id).await, edits_before);

    // Good ones: single answer, all that apply, optional.
    add_question(&app, &c, &checks, &question("First", GOOD_CHOICES, false)).await;
    add_question(
        &app,
        &c,
        &checks,
        &question(
            "Second",
            &[("Housing", true), ("Safety", true), ("Compliance", false)],
            true,
        ),
    )
    .await;
    let mut optional = question("Third", GOOD_CHOICES, false);
    optional.push(("optional".into(), "1".into()));
    add_question(&app, &c, &checks, &optional).await;
    let qs = spec(&app, id).await.modules[0].lessons[0].checks.clone();
    assert_eq!(
        qs.iter()
            .map(|q| (q.prompt.as_str(), q.multiple, q.required))
            .collect::<Vec<_>>(),
        [
            ("First", false, true),
            ("Second", true, true),
            ("Third", false, false)
        ]
    );
    assert_eq!(
        qs[0].choices[0].feedback,
        "Think about who holds the power."
    );
    assert_eq!(qs[1].choices.iter().filter(|c| c.correct).count(), 2);

    // The lesson page lists them; editing one keeps its place.
    let lesson_page = format!("/staff/courses/{id}/lessons/{slug}/edit");
    let html = app.get(&c, &lesson_page).await.text().await.unwrap();
    assert_eq!(
        texts(&html, ".author-items > li > a"),
        ["First", "Second", "Third"]
    );
    let html = app
        .get(&c, &format!("{checks}/1"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(value_of(&html, "#f-prompt").as_deref(), Some("Second"));
    assert!(
        has(&html, "#f-multiple[checked]")
            && has(&html, "#f-correct-1[checked]")
            && !has(&html, "#f-correct-2[checked]")
    );
    let r = post_owned(
        &app,
        &c,
        &format!("{checks}/1"),
        &format!("{checks}/1"),
        &question("Second, edited", GOOD_CHOICES, false),
    )
    .await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, lesson_page.clone())
    );
    let prompts = |s: CourseSpec| {
        s.modules[0].lessons[0]
            .checks
            .iter()
            .map(|q| q.prompt.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        prompts(spec(&app, id).await),
        ["First", "Second, edited", "Third"]
    );

    // Moving and deleting.
    assert_eq!(
        app.post(
            &c,
            &format!("{checks}/2/move"),
            &lesson_page,
            &[("dir", "up")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        prompts(spec(&app, id).await),
        ["First", "Third", "Second, edited"]
    );
    assert_eq!(
        app.post(
            &c,
            &format!("{checks}/0/move"),
            &lesson_page,
            &[("dir", "up")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        prompts(spec(&app, id).await),
        ["First", "Third", "Second, edited"],
        "the first stays first"
    );
    assert_eq!(
        app.post(&c, &format!("{checks}/0/delete"), &lesson_page, &[])
            .await
            .status(),
        303
    );
    assert_eq!(prompts(spec(&app, id).await), ["Third", "Second, edited"]);
    assert_eq!(app.get(&c, &format!("{checks}/5")).await.status(), 404);
    assert_eq!(
        app.post(&c, &format!("{checks}/5/delete"), &lesson_page, &[])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&c, &format!("/staff/courses/{id}/lessons/nope/checks/new"))
            .await
            .status(),
        404
    );

    // Test questions use the same editor; they are always required.
    let outline = format!("/staff/courses/{id}");
    let pre = format!("{outline}/tests/pre/questions");
    let mut q = question("Before: who decides?", GOOD_CHOICES, false);
    q.push(("optional".into(), "1".into()));
    add_question(&app, &c, &pre, &q).await;
    add_question(
        &app,
        &c,
        &pre,
        &question("Before: what is offered?", GOOD_CHOICES, false),
    )
    .await;
    let r = post_owned(
        &app,
        &c,
        &format!("{pre}/new"),
        &format!("{pre}/new"),
        &question("Bad", &[("Only", true)], false),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(
        !has(
            &app.get(&c, &format!("{pre}/new"))
                .await
                .text()
                .await
                .unwrap(),
            "#f-optional"
        ),
        "tests have no optional questions"
    );
    assert_eq!(
        app.post(&c, &format!("{pre}/1/move"), &outline, &[("dir", "up")])
            .await
            .status(),
        303
    );
    let s = spec(&app, id).await;
    assert_eq!(
        s.pretest
            .iter()
            .map(|q| (q.prompt.as_str(), q.required))
            .collect::<Vec<_>>(),
        [
            ("Before: what is offered?", true),
            ("Before: who decides?", true)
        ]
    );
    assert!(s.posttest.is_empty());
    let html = app.get(&c, &outline).await.text().await.unwrap();
    assert_eq!(
        texts(&html, "#pretest .author-items > li > a"),
        ["Before: what is offered?", "Before: who decides?"]
    );
    assert_eq!(
        app.get(&c, &format!("{outline}/tests/mid/questions/new"))
            .await
            .status(),
        404
    );
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Publishing
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incomplete_course_is_not_published_and_every_problem_is_listed() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let id = create_course(&app, &c, DETAILS).await;
    let outline = format!("/staff/courses/{id}");

    let r = app
        .post(&c, &format!("{outline}/publish"), &outline, &[])
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(
        summary(&html),
        [
            "The course needs at least one lesson.",
            "The module “Module 1” has no lessons: add one or delete the module.",
            "The pre-test needs at least one question.",
            "The post-test needs at least one question.",
        ]
    );
    assert!(!spec(&app, id).await.published);

    // Part way there: only what is still missing is listed.
    add_lesson(&app, &c, id, 0, "What voluntary means").await;
    add_question(
        &app,
        &c,
        &format!("{outline}/tests/post/questions"),
        &question("After?", GOOD_CHOICES, false),
    )
    .await;
    assert_eq!(
        app.post(
            &c,
            &format!("{outline}/modules"),
            &outline,
            &[("title", "Later")]
        )
        .await
        .status(),
        303
    );
    let r = app
        .post(&c, &format!("{outline}/publish"), &outline, &[])
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        summary(&r.text().await.unwrap()),
        [
            "The module “Later” has no lessons: add one or delete the module.",
            "The pre-test needs at least one question."
        ]
    );

    // Problems only the course files' rules know about are listed too.
    sqlx::query("UPDATE lessons SET title = $1 WHERE course_id = $2")
        .bind("Two\nlines")
        .bind(id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let r = app
        .post(&c, &format!("{outline}/publish"), &outline, &[])
        .await;
    assert_eq!(r.status(), 422);
    let problems = summary(&r.text().await.unwrap());
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[2].contains("what-voluntary-means"), "{problems:?}");
    assert!(!spec(&app, id).await.published);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complete_course_is_published_and_must_stay_complete() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let id = complete_course(&app, &c).await;
    let outline = format!("/staff/courses/{id}");

    let r = app
        .post(&c, &format!("{outline}/publish"), &outline, &[])
        .await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, outline.clone()));
    assert!(spec(&app, id).await.published);
    let html = app.get(&c, &outline).await.text().await.unwrap();
    assert_eq!(
        text_of(&html, ".flash").as_deref(),
        Some("The course is published.")
    );
    assert!(has(&html, &format!("form[action='{outline}/unpublish']")));
    assert!(texts(
        &app.get(&c, "/staff/courses").await.text().await.unwrap(),
        "tbody tr"
    )
    .iter()
    .any(|r| r.contains("Published")));

    // Changes that would leave it incomplete are refused while it is published.
    let before = spec(&app, id).await;
    let r = app
        .post(
            &c,
            &format!("{outline}/tests/post/questions/0/delete"),
            &outline,
            &[],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, ".error-summary p")
        .unwrap()
        .starts_with("This course is published, so it must stay complete."));
    assert_eq!(
        summary(&html),
        ["The post-test needs at least one question."]
    );
    let r = app
        .post(
            &c,
            &format!("{outline}/modules"),
            &outline,
            &[("title", "Coming soon")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let slug = &before.modules[0].lessons[0].slug;
    let del = format!("{outline}/lessons/{slug}/delete");
    let r = app.post(&c, &del, &del, &[("confirm", "1")]).await;
    assert_eq!(r.status(), 422);
    assert_eq!(spec(&app, id).await, before);

    // Ordinary edits are fine.
    let edit = format!("{outline}/lessons/{slug}/edit");
    let r = app
        .post(
            &c,
            &edit,
            &edit,
            &[
                ("title", "What voluntary means"),
                ("body", "Updated text."),
                ("resources", ""),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(spec(&app, id).await.published);

    // Unpublished, it may be incomplete again.
    assert_eq!(
        app.post(&c, &format!("{outline}/unpublish"), &outline, &[])
            .await
            .status(),
        303
    );
    assert!(!spec(&app, id).await.published);
    assert_eq!(
        app.post(
            &c,
            &format!("{outline}/tests/post/questions/0/delete"),
            &outline,
            &[]
        )
        .await
        .status(),
        303
    );
    assert!(spec(&app, id).await.posttest.is_empty());
    let details = texts_of_audit(&app, id).await;
    assert!(
        details.contains(&"published".to_string()) && details.contains(&"unpublished".to_string()),
        "{details:?}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_made_at_the_same_time_all_land() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let id = create_course(&app, &c, DETAILS).await;
    let outline = format!("/staff/courses/{id}");
    let token = app.csrf(&c, &outline).await;
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let (c, url, token) = (
                c.clone(),
                app.at(&format!("{outline}/modules")),
                token.clone(),
            );
            tokio::spawn(async move {
                c.post(url)
                    .form(&[("_csrf", token), ("title", format!("Parallel {i}"))])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 303);
    }
    let s = spec(&app, id).await;
    assert_eq!(s.modules.len(), 7, "no change overwrote another");
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Access
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_staff_may_author_courses() {
    let app = TestApp::spawn().await;
    let staff = staff(&app).await;
    let id = complete_course(&app, &staff).await;
    let (_, learner) = app.as_role("learner@example.org", Role::Learner).await;
    let (_, facilitator) = app
        .as_role("facilitator@example.org", Role::Facilitator)
        .await;
    let (_, admin) = app.as_role("admin@example.org", Role::Admin).await;

    for (who, c) in [("learner", &learner), ("facilitator", &facilitator)] {
        for path in [
            "/staff/courses".to_string(),
            "/staff/courses/new".to_string(),
            format!("/staff/courses/{id}"),
            format!("/staff/courses/{id}/edit"),
        ] {
            assert_eq!(app.get(c, &path).await.status(), 403, "{who} GET {path}");
        }
        let r = app
            .post(
                c,
                "/staff/courses/new",
                "/account",
                &details_with("slug", &["sneaky"]),
            )
            .await;
        assert_eq!(r.status(), 403, "{who} POST new");
        let r = app
            .post(c, &format!("/staff/courses/{id}/publish"), "/account", &[])
            .await;
        assert_eq!(r.status(), 403, "{who} POST publish");
    }
    assert_eq!(n(&app, "SELECT COUNT(*) FROM courses").await, 1);
    assert!(!spec(&app, id).await.published);

    let anonymous = app.client();
    let r = app.get(&anonymous, "/staff/courses").await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/signin?next="));

    assert_eq!(
        app.get(&admin, "/staff/courses").await.status(),
        200,
        "admins rank above staff"
    );
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Markup
// ---------------------------------------------------------------------------------------

/// What axe would catch first on these pages: repeated ids, form fields without a label,
/// descriptions that point nowhere, headings that skip a level, nameless buttons.
fn assert_sound(what: &str, html: &str) {
    let d = doc(html);
    let sel = |css: &str| scraper::Selector::parse(css).unwrap();
    let mut ids = std::collections::HashSet::new();
    for e in d.select(&sel("[id]")) {
        let id = e.value().attr("id").unwrap();
        assert!(
            ids.insert(id.to_string()),
            "{what}: the id {id} is used twice"
        );
    }
    for e in d.select(&sel("input:not([type=hidden]), select, textarea")) {
        let by_for = e.value().attr("id").is_some_and(|id| {
            d.select(&sel(&format!("label[for='{id}']")))
                .next()
                .is_some()
        });
        let wrapped = e.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|el| el.name() == "label")
        });
        assert!(by_for || wrapped, "{what}: {:?} has no label", e.value());
    }
    for e in d.select(&sel("input[type=checkbox]")) {
        let name = e.value().attr("name").unwrap();
        if d.select(&sel(&format!("input[type=checkbox][name='{name}']")))
            .count()
            > 1
        {
            assert!(
                e.ancestors().any(|a| a
                    .value()
                    .as_element()
                    .is_some_and(|el| el.name() == "fieldset")),
                "{what}: the {name} group needs a fieldset"
            );
        }
    }
    for e in d.select(&sel("[aria-describedby]")) {
        for target in e
            .value()
            .attr("aria-describedby")
            .unwrap()
            .split_whitespace()
        {
            assert!(
                ids.contains(target),
                "{what}: aria-describedby points at a missing #{target}"
            );
        }
    }
    for e in d.select(&sel("fieldset")) {
        assert!(
            e.children()
                .filter_map(|c| c.value().as_element())
                .any(|c| c.name() == "legend"),
            "{what}: a fieldset without a legend"
        );
    }
    let mut last = 0;
    for h in d.select(&sel("h1, h2, h3, h4, h5, h6")) {
        let level: usize = h.value().name()[1..].parse().unwrap();
        assert!(level <= last + 1, "{what}: an h{level} follows an h{last}");
        last = level;
    }
    assert_eq!(d.select(&sel("h1")).count(), 1, "{what}: one h1");
    for b in d.select(&sel("button")) {
        assert!(
            !b.text().collect::<String>().trim().is_empty(),
            "{what}: a button without a name"
        );
    }
    for t in d.select(&sel(".table-scroll")) {
        assert!(
            t.value().attr("tabindex") == Some("0")
                && t.value().attr("role") == Some("region")
                && t.value().attr("aria-label").is_some(),
            "{what}: scrolling table"
        );
    }
    assert!(
        !html.contains("style=") && !html.contains("<script"),
        "{what}: no inline styles or scripts"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_authoring_page_is_well_formed() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let id = complete_course(&app, &c).await;
    let o = format!("/staff/courses/{id}");
    let slug = spec(&app, id).await.modules[0].lessons[0].slug.clone();
    let checks = format!("{o}/lessons/{slug}/checks");
    add_question(&app, &c, &checks, &question("A check", GOOD_CHOICES, true)).await;
    assert_eq!(
        app.post(&c, &format!("{o}/modules"), &o, &[("title", "Second")])
            .await
            .status(),
        303
    );
    add_lesson(&app, &c, id, 1, "Another lesson").await;

    for path in [
        "/staff/courses".to_string(),
        "/staff/courses/new".to_string(),
        o.clone(),
        format!("{o}/edit"),
        format!("{o}/lessons/new?module=1"),
        format!("{o}/lessons/{slug}/edit"),
        format!("{o}/lessons/{slug}/delete"),
        format!("{checks}/new"),
        format!("{checks}/0"),
        format!("{o}/tests/pre/questions/new"),
        format!("{o}/tests/post/questions/0"),
    ] {
        let r = app.get(&c, &path).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_sound(&path, &r.text().await.unwrap());
    }
    // Pages showing errors, too.
    let mut fields = details_with("hours", &["x"]);
    fields.retain(|(k, _)| *k != "topics" && *k != "title");
    fields.push(("title", ""));
    let r = app
        .post(&c, &format!("{o}/edit"), &format!("{o}/edit"), &fields)
        .await;
    assert_eq!(r.status(), 422);
    assert_sound("details with errors", &r.text().await.unwrap());
    let r = app
        .post(
            &c,
            "/staff/courses/new",
            "/staff/courses/new",
            &details_with("slug", &["BAD"]),
        )
        .await;
    assert_sound("new course with errors", &r.text().await.unwrap());
    let r = app
        .post(&c, &format!("{o}/modules/0/rename"), &o, &[("title", "")])
        .await;
    assert_eq!(r.status(), 422);
    assert_sound("outline with a rename error", &r.text().await.unwrap());
    let r = app
        .post(&c, &format!("{o}/modules/0/delete"), &o, &[])
        .await;
    assert_eq!(r.status(), 422);
    assert_sound("outline with a refusal", &r.text().await.unwrap());
    let mut q = question("", &[("Only", false)], false);
    q.push(("feedback-4".into(), "orphan".into()));
    let r = post_owned(
        &app,
        &c,
        &format!("{checks}/new"),
        &format!("{checks}/new"),
        &q,
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_sound("question with errors", &r.text().await.unwrap());
    let r = app
        .post(
            &c,
            &format!("{o}/lessons/{slug}/edit"),
            &format!("{o}/lessons/{slug}/edit"),
            &[("title", ""), ("body", "x"), ("resources", "nope")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_sound("lesson with errors", &r.text().await.unwrap());
    let del = format!("{o}/lessons/{slug}/delete");
    let r = app.post(&c, &del, &del, &[]).await;
    assert_sound("delete without confirming", &r.text().await.unwrap());
    app.stop().await;
}
