//! Stored files go in and out through the storage interface, so a backup works the same
//! whether files live in the data folder or in an S3 bucket.

use std::{collections::HashSet, path::PathBuf};

use anyhow::Context;

use super::{archive, Entry};
use crate::library::storage::Storage;

pub struct Copied {
    pub files: Vec<Entry>,
    pub missing: Vec<String>,
}

/// Copies every stored file into the archive (under `files/KEY`). Files are read after the
/// database snapshot: one uploaded since is simply extra, and one the snapshot names that
/// was deleted meanwhile is reported as missing.
pub async fn copy_out(
    storage: &Storage,
    referenced: &[String],
    w: &mut archive::Writer,
) -> anyhow::Result<Copied> {
    let mut files = Vec::new();
    for key in storage.keys().await? {
        let bytes = match storage.get(&key).await {
            Ok(b) => b,
            // Deleted between the listing and the read.
            Err(_) if !storage.exists(&key).await? => continue,
            Err(e) => return Err(e),
        };
        let e = w.add_bytes(&format!("files/{key}"), &bytes)?;
        files.push(Entry { name: key, ..e });
    }
    let have: HashSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let mut missing: Vec<String> = referenced
        .iter()
        .filter(|k| !have.contains(k.as_str()))
        .cloned()
        .collect();
    missing.sort();
    missing.dedup();
    Ok(Copied { files, missing })
}

/// Stores each checked file; returns the keys that were not there before, so a failed
/// restore can take them away again.
pub async fn put_back(
    storage: &Storage,
    entries: &[Entry],
    staged: &[PathBuf],
) -> anyhow::Result<Vec<String>> {
    let mut added = Vec::new();
    for (e, path) in entries.iter().zip(staged) {
        let existed = storage.exists(&e.name).await?;
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        if let Err(err) = storage.put(&e.name, bytes).await {
            remove(storage, &added).await;
            return Err(err);
        }
        if !existed {
            added.push(e.name.clone());
        }
    }
    Ok(added)
}

pub async fn remove(storage: &Storage, keys: &[String]) {
    for k in keys {
        if let Err(e) = storage.delete(k).await {
            tracing::warn!(key = %k, error = %e, "could not remove a file after a failed restore");
        }
    }
}

/// Reads every restored file back and compares its SHA-256 with the manifest.
pub async fn verify(storage: &Storage, entries: &[Entry]) -> anyhow::Result<usize> {
    for e in entries {
        let bytes = storage.get(&e.name).await?;
        let sum = archive::sha256_hex(&bytes);
        anyhow::ensure!(
            sum == e.sha256,
            "the restored file {} reads back with SHA-256 {sum}, the backup says {}",
            e.name,
            e.sha256
        );
    }
    Ok(entries.len())
}
