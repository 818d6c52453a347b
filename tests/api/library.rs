//! The resource library: staff uploads, refused files, versions, search with stemming,
//! snippets and facets, access, downloads and the API, on SQLite and PostgreSQL.

use reqwest::multipart::Part;
use tta::{
    accounts::model::Role,
    library::{
        data::{self, Links, NewFile},
        docx::{build, Block},
        model::{RawResource, Viewer},
        search::{self, Params},
        upload::{Format, MAX_FILE_BYTES},
    },
};

use crate::helpers::*;

fn docx(title: &str, paras: &[&str]) -> Vec<u8> {
    let mut blocks = vec![Block::Heading(title.to_string())];
    blocks.extend(paras.iter().map(|p| Block::Para(p.to_string())));
    build(title, &blocks)
}

fn fields<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut base = vec![
        ("title", "Intake form that asks only what is needed"),
        ("summary", "A short intake form for shelters."),
        ("kind", "template"),
        ("topics", "voluntary_services"),
        ("topics", "trauma_informed"),
        ("audiences", "shelter"),
        ("language", "en"),
        ("published_on", "2026-02-01"),
        ("status", "published"),
    ];
    for (k, v) in extra {
        base.retain(|(bk, _)| bk != k || *k == "topics");
        base.push((k, v));
    }
    base
}

