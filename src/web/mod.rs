//! The web layer: routing, middleware and shared page machinery. Capabilities own their
//! handlers and templates; this module wires them together.

pub mod access;
pub mod context;
pub mod error;
pub mod form;
pub mod health;
pub mod input;
pub mod metrics;
pub mod pages;
pub mod ratelimit;
pub mod routes;
pub mod security;
pub mod server;
pub mod session;

use axum::{extract::DefaultBodyLimit, middleware, Router};

use crate::app::AppState;

pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for r in routes::table() {
        let layer = middleware::from_fn_with_state((state.clone(), r.access), access::check);
        router = router.route(r.path, r.handler.route_layer(layer));
    }
    router
        .route_layer(middleware::from_fn(metrics::track))
        .fallback(pages::not_found)
        // Order matters: the last layer added runs first.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::csrf,
        ))
        .layer(middleware::from_fn(input::refuse_control_paths))
        .layer(middleware::from_fn(pages::render_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            context::load_context,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(DefaultBodyLimit::max(state.cfg.max_body_bytes))
        .layer(middleware::from_fn(input::clean_query))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(state.cfg.request_timeout_secs),
        ))
        .with_state(state)
}
