//! Writing one lesson: its title, text and links, with a preview; its knowledge checks are
//! listed below the form. Deleting asks first, because learners' progress goes with it.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use super::{
    edit, find_lesson, lesson_mut, load, one_line_error,
    outline::{question_views, QuestionView},
    slugify, valid_slug, Refusal, Stop,
};
use crate::{
    app::AppState,
    courses::spec::{CourseSpec, LessonSpec, ResourceLink, MAX_BODY, MAX_TITLE},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

#[derive(Template)]
#[template(path = "courses/author/lesson.html")]
pub struct LessonPage {
    pub ctx: Ctx,
    pub id: i64,
    pub course_title: String,
    pub heading: String,
    pub action: String,
    /// The module a new lesson goes into; `None` when editing.
    pub module: Option<(usize, String)>,
    /// The lesson being edited: its slug and knowledge checks.
    pub lesson: Option<(String, Vec<QuestionView>)>,
    pub checks_base: String,
    pub form: Form,
    pub problems: Vec<String>,
    /// Sanitized HTML of the lesson text as typed.
    pub preview: Option<String>,
}

pub struct LessonInput {
    title: String,
    slug: String,
    body: String,
    resources: Vec<ResourceLink>,
}

impl LessonPage {
    fn build(
        ctx: Ctx,
        id: i64,
        spec: &CourseSpec,
        module: Option<usize>,
        slug: Option<&str>,
        form: Form,
    ) -> AppResult<LessonPage> {
        let (heading, action, module, lesson) = match (module, slug) {
            (Some(m), _) => {
                let title = spec.modules.get(m).ok_or(AppError::NotFound)?.title.clone();
                (
                    ctx.t("author-lesson-new"),
                    format!("/staff/courses/{id}/lessons/new"),
                    Some((m, title)),
                    None,
                )
            }
            (None, Some(slug)) => {
                let (m, i) = find_lesson(spec, slug).ok_or(AppError::NotFound)?;
                let l = &spec.modules[m].lessons[i];
                let heading = ctx.t1("author-lesson-edit", "title", &l.title);
                (
                    heading,
                    format!("/staff/courses/{id}/lessons/{slug}/edit"),
                    None,
                    Some((slug.to_string(), question_views(&l.checks))),
                )
            }
            (None, None) => return Err(AppError::NotFound),
        };
        let checks_base = lesson
            .as_ref()
            .map(|(s, _)| format!("/staff/courses/{id}/lessons/{s}/checks"))
            .unwrap_or_default();
        let body = form.v("body");
        let preview = (!body.trim().is_empty())
            .then(|| crate::markdown::to_html(body, &ctx.t("author-video-title")));
        Ok(LessonPage {
            course_title: spec.title.clone(),
            heading,
            action,
            module,
            lesson,
            checks_base,
            form,
            problems: Vec::new(),
            preview,
            id,
            ctx,
        })
    }

    fn refused(mut self, r: Refusal) -> LessonPage {
        self.form.general = Some(r.title);
        self.problems = r.problems;
        self
    }
}

/// The lesson page again with what went wrong; used by the knowledge-check list too.
pub async fn edit_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    slug: &str,
    refusal: Refusal,
) -> AppResult<Response> {
    let spec = load(state, id).await?;
    let (m, i) = find_lesson(&spec, slug).ok_or(AppError::NotFound)?;
    let form = lesson_form(&spec.modules[m].lessons[i]);
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &LessonPage::build(ctx, id, &spec, None, Some(slug), form)?.refused(refusal),
    )
}

fn lesson_form(l: &LessonSpec) -> Form {
    let resources: Vec<String> = l
        .resources
        .iter()
        .map(|r| format!("{} | {}", r.title, r.url))
        .collect();
    Form::new()
        .with("title", l.title.clone())
        .with("body", l.body.clone())
        .with("resources", resources.join("\n"))
}

/// Lesson text as the course files keep it: `\n` line breaks, no blank lines around it.
fn tidy_body(body: &str) -> String {
    let unix = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unix.split('\n').collect();
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(start, |i| i + 1);
    lines[start..end].join("\n")
}

/// A line the course files would read as the start of a section after the text
/// (`## Resources`, `## Check: …`), so the text cannot hold it.
fn section_heading(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("## ").map(str::trim) else {
        return false;
    };
    rest == "Resources"
        || rest
            .strip_prefix("Check")
            .is_some_and(|after| after.trim_start().starts_with([':', '(']))
}

