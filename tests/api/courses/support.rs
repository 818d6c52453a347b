//! Shared steps for the course tests: importing the shipped courses, a signed-in learner
//! that keeps its CSRF token, and walking the pre-/post-test and lessons through the real
//! pages the way a browser would (reading form actions off each page).

use reqwest::{Client, Response};
use tta::{
    accounts::model::Role,
    certificates::Certificate,
    courses::{
        model::{self, Course, LessonRef, Question},
        spec::{ChoiceSpec, CourseSpec, LessonSpec, ModuleSpec, QuestionSpec},
    },
};

use crate::helpers::{count, csrf_from, location, name_for, TestApp};

/// The shipped course most tests use: 7 lessons in 3 modules, two checks per lesson (one
/// optional in lesson 1 and lesson 5), 8 pre-test and 8 post-test questions, 80% to pass,
/// 3 attempts, 2.5 hours.
pub const SLUG: &str = "voluntary-services-in-practice";

/// Imports the three shipped courses, as `tta demo` does, and returns them.
pub async fn import_shipped(app: &TestApp) -> Vec<CourseSpec> {
    let specs = tta::demo::shipped_courses().expect("the shipped courses read cleanly");
    assert_eq!(specs.len(), 3);
    tta::courses::cli::import(&app.state.db, &specs)
        .await
        .expect("import the shipped courses");
    specs
}

/// Saves one course built in a test, after checking it the way every import does.
pub async fn import_spec(app: &TestApp, spec: &CourseSpec) -> i64 {
    let problems = tta::courses::files::validate(spec);
    assert!(
        problems.is_empty(),
        "the test's course is valid: {problems:?}"
    );
    tta::courses::cli::import(&app.state.db, std::slice::from_ref(spec))
        .await
        .unwrap()[0]
}

pub async fn course(app: &TestApp, slug: &str) -> Course {
    model::by_slug(&app.state.db, slug)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no course {slug}"))
}

/// Lessons in the order a learner meets them.
pub async fn lessons(app: &TestApp, course: &Course) -> Vec<LessonRef> {
    model::outline(&app.state.db, course.id)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|m| m.lessons)
        .collect()
}

pub async fn checks(app: &TestApp, lesson_id: i64) -> Vec<Question> {
    model::lesson_checks(&app.state.db, lesson_id)
        .await
        .unwrap()
}

pub async fn questions(app: &TestApp, course: &Course, part: &str) -> Vec<Question> {
    model::test_questions(&app.state.db, course.id, part)
        .await
        .unwrap()
}

/// The right choices for a question.
pub fn right(q: &Question) -> Vec<usize> {
    q.choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.correct)
        .map(|(i, _)| i)
        .collect()
}

/// One wrong choice (a single wrong choice is wrong for either kind of question).
pub fn wrong(q: &Question) -> Vec<usize> {
    vec![q
        .choices
        .iter()
        .position(|c| !c.correct)
        .expect("a question has a wrong choice")]
}

/// A two-choice question for courses built in tests.
pub fn yes_no(prompt: &str) -> QuestionSpec {
    QuestionSpec {
        prompt: prompt.into(),
        multiple: false,
        required: true,
        choices: vec![
            ChoiceSpec {
                text: "Yes".into(),
                correct: true,
                feedback: "Right.".into(),
            },
            ChoiceSpec {
                text: "No".into(),
                correct: false,
                feedback: String::new(),
            },
        ],
    }
}

