//! Reading uploaded documents under hard limits: a PDF bomb, a small Word file holding too
//! much text, an oversized JSON body and a fake PDF are refused on every path with a clear
//! message, the reader runs in a child process under resource limits and is killed and
//! reaped at its deadline, and the server goes on answering.

use std::{io::Write, path::Path};

use lopdf::{dictionary, Document, Object, Stream};
use reqwest::multipart::Part;
use tta::{
    accounts::model::Role,
    config::Config,
    extract::{Doc, Failure, Sandbox, Stop},
};

use crate::helpers::*;

/// A one-page PDF whose content stream is `unit` repeated to at least `inflated` bytes,
/// stored deflated. Repetitive content deflates about a thousand to one, which is what
/// makes a small file a bomb.
fn pdf_with_content(unit: &[u8], inflated: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = unit.repeat((1 << 20) / unit.len());
    let mut written = 0;
    while written < inflated {
        z.write_all(&chunk).unwrap();
        written += chunk.len();
    }
    let deflated = z.finish().unwrap();
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content_id = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        deflated,
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Under half a megabyte that unpacks to 160 MB of drawing instructions: read whole, as
/// tta used to, it takes gigabytes of memory and many seconds.
fn pdf_bomb() -> Vec<u8> {
    pdf_with_content(
        b"BT /F1 12 Tf 72 712 Td (You must attend chapel) Tj ET\n",
        160 << 20,
    )
}

/// Within the page budget (under 8 MB unpacked), but more than a small memory limit.
fn dense_pdf() -> Vec<u8> {
    pdf_with_content(b"1 0 0 1 0 0 cm 0 0 m 1 1 l S\n", 7 << 20)
}

/// The process's peak resident memory, in KB.
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn file(name: &str, bytes: Vec<u8>, mime: &str) -> Part {
    Part::bytes(bytes)
        .file_name(name.to_string())
        .mime_str(mime)
        .unwrap()
}

async fn review_page(app: &TestApp, c: &reqwest::Client, form: Multi) -> (u16, String) {
    let token = app.csrf(c, "/review").await;
    let r = c
        .post(app.at("/review"))
        .multipart(form.with_csrf(&token))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn api_upload(app: &TestApp, c: &reqwest::Client, part: Part) -> (u16, serde_json::Value) {
    let r = c
        .post(app.at("/api/v1/reviews"))
        .multipart(Multi::new().part("file", part).form())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn api_body(
    app: &TestApp,
    c: &reqwest::Client,
    ctype: &str,
    body: Vec<u8>,
) -> (u16, serde_json::Value) {
    let r = c
        .post(app.at("/api/v1/reviews"))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// A resource form with a file, as staff send it.
async fn library_upload(
    app: &TestApp,
    c: &reqwest::Client,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let mut m = Multi::new();
    for (k, v) in [
        ("title", "House rules template"),
        ("summary", "A template for shelters."),
        ("kind", "template"),
        ("topics", "voluntary_services"),
        ("audiences", "shelter"),
        ("language", "en"),
        ("published_on", "2026-02-01"),
        ("status", "published"),
    ] {
        m = m.text(k, v);
    }
    m = m.part("file", Part::bytes(bytes).file_name(name.to_string()));
    let token = app.csrf(c, "/staff/resources/new").await;
    let r = c
        .post(app.at("/staff/resources/new"))
        .multipart(m.with_csrf(&token))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The server still reviews ordinary rules.
async fn still_answers(app: &TestApp, c: &reqwest::Client) {
    let (status, json) = api_body(
        app,
        c,
        "application/json",
        br#"{"text": "Residents must turn in their phones."}"#.to_vec(),
    )
    .await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["findings"][0]["category"], "phone_device_control");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pdf_bomb_is_refused_on_every_path_and_the_server_keeps_answering() {
    let bomb = pdf_bomb();
    assert!(
        bomb.len() < 512 * 1024,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let app = TestApp::spawn().await;
    let peak_before = peak_rss_kb();
    let c = app.client();
    let says_why = |msg: &str| msg.contains("too complex") && msg.contains("plain text or Word");

    let (status, json) =
        api_upload(&app, &c, file("rules.pdf", bomb.clone(), "application/pdf")).await;
    assert_eq!(status, 422, "{json}");
    assert_eq!(json["code"], "too_complex");
    assert!(says_why(json["error"].as_str().unwrap()), "{json}");
    let (status, json) = api_body(&app, &c, "application/pdf", bomb.clone()).await;
    assert_eq!(
        (status, json["code"].as_str()),
        (422, Some("too_complex")),
        "{json}"
    );

    // On the page the message stands beside the file, and what was typed is kept.
    let form = Multi::new()
        .text("name", "Handbook")
        .text("text", "typed rules")
        .part("file", file("rules.pdf", bomb.clone(), "application/pdf"));
    let (status, html) = review_page(&app, &c, form).await;
    assert_eq!(status, 422);
    assert!(
        says_why(&text_of(&html, "#f-file-error").unwrap()),
        "{html}"
    );
    assert_eq!(text_of(&html, "#f-text").unwrap(), "typed rules");
    assert_eq!(value_of(&html, "#f-name").unwrap(), "Handbook");

    let token = app.csrf(&c, "/certificates/verify").await;
    let form = Multi::new().part(
        "file",
        file("certificate.pdf", bomb.clone(), "application/pdf"),
    );
    let r = c
        .post(app.at("/certificates/verify"))
        .multipart(form.with_csrf(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        text_of(&html, "#f-file-error")
            .unwrap()
            .contains("could not be read"),
        "{html}"
    );

    let staff = app.as_role("librarian@example.org", Role::Staff).await.1;
    let (status, html) = library_upload(&app, &staff, "rules.pdf", bomb.clone()).await;
    assert_eq!(status, 422);
    assert!(
        says_why(&text_of(&html, "#f-file-error").unwrap()),
        "{html}"
    );
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resources").await,
        0
    );

    let path = app.dir.path().join("bomb.pdf");
    std::fs::write(&path, &bomb).unwrap();
    let out = run_tta(&app, &["review", path.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(2), "{out}");
    assert!(says_why(&out.stderr), "{out}");

    still_answers(&app, &c).await;
    // Read in the server's own memory, this file alone took over 5 GB.
    let grew_mb = peak_rss_kb().saturating_sub(peak_before) / 1024;
    assert!(
        grew_mb < 1024,
        "the server's peak memory grew by {grew_mb} MB"
    );
    app.stop().await;
}

/// A stand-in reader: a shell script, started exactly as the real one is, that answers
/// with what its body prints.
fn script(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn doc(bytes: &[u8]) -> Doc {
    Doc {
        bytes: bytes.to_vec(),
        filename: None,
        content_type: None,
        max_input_bytes: 1 << 20,
    }
}

/// `(soft, hard)` of one row of `/proc/PID/limits`.
fn limit(table: &str, row: &str) -> (String, String) {
    let line = table
        .lines()
        .find(|l| l.starts_with(row))
        .unwrap_or_else(|| panic!("no {row} in\n{table}"));
    let mut values = line[row.len()..].split_whitespace();
    (
        values.next().unwrap().to_string(),
        values.next().unwrap().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reader_runs_under_hard_limits_and_is_killed_and_reaped_at_its_deadline() {
    let dir = tempfile_dir::TempDir::new();
    // Reports the limits it was started under, in the reader's answer format.
    let report = script(
        dir.path(),
        "report-limits",
        r#"/bin/cat > /dev/null
limits=$(/bin/cat /proc/self/limits)
printf '{"result":"text","len":%d}\n%s' "${#limits}" "$limits""#,
    );
    let cfg = Config {
        extract_worker: Some(report),
        extract_memory_mb: 100,
        extract_seconds: 3,
        ..Config::default()
    };
    let table = Sandbox::new(&cfg)
        .extract(doc(b"some rules"))
        .await
        .unwrap();
    let bytes = (100u64 << 20).to_string();
    assert_eq!(
        limit(&table, "Max address space"),
        (bytes.clone(), bytes),
        "{table}"
    );
    assert_eq!(
        limit(&table, "Max cpu time"),
        ("3".into(), "4".into()),
        "{table}"
    );
    assert_eq!(
        limit(&table, "Max file size"),
        ("0".into(), "0".into()),
        "{table}"
    );
    assert_eq!(
        limit(&table, "Max core file size"),
        ("0".into(), "0".into()),
        "{table}"
    );
    assert_eq!(
        limit(&table, "Max open files"),
        ("16".into(), "16".into()),
        "{table}"
    );

    // One that never answers is killed at the deadline, and no process is left behind.
    let sleeper = script(dir.path(), "sleeper", "exec /bin/sleep 600");
    let cfg = Config {
        extract_worker: Some(sleeper),
        extract_seconds: 1,
        ..Config::default()
    };
    let run = Sandbox::new(&cfg).run(doc(b"some rules")).await;
    assert_eq!(run.result, Err(Failure::Stopped(Stop::Time)));
    let pid = run.pid.expect("the reader was started");
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists(),
        "reader {pid} is still there"
    );

    // One that says its memory ran out and aborts, as Rust does, is told apart from a crash.
    let oom = script(
        dir.path(),
        "oom",
        "echo 'memory allocation of 1048576 bytes failed' >&2\nkill -ABRT $$",
    );
    let cfg = Config {
        extract_worker: Some(oom),
        ..Config::default()
    };
    assert_eq!(
        Sandbox::new(&cfg).extract(doc(b"x")).await,
        Err(Failure::Stopped(Stop::Memory))
    );
    let crash = script(dir.path(), "crash", "kill -SEGV $$");
    let cfg = Config {
        extract_worker: Some(crash),
        ..Config::default()
    };
    assert_eq!(
        Sandbox::new(&cfg).extract(doc(b"x")).await,
        Err(Failure::Stopped(Stop::Crashed))
    );
    // One that talks past the text limit is cut off, not read to the end.
    let chatty = script(dir.path(), "chatty", "/bin/cat > /dev/null\nprintf '{\"result\":\"text\",\"len\":99999999}\\n'\nexec /bin/cat /dev/zero");
    let cfg = Config {
        extract_worker: Some(chatty),
        extract_max_text_bytes: 4096,
        ..Config::default()
    };
    assert_eq!(
        Sandbox::new(&cfg).extract(doc(b"x")).await,
        Err(Failure::Stopped(Stop::Crashed))
    );
    // With no reader at all, the refusal says so rather than failing the request.
    let cfg = Config {
        extract_worker: Some(dir.path().join("missing")),
        ..Config::default()
    };
    assert_eq!(
        Sandbox::new(&cfg).extract(doc(b"x")).await,
        Err(Failure::Unavailable)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_over_its_memory_limit_is_stopped_and_the_refusal_is_counted() {
    let app = TestApp::spawn_with(|cfg| {
        cfg.extract_memory_mb = 128;
        cfg.metrics_token = "scrape-token-for-extraction-tests".into();
    })
    .await;
    let c = app.client();
    let pdf = dense_pdf();
    let (status, json) =
        api_upload(&app, &c, file("dense.pdf", pdf.clone(), "application/pdf")).await;
    assert_eq!(status, 422, "{json}");
    assert_eq!(json["code"], "too_much_memory", "{json}");
    assert!(
        json["error"].as_str().unwrap().contains("too much memory"),
        "{json}"
    );
    let form = Multi::new().part("file", file("dense.pdf", pdf, "application/pdf"));
    let (status, html) = review_page(&app, &c, form).await;
    assert_eq!(status, 422);
    assert!(
        text_of(&html, "#f-file-error")
            .unwrap()
            .contains("too much memory"),
        "{html}"
    );
    // Ordinary documents still read within the same limit.
    let (status, json) = api_upload(
        &app,
        &c,
        file(
            "rules.pdf",
            crate::review::pdf(crate::review::RULES),
            "application/pdf",
        ),
    )
    .await;
    assert_eq!(status, 200, "{json}");
    let metrics = c
        .get(app.at("/metrics"))
        .bearer_auth("scrape-token-for-extraction-tests")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("tta_extract_total{outcome=\"memory\"}"),
        "{metrics}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twelve_megabytes_of_text_are_refused_on_every_path_with_the_same_limit() {
    let line = "Residents must attend chapel every Sunday.";
    let text = format!("{line}\n").repeat(12 * 1024 * 1024 / (line.len() + 1) + 1);
    let small = crate::review::docx(&text);
    assert!(
        small.len() < 512 * 1024,
        "the Word file is small: {} bytes",
        small.len()
    );
    let app = TestApp::spawn().await;
    let c = app.client();
    let docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let says = |m: &str| m.contains("larger than 10 MB");

    let form = Multi::new()
        .text("name", "Handbook")
        .text("text", "typed rules")
        .part("file", file("handbook.docx", small.clone(), docx_type));
    let (status, html) = review_page(&app, &c, form).await;
    assert_eq!(status, 413);
    let on_page = text_of(&html, "#f-file-error").unwrap();
    assert!(says(&on_page), "{on_page}");
    assert_eq!(text_of(&html, "#f-text").unwrap(), "typed rules");
    assert_eq!(value_of(&html, "#f-name").unwrap(), "Handbook");
    assert!(
        html.len() < 1024 * 1024,
        "the refusal is a short page: {} bytes",
        html.len()
    );

    let (status, json) =
        api_upload(&app, &c, file("handbook.docx", small.clone(), docx_type)).await;
    assert_eq!(
        (status, json["code"].as_str()),
        (413, Some("text_too_large")),
        "{json}"
    );
    assert_eq!(
        json["error"].as_str().unwrap(),
        on_page,
        "the same limit, the same words"
    );
    assert_eq!(json["errors"][0]["field"], "file", "{json}");
    let (status, json) = api_body(&app, &c, docx_type, small.clone()).await;
    assert_eq!(
        (status, json["code"].as_str()),
        (413, Some("text_too_large")),
        "{json}"
    );

    // Pasted text is held to the same limit.
    let pasted = "x".repeat(10 * 1024 * 1024 + 1);
    let (status, html) = review_page(&app, &c, Multi::new().text("text", pasted.clone())).await;
    assert_eq!(status, 413);
    assert_eq!(text_of(&html, "#f-text-error").unwrap(), on_page);
    let body = serde_json::to_vec(&serde_json::json!({ "text": pasted })).unwrap();
    let (status, json) = api_body(&app, &c, "application/json", body).await;
    assert_eq!(
        (status, json["code"].as_str()),
        (413, Some("text_too_large")),
        "{json}"
    );

    let staff = app.as_role("librarian@example.org", Role::Staff).await.1;
    let (status, html) = library_upload(&app, &staff, "handbook.docx", small.clone()).await;
    assert_eq!(status, 422);
    assert!(says(&text_of(&html, "#f-file-error").unwrap()), "{html}");
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resources").await,
        0
    );

    let path = app.dir.path().join("handbook.docx");
    std::fs::write(&path, &small).unwrap();
    let out = run_tta(&app, &["review", path.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(2), "{out}");
    assert!(says(&out.stderr), "{out}");
    still_answers(&app, &c).await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_body_over_the_limit_is_413_in_words() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let body =
        serde_json::to_vec(&serde_json::json!({ "text": "a".repeat(11 * 1024 * 1024) })).unwrap();
    let (status, json) = api_body(&app, &c, "application/json", body).await;
    assert_eq!(status, 413, "{json}");
    assert_eq!(json["code"], "too_large");
    assert_eq!(json["status"], 413);
    let msg = json["error"].as_str().unwrap();
    assert!(
        msg.contains("larger than 10 MB") && !msg.contains("error-"),
        "{msg}"
    );
    still_answers(&app, &c).await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_library_takes_a_pdf_only_when_it_reads() {
    let app = TestApp::spawn().await;
    let staff = app.as_role("librarian@example.org", Role::Staff).await.1;
    let mut fake = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 2463534242;
    fake.extend((0..8192).map(|_| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x as u8
    }));
    let (status, html) = library_upload(&app, &staff, "policy.pdf", fake).await;
    assert_eq!(status, 422);
    let msg = text_of(&html, "#f-file-error").unwrap();
    assert!(
        msg.contains("could not be read") && msg.contains("PDF"),
        "{msg}"
    );
    assert_eq!(value_of(&html, "#f-title").unwrap(), "House rules template");
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resources").await,
        0
    );
    assert!(app.state.storage.list().await.unwrap().is_empty());
    // A real one is taken.
    let (status, html) = library_upload(
        &app,
        &staff,
        "policy.pdf",
        crate::review::pdf(crate::review::RULES),
    )
    .await;
    assert_eq!(status, 303, "{html}");
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resources").await,
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_megabyte_on_one_line_is_reviewed() {
    // No timing here: scripts/bench review shows the time doubling with the input.
    let text = tta_review::one_line_sentences(1024 * 1024);
    let app = TestApp::spawn().await;
    let c = app.client();
    let body = serde_json::to_vec(&serde_json::json!({ "text": text })).unwrap();
    let (status, json) = api_body(&app, &c, "application/json", body).await;
    assert_eq!(status, 200);
    let sentences = text.matches(". ").count();
    assert_eq!(json["summary"]["flagged_clauses"], sentences);
    let (status, html) = review_page(&app, &c, Multi::new().text("text", text)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("id=\"clause-{sentences}\"")));
    app.stop().await;
}
