//! The content studio: what admins see and send when they make lessons.

use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Whether learners see a lesson.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum LessonStatus {
        Draft = "draft",
        Published = "published",
    }
}

crate::text_enum! {
    /// Where a background job (a render, an export, a message) is.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum JobStatus {
        Queued = "queued",
        Running = "running",
        Done = "done",
        Failed = "failed",
    }
}

/// A lesson in the admin's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudioLessonRow {
    pub id: crate::domain::LessonId,
    pub standard: String,
    pub slug: String,
    pub title: String,
    pub status: LessonStatus,
    pub version: i64,
    pub difficulty: i64,
    pub ksbs: Vec<String>,
    pub questions: i64,
    pub has_video: bool,
    pub duration_s: i64,
    /// Made from a file in `content/lessons` (kept in step with it) rather than in the studio.
    pub from_file: bool,
    /// RFC 3339.
    pub updated_at: String,
}

/// `POST /api/v1/admin/lessons`: a new draft lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLessonIn {
    #[cfg_attr(feature = "openapi", schema(example = "ST1332"))]
    pub standard: String,
    #[cfg_attr(feature = "openapi", schema(example = "Cutting back the sheath"))]
    pub title: String,
    /// 1 (foundational) to 5 (challenge).
    pub difficulty: i64,
}

/// A KSB the lesson teaches, with how much of the lesson is about it (0–1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KsbWeight {
    pub code: String,
    pub weight: f64,
}

/// A quick-check question as the editor holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionEdit {
    /// The KSB it checks (one of the lesson's).
    pub ksb: String,
    pub prompt: String,
    /// 2 to 6 options.
    pub options: Vec<String>,
    /// The right option's index (0-based).
    pub correct: usize,
    #[serde(default)]
    pub explanation: String,
}

/// `PUT /api/v1/admin/lessons/{id}`: the lesson's text, KSB mapping and questions, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LessonSave {
    pub title: String,
    pub difficulty: i64,
    /// What the video says (captions can be generated from it).
    #[serde(default)]
    pub transcript: String,
    pub ksbs: Vec<KsbWeight>,
    pub questions: Vec<QuestionEdit>,
}

/// One version of a lesson: interactions keep pointing at the version they were made on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonVersion {
    pub version: i64,
    pub title: String,
    pub current: bool,
    pub has_video: bool,
    pub questions: i64,
    /// Interactions learners made on this version.
    pub interactions: i64,
    /// RFC 3339: when it was replaced by the next version.
    pub superseded_at: Option<String>,
}

/// A KSB of the lesson's standard, offered in the mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudioKsb {
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: crate::domain::standard_doc::KsbKind,
    pub text: String,
}

/// A background render of the lesson from its script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenderState {
    pub job_id: String,
    pub status: JobStatus,
    /// 0–1.
    pub progress: f64,
    pub error: Option<String>,
}

/// `GET /api/v1/admin/lessons/{id}`: everything the editor shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudioLesson {
    pub id: crate::domain::LessonId,
    pub standard: String,
    pub slug: String,
    pub title: String,
    pub status: LessonStatus,
    pub version: i64,
    pub difficulty: i64,
    pub transcript: String,
    pub video_url: Option<String>,
    pub captions_url: Option<String>,
    pub poster_url: Option<String>,
    pub duration_s: i64,
    pub from_file: bool,
    pub ksbs: Vec<KsbWeight>,
    pub questions: Vec<QuestionEdit>,
    /// Newest first.
    pub versions: Vec<LessonVersion>,
    /// The standard's live KSBs, for the mapping.
    pub ksb_choices: Vec<StudioKsb>,
    /// The latest render from the script, if any.
    pub render: Option<RenderState>,
    /// The script the lesson was written as in the studio (the `content/lessons` format).
    #[serde(default)]
    pub script: Option<String>,
    /// What still stops it from being published (empty when it can be).
    pub missing: Vec<String>,
}

/// `POST /api/v1/admin/lessons/from-script`: a lesson script (TOML front matter and Markdown
/// scenes, as in `content/lessons/`), and the lesson it rewrites, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptIn {
    pub script: String,
    /// Render it as a new version of this lesson (its slug stays).
    #[serde(default)]
    pub lesson_id: Option<crate::domain::LessonId>,
}

/// One scene as the video will show and say it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenePreview {
    pub headline: String,
    pub bullets: Vec<String>,
    pub narration: String,
    pub words: usize,
}

/// What a script will make, before anything is written or rendered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScriptPreview {
    pub title: String,
    pub standard: String,
    pub difficulty: i64,
    /// KSB codes, heaviest first.
    pub ksbs: Vec<String>,
    pub scenes: Vec<ScenePreview>,
    pub questions: usize,
    pub words: usize,
    /// About how long the narrated video will be.
    pub estimated_seconds: i64,
    /// Said when the narration is outside 150–215 words (a 60–90 s video).
    pub advice: Option<String>,
}
