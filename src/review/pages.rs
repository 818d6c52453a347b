//! The public policy-review page: paste or upload, see every finding in place, download
//! the report. Nothing is stored unless a signed-in member saves it to their organization.

use askama::Template;
use axum::{
    extract::{Multipart, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

use super::marked::{self, Marked};
use crate::{
    app::AppState,
    extract::Failure,
    orgs::model as orgs,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::Form,
        pages::{render, render_status},
        ratelimit,
    },
};

pub const REVIEWS_PER_IP: ratelimit::Limit = ratelimit::Limit {
    max: 120,
    window_secs: 3600,
};

#[derive(Template)]
#[template(path = "review/form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub form: Form,
    pub max_mb: usize,
}

pub async fn form(ctx: Ctx) -> AppResult<Response> {
    render(&FormPage {
        ctx,
        form: Form::new(),
        max_mb: super::MAX_UPLOAD_MB,
    })
}

/// What was sent: a name for the document and its text.
pub struct Submission {
    pub name: String,
    pub text: String,
    pub fields: Form,
    /// Whether the text came from an uploaded file (messages go beside that field).
    pub uploaded: bool,
}

/// A submission refused: the form with a message beside the field and everything typed
/// kept, the HTTP status the API answers with, and the API's error code.
pub struct Refused {
    pub form: Form,
    pub status: StatusCode,
    pub code: String,
}

impl Refused {
    fn new(mut form: Form, field: &str, status: StatusCode, code: &str, msg: String) -> Refused {
        form.add(field, msg);
        Refused {
            form,
            status,
            code: code.to_string(),
        }
    }

    /// The field the first message is about (`file` or `text`).
    pub fn field(&self) -> String {
        self.form
            .errors
            .first()
            .map(|e| e.0.clone())
            .unwrap_or_default()
    }

    /// The first message, for answers that are not a page.
    pub fn message(&self) -> String {
        self.form
            .errors
            .first()
            .map(|e| e.1.clone())
            .unwrap_or_default()
    }
}

/// The status an extraction failure answers with: too large is 413, a busy or broken
/// reader 503, anything about the document 422.
pub fn failure_status(f: &Failure) -> StatusCode {
    if f.too_large() {
        StatusCode::PAYLOAD_TOO_LARGE
    } else if f.server_side() {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// Reads the multipart form: pasted `text`, or an uploaded `file` (which wins when given).
/// Pasted and extracted text are held to the same limit (`extract_max_text_bytes`).
pub async fn read_submission(
    state: &AppState,
    ctx: &Ctx,
    mut mp: Multipart,
) -> Result<Submission, Refused> {
    let mut form = Form::new();
    let mut text = String::new();
    let mut file: Option<(String, Option<String>, Vec<u8>)> = None;
    let mut name = String::new();
    let too_large = |form: Form| {
        let msg = ctx.t1("error-review-too-large", "mb", super::MAX_UPLOAD_MB);
        Refused::new(
            form,
            "file",
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            msg,
        )
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large(form)),
            Err(_) => {
                let msg = ctx.t1("error-review-upload", "mb", super::MAX_UPLOAD_MB);
                return Err(Refused::new(
                    form,
                    "file",
                    StatusCode::BAD_REQUEST,
                    "invalid_upload",
                    msg,
                ));
            }
        };
        let fname = field.name().unwrap_or("").to_string();
        match fname.as_str() {
            "text" => text = crate::web::input::clean_owned(field.text().await.unwrap_or_default()),
            "name" => {
                name = crate::web::input::clean(field.text().await.unwrap_or_default().trim())
                    .chars()
                    .take(200)
                    .collect()
            }
            "file" => {
                let filename = field.file_name().unwrap_or("").to_string();
                let ctype = field.content_type().map(String::from);
                match field.bytes().await {
                    Ok(b) if !b.is_empty() => file = Some((filename, ctype, b.to_vec())),
                    Ok(_) => {}
                    Err(_) => return Err(too_large(form)),
                }
            }
            // Small extra fields (the organization to save to) are kept for the caller.
            _ => {
                let v: String = crate::web::input::clean(&field.text().await.unwrap_or_default())
                    .chars()
                    .take(200)
                    .collect();
                form.values.insert(fname, v);
            }
        }
    }
    form.values.insert("text".into(), text.clone());
    form.values.insert("name".into(), name.clone());
    let max_text = state.cfg.extract_max_text_bytes;
    if let Some((filename, ctype, bytes)) = file {
        return match super::extract(&state.extract, bytes, Some(filename.clone()), ctype).await {
            Ok(t) => {
                let name = if name.is_empty() { filename } else { name };
                Ok(Submission {
                    name,
                    text: t,
                    fields: form,
                    uploaded: true,
                })
            }
            Err(f) => {
                let msg = f.message(&ctx.lang);
                Err(Refused::new(
                    form,
                    "file",
                    failure_status(&f),
                    f.code(),
                    msg,
                ))
            }
        };
    }
    if text.trim().is_empty() {
        let msg = ctx.t("error-review-empty");
        return Err(Refused::new(
            form,
            "text",
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty",
            msg,
        ));
    }
    if text.len() > max_text {
        let msg = Failure::TextTooLarge { limit: max_text }.message(&ctx.lang);
        return Err(Refused::new(
            form,
            "text",
            StatusCode::PAYLOAD_TOO_LARGE,
            "text_too_large",
            msg,
        ));
    }
    let name = if name.is_empty() {
        ctx.t("review-pasted-name")
    } else {
        name
    };
    Ok(Submission {
        name,
        text,
        fields: form,
        uploaded: false,
    })
}

