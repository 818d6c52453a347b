//! Courses kept as a folder of files (`course.toml`, Markdown lessons, `pretest.md` and
//! `posttest.md`; the format is described in content/courses/README.md).
//!
//! Reading never stops at the first problem: an author fixing a folder by hand should see
//! everything wrong with it, each with its file and line, in one pass. Writing produces a
//! folder that reads back to the very same `CourseSpec`, so a course can move between the
//! database and version control without drifting.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde::{de, Deserialize, Serialize};
use toml::Spanned;

use super::spec::*;
use crate::topics;

const MANIFEST: &str = "course.toml";
const PRETEST: &str = "pretest.md";
const POSTTEST: &str = "posttest.md";
const LESSON_DIR: &str = "lessons/";
const MAX_SLUG: usize = 80;
/// The same ceiling `spec::parse_hours` puts on the forms: 1000 hours.
const MAX_HOURS_X100: i64 = 100_000;

/// One problem found in a course folder.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    /// Path relative to the course folder, e.g. "lessons/01-x.md" or "course.toml"; empty
    /// when the problem is not tied to a file.
    pub file: String,
    /// 1-based; 0 when not tied to a line.
    pub line: usize,
    pub message: String,
}

impl FileError {
    fn new(file: &str, line: usize, message: impl Into<String>) -> Self {
        FileError {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.file.is_empty(), self.line) {
            (true, _) => write!(f, "{}", self.message),
            (false, 0) => write!(f, "{}: {}", self.file, self.message),
            (false, line) => write!(f, "{}:{}: {}", self.file, line, self.message),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------

/// Reads and validates a course folder. Returns every problem found (never stops at the
/// first), sorted by file then line.
pub fn read_dir(dir: &Path) -> Result<CourseSpec, Vec<FileError>> {
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    if let Err(e) = std::fs::read_dir(dir) {
        return Err(vec![FileError::new(
            "",
            0,
            format!("cannot read folder {}: {e}", dir.display()),
        )]);
    }
    collect_files(dir, "", &mut files, &mut problems);
    match parse(&files) {
        Ok(spec) if problems.is_empty() => Ok(spec),
        Ok(_) => Err(sorted(problems)),
        Err(more) => {
            problems.extend(more);
            Err(sorted(problems))
        }
    }
}

/// Parses from in-memory files (path relative to the folder, with `/` separators ->
/// contents). `read_dir` is a thin wrapper around it.
pub fn parse(files: &BTreeMap<String, String>) -> Result<CourseSpec, Vec<FileError>> {
    let mut report = Report::default();
    let mut spec = blank_spec();
    match files.get(MANIFEST) {
        None => {
            report.add(
                MANIFEST,
                0,
                "missing: every course folder needs a course.toml",
            );
            check_files_alone(files, &mut report);
        }
        Some(text) => match read_manifest(text) {
            Err(e) => {
                report.list.push(e);
                check_files_alone(files, &mut report);
            }
            Ok(manifest) => {
                report.manifest = text.clone();
                apply_manifest(&manifest, files, &mut spec, &mut report);
            }
        },
    }
    if !report.list.is_empty() {
        return Err(sorted(report.list));
    }
    // The located checks above should already cover everything `validate` does; this keeps
    // the two from ever disagreeing about what a valid course is.
    let left = validate(&spec);
    if left.is_empty() {
        Ok(spec)
    } else {
        Err(left.into_iter().map(|m| FileError::new("", 0, m)).collect())
    }
}

/// Validates a spec that came from anywhere (form, API, files); `parse` relies on it too.
/// A valid spec is exactly one that survives `render` and `parse` unchanged, which is why
/// text that the files cannot hold (a title with a line break, a lesson text that starts
/// with a blank line, `\r`) is refused here; `normalize` tidies form input first.
pub fn validate(spec: &CourseSpec) -> Vec<String> {
    let mut out = Vec::new();
    let mut note = |context: &str, problem: Option<String>| {
        if let Some(p) = problem {
            out.push(if context.is_empty() {
                p
            } else {
                format!("{context}: {p}")
            });
        }
    };
    note("slug", slug_problem(&spec.slug));
    note("title", one_line_problem(&spec.title, MAX_TITLE));
    note("summary", summary_problem(&spec.summary));
    for (i, objective) in spec.objectives.iter().enumerate() {
        note(
            &format!("objective {}", i + 1),
            objective_problem(objective),
        );
    }
    for (_, p) in codes_problems("audience", &spec.audience, topics::AUDIENCES) {
        note("audience", Some(p));
    }
    for (_, p) in codes_problems("topic", &spec.topics, topics::TOPICS) {
        note("topics", Some(p));
    }
    note("language", language_problem(&spec.language));
    note("hours", hours_problem(spec.hours_x100, false));
    note("ce_hours", hours_problem(spec.ce_hours_x100, true));
    note("passing_score", passing_score_problem(spec.passing_score));
    note("max_attempts", max_attempts_problem(spec.max_attempts));
    if spec.modules.is_empty() {
        note("", Some("a course needs at least one module".into()));
    }
    let mut slugs = BTreeSet::new();
    for (m, module) in spec.modules.iter().enumerate() {
        let context = format!("module {}", m + 1);
        note(&context, one_line_problem(&module.title, MAX_TITLE));
        if module.lessons.is_empty() {
            note(&context, Some("a module needs at least one lesson".into()));
        }
        for lesson in &module.lessons {
            let context = format!("lesson {:?}", lesson.slug);
            note(&context, slug_problem(&lesson.slug));
            if !slugs.insert(lesson.slug.as_str()) {
                note(&context, Some("two lessons have this slug".into()));
            }
            note(&context, one_line_problem(&lesson.title, MAX_TITLE));
            note(&context, body_problem(&lesson.body));
            for (i, link) in lesson.resources.iter().enumerate() {
                let context = format!("{context}, resource {}", i + 1);
                for p in resource_problems(link) {
                    note(&context, Some(p));
                }
            }
            for (i, q) in lesson.checks.iter().enumerate() {
                for (_, p) in question_problems(q, false) {
                    note(&format!("{context}, check {}", i + 1), Some(p));
                }
            }
        }
    }
    for (name, questions) in [("pre-test", &spec.pretest), ("post-test", &spec.posttest)] {
        if questions.is_empty() {
            note(name, Some("needs at least one question".into()));
        }
        for (i, q) in questions.iter().enumerate() {
            for (_, p) in question_problems(q, true) {
                note(&format!("{name}, question {}", i + 1), Some(p));
            }
        }
    }
    out
}

/// Tidies text typed into a form so that it passes `validate` when it means the same thing:
/// trims single-line fields, turns CRLF into LF, drops blank lines around a lesson's text and
/// trailing spaces in feedback. Leaves anything it cannot fix for `validate` to report.
pub fn normalize(spec: &mut CourseSpec) {
    let trim = |s: &mut String| *s = s.trim().to_string();
    let unix = |s: &mut String| *s = s.replace("\r\n", "\n").replace('\r', "\n");
    for s in [&mut spec.slug, &mut spec.title, &mut spec.language] {
        trim(s);
    }
    unix(&mut spec.summary);
    trim(&mut spec.summary);
    spec.objectives.iter_mut().for_each(|o| {
        unix(o);
        trim(o)
    });
    spec.audience
        .iter_mut()
        .chain(spec.topics.iter_mut())
        .for_each(trim);
    let mut tidy_question = |q: &mut QuestionSpec| {
        trim(&mut q.prompt);
        for c in &mut q.choices {
            trim(&mut c.text);
            unix(&mut c.feedback);
            c.feedback = c
                .feedback
                .lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n");
        }
    };
    for module in &mut spec.modules {
        trim(&mut module.title);
        for lesson in &mut module.lessons {
            trim(&mut lesson.slug);
            trim(&mut lesson.title);
            unix(&mut lesson.body);
            lesson.body = trim_blank_lines(&lesson.body.split('\n').collect::<Vec<_>>());
            for link in &mut lesson.resources {
                trim(&mut link.title);
                trim(&mut link.url);
            }
            lesson.checks.iter_mut().for_each(&mut tidy_question);
        }
    }
    spec.pretest
        .iter_mut()
        .chain(spec.posttest.iter_mut())
        .for_each(tidy_question);
}

/// Writes the folder so that `read_dir(dir)` returns exactly `spec` (for a spec that passes
/// `validate`). Creates `dir` and `dir/lessons`, and deletes `lessons/*.md` files that are
/// not part of `spec`: reading treats an unlisted lesson file as a mistake, so a lesson
/// renamed since the last export must not linger.
pub fn write_dir(spec: &CourseSpec, dir: &Path) -> std::io::Result<()> {
    // Lesson slugs become file names; a bad one could write outside the folder.
    if let Some(problem) = all_lessons(spec).find_map(|l| slug_problem(&l.slug)) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            problem,
        ));
    }
    let files = render(spec);
    let lessons = dir.join(LESSON_DIR.trim_end_matches('/'));
    std::fs::create_dir_all(&lessons)?;
    for entry in std::fs::read_dir(&lessons)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = name.ends_with(".md") && !files.contains_key(&format!("{LESSON_DIR}{name}"));
        if stale && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    for (rel, text) in &files {
        std::fs::write(dir.join(rel), text)?;
    }
    Ok(())
}

