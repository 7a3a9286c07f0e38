//! The email outbox as staff see it: what waits, what went out, the emails
//! given up (with their last error), and sending one again.

use super::accounts::User;
use crate::error::{AppError, AppResult};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

/// How many given-up emails the staff page lists.
const DEAD_SHOWN: i64 = 100;

fn require_staff(user: &User) -> AppResult<()> {
    if user.role == crate::domain::account::Role::Staff {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            crate::domain::msg::FormMsg::ForStaff.into(),
        ))
    }
}

/// The outbox for staff: what waits, what went out in the last day, and
/// the emails given up, newest first, with their last error.
pub async fn staff_view(
    pool: &PgPool,
    user: &User,
    now: OffsetDateTime,
) -> AppResult<crate::views::outbox::OutboxView> {
    use crate::views::outbox::{DeadEmailView, OutboxView};
    require_staff(user)?;
    let counts = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE status = 'pending') AS "pending!",
                  min(created_at) FILTER (WHERE status = 'pending') AS oldest,
                  count(*) FILTER (WHERE status = 'sent' AND sent_at > $1) AS "sent!"
             FROM emails"#,
        now - Duration::days(1)
    )
    .fetch_one(pool)
    .await?;
    let format = time::format_description::well_known::Rfc3339;
    let dead = sqlx::query!(
        "SELECT id, to_address, kind, attempts, last_error, created_at FROM emails
          WHERE status = 'dead' ORDER BY id DESC LIMIT $1",
        DEAD_SHOWN
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| {
        Ok(DeadEmailView {
            id: r.id,
            to: r.to_address,
            kind: r.kind,
            attempts: r.attempts,
            last_error: r.last_error.unwrap_or_default(),
            queued_at: r.created_at.format(&format).map_err(AppError::internal)?,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    Ok(OutboxView {
        pending: counts.pending,
        oldest_pending_secs: counts.oldest.map(|t| (now - t).whole_seconds().max(0)),
        sent_last_day: counts.sent,
        dead,
    })
}

/// Staff send a given-up email again (after fixing what made it fail):
/// it is pending again, with its attempts counted from zero.
pub async fn retry(pool: &PgPool, user: &User, id: i64, now: OffsetDateTime) -> AppResult<()> {
    require_staff(user)?;
    let done = sqlx::query!(
        "UPDATE emails SET status = 'pending', attempts = 0, next_attempt_at = $2
          WHERE id = $1 AND status = 'dead'",
        id,
        now
    )
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound(
            crate::domain::msg::StaffMsg::NoGivenUpEmail { id }.into(),
        ));
    }
    tracing::info!(email = id, staff = user.id, "email sent again by staff");
    Ok(())
}
