//! Every page of the route table, filled with realistic data, for tests that walk them
//! all: the demo content (`tta demo`'s people, organizations, courses with progress and
//! certificates, a season of trainings, the library with its files) plus the pages that
//! only an emailed link or a half-finished sign-in leads to. Path parameters are filled
//! from that data, so each page shows what it really shows; a route whose parameters
//! cannot be filled fails the walk, so a new page cannot go unchecked.

use std::collections::BTreeMap;

use reqwest::Client;
use sqlx::Row;
use tta::{
    accounts::{model::Role, totp},
    web::{access::Access, routes},
};

use crate::helpers::*;

/// Routes that answer with something other than a page a person reads in the browser:
/// stylesheet, probes and metrics, downloads (JSON export, PDF, Markdown, CSV, calendar
/// files, library files). Everything under /api/ is the JSON API and is left out too.
pub(crate) const NOT_PAGES: &[&str] = &[
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
pub(crate) const VIEWS: &[(&str, &str)] = &[
    ("/trainings", "/trainings?view=calendar"),
    ("/resources", "/resources?q=shelter"),
    ("/courses", "/courses?q=trauma"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    Anonymous,
    Learner,
    OrgManager,
    Facilitator,
    Staff,
    Admin,
}

pub(crate) const EVERYONE: [Who; 6] = [
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
    pub(crate) fn email(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Learner => Some("tomas@harborlight.example.org"),
            Who::OrgManager => Some("priya@harborlight.example.org"),
            Who::Facilitator => Some("facilitator@demo.tta.example.org"),
            Who::Staff => Some("staff@demo.tta.example.org"),
            Who::Admin => Some("admin@demo.tta.example.org"),
        }
    }

    pub(crate) fn role(self) -> Option<Role> {
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
    pub(crate) fn may_open(self, access: Access) -> bool {
        let at_least = |r: Role| self.role().is_some_and(|mine| mine >= r);
        match access {
            Access::Public => true,
            Access::SignedIn => self != Who::Anonymous,
            Access::AtLeast(r) => at_least(r),
            Access::OrgMember => {
                matches!(self, Who::Learner | Who::OrgManager) || at_least(Role::Staff)
            }
            Access::OrgManager => matches!(self, Who::OrgManager | Who::Admin),
            Access::EventFacilitator => self == Who::Facilitator || at_least(Role::Staff),
            Access::ApiToken | Access::ApiAtLeast(_) => false,
        }
    }
}

/// Values for path parameters, by the literal segment before the parameter and its name:
/// `{id}` after `courses` is a course, after `reviews` a saved review.
pub(crate) type Params = BTreeMap<(&'static str, &'static str), String>;

/// The route's path with its parameters filled in, or the parameters nobody knows.
pub(crate) fn fill(path: &str, params: &Params) -> Result<String, String> {
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
pub(crate) async fn first_row(app: &TestApp, sql: &str, binds: &[&str]) -> Vec<String> {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    let row = q
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    (0..row.len())
        .map(|i| match row.try_get::<String, _>(i) {
            Ok(s) => s,
            Err(_) => row.try_get::<i64, _>(i).unwrap().to_string(),
        })
        .collect()
}

pub(crate) async fn one_str(app: &TestApp, sql: &str, binds: &[&str]) -> String {
    first_row(app, sql, binds).await.swap_remove(0)
}

/// A reqwest client signed in with a password of the demo's.
pub(crate) async fn client_for(app: &TestApp, email: &str, password: &str) -> Client {
    let c = app.client();
    let r = app
        .post(
            &c,
            "/signin",
            "/signin",
            &[("email", email), ("password", password)],
        )
        .await;
    assert_eq!(r.status(), 303, "sign-in for {email}");
    c
}

/// The demo content, the links that only email gives, and a value for every parameter.
pub(crate) async fn realistic_data(app: &TestApp) -> (BTreeMap<String, String>, Params) {
    let accounts = tta::demo::load(&app.state)
        .await
        .expect("load the demo content");
    let passwords: BTreeMap<String, String> = accounts
        .into_iter()
        .map(|(_, email, pw)| (email, pw))
        .collect();
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
    let facilitator = one_str(
        app,
        "SELECT id FROM users WHERE email = $1",
        &[Who::Facilitator.email().unwrap()],
    )
    .await;
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
    let verify = app
        .email_to("ngozi.adeyemi@riverbendhouse.example.org")
        .await
        .path();
    app.user(
        "farrukh.tashkentova@northstarclinic.example.org",
        Role::Learner,
    )
    .await;
    app.post(
        &anon,
        "/password/forgot",
        "/password/forgot",
        &[("email", "farrukh.tashkentova@northstarclinic.example.org")],
    )
    .await;
    let reset = app
        .email_to("farrukh.tashkentova@northstarclinic.example.org")
        .await
        .path();
    let farrukh = app
        .signed_in("farrukh.tashkentova@northstarclinic.example.org")
        .await;
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
    let confirm = app
        .email_to("f.tashkentova@northstarclinic.example.org")
        .await
        .path();
    let priya = client_for(app, manager, &passwords[manager]).await;
    let org_page = format!("/orgs/{org}");
    app.post(
        &priya,
        &format!("/orgs/{org}/invitations"),
        &org_page,
        &[
            (
                "email",
                "bartholomew.oyelaran-whitfield@harborlight.example.org",
            ),
            ("role", "member"),
        ],
    )
    .await;
    let invitation = app
        .email_to("bartholomew.oyelaran-whitfield@harborlight.example.org")
        .await
        .path();
    for (link, starts) in [
        (&verify, "/verify/"),
        (&reset, "/password/reset/"),
        (&confirm, "/account/email/confirm/"),
        (&invitation, "/invitations/"),
    ] {
        assert!(
            link.starts_with(starts),
            "expected a link to {starts}…, got {link}"
        );
    }
    let last = |p: &str| p.rsplit('/').next().unwrap().to_string();

    let first_user = count(&app.state.db, "SELECT MIN(id) FROM users").await;
    let signin_link = tta::accounts::email_tokens::create(
        &app.state.db.pool,
        first_user,
        tta::accounts::email_tokens::Purpose::Signin,
        None,
    )
    .await
    .unwrap();
    let params: Params = [
        (("link", "token"), signin_link),
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
pub(crate) async fn second_factor_user(app: &TestApp) -> &'static str {
    let email = "imogen.two-step@demo.tta.example.org";
    app.user(email, Role::Staff).await;
    let c = app.signed_in(email).await;
    let page = app.get(&c, "/account/totp").await.text().await.unwrap();
    let secret = text_of(&page, "code.secret").expect("the secret is shown");
    let code = totp::current_code(&secret).unwrap();
    let r = app
        .post(&c, "/account/totp", "/account/totp", &[("code", &code)])
        .await;
    assert_eq!(r.status(), 303, "two-step sign-in turned on");
    email
}

/// A page to open: its route, the address with parameters filled, and who may open it.
pub(crate) struct Page {
    pub(crate) route: &'static str,
    pub(crate) url: String,
    pub(crate) access: Access,
}

/// Every GET page of the route table (and the extra views), with parameters filled.
/// Panics, naming them, on routes whose parameters nobody knows how to fill.
pub(crate) fn pages(params: &Params) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut unfillable = Vec::new();
    for r in routes::table() {
        if r.method != "GET" || r.path.starts_with("/api/") || NOT_PAGES.contains(&r.path) {
            continue;
        }
        match fill(r.path, params) {
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
        "cannot fill the parameters of these routes; give them a value (params in realistic_data) \
         or, if they are not HTML pages, list them in NOT_PAGES:\n  {}",
        unfillable.join("\n  ")
    );
    pages
}
