//! The library in Chromium on a phone-sized window: a staff member's first upload (a
//! renamed program) is refused with the form kept, then a DOCX template is uploaded; a
//! visitor searches for a word that appears only inside that file, sees it highlighted in
//! the snippet, narrows by facets, opens the resource and downloads the file. axe checks
//! every page visited.

use serde_json::json;
use tta::{
    accounts::model::Role,
    library::docx::{build, Block},
};

use crate::{browser::Browser, helpers::*};

const WORD: &str = "quillwort";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_upload_a_template_and_a_visitor_finds_it_by_a_word_inside_the_file() {
    let app = TestApp::spawn().await;
    app.user("librarian@institute.example.org", Role::Staff)
        .await;
    let docx = build(
        "Voluntary services policy",
        &[
            Block::Heading("Voluntary services policy".into()),
            Block::Para(format!("Residents choose which services to use; the {WORD} clause names no service as a condition of housing.")),
            Block::Field("Program name".into()),
        ],
    );
    let path = app.dir.path().join("voluntary-services-policy.docx");
    std::fs::write(&path, &docx).unwrap();
    let exe = app.dir.path().join("policy.pdf");
    std::fs::write(&exe, b"MZ\x90\x00\x03\x00\x00\x00 not a document").unwrap();

    let s = Browser::phone().await;
    s.goto(&app.at("/signin")).await;
    s.fill("#f-email", "librarian@institute.example.org").await;
    s.fill("#f-password", PASSWORD).await;
    s.submit("form[action='/signin'] button[type=submit]").await;
    s.goto(&app.at("/staff/resources/new")).await;
    s.fill("#f-title", "Voluntary services policy template")
        .await;
    s.fill(
        "#f-summary",
        "A policy a shelter can adapt so that help never depends on joining a program.",
    )
    .await;
    s.select("#f-kind", "template").await;
    s.check("input[name=topics][value=voluntary_services]")
        .await;
    s.check("input[name=topics][value=organizational_policy]")
        .await;
    s.check("input[name=audiences][value=shelter]").await;
    s.fill("#f-published_on", "2026-03-02").await;
    s.fill("#f-file", exe.to_str().unwrap()).await;
    s.submit("form.resource-form button[type=submit]").await;
    // Refused, with the reason beside the file and everything else as typed.
    assert!(s
        .text("#f-file-error")
        .await
        .contains("a program, not a document"));
    assert_eq!(
        s.client()
            .find(fantoccini::Locator::Css("#f-title"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap(),
        "Voluntary services policy template"
    );
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resources").await,
        0
    );
    s.fill("#f-file", path.to_str().unwrap()).await;
    s.submit("form.resource-form button[type=submit]").await;
    assert_eq!(s.text("h1").await, "Voluntary services policy template");
    assert!(s
        .text(".files")
        .await
        .contains("Download voluntary-services-policy.docx"));
    // The staff list and the edit form, where the next version would be uploaded.
    s.goto(&app.at("/staff/courses")).await;
    s.click("a[href='/staff/resources']").await;
    s.click("table a[href$='/edit']").await;
    assert!(s.exists("#f-replaces").await);
    s.close().await;

    // A visitor searches for a word that is only inside the file.
    let v = Browser::phone().await;
    v.goto(&app.at("/resources")).await;
    v.fill("#lib-q", WORD).await;
    v.submit("form.library-search button[type=submit]").await;
    assert!(v.text("#result-count").await.starts_with("One resource"));
    let snippet = v.text(".hit .snippet").await;
    assert!(
        snippet.starts_with("In voluntary-services-policy.docx:"),
        "{snippet}"
    );
    assert_eq!(v.text(".hit .snippet mark").await, WORD);
    // Narrow by facets: kind, then topic.
    v.click("#facet-kind + ul a[href*='kind=template']").await;
    assert!(v.url().await.contains("kind=template"));
    assert!(v.exists("#facet-kind + ul a.selected").await);
    v.click("#facet-topic + ul a[href*='topic=organizational_policy']")
        .await;
    assert!(v.text("#result-count").await.starts_with("One resource"));
    // Open it and download the file.
    v.click(".hit h3 a").await;
    assert_eq!(v.text("h1").await, "Voluntary services policy template");
    let href = v
        .client()
        .find(fantoccini::Locator::Css(".files a.button"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let got = v
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(async r => done([r.status, r.headers.get('content-type'),
                 r.headers.get('content-disposition'), (await r.arrayBuffer()).byteLength]))
             .catch(e => done(String(e)));",
            vec![json!(href)],
        )
        .await
        .unwrap();
    assert_eq!(got[0], 200, "{got}");
    assert_eq!(
        got[1],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(got[2].as_str().unwrap().starts_with("attachment;"), "{got}");
    assert_eq!(got[3], docx.len());
    assert_eq!(
        count(&app.state.db, "SELECT downloads FROM resources").await,
        1
    );
    v.close().await;
    app.stop().await;
}
