//! About, contact and privacy: the pages render with the footer's links, the contact
//! form emails the institute with the sender as Reply-To and refuses bad input with what
//! was typed kept, and the privacy page states the durations tta is configured with.

use tta::accounts::model::Role;

use crate::{browser::Browser, helpers::*};

async fn email_jobs(app: &TestApp) -> i64 {
    count(
        &app.state.db,
        "SELECT COUNT(*) FROM jobs WHERE kind = 'email'",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn about_contact_and_privacy_render_and_every_page_links_them_in_the_footer() {
    let app =
        TestApp::spawn_with(|cfg| cfg.contact_email = "hello@institute.example.org".into()).await;
    let c = app.client();
    for (path, words) in [
        ("/about", "Freedom Network Training Institute"),
        ("/contact", "hello@institute.example.org"),
        ("/privacy", "Download your data"),
    ] {
        let r = app.get(&c, path).await;
        assert_eq!(r.status(), 200, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains(words), "{path} says {words}");
    }
    let home = app.get(&c, "/").await.text().await.unwrap();
    for href in ["/about", "/contact", "/privacy", "/certificates/verify"] {
        assert!(
            home.contains(&format!("<a href=\"{href}\">")),
            "footer links {href}"
        );
    }
    assert!(
        home.contains("href=\"/contact?topic=assistance\""),
        "the technical-assistance card leads to the contact form"
    );
    let preset = app
        .get(&c, "/contact?topic=assistance")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        preset.contains("<option value=\"assistance\" selected>"),
        "the topic is preset"
    );
    let odd = app
        .get(&c, "/contact?topic=%3Cscript%3E")
        .await
        .text()
        .await
        .unwrap();
    assert!(!odd.contains(" selected>") && !odd.contains("<script>"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contact_form_emails_the_institute_with_the_sender_as_reply_to() {
    let app =
        TestApp::spawn_with(|cfg| cfg.contact_email = "hello@institute.example.org".into()).await;
    let c = app.client();
    let r = app
        .post(&c, "/contact", "/contact", &[
            ("name", "Rosa Díaz"),
            ("email", "rosa@shelter.example.org"),
            ("topic", "assistance"),
            ("message", "Our house rules still require chapel on Sundays. Can someone help us rewrite them?"),
        ])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/contact/sent");
    let sent = app.get(&c, "/contact/sent").await.text().await.unwrap();
    assert!(sent.contains("Thank you"));
    let mail = app.email_to("hello@institute.example.org").await;
    assert!(
        mail.subject.contains("Technical assistance") && mail.subject.contains("Rosa Díaz"),
        "{}",
        mail.subject
    );
    assert!(
        mail.body.contains("chapel on Sundays") && mail.body.contains("rosa@shelter.example.org")
    );
    let raw = std::fs::read_dir(app.outbox())
        .unwrap()
        .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
        .find(|b| String::from_utf8_lossy(b).contains("hello@institute.example.org"))
        .unwrap();
    let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let reply = msg
        .reply_to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_string();
    assert_eq!(reply, "rosa@shelter.example.org");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contact_form_bad_input_is_explained_beside_each_field_and_nothing_is_sent() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let long = "a".repeat(5001);
    for (fields, bad, message) in [
        (
            vec![
                ("name", "Rosa"),
                ("email", "rosa@shelter.example.org"),
                ("topic", "other"),
                ("message", "   "),
            ],
            "message",
            "Write your message",
        ),
        (
            vec![
                ("name", "Rosa"),
                ("email", "rosa@@shelter"),
                ("topic", "other"),
                ("message", "Hello there"),
            ],
            "email",
            "email address like",
        ),
        (
            vec![
                ("name", "Rosa"),
                ("email", "rosa@shelter.example.org"),
                ("topic", "other"),
                ("message", long.as_str()),
            ],
            "message",
            "too long",
        ),
        (
            vec![
                ("name", "Rosa"),
                ("email", "rosa@shelter.example.org"),
                ("topic", "gossip"),
                ("message", "Hello there"),
            ],
            "topic",
            "Choose what",
        ),
        (
            vec![
                ("name", ""),
                ("email", "rosa@shelter.example.org"),
                ("topic", "press"),
                ("message", "Hello there"),
            ],
            "name",
            "",
        ),
    ] {
        let r = app.post(&c, "/contact", "/contact", &fields).await;
        assert_eq!(r.status(), 422, "{bad}");
        let html = r.text().await.unwrap();
        let err = text_of(&html, &format!("#f-{bad}-error"))
            .unwrap_or_else(|| panic!("a message beside {bad}"));
        assert!(err.contains(message), "{bad}: {err}");
        // What was typed is kept.
        let typed = fields.iter().find(|f| f.0 == "email").unwrap().1;
        assert_eq!(value_of(&html, "#f-email").unwrap(), typed);
        let msg = fields.iter().find(|f| f.0 == "message").unwrap().1;
        assert_eq!(text_of(&html, "#f-message").unwrap(), msg.trim());
    }
    assert_eq!(email_jobs(&app).await, 0, "nothing was sent");
    // Without a CSRF token nothing is sent either.
    let r = c
        .post(app.at("/contact"))
        .form(&[
            ("name", "Rosa"),
            ("email", "rosa@shelter.example.org"),
            ("topic", "other"),
            ("message", "Hi"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(email_jobs(&app).await, 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contact_form_is_rate_limited_per_address() {
    let app = TestApp::spawn().await;
    let t = tta::db::now();
    sqlx::query("INSERT INTO rate_limits (key, window_start, count) VALUES ('contact:ip:127.0.0.1', $1, 10)")
        .bind(t - t % 3600)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let c = app.client();
    let r = app
        .post(
            &c,
            "/contact",
            "/contact",
            &[
                ("name", "Rosa"),
                ("email", "rosa@shelter.example.org"),
                ("topic", "other"),
                ("message", "Hello"),
            ],
        )
        .await;
    assert_eq!(r.status(), 429);
    let html = r.text().await.unwrap();
    assert!(html.contains("Too many attempts"));
    assert_eq!(text_of(&html, "#f-message").unwrap(), "Hello");
    assert_eq!(email_jobs(&app).await, 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn privacy_page_states_the_session_and_link_lifetimes_tta_runs_with() {
    let app = TestApp::spawn_with(|cfg| {
        cfg.session_idle_minutes = 95;
        cfg.session_absolute_hours = 31;
    })
    .await;
    let html = app
        .get(&app.client(), "/privacy")
        .await
        .text()
        .await
        .unwrap();
    let sessions = text_of(&html, "#privacy-sessions").unwrap();
    assert!(
        sessions.contains("after 95 minutes without activity"),
        "{sessions}"
    );
    assert!(
        sessions.contains("31 hours after you signed in"),
        "{sessions}"
    );
    let links = text_of(&html, "#privacy-links").unwrap();
    use tta::accounts::email_tokens::Purpose;
    assert!(
        links.contains(&format!("{} minutes", Purpose::Reset.ttl() / 60)),
        "{links}"
    );
    assert!(
        links.contains(&format!("{} hours", Purpose::Verify.ttl() / 3600)),
        "{links}"
    );
    assert!(
        links.contains(&format!("{} hours", Purpose::ChangeEmail.ttl() / 3600)),
        "{links}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_people_find_their_name_and_address_filled_in() {
    let app = TestApp::spawn().await;
    let (_, c) = app.as_role("ana.lee@example.org", Role::Learner).await;
    let html = app.get(&c, "/contact").await.text().await.unwrap();
    assert_eq!(value_of(&html, "#f-email").unwrap(), "ana.lee@example.org");
    assert_eq!(value_of(&html, "#f-name").unwrap(), "Ana lee Tester");
    app.stop().await;
}

/// Each page in Chromium on a desktop and a phone, checked by axe, including the contact
/// form with its errors showing. `TTA_SCREENSHOTS=DIR` keeps a picture of each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn about_contact_and_privacy_work_in_a_browser_and_pass_axe() {
    let app = TestApp::spawn().await;
    let shots = std::env::var("TTA_SCREENSHOTS")
        .ok()
        .map(std::path::PathBuf::from);
    for (size, b) in [
        ("desktop", Browser::start().await),
        ("phone", Browser::phone().await),
    ] {
        let shot = |name: &str| {
            shots
                .as_ref()
                .map(|d| d.join(format!("site-{size}-{name}.png")))
        };
        for page in ["/about", "/privacy", "/"] {
            b.goto(&app.at(page)).await;
            if let Some(p) = shot(page.trim_start_matches('/')) {
                b.screenshot(&p).await;
            }
        }
        b.click("footer a[href='/contact']").await;
        b.fill("#f-name", "Rosa Díaz").await;
        b.fill("#f-email", "rosa@@shelter").await;
        b.submit("form[action='/contact'] button[type=submit]")
            .await;
        assert!(b
            .text("#f-email-error")
            .await
            .contains("email address like"));
        assert!(b
            .text("#f-message-error")
            .await
            .contains("Write your message"));
        if let Some(p) = shot("contact-errors") {
            b.screenshot(&p).await;
        }
        b.fill("#f-email", "rosa@shelter.example.org").await;
        b.select("#f-topic", "course").await;
        b.fill("#f-message", "Is the consent course available in Spanish?")
            .await;
        b.submit("form[action='/contact'] button[type=submit]")
            .await;
        assert!(b.text("h1").await.contains("Thank you"));
        if let Some(p) = shot("contact-sent") {
            b.screenshot(&p).await;
        }
        b.close().await;
    }
    assert_eq!(email_jobs(&app).await, 2);
    app.stop().await;
}
