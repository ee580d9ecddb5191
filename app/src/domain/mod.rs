//! Pure domain logic and value types, compiled for the server and the browser alike.
//! No I/O and no clock reads here: callers pass `now` in.

pub mod account;
pub mod role;
pub mod standard_doc;

pub use account::{DisplayName, Email, Password, Timezone};
pub use role::Role;
