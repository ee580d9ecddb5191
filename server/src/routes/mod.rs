//! The REST API v1 and operational endpoints. Handlers are thin: parse, authorise, call a
//! service in the `services` crate.

pub mod admin;
pub mod assessor;
pub mod auth;
pub mod catalogue;
pub mod coach;
pub mod credentials;
pub mod employer;
pub mod error;
pub mod evidence;
pub mod extract;
pub mod health;
pub mod job_evidence;
pub mod learning;
pub mod me;
pub mod media;
pub mod mentor;
pub mod openapi;
pub mod otj;
pub mod password;
pub mod people;
pub mod portfolio;
pub mod privacy;
pub mod programme;
pub mod push;
pub mod pwa;
pub mod reviews;
pub mod same_origin;
pub mod sso;
pub mod standards;
pub mod studio;
pub mod uploads;
pub mod whatsapp;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use services::state::AppState;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

/// `/api/v1/…` and `/healthz`, with the OpenAPI document of exactly these routes: each handler
/// is registered once, by its own `#[utoipa::path]` (method and path), so the two cannot drift.
pub fn api_router() -> (Router<AppState>, OpenApi) {
    let v1 = OpenApiRouter::new()
        .routes(routes!(auth::register))
        .routes(routes!(auth::pending, auth::confirm))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(password::forgot))
        .routes(routes!(password::view, password::reset))
        .routes(routes!(password::change))
        .routes(routes!(me::me, me::update))
        .routes(routes!(me::sessions, me::sign_out_others))
        .routes(routes!(me::phone, me::set_phone))
        .routes(routes!(standards::list))
        .routes(routes!(standards::detail))
        .routes(routes!(catalogue::list))
        .routes(routes!(learning::get_feed))
        .routes(routes!(
            learning::list_interactions,
            learning::post_interactions
        ))
        .routes(routes!(learning::get_progress))
        .routes(routes!(mentor::post_observation))
        .routes(routes!(mentor::list_cohorts))
        .routes(routes!(mentor::cohort_learners))
        .routes(routes!(mentor::learner))
        .routes(routes!(admin::list_users, admin::create_user))
        .routes(routes!(admin::update_user))
        .routes(routes!(sso::domains))
        .routes(routes!(sso::add_domain, sso::remove_domain))
        .routes(routes!(admin::create_cohort))
        .routes(routes!(admin::cohort, admin::update_cohort))
        .routes(routes!(admin::add_member))
        .routes(routes!(studio::list, studio::create))
        .routes(routes!(studio::detail, studio::save))
        // Streamed to disk with its own limit (`max_video_mb`), not the JSON body limit.
        .routes(routes!(studio::upload_video).layer(DefaultBodyLimit::disable()))
        .routes(routes!(studio::upload_captions))
        .routes(routes!(studio::generate_captions))
        .routes(routes!(studio::publish))
        .routes(routes!(studio::render_again))
        .routes(routes!(studio::from_script))
        .routes(routes!(studio::script_preview))
        .routes(routes!(studio::unpublish))
        .routes(routes!(standards::import))
        .routes(routes!(admin::analytics))
        .routes(routes!(admin::fit_memory))
        // Streamed into the import with its own limit, not the JSON body limit.
        .routes(routes!(people::import_csv).layer(DefaultBodyLimit::disable()))
        .routes(routes!(people::import_talentlms))
        .routes(routes!(people::invitation, people::accept_invitation))
        .routes(routes!(people::send_sign_in_link))
        .routes(routes!(evidence::verify_trail))
        .routes(routes!(evidence::lrs_status))
        .routes(routes!(evidence::learner_statements))
        .routes(routes!(evidence::ksb_evidence))
        .routes(routes!(
            evidence::decide_gateway,
            evidence::gateway_decisions
        ))
        .routes(routes!(assessor::learner_readiness))
        .routes(routes!(coach::thread))
        .routes(routes!(coach::settings, coach::set_settings))
        .routes(routes!(coach::ask))
        .routes(routes!(coach::escalate))
        .routes(routes!(coach::inbox))
        .routes(routes!(coach::answer))
        .routes(routes!(coach::acknowledge))
        .routes(routes!(push::key))
        .routes(routes!(push::subscribe, push::unsubscribe))
        .routes(routes!(
            whatsapp::status,
            whatsapp::opt_in,
            whatsapp::opt_out
        ))
        .routes(routes!(whatsapp::verify, whatsapp::notify))
        .routes(routes!(otj::summary))
        .routes(routes!(portfolio::json))
        .routes(routes!(portfolio::pdf))
        .routes(routes!(portfolio::issues))
        .routes(routes!(portfolio::revoke))
        .routes(routes!(portfolio::verification))
        .routes(routes!(credentials::verify))
        .routes(routes!(credentials::verify_stored))
        .routes(routes!(credentials::download))
        .routes(routes!(credentials::linkedin))
        .routes(routes!(credentials::revoke))
        .routes(routes!(credentials::badges))
        .routes(routes!(programme::programme))
        .routes(routes!(programme::programme_csv))
        .routes(routes!(credentials::revoke_badge))
        .routes(routes!(credentials::reinstate_badge))
        .routes(routes!(credentials::rotate_key))
        .routes(routes!(otj::export))
        .routes(routes!(otj::ilr_export))
        .routes(routes!(otj::start_break))
        .routes(routes!(otj::end_break))
        .routes(routes!(otj::log))
        .routes(routes!(otj::decide))
        .routes(routes!(otj::set_minimum))
        .routes(routes!(standards::edit_ksb))
        .routes(routes!(assessor::list_shares, assessor::create_share))
        .routes(routes!(assessor::revoke_share))
        .routes(routes!(assessor::evidence_views))
        .routes(routes!(assessor::shared_learners))
        .routes(routes!(employer::apprentices))
        .routes(routes!(employer::confirm_behaviour))
        .routes(routes!(employer::confirm_gateway))
        .routes(routes!(employer::all_links))
        .routes(routes!(employer::link, employer::unlink))
        .routes(routes!(reviews::list, reviews::start))
        .routes(routes!(reviews::get))
        .routes(routes!(reviews::plan))
        .routes(routes!(reviews::comment))
        .routes(routes!(reviews::sign))
        .routes(routes!(uploads::begin))
        .routes(routes!(uploads::status, uploads::append))
        .routes(routes!(uploads::file))
        .routes(routes!(job_evidence::submit))
        .routes(routes!(job_evidence::resubmit))
        .routes(routes!(job_evidence::of_learner))
        .routes(routes!(job_evidence::waiting))
        .routes(routes!(job_evidence::review))
        .routes(routes!(privacy::erase_account))
        .routes(routes!(privacy::latest_export, privacy::request_export))
        .routes(routes!(privacy::download_export))
        .route("/openapi.json", get(openapi::openapi_json))
        .fallback(error::api_not_found);
    let (router, mut doc) =
        OpenApiRouter::with_openapi(<openapi::ApiDoc as utoipa::OpenApi>::openapi())
            .routes(routes!(health::healthz))
            .nest("/api/v1", v1)
            .split_for_parts();
    openapi::finish(&mut doc);
    (router, doc)
}
/// `/media/{key}`: stored videos, captions and posters, with byte ranges.
pub fn media_router() -> Router<AppState> {
    Router::new().route("/media/{*key}", get(media::serve))
}
