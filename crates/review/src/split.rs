//! Splitting a document into reviewable segments: sentences, list items and
//! headings.
//!
//! Policy documents are rarely tidy prose. They mix Markdown bullets,
//! numbered rules, lettered sub-rules, ALL CAPS headings, hard-wrapped lines
//! from PDFs, and run-on rules glued together with semicolons. The review
//! reports findings per segment, so the splitter tries to produce the unit a
//! reader would call "one rule":
//!
//! * one segment per list item (bullets `-` `*` `+` `•`, `1.`, `1)`, `a)`,
//!   `(a)`, `iv.`), with the bullet marker left out of the segment;
//! * one segment per heading (`# Title`, or a short standalone line);
//! * within a paragraph or item, one segment per sentence, without breaking
//!   after abbreviations (e.g., i.e., Mr., No., a.m.), initials, or inside
//!   numbers such as 10.5 and 5:30;
//! * run-on sentences split at a semicolon when both sides read as clauses;
//! * hard-wrapped lines joined back into their paragraph, while a list of
//!   short unpunctuated lines ("No visitors" / "No phones") stays one rule
//!   per line.
//!
//! Every segment carries byte offsets into the original text, always on char
//! boundaries, with `&text[start..end] == segment.text`.

use serde::Serialize;

/// What kind of block a segment came from. Headings and lead-in lines give
/// context to the list items under them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// A sentence (or clause) of a paragraph.
    Sentence,
    /// A bulleted or numbered item, or a sentence inside one.
    ListItem,
    /// A Markdown heading or a short standalone title line.
    Heading,
}

/// One reviewable piece of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment<'a> {
    /// Exactly `&document[start..end]`.
    pub text: &'a str,
    /// 1-based line number where the segment starts.
    pub line: usize,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Block kind.
    pub kind: SegmentKind,
}

/// A physical line of the input, with the offsets of its content.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Offset of the first byte of the line.
    start: usize,
    /// Offset after the last content byte (before `\r\n` / `\n`).
    end: usize,
    number: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Paragraph,
    Item,
    Heading,
}

#[derive(Debug, Clone, Copy)]
struct Block {
    kind: BlockKind,
    start: usize,
    end: usize,
}

/// Split `text` into segments in document order.
pub fn split(text: &str) -> Vec<Segment<'_>> {
    let lines = lines_of(text);
    let blocks = blocks_of(text, &lines);
    let mut out = Vec::new();
    for b in blocks {
        let kind = match b.kind {
            BlockKind::Paragraph => SegmentKind::Sentence,
            BlockKind::Item => SegmentKind::ListItem,
            BlockKind::Heading => SegmentKind::Heading,
        };
        if b.kind == BlockKind::Heading {
            push_segment(text, &lines, b.start, b.end, kind, &mut out);
            continue;
        }
        sentences(text, b.start, b.end, |s, e| {
            semicolon_clauses(text, s, e, |cs, ce| {
                push_segment(text, &lines, cs, ce, kind, &mut out)
            });
        });
    }
    out
}

