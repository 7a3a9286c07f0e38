//! Attempt counters kept in PostgreSQL, so every server instance shares
//! them. A hit is counted in one statement that takes the counter's row
//! lock, before the work it guards: N parallel attempts count as N.

use crate::domain::rate_limit::Limit;
use crate::error::AppResult;
use sqlx::PgExecutor;
use time::OffsetDateTime;

/// Counts one attempt of `bucket` by `key` and says whether it is within
/// `limit` (`Err(minutes to wait)` otherwise).
pub async fn hit<'e>(
    db: impl PgExecutor<'e>,
    bucket: &str,
    key: &str,
    limit: Limit,
    now: OffsetDateTime,
) -> AppResult<Result<(), i64>> {
    let window_secs = limit.window.whole_seconds() as f64;
    let row = sqlx::query!(
        r#"INSERT INTO rate_limits (bucket, key, window_start, hits) VALUES ($1, $2, $3, 1)
           ON CONFLICT (bucket, key) DO UPDATE SET
             hits = CASE WHEN rate_limits.window_start <= $3 - make_interval(secs => $4)
                         THEN 1 ELSE rate_limits.hits + 1 END,
             window_start = CASE WHEN rate_limits.window_start <= $3 - make_interval(secs => $4)
                         THEN $3 ELSE rate_limits.window_start END
           RETURNING hits, window_start"#,
        bucket,
        key,
        now,
        window_secs
    )
    .fetch_one(db)
    .await?;
    Ok(limit.verdict(row.hits.max(0) as u32, row.window_start, now))
}

/// Gives back one attempt of `bucket` by `key` (a successful login, where
/// only failures are to be counted), never below zero.
pub async fn unhit<'e>(db: impl PgExecutor<'e>, bucket: &str, key: &str) -> AppResult<()> {
    sqlx::query!(
        // A count of one goes with its row (a count is never zero).
        "WITH gone AS (DELETE FROM rate_limits WHERE bucket = $1 AND key = $2 AND hits <= 1) \
         UPDATE rate_limits SET hits = hits - 1 WHERE bucket = $1 AND key = $2 AND hits > 1",
        bucket,
        key
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets the count of `bucket` for `key` (a successful login).
pub async fn clear<'e>(db: impl PgExecutor<'e>, bucket: &str, key: &str) -> AppResult<()> {
    sqlx::query!(
        "DELETE FROM rate_limits WHERE bucket = $1 AND key = $2",
        bucket,
        key
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Drops counters whose window ended long ago.
pub async fn prune<'e>(db: impl PgExecutor<'e>, now: OffsetDateTime) -> AppResult<u64> {
    let done = sqlx::query!(
        "DELETE FROM rate_limits WHERE window_start < $1::timestamptz - interval '1 day'",
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
