//! The public verification page (by code or by uploading a PDF), the learner's download,
//! and the staff list where certificates are revoked.

use askama::Template;
use axum::{
    extract::{Multipart, Path, Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::model::{self, Certificate};
use crate::{
    accounts::{audit, model::Role},
    app::AppState,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
        ratelimit,
    },
};

pub const VERIFY_PER_IP: ratelimit::Limit = ratelimit::Limit {
    max: 120,
    window_secs: 3600,
};
const MAX_PDF: usize = 5 * 1024 * 1024;

/// What checking an uploaded PDF found.
pub enum FileCheck {
    /// Every certified field printed on the file matches the signed record.
    Matches,
    /// The file names a real certificate but something printed on it differs.
    Altered(Vec<String>),
}

#[derive(Template)]
#[template(path = "certificates/verify.html")]
pub struct VerifyPage {
    pub ctx: Ctx,
    pub form: Form,
}

pub async fn verify_form(ctx: Ctx) -> AppResult<Response> {
    render(&VerifyPage {
        ctx,
        form: Form::new(),
    })
}

/// A code typed in goes to its page; an uploaded PDF is read and compared with the record.
pub async fn verify_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    mut mp: Multipart,
) -> AppResult<Response> {
    if !ratelimit::hit(
        &state.db,
        &format!("certverify:ip:{}", ctx.ip),
        &VERIFY_PER_IP,
    )
    .await?
    {
        return Err(AppError::TooMany);
    }
    let mut code = String::new();
    let mut file: Option<Vec<u8>> = None;
    let mut form = Form::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                form.add("file", ctx.t("error-cert-upload"));
                break;
            }
        };
        match field.name().unwrap_or("") {
            "code" => code = crate::web::input::clean_owned(field.text().await.unwrap_or_default()),
            "file" => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| AppError::BadRequest(ctx.t("error-cert-upload")))?;
                if !bytes.is_empty() {
                    file = Some(bytes.to_vec());
                }
            }
            _ => {}
        }
    }
    form = form.with("code", code.trim());
    if let Some(bytes) = file {
        if bytes.len() > MAX_PDF {
            form.add("file", ctx.t("error-cert-file-large"));
        } else if !bytes.starts_with(b"%PDF-") {
            form.add("file", ctx.t("error-cert-file-kind"));
        } else {
            match check_file(&state, bytes).await {
                Ok((cert, check)) => {
                    return render(&ResultPage::new(&state, ctx, cert, Some(check)))
                }
                Err(msg) => form.add("file", msg.text(&ctx)),
            }
        }
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &VerifyPage { ctx, form });
    }
    match model::normalize_code(&code) {
        Some(c) => Ok(Redirect::to(&format!("/certificates/{c}")).into_response()),
        None => {
            let key = if code.trim().is_empty() {
                "error-cert-code-required"
            } else {
                "error-cert-code-format"
            };
            form.add("code", ctx.t(key));
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &VerifyPage { ctx, form })
        }
    }
}

