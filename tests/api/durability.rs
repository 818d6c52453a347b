//! Durability under SIGKILL: the real `tta serve` takes registrations for live trainings
//! (over the API) and course answers (through the pages) from many clients at once, and
//! is killed with SIGKILL at random moments (a seeded choice; the seed is printed, and
//! `DURABILITY_SEED` replays one), then started again on the same database. Every write a
//! client saw acknowledged must be there afterwards, once: no lost or doubled place, no
//! doubled notice, seat counts that agree with the registrations, the last answer given
//! to each check kept.

use std::{
    collections::HashMap,
    path::PathBuf,
    process::Stdio,
    sync::Mutex,
    time::{Duration, Instant},
};

use futures::future::join_all;
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde_json::Value;
use sqlx::Row;
use tta::accounts::model::Role;

use crate::{
    courses::support::{checks, course, import_shipped, lessons, right, wrong, Learner, SLUG},
    events_race::{open_event, people},
    helpers::*,
};

const EVENTS: usize = 4;
const SEATS: i64 = 12;
const REGISTRANTS: usize = 40;
const LEARNERS: usize = 6;
const KILLS: usize = 4;

/// One `tta serve` process on a fixed port, restarted on the same database and folder.
struct Server {
    child: Option<tokio::process::Child>,
    port: u16,
    dir: PathBuf,
    database_url: String,
    starts: usize,
}

