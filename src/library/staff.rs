//! Staff pages: the list of every resource (drafts too), writing one with its files in a
//! single form, new versions of a file, and deleting.
//!
//! The form is multipart because it carries the file. The file input comes last in the
//! page, so when an upload is refused (or cut off for size) every other field has already
//! been read and goes back to the browser as typed.

use askama::Template;
use axum::{
    extract::{Multipart, Path, State},
    http::StatusCode,
    response::Response,
};
use sqlx::Row;

use super::{
    data::{self, Links, NewFile, SaveError},
    model::{FileVersion, RawResource, Resource, COLUMNS, KINDS, STATUSES},
    upload,
};
use crate::{
    accounts::audit,
    app::AppState,
    topics::{AUDIENCES, LANGUAGES, TOPICS},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

#[derive(Template)]
#[template(path = "library/staff/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub items: Vec<(Resource, i64)>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, (SELECT COUNT(*) FROM resource_files f WHERE f.resource_id = r.id AND f.is_current = 1) AS nfiles \
         FROM resources r ORDER BY r.updated_at DESC, r.id DESC LIMIT 500"
    ))
    .fetch_all(&state.db.pool)
    .await?;
    let items = rows
        .iter()
        .map(|r| Ok((Resource::from_row(r)?, r.try_get::<i64, _>("nfiles")?)))
        .collect::<sqlx::Result<_>>()?;
    render(&ListPage { ctx, items })
}

#[derive(Template)]
#[template(path = "library/staff/form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub f: Form,
    /// None when creating.
    pub id: Option<i64>,
    pub slug: String,
    pub kinds: &'static [&'static str],
    pub statuses: &'static [&'static str],
    pub topics: &'static [&'static str],
    pub audiences: &'static [&'static str],
    pub languages: &'static [&'static str],
    pub resources: Vec<(i64, String)>,
    pub courses: Vec<(i64, String)>,
    pub events: Vec<(i64, String)>,
    /// Current file of each document, for "new version of".
    pub documents: Vec<FileVersion>,
    pub max_mb: usize,
}

async fn form_page(state: &AppState, ctx: Ctx, f: Form, id: Option<i64>) -> AppResult<FormPage> {
    let pairs = |rows: Vec<sqlx::any::AnyRow>| -> sqlx::Result<Vec<(i64, String)>> {
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("title")?)))
            .collect()
    };
    let courses = pairs(
        sqlx::query("SELECT id, title FROM courses ORDER BY title")
            .fetch_all(&state.db.pool)
            .await?,
    )?;
    let events = pairs(
        sqlx::query("SELECT id, title FROM events ORDER BY id DESC LIMIT 300")
            .fetch_all(&state.db.pool)
            .await?,
    )?;
    let mut resources = data::titles(&state.db).await?;
    resources.retain(|(rid, _)| Some(*rid) != id);
    let (documents, slug) = match id {
        Some(id) => {
            let docs = data::files(&state.db, id)
                .await?
                .into_iter()
                .filter(|f| f.is_current)
                .collect();
            let slug = data::by_id(&state.db, id)
                .await?
                .map(|r| r.slug)
                .unwrap_or_default();
            (docs, slug)
        }
        None => (Vec::new(), String::new()),
    };
    Ok(FormPage {
        ctx,
        f,
        id,
        slug,
        kinds: KINDS,
        statuses: STATUSES,
        topics: TOPICS,
        audiences: AUDIENCES,
        languages: LANGUAGES,
        resources,
        courses,
        events,
        documents,
        max_mb: upload::MAX_FILE_BYTES / (1024 * 1024),
    })
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let today = chrono::Utc::now().date_naive().to_string();
    let f = Form::new()
        .with("language", "en")
        .with("status", "published")
        .with("published_on", today);
    render(&form_page(&state, ctx, f, None).await?)
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = data::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let links = data::links(&state.db, id).await?;
    let join = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let f = Form::new()
        .with("title", r.title)
        .with("slug", r.slug)
        .with("summary", r.summary)
        .with("kind", r.kind)
        .with("topics", r.topics.join(","))
        .with("audiences", r.audiences.join(","))
        .with("language", r.language)
        .with("body_md", r.body_md)
        .with("media_url", r.media_url)
        .with("members_only", if r.members_only { "1" } else { "" })
        .with("status", r.status)
        .with("published_on", r.published_on)
        .with("reviewed_on", r.reviewed_on)
        .with("related", join(&links.related))
        .with("courses", join(&links.courses))
        .with("events", join(&links.events));
    render(&form_page(&state, ctx, f, Some(id)).await?)
}

/// What the multipart form held: its fields (as a form, to send back) and the file.
struct Submitted {
    f: Form,
    file: Option<(String, Vec<u8>)>,
}

async fn read(ctx: &Ctx, mut mp: Multipart) -> Submitted {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut file = None;
    let mut problem: Option<String> = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(x)) => x,
            Ok(None) => break,
            Err(e) => {
                problem = Some(if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ctx.t1(
                        "library-upload-too-large",
                        "mb",
                        upload::MAX_FILE_BYTES / (1024 * 1024),
                    )
                } else {
                    ctx.t("library-upload-broken")
                });
                break;
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let fname = field.file_name().unwrap_or("").to_string();
            match field.bytes().await {
                Ok(b) if !b.is_empty() || !fname.is_empty() => file = Some((fname, b.to_vec())),
                Ok(_) => {}
                Err(_) => {
                    problem = Some(ctx.t1(
                        "library-upload-too-large",
                        "mb",
                        upload::MAX_FILE_BYTES / (1024 * 1024),
                    ));
                    break;
                }
            }
        } else {
            let v = crate::web::input::clean_owned(field.text().await.unwrap_or_default());
            pairs.push((name, v));
        }
    }
    let mut f = Form::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(p) = problem {
        f.add("file", p);
    }
    Submitted { f, file }
}

