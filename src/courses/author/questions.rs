//! The question editor, shared by a lesson's knowledge checks and the pre- and post-test.
//! Questions are addressed by their place in their list (0-based), as the files keep them.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};

use super::{
    direction, edit, find_lesson, lesson_mut, lessons, load, one_line_error, outline, shift,
    Refusal, Stop,
};
use crate::{
    app::AppState,
    courses::spec::{ChoiceSpec, CourseSpec, QuestionSpec, MAX_CHOICES, MAX_PROMPT},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

/// Rows offered for choices; more are shown when a question (say, an imported one) has more.
const ROWS: usize = 6;

/// Which list of questions a page works on.
enum Target {
    /// The knowledge checks of the lesson with this slug.
    Check(String),
    /// "pre" or "post".
    Test(&'static str),
}

impl Target {
    fn test(part: &str) -> AppResult<Target> {
        match part {
            "pre" => Ok(Target::Test("pre")),
            "post" => Ok(Target::Test("post")),
            _ => Err(AppError::NotFound),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Target::Check(_) => "check",
            Target::Test(part) => part,
        }
    }

    fn list<'a>(&self, spec: &'a mut CourseSpec) -> Result<&'a mut Vec<QuestionSpec>, Stop> {
        match self {
            Target::Check(slug) => Ok(&mut lesson_mut(spec, slug)?.checks),
            Target::Test("pre") => Ok(&mut spec.pretest),
            Target::Test(_) => Ok(&mut spec.posttest),
        }
    }

    fn list_of<'a>(&self, spec: &'a CourseSpec) -> AppResult<&'a [QuestionSpec]> {
        match self {
            Target::Check(slug) => {
                let (m, i) = find_lesson(spec, slug).ok_or(AppError::NotFound)?;
                Ok(&spec.modules[m].lessons[i].checks)
            }
            Target::Test("pre") => Ok(&spec.pretest),
            Target::Test(_) => Ok(&spec.posttest),
        }
    }

    fn base(&self, id: i64) -> String {
        match self {
            Target::Check(slug) => format!("/staff/courses/{id}/lessons/{slug}/checks"),
            Target::Test(part) => format!("/staff/courses/{id}/tests/{part}/questions"),
        }
    }

    /// The page that lists these questions.
    fn back(&self, id: i64) -> String {
        match self {
            Target::Check(slug) => format!("/staff/courses/{id}/lessons/{slug}/edit"),
            Target::Test(part) => format!("/staff/courses/{id}#{part}test"),
        }
    }

    fn describe(&self, n: Option<usize>, what: &str) -> String {
        let which = n.map_or(String::new(), |n| format!(" {}", n + 1));
        match self {
            Target::Check(slug) => format!("check{which} of lesson {slug} {what}"),
            Target::Test(part) => format!("{part}-test question{which} {what}"),
        }
    }

    /// The list's page again, explaining why a change to it was not made.
    async fn refused(
        &self,
        state: &AppState,
        ctx: Ctx,
        id: i64,
        r: Refusal,
    ) -> AppResult<Response> {
        match self {
            Target::Check(slug) => lessons::edit_page(state, ctx, id, slug, r).await,
            Target::Test(_) => outline::page(state, ctx, id, Form::new(), Some(r)).await,
        }
    }
}

pub struct ChoiceRow {
    pub i: usize,
    pub text: String,
    pub correct: bool,
    pub feedback: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "courses/author/question.html")]
pub struct QuestionPage {
    pub ctx: Ctx,
    pub id: i64,
    pub heading: String,
    pub back: String,
    pub back_label: String,
    pub action: String,
    pub is_check: bool,
    pub form: Form,
    pub rows: Vec<ChoiceRow>,
    pub problems: Vec<String>,
}

