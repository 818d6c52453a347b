//! The `tta` command line: one binary for serving, migrating, demo content and
//! administration.

use std::{io::Read, path::PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::{
    accounts::{model, password, tokens},
    app::{AppState, Application},
    config::{Config, Overrides},
    db::Db,
};

#[derive(Parser)]
#[command(
    name = "tta",
    version,
    about = "Training and technical assistance for the anti-trafficking field"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args)]
pub struct Global {
    /// Configuration file (default: ./tta.toml when present)
    #[arg(long, global = true, env = "TTA_CONFIG")]
    pub config: Option<PathBuf>,
    /// Database URL: sqlite:PATH or postgres://… (overrides TTA_DATABASE_URL)
    #[arg(long, global = true)]
    pub database_url: Option<String>,
    /// Folder for the SQLite database, files and the email outbox (overrides TTA_DATA_DIR)
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the web server and the background job worker
    Serve(ServeArgs),
    /// Apply database migrations and exit
    Migrate,
    /// Migrate, load demo content, print the demo accounts and serve
    Demo(ServeArgs),
    /// Manage user accounts
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Review house rules or a handbook for coercive clauses (exit 1 when any are found)
    Review(crate::review::cli::ReviewArgs),
    /// Import and export courses kept as folders of Markdown and TOML
    Courses {
        #[command(subcommand)]
        command: crate::courses::cli::CoursesCommand,
    },
    /// Import a resource library from a folder with a CSV or TOML manifest
    Library {
        #[command(subcommand)]
        command: crate::library::import::LibraryCommand,
    },
    /// Write one archive holding a consistent copy of the database (taken while the
    /// server runs), every stored file and a manifest; the archive is as sensitive as the database
    Backup(crate::backup::BackupArgs),
    /// Restore an archive written by `tta backup` into an empty database (exit 2 when refused)
    Restore(crate::backup::RestoreArgs),
    /// Manage personal API tokens
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Reads one document from standard input for the server (see `extract`); not for people
    #[command(hide = true)]
    ExtractWorker,
}

#[derive(Args, Clone, Default)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 0.0.0.0:8080 (overrides TTA_BIND)
    #[arg(long)]
    pub bind: Option<String>,
    /// Public address of this site, used in emailed links (overrides TTA_BASE_URL)
    #[arg(long)]
    pub base_url: Option<String>,
}

