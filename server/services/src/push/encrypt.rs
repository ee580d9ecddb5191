//! Message Encryption for Web Push (RFC 8291) in the `aes128gcm` content coding (RFC 8188):
//! the push service only ever relays ciphertext that the browser alone can read.
//!
//! Per message: a fresh P-256 key pair and ECDH with the subscription's `p256dh` key; the
//! shared secret mixed with the subscription's `auth` secret (HKDF-SHA256, info
//! `"WebPush: info\0" ‖ ua_public ‖ as_public`); a fresh 16-byte salt from which the content key
//! (`"Content-Encoding: aes128gcm\0"`, 16 bytes) and nonce (`"Content-Encoding: nonce\0"`, 12
//! bytes) are derived; one AES-128-GCM record of the payload followed by the `0x02` delimiter;
//! and the header `salt ‖ rs (u32, big-endian) ‖ idlen (65) ‖ as_public`.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use hkdf::Hkdf;
use p256::ecdh::EphemeralSecret;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::PublicKey;
use rand::RngCore;
use sha2::Sha256;

/// The record size in the header; one record carries the whole payload.
pub const RECORD_SIZE: u32 = 4096;
/// The largest payload one record holds (record size less the tag and the delimiter).
pub const MAX_PAYLOAD: usize = RECORD_SIZE as usize - 16 - 1;

/// What a subscription gives a sender: its public key and its authentication secret.
pub struct Receiver<'a> {
    /// The uncompressed P-256 point (65 bytes).
    pub p256dh: &'a [u8],
    /// 16 bytes.
    pub auth: &'a [u8],
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EncryptError {
    #[error("the subscription's p256dh key is not a P-256 point")]
    BadKey,
    #[error("the subscription's auth secret is not 16 bytes")]
    BadAuth,
    #[error("the message is {0} bytes; at most {MAX_PAYLOAD} fit")]
    TooLong(usize),
}

/// Encrypts `payload` for the browser behind `to`: the body of the push request.
pub fn encrypt(to: &Receiver<'_>, payload: &[u8]) -> Result<Vec<u8>, EncryptError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let sender = EphemeralSecret::random(&mut rand::rngs::OsRng);
    encrypt_with(to, payload, &sender, salt)
}

fn encrypt_with(
    to: &Receiver<'_>,
    payload: &[u8],
    sender: &EphemeralSecret,
    salt: [u8; 16],
) -> Result<Vec<u8>, EncryptError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(EncryptError::TooLong(payload.len()));
    }
    let ua_public = PublicKey::from_sec1_bytes(to.p256dh).map_err(|_| EncryptError::BadKey)?;
    if to.auth.len() != 16 {
        return Err(EncryptError::BadAuth);
    }
    let as_public = sender.public_key().to_encoded_point(false);
    let ua_bytes = ua_public.to_encoded_point(false);
    let shared = sender.diffie_hellman(&ua_public);

    let mut key_info = Vec::with_capacity(14 + 65 + 65);
    key_info.extend_from_slice(b"WebPush: info\0");
    key_info.extend_from_slice(ua_bytes.as_bytes());
    key_info.extend_from_slice(as_public.as_bytes());
    let mut ikm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(to.auth), shared.raw_secret_bytes())
        .expand(&key_info, &mut ikm)
        .map_err(|_| EncryptError::BadKey)?;

    let prk = Hkdf::<Sha256>::new(Some(&salt), &ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek)
        .map_err(|_| EncryptError::BadKey)?;
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce)
        .map_err(|_| EncryptError::BadKey)?;

    let mut record = Vec::with_capacity(payload.len() + 1);
    record.extend_from_slice(payload);
    record.push(0x02);
    let cipher = Aes128Gcm::new_from_slice(&cek).map_err(|_| EncryptError::BadKey)?;
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), record.as_slice())
        .map_err(|_| EncryptError::BadKey)?;

    let mut body = Vec::with_capacity(16 + 4 + 1 + 65 + sealed.len());
    body.extend_from_slice(&salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(65);
    body.extend_from_slice(as_public.as_bytes());
    body.extend_from_slice(&sealed);
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::SecretKey;

    /// Decrypts as a browser would (the other direction of the same key schedule).
    fn open(ua: &SecretKey, auth: &[u8], body: &[u8]) -> Vec<u8> {
        let salt = &body[..16];
        let rs = u32::from_be_bytes(body[16..20].try_into().expect("rs"));
        assert_eq!(rs, RECORD_SIZE);
        assert_eq!(body[20], 65);
        let as_public = PublicKey::from_sec1_bytes(&body[21..86]).expect("sender key");
        let shared = p256::ecdh::diffie_hellman(ua.to_nonzero_scalar(), as_public.as_affine());
        let mut info = b"WebPush: info\0".to_vec();
        info.extend_from_slice(ua.public_key().to_encoded_point(false).as_bytes());
        info.extend_from_slice(&body[21..86]);
        let mut ikm = [0u8; 32];
        Hkdf::<Sha256>::new(Some(auth), shared.raw_secret_bytes())
            .expand(&info, &mut ikm)
            .expect("ikm");
        let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
        let (mut cek, mut nonce) = ([0u8; 16], [0u8; 12]);
        prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek)
            .expect("cek");
        prk.expand(b"Content-Encoding: nonce\0", &mut nonce)
            .expect("nonce");
        let mut plain = Aes128Gcm::new_from_slice(&cek)
            .expect("key")
            .decrypt(Nonce::from_slice(&nonce), &body[86..])
            .expect("authentic");
        assert_eq!(plain.pop(), Some(0x02), "the last record's delimiter");
        plain
    }

    #[test]
    fn only_the_subscription_reads_the_message_and_each_message_is_sealed_afresh() {
        let ua = SecretKey::random(&mut rand::rngs::OsRng);
        let p256dh = ua.public_key().to_encoded_point(false);
        let auth = [7u8; 16];
        let to = Receiver {
            p256dh: p256dh.as_bytes(),
            auth: &auth,
        };
        let a = encrypt(&to, b"Two days away: one lesson keeps your streak").expect("a");
        let b = encrypt(&to, b"Two days away: one lesson keeps your streak").expect("b");
        assert_ne!(a, b, "fresh salt and key per message");
        assert_eq!(
            open(&ua, &auth, &a),
            b"Two days away: one lesson keeps your streak"
        );
        // Another auth secret cannot open it.
        let wrong = std::panic::catch_unwind(|| open(&ua, &[8u8; 16], &a));
        assert!(wrong.is_err());
    }

    #[test]
    fn bad_keys_and_long_messages_are_refused() {
        let auth = [1u8; 16];
        let bad = Receiver {
            p256dh: &[4u8; 65],
            auth: &auth,
        };
        assert_eq!(encrypt(&bad, b"x"), Err(EncryptError::BadKey));
        let ua = SecretKey::random(&mut rand::rngs::OsRng);
        let p = ua.public_key().to_encoded_point(false);
        let short = Receiver {
            p256dh: p.as_bytes(),
            auth: &auth[..8],
        };
        assert_eq!(encrypt(&short, b"x"), Err(EncryptError::BadAuth));
        let ok = Receiver {
            p256dh: p.as_bytes(),
            auth: &auth,
        };
        assert_eq!(
            encrypt(&ok, &vec![b'a'; MAX_PAYLOAD + 1]),
            Err(EncryptError::TooLong(MAX_PAYLOAD + 1))
        );
    }
}
