//! `tta courses import|export|list`: a curriculum kept as files in version control.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{files, model, spec::CourseSpec};
use crate::{app::AppState, db::Db};

#[derive(Subcommand)]
pub enum CoursesCommand {
    /// Import course folders: DIR is one course (with course.toml) or a folder of them.
    /// Everything is checked first; on any error nothing is changed (exit 1).
    Import {
        dir: PathBuf,
        /// Check only; change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a course (by slug) to a folder, or every course with --all into DIR/<slug>
    // `[SLUG] DIR`: an optional positional before a required one needs this, or clap
    // rejects the command (a panic in debug builds; DIR taken as SLUG in release).
    #[command(allow_missing_positional = true)]
    Export {
        /// The course's slug; omit with --all
        slug: Option<String>,
        dir: PathBuf,
        #[arg(long)]
        all: bool,
    },
    /// List courses with their slugs and state
    List,
}

/// The course folders under `dir`: itself when it holds a manifest, else its children.
pub fn course_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    if dir.join("course.toml").is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("course.toml").is_file())
        .collect();
    out.sort();
    Ok(out)
}

/// Reads and checks every folder; returns the specs, or every error with its folder.
pub fn read_all(dir: &Path) -> Result<Vec<CourseSpec>, Vec<String>> {
    let dirs = course_dirs(dir).map_err(|e| vec![format!("{}: {e}", dir.display())])?;
    if dirs.is_empty() {
        return Err(vec![format!(
            "{}: no course.toml here or in any folder inside",
            dir.display()
        )]);
    }
    let mut specs = Vec::new();
    let mut errors = Vec::new();
    for d in &dirs {
        match files::read_dir(d) {
            Ok(s) => specs.push(s),
            Err(es) => errors.extend(es.iter().map(|e| format!("{}/{e}", d.display()))),
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (s, d) in specs.iter().zip(&dirs) {
        if !seen.insert(s.slug.clone()) {
            errors.push(format!(
                "{}/course.toml: the slug \"{}\" is used by another folder in this import",
                d.display(),
                s.slug
            ));
        }
    }
    if errors.is_empty() {
        Ok(specs)
    } else {
        Err(errors)
    }
}

/// Saves all the courses in one transaction: all or nothing.
pub async fn import(db: &Db, specs: &[CourseSpec]) -> anyhow::Result<Vec<i64>> {
    let mut tx = db.tx().await?;
    let mut ids = Vec::new();
    for s in specs {
        ids.push(model::save(&mut tx, s, None).await?);
    }
    tx.commit().await?;
    Ok(ids)
}

pub async fn run(state: &AppState, cmd: &CoursesCommand) -> anyhow::Result<i32> {
    match cmd {
        CoursesCommand::Import { dir, dry_run } => {
            let specs = match read_all(dir) {
                Ok(s) => s,
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{e}");
                    }
                    eprintln!("{} problem(s) found; nothing was imported", errors.len());
                    return Ok(1);
                }
            };
            if *dry_run {
                println!("{} course(s) checked; no problems found", specs.len());
                return Ok(0);
            }
            import(&state.db, &specs).await?;
            for s in &specs {
                println!("imported {} ({})", s.slug, s.title);
            }
            Ok(0)
        }
        CoursesCommand::Export { slug, dir, all } => {
            let courses = match (slug, all) {
                (Some(s), false) => vec![model::by_slug(&state.db, s)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no course with the slug \"{s}\""))?],
                (None, true) => {
                    model::list(
                        &state.db,
                        &model::Filter {
                            include_drafts: true,
                            ..Default::default()
                        },
                    )
                    .await?
                }
                _ => anyhow::bail!("give a course slug, or --all"),
            };
            for c in courses {
                let spec = model::load_spec(&state.db, c.id)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("course vanished"))?;
                let target = if *all {
                    dir.join(&spec.slug)
                } else {
                    dir.clone()
                };
                files::write_dir(&spec, &target)?;
                println!("exported {} to {}", spec.slug, target.display());
            }
            Ok(0)
        }
        CoursesCommand::List => {
            for c in model::list(
                &state.db,
                &model::Filter {
                    include_drafts: true,
                    ..Default::default()
                },
            )
            .await?
            {
                println!(
                    "{}\t{}\t{}",
                    c.slug,
                    if c.published { "published" } else { "draft" },
                    c.title
                );
            }
            Ok(0)
        }
    }
}
