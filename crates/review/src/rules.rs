//! Rules as data: loading, validating and compiling `rules/rules.toml`.
//!
//! The default rules are compiled into the library with `include_str!` and
//! parsed on first use. Trainers can load their own file with
//! [`Rules::from_toml_str`]; every problem found (a bad pattern, an unknown
//! macro, a missing explanation, an unknown standard code) is collected and
//! reported together, so a trainer can fix a file in one pass.
//!
//! Cue patterns are written for *normalised* text (see [`crate::normalize`]):
//! lowercase, no apostrophes, single spaces. When compiling, each cue is
//! wrapped in ASCII word boundaries, `{macros}` are expanded, and `\b`, `\w`,
//! `\d` are turned into their ASCII forms so the regex engine can stay on its
//! fast DFA path even when a document contains curly quotes or accented
//! letters.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::{Deserialize, Serialize};

/// The rules shipped with tta.
pub const DEFAULT_RULES_TOML: &str = include_str!("../rules/rules.toml");

/// The standard codes a category may cite (FIELD.md §1).
pub const STANDARD_CODES: &[&str] = &["FN", "NT", "SA", "TI", "HU", "OV", "DV", "CO"];

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Practices that mirror trafficking control directly (documents, phones,
    /// isolation, forced religion, police conditions, threats of exit).
    RedLine,
    /// Practices that make help conditional or controlling.
    Concern,
}

impl Severity {
    /// Stable machine string: `red_line` or `concern`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::RedLine => "red_line",
            Severity::Concern => "concern",
        }
    }
    /// Plain-language label.
    pub fn label(self) -> &'static str {
        match self {
            Severity::RedLine => "Red line",
            Severity::Concern => "Concern",
        }
    }
}

/// A standard a category goes against, with a short note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    /// One of [`STANDARD_CODES`].
    pub code: String,
    /// What the standard says, briefly.
    pub note: String,
}

impl Standard {
    /// "CODE: note"
    pub fn display(&self) -> String {
        format!("{}: {}", self.code, self.note)
    }
}

/// One category of the taxonomy, as loaded.
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub explanation: String,
    pub alternative: String,
    pub standards: Vec<Standard>,
    /// Reported only when no more specific category is found in a sentence.
    pub fallback: bool,
    /// Its strong cues also count as strong obligations for other topics.
    pub enforces: bool,
    /// Indexes of categories that take precedence in the same sentence.
    #[serde(skip)]
    pub yields_to: Vec<usize>,
    /// Topic cues (flagged with an obligation), as written in the file.
    pub cues: Vec<String>,
    /// Cues that are coercive on their own, as written in the file.
    pub strong_cues: Vec<String>,
    /// `standards` rendered as "CODE: note", ready for findings.
    #[serde(skip)]
    pub(crate) standards_display: Vec<String>,
}

/// Problems found while loading a rules file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesError {
    /// One line per problem, each naming where it is.
    pub problems: Vec<String>,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problems.len() == 1 {
            write!(f, "The rules file has a problem: {}", self.problems[0])
        } else {
            writeln!(f, "The rules file has {} problems:", self.problems.len())?;
            for p in &self.problems {
                writeln!(f, "  - {p}")?;
            }
            Ok(())
        }
    }
}

impl std::error::Error for RulesError {}

// ---- file format -----------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    version: u32,
    #[serde(default)]
    macros: BTreeMap<String, String>,
    shared: SharedFile,
    #[serde(default)]
    category: Vec<CategoryFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedFile {
    obligation: Vec<String>,
    #[serde(default)]
    strong_obligation: Vec<String>,
    #[serde(default)]
    conditional: Vec<String>,
    freeing: Vec<String>,
    #[serde(default)]
    forbidding: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    id: String,
    title: String,
    severity: Severity,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    enforces: bool,
    #[serde(default)]
    yields_to: Vec<String>,
    #[serde(default)]
    cues: Vec<String>,
    #[serde(default)]
    strong_cues: Vec<String>,
    explanation: String,
    alternative: String,
    #[serde(default)]
    standards: Vec<Standard>,
}

