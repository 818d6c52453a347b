//! A small PDF writer for reports and certificates: headings, wrapped paragraphs and
//! shaded blocks on A4/Letter pages, in the PDF base fonts (Helvetica), so no font files
//! ship with tta and every reader can show and search the text.
//!
//! Text is encoded as WinAnsi (Windows-1252), which covers English and Spanish; other
//! characters become "?". Line breaking estimates glyph widths from a coarse table,
//! erring wide, so lines never overflow the margin.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_W: f32 = 612.0; // US Letter: programs print on it
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 56.0;

#[derive(Clone, Copy)]
pub enum Font {
    Regular,
    Bold,
}

impl Font {
    pub fn name(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }
}

pub type Rgb = (f32, f32, f32);
pub const INK: Rgb = (0.11, 0.14, 0.19);
pub const MUTED: Rgb = (0.29, 0.33, 0.41);
pub const BRAND: Rgb = (0.09, 0.28, 0.40);
pub const RED: Rgb = (0.62, 0.13, 0.09);

/// Estimated advance width of a character in Helvetica, in thousandths of the font size.
fn glyph_width(c: char, font: Font) -> f32 {
    let w = match c {
        'i' | 'j' | 'l' | '\'' | '|' | '.' | ',' | ':' | ';' | '!' => 280.0,
        ' ' | 'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' | '/' => 340.0,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 890.0,
        'A'..='Z' => 730.0,
        '0'..='9' => 560.0,
        _ => 570.0,
    };
    match font {
        Font::Regular => w,
        Font::Bold => w * 1.07,
    }
}

pub fn text_width(s: &str, font: Font, size: f32) -> f32 {
    s.chars().map(|c| glyph_width(c, font)).sum::<f32>() * size / 1000.0
}

/// Breaks text into lines no wider than `width`; long words are split.
pub fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if text_width(&candidate, font, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if text_width(&piece, font, size) > width {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

/// What the base fonts can print of `s`: characters outside Windows-1252 lose their
/// accents ("Nguyễn" prints as "Nguyen"), and anything still unprintable becomes "?".
/// Whoever compares a printed document with its source (certificate verification) compares
/// against this, not the original.
pub fn printable(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let fits = |c: char| {
        let mut buf = [0u8; 4];
        !encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf)).2
    };
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if fits(c) {
            out.push(c);
            continue;
        }
        let base: String = c.to_string().nfd().filter(|&d| fits(d) && !unicode_normalization::char::is_combining_mark(d)).collect();
        if base.is_empty() {
            out.push('?');
        } else {
            out.push_str(&base);
        }
    }
    out
}

pub fn encode(s: &str) -> Vec<u8> {
    let text = printable(s);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    bytes.into_owned()
}

pub struct Doc {
    title: String,
    pages: Vec<Content>,
    content: Content,
    y: f32,
    footer: String,
}

impl Doc {
    pub fn new(title: &str, footer: &str) -> Doc {
        Doc { title: title.to_string(), pages: Vec::new(), content: Content::new(), y: PAGE_H - MARGIN, footer: footer.to_string() }
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
        let bytes = encode(text);
        self.content
            .begin_text()
            .set_fill_rgb(color.0, color.1, color.2)
            .set_font(font.name(), size)
            .next_line(x, self.y - size)
            .show(Str(&bytes))
            .end_text();
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
            self.content.set_fill_rgb(0.95, 0.96, 0.97).rect(MARGIN, top - h, w, h).fill_nonzero();
            self.content.set_fill_rgb(bar.0, bar.1, bar.2).rect(MARGIN, top - h, 4.0, h).fill_nonzero();
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
        self.content.set_fill_rgb(0.8, 0.82, 0.86).rect(MARGIN, y - 4.0, w, 0.8).fill_nonzero();
        self.y -= 12.0;
    }

    /// Writes the document: page numbers in the footer, title in the metadata.
    pub fn finish(mut self) -> Vec<u8> {
        let last = std::mem::replace(&mut self.content, Content::new());
        self.pages.push(last);
        let n = self.pages.len();
        let mut pdf = Pdf::new();
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let regular = Ref::new(3);
        let bold = Ref::new(4);
        let info = Ref::new(5);
        let first = 6;
        let page_ids: Vec<Ref> = (0..n).map(|i| Ref::new(first + 2 * i as i32)).collect();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids(page_ids.iter().copied()).count(n as i32);
        pdf.type1_font(regular).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.document_info(info).title(TextStr(&self.title)).producer(TextStr("tta"));
        for (i, mut content) in self.pages.into_iter().enumerate() {
            let footer = format!("{} · {} / {}", self.footer, i + 1, n);
            let bytes = encode(&footer);
            content
                .begin_text()
                .set_fill_rgb(MUTED.0, MUTED.1, MUTED.2)
                .set_font(Font::Regular.name(), 8.5)
                .next_line(MARGIN, MARGIN - 20.0)
                .show(Str(&bytes))
                .end_text();
            let page_id = page_ids[i];
            let content_id = Ref::new(page_id.get() + 1);
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).parent(tree).contents(content_id);
            let mut res = page.resources();
            res.fonts().pair(Font::Regular.name(), regular).pair(Font::Bold.name(), bold);
            res.finish();
            page.finish();
            let raw = content.finish();
            let compressed = miniz_deflate(&raw);
            pdf.stream(content_id, &compressed).filter(Filter::FlateDecode);
        }
        pdf.finish()
    }
}

pub fn miniz_deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn unprintable_letters_lose_their_accents_not_their_letters() {
        assert_eq!(super::printable("Nguyễn Thị Hoa"), "Nguyen Thi Hoa");
        assert_eq!(super::printable("José Muñoz"), "José Muñoz");
        assert_eq!(super::printable("李"), "?");
    }
}
