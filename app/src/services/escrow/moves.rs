//! The escrow's money moves: deposits, releases and give-backs, disputes and staff's decisions.

use super::store::*;
use crate::domain::account::Role;
use crate::domain::escrow::{parse_reason, Allocation, Escrow, EscrowMove, Position};
use crate::domain::money::Cents;
use crate::domain::msg::{AmountMsg, DoneMsg, EscrowMsg, FormMsg, NoticeMsg};
use crate::domain::payment::parse_card;
use crate::error::{AppError, AppResult, Msg};
use crate::services::acting::Acting;
use crate::services::credits::key as idempotency_key;
use crate::services::fees;
use crate::services::gateway::Charge;
use crate::services::payments::{self, Purpose};
use crate::views::escrow::{AllocationForm, EscrowViewer};

/// A deposit as the client asked for it, parsed.
#[derive(Debug, Clone)]
pub struct Deposit {
    pub project: i64,
    pub tranche: Position,
    pub amount: Cents,
    /// The card's digits, checked.
    pub card: String,
    pub key: String,
}

impl Deposit {
    /// Parses what the deposit form sent; refusals name their field.
    pub fn parse(
        project: i64,
        tranche: i32,
        amount: &str,
        card: &str,
        key: &str,
    ) -> AppResult<Self> {
        Ok(Deposit {
            key: idempotency_key(key)?,
            amount: Cents::parse_positive(amount).map_err(|m| AppError::field("amount", m))?,
            card: parse_card(card).map_err(|m| AppError::field("card", m))?,
            project,
            tranche: Position::new(tranche),
        })
    }
}

/// The client pays into a tranche through the gateway. The rule is checked
/// before the card is charged, so a refused deposit charges nothing.
#[tracing::instrument(skip_all, fields(user = acting.user.id, project = cmd.project))]
pub async fn deposit(acting: &Acting, cmd: Deposit) -> AppResult<Msg> {
    acting.user.require_verified()?;
    let Deposit {
        project,
        tranche,
        amount,
        card,
        key,
    } = cmd;
    let mut m = MoveTx::lock(
        &acting.pool,
        &acting.user,
        project,
        EscrowViewer::Client,
        Msg::Escrow(EscrowMsg::DepositClientOnly),
    )
    .await?;
    let last4 = &card[card.len() - 4..];
    let (position, cents) = (tranche.get(), amount.get());
    let request = format!("escrow_deposit:{project}:{position}:{cents}:{last4}");
    if let Some(answer) = m.claim(&key, &request).await? {
        return Ok(answer);
    }
    let i = tranche_index(&m.before, tranche)?;
    let mut after = m.before.clone();
    let postings = after
        .apply(&EscrowMove::Deposit { tranche: i, amount })
        .map_err(refused)?;
    // The first deposit also pays the fees the client still owes; it waits
    // while the provider owes theirs (`domain::fees`).
    let first = m.before.tranches.iter().all(|t| t.deposited.is_zero());
    let agreement_id = m.row.agreement_id;
    let fees = fees::lock_for_deposit(m.conn(), agreement_id, first).await?;
    let charged = Cents::sum(fees.iter().map(|f| f.1).chain([amount]))
        .ok_or_else(|| AppError::field("amount", Msg::Amount(AmountMsg::AmountOutOfRange)))?;
    let label = &after.tranches[i].label;
    let mut description = format!("Escrow of project #{project}, tranche “{label}”");
    if !fees.is_empty() {
        description.push_str(" and platform fees");
    }
    let charge = Charge::by_card(acting.user.id, charged, card.clone(), &key, description);
    // The escrow's row lock is held while the gateway answers, at most the
    // gateway's timeout: the rule was checked above, so the card is charged
    // only for a deposit that will be accepted.
    let receipt = acting.charge_card(Purpose::EscrowDeposit, &charge).await?;
    fees::settle_with_deposit(
        m.conn(),
        agreement_id,
        &fees,
        (acting.user.id, &receipt.card_last4),
    )
    .await?;
    let what = Msg::Done(DoneMsg::Deposited {
        amount,
        tranche: label.clone(),
        last4: receipt.card_last4.clone(),
        fees,
        charged,
    });
    let journal = Journal {
        kind: "deposit",
        actor_id: acting.user.id,
        what: Some(&what),
    };
    let transaction_id = m.save(&after, journal, &postings).await?;
    payments::record(m.conn(), &charge, Purpose::EscrowDeposit, &receipt, None).await?;
    tracing::info!(?transaction_id, cents = amount.get(), "escrow deposit");
    let told = Notice {
        to: m.row.provider_id,
        kind: "escrow_deposit".into(),
        message: Msg::Notice(NoticeMsg::EscrowDeposited {
            amount,
            tranche: label.clone(),
        }),
    };
    m.finish(vec![told], what).await
}

/// Which side moves held money: the client releases to the provider, the
/// provider gives back to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Release,
    Refund,
}

