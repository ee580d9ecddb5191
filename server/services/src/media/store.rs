//! Where media lives: any `object_store` backend (a local directory by default). Rendered
//! files are stored under their render key, so they never change once written.

use super::render::{Progress, RenderError, RenderScript, Renderer};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The object keys of one rendered lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaKeys {
    pub video: String,
    pub captions: String,
    pub poster: String,
    manifest: String,
}

impl MediaKeys {
    pub fn for_render(render_key: &str) -> Self {
        let base = format!("renders/{render_key}");
        Self {
            video: format!("{base}/video.mp4"),
            captions: format!("{base}/captions.vtt"),
            poster: format!("{base}/poster.jpg"),
            manifest: format!("{base}/render.json"),
        }
    }
}

/// Written last: its presence means the render is complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderManifest {
    pub renderer: String,
    pub duration_ms: u64,
    pub title: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("media storage: {0}")]
    Store(#[from] object_store::Error),
    #[error("media key `{0}` is not valid")]
    Key(String),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

#[derive(Debug, Clone)]
pub struct MediaStore {
    store: Arc<dyn ObjectStore>,
}

impl MediaStore {
    pub fn new(store: Arc<dyn ObjectStore>) -> Self {
        Self { store }
    }

    /// A directory on this machine, created when missing.
    pub fn local(dir: &std::path::Path) -> Result<Self, MediaError> {
        std::fs::create_dir_all(dir)?;
        Ok(Self::new(Arc::new(LocalFileSystem::new_with_prefix(dir)?)))
    }

    pub fn backend(&self) -> &Arc<dyn ObjectStore> {
        &self.store
    }

    /// Checks a key from a URL: relative, no `..`, no empty segments.
    pub fn path(key: &str) -> Result<ObjectPath, MediaError> {
        let bad = key.is_empty()
            || key
                .split('/')
                .any(|s| s.is_empty() || s == "." || s == "..");
        if bad {
            return Err(MediaError::Key(key.to_owned()));
        }
        ObjectPath::parse(key).map_err(|_| MediaError::Key(key.to_owned()))
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), MediaError> {
        self.store
            .put(&Self::path(key)?, PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    /// The manifest of a finished render, if there is one.
    pub async fn find_render(
        &self,
        render_key: &str,
    ) -> Result<Option<RenderManifest>, MediaError> {
        let keys = MediaKeys::for_render(render_key);
        match self.store.get(&Self::path(&keys.manifest)?).await {
            Ok(got) => {
                let bytes = got.bytes().await?;
                Ok(serde_json::from_slice(&bytes).ok())
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Renders `script` unless a render with the same key is already stored; returns the
    /// manifest and whether anything was rendered.
    pub async fn ensure_render(
        &self,
        renderer: &dyn Renderer,
        script: &RenderScript,
        progress: Progress<'_>,
    ) -> Result<(String, RenderManifest, bool), MediaError> {
        let render_key = script.render_key(renderer.id());
        if let Some(found) = self.find_render(&render_key).await? {
            progress(1.0);
            return Ok((render_key, found, false));
        }
        let work = tempfile::tempdir()?;
        let files = renderer.render(script, work.path(), progress).await?;
        let keys = MediaKeys::for_render(&render_key);
        self.put(&keys.video, tokio::fs::read(&files.video).await?)
            .await?;
        self.put(&keys.captions, tokio::fs::read(&files.captions).await?)
            .await?;
        self.put(&keys.poster, tokio::fs::read(&files.poster).await?)
            .await?;
        let manifest = RenderManifest {
            renderer: renderer.id().to_owned(),
            duration_ms: files.duration_ms,
            title: script.title.clone(),
        };
        let json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
        self.put(&keys.manifest, json).await?;
        Ok((render_key, manifest, true))
    }
}
