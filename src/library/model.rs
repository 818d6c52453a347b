//! What a resource is, and the checks every way of writing one goes through (the staff
//! form, the API and `tta library import`).

use serde::Serialize;
use sqlx::{any::AnyRow, Row};

use crate::topics::{is_audience, is_language, is_topic};

pub const KINDS: &[&str] = &[
    "fact_sheet",
    "tool",
    "template",
    "guide",
    "toolkit",
    "recording",
    "other",
];
pub const STATUSES: &[&str] = &["published", "draft"];

#[derive(Clone, Debug, Serialize)]
pub struct Resource {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub kind: String,
    pub topics: Vec<String>,
    pub audiences: Vec<String>,
    pub language: String,
    pub body_md: String,
    pub media_url: String,
    pub members_only: bool,
    pub status: String,
    pub published_on: String,
    pub reviewed_on: String,
    pub downloads: i64,
    pub updated_at: i64,
}

pub const COLUMNS: &str = "r.id, r.slug, r.title, r.summary, r.kind, r.topics, r.audiences, r.language, r.body_md, \
     r.media_url, r.members_only, r.status, r.published_on, r.reviewed_on, r.downloads, r.updated_at";

impl Resource {
    pub fn from_row(r: &AnyRow) -> sqlx::Result<Resource> {
        Ok(Resource {
            id: r.try_get("id")?,
            slug: r.try_get("slug")?,
            title: r.try_get("title")?,
            summary: r.try_get("summary")?,
            kind: r.try_get("kind")?,
            topics: codes_from_db(&r.try_get::<String, _>("topics")?),
            audiences: codes_from_db(&r.try_get::<String, _>("audiences")?),
            language: r.try_get("language")?,
            body_md: r.try_get("body_md")?,
            media_url: r.try_get("media_url")?,
            members_only: r.try_get::<i64, _>("members_only")? != 0,
            status: r.try_get("status")?,
            published_on: r.try_get("published_on")?,
            reviewed_on: r.try_get("reviewed_on")?,
            downloads: r.try_get("downloads")?,
            updated_at: r.try_get("updated_at")?,
        })
    }

    pub fn is_published(&self) -> bool {
        self.status == "published"
    }

    /// Whether someone may see it: drafts are for staff, some items for signed-in people.
    pub fn visible_to(&self, viewer: Viewer) -> bool {
        viewer.staff || (self.is_published() && (!self.members_only || viewer.signed_in))
    }
}

/// Who is looking, as far as the library cares.
#[derive(Clone, Copy, Debug, Default)]
pub struct Viewer {
    pub signed_in: bool,
    pub staff: bool,
}

impl Viewer {
    pub fn of(ctx: &crate::web::context::Ctx) -> Viewer {
        match &ctx.user {
            Some(u) => Viewer {
                signed_in: true,
                staff: u.role >= crate::accounts::model::Role::Staff,
            },
            None => Viewer::default(),
        }
    }
}

/// One uploaded version of a file.
#[derive(Clone, Debug, Serialize)]
pub struct FileVersion {
    pub id: i64,
    pub series: i64,
    pub version: i64,
    pub is_current: bool,
    #[serde(skip)]
    pub storage_key: String,
    pub file_name: String,
    pub format: String,
    pub size: i64,
    pub sha256: String,
    pub change_note: String,
    pub uploaded_at: i64,
}

pub const FILE_COLUMNS: &str =
    "f.id, f.series, f.version, f.is_current, f.storage_key, f.file_name, f.format, f.size, f.sha256, f.change_note, f.uploaded_at";

impl FileVersion {
    pub fn from_row(r: &AnyRow) -> sqlx::Result<FileVersion> {
        Ok(FileVersion {
            id: r.try_get("id")?,
            series: r.try_get("series")?,
            version: r.try_get("version")?,
            is_current: r.try_get::<i64, _>("is_current")? != 0,
            storage_key: r.try_get("storage_key")?,
            file_name: r.try_get("file_name")?,
            format: r.try_get("format")?,
            size: r.try_get("size")?,
            sha256: r.try_get("sha256")?,
            change_note: r.try_get("change_note")?,
            uploaded_at: r.try_get("uploaded_at")?,
        })
    }

    pub fn format_label(&self) -> &'static str {
        super::upload::Format::from_code(&self.format)
            .map(|f| f.label())
            .unwrap_or("File")
    }

    pub fn size_text(&self) -> String {
        human_size(self.size)
    }
}

pub fn human_size(n: i64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (n + 1023) / 1024)
    }
}

pub fn codes_to_db(v: &[String]) -> String {
    format!(",{},", v.join(","))
}