/// The in-memory form of `write_dir`: relative path -> contents.
pub fn render(spec: &CourseSpec) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    files.insert(MANIFEST.to_string(), render_manifest(spec));
    for lesson in all_lessons(spec) {
        files.insert(lesson_path(&lesson.slug), render_lesson(lesson));
    }
    files.insert(
        PRETEST.to_string(),
        render_questions(&spec.pretest, Keyword::Question),
    );
    files.insert(
        POSTTEST.to_string(),
        render_questions(&spec.posttest, Keyword::Question),
    );
    files
}

// ---------------------------------------------------------------------------------------
// Rules shared by `validate` and the file reader. Each returns a message without saying
// where the problem is, so the caller can add a file and line or a description.
// ---------------------------------------------------------------------------------------

fn slug_problem(slug: &str) -> Option<String> {
    let allowed = slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let fine = allowed
        && !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    (!fine).then(|| {
        format!("{slug:?} is not a valid slug: use 1 to {MAX_SLUG} lowercase letters, digits and hyphens, not starting or ending with a hyphen")
    })
}

/// Titles, prompts and choices: one line, because the files keep them on one line, and
/// already trimmed, because the reader trims them.
fn one_line_problem(text: &str, max: usize) -> Option<String> {
    if text.trim().is_empty() {
        Some("must not be empty".into())
    } else if text.contains(['\n', '\r']) {
        Some("must be a single line".into())
    } else if text.trim() != text {
        Some("must not start or end with spaces".into())
    } else {
        too_long(text, max)
    }
}

fn too_long(text: &str, max: usize) -> Option<String> {
    let n = text.chars().count();
    (n > max).then(|| format!("is too long ({n} characters; at most {max})"))
}

fn summary_problem(summary: &str) -> Option<String> {
    if summary.trim().is_empty() {
        Some("must not be empty".into())
    } else {
        too_long(summary, MAX_SUMMARY)
    }
}

fn objective_problem(objective: &str) -> Option<String> {
    objective
        .trim()
        .is_empty()
        .then(|| "must not be empty".into())
}

/// Problems with a list of vocabulary codes; `Some(i)` points at the i-th code.
fn codes_problems(what: &str, codes: &[String], allowed: &[&str]) -> Vec<(Option<usize>, String)> {
    let mut out = Vec::new();
    if codes.is_empty() {
        out.push((None, format!("choose at least one {what}")));
    }
    let mut seen = BTreeSet::new();
    for (i, code) in codes.iter().enumerate() {
        if !allowed.contains(&code.as_str()) {
            out.push((
                Some(i),
                format!(
                    "unknown {what} {code:?}; use one of: {}",
                    allowed.join(", ")
                ),
            ));
        } else if !seen.insert(code) {
            out.push((Some(i), format!("{code:?} is listed twice")));
        }
    }
    out
}

fn language_problem(language: &str) -> Option<String> {
    (!topics::is_language(language)).then(|| {
        format!(
            "unknown language {language:?}; use one of: {}",
            topics::LANGUAGES.join(", ")
        )
    })
}

fn hours_problem(x100: i64, zero_allowed: bool) -> Option<String> {
    if x100 < 0 {
        Some("must not be negative".into())
    } else if x100 == 0 && !zero_allowed {
        Some("must be more than 0".into())
    } else if x100 > MAX_HOURS_X100 {
        Some(format!("must be at most {} hours", MAX_HOURS_X100 / 100))
    } else {
        None
    }
}

fn passing_score_problem(score: i64) -> Option<String> {
    (!(1..=100).contains(&score))
        .then(|| format!("must be a percentage from 1 to 100, not {score}"))
}

fn max_attempts_problem(attempts: i64) -> Option<String> {
    (attempts < 0).then(|| format!("must be 0 (unlimited) or more, not {attempts}"))
}

/// Lesson text must read back as itself: the reader drops blank lines around it and ends it
/// at the first section heading.
fn body_problem(body: &str) -> Option<String> {
    if body.contains('\r') {
        return Some("the lesson text must use \\n line breaks, not \\r".into());
    }
    let lines: Vec<&str> = body.split('\n').collect();
    if trim_blank_lines(&lines) != body {
        return Some("the lesson text must not start or end with blank lines".into());
    }
    if let Some(line) = lines
        .iter()
        .find(|l| section_heading(l, Keyword::Check).is_some())
    {
        return Some(format!(
            "the lesson text may not contain the section heading {line:?}"
        ));
    }
    too_long(body, MAX_BODY).map(|m| format!("the lesson text {m}"))
}

fn resource_problems(link: &ResourceLink) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = one_line_problem(&link.title, MAX_TITLE) {
        out.push(format!("the link title {p}"));
    } else if link.title.contains("](") {
        out.push("the link title must not contain \"](\"".into());
    }
    let site_path = link.url.starts_with('/') && !link.url.starts_with("//");
    let https = link.url.len() > "https://".len() && link.url.starts_with("https://");
    if !(site_path || https) {
        out.push(format!(
            "the link {:?} must start with https:// or with / for a page on this site",
            link.url
        ));
    } else if link
        .url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        out.push(format!("the link {:?} must not contain spaces", link.url));
    }
    out
}

/// Problems with one question; `Some(i)` points at its i-th choice.
fn question_problems(q: &QuestionSpec, in_test: bool) -> Vec<(Option<usize>, String)> {
    let mut out = Vec::new();
    if let Some(p) = one_line_problem(&q.prompt, MAX_PROMPT) {
        out.push((None, format!("the prompt {p}")));
    }
    if in_test && !q.required {
        out.push((None, "test questions are always required".into()));
    }
    let n = q.choices.len();
    if !(2..=MAX_CHOICES).contains(&n) {
        out.push((
            None,
            format!("a question needs 2 to {MAX_CHOICES} choices, not {n}"),
        ));
    }
    let right = q.choices.iter().filter(|c| c.correct).count();
    if right == 0 && n > 0 {
        out.push((
            None,
            "no right answer: mark at least one choice with [x]".into(),
        ));
    } else if right > 1 && !q.multiple {
        out.push((None, format!("{right} choices are marked right, but a single-answer question has exactly one; mark one, or make it \"(all that apply)\"")));
    }
    for (i, choice) in q.choices.iter().enumerate() {
        if let Some(p) = one_line_problem(&choice.text, MAX_PROMPT) {
            out.push((Some(i), format!("the choice text {p}")));
        }
        if let Some(p) = feedback_problem(&choice.feedback) {
            out.push((Some(i), p));
        }
    }
    out
}

