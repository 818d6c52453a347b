//! `tta courses import|export`, run as the real binary against the test server's
//! database: importing the shipped folders, a lossless export/import round trip, and a
//! broken folder refused as a whole with every problem listed by file and line.

use std::{path::Path, time::Duration};

use tta::courses::{files, model};

use crate::helpers::{run_tta, tempfile_dir::TempDir, CliOut, TestApp};

const CONTENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content/courses");

/// `tta courses ARGS` on the app's database and data folder.
async fn tta(app: &TestApp, args: &[&str]) -> CliOut {
    let mut all = vec!["courses"];
    all.extend_from_slice(args);
    run_tta(app, &all).await
}

async fn all_specs(app: &TestApp) -> Vec<tta::courses::spec::CourseSpec> {
    let courses = model::list(
        &app.state.db,
        &model::Filter {
            include_drafts: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    for c in courses {
        out.push(
            model::load_spec(&app.state.db, c.id)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    out
}

/// Every lesson's id with its course and slug.
async fn lesson_ids(app: &TestApp) -> Vec<(i64, i64, String)> {
    use sqlx::Row;
    let rows = sqlx::query("SELECT id, course_id, slug FROM lessons ORDER BY id")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    rows.iter()
        .map(|r| (r.get("id"), r.get("course_id"), r.get("slug")))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Replaces the first occurrence of `from` in a file, failing loudly if it is not there.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} contains {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn courses_import_export_round_trip_and_broken_folders_change_nothing() {
    let app = TestApp::spawn().await;

    // Import the shipped folders.
    let out = tta(&app, &["import", CONTENT]).await;
    assert_eq!(out.code, Some(0), "{out}");
    for slug in [
        "voluntary-services-in-practice",
        "trauma-informed-approach",
        "rights-based-work-with-survivors",
    ] {
        assert!(out.stdout.contains(&format!("imported {slug}")), "{out}");
    }
    let before = all_specs(&app).await;
    assert_eq!(before.len(), 3);
    // What was saved is what the files say.
    let mut shipped =
        tta::courses::cli::read_all(Path::new(CONTENT)).expect("the shipped folders read");
    shipped.sort_by(|a, b| a.title.cmp(&b.title));
    assert_eq!(
        before, shipped,
        "the database holds exactly the shipped courses"
    );

    // Export everything; each folder reads back to the saved course.
    let tmp = TempDir::new();
    let export = tmp.path().join("export");
    let out = tta(&app, &["export", "--all", export.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(0), "{out}");
    for spec in &before {
        let read = files::read_dir(&export.join(&spec.slug))
            .unwrap_or_else(|e| panic!("{}: {e:?}", spec.slug));
        assert_eq!(
            &read, spec,
            "the export of {} reads back the same",
            spec.slug
        );
    }
    // Importing the export changes nothing; ids are kept.
    let ids_before = lesson_ids(&app).await;
    let out = tta(&app, &["import", export.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(0), "{out}");
    assert_eq!(all_specs(&app).await, before);
    assert_eq!(
        lesson_ids(&app).await,
        ids_before,
        "lessons keep their ids, so progress survives a re-import"
    );
    // A dry run checks and says so.
    let out = tta(&app, &["import", "--dry-run", export.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(0), "{out}");
    assert!(
        out.stdout
            .contains("3 course(s) checked; no problems found"),
        "{out}"
    );

    // A folder of two courses: one edited validly, one broken three ways. Nothing of either
    // may be saved.
    let broken_root = tmp.path().join("broken");
    let good = broken_root.join("trauma-informed-approach");
    copy_dir(&Path::new(CONTENT).join("trauma-informed-approach"), &good);
    edit(
        &good.join("course.toml"),
        "title = \"A Trauma-Informed Approach\"",
        "title = \"Retitled While Broken\"",
    );
    let bad = broken_root.join("voluntary-services-in-practice");
    copy_dir(
        &Path::new(CONTENT).join("voluntary-services-in-practice"),
        &bad,
    );
    // 1. An unknown topic in the manifest.
    edit(
        &bad.join("course.toml"),
        "topics = [\"voluntary_services\"",
        "topics = [\"astrology\", \"voluntary_services\"",
    );
    // 2. A single-answer check with two right answers.
    let lesson = bad.join("lessons/03-phones-documents-and-movement.md");
    let text = std::fs::read_to_string(&lesson).unwrap();
    let check_at = text
        .find("\n## Check: ")
        .expect("a single-answer check in lesson 3");
    let wrong_at = check_at + text[check_at..].find("- [ ]").expect("a wrong choice");
    let check_line = text[..check_at + 1].lines().count() + 1;
    std::fs::write(
        &lesson,
        format!("{}- [x]{}", &text[..wrong_at], &text[wrong_at + 5..]),
    )
    .unwrap();
    // 3. No post-test.
    std::fs::remove_file(bad.join("posttest.md")).unwrap();

    let count_before = crate::helpers::count(&app.state.db, "SELECT COUNT(*) FROM courses").await;
    let updated_before = model::by_slug(&app.state.db, "voluntary-services-in-practice")
        .await
        .unwrap()
        .unwrap()
        .updated_at;
    // A save in the same second would not move updated_at; wait so that one would show.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let out = tta(&app, &["import", broken_root.to_str().unwrap()]).await;
    assert_eq!(out.code, Some(1), "{out}");
    let manifest = bad.join("course.toml").display().to_string();
    let topics_line = std::fs::read_to_string(bad.join("course.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("topics"))
        .unwrap()
        + 1;
    let posttest_line = std::fs::read_to_string(bad.join("course.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("posttest"))
        .unwrap()
        + 1;
    let expected = [
        (format!("{manifest}:{topics_line}:"), "astrology"),
        (format!("{manifest}:{posttest_line}:"), "posttest.md"),
        (
            format!("{}:{check_line}:", lesson.display()),
            "single-answer",
        ),
    ];
    for (place, words) in &expected {
        assert!(
            out.stderr
                .lines()
                .any(|l| l.starts_with(place.as_str()) && l.contains(words)),
            "stderr names {place} ({words}):\n{out}"
        );
    }
    assert!(
        out.stderr
            .contains("3 problem(s) found; nothing was imported"),
        "exactly the three problems:\n{out}"
    );
    assert!(
        !out.stderr.contains("trauma-informed-approach/"),
        "the good folder has no problems:\n{out}"
    );
    assert!(out.stdout.is_empty(), "{out}");

    // The database is as it was.
    assert_eq!(
        crate::helpers::count(&app.state.db, "SELECT COUNT(*) FROM courses").await,
        count_before
    );
    assert_eq!(
        model::by_slug(&app.state.db, "voluntary-services-in-practice")
            .await
            .unwrap()
            .unwrap()
            .updated_at,
        updated_before
    );
    assert_eq!(
        model::by_slug(&app.state.db, "trauma-informed-approach")
            .await
            .unwrap()
            .unwrap()
            .title,
        "A Trauma-Informed Approach",
        "the valid course in the same import is not saved either"
    );
    assert_eq!(all_specs(&app).await, before);
    app.stop().await;
}
