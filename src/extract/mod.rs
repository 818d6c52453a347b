//! Reading documents (PDF, Word, HTML, text) in a sandbox: every upload whose text tta
//! reads goes through [`Sandbox::extract`], on the review page and API, the command line,
//! certificate checks and the library.
//!
//! Readers of untrusted files can be made to use unbounded memory and time (a PDF of a
//! few hundred kilobytes can unpack to gigabytes), and work in a thread cannot be stopped
//! or its memory reliably returned. So each document is read by a child process, `tta
//! extract-worker` ([`worker`]), started with hard limits set before it runs its first
//! instruction ([`limits`]): address space (`extract_memory_mb`), CPU time, no file
//! writes, few descriptors. The parent kills and reaps it at the wall-clock deadline
//! (`extract_seconds`) and reads at most the text limit plus one answer line from it.
//! At most `extract_concurrency` children run at once, so memory is bounded overall.
//!
//! A child that runs out of time or memory or dies is a refusal with a clear message,
//! logged with the reason only (never the document) and counted in the metrics.

mod limits;
pub mod worker;

use std::{path::PathBuf, process::Stdio, sync::Arc, time::Duration};

use tokio::{
    io::{AsyncRead, AsyncReadExt, AsyncWriteExt},
    process::Command,
    sync::Semaphore,
};

use crate::{config::Config, i18n::Lang};

pub use limits::ChildLimits;

/// Why a document's text was not returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Something about the document itself: an image, a damaged file, no text… `code` is
    /// the reader's stable code and `message` its explanation.
    Document { code: String, message: String },
    /// The file is larger than the limit for this use.
    FileTooLarge { limit: usize },
    /// The text inside is larger than `extract_max_text_bytes`.
    TextTooLarge { limit: usize },
    /// The reader was stopped: out of time or memory, or it crashed.
    Stopped(Stop),
    /// Every reader is busy and none came free in time.
    Busy,
    /// The reader could not be started (a problem with this server, not the document).
    Unavailable,
}

/// How a reader was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Time,
    Memory,
    Crashed,
}

impl Stop {
    pub fn as_str(self) -> &'static str {
        match self {
            Stop::Time => "time",
            Stop::Memory => "memory",
            Stop::Crashed => "crashed",
        }
    }
}

impl Failure {
    /// A stable machine code for the API.
    pub fn code(&self) -> &str {
        match self {
            Failure::Document { code, .. } => code,
            Failure::FileTooLarge { .. } => "too_large",
            Failure::TextTooLarge { .. } => "text_too_large",
            Failure::Stopped(Stop::Time) => "too_slow",
            Failure::Stopped(Stop::Memory) => "too_much_memory",
            Failure::Stopped(Stop::Crashed) => "unreadable",
            Failure::Busy => "busy",
            Failure::Unavailable => "unavailable",
        }
    }

    /// Whether the request was too large (HTTP 413) rather than unreadable (422).
    pub fn too_large(&self) -> bool {
        matches!(
            self,
            Failure::FileTooLarge { .. } | Failure::TextTooLarge { .. }
        )
    }

    /// Whether the fault is this server's (HTTP 503), not the document's.
    pub fn server_side(&self) -> bool {
        matches!(self, Failure::Busy | Failure::Unavailable)
    }

    /// What to tell the person who sent the document.
    pub fn message(&self, lang: &Lang) -> String {
        let mb = |n: usize| n.div_ceil(1024 * 1024).to_string();
        match self {
            Failure::Document { message, .. } => message.clone(),
            Failure::FileTooLarge { limit } => {
                lang.ta("error-extract-file-too-large", &[("mb", &mb(*limit))])
            }
            Failure::TextTooLarge { limit } => {
                lang.ta("error-extract-text-too-large", &[("mb", &mb(*limit))])
            }
            Failure::Stopped(Stop::Time) => lang.t("error-extract-too-slow"),
            Failure::Stopped(Stop::Memory) => lang.t("error-extract-too-much-memory"),
            Failure::Stopped(Stop::Crashed) => lang.t("error-extract-crashed"),
            Failure::Busy => lang.t("error-extract-busy"),
            Failure::Unavailable => lang.t("error-extract-unavailable"),
        }
    }
}

/// A document to read.
pub struct Doc {
    pub bytes: Vec<u8>,
    /// The uploaded name and type: hints only; the content decides what the file is.
    pub filename: Option<String>,
    pub content_type: Option<String>,
    /// Largest file accepted for this use (the review takes 10 MB, the library 25 MB).
    pub max_input_bytes: usize,
}

