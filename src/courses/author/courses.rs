//! The list of every course, and the form for what a course is about (its "details").

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use sqlx::Row;

use super::{create_course, edit, one_line_error, slugify, valid_slug, NotCreated, Refusal};
use crate::{
    app::AppState,
    courses::{
        model::{self, Course, Filter},
        spec::{hours_text, parse_hours, CourseSpec, ModuleSpec, MAX_SUMMARY, MAX_TITLE},
    },
    topics::{AUDIENCES, LANGUAGES, TOPICS},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

pub struct CourseRow {
    pub course: Course,
    pub lessons: i64,
    pub enrolled: i64,
    pub completed: i64,
}

#[derive(Template)]
#[template(path = "courses/author/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<CourseRow>,
    pub count: i64,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let courses = model::list(
        &state.db,
        &Filter {
            include_drafts: true,
            ..Filter::default()
        },
    )
    .await?;
    let counts = sqlx::query(
        "SELECT c.id, \
         (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id) AS lessons, \
         (SELECT COUNT(*) FROM enrollments e WHERE e.course_id = c.id) AS enrolled, \
         (SELECT COUNT(*) FROM enrollments e WHERE e.course_id = c.id AND e.completed_at IS NOT NULL) AS completed \
         FROM courses c",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut rows = Vec::new();
    for course in courses {
        let r = counts
            .iter()
            .find(|r| r.try_get::<i64, _>("id").ok() == Some(course.id));
        let n = |col: &str| r.and_then(|r| r.try_get::<i64, _>(col).ok()).unwrap_or(0);
        rows.push(CourseRow {
            lessons: n("lessons"),
            enrolled: n("enrolled"),
            completed: n("completed"),
            course,
        });
    }
    render(&ListPage {
        count: rows.len() as i64,
        ctx,
        rows,
    })
}

#[derive(Template)]
#[template(path = "courses/author/details.html")]
pub struct DetailsPage {
    pub ctx: Ctx,
    pub form: Form,
    pub heading: String,
    pub action: String,
    /// Set when editing: the slug is shown, not changed, because addresses and
    /// re-imports depend on it.
    pub course: Option<(i64, String)>,
    pub problems: Vec<String>,
    pub topics: &'static [&'static str],
    pub audiences: &'static [&'static str],
    pub languages: &'static [&'static str],
}

impl DetailsPage {
    fn new(
        ctx: Ctx,
        form: Form,
        course: Option<(i64, String)>,
        problems: Vec<String>,
    ) -> DetailsPage {
        let (heading, action) = match &course {
            None => (ctx.t("author-new-title"), "/staff/courses/new".to_string()),
            Some((id, _)) => (
                ctx.t("author-details-title"),
                format!("/staff/courses/{id}/edit"),
            ),
        };
        DetailsPage {
            ctx,
            form,
            heading,
            action,
            course,
            problems,
            topics: TOPICS,
            audiences: AUDIENCES,
            languages: LANGUAGES,
        }
    }
}

fn refused(
    ctx: Ctx,
    mut form: Form,
    course: Option<(i64, String)>,
    r: Refusal,
) -> AppResult<Response> {
    form.general = Some(r.title);
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &DetailsPage::new(ctx, form, course, r.problems),
    )
}

/// The details as checked from the form.
struct Details {
    title: String,
    summary: String,
    objectives: Vec<String>,
    audience: Vec<String>,
    topics: Vec<String>,
    language: String,
    hours_x100: i64,
    ce_hours_x100: i64,
    passing_score: i64,
    max_attempts: i64,
}

