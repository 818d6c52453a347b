//! Words for the search index, queries and snippets.
//!
//! tta stems words itself (Snowball, per the item's language) and stores the stems in the
//! index, so SQLite's FTS5 and PostgreSQL's `tsvector` only match whole tokens and both
//! databases find exactly the same items. Snippets are cut from the original text here
//! for the same reason.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// Common words that would make every query match every item.
const STOP_EN: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "that", "the", "this", "to", "was", "with",
];
const STOP_ES: &[&str] = &[
    "a", "al", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "o", "para", "por",
    "que", "se", "su", "un", "una", "y",
];

fn stemmer(lang: &str) -> Stemmer {
    Stemmer::create(if lang == "es" {
        Algorithm::Spanish
    } else {
        Algorithm::English
    })
}

fn is_stop(lang: &str, w: &str) -> bool {
    if lang == "es" {
        STOP_ES.contains(&w)
    } else {
        STOP_EN.contains(&w)
    }
}

/// Lower case without accents: "Información" and "informacion" are the same word.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of `text` with their byte ranges.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start: Option<usize> = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| {
            if c.is_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                }
                None
            } else {
                start.take().map(|s| (s, i))
            }
        })
}

/// Longest word kept; longer runs are identifiers or garbage from a PDF.
const MAX_WORD: usize = 40;

/// The stems of `text` joined by spaces: what the index stores.
pub fn index_terms(lang: &str, text: &str) -> String {
    let st = stemmer(lang);
    let mut out = String::with_capacity(text.len() / 2);
    for (s, e) in words(text) {
        if e - s > MAX_WORD {
            continue;
        }
        let w = fold(&text[s..e]);
        if is_stop(lang, &w) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&st.stem(&w));
    }
    out
}

/// A parsed query: for each word the user typed, the stems it may match (English and
/// Spanish stemming differ, and an item is indexed in its own language).
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub groups: Vec<Vec<String>>,
}

