//! Backups that restore. The drill: demo content, several clients registering for
//! trainings and working through a course over HTTP, `tta backup` (the real binary) taken
//! in the middle of that, then `tta restore` into a new database and a new data folder,
//! compared with the source table by table and row by row, file by file; restored
//! certificates still verify. Then the refusals: a damaged, cut or foreign archive (exit
//! 2, nothing written) and a database that already holds data.
//!
//! Every test runs on SQLite and, with `TTA_TEST_DATABASE_URL`, on PostgreSQL.

use std::{
    collections::{BTreeMap, HashSet},
    path::Path,
    sync::atomic::{AtomicBool, Ordering},
    time::{Duration, Instant},
};

use futures::future::join_all;
use sqlx::Row;
use tta::{
    accounts::model::Role,
    app::Application,
    db::{Backend, Db},
    library::storage::Storage,
};

use crate::{
    courses::support::{Learner, SLUG},
    events_race::{open_event, people},
    helpers::*,
};

/// Columns this test's load changes in place (touch times and progress), which may
/// differ between the snapshot and the source after the load; every other column of
/// every row must be identical.
const CHANGED_IN_PLACE: &[(&str, &[&str])] = &[
    ("sessions", &["last_seen_at"]),
    ("api_tokens", &["last_used_at"]),
    (
        "enrollments",
        &["last_lesson_id", "last_active_at", "completed_at"],
    ),
    ("test_attempts", &["submitted_at", "score", "passed"]),
    ("rate_limits", &["count"]),
];

type Rows = Vec<Vec<Option<String>>>;

async fn columns(db: &Db, table: &str) -> Vec<String> {
    let sql = match db.backend {
        Backend::Sqlite => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
        Backend::Postgres => {
            "SELECT CAST(column_name AS TEXT) AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
        }
    };
    sqlx::query(sql)
        .bind(table)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("name"))
        .collect()
}

/// Every row of a table as text (SQLite's `quote`, so blobs and numbers read back too),
/// leaving out the columns named in `skip`, sorted.
async fn rows(db: &Db, table: &str, skip: &[&str]) -> Rows {
    let cols: Vec<String> = columns(db, table)
        .await
        .into_iter()
        .filter(|c| !skip.contains(&c.as_str()))
        .collect();
    let list = cols
        .iter()
        .map(|c| match db.backend {
            Backend::Sqlite => format!("quote({})", tta::backup::quote_ident(c)),
            Backend::Postgres => format!("CAST({} AS TEXT)", tta::backup::quote_ident(c)),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut out: Rows = sqlx::query(&format!(
        "SELECT {list} FROM {}",
        tta::backup::quote_ident(table)
    ))
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (0..cols.len())
            .map(|i| r.get::<Option<String>, _>(i))
            .collect()
    })
    .collect();
    out.sort();
    out
}

async fn tables(db: &Db) -> BTreeMap<String, i64> {
    let mut c = db.pool.acquire().await.unwrap();
    tta::backup::table_counts(&mut c, db.backend).await.unwrap()
}

/// Foreign keys hold everywhere in the restored database.
async fn referential_check(restored: &Db, source: &Db) {
    match restored.backend {
        Backend::Sqlite => {
            let ok: String = sqlx::query("PRAGMA integrity_check")
                .fetch_one(&restored.pool)
                .await
                .unwrap()
                .get(0);
            assert_eq!(ok, "ok");
            let broken = sqlx::query("PRAGMA foreign_key_check")
                .fetch_all(&restored.pool)
                .await
                .unwrap()
                .len();
            assert_eq!(broken, 0, "rows pointing at rows that are not there");
        }
        Backend::Postgres => {
            // The dump adds each foreign key after loading the rows, which checks them all;
            // the same validated keys must be there as in the source.
            let sql = "SELECT CAST(conname AS TEXT) AS n FROM pg_constraint WHERE contype = 'f' AND convalidated AND connamespace = CAST(current_schema() AS regnamespace) ORDER BY conname";
            let names = |db: &Db| {
                let pool = db.pool.clone();
                async move {
                    sqlx::query(sql)
                        .fetch_all(&pool)
                        .await
                        .unwrap()
                        .iter()
                        .map(|r| r.get::<String, _>("n"))
                        .collect::<Vec<_>>()
                }
            };
            let (r, s) = (names(restored).await, names(source).await);
            assert!(!r.is_empty());
            assert_eq!(
                r, s,
                "the restored database has the source's foreign keys, all validated"
            );
        }
    }
}

