//! The API against its own description: schemathesis reads the OpenAPI document a running
//! tta serves and sends it generated requests (valid and invalid ones) as a visitor with no
//! token, as a learner and as staff, checking that no answer is a server error and that
//! every status, content type and body is one the description names.
//!
//! `scripts/test` installs a pinned schemathesis and names it in `SCHEMATHESIS_BIN`. The
//! seed and the number of cases are fixed, so a run is repeatable and bounded.

use std::{path::Path, process::Stdio, time::Duration};

use chrono::{Duration as Days, Utc};
use serde_json::{json, Value};
use tta::{
    accounts::model::Role,
    certificates::model::{self as certs, Issue},
    courses::{progress, spec::CourseSpec},
    library::{
        data::{self, Links, NewFile},
        docx::{build, Block},
        model::RawResource,
        upload::Format,
    },
};

use crate::helpers::*;

/// Cases per operation and phase; with the coverage phase's own cases this keeps a run
/// of all three roles near a minute.
const MAX_EXAMPLES: &str = "12";
const SEED: &str = "20261103";

/// What the run can find by id, so paths with ids reach real records as well as missing ones.
struct Seeded {
    event: i64,
    event_slug: String,
    registration: i64,
    course: i64,
    course_slug: String,
    resource: i64,
    resource_slug: String,
    certificate: String,
}