// ---- compiled form -----------------------------------------------------------

/// What a compiled pattern means to the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum ModalKind {
    Obligation,
    StrongObligation,
    /// A penalty condition: strong unless its clause also frees.
    Conditional,
    Freeing,
    Forbidding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TopicKind {
    Topic,
    Strong,
}

pub(crate) struct CompiledModal {
    pub kind: ModalKind,
    pub re: FastRegex,
}

pub(crate) struct CompiledTopic {
    pub category: usize,
    pub kind: TopicKind,
    pub re: FastRegex,
}

/// A regex for short haystacks: the same engine as `regex::Regex`, built
/// without the literal prefilter (on a sentence of 80 bytes, scanning for
/// literals first costs more than it saves).
pub(crate) type FastRegex = regex_automata::meta::Regex;

pub(crate) fn build_fast(src: &str) -> Result<FastRegex, String> {
    use regex_automata::meta::Regex as Meta;
    Meta::builder()
        .configure(
            Meta::config()
                .auto_prefilter(false)
                .nfa_size_limit(Some(SIZE_LIMIT))
                .hybrid_cache_capacity(SIZE_LIMIT / 4),
        )
        .build(src)
        .map_err(|e| e.to_string())
}

/// A loaded, validated and compiled rule set.
pub struct Rules {
    pub(crate) categories: Vec<Category>,
    pub(crate) topic_set: RegexSet,
    pub(crate) topics: Vec<CompiledTopic>,
    /// Obligation, freeing and forbidding cues: a set for the first pass,
    /// then the individual regexes that hit, so overlapping cues can be
    /// weighed against each other (longest wins).
    pub(crate) modal_set: RegexSet,
    pub(crate) modals: Vec<CompiledModal>,
    /// Every cue after macro expansion and ASCII rewriting, for
    /// [`crate::cue_regexset`].
    pub(crate) all_patterns: Vec<String>,
}

impl fmt::Debug for Rules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rules")
            .field("categories", &self.categories.len())
            .field("topic_patterns", &self.topics.len())
            .field("modal_patterns", &self.modals.len())
            .finish()
    }
}

static DEFAULT: OnceLock<Rules> = OnceLock::new();

