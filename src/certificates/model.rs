//! Issuing, finding and revoking certificates.

use rand::Rng;
use serde::Serialize;
use sqlx::{any::AnyRow, Row};

use super::keys::CertKey;
use crate::{
    courses::spec::hours_text,
    db::{now, Db},
};

/// What a certificate is for. Both kinds share the table, the signature and the pages.
pub const KIND_COURSE: &str = "course";
pub const KIND_EVENT: &str = "event";

#[derive(Clone, Debug, Serialize)]
pub struct Certificate {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub source_id: i64,
    pub user_id: Option<i64>,
    pub recipient: String,
    pub title: String,
    /// YYYY-MM-DD, the day it was earned.
    pub completed_on: String,
    pub hours_x100: i64,
    pub ce_hours_x100: i64,
    pub issuer: String,
    pub key_id: String,
    pub signature: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revoke_reason: Option<String>,
}

/// The fields a new certificate certifies.
pub struct Issue<'a> {
    pub kind: &'a str,
    pub source_id: i64,
    pub user_id: i64,
    pub recipient: &'a str,
    pub title: &'a str,
    pub completed_on: &'a str,
    pub hours_x100: i64,
    pub ce_hours_x100: i64,
    pub issuer: &'a str,
}

impl Certificate {
    /// The exact text the signature covers. Changing any certified field, or the code,
    /// breaks the signature. The format is versioned so it can evolve.
    pub fn payload(&self) -> String {
        payload(
            &self.code,
            &self.kind,
            &self.recipient,
            &self.title,
            &self.completed_on,
            self.hours_x100,
            self.ce_hours_x100,
            &self.issuer,
        )
    }

    pub fn hours(&self) -> String {
        hours_text(self.hours_x100)
    }

    pub fn ce_hours(&self) -> String {
        hours_text(self.ce_hours_x100)
    }

    pub fn revoked(&self) -> bool {
        self.revoked_at.is_some()
    }

    pub fn signature_valid(&self, key: &CertKey) -> bool {
        key.verify(&self.payload(), &self.signature)
    }
}

#[allow(clippy::too_many_arguments)]
pub fn payload(
    code: &str,
    kind: &str,
    recipient: &str,
    title: &str,
    completed_on: &str,
    hours_x100: i64,
    ce_hours_x100: i64,
    issuer: &str,
) -> String {
    // Newlines inside fields would let one field pose as another; fields are single-line.
    let clean = |s: &str| s.replace(['\n', '\r'], " ");
    format!(
        "tta-certificate-v1\ncode: {}\nkind: {}\nrecipient: {}\ntitle: {}\ncompleted: {}\nhours: {}\nce-hours: {}\nissuer: {}\n",
        clean(code),
        clean(kind),
        clean(recipient),
        clean(title),
        clean(completed_on),
        hours_text(hours_x100),
        hours_text(ce_hours_x100),
        clean(issuer)
    )
}

/// Twelve characters from an alphabet without look-alikes (no 0/O, 1/I/L), grouped in
/// fours so it can be read out over the phone: "7KQM-X3TD-9HWP".
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    let raw: String = (0..12)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12])
}

/// Accepts a code as typed: any case, with or without dashes or spaces.
pub fn normalize_code(s: &str) -> Option<String> {
    let raw: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (raw.len() == 12).then(|| format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12]))
}

const COLUMNS: &str = "id, code, kind, source_id, user_id, recipient, title, completed_on, hours_x100, ce_hours_x100, issuer, key_id, signature, issued_at, revoked_at, revoke_reason";

fn from_row(r: &AnyRow) -> sqlx::Result<Certificate> {
    Ok(Certificate {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        kind: r.try_get("kind")?,
        source_id: r.try_get("source_id")?,
        user_id: r.try_get("user_id")?,
        recipient: r.try_get("recipient")?,
        title: r.try_get("title")?,
        completed_on: r.try_get("completed_on")?,
        hours_x100: r.try_get("hours_x100")?,
        ce_hours_x100: r.try_get("ce_hours_x100")?,
        issuer: r.try_get("issuer")?,
        key_id: r.try_get("key_id")?,
        signature: r.try_get("signature")?,
        issued_at: r.try_get("issued_at")?,
        revoked_at: r.try_get("revoked_at")?,
        revoke_reason: r.try_get("revoke_reason")?,
    })
}

