//! HTTP benchmark: tta's pages against a bare server sending the same bytes, in the same
//! process, over loopback. Prints medians and 95th percentiles and their ratio, so the
//! figures mean something on any machine.
//!
//! `cargo run --release --example bench_http [-- REQUESTS CONCURRENCY]`

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{routing::get, Router};
use tta::{
    accounts::{model, password},
    app::Application,
    config::Config,
};

async fn run(
    client: &reqwest::Client,
    url: &str,
    cookie: Option<&str>,
    n: usize,
    conc: usize,
) -> Vec<Duration> {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..conc {
        let (client, url, next, cookie) = (
            client.clone(),
            url.to_string(),
            next.clone(),
            cookie.map(String::from),
        );
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < n {
                let mut req = client.get(&url);
                if let Some(c) = &cookie {
                    req = req.header("cookie", c);
                }
                let t = Instant::now();
                let r = req.send().await.expect("request");
                assert!(r.status().is_success(), "{url}: {}", r.status());
                let _ = r.bytes().await.expect("body");
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    all
}

fn pct(v: &[Duration], p: f64) -> f64 {
    v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = *args.first().unwrap_or(&3000);
    let conc = *args.get(1).unwrap_or(&16);
    let dir = std::env::temp_dir().join(format!("tta-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = std::env::var("TTA_BENCH_DATABASE_URL")
        .unwrap_or(format!("sqlite:{}", dir.join("tta.db").display()));
    let mut cfg = Config {
        database_url: url.clone(),
        data_dir: dir.clone(),
        bind: "127.0.0.1:0".parse()?,
        base_url: "http://127.0.0.1:0".into(),
        ..Config::default()
    };
    cfg.finish()?;
    let app = Application::build(cfg).await?;
    let base = format!("http://{}", app.addr);
    let state = app.state.clone();
    let (_stop, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(app.run_until_stopped(rx));

    let pw = "bench-passphrase-for-measuring";
    let email = format!("bench{}@example.org", std::process::id());
    let id = model::insert(
        &state.db.pool,
        model::NewUser {
            email: &email,
            name: "Bench Mark",
            password_hash: &password::hash(pw)?,
            role: model::Role::Learner,
            verified: true,
        },
    )
    .await?;
    let session = tta::web::session::create(&state.db, id, false, "127.0.0.1", "bench").await?;
    let cookie = format!("tta_session={session}; tta_csrf={}", "a".repeat(43));

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(conc)
        .build()?;
    let mut rows = Vec::new();
    for (name, path, ck) in [
        ("home page (anonymous)", "/", None),
        (
            "account page (signed in)",
            "/account",
            Some(cookie.as_str()),
        ),
        ("stylesheet", "/static/tta.css", None),
    ] {
        let page = client
            .get(format!("{base}{path}"))
            .header("cookie", ck.unwrap_or(""))
            .send()
            .await?
            .bytes()
            .await?;
        // The reference: the same bytes from a bare axum handler, no middleware, no database.
        let body = page.clone();
        let reference = Router::new().route(
            "/",
            get(move || {
                let b = body.clone();
                async move { b }
            }),
        );
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let raddr = l.local_addr()?;
        tokio::spawn(async move { axum::serve(l, reference).await });
        // Warm both up, then measure them alternately.
        run(&client, &format!("{base}{path}"), ck, 200, conc).await;
        run(&client, &format!("http://{raddr}/"), None, 200, conc).await;
        let t = Instant::now();
        let tta_times = run(&client, &format!("{base}{path}"), ck, n, conc).await;
        let tta_secs = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let ref_times = run(&client, &format!("http://{raddr}/"), None, n, conc).await;
        let ref_secs = t.elapsed().as_secs_f64();
        rows.push((
            name,
            page.len(),
            pct(&tta_times, 0.5),
            pct(&tta_times, 0.95),
            n as f64 / tta_secs,
            pct(&ref_times, 0.5),
            pct(&ref_times, 0.95),
            n as f64 / ref_secs,
        ));
    }
    println!(
        "tta HTTP benchmark: {n} requests per case, {conc} at a time, database {}",
        if url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    println!(
        "{:<26} {:>7} {:>10} {:>10} {:>9} | {:>10} {:>10} {:>9} | {:>12}",
        "case",
        "bytes",
        "p50 ms",
        "p95 ms",
        "req/s",
        "ref p50",
        "ref p95",
        "ref req/s",
        "p50 ratio"
    );
    for (name, bytes, p50, p95, rps, rp50, rp95, rrps) in rows {
        println!("{name:<26} {bytes:>7} {p50:>10.3} {p95:>10.3} {rps:>9.0} | {rp50:>10.3} {rp95:>10.3} {rrps:>9.0} | {:>11.2}x", p50 / rp50);
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
