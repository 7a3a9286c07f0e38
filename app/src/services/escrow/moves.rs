//! The escrow's money moves: deposits, releases and give-backs, disputes and staff's decisions.

use super::store::*;
use crate::domain::account::Role;
use crate::domain::escrow::{parse_reason, Allocation, EscrowMove, Position};
use crate::domain::money::Cents;
use crate::domain::payment::parse_card;
use crate::error::{AppError, AppResult};
use crate::services::accounts::User;
use crate::services::credits::key;
use crate::services::gateway::{Charge, ChargeKey, Gateway, Method};
use crate::services::idempotency::{self, Begin};
use crate::services::notifications::notify;
use crate::services::payments::{self, Purpose};
use crate::views::escrow::{AllocationForm, EscrowViewer};
use sqlx::PgPool;

/// The client pays into a tranche through the gateway. The rule is checked
/// before the card is charged, so a refused deposit charges nothing.
#[tracing::instrument(skip(pool, gateway, amount, card, raw_key), fields(user = user.id))]
#[allow(clippy::too_many_arguments)]
pub async fn deposit(
    pool: &PgPool,
    gateway: &Gateway,
    user: &User,
    project_id: i64,
    position: i32,
    amount: &str,
    card: &str,
    raw_key: &str,
) -> AppResult<String> {
    let key = key(raw_key)?;
    let cents = Cents::parse_positive(amount).map_err(|m| AppError::field("amount", m))?;
    let card = parse_card(card).map_err(|m| AppError::field("card", m))?;
    let mut tx = pool.begin().await?;
    let (row, before) = load(&mut tx, project_id, true).await?;
    require(
        &row,
        user,
        EscrowViewer::Client,
        "Only the project's client deposits into its escrow.",
    )?;
    let request = format!(
        "escrow_deposit:{project_id}:{position}:{}:{}",
        cents.get(),
        &card[card.len() - 4..]
    );
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    let i = tranche_index(&before, Position::new(position))?;
    let mut after = before.clone();
    let postings = after
        .apply(&EscrowMove::Deposit {
            tranche: i,
            amount: cents,
        })
        .map_err(refused)?;
    let label = &after.tranches[i].label;
    let charge = Charge {
        payer_id: user.id,
        amount_cents: cents.get(),
        method: Method::Card(card),
        key: ChargeKey::Person {
            user_id: user.id,
            key: key.clone(),
        },
        description: format!("Escrow of project #{project_id}, tranche “{label}”"),
    };
    // The escrow's row lock is held while the gateway answers, at most the
    // gateway's timeout: the rule was checked above, so the card is charged
    // only for a deposit that will be accepted.
    let receipt = payments::charge_card(pool, gateway, Purpose::EscrowDeposit, &charge).await?;
    let note = format!(
        "Deposited {} into “{label}” (card ending {})",
        cents.display(),
        receipt.card_last4
    );
    let transaction_id = save(
        &mut tx,
        &row,
        (&before, &after),
        Journal {
            kind: "deposit",
            actor_id: user.id,
            note: &note,
        },
        &postings,
    )
    .await?;
    payments::record(&mut tx, &charge, Purpose::EscrowDeposit, &receipt, None).await?;
    tracing::info!(?transaction_id, cents = cents.get(), "escrow deposit");
    notify(
        &mut tx,
        row.provider_id,
        "escrow_deposit",
        &format!(
            "The client deposited {} into “{label}”: that work is funded.",
            cents.display()
        ),
        Some(&link(project_id)),
    )
    .await?;
    let answer = format!("{note}.");
    idempotency::finish(&mut tx, user.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Which side moves held money: the client releases to the provider, the
/// provider gives back to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Release,
    Refund,
}

/// The client releases held money to the provider, or the provider
/// consents to give held money back to the client. Replays move nothing.
#[tracing::instrument(skip(pool, amount, raw_key), fields(user = user.id))]
pub async fn let_go(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    direction: Direction,
    position: i32,
    amount: &str,
    raw_key: &str,
) -> AppResult<String> {
    let key = key(raw_key)?;
    let cents = Cents::parse_positive(amount).map_err(|m| AppError::field("amount", m))?;
    let mut tx = pool.begin().await?;
    let (row, before) = load(&mut tx, project_id, true).await?;
    let (who, refusal) = match direction {
        Direction::Release => (
            EscrowViewer::Client,
            "Only the project's client releases escrow money.",
        ),
        Direction::Refund => (
            EscrowViewer::Provider,
            "Escrow money goes back to the client only by the provider's consent or by staff's decision.",
        ),
    };
    require(&row, user, who, refusal)?;
    let request = format!("escrow_{direction:?}:{project_id}:{position}:{cents:?}");
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    let i = tranche_index(&before, Position::new(position))?;
    let mut after = before.clone();
    let mv = match direction {
        Direction::Release => EscrowMove::Release {
            tranche: i,
            amount: cents,
        },
        Direction::Refund => EscrowMove::Refund {
            tranche: i,
            amount: cents,
        },
    };
    let postings = after.apply(&mv).map_err(refused)?;
    let label = &after.tranches[i].label;
    let (note, to, message) = match direction {
        Direction::Release => (
            format!("Released {} of “{label}” to the provider", cents.display()),
            row.provider_id,
            format!(
                "The client released {} of “{label}”: you can request its payout.",
                cents.display()
            ),
        ),
        Direction::Refund => (
            format!("Gave {} of “{label}” back to the client", cents.display()),
            row.client_id,
            format!(
                "The provider gave {} of “{label}” back to you.",
                cents.display()
            ),
        ),
    };
    save(
        &mut tx,
        &row,
        (&before, &after),
        Journal {
            kind: mv.kind(),
            actor_id: user.id,
            note: &note,
        },
        &postings,
    )
    .await?;
    notify(
        &mut tx,
        to,
        &format!("escrow_{}", mv.kind()),
        &message,
        Some(&link(project_id)),
    )
    .await?;
    let answer = format!("{note}.");
    idempotency::finish(&mut tx, user.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Either party declares a dispute: the escrow freezes for both until staff
/// decide.
#[tracing::instrument(skip(pool, reason), fields(user = user.id))]
pub async fn open_dispute(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    reason: &str,
) -> AppResult<()> {
    let reason = parse_reason(reason).map_err(|m| AppError::field("reason", m))?;
    let mut tx = pool.begin().await?;
    let (row, before) = load(&mut tx, project_id, true).await?;
    let other = match require_viewer(&row, user)? {
        EscrowViewer::Client => row.provider_id,
        EscrowViewer::Provider => row.client_id,
        EscrowViewer::Staff => {
            return Err(AppError::Forbidden(
                "Only the client or the provider declares a dispute; staff decide it.".into(),
            ))
        }
    };
    let mut after = before.clone();
    after.apply(&EscrowMove::Dispute).map_err(|_| {
        AppError::Conflict("A dispute is already open on this escrow: staff will decide it.".into())
    })?;
    sqlx::query!(
        "INSERT INTO disputes (agreement_id, opened_by, reason) VALUES ($1, $2, $3)",
        row.agreement_id,
        user.id,
        reason
    )
    .execute(&mut *tx)
    .await?;
    save(
        &mut tx,
        &row,
        (&before, &after),
        Journal {
            kind: "dispute",
            actor_id: user.id,
            note: "",
        },
        &[],
    )
    .await?;
    notify(
        &mut tx,
        other,
        "escrow_dispute",
        &format!(
            "{} declared a dispute: the escrow is frozen until staff decide.",
            user.display_name
        ),
        Some(&link(project_id)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An amount typed for a decision: empty means nothing.
fn parse_share(raw: &str) -> Result<Cents, String> {
    if raw.trim().is_empty() {
        return Ok(Cents::ZERO);
    }
    let money = crate::domain::money::Money::parse(raw)?;
    Ok(Cents::from(money))
}

/// Staff decide an open dispute: release to the provider, refund to the
/// client, or a split, per tranche, never more than is held. Both parties
/// are told. Replays move nothing.
#[tracing::instrument(skip(pool, allocations, note, raw_key), fields(user = user.id))]
pub async fn decide(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    allocations: &[AllocationForm],
    note: &str,
    raw_key: &str,
) -> AppResult<String> {
    if user.role != Role::Staff {
        return Err(AppError::Forbidden("Only staff decide disputes.".into()));
    }
    let key = key(raw_key)?;
    let note = crate::domain::fields::bounded_text(note, "The decision's explanation", 10, 2000)
        .map_err(|m| AppError::field("note", m))?;
    let mut tx = pool.begin().await?;
    let (row, before) = load(&mut tx, project_id, true).await?;
    let mut shares = Vec::new();
    for a in allocations {
        let tranche = tranche_index(&before, Position::new(a.position))?;
        let to_provider =
            parse_share(&a.to_provider).map_err(|m| AppError::field("to_provider", m))?;
        let to_client = parse_share(&a.to_client).map_err(|m| AppError::field("to_client", m))?;
        shares.push(Allocation {
            tranche,
            to_provider,
            to_client,
        });
    }
    let request = format!("escrow_decision:{project_id}:{shares:?}");
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    let mut after = before.clone();
    let postings = after
        .apply(&EscrowMove::Decide(shares.clone()))
        .map_err(|e| match e {
            crate::domain::escrow::EscrowError::NotDisputed => {
                AppError::Conflict("There is no open dispute on this escrow.".into())
            }
            other => AppError::field("allocations", other.to_string()),
        })?;
    // Within what the escrow held, so the sums fit.
    let total = |side: fn(&Allocation) -> Cents| {
        Cents::sum(shares.iter().map(side)).ok_or_else(|| AppError::internal("shares overflow"))
    };
    let summary = format!(
        "Staff decided the dispute: {} to the provider, {} back to the client",
        total(|s| s.to_provider)?.display(),
        total(|s| s.to_client)?.display()
    );
    let transaction_id = if postings.is_empty() {
        save(
            &mut tx,
            &row,
            (&before, &after),
            Journal {
                kind: "decision",
                actor_id: user.id,
                note: "",
            },
            &[],
        )
        .await?;
        None
    } else {
        save(
            &mut tx,
            &row,
            (&before, &after),
            Journal {
                kind: "decision",
                actor_id: user.id,
                note: &summary,
            },
            &postings,
        )
        .await?
    };
    sqlx::query!(
        "UPDATE disputes SET status = 'decided', decided_by = $2, decided_at = now(),
                decision_note = $3, decision_transaction_id = $4
          WHERE agreement_id = $1 AND status = 'open'",
        row.agreement_id,
        user.id,
        note,
        transaction_id
    )
    .execute(&mut *tx)
    .await?;
    for party in [row.client_id, row.provider_id] {
        notify(
            &mut tx,
            party,
            "escrow_decision",
            &format!("{summary}. “{note}”"),
            Some(&link(project_id)),
        )
        .await?;
    }
    let answer = format!("{summary}.");
    idempotency::finish(&mut tx, user.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}
