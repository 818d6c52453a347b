//! tta's PDFs read and edited by other software: the text lopdf and poppler's `pdftotext`
//! extract (through each font's ToUnicode map), the lines on a page with their position and
//! size, the embedded fonts, and a printed line replaced the way a PDF editor does it.

use lopdf::{dictionary, Document, Encoding, Object};

/// Names from around the world, each in its own script: Vietnamese, Chinese, Russian,
/// Arabic, Amharic.
pub const WORLD_NAMES: [&str; 5] = [
    "Nguyễn Thị Minh Khai",
    "王秀英",
    "Анна Сергеевна Петрова",
    "فاطمة الزهراء",
    "መሰረት ተስፋዬ",
];

/// One text object on a page (tta draws each line as one): baseline, font size, text.
#[derive(Debug)]
pub struct Line {
    pub y: f32,
    pub size: f32,
    pub text: String,
    /// Where the text object starts and ends (its `BT` and `ET`) among the page's operations.
    ops: (usize, usize),
}

fn num(o: &Object) -> f32 {
    o.as_float()
        .or_else(|_| o.as_i64().map(|i| i as f32))
        .expect("a number")
}

/// Every line of text on the first page, in the order drawn.
pub fn lines(pdf: &[u8]) -> Vec<Line> {
    let doc = Document::load_mem(pdf).expect("the PDF loads");
    let (_, page) = doc.get_pages().into_iter().next().expect("a page");
    let fonts = doc.get_page_fonts(page).expect("the page's fonts");
    let encodings: Vec<(Vec<u8>, Encoding)> = fonts
        .into_iter()
        .map(|(name, f)| (name, f.get_font_encoding(&doc).expect("a font encoding")))
        .collect();
    let content = doc
        .get_and_decode_page_content(page)
        .expect("the page content parses");
    let mut out = Vec::new();
    let mut current: Option<Line> = None;
    let mut encoding = None;
    for (i, op) in content.operations.iter().enumerate() {
        match op.operator.as_str() {
            "BT" => {
                current = Some(Line {
                    y: 0.0,
                    size: 0.0,
                    text: String::new(),
                    ops: (i, i),
                })
            }
            "ET" => {
                if let Some(mut l) = current.take() {
                    l.ops.1 = i;
                    out.push(l);
                }
            }
            "Tf" => {
                let name = op.operands[0].as_name().unwrap();
                encoding = encodings
                    .iter()
                    .find(|(n, _)| n.as_slice() == name)
                    .map(|(_, e)| e);
                if let Some(l) = current.as_mut().filter(|l| l.text.is_empty()) {
                    l.size = num(&op.operands[1]);
                }
            }
            "Tm" | "Td" => {
                let y = num(&op.operands[op.operands.len() - 1]);
                if let Some(l) = current.as_mut().filter(|l| l.text.is_empty()) {
                    l.y = y;
                }
            }
            "Tj" | "TJ" => {
                let strings: Vec<&Object> = match &op.operands[0] {
                    Object::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                let (l, e) = (
                    current.as_mut().expect("text inside BT"),
                    encoding.expect("a font is set"),
                );
                for s in strings {
                    if let Object::String(bytes, _) = s {
                        l.text
                            .push_str(&Document::decode_text(e, bytes).expect("the text decodes"));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The text lopdf extracts from every page.
pub fn lopdf_text(pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).expect("the PDF loads");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("lopdf extracts the text")
}

/// The text poppler's `pdftotext` extracts, laid out by position with the bidirectional
/// algorithm applied, less the embedding marks it puts around right-to-left runs.
pub fn pdftotext(pdf: &[u8]) -> String {
    let dir = crate::helpers::tempfile_dir::TempDir::new();
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext reads the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(['\u{202a}', '\u{202b}', '\u{202c}'], "")
}

/// Whether `text` has a line that is exactly `want` (after trimming).
pub fn has_line(text: &str, want: &str) -> bool {
    text.lines().any(|l| l.trim() == want)
}

/// (BaseFont, length of the embedded font program) of every embedded font.
pub fn embedded_fonts(pdf: &[u8]) -> Vec<(String, usize)> {
    let doc = Document::load_mem(pdf).expect("the PDF loads");
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        let name = String::from_utf8_lossy(d.get(b"FontName").and_then(Object::as_name).unwrap())
            .into_owned();
        let file = [b"FontFile2".as_slice(), b"FontFile3"]
            .iter()
            .find_map(|k| d.get(k).ok())
            .expect("the font is embedded");
        let stream = doc
            .get_object(file.as_reference().unwrap())
            .and_then(Object::as_stream)
            .unwrap();
        out.push((
            name,
            stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone())
                .len(),
        ));
    }
    out
}

/// The PDF with the printed line `from` replaced by `to` and saved again, as a PDF editor
/// does it when the embedded font lacks the new letters: the line is set again in
/// Helvetica at the same place and size.
pub fn replace_line(pdf: &[u8], from: &str, to: &str) -> Vec<u8> {
    let found = lines(pdf)
        .into_iter()
        .find(|l| l.text == from)
        .unwrap_or_else(|| panic!("{from:?} is a line on the page: {:?}", lines(pdf)));
    let mut doc = Document::load_mem(pdf).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let helvetica = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let page_dict = doc
        .get_object_mut(page)
        .and_then(Object::as_dict_mut)
        .unwrap();
    let resources = page_dict
        .get_mut(b"Resources")
        .and_then(Object::as_dict_mut)
        .unwrap();
    resources
        .get_mut(b"Font")
        .and_then(Object::as_dict_mut)
        .unwrap()
        .set("Edited", helvetica);
    let mut content = doc.get_and_decode_page_content(page).unwrap();
    let (start, end) = found.ops;
    let x = content.operations[start..end]
        .iter()
        .find(|op| op.operator == "Tm")
        .map(|op| num(&op.operands[4]))
        .unwrap_or(0.0);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(to);
    assert!(!unmappable, "{to:?} can be set in Helvetica");
    let kept: Vec<lopdf::content::Operation> = content.operations[start + 1..end]
        .iter()
        .filter(|op| matches!(op.operator.as_str(), "rg" | "g"))
        .cloned()
        .collect();
    let mut replacement = vec![content.operations[start].clone()];
    replacement.extend(kept);
    replacement.push(lopdf::content::Operation::new(
        "Tf",
        vec!["Edited".into(), found.size.into()],
    ));
    replacement.push(lopdf::content::Operation::new(
        "Td",
        vec![x.into(), found.y.into()],
    ));
    replacement.push(lopdf::content::Operation::new(
        "Tj",
        vec![Object::string_literal(bytes.into_owned())],
    ));
    replacement.push(content.operations[end].clone());
    content.operations.splice(start..=end, replacement);
    doc.change_page_content(page, content.encode().unwrap())
        .unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}
