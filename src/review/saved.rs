//! Reviews an organization keeps: saved by a member, reopened later, and compared with
//! another version of the same rules ("4 of 9 findings resolved").

use std::collections::HashSet;

use askama::Template;
use axum::{
    extract::{Multipart, Path, Query, State},
    response::Response,
};
use serde::Deserialize;
use sqlx::Row;

use super::pages::result_page;
use crate::{
    accounts::audit,
    app::AppState,
    db::now,
    orgs::model as orgs,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::redirect_with_flash,
        pages::render,
    },
};

pub struct SavedSummary {
    pub id: i64,
    pub title: String,
    pub findings: i64,
    pub red_lines: i64,
    pub created_at: i64,
    pub author: String,
}

/// What the results page shows about a saved review.
pub struct SavedView {
    pub org_id: i64,
    pub id: i64,
    pub created_at: i64,
    pub others: Vec<SavedSummary>,
    pub comparison: Option<Comparison>,
}

pub struct Comparison {
    pub other_title: String,
    pub other_date: i64,
    pub earlier_total: usize,
    pub resolved: Vec<String>,
    pub remaining: usize,
    pub new: Vec<String>,
}

/// Saves the text sent with the results page to one of the user's organizations.
pub async fn save(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let sub = super::pages::read_submission(&state, &ctx, mp)
        .await
        .map_err(|r| AppError::BadRequest(r.message()))?;
    let org_id: i64 = sub
        .fields
        .v("org")
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest(ctx.t("error-review-org")))?;
    // Only into an organization the person belongs to.
    if orgs::membership(&state.db, org_id, user.id)
        .await?
        .is_none()
    {
        return Err(AppError::Forbidden);
    }
    let text = sub.text.as_str();
    let title = sub.name.clone();
    let report = tta_review::review(text);
    if report.not_reviewed() {
        return Err(AppError::BadRequest(super::pages::language_message(
            &ctx, &report,
        )));
    }
    let mut tx = state.db.tx().await?;
    let row = sqlx::query(
        "INSERT INTO policy_reviews (org_id, title, body, findings, red_lines, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(org_id)
    .bind(&title)
    .bind(text)
    .bind(report.summary.flagged_clauses as i64)
    .bind(report.summary.red_line_clauses as i64)
    .bind(user.id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    audit::record(
        &mut *tx,
        Some(user.id),
        "policy_review_saved",
        &format!("org:{org_id}"),
        &ctx.ip,
        &format!("review:{id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/orgs/{org_id}/reviews/{id}"),
        "flash-review-saved",
    ))
}

async fn list_for(state: &AppState, org_id: i64) -> sqlx::Result<Vec<SavedSummary>> {
    let rows = sqlx::query(
        "SELECT r.id, r.title, r.findings, r.red_lines, r.created_at, COALESCE(u.name, '') AS author \
         FROM policy_reviews r LEFT JOIN users u ON u.id = r.created_by WHERE r.org_id = $1 ORDER BY r.created_at DESC, r.id DESC",
    )
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SavedSummary {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                findings: r.try_get("findings")?,
                red_lines: r.try_get("red_lines")?,
                created_at: r.try_get("created_at")?,
                author: r.try_get("author")?,
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "review/saved_list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub org: orgs::Org,
    pub reviews: Vec<SavedSummary>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
) -> AppResult<Response> {
    let org = orgs::get(&state.db, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reviews = list_for(&state, org_id).await?;
    render(&ListPage { ctx, org, reviews })
}

#[derive(Deserialize)]
pub struct CompareQuery {
    pub compare: Option<i64>,
}

async fn load(state: &AppState, org_id: i64, id: i64) -> AppResult<(String, String, i64)> {
    let row = sqlx::query(
        "SELECT title, body, created_at FROM policy_reviews WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((
        row.try_get("title")?,
        row.try_get("body")?,
        row.try_get("created_at")?,
    ))
}

/// A finding is the same across versions when its category and its clause (ignoring case,
/// spacing and punctuation) are the same.
fn keys(report: &tta_review::Report) -> Vec<(String, String, String)> {
    let norm = |s: &str| {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut v: Vec<(String, String, String)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.category.clone(),
                norm(&f.text),
                format!("{}: {}", f.title, f.text.trim()),
            )
        })
        .collect();
    v.sort();
    v.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    v
}

pub fn compare(
    earlier: &tta_review::Report,
    later: &tta_review::Report,
) -> (usize, Vec<String>, usize, Vec<String>) {
    let (a, b) = (keys(earlier), keys(later));
    // Each side looked up in a set of the other's: linear, where a scan of the other side
    // per finding would be quadratic in a long document's findings.
    let set = |v: &[(String, String, String)]| -> HashSet<(String, String)> {
        v.iter().map(|k| (k.0.clone(), k.1.clone())).collect()
    };
    let (in_a, in_b) = (set(&a), set(&b));
    let has = |set: &HashSet<(String, String)>, k: &(String, String, String)| {
        set.contains(&(k.0.clone(), k.1.clone()))
    };
    let resolved: Vec<String> = a
        .iter()
        .filter(|k| !has(&in_b, k))
        .map(|k| k.2.clone())
        .collect();
    let remaining = a.len() - resolved.len();
    let new: Vec<String> = b
        .iter()
        .filter(|k| !has(&in_a, k))
        .map(|k| k.2.clone())
        .collect();
    (a.len(), resolved, remaining, new)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, id)): Path<(i64, i64)>,
    Query(q): Query<CompareQuery>,
) -> AppResult<Response> {
    let (title, body, created_at) = load(&state, org_id, id).await?;
    let (body, report) = super::review(body).await;
    let others: Vec<SavedSummary> = list_for(&state, org_id)
        .await?
        .into_iter()
        .filter(|r| r.id != id)
        .collect();
    let comparison = match q.compare {
        Some(other) => {
            let (other_title, other_body, other_date) = load(&state, org_id, other).await?;
            let (_, other_report) = super::review(other_body).await;
            // Compare the older version with the newer one, whichever way round they were asked.
            let (earlier, later) = if other_date <= created_at {
                (&other_report, &report)
            } else {
                (&report, &other_report)
            };
            let (earlier_total, resolved, remaining, new) = compare(earlier, later);
            Some(Comparison {
                other_title,
                other_date,
                earlier_total,
                resolved,
                remaining,
                new,
            })
        }
        None => None,
    };
    let view = SavedView {
        org_id,
        id,
        created_at,
        others,
        comparison,
    };
    let page = result_page(&state, ctx, title, body, Some(report), Some(view)).await?;
    render(&page)
}

/// The saved review's report as PDF or Markdown.
pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, id)): Path<(i64, i64)>,
    Query(q): Query<super::pages::FormatQuery>,
) -> AppResult<Response> {
    let (title, body, _) = load(&state, org_id, id).await?;
    super::pages::report_response(&ctx, &title, &body, q.format.as_deref().unwrap_or("pdf"))
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let r = sqlx::query("DELETE FROM policy_reviews WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(&state.db.pool)
        .await?;
    if r.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &state.db.pool,
        ctx.user_id(),
        "policy_review_deleted",
        &format!("org:{org_id}"),
        &ctx.ip,
        &format!("review:{id}"),
    )
    .await?;
    Ok(redirect_with_flash(
        &state,
        &format!("/orgs/{org_id}/reviews"),
        "flash-review-deleted",
    ))
}
