//! Files sent in resumable chunks. A phone on one bar of signal declares the file (type,
//! size, SHA-256), then sends it `CHUNK_BYTES` at a time, each chunk saying where it starts;
//! when a connection drops it asks where the upload stands and carries on from there. Each
//! chunk is kept in the media store until the last arrives; the whole file is then read
//! back, checked against its SHA-256 and its declared type, and stored once. A half file is
//! never stored: a file whose bytes do not match starts again from nothing.
//!
//! Uploads are the owner's own: anyone else gets 404. Declaring bytes the owner already sent
//! finds that upload, so a retry or a second tab never stores the same file twice.

use crate::db::Db;
use crate::media::MediaStore;
use crate::store::uploads::{self as store, UploadRow};
use crate::store::users::User;
use flowline_core::domain::upload::{self as rules, FileKind, CHUNK_BYTES};
use flowline_core::domain::Role;
use flowline_core::error::{AppError, ErrorCode};
use flowline_core::model::{UploadIn, UploadState};
use futures_util::TryStreamExt;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use sha2::{Digest, Sha256};

/// Where the bytes of an upload live while it arrives, and once it is whole.
fn parts_prefix(id: &str) -> String {
    format!("evidence/{id}/parts")
}

fn part_key(id: &str, offset: i64) -> String {
    format!("{}/{offset:012}", parts_prefix(id))
}

/// The stored file of a complete upload.
pub fn file_key(id: &str) -> String {
    format!("evidence/{id}/file")
}

fn state(row: &UploadRow) -> UploadState {
    UploadState {
        id: row.id.clone(),
        size: row.size as u64,
        received: row.received as u64,
        complete: row.completed_at.is_some(),
        chunk_bytes: CHUNK_BYTES,
    }
}

fn may_upload(caller: &User) -> Result<(), AppError> {
    match caller.role {
        Role::Learner | Role::Mentor => Ok(()),
        _ => Err(AppError::forbidden()),
    }
}

fn storage(e: impl std::fmt::Display) -> AppError {
    AppError::internal("the file store did not answer").caused_by(e)
}

/// Declares a file about to be sent; finds the caller's upload of the same bytes if there is
/// one (then carry on from its `received`).
#[tracing::instrument(skip_all, fields(caller = %caller.id))]
pub async fn begin(
    db: &Db,
    media: &MediaStore,
    caller: &User,
    input: &UploadIn,
    now: i64,
) -> Result<UploadState, AppError> {
    may_upload(caller)?;
    let kind = rules::check(&input.content_type, input.size).map_err(|m| {
        let code = if FileKind::of(&input.content_type).is_some() && input.size > 0 {
            ErrorCode::PayloadTooLarge
        } else {
            ErrorCode::Invalid
        };
        let mut e = AppError::new(code, m);
        e.field = Some(if code == ErrorCode::Invalid && input.size > 0 {
            "content_type".to_owned()
        } else {
            "size".to_owned()
        });
        e
    })?;
    let sha = input.sha256.trim().to_ascii_lowercase();
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::invalid(
            "sha256",
            "Give the file's SHA-256 as 64 hexadecimal characters.",
        ));
    }
    let mut conn = db.pool.acquire().await?;
    let (row, _new) = store::begin(
        &mut conn,
        &UploadRow {
            id: crate::new_id(),
            owner_id: caller.id.clone(),
            content_type: input
                .content_type
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase(),
            size: input.size as i64,
            sha256: sha,
            received: 0,
            created_at: now,
            completed_at: None,
        },
    )
    .await?;
    if row.size != input.size as i64 {
        // Same hash, different size: the declaration is wrong, not the stored file.
        return Err(AppError::invalid(
            "size",
            "That SHA-256 was sent before with another size: check the file.",
        ));
    }
    tracing::debug!(upload = %row.id, kind = kind.as_str(), "upload declared");
    if row.completed_at.is_none() && row.received == row.size {
        // Every byte arrived before, but the file was never put together (the server stopped,
        // or the store failed): put it together now.
        return finish(db, media, row, now).await;
    }
    Ok(state(&row))
}

