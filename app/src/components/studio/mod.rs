//! The content studio's editor pieces.

pub mod draft;
pub mod mapping;
pub mod media;
pub mod questions;
pub mod script;
pub mod upload;

pub use draft::LessonDraft;
pub use mapping::KsbMapping;
pub use media::LessonMedia;
pub use questions::QuestionsEditor;
pub use script::{NewFromScript, ScriptRender};
