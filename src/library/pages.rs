//! What everyone sees of the library: search with facets, browsing by topic and audience,
//! newest and most downloaded, a resource's page, and downloads.

use askama::Template;
use axum::{
    extract::{Path, RawQuery, State},
    http::header,
    response::{IntoResponse, Response},
};

use super::{
    data,
    model::{FileVersion, Resource, Viewer},
    search::{self, Params, Results},
};
use crate::{
    app::AppState,
    topics::{AUDIENCES, TOPICS},
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        pages::render,
    },
};

/// One choice in a facet list.
pub struct Choice {
    pub label: String,
    pub count: i64,
    pub href: String,
    pub selected: bool,
}

pub struct FacetView {
    pub id: &'static str,
    pub title: String,
    pub choices: Vec<Choice>,
    /// Link that removes this facet's choice, when one is made.
    pub clear: Option<String>,
}

pub struct SortLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "library/index.html")]
pub struct IndexPage {
    pub ctx: Ctx,
    pub p: Params,
    pub results: Results,
    pub facets: Vec<FacetView>,
    pub sorts: Vec<SortLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The front page (no words, no filters) shows shelves instead of one long list.
    pub newest: Vec<Resource>,
    pub popular: Vec<Resource>,
    pub topics: Vec<(String, String)>,
    pub audiences: Vec<(String, String)>,
}

impl IndexPage {
    pub fn front(&self) -> bool {
        self.p.q.is_empty() && !self.p.has_filters() && self.p.sort.is_empty() && self.p.page <= 1
    }
}

fn facet_view(
    ctx: &Ctx,
    p: &Params,
    id: &'static str,
    prefix: &str,
    active: &str,
    counts: &[search::Facet],
) -> FacetView {
    let choices = counts
        .iter()
        .filter(|f| f.count > 0 || f.code == active)
        .map(|f| Choice {
            label: ctx.tk(prefix, &f.code),
            count: f.count,
            href: format!(
                "/resources?{}",
                p.with(id, if f.code == active { "" } else { &f.code })
            ),
            selected: f.code == active,
        })
        .collect();
    FacetView {
        id,
        title: ctx.t(&format!("library-facet-{id}")),
        choices,
        clear: (!active.is_empty()).then(|| format!("/resources?{}", p.with(id, ""))),
    }
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let p = Params::from_query(raw.as_deref());
    let viewer = Viewer::of(&ctx);
    let results = search::search(&state.db, &p, viewer).await?;
    let facets = vec![
        facet_view(
            &ctx,
            &p,
            "kind",
            "library-kind",
            &p.kind,
            &results.facets.kind,
        ),
        facet_view(&ctx, &p, "topic", "topic", &p.topic, &results.facets.topic),
        facet_view(
            &ctx,
            &p,
            "audience",
            "org-kind",
            &p.audience,
            &results.facets.audience,
        ),
        facet_view(
            &ctx,
            &p,
            "language",
            "language",
            &p.language,
            &results.facets.language,
        ),
    ];
    let mut sort_codes = vec!["newest", "downloads", "title"];
    if !p.q.is_empty() {
        sort_codes.insert(0, "relevance");
    }
    let sorts = sort_codes
        .into_iter()
        .map(|s| SortLink {
            label: ctx.tk("library-sort", s),
            href: format!("/resources?{}", p.with("sort", s)),
            current: results.sort == s,
        })
        .collect();
    let prev = (results.page > 1).then(|| {
        format!(
            "/resources?{}",
            p.with("page", &(results.page - 1).to_string())
        )
    });
    let next = (results.page < results.pages).then(|| {
        format!(
            "/resources?{}",
            p.with("page", &(results.page + 1).to_string())
        )
    });
    let mut page = IndexPage {
        topics: TOPICS
            .iter()
            .map(|t| (t.to_string(), ctx.tk("topic", t)))
            .collect(),
        audiences: AUDIENCES
            .iter()
            .map(|a| (a.to_string(), ctx.tk("org-kind", a)))
            .collect(),
        ctx,
        p,
        results,
        facets,
        sorts,
        prev,
        next,
        newest: Vec::new(),
        popular: Vec::new(),
    };
    if page.front() {
        page.newest = search::shelf(&state.db, viewer, "newest", 6).await?;
        page.popular = search::shelf(&state.db, viewer, "downloads", 6).await?;
    }
    render(&page)
}

