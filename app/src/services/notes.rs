//! Staff follow-up notes on a project: written by staff, read by staff and by providers whose plan includes them.

use super::accounts::User;
use crate::domain::account::Role;
use crate::domain::fields::bounded;
use crate::domain::msg::{FormMsg, ProjectMsg};
use crate::error::{AppError, AppResult, Msg};
use crate::views::notes::NoteView;
use sqlx::PgPool;

/// Staff's follow-up notes on a project: staff always, providers whose plan
/// includes them on projects open to them.
pub async fn notes(pool: &PgPool, user: &User, project_id: i64) -> AppResult<Vec<NoteView>> {
    let mut conn = pool.acquire().await?;
    match user.role {
        Role::Staff => {}
        Role::Provider => {
            super::projects::view(pool, user, project_id).await?;
            if !super::subscriptions::sees_staff_notes(&mut conn, user.id).await? {
                return Err(AppError::Forbidden(Msg::Project(
                    ProjectMsg::NotesPrivilege,
                )));
            }
        }
        Role::Client => {
            return Err(AppError::Forbidden(Msg::Project(
                ProjectMsg::NotesStaffOnly,
            )))
        }
    }
    let rows = sqlx::query!(
        "SELECT n.id, u.display_name, n.body, n.created_at
           FROM project_notes n JOIN users u ON u.id = n.staff_id
          WHERE n.project_id = $1 ORDER BY n.id DESC",
        project_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let f = time::format_description::well_known::Rfc3339;
    rows.into_iter()
        .map(|r| {
            Ok(NoteView {
                id: r.id,
                staff_name: r.display_name,
                body: r.body,
                at: r.created_at.format(&f).map_err(AppError::internal)?,
            })
        })
        .collect()
}

/// Staff write a follow-up note; it counts as the project's latest follow-up.
pub async fn add_note(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    body: &str,
) -> AppResult<Vec<NoteView>> {
    if user.role != Role::Staff {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)));
    }
    let body = bounded(body, 3, 2000).map_err(|m| AppError::field("body", m))?;
    let inserted = sqlx::query!(
        "INSERT INTO project_notes (project_id, staff_id, body)
         SELECT id, $2, $3 FROM projects WHERE id = $1 RETURNING id",
        project_id,
        user.id,
        body
    )
    .fetch_optional(pool)
    .await?;
    if inserted.is_none() {
        return Err(AppError::NotFound(Msg::Project(
            ProjectMsg::NoSuchProject { id: project_id },
        )));
    }
    notes(pool, user, project_id).await
}