fn feedback_problem(feedback: &str) -> Option<String> {
    if feedback.contains('\r') {
        Some("feedback must use \\n line breaks, not \\r".into())
    } else if feedback.split('\n').any(|l| l.trim_end() != l) {
        Some("feedback lines must not end with spaces".into())
    } else {
        None
    }
}

/// Strips whole blank lines (not indentation) from both ends and joins with `\n`.
fn trim_blank_lines(lines: &[&str]) -> String {
    let blank = |l: &&str| l.trim().is_empty();
    let start = lines.iter().position(|l| !blank(l)).unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !blank(l))
        .map_or(start, |i| i + 1);
    lines[start..end].join("\n")
}

// ---------------------------------------------------------------------------------------
// course.toml
// ---------------------------------------------------------------------------------------

/// Keys are optional here so that several missing keys are reported together, rather than
/// serde stopping at the first; `apply_manifest` decides which are required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    slug: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    objectives: Option<Spanned<Vec<Spanned<String>>>>,
    audience: Option<Spanned<Vec<Spanned<String>>>>,
    topics: Option<Spanned<Vec<Spanned<String>>>>,
    language: Option<Spanned<String>>,
    hours: Option<Spanned<RawHours>>,
    ce_hours: Option<Spanned<RawHours>>,
    passing_score: Option<Spanned<i64>>,
    max_attempts: Option<Spanned<i64>>,
    status: Option<Spanned<String>>,
    pretest: Option<Spanned<String>>,
    posttest: Option<Spanned<String>>,
    modules: Option<Spanned<Vec<Spanned<ModuleEntry>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleEntry {
    title: Option<Spanned<String>>,
    lessons: Option<Spanned<Vec<Spanned<String>>>>,
}

/// An hours value as written. Anything that is not a number is kept (described) rather
/// than failing the whole manifest, so it is reported alongside the other problems.
enum RawHours {
    Int(i64),
    Float(f64),
    NotNumber(String),
}

