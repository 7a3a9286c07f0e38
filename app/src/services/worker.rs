//! The worker: runs due jobs, each by its area, and the housekeeping whose
//! state is the data itself. The one place that knows every job kind.

use super::files::{self, FileStore};
use super::gateway::Gateway;
use super::jobs::{self, Clock};
use super::{digests, fees, leads, payments, rate_limits, subscriptions};
use crate::error::{AppError, AppResult};
use sqlx::PgPool;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

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
    let Some(job) = jobs::take(&mut tx, now).await? else {
        return Ok(None);
    };
    let result = match job.kind.as_str() {
        leads::HALF_PRICE_JOB => leads::award_half_price(&mut tx, job.subject_id, now).await,
        subscriptions::RENEWAL_JOB => {
            subscriptions::renew(pool, &mut tx, &ctx.gateway, job.subject_id, now).await
        }
        crate::domain::files::PURGE_JOB => files::purge_project(&mut tx, job.subject_id).await,
        crate::domain::fees::REMINDER_JOB => fees::remind(&mut tx, job.subject_id, now).await,
        other => Err(AppError::internal(format!("unknown job kind {other}"))),
    };
    match result {
        Ok(outcome) => {
            jobs::done(&mut tx, &job, now, &outcome).await?;
            tx.commit().await?;
            tracing::info!(job = job.id, kind = %job.kind, %outcome, "job done");
            Ok(Some(Ran::Done {
                id: job.id,
                outcome,
            }))
        }
        Err(e) => {
            tx.rollback().await?;
            let error = e.to_string();
            jobs::failed(pool, &job, now, &error).await?;
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
    let swept = files::sweep(pool, &ctx.files, now).await?;
    let pruned = rate_limits::prune(pool, now).await?;
    tracing::info!(swept, pruned, "housekeeping done");
    Ok(())
}

/// How often `tidy` runs (and once at start-up).
const TIDY_EVERY: Duration = Duration::hours(1);

/// A worker that runs due jobs every `every`, for the life of the server.
pub fn spawn(
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
            // Daily digests due (their state is the data: one row per person and day).
            match digests::run_due(&pool, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(digests = n, "daily digests queued"),
                Err(e) => tracing::warn!(error = %e, "job worker: could not queue digests"),
            }
            // Charges whose answer or transaction was lost (rows, like jobs).
            match payments::reconcile(&pool, &ctx.gateway, now).await {
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