fn ids(f: &Form, name: &str) -> Vec<i64> {
    f.v(name)
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect()
}

fn codes(f: &Form, name: &str) -> Vec<String> {
    f.v(name)
        .split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

async fn submit(state: AppState, ctx: Ctx, id: Option<i64>, mp: Multipart) -> AppResult<Response> {
    let Submitted { mut f, file } = read(&ctx, mp).await;
    let raw = RawResource {
        slug: f.v("slug").to_string(),
        title: f.v("title").to_string(),
        summary: f.v("summary").to_string(),
        kind: f.v("kind").to_string(),
        topics: codes(&f, "topics"),
        audiences: codes(&f, "audiences"),
        language: f.v("language").to_string(),
        body_md: f.v("body_md").to_string(),
        media_url: f.v("media_url").to_string(),
        members_only: f.v("members_only") == "1",
        status: f.v("status").to_string(),
        published_on: f.v("published_on").to_string(),
        reviewed_on: f.v("reviewed_on").to_string(),
    };
    let input = match raw.check() {
        Ok(i) => Some(i),
        Err(problems) => {
            for (field, msg) in problems {
                f.add(field, ctx.t(msg));
            }
            None
        }
    };
    let replaces: Option<i64> = f.v("replaces").trim().parse().ok();
    let mut files = Vec::new();
    if let Some((name, bytes)) = file {
        match upload::check(&name, &bytes) {
            Ok(c) => match data::file_text(&state.extract, c.format, &bytes, &c.file_name).await {
                Ok(text) => files.push(NewFile {
                    format: c.format,
                    file_name: c.file_name,
                    bytes,
                    text,
                    change_note: f.v("change_note").trim().chars().take(300).collect(),
                    replaces,
                }),
                Err(failure) => f.add("file", unreadable_message(&ctx, c.format, &failure)),
            },
            Err(refusal) => f.add(
                "file",
                ctx.t1(
                    refusal.message_id(),
                    "mb",
                    upload::MAX_FILE_BYTES / (1024 * 1024),
                ),
            ),
        }
    } else if replaces.is_some() && !f.has("file") {
        f.add("file", ctx.t("library-upload-missing"));
    }
    let (Some(input), true) = (input, f.is_ok()) else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, ctx, f, id).await?,
        );
    };
    let links = Links {
        related: ids(&f, "related"),
        courses: ids(&f, "courses"),
        events: ids(&f, "events"),
    };
    let user = ctx.require_user()?.id;
    let nfiles = files.len();
    match data::save(
        &state.db,
        &state.storage,
        Some(user),
        id,
        &input,
        &links,
        files,
    )
    .await
    {
        Ok(saved) => {
            let action = if id.is_some() {
                "resource.update"
            } else {
                "resource.create"
            };
            let detail = if nfiles > 0 {
                format!("{} (+file)", input.title)
            } else {
                input.title.clone()
            };
            audit::record(
                &state.db.pool,
                Some(user),
                action,
                &format!("resource:{saved}"),
                &ctx.ip,
                &detail,
            )
            .await?;
            Ok(redirect_with_flash(
                &state,
                &format!("/resources/{}", input.slug),
                "library-saved",
            ))
        }
        Err(SaveError::SlugTaken) => {
            f.add("slug", ctx.t("library-error-slug-taken"));
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&state, ctx, f, id).await?,
            )
        }
        Err(SaveError::BadReplace) => {
            f.add("replaces", ctx.t("library-error-replaces"));
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&state, ctx, f, id).await?,
            )
        }
        Err(SaveError::Db(e)) => Err(e.into()),
        Err(SaveError::Storage(e)) => Err(AppError::Other(e)),
    }
}

/// Why an uploaded file that looked right could not be read: the reader's limits, a PDF
/// too complex to read and a busy server say so; anything else is a damaged file.
fn unreadable_message(
    ctx: &Ctx,
    format: upload::Format,
    failure: &crate::extract::Failure,
) -> String {
    use crate::extract::Failure;
    match failure {
        Failure::Document { code, message } if code == "too_complex" => message.clone(),
        Failure::Document { .. } | Failure::FileTooLarge { .. } => {
            ctx.t1("library-upload-unreadable", "format", format.label())
        }
        other => other.message(&ctx.lang),
    }
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> AppResult<Response> {
    submit(state, ctx, None, mp).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    data::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    submit(state, ctx, Some(id), mp).await
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _fields: Fields,
) -> AppResult<Response> {
    let r = data::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    data::delete(&state.db, &state.storage, id).await?;
    audit::record(
        &state.db.pool,
        ctx.user_id(),
        "resource.delete",
        &format!("resource:{id}"),
        &ctx.ip,
        &r.title,
    )
    .await?;
    Ok(redirect_with_flash(
        &state,
        "/staff/resources",
        "library-deleted",
    ))
}
