//! A learner's way through a course. Every step is its own row written the moment it
//! happens (a lesson seen, a check answered, a test answer chosen), with inserts that never
//! overwrite another tab's work, so a dropped connection or a second tab loses nothing.

use serde::Serialize;
use sqlx::{any::AnyRow, Row};

use super::model::{self, Course, Question, PART_POST, PART_PRE};
use crate::{
    app::AppState,
    certificates::{self, model::KIND_COURSE, Certificate},
    db::{now, Db},
};

#[derive(Clone, Debug, Serialize)]
pub struct Enrollment {
    pub id: i64,
    pub user_id: i64,
    pub course_id: i64,
    pub enrolled_at: i64,
    pub last_lesson_id: Option<i64>,
    pub completed_at: Option<i64>,
}

fn enrollment_from_row(r: &AnyRow) -> sqlx::Result<Enrollment> {
    Ok(Enrollment {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        course_id: r.try_get("course_id")?,
        enrolled_at: r.try_get("enrolled_at")?,
        last_lesson_id: r.try_get("last_lesson_id")?,
        completed_at: r.try_get("completed_at")?,
    })
}

pub async fn enrollment(db: &Db, user_id: i64, course_id: i64) -> sqlx::Result<Option<Enrollment>> {
    let row = sqlx::query("SELECT id, user_id, course_id, enrolled_at, last_lesson_id, completed_at FROM enrollments WHERE user_id = $1 AND course_id = $2")
        .bind(user_id)
        .bind(course_id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(enrollment_from_row).transpose()
}

/// Enrolling twice is harmless: the second request finds the first enrollment.
pub async fn enroll(db: &Db, user_id: i64, course_id: i64) -> sqlx::Result<Enrollment> {
    let t = now();
    sqlx::query("INSERT INTO enrollments (user_id, course_id, enrolled_at, last_active_at) VALUES ($1, $2, $3, $3) ON CONFLICT (user_id, course_id) DO NOTHING")
        .bind(user_id)
        .bind(course_id)
        .bind(t)
        .execute(&db.pool)
        .await?;
    enrollment(db, user_id, course_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

pub async fn for_user(db: &Db, user_id: i64) -> sqlx::Result<Vec<Enrollment>> {
    let rows = sqlx::query("SELECT id, user_id, course_id, enrolled_at, last_lesson_id, completed_at FROM enrollments WHERE user_id = $1 ORDER BY last_active_at DESC, id DESC")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(enrollment_from_row).collect()
}

pub async fn record_view(db: &Db, enrollment_id: i64, lesson_id: i64) -> sqlx::Result<()> {
    let t = now();
    sqlx::query("INSERT INTO lesson_views (enrollment_id, lesson_id, viewed_at) VALUES ($1, $2, $3) ON CONFLICT (enrollment_id, lesson_id) DO NOTHING")
        .bind(enrollment_id)
        .bind(lesson_id)
        .bind(t)
        .execute(&db.pool)
        .await?;
    sqlx::query("UPDATE enrollments SET last_lesson_id = $1, last_active_at = $2 WHERE id = $3")
        .bind(lesson_id)
        .bind(t)
        .bind(enrollment_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub fn choices_to_db(chosen: &[usize]) -> String {
    chosen
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn choices_from_db(s: &str) -> Vec<usize> {
    s.split(',').filter_map(|x| x.parse().ok()).collect()
}

/// A knowledge check may be answered again; the latest answer counts.
pub async fn answer_check(
    db: &Db,
    enrollment_id: i64,
    q: &Question,
    chosen: &[usize],
) -> sqlx::Result<()> {
    let t = now();
    sqlx::query(
        "INSERT INTO check_answers (enrollment_id, question_id, choices, correct, answered_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (enrollment_id, question_id) DO UPDATE SET choices = excluded.choices, correct = excluded.correct, answered_at = excluded.answered_at",
    )
    .bind(enrollment_id)
    .bind(q.id)
    .bind(choices_to_db(chosen))
    .bind(q.is_correct(chosen) as i64)
    .bind(t)
    .execute(&db.pool)
    .await?;
    sqlx::query("UPDATE enrollments SET last_active_at = $1 WHERE id = $2")
        .bind(t)
        .bind(enrollment_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The learner's answers to a lesson's checks, by question id.
pub async fn check_answers(
    db: &Db,
    enrollment_id: i64,
) -> sqlx::Result<std::collections::HashMap<i64, Vec<usize>>> {
    let rows =
        sqlx::query("SELECT question_id, choices FROM check_answers WHERE enrollment_id = $1")
            .bind(enrollment_id)
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("question_id")?,
                choices_from_db(&r.try_get::<String, _>("choices")?),
            ))
        })
        .collect()
}

#[derive(Clone, Debug, Serialize)]
pub struct Attempt {
    pub id: i64,
    pub part: String,
    pub number: i64,
    pub submitted_at: Option<i64>,
    pub score: Option<i64>,
    pub passed: Option<bool>,
}

fn attempt_from_row(r: &AnyRow) -> sqlx::Result<Attempt> {
    Ok(Attempt {
        id: r.try_get("id")?,
        part: r.try_get("part")?,
        number: r.try_get("number")?,
        submitted_at: r.try_get("submitted_at")?,
        score: r.try_get("score")?,
        passed: r.try_get::<Option<i64>, _>("passed")?.map(|p| p != 0),
    })
}

pub async fn attempts(db: &Db, enrollment_id: i64, part: &str) -> sqlx::Result<Vec<Attempt>> {
    let rows = sqlx::query("SELECT id, part, number, submitted_at, score, passed FROM test_attempts WHERE enrollment_id = $1 AND part = $2 ORDER BY number")
        .bind(enrollment_id)
        .bind(part)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(attempt_from_row).collect()
}

/// The attempt in progress, started if there is none and another is allowed. Two tabs
/// starting at once agree on one attempt: the second insert of the same number is a no-op.
pub async fn open_attempt(
    db: &Db,
    course: &Course,
    enrollment_id: i64,
    part: &str,
) -> sqlx::Result<Option<Attempt>> {
    let all = attempts(db, enrollment_id, part).await?;
    if let Some(a) = all.iter().find(|a| a.submitted_at.is_none()) {
        return Ok(Some(a.clone()));
    }
    if !may_start(course, part, &all) {
        return Ok(None);
    }
    let number = all.len() as i64 + 1;
    sqlx::query("INSERT INTO test_attempts (enrollment_id, part, number, started_at) VALUES ($1, $2, $3, $4) ON CONFLICT (enrollment_id, part, number) DO NOTHING")
        .bind(enrollment_id)
        .bind(part)
        .bind(number)
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(attempts(db, enrollment_id, part)
        .await?
        .into_iter()
        .find(|a| a.number == number))
}

/// The pre-test is taken once; the post-test until passed, within the course's limit.
pub fn may_start(course: &Course, part: &str, all: &[Attempt]) -> bool {
    if all
        .iter()
        .any(|a| a.passed == Some(true) || (part == PART_PRE && a.submitted_at.is_some()))
    {
        return false;
    }
    part == PART_PRE || course.max_attempts == 0 || (all.len() as i64) < course.max_attempts
}

pub async fn attempt_answers(
    db: &Db,
    attempt_id: i64,
) -> sqlx::Result<std::collections::HashMap<i64, Vec<usize>>> {
    let rows =
        sqlx::query("SELECT question_id, choices FROM attempt_answers WHERE attempt_id = $1")
            .bind(attempt_id)
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("question_id")?,
                choices_from_db(&r.try_get::<String, _>("choices")?),
            ))
        })
        .collect()
}

