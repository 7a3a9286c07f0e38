//! Money paid in through the gateway, so that no charge is ever lost:
//!
//! 1. before the gateway is called, the attempt is recorded on its own
//!    (committed, whatever the caller's transaction does);
//! 2. the gateway is called with a bounded wait (`Gateway::within`);
//! 3. the caller records the payment and marks the attempt `recorded` in
//!    the transaction that moves the money.
//!
//! An attempt still `pending` after `RECONCILE_AFTER` lost its answer or its
//! transaction: `reconcile` asks the gateway by the attempt's key and gives
//! any charge found back to the card, telling the payer. Nothing is charged
//! without its movement, and nothing moves without its charge.

use super::gateway::{Charge, Gateway, GatewayError, Receipt};
use super::notifications::notify;
use crate::domain::money::Cents;
use crate::domain::msg::{CreditMsg, NoticeMsg};
use crate::error::{AppError, AppResult, Msg};
use sqlx::{PgConnection, PgPool};
use time::{Duration, OffsetDateTime};

/// An attempt older than this, still pending, is reconciled.
pub const RECONCILE_AFTER: Duration = Duration::minutes(5);

/// Why money is paid in (the `payments.purpose` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    TopUp,
    Subscription,
    EscrowDeposit,
    PlatformFee,
}

impl Purpose {
    pub fn slug(self) -> &'static str {
        match self {
            Purpose::TopUp => "top_up",
            Purpose::Subscription => "subscription",
            Purpose::EscrowDeposit => "escrow_deposit",
            Purpose::PlatformFee => "platform_fee",
        }
    }
}

fn unavailable() -> AppError {
    AppError::Conflict(Msg::Credit(CreditMsg::PaymentNoAnswer))
}

/// The bank said no, in these words; nothing was charged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declined(pub Msg);

/// Charges a card a person typed: a decline is a refusal on its `card` field.
pub async fn charge_card(
    pool: &PgPool,
    gateway: &Gateway,
    purpose: Purpose,
    c: &Charge,
) -> AppResult<Receipt> {
    charge(pool, gateway, purpose, c)
        .await?
        .map_err(|Declined(message)| AppError::field("card", message))
}

/// Charges `charge` for `purpose`: records the attempt, then asks the
/// gateway, waiting at most the gateway's timeout. No answer is a clear
/// "try again" (and the attempt is reconciled later).
pub async fn charge(
    pool: &PgPool,
    gateway: &Gateway,
    purpose: Purpose,
    charge: &Charge,
) -> AppResult<Result<Receipt, Declined>> {
    let key = charge.key.as_gateway_key();
    // A retry of a void or declined attempt may charge again; one that was
    // refunded or recorded is over.
    let status = sqlx::query_scalar!(
        "INSERT INTO payment_attempts (gateway_key, user_id, purpose, amount_cents)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (gateway_key) DO UPDATE
            SET status = CASE WHEN payment_attempts.status IN ('void', 'declined')
                              THEN 'pending' ELSE payment_attempts.status END,
                settled_at = CASE WHEN payment_attempts.status IN ('void', 'declined')
                              THEN NULL ELSE payment_attempts.settled_at END
         RETURNING status",
        key,
        charge.payer_id,
        purpose.slug(),
        charge.amount.get()
    )
    .fetch_one(pool)
    .await?;
    if status != "pending" {
        return Err(AppError::Conflict(Msg::Credit(CreditMsg::PaymentSettled)));
    }
    match gateway.within(gateway.inner.charge(charge)).await {
        Ok(receipt) if receipt.amount == charge.amount => Ok(Ok(receipt)),
        Ok(receipt) => Err(AppError::internal(format!(
            "the gateway answered key {key} with a charge of {} cents, not {}",
            receipt.amount, charge.amount
        ))),
        Err(GatewayError::Declined(message)) => {
            sqlx::query!(
                "UPDATE payment_attempts SET status = 'declined', settled_at = now()
                  WHERE gateway_key = $1 AND status = 'pending'",
                key
            )
            .execute(pool)
            .await?;
            Ok(Err(Declined(message)))
        }
        Err(GatewayError::Unavailable(cause)) => {
            tracing::warn!(%cause, %key, "payment gateway gave no answer");
            Err(unavailable())
        }
    }
}

