//! `flowline content render [--all | FILE…]`: lesson scripts → videos in the media store,
//! then the lessons into the database where their standard is in the library.

use super::CliError;
use crate::config::Settings;
use crate::startup;
use indicatif::{ProgressBar, ProgressStyle};
use services::lessons::{self, LessonDoc};
use services::media::render::{LocalRenderer, Renderer};
use services::media::MediaStore;
use std::path::PathBuf;

/// Lessons outside 60–90 s are rendered but flagged.
const LENGTH_S: std::ops::RangeInclusive<u64> = 60..=90;

fn load(all: bool, files: &[PathBuf]) -> Result<Vec<LessonDoc>, CliError> {
    let parsed = match (all, files.is_empty()) {
        (true, true) => lessons::shipped(),
        (false, false) => {
            let mut docs = Vec::new();
            let mut errors = Vec::new();
            for f in files {
                match lessons::read_file(f) {
                    Ok(d) => docs.push(d),
                    Err(e) => errors.push(e),
                }
            }
            if errors.is_empty() {
                Ok(docs)
            } else {
                Err(errors)
            }
        }
        _ => {
            return Err(CliError::Usage(
                "say what to render: --all (the shipped library) or one or more lesson files"
                    .into(),
            ))
        }
    };
    parsed.map_err(|errors| {
        CliError::Usage(format!(
            "{} lesson file(s) have problems:\n  {}",
            errors.len(),
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n  ")
        ))
    })
}

pub async fn render(settings: &Settings, all: bool, files: &[PathBuf]) -> Result<(), CliError> {
    let docs = load(all, files)?;
    let renderer = LocalRenderer::default();
    renderer
        .check()
        .await
        .map_err(|e| CliError::Usage(format!("cannot render: {e}")))?;
    let media_dir = settings.media_dir();
    let media = MediaStore::local(&media_dir)
        .map_err(|e| CliError::Usage(format!("media directory {}: {e}", media_dir.display())))?;

    let bar = ProgressBar::new(docs.len() as u64 * 100);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:32}] {pos:>3}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let (mut rendered, mut cached) = (0, 0);
    for (i, doc) in docs.iter().enumerate() {
        bar.set_message(doc.slug.clone());
        let base = i as u64 * 100;
        let step = bar.clone();
        let report = move |p: f32| step.set_position(base + (p * 100.0) as u64);
        let (_, manifest, fresh) = media
            .ensure_render(&renderer, &doc.render_script(), &report)
            .await
            .map_err(|e| CliError::Usage(format!("{}: {e}", doc.slug)))?;
        let seconds = manifest.duration_ms.div_ceil(1000);
        let verb = if fresh {
            "rendered"
        } else {
            "already rendered"
        };
        let warn = if LENGTH_S.contains(&seconds) {
            ""
        } else {
            "  (outside 60–90 s)"
        };
        let line = format!("  {verb:<16} {seconds:>3} s  {}{warn}", doc.slug);
        if bar.is_hidden() {
            println!("{line}");
        } else {
            bar.println(line);
        }
        if fresh {
            rendered += 1;
        } else {
            cached += 1;
        }
    }
    bar.finish_and_clear();
    println!(
        "{} lesson(s): {rendered} rendered, {cached} already in {}",
        docs.len(),
        media_dir.display()
    );

    let db = startup::open_db(settings).await?;
    let mut in_library = Vec::new();
    let mut missing: std::collections::BTreeMap<String, usize> = Default::default();
    for doc in docs {
        if services::standards::is_known(&db, &doc.standard).await? {
            in_library.push(doc);
        } else {
            *missing.entry(doc.standard).or_default() += 1;
        }
    }
    for (standard, n) in missing {
        println!(
            "{n} lesson(s) of {standard} not added to the database: {standard} is not in it yet \
             (import the standard, or start once with FLOWLINE_DEMO=1, then run this again)"
        );
    }
    let report =
        lessons::sync::sync(&db, &media, renderer.id(), &in_library, services::now_ms()).await?;
    println!(
        "Database: {} new, {} updated, {} unchanged lesson(s); {} video(s) attached",
        report.created, report.updated, report.unchanged, report.attached
    );
    Ok(())
}
