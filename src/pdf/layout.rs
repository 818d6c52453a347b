//! Lays out a line of text: the Unicode bidirectional algorithm orders right-to-left runs
//! (Arabic) among left-to-right ones, each run is split by face (see `fonts`) and shaped
//! with rustybuzz (Arabic letters join, marks stack), and the result is measured with the
//! fonts' real advances, which is also how lines are wrapped and centred.

use std::{
    collections::{HashMap, VecDeque},
    ops::Range,
};

use rustybuzz::{Direction, UnicodeBuffer};
use unicode_bidi::{Level, ParagraphBidiInfo};

use super::{fonts, Font};

/// A shaped glyph, positioned in thousandths of the font size from the line's start.
#[derive(Clone, Debug)]
pub struct Glyph {
    pub id: u16,
    pub x: f32,
    pub y: f32,
    /// The text it stands for (the whole cluster for its first glyph, empty for the rest).
    pub text: Range<usize>,
}

/// Glyphs of one face and one direction, in logical (reading) order.
#[derive(Debug)]
pub struct Run {
    pub face: usize,
    pub rtl: bool,
    pub text: Range<usize>,
    pub glyphs: Vec<Glyph>,
}

/// A laid-out line: its runs in reading order and its width in thousandths of the size.
#[derive(Debug)]
pub struct Line {
    pub text: String,
    pub runs: Vec<Run>,
    pub width: f32,
}

impl Line {
    pub fn width_at(&self, size: f32) -> f32 {
        self.width * size / 1000.0
    }
}

/// Shapes `text` (one line: line breaks count as spaces) in `font`'s faces.
pub fn layout(text: &str, font: Font) -> Line {
    let text: String = text
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut runs = Vec::new();
    let mut pen = 0.0;
    if text.is_empty() {
        return Line {
            text,
            runs,
            width: pen,
        };
    }
    // Left-to-right is the paragraph direction: tta's pages read that way, and a list
    // number before an Arabic name stays on the left.
    let bidi = ParagraphBidiInfo::new(&text, Some(Level::ltr()));
    let (levels, visual) = bidi.visual_runs(0..text.len());
    for range in visual {
        let rtl = levels[range.start].is_rtl();
        let mut pieces: Vec<(Range<usize>, usize)> = fonts::runs(&text[range.clone()], font)
            .into_iter()
            .map(|(r, f)| (r.start + range.start..r.end + range.start, f))
            .collect();
        if rtl {
            pieces.reverse();
        }
        for (r, face) in pieces {
            let run = shape(&text, r, face, rtl, &mut pen);
            runs.push(run);
        }
    }
    runs.sort_by_key(|r| r.text.start);
    Line {
        text,
        runs,
        width: pen,
    }
}

/// Shapes one run starting at `pen` (advancing it), returning its glyphs in logical order.
fn shape(text: &str, range: Range<usize>, face: usize, rtl: bool, pen: &mut f32) -> Run {
    let f = &fonts::FACES[face];
    let mut buf = UnicodeBuffer::new();
    buf.push_str(&text[range.clone()]);
    buf.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    buf.guess_segment_properties();
    let out = rustybuzz::shape(&f.shaper, &[], buf);
    let (infos, positions) = (out.glyph_infos(), out.glyph_positions());
    let mut glyphs = Vec::with_capacity(infos.len());
    for (info, pos) in infos.iter().zip(positions) {
        glyphs.push(Glyph {
            id: info.glyph_id as u16,
            x: *pen + f.to_milli(pos.x_offset as f32),
            y: f.to_milli(pos.y_offset as f32),
            text: range.start + info.cluster as usize..0,
        });
        *pen += f.to_milli(pos.x_advance as f32);
    }
    // Shaping gives glyphs in visual order; extractors and copy-and-paste read a content
    // stream in the order it is written, so right-to-left glyphs are written in reading order.
    if rtl {
        glyphs.reverse();
    }
    // Each cluster's text runs from its start to the next cluster's start (clusters are
    // monotonic in reading order); only a cluster's first glyph carries it.
    let mut i = 0;
    while i < glyphs.len() {
        let start = glyphs[i].text.start;
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].text.start == start {
            glyphs[j].text = start..start;
            j += 1;
        }
        let end = glyphs[j..]
            .iter()
            .map(|g| g.text.start)
            .find(|&s| s > start)
            .unwrap_or(range.end);
        glyphs[i].text = start..end;
        i = j;
    }
    Run {
        face,
        rtl,
        text: range,
        glyphs,
    }
}

/// The width of `text` set in `font` at `size` points.
pub fn text_width(text: &str, font: Font, size: f32) -> f32 {
    layout(text, font).width_at(size)
}

/// Breaks text into lines no wider than `width` points at `size`, at spaces where it can
/// and inside a word too long for a line of its own. Newlines start new lines.
pub fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let limit = width * 1000.0 / size;
    // Words are shaped once each and summed; a finished line is shaped whole once more,
    // since kerning or joining across a space can make it a little wider than the sum.
    let mut measured: HashMap<String, f32> = HashMap::new();
    let mut measure = |s: &str| -> f32 {
        *measured
            .entry(s.to_string())
            .or_insert_with(|| layout(s, font).width)
    };
    let space = measure(" ");
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut queue: VecDeque<String> = para.split_whitespace().map(String::from).collect();
        if queue.is_empty() {
            lines.push(String::new());
        }
        let mut line: Vec<String> = Vec::new();
        let mut estimate = 0.0;
        loop {
            let Some(word) = queue.pop_front() else {
                if line.is_empty() {
                    break;
                }
                lines.push(close(&mut line, font, limit, &mut queue));
                estimate = 0.0;
                continue;
            };
            let w = measure(&word);
            if line.is_empty() && w > limit {
                let (pieces, rest) = split_word(&word, font, limit);
                lines.extend(pieces);
                estimate = measure(&rest);
                line.push(rest);
            } else if line.is_empty() || estimate + space + w <= limit {
                estimate += if line.is_empty() { w } else { space + w };
                line.push(word);
            } else {
                queue.push_front(word);
                lines.push(close(&mut line, font, limit, &mut queue));
                estimate = 0.0;
            }
        }
    }
    lines
}

