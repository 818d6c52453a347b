//! Prometheus metrics: request counts and latencies per route, and job-queue depth.

use std::{sync::OnceLock, time::Instant};

use axum::{
    extract::{MatchedPath, Request, State},
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::app::AppState;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide recorder once (tests start many servers in one process).
pub fn install() {
    HANDLE.get_or_init(|| {
        PrometheusBuilder::new()
            .set_buckets(&[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0])
            .expect("static buckets")
            .install_recorder()
            .expect("installing the metrics recorder")
    });
}

/// Records each request under its route pattern (never the raw path, which can hold tokens)
/// and logs it without query strings or cookies.
pub async fn track(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let res = next.run(req).await;
    let secs = start.elapsed().as_secs_f64();
    let status = res.status().as_u16().to_string();
    metrics::counter!("tta_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status.clone()).increment(1);
    metrics::histogram!("tta_http_request_duration_seconds", "method" => method.clone(), "route" => route.clone()).record(secs);
    tracing::info!(method = %method, route = %route, status = %status, ms = (secs * 1000.0) as u64, "request");
    res
}

/// `/metrics` on the main address: route names, volumes and queue depths are not for
/// everyone, so it answers only with the `metrics_token` setting as a bearer token, and not
/// at all when that is empty.
pub async fn endpoint(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let want = state.cfg.metrics_token.as_str();
    if want.is_empty() {
        return crate::web::error::AppError::NotFound.into_response();
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !crate::util::constant_eq(given, want) {
        let mut r = StatusCode::UNAUTHORIZED.into_response();
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer"),
        );
        return r;
    }
    render(&state).await
}

/// The router for the `metrics_bind` address: `/metrics` without a token, and `/healthz`.
/// Nothing else of tta is served there.
pub fn private_router(state: AppState) -> axum::Router {
    axum::Router::new()
        .route(
            "/metrics",
            axum::routing::get(|State(s): State<AppState>| async move { render(&s).await }),
        )
        .route("/healthz", axum::routing::get(crate::web::health::healthz))
        .with_state(state)
}

async fn render(state: &AppState) -> Response {
    install();
    if let Ok((pending, failed)) = crate::jobs::depth(&state.db).await {
        metrics::gauge!("tta_jobs_pending").set(pending as f64);
        metrics::gauge!("tta_jobs_failed").set(failed as f64);
    }
    let body = HANDLE.get().map(|h| h.render()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}
