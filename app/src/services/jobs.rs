//! Durable jobs. A job is a row written in the transaction that makes it
//! due; a worker takes the oldest due one with `FOR UPDATE SKIP LOCKED`,
//! does its work and marks it done in that same transaction. So a job runs
//! once whatever the number of workers or server instances, survives
//! restarts (the row waits), and catches up after downtime (anything due is
//! taken at the next tick). Time comes from a `Clock`, so tests move it.
//!
//! The queue knows no kinds: each area names its own and schedules it here;
//! `services::worker` hands each kind to its area.

use crate::error::AppResult;
use sqlx::{PgPool, Postgres, Transaction};
use time::{Duration, OffsetDateTime};

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// Schedules `kind` for `subject_id` at `run_at`, in the caller's
/// transaction. The same job twice is one job.
pub async fn enqueue(
    tx: &mut Transaction<'_, Postgres>,
    kind: &str,
    subject_id: i64,
    run_at: OffsetDateTime,
) -> AppResult<()> {
    enqueue_on(tx, kind, subject_id, run_at).await
}

/// The same, on the caller's connection (inside its transaction).
pub async fn enqueue_on(
    conn: &mut sqlx::PgConnection,
    kind: &str,
    subject_id: i64,
    run_at: OffsetDateTime,
) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO jobs (kind, subject_id, run_at) VALUES ($1, $2, $3)
         ON CONFLICT (kind, subject_id, run_at) DO NOTHING",
        kind,
        subject_id,
        run_at
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A due job, taken under its row lock for the caller's transaction.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub subject_id: i64,
    attempts: i32,
}

/// Takes the oldest due job, if any, locking its row in `tx` so no other
/// worker takes it; skip-locked, so workers never wait on each other.
pub async fn take(
    tx: &mut Transaction<'_, Postgres>,
    now: OffsetDateTime,
) -> AppResult<Option<Job>> {
    let row = sqlx::query!(
        "SELECT id, kind, subject_id, attempts FROM jobs
          WHERE done_at IS NULL AND run_at <= $1
          ORDER BY run_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED",
        now
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| Job {
        id: r.id,
        kind: r.kind,
        subject_id: r.subject_id,
        attempts: r.attempts,
    }))
}

/// Marks `job` done in the transaction that did its work, so the work and
/// the mark commit together.
pub async fn done(
    tx: &mut Transaction<'_, Postgres>,
    job: &Job,
    now: OffsetDateTime,
    outcome: &str,
) -> AppResult<()> {
    sqlx::query!(
        "UPDATE jobs SET done_at = $2, outcome = $3, attempts = attempts + 1 WHERE id = $1",
        job.id,
        now,
        outcome
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records a failure (after the work's transaction rolled back) and
/// schedules the job again, backing off up to an hour.
pub async fn failed(pool: &PgPool, job: &Job, now: OffsetDateTime, error: &str) -> AppResult<()> {
    let delay = Duration::minutes(1i64 << job.attempts.clamp(0, 6));
    sqlx::query!(
        "UPDATE jobs SET attempts = attempts + 1, last_error = $2, run_at = $3
          WHERE id = $1 AND done_at IS NULL",
        job.id,
        error,
        now + delay
    )
    .execute(pool)
    .await?;
    Ok(())
}
