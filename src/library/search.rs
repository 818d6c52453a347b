//! Finding resources: one query builder for both databases. Only the full-text match
//! differs (FTS5 `MATCH` with `bm25`, or `@@` with `ts_rank`); filters, facets, order and
//! snippets are the same SQL and the same code. The index lives in the database, so an
//! item saved through one server is found through any other at once.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{
    model::{Resource, Viewer, COLUMNS, KINDS},
    text::{self, Query},
};
use crate::{
    db::{Backend, Db},
    topics::{AUDIENCES, LANGUAGES, TOPICS},
};

pub const PER_PAGE: i64 = 20;

/// What someone asked for (the query string of `/resources` and the API).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Params {
    pub q: String,
    pub kind: String,
    pub topic: String,
    pub audience: String,
    pub language: String,
    /// relevance (default with words), newest (default without), downloads or title
    pub sort: String,
    pub page: i64,
}

impl Params {
    /// Reads a query string leniently: unknown keys and malformed values are ignored.
    pub fn from_query(raw: Option<&str>) -> Params {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
        let mut p = Params::default();
        for (k, v) in pairs {
            match k.as_str() {
                "q" => p.q = v,
                "kind" => p.kind = v,
                "topic" => p.topic = v,
                "audience" => p.audience = v,
                "language" => p.language = v,
                "sort" => p.sort = v,
                "page" => p.page = v.trim().parse().unwrap_or(1),
                _ => {}
            }
        }
        p.clean()
    }

