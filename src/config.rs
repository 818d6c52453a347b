//! Settings: defaults, then `tta.toml`, then `TTA_*` environment variables, then flags.
//!
//! Unknown keys are refused (`deny_unknown_fields`) so a misspelt setting stops start-up
//! with its name instead of being silently ignored.

use std::{net::SocketAddr, path::PathBuf};

use figment::{
    providers::{Env, Format, Serialized, Toml},
    Figment,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `sqlite:PATH` or `postgres://…`; empty means `sqlite:DATA_DIR/tta.db`.
    pub database_url: String,
    pub data_dir: PathBuf,
    pub bind: SocketAddr,
    /// The address people use to reach tta; links in emails are built from it.
    pub base_url: String,
    /// `smtp://user:pass@host:587` or `smtps://…`; empty writes `.eml` files to DATA_DIR/outbox.
    pub smtp_url: String,
    /// Where uploaded files go: empty for DATA_DIR/files, or `s3://bucket/prefix` (with
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT` as needed).
    pub storage_url: String,
    /// For an S3-compatible service other than AWS (MinIO, Ceph, a hosting provider):
    /// its address, e.g. `https://s3.example.org`.
    pub s3_endpoint: String,
    pub s3_region: String,
    /// Left empty, the `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` variables are used.
    pub s3_access_key_id: String,
    pub s3_secret_access_key: String,
    pub mail_from: String,
    pub institute_name: String,
    /// Where messages from the contact page go, shown on that page too (`TTA_CONTACT_EMAIL`).
    pub contact_email: String,
    /// `text` or `json`.
    pub log_format: String,
    pub log_level: String,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy you run).
    pub trust_proxy: bool,
    /// Largest request body accepted, in bytes (uploads have their own limits).
    pub max_body_bytes: usize,
    /// Seconds a client has to send a request's headers; also how long an idle kept-alive
    /// connection stays open.
    pub header_timeout_secs: u64,
    /// Seconds a whole request may take, upload included, before it is answered 408.
    pub request_timeout_secs: u64,
    /// Connections open at once; more are closed on arrival. Capped below the process's
    /// open-file limit.
    pub max_connections: usize,
    /// Connections open at once from one address (0: no cap). Off when `trust_proxy` is set,
    /// since then every connection comes from the proxy.
    pub max_connections_per_ip: usize,
    /// `/metrics` answers only a request with `Authorization: Bearer <this>`; empty turns
    /// it off on the main address.
    pub metrics_token: String,
    /// A separate address (e.g. `127.0.0.1:9090`) that serves `/metrics` without a token,
    /// for a scraper on a private network; empty for none.
    pub metrics_bind: String,
    /// Staff and admin accounts must set up a second factor before using tta.
    pub require_totp_for_staff: bool,
    /// Run the background job worker inside `serve`.
    pub run_worker: bool,
    /// Documents (PDF, Word, HTML, text) are read in a child process under these limits, so
    /// a file built to exhaust memory or time is stopped there, not in the server.
    /// Memory one reading process may use, in MB (its address space).
    pub extract_memory_mb: u64,
    /// Seconds one document may take to read, wall clock and CPU; then it is stopped.
    pub extract_seconds: u64,
    /// Largest text a document may hold, in bytes; also the largest text pasted for review.
    pub extract_max_text_bytes: usize,
    /// Most pages a PDF may have.
    pub extract_max_pages: usize,
    /// Documents read at the same time; others wait for a turn (at most `extract_seconds`).
    pub extract_concurrency: usize,
    /// The program that reads documents (`PROGRAM extract-worker`). Empty means tta itself,
    /// which is always right for `tta serve`; the test suite, whose server runs inside the
    /// test program, names the built `tta`. Never read from files or the environment: the
    /// server must not be talked into running some other program.
    #[serde(skip)]
    pub extract_worker: Option<PathBuf>,
    /// Registers without locking the event, so the test suite can show that its race test
    /// catches overselling. Never read from files or the environment.
    #[serde(skip)]
    pub unprotected_registration_for_tests: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: String::new(),
            data_dir: PathBuf::from("./data"),
            bind: "127.0.0.1:8080".parse().unwrap(),
            base_url: String::new(),
            smtp_url: String::new(),
            storage_url: String::new(),
            s3_endpoint: String::new(),
            s3_region: String::new(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: String::new(),
            mail_from: "tta <no-reply@localhost>".into(),
            institute_name: "Freedom Network Training Institute".into(),
            contact_email: "contact@localhost".into(),
            log_format: "text".into(),
            log_level: "info".into(),
            session_idle_minutes: 240,
            session_absolute_hours: 72,
            trust_proxy: false,
            max_body_bytes: 1024 * 1024,
            header_timeout_secs: 10,
            request_timeout_secs: 120,
            max_connections: 4096,
            max_connections_per_ip: 512,
            metrics_token: String::new(),
            metrics_bind: String::new(),
            require_totp_for_staff: false,
            run_worker: true,
            extract_memory_mb: 512,
            extract_seconds: 20,
            extract_max_text_bytes: 10 * 1024 * 1024,
            extract_max_pages: 2000,
            extract_concurrency: 2,
            extract_worker: None,
            unprotected_registration_for_tests: false,
        }
    }
}

