//! The `tta` command line, run as the real binary: help texts, migrations, creating users
//! and tokens, configuration layering and errors, and `tta serve` with JSON logs that keep
//! secrets out.
//!
//! Every run starts from a clean environment (no inherited `TTA_*` variables) in a fresh
//! temp folder. On PostgreSQL the commands get `--database-url` of a database of their
//! own; on SQLite the database defaults to `DATA_DIR/tta.db`.

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;
use tta::accounts::{model, password};

use crate::helpers::{csrf_from, is_postgres, tempfile_dir::TempDir, TestApp, TestDb};

const BIN: &str = env!("CARGO_BIN_EXE_tta");
/// No command here should take anywhere near this long; a hung one fails the test.
const TIMEOUT: Duration = Duration::from_secs(60);
/// A passphrase the policy accepts, unique enough to search the logs for.
const PASSPHRASE: &str = "violet-harbor-lantern-quarry-5812";

// ---------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------

/// A `tta` command in `cwd` with no `TTA_*` (or `RUST_LOG`) variables from the test run.
fn clean(cwd: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(cwd);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("TTA_") {
            c.env_remove(&k);
        }
    }
    c.env_remove("RUST_LOG");
    c
}

#[derive(Debug)]
struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn ok(&self) -> &Self {
        assert_eq!(self.code, Some(0), "expected success:\n{self}");
        self
    }
    fn fails_with(&self, code: i32, stderr_has: &str) -> &Self {
        assert_eq!(self.code, Some(code), "expected exit {code}:\n{self}");
        assert!(
            self.stderr.contains(stderr_has),
            "stderr should mention {stderr_has:?}:\n{self}"
        );
        self
    }
    fn fails_naming(&self, setting: &str) -> &Self {
        assert!(
            matches!(self.code, Some(c) if c != 0),
            "expected failure:\n{self}"
        );
        assert!(
            self.stderr.contains(setting),
            "stderr should name {setting:?}:\n{self}"
        );
        self
    }
}

impl std::fmt::Display for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Spawns a command with stdout and stderr going to files in `logs` (no pipe can fill up).
fn spawn_logged(mut c: Command, logs: &Path, stdin: bool) -> (Child, PathBuf, PathBuf) {
    std::fs::create_dir_all(logs).unwrap();
    static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let id = RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let (o, e) = (
        logs.join(format!("{id}.out")),
        logs.join(format!("{id}.err")),
    );
    c.stdout(std::fs::File::create(&o).unwrap())
        .stderr(std::fs::File::create(&e).unwrap());
    c.stdin(if stdin { Stdio::piped() } else { Stdio::null() });
    (c.spawn().expect("start tta"), o, e)
}

/// Runs to completion (with a time limit), feeding `input` on standard input if given.
async fn run_in(c: Command, logs: &Path, input: Option<&str>) -> Out {
    let (mut child, o, e) = spawn_logged(c, logs, input.is_some());
    if let Some(text) = input {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
        drop(stdin);
    }
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "tta did not finish within {TIMEOUT:?}\n--- stdout\n{}\n--- stderr\n{}",
                std::fs::read_to_string(&o).unwrap_or_default(),
                std::fs::read_to_string(&e).unwrap_or_default()
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    Out {
        code: status.code(),
        stdout: std::fs::read_to_string(&o).unwrap(),
        stderr: std::fs::read_to_string(&e).unwrap(),
    }
}

/// A data folder and database for one test, and commands pointed at them.
struct Site {
    dir: TempDir,
    db: TestDb,
}

impl Site {
    async fn new() -> Site {
        let dir = TempDir::new();
        let db = TestDb::new(dir.path()).await;
        Site { dir, db }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `tta ARGS --data-dir DIR [--database-url URL]`.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = clean(self.path());
        c.args(args).arg("--data-dir").arg(self.path());
        if is_postgres() {
            c.arg("--database-url").arg(&self.db.url);
        }
        c
    }

