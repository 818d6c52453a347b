//! Going through a course: lessons with knowledge checks, the pre- and post-test one
//! question at a time (each answer saved as it is given), results, and the evaluation.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    model::{self, Course, LessonRef, Question, PART_POST, PART_PRE},
    pages::visible,
    progress::{self, Attempt, Enrollment, Next, Progress},
};
use crate::{
    app::AppState,
    certificates::{self, Certificate},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

/// The course and the learner's enrollment in it; not enrolled sends them to the course page.
async fn enrolled(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
) -> AppResult<Result<(Course, Enrollment), Response>> {
    let user = ctx.require_user()?;
    let course = visible(state, ctx, slug).await?;
    match progress::enrollment(&state.db, user.id, course.id).await? {
        Some(e) => Ok(Ok((course, e))),
        None => Ok(Err(redirect_with_flash(
            state,
            &format!("/courses/{}", course.slug),
            "flash-course-enroll-first",
        ))),
    }
}

macro_rules! enrolled_or_return {
    ($state:expr, $ctx:expr, $slug:expr) => {
        match enrolled($state, $ctx, $slug).await? {
            Ok(v) => v,
            Err(resp) => return Ok(resp),
        }
    };
}

fn next_url(course: &Course, next: &Next) -> String {
    match next {
        Next::Pretest => format!("/courses/{}/tests/pre", course.slug),
        Next::Lesson(l) => format!("/courses/{}/lessons/{l}", course.slug),
        Next::Posttest => format!("/courses/{}/tests/post", course.slug),
        Next::Evaluation => format!("/courses/{}/evaluation", course.slug),
        Next::Done => format!("/courses/{}", course.slug),
    }
}

/// "Continue": straight to the next thing to do.
pub async fn resume(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let (course, e) = enrolled_or_return!(&state, &ctx, &slug);
    let next = progress::next_step(&state.db, &course, &e).await?;
    Ok(Redirect::to(&next_url(&course, &next)).into_response())
}

/// A question as a page shows it, with what the learner chose.
pub struct AskedQuestion {
    pub q: Question,
    pub chosen: Vec<usize>,
    pub answered: bool,
    pub correct: bool,
    pub error: Option<String>,
}

impl AskedQuestion {
    pub fn is_chosen(&self, i: &usize) -> bool {
        self.chosen.contains(i)
    }
}

#[derive(Template)]
#[template(path = "courses/lesson.html")]
pub struct LessonPage {
    pub ctx: Ctx,
    pub course: Course,
    pub lesson: model::Lesson,
    pub body_html: String,
    pub checks: Vec<AskedQuestion>,
    pub progress: Progress,
    pub prev: Option<LessonRef>,
    pub next: Option<LessonRef>,
    pub number: usize,
    pub total: usize,
    pub module_title: String,
}

async fn lesson_page(
    state: &AppState,
    ctx: Ctx,
    course: Course,
    e: &Enrollment,
    lesson_slug: &str,
    errors: HashMap<i64, (String, Vec<usize>)>,
) -> AppResult<LessonPage> {
    let lesson = model::lesson(&state.db, course.id, lesson_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let outline = model::outline(&state.db, course.id).await?;
    let flat: Vec<(&str, &LessonRef)> = outline
        .iter()
        .flat_map(|m| m.lessons.iter().map(move |l| (m.title.as_str(), l)))
        .collect();
    let idx = flat
        .iter()
        .position(|(_, l)| l.id == lesson.id)
        .unwrap_or(0);
    let answers = progress::check_answers(&state.db, e.id).await?;
    let checks = model::lesson_checks(&state.db, lesson.id)
        .await?
        .into_iter()
        .map(|q| {
            let (error, chosen) = match errors.get(&q.id) {
                Some((msg, typed)) => (Some(msg.clone()), typed.clone()),
                None => (None, answers.get(&q.id).cloned().unwrap_or_default()),
            };
            let answered = error.is_none() && answers.contains_key(&q.id);
            let correct = answered && q.is_correct(&chosen);
            AskedQuestion {
                q,
                chosen,
                answered,
                correct,
                error,
            }
        })
        .collect();
    let progress = progress::progress(&state.db, course.id, e).await?;
    Ok(LessonPage {
        body_html: crate::markdown::to_html(&lesson.body, &ctx.t("course-video-title")),
        prev: idx.checked_sub(1).map(|i| flat[i].1.clone()),
        next: flat.get(idx + 1).map(|(_, l)| (*l).clone()),
        number: idx + 1,
        total: flat.len(),
        module_title: flat
            .get(idx)
            .map(|(m, _)| m.to_string())
            .unwrap_or_default(),
        ctx,
        course,
        lesson,
        checks,
        progress,
    })
}

pub async fn lesson(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, lesson_slug)): Path<(String, String)>,
) -> AppResult<Response> {
    let (course, e) = enrolled_or_return!(&state, &ctx, &slug);
    // Knowledge gain is measured against the pre-test, so it comes first.
    let p = progress::progress(&state.db, course.id, &e).await?;
    if !p.pretest_done {
        return Ok(redirect_with_flash(
            &state,
            &format!("/courses/{}/tests/pre", course.slug),
            "flash-course-pretest-first",
        ));
    }
    let l = model::lesson(&state.db, course.id, &lesson_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    progress::record_view(&state.db, e.id, l.id).await?;
    render(&lesson_page(&state, ctx, course, &e, &lesson_slug, HashMap::new()).await?)
}

/// The chosen positions from a form, checked against the question: `Err` holds the
/// message key.
fn chosen(f: &Fields, q: &Question) -> Result<Vec<usize>, &'static str> {
    let mut out = Vec::new();
    for v in f.all("choice") {
        let i: usize = v.trim().parse().map_err(|_| "error-answer-invalid")?;
        if i >= q.choices.len() {
            return Err("error-answer-invalid");
        }
        if !out.contains(&i) {
            out.push(i);
        }
    }
    if out.is_empty() {
        return Err(if q.multiple {
            "error-answer-required-multiple"
        } else {
            "error-answer-required"
        });
    }
    if !q.multiple && out.len() > 1 {
        return Err("error-answer-one");
    }
    out.sort_unstable();
    Ok(out)
}

