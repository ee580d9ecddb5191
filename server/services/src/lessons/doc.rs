//! One micro-lesson as an author writes it: TOML front matter between `+++` lines, then the
//! scenes in Markdown (`## On-screen headline`, `- on-screen bullet`, narration paragraphs).
//! See `content/README.md` for the format with an example.

use crate::media::render::{RenderScript, Scene};
/// Whether learners see the lesson (front matter `status`, published unless it says draft).
pub use flowline_core::model::studio::LessonStatus;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Limits a lesson must keep to; the renderer's layout and the feed's card rely on them.
pub const SCENES: std::ops::RangeInclusive<usize> = 4..=8;
pub const QUESTIONS: std::ops::RangeInclusive<usize> = 2..=4;
pub const OPTIONS: std::ops::RangeInclusive<usize> = 2..=5;
pub const MAX_HEADLINE_CHARS: usize = 48;
pub const MAX_BULLETS: usize = 3;
pub const MAX_BULLET_CHARS: usize = 60;

/// A quick-check question; `answer` is the index of the right option (0-based).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionDoc {
    pub ksb: String,
    pub prompt: String,
    pub options: Vec<String>,
    pub answer: usize,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LessonDoc {
    pub slug: String,
    pub title: String,
    pub standard: String,
    pub difficulty: u8,
    pub status: LessonStatus,
    /// KSB code → weight in (0, 1], heaviest first.
    pub ksbs: Vec<(String, f64)>,
    pub scenes: Vec<Scene>,
    pub questions: Vec<QuestionDoc>,
}

/// What is wrong with a lesson file, and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct LessonError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    standard: String,
    difficulty: u8,
    #[serde(default = "published")]
    status: LessonStatus,
    ksbs: BTreeMap<String, f64>,
    #[serde(default)]
    questions: Vec<QuestionFront>,
}

fn published() -> LessonStatus {
    LessonStatus::Published
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFront {
    ksb: String,
    prompt: String,
    options: Vec<String>,
    /// 1-based, as an author counts: `correct = 2` is the second option.
    correct: usize,
    explanation: String,
}

impl LessonDoc {
    /// Parses and checks one lesson file. `file` names it in errors; the slug is its stem.
    pub fn parse(file: &str, text: &str) -> Result<Self, LessonError> {
        let err = |line: Option<usize>, message: String| LessonError {
            file: file.to_owned(),
            line,
            message,
        };
        let slug = slug_of(file).map_err(|m| err(None, m))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, l)) if l.trim_end() == "+++" => {}
            _ => {
                return Err(err(
                    Some(1),
                    "a lesson starts with a `+++` line opening its front matter".into(),
                ))
            }
        }
        let mut front = String::new();
        let mut body_start = None;
        for (i, l) in lines.by_ref() {
            if l.trim_end() == "+++" {
                body_start = Some(i + 1);
                break;
            }
            front.push_str(l);
            front.push('\n');
        }
        let body_start = body_start
            .ok_or_else(|| err(None, "the front matter is not closed by `+++`".into()))?;
        let fm: FrontMatter = toml::from_str(&front).map_err(|e| {
            let line = e
                .span()
                .map(|s| front[..s.start.min(front.len())].lines().count().max(1) + 1);
            err(line, format!("front matter: {}", e.message()))
        })?;
        let scenes = parse_scenes(text.lines().skip(body_start), body_start + 1)
            .map_err(|(line, m)| err(Some(line), m))?;
        let doc = Self::from_parts(slug, fm, scenes).map_err(|m| err(None, m))?;
        Ok(doc)
    }

    fn from_parts(slug: String, fm: FrontMatter, scenes: Vec<Scene>) -> Result<Self, String> {
        let title = fm.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 80 {
            return Err("title: give a title of 1 to 80 characters".into());
        }
        if !(1..=5).contains(&fm.difficulty) {
            return Err(format!("difficulty: {} is not 1 to 5", fm.difficulty));
        }
        if fm.ksbs.is_empty() {
            return Err(
                "ksbs: map the lesson to at least one KSB, e.g. ksbs = { S3 = 1.0 }".into(),
            );
        }
        for (code, w) in &fm.ksbs {
            if !is_ksb_code(code) {
                return Err(format!(
                    "ksbs: `{code}` is not a KSB code like K3, S1 or B2"
                ));
            }
            if !(*w > 0.0 && *w <= 1.0) {
                return Err(format!("ksbs.{code}: weight {w} is not in (0, 1]"));
            }
        }
        let mut ksbs: Vec<(String, f64)> = fm.ksbs.into_iter().collect();
        ksbs.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if !SCENES.contains(&scenes.len()) {
            return Err(format!(
                "a lesson has {} to {} scenes (`## headline` sections); this one has {}",
                SCENES.start(),
                SCENES.end(),
                scenes.len()
            ));
        }
        if !QUESTIONS.contains(&fm.questions.len()) {
            return Err(format!(
                "a lesson has {} to {} [[questions]]; this one has {}",
                QUESTIONS.start(),
                QUESTIONS.end(),
                fm.questions.len()
            ));
        }
        let mut questions = Vec::with_capacity(fm.questions.len());
        for (i, q) in fm.questions.into_iter().enumerate() {
            let at = format!("questions[{i}]");
            if !ksbs.iter().any(|(c, _)| *c == q.ksb) {
                return Err(format!(
                    "{at}.ksb: {} is not one of the lesson's ksbs",
                    q.ksb
                ));
            }
            if q.prompt.trim().is_empty() || q.explanation.trim().is_empty() {
                return Err(format!("{at}: prompt and explanation must not be empty"));
            }
            if !OPTIONS.contains(&q.options.len()) {
                return Err(format!(
                    "{at}.options: give {} to {} options",
                    OPTIONS.start(),
                    OPTIONS.end()
                ));
            }
            let mut seen = std::collections::HashSet::new();
            for o in &q.options {
                if o.trim().is_empty() || !seen.insert(o.trim().to_lowercase()) {
                    return Err(format!(
                        "{at}.options: options must be distinct and not empty"
                    ));
                }
            }
            if q.correct == 0 || q.correct > q.options.len() {
                return Err(format!(
                    "{at}.correct: {} is not an option number (1 to {})",
                    q.correct,
                    q.options.len()
                ));
            }
            questions.push(QuestionDoc {
                ksb: q.ksb,
                prompt: q.prompt.trim().to_owned(),
                options: q.options.into_iter().map(|o| o.trim().to_owned()).collect(),
                answer: q.correct - 1,
                explanation: q.explanation.trim().to_owned(),
            });
        }
        Ok(Self {
            slug,
            title,
            standard: fm.standard.trim().to_owned(),
            difficulty: fm.difficulty,
            status: fm.status,
            ksbs,
            scenes,
            questions,
        })
    }

    /// What the renderer turns into a video: only what is seen or heard.
    pub fn render_script(&self) -> RenderScript {
        RenderScript {
            title: self.title.clone(),
            tags: self.ksbs.iter().map(|(c, _)| c.clone()).collect(),
            scenes: self.scenes.clone(),
        }
    }

    /// The narration as one text (stored as the lesson's transcript).
    pub fn transcript(&self) -> String {
        self.scenes
            .iter()
            .map(|s| s.narration.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    pub fn narration_words(&self) -> usize {
        self.scenes
            .iter()
            .map(|s| s.narration.split_whitespace().count())
            .sum()
    }
}

fn slug_of(file: &str) -> Result<String, String> {
    let stem = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let ok = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(stem.to_owned())
    } else {
        Err(
            "the file name must be lowercase letters, digits and dashes, e.g. 03-safe-isolation.md"
                .into(),
        )
    }
}

