//! Which language a document is in, and whether the rules can read it.
//!
//! The rules are written for English. Run on house rules in Spanish they find nothing,
//! and "no wording was found" would read as an all-clear. So before reviewing, the
//! document's language is identified (with the `whatlang` crate, on passages of a few
//! hundred letters sampled across the document, so a 10 MB handbook costs the same as a
//! short one), and a document mostly in a language the rules do not cover is not reviewed.
//!
//! House rules are full of short lines where statistical identification guesses; English
//! function words that other languages do not share ("the", "must", "your") settle a
//! passage as English before the statistics are asked.

use serde::Serialize;

/// Languages the rules are written for (ISO 639-1).
pub const COVERED: &[&str] = &["en"];

/// Letters per sampled passage: long enough for a confident guess.
const PASSAGE_LETTERS: usize = 400;
/// At most this many passages are identified, spread evenly over the document.
const MAX_PASSAGES: usize = 48;
/// Below this many letters a document is too short to tell; it is reviewed.
const MIN_LETTERS: usize = 12;

/// What was found about the document's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    /// ISO 639-1 code of the main language, when it could be told.
    pub code: Option<String>,
    /// Its English name ("Spanish"), when it could be told.
    pub name: Option<String>,
    /// Whether the rules cover the document: false means it was not reviewed.
    pub covered: bool,
    /// Share of the sampled text, in per cent, in languages the rules do not cover (a
    /// bilingual handbook reviewed for its English part says how much was left out).
    pub uncovered_percent: u8,
}

impl Language {
    /// Nothing to tell: an empty or very short document, taken as covered.
    pub fn unknown() -> Language {
        Language {
            code: None,
            name: None,
            covered: true,
            uncovered_percent: 0,
        }
    }
}

/// Words that mark English prose and are not words of the other languages programs
/// write in (so not "a", "no", "me", "come").
const ENGLISH_MARKERS: &[&str] = &[
    "the",
    "and",
    "you",
    "your",
    "must",
    "will",
    "be",
    "are",
    "is",
    "of",
    "with",
    "for",
    "not",
    "may",
    "should",
    "shall",
    "any",
    "all",
    "to",
    "in",
    "at",
    "on",
    "after",
    "before",
    "residents",
    "resident",
    "client",
    "clients",
    "staff",
    "program",
    "we",
    "our",
    "they",
    "their",
    "this",
    "that",
    "have",
    "has",
    "can",
    "who",
    "when",
    "if",
    "or",
    "by",
    "from",
];

fn english_by_markers(words: &[&str]) -> bool {
    if words.len() < 4 {
        return false;
    }
    let hits = words
        .iter()
        .filter(|w| ENGLISH_MARKERS.contains(&w.to_lowercase().as_str()))
        .count();
    // English prose runs at 30-50 % function words; Spanish or French text shares almost none.
    hits * 100 / words.len() >= 18
}

/// A paragraph this long is a passage of its own, so the sections of a bilingual
/// handbook are told apart.
const PARAGRAPH_LETTERS: usize = 80;

/// Splits the text into passages at paragraph breaks, or at word boundaries once a
/// passage has `PASSAGE_LETTERS` letters.
fn passages(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut letters = 0;
    let mut newline = false;
    for (i, c) in text.char_indices() {
        let paragraph_break = c == '\n' && newline;
        newline = c == '\n' || (newline && c.is_whitespace());
        if c.is_alphabetic() {
            letters += 1;
        } else if (letters >= PASSAGE_LETTERS && c.is_whitespace())
            || (paragraph_break && letters >= PARAGRAPH_LETTERS)
        {
            out.push(&text[start..i]);
            start = i;
            letters = 0;
        }
    }
    if letters > 0 {
        out.push(&text[start..]);
    }
    out
}

