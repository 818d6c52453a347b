//! On a phone (390×844) no page of tta scrolls sideways, whoever looks at it.
//!
//! Every GET route of the route table is opened in Chromium, for each role that may open
//! it, over the demo content (`tta demo`'s people, organizations, courses with progress
//! and certificates, a season of trainings, the library with its files) plus the pages
//! that only an emailed link or a half-finished sign-in leads to. Path parameters are
//! filled from that data, so each page shows what it really shows; a route whose
//! parameters this test cannot fill fails it, so a new page cannot go unchecked. axe
//! checks each distinct page once, in the most privileged role's version.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Client;
use serde_json::Value;
use sqlx::Row;
use tta::{
    accounts::{model::Role, totp},
    web::{access::Access, routes},
};

use crate::{browser::Browser, helpers::*};

/// Routes that answer with something other than a page a person reads in the browser:
/// stylesheet, probes and metrics, downloads (JSON export, PDF, Markdown, CSV, calendar
/// files, library files). Everything under /api/ is the JSON API and is left out too.
const NOT_PAGES: &[&str] = &[
    "/static/tta.css",
    "/healthz",
    "/readyz",
    "/metrics",
    "/account/export",
    "/orgs/{org}/reviews/{id}/report",
    "/certificates/{code}/pdf",
    "/trainings/{slug}/calendar.ics",
    "/calendar/{token}",
    "/resources/{slug}/files/{file}",
    "/staff/events/{event}/registrations.csv",
    "/staff/events/{event}/attendance.csv",
    "/staff/events/{event}/evaluations.csv",
    "/events/{event}/sign-in-sheet",
];

/// Other views of a route, chosen by its query string, opened as well.
const VIEWS: &[(&str, &str)] = &[
    ("/trainings", "/trainings?view=calendar"),
    ("/resources", "/resources?q=shelter"),
    ("/courses", "/courses?q=trauma"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Learner,
    OrgManager,
    Facilitator,
    Staff,
    Admin,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Learner,
    Who::OrgManager,
    Who::Facilitator,
    Who::Staff,
    Who::Admin,
];

impl Who {
    /// The demo account for this role: a member of Harbor Light Shelter, its manager, and
    /// the institute's facilitator, staff member and administrator.
    fn email(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Learner => Some("tomas@harborlight.example.org"),
            Who::OrgManager => Some("priya@harborlight.example.org"),
            Who::Facilitator => Some("facilitator@demo.tta.example.org"),
            Who::Staff => Some("staff@demo.tta.example.org"),
            Who::Admin => Some("admin@demo.tta.example.org"),
        }
    }

    fn role(self) -> Option<Role> {
        match self {
            Who::Anonymous => None,
            Who::Learner | Who::OrgManager => Some(Role::Learner),
            Who::Facilitator => Some(Role::Facilitator),
            Who::Staff => Some(Role::Staff),
            Who::Admin => Some(Role::Admin),
        }
    }

    /// Whether the access rule lets this role in, for the organization and the training
    /// the parameters name (the learner belongs to the organization, the manager runs
    /// it, the facilitator leads the training).
    fn may_open(self, access: Access) -> bool {
        let at_least = |r: Role| self.role().is_some_and(|mine| mine >= r);
        match access {
            Access::Public => true,
            Access::SignedIn => self != Who::Anonymous,
            Access::AtLeast(r) => at_least(r),
            Access::OrgMember => matches!(self, Who::Learner | Who::OrgManager) || at_least(Role::Staff),
            Access::OrgManager => matches!(self, Who::OrgManager | Who::Admin),
            Access::EventFacilitator => self == Who::Facilitator || at_least(Role::Staff),
            Access::ApiToken | Access::ApiAtLeast(_) => false,
        }
    }
}

/// Values for path parameters, by the literal segment before the parameter and its name:
/// `{id}` after `courses` is a course, after `reviews` a saved review.
type Params = BTreeMap<(&'static str, &'static str), String>;

