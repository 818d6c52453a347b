//! Puts the demo library into the database through the same checks and write path as the
//! staff form: every generated file goes through the upload check and text extraction.

use std::collections::HashMap;

use sqlx::Row;

use super::library::{files, resources};
use crate::{
    app::AppState,
    library::{
        data::{self, Links, NewFile},
        model::RawResource,
        upload,
    },
};

pub async fn load(state: &AppState, staff: Option<i64>) -> anyhow::Result<()> {
    let mut ids: HashMap<&str, i64> = HashMap::new();
    let all = resources();
    for r in &all {
        if let Some(existing) = data::by_slug(&state.db, r.slug).await? {
            ids.insert(r.slug, existing.id);
            continue;
        }
        let raw = RawResource {
            slug: r.slug.into(),
            title: r.title.into(),
            summary: r.summary.into(),
            kind: r.kind.into(),
            topics: r.topics.iter().map(|s| s.to_string()).collect(),
            audiences: r.audiences.iter().map(|s| s.to_string()).collect(),
            language: r.language.into(),
            body_md: r.body_md.into(),
            media_url: r.media_url.unwrap_or_default().into(),
            members_only: r.members_only,
            status: "published".into(),
            published_on: r.published.into(),
            reviewed_on: r.reviewed.unwrap_or_default().into(),
        };
        let input = raw
            .check()
            .map_err(|p| anyhow::anyhow!("demo resource {}: {p:?}", r.slug))?;
        let mut new_files = Vec::new();
        for f in files(r.slug) {
            let checked = upload::check(&f.name, &f.bytes)
                .map_err(|e| anyhow::anyhow!("demo file {}: {e:?}", f.name))?;
            let text =
                data::file_text(&state.extract, checked.format, &f.bytes, &checked.file_name)
                    .await
                    .map_err(|e| anyhow::anyhow!("demo file {}: {}", f.name, e.code()))?;
            new_files.push(NewFile {
                format: checked.format,
                file_name: checked.file_name,
                bytes: f.bytes,
                text,
                change_note: String::new(),
                replaces: None,
            });
        }
        let links = Links {
            courses: teaching(state, "courses", r.topics).await?,
            events: teaching(state, "events", r.topics).await?,
            ..Links::default()
        };
        let id = data::save(
            &state.db,
            &state.storage,
            staff,
            None,
            &input,
            &links,
            new_files,
        )
        .await?;
        ids.insert(r.slug, id);
        downloads(state, id, r.slug).await?;
    }
    for r in &all {
        for other in r.related {
            if let (Some(a), Some(b)) = (ids.get(r.slug), ids.get(other)) {
                sqlx::query("INSERT INTO resource_related (resource_id, related_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(a)
                    .bind(b)
                    .execute(&state.db.pool)
                    .await?;
            }
        }
    }
    Ok(())
}

/// Published courses or trainings that share the resource's main topic (at most two).
async fn teaching(state: &AppState, table: &str, topics: &[&str]) -> anyhow::Result<Vec<i64>> {
    let Some(topic) = topics.first() else {
        return Ok(Vec::new());
    };
    let rows = sqlx::query(&format!(
        "SELECT id FROM {table} WHERE published = 1 AND topics LIKE $1 ORDER BY id LIMIT 2"
    ))
    .bind(format!("%,{topic},%"))
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<sqlx::Result<_>>()?)
}

/// A few months of download counts, so "most downloaded" has something to show. The
/// numbers come from the slug, so every demo install shows the same ones.
async fn downloads(state: &AppState, id: i64, slug: &str) -> anyhow::Result<()> {
    let seed = slug
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64));
    let today = chrono::Utc::now().date_naive();
    let mut total = 0i64;
    for back in 0..4u32 {
        let month = today
            .checked_sub_months(chrono::Months::new(back))
            .unwrap_or(today)
            .format("%Y-%m")
            .to_string();
        let n = ((seed >> (back * 5)) % 40) as i64;
        if n == 0 {
            continue;
        }
        total += n;
        sqlx::query("INSERT INTO resource_downloads (resource_id, month, count) VALUES ($1, $2, $3) ON CONFLICT (resource_id, month) DO NOTHING")
            .bind(id)
            .bind(&month)
            .bind(n)
            .execute(&state.db.pool)
            .await?;
    }
    sqlx::query("UPDATE resources SET downloads = $1 WHERE id = $2")
        .bind(total)
        .bind(id)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}
