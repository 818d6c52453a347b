//! SQLite: `VACUUM INTO` writes a consistent copy from one read transaction while the
//! server keeps writing (WAL lets the writer go on); a restore renames a checked copy
//! into place, so the database is either the old one or the whole restored one.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use anyhow::Context;
use sqlx::Row;

use super::{migration_version, referenced_keys, refuse, table_counts, Snapshot};
use crate::db::{Backend, Db};

/// The database file named by a `sqlite:` URL.
pub fn path_of(url: &str) -> PathBuf {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    PathBuf::from(path.split('?').next().unwrap_or(path))
}

fn url_of(path: &Path) -> String {
    format!("sqlite:{}", path.display())
}

/// Connecting would create an empty database; a backup of nothing is a mistake.
pub fn ensure_exists(url: &str) -> anyhow::Result<()> {
    let p = path_of(url);
    anyhow::ensure!(
        p.is_file(),
        "there is no database at {} (check --data-dir or --database-url)",
        p.display()
    );
    Ok(())
}

pub async fn snapshot(db: &Db, dir: &Path) -> anyhow::Result<Snapshot> {
    let file = dir.join("tta.db");
    sqlx::query("VACUUM INTO $1")
        .bind(file.to_string_lossy().into_owned())
        .execute(&db.pool)
        .await
        .context("copying the database (VACUUM INTO)")?;
    // Counted on the copy itself, so the manifest describes exactly what was saved.
    let copy = Db::connect(&url_of(&file)).await?;
    let read = async {
        let mut c = copy.pool.acquire().await?;
        let tables = table_counts(&mut c, Backend::Sqlite).await?;
        let migration_version = migration_version(&mut c).await?;
        let referenced = referenced_keys(&mut c).await?;
        // Leaves everything in the main file, so the archive needs no -wal beside it.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *c)
            .await?;
        anyhow::Ok((tables, migration_version, referenced))
    }
    .await;
    copy.pool.close().await;
    let (tables, migration_version, referenced) = read?;
    Ok(Snapshot {
        file,
        entry: "database/tta.db",
        tool: "SQLite VACUUM INTO".into(),
        tables,
        migration_version,
        referenced,
    })
}

/// Checks a restored copy before it goes anywhere near the real database: SQLite's own
/// integrity and foreign-key checks, and the row count of every table.
pub async fn check_staged(
    file: &Path,
    expected: &BTreeMap<String, i64>,
    archive: &Path,
) -> anyhow::Result<()> {
    let damaged = |why: String| {
        refuse(format!(
            "{} is damaged: {why}; nothing was restored",
            archive.display()
        ))
    };
    let db = Db::connect(&url_of(file)).await?;
    let result = async {
        let mut c = db.pool.acquire().await?;
        let ok: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&mut *c)
            .await
            .map_err(|e| damaged(format!("its database cannot be read ({e})")))?
            .try_get(0)?;
        if ok != "ok" {
            return Err(damaged(format!(
                "its database fails SQLite's integrity check ({ok})"
            )));
        }
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut *c)
            .await?
            .len();
        if broken > 0 {
            return Err(damaged(format!(
                "{broken} row(s) of its database refer to rows that are not there"
            )));
        }
        let counts = table_counts(&mut c, Backend::Sqlite).await?;
        if &counts != expected {
            return Err(damaged(
                "its database's row counts differ from the manifest".into(),
            ));
        }
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *c)
            .await?;
        Ok(())
    }
    .await;
    db.pool.close().await;
    result
}

/// Rows per table in the target database; a missing or empty file has none.
pub async fn rows_present(url: &str) -> anyhow::Result<Vec<(String, i64)>> {
    let p = path_of(url);
    if !p.exists() || std::fs::metadata(&p)?.len() == 0 {
        return Ok(Vec::new());
    }
    let db = Db::connect(url).await?;
    let counts = async {
        let mut c = db.pool.acquire().await?;
        table_counts(&mut c, Backend::Sqlite).await
    }
    .await;
    db.pool.close().await;
    Ok(counts?.into_iter().collect())
}

/// Puts the checked copy in place with one rename. The old database's write-ahead log is
/// folded in and removed first, so no stale log can be replayed onto the new file.
pub async fn install(staged: &Path, url: &str) -> anyhow::Result<()> {
    let target = path_of(url);
    if target.exists() {
        let db = Db::connect(url).await?;
        let r = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&db.pool)
            .await;
        db.pool.close().await;
        r.context("folding in the old database's log")?;
    }
    for ext in ["-wal", "-shm"] {
        let mut side = target.clone().into_os_string();
        side.push(ext);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("removing {}", PathBuf::from(side).display()))
            }
        }
    }
    std::fs::rename(staged, &target)
        .with_context(|| format!("moving the restored database to {}", target.display()))?;
    super::sync_dir(&super::parent_or_here(&target));
    Ok(())
}
