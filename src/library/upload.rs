//! Checking an uploaded file before anything is stored.
//!
//! The content decides what a file is, never its name or the type the browser claims: a
//! program renamed `policy.pdf` is still a program. Office files are ZIP archives, so their
//! parts are inflated here with a running cap; a "zip bomb" whose headers lie is caught
//! when the cap is hit, not after the disk fills.

use std::io::Read;

/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 25 * 1024 * 1024;
/// Largest total size of an Office file's parts once inflated.
const MAX_INFLATED: u64 = 100 * 1024 * 1024;
const MAX_ENTRIES: usize = 10_000;

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::Odt => "odt",
        }
    }

    pub fn from_code(code: &str) -> Option<Format> {
        Some(match code {
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "xlsx" => Format::Xlsx,
            "pptx" => Format::Pptx,
            "odt" => Format::Odt,
            _ => return None,
        })
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Format::Odt => "application/vnd.oasis.opendocument.text",
        }
    }

    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word",
            Format::Xlsx => "Excel",
            Format::Pptx => "PowerPoint",
            Format::Odt => "OpenDocument",
        }
    }
}

/// Why a file was refused; the message ids live in `locales/en/library.ftl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge,
    /// The name holds a folder path (`../`, `/`, `\`) or control characters.
    PathInName,
    Program,
    Media,
    Bomb,
    Broken,
    Unsupported,
}

impl Refusal {
    pub fn message_id(&self) -> &'static str {
        match self {
            Refusal::Empty => "library-upload-empty",
            Refusal::TooLarge => "library-upload-too-large",
            Refusal::PathInName => "library-upload-path",
            Refusal::Program => "library-upload-program",
            Refusal::Media => "library-upload-media",
            Refusal::Bomb => "library-upload-bomb",
            Refusal::Broken => "library-upload-broken",
            Refusal::Unsupported => "library-upload-unsupported",
        }
    }
}

/// A file that passed: its format and the name it will be offered under.
#[derive(Debug, Clone)]
pub struct Checked {
    pub format: Format,
    pub file_name: String,
}

/// Checks `bytes` uploaded as `name`.
pub fn check(name: &str, bytes: &[u8]) -> Result<Checked, Refusal> {
    if name.contains(['/', '\\']) || name.contains("..") || name.chars().any(char::is_control) {
        return Err(Refusal::PathInName);
    }
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge);
    }
    let format = sniff(bytes)?;
    Ok(Checked {
        format,
        file_name: download_name(name, format),
    })
}

fn sniff(b: &[u8]) -> Result<Format, Refusal> {
    let starts = |m: &[u8]| b.starts_with(m);
    if starts(b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if starts(b"PK\x03\x04") {
        return office(b);
    }
    if starts(b"MZ")
        || starts(b"\x7FELF")
        || starts(b"\xCF\xFA\xED\xFE")
        || starts(b"\xCE\xFA\xED\xFE")
        || starts(b"\xCA\xFE\xBA\xBE")
        || starts(b"#!")
        || starts(b"\x00asm")
    {
        return Err(Refusal::Program);
    }
    if starts(b"ID3")
        || starts(b"OggS")
        || starts(b"fLaC")
        || b.get(4..8) == Some(b"ftyp")
        || (b.len() > 1 && b[0] == 0xFF && b[1] & 0xE0 == 0xE0)
        || (starts(b"RIFF") && b.get(8..12).is_some_and(|t| t == b"WAVE" || t == b"AVI "))
    {
        return Err(Refusal::Media);
    }
    Err(Refusal::Unsupported)
}

/// Opens the archive, inflates every part under a running cap, and names the format from
/// the parts it holds.
fn office(b: &[u8]) -> Result<Format, Refusal> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(b)).map_err(|_| Refusal::Broken)?;
    if zip.len() > MAX_ENTRIES {
        return Err(Refusal::Bomb);
    }
    let mut names = Vec::with_capacity(zip.len());
    let mut odf_mimetype = String::new();
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|_| Refusal::Broken)?;
        let name = f.name().map_err(|_| Refusal::Broken)?.to_string();
        if name == "mimetype" {
            let mut s = String::new();
            (&mut f)
                .take(200)
                .read_to_string(&mut s)
                .map_err(|_| Refusal::Broken)?;
            odf_mimetype = s;
        } else {
            loop {
                let n = f.read(&mut buf).map_err(|_| Refusal::Broken)?;
                if n == 0 {
                    break;
                }
                total += n as u64;
                if total > MAX_INFLATED {
                    return Err(Refusal::Bomb);
                }
            }
        }
        names.push(name);
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if odf_mimetype.trim() == "application/vnd.oasis.opendocument.text" {
        return Ok(Format::Odt);
    }
    if has("[Content_Types].xml") {
        if has("word/document.xml") {
            return Ok(Format::Docx);
        }
        if has("xl/workbook.xml") {
            return Ok(Format::Xlsx);
        }
        if has("ppt/presentation.xml") {
            return Ok(Format::Pptx);
        }
    }
    Err(Refusal::Unsupported)
}

/// The name a download is offered under: the uploaded name's stem, made safe, with the
/// extension of what the file really is.
pub fn download_name(name: &str, format: Format) -> String {
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let mut safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    safe = safe.chars().take(80).collect();
    if safe.is_empty() {
        safe = "document".into();
    }
    format!("{safe}.{}", format.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(
            check("policy.pdf", b"MZ\x90\x00rest").unwrap_err(),
            Refusal::Program
        );
        assert_eq!(
            check("notes.docx", b"%PDF-1.7 ...").unwrap().format,
            Format::Pdf
        );
        assert_eq!(
            check("notes.docx", b"%PDF-1.7").unwrap().file_name,
            "notes.pdf"
        );
        assert_eq!(
            check("../../etc/passwd.pdf", b"%PDF-1.7").unwrap_err(),
            Refusal::PathInName
        );
        assert_eq!(
            check("C:\\x\\a.pdf", b"%PDF-1.7").unwrap_err(),
            Refusal::PathInName
        );
        assert_eq!(
            check("song.pdf", b"ID3\x03\x00").unwrap_err(),
            Refusal::Media
        );
        assert_eq!(check("a.pdf", b"hello").unwrap_err(), Refusal::Unsupported);
        assert_eq!(
            download_name("Intake form (v2) ñ.docx", Format::Docx),
            "Intake-form-v2-ñ.docx"
        );
    }
}