/// Saves one answer of an attempt still open; answers to a submitted attempt are refused.
pub async fn answer_test(
    db: &Db,
    attempt_id: i64,
    q: &Question,
    chosen: &[usize],
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO attempt_answers (attempt_id, question_id, choices, correct, answered_at) \
         SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM test_attempts WHERE id = $1 AND submitted_at IS NULL) \
         ON CONFLICT (attempt_id, question_id) DO UPDATE SET choices = excluded.choices, correct = excluded.correct, answered_at = excluded.answered_at",
    )
    .bind(attempt_id)
    .bind(q.id)
    .bind(choices_to_db(chosen))
    .bind(q.is_correct(chosen) as i64)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Scores and closes an attempt once; unanswered questions count as wrong. Returns the
/// attempt as it stands afterwards.
pub async fn submit_attempt(
    db: &Db,
    course: &Course,
    attempt_id: i64,
    questions: &[Question],
) -> sqlx::Result<Attempt> {
    let answers = attempt_answers(db, attempt_id).await?;
    let right = questions
        .iter()
        .filter(|q| answers.get(&q.id).is_some_and(|a| q.is_correct(a)))
        .count();
    let score = if questions.is_empty() {
        0
    } else {
        (right * 100 / questions.len()) as i64
    };
    let passed = score >= course.passing_score;
    sqlx::query("UPDATE test_attempts SET submitted_at = $1, score = $2, passed = $3 WHERE id = $4 AND submitted_at IS NULL")
        .bind(now())
        .bind(score)
        .bind(passed as i64)
        .bind(attempt_id)
        .execute(&db.pool)
        .await?;
    let row = sqlx::query(
        "SELECT id, part, number, submitted_at, score, passed FROM test_attempts WHERE id = $1",
    )
    .bind(attempt_id)
    .fetch_one(&db.pool)
    .await?;
    attempt_from_row(&row)
}

