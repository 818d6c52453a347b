//! CSRF, security headers, cookies, request limits and error pages.

use tta::accounts::model::Role;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_without_a_valid_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    app.user("csrf@example.org", Role::Learner).await;
    let c = app.signed_in("csrf@example.org").await;
    // No token, a wrong token, and a token from another browser.
    let r = c
        .post(app.at("/account/profile"))
        .form(&[("name", "Changed")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("This form has expired"));
    let r = c
        .post(app.at("/account/profile"))
        .form(&[("_csrf", "0000"), ("name", "Changed")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let other = app.client();
    let foreign = app.csrf(&other, "/signin").await;
    let r = c
        .post(app.at("/account/profile"))
        .form(&[("_csrf", foreign.as_str()), ("name", "Changed")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A cross-site Origin is refused even with the right token.
    let token = app.csrf(&c, "/account").await;
    let r = c
        .post(app.at("/account/profile"))
        .header("origin", "https://evil.example")
        .form(&[("_csrf", token.as_str()), ("name", "Changed")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A JSON body cannot smuggle a form submission past the check.
    let r = c
        .post(app.at("/account/profile"))
        .json(&serde_json::json!({"_csrf": token, "name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM users WHERE name = 'Changed'"
        )
        .await,
        0
    );
    // The real form works.
    let r = app
        .post(&c, "/account/profile", "/account", &[("name", "Changed")])
        .await;
    assert_eq!(r.status(), 303);
    // Sign-out needs a token too, so another site cannot sign people out.
    let r = c.post(app.at("/signout")).send().await.unwrap();
    assert_eq!(r.status(), 403);
    // Anonymous forms are protected as well.
    let r = app
        .client()
        .post(app.at("/signup"))
        .form(&[
            ("name", "A"),
            ("email", "a@example.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_headers_on_every_kind_of_response() {
    let app = TestApp::spawn().await;
    let c = app.client();
    for path in [
        "/",
        "/signin",
        "/no-such-page",
        "/static/tta.css",
        "/healthz",
        "/api/v1/me",
        "/account",
    ] {
        let r = app.get(&c, path).await;
        let h = r.headers();
        let csp = h
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("CSP on {path}"))
            .to_str()
            .unwrap();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
    }
    let r = app.get(&app.client(), "/signin").await;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|s| s.starts_with("tta_csrf="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "no Secure flag on plain HTTP");
    assert_eq!(r.headers()["cache-control"], "no-store");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_deployments_get_hsts_and_secure_cookies() {
    let app = TestApp::spawn_with(|cfg| cfg.base_url = "https://tta.example.org".into()).await;
    let r = app.get(&app.client(), "/signin").await;
    assert!(r.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("max-age="));
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|s| s.starts_with("tta_csrf="))
        .unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_requests_are_refused() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let token = app.csrf(&c, "/signup").await;
    let big = "x".repeat(2 * 1024 * 1024);
    let r = c
        .post(app.at("/signup"))
        .form(&[("_csrf", token.as_str()), ("name", big.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(r.text().await.unwrap().contains("too large"));
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM users").await, 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn friendly_error_pages() {
    let app = TestApp::spawn().await;
    app.user("plain@example.org", Role::Learner).await;
    let c = app.signed_in("plain@example.org").await;
    let r = app.get(&c, "/nowhere").await;
    assert_eq!(r.status(), 404);
    let html = r.text().await.unwrap();
    assert!(html.contains("Page not found") && html.contains("<main"));
    let r = app.get(&c, "/admin/users").await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("You do not have access"));
    let token = app.csrf(&c, "/account").await;
    let r = c
        .delete(app.at("/account"))
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert!(r.text().await.unwrap().contains("<main"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_and_metrics() {
    let app = TestApp::spawn_with(|cfg| cfg.metrics_token = "scrape-token-for-tests".into()).await;
    let c = app.client();
    assert_eq!(app.get(&c, "/healthz").await.status(), 200);
    assert_eq!(app.get(&c, "/readyz").await.status(), 200);
    app.get(&c, "/signin").await;
    let m = c
        .get(app.at("/metrics"))
        .bearer_auth("scrape-token-for-tests")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(m.contains("tta_http_requests_total"), "{m}");
    assert!(m.contains("route=\"/signin\""));
    assert!(m.contains("tta_http_request_duration_seconds"));
    assert!(m.contains("tta_jobs_pending"));
    // With the database gone, the server is alive but not ready.
    app.state.db.pool.close().await;
    assert_eq!(app.get(&c, "/healthz").await.status(), 200);
    assert_eq!(app.get(&c, "/readyz").await.status(), 503);
}
