//! Robustness: the extractor, the splitter and the review never panic, and
//! every segment and finding points at an exact, char-aligned slice of the
//! text. Inputs are arbitrary bytes, arbitrary Unicode, and rule-like text
//! built from the pieces real handbooks are made of.

use proptest::prelude::*;

fn check_spans(text: &str) {
    for seg in tta_review::split(text) {
        assert!(text.is_char_boundary(seg.start) && text.is_char_boundary(seg.end));
        assert!(seg.start < seg.end && seg.end <= text.len());
        assert_eq!(&text[seg.start..seg.end], seg.text);
        assert!(seg.line >= 1);
    }
    let report = tta_review::review(text);
    for f in &report.findings {
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert_eq!(&text[f.start..f.end], f.text);
    }
    // Renderers must cope with whatever the review produced.
    let _ = tta_review::to_text(&report, "fuzz");
    let _ = tta_review::to_markdown(&report, "fuzz");
    let _ = tta_review::to_json(&report, "fuzz");
}

/// Rule-like text: bullets, numbers, headings, CRLF, abbreviations,
/// semicolons, ALL CAPS and multi-byte punctuation.
fn rulish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("- ".to_string()),
        Just("* ".to_string()),
        Just("• ".to_string()),
        Just("1. ".to_string()),
        Just("a) ".to_string()),
        Just("(iv) ".to_string()),
        Just("# ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("e.g. ".to_string()),
        Just("5:30 p.m. ".to_string()),
        Just("10.5 ".to_string()),
        Just("No. 4 ".to_string()),
        Just("; ".to_string()),
        Just(". ".to_string()),
        Just("… ".to_string()),
        Just("“quoted” ".to_string()),
        Just("don’t ".to_string()),
        Just("Residents must turn in phones".to_string()),
        Just("CHAPEL IS NOT OPTIONAL".to_string()),
        Just("you are not required to attend".to_string()),
        Just("write-ups = discharge".to_string()),
        Just("with staff approval".to_string()),
        Just("Programs must not require".to_string()),
        Just("日本語".to_string()),
        Just("é".to_string()),
        "[a-zA-Z ,.;:!?()'\"-]{0,30}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Cases per property: 256 by default, more with PROPTEST_CASES=N for a
/// longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn split_and_review_any_unicode(s in "\\PC{0,400}") {
        check_spans(&s);
    }

    #[test]
    fn split_and_review_any_chars_with_controls(s in proptest::collection::vec(any::<char>(), 0..300)) {
        let text: String = s.into_iter().collect();
        check_spans(&text);
    }

    #[test]
    fn split_and_review_rule_like_text(s in rulish()) {
        check_spans(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(128), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn extract_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(text) = tta_review::extract(&bytes, None, None) {
            check_spans(&text);
        }
    }

    #[test]
    fn extract_arbitrary_bytes_with_hints(bytes in proptest::collection::vec(any::<u8>(), 0..1024), html in any::<bool>()) {
        let (name, ctype) = if html { ("x.html", "text/html") } else { ("x.docx", "application/octet-stream") };
        let _ = tta_review::extract(&bytes, Some(name), Some(ctype));
    }

    #[test]
    fn extract_pdf_prefixed_bytes(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.extend_from_slice(&tail);
        match tta_review::extract(&bytes, Some("x.pdf"), Some("application/pdf")) {
            Ok(text) => check_spans(&text),
            Err(e) => prop_assert!(matches!(e.code(), "no_text" | "unreadable" | "empty")),
        }
    }

    #[test]
    fn extract_zip_prefixed_bytes(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&tail);
        match tta_review::extract(&bytes, Some("x.docx"), None) {
            Ok(text) => check_spans(&text),
            Err(e) => prop_assert!(matches!(e.code(), "unsupported" | "unreadable" | "empty")),
        }
    }

    #[test]
    fn extract_html_like_text(body in "[<>/a-z &;#0-9\"'=!-]{0,400}") {
        let html = format!("<html><body>{body}</body></html>");
        if let Ok(text) = tta_review::extract(html.as_bytes(), Some("x.html"), None) {
            check_spans(&text);
        }
    }
}