/// Where a learner stands in a course.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Progress {
    pub lessons_total: i64,
    pub lessons_viewed: i64,
    pub checks_required: i64,
    pub checks_answered: i64,
    pub pretest_done: bool,
    pub pretest_score: Option<i64>,
    pub posttest_passed: bool,
    pub posttest_score: Option<i64>,
    pub posttest_attempts: i64,
    pub evaluated: bool,
    pub completed: bool,
    /// 0–100 over every step: the pre-test, each lesson, each required check, the post-test.
    pub percent: i64,
}

impl Progress {
    pub fn lessons_done(&self) -> bool {
        self.lessons_viewed >= self.lessons_total && self.checks_answered >= self.checks_required
    }
}

pub(crate) fn count(r: &AnyRow, col: &str) -> sqlx::Result<i64> {
    // SUM and COUNT come back as NUMERIC or BIGINT depending on the database.
    r.try_get::<i64, _>(col)
        .or_else(|_| r.try_get::<Option<i64>, _>(col).map(|v| v.unwrap_or(0)))
}

pub async fn progress(db: &Db, course_id: i64, e: &Enrollment) -> sqlx::Result<Progress> {
    let row = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM lessons WHERE course_id = $1) AS lessons_total, \
           (SELECT COUNT(*) FROM lesson_views v JOIN lessons l ON l.id = v.lesson_id WHERE v.enrollment_id = $2 AND l.course_id = $1) AS lessons_viewed, \
           (SELECT COUNT(*) FROM questions WHERE course_id = $1 AND part = 'check' AND required = 1) AS checks_required, \
           (SELECT COUNT(*) FROM check_answers a JOIN questions q ON q.id = a.question_id WHERE a.enrollment_id = $2 AND q.required = 1 AND q.part = 'check') AS checks_answered, \
           (SELECT COUNT(*) FROM course_evaluations WHERE enrollment_id = $2) AS evaluated",
    )
    .bind(course_id)
    .bind(e.id)
    .fetch_one(&db.pool)
    .await?;
    let pre = attempts(db, e.id, PART_PRE).await?;
    let post = attempts(db, e.id, PART_POST).await?;
    let pre_done = pre.iter().find(|a| a.submitted_at.is_some());
    let post_last = post.iter().filter(|a| a.submitted_at.is_some()).last();
    let mut p = Progress {
        lessons_total: count(&row, "lessons_total")?,
        lessons_viewed: count(&row, "lessons_viewed")?,
        checks_required: count(&row, "checks_required")?,
        checks_answered: count(&row, "checks_answered")?,
        pretest_done: pre_done.is_some(),
        pretest_score: pre_done.and_then(|a| a.score),
        posttest_passed: post.iter().any(|a| a.passed == Some(true)),
        posttest_score: post_last.and_then(|a| a.score),
        posttest_attempts: post.iter().filter(|a| a.submitted_at.is_some()).count() as i64,
        evaluated: count(&row, "evaluated")? > 0,
        completed: e.completed_at.is_some(),
        percent: 0,
    };
    let steps = 2 + p.lessons_total + p.checks_required;
    let done = p.pretest_done as i64
        + p.lessons_viewed.min(p.lessons_total)
        + p.checks_answered.min(p.checks_required)
        + p.posttest_passed as i64;
    p.percent = if p.completed {
        100
    } else {
        (done * 100 / steps.max(1)).min(99)
    };
    Ok(p)
}

