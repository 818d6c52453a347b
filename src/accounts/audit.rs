//! The audit log: who did what to whom, and from where. Written in the same transaction
//! as the change it records where there is one, so neither exists without the other.

use serde::Serialize;
use sqlx::Row;

use crate::db::{now, Db};

pub async fn record<'e, E: sqlx::AnyExecutor<'e>>(
    ex: E,
    actor_id: Option<i64>,
    action: &str,
    target: &str,
    ip: &str,
    detail: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, target, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now())
    .bind(actor_id)
    .bind(action)
    .bind(target)
    .bind(ip)
    .bind(detail)
    .execute(ex)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_email: Option<String>,
    pub action: String,
    pub target: String,
    pub ip: String,
    pub detail: String,
}

impl Entry {
    pub fn actor_label(&self) -> String {
        match (&self.actor_email, self.actor_id) {
            (Some(e), _) => e.clone(),
            (None, Some(id)) => format!("#{id}"),
            (None, None) => "—".into(),
        }
    }
}

/// Newest first; `action` filters by exact action name when not empty.
pub async fn list(
    db: &Db,
    action: &str,
    actor_id: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<Entry>> {
    let rows = sqlx::query(
        "SELECT a.id, a.at, a.actor_id, u.email AS actor_email, a.action, a.target, a.ip, a.detail \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
         WHERE ($1 = '' OR a.action = $1) AND ($2 < 0 OR a.actor_id = $2) \
         ORDER BY a.id DESC LIMIT $3",
    )
    .bind(action)
    .bind(actor_id.unwrap_or(-1))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Entry {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                actor_id: r.try_get("actor_id")?,
                actor_email: r.try_get("actor_email")?,
                action: r.try_get("action")?,
                target: r.try_get("target")?,
                ip: r.try_get("ip")?,
                detail: r.try_get("detail")?,
            })
        })
        .collect()
}

pub async fn actions(db: &Db) -> sqlx::Result<Vec<String>> {
    let rows = sqlx::query("SELECT DISTINCT action FROM audit_log ORDER BY action")
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| r.try_get("action")).collect()
}