fn push_segment<'a>(
    text: &'a str,
    lines: &[Line],
    start: usize,
    end: usize,
    kind: SegmentKind,
    out: &mut Vec<Segment<'a>>,
) {
    let (s, e) = trim_span(text, start, end);
    if s >= e {
        return;
    }
    let piece = &text[s..e];
    // Skip pieces with no letters or digits (rules like "---", stray bullets).
    if !piece.chars().any(|c| c.is_alphanumeric()) {
        return;
    }
    let line = match lines.binary_search_by(|l| {
        if s < l.start {
            std::cmp::Ordering::Greater
        } else if s > l.end {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => lines[i].number,
        Err(i) => lines
            .get(i.saturating_sub(1))
            .map(|l| l.number)
            .unwrap_or(1),
    };
    out.push(Segment {
        text: piece,
        line,
        start: s,
        end: e,
        kind,
    });
}

/// Trim whitespace (and stray bullet glyphs) from both ends of a span.
fn trim_span(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let piece = &text[s..e];
    let trimmed_start = piece.len()
        - piece
            .trim_start_matches(|c: char| c.is_whitespace() || is_bullet_glyph(c))
            .len();
    s += trimmed_start;
    let piece = &text[s..e];
    let trimmed = piece.trim_end_matches(|c: char| c.is_whitespace());
    e = s + trimmed.len();
    (s, e)
}

fn lines_of(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut number = 1;
    let bytes = text.as_bytes();
    while start <= text.len() {
        let nl = memchr_nl(&bytes[start..]).map(|p| start + p);
        let raw_end = nl.unwrap_or(text.len());
        let mut end = raw_end;
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        lines.push(Line { start, end, number });
        number += 1;
        match nl {
            Some(p) => start = p + 1,
            None => break,
        }
    }
    lines
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

fn is_bullet_glyph(c: char) -> bool {
    matches!(
        c,
        '•' | '◦'
            | '▪'
            | '‣'
            | '·'
            | '○'
            | '■'
            | '□'
            | '➢'
            | '►'
            | '✓'
            | '✔'
            | '\u{F0B7}'
            | '●'
    )
}

/// If the line (content) starts with a list marker, return the byte offset
/// (relative to the line content) where the item text begins.
fn list_marker(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    // Glyph or ASCII bullets followed by whitespace.
    if is_bullet_glyph(first) || matches!(first, '-' | '*' | '+' | '–' | '—') {
        let after = first.len_utf8();
        let tail = &rest[after..];
        if is_bullet_glyph(first) {
            // glyph bullets need no space after them
            return Some(indent + after + (tail.len() - tail.trim_start().len()));
        }
        if tail.starts_with(' ') || tail.starts_with('\t') {
            let tail_trim = tail.trim_start();
            // "- [ ]" / "- [x]" checkboxes
            let mut skip = tail.len() - tail_trim.len();
            if tail_trim.starts_with("[ ] ")
                || tail_trim.starts_with("[x] ")
                || tail_trim.starts_with("[X] ")
            {
                skip += 4;
            }
            return Some(indent + after + skip);
        }
        return None;
    }
    // (1) (a) (iv)
    if first == '(' {
        let close = rest.find(')')?;
        let inner = &rest[1..close];
        if !inner.is_empty() && inner.len() <= 4 && is_enumerator(inner) {
            let tail = &rest[close + 1..];
            if tail.starts_with(' ') || tail.starts_with('\t') {
                return Some(indent + close + 1 + (tail.len() - tail.trim_start().len()));
            }
        }
        return None;
    }
    // 1.  1)  12.3  a)  a.  iv.
    let tok_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    let tok = &rest[..tok_end];
    let after = &rest[tok_end..];
    if tok.is_empty() || tok.len() > 8 {
        return None;
    }
    // "1." "1.2" "1.2." "a." "iv."
    let core = tok.trim_end_matches('.');
    let ends_dot = tok.ends_with('.');
    let paren = after.starts_with(')');
    let after_marker = if paren { &after[1..] } else { after };
    if !(after_marker.starts_with(' ') || after_marker.starts_with('\t')) {
        return None;
    }
    let numeric_section = core
        .split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && core.len() <= 7;
    let ok = if numeric_section {
        ends_dot || paren || core.contains('.')
    } else if core.len() == 1 && core.chars().all(|c| c.is_ascii_alphabetic()) {
        ends_dot || paren
    } else {
        is_roman(core) && (ends_dot || paren)
    };
    if !ok {
        return None;
    }
    let marker_len = tok_end + usize::from(paren);
    let tail = &rest[marker_len..];
    Some(indent + marker_len + (tail.len() - tail.trim_start().len()))
}

fn is_enumerator(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit())
        || (s.len() == 1 && s.chars().all(|c| c.is_ascii_alphabetic()))
        || is_roman(s)
}

fn is_roman(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 5
        && (s.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
            || s.chars().all(|c| matches!(c, 'I' | 'V' | 'X')))
}

/// Markdown `#` heading: returns the offset of the heading text.
fn atx_heading(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        let tail = &rest[hashes..];
        if tail.is_empty() || tail.starts_with(' ') || tail.starts_with('\t') {
            return Some(indent + hashes + (tail.len() - tail.trim_start().len()));
        }
    }
    None
}

/// Lines such as `---`, `***`, `===` (rules and setext underlines).
fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '*' | '=' | '_' | ' '))
}

