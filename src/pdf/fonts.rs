//! The fonts tta prints with, built into the binary and parsed once: Noto Sans for Latin
//! (with Vietnamese), Greek and Cyrillic, then Noto Sans Arabic, Noto Sans Ethiopic and a
//! CJK subset of Noto Sans CJK (see scripts/make-fonts and assets/fonts/OFL.txt). Each
//! character is printed in the first of these that has it, so a name in any of these
//! scripts prints as written.

use std::sync::LazyLock;

use rustybuzz::ttf_parser::{self, Tag};

use super::Font;

/// One face: its data, its shaper and what a PDF font descriptor needs to know about it.
pub struct Face {
    pub data: &'static [u8],
    pub shaper: rustybuzz::Face<'static>,
    /// The PostScript name, used (with a subset tag) as the PDF base font name.
    pub name: String,
    /// CFF outlines (embedded as CIDFontType0) rather than TrueType ones (CIDFontType2).
    pub cff: bool,
    units_per_em: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Face {
        let shaper = rustybuzz::Face::from_slice(data, 0).expect("a built-in font parses");
        let name = shaper
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| "NotoSans".into());
        let cff = shaper.raw_face().table(Tag::from_bytes(b"CFF ")).is_some();
        let units_per_em = shaper.units_per_em() as f32;
        Face {
            data,
            shaper,
            name,
            cff,
            units_per_em,
        }
    }

    pub fn glyph_count(&self) -> u16 {
        self.shaper.number_of_glyphs()
    }

    pub fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }

    /// Font units to thousandths of the font size, the unit of PDF glyph widths.
    pub fn to_milli(&self, units: f32) -> f32 {
        units * 1000.0 / self.units_per_em
    }

    /// The advance width a PDF viewer uses for `glyph`, in thousandths of the font size.
    pub fn advance(&self, glyph: u16) -> f32 {
        self.to_milli(
            self.shaper
                .glyph_hor_advance(ttf_parser::GlyphId(glyph))
                .unwrap_or(0) as f32,
        )
    }

    pub fn ascent(&self) -> f32 {
        self.to_milli(self.shaper.ascender() as f32)
    }

    pub fn descent(&self) -> f32 {
        self.to_milli(self.shaper.descender() as f32)
    }

    pub fn cap_height(&self) -> f32 {
        self.to_milli(
            self.shaper
                .capital_height()
                .unwrap_or(self.shaper.ascender()) as f32,
        )
    }

    pub fn bbox(&self) -> [f32; 4] {
        let b = self.shaper.global_bounding_box();
        [
            self.to_milli(b.x_min as f32),
            self.to_milli(b.y_min as f32),
            self.to_milli(b.x_max as f32),
            self.to_milli(b.y_max as f32),
        ]
    }
}

/// Faces by index; the index is also the font's resource name in every PDF (`/F0` …).
pub const LATIN: usize = 0;
pub const LATIN_BOLD: usize = 1;
pub const ARABIC: usize = 2;
pub const ARABIC_BOLD: usize = 3;
pub const ETHIOPIC: usize = 4;
pub const ETHIOPIC_BOLD: usize = 5;
/// One weight only: bold CJK text is emboldened by stroking its outlines.
pub const CJK: usize = 6;
pub const COUNT: usize = 7;

pub static FACES: LazyLock<[Face; COUNT]> = LazyLock::new(|| {
    [
        Face::load(include_bytes!("../../assets/fonts/NotoSans-Regular.ttf")),
        Face::load(include_bytes!("../../assets/fonts/NotoSans-Bold.ttf")),
        Face::load(include_bytes!(
            "../../assets/fonts/NotoSansArabic-Regular.ttf"
        )),
        Face::load(include_bytes!("../../assets/fonts/NotoSansArabic-Bold.ttf")),
        Face::load(include_bytes!(
            "../../assets/fonts/NotoSansEthiopic-Regular.ttf"
        )),
        Face::load(include_bytes!(
            "../../assets/fonts/NotoSansEthiopic-Bold.ttf"
        )),
        Face::load(include_bytes!("../../assets/fonts/NotoSansCJK-Common.otf")),
    ]
});

/// The order in which faces are tried for a character.
pub fn chain(font: Font) -> [usize; 4] {
    match font {
        Font::Regular => [LATIN, ARABIC, ETHIOPIC, CJK],
        Font::Bold => [LATIN_BOLD, ARABIC_BOLD, ETHIOPIC_BOLD, CJK],
    }
}

/// Whether text in `face` needs the stroke that stands in for a bold weight.
pub fn fake_bold(face: usize, font: Font) -> bool {
    face == CJK && matches!(font, Font::Bold)
}

/// Characters that belong to no script of their own (spaces, digits, punctuation, joiners,
/// combining marks) stay in the face of the text around them when it has them, so a name's
/// space or a mark over a letter does not switch fonts mid-word.
fn neutral(c: char) -> bool {
    !c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)
}

/// Splits `text` into runs of one face each: (byte range, face).
pub fn runs(text: &str, font: Font) -> Vec<(std::ops::Range<usize>, usize)> {
    let faces = &*FACES;
    let order = chain(font);
    let mut out: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        let prev = out.last().map(|r| r.1);
        let face = match prev {
            Some(p) if neutral(c) && faces[p].has(c) => p,
            // A character no face has goes to the first face, which keeps its text (see `embed`).
            _ => order
                .iter()
                .copied()
                .find(|&f| faces[f].has(c))
                .unwrap_or(order[0]),
        };
        match out.last_mut() {
            Some(last) if last.1 == face => last.0.end = i + c.len_utf8(),
            _ => out.push((i..i + c.len_utf8(), face)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_of_a_name_finds_its_face() {
        let faces = |s: &str| {
            runs(s, Font::Regular)
                .into_iter()
                .map(|r| r.1)
                .collect::<Vec<_>>()
        };
        assert_eq!(faces("Nguyễn Thị Minh Khai"), [LATIN]);
        assert_eq!(faces("Анна Сергеевна Петрова"), [LATIN]);
        assert_eq!(faces("فاطمة الزهراء"), [ARABIC]);
        assert_eq!(faces("መሰረት ተስፋዬ"), [ETHIOPIC]);
        assert_eq!(faces("王秀英"), [CJK]);
        assert_eq!(faces("Ana 王秀英 فاطمة"), [LATIN, CJK, LATIN, ARABIC]);
    }
}
