//! Credit requests: a buyer who could not present their services asks for
//! the price of a lead back, once per purchase; staff accept (the price
//! paid returns to the prepaid account as a ledger entry) or refuse with a
//! reason.

use super::accounts::User;
use super::acting::Acting;
use super::credits::{self, post, require_provider, Movement};
use super::idempotency::{self, Begin};
use super::notifications::notify;
use crate::domain::account::Role;
use crate::domain::agreement::Answer;
use crate::domain::fields::bounded;
use crate::domain::lead::LeadRefusal;
use crate::domain::ledger::movements;
use crate::domain::money::Cents;
use crate::domain::msg::{CreditMsg, FormMsg, ToldMsg};
use crate::error::{AppError, AppResult, Msg};
use crate::views::leads::CreditRequestView;
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    project_id: i64,
    project_title: String,
    provider_name: String,
    paid: i64,
    reason: String,
    status: String,
    decision_reason: Option<String>,
    created_at: OffsetDateTime,
    decided_at: Option<OffsetDateTime>,
}

impl Row {
    fn into_view(self) -> AppResult<CreditRequestView> {
        let format = time::format_description::well_known::Rfc3339;
        Ok(CreditRequestView {
            id: self.id,
            project_id: self.project_id,
            project_title: self.project_title,
            provider_name: self.provider_name,
            paid: Cents::new(self.paid),
            reason: self.reason,
            status: self.status,
            decision_reason: self.decision_reason,
            filed_at: self
                .created_at
                .format(&format)
                .map_err(AppError::internal)?,
            decided_at: self
                .decided_at
                .map(|t| t.format(&format))
                .transpose()
                .map_err(AppError::internal)?,
        })
    }
}

const SELECT: &str =
    "SELECT c.id, c.project_id, p.title AS project_title, u.display_name AS provider_name,
        r.price_cents AS paid, c.reason, c.status, c.decision_reason, c.created_at, c.decided_at
   FROM credit_requests c
   JOIN projects p ON p.id = c.project_id
   JOIN users u ON u.id = c.provider_id
   JOIN lead_responses r ON r.project_id = c.project_id AND r.provider_id = c.provider_id";

/// Files a credit request on a purchase of the signed-in provider.
#[tracing::instrument(skip(pool, reason), fields(user = user.id))]
pub async fn file(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    reason: &str,
) -> AppResult<CreditRequestView> {
    require_provider(user)?;
    let reason = bounded(reason, 10, 2000).map_err(|m| AppError::field("reason", m))?;
    let mut tx = pool.begin().await?;
    let bought = sqlx::query_scalar!(
        r#"SELECT 1 AS "one!" FROM lead_responses
            WHERE project_id = $1 AND provider_id = $2 AND transaction_id IS NOT NULL"#,
        project_id,
        user.id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if bought.is_none() {
        return Err(AppError::Conflict(Msg::Credit(CreditMsg::Lead {
            why: LeadRefusal::NotBought,
        })));
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO credit_requests (project_id, provider_id, reason) VALUES ($1, $2, $3)
         ON CONFLICT (project_id, provider_id) DO NOTHING RETURNING id",
        project_id,
        user.id,
        reason
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Conflict(Msg::Credit(
        CreditMsg::CreditRequestFiled,
    )))?;
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    row.into_view()
}

/// The signed-in provider's own credit requests, newest first.
pub async fn mine(pool: &PgPool, user: &User) -> AppResult<Vec<CreditRequestView>> {
    require_provider(user)?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE c.provider_id = $1 ORDER BY c.id DESC"
    ))
    .bind(user.id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Row::into_view).collect()
}

/// Staff's queue: pending requests oldest first, then the latest decided.
pub async fn queue(pool: &PgPool, user: &User) -> AppResult<Vec<CreditRequestView>> {
    if user.role != Role::Staff {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)));
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} ORDER BY (c.status = 'pending') DESC,
                  CASE WHEN c.status = 'pending' THEN c.id ELSE -c.id END
          LIMIT 200"
    ))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Row::into_view).collect()
}

/// A credit request waiting for staff, as the decision needs it.
struct Pending {
    provider_id: i64,
    project_id: i64,
    /// What the provider paid for the lead, in cents.
    paid: i64,
    title: String,
}

