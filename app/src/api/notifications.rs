//! In-app notifications: the bell and its list.

use crate::error::AppError;
use crate::views::notifications::NotificationList;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "notifications/list", input = Json)]
pub async fn my_notifications() -> Result<NotificationList, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::notifications::list(&pool, &user).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "notifications/unread", input = Json)]
pub async fn unread_notifications() -> Result<i64, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::notifications::unread(&pool, &user).await
    })
    .await
}

/// Marks everything up to `up_to` (the newest shown) read; returns the unread count left.
#[server(prefix = "/api", endpoint = "notifications/read", input = Json)]
pub async fn mark_notifications_read(up_to: i64) -> Result<i64, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::notifications::mark_read(&pool, &user, up_to).await
    })
    .await
}
