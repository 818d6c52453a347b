//! Text normalisation used before cue matching.
//!
//! House rules arrive in every style: ALL CAPS, curly quotes pasted from a
//! word processor, "don't" and "do not" side by side, double spaces, hyphens
//! in "write-up" and "drug-free". Rather than asking every cue pattern to
//! cope with all of that, each segment is matched against a normalised copy:
//!
//! * lowercased;
//! * curly quotes, dashes, bullets and non-breaking spaces mapped to plain
//!   ASCII (or to a space);
//! * contractions expanded ("can't" → "cannot", "won't" → "will not",
//!   "don't" → "do not", "you'll" → "you will"), then remaining
//!   apostrophes dropped ("resident's" → "residents");
//! * a hyphen between two letters becomes a space ("write-ups" → "write ups");
//! * Markdown emphasis characters (`*`, `_`, `` ` ``, `#`) become spaces;
//! * every run of whitespace becomes one space, and the ends are trimmed.
//!
//! Findings always point back at the original text, so the normalised copy
//! is only ever used to decide *whether* a segment is coercive.

/// Normalise `input` into `out` (cleared first). Reusing `out` across calls
/// avoids one allocation per segment when a long handbook is reviewed.
pub fn normalize_into(input: &str, out: &mut String) {
    // Work on bytes (pushing a `char` into a String costs an encode per
    // byte); the result is valid UTF-8 by construction and checked once.
    let mut v = std::mem::take(out).into_bytes();
    v.clear();
    v.reserve(input.len() + 8);
    let bytes = input.as_bytes();
    let mut pending_space = false;
    let mut prev_alpha = false;
    let mut has_apostrophe = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            let m = match b {
                b'a'..=b'z' | b'0'..=b'9' => b,
                b'A'..=b'Z' => b + 32,
                b'*' | b'_' | b'`' | b'#' | b'|' | b'~' | 0..=0x20 | 0x7F => {
                    pending_space = true;
                    continue;
                }
                b'=' => {
                    // "Relapse = discharge": read an equals sign as the word.
                    if !v.is_empty() {
                        v.push(b' ');
                    }
                    v.extend_from_slice(b"equals");
                    pending_space = true;
                    prev_alpha = true;
                    continue;
                }
                b'-' => {
                    // A hyphen between letters ("write-up") becomes a space.
                    let next_alpha = match bytes.get(i) {
                        Some(n) if n.is_ascii() => n.is_ascii_alphabetic(),
                        Some(_) => input[i..].chars().next().is_some_and(|c| c.is_alphabetic()),
                        None => false,
                    };
                    if prev_alpha && next_alpha {
                        pending_space = true;
                        continue;
                    }
                    b'-'
                }
                b'\'' => {
                    has_apostrophe = true;
                    b'\''
                }
                _ => b,
            };
            if pending_space && !v.is_empty() {
                v.push(b' ');
            }
            pending_space = false;
            v.push(m);
            prev_alpha = m.is_ascii_alphabetic();
            continue;
        }
        let c = input[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        let m = match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' => {
                has_apostrophe = true;
                '\''
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => '-',
            '\u{2026}' => '.',
            '\u{2022}' | '\u{25E6}' | '\u{25AA}' | '\u{2023}' | '\u{00B7}' | '\u{25CF}'
            | '\u{25A0}' | '\u{25A1}' | '\u{27A2}' | '\u{25BA}' | '\u{2713}' | '\u{2714}'
            | '\u{F0B7}' => {
                pending_space = true;
                continue;
            }
            c if c.is_whitespace() || c.is_control() => {
                pending_space = true;
                continue;
            }
            // Other letters keep their lowercase form; anything that
            // lowercases to several chars keeps only the first (rare).
            c => c.to_lowercase().next().unwrap_or(c),
        };
        if pending_space && !v.is_empty() {
            v.push(b' ');
        }
        pending_space = false;
        let mut buf = [0u8; 4];
        v.extend_from_slice(m.encode_utf8(&mut buf).as_bytes());
        prev_alpha = m.is_ascii_alphabetic();
    }
    *out =
        String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if has_apostrophe {
        expand_contractions(out);
    }
    repair_informal(out);
}