fn ends_with_terminal(s: &str) -> bool {
    let t = s
        .trim_end()
        .trim_end_matches(['"', '\'', ')', '”', '’', ']', '*', '_']);
    t.ends_with(['.', '!', '?', ';', ':'])
}

/// A short standalone line that reads as a title: no sentence punctuation,
/// few words, and either ALL CAPS, Title Case, or followed by a list/blank.
fn looks_like_heading(line: &str, prev_blank: bool, next_blank_or_item: bool) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > 70 || !prev_blank || !next_blank_or_item {
        return false;
    }
    if t.ends_with(['.', '!', '?', ';', ',']) {
        return false;
    }
    let words = t.split_whitespace().count();
    if words > 8 {
        return false;
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return false;
    }
    let all_caps = letters.iter().all(|c| !c.is_lowercase());
    let title_case = t
        .split_whitespace()
        .filter(|w| w.len() > 3)
        .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()));
    let starts_upper = t
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    all_caps || title_case || t.ends_with(':') || (starts_upper && words <= 6)
}

/// Words that, at the end of a line, mean the sentence surely goes on.
fn ends_with_continuation_word(s: &str) -> bool {
    let last = s
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    if s.trim_end().ends_with([',', '-', '–', '(', '/']) {
        return true;
    }
    matches!(
        last.as_str(),
        "a" | "an"
            | "the"
            | "to"
            | "of"
            | "and"
            | "or"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "by"
            | "from"
            | "into"
            | "their"
            | "your"
            | "her"
            | "his"
            | "our"
            | "its"
            | "must"
            | "shall"
            | "will"
            | "may"
            | "can"
            | "cannot"
            | "not"
            | "be"
            | "are"
            | "is"
            | "who"
            | "that"
            | "which"
            | "if"
            | "when"
            | "until"
            | "unless"
            | "all"
            | "any"
            | "each"
            | "every"
            | "no"
            | "than"
            | "as"
            | "but"
            | "nor"
            | "should"
            | "have"
            | "has"
            | "required"
            | "expected"
            | "before"
            | "after"
            | "about"
            | "per"
            | "within"
    )
}

fn blocks_of(text: &str, lines: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut prev_line_text: &str = "";
    let n = lines.len();
    for (i, l) in lines.iter().enumerate() {
        let content = &text[l.start..l.end];
        let blank = content.trim().is_empty();
        let prev_blank = i == 0 || text[lines[i - 1].start..lines[i - 1].end].trim().is_empty();
        if blank || is_rule_line(content) && list_marker(content).is_none() {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
            prev_line_text = "";
            continue;
        }
        if let Some(off) = atx_heading(content) {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
            blocks.push(Block {
                kind: BlockKind::Heading,
                start: l.start + off,
                end: l.end,
            });
            prev_line_text = "";
            continue;
        }
        if let Some(off) = list_marker(content) {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
            current = Some(Block {
                kind: BlockKind::Item,
                start: l.start + off,
                end: l.end,
            });
            prev_line_text = content;
            continue;
        }
        let next_blank_or_item = i + 1 >= n || {
            let nx = &text[lines[i + 1].start..lines[i + 1].end];
            nx.trim().is_empty() || list_marker(nx).is_some() || atx_heading(nx).is_some()
        };
        if current.is_none() && looks_like_heading(content, prev_blank, next_blank_or_item) {
            blocks.push(Block {
                kind: BlockKind::Heading,
                start: l.start,
                end: l.end,
            });
            prev_line_text = "";
            continue;
        }
        if let Some(mut b) = current.take() {
            if should_join(prev_line_text, content, b.kind) {
                b.end = l.end;
                current = Some(b);
                prev_line_text = content;
                continue;
            }
            blocks.push(b);
        }
        current = Some(Block {
            kind: BlockKind::Paragraph,
            start: l.start,
            end: l.end,
        });
        prev_line_text = content;
    }
    if let Some(b) = current.take() {
        blocks.push(b);
    }
    blocks
}