/// Marks the course complete and issues the certificate when every rule is met: each
/// lesson seen, each required check answered, the post-test passed. Safe to call at any
/// time and from several requests at once: the update happens once and the certificate is
/// issued once.
pub async fn complete_if_done(
    state: &AppState,
    course: &Course,
    e: &Enrollment,
    recipient: &str,
) -> sqlx::Result<Option<Certificate>> {
    let p = progress(&state.db, course.id, e).await?;
    if !(p.lessons_done() && p.posttest_passed) {
        return Ok(None);
    }
    let mut tx = state.db.tx().await?;
    let t = now();
    sqlx::query("UPDATE enrollments SET completed_at = $1 WHERE id = $2 AND completed_at IS NULL")
        .bind(t)
        .bind(e.id)
        .execute(&mut *tx)
        .await?;
    let done: i64 = sqlx::query("SELECT completed_at FROM enrollments WHERE id = $1")
        .bind(e.id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("completed_at")?;
    let completed_on = chrono::DateTime::from_timestamp(done, 0)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string();
    let cert = certificates::model::issue(
        &mut tx,
        &state.cert_key,
        &certificates::Issue {
            kind: KIND_COURSE,
            source_id: course.id,
            user_id: e.user_id,
            recipient,
            title: &course.title,
            completed_on: &completed_on,
            hours_x100: course.hours_x100,
            ce_hours_x100: course.ce_hours_x100,
            issuer: &state.cfg.institute_name,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(cert))
}

pub async fn save_evaluation(
    db: &Db,
    enrollment_id: i64,
    ratings: [i64; 3],
    comment: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO course_evaluations (enrollment_id, relevance, clarity, usefulness, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (enrollment_id) DO NOTHING",
    )
    .bind(enrollment_id)
    .bind(ratings[0])
    .bind(ratings[1])
    .bind(ratings[2])
    .bind(comment)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The next thing to do: the pre-test, the first lesson not yet seen (from where the
/// learner left off), a lesson with an unanswered required check, the post-test, the
/// evaluation, or nothing.
pub enum Next {
    Pretest,
    Lesson(String),
    Posttest,
    Evaluation,
    Done,
}

pub async fn next_step(db: &Db, course: &Course, e: &Enrollment) -> sqlx::Result<Next> {
    let p = progress(db, course.id, e).await?;
    if !p.pretest_done {
        return Ok(Next::Pretest);
    }
    let outline = model::outline(db, course.id).await?;
    let lessons: Vec<_> = outline.iter().flat_map(|m| m.lessons.iter()).collect();
    let viewed: Vec<i64> =
        sqlx::query("SELECT lesson_id FROM lesson_views WHERE enrollment_id = $1")
            .bind(e.id)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| r.try_get("lesson_id"))
            .collect::<sqlx::Result<_>>()?;
    let start = e
        .last_lesson_id
        .and_then(|id| lessons.iter().position(|l| l.id == id))
        .unwrap_or(0);
    let unseen = lessons
        .iter()
        .skip(start)
        .chain(lessons.iter().take(start))
        .find(|l| !viewed.contains(&l.id));
    if let Some(l) = unseen {
        return Ok(Next::Lesson(l.slug.clone()));
    }
    if p.checks_answered < p.checks_required {
        let row = sqlx::query(
            "SELECT l.slug FROM questions q JOIN lessons l ON l.id = q.lesson_id WHERE q.course_id = $1 AND q.part = 'check' AND q.required = 1 \
             AND NOT EXISTS (SELECT 1 FROM check_answers a WHERE a.enrollment_id = $2 AND a.question_id = q.id) ORDER BY l.position, q.position",
        )
        .bind(course.id)
        .bind(e.id)
        .fetch_optional(&db.pool)
        .await?;
        if let Some(r) = row {
            return Ok(Next::Lesson(r.try_get("slug")?));
        }
    }
    if !p.posttest_passed {
        return Ok(Next::Posttest);
    }
    if !p.evaluated {
        return Ok(Next::Evaluation);
    }
    Ok(Next::Done)
}

pub async fn viewed_lessons(db: &Db, enrollment_id: i64) -> sqlx::Result<Vec<i64>> {
    let rows = sqlx::query("SELECT lesson_id FROM lesson_views WHERE enrollment_id = $1")
        .bind(enrollment_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| r.try_get("lesson_id")).collect()
}