/// Starts readers with the configured limits; one per server, shared by every request.
pub struct Sandbox {
    worker: Option<PathBuf>,
    pub limits: ChildLimits,
    pub max_text_bytes: usize,
    pub max_pages: usize,
    permits: Arc<Semaphore>,
}

/// What a run of the reader came to, with the child's process id (for tests that check
/// it was reaped).
pub struct Run {
    pub result: Result<String, Failure>,
    pub pid: Option<u32>,
}

impl Sandbox {
    pub fn new(cfg: &Config) -> Sandbox {
        Sandbox {
            // The reader is this very program; tests run the server inside the test
            // program and so name the built `tta` instead (`Config::extract_worker`).
            worker: cfg
                .extract_worker
                .clone()
                .or_else(|| std::env::current_exe().ok()),
            limits: ChildLimits {
                memory_bytes: cfg.extract_memory_mb << 20,
                seconds: cfg.extract_seconds,
            },
            max_text_bytes: cfg.extract_max_text_bytes,
            max_pages: cfg.extract_max_pages,
            permits: Arc::new(Semaphore::new(cfg.extract_concurrency.max(1))),
        }
    }

    fn deadline(&self) -> Duration {
        Duration::from_secs(self.limits.seconds)
    }

    /// The text of `doc`, or why not.
    pub async fn extract(&self, doc: Doc) -> Result<String, Failure> {
        // Extracted text passes the same input boundary as typed text: a NUL from a
        // document must not reach the database any more than one from a form.
        self.run(doc)
            .await
            .result
            .map(crate::web::input::clean_owned)
    }

    /// [`Sandbox::extract`], with the child's process id.
    pub async fn run(&self, doc: Doc) -> Run {
        let started = std::time::Instant::now();
        let bytes = doc.bytes.len();
        if bytes > doc.max_input_bytes {
            // Refused before any process is started.
            return Run {
                result: Err(Failure::FileTooLarge {
                    limit: doc.max_input_bytes,
                }),
                pid: None,
            };
        }
        let run = match tokio::time::timeout(self.deadline(), self.permits.clone().acquire_owned())
            .await
        {
            Ok(Ok(_permit)) => self.run_child(doc).await,
            _ => Run {
                result: Err(Failure::Busy),
                pid: None,
            },
        };
        let outcome = match &run.result {
            Ok(_) => "ok",
            Err(Failure::Stopped(s)) => s.as_str(),
            Err(Failure::Busy) => "busy",
            Err(Failure::Unavailable) => "unavailable",
            Err(_) => "refused",
        };
        let secs = started.elapsed().as_secs_f64();
        metrics::counter!("tta_extract_total", "outcome" => outcome).increment(1);
        metrics::histogram!("tta_extract_duration_seconds").record(secs);
        match &run.result {
            Err(Failure::Stopped(_) | Failure::Busy | Failure::Unavailable) => {
                tracing::warn!(
                    outcome,
                    bytes,
                    ms = (secs * 1000.0) as u64,
                    "a document was not read within the limits"
                );
            }
            _ => tracing::debug!(outcome, bytes, ms = (secs * 1000.0) as u64, "document read"),
        }
        run
    }

    async fn run_child(&self, doc: Doc) -> Run {
        let Some(program) = &self.worker else {
            tracing::error!("no program to read documents with: the path of tta is unknown");
            return Run {
                result: Err(Failure::Unavailable),
                pid: None,
            };
        };
        let request = worker::Request {
            filename: doc.filename,
            content_type: doc.content_type,
            max_input_bytes: doc.max_input_bytes,
            max_text_bytes: self.max_text_bytes,
            max_pages: self.max_pages,
        };
        let mut cmd = Command::new(program);
        cmd.arg("extract-worker")
            // Nothing from the server's environment (database address, storage keys).
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        self.limits.apply(&mut cmd);
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(program = %program.display(), error = %e, "could not start the document reader");
                return Run {
                    result: Err(Failure::Unavailable),
                    pid: None,
                };
            }
        };
        let pid = child.id();
        let (Some(mut stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.start_kill();
            let _ = child.wait().await;
            return Run {
                result: Err(Failure::Unavailable),
                pid,
            };
        };
        let mut header = serde_json::to_vec(&request).unwrap_or_default();
        header.push(b'\n');
        let feed = async move {
            // A reader that dies early closes its end; that shows in its exit status.
            let _ = stdin.write_all(&header).await;
            let _ = stdin.write_all(&doc.bytes).await;
            let _ = stdin.shutdown().await;
        };
        // The text limit plus the answer line: anything longer is refused unread.
        let out_cap = self.max_text_bytes + worker::MAX_HEADER;
        let talk =
            async { tokio::join!(feed, read_capped(stdout, out_cap), read_head(stderr, 4096)) };
        let (out, err) = match tokio::time::timeout(self.deadline(), talk).await {
            Ok(((), out, err)) => (out, err),
            Err(_) => {
                stop(&mut child).await;
                return Run {
                    result: Err(Failure::Stopped(Stop::Time)),
                    pid,
                };
            }
        };
        let status = if out.len() > out_cap {
            // It would not stop talking: stop it.
            stop(&mut child).await;
            None
        } else {
            match tokio::time::timeout(Duration::from_secs(2), child.wait()).await {
                Ok(Ok(s)) => Some(s),
                _ => {
                    stop(&mut child).await;
                    None
                }
            }
        };
        let result = match status {
            Some(s) if s.success() => parse_answer(&out, self.max_text_bytes),
            Some(s) => Err(Failure::Stopped(classify(s, &err))),
            None => Err(Failure::Stopped(Stop::Crashed)),
        };
        Run { result, pid }
    }
}