/// Why an uploaded certificate could not be checked.
enum FileProblem {
    Key(&'static str),
    Extract(crate::extract::Failure),
}

impl FileProblem {
    fn text(&self, ctx: &Ctx) -> String {
        match self {
            FileProblem::Key(k) => ctx.t(k),
            FileProblem::Extract(f) => f.message(&ctx.lang),
        }
    }
}

/// Reads the text of an uploaded certificate and compares what is printed with the signed
/// record it names. An edited name, title, date or hours, or a pasted signature, shows up
/// as a difference.
async fn check_file(
    state: &AppState,
    bytes: Vec<u8>,
) -> Result<(Certificate, FileCheck), FileProblem> {
    let doc = crate::extract::Doc {
        bytes,
        filename: Some("certificate.pdf".into()),
        content_type: Some("application/pdf".into()),
        max_input_bytes: MAX_PDF,
    };
    let text = state.extract.extract(doc).await.map_err(|f| match f {
        // A reader stopped for time or memory, or a busy server, says so; anything about
        // the file itself is "could not be read".
        crate::extract::Failure::Stopped(_)
        | crate::extract::Failure::Busy
        | crate::extract::Failure::Unavailable => FileProblem::Extract(f),
        _ => FileProblem::Key("error-cert-file-unreadable"),
    })?;
    let flat = squash(&text);
    let code = find_code(&text).ok_or(FileProblem::Key("error-cert-file-no-code"))?;
    let cert = model::by_code(&state.db, &code)
        .await
        .ok()
        .flatten()
        .ok_or(FileProblem::Key("error-cert-file-unknown"))?;
    let mut differs: Vec<String> = Vec::new();
    let mut differ = |label: &str| {
        if !differs.iter().any(|d| d == label) {
            differs.push(label.to_string());
        }
    };
    // The name and the title are printed on lines of their own (wrapped when long), so they
    // must fill whole lines: "Dr. Ana Ruiz, PhD" is not "Ana Ruiz".
    // Printed exactly as signed, in any script; compared in one Unicode normal form, since
    // "ễ" may be stored as one character or as "e" with two marks and prints the same.
    let lines: Vec<String> = text.lines().map(squash).filter(|l| !l.is_empty()).collect();
    if !fills_lines(&lines, &cert.recipient) {
        differ("cert-recipient");
    }
    if !fills_lines(&lines, &cert.title) {
        differ("cert-title");
    }
    // The date and the hours sit inside a sentence in the reader's language: they must be
    // whole words, so "2026-01-011" or "12.5" hours do not pass for "2026-01-01" or "2.5".
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-')))
        .collect();
    if !words.contains(&cert.completed_on.as_str()) {
        differ("cert-completed");
    }
    let numbers = text.replace(|c: char| !(c.is_ascii_digit() || c == '.'), " ");
    let numbers: Vec<&str> = numbers
        .split_whitespace()
        .map(|n| n.trim_matches('.'))
        .collect();
    let (hours, ce_hours) = (cert.hours(), cert.ce_hours());
    if !numbers
        .windows(2)
        .any(|w| w[0] == hours && w[1] == ce_hours)
    {
        differ("cert-hours");
    }
    // The signature may be wrapped anywhere.
    if !flat.contains(&squash(&cert.signature)) {
        differ("cert-signature");
    }
    // Every field matching means nothing: a record whose own signature fails is not genuine.
    if !cert.signature_valid(&state.cert_key) {
        differ("cert-signature");
    }
    let check = if differs.is_empty() {
        FileCheck::Matches
    } else {
        FileCheck::Altered(differs)
    };
    Ok((cert, check))
}

/// Whether `value` makes up one or more consecutive whole lines of `lines` (each already
/// without whitespace), as a centred, wrapped field is printed.
fn fills_lines(lines: &[String], value: &str) -> bool {
    let want = squash(value);
    (0..lines.len()).any(|start| {
        let mut got = String::new();
        for line in &lines[start..] {
            got.push_str(line);
            if got == want {
                return true;
            }
            if got.len() >= want.len() || !want.starts_with(&got) {
                return false;
            }
        }
        false
    })
}

/// Removes all whitespace so line breaks the PDF reader inserts (a wrapped signature, a
/// long title) do not matter, and composes characters with their marks (NFC).
fn squash(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().filter(|c| !c.is_whitespace()).collect()
}

fn find_code(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == ':' || c == '/')
        .filter(|w| w.len() == 14 && w.as_bytes()[4] == b'-' && w.as_bytes()[9] == b'-')
        .find_map(model::normalize_code)
}

#[derive(Template)]
#[template(path = "certificates/result.html")]
pub struct ResultPage {
    pub ctx: Ctx,
    pub cert: Certificate,
    pub signature_ok: bool,
    pub file: Option<FileCheck>,
    pub public_key: String,
    pub payload: String,
}

impl ResultPage {
    fn new(state: &AppState, ctx: Ctx, cert: Certificate, file: Option<FileCheck>) -> ResultPage {
        ResultPage {
            signature_ok: cert.signature_valid(&state.cert_key),
            public_key: state.cert_key.public_key_b64(),
            payload: cert.payload(),
            ctx,
            cert,
            file,
        }
    }
}

