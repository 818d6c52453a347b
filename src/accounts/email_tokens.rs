//! Single-use links sent by email: verify an address, reset a password, confirm a new
//! address. Only the SHA-256 of a link's token is stored.

use sqlx::Row;

use crate::{
    db::now,
    util::{random_token, sha256_hex},
};

#[derive(Clone, Copy)]
pub enum Purpose {
    Verify,
    Reset,
    ChangeEmail,
    /// Finishes a sign-in from a new device while the account is drawing failed attempts.
    Signin,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::Reset => "reset",
            Purpose::ChangeEmail => "change_email",
            Purpose::Signin => "signin",
        }
    }
    /// How long a link stays valid.
    pub fn ttl(self) -> i64 {
        match self {
            Purpose::Verify => 3 * 86_400,
            Purpose::Reset => 3600,
            Purpose::ChangeEmail => 86_400,
            Purpose::Signin => 900,
        }
    }
}

pub async fn create<'e, E: sqlx::AnyExecutor<'e>>(
    ex: E,
    user_id: i64,
    purpose: Purpose,
    new_email: Option<&str>,
) -> sqlx::Result<String> {
    let raw = random_token();
    let t = now();
    sqlx::query(
        "INSERT INTO email_tokens (user_id, purpose, token_hash, new_email, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(sha256_hex(&raw))
    .bind(new_email)
    .bind(t)
    .bind(t + purpose.ttl())
    .execute(ex)
    .await?;
    Ok(raw)
}

/// Looks a link up without using it (to show the reset form).
pub async fn peek<'e, E: sqlx::AnyExecutor<'e>>(
    ex: E,
    raw: &str,
    purpose: Purpose,
) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT user_id FROM email_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(sha256_hex(raw))
    .bind(purpose.as_str())
    .bind(now())
    .fetch_optional(ex)
    .await?;
    row.map(|r| r.try_get("user_id")).transpose()
}

/// Uses a link once: returns the user id and the new email (for email changes).
pub async fn consume(
    tx: &mut crate::db::Tx,
    raw: &str,
    purpose: Purpose,
) -> sqlx::Result<Option<(i64, Option<String>)>> {
    let t = now();
    let row = sqlx::query(
        "UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1 RETURNING user_id, new_email",
    )
    .bind(t)
    .bind(sha256_hex(raw))
    .bind(purpose.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(r) = row else { return Ok(None) };
    // Other outstanding links of the same kind stop working too.
    let user_id: i64 = r.try_get("user_id")?;
    sqlx::query("UPDATE email_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL")
        .bind(t)
        .bind(user_id)
        .bind(purpose.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(Some((user_id, r.try_get("new_email")?)))
}
