//! Seats: registering, cancelling and the waitlist. Every change happens in a transaction
//! that first locks the event (a row lock on PostgreSQL; SQLite's `BEGIN IMMEDIATE` holds
//! the only write lock), so counting the confirmed places and taking one cannot interleave
//! with another server doing the same: an event is never oversold, and the waitlist keeps
//! arrival order. Notices (emails with calendar files) are queued in the same transaction.

use serde::Serialize;
use serde_json::json;
use sqlx::Row;

use crate::{app::AppState, db::now, jobs};

pub const CONFIRMED: &str = "confirmed";
pub const WAITLISTED: &str = "waitlisted";
pub const CANCELLED: &str = "cancelled";

/// The job that emails a registration notice; its handler reads the registration as it is
/// when the email goes out.
pub const NOTICE_JOB: &str = "event_notice";
/// The job that passes seats freed since to the waitlist (when a place given up can no
/// longer be taken back).
pub const REFILL_JOB: &str = "event_refill";

/// How long a person who gave up a place can take it back. Until then the seat is kept
/// for them (it counts as taken), so a slip of the finger in a full training costs
/// nothing; after it, the seat goes to the first person waiting.
pub const UNDO_SECS: i64 = 10 * 60;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    pub registration_id: i64,
    pub status: String,
    /// 1-based position on the waitlist.
    pub waitlist_position: Option<i64>,
    /// False when the person already held this place (a retried or repeated request).
    pub new: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SeatError {
    #[error("registration is not open")]
    Closed,
    #[error("no such event")]
    NotFound,
    #[error("not registered")]
    NotRegistered,
    #[error("the event is full")]
    Full,
    #[error("too late to take the place back")]
    TooLate,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

async fn lock_event(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    event_id: i64,
) -> Result<(i64, bool), SeatError> {
    let row = sqlx::query(&format!(
        "SELECT capacity, published, cancelled_at, registration_opens_at, registration_closes_at FROM events WHERE id = $1 {}",
        state.db.for_update()
    ))
    .bind(event_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(SeatError::NotFound)?;
    let t = now();
    let open = row.try_get::<i64, _>("published")? == 1
        && row.try_get::<Option<i64>, _>("cancelled_at")?.is_none()
        && t >= row.try_get::<i64, _>("registration_opens_at")?
        && t < row.try_get::<i64, _>("registration_closes_at")?;
    Ok((row.try_get("capacity")?, open))
}

/// Seats taken: confirmed places, and places given up that can still be taken back.
async fn confirmed_count(conn: &mut sqlx::AnyConnection, event_id: i64) -> sqlx::Result<i64> {
    sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM registrations WHERE event_id = $1 AND {}",
        holds_seat("$2")
    ))
    .bind(event_id)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")
}

/// The SQL condition for a registration that takes a seat (columns unqualified), with the
/// placeholder that the current time is bound to, so the statement text stays the same
/// and is prepared once.
pub fn holds_seat(now_param: &str) -> String {
    format!("(status = 'confirmed' OR (status = 'cancelled' AND undo_status = 'confirmed' AND undo_until > {now_param}))")
}

async fn next_seq(conn: &mut sqlx::AnyConnection, event_id: i64) -> sqlx::Result<i64> {
    let row = sqlx::query("SELECT MAX(waitlist_seq) AS m FROM registrations WHERE event_id = $1")
        .bind(event_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get::<Option<i64>, _>("m")?.unwrap_or(0) + 1)
}

pub async fn position(
    conn: &mut sqlx::AnyConnection,
    event_id: i64,
    seq: i64,
) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM registrations WHERE event_id = $1 AND status = 'waitlisted' AND waitlist_seq <= $2")
        .bind(event_id)
        .bind(seq)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}

async fn place_of(
    conn: &mut sqlx::AnyConnection,
    event_id: i64,
    user_id: i64,
) -> sqlx::Result<Option<(i64, String, Option<i64>)>> {
    let row = sqlx::query(
        "SELECT id, status, waitlist_seq FROM registrations WHERE event_id = $1 AND user_id = $2",
    )
    .bind(event_id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("status")?,
            r.try_get("waitlist_seq")?,
        ))
    })
    .transpose()
}

