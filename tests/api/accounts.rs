//! Accounts over HTTP: sign-up, verification, sign-in, sessions, reset, changes, second
//! factor, export and deletion — with bad input on every form.

use tta::accounts::{model::Role, totp};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signup_verify_signin_signout() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let r = app
        .post(
            &c,
            "/signup",
            "/signup",
            &[
                ("name", "Lena Ortiz"),
                ("email", "Lena@Example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/signup/sent");

    // Not verified yet: sign-in is refused with a clear message and a fresh link is sent.
    let r = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[("email", "lena@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("confirm your email address first"));

    let mail = app.email_to("lena@example.org").await;
    assert!(mail.subject.contains("Confirm your email"));
    let r = app.get(&c, &mail.path()).await;
    assert_eq!(r.status(), 200);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Your email address is confirmed"));
    // A verification link works once.
    assert_eq!(app.get(&c, &mail.path()).await.status(), 400);

    let r = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[
                ("email", "LENA@example.org"),
                ("password", PASSWORD),
                ("next", "/orgs"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/orgs");
    let page = app.get(&c, "/account").await.text().await.unwrap();
    assert!(page.contains("lena@example.org"));
    assert!(page.contains("Lena Ortiz"));

    let r = app.post(&c, "/signout", "/account", &[]).await;
    assert_eq!(r.status(), 303);
    let r = app.get(&c, "/account").await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/signin?next=%2Faccount"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signup_bad_input_keeps_values_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let cases: &[(&[(&str, &str)], &str, &str)] = &[
        (
            &[
                ("name", ""),
                ("email", "a@example.org"),
                ("password", PASSWORD),
            ],
            "name",
            "Enter your name",
        ),
        (
            &[("name", "Ann"), ("email", ""), ("password", PASSWORD)],
            "email",
            "Enter your email address",
        ),
        (
            &[
                ("name", "Ann"),
                ("email", "not-an-email"),
                ("password", PASSWORD),
            ],
            "email",
            "like name@example.org",
        ),
        (
            &[
                ("name", "Ann"),
                ("email", "a@example.org"),
                ("password", "short"),
            ],
            "password",
            "at least 10 characters",
        ),
        (
            &[
                ("name", "Ann"),
                ("email", "a@example.org"),
                ("password", "password123"),
            ],
            "password",
            "too common",
        ),
        (
            &[
                ("name", "Ann"),
                ("email", "a@example.org"),
                ("password", "qwertyuiop"),
            ],
            "password",
            "too common",
        ),
        (
            &[
                ("name", &"x".repeat(121)),
                ("email", "a@example.org"),
                ("password", PASSWORD),
            ],
            "name",
            "120 characters",
        ),
    ];
    for (fields, field, msg) in cases {
        let r = app.post(&c, "/signup", "/signup", fields).await;
        assert_eq!(r.status(), 422, "{field}");
        let html = r.text().await.unwrap();
        let err = text_of(&html, &format!("#f-{field}-error"))
            .unwrap_or_else(|| panic!("no error beside {field}"));
        assert!(err.contains(msg), "{field}: {err}");
        // What the user typed is kept, except the password.
        for (k, v) in fields.iter() {
            let kept = value_of(&html, &format!("#f-{k}")).unwrap_or_default();
            if *k == "password" {
                assert_eq!(kept, "", "password must not be echoed");
            } else {
                assert_eq!(kept, *v, "{k} kept");
            }
        }
        assert!(html.contains("aria-invalid=\"true\""));
    }
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM jobs").await, 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_passphrases_are_accepted() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let long = "the river remembers every stone it has carried to the sea, and so do we ".repeat(5);
    let r = app
        .post(
            &c,
            "/signup",
            "/signup",
            &[
                ("name", "Sam Park"),
                ("email", "sam@example.org"),
                ("password", &long),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let too_long = "a".repeat(1001);
    let r = app
        .post(
            &c,
            "/signup",
            "/signup",
            &[
                ("name", "Sam Park"),
                ("email", "sam2@example.org"),
                ("password", &too_long),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signup_does_not_reveal_existing_accounts() {
    let app = TestApp::spawn().await;
    app.user("taken@example.org", Role::Learner).await;
    let c = app.client();
    let a = app
        .post(
            &c,
            "/signup",
            "/signup",
            &[
                ("name", "New Person"),
                ("email", "taken@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let b = app
        .post(
            &c,
            "/signup",
            "/signup",
            &[
                ("name", "New Person"),
                ("email", "fresh@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!((a.status(), location(&a)), (b.status(), location(&b)));
    // The owner of the existing account is told instead.
    let mail = app.email_to("taken@example.org").await;
    assert!(mail.subject.contains("tried to create"));
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM users WHERE email = 'taken@example.org'"
        )
        .await,
        1
    );

    // Sign-in failures read the same for unknown addresses and wrong passwords.
    let x = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[("email", "nobody@example.org"), ("password", PASSWORD)],
        )
        .await;
    let y = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[
                ("email", "taken@example.org"),
                ("password", "wrong-password-here"),
            ],
        )
        .await;
    assert_eq!(x.status(), 422);
    assert_eq!(y.status(), 422);
    let (xt, yt) = (x.text().await.unwrap(), y.text().await.unwrap());
    assert_eq!(
        text_of(&xt, ".error-summary p"),
        text_of(&yt, ".error-summary p")
    );
    // Password reset answers the same too.
    let p = app
        .post(
            &c,
            "/password/forgot",
            "/password/forgot",
            &[("email", "nobody@example.org")],
        )
        .await;
    let q = app
        .post(
            &c,
            "/password/forgot",
            "/password/forgot",
            &[("email", "taken@example.org")],
        )
        .await;
    assert_eq!((p.status(), location(&p)), (q.status(), location(&q)));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signin_bad_input_and_audit() {
    let app = TestApp::spawn().await;
    app.user("kim@example.org", Role::Learner).await;
    let c = app.client();
    let r = app
        .post(&c, "/signin", "/signin", &[("email", ""), ("password", "")])
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, "#f-email-error")
        .unwrap()
        .contains("Enter your email"));
    assert!(text_of(&html, "#f-password-error")
        .unwrap()
        .contains("Enter your password"));
    let r = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[
                ("email", "kim@example.org"),
                ("password", "not-the-password"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(value_of(&html, "#f-email").unwrap(), "kim@example.org");
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'signin_failed'"
        )
        .await,
        1
    );
    app.signed_in("kim@example.org").await;
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'signin'"
        )
        .await,
        1
    );
    // An outside address in `next` is ignored.
    let r = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[
                ("email", "kim@example.org"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/learning");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_lands_where_the_person_was_going_or_on_their_learning_page() {
    let app = TestApp::spawn().await;
    app.user("lena@example.org", Role::Learner).await;
    let sign_in = |next: Option<&'static str>| {
        let app = &app;
        async move {
            let c = app.client();
            let mut fields = vec![("email", "lena@example.org"), ("password", PASSWORD)];
            if let Some(n) = next {
                fields.push(("next", n));
            }
            location(&app.post(&c, "/signin", "/signin", &fields).await)
        }
    };
    assert_eq!(sign_in(None).await, "/learning", "not account settings");
    assert_eq!(
        sign_in(Some("/trainings/some-training?view=list")).await,
        "/trainings/some-training?view=list"
    );
    for away in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/signin",
        "/signin?next=/x",
        "/password/forgot",
        "/signup",
    ] {
        assert_eq!(sign_in(Some(away)).await, "/learning", "{away}");
    }
    // The header's sign-in link brings the visitor back to the page they were on.
    let html = app
        .get(&app.client(), "/trainings?topic=housing")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("href=\"/signin?next=%2Ftrainings%3Ftopic%3Dhousing\""),
        "{html}"
    );
    let html = app.get(&app.client(), "/").await.text().await.unwrap();
    assert!(
        html.contains("href=\"/signin\""),
        "from the home page, plain sign-in"
    );
    // A page that needs an account sends the visitor to sign in and back again.
    let c = app.client();
    let r = app.get(&c, "/my/trainings").await;
    assert_eq!(location(&r), "/signin?next=%2Fmy%2Ftrainings");
    let html = app.get(&c, &location(&r)).await.text().await.unwrap();
    assert_eq!(
        value_of(&html, "input[name=next]").as_deref(),
        Some("/my/trainings")
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signin_is_rate_limited() {
    let app = TestApp::spawn().await;
    app.user("rl@example.org", Role::Learner).await;
    let c = app.client();
    for _ in 0..10 {
        let r = app
            .post(
                &c,
                "/signin",
                "/signin",
                &[
                    ("email", "rl@example.org"),
                    ("password", "wrong-wrong-wrong"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
    }
    let r = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[("email", "rl@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("Too many attempts"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_id_changes_at_signin_and_sessions_expire() {
    let app = TestApp::spawn_with(|cfg| {
        cfg.session_idle_minutes = 30;
        cfg.session_absolute_hours = 2;
    })
    .await;
    app.user("rot@example.org", Role::Learner).await;
    // A session id planted before sign-in is not the one used after it.
    let planted = "planted-session-value-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = c
        .get(app.at("/signin"))
        .header("cookie", format!("tta_session={planted}"))
        .send()
        .await
        .unwrap();
    let anon = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|v| {
            let s = v.to_str().ok()?;
            s.strip_prefix("tta_csrf=")
                .map(|x| x.split(';').next().unwrap().to_string())
        })
        .unwrap();
    let token = csrf_from(&page.text().await.unwrap()).unwrap();
    let r = c
        .post(app.at("/signin"))
        .header("cookie", format!("tta_session={planted}; tta_csrf={anon}"))
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "rot@example.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let new_session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|v| {
            let s = v.to_str().ok()?;
            s.strip_prefix("tta_session=")
                .map(|x| x.split(';').next().unwrap().to_string())
        })
        .expect("a session cookie is set at sign-in");
    assert_ne!(new_session, planted);
    assert!(new_session.len() >= 40);

    // Two signed-in clients; one goes idle past the limit, the other is too old.
    let a = app.signed_in("rot@example.org").await;
    assert_eq!(app.get(&a, "/account").await.status(), 200);
    let now = tta::db::now();
    sqlx::query("UPDATE sessions SET last_seen_at = $1")
        .bind(now - 31 * 60)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let r = app.get(&a, "/account").await;
    assert_eq!(r.status(), 303, "idle session must expire");
    let b = app.signed_in("rot@example.org").await;
    sqlx::query("UPDATE sessions SET created_at = $1")
        .bind(now - 3 * 3600)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        app.get(&b, "/account").await.status(),
        303,
        "old session must expire"
    );
    // Sessions nobody comes back for are removed by the worker's maintenance job.
    tta::web::session::purge_expired(&app.state.db, 30 * 60, 2 * 3600)
        .await
        .unwrap();
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM sessions").await,
        0
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_everywhere_and_password_change() {
    let app = TestApp::spawn().await;
    let id = app.user("multi@example.org", Role::Learner).await;
    let a = app.signed_in("multi@example.org").await;
    let b = app.signed_in("multi@example.org").await;
    assert!(app
        .get(&a, "/account")
        .await
        .text()
        .await
        .unwrap()
        .contains("signed in on 2 devices"));
    let r = app
        .post(&a, "/account/signout-everywhere", "/account", &[])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get(&a, "/account").await.status(), 200);
    assert_eq!(app.get(&b, "/account").await.status(), 303);

    // Password change: wrong current password and weak new one are both reported.
    let r = app
        .post(
            &a,
            "/account/password",
            "/account",
            &[
                ("current_password", "nope-nope-nope"),
                ("new_password", "password"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, "#f-current_password-error")
        .unwrap()
        .contains("not right"));
    assert!(text_of(&html, "#f-new_password-error").is_some());
    let c = app.signed_in("multi@example.org").await;
    let newpw = "a brand new passphrase for winter";
    let r = app
        .post(
            &a,
            "/account/password",
            "/account",
            &[("current_password", PASSWORD), ("new_password", newpw)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.get(&a, "/account").await.status(),
        200,
        "this browser stays signed in with a new session"
    );
    assert_eq!(
        app.get(&c, "/account").await.status(),
        303,
        "other sessions end"
    );
    let u = tta::accounts::model::by_id(&app.state.db.pool, id)
        .await
        .unwrap()
        .unwrap();
    assert!(tta::accounts::password::verify(newpw, &u.password_hash));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_by_email() {
    let app = TestApp::spawn().await;
    app.user("forgetful@example.org", Role::Learner).await;
    let old = app.signed_in("forgetful@example.org").await;
    let c = app.client();
    let r = app
        .post(
            &c,
            "/password/forgot",
            "/password/forgot",
            &[("email", "bad")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = app
        .post(
            &c,
            "/password/forgot",
            "/password/forgot",
            &[("email", "forgetful@example.org")],
        )
        .await;
    assert_eq!(location(&r), "/password/forgot/sent");
    let mail = app.email_to("forgetful@example.org").await;
    let path = mail.path();
    assert_eq!(app.get(&c, &path).await.status(), 200);
    let r = app.post(&c, &path, &path, &[("password", "short")]).await;
    assert_eq!(r.status(), 422);
    let r = app
        .post(
            &c,
            &path,
            &path,
            &[("password", "a fresh start with a long phrase")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/signin");
    // The link is used up, and every old session is gone.
    assert_eq!(app.get(&c, &path).await.status(), 400);
    assert_eq!(app.get(&old, "/account").await.status(), 303);
    assert_eq!(
        app.get(&c, "/password/reset/not-a-real-token")
            .await
            .status(),
        400
    );
    let r = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[
                ("email", "forgetful@example.org"),
                ("password", "a fresh start with a long phrase"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_email_needs_password_and_confirmation() {
    let app = TestApp::spawn().await;
    app.user("old@example.org", Role::Learner).await;
    app.user("other@example.org", Role::Learner).await;
    let c = app.signed_in("old@example.org").await;
    let r = app
        .post(
            &c,
            "/account/email",
            "/account",
            &[
                ("new_email", "new@example.org"),
                ("current_password", "wrong-password"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(value_of(&html, "#f-new_email").unwrap(), "new@example.org");
    assert!(text_of(&html, "#f-current_password-error").is_some());
    let r = app
        .post(
            &c,
            "/account/email",
            "/account",
            &[("new_email", "nonsense"), ("current_password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = app
        .post(
            &c,
            "/account/email",
            "/account",
            &[
                ("new_email", "new@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    // Nothing changes until the link is opened.
    assert!(app
        .get(&c, "/account")
        .await
        .text()
        .await
        .unwrap()
        .contains("old@example.org"));
    let mail = app.email_to("new@example.org").await;
    assert_eq!(app.get(&c, &mail.path()).await.status(), 200);
    assert!(app
        .get(&c, "/account")
        .await
        .text()
        .await
        .unwrap()
        .contains("new@example.org"));
    let notice = app.email_to("old@example.org").await;
    assert!(notice.body.contains("new@example.org"));
    // An address that belongs to someone else gets no link, and the answer is the same.
    let r = app
        .post(
            &c,
            "/account/email",
            "/account",
            &[
                ("new_email", "other@example.org"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM email_tokens WHERE new_email = 'other@example.org'"
        )
        .await,
        0
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_second_factor() {
    let app = TestApp::spawn().await;
    let id = app.user("two@example.org", Role::Staff).await;
    let c = app.signed_in("two@example.org").await;
    let page = app.get(&c, "/account/totp").await.text().await.unwrap();
    let secret = text_of(&page, "code.secret").unwrap();
    assert!(page.contains("data:image/svg+xml;base64,"));
    let r = app
        .post(&c, "/account/totp", "/account/totp", &[("code", "123")])
        .await;
    assert_eq!(r.status(), 422);
    let code = totp::current_code(&secret).unwrap();
    let r = app
        .post(&c, "/account/totp", "/account/totp", &[("code", &code)])
        .await;
    assert_eq!(r.status(), 303);

    // Now sign-in needs the code; the password alone is not a session.
    let d = app.client();
    let r = app
        .post(
            &d,
            "/signin",
            "/signin",
            &[("email", "two@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert!(location(&r).starts_with("/signin/totp"));
    assert_eq!(app.get(&d, "/account").await.status(), 303);
    let r = app
        .post(&d, "/signin/totp", "/signin/totp", &[("code", "000000")])
        .await;
    assert_eq!(r.status(), 422);
    // The code that turned it on is used up: it cannot sign anyone in.
    let r = app
        .post(&d, "/signin/totp", "/signin/totp", &[("code", &code)])
        .await;
    assert_eq!(r.status(), 422, "a used code is refused");
    let next = totp::next_code(&secret).unwrap();
    let r = app
        .post(&d, "/signin/totp", "/signin/totp", &[("code", &next)])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get(&d, "/account").await.status(), 200);
    // The same code again, from another browser, does not work twice.
    let e = app.client();
    app.post(
        &e,
        "/signin",
        "/signin",
        &[("email", "two@example.org"), ("password", PASSWORD)],
    )
    .await;
    let r = app
        .post(&e, "/signin/totp", "/signin/totp", &[("code", &next)])
        .await;
    assert_eq!(r.status(), 422, "replayed code refused");

    // Staff cannot switch it off themselves.
    let r = app
        .post(
            &d,
            "/account/totp/disable",
            "/account",
            &[("password", PASSWORD), ("code", &next)],
        )
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(
        count(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM users WHERE id = {id} AND totp_enabled_at IS NOT NULL")
        )
        .await,
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_must_enroll_when_required() {
    let app = TestApp::spawn_with(|cfg| cfg.require_totp_for_staff = true).await;
    app.user("st@example.org", Role::Staff).await;
    app.user("le@example.org", Role::Learner).await;
    let c = app.signed_in("st@example.org").await;
    let r = app.get(&c, "/orgs").await;
    assert_eq!(location(&r), "/account/totp");
    assert_eq!(app.get(&c, "/account/totp").await.status(), 200);
    let l = app.signed_in("le@example.org").await;
    assert_eq!(app.get(&l, "/orgs").await.status(), 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_and_delete_my_account() {
    let app = TestApp::spawn().await;
    let id = app.user("leaving@example.org", Role::Learner).await;
    let c = app.signed_in("leaving@example.org").await;
    let r = app.get(&c, "/account/export").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    // The archive's contents are checked in tests/api/export.rs.
    let bytes = r.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let account: serde_json::Value =
        serde_json::from_reader(zip.by_name("account.json").unwrap()).unwrap();
    assert_eq!(account["account"]["email"], "leaving@example.org");

    let r = app
        .post(
            &c,
            "/account/delete",
            "/account/delete",
            &[("password", "wrong-one-here"), ("confirm", "nope")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, "#f-password-error").is_some());
    assert!(text_of(&html, "#f-confirm-error").is_some());
    assert_eq!(value_of(&html, "#f-confirm").unwrap(), "nope");
    let r = app
        .post(
            &c,
            "/account/delete",
            "/account/delete",
            &[("password", PASSWORD), ("confirm", "delete")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        count(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM users WHERE id = {id}")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM sessions WHERE user_id = {id}")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'account_deleted'"
        )
        .await,
        1
    );
    assert_eq!(app.get(&c, "/account").await.status(), 303);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_finds_users_changes_roles_and_deactivates() {
    let app = TestApp::spawn().await;
    app.user("boss@example.org", Role::Admin).await;
    let target = app.user("helper@example.org", Role::Learner).await;
    let t = app.signed_in("helper@example.org").await;
    let admin = app.signed_in("boss@example.org").await;
    let page = app
        .get(&admin, "/admin/users?q=helper")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("helper@example.org"));
    assert!(!page.contains("boss@example.org"));

    let r = app
        .post(
            &admin,
            &format!("/admin/users/{target}/role"),
            "/admin/users",
            &[("role", "wizard")],
        )
        .await;
    assert_eq!(r.status(), 400);
    let r = app
        .post(
            &admin,
            &format!("/admin/users/{target}/role"),
            "/admin/users",
            &[("role", "facilitator")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = app
        .post(
            &admin,
            &format!("/admin/users/{target}/active"),
            "/admin/users",
            &[("active", "0")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.get(&t, "/account").await.status(),
        303,
        "a deactivated user's sessions end"
    );
    let r = app
        .post(
            &app.client(),
            "/signin",
            "/signin",
            &[("email", "helper@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 422);

    let audit = app.get(&admin, "/admin/audit").await.text().await.unwrap();
    for action in ["role_changed", "user_deactivated", "signin"] {
        assert!(audit.contains(action), "{action} in audit log");
    }
    let text = scraper::Html::parse_document(&audit)
        .root_element()
        .text()
        .collect::<String>();
    assert!(text.contains("learner -> facilitator"));
    let filtered = app
        .get(&admin, "/admin/audit?action=role_changed")
        .await
        .text()
        .await
        .unwrap();
    assert!(!filtered.contains("user_deactivated</code>"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_only_manager_cannot_delete_their_account() {
    let app = TestApp::spawn().await;
    let id = app.user("solo@example.org", Role::Learner).await;
    let input = tta::orgs::model::OrgInput {
        name: "Solo Shelter".into(),
        kind: "shelter".into(),
        services: vec![],
        state: "WA".into(),
        staff_size: "1-5".into(),
    };
    tta::orgs::model::create(&app.state.db, &input, id, "")
        .await
        .unwrap();
    let c = app.signed_in("solo@example.org").await;
    let r = app
        .post(
            &c,
            "/account/delete",
            "/account/delete",
            &[("password", PASSWORD), ("confirm", "DELETE")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("only manager of Solo Shelter"));
    assert_eq!(
        count(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM users WHERE id = {id}")
        )
        .await,
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_and_reset_are_rate_limited_per_address() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let t = tta::db::now();
    for (key, window) in [("signup:ip:127.0.0.1", 3600), ("reset:ip:127.0.0.1", 3600)] {
        sqlx::query("INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 20)")
            .bind(key)
            .bind(t - t % window)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
    let r = app
        .post(
            &c,
            "/signup",
            "/signup",
            &[
                ("name", "Max Lee"),
                ("email", "max@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), 429);
    let html = r.text().await.unwrap();
    assert!(html.contains("Too many attempts"));
    assert_eq!(
        value_of(&html, "#f-email").unwrap(),
        "max@example.org",
        "what was typed is kept"
    );
    let r = app
        .post(
            &c,
            "/password/forgot",
            "/password/forgot",
            &[("email", "max@example.org")],
        )
        .await;
    assert_eq!(r.status(), 429);
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM users").await, 0);
    app.stop().await;
}
