//! Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C VC-DI-EdDSA): the proof
//! options and the document, each canonicalized (RDFC-1.0) and hashed with SHA-256, are signed
//! with Ed25519 as `hash(options) || hash(document)`; the signature is base58btc multibase.

use super::canon::{nquads, CanonError};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";

/// The multicodec prefix of an Ed25519 public key (`0xed01`).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// A public key as `publicKeyMultibase` (`z6Mk…`).
pub fn multibase_key(key: &VerifyingKey) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The key a `publicKeyMultibase` holds, if it is an Ed25519 one.
pub fn key_from_multibase(text: &str) -> Option<VerifyingKey> {
    let bytes = bs58::decode(text.strip_prefix('z')?).into_vec().ok()?;
    let raw: [u8; 32] = bytes.strip_prefix(&ED25519_PUB)?.try_into().ok()?;
    VerifyingKey::from_bytes(&raw).ok()
}

/// What is signed: the proof options (with the document's context) and the document, each
/// canonical and hashed.
async fn hash_data(document: &Value, options: &Value) -> Result<Vec<u8>, CanonError> {
    let mut options = options.clone();
    if let Some(o) = options.as_object_mut() {
        o.remove("proofValue");
        if let Some(ctx) = document.get("@context") {
            o.insert("@context".into(), ctx.clone());
        }
    }
    let mut document = document.clone();
    if let Some(d) = document.as_object_mut() {
        d.remove("proof");
    }
    let mut data = Sha256::digest(nquads(&options).await?.as_bytes()).to_vec();
    data.extend_from_slice(&Sha256::digest(nquads(&document).await?.as_bytes()));
    Ok(data)
}

/// The proof for `document`, made by `key` named as `verification_method`, at `created`
/// (an XML Schema dateTime).
pub async fn sign(
    document: &Value,
    key: &SigningKey,
    verification_method: &str,
    created: &str,
) -> Result<Value, CanonError> {
    let mut proof = json!({
        "type": "DataIntegrityProof",
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": "assertionMethod",
    });
    let signature = key.sign(&hash_data(document, &proof).await?);
    proof["proofValue"] = json!(format!(
        "z{}",
        bs58::encode(signature.to_bytes()).into_string()
    ));
    Ok(proof)
}

/// Why a proof does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Broken(pub String);

/// Checks `proof` (one of the document's proofs) with `key`.
pub async fn check(document: &Value, proof: &Value, key: &VerifyingKey) -> Result<(), Broken> {
    let field = |name: &str| proof.get(name).and_then(Value::as_str);
    if field("type") != Some("DataIntegrityProof") || field("cryptosuite") != Some(CRYPTOSUITE) {
        return Err(Broken(format!(
            "its proof is not a DataIntegrityProof of {CRYPTOSUITE}"
        )));
    }
    if field("proofPurpose") != Some("assertionMethod") {
        return Err(Broken("its proof is not for an assertion".into()));
    }
    let bytes = field("proofValue")
        .and_then(|v| v.strip_prefix('z'))
        .and_then(|v| bs58::decode(v).into_vec().ok())
        .ok_or_else(|| Broken("its proofValue is not base58btc multibase".into()))?;
    let signature = Signature::from_slice(&bytes)
        .map_err(|_| Broken("its proofValue is not an Ed25519 signature".into()))?;
    let data = hash_data(document, proof)
        .await
        .map_err(|e| Broken(format!("it cannot be read as linked data: {e}")))?;
    key.verify(&data, &signature).map_err(|_| {
        Broken(
            "the signature does not match: the credential was changed after it was signed".into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1EdTech's Open Badges 3.0 test vector ("Linked Data Proof Test Vector", OB 3.0 impl
    /// guide): its key pair, credential and proof options give its proofValue, byte for byte.
    #[tokio::test]
    async fn the_1edtech_test_vector_is_reproduced_exactly() {
        let seed: [u8; 32] =
            hex::decode("6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4")
                .expect("hex")
                .try_into()
                .expect("32 bytes");
        let key = SigningKey::from_bytes(&seed);
        assert_eq!(
            hex::encode(key.verifying_key().as_bytes()),
            "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"
        );
        assert_eq!(
            multibase_key(&key.verifying_key()),
            "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
        );
        let credential: Value =
            serde_json::from_str(include_str!("testdata/1edtech-credential.json")).expect("json");
        let vm =
            "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
        let proof = sign(&credential, &key, vm, "2010-01-01T19:23:24Z")
            .await
            .expect("signed");
        assert_eq!(
            proof["proofValue"],
            "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
        );
        let data = hash_data(&credential, &proof).await.expect("hashes");
        assert_eq!(
            hex::encode(&data[..32]),
            "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19",
            "proof hash"
        );
        assert_eq!(
            hex::encode(&data[32..]),
            "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773",
            "document hash"
        );
        check(&credential, &proof, &key.verifying_key())
            .await
            .expect("verifies");

        // One character changed in the name: the signature no longer holds.
        let mut tampered = credential.clone();
        tampered["name"] = json!("Teamwork Badgf");
        let err = check(&tampered, &proof, &key.verifying_key())
            .await
            .expect_err("tampered");
        assert!(err.0.contains("does not match"), "{err}");
    }
}