/// Records a charge in the caller's transaction (the one that moves the
/// money): the `payments` row and the attempt marked `recorded`. A charge
/// already recorded, or already given back by `reconcile`, is refused: the
/// transaction then moves nothing.
pub async fn record(
    conn: &mut PgConnection,
    charge: &Charge,
    purpose: Purpose,
    receipt: &Receipt,
    transaction_id: Option<i64>,
) -> AppResult<()> {
    let settled = sqlx::query!(
        "UPDATE payment_attempts SET status = 'recorded', settled_at = now(), gateway_reference = $2
          WHERE gateway_key = $1 AND status = 'pending'",
        charge.key.as_gateway_key(),
        receipt.reference
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if settled != 1 {
        return Err(AppError::Conflict(CreditMsg::PaymentCancelled.into()));
    }
    // No ON CONFLICT: a reference recorded twice is a fault to see, never
    // a charge to ignore.
    sqlx::query!(
        "INSERT INTO payments (user_id, purpose, amount_cents, gateway, gateway_reference, card_last4, transaction_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        charge.payer_id,
        purpose.slug(),
        charge.amount.get(),
        receipt.gateway,
        receipt.reference,
        receipt.card_last4,
        transaction_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What `reconcile` did with one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// The gateway had charged it: given back.
    Refunded { gateway_key: String },
    /// The gateway never charged it.
    Void { gateway_key: String },
}

/// Settles attempts pending since before `now - RECONCILE_AFTER`, one at
/// a time under the attempt's row lock (a retry recording the same charge
/// waits, then finds it settled).
pub async fn reconcile(
    pool: &PgPool,
    gateway: &Gateway,
    now: OffsetDateTime,
) -> AppResult<Vec<Settled>> {
    let mut settled = vec![];
    loop {
        let mut tx = pool.begin().await?;
        let Some(a) = sqlx::query!(
            "SELECT gateway_key, user_id, amount_cents FROM payment_attempts
              WHERE status = 'pending' AND created_at < $1
              ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
            now - RECONCILE_AFTER
        )
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(settled);
        };
        let found = gateway
            .within(gateway.inner.lookup(&a.gateway_key))
            .await
            .map_err(|e| AppError::internal(format!("reconciling {}: {e:?}", a.gateway_key)))?;
        let outcome = match found {
            Some(receipt) => {
                gateway
                    .within(gateway.inner.refund(&receipt.reference))
                    .await
                    .map_err(|e| {
                        AppError::internal(format!("refunding {}: {e:?}", receipt.reference))
                    })?;
                sqlx::query!(
                    "UPDATE payment_attempts SET status = 'refunded', settled_at = $2, gateway_reference = $3
                      WHERE gateway_key = $1",
                    a.gateway_key,
                    now,
                    receipt.reference
                )
                .execute(&mut *tx)
                .await?;
                notify(
                    &mut tx,
                    a.user_id,
                    "payment_refunded",
                    Msg::Notice(NoticeMsg::PaymentGivenBack {
                        amount: Cents::new(a.amount_cents),
                    }),
                    None,
                )
                .await?;
                tracing::warn!(key = %a.gateway_key, "a charge without its movement was refunded");
                Settled::Refunded {
                    gateway_key: a.gateway_key,
                }
            }
            None => {
                sqlx::query!(
                    "UPDATE payment_attempts SET status = 'void', settled_at = $2 WHERE gateway_key = $1",
                    a.gateway_key,
                    now
                )
                .execute(&mut *tx)
                .await?;
                Settled::Void {
                    gateway_key: a.gateway_key,
                }
            }
        };
        tx.commit().await?;
        settled.push(outcome);
    }
}
