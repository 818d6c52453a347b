//! `tta extract-worker`: the child side of the extraction sandbox.
//!
//! Reads one request from standard input (a JSON line, then the document's bytes to the
//! end), extracts the text with `tta_review`, and writes one answer to standard output (a
//! JSON line, then the text). It runs without the async runtime or any other thread, so
//! the memory limit its parent sets is spent on the document alone.

use std::io::{BufRead, Read, Write};

use serde::{Deserialize, Serialize};

/// Longest request or answer line.
pub const MAX_HEADER: usize = 64 * 1024;

/// What the parent asks for; the document's bytes follow the line.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub max_input_bytes: usize,
    pub max_text_bytes: usize,
    pub max_pages: usize,
}

/// The first line of the answer; with `Text`, exactly `len` bytes of UTF-8 follow.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Answer {
    Text { len: usize },
    Refused { code: String, message: String },
}

/// Runs the worker; returns the exit code.
pub fn run() -> i32 {
    // Libraries may print diagnostics to standard output; the answer goes to a copy of
    // the original descriptor and anything else printed lands on standard error.
    let Some(mut out) = private_stdout() else {
        return 3;
    };
    let (request, bytes) = match read_request() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("extract-worker: bad request: {e}");
            return 2;
        }
    };
    let limits = tta_review::Limits {
        max_input_bytes: request.max_input_bytes,
        max_text_bytes: request.max_text_bytes,
        max_pages: request.max_pages,
    };
    let result = std::panic::catch_unwind(|| {
        tta_review::extract_with(
            &bytes,
            request.filename.as_deref(),
            request.content_type.as_deref(),
            &limits,
        )
    });
    let written = match result {
        Ok(Ok(text)) => write_answer(&mut out, &Answer::Text { len: text.len() }, text.as_bytes()),
        Ok(Err(e)) => write_answer(
            &mut out,
            &Answer::Refused {
                code: e.code().into(),
                message: e.to_string(),
            },
            b"",
        ),
        Err(_) => write_answer(
            &mut out,
            &Answer::Refused {
                code: "unreadable".into(),
                message: "The file could not be read; it may be damaged.".into(),
            },
            b"",
        ),
    };
    if written.is_err() {
        return 4;
    }
    0
}

fn read_request() -> std::io::Result<(Request, Vec<u8>)> {
    let mut input = std::io::stdin().lock();
    let mut line = Vec::new();
    (&mut input)
        .take(MAX_HEADER as u64)
        .read_until(b'\n', &mut line)?;
    let request: Request = serde_json::from_slice(&line).map_err(std::io::Error::other)?;
    let mut bytes = Vec::new();
    // One byte over the limit is enough to refuse the document as too large.
    input
        .take(request.max_input_bytes as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok((request, bytes))
}

fn write_answer(out: &mut impl Write, answer: &Answer, body: &[u8]) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(answer).map_err(std::io::Error::other)?;
    line.push(b'\n');
    out.write_all(&line)?;
    out.write_all(body)?;
    out.flush()
}

/// Standard output moved to a new descriptor, with descriptor 1 pointed at standard error.
fn private_stdout() -> Option<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: plain descriptor calls on descriptors this process owns; the new one is
    // owned by the returned File alone.
    unsafe {
        let fd = libc::dup(1);
        if fd < 0 || libc::dup2(2, 1) < 0 {
            return None;
        }
        Some(std::fs::File::from_raw_fd(fd))
    }
}