/// A document and its versions, newest first.
pub struct Document {
    pub current: FileVersion,
    pub earlier: Vec<FileVersion>,
}

#[derive(Template)]
#[template(path = "library/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub r: Resource,
    pub body_html: String,
    pub documents: Vec<Document>,
    pub related: Vec<Resource>,
    pub courses: Vec<(String, String)>,
    pub events: Vec<(String, String)>,
    pub staff: bool,
    pub by_month: Vec<(String, i64)>,
}

impl ShowPage {
    /// "Changed" lines across every document, newest first.
    pub fn history(&self) -> Vec<&FileVersion> {
        let mut all: Vec<&FileVersion> = self
            .documents
            .iter()
            .flat_map(|d| std::iter::once(&d.current).chain(d.earlier.iter()))
            .collect();
        all.sort_by(|a, b| b.uploaded_at.cmp(&a.uploaded_at).then(b.id.cmp(&a.id)));
        all
    }
}

/// The resource, if this viewer may see it; members-only items send visitors to sign in.
async fn visible(state: &AppState, ctx: &Ctx, slug: &str, next: String) -> AppResult<Resource> {
    let r = data::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = Viewer::of(ctx);
    if r.visible_to(viewer) {
        return Ok(r);
    }
    if r.is_published() && r.members_only && !viewer.signed_in {
        return Err(AppError::SignIn { next });
    }
    Err(AppError::NotFound)
}

pub fn documents(files: Vec<FileVersion>) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    for f in files {
        match docs.iter_mut().find(|d| d.current.series == f.series) {
            Some(d) => d.earlier.push(f),
            None => docs.push(Document {
                current: f,
                earlier: Vec::new(),
            }),
        }
    }
    docs
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let r = visible(&state, &ctx, &slug, format!("/resources/{slug}")).await?;
    let documents = documents(data::files(&state.db, r.id).await?);
    let viewer = Viewer::of(&ctx);
    let related = data::related(&state.db, r.id)
        .await?
        .into_iter()
        .filter(|x| x.visible_to(viewer))
        .collect();
    let (courses, events) = data::teaching(&state.db, r.id).await?;
    let body_html = crate::markdown::to_html(&r.body_md, &r.title);
    let by_month = if viewer.staff {
        data::downloads_by_month(&state.db, r.id).await?
    } else {
        Vec::new()
    };
    render(&ShowPage {
        ctx,
        body_html,
        documents,
        related,
        courses,
        events,
        staff: viewer.staff,
        by_month,
        r,
    })
}

/// Sends a stored file as an attachment with its real type, and counts the download.
pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, file)): Path<(String, i64)>,
) -> AppResult<Response> {
    let r = visible(&state, &ctx, &slug, format!("/resources/{slug}")).await?;
    let f = data::files(&state.db, r.id)
        .await?
        .into_iter()
        .find(|f| f.id == file)
        .ok_or(AppError::NotFound)?;
    let format = super::upload::Format::from_code(&f.format).ok_or(AppError::NotFound)?;
    let bytes = state
        .storage
        .get(&f.storage_key)
        .await
        .map_err(AppError::Other)?;
    data::count_download(&state.db, r.id).await?;
    let cache = if r.members_only {
        "private, no-store"
    } else {
        "public, max-age=300"
    };
    Ok((
        [
            (header::CONTENT_TYPE, format.mime().to_string()),
            (header::CONTENT_DISPOSITION, attachment(&f.file_name)),
            (header::CACHE_CONTROL, cache.to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// `attachment` with an ASCII fallback name and the exact name in RFC 5987 form.
pub fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let exact: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{exact}")
}
