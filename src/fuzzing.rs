//! Entry points for fuzzing every parser of outside input.
//!
//! Each function takes arbitrary bytes, runs one parser on them and checks what must hold
//! for any input (no panic, offsets inside the text, a round trip that keeps its meaning).
//! The coverage-guided targets in `fuzz/` (cargo fuzz, run by `scripts/fuzz`) call these,
//! and so does a short, seeded run over the kept corpus in the test suite, so both always
//! exercise the same code.

use std::collections::BTreeMap;

/// A target: its name (the folder under `fuzz/corpus/`) and the function.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, in the order `scripts/fuzz` runs them.
pub const TARGETS: &[Target] = &[
    ("document", document),
    ("pdf", pdf),
    ("docx", docx),
    ("html", html),
    ("review", review),
    ("course_files", course_files),
    ("library_csv", library_csv),
    ("library_toml", library_toml),
    ("markdown", markdown),
    ("form_input", form_input),
    ("json_input", json_input),
    ("next_param", next_param),
];

/// The PDF reader (`pdf-extract` and the `lopdf` parser under it) panics on some malformed
/// files; the extractor catches that and tells the person the PDF could not be read. This
/// hook keeps those caught panics quiet, and treats a panic anywhere else as what it is: a
/// bug (with `abort_on_others`, as libFuzzer needs; otherwise reported as usual).
pub fn quiet_known_panics(abort_on_others: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let file = info.location().map(|l| l.file()).unwrap_or("");
        if file.contains("/pdf-extract-") || file.contains("/lopdf-") {
            return;
        }
        previous(info);
        if abort_on_others {
            std::process::abort();
        }
    }));
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Any upload, with its kind detected from the content.
pub fn document(data: &[u8]) {
    if let Ok(t) = tta_review::extract(data, None, None) {
        check_review(&t);
    }
}

/// An upload named as a PDF.
pub fn pdf(data: &[u8]) {
    let _ = tta_review::extract(data, Some("rules.pdf"), Some("application/pdf"));
}

/// An upload named as a Word file.
pub fn docx(data: &[u8]) {
    let _ = tta_review::extract(data, Some("rules.docx"), None);
}

/// An HTML page pasted or uploaded.
pub fn html(data: &[u8]) {
    let _ = tta_review::extract::html_to_text(&text(data));
}

/// The splitter and the rules engine on any text.
pub fn review(data: &[u8]) {
    check_review(&text(data));
}

fn check_review(t: &str) {
    for seg in tta_review::split(t) {
        assert!(
            seg.start <= seg.end && seg.end <= t.len(),
            "segment outside the text"
        );
        assert!(
            t.is_char_boundary(seg.start) && t.is_char_boundary(seg.end),
            "segment cuts a character"
        );
    }
    let report = tta_review::review(t);
    for f in &report.findings {
        assert!(
            f.start <= f.end && f.end <= t.len(),
            "finding outside the text"
        );
        assert!(
            t.is_char_boundary(f.start) && t.is_char_boundary(f.end),
            "finding cuts a character"
        );
    }
}

/// A course folder: the input is split into files at lines `=== path`.
pub fn course_files(data: &[u8]) {
    let mut files = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut body = String::new();
    for line in text(data).split_inclusive('\n') {
        if let Some(n) = line.strip_prefix("=== ") {
            if let Some(prev) = name.take() {
                files.insert(prev, std::mem::take(&mut body));
            }
            name = Some(n.trim().to_string());
        } else {
            body.push_str(line);
        }
    }
    if let Some(prev) = name {
        files.insert(prev, body);
    }
    if let Ok(spec) = crate::courses::files::parse(&files) {
        // A valid course is exactly one that survives being written out and read back.
        let again = crate::courses::files::parse(&crate::courses::files::render(&spec))
            .expect("a rendered course parses");
        assert_eq!(
            format!("{spec:?}"),
            format!("{again:?}"),
            "a course changed in a round trip"
        );
    }
}

/// The library's `library.csv` manifest.
pub fn library_csv(data: &[u8]) {
    let _ = crate::library::import::parse_csv(data);
}

