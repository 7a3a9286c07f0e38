//! Notifications: the bell and its list, and what comes by email.

use super::form::JsonOrForm;
use crate::error::AppError;
use crate::views::notifications::{NotificationList, NotificationSettings};
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

/// The signed-in person's email choices.
#[server(prefix = "/api", endpoint = "notifications/settings", input = Json)]
pub async fn my_notification_settings() -> Result<NotificationSettings, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::notifications::settings(&pool, &user).await
    })
    .await
}

/// Saves them: `choices` as `kind:channel`, and the digest's hour.
#[server(prefix = "/api", endpoint = "notifications/save-settings", input = JsonOrForm)]
pub async fn save_notification_settings(
    #[server(default)] choices: Vec<String>,
    digest_hour: String,
) -> Result<NotificationSettings, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let saved =
            crate::services::notifications::save_settings(&pool, &user, &choices, &digest_hour)
                .await?;
        super::form::then_go("/settings/notifications?saved=1");
        Ok(saved)
    })
    .await
}

crate::json_or_form!(SaveNotificationSettings);