impl Details {
    fn apply(self, spec: &mut CourseSpec) {
        spec.title = self.title;
        spec.summary = self.summary;
        spec.objectives = self.objectives;
        spec.audience = self.audience;
        spec.topics = self.topics;
        spec.language = self.language;
        spec.hours_x100 = self.hours_x100;
        spec.ce_hours_x100 = self.ce_hours_x100;
        spec.passing_score = self.passing_score;
        spec.max_attempts = self.max_attempts;
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Checked codes from a checkbox group, in the vocabulary's order, without repeats.
fn codes(ctx: &Ctx, f: &Fields, form: &mut Form, name: &str, allowed: &[&str]) -> Vec<String> {
    let chosen = f.all(name);
    if chosen.iter().any(|c| !allowed.contains(c)) {
        form.add(name, ctx.t("author-error-unknown-choice"));
    } else if chosen.is_empty() {
        form.add(name, ctx.t(&format!("author-error-{name}-required")));
    }
    allowed
        .iter()
        .filter(|a| chosen.contains(a))
        .map(|a| a.to_string())
        .collect()
}

fn parse_details(ctx: &Ctx, f: &Fields) -> Result<Details, Form> {
    let mut form = f.form();
    let title = f.text("title").to_string();
    if let Some(e) = one_line_error(ctx, &title, MAX_TITLE, "author-error-title-required") {
        form.add("title", e);
    }
    let summary = f.text("summary").replace("\r\n", "\n");
    if summary.is_empty() {
        form.add("summary", ctx.t("author-error-summary-required"));
    } else if summary.chars().count() > MAX_SUMMARY {
        form.add(
            "summary",
            ctx.t1("author-error-too-long", "max", MAX_SUMMARY),
        );
    }
    let objectives = lines(f.get("objectives"));
    let audience = codes(ctx, f, &mut form, "audience", AUDIENCES);
    let topics = codes(ctx, f, &mut form, "topics", TOPICS);
    let language = f.text("language").to_string();
    if !LANGUAGES.contains(&language.as_str()) {
        form.add("language", ctx.t("author-error-language"));
    }
    let hours_x100 = match parse_hours(f.get("hours")) {
        Some(h) if h > 0 => h,
        _ => {
            form.add("hours", ctx.t("author-error-hours"));
            0
        }
    };
    let ce = f.text("ce_hours");
    let ce_hours_x100 = match if ce.is_empty() {
        Some(0)
    } else {
        parse_hours(ce)
    } {
        Some(h) => h,
        None => {
            form.add("ce_hours", ctx.t("author-error-ce-hours"));
            0
        }
    };
    let passing_score = match f.text("passing_score").parse::<i64>() {
        Ok(n) if (1..=100).contains(&n) => n,
        _ => {
            form.add("passing_score", ctx.t("author-error-passing-score"));
            0
        }
    };
    let attempts = f.text("max_attempts");
    let max_attempts = match if attempts.is_empty() {
        Ok(0)
    } else {
        attempts.parse::<i64>()
    } {
        Ok(n) if n >= 0 => n,
        _ => {
            form.add("max_attempts", ctx.t("author-error-max-attempts"));
            0
        }
    };
    if !form.is_ok() {
        return Err(form);
    }
    Ok(Details {
        title,
        summary,
        objectives,
        audience,
        topics,
        language,
        hours_x100,
        ce_hours_x100,
        passing_score,
        max_attempts,
    })
}

pub async fn new_form(ctx: Ctx) -> AppResult<Response> {
    let form = Form::new()
        .with("language", "en")
        .with("ce_hours", "0")
        .with("passing_score", "80")
        .with("max_attempts", "0");
    render(&DetailsPage::new(ctx, form, None, Vec::new()))
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let details = parse_details(&ctx, &f);
    let typed = f.text("slug");
    let slug = if typed.is_empty() {
        slugify(f.text("title"))
    } else {
        typed.to_string()
    };
    let slug_error = if slug.is_empty() {
        Some(ctx.t("author-error-slug-required"))
    } else if !valid_slug(&slug) {
        Some(ctx.t("author-error-slug"))
    } else {
        None
    };
    let details = match (details, slug_error) {
        (Ok(d), None) => d,
        (result, slug_error) => {
            let mut form = result.err().unwrap_or_else(|| f.form());
            if let Some(e) = slug_error {
                form.add("slug", e);
            }
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &DetailsPage::new(ctx, form, None, Vec::new()),
            );
        }
    };
    let mut spec = CourseSpec {
        slug: slug.clone(),
        title: String::new(),
        summary: String::new(),
        objectives: Vec::new(),
        audience: Vec::new(),
        topics: Vec::new(),
        language: String::new(),
        hours_x100: 0,
        ce_hours_x100: 0,
        passing_score: 0,
        max_attempts: 0,
        published: false,
        modules: vec![ModuleSpec {
            title: ctx.t1("author-module-default", "n", 1),
            lessons: Vec::new(),
        }],
        pretest: Vec::new(),
        posttest: Vec::new(),
    };
    details.apply(&mut spec);
    match create_course(&state, &ctx, &spec).await? {
        Ok(id) => Ok(redirect_with_flash(
            &state,
            &format!("/staff/courses/{id}"),
            "author-flash-created",
        )),
        Err(NotCreated::SlugTaken) => {
            let mut form = f.form();
            form.add("slug", ctx.t1("author-error-slug-taken", "slug", &slug));
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &DetailsPage::new(ctx, form, None, Vec::new()),
            )
        }
        Err(NotCreated::Invalid(r)) => refused(ctx, f.form(), None, r),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let c = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = Form::new()
        .with("title", c.title)
        .with("summary", c.summary)
        .with("objectives", c.objectives.join("\n"))
        .with("audience", c.audience.join(","))
        .with("topics", c.topics.join(","))
        .with("language", c.language)
        .with("hours", hours_text(c.hours_x100))
        .with("ce_hours", hours_text(c.ce_hours_x100))
        .with("passing_score", c.passing_score.to_string())
        .with("max_attempts", c.max_attempts.to_string());
    render(&DetailsPage::new(ctx, form, Some((id, c.slug)), Vec::new()))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let c = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let course = Some((id, c.slug));
    let details = match parse_details(&ctx, &f) {
        Ok(d) => d,
        Err(form) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &DetailsPage::new(ctx, form, course, Vec::new()),
            )
        }
    };
    match edit(&state, &ctx, id, "details edited", |spec| {
        details.apply(spec);
        Ok(())
    })
    .await?
    {
        Ok(()) => Ok(redirect_with_flash(
            &state,
            &format!("/staff/courses/{id}"),
            "author-flash-saved",
        )),
        Err(r) => refused(ctx, f.form(), course, r),
    }
}
