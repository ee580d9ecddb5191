//! Script → narrated, captioned vertical video. [`Renderer`] is the seam: the local
//! espeak-ng + ffmpeg renderer is the default, a hosted TTS/video service can replace it.

pub mod captions;
pub(crate) mod layout;
pub mod local;
mod wav;

pub use captions::{parse_vtt, Cue};
pub use local::LocalRenderer;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

/// One screen of a lesson: a big headline, up to three bullets, and what the narrator says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    pub headline: String,
    pub bullets: Vec<String>,
    pub narration: String,
}

/// Everything that is seen or heard in a lesson video, and nothing else: its hash names the
/// rendered files, so an unchanged script is never rendered twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderScript {
    pub title: String,
    /// KSB codes shown as the tag, e.g. `["S3", "K6"]`.
    pub tags: Vec<String>,
    pub scenes: Vec<Scene>,
}

impl RenderScript {
    /// The content hash of this script as rendered by `renderer` (a renderer's id changes when
    /// its output would).
    pub fn render_key(&self, renderer_id: &str) -> String {
        let mut h = Sha256::new();
        h.update(renderer_id.as_bytes());
        h.update([0]);
        h.update(serde_json::to_vec(self).unwrap_or_default());
        hex::encode(&h.finalize()[..16])
    }
}

/// The files a render produced, in a working directory the caller owns.
#[derive(Debug, Clone)]
pub struct RenderedFiles {
    pub video: PathBuf,
    pub captions: PathBuf,
    pub poster: PathBuf,
    pub duration_ms: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{tool} is not installed. {hint}")]
    MissingTool {
        tool: &'static str,
        hint: &'static str,
    },
    #[error("{tool} failed: {detail}")]
    ToolFailed { tool: &'static str, detail: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the script cannot be rendered: {0}")]
    Script(String),
}

impl RenderError {
    /// Whether trying again later could help (a missing tool or a bad script will not).
    pub fn is_transient(&self) -> bool {
        matches!(self, RenderError::Io(_) | RenderError::ToolFailed { .. })
    }
}

/// Reports how far a render has got, from 0.0 to 1.0.
pub type Progress<'a> = &'a (dyn Fn(f32) + Send + Sync);

pub type RenderFuture<'a> =
    Pin<Box<dyn Future<Output = Result<RenderedFiles, RenderError>> + Send + 'a>>;

/// Makes a vertical 9:16 H.264/AAC faststart MP4, WebVTT captions timed to the narration and a
/// poster JPEG from a script.
pub trait Renderer: Send + Sync + std::fmt::Debug {
    /// Names the renderer and the version of its output; part of every render key.
    fn id(&self) -> &str;

    /// Checks that the renderer can work at all (tools installed, credentials set).
    fn check(&self) -> Pin<Box<dyn Future<Output = Result<(), RenderError>> + Send + '_>>;

    /// Renders `script` into files inside `work_dir`.
    fn render<'a>(
        &'a self,
        script: &'a RenderScript,
        work_dir: &'a Path,
        progress: Progress<'a>,
    ) -> RenderFuture<'a>;
}
