//! One module per route.

pub mod admin;
pub mod assessor;
pub mod auth;
pub mod coach;
pub mod data_rights;
pub mod employer;
pub mod evidence;
pub mod feed;
pub mod inbox;
pub mod instructor;
pub mod ksb_evidence;
pub mod lazy;
pub mod learner;
pub mod me;
pub mod not_found;
pub mod progress;
pub mod review;
pub mod verify;
pub mod verify_credential;

use crate::layouts::MeResource;
use flowline_core::error::AppError;
use flowline_core::model::Me;
use leptos::prelude::*;

/// The signed-in person for a page inside the app layout (already loaded there).
pub(crate) async fn signed_in() -> Result<Me, AppError> {
    let me = expect_context::<MeResource>();
    me.await?.ok_or_else(AppError::unauthenticated)
}