fn page(
    ctx: Ctx,
    id: i64,
    spec: &CourseSpec,
    target: &Target,
    n: Option<usize>,
    form: Form,
    refusal: Option<Refusal>,
) -> QuestionPage {
    let heading = match n {
        None => ctx.t(&format!("author-question-new-{}", target.kind())),
        Some(n) => ctx.t1(
            &format!("author-question-edit-{}", target.kind()),
            "n",
            n + 1,
        ),
    };
    let back_label = match target {
        Target::Check(slug) => find_lesson(spec, slug)
            .map(|(m, i)| spec.modules[m].lessons[i].title.clone())
            .unwrap_or_default(),
        Target::Test(_) => spec.title.clone(),
    };
    let action = match n {
        None => format!("{}/new", target.base(id)),
        Some(n) => format!("{}/{n}", target.base(id)),
    };
    let used = (0..MAX_CHOICES).rev().find(|i| {
        ["choice", "feedback", "correct"]
            .iter()
            .any(|k| !form.v(&format!("{k}-{i}")).is_empty())
    });
    let rows = (0..used.map_or(0, |u| u + 1).max(ROWS))
        .map(|i| ChoiceRow {
            i,
            text: form.v(&format!("choice-{i}")).to_string(),
            correct: form.v(&format!("correct-{i}")) == "1",
            feedback: form.v(&format!("feedback-{i}")).to_string(),
            error: form.err(&format!("choice-{i}")).cloned(),
        })
        .collect();
    let mut p = QuestionPage {
        heading,
        back: target.back(id),
        back_label,
        action,
        is_check: matches!(target, Target::Check(_)),
        form,
        rows,
        problems: Vec::new(),
        id,
        ctx,
    };
    if let Some(r) = refusal {
        p.form.general = Some(r.title);
        p.problems = r.problems;
    }
    p
}

fn question_form(q: &QuestionSpec) -> Form {
    let mut form = Form::new().with("prompt", q.prompt.clone());
    if q.multiple {
        form = form.with("multiple", "1");
    }
    if !q.required {
        form = form.with("optional", "1");
    }
    for (i, c) in q.choices.iter().enumerate() {
        form = form
            .with(&format!("choice-{i}"), c.text.clone())
            .with(&format!("feedback-{i}"), c.feedback.clone());
        if c.correct {
            form = form.with(&format!("correct-{i}"), "1");
        }
    }
    form
}

/// Feedback as the files keep it: `\n` breaks, no spaces ending a line, no blank lines
/// around it.
fn tidy_feedback(text: &str) -> String {
    let unix = text.replace("\r\n", "\n").replace('\r', "\n");
    unix.split('\n')
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn parse_question(ctx: &Ctx, f: &Fields, is_check: bool) -> Result<QuestionSpec, Form> {
    let mut form = f.form();
    let prompt = f.text("prompt").to_string();
    if let Some(e) = one_line_error(ctx, &prompt, MAX_PROMPT, "author-error-prompt-required") {
        form.add("prompt", e);
    }
    let multiple = f.get("multiple") == "1";
    let required = !(is_check && f.get("optional") == "1");
    let mut choices = Vec::new();
    for i in 0..MAX_CHOICES {
        let name = format!("choice-{i}");
        let text = f.text(&name).to_string();
        let feedback = tidy_feedback(f.get(&format!("feedback-{i}")));
        let correct = f.get(&format!("correct-{i}")) == "1";
        if text.is_empty() {
            // A row with only feedback or a tick is a choice whose text was forgotten.
            if !feedback.is_empty() || correct {
                form.add(&name, ctx.t("author-error-choice-text"));
            }
            continue;
        }
        if let Some(e) = one_line_error(ctx, &text, MAX_PROMPT, "author-error-choice-text") {
            form.add(&name, e);
        }
        choices.push(ChoiceSpec {
            text,
            correct,
            feedback,
        });
    }
    let right = choices.iter().filter(|c| c.correct).count();
    if choices.len() < 2 {
        form.add("choices", ctx.t("author-error-two-choices"));
    } else if right == 0 {
        form.add("choices", ctx.t("author-error-no-correct"));
    } else if right > 1 && !multiple {
        form.add("choices", ctx.t("author-error-one-correct"));
    }
    if !form.is_ok() {
        return Err(form);
    }
    Ok(QuestionSpec {
        prompt,
        multiple,
        required,
        choices,
    })
}

async fn show(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    target: Target,
    n: Option<usize>,
) -> AppResult<Response> {
    let spec = load(state, id).await?;
    let list = target.list_of(&spec)?;
    let form = match n {
        None => Form::new(),
        Some(n) => question_form(list.get(n).ok_or(AppError::NotFound)?),
    };
    render(&page(ctx, id, &spec, &target, n, form, None))
}

async fn save(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    target: Target,
    n: Option<usize>,
    f: Fields,
) -> AppResult<Response> {
    let spec = load(state, id).await?;
    if let Some(n) = n {
        target.list_of(&spec)?.get(n).ok_or(AppError::NotFound)?;
    } else {
        target.list_of(&spec)?;
    }
    let q = match parse_question(&ctx, &f, matches!(target, Target::Check(_))) {
        Ok(q) => q,
        Err(form) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(ctx, id, &spec, &target, n, form, None),
            )
        }
    };
    let detail = target.describe(n, if n.is_some() { "edited" } else { "added" });
    let result = edit(state, &ctx, id, &detail, |spec| {
        let list = target.list(spec)?;
        match n {
            None => list.push(q),
            Some(n) => *list.get_mut(n).ok_or(Stop::NotFound)? = q,
        }
        Ok(())
    })
    .await?;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            state,
            &target.back(id),
            if n.is_some() {
                "author-flash-saved"
            } else {
                "author-flash-question-added"
            },
        )),
        Err(r) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(ctx, id, &spec, &target, n, f.form(), Some(r)),
        ),
    }
}

