//! The route × role walk: every route in the access table, as every kind of visitor,
//! must answer as its declared access says.

use reqwest::Method;
use tta::{
    accounts::{model::Role, tokens},
    web::{access::Access, context::csrf_token, routes, session},
};

use crate::helpers::*;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Learner,
    OtherOrgMember,
    Manager,
    Facilitator,
    Staff,
    Admin,
}

#[derive(Debug, PartialEq)]
enum Expect {
    Allowed,
    SignIn,
    Forbidden,
}

/// What the declared access means for each visitor, written out independently of the
/// code that enforces it. The target organization is the manager's.
fn expected(access: Access, who: Who) -> Expect {
    use Expect::*;
    use Who::*;
    if who == Anonymous {
        return match access {
            Access::Public => Allowed,
            _ => SignIn,
        };
    }
    match access {
        Access::Public | Access::SignedIn | Access::ApiToken => Allowed,
        Access::AtLeast(Role::Admin) => {
            if who == Admin {
                Allowed
            } else {
                Forbidden
            }
        }
        Access::AtLeast(Role::Staff) => {
            if matches!(who, Staff | Admin) {
                Allowed
            } else {
                Forbidden
            }
        }
        Access::AtLeast(Role::Facilitator) => {
            if matches!(who, Facilitator | Staff | Admin) {
                Allowed
            } else {
                Forbidden
            }
        }
        Access::AtLeast(Role::Learner) => Allowed,
        Access::OrgMember => {
            if matches!(who, Manager | Staff | Admin) {
                Allowed
            } else {
                Forbidden
            }
        }
        Access::OrgManager => {
            if matches!(who, Manager | Admin) {
                Allowed
            } else {
                Forbidden
            }
        }
        // The target event is one the facilitator facilitates.
        Access::EventFacilitator => {
            if matches!(who, Facilitator | Staff | Admin) {
                Allowed
            } else {
                Forbidden
            }
        }
        Access::ApiAtLeast(Role::Staff) => {
            if matches!(who, Staff | Admin) {
                Allowed
            } else {
                Forbidden
            }
        }
        Access::ApiAtLeast(role) => panic!("no expectation written for ApiAtLeast({role:?})"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_every_role_as_declared() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let learner = app.user("learner@example.org", Role::Learner).await;
    let other = app.user("other@example.org", Role::Learner).await;
    let manager = app.user("manager@example.org", Role::Learner).await;
    let facilitator = app.user("facilitator@example.org", Role::Facilitator).await;
    let staff = app.user("staff@example.org", Role::Staff).await;
    let admin = app.user("admin@example.org", Role::Admin).await;
    let dummy = app.user("dummy@example.org", Role::Learner).await;
    let victim = app.user("victim@example.org", Role::Learner).await;
    let org_input = |name: &str| tta::orgs::model::OrgInput {
        name: name.into(),
        kind: "shelter".into(),
        services: vec![],
        state: "OH".into(),
        staff_size: "1-5".into(),
    };
    let org = tta::orgs::model::create(db, &org_input("Target Org"), manager, "")
        .await
        .unwrap();
    tta::orgs::model::create(db, &org_input("Other Org"), other, "")
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'member', 0)",
    )
    .bind(org)
    .bind(dummy)
    .execute(&db.pool)
    .await
    .unwrap();

    let event: i64 = sqlx::query(
        "INSERT INTO events (slug, title, format, timezone, capacity, registration_opens_at, registration_closes_at, published, created_at, updated_at) \
         VALUES ('walk', 'Walk', 'virtual', 'UTC', 10, 0, 1, 1, 0, 0) RETURNING id",
    )
    .fetch_one(&db.pool)
    .await
    .map(|r| sqlx::Row::get(&r, "id"))
    .unwrap();
    sqlx::query("INSERT INTO event_facilitators (event_id, user_id) VALUES ($1, $2)")
        .bind(event)
        .bind(facilitator)
        .execute(&db.pool)
        .await
        .unwrap();

    let people = [
        (Who::Anonymous, None),
        (Who::Learner, Some(learner)),
        (Who::OtherOrgMember, Some(other)),
        (Who::Manager, Some(manager)),
        (Who::Facilitator, Some(facilitator)),
        (Who::Staff, Some(staff)),
        (Who::Admin, Some(admin)),
    ];
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for route in routes::table() {
        let path = route
            .path
            .replace("{org}", &org.to_string())
            .replace("{event}", &event.to_string())
            .replace("{user}", &dummy.to_string())
            .replace(
                "{id}",
                &if route.path.starts_with("/admin") {
                    victim
                } else {
                    999_999
                }
                .to_string(),
            )
            .replace("{token}", "not-a-real-token");
        let method = Method::from_bytes(route.method.as_bytes()).unwrap();
        for (who, user) in people {
            // A fresh session per request, so sign-out routes do not disturb the walk.
            let anon = "a".repeat(43);
            let mut req = client.request(method.clone(), app.at(&path));
            let raw = match user {
                Some(id) => Some(
                    session::create(db, id, false, "127.0.0.1", "walk")
                        .await
                        .unwrap(),
                ),
                None => None,
            };
            let cookie = match &raw {
                Some(r) => format!("tta_session={r}; tta_csrf={anon}"),
                None => format!("tta_csrf={anon}"),
            };
            req = req.header("cookie", cookie);
            if matches!(route.access, Access::ApiToken | Access::ApiAtLeast(_)) {
                if let Some(id) = user {
                    let (_, t) = tokens::create(db, id, "walk").await.unwrap();
                    req = req.bearer_auth(t);
                }
            }
            if method == Method::POST {
                let token = csrf_token(&app.state.secret, raw.as_deref(), &anon);
                req = req.form(&[("_csrf", token)]);
            }
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            let loc = location(&r);
            let got = if status == 401 || (status == 303 && loc.starts_with("/signin?next=")) {
                Expect::SignIn
            } else if status == 403 {
                Expect::Forbidden
            } else {
                Expect::Allowed
            };
            let want = expected(route.access, who);
            if got != want || status >= 500 {
                failures.push(format!(
                    "{} {} as {who:?}: got {status} {loc} ({got:?}), want {want:?}",
                    route.method, route.path
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} answers were wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 7 * 50);
    app.stop().await;
}

/// The walk trusts each route's declaration; this pins the declarations that matter most.
#[test]
fn sensitive_routes_are_declared_strictly() {
    for r in routes::table() {
        let p = r.path;
        if p.starts_with("/admin") {
            assert_eq!(r.access, Access::AtLeast(Role::Admin), "{p}");
        }
        if p.starts_with("/orgs/{org}") {
            assert!(
                matches!(r.access, Access::OrgMember | Access::OrgManager),
                "{p}"
            );
        }
        if p.starts_with("/orgs/{org}/") && r.method == "POST" && !p.ends_with("/leave") {
            assert_eq!(r.access, Access::OrgManager, "{p}");
        }
        if p.starts_with("/staff") {
            assert_eq!(r.access, Access::AtLeast(Role::Staff), "{p}");
        }
        if p.starts_with("/account") && !p.starts_with("/account/email/confirm/") {
            assert_eq!(r.access, Access::SignedIn, "{p}");
        }
        // The API description, the policy review, the course catalog and certificate
        // verification are open to everyone, like their pages.
        let public_api = [
            "/api/v1/openapi.json",
            "/api/v1/reviews",
            "/api/v1/courses",
            "/api/v1/courses/{id}",
            "/api/v1/certificates/{code}",
            "/api/v1/events",
            "/api/v1/events/{id}",
            "/api/v1/resources",
            "/api/v1/resources/{id}",
        ];
        if p.starts_with("/api/v1/") && !public_api.contains(&p) {
            assert!(
                matches!(r.access, Access::ApiToken | Access::ApiAtLeast(_)),
                "{p}"
            );
        }
        // Changing events and reading who registered is for staff.
        if p.starts_with("/api/v1/events")
            && (r.method != "GET" && !p.ends_with("/registrations")
                || p.ends_with("/registrations") && r.method == "GET")
        {
            assert_eq!(
                r.access,
                Access::ApiAtLeast(Role::Staff),
                "{} {p}",
                r.method
            );
        }
    }
}
