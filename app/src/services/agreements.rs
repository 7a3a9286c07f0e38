//! Selection and agreement: the client proposes terms to a provider who made
//! an offer or bought the lead; the provider confirms them, which starts
//! the project and tells every other contender they lost.

use super::accounts::User;
use super::notifications::notify;
use crate::domain::account::Role;
use crate::domain::agreement::{AgreementDraft, AgreementForm, FeeRates, Formula};
use crate::domain::escrow::Position;
use crate::domain::money::Cents;
use crate::domain::msg::{DealMsg, NoticeMsg};
use crate::domain::project::{ProjectAction, ProjectStatus};
use crate::error::{AppError, AppResult, Msg};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

/// Providers who competed for a project: an offer, or a bought lead.
async fn contenders(conn: &mut PgConnection, project_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT provider_id AS "id!" FROM offers WHERE project_id = $1
           UNION
           SELECT provider_id FROM lead_responses WHERE project_id = $1 AND transaction_id IS NOT NULL"#,
        project_id
    )
    .fetch_all(conn)
    .await?)
}

/// The providers the project's client may select, with what they did.
pub async fn contenders_for_client(
    pool: &PgPool,
    client: &User,
    project_id: i64,
) -> AppResult<Vec<crate::views::agreements::ContenderView>> {
    let project = super::projects::seen(&mut *pool.acquire().await?, client, project_id).await?;
    if !project.is_owner {
        return Err(AppError::Forbidden(Msg::Deal(DealMsg::SelectClientOnly)));
    }
    sqlx::query!(
        r#"SELECT u.id, u.display_name, o.amount AS "offer?",
                  (l.transaction_id IS NOT NULL) AS "bought!",
                  (SELECT c.decided_at FROM certifications c WHERE c.provider_id = u.id AND c.status = 'certified') AS "certified_at?"
             FROM users u
             LEFT JOIN offers o ON o.provider_id = u.id AND o.project_id = $1
             LEFT JOIN lead_responses l ON l.provider_id = u.id AND l.project_id = $1
            WHERE o.provider_id IS NOT NULL OR l.transaction_id IS NOT NULL
            ORDER BY u.display_name"#,
        project_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|c| {
        Ok(crate::views::agreements::ContenderView {
            provider_id: c.id,
            provider_name: c.display_name,
            offer: c
                .offer
                .map(crate::domain::money::Money::from_decimal)
                .transpose()
                .map_err(AppError::internal)?
                .map(Cents::from),
            bought_lead: c.bought,
            certified_since: c.certified_at.map(|t| t.date()),
        })
    })
    .collect()
}

