//! On a phone (390×844) no page of tta scrolls sideways, whoever looks at it.
//!
//! Every GET route of the route table is opened in Chromium, for each role that may open
//! it, over the demo content (`tta demo`'s people, organizations, courses with progress
//! and certificates, a season of trainings, the library with its files) plus the pages
//! that only an emailed link or a half-finished sign-in leads to. Path parameters are
//! filled from that data, so each page shows what it really shows; a route whose
//! parameters this test cannot fill fails it, so a new page cannot go unchecked. axe
//! checks each distinct page once, in the most privileged role's version.

use std::collections::BTreeSet;

use serde_json::Value;
use tta::accounts::model::Role;

use crate::{
    browser::Browser,
    helpers::*,
    walk::{pages, realistic_data, second_factor_user, Who, EVERYONE},
};

async fn sign_in(app: &TestApp, b: &Browser, email: &str, password: &str) {
    b.goto(&app.at("/signin")).await;
    b.fill("#f-email", email).await;
    b.fill("#f-password", password).await;
    b.submit("form[action='/signin'] button[type=submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_on_a_phone() {
    let app = TestApp::spawn().await;
    let (passwords, params) = realistic_data(&app).await;
    let two_step = second_factor_user(&app).await;

    let pages = pages(&params);

    let mut too_wide = Vec::new();
    let mut shown: BTreeSet<&str> = BTreeSet::new();
    let mut axe_checked = BTreeSet::new();
    for who in EVERYONE.into_iter().rev() {
        let b = Browser::phone().await;
        if let Some(email) = who.email() {
            sign_in(&app, &b, email, &passwords[email]).await;
        }
        for page in pages.iter().filter(|p| who.may_open(p.access)) {
            if page.route == "/signin/totp" && who == Who::Anonymous {
                // The code page belongs to a sign-in that has passed the password step.
                sign_in(&app, &b, two_step, PASSWORD).await;
            }
            // A download leaves the previous document in place: the mark tells.
            b.client()
                .execute("window.__phoneLayoutBefore = true;", vec![])
                .await
                .expect("marking the page");
            b.open(&app.at(&page.url)).await;
            let seen = b
                .client()
                .execute(
                    "const d = document.documentElement;
                     const scrollers = Array.from(document.querySelectorAll('body *'))
                       .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
                       .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().replace(/ +/g, '.') : '')
                                 + ' (' + e.scrollWidth + ' px in ' + e.clientWidth + ')');
                     return [document.contentType, location.pathname + location.search, d.scrollWidth, d.clientWidth,
                             window.innerWidth, !!document.querySelector('.error-page'), window.__phoneLayoutBefore === true,
                             scrollers];",
                    vec![],
                )
                .await
                .expect("measuring the page");
            let n = |i: usize| seen[i].as_i64().unwrap_or(0);
            let (kind, landed, error) = (
                seen[0].as_str().unwrap_or(""),
                seen[1].as_str().unwrap_or("").to_string(),
                seen[5] == Value::Bool(true),
            );
            assert!(
                seen[6] != Value::Bool(true),
                "{} loaded no new page (a download?): list it in NOT_PAGES",
                page.route
            );
            assert_eq!(
                kind, "text/html",
                "{} is not an HTML page: list it in NOT_PAGES",
                page.route
            );
            // A page wider than the phone makes a mobile browser zoom out, which widens
            // innerWidth with it; clientWidth stays the width of the screen.
            let (scroll, client, inner) = (n(2), n(3), n(4));
            if scroll > client.min(inner) {
                too_wide.push(format!(
                    "{who:?} {}: {scroll} px wide on a {client} px screen",
                    page.url
                ));
            }
            // A table in a sideways scroller keeps the page narrow but hides columns.
            for inside in seen[7].as_array().into_iter().flatten() {
                too_wide.push(format!(
                    "{who:?} {}: {} scrolls sideways",
                    page.url,
                    inside.as_str().unwrap_or("?")
                ));
            }
            if !error && (!landed.starts_with("/signin") || page.route.starts_with("/signin")) {
                shown.insert(page.route);
            }
            // axe is the slow part: each page it has not seen yet, in the most privileged
            // role's version first (richest in controls).
            if axe_checked.insert(landed.to_string()) {
                b.assert_accessible().await;
            }
        }
        b.close().await;
    }

    assert!(
        too_wide.is_empty(),
        "pages, or parts of pages, that scroll sideways on a phone:\n  {}",
        too_wide.join("\n  ")
    );
    let never: Vec<&str> = pages
        .iter()
        .map(|p| p.route)
        .filter(|r| !shown.contains(r))
        .collect();
    assert!(
        never.is_empty(),
        "no role saw these pages themselves (only errors or the sign-in page), so their width went unchecked:\n  {}",
        never.join("\n  ")
    );
    app.stop().await;
}

