//! End-to-end flows in a real Chromium. Every page visited is checked with axe-core by the
//! `Browser` helper.

use tta::accounts::model::Role;

use crate::{browser::Browser, helpers::*};

/// A new person signs up, confirms their address from the emailed link, signs in, creates
/// their organization and invites a colleague, who joins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_create_organization_and_invite_a_colleague() {
    let app = TestApp::spawn().await;
    let b = Browser::start().await;
    b.goto(&app.at("/")).await;
    b.click("a[href='/signup']").await;

    // Bad input first: the messages appear beside the fields and what was typed stays.
    b.fill("#f-name", "Noor Haddad").await;
    b.fill("#f-email", "noor@example").await;
    b.fill("#f-password", "password123").await;
    b.submit("form[action='/signup'] button[type=submit]").await;
    assert!(b.text("#f-email-error").await.contains("name@example.org"));
    assert!(b.text("#f-password-error").await.contains("too common"));
    assert_eq!(
        b.client()
            .find(fantoccini::Locator::Css("#f-name"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap(),
        "Noor Haddad"
    );

    b.fill("#f-email", "noor@example.org").await;
    b.fill("#f-password", PASSWORD).await;
    b.submit("form[action='/signup'] button[type=submit]").await;
    assert!(b.text("h1").await.contains("Check your email"));

    let mail = app.email_to("noor@example.org").await;
    b.goto(&mail.link().replace(&app.state.cfg.base_url, &app.url))
        .await;
    assert!(b.text("h1").await.contains("confirmed"));
    b.click("main a[href='/signin']").await;
    b.fill("#f-email", "noor@example.org").await;
    b.fill("#f-password", PASSWORD).await;
    b.submit("form[action='/signin'] button[type=submit]").await;
    // A new person lands on their learning page, not in account settings.
    assert!(b.url().await.ends_with("/learning"), "{}", b.url().await);
    b.click("header a[href='/account']").await;
    assert!(b.text("h1").await.contains("Your account"));

    b.click("a[href='/orgs/new']").await;
    b.submit("main form button[type=submit]").await; // empty form: every field explained
    for f in ["name", "kind", "state", "staff_size"] {
        assert!(b.exists(&format!("#f-{f}-error")).await, "{f} error shown");
    }
    b.fill("#f-name", "Riverbend Survivor Services").await;
    b.select("#f-kind", "case_management").await;
    b.check("input[name=services][value=housing]").await;
    b.check("input[name=services][value=legal]").await;
    b.select("#f-state", "MN").await;
    b.select("#f-staff_size", "6-20").await;
    b.submit("main form button[type=submit]").await;
    assert_eq!(b.text("h1").await, "Riverbend Survivor Services");
    assert!(b.text("main").await.contains("Minnesota"));
    assert!(
        b.text("main").await.contains("noor@example.org"),
        "the manager sees the staff list"
    );

    b.fill("#f-email", "sam.colleague@example.org").await;
    b.submit("form[action$='/invitations'] button[type=submit]")
        .await;
    assert!(b.text(".flash").await.contains("invitation is on its way"));
    assert!(b.text("main").await.contains("sam.colleague@example.org"));
    let invite = app.email_to("sam.colleague@example.org").await;
    assert!(invite.subject.contains("Riverbend Survivor Services"));
    b.close().await;

    // The colleague, who already has an account, accepts on a phone.
    app.user("sam.colleague@example.org", Role::Learner).await;
    let p = Browser::phone().await;
    p.goto(&app.at(&invite.path())).await;
    assert!(p.text("h1").await.contains("Riverbend Survivor Services"));
    p.click("main a.button").await;
    p.fill("#f-email", "sam.colleague@example.org").await;
    p.fill("#f-password", PASSWORD).await;
    p.submit("form[action='/signin'] button[type=submit]").await;
    p.submit("main form button[type=submit]").await;
    assert!(p.text(".flash").await.contains("now a member"));
    let width: i64 = p
        .client()
        .execute("return window.innerWidth", vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    assert!(width <= 400);
    p.goto(&app.at("/account")).await;
    assert!(p.text("main").await.contains("Riverbend Survivor Services"));
    p.close().await;
    app.stop().await;
}

/// The signed-in pages and the admin's pages, with demo content, pass axe.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_and_admin_pages_are_accessible() {
    let app = demo_app().await;
    let b = Browser::start().await;
    b.goto(&app.at("/signin")).await;
    b.fill("#f-email", "admin@demo.tta.example.org").await;
    b.fill("#f-password", PASSWORD).await;
    b.submit("form[action='/signin'] button[type=submit]").await;
    for page in [
        "/account",
        "/account/totp",
        "/account/tokens",
        "/account/delete",
        "/orgs",
        "/admin/users",
        "/admin/audit",
        "/orgs/1",
        "/orgs/1/edit",
        "/no-such-page",
    ] {
        b.goto(&app.at(page)).await;
    }
    // Search, change a role, and see it in the audit log.
    b.goto(&app.at("/admin/users?q=harborlight")).await;
    assert!(b.text("table").await.contains("Priya Raman"));
    b.goto(&app.at("/account/tokens")).await;
    b.fill("#f-name", "").await;
    b.submit("form[action='/account/tokens'] button[type=submit]")
        .await;
    assert!(b.text("#f-name-error").await.contains("Enter a name"));
    b.fill("#f-name", "reporting script").await;
    b.submit("form[action='/account/tokens'] button[type=submit]")
        .await;
    assert!(b.text("#new-token").await.starts_with("tta_"));
    b.close().await;

    // The same pages on a phone, where wide tables scroll.
    let p = Browser::phone().await;
    for page in ["/", "/signup", "/password/forgot", "/signin"] {
        p.goto(&app.at(page)).await;
    }
    p.fill("#f-email", "admin@demo.tta.example.org").await;
    p.fill("#f-password", PASSWORD).await;
    p.submit("form[action='/signin'] button[type=submit]").await;
    for page in [
        "/account",
        "/orgs",
        "/orgs/1",
        "/admin/users",
        "/admin/audit",
        "/account/tokens",
    ] {
        p.goto(&app.at(page)).await;
    }
    p.close().await;
    app.stop().await;
}

/// Saves screenshots of the main pages to `$TTA_SCREENSHOTS` (run on demand:
/// `TTA_SCREENSHOTS=/tmp/shots cargo test --test api screenshots -- --ignored`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes screenshots for a person to look at"]
async fn screenshots() {
    let out = std::path::PathBuf::from(
        std::env::var("TTA_SCREENSHOTS").unwrap_or("/tmp/tta-shots".into()),
    );
    std::fs::create_dir_all(&out).unwrap();
    let app = demo_app().await;
    for (phone, prefix) in [(false, "desktop"), (true, "phone")] {
        let b = if phone {
            Browser::phone().await
        } else {
            Browser::start().await
        };
        b.goto(&app.at("/signin")).await;
        b.fill("#f-email", "admin@demo.tta.example.org").await;
        b.fill("#f-password", PASSWORD).await;
        b.submit("form[action='/signin'] button[type=submit]").await;
        for (name, page) in [
            ("account", "/account"),
            ("orgs", "/orgs"),
            ("org", "/orgs/1"),
            ("org-edit", "/orgs/1/edit"),
            ("users", "/admin/users"),
            ("audit", "/admin/audit"),
            ("totp", "/account/totp"),
            ("404", "/nope"),
        ] {
            b.goto(&app.at(page)).await;
            b.screenshot(&out.join(format!("{prefix}-{name}.png")))
                .await;
        }
        b.goto(&app.at("/review")).await;
        b.screenshot(&out.join(format!("{prefix}-review-form.png")))
            .await;
        b.fill("#f-text", crate::review::RULES).await;
        b.submit("main form button[type=submit]").await;
        b.screenshot(&out.join(format!("{prefix}-review-result.png")))
            .await;
        b.close().await;
    }
    app.stop().await;
}

/// A test app with the demo content, every demo account's password set to `PASSWORD`.
async fn demo_app() -> TestApp {
    let app = TestApp::spawn().await;
    tta::demo::load(&app.state).await.unwrap();
    sqlx::query("UPDATE users SET password_hash = $1")
        .bind(tta::accounts::password::hash(PASSWORD).unwrap())
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    app
}