#[derive(Template)]
#[template(path = "review/result.html")]
pub struct ResultPage {
    pub ctx: Ctx,
    pub name: String,
    pub text: String,
    pub reading: String,
    pub flagged: usize,
    pub red_lines: usize,
    pub by_category: Vec<(String, usize, bool)>,
    /// For a document reviewed only in part (some of it in another language).
    pub language_note: Option<String>,
    pub marked: Marked,
    /// Organizations the visitor may save the review to.
    pub orgs: Vec<orgs::MyOrg>,
    /// Set when showing a saved review.
    pub saved: Option<super::saved::SavedView>,
}

/// `report` is the review of `text` when the caller already has it.
pub async fn result_page(
    state: &AppState,
    ctx: Ctx,
    name: String,
    text: String,
    report: Option<tta_review::Report>,
    saved: Option<super::saved::SavedView>,
) -> AppResult<ResultPage> {
    let (text, report) = match report {
        Some(r) => (text, r),
        None => super::review(text).await,
    };
    let by_category = super::category_rows(&report);
    let orgs = match (&ctx.user, &saved) {
        (Some(u), None) => orgs::for_user(&state.db, u.id).await?,
        _ => Vec::new(),
    };
    Ok(ResultPage {
        reading: report.summary.reading.clone(),
        flagged: report.summary.flagged_clauses,
        red_lines: report.summary.red_line_clauses,
        by_category,
        language_note: report.language_note().map(|_| {
            ctx.t1(
                "review-language-partly",
                "percent",
                report.language.uncovered_percent,
            )
        }),
        marked: marked::build(&text, &report),
        orgs,
        saved,
        name,
        text,
        ctx,
    })
}

pub async fn submit(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> AppResult<Response> {
    if !ratelimit::hit(&state.db, &format!("review:ip:{}", ctx.ip), &REVIEWS_PER_IP).await? {
        return Err(AppError::TooMany);
    }
    match read_submission(&state, &ctx, mp).await {
        Err(r) => render_status(
            r.status,
            &FormPage {
                ctx,
                form: r.form,
                max_mb: super::MAX_UPLOAD_MB,
            },
        ),
        Ok(sub) => {
            let (text, report) = super::review(sub.text).await;
            if report.not_reviewed() {
                let mut form = sub.fields;
                form.add(
                    if sub.uploaded { "file" } else { "text" },
                    language_message(&ctx, &report),
                );
                return render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &FormPage {
                        ctx,
                        form,
                        max_mb: super::MAX_UPLOAD_MB,
                    },
                );
            }
            render(&result_page(&state, ctx, sub.name, text, Some(report), None).await?)
        }
    }
}

/// Why a document in a language the rules do not read gets no result.
pub fn language_message(ctx: &Ctx, report: &tta_review::Report) -> String {
    match &report.language.name {
        Some(name) => ctx.t1("error-review-language", "language", name),
        None => ctx.t("error-review-language-unknown"),
    }
}

/// Downloads the report of the text sent with it, as PDF or Markdown (`?format=`).
pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<FormatQuery>,
    mp: Multipart,
) -> AppResult<Response> {
    if !ratelimit::hit(&state.db, &format!("review:ip:{}", ctx.ip), &REVIEWS_PER_IP).await? {
        return Err(AppError::TooMany);
    }
    let sub = read_submission(&state, &ctx, mp)
        .await
        .map_err(|r| AppError::BadRequest(r.message()))?;
    report_response(
        &ctx,
        &sub.name,
        &sub.text,
        q.format.as_deref().unwrap_or("pdf"),
    )
}

#[derive(serde::Deserialize)]
pub struct FormatQuery {
    pub format: Option<String>,
}

/// The report file: `pdf` or `md`.
pub fn report_response(ctx: &Ctx, name: &str, text: &str, format: &str) -> AppResult<Response> {
    let report = tta_review::review(text);
    if report.not_reviewed() {
        return Err(AppError::BadRequest(language_message(ctx, &report)));
    }
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .chars()
        .take(60)
        .collect();
    let stem = if stem.is_empty() {
        "policy-review".to_string()
    } else {
        format!("policy-review-{stem}")
    };
    let (body, ctype, ext) = match format {
        "pdf" => (
            super::pdf::report(ctx, name, text, &report),
            "application/pdf",
            "pdf",
        ),
        "md" | "markdown" => (
            tta_review::to_markdown(&report, name).into_bytes(),
            "text/markdown; charset=utf-8",
            "md",
        ),
        _ => return Err(AppError::BadRequest(ctx.t("error-review-format"))),
    };
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response())
}