/// The library's `library.toml` manifest.
pub fn library_toml(data: &[u8]) {
    let _ = crate::library::import::parse_toml(&text(data));
}

/// Course and library Markdown, rendered and sanitised.
pub fn markdown(data: &[u8]) {
    let t = text(data);
    let html = crate::markdown::to_html(&t, "video");
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "a script survived sanitising"
    );
    let _ = crate::markdown::to_text(&t);
}

/// A URL-encoded form or query string through the input boundary.
pub fn form_input(data: &[u8]) {
    for (k, v) in url::form_urlencoded::parse(data) {
        for s in [crate::web::input::clean(&k), crate::web::input::clean(&v)] {
            assert!(
                !s.chars().any(crate::web::input::unwanted),
                "a control character passed the boundary"
            );
        }
    }
}

/// A JSON body through the input boundary.
pub fn json_input(data: &[u8]) {
    if let Ok(v) = crate::web::input::json_from_slice::<serde_json::Value>(data) {
        let out = v.to_string();
        assert!(!out.contains("\\u0000"), "a NUL passed the boundary");
    }
}

/// The `next` address after signing in: always a path on this site that a Location header
/// can carry.
pub fn next_param(data: &[u8]) {
    let n = crate::web::form::safe_next(Some(&text(data)));
    assert!(
        n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\"),
        "not a local path: {n:?}"
    );
    assert!(
        axum::http::HeaderValue::from_str(&n).is_ok(),
        "not a valid Location: {n:?}"
    );
    assert!(
        n.parse::<axum::http::Uri>().is_ok(),
        "not a valid address: {n:?}"
    );
}

/// A short, seeded, coverage-blind run of one target: every input kept in `corpus`, then
/// `rounds` mutations of them (bit flips, byte changes, cut, repeated and spliced ranges,
/// and tokens the parsers care about). It is what the test suite runs on every change; the
/// long coverage-guided runs are `scripts/fuzz`. Returns how many inputs ran.
pub fn run_brief(target: fn(&[u8]), corpus: &std::path::Path, rounds: usize, seed: u64) -> usize {
    let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(corpus)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    inputs.sort();
    if inputs.is_empty() {
        inputs.push(Vec::new());
    }
    for i in &inputs {
        target(i);
    }
    let mut rng = Rng(seed | 1);
    for _ in 0..rounds {
        let base = &inputs[rng.below(inputs.len())];
        let other = &inputs[rng.below(inputs.len())];
        let m = mutate(&mut rng, base, other);
        target(&m);
    }
    inputs.len() + rounds
}

/// xorshift64*: enough randomness for mutations, and the same run for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&[u8]] = &[
    b"\0",
    b"\r\n",
    b"\n\n",
    b"%00",
    b"%0d%0a",
    b"\\u0000",
    b"\"",
    b"<",
    b">",
    b"</p>",
    b"<script>",
    b"&amp;",
    b"- ",
    b"1. ",
    b"# ",
    b":",
    b";",
    b" but ",
    b" not ",
    b"must ",
    b"required",
    b"stream",
    b"endstream",
    b"obj",
    b"/FlateDecode",
    b"PK\x03\x04",
    b"=== ",
    b"course.toml",
    b"[[resource]]",
    b"//",
    b"/\\",
    b"\xc3\xa9",
    b"\xe2\x80\xa8",
    b"\xff\xfe",
];

fn mutate(rng: &mut Rng, base: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                v[i] = rng.next() as u8;
            }
            2 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                v.drain(a..b);
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                let piece = v[a..b].to_vec();
                let times = 1 + rng.below(8);
                for _ in 0..times {
                    v.splice(b..b, piece.iter().copied());
                }
            }
            4 if !other.is_empty() => {
                let a = rng.below(other.len());
                let b = (a + 1 + rng.below(256)).min(other.len());
                let at = rng.below(len + 1);
                v.splice(at..at, other[a..b].iter().copied());
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                v.splice(at..at, t.iter().copied());
            }
        }
    }
    v.truncate(1 << 20);
    v
}