    /// The query string for these parameters with `key` set to `value` (empty removes it);
    /// any change but paging starts again at page 1.
    pub fn with(&self, key: &str, value: &str) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("q", &self.q),
            ("kind", &self.kind),
            ("topic", &self.topic),
            ("audience", &self.audience),
            ("language", &self.language),
            ("sort", &self.sort),
        ] {
            let v = if k == key {
                value.to_string()
            } else {
                v.clone()
            };
            if !v.is_empty() {
                pairs.push((k, v));
            }
        }
        if key == "page" && value != "1" {
            pairs.push(("page", value.to_string()));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }

    /// Drops values that are not codes, so a bad link shows everything rather than an error.
    pub fn clean(mut self) -> Params {
        self.q = self
            .q
            .chars()
            .take(200)
            .collect::<String>()
            .trim()
            .to_string();
        if !KINDS.contains(&self.kind.as_str()) {
            self.kind.clear();
        }
        if !TOPICS.contains(&self.topic.as_str()) {
            self.topic.clear();
        }
        if !AUDIENCES.contains(&self.audience.as_str()) {
            self.audience.clear();
        }
        if !LANGUAGES.contains(&self.language.as_str()) {
            self.language.clear();
        }
        if !["relevance", "newest", "downloads", "title"].contains(&self.sort.as_str()) {
            self.sort.clear();
        }
        self.page = self.page.clamp(1, 500);
        self
    }

    pub fn has_filters(&self) -> bool {
        !(self.kind.is_empty()
            && self.topic.is_empty()
            && self.audience.is_empty()
            && self.language.is_empty())
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Facet {
    pub code: String,
    pub count: i64,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Facets {
    pub kind: Vec<Facet>,
    pub topic: Vec<Facet>,
    pub audience: Vec<Facet>,
    pub language: Vec<Facet>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub resource: Resource,
    /// Title with the query's words marked (escaped HTML).
    pub title_html: String,
    /// Words around the best match (escaped HTML with `<mark>`), or the summary escaped.
    pub snippet_html: String,
    /// The file the snippet comes from, when it comes from a file.
    pub snippet_file: Option<String>,
    pub formats: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub sort: String,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

/// The FROM and WHERE shared by the count, facets and page queries.
struct Filter {
    from: String,
    conds: Vec<String>,
    binds: Vec<String>,
}

impl Filter {
    fn new(db: &Db, p: &Params, q: &Query, viewer: Viewer, skip: &str) -> Filter {
        let mut f = Filter {
            from: "resources r".into(),
            conds: vec!["r.status = 'published'".into()],
            binds: Vec::new(),
        };
        if !viewer.signed_in {
            f.conds.push("r.members_only = 0".into());
        }
        if !q.is_empty() {
            let (sql, arg) = match db.backend {
                Backend::Sqlite => (
                    "SELECT rowid AS rid, bm25(resource_index, 4.0, 1.0) AS score FROM resource_index \
                     WHERE resource_index MATCH $1",
                    q.fts5(),
                ),
                Backend::Postgres => (
                    "SELECT resource_id AS rid, CAST(-ts_rank(doc, to_tsquery('simple', $1), 1) AS DOUBLE PRECISION) AS score \
                     FROM resource_index WHERE doc @@ to_tsquery('simple', $1)",
                    q.tsquery(),
                ),
            };
            f.from = format!("resources r JOIN ({sql}) m ON m.rid = r.id");
            f.binds.push(arg);
        }
        if !p.kind.is_empty() && skip != "kind" {
            f.bind_cond("r.kind = ", p.kind.clone());
        }
        if !p.language.is_empty() && skip != "language" {
            f.bind_cond("r.language = ", p.language.clone());
        }
        if !p.topic.is_empty() && skip != "topic" {
            f.bind_cond("r.topics LIKE ", format!("%,{},%", p.topic));
        }
        if !p.audience.is_empty() && skip != "audience" {
            f.bind_cond("r.audiences LIKE ", format!("%,{},%", p.audience));
        }
        f
    }

    fn bind_cond(&mut self, cond: &str, v: String) {
        self.binds.push(v);
        self.conds.push(format!("{cond}${}", self.binds.len()));
    }

    fn sql(&self, select: &str, tail: &str) -> String {
        format!(
            "SELECT {select} FROM {} WHERE {} {tail}",
            self.from,
            self.conds.join(" AND ")
        )
    }

    fn query<'q>(
        &'q self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        let mut q = sqlx::query(sql);
        for b in &self.binds {
            q = q.bind(b.as_str());
        }
        q
    }
}

/// Count columns for one facet (or all with `None`). Codes are inlined: they come from
/// tta's own lists, never from the request.
fn facet_columns(only: Option<&str>) -> String {
    let mut cols = vec!["COUNT(*) AS n".to_string()];
    let dims: [(&str, &dyn Fn(&str) -> String, &[&str]); 4] = [
        ("kind", &|c| format!("r.kind = '{c}'"), KINDS),
        ("topic", &|c| format!("r.topics LIKE '%,{c},%'"), TOPICS),
        (
            "audience",
            &|c| format!("r.audiences LIKE '%,{c},%'"),
            AUDIENCES,
        ),
        ("language", &|c| format!("r.language = '{c}'"), LANGUAGES),
    ];
    for (dim, expr, codes) in dims {
        if only.is_some_and(|o| o != dim) {
            continue;
        }
        for (i, c) in codes.iter().enumerate() {
            cols.push(format!(
                "COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) AS {dim}_{i}",
                expr(c)
            ));
        }
    }
    cols.join(", ")
}

fn read_facet(row: &sqlx::any::AnyRow, dim: &str, codes: &[&str]) -> sqlx::Result<Vec<Facet>> {
    codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(Facet {
                code: c.to_string(),
                count: row.try_get(format!("{dim}_{i}").as_str())?,
            })
        })
        .collect()
}

pub async fn search(db: &Db, p: &Params, viewer: Viewer) -> sqlx::Result<Results> {
    let q = Query::parse(
        &p.q,
        (!p.language.is_empty()).then_some(p.language.as_str()),
    );
    let f = Filter::new(db, p, &q, viewer, "");
    let sql = f.sql(&facet_columns(None), "");
    let row = f.query(&sql).fetch_one(&db.pool).await?;
    let total: i64 = row.try_get("n")?;
    let mut facets = Facets {
        kind: read_facet(&row, "kind", KINDS)?,
        topic: read_facet(&row, "topic", TOPICS)?,
        audience: read_facet(&row, "audience", AUDIENCES)?,
        language: read_facet(&row, "language", LANGUAGES)?,
    };
    // A chosen value's siblings are counted without it, so people can switch between them.
    for (dim, active, codes) in [
        ("kind", &p.kind, KINDS),
        ("topic", &p.topic, TOPICS),
        ("audience", &p.audience, AUDIENCES),
        ("language", &p.language, LANGUAGES),
    ] {
        if active.is_empty() {
            continue;
        }
        // Only this facet's columns: the recount is over more rows than the main count.
        let g = Filter::new(db, p, &q, viewer, dim);
        let sql = g.sql(&facet_columns(Some(dim)), "");
        let row = g.query(&sql).fetch_one(&db.pool).await?;
        let v = read_facet(&row, dim, codes)?;
        match dim {
            "kind" => facets.kind = v,
            "topic" => facets.topic = v,
            "audience" => facets.audience = v,
            _ => facets.language = v,
        }
    }

    let sort = match p.sort.as_str() {
        "" if !q.is_empty() => "relevance",
        "" | "relevance" if q.is_empty() => "newest",
        s => s,
    };
    let order = match sort {
        "relevance" => "m.score ASC, r.published_on DESC, r.id DESC",
        "downloads" => "r.downloads DESC, r.id DESC",
        "title" => "r.title ASC, r.id ASC",
        _ => "r.published_on DESC, r.id DESC",
    };
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = p.page.max(1).min(pages);
    let sql = f.sql(
        &format!("{COLUMNS}"),
        &format!(
            "ORDER BY {order} LIMIT {PER_PAGE} OFFSET {}",
            (page - 1) * PER_PAGE
        ),
    );
    let rows = f.query(&sql).fetch_all(&db.pool).await?;
    let resources: Vec<Resource> = rows
        .iter()
        .map(Resource::from_row)
        .collect::<sqlx::Result<_>>()?;
    let hits = hits(db, resources, &q).await?;
    Ok(Results {
        total,
        page,
        pages,
        sort: sort.to_string(),
        hits,
        facets,
    })
}

