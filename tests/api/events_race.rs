//! The proof that a training is never oversold: hundreds of people registering for the
//! same seats at the same instant, over HTTP, against one server on SQLite and against two
//! `tta serve` processes sharing one PostgreSQL database. A control run with the lock
//! switched off must oversell, which shows the test can see the race it guards against.

use std::{
    collections::HashSet,
    process::Stdio,
    time::{Duration, Instant},
};

use futures::future::join_all;
use serde_json::Value;
use sqlx::Row;
use tta::accounts::{model, password, tokens};

use crate::helpers::*;

/// A published event open for registration with one session a month ahead.
pub async fn open_event(app: &TestApp, slug: &str, capacity: i64) -> i64 {
    let t = tta::db::now();
    let db = &app.state.db;
    let id: i64 = sqlx::query(
        "INSERT INTO events (slug, title, description, format, timezone, join_url, capacity, registration_opens_at, registration_closes_at, topics, published, ask_access, ask_interpreter, created_at, updated_at) \
         VALUES ($1, $2, 'A working session on voluntary services.', 'virtual', 'America/Chicago', 'https://meet.example.org/room', $3, $4, $5, ',voluntary_services,', 1, 1, 0, $4, $4) RETURNING id",
    )
    .bind(slug)
    .bind(format!("Training {slug}"))
    .bind(capacity)
    .bind(t - 3600)
    .bind(t + 20 * 86_400)
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .get("id");
    sqlx::query("INSERT INTO event_sessions (event_id, position, title, starts_at, ends_at) VALUES ($1, 0, '', $2, $3)")
        .bind(id)
        .bind(t + 30 * 86_400)
        .bind(t + 30 * 86_400 + 3 * 3600)
        .execute(&db.pool)
        .await
        .unwrap();
    id
}

/// `n` learners with API tokens, made directly (one password hash shared, since hashing is slow).
pub async fn people(app: &TestApp, prefix: &str, n: usize) -> Vec<(i64, String)> {
    let hash = password::hash(PASSWORD).unwrap();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("{prefix}{i}@example.org");
        let id = model::insert(
            &app.state.db.pool,
            model::NewUser {
                email: &email,
                name: &name_for(&email),
                password_hash: &hash,
                role: model::Role::Learner,
                verified: true,
            },
        )
        .await
        .unwrap();
        let (_, token) = tokens::create(&app.state.db, id, "race").await.unwrap();
        out.push((id, token));
    }
    out
}

/// The servers requests are spread over: the test's own on SQLite; on PostgreSQL two
/// separate `tta serve` processes sharing the test's database.
pub struct Servers {
    pub urls: Vec<String>,
    children: Vec<std::process::Child>,
    _dirs: Vec<tempfile_dir::TempDir>,
}

