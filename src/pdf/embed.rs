//! Draws laid-out lines into PDF content and embeds what they used: each face as a Type0
//! font with Identity-H encoding (two-byte glyph ids), a subset with only the glyphs drawn,
//! real advance widths, and a ToUnicode map so the text can be searched, copied and read
//! back exactly. Right-to-left runs are written in reading order, each glyph placed where it
//! belongs: readers that take text in content order (tta's extractor, lopdf) and readers
//! that sort glyphs by position and apply the bidirectional algorithm (poppler) both read
//! Arabic as it was written. (An /ActualText span would make poppler reverse it.)

use std::collections::BTreeMap;

use pdf_writer::{
    types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap},
    Content, Filter, Finish, Name, Pdf, Rect, Ref, Str,
};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::{
    fonts::{self, FACES},
    layout::{layout, Line},
    miniz_deflate, Font, Refs, Rgb,
};

/// Resource names of the faces, by index.
const NAMES: [&[u8]; fonts::COUNT] = [b"F0", b"F1", b"F2", b"F3", b"F4", b"F5", b"F6"];

const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// The glyphs of one face a document used, numbered as they will be in its subset.
struct Used {
    glyphs: GlyphRemapper,
    text: BTreeMap<u16, String>,
    /// Characters no face has. Each is drawn as the empty box (.notdef) under a CID of its
    /// own, numbered from the face's glyph count up and mapped to glyph 0, so that the text
    /// still reads back exactly (a certificate for a name in a script without a font here
    /// still verifies).
    missing: Vec<String>,
}

impl Used {
    fn cid(&mut self, face: &fonts::Face, glyph: u16, text: &str) -> u16 {
        if glyph != 0 || face.cff || text.is_empty() {
            return self.glyphs.remap(glyph);
        }
        let i = self
            .missing
            .iter()
            .position(|m| m == text)
            .unwrap_or_else(|| {
                self.missing.push(text.to_string());
                self.missing.len() - 1
            });
        face.glyph_count() + i as u16
    }
}

/// The fonts of one document: what was drawn with each face so far.
#[derive(Default)]
pub struct Fonts {
    used: [Option<Used>; fonts::COUNT],
}

/// The font objects a finished document refers to from its pages.
pub struct FontRefs(Vec<(usize, Ref)>);

impl FontRefs {
    pub fn add_to(&self, resources: &mut pdf_writer::writers::Resources) {
        let mut dict = resources.fonts();
        for &(face, id) in &self.0 {
            dict.pair(Name(NAMES[face]), id);
        }
    }
}

impl Fonts {
    pub fn new() -> Fonts {
        Fonts::default()
    }

