//! PDF to text, with `pdf-extract`.
//!
//! PDF readers meet a great deal of malformed input, and `pdf-extract` can
//! panic on some of it. The call is wrapped in `catch_unwind` so one bad
//! upload becomes a clear "could not read this PDF" error instead of taking
//! down the request. A PDF whose pages carry no text (a scan) is reported as
//! [`ExtractError::NoText`], with a suggestion to paste the text.
//!
//! `pdf-extract` inflates each page's content stream whole and then parses
//! it into a list of operations that takes about forty times the inflated
//! size in memory, so a few hundred kilobytes of deflated content ("a PDF
//! bomb") would cost gigabytes and minutes. Before it runs, the document is
//! checked against cheap budgets ([`budget`]): the number of objects, of
//! pages, and the inflated size of every content stream, counted by
//! inflating into nothing with a cap, so a bomb is refused after reading at
//! most a cap's worth. The budgets keep ordinary refusals fast; the hard
//! bound on memory and time is the process the caller runs this in (tta
//! reads documents in a child process with resource limits).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::{Document, Object, ObjectId, PlainTextOutput};

use super::{ExtractError, Limits};

/// At most this many objects (counted as `endobj` keywords before parsing).
/// A 500-page report has a few tens of thousands.
pub const MAX_OBJECTS: usize = 500_000;
/// At most this many bytes of inflated content on one page (or in one form
/// drawn on it). Text pages hold tens of kilobytes; at forty times this in
/// memory, one page stays well under the reader's memory limit.
pub const MAX_PAGE_CONTENT_BYTES: u64 = 8 * 1024 * 1024;
/// At most this many bytes of inflated content in the whole document: what
/// the reader can get through in its time limit.
pub const MAX_TOTAL_CONTENT_BYTES: u64 = 64 * 1024 * 1024;

fn unreadable(reason: impl Into<String>) -> ExtractError {
    ExtractError::Unreadable {
        kind: "PDF".into(),
        reason: reason.into(),
    }
}

fn too_complex(reason: impl Into<String>) -> ExtractError {
    ExtractError::TooComplex {
        reason: reason.into(),
    }
}

pub(super) fn extract(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let objects = count(bytes, b"endobj");
    if objects > MAX_OBJECTS {
        return Err(too_complex(format!(
            "it has more than {MAX_OBJECTS} objects"
        )));
    }
    let result = catch_unwind(AssertUnwindSafe(|| read(bytes, limits)));
    let text = match result {
        Err(_) => {
            return Err(unreadable(
                "the PDF reader could not make sense of its contents",
            ))
        }
        Ok(r) => r?,
    };
    let cleaned = clean(&text);
    let letters = cleaned.chars().filter(|c| c.is_alphanumeric()).count();
    if letters < 8 {
        return Err(ExtractError::NoText);
    }
    Ok(cleaned)
}

fn read(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| damaged(&e.to_string()))?;
    if doc.is_encrypted() {
        // An owner password alone (printing or copying restricted) opens with the empty
        // user password; a real user password does not.
        doc.decrypt("")
            .map_err(|_| unreadable("it is password-protected"))?;
    }
    budget(&doc, limits)?;
    let mut out = Capped {
        buf: Vec::new(),
        cap: limits.max_text_bytes,
        over: false,
    };
    let written = {
        let mut dev = PlainTextOutput::new(&mut out as &mut dyn std::io::Write);
        pdf_extract::output_doc(&doc, &mut dev)
    };
    if out.over {
        return Err(ExtractError::TextTooLarge {
            limit: limits.max_text_bytes,
        });
    }
    written.map_err(|e| damaged(&e.to_string()))?;
    Ok(String::from_utf8_lossy(&out.buf).into_owned())
}

fn damaged(msg: &str) -> ExtractError {
    let msg = msg.to_ascii_lowercase();
    if msg.contains("decrypt") || msg.contains("encrypt") || msg.contains("password") {
        return unreadable("it is password-protected");
    }
    unreadable("it is damaged or uses a structure we cannot read")
}

