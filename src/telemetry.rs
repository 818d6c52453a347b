//! Structured logs: human-readable by default, JSON lines when `log_format = "json"`.
//! Nothing logged carries passwords, tokens or session ids: requests are logged by route
//! pattern only (see `web::metrics::track`).

use tracing_subscriber::{fmt, EnvFilter};

pub fn init(cfg: &crate::config::Config) {
    let filter = EnvFilter::try_from_env("TTA_LOG")
        .unwrap_or_else(|_| EnvFilter::new(format!("{},sqlx=warn,tower_http=warn", cfg.log_level)));
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = if cfg.log_format == "json" {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}
