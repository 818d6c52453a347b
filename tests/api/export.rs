//! "Download my data" holds everything about the person and nothing about anyone else,
//! the schema cannot grow a personal column the export does not know about, and deleting
//! the account does what the archive's README says.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;
use sqlx::Row;
use tta::accounts::{
    export::{
        coverage::{self, Deletion, Export},
        sections::{Kind, SECTIONS},
    },
    model::Role,
};

use crate::helpers::*;

/// (table, column, referenced table, on-delete rule) for every foreign key.
type Fk = (String, String, String, String);

async fn schema(app: &TestApp) -> (BTreeMap<String, Vec<String>>, Vec<Fk>) {
    let pool = &app.state.db.pool;
    let mut cols: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut fks = Vec::new();
    if is_postgres() {
        for r in sqlx::query(
            "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'",
        )
        .fetch_all(pool)
        .await
        .unwrap()
        {
            cols.entry(r.get("t")).or_default().push(r.get("c"));
        }
        for r in sqlx::query(
            "SELECT CAST(k.table_name AS TEXT) AS t, CAST(k.column_name AS TEXT) AS c, CAST(u.table_name AS TEXT) AS r, \
             CAST(rc.delete_rule AS TEXT) AS d FROM information_schema.referential_constraints rc \
             JOIN information_schema.key_column_usage k ON k.constraint_name = rc.constraint_name AND k.constraint_schema = rc.constraint_schema \
             JOIN information_schema.constraint_column_usage u ON u.constraint_name = rc.constraint_name AND u.constraint_schema = rc.constraint_schema \
             WHERE rc.constraint_schema = current_schema()",
        )
        .fetch_all(pool)
        .await
        .unwrap()
        {
            fks.push((r.get("t"), r.get("c"), r.get("r"), r.get("d")));
        }
    } else {
        let tables: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'")
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("name"))
            .collect();
        for t in tables {
            for r in sqlx::query("SELECT name FROM pragma_table_info($1)")
                .bind(&t)
                .fetch_all(pool)
                .await
                .unwrap()
            {
                cols.entry(t.clone()).or_default().push(r.get("name"));
            }
            for r in sqlx::query("SELECT \"table\" AS r, \"from\" AS c, on_delete AS d FROM pragma_foreign_key_list($1)")
                .bind(&t)
                .fetch_all(pool)
                .await
                .unwrap()
            {
                fks.push((t.clone(), r.get("c"), r.get("r"), r.get("d")));
            }
        }
    }
    (cols, fks)
}

