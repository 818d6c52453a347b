#![allow(dead_code)]

//! The test application: a real tta server on a free port with a database of its own
//! (a SQLite file in a temp folder, or a fresh PostgreSQL database when
//! `TTA_TEST_DATABASE_URL` points at a server), plus an HTTP client that keeps cookies
//! and knows how to find CSRF tokens and emailed links.

use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use reqwest::{redirect::Policy, Client, Response};
use tta::{
    accounts::{model, password},
    app::{AppState, Application},
    config::Config,
    db::Db,
};

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub const PASSWORD: &str = "correct-horse-battery-staple-river";

pub fn is_postgres() -> bool {
    std::env::var("TTA_TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"))
}

/// A database for one test; dropped with the test.
pub struct TestDb {
    pub url: String,
    admin_url: Option<String>,
    name: String,
}

impl TestDb {
    pub async fn new(dir: &Path) -> TestDb {
        match std::env::var("TTA_TEST_DATABASE_URL")
            .ok()
            .filter(|u| u.starts_with("postgres"))
        {
            None => TestDb {
                url: format!("sqlite:{}", dir.join("tta.db").display()),
                admin_url: None,
                name: String::new(),
            },
            Some(admin) => {
                let name = format!(
                    "tta_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    rand_suffix()
                );
                let db = Db::connect(&admin)
                    .await
                    .expect("connect to the PostgreSQL test server");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&db.pool)
                    .await
                    .expect("create test database");
                db.pool.close().await;
                let mut url = url::Url::parse(&admin).unwrap();
                url.set_path(&format!("/{name}"));
                TestDb {
                    url: url.to_string(),
                    admin_url: Some(admin),
                    name,
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin) = self.admin_url.clone() else {
            return;
        };
        let name = self.name.clone();
        // Drop runs outside async; a short-lived runtime on its own thread does the cleanup.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(db) = Db::connect(&admin).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&db.pool)
                        .await;
                }
            });
        })
        .join();
    }
}

fn rand_suffix() -> String {
    use rand::Rng;
    let n: u32 = rand::thread_rng().gen();
    format!("{n:08x}")
}

pub struct TestApp {
    pub url: String,
    pub state: AppState,
    pub dir: tempfile_dir::TempDir,
    pub db: TestDb,
    stop: tokio::sync::watch::Sender<bool>,
}

/// A tiny temp-dir type so the tests need no extra crate.
pub mod tempfile_dir {
    use std::path::{Path, PathBuf};
    pub struct TempDir(PathBuf);
    impl TempDir {
        pub fn new() -> TempDir {
            let p = std::env::temp_dir().join(format!(
                "tta-test-{}-{}",
                std::process::id(),
                super::rand_suffix()
            ));
            std::fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub fn test_config(dir: &Path, database_url: &str) -> Config {
    let mut cfg = Config {
        database_url: database_url.to_string(),
        data_dir: dir.to_path_buf(),
        bind: "127.0.0.1:0".parse().unwrap(),
        base_url: "http://127.0.0.1:0".into(),
        // The server runs inside this test program, which is not tta: documents are read
        // by the tta that cargo built for the tests.
        extract_worker: Some(env!("CARGO_BIN_EXE_tta").into()),
        ..Config::default()
    };
    cfg.finish().unwrap();
    cfg
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile_dir::TempDir::new();
        let db = TestDb::new(dir.path()).await;
        let mut cfg = test_config(dir.path(), &db.url);
        tweak(&mut cfg);
        let app = Application::build(cfg).await.expect("build app");
        // Requests go to the address the server listens on, whatever base_url says.
        let url = format!("http://{}", app.addr);
        let state = app.state.clone();
        let (stop, rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            app.run_until_stopped(rx).await.expect("server");
        });
        TestApp {
            url,
            state,
            dir,
            db,
            stop,
        }
    }