/// The route's path with its parameters filled in, or the parameters nobody knows.
fn fill(path: &str, params: &Params) -> Result<String, String> {
    let mut out = Vec::new();
    let mut before = "";
    let mut unknown = Vec::new();
    for seg in path.split('/') {
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => match params.iter().find(|((b, n), _)| *b == before && *n == name) {
                Some((_, v)) => out.push(v.clone()),
                None => unknown.push(format!("{{{name}}} after /{before}")),
            },
            None => {
                before = seg;
                out.push(seg.to_string());
            }
        }
    }
    if unknown.is_empty() {
        Ok(out.join("/"))
    } else {
        Err(unknown.join(", "))
    }
}

/// The first row's columns as text (ids too), with text parameters bound.
async fn first_row(app: &TestApp, sql: &str, binds: &[&str]) -> Vec<String> {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    let row = q.fetch_one(&app.state.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    (0..row.len())
        .map(|i| match row.try_get::<String, _>(i) {
            Ok(s) => s,
            Err(_) => row.try_get::<i64, _>(i).unwrap().to_string(),
        })
        .collect()
}

async fn one_str(app: &TestApp, sql: &str, binds: &[&str]) -> String {
    first_row(app, sql, binds).await.swap_remove(0)
}

/// A reqwest client signed in with a password of the demo's.
async fn client_for(app: &TestApp, email: &str, password: &str) -> Client {
    let c = app.client();
    let r = app
        .post(&c, "/signin", "/signin", &[("email", email), ("password", password)])
        .await;
    assert_eq!(r.status(), 303, "sign-in for {email}");
    c
}

/// The demo content, the links that only email gives, and a value for every parameter.
async fn realistic_data(app: &TestApp) -> (BTreeMap<String, String>, Params) {
    let accounts = tta::demo::load(&app.state).await.expect("load the demo content");
    let passwords: BTreeMap<String, String> = accounts.into_iter().map(|(_, email, pw)| (email, pw)).collect();
    let manager = Who::OrgManager.email().unwrap();

    let org = one_str(
        app,
        "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.role = 'manager'",
        &[manager],
    )
    .await;
    let review = one_str(
        app,
        "SELECT id FROM policy_reviews WHERE org_id = \
         (SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.role = 'manager') ORDER BY id",
        &[manager],
    )
    .await;
    // A course the manager finished: lessons with knowledge checks, both tests, a certificate.
    let [course_id, course_slug]: [String; 2] = first_row(
        app,
        "SELECT c.id, c.slug FROM courses c JOIN enrollments e ON e.course_id = c.id JOIN users u ON u.id = e.user_id \
         WHERE u.email = $1 AND e.completed_at IS NOT NULL ORDER BY c.id",
        &[manager],
    )
    .await
    .try_into()
    .unwrap();
    let lesson = one_str(
        app,
        "SELECT l.slug FROM lessons l JOIN course_modules m ON m.id = l.module_id JOIN courses c ON c.id = l.course_id \
         WHERE c.slug = $1 AND EXISTS (SELECT 1 FROM questions q WHERE q.lesson_id = l.id) ORDER BY m.position, l.position",
        &[&course_slug],
    )
    .await;
    let code = one_str(
        app,
        "SELECT c.code FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.email = $1 ORDER BY c.id",
        &[manager],
    )
    .await;
    let facilitator = one_str(app, "SELECT id FROM users WHERE email = $1", &[Who::Facilitator.email().unwrap()]).await;
    // The facilitator's training with the most evaluations: roster, scores and comments.
    let [event, event_slug]: [String; 2] = first_row(
        app,
        "SELECT e.id, e.slug FROM events e JOIN event_facilitators f ON f.event_id = e.id JOIN users u ON u.id = f.user_id WHERE u.email = $1 \
         ORDER BY (SELECT COUNT(*) FROM event_evaluations v JOIN registrations r ON r.id = v.registration_id WHERE r.event_id = e.id) DESC, e.id",
        &[Who::Facilitator.email().unwrap()],
    )
    .await
    .try_into()
    .unwrap();
    let [resource, resource_slug]: [String; 2] = first_row(
        app,
        "SELECT r.id, r.slug FROM resources r \
         WHERE r.status = 'published' AND EXISTS (SELECT 1 FROM resource_files f WHERE f.resource_id = r.id) ORDER BY r.id",
        &[],
    )
    .await
    .try_into()
    .unwrap();

    // Links that arrive by email: confirming a new account, resetting a password,
    // confirming a changed address, joining an organization.
    let anon = app.client();
    let r = app
        .post(
            &anon,
            "/signup",
            "/signup",
            &[
                ("name", "Ngozi Adeyemi-Castellanos"),
                ("email", "ngozi.adeyemi@riverbendhouse.example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "sign-up");
    let verify = app.email_to("ngozi.adeyemi@riverbendhouse.example.org").await.path();
    app.user("farrukh.tashkentova@northstarclinic.example.org", Role::Learner).await;
    app.post(
        &anon,
        "/password/forgot",
        "/password/forgot",
        &[("email", "farrukh.tashkentova@northstarclinic.example.org")],
    )
    .await;
    let reset = app.email_to("farrukh.tashkentova@northstarclinic.example.org").await.path();
    let farrukh = app.signed_in("farrukh.tashkentova@northstarclinic.example.org").await;
    app.post(
        &farrukh,
        "/account/email",
        "/account",
        &[
            ("new_email", "f.tashkentova@northstarclinic.example.org"),
            ("current_password", PASSWORD),
        ],
    )
    .await;
    let confirm = app.email_to("f.tashkentova@northstarclinic.example.org").await.path();
    let priya = client_for(app, manager, &passwords[manager]).await;
    let org_page = format!("/orgs/{org}");
    app.post(
        &priya,
        &format!("/orgs/{org}/invitations"),
        &org_page,
        &[
            ("email", "bartholomew.oyelaran-whitfield@harborlight.example.org"),
            ("role", "member"),
        ],
    )
    .await;
    let invitation = app.email_to("bartholomew.oyelaran-whitfield@harborlight.example.org").await.path();
    for (link, starts) in [
        (&verify, "/verify/"),
        (&reset, "/password/reset/"),
        (&confirm, "/account/email/confirm/"),
        (&invitation, "/invitations/"),
    ] {
        assert!(link.starts_with(starts), "expected a link to {starts}…, got {link}");
    }
    let last = |p: &str| p.rsplit('/').next().unwrap().to_string();

    let params: Params = [
        (("verify", "token"), last(&verify)),
        (("reset", "token"), last(&reset)),
        (("confirm", "token"), last(&confirm)),
        (("invitations", "token"), last(&invitation)),
        (("orgs", "org"), org),
        (("reviews", "id"), review),
        (("courses", "slug"), course_slug),
        (("courses", "id"), course_id),
        (("lessons", "lesson"), lesson),
        (("tests", "part"), "pre".to_string()),
        (("results", "number"), "1".to_string()),
        (("checks", "n"), "0".to_string()),
        (("questions", "n"), "0".to_string()),
        (("certificates", "code"), code),
        (("trainings", "slug"), event_slug),
        (("events", "event"), event),
        (("facilitators", "user"), facilitator),
        (("resources", "slug"), resource_slug),
        (("resources", "id"), resource),
    ]
    .into_iter()
    .collect();
    (passwords, params)
}

/// A staff member with two-step sign-in, so the code page can be reached.
async fn second_factor_user(app: &TestApp) -> &'static str {
    let email = "imogen.two-step@demo.tta.example.org";
    app.user(email, Role::Staff).await;
    let c = app.signed_in(email).await;
    let page = app.get(&c, "/account/totp").await.text().await.unwrap();
    let secret = text_of(&page, "code.secret").expect("the secret is shown");
    let code = totp::current_code(&secret).unwrap();
    let r = app.post(&c, "/account/totp", "/account/totp", &[("code", &code)]).await;
    assert_eq!(r.status(), 303, "two-step sign-in turned on");
    email
}

async fn sign_in(app: &TestApp, b: &Browser, email: &str, password: &str) {
    b.goto(&app.at("/signin")).await;
    b.fill("#f-email", email).await;
    b.fill("#f-password", password).await;
    b.submit("form[action='/signin'] button[type=submit]").await;
}

struct Page {
    route: &'static str,
    url: String,
    access: Access,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_on_a_phone() {
    let app = TestApp::spawn().await;
    let (passwords, params) = realistic_data(&app).await;
    let two_step = second_factor_user(&app).await;

    let mut pages = Vec::new();
    let mut unfillable = Vec::new();
    for r in routes::table() {
        if r.method != "GET" || r.path.starts_with("/api/") || NOT_PAGES.contains(&r.path) {
            continue;
        }
        match fill(r.path, &params) {
            Ok(url) => {
                pages.push(Page {
                    route: r.path,
                    url,
                    access: r.access,
                });
                for (_, view) in VIEWS.iter().filter(|(route, _)| *route == r.path) {
                    pages.push(Page {
                        route: r.path,
                        url: view.to_string(),
                        access: r.access,
                    });
                }
            }
            Err(unknown) => unfillable.push(format!("{} ({unknown})", r.path)),
        }
    }
    for (route, view) in VIEWS {
        assert!(
            pages.iter().any(|p| p.url == *view && p.route == *route),
            "{view}: {route} is not a page of the route table"
        );
    }
    assert!(
        unfillable.is_empty(),
        "this test cannot fill the parameters of these routes; give it a value (params in \
         realistic_data) or, if they are not HTML pages, list them in NOT_PAGES:\n  {}",
        unfillable.join("\n  ")
    );

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
            assert_eq!(kind, "text/html", "{} is not an HTML page: list it in NOT_PAGES", page.route);
            // A page wider than the phone makes a mobile browser zoom out, which widens
            // innerWidth with it; clientWidth stays the width of the screen.
            let (scroll, client, inner) = (n(2), n(3), n(4));
            if scroll > client.min(inner) {
                too_wide.push(format!("{who:?} {}: {scroll} px wide on a {client} px screen", page.url));
            }
            // A table in a sideways scroller keeps the page narrow but hides columns.
            for inside in seen[7].as_array().into_iter().flatten() {
                too_wide.push(format!("{who:?} {}: {} scrolls sideways", page.url, inside.as_str().unwrap_or("?")));
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
    let never: Vec<&str> = pages.iter().map(|p| p.route).filter(|r| !shown.contains(r)).collect();
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
    app.user("dana.whitfield-okonkwo@institute.example.org", Role::Admin).await;

    // A phone: the brand and a Menu button, one row; the links appear when it is opened,
    // with no script, and lead where they say.
    let p = Browser::phone().await;
    sign_in(&app, &p, "dana.whitfield-okonkwo@institute.example.org", PASSWORD).await;
    p.goto(&app.at("/")).await;
    let header = boxes(&p, "header.site").await[0];
    assert!(header.1 <= 64, "the closed header is one row, not {} px", header.1);
    assert!(boxes(&p, "header.site nav a").await.is_empty(), "the links wait behind the menu");
    assert!(boxes(&p, "header.site .who a").await.is_empty());
    p.click("header.site summary").await;
    assert_eq!(boxes(&p, "header.site nav a").await.len(), 10, "every link of an administrator");
    assert_eq!(boxes(&p, "header.site .who a").await.len(), 1);
    p.assert_accessible().await;
    p.click("header.site nav a[href='/trainings']").await;
    assert!(p.url().await.ends_with("/trainings"));
    p.click("header.site summary").await;
    assert_eq!(p.text("header.site nav a[aria-current='page']").await, "Trainings");
    p.close().await;

    // A desktop: no Menu button, and every link in one row with the account links.
    let d = Browser::start().await;
    sign_in(&app, &d, "dana.whitfield-okonkwo@institute.example.org", PASSWORD).await;
    d.goto(&app.at("/")).await;
    assert!(boxes(&d, "header.site summary").await.is_empty());
    let links = boxes(&d, "header.site nav a, header.site .who a, header.site .who button").await;
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
