//! Pieces of the progress page.

mod badges;
mod calendar;
mod chart;
mod ksb_list;

pub use badges::BadgesCard;
pub use calendar::StreakCalendar;
pub use chart::MasteryChart;
pub use ksb_list::{KsbGroups, UpcomingReviews};
