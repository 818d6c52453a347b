//! What an outside tester tried and tta must withstand: control characters in every kind of
//! input, a line break in `next`, a stranger locking a person out, slow connections, and a
//! public `/metrics`.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tta::accounts::{model::Role, tokens};

use crate::helpers::*;

/// A published training a month ahead, through the staff API.
async fn training(app: &TestApp, token: &str, title: &str) -> i64 {
    let day = |d: i64| {
        (chrono::Utc::now() + chrono::Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    let body = json!({
        "title": title, "description": "Voluntary services, in practice.", "format": "virtual",
        "timezone": "America/Chicago", "join_url": "https://meet.example.org/x", "capacity": 20,
        "registration_opens": format!("{}T09:00", day(-1)), "registration_closes": format!("{}T17:00", day(28)),
        "topics": ["voluntary_services"], "language": "en", "ce_hours": "2",
        "sessions": [{ "title": "Session", "date": day(30), "start": "09:00", "end": "11:00" }],
        "published": true
    });
    let r = Client::new()
        .post(app.at("/api/v1/events"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nul_byte_in_any_input_is_never_a_server_error() {
    let app = TestApp::spawn().await;
    let c = app.client();
    for path in [
        "/courses?q=%00",
        "/trainings?q=%00",
        "/resources?q=%00",
        "/courses?q=a%00b&topic=%01",
    ] {
        let r = app.get(&c, path).await;
        assert_eq!(r.status(), 200, "{path}");
    }
    // The API says what was wrong instead, in its error shape.
    for (path, param) in [
        ("/api/v1/events?q=%00", "q"),
        ("/api/v1/events?state=%00&topic=x", "state"),
        ("/api/v1/resources?q=a%0Ab", "q"),
    ] {
        let r = app.get(&c, path).await;
        assert_eq!(r.status(), 400, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "invalid_query", "{body}");
        assert_eq!(body["errors"][0]["field"], param, "{body}");
    }
    for path in [
        "/trainings/a%00b",
        "/api/v1/resources/a%00b",
        "/courses/a%00b",
        "/certificates/AB%00CD",
        "/api/v1/events/1%0a",
    ] {
        let r = app.get(&c, path).await;
        assert_eq!(r.status(), 404, "{path}");
    }
    // The sign-in form: a NUL in the address is just a wrong address.
    let r = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[("email", "someone\0@example.org"), ("password", "x\0y")],
        )
        .await;
    assert_eq!(r.status(), 422);

    // Staff JSON: a title of one NUL is an empty title, refused; a NUL inside one is dropped.
    let id = app.user("staff@example.org", Role::Staff).await;
    let (_, token) = tokens::create(&app.state.db, id, "t").await.unwrap();
    let event = training(&app, &token, "Safety\u{0} planning together").await;
    let stored: String = sqlx::Row::try_get(
        &sqlx::query("SELECT title FROM events WHERE id = $1")
            .bind(event)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        "title",
    )
    .unwrap();
    assert_eq!(stored, "Safety planning together");
    let r = Client::new()
        .patch(app.at(&format!("/api/v1/events/{event}")))
        .bearer_auth(&token)
        .json(&json!({ "title": "\u{0}" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "{}", r.text().await.unwrap());
    let list = app.get(&c, "/trainings").await.text().await.unwrap();
    assert!(
        list.contains("Safety planning together"),
        "the training is still listed"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_break_in_next_never_breaks_sign_in() {
    let app = TestApp::spawn().await;
    app.user("next@example.org", Role::Learner).await;
    let c = app.client();
    let r = app.get(&c, "/signin?next=/account%0d%0aX:%20y").await;
    assert_eq!(r.status(), 200);
    let next = value_of(&r.text().await.unwrap(), "input[name=next]").unwrap();
    assert!(!next.contains('\r') && !next.contains('\n'), "{next:?}");
    for (given, want) in [
        (next.as_str(), None),
        ("/account\r\nX: y", Some("/learning")),
        (
            "/courses?q=safety planning",
            Some("/courses?q=safety%20planning"),
        ),
        ("//evil.example.org/", Some("/learning")),
    ] {
        let c = app.client();
        let r = app
            .post(
                &c,
                "/signin",
                "/signin",
                &[
                    ("email", "next@example.org"),
                    ("password", PASSWORD),
                    ("next", given),
                ],
            )
            .await;
        assert_eq!(r.status(), 303, "next = {given:?}");
        let loc = location(&r);
        assert!(
            !loc.contains('\r')
                && !loc.contains('\n')
                && loc.starts_with('/')
                && !loc.starts_with("//"),
            "{loc:?}"
        );
        if let Some(w) = want {
            assert_eq!(loc, w, "next = {given:?}");
        }
    }
    app.stop().await;
}

/// Signs in from `ip` (the app trusts `X-Forwarded-For`) with `client`'s cookies.
async fn signin_from(
    app: &TestApp,
    c: &Client,
    ip: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let page = c
        .get(app.at("/signin"))
        .header("X-Forwarded-For", ip)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_from(&page).unwrap();
    c.post(app.at("/signin"))
        .header("X-Forwarded-For", ip)
        .form(&[
            ("_csrf", token.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_cannot_lock_a_person_out_but_is_stopped_guessing() {
    let app = TestApp::spawn_with(|cfg| cfg.trust_proxy = true).await;
    app.user("victim@example.org", Role::Learner).await;
    let stranger = app.client();
    let mut refused = 0;
    for _ in 0..15 {
        let r = signin_from(
            &app,
            &stranger,
            "203.0.113.7",
            "victim@example.org",
            "guess-guess-guess",
        )
        .await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        } else {
            assert_eq!(r.status(), 422);
        }
    }
    assert_eq!(
        refused, 5,
        "the stranger's address is stopped after ten tries"
    );
    // Even the right password does not get through from the stranger's address now.
    let r = signin_from(
        &app,
        &stranger,
        "203.0.113.7",
        "victim@example.org",
        PASSWORD,
    )
    .await;
    assert_eq!(r.status(), 429);
    // The person, from their own address, signs in as usual.
    let person = app.client();
    let r = signin_from(
        &app,
        &person,
        "198.51.100.2",
        "victim@example.org",
        PASSWORD,
    )
    .await;
    assert_eq!(r.status(), 303, "the person is not locked out");
    assert_eq!(location(&r), "/learning");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spread_out_attack_sends_new_browsers_an_email_link_and_lets_known_ones_in() {
    let app = TestApp::spawn_with(|cfg| cfg.trust_proxy = true).await;
    app.user("target@example.org", Role::Learner).await;
    // The person's own laptop has signed in before.
    let laptop = app.client();
    let r = signin_from(
        &app,
        &laptop,
        "198.51.100.2",
        "target@example.org",
        PASSWORD,
    )
    .await;
    assert_eq!(r.status(), 303);
    let r = laptop
        .post(app.at("/signout"))
        .form(&[("_csrf", app.csrf(&laptop, "/account").await)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    // Failures from many addresses, each under its own limit.
    for i in 0..25 {
        let r = signin_from(
            &app,
            &app.client(),
            &format!("192.0.2.{}", i + 1),
            "target@example.org",
            "wrong-wrong-wrong",
        )
        .await;
        assert!(r.status() == 422 || r.status() == 200, "{}", r.status());
    }

    // A new browser: the same answer for a wrong and a right password, and no session.
    let guesser = app.client();
    let wrong = signin_from(
        &app,
        &guesser,
        "192.0.2.200",
        "target@example.org",
        "still-wrong-password",
    )
    .await;
    let (ws, wrong_page) = (wrong.status(), wrong.text().await.unwrap());
    let thief = app.client();
    let right = signin_from(&app, &thief, "192.0.2.201", "target@example.org", PASSWORD).await;
    let (rs, right_page) = (right.status(), right.text().await.unwrap());
    assert_eq!((ws, rs), (StatusCode::OK, StatusCode::OK));
    let heading = |p: &str| text_of(p, "h1").unwrap();
    assert_eq!(heading(&wrong_page), heading(&right_page));
    assert!(right_page.contains("Check your email"));
    let r = app.get(&thief, "/account").await;
    assert_eq!(r.status(), 303, "no session without the emailed link");

    // The person's laptop signs in at once, from yet another address.
    let r = signin_from(
        &app,
        &laptop,
        "198.51.100.77",
        "target@example.org",
        PASSWORD,
    )
    .await;
    assert_eq!(r.status(), 303, "a known browser goes on as usual");
    assert_eq!(location(&r), "/learning");

    // The person on a new phone: the emailed link finishes signing in, once.
    let phone = app.client();
    let r = signin_from(&app, &phone, "198.51.100.9", "target@example.org", PASSWORD).await;
    assert_eq!(r.status(), 200);
    let mail = app.email_to_nth("target@example.org", 1).await;
    assert!(
        mail.subject.contains("Finish signing in"),
        "{}",
        mail.subject
    );
    let link = mail.path();
    let page = app.get(&phone, &link).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let action = link.split('?').next().unwrap().to_string();
    let r = phone
        .post(app.at(&action))
        .form(&[
            ("_csrf", csrf_from(&html).unwrap()),
            ("next", value_of(&html, "input[name=next]").unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(app.get(&phone, "/account").await.status(), 200);
    let again = app.client();
    assert_eq!(
        app.get(&again, &link).await.status(),
        410,
        "the link works once"
    );
    // The phone is now a known browser too.
    let r = phone
        .post(app.at("/signout"))
        .form(&[("_csrf", app.csrf(&phone, "/account").await)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = signin_from(&app, &phone, "198.51.100.9", "target@example.org", PASSWORD).await;
    assert_eq!(r.status(), 303);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_not_public() {
    let app = TestApp::spawn().await;
    let c = app.client();
    assert_eq!(
        app.get(&c, "/metrics").await.status(),
        404,
        "off without a token"
    );
    app.stop().await;

    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let private = free.local_addr().unwrap();
    drop(free);
    let app = TestApp::spawn_with(|cfg| {
        cfg.metrics_token = "a-long-scrape-token-for-tests".into();
        cfg.metrics_bind = private.to_string();
    })
    .await;
    let c = app.client();
    app.get(&c, "/").await;
    assert_eq!(app.get(&c, "/metrics").await.status(), 401);
    let r = c
        .get(app.at("/metrics"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .get(app.at("/metrics"))
        .bearer_auth("a-long-scrape-token-for-tests")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("tta_http_requests_total"));
    // The private address serves metrics without a token, and nothing else of tta.
    let base = format!("http://{private}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let r = loop {
        match c.get(format!("{base}/metrics")).send().await {
            Ok(r) => break r,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::task::yield_now().await;
            }
            Err(e) => panic!("the metrics address does not answer: {e}"),
        }
    };
    assert_eq!(r.status(), 200);
    assert_eq!(
        c.get(format!("{base}/signin"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        c.get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    app.stop().await;
}

/// Reads until the server closes the connection (or `deadline`); true when it closed.
async fn closed_by_server(s: &mut tokio::net::TcpStream, deadline: Instant) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_connections_are_closed_and_capped() {
    let app = TestApp::spawn_with(|cfg| {
        cfg.header_timeout_secs = 1;
        cfg.request_timeout_secs = 2;
        cfg.max_connections_per_ip = 8;
    })
    .await;
    let addr = app.url.trim_start_matches("http://").to_string();
    // Thirty connections that start a request and never finish its headers.
    let mut conns = Vec::new();
    for _ in 0..30 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ").await;
        conns.push(s);
    }
    // Those over the per-address cap are closed on arrival; the rest at the header timeout.
    let soon = Instant::now() + Duration::from_millis(500);
    let mut at_once = 0;
    for s in conns.iter_mut() {
        if closed_by_server(s, soon.max(Instant::now() + Duration::from_millis(20))).await {
            at_once += 1;
        }
    }
    assert!(
        at_once >= 22,
        "only {at_once} of the 30 were refused at once"
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    for s in conns.iter_mut() {
        assert!(
            closed_by_server(s, deadline).await,
            "a half-open connection was held past the header timeout"
        );
    }
    let c = app.client();
    assert_eq!(
        app.get(&c, "/healthz").await.status(),
        200,
        "the server still answers"
    );

    // A body that trickles in is ended by the request timeout.
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    s.write_all(b"POST /contact HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=a").await.unwrap();
    let mut got = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(15), s.read_to_end(&mut got)).await;
    let head = String::from_utf8_lossy(&got);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    app.stop().await;
}
