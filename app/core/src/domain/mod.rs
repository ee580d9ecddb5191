//! Pure domain logic and value types, compiled for the server and the browser alike.
//! No I/O and no clock reads here: callers pass `now` in.

pub mod account;
pub mod cohort_status;
pub mod competency;
pub mod engine;
pub mod forecast;
pub mod ids;
pub mod ilr;
pub mod interaction;
pub mod ksb_title;
pub mod milestones;
pub mod next;
pub mod otj;
pub mod otj_credit;
pub mod prerequisites;
pub mod readiness;
pub mod role;
pub mod standard_doc;
pub mod streak;
pub mod upload;
pub mod zone;

pub use account::{DisplayName, Email, EmailDomain, Password, Timezone};
pub use ids::{CohortId, LearnerId, LessonId};
pub use role::Role;
pub use zone::Zone;