/// Decide whether `next` continues the block whose last line is `prev`.
fn should_join(prev: &str, next: &str, kind: BlockKind) -> bool {
    let prev_t = prev.trim_end();
    // A lead-in line ending with a colon starts a new block below it.
    if prev_t.ends_with(':') {
        return false;
    }
    let next_t = next.trim_start();
    let first = next_t.chars().next().unwrap_or(' ');
    // Indented continuation of a list item.
    if kind == BlockKind::Item && next.len() - next_t.len() >= 2 {
        return true;
    }
    if first.is_lowercase() {
        return true;
    }
    if ends_with_terminal(prev_t) {
        // A new sentence on the next line of the same paragraph: joining is
        // harmless (the sentence splitter cuts at the period) unless the
        // lines are short standalone rules.
        return prev_t.len() >= 60;
    }
    ends_with_continuation_word(prev_t) || prev_t.chars().count() >= 60
}

const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "no", "nos", "approx", "dept", "min",
    "hr", "hrs", "a.m", "p.m", "am", "pm", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "inc", "co", "jr", "sr", "u.s", "fig", "ca", "cf", "al", "ph.d",
    "m.d", "rev", "ave", "mt", "ft", "lb", "lbs", "oz", "wk", "yr", "yrs", "mo", "mos", "tel",
    "ext", "dept", "govt", "assn", "bros", "ltd", "corp", "op", "e.t.c", "esp", "incl", "est",
    "pt", "pp", "p", "para", "sec", "art", "ch", "vol",
];

/// Abbreviations after which a capitalised word may well start a new
/// sentence ("… by 9 p.m. Residents who …").
const SOFT_ABBREVIATIONS: &[&str] = &["etc", "a.m", "p.m", "am", "pm"];

/// Split `[start, end)` of `text` into sentence spans, calling `emit` for
/// each. Scans bytes for the few sentence-ending characters rather than
/// collecting chars, since this runs over every block of a long handbook.
fn sentences(text: &str, start: usize, end: usize, mut emit: impl FnMut(usize, usize)) {
    let block = &text[start..end];
    let b = block.as_bytes();
    let mut sent_start = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        // ASCII terminators, '…' (E2 80 A6) and '•' (E2 80 A2)
        let (is_term, is_bullet, width) = match c {
            b'.' | b'!' | b'?' => (true, false, 1),
            0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA6) => (true, false, 3),
            0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA2) => (false, true, 3),
            _ => (false, false, 1),
        };
        if is_bullet {
            if i > 0 && (b[i - 1] == b' ' || b[i - 1] == b'\t') {
                if i > sent_start {
                    emit(start + sent_start, start + i);
                }
                sent_start = i + 3;
            }
            i += 3;
            continue;
        }
        if !is_term {
            i += 1;
            continue;
        }
        // absorb runs of terminal punctuation and closing quotes/brackets
        let mut j = i + width;
        loop {
            match b.get(j) {
                Some(b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']' | b'*' | b'_') => j += 1,
                // closing curly quotes ” ’ (E2 80 9D / 99)
                Some(0xE2)
                    if b.get(j + 1) == Some(&0x80) && matches!(b.get(j + 2), Some(0x9D | 0x99)) =>
                {
                    j += 3
                }
                _ => break,
            }
        }
        // must be followed by whitespace or the end
        if j < b.len() && !b[j].is_ascii_whitespace() {
            i = j;
            continue;
        }
        let mut k = j;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        if k >= b.len() {
            break;
        }
        let next = block[k..].chars().next().unwrap_or(' ');
        if c == b'.' && width == 1 && !should_break_after_period(block, sent_start, i, &block[k..])
        {
            i = j;
            continue;
        }
        if next.is_lowercase() {
            i = j;
            continue;
        }
        emit(start + sent_start, start + j);
        sent_start = k;
        i = k;
    }
    if sent_start < b.len() {
        emit(start + sent_start, end);
    }
}

