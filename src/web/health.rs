//! Liveness and readiness for load balancers and orchestrators.

use axum::{extract::State, http::StatusCode, response::IntoResponse};

use crate::app::AppState;

/// The process is up and answering.
pub async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, "ok\n")
}

/// The process can reach its database, so it can take traffic.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
    }
}
