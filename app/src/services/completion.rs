//! After the work: the client marks the project completed (for zero risk,
//! once the escrow is settled), then each party rates the other once.
//! Ratings show on profiles (`services::profiles`).

use super::accounts::User;
use super::escrow::settled_or_absent;
use super::notifications::notify;
use crate::domain::escrow::parse_rating;
use crate::domain::money::Cents;
use crate::domain::msg::{NoticeMsg, ProjectMsg};
use crate::domain::project::{ProjectAction, ProjectStatus};
use crate::error::{AppError, AppResult, Msg};
use crate::views::completion::{CompletionView, RatingView};
use sqlx::{PgConnection, PgPool};

struct Parties {
    client_id: i64,
    provider_id: i64,
    client_name: String,
    provider_name: String,
    status: String,
}

/// The confirmed agreement's two parties; others learn nothing.
async fn parties(conn: &mut PgConnection, user: &User, project_id: i64) -> AppResult<Parties> {
    let p = sqlx::query_as!(
        Parties,
        r#"SELECT a.client_id, a.provider_id, c.display_name AS client_name,
                  v.display_name AS provider_name, p.status
             FROM agreements a JOIN projects p ON p.id = a.project_id
             JOIN users c ON c.id = a.client_id JOIN users v ON v.id = a.provider_id
            WHERE a.project_id = $1 AND a.status = 'confirmed'"#,
        project_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    match p {
        Some(p) if user.id == p.client_id || user.id == p.provider_id => Ok(p),
        _ => Err(AppError::NotFound(Msg::Project(
            ProjectMsg::NoAgreementOfYours { id: project_id },
        ))),
    }
}

async fn rating(
    conn: &mut PgConnection,
    project_id: i64,
    rater_id: i64,
) -> AppResult<Option<RatingView>> {
    Ok(sqlx::query!(
        "SELECT p.title, u.display_name, r.stars, r.comment, r.created_at FROM ratings r
           JOIN projects p ON p.id = r.project_id JOIN users u ON u.id = r.rater_id
          WHERE r.project_id = $1 AND r.rater_id = $2",
        project_id,
        rater_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| RatingView {
        project_title: r.title,
        rater_name: r.display_name,
        stars: r.stars,
        comment: r.comment,
        at: r.created_at,
    }))
}

/// Where the project stands on completion and ratings, for one party.
pub async fn view(pool: &PgPool, user: &User, project_id: i64) -> AppResult<CompletionView> {
    let mut conn = pool.acquire().await?;
    let p = parties(&mut conn, user, project_id).await?;
    let status =
        ProjectStatus::from_slug(&p.status).ok_or_else(|| AppError::internal("bad status"))?;
    let is_client = user.id == p.client_id;
    let blocked_because = if status != ProjectStatus::InProgress {
        None
    } else if !is_client {
        Some(Msg::Project(ProjectMsg::ClientCompletes))
    } else {
        let settled = sqlx::query!(
            r#"SELECT bool_and(t.deposited_cents = t.planned_cents
                               AND t.released_cents + t.refunded_cents = t.deposited_cents) AS settled,
                      EXISTS (SELECT 1 FROM disputes d WHERE d.agreement_id = e.agreement_id AND d.status = 'open') AS "disputed!"
                 FROM escrows e JOIN escrow_tranches t ON t.agreement_id = e.agreement_id
                WHERE e.project_id = $1 GROUP BY e.agreement_id"#,
            project_id
        )
        .fetch_optional(&mut *conn)
        .await?;
        match settled {
            None => None,
            Some(s) if s.settled == Some(true) && !s.disputed => None,
            Some(_) => Some(Msg::Project(ProjectMsg::SettleFirst)),
        }
    };
    let (me, them, counterpart_id, counterpart_name) = if is_client {
        (p.client_id, p.provider_id, p.provider_id, p.provider_name)
    } else {
        (p.provider_id, p.client_id, p.client_id, p.client_name)
    };
    Ok(CompletionView {
        project_id,
        status,
        can_complete: is_client && status == ProjectStatus::InProgress && blocked_because.is_none(),
        blocked_because,
        counterpart_id,
        counterpart_name,
        my_rating: rating(&mut conn, project_id, me).await?,
        their_rating: rating(&mut conn, project_id, them).await?,
    })
}

