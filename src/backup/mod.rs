//! `tta backup` and `tta restore`.
//!
//! A backup is one zip archive: a consistent snapshot of the database taken while the
//! server keeps serving (SQLite's `VACUUM INTO`, PostgreSQL's `pg_dump` on an exported
//! snapshot), every stored file read through the storage interface (data folder or S3),
//! and a manifest with the row count of every table and the SHA-256 of every entry.
//!
//! A restore checks the whole archive before it writes anything, refuses a database that
//! already holds data unless told to replace it, puts the files back, installs the
//! database in one step (a file renamed into place, or one PostgreSQL transaction that
//! also checks the row counts before it commits), then reads everything back and compares.

mod archive;
mod files;
mod postgres;
mod sqlite;

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    time::Instant,
};

use anyhow::Context;
use clap::Args;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::{
    config::Config,
    db::{Backend, Db},
    library::storage::Storage,
};

pub const FORMAT: &str = "tta-backup";
pub const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";

#[derive(Args)]
pub struct BackupArgs {
    /// Where to write the archive (default: tta-backup-<UTC time>.zip in this folder)
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// An archive written by `tta backup`
    pub file: PathBuf,
    /// Replace a database that already holds data (its rows are lost)
    #[arg(long)]
    pub force: bool,
}

/// A refusal the person can act on (a damaged or foreign archive, data in the way):
/// the command exits with code 2 and writes nothing.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

pub fn refuse(msg: impl Into<String>) -> anyhow::Error {
    Refused(msg.into()).into()
}

#[derive(Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub tta_version: String,
    /// The newest migration applied to the database that was saved.
    pub migration_version: i64,
    /// `sqlite` or `postgres`
    pub database: String,
    pub created_at: String,
    /// The snapshot's entry in the archive.
    pub database_file: Entry,
    /// What made the snapshot (`VACUUM INTO`, or pg_dump's version).
    #[serde(default)]
    pub dump_tool: String,
    /// Rows per table in the snapshot.
    pub tables: BTreeMap<String, i64>,
    /// Stored files, by storage key (in the archive under `files/KEY`).
    pub files: Vec<Entry>,
    /// Files the snapshot refers to that were no longer stored when they were copied
    /// (deleted while the backup ran).
    #[serde(default)]
    pub missing_files: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Entry {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

/// What a database snapshot step hands back.
pub(crate) struct Snapshot {
    pub file: PathBuf,
    pub entry: &'static str,
    pub tool: String,
    pub tables: BTreeMap<String, i64>,
    pub migration_version: i64,
    /// Storage keys the snapshot's rows refer to.
    pub referenced: Vec<String>,
}

/// Runs `tta backup`; refusals exit with 2.
pub async fn run_backup(cfg: &Config, args: &BackupArgs) -> anyhow::Result<i32> {
    exit_code(backup(cfg, args).await)
}

/// Runs `tta restore`; refusals exit with 2.
pub async fn run_restore(cfg: &Config, args: &RestoreArgs) -> anyhow::Result<i32> {
    exit_code(restore(cfg, args).await)
}

fn exit_code(r: anyhow::Result<()>) -> anyhow::Result<i32> {
    match r {
        Ok(()) => Ok(0),
        Err(e) if e.downcast_ref::<Refused>().is_some() => {
            eprintln!("tta: {e}");
            Ok(2)
        }
        Err(e) => Err(e),
    }
}

fn backend_of(url: &str) -> anyhow::Result<Backend> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else {
        anyhow::bail!("database_url must start with sqlite: or postgres://")
    }
}

fn kind_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// A private working folder, removed when dropped (also when a step fails).
struct Staging(PathBuf);

