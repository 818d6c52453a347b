//! "Download my data": everything tta holds about a person, as a ZIP archive of readable
//! JSON files (one per area) and a README.txt that explains every file and field, what is
//! left out and why, and what deleting the account removes and keeps.
//!
//! `coverage` lists every column of the schema that refers to a person; a test compares
//! it with the live schema of both databases. `sections` declares the files' fields, which
//! the queries in `areas` fill and the README in `readme` describes.

mod areas;
pub mod coverage;
mod readme;
pub mod sections;

use std::io::{Cursor, Write};

use zip::{write::SimpleFileOptions, CompressionMethod, ZipWriter};

use crate::{accounts::model::User, app::AppState, i18n::Lang};

pub struct Archive {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Builds the archive for `user`, with the README in `lang`.
pub async fn archive(state: &AppState, user: &User, lang: &Lang) -> anyhow::Result<Archive> {
    let now = chrono::Utc::now();
    let who = areas::Who { state, user, lang };
    let stamp = {
        use chrono::{Datelike, Timelike};
        let (y, mo, d) = (now.year() as u16, now.month() as u8, now.day() as u8);
        zip::DateTime::from_date_and_time(
            y,
            mo,
            d,
            now.hour() as u8,
            now.minute() as u8,
            now.second() as u8,
        )
        .unwrap_or_default()
    };
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("README.txt", options)?;
    zip.write_all(
        readme::text(
            lang,
            &state.cfg.institute_name,
            &now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )
        .as_bytes(),
    )?;
    for file in sections::FILES {
        let doc = areas::build(file, &who).await?;
        zip.start_file(format!("{file}.json"), options)?;
        zip.write_all(serde_json::to_string_pretty(&doc)?.as_bytes())?;
        zip.write_all(b"\n")?;
    }
    let bytes = zip.finish()?.into_inner();
    Ok(Archive {
        file_name: format!("tta-my-data-{}.zip", now.format("%Y-%m-%d")),
        bytes,
    })
}