/// The client marks the project completed: any time for the basic formula,
/// once the escrow is settled for zero risk.
#[tracing::instrument(skip(pool), fields(user = user.id))]
pub async fn complete(pool: &PgPool, user: &User, project_id: i64) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let p = parties(&mut tx, user, project_id).await?;
    let status = sqlx::query_scalar!(
        "SELECT status FROM projects WHERE id = $1 FOR UPDATE",
        project_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let from = ProjectStatus::from_slug(&status).ok_or_else(|| AppError::internal("bad status"))?;
    let to = from
        .apply(ProjectAction::Complete, user.role, user.id == p.client_id)
        .map_err(|e| match e {
            crate::domain::project::TransitionError::NotAllowed { .. } => {
                AppError::Forbidden(Msg::Project(ProjectMsg::ClientCompletes))
            }
            other => AppError::Conflict(other.into()),
        })?;
    if settled_or_absent(&mut tx, project_id).await? == Some(false) {
        return Err(AppError::Conflict(Msg::Project(
            ProjectMsg::SettleBeforeCompletion,
        )));
    }
    let fees_due = sqlx::query_scalar!(
        r#"SELECT coalesce(sum(f.due_cents), 0)::BIGINT AS "due!"
             FROM platform_fees f JOIN agreements a ON a.id = f.agreement_id
            WHERE a.project_id = $1 AND a.status = 'confirmed'"#,
        project_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if let Some(why) = crate::domain::agreement::completion_blocked_by(Cents::new(fees_due)) {
        return Err(AppError::Conflict(why));
    }
    sqlx::query!(
        "UPDATE projects SET status = $2, status_changed_at = now() WHERE id = $1",
        project_id,
        to.slug()
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO project_events (project_id, actor_id, from_status, to_status, note, at)
         VALUES ($1, $2, $3, $4, 'Marked completed by the client', now())",
        project_id,
        user.id,
        from.slug(),
        to.slug()
    )
    .execute(&mut *tx)
    .await?;
    // Bumps the escrow's version, if any, so live tabs show the new status.
    sqlx::query!(
        "UPDATE escrows SET version = version + 1 WHERE project_id = $1",
        project_id
    )
    .execute(&mut *tx)
    .await?;
    notify(
        &mut tx,
        p.provider_id,
        "project_completed",
        Msg::Notice(NoticeMsg::Completed),
        Some(&format!("/projects/{project_id}")),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A party rates the other, once, on a completed project.
#[tracing::instrument(skip(pool, comment), fields(user = user.id))]
pub async fn rate(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    stars: i32,
    comment: &str,
) -> AppResult<()> {
    let (stars, comment) = parse_rating(stars, comment).map_err(|m| match m {
        Msg::Project(ProjectMsg::Stars) => AppError::field("stars", m),
        other => AppError::field("comment", other),
    })?;
    let mut tx = pool.begin().await?;
    let p = parties(&mut tx, user, project_id).await?;
    if ProjectStatus::from_slug(&p.status) != Some(ProjectStatus::Completed) {
        return Err(AppError::Conflict(Msg::Project(
            ProjectMsg::RatingsAfterCompletion,
        )));
    }
    let ratee = if user.id == p.client_id {
        p.provider_id
    } else {
        p.client_id
    };
    let inserted = sqlx::query!(
        "INSERT INTO ratings (project_id, rater_id, ratee_id, stars, comment) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (project_id, rater_id) DO NOTHING",
        project_id,
        user.id,
        ratee,
        stars,
        comment
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::Conflict(Msg::Project(ProjectMsg::RatedAlready)));
    }
    notify(
        &mut tx,
        ratee,
        "rated",
        Msg::Notice(NoticeMsg::Rated {
            name: user.display_name.clone(),
            stars,
        }),
        Some(&format!("/people/{ratee}")),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
