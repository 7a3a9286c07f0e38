//! The daily digest: once a day, at the hour each person chose (Paris
//! time), one email listing what waited for it (new matching projects by
//! default), with links. A digest is a row per person and day, written in
//! the transaction that queues its email and takes its lines, so there are
//! never two for one day whatever the number of instances; nothing waiting,
//! no row and no email. After downtime the next digest lists everything
//! that waited: one merged digest rather than one per missed day (the same
//! lines either way, and one email reads better than three at once).

use super::outbox;
use crate::domain::mail::{DigestItem, MailBody};
use crate::domain::msg;
use crate::domain::notices;
use crate::error::{AppError, AppResult};
use sqlx::PgPool;
use time::OffsetDateTime;

/// Queues every digest due at `now`; returns how many.
pub async fn run_due(pool: &PgPool, now: OffsetDateTime) -> AppResult<usize> {
    let waiting = sqlx::query!(
        r#"SELECT DISTINCT n.user_id, u.digest_hour AS "hour!"
             FROM notifications n JOIN users u ON u.id = n.user_id
            WHERE n.digest_pending AND u.digest_hour IS NOT NULL"#
    )
    .fetch_all(pool)
    .await?;
    let mut queued = 0;
    for person in waiting {
        let hour = person.hour.clamp(0, 23) as u8;
        let day = notices::digest_day(now, hour);
        let due = notices::digest_due(day, hour);
        if send(pool, person.user_id, day, due, now).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues `user_id`'s digest for `day` with what waited before `due`,
/// unless that day's digest exists or nothing waited.
async fn send(
    pool: &PgPool,
    user_id: i64,
    day: time::Date,
    due: OffsetDateTime,
    now: OffsetDateTime,
) -> AppResult<bool> {
    let mut tx = pool.begin().await?;
    let claimed = sqlx::query_scalar!(
        "INSERT INTO digests (user_id, day, items) VALUES ($1, $2, 0)
         ON CONFLICT DO NOTHING RETURNING day",
        user_id,
        day
    )
    .fetch_optional(&mut *tx)
    .await?;
    if claimed.is_none() {
        return Ok(false);
    }
    let lines = sqlx::query!(
        r#"UPDATE notifications SET digest_pending = false
          WHERE id IN (SELECT id FROM notifications
                        WHERE user_id = $1 AND digest_pending AND created_at < $2
                        ORDER BY id FOR UPDATE)
          RETURNING id, COALESCE(what, to_jsonb(message)) AS "said!", link"#,
        user_id,
        due
    )
    .fetch_all(&mut *tx)
    .await?;
    if lines.is_empty() {
        // Nothing before the hour: no digest that day; what came after waits.
        tx.rollback().await?;
        return Ok(false);
    }
    let mut lines = lines;
    lines.sort_by_key(|l| l.id);
    // An unconfirmed address gets no digest; its lines stay in the bell.
    let person = sqlx::query!(
        "SELECT email, display_name, email_verified_at IS NOT NULL AS \"verified!\"
           FROM users WHERE id = $1",
        user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let count = lines.len() as i32;
    let email_id = if person.verified {
        let body = MailBody::Digest {
            name: person.display_name,
            items: lines
                .into_iter()
                .map(|l| {
                    Ok(DigestItem {
                        message: msg::text_or_kind(l.said).map_err(AppError::internal)?,
                        link: l.link,
                    })
                })
                .collect::<AppResult<_>>()?,
        };
        Some(outbox::enqueue(&mut tx, Some(user_id), &person.email, &body, now).await?)
    } else {
        None
    };
    sqlx::query!(
        "UPDATE digests SET items = $3, email_id = $4 WHERE user_id = $1 AND day = $2",
        user_id,
        day,
        count,
        email_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(email_id.is_some())
}