/// Contractions typed without the apostrophe ("dont", "cant") and text-speak
/// ("r", "u", "w/") are common in pasted house rules; spell them out so the
/// cues see the usual words.
fn repair_informal(s: &mut String) {
    fn fix(word: &str) -> Option<&'static str> {
        Some(match word {
            "dont" => "do not",
            "doesnt" => "does not",
            "didnt" => "did not",
            "cant" => "cannot",
            "wont" => "will not",
            "isnt" => "is not",
            "arent" => "are not",
            "wasnt" => "was not",
            "werent" => "were not",
            "shouldnt" => "should not",
            "wouldnt" => "would not",
            "couldnt" => "could not",
            "mustnt" => "must not",
            "havent" => "have not",
            "hasnt" => "has not",
            "r" => "are",
            "u" => "you",
            "ur" => "your",
            "w/" => "with",
            "w/o" => "without",
            _ => return None,
        })
    }
    let core = |w: &str| w.trim_end_matches([',', '.', ';', ':', '!', '?']).len();
    // Cheap check first, word by word on the bytes: only short words or
    // words ending in "nt" can need a fix, and most sentences need nothing.
    let b = s.as_bytes();
    let mut needs = false;
    let mut start = 0;
    for k in 0..=b.len() {
        if k == b.len() || b[k] == b' ' {
            let w = &s[start..k];
            let n = core(w);
            if (n <= 3 || (n <= 8 && w[..n].ends_with("nt"))) && fix(&w[..n]).is_some() {
                needs = true;
                break;
            }
            start = k + 1;
        }
    }
    if !needs {
        return;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let n = core(word);
        match fix(&word[..n]) {
            Some(to) => {
                out.push_str(to);
                out.push_str(&word[n..]);
            }
            None => out.push_str(word),
        }
    }
    *s = out;
}

/// Convenience wrapper returning a new string.
pub fn normalize(input: &str) -> String {
    let mut s = String::new();
    normalize_into(input, &mut s);
    s
}