impl Drop for Servers {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn servers(app: &TestApp) -> Servers {
    if !is_postgres() {
        return Servers {
            urls: vec![app.url.clone()],
            children: Vec::new(),
            _dirs: Vec::new(),
        };
    }
    let mut s = Servers {
        urls: Vec::new(),
        children: Vec::new(),
        _dirs: Vec::new(),
    };
    for _ in 0..2 {
        let dir = tempfile_dir::TempDir::new();
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
            .arg(dir.path())
            .arg("--database-url")
            .arg(&app.db.url)
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"))
            // Emails are not what is measured here; the queued jobs are checked in the database.
            .env("TTA_RUN_WORKER", "false")
            .env("TTA_LOG_LEVEL", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        s.children.push(child);
        s._dirs.push(dir);
        let url = format!("http://127.0.0.1:{port}");
        let c = reqwest::Client::new();
        let mut ready = false;
        for _ in 0..400 {
            if c.get(format!("{url}/readyz"))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(ready, "tta serve did not become ready");
        s.urls.push(url);
    }
    s
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

async fn register(c: &reqwest::Client, base: &str, event: i64, token: &str) -> (u16, Value) {
    let r = c
        .post(format!("{base}/api/v1/events/{event}/registrations"))
        .bearer_auth(token)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn cancel(c: &reqwest::Client, base: &str, event: i64, token: &str) -> (u16, Value) {
    let r = c
        .delete(format!("{base}/api/v1/events/{event}/registrations"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// (id, user_id, status, waitlist_seq, promoted) for every registration, in id order.
async fn rows(app: &TestApp, event: i64) -> Vec<(i64, i64, String, Option<i64>, bool)> {
    sqlx::query("SELECT id, user_id, status, waitlist_seq, promoted_at FROM registrations WHERE event_id = $1 ORDER BY id")
        .bind(event)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("id"), r.get("user_id"), r.get("status"), r.get("waitlist_seq"), r.get::<Option<i64>, _>("promoted_at").is_some()))
        .collect()
}

/// Fires one request per person at once, alternating between the servers.
async fn fire_all(servers: &Servers, event: i64, who: &[(i64, String)]) -> Vec<(i64, u16, Value)> {
    let c = client();
    let futs = who.iter().enumerate().map(|(i, (uid, token))| {
        let c = c.clone();
        let base = servers.urls[i % servers.urls.len()].clone();
        let token = token.clone();
        let uid = *uid;
        async move {
            let (s, v) = register(&c, &base, event, &token).await;
            (uid, s, v)
        }
    });
    // Spawned, so the requests really are in flight together on every worker thread.
    let handles: Vec<_> = futs.map(tokio::spawn).collect();
    join_all(handles)
        .await
        .into_iter()
        .map(|h| h.unwrap())
        .collect()
}

const PEOPLE: usize = 200;
const SEATS: i64 = 30;
const ROUNDS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_people_race_for_thirty_seats_and_none_is_oversold() {
    let app = TestApp::spawn_with(|c| c.run_worker = false).await;
    let servers = servers(&app).await;
    let who = people(&app, "racer", PEOPLE).await;
    let started = Instant::now();
    let mut figures = Vec::new();
    for round in 0..ROUNDS {
        let event = open_event(&app, &format!("race-{round}"), SEATS).await;
        let t0 = Instant::now();
        let answers = fire_all(&servers, event, &who).await;
        let took = t0.elapsed();
        let failed: Vec<_> = answers.iter().filter(|(_, s, _)| *s != 201).collect();
        assert!(
            failed.is_empty(),
            "round {round}: {} requests did not get 201, e.g. {:?}",
            failed.len(),
            failed.first()
        );
        let confirmed = answers
            .iter()
            .filter(|(_, _, v)| v["status"] == "confirmed")
            .count();
        assert_eq!(
            confirmed as i64, SEATS,
            "round {round}: confirmed places in the answers"
        );
        let mut positions: Vec<i64> = answers
            .iter()
            .filter(|(_, _, v)| v["status"] == "waitlisted")
            .map(|(_, _, v)| v["waitlist_position"].as_i64().unwrap())
            .collect();
        positions.sort_unstable();
        assert_eq!(
            positions,
            (1..=(PEOPLE as i64 - SEATS)).collect::<Vec<_>>(),
            "round {round}: waitlist positions are 1..170, each once"
        );

        let stored = rows(&app, event).await;
        assert_eq!(
            stored.len(),
            PEOPLE,
            "round {round}: one registration per person"
        );
        let users: HashSet<i64> = stored.iter().map(|r| r.1).collect();
        assert_eq!(users.len(), PEOPLE, "round {round}: nobody twice");
        // In the order the server took them: the first 30 confirmed, then the waitlist
        // numbered 1, 2, 3… with no gap.
        for (i, r) in stored.iter().enumerate() {
            if (i as i64) < SEATS {
                assert_eq!(
                    (r.2.as_str(), r.3),
                    ("confirmed", None),
                    "round {round}: registration #{i}"
                );
            } else {
                assert_eq!(
                    (r.2.as_str(), r.3),
                    ("waitlisted", Some(i as i64 - SEATS + 1)),
                    "round {round}: registration #{i}"
                );
            }
        }
        // Each person was told the place the database holds for them.
        for (uid, _, v) in &answers {
            let r = stored.iter().find(|r| r.1 == *uid).unwrap();
            assert_eq!(v["registration_id"].as_i64(), Some(r.0));
            assert_eq!(
                v["waitlist_position"].as_i64(),
                r.3,
                "round {round}: user {uid}"
            );
        }
        // One notice queued per place taken, no more.
        let notices = count(
            &app.state.db,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'event_notice'",
        )
        .await;
        assert_eq!(
            notices,
            (PEOPLE * (round + 1)) as i64,
            "round {round}: notices queued"
        );
        figures.push((confirmed, took));
    }
    let (engine, procs) = if is_postgres() {
        ("PostgreSQL", 2)
    } else {
        ("SQLite", 1)
    };
    eprintln!(
        "race on {engine} with {procs} server(s): {ROUNDS} rounds of {PEOPLE} at {SEATS} seats, confirmed per round {:?}, slowest round {:?}, total {:?}",
        figures.iter().map(|f| f.0).collect::<Vec<_>>(),
        figures.iter().map(|f| f.1).max().unwrap(),
        started.elapsed()
    );
    drop(servers);
    app.stop().await;
}

/// The same race with the lock switched off must oversell in at least one of a few rounds;
/// otherwise the test above could not tell a broken server from a working one.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_race_test_catches_an_unprotected_server() {
    let app = TestApp::spawn_with(|c| {
        c.run_worker = false;
        c.unprotected_registration_for_tests = true;
    })
    .await;
    let servers = Servers {
        urls: vec![app.url.clone()],
        children: Vec::new(),
        _dirs: Vec::new(),
    };
    let who = people(&app, "control", PEOPLE).await;
    let mut confirmed_per_round = Vec::new();
    for round in 0..5 {
        let event = open_event(&app, &format!("control-{round}"), SEATS).await;
        fire_all(&servers, event, &who).await;
        let confirmed = count(&app.state.db, &format!("SELECT COUNT(*) FROM registrations WHERE event_id = {event} AND status = 'confirmed'")).await;
        confirmed_per_round.push(confirmed);
        if confirmed > SEATS {
            break;
        }
    }
    eprintln!("control run without the lock: confirmed per round {confirmed_per_round:?}");
    assert!(
        confirmed_per_round.iter().any(|&n| n > SEATS),
        "the unprotected server never oversold: {confirmed_per_round:?}"
    );
    app.stop().await;
}

/// Ten confirmed people give up their places while a hundred newcomers register. Every
/// freed seat goes to the person waiting longest; newcomers queue behind those already
/// waiting; the event ends exactly full.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cancellations_racing_new_registrations_keep_the_event_full_and_the_queue_fair() {
    let app = TestApp::spawn_with(|c| c.run_worker = false).await;
    let servers = servers(&app).await;
    let early = people(&app, "early", 35).await;
    let late = people(&app, "late", 100).await;
    let started = Instant::now();
    let mut figures = Vec::new();
    for round in 0..3 {
        let event = open_event(&app, &format!("swap-{round}"), SEATS).await;
        // 30 confirmed and 5 waiting, in that order.
        for (uid, _) in &early {
            tta::events::seats::register(&app.state, event, *uid, &serde_json::json!({}))
                .await
                .unwrap();
        }
        let before = rows(&app, event).await;
        let waiting_before: Vec<i64> = before
            .iter()
            .filter(|r| r.2 == "waitlisted")
            .map(|r| r.1)
            .collect();
        assert_eq!(waiting_before.len(), 5);

        let c = client();
        let mut handles = Vec::new();
        for i in 0..late.len() {
            if i % 10 == 0 {
                let (_, token) = early[i / 10].clone();
                let (c, base) = (c.clone(), servers.urls[i % servers.urls.len()].clone());
                handles.push(tokio::spawn(async move {
                    ("cancel", cancel(&c, &base, event, &token).await)
                }));
            }
            let (_, token) = late[i].clone();
            let (c, base) = (
                c.clone(),
                servers.urls[(i + 1) % servers.urls.len()].clone(),
            );
            handles.push(tokio::spawn(async move {
                ("register", register(&c, &base, event, &token).await)
            }));
        }
        let answers: Vec<_> = join_all(handles)
            .await
            .into_iter()
            .map(|h| h.unwrap())
            .collect();
        let bad: Vec<_> = answers
            .iter()
            .filter(|(k, (s, _))| (*k == "cancel" && *s != 200) || (*k == "register" && *s != 201))
            .collect();
        assert!(bad.is_empty(), "round {round}: {bad:?}");
        let promoted_told: i64 = answers
            .iter()
            .filter(|(k, _)| *k == "cancel")
            .map(|(_, (_, v))| v["promoted"].as_i64().unwrap())
            .sum();

        let after = rows(&app, event).await;
        let confirmed = after.iter().filter(|r| r.2 == "confirmed").count() as i64;
        assert_eq!(confirmed, SEATS, "round {round}: exactly full");
        assert_eq!(after.iter().filter(|r| r.2 == "cancelled").count(), 10);
        let promotions = after.iter().filter(|r| r.4).count() as i64;
        assert_eq!(
            promotions, promoted_told,
            "round {round}: promotions reported to the people cancelling"
        );
        let late_ids: HashSet<i64> = late.iter().map(|p| p.0).collect();
        let newcomers: Vec<_> = after.iter().filter(|r| late_ids.contains(&r.1)).collect();
        let direct = newcomers
            .iter()
            .filter(|r| r.2 == "confirmed" && !r.4)
            .count() as i64;
        assert_eq!(
            promotions + direct,
            10,
            "round {round}: every freed seat taken once"
        );
        // Those already waiting were served first.
        for uid in &waiting_before {
            let r = after.iter().find(|r| r.1 == *uid).unwrap();
            assert!(
                r.2 == "confirmed" && r.4,
                "round {round}: user {uid} was waiting before and must be promoted"
            );
        }
        // Among newcomers, places went in arrival order: everyone confirmed arrived before
        // everyone still waiting, and the waitlist keeps arrival order without gaps.
        let first_waiting = newcomers
            .iter()
            .position(|r| r.2 == "waitlisted")
            .unwrap_or(newcomers.len());
        assert!(
            newcomers[..first_waiting]
                .iter()
                .all(|r| r.2 == "confirmed"),
            "round {round}: a newcomer jumped the queue"
        );
        let seqs: Vec<i64> = newcomers[first_waiting..]
            .iter()
            .map(|r| r.3.expect("waiting"))
            .collect();
        assert!(newcomers[first_waiting..]
            .iter()
            .all(|r| r.2 == "waitlisted"));
        assert!(
            seqs.windows(2).all(|w| w[1] > w[0]),
            "round {round}: waitlist out of arrival order"
        );
        assert_eq!(seqs.len(), 95, "round {round}: the other newcomers wait");
        figures.push((promotions, direct));
    }
    eprintln!(
        "cancel race on {}: 3 rounds of 10 cancellations and 100 registrations at {SEATS} seats, (promotions, direct confirmations) per round {figures:?}, total {:?}",
        if is_postgres() { "PostgreSQL with 2 servers" } else { "SQLite" },
        started.elapsed()
    );
    drop(servers);
    app.stop().await;
}