    async fn run(&self, args: &[&str]) -> Out {
        run_in(self.cmd(args), &self.path().join("logs"), None).await
    }

    async fn run_stdin(&self, args: &[&str], input: &str) -> Out {
        run_in(self.cmd(args), &self.path().join("logs"), Some(input)).await
    }

    /// A test server over the same database and data folder.
    async fn app(&self) -> TestApp {
        let url = self.db.url.clone();
        let dir = self.path().to_path_buf();
        TestApp::spawn_with(move |cfg| {
            cfg.database_url = url;
            cfg.data_dir = dir;
        })
        .await
    }

    async fn connect(&self) -> tta::db::Db {
        tta::db::Db::connect(&self.db.url).await.unwrap()
    }
}

fn password_line(out: &Out) -> String {
    out.stdout
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .unwrap_or_else(|| panic!("no generated password printed:\n{out}"))
        .trim()
        .to_string()
}

async fn user_count(db: &tta::db::Db) -> i64 {
    crate::helpers::count(db, "SELECT COUNT(*) FROM users").await
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// ---------------------------------------------------------------------------------------
// Help
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_has_help() {
    let dir = TempDir::new();
    let logs = dir.path().join("logs");
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--help"],
            &[
                "serve",
                "migrate",
                "demo",
                "users",
                "token",
                "--config",
                "--database-url",
                "--data-dir",
            ],
        ),
        (&["help"], &["serve", "migrate"]),
        (
            &["serve", "--help"],
            &["--bind", "--base-url", "--config", "--data-dir"],
        ),
        (&["migrate", "--help"], &["--database-url"]),
        (&["demo", "--help"], &["--bind", "--base-url"]),
        (&["users", "--help"], &["create"]),
        (
            &["users", "create", "--help"],
            &["--email", "--name", "--role", "--password-stdin"],
        ),
        (&["token", "--help"], &["create"]),
        (&["token", "create", "--help"], &["--email", "--name"]),
        (&["help", "users", "create"], &["--password-stdin"]),
    ];
    for (args, mentions) in cases {
        let out = run_in(
            {
                let mut c = clean(dir.path());
                c.args(*args);
                c
            },
            &logs,
            None,
        )
        .await;
        out.ok();
        assert!(
            out.stdout.contains("Usage: tta"),
            "tta {args:?} prints usage:\n{out}"
        );
        for m in *mentions {
            assert!(out.stdout.contains(m), "tta {args:?} mentions {m}:\n{out}");
        }
    }
    let out = run_in(
        {
            let mut c = clean(dir.path());
            c.arg("--version");
            c
        },
        &logs,
        None,
    )
    .await;
    out.ok();
    assert_eq!(
        out.stdout.trim(),
        format!("tta {}", env!("CARGO_PKG_VERSION"))
    );

    // Mistakes in the command line exit 2 with usage on stderr.
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["users", "create", "--email", "a@example.org"][..],
        &["token", "create"][..],
        &["migrate", "--colour"][..],
    ] {
        let out = run_in(
            {
                let mut c = clean(dir.path());
                c.args(args);
                c
            },
            &logs,
            None,
        )
        .await;
        assert_eq!(out.code, Some(2), "tta {args:?}:\n{out}");
        assert!(out.stderr.contains("Usage:"), "tta {args:?}:\n{out}");
        assert!(out.stdout.is_empty(), "tta {args:?}:\n{out}");
    }
    // Asking for help touches nothing on disk.
    assert!(
        !dir.path().join("data").exists(),
        "help must not create a data folder"
    );
}