/// Values given as command-line flags; `None` leaves the lower layers alone.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

impl Config {
    /// Loads the layered configuration. `file` defaults to `./tta.toml` when it exists.
    pub fn load(file: Option<&std::path::Path>, flags: &Overrides) -> anyhow::Result<Config> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(f) => {
                if !f.exists() {
                    anyhow::bail!("configuration file {} does not exist", f.display());
                }
                fig = fig.merge(Toml::file(f));
            }
            None => fig = fig.merge(Toml::file("tta.toml")),
        }
        // TTA_CONFIG names the file, TTA_LOG is the log filter, and the rest belong to the tests.
        let fig = fig
            .merge(Env::prefixed("TTA_").ignore(&[
                "config",
                "test_database_url",
                "log",
                "screenshots",
            ]))
            .merge(Serialized::defaults(flags));
        let mut cfg: Config = fig.extract().map_err(|e| {
            let mut msgs = Vec::new();
            for err in e {
                let key = err.path.join(".");
                msgs.push(if key.is_empty() {
                    format!("configuration error: {err}")
                } else {
                    format!("configuration error in setting `{key}`: {}", err.kind)
                });
            }
            anyhow::anyhow!(msgs.join("\n"))
        })?;
        cfg.finish()?;
        Ok(cfg)
    }

    /// Fills derived defaults and checks values that serde cannot.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        if self.database_url.is_empty() {
            self.database_url = format!("sqlite:{}", self.data_dir.join("tta.db").display());
        }
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            anyhow::bail!(
                "configuration error in setting `database_url`: must start with sqlite: or postgres://"
            );
        }
        if self.base_url.is_empty() {
            self.base_url = format!("http://{}", self.bind);
        }
        let base = url::Url::parse(&self.base_url)
            .map_err(|e| anyhow::anyhow!("configuration error in setting `base_url`: {e}"))?;
        if !matches!(base.scheme(), "http" | "https") {
            anyhow::bail!("configuration error in setting `base_url`: must be http or https");
        }
        self.base_url = self.base_url.trim_end_matches('/').to_string();
        if !matches!(self.log_format.as_str(), "text" | "json") {
            anyhow::bail!("configuration error in setting `log_format`: must be text or json");
        }
        if !email_address::EmailAddress::is_valid(self.contact_email.trim()) {
            anyhow::bail!("configuration error in setting `contact_email`: not an email address");
        }
        if !self.smtp_url.is_empty() && url::Url::parse(&self.smtp_url).is_err() {
            anyhow::bail!("configuration error in setting `smtp_url`: not a valid URL");
        }
        if !self.metrics_bind.is_empty()
            && self.metrics_bind.parse::<std::net::SocketAddr>().is_err()
        {
            anyhow::bail!("configuration error in setting `metrics_bind`: not an address such as 127.0.0.1:9090");
        }
        if self.header_timeout_secs == 0
            || self.request_timeout_secs == 0
            || self.max_connections == 0
        {
            anyhow::bail!("configuration error in setting `header_timeout_secs`/`request_timeout_secs`/`max_connections`: must be positive");
        }
        if self.extract_memory_mb < 128 {
            anyhow::bail!("configuration error in setting `extract_memory_mb`: at least 128 (MB), or documents cannot be read at all");
        }
        if self.extract_seconds < 1 || self.extract_concurrency < 1 || self.extract_max_pages < 1 {
            anyhow::bail!("configuration error in setting `extract_seconds`/`extract_concurrency`/`extract_max_pages`: must be positive");
        }
        if self.extract_max_text_bytes < 1024 {
            anyhow::bail!(
                "configuration error in setting `extract_max_text_bytes`: at least 1024 (bytes)"
            );
        }
        if self.session_idle_minutes < 1 || self.session_absolute_hours < 1 {
            anyhow::bail!("configuration error in setting `session_idle_minutes`/`session_absolute_hours`: must be positive");
        }
        Ok(())
    }

    pub fn https(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_email_that_is_not_an_address_stops_start_up_with_its_name() {
        let mut ok = Config::default();
        assert!(
            ok.finish().is_ok(),
            "the default contact address is accepted"
        );
        let mut bad = Config {
            contact_email: "the front desk".into(),
            ..Config::default()
        };
        let err = bad.finish().unwrap_err().to_string();
        assert!(err.contains("contact_email"), "{err}");
    }
}
