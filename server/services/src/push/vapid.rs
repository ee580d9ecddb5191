//! Voluntary Application Server Identification (RFC 8292): every push request carries a
//! short-lived ES256 token, signed with the server's P-256 key, naming the push service's
//! origin and a contact; browsers subscribed with the matching public key, so only this
//! server can push to them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};

/// How long a token is valid (RFC 8292 allows at most 24 hours).
pub const TOKEN_LIFETIME_S: i64 = 12 * 3600;

/// The server's push identity.
#[derive(Clone)]
pub struct Vapid {
    key: SigningKey,
    /// The uncompressed public key, base64url: what browsers subscribe with.
    pub public_key: String,
    /// A contact for the push service: `mailto:…` or an `https:` address.
    pub subject: String,
}

impl std::fmt::Debug for Vapid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vapid")
            .field("public_key", &self.public_key)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl Vapid {
    /// From the stored 32-byte secret scalar.
    pub fn from_secret(secret: &[u8], subject: &str) -> Option<Self> {
        let key = SigningKey::from_slice(secret).ok()?;
        let public = key.verifying_key().to_encoded_point(false);
        Some(Vapid {
            public_key: URL_SAFE_NO_PAD.encode(public.as_bytes()),
            key,
            subject: subject.to_owned(),
        })
    }

    /// A new identity, and its secret to store.
    pub fn generate(subject: &str) -> (Self, Vec<u8>) {
        let key = SigningKey::random(&mut rand::rngs::OsRng);
        let secret = key.to_bytes().to_vec();
        let public = key.verifying_key().to_encoded_point(false);
        (
            Vapid {
                public_key: URL_SAFE_NO_PAD.encode(public.as_bytes()),
                key,
                subject: subject.to_owned(),
            },
            secret,
        )
    }

    /// The `Authorization` header for a push to `endpoint` at `now_ms`.
    pub fn authorization(&self, endpoint: &str, now_ms: i64) -> Option<String> {
        let audience = origin(endpoint)?;
        let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({
            "aud": audience,
            "exp": now_ms / 1000 + TOKEN_LIFETIME_S,
            "sub": self.subject,
        });
        let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
        let input = format!("{header}.{claims}");
        let signature: Signature = self.key.sign(input.as_bytes());
        let token = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()));
        Some(format!("vapid t={token}, k={}", self.public_key))
    }
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    Some(&url[..url.len() - rest.len() + host_end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::VerifyingKey;

    #[test]
    fn the_token_names_the_push_service_and_verifies_with_the_public_key() {
        let (vapid, secret) = Vapid::generate("mailto:flowline@north-training.example");
        let again = Vapid::from_secret(&secret, &vapid.subject).expect("stored key");
        assert_eq!(again.public_key, vapid.public_key);
        let auth = vapid
            .authorization("https://fcm.googleapis.com/fcm/send/abc", 1_796_000_000_000)
            .expect("header");
        let (t, k) = auth
            .strip_prefix("vapid t=")
            .and_then(|r| r.split_once(", k="))
            .expect("t and k");
        assert_eq!(k, vapid.public_key);
        let parts: Vec<&str> = t.split('.').collect();
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
        assert_eq!(claims["aud"], "https://fcm.googleapis.com");
        assert_eq!(claims["exp"], 1_796_000_000 + TOKEN_LIFETIME_S);
        assert_eq!(claims["sub"], "mailto:flowline@north-training.example");
        let public = URL_SAFE_NO_PAD.decode(k).expect("k");
        let verifier = VerifyingKey::from_sec1_bytes(&public).expect("point");
        let sig = Signature::from_slice(&URL_SAFE_NO_PAD.decode(parts[2]).expect("sig"))
            .expect("64 bytes");
        verifier
            .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig)
            .expect("signed by the server's key");
    }

    #[test]
    fn the_audience_is_the_origin() {
        assert_eq!(
            origin("http://127.0.0.1:4000/push/1"),
            Some("http://127.0.0.1:4000")
        );
        assert_eq!(
            origin("https://updates.push.services.mozilla.com"),
            Some("https://updates.push.services.mozilla.com")
        );
        assert_eq!(origin("ftp://x"), None);
    }
}