pub async fn answer_check(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, lesson_slug, qid)): Path<(String, String, i64)>,
    f: Fields,
) -> AppResult<Response> {
    let (course, e) = enrolled_or_return!(&state, &ctx, &slug);
    // As for viewing the lesson: the pre-test comes first (an error here shows the lesson).
    if !progress::progress(&state.db, course.id, &e)
        .await?
        .pretest_done
    {
        return Ok(redirect_with_flash(
            &state,
            &format!("/courses/{}/tests/pre", course.slug),
            "flash-course-pretest-first",
        ));
    }
    let l = model::lesson(&state.db, course.id, &lesson_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let q = model::lesson_checks(&state.db, l.id)
        .await?
        .into_iter()
        .find(|q| q.id == qid)
        .ok_or(AppError::NotFound)?;
    match chosen(&f, &q) {
        Ok(c) => {
            progress::answer_check(&state.db, e.id, &q, &c).await?;
            let user = ctx.require_user()?.clone();
            progress::complete_if_done(&state, &course, &e, &user.name).await?;
            Ok(redirect_with_flash(
                &state,
                &format!("/courses/{}/lessons/{}#q-{}", course.slug, l.slug, q.id),
                "flash-answer-saved",
            ))
        }
        Err(key) => {
            let typed = f
                .all("choice")
                .iter()
                .filter_map(|v| v.parse().ok())
                .collect();
            let errors = HashMap::from([(q.id, (ctx.t(key), typed))]);
            let page = lesson_page(&state, ctx, course, &e, &lesson_slug, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

fn part_or_404(part: &str) -> AppResult<&'static str> {
    match part {
        "pre" => Ok(PART_PRE),
        "post" => Ok(PART_POST),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Deserialize)]
pub struct TestQuery {
    /// 1-based question number, or absent for the first unanswered one.
    pub q: Option<String>,
}

#[derive(Template)]
#[template(path = "courses/test.html")]
pub struct TestPage {
    pub ctx: Ctx,
    pub course: Course,
    pub part: &'static str,
    pub attempt: Attempt,
    /// The question on screen, or None for the review-and-submit step.
    pub current: Option<AskedQuestion>,
    pub number: usize,
    pub total: usize,
    pub answered: Vec<bool>,
    pub answered_count: usize,
    pub attempts_left: Option<i64>,
}

#[derive(Template)]
#[template(path = "courses/test_closed.html")]
pub struct TestClosedPage {
    pub ctx: Ctx,
    pub course: Course,
    pub part: &'static str,
    pub message: String,
    pub next_href: String,
    pub last: Option<Attempt>,
}

async fn test_state(
    state: &AppState,
    ctx: Ctx,
    course: Course,
    e: &Enrollment,
    part: &'static str,
    number: Option<usize>,
    error: Option<(String, Vec<usize>)>,
) -> AppResult<Response> {
    let p = progress::progress(&state.db, course.id, e).await?;
    let all = progress::attempts(&state.db, e.id, part).await?;
    let last = all
        .iter()
        .filter(|a| a.submitted_at.is_some())
        .last()
        .cloned();
    let closed = |ctx: Ctx, course: Course, key: &str, next_href: String| {
        let message = ctx.t(key);
        render(&TestClosedPage {
            ctx,
            course,
            part,
            message,
            next_href,
            last: last.clone(),
        })
    };
    if part == PART_POST && !p.lessons_done() {
        let next = progress::next_step(&state.db, &course, e).await?;
        let href = next_url(&course, &next);
        return closed(ctx, course, "course-post-locked", href);
    }
    let Some(attempt) = progress::open_attempt(&state.db, &course, e.id, part).await? else {
        let key = if part == PART_PRE {
            "course-pre-done"
        } else if p.posttest_passed {
            "course-post-passed"
        } else {
            "course-post-no-attempts"
        };
        let href = format!("/courses/{}/continue", course.slug);
        return closed(ctx, course, key, href);
    };
    let questions = model::test_questions(&state.db, course.id, part).await?;
    let answers = progress::attempt_answers(&state.db, attempt.id).await?;
    let answered: Vec<bool> = questions
        .iter()
        .map(|q| answers.contains_key(&q.id))
        .collect();
    let answered_count = answered.iter().filter(|a| **a).count();
    // Without a number: the first unanswered question, or the review step when all are.
    let idx = match number {
        Some(n) if n >= 1 && n <= questions.len() => Some(n - 1),
        Some(_) => None,
        None => answered.iter().position(|a| !a),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let current = idx.map(|i| {
        let q = questions[i].clone();
        let (err, chosen) = match &error {
            Some((m, typed)) => (Some(m.clone()), typed.clone()),
            None => (None, answers.get(&q.id).cloned().unwrap_or_default()),
        };
        AskedQuestion {
            answered: answers.contains_key(&q.id),
            correct: false,
            q,
            chosen,
            error: err,
        }
    });
    let attempts_left = (part == PART_POST && course.max_attempts > 0)
        .then(|| course.max_attempts - attempt.number + 1);
    render_status(
        status,
        &TestPage {
            ctx,
            part,
            attempt,
            number: idx.map(|i| i + 1).unwrap_or(0),
            total: questions.len(),
            answered,
            answered_count,
            current,
            attempts_left,
            course,
        },
    )
}

pub async fn test_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, part)): Path<(String, String)>,
    Query(tq): Query<TestQuery>,
) -> AppResult<Response> {
    let part = part_or_404(&part)?;
    let (course, e) = enrolled_or_return!(&state, &ctx, &slug);
    let number = match tq.q.as_deref() {
        None | Some("") => None,
        Some("review") => Some(0),
        Some(n) => Some(n.parse::<usize>().map_err(|_| AppError::NotFound)?),
    };
    test_state(&state, ctx, course, &e, part, number, None).await
}

pub async fn answer_test(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, part, qid)): Path<(String, String, i64)>,
    f: Fields,
) -> AppResult<Response> {
    let part = part_or_404(&part)?;
    let (course, e) = enrolled_or_return!(&state, &ctx, &slug);
    let questions = model::test_questions(&state.db, course.id, part).await?;
    let idx = questions
        .iter()
        .position(|q| q.id == qid)
        .ok_or(AppError::NotFound)?;
    let q = &questions[idx];
    let Some(attempt) = progress::attempts(&state.db, e.id, part)
        .await?
        .into_iter()
        .find(|a| a.submitted_at.is_none())
    else {
        // Answering a test already submitted (a second tab): show where things stand.
        return Ok(redirect_with_flash(
            &state,
            &format!("/courses/{}/tests/{part}", course.slug),
            "flash-test-already-submitted",
        ));
    };
    match chosen(&f, q) {
        Ok(c) => {
            progress::answer_test(&state.db, attempt.id, q, &c).await?;
            let back = f.get("go") == "back";
            let to = if back && idx > 0 {
                format!("?q={idx}")
            } else if idx + 1 < questions.len() {
                format!("?q={}", idx + 2)
            } else {
                "?q=review".to_string()
            };
            Ok(Redirect::to(&format!("/courses/{}/tests/{part}{to}", course.slug)).into_response())
        }
        Err(key) => {
            let typed = f
                .all("choice")
                .iter()
                .filter_map(|v| v.parse().ok())
                .collect();
            test_state(
                &state,
                ctx.clone(),
                course,
                &e,
                part,
                Some(idx + 1),
                Some((ctx.t(key), typed)),
            )
            .await
        }
    }
}