impl Server {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the server and waits (with a deadline) until /healthz answers.
    async fn start(&mut self) {
        self.starts += 1;
        let log =
            std::fs::File::create(self.dir.join(format!("serve-{}.log", self.starts))).unwrap();
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_tta"));
        for (k, _) in std::env::vars() {
            if k.starts_with("TTA_") {
                cmd.env_remove(k);
            }
        }
        let child = cmd
            .arg("serve")
            .arg("--data-dir")
            .arg(&self.dir)
            .arg("--database-url")
            .arg(&self.database_url)
            .arg("--bind")
            .arg(format!("127.0.0.1:{}", self.port))
            .env("TTA_RUN_WORKER", "false")
            .env("TTA_LOG_LEVEL", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let c = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if c.get(format!("{}/healthz", self.url()))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!(
                    "tta serve exited ({status}) at start {}: {}",
                    self.starts,
                    self.log(self.starts)
                );
            }
            assert!(
                Instant::now() < deadline,
                "tta serve did not answer /healthz in time"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn log(&self, n: usize) -> String {
        std::fs::read_to_string(self.dir.join(format!("serve-{n}.log"))).unwrap_or_default()
    }

    /// SIGKILL: no shutdown code runs, nothing is flushed by tta itself.
    async fn kill(&mut self) {
        let mut child = self.child.take().unwrap();
        child.start_kill().unwrap();
        child.wait().await.unwrap();
    }
}

/// Waits for the server to be back after a failed request.
async fn back_up(
    up: &tokio::sync::watch::Receiver<bool>,
    tries: &mut usize,
    what: &str,
    err: impl std::fmt::Display,
) {
    *tries += 1;
    assert!(
        *tries < 200,
        "{what}: still failing after {tries} tries: {err}"
    );
    let mut up = up.clone();
    tokio::time::timeout(Duration::from_secs(60), up.wait_for(|u| *u))
        .await
        .expect("the server came back")
        .unwrap();
}

/// A registration the client saw acknowledged: (registration id, status).
type Acked = HashMap<(i64, i64), (i64, String)>;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_of_the_server() {
    let seed: u64 = std::env::var("DURABILITY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("durability: seed {seed} (DURABILITY_SEED={seed} replays these kill points)");
    let mut rng = StdRng::seed_from_u64(seed);

    let app = TestApp::spawn_with(|c| c.run_worker = false).await;
    import_shipped(&app).await;
    let course = course(&app, SLUG).await;
    let mut events = Vec::new();
    for i in 0..EVENTS {
        events.push(open_event(&app, &format!("durable-{i}"), SEATS).await);
    }
    let who = people(&app, "durable", REGISTRANTS).await;
    // Learners enrol and take the pre-test on the test's own server; the load goes to the
    // separate process (sessions and their tokens live in the shared database).
    let mut learners = Vec::new();
    for i in 0..LEARNERS {
        let l = Learner::new(&app, &format!("steady{i}@example.org"), Role::Learner).await;
        l.enroll(&app, SLUG).await;
        l.take_test(&app, &course, "pre", 4).await;
        learners.push(l);
    }
    let mut all_checks = Vec::new();
    for l in lessons(&app, &course).await {
        for q in checks(&app, l.id).await {
            all_checks.push((l.slug.clone(), q));
        }
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let work = tempfile_dir::TempDir::new();
    let mut server = Server {
        child: None,
        port,
        dir: work.path().to_path_buf(),
        database_url: app.db.url.clone(),
        starts: 0,
    };
    server.start().await;
    let base = server.url();

    let (up_tx, up) = tokio::sync::watch::channel(true);
    let (acks_tx, mut acks) = tokio::sync::watch::channel(0usize);
    let ack = || acks_tx.send_modify(|n| *n += 1);
    let acked: Mutex<Acked> = Mutex::new(HashMap::new());
    // (learner, question) -> the choices last acknowledged
    let answered: Mutex<HashMap<(i64, i64), String>> = Mutex::new(HashMap::new());
    let retries = Mutex::new(0usize);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();

    let registrants = join_all(who.iter().enumerate().map(|(i, (uid, token))| {
        let (http, events, base, up, ack, acked, retries) =
            (&http, &events, &base, &up, &ack, &acked, &retries);
        async move {
            for k in 0..events.len() {
                let e = events[(i + k) % events.len()];
                let mut tries = 0;
                loop {
                    let sent = http
                        .post(format!("{base}/api/v1/events/{e}/registrations"))
                        .bearer_auth(token)
                        .json(&serde_json::json!({}))
                        .send()
                        .await;
                    let r = match sent {
                        Ok(r) => r,
                        Err(err) => {
                            back_up(up, &mut tries, "registering", err).await;
                            *retries.lock().unwrap() += 1;
                            continue;
                        }
                    };
                    let status = r.status().as_u16();
                    let v: Value = match r.json().await {
                        Ok(v) => v,
                        Err(err) => {
                            back_up(up, &mut tries, "reading a registration", err).await;
                            continue;
                        }
                    };
                    // 201 for a new place; 200 when a retry finds the place an earlier,
                    // unanswered attempt already took.
                    assert!(status == 201 || status == 200, "registering: {status} {v}");
                    let place = (
                        v["registration_id"].as_i64().unwrap(),
                        v["status"].as_str().unwrap().to_string(),
                    );
                    let before = acked.lock().unwrap().insert((e, *uid), place.clone());
                    assert!(before.is_none(), "acknowledged twice: {place:?}");
                    ack();
                    break;
                }
            }
        }
    }));
    let answerers = join_all(learners.iter().map(|l| {
        let (http_base, up, ack, answered, all_checks, retries) =
            (&base, &up, &ack, &answered, &all_checks, &retries);
        async move {
            // Each check answered wrongly, then rightly: the second answer must be the one kept.
            for (lesson, q) in all_checks {
                for chosen in [wrong(q), right(q)] {
                    let values: Vec<String> = chosen.iter().map(|c| c.to_string()).collect();
                    let mut fields: Vec<(&str, &str)> = vec![("_csrf", &l.csrf)];
                    fields.extend(values.iter().map(|v| ("choice", v.as_str())));
                    let path = format!(
                        "{http_base}/courses/{SLUG}/lessons/{lesson}/checks/{}",
                        q.id
                    );
                    let mut tries = 0;
                    loop {
                        match l.c.post(&path).form(&fields).send().await {
                            Ok(r) => {
                                assert_eq!(
                                    r.status(),
                                    303,
                                    "answering {path}: {}",
                                    r.text().await.unwrap_or_default()
                                );
                                assert!(
                                    location(&r).contains(&format!("#q-{}", q.id)),
                                    "answering {path}: {}",
                                    location(&r)
                                );
                                answered
                                    .lock()
                                    .unwrap()
                                    .insert((l.id, q.id), values.join(","));
                                ack();
                                break;
                            }
                            Err(err) => {
                                back_up(up, &mut tries, "answering", err).await;
                                *retries.lock().unwrap() += 1;
                            }
                        }
                    }
                }
            }
        }
    }));
    let total_writes = REGISTRANTS * EVENTS + LEARNERS * all_checks.len() * 2;
    let killer = async {
        let mut points = Vec::new();
        for _ in 0..KILLS {
            let now = *acks.borrow();
            // A random number of acknowledged writes from now, while there is load left.
            let room = (total_writes.saturating_sub(now)) / 3;
            let at = now + rng.gen_range(1..room.max(2));
            tokio::time::timeout(Duration::from_secs(60), acks.wait_for(|n| *n >= at))
                .await
                .expect("writes kept coming")
                .unwrap();
            let at_kill = *acks.borrow();
            up_tx.send_replace(false);
            server.kill().await;
            server.start().await;
            up_tx.send_replace(true);
            points.push(at_kill);
        }
        points
    };
    let started = Instant::now();
    let ((), (), points) = tokio::join!(
        async {
            registrants.await;
        },
        async {
            answerers.await;
        },
        killer
    );
    let took = started.elapsed();

    // Every acknowledged place is there, as acknowledged; nobody holds two; no more
    // confirmed than seats, the rest waiting in an unbroken line.
    let db = &app.state.db;
    let acked = acked.into_inner().unwrap();
    assert_eq!(
        acked.len(),
        REGISTRANTS * EVENTS,
        "every registration was acknowledged in the end"
    );
    let stored: HashMap<(i64, i64), (i64, String)> =
        sqlx::query("SELECT id, event_id, user_id, status FROM registrations")
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .filter(|r| events.contains(&r.get("event_id")))
            .map(|r| {
                (
                    (r.get("event_id"), r.get("user_id")),
                    (r.get("id"), r.get("status")),
                )
            })
            .collect();
    assert_eq!(
        stored.len(),
        acked.len(),
        "one registration per person per training, no more"
    );
    for (k, place) in &acked {
        assert_eq!(stored.get(k), Some(place), "acknowledged place {k:?}");
    }
    let c = reqwest::Client::new();
    for e in &events {
        let confirmed = count(
            db,
            &format!(
                "SELECT COUNT(*) FROM registrations WHERE event_id = {e} AND status = 'confirmed'"
            ),
        )
        .await;
        assert_eq!(confirmed, SEATS, "event {e}: full, never oversold");
        let seqs: Vec<i64> = sqlx::query(&format!("SELECT waitlist_seq FROM registrations WHERE event_id = {e} AND status = 'waitlisted' ORDER BY waitlist_seq"))
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("waitlist_seq"))
            .collect();
        assert_eq!(
            seqs,
            (1..=(REGISTRANTS as i64 - SEATS)).collect::<Vec<_>>(),
            "event {e}: the waitlist, each place once"
        );
        let v: Value = c
            .get(format!("{}/api/v1/events/{e}", server.url()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (v["seats_left"].as_i64(), v["waitlist_count"].as_i64()),
            (Some(0), Some(REGISTRANTS as i64 - SEATS)),
            "event {e} as the API tells it"
        );
    }
    server.kill().await;
    // One notice per place: a retried request never queued a second.
    let mut notices: HashMap<i64, usize> = HashMap::new();
    for r in sqlx::query("SELECT payload FROM jobs WHERE kind = 'event_notice'")
        .fetch_all(&db.pool)
        .await
        .unwrap()
    {
        let v: Value = serde_json::from_str(&r.get::<String, _>("payload")).unwrap();
        *notices
            .entry(v["registration_id"].as_i64().unwrap())
            .or_default() += 1;
    }
    for (id, _) in acked.values() {
        assert_eq!(notices.get(id), Some(&1), "notices for registration {id}");
    }
    // Each check holds the last answer acknowledged, once.
    let answered = answered.into_inner().unwrap();
    assert_eq!(answered.len(), LEARNERS * all_checks.len());
    for l in &learners {
        let e = l.enrollment_id(&app, &course).await;
        let rows: Vec<(i64, String)> =
            sqlx::query("SELECT question_id, choices FROM check_answers WHERE enrollment_id = $1")
                .bind(e)
                .fetch_all(&db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| (r.get("question_id"), r.get("choices")))
                .collect();
        assert_eq!(
            rows.len(),
            all_checks.len(),
            "learner {}: one answer per check",
            l.id
        );
        for (qid, choices) in rows {
            assert_eq!(
                Some(&choices),
                answered.get(&(l.id, qid)),
                "learner {} check {qid}",
                l.id
            );
        }
    }
    eprintln!(
        "durability on {}: {} writes acknowledged by {} clients over {} starts, SIGKILL after {:?} acknowledged writes, {} requests retried, {:?}",
        if is_postgres() { "PostgreSQL" } else { "SQLite" },
        total_writes,
        REGISTRANTS + LEARNERS,
        server.starts,
        points,
        retries.into_inner().unwrap(),
        took
    );
    app.stop().await;
}