/// Titles marked and snippets cut from the best-matching text: the summary, the page or a file.
async fn hits(db: &Db, resources: Vec<Resource>, q: &Query) -> sqlx::Result<Vec<Hit>> {
    let ids: Vec<String> = resources.iter().map(|r| r.id.to_string()).collect();
    let mut files: Vec<(i64, String, String, String)> = Vec::new();
    if !ids.is_empty() {
        // Ids are integers from the query above, safe to inline. Snippets look in the first
        // 100,000 characters of a file, so a page of long reports stays light.
        let text_col = if q.is_empty() {
            "''"
        } else {
            "SUBSTR(body_text, 1, 100000)"
        };
        let rows = sqlx::query(&format!(
            "SELECT resource_id, file_name, format, {text_col} AS body_text FROM resource_files \
             WHERE is_current = 1 AND resource_id IN ({}) ORDER BY id",
            ids.join(",")
        ))
        .fetch_all(&db.pool)
        .await?;
        for r in rows {
            files.push((
                r.try_get("resource_id")?,
                r.try_get("file_name")?,
                r.try_get("format")?,
                r.try_get("body_text")?,
            ));
        }
    }
    let mut out = Vec::with_capacity(resources.len());
    for r in resources {
        let mine: Vec<&(i64, String, String, String)> =
            files.iter().filter(|f| f.0 == r.id).collect();
        let mut formats: Vec<String> = mine.iter().map(|f| f.2.clone()).collect();
        formats.dedup();
        let (title_html, snippet_html, snippet_file) = if q.is_empty() {
            (text::escape(&r.title), text::escape(&r.summary), None)
        } else {
            let lang = r.language.as_str();
            let mut best: Option<(usize, String, Option<String>)> =
                text::snippet(&r.summary, lang, q, 40).map(|(s, h)| (s, h, None));
            let mut consider = |source: &str, from: Option<String>| {
                if let Some((s, h)) = text::snippet(source, lang, q, 30) {
                    if best.as_ref().is_none_or(|b| s > b.0) {
                        best = Some((s, h, from));
                    }
                }
            };
            consider(&text::markdown_text(&r.body_md), None);
            for f in &mine {
                consider(&f.3, Some(f.1.clone()));
            }
            let (_, html, from) = best.unwrap_or((0, text::escape(&r.summary), None));
            (text::highlight(&r.title, lang, q), html, from)
        };
        out.push(Hit {
            resource: r,
            title_html,
            snippet_html,
            snippet_file,
            formats,
        });
    }
    Ok(out)
}

/// Newest and most downloaded, for the library's front page.
pub async fn shelf(
    db: &Db,
    viewer: Viewer,
    order: &str,
    limit: i64,
) -> sqlx::Result<Vec<Resource>> {
    let order = if order == "downloads" {
        "r.downloads DESC, r.id DESC"
    } else {
        "r.published_on DESC, r.id DESC"
    };
    let members = if viewer.signed_in {
        ""
    } else {
        "AND r.members_only = 0"
    };
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM resources r WHERE r.status = 'published' {members} ORDER BY {order} LIMIT {limit}"
    ))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(Resource::from_row).collect()
}
