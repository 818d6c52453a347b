//! The public catalog, a course's page, enrolling, and the learner's own overview.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use serde::Deserialize;

use super::{
    model::{self, Course, Filter, Module},
    progress::{self, Enrollment, Progress},
};
use crate::{
    app::AppState,
    certificates::{self, Certificate},
    courses::spec::hours_text,
    topics::{AUDIENCES, LANGUAGES, TOPICS},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::redirect_with_flash,
        pages::render,
    },
};

#[derive(Deserialize, Default)]
pub struct CatalogQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub length: String,
}

pub const LENGTHS: &[&str] = &["short", "medium", "long"];

impl CatalogQuery {
    /// Unknown filter values are ignored rather than answered with an error, as a search
    /// box would.
    pub fn filter(&self) -> Filter {
        let keep = |v: &str, allowed: &[&str]| {
            if allowed.contains(&v) {
                v.to_string()
            } else {
                String::new()
            }
        };
        Filter {
            q: self.q.chars().take(200).collect(),
            topic: keep(&self.topic, TOPICS),
            audience: keep(&self.audience, AUDIENCES),
            language: keep(&self.language, LANGUAGES),
            length: keep(&self.length, LENGTHS),
            include_drafts: false,
        }
    }
}

pub struct CatalogItem {
    pub course: Course,
    pub progress: Option<Progress>,
}

#[derive(Template)]
#[template(path = "courses/catalog.html")]
pub struct CatalogPage {
    pub ctx: Ctx,
    pub filter: Filter,
    pub items: Vec<CatalogItem>,
    pub topics: &'static [&'static str],
    pub audiences: &'static [&'static str],
    pub languages: &'static [&'static str],
    pub lengths: &'static [&'static str],
}

pub async fn catalog(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CatalogQuery>,
) -> AppResult<Response> {
    let filter = q.filter();
    let courses = model::list(&state.db, &filter).await?;
    let mut items = Vec::new();
    for course in courses {
        let progress = match ctx.user_id() {
            Some(uid) => match progress::enrollment(&state.db, uid, course.id).await? {
                Some(e) => Some(progress::progress(&state.db, course.id, &e).await?),
                None => None,
            },
            None => None,
        };
        items.push(CatalogItem { course, progress });
    }
    render(&CatalogPage {
        ctx,
        filter,
        items,
        topics: TOPICS,
        audiences: AUDIENCES,
        languages: LANGUAGES,
        lengths: LENGTHS,
    })
}

/// A published course, or a draft for staff previewing it.
pub async fn visible(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Course> {
    let course = model::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !course.published && !ctx.is_at_least(crate::accounts::model::Role::Staff) {
        return Err(AppError::NotFound);
    }
    Ok(course)
}

#[derive(Template)]
#[template(path = "courses/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub course: Course,
    pub outline: Vec<Module>,
    pub lesson_count: usize,
    pub enrollment: Option<Enrollment>,
    pub progress: Option<Progress>,
    pub viewed: Vec<i64>,
    pub certificate: Option<Certificate>,
    /// Lessons open once enrolled and past the pre-test.
    pub lessons_open: bool,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let course = visible(&state, &ctx, &slug).await?;
    let outline = model::outline(&state.db, course.id).await?;
    let lesson_count = outline.iter().map(|m| m.lessons.len()).sum();
    let (mut enrollment, mut prog, mut viewed, mut certificate) = (None, None, Vec::new(), None);
    if let Some(uid) = ctx.user_id() {
        if let Some(e) = progress::enrollment(&state.db, uid, course.id).await? {
            prog = Some(progress::progress(&state.db, course.id, &e).await?);
            viewed = progress::viewed_lessons(&state.db, e.id).await?;
            certificate = certificates::model::for_source(
                &state.db,
                certificates::model::KIND_COURSE,
                course.id,
                uid,
            )
            .await?;
            enrollment = Some(e);
        }
    }
    let lessons_open = prog.as_ref().is_some_and(|p| p.pretest_done);
    render(&ShowPage {
        ctx,
        course,
        outline,
        lesson_count,
        enrollment,
        progress: prog,
        viewed,
        certificate,
        lessons_open,
    })
}

pub async fn enroll(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let course = visible(&state, &ctx, &slug).await?;
    if !course.published {
        return Err(AppError::BadRequest(ctx.t("error-course-draft")));
    }
    progress::enroll(&state.db, user.id, course.id).await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/courses/{}/continue", course.slug),
        "flash-course-enrolled",
    ))
}

pub struct MyCourse {
    pub course: Course,
    pub enrollment: Enrollment,
    pub progress: Progress,
}

#[derive(Template)]
#[template(path = "courses/learning.html")]
pub struct LearningPage {
    pub ctx: Ctx,
    pub in_progress: Vec<MyCourse>,
    pub completed: Vec<MyCourse>,
    pub certificates: Vec<Certificate>,
    /// Across every course enrolled in, 0–100.
    pub overall: i64,
    pub hours: String,
    pub ce_hours: String,
}

pub async fn my_learning(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mut in_progress = Vec::new();
    let mut completed = Vec::new();
    for e in progress::for_user(&state.db, user.id).await? {
        let Some(course) = model::by_id(&state.db, e.course_id).await? else {
            continue;
        };
        let p = progress::progress(&state.db, course.id, &e).await?;
        let item = MyCourse {
            course,
            enrollment: e,
            progress: p,
        };
        if item.enrollment.completed_at.is_some() {
            completed.push(item);
        } else {
            in_progress.push(item);
        }
    }
    let certificates = certificates::model::for_user(&state.db, user.id).await?;
    let n = in_progress.len() + completed.len();
    let overall = if n == 0 {
        0
    } else {
        (in_progress
            .iter()
            .chain(completed.iter())
            .map(|c| c.progress.percent)
            .sum::<i64>())
            / n as i64
    };
    let valid = certificates.iter().filter(|c| !c.revoked());
    let (h, ce) = valid.fold((0, 0), |(h, ce), c| {
        (h + c.hours_x100, ce + c.ce_hours_x100)
    });
    render(&LearningPage {
        ctx,
        in_progress,
        completed,
        certificates,
        overall,
        hours: hours_text(h),
        ce_hours: hours_text(ce),
    })
}