pub fn codes_from_db(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// A resource as written by a person or a manifest, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct RawResource {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub kind: String,
    pub topics: Vec<String>,
    pub audiences: Vec<String>,
    pub language: String,
    pub body_md: String,
    pub media_url: String,
    pub members_only: bool,
    pub status: String,
    pub published_on: String,
    pub reviewed_on: String,
}

/// A checked resource, ready to save: the same fields, trimmed, defaulted and valid. Only
/// `RawResource::check` makes one, so holding one means the checks passed.
#[derive(Clone, Debug)]
pub struct ResourceInput(RawResource);

impl std::ops::Deref for ResourceInput {
    type Target = RawResource;
    fn deref(&self) -> &RawResource {
        &self.0
    }
}

/// Problems as (field, message id); callers translate them.
pub type Problems = Vec<(&'static str, &'static str)>;

impl RawResource {
    pub fn check(mut self) -> Result<ResourceInput, Problems> {
        let mut p: Problems = Vec::new();
        self.title = self.title.trim().to_string();
        self.summary = self.summary.trim().to_string();
        self.slug = self.slug.trim().to_lowercase();
        if self.slug.is_empty() {
            self.slug = crate::events::input::slugify(&self.title);
        }
        if self.title.is_empty() {
            p.push(("title", "library-error-title"));
        } else if self.title.chars().count() > 200 {
            p.push(("title", "library-error-title-long"));
        }
        if !self.slug.is_empty()
            && (self.slug.len() > 80
                || !self
                    .slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        {
            p.push(("slug", "library-error-slug"));
        }
        if self.summary.is_empty() {
            p.push(("summary", "library-error-summary"));
        } else if self.summary.chars().count() > 600 {
            p.push(("summary", "library-error-summary-long"));
        }
        if !KINDS.contains(&self.kind.as_str()) {
            p.push(("kind", "library-error-kind"));
        }
        if self.topics.is_empty() || !self.topics.iter().all(|t| is_topic(t)) {
            p.push(("topics", "library-error-topics"));
        }
        if !self.audiences.iter().all(|a| is_audience(a)) {
            p.push(("audiences", "library-error-audiences"));
        }
        if !is_language(&self.language) {
            p.push(("language", "library-error-language"));
        }
        if self.status.is_empty() {
            self.status = "published".into();
        }
        if !STATUSES.contains(&self.status.as_str()) {
            p.push(("status", "library-error-status"));
        }
        if self.body_md.len() > 200_000 {
            p.push(("body_md", "library-error-body-long"));
        }
        self.media_url = self.media_url.trim().to_string();
        if !self.media_url.is_empty() && !media_url_ok(&self.media_url) {
            p.push(("media_url", "library-error-media"));
        }
        let published = parse_date(&self.published_on);
        if published.is_none() {
            p.push(("published_on", "library-error-date"));
        }
        self.reviewed_on = self.reviewed_on.trim().to_string();
        if !self.reviewed_on.is_empty() {
            match (parse_date(&self.reviewed_on), published) {
                (None, _) => p.push(("reviewed_on", "library-error-date")),
                (Some(r), Some(pd)) if r < pd => {
                    p.push(("reviewed_on", "library-error-reviewed-before"))
                }
                _ => {}
            }
        }
        if !p.is_empty() {
            return Err(p);
        }
        self.topics.sort();
        self.topics.dedup();
        self.audiences.sort();
        self.audiences.dedup();
        self.published_on = published.map(|d| d.to_string()).unwrap_or_default();
        Ok(ResourceInput(self))
    }
}

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Recordings are linked, not uploaded: an https address of an MP3 or MP4 file or page.
fn media_url_ok(u: &str) -> bool {
    url::Url::parse(u).is_ok_and(|x| x.scheme() == "https" && x.host_str().is_some())
        && u.len() <= 500
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> RawResource {
        RawResource {
            title: "Labor trafficking indicators".into(),
            summary: "Signs to notice.".into(),
            kind: "fact_sheet".into(),
            topics: vec!["labor_trafficking".into()],
            language: "en".into(),
            published_on: "2025-03-01".into(),
            ..Default::default()
        }
    }

    #[test]
    fn checks_fields() {
        let ok = good().check().unwrap();
        assert_eq!(ok.slug, "labor-trafficking-indicators");
        assert_eq!(ok.status, "published");
        let bad = RawResource {
            kind: "poster".into(),
            reviewed_on: "2020-01-01".into(),
            media_url: "javascript:alert(1)".into(),
            ..good()
        };
        let p = bad.check().unwrap_err();
        let fields: Vec<_> = p.iter().map(|x| x.0).collect();
        assert_eq!(fields, vec!["kind", "media_url", "reviewed_on"]);
    }
}