/// Checks the page count and the inflated size of every content stream
/// (pages and the forms they draw) against the budgets. A stream shared by
/// many pages is read by the extractor once per page, so it is charged once
/// per page too, but measured only once: the work here is linear in the
/// document, and no stream is inflated past the page budget.
pub(super) fn budget(doc: &Document, limits: &Limits) -> Result<(), ExtractError> {
    let pages = doc.get_pages();
    if pages.len() > limits.max_pages {
        return Err(too_complex(format!(
            "it has {} pages and the limit is {}",
            pages.len(),
            limits.max_pages
        )));
    }
    let mut measured: BTreeMap<ObjectId, u64> = BTreeMap::new();
    let mut size_of = |id: ObjectId, s: &pdf_extract::Stream| -> u64 {
        *measured
            .entry(id)
            .or_insert_with(|| inflated_size(s, MAX_PAGE_CONTENT_BYTES))
    };
    let mut total: u64 = 0;
    let mut charge = |n: u64| -> Result<(), ExtractError> {
        total += n;
        if total > MAX_TOTAL_CONTENT_BYTES {
            return Err(too_complex(format!(
                "its pages unpack to more than {} MB",
                MAX_TOTAL_CONTENT_BYTES >> 20
            )));
        }
        Ok(())
    };
    let mut page_streams: BTreeSet<ObjectId> = BTreeSet::new();
    for (_, page) in pages {
        let mut on_page: u64 = 0;
        for id in doc.get_page_contents(page) {
            let Ok(Object::Stream(s)) = doc.get_object(id) else {
                continue;
            };
            page_streams.insert(id);
            on_page += size_of(id, s);
            if on_page > MAX_PAGE_CONTENT_BYTES {
                return Err(page_too_big());
            }
        }
        charge(on_page)?;
    }
    // Forms (drawn with `Do`) are content too.
    for (id, obj) in &doc.objects {
        let Object::Stream(s) = obj else { continue };
        let is_form = s
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Form");
        if !is_form || page_streams.contains(id) {
            continue;
        }
        let n = size_of(*id, s);
        if n > MAX_PAGE_CONTENT_BYTES {
            return Err(page_too_big());
        }
        charge(n)?;
    }
    Ok(())
}

fn page_too_big() -> ExtractError {
    too_complex(format!(
        "one of its pages unpacks to more than {} MB",
        MAX_PAGE_CONTENT_BYTES >> 20
    ))
}

/// The size of a stream once inflated, counting at most `cap + 1` bytes (so
/// a bomb costs no more than the cap to measure). Streams under other
/// filters are counted at their stored size; the reader's own limits cover
/// those.
fn inflated_size(s: &pdf_extract::Stream, cap: u64) -> u64 {
    let flate = s
        .filters()
        .is_ok_and(|f| f.len() == 1 && f[0] == b"FlateDecode");
    if !flate {
        return s.content.len() as u64;
    }
    let mut decoder = flate2::read::ZlibDecoder::new(&s.content[..]).take(cap + 1);
    std::io::copy(&mut decoder, &mut std::io::sink()).unwrap_or(0)
}

/// Occurrences of `needle` in `hay` (non-overlapping), by a byte scan.
fn count(hay: &[u8], needle: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some(p) = super::find(&hay[i..], needle) {
        n += 1;
        i += p + needle.len();
    }
    n
}

/// The text as `pdf-extract` writes it, refused once it passes the cap so a
/// font that maps each code to a long string cannot fill memory.
struct Capped {
    buf: Vec<u8>,
    cap: usize,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + b.len() > self.cap {
            self.over = true;
            return Err(std::io::Error::other("text limit"));
        }
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Drop NULs and form feeds, and trim trailing spaces that PDF layout leaves.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.replace('\u{c}', "\n\n").replace('\0', "").lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