/// Decide whether the period at `dot` ends a sentence.
fn should_break_after_period(block: &str, sent_start: usize, dot: usize, rest: &str) -> bool {
    let next = rest.chars().next().unwrap_or(' ');
    // word before the period, including inner dots ("e.g", "a.m", "U.S")
    let before = &block[sent_start..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map(|p| p + before[p..].chars().next().map_or(1, |c| c.len_utf8()))
        .unwrap_or(0);
    let word = &before[word_start..];
    let lw = word.to_ascii_lowercase();
    if lw.is_empty() {
        return true;
    }
    // A single capital letter is an initial ("J. Smith").
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    if ABBREVIATIONS.contains(&lw.as_str()) {
        if SOFT_ABBREVIATIONS.contains(&lw.as_str()) && next.is_uppercase() {
            // "... by 9 p.m. Residents ..." breaks, "... 9 a.m. Sunday" does not
            let next_word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
            return !matches!(
                next_word.to_ascii_lowercase().as_str(),
                "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "mon"
                    | "tue"
                    | "wed"
                    | "thu"
                    | "fri"
                    | "sat"
                    | "sun"
                    | "eastern"
                    | "central"
                    | "pacific"
                    | "est"
                    | "cst"
                    | "pst"
            );
        }
        // "No." is only an abbreviation before a number ("No. 5").
        if lw == "no" {
            return !next.is_ascii_digit() && next != '#';
        }
        return false;
    }
    // Dotted abbreviations not in the list (e.g. "U.S.A")
    if lw.contains('.') && lw.split('.').all(|p| p.len() <= 2) {
        return next.is_uppercase() && lw.len() > 5;
    }
    next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '(' | '[' | '\'' | '‘' | '•' | '-' | '*')
}

/// Split a sentence at semicolons when both sides read as clauses. A list
/// written with semicolons ("chapel on Sunday; Bible study on Wednesday")
/// stays whole, so the obligation at its head still applies to every part.
///
/// Linear in the sentence: the left side of each semicolon (everything
/// since the last cut) is read as it grows, never again from its start, and
/// each right side (up to the next semicolon) is read once.
fn semicolon_clauses(text: &str, start: usize, end: usize, mut emit: impl FnMut(usize, usize)) {
    let s = &text[start..end];
    if !s.contains(';') {
        emit(start, end);
        return;
    }
    let mut seg_start = 0usize;
    let bytes = s.as_bytes();
    let mut left = ClauseScan::default();
    let mut read = 0usize; // how far `left` has read
    for (idx, _) in s.match_indices(';') {
        left.feed(&s[read..idx]);
        read = idx;
        let right_end = s[idx + 1..]
            .find(';')
            .map(|p| idx + 1 + p)
            .unwrap_or(s.len());
        let followed_by_space = idx + 1 >= bytes.len() || bytes[idx + 1].is_ascii_whitespace();
        if followed_by_space
            && left.is_clause()
            && ClauseScan::of(&s[idx + 1..right_end]).is_clause()
        {
            emit(start + seg_start, start + idx + 1);
            seg_start = idx + 1;
            left = ClauseScan::default();
            read = idx + 1;
        }
    }
    emit(start + seg_start, end);
}

/// Does `s` read as a clause: at least four words, one of them a verb or a
/// pronoun that makes it one? Words are split at whitespace, with the
/// punctuation around each trimmed off. [`ClauseScan`] reads the same words
/// a piece at a time; this is the plain statement it is tested against.
#[cfg(test)]
fn is_clause(s: &str) -> bool {
    let words: Vec<String> = s
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.len() >= 4 && words.iter().any(|w| is_clause_word(w))
}