/// The snapshot is of one instant: registering writes the place and its notice in one
/// transaction, so the restored database has exactly one notice per place, and no
/// training holds more confirmed places than seats.
async fn consistent_moment(db: &Db, events: &[i64]) {
    for e in events {
        let ids: Vec<i64> = sqlx::query(&format!(
            "SELECT id FROM registrations WHERE event_id = {e}"
        ))
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("id"))
        .collect();
        let payloads: Vec<String> =
            sqlx::query("SELECT payload FROM jobs WHERE kind = 'event_notice'")
                .fetch_all(&db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get("payload"))
                .collect();
        for id in &ids {
            let n = payloads
                .iter()
                .filter(|p| {
                    serde_json::from_str::<serde_json::Value>(p).unwrap()["registration_id"]
                        .as_i64()
                        == Some(*id)
                })
                .count();
            assert_eq!(n, 1, "registration {id} of event {e} has {n} notices");
        }
        let over = count(
            db,
            &format!(
                "SELECT COUNT(*) FROM registrations WHERE event_id = {e} AND status = 'confirmed'"
            ),
        )
        .await;
        let cap = count(db, &format!("SELECT capacity FROM events WHERE id = {e}")).await;
        assert!(over <= cap, "event {e}: {over} confirmed for {cap} seats");
    }
}

async fn stored(storage: &Storage) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for k in storage.keys().await.unwrap() {
        out.insert(k.clone(), storage.get(&k).await.unwrap().to_vec());
    }
    out
}

