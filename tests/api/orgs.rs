//! Organizations: creating and editing them, inviting colleagues, accepting invitations,
//! who sees what, role changes, removal, leaving, and the invitation rate limit.

use reqwest::Client;
use tta::{accounts::model::Role, orgs::model::MemberRole};

use crate::helpers::{count, location, text_of, value_of, TestApp};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A valid organization form.
const GOOD: &[(&str, &str)] = &[
    ("name", "Safe Harbor Shelter"),
    ("kind", "shelter"),
    ("services", "housing"),
    ("services", "legal"),
    ("state", "CA"),
    ("staff_size", "6-20"),
];

/// The good form with every `field` replaced by `value` (or dropped when `None`).
fn good_with<'a>(field: &'a str, value: Option<&'a str>) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = GOOD.iter().copied().filter(|(k, _)| *k != field).collect();
    if let Some(v) = value {
        out.push((field, v));
    }
    out
}

/// Creates an organization through the form and returns its id.
async fn create_org(app: &TestApp, c: &Client, name: &str) -> i64 {
    let mut fields = good_with("name", None);
    fields.push(("name", name));
    let r = app.post(c, "/orgs/new", "/orgs/new", &fields).await;
    assert_eq!(
        r.status(),
        303,
        "creating {name}: {}",
        r.text().await.unwrap_or_default()
    );
    org_id_from(&location(&r))
}

fn org_id_from(loc: &str) -> i64 {
    loc.strip_prefix("/orgs/")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("expected a redirect to /orgs/{{id}}, got {loc:?}"))
}

/// Adds a membership directly (for tests that are not about invitations).
async fn add_member(app: &TestApp, org: i64, user: i64, role: &str) {
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(org)
    .bind(user)
    .bind(role)
    .bind(tta::db::now())
    .execute(&app.state.db.pool)
    .await
    .unwrap();
}

async fn role_in(app: &TestApp, org: i64, user: i64) -> Option<MemberRole> {
    tta::orgs::model::membership(&app.state.db, org, user)
        .await
        .unwrap()
}

async fn n(app: &TestApp, sql: &str) -> i64 {
    count(&app.state.db, sql).await
}

fn doc(html: &str) -> scraper::Html {
    scraper::Html::parse_document(html)
}

fn all_attr(html: &str, css: &str, attr: &str) -> Vec<String> {
    let d = doc(html);
    let sel = scraper::Selector::parse(css).unwrap();
    d.select(&sel)
        .filter_map(|e| e.value().attr(attr))
        .map(String::from)
        .collect()
}

/// The value of the selected option of a `<select>` (None when nothing is selected).
fn selected(html: &str, select_css: &str) -> Option<String> {
    value_of(html, &format!("{select_css} option[selected]"))
}

/// The values of the checked service boxes, in page order.
fn checked_services(html: &str) -> Vec<String> {
    all_attr(html, "input[name=services][checked]", "value")
}

fn has(html: &str, css: &str) -> bool {
    let d = doc(html);
    let sel = scraper::Selector::parse(css).unwrap();
    let found = d.select(&sel).next().is_some();
    found
}

/// The message shown beside a field; the markup puts a hidden "Error: " before some.
fn error_beside(html: &str, field: &str) -> Option<String> {
    text_of(html, &format!("#f-{field}-error"))
        .map(|t| t.trim_start_matches("Error:").trim().to_string())
}

/// Sends an invitation as `c` and returns the response.
async fn invite(app: &TestApp, c: &Client, org: i64, email: &str, role: &str) -> reqwest::Response {
    let page = format!("/orgs/{org}");
    app.post(
        c,
        &format!("/orgs/{org}/invitations"),
        &page,
        &[("email", email), ("role", role)],
    )
    .await
}

