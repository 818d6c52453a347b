//! A durable job queue in the database.
//!
//! A job is a row. A worker claims one by stamping a lease on it in a single statement
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL, a serialised write on SQLite), so several
//! servers can run workers against one database and each job runs once. A job whose
//! worker died is picked up again when its lease runs out; failures retry with
//! exponential back-off until `max_attempts`, then stay in the table marked failed.

use std::time::Duration;

use serde_json::Value;
use sqlx::Row;

use crate::{
    app::AppState,
    db::{now, Db},
};

pub mod worker;

#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: Value,
    pub attempts: i64,
    pub max_attempts: i64,
}

/// Adds a job; pass the transaction that makes the change the job is about, so the job
/// exists exactly when the change does.
pub async fn enqueue<'e, E: sqlx::AnyExecutor<'e>>(
    ex: E,
    kind: &str,
    payload: &Value,
    run_at: Option<i64>,
) -> sqlx::Result<i64> {
    let t = now();
    let row = sqlx::query(
        "INSERT INTO jobs (kind, payload, run_at, attempts, max_attempts, created_at) \
         VALUES ($1, $2, $3, 0, 8, $4) RETURNING id",
    )
    .bind(kind)
    .bind(payload.to_string())
    .bind(run_at.unwrap_or(t))
    .bind(t)
    .fetch_one(ex)
    .await?;
    row.try_get("id")
}

/// Claims the next due job for `worker` for `lease` seconds.
pub async fn claim(db: &Db, worker: &str, lease: i64) -> sqlx::Result<Option<Job>> {
    let t = now();
    let sql = format!(
        "UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $3 \
                     AND (locked_until IS NULL OR locked_until < $3) ORDER BY run_at, id LIMIT 1 {}) \
         AND (locked_until IS NULL OR locked_until < $3) \
         RETURNING id, kind, payload, attempts, max_attempts",
        db.skip_locked()
    );
    let mut tx = db.tx().await?;
    let row = sqlx::query(&sql)
        .bind(worker)
        .bind(t + lease)
        .bind(t)
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;
    let Some(r) = row else { return Ok(None) };
    let payload: String = r.try_get("payload")?;
    Ok(Some(Job {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        payload: serde_json::from_str(&payload).unwrap_or(Value::Null),
        attempts: r.try_get("attempts")?,
        max_attempts: r.try_get("max_attempts")?,
    }))
}

pub async fn complete(db: &Db, id: i64, worker: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE jobs SET done_at = $1, locked_until = NULL WHERE id = $2 AND locked_by = $3",
    )
    .bind(now())
    .bind(id)
    .bind(worker)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Seconds to wait before the next attempt: 30 s, 1 min, 2 min … capped at 6 hours.
pub fn backoff(attempts: i64) -> i64 {
    (30i64 << attempts.clamp(1, 12).saturating_sub(1)).min(6 * 3600)
}

pub async fn fail(db: &Db, job: &Job, error: &str) -> sqlx::Result<()> {
    let t = now();
    let error: String = error.chars().take(2000).collect();
    if job.attempts >= job.max_attempts {
        sqlx::query(
            "UPDATE jobs SET failed_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3",
        )
        .bind(t)
        .bind(error)
        .bind(job.id)
        .execute(&db.pool)
        .await?;
    } else {
        sqlx::query(
            "UPDATE jobs SET run_at = $1, locked_until = NULL, locked_by = NULL, last_error = $2 WHERE id = $3",
        )
        .bind(t + backoff(job.attempts))
        .bind(error)
        .bind(job.id)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// Jobs waiting to run (due or not), for the metrics endpoint.
pub async fn depth(db: &Db) -> sqlx::Result<(i64, i64)> {
    let r = sqlx::query(
        "SELECT COUNT(*) AS pending, \
         COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed \
         FROM jobs WHERE done_at IS NULL",
    )
    .fetch_one(&db.pool)
    .await?;
    let pending: i64 = r.try_get("pending")?;
    let failed: i64 = r.try_get("failed")?;
    Ok((pending - failed, failed))
}

/// Runs one job by kind. New capabilities add their kinds here.
pub async fn dispatch(state: &AppState, job: &Job) -> anyhow::Result<()> {
    match job.kind.as_str() {
        crate::mail::JOB_KIND => state.mailer.send_job(&job.payload).await,
        crate::events::seats::NOTICE_JOB => crate::events::notices::send(state, &job.payload).await,
        crate::events::seats::REFILL_JOB => {
            let id = job.payload["event_id"]
                .as_i64()
                .ok_or_else(|| anyhow::anyhow!("refill without event"))?;
            match crate::events::seats::refill(state, id).await {
                Ok(_) | Err(crate::events::seats::SeatError::NotFound) => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
        other => anyhow::bail!("unknown job kind {other}"),
    }
}

/// Hourly housekeeping on every server: expired sessions and old rate-limit windows.
pub async fn maintenance(state: &AppState) -> anyhow::Result<()> {
    let idle = state.cfg.session_idle_minutes * 60;
    let abs = state.cfg.session_absolute_hours * 3600;
    crate::web::session::purge_expired(&state.db, idle, abs).await?;
    crate::web::ratelimit::purge(&state.db).await?;
    crate::events::api_keys_purge(state).await?;
    Ok(())
}

pub const IDLE_POLL: Duration = Duration::from_millis(500);
