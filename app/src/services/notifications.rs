//! In-app notifications: written in the transaction of the event they tell
//! about, so nobody is told of something that was rolled back.

use super::accounts::User;
use crate::error::{AppError, AppResult};
use crate::views::notifications::{NotificationList, NotificationView};
use sqlx::{PgConnection, PgPool};

/// How many notifications the list shows.
pub const LIST_SIZE: i64 = 50;

/// Tells `user_id` something, inside the caller's transaction.
pub async fn notify(
    conn: &mut PgConnection,
    user_id: i64,
    kind: &str,
    message: &str,
    link: Option<&str>,
) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, message, link) VALUES ($1, $2, $3, $4)",
        user_id,
        kind,
        message,
        link
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The newest notifications of the signed-in person, and how many are unread.
pub async fn list(pool: &PgPool, user: &User) -> AppResult<NotificationList> {
    let rows = sqlx::query!(
        "SELECT id, message, link, created_at, read_at FROM notifications
          WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
        user.id,
        LIST_SIZE
    )
    .fetch_all(pool)
    .await?;
    let format = time::format_description::well_known::Rfc3339;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(NotificationView {
                id: r.id,
                message: r.message,
                link: r.link,
                at: r.created_at.format(&format).map_err(AppError::internal)?,
                read: r.read_at.is_some(),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(NotificationList {
        items,
        unread: unread(pool, user).await?,
    })
}

pub async fn unread(pool: &PgPool, user: &User) -> AppResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM notifications WHERE user_id = $1 AND read_at IS NULL"#,
        user.id
    )
    .fetch_one(pool)
    .await?)
}

/// Marks every notification of the signed-in person up to `up_to` read
/// (the newest they have seen), so one arriving meanwhile stays unread.
pub async fn mark_read(pool: &PgPool, user: &User, up_to: i64) -> AppResult<i64> {
    sqlx::query!(
        "UPDATE notifications SET read_at = now()
          WHERE user_id = $1 AND id <= $2 AND read_at IS NULL",
        user.id,
        up_to
    )
    .execute(pool)
    .await?;
    unread(pool, user).await
}