/// The client may select `provider_id` on their project: it is published,
/// the provider is a contender, and no agreement is already live. Takes
/// the project's row lock.
async fn may_select(
    conn: &mut PgConnection,
    client: &User,
    project_id: i64,
    provider_id: i64,
) -> AppResult<()> {
    let project = sqlx::query!(
        "SELECT client_id, status FROM projects WHERE id = $1 FOR UPDATE",
        project_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| super::projects::not_found(project_id))?;
    if project.client_id != client.id {
        return Err(super::projects::not_found(project_id));
    }
    if ProjectStatus::from_slug(&project.status) != Some(ProjectStatus::Published) {
        return Err(AppError::Conflict(Msg::Deal(DealMsg::SelectPublishedOnly)));
    }
    if !contenders(&mut *conn, project_id)
        .await?
        .contains(&provider_id)
    {
        return Err(AppError::field(
            "provider",
            Msg::Deal(DealMsg::SelectContender),
        ));
    }
    let live = sqlx::query_scalar!(
        "SELECT id FROM agreements WHERE project_id = $1 AND status IN ('proposed', 'confirmed')",
        project_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if live.is_some() {
        return Err(AppError::Conflict(Msg::Deal(DealMsg::AgreementWaiting)));
    }
    Ok(())
}

/// The client selects a provider and proposes the terms.
pub async fn propose(
    pool: &PgPool,
    client: &User,
    project_id: i64,
    provider_id: i64,
    form: &AgreementForm,
    rates: FeeRates,
    now: OffsetDateTime,
) -> AppResult<i64> {
    client.require_verified()?;
    if client.role != Role::Client {
        return Err(AppError::Forbidden(Msg::Deal(DealMsg::SelectClientOnly)));
    }
    let draft = AgreementDraft::parse(form)?;
    let mut tx = pool.begin().await?;
    may_select(&mut tx, client, project_id, provider_id).await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO agreements (project_id, client_id, provider_id, scope, amount_cents, formula, proposed_at,
                                 commission_payer, connection_rate_bp, zero_risk_rate_bp)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        project_id,
        client.id,
        provider_id,
        draft.scope,
        draft.amount.get(),
        draft.formula.slug(),
        now,
        draft.commission_payer.slug(),
        rates.connection_bp as i32,
        rates.zero_risk_bp as i32
    )
    .fetch_one(&mut *tx)
    .await?;
    for (i, (label, amount)) in draft.tranches.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO agreement_tranches (agreement_id, position, label, amount_cents) VALUES ($1, $2, $3, $4)",
            id,
            Position::of_index(i).get(),
            label,
            amount.get()
        )
        .execute(&mut *tx)
        .await?;
    }
    notify(
        &mut tx,
        provider_id,
        "agreement_to_confirm",
        Msg::Notice(NoticeMsg::Selected),
        Some(&format!("/projects/{project_id}")),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

struct Locked {
    project_id: i64,
    client_id: i64,
    provider_id: i64,
    status: String,
}

async fn lock(conn: &mut PgConnection, id: i64) -> AppResult<Locked> {
    sqlx::query_as!(
        Locked,
        "SELECT project_id, client_id, provider_id, status FROM agreements WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| no_agreement(id))
}

fn no_agreement(id: i64) -> AppError {
    AppError::NotFound(Msg::Deal(DealMsg::NoSuchAgreement { id }))
}

/// An agreement exists only for its parties and staff.
fn require_party(a: &Locked, user: &User, id: i64) -> AppResult<()> {
    if user.role == Role::Staff || user.id == a.client_id || user.id == a.provider_id {
        Ok(())
    } else {
        Err(no_agreement(id))
    }
}

/// The client withdraws the selection while the provider has not confirmed.
pub async fn withdraw(pool: &PgPool, client: &User, id: i64, now: OffsetDateTime) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let a = lock(&mut tx, id).await?;
    require_party(&a, client, id)?;
    if a.client_id != client.id {
        return Err(AppError::Forbidden(Msg::Deal(DealMsg::WithdrawClientOnly)));
    }
    if a.status != "proposed" {
        return Err(AppError::Conflict(Msg::Deal(
            DealMsg::AgreementNotWithdrawable {
                confirmed: a.status == "confirmed",
            },
        )));
    }
    sqlx::query!(
        "UPDATE agreements SET status = 'withdrawn', decided_at = $2 WHERE id = $1",
        id,
        now
    )
    .execute(&mut *tx)
    .await?;
    notify(
        &mut tx,
        a.provider_id,
        "agreement_withdrawn",
        Msg::Notice(NoticeMsg::SelectionWithdrawn),
        Some(&format!("/projects/{}", a.project_id)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The client hears that the work starts; every other contender, that
/// the project went to someone else.
async fn tell_the_contenders(conn: &mut PgConnection, a: &Locked, chosen: i64) -> AppResult<()> {
    let link = format!("/projects/{}", a.project_id);
    notify(
        &mut *conn,
        a.client_id,
        "agreement_confirmed",
        Msg::Notice(NoticeMsg::AgreementConfirmed),
        Some(&link),
    )
    .await?;
    for other in contenders(&mut *conn, a.project_id).await? {
        if other != chosen {
            notify(
                &mut *conn,
                other,
                "project_lost",
                Msg::Notice(NoticeMsg::ProjectLost),
                Some("/feed"),
            )
            .await?;
        }
    }
    Ok(())
}

/// The selected provider confirms: the signature (who and when) is
/// recorded, the project starts and leaves the feed, and every other
/// contender is told, with advice.
pub async fn confirm(
    pool: &PgPool,
    provider: &User,
    id: i64,
    now: OffsetDateTime,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    let a = lock(&mut tx, id).await?;
    require_party(&a, provider, id)?;
    if a.provider_id != provider.id {
        return Err(AppError::Forbidden(Msg::Deal(DealMsg::ConfirmProviderOnly)));
    }
    provider.require_verified()?;
    if a.status != "proposed" {
        return Err(AppError::Conflict(Msg::Deal(
            DealMsg::AgreementNotConfirmable {
                confirmed: a.status == "confirmed",
            },
        )));
    }
    let status = sqlx::query_scalar!(
        "SELECT status FROM projects WHERE id = $1 FOR UPDATE",
        a.project_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let from = ProjectStatus::from_slug(&status).ok_or_else(|| AppError::internal("bad status"))?;
    let to = from
        .apply(ProjectAction::Start, Role::Provider, false)
        .map_err(|e| AppError::Conflict(e.into()))?;
    sqlx::query!(
        "UPDATE agreements SET status = 'confirmed', decided_at = $2, confirmed_by = $3 WHERE id = $1",
        id,
        now,
        provider.id
    )
    .execute(&mut *tx)
    .await?;
    let formula = sqlx::query_scalar!("SELECT formula FROM agreements WHERE id = $1", id)
        .fetch_one(&mut *tx)
        .await?;
    let zero_risk = Formula::from_slug(&formula) == Some(Formula::ZeroRisk);
    if zero_risk {
        super::escrow::open_for_agreement(&mut tx, id).await?;
    }
    super::fees::charge_agreement(&mut tx, id).await?;
    sqlx::query!(
        "UPDATE projects SET status = $2, status_changed_at = $3 WHERE id = $1",
        a.project_id,
        to.slug(),
        now
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO project_events (project_id, actor_id, from_status, to_status, note, at)
         VALUES ($1, $2, $3, $4, 'Agreement confirmed by the provider', $5)",
        a.project_id,
        provider.id,
        from.slug(),
        to.slug(),
        now
    )
    .execute(&mut *tx)
    .await?;
    tell_the_contenders(&mut tx, &a, provider.id).await?;
    tx.commit().await?;
    Ok(())
}

/// The live agreement of a project, for its two parties and staff; nobody
/// else learns that there is one.
pub async fn for_project(
    pool: &PgPool,
    user: &User,
    project_id: i64,
) -> AppResult<Option<crate::views::agreements::AgreementView>> {
    let Some(a) = sqlx::query!(
        r#"SELECT a.id, a.client_id, a.provider_id, u.display_name, a.scope, a.amount_cents,
                  a.formula, a.status, a.proposed_at, a.decided_at, a.commission_payer,
                  a.connection_rate_bp, a.zero_risk_rate_bp
             FROM agreements a JOIN users u ON u.id = a.provider_id
            WHERE a.project_id = $1 AND a.status IN ('proposed', 'confirmed')"#,
        project_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let party = user.id == a.client_id || user.id == a.provider_id || user.role == Role::Staff;
    if !party {
        return Ok(None);
    }
    let tranches = sqlx::query!(
        "SELECT label, amount_cents FROM agreement_tranches WHERE agreement_id = $1 ORDER BY position",
        a.id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|t| Ok((t.label, Cents::new(t.amount_cents))))
    .collect::<AppResult<Vec<_>>>()?;
    let formula = if a.formula == "zero_risk" {
        Formula::ZeroRisk
    } else {
        Formula::Basic
    };
    let rates = FeeRates {
        connection_bp: a.connection_rate_bp.into(),
        zero_risk_bp: a.zero_risk_rate_bp.into(),
    };
    let (connection, zero_risk) =
        crate::domain::agreement::platform_fees_at(rates, formula, Cents::new(a.amount_cents));
    let f = time::format_description::well_known::Rfc3339;
    Ok(Some(crate::views::agreements::AgreementView {
        id: a.id,
        project_id,
        provider_id: a.provider_id,
        provider_name: a.display_name,
        scope: a.scope,
        amount: Cents::new(a.amount_cents),
        formula,
        tranches,
        proposed_at: a.proposed_at.format(&f).map_err(AppError::internal)?,
        confirmed_at: (a.status == "confirmed").then_some(a.decided_at).flatten(),
        status: a.status,
        connection_fee: connection,
        zero_risk_fee: zero_risk,
        commission_payer: crate::domain::agreement::CommissionPayer::from_slug(&a.commission_payer)
            .ok_or_else(|| AppError::internal("bad commission payer"))?,
        connection_rate_bp: rates.connection_bp,
        zero_risk_rate_bp: rates.zero_risk_bp,
        for_me: user.id == a.provider_id,
        by_me: user.id == a.client_id,
    }))
}