/// Identifies the language of `text`.
pub fn identify(text: &str) -> Language {
    let all = passages(text);
    if all.is_empty() {
        return Language::unknown();
    }
    // Evenly spread sample, always including the first and last passage.
    let step = all.len().div_ceil(MAX_PASSAGES).max(1);
    let sample: Vec<&str> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0 || *i == all.len() - 1)
        .map(|(_, p)| *p)
        .collect();
    let mut counts: Vec<(String, &'static str, usize)> = Vec::new();
    let mut total = 0usize;
    for p in sample {
        let letters = p.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 0 {
            continue;
        }
        let words: Vec<&str> = p
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        let (code, name) = if english_by_markers(&words) {
            ("en".to_string(), "English")
        } else {
            match whatlang::detect(p) {
                Some(info) => (iso639_1(info.lang()).to_string(), info.lang().eng_name()),
                // No guess at all (digits, symbols): does not count either way.
                None => continue,
            }
        };
        total += letters;
        match counts.iter_mut().find(|(c, _, _)| *c == code) {
            Some(entry) => entry.2 += letters,
            None => counts.push((code, name, letters)),
        }
    }
    if total < MIN_LETTERS {
        return Language::unknown();
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2));
    let covered_letters: usize = counts
        .iter()
        .filter(|(c, _, _)| COVERED.contains(&c.as_str()))
        .map(|(_, _, n)| n)
        .sum();
    let uncovered_percent = ((total - covered_letters) * 100 / total) as u8;
    let (code, name, _) = counts[0].clone();
    Language {
        code: Some(code),
        name: Some(name.to_string()),
        covered: covered_letters * 2 >= total,
        uncovered_percent,
    }
}

/// ISO 639-1 where it exists, else whatlang's three-letter code.
fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Spa => "es",
        Fra => "fr",
        Por => "pt",
        Deu => "de",
        Ita => "it",
        Vie => "vi",
        Cmn => "zh",
        Kor => "ko",
        Jpn => "ja",
        Ara => "ar",
        Rus => "ru",
        Ukr => "uk",
        Tgl => "tl",
        Hin => "hi",
        Amh => "am",
        Pol => "pl",
        Nld => "nl",
        Tha => "th",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_house_rules_are_covered_even_when_short() {
        for text in [
            "Residents must turn in their cell phones at intake.",
            "No visitors after 9 pm.",
            "You may keep your phone.",
            "Curfew is 10 p.m. every night.\nChores are assigned weekly.",
        ] {
            let l = identify(text);
            assert!(l.covered, "{text}: {l:?}");
        }
    }

    #[test]
    fn spanish_house_rules_are_not_covered() {
        let text = "Reglas de la casa\n\nLas residentes deben entregar sus teléfonos celulares al personal al llegar. \
                    No se permiten visitas durante los primeros treinta días. Todas las residentes deben asistir a la \
                    capilla los domingos. El toque de queda es a las nueve de la noche y quien no regrese a tiempo \
                    será dada de baja del programa.";
        let l = identify(text);
        assert!(!l.covered, "{l:?}");
        assert_eq!(l.code.as_deref(), Some("es"));
        assert_eq!(l.name.as_deref(), Some("Spanish"));
        assert!(l.uncovered_percent > 90);
    }

    #[test]
    fn a_bilingual_handbook_is_reviewed_and_says_how_much_was_left_out() {
        let en = "Residents are not required to attend religious services. You may keep your phone and use it whenever you like. \
                  Visitors are welcome in the common room during the day. Staff will talk with you before any change to your plan.\n\n";
        let es = "Las residentes no están obligadas a asistir a servicios religiosos. Puede conservar su teléfono y usarlo cuando quiera. \
                  Las visitas son bienvenidas en la sala común durante el día.\n\n";
        let l = identify(&format!("{}{}{}", en.repeat(3), es, en));
        assert!(l.covered, "{l:?}");
        assert!(l.uncovered_percent > 0 && l.uncovered_percent < 50, "{l:?}");
    }

    #[test]
    fn empty_and_symbol_only_text_is_taken_as_covered() {
        assert!(identify("").covered);
        assert!(identify("1. 2. 3. — ***").covered);
    }
}
