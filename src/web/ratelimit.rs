//! Fixed-window rate limits kept in the database, so the limit holds across every server
//! behind a load balancer rather than per process.

use crate::db::{now, Db};

pub struct Limit {
    pub max: i64,
    pub window_secs: i64,
}

/// Attempts at one account from one address: stops a guesser there without touching the
/// person, who signs in from somewhere else.
pub const SIGNIN_PER_ACCOUNT_AND_IP: Limit = Limit {
    max: 10,
    window_secs: 900,
};
/// Attempts from one address at any account.
pub const SIGNIN_PER_IP: Limit = Limit {
    max: 60,
    window_secs: 900,
};
/// Failed sign-ins at one account from everywhere. Past it, a correct password from a
/// device new to the account is confirmed by email instead of signing in at once (see
/// `accounts::devices`); nobody is refused.
pub const SIGNIN_FAILURES_PER_ACCOUNT: Limit = Limit {
    max: 20,
    window_secs: 3600,
};
pub const SIGNUP_PER_IP: Limit = Limit {
    max: 20,
    window_secs: 3600,
};
pub const RESET_PER_IP: Limit = Limit {
    max: 20,
    window_secs: 3600,
};
pub const RESET_PER_ACCOUNT: Limit = Limit {
    max: 5,
    window_secs: 3600,
};
pub const INVITE_PER_USER: Limit = Limit {
    max: 50,
    window_secs: 3600,
};
pub const CONTACT_PER_IP: Limit = Limit {
    max: 10,
    window_secs: 3600,
};
pub const TOTP_PER_SESSION: Limit = Limit {
    max: 10,
    window_secs: 900,
};

/// Counts one attempt under `key`; returns false when the limit is already used up.
pub async fn hit(db: &Db, key: &str, limit: &Limit) -> sqlx::Result<bool> {
    let t = now();
    let window = t - t % limit.window_secs;
    let mut tx = db.tx().await?;
    sqlx::query(
        "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) \
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1",
    )
    .bind(key)
    .bind(window)
    .execute(&mut *tx)
    .await?;
    let count: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2")
            .bind(key)
            .bind(window)
            .fetch_one(&mut *tx)
            .await?,
        "count",
    )?;
    tx.commit().await?;
    Ok(count <= limit.max)
}

/// How many attempts the current window of `key` holds, without counting one.
pub async fn used(db: &Db, key: &str, limit: &Limit) -> sqlx::Result<i64> {
    let t = now();
    let row = sqlx::query("SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2")
        .bind(key)
        .bind(t - t % limit.window_secs)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(r) => sqlx::Row::try_get(&r, "count")?,
        None => 0,
    })
}

/// Drops windows that have ended; run by the job worker.
pub async fn purge(db: &Db) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(now() - 86_400)
        .execute(&db.pool)
        .await?;
    Ok(())
}
