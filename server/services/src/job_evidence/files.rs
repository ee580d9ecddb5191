//! The files of evidence and sign-offs: how they are shown, and who may fetch them — the
//! person who sent them, and anyone who may read the evidence of a learner whose evidence
//! or sign-off carries them.

use crate::db::Db;
use crate::evidence::access;
use crate::store::observations::StoredFile;
use crate::store::uploads::{self as store, FileRow, UploadRow};
use crate::store::users::User;
use flowline_core::domain::upload::FileKind;
use flowline_core::error::AppError;
use flowline_core::model::EvidenceFile;

/// Where a file is fetched, signed in.
pub fn url(upload_id: &str) -> String {
    format!("/api/v1/files/{upload_id}")
}

fn kind(content_type: &str) -> String {
    FileKind::of(content_type)
        .map_or("file", FileKind::as_str)
        .to_owned()
}

pub fn view(f: &FileRow) -> EvidenceFile {
    view_stored(&StoredFile::from(f.clone()))
}

pub fn view_stored(f: &StoredFile) -> EvidenceFile {
    EvidenceFile {
        id: f.upload_id.clone(),
        url: url(&f.upload_id),
        kind: kind(&f.content_type),
        content_type: f.content_type.clone(),
        size: f.size as u64,
        sha256: f.sha256.clone(),
    }
}

/// A complete upload `caller` may fetch; "not found" otherwise.
pub async fn open(
    db: &Db,
    caller: &User,
    upload_id: &str,
    now: i64,
) -> Result<UploadRow, AppError> {
    let mut conn = db.pool.acquire().await?;
    let Some(row) = store::find(&mut conn, upload_id)
        .await?
        .filter(|u| u.completed_at.is_some())
    else {
        return Err(AppError::not_found("File"));
    };
    if row.owner_id == caller.id {
        return Ok(row);
    }
    for learner in store::learners_of(&mut conn, upload_id).await? {
        if access::may_read(&mut conn, caller, &learner, now).await? {
            return Ok(row);
        }
    }
    Err(AppError::not_found("File"))
}

/// The photos of a portfolio's sign-offs, by SHA-256, for the PDF's thumbnails. A photo the
/// store cannot give is left out (the PDF still lists it by hash).
pub async fn photos(
    media: &crate::media::MediaStore,
    portfolio: &flowline_core::model::Portfolio,
) -> crate::evidence::pdf::Photos {
    use object_store::ObjectStoreExt;
    let mut out = crate::evidence::pdf::Photos::new();
    for f in portfolio.observations.iter().flat_map(|o| &o.files) {
        if f.kind != FileKind::Photo.as_str() || out.contains_key(&f.sha256) {
            continue;
        }
        let Ok(path) = crate::media::MediaStore::path(&crate::uploads::file_key(&f.id)) else {
            continue;
        };
        let got = match media.backend().get(&path).await {
            Ok(got) => got.bytes().await,
            Err(e) => Err(e),
        };
        match got {
            Ok(bytes) => {
                out.insert(f.sha256.clone(), bytes.to_vec());
            }
            Err(e) => tracing::warn!(error = %e, file = %f.id, "a photo for the portfolio PDF"),
        }
    }
    out
}
