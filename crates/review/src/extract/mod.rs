//! Extraction: from the bytes of an upload to plain text.
//!
//! Programs send their rules in whatever form they have: a Word file, a PDF
//! exported from a website, an HTML page, Markdown or plain text. The kind is
//! detected from the content itself (magic bytes, the parts inside a ZIP,
//! the shape of the text), using the file name and content type only as
//! hints, because names and browser-supplied types are often wrong.
//!
//! Every failure is an [`ExtractError`] with a message a program staff member
//! can act on ("save it as DOCX", "paste the text") and a stable
//! [`ExtractError::code`] for the web layer.

mod docx;
mod html;
pub mod pdf;
mod text;

use std::fmt;

pub use html::html_to_text;

/// Largest upload accepted, in bytes (10 MB).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Largest total uncompressed size of a DOCX's parts (a zip-bomb guard).
pub const MAX_DOCX_UNCOMPRESSED: u64 = 64 * 1024 * 1024;

/// Default page limit for a PDF.
pub const MAX_PAGES: usize = 2000;

/// What one extraction may take. The defaults are the policy review's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_input_bytes: usize,
    /// Largest text a file may hold, in bytes (a 100 KB Word file can hold
    /// 12 MB of text, so the file's own size says little).
    pub max_text_bytes: usize,
    /// Most pages a PDF may have.
    pub max_pages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: MAX_UPLOAD_BYTES,
            max_text_bytes: MAX_UPLOAD_BYTES,
            max_pages: MAX_PAGES,
        }
    }
}

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// Larger than [`MAX_UPLOAD_BYTES`].
    TooLarge { size: usize, limit: usize },
    /// The file is empty or holds only whitespace.
    Empty,
    /// A PDF with no text layer, most likely a scanned image.
    NoText,
    /// A kind of file the review cannot read (image, program, spreadsheet…).
    Unsupported { detected: String },
    /// A DOCX or PDF that is damaged, encrypted or otherwise unreadable.
    Unreadable { kind: String, reason: String },
    /// The text inside is larger than [`Limits::max_text_bytes`].
    TextTooLarge { limit: usize },
    /// A PDF over one of the reading budgets (pages, objects, unpacked size).
    TooComplex { reason: String },
}

impl ExtractError {
    /// A stable machine string for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            ExtractError::TooLarge { .. } => "too_large",
            ExtractError::Empty => "empty",
            ExtractError::NoText => "no_text",
            ExtractError::Unsupported { .. } => "unsupported",
            ExtractError::Unreadable { .. } => "unreadable",
            ExtractError::TextTooLarge { .. } => "text_too_large",
            ExtractError::TooComplex { .. } => "too_complex",
        }
    }
}

const ACCEPTED: &str = "plain text, Markdown, HTML, Word (DOCX) or PDF";

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtractError::TooLarge { size, limit } => write!(
                f,
                "This file is {} and the limit is {}. Please upload only the rules or handbook \
                 section you want reviewed, or paste the text.",
                human_size(*size as u64),
                human_size(*limit as u64)
            ),
            ExtractError::Empty => write!(f, "This file has no text in it. Please check that you chose the right file, or paste the text."),
            ExtractError::NoText => write!(
                f,
                "This PDF has no text layer; it looks like a scanned image. Please paste the text \
                 of the rules instead, or upload the original Word or text file."
            ),
            ExtractError::Unsupported { detected } => write!(
                f,
                "This looks like {detected}, which the policy review cannot read. Please upload \
                 {ACCEPTED}, or paste the text."
            ),
            ExtractError::Unreadable { kind, reason } => write!(
                f,
                "We could not read this {kind} file: {reason}. Please try saving it again, or \
                 paste the text."
            ),
            ExtractError::TextTooLarge { limit } => write!(
                f,
                "The text in this file is larger than {}. Please upload only the rules or handbook \
                 section you want reviewed, or paste the text.",
                human_size(*limit as u64)
            ),
            ExtractError::TooComplex { reason } => write!(
                f,
                "This PDF is too complex to read here: {reason}. Please save it as plain text or \
                 Word and try again."
            ),
        }
    }
}

impl std::error::Error for ExtractError {}

fn human_size(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.0} KB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

/// What the content turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Pdf,
    Docx,
    Html,
    Text,
    Unsupported(String),
}

/// Turn an uploaded file into plain text.
///
/// `filename` and `content_type` are hints only; the content decides.
pub fn extract(
    bytes: &[u8],
    filename: Option<&str>,
    content_type: Option<&str>,
) -> Result<String, ExtractError> {
    extract_with(bytes, filename, content_type, &Limits::default())
}

/// [`extract`] within `limits`.
///
/// The limits bound what comes out; how long reading takes and how much
/// memory it uses are bounded only roughly (see the PDF budgets in
/// `pdf.rs`), so a server should run this where a hard limit applies.
pub fn extract_with(
    bytes: &[u8],
    filename: Option<&str>,
    content_type: Option<&str>,
    limits: &Limits,
) -> Result<String, ExtractError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty);
    }
    let text = match detect(bytes, filename, content_type) {
        Kind::Pdf => pdf::extract(bytes, limits)?,
        Kind::Docx => docx::extract(bytes)?,
        Kind::Html => html_to_text(&text::decode(bytes)),
        Kind::Text => text::decode(bytes),
        Kind::Unsupported(what) => return Err(ExtractError::Unsupported { detected: what }),
    };
    if text.len() > limits.max_text_bytes {
        return Err(ExtractError::TextTooLarge {
            limit: limits.max_text_bytes,
        });
    }
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(text)
}

