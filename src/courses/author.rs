//! Staff pages for writing courses.
//!
//! Every change loads the whole course as a `CourseSpec`, changes that, checks it and saves
//! it back with `model::save`, the path imports take too, so a course written here can
//! always be exported to files and imported again. Forms check their own fields first (in
//! the author's language, beside the field); `files::validate` then has the last word.

mod courses;
mod lessons;
mod outline;
mod questions;

pub use courses::{create, edit_form, list, new_form, update};
pub use lessons::{
    create_lesson, delete_lesson, delete_lesson_form, edit_lesson_form, new_lesson_form,
    update_lesson,
};
pub use outline::{
    add_module, delete_module, move_lesson, move_module, outline, publish, rename_module, unpublish,
};
pub use questions::{
    create_check, create_test_question, delete_check, delete_test_question, edit_check_form,
    edit_test_question_form, move_check, move_test_question, new_check_form,
    new_test_question_form, update_check, update_test_question,
};

use super::{
    files, model,
    spec::{ChoiceSpec, CourseSpec, LessonSpec, ModuleSpec, QuestionSpec},
};
use crate::{
    accounts::audit,
    app::AppState,
    db::is_unique_violation,
    web::{
        context::{Ctx, Num},
        error::{AppError, AppResult},
    },
};

/// The slug rule of course folders (files.rs keeps its own copy private): lesson slugs are
/// file names and course slugs are addresses.
pub const MAX_SLUG: usize = 80;

pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A slug suggested from a title: "Él niño's Home" becomes "el-nino-s-home". Empty when the
/// title has no Latin letters or digits at all.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ý' | 'ÿ' => 'y',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(MAX_SLUG);
    out.trim_end_matches('-').to_string()
}

/// Form text that the course files keep on one line: checks it is there, on one line and
/// short enough. `None` when it is fine.
pub fn one_line_error(ctx: &Ctx, text: &str, max: usize, required_key: &str) -> Option<String> {
    if text.is_empty() {
        Some(ctx.t(required_key))
    } else if text.contains(['\n', '\r']) {
        Some(ctx.t("author-error-one-line"))
    } else if text.chars().count() > max {
        Some(ctx.t1("author-error-too-long", "max", max))
    } else {
        None
    }
}

impl Ctx {
    /// A message whose `$count` picks the plural form; `t1` passes text, which never does.
    pub fn author_count(&self, key: &str, n: impl Num) -> String {
        self.lang.tn(key, n.int())
    }
}

/// Why a change was not saved, in words for the author: a heading and the problems.
#[derive(Clone, Debug, Default)]
pub struct Refusal {
    pub title: String,
    pub problems: Vec<String>,
}

/// What a change can answer instead of changing the course.
pub enum Stop {
    /// The module, lesson or question it was aimed at is not there (any more).
    NotFound,
    /// The change makes no sense for this course, e.g. deleting a module that has lessons.
    Refused(String),
}