impl Query {
    pub fn parse(q: &str, lang: Option<&str>) -> Query {
        let langs: Vec<&str> = match lang {
            Some(l) => vec![l],
            None => vec!["en", "es"],
        };
        let mut groups: Vec<Vec<String>> = Vec::new();
        for (s, e) in words(q).take(12) {
            if e - s > MAX_WORD {
                continue;
            }
            let w = fold(&q[s..e]);
            if langs.iter().all(|l| is_stop(l, &w)) {
                continue;
            }
            let mut alts: Vec<String> = langs
                .iter()
                .map(|l| stemmer(l).stem(&w).into_owned())
                .collect();
            alts.sort();
            alts.dedup();
            if !groups.contains(&alts) {
                groups.push(alts);
            }
        }
        Query { groups }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// FTS5 syntax: every word must match, any of its stems will do.
    pub fn fts5(&self) -> String {
        self.groups
            .iter()
            .map(|alts| {
                format!(
                    "({})",
                    alts.iter()
                        .map(|a| format!("\"{a}\""))
                        .collect::<Vec<_>>()
                        .join(" OR ")
                )
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// `to_tsquery('simple', …)` syntax, same meaning.
    pub fn tsquery(&self) -> String {
        self.groups
            .iter()
            .map(|alts| {
                format!(
                    "({})",
                    alts.iter()
                        .map(|a| format!("'{a}'"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    fn hits(&self, st: &Stemmer, word: &str) -> Option<usize> {
        let w = fold(word);
        let stem = st.stem(&w).into_owned();
        self.groups.iter().position(|alts| alts.contains(&stem))
    }
}

/// HTML for a piece of `text` around the best cluster of query words, each inside `<mark>`,
/// with everything else escaped. `None` when no word of the query is in the text.
pub fn snippet(text: &str, lang: &str, q: &Query, max_words: usize) -> Option<(usize, String)> {
    let st = stemmer(lang);
    let spans: Vec<(usize, usize)> = words(text).collect();
    let hit: Vec<Option<usize>> = spans
        .iter()
        .map(|(s, e)| q.hits(&st, &text[*s..*e]))
        .collect();
    if !hit.iter().any(Option::is_some) {
        return None;
    }
    // The window of `max_words` words holding the most different query words wins.
    let mut best = (0usize, 0usize);
    for start in 0..spans.len() {
        if hit[start].is_none() {
            continue;
        }
        let from = start.saturating_sub(max_words / 4);
        let to = (from + max_words).min(spans.len());
        let mut seen: Vec<usize> = hit[from..to].iter().flatten().copied().collect();
        seen.sort();
        seen.dedup();
        if seen.len() > best.0 {
            best = (seen.len(), from);
        }
    }
    let (score, from) = best;
    let to = (from + max_words).min(spans.len());
    let mut html = String::new();
    if from > 0 {
        html.push('…');
    }
    let mut cursor = spans[from].0;
    for i in from..to {
        let (s, e) = spans[i];
        html.push_str(&escape(&text[cursor..s]).replace(['\n', '\r', '\t'], " "));
        if hit[i].is_some() {
            html.push_str("<mark>");
            html.push_str(&escape(&text[s..e]));
            html.push_str("</mark>");
        } else {
            html.push_str(&escape(&text[s..e]));
        }
        cursor = e;
    }
    if to < spans.len() {
        html.push('…');
    }
    // Runs of spaces from PDF layout, and the blank lines of a form, read badly.
    let html = collapse_runs(&html.split_whitespace().collect::<Vec<_>>().join(" "));
    Some((score, html))
}

/// Shortens runs of one repeated punctuation mark ("________", "......") to three.
fn collapse_runs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = '\0';
    let mut run = 0;
    for c in s.chars() {
        if c == last && (c == '_' || c == '.' || c == '-' || c == '*' || c == '=') {
            run += 1;
            if run >= 3 {
                continue;
            }
        } else {
            run = 0;
        }
        last = c;
        out.push(c);
    }
    out
}

/// `text` with the query's words inside `<mark>`, escaped (for titles).
pub fn highlight(text: &str, lang: &str, q: &Query) -> String {
    let st = stemmer(lang);
    let mut html = String::new();
    let mut cursor = 0;
    for (s, e) in words(text) {
        if q.hits(&st, &text[s..e]).is_some() {
            html.push_str(&escape(&text[cursor..s]));
            html.push_str("<mark>");
            html.push_str(&escape(&text[s..e]));
            html.push_str("</mark>");
            cursor = e;
        }
    }
    html.push_str(&escape(&text[cursor..]));
    html
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Plain text of a Markdown page, for the index and snippets.
pub fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(md.len());
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            // A heading or list item ends a sentence in a snippet, even without a full stop.
            Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                if out
                    .trim_end()
                    .chars()
                    .last()
                    .is_some_and(char::is_alphanumeric)
                {
                    out.truncate(out.trim_end().len());
                    out.push('.');
                }
                out.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_match_across_forms_and_accents() {
        let idx = index_terms("en", "Screening workers for trafficking indicators");
        let q = Query::parse("indicator screened", Some("en"));
        for alts in &q.groups {
            assert!(
                alts.iter().any(|a| idx.split(' ').any(|t| t == a)),
                "{alts:?} in {idx}"
            );
        }
        let es = index_terms("es", "Planificación de la seguridad");
        let q = Query::parse("planificacion", None);
        assert!(
            q.groups[0].iter().any(|a| es.split(' ').any(|t| t == a)),
            "{:?} in {es}",
            q.groups
        );
    }

    #[test]
    fn snippets_escape_and_mark() {
        let q = Query::parse("interpreter", Some("en"));
        let (_, s) = snippet(
            "Ask <b>only</b> about interpreter preference & pronouns.",
            "en",
            &q,
            20,
        )
        .unwrap();
        assert!(s.contains("<mark>interpreter</mark>"), "{s}");
        assert!(s.contains("&lt;b&gt;") && s.contains("&amp;"), "{s}");
        assert!(snippet("nothing here", "en", &q, 20).is_none());
        let (_, s) = snippet("Interpreter: ______________ Name: ..........", "en", &q, 20).unwrap();
        assert!(s.contains(": ___ Name") && !s.contains("____"), "{s}");
    }

    #[test]
    fn page_text_keeps_headings_apart() {
        assert_eq!(
            markdown_text("# What it covers\n\nTwo pages.\n\n- one\n- two?")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            "What it covers. Two pages. one. two?"
        );
    }

    #[test]
    fn queries_are_safe_for_both_engines() {
        let q = Query::parse("\"drop table\" OR 'x' & (y) -- NEAR", None);
        assert!(!q.fts5().contains('\''), "{}", q.fts5());
        assert!(!q.tsquery().contains('"'));
        assert!(Query::parse("the and of", Some("en")).is_empty());
    }
}
