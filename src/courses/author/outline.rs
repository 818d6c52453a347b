//! The outline editor: modules and their lessons in order, the two tests, and publishing.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};

use super::{
    direction, edit, find_lesson, load, one_line_error, publish_problems, shift, Refusal, Stop,
};
use crate::{
    app::AppState,
    courses::spec::{CourseSpec, ModuleSpec, QuestionSpec, MAX_TITLE},
    web::{
        context::Ctx,
        error::AppResult,
        form::{redirect_with_flash, Fields, Form},
        pages::render_status,
    },
};

pub struct ModuleView {
    pub n: usize,
    pub title: String,
    /// What the rename box shows: the title, or what was typed when it was refused.
    pub field_value: String,
    pub field_error: Option<String>,
    pub lessons: Vec<LessonView>,
    pub first: bool,
    pub last: bool,
}

pub struct LessonView {
    pub slug: String,
    pub title: String,
    pub checks: i64,
    pub can_up: bool,
    pub can_down: bool,
}

pub struct QuestionView {
    pub n: usize,
    pub prompt: String,
    pub multiple: bool,
    pub choices: i64,
    pub first: bool,
    pub last: bool,
}

pub fn question_views(qs: &[QuestionSpec]) -> Vec<QuestionView> {
    qs.iter()
        .enumerate()
        .map(|(n, q)| QuestionView {
            n,
            prompt: q.prompt.clone(),
            multiple: q.multiple,
            choices: q.choices.len() as i64,
            first: n == 0,
            last: n + 1 == qs.len(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "courses/author/outline.html")]
pub struct OutlinePage {
    pub ctx: Ctx,
    pub id: i64,
    pub spec: CourseSpec,
    pub modules: Vec<ModuleView>,
    pub pretest: Vec<QuestionView>,
    pub posttest: Vec<QuestionView>,
    /// Errors of the rename and add-module boxes, keyed `module-N` and `new-module`.
    pub form: Form,
    pub problems: Vec<String>,
    pub pre_base: String,
    pub post_base: String,
}

/// The outline page; `form` and `refusal` explain a change that was not made.
pub async fn page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    form: Form,
    refusal: Option<Refusal>,
) -> AppResult<Response> {
    let spec = load(state, id).await?;
    let count = spec.modules.len();
    let modules = spec
        .modules
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let key = format!("module-{n}");
            let lessons = m
                .lessons
                .iter()
                .enumerate()
                .map(|(i, l)| LessonView {
                    slug: l.slug.clone(),
                    title: l.title.clone(),
                    checks: l.checks.len() as i64,
                    can_up: n > 0 || i > 0,
                    can_down: n + 1 < count || i + 1 < m.lessons.len(),
                })
                .collect();
            ModuleView {
                n,
                title: m.title.clone(),
                field_value: form
                    .values
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| m.title.clone()),
                field_error: form.err(&key).cloned(),
                lessons,
                first: n == 0,
                last: n + 1 == count,
            }
        })
        .collect();
    let mut form = form;
    let problems = match refusal {
        Some(r) => {
            form.general = Some(r.title);
            r.problems
        }
        None => Vec::new(),
    };
    let status = if form.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let p = OutlinePage {
        pretest: question_views(&spec.pretest),
        posttest: question_views(&spec.posttest),
        pre_base: format!("/staff/courses/{id}/tests/pre/questions"),
        post_base: format!("/staff/courses/{id}/tests/post/questions"),
        ctx,
        id,
        spec,
        modules,
        form,
        problems,
    };
    render_status(status, &p)
}

pub async fn outline(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    page(&state, ctx, id, Form::new(), None).await
}

/// Where to go after an outline change, or the outline again with the reason it was refused.
async fn done(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    result: Result<(), Refusal>,
    flash: &str,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(redirect_with_flash(
            state,
            &format!("/staff/courses/{id}"),
            flash,
        )),
        Err(r) => page(state, ctx, id, Form::new(), Some(r)).await,
    }
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let result = edit(&state, &ctx, id, "published", |spec| {
        spec.published = true;
        Ok(())
    })
    .await?;
    // `edit` saves nothing when nothing changed, so an already published course that has
    // since become incomplete (imported under older rules) still gets its problems listed.
    let result = match result {
        Ok(()) => {
            let spec = load(&state, id).await?;
            let problems = publish_problems(&ctx, &spec);
            if spec.published && !problems.is_empty() {
                Err(Refusal {
                    title: ctx.t("author-refused-publish"),
                    problems,
                })
            } else {
                Ok(())
            }
        }
        Err(r) => Err(r),
    };
    done(&state, ctx, id, result, "author-flash-published").await
}

pub async fn unpublish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let result = edit(&state, &ctx, id, "unpublished", |spec| {
        spec.published = false;
        Ok(())
    })
    .await?;
    done(&state, ctx, id, result, "author-flash-unpublished").await
}

pub async fn add_module(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let typed = f.text("title").to_string();
    if !typed.is_empty() {
        if let Some(e) = one_line_error(&ctx, &typed, MAX_TITLE, "author-error-title-required") {
            let mut form = Form::new().with("new-module", typed);
            form.add("new-module", e);
            return page(&state, ctx, id, form, None).await;
        }
    }
    let default_title = |n: usize| ctx.t1("author-module-default", "n", n);
    let result = edit(&state, &ctx, id, "module added", |spec| {
        let title = if typed.is_empty() {
            default_title(spec.modules.len() + 1)
        } else {
            typed.clone()
        };
        spec.modules.push(ModuleSpec {
            title,
            lessons: Vec::new(),
        });
        Ok(())
    })
    .await?;
    done(&state, ctx, id, result, "author-flash-module-added").await
}

