//! The email outbox for staff: what waits, and the emails given up.

use super::form::JsonOrForm;
use crate::error::AppError;
use crate::views::outbox::OutboxView;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "staff/outbox", input = Json)]
pub async fn staff_outbox() -> Result<OutboxView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::email_desk::staff_view(&pool, &user, now).await
    })
    .await
}

/// Sends a given-up email again.
#[server(prefix = "/api", endpoint = "staff/outbox/retry", input = JsonOrForm)]
pub async fn retry_email(id: i64) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::email_desk::retry(&pool, &user, id, now).await?;
        super::form::then_go("/staff/emails?retried=1");
        Ok(())
    })
    .await
}

crate::json_or_form!(RetryEmail);