fn is_ksb_code(code: &str) -> bool {
    let mut chars = code.chars();
    matches!(chars.next(), Some('K' | 'S' | 'B'))
        && code.len() > 1
        && chars.all(|c| c.is_ascii_digit())
}

/// `## headline` starts a scene; `- text` lines are on-screen bullets; the rest is narration.
fn parse_scenes<'a>(
    lines: impl Iterator<Item = &'a str>,
    first_line: usize,
) -> Result<Vec<Scene>, (usize, String)> {
    let mut scenes: Vec<(usize, Scene)> = Vec::new();
    for (i, raw) in lines.enumerate() {
        let n = first_line + i;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            let headline = h.trim().to_owned();
            if headline.chars().count() > MAX_HEADLINE_CHARS {
                return Err((
                    n,
                    format!("headline is longer than {MAX_HEADLINE_CHARS} characters"),
                ));
            }
            scenes.push((
                n,
                Scene {
                    headline,
                    bullets: Vec::new(),
                    narration: String::new(),
                },
            ));
            continue;
        }
        let Some((_, scene)) = scenes.last_mut() else {
            return Err((n, "text before the first `## ` scene heading".into()));
        };
        if let Some(b) = line.strip_prefix("- ") {
            if scene.bullets.len() == MAX_BULLETS {
                return Err((n, format!("a scene shows at most {MAX_BULLETS} bullets")));
            }
            if b.chars().count() > MAX_BULLET_CHARS {
                return Err((
                    n,
                    format!("bullet is longer than {MAX_BULLET_CHARS} characters"),
                ));
            }
            scene.bullets.push(b.trim().to_owned());
        } else if line.starts_with('#') {
            return Err((n, "scenes start with `## ` (two hashes and a space)".into()));
        } else {
            if !scene.narration.is_empty() {
                scene.narration.push(' ');
            }
            scene.narration.push_str(line);
        }
    }
    for (n, s) in &scenes {
        if s.narration.is_empty() {
            return Err((*n, "this scene has no narration".into()));
        }
    }
    Ok(scenes.into_iter().map(|(_, s)| s).collect())
}

#[cfg(test)]
#[path = "doc_tests.rs"]
mod tests;