/// [`is_clause`] read piece by piece: what it needs to know about the words
/// so far, in constant space.
#[derive(Default)]
struct ClauseScan {
    /// Words finished (those with a letter or digit in them).
    words: usize,
    /// Whether a finished word is a clause word.
    verb: bool,
    /// The word being read: its core from the first to the last letter or
    /// digit, kept only while short enough to be a clause word; its length.
    core: String,
    core_len: usize,
    /// Punctuation read since the core's last letter or digit; its length.
    pending: String,
    pending_len: usize,
}

/// A longer core cannot be a clause word, even lowercased (which can shrink
/// a letter from three bytes to one).
const MAX_CORE: usize = 64;

impl ClauseScan {
    fn of(s: &str) -> ClauseScan {
        let mut c = ClauseScan::default();
        c.feed(s);
        c
    }

    fn feed(&mut self, s: &str) {
        for ch in s.chars() {
            if ch.is_whitespace() {
                self.end_word();
            } else if ch.is_alphanumeric() {
                if self.core_len > 0 {
                    // Punctuation inside a word is part of it ("won't").
                    self.core_len += self.pending_len;
                    if self.core_len <= MAX_CORE {
                        self.core.push_str(&self.pending);
                    }
                }
                self.pending.clear();
                self.pending_len = 0;
                self.core_len += ch.len_utf8();
                if self.core_len <= MAX_CORE {
                    self.core.push(ch);
                }
            } else if self.core_len > 0 {
                self.pending_len += ch.len_utf8();
                if self.core_len + self.pending_len <= MAX_CORE {
                    self.pending.push(ch);
                }
            }
        }
    }

    fn current_is_verb(&self) -> bool {
        self.core_len > 0 && self.core_len <= MAX_CORE && is_clause_word(&self.core.to_lowercase())
    }

    fn end_word(&mut self) {
        if self.core_len > 0 {
            self.words += 1;
            self.verb |= self.current_is_verb();
        }
        self.core.clear();
        self.core_len = 0;
        self.pending.clear();
        self.pending_len = 0;
    }

    fn is_clause(&self) -> bool {
        let words = self.words + usize::from(self.core_len > 0);
        words >= 4 && (self.verb || self.current_is_verb())
    }
}

