//! The REST API v1 and operational endpoints. Handlers are thin: parse, authorise, call a
//! service in the `services` crate.

pub mod admin;
pub mod assessor;
pub mod auth;
pub mod coach;
pub mod content;
pub mod credentials;
pub mod error;
pub mod evidence;
pub mod extract;
pub mod health;
pub mod learning;
pub mod me;
pub mod media;
pub mod mentor;
pub mod openapi;
pub mod otj;
pub mod people;
pub mod portfolio;
pub mod privacy;
pub mod pwa;
pub mod standards;
pub mod studio;
pub mod whatsapp;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post, put};
use axum::Router;
use services::state::AppState;

/// `/api/v1/…`, `/healthz`.
pub fn api_router() -> Router<AppState> {
    let v1 = Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(me::me).patch(me::update))
        .route("/standards", get(standards::list))
        .route("/standards/{reference}", get(standards::detail))
        .route("/content", get(content::list))
        .route("/feed", get(learning::get_feed))
        .route(
            "/interactions",
            get(learning::list_interactions).post(learning::post_interactions),
        )
        .route("/progress", get(learning::get_progress))
        .route("/mentor/observations", post(mentor::post_observation))
        .route("/mentor/cohorts", get(mentor::list_cohorts))
        .route(
            "/mentor/cohorts/{id}/learners",
            get(mentor::cohort_learners),
        )
        .route("/mentor/learners/{id}", get(mentor::learner))
        .route(
            "/admin/users",
            get(admin::list_users).post(admin::create_user),
        )
        .route("/admin/users/{id}", patch(admin::update_user))
        .route("/admin/cohorts", post(admin::create_cohort))
        .route(
            "/admin/cohorts/{id}",
            get(admin::cohort).patch(admin::update_cohort),
        )
        .route("/admin/cohorts/{id}/members", post(admin::add_member))
        .route("/admin/lessons", get(studio::list).post(studio::create))
        .route("/admin/lessons/{id}", get(studio::detail).put(studio::save))
        .route(
            "/admin/lessons/{id}/video",
            // Streamed to disk with its own limit (`max_video_mb`), not the JSON body limit.
            put(studio::upload_video).layer(DefaultBodyLimit::disable()),
        )
        .route("/admin/lessons/{id}/captions", put(studio::upload_captions))
        .route(
            "/admin/lessons/{id}/captions/generate",
            post(studio::generate_captions),
        )
        .route("/admin/lessons/{id}/publish", post(studio::publish))
        .route("/admin/lessons/{id}/render", post(studio::render_again))
        .route("/admin/lessons/from-script", post(studio::from_script))
        .route(
            "/admin/lessons/from-script/preview",
            post(studio::script_preview),
        )
        .route("/admin/lessons/{id}/unpublish", post(studio::unpublish))
        .route("/admin/standards/import", post(standards::import))
        .route("/admin/analytics", get(admin::analytics))
        .route("/admin/memory/fit", post(admin::fit_memory))
        .route(
            "/admin/people/import",
            // Streamed into the import with its own limit, not the JSON body limit.
            post(people::import_csv).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/admin/people/import/talentlms",
            post(people::import_talentlms),
        )
        .route(
            "/invitations/{token}",
            get(people::invitation).post(people::accept_invitation),
        )
        .route("/admin/evidence/verify", get(evidence::verify_trail))
        .route("/admin/evidence/lrs", get(evidence::lrs_status))
        .route(
            "/learners/{id}/statements",
            get(evidence::learner_statements),
        )
        .route("/learners/{id}/readiness", get(assessor::learner_readiness))
        .route("/coach", get(coach::thread))
        .route(
            "/coach/settings",
            get(coach::settings).put(coach::set_settings),
        )
        .route("/coach/questions", post(coach::ask))
        .route("/coach/questions/{id}/escalate", post(coach::escalate))
        .route("/mentor/inbox", get(coach::inbox))
        .route("/mentor/inbox/{id}/answer", post(coach::answer))
        .route(
            "/coach/whatsapp",
            get(whatsapp::status)
                .put(whatsapp::opt_in)
                .delete(whatsapp::opt_out),
        )
        .route(
            "/whatsapp/webhook",
            get(whatsapp::verify).post(whatsapp::notify),
        )
        .route("/learners/{id}/otj", get(otj::summary))
        .route("/learners/{id}/portfolio", get(portfolio::json))
        .route("/learners/{id}/portfolio.pdf", get(portfolio::pdf))
        .route("/learners/{id}/portfolios", get(portfolio::issues))
        .route(
            "/learners/{id}/portfolios/{issue_id}",
            axum::routing::delete(portfolio::revoke),
        )
        .route("/verify/{token}", get(portfolio::verification))
        .route("/verify/credential", post(credentials::verify))
        .route("/verify/credential/{id}", get(credentials::verify_stored))
        .route("/me/badges/{key}/credential", get(credentials::download))
        .route("/me/badges/{key}/linkedin", get(credentials::linkedin))
        .route("/admin/credentials/{id}/revoke", post(credentials::revoke))
        .route("/admin/issuer/keys", post(credentials::rotate_key))
        .route("/learners/{id}/otj/hours.csv", get(otj::export))
        .route("/learners/{id}/otj/logs", post(otj::log))
        .route("/otj/logs/{id}/decision", post(otj::decide))
        .route("/admin/standards/{reference}", patch(otj::set_minimum))
        .route(
            "/admin/standards/{reference}/ksbs/{code}",
            put(standards::edit_ksb),
        )
        .route(
            "/learners/{id}/shares",
            get(assessor::list_shares).post(assessor::create_share),
        )
        .route(
            "/learners/{id}/shares/{share_id}",
            axum::routing::delete(assessor::revoke_share),
        )
        .route(
            "/learners/{id}/evidence-views",
            get(assessor::evidence_views),
        )
        .route("/assessor/learners", get(assessor::shared_learners))
        .route("/users/{id}", axum::routing::delete(privacy::erase_account))
        .route(
            "/users/{id}/export",
            get(privacy::latest_export).post(privacy::request_export),
        )
        .route(
            "/users/{id}/exports/{export_id}/download",
            get(privacy::download_export),
        )
        .route("/openapi.json", get(openapi::openapi_json))
        .fallback(error::api_not_found);
    Router::new()
        .route("/healthz", get(health::healthz))
        .nest("/api/v1", v1)
}

/// `/media/{key}`: stored videos, captions and posters, with byte ranges.
pub fn media_router() -> Router<AppState> {
    Router::new().route("/media/{*key}", get(media::serve))
}