/// Issues a certificate inside the caller's transaction, or returns the one already
/// issued for the same person and course or training: finishing twice (two tabs, a
/// retried request) never makes two certificates.
pub async fn issue(
    conn: &mut sqlx::AnyConnection,
    key: &CertKey,
    i: &Issue<'_>,
) -> sqlx::Result<Certificate> {
    if let Some(c) = find_for(&mut *conn, i.kind, i.source_id, i.user_id).await? {
        return Ok(c);
    }
    let code = new_code();
    let signed = payload(
        &code,
        i.kind,
        i.recipient,
        i.title,
        i.completed_on,
        i.hours_x100,
        i.ce_hours_x100,
        i.issuer,
    );
    let signature = key.sign(&signed);
    sqlx::query(
        "INSERT INTO certificates (code, kind, source_id, user_id, recipient, title, completed_on, hours_x100, ce_hours_x100, issuer, key_id, signature, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (kind, source_id, user_id) DO NOTHING",
    )
    .bind(&code)
    .bind(i.kind)
    .bind(i.source_id)
    .bind(i.user_id)
    .bind(i.recipient)
    .bind(i.title)
    .bind(i.completed_on)
    .bind(i.hours_x100)
    .bind(i.ce_hours_x100)
    .bind(i.issuer)
    .bind(&key.id)
    .bind(&signature)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    find_for(&mut *conn, i.kind, i.source_id, i.user_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

async fn find_for(
    conn: &mut sqlx::AnyConnection,
    kind: &str,
    source_id: i64,
    user_id: i64,
) -> sqlx::Result<Option<Certificate>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM certificates WHERE kind = $1 AND source_id = $2 AND user_id = $3"
    ))
    .bind(kind)
    .bind(source_id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_code(db: &Db, code: &str) -> sqlx::Result<Option<Certificate>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM certificates WHERE code = $1"
    ))
    .bind(code)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_id(db: &Db, id: i64) -> sqlx::Result<Option<Certificate>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM certificates WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn for_source(
    db: &Db,
    kind: &str,
    source_id: i64,
    user_id: i64,
) -> sqlx::Result<Option<Certificate>> {
    let mut conn = db.pool.acquire().await?;
    find_for(&mut conn, kind, source_id, user_id).await
}

pub async fn for_user(db: &Db, user_id: i64) -> sqlx::Result<Vec<Certificate>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM certificates WHERE user_id = $1 ORDER BY issued_at DESC, id DESC"
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every certificate, newest first, optionally only those whose code, name or title
/// contains `q`.
pub async fn search(db: &Db, q: &str, limit: i64) -> sqlx::Result<Vec<Certificate>> {
    let like = format!("%{}%", q.trim().to_lowercase());
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM certificates WHERE LOWER(code) LIKE $1 OR LOWER(recipient) LIKE $1 OR LOWER(title) LIKE $1 ORDER BY issued_at DESC, id DESC LIMIT $2"
    ))
    .bind(like)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Revokes once; the first reason stands. Returns false when there was nothing to revoke.
/// A certificate withdrawn because attendance changed can still be revoked for good, so a
/// later correction of the attendance does not bring it back.
pub async fn revoke(db: &Db, id: i64, by: i64, reason: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE certificates SET revoked_at = $1, revoked_by = $2, revoke_reason = $3, revoked_for_attendance = 0 \
         WHERE id = $4 AND (revoked_at IS NULL OR revoked_for_attendance = 1)",
    )
        .bind(now())
        .bind(by)
        .bind(reason)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_however_typed() {
        let c = new_code();
        assert_eq!(
            normalize_code(&c.to_lowercase().replace('-', " ")),
            Some(c.clone())
        );
        assert_eq!(normalize_code("abc"), None);
    }

    #[test]
    fn payload_fields_cannot_run_together() {
        let a = payload(
            "C",
            "course",
            "Ana\ntitle: X",
            "T",
            "2026-01-01",
            150,
            0,
            "I",
        );
        assert!(a.contains("recipient: Ana title: X\n"));
        assert!(a.contains("hours: 1.5\n"));
    }
}
