//! Micro-lessons written as files (`content/lessons/<standard>/*.md`): parsing, the library
//! shipped inside the binary, and syncing lessons into the database.

pub mod doc;
pub mod sync;

pub use doc::{LessonDoc, LessonError, LessonStatus, QuestionDoc};

use include_dir::{include_dir, Dir};

/// The lessons shipped with Flowline (the ST1332 demo library's micro-lessons).
static SHIPPED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../content/lessons");

/// Every shipped lesson, parsed; all problems are reported together.
pub fn shipped() -> Result<Vec<LessonDoc>, Vec<LessonError>> {
    let mut files = Vec::new();
    collect(&SHIPPED, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    parse_all(files.iter().map(|(p, t)| (p.as_str(), t.as_str())))
}

fn collect(dir: &Dir<'_>, out: &mut Vec<(String, String)>) {
    for f in dir.files() {
        let path = f.path();
        let is_lesson = path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "README.md");
        if is_lesson {
            let text = f.contents_utf8().unwrap_or_default().to_owned();
            out.push((format!("content/lessons/{}", path.display()), text));
        }
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// Parses lesson files given as (name, text); slugs must be unique per standard.
pub fn parse_all<'a>(
    files: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<LessonDoc>, Vec<LessonError>> {
    let mut docs: Vec<(String, LessonDoc)> = Vec::new();
    let mut errors = Vec::new();
    for (name, text) in files {
        match LessonDoc::parse(name, text) {
            Ok(doc) => {
                if docs
                    .iter()
                    .any(|(_, d)| d.slug == doc.slug && d.standard == doc.standard)
                {
                    errors.push(LessonError {
                        file: name.to_owned(),
                        line: None,
                        message: format!(
                            "another lesson of {} is called {}",
                            doc.standard, doc.slug
                        ),
                    });
                } else {
                    docs.push((name.to_owned(), doc));
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(docs.into_iter().map(|(_, d)| d).collect())
    } else {
        Err(errors)
    }
}

/// Reads and parses one lesson file from disk.
pub fn read_file(path: &std::path::Path) -> Result<LessonDoc, LessonError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| LessonError {
        file: name.clone(),
        line: None,
        message: format!("cannot read the file: {e}"),
    })?;
    LessonDoc::parse(&name, &text)
}

#[cfg(test)]
#[path = "library_tests.rs"]
mod tests;