const EVENTS: usize = 12;
const REGISTRANTS: usize = 24;
const LEARNERS: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_under_load_restores_row_for_row_into_a_new_database() {
    let app = TestApp::spawn_with(|c| c.run_worker = false).await;
    tta::demo::load(&app.state).await.unwrap();
    let mut events = Vec::new();
    for i in 0..EVENTS {
        events.push(open_event(&app, &format!("drill-{i}"), 10).await);
    }
    let who = people(&app, "drill", REGISTRANTS).await;
    let mut learners = Vec::new();
    for i in 0..LEARNERS {
        learners.push(Learner::new(&app, &format!("learner{i}@example.org"), Role::Learner).await);
    }

    let (acks, mut seen) = tokio::sync::watch::channel(0usize);
    let stop = AtomicBool::new(false);
    let ack = || acks.send_modify(|n| *n += 1);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    // Registrations over the API, each person working through the trainings in turn.
    let registrants = join_all(who.iter().enumerate().map(|(i, (_, token))| {
        let (http, events, stop, ack, app) = (&http, &events, &stop, &ack, &app);
        async move {
            for k in 0..events.len() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let e = events[(i + k) % events.len()];
                let r = http
                    .post(app.at(&format!("/api/v1/events/{e}/registrations")))
                    .bearer_auth(token)
                    .json(&serde_json::json!({}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
                ack();
            }
        }
    }));
    // Learners taking the whole course through its pages: pre-test, lessons and checks,
    // post-test and a certificate.
    let courses = join_all(learners.iter().map(|l| {
        let (app, ack) = (&app, &ack);
        async move {
            l.complete(app, SLUG).await;
            ack();
        }
    }));
    let controller = async {
        let deadline = Duration::from_secs(120);
        tokio::time::timeout(deadline, seen.wait_for(|n| *n >= 40))
            .await
            .expect("the load got going")
            .unwrap();
        let before = tables(&app.state.db).await;
        let acked_before = *seen.borrow();
        let t0 = Instant::now();
        let out = run_tta(&app, &["backup", "--out", "drill.zip"]).await;
        let took = t0.elapsed();
        assert_eq!(out.code, Some(0), "{out}");
        let acked_during = *seen.borrow() - acked_before;
        // Writes go on after the snapshot, so the restore must leave them out cleanly.
        let target = (*seen.borrow() + 30).min(EVENTS * REGISTRANTS + LEARNERS);
        let _ = tokio::time::timeout(deadline, seen.wait_for(|n| *n >= target)).await;
        stop.store(true, Ordering::Relaxed);
        (before, out, took, acked_during)
    };
    let ((), _, (before, out, backup_took, acked_during)) = tokio::join!(
        async {
            registrants.await;
        },
        courses,
        controller
    );
    eprintln!("{}", out.stdout);

    // Restore into a new database and a new data folder, with the real binary.
    let dir = tempfile_dir::TempDir::new();
    let target = TestDb::new(dir.path()).await;
    let archive = app.dir.path().join("drill.zip");
    let t0 = Instant::now();
    let out = run_tta_on(
        dir.path(),
        &target.url,
        &["restore", archive.to_str().unwrap()],
    )
    .await;
    let restore_took = t0.elapsed();
    assert_eq!(out.code, Some(0), "{out}");
    eprintln!("{}", out.stdout);
    assert!(
        out.stdout.contains("every count matches") && out.stdout.contains("every SHA-256 matches"),
        "{out}"
    );
    assert!(
        out.stdout.contains("certificate signing key: restored"),
        "{out}"
    );

    let source = &app.state.db;
    let restored = Db::connect(&target.url).await.unwrap();
    // (a) Nothing points at a row that is not there, and the moment is one moment.
    referential_check(&restored, source).await;
    consistent_moment(&restored, &events).await;
    // The same tables; (c) at least the rows there were when the backup started.
    let (now, got) = (tables(source).await, tables(&restored).await);
    assert_eq!(
        now.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "the same tables"
    );
    for (t, n) in &before {
        assert!(
            got[t] >= *n,
            "{t}: {} rows restored, {n} when the backup started",
            got[t]
        );
    }
    // (b) Every restored row is in the source, identical but for the touch times above.
    let mut compared = 0;
    for t in got.keys() {
        let skip = CHANGED_IN_PLACE
            .iter()
            .find(|(n, _)| n == t)
            .map(|(_, c)| *c)
            .unwrap_or(&[]);
        let (r, s) = (rows(&restored, t, skip).await, rows(source, t, skip).await);
        let s: HashSet<&Vec<Option<String>>> = s.iter().collect();
        let extra: Vec<_> = r.iter().filter(|row| !s.contains(row)).collect();
        assert!(
            extra.is_empty(),
            "{t}: {} restored row(s) are not in the source, e.g. {:?}",
            extra.len(),
            extra.first()
        );
        compared += r.len();
    }
    let written_after: i64 = now.values().sum::<i64>() - got.values().sum::<i64>();
    // (d) Every stored file, byte for byte.
    let restored_storage = Storage::from_config(&test_config(dir.path(), &target.url)).unwrap();
    let (src_files, dst_files) = (
        stored(&app.state.storage).await,
        stored(&restored_storage).await,
    );
    assert!(!src_files.is_empty(), "the demo library stores files");
    assert_eq!(
        src_files, dst_files,
        "every stored file comes back byte for byte"
    );
    let file_bytes: usize = dst_files.values().map(Vec::len).sum();
    // Each library file matches the checksum its row records.
    for r in sqlx::query("SELECT storage_key, sha256 FROM resource_files")
        .fetch_all(&restored.pool)
        .await
        .unwrap()
    {
        let key: String = r.get("storage_key");
        assert_eq!(
            hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&dst_files[&key])),
            r.get::<String, _>("sha256"),
            "{key}"
        );
    }

    // The restored site verifies the certificates issued before the backup.
    let codes: Vec<String> = sqlx::query("SELECT code FROM certificates WHERE revoked_at IS NULL")
        .fetch_all(&restored.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("code"))
        .collect();
    assert!(
        !codes.is_empty(),
        "the demo and the learners earned certificates"
    );
    restored.pool.close().await;
    let site = Application::build(test_config(dir.path(), &target.url))
        .await
        .unwrap();
    let base = format!("http://{}", site.addr);
    let (tx, rx) = tokio::sync::watch::channel(false);
    let server = tokio::spawn(async move { site.run_until_stopped(rx).await });
    for code in &codes {
        let v: serde_json::Value = reqwest::get(format!("{base}/api/v1/certificates/{code}"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            v["status"], "valid",
            "certificate {code} after the restore: {v}"
        );
    }
    let _ = tx.send(true);
    let _ = server.await;

    eprintln!(
        "restore drill on {}: {} tables, {} rows restored ({} rows compared, {} written after the snapshot), {} files ({} bytes), {} certificates verified; {} writes acknowledged while the backup ran; backup {:?}, restore {:?}",
        if is_postgres() { "PostgreSQL" } else { "SQLite" },
        got.len(),
        got.values().sum::<i64>(),
        compared,
        written_after,
        dst_files.len(),
        file_bytes,
        codes.len(),
        acked_during,
        backup_took,
        restore_took
    );
    drop(target);
    app.stop().await;
}