impl Rules {
    /// The rules shipped with tta, parsed and compiled once.
    pub fn default_rules() -> &'static Rules {
        DEFAULT.get_or_init(|| {
            Rules::from_toml_str(DEFAULT_RULES_TOML)
                .unwrap_or_else(|e| panic!("built-in rules.toml is invalid: {e}"))
        })
    }

    /// Load and validate a rules file (same format as `rules/rules.toml`).
    pub fn from_toml_str(src: &str) -> Result<Rules, RulesError> {
        let file: RulesFile = toml::from_str(src).map_err(|e| RulesError {
            problems: vec![format!(
                "it is not valid TOML or has a wrong field: {}",
                e.to_string().trim()
            )],
        })?;
        let mut problems = Vec::new();
        if file.version != 1 {
            problems.push(format!(
                "version is {}, but only version 1 is understood",
                file.version
            ));
        }
        if file.category.is_empty() {
            problems.push("there is no [[category]] section".to_string());
        }
        for (name, body) in &file.macros {
            if !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') || name.is_empty() {
                problems.push(format!(
                    "macro name `{name}` must use only lowercase letters and _"
                ));
            }
            if body.trim().is_empty() {
                problems.push(format!("macro `{name}` is empty"));
            }
        }

        // Categories: ids, texts, standards.
        let mut ids: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for (i, c) in file.category.iter().enumerate() {
            let where_ = if c.id.is_empty() {
                format!("category #{}", i + 1)
            } else {
                format!("category `{}`", c.id)
            };
            if c.id.is_empty()
                || !c
                    .id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
            {
                problems.push(format!(
                    "{where_}: id must be lowercase letters, digits and _"
                ));
            }
            if !seen.insert(c.id.clone()) {
                problems.push(format!("{where_}: the id is used twice"));
            }
            for (field, v) in [
                ("title", &c.title),
                ("explanation", &c.explanation),
                ("alternative", &c.alternative),
            ] {
                if v.trim().is_empty() {
                    problems.push(format!("{where_}: `{field}` is empty"));
                }
            }
            if c.cues.is_empty() && c.strong_cues.is_empty() {
                problems.push(format!(
                    "{where_}: needs at least one entry in `cues` or `strong_cues`"
                ));
            }
            for s in &c.standards {
                if !STANDARD_CODES.contains(&s.code.as_str()) {
                    problems.push(format!(
                        "{where_}: standard code `{}` is not one of {}",
                        s.code,
                        STANDARD_CODES.join(", ")
                    ));
                }
            }
            ids.push(c.id.clone());
        }

        let mut all_patterns = Vec::new();
        // Topic patterns: every cue is checked on its own (so a trainer is
        // told exactly which one is wrong), then the cues of one category
        // and kind are joined into a single alternation. The matcher only
        // needs to know where a category is mentioned, and one regex per
        // category runs much faster than hundreds of small ones.
        let mut topics = Vec::new();
        let mut topic_sources = Vec::new();
        for (ci, c) in file.category.iter().enumerate() {
            for (kind, list, field) in [
                (TopicKind::Topic, &c.cues, "cues"),
                (TopicKind::Strong, &c.strong_cues, "strong_cues"),
            ] {
                let mut group = Vec::new();
                for (n, cue) in list.iter().enumerate() {
                    let where_ = format!("category `{}`, {field} #{} `{}`", c.id, n + 1, cue);
                    if let Some(src) = compile_source(cue, &file.macros, &where_, &mut problems) {
                        if build_regex(&src, &where_, &mut problems).is_some() {
                            group.push(src.clone());
                            all_patterns.push(src);
                        }
                    }
                }
                if group.is_empty() {
                    continue;
                }
                let joined = group.join("|");
                match build_fast(&joined) {
                    Ok(re) => {
                        topics.push(CompiledTopic {
                            category: ci,
                            kind,
                            re,
                        });
                        topic_sources.push(joined);
                    }
                    Err(e) => problems.push(format!(
                        "category `{}`, {field}: the cues could not be combined ({e})",
                        c.id
                    )),
                }
            }
        }
        // Modal patterns.
        let mut modals = Vec::new();
        let mut modal_sources = Vec::new();
        let shared = &file.shared;
        if shared.obligation.is_empty() {
            problems.push("[shared] obligation has no cues".into());
        }
        if shared.freeing.is_empty() {
            problems.push("[shared] freeing has no cues".into());
        }
        for (kind, list, field) in [
            (ModalKind::Obligation, &shared.obligation, "obligation"),
            (
                ModalKind::StrongObligation,
                &shared.strong_obligation,
                "strong_obligation",
            ),
            (ModalKind::Conditional, &shared.conditional, "conditional"),
            (ModalKind::Freeing, &shared.freeing, "freeing"),
            (ModalKind::Forbidding, &shared.forbidding, "forbidding"),
        ] {
            for (n, cue) in list.iter().enumerate() {
                let where_ = format!("[shared] {field} #{} `{}`", n + 1, cue);
                if let Some(src) = compile_source(cue, &file.macros, &where_, &mut problems) {
                    if let Some(re) = build_regex(&src, &where_, &mut problems) {
                        modals.push((kind, re));
                        modal_sources.push(src.clone());
                        all_patterns.push(src);
                    }
                }
            }
        }

        // Category relations.
        let mut categories = Vec::new();
        for c in &file.category {
            let mut yields = Vec::new();
            for y in &c.yields_to {
                match ids.iter().position(|id| id == y) {
                    Some(p) => yields.push(p),
                    None => problems.push(format!(
                        "category `{}`: yields_to names unknown category `{y}`",
                        c.id
                    )),
                }
            }
            categories.push(Category {
                id: c.id.clone(),
                title: c.title.trim().to_string(),
                severity: c.severity,
                explanation: c.explanation.trim().to_string(),
                alternative: c.alternative.trim().to_string(),
                standards: c.standards.clone(),
                fallback: c.fallback,
                enforces: c.enforces,
                yields_to: yields,
                cues: c.cues.clone(),
                strong_cues: c.strong_cues.clone(),
                standards_display: c.standards.iter().map(|s| s.display()).collect(),
            });
        }

        if !problems.is_empty() {
            return Err(RulesError { problems });
        }
        let topic_set = build_set(&topic_sources).map_err(|e| RulesError { problems: vec![e] })?;
        // Shared cues of one kind are joined in small groups (longest first
        // inside each group, so a group reports the longest cue at a given
        // start). Overlapping cues of one kind are merged by the matcher
        // anyway, so grouping loses nothing, and it cuts both the size of
        // the set and the number of regexes run per sentence.
        let (modals, modal_sources) = group_modals(modals, modal_sources, &mut problems);
        if !problems.is_empty() {
            return Err(RulesError { problems });
        }
        let modal_set = build_set(&modal_sources).map_err(|e| RulesError { problems: vec![e] })?;
        Ok(Rules {
            categories,
            topic_set,
            topics,
            modal_set,
            modals,
            all_patterns,
        })
    }

    /// The categories, in file order.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Look a category up by id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Every cue pattern after macro expansion (as compiled).
    pub fn cue_patterns(&self) -> &[String] {
        &self.all_patterns
    }
}

