//! A project's questions-and-answers thread.

use crate::error::AppError;
use crate::views::threads::ThreadView;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "projects/thread", input = Json)]
pub async fn project_thread(project_id: i64) -> Result<ThreadView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::threads::thread(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "projects/thread/write", input = Json)]
pub async fn write_in_thread(project_id: i64, body: String) -> Result<ThreadView, AppError> {
    super::context::reply(async move {
        let limits = super::context::limits();
        let (pool, user) = super::context::signed_in().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::threads::write(&pool, &user, project_id, &body, &limits, now).await
    })
    .await
}
