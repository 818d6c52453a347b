//! `tta library import DIR [--dry-run]`: loads an existing library from a folder holding a
//! manifest (`library.csv` or `library.toml`, exactly one) and the files it names.
//!
//! Everything is checked before anything is written: every row through
//! `RawResource::check`, every file through `upload::check`, slugs for duplicates (in the
//! manifest and in the database), related slugs for existence, and file paths for escaping
//! the folder. Any problem refuses the whole import (exit 1) with every problem listed.
//! Otherwise the files are stored, then every row is written in one transaction; on any
//! error the transaction is rolled back and the stored files removed.
//!
//! CSV columns (a header row; list fields separated by `;`):
//! `slug, title, summary, kind, topics, audiences, language, published_on, reviewed_on,
//! members_only, status, body, body_file, media_url, files, related`.
//! TOML: one `[[resource]]` table per item with the same keys; lists are arrays.

use std::{
    collections::{HashMap, HashSet},
    path::{Component, Path, PathBuf},
};

use clap::Subcommand;
use serde::Deserialize;
use sqlx::Row;

use super::{
    data::{self, Links, NewFile, StoredFile},
    model::{RawResource, ResourceInput},
    upload,
};
use crate::{app::AppState, i18n::Lang};

#[derive(Subcommand)]
pub enum LibraryCommand {
    /// Import resources from DIR, which holds library.csv or library.toml and the files they
    /// name. Everything is checked first; on any problem nothing is changed (exit 1).
    Import {
        dir: PathBuf,
        /// Check only; change nothing
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(state: &AppState, cmd: &LibraryCommand) -> anyhow::Result<i32> {
    match cmd {
        LibraryCommand::Import { dir, dry_run } => import_dir(state, dir, *dry_run).await,
    }
}

/// A manifest row before checking, whichever format it came from.
#[derive(Debug, Default)]
pub(crate) struct Entry {
    /// How the report names the row: `library.csv line 3` or `library.toml resource 2`.
    place: String,
    raw: RawResource,
    body_file: String,
    files: Vec<String>,
    related: Vec<String>,
    /// Problems found while reading the row itself (field, message).
    problems: Vec<(String, String)>,
}

const CSV_COLUMNS: &[&str] = &[
    "slug",
    "title",
    "summary",
    "kind",
    "topics",
    "audiences",
    "language",
    "published_on",
    "reviewed_on",
    "members_only",
    "status",
    "body",
    "body_file",
    "media_url",
    "files",
    "related",
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CsvRow {
    slug: String,
    title: String,
    summary: String,
    kind: String,
    topics: String,
    audiences: String,
    language: String,
    published_on: String,
    reviewed_on: String,
    members_only: String,
    status: String,
    body: String,
    body_file: String,
    media_url: String,
    files: String,
    related: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct TomlRow {
    slug: String,
    title: String,
    summary: String,
    kind: String,
    topics: Vec<String>,
    audiences: Vec<String>,
    language: String,
    published_on: String,
    reviewed_on: String,
    members_only: Option<bool>,
    status: String,
    body: String,
    body_file: String,
    media_url: String,
    files: Vec<String>,
    related: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlManifest {
    #[serde(default, alias = "resources")]
    resource: Vec<TomlRow>,
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn clean_list(v: Vec<String>) -> Vec<String> {
    v.into_iter()
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// Reads `library.csv`: the rows, or the problems that make the file unreadable.
fn read_csv(path: &Path) -> Result<Vec<Entry>, Vec<String>> {
    let bytes =
        std::fs::read(path).map_err(|e| vec![format!("library.csv: cannot read it: {e}")])?;
    parse_csv(&bytes)
}

/// The rows of a `library.csv` held in memory, or its problems.
pub(crate) fn parse_csv(bytes: &[u8]) -> Result<Vec<Entry>, Vec<String>> {
    let name = "library.csv";
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = rdr
        .headers()
        .map_err(|e| vec![csv_error(name, &e)])?
        .clone();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for h in headers.iter() {
        if !CSV_COLUMNS.contains(&h) {
            errors.push(format!(
                "{name} line 1: unknown column \"{h}\" (known: {})",
                CSV_COLUMNS.join(", ")
            ));
        } else if !seen.insert(h.to_string()) {
            errors.push(format!("{name} line 1: the column \"{h}\" appears twice"));
        }
    }
    for required in [
        "title",
        "summary",
        "kind",
        "topics",
        "language",
        "published_on",
    ] {
        if !seen.contains(required) {
            errors.push(format!(
                "{name} line 1: the column \"{required}\" is missing"
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut entries = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(csv_error(name, &e));
                // A record of the wrong length is skipped; a broken file is not read further.
                if matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    continue;
                }
                break;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let row: CsvRow = match record.deserialize(Some(&headers)) {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("{name} line {line}: {e}"));
                continue;
            }
        };
        let mut problems = Vec::new();
        let members_only = match row.members_only.to_ascii_lowercase().as_str() {
            "" | "false" => false,
            "true" => true,
            other => {
                problems.push((
                    "members_only".to_string(),
                    format!("write true or false, not \"{other}\""),
                ));
                false
            }
        };
        entries.push(Entry {
            place: format!("{name} line {line}"),
            raw: RawResource {
                slug: row.slug,
                title: row.title,
                summary: row.summary,
                kind: row.kind,
                topics: split_list(&row.topics),
                audiences: split_list(&row.audiences),
                language: row.language,
                body_md: row.body,
                media_url: row.media_url,
                members_only,
                status: row.status,
                published_on: row.published_on,
                reviewed_on: row.reviewed_on,
            },
            body_file: row.body_file,
            files: split_list(&row.files),
            related: split_list(&row.related),
            problems,
        });
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

fn csv_error(name: &str, e: &csv::Error) -> String {
    match e.position() {
        Some(p) => format!("{name} line {}: {e}", p.line()),
        None => format!("{name}: {e}"),
    }
}

/// Reads `library.toml` (`[[resource]]` tables).
fn read_toml(path: &Path) -> Result<Vec<Entry>, Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![format!("library.toml: cannot read it: {e}")])?;
    parse_toml(&text)
}

/// The resources of a `library.toml` held in memory, or its problems.
pub(crate) fn parse_toml(text: &str) -> Result<Vec<Entry>, Vec<String>> {
    let name = "library.toml";
    // The parser's message already names the line and column.
    let m: TomlManifest =
        toml::from_str(text).map_err(|e| vec![format!("{name}: {}", e.to_string().trim_end())])?;
    Ok(m.resource
        .into_iter()
        .enumerate()
        .map(|(i, r)| Entry {
            place: format!("{name} resource {}", i + 1),
            raw: RawResource {
                slug: r.slug,
                title: r.title,
                summary: r.summary,
                kind: r.kind.trim().to_string(),
                topics: clean_list(r.topics),
                audiences: clean_list(r.audiences),
                language: r.language.trim().to_string(),
                body_md: r.body,
                media_url: r.media_url,
                members_only: r.members_only.unwrap_or(false),
                status: r.status.trim().to_string(),
                published_on: r.published_on,
                reviewed_on: r.reviewed_on,
            },
            body_file: r.body_file.trim().to_string(),
            files: clean_list(r.files),
            related: clean_list(r.related),
            problems: Vec::new(),
        })
        .collect())
}

/// Finds the manifest: exactly one of `library.csv` and `library.toml`.
fn read_manifest(dir: &Path) -> Result<Vec<Entry>, Vec<String>> {
    if !dir.is_dir() {
        return Err(vec![format!("{}: not a folder", dir.display())]);
    }
    let csv = dir.join("library.csv");
    let toml = dir.join("library.toml");
    match (csv.is_file(), toml.is_file()) {
        (true, true) => Err(vec![format!(
            "{}: holds both library.csv and library.toml; keep only one manifest",
            dir.display()
        )]),
        (false, false) => Err(vec![format!(
            "{}: no library.csv or library.toml here",
            dir.display()
        )]),
        (true, false) => read_csv(&csv),
        (false, true) => read_toml(&toml),
    }
}

/// A path from the manifest, resolved inside `root` (already canonical). Absolute paths,
/// `..` and links pointing outside the folder are refused.
fn resolve(root: &Path, rel: &str) -> Result<PathBuf, String> {
    let p = Path::new(rel);
    if rel.is_empty() {
        return Err("the path is empty".into());
    }
    if !p
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(format!("\"{rel}\" is outside the folder; give a path inside it, without \"..\" or a leading \"/\""));
    }
    let full = root.join(p);
    let real = full
        .canonicalize()
        .map_err(|e| format!("\"{rel}\" cannot be opened: {e}"))?;
    if !real.starts_with(root) {
        return Err(format!("\"{rel}\" is a link to a place outside the folder"));
    }
    if !real.is_file() {
        return Err(format!("\"{rel}\" is not a file"));
    }
    Ok(real)
}

/// The English text of a message id.
fn english(id: &str) -> String {
    Lang::default().ta(
        id,
        &[("mb", &(upload::MAX_FILE_BYTES / (1024 * 1024)).to_string())],
    )
}

/// A file that passed its check.
struct FileOk {
    path: PathBuf,
    rel: String,
}

/// A row that passed every check.
struct Checked {
    input: ResourceInput,
    files: Vec<FileOk>,
    related: Vec<String>,
}

/// Reads and checks one file named by a row.
fn check_file(root: &Path, rel: &str) -> Result<(FileOk, upload::Checked), String> {
    let path = resolve(root, rel)?;
    let meta = std::fs::metadata(&path).map_err(|e| format!("\"{rel}\" cannot be read: {e}"))?;
    if meta.len() > upload::MAX_FILE_BYTES as u64 {
        return Err(format!(
            "{rel}: {}",
            english(upload::Refusal::TooLarge.message_id())
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("\"{rel}\" cannot be read: {e}"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let checked =
        upload::check(&name, &bytes).map_err(|r| format!("{rel}: {}", english(r.message_id())))?;
    Ok((
        FileOk {
            path,
            rel: rel.to_string(),
        },
        checked,
    ))
}

/// The slug `check` will give a row, for finding duplicates even in rows with other problems.
fn effective_slug(raw: &RawResource) -> String {
    let s = raw.slug.trim().to_lowercase();
    if s.is_empty() {
        crate::events::input::slugify(raw.title.trim())
    } else {
        s
    }
}

fn progress(len: usize, prefix: &'static str) -> indicatif::ProgressBar {
    let style =
        indicatif::ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} {wide_msg}")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    indicatif::ProgressBar::new(len as u64)
        .with_style(style)
        .with_prefix(prefix)
}

/// Checks every row; returns the checked rows, or the report lines and how many rows were refused.
async fn check_all(
    state: &AppState,
    root: &Path,
    entries: Vec<Entry>,
) -> anyhow::Result<Result<Vec<Checked>, (Vec<String>, usize)>> {
    let existing: HashMap<String, i64> = sqlx::query("SELECT id, slug FROM resources")
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get::<String, _>("slug")?, r.try_get::<i64, _>("id")?)))
        .collect::<sqlx::Result<_>>()?;
    let slugs: Vec<String> = entries.iter().map(|e| effective_slug(&e.raw)).collect();
    let in_manifest: HashSet<&str> = slugs.iter().map(String::as_str).collect();
    let mut first_place: HashMap<&str, &str> = HashMap::new();
    let mut report = Vec::new();
    let mut refused = 0;
    let mut checked = Vec::new();
    let pb = progress(entries.len(), "Checking");
    for (e, slug) in entries.iter().zip(&slugs) {
        pb.set_message(slug.clone());
        let mut problems = e.problems.clone();
        let mut raw = e.raw.clone();
        // Page text: inline or from a Markdown file in the folder, not both.
        if !e.body_file.is_empty() {
            if !raw.body_md.trim().is_empty() {
                problems.push((
                    "body_file".into(),
                    "give the page text as body or as body_file, not both".into(),
                ));
            } else if !e.body_file.to_ascii_lowercase().ends_with(".md") {
                problems.push((
                    "body_file".into(),
                    format!("\"{}\" is not a Markdown (.md) file", e.body_file),
                ));
            } else {
                match resolve(root, &e.body_file) {
                    Err(m) => problems.push(("body_file".into(), m)),
                    Ok(p) if std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0) > 1024 * 1024 => {
                        problems.push(("body_file".into(), english("library-error-body-long")))
                    }
                    Ok(p) => match std::fs::read_to_string(&p) {
                        Ok(t) => raw.body_md = t,
                        Err(err) => problems.push((
                            "body_file".into(),
                            format!("\"{}\" cannot be read as text: {err}", e.body_file),
                        )),
                    },
                }
            }
        }
        let input = match raw.check() {
            Ok(i) => Some(i),
            Err(ps) => {
                problems.extend(ps.into_iter().map(|(f, id)| (f.to_string(), english(id))));
                None
            }
        };
        if !slug.is_empty() {
            if let Some(first) = first_place.get(slug.as_str()) {
                problems.push(("slug".into(), format!("\"{slug}\" is also used by {first}")));
            } else {
                first_place.insert(slug.as_str(), e.place.as_str());
                if existing.contains_key(slug) {
                    problems.push((
                        "slug".into(),
                        format!("\"{slug}\": {}", english("library-error-slug-taken")),
                    ));
                }
            }
        }
        let mut files = Vec::new();
        for rel in &e.files {
            match check_file(root, rel) {
                Ok((f, _)) => files.push(f),
                Err(m) => problems.push(("files".into(), m)),
            }
        }
        for r in &e.related {
            let r = r.to_lowercase();
            if !in_manifest.contains(r.as_str()) && !existing.contains_key(&r) {
                problems.push((
                    "related".into(),
                    format!("no resource with the slug \"{r}\" in this manifest or in the library"),
                ));
            }
        }
        match input {
            Some(input) if problems.is_empty() => checked.push(Checked {
                input,
                files,
                related: e.related.iter().map(|r| r.to_lowercase()).collect(),
            }),
            _ => {
                refused += 1;
                let who = if slug.is_empty() {
                    String::new()
                } else {
                    format!(" (slug \"{slug}\")")
                };
                for (field, msg) in problems {
                    report.push(format!("{}{who}: {field}: {msg}", e.place));
                }
            }
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    Ok(if refused == 0 {
        Ok(checked)
    } else {
        Err((report, refused))
    })
}

/// Checks, then (unless `dry_run`) imports; returns the exit code.
pub async fn import_dir(state: &AppState, dir: &Path, dry_run: bool) -> anyhow::Result<i32> {
    let refuse = |lines: &[String], rows: Option<(usize, usize)>| {
        for l in lines {
            eprintln!("{l}");
        }
        match rows {
            Some((bad, all)) => {
                eprintln!("{bad} of {all} resource(s) refused; nothing was imported.")
            }
            None => eprintln!("The manifest could not be read; nothing was imported."),
        }
    };
    let entries = match read_manifest(dir) {
        Ok(e) => e,
        Err(errors) => {
            refuse(&errors, None);
            return Ok(1);
        }
    };
    if entries.is_empty() {
        refuse(
            &[format!(
                "{}: the manifest lists no resources",
                dir.display()
            )],
            None,
        );
        return Ok(1);
    }
    let root = dir.canonicalize()?;
    let total = entries.len();
    let rows = match check_all(state, &root, entries).await? {
        Ok(rows) => rows,
        Err((report, refused)) => {
            refuse(&report, Some((refused, total)));
            return Ok(1);
        }
    };
    let n_files: usize = rows.iter().map(|r| r.files.len()).sum();
    if dry_run {
        println!(
            "Checked {} resources with {n_files} files; nothing was changed.",
            rows.len()
        );
        return Ok(0);
    }

    // Store every file first; on any failure remove what was stored.
    let pb = progress(rows.len(), "Storing");
    let mut stored: Vec<StoredFile> = Vec::new();
    let mut ranges = Vec::with_capacity(rows.len());
    for r in &rows {
        pb.set_message(r.input.slug.clone());
        let start = stored.len();
        let new = match read_files(state, &r.files).await {
            Ok(n) => n,
            Err(e) => {
                pb.abandon();
                data::discard(&state.storage, &stored).await;
                return Err(e);
            }
        };
        match data::store_files(&state.storage, new).await {
            Ok(s) => stored.extend(s),
            Err(e) => {
                pb.abandon();
                data::discard(&state.storage, &stored).await;
                return Err(e.context("storing the files; nothing was imported"));
            }
        }
        ranges.push(start..stored.len());
        pb.inc(1);
    }
    pb.finish_and_clear();

    let pb = progress(rows.len(), "Writing");
    let written = write_all(state, &rows, &ranges, &stored, &pb).await;
    pb.finish_and_clear();
    if let Err(e) = written {
        data::discard(&state.storage, &stored).await;
        return Err(e.context("nothing was imported"));
    }
    println!("Imported {} resources with {n_files} files.", rows.len());
    Ok(0)
}

/// Reads a row's files again (they were checked moments ago; a file changed since is refused).
async fn read_files(state: &AppState, files: &[FileOk]) -> anyhow::Result<Vec<NewFile>> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let bytes = std::fs::read(&f.path)
            .map_err(|e| anyhow::anyhow!("{}: cannot be read: {e}", f.rel))?;
        let name = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let c = upload::check(&name, &bytes)
            .map_err(|r| anyhow::anyhow!("{}: {}", f.rel, english(r.message_id())))?;
        let text = data::file_text(&state.extract, c.format, &bytes, &c.file_name)
            .await
            .map_err(|e| anyhow::anyhow!("{}: {}", f.rel, e.message(&Lang::default())))?;
        out.push(NewFile {
            format: c.format,
            file_name: c.file_name,
            bytes,
            text,
            change_note: String::new(),
            replaces: None,
        });
    }
    Ok(out)
}

/// Writes every row in one transaction, then links related items by slug; all or nothing.
async fn write_all(
    state: &AppState,
    rows: &[Checked],
    ranges: &[std::ops::Range<usize>],
    stored: &[StoredFile],
    pb: &indicatif::ProgressBar,
) -> anyhow::Result<()> {
    let db = &state.db;
    let mut tx = db.tx().await?;
    let result = async {
        let mut ids: HashMap<String, i64> = HashMap::new();
        for (r, range) in rows.iter().zip(ranges) {
            let id = data::write(
                &mut tx,
                db.backend,
                None,
                None,
                &r.input,
                &Links::default(),
                &stored[range.clone()],
            )
            .await
            .map_err(|e| anyhow::anyhow!("{}: {e}", r.input.slug))?;
            ids.insert(r.input.slug.clone(), id);
            pb.inc(1);
        }
        for r in rows.iter().filter(|r| !r.related.is_empty()) {
            let mut related = Vec::new();
            for slug in &r.related {
                let id = match ids.get(slug) {
                    Some(id) => *id,
                    None => sqlx::query("SELECT id FROM resources WHERE slug = $1")
                        .bind(slug)
                        .fetch_optional(&mut *tx)
                        .await?
                        .map(|row| row.try_get::<i64, _>("id"))
                        .transpose()?
                        .ok_or_else(|| {
                            anyhow::anyhow!(
                                "{}: the related resource \"{slug}\" is gone",
                                r.input.slug
                            )
                        })?,
                };
                if !related.contains(&id) {
                    related.push(id);
                }
            }
            let id = ids[&r.input.slug];
            let links = Links {
                related,
                ..Links::default()
            };
            data::write(&mut tx, db.backend, None, Some(id), &r.input, &links, &[])
                .await
                .map_err(|e| anyhow::anyhow!("{}: {e}", r.input.slug))?;
        }
        crate::accounts::audit::record(
            &mut *tx,
            None,
            "resource.import",
            "library",
            "cli",
            &format!("{} resources", rows.len()),
        )
        .await?;
        Ok::<(), anyhow::Error>(())
    }
    .await;
    match result {
        Ok(()) => Ok(tx.commit().await?),
        Err(e) => {
            let _ = tx.rollback().await;
            Err(e)
        }
    }
}
