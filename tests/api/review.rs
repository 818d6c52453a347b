//! Policy review on the web page, the API and the command line; saved reviews and their
//! comparison; and the same findings whether the rules come pasted, as DOCX or as PDF.

use std::io::Write;

use reqwest::multipart::Part;
use tta::accounts::model::Role;

use crate::{browser::Browser, helpers::*};

pub const RULES: &str = "Harbor House Resident Rules

1. Residents must turn in their cell phones to staff at intake.
2. Attendance at Sunday chapel is mandatory for all residents.
3. Curfew is 8:00 p.m. every night; late arrivals will be discharged.
4. Residents may decorate their rooms as they like.
5. You are not required to attend counseling to keep your bed.
";

pub const RULES_V2: &str = "Harbor House Resident Rules

1. Residents keep their own phones; staff can help with safety settings.
2. Attendance at Sunday chapel is mandatory for all residents.
3. Curfew is 8:00 p.m. every night; late arrivals will be discharged.
4. Residents may decorate their rooms as they like.
";

/// A minimal Word document with one paragraph per line, as a real DOCX (a zip of XML parts).
pub fn docx(text: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("[Content_Types].xml", opts).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
        z.start_file("_rels/.rels", opts).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).unwrap();
        z.start_file("word/document.xml", opts).unwrap();
        let mut body = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
        );
        for line in text.lines() {
            let esc = line
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{esc}</w:t></w:r></w:p>"
            ));
        }
        body.push_str("</w:body></w:document>");
        z.write_all(body.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// The same rules as a PDF with a text layer, one line per rule.
pub fn pdf(text: &str) -> Vec<u8> {
    let mut d = tta::pdf::Doc::new("Rules", "test");
    for line in text.lines() {
        d.paragraph(line);
    }
    d.finish()
}

fn categories(json: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["category"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

async fn post_review(app: &TestApp, c: &reqwest::Client, form: Multi) -> reqwest::Response {
    let token = app.csrf(c, "/review").await;
    c.post(app.at("/review"))
        .multipart(form.with_csrf(&token))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_page_reviews_pasted_rules_and_refuses_bad_input() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let r = post_review(
        &app,
        &c,
        Multi::new()
            .text("name", "Harbor House")
            .text("text", RULES),
    )
    .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("<mark class=\"red\""),
        "findings are highlighted in place"
    );
    assert!(html.contains("phone_device_control"));
    assert!(html.contains("Why it harms:") && html.contains("Write instead:"));
    // The voluntary rules are not marked.
    let doc = scraper::Html::parse_document(&html);
    let marks: Vec<String> = doc
        .select(&scraper::Selector::parse("mark").unwrap())
        .map(|m| m.text().collect())
        .collect();
    assert!(
        marks
            .iter()
            .all(|m| !m.contains("decorate") && !m.contains("not required")),
        "{marks:?}"
    );
    assert!(marks.len() >= 3, "{marks:?}");

    // Nothing to review.
    let r = post_review(&app, &c, Multi::new().text("text", "   ")).await;
    assert_eq!(r.status(), 422);
    assert!(text_of(&r.text().await.unwrap(), "#f-text-error")
        .unwrap()
        .contains("Paste the text"));
    // An image is refused with the accepted kinds named, and the pasted text is kept.
    let png = Part::bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec())
        .file_name("rules.png")
        .mime_str("image/png")
        .unwrap();
    let r = post_review(
        &app,
        &c,
        Multi::new().text("text", "kept text").part("file", png),
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    let err = text_of(&html, "#f-file-error").unwrap();
    assert!(err.contains("DOCX") && err.contains("PDF"), "{err}");
    assert_eq!(text_of(&html, "#f-text").unwrap(), "kept text");
    // Too large.
    let big = Part::bytes(vec![b'a'; tta::review::MAX_UPLOAD + 10])
        .file_name("big.txt")
        .mime_str("text/plain")
        .unwrap();
    let r = post_review(&app, &c, Multi::new().part("file", big)).await;
    assert!(r.status() == 422 || r.status() == 413, "{}", r.status());
    // Nothing is stored by a review.
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM policy_reviews").await,
        0
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_download_as_pdf_and_markdown() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let token = app.csrf(&c, "/review").await;
    let r = c
        .post(app.at("/review/report?format=pdf"))
        .multipart(
            Multi::new()
                .text("name", "Harbor House")
                .text("text", RULES)
                .with_csrf(&token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("policy-review-harbor-house.pdf"));
    let bytes = r.bytes().await.unwrap();
    // Read the PDF back with a PDF parser.
    let text = tta_review::extract(&bytes, Some("report.pdf"), None).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Policy review: Harbor House"), "{flat}");
    assert!(flat.contains("turn in their cell phones"), "{flat}");
    assert!(flat.contains("Why it harms:"), "{flat}");
    let r = c
        .post(app.at("/review/report?format=md"))
        .multipart(
            Multi::new()
                .text("name", "Harbor House")
                .text("text", RULES)
                .with_csrf(&token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let md = r.text().await.unwrap();
    assert!(md.starts_with('#'), "{md}");
    let r = c
        .post(app.at("/review/report?format=exe"))
        .multipart(Multi::new().text("text", RULES).with_csrf(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_answers_with_the_same_json_as_the_command_line() {
    let app = TestApp::spawn().await;
    let c = reqwest::Client::new();
    let url = app.at("/api/v1/reviews");
    let r = c
        .post(&url)
        .json(&serde_json::json!({"text": RULES, "name": "rules.md"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let j: serde_json::Value = r.json().await.unwrap();
    assert_eq!(j["document"], "rules.md");
    let f = &j["findings"][0];
    for k in [
        "line",
        "start",
        "end",
        "category",
        "severity",
        "text",
        "explanation",
        "alternative",
    ] {
        assert!(!f[k].is_null(), "finding has {k}");
    }
    let start = f["start"].as_u64().unwrap() as usize;
    let end = f["end"].as_u64().unwrap() as usize;
    assert_eq!(&RULES[start..end], f["text"].as_str().unwrap());
    let by_json = categories(&j);

    let plain: serde_json::Value = c
        .post(&url)
        .header("content-type", "text/plain")
        .body(RULES)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(categories(&plain), by_json);
    let form = Multi::new().part("file", Part::bytes(docx(RULES)).file_name("rules.docx"));
    let r = c.post(&url).multipart(form.form()).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        categories(&r.json().await.unwrap()),
        by_json,
        "DOCX gives the same findings"
    );
    let form = Multi::new().part("file", Part::bytes(pdf(RULES)).file_name("rules.pdf"));
    let r = c.post(&url).multipart(form.form()).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        categories(&r.json().await.unwrap()),
        by_json,
        "PDF gives the same findings"
    );

    // Bad input: JSON errors with a message.
    let r = c
        .post(&url)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.json::<serde_json::Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .contains("JSON"));
    let r = c
        .post(&url)
        .json(&serde_json::json!({"text": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = c
        .post(&url)
        .header("content-type", "application/octet-stream")
        .body(vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let j: serde_json::Value = r.json().await.unwrap();
    assert_eq!(j["code"], "unsupported");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_reports_with_line_numbers_and_exit_codes() {
    let dir = tempfile_dir::TempDir::new();
    let rules = dir.path().join("rules.md");
    std::fs::write(&rules, RULES).unwrap();
    let bin = env!("CARGO_BIN_EXE_tta");
    let out = std::process::Command::new(bin)
        .arg("review")
        .arg(&rules)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "something found");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("line 3")
            || text.contains(":3")
            || text.contains("3 |")
            || text.contains("L3"),
        "{text}"
    );
    let out = std::process::Command::new(bin)
        .args(["review", "--json"])
        .arg(&rules)
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("--json output parses");
    assert!(j["findings"].as_array().unwrap().len() >= 3);
    let out = std::process::Command::new(bin)
        .args(["review", "--format", "markdown"])
        .arg(&rules)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with('#'));
    // Voluntary rules from standard input: nothing found.
    let mut child = std::process::Command::new(bin)
        .args(["review", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"You may keep your phone.\nYou are not required to attend any group.\n")
        .unwrap();
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(0));
    // The demo's sample handbook.
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/review/samples/house-rules.md"
    );
    let out = std::process::Command::new(bin)
        .args(["review", sample])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("line 23"), "line numbers: {text}");
    let out = std::process::Command::new(bin)
        .args(["review", "--json", sample])
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(j["summary"]["by_category"].as_object().unwrap().len() >= 12);
    let out = std::process::Command::new(bin)
        .args(["review", "--json", sample, sample])
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j.as_array().unwrap().len(), 2, "one object per document");
    let out = std::process::Command::new(bin)
        .args(["review", "/no/such/file.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let png = dir.path().join("scan.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let out = std::process::Command::new(bin)
        .arg("review")
        .arg(&png)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PDF"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_reviews_reopen_and_compare_within_the_organization() {
    let app = TestApp::spawn().await;
    let (uid, c) = app.as_role("keeper@example.org", Role::Learner).await;
    let (_, outsider) = app.as_role("outsider@example.org", Role::Learner).await;
    let input = |n: &str| tta::orgs::model::OrgInput {
        name: n.into(),
        kind: "shelter".into(),
        services: vec![],
        state: "ME".into(),
        staff_size: "6-20".into(),
    };
    let org = tta::orgs::model::create(&app.state.db, &input("Harbor House"), uid, "")
        .await
        .unwrap();
    let save = |client: reqwest::Client, text: &'static str, name: &'static str, org: i64| {
        let app = &app;
        async move {
            let token = app.csrf(&client, "/review").await;
            client
                .post(app.at("/review/save"))
                .multipart(
                    Multi::new()
                        .text("name", name)
                        .text("text", text)
                        .text("org", org.to_string())
                        .with_csrf(&token),
                )
                .send()
                .await
                .unwrap()
        }
    };
    let r = save(c.clone(), RULES, "Handbook 2025", org).await;
    assert_eq!(r.status(), 303);
    let first = location(&r);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = save(c.clone(), RULES_V2, "Handbook 2026", org).await;
    let second = location(&r);
    // Someone outside the organization can neither save to it nor read its reviews.
    assert_eq!(save(outsider.clone(), RULES, "x", org).await.status(), 403);
    assert_eq!(app.get(&outsider, &first).await.status(), 403);

    let list = app
        .get(&c, &format!("/orgs/{org}/reviews"))
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("Handbook 2025") && list.contains("Handbook 2026"));
    let first_id = first.rsplit('/').next().unwrap();
    let html = app
        .get(&c, &format!("{second}?compare={first_id}"))
        .await
        .text()
        .await
        .unwrap();
    let result = text_of(&html, "#comparison-result").unwrap();
    assert!(
        result.starts_with("1 of "),
        "the phone rule was fixed: {result}"
    );
    assert!(result.contains("findings resolved"));
    let r = app.get(&c, &format!("{second}/report?format=pdf")).await;
    assert_eq!(r.headers()["content-type"], "application/pdf");
    app.stop().await;
}

/// In Chromium: paste a handbook, see the highlights and explanations; upload the same
/// rules as DOCX and as PDF and get the same findings. axe checks every page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_browser_pasted_docx_and_pdf_give_the_same_findings() {
    let app = TestApp::spawn().await;
    let dir = tempfile_dir::TempDir::new();
    let docx_path = dir.path().join("rules.docx");
    let pdf_path = dir.path().join("rules.pdf");
    std::fs::write(&docx_path, docx(RULES)).unwrap();
    std::fs::write(&pdf_path, pdf(RULES)).unwrap();
    let b = Browser::start().await;
    b.goto(&app.at("/")).await;
    b.click("nav a[href='/review']").await;
    b.submit("main form button[type=submit]").await;
    assert!(b.text("#f-text-error").await.contains("Paste the text"));
    b.fill("#f-name", "Harbor House rules").await;
    b.fill("#f-text", RULES).await;
    b.submit("main form button[type=submit]").await;
    assert!(
        b.text(".reading").await.contains("red line"),
        "{}",
        b.text(".reading").await
    );
    assert!(b.exists("mark.red").await);
    assert!(b.text(".finding-list").await.contains("Write instead:"));
    let pasted = issue_categories(&b).await;
    assert!(pasted.len() >= 3, "{pasted:?}");
    // Download the PDF report from the page, as the button does, and read its text back.
    let b64 = b
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const f = document.querySelector('form[action^=\"/review/report?format=pdf\"]');
             fetch(f.action, {method: 'POST', body: new FormData(f)})
               .then(r => r.arrayBuffer())
               .then(buf => { let s = ''; new Uint8Array(buf).forEach(x => s += String.fromCharCode(x)); done(btoa(s)); });",
            vec![],
        )
        .await
        .unwrap();
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = tta_review::extract(&bytes, Some("report.pdf"), None).unwrap();
    assert!(text.contains("Harbor House rules"), "{text}");
    for path in [&docx_path, &pdf_path] {
        b.goto(&app.at("/review")).await;
        b.fill("#f-file", path.to_str().unwrap()).await;
        b.submit("main form button[type=submit]").await;
        assert_eq!(issue_categories(&b).await, pasted, "{}", path.display());
    }
    b.close().await;
    let p = Browser::phone().await;
    p.goto(&app.at("/review")).await;
    p.fill("#f-text", RULES).await;
    p.submit("main form button[type=submit]").await;
    assert!(p.exists("mark").await);
    p.close().await;
    app.stop().await;
}

async fn issue_categories(b: &Browser) -> Vec<String> {
    let v = b
        .client()
        .execute("return Array.from(document.querySelectorAll('.issue')).map(e => e.dataset.category).sort()", vec![])
        .await
        .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

/// House rules in Spanish: the rules read English only, so finding nothing would mean
/// nothing. Each way in says so instead of giving an all-clear.
const SPANISH_RULES: &str = "Reglas de la casa\n\n\
1. Las residentes deben entregar sus teléfonos celulares al personal al llegar.\n\
2. No se permiten visitas durante los primeros treinta días.\n\
3. Todas las residentes deben asistir a la capilla los domingos.\n\
4. El toque de queda es a las nueve de la noche; quien no regrese a tiempo será dada de baja del programa.\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spanish_house_rules_are_said_to_be_unreviewed_not_cleared() {
    let app = TestApp::spawn().await;
    let c = app.client();
    // The web page: a message beside the field, what was pasted kept, no result.
    let r = post_review(
        &app,
        &c,
        Multi::new()
            .text("name", "Casa Esperanza")
            .text("text", SPANISH_RULES),
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    let err = text_of(&html, "#f-text-error").unwrap();
    assert!(
        err.contains("appears to be in Spanish") && err.contains("not an all-clear"),
        "{err}"
    );
    assert_eq!(
        text_of(&html, "#f-text").unwrap().trim(),
        SPANISH_RULES.trim()
    );
    assert!(!html.contains("summary-box"), "no result is shown");
    // An uploaded file gets the message beside the file field.
    let part = Part::bytes(SPANISH_RULES.as_bytes().to_vec())
        .file_name("reglas.txt")
        .mime_str("text/plain")
        .unwrap();
    let html = post_review(&app, &c, Multi::new().part("file", part))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text_of(&html, "#f-file-error").unwrap().contains("Spanish"),
        "{html}"
    );
    // The API: 422 with a code a client can act on.
    let r = c
        .post(app.at("/api/v1/reviews"))
        .json(&serde_json::json!({ "text": SPANISH_RULES }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let j: serde_json::Value = r.json().await.unwrap();
    assert_eq!(j["code"], "unsupported_language");
    assert_eq!(j["language"]["code"], "es");
    assert_eq!(j["language"]["covered"], false);
    // English rules still get their result, and say they were reviewed.
    let j: serde_json::Value = c
        .post(app.at("/api/v1/reviews"))
        .json(&serde_json::json!({ "text": RULES }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(j["reviewed"], true);
    assert_eq!(j["language"]["code"], "en");
    // The command line: bad input (exit 2) with the reason, not "nothing found" (exit 0).
    let dir = tempfile_dir::TempDir::new();
    let path = dir.path().join("reglas.md");
    std::fs::write(&path, SPANISH_RULES).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tta"))
        .arg("review")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Spanish"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_is_submitted_by_post_with_the_form_token_in_the_body_only() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let html = app.get(&c, "/review").await.text().await.unwrap();
    let doc = scraper::Html::parse_document(&html);
    let form = doc
        .select(&scraper::Selector::parse("form[enctype='multipart/form-data']").unwrap())
        .next()
        .unwrap();
    assert_eq!(form.value().attr("method"), Some("post"));
    assert_eq!(
        form.value().attr("action"),
        Some("/review"),
        "no token in the address"
    );
    let first = form
        .select(&scraper::Selector::parse("input").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        first.value().attr("name"),
        Some("_csrf"),
        "the token is the form's first field"
    );
    // The token in the address is no longer accepted, even when it is right.
    let token = app.csrf(&c, "/review").await;
    let r = c
        .post(app.at(&format!("/review?_csrf={token}")))
        .multipart(Multi::new().text("text", RULES).form())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The token after other fields is not looked for.
    let late = Multi::new()
        .text("text", RULES)
        .text("_csrf", token.clone())
        .form();
    assert_eq!(
        c.post(app.at("/review"))
            .multipart(late)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    // As the first part it is.
    let r = post_review(&app, &c, Multi::new().text("text", RULES)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.url().path(), "/review");
    assert_eq!(r.url().query(), None);
    app.stop().await;
}