    /// Lays out and draws `text` with its left end at `x` and its baseline at `y`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        c: &mut Content,
        text: &str,
        x: f32,
        y: f32,
        font: Font,
        size: f32,
        color: Rgb,
    ) {
        let line = layout(text, font);
        self.draw(c, &line, x, y, font, size, color);
    }

    /// Draws `text` centred on `center`; returns its width.
    #[allow(clippy::too_many_arguments)]
    pub fn centered(
        &mut self,
        c: &mut Content,
        text: &str,
        center: f32,
        y: f32,
        font: Font,
        size: f32,
        color: Rgb,
    ) -> f32 {
        let line = layout(text, font);
        let width = line.width_at(size);
        self.draw(c, &line, center - width / 2.0, y, font, size, color);
        width
    }

    /// Draws `line` with its left end at `x` and its baseline at `y`.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &mut self,
        c: &mut Content,
        line: &Line,
        x: f32,
        y: f32,
        font: Font,
        size: f32,
        color: Rgb,
    ) {
        if line.runs.is_empty() {
            return;
        }
        let milli = size / 1000.0;
        c.begin_text();
        c.set_fill_rgb(color.0, color.1, color.2);
        for run in line.runs.iter().filter(|r| !r.glyphs.is_empty()) {
            let face = &FACES[run.face];
            let used = self.used[run.face].get_or_insert_with(|| Used {
                glyphs: GlyphRemapper::new(),
                text: BTreeMap::new(),
                missing: Vec::new(),
            });
            c.set_font(Name(NAMES[run.face]), size);
            let bold = fonts::fake_bold(run.face, font);
            if bold {
                c.set_text_rendering_mode(TextRenderingMode::FillStroke);
                c.set_stroke_rgb(color.0, color.1, color.2);
                c.set_line_width(size * 0.035);
            }
            let first = run.glyphs[0].x;
            c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x + first * milli, y]);
            // The pen is where the viewer will have moved after the glyphs so far; each glyph
            // that should sit elsewhere (kerning, marks, right-to-left order) gets an
            // adjustment before it.
            let mut pen = first;
            let mut rise = 0.0;
            let mut tj = Tj::default();
            for g in &run.glyphs {
                if g.y != rise {
                    tj.flush(c);
                    rise = g.y;
                    c.set_rise(rise * milli);
                }
                tj.adjust(pen - g.x);
                let cid = used.cid(face, g.id, &line.text[g.text.clone()]);
                if !g.text.is_empty() {
                    used.text
                        .entry(cid)
                        .or_insert_with(|| line.text[g.text.clone()].to_string());
                }
                tj.glyph(cid);
                pen = g.x + face.advance(g.id);
            }
            tj.flush(c);
            if rise != 0.0 {
                c.set_rise(0.0);
            }
            if bold {
                c.set_text_rendering_mode(TextRenderingMode::Fill);
            }
        }
        c.end_text();
    }

    /// Writes the font objects of every face drawn with.
    pub fn write(self, pdf: &mut Pdf, refs: &mut Refs) -> FontRefs {
        let mut out = Vec::new();
        for (face, used) in self.used.into_iter().enumerate() {
            if let Some(used) = used {
                out.push((face, write_font(pdf, refs, face, used)));
            }
        }
        FontRefs(out)
    }
}

/// A `TJ` array being built: runs of glyph ids with adjustments between them.
#[derive(Default)]
struct Tj {
    items: Vec<(f32, Vec<u8>)>,
}

impl Tj {
    fn adjust(&mut self, by: f32) {
        if by.abs() > 0.01 {
            self.items.push((by, Vec::new()));
        } else if self.items.is_empty() {
            self.items.push((0.0, Vec::new()));
        }
    }

    fn glyph(&mut self, cid: u16) {
        if let Some(last) = self.items.last_mut() {
            last.1.extend(cid.to_be_bytes());
        }
    }

    fn flush(&mut self, c: &mut Content) {
        if self.items.is_empty() {
            return;
        }
        let mut op = c.show_positioned();
        let mut items = op.items();
        for (i, (by, glyphs)) in self.items.iter().enumerate() {
            if i > 0 || *by != 0.0 {
                items.adjust(*by);
            }
            if !glyphs.is_empty() {
                items.show(Str(glyphs));
            }
        }
        items.finish();
        op.finish();
        self.items.clear();
    }
}

