//! What a course taught, measured: pre- and post-test scores paired per learner, the
//! average gain per course and per organization, completions and evaluations; and for a
//! program manager, which of their staff finished which courses.

use std::collections::BTreeMap;

use askama::Template;
use axum::{
    extract::{Path, State},
    response::Response,
};
use sqlx::Row;

use super::model::{self, Course};
use crate::{
    app::AppState,
    db::Db,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        pages::render,
    },
};

/// One learner's scores in a course.
pub struct Scores {
    pub user_id: i64,
    pub pre: Option<i64>,
    pub post: Option<i64>,
    pub completed: bool,
}

/// Pre-test against the latest post-test, for learners who took both.
#[derive(Default, Clone)]
pub struct Gain {
    pub pairs: i64,
    pub pre_avg: f64,
    pub post_avg: f64,
}

impl Gain {
    fn from(scores: &[&Scores]) -> Gain {
        let paired: Vec<(i64, i64)> = scores
            .iter()
            .filter_map(|s| Some((s.pre?, s.post?)))
            .collect();
        if paired.is_empty() {
            return Gain::default();
        }
        let n = paired.len() as f64;
        Gain {
            pairs: paired.len() as i64,
            pre_avg: paired.iter().map(|p| p.0 as f64).sum::<f64>() / n,
            post_avg: paired.iter().map(|p| p.1 as f64).sum::<f64>() / n,
        }
    }

    pub fn gain(&self) -> f64 {
        self.post_avg - self.pre_avg
    }

    pub fn pre_text(&self) -> String {
        format!("{:.0}%", self.pre_avg)
    }
    pub fn post_text(&self) -> String {
        format!("{:.0}%", self.post_avg)
    }
    /// Signed, in percentage points.
    pub fn gain_text(&self) -> String {
        format!("{:+.1}", self.gain())
    }
}

pub async fn scores(db: &Db, course_id: i64) -> sqlx::Result<Vec<Scores>> {
    let rows = sqlx::query(
        "SELECT e.user_id, e.completed_at, \
           (SELECT a.score FROM test_attempts a WHERE a.enrollment_id = e.id AND a.part = 'pre' AND a.submitted_at IS NOT NULL ORDER BY a.number LIMIT 1) AS pre, \
           (SELECT a.score FROM test_attempts a WHERE a.enrollment_id = e.id AND a.part = 'post' AND a.submitted_at IS NOT NULL ORDER BY a.number DESC LIMIT 1) AS post \
         FROM enrollments e WHERE e.course_id = $1",
    )
    .bind(course_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Scores {
                user_id: r.try_get("user_id")?,
                pre: r.try_get("pre")?,
                post: r.try_get("post")?,
                completed: r.try_get::<Option<i64>, _>("completed_at")?.is_some(),
            })
        })
        .collect()
}

pub struct OrgGain {
    pub org_id: i64,
    pub name: String,
    pub learners: i64,
    pub completed: i64,
    pub gain: Gain,
}

pub struct Evaluations {
    pub count: i64,
    pub averages: Vec<(String, String)>,
    pub comments: Vec<String>,
}

#[derive(Template)]
#[template(path = "courses/report.html")]
pub struct CourseReport {
    pub ctx: Ctx,
    pub course: Course,
    pub enrolled: i64,
    pub completed: i64,
    pub gain: Gain,
    pub by_org: Vec<OrgGain>,
    pub evaluations: Evaluations,
}

pub async fn course_report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let course = model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let all = scores(&state.db, id).await?;
    let refs: Vec<&Scores> = all.iter().collect();
    // A learner may belong to several organizations; they count in each.
    let rows = sqlx::query("SELECT m.user_id, o.id, o.name FROM memberships m JOIN organizations o ON o.id = m.org_id JOIN enrollments e ON e.user_id = m.user_id WHERE e.course_id = $1")
        .bind(id)
        .fetch_all(&state.db.pool)
        .await?;
    let mut orgs_of: BTreeMap<(String, i64), Vec<i64>> = BTreeMap::new();
    for r in &rows {
        orgs_of
            .entry((r.try_get("name")?, r.try_get("id")?))
            .or_default()
            .push(r.try_get("user_id")?);
    }
    let by_org = orgs_of
        .into_iter()
        .map(|((name, org_id), users)| {
            let s: Vec<&Scores> = all.iter().filter(|s| users.contains(&s.user_id)).collect();
            OrgGain {
                org_id,
                name,
                learners: s.len() as i64,
                completed: s.iter().filter(|x| x.completed).count() as i64,
                gain: Gain::from(&s),
            }
        })
        .collect();
    let evaluations = evaluations(&state.db, id).await?;
    render(&CourseReport {
        enrolled: all.len() as i64,
        completed: all.iter().filter(|s| s.completed).count() as i64,
        gain: Gain::from(&refs),
        by_org,
        evaluations,
        ctx,
        course,
    })
}

async fn evaluations(db: &Db, course_id: i64) -> sqlx::Result<Evaluations> {
    let rows = sqlx::query(
        "SELECT v.relevance, v.clarity, v.usefulness, v.comment FROM course_evaluations v JOIN enrollments e ON e.id = v.enrollment_id \
         WHERE e.course_id = $1 ORDER BY v.created_at DESC",
    )
    .bind(course_id)
    .fetch_all(&db.pool)
    .await?;
    let n = rows.len() as f64;
    let mut averages = Vec::new();
    for col in super::learn::RATINGS {
        let sum: i64 = rows
            .iter()
            .map(|r| r.try_get::<i64, _>(*col).unwrap_or(0))
            .sum();
        let avg = if n > 0.0 {
            format!("{:.1}", sum as f64 / n)
        } else {
            "–".into()
        };
        averages.push((col.to_string(), avg));
    }
    let comments = rows
        .iter()
        .filter_map(|r| r.try_get::<String, _>("comment").ok())
        .filter(|c| !c.trim().is_empty())
        .take(50)
        .collect();
    Ok(Evaluations {
        count: rows.len() as i64,
        averages,
        comments,
    })
}
