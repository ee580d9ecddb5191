//! `GET|HEAD /media/{key}`: stored media with byte ranges (a `<video>` element seeks with
//! them, and iOS refuses video from servers without them), conditional requests and long
//! cache lifetimes for content-hashed files.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt};
use services::media::MediaStore;
use services::state::AppState;

/// Renders live under their content hash and never change.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=300";

fn content_type(key: &str) -> &'static str {
    match key
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .as_deref()
    {
        Some("mp4" | "m4v") => "video/mp4",
        Some("webm") => "video/webm",
        Some("vtt") => "text/vtt; charset=utf-8",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// A single byte range, resolved against the object's length. `Err(())` is unsatisfiable;
/// `Ok(None)` means serve the whole object (no header, or one we do not handle).
fn requested_range(value: &str, len: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None); // several ranges: answering with the whole body is allowed
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Ok(None);
    };
    let (a, b) = (a.trim(), b.trim());
    let range = match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(start), Ok(end)) if start <= end => (start, end.min(len.saturating_sub(1))),
        (Ok(start), Err(_)) if b.is_empty() => (start, len.saturating_sub(1)),
        (Err(_), Ok(suffix)) if a.is_empty() && suffix > 0 => {
            (len.saturating_sub(suffix), len.saturating_sub(1))
        }
        _ => return Ok(None),
    };
    if len == 0 || range.0 >= len {
        return Err(());
    }
    Ok(Some(range))
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CACHE_CONTROL, "no-store")],
        "Not found",
    )
        .into_response()
}

/// Lesson media, public. Files of evidence (`evidence/…`) are personal: they are served only
/// through `/api/v1/files/{id}`, to those who may read them.
pub async fn serve(
    State(state): State<AppState>,
    Path(key): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    if key.starts_with("evidence/") {
        return not_found();
    }
    let cache = if key.starts_with("renders/") {
        IMMUTABLE
    } else {
        SHORT
    };
    serve_object(
        &state.media,
        &key,
        content_type(&key),
        cache,
        &method,
        &headers,
    )
    .await
}

/// Answers a GET or HEAD of the stored object `key` (ranges, conditional requests).
pub async fn serve_object(
    media: &MediaStore,
    key: &str,
    content_type: &str,
    cache: &str,
    method: &Method,
    headers: &HeaderMap,
) -> Response {
    let Ok(path) = MediaStore::path(key) else {
        return not_found();
    };
    let store = media.backend();
    let meta = match store.head(&path).await {
        Ok(m) => m,
        Err(object_store::Error::NotFound { .. }) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, %key, "media store");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let len = meta.size;
    let etag = format!(
        "\"{}\"",
        meta.e_tag.as_deref().unwrap_or("0").replace('"', "")
    );
    let mut base = HeaderMap::new();
    put_into(&mut base, header::CONTENT_TYPE, content_type);
    put_into(&mut base, header::ACCEPT_RANGES, "bytes");
    put_into(&mut base, header::ETAG, &etag);
    put_into(&mut base, header::CACHE_CONTROL, cache);
    let modified = meta
        .last_modified
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    put_into(&mut base, header::LAST_MODIFIED, &modified);

    let header_str = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if header_str(header::IF_NONE_MATCH)
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        return (StatusCode::NOT_MODIFIED, base).into_response();
    }
    // If-Range: the range only applies to the version the client already has part of.
    let range_applies = header_str(header::IF_RANGE).is_none_or(|v| v.trim() == etag);
    let range = match header_str(header::RANGE).filter(|_| range_applies) {
        Some(v) => match requested_range(v, len) {
            Ok(r) => r,
            Err(()) => {
                put_into(&mut base, header::CONTENT_RANGE, &format!("bytes */{len}"));
                return (StatusCode::RANGE_NOT_SATISFIABLE, base).into_response();
            }
        },
        None => None,
    };
    let (status, first, last) = match range {
        Some((a, b)) => {
            put_into(
                &mut base,
                header::CONTENT_RANGE,
                &format!("bytes {a}-{b}/{len}"),
            );
            (StatusCode::PARTIAL_CONTENT, a, b)
        }
        None => (StatusCode::OK, 0, len.saturating_sub(1)),
    };
    let body_len = if len == 0 { 0 } else { last - first + 1 };
    put_into(&mut base, header::CONTENT_LENGTH, &body_len.to_string());
    if *method == Method::HEAD || body_len == 0 {
        return (status, base, Body::empty()).into_response();
    }
    let opts = GetOptions {
        range: Some(GetRange::Bounded(first..last + 1)),
        ..GetOptions::default()
    };
    match store.get_opts(&path, opts).await {
        Ok(got) => {
            let stream = got.into_stream().map_err(std::io::Error::other);
            (status, base, Body::from_stream(stream)).into_response()
        }
        Err(object_store::Error::NotFound { .. }) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, %key, "media store");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn put_into(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        headers.insert(name, v);
    }
}

#[cfg(test)]
mod tests {
    use super::requested_range;

    #[test]
    fn byte_ranges_are_read_as_browsers_send_them() {
        assert_eq!(requested_range("bytes=0-99", 1000), Ok(Some((0, 99))));
        assert_eq!(requested_range("bytes=0-", 1000), Ok(Some((0, 999))));
        assert_eq!(
            requested_range("bytes=990-2000", 1000),
            Ok(Some((990, 999)))
        );
        assert_eq!(requested_range("bytes=-100", 1000), Ok(Some((900, 999))));
        assert_eq!(requested_range("bytes=-5000", 1000), Ok(Some((0, 999))));
        assert_eq!(requested_range("bytes=1000-", 1000), Err(()));
        assert_eq!(requested_range("bytes=0-1,5-6", 1000), Ok(None));
        assert_eq!(requested_range("items=0-1", 1000), Ok(None));
        assert_eq!(requested_range("bytes=9-3", 1000), Ok(None));
    }
}
