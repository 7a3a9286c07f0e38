//! The payment tab of one escrow, as its client, its provider or staff see it.

use super::store::*;
use crate::domain::escrow::{Position, Tranche};
use crate::domain::money::Cents;
use crate::domain::msg::DoneMsg;
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult, Msg};
use crate::services::accounts::User;
use crate::views::escrow::{
    DepositFees, DisputeView, EscrowEventView, EscrowTab, PayoutView, TrancheView,
};
use sqlx::{PgConnection, PgPool};

/// Whether the user may watch this escrow's live tab.
pub async fn may_watch(pool: &PgPool, user: &User, project_id: i64) -> AppResult<()> {
    let mut conn = pool.acquire().await?;
    let (row, _) = load(&mut conn, project_id, false).await?;
    require_viewer(&row, user).map(|_| ())
}

/// One tranche's figures (`position` 0 for the totals row).
fn tranche_view(position: i32, t: &Tranche, disputed: bool) -> TrancheView {
    TrancheView {
        position,
        label: t.label.clone(),
        planned: t.planned,
        deposited: t.deposited,
        held: t.held(),
        released: t.released,
        refunded: t.refunded,
        disputed: if disputed { t.held() } else { Cents::ZERO },
        unfunded: t.unfunded(),
    }
}

/// The payment-management tab, whole, for a party or staff.
pub async fn tab(pool: &PgPool, user: &User, project_id: i64) -> AppResult<EscrowTab> {
    // One snapshot: the tab never mixes two moments. A transaction that is
    // dropped half-way (the browser went away) is rolled back by sqlx.
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let tab = tab_in(&mut tx, user, project_id).await?;
    tx.commit().await?;
    Ok(tab)
}

async fn tab_in(conn: &mut PgConnection, user: &User, project_id: i64) -> AppResult<EscrowTab> {
    let (row, escrow) = load(conn, project_id, false).await?;
    let viewer = require_viewer(&row, user)?;
    let names = sqlx::query!(
        "SELECT p.title, p.status, c.display_name AS client, v.display_name AS provider
           FROM projects p, users c, users v WHERE p.id = $1 AND c.id = $2 AND v.id = $3",
        project_id,
        row.client_id,
        row.provider_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let tranches = escrow
        .tranches
        .iter()
        .enumerate()
        .map(|(i, t)| tranche_view(Position::of_index(i).get(), t, escrow.disputed))
        .collect::<Vec<_>>();
    let total = Tranche {
        label: "Total".into(),
        planned: escrow.planned().map_err(refused)?,
        deposited: escrow.deposited().map_err(refused)?,
        released: escrow.released().map_err(refused)?,
        refunded: escrow.refunded().map_err(refused)?,
    };
    let released = total.released;
    let mut disputes = disputes(conn, &row).await?;
    let dispute = if escrow.disputed && !disputes.is_empty() {
        Some(disputes.remove(0))
    } else {
        None
    };
    let payouts = payouts(conn, &row).await?;
    let history = history(conn, &row).await?;
    let first = escrow.tranches.iter().all(|t| t.deposited.is_zero());
    let deposit_fees =
        match crate::services::fees::with_deposit(conn, row.agreement_id, first).await? {
            Ok(fees) => DepositFees {
                lines: fees,
                waits: None,
            },
            Err(why) => DepositFees {
                lines: vec![],
                waits: Some(why),
            },
        };
    Ok(EscrowTab {
        project_id,
        project_title: names.title,
        project_status: ProjectStatus::from_slug(&names.status)
            .ok_or_else(|| AppError::internal("bad status"))?,
        version: row.version,
        viewer,
        client_name: names.client,
        provider_name: names.provider,
        totals: tranche_view(0, &total, escrow.disputed),
        tranches,
        payout_available: released
            .checked_sub(escrow.paid_out)
            .ok_or_else(|| AppError::internal("paid out more than released"))?,
        payout_requested: Cents::new(row.payout_cents),
        paid_out: Cents::new(row.paid_cents),
        dispute,
        past_disputes: disputes,
        payouts,
        history,
        settled: escrow.is_settled(),
        deposit_fees,
    })
}

/// The escrow's disputes, newest first.
async fn disputes(conn: &mut PgConnection, row: &EscrowRow) -> AppResult<Vec<DisputeView>> {
    Ok(sqlx::query_as!(
        DisputeRow,
        r#"SELECT d.id, u.display_name AS opened_by, d.opened_by AS opened_by_id, d.reason, d.opened_at,
                  d.decision_note, d.decided_at
             FROM disputes d JOIN users u ON u.id = d.opened_by
            WHERE d.agreement_id = $1 ORDER BY d.id DESC"#,
        row.agreement_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|d| d.view(row.client_id))
    .collect())
}

/// The escrow's payout requests, newest first.
async fn payouts(conn: &mut PgConnection, row: &EscrowRow) -> AppResult<Vec<PayoutView>> {
    sqlx::query_as!(
        PayoutRow,
        "SELECT id, amount_cents, invoice_name, status, requested_at, transfer_reference, paid_at
           FROM payouts WHERE agreement_id = $1 ORDER BY id DESC",
        row.agreement_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(PayoutRow::view)
    .collect()
}

/// What happened to the escrow, newest first: its ledger transactions and
/// the disputes declared.
async fn history(conn: &mut PgConnection, row: &EscrowRow) -> AppResult<Vec<EscrowEventView>> {
    let mut history: Vec<(i64, time::OffsetDateTime, EscrowEventView)> = sqlx::query!(
        r#"SELECT t.id, t.created_at, u.display_name, t.note, t.what FROM escrow_transactions t
             JOIN users u ON u.id = t.actor_id WHERE t.agreement_id = $1"#,
        row.agreement_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|t| {
        (
            t.id,
            t.created_at,
            EscrowEventView {
                at: t.created_at,
                actor: t.display_name,
                // Lines written before kinds were kept read as they were.
                what: t
                    .what
                    .and_then(|w| serde_json::from_value(w).ok())
                    .unwrap_or_else(|| Msg::Legacy(t.note.unwrap_or_default())),
            },
        )
    })
    .collect();
    for d in sqlx::query!(
        r#"SELECT d.opened_at, u.display_name, d.reason FROM disputes d
             JOIN users u ON u.id = d.opened_by WHERE d.agreement_id = $1"#,
        row.agreement_id
    )
    .fetch_all(&mut *conn)
    .await?
    {
        history.push((
            0,
            d.opened_at,
            EscrowEventView {
                at: d.opened_at,
                actor: d.display_name,
                what: Msg::Done(DoneMsg::DisputeDeclaredLine { reason: d.reason }),
            },
        ));
    }
    history.sort_by_key(|h| std::cmp::Reverse((h.1, h.0)));
    Ok(history.into_iter().map(|h| h.2).collect())
}
