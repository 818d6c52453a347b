//! Building and running the server, the same way in `tta serve` and in the tests
//! (which start it on port 0 with a database of their own).

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context;
use tokio::{net::TcpListener, sync::watch};

use crate::{certificates::keys::CertKey, config::Config, db::Db, mail::Mailer};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub cfg: Arc<Config>,
    /// Server secret shared by every server through the database (CSRF tokens, signatures).
    pub secret: Arc<Vec<u8>>,
    pub mailer: Arc<Mailer>,
    /// Signs certificates; the same key on every server, kept in the database.
    pub cert_key: Arc<CertKey>,
    /// Uploaded files: the data folder or an S3 bucket.
    pub storage: crate::library::storage::Storage,
    /// Reads the text of uploaded documents in a child process with hard limits.
    pub extract: Arc<crate::extract::Sandbox>,
}

impl AppState {
    pub async fn new(cfg: Config) -> anyhow::Result<AppState> {
        let db = Db::connect(&cfg.database_url).await?;
        db.migrate().await?;
        let secret = load_secret(&db).await?;
        let mailer = Mailer::new(&cfg)?;
        let cert_key = CertKey::load(&db).await?;
        let storage = crate::library::storage::Storage::from_config(&cfg)?;
        let extract = Arc::new(crate::extract::Sandbox::new(&cfg));
        Ok(AppState {
            extract,
            db,
            cfg: Arc::new(cfg),
            secret: Arc::new(secret),
            mailer: Arc::new(mailer),
            cert_key: Arc::new(cert_key),
            storage,
        })
    }
}

/// Reads the server secret, creating it once. `ON CONFLICT DO NOTHING` makes concurrent
/// first starts agree on one value.
async fn load_secret(db: &Db) -> anyhow::Result<Vec<u8>> {
    let fresh = crate::util::random_token();
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('secret', $1) ON CONFLICT (key) DO NOTHING",
    )
    .bind(&fresh)
    .execute(&db.pool)
    .await?;
    let v: String = sqlx::Row::try_get(
        &sqlx::query("SELECT value FROM settings WHERE key = 'secret'")
            .fetch_one(&db.pool)
            .await?,
        "value",
    )?;
    Ok(v.into_bytes())
}

pub struct Application {
    listener: TcpListener,
    pub state: AppState,
    pub addr: SocketAddr,
}

impl Application {
    pub async fn build(cfg: Config) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(cfg.bind)
            .await
            .with_context(|| format!("cannot listen on {}", cfg.bind))?;
        let addr = listener.local_addr()?;
        let mut cfg = cfg;
        // With port 0 the real port is only known now; links must use it.
        if cfg.base_url.ends_with(":0") {
            cfg.base_url = format!("http://{addr}");
        }
        let state = AppState::new(cfg).await?;
        Ok(Application {
            listener,
            state,
            addr,
        })
    }

    pub fn url(&self) -> String {
        self.state.cfg.base_url.clone()
    }

    /// Serves until `stop` turns true (or forever), with the job worker alongside.
    pub async fn run_until_stopped(self, stop: watch::Receiver<bool>) -> anyhow::Result<()> {
        crate::web::metrics::install();
        let router = crate::web::router(self.state.clone());
        if self.state.cfg.run_worker {
            tokio::spawn(crate::jobs::worker::run(self.state.clone(), stop.clone()));
        }
        let limits = crate::web::server::Limits::from_config(&self.state.cfg);
        if let Ok(addr) = self.state.cfg.metrics_bind.parse::<SocketAddr>() {
            let listener = TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr} (metrics_bind)"))?;
            let metrics = crate::web::metrics::private_router(self.state.clone());
            tokio::spawn(crate::web::server::serve(
                listener,
                metrics,
                limits.clone(),
                stop.clone(),
            ));
        }
        crate::web::server::serve(self.listener, router, limits, stop).await
    }
}
