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

/// Reads the multipart form: pasted `text`, or an uploaded `file` (which wins when given).
/// Problems come back as a form with messages beside the fields.
pub async fn read_submission(ctx: &Ctx, mut mp: Multipart) -> Result<Submission, Form> {
    let mut form = Form::new();
    let mut text = String::new();
    let mut file: Option<(String, Option<String>, Vec<u8>)> = None;
    let mut name = String::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let key = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    "error-review-too-large"
                } else {
                    "error-review-upload"
                };
                form.add("file", ctx.t1(key, "mb", super::MAX_UPLOAD_MB));
                return Err(form);
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
                    Err(_) => {
                        form.add(
                            "file",
                            ctx.t1("error-review-too-large", "mb", super::MAX_UPLOAD_MB),
                        );
                        return Err(form);
                    }
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
    if let Some((filename, ctype, bytes)) = file {
        match super::extract(bytes, Some(filename.clone()), ctype).await {
            Ok(t) => {
                let name = if name.is_empty() { filename } else { name };
                return Ok(Submission {
                    name,
                    text: t,
                    fields: form,
                    uploaded: true,
                });
            }
            Err(msg) => {
                form.add("file", msg);
                return Err(form);
            }
        }
    }
    if text.trim().is_empty() {
        form.add("text", ctx.t("error-review-empty"));
        return Err(form);
    }
    if text.len() > super::MAX_UPLOAD {
        form.add(
            "text",
            ctx.t1("error-review-too-large", "mb", super::MAX_UPLOAD_MB),
        );
        return Err(form);
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
    match read_submission(&ctx, mp).await {
        Err(form) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage {
                ctx,
                form,
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
    let sub = read_submission(&ctx, mp).await.map_err(|f| {
        AppError::BadRequest(f.errors.first().map(|e| e.1.clone()).unwrap_or_default())
    })?;
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