// ---------------------------------------------------------------------------------------
// Migrations and users
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_then_create_a_user_whose_generated_password_signs_in() {
    let site = Site::new().await;
    let out = site.run(&["migrate"]).await;
    out.ok();
    assert!(out.stdout.contains("migrations applied to"), "{out}");
    if !is_postgres() {
        assert!(
            site.path().join("tta.db").exists(),
            "the SQLite file is in the data folder"
        );
        assert!(
            out.stdout
                .contains(&site.path().join("tta.db").display().to_string()),
            "{out}"
        );
    } else {
        assert!(
            out.stdout.contains("postgres"),
            "the --database-url flag is used:\n{out}"
        );
        assert!(
            !site.path().join("tta.db").exists(),
            "no SQLite file on PostgreSQL"
        );
    }
    // Migrating again is harmless.
    site.run(&["migrate"]).await.ok();

    let out = site
        .run(&[
            "users",
            "create",
            "--email",
            "a@example.org",
            "--name",
            "Ana Ruiz",
            "--role",
            "staff",
        ])
        .await;
    out.ok();
    assert!(
        out.stdout.contains("<a@example.org> with role staff"),
        "{out}"
    );
    let pw = password_line(&out);
    assert!(pw.chars().count() >= password::MIN_LEN, "{pw}");
    assert!(
        password::check_policy(&pw, &["a@example.org", "Ana Ruiz"]).is_ok(),
        "the generated password meets the policy"
    );
    assert!(
        !out.stderr.contains(&pw),
        "the password goes to stdout only"
    );

    let db = site.connect().await;
    let user = model::by_email(&db.pool, "a@example.org")
        .await
        .unwrap()
        .expect("the user is stored");
    assert_eq!(user.name, "Ana Ruiz");
    assert_eq!(user.role, model::Role::Staff);
    assert!(user.active);
    assert_ne!(user.password_hash, pw, "only a hash is stored");
    assert!(password::verify(&pw, &user.password_hash));
    assert_eq!(
        crate::helpers::count(
            &db,
            "SELECT COUNT(*) FROM users WHERE email_verified_at IS NOT NULL"
        )
        .await,
        1,
        "a user made on the command line needs no email verification"
    );
    assert_eq!(
        crate::helpers::count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'user_created'"
        )
        .await,
        1
    );
    db.pool.close().await;

    // The password signs in through the real form, and the account is a staff account.
    let app = site.app().await;
    let c = app.client();
    let r = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[("email", "a@example.org"), ("password", &pw)],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert_eq!(app.get(&c, "/orgs").await.status(), 200);
    let html = app.get(&c, "/orgs").await.text().await.unwrap();
    assert!(html.contains("Ana Ruiz"));
    // A second, different generated password each time.
    let out = site
        .run(&[
            "users",
            "create",
            "--email",
            "b@example.org",
            "--name",
            "Bo Lee",
        ])
        .await;
    out.ok();
    assert!(
        out.stdout.contains("with role learner"),
        "the default role is learner:\n{out}"
    );
    assert_ne!(password_line(&out), pw);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_create_reads_a_password_from_stdin_and_refuses_weak_ones() {
    let site = Site::new().await;

    let out = site
        .run_stdin(
            &[
                "users",
                "create",
                "--email",
                "a@example.org",
                "--name",
                "Ana Ruiz",
                "--password-stdin",
            ],
            &format!("{PASSPHRASE}\n"),
        )
        .await;
    out.ok();
    assert!(
        !out.stdout.contains("password:"),
        "nothing generated:\n{out}"
    );
    assert!(
        !out.stdout.contains(PASSPHRASE) && !out.stderr.contains(PASSPHRASE),
        "the password is never echoed"
    );
    // Windows line endings are trimmed too.
    let out = site
        .run_stdin(
            &[
                "users",
                "create",
                "--email",
                "crlf@example.org",
                "--name",
                "Cy Ruiz",
                "--password-stdin",
            ],
            &format!("{PASSPHRASE}\r\n"),
        )
        .await;
    out.ok();

    let db = site.connect().await;
    for email in ["a@example.org", "crlf@example.org"] {
        let user = model::by_email(&db.pool, email).await.unwrap().unwrap();
        assert!(password::verify(PASSPHRASE, &user.password_hash), "{email}");
    }
    let before = user_count(&db).await;

    for (what, input) in [
        ("the word password", "password\n"),
        ("a common password of ten characters", "password12\n"),
        ("a short one", "tiny\n"),
        ("nothing at all", ""),
    ] {
        let out = site
            .run_stdin(
                &[
                    "users",
                    "create",
                    "--email",
                    "weak@example.org",
                    "--name",
                    "Ana Ruiz",
                    "--password-stdin",
                ],
                input,
            )
            .await;
        assert_eq!(out.code, Some(2), "{what} must be refused:\n{out}");
        assert!(out.stderr.contains("password refused"), "{what}:\n{out}");
        assert!(out.stdout.is_empty(), "{what}:\n{out}");
    }
    assert_eq!(user_count(&db).await, before, "no weak account was created");
    assert!(model::by_email(&db.pool, "weak@example.org")
        .await
        .unwrap()
        .is_none());
    db.pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_create_refuses_bad_roles_emails_names_and_duplicates() {
    let site = Site::new().await;
    site.run(&[
        "users",
        "create",
        "--email",
        "a@example.org",
        "--name",
        "Ana Ruiz",
        "--role",
        "admin",
    ])
    .await
    .ok();

    let create = |email: &'static str, name: &'static str, role: &'static str| {
        vec![
            "users", "create", "--email", email, "--name", name, "--role", role,
        ]
    };
    for (args, message) in [
        (
            create("b@example.org", "Bo Lee", "superuser"),
            "unknown role",
        ),
        (create("b@example.org", "Bo Lee", "Admins"), "unknown role"),
        (create("b@example.org", "Bo Lee", ""), "unknown role"),
        (create("not-an-email", "Bo Lee", "learner"), "invalid email"),
        (create("b@localhost", "Bo Lee", "learner"), "invalid email"),
        (create("", "Bo Lee", "learner"), "invalid email"),
        (create("b@example.org", "   ", "learner"), "invalid name"),
        (
            create("a@example.org", "Ana Again", "learner"),
            "already exists",
        ),
        (
            create("A@Example.ORG", "Ana Again", "learner"),
            "already exists",
        ),
        (
            create(" a@example.org ", "Ana Again", "learner"),
            "already exists",
        ),
    ] {
        let out = site.run(&args).await;
        out.fails_with(2, message);
        assert!(
            !out.stdout.contains("password:"),
            "no password printed for a refused account:\n{out}"
        );
    }
    let db = site.connect().await;
    assert_eq!(user_count(&db).await, 1);
    assert_eq!(
        model::by_email(&db.pool, "a@example.org")
            .await
            .unwrap()
            .unwrap()
            .role,
        model::Role::Admin,
        "the first account is untouched"
    );
    db.pool.close().await;
}

