use serde::{Deserialize, Serialize};

/// A published lesson with its media (`GET /api/v1/content`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonSummary {
    pub id: crate::domain::LessonId,
    #[cfg_attr(feature = "openapi", schema(example = "03-safe-isolation"))]
    pub slug: String,
    pub title: String,
    /// KSB codes, the most heavily weighted first.
    #[cfg_attr(feature = "openapi", schema(example = json!(["S3", "K6"])))]
    pub ksbs: Vec<String>,
    /// 1 (foundational) to 5 (challenge).
    pub difficulty: i64,
    pub duration_s: i64,
    pub version: i64,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "/media/renders/0f3c…/video.mp4")
    )]
    pub video_url: String,
    pub captions_url: Option<String>,
    pub poster_url: Option<String>,
}

/// The lessons of one standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonList {
    pub standard: String,
    /// Lessons still waiting for their video (they join the list once it is rendered).
    pub rendering: i64,
    pub lessons: Vec<LessonSummary>,
}