async fn notice(
    conn: &mut sqlx::AnyConnection,
    registration_id: i64,
    kind: &str,
) -> sqlx::Result<()> {
    jobs::enqueue(
        &mut *conn,
        NOTICE_JOB,
        &json!({ "registration_id": registration_id, "notice": kind }),
        None,
    )
    .await?;
    Ok(())
}

/// Takes a place for `user_id`: confirmed while seats remain, otherwise the next place on
/// the waitlist. Someone who already holds a place gets it back unchanged.
pub async fn register(
    state: &AppState,
    event_id: i64,
    user_id: i64,
    answers: &serde_json::Value,
) -> Result<Place, SeatError> {
    if state.cfg.unprotected_registration_for_tests {
        return register_unprotected(state, event_id, user_id, answers).await;
    }
    let mut tx = state.db.tx().await?;
    let (capacity, open) = lock_event(&mut tx, state, event_id).await?;
    let existing = place_of(&mut tx, event_id, user_id).await?;
    if let Some((id, status, _)) = &existing {
        // Registering again while a place given up can still be taken back takes it back,
        // rather than queueing the person behind the seat kept for them.
        if status == CANCELLED {
            if let Some(place) = restore(&mut tx, event_id, *id).await? {
                tx.commit().await?;
                return Ok(place);
            }
        }
    }
    if let Some((id, status, seq)) = &existing {
        if status != CANCELLED {
            let pos = match seq {
                Some(s) if status == WAITLISTED => Some(position(&mut tx, event_id, *s).await?),
                _ => None,
            };
            tx.commit().await?;
            return Ok(Place {
                registration_id: *id,
                status: status.clone(),
                waitlist_position: pos,
                new: false,
            });
        }
    }
    if !open {
        return Err(SeatError::Closed);
    }
    let t = now();
    let taken = confirmed_count(&mut tx, event_id).await?;
    let (status, seq) = if taken < capacity {
        (CONFIRMED, None)
    } else {
        (WAITLISTED, Some(next_seq(&mut tx, event_id).await?))
    };
    let confirmed_at = (status == CONFIRMED).then_some(t);
    let id: i64 = match existing {
        Some((id, _, _)) => {
            sqlx::query("UPDATE registrations SET status = $1, waitlist_seq = $2, answers = $3, updated_at = $4, confirmed_at = $5, cancelled_at = NULL, promoted_at = NULL, undo_until = NULL, undo_status = NULL, undo_notice_job = NULL WHERE id = $6")
                .bind(status)
                .bind(seq)
                .bind(answers.to_string())
                .bind(t)
                .bind(confirmed_at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => sqlx::query(
            "INSERT INTO registrations (event_id, user_id, status, waitlist_seq, answers, created_at, updated_at, confirmed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
        )
        .bind(event_id)
        .bind(user_id)
        .bind(status)
        .bind(seq)
        .bind(answers.to_string())
        .bind(t)
        .bind(confirmed_at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?,
    };
    let pos = match seq {
        Some(s) => Some(position(&mut tx, event_id, s).await?),
        None => None,
    };
    notice(&mut tx, id, status).await?;
    tx.commit().await?;
    Ok(Place {
        registration_id: id,
        status: status.to_string(),
        waitlist_position: pos,
        new: true,
    })
}

/// The same steps with no lock and no transaction: what the race test must catch.
async fn register_unprotected(
    state: &AppState,
    event_id: i64,
    user_id: i64,
    answers: &serde_json::Value,
) -> Result<Place, SeatError> {
    let mut conn = state.db.pool.acquire().await?;
    let capacity: i64 = sqlx::query("SELECT capacity FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("capacity")?;
    let taken = confirmed_count(&mut conn, event_id).await?;
    // Widens the window between counting and taking, as a slow request would.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let status = if taken < capacity {
        CONFIRMED
    } else {
        WAITLISTED
    };
    let seq = if status == WAITLISTED {
        Some(next_seq(&mut conn, event_id).await?)
    } else {
        None
    };
    let t = now();
    let r = sqlx::query("INSERT INTO registrations (event_id, user_id, status, waitlist_seq, answers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id")
        .bind(event_id)
        .bind(user_id)
        .bind(status)
        .bind(seq)
        .bind(answers.to_string())
        .bind(t)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Place {
        registration_id: r.try_get("id")?,
        status: status.to_string(),
        waitlist_position: None,
        new: true,
    })
}

/// Promotes the first people on the waitlist while seats are free; returns their
/// registration ids. Runs inside a transaction that holds the event lock.
async fn fill_seats(
    conn: &mut sqlx::AnyConnection,
    event_id: i64,
    capacity: i64,
) -> sqlx::Result<Vec<i64>> {
    let mut promoted = Vec::new();
    let free = capacity - confirmed_count(&mut *conn, event_id).await?;
    if free <= 0 {
        return Ok(promoted);
    }
    let rows = sqlx::query("SELECT id FROM registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq, id LIMIT $2")
        .bind(event_id)
        .bind(free)
        .fetch_all(&mut *conn)
        .await?;
    let t = now();
    for r in rows {
        let id: i64 = r.try_get("id")?;
        sqlx::query("UPDATE registrations SET status = 'confirmed', waitlist_seq = NULL, confirmed_at = $1, promoted_at = $1, updated_at = $1 WHERE id = $2")
            .bind(t)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        notice(&mut *conn, id, "promoted").await?;
        promoted.push(id);
    }
    Ok(promoted)
}

/// Cancels a person's place. With `undo`, the person can take it back for `UNDO_SECS`:
/// the seat stays theirs until then, the cancellation email waits, and a job passes the
/// seat on when the time is up. Without it (staff removing someone, an API client), a
/// freed seat goes to the first person on the waitlist at once. Returns the registration
/// ids promoted now.
pub async fn cancel(
    state: &AppState,
    event_id: i64,
    user_id: i64,
    undo: bool,
) -> Result<Vec<i64>, SeatError> {
    let mut tx = state.db.tx().await?;
    let (capacity, _) = lock_event(&mut tx, state, event_id).await?;
    let Some((id, status, _)) = place_of(&mut tx, event_id, user_id).await? else {
        return Err(SeatError::NotRegistered);
    };
    if status == CANCELLED {
        return Err(SeatError::NotRegistered);
    }
    let t = now();
    if undo {
        let until = t + UNDO_SECS;
        // A waitlisted person keeps their sequence number, so taking the place back puts
        // them where they were.
        let job = jobs::enqueue(
            &mut *tx,
            NOTICE_JOB,
            &json!({ "registration_id": id, "notice": "cancelled" }),
            Some(until),
        )
        .await?;
        sqlx::query("UPDATE registrations SET status = 'cancelled', cancelled_at = $1, updated_at = $1, undo_until = $2, undo_status = $3, undo_notice_job = $4 WHERE id = $5")
            .bind(t)
            .bind(until)
            .bind(&status)
            .bind(job)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if status == CONFIRMED {
            jobs::enqueue(
                &mut *tx,
                REFILL_JOB,
                &json!({ "event_id": event_id }),
                Some(until),
            )
            .await?;
        }
        tx.commit().await?;
        return Ok(Vec::new());
    }
    sqlx::query("UPDATE registrations SET status = 'cancelled', waitlist_seq = NULL, cancelled_at = $1, updated_at = $1, undo_until = NULL, undo_status = NULL, undo_notice_job = NULL WHERE id = $2")
        .bind(t)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    notice(&mut tx, id, "cancelled").await?;
    let promoted = fill_seats(&mut tx, event_id, capacity).await?;
    tx.commit().await?;
    Ok(promoted)
}

/// Takes back a place given up less than `UNDO_SECS` ago, as it was.
pub async fn undo_cancel(
    state: &AppState,
    event_id: i64,
    user_id: i64,
) -> Result<Place, SeatError> {
    let mut tx = state.db.tx().await?;
    lock_event(&mut tx, state, event_id).await?;
    let Some((id, status, _)) = place_of(&mut tx, event_id, user_id).await? else {
        return Err(SeatError::NotRegistered);
    };
    if status != CANCELLED {
        return Err(SeatError::NotRegistered);
    }
    let place = restore(&mut tx, event_id, id)
        .await?
        .ok_or(SeatError::TooLate)?;
    tx.commit().await?;
    Ok(place)
}

/// Restores a cancelled registration whose undo time has not run out; None when it has.
/// Runs under the event lock.
async fn restore(
    conn: &mut sqlx::AnyConnection,
    event_id: i64,
    id: i64,
) -> sqlx::Result<Option<Place>> {
    let t = now();
    let row = sqlx::query("SELECT undo_status, waitlist_seq, undo_notice_job FROM registrations WHERE id = $1 AND status = 'cancelled' AND undo_until > $2")
        .bind(id)
        .bind(t)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let was: Option<String> = row.try_get("undo_status")?;
    let seq: Option<i64> = row.try_get("waitlist_seq")?;
    let status = if was.as_deref() == Some(WAITLISTED) && seq.is_some() {
        WAITLISTED
    } else {
        CONFIRMED
    };
    // The cancellation email that was waiting is withdrawn: nothing was cancelled.
    if let Some(job) = row.try_get::<Option<i64>, _>("undo_notice_job")? {
        sqlx::query("DELETE FROM jobs WHERE id = $1 AND done_at IS NULL")
            .bind(job)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("UPDATE registrations SET status = $1, cancelled_at = NULL, undo_until = NULL, undo_status = NULL, undo_notice_job = NULL, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(t)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let waitlist_position = match seq {
        Some(s) if status == WAITLISTED => Some(position(&mut *conn, event_id, s).await?),
        _ => None,
    };
    Ok(Some(Place {
        registration_id: id,
        status: status.to_string(),
        waitlist_position,
        new: false,
    }))
}

/// Staff: confirms a waitlisted person now, if a seat is free.
pub async fn promote(
    state: &AppState,
    event_id: i64,
    registration_id: i64,
) -> Result<(), SeatError> {
    let mut tx = state.db.tx().await?;
    let (capacity, _) = lock_event(&mut tx, state, event_id).await?;
    if confirmed_count(&mut tx, event_id).await? >= capacity {
        return Err(SeatError::Full);
    }
    let t = now();
    let done = sqlx::query("UPDATE registrations SET status = 'confirmed', waitlist_seq = NULL, confirmed_at = $1, promoted_at = $1, updated_at = $1 WHERE id = $2 AND event_id = $3 AND status = 'waitlisted'")
        .bind(t)
        .bind(registration_id)
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(SeatError::NotRegistered);
    }
    notice(&mut tx, registration_id, "promoted").await?;
    tx.commit().await?;
    Ok(())
}

/// Staff: moves a waitlisted person one place up (`up`) or down.
pub async fn move_on_waitlist(
    state: &AppState,
    event_id: i64,
    registration_id: i64,
    up: bool,
) -> Result<(), SeatError> {
    let mut tx = state.db.tx().await?;
    lock_event(&mut tx, state, event_id).await?;
    let rows = sqlx::query("SELECT id, waitlist_seq FROM registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq, id").bind(event_id).fetch_all(&mut *tx).await?;
    let list: Vec<(i64, i64)> = rows
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("waitlist_seq")?)))
        .collect::<sqlx::Result<_>>()?;
    let i = list
        .iter()
        .position(|(id, _)| *id == registration_id)
        .ok_or(SeatError::NotRegistered)?;
    let j = if up {
        i.checked_sub(1)
    } else {
        (i + 1 < list.len()).then_some(i + 1)
    };
    if let Some(j) = j {
        // Swap the two sequence numbers.
        for (id, seq) in [(list[i].0, list[j].1), (list[j].0, list[i].1)] {
            sqlx::query(
                "UPDATE registrations SET waitlist_seq = $1, updated_at = $2 WHERE id = $3",
            )
            .bind(seq)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Staff: removes someone's place (with the same promotion as a cancellation).
pub async fn remove(
    state: &AppState,
    event_id: i64,
    registration_id: i64,
) -> Result<Vec<i64>, SeatError> {
    let user_id: i64 =
        sqlx::query("SELECT user_id FROM registrations WHERE id = $1 AND event_id = $2")
            .bind(registration_id)
            .bind(event_id)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or(SeatError::NotRegistered)?
            .try_get("user_id")?;
    cancel(state, event_id, user_id, false).await
}

/// After a capacity change: fills newly free seats from the waitlist.
pub async fn refill(state: &AppState, event_id: i64) -> Result<Vec<i64>, SeatError> {
    let mut tx = state.db.tx().await?;
    let (capacity, _) = lock_event(&mut tx, state, event_id).await?;
    let promoted = fill_seats(&mut tx, event_id, capacity).await?;
    tx.commit().await?;
    Ok(promoted)
}
