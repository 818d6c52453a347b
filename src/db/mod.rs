//! One data-access path for SQLite and PostgreSQL.
//!
//! Everything goes through `sqlx::Any` with `$1` placeholders, which both engines accept.
//! The backend is chosen from the URL scheme; only migrations and a handful of statements
//! (row locking in the job queue) differ, and those differences live here.

use std::{str::FromStr, time::Duration};

use anyhow::Context;
use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    AnyPool, ConnectOptions,
};

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// The SQLite file, for the lock that keeps two starting servers from migrating at once.
    sqlite_path: Option<std::path::PathBuf>,
}

impl Db {
    /// Connects, creating the SQLite file (and its folder) when needed.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("database_url must start with sqlite: or postgres://");
        };
        let mut sqlite_path = None;
        let pool = match backend {
            Backend::Sqlite => {
                // WAL lets readers run beside the writer; FULL sync so a power cut cannot
                // lose a registration or a gift that was already confirmed to the user.
                let path = url
                    .trim_start_matches("sqlite://")
                    .trim_start_matches("sqlite:");
                let path = path.split('?').next().unwrap_or(path);
                sqlite_path = Some(std::path::PathBuf::from(path));
                if let Some(dir) = std::path::Path::new(path).parent() {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir)
                            .with_context(|| format!("creating {}", dir.display()))?;
                    }
                }
                let mode = if url.contains("mode=") {
                    ""
                } else if url.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                };
                let any = AnyConnectOptions::from_str(&format!("{url}{mode}"))?
                    .disable_statement_logging();
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // The Any driver does not carry SQLite options through every path,
                            // so set the ones correctness depends on on each connection.
                            use sqlx::Executor;
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA busy_timeout = 30000").await?;
                            conn.execute("PRAGMA synchronous = FULL").await?;
                            Ok(())
                        })
                    })
                    .connect_with(any)
                    .await
                    .with_context(|| "opening the SQLite database")?
            }
            Backend::Postgres => {
                let opts = AnyConnectOptions::from_str(url)?.disable_statement_logging();
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await
                    .with_context(|| "connecting to PostgreSQL")?
            }
        };
        Ok(Db {
            pool,
            backend,
            sqlite_path,
        })
    }

    /// Applies the migrations for this backend; safe to run from several servers at once.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = migrator(self.backend);
        // PostgreSQL migrations take an advisory lock; SQLite's have none, so two servers
        // starting together hold a lock file beside the database instead.
        let _guard = match &self.sqlite_path {
            Some(p) => {
                let lock = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(p.with_extension("migrate-lock"))
                    .context("opening the migration lock file")?;
                let lock = tokio::task::spawn_blocking(move || lock.lock().map(|_| lock))
                    .await?
                    .context("waiting for the migration lock")?;
                Some(lock)
            }
            None => None,
        };
        migrator
            .run(&self.pool)
            .await
            .context("applying migrations")?;
        Ok(())
    }

    /// The newest migration this build carries for a backend (what `migrate` brings a
    /// database up to).
    pub fn latest_migration_of(backend: Backend) -> i64 {
        migrator(backend)
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0)
    }

    /// Starts a write transaction. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), because a deferred transaction that reads and then writes can
    /// fail at once with "database is locked" when another writer got there first, and the
    /// busy timeout does not retry that case.
    pub async fn tx(&self) -> sqlx::Result<Tx> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// `FOR UPDATE SKIP LOCKED` where the engine has row locks; SQLite serialises writers
    /// with `BEGIN IMMEDIATE`, so there it is unnecessary (and not valid syntax).
    pub fn skip_locked(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        }
    }

    /// `FOR UPDATE` where the engine has row locks (SQLite's `BEGIN IMMEDIATE` already
    /// holds the only write lock).
    pub fn for_update(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => "FOR UPDATE",
        }
    }

    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

fn migrator(backend: Backend) -> sqlx::migrate::Migrator {
    match backend {
        Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("migrations/postgres"),
    }
}

/// True when the error is a unique-constraint violation (both engines).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            d.is_unique_violation()
                || d.message().contains("UNIQUE constraint failed")
                || d.code().as_deref() == Some("23505")
        }
        _ => false,
    }
}

/// Current time as Unix seconds: the one time representation stored in the database.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
