//! The signed-in person's dashboard.

use crate::error::AppError;
use crate::views::dashboard::Dashboard;
use leptos::prelude::*;
use server_fn::codec::Json;

/// The dashboard of whoever asks, by their role.
#[server(prefix = "/api", endpoint = "dashboard", input = Json)]
pub async fn my_dashboard() -> Result<Dashboard, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::dashboard::load(&pool, &user, now).await
    })
    .await
}
