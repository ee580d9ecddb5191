//! Lesson media: the object store that holds videos, captions and posters, and the renderer
//! that makes them from a lesson script.

pub mod mp4;
pub mod render;
pub mod store;

pub use store::{MediaKeys, MediaStore};