#[derive(Subcommand)]
pub enum UsersCommand {
    /// Create a verified account without email (for the first admin, or scripts)
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// learner, facilitator, staff or admin
        #[arg(long, default_value = "learner")]
        role: String,
        /// Read the password from standard input instead of generating one
        #[arg(long)]
        password_stdin: bool,
    },
    /// Turn off someone's two-step sign-in (for a lost phone, when no other admin can)
    ResetTotp {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a personal API token for a user and print it
    Create {
        #[arg(long)]
        email: String,
        /// A name to recognise the token by
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

impl Cli {
    fn config(&self, serve: Option<&ServeArgs>) -> anyhow::Result<Config> {
        let flags = Overrides {
            database_url: self.global.database_url.clone(),
            data_dir: self.global.data_dir.clone(),
            bind: serve.and_then(|s| s.bind.clone()),
            base_url: serve.and_then(|s| s.base_url.clone()),
        };
        Config::load(self.global.config.as_deref(), &flags)
    }
}

/// Runs the command; returns the process exit code.
pub async fn run(cli: Cli) -> anyhow::Result<i32> {
    match &cli.command {
        Command::Review(args) => {
            let cfg = cli.config(None)?;
            Ok(crate::review::cli::run(&cfg, args).await)
        }
        // `main` runs the worker before any runtime starts; this is for callers of `run`.
        Command::ExtractWorker => Ok(crate::extract::worker::run()),
        Command::Serve(args) => {
            let cfg = cli.config(Some(args))?;
            crate::telemetry::init(&cfg);
            serve(cfg, None).await?;
            Ok(0)
        }
        Command::Demo(args) => {
            let mut cfg = cli.config(Some(args))?;
            // The demo's institute answers at the demo's own (fictional) domain rather than
            // at the bare default, so its contact and privacy pages read as they would live.
            if cfg.contact_email == Config::default().contact_email {
                cfg.contact_email = "hello@demo.tta.example.org".into();
            }
            crate::telemetry::init(&cfg);
            serve(cfg, Some(())).await?;
            Ok(0)
        }
        Command::Courses { command } => {
            let cfg = cli.config(None)?;
            let state = AppState::new(cfg).await?;
            crate::courses::cli::run(&state, command).await
        }
        Command::Library { command } => {
            let cfg = cli.config(None)?;
            let state = AppState::new(cfg).await?;
            crate::library::import::run(&state, command).await
        }
        Command::Backup(args) => crate::backup::run_backup(&cli.config(None)?, args).await,
        Command::Restore(args) => crate::backup::run_restore(&cli.config(None)?, args).await,
        Command::Migrate => {
            let cfg = cli.config(None)?;
            let db = Db::connect(&cfg.database_url).await?;
            db.migrate().await?;
            println!("migrations applied to {}", redact(&cfg.database_url));
            Ok(0)
        }
        Command::Users {
            command:
                UsersCommand::Create {
                    email,
                    name,
                    role,
                    password_stdin,
                },
        } => {
            let cfg = cli.config(None)?;
            let state = AppState::new(cfg).await?;
            create_user(&state, email, name, role, *password_stdin).await
        }
        Command::Users {
            command: UsersCommand::ResetTotp { email },
        } => {
            let cfg = cli.config(None)?;
            let state = AppState::new(cfg).await?;
            let Some(user) = model::by_email(&state.db.pool, email).await? else {
                eprintln!("no user with email {email}");
                return Ok(2);
            };
            let mut tx = state.db.tx().await?;
            sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1")
                .bind(user.id)
                .execute(&mut *tx)
                .await?;
            crate::web::session::delete_all_for_user(&mut *tx, user.id, None).await?;
            crate::accounts::audit::record(
                &mut *tx,
                None,
                "totp_reset",
                &format!("user:{}", user.id),
                "",
                "command line",
            )
            .await?;
            tx.commit().await?;
            println!("two-step sign-in is off for {}; they can sign in with their password and set it up again", user.email);
            Ok(0)
        }
        Command::Token {
            command: TokenCommand::Create { email, name },
        } => {
            let cfg = cli.config(None)?;
            let state = AppState::new(cfg).await?;
            let Some(user) = model::by_email(&state.db.pool, email).await? else {
                eprintln!("no user with email {email}");
                return Ok(2);
            };
            let (_, secret) = tokens::create(&state.db, user.id, name).await?;
            crate::accounts::audit::record(
                &state.db.pool,
                Some(user.id),
                "token_created",
                "",
                "",
                "command line",
            )
            .await?;
            println!("{secret}");
            Ok(0)
        }
    }
}

async fn serve(cfg: Config, demo: Option<()>) -> anyhow::Result<()> {
    let app = Application::build(cfg).await?;
    if demo.is_some() {
        let accounts = crate::demo::load(&app.state).await?;
        println!("\ntta demo is running at {}\n", app.url());
        println!("Demo accounts (email / password):");
        for (role, email, pw) in &accounts {
            println!("  {role:<12} {email:<40} {pw}");
        }
        println!(
            "\nEmails are written to {}\n",
            app.state.cfg.outbox_dir().display()
        );
    } else {
        tracing::info!(address = %app.url(), "tta is listening");
    }
    let (tx, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = tx.send(true);
    });
    app.run_until_stopped(rx).await
}

async fn create_user(
    state: &AppState,
    email: &str,
    name: &str,
    role: &str,
    from_stdin: bool,
) -> anyhow::Result<i32> {
    let Some(role) = model::Role::parse(role) else {
        eprintln!("unknown role {role}: use learner, facilitator, staff or admin");
        return Ok(2);
    };
    if let Some(k) = crate::accounts::email_problem(email) {
        eprintln!("invalid email: {}", crate::i18n::Lang::default().t(k));
        return Ok(2);
    }
    if let Some(k) = crate::accounts::name_problem(name) {
        eprintln!("invalid name: {}", crate::i18n::Lang::default().t(k));
        return Ok(2);
    }
    let (pw, generated) = if from_stdin {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        (s.trim_end_matches(['\n', '\r']).to_string(), false)
    } else {
        (crate::demo::passphrase(), true)
    };
    if let Err(w) = password::check_policy(&pw, &[email, name]) {
        let msg = crate::i18n::Lang::default()
            .ta(w.message_key(), &[("min", &password::MIN_LEN.to_string())]);
        eprintln!("password refused: {msg}");
        return Ok(2);
    }
    let hash = password::hash(&pw)?;
    let new = model::NewUser {
        email,
        name,
        password_hash: &hash,
        role,
        verified: true,
    };
    match model::insert(&state.db.pool, new).await {
        Ok(id) => {
            crate::accounts::audit::record(
                &state.db.pool,
                None,
                "user_created",
                &format!("user:{id}"),
                "",
                &format!("command line, role {}", role.as_str()),
            )
            .await?;
            println!(
                "created user {id} <{}> with role {}",
                model::normalize_email(email),
                role.as_str()
            );
            if generated {
                println!("password: {pw}");
            }
            Ok(0)
        }
        Err(e) if crate::db::is_unique_violation(&e) => {
            eprintln!("a user with email {email} already exists");
            Ok(2)
        }
        Err(e) => Err(e.into()),
    }
}

/// Hides the password in a database URL before printing it.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}
