//! The browsers a person is signed in on: one row of `user_sessions` each,
//! named in the session cookie's data by a random id of ours. A session is
//! signed in while its row is there, not ended, and of the account's
//! current epoch (a reset or "sign out everywhere" moves the epoch on).

use super::accounts::{self, User};
use crate::domain::device;
use crate::domain::msg::AccountMsg;
use crate::error::{AppError, AppResult, Msg};
use crate::views::account::SessionView;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// What a session's data says of who signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claims {
    pub user_id: i64,
    pub epoch: i32,
    /// Missing for a session opened before sessions had rows.
    pub sid: Option<Uuid>,
}

/// Where a browser signs in from, as its request says.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub user_agent: String,
    pub address: String,
}

/// Opens the row of a new session of `user`; returns its id.
pub async fn open(
    pool: &PgPool,
    user: &User,
    origin: &Origin,
    now: OffsetDateTime,
) -> AppResult<Uuid> {
    let id = Uuid::new_v4();
    let agent: String = origin.user_agent.chars().take(300).collect();
    let address: String = origin.address.chars().take(64).collect();
    sqlx::query!(
        "INSERT INTO user_sessions (id, user_id, epoch, created_at, last_seen_at, user_agent, address)
         VALUES ($1, $2, $3, $4, $4, $5, $6)",
        id,
        user.id,
        user.session_epoch,
        now,
        agent,
        address
    )
    .execute(pool)
    .await?;
    Ok(id)
}

/// The account a session is still signed in to, if it is; marks the
/// session (and the account) seen, at most once a minute. A session
/// without a row (`sid` none) is valid on its epoch alone: the caller
/// gives it a row.
pub async fn signed_in(pool: &PgPool, claims: Claims) -> AppResult<Option<User>> {
    // A suspended account's sessions act as nobody.
    let Some(user) = accounts::find_active(pool, claims.user_id).await? else {
        return Ok(None);
    };
    if user.session_epoch != claims.epoch {
        return Ok(None);
    }
    if let Some(sid) = claims.sid {
        // One round trip: is the row open, and mark it seen (written at
        // most once a minute: a page load asks several times).
        let open = sqlx::query_scalar!(
            r#"WITH s AS (
                 SELECT id, last_seen_at FROM user_sessions
                  WHERE id = $1 AND user_id = $2 AND epoch = $3 AND ended_at IS NULL),
               seen AS (
                 UPDATE user_sessions u SET last_seen_at = now() FROM s
                  WHERE u.id = s.id AND s.last_seen_at < now() - interval '1 minute')
               SELECT EXISTS (SELECT 1 FROM s) AS "open!""#,
            sid,
            user.id,
            claims.epoch
        )
        .fetch_one(pool)
        .await?;
        if !open {
            return Ok(None);
        }
    }
    accounts::touch(pool, user.id).await?;
    Ok(Some(user))
}

/// Ends one session (logging out, or its owner signing it out).
pub async fn end(pool: &PgPool, sid: Uuid, now: OffsetDateTime) -> AppResult<()> {
    sqlx::query!(
        "UPDATE user_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL",
        sid,
        now
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Signs out one of the caller's own sessions, named by its id on the
/// sessions page. Someone else's id, or a made-up one, is not found.
pub async fn sign_out_one(
    pool: &PgPool,
    user: &User,
    id: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    let not_found = || AppError::NotFound(Msg::Account(AccountMsg::NoSuchSession));
    let sid = Uuid::parse_str(id.trim()).map_err(|_| not_found())?;
    let done = sqlx::query!(
        "UPDATE user_sessions SET ended_at = $3
          WHERE id = $1 AND user_id = $2 AND ended_at IS NULL",
        sid,
        user.id,
        now
    )
    .execute(pool)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(not_found())
    }
}

/// How long a session lasts without being used (the cookie's expiry).
pub const IDLE_DAYS: i64 = 7;

/// The caller's sessions that are still signed in, the most recently used
/// first, the caller's own (`current`) marked.
pub async fn list(
    pool: &PgPool,
    user: &User,
    current: Option<Uuid>,
    now: OffsetDateTime,
) -> AppResult<Vec<SessionView>> {
    let since = now - time::Duration::days(IDLE_DAYS);
    let rows = sqlx::query!(
        "SELECT s.id, s.created_at, s.last_seen_at, s.user_agent, s.address
           FROM user_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.user_id = $1 AND s.ended_at IS NULL AND s.epoch = u.session_epoch
            AND s.last_seen_at > $2
          ORDER BY s.last_seen_at DESC, s.created_at DESC
          LIMIT 100",
        user.id,
        since
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SessionView {
            id: r.id.to_string(),
            current: Some(r.id) == current,
            device: device::describe(&r.user_agent),
            address: r.address,
            signed_in_at: r.created_at,
            last_seen_at: r.last_seen_at,
        })
        .collect())
}

/// Keeps session `sid` signed in after its account's epoch moved on (the
/// person changed their password from it).
pub async fn carry_over(pool: &PgPool, sid: Uuid, user: &User) -> AppResult<()> {
    sqlx::query!(
        "UPDATE user_sessions SET epoch = $3 WHERE id = $1 AND user_id = $2 AND ended_at IS NULL",
        sid,
        user.id,
        user.session_epoch
    )
    .execute(pool)
    .await?;
    Ok(())
}
