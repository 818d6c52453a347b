//! Live trainings: in-person, virtual and hybrid events with one or more sessions, fair
//! registration with a waitlist that never oversells, calendar files and feeds, reminders,
//! attendance, certificates and evaluations.

pub mod answers;
pub mod api;
pub mod api_doc;
pub mod attendance;
pub mod certify;
pub mod facilitators;
pub mod ics;
pub mod input;
pub mod model;
pub mod notices;
pub mod public;
pub mod seats;
pub mod staff;
pub mod time;

use crate::{app::AppState, db::now};

/// Idempotency keys are kept for a day: long enough for any client's retries.
pub async fn api_keys_purge(state: &AppState) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(now() - 86_400)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}
