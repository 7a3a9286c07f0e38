//! A project's files (uploads and downloads are plain routes of the server).

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "projects/files", input = Json)]
pub async fn project_files(project_id: i64) -> Result<crate::views::files::ProjectFiles, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::files::list(&pool, &user, project_id).await
    })
    .await
}