impl Staging {
    fn new(parent: &Path) -> anyhow::Result<Staging> {
        let p = parent.join(format!(".tta-staging-{}", uuid::Uuid::new_v4().simple()));
        let mut b = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(&p)
            .with_context(|| format!("cannot create a working folder in {}", parent.display()))?;
        Ok(Staging(p))
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn parent_or_here(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Flushes a folder's entries (a rename) to the disk.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

async fn backup(cfg: &Config, args: &BackupArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let backend = backend_of(&cfg.database_url)?;
    if backend == Backend::Sqlite {
        sqlite::ensure_exists(&cfg.database_url)?;
    }
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "tta-backup-{}.zip",
            chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
        ))
    });
    let dir = parent_or_here(&out);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if out.exists() {
        anyhow::bail!("{} already exists; choose another --out", out.display());
    }
    let staging = Staging::new(&dir)?;
    let db = Db::connect(&cfg.database_url).await?;
    let snap = match backend {
        Backend::Sqlite => sqlite::snapshot(&db, staging.path()).await,
        Backend::Postgres => postgres::snapshot(&db, &cfg.database_url, staging.path()).await,
    };
    db.pool.close().await;
    let snap = snap?;
    let taken = started.elapsed();

    let storage = Storage::from_config(cfg)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup.zip".into());
    let partial = staging.path().join(format!("{name}.partial"));
    let mut w = archive::Writer::create(&partial)?;
    let database_file = w.add_file(snap.entry, &snap.file)?;
    let copied = files::copy_out(&storage, &snap.referenced, &mut w).await?;
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        tta_version: env!("CARGO_PKG_VERSION").into(),
        migration_version: snap.migration_version,
        database: kind_name(backend).into(),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        database_file,
        dump_tool: snap.tool,
        tables: snap.tables,
        files: copied.files,
        missing_files: copied.missing,
    };
    w.add_bytes(MANIFEST, &serde_json::to_vec_pretty(&manifest)?)?;
    w.finish()?;
    // Only a complete archive ever carries the name asked for (a cron job that dies
    // half-way leaves no file that looks like a backup).
    std::fs::rename(&partial, &out).with_context(|| format!("cannot write {}", out.display()))?;
    sync_dir(&dir);

    let rows: i64 = manifest.tables.values().sum();
    let file_bytes: u64 = manifest.files.iter().map(|f| f.bytes).sum();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!("backup written to {} ({})", out.display(), megabytes(size));
    println!(
        "  database: {} at migration {}, {} tables, {rows} rows, snapshot taken in {:.1} s while serving ({})",
        manifest.database,
        manifest.migration_version,
        manifest.tables.len(),
        taken.as_secs_f64(),
        manifest.dump_tool
    );
    println!(
        "  files: {} ({}) from {}",
        manifest.files.len(),
        megabytes(file_bytes),
        storage.describe
    );
    if !manifest.missing_files.is_empty() {
        eprintln!(
            "warning: {} file(s) named by the database were deleted while the backup ran and are not in it: {}",
            manifest.missing_files.len(),
            manifest.missing_files.join(", ")
        );
    }
    println!("  took {:.1} s", started.elapsed().as_secs_f64());
    println!("The archive holds the certificate signing key, the server secret and every account: keep it as safe as the database.");
    Ok(())
}

