//! Instructor mode's pieces: the cohort board, its alerts, and a learner's heat map.

pub mod board;
pub mod heat_map;
pub mod when;

pub use board::CohortBoardView;
pub use heat_map::HeatMap;