/// Every column that refers to a person, found from the live schema.
fn personal_columns(
    cols: &BTreeMap<String, Vec<String>>,
    fks: &[Fk],
) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for c in &cols["users"] {
        out.insert(("users".to_string(), c.clone()));
    }
    for (t, cs) in cols {
        for c in cs {
            let named = c == "user_id"
                || c == "actor_id"
                || c.ends_with("_user_id")
                || c.ends_with("_by")
                || ["email", "new_email", "recipient"].contains(&c.as_str());
            if named && t != "users" {
                out.insert((t.clone(), c.clone()));
            }
        }
    }
    // Tables whose rows die with a person, directly or through another such table.
    let mut owned: BTreeSet<String> = BTreeSet::from(["users".to_string()]);
    loop {
        let before = owned.len();
        for (t, _, r, d) in fks {
            if owned.contains(r) && d.eq_ignore_ascii_case("CASCADE") {
                owned.insert(t.clone());
            }
        }
        if owned.len() == before {
            break;
        }
    }
    for (t, c, r, _) in fks {
        if owned.contains(r) {
            out.insert((t.clone(), c.clone()));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_column_that_refers_to_a_person_is_exported_or_left_out_with_a_reason() {
    let app = TestApp::spawn().await;
    let (cols, fks) = schema(&app).await;
    assert!(
        cols.contains_key("registrations") && !fks.is_empty(),
        "the schema walk found the tables"
    );
    let found = personal_columns(&cols, &fks);
    let missing: Vec<String> = found
        .iter()
        .filter(|(t, c)| coverage::lookup(t, c).is_none())
        .map(|(t, c)| format!("{t}.{c}"))
        .collect();
    assert!(
        missing.is_empty(),
        "columns that refer to a person are neither exported nor left out with a reason in src/accounts/export/coverage.rs: {missing:?}"
    );
    for (t, c, export, deletion) in coverage::COLUMNS {
        assert!(
            cols.get(*t).is_some_and(|cs| cs.iter().any(|x| x == c)),
            "coverage lists {t}.{c}, which is not in the schema"
        );
        if let Export::Left(k) = export {
            assert!(!k.is_empty(), "{t}.{c} is left out without a reason");
        }
        // What deletion does to a foreign key is what the README says it does.
        if let Some((.., d)) = fks
            .iter()
            .find(|f| f.0 == *t && f.1 == *c && f.2 == "users")
        {
            let expected = match d.to_uppercase().as_str() {
                "CASCADE" => Deletion::Removed,
                "SET NULL" => Deletion::Unlinked,
                other => panic!("{t}.{c} references users with ON DELETE {other}, which would block deleting an account"),
            };
            assert_eq!(*deletion, expected, "{t}.{c}: ON DELETE {d}");
        }
    }
    for (t, c) in coverage::SECRETS_BESIDE {
        assert!(
            cols.get(*t).is_some_and(|cs| cs.iter().any(|x| x == c)),
            "{t}.{c} is not in the schema"
        );
    }
    app.stop().await;
}

/// Runs an INSERT with `RETURNING id` added and returns the new id.
async fn ins(app: &TestApp, sql: &str) -> i64 {
    let r = sqlx::query(&format!("{sql} RETURNING id"))
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    r.get::<i64, _>("id")
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql)
        .execute(&app.state.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

pub struct People {
    pub me: i64,
    pub other: i64,
    pub org: i64,
    /// What must never appear in the person's archive.
    pub forbidden: Vec<String>,
}

/// Two people with data in every area; the second one's data is marked OTHER-….
pub async fn people_with_data_everywhere(app: &TestApp) -> People {
    let me = app.user("me@example.org", Role::Learner).await;
    let other = app.user("other.person@example.org", Role::Learner).await;
    let t = tta::db::now() - 3600;
    exec(
        app,
        &format!(
            "UPDATE users SET totp_pending_secret = 'TOTPSECRETJBSWY3DPEHPK3PXP' WHERE id = {me}"
        ),
    )
    .await;
    let input = tta::orgs::model::OrgInput {
        name: "Harbor House".into(),
        kind: "shelter".into(),
        services: vec![],
        state: "WA".into(),
        staff_size: "6-20".into(),
    };
    let org = tta::orgs::model::create(&app.state.db, &input, me, "192.0.2.1")
        .await
        .unwrap();
    exec(app, &format!("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ({org}, {other}, 'member', {t})")).await;
    exec(app, &format!("INSERT INTO invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at) VALUES ({org}, 'me@example.org', 'member', 'INVITE-HASH-TO-ME', {other}, {t}, {})", t + 86400)).await;
    exec(app, &format!("INSERT INTO invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at) VALUES ({org}, 'invitee.colleague@example.org', 'member', 'INVITE-HASH-SENT', {me}, {t}, {})", t + 86400)).await;
    exec(app, &format!("INSERT INTO policy_reviews (org_id, title, body, findings, red_lines, created_by, created_at) VALUES ({org}, 'Resident handbook', 'You may keep your phone. MY-REVIEW-TEXT', 2, 1, {me}, {t})")).await;
    exec(app, &format!("INSERT INTO policy_reviews (org_id, title, body, findings, red_lines, created_by, created_at) VALUES ({org}, 'Other rules', 'OTHER-REVIEW-TEXT', 1, 0, {other}, {t})")).await;

    // An online course with a knowledge check and a pre-test.
    let course = ins(app, &format!("INSERT INTO courses (slug, title, summary, hours_x100, ce_hours_x100, published, created_by, created_at, updated_at) VALUES ('consent-basics', 'Consent basics', 'About consent.', 150, 100, 1, {me}, {t}, {t})")).await;
    let module = ins(
        app,
        &format!(
            "INSERT INTO course_modules (course_id, position, title) VALUES ({course}, 1, 'Start')"
        ),
    )
    .await;
    let lesson = ins(app, &format!("INSERT INTO lessons (course_id, module_id, position, slug, title, body) VALUES ({course}, {module}, 1, 'why', 'Why voluntary services', 'Text.')")).await;
    let check = ins(app, &format!("INSERT INTO questions (course_id, lesson_id, part, position, prompt, choices) VALUES ({course}, {lesson}, 'check', 1, 'Can a resident keep their phone?', '[{{\"text\":\"Yes, always\",\"correct\":true,\"feedback\":\"\"}},{{\"text\":\"Only on weekends\",\"correct\":false,\"feedback\":\"\"}}]')")).await;
    let pre = ins(app, &format!("INSERT INTO questions (course_id, part, position, prompt, choices) VALUES ({course}, 'pre', 1, 'Is chapel attendance a fair condition of a bed?', '[{{\"text\":\"No\",\"correct\":true,\"feedback\":\"\"}},{{\"text\":\"Yes\",\"correct\":false,\"feedback\":\"\"}}]')")).await;
    for (who, comment) in [(me, "MY-COURSE-COMMENT"), (other, "OTHER-COURSE-COMMENT")] {
        let en = ins(app, &format!("INSERT INTO enrollments (user_id, course_id, enrolled_at, last_lesson_id, last_active_at, completed_at) VALUES ({who}, {course}, {t}, {lesson}, {t}, {t})")).await;
        exec(app, &format!("INSERT INTO lesson_views (enrollment_id, lesson_id, viewed_at) VALUES ({en}, {lesson}, {t})")).await;
        exec(app, &format!("INSERT INTO check_answers (enrollment_id, question_id, choices, correct, answered_at) VALUES ({en}, {check}, '0', 1, {t})")).await;
        let at = ins(app, &format!("INSERT INTO test_attempts (enrollment_id, part, number, started_at, submitted_at, score, passed) VALUES ({en}, 'pre', 1, {t}, {t}, 100, 1)")).await;
        exec(app, &format!("INSERT INTO attempt_answers (attempt_id, question_id, choices, correct, answered_at) VALUES ({at}, {pre}, '0', 1, {t})")).await;
        exec(app, &format!("INSERT INTO course_evaluations (enrollment_id, relevance, clarity, usefulness, comment, created_at) VALUES ({en}, 5, 4, 5, '{comment}', {t})")).await;
    }
    for (who, code, name) in [
        (me, "MYCE-RT20-2600", "Me Tester"),
        (other, "OTHE-RCER-T260", "OTHER-RECIPIENT"),
    ] {
        exec(app, &format!("INSERT INTO certificates (code, kind, source_id, user_id, recipient, title, completed_on, hours_x100, ce_hours_x100, issuer, key_id, signature, issued_at) VALUES ('{code}', 'course', {course}, {who}, '{name}', 'Consent basics', '2026-01-15', 150, 100, 'Institute', 'k1', 'sig', {t})")).await;
    }

    // A live training with registration questions, attendance and an evaluation.
    let event = ins(app, &format!("INSERT INTO events (slug, title, format, timezone, capacity, registration_opens_at, registration_closes_at, custom_questions, published, created_by, created_at, updated_at) VALUES ('intake-without-conditions', 'Intake without conditions', 'in_person', 'America/Chicago', 20, {t}, {}, '[{{\"id\":\"q1\",\"label\":\"Your pronouns\",\"required\":false}}]', 1, {me}, {t}, {t})", t + 86400)).await;
    let session = ins(app, &format!("INSERT INTO event_sessions (event_id, position, title, starts_at, ends_at) VALUES ({event}, 1, 'Morning', {t}, {})", t + 7200)).await;
    exec(
        app,
        &format!("INSERT INTO event_facilitators (event_id, user_id) VALUES ({event}, {me})"),
    )
    .await;
    for (who, answers, comment) in [
        (
            me,
            r#"{"access":"Step-free entrance, please","interpreter":"ASL","q1":"she/her"}"#,
            "MY-EVENT-COMMENT",
        ),
        (
            other,
            r#"{"access":"OTHER-ACCESS-NEED"}"#,
            "OTHER-EVENT-COMMENT",
        ),
    ] {
        let reg = ins(app, &format!("INSERT INTO registrations (event_id, user_id, status, answers, created_at, updated_at, confirmed_at) VALUES ({event}, {who}, 'confirmed', '{answers}', {t}, {t}, {t})")).await;
        exec(app, &format!("INSERT INTO attendance (registration_id, session_id, present, marked_by, marked_at) VALUES ({reg}, {session}, 1, {other}, {t})")).await;
        exec(app, &format!("INSERT INTO event_evaluations (registration_id, relevance, clarity, usefulness, facilitation, comment, created_at) VALUES ({reg}, 5, 5, 4, 5, '{comment}', {t})")).await;
    }
    exec(app, &format!("INSERT INTO facilitator_profiles (user_id, bio, expertise, languages, region, updated_at) VALUES ({me}, 'MY-BIO', ',housing,legal,', 'English, Spanish', 'Pacific Northwest', {t})")).await;
    exec(app, &format!("INSERT INTO calendar_feeds (user_id, token, created_at) VALUES ({me}, 'CALENDARFEEDSECRET', {t})")).await;
    exec(app, &format!("INSERT INTO idempotency_keys (user_id, key, request, status, body, created_at) VALUES ({me}, 'k', 'r', 200, 'IDEMPOTENT-BODY', {t})")).await;
    exec(app, &format!("INSERT INTO email_tokens (user_id, purpose, token_hash, new_email, created_at, expires_at) VALUES ({me}, 'change_email', 'EMAILTOKENHASHSECRET', 'me.new@example.org', {t}, {})", t + 86400)).await;

    // The library.
    let res = ins(app, &format!("INSERT INTO resources (slug, title, summary, kind, published_on, created_by, created_at, updated_at) VALUES ('phone-policy', 'Phone policy template', 'A template.', 'template', '2026-01-01', {me}, {t}, {t})")).await;
    exec(app, &format!("INSERT INTO resource_files (resource_id, series, version, storage_key, file_name, format, size, sha256, uploaded_by, uploaded_at) VALUES ({res}, 1, 1, 'k', 'phone-policy.docx', 'docx', 10, 'abc', {me}, {t})")).await;

    // The audit log: something done to me by someone else, and someone else's own sign-in.
    exec(app, &format!("INSERT INTO audit_log (at, actor_id, action, target, ip, detail) VALUES ({t}, {other}, 'role_changed', 'user:{me}', '203.0.113.9', 'learner -> facilitator')")).await;
    exec(app, &format!("INSERT INTO audit_log (at, actor_id, action, target, ip, detail) VALUES ({t}, {other}, 'signin', 'user:{other}', '198.51.100.77', '')")).await;
    // Emails queued to each of us, and one I wrote on the contact page.
    let contact = serde_json::json!({"to": "contact@localhost", "reply_to": "me@example.org", "subject": "Contact", "text": "EMAIL-TEXT from me"});
    for payload in [
        serde_json::json!({"to": "me@example.org", "subject": "Hello", "text": "EMAIL-TEXT to me"}),
        serde_json::json!({"to": "other.person@example.org", "subject": "Hello", "text": "EMAIL-TEXT to other.person@example.org"}),
        contact,
    ] {
        let payload = payload.to_string();
        sqlx::query("INSERT INTO jobs (kind, payload, run_at, attempts, max_attempts, created_at) VALUES ('email', $1, $2, 0, 8, $2)")
            .bind(payload)
            .bind(t + 10 * 86400)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }

    let mut forbidden: Vec<String> = [
        "OTHER-",
        "other.person@example.org",
        "Other person Tester",
        "invitee.colleague@example.org",
        "198.51.100.77",
        "IDEMPOTENT-BODY",
        "EMAIL-TEXT",
        "CALENDARFEEDSECRET",
        "EMAILTOKENHASHSECRET",
        "INVITE-HASH",
        "TOTPSECRET",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let hash: String = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(me)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .get(0);
    forbidden.push(hash);
    People {
        me,
        other,
        org,
        forbidden,
    }
}

/// The archive's files by name.
fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut z =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the export is a ZIP archive");
    let mut out = HashMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap();
        out.insert(f.name().unwrap().to_string(), s);
    }
    out
}

/// Every object key, and every value that looks like Unix seconds, anywhere in `v`.
fn walk(v: &Value, path: &str, keys: &mut BTreeSet<String>, epochs: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                keys.insert(k.clone());
                walk(x, &format!("{path}.{k}"), keys, epochs);
            }
        }
        Value::Array(a) => a
            .iter()
            .for_each(|x| walk(x, &format!("{path}[]"), keys, epochs)),
        Value::Number(n) if n.as_f64().is_some_and(|f| f >= 100_000_000.0) => {
            epochs.push(format!("{path} = {n}"))
        }
        Value::String(s)
            if (9..=11).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()) =>
        {
            epochs.push(format!("{path} = {s}"))
        }
        _ => {}
    }
}

