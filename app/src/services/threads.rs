//! A project's Q&A thread: its client and the providers who spent an offer
//! credit on it; consultation also lets a provider read it.

use super::accounts::User;
use super::notifications::notify;
use crate::domain::account::Role;
use crate::domain::fields::bounded;
use crate::domain::msg::{NoticeMsg, ProjectMsg};
use crate::domain::project::ProjectStatus;
use crate::domain::rate_limit::Limits;
use crate::error::{AppError, AppResult, Msg};
use crate::views::threads::{MessageView, ThreadView};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

struct Access {
    read: bool,
    write: bool,
    client_id: i64,
    title: String,
}

async fn thread_access(conn: &mut PgConnection, user: &User, project_id: i64) -> AppResult<Access> {
    let project = super::projects::seen(conn, user, project_id).await?;
    let open = project.status == ProjectStatus::Published;
    let (read, write) = match user.role {
        Role::Staff => (true, false),
        Role::Client => {
            let mine = project.client_id == user.id;
            (mine, mine && open)
        }
        Role::Provider => {
            let kinds = sqlx::query_scalar!(
                "SELECT kind FROM unlocks WHERE provider_id = $1 AND project_id = $2",
                user.id,
                project_id
            )
            .fetch_all(&mut *conn)
            .await?;
            let offer = kinds.iter().any(|k| k == "offer");
            let consultation = kinds.iter().any(|k| k == "consultation");
            (open && (offer || consultation), open && offer)
        }
    };
    Ok(Access {
        read,
        write,
        client_id: project.client_id,
        title: project.title,
    })
}

/// The thread, if the viewer may read it.
pub async fn thread(pool: &PgPool, user: &User, project_id: i64) -> AppResult<ThreadView> {
    let mut conn = pool.acquire().await?;
    let access = thread_access(&mut conn, user, project_id).await?;
    if !access.read {
        return Err(AppError::Forbidden(Msg::Project(ProjectMsg::ThreadClosed)));
    }
    let rows = sqlx::query!(
        "SELECT m.id, m.author_id, u.display_name, m.body, m.created_at
           FROM project_messages m JOIN users u ON u.id = m.author_id
          WHERE m.project_id = $1 ORDER BY m.id",
        project_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let f = time::format_description::well_known::Rfc3339;
    let messages = rows
        .into_iter()
        .map(|r| {
            Ok(MessageView {
                id: r.id,
                author_name: r.display_name,
                from_client: r.author_id == access.client_id,
                is_mine: r.author_id == user.id,
                body: r.body,
                at: r.created_at.format(&f).map_err(AppError::internal)?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(ThreadView {
        messages,
        can_write: access.write,
    })
}

/// Adds a question (provider) or an answer (client) to the thread; the
/// other side is notified.
///
/// Each person writes at most `limits.messages_per_project` messages per
/// window on one project (each one notifies someone).
pub async fn write(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    body: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<ThreadView> {
    let body = bounded(body, 2, 2000).map_err(|m| AppError::field("body", m))?;
    let mut tx = pool.begin().await?;
    let access = thread_access(&mut tx, user, project_id).await?;
    if !access.write {
        return Err(AppError::Forbidden(if user.role == Role::Provider {
            Msg::Project(ProjectMsg::ThreadNeedsOffer)
        } else {
            Msg::Project(ProjectMsg::ThreadReadOnly)
        }));
    }
    let key = format!("{}:{project_id}", user.id);
    if let Err(minutes) =
        super::rate_limits::hit(&mut *tx, "thread", &key, limits.messages_per_project, now).await?
    {
        return Err(AppError::TooManyAttempts(Msg::Project(
            ProjectMsg::TooManyThreadMessages { minutes },
        )));
    }
    sqlx::query!(
        "INSERT INTO project_messages (project_id, author_id, body) VALUES ($1, $2, $3)",
        project_id,
        user.id,
        body
    )
    .execute(&mut *tx)
    .await?;
    let link = format!("/projects/{project_id}");
    if user.id == access.client_id {
        // The client answered: every provider who wrote in the thread is told.
        let providers = sqlx::query_scalar!(
            "SELECT DISTINCT author_id FROM project_messages WHERE project_id = $1 AND author_id <> $2",
            project_id,
            user.id
        )
        .fetch_all(&mut *tx)
        .await?;
        let message = Msg::Notice(NoticeMsg::ThreadAnswer {
            title: access.title.clone(),
        });
        for p in providers {
            notify(&mut tx, p, "thread_answer", &message, Some(&link)).await?;
        }
    } else {
        let message = Msg::Notice(NoticeMsg::ThreadQuestion {
            name: user.display_name.clone(),
            title: access.title.clone(),
        });
        notify(
            &mut tx,
            access.client_id,
            "thread_question",
            &message,
            Some(&link),
        )
        .await?;
    }
    tx.commit().await?;
    thread(pool, user, project_id).await
}
