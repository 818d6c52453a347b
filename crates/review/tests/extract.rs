//! Extraction of each supported kind, built in the test itself: DOCX (a real
//! ZIP written with the `zip` crate), PDF (a minimal hand-built file with and
//! without a text layer), HTML, Windows-1252 text; and rejection of what is
//! not supported.

use std::io::{Cursor, Write};

use tta_review::{extract, ExtractError};

fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const DOC_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>House Rules</w:t></w:r></w:p>
<w:p><w:r><w:t>Welcome to the house.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>All cell phones are turned in to staff at intake.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">Chapel is </w:t></w:r><w:r><w:t>mandatory &amp; daily.</w:t></w:r></w:p>
</w:body></w:document>"#;

#[test]
fn docx_paragraphs_and_list_items() {
    let bytes = docx(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", DOC_XML),
    ]);
    // The name is deliberately wrong: content decides.
    let text = extract(&bytes, Some("rules.pdf"), Some("application/pdf")).unwrap();
    assert_eq!(
        text,
        "# House Rules\n\nWelcome to the house.\n\n- All cell phones are turned in to staff at intake.\n- Chapel is mandatory & daily.\n"
    );
    let report = tta_review::review(&text);
    let cats: Vec<&str> = report
        .in_document_order()
        .iter()
        .map(|f| f.category.as_str())
        .collect();
    assert_eq!(cats, vec!["phone_device_control", "mandatory_religious"]);
}

#[test]
fn xlsx_and_plain_zip_are_unsupported() {
    let xlsx = docx(&[("xl/workbook.xml", "<workbook/>")]);
    let e = extract(&xlsx, Some("rules.xlsx"), None).unwrap_err();
    assert_eq!(e.code(), "unsupported");
    assert!(e.to_string().contains("Excel"), "{e}");
    let z = docx(&[("notes.txt", "hello")]);
    assert_eq!(extract(&z, None, None).unwrap_err().code(), "unsupported");
}

#[test]
fn docx_zip_bomb_is_refused() {
    // 80 MB of zeros compresses to a few tens of KB.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..80 {
        w.write_all(&chunk).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < tta_review::MAX_UPLOAD_BYTES);
    let e = extract(&bytes, Some("bomb.docx"), None).unwrap_err();
    assert_eq!(e.code(), "unreadable");
    assert!(e.to_string().contains("MB"), "{e}");
}

/// A minimal one-page PDF whose content stream is `content`.
fn pdf(content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{}\nendstream", content.len(), content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, o).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn pdf_with_text_layer() {
    let bytes =
        pdf("BT /F1 12 Tf 72 720 Td (Residents must turn in their phones at intake.) Tj ET");
    let text = extract(&bytes, Some("rules.txt"), None).unwrap();
    assert!(text.contains("turn in their phones"), "{text:?}");
    let report = tta_review::review(&text);
    assert_eq!(report.findings[0].category, "phone_device_control");
}

#[test]
fn pdf_without_text_layer_is_no_text() {
    let bytes = pdf("0 0 0 RG 72 72 m 300 300 l S");
    let e = extract(&bytes, Some("scan.pdf"), None).unwrap_err();
    assert_eq!(e, ExtractError::NoText);
    let msg = e.to_string();
    assert!(
        msg.contains("scanned image") && msg.contains("paste"),
        "{msg}"
    );
}

#[test]
fn broken_pdf_is_unreadable_not_a_panic() {
    let e = extract(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage",
        None,
        None,
    )
    .unwrap_err();
    assert!(matches!(e.code(), "unreadable" | "no_text"), "{e:?}");
}

#[test]
fn html_page() {
    let html = b"<!doctype html><html><head><title>t</title><script>alert('x')</script></head><body>\
<h2>Visitors</h2><ul><li>No visitors during the first 30 days.</li><li>Residents&rsquo; mail is private.</li></ul></body></html>";
    let text = extract(html, Some("rules.txt"), Some("text/plain")).unwrap();
    assert_eq!(text, "# Visitors\n\n- No visitors during the first 30 days.\n- Residents\u{2019} mail is private.\n");
    let report = tta_review::review(&text);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].category, "isolation_contact_restriction");
    assert_eq!(report.findings[0].line, 3);
}

#[test]
fn windows_1252_text() {
    let text = extract(
        b"Chapel is \x93not optional\x94.\r\n",
        Some("rules.txt"),
        None,
    )
    .unwrap();
    assert!(text.contains('\u{201C}'));
    assert_eq!(
        tta_review::review(&text).findings[0].category,
        "mandatory_religious"
    );
}

#[test]
fn unsupported_names_accepted_kinds() {
    for bytes in [
        &b"\xFF\xD8\xFF\xE0\x00\x10JFIF"[..],
        b"\x7FELF\x02\x01\x01",
        b"GIF89a\x01\x00",
    ] {
        let e = extract(bytes, Some("rules.txt"), Some("text/plain")).unwrap_err();
        assert_eq!(e.code(), "unsupported");
        let m = e.to_string();
        for k in ["plain text", "Markdown", "HTML", "DOCX", "PDF"] {
            assert!(m.contains(k), "{m}");
        }
    }
}
