//! People from an LMS (`/api/v1/admin/people/…`, admins) and the one-time sign-in links they
//! receive (`/api/v1/invitations/{token}`, public: the token is the key).

use super::error::{ApiError, ErrorBody};
use super::extract::{AdminUser, ApiJson, ApiQuery};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use flowline_core::model::{
    AcceptInvitationIn, ColumnMapping, ImportMode, InvitationView, Me, Notice, PeopleReport,
    TalentLmsIn,
};
use futures_util::StreamExt;
use services::people;
use services::state::AppState;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The largest CSV an import reads (it streams: this bounds time, not memory).
pub const MAX_CSV_BYTES: usize = 100 * 1024 * 1024;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// `preview` (default: check and write nothing), `all` (nothing if any row is bad) or
    /// `good_rows` (leave the bad rows out).
    #[param(value_type = Option<String>)]
    pub mode: Option<ImportMode>,
    /// The e-mail column's header; guessed when left out (TalentLMS: `Email`).
    pub email: Option<String>,
    /// The first-name column (TalentLMS: `Firstname`).
    pub first_name: Option<String>,
    /// The last-name column (TalentLMS: `Lastname`).
    pub last_name: Option<String>,
    /// A whole-name column, instead of first and last names.
    pub name: Option<String>,
    /// The cohort column (TalentLMS: `Group`, which may repeat).
    pub cohort: Option<String>,
    /// The role column (TalentLMS: `User-type`).
    pub role: Option<String>,
}

/// Imports people and their cohorts from an LMS's CSV export (the body, `text/csv`, up to
/// 100 MB, read as it streams in). Preview first: it says what would happen, row by row,
/// and writes nothing. New people get no password but a one-time sign-in link, listed for
/// the admin to send. People are matched by e-mail: importing the same file again changes
/// nothing.
#[utoipa::path(post, path = "/admin/people/import", tag = "admin",
    params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, body = PeopleReport),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, description = "The file or the column mapping cannot be used; the field is named", body = ErrorBody),
    ))]
pub async fn import_csv(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: Body,
) -> Result<Json<PeopleReport>, ApiError> {
    let mapping = ColumnMapping {
        email: params.email,
        first_name: params.first_name,
        last_name: params.last_name,
        name: params.name,
        cohort: params.cohort,
        role: params.role,
    };
    // The body is read as it arrives; past the limit the stream ends in an error.
    let over = Arc::new(AtomicBool::new(false));
    let mut seen = 0usize;
    let flag = over.clone();
    let stream = body.into_data_stream().map(move |chunk| {
        let chunk = chunk.map_err(std::io::Error::other)?;
        seen = seen.saturating_add(chunk.len());
        if seen > MAX_CSV_BYTES {
            flag.store(true, Ordering::SeqCst);
            return Err(std::io::Error::other("over the size limit"));
        }
        Ok(chunk)
    });
    let mut reader = tokio_util::io::StreamReader::new(stream);
    let mode = params.mode.unwrap_or_default();
    let report = if mode == ImportMode::Preview {
        people::import_csv(
            &state.db,
            &user,
            mode,
            &mapping,
            reader,
            &state.public_url,
            state.now_ms(),
        )
        .await
    } else {
        // An import writes in one transaction: the file is taken in whole first (to disk, not
        // memory), so a slow upload never holds the database's write lock.
        let spooled = spool(&state, &mut reader).await;
        match spooled {
            Ok(path) => {
                let out = match tokio::fs::File::open(&path).await {
                    Ok(file) => {
                        people::import_csv(
                            &state.db,
                            &user,
                            mode,
                            &mapping,
                            file,
                            &state.public_url,
                            state.now_ms(),
                        )
                        .await
                    }
                    Err(e) => Err(spool_error(&e)),
                };
                let _ = tokio::fs::remove_file(&path).await;
                out
            }
            Err(e) => Err(e),
        }
    }
    .map_err(|e| {
        if over.load(Ordering::SeqCst) {
            flowline_core::error::AppError::new(
                flowline_core::error::ErrorCode::PayloadTooLarge,
                "The file is over 100 MB: split it and import the parts.",
            )
        } else {
            e
        }
    })?;
    Ok(Json(report))
}

