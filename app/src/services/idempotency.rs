//! Idempotency keys, written in the same transaction as the movement they
//! guard: a replay returns the first answer and moves nothing.

use crate::domain::msg::FormMsg;
use crate::error::{AppError, AppResult, Msg};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::{Postgres, Transaction};

pub enum Begin<T> {
    /// First time this key is seen: go ahead, then call `finish`.
    New,
    /// Already done: here is the first answer.
    Replay(T),
}

/// Claims `key` for `request` (a canonical description of it). A concurrent
/// request with the same key waits here until the first one commits.
pub async fn begin<T: DeserializeOwned>(
    tx: &mut Transaction<'_, Postgres>,
    user_id: i64,
    key: &str,
    request: &str,
) -> AppResult<Begin<T>> {
    let claimed = sqlx::query_scalar!(
        "INSERT INTO idempotency_keys (user_id, key, request) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING user_id",
        user_id,
        key,
        request
    )
    .fetch_optional(&mut **tx)
    .await?;
    if claimed.is_some() {
        return Ok(Begin::New);
    }
    let first = sqlx::query!(
        "SELECT request, response FROM idempotency_keys WHERE user_id = $1 AND key = $2",
        user_id,
        key
    )
    .fetch_one(&mut **tx)
    .await?;
    if first.request != request {
        return Err(AppError::Conflict(Msg::Form(FormMsg::KeyReused)));
    }
    let response = first
        .response
        .ok_or(AppError::Conflict(Msg::Form(FormMsg::StillProcessing)))?;
    serde_json::from_value(response)
        .map(Begin::Replay)
        .map_err(AppError::internal)
}

/// Stores the answer to give to any replay of `key`.
pub async fn finish<T: Serialize>(
    tx: &mut Transaction<'_, Postgres>,
    user_id: i64,
    key: &str,
    response: &T,
) -> AppResult<()> {
    let json = serde_json::to_value(response).map_err(AppError::internal)?;
    sqlx::query!(
        "UPDATE idempotency_keys SET response = $3 WHERE user_id = $1 AND key = $2",
        user_id,
        key,
        json
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