/// Held money let go, as asked for, parsed.
#[derive(Debug, Clone)]
pub struct LetGo {
    pub project: i64,
    pub direction: Direction,
    pub tranche: Position,
    pub amount: Cents,
    pub key: String,
}

impl LetGo {
    /// Parses what the release or give-back form sent.
    pub fn parse(
        project: i64,
        direction: Direction,
        tranche: i32,
        amount: &str,
        key: &str,
    ) -> AppResult<Self> {
        Ok(LetGo {
            key: idempotency_key(key)?,
            amount: Cents::parse_positive(amount).map_err(|m| AppError::field("amount", m))?,
            project,
            direction,
            tranche: Position::new(tranche),
        })
    }
}

/// The client releases held money to the provider, or the provider
/// consents to give held money back to the client. Replays move nothing.
#[tracing::instrument(skip_all, fields(user = acting.user.id, project = cmd.project))]
pub async fn let_go(acting: &Acting, cmd: LetGo) -> AppResult<Msg> {
    let LetGo {
        project,
        direction,
        tranche,
        amount,
        key,
    } = cmd;
    let (who, refusal) = match direction {
        Direction::Release => (
            EscrowViewer::Client,
            Msg::Escrow(EscrowMsg::ReleaseClientOnly),
        ),
        Direction::Refund => (
            EscrowViewer::Provider,
            Msg::Escrow(EscrowMsg::RefundProviderOnly),
        ),
    };
    let mut m = MoveTx::lock(&acting.pool, &acting.user, project, who, refusal).await?;
    let request = format!(
        "escrow_{direction:?}:{project}:{}:{amount:?}",
        tranche.get()
    );
    if let Some(answer) = m.claim(&key, &request).await? {
        return Ok(answer);
    }
    let i = tranche_index(&m.before, tranche)?;
    let mv = match direction {
        Direction::Release => EscrowMove::Release { tranche: i, amount },
        Direction::Refund => EscrowMove::Refund { tranche: i, amount },
    };
    let mut after = m.before.clone();
    let postings = after.apply(&mv).map_err(refused)?;
    let label = &after.tranches[i].label;
    let tranche = label.clone();
    let (what, to, message) = match direction {
        Direction::Release => (
            Msg::Done(DoneMsg::Released { amount, tranche }),
            m.row.provider_id,
            Msg::Notice(NoticeMsg::EscrowReleased {
                amount,
                tranche: label.clone(),
            }),
        ),
        Direction::Refund => (
            Msg::Done(DoneMsg::GaveBack { amount, tranche }),
            m.row.client_id,
            Msg::Notice(NoticeMsg::EscrowGivenBack {
                amount,
                tranche: label.clone(),
            }),
        ),
    };
    let journal = Journal {
        kind: mv.kind(),
        actor_id: acting.user.id,
        what: Some(&what),
    };
    m.save(&after, journal, &postings).await?;
    let told = Notice {
        to,
        kind: format!("escrow_{}", mv.kind()),
        message,
    };
    m.finish(vec![told], what).await
}

/// Either party declares a dispute: the escrow freezes for both until staff
/// decide.
#[tracing::instrument(skip_all, fields(user = acting.user.id, project = project_id))]
pub async fn open_dispute(acting: &Acting, project_id: i64, reason: &str) -> AppResult<()> {
    let reason = parse_reason(reason).map_err(|m| AppError::field("reason", m))?;
    let (mut m, viewer) = MoveTx::open(&acting.pool, &acting.user, project_id).await?;
    let other = match viewer {
        EscrowViewer::Client => m.row.provider_id,
        EscrowViewer::Provider => m.row.client_id,
        EscrowViewer::Staff => {
            return Err(AppError::Forbidden(Msg::Escrow(EscrowMsg::DisputeParties)))
        }
    };
    let mut after = m.before.clone();
    after
        .apply(&EscrowMove::Dispute)
        .map_err(|_| AppError::Conflict(Msg::Escrow(EscrowMsg::DisputeOpenAlready)))?;
    let agreement_id = m.row.agreement_id;
    sqlx::query!(
        "INSERT INTO disputes (agreement_id, opened_by, reason) VALUES ($1, $2, $3)",
        agreement_id,
        acting.user.id,
        &reason
    )
    .execute(m.conn())
    .await?;
    let journal = Journal {
        kind: "dispute",
        actor_id: acting.user.id,
        what: None,
    };
    m.save(&after, journal, &[]).await?;
    let told = Notice {
        to: other,
        kind: "escrow_dispute".into(),
        message: Msg::Notice(NoticeMsg::DisputeDeclared {
            name: acting.user.display_name.clone(),
        }),
    };
    // No key was claimed: the answer is not kept, only returned.
    m.finish(
        vec![told],
        Msg::Done(DoneMsg::DisputeDeclaredLine { reason }),
    )
    .await?;
    Ok(())
}

/// An amount typed for a decision: empty means nothing.
fn parse_share(raw: &str) -> Result<Cents, Msg> {
    if raw.trim().is_empty() {
        return Ok(Cents::ZERO);
    }
    let money = crate::domain::money::Money::parse(raw)?;
    Ok(Cents::from(money))
}

