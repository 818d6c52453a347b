//! The queries behind each file of the export. Every query selects only the person's own
//! rows, and only columns declared in `sections`; other people appear at most as "someone
//! else" in the audit log.

use std::collections::HashMap;

use serde_json::{json, Map, Value};
use sqlx::{any::AnyRow, Row};

use super::sections::{rows, section, time};
use crate::{accounts::model::User, app::AppState, i18n::Lang};

type Obj = Map<String, Value>;

pub struct Who<'a> {
    pub state: &'a AppState,
    pub user: &'a User,
    pub lang: &'a Lang,
}

impl Who<'_> {
    async fn all(&self, sql: &str) -> sqlx::Result<Vec<AnyRow>> {
        sqlx::query(sql)
            .bind(self.user.id)
            .fetch_all(&self.state.db.pool)
            .await
    }
    fn link(&self, path: &str) -> Value {
        Value::String(format!("{}{}", self.state.cfg.base_url, path))
    }
}

fn arr(v: Vec<Obj>) -> Value {
    Value::Array(v.into_iter().map(Value::Object).collect())
}

/// Groups rows under the id in `key`, keeping order.
fn grouped(
    rs: &[AnyRow],
    key: &str,
    file: &str,
    name: &str,
) -> sqlx::Result<HashMap<i64, Vec<Obj>>> {
    let s = section(file, name);
    let mut out: HashMap<i64, Vec<Obj>> = HashMap::new();
    for r in rs {
        out.entry(r.try_get(key)?)
            .or_default()
            .push(super::sections::row(r, s)?);
    }
    Ok(out)
}

pub async fn build(file: &str, w: &Who<'_>) -> anyhow::Result<Value> {
    Ok(match file {
        "account" => account(w).await?,
        "organizations" => organizations(w).await?,
        "trainings" => trainings(w).await?,
        "facilitator" => facilitator(w).await?,
        "courses" => courses(w).await?,
        "certificates" => certificates(w).await?,
        "reviews" => reviews(w).await?,
        "authored" => authored(w).await?,
        "audit" => audit(w).await?,
        other => anyhow::bail!("no export area {other}"),
    })
}

async fn account(w: &Who<'_>) -> sqlx::Result<Value> {
    let me = w
        .all("SELECT id, name, email, role, active, locale, email_verified_at, totp_enabled_at AS second_factor_since, created_at, updated_at FROM users WHERE id = $1")
        .await?;
    let sessions = w
        .all("SELECT created_at AS started_at, last_seen_at, ip, user_agent AS browser, mfa_pending AS second_factor_pending FROM sessions WHERE user_id = $1 ORDER BY created_at DESC")
        .await?;
    let tokens = w
        .all("SELECT name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id")
        .await?;
    let links = w.all("SELECT purpose, new_email, created_at, expires_at, used_at FROM email_tokens WHERE user_id = $1 ORDER BY id").await?;
    Ok(json!({
        "export": {
            "exported_at": time(Some(crate::db::now())),
            "institute": w.state.cfg.institute_name,
            "address": w.state.cfg.base_url,
        },
        "account": rows(&me, section("account", "account"))?.pop(),
        "sessions": arr(rows(&sessions, section("account", "sessions"))?),
        "api_tokens": arr(rows(&tokens, section("account", "api_tokens"))?),
        "email_links": arr(rows(&links, section("account", "email_links"))?),
    }))
}

async fn organizations(w: &Who<'_>) -> sqlx::Result<Value> {
    let members = w
        .all("SELECT o.id AS organization_id, o.name AS organization, o.state, m.role, m.created_at AS joined_at \
              FROM memberships m JOIN organizations o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY o.name")
        .await?;
    let created = w.all("SELECT id AS organization_id, name AS organization, created_at FROM organizations WHERE created_by = $1 ORDER BY id").await?;
    let to_me = sqlx::query(
        "SELECT o.name AS organization, i.email, i.role, i.created_at AS invited_at, i.expires_at, i.accepted_at, \
         CAST(CASE WHEN i.accepted_by = $1 THEN 1 ELSE 0 END AS BIGINT) AS accepted_by_you, i.revoked_at \
         FROM invitations i JOIN organizations o ON o.id = i.org_id WHERE LOWER(i.email) = $2 OR i.accepted_by = $1 ORDER BY i.id",
    )
    .bind(w.user.id)
    .bind(w.user.email.to_lowercase())
    .fetch_all(&w.state.db.pool)
    .await?;
    // The invited address is the other person's, so it is not selected.
    let sent = w
        .all("SELECT o.name AS organization, i.role, i.created_at AS invited_at, i.expires_at, i.accepted_at, i.revoked_at \
              FROM invitations i JOIN organizations o ON o.id = i.org_id WHERE i.invited_by = $1 ORDER BY i.id")
        .await?;
    Ok(json!({
        "memberships": arr(rows(&members, section("organizations", "memberships"))?),
        "created": arr(rows(&created, section("organizations", "created"))?),
        "invitations_to_you": arr(rows(&to_me, section("organizations", "invitations_to_you"))?),
        "invitations_you_sent": arr(rows(&sent, section("organizations", "invitations_you_sent"))?),
    }))
}