/// A small valid course: one module with one lesson and one check, a one-question
/// pre-test and a two-question post-test.
pub fn small_course(slug: &str, title: &str) -> CourseSpec {
    CourseSpec {
        slug: slug.into(),
        title: title.into(),
        summary: "A short course built by the tests.".into(),
        objectives: vec!["Know the one rule.".into()],
        audience: vec!["shelter".into()],
        topics: vec!["housing".into()],
        language: "en".into(),
        hours_x100: 50,
        ce_hours_x100: 0,
        passing_score: 100,
        max_attempts: 0,
        published: true,
        modules: vec![ModuleSpec {
            title: "The only module".into(),
            lessons: vec![LessonSpec {
                slug: "the-rule".into(),
                title: "The rule".into(),
                body: "Housing never depends on services.".into(),
                resources: vec![],
                checks: vec![yes_no("Does housing depend on services?")],
            }],
        }],
        pretest: vec![yes_no("Is help voluntary?")],
        posttest: vec![
            yes_no("Is help still voluntary?"),
            yes_no("Are offers repeated?"),
        ],
    }
}

/// A signed-in user with the CSRF token of its session (the token is the same on every
/// page of one session, so it is read once).
pub struct Learner {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub c: Client,
    pub csrf: String,
}

impl Learner {
    pub async fn new(app: &TestApp, email: &str, role: Role) -> Learner {
        let (id, c) = app.as_role(email, role).await;
        Learner::session(app, id, email, c).await
    }

    /// Another session (another device) of a user that already exists.
    pub async fn another_session(app: &TestApp, of: &Learner) -> Learner {
        let c = app.signed_in(&of.email).await;
        Learner::session(app, of.id, &of.email, c).await
    }

    async fn session(app: &TestApp, id: i64, email: &str, c: Client) -> Learner {
        let html = app.get(&c, "/learning").await.text().await.unwrap();
        let csrf = csrf_from(&html).expect("a CSRF token on /learning");
        Learner {
            id,
            email: email.into(),
            name: name_for(email),
            c,
            csrf,
        }
    }

    pub async fn get(&self, app: &TestApp, path: &str) -> Response {
        app.get(&self.c, path).await
    }