async fn owned(db: &Db, caller: &User, id: &str) -> Result<UploadRow, AppError> {
    let mut conn = db.pool.acquire().await?;
    store::find(&mut conn, id)
        .await?
        .filter(|u| u.owner_id == caller.id)
        .ok_or_else(|| AppError::not_found("upload"))
}

/// Where an upload stands. One whose last chunk arrived but was never put together (the
/// server stopped) is put together now.
#[tracing::instrument(skip_all, fields(caller = %caller.id))]
pub async fn status(
    db: &Db,
    media: &MediaStore,
    caller: &User,
    id: &str,
    now: i64,
) -> Result<UploadState, AppError> {
    let row = owned(db, caller, id).await?;
    if row.completed_at.is_none() && row.received == row.size {
        return finish(db, media, row, now).await;
    }
    Ok(state(&row))
}

/// Stores the chunk that starts at `offset`. A chunk that does not start where the upload
/// stands is refused (409): ask for the status and send from `received`.
#[tracing::instrument(skip_all, fields(caller = %caller.id, upload = %id))]
pub async fn append(
    db: &Db,
    media: &MediaStore,
    caller: &User,
    id: &str,
    offset: u64,
    bytes: bytes::Bytes,
    now: i64,
) -> Result<UploadState, AppError> {
    let row = owned(db, caller, id).await?;
    if row.completed_at.is_some() {
        return Ok(state(&row));
    }
    let len = bytes.len() as u64;
    if len == 0 {
        return Err(AppError::invalid(
            "body",
            "Send the chunk's bytes: this one is empty.",
        ));
    }
    if len > CHUNK_BYTES {
        return Err(AppError::new(
            ErrorCode::PayloadTooLarge,
            format!("Send 1 to {CHUNK_BYTES} bytes at a time."),
        ));
    }
    if offset != row.received as u64 {
        return Err(AppError::conflict(
            "offset",
            format!(
                "This upload stands at byte {}: send from there.",
                row.received
            ),
        ));
    }
    if offset + len > row.size as u64 {
        return Err(AppError::invalid(
            "offset",
            format!("The file was declared as {} bytes.", row.size),
        ));
    }
    // One chunk at a time per upload: the write transaction holds the row (the store's
    // writer lock on SQLite; on PostgreSQL the compare-and-set below refuses the second of two
    // requests that raced on one offset, and its chunk is the same bytes under the same name).
    let mut tx = db.begin_write().await?;
    let current = store::find(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found("upload"))?;
    if current.received as u64 != offset || current.completed_at.is_some() {
        return Err(AppError::conflict(
            "offset",
            format!(
                "This upload stands at byte {}: send from there.",
                current.received
            ),
        ));
    }
    media
        .backend()
        .put(
            &MediaStore::path(&part_key(id, offset as i64))
                .map_err(|e| AppError::internal(e.to_string()))?,
            PutPayload::from(bytes),
        )
        .await
        .map_err(storage)?;
    let to = (offset + len) as i64;
    if !store::advance(&mut tx, id, offset as i64, to).await? {
        return Err(AppError::conflict(
            "offset",
            "Another request sent this chunk: ask where the upload stands.",
        ));
    }
    tx.commit().await?;
    let row = UploadRow {
        received: to,
        ..current
    };
    if row.received == row.size {
        return finish(db, media, row, now).await;
    }
    Ok(state(&row))
}

/// Puts the chunks together (see [`put_together`]). Two requests may finish the same upload
/// at once (a retry while the first is still reading a long video back): whichever fails
/// because the other completed it (its chunks gone) answers with the stored file.
async fn finish(
    db: &Db,
    media: &MediaStore,
    row: UploadRow,
    now: i64,
) -> Result<UploadState, AppError> {
    let id = row.id.clone();
    match put_together(db, media, row, now).await {
        Ok(done) => Ok(done),
        Err(e) => {
            let mut conn = db.pool.acquire().await?;
            match store::find(&mut conn, &id).await? {
                Some(r) if r.completed_at.is_some() => Ok(state(&r)),
                _ => Err(e),
            }
        }
    }
}