pub async fn submit_test(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, part)): Path<(String, String)>,
) -> AppResult<Response> {
    let part = part_or_404(&part)?;
    let (course, e) = enrolled_or_return!(&state, &ctx, &slug);
    let user = ctx.require_user()?.clone();
    let Some(attempt) = progress::attempts(&state.db, e.id, part)
        .await?
        .into_iter()
        .find(|a| a.submitted_at.is_none())
    else {
        return Ok(redirect_with_flash(
            &state,
            &format!("/courses/{}/tests/{part}", course.slug),
            "flash-test-already-submitted",
        ));
    };
    let questions = model::test_questions(&state.db, course.id, part).await?;
    let done = progress::submit_attempt(&state.db, &course, attempt.id, &questions).await?;
    if part == PART_POST {
        progress::complete_if_done(&state, &course, &e, &user.name).await?;
    }
    Ok(Redirect::to(&format!(
        "/courses/{}/tests/{part}/results/{}",
        course.slug, done.number
    ))
    .into_response())
}

#[derive(Template)]
#[template(path = "courses/results.html")]
pub struct ResultsPage {
    pub ctx: Ctx,
    pub course: Course,
    pub part: &'static str,
    pub attempt: Attempt,
    pub questions: Vec<AskedQuestion>,
    pub progress: Progress,
    pub can_retry: bool,
    pub certificate: Option<Certificate>,
}

