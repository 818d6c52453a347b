//! The worker loop that `tta serve` runs beside the web server.

use tokio::sync::watch;

use crate::{app::AppState, db::now};

use super::{claim, complete, dispatch, fail, IDLE_POLL};

/// Lease long enough for a slow SMTP server; a job that takes longer may run twice.
const LEASE_SECS: i64 = 300;
/// How often each worker looks for training reminders that are due.
const SWEEP_SECS: i64 = 300;

pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let worker = format!(
        "{}-{}",
        std::process::id(),
        crate::util::random_token()[..8].to_string()
    );
    let mut last_maintenance = 0i64;
    let mut last_sweep = 0i64;
    loop {
        if *stop.borrow() {
            return;
        }
        if now() - last_maintenance > 3600 {
            last_maintenance = now();
            if let Err(e) = super::maintenance(&state).await {
                tracing::warn!(error = %e, "maintenance");
            }
        }
        // Reminders and evaluation requests fall due by the minute, not by the hour.
        if now() - last_sweep > SWEEP_SECS {
            last_sweep = now();
            if let Err(e) = crate::events::notices::sweep(&state).await {
                tracing::warn!(error = %e, "training reminders");
            }
            // A person checked in during a training's last session earns the certificate
            // when that session ends, with nobody there to click anything.
            if let Err(e) = crate::events::certify::sweep(&state).await {
                tracing::warn!(error = %e, "training certificates");
            }
        }
        match claim(&state.db, &worker, LEASE_SECS).await {
            Ok(Some(job)) => {
                let started = std::time::Instant::now();
                match dispatch(&state, &job).await {
                    Ok(()) => {
                        if let Err(e) = complete(&state.db, job.id, &worker).await {
                            tracing::error!(error = %e, job = job.id, "marking job done");
                        }
                        metrics::counter!("tta_jobs_total", "kind" => job.kind.clone(), "outcome" => "ok").increment(1);
                        tracing::info!(job = job.id, kind = %job.kind, ms = started.elapsed().as_millis() as u64, "job done");
                    }
                    Err(e) => {
                        metrics::counter!("tta_jobs_total", "kind" => job.kind.clone(), "outcome" => "error").increment(1);
                        tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job failed");
                        if let Err(e) = fail(&state.db, &job, &e.to_string()).await {
                            tracing::error!(error = %e, job = job.id, "recording job failure");
                        }
                    }
                }
            }
            Ok(None) => {
                tokio::select! {
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                    _ = stop.changed() => {}
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "claiming a job");
                tokio::time::sleep(IDLE_POLL * 4).await;
            }
        }
    }
}
