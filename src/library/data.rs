//! Resources in the database. Every way of writing one (staff form, import, demo) goes
//! through `store_files` then `write`, so files are stored before the row that names them
//! and the search index changes in the same transaction as the resource.

use sqlx::Row;

use super::{
    model::{codes_to_db, FileVersion, Resource, ResourceInput, COLUMNS, FILE_COLUMNS},
    storage::{new_key, Storage},
    text,
    upload::Format,
};
use crate::db::{now, Backend, Db, Tx};

/// A checked upload waiting to be saved.
pub struct NewFile {
    pub format: Format,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// Words inside the file (PDF and Word), for search.
    pub text: String,
    pub change_note: String,
    /// The document this is a new version of (its series), if any.
    pub replaces: Option<i64>,
}

/// A file already in storage, not yet in the database.
pub struct StoredFile {
    pub key: String,
    pub format: Format,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub text: String,
    pub change_note: String,
    pub replaces: Option<i64>,
}

/// Links from a resource to other things tta holds.
#[derive(Clone, Debug, Default)]
pub struct Links {
    pub related: Vec<i64>,
    pub courses: Vec<i64>,
    pub events: Vec<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("another resource already uses this address")]
    SlugTaken,
    #[error("the file this replaces is not part of the resource")]
    BadReplace,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

/// Reads the words out of PDF and Word files, for search; other formats are found by
/// title and summary. Read in the extraction sandbox, so a PDF must really be one: a
/// damaged file, or one over the reader's limits, is refused. A scan (no text layer) or
/// an empty document is kept, with no words.
pub async fn file_text(
    sandbox: &crate::extract::Sandbox,
    format: Format,
    bytes: &[u8],
    name: &str,
) -> Result<String, crate::extract::Failure> {
    use crate::extract::{Doc, Failure};
    if !matches!(format, Format::Pdf | Format::Docx) {
        return Ok(String::new());
    }
    let doc = Doc {
        bytes: bytes.to_vec(),
        filename: Some(name.to_string()),
        content_type: Some(format.mime().to_string()),
        max_input_bytes: super::upload::MAX_FILE_BYTES,
    };
    match sandbox.extract(doc).await {
        Ok(t) => Ok(t),
        Err(Failure::Document { code, .. }) if code == "no_text" || code == "empty" => {
            Ok(String::new())
        }
        Err(f) => Err(f),
    }
}

/// Puts the files in storage. On failure, whatever was stored is removed again.
pub async fn store_files(
    storage: &Storage,
    files: Vec<NewFile>,
) -> anyhow::Result<Vec<StoredFile>> {
    let mut done: Vec<StoredFile> = Vec::new();
    for f in files {
        let key = new_key(f.format);
        let size = f.bytes.len() as i64;
        let sha256 = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&f.bytes))
        };
        if let Err(e) = storage.put(&key, f.bytes).await {
            discard(storage, &done).await;
            return Err(e);
        }
        done.push(StoredFile {
            key,
            format: f.format,
            file_name: f.file_name,
            size,
            sha256,
            text: f.text,
            change_note: f.change_note,
            replaces: f.replaces,
        });
    }
    Ok(done)
}

/// Removes stored files whose database write did not happen.
pub async fn discard(storage: &Storage, files: &[StoredFile]) {
    for f in files {
        if let Err(e) = storage.delete(&f.key).await {
            tracing::warn!(key = %f.key, error = %e, "could not remove a file after a failed save");
        }
    }
}

/// Saves a whole resource: stores the files, then writes everything in one transaction.
pub async fn save(
    db: &Db,
    storage: &Storage,
    actor: Option<i64>,
    id: Option<i64>,
    input: &ResourceInput,
    links: &Links,
    files: Vec<NewFile>,
) -> Result<i64, SaveError> {
    let stored = store_files(storage, files).await?;
    let result = async {
        let mut tx = db.tx().await?;
        let id = write(&mut tx, db.backend, actor, id, input, links, &stored).await?;
        tx.commit().await?;
        Ok::<i64, SaveError>(id)
    }
    .await;
    if result.is_err() {
        discard(storage, &stored).await;
    }
    result
}