/// Top edges and heights of what matches `css`, in CSS pixels.
async fn boxes(b: &Browser, css: &str) -> Vec<(i64, i64)> {
    let v = b
        .client()
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0])).filter(e => e.getClientRects().length > 0)
                    .map(e => { const r = e.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.height)]; });",
            vec![serde_json::json!(css)],
        )
        .await
        .expect("measuring");
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_i64().unwrap(), p[1].as_i64().unwrap()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_header_is_one_row_and_folds_into_a_menu_on_a_phone() {
    let app = TestApp::spawn().await;
    app.user("dana.whitfield-okonkwo@institute.example.org", Role::Admin)
        .await;

    // A phone: the brand and a Menu button, one row; the links appear when it is opened,
    // with no script, and lead where they say.
    let p = Browser::phone().await;
    sign_in(
        &app,
        &p,
        "dana.whitfield-okonkwo@institute.example.org",
        PASSWORD,
    )
    .await;
    p.goto(&app.at("/")).await;
    let header = boxes(&p, "header.site").await[0];
    assert!(
        header.1 <= 64,
        "the closed header is one row, not {} px",
        header.1
    );
    assert!(
        boxes(&p, "header.site nav a").await.is_empty(),
        "the links wait behind the menu"
    );
    assert!(boxes(&p, "header.site .who a").await.is_empty());
    p.click("header.site summary").await;
    assert_eq!(
        boxes(&p, "header.site nav a").await.len(),
        10,
        "every link of an administrator"
    );
    assert_eq!(boxes(&p, "header.site .who a").await.len(), 1);
    p.assert_accessible().await;
    p.click("header.site nav a[href='/trainings']").await;
    assert!(p.url().await.ends_with("/trainings"));
    p.click("header.site summary").await;
    assert_eq!(
        p.text("header.site nav a[aria-current='page']").await,
        "Trainings"
    );
    p.close().await;

    // A desktop: no Menu button, and every link in one row with the account links.
    let d = Browser::start().await;
    sign_in(
        &app,
        &d,
        "dana.whitfield-okonkwo@institute.example.org",
        PASSWORD,
    )
    .await;
    d.goto(&app.at("/")).await;
    assert!(boxes(&d, "header.site summary").await.is_empty());
    let links = boxes(
        &d,
        "header.site nav a, header.site .who a, header.site .who button",
    )
    .await;
    assert_eq!(links.len(), 12);
    let (top, bottom) = (
        links.iter().map(|l| l.0).min().unwrap(),
        links.iter().map(|l| l.0 + l.1).max().unwrap(),
    );
    let widths = d
        .client()
        .execute(
            "const w = s => Math.round(document.querySelector(s).getBoundingClientRect().width);
             return [window.innerWidth, w('.menu-body'), w('header nav ul'), w('.who')];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        bottom - top <= links[0].1 + 4,
        "one row of links: {links:?}; widths of the viewport, the links, the navigation and the account links: {widths}"
    );
    d.close().await;
    app.stop().await;
}