/// Puts the chunks together as one file, checking its SHA-256 and type as it goes; a file
/// that does not match starts again from nothing (422), and nothing of it is kept.
async fn put_together(
    db: &Db,
    media: &MediaStore,
    row: UploadRow,
    now: i64,
) -> Result<UploadState, AppError> {
    let backend = media.backend();
    let prefix =
        MediaStore::path(&parts_prefix(&row.id)).map_err(|e| AppError::internal(e.to_string()))?;
    let mut parts: Vec<object_store::ObjectMeta> = backend
        .list(Some(&prefix))
        .try_collect()
        .await
        .map_err(storage)?;
    parts.sort_by(|a, b| a.location.as_ref().cmp(b.location.as_ref()));
    let target =
        MediaStore::path(&file_key(&row.id)).map_err(|e| AppError::internal(e.to_string()))?;
    let mut out = WriteMultipart::new(backend.put_multipart(&target).await.map_err(storage)?);
    let mut hash = Sha256::new();
    let mut written: i64 = 0;
    let mut head: Vec<u8> = Vec::new();
    let mut sound = true;
    for part in &parts {
        // Parts are named by the offset they start at; one written at an offset the upload
        // never stood at (a request that lost its race) is left out.
        let starts = part.location.filename().and_then(|f| f.parse::<i64>().ok());
        if starts != Some(written) {
            continue;
        }
        let bytes = backend
            .get(&part.location)
            .await
            .map_err(storage)?
            .bytes()
            .await
            .map_err(storage)?;
        if head.len() < 64 {
            head.extend_from_slice(&bytes[..bytes.len().min(64 - head.len())]);
        }
        hash.update(&bytes);
        out.write(&bytes);
        written += bytes.len() as i64;
    }
    if written != row.size {
        sound = false;
    }
    let sha = hex::encode(hash.finalize());
    let typed = rules::sniff(&row.content_type, &head);
    if !(sound && sha == row.sha256 && typed) {
        let _ = out.abort().await;
        discard_parts(media, &row.id).await;
        let mut conn = db.pool.acquire().await?;
        store::restart(&mut conn, &row.id).await?;
        return Err(if sound && sha == row.sha256 {
            AppError::invalid(
                "content_type",
                format!("This file is not a {} file.", row.content_type),
            )
        } else {
            AppError::invalid(
                "sha256",
                "The file arrived changed (its SHA-256 differs): send it again from the start.",
            )
        });
    }
    out.finish().await.map_err(storage)?;
    let mut conn = db.pool.acquire().await?;
    store::complete(&mut conn, &row.id, now).await?;
    discard_parts(media, &row.id).await;
    Ok(state(&UploadRow {
        completed_at: Some(now),
        ..row
    }))
}

/// Deletes the chunks of an upload (best effort: a leftover chunk is never read again).
async fn discard_parts(media: &MediaStore, id: &str) {
    let Ok(prefix) = MediaStore::path(&parts_prefix(id)) else {
        return;
    };
    let backend = media.backend();
    let listed: Result<Vec<object_store::ObjectMeta>, _> =
        backend.list(Some(&prefix)).try_collect().await;
    for part in listed.unwrap_or_default() {
        if let Err(e) = backend.delete(&part.location).await {
            tracing::warn!(error = %e, upload = id, "an upload's chunk was not deleted");
        }
    }
}

/// The complete uploads of `owner` among `ids`, in the order given; names the first that is
/// not theirs or not complete.
pub async fn complete_of(
    conn: &mut sqlx::AnyConnection,
    owner: &User,
    ids: &[String],
) -> Result<Vec<UploadRow>, AppError> {
    let mut out = Vec::with_capacity(ids.len());
    for (n, id) in ids.iter().enumerate() {
        match store::find(&mut *conn, id).await? {
            Some(u) if u.owner_id == owner.id && u.completed_at.is_some() => out.push(u),
            Some(u) if u.owner_id == owner.id => {
                return Err(AppError::invalid(
                    "uploads",
                    format!("File {} has not finished uploading.", n + 1),
                ))
            }
            _ => {
                return Err(AppError::invalid(
                    "uploads",
                    format!("File {} is not one you uploaded.", n + 1),
                ))
            }
        }
    }
    Ok(out)
}