fn detect(bytes: &[u8], filename: Option<&str>, content_type: Option<&str>) -> Kind {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Kind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx::classify_zip(bytes);
    }
    if bytes.starts_with(b"PK\x05\x06") || bytes.starts_with(b"PK\x07\x08") {
        return Kind::Unsupported("an empty or split ZIP archive".into());
    }
    if let Some(what) = binary_magic(bytes) {
        return Kind::Unsupported(what.to_string());
    }
    if !text::looks_like_text(bytes) {
        return Kind::Unsupported("a binary file".into());
    }
    let hinted_html = filename
        .map(|n| {
            let n = n.to_ascii_lowercase();
            n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".xhtml")
        })
        .unwrap_or(false)
        || content_type
            .map(|c| c.to_ascii_lowercase().contains("html"))
            .unwrap_or(false);
    if html::looks_like_html(bytes, hinted_html) {
        return Kind::Html;
    }
    Kind::Text
}

/// Magic numbers of common non-text files, with a description for the user.
fn binary_magic(b: &[u8]) -> Option<&'static str> {
    let starts = |m: &[u8]| b.starts_with(m);
    if starts(b"\x89PNG")
        || starts(b"\xFF\xD8\xFF")
        || starts(b"GIF87a")
        || starts(b"GIF89a")
        || starts(b"II*\x00")
        || starts(b"MM\x00*")
        || (starts(b"RIFF") && b.get(8..12) == Some(b"WEBP"))
        || (b.get(4..8) == Some(b"ftyp")
            && b.get(8..12)
                .is_some_and(|t| matches!(t, b"heic" | b"heix" | b"mif1" | b"avif")))
        || (starts(b"BM") && b.len() > 14 && b[6..10] == [0, 0, 0, 0])
    {
        return Some("an image (a photo or scan)");
    }
    if starts(b"MZ")
        || starts(b"\x7FELF")
        || starts(b"\xCF\xFA\xED\xFE")
        || starts(b"\xCE\xFA\xED\xFE")
        || starts(b"\xFE\xED\xFA\xCE")
        || starts(b"\xFE\xED\xFA\xCF")
        || starts(b"\xCA\xFE\xBA\xBE")
        || starts(b"\x00asm")
    {
        return Some("a program or executable file");
    }
    if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some("an older Word or Excel file (.doc or .xls); please save it as DOCX");
    }
    if starts(b"{\\rtf") {
        return Some("a Rich Text (RTF) file; please save it as DOCX or plain text");
    }
    if starts(b"\x1F\x8B")
        || starts(b"7z\xBC\xAF\x27\x1C")
        || starts(b"Rar!")
        || starts(b"BZh")
        || starts(b"\xFD7zXZ\x00")
        || starts(b"\x28\xB5\x2F\xFD")
    {
        return Some("a compressed archive");
    }
    if starts(b"ID3")
        || starts(b"OggS")
        || starts(b"fLaC")
        || b.get(4..8) == Some(b"ftyp")
        || (starts(b"RIFF") && b.get(8..12).is_some_and(|t| t == b"WAVE" || t == b"AVI "))
    {
        return Some("an audio or video file");
    }
    if starts(b"SQLite format 3\x00") {
        return Some("a database file");
    }
    None
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages() {
        let e = ExtractError::Unsupported {
            detected: "an image".into(),
        };
        assert_eq!(e.code(), "unsupported");
        let m = e.to_string();
        for k in ["plain text", "Markdown", "HTML", "DOCX", "PDF"] {
            assert!(m.contains(k), "{m}");
        }
        assert!(ExtractError::NoText.to_string().contains("scanned image"));
        assert!(ExtractError::NoText.to_string().contains("paste"));
        let big = ExtractError::TooLarge {
            size: 11 * 1024 * 1024,
            limit: MAX_UPLOAD_BYTES,
        };
        assert!(big.to_string().contains("10.0 MB"));
    }

    #[test]
    fn too_large() {
        let v = vec![b'a'; MAX_UPLOAD_BYTES + 1];
        assert_eq!(extract(&v, None, None).unwrap_err().code(), "too_large");
    }

    #[test]
    fn images_and_programs_rejected() {
        assert_eq!(
            extract(b"\x89PNG\r\n\x1a\n\0\0\0", Some("rules.txt"), None)
                .unwrap_err()
                .code(),
            "unsupported"
        );
        assert_eq!(
            extract(b"MZ\x90\x00\x03\x00\x00\x00", None, None)
                .unwrap_err()
                .code(),
            "unsupported"
        );
        assert_eq!(
            extract(&[0u8, 1, 2, 3, 0, 0, 7, 8, 9], None, None)
                .unwrap_err()
                .code(),
            "unsupported"
        );
    }

    #[test]
    fn markdown_stays_markdown() {
        let t = extract(
            b"# Rules\n\n- Curfew is 9 p.m.\n",
            Some("rules.md"),
            Some("text/markdown"),
        )
        .unwrap();
        assert_eq!(t, "# Rules\n\n- Curfew is 9 p.m.\n");
    }

    #[test]
    fn empty_is_reported() {
        assert_eq!(extract(b"   \n ", None, None).unwrap_err().code(), "empty");
    }
}
