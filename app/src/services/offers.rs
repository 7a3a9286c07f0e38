//! Offers: posted and edited by providers who unlocked the offer credit,
//! read by the project's client, seen by providers who unlocked the report.

use super::accounts::User;
use super::notifications::notify;
use crate::domain::account::Role;
use crate::domain::ledger::CreditKind;
use crate::domain::money::Money;
use crate::domain::msg::{FormMsg, NoticeMsg, ProjectMsg};
use crate::domain::offer::{OfferDraft, OfferForm};
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult, Msg};
use crate::views::offers::OfferView;
use rust_decimal::Decimal;
use sqlx::PgPool;
use time::OffsetDateTime;

struct OfferRow {
    id: i64,
    project_id: i64,
    provider_id: i64,
    provider_name: String,
    amount: Decimal,
    duration_days: i32,
    message: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    read_at: Option<OffsetDateTime>,
    certified_at: Option<OffsetDateTime>,
}

impl OfferRow {
    /// `sees_read`: the project's client, or the offer's own author.
    fn into_view(self, viewer: &User, client_id: i64) -> AppResult<OfferView> {
        let is_mine = self.provider_id == viewer.id;
        let sees_read = is_mine || viewer.id == client_id || viewer.role == Role::Staff;
        Ok(OfferView {
            provider_id: self.provider_id,
            id: self.id,
            project_id: self.project_id,
            provider_name: self.provider_name,
            amount: Money::from_decimal(self.amount)
                .map_err(AppError::internal)?
                .into(),
            duration_days: self.duration_days,
            message: self.message,
            sent_at: self.created_at,
            updated_at: self.updated_at,
            read_at: self.read_at.filter(|_| sees_read),
            is_mine,
            certified_since: self.certified_at.map(|t| t.date()),
        })
    }
}

async fn has_unlock(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    kind: CreditKind,
) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM unlocks WHERE provider_id = $1 AND project_id = $2 AND kind = $3) AS "x!""#,
        user.id,
        project_id,
        kind.slug()
    )
    .fetch_one(pool)
    .await?)
}

/// Posts the provider's offer, or edits it (free of charge). An edit is new
/// to the client, so it shows as unread again.
#[tracing::instrument(skip(pool, form), fields(user = user.id))]
pub async fn save(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    form: &OfferForm,
) -> AppResult<OfferView> {
    user.require_verified()?;
    if user.role != Role::Provider {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForProviders)));
    }
    let draft = OfferDraft::parse(form)?;
    let project = super::projects::seen(&mut *pool.acquire().await?, user, project_id).await?;
    if project.status != ProjectStatus::Published {
        return Err(AppError::Conflict(Msg::Project(ProjectMsg::OffersClosed)));
    }
    if !has_unlock(pool, user, project_id, CreditKind::Offer).await? {
        return Err(AppError::Forbidden(Msg::Project(
            ProjectMsg::UnlockOfferFirst,
        )));
    }
    let mut tx = pool.begin().await?;
    let saved = sqlx::query!(
        r#"INSERT INTO offers (project_id, provider_id, amount, duration_days, message)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (project_id, provider_id) DO UPDATE
              SET amount = EXCLUDED.amount, duration_days = EXCLUDED.duration_days,
                  message = EXCLUDED.message, updated_at = now(), read_at = NULL
           RETURNING id, (xmax = 0) AS "new!""#,
        project_id,
        user.id,
        draft.amount.amount(),
        draft.duration_days,
        draft.message
    )
    .fetch_one(&mut *tx)
    .await?;
    let (name, title) = (user.display_name.clone(), project.title.clone());
    let told = Msg::Notice(if saved.new {
        NoticeMsg::OfferMade { name, title }
    } else {
        NoticeMsg::OfferChanged { name, title }
    });
    let link = format!("/projects/{project_id}");
    notify(
        &mut tx,
        project.client_id,
        "offer_received",
        &told,
        Some(&link),
    )
    .await?;
    tx.commit().await?;
    let id = saved.id;
    load(pool, user, project.client_id, Some(id), project_id)
        .await?
        .pop()
        .ok_or_else(|| AppError::internal("offer vanished"))
}

async fn load(
    pool: &PgPool,
    viewer: &User,
    client_id: i64,
    only: Option<i64>,
    project_id: i64,
) -> AppResult<Vec<OfferView>> {
    let rows = sqlx::query_as!(
        OfferRow,
        r#"SELECT o.id, o.project_id, o.provider_id, u.display_name AS provider_name, o.amount,
                o.duration_days, o.message, o.created_at, o.updated_at, o.read_at,
                (SELECT c.decided_at FROM certifications c WHERE c.provider_id = o.provider_id AND c.status = 'certified') AS "certified_at?"
           FROM offers o JOIN users u ON u.id = o.provider_id
          WHERE o.project_id = $1 AND ($2::bigint IS NULL OR o.id = $2)
          ORDER BY o.created_at, o.id"#,
        project_id,
        only
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| r.into_view(viewer, client_id))
        .collect()
}

/// The offers on a project, for whoever may read them: its client, staff,
/// a provider who unlocked the report (all offers) or the offer (their own).
pub async fn for_project(pool: &PgPool, user: &User, project_id: i64) -> AppResult<Vec<OfferView>> {
    let project = super::projects::seen(&mut *pool.acquire().await?, user, project_id).await?;
    let all = load(pool, user, project.client_id, None, project_id).await?;
    match user.role {
        Role::Staff | Role::Client => Ok(all),
        Role::Provider => {
            if has_unlock(pool, user, project_id, CreditKind::Consultation).await? {
                Ok(all)
            } else {
                Ok(all.into_iter().filter(|o| o.is_mine).collect())
            }
        }
    }
}

/// The client opens an offer: the first opening marks it read.
pub async fn open(pool: &PgPool, user: &User, offer_id: i64) -> AppResult<OfferView> {
    let row = sqlx::query!(
        "SELECT o.project_id, p.client_id FROM offers o JOIN projects p ON p.id = o.project_id WHERE o.id = $1",
        offer_id
    )
    .fetch_optional(pool)
    .await?;
    // An offer is opened by its project's client; to anyone else but staff
    // it does not exist.
    let no_offer = || AppError::NotFound(Msg::Project(ProjectMsg::NoSuchOffer));
    let row = row.ok_or_else(no_offer)?;
    if user.role == Role::Staff {
        return Err(AppError::Forbidden(Msg::Project(
            ProjectMsg::OffersForTheirClient,
        )));
    }
    if user.role != Role::Client || user.id != row.client_id {
        return Err(no_offer());
    }
    let mut tx = pool.begin().await?;
    let first = sqlx::query!(
        "UPDATE offers o SET read_at = now() FROM projects p
          WHERE o.id = $1 AND o.read_at IS NULL AND p.id = o.project_id
          RETURNING o.provider_id, p.title",
        offer_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(first) = first {
        let told = Msg::Notice(NoticeMsg::OfferRead {
            name: user.display_name.clone(),
            title: first.title,
        });
        let link = format!("/projects/{}", row.project_id);
        notify(&mut tx, first.provider_id, "offer_read", &told, Some(&link)).await?;
    }
    tx.commit().await?;
    load(pool, user, row.client_id, Some(offer_id), row.project_id)
        .await?
        .pop()
        .ok_or_else(|| AppError::internal("offer vanished"))
}
