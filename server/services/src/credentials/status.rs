//! The revocation list as a W3C Bitstring Status List credential: bit `statusListIndex` of
//! the gzip-compressed, base64url (multibase `u`) list is 1 when that credential is revoked.
//! Signed with the issuer's key like the credentials it speaks for.

use super::{document, ensure_key, proof, signing_key};
use crate::db::Db;
use crate::evidence::portfolio::Issuer;
use crate::store::credentials as store;
use base64::Engine;
use flowline_core::error::{AppError, ErrorCode};
use serde_json::{json, Value};
use std::io::Write;

/// The spec's minimum list length (16 KB of bits), so a list says nothing of how many exist.
const MIN_BITS: usize = 131_072;

/// The list of these revoked indexes, encoded.
pub fn encode(revoked: &[i64]) -> String {
    let highest = revoked.iter().copied().max().unwrap_or(0).max(0) as usize;
    let bits = MIN_BITS.max((highest / 8 + 1) * 8);
    let mut bytes = vec![0u8; bits / 8];
    for &i in revoked.iter().filter(|i| **i >= 0) {
        let i = i as usize;
        // Bit 0 is the most significant bit of the first byte.
        bytes[i / 8] |= 0x80 >> (i % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).expect("in memory");
    let compressed = gz.finish().expect("in memory");
    format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed)
    )
}

/// Whether bit `index` is set in an encoded list.
pub fn is_set(encoded: &str, index: i64) -> Option<bool> {
    use std::io::Read;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.strip_prefix('u')?)
        .ok()?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(raw.as_slice())
        .read_to_end(&mut bytes)
        .ok()?;
    let i = usize::try_from(index).ok()?;
    Some(bytes.get(i / 8)? & (0x80 >> (i % 8)) != 0)
}

/// The signed status list credential, as of `now`.
pub async fn list(db: &Db, issuer: &Issuer<'_>, now: i64) -> Result<Value, AppError> {
    let revoked = {
        let mut conn = db.pool.acquire().await?;
        store::revoked_indexes(&mut conn).await?
    };
    let key = ensure_key(db, now).await?;
    let url = document::status_list_url(issuer.site);
    let mut doc = json!({
        "@context": [super::canon::CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": document::issuer_id(issuer.site),
        "validFrom": document::datetime(now),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(&revoked),
        },
    });
    let proof = proof::sign(
        &doc,
        &signing_key(&key)?,
        &document::key_url(issuer.site, &key.id),
        &document::datetime(now),
    )
    .await
    .map_err(|e| AppError::new(ErrorCode::Internal, format!("Could not sign: {e}")))?;
    doc["proof"] = Value::Array(vec![proof]);
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revoked_bits_are_set_and_no_others() {
        let list = encode(&[3, 700, 140_000]);
        for i in [3, 700, 140_000] {
            assert_eq!(is_set(&list, i), Some(true), "{i}");
        }
        for i in [0, 2, 4, 699, 701, 131_071] {
            assert_eq!(is_set(&list, i), Some(false), "{i}");
        }
        assert_eq!(
            is_set(&encode(&[]), 131_071),
            Some(false),
            "the minimum length"
        );
        assert_eq!(is_set(&encode(&[]), 131_072), None);
    }
}
