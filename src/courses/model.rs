//! Courses in the database. A course is written as a whole (`save`) from a `CourseSpec`,
//! whether it came from files, the API or an edit in the authoring pages, so there is one
//! write path and one set of checks. Lessons keep their ids across saves (matched by slug)
//! and questions keep theirs (matched by place), so learners' progress survives edits.

use serde::Serialize;
use sqlx::{any::AnyRow, Row};

use super::spec::{
    hours_text, ChoiceSpec, CourseSpec, LessonSpec, ModuleSpec, QuestionSpec, ResourceLink,
};
use crate::db::{now, Db};

pub const PART_CHECK: &str = "check";
pub const PART_PRE: &str = "pre";
pub const PART_POST: &str = "post";

#[derive(Clone, Debug, Serialize)]
pub struct Course {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub objectives: Vec<String>,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub language: String,
    pub hours_x100: i64,
    pub ce_hours_x100: i64,
    pub passing_score: i64,
    pub max_attempts: i64,
    pub published: bool,
    pub updated_at: i64,
}

impl Course {
    pub fn hours(&self) -> String {
        hours_text(self.hours_x100)
    }
    pub fn ce_hours(&self) -> String {
        hours_text(self.ce_hours_x100)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Module {
    pub id: i64,
    pub title: String,
    pub lessons: Vec<LessonRef>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LessonRef {
    pub id: i64,
    pub slug: String,
    pub title: String,
}

#[derive(Clone, Debug)]
pub struct Lesson {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub resources: Vec<ResourceLink>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Question {
    pub id: i64,
    pub position: i64,
    pub prompt: String,
    pub multiple: bool,
    pub required: bool,
    pub choices: Vec<ChoiceSpec>,
}

impl Question {
    /// Whether the chosen positions are exactly the right ones.
    pub fn is_correct(&self, chosen: &[usize]) -> bool {
        let right: Vec<usize> = self
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.correct)
            .map(|(i, _)| i)
            .collect();
        let mut c = chosen.to_vec();
        c.sort_unstable();
        c.dedup();
        c == right
    }
}

/// Comma-wrapped codes so `LIKE '%,code,%'` matches whole codes only.
fn codes_to_db(v: &[String]) -> String {
    format!(",{},", v.join(","))
}

fn codes_from_db(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

const COURSE_COLUMNS: &str = "id, slug, title, summary, objectives, audience, topics, language, hours_x100, ce_hours_x100, passing_score, max_attempts, published, updated_at";

fn course_from_row(r: &AnyRow) -> sqlx::Result<Course> {
    let objectives: String = r.try_get("objectives")?;
    Ok(Course {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        title: r.try_get("title")?,
        summary: r.try_get("summary")?,
        objectives: serde_json::from_str(&objectives).unwrap_or_default(),
        audience: codes_from_db(&r.try_get::<String, _>("audience")?),
        topics: codes_from_db(&r.try_get::<String, _>("topics")?),
        language: r.try_get("language")?,
        hours_x100: r.try_get("hours_x100")?,
        ce_hours_x100: r.try_get("ce_hours_x100")?,
        passing_score: r.try_get("passing_score")?,
        max_attempts: r.try_get("max_attempts")?,
        published: r.try_get::<i64, _>("published")? != 0,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn by_slug(db: &Db, slug: &str) -> sqlx::Result<Option<Course>> {
    let row = sqlx::query(&format!(
        "SELECT {COURSE_COLUMNS} FROM courses WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(course_from_row).transpose()
}

pub async fn by_id(db: &Db, id: i64) -> sqlx::Result<Option<Course>> {
    let row = sqlx::query(&format!(
        "SELECT {COURSE_COLUMNS} FROM courses WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(course_from_row).transpose()
}

/// What the catalog can be narrowed by.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub q: String,
    pub topic: String,
    pub audience: String,
    pub language: String,
    /// "short" (under 1 hour), "medium" (1 to 3 hours), "long" (over 3 hours)
    pub length: String,
    pub include_drafts: bool,
}

pub async fn list(db: &Db, f: &Filter) -> sqlx::Result<Vec<Course>> {
    let mut sql = format!("SELECT {COURSE_COLUMNS} FROM courses WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    let mut arg = |sql: &mut String, clause: &str, v: String| {
        binds.push(v);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    if !f.include_drafts {
        sql.push_str(" AND published = 1");
    }
    for word in f.q.split_whitespace().take(8) {
        let like = format!("%{}%", word.to_lowercase().replace(['%', '_'], ""));
        arg(
            &mut sql,
            " AND (LOWER(title) LIKE ? OR LOWER(summary) LIKE ? OR LOWER(objectives) LIKE ?)",
            like,
        );
    }
    if !f.topic.is_empty() {
        arg(&mut sql, " AND topics LIKE ?", format!("%,{},%", f.topic));
    }
    if !f.audience.is_empty() {
        arg(
            &mut sql,
            " AND audience LIKE ?",
            format!("%,{},%", f.audience),
        );
    }
    if !f.language.is_empty() {
        arg(&mut sql, " AND language = ?", f.language.clone());
    }
    match f.length.as_str() {
        "short" => sql.push_str(" AND hours_x100 < 100"),
        "medium" => sql.push_str(" AND hours_x100 >= 100 AND hours_x100 <= 300"),
        "long" => sql.push_str(" AND hours_x100 > 300"),
        _ => {}
    }
    sql.push_str(" ORDER BY title, id");
    let mut q = sqlx::query(&sql);
    for b in &binds {
        q = q.bind(b);
    }
    let rows = q.fetch_all(&db.pool).await?;
    rows.iter().map(course_from_row).collect()
}

pub async fn outline(db: &Db, course_id: i64) -> sqlx::Result<Vec<Module>> {
    let mods = sqlx::query(
        "SELECT id, title FROM course_modules WHERE course_id = $1 ORDER BY position, id",
    )
    .bind(course_id)
    .fetch_all(&db.pool)
    .await?;
    let lessons = sqlx::query(
        "SELECT id, module_id, slug, title FROM lessons WHERE course_id = $1 ORDER BY position, id",
    )
    .bind(course_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for m in &mods {
        let id: i64 = m.try_get("id")?;
        let mut ls = Vec::new();
        for l in lessons.iter() {
            if l.try_get::<i64, _>("module_id")? == id {
                ls.push(LessonRef {
                    id: l.try_get("id")?,
                    slug: l.try_get("slug")?,
                    title: l.try_get("title")?,
                });
            }
        }
        out.push(Module {
            id,
            title: m.try_get("title")?,
            lessons: ls,
        });
    }
    Ok(out)
}

pub async fn lesson(db: &Db, course_id: i64, slug: &str) -> sqlx::Result<Option<Lesson>> {
    let row = sqlx::query(
        "SELECT id, slug, title, body, resources FROM lessons WHERE course_id = $1 AND slug = $2",
    )
    .bind(course_id)
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let res: String = r.try_get("resources")?;
        Ok(Lesson {
            id: r.try_get("id")?,
            slug: r.try_get("slug")?,
            title: r.try_get("title")?,
            body: r.try_get("body")?,
            resources: serde_json::from_str(&res).unwrap_or_default(),
        })
    })
    .transpose()
}

fn question_from_row(r: &AnyRow) -> sqlx::Result<Question> {
    let choices: String = r.try_get("choices")?;
    Ok(Question {
        id: r.try_get("id")?,
        position: r.try_get("position")?,
        prompt: r.try_get("prompt")?,
        multiple: r.try_get::<i64, _>("multiple")? != 0,
        required: r.try_get::<i64, _>("required")? != 0,
        choices: serde_json::from_str(&choices).unwrap_or_default(),
    })
}

pub async fn lesson_checks(db: &Db, lesson_id: i64) -> sqlx::Result<Vec<Question>> {
    let rows = sqlx::query("SELECT id, position, prompt, multiple, required, choices FROM questions WHERE lesson_id = $1 AND part = 'check' ORDER BY position")
        .bind(lesson_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(question_from_row).collect()
}

pub async fn test_questions(db: &Db, course_id: i64, part: &str) -> sqlx::Result<Vec<Question>> {
    let rows = sqlx::query("SELECT id, position, prompt, multiple, required, choices FROM questions WHERE course_id = $1 AND part = $2 AND lesson_id IS NULL ORDER BY position")
        .bind(course_id)
        .bind(part)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(question_from_row).collect()
}

pub async fn question(
    db: &Db,
    course_id: i64,
    id: i64,
) -> sqlx::Result<Option<(Question, Option<i64>, String)>> {
    let row = sqlx::query("SELECT id, position, prompt, multiple, required, choices, lesson_id, part FROM questions WHERE course_id = $1 AND id = $2")
        .bind(course_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        Ok((
            question_from_row(&r)?,
            r.try_get("lesson_id")?,
            r.try_get("part")?,
        ))
    })
    .transpose()
}

/// The whole course as a spec, for export and editing.
pub async fn load_spec(db: &Db, course_id: i64) -> sqlx::Result<Option<CourseSpec>> {
    let Some(c) = by_id(db, course_id).await? else {
        return Ok(None);
    };
    let to_spec = |q: Question| QuestionSpec {
        prompt: q.prompt,
        multiple: q.multiple,
        required: q.required,
        choices: q.choices,
    };
    let mut modules = Vec::new();
    for m in outline(db, course_id).await? {
        let mut lessons = Vec::new();
        for l in m.lessons {
            let full = lesson(db, course_id, &l.slug)
                .await?
                .ok_or(sqlx::Error::RowNotFound)?;
            let checks = lesson_checks(db, full.id)
                .await?
                .into_iter()
                .map(to_spec)
                .collect();
            lessons.push(LessonSpec {
                slug: full.slug,
                title: full.title,
                body: full.body,
                resources: full.resources,
                checks,
            });
        }
        modules.push(ModuleSpec {
            title: m.title,
            lessons,
        });
    }
    Ok(Some(CourseSpec {
        slug: c.slug,
        title: c.title,
        summary: c.summary,
        objectives: c.objectives,
        audience: c.audience,
        topics: c.topics,
        language: c.language,
        hours_x100: c.hours_x100,
        ce_hours_x100: c.ce_hours_x100,
        passing_score: c.passing_score,
        max_attempts: c.max_attempts,
        published: c.published,
        modules,
        pretest: test_questions(db, course_id, PART_PRE)
            .await?
            .into_iter()
            .map(to_spec)
            .collect(),
        posttest: test_questions(db, course_id, PART_POST)
            .await?
            .into_iter()
            .map(to_spec)
            .collect(),
    }))
}

/// Saves a whole course inside the caller's transaction, creating it or replacing the one
/// with the same slug. The caller validates first.
pub async fn save(
    conn: &mut sqlx::AnyConnection,
    spec: &CourseSpec,
    user_id: Option<i64>,
) -> sqlx::Result<i64> {
    let t = now();
    let existing: Option<i64> = sqlx::query("SELECT id FROM courses WHERE slug = $1")
        .bind(&spec.slug)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()?;
    let objectives = serde_json::to_string(&spec.objectives).unwrap_or_else(|_| "[]".into());
    let course_id = match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE courses SET title = $1, summary = $2, objectives = $3, audience = $4, topics = $5, language = $6, hours_x100 = $7, \
                 ce_hours_x100 = $8, passing_score = $9, max_attempts = $10, published = $11, updated_at = $12 WHERE id = $13",
            )
            .bind(&spec.title)
            .bind(&spec.summary)
            .bind(&objectives)
            .bind(codes_to_db(&spec.audience))
            .bind(codes_to_db(&spec.topics))
            .bind(&spec.language)
            .bind(spec.hours_x100)
            .bind(spec.ce_hours_x100)
            .bind(spec.passing_score)
            .bind(spec.max_attempts)
            .bind(spec.published as i64)
            .bind(t)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            id
        }
        None => sqlx::query(
            "INSERT INTO courses (slug, title, summary, objectives, audience, topics, language, hours_x100, ce_hours_x100, passing_score, max_attempts, published, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
        )
        .bind(&spec.slug)
        .bind(&spec.title)
        .bind(&spec.summary)
        .bind(&objectives)
        .bind(codes_to_db(&spec.audience))
        .bind(codes_to_db(&spec.topics))
        .bind(&spec.language)
        .bind(spec.hours_x100)
        .bind(spec.ce_hours_x100)
        .bind(spec.passing_score)
        .bind(spec.max_attempts)
        .bind(spec.published as i64)
        .bind(user_id)
        .bind(t)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")?,
    };

    // Modules by place.
    let old_modules: Vec<i64> = ids(
        conn,
        "SELECT id FROM course_modules WHERE course_id = $1 ORDER BY position, id",
        course_id,
    )
    .await?;
    let mut module_ids = Vec::new();
    for (i, m) in spec.modules.iter().enumerate() {
        let id = match old_modules.get(i) {
            Some(&id) => {
                sqlx::query("UPDATE course_modules SET title = $1, position = $2 WHERE id = $3").bind(&m.title).bind(i as i64).bind(id).execute(&mut *conn).await?;
                id
            }
            None => sqlx::query("INSERT INTO course_modules (course_id, position, title) VALUES ($1, $2, $3) RETURNING id")
                .bind(course_id)
                .bind(i as i64)
                .bind(&m.title)
                .fetch_one(&mut *conn)
                .await?
                .try_get("id")?,
        };
        module_ids.push(id);
    }

    // Lessons by slug; those no longer listed go, with their views and checks.
    let keep: Vec<&str> = spec
        .modules
        .iter()
        .flat_map(|m| m.lessons.iter().map(|l| l.slug.as_str()))
        .collect();
    let old_lessons = sqlx::query("SELECT id, slug FROM lessons WHERE course_id = $1")
        .bind(course_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut by_slug = std::collections::HashMap::new();
    for r in &old_lessons {
        let (id, slug): (i64, String) = (r.try_get("id")?, r.try_get("slug")?);
        if keep.contains(&slug.as_str()) {
            by_slug.insert(slug, id);
        } else {
            sqlx::query("DELETE FROM lessons WHERE id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    let mut position = 0i64;
    for (mi, m) in spec.modules.iter().enumerate() {
        for l in &m.lessons {
            let resources = serde_json::to_string(&l.resources).unwrap_or_else(|_| "[]".into());
            let lesson_id = match by_slug.get(&l.slug) {
                Some(&id) => {
                    sqlx::query("UPDATE lessons SET module_id = $1, position = $2, title = $3, body = $4, resources = $5 WHERE id = $6")
                        .bind(module_ids[mi])
                        .bind(position)
                        .bind(&l.title)
                        .bind(&l.body)
                        .bind(&resources)
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                    id
                }
                None => sqlx::query("INSERT INTO lessons (course_id, module_id, position, slug, title, body, resources) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                    .bind(course_id)
                    .bind(module_ids[mi])
                    .bind(position)
                    .bind(&l.slug)
                    .bind(&l.title)
                    .bind(&l.body)
                    .bind(&resources)
                    .fetch_one(&mut *conn)
                    .await?
                    .try_get("id")?,
            };
            save_questions(conn, course_id, Some(lesson_id), PART_CHECK, &l.checks).await?;
            position += 1;
        }
    }
    for &id in old_modules.iter().skip(spec.modules.len()) {
        sqlx::query("DELETE FROM course_modules WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    save_questions(conn, course_id, None, PART_PRE, &spec.pretest).await?;
    save_questions(conn, course_id, None, PART_POST, &spec.posttest).await?;
    Ok(course_id)
}

async fn ids(conn: &mut sqlx::AnyConnection, sql: &str, id: i64) -> sqlx::Result<Vec<i64>> {
    let rows = sqlx::query(sql).bind(id).fetch_all(&mut *conn).await?;
    rows.iter().map(|r| r.try_get("id")).collect()
}

async fn save_questions(
    conn: &mut sqlx::AnyConnection,
    course_id: i64,
    lesson_id: Option<i64>,
    part: &str,
    qs: &[QuestionSpec],
) -> sqlx::Result<()> {
    let old: Vec<i64> = {
        let rows = match lesson_id {
            Some(l) => sqlx::query("SELECT id FROM questions WHERE lesson_id = $1 AND part = $2 ORDER BY position, id").bind(l).bind(part).fetch_all(&mut *conn).await?,
            None => sqlx::query("SELECT id FROM questions WHERE course_id = $1 AND lesson_id IS NULL AND part = $2 ORDER BY position, id").bind(course_id).bind(part).fetch_all(&mut *conn).await?,
        };
        rows.iter()
            .map(|r| r.try_get("id"))
            .collect::<sqlx::Result<_>>()?
    };
    for (i, q) in qs.iter().enumerate() {
        let choices = serde_json::to_string(&q.choices).unwrap_or_else(|_| "[]".into());
        match old.get(i) {
            Some(&id) => {
                sqlx::query("UPDATE questions SET position = $1, prompt = $2, multiple = $3, required = $4, choices = $5 WHERE id = $6")
                    .bind(i as i64)
                    .bind(&q.prompt)
                    .bind(q.multiple as i64)
                    .bind(q.required as i64)
                    .bind(&choices)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            None => {
                sqlx::query("INSERT INTO questions (course_id, lesson_id, part, position, prompt, multiple, required, choices) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                    .bind(course_id)
                    .bind(lesson_id)
                    .bind(part)
                    .bind(i as i64)
                    .bind(&q.prompt)
                    .bind(q.multiple as i64)
                    .bind(q.required as i64)
                    .bind(&choices)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    for &id in old.iter().skip(qs.len()) {
        sqlx::query("DELETE FROM questions WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
