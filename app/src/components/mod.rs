//! Reusable pieces of UI that take props.

pub mod brand;
pub mod coach;
pub mod confirmations;
pub mod devices;
pub mod feed;
pub mod form;
pub mod gateway_decision;
pub mod icons;
pub mod instructor;
pub mod job_evidence;
pub mod ksb_picker;
pub mod mentor_phone;
pub mod milestone;
pub mod nav;
pub mod nudge_settings;
pub mod otj;
pub mod panel;
pub mod password_setting;
pub mod progress;
pub mod push_prompt;
pub mod push_setting;
pub mod reviews;
pub mod ring;
pub mod sharing;
pub mod sign_off;
pub mod studio;
pub mod sync;
pub mod timezone_setting;
pub mod whatsapp_optin;

pub use brand::Brand;
pub use form::{Field, FormError};
pub use nav::BottomNav;
pub use panel::{EmptyState, ErrorPanel, Loading};
pub use sync::SyncStatus;