fn multi(fields: &[(&str, &str)], file: Option<(&str, Vec<u8>)>) -> Multi {
    let mut m = Multi::new();
    for (k, v) in fields {
        m = m.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = file {
        m = m.part("file", Part::bytes(bytes).file_name(name.to_string()));
    }
    m
}

async fn post_form(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    form: Multi,
) -> reqwest::Response {
    let token = app.csrf(c, path).await;
    c.post(app.at(path))
        .multipart(form.with_csrf(&token))
        .send()
        .await
        .unwrap()
}

async fn staff(app: &TestApp) -> reqwest::Client {
    app.as_role("librarian@example.org", Role::Staff).await.1
}

const SECRET_WORD: &str = "zephyrine";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_inside_an_uploaded_docx_is_found_highlighted_and_downloaded() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let file = docx(
        "Intake",
        &[&format!(
            "Ask about {SECRET_WORD} preferences only when the person wants to share them."
        )],
    );
    let r = post_form(
        &app,
        &c,
        "/staff/resources/new",
        multi(&fields(&[]), Some(("Intake form.docx", file.clone()))),
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    assert_eq!(
        location(&r),
        "/resources/intake-form-that-asks-only-what-is-needed"
    );

    // A visitor finds it by the word that is only inside the file.
    let v = app.client();
    let html = app
        .get(&v, &format!("/resources?q={SECRET_WORD}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("<mark>{SECRET_WORD}</mark>")),
        "{html}"
    );
    assert!(html.contains("In Intake-form.docx:"), "{html}");
    assert_eq!(
        text_of(&html, "#result-count").unwrap(),
        format!("One resource · for “{SECRET_WORD}”")
    );
    // A stemmed form finds it too.
    let html = app
        .get(&v, "/resources?q=preference")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<mark>preferences</mark>"), "{html}");

    // Facets count it, and filtering by another kind hides it.
    let api: serde_json::Value = app
        .get(&v, &format!("/api/v1/resources?q={SECRET_WORD}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(api["total"], 1);
    assert_eq!(api["facets"]["kind"]["template"], 1);
    assert_eq!(api["facets"]["topic"]["trauma_informed"], 1);
    assert_eq!(api["facets"]["audience"]["shelter"], 1);
    assert_eq!(api["facets"]["language"]["en"], 1);
    assert!(api["items"][0]["snippet_html"]
        .as_str()
        .unwrap()
        .contains("<mark>"));
    let api: serde_json::Value = app
        .get(
            &v,
            &format!("/api/v1/resources?q={SECRET_WORD}&kind=fact_sheet"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(api["total"], 0);
    // The chosen facet's siblings are still counted, so one can switch.
    assert_eq!(api["facets"]["kind"]["template"], 1);

    // The page lists the file; the download is an attachment of the real type.
    let page = app
        .get(&v, "/resources/intake-form-that-asks-only-what-is-needed")
        .await
        .text()
        .await
        .unwrap();
    let id: i64 = count(&app.state.db, "SELECT id FROM resource_files").await;
    let href = format!("/resources/intake-form-that-asks-only-what-is-needed/files/{id}");
    assert!(page.contains(&href), "{page}");
    let r = app.get(&v, &href).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cd.starts_with("attachment;") && cd.contains("Intake-form.docx"),
        "{cd}"
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), file);
    // Counted per month, with nothing about who.
    assert_eq!(
        count(&app.state.db, "SELECT count FROM resource_downloads").await,
        1
    );
    assert_eq!(
        count(&app.state.db, "SELECT downloads FROM resources").await,
        1
    );
    // The stored name is tta's own.
    let keys = app.state.storage.list().await.unwrap();
    assert_eq!(keys.len(), 1);
    assert!(
        keys[0].starts_with("resources/")
            && keys[0].ends_with(".docx")
            && !keys[0].contains("Intake"),
        "{keys:?}"
    );
    // Audit log.
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'resource.create'"
        )
        .await,
        1
    );
    app.stop().await;
}

/// A zip whose one part inflates to far more than the limit.
fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(b"<Types/>").unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..130 {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_uploads_say_why_keep_the_form_and_store_nothing() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let bomb = zip_bomb();
    assert!(
        bomb.len() < 2 * 1024 * 1024,
        "the bomb is small: {}",
        bomb.len()
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "policy.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00This program cannot be run in DOS mode".to_vec(),
            "a program",
        ),
        ("template.docx", bomb, "unpacks to far more"),
        (
            "../../etc/intake.pdf",
            b"%PDF-1.4\n%fine\n".to_vec(),
            "folder path",
        ),
        (
            "notes.docx",
            b"just some text pretending".to_vec(),
            "Only PDF, Word",
        ),
    ];
    for (name, bytes, says) in cases {
        let r = post_form(
            &app,
            &c,
            "/staff/resources/new",
            multi(&fields(&[]), Some((name, bytes))),
        )
        .await;
        assert_eq!(r.status(), 422, "{name}");
        let html = r.text().await.unwrap();
        let err = text_of(&html, "#f-file-error")
            .unwrap_or_else(|| panic!("{name}: no message beside the file\n{html}"));
        assert!(err.contains(says), "{name}: {err}");
        assert_eq!(
            value_of(&html, "#f-title").unwrap(),
            "Intake form that asks only what is needed"
        );
        assert!(html.contains("A short intake form for shelters."));
    }
    // Larger than the limit: cut off while reading, the rest of the form still comes back.
    let big = vec![b'%'; MAX_FILE_BYTES + 1024];
    let token = app.csrf(&c, "/staff/resources/new").await;
    let sent = c
        .post(app.at("/staff/resources/new"))
        .multipart(multi(&fields(&[]), Some(("big.pdf", big))).with_csrf(&token))
        .send()
        .await;
    if let Ok(r) = sent {
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            text_of(&html, "#f-file-error")
                .unwrap()
                .contains("larger than 25 MB"),
            "{html}"
        );
        assert_eq!(
            value_of(&html, "#f-title").unwrap(),
            "Intake form that asks only what is needed"
        );
    }
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resources").await,
        0
    );
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resource_files").await,
        0
    );
    assert!(app.state.storage.list().await.unwrap().is_empty());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_fields_are_explained_beside_each_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let bad = fields(&[
        ("title", ""),
        ("kind", "poster"),
        ("published_on", "01/02/2026"),
        ("media_url", "http://x"),
    ]);
    let good_pdf = tta::pdf::Doc::new("x", "y").finish();
    let r = post_form(
        &app,
        &c,
        "/staff/resources/new",
        multi(&bad, Some(("fine.pdf", good_pdf))),
    )
    .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    for (field, says) in [
        ("title", "Give the resource a title"),
        ("kind", "Choose what kind"),
        ("published_on", "year-month-day"),
        ("media_url", "https://"),
    ] {
        let e = text_of(&html, &format!("#f-{field}-error"))
            .unwrap_or_else(|| panic!("no error for {field}"));
        assert!(e.contains(says), "{field}: {e}");
    }
    assert_eq!(value_of(&html, "#f-published_on").unwrap(), "01/02/2026");
    assert!(html.contains("A short intake form for shelters."));
    // A slug another resource has.
    let r = post_form(&app, &c, "/staff/resources/new", multi(&fields(&[]), None)).await;
    assert_eq!(r.status(), 303);
    let r = post_form(&app, &c, "/staff/resources/new", multi(&fields(&[]), None)).await;
    assert_eq!(r.status(), 422);
    assert!(text_of(&r.text().await.unwrap(), "#f-slug-error")
        .unwrap()
        .contains("already uses"));
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resources").await,
        1
    );
    assert!(app.state.storage.list().await.unwrap().is_empty());
    // Without the form token nothing happens. The server answers 403 without reading the
    // body, so the client may see the connection close before its upload is written.
    match c
        .post(app.at("/staff/resources/new"))
        .multipart(multi(&fields(&[("slug", "other")]), None).form())
        .send()
        .await
    {
        Ok(r) => assert_eq!(r.status(), 403),
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM resources WHERE slug = 'other'"
        )
        .await,
        0
    );
    // Page text is sanitized.
    let r = post_form(
        &app,
        &c,
        "/staff/resources/new",
        multi(
            &fields(&[
                ("slug", "safe"),
                ("body_md", "Hello <script>alert(1)</script> **there**"),
            ]),
            None,
        ),
    )
    .await;
    assert_eq!(r.status(), 303);
    let page = app.get(&c, "/resources/safe").await.text().await.unwrap();
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("<strong>there</strong>"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_version_keeps_the_old_one_in_the_history() {
    let app = TestApp::spawn().await;
    let c = staff(&app).await;
    let v1 = docx("Plan", &["The first edition mentions marigold."]);
    let r = post_form(
        &app,
        &c,
        "/staff/resources/new",
        multi(
            &fields(&[("slug", "plan")]),
            Some(("plan.docx", v1.clone())),
        ),
    )
    .await;
    assert_eq!(r.status(), 303);
    let rid = count(&app.state.db, "SELECT id FROM resources").await;
    let series = count(&app.state.db, "SELECT series FROM resource_files").await;
    let v2 = docx("Plan", &["The second edition mentions juniper instead."]);
    let series_s = series.to_string();
    let f = fields(&[
        ("slug", "plan"),
        ("replaces", series_s.as_str()),
        ("change_note", "Updated the hotline section"),
    ]);
    let r = post_form(
        &app,
        &c,
        &format!("/staff/resources/{rid}/edit"),
        multi(&f, Some(("plan v2.docx", v2.clone()))),
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let page = app
        .get(&app.client(), "/resources/plan")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("New version 2 of plan-v2.docx: Updated the hotline section"),
        "{page}"
    );
    assert!(page.contains("Added plan.docx"), "{page}");
    assert!(page.contains("Download version 1"), "{page}");
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resource_files").await,
        2
    );
    assert_eq!(
        count(
            &app.state.db,
            "SELECT COUNT(*) FROM resource_files WHERE is_current = 1"
        )
        .await,
        1
    );
    // Search follows the current version.
    let p = |q: &str| Params {
        q: q.into(),
        page: 1,
        ..Params::default()
    };
    assert_eq!(
        search::search(&app.state.db, &p("juniper"), Viewer::default())
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        search::search(&app.state.db, &p("marigold"), Viewer::default())
            .await
            .unwrap()
            .total,
        0
    );
    // The old version is still downloadable.
    let old = count(
        &app.state.db,
        "SELECT id FROM resource_files WHERE version = 1",
    )
    .await;
    let r = app
        .get(&app.client(), &format!("/resources/plan/files/{old}"))
        .await;
    assert_eq!(r.bytes().await.unwrap().to_vec(), v1);
    // A version of a file that is not this resource's is refused.
    let f = fields(&[("slug", "plan"), ("replaces", "99999")]);
    let r = post_form(
        &app,
        &c,
        &format!("/staff/resources/{rid}/edit"),
        multi(&f, Some(("x.docx", v2))),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        app.state.storage.list().await.unwrap().len(),
        2,
        "the refused version's bytes were removed"
    );
    app.stop().await;
}

