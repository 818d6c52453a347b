//! When attendance earns a certificate, and when it stops doing so.
//!
//! A training's certificate says someone attended it, so it can only exist once every
//! session has ended and the person was marked present at each one. Attendance can be
//! taken from a little before a session starts (people arrive early), never days ahead.
//! When a mark changes so that the rule no longer holds, the certificate is withdrawn
//! (revoked, with the reason shown on the public verification page); when the mark is
//! corrected back, the same certificate is reinstated, so a copy already printed or
//! shared stays good. A certificate revoked by staff for any other reason stays revoked.
//! Every mark and every certificate change goes to the audit log.

use sqlx::Row;

use super::{
    attendance::issue_certificate,
    model::{self, Event, Session},
};
use crate::{accounts::audit, app::AppState, certificates::model::KIND_EVENT, db::now};

/// How long before a session starts its attendance can be taken.
pub const OPENS_BEFORE_SECS: i64 = 30 * 60;

/// Whether attendance for `session` can be taken at `t`.
pub fn can_mark(session: &Session, t: i64) -> bool {
    t >= session.starts_at - OPENS_BEFORE_SECS
}

/// When attendance for `session` opens.
pub fn opens_at(session: &Session) -> i64 {
    session.starts_at - OPENS_BEFORE_SECS
}

/// What marking attendance did to the person's certificate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    Unchanged,
    Issued,
    Reinstated,
    Withdrawn,
}

/// Who made a change, for the audit log.
pub struct Actor<'a> {
    pub user_id: Option<i64>,
    pub ip: &'a str,
}

/// The reason stored with (and shown for) a certificate withdrawn by attendance.
pub const WITHDRAWN_REASON: &str =
    "Withdrawn: the attendance record no longer shows this person present at every session.";

/// Brings one registration's certificate in line with its attendance, inside the caller's
/// transaction (which holds the attendance change).
#[allow(clippy::too_many_arguments)]
pub async fn settle(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    event: &Event,
    sessions: &[Session],
    registration_id: i64,
    user_id: i64,
    name: &str,
    actor: &Actor<'_>,
) -> sqlx::Result<Outcome> {
    let t = now();
    let attended: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM attendance a JOIN event_sessions s ON s.id = a.session_id \
         WHERE a.registration_id = $1 AND s.event_id = $2 AND a.present = 1",
    )
    .bind(registration_id)
    .bind(event.id)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    let all_ended = !sessions.is_empty() && sessions.iter().all(|s| s.ends_at <= t);
    let earned = event.cancelled_at.is_none() && all_ended && attended as usize == sessions.len();
    let existing = sqlx::query("SELECT id, code, revoked_at, revoked_for_attendance FROM certificates WHERE kind = $1 AND source_id = $2 AND user_id = $3")
        .bind(KIND_EVENT)
        .bind(event.id)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    let target = |code: &str| format!("certificate:{code}");
    match (earned, existing) {
        (true, None) => {
            let cert = issue_certificate(&mut *conn, state, event, sessions, user_id, name).await?;
            let detail = format!("event {} · {}", event.id, event.title);
            audit::record(
                &mut *conn,
                actor.user_id,
                "certificate_issued",
                &target(&cert.code),
                actor.ip,
                &detail,
            )
            .await?;
            Ok(Outcome::Issued)
        }
        (true, Some(row)) => {
            let revoked = row.try_get::<Option<i64>, _>("revoked_at")?.is_some();
            if revoked && row.try_get::<i64, _>("revoked_for_attendance")? == 1 {
                let id: i64 = row.try_get("id")?;
                sqlx::query("UPDATE certificates SET revoked_at = NULL, revoked_by = NULL, revoke_reason = NULL, revoked_for_attendance = 0 WHERE id = $1")
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                let code: String = row.try_get("code")?;
                audit::record(
                    &mut *conn,
                    actor.user_id,
                    "certificate_reinstated",
                    &target(&code),
                    actor.ip,
                    "attendance corrected",
                )
                .await?;
                return Ok(Outcome::Reinstated);
            }
            Ok(Outcome::Unchanged)
        }
        (false, Some(row)) if row.try_get::<Option<i64>, _>("revoked_at")?.is_none() => {
            let id: i64 = row.try_get("id")?;
            sqlx::query("UPDATE certificates SET revoked_at = $1, revoked_by = $2, revoke_reason = $3, revoked_for_attendance = 1 WHERE id = $4 AND revoked_at IS NULL")
                .bind(t)
                .bind(actor.user_id)
                .bind(WITHDRAWN_REASON)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            let code: String = row.try_get("code")?;
            audit::record(
                &mut *conn,
                actor.user_id,
                "certificate_revoked",
                &target(&code),
                actor.ip,
                WITHDRAWN_REASON,
            )
            .await?;
            Ok(Outcome::Withdrawn)
        }
        _ => Ok(Outcome::Unchanged),
    }
}

/// Issues (or reinstates) the certificates earned by people checked in during a training's
/// last session, once that session has ended. Every server runs this; issuing is idempotent per person
/// and training. Only trainings that ended in the last two weeks are looked at, so the
/// sweep stays small; marks made later settle when they are made.
pub async fn sweep(state: &AppState) -> anyhow::Result<usize> {
    let t = now();
    let rows = sqlx::query(
        "SELECT r.id AS id, r.event_id AS event_id, r.user_id AS user_id, u.name AS name FROM registrations r \
         JOIN users u ON u.id = r.user_id \
         JOIN events e ON e.id = r.event_id AND e.cancelled_at IS NULL \
         JOIN (SELECT event_id, COUNT(*) AS n, MAX(ends_at) AS last_end FROM event_sessions GROUP BY event_id) f ON f.event_id = r.event_id \
         WHERE r.status = 'confirmed' AND f.last_end <= $1 AND f.last_end > $1 - 1209600 \
         AND (SELECT COUNT(*) FROM attendance a JOIN event_sessions s ON s.id = a.session_id \
              WHERE a.registration_id = r.id AND s.event_id = r.event_id AND a.present = 1) = f.n \
         AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.kind = 'event' AND c.source_id = r.event_id AND c.user_id = r.user_id \
              AND (c.revoked_at IS NULL OR c.revoked_for_attendance = 0)) \
         ORDER BY r.id LIMIT 500",
    )
    .bind(t)
    .fetch_all(&state.db.pool)
    .await?;
    let mut issued = 0;
    // Rows come per person; each training is read once.
    let mut events: std::collections::HashMap<i64, Option<(model::Event, Vec<Session>)>> =
        std::collections::HashMap::new();
    for r in rows {
        let (registration_id, event_id, user_id): (i64, i64, i64) = (
            r.try_get("id")?,
            r.try_get("event_id")?,
            r.try_get("user_id")?,
        );
        let name: String = r.try_get("name")?;
        if !events.contains_key(&event_id) {
            let loaded = match model::by_id(&state.db, event_id).await? {
                Some(e) => Some((e, model::sessions(&state.db, event_id).await?)),
                None => None,
            };
            events.insert(event_id, loaded);
        }
        let Some(Some((event, sessions))) = events.get(&event_id) else {
            continue;
        };
        let mut tx = state.db.tx().await?;
        let outcome = settle(
            &mut tx,
            state,
            event,
            sessions,
            registration_id,
            user_id,
            &name,
            &Actor {
                user_id: None,
                ip: "",
            },
        )
        .await?;
        tx.commit().await?;
        if outcome == Outcome::Issued {
            issued += 1;
        }
    }
    Ok(issued)
}
