//! "Hide from my feed": a provider sets aside projects they are not
//! interested in. Hidden projects leave their feed, their dashboard's
//! matches and their daily digest; the hidden list undoes it.

use super::accounts::User;
use crate::domain::account::Role;
use crate::domain::msg::FormMsg;
use crate::error::{AppError, AppResult, Msg};
use crate::views::projects::HiddenProject;
use sqlx::PgPool;
use time::OffsetDateTime;

fn require_provider(user: &User) -> AppResult<()> {
    if user.role == Role::Provider {
        Ok(())
    } else {
        Err(AppError::Forbidden(Msg::Form(FormMsg::ForProviders)))
    }
}

/// Hides `project_id` from the provider's feed; hiding twice changes nothing.
pub async fn hide(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    now: OffsetDateTime,
) -> AppResult<()> {
    require_provider(user)?;
    // Only a project the provider may see can be hidden.
    let mut tx = pool.begin().await?;
    super::projects::seen(&mut tx, user, project_id).await?;
    sqlx::query!(
        "INSERT INTO hidden_projects (provider_id, project_id, hidden_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        user.id,
        project_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    // Nor does it wait in the next digest.
    sqlx::query!(
        "UPDATE notifications SET digest_pending = false
          WHERE user_id = $1 AND digest_pending AND link = '/projects/' || $2::BIGINT",
        user.id,
        project_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Shows `project_id` in the feed again; a project not hidden is left alone.
pub async fn unhide(pool: &PgPool, user: &User, project_id: i64) -> AppResult<()> {
    require_provider(user)?;
    sqlx::query!(
        "DELETE FROM hidden_projects WHERE provider_id = $1 AND project_id = $2",
        user.id,
        project_id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The provider's hidden projects, most recently hidden first.
pub async fn list(pool: &PgPool, user: &User) -> AppResult<Vec<HiddenProject>> {
    require_provider(user)?;
    Ok(sqlx::query!(
        "SELECT h.project_id, p.title, p.status, h.hidden_at
           FROM hidden_projects h JOIN projects p ON p.id = h.project_id
          WHERE h.provider_id = $1 ORDER BY h.hidden_at DESC, h.project_id DESC",
        user.id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|h| HiddenProject {
        project_id: h.project_id,
        title: h.title,
        open: h.status == "published",
        hidden_at: h.hidden_at,
    })
    .collect())
}
