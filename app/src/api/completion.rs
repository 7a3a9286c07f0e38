//! Completion and ratings on a project.

use crate::error::AppError;
use crate::views::completion::CompletionView;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "projects/completion", input = Json)]
pub async fn project_completion(project_id: i64) -> Result<CompletionView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::completion::view(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "projects/complete", input = Json)]
pub async fn complete_project(project_id: i64) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::completion::complete(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "projects/rate", input = Json)]
pub async fn rate_party(project_id: i64, stars: i32, comment: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::completion::rate(&pool, &user, project_id, stars, &comment).await
    })
    .await
}