fn is_clause_word(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "will"
            | "must"
            | "shall"
            | "may"
            | "can"
            | "cannot"
            | "should"
            | "have"
            | "has"
            | "do"
            | "does"
            | "need"
            | "needs"
            | "be"
            | "get"
            | "gets"
            | "lose"
            | "leave"
            | "go"
            | "keep"
            | "stay"
            | "result"
            | "results"
            | "let"
            | "ask"
            | "call"
            | "happen"
            | "happens"
            | "won't"
            | "don't"
            | "isn't"
            | "aren't"
            | "can't"
            | "we"
            | "you"
            | "they"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn bullets_and_numbers() {
        let t = "House rules\n\n- Curfew is 10 p.m.\n* No visitors.\n• Phones are kept.\n1. Attend group.\n2) Do chores.\na) Sub rule one.\n(b) Sub rule two.\n";
        let s = split(t);
        let v: Vec<&str> = s.iter().map(|s| s.text).collect();
        assert_eq!(
            v,
            vec![
                "House rules",
                "Curfew is 10 p.m.",
                "No visitors.",
                "Phones are kept.",
                "Attend group.",
                "Do chores.",
                "Sub rule one.",
                "Sub rule two."
            ]
        );
        assert_eq!(s[0].kind, SegmentKind::Heading);
        assert_eq!(s[1].kind, SegmentKind::ListItem);
        assert_eq!(s[1].line, 3);
        for seg in &s {
            assert_eq!(&t[seg.start..seg.end], seg.text);
        }
    }

    #[test]
    fn abbreviations_and_numbers() {
        let t = "Obey staff (e.g. the Director) at 5:30 p.m. daily. Shifts are 10.5 hours. See Mr. Lee. Rule No. 5 applies.";
        assert_eq!(
            texts(t),
            vec![
                "Obey staff (e.g. the Director) at 5:30 p.m. daily.",
                "Shifts are 10.5 hours.",
                "See Mr. Lee.",
                "Rule No. 5 applies."
            ]
        );
    }

    #[test]
    fn pm_then_new_sentence() {
        assert_eq!(
            texts("Curfew is 9 p.m. Residents who are late lose passes."),
            vec!["Curfew is 9 p.m.", "Residents who are late lose passes."]
        );
    }

    #[test]
    fn semicolons() {
        assert_eq!(
            texts("Lesser infractions will result in warnings; three write-ups are grounds for eviction."),
            vec!["Lesser infractions will result in warnings;", "three write-ups are grounds for eviction."]
        );
        assert_eq!(
            texts("Residents must attend chapel on Sunday; Bible study on Wednesday."),
            vec!["Residents must attend chapel on Sunday; Bible study on Wednesday."]
        );
    }

    #[test]
    fn crlf_and_caps() {
        let t = "RESIDENTS MUST TURN IN PHONES. NO EXCEPTIONS.\r\nNext line here.\r\n";
        let s = split(t);
        let v: Vec<&str> = s.iter().map(|s| s.text).collect();
        assert_eq!(
            v,
            vec![
                "RESIDENTS MUST TURN IN PHONES.",
                "NO EXCEPTIONS.",
                "Next line here."
            ]
        );
        assert_eq!(s[2].line, 2);
    }

    #[test]
    fn short_lines_stay_separate_wrapped_lines_join() {
        let t = "No visitors\nNo phones\nCurfew 9pm\n\nResidents are expected to attend every group session and to\nmeet with their case manager weekly.\n";
        assert_eq!(
            texts(t),
            vec![
                "No visitors",
                "No phones",
                "Curfew 9pm",
                "Residents are expected to attend every group session and to\nmeet with their case manager weekly."
            ]
        );
    }

    #[test]
    fn heading_markdown() {
        let s = split("# Phones\n\nPhones are yours.\n");
        assert_eq!(s[0].kind, SegmentKind::Heading);
        assert_eq!(s[0].text, "Phones");
    }

    #[test]
    fn clauses_read_piece_by_piece_agree_with_the_plain_reading() {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "is",
            "IS",
            "won't",
            "Won\u{2019}t",
            "chapel",
            ";",
            " ",
            "  ",
            "\t",
            "-",
            "((",
            "))",
            "\u{212A}eep",
            "x",
            "é",
            "日本",
            "they",
            "results",
            ",",
            ".",
            "a;b",
            "can't",
        ]);
        proptest!(ProptestConfig::with_cases(2000), |(parts in prop::collection::vec(piece, 0..24), cut in 0usize..24)| {
            let s: String = parts.concat();
            let mut scan = ClauseScan::default();
            let at = parts[..cut.min(parts.len())].concat().len();
            scan.feed(&s[..at]);
            scan.feed(&s[at..]);
            prop_assert_eq!(scan.is_clause(), is_clause(&s), "{:?}", s);
        });
    }

    #[test]
    fn a_long_run_of_semicolons_is_read_once() {
        // Twenty thousand list-like parts after one rule stay one segment; each part is
        // read once, not again for every semicolon after it.
        let t = "Residents must attend chapel on Sunday; group on Monday".to_string()
            + &"; group on Monday".repeat(20_000)
            + ".";
        assert_eq!(split(&t).len(), 1);
    }

    #[test]
    fn multibyte_safe() {
        let t = "• Résidents doivent… “quote” — ok. 日本語のテキスト。 Next.";
        for seg in split(t) {
            assert_eq!(&t[seg.start..seg.end], seg.text);
        }
    }
}