async fn add(
    app: &TestApp,
    slug: &str,
    title: &str,
    body: &str,
    kind: &str,
    lang: &str,
    extra: impl FnOnce(&mut RawResource),
) -> i64 {
    let mut raw = RawResource {
        slug: slug.into(),
        title: title.into(),
        summary: format!("About {title}."),
        kind: kind.into(),
        topics: vec!["labor_trafficking".into()],
        language: lang.into(),
        body_md: body.into(),
        published_on: "2025-01-01".into(),
        ..Default::default()
    };
    extra(&mut raw);
    let input = raw.check().unwrap();
    data::save(
        &app.state.db,
        &app.state.storage,
        None,
        None,
        &input,
        &Links::default(),
        Vec::<NewFile>::new(),
    )
    .await
    .unwrap()
}

fn params(q: &str) -> Params {
    Params {
        q: q.into(),
        page: 1,
        ..Params::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_stems_ranks_and_counts_the_same_on_both_databases() {
    let app = TestApp::spawn().await;
    add(
        &app,
        "a",
        "Screening farmworkers",
        "Questions for outreach.",
        "tool",
        "en",
        |_| {},
    )
    .await;
    add(
        &app,
        "b",
        "Housing guide",
        "When you screen people for housing, listen first.",
        "guide",
        "en",
        |_| {},
    )
    .await;
    add(
        &app,
        "c",
        "Planificación de la seguridad",
        "Una guía para la conversación.",
        "guide",
        "es",
        |r| r.topics = vec!["safety_planning".into()],
    )
    .await;
    add(
        &app,
        "d",
        "Members template",
        "Screening steps for partners.",
        "template",
        "en",
        |r| r.members_only = true,
    )
    .await;
    add(
        &app,
        "e",
        "Draft screening",
        "Not yet.",
        "template",
        "en",
        |r| r.status = "draft".into(),
    )
    .await;
    let db = &app.state.db;
    let anon = Viewer::default();

    // "screened" matches "screening" and "screen"; the title match ranks first.
    let r = search::search(db, &params("screened"), anon).await.unwrap();
    let slugs: Vec<&str> = r.hits.iter().map(|h| h.resource.slug.as_str()).collect();
    assert_eq!(slugs, vec!["a", "b"]);
    assert!(r.hits[0].title_html.contains("<mark>Screening</mark>"));
    assert!(
        r.hits[1].snippet_html.contains("<mark>screen</mark>"),
        "{}",
        r.hits[1].snippet_html
    );
    // Signed-in people also see members-only items; drafts never show in search.
    let r = search::search(
        db,
        &params("screened"),
        Viewer {
            signed_in: true,
            staff: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(r.total, 3);
    // Accents and Spanish stems.
    let r = search::search(db, &params("planificacion conversaciones"), anon)
        .await
        .unwrap();
    assert_eq!(
        r.hits
            .iter()
            .map(|h| h.resource.slug.as_str())
            .collect::<Vec<_>>(),
        vec!["c"]
    );
    // Every word must match.
    assert_eq!(
        search::search(db, &params("screening guía"), anon)
            .await
            .unwrap()
            .total,
        0
    );
    // Facets over everything visible, and with a filter.
    let all = search::search(
        db,
        &Params {
            page: 1,
            ..Params::default()
        },
        anon,
    )
    .await
    .unwrap();
    assert_eq!(all.total, 3);
    let kind =
        |r: &search::Results, k: &str| r.facets.kind.iter().find(|f| f.code == k).unwrap().count;
    assert_eq!(
        (
            kind(&all, "guide"),
            kind(&all, "tool"),
            kind(&all, "template")
        ),
        (2, 1, 0)
    );
    let es = search::search(
        db,
        &Params {
            language: "es".into(),
            page: 1,
            ..Params::default()
        },
        anon,
    )
    .await
    .unwrap();
    assert_eq!(es.total, 1);
    assert_eq!(
        es.facets
            .language
            .iter()
            .map(|f| f.count)
            .collect::<Vec<_>>(),
        vec![2, 1]
    );
    let topic = search::search(
        db,
        &Params {
            topic: "safety_planning".into(),
            page: 1,
            ..Params::default()
        },
        anon,
    )
    .await
    .unwrap();
    assert_eq!(topic.total, 1);
    // Query syntax of either engine is just words.
    for q in [
        "\"unbalanced",
        "a OR b AND",
        "NEAR(x y)",
        "x:y",
        "'; DROP TABLE resources; --",
        "*",
        "&|!()",
    ] {
        search::search(db, &params(q), anon)
            .await
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    // Newest and most downloaded.
    let d = tta::db::Db::connect(&app.db.url).await.unwrap();
    let b = count(db, "SELECT id FROM resources WHERE slug = 'b'").await;
    data::count_download(&d, b).await.unwrap();
    let top = search::search(
        db,
        &Params {
            sort: "downloads".into(),
            page: 1,
            ..Params::default()
        },
        anon,
    )
    .await
    .unwrap();
    assert_eq!(top.hits[0].resource.slug, "b");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_saved_through_one_server_is_found_through_another_at_once() {
    let a = TestApp::spawn().await;
    let url = a.db.url.clone();
    let dir = a.dir.path().to_path_buf();
    let b = TestApp::spawn_with(move |cfg| {
        cfg.database_url = url;
        cfg.data_dir = dir;
    })
    .await;
    let c = staff(&a).await;
    // Searched on B first, so any cache B kept would be stale.
    let v = b.client();
    let html = b
        .get(&v, "/resources?q=kestrel")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("No resources"), "{html}");
    let file = docx("Notes", &["The kestrel protocol explained."]);
    let r = post_form(
        &a,
        &c,
        "/staff/resources/new",
        multi(&fields(&[]), Some(("notes.docx", file))),
    )
    .await;
    assert_eq!(r.status(), 303);
    let html = b
        .get(&v, "/resources?q=kestrel")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<mark>kestrel</mark>"), "{html}");
    // An edit on B is seen on A.
    let rid = count(&a.state.db, "SELECT id FROM resources").await;
    let cb = b.signed_in("librarian@example.org").await;
    let f = fields(&[("title", "Renamed osprey notes")]);
    let r = post_form(
        &b,
        &cb,
        &format!("/staff/resources/{rid}/edit"),
        multi(&f, None),
    )
    .await;
    assert_eq!(r.status(), 303);
    let api: serde_json::Value = a
        .get(&a.client(), "/api/v1/resources?q=osprey")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(api["total"], 1);
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_only_items_and_drafts_are_kept_from_visitors() {
    let app = TestApp::spawn().await;
    add(
        &app,
        "shared",
        "Shared template",
        "For trained programs.",
        "template",
        "en",
        |r| r.members_only = true,
    )
    .await;
    add(&app, "draft", "Unfinished", "Soon.", "guide", "en", |r| {
        r.status = "draft".into()
    })
    .await;
    let v = app.client();
    let r = app.get(&v, "/resources/shared").await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/signin"), "{}", location(&r));
    assert_eq!(app.get(&v, "/resources/draft").await.status(), 404);
    let api: serde_json::Value = app.get(&v, "/api/v1/resources").await.json().await.unwrap();
    assert_eq!(api["total"], 0);
    assert_eq!(app.get(&v, "/api/v1/resources/shared").await.status(), 404);
    let html = app.get(&v, "/resources").await.text().await.unwrap();
    assert!(!html.contains("Shared template"));
    // Signed in: the shared item, not the draft.
    let (_, member) = app.as_role("member@example.org", Role::Learner).await;
    assert_eq!(app.get(&member, "/resources/shared").await.status(), 200);
    assert_eq!(app.get(&member, "/resources/draft").await.status(), 404);
    // Staff see drafts.
    let s = staff(&app).await;
    let page = app.get(&s, "/resources/draft").await.text().await.unwrap();
    assert!(page.contains("This is a draft"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_explains_bad_parameters() {
    let app = TestApp::spawn().await;
    let id = add(
        &app,
        "fact",
        "Labor trafficking indicators",
        "Signs of debt bondage.",
        "fact_sheet",
        "en",
        |_| {},
    )
    .await;
    let v = app.client();
    for (q, field) in [
        ("kind=poster", "kind"),
        ("topic=cooking", "topic"),
        ("language=fr", "language"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("colour=blue", "colour"),
        ("sort=random", "sort"),
    ] {
        let r = app.get(&v, &format!("/api/v1/resources?{q}")).await;
        assert_eq!(r.status(), 422, "{q}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], field, "{q}");
        assert!(!body["error"].as_str().unwrap().is_empty());
    }
    let long = "x".repeat(201);
    assert_eq!(
        app.get(&v, &format!("/api/v1/resources?q={long}"))
            .await
            .status(),
        422
    );
    assert_eq!(app.get(&v, "/api/v1/resources/999").await.status(), 404);
    assert_eq!(
        app.get(&v, "/api/v1/resources/no-such-thing")
            .await
            .status(),
        404
    );
    let one: serde_json::Value = app
        .get(&v, &format!("/api/v1/resources/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["slug"], "fact");
    let by_slug: serde_json::Value = app
        .get(&v, "/api/v1/resources/fact")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_slug["id"], id);
    let found: serde_json::Value = app
        .get(&v, "/api/v1/resources?q=bondage&kind=fact_sheet")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 1);
    // The pages are lenient: an unknown facet value is ignored, not an error.
    assert_eq!(
        app.get(&v, "/resources?kind=poster&page=abc")
            .await
            .status(),
        200
    );
    // A file id that belongs to no file of this resource.
    assert_eq!(
        app.get(&v, "/resources/fact/files/12345").await.status(),
        404
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn related_items_courses_and_trainings_are_linked_both_ways() {
    let app = TestApp::spawn().await;
    let a = add(
        &app,
        "indicators",
        "Indicators",
        "Signs.",
        "fact_sheet",
        "en",
        |_| {},
    )
    .await;
    let c = staff(&app).await;
    let a_s = a.to_string();
    let f = fields(&[
        ("slug", "screening-tool"),
        ("title", "Screening tool"),
        ("related", a_s.as_str()),
    ]);
    let r = post_form(
        &app,
        &c,
        "/staff/resources/new",
        multi(&f, Some(("t.pdf", tta::pdf::Doc::new("t", "f").finish()))),
    )
    .await;
    assert_eq!(r.status(), 303);
    let page = app
        .get(&app.client(), "/resources/screening-tool")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("href=\"/resources/indicators\""), "{page}");
    let back = app
        .get(&app.client(), "/resources/indicators")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        back.contains("href=\"/resources/screening-tool\""),
        "{back}"
    );
    // Staff delete: the page, files and stored bytes go.
    let rid = count(
        &app.state.db,
        "SELECT id FROM resources WHERE slug = 'screening-tool'",
    )
    .await;
    let r = app
        .post(
            &c,
            &format!("/staff/resources/{rid}/delete"),
            &format!("/staff/resources/{rid}/edit"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.get(&app.client(), "/resources/screening-tool")
            .await
            .status(),
        404
    );
    assert!(app.state.storage.list().await.unwrap().is_empty());
    assert_eq!(
        search::search(&app.state.db, &params("screening"), Viewer::default())
            .await
            .unwrap()
            .total,
        0
    );
    let _ = Format::Pdf;
    app.stop().await;
}
