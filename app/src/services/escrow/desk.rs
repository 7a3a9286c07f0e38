//! Staff's escrow desk: open disputes and payouts to pay.

use super::store::*;
use crate::domain::account::Role;
use crate::domain::money::Cents;
use crate::domain::msg::FormMsg;
use crate::error::{AppError, AppResult, Msg};
use crate::services::accounts::User;
use crate::views::escrow::{DisputeQueueItem, EscrowDesk, PayoutQueueItem};
use sqlx::PgPool;

/// Staff's desk: open disputes (oldest first) and payouts to pay.
pub async fn desk(pool: &PgPool, user: &User) -> AppResult<EscrowDesk> {
    if user.role != Role::Staff {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)));
    }
    let disputes = sqlx::query!(
        r#"SELECT d.id, e.project_id, e.client_id, p.title, u.display_name AS opened_by, d.opened_by AS opened_by_id,
                  d.reason, d.opened_at,
                  (SELECT coalesce(sum(deposited_cents - released_cents - refunded_cents), 0)
                     FROM escrow_tranches t WHERE t.agreement_id = e.agreement_id)::BIGINT AS "held!"
             FROM disputes d JOIN escrows e ON e.agreement_id = d.agreement_id
             JOIN projects p ON p.id = e.project_id JOIN users u ON u.id = d.opened_by
            WHERE d.status = 'open' ORDER BY d.opened_at"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|d| {
        Ok(DisputeQueueItem {
            project_id: d.project_id,
            project_title: d.title,
            held: Cents::new(d.held),
            dispute: DisputeRow {
                id: d.id,
                opened_by: d.opened_by,
                opened_by_id: d.opened_by_id,
                reason: d.reason,
                opened_at: d.opened_at,
                decision_note: None,
                decided_at: None,
            }
            .view(d.client_id),
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    let payouts = sqlx::query!(
        "SELECT o.id, e.project_id, p.title, u.display_name, o.amount_cents, o.invoice_name, o.status,
                o.requested_at, o.transfer_reference, o.paid_at
           FROM payouts o JOIN escrows e ON e.agreement_id = o.agreement_id
           JOIN projects p ON p.id = e.project_id JOIN users u ON u.id = o.provider_id
          WHERE o.status = 'requested' ORDER BY o.requested_at"
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|o| {
        Ok(PayoutQueueItem {
            project_id: o.project_id,
            project_title: o.title,
            provider_name: o.display_name,
            payout: PayoutRow {
                id: o.id,
                amount_cents: o.amount_cents,
                invoice_name: o.invoice_name,
                status: o.status,
                requested_at: o.requested_at,
                transfer_reference: o.transfer_reference,
                paid_at: o.paid_at,
            }
            .view()?,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    Ok(EscrowDesk { disputes, payouts })
}