async fn restore(cfg: &Config, args: &RestoreArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let backend = backend_of(&cfg.database_url)?;
    let mut ar = archive::Reader::open(&args.file)?;
    let m = ar.manifest()?;
    if m.database != kind_name(backend) {
        return Err(refuse(format!(
            "{} is a backup of a {} database and restores into {} only; the database_url given is {}",
            args.file.display(),
            m.database,
            m.database,
            kind_name(backend)
        )));
    }
    let known = Db::latest_migration_of(backend);
    if m.migration_version > known {
        return Err(refuse(format!(
            "{} comes from a newer tta ({}, migration {}) than this one (migration {known}); restore it with tta {} or later",
            args.file.display(),
            m.tta_version,
            m.migration_version,
            m.tta_version
        )));
    }
    let unlisted = ar.unlisted(&m);
    if !unlisted.is_empty() {
        return Err(refuse(format!(
            "{} holds entries its manifest does not list ({}); it is not an archive tta wrote",
            args.file.display(),
            unlisted.join(", ")
        )));
    }

    // Everything is read and checked into a working folder first. For SQLite the folder
    // sits beside the database, so the finished file can be renamed into place.
    let work_parent = match backend {
        Backend::Sqlite => {
            let p = parent_or_here(&sqlite::path_of(&cfg.database_url));
            std::fs::create_dir_all(&p)
                .with_context(|| format!("cannot create {}", p.display()))?;
            p
        }
        Backend::Postgres => std::env::temp_dir(),
    };
    let staging = Staging::new(&work_parent)?;
    let db_file = staging.path().join("database");
    ar.extract(&m.database_file, &m.database_file.name, &db_file)?;
    std::fs::create_dir(staging.path().join("files"))?;
    let mut staged = Vec::with_capacity(m.files.len());
    for (i, f) in m.files.iter().enumerate() {
        let to = staging.path().join("files").join(i.to_string());
        ar.extract(f, &format!("files/{}", f.name), &to)?;
        staged.push(to);
    }
    if backend == Backend::Sqlite {
        sqlite::check_staged(&db_file, &m.tables, &args.file).await?;
    }

    // The target must hold no data unless --force says to replace it.
    let present = match backend {
        Backend::Sqlite => sqlite::rows_present(&cfg.database_url).await?,
        Backend::Postgres => postgres::rows_present(&cfg.database_url).await?,
    };
    let holding: Vec<String> = present
        .iter()
        .filter(|(t, n)| *n > 0 && !IGNORED_WHEN_EMPTY.contains(&t.as_str()))
        .map(|(t, n)| format!("{t}: {n}"))
        .collect();
    let foreign: Vec<&str> = present
        .iter()
        .map(|(t, _)| t.as_str())
        .filter(|t| !m.tables.contains_key(*t))
        .collect();
    if !foreign.is_empty() && !args.force {
        return Err(refuse(format!(
            "the database at {} has tables the backup does not ({}), which a restore would remove; restore into an empty database, or pass --force",
            crate::cli::redact(&cfg.database_url),
            foreign.join(", ")
        )));
    }
    if !holding.is_empty() && !args.force {
        return Err(refuse(format!(
            "the database at {} already holds data ({}); restore into an empty database, or pass --force to replace it",
            crate::cli::redact(&cfg.database_url),
            holding.join(", ")
        )));
    }

    let storage = Storage::from_config(cfg)?;
    let added = files::put_back(&storage, &m.files, &staged).await?;
    let installed = match backend {
        Backend::Sqlite => sqlite::install(&db_file, &cfg.database_url).await,
        Backend::Postgres => {
            let existing: Vec<String> = present.iter().map(|(t, _)| t.clone()).collect();
            postgres::install(
                &db_file,
                &cfg.database_url,
                &m.tables,
                &existing,
                staging.path(),
            )
            .await
        }
    };
    if let Err(e) = installed {
        files::remove(&storage, &added).await;
        return Err(e.context(
            "the database was not restored (it is as it was; files put back were removed again)",
        ));
    }
    drop(staging);

    // Read it all back.
    let db = Db::connect(&cfg.database_url).await?;
    let counts = {
        let mut c = db.pool.acquire().await?;
        table_counts(&mut c, backend).await?
    };
    let differ: Vec<String> = m
        .tables
        .iter()
        .filter(|(t, n)| counts.get(*t) != Some(n))
        .map(|(t, n)| {
            format!(
                "{t}: {} rows, the backup says {n}",
                counts.get(t).map_or("no table".into(), |c| c.to_string())
            )
        })
        .collect();
    let key = crate::certificates::keys::CertKey::stored(&db).await?;
    db.pool.close().await;
    anyhow::ensure!(
        differ.is_empty(),
        "the restored database does not match the backup: {}",
        differ.join("; ")
    );
    let verified = files::verify(&storage, &m.files).await?;

    let rows: i64 = m.tables.values().sum();
    println!(
        "restored {} (tta {}, {}) into {}",
        args.file.display(),
        m.tta_version,
        m.created_at,
        crate::cli::redact(&cfg.database_url)
    );
    println!(
        "  database: {} tables, {rows} rows, every count matches the manifest",
        m.tables.len()
    );
    println!(
        "  files: {verified} put back into {}, every SHA-256 matches",
        storage.describe
    );
    if !m.missing_files.is_empty() {
        println!(
            "  note: {} file(s) were deleted while that backup ran and are not in it: {}",
            m.missing_files.len(),
            m.missing_files.join(", ")
        );
    }
    match key {
        Some(k) => println!("  certificate signing key: restored (key id {}), so certificates issued before still verify", k.id),
        None => println!("  certificate signing key: none in the backup (a new one is made at start)"),
    }
    if m.migration_version < known {
        println!(
            "  the backup is at migration {}; this tta brings it to {known} when it starts",
            m.migration_version
        );
    }
    println!("  took {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Tables whose rows a freshly started, unused server writes by itself (its secret and
/// signing key; the migration history): they do not make a database "not empty".
const IGNORED_WHEN_EMPTY: &[&str] = &["_sqlx_migrations", "settings"];

/// Every table of the database (virtual tables too, but not SQLite's internal ones), by name.
pub async fn table_names(
    c: &mut sqlx::AnyConnection,
    backend: Backend,
) -> anyhow::Result<Vec<String>> {
    let sql = match backend {
        // Full-text shadow tables belong to their virtual table, which is counted instead.
        Backend::Sqlite => "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    };
    let rows = sqlx::query(sql)
        .fetch_all(&mut *c)
        .await
        .context("listing the tables")?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String, _>("name"))
        .collect::<Result<_, _>>()?)
}

pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Rows per table, read on one connection (inside a snapshot transaction when there is one).
pub async fn table_counts(
    c: &mut sqlx::AnyConnection,
    backend: Backend,
) -> anyhow::Result<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    for t in table_names(c, backend).await? {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {}", quote_ident(&t)))
            .fetch_one(&mut *c)
            .await?
            .try_get("n")?;
        out.insert(t, n);
    }
    Ok(out)
}

pub(crate) async fn migration_version(c: &mut sqlx::AnyConnection) -> anyhow::Result<i64> {
    let row =
        sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *c)
            .await
            .context("reading the migration history (is this a tta database?)")?;
    Ok(row.try_get("v")?)
}

pub(crate) async fn referenced_keys(c: &mut sqlx::AnyConnection) -> anyhow::Result<Vec<String>> {
    let rows = sqlx::query("SELECT storage_key FROM resource_files")
        .fetch_all(&mut *c)
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String, _>("storage_key"))
        .collect::<Result<_, _>>()?)
}
