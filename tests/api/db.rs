//! The database layer under load, and what a visitor sees when it fails.

use tta::{accounts::model::Role, app::AppState};

use crate::helpers::*;

/// Many writers at once, from two separate connection pools (as two servers would have),
/// each reading then writing in one transaction: none may fail with "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_read_then_write_transactions_never_fail() {
    let dir = tempfile_dir::TempDir::new();
    let db = TestDb::new(dir.path()).await;
    let a = AppState::new(test_config(dir.path(), &db.url))
        .await
        .unwrap();
    let b = AppState::new(test_config(dir.path(), &db.url))
        .await
        .unwrap();
    sqlx::query("INSERT INTO settings (key, value) VALUES ('counter', '0')")
        .execute(&a.db.pool)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..200 {
        let st = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            // Read first, then write: the pattern that fails at once with a deferred BEGIN.
            let mut tx = st.db.tx().await?;
            let v: String = sqlx::Row::try_get(
                &sqlx::query("SELECT value FROM settings WHERE key = 'counter'")
                    .fetch_one(&mut *tx)
                    .await?,
                0,
            )?;
            let _ = v;
            sqlx::query(
                "INSERT INTO rate_limits (key, window_start, count) VALUES ('load-test', $1, 1)",
            )
            .bind(i as i64)
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        }));
    }
    let mut errors = Vec::new();
    for t in tasks {
        if let Err(e) = t.await.unwrap() {
            errors.push(e.to_string());
        }
    }
    assert!(
        errors.is_empty(),
        "{} transactions failed: {:?}",
        errors.len(),
        &errors[..errors.len().min(3)]
    );
    assert_eq!(
        count(
            &a.db,
            "SELECT CAST(SUM(count) AS BIGINT) FROM rate_limits WHERE key = 'load-test'"
        )
        .await,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_runs_in_wal_mode_with_foreign_keys() {
    if is_postgres() {
        return;
    }
    let app = TestApp::spawn().await;
    let mode: String = sqlx::Row::get(
        &sqlx::query("PRAGMA journal_mode")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        0,
    );
    assert_eq!(mode.to_lowercase(), "wal");
    let fk: i64 = sqlx::Row::get(
        &sqlx::query("PRAGMA foreign_keys")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        0,
    );
    assert_eq!(fk, 1);
    let bad = sqlx::query("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (999, 999, 'member', 0)")
        .execute(&app.state.db.pool)
        .await;
    assert!(bad.is_err(), "foreign keys are enforced");
    app.stop().await;
}

/// A failure inside tta shows a friendly page without the technical detail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_show_a_friendly_page() {
    let app = TestApp::spawn().await;
    let (_, c) = app.as_role("broken@example.org", Role::Staff).await;
    sqlx::query("DROP TABLE invitations")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("DROP TABLE memberships")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let r = app.get(&c, "/orgs").await;
    assert_eq!(r.status(), 500);
    let html = r.text().await.unwrap();
    assert!(html.contains("Something went wrong on our side"));
    assert!(
        !html.to_lowercase().contains("memberships"),
        "no SQL in the page"
    );
    app.stop().await;
}

/// Migrations run twice (two servers starting together) without harm.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_are_idempotent_and_concurrent_starts_agree_on_the_secret() {
    let dir = tempfile_dir::TempDir::new();
    let db = TestDb::new(dir.path()).await;
    let (a, b) = tokio::join!(
        AppState::new(test_config(dir.path(), &db.url)),
        AppState::new(test_config(dir.path(), &db.url))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.secret, b.secret);
    a.db.migrate().await.unwrap();
}
