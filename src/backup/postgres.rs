//! PostgreSQL: `pg_dump` reads a snapshot exported by a repeatable-read transaction that
//! also counts the rows, so the dump and the manifest describe the same instant while the
//! server keeps writing. A restore runs the dump with `psql` as one transaction that ends
//! by checking every table's row count: any error rolls the whole restore back.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::Stdio,
};

use anyhow::Context;
use sqlx::Row;

use super::{migration_version, quote_ident, referenced_keys, table_counts, Snapshot};
use crate::{
    cli::redact,
    db::{Backend, Db},
};

/// The PostgreSQL client programs: on PATH, else the newest under /usr/lib/postgresql.
struct Tools {
    pg_dump: PathBuf,
    psql: PathBuf,
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

impl Tools {
    fn find() -> anyhow::Result<Tools> {
        let debian = || -> Option<PathBuf> {
            let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
                .ok()?
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    Some((
                        e.file_name().to_string_lossy().parse::<u32>().ok()?,
                        e.path().join("bin"),
                    ))
                })
                .filter(|(_, bin)| bin.join("pg_dump").is_file())
                .collect();
            dirs.sort();
            dirs.pop().map(|(_, bin)| bin)
        };
        let (pg_dump, psql) = match (on_path("pg_dump"), on_path("psql")) {
            (Some(d), Some(p)) => (d, p),
            _ => match debian() {
                Some(bin) => (bin.join("pg_dump"), bin.join("psql")),
                None => anyhow::bail!(
                    "pg_dump and psql were not found on PATH or under /usr/lib/postgresql/*/bin: install the PostgreSQL client \
                     of the server's version or newer (Debian: apt-get install postgresql-client)"
                ),
            },
        };
        Ok(Tools { pg_dump, psql })
    }
}

/// A client command for `url` with the password moved out of the arguments (where any
/// local user could read it in the process list) into `PGPASSWORD`.
fn command(program: &Path, url: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(program);
    let mut target = url.to_string();
    if let Ok(mut u) = url::Url::parse(url) {
        if let Some(pw) = u.password() {
            cmd.env("PGPASSWORD", percent_decode(pw));
            let _ = u.set_password(None);
            target = u.to_string();
        }
    }
    cmd.arg("--dbname").arg(target).stdin(Stdio::null());
    cmd
}

/// A URL's password as typed (`%40` back to `@`).
fn percent_decode(s: &str) -> String {
    let query = format!("p={}", s.replace('+', "%2B"));
    url::form_urlencoded::parse(query.as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The last lines a tool wrote to stderr, for an error message.
fn tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(6)..].join("\n")
}

pub async fn snapshot(db: &Db, url: &str, dir: &Path) -> anyhow::Result<Snapshot> {
    let tools = Tools::find()?;
    let version = tokio::process::Command::new(&tools.pg_dump)
        .arg("--version")
        .output()
        .await
        .context("running pg_dump --version")?;
    let tool = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let mut tx = db
        .pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await?;
    let name: String = sqlx::query("SELECT pg_export_snapshot() AS s")
        .fetch_one(&mut *tx)
        .await
        .context("exporting a snapshot")?
        .try_get("s")?;
    let tables = table_counts(&mut tx, Backend::Postgres).await?;
    let migration_version = migration_version(&mut tx).await?;
    let referenced = referenced_keys(&mut tx).await?;
    let file = dir.join("postgres.sql");
    // The exported snapshot lives as long as this transaction, which is held open until
    // pg_dump has finished reading it.
    let out = command(&tools.pg_dump, url)
        .args([
            "--format=plain",
            "--no-owner",
            "--no-privileges",
            "--snapshot",
            &name,
            "--file",
        ])
        .arg(&file)
        .output()
        .await
        .with_context(|| format!("running {}", tools.pg_dump.display()))?;
    tx.rollback().await?;
    anyhow::ensure!(
        out.status.success(),
        "pg_dump could not dump {} ({tool}; it must be the server's version or newer):\n{}",
        redact(url),
        tail(&out.stderr)
    );
    Ok(Snapshot {
        file,
        entry: "database/postgres.sql",
        tool,
        tables,
        migration_version,
        referenced,
    })
}

/// Rows per table of the target database (which must exist: create it empty first).
pub async fn rows_present(url: &str) -> anyhow::Result<Vec<(String, i64)>> {
    let db = Db::connect(url).await?;
    let counts = async {
        let mut c = db.pool.acquire().await?;
        table_counts(&mut c, Backend::Postgres).await
    }
    .await;
    db.pool.close().await;
    Ok(counts?.into_iter().collect())
}

/// Runs the dump in one transaction: the tables already there (empty, or being replaced
/// with --force) are dropped, the dump is loaded, and every row count is checked before
/// the commit.
pub async fn install(
    dump: &Path,
    url: &str,
    expected: &BTreeMap<String, i64>,
    existing: &[String],
    work: &Path,
) -> anyhow::Result<()> {
    let tools = Tools::find()?;
    let before = work.join("before.sql");
    let drop = if existing.is_empty() {
        String::new()
    } else {
        format!(
            "DROP TABLE IF EXISTS {} CASCADE;\n",
            existing
                .iter()
                .map(|t| format!("public.{}", quote_ident(t)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    std::fs::write(&before, drop)?;
    let after = work.join("after.sql");
    let mut check = String::from("DO $tta_check$\nDECLARE n bigint;\nBEGIN\n");
    for (t, want) in expected {
        let q = quote_ident(t);
        let lit = t.replace('\'', "''");
        check.push_str(&format!(
            "  SELECT COUNT(*) INTO n FROM public.{q};\n  IF n <> {want} THEN RAISE EXCEPTION 'table % has % rows after the restore; the backup says {want}', '{lit}', n; END IF;\n"
        ));
    }
    check.push_str("END\n$tta_check$;\n");
    std::fs::write(&after, check)?;
    let out = command(&tools.psql, url)
        .args([
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "-f",
        ])
        .arg(&before)
        .arg("-f")
        .arg(dump)
        .arg("-f")
        .arg(&after)
        .stdout(Stdio::null())
        .output()
        .await
        .with_context(|| format!("running {}", tools.psql.display()))?;
    anyhow::ensure!(
        out.status.success(),
        "psql could not load the dump into {}:\n{}",
        redact(url),
        tail(&out.stderr)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_leaves_the_arguments_and_reaches_the_client_as_typed() {
        assert_eq!(percent_decode("p%40ss+w%3Ard"), "p@ss+w:rd");
        let cmd = command(
            Path::new("psql"),
            "postgres://tta:p%40ss@db.internal:5432/tta",
        );
        let args: Vec<String> = cmd
            .as_std()
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args, ["--dbname", "postgres://tta@db.internal:5432/tta"]);
        let env: Vec<_> = cmd.as_std().get_envs().collect();
        assert_eq!(
            env,
            [(
                std::ffi::OsStr::new("PGPASSWORD"),
                Some(std::ffi::OsStr::new("p@ss"))
            )]
        );
    }
}