fn day(offset: i64) -> String {
    (Utc::now() + Days::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// A user and a token made the way an administrator makes one, with `tta token create`.
async fn token(app: &TestApp, email: &str, role: Role) -> (i64, String) {
    let id = app.user(email, role).await;
    let out = run_tta(
        app,
        &["token", "create", "--email", email, "--name", "contract"],
    )
    .await;
    assert_eq!(out.code, Some(0), "tta token create: {out}");
    (id, out.stdout.trim().to_string())
}

async fn seed(app: &TestApp, staff: &str, (learner_id, learner): (i64, &str)) -> Seeded {
    let http = reqwest::Client::new();
    let event: Value = http
        .post(app.at("/api/v1/events"))
        .bearer_auth(staff)
        .json(&json!({
            "title": "Voluntary Services Roundtable",
            "description": "Making every service voluntary.",
            "format": "hybrid", "timezone": "America/Chicago", "venue": "Community Room", "address": "100 Main St",
            "city": "Springfield", "state": "IL", "join_url": "https://meet.example.org/abc", "capacity": 3,
            "registration_opens": format!("{}T09:00", day(-2)), "registration_closes": format!("{}T17:00", day(28)),
            "topics": ["voluntary_services"], "language": "en", "ce_hours": "3", "ask_access": true,
            "questions": [{ "label": "What would you like to get out of the day?", "required": false }],
            "sessions": [{ "title": "Morning", "date": day(30), "start": "09:00", "end": "12:00" }],
            "published": true
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let event_id = event["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("the training was created: {event}"));
    let place: Value = http
        .post(app.at(&format!("/api/v1/events/{event_id}/registrations")))
        .bearer_auth(learner)
        .json(&json!({ "answers": { "access": "Captions, please." } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let registration = place["registration_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("the learner registered: {place}"));

    let spec: CourseSpec = tta::demo::shipped_courses().unwrap().remove(0);
    let course = tta::courses::cli::import(&app.state.db, std::slice::from_ref(&spec))
        .await
        .unwrap()[0];
    progress::enroll(&app.state.db, learner_id, course)
        .await
        .unwrap();
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let issue = Issue {
        kind: certs::KIND_COURSE,
        source_id: course,
        user_id: learner_id,
        recipient: "Learner Tester",
        title: &spec.title,
        completed_on: "2026-10-01",
        hours_x100: spec.hours_x100,
        ce_hours_x100: spec.ce_hours_x100,
        issuer: "tta",
    };
    let certificate = certs::issue(&mut conn, &app.state.cert_key, &issue)
        .await
        .unwrap()
        .code;
    drop(conn);

    let raw = RawResource {
        slug: "screening-guide".into(),
        title: "Screening guide".into(),
        summary: "Questions that open a conversation.".into(),
        kind: "toolkit".into(),
        topics: vec!["labor_trafficking".into()],
        language: "en".into(),
        body_md: "Ask about debts, documents and who holds them.".into(),
        published_on: "2025-01-01".into(),
        ..Default::default()
    };
    let input = raw.check().unwrap();
    let bytes = build(
        "Screening guide",
        &[Block::Para("Who holds your documents?".into())],
    );
    let file = NewFile {
        format: Format::Docx,
        file_name: "guide.docx".into(),
        bytes,
        text: "Who holds your documents?".into(),
        change_note: String::new(),
        replaces: None,
    };
    let links = Links {
        related: vec![],
        courses: vec![course],
        events: vec![event_id],
    };
    let resource = data::save(
        &app.state.db,
        &app.state.storage,
        None,
        None,
        &input,
        &links,
        vec![file],
    )
    .await
    .unwrap();

    Seeded {
        event: event_id,
        event_slug: event["slug"].as_str().unwrap().into(),
        registration,
        course,
        course_slug: spec.slug.clone(),
        resource,
        resource_slug: "screening-guide".into(),
        certificate,
    }
}

/// Schemathesis's settings: real ids and slugs are drawn for half of the cases of each
/// operation that takes them.
fn config(s: &Seeded) -> String {
    let ids = |name: &str, values: Value, pattern: &str, params: &[&str]| {
        let bind: Vec<String> = params
            .iter()
            .map(|p| format!("\"path.{p}\" = {{ dictionary = \"{name}_{p}\", probability = 0.5 }}"))
            .collect();
        let dicts: Vec<String> = params
            .iter()
            .map(|p| format!("[dictionaries.{name}_{p}]\nvalues = {}\n", values[p]))
            .collect();
        (
            dicts.join("\n"),
            format!(
                "[[operations]]\ninclude-path-regex = \"{pattern}\"\nparameters = {{ {} }}\n",
                bind.join(", ")
            ),
        )
    };
    let parts = [
        ids(
            "events",
            json!({ "id": [s.event, s.event_slug], "registration": [s.registration] }),
            "^/events/",
            &["id", "registration"],
        ),
        ids(
            "courses",
            json!({ "id": [s.course, s.course_slug] }),
            "^/courses/",
            &["id"],
        ),
        ids(
            "resources",
            json!({ "id": [s.resource, s.resource_slug] }),
            "^/resources/",
            &["id"],
        ),
        ids(
            "certificates",
            json!({ "code": [s.certificate] }),
            "^/certificates/",
            &["code"],
        ),
    ];
    let dicts: Vec<&str> = parts.iter().map(|(d, _)| d.as_str()).collect();
    let ops: Vec<&str> = parts.iter().map(|(_, o)| o.as_str()).collect();
    format!("{}\n{}", dicts.join("\n"), ops.join("\n"))
}

/// One schemathesis run, as `who`; returns its JSON report.
async fn run(
    bin: &str,
    app: &TestApp,
    dir: &Path,
    who: &str,
    token: Option<&str>,
) -> (Value, String) {
    let report = dir.join(format!("{who}.json"));
    let mut args: Vec<String> = vec![
        "--config-file".into(),
        dir.join("schemathesis.toml").display().to_string(),
        "run".into(),
        app.at("/api/v1/openapi.json"),
        "--url".into(),
        app.at("/api/v1"),
        "--checks".into(),
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection".into(),
        "--phases".into(),
        "examples,coverage,fuzzing,stateful".into(),
        "--max-examples".into(),
        MAX_EXAMPLES.into(),
        "--seed".into(),
        SEED.into(),
        "--workers".into(),
        "1".into(),
        "--request-timeout".into(),
        "30".into(),
        "--no-color".into(),
        "--report".into(),
        "json".into(),
        "--report-json-path".into(),
        report.display().to_string(),
        "--generation-database".into(),
        "none".into(),
    ];
    if let Some(t) = token {
        args.extend(["--header".into(), format!("Authorization: Bearer {t}")]);
    }
    let mut cmd = tokio::process::Command::new(bin);
    cmd.args(&args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(600), cmd.output())
        .await
        .unwrap_or_else(|_| panic!("schemathesis as {who} finished within 10 minutes"))
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = std::fs::read(&report)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_else(|| panic!("schemathesis as {who} wrote no report:\n{printed}"));
    (report, printed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_keeps_its_described_contract() {
    let Ok(bin) = std::env::var("SCHEMATHESIS_BIN") else {
        eprintln!(
            "skipped: SCHEMATHESIS_BIN is unset; scripts/test installs schemathesis and sets it"
        );
        return;
    };
    let app = TestApp::spawn().await;
    let (_, staff) = token(&app, "staff@example.org", Role::Staff).await;
    let (learner_id, learner) = token(&app, "learner@example.org", Role::Learner).await;
    let seeded = seed(&app, &staff, (learner_id, &learner)).await;
    let dir = app.dir.path().join("contract");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("schemathesis.toml"), config(&seeded)).unwrap();

    let db = if is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let mut problems = Vec::new();
    for (who, token) in [
        ("anonymous", None),
        ("learner", Some(learner.as_str())),
        ("staff", Some(staff.as_str())),
    ] {
        let (report, printed) = run(&bin, &app, &dir, who, token).await;
        let ops = &report["operations"];
        let cases = &report["test_cases"];
        println!(
            "schemathesis {} on {db} as {who}: {} of {} operations tested, {} cases, {} with failures ({} unique), {} errored; exit {}",
            report["schemathesis_version"].as_str().unwrap_or("?"),
            ops["tested"],
            ops["selected"],
            cases["generated"],
            cases["with_failures"],
            cases["unique_failures"],
            cases["errored"],
            report["exit_code"],
        );
        let clean = report["exit_code"] == 0
            && cases["with_failures"] == 0
            && cases["errored"] == 0
            && report["errors"].as_array().is_none_or(|e| e.is_empty());
        if !clean {
            problems.push(format!(
                "--- as {who} on {db}: {}\n{printed}",
                report["failures"]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the API does not keep its description:\n{}",
        problems.join("\n")
    );
    app.stop().await;
}
