//! The learner's feed: full-screen lessons, quick checks, streak and focus.

mod check;
mod header;
mod intro;
mod playback;
mod reel;
pub mod state;
mod video;

pub use reel::Reel;