/// Kills the reader and waits for it, so no process is left behind.
async fn stop(child: &mut tokio::process::Child) {
    let _ = child.start_kill();
    let _ = child.wait().await;
}

/// Reads at most `cap + 1` bytes: enough to tell that the stream went over the cap.
async fn read_capped(r: impl AsyncRead + Unpin, cap: usize) -> Vec<u8> {
    let mut buf = Vec::new();
    let _ = r.take(cap as u64 + 1).read_to_end(&mut buf).await;
    buf
}

/// Keeps the first `keep` bytes and reads the rest into nothing, so a chatty reader
/// never blocks on a full pipe.
async fn read_head(mut r: impl AsyncRead + Unpin, keep: usize) -> Vec<u8> {
    let mut head = Vec::new();
    let _ = (&mut r).take(keep as u64).read_to_end(&mut head).await;
    let _ = tokio::io::copy(&mut r, &mut tokio::io::sink()).await;
    head
}

/// Why a reader exited without answering. Out of memory, Rust prints "memory allocation
/// of N bytes failed" and aborts; over its CPU time, the kernel sends SIGXCPU, then SIGKILL.
fn classify(status: std::process::ExitStatus, stderr: &[u8]) -> Stop {
    use std::os::unix::process::ExitStatusExt;
    let said = String::from_utf8_lossy(stderr);
    if said.contains("memory allocation of") || said.contains("out of memory") {
        return Stop::Memory;
    }
    match status.signal() {
        Some(libc::SIGXCPU) | Some(libc::SIGKILL) => Stop::Time,
        _ => Stop::Crashed,
    }
}

fn parse_answer(out: &[u8], max_text: usize) -> Result<String, Failure> {
    let Some(nl) = out.iter().position(|&b| b == b'\n') else {
        return Err(Failure::Stopped(Stop::Crashed));
    };
    let answer: worker::Answer =
        serde_json::from_slice(&out[..nl]).map_err(|_| Failure::Stopped(Stop::Crashed))?;
    let body = &out[nl + 1..];
    match answer {
        worker::Answer::Text { len } if len == body.len() && len <= max_text => {
            String::from_utf8(body.to_vec()).map_err(|_| Failure::Stopped(Stop::Crashed))
        }
        worker::Answer::Text { .. } => Err(Failure::Stopped(Stop::Crashed)),
        worker::Answer::Refused { code, message } => Err(match code.as_str() {
            "text_too_large" => Failure::TextTooLarge { limit: max_text },
            _ => Failure::Document { code, message },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_parsed_and_checked_against_the_limit() {
        assert_eq!(
            parse_answer(b"{\"result\":\"text\",\"len\":5}\nhello", 10),
            Ok("hello".into())
        );
        assert_eq!(
            parse_answer(b"{\"result\":\"text\",\"len\":5}\nhello", 4),
            Err(Failure::Stopped(Stop::Crashed))
        );
        assert_eq!(
            parse_answer(b"{\"result\":\"text\",\"len\":9}\nhello", 10),
            Err(Failure::Stopped(Stop::Crashed))
        );
        assert_eq!(
            parse_answer(b"garbage", 10),
            Err(Failure::Stopped(Stop::Crashed))
        );
        assert_eq!(
            parse_answer(
                b"{\"result\":\"refused\",\"code\":\"text_too_large\",\"message\":\"x\"}\n",
                7
            ),
            Err(Failure::TextTooLarge { limit: 7 })
        );
        let e = parse_answer(
            b"{\"result\":\"refused\",\"code\":\"no_text\",\"message\":\"scan\"}\n",
            7,
        )
        .unwrap_err();
        assert_eq!((e.code(), e.too_large()), ("no_text", false));
    }
}
