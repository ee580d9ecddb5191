//! Business operations. Server fns and REST handlers both call these: one implementation,
//! two doors.

pub mod accounts;
pub mod admin;
pub mod analytics;
pub mod coach;
pub mod content;
pub mod credentials;
pub mod demo;
pub mod demo_cohort;
pub mod evidence;
pub mod learning;
pub mod library;
pub mod mentor;
pub mod otj;
pub mod people;
pub mod privacy;
pub mod renders;
pub mod standards;
pub mod studio;