#[derive(Template)]
#[template(path = "certificates/unknown.html")]
pub struct UnknownPage {
    pub ctx: Ctx,
    /// The code as asked for (normalized when it has the shape of a code).
    pub code: String,
    pub well_formed: bool,
    pub form: Form,
}

/// Whoever checks a certificate must be able to tell a code nobody issued from a broken
/// site: an unknown code gets a page that says so plainly, with what to do next.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let Some(normal) = model::normalize_code(&code) else {
        let code: String = code.chars().take(40).collect();
        return render_status(
            StatusCode::NOT_FOUND,
            &UnknownPage {
                form: Form::new().with("code", code.as_str()),
                ctx,
                code,
                well_formed: false,
            },
        );
    };
    match model::by_code(&state.db, &normal).await? {
        Some(cert) => render(&ResultPage::new(&state, ctx, cert, None)),
        None => render_status(
            StatusCode::NOT_FOUND,
            &UnknownPage {
                form: Form::new().with("code", normal.as_str()),
                ctx,
                code: normal,
                well_formed: true,
            },
        ),
    }
}

/// The PDF, for the person it was issued to and for institute staff.
pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let code = model::normalize_code(&code).ok_or(AppError::NotFound)?;
    let cert = model::by_code(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    if cert.user_id != Some(user.id) && user.role < Role::Staff {
        return Err(AppError::NotFound);
    }
    let bytes = super::pdf::render(&cert, &state.cfg.base_url, &ctx.lang);
    let name = format!("certificate-{}.pdf", cert.code);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
}

#[derive(Template)]
#[template(path = "certificates/admin.html")]
pub struct AdminPage {
    pub ctx: Ctx,
    pub q: String,
    pub certs: Vec<Certificate>,
    pub form: Form,
    /// The certificate whose revoke form had an error.
    pub failed: Option<i64>,
}

pub async fn admin_list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let certs = model::search(&state.db, &q.q, 200).await?;
    render(&AdminPage {
        ctx,
        q: q.q,
        certs,
        form: Form::new(),
        failed: None,
    })
}

pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    model::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reason = f.text("reason");
    let mut form = f.form();
    if reason.is_empty() {
        form.add("reason", ctx.t("error-cert-reason-required"));
    } else if reason.chars().count() > 500 {
        form.add("reason", ctx.t("error-cert-reason-long"));
    }
    if !form.is_ok() {
        let certs = model::search(&state.db, "", 200).await?;
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &AdminPage {
                ctx,
                q: String::new(),
                certs,
                form,
                failed: Some(id),
            },
        );
    }
    if model::revoke(&state.db, id, user.id, reason).await? {
        audit::record(
            &state.db.pool,
            Some(user.id),
            "certificate_revoked",
            &format!("certificate:{id}"),
            &ctx.ip,
            reason,
        )
        .await?;
    }
    Ok(redirect_with_flash(
        &state,
        "/staff/certificates",
        "flash-cert-revoked",
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_field_must_fill_whole_lines() {
        let lines: Vec<String> = ["Certificate", "AnaRuiz", "MariaFernanda", "Gutierrez"]
            .map(String::from)
            .to_vec();
        assert!(super::fills_lines(&lines, "Ana Ruiz"));
        assert!(
            super::fills_lines(&lines, "Maria Fernanda Gutierrez"),
            "wrapped over two lines"
        );
        assert!(!super::fills_lines(&lines, "Ana"), "part of a line");
        assert!(!super::fills_lines(
            &lines,
            "Maria Fernanda Gutierrez Ocampo"
        ));
        assert!(!super::fills_lines(&lines, "Fernanda"));
    }

    #[test]
    fn finds_code_in_extracted_text() {
        assert_eq!(
            super::find_code(
                "Verification code: 7KQM-X3TD-9HWP\nhttp://x/certificates/7KQM-X3TD-9HWP"
            ),
            Some("7KQM-X3TD-9HWP".into())
        );
        assert_eq!(super::find_code("nothing here"), None);
    }
}
