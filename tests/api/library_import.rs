//! `tta library import DIR`, run as the real binary against the test server's database and
//! data folder: a CSV manifest with files and related items, a TOML manifest, and broken
//! manifests refused as a whole with every problem reported and nothing written.

use std::path::Path;

use tta::library::{
    data,
    docx::{build, Block},
    model::Viewer,
    search::{self, Params},
};

use crate::helpers::*;

const DOCX_WORD: &str = "quillowort";
const PDF_WORD: &str = "brackenfold";

/// `tta library ARGS` on the app's database and data folder.
async fn tta(app: &TestApp, args: &[&str]) -> CliOut {
    let mut all = vec!["library"];
    all.extend_from_slice(args);
    run_tta(app, &all).await
}

fn pdf(title: &str, text: &str) -> Vec<u8> {
    let mut d = tta::pdf::Doc::new(title, "tta test");
    d.heading(title, 18.0);
    d.paragraph(text);
    d.finish()
}

fn docx(title: &str, text: &str) -> Vec<u8> {
    build(
        title,
        &[
            Block::Heading(title.to_string()),
            Block::Para(text.to_string()),
        ],
    )
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

async fn resources(app: &TestApp) -> i64 {
    count(&app.state.db, "SELECT COUNT(*) FROM resources").await
}

fn q(words: &str) -> Params {
    Params {
        q: words.into(),
        page: 1,
        ..Params::default()
    }
}

const GOOD_CSV: &str = "\
slug,title,summary,kind,topics,audiences,language,published_on,reviewed_on,members_only,status,body,body_file,media_url,files,related
hotline-card,Hotline wallet card,\"A card with the hotline number, to print.\",fact_sheet,labor_trafficking,shelter,en,2025-03-01,2025-06-01,false,,,,,files/card.pdf,
intake-template,Intake form that asks only what is needed,A short intake form.,template,voluntary_services;trauma_informed,shelter,en,2026-02-01,,true,published,\"Use it **gently**.
Ask only what you need.\",,,files/intake.docx,hotline-card
,Safety planning guide,How to plan with someone.,guide,safety_planning,,en,2026-01-15,,,draft,,pages/guide.md,https://example.org/talk.mp3,,hotline-card;intake-template
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_manifest_imports_files_and_links_and_the_words_inside_are_found() {
    let app = TestApp::spawn().await;
    let lib = app.dir.path().join("lib");
    write(&lib, "library.csv", GOOD_CSV);
    write(
        &lib,
        "files/card.pdf",
        pdf(
            "Hotline card",
            &format!("Call any time; ask about {PDF_WORD}."),
        ),
    );
    write(
        &lib,
        "files/intake.docx",
        docx(
            "Intake",
            &format!("Ask about {DOCX_WORD} preferences only when the person wants to."),
        ),
    );
    write(
        &lib,
        "pages/guide.md",
        "# Safety planning\n\nPlan *together*, never for someone.\n",
    );
    let dir = lib.to_str().unwrap();

    // A dry run checks everything and changes nothing.
    let out = tta(&app, &["import", dir, "--dry-run"]).await;
    assert_eq!(out.code, Some(0), "{out}");
    assert_eq!(
        out.stdout.trim(),
        "Checked 3 resources with 2 files; nothing was changed.",
        "{out}"
    );
    assert_eq!(resources(&app).await, 0);
    assert!(app.state.storage.list().await.unwrap().is_empty());

    let out = tta(&app, &["import", dir]).await;
    assert_eq!(out.code, Some(0), "{out}");
    assert_eq!(
        out.stdout.trim(),
        "Imported 3 resources with 2 files.",
        "{out}"
    );
    assert_eq!(resources(&app).await, 3);
    assert_eq!(app.state.storage.list().await.unwrap().len(), 2);
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM resource_files").await,
        2
    );

    // What was saved is what the manifest says.
    let db = &app.state.db;
    let card = data::by_slug(db, "hotline-card")
        .await
        .unwrap()
        .expect("hotline-card");
    assert_eq!(card.summary, "A card with the hotline number, to print.");
    assert_eq!(card.reviewed_on, "2025-06-01");
    assert!(!card.members_only && card.is_published());
    let intake = data::by_slug(db, "intake-template")
        .await
        .unwrap()
        .expect("intake-template");
    assert_eq!(intake.topics, vec!["trauma_informed", "voluntary_services"]);
    assert!(intake.members_only);
    assert_eq!(
        intake.body_md,
        "Use it **gently**.\nAsk only what you need."
    );
    let guide = data::by_slug(db, "safety-planning-guide")
        .await
        .unwrap()
        .expect("slug from the title");
    assert_eq!(guide.status, "draft");
    assert!(
        guide.body_md.contains("Plan *together*"),
        "{}",
        guide.body_md
    );
    assert_eq!(guide.media_url, "https://example.org/talk.mp3");
    let files = data::files(db, intake.id).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(
        (files[0].file_name.as_str(), files[0].format.as_str()),
        ("intake.docx", "docx")
    );

    // Related links, by slug, both ways.
    let mut guide_related: Vec<String> = data::related(db, guide.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.slug)
        .collect();
    guide_related.sort();
    assert_eq!(guide_related, vec!["hotline-card", "intake-template"]);
    assert_eq!(
        data::links(db, intake.id).await.unwrap().related,
        vec![card.id]
    );
    let card_related = data::related(db, card.id).await.unwrap();
    assert_eq!(
        card_related.len(),
        2,
        "items linking to the card are shown on it"
    );

    // A word only inside the DOCX finds it (staff see the members-only item).
    let staff = Viewer {
        signed_in: true,
        staff: true,
    };
    let r = search::search(db, &q(DOCX_WORD), staff).await.unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].resource.slug, "intake-template");
    assert_eq!(
        search::search(db, &q(PDF_WORD), Viewer::default())
            .await
            .unwrap()
            .total,
        1,
        "the PDF's words are indexed"
    );
    // Members-only and drafts stay hidden from visitors.
    assert_eq!(
        search::search(db, &q(DOCX_WORD), Viewer::default())
            .await
            .unwrap()
            .total,
        0
    );

    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'resource.import'"
        )
        .await,
        1
    );

    // Importing the same folder again is refused: the slugs are taken. Nothing changes.
    let out = tta(&app, &["import", dir]).await;
    assert_eq!(out.code, Some(1), "{out}");
    assert!(
        out.stderr
            .contains("library.csv line 2 (slug \"hotline-card\"): slug:"),
        "{out}"
    );
    assert!(
        out.stderr
            .contains("Another resource already uses this web address."),
        "{out}"
    );
    assert!(
        out.stderr
            .contains("3 of 3 resource(s) refused; nothing was imported."),
        "{out}"
    );
    assert_eq!(resources(&app).await, 3);
    assert_eq!(app.state.storage.list().await.unwrap().len(), 2);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_toml_manifest_imports_and_may_relate_to_resources_already_there() {
    let app = TestApp::spawn().await;
    // One resource is in the library already.
    let existing = tta::library::model::RawResource {
        slug: "existing-guide".into(),
        title: "Existing guide".into(),
        summary: "Already here.".into(),
        kind: "guide".into(),
        topics: vec!["labor_trafficking".into()],
        language: "en".into(),
        published_on: "2024-01-01".into(),
        ..Default::default()
    }
    .check()
    .unwrap();
    let existing_id = data::save(
        &app.state.db,
        &app.state.storage,
        None,
        None,
        &existing,
        &Default::default(),
        vec![],
    )
    .await
    .unwrap();

    let lib = app.dir.path().join("lib");
    write(
        &lib,
        "library.toml",
        r#"
[[resource]]
slug = "planificacion"
title = "Guía de planificación"
summary = "Cómo planificar juntos."
kind = "toolkit"
topics = ["safety_planning"]
audiences = ["shelter"]
language = "es"
published_on = "2026-01-10"
members_only = true
body = """
Planifique **con** la persona.
"""
files = ["docs/guia.docx", "docs/hoja.pdf"]
related = ["existing-guide", "checklist"]

[[resource]]
title = "Checklist"
summary = "A list to check."
kind = "tool"
topics = ["labor_trafficking", "labor_trafficking"]
language = "en"
published_on = "2026-01-11"
"#,
    );
    write(
        &lib,
        "docs/guia.docx",
        docx(
            "Guía",
            &format!("Hable de {DOCX_WORD} solo si la persona quiere."),
        ),
    );
    write(&lib, "docs/hoja.pdf", pdf("Hoja", "Una hoja."));
    let out = tta(&app, &["import", lib.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(0), "{out}");
    assert_eq!(
        out.stdout.trim(),
        "Imported 2 resources with 2 files.",
        "{out}"
    );
    assert_eq!(resources(&app).await, 3);
    assert_eq!(app.state.storage.list().await.unwrap().len(), 2);

    let db = &app.state.db;
    let plan = data::by_slug(db, "planificacion").await.unwrap().unwrap();
    assert!(plan.members_only);
    assert_eq!(plan.language, "es");
    assert_eq!(plan.kind, "toolkit");
    let checklist = data::by_slug(db, "checklist").await.unwrap().unwrap();
    assert_eq!(checklist.topics, vec!["labor_trafficking"]);
    let mut related = data::links(db, plan.id).await.unwrap().related;
    related.sort();
    let mut want = vec![existing_id, checklist.id];
    want.sort();
    assert_eq!(related, want);
    let signed_in = Viewer {
        signed_in: true,
        staff: false,
    };
    let r = search::search(db, &q(DOCX_WORD), signed_in).await.unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].resource.slug, "planificacion");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_rows_are_all_reported_and_nothing_is_imported() {
    let app = TestApp::spawn().await;
    let lib = app.dir.path().join("lib");
    write(
        &lib,
        "library.csv",
        "title,summary,kind,topics,language,published_on,files,related\n\
         Good one,Fine.,tool,labor_trafficking,en,2026-01-01,good.pdf,poster-row\n\
         Poster row,A poster.,poster,labor_trafficking,en,2026-01-01,,\n\
         Sneaky row,Files that must not pass.,tool,labor_trafficking,en,2026-01-01,tool.pdf;../outside.pdf;link.pdf;missing.pdf,nowhere\n",
    );
    write(&lib, "good.pdf", pdf("Good", "Fine."));
    write(
        &lib,
        "tool.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00this program cannot be run in DOS mode",
    );
    // Real PDFs outside the folder: refused because of where they are, not what they are.
    write(app.dir.path(), "outside.pdf", pdf("Outside", "Private."));
    #[cfg(unix)]
    std::os::unix::fs::symlink(app.dir.path().join("outside.pdf"), lib.join("link.pdf")).unwrap();
    #[cfg(not(unix))]
    write(
        &lib,
        "link.pdf",
        pdf("Link", "Stand-in where links are not available."),
    );

    for args in [
        vec!["import", lib.to_str().unwrap()],
        vec!["import", lib.to_str().unwrap(), "--dry-run"],
    ] {
        let out = tta(&app, &args).await;
        assert_eq!(out.code, Some(1), "{out}");
        assert!(out.stdout.is_empty(), "{out}");
        let e = &out.stderr;
        for says in [
            "library.csv line 3 (slug \"poster-row\"): kind: Choose what kind of resource this is.",
            "library.csv line 4 (slug \"sneaky-row\"): files: tool.pdf: This file is a program, not a document.",
            "library.csv line 4 (slug \"sneaky-row\"): files: \"../outside.pdf\" is outside the folder",
            "library.csv line 4 (slug \"sneaky-row\"): files: \"missing.pdf\" cannot be opened",
            "library.csv line 4 (slug \"sneaky-row\"): related: no resource with the slug \"nowhere\"",
            "2 of 3 resource(s) refused; nothing was imported.",
        ] {
            assert!(e.contains(says), "missing {says:?} in\n{out}");
        }
        #[cfg(unix)]
        assert!(
            e.contains("files: \"link.pdf\" is a link to a place outside the folder"),
            "{out}"
        );
        assert!(!e.contains("line 2"), "the good row is not reported: {out}");
        assert_eq!(resources(&app).await, 0);
        assert!(app.state.storage.list().await.unwrap().is_empty());
        assert_eq!(
            count(
                &app.state.db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'resource.import'"
            )
            .await,
            0
        );
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manifests_that_cannot_be_read_are_refused() {
    let app = TestApp::spawn().await;
    let base = app.dir.path().join("manifests");
    let row = "title,summary,kind,topics,language,published_on\nA,B,tool,labor_trafficking,en,2026-01-01\n";
    let toml = "[[resource]]\ntitle = \"A\"\nsummary = \"B\"\nkind = \"tool\"\ntopics = [\"labor_trafficking\"]\nlanguage = \"en\"\npublished_on = \"2026-01-01\"\n";

    // Both manifests: which one was meant is unclear.
    let both = base.join("both");
    write(&both, "library.csv", row);
    write(&both, "library.toml", toml);
    // Neither.
    let neither = base.join("neither");
    write(&neither, "notes.txt", "nothing");
    // A CSV row with missing fields.
    let ragged = base.join("ragged");
    write(&ragged, "library.csv", format!("{row}C,D,tool\n"));
    // Two rows with the same slug, and an unknown column.
    let twice = base.join("twice");
    write(
        &twice,
        "library.csv",
        format!("{row}A,Again,tool,labor_trafficking,en,2026-01-02\n"),
    );
    let column = base.join("column");
    write(&column, "library.csv", row.replace("topics", "topic"));
    // A TOML typo: the parser's line is given.
    let typo = base.join("typo");
    write(&typo, "library.toml", toml.replace("topics =", "topic ="));
    let bad_toml = base.join("bad-toml");
    write(
        &bad_toml,
        "library.toml",
        "[[resource]]\ntitle = \"A\nsummary = 1\n",
    );

    for (dir, says) in [
        (&both, vec!["holds both library.csv and library.toml"]),
        (&neither, vec!["no library.csv or library.toml here"]),
        (&ragged, vec!["library.csv line 3:"]),
        (
            &twice,
            vec!["library.csv line 3 (slug \"a\"): slug: \"a\" is also used by library.csv line 2"],
        ),
        (
            &column,
            vec![
                "library.csv line 1: unknown column \"topic\"",
                "the column \"topics\" is missing",
            ],
        ),
        (
            &typo,
            vec![
                "library.toml: TOML parse error at line 5",
                "unknown field `topic`",
            ],
        ),
        (&bad_toml, vec!["library.toml: TOML parse error at line 2"]),
    ] {
        let out = tta(&app, &["import", dir.to_str().unwrap()]).await;
        assert_eq!(out.code, Some(1), "{}: {out}", dir.display());
        for s in says {
            assert!(
                out.stderr.contains(s),
                "{}: missing {s:?} in\n{out}",
                dir.display()
            );
        }
    }
    assert_eq!(resources(&app).await, 0);
    assert!(app.state.storage.list().await.unwrap().is_empty());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_while_writing_rolls_back_and_removes_the_stored_files() {
    let app = TestApp::spawn().await;
    // The database refuses the last row only when it is written, after every check passed
    // and the files were stored.
    let db = &app.state.db;
    if is_postgres() {
        sqlx::query(
            "CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN \
             IF NEW.slug = 'boom' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        )
        .execute(&db.pool)
        .await
        .unwrap();
        sqlx::query("CREATE TRIGGER refuse_boom BEFORE INSERT ON resources FOR EACH ROW EXECUTE FUNCTION refuse_boom()")
            .execute(&db.pool)
            .await
            .unwrap();
    } else {
        sqlx::query(
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON resources WHEN NEW.slug = 'boom' \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        )
        .execute(&db.pool)
        .await
        .unwrap();
    }
    let lib = app.dir.path().join("lib");
    write(
        &lib,
        "library.csv",
        "slug,title,summary,kind,topics,language,published_on,files\n\
         first,First,One.,tool,labor_trafficking,en,2026-01-01,a.pdf\n\
         second,Second,Two.,tool,labor_trafficking,en,2026-01-01,b.docx\n\
         boom,Boom,Three.,tool,labor_trafficking,en,2026-01-01,a.pdf\n",
    );
    write(&lib, "a.pdf", pdf("A", "Alpha."));
    write(&lib, "b.docx", docx("B", "Beta."));
    let out = tta(&app, &["import", lib.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(1), "{out}");
    assert!(
        out.stderr.contains("nothing was imported: boom:")
            && out.stderr.contains("refused by the test"),
        "{out}"
    );
    assert!(out.stdout.is_empty(), "{out}");
    assert_eq!(resources(&app).await, 0);
    assert_eq!(count(db, "SELECT COUNT(*) FROM resource_files").await, 0);
    assert!(
        app.state.storage.list().await.unwrap().is_empty(),
        "the stored files were removed"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'resource.import'"
        )
        .await,
        0
    );
    app.stop().await;
}