const SIZE_LIMIT: usize = 64 << 20;

/// How many shared cues are joined into one regex.
const MODAL_GROUP: usize = 12;

fn group_modals(
    modals: Vec<(ModalKind, Regex)>,
    sources: Vec<String>,
    problems: &mut Vec<String>,
) -> (Vec<CompiledModal>, Vec<String>) {
    let mut by_kind: Vec<(ModalKind, Vec<String>)> = Vec::new();
    for ((kind, _), src) in modals.into_iter().zip(sources) {
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, v)) => v.push(src),
            None => by_kind.push((kind, vec![src])),
        }
    }
    let mut out = Vec::new();
    let mut out_sources = Vec::new();
    for (kind, mut list) in by_kind {
        list.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for chunk in list.chunks(MODAL_GROUP) {
            let joined = chunk.join("|");
            match build_fast(&joined) {
                Ok(re) => {
                    out.push(CompiledModal { kind, re });
                    out_sources.push(joined);
                }
                Err(e) => problems.push(format!(
                    "[shared] {kind:?} cues could not be combined ({e})"
                )),
            }
        }
    }
    (out, out_sources)
}

fn build_regex(src: &str, where_: &str, problems: &mut Vec<String>) -> Option<Regex> {
    match RegexBuilder::new(src)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT / 4)
        .build()
    {
        Ok(re) => {
            if re.is_match("") {
                problems.push(format!(
                    "{where_}: matches empty text, so it would flag every sentence"
                ));
                return None;
            }
            Some(re)
        }
        Err(e) => {
            let msg = e.to_string();
            let short = msg.lines().last().unwrap_or(&msg).trim().to_string();
            problems.push(format!("{where_}: not a valid pattern ({short})"));
            None
        }
    }
}

pub(crate) fn build_set(sources: &[String]) -> Result<RegexSet, String> {
    RegexSetBuilder::new(sources)
        .size_limit(SIZE_LIMIT * 4)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("the cue patterns could not be combined: {e}"))
}

