//! A small PDF writer for reports and certificates: headings, wrapped paragraphs and
//! shaded blocks on US Letter pages.
//!
//! Text is shaped and set in fonts that ship with tta (Noto, see `fonts`), so every name
//! prints as written, whatever its script: accents, Cyrillic, Arabic joined and right to
//! left, Ethiopic, Chinese, Japanese, Korean. Only the glyphs a document uses are embedded,
//! with a map back to the text, so readers can search, copy and extract it exactly. Lines
//! are wrapped and centred by the glyphs' real widths.

mod embed;
mod fonts;
mod layout;

use pdf_writer::{Content, Filter, Finish, Pdf, Rect, Ref, TextStr};

pub use embed::{FontRefs, Fonts};
pub use layout::{layout, text_width, wrap};

const PAGE_W: f32 = 612.0; // US Letter: programs print on it
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 56.0;

/// The weight text is set in; each weight falls back across scripts (see `fonts`).
#[derive(Clone, Copy, Debug)]
pub enum Font {
    Regular,
    Bold,
}

pub type Rgb = (f32, f32, f32);
pub const INK: Rgb = (0.11, 0.14, 0.19);
pub const MUTED: Rgb = (0.29, 0.33, 0.41);
pub const BRAND: Rgb = (0.09, 0.28, 0.40);
pub const RED: Rgb = (0.62, 0.13, 0.09);

/// Hands out object ids in order.
pub struct Refs(i32);

impl Refs {
    pub fn new() -> Refs {
        Refs(1)
    }

    pub fn alloc(&mut self) -> Ref {
        let id = Ref::new(self.0);
        self.0 += 1;
        id
    }
}

impl Default for Refs {
    fn default() -> Refs {
        Refs::new()
    }
}

pub struct Doc {
    title: String,
    fonts: Fonts,
    pages: Vec<Content>,
    content: Content,
    y: f32,
    footer: String,
}

impl Doc {
    pub fn new(title: &str, footer: &str) -> Doc {
        Doc {
            title: title.to_string(),
            fonts: Fonts::new(),
            pages: Vec::new(),
            content: Content::new(),
            y: PAGE_H - MARGIN,
            footer: footer.to_string(),
        }
    }

    fn width(&self) -> f32 {
        PAGE_W - 2.0 * MARGIN
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN + 20.0 {
            self.new_page();
        }
    }

    pub fn new_page(&mut self) {
        let done = std::mem::replace(&mut self.content, Content::new());
        self.pages.push(done);
        self.y = PAGE_H - MARGIN;
    }

    fn line(&mut self, text: &str, x: f32, font: Font, size: f32, color: Rgb) {
        self.fonts
            .text(&mut self.content, text, x, self.y - size, font, size, color);
    }

    /// A wrapped block of text.
    pub fn text(&mut self, text: &str, font: Font, size: f32, color: Rgb) {
        let leading = size * 1.35;
        for l in wrap(text, font, size, self.width()) {
            self.ensure(leading);
            self.line(&l, MARGIN, font, size, color);
            self.y -= leading;
        }
    }

    pub fn heading(&mut self, text: &str, size: f32) {
        self.ensure(size * 3.0);
        self.y -= size * 0.4;
        self.text(text, Font::Bold, size, BRAND);
        self.y -= size * 0.2;
    }

    pub fn paragraph(&mut self, text: &str) {
        self.text(text, Font::Regular, 10.5, INK);
        self.y -= 5.0;
    }

    pub fn label(&mut self, text: &str, color: Rgb) {
        self.text(text, Font::Bold, 9.5, color);
    }