/// Expand contractions and drop the apostrophes that remain. Runs only when
/// the text contains an apostrophe, so most segments skip it.
///
/// Linear: the start of the word before each apostrophe is tracked as the
/// output grows (never found by scanning back), and only the few letters
/// a contraction can have are looked at on either side.
fn expand_contractions(s: &mut String) {
    let src = std::mem::take(s);
    let bytes = src.as_bytes();
    let mut out = String::with_capacity(src.len() + 16);
    // Where the run of ASCII letters at the end of `out` starts.
    let mut word_start = 0usize;
    let push = |out: &mut String, word_start: &mut usize, piece: &str| {
        let letters = piece
            .bytes()
            .rev()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        if letters < piece.len() {
            *word_start = out.len() + piece.len() - letters;
        }
        out.push_str(piece);
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\'' {
            // The word before the apostrophe (ASCII letters only); a
            // contraction's own part is at most "cann" long.
            let before = &out[word_start..];
            let rest = &src[i + 1..];
            // The letters after it: a contraction has at most two.
            let after_len = rest
                .bytes()
                .take(3)
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            let after = &rest[..after_len];
            let next_ok =
                after_len == rest.len() || !rest.as_bytes()[after_len].is_ascii_alphanumeric();
            if after == "t" && before.ends_with('n') && next_ok {
                // n't forms
                let replacement = match before {
                    "can" | "cann" => "cannot",
                    "won" => "will not",
                    "shan" => "shall not",
                    "ain" => "is not",
                    _ => "",
                };
                if replacement.is_empty() {
                    out.truncate(out.len() - 1);
                    push(&mut out, &mut word_start, " not");
                } else {
                    out.truncate(word_start);
                    push(&mut out, &mut word_start, replacement);
                }
                i += 2; // apostrophe + t
                continue;
            }
            if next_ok && !before.is_empty() {
                let rep = match after {
                    "ll" => Some(" will"),
                    "re" => Some(" are"),
                    "ve" => Some(" have"),
                    "d" => Some(" would"),
                    "m" => Some(" am"),
                    _ => None,
                };
                if let Some(r) = rep {
                    push(&mut out, &mut word_start, r);
                    i += 1 + after.len();
                    continue;
                }
            }
            // possessive or stray apostrophe: drop it
            i += 1;
            continue;
        }
        // copy one char
        let ch_len = utf8_len(b);
        push(&mut out, &mut word_start, &src[i..i + ch_len]);
        i += ch_len;
    }
    *s = out;
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::{normalize, utf8_len};

    #[test]
    fn lowercases_and_collapses() {
        assert_eq!(
            normalize("  RESIDENTS   MUST\r\n attend  "),
            "residents must attend"
        );
    }

    #[test]
    fn contractions() {
        assert_eq!(normalize("You CAN'T leave"), "you cannot leave");
        assert_eq!(normalize("we won\u{2019}t take it"), "we will not take it");
        assert_eq!(
            normalize("Don't; isn't; you'll"),
            "do not; is not; you will"
        );
        assert_eq!(normalize("the resident's phone"), "the residents phone");
        assert_eq!(normalize("residents' rooms"), "residents rooms");
    }

    #[test]
    fn informal_spellings() {
        assert_eq!(
            normalize("Residents dont have to go"),
            "residents do not have to go"
        );
        assert_eq!(
            normalize("clients r required to meet w/ staff"),
            "clients are required to meet with staff"
        );
    }

    #[test]
    fn multibyte_before_apostrophe() {
        assert_eq!(normalize("日本語don’t"), "日本語do not");
        assert_eq!(normalize("\u{20000}'s"), "\u{20000}s");
    }

    /// The plain statement of contraction expansion (it scans back for each
    /// apostrophe's word), which the linear one must agree with.
    fn expand_contractions_by_scanning_back(s: &mut String) {
        let src = std::mem::take(s);
        let bytes = src.as_bytes();
        let mut out = String::with_capacity(src.len() + 16);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\'' {
                // word before the apostrophe (ASCII letters only)
                let word_start = out
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !c.is_ascii_alphabetic())
                    .map(|(p, c)| p + c.len_utf8())
                    .unwrap_or(0);
                let before = out[word_start..].to_string();
                let rest = &src[i + 1..];
                let after_len = rest
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(rest.len());
                let after = &rest[..after_len];
                let next_ok =
                    after_len == rest.len() || !rest.as_bytes()[after_len].is_ascii_alphanumeric();
                if after == "t" && before.ends_with('n') && next_ok {
                    // n't forms
                    let stem = &before[..before.len() - 1];
                    let replacement = match before.as_str() {
                        "can" | "cann" => "cannot".to_string(),
                        "won" => "will not".to_string(),
                        "shan" => "shall not".to_string(),
                        "ain" => "is not".to_string(),
                        _ => format!("{stem} not"),
                    };
                    out.truncate(word_start);
                    out.push_str(&replacement);
                    i += 2; // apostrophe + t
                    continue;
                }
                if next_ok && !before.is_empty() {
                    let rep = match after {
                        "ll" => Some(" will"),
                        "re" => Some(" are"),
                        "ve" => Some(" have"),
                        "d" => Some(" would"),
                        "m" => Some(" am"),
                        _ => None,
                    };
                    if let Some(r) = rep {
                        out.push_str(r);
                        i += 1 + after.len();
                        continue;
                    }
                }
                // possessive or stray apostrophe: drop it
                i += 1;
                continue;
            }
            // copy one char
            let ch_len = utf8_len(b);
            out.push_str(&src[i..i + ch_len]);
            i += ch_len;
        }
        *s = out;
    }

    #[test]
    fn contractions_agree_with_the_plain_statement() {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "'", "\u{2019}", "t", "n", "can", "cann", "won", "shan", "ain", "do", "ll", "re", "ve",
            "d", "m", "s", " ", "x", "é", "1", "-",
        ]);
        proptest!(ProptestConfig::with_cases(3000), |(parts in prop::collection::vec(piece, 0..20))| {
            let input: String = parts.concat().replace('\u{2019}', "'");
            let mut fast = input.clone();
            super::expand_contractions(&mut fast);
            let mut plain = input.clone();
            expand_contractions_by_scanning_back(&mut plain);
            prop_assert_eq!(fast, plain, "{:?}", input);
        });
    }

    #[test]
    fn hyphens_and_emphasis() {
        assert_eq!(normalize("three write-ups"), "three write ups");
        assert_eq!(normalize("**Must** attend"), "must attend");
        assert_eq!(normalize("Days 1-30"), "days 1-30");
        assert_eq!(normalize("chores \u{2013} daily"), "chores - daily");
    }
}