pub async fn test_results(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, part, number)): Path<(String, String, i64)>,
) -> AppResult<Response> {
    let part = part_or_404(&part)?;
    let (course, e) = enrolled_or_return!(&state, &ctx, &slug);
    let all = progress::attempts(&state.db, e.id, part).await?;
    let attempt = all
        .iter()
        .find(|a| a.number == number && a.submitted_at.is_some())
        .cloned()
        .ok_or(AppError::NotFound)?;
    let answers = progress::attempt_answers(&state.db, attempt.id).await?;
    let questions = model::test_questions(&state.db, course.id, part)
        .await?
        .into_iter()
        .map(|q| {
            let chosen = answers.get(&q.id).cloned().unwrap_or_default();
            let correct = q.is_correct(&chosen);
            AskedQuestion {
                answered: !chosen.is_empty(),
                correct,
                q,
                chosen,
                error: None,
            }
        })
        .collect();
    let progress = progress::progress(&state.db, course.id, &e).await?;
    let can_retry = part == PART_POST && progress::may_start(&course, part, &all);
    let certificate = certificates::model::for_source(
        &state.db,
        certificates::model::KIND_COURSE,
        course.id,
        e.user_id,
    )
    .await?;
    render(&ResultsPage {
        ctx,
        course,
        part,
        attempt,
        questions,
        progress,
        can_retry,
        certificate,
    })
}

const MAX_COMMENT: usize = 2000;

pub const RATINGS: &[&str] = &["relevance", "clarity", "usefulness"];

#[derive(Template)]
#[template(path = "courses/evaluation.html")]
pub struct EvaluationPage {
    pub ctx: Ctx,
    pub course: Course,
    pub form: Form,
    pub ratings: &'static [&'static str],
    pub scale: [&'static str; 5],
    pub done: bool,
}

const SCALE: [&str; 5] = ["1", "2", "3", "4", "5"];

async fn evaluation_allowed(
    state: &AppState,
    course: &Course,
    e: &Enrollment,
) -> AppResult<Progress> {
    let p = progress::progress(&state.db, course.id, e).await?;
    Ok(p)
}

pub async fn evaluation_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let (course, e) = enrolled_or_return!(&state, &ctx, &slug);
    let p = evaluation_allowed(&state, &course, &e).await?;
    if !p.posttest_passed {
        return Ok(redirect_with_flash(
            &state,
            &format!("/courses/{}/continue", course.slug),
            "flash-evaluation-after",
        ));
    }
    render(&EvaluationPage {
        ctx,
        course,
        form: Form::new(),
        ratings: RATINGS,
        scale: SCALE,
        done: p.evaluated,
    })
}

pub async fn evaluation_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    f: Fields,
) -> AppResult<Response> {
    let (course, e) = enrolled_or_return!(&state, &ctx, &slug);
    let p = evaluation_allowed(&state, &course, &e).await?;
    if !p.posttest_passed {
        return Ok(redirect_with_flash(
            &state,
            &format!("/courses/{}/continue", course.slug),
            "flash-evaluation-after",
        ));
    }
    let mut form = f.form();
    let mut values = [0i64; 3];
    for (i, name) in RATINGS.iter().enumerate() {
        match f.text(name).parse::<i64>() {
            Ok(v) if (1..=5).contains(&v) => values[i] = v,
            _ => form.add(name, ctx.t("error-rating-required")),
        }
    }
    let comment = f.text("comment");
    if comment.chars().count() > MAX_COMMENT {
        form.add("comment", ctx.t("error-comment-long"));
    }
    if !form.is_ok() {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EvaluationPage {
                ctx,
                course,
                form,
                ratings: RATINGS,
                scale: SCALE,
                done: false,
            },
        );
    }
    progress::save_evaluation(&state.db, e.id, values, comment).await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/courses/{}", course.slug),
        "flash-evaluation-thanks",
    ))
}
