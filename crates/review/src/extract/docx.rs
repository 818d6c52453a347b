//! DOCX (Word) to text.
//!
//! A DOCX file is a ZIP archive; the body text lives in `word/document.xml`.
//! Each `<w:p>` paragraph becomes a line. Paragraphs with numbering
//! properties (`<w:numPr>`) are list items and get a "- " bullet, and
//! paragraphs styled as headings get "# ", so the splitter sees the same
//! structure a reader sees in Word.
//!
//! Uploads are untrusted, so the archive is checked before anything is
//! inflated: the declared uncompressed sizes must stay under
//! [`super::MAX_DOCX_UNCOMPRESSED`], and the document part is read through a
//! hard cap in case the declared size lies (a "zip bomb").

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::ZipArchive;

use super::{ExtractError, Kind, MAX_DOCX_UNCOMPRESSED};

const DOCUMENT: &str = "word/document.xml";
const MAX_ENTRIES: usize = 5000;

fn unreadable(reason: impl Into<String>) -> ExtractError {
    ExtractError::Unreadable {
        kind: "Word (DOCX)".into(),
        reason: reason.into(),
    }
}

/// Decide what a ZIP upload is: a DOCX, or some other office file.
pub(super) fn classify_zip(bytes: &[u8]) -> Kind {
    let Ok(zip) = ZipArchive::new(Cursor::new(bytes)) else {
        // A damaged archive that still names the Word part is treated as a
        // DOCX so the user gets the "could not read this Word file" message.
        if super::find(bytes, DOCUMENT.as_bytes()).is_some() {
            return Kind::Docx;
        }
        return Kind::Unsupported("a damaged or unknown ZIP archive".into());
    };
    let owned: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.into_owned())
        .collect();
    let names: Vec<&str> = owned.iter().map(|s| s.as_str()).collect();
    if names.contains(&DOCUMENT) {
        return Kind::Docx;
    }
    if names.iter().any(|n| n.starts_with("xl/")) {
        return Kind::Unsupported("an Excel spreadsheet (XLSX)".into());
    }
    if names.iter().any(|n| n.starts_with("ppt/")) {
        return Kind::Unsupported("a PowerPoint presentation (PPTX)".into());
    }
    if names.contains(&"content.xml") && names.contains(&"mimetype") {
        return Kind::Unsupported("an OpenDocument file (ODT); please save it as DOCX".into());
    }
    Kind::Unsupported("a ZIP archive".into())
}

/// Extract the text of a DOCX.
pub(super) fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| unreadable("the file is damaged or is not a real Word document"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(unreadable(
            "it contains far more parts than a Word document should",
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|_| unreadable("the file is damaged"))?;
        total = total.saturating_add(f.size());
    }
    if total > MAX_DOCX_UNCOMPRESSED {
        return Err(unreadable(format!(
            "it would expand to more than {} MB, far more than a handbook needs",
            MAX_DOCX_UNCOMPRESSED / (1024 * 1024)
        )));
    }
    let part = zip
        .by_name(DOCUMENT)
        .map_err(|_| unreadable("it has no main document part"))?;
    if part.encrypted() {
        return Err(unreadable("it is password-protected"));
    }
    let mut xml = Vec::new();
    part.take(MAX_DOCX_UNCOMPRESSED + 1)
        .read_to_end(&mut xml)
        .map_err(|_| unreadable("the document part is damaged"))?;
    if xml.len() as u64 > MAX_DOCX_UNCOMPRESSED {
        return Err(unreadable(
            "the document part is larger than it claims to be",
        ));
    }
    let xml = String::from_utf8_lossy(&xml);
    document_xml_to_text(&xml).map_err(unreadable)
}

/// Convert WordprocessingML to text lines.
pub(crate) fn document_xml_to_text(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut para = String::new();
    let mut in_text = false;
    let mut is_list = false;
    let mut is_heading = false;
    let mut depth_guard = 0usize;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("the document text is not well-formed ({e})"))?;
        match ev {
            Event::Start(e) => {
                depth_guard += 1;
                if depth_guard > 10_000 {
                    return Err("the document is nested too deeply".into());
                }
                match e.local_name().as_ref() {
                    "t" => in_text = true,
                    "p" => {
                        para.clear();
                        is_list = false;
                        is_heading = false;
                    }
                    "numPr" => is_list = true,
                    "tab" => para.push('\t'),
                    "br" | "cr" => para.push('\n'),
                    _ => {}
                }
            }
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => para.push('\t'),
                "br" | "cr" => para.push('\n'),
                "noBreakHyphen" => para.push('-'),
                "numPr" => is_list = true,
                "pStyle" => {
                    if let Ok(Some(a)) = e.try_get_attribute("w:val") {
                        let v = a.value.to_ascii_lowercase();
                        if v.starts_with("heading") || v == "title" {
                            is_heading = true;
                        }
                        if v.starts_with("list") {
                            is_list = true;
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) => {
                depth_guard = depth_guard.saturating_sub(1);
                match e.local_name().as_ref() {
                    "t" => in_text = false,
                    "p" => {
                        let line = para.trim();
                        if !line.is_empty() {
                            if is_heading {
                                out.push_str("# ");
                            } else if is_list {
                                out.push_str("- ");
                            }
                            out.push_str(line);
                            out.push('\n');
                            if !is_list {
                                out.push('\n');
                            }
                        }
                        para.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => para.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else {
                    let name = r.xml10_content();
                    para.push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_headings() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>House Rules</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Residents &amp; guests </w:t></w:r><w:r><w:t>must sign out.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>No visitors</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr/></w:pPr><w:r><w:t>Curfew</w:t><w:tab/><w:t>9 p.m.</w:t></w:r></w:p>
</w:body></w:document>"#;
        let t = document_xml_to_text(xml).unwrap();
        assert_eq!(t, "# House Rules\n\nResidents & guests must sign out.\n\n- No visitors\n- Curfew\t9 p.m.\n");
    }
}