/// The declared time fields of every record in `file`, checked to be RFC 3339 UTC.
fn check_times(file: &str, v: &Value, section: &str, bad: &mut Vec<String>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| check_times(file, x, section, bad)),
        Value::Object(m) => {
            let fields = SECTIONS
                .iter()
                .find(|s| s.file == file && s.name == section)
                .map(|s| s.fields)
                .unwrap_or(&[]);
            for (k, x) in m {
                match fields.iter().find(|f| f.0 == k) {
                    Some((_, Kind::Time)) => {
                        let ok = x.is_null()
                            || x.as_str().is_some_and(|s| {
                                s.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(s).is_ok()
                            });
                        if !ok {
                            bad.push(format!("{file}.json {section}.{k} = {x}"));
                        }
                    }
                    Some((_, Kind::Set)) => check_times(file, x, k, bad),
                    _ if fields.is_empty() => check_times(file, x, k, bad),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_is_a_zip_of_everything_about_the_person_and_nothing_else() {
    let app = TestApp::spawn().await;
    let p = people_with_data_everywhere(&app).await;
    // A failed sign-in on my address, then a real one.
    let r = app
        .post(
            &app.client(),
            "/signin",
            "/signin",
            &[
                ("email", "me@example.org"),
                ("password", "not-my-password-at-all"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let c = app.signed_in("me@example.org").await;
    let (_, token) = tta::accounts::tokens::create(&app.state.db, p.me, "laptop")
        .await
        .unwrap();

    let r = app.get(&c, "/account/export").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("attachment")
            && disposition.contains(&format!("tta-my-data-{today}.zip")),
        "{disposition}"
    );
    let files = unzip(&r.bytes().await.unwrap());
    let mut names: Vec<&str> = files.keys().map(String::as_str).collect();
    names.sort();
    for f in [
        "README.txt",
        "account.json",
        "audit.json",
        "certificates.json",
        "courses.json",
        "organizations.json",
        "reviews.json",
        "trainings.json",
    ] {
        assert!(names.contains(&f), "{f} in {names:?}");
    }

    // No secret, and nobody else's data, anywhere in the archive.
    let mut secrets = p.forbidden.clone();
    secrets.push(token.clone());
    secrets.push(tta::util::sha256_hex(&token));
    for h in sqlx::query("SELECT id_hash FROM sessions WHERE user_id = $1")
        .bind(p.me)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
    {
        secrets.push(h.get(0));
    }
    for (name, text) in &files {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{name} contains {s}");
        }
    }

    let readme = &files["README.txt"];
    let mut docs: HashMap<String, Value> = HashMap::new();
    for (name, text) in &files {
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name} is JSON: {e}"));
        assert!(text.contains("\n  "), "{name} is pretty-printed");
        let (mut keys, mut epochs) = (BTreeSet::new(), Vec::new());
        walk(&v, stem, &mut keys, &mut epochs);
        assert!(
            epochs.is_empty(),
            "values that look like epoch seconds: {epochs:?}"
        );
        let mut bad = Vec::new();
        check_times(stem, &v, "", &mut bad);
        assert!(bad.is_empty(), "times not in RFC 3339 UTC: {bad:?}");
        // The README explains every field of the file, in that file's part of it.
        let part = readme
            .split(&format!("\n{name}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("README has a part for {name}"));
        let part = part.split(".json\n---").next().unwrap();
        for k in keys {
            assert!(
                part.contains(&format!("{k}:")) || part.contains(&format!("\"{k}\"")),
                "README explains {k} of {name}"
            );
        }
        docs.insert(stem.to_string(), v);
    }
    for words in ["password", "delete", "certificates", "kept", "UTC"] {
        assert!(
            readme.to_lowercase().contains(&words.to_lowercase()),
            "README mentions {words}"
        );
    }

    // The data is there, readable.
    let acct = &docs["account"];
    assert_eq!(acct["account"]["email"], "me@example.org");
    assert!(acct["account"].get("password_hash").is_none());
    assert_eq!(acct["api_tokens"][0]["name"], "laptop");
    assert_eq!(acct["email_links"][0]["new_email"], "me.new@example.org");
    assert!(!acct["sessions"].as_array().unwrap().is_empty());
    let orgs = &docs["organizations"];
    assert_eq!(orgs["memberships"][0]["organization"], "Harbor House");
    assert_eq!(orgs["memberships"][0]["role"], "manager");
    assert_eq!(orgs["invitations_to_you"][0]["email"], "me@example.org");
    assert_eq!(orgs["invitations_you_sent"].as_array().unwrap().len(), 1);
    let reg = &docs["trainings"]["registrations"][0];
    assert_eq!(reg["training"], "Intake without conditions");
    let answers = reg["answers"].as_array().unwrap();
    let answer = |q: &str| {
        answers
            .iter()
            .find(|a| a["question"].as_str().unwrap().contains(q))
            .map(|a| a["answer"].clone())
    };
    assert_eq!(
        answer("access needs"),
        Some(Value::from("Step-free entrance, please"))
    );
    assert_eq!(answer("interpreter"), Some(Value::from("ASL")));
    assert_eq!(answer("pronouns"), Some(Value::from("she/her")));
    assert_eq!(reg["attendance"][0]["present"], true);
    assert_eq!(reg["evaluation"]["comment"], "MY-EVENT-COMMENT");
    assert_eq!(
        docs["trainings"]["registrations"].as_array().unwrap().len(),
        1
    );
    assert_eq!(
        docs["trainings"]["facilitating"][0]["training"],
        "Intake without conditions"
    );
    assert!(docs["trainings"]["calendar_feed"]["created_at"].is_string());
    assert_eq!(
        docs["facilitator"]["profile"]["expertise"],
        serde_json::json!(["housing", "legal"])
    );
    let en = &docs["courses"]["enrollments"][0];
    assert_eq!(en["course"], "Consent basics");
    assert_eq!(
        en["knowledge_checks"][0]["chosen"],
        serde_json::json!(["Yes, always"])
    );
    assert_eq!(en["tests"][0]["test"], "pre");
    assert_eq!(
        en["tests"][0]["answers"][0]["chosen"],
        serde_json::json!(["No"])
    );
    assert_eq!(en["tests"][0]["passed"], true);
    assert_eq!(en["evaluation"]["comment"], "MY-COURSE-COMMENT");
    let cert = &docs["certificates"]["certificates"][0];
    assert_eq!(cert["code"], "MYCE-RT20-2600");
    assert_eq!(cert["hours"], 1.5);
    assert!(cert["check_address"]
        .as_str()
        .unwrap()
        .ends_with("/certificates/MYCE-RT20-2600"));
    assert_eq!(
        docs["certificates"]["certificates"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(docs["reviews"]["saved_reviews"][0]["text"]
        .as_str()
        .unwrap()
        .contains("MY-REVIEW-TEXT"));
    assert_eq!(docs["authored"]["courses"][0]["title"], "Consent basics");
    assert_eq!(
        docs["authored"]["resource_files"][0]["file_name"],
        "phone-policy.docx"
    );
    let audit = docs["audit"]["entries"].as_array().unwrap();
    let has = |action: &str, by: &str| {
        audit
            .iter()
            .any(|e| e["action"] == action && e["done_by"] == by)
    };
    assert!(has("signin", "you") && has("org_created", "you") && has("data_exported", "you"));
    assert!(
        has("role_changed", "someone_else"),
        "what others did to the account is there, unnamed"
    );
    assert!(
        has("signin_failed", "tta"),
        "failed sign-ins on the address are there"
    );
    let _ = (p.other, p.org);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_the_account_removes_and_keeps_what_the_readme_says() {
    let app = TestApp::spawn().await;
    let p = people_with_data_everywhere(&app).await;
    // The only manager cannot leave an organization behind; hand it over first.
    exec(
        &app,
        &format!(
            "UPDATE memberships SET role = 'manager' WHERE user_id = {}",
            p.other
        ),
    )
    .await;
    let _ = app
        .post(
            &app.client(),
            "/signin",
            "/signin",
            &[
                ("email", "me@example.org"),
                ("password", "not-my-password-at-all"),
            ],
        )
        .await;
    let c = app.signed_in("me@example.org").await;
    let r = app
        .post(
            &c,
            "/account/delete",
            "/account/delete",
            &[("password", PASSWORD), ("confirm", "DELETE")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let db = &app.state.db;
    let me = p.me;
    for (table, col) in [
        ("enrollments", "user_id"),
        ("registrations", "user_id"),
        ("memberships", "user_id"),
        ("sessions", "user_id"),
        ("facilitator_profiles", "user_id"),
        ("calendar_feeds", "user_id"),
        ("email_tokens", "user_id"),
    ] {
        assert_eq!(
            count(
                db,
                &format!("SELECT COUNT(*) FROM {table} WHERE {col} = {me}")
            )
            .await,
            0,
            "{table} removed"
        );
    }
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM course_evaluations WHERE comment = 'MY-COURSE-COMMENT'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM event_evaluations WHERE comment = 'MY-EVENT-COMMENT'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM invitations WHERE email = 'me@example.org'"
        )
        .await,
        0,
        "invitations to the address removed"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM jobs WHERE payload LIKE '%me@example.org%'"
        )
        .await,
        0,
        "copies of emails removed"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM jobs WHERE payload LIKE '%other.person@example.org%'"
        )
        .await,
        1,
        "other people's emails stay"
    );
    // Kept: the certificate (name and code, for verification), unlinked.
    assert_eq!(count(db, "SELECT COUNT(*) FROM certificates WHERE code = 'MYCE-RT20-2600' AND user_id IS NULL AND recipient = 'Me Tester'").await, 1);
    assert_eq!(
        app.get(&app.client(), "/certificates/MYCE-RT20-2600")
            .await
            .status(),
        200,
        "the certificate can still be checked"
    );
    assert_eq!(count(db, "SELECT COUNT(*) FROM policy_reviews WHERE title = 'Resident handbook' AND created_by IS NULL").await, 1);
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM courses WHERE slug = 'consent-basics' AND created_by IS NULL"
        )
        .await,
        1
    );
    // The audit log keeps the number, not the address.
    assert_eq!(count(db, "SELECT COUNT(*) FROM audit_log WHERE target LIKE '%me@example.org%' OR detail LIKE '%me@example.org%'").await, 0);
    assert!(count(db, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'signin_failed' AND target = 'user:{me}'")).await >= 1);
    app.stop().await;
}