/// Writes one face as a Type0 font over a subset of it; returns the Type0 font's id.
fn write_font(pdf: &mut Pdf, refs: &mut Refs, index: usize, used: Used) -> Ref {
    let face = &FACES[index];
    let (type0, cid, descriptor, cmap, file) = (
        refs.alloc(),
        refs.alloc(),
        refs.alloc(),
        refs.alloc(),
        refs.alloc(),
    );
    let old: Vec<u16> = used.glyphs.remapped_gids().collect();

    // A subset is named by a tag derived from its glyphs, as the PDF format asks; the same
    // glyphs give the same name, so the same document gives the same bytes.
    let digest = Sha256::digest(
        old.iter()
            .flat_map(|g| g.to_be_bytes())
            .collect::<Vec<u8>>(),
    );
    let tag: String = digest
        .iter()
        .take(6)
        .map(|b| (b'A' + b % 26) as char)
        .collect();
    let base = format!("{tag}+{}", face.name);

    let mut t0 = pdf.type0_font(type0);
    if face.cff {
        t0.base_font(Name(format!("{base}-Identity-H").as_bytes()));
    } else {
        t0.base_font(Name(base.as_bytes()));
    }
    t0.encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    t0.finish();

    let mut cf = pdf.cid_font(cid);
    cf.subtype(if face.cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    });
    cf.base_font(Name(base.as_bytes()))
        .system_info(IDENTITY)
        .font_descriptor(descriptor)
        .default_width(0.0);
    let gid_map = (!used.missing.is_empty()).then(|| refs.alloc());
    match gid_map {
        Some(map) => cf.cid_to_gid_map_stream(map),
        None if !face.cff => cf.cid_to_gid_map_predefined(Name(b"Identity")),
        None => &mut cf,
    };
    // Listed one by one: some readers misread the `first last width` form.
    let mut widths = cf.widths();
    widths.consecutive(0, old.iter().map(|&g| face.advance(g)));
    if !used.missing.is_empty() {
        widths.consecutive(
            face.glyph_count(),
            used.missing.iter().map(|_| face.advance(0)),
        );
    }
    widths.finish();
    cf.finish();
    if let Some(map) = gid_map {
        // CIDs of the subset are its glyph ids; the missing characters' CIDs all show glyph 0.
        let count = face.glyph_count() as usize + used.missing.len();
        let gids: Vec<u8> = (0..count)
            .flat_map(|cid| (if cid < old.len() { cid as u16 } else { 0 }).to_be_bytes())
            .collect();
        pdf.stream(map, &miniz_deflate(&gids))
            .filter(Filter::FlateDecode);
    }

    let bold = matches!(
        index,
        fonts::LATIN_BOLD | fonts::ARABIC_BOLD | fonts::ETHIOPIC_BOLD
    );
    let [x0, y0, x1, y1] = face.bbox();
    let mut fd = pdf.font_descriptor(descriptor);
    fd.name(Name(base.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(x0, y0, x1, y1))
        .italic_angle(0.0)
        .ascent(face.ascent())
        .descent(face.descent())
        .cap_height(face.cap_height())
        .stem_v(if bold { 140.0 } else { 80.0 });
    if face.cff {
        fd.font_file3(file);
    } else {
        fd.font_file2(file);
    }
    fd.finish();

    let program = subset(face, &used.glyphs);
    let packed = miniz_deflate(&program);
    let mut stream = pdf.stream(file, &packed);
    stream.filter(Filter::FlateDecode);
    if face.cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.pair(Name(b"Length1"), program.len() as i32);
    }
    stream.finish();

    let mut map = UnicodeCmap::new(Name(b"Tta-UCS"), IDENTITY);
    for (&cid, text) in &used.text {
        map.pair_with_multiple(cid, text.chars());
    }

    let map = miniz_deflate(&map.finish());
    let mut cm = pdf.cmap(cmap, &map);
    cm.filter(Filter::FlateDecode);
    cm.name(Name(b"Tta-UCS")).system_info(IDENTITY);
    cm.finish();
    type0
}

/// The font program to embed: a TrueType subset whole, or the bare CFF table of a CFF one
/// (as `CIDFontType0C` asks). Glyph ids of the subset are the CIDs drawn.
fn subset(face: &fonts::Face, glyphs: &GlyphRemapper) -> Vec<u8> {
    let data = subsetter::subset(face.data, 0, glyphs).expect("the built-in fonts subset");
    if !face.cff {
        return data;
    }
    rustybuzz::ttf_parser::RawFace::parse(&data, 0)
        .ok()
        .and_then(|raw| raw.table(rustybuzz::ttf_parser::Tag::from_bytes(b"CFF ")))
        .map(<[u8]>::to_vec)
        .expect("a CFF subset has a CFF table")
}