    pub fn outbox(&self) -> PathBuf {
        self.state.cfg.outbox_dir()
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    pub async fn get(&self, c: &Client, path: &str) -> Response {
        c.get(self.at(path)).send().await.unwrap()
    }

    /// Reads the CSRF token from a page the client can see.
    pub async fn csrf(&self, c: &Client, page: &str) -> String {
        let html = self.get(c, page).await.text().await.unwrap();
        csrf_from(&html).unwrap_or_else(|| panic!("no CSRF token on {page}"))
    }

    /// Posts a form with a valid CSRF token taken from `from_page`.
    pub async fn post(
        &self,
        c: &Client,
        path: &str,
        from_page: &str,
        fields: &[(&str, &str)],
    ) -> Response {
        let token = self.csrf(c, from_page).await;
        let mut all: Vec<(&str, &str)> = vec![("_csrf", &token)];
        all.extend_from_slice(fields);
        c.post(self.at(path)).form(&all).send().await.unwrap()
    }

    /// Creates a verified user directly and returns its id.
    pub async fn user(&self, email: &str, role: model::Role) -> i64 {
        let hash = password::hash(PASSWORD).unwrap();
        model::insert(
            &self.state.db.pool,
            model::NewUser {
                email,
                name: &name_for(email),
                password_hash: &hash,
                role,
                verified: true,
            },
        )
        .await
        .unwrap()
    }

    /// A client signed in through the real sign-in form.
    pub async fn signed_in(&self, email: &str) -> Client {
        let c = self.client();
        let r = self
            .post(
                &c,
                "/signin",
                "/signin",
                &[("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            r.status(),
            303,
            "sign-in for {email} failed: {}",
            r.text().await.unwrap_or_default()
        );
        c
    }

    /// A user of the given role, signed in.
    pub async fn as_role(&self, email: &str, role: model::Role) -> (i64, Client) {
        let id = self.user(email, role).await;
        (id, self.signed_in(email).await)
    }

    /// Waits for the job worker to deliver an email to `to`, and returns it.
    pub async fn email_to(&self, to: &str) -> Email {
        self.email_to_nth(to, 0).await
    }

    pub async fn email_to_nth(&self, to: &str, nth: usize) -> Email {
        for _ in 0..200 {
            let mut found = emails_in(&self.outbox())
                .into_iter()
                .filter(|e| e.to.contains(to))
                .collect::<Vec<_>>();
            found.sort_by_key(|e| e.modified);
            if found.len() > nth {
                return found.swap_remove(nth);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no email #{nth} to {to} arrived in the outbox");
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        self.state.db.pool.close().await;
    }
}

pub fn name_for(email: &str) -> String {
    let local = email.split('@').next().unwrap_or("someone");
    let mut n = local.replace(['.', '_'], " ");
    if let Some(f) = n.get_mut(0..1) {
        f.make_ascii_uppercase();
    }
    format!("{n} Tester")
}

#[derive(Debug, Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// (file name, MIME type such as "text/calendar", bytes)
    pub attachments: Vec<(String, String, Vec<u8>)>,
    pub modified: std::time::SystemTime,
}

impl Email {
    /// The first link into tta in the body.
    pub fn link(&self) -> String {
        self.body
            .split_whitespace()
            .find(|w| w.starts_with("http://") || w.starts_with("https://"))
            .map(|w| w.trim_end_matches(['.', ',', ')']).to_string())
            .unwrap_or_else(|| panic!("no link in email: {}", self.body))
    }
    /// The link's path, to request on the test server.
    pub fn path(&self) -> String {
        let u = url::Url::parse(&self.link()).unwrap();
        u.path().to_string()
    }
}

/// Every `.eml` file in the outbox, parsed by a standard MIME parser.
pub fn emails_in(dir: &Path) -> Vec<Email> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            let msg = mail_parser::MessageParser::default().parse(&bytes)?;
            let to = msg
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_string();
            Some(Email {
                to,
                subject: msg.subject().unwrap_or_default().to_string(),
                body: msg.body_text(0).map(|b| b.to_string()).unwrap_or_default(),
                attachments: msg
                    .attachments()
                    .map(|a| {
                        use mail_parser::MimeHeaders;
                        let kind = a
                            .content_type()
                            .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()))
                            .unwrap_or_default();
                        (
                            a.attachment_name().unwrap_or_default().to_string(),
                            kind,
                            a.contents().to_vec(),
                        )
                    })
                    .collect(),
                modified: e.metadata().ok()?.modified().ok()?,
            })
        })
        .collect()
}

pub fn csrf_from(html: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("input[name=_csrf]").unwrap();
    if let Some(v) = doc
        .select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
    {
        return Some(v.to_string());
    }
    None
}

/// The text of the first element matching `css`, for checking messages beside fields.
pub fn text_of(html: &str, css: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_string())
}

/// The value attribute of the first element matching `css`.
pub fn value_of(html: &str, css: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr("value"))
        .map(String::from)
}

pub fn location(r: &Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

pub async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::Row::try_get(&sqlx::query(sql).fetch_one(&db.pool).await.unwrap(), 0).unwrap()
}

/// What a run of the `tta` binary printed.
pub struct CliOut {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Display for CliOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// `tta ARGS` on the app's database and data folder, with no `TTA_*` variables from the
/// test run leaking in.
pub async fn run_tta(app: &TestApp, args: &[&str]) -> CliOut {
    run_tta_on(app.dir.path(), &app.db.url, args).await
}

/// `tta ARGS` on another data folder and database (a restore target, say).
pub async fn run_tta_on(dir: &Path, database_url: &str, args: &[&str]) -> CliOut {
    let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_tta"));
    c.current_dir(dir).args(args);
    c.arg("--data-dir")
        .arg(dir)
        .arg("--database-url")
        .arg(database_url);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("TTA_") {
            c.env_remove(&k);
        }
    }
    c.env_remove("RUST_LOG")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    let out = tokio::time::timeout(std::time::Duration::from_secs(120), c.output())
        .await
        .expect("tta finished in time")
        .expect("run tta");
    CliOut {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
}

/// A multipart form sent the way a browser sends tta's upload forms: `with_csrf` puts the
/// form token first, where the CSRF check reads it (never in the address).
#[derive(Default)]
pub struct Multi {
    parts: Vec<(String, reqwest::multipart::Part)>,
}

impl Multi {
    pub fn new() -> Multi {
        Multi::default()
    }
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Multi {
        self.parts
            .push((name.into(), reqwest::multipart::Part::text(value.into())));
        self
    }
    pub fn part(mut self, name: impl Into<String>, part: reqwest::multipart::Part) -> Multi {
        self.parts.push((name.into(), part));
        self
    }
    /// The form with the token as its first part.
    pub fn with_csrf(self, token: &str) -> reqwest::multipart::Form {
        self.parts.into_iter().fold(
            reqwest::multipart::Form::new().text("_csrf", token.to_string()),
            |f, (n, p)| f.part(n, p),
        )
    }
    /// The form as it is (the API needs no token; a forgery test sends none).
    pub fn form(self) -> reqwest::multipart::Form {
        self.parts
            .into_iter()
            .fold(reqwest::multipart::Form::new(), |f, (n, p)| f.part(n, p))
    }
}
