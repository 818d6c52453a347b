//! Server-side sessions stored in the database, so any number of `tta serve` processes
//! share them and a user can sign out everywhere at once.
//!
//! The cookie holds 32 random bytes; the table holds only their SHA-256, so a copy of the
//! database does not let anyone sign in as its users.

use sqlx::Row;

use crate::{
    accounts::model::{self, User},
    db::{now, Db},
    util::{random_token, sha256_hex},
};

pub const COOKIE: &str = "tta_session";

pub struct Loaded {
    pub user: User,
    pub mfa_pending: bool,
    pub id_hash: String,
}

/// Creates a session for `user_id` and returns the cookie value.
pub async fn create(
    db: &Db,
    user_id: i64,
    mfa_pending: bool,
    ip: &str,
    user_agent: &str,
) -> sqlx::Result<String> {
    let raw = random_token();
    let t = now();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, mfa_pending, ip, user_agent) \
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(sha256_hex(&raw))
    .bind(user_id)
    .bind(t)
    .bind(mfa_pending as i64)
    .bind(ip)
    .bind(user_agent.chars().take(200).collect::<String>())
    .execute(&db.pool)
    .await?;
    Ok(raw)
}

/// Loads a live session, expiring it when idle or too old. Touches `last_seen_at` at most
/// once a minute so that reading pages does not turn into a write per request.
pub async fn load(
    db: &Db,
    raw: &str,
    idle_secs: i64,
    absolute_secs: i64,
) -> sqlx::Result<Option<Loaded>> {
    let id_hash = sha256_hex(raw);
    // One query for the session and its user: this runs on every request.
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let sql = SQL.get_or_init(|| {
        let cols: Vec<String> = model::COLS.split(", ").map(|c| format!("u.{c}")).collect();
        format!(
            "SELECT s.created_at AS session_created_at, s.last_seen_at, s.mfa_pending, {} \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
            cols.join(", ")
        )
    });
    let row = sqlx::query(sql)
        .bind(&id_hash)
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let t = now();
    let created: i64 = row.try_get("session_created_at")?;
    let seen: i64 = row.try_get("last_seen_at")?;
    if t - seen > idle_secs || t - created > absolute_secs {
        delete(db, raw).await?;
        return Ok(None);
    }
    let user = model::from_row(&row)?;
    if !user.active {
        return Ok(None);
    }
    if t - seen >= 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(t)
            .bind(&id_hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some(Loaded {
        user,
        mfa_pending: row.try_get::<i64, _>("mfa_pending")? != 0,
        id_hash,
    }))
}

pub async fn delete(db: &Db, raw: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(sha256_hex(raw))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends every session of a user, optionally keeping the one in use.
pub async fn delete_all_for_user<'e, E: sqlx::AnyExecutor<'e>>(
    ex: E,
    user_id: i64,
    keep_hash: Option<&str>,
) -> sqlx::Result<u64> {
    let r = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(keep_hash.unwrap_or(""))
        .execute(ex)
        .await?;
    Ok(r.rows_affected())
}

pub async fn count_for_user(db: &Db, user_id: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")
}

/// Removes sessions that can no longer be used; run by the job worker.
pub async fn purge_expired(db: &Db, idle_secs: i64, absolute_secs: i64) -> sqlx::Result<u64> {
    let t = now();
    let r = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
        .bind(t - idle_secs)
        .bind(t - absolute_secs)
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected())
}
