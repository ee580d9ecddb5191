//! Sign-in and registration. Plain form posts that work before the app hydrates, and
//! in-place submissions after.

pub mod forgot;
pub mod invite;
mod login;
mod register;
pub mod reset;
pub mod welcome;

pub use login::LoginPage;
pub use register::RegisterPage;