/// Applies `change` to the course and saves it, as one transaction with its audit entry.
/// Returns the refusal instead when the change was refused or would leave the course in a
/// state it may not be in; then nothing is written.
pub async fn edit<T>(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    detail: &str,
    change: impl FnOnce(&mut CourseSpec) -> Result<T, Stop>,
) -> AppResult<Result<T, Refusal>> {
    let mut tx = state.db.tx().await?;
    // Two authors saving the same course must not overwrite each other's change with a
    // stale copy: on PostgreSQL the row lock queues them, on SQLite the write lock `tx`
    // already holds does. The course is then read through the pool, which sees the latest
    // committed state because no other edit can commit in between.
    let found = sqlx::query(&format!(
        "SELECT id FROM courses WHERE id = $1 {}",
        state.db.for_update()
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if found.is_none() {
        return Err(AppError::NotFound);
    }
    let before = model::load_spec(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut after = before.clone();
    let value = match change(&mut after) {
        Ok(v) => v,
        Err(Stop::NotFound) => return Err(AppError::NotFound),
        Err(Stop::Refused(why)) => {
            return Ok(Err(Refusal {
                title: ctx.t("author-refused"),
                problems: vec![why],
            }))
        }
    };
    if after == before {
        return Ok(Ok(value));
    }
    if let Some(r) = refusal(ctx, &before, &after) {
        return Ok(Err(r));
    }
    model::save(&mut tx, &after, ctx.user_id()).await?;
    audit::record(
        &mut *tx,
        ctx.user_id(),
        "course_edited",
        &format!("course:{id}"),
        &ctx.ip,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(value))
}

pub enum NotCreated {
    SlugTaken,
    Invalid(Refusal),
}

/// Saves a new course; refuses a slug that is taken, since `save` would otherwise replace
/// the course that has it.
pub async fn create_course(
    state: &AppState,
    ctx: &Ctx,
    spec: &CourseSpec,
) -> AppResult<Result<i64, NotCreated>> {
    let problems = content_problems(spec);
    if !problems.is_empty() {
        return Ok(Err(NotCreated::Invalid(Refusal {
            title: ctx.t("author-refused-invalid"),
            problems,
        })));
    }
    let mut tx = state.db.tx().await?;
    let taken = sqlx::query("SELECT id FROM courses WHERE slug = $1")
        .bind(&spec.slug)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Ok(Err(NotCreated::SlugTaken));
    }
    let id = match model::save(&mut tx, spec, ctx.user_id()).await {
        Ok(id) => id,
        // Another author took the slug between our check and our insert (PostgreSQL).
        Err(e) if is_unique_violation(&e) => return Ok(Err(NotCreated::SlugTaken)),
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut *tx,
        ctx.user_id(),
        "course_edited",
        &format!("course:{id}"),
        &ctx.ip,
        &format!("created {}", spec.slug),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Whether the change from `before` to `after` may be saved. A draft may be incomplete
/// (a module without lessons, an empty test) but not wrong; a published course must stay
/// complete, so learners never meet a half-built course.
fn refusal(ctx: &Ctx, before: &CourseSpec, after: &CourseSpec) -> Option<Refusal> {
    let old = content_problems(before);
    // Only what this change broke: a course imported under older rules stays editable.
    let new: Vec<String> = content_problems(after)
        .into_iter()
        .filter(|p| !old.contains(p))
        .collect();
    if !new.is_empty() {
        return Some(Refusal {
            title: ctx.t("author-refused-invalid"),
            problems: new,
        });
    }
    if after.published {
        let all = publish_problems(ctx, after);
        if !all.is_empty() {
            let key = if before.published {
                "author-refused-published"
            } else {
                "author-refused-publish"
            };
            return Some(Refusal {
                title: ctx.t(key),
                problems: all,
            });
        }
    }
    None
}

/// Everything that keeps a course from being published.
pub fn publish_problems(ctx: &Ctx, spec: &CourseSpec) -> Vec<String> {
    let mut out = completeness_problems(ctx, spec);
    out.extend(content_problems(spec));
    out
}

/// What is missing, in the author's language.
fn completeness_problems(ctx: &Ctx, spec: &CourseSpec) -> Vec<String> {
    let mut out = Vec::new();
    if spec.modules.iter().all(|m| m.lessons.is_empty()) {
        out.push(ctx.t("author-problem-no-lessons"));
    }
    for m in spec.modules.iter().filter(|m| m.lessons.is_empty()) {
        out.push(ctx.t1("author-problem-empty-module", "title", &m.title));
    }
    if spec.pretest.is_empty() {
        out.push(ctx.t("author-problem-no-pretest"));
    }
    if spec.posttest.is_empty() {
        out.push(ctx.t("author-problem-no-posttest"));
    }
    out
}

/// What is wrong (rather than missing), in `files::validate`'s words. The gaps a draft may
/// have are filled with placeholders first, so that only real mistakes are left.
fn content_problems(spec: &CourseSpec) -> Vec<String> {
    files::validate(&with_placeholders(spec))
}

fn with_placeholders(spec: &CourseSpec) -> CourseSpec {
    let mut s = spec.clone();
    let question = || QuestionSpec {
        prompt: "Placeholder".into(),
        multiple: false,
        required: true,
        choices: vec![
            ChoiceSpec {
                text: "Yes".into(),
                correct: true,
                feedback: String::new(),
            },
            ChoiceSpec {
                text: "No".into(),
                correct: false,
                feedback: String::new(),
            },
        ],
    };
    if s.modules.is_empty() {
        s.modules.push(ModuleSpec {
            title: "Placeholder".into(),
            lessons: Vec::new(),
        });
    }
    let mut k = 0;
    for mi in 0..s.modules.len() {
        if s.modules[mi].lessons.is_empty() {
            let slug = loop {
                k += 1;
                let slug = format!("placeholder-{k}");
                if find_lesson(&s, &slug).is_none() {
                    break slug;
                }
            };
            let lesson = LessonSpec {
                slug,
                title: "Placeholder".into(),
                body: "Placeholder".into(),
                resources: Vec::new(),
                checks: Vec::new(),
            };
            s.modules[mi].lessons.push(lesson);
        }
    }
    if s.pretest.is_empty() {
        s.pretest.push(question());
    }
    if s.posttest.is_empty() {
        s.posttest.push(question());
    }
    s
}

/// Where a lesson is: (module index, index within the module).
pub fn find_lesson(spec: &CourseSpec, slug: &str) -> Option<(usize, usize)> {
    spec.modules.iter().enumerate().find_map(|(m, module)| {
        module
            .lessons
            .iter()
            .position(|l| l.slug == slug)
            .map(|i| (m, i))
    })
}

pub fn lesson_mut<'a>(spec: &'a mut CourseSpec, slug: &str) -> Result<&'a mut LessonSpec, Stop> {
    let (m, i) = find_lesson(spec, slug).ok_or(Stop::NotFound)?;
    Ok(&mut spec.modules[m].lessons[i])
}

/// The spec for a page: 404 when the course does not exist.
pub async fn load(state: &AppState, id: i64) -> AppResult<CourseSpec> {
    model::load_spec(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// "up" or "down" from a move form.
pub fn direction(f: &crate::web::form::Fields) -> AppResult<bool> {
    match f.get("dir") {
        "up" => Ok(true),
        "down" => Ok(false),
        _ => Err(AppError::BadRequest("dir must be up or down".into())),
    }
}

/// Moves item `i` one place up or down; false when it is already at that end.
pub fn shift<T>(list: &mut [T], i: usize, up: bool) -> bool {
    match (up, i) {
        (true, 0) => false,
        (true, i) if i < list.len() => {
            list.swap(i, i - 1);
            true
        }
        (false, i) if i + 1 < list.len() => {
            list.swap(i, i + 1);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_titles() {
        assert_eq!(
            slugify("Voluntary Services in Practice"),
            "voluntary-services-in-practice"
        );
        assert_eq!(slugify("  Él niño's  Home! "), "el-nino-s-home");
        assert_eq!(slugify("¿Qué?"), "que");
        assert_eq!(slugify("日本"), "");
        assert!(slugify(&"a b ".repeat(60)).len() <= MAX_SLUG);
        assert!(valid_slug(&slugify(&"a b ".repeat(60))));
        for bad in ["", "-a", "a-", "A", "a b", "a_b", &"a".repeat(81)] {
            assert!(!valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn shifting() {
        let mut v = vec![1, 2, 3];
        assert!(!shift(&mut v, 0, true));
        assert!(shift(&mut v, 0, false));
        assert_eq!(v, [2, 1, 3]);
        assert!(!shift(&mut v, 2, false));
        assert!(!shift(&mut v, 5, true));
    }
}
