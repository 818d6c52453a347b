//! The user record and the queries every part of tta needs about users.

use serde::Serialize;
use sqlx::Row;

use crate::db::{now, Db};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Learner,
    Facilitator,
    Staff,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Learner, Role::Facilitator, Role::Staff, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Facilitator => "facilitator",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Staff and admins hold the institute's data; they get the stricter sign-in rules.
    pub fn is_privileged(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
    pub email_verified_at: Option<i64>,
    #[serde(skip)]
    pub totp_secret: Option<String>,
    #[serde(skip)]
    pub totp_pending_secret: Option<String>,
    pub totp_enabled_at: Option<i64>,
    pub locale: String,
    pub created_at: i64,
}

impl User {
    pub fn totp_enabled(&self) -> bool {
        self.totp_enabled_at.is_some() && self.totp_secret.is_some()
    }
}

pub(crate) const COLS: &str =
    "id, email, name, password_hash, role, active, email_verified_at, totp_secret, \
                    totp_pending_secret, totp_enabled_at, locale, created_at";

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> sqlx::Result<User> {
    Ok(User {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        password_hash: r.try_get("password_hash")?,
        role: Role::parse(&r.try_get::<String, _>("role")?).unwrap_or(Role::Learner),
        active: r.try_get::<i64, _>("active")? != 0,
        email_verified_at: r.try_get("email_verified_at")?,
        totp_secret: r.try_get("totp_secret")?,
        totp_pending_secret: r.try_get("totp_pending_secret")?,
        totp_enabled_at: r.try_get("totp_enabled_at")?,
        locale: r.try_get("locale")?,
        created_at: r.try_get("created_at")?,
    })
}

/// Emails are compared case-insensitively; we store them lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub async fn by_id<'e, E: sqlx::AnyExecutor<'e>>(ex: E, id: i64) -> sqlx::Result<Option<User>> {
    let q = format!("SELECT {COLS} FROM users WHERE id = $1");
    sqlx::query(&q)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .map(|r| from_row(&r))
        .transpose()
}

pub async fn by_email<'e, E: sqlx::AnyExecutor<'e>>(
    ex: E,
    email: &str,
) -> sqlx::Result<Option<User>> {
    let q = format!("SELECT {COLS} FROM users WHERE email = $1");
    sqlx::query(&q)
        .bind(normalize_email(email))
        .fetch_optional(ex)
        .await?
        .map(|r| from_row(&r))
        .transpose()
}

/// Finds users by part of their name or email, for the admin page.
pub async fn search(db: &Db, q: &str, limit: i64) -> sqlx::Result<Vec<User>> {
    let like = format!(
        "%{}%",
        q.trim().to_lowercase().replace('%', "").replace('_', "")
    );
    let sql = format!(
        "SELECT {COLS} FROM users WHERE lower(email) LIKE $1 OR lower(name) LIKE $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2"
    );
    let rows = sqlx::query(&sql)
        .bind(like)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub verified: bool,
}

pub async fn insert<'e, E: sqlx::AnyExecutor<'e>>(ex: E, u: NewUser<'_>) -> sqlx::Result<i64> {
    let t = now();
    let row = sqlx::query(
        "INSERT INTO users (email, name, password_hash, role, active, email_verified_at, locale, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 1, $5, 'en', $6, $6) RETURNING id",
    )
    .bind(normalize_email(u.email))
    .bind(u.name.trim())
    .bind(u.password_hash)
    .bind(u.role.as_str())
    .bind(if u.verified { Some(t) } else { None })
    .bind(t)
    .fetch_one(ex)
    .await?;
    row.try_get("id")
}

pub async fn count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")
}
