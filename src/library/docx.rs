//! A small DOCX (Word) writer for the resource library's templates: a title, headings,
//! paragraphs, bulleted lists and labelled blanks to fill in. It writes only the parts a
//! word processor needs (content types, relationships, document, styles, bullet
//! numbering and the core properties with the title), so the files open in Word,
//! LibreOffice and Google Docs, and `tta_review::extract` reads them back as text.
//!
//! The archive is deterministic: the same input gives the same bytes (fixed timestamps,
//! fixed part order).

use std::io::{Cursor, Write};

use zip::{write::SimpleFileOptions, CompressionMethod, DateTime, ZipWriter};

/// One paragraph of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A section heading (style Heading1).
    Heading(String),
    /// A paragraph of body text. A `\n` inside becomes a line break.
    Para(String),
    /// An item of a bulleted list (style ListBullet).
    Bullet(String),
    /// A labelled blank line to fill in: "Label: ________".
    Field(String),
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>tta</Application></Properties>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:color w:val="17475F"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="300" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="17475F"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:color w:val="17475F"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/><w:ind w:left="720" w:hanging="360"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="FormField"><w:name w:val="Form Field"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="120" w:after="120"/></w:pPr></w:style></w:styles>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/><w:lvlText w:val="&#8226;"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

/// Escapes text for XML element content and attribute values, dropping characters that
/// XML 1.0 does not allow at all (most control characters).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Runs for a piece of text: `\n` becomes a line break, `\t` a tab.
fn runs(text: &str, bold: bool) -> String {
    let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        out.push_str("<w:r>");
        out.push_str(rpr);
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                out.push_str("<w:t xml:space=\"preserve\">");
                out.push_str(&escape(part));
                out.push_str("</w:t>");
            }
        }
        out.push_str("</w:r>");
    }
    out
}

fn paragraph(style: Option<&str>, body: &str) -> String {
    match style {
        Some(s) => format!("<w:p><w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>{body}</w:p>"),
        None => format!("<w:p>{body}</w:p>"),
    }
}

fn document_xml(title: &str, blocks: &[Block]) -> String {
    let mut body = String::new();
    if !title.trim().is_empty() {
        body.push_str(&paragraph(Some("Title"), &runs(title.trim(), false)));
    }
    for b in blocks {
        let p = match b {
            Block::Heading(t) => paragraph(Some("Heading1"), &runs(t, false)),
            Block::Para(t) => paragraph(None, &runs(t, false)),
            Block::Bullet(t) => paragraph(Some("ListBullet"), &runs(t, false)),
            Block::Field(label) => {
                let label = label.trim().trim_end_matches(':');
                let mut r = runs(&format!("{label}:"), true);
                r.push_str(&runs(" ________________________________________", false));
                paragraph(Some("FormField"), &r)
            }
        };
        body.push_str(&p);
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W_NS}\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

fn core_xml(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>tta</dc:creator></cp:coreProperties>",
        escape(title)
    )
}

/// Builds a DOCX file: `title` is the document's Title paragraph and its metadata title.
pub fn build(title: &str, blocks: &[Block]) -> Vec<u8> {
    let parts: [(&str, String); 8] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/document.xml", document_xml(title, blocks)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/styles.xml", STYLES.to_string()),
        ("word/numbering.xml", NUMBERING.to_string()),
        ("docProps/core.xml", core_xml(title)),
        ("docProps/app.xml", APP.to_string()),
    ];
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        // Writing to memory cannot fail short of running out of it.
        zip.start_file(name, options).expect("start a DOCX part");
        zip.write_all(text.as_bytes()).expect("write a DOCX part");
    }
    zip.finish().expect("finish the DOCX archive").into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_readable_docx() {
        let bytes = build(
            "Intake <draft> & notes",
            &[
                Block::Heading("About you".into()),
                Block::Para("Ask only what you need; explain why you ask.\nSecond line".into()),
                Block::Bullet("Language and interpreter preference".into()),
                Block::Bullet("Nothing here is required — zanzibarite".into()),
                Block::Field("Name you use".into()),
            ],
        );
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let text = tta_review::extract(&bytes, Some("x.docx"), None).expect("extracts");
        assert!(text.contains("zanzibarite"), "{text}");
        assert!(text.contains("# Intake <draft> & notes"), "{text}");
        assert!(text.contains("# About you"), "{text}");
        assert!(
            text.contains("- Language and interpreter preference"),
            "{text}"
        );
        assert!(text.contains("Name you use: ____"), "{text}");
        // Deterministic.
        assert_eq!(
            bytes,
            build(
                "Intake <draft> & notes",
                &[
                    Block::Heading("About you".into()),
                    Block::Para("Ask only what you need; explain why you ask.\nSecond line".into()),
                    Block::Bullet("Language and interpreter preference".into()),
                    Block::Bullet("Nothing here is required — zanzibarite".into()),
                    Block::Field("Name you use".into()),
                ]
            )
        );
        // The metadata carries the title, escaped.
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let names: Vec<String> = archive
            .file_names()
            .filter_map(|n| n.ok())
            .map(|n| n.into_owned())
            .collect();
        {
            use std::io::Read;
            let mut s = String::new();
            archive
                .by_name("docProps/core.xml")
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            assert!(
                s.contains("<dc:title>Intake &lt;draft&gt; &amp; notes</dc:title>"),
                "{s}"
            );
        }
        assert!(names.contains(&"[Content_Types].xml".to_string()));
        assert!(names.contains(&"word/styles.xml".to_string()));
    }

    #[test]
    fn escapes_and_drops_control_characters() {
        assert_eq!(escape("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }
}