/// `Title | https://address`, one per line.
fn parse_resources(ctx: &Ctx, text: &str) -> Result<Vec<ResourceLink>, String> {
    let mut links = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
        if line.is_empty() {
            continue;
        }
        let line_no = n.to_string();
        let problem = |key: &str| ctx.ta(key, &[("line", line_no.as_str())]);
        let Some((title, url)) = line.rsplit_once('|').map(|(t, u)| (t.trim(), u.trim())) else {
            problems.push(problem("author-error-resource-format"));
            continue;
        };
        if title.is_empty() || title.chars().count() > MAX_TITLE || title.contains("](") {
            problems.push(problem("author-error-resource-title"));
        } else if !(url.starts_with('/') && !url.starts_with("//")
            || url.starts_with("https://") && url.len() > "https://".len())
            || url.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            problems.push(problem("author-error-resource-url"));
        } else {
            links.push(ResourceLink {
                title: title.to_string(),
                url: url.to_string(),
            });
        }
    }
    if problems.is_empty() {
        Ok(links)
    } else {
        Err(problems.join(" "))
    }
}

/// Checks the form; `taken` holds the slugs already used in the course (new lessons only).
fn parse_lesson(ctx: &Ctx, f: &Fields, taken: Option<&[String]>) -> Result<LessonInput, Form> {
    let mut form = f.form();
    let title = f.text("title").to_string();
    if let Some(e) = one_line_error(ctx, &title, MAX_TITLE, "author-error-title-required") {
        form.add("title", e);
    }
    let mut slug = String::new();
    if let Some(taken) = taken {
        let typed = f.text("slug");
        slug = if typed.is_empty() {
            slugify(&title)
        } else {
            typed.to_string()
        };
        if slug.is_empty() {
            form.add("slug", ctx.t("author-error-slug-required"));
        } else if !valid_slug(&slug) {
            form.add("slug", ctx.t("author-error-slug"));
        } else if taken.contains(&slug) {
            form.add(
                "slug",
                ctx.t1("author-error-lesson-slug-taken", "slug", &slug),
            );
        }
    }
    let body = tidy_body(f.get("body"));
    if body.chars().count() > MAX_BODY {
        form.add("body", ctx.t1("author-error-too-long", "max", MAX_BODY));
    } else if let Some(line) = body.lines().find(|l| section_heading(l)) {
        form.add("body", ctx.t1("author-error-body-heading", "line", line));
    }
    let resources = parse_resources(ctx, f.get("resources")).unwrap_or_else(|e| {
        form.add("resources", e);
        Vec::new()
    });
    if !form.is_ok() {
        return Err(form);
    }
    Ok(LessonInput {
        title,
        slug,
        body,
        resources,
    })
}

fn all_slugs(spec: &CourseSpec) -> Vec<String> {
    spec.modules
        .iter()
        .flat_map(|m| m.lessons.iter().map(|l| l.slug.clone()))
        .collect()
}

#[derive(Deserialize)]
pub struct NewLessonQuery {
    pub module: Option<usize>,
}

pub async fn new_lesson_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<NewLessonQuery>,
) -> AppResult<Response> {
    let spec = load(&state, id).await?;
    let module = q.module.unwrap_or(spec.modules.len().saturating_sub(1));
    let form = Form::new().with("module", module.to_string());
    render(&LessonPage::build(
        ctx,
        id,
        &spec,
        Some(module),
        None,
        form,
    )?)
}

pub async fn create_lesson(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let spec = load(&state, id).await?;
    let module: usize = f
        .text("module")
        .parse()
        .map_err(|_| AppError::BadRequest("module must be a number".into()))?;
    if f.get("action") == "preview" {
        return render(&LessonPage::build(
            ctx,
            id,
            &spec,
            Some(module),
            None,
            f.form(),
        )?);
    }
    let input = match parse_lesson(&ctx, &f, Some(&all_slugs(&spec))) {
        Ok(i) => i,
        Err(form) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &LessonPage::build(ctx, id, &spec, Some(module), None, form)?,
            )
        }
    };
    let slug = input.slug.clone();
    let result = edit(&state, &ctx, id, &format!("lesson {slug} added"), |spec| {
        if find_lesson(spec, &input.slug).is_some() {
            return Err(Stop::Refused(ctx.t1(
                "author-error-lesson-slug-taken",
                "slug",
                &input.slug,
            )));
        }
        let lesson = LessonSpec {
            slug: input.slug,
            title: input.title,
            body: input.body,
            resources: input.resources,
            checks: Vec::new(),
        };
        spec.modules
            .get_mut(module)
            .ok_or(Stop::NotFound)?
            .lessons
            .push(lesson);
        Ok(())
    })
    .await?;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &state,
            &format!("/staff/courses/{id}/lessons/{slug}/edit"),
            "author-flash-lesson-added",
        )),
        Err(r) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &LessonPage::build(ctx, id, &spec, Some(module), None, f.form())?.refused(r),
        ),
    }
}

