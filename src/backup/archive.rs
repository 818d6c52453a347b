//! The backup archive: a zip file whose entries are the database snapshot, the stored
//! files under `files/`, and `manifest.json` (written last, since it lists the others'
//! checksums; a zip is read from its central directory, so order does not matter).
//!
//! Reading checks every byte: the zip's own CRC32 while an entry is read, then the
//! manifest's SHA-256 and size. Anything wrong is a [`Refused`], before anything is written.

use std::{
    fs::File,
    io::{BufReader, BufWriter, Read, Write},
    path::{Path, PathBuf},
};

use anyhow::Context;
use sha2::{Digest, Sha256};
use zip::{write::SimpleFileOptions, CompressionMethod, ZipArchive, ZipWriter};

use super::{refuse, Entry, Manifest, FORMAT, FORMAT_VERSION, MANIFEST};

pub struct Writer {
    zip: ZipWriter<BufWriter<File>>,
}

/// Counts and hashes what passes through, so an entry's checksum costs no second read.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn options(bytes: u64) -> SimpleFileOptions {
    let stamp = {
        use chrono::{Datelike, Timelike};
        let now = chrono::Utc::now();
        zip::DateTime::from_date_and_time(
            now.year() as u16,
            now.month() as u8,
            now.day() as u8,
            now.hour() as u8,
            now.minute() as u8,
            now.second() as u8,
        )
        .unwrap_or_default()
    };
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .large_file(bytes >= u32::MAX as u64)
}

impl Writer {
    /// Creates the file readable by its owner only: the archive holds secrets.
    pub fn create(path: &Path) -> anyhow::Result<Writer> {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let file = o
            .open(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Writer {
            zip: ZipWriter::new(BufWriter::new(file)),
        })
    }

    pub fn add_file(&mut self, name: &str, src: &Path) -> anyhow::Result<Entry> {
        let len = std::fs::metadata(src)?.len();
        self.zip.start_file(name, options(len))?;
        let mut h = Hashing {
            inner: &mut self.zip,
            hasher: Sha256::new(),
            bytes: 0,
        };
        std::io::copy(&mut BufReader::new(File::open(src)?), &mut h)
            .with_context(|| format!("writing {name} into the archive"))?;
        Ok(Entry {
            name: name.to_string(),
            sha256: hex::encode(h.hasher.finalize()),
            bytes: h.bytes,
        })
    }

    pub fn add_bytes(&mut self, name: &str, bytes: &[u8]) -> anyhow::Result<Entry> {
        self.zip.start_file(name, options(bytes.len() as u64))?;
        self.zip
            .write_all(bytes)
            .with_context(|| format!("writing {name} into the archive"))?;
        Ok(Entry {
            name: name.to_string(),
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
        })
    }

    /// Writes the central directory and flushes the file to the disk.
    pub fn finish(self) -> anyhow::Result<()> {
        let file = self
            .zip
            .finish()?
            .into_inner()
            .map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(())
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub struct Reader {
    zip: ZipArchive<BufReader<File>>,
    path: PathBuf,
}

impl Reader {
    pub fn open(path: &Path) -> anyhow::Result<Reader> {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let zip = ZipArchive::new(BufReader::new(file)).map_err(|e| {
            refuse(format!(
                "{} is damaged or is not a tta backup (not a readable zip archive: {e})",
                path.display()
            ))
        })?;
        Ok(Reader {
            zip,
            path: path.to_path_buf(),
        })
    }

    /// Reads and checks the manifest: a zip without one, or with another format's, is refused.
    pub fn manifest(&mut self) -> anyhow::Result<Manifest> {
        let foreign = |why: &str| {
            refuse(format!(
                "{} is not a tta backup ({why})",
                self.path.display()
            ))
        };
        let mut text = String::new();
        match self.zip.by_name(MANIFEST) {
            Ok(mut f) => {
                if f.size() > 64 * 1024 * 1024 {
                    return Err(foreign("its manifest.json is implausibly large"));
                }
                f.read_to_string(&mut text).map_err(|e| {
                    refuse(format!(
                        "{} is damaged: its manifest cannot be read ({e})",
                        self.path.display()
                    ))
                })?;
            }
            Err(zip::result::ZipError::FileNotFound) => {
                return Err(foreign("it has no manifest.json"))
            }
            Err(e) => {
                return Err(refuse(format!(
                    "{} is damaged: its manifest cannot be read ({e})",
                    self.path.display()
                )))
            }
        }
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|_| foreign("its manifest.json is not JSON"))?;
        if value["format"] != FORMAT {
            return Err(foreign("its manifest.json is of another format"));
        }
        let m: Manifest = serde_json::from_value(value).map_err(|e| {
            refuse(format!(
                "{} is damaged: its manifest is incomplete ({e})",
                self.path.display()
            ))
        })?;
        if m.format_version > FORMAT_VERSION {
            return Err(refuse(format!(
                "{} was written by a newer tta ({}, archive format {}); restore it with that version",
                self.path.display(),
                m.tta_version,
                m.format_version
            )));
        }
        Ok(m)
    }

    /// Copies one entry to `to`, refusing it unless its size and SHA-256 match `expect`.
    pub fn extract(&mut self, expect: &Entry, zip_name: &str, to: &Path) -> anyhow::Result<()> {
        let damaged = |why: String| {
            refuse(format!(
                "{} is damaged: {zip_name} {why}; nothing was restored",
                self.path.display()
            ))
        };
        let mut f = match self.zip.by_name(zip_name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => {
                return Err(damaged("is listed in the manifest but missing".into()))
            }
            Err(e) => return Err(damaged(format!("cannot be read ({e})"))),
        };
        let out = File::create(to).with_context(|| format!("cannot write {}", to.display()))?;
        let mut h = Hashing {
            inner: BufWriter::new(out),
            hasher: Sha256::new(),
            bytes: 0,
        };
        // The zip reader checks the entry's CRC32 at its end and fails the read on a mismatch.
        std::io::copy(&mut f, &mut h).map_err(|e| damaged(format!("cannot be read ({e})")))?;
        h.inner
            .into_inner()
            .map_err(|e| e.into_error())?
            .sync_all()?;
        let sum = hex::encode(h.hasher.finalize());
        if h.bytes != expect.bytes || sum != expect.sha256 {
            return Err(damaged(format!(
                "does not match its checksum in the manifest ({} bytes, sha256 {sum})",
                h.bytes
            )));
        }
        Ok(())
    }

    /// Entries that the manifest does not account for: a sign of an archive put together by hand.
    pub fn unlisted(&self, m: &Manifest) -> Vec<String> {
        let listed: std::collections::HashSet<String> = m
            .files
            .iter()
            .map(|f| format!("files/{}", f.name))
            .chain([m.database_file.name.clone(), MANIFEST.to_string()])
            .collect();
        self.zip
            .file_names_raw()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .filter(|n| !listed.contains(n) && !n.ends_with('/'))
            .collect()
    }
}