/// Writes the upload to the spool directory; its path.
async fn spool(
    state: &AppState,
    reader: &mut (impl tokio::io::AsyncRead + Unpin),
) -> Result<std::path::PathBuf, flowline_core::error::AppError> {
    let dir = &state.uploads.spool_dir;
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| spool_error(&e))?;
    let path = dir.join(format!("people-{}.csv", uuid::Uuid::now_v7()));
    let mut file = tokio::fs::File::create(&path)
        .await
        .map_err(|e| spool_error(&e))?;
    let copied = tokio::io::copy(reader, &mut file).await;
    drop(file);
    if let Err(e) = copied {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(flowline_core::error::AppError::bad_request(format!(
            "The upload broke off ({e}); nothing was imported."
        )));
    }
    Ok(path)
}

fn spool_error(e: &std::io::Error) -> flowline_core::error::AppError {
    flowline_core::error::AppError::internal(format!(
        "could not keep an uploaded CSV in the spool directory: {e}"
    ))
}

/// Imports people and their groups from the provider's TalentLMS (its REST API), through
/// the same checks as a CSV: preview first.
#[utoipa::path(post, path = "/admin/people/import/talentlms", tag = "admin",
    request_body = TalentLmsIn,
    responses(
        (status = 200, body = PeopleReport),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 409, description = "TalentLMS is not connected", body = ErrorBody),
        (status = 502, description = "TalentLMS did not answer as expected; nothing was imported", body = ErrorBody),
    ))]
pub async fn import_talentlms(
    State(state): State<AppState>,
    AdminUser(user): AdminUser,
    ApiJson(input): ApiJson<TalentLmsIn>,
) -> Result<Json<PeopleReport>, ApiError> {
    let report = people::talentlms::import(
        &state.db,
        &user,
        state.talentlms.as_ref(),
        input.mode,
        &state.public_url,
        state.now_ms(),
    )
    .await?;
    Ok(Json(report))
}

/// Whom a one-time sign-in link is for (404 once it was used or has expired).
#[utoipa::path(get, path = "/invitations/{token}", tag = "auth",
    params(("token" = String, Path)),
    responses((status = 200, body = InvitationView), (status = 404, body = ErrorBody)))]
pub async fn invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<InvitationView>, ApiError> {
    Ok(Json(
        people::invitations::view(&state.db, &token, state.now_ms()).await?,
    ))
}

/// Uses a one-time sign-in link: the person chooses their password and is signed in.
#[utoipa::path(post, path = "/invitations/{token}", tag = "auth",
    params(("token" = String, Path)),
    request_body = AcceptInvitationIn,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie: flowline_session=…`", body = Me),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody),
    ))]
pub async fn accept_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson(input): ApiJson<AcceptInvitationIn>,
) -> Result<(HeaderMap, Json<Me>), ApiError> {
    let session = people::invitations::accept(
        &state.db,
        &token,
        &input.password,
        &state.auth,
        state.now_ms(),
    )
    .await?;
    super::auth::signed_in(&state, session).await
}

/// Sends someone a new one-time sign-in link by e-mail (a lost or expired invitation, or a
/// person who cannot get in). The link is not shown to the admin.
#[utoipa::path(post, path = "/admin/users/{id}/sign-in-link", tag = "admin",
    params(("id" = String, Path, description = "The person's id")),
    responses(
        (status = 202, description = "The e-mail is on its way", body = Notice),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
    ))]
pub async fn send_sign_in_link(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<Notice>), ApiError> {
    let notice =
        people::invitations::send(&state.db, &state.public_url, &admin, &id, state.now_ms())
            .await?;
    Ok((StatusCode::ACCEPTED, Json(notice)))
}
