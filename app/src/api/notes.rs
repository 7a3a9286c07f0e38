//! Staff follow-up notes on a project.

use crate::error::AppError;
use crate::views::notes::NoteView;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "projects/notes", input = Json)]
pub async fn project_notes(project_id: i64) -> Result<Vec<NoteView>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::notes::notes(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "staff/notes/add", input = Json)]
pub async fn add_project_note(project_id: i64, body: String) -> Result<Vec<NoteView>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::notes::add_note(&pool, &user, project_id, &body).await
    })
    .await
}
