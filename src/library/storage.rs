//! Where uploaded files live: one interface over the data folder (the default) and an
//! S3-compatible bucket (`storage_url = "s3://bucket/prefix"`, credentials from the usual
//! `AWS_*` variables so they stay out of files and logs).
//!
//! Keys are chosen by tta (`resources/<random>.<format>`), never taken from an upload.

use std::sync::Arc;

use anyhow::Context;
use object_store::{
    aws::AmazonS3Builder, local::LocalFileSystem, path::Path, ObjectStore, ObjectStoreExt,
    PutPayload,
};

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    prefix: String,
    /// Shown in logs and `tta check`: never holds credentials.
    pub describe: String,
}

impl Storage {
    pub fn from_config(cfg: &crate::config::Config) -> anyhow::Result<Storage> {
        let url = cfg.storage_url.trim();
        if url.is_empty() {
            let dir = cfg.data_dir.join("files");
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let store = LocalFileSystem::new_with_prefix(&dir)?;
            return Ok(Storage {
                store: Arc::new(store),
                prefix: String::new(),
                describe: dir.display().to_string(),
            });
        }
        let parsed = url::Url::parse(url)
            .with_context(|| "storage_url must look like s3://bucket/prefix")?;
        anyhow::ensure!(
            parsed.scheme() == "s3",
            "storage_url must start with s3:// (or be empty for the data folder)"
        );
        let bucket = parsed
            .host_str()
            .context("storage_url names no bucket")?
            .to_string();
        let mut b = AmazonS3Builder::from_env().with_bucket_name(&bucket);
        if !cfg.s3_endpoint.is_empty() {
            b = b
                .with_endpoint(&cfg.s3_endpoint)
                .with_allow_http(cfg.s3_endpoint.starts_with("http://"));
        }
        if !cfg.s3_region.is_empty() {
            b = b.with_region(&cfg.s3_region);
        }
        if !cfg.s3_access_key_id.is_empty() {
            b = b
                .with_access_key_id(&cfg.s3_access_key_id)
                .with_secret_access_key(&cfg.s3_secret_access_key);
        }
        let store = b.build()?;
        let prefix = parsed.path().trim_matches('/').to_string();
        Ok(Storage {
            store: Arc::new(store),
            prefix,
            describe: format!("s3://{bucket}/{}", parsed.path().trim_matches('/')),
        })
    }

    fn path(&self, key: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{}/{key}", self.prefix))
        }
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.store
            .put(&self.path(key), PutPayload::from(bytes))
            .await
            .with_context(|| format!("storing {key}"))?;
        Ok(())
    }

    pub async fn get(&self, key: &str) -> anyhow::Result<bytes::Bytes> {
        let r = self
            .store
            .get(&self.path(key))
            .await
            .with_context(|| format!("reading {key}"))?;
        Ok(r.bytes().await?)
    }

    /// Removes a file; one that is already gone is not an error.
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.store.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e).with_context(|| format!("deleting {key}")),
        }
    }

    /// True when a file is stored under `key`.
    pub async fn exists(&self, key: &str) -> anyhow::Result<bool> {
        match self.store.head(&self.path(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e).with_context(|| format!("looking for {key}")),
        }
    }

    /// Every key in the store (with the prefix taken off), sorted: what a backup copies.
    pub async fn keys(&self) -> anyhow::Result<Vec<String>> {
        use futures::TryStreamExt;
        let base = (!self.prefix.is_empty()).then(|| Path::from(self.prefix.as_str()));
        let items: Vec<_> = self
            .store
            .list(base.as_ref())
            .try_collect()
            .await
            .context("listing stored files")?;
        let strip = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        let mut keys: Vec<String> = items
            .into_iter()
            .map(|m| m.location.to_string())
            .map(|k| k.strip_prefix(&strip).map(String::from).unwrap_or(k))
            .collect();
        keys.sort();
        Ok(keys)
    }

    /// Every key stored under `resources/` (for the tests and for finding orphans).
    pub async fn list(&self) -> anyhow::Result<Vec<String>> {
        use futures::TryStreamExt;
        let base = self.path("resources");
        let items: Vec<_> = self.store.list(Some(&base)).try_collect().await?;
        Ok(items.into_iter().map(|m| m.location.to_string()).collect())
    }
}

/// A fresh key for a file of this format.
pub fn new_key(format: super::upload::Format) -> String {
    format!(
        "resources/{}.{}",
        uuid::Uuid::new_v4().simple(),
        format.code()
    )
}
