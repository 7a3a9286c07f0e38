//! Single-use links (verification, password reset): a random token goes
//! into the email, only its SHA-256 is stored, and using it marks it used
//! in the transaction that acts on it.

use crate::domain::msg::AccountMsg;
use crate::error::{AppError, AppResult, Msg};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use time::{Duration, OffsetDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Verify,
    Reset,
    /// Staff created the account: the client chooses a password.
    Invite,
    /// Moves the account to a new address, proved by this link.
    Email,
}

impl Purpose {
    fn slug(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::Reset => "reset",
            Purpose::Invite => "invite",
            Purpose::Email => "email",
        }
    }
}

/// A new token: 32 random bytes, as 64 hex digits.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

/// Issues a token for `user_id`, valid for `ttl`, in the caller's
/// transaction; returns the token to put in the link.
pub async fn issue(
    conn: &mut PgConnection,
    user_id: i64,
    purpose: Purpose,
    now: OffsetDateTime,
    ttl: Duration,
) -> AppResult<String> {
    let token = random_token();
    sqlx::query!(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
        user_id,
        purpose.slug(),
        digest(&token),
        now,
        now + ttl
    )
    .execute(conn)
    .await?;
    Ok(token)
}

/// Issues a link moving `user_id`'s account to `new_email`, in the
/// caller's transaction; returns the token to put in the link.
pub async fn issue_for_address(
    conn: &mut PgConnection,
    user_id: i64,
    new_email: &str,
    now: OffsetDateTime,
    ttl: Duration,
) -> AppResult<String> {
    let token = random_token();
    sqlx::query!(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, created_at, expires_at, new_email)
         VALUES ($1, 'email', $2, $3, $4, $5)",
        user_id,
        digest(&token),
        now,
        now + ttl,
        new_email
    )
    .execute(conn)
    .await?;
    Ok(token)
}

/// Uses a link moving an account to a new address: returns the account
/// and the address.
pub async fn consume_for_address(
    conn: &mut PgConnection,
    token: &str,
    now: OffsetDateTime,
) -> AppResult<(i64, String)> {
    let found = sqlx::query!(
        r#"UPDATE account_tokens SET used_at = $2
            WHERE token_hash = $1 AND purpose = 'email' AND used_at IS NULL AND expires_at > $2
            RETURNING user_id, new_email AS "new_email!""#,
        digest(token),
        now
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::Forbidden(SPENT))?;
    Ok((found.user_id, found.new_email))
}

/// What a link that cannot be used says.
pub const SPENT: Msg = Msg::Account(AccountMsg::LinkSpent);

/// Uses a token: marks it used and returns its user, or refuses one that is
/// unknown, used or expired (all alike, so a guess learns nothing).
pub async fn consume(
    conn: &mut PgConnection,
    purpose: Purpose,
    token: &str,
    now: OffsetDateTime,
) -> AppResult<i64> {
    sqlx::query_scalar!(
        "UPDATE account_tokens SET used_at = $3
          WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
          RETURNING user_id",
        digest(token),
        purpose.slug(),
        now
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::Forbidden(SPENT))
}

/// Uses a token of either purpose (a reset link or an invitation: both
/// choose a password); returns its user and which it was.
pub async fn consume_either(
    conn: &mut PgConnection,
    purposes: [Purpose; 2],
    token: &str,
    now: OffsetDateTime,
) -> AppResult<(i64, Purpose)> {
    let slugs = purposes.map(Purpose::slug);
    let found = sqlx::query!(
        "UPDATE account_tokens SET used_at = $3
          WHERE token_hash = $1 AND purpose = ANY($2) AND used_at IS NULL AND expires_at > $3
          RETURNING user_id, purpose",
        digest(token),
        &slugs[..] as &[&str],
        now
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::Forbidden(SPENT))?;
    let purpose = purposes
        .into_iter()
        .find(|p| p.slug() == found.purpose)
        .ok_or_else(|| AppError::internal("a token of another purpose"))?;
    Ok((found.user_id, purpose))
}

/// Voids every unused token of `purpose` for `user_id` (a newer link, or a
/// reset that succeeded, makes the older ones worthless).
pub async fn void_all(
    conn: &mut PgConnection,
    user_id: i64,
    purpose: Purpose,
    now: OffsetDateTime,
) -> AppResult<()> {
    sqlx::query!(
        "UPDATE account_tokens SET used_at = $3
          WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        user_id,
        purpose.slug(),
        now
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_as_digests() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(digest(&a).len(), 32);
        assert_eq!(digest(&a), digest(&format!(" {a}\n")));
    }
}
