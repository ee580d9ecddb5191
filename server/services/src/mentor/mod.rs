//! Instructor mode: what mentors do for the learners of the cohorts they mentor.

pub mod board;
pub mod observations;
pub mod phone;