    pub async fn html(&self, app: &TestApp, path: &str) -> String {
        let r = self.get(app, path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.text().await.unwrap()
    }

    /// Posts a form with this session's CSRF token; repeated names are allowed.
    pub async fn post(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", &self.csrf)];
        all.extend_from_slice(fields);
        self.c.post(app.at(path)).form(&all).send().await.unwrap()
    }

    /// Posts chosen positions as `choice` fields.
    pub async fn choose(&self, app: &TestApp, path: &str, chosen: &[usize]) -> Response {
        let values: Vec<String> = chosen.iter().map(|c| c.to_string()).collect();
        let fields: Vec<(&str, &str)> = values.iter().map(|v| ("choice", v.as_str())).collect();
        self.post(app, path, &fields).await
    }

    pub async fn enroll(&self, app: &TestApp, slug: &str) {
        let r = self
            .post(app, &format!("/courses/{slug}/enroll"), &[])
            .await;
        assert_eq!(r.status(), 303, "enrolling in {slug}");
        assert_eq!(location(&r), format!("/courses/{slug}/continue"));
    }

    pub async fn enrollment_id(&self, app: &TestApp, course: &Course) -> i64 {
        tta::courses::progress::enrollment(&app.state.db, self.id, course.id)
            .await
            .unwrap()
            .expect("enrolled")
            .id
    }

    /// Takes a test through its pages: answers each question shown (the first `right_count`
    /// rightly, the rest wrongly), then submits from the review step. Returns the submit
    /// response.
    pub async fn take_test(
        &self,
        app: &TestApp,
        course: &Course,
        part: &str,
        right_count: usize,
    ) -> Response {
        let all = questions(app, course, part).await;
        let base = format!("/courses/{}/tests/{part}", course.slug);
        let mut path = base.clone();
        for _ in 0..=all.len() + 1 {
            let html = self.html(app, &path).await;
            let Some(action) = form_action(&html, "/answers/") else {
                // The review step: every question is answered.
                assert!(
                    html.contains(&format!("action=\"{base}/submit\"")),
                    "a submit form on the review step of {base}"
                );
                let r = self.post(app, &format!("{base}/submit"), &[]).await;
                assert_eq!(r.status(), 303, "submitting {base}");
                return r;
            };
            let qid: i64 = action.rsplit('/').next().unwrap().parse().unwrap();
            let idx = all
                .iter()
                .position(|q| q.id == qid)
                .expect("the page asks one of the course's questions");
            let chosen = if idx < right_count {
                right(&all[idx])
            } else {
                wrong(&all[idx])
            };
            let r = self.choose(app, &action, &chosen).await;
            assert_eq!(r.status(), 303, "answering question {} of {base}", idx + 1);
            path = location(&r);
            assert!(
                path.starts_with(&format!("{base}?q=")),
                "the next question or the review: {path}"
            );
        }
        panic!("{base} never reached the review step");
    }

    /// Views every lesson in order and answers every check on it rightly (optional ones
    /// too when `optional` is set), reading the check forms off the lesson page.
    pub async fn do_lessons(&self, app: &TestApp, course: &Course, optional: bool) {
        for l in lessons(app, course).await {
            let path = format!("/courses/{}/lessons/{}", course.slug, l.slug);
            let html = self.html(app, &path).await;
            for q in checks(app, l.id).await {
                let action = format!("{path}/checks/{}", q.id);
                assert!(
                    html.contains(&format!("action=\"{action}\"")),
                    "the lesson page has a form for check {}",
                    q.id
                );
                if q.required || optional {
                    let r = self.choose(app, &action, &right(&q)).await;
                    assert_eq!(r.status(), 303, "answering {action}");
                }
            }
        }
    }

    /// Enrolls and finishes a course: pre-test half right, every lesson and check, the
    /// post-test all right. Returns the certificate issued.
    pub async fn complete(&self, app: &TestApp, slug: &str) -> Certificate {
        let course = course(app, slug).await;
        self.enroll(app, slug).await;
        let n = questions(app, &course, "pre").await.len();
        self.take_test(app, &course, "pre", n / 2).await;
        self.do_lessons(app, &course, false).await;
        let n = questions(app, &course, "post").await.len();
        let r = self.take_test(app, &course, "post", n).await;
        assert_eq!(
            location(&r),
            format!("/courses/{slug}/tests/post/results/1")
        );
        self.certificate(app, &course)
            .await
            .expect("a certificate once the course is complete")
    }

    pub async fn certificate(&self, app: &TestApp, course: &Course) -> Option<Certificate> {
        tta::certificates::model::for_source(&app.state.db, "course", course.id, self.id)
            .await
            .unwrap()
    }
}

/// The action of the first form on the page whose action contains `part`.
pub fn form_action(html: &str, part: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("form[action]").unwrap();
    doc.select(&sel)
        .filter_map(|f| f.value().attr("action"))
        .find(|a| a.contains(part))
        .map(String::from)
}

/// The page's text with runs of whitespace collapsed, for phrases that markup splits.
pub fn page_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("main").unwrap();
    let root = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| doc.root_element());
    root.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn n(app: &TestApp, sql: &str) -> i64 {
    count(&app.state.db, sql).await
}

/// Every line of text on the certificate's page as (baseline y, font size, text).
pub fn text_lines_on_page(pdf: &[u8]) -> Vec<(f32, f32, String)> {
    crate::pdf_text::lines(pdf)
        .into_iter()
        .map(|l| (l.y, l.size, l.text))
        .collect()
}

/// Fails when two lines of text are drawn into each other: going down the page, each
/// baseline must be at least the lower line's font size below the one above it.
pub fn assert_no_overlap(pdf: &[u8]) {
    let mut lines = text_lines_on_page(pdf);
    assert!(lines.len() >= 10, "{lines:?}");
    lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    for pair in lines.windows(2) {
        let (upper, lower) = (&pair[0], &pair[1]);
        assert!(
            upper.0 - lower.0 >= lower.1,
            "{:?} is drawn into {:?}",
            lower.2,
            upper.2
        );
    }
}
