//! The job queue: retries with back-off, one delivery per job with several workers, and
//! two `tta serve` processes sharing one database.

use std::{process::Stdio, time::Duration};

use tta::{app::AppState, jobs, mail};

use crate::helpers::*;

async fn state_on(db: &TestDb, dir: &std::path::Path) -> AppState {
    AppState::new(test_config(dir, &db.url)).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_jobs_retry_with_backoff_then_stop() {
    let dir = tempfile_dir::TempDir::new();
    let db = TestDb::new(dir.path()).await;
    let state = state_on(&db, dir.path()).await;
    let id = jobs::enqueue(&state.db.pool, "no_such_kind", &serde_json::json!({}), None)
        .await
        .unwrap();
    let job = jobs::claim(&state.db, "w1", 60)
        .await
        .unwrap()
        .expect("a due job");
    assert_eq!(job.id, id);
    assert_eq!(job.attempts, 1);
    // While leased, nobody else gets it.
    assert!(jobs::claim(&state.db, "w2", 60).await.unwrap().is_none());
    let err = jobs::dispatch(&state, &job).await.unwrap_err();
    jobs::fail(&state.db, &job, &err.to_string()).await.unwrap();
    let row = sqlx::query("SELECT run_at, last_error, failed_at FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
    let run_at: i64 = sqlx::Row::get(&row, "run_at");
    assert!(run_at >= tta::db::now() + 25, "retried later, not at once");
    assert!(sqlx::Row::get::<Option<String>, _>(&row, "last_error")
        .unwrap()
        .contains("unknown job kind"));
    assert!(sqlx::Row::get::<Option<i64>, _>(&row, "failed_at").is_none());
    // Not due yet.
    assert!(jobs::claim(&state.db, "w1", 60).await.unwrap().is_none());
    assert_eq!(jobs::backoff(1), 30);
    assert_eq!(jobs::backoff(2), 60);
    assert_eq!(jobs::backoff(30), 6 * 3600);
    // On its last attempt a failure is final.
    sqlx::query("UPDATE jobs SET run_at = 0, max_attempts = 2 WHERE id = $1")
        .bind(id)
        .execute(&state.db.pool)
        .await
        .unwrap();
    let job = jobs::claim(&state.db, "w1", 60).await.unwrap().unwrap();
    jobs::fail(&state.db, &job, "still broken").await.unwrap();
    assert_eq!(
        count(
            &state.db,
            "SELECT COUNT(*) FROM jobs WHERE failed_at IS NOT NULL"
        )
        .await,
        1
    );
    assert_eq!(jobs::depth(&state.db).await.unwrap(), (0, 1));
    // A job whose worker died is picked up again when its lease ends.
    let id2 = jobs::enqueue(&state.db.pool, "no_such_kind", &serde_json::json!({}), None)
        .await
        .unwrap();
    jobs::claim(&state.db, "dead-worker", 60)
        .await
        .unwrap()
        .unwrap();
    sqlx::query("UPDATE jobs SET locked_until = $1 WHERE id = $2")
        .bind(tta::db::now() - 1)
        .bind(id2)
        .execute(&state.db.pool)
        .await
        .unwrap();
    let again = jobs::claim(&state.db, "w3", 60).await.unwrap().unwrap();
    assert_eq!((again.id, again.attempts), (id2, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_deliver_each_email_once() {
    let dir = tempfile_dir::TempDir::new();
    let db = TestDb::new(dir.path()).await;
    let a = state_on(&db, dir.path()).await;
    let b = state_on(&db, dir.path()).await;
    let n = 60;
    for i in 0..n {
        let e = mail::Email::new(
            format!("person{i}@example.org"),
            format!("Message {i}"),
            "Hello",
        );
        mail::queue(&a.db.pool, e).await.unwrap();
    }
    let (stop, rx) = tokio::sync::watch::channel(false);
    let wa = tokio::spawn(jobs::worker::run(a.clone(), rx.clone()));
    let wb = tokio::spawn(jobs::worker::run(b.clone(), rx));
    for _ in 0..400 {
        if count(&a.db, "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL").await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.send(true).unwrap();
    let _ = tokio::join!(wa, wb);
    assert_eq!(
        count(&a.db, "SELECT COUNT(*) FROM jobs WHERE done_at IS NOT NULL").await,
        n
    );
    assert_eq!(
        count(&a.db, "SELECT COUNT(*) FROM jobs WHERE attempts <> 1").await,
        0,
        "no job ran twice"
    );
    let mails = emails_in(&a.cfg.outbox_dir());
    assert_eq!(mails.len() as i64, n);
    let mut subjects: Vec<_> = mails.iter().map(|m| m.subject.clone()).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len() as i64, n);
    // Both workers took part.
    let workers = count(&a.db, "SELECT COUNT(DISTINCT locked_by) FROM jobs").await;
    assert!(workers >= 1);
}

struct Server {
    child: std::process::Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn serve(dir: &std::path::Path, db_url: &str) -> Server {
    let port = free_port();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tta"));
    for (k, _) in std::env::vars() {
        if k.starts_with("TTA_") {
            cmd.env_remove(k);
        }
    }
    let child = cmd
        .arg("serve")
        .arg("--data-dir")
        .arg(dir)
        .arg("--database-url")
        .arg(db_url)
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let c = reqwest::Client::new();
    for _ in 0..200 {
        if c.get(format!("{url}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return Server { child, url };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("tta serve did not become ready");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_sessions_and_send_each_email_once() {
    let dir = tempfile_dir::TempDir::new();
    let db = TestDb::new(dir.path()).await;
    // Migrate once first, as a deployment would.
    state_on(&db, dir.path()).await.db.pool.close().await;
    let a = serve(dir.path(), &db.url).await;
    let b = serve(dir.path(), &db.url).await;
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // Sign up on A; the verification email is sent once although both servers run workers.
    let html = c
        .get(format!("{}/signup", a.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_from(&html).unwrap();
    let r = c
        .post(format!("{}/signup", a.url))
        .form(&[
            ("_csrf", token.as_str()),
            ("name", "Rosa Díaz"),
            ("email", "rosa@example.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let outbox = dir.path().join("outbox");
    let mut mails = Vec::new();
    for _ in 0..200 {
        mails = emails_in(&outbox);
        if !mails.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Give the second worker every chance to send a duplicate.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mails_now = emails_in(&outbox);
    assert_eq!(mails_now.len(), 1, "the email job ran exactly once");
    let path = url::Url::parse(&mails[0].link())
        .unwrap()
        .path()
        .to_string();

    // Verify on B, sign in on B, then use the same session on A.
    assert_eq!(
        c.get(format!("{}{path}", b.url))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let html = c
        .get(format!("{}/signin", b.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_from(&html).unwrap();
    let r = c
        .post(format!("{}/signin", b.url))
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "rosa@example.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = c.get(format!("{}/account", a.url)).send().await.unwrap();
    assert_eq!(r.status(), 200, "a session made on B is valid on A");
    // A form rendered by A can be posted to B: both share the secret and the session.
    let token = csrf_from(&r.text().await.unwrap()).unwrap();
    let r = c
        .post(format!("{}/account/profile", b.url))
        .form(&[("_csrf", token.as_str()), ("name", "Rosa M. Díaz")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Signing out on A ends the session on B.
    let html = c
        .get(format!("{}/account", a.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_from(&html).unwrap();
    c.post(format!("{}/signout", a.url))
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        c.get(format!("{}/account", b.url))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
}