/// Accepting gives the price paid back to the provider's prepaid account.
/// Returns what the provider is told.
async fn accept_request(
    tx: &mut Transaction<'_, Postgres>,
    staff: &User,
    request_id: i64,
    pending: &Pending,
    reason: Option<String>,
    now: OffsetDateTime,
) -> AppResult<Msg> {
    let what = Msg::Told(ToldMsg::RequestAccepted {
        reason: reason.clone(),
    });
    let (transaction_id, _) = post(
        tx,
        Movement {
            kind: "purchase_refund",
            provider_id: pending.provider_id,
            project_id: Some(pending.project_id),
            actor_id: staff.id,
            reason: None,
            what: Some(what),
        },
        &movements::purchase_refund(pending.provider_id, Cents::new(pending.paid)),
    )
    .await?;
    sqlx::query!(
        "UPDATE credit_requests SET status = 'accepted', decision_reason = $2, decided_by = $3,
                decided_at = $4, refund_transaction_id = $5
          WHERE id = $1",
        request_id,
        reason,
        staff.id,
        now,
        transaction_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(Msg::Told(ToldMsg::CreditAccepted {
        title: pending.title.clone(),
        amount: Cents::new(pending.paid),
    }))
}

/// Refusing needs a reason, which the provider reads.
async fn refuse_request(
    tx: &mut Transaction<'_, Postgres>,
    staff: &User,
    request_id: i64,
    pending: &Pending,
    reason: Option<String>,
    now: OffsetDateTime,
) -> AppResult<Msg> {
    let reason = reason.unwrap_or_default();
    sqlx::query!(
        "UPDATE credit_requests SET status = 'refused', decision_reason = $2, decided_by = $3, decided_at = $4
          WHERE id = $1",
        request_id,
        reason,
        staff.id,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(Msg::Told(ToldMsg::CreditRefused {
        title: pending.title.clone(),
        reason,
    }))
}

/// Staff's answer to a credit request, parsed.
#[derive(Debug, Clone)]
pub struct CreditDecision {
    pub request: i64,
    pub answer: Answer,
    /// Required for a refusal, optional for an acceptance.
    pub reason: Option<String>,
    pub key: String,
}

impl CreditDecision {
    /// Parses the decision form; refusals name their field.
    pub fn parse(request: i64, answer: Answer, reason: &str, key: &str) -> AppResult<Self> {
        let key = credits::key(key)?;
        let reason = match (answer, reason.trim().is_empty()) {
            (Answer::Accept, true) => None,
            (Answer::Refuse, true) => {
                return Err(AppError::field(
                    "reason",
                    Msg::Credit(CreditMsg::RefusalNeedsReason),
                ))
            }
            _ => Some(bounded(reason, 5, 1000).map_err(|m| AppError::field("reason", m))?),
        };
        Ok(CreditDecision {
            request,
            answer,
            reason,
            key,
        })
    }
}

/// Only staff decide; anyone else is refused before their form is read.
pub fn may_decide(user: &User) -> AppResult<()> {
    if user.role != Role::Staff {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)));
    }
    Ok(())
}

/// Staff accept (refund the price paid) or refuse (a reason is required).
#[tracing::instrument(skip_all, fields(staff = acting.user.id, request = cmd.request))]
pub async fn decide(acting: &Acting, cmd: CreditDecision) -> AppResult<CreditRequestView> {
    let (pool, staff, now) = (&acting.pool, &acting.user, acting.now);
    may_decide(staff)?;
    let CreditDecision {
        request: request_id,
        answer,
        reason,
        key,
    } = cmd;
    let accept = answer == Answer::Accept;
    let mut tx = pool.begin().await?;
    let request = format!(
        "credit_request:{request_id}:{accept}:{}",
        reason.as_deref().unwrap_or("")
    );
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, staff.id, &key, &request).await? {
        return Ok(answer);
    }
    let current = sqlx::query!(
        "SELECT c.status, c.provider_id, c.project_id, r.price_cents AS \"paid!\", p.title
           FROM credit_requests c
           JOIN lead_responses r ON r.project_id = c.project_id AND r.provider_id = c.provider_id
           JOIN projects p ON p.id = c.project_id
          WHERE c.id = $1
          FOR UPDATE OF c",
        request_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound(Msg::Credit(
        CreditMsg::NoSuchCreditRequest { id: request_id },
    )))?;
    if current.status != "pending" {
        return Err(AppError::Conflict(Msg::Credit(
            CreditMsg::CreditRequestDecided {
                accepted: current.status == "accepted",
            },
        )));
    }
    let pending = Pending {
        provider_id: current.provider_id,
        project_id: current.project_id,
        paid: current.paid,
        title: current.title,
    };
    let message = match answer {
        Answer::Accept => accept_request(&mut tx, staff, request_id, &pending, reason, now).await?,
        Answer::Refuse => refuse_request(&mut tx, staff, request_id, &pending, reason, now).await?,
    };
    notify(
        &mut tx,
        pending.provider_id,
        "credit_request_decided",
        message,
        Some("/leads"),
    )
    .await?;
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
        .bind(request_id)
        .fetch_one(&mut *tx)
        .await?;
    let answer = row.into_view()?;
    idempotency::finish(&mut tx, staff.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}
