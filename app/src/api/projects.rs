//! Projects: post, list, validate, reject, cancel, feed, view.

use super::form::JsonOrForm;
use crate::domain::feed::FeedForm;
use crate::domain::msg::ProjectMsg;
use crate::domain::project::{ProjectForm, ProjectStatus};
use crate::error::{AppError, Msg};
use crate::views::projects::{FeedPage, HiddenProject, ProjectView, QueuePage};
use leptos::prelude::*;
use server_fn::codec::Json;

/// Parses a project number as typed ("42" or "#42").
pub fn parse_project_id(raw: &str) -> Result<i64, AppError> {
    let trimmed = raw.trim().trim_start_matches('#');
    trimmed
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::field("id", Msg::Project(ProjectMsg::ProjectNumber)))
}

#[server(prefix = "/api", endpoint = "projects/post", input = JsonOrForm)]
pub async fn post_project(form: ProjectForm) -> Result<i64, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let today = time::OffsetDateTime::now_utc().date();
        let id = crate::services::projects::create(&pool, &user, &form, today).await?;
        super::form::then_go(format!("/my/projects?posted={id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "projects/mine", input = Json)]
pub async fn my_projects() -> Result<Vec<ProjectView>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::projects::list_for_client(&pool, &user).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "projects/cancel", input = Json)]
pub async fn cancel_project(id: i64) -> Result<ProjectStatus, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::projects::cancel(&pool, &user, id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "staff/queue", input = Json)]
pub async fn validation_queue(page: Option<i64>) -> Result<QueuePage, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::projects::validation_queue(&pool, &user, page.unwrap_or(1)).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "staff/validate", input = JsonOrForm)]
pub async fn validate_project(id: i64) -> Result<ProjectStatus, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let status = crate::services::projects::validate(&pool, &user, id).await?;
        super::form::then_go("/staff/queue?validated=1");
        Ok(status)
    })
    .await
}

#[server(prefix = "/api", endpoint = "staff/reject", input = JsonOrForm)]
pub async fn reject_project(id: i64, reason: String) -> Result<ProjectStatus, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let status = crate::services::projects::reject(&pool, &user, id, &reason).await?;
        super::form::then_go("/staff/queue?rejected=1");
        Ok(status)
    })
    .await
}

#[server(prefix = "/api", endpoint = "feed", input = Json)]
pub async fn feed(form: FeedForm, use_preferences: bool) -> Result<FeedPage, AppError> {
    super::context::reply(async move {
        use crate::domain::feed::FeedQuery;
        let (pool, user) = super::context::signed_in().await?;
        let query = FeedQuery::parse(&form)?;
        crate::services::projects::feed(&pool, &user, query, use_preferences).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "projects/view", input = Json)]
pub async fn project(id: String) -> Result<ProjectView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let id = parse_project_id(&id)?;
        crate::services::projects::view(&pool, &user, id).await
    })
    .await
}

crate::json_or_form!(
    PostProject { form: ProjectForm },
    ValidateProject,
    RejectProject,
    HideProject,
    UnhideProject
);

/// Hides a project from the provider's feed (and digest).
#[server(prefix = "/api", endpoint = "projects/hide", input = JsonOrForm)]
pub async fn hide_project(project_id: i64) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::hidden::hide(&pool, &user, project_id, now).await?;
        super::form::then_go(format!("/feed?hidden={project_id}"));
        Ok(())
    })
    .await
}

/// Shows a hidden project in the feed again; `from` "feed" comes back to
/// the feed, anything else to the hidden list.
#[server(prefix = "/api", endpoint = "projects/unhide", input = JsonOrForm)]
pub async fn unhide_project(project_id: i64, from: Option<String>) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::hidden::unhide(&pool, &user, project_id).await?;
        super::form::then_go(if from.as_deref() == Some("feed") {
            format!("/feed?shown={project_id}")
        } else {
            format!("/feed/hidden?shown={project_id}")
        });
        Ok(())
    })
    .await
}

/// The provider's hidden projects.
#[server(prefix = "/api", endpoint = "projects/hidden", input = Json)]
pub async fn hidden_projects() -> Result<Vec<HiddenProject>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::hidden::list(&pool, &user).await
    })
    .await
}