// ---------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_create_prints_a_working_token() {
    let site = Site::new().await;
    site.run(&[
        "users",
        "create",
        "--email",
        "a@example.org",
        "--name",
        "Ana Ruiz",
        "--role",
        "staff",
    ])
    .await
    .ok();

    let out = site
        .run(&["token", "create", "--email", "a@example.org"])
        .await;
    out.ok();
    let token = out.stdout.trim().to_string();
    assert_eq!(
        out.stdout.lines().count(),
        1,
        "only the token is printed, for scripts:\n{out}"
    );
    assert!(token.starts_with("tta_"), "{out}");
    let named = site
        .run(&[
            "token",
            "create",
            "--email",
            "A@Example.org",
            "--name",
            "nightly report",
        ])
        .await;
    named.ok();
    let named = named.stdout.trim().to_string();
    assert_ne!(named, token);

    let app = site.app().await;
    for t in [&token, &named] {
        let r = reqwest::Client::new()
            .get(app.at("/api/v1/me"))
            .bearer_auth(t)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let me: Value = r.json().await.unwrap();
        assert_eq!(me["email"], "a@example.org");
        assert_eq!(me["name"], "Ana Ruiz");
        assert_eq!(me["role"], "staff");
    }
    assert_eq!(
        crate::helpers::count(
            &app.state.db,
            "SELECT COUNT(*) FROM api_tokens WHERE name = 'command line'"
        )
        .await,
        1,
        "the default name"
    );
    assert_eq!(
        crate::helpers::count(
            &app.state.db,
            "SELECT COUNT(*) FROM api_tokens WHERE name = 'nightly report'"
        )
        .await,
        1
    );
    assert_eq!(
        crate::helpers::count(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{token}'")
        )
        .await,
        0,
        "only a hash is stored"
    );

    let out = site
        .run(&["token", "create", "--email", "nobody@example.org"])
        .await;
    out.fails_with(2, "no user with email nobody@example.org");
    assert!(!out.stdout.contains("tta_"), "{out}");
    assert_eq!(
        crate::helpers::count(&app.state.db, "SELECT COUNT(*) FROM api_tokens").await,
        2
    );
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_malformed_settings_stop_start_up_naming_them() {
    let site = Site::new().await;
    let logs = site.path().join("logs");
    let with_env = |args: &[&str], k: &str, v: &str| {
        let mut c = site.cmd(args);
        c.env(k, v);
        c
    };
    // A free port, so that a serve that wrongly starts fails by timing out, not by clashing.
    let bind = format!("127.0.0.1:{}", free_port());

    let out = run_in(with_env(&["migrate"], "TTA_COLOUR", "blue"), &logs, None).await;
    out.fails_naming("colour");

    let out = run_in(
        with_env(&["serve"], "TTA_BIND", "notanaddress"),
        &logs,
        None,
    )
    .await;
    out.fails_naming("bind");

    let mut c = with_env(&["serve"], "TTA_BASE_URL", "ftp://x");
    c.env("TTA_BIND", &bind);
    run_in(c, &logs, None).await.fails_naming("base_url");

    let mut c = with_env(&["serve"], "TTA_BASE_URL", "not a url");
    c.env("TTA_BIND", &bind);
    run_in(c, &logs, None).await.fails_naming("base_url");

    let mut c = with_env(&["serve"], "TTA_LOG_FORMAT", "xml");
    c.env("TTA_BIND", &bind);
    run_in(c, &logs, None).await.fails_naming("log_format");

    run_in(
        with_env(&["migrate"], "TTA_SESSION_IDLE_MINUTES", "soon"),
        &logs,
        None,
    )
    .await
    .fails_naming("session_idle_minutes");
    run_in(
        with_env(&["migrate"], "TTA_TRUST_PROXY", "perhaps"),
        &logs,
        None,
    )
    .await
    .fails_naming("trust_proxy");

    // A database URL of an unsupported kind (no --database-url flag to hide it).
    let mut c = clean(site.path());
    c.args(["migrate", "--data-dir"])
        .arg(site.path())
        .env("TTA_DATABASE_URL", "mysql://localhost/tta");
    run_in(c, &logs, None).await.fails_naming("database_url");

    // The same in a configuration file.
    let toml = site.path().join("tta.toml");
    std::fs::write(&toml, "bind = \"127.0.0.1:0\"\ncolour = 1\n").unwrap();
    let out = site
        .run(&["migrate", "--config", toml.to_str().unwrap()])
        .await;
    out.fails_naming("colour");
    let bad_bind = site.path().join("bad-bind.toml");
    std::fs::write(&bad_bind, "bind = \"nowhere\"\n").unwrap();
    site.run(&["migrate", "--config", bad_bind.to_str().unwrap()])
        .await
        .fails_naming("bind");
    let wrong_type = site.path().join("wrong-type.toml");
    std::fs::write(&wrong_type, "max_body_bytes = \"lots\"\n").unwrap();
    site.run(&["migrate", "--config", wrong_type.to_str().unwrap()])
        .await
        .fails_naming("max_body_bytes");
    let broken = site.path().join("broken.toml");
    std::fs::write(&broken, "bind = \n").unwrap();
    let out = site
        .run(&["migrate", "--config", broken.to_str().unwrap()])
        .await;
    assert!(
        matches!(out.code, Some(c) if c != 0),
        "a file that is not TOML is refused:\n{out}"
    );
    assert!(out.stderr.contains("configuration error"), "{out}");

    // A ./tta.toml in the working folder is read without --config.
    let out = site.run(&["migrate"]).await;
    out.fails_naming("colour");

    // A --config file that does not exist.
    let missing = site.path().join("nope").join("tta.toml");
    let out = site
        .run(&["migrate", "--config", missing.to_str().unwrap()])
        .await;
    out.fails_naming("does not exist");
    assert!(
        out.stderr.contains(&missing.display().to_string()),
        "the message names the file:\n{out}"
    );
    let mut c = site.cmd(&["migrate"]);
    c.env("TTA_CONFIG", &missing);
    run_in(c, &logs, None).await.fails_naming("does not exist");

    // None of these got as far as creating a database.
    if !is_postgres() {
        assert!(!site.path().join("tta.db").exists());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_configuration_file_is_accepted() {
    let site = Site::new().await;
    let file = site.path().join("settings.toml");
    std::fs::write(
        &file,
        "bind = \"127.0.0.1:0\"\nlog_format = \"json\"\nlog_level = \"warn\"\ninstitute_name = \"Test Institute\"\nsession_idle_minutes = 30\ntrust_proxy = true\n",
    )
    .unwrap();
    let out = site
        .run(&["migrate", "--config", file.to_str().unwrap()])
        .await;
    out.ok();
    assert!(out.stdout.contains("migrations applied"), "{out}");

    // TTA_CONFIG names the file as well.
    let mut c = site.cmd(&["migrate"]);
    c.env("TTA_CONFIG", &file);
    run_in(c, &site.path().join("logs"), None).await.ok();

    // TTA_LOG is the log filter, not a setting.
    let mut c = site.cmd(&["migrate"]);
    c.env("TTA_LOG", "debug,sqlx=warn");
    run_in(c, &site.path().join("logs"), None).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_beat_environment_which_beats_the_file() {
    // About where the data goes, so always on SQLite (the default database lives in the data folder).
    let dir = TempDir::new();
    let root = dir.path();
    let logs = root.join("logs");
    let migrate = |cwd: &Path| {
        let mut c = clean(cwd);
        c.arg("migrate");
        c
    };

    // Flag over environment.
    let mut c = migrate(root);
    c.arg("--data-dir")
        .arg(root.join("flag"))
        .env("TTA_DATA_DIR", root.join("env"));
    let out = run_in(c, &logs, None).await;
    out.ok();
    assert!(root.join("flag").join("tta.db").exists(), "{out}");
    assert!(
        !root.join("env").exists(),
        "the environment's folder is not used"
    );
    assert!(
        out.stdout
            .contains(&root.join("flag").join("tta.db").display().to_string()),
        "{out}"
    );

    // Environment over file.
    let toml = root.join("layered.toml");
    std::fs::write(
        &toml,
        format!("data_dir = \"{}\"\n", root.join("file").display()),
    )
    .unwrap();
    let mut c = migrate(root);
    c.arg("--config")
        .arg(&toml)
        .env("TTA_DATA_DIR", root.join("env2"));
    run_in(c, &logs, None).await.ok();
    assert!(root.join("env2").join("tta.db").exists());
    assert!(!root.join("file").exists(), "the file's folder is not used");

    // File over the default.
    let mut c = migrate(root);
    c.arg("--config").arg(&toml);
    run_in(c, &logs, None).await.ok();
    assert!(root.join("file").join("tta.db").exists());
    assert!(
        !root.join("data").exists(),
        "the default ./data is not used"
    );

    // With nothing given, ./data in the working folder.
    let cwd = root.join("plain");
    std::fs::create_dir_all(&cwd).unwrap();
    run_in(migrate(&cwd), &logs, None).await.ok();
    assert!(cwd.join("data").join("tta.db").exists());

    // --database-url over TTA_DATABASE_URL.
    let mut c = migrate(root);
    c.arg("--database-url")
        .arg(format!(
            "sqlite:{}",
            root.join("flagdb").join("chosen.db").display()
        ))
        .env(
            "TTA_DATABASE_URL",
            format!("sqlite:{}", root.join("envdb").join("ignored.db").display()),
        );
    run_in(c, &logs, None).await.ok();
    assert!(root.join("flagdb").join("chosen.db").exists());
    assert!(!root.join("envdb").exists());
}

// ---------------------------------------------------------------------------------------
// Serving
// ---------------------------------------------------------------------------------------

fn set_cookie_value(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.strip_prefix(&format!("{name}="))
                .map(|rest| rest.split(';').next().unwrap_or("").to_string())
        })
        .filter(|v| !v.is_empty())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_health_checks_and_keeps_secrets_out_of_its_json_logs() {
    let site = Site::new().await;
    site.run_stdin(
        &[
            "users",
            "create",
            "--email",
            "ana@example.org",
            "--name",
            "Ana Ruiz",
            "--password-stdin",
        ],
        PASSPHRASE,
    )
    .await
    .ok();

    let port = free_port();
    let unused = free_port();
    let mut c = site.cmd(&["serve", "--bind", &format!("127.0.0.1:{port}")]);
    // The flag wins over the environment.
    c.env("TTA_BIND", format!("127.0.0.1:{unused}"))
        .env("TTA_LOG_FORMAT", "json")
        .env("TTA_METRICS_TOKEN", "scrape-token-for-tests");
    let log = site.path().join("serve.log");
    let file = std::fs::File::create(&log).unwrap();
    c.stdout(file.try_clone().unwrap())
        .stderr(file)
        .stdin(Stdio::null());
    let mut child = c.spawn().expect("start tta serve");
    struct Kill<'a>(&'a mut Child);
    impl Drop for Kill<'_> {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let guard = Kill(&mut child);

    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await {
            if r.status() == 200 {
                break;
            }
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "tta serve did not come up:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        reqwest::Client::new()
            .get(format!("http://127.0.0.1:{unused}/healthz"))
            .send()
            .await
            .is_err(),
        "the --bind flag beats TTA_BIND"
    );
    let r = http.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let metrics = http
        .get(format!("{base}/metrics"))
        .bearer_auth("scrape-token-for-tests")
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), 200);
    let metrics = metrics.text().await.unwrap();
    assert!(metrics.contains("tta_http_requests_total"), "{metrics}");
    assert!(
        metrics.contains("route=\"/healthz\""),
        "requests are counted by route:\n{metrics}"
    );

    // Sign in through the form.
    let signin = http
        .get(format!("{base}/signin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let anon_csrf = csrf_from(&signin).expect("csrf on the sign-in form");
    let r = http
        .post(format!("{base}/signin"))
        .form(&[
            ("_csrf", anon_csrf.as_str()),
            ("email", "ana@example.org"),
            ("password", PASSPHRASE),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let session = set_cookie_value(&r, "tta_session").expect("a session cookie");
    let account = http.get(format!("{base}/account")).send().await.unwrap();
    assert_eq!(account.status(), 200);
    let session_csrf = csrf_from(&account.text().await.unwrap()).expect("csrf on the account page");
    // A few more requests that carry secrets in places a careless log would print.
    let r = http
        .post(format!("{base}/orgs/new"))
        .form(&[
            ("_csrf", session_csrf.as_str()),
            ("name", "Safe Harbor"),
            ("kind", "shelter"),
            ("state", "CA"),
            ("staff_size", "1-5"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let _ = http
        .get(format!(
            "{base}/no-such-page?password={PASSPHRASE}&session={session}"
        ))
        .send()
        .await
        .unwrap();
    let _ = http
        .get(format!("{base}/signin?next=/{anon_csrf}"))
        .send()
        .await
        .unwrap();
    // A wrong password, so the failure path is logged too.
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = other
        .get(format!("{base}/signin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf2 = csrf_from(&page).unwrap();
    let wrong = format!("{PASSPHRASE}-wrong");
    let r = other
        .post(format!("{base}/signin"))
        .form(&[
            ("_csrf", csrf2.as_str()),
            ("email", "ana@example.org"),
            ("password", wrong.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);

    drop(guard);
    let output = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 5, "requests are logged:\n{output}");
    for line in &lines {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        assert!(
            v.get("level").is_some() && v.get("timestamp").is_some(),
            "{line}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\"route\":\"/signin\"") && l.contains("\"status\":\"303\"")),
        "the sign-in request is logged by route:\n{output}"
    );
    for (what, secret) in [
        ("password", PASSPHRASE),
        ("session cookie", session.as_str()),
        ("anonymous csrf token", anon_csrf.as_str()),
        ("session csrf token", session_csrf.as_str()),
        ("second csrf token", csrf2.as_str()),
    ] {
        assert!(
            !output.contains(secret),
            "the log contains the {what}:\n{output}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_urls_are_printed_without_their_password() {
    let shown = tta::cli::redact("postgres://tta:s3cret-pw@db.internal:5432/tta");
    assert!(!shown.contains("s3cret-pw"), "{shown}");
    assert!(
        shown.contains("db.internal") && shown.contains("tta:"),
        "{shown}"
    );
    assert_eq!(tta::cli::redact("sqlite:data/tta.db"), "sqlite:data/tta.db");
}

/// `password::check_policy` splits the email into words before handing them to zxcvbn, so
/// the address as a whole is never a "user input" and zxcvbn scores `weak@example.org` as
/// strong (the separators count as brute force). The policy's own comment says the email
/// and name must make a password easy to guess.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_create_refuses_the_email_address_as_password() {
    let site = Site::new().await;
    let out = site
        .run_stdin(
            &[
                "users",
                "create",
                "--email",
                "ana.ruiz@example.org",
                "--name",
                "Ana Ruiz",
                "--password-stdin",
            ],
            "ana.ruiz@example.org\n",
        )
        .await;
    out.fails_with(2, "password refused");
    let db = site.connect().await;
    assert_eq!(user_count(&db).await, 0);
    db.pool.close().await;
}

/// A lost phone when no other admin can help: the command line turns two-step sign-in off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_reset_totp_turns_the_second_factor_off() {
    let dir = TempDir::new();
    let db = TestDb::new(dir.path()).await;
    let state = tta::app::AppState::new(crate::helpers::test_config(dir.path(), &db.url))
        .await
        .unwrap();
    let hash = tta::accounts::password::hash(crate::helpers::PASSWORD).unwrap();
    let id = tta::accounts::model::insert(
        &state.db.pool,
        tta::accounts::model::NewUser {
            email: "lost@example.org",
            name: "Lost Phone",
            password_hash: &hash,
            role: tta::accounts::model::Role::Admin,
            verified: true,
        },
    )
    .await
    .unwrap();
    sqlx::query(
        "UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled_at = 1 WHERE id = $1",
    )
    .bind(id)
    .execute(&state.db.pool)
    .await
    .unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tta"));
    for (k, _) in std::env::vars() {
        if k.starts_with("TTA_") {
            cmd.env_remove(k);
        }
    }
    let out = cmd
        .args([
            "users",
            "reset-totp",
            "--email",
            "lost@example.org",
            "--database-url",
            &db.url,
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let u = tta::accounts::model::by_id(&state.db.pool, id)
        .await
        .unwrap()
        .unwrap();
    assert!(!u.totp_enabled());
    assert_eq!(
        crate::helpers::count(
            &state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'totp_reset'"
        )
        .await,
        1
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tta"))
        .args([
            "users",
            "reset-totp",
            "--email",
            "nobody@example.org",
            "--database-url",
            &db.url,
            "--data-dir",
        ])
        .arg(dir.path())
        .env_remove("TTA_TEST_DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