pub async fn edit_lesson_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, slug)): Path<(i64, String)>,
) -> AppResult<Response> {
    let spec = load(&state, id).await?;
    let (m, i) = find_lesson(&spec, &slug).ok_or(AppError::NotFound)?;
    let form = lesson_form(&spec.modules[m].lessons[i]);
    render(&LessonPage::build(ctx, id, &spec, None, Some(&slug), form)?)
}

pub async fn update_lesson(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, slug)): Path<(i64, String)>,
    f: Fields,
) -> AppResult<Response> {
    let spec = load(&state, id).await?;
    find_lesson(&spec, &slug).ok_or(AppError::NotFound)?;
    if f.get("action") == "preview" {
        return render(&LessonPage::build(
            ctx,
            id,
            &spec,
            None,
            Some(&slug),
            f.form(),
        )?);
    }
    let input = match parse_lesson(&ctx, &f, None) {
        Ok(i) => i,
        Err(form) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &LessonPage::build(ctx, id, &spec, None, Some(&slug), form)?,
            )
        }
    };
    let result = edit(&state, &ctx, id, &format!("lesson {slug} edited"), |spec| {
        let lesson = lesson_mut(spec, &slug)?;
        lesson.title = input.title;
        lesson.body = input.body;
        lesson.resources = input.resources;
        Ok(())
    })
    .await?;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &state,
            &format!("/staff/courses/{id}/lessons/{slug}/edit"),
            "author-flash-saved",
        )),
        Err(r) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &LessonPage::build(ctx, id, &spec, None, Some(&slug), f.form())?.refused(r),
        ),
    }
}

#[derive(Template)]
#[template(path = "courses/author/lesson_delete.html")]
pub struct DeletePage {
    pub ctx: Ctx,
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub checks: i64,
    pub form: Form,
    pub problems: Vec<String>,
}

async fn delete_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    slug: String,
    form: Form,
    refusal: Option<Refusal>,
) -> AppResult<Response> {
    let spec = load(state, id).await?;
    let (m, i) = find_lesson(&spec, &slug).ok_or(AppError::NotFound)?;
    let l = &spec.modules[m].lessons[i];
    let mut page = DeletePage {
        title: l.title.clone(),
        checks: l.checks.len() as i64,
        ctx,
        id,
        slug,
        form,
        problems: Vec::new(),
    };
    if let Some(r) = refusal {
        page.form.general = Some(r.title);
        page.problems = r.problems;
    }
    let status = if page.form.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(status, &page)
}

pub async fn delete_lesson_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, slug)): Path<(i64, String)>,
) -> AppResult<Response> {
    delete_page(&state, ctx, id, slug, Form::new(), None).await
}

pub async fn delete_lesson(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, slug)): Path<(i64, String)>,
    f: Fields,
) -> AppResult<Response> {
    if f.get("confirm") != "1" {
        let mut form = f.form();
        form.add("confirm", ctx.t("author-error-confirm-delete"));
        return delete_page(&state, ctx, id, slug, form, None).await;
    }
    let result = edit(
        &state,
        &ctx,
        id,
        &format!("lesson {slug} deleted"),
        |spec| {
            let (m, i) = find_lesson(spec, &slug).ok_or(Stop::NotFound)?;
            spec.modules[m].lessons.remove(i);
            Ok(())
        },
    )
    .await?;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &state,
            &format!("/staff/courses/{id}"),
            "author-flash-deleted",
        )),
        Err(r) => delete_page(&state, ctx, id, slug, f.form(), Some(r)).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_tidied_and_section_headings_spotted() {
        assert_eq!(
            tidy_body("\r\n\r\nHello\r\n\r\nWorld\r\n  \r\n"),
            "Hello\n\nWorld"
        );
        assert!(section_heading("## Resources"));
        assert!(section_heading("## Check: why?"));
        assert!(section_heading("## Check (optional): why?"));
        assert!(!section_heading("## Checklist"));
        assert!(!section_heading("### Check: deeper"));
    }
}
