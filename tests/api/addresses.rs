//! No secret travels in an address. Addresses land in browser history, server and proxy
//! logs and Referer headers, so the form token, the session and passwords must never be
//! part of one: every link, image, frame and form action on every page of the route table
//! is checked, for every role, and forms that send by GET must hold no token or password.

use std::collections::BTreeSet;

use scraper::{Html, Selector};

use crate::{
    helpers::*,
    walk::{pages, realistic_data, EVERYONE},
};

/// Query parameters that name a secret, whatever their value. ("session" alone is a
/// training session on the attendance pages, so the sign-in session goes by its cookie name.)
const SECRET_NAMES: &[&str] = &[
    "_csrf",
    "csrf",
    "csrf_token",
    "password",
    "passphrase",
    "session_id",
    "tta_session",
    "secret",
    "api_key",
    "access_token",
];

/// Every address on the page, with where it was found.
fn addresses(html: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for (css, attr) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("img[src]", "src"),
        ("iframe[src]", "src"),
        ("form", "action"),
        ("button[formaction]", "formaction"),
    ] {
        let sel = Selector::parse(css).unwrap();
        for e in doc.select(&sel) {
            if let Some(v) = e.value().attr(attr) {
                out.push((format!("<{} {attr}>", e.value().name()), v.to_string()));
            }
        }
    }
    out
}

/// Problems with the forms on the page: a GET form carrying a token or a password, a
/// multipart form whose token is not its first field.
fn form_problems(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let forms = Selector::parse("form").unwrap();
    let inputs = Selector::parse("input, textarea, select").unwrap();
    let mut out = Vec::new();
    for f in doc.select(&forms) {
        let method = f
            .value()
            .attr("method")
            .unwrap_or("get")
            .to_ascii_lowercase();
        let action = f.value().attr("action").unwrap_or("").to_string();
        let fields: Vec<_> = f.select(&inputs).collect();
        if method == "get" {
            for i in &fields {
                let name = i.value().attr("name").unwrap_or("");
                if SECRET_NAMES.contains(&name) || i.value().attr("type") == Some("password") {
                    out.push(format!(
                        "GET form to {action:?} sends {name:?} in its address"
                    ));
                }
            }
        }
        if f.value().attr("enctype") == Some("multipart/form-data") {
            let first = fields
                .first()
                .and_then(|i| i.value().attr("name"))
                .unwrap_or("");
            if first != "_csrf" {
                out.push(format!("upload form to {action:?} has {first:?}, not the form token, as its first field"));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_address_on_any_page_carries_a_secret() {
    let app = TestApp::spawn().await;
    let (passwords, params) = realistic_data(&app).await;
    let pages = pages(&params);
    let mut problems = BTreeSet::new();
    let mut looked = 0;
    for who in EVERYONE {
        let c = match who.email() {
            Some(email) => {
                let c = app.client();
                let r = app
                    .post(
                        &c,
                        "/signin",
                        "/signin",
                        &[("email", email), ("password", &passwords[email])],
                    )
                    .await;
                assert_eq!(r.status(), 303, "sign-in for {email}");
                c
            }
            None => app.client(),
        };
        for page in pages.iter().filter(|p| who.may_open(p.access)) {
            let r = app.get(&c, &page.url).await;
            let is_html = r
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.starts_with("text/html"));
            if !r.status().is_success() || !is_html {
                continue;
            }
            let html = r.text().await.unwrap();
            looked += 1;
            // The token this page would accept, as it appears in the page's own forms.
            let token = csrf_from(&html).filter(|t| t.len() >= 16);
            for (place, addr) in addresses(&html) {
                let Ok(url) = url::Url::parse("http://tta.test/").and_then(|b| b.join(&addr))
                else {
                    continue;
                };
                for (k, _) in url.query_pairs() {
                    if SECRET_NAMES.contains(&k.to_ascii_lowercase().as_str()) {
                        problems.insert(format!(
                            "{who:?} {}: {place} {addr:?} carries {k:?}",
                            page.url
                        ));
                    }
                }
                if let Some(t) = &token {
                    if addr.contains(t.as_str()) {
                        problems.insert(format!(
                            "{who:?} {}: {place} {addr:?} carries the form token",
                            page.url
                        ));
                    }
                }
            }
            for p in form_problems(&html) {
                problems.insert(format!("{who:?} {}: {p}", page.url));
            }
        }
    }
    assert!(looked > 100, "only {looked} pages were looked at");
    assert!(
        problems.is_empty(),
        "secrets in addresses:\n  {}",
        problems.into_iter().collect::<Vec<_>>().join("\n  ")
    );
    app.stop().await;
}
