//! Personal API tokens. Shown once at creation; only their SHA-256 is stored.

use serde::Serialize;
use sqlx::Row;

use crate::{
    accounts::model::{self, User},
    db::{now, Db},
    util::{random_token, sha256_hex},
};

pub const PREFIX: &str = "tta_";

#[derive(Clone, Debug, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// Creates a token and returns (id, the secret to show once).
pub async fn create(db: &Db, user_id: i64, name: &str) -> sqlx::Result<(i64, String)> {
    let secret = format!("{PREFIX}{}", random_token());
    let row = sqlx::query(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(name.trim())
    .bind(sha256_hex(&secret))
    .bind(now())
    .fetch_one(&db.pool)
    .await?;
    Ok((row.try_get("id")?, secret))
}

pub async fn authenticate(db: &Db, raw: &str) -> sqlx::Result<Option<User>> {
    if !raw.starts_with(PREFIX) {
        return Ok(None);
    }
    let row = sqlx::query("SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = $1")
        .bind(sha256_hex(raw))
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let user = model::by_id(&db.pool, row.try_get("user_id")?).await?;
    let Some(user) = user.filter(|u| u.active) else {
        return Ok(None);
    };
    let last: Option<i64> = row.try_get("last_used_at")?;
    let t = now();
    if last.is_none_or(|l| t - l > 300) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(t)
            .bind(row.try_get::<i64, _>("id")?)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some(user))
}

pub async fn list(db: &Db, user_id: i64) -> sqlx::Result<Vec<TokenInfo>> {
    let rows = sqlx::query(
        "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TokenInfo {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
            })
        })
        .collect()
}

/// Revokes one of the user's own tokens; false when it is not theirs or is already gone.
pub async fn revoke(db: &Db, user_id: i64, id: i64) -> sqlx::Result<bool> {
    let r = sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected() == 1)
}
