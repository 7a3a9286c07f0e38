//! Signed links that work without logging in (one-click unsubscribe): an
//! HMAC-SHA256 of what the link does, under a key made once by the
//! migrations and kept in the database (so every instance signs alike).

use crate::error::{AppError, AppResult};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::PgConnection;

type HmacSha256 = Hmac<Sha256>;

/// The unsubscribe key.
pub async fn unsubscribe_key(conn: &mut PgConnection) -> AppResult<Vec<u8>> {
    sqlx::query_scalar!("SELECT value FROM app_secrets WHERE name = 'unsubscribe'")
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| AppError::internal("the unsubscribe key is missing"))
}

fn mac(key: &[u8], user_id: i64, kind: &str) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("unsubscribe:{user_id}:{kind}").as_bytes());
    mac
}

/// The signature of "turn `kind` off for `user_id`", as hex.
pub fn sign(key: &[u8], user_id: i64, kind: &str) -> String {
    mac(key, user_id, kind)
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `signature` (hex) is the one for `user_id` and `kind`, compared
/// in constant time.
pub fn verify(key: &[u8], user_id: i64, kind: &str, signature: &str) -> bool {
    let Some(bytes) = from_hex(signature) else {
        return false;
    };
    mac(key, user_id, kind).verify_slice(&bytes).is_ok()
}

fn from_hex(raw: &str) -> Option<Vec<u8>> {
    if raw.len() != 64 || !raw.is_ascii() {
        return None;
    }
    (0..raw.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&raw[i..i + 2], 16).ok())
        .collect()
}

/// The one-click unsubscribe address for `user_id` and `kind`.
pub fn unsubscribe_url(site: &str, key: &[u8], user_id: i64, kind: &str) -> String {
    format!(
        "{site}/unsubscribe?u={user_id}&k={kind}&s={}",
        sign(key, user_id, kind)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_person_and_kind_only() {
        let key = [7u8; 32];
        let s = sign(&key, 12, "offer_read");
        assert_eq!(s.len(), 64);
        assert!(verify(&key, 12, "offer_read", &s));
        assert!(!verify(&key, 13, "offer_read", &s));
        assert!(!verify(&key, 12, "digest", &s));
        assert!(!verify(&[8u8; 32], 12, "offer_read", &s));
        assert!(!verify(&key, 12, "offer_read", "zz"));
        assert!(!verify(&key, 12, "offer_read", &format!("{}é", &s[..62])));
        assert_eq!(
            unsubscribe_url("http://x", &key, 12, "digest"),
            format!(
                "http://x/unsubscribe?u=12&k=digest&s={}",
                sign(&key, 12, "digest")
            )
        );
    }
}