    /// Text on a shaded panel with a coloured bar on the left, e.g. a quoted rule.
    pub fn quote(&mut self, text: &str, bar: Rgb) {
        let size = 10.5;
        let leading = size * 1.35;
        let lines = wrap(text, Font::Regular, size, self.width() - 20.0);
        for chunk in lines.chunks(30) {
            let h = chunk.len() as f32 * leading + 10.0;
            self.ensure(h);
            let (top, w) = (self.y, self.width());
            self.content
                .set_fill_rgb(0.95, 0.96, 0.97)
                .rect(MARGIN, top - h, w, h)
                .fill_nonzero();
            self.content
                .set_fill_rgb(bar.0, bar.1, bar.2)
                .rect(MARGIN, top - h, 4.0, h)
                .fill_nonzero();
            self.y -= 5.0;
            for l in chunk {
                self.line(l, MARGIN + 14.0, Font::Regular, size, INK);
                self.y -= leading;
            }
            self.y = top - h - 6.0;
        }
    }

    pub fn space(&mut self, h: f32) {
        self.y -= h;
    }

    pub fn rule(&mut self) {
        self.ensure(12.0);
        let (y, w) = (self.y, self.width());
        self.content
            .set_fill_rgb(0.8, 0.82, 0.86)
            .rect(MARGIN, y - 4.0, w, 0.8)
            .fill_nonzero();
        self.y -= 12.0;
    }

    /// Writes the document: page numbers in the footer, title in the metadata.
    pub fn finish(mut self) -> Vec<u8> {
        let last = std::mem::replace(&mut self.content, Content::new());
        self.pages.push(last);
        let n = self.pages.len();
        for (i, content) in self.pages.iter_mut().enumerate() {
            let footer = format!("{} · {} / {}", self.footer, i + 1, n);
            self.fonts.text(
                content,
                &footer,
                MARGIN,
                MARGIN - 20.0,
                Font::Regular,
                8.5,
                MUTED,
            );
        }
        write_pages(&self.title, self.pages, self.fonts, (PAGE_W, PAGE_H))
    }
}

/// Writes a document of `pages` (all `size` points wide and high) with the fonts drawn in.
pub fn write_pages(title: &str, pages: Vec<Content>, fonts: Fonts, size: (f32, f32)) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let mut refs = Refs::new();
    let (catalog, tree, info) = (refs.alloc(), refs.alloc(), refs.alloc());
    let ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (refs.alloc(), refs.alloc())).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(ids.iter().map(|p| p.0))
        .count(ids.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("tta"));
    let fonts = fonts.write(&mut pdf, &mut refs);
    for (content, (page_id, content_id)) in pages.into_iter().zip(ids) {
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, size.0, size.1))
            .parent(tree)
            .contents(content_id);
        let mut res = page.resources();
        fonts.add_to(&mut res);
        res.finish();
        page.finish();
        pdf.stream(content_id, &miniz_deflate(&content.finish()))
            .filter(Filter::FlateDecode);
    }
    pdf.finish()
}

pub fn miniz_deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(pdf: Vec<u8>) -> Vec<String> {
        let text = tta_review::extract(&pdf, Some("t.pdf"), Some("application/pdf"))
            .expect("the text extracts");
        text.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn reports_print_every_script_and_read_back_exactly() {
        let mut doc = Doc::new("Names", "Test");
        let names = [
            "Nguyễn Thị Minh Khai",
            "王秀英",
            "Анна Сергеевна Петрова",
            "فاطمة الزهراء",
            "መሰረት ተስፋዬ",
            "Σοφία Παπαδοπούλου",
        ];
        for name in names {
            doc.heading(name, 14.0);
            doc.paragraph(name);
        }
        let lines = lines_of(doc.finish());
        for name in names {
            assert_eq!(
                lines.iter().filter(|l| *l == name).count(),
                2,
                "{name:?} in {lines:?}"
            );
        }
    }

    #[test]
    fn letters_without_a_font_show_as_boxes_but_read_back_exactly() {
        let mut doc = Doc::new("Names", "Test");
        let names = ["שרה לוי", "प्रिया शर्मा", "Ana ✓ Ruiz"];
        for name in names {
            doc.paragraph(name);
        }
        let lines = lines_of(doc.finish());
        for name in names {
            assert!(lines.iter().any(|l| l == name), "{name:?} in {lines:?}");
        }
    }
}