impl<'de> Deserialize<'de> for RawHours {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = RawHours;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of hours, like 2.5")
            }
            fn visit_i64<E>(self, v: i64) -> Result<RawHours, E> {
                Ok(RawHours::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawHours, E> {
                Ok(i64::try_from(v).map_or(RawHours::Float(v as f64), RawHours::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<RawHours, E> {
                Ok(RawHours::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawHours, E> {
                Ok(RawHours::NotNumber(format!("the text {v:?}")))
            }
            fn visit_bool<E>(self, v: bool) -> Result<RawHours, E> {
                Ok(RawHours::NotNumber(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Converts to hundredths of an hour, the unit the spec stores.
fn raw_hours_x100(raw: &RawHours) -> Result<i64, String> {
    match raw {
        RawHours::Int(h) => h
            .checked_mul(100)
            .ok_or_else(|| "is far too large".to_string()),
        RawHours::Float(h) => {
            let x = h * 100.0;
            if !x.is_finite() || x.abs() > 1e15 {
                return Err("is not a usable number of hours".into());
            }
            // Allow for binary rounding (0.29 * 100 = 28.999…) but not a real third decimal.
            let rounded = x.round();
            if (x - rounded).abs() > 1e-6 {
                return Err(format!("{h} has more than two decimals"));
            }
            Ok(rounded as i64)
        }
        RawHours::NotNumber(what) => Err(format!("must be a number like 2.5, not {what}")),
    }
}

fn read_manifest(text: &str) -> Result<Manifest, FileError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        FileError::new(MANIFEST, line, e.message().trim())
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Collects problems; knows the manifest's text so manifest values can be placed by line.
#[derive(Default)]
struct Report {
    manifest: String,
    list: Vec<FileError>,
}

impl Report {
    fn add(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.list.push(FileError::new(file, line, message));
    }

    fn line<T>(&self, at: &Spanned<T>) -> usize {
        line_of(&self.manifest, at.span().start)
    }

    /// Reports a problem with a manifest value at the value's line.
    fn at<T>(&mut self, at: &Spanned<T>, key: &str, problem: Option<String>) {
        if let Some(p) = problem {
            let line = self.line(at);
            self.add(
                MANIFEST,
                line,
                if key.is_empty() {
                    p
                } else {
                    format!("{key} {p}")
                },
            );
        }
    }

    fn need<'m, T>(&mut self, key: &str, value: &'m Option<Spanned<T>>) -> Option<&'m Spanned<T>> {
        if value.is_none() {
            self.add(MANIFEST, 0, format!("missing key `{key}`"));
        }
        value.as_ref()
    }

    fn problems_in(&self, file: &str) -> usize {
        self.list.iter().filter(|e| e.file == file).count()
    }
}

fn blank_spec() -> CourseSpec {
    CourseSpec {
        slug: String::new(),
        title: String::new(),
        summary: String::new(),
        objectives: Vec::new(),
        audience: Vec::new(),
        topics: Vec::new(),
        language: String::new(),
        hours_x100: 0,
        ce_hours_x100: 0,
        passing_score: 0,
        max_attempts: 0,
        published: false,
        modules: Vec::new(),
        pretest: Vec::new(),
        posttest: Vec::new(),
    }
}

fn apply_manifest(
    m: &Manifest,
    files: &BTreeMap<String, String>,
    spec: &mut CourseSpec,
    r: &mut Report,
) {
    apply_about(m, spec, r);
    apply_numbers(m, spec, r);
    let listed = apply_modules(m, files, spec, r);
    spec.pretest = apply_test(&m.pretest, "pretest", PRETEST, files, r);
    spec.posttest = apply_test(&m.posttest, "posttest", POSTTEST, files, r);
    for path in files
        .keys()
        .filter(|p| is_lesson_file(p) && !listed.contains(*p))
    {
        r.add(
            path,
            0,
            "not listed in course.toml; add it to a module's lessons or delete it",
        );
    }
}

/// The descriptive keys: what the course is, who it is for.
fn apply_about(m: &Manifest, spec: &mut CourseSpec, r: &mut Report) {
    if let Some(v) = r.need("slug", &m.slug) {
        r.at(v, "slug", slug_problem(v.get_ref()));
        spec.slug = v.get_ref().clone();
    }
    if let Some(v) = r.need("title", &m.title) {
        r.at(v, "title", one_line_problem(v.get_ref(), MAX_TITLE));
        spec.title = v.get_ref().clone();
    }
    if let Some(v) = r.need("summary", &m.summary) {
        r.at(v, "summary", summary_problem(v.get_ref()));
        spec.summary = v.get_ref().clone();
    }
    if let Some(list) = &m.objectives {
        for item in list.get_ref() {
            r.at(item, "each objective", objective_problem(item.get_ref()));
        }
        spec.objectives = list.get_ref().iter().map(|s| s.get_ref().clone()).collect();
    }
    spec.audience = codes(r, "audience", &m.audience, topics::AUDIENCES);
    spec.topics = codes(r, "topics", &m.topics, topics::TOPICS);
    if let Some(v) = r.need("language", &m.language) {
        r.at(v, "language", language_problem(v.get_ref()));
        spec.language = v.get_ref().clone();
    }
    spec.published = match &m.status {
        // Unpublished is the safe reading of a manifest that does not say.
        None => false,
        Some(v) if v.get_ref() == "published" => true,
        Some(v) if v.get_ref() == "draft" => false,
        Some(v) => {
            r.at(
                v,
                "status",
                Some(format!(
                    "must be \"published\" or \"draft\", not {:?}",
                    v.get_ref()
                )),
            );
            false
        }
    };
}

fn codes(
    r: &mut Report,
    key: &str,
    list: &Option<Spanned<Vec<Spanned<String>>>>,
    allowed: &[&str],
) -> Vec<String> {
    let Some(list) = r.need(key, list) else {
        return Vec::new();
    };
    let values: Vec<String> = list.get_ref().iter().map(|s| s.get_ref().clone()).collect();
    let what = key.trim_end_matches('s');
    for (at, p) in codes_problems(what, &values, allowed) {
        match at {
            Some(i) => r.at(&list.get_ref()[i], "", Some(p)),
            None => r.at(list, "", Some(p)),
        }
    }
    values
}

fn apply_numbers(m: &Manifest, spec: &mut CourseSpec, r: &mut Report) {
    if let Some(v) = r.need("hours", &m.hours) {
        spec.hours_x100 = hours_at(r, v, "hours", false);
    }
    if let Some(v) = &m.ce_hours {
        spec.ce_hours_x100 = hours_at(r, v, "ce_hours", true);
    }
    if let Some(v) = r.need("passing_score", &m.passing_score) {
        r.at(v, "passing_score", passing_score_problem(*v.get_ref()));
        spec.passing_score = *v.get_ref();
    }
    if let Some(v) = &m.max_attempts {
        r.at(v, "max_attempts", max_attempts_problem(*v.get_ref()));
        spec.max_attempts = *v.get_ref();
    }
}

fn hours_at(r: &mut Report, v: &Spanned<RawHours>, key: &str, zero_allowed: bool) -> i64 {
    match raw_hours_x100(v.get_ref()) {
        Ok(x100) => {
            r.at(v, key, hours_problem(x100, zero_allowed));
            x100
        }
        Err(p) => {
            r.at(v, key, Some(p));
            0
        }
    }
}

/// Reads every module and its lessons; returns the lesson paths course.toml lists.
fn apply_modules(
    m: &Manifest,
    files: &BTreeMap<String, String>,
    spec: &mut CourseSpec,
    r: &mut Report,
) -> BTreeSet<String> {
    let mut listed = BTreeSet::new();
    let Some(modules) = r.need("modules", &m.modules) else {
        return listed;
    };
    if modules.get_ref().is_empty() {
        r.at(
            modules,
            "modules",
            Some("is empty; a course needs at least one [[modules]] table".into()),
        );
    }
    for module in modules.get_ref() {
        let entry = module.get_ref();
        let mut out = ModuleSpec {
            title: String::new(),
            lessons: Vec::new(),
        };
        match &entry.title {
            Some(t) => {
                r.at(
                    t,
                    "the module title",
                    one_line_problem(t.get_ref(), MAX_TITLE),
                );
                out.title = t.get_ref().clone();
            }
            None => r.at(module, "this module", Some("has no `title`".into())),
        }
        match &entry.lessons {
            None => r.at(module, "this module", Some("has no `lessons`".into())),
            Some(list) if list.get_ref().is_empty() => r.at(
                list,
                "lessons",
                Some("is empty; a module needs at least one lesson".into()),
            ),
            Some(list) => {
                for path in list.get_ref() {
                    out.lessons
                        .extend(listed_lesson(path, files, &mut listed, r));
                }
            }
        }
        spec.modules.push(out);
    }
    listed
}

fn listed_lesson(
    path: &Spanned<String>,
    files: &BTreeMap<String, String>,
    listed: &mut BTreeSet<String>,
    r: &mut Report,
) -> Option<LessonSpec> {
    let rel = path.get_ref();
    // Recorded even when the path is bad, so the file is not also reported as unlisted.
    if !listed.insert(rel.clone()) {
        r.at(path, "lesson", Some(format!("{rel:?} is listed twice")));
        return None;
    }
    let slug = match lesson_slug(rel) {
        Ok(slug) => slug,
        Err(p) => {
            r.at(path, "lesson", Some(p));
            return None;
        }
    };
    let Some(text) = files.get(rel) else {
        r.at(path, "lesson", Some(format!("file {rel:?} does not exist")));
        return None;
    };
    Some(parse_lesson(rel, slug, text, r))
}

/// A lesson's slug is its file name, so the path must be exactly `lessons/<slug>.md`.
fn lesson_slug(rel: &str) -> Result<&str, String> {
    let stem = rel
        .strip_prefix(LESSON_DIR)
        .and_then(|r| r.strip_suffix(".md"))
        .ok_or_else(|| {
            format!(
                "{rel:?} must be a file in lessons/ ending in .md, like \"lessons/01-intro.md\""
            )
        })?;
    match slug_problem(stem) {
        None => Ok(stem),
        Some(_) => Err(format!(
            "file name {rel:?}: the name before .md is the lesson's slug and must be lowercase letters, digits and hyphens"
        )),
    }
}

fn is_lesson_file(path: &str) -> bool {
    path.starts_with(LESSON_DIR) && path.ends_with(".md")
}

fn lesson_path(slug: &str) -> String {
    format!("{LESSON_DIR}{slug}.md")
}

fn apply_test(
    key_value: &Option<Spanned<String>>,
    key: &str,
    default: &str,
    files: &BTreeMap<String, String>,
    r: &mut Report,
) -> Vec<QuestionSpec> {
    let rel = key_value.as_ref().map_or(default, |v| v.get_ref().as_str());
    if let Some(v) = key_value {
        if !safe_relative_md(rel) {
            r.at(
                v,
                key,
                Some(format!(
                    "{rel:?} must be a .md file inside the course folder"
                )),
            );
            return Vec::new();
        }
    }
    match (files.get(rel), key_value) {
        (Some(text), _) => parse_test(rel, text, r),
        (None, Some(v)) => {
            r.at(v, key, Some(format!("file {rel:?} does not exist")));
            Vec::new()
        }
        (None, None) => {
            r.add(
                rel,
                0,
                format!(
                    "missing: every course needs a {}",
                    if key == "pretest" {
                        "pre-test"
                    } else {
                        "post-test"
                    }
                ),
            );
            Vec::new()
        }
    }
}

fn safe_relative_md(rel: &str) -> bool {
    !rel.starts_with('/')
        && !rel.contains('\\')
        && !rel.contains(':')
        && rel.ends_with(".md")
        && !rel.split('/').any(|c| c == ".." || c.is_empty())
}

/// Without a usable manifest the lessons cannot be known, but the usual files can still be
/// checked on their own so their problems are not hidden until the manifest is fixed.
fn check_files_alone(files: &BTreeMap<String, String>, r: &mut Report) {
    for (path, text) in files {
        if path == PRETEST || path == POSTTEST {
            parse_test(path, text, r);
        } else if is_lesson_file(path) {
            parse_lesson(path, "", text, r);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lessons and tests
// ---------------------------------------------------------------------------------------

/// The word that opens a question heading: `## Check:` in lessons, `## Question:` in tests.
#[derive(Clone, Copy, PartialEq)]
enum Keyword {
    Check,
    Question,
}

impl Keyword {
    fn word(self) -> &'static str {
        match self {
            Keyword::Check => "Check",
            Keyword::Question => "Question",
        }
    }
}

enum Heading<'a> {
    Resources,
    /// Holds what follows the keyword: options and prompt, still to be parsed.
    Question(&'a str),
}

/// Recognises the headings that end a lesson's text. "## Checklist" stays ordinary
/// Markdown: a question heading has `:` or `(` right after the keyword.
fn section_heading(line: &str, keyword: Keyword) -> Option<Heading<'_>> {
    let rest = line.strip_prefix("## ")?.trim();
    if keyword == Keyword::Check && rest == "Resources" {
        return Some(Heading::Resources);
    }
    let after = rest.strip_prefix(keyword.word())?;
    let next = after.trim_start();
    (next.starts_with(':') || next.starts_with('(')).then_some(Heading::Question(after))
}

struct QuestionHead {
    multiple: bool,
    optional: bool,
    prompt: String,
}

fn parse_question_head(after_keyword: &str) -> Result<QuestionHead, String> {
    let mut head = QuestionHead {
        multiple: false,
        optional: false,
        prompt: String::new(),
    };
    let mut rest = after_keyword.trim_start();
    if let Some(inner) = rest.strip_prefix('(') {
        let (options, tail) = inner
            .split_once(')')
            .ok_or("missing `)` after the options")?;
        for option in options.split(',').map(str::trim) {
            match option {
                "optional" => head.optional = true,
                "all that apply" => head.multiple = true,
                other => {
                    return Err(format!(
                        "unknown option {other:?}; use (optional), (all that apply) or (optional, all that apply)"
                    ))
                }
            }
        }
        rest = tail.trim_start();
    }
    let prompt = rest
        .strip_prefix(':')
        .ok_or("expected `:` and then the prompt")?;
    head.prompt = prompt.trim().to_string();
    Ok(head)
}

/// `- [x] text` or `- [ ] text`: (correct, text).
fn choice_line(line: &str) -> Option<(bool, &str)> {
    let rest = line.strip_prefix("- [")?;
    let correct = match rest.get(..1)? {
        "x" | "X" => true,
        " " => false,
        _ => return None,
    };
    let text = rest[1..].strip_prefix(']')?;
    (text.is_empty() || text.starts_with(' ')).then(|| (correct, text.trim()))
}

/// `  > text` (or `  >` for an empty line within longer feedback).
fn feedback_line(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("  >")?;
    Some(rest.strip_prefix(' ').unwrap_or(rest).trim_end())
}

/// `- [Title](url)`; the URL runs to the last `)` so addresses with parentheses survive.
fn resource_line(line: &str) -> Option<ResourceLink> {
    let rest = line.trim_end().strip_prefix("- [")?;
    let (title, tail) = rest.split_once("](")?;
    let url = tail.strip_suffix(')')?;
    Some(ResourceLink {
        title: title.trim().to_string(),
        url: url.trim().to_string(),
    })
}

struct ChoiceDraft {
    line: usize,
    text: String,
    correct: bool,
    feedback: Vec<String>,
}

/// A question being read: its heading line, what the heading said (None when it was
/// malformed and already reported) and its choices.
struct QuestionDraft {
    line: usize,
    head: Option<QuestionHead>,
    choices: Vec<ChoiceDraft>,
}

impl QuestionDraft {
    fn take_line(&mut self, file: &str, n: usize, line: &str, r: &mut Report) {
        if line.trim().is_empty() {
            return;
        }
        if let Some((correct, text)) = choice_line(line) {
            self.choices.push(ChoiceDraft {
                line: n,
                text: text.to_string(),
                correct,
                feedback: Vec::new(),
            });
        } else if let Some(text) = feedback_line(line) {
            match self.choices.last_mut() {
                Some(choice) => choice.feedback.push(text.to_string()),
                None => r.add(
                    file,
                    n,
                    "feedback (`  > …`) must come after the choice it belongs to",
                ),
            }
        } else {
            r.add(file, n, "expected a choice (`- [x] …` for a right answer, `- [ ] …` for a wrong one) or feedback indented two spaces (`  > …`)");
        }
    }

    fn finish(self, file: &str, keyword: Keyword, r: &mut Report) -> Option<QuestionSpec> {
        let head = self.head?;
        let lines: Vec<usize> = self.choices.iter().map(|c| c.line).collect();
        let q = QuestionSpec {
            prompt: head.prompt,
            multiple: head.multiple,
            required: keyword == Keyword::Question || !head.optional,
            choices: self
                .choices
                .into_iter()
                .map(|c| ChoiceSpec {
                    text: c.text,
                    correct: c.correct,
                    feedback: c.feedback.join("\n"),
                })
                .collect(),
        };
        for (at, p) in question_problems(&q, keyword == Keyword::Question) {
            r.add(file, at.map_or(self.line, |i| lines[i]), p);
        }
        Some(q)
    }
}

enum Part {
    Text,
    Resources,
    Question(QuestionDraft),
}

/// What a lesson or test file holds after its title.
#[derive(Default)]
struct Sections {
    text: Vec<String>,
    resources: Vec<ResourceLink>,
    questions: Vec<QuestionSpec>,
    headings: usize,
}

/// Reads numbered lines into text, resources and questions. In a test (`Keyword::Question`)
/// only questions are allowed, so any text is reported.
fn read_sections<'t>(
    file: &str,
    lines: impl Iterator<Item = (usize, &'t str)>,
    keyword: Keyword,
    r: &mut Report,
) -> Sections {
    let mut out = Sections::default();
    let mut part = Part::Text;
    for (n, line) in lines {
        if let Some(heading) = section_heading(line, keyword) {
            close_part(part, file, keyword, &mut out, r);
            out.headings += 1;
            part = match heading {
                Heading::Resources => Part::Resources,
                Heading::Question(after) => {
                    Part::Question(start_question(file, n, after, keyword, r))
                }
            };
            continue;
        }
        match &mut part {
            Part::Text if keyword == Keyword::Check => out.text.push(line.to_string()),
            Part::Text if !line.trim().is_empty() => {
                r.add(file, n, "a test holds only questions, each starting with `## Question: prompt` or `## Question (all that apply): prompt`")
            }
            Part::Text => {}
            Part::Resources => read_resource(file, n, line, &mut out.resources, r),
            Part::Question(draft) => draft.take_line(file, n, line, r),
        }
    }
    close_part(part, file, keyword, &mut out, r);
    out
}

fn start_question(
    file: &str,
    n: usize,
    after: &str,
    keyword: Keyword,
    r: &mut Report,
) -> QuestionDraft {
    let head = match parse_question_head(after) {
        Ok(head) if head.optional && keyword == Keyword::Question => {
            r.add(
                file,
                n,
                "test questions are always required; remove \"optional\"",
            );
            Some(head)
        }
        Ok(head) => Some(head),
        Err(p) => {
            r.add(file, n, p);
            None
        }
    };
    QuestionDraft {
        line: n,
        head,
        choices: Vec::new(),
    }
}

fn close_part(part: Part, file: &str, keyword: Keyword, out: &mut Sections, r: &mut Report) {
    if let Part::Question(draft) = part {
        out.questions.extend(draft.finish(file, keyword, r));
    }
}

fn read_resource(
    file: &str,
    n: usize,
    line: &str,
    resources: &mut Vec<ResourceLink>,
    r: &mut Report,
) {
    if line.trim().is_empty() {
        return;
    }
    match resource_line(line) {
        Some(link) => {
            for p in resource_problems(&link) {
                r.add(file, n, p);
            }
            resources.push(link);
        }
        None => r.add(
            file,
            n,
            "expected a link on its own line, like `- [Title](https://example.org/file.pdf)`",
        ),
    }
}

/// Numbers lines from 1; `str::lines` also drops the `\r` of CRLF files.
fn numbered(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l))
}

fn parse_lesson(file: &str, slug: &str, text: &str, r: &mut Report) -> LessonSpec {
    let mut lines = numbered(text)
        .skip_while(|(_, l)| l.trim().is_empty())
        .peekable();
    let mut title = String::new();
    match lines.peek() {
        None => r.add(
            file,
            0,
            "the file is empty; a lesson starts with its title, like `# What voluntary means`",
        ),
        Some(&(n, first)) => match first.strip_prefix("# ") {
            Some(t) => {
                title = t.trim().to_string();
                if let Some(p) = one_line_problem(&title, MAX_TITLE) {
                    r.add(file, n, format!("the title {p}"));
                }
                lines.next();
            }
            // Keep the line as text so the rest of the file is still checked.
            None => r.add(
                file,
                n,
                "a lesson starts with its title as a level-one heading, like `# What voluntary means`",
            ),
        },
    }
    let sections = read_sections(file, lines, Keyword::Check, r);
    let body = trim_blank_lines(&sections.text.iter().map(String::as_str).collect::<Vec<_>>());
    if let Some(p) = too_long(&body, MAX_BODY) {
        r.add(file, 0, format!("the lesson text {p}"));
    }
    LessonSpec {
        slug: slug.to_string(),
        title,
        body,
        resources: sections.resources,
        checks: sections.questions,
    }
}

fn parse_test(file: &str, text: &str, r: &mut Report) -> Vec<QuestionSpec> {
    let before = r.problems_in(file);
    let sections = read_sections(file, numbered(text), Keyword::Question, r);
    if sections.headings == 0 && r.problems_in(file) == before {
        r.add(
            file,
            0,
            "has no questions; add at least one `## Question: prompt` with its choices",
        );
    }
    sections.questions
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
struct ManifestOut<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    objectives: &'a [String],
    audience: &'a [String],
    topics: &'a [String],
    language: &'a str,
    hours: HoursOut,
    ce_hours: HoursOut,
    passing_score: i64,
    max_attempts: i64,
    status: &'static str,
    pretest: &'static str,
    posttest: &'static str,
    modules: Vec<ModuleOut<'a>>,
}

#[derive(Serialize)]
struct ModuleOut<'a> {
    title: &'a str,
    lessons: Vec<String>,
}

/// Whole hours as a TOML integer ("2"), others as a float ("1.5", "0.75"), as the README
/// shows them; both read back to the same hundredths.
#[derive(Serialize)]
#[serde(untagged)]
enum HoursOut {
    Whole(i64),
    Fraction(f64),
}

impl HoursOut {
    fn from_x100(x100: i64) -> Self {
        if x100 % 100 == 0 {
            HoursOut::Whole(x100 / 100)
        } else {
            HoursOut::Fraction(x100 as f64 / 100.0)
        }
    }
}

fn render_manifest(spec: &CourseSpec) -> String {
    let out = ManifestOut {
        slug: &spec.slug,
        title: &spec.title,
        summary: &spec.summary,
        objectives: &spec.objectives,
        audience: &spec.audience,
        topics: &spec.topics,
        language: &spec.language,
        hours: HoursOut::from_x100(spec.hours_x100),
        ce_hours: HoursOut::from_x100(spec.ce_hours_x100),
        passing_score: spec.passing_score,
        max_attempts: spec.max_attempts,
        status: if spec.published { "published" } else { "draft" },
        pretest: PRETEST,
        posttest: POSTTEST,
        modules: spec
            .modules
            .iter()
            .map(|m| ModuleOut {
                title: &m.title,
                lessons: m.lessons.iter().map(|l| lesson_path(&l.slug)).collect(),
            })
            .collect(),
    };
    // Only strings, numbers and arrays of them: serialising this cannot fail.
    toml::to_string_pretty(&out).expect("course manifest serialises")
}

fn render_lesson(lesson: &LessonSpec) -> String {
    let mut out = format!("# {}\n", lesson.title);
    if !lesson.body.is_empty() {
        out.push('\n');
        out.push_str(&lesson.body);
        out.push('\n');
    }
    if !lesson.resources.is_empty() {
        out.push_str("\n## Resources\n\n");
        for link in &lesson.resources {
            out.push_str(&format!("- [{}]({})\n", link.title, link.url));
        }
    }
    for q in &lesson.checks {
        out.push('\n');
        render_question(&mut out, q, Keyword::Check);
    }
    out
}

fn render_questions(questions: &[QuestionSpec], keyword: Keyword) -> String {
    let mut out = String::new();
    for (i, q) in questions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_question(&mut out, q, keyword);
    }
    out
}

fn render_question(out: &mut String, q: &QuestionSpec, keyword: Keyword) {
    let optional = keyword == Keyword::Check && !q.required;
    let options = match (optional, q.multiple) {
        (true, true) => " (optional, all that apply)",
        (true, false) => " (optional)",
        (false, true) => " (all that apply)",
        (false, false) => "",
    };
    out.push_str(&format!("## {}{options}: {}\n", keyword.word(), q.prompt));
    for choice in &q.choices {
        out.push_str(&format!(
            "- [{}] {}\n",
            if choice.correct { "x" } else { " " },
            choice.text
        ));
        // No feedback at all writes no lines; an empty line inside feedback writes a bare `>`.
        let feedback = choice
            .feedback
            .split('\n')
            .filter(|_| !choice.feedback.is_empty());
        for line in feedback {
            out.push_str(&if line.is_empty() {
                "  >\n".to_string()
            } else {
                format!("  > {line}\n")
            });
        }
    }
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

fn all_lessons(spec: &CourseSpec) -> impl Iterator<Item = &LessonSpec> {
    spec.modules.iter().flat_map(|m| m.lessons.iter())
}

fn sorted(mut list: Vec<FileError>) -> Vec<FileError> {
    // Stable, so problems on one line keep the order they were found in.
    list.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    list
}

/// Loads the text files of a course folder (`.toml` and `.md`, skipping hidden entries)
/// keyed by their path relative to the folder.
fn collect_files(
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, String>,
    problems: &mut Vec<FileError>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            return problems.push(FileError::new(
                prefix.trim_end_matches('/'),
                0,
                format!("cannot read folder: {e}"),
            ))
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        // Symlinked folders are not followed, so a link loop cannot trap the reader.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        if kind.is_dir() {
            collect_files(&entry.path(), &format!("{rel}/"), files, problems);
        } else if name.ends_with(".md") || name.ends_with(".toml") {
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    let text = match String::from_utf8(bytes) {
                        Ok(text) => text,
                        Err(e) => {
                            problems.push(FileError::new(&rel, 0, "is not UTF-8 text"));
                            String::from_utf8_lossy(e.as_bytes()).into_owned()
                        }
                    };
                    // Some Windows editors start files with a byte-order mark; it is not content.
                    files.insert(
                        rel,
                        text.strip_prefix('\u{feff}')
                            .map(str::to_string)
                            .unwrap_or(text),
                    );
                }
                Err(e) => problems.push(FileError::new(&rel, 0, format!("cannot read: {e}"))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    const MANIFEST_OK: &str = r#"slug = "voluntary-services-in-practice"
title = "Voluntary Services in Practice"
summary = "Why help must never be a condition of housing."
objectives = [
  "Explain why services must never be a condition of housing.",
  "Rewrite a mandatory rule as a voluntary offer.",
]
audience = ["shelter", "case_management"]
topics = ["voluntary_services", "housing"]
language = "en"
hours = 2.5
ce_hours = 0
passing_score = 80
max_attempts = 3
status = "published"
pretest = "pretest.md"
posttest = "posttest.md"

[[modules]]
title = "Why voluntary"
lessons = ["lessons/01-what-voluntary-means.md"]

[[modules]]
title = "Putting it into practice"
lessons = ["lessons/02-offering.md"]
"#;

    // Note the leading blank line and the trailing spaces after "written.": both deliberate.
    const LESSON_ONE: &str = "
# What voluntary means

Services are offered, never required.

  Indented, kept as written.\x20\x20

## Resources

- [Guide (PDF)](https://example.org/guide.pdf)
- [Our policy](/resources/policy)

## Check: A resident asks to keep her phone. What does a voluntary program do?
- [ ] Keeps it in the office for the first 30 days
  > Holding phones repeats a trafficker's control.
  > It also cuts off safety contacts.

- [x] Lets her keep it and offers tech-safety planning
  > Yes.

## Check (optional, all that apply): Which are offers?
- [X] A weekly group she may join
- [x] A caseworker she can call
- [ ] A curfew
";

    const LESSON_TWO: &str =
        "# Offering, not requiring\n\n## Checklist for intake\n\nAsk, do not demand.\n";

    const TEST: &str = "## Question: Can housing depend on attending groups?
- [ ] Yes
- [x] No

## Question (all that apply): Which are voluntary?
- [x] Optional groups
- [x] Drop-in counselling
- [ ] Mandatory curfew
  > Rules like this control.
";

    fn good_folder() -> BTreeMap<String, String> {
        folder(&[
            ("course.toml", MANIFEST_OK),
            ("lessons/01-what-voluntary-means.md", LESSON_ONE),
            ("lessons/02-offering.md", LESSON_TWO),
            ("pretest.md", TEST),
            ("posttest.md", TEST),
        ])
    }

    fn choice(text: &str, correct: bool, feedback: &str) -> ChoiceSpec {
        ChoiceSpec {
            text: text.into(),
            correct,
            feedback: feedback.into(),
        }
    }

    fn test_questions() -> Vec<QuestionSpec> {
        vec![
            QuestionSpec {
                prompt: "Can housing depend on attending groups?".into(),
                multiple: false,
                required: true,
                choices: vec![choice("Yes", false, ""), choice("No", true, "")],
            },
            QuestionSpec {
                prompt: "Which are voluntary?".into(),
                multiple: true,
                required: true,
                choices: vec![
                    choice("Optional groups", true, ""),
                    choice("Drop-in counselling", true, ""),
                    choice("Mandatory curfew", false, "Rules like this control."),
                ],
            },
        ]
    }

    fn expected_spec() -> CourseSpec {
        CourseSpec {
            slug: "voluntary-services-in-practice".into(),
            title: "Voluntary Services in Practice".into(),
            summary: "Why help must never be a condition of housing.".into(),
            objectives: vec![
                "Explain why services must never be a condition of housing.".into(),
                "Rewrite a mandatory rule as a voluntary offer.".into(),
            ],
            audience: vec!["shelter".into(), "case_management".into()],
            topics: vec!["voluntary_services".into(), "housing".into()],
            language: "en".into(),
            hours_x100: 250,
            ce_hours_x100: 0,
            passing_score: 80,
            max_attempts: 3,
            published: true,
            modules: vec![
                ModuleSpec {
                    title: "Why voluntary".into(),
                    lessons: vec![LessonSpec {
                        slug: "01-what-voluntary-means".into(),
                        title: "What voluntary means".into(),
                        body: "Services are offered, never required.\n\n  Indented, kept as written.  ".into(),
                        resources: vec![
                            ResourceLink { title: "Guide (PDF)".into(), url: "https://example.org/guide.pdf".into() },
                            ResourceLink { title: "Our policy".into(), url: "/resources/policy".into() },
                        ],
                        checks: vec![
                            QuestionSpec {
                                prompt: "A resident asks to keep her phone. What does a voluntary program do?".into(),
                                multiple: false,
                                required: true,
                                choices: vec![
                                    choice(
                                        "Keeps it in the office for the first 30 days",
                                        false,
                                        "Holding phones repeats a trafficker's control.\nIt also cuts off safety contacts.",
                                    ),
                                    choice("Lets her keep it and offers tech-safety planning", true, "Yes."),
                                ],
                            },
                            QuestionSpec {
                                prompt: "Which are offers?".into(),
                                multiple: true,
                                required: false,
                                choices: vec![
                                    choice("A weekly group she may join", true, ""),
                                    choice("A caseworker she can call", true, ""),
                                    choice("A curfew", false, ""),
                                ],
                            },
                        ],
                    }],
                },
                ModuleSpec {
                    title: "Putting it into practice".into(),
                    lessons: vec![LessonSpec {
                        slug: "02-offering".into(),
                        title: "Offering, not requiring".into(),
                        body: "## Checklist for intake\n\nAsk, do not demand.".into(),
                        resources: vec![],
                        checks: vec![],
                    }],
                },
            ],
            pretest: test_questions(),
            posttest: test_questions(),
        }
    }

    /// (file, line, a fragment of the message)
    fn assert_errors(got: &[FileError], want: &[(&str, usize, &str)]) {
        let shown: Vec<String> = got.iter().map(|e| e.to_string()).collect();
        assert_eq!(got.len(), want.len(), "errors: {shown:#?}");
        for (e, (file, line, fragment)) in got.iter().zip(want) {
            assert_eq!(
                (e.file.as_str(), e.line),
                (*file, *line),
                "errors: {shown:#?}"
            );
            assert!(
                e.message.contains(fragment),
                "{e} should mention {fragment:?}; errors: {shown:#?}"
            );
        }
    }

    #[test]
    fn a_valid_folder_reads_as_expected() {
        assert_eq!(parse(&good_folder()), Ok(expected_spec()));
        assert!(validate(&expected_spec()).is_empty());
    }

    #[test]
    fn optional_keys_have_safe_defaults() {
        let mut files = good_folder();
        let trimmed: String = MANIFEST_OK
            .lines()
            .filter(|l| {
                ![
                    "objectives",
                    "  \"",
                    "]",
                    "ce_hours",
                    "max_attempts",
                    "status",
                    "pretest",
                    "posttest",
                ]
                .iter()
                .any(|k| l.starts_with(k))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        files.insert("course.toml".into(), trimmed);
        let spec = parse(&files).unwrap();
        assert_eq!(
            (
                spec.objectives.len(),
                spec.ce_hours_x100,
                spec.max_attempts,
                spec.published
            ),
            (0, 0, 0, false)
        );
        files.remove("posttest.md");
        assert_errors(
            &parse(&files).unwrap_err(),
            &[("posttest.md", 0, "missing: every course needs a post-test")],
        );
    }

    fn tricky_spec() -> CourseSpec {
        let mut spec = expected_spec();
        spec.title = "\"Quoted\" 'and' back\\slash # not a comment".into();
        spec.summary =
            "Line one\n\nLine three with \"quotes\", 'apostrophes', ''' and \"\"\" and a tab\t.\n"
                .into();
        spec.objectives = vec![
            "C:\\path\\n is not a newline".into(),
            "Ünïcödé — ok".into(),
            "'single' \"double\"".into(),
        ];
        spec.hours_x100 = 75;
        spec.ce_hours_x100 = 1;
        spec.max_attempts = 0;
        spec.published = false;
        let lesson = &mut spec.modules[0].lessons[0];
        lesson.body = "First paragraph.\n\n\n## Resources for managers\n   ## Resources\n\tTabbed line  \n# A level-one heading in the text".into();
        lesson.resources.push(ResourceLink {
            title: "Wiki [stub]".into(),
            url: "https://en.wikipedia.org/wiki/Foo_(bar)".into(),
        });
        lesson.checks[0].choices[0].feedback = "First\n\n  indented second\n".into();
        lesson.checks[0].choices[1].feedback = String::new();
        lesson.checks[1].required = true;
        spec.modules[1].lessons[0].body = String::new();
        spec.modules[1].title = "Module with \"quotes\" and \\".into();
        spec.posttest[0].choices[1].feedback = "\n".into();
        spec
    }

    #[test]
    fn render_then_parse_gives_back_the_same_spec() {
        let fixed = tricky_spec();
        // The body holds "## Resources" only indented or with more words, which are not headings.
        assert_eq!(validate(&fixed), Vec::<String>::new());
        let files = render(&fixed);
        assert_eq!(parse(&files), Ok(fixed.clone()), "{files:#?}");
        for x100 in [1, 5, 29, 75, 150, 200, 333, 1001, 100_000] {
            let mut spec = fixed.clone();
            spec.hours_x100 = x100;
            assert_eq!(parse(&render(&spec)).map(|s| s.hours_x100), Ok(x100));
        }
        assert_eq!(parse(&render(&expected_spec())), Ok(expected_spec()));
    }

    #[test]
    fn write_dir_then_read_dir_round_trips_and_drops_stale_lessons() {
        let dir = std::env::temp_dir().join(format!("tta-course-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("lessons")).unwrap();
        std::fs::write(dir.join("lessons/old-lesson.md"), "# Old\n").unwrap();
        std::fs::write(dir.join("lessons/picture.png"), [0xff, 0x00]).unwrap();
        let spec = tricky_spec();
        write_dir(&spec, &dir).unwrap();
        assert!(!dir.join("lessons/old-lesson.md").exists());
        assert_eq!(read_dir(&dir), Ok(spec));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn validate_refuses_what_files_cannot_hold() {
        let mut spec = expected_spec();
        spec.modules[0].lessons[0].body = "\nStarts blank".into();
        spec.modules[0].lessons[0].title = "Two\nlines".into();
        spec.modules[1].lessons[0].body = "Text\n## Check: sneaky".into();
        spec.modules[1].lessons[0].slug = "01-what-voluntary-means".into();
        spec.pretest[0].required = false;
        spec.topics.push("housing".into());
        spec.audience.push("landlord".into());
        let problems = validate(&spec).join("\n");
        for fragment in [
            "blank lines",
            "single line",
            "section heading",
            "two lessons have this slug",
            "always required",
            "listed twice",
            "unknown audience \"landlord\"",
        ] {
            assert!(
                problems.contains(fragment),
                "{fragment:?} missing from:\n{problems}"
            );
        }
        let mut untidy = expected_spec();
        untidy.title = "  Padded  ".into();
        untidy.modules[0].lessons[0].body = "\r\n\r\nText\r\nmore\r\n\r\n".into();
        untidy.posttest[0].choices[0].feedback = "Trailing  \r\nspace ".into();
        assert_eq!(validate(&untidy).len(), 3);
        normalize(&mut untidy);
        assert_eq!(validate(&untidy), Vec::<String>::new());
        assert_eq!(untidy.modules[0].lessons[0].body, "Text\nmore");
    }

    #[test]
    fn a_broken_folder_reports_every_problem_with_file_and_line() {
        let manifest = MANIFEST_OK
            .replace("\"voluntary_services\", \"housing\"", "\"voluntary_services\", \"foo\"")
            .replace("hours = 2.5", "hours = -1")
            .replace("ce_hours = 0", "ce_hours = \"abc\"")
            .replace("passing_score = 80", "passing_score = 0")
            .replace("status = \"published\"", "status = \"live\"")
            .replace("lessons = [\"lessons/02-offering.md\"]", "lessons = [\"lessons/02-offering.md\", \"lessons/03-missing.md\", \"lessons/02-offering.md\", \"lessons/Bad.md\"]");
        let lesson = "# A lesson\n\nText.\n\n## Check: Pick one\n- [x] This\n- [x] That\nstray line\n- [ ] Other\n\n## Resources\n- [Site](http://insecure.example)\nnot a link\n\n## Check (sometimes): Bad options\n- [x] a\n- [ ] b\n";
        let files = folder(&[
            ("course.toml", &manifest),
            ("lessons/01-what-voluntary-means.md", lesson),
            (
                "lessons/02-offering.md",
                "No title here\n\n## Check: Only one choice\n- [x] alone\n  > fine\n",
            ),
            ("lessons/99-unlisted.md", "# Unlisted\n"),
            (
                "pretest.md",
                "# Pre-test\n\n## Question (optional): Q?\n- [x] a\n- [ ] b\n",
            ),
        ]);
        let errors = parse(&files).unwrap_err();
        assert_errors(
            &errors,
            &[
                ("course.toml", 9, "unknown topic \"foo\""),
                ("course.toml", 11, "hours must not be negative"),
                (
                    "course.toml",
                    12,
                    "ce_hours must be a number like 2.5, not the text \"abc\"",
                ),
                ("course.toml", 13, "passing_score must be a percentage"),
                (
                    "course.toml",
                    15,
                    "status must be \"published\" or \"draft\"",
                ),
                (
                    "course.toml",
                    17,
                    "posttest file \"posttest.md\" does not exist",
                ),
                (
                    "course.toml",
                    25,
                    "\"lessons/03-missing.md\" does not exist",
                ),
                (
                    "course.toml",
                    25,
                    "\"lessons/02-offering.md\" is listed twice",
                ),
                (
                    "course.toml",
                    25,
                    "the name before .md is the lesson's slug",
                ),
                (
                    "lessons/01-what-voluntary-means.md",
                    5,
                    "2 choices are marked right",
                ),
                ("lessons/01-what-voluntary-means.md", 8, "expected a choice"),
                (
                    "lessons/01-what-voluntary-means.md",
                    12,
                    "must start with https://",
                ),
                ("lessons/01-what-voluntary-means.md", 13, "expected a link"),
                (
                    "lessons/01-what-voluntary-means.md",
                    15,
                    "unknown option \"sometimes\"",
                ),
                ("lessons/02-offering.md", 1, "starts with its title"),
                ("lessons/02-offering.md", 3, "needs 2 to 8 choices, not 1"),
                ("lessons/99-unlisted.md", 0, "not listed in course.toml"),
                ("pretest.md", 1, "a test holds only questions"),
                ("pretest.md", 3, "always required"),
            ],
        );
        assert_eq!(errors[0].to_string(), "course.toml:9: unknown topic \"foo\"; use one of: voluntary_services, trauma_informed, rights_based, labor_trafficking, sex_trafficking, housing, safety_planning, harm_reduction, legal_immigration, survivor_leadership, youth, organizational_policy");
        assert_eq!(
            errors[16].to_string(),
            "lessons/99-unlisted.md: not listed in course.toml; add it to a module's lessons or delete it"
        );
    }

    #[test]
    fn a_manifest_syntax_error_still_lets_other_files_be_checked() {
        let mut files = good_folder();
        files.insert(
            "course.toml".into(),
            MANIFEST_OK.replace("language = \"en\"", "language = \"en"),
        );
        files.insert(
            "posttest.md".into(),
            "## Question: Q?\n- [x] a\n- [x] b\n".into(),
        );
        files.insert(
            "lessons/02-offering.md".into(),
            "# T\n\n## Check: Q\n  > feedback first\n- [x] a\n- [ ] b\n".into(),
        );
        assert_errors(
            &parse(&files).unwrap_err(),
            &[
                ("course.toml", 10, "invalid basic string"),
                ("lessons/02-offering.md", 4, "must come after the choice"),
                ("posttest.md", 1, "single-answer question has exactly one"),
            ],
        );
    }

    #[test]
    fn manifest_key_problems_carry_their_lines() {
        let mut files = good_folder();
        files.insert(
            "course.toml".into(),
            MANIFEST_OK.replace("max_attempts = 3", "max_attempts = 3\ncolour = \"red\""),
        );
        assert_errors(
            &parse(&files).unwrap_err(),
            &[("course.toml", 15, "unknown field `colour`")],
        );

        files.insert(
            "course.toml".into(),
            MANIFEST_OK
                .replace("hours = 2.5", "hours = 1.234")
                .replace("language = \"en\"", "language = \"fr\"")
                .replace("max_attempts = 3", "max_attempts = -1")
                .replace("title = \"Voluntary Services in Practice\"", "title = \"\"")
                .replace(
                    "slug = \"voluntary-services-in-practice\"",
                    "slug = \"-Bad\"",
                )
                .replace(
                    "lessons = [\"lessons/02-offering.md\"]",
                    "lessons = []\n\n[[modules]]\ntitle = \"No lessons key\"",
                ),
        );
        assert_errors(
            &parse(&files).unwrap_err(),
            &[
                ("course.toml", 1, "not a valid slug"),
                ("course.toml", 2, "title must not be empty"),
                ("course.toml", 10, "unknown language \"fr\""),
                ("course.toml", 11, "more than two decimals"),
                (
                    "course.toml",
                    14,
                    "max_attempts must be 0 (unlimited) or more",
                ),
                ("course.toml", 25, "lessons is empty"),
                ("course.toml", 27, "has no `lessons`"),
                ("lessons/02-offering.md", 0, "not listed"),
            ],
        );

        files.insert("course.toml".into(), "slug = \"x\"\nmodules = []\n".into());
        assert_errors(
            &parse(&files).unwrap_err(),
            &[
                ("course.toml", 0, "missing key `title`"),
                ("course.toml", 0, "missing key `summary`"),
                ("course.toml", 0, "missing key `audience`"),
                ("course.toml", 0, "missing key `topics`"),
                ("course.toml", 0, "missing key `language`"),
                ("course.toml", 0, "missing key `hours`"),
                ("course.toml", 0, "missing key `passing_score`"),
                ("course.toml", 2, "modules is empty"),
                ("lessons/01-what-voluntary-means.md", 0, "not listed"),
                ("lessons/02-offering.md", 0, "not listed"),
            ],
        );
    }

    #[test]
    fn display_formats() {
        assert_eq!(
            FileError::new("lessons/01-x.md", 12, "bad").to_string(),
            "lessons/01-x.md:12: bad"
        );
        assert_eq!(
            FileError::new("posttest.md", 0, "missing").to_string(),
            "posttest.md: missing"
        );
        assert_eq!(
            FileError::new("", 0, "title: too long").to_string(),
            "title: too long"
        );
    }
}