/// Writes a resource, its links and its new file versions, and re-indexes it.
pub async fn write(
    tx: &mut Tx,
    backend: Backend,
    actor: Option<i64>,
    id: Option<i64>,
    r: &ResourceInput,
    links: &Links,
    files: &[StoredFile],
) -> Result<i64, SaveError> {
    let t = now();
    // The same thirteen fields, in the same order, for both statements ($1–$13).
    let fields = |sql: &'static str| {
        sqlx::query(sql)
            .bind(&r.slug)
            .bind(&r.title)
            .bind(&r.summary)
            .bind(&r.kind)
            .bind(codes_to_db(&r.topics))
            .bind(codes_to_db(&r.audiences))
            .bind(&r.language)
            .bind(&r.body_md)
            .bind(&r.media_url)
            .bind(r.members_only as i64)
            .bind(&r.status)
            .bind(&r.published_on)
            .bind(&r.reviewed_on)
    };
    let res = match id {
        None => fields(
            "INSERT INTO resources (slug, title, summary, kind, topics, audiences, language, body_md, media_url, \
             members_only, status, published_on, reviewed_on, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
        )
        .bind(actor)
        .bind(t)
        .fetch_one(&mut **tx)
        .await
        .and_then(|row| row.try_get::<i64, _>("id")),
        Some(id) => fields(
            "UPDATE resources SET slug = $1, title = $2, summary = $3, kind = $4, topics = $5, audiences = $6, \
             language = $7, body_md = $8, media_url = $9, members_only = $10, status = $11, published_on = $12, \
             reviewed_on = $13, updated_at = $14 WHERE id = $15",
        )
        .bind(t)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map(|_| id),
    };
    let id = res.map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            SaveError::SlugTaken
        } else {
            SaveError::Db(e)
        }
    })?;
    set_links(tx, id, links).await?;
    for f in files {
        add_file(tx, id, actor, f, t).await?;
    }
    reindex(tx, backend, id).await?;
    Ok(id)
}