/// Registration answers as (question, answer) pairs: every stored answer, also to a
/// question the training no longer asks.
fn answers(w: &Who<'_>, stored: &str, custom: &str) -> Value {
    let stored: Map<String, Value> = serde_json::from_str(stored).unwrap_or_default();
    let custom: Vec<Value> = serde_json::from_str(custom).unwrap_or_default();
    let label = |field: &str| -> String {
        match field {
            "access" | "interpreter" | "dietary" => w.lang.t(&format!("registration-{field}")),
            _ => custom
                .iter()
                .find(|q| q["id"] == field)
                .and_then(|q| q["label"].as_str())
                .unwrap_or(field)
                .to_string(),
        }
    };
    Value::Array(
        stored
            .into_iter()
            .map(|(k, v)| json!({ "question": label(&k), "answer": v }))
            .collect(),
    )
}

async fn trainings(w: &Who<'_>) -> sqlx::Result<Value> {
    let regs = w
        .all("SELECT r.id, r.answers AS stored_answers, e.custom_questions, e.title AS training, e.slug, r.status, \
              r.waitlist_seq AS waitlist_position, r.created_at AS registered_at, r.updated_at, r.confirmed_at, r.cancelled_at, \
              r.promoted_at AS moved_from_waitlist_at, r.reminded_week_at AS week_reminder_at, r.reminded_day_at AS day_reminder_at, \
              r.evaluation_sent_at AS evaluation_request_at \
              FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.user_id = $1 ORDER BY r.created_at, r.id")
        .await?;
    let attendance = w
        .all("SELECT a.registration_id, s.title AS session, s.starts_at, s.ends_at, a.present, a.marked_at \
              FROM attendance a JOIN event_sessions s ON s.id = a.session_id JOIN registrations r ON r.id = a.registration_id \
              WHERE r.user_id = $1 ORDER BY s.starts_at")
        .await?;
    let mut attendance = grouped(&attendance, "registration_id", "trainings", "attendance")?;
    let evals = w
        .all("SELECT v.registration_id, v.relevance, v.clarity, v.usefulness, v.facilitation, v.comment, v.created_at AS submitted_at \
              FROM event_evaluations v JOIN registrations r ON r.id = v.registration_id WHERE r.user_id = $1")
        .await?;
    let mut evals = grouped(&evals, "registration_id", "trainings", "evaluation")?;
    let s = section("trainings", "registrations");
    let mut out = Vec::new();
    for r in &regs {
        let id: i64 = r.try_get("id")?;
        let mut o = super::sections::row(r, s)?;
        o.insert(
            "address".into(),
            w.link(&format!("/trainings/{}", r.try_get::<String, _>("slug")?)),
        );
        o.insert(
            "answers".into(),
            answers(
                w,
                &r.try_get::<String, _>("stored_answers")?,
                &r.try_get::<String, _>("custom_questions")?,
            ),
        );
        o.insert(
            "attendance".into(),
            arr(attendance.remove(&id).unwrap_or_default()),
        );
        o.insert(
            "evaluation".into(),
            evals
                .remove(&id)
                .and_then(|mut v| v.pop())
                .map(Value::Object)
                .unwrap_or(Value::Null),
        );
        out.push(o);
    }
    let fac = w
        .all("SELECT e.title AS training, e.slug FROM event_facilitators f JOIN events e ON e.id = f.event_id WHERE f.user_id = $1 ORDER BY e.id")
        .await?;
    let mut facilitating = rows(&fac, section("trainings", "facilitating"))?;
    for (o, r) in facilitating.iter_mut().zip(&fac) {
        o.insert(
            "address".into(),
            w.link(&format!("/trainings/{}", r.try_get::<String, _>("slug")?)),
        );
    }
    let feed = w
        .all("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
        .await?;
    Ok(json!({
        "registrations": arr(out),
        "facilitating": arr(facilitating),
        "calendar_feed": rows(&feed, section("trainings", "calendar_feed"))?.pop(),
    }))
}

async fn facilitator(w: &Who<'_>) -> sqlx::Result<Value> {
    let p = w.all("SELECT bio, expertise, languages, region, updated_at FROM facilitator_profiles WHERE user_id = $1").await?;
    Ok(json!({ "profile": rows(&p, section("facilitator", "profile"))?.pop() }))
}

/// Chosen positions ("0,2") as the texts of those choices.
fn chosen(positions: &str, choices: &str) -> Value {
    let choices: Vec<Value> = serde_json::from_str(choices).unwrap_or_default();
    Value::Array(
        positions
            .split(',')
            .filter_map(|p| p.trim().parse::<usize>().ok())
            .map(|i| {
                choices
                    .get(i)
                    .and_then(|c| c["text"].as_str())
                    .map(|t| json!(t))
                    .unwrap_or(json!(i))
            })
            .collect(),
    )
}

/// Rows of answered questions, grouped by `key`, with the chosen choices spelled out.
fn answered(rs: &[AnyRow], key: &str, name: &str) -> sqlx::Result<HashMap<i64, Vec<Obj>>> {
    let s = section("courses", name);
    let mut out: HashMap<i64, Vec<Obj>> = HashMap::new();
    for r in rs {
        let mut o = super::sections::row(r, s)?;
        o.insert(
            "chosen".into(),
            chosen(
                &r.try_get::<String, _>("chosen_raw")?,
                &r.try_get::<String, _>("question_choices")?,
            ),
        );
        out.entry(r.try_get(key)?).or_default().push(o);
    }
    Ok(out)
}

async fn courses(w: &Who<'_>) -> sqlx::Result<Value> {
    let enrollments = w
        .all("SELECT n.id, c.title AS course, c.slug, n.enrolled_at, n.last_active_at, n.completed_at, l.title AS last_lesson \
              FROM enrollments n JOIN courses c ON c.id = n.course_id LEFT JOIN lessons l ON l.id = n.last_lesson_id \
              WHERE n.user_id = $1 ORDER BY n.enrolled_at, n.id")
        .await?;
    let views = w
        .all("SELECT v.enrollment_id, l.title AS lesson, v.viewed_at FROM lesson_views v JOIN lessons l ON l.id = v.lesson_id \
              JOIN enrollments n ON n.id = v.enrollment_id WHERE n.user_id = $1 ORDER BY v.viewed_at")
        .await?;
    let mut views = grouped(&views, "enrollment_id", "courses", "lessons_viewed")?;
    let checks = w
        .all("SELECT a.enrollment_id, l.title AS lesson, q.prompt AS question, q.choices AS question_choices, a.choices AS chosen_raw, \
              a.correct, a.answered_at FROM check_answers a JOIN questions q ON q.id = a.question_id LEFT JOIN lessons l ON l.id = q.lesson_id \
              JOIN enrollments n ON n.id = a.enrollment_id WHERE n.user_id = $1 ORDER BY a.answered_at")
        .await?;
    let mut checks = answered(&checks, "enrollment_id", "knowledge_checks")?;
    let attempts = w
        .all("SELECT t.id, t.enrollment_id, t.part AS test, t.number AS attempt, t.started_at, t.submitted_at, t.score, t.passed \
              FROM test_attempts t JOIN enrollments n ON n.id = t.enrollment_id WHERE n.user_id = $1 ORDER BY t.started_at, t.id")
        .await?;
    let given = w
        .all("SELECT aa.attempt_id, q.prompt AS question, q.choices AS question_choices, aa.choices AS chosen_raw, aa.correct, aa.answered_at \
              FROM attempt_answers aa JOIN test_attempts t ON t.id = aa.attempt_id JOIN enrollments n ON n.id = t.enrollment_id \
              JOIN questions q ON q.id = aa.question_id WHERE n.user_id = $1 ORDER BY q.position")
        .await?;
    let mut given = answered(&given, "attempt_id", "answers")?;
    let mut tests: HashMap<i64, Vec<Obj>> = HashMap::new();
    for r in &attempts {
        let mut o = super::sections::row(r, section("courses", "tests"))?;
        o.insert(
            "answers".into(),
            arr(given.remove(&r.try_get("id")?).unwrap_or_default()),
        );
        tests
            .entry(r.try_get("enrollment_id")?)
            .or_default()
            .push(o);
    }
    let evals = w
        .all("SELECT v.enrollment_id, v.relevance, v.clarity, v.usefulness, v.comment, v.created_at AS submitted_at \
              FROM course_evaluations v JOIN enrollments n ON n.id = v.enrollment_id WHERE n.user_id = $1")
        .await?;
    let mut evals = grouped(&evals, "enrollment_id", "courses", "evaluation")?;
    let mut out = Vec::new();
    for r in &enrollments {
        let id: i64 = r.try_get("id")?;
        let mut o = super::sections::row(r, section("courses", "enrollments"))?;
        o.insert(
            "address".into(),
            w.link(&format!("/courses/{}", r.try_get::<String, _>("slug")?)),
        );
        o.insert(
            "lessons_viewed".into(),
            arr(views.remove(&id).unwrap_or_default()),
        );
        o.insert(
            "knowledge_checks".into(),
            arr(checks.remove(&id).unwrap_or_default()),
        );
        o.insert("tests".into(), arr(tests.remove(&id).unwrap_or_default()));
        o.insert(
            "evaluation".into(),
            evals
                .remove(&id)
                .and_then(|mut v| v.pop())
                .map(Value::Object)
                .unwrap_or(Value::Null),
        );
        out.push(o);
    }
    Ok(json!({ "enrollments": arr(out) }))
}

async fn certificates(w: &Who<'_>) -> sqlx::Result<Value> {
    let rs = w
        .all("SELECT code, kind, title, recipient, completed_on, hours_x100 AS hours, ce_hours_x100 AS ce_hours, issuer, issued_at, \
              revoked_at, revoke_reason FROM certificates WHERE user_id = $1 ORDER BY issued_at, id")
        .await?;
    let mut out = rows(&rs, section("certificates", "certificates"))?;
    for (o, r) in out.iter_mut().zip(&rs) {
        o.insert(
            "check_address".into(),
            w.link(&format!(
                "/certificates/{}",
                r.try_get::<String, _>("code")?
            )),
        );
    }
    Ok(json!({ "certificates": arr(out) }))
}

async fn reviews(w: &Who<'_>) -> sqlx::Result<Value> {
    let rs = w
        .all("SELECT o.name AS organization, r.title, r.findings, r.red_lines AS red_line_findings, r.created_at AS saved_at, r.body AS text \
              FROM policy_reviews r JOIN organizations o ON o.id = r.org_id WHERE r.created_by = $1 ORDER BY r.created_at, r.id")
        .await?;
    Ok(json!({ "saved_reviews": arr(rows(&rs, section("reviews", "saved_reviews"))?) }))
}

async fn authored(w: &Who<'_>) -> sqlx::Result<Value> {
    let mut out = Map::new();
    for (name, table, prefix) in [
        ("courses", "courses", "/courses/"),
        ("trainings", "events", "/trainings/"),
        ("resources", "resources", "/resources/"),
    ] {
        let rs = w
            .all(&format!(
                "SELECT title, slug, created_at FROM {table} WHERE created_by = $1 ORDER BY id"
            ))
            .await?;
        let mut items = rows(&rs, section("authored", name))?;
        for (o, r) in items.iter_mut().zip(&rs) {
            o.insert(
                "address".into(),
                w.link(&format!("{prefix}{}", r.try_get::<String, _>("slug")?)),
            );
        }
        out.insert(name.into(), arr(items));
    }
    let files = w
        .all("SELECT r.title AS resource, f.file_name, f.version, f.uploaded_at FROM resource_files f JOIN resources r ON r.id = f.resource_id \
              WHERE f.uploaded_by = $1 ORDER BY f.id")
        .await?;
    out.insert(
        "resource_files".into(),
        arr(rows(&files, section("authored", "resource_files"))?),
    );
    Ok(Value::Object(out))
}

/// Entries the person made, and entries about the person's account, address, registrations
/// or certificates. Who else acted is not named.
async fn audit(w: &Who<'_>) -> sqlx::Result<Value> {
    let me = format!("user:{}", w.user.id);
    let rs = sqlx::query(
        "SELECT at, actor_id, action, target, ip, detail FROM audit_log WHERE actor_id = $1 OR target = $2 OR target = $3 \
         OR detail = $2 OR detail LIKE $4 \
         OR target IN (SELECT 'registration:' || CAST(id AS TEXT) FROM registrations WHERE user_id = $1) \
         OR target IN (SELECT 'certificate:' || CAST(id AS TEXT) FROM certificates WHERE user_id = $1) \
         ORDER BY id",
    )
    .bind(w.user.id)
    .bind(&me)
    .bind(crate::accounts::model::normalize_email(&w.user.email))
    .bind(format!("{me} %"))
    .fetch_all(&w.state.db.pool)
    .await?;
    let mut out = rows(&rs, section("audit", "entries"))?;
    for (o, r) in out.iter_mut().zip(&rs) {
        let by = match r.try_get::<Option<i64>, _>("actor_id")? {
            Some(id) if id == w.user.id => "you",
            Some(_) => "someone_else",
            None => "tta",
        };
        o.insert("done_by".into(), json!(by));
    }
    Ok(json!({ "entries": arr(out) }))
}