pub async fn rename_module(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, n)): Path<(i64, usize)>,
    f: Fields,
) -> AppResult<Response> {
    let title = f.text("title").to_string();
    if let Some(e) = one_line_error(&ctx, &title, MAX_TITLE, "author-error-title-required") {
        let key = format!("module-{n}");
        let mut form = Form::new().with(&key, title);
        form.add(&key, e);
        return page(&state, ctx, id, form, None).await;
    }
    let result = edit(
        &state,
        &ctx,
        id,
        &format!("module {} renamed", n + 1),
        |spec| {
            spec.modules.get_mut(n).ok_or(Stop::NotFound)?.title = title;
            Ok(())
        },
    )
    .await?;
    done(&state, ctx, id, result, "author-flash-saved").await
}

pub async fn move_module(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, n)): Path<(i64, usize)>,
    f: Fields,
) -> AppResult<Response> {
    let up = direction(&f)?;
    let result = edit(
        &state,
        &ctx,
        id,
        &format!("module {} moved", n + 1),
        |spec| {
            if n >= spec.modules.len() {
                return Err(Stop::NotFound);
            }
            shift(&mut spec.modules, n, up);
            Ok(())
        },
    )
    .await?;
    done(&state, ctx, id, result, "author-flash-moved").await
}

pub async fn delete_module(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, n)): Path<(i64, usize)>,
) -> AppResult<Response> {
    let result = edit(
        &state,
        &ctx,
        id,
        &format!("module {} deleted", n + 1),
        |spec| {
            let module = spec.modules.get(n).ok_or(Stop::NotFound)?;
            if !module.lessons.is_empty() {
                return Err(Stop::Refused(ctx.t1(
                    "author-error-module-not-empty",
                    "title",
                    &module.title,
                )));
            }
            if spec.modules.len() == 1 {
                return Err(Stop::Refused(ctx.t("author-error-last-module")));
            }
            spec.modules.remove(n);
            Ok(())
        },
    )
    .await?;
    done(&state, ctx, id, result, "author-flash-deleted").await
}

/// Moves a lesson one place; past the start or end of its module it joins the end of the
/// module before or the start of the module after.
fn move_lesson_in(spec: &mut CourseSpec, slug: &str, up: bool) -> Result<(), Stop> {
    let (m, i) = find_lesson(spec, slug).ok_or(Stop::NotFound)?;
    if shift(&mut spec.modules[m].lessons, i, up) {
        return Ok(());
    }
    if up && m > 0 {
        let lesson = spec.modules[m].lessons.remove(i);
        spec.modules[m - 1].lessons.push(lesson);
    } else if !up && m + 1 < spec.modules.len() {
        let lesson = spec.modules[m].lessons.remove(i);
        spec.modules[m + 1].lessons.insert(0, lesson);
    }
    Ok(())
}

pub async fn move_lesson(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, slug)): Path<(i64, String)>,
    f: Fields,
) -> AppResult<Response> {
    let up = direction(&f)?;
    let result = edit(&state, &ctx, id, &format!("lesson {slug} moved"), |spec| {
        move_lesson_in(spec, &slug, up)
    })
    .await?;
    done(&state, ctx, id, result, "author-flash-moved").await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::courses::spec::LessonSpec;

    fn lesson(slug: &str) -> LessonSpec {
        LessonSpec {
            slug: slug.into(),
            title: slug.into(),
            body: String::new(),
            resources: vec![],
            checks: vec![],
        }
    }

    fn shape(spec: &CourseSpec) -> Vec<Vec<String>> {
        spec.modules
            .iter()
            .map(|m| m.lessons.iter().map(|l| l.slug.clone()).collect())
            .collect()
    }

    #[test]
    fn lessons_cross_module_boundaries() {
        let mut spec = CourseSpec {
            slug: "c".into(),
            title: "C".into(),
            summary: String::new(),
            objectives: vec![],
            audience: vec![],
            topics: vec![],
            language: "en".into(),
            hours_x100: 100,
            ce_hours_x100: 0,
            passing_score: 80,
            max_attempts: 0,
            published: false,
            modules: vec![
                ModuleSpec {
                    title: "A".into(),
                    lessons: vec![lesson("a1"), lesson("a2")],
                },
                ModuleSpec {
                    title: "B".into(),
                    lessons: vec![lesson("b1")],
                },
            ],
            pretest: vec![],
            posttest: vec![],
        };
        move_lesson_in(&mut spec, "b1", true).ok().unwrap();
        assert_eq!(shape(&spec), [vec!["a1", "a2", "b1"], vec![]]);
        move_lesson_in(&mut spec, "b1", false).ok().unwrap();
        assert_eq!(shape(&spec), [vec!["a1", "a2"], vec!["b1"]]);
        move_lesson_in(&mut spec, "a2", false).ok().unwrap();
        assert_eq!(shape(&spec), [vec!["a1"], vec!["a2", "b1"]]);
        move_lesson_in(&mut spec, "a1", true).ok().unwrap();
        assert_eq!(
            shape(&spec),
            [vec!["a1"], vec!["a2", "b1"]],
            "the very first lesson stays"
        );
        assert!(matches!(
            move_lesson_in(&mut spec, "zz", true),
            Err(Stop::NotFound)
        ));
    }
}