/// Expand macros, lowercase literal letters, make boundaries ASCII, and wrap
/// the cue in word boundaries.
fn compile_source(
    cue: &str,
    macros: &BTreeMap<String, String>,
    where_: &str,
    problems: &mut Vec<String>,
) -> Option<String> {
    let cue = cue.trim();
    if cue.is_empty() {
        problems.push(format!("{where_}: the cue is empty"));
        return None;
    }
    let expanded = match expand_macros(cue, macros, 0) {
        Ok(s) => s,
        Err(m) => {
            problems.push(format!("{where_}: {m}"));
            return None;
        }
    };
    let body = asciify(&expanded);
    let mut out = String::with_capacity(body.len() + 24);
    if !body.starts_with('^') {
        out.push_str("(?-u:\\b)");
    }
    out.push_str("(?:");
    out.push_str(&body);
    out.push(')');
    if !body.ends_with(' ') && !body.ends_with('$') {
        out.push_str("(?-u:\\b)");
    }
    Some(out)
}

fn expand_macros(
    s: &str,
    macros: &BTreeMap<String, String>,
    depth: usize,
) -> Result<String, String> {
    if depth > 4 {
        return Err("macros nest too deeply".into());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        match close {
            Some(c)
                if !after[..c].is_empty()
                    && after[..c]
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch == '_') =>
            {
                let name = &after[..c];
                let body = macros
                    .get(name)
                    .ok_or_else(|| format!("unknown macro {{{name}}} (define it in [macros])"))?;
                out.push_str(&expand_macros(body, macros, depth + 1)?);
                rest = &after[c + 1..];
            }
            _ => {
                // A regex repetition such as {0,60}: keep it.
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Lowercase literal letters and rewrite `\b`, `\w`, `\d` to ASCII forms.
/// Escapes are copied verbatim otherwise; inside `[...]` classes `\w` and
/// `\d` become ranges.
fn asciify(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                match (n, class_depth > 0) {
                    ('b', false) => out.push_str("(?-u:\\b)"),
                    ('w', false) => out.push_str("[0-9a-z_]"),
                    ('w', true) => out.push_str("0-9a-z_"),
                    ('d', false) => out.push_str("[0-9]"),
                    ('d', true) => out.push_str("0-9"),
                    ('p' | 'P', _) if chars.peek() == Some(&'{') => {
                        out.push('\\');
                        out.push(n);
                        for x in chars.by_ref() {
                            out.push(x);
                            if x == '}' {
                                break;
                            }
                        }
                    }
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
            }
            '[' => {
                class_depth += 1;
                out.push('[');
                // a leading ] or ^] is literal
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(']');
            }
            c if c.is_ascii_uppercase() => out.push(c.to_ascii_lowercase()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_load() {
        let r = Rules::default_rules();
        assert_eq!(r.categories().len(), 18);
        for c in r.categories() {
            assert!(!c.standards.is_empty(), "{} has no standards", c.id);
        }
    }

    #[test]
    fn asciify_rewrites() {
        assert_eq!(asciify("Phone\\w*"), "phone[0-9a-z_]*");
        assert_eq!(asciify("[\\w-]+\\b"), "[0-9a-z_-]+(?-u:\\b)");
    }

    #[test]
    fn bad_file_reports_all_problems() {
        let src = r#"
version = 1
[shared]
obligation = ['must']
freeing = ['(unclosed']
[[category]]
id = "x"
title = ""
severity = "concern"
cues = ['{nope}']
explanation = "e"
alternative = "a"
standards = [{ code = "ZZ", note = "n" }]
"#;
        let e = Rules::from_toml_str(src).unwrap_err();
        let all = e.to_string();
        assert!(all.contains("`title` is empty"), "{all}");
        assert!(all.contains("unknown macro {nope}"), "{all}");
        assert!(all.contains("ZZ"), "{all}");
        assert!(all.contains("not a valid pattern"), "{all}");
    }

    #[test]
    fn bad_toml_is_reported() {
        let e = Rules::from_toml_str("version = ").unwrap_err();
        assert!(e.to_string().contains("not valid TOML"));
    }
}