/// Joins a line's words, handing trailing words back to `queue` while the shaped line is
/// wider than `limit` (a single word always stays).
fn close(line: &mut Vec<String>, font: Font, limit: f32, queue: &mut VecDeque<String>) -> String {
    loop {
        let joined = line.join(" ");
        if line.len() <= 1 || layout(&joined, font).width <= limit {
            line.clear();
            return joined;
        }
        if let Some(last) = line.pop() {
            queue.push_front(last);
        }
    }
}

/// Cuts a word too wide for a line into pieces that fit, between characters (never
/// inside a character and its combining marks); returns the full pieces and the rest.
fn split_word(word: &str, font: Font, limit: f32) -> (Vec<String>, String) {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let mut unit = c.to_string();
        while let Some(&m) = chars.peek() {
            if !unicode_normalization::char::is_combining_mark(m) {
                break;
            }
            unit.push(m);
            chars.next();
        }
        let candidate = format!("{piece}{unit}");
        if !piece.is_empty() && layout(&candidate, font).width > limit {
            pieces.push(std::mem::replace(&mut piece, unit));
        } else {
            piece = candidate;
        }
    }
    (pieces, piece)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_mixed_script_lines_never_exceed_the_width() {
        let text = "Nguyễn Thị Minh Khai, 王秀英, Анна Сергеевна Петрова, فاطمة الزهراء and መሰረት ተስፋዬ \
                    completed Trauma-Informed Care: Foundations for Advocates — 学习 كيف تساعد الناجين ፈተና \
                    Supercalifragilisticexpialidociousandthensomemoreletters 王秀英王秀英王秀英王秀英王秀英王秀英王秀英王秀英";
        for font in [Font::Regular, Font::Bold] {
            for (size, width) in [(10.5, 500.0), (26.0, 632.0), (11.0, 90.0), (14.0, 40.0)] {
                let lines = wrap(text, font, size, width);
                assert!(lines.len() > 1);
                for l in &lines {
                    let w = text_width(l, font, size);
                    assert!(
                        w <= width + 0.01,
                        "{l:?} is {w} wide at {size}pt, more than {width}"
                    );
                }
                let joined: String = lines
                    .concat()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                assert_eq!(joined, original, "no text lost or reordered by wrapping");
            }
        }
    }

    #[test]
    fn arabic_is_shaped_and_laid_right_to_left_but_kept_in_reading_order() {
        let line = layout("1. فاطمة", Font::Regular);
        assert_eq!(line.runs.len(), 2);
        let (latin, arabic) = (&line.runs[0], &line.runs[1]);
        assert!(!latin.rtl && arabic.rtl);
        // The first letter read is drawn rightmost, after the number.
        let xs: Vec<f32> = arabic.glyphs.iter().map(|g| g.x).collect();
        assert!(xs.windows(2).all(|w| w[0] > w[1]), "{xs:?}");
        assert!(xs.iter().all(|&x| x >= latin.glyphs.last().unwrap().x));
        // Joined forms: the same letter in isolation is a different glyph.
        let alone = layout("ف", Font::Regular).runs[0].glyphs[0].id;
        assert_ne!(arabic.glyphs[0].id, alone, "initial form of feh");
        let text: String = arabic
            .glyphs
            .iter()
            .map(|g| &line.text[g.text.clone()])
            .collect();
        assert_eq!(text, "فاطمة");
    }

    #[test]
    fn any_text_lays_out_and_keeps_every_character() {
        for text in [
            "\u{301}a",
            "abc\u{202e}def\u{202c}",
            "a\u{2029}b\r\nc",
            "👩🏽‍⚕️ שלום Ωμέγα",
            "\u{200f}\u{200e}",
            "مرحبا 123 world ١٢٣",
            "\u{fffd}\u{10ffff}",
        ] {
            let line = layout(text, Font::Bold);
            let glyph_text: String = line
                .runs
                .iter()
                .flat_map(|r| &r.glyphs)
                .map(|g| &line.text[g.text.clone()])
                .collect();
            let mut got: Vec<char> = glyph_text.chars().collect();
            let mut want: Vec<char> = line.text.chars().collect();
            got.sort();
            want.sort();
            assert_eq!(got, want, "{text:?}");
            assert!(line.width >= 0.0);
        }
    }

    #[test]
    fn empty_text_lays_out_as_nothing() {
        assert_eq!(layout("", Font::Regular).width, 0.0);
        assert_eq!(wrap("", Font::Regular, 10.0, 100.0), vec![String::new()]);
        assert_eq!(
            wrap("a\n\nb", Font::Regular, 10.0, 100.0),
            vec!["a", "", "b"]
        );
    }

    #[test]
    fn real_advances_measure_narrow_and_wide_letters_differently() {
        assert!(
            text_width("iiii", Font::Regular, 10.0) < text_width("WWWW", Font::Regular, 10.0) / 2.0
        );
        assert!(text_width("Anna", Font::Bold, 10.0) > text_width("Anna", Font::Regular, 10.0));
    }
}