/// Waits for a rate-limit window that will not end during the next few seconds.
async fn away_from_window_edge(secs: i64) {
    loop {
        let now = tta::db::now();
        if now % secs < secs - 10 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

// ---------------------------------------------------------------------------------------
// Creating
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_an_organization_makes_the_creator_its_manager() {
    let app = TestApp::spawn().await;
    let (uid, c) = app.as_role("founder@example.org", Role::Learner).await;

    let form = app.get(&c, "/orgs/new").await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(
        has(&html, "form[action='/orgs/new'] input#f-name"),
        "the form has a name field"
    );
    assert_eq!(
        all_attr(&html, "#f-kind option", "value").len(),
        1 + tta::orgs::model::KINDS.len()
    );

    let r = app.post(&c, "/orgs/new", "/orgs/new", GOOD).await;
    assert_eq!(r.status(), 303);
    let id = org_id_from(&location(&r));

    let org = tta::orgs::model::get(&app.state.db, id)
        .await
        .unwrap()
        .expect("the organization is saved");
    assert_eq!(org.name, "Safe Harbor Shelter");
    assert_eq!(org.kind, "shelter");
    assert_eq!(
        org.services,
        vec!["housing".to_string(), "legal".to_string()]
    );
    assert_eq!(org.state, "CA");
    assert_eq!(org.staff_size, "6-20");
    assert_eq!(role_in(&app, id, uid).await, Some(MemberRole::Manager));
    assert_eq!(n(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'org_created' AND target = 'org:{id}' AND actor_id = {uid}")).await, 1);

    let page = app.get(&c, &format!("/orgs/{id}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert_eq!(text_of(&html, "h1").as_deref(), Some("Safe Harbor Shelter"));
    assert!(
        html.contains("Your organization is set up"),
        "the flash message is shown"
    );
    assert!(has(&html, "#staff-h"), "a manager sees the staff list");
    assert!(
        text_of(&html, "table tbody")
            .unwrap()
            .contains("founder@example.org"),
        "the staff list shows the manager's email"
    );
    assert!(html.contains("California"));
    assert!(html.contains("Housing") && html.contains("Legal help"));
    assert!(
        has(&html, &format!("a[href='/orgs/{id}/edit']")),
        "a manager gets the edit link"
    );
    assert!(
        has(&html, &format!("form[action='/orgs/{id}/invitations']")),
        "a manager gets the invite form"
    );

    // The list of one's organizations shows it, with the role.
    let list = app.get(&c, "/orgs").await.text().await.unwrap();
    let mine = text_of(&list, ".card-list").unwrap();
    assert!(
        mine.contains("Safe Harbor Shelter") && mine.contains("Manager"),
        "{mine}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organization_names_are_trimmed_escaped_and_may_be_160_characters() {
    let app = TestApp::spawn().await;
    let (_, c) = app.as_role("founder@example.org", Role::Learner).await;

    let id = create_org(&app, &c, "   Padded Name   ").await;
    assert_eq!(
        tta::orgs::model::get(&app.state.db, id)
            .await
            .unwrap()
            .unwrap()
            .name,
        "Padded Name"
    );

    // The limit counts characters, not bytes.
    let long = "é".repeat(160);
    let id = create_org(&app, &c, &long).await;
    assert_eq!(
        tta::orgs::model::get(&app.state.db, id)
            .await
            .unwrap()
            .unwrap()
            .name,
        long
    );

    let id = create_org(&app, &c, "<script>alert(1)</script> & Co").await;
    let html = app
        .get(&c, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "the name is escaped"
    );
    assert_eq!(
        text_of(&html, "h1").as_deref(),
        Some("<script>alert(1)</script> & Co")
    );

    // No services at all is allowed.
    let r = app
        .post(&c, "/orgs/new", "/orgs/new", &good_with("services", None))
        .await;
    assert_eq!(r.status(), 303);
    let id = org_id_from(&location(&r));
    assert!(tta::orgs::model::get(&app.state.db, id)
        .await
        .unwrap()
        .unwrap()
        .services
        .is_empty());
    app.stop().await;
}

struct BadCase {
    what: &'static str,
    field: &'static str,
    fields: Vec<(&'static str, String)>,
    message: &'static str,
}

fn bad_cases() -> Vec<BadCase> {
    let with = |field: &'static str, value: Option<String>| -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = GOOD
            .iter()
            .filter(|(k, _)| *k != field)
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        if let Some(v) = value {
            out.push((field, v));
        }
        out
    };
    let mut unknown_service = with("services", None);
    unknown_service.push(("services", "housing".into()));
    unknown_service.push(("services", "teleportation".into()));
    unknown_service.push(("services", "legal".into()));
    vec![
        BadCase {
            what: "empty name",
            field: "name",
            fields: with("name", Some(String::new())),
            message: "Enter the organization's name.",
        },
        BadCase {
            what: "blank name",
            field: "name",
            fields: with("name", Some("    ".into())),
            message: "Enter the organization's name.",
        },
        BadCase {
            what: "missing name",
            field: "name",
            fields: with("name", None),
            message: "Enter the organization's name.",
        },
        BadCase {
            what: "161-character name",
            field: "name",
            fields: with("name", Some("x".repeat(161))),
            message: "Use 160 characters or fewer.",
        },
        BadCase {
            what: "unknown kind",
            field: "kind",
            fields: with("kind", Some("spaceship".into())),
            message: "Choose the kind of program.",
        },
        BadCase {
            what: "no kind",
            field: "kind",
            fields: with("kind", Some(String::new())),
            message: "Choose the kind of program.",
        },
        BadCase {
            what: "unknown service",
            field: "services",
            fields: unknown_service,
            message: "Choose services from the list.",
        },
        BadCase {
            what: "unknown state",
            field: "state",
            fields: with("state", Some("ZZ".into())),
            message: "Choose a state or territory.",
        },
        BadCase {
            what: "state by name",
            field: "state",
            fields: with("state", Some("California".into())),
            message: "Choose a state or territory.",
        },
        BadCase {
            what: "unknown staff size",
            field: "staff_size",
            fields: with("staff_size", Some("1000".into())),
            message: "Choose the number of staff.",
        },
        BadCase {
            what: "no staff size",
            field: "staff_size",
            fields: with("staff_size", None),
            message: "Choose the number of staff.",
        },
    ]
}

/// Checks that a re-rendered organization form kept what was typed in every field other
/// than `bad` (and in `bad` too for the text field).
fn assert_kept(what: &str, html: &str, fields: &[(&str, String)], bad: &str) {
    let typed = |k: &str| {
        fields
            .iter()
            .find(|(f, _)| *f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        value_of(html, "input#f-name").unwrap_or_default(),
        typed("name"),
        "{what}: name kept"
    );
    if bad != "kind" {
        assert_eq!(
            selected(html, "#f-kind").as_deref(),
            Some("shelter"),
            "{what}: kind kept"
        );
    }
    if bad != "state" {
        assert_eq!(
            selected(html, "#f-state").as_deref(),
            Some("CA"),
            "{what}: state kept"
        );
    }
    if bad != "staff_size" {
        assert_eq!(
            selected(html, "#f-staff_size").as_deref(),
            Some("6-20"),
            "{what}: staff size kept"
        );
    }
    assert_eq!(
        checked_services(html),
        vec!["housing".to_string(), "legal".to_string()],
        "{what}: services kept"
    );
    for other in ["name", "kind", "services", "state", "staff_size"] {
        if other != bad {
            assert_eq!(
                error_beside(html, other),
                None,
                "{what}: no message beside {other}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_form_refuses_bad_input_field_by_field_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let (_, c) = app.as_role("founder@example.org", Role::Learner).await;

    for case in bad_cases() {
        let fields: Vec<(&str, &str)> = case.fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.post(&c, "/orgs/new", "/orgs/new", &fields).await;
        assert_eq!(r.status(), 422, "{}", case.what);
        let html = r.text().await.unwrap();
        assert_eq!(
            error_beside(&html, case.field).as_deref(),
            Some(case.message),
            "{}: message beside {}",
            case.what,
            case.field
        );
        assert!(
            has(&html, ".error-summary"),
            "{}: the summary lists the problem",
            case.what
        );
        assert!(
            has(&html, "form[action='/orgs/new']"),
            "{}: the form is shown again",
            case.what
        );
        assert_kept(case.what, &html, &case.fields, case.field);
        if case.field == "services" {
            assert!(
                has(&html, "fieldset#f-services.invalid"),
                "the services group is marked invalid"
            );
        } else if case.field != "name" {
            assert_eq!(
                all_attr(&html, &format!("#f-{}", case.field), "aria-describedby"),
                vec![format!("f-{}-error", case.field)],
                "{}: the field points at its message",
                case.what
            );
        }
    }
    assert_eq!(
        n(&app, "SELECT COUNT(*) FROM organizations").await,
        0,
        "nothing half-saved"
    );
    assert_eq!(n(&app, "SELECT COUNT(*) FROM memberships").await, 0);
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'org_created'"
        )
        .await,
        0
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_form_with_an_empty_body_marks_every_required_field() {
    let app = TestApp::spawn().await;
    let (_, c) = app.as_role("founder@example.org", Role::Learner).await;

    let r = app.post(&c, "/orgs/new", "/orgs/new", &[]).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert_eq!(
        error_beside(&html, "name").as_deref(),
        Some("Enter the organization's name.")
    );
    assert_eq!(
        error_beside(&html, "kind").as_deref(),
        Some("Choose the kind of program.")
    );
    assert_eq!(
        error_beside(&html, "state").as_deref(),
        Some("Choose a state or territory.")
    );
    assert_eq!(
        error_beside(&html, "staff_size").as_deref(),
        Some("Choose the number of staff.")
    );
    assert_eq!(
        error_beside(&html, "services"),
        None,
        "services are optional"
    );
    assert_eq!(value_of(&html, "input#f-name").as_deref(), Some(""));
    assert_eq!(selected(&html, "#f-kind"), None);
    assert!(checked_services(&html).is_empty());
    assert_eq!(n(&app, "SELECT COUNT(*) FROM organizations").await, 0);

    // A body without even the CSRF token is refused before the form is looked at.
    let r = c
        .post(app.at("/orgs/new"))
        .form(&[("name", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(n(&app, "SELECT COUNT(*) FROM organizations").await, 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_visitors_are_sent_to_sign_in() {
    let app = TestApp::spawn().await;
    let (_, c) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &c, "Safe Harbor").await;

    let anon = app.client();
    for path in [
        "/orgs".to_string(),
        "/orgs/new".to_string(),
        format!("/orgs/{id}"),
        format!("/orgs/{id}/edit"),
    ] {
        let r = app.get(&anon, &path).await;
        assert_eq!(r.status(), 303, "{path}");
        let next: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
        assert_eq!(location(&r), format!("/signin?next={next}"), "{path}");
    }
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Editing
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_edits_the_organization() {
    let app = TestApp::spawn().await;
    let (uid, c) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &c, "Safe Harbor").await;
    let edit = format!("/orgs/{id}/edit");

    let r = app.get(&c, &edit).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert_eq!(
        value_of(&html, "input#f-name").as_deref(),
        Some("Safe Harbor"),
        "the form is filled in"
    );
    assert_eq!(selected(&html, "#f-kind").as_deref(), Some("shelter"));
    assert_eq!(selected(&html, "#f-state").as_deref(), Some("CA"));
    assert_eq!(selected(&html, "#f-staff_size").as_deref(), Some("6-20"));
    assert_eq!(checked_services(&html), vec!["housing", "legal"]);
    assert!(has(&html, &format!("form[action='{edit}']")));

    let r = app
        .post(
            &c,
            &edit,
            &edit,
            &[
                ("name", "Safe Harbor Legal"),
                ("kind", "legal"),
                ("services", "immigration"),
                ("services", "interpretation"),
                ("services", "legal"),
                ("state", "PR"),
                ("staff_size", "200+"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/orgs/{id}"));
    let org = tta::orgs::model::get(&app.state.db, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(org.name, "Safe Harbor Legal");
    assert_eq!(org.kind, "legal");
    assert_eq!(org.services, vec!["immigration", "interpretation", "legal"]);
    assert_eq!(org.state, "PR");
    assert_eq!(org.staff_size, "200+");
    assert_eq!(n(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'org_updated' AND target = 'org:{id}' AND actor_id = {uid}")).await, 1);

    let html = app
        .get(&c, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(text_of(&html, "h1").as_deref(), Some("Safe Harbor Legal"));
    assert!(html.contains("Puerto Rico") && html.contains("200+ people"));

    // Unchecking every service clears them.
    let r = app
        .post(
            &c,
            &edit,
            &edit,
            &[
                ("name", "Safe Harbor Legal"),
                ("kind", "legal"),
                ("state", "PR"),
                ("staff_size", "200+"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(tta::orgs::model::get(&app.state.db, id)
        .await
        .unwrap()
        .unwrap()
        .services
        .is_empty());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_form_refuses_bad_input_and_keeps_the_values() {
    let app = TestApp::spawn().await;
    let (_, c) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &c, "Safe Harbor Shelter").await;
    let edit = format!("/orgs/{id}/edit");
    let before = tta::orgs::model::get(&app.state.db, id)
        .await
        .unwrap()
        .unwrap();

    for case in bad_cases() {
        let fields: Vec<(&str, &str)> = case.fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.post(&c, &edit, &edit, &fields).await;
        assert_eq!(r.status(), 422, "{}", case.what);
        let html = r.text().await.unwrap();
        assert_eq!(
            error_beside(&html, case.field).as_deref(),
            Some(case.message),
            "{}",
            case.what
        );
        assert!(
            has(&html, &format!("form[action='{edit}']")),
            "{}: the edit form comes back",
            case.what
        );
        assert_kept(case.what, &html, &case.fields, case.field);
    }
    let after = tta::orgs::model::get(&app.state.db, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            after.name,
            after.kind,
            after.services,
            after.state,
            after.staff_size
        ),
        (
            before.name,
            before.kind,
            before.services,
            before.state,
            before.staff_size
        )
    );
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'org_updated'"
        )
        .await,
        0
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_managers_and_admins_may_edit() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    let (mid, member) = app.as_role("member@example.org", Role::Learner).await;
    add_member(&app, id, mid, "member").await;
    let (_, staff) = app.as_role("staff@example.org", Role::Staff).await;
    let (_, admin) = app.as_role("admin@example.org", Role::Admin).await;
    let edit = format!("/orgs/{id}/edit");
    let show = format!("/orgs/{id}");

    let html = app.get(&member, &show).await.text().await.unwrap();
    assert!(
        !has(&html, &format!("a[href='{edit}']")),
        "a member gets no edit link"
    );

    for (who, c) in [("member", &member), ("staff", &staff)] {
        assert_eq!(app.get(c, &edit).await.status(), 403, "{who} GET");
        let r = app
            .post(c, &edit, &show, &good_with("name", Some("Hijacked")))
            .await;
        assert_eq!(r.status(), 403, "{who} POST");
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("You do not have access to this page"));
    }
    assert_eq!(
        tta::orgs::model::get(&app.state.db, id)
            .await
            .unwrap()
            .unwrap()
            .name,
        "Safe Harbor"
    );

    // Admins may, without being members.
    assert_eq!(app.get(&admin, &edit).await.status(), 200);
    let r = app
        .post(
            &admin,
            &edit,
            &edit,
            &good_with("name", Some("Renamed by admin")),
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        tta::orgs::model::get(&app.state.db, id)
            .await
            .unwrap()
            .unwrap()
            .name,
        "Renamed by admin"
    );

    // Editing an organization that does not exist.
    assert_eq!(app.get(&admin, "/orgs/999999/edit").await.status(), 404);
    assert_eq!(app.get(&manager, "/orgs/999999/edit").await.status(), 403);
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_is_emailed_shown_and_accepted_once() {
    let app = TestApp::spawn().await;
    let (manager_id, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;

    let r = invite(&app, &manager, id, "Colleague@Example.org ", "member").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/orgs/{id}"));
    assert_eq!(n(&app, &format!("SELECT COUNT(*) FROM invitations WHERE org_id = {id} AND email = 'colleague@example.org' AND role = 'member' AND invited_by = {manager_id}")).await, 1);
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'invitation_sent'"
        )
        .await,
        1
    );

    // The manager sees it pending.
    let html = app
        .get(&manager, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("The invitation is on its way."));
    assert!(
        html.contains("Invitations not yet accepted") && html.contains("colleague@example.org")
    );

    let mail = app.email_to("colleague@example.org").await;
    assert!(
        mail.subject.contains("Safe Harbor"),
        "subject: {}",
        mail.subject
    );
    assert!(
        mail.subject.contains("Founder Tester"),
        "subject names the inviter: {}",
        mail.subject
    );
    let path = mail.path();
    assert!(path.starts_with("/invitations/"), "{path}");
    let token = path.trim_start_matches("/invitations/").to_string();
    assert!(
        token.len() >= 20,
        "the token is long enough to be unguessable"
    );
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM invitations WHERE token_hash = '{token}'")
        )
        .await,
        0,
        "only a hash is stored"
    );

    // A signed-out visitor sees the organization and a way to sign in.
    let anon = app.client();
    let r = app.get(&anon, &path).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(text_of(&html, "h1").unwrap().contains("Safe Harbor"));
    assert!(html.contains("You would join as: Member."));
    assert!(html.contains("Sign in with colleague@example.org"));
    assert!(
        has(&html, &format!("a[href='/signin?next={path}']")),
        "a sign-in link that comes back here"
    );
    assert!(
        !has(&html, &format!("form[action='{path}']")),
        "no accept button before signing in"
    );

    // Anonymous POST goes to sign in and changes nothing.
    let r = anon
        .post(app.at(&path))
        .form(&[("_csrf", app.csrf(&anon, "/signin").await)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/signin?next="));

    // The invited person signs in (through the link's next=) and accepts.
    let colleague_id = app.user("colleague@example.org", Role::Learner).await;
    let c = app.client();
    let r = app
        .post(
            &c,
            "/signin",
            &format!("/signin?next={path}"),
            &[
                ("email", "colleague@example.org"),
                ("password", crate::helpers::PASSWORD),
                ("next", &path),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), path, "sign-in returns to the invitation");
    let html = app.get(&c, &path).await.text().await.unwrap();
    assert!(
        has(&html, &format!("form[action='{path}'] button")),
        "the accept button"
    );

    let r = app.post(&c, &path, &path, &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/orgs/{id}"));
    assert_eq!(
        role_in(&app, id, colleague_id).await,
        Some(MemberRole::Member)
    );
    assert_eq!(n(&app, &format!("SELECT COUNT(*) FROM invitations WHERE accepted_by = {colleague_id} AND accepted_at IS NOT NULL")).await, 1);
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'invitation_accepted'"
        )
        .await,
        1
    );
    let html = app
        .get(&c, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Welcome! You are now a member."));

    // Used up: the link no longer works, for anyone.
    let r = app.post(&c, &path, "/orgs", &[]).await;
    assert_eq!(r.status(), 404);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("This invitation does not work any more"));
    assert_eq!(app.get(&anon, &path).await.status(), 404);
    assert_eq!(app.get(&c, &path).await.status(), 404);
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM memberships WHERE org_id = {id}")
        )
        .await,
        2
    );

    // The manager no longer sees it pending, and sees the new member.
    let html = app
        .get(&manager, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Invitations not yet accepted"));
    assert!(text_of(&html, "table tbody")
        .unwrap()
        .contains("colleague@example.org"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_as_manager_makes_a_manager() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    let (cid, c) = app.as_role("deputy@example.org", Role::Learner).await;

    assert_eq!(
        invite(&app, &manager, id, "deputy@example.org", "manager")
            .await
            .status(),
        303
    );
    let path = app.email_to("deputy@example.org").await.path();
    let html = app.get(&c, &path).await.text().await.unwrap();
    assert!(html.contains("You would join as: Manager."));
    assert_eq!(app.post(&c, &path, &path, &[]).await.status(), 303);
    assert_eq!(role_in(&app, id, cid).await, Some(MemberRole::Manager));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_cannot_be_accepted_by_another_account() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    assert_eq!(
        invite(&app, &manager, id, "colleague@example.org", "member")
            .await
            .status(),
        303
    );
    let path = app.email_to("colleague@example.org").await.path();

    let (sid, stranger) = app.as_role("stranger@example.org", Role::Learner).await;
    let r = app.get(&stranger, &path).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("This invitation is for colleague@example.org"));
    assert!(
        !has(&html, &format!("form[action='{path}']")),
        "no accept button for the wrong account"
    );

    let r = app.post(&stranger, &path, "/orgs", &[]).await;
    assert_eq!(r.status(), 403);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("This invitation is for colleague@example.org"));
    assert_eq!(role_in(&app, id, sid).await, None);
    assert_eq!(
        app.get(&stranger, &format!("/orgs/{id}")).await.status(),
        403
    );

    // The manager of the organization cannot use it either (they are not the invitee).
    assert_eq!(app.post(&manager, &path, "/orgs", &[]).await.status(), 403);

    // The invitation is still good for the right person.
    let (cid, colleague) = app.as_role("colleague@example.org", Role::Learner).await;
    assert_eq!(app.post(&colleague, &path, &path, &[]).await.status(), 303);
    assert_eq!(role_in(&app, id, cid).await, Some(MemberRole::Member));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_and_replaced_invitations_stop_working() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    let (cid, colleague) = app.as_role("colleague@example.org", Role::Learner).await;

    assert_eq!(
        invite(&app, &manager, id, "colleague@example.org", "member")
            .await
            .status(),
        303
    );
    let first = app.email_to_nth("colleague@example.org", 0).await.path();
    let inv: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT id FROM invitations WHERE org_id = $1")
            .bind(id)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        0,
    )
    .unwrap();

    let html = app
        .get(&manager, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let revoke = format!("/orgs/{id}/invitations/{inv}/revoke");
    assert!(
        has(&html, &format!("form[action='{revoke}']")),
        "the manager gets a withdraw button"
    );
    let r = app
        .post(&manager, &revoke, &format!("/orgs/{id}"), &[])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        n(
            &app,
            &format!(
                "SELECT COUNT(*) FROM invitations WHERE id = {inv} AND revoked_at IS NOT NULL"
            )
        )
        .await,
        1
    );
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'invitation_revoked'"
        )
        .await,
        1
    );

    assert_eq!(app.get(&app.client(), &first).await.status(), 404);
    assert_eq!(app.get(&colleague, &first).await.status(), 404);
    let r = app.post(&colleague, &first, "/orgs", &[]).await;
    assert_eq!(r.status(), 404);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("This invitation does not work any more"));
    assert_eq!(role_in(&app, id, cid).await, None);

    // Revoking twice, or an id of another organization, is a 404.
    assert_eq!(
        app.post(&manager, &revoke, &format!("/orgs/{id}"), &[])
            .await
            .status(),
        404
    );
    let other = create_org(&app, &manager, "Other Program").await;
    assert_eq!(
        invite(&app, &manager, id, "colleague@example.org", "member")
            .await
            .status(),
        303
    );
    let second_id: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT id FROM invitations WHERE org_id = $1 AND revoked_at IS NULL")
            .bind(id)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap(),
        0,
    )
    .unwrap();
    let r = app
        .post(
            &manager,
            &format!("/orgs/{other}/invitations/{second_id}/revoke"),
            &format!("/orgs/{other}"),
            &[],
        )
        .await;
    assert_eq!(
        r.status(),
        404,
        "an invitation is revoked only through its own organization"
    );

    // A new invitation to the same address replaces the outstanding one.
    let second = app.email_to_nth("colleague@example.org", 1).await.path();
    assert_ne!(first, second);
    assert_eq!(
        invite(&app, &manager, id, "colleague@example.org", "manager")
            .await
            .status(),
        303
    );
    let third = app.email_to_nth("colleague@example.org", 2).await.path();
    assert_eq!(
        app.get(&colleague, &second).await.status(),
        404,
        "the replaced invitation is dead"
    );
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM invitations WHERE org_id = {id} AND revoked_at IS NULL")
        )
        .await,
        1
    );
    assert_eq!(
        app.post(&colleague, &third, &third, &[]).await.status(),
        303
    );
    assert_eq!(role_in(&app, id, cid).await, Some(MemberRole::Manager));

    // Unknown tokens.
    assert_eq!(
        app.get(&colleague, "/invitations/not-a-real-token")
            .await
            .status(),
        404
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_invitation_stops_working() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    let (cid, colleague) = app.as_role("colleague@example.org", Role::Learner).await;
    assert_eq!(
        invite(&app, &manager, id, "colleague@example.org", "member")
            .await
            .status(),
        303
    );
    let path = app.email_to("colleague@example.org").await.path();
    sqlx::query("UPDATE invitations SET expires_at = $1")
        .bind(tta::db::now() - 1)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(app.get(&colleague, &path).await.status(), 404);
    assert_eq!(
        app.post(&colleague, &path, "/orgs", &[]).await.status(),
        404
    );
    assert_eq!(role_in(&app, id, cid).await, None);
    let html = app
        .get(&manager, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("Invitations not yet accepted"),
        "an expired invitation is not pending"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invite_form_refuses_bad_input_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    let (mid, _) = app.as_role("member@example.org", Role::Learner).await;
    add_member(&app, id, mid, "member").await;
    let page = format!("/orgs/{id}");
    let action = format!("/orgs/{id}/invitations");

    struct Case {
        what: &'static str,
        fields: Vec<(&'static str, &'static str)>,
        email_error: Option<&'static str>,
        role_error: bool,
        kept_email: &'static str,
    }
    let cases = vec![
        Case {
            what: "invalid email",
            fields: vec![("email", "not-an-email"), ("role", "member")],
            email_error: Some("Enter an email address like name@example.org."),
            role_error: false,
            kept_email: "not-an-email",
        },
        Case {
            what: "email without a dot",
            fields: vec![("email", "someone@localhost"), ("role", "member")],
            email_error: Some("Enter an email address like name@example.org."),
            role_error: false,
            kept_email: "someone@localhost",
        },
        Case {
            what: "empty email",
            fields: vec![("email", ""), ("role", "member")],
            email_error: Some("Enter your email address."),
            role_error: false,
            kept_email: "",
        },
        Case {
            what: "missing role",
            fields: vec![("email", "colleague@example.org")],
            email_error: None,
            role_error: true,
            kept_email: "colleague@example.org",
        },
        Case {
            what: "unknown role",
            fields: vec![("email", "colleague@example.org"), ("role", "owner")],
            email_error: None,
            role_error: true,
            kept_email: "colleague@example.org",
        },
        Case {
            what: "role in capitals",
            fields: vec![("email", "colleague@example.org"), ("role", "MANAGER")],
            email_error: None,
            role_error: true,
            kept_email: "colleague@example.org",
        },
        Case {
            what: "existing member",
            fields: vec![("email", "member@example.org"), ("role", "member")],
            email_error: Some("This person is already a member."),
            role_error: false,
            kept_email: "member@example.org",
        },
        Case {
            what: "existing member, other case",
            fields: vec![("email", " MEMBER@example.ORG "), ("role", "manager")],
            email_error: Some("This person is already a member."),
            role_error: false,
            kept_email: " MEMBER@example.ORG ",
        },
        Case {
            what: "the manager themself",
            fields: vec![("email", "founder@example.org"), ("role", "member")],
            email_error: Some("This person is already a member."),
            role_error: false,
            kept_email: "founder@example.org",
        },
        Case {
            what: "both wrong",
            fields: vec![("email", "nope"), ("role", "boss")],
            email_error: Some("Enter an email address like name@example.org."),
            role_error: true,
            kept_email: "nope",
        },
    ];
    for case in cases {
        let r = app.post(&manager, &action, &page, &case.fields).await;
        assert_eq!(r.status(), 422, "{}", case.what);
        let html = r.text().await.unwrap();
        assert_eq!(
            error_beside(&html, "email").as_deref(),
            case.email_error,
            "{}: email message",
            case.what
        );
        let role_msg = text_of(&html, &format!("form[action='{action}'] fieldset p.error"));
        if case.role_error {
            assert_eq!(
                role_msg.as_deref(),
                Some("Choose manager or member."),
                "{}: role message",
                case.what
            );
            assert!(
                has(&html, &format!("form[action='{action}'] fieldset.invalid")),
                "{}",
                case.what
            );
        } else {
            assert_eq!(role_msg, None, "{}: no role message", case.what);
        }
        assert_eq!(
            value_of(&html, "input#f-email").as_deref(),
            Some(case.kept_email),
            "{}: email kept",
            case.what
        );
        assert!(has(&html, ".error-summary"), "{}", case.what);
        // The rest of the page is still there.
        assert_eq!(
            text_of(&html, "h1").as_deref(),
            Some("Safe Harbor"),
            "{}",
            case.what
        );
        if case.fields.contains(&("role", "manager")) {
            assert_eq!(
                value_of(&html, "input[name=role][checked]").as_deref(),
                Some("manager"),
                "{}: role kept",
                case.what
            );
        }
    }
    assert_eq!(
        n(&app, "SELECT COUNT(*) FROM invitations").await,
        0,
        "nothing written"
    );
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'invitation_sent'"
        )
        .await,
        0
    );
    assert_eq!(
        n(&app, "SELECT COUNT(*) FROM jobs").await,
        0,
        "no email queued"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_managers_may_invite_or_revoke() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    let (mid, member) = app.as_role("member@example.org", Role::Learner).await;
    add_member(&app, id, mid, "member").await;
    let (_, outsider) = app.as_role("outsider@example.org", Role::Learner).await;
    let (_, staff) = app.as_role("staff@example.org", Role::Staff).await;

    let html = app
        .get(&member, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !has(&html, &format!("form[action='/orgs/{id}/invitations']")),
        "a member gets no invite form"
    );

    for (who, c) in [
        ("member", &member),
        ("outsider", &outsider),
        ("staff", &staff),
    ] {
        let r = app
            .post(
                c,
                &format!("/orgs/{id}/invitations"),
                "/orgs",
                &[("email", "friend@example.org"), ("role", "manager")],
            )
            .await;
        assert_eq!(r.status(), 403, "{who}");
    }
    assert_eq!(n(&app, "SELECT COUNT(*) FROM invitations").await, 0);

    assert_eq!(
        invite(&app, &manager, id, "friend@example.org", "member")
            .await
            .status(),
        303
    );
    let inv = n(&app, "SELECT MAX(id) FROM invitations").await;
    for (who, c) in [("member", &member), ("outsider", &outsider)] {
        let r = app
            .post(
                c,
                &format!("/orgs/{id}/invitations/{inv}/revoke"),
                "/orgs",
                &[],
            )
            .await;
        assert_eq!(r.status(), 403, "{who}");
    }
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM invitations WHERE revoked_at IS NULL"
        )
        .await,
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_are_rate_limited_per_user() {
    let app = TestApp::spawn().await;
    let (uid, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;

    away_from_window_edge(3600).await;
    let now = tta::db::now();
    // 49 invitations already sent this hour: the 50th is allowed, the 51st is not.
    sqlx::query("INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 49)")
        .bind(format!("invite:{uid}"))
        .bind(now - now % 3600)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        invite(&app, &manager, id, "fiftieth@example.org", "member")
            .await
            .status(),
        303
    );

    let r = invite(&app, &manager, id, "fiftyfirst@example.org", "member").await;
    assert_eq!(r.status(), 429);
    let html = r.text().await.unwrap();
    assert!(
        text_of(&html, ".error-summary")
            .unwrap()
            .contains("Too many attempts"),
        "the page says why"
    );
    assert_eq!(
        value_of(&html, "input#f-email").as_deref(),
        Some("fiftyfirst@example.org"),
        "the address is kept"
    );
    assert_eq!(n(&app, "SELECT COUNT(*) FROM invitations").await, 1);
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM invitations WHERE email = 'fiftyfirst@example.org'"
        )
        .await,
        0
    );

    // Another manager is not held back by the first one's limit.
    let (oid, other) = app.as_role("deputy@example.org", Role::Learner).await;
    add_member(&app, id, oid, "manager").await;
    assert_eq!(
        invite(&app, &other, id, "fiftyfirst@example.org", "member")
            .await
            .status(),
        303
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_invitations_are_not_counted_against_the_limit() {
    let app = TestApp::spawn().await;
    let (uid, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    for _ in 0..3 {
        assert_eq!(
            invite(&app, &manager, id, "bad", "member").await.status(),
            422
        );
    }
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM rate_limits WHERE key = 'invite:{uid}'")
        )
        .await,
        0
    );
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Who sees what
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_see_the_managers_but_not_the_staff_emails() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    let (mid, member) = app.as_role("member@example.org", Role::Learner).await;
    add_member(&app, id, mid, "member").await;
    let (m2, _) = app
        .as_role("second.member@example.org", Role::Learner)
        .await;
    add_member(&app, id, m2, "member").await;
    assert_eq!(
        invite(&app, &manager, id, "pending@example.org", "member")
            .await
            .status(),
        303
    );

    let r = app.get(&member, &format!("/orgs/{id}")).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert_eq!(text_of(&html, "h1").as_deref(), Some("Safe Harbor"));
    assert!(!has(&html, "#staff-h"), "no staff list for a member");
    assert!(has(&html, "#mgr-h"));
    let managers: Vec<String> = {
        let d = doc(&html);
        let sel = scraper::Selector::parse("#mgr-h + ul li").unwrap();
        d.select(&sel)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    };
    assert_eq!(
        managers,
        vec!["Founder Tester".to_string()],
        "only the managers' names"
    );
    for hidden in [
        "founder@example.org",
        "second.member@example.org",
        "Second member Tester",
        "pending@example.org",
    ] {
        assert!(!html.contains(hidden), "a member must not see {hidden}");
    }
    assert!(!html.contains("Invitations not yet accepted"));
    assert!(
        has(&html, &format!("form[action='/orgs/{id}/leave']")),
        "a member can leave"
    );
    assert!(
        !has(&html, &format!("form[action^='/orgs/{id}/members/']")),
        "no member management for a member"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outsiders_are_refused_and_staff_see_every_organization() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    let (_, other_manager) = app.as_role("elsewhere@example.org", Role::Learner).await;
    let other = create_org(&app, &other_manager, "Elsewhere Outreach").await;

    // A member of another organization.
    let r = app.get(&other_manager, &format!("/orgs/{id}")).await;
    assert_eq!(r.status(), 403);
    let html = r.text().await.unwrap();
    assert!(html.contains("You do not have access to this page"));
    assert!(!html.contains("founder@example.org"));
    // A missing organization looks the same as someone else's to a non-staff user.
    assert_eq!(app.get(&other_manager, "/orgs/999999").await.status(), 403);
    assert_eq!(
        app.get(&other_manager, "/orgs/not-a-number").await.status(),
        404
    );
    // Other organizations do not appear in one's list.
    let list = app.get(&other_manager, "/orgs").await.text().await.unwrap();
    assert!(!list.contains("Safe Harbor"));
    assert!(!list.contains("All organizations"));

    // Institute staff see any organization, with its staff list, but cannot manage it.
    for role in [Role::Staff, Role::Facilitator, Role::Admin] {
        let email = format!("{}@example.org", role.as_str());
        let (_, c) = app.as_role(&email, role).await;
        let r = app.get(&c, &format!("/orgs/{id}")).await;
        if role == Role::Facilitator {
            assert_eq!(r.status(), 403, "facilitators are not institute staff");
            continue;
        }
        assert_eq!(r.status(), 200, "{role:?}");
        let html = r.text().await.unwrap();
        assert!(
            text_of(&html, "table tbody")
                .unwrap()
                .contains("founder@example.org"),
            "{role:?} sees the staff list"
        );
        assert!(
            !has(&html, &format!("form[action='/orgs/{id}/leave']")),
            "{role:?} is not a member"
        );
        if role == Role::Staff {
            assert!(
                !has(&html, &format!("a[href='/orgs/{id}/edit']")),
                "staff cannot edit"
            );
            assert!(
                !has(&html, &format!("form[action='/orgs/{id}/invitations']")),
                "staff cannot invite"
            );
        }
        let list = app.get(&c, "/orgs").await.text().await.unwrap();
        assert!(
            list.contains("All organizations"),
            "{role:?} gets the full list"
        );
        assert!(list.contains("Safe Harbor") && list.contains("Elsewhere Outreach"));
        assert!(has(&list, &format!("a[href='/orgs/{other}']")));
        assert_eq!(
            app.get(&c, "/orgs/999999").await.status(),
            404,
            "{role:?}: a missing organization is a 404"
        );
    }
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Roles, removal, leaving
// ---------------------------------------------------------------------------------------

async fn set_role(app: &TestApp, c: &Client, org: i64, user: i64, role: &str) -> reqwest::Response {
    app.post(
        c,
        &format!("/orgs/{org}/members/{user}/role"),
        &format!("/orgs/{org}"),
        &[("role", role)],
    )
    .await
}

async fn remove(app: &TestApp, c: &Client, org: i64, user: i64) -> reqwest::Response {
    app.post(
        c,
        &format!("/orgs/{org}/members/{user}/remove"),
        &format!("/orgs/{org}"),
        &[],
    )
    .await
}

async fn leave(app: &TestApp, c: &Client, org: i64) -> reqwest::Response {
    app.post(
        c,
        &format!("/orgs/{org}/leave"),
        &format!("/orgs/{org}"),
        &[],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_promote_and_demote_but_never_the_last_manager() {
    let app = TestApp::spawn().await;
    let (aid, a) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &a, "Safe Harbor").await;
    let (bid, b) = app.as_role("member@example.org", Role::Learner).await;
    add_member(&app, id, bid, "member").await;

    // The staff list offers the right buttons.
    let html = app
        .get(&a, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Make Member Tester a manager"));
    assert!(html.contains("Make Founder Tester a member"));

    let r = set_role(&app, &a, id, bid, "manager").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/orgs/{id}"));
    assert_eq!(role_in(&app, id, bid).await, Some(MemberRole::Manager));
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'member_role_changed'"
        )
        .await,
        1
    );
    // B is now a manager and can see the staff list.
    let html = app
        .get(&b, &format!("/orgs/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(has(&html, "#staff-h"));

    assert_eq!(set_role(&app, &a, id, bid, "member").await.status(), 303);
    assert_eq!(role_in(&app, id, bid).await, Some(MemberRole::Member));
    // Setting the role one already has is harmless.
    assert_eq!(set_role(&app, &a, id, bid, "member").await.status(), 303);
    assert_eq!(role_in(&app, id, bid).await, Some(MemberRole::Member));

    // A is the last manager: demoting them is refused.
    let r = set_role(&app, &a, id, aid, "member").await;
    assert_eq!(r.status(), 400);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("An organization needs at least one manager"));
    assert_eq!(role_in(&app, id, aid).await, Some(MemberRole::Manager));
    // So is removing them, or them leaving.
    let r = remove(&app, &a, id, aid).await;
    assert_eq!(r.status(), 400);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("An organization needs at least one manager"));
    assert_eq!(leave(&app, &a, id).await.status(), 400);
    assert_eq!(role_in(&app, id, aid).await, Some(MemberRole::Manager));
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM memberships WHERE org_id = {id}")
        )
        .await,
        2
    );

    // With two managers, one may step down.
    assert_eq!(set_role(&app, &a, id, bid, "manager").await.status(), 303);
    assert_eq!(set_role(&app, &a, id, aid, "member").await.status(), 303);
    assert_eq!(role_in(&app, id, aid).await, Some(MemberRole::Member));
    // ...and now A is no longer allowed to manage.
    assert_eq!(set_role(&app, &a, id, aid, "manager").await.status(), 403);
    assert_eq!(role_in(&app, id, aid).await, Some(MemberRole::Member));

    // Bad role values and people who are not members.
    let r = set_role(&app, &b, id, aid, "owner").await;
    assert_eq!(r.status(), 400);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Choose manager or member."));
    assert_eq!(role_in(&app, id, aid).await, Some(MemberRole::Member));
    let outsider = app.user("outsider@example.org", Role::Learner).await;
    assert_eq!(
        set_role(&app, &b, id, outsider, "manager").await.status(),
        404
    );
    assert_eq!(
        role_in(&app, id, outsider).await,
        None,
        "a role change never creates a membership"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_remove_members_and_members_leave() {
    let app = TestApp::spawn().await;
    let (_, a) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &a, "Safe Harbor").await;
    let (bid, b) = app.as_role("member@example.org", Role::Learner).await;
    add_member(&app, id, bid, "member").await;
    let (cid, c) = app.as_role("leaver@example.org", Role::Learner).await;
    add_member(&app, id, cid, "member").await;

    // A member cannot remove anyone.
    assert_eq!(remove(&app, &b, id, cid).await.status(), 403);
    assert_eq!(role_in(&app, id, cid).await, Some(MemberRole::Member));

    let r = remove(&app, &a, id, bid).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/orgs/{id}"));
    assert_eq!(role_in(&app, id, bid).await, None);
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'member_removed'"
        )
        .await,
        1
    );
    assert_eq!(
        app.get(&b, &format!("/orgs/{id}")).await.status(),
        403,
        "a removed member loses access"
    );
    assert_eq!(
        remove(&app, &a, id, bid).await.status(),
        404,
        "removing twice"
    );

    let r = leave(&app, &c, id).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/orgs");
    assert_eq!(role_in(&app, id, cid).await, None);
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'member_left'"
        )
        .await,
        1
    );
    let html = app.get(&c, "/orgs").await.text().await.unwrap();
    assert!(html.contains("You have left the organization."));
    assert!(!html.contains("Safe Harbor"));
    assert_eq!(app.get(&c, &format!("/orgs/{id}")).await.status(), 403);
    let r = c
        .post(app.at(&format!("/orgs/{id}/leave")))
        .form(&[("_csrf", app.csrf(&c, "/orgs").await)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "leaving again");

    // Staff who are not members have nothing to leave.
    let (_, staff) = app.as_role("staff@example.org", Role::Staff).await;
    assert_eq!(leave(&app, &staff, id).await.status(), 404);
    assert_eq!(
        n(
            &app,
            &format!("SELECT COUNT(*) FROM memberships WHERE org_id = {id}")
        )
        .await,
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_person_can_belong_to_two_organizations() {
    let app = TestApp::spawn().await;
    let (aid, a) = app.as_role("founder@example.org", Role::Learner).await;
    let first = create_org(&app, &a, "Zeta Legal Aid").await;
    let (_, b) = app
        .as_role("other.founder@example.org", Role::Learner)
        .await;
    let second = create_org(&app, &b, "Alpha Outreach").await;

    assert_eq!(
        invite(&app, &b, second, "founder@example.org", "member")
            .await
            .status(),
        303
    );
    let path = app.email_to("founder@example.org").await.path();
    assert_eq!(app.post(&a, &path, &path, &[]).await.status(), 303);
    assert_eq!(role_in(&app, first, aid).await, Some(MemberRole::Manager));
    assert_eq!(role_in(&app, second, aid).await, Some(MemberRole::Member));

    let html = app.get(&a, "/orgs").await.text().await.unwrap();
    let cards: Vec<String> = {
        let d = doc(&html);
        let sel = scraper::Selector::parse(".card-list li").unwrap();
        d.select(&sel)
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(
        cards[0].contains("Alpha Outreach") && cards[0].contains("Member"),
        "sorted by name: {cards:?}"
    );
    assert!(
        cards[1].contains("Zeta Legal Aid") && cards[1].contains("Manager"),
        "{cards:?}"
    );
    assert!(
        has(&html, &format!("a[href='/orgs/{first}']"))
            && has(&html, &format!("a[href='/orgs/{second}']"))
    );
    assert_eq!(app.get(&a, &format!("/orgs/{first}")).await.status(), 200);
    assert_eq!(app.get(&a, &format!("/orgs/{second}")).await.status(), 200);
    // Managing one does not make one a manager of the other.
    assert_eq!(
        app.get(&a, &format!("/orgs/{second}/edit")).await.status(),
        403
    );

    // The account page lists both too.
    let html = app.get(&a, "/account").await.text().await.unwrap();
    assert!(html.contains("Alpha Outreach") && html.contains("Zeta Legal Aid"));
    app.stop().await;
}

// ---------------------------------------------------------------------------------------
// Known bugs (ignored until fixed)
// ---------------------------------------------------------------------------------------

/// `orgs::invites::accept` treats a unique violation on the membership insert as "already a
/// member" and goes on in the same transaction. PostgreSQL aborts a transaction after any
/// failed statement, so the audit insert and the commit fail and the visitor gets a 500.
/// Reached for real when a member changes their address to one that has a pending
/// invitation to the same organization.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepting_an_invitation_when_already_a_member_uses_it_up() {
    let app = TestApp::spawn().await;
    let (_, manager) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &manager, "Safe Harbor").await;
    let (xid, x) = app.as_role("old.address@example.org", Role::Learner).await;
    add_member(&app, id, xid, "member").await;

    // The manager invites a new address that nobody uses yet...
    assert_eq!(
        invite(&app, &manager, id, "new.address@example.org", "manager")
            .await
            .status(),
        303
    );
    let invitation = app.email_to("new.address@example.org").await.path();

    // ...and the member moves their account to that address.
    let r = app
        .post(
            &x,
            "/account/email",
            "/account",
            &[
                ("new_email", "new.address@example.org"),
                ("current_password", crate::helpers::PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let confirm = app.email_to_nth("new.address@example.org", 1).await.path();
    assert!(confirm.starts_with("/account/email/confirm/"), "{confirm}");
    let r = app.get(&x, &confirm).await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "{}",
        r.status()
    );
    assert_eq!(
        n(
            &app,
            &format!(
                "SELECT COUNT(*) FROM users WHERE id = {xid} AND email = 'new.address@example.org'"
            )
        )
        .await,
        1
    );

    // Accepting: the code means "the invitation is used up and nothing else changes".
    let r = app.post(&x, &invitation, &invitation, &[]).await;
    assert_eq!(r.status(), 303, "accepting as an existing member");
    assert_eq!(location(&r), format!("/orgs/{id}"));
    assert_eq!(
        role_in(&app, id, xid).await,
        Some(MemberRole::Member),
        "the role does not change"
    );
    assert_eq!(
        n(
            &app,
            "SELECT COUNT(*) FROM invitations WHERE accepted_at IS NOT NULL"
        )
        .await,
        1,
        "the invitation is used up"
    );
    assert_eq!(app.get(&x, &invitation).await.status(), 404);
    app.stop().await;
}

/// `set_role` (and `remove_member`) count the managers and then update in a transaction
/// without locking, so on PostgreSQL (READ COMMITTED) two managers demoting each other at
/// the same moment both see two managers and both succeed, leaving none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_demotions_never_leave_an_organization_without_a_manager() {
    let app = TestApp::spawn().await;
    let (aid, a) = app.as_role("founder@example.org", Role::Learner).await;
    let id = create_org(&app, &a, "Safe Harbor").await;
    let (bid, b) = app.as_role("deputy@example.org", Role::Learner).await;
    add_member(&app, id, bid, "manager").await;
    let ta = app.csrf(&a, "/orgs").await;
    let tb = app.csrf(&b, "/orgs").await;
    for round in 0..20 {
        sqlx::query("UPDATE memberships SET role = 'manager' WHERE org_id = $1")
            .bind(id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let ra = a
            .post(app.at(&format!("/orgs/{id}/members/{bid}/role")))
            .form(&[("_csrf", ta.as_str()), ("role", "member")])
            .send();
        let rb = b
            .post(app.at(&format!("/orgs/{id}/members/{aid}/role")))
            .form(&[("_csrf", tb.as_str()), ("role", "member")])
            .send();
        let (ra, rb) = tokio::join!(ra, rb);
        let (sa, sb) = (ra.unwrap().status(), rb.unwrap().status());
        let managers = n(
            &app,
            &format!("SELECT COUNT(*) FROM memberships WHERE org_id = {id} AND role = 'manager'"),
        )
        .await;
        assert_eq!(
            managers, 1,
            "round {round}: answers {sa} and {sb} left {managers} managers"
        );
    }
    app.stop().await;
}