async fn set_links(tx: &mut Tx, id: i64, links: &Links) -> sqlx::Result<()> {
    for (table, col, ids) in [
        ("resource_related", "related_id", &links.related),
        ("resource_courses", "course_id", &links.courses),
        ("resource_events", "event_id", &links.events),
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE resource_id = $1"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        for other in ids {
            if table == "resource_related" && *other == id {
                continue;
            }
            sqlx::query(&format!(
                "INSERT INTO {table} (resource_id, {col}) VALUES ($1, $2) ON CONFLICT DO NOTHING"
            ))
            .bind(id)
            .bind(*other)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Adds one version: a new document, or the next version of one it replaces (the old
/// version stays in the history, no longer current).
async fn add_file(
    tx: &mut Tx,
    resource_id: i64,
    actor: Option<i64>,
    f: &StoredFile,
    t: i64,
) -> Result<(), SaveError> {
    let (series, version) = match f.replaces {
        Some(series) => {
            let row = sqlx::query("SELECT MAX(version) AS v FROM resource_files WHERE series = $1 AND resource_id = $2")
                .bind(series)
                .bind(resource_id)
                .fetch_one(&mut **tx)
                .await?;
            let Some(v) = row.try_get::<Option<i64>, _>("v")? else {
                return Err(SaveError::BadReplace);
            };
            sqlx::query("UPDATE resource_files SET is_current = 0 WHERE series = $1")
                .bind(series)
                .execute(&mut **tx)
                .await?;
            (Some(series), v + 1)
        }
        None => (None, 1),
    };
    let row = sqlx::query(
        "INSERT INTO resource_files (resource_id, series, version, is_current, storage_key, file_name, format, size, \
         sha256, change_note, body_text, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(resource_id)
    .bind(series.unwrap_or(0))
    .bind(version)
    .bind(&f.key)
    .bind(&f.file_name)
    .bind(f.format.code())
    .bind(f.size)
    .bind(&f.sha256)
    .bind(&f.change_note)
    .bind(&f.text)
    .bind(actor)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?;
    if series.is_none() {
        // A new document's series is its own id.
        let fid: i64 = row.try_get("id")?;
        sqlx::query("UPDATE resource_files SET series = $1 WHERE id = $1")
            .bind(fid)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Longest stretch of indexed words per item. PostgreSQL refuses a `tsvector` over 1 MB,
/// and both engines must index the same words.
const MAX_INDEXED: usize = 400_000;

/// Rewrites the item's row in the search index from what the transaction now holds.
pub async fn reindex(tx: &mut Tx, backend: Backend, id: i64) -> sqlx::Result<()> {
    let row = sqlx::query("SELECT title, summary, body_md, language FROM resources WHERE id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let lang: String = row.try_get("language")?;
    let head = format!(
        "{} {}",
        row.try_get::<String, _>("title")?,
        row.try_get::<String, _>("summary")?
    );
    let mut body = text::markdown_text(&row.try_get::<String, _>("body_md")?);
    let files = sqlx::query("SELECT file_name, body_text FROM resource_files WHERE resource_id = $1 AND is_current = 1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
    for f in &files {
        body.push(' ');
        body.push_str(
            &f.try_get::<String, _>("file_name")?
                .replace(['-', '_', '.'], " "),
        );
        body.push(' ');
        body.push_str(&f.try_get::<String, _>("body_text")?);
    }
    let head = text::index_terms(&lang, &head);
    let mut body = text::index_terms(&lang, &body);
    if body.len() > MAX_INDEXED {
        let cut = body[..MAX_INDEXED].rfind(' ').unwrap_or(0);
        body.truncate(cut);
    }
    match backend {
        Backend::Sqlite => {
            sqlx::query("DELETE FROM resource_index WHERE rowid = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
            sqlx::query("INSERT INTO resource_index (rowid, head, body) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(&head)
                .bind(&body)
                .execute(&mut **tx)
                .await?;
        }
        Backend::Postgres => {
            sqlx::query(
                "INSERT INTO resource_index (resource_id, doc) \
                 VALUES ($1, setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B')) \
                 ON CONFLICT (resource_id) DO UPDATE SET doc = EXCLUDED.doc",
            )
            .bind(id)
            .bind(&head)
            .bind(&body)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

pub async fn by_slug(db: &Db, slug: &str) -> sqlx::Result<Option<Resource>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM resources r WHERE r.slug = $1"
    ))
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(Resource::from_row).transpose()
}

pub async fn by_id(db: &Db, id: i64) -> sqlx::Result<Option<Resource>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM resources r WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(Resource::from_row).transpose()
}

/// Every version of every file, newest first within each document.
pub async fn files(db: &Db, resource_id: i64) -> sqlx::Result<Vec<FileVersion>> {
    let rows = sqlx::query(&format!(
        "SELECT {FILE_COLUMNS} FROM resource_files f WHERE f.resource_id = $1 ORDER BY f.series, f.version DESC"
    ))
    .bind(resource_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(FileVersion::from_row).collect()
}

pub async fn links(db: &Db, id: i64) -> sqlx::Result<Links> {
    let mut l = Links::default();
    for (sql, into) in [
        (
            "SELECT related_id AS x FROM resource_related WHERE resource_id = $1",
            &mut l.related,
        ),
        (
            "SELECT course_id AS x FROM resource_courses WHERE resource_id = $1",
            &mut l.courses,
        ),
        (
            "SELECT event_id AS x FROM resource_events WHERE resource_id = $1",
            &mut l.events,
        ),
    ] {
        for r in sqlx::query(sql).bind(id).fetch_all(&db.pool).await? {
            into.push(r.try_get("x")?);
        }
    }
    Ok(l)
}

/// Items this one links to and items that link to it, for the reader.
pub async fn related(db: &Db, id: i64) -> sqlx::Result<Vec<Resource>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM resources r WHERE r.id IN \
         (SELECT related_id FROM resource_related WHERE resource_id = $1 \
          UNION SELECT resource_id FROM resource_related WHERE related_id = $1) ORDER BY r.title"
    ))
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(Resource::from_row).collect()
}

/// (slug, title) of published courses and upcoming-or-past trainings linked to the item.
pub async fn teaching(
    db: &Db,
    id: i64,
) -> sqlx::Result<(Vec<(String, String)>, Vec<(String, String)>)> {
    let pairs = |rows: Vec<sqlx::any::AnyRow>| -> sqlx::Result<Vec<(String, String)>> {
        rows.iter()
            .map(|r| Ok((r.try_get("slug")?, r.try_get("title")?)))
            .collect()
    };
    let courses = sqlx::query(
        "SELECT c.slug, c.title FROM courses c JOIN resource_courses rc ON rc.course_id = c.id \
         WHERE rc.resource_id = $1 AND c.published = 1 ORDER BY c.title",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let events = sqlx::query(
        "SELECT e.slug, e.title FROM events e JOIN resource_events re ON re.event_id = e.id \
         WHERE re.resource_id = $1 AND e.published = 1 ORDER BY e.title",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok((pairs(courses)?, pairs(events)?))
}

/// Counts a download: per item and month, nothing about who.
pub async fn count_download(db: &Db, resource_id: i64) -> sqlx::Result<()> {
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let mut tx = db.tx().await?;
    sqlx::query(
        "INSERT INTO resource_downloads (resource_id, month, count) VALUES ($1, $2, 1) \
         ON CONFLICT (resource_id, month) DO UPDATE SET count = resource_downloads.count + 1",
    )
    .bind(resource_id)
    .bind(&month)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE resources SET downloads = downloads + 1 WHERE id = $1")
        .bind(resource_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Downloads per month, newest first.
pub async fn downloads_by_month(db: &Db, resource_id: i64) -> sqlx::Result<Vec<(String, i64)>> {
    let rows = sqlx::query("SELECT month, count FROM resource_downloads WHERE resource_id = $1 ORDER BY month DESC LIMIT 24")
        .bind(resource_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("month")?, r.try_get("count")?)))
        .collect()
}

/// Deletes a resource with its files and index row; the stored bytes go after the commit.
pub async fn delete(db: &Db, storage: &Storage, id: i64) -> sqlx::Result<()> {
    let keys: Vec<String> =
        sqlx::query("SELECT storage_key FROM resource_files WHERE resource_id = $1")
            .bind(id)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| r.try_get("storage_key"))
            .collect::<sqlx::Result<_>>()?;
    let mut tx = db.tx().await?;
    if db.backend == Backend::Sqlite {
        sqlx::query("DELETE FROM resource_index WHERE rowid = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM resources WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    for k in keys {
        if let Err(e) = storage.delete(&k).await {
            tracing::warn!(key = %k, error = %e, "could not remove a deleted resource's file");
        }
    }
    Ok(())
}

/// (id, title) of every resource, for the "related" picker.
pub async fn titles(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, title FROM resources ORDER BY title LIMIT 2000")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("title")?)))
        .collect()
}