/// Damages `archive` in one of several ways and returns the bad copy.
fn spoiled(archive: &Path, how: &str) -> std::path::PathBuf {
    let mut bytes = std::fs::read(archive).unwrap();
    let to = archive.with_file_name(format!("{how}.zip"));
    match how {
        "flipped" => {
            // Inside the entries' data, well before the directory at the end.
            let at = bytes.len() / 3;
            for b in &mut bytes[at..at + 16] {
                *b ^= 0x5a;
            }
        }
        "cut" => bytes.truncate(bytes.len() / 2),
        "foreign" => {
            use std::io::Write;
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            z.start_file("README.txt", zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(b"holiday photos").unwrap();
            bytes = z.finish().unwrap().into_inner();
        }
        "text" => bytes = b"this is not an archive\n".to_vec(),
        _ => unreachable!(),
    }
    std::fs::write(&to, bytes).unwrap();
    to
}

async fn is_empty(dir: &Path, url: &str) -> bool {
    if !is_postgres() && !dir.join("tta.db").exists() {
        return !dir.join("files").exists()
            || std::fs::read_dir(dir.join("files"))
                .unwrap()
                .next()
                .is_none();
    }
    let db = Db::connect(url).await.unwrap();
    let n = tables(&db).await.len();
    db.pool.close().await;
    let files = Storage::from_config(&test_config(dir, url))
        .unwrap()
        .keys()
        .await
        .unwrap();
    n == 0 && files.is_empty()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_or_foreign_archive_or_a_database_in_use_is_refused() {
    let app = TestApp::spawn_with(|c| c.run_worker = false).await;
    app.user("kept@example.org", Role::Staff).await;
    // A file large enough that a third of the way into the archive is inside an entry.
    let pdf: Vec<u8> = (0..200_000u32)
        .flat_map(|i| (i.wrapping_mul(2_654_435_761)).to_le_bytes())
        .collect();
    app.state
        .storage
        .put("resources/kept.pdf", pdf.clone())
        .await
        .unwrap();
    let out = run_tta(&app, &["backup", "--out", "ok.zip"]).await;
    assert_eq!(out.code, Some(0), "{out}");
    let good = app.dir.path().join("ok.zip");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&good).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "the archive holds secrets: its owner alone reads it"
        );
    }
    // A second backup never overwrites the first.
    let again = run_tta(&app, &["backup", "--out", "ok.zip"]).await;
    assert_eq!(again.code, Some(1), "{again}");
    assert!(again.stderr.contains("already exists"), "{again}");

    let dir = tempfile_dir::TempDir::new();
    let target = TestDb::new(dir.path()).await;
    for (how, says) in [
        ("flipped", "damaged"),
        ("cut", "damaged"),
        ("foreign", "not a tta backup"),
        ("text", "not a tta backup"),
    ] {
        let bad = spoiled(&good, how);
        let out = run_tta_on(dir.path(), &target.url, &["restore", bad.to_str().unwrap()]).await;
        assert_eq!(out.code, Some(2), "{how}: {out}");
        assert!(out.stderr.contains(says), "{how}: {out}");
        assert!(!out.stderr.contains("panicked"), "{how}: {out}");
        assert!(
            is_empty(dir.path(), &target.url).await,
            "{how}: nothing is written"
        );
    }

    // The database the backup came from holds data: refused, and left as it was.
    let users = count(&app.state.db, "SELECT COUNT(*) FROM users").await;
    let out = run_tta(&app, &["restore", "ok.zip"]).await;
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        out.stderr.contains("already holds data")
            && out.stderr.contains("users: 1")
            && out.stderr.contains("--force"),
        "{out}"
    );
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM users").await,
        users
    );

    // Into the empty target it goes; once that holds more, only --force replaces it.
    let out = run_tta_on(
        dir.path(),
        &target.url,
        &["restore", good.to_str().unwrap()],
    )
    .await;
    assert_eq!(out.code, Some(0), "{out}");
    let db = Db::connect(&target.url).await.unwrap();
    sqlx::query("INSERT INTO users (email, name, password_hash, role, created_at, updated_at) VALUES ('late@example.org', 'Late', 'x', 'learner', 0, 0)")
        .execute(&db.pool)
        .await
        .unwrap();
    db.pool.close().await;
    let out = run_tta_on(
        dir.path(),
        &target.url,
        &["restore", good.to_str().unwrap()],
    )
    .await;
    assert_eq!(out.code, Some(2), "{out}");
    assert!(out.stderr.contains("users: 2"), "{out}");
    // A table tta does not know would be lost: also only with --force.
    let db = Db::connect(&target.url).await.unwrap();
    sqlx::query("CREATE TABLE scratch_notes (note TEXT)")
        .execute(&db.pool)
        .await
        .unwrap();
    db.pool.close().await;
    let out = run_tta_on(
        dir.path(),
        &target.url,
        &["restore", good.to_str().unwrap()],
    )
    .await;
    assert_eq!(out.code, Some(2), "{out}");
    assert!(out.stderr.contains("scratch_notes"), "{out}");
    let out = run_tta_on(
        dir.path(),
        &target.url,
        &["restore", "--force", good.to_str().unwrap()],
    )
    .await;
    assert_eq!(out.code, Some(0), "{out}");
    let db = Db::connect(&target.url).await.unwrap();
    assert_eq!(tables(&db).await.get("scratch_notes"), None);
    let emails: Vec<String> = sqlx::query("SELECT email FROM users")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("email"))
        .collect();
    assert_eq!(emails, vec!["kept@example.org".to_string()]);
    db.pool.close().await;
    let files = stored(&Storage::from_config(&test_config(dir.path(), &target.url)).unwrap()).await;
    assert_eq!(files.get("resources/kept.pdf"), Some(&pdf));
    drop(target);
    app.stop().await;
}
