//! Durable jobs. A job is a row written in the transaction that makes it
//! due; a worker takes the oldest due one with `FOR UPDATE SKIP LOCKED`,
//! does its work and marks it done in that same transaction. So a job runs
//! once whatever the number of workers or server instances, survives
//! restarts (the row waits), and catches up after downtime (anything due is
//! taken at the next tick). Time comes from a `Clock`, so tests move it.

use super::files::FileStore;
use super::gateway::Gateway;
use crate::error::{AppError, AppResult};
use sqlx::{PgPool, Postgres, Transaction};
use std::sync::Arc;
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
    sqlx::query!(
        "INSERT INTO jobs (kind, subject_id, run_at) VALUES ($1, $2, $3)
         ON CONFLICT (kind, subject_id, run_at) DO NOTHING",
        kind,
        subject_id,
        run_at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What one run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ran {
    Done {
        id: i64,
        outcome: String,
    },
    /// It failed and will be tried again later.
    Failed {
        id: i64,
        error: String,
    },
}

/// What jobs work with besides the database.
#[derive(Clone)]
pub struct JobContext {
    pub gateway: Gateway,
    pub files: FileStore,
}

/// Takes and runs the oldest due job, if any.
pub async fn run_one(
    pool: &PgPool,
    ctx: &JobContext,
    now: OffsetDateTime,
) -> AppResult<Option<Ran>> {
    let mut tx = pool.begin().await?;
    let Some(job) = sqlx::query!(
        "SELECT id, kind, subject_id, attempts FROM jobs
          WHERE done_at IS NULL AND run_at <= $1
          ORDER BY run_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED",
        now
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let result = match job.kind.as_str() {
        super::leads::HALF_PRICE_JOB => {
            super::leads::award_half_price(&mut tx, job.subject_id, now).await
        }
        super::subscriptions::RENEWAL_JOB => {
            super::subscriptions::renew(pool, &mut tx, &ctx.gateway, job.subject_id, now).await
        }
        super::files::PURGE_JOB => super::files::purge_project(&mut tx, job.subject_id).await,
        other => Err(AppError::internal(format!("unknown job kind {other}"))),
    };
    match result {
        Ok(outcome) => {
            sqlx::query!(
                "UPDATE jobs SET done_at = $2, outcome = $3, attempts = attempts + 1 WHERE id = $1",
                job.id,
                now,
                outcome
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::info!(job = job.id, kind = %job.kind, %outcome, "job done");
            Ok(Some(Ran::Done {
                id: job.id,
                outcome,
            }))
        }
        Err(e) => {
            tx.rollback().await?;
            // Tried again later, backing off up to an hour.
            let delay = Duration::minutes(1i64 << job.attempts.clamp(0, 6));
            let error = e.to_string();
            sqlx::query!(
                "UPDATE jobs SET attempts = attempts + 1, last_error = $2, run_at = $3
                  WHERE id = $1 AND done_at IS NULL",
                job.id,
                error,
                now + delay
            )
            .execute(pool)
            .await?;
            tracing::warn!(job = job.id, kind = %job.kind, %error, "job failed; will retry");
            Ok(Some(Ran::Failed { id: job.id, error }))
        }
    }
}

/// Runs every job due at `now`; returns what ran.
pub async fn run_due(pool: &PgPool, ctx: &JobContext, now: OffsetDateTime) -> AppResult<Vec<Ran>> {
    let mut ran = vec![];
    while let Some(r) = run_one(pool, ctx, now).await? {
        ran.push(r);
    }
    Ok(ran)
}

/// Housekeeping whose state is the data itself, so it needs no job row:
/// stored bytes nothing references, and attempt counters long expired.
pub async fn tidy(pool: &PgPool, ctx: &JobContext, now: OffsetDateTime) -> AppResult<()> {
    let swept = super::files::sweep(pool, &ctx.files, now).await?;
    let pruned = super::rate_limits::prune(pool, now).await?;
    tracing::info!(swept, pruned, "housekeeping done");
    Ok(())
}

/// How often `tidy` runs (and once at start-up).
const TIDY_EVERY: Duration = Duration::hours(1);

/// A worker that runs due jobs every `every`, for the life of the server.
pub fn spawn_worker(
    pool: PgPool,
    ctx: JobContext,
    clock: Arc<dyn Clock>,
    every: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut tidied: Option<OffsetDateTime> = None;
        loop {
            tick.tick().await;
            let now = clock.now();
            if let Err(e) = run_due(&pool, &ctx, now).await {
                tracing::warn!(error = %e, "job worker: could not run due jobs");
            }
            // Charges whose answer or transaction was lost (rows, like jobs).
            match super::payments::reconcile(&pool, &ctx.gateway, now).await {
                Ok(settled) if !settled.is_empty() => {
                    tracing::warn!(?settled, "payment attempts reconciled")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "job worker: could not reconcile payments"),
            }
            if tidied.is_none_or(|t| now - t >= TIDY_EVERY) {
                tidied = Some(now);
                if let Err(e) = tidy(&pool, &ctx, now).await {
                    tracing::warn!(error = %e, "job worker: housekeeping failed");
                }
            }
        }
    })
}