/// Staff's decision of a dispute, as sent, parsed: per tranche, what goes
/// to the provider and what back to the client.
#[derive(Debug, Clone)]
pub struct Decision {
    pub project: i64,
    pub shares: Vec<Share>,
    pub note: String,
    pub key: String,
}

/// One tranche's part of a decision.
#[derive(Debug, Clone, Copy)]
pub struct Share {
    pub tranche: Position,
    pub to_provider: Cents,
    pub to_client: Cents,
}

impl Decision {
    /// Parses the decision form; refusals name their field.
    pub fn parse(
        project: i64,
        allocations: &[AllocationForm],
        note: &str,
        key: &str,
    ) -> AppResult<Self> {
        let key = idempotency_key(key)?;
        let note = crate::domain::fields::bounded(note, 10, 2000)
            .map_err(|m| AppError::field("note", m))?;
        let shares = allocations
            .iter()
            .map(|a| {
                Ok(Share {
                    tranche: Position::new(a.position),
                    to_provider: parse_share(&a.to_provider)
                        .map_err(|m| AppError::field("to_provider", m))?,
                    to_client: parse_share(&a.to_client)
                        .map_err(|m| AppError::field("to_client", m))?,
                })
            })
            .collect::<AppResult<_>>()?;
        Ok(Decision {
            project,
            shares,
            note,
            key,
        })
    }
}

/// Only staff decide disputes; anyone else is refused before their form
/// is read.
pub fn may_decide(user: &crate::services::accounts::User) -> AppResult<()> {
    if user.role != Role::Staff {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)));
    }
    Ok(())
}

/// Staff decide an open dispute: release to the provider, refund to the
/// client, or a split, per tranche, never more than is held. Both parties
/// are told. Replays move nothing.
#[tracing::instrument(skip_all, fields(user = acting.user.id, project = cmd.project))]
pub async fn decide(acting: &Acting, cmd: Decision) -> AppResult<Msg> {
    may_decide(&acting.user)?;
    let Decision {
        project,
        shares,
        note,
        key,
    } = cmd;
    let mut m = MoveTx::lock(
        &acting.pool,
        &acting.user,
        project,
        EscrowViewer::Staff,
        Msg::Form(FormMsg::ForStaff),
    )
    .await?;
    let shares = allocations(&m.before, &shares)?;
    let request = format!("escrow_decision:{project}:{shares:?}");
    if let Some(answer) = m.claim(&key, &request).await? {
        return Ok(answer);
    }
    let mut after = m.before.clone();
    let postings = after
        .apply(&EscrowMove::Decide(shares.clone()))
        .map_err(|e| match e {
            crate::domain::escrow::EscrowError::NotDisputed => {
                AppError::Conflict(Msg::Escrow(EscrowMsg::NotDisputed))
            }
            other => AppError::field("allocations", other),
        })?;
    let summary = decision_summary(&shares)?;
    // A decision that moves nothing writes no ledger transaction.
    let journal = Journal {
        kind: "decision",
        actor_id: acting.user.id,
        what: (!postings.is_empty()).then_some(&summary),
    };
    let transaction_id = m.save(&after, journal, &postings).await?;
    let agreement_id = m.row.agreement_id;
    sqlx::query!(
        "UPDATE disputes SET status = 'decided', decided_by = $2, decided_at = now(),
                decision_note = $3, decision_transaction_id = $4
          WHERE agreement_id = $1 AND status = 'open'",
        agreement_id,
        acting.user.id,
        note,
        transaction_id
    )
    .execute(m.conn())
    .await?;
    let told = [m.row.client_id, m.row.provider_id].map(|to| Notice {
        to,
        kind: "escrow_decision".into(),
        message: Msg::Notice(NoticeMsg::DisputeSettled {
            summary: Box::new(summary.clone()),
            note: note.to_owned(),
        }),
    });
    m.finish(told.into(), summary).await
}

/// The shares of a decision on the escrow's tranches.
fn allocations(escrow: &Escrow, shares: &[Share]) -> AppResult<Vec<Allocation>> {
    shares
        .iter()
        .map(|s| {
            Ok(Allocation {
                tranche: tranche_index(escrow, s.tranche)?,
                to_provider: s.to_provider,
                to_client: s.to_client,
            })
        })
        .collect()
}

/// "Staff decided the dispute: X to the provider, Y back to the client".
fn decision_summary(shares: &[Allocation]) -> AppResult<Msg> {
    // Within what the escrow held, so the sums fit.
    let total = |side: fn(&Allocation) -> Cents| {
        Cents::sum(shares.iter().map(side)).ok_or_else(|| AppError::internal("shares overflow"))
    };
    Ok(Msg::Done(DoneMsg::DisputeDecided {
        to_provider: total(|s| s.to_provider)?,
        to_client: total(|s| s.to_client)?,
    }))
}
