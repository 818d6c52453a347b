//! The institute's three demo courses (shipped in `content/courses`, compiled in so the demo
//! works from any folder) and demo learners at every stage: not started, part-way, failed
//! once then passed, completed with a certificate and an evaluation.

use std::collections::{BTreeMap, HashMap};

use include_dir::{include_dir, Dir};

use crate::{
    app::AppState,
    courses::{
        files, model,
        model::{Course, PART_POST, PART_PRE},
        progress,
        spec::CourseSpec,
    },
};

static CONTENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content/courses");

/// The shipped course folders, read and checked like any import.
pub fn shipped() -> anyhow::Result<Vec<CourseSpec>> {
    let mut out = Vec::new();
    for dir in CONTENT.dirs() {
        let mut files_in = BTreeMap::new();
        collect(dir, dir.path(), &mut files_in);
        let spec = files::parse(&files_in).map_err(|e| {
            anyhow::anyhow!(
                "{}: {}",
                dir.path().display(),
                e.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })?;
        out.push(spec);
    }
    Ok(out)
}

fn collect(dir: &Dir<'_>, root: &std::path::Path, out: &mut BTreeMap<String, String>) {
    for f in dir.files() {
        if let (Ok(rel), Some(text)) = (f.path().strip_prefix(root), f.contents_utf8()) {
            out.insert(rel.to_string_lossy().replace('\\', "/"), text.to_string());
        }
    }
    for d in dir.dirs() {
        collect(d, root, out);
    }
}

/// How far a demo learner got: which course, how many lessons seen, and the share of test
/// answers right on the pre-test and on each post-test attempt.
struct Stage {
    email: &'static str,
    course: &'static str,
    lessons: usize,
    pre_right: f64,
    post_right: &'static [f64],
    evaluation: Option<([i64; 3], &'static str)>,
}

const STAGES: &[Stage] = &[
    Stage {
        email: "priya@harborlight.example.org",
        course: "voluntary-services-in-practice",
        lessons: 99,
        pre_right: 0.5,
        post_right: &[1.0],
        evaluation: Some((
            [5, 5, 5],
            "The rewrite exercise changed how our team talks about the phone rule.",
        )),
    },
    Stage {
        email: "priya@harborlight.example.org",
        course: "trauma-informed-approach",
        lessons: 3,
        pre_right: 0.625,
        post_right: &[],
        evaluation: None,
    },
    Stage {
        email: "tomas@harborlight.example.org",
        course: "trauma-informed-approach",
        lessons: 99,
        pre_right: 0.375,
        post_right: &[0.875],
        evaluation: Some(([4, 5, 4], "More scenarios for overnight staff, please.")),
    },
    Stage {
        email: "tomas@harborlight.example.org",
        course: "voluntary-services-in-practice",
        lessons: 0,
        pre_right: 0.5,
        post_right: &[],
        evaluation: None,
    },
    Stage {
        email: "jordan@mesaverdelegal.example.org",
        course: "rights-based-work-with-survivors",
        lessons: 5,
        pre_right: 0.5,
        post_right: &[],
        evaluation: None,
    },
    Stage {
        email: "aisha@lakeshoreoutreach.example.org",
        course: "rights-based-work-with-survivors",
        lessons: 99,
        pre_right: 0.25,
        post_right: &[0.625, 1.0],
        evaluation: Some(([5, 4, 5], "")),
    },
    Stage {
        email: "ruth@piedmonthealth.example.org",
        course: "voluntary-services-in-practice",
        lessons: 0,
        pre_right: -1.0,
        post_right: &[],
        evaluation: None,
    },
];

/// Loads the courses (replacing earlier versions of them) and, once, the learners' progress.
pub async fn load(state: &AppState, people: &HashMap<&str, i64>) -> anyhow::Result<()> {
    let specs = shipped()?;
    crate::courses::cli::import(&state.db, &specs).await?;
    for s in STAGES {
        let Some(&uid) = people.get(s.email) else {
            continue;
        };
        let Some(course) = model::by_slug(&state.db, s.course).await? else {
            continue;
        };
        if progress::enrollment(&state.db, uid, course.id)
            .await?
            .is_some()
        {
            continue;
        }
        let e = progress::enroll(&state.db, uid, course.id).await?;
        if s.pre_right < 0.0 {
            continue;
        }
        take_test(state, &course, e.id, PART_PRE, s.pre_right).await?;
        let outline = model::outline(&state.db, course.id).await?;
        for l in outline
            .iter()
            .flat_map(|m| m.lessons.iter())
            .take(s.lessons)
        {
            progress::record_view(&state.db, e.id, l.id).await?;
            for q in model::lesson_checks(&state.db, l.id).await? {
                if q.required {
                    progress::answer_check(&state.db, e.id, &q, &right_answer(&q)).await?;
                }
            }
        }
        for &share in s.post_right {
            take_test(state, &course, e.id, PART_POST, share).await?;
        }
        let name: String = sqlx::Row::try_get(
            &sqlx::query("SELECT name FROM users WHERE id = $1")
                .bind(uid)
                .fetch_one(&state.db.pool)
                .await?,
            "name",
        )?;
        progress::complete_if_done(state, &course, &e, &name).await?;
        if let Some((ratings, comment)) = s.evaluation {
            progress::save_evaluation(&state.db, e.id, ratings, comment).await?;
        }
    }
    Ok(())
}

fn right_answer(q: &model::Question) -> Vec<usize> {
    q.choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.correct)
        .map(|(i, _)| i)
        .collect()
}

/// Answers the first `share` of the questions right and the rest wrong, then submits.
async fn take_test(
    state: &AppState,
    course: &Course,
    enrollment_id: i64,
    part: &str,
    share: f64,
) -> anyhow::Result<()> {
    let Some(attempt) = progress::open_attempt(&state.db, course, enrollment_id, part).await?
    else {
        return Ok(());
    };
    let questions = model::test_questions(&state.db, course.id, part).await?;
    let right = (questions.len() as f64 * share).round() as usize;
    for (i, q) in questions.iter().enumerate() {
        let answer = if i < right {
            right_answer(q)
        } else {
            vec![q.choices.iter().position(|c| !c.correct).unwrap_or(0)]
        };
        progress::answer_test(&state.db, attempt.id, q, &answer).await?;
    }
    progress::submit_attempt(&state.db, course, attempt.id, &questions).await?;
    Ok(())
}