async fn delete(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    target: Target,
    n: usize,
) -> AppResult<Response> {
    let result = edit(
        state,
        &ctx,
        id,
        &target.describe(Some(n), "deleted"),
        |spec| {
            let list = target.list(spec)?;
            if n >= list.len() {
                return Err(Stop::NotFound);
            }
            list.remove(n);
            Ok(())
        },
    )
    .await?;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            state,
            &target.back(id),
            "author-flash-deleted",
        )),
        Err(r) => target.refused(state, ctx, id, r).await,
    }
}

async fn move_to(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    target: Target,
    n: usize,
    f: Fields,
) -> AppResult<Response> {
    let up = direction(&f)?;
    let result = edit(
        state,
        &ctx,
        id,
        &target.describe(Some(n), "moved"),
        |spec| {
            let list = target.list(spec)?;
            if n >= list.len() {
                return Err(Stop::NotFound);
            }
            shift(list, n, up);
            Ok(())
        },
    )
    .await?;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            state,
            &target.back(id),
            "author-flash-moved",
        )),
        Err(r) => target.refused(state, ctx, id, r).await,
    }
}

// Knowledge checks: /staff/courses/{id}/lessons/{lesson}/checks/...

pub async fn new_check_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, lesson)): Path<(i64, String)>,
) -> AppResult<Response> {
    show(&state, ctx, id, Target::Check(lesson), None).await
}

pub async fn create_check(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, lesson)): Path<(i64, String)>,
    f: Fields,
) -> AppResult<Response> {
    save(&state, ctx, id, Target::Check(lesson), None, f).await
}

pub async fn edit_check_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, lesson, n)): Path<(i64, String, usize)>,
) -> AppResult<Response> {
    show(&state, ctx, id, Target::Check(lesson), Some(n)).await
}

pub async fn update_check(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, lesson, n)): Path<(i64, String, usize)>,
    f: Fields,
) -> AppResult<Response> {
    save(&state, ctx, id, Target::Check(lesson), Some(n), f).await
}

pub async fn delete_check(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, lesson, n)): Path<(i64, String, usize)>,
) -> AppResult<Response> {
    delete(&state, ctx, id, Target::Check(lesson), n).await
}

pub async fn move_check(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, lesson, n)): Path<(i64, String, usize)>,
    f: Fields,
) -> AppResult<Response> {
    move_to(&state, ctx, id, Target::Check(lesson), n, f).await
}

// Test questions: /staff/courses/{id}/tests/{part}/questions/...

pub async fn new_test_question_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, part)): Path<(i64, String)>,
) -> AppResult<Response> {
    show(&state, ctx, id, Target::test(&part)?, None).await
}

pub async fn create_test_question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, part)): Path<(i64, String)>,
    f: Fields,
) -> AppResult<Response> {
    save(&state, ctx, id, Target::test(&part)?, None, f).await
}

pub async fn edit_test_question_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, part, n)): Path<(i64, String, usize)>,
) -> AppResult<Response> {
    show(&state, ctx, id, Target::test(&part)?, Some(n)).await
}

pub async fn update_test_question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, part, n)): Path<(i64, String, usize)>,
    f: Fields,
) -> AppResult<Response> {
    save(&state, ctx, id, Target::test(&part)?, Some(n), f).await
}

pub async fn delete_test_question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, part, n)): Path<(i64, String, usize)>,
) -> AppResult<Response> {
    delete(&state, ctx, id, Target::test(&part)?, n).await
}

pub async fn move_test_question(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, part, n)): Path<(i64, String, usize)>,
    f: Fields,
) -> AppResult<Response> {
    move_to(&state, ctx, id, Target::test(&part)?, n, f).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_is_tidied() {
        assert_eq!(
            tidy_feedback("\r\nYes.  \r\n\r\nBecause.\t\r\n"),
            "Yes.\n\nBecause."
        );
    }
}
