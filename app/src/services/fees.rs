//! The platform's fees on a confirmed agreement: the connection commission
//! (its payer as agreed) and the R0 fee (the client), charged when the
//! provider signs and paid through the gateway. A downward revision agreed
//! by both recomputes the commission; the difference first lowers what is
//! due and the rest is credited to the payer. Every movement is a balanced
//! entry in the append-only fee ledger.

use super::accounts::User;
use super::credits::key;
use super::gateway::{Charge, Gateway};
use super::idempotency::{self, Begin};
use super::jobs;
use super::notifications::notify;
use super::payments::{self, Purpose};
use crate::domain::account::Role;
use crate::domain::agreement::{Answer, CommissionPayer, FeeBook, FeeKind, FeePosting, Formula};
use crate::domain::escrow::parse_reason;
use crate::domain::fees::{self as fee_rules, Deadline, Owed};
use crate::domain::money::Cents;
use crate::domain::msg::{DealMsg, FeeMsg, NoticeMsg, ToldMsg};
use crate::domain::payment::parse_card;
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult, Msg};
use crate::views::fees::{FeeLine, FeesView, RevisionView};
use sqlx::{PgConnection, PgPool};

async fn post(
    conn: &mut PgConnection,
    agreement_id: i64,
    (fee_kind, kind): (FeeKind, &str),
    actor_id: i64,
    note: &str,
    postings: &[FeePosting],
) -> AppResult<()> {
    if postings.is_empty() {
        return Ok(());
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO fee_transactions (agreement_id, fee_kind, kind, actor_id, note)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        agreement_id,
        fee_kind.slug(),
        kind,
        actor_id,
        note
    )
    .fetch_one(&mut *conn)
    .await?;
    for (account, amount) in postings {
        sqlx::query!(
            "INSERT INTO fee_entries (transaction_id, account, amount) VALUES ($1, $2, $3)",
            id,
            account.slug(),
            amount.get()
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn save(
    conn: &mut PgConnection,
    agreement_id: i64,
    kind: FeeKind,
    b: &FeeBook,
) -> AppResult<()> {
    sqlx::query!(
        "UPDATE platform_fees SET fee_cents = $3, due_cents = $4, paid_cents = $5, credit_cents = $6,
                waived_cents = $7
          WHERE agreement_id = $1 AND kind = $2",
        agreement_id,
        kind.slug(),
        b.fee.get(),
        b.due.get(),
        b.paid.get(),
        b.credit.get(),
        b.waived.get()
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Charges an agreement's fees as the provider signs it (the caller's
/// transaction), with their deadline, and schedules the first reminder.
pub(crate) async fn charge_agreement(conn: &mut PgConnection, agreement_id: i64) -> AppResult<()> {
    let now = sqlx::query_scalar!(r#"SELECT now() AS "now!""#)
        .fetch_one(&mut *conn)
        .await?;
    let a = sqlx::query!(
        "SELECT client_id, provider_id, formula, amount_cents, commission_payer, connection_rate_bp,
                zero_risk_rate_bp FROM agreements WHERE id = $1",
        agreement_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let mut fees = vec![(
        FeeKind::Connection,
        if CommissionPayer::from_slug(&a.commission_payer) == Some(CommissionPayer::Provider) {
            a.provider_id
        } else {
            a.client_id
        },
        i64::from(a.connection_rate_bp),
    )];
    let formula = Formula::from_slug(&a.formula).ok_or_else(|| AppError::internal("a formula"))?;
    let due_by = match fee_rules::deadline(formula, now) {
        Deadline::By(by) => Some(by),
        Deadline::FirstDeposit => None,
    };
    if formula == Formula::ZeroRisk {
        fees.push((
            FeeKind::ZeroRisk,
            a.client_id,
            i64::from(a.zero_risk_rate_bp),
        ));
    }
    for (kind, payer, rate) in fees {
        let (book, postings) =
            FeeBook::charge(rate, Cents::new(a.amount_cents)).map_err(AppError::internal)?;
        sqlx::query!(
            "INSERT INTO platform_fees (agreement_id, kind, payer_id, rate_bp, fee_cents, due_cents,
                                        charged_at, due_by)
             VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
            agreement_id,
            kind.slug(),
            payer,
            rate as i32,
            book.fee.get(),
            now,
            due_by
        )
        .execute(&mut *conn)
        .await?;
        let note = format!("{} of {} charged", kind.label(), book.fee.display());
        post(
            conn,
            agreement_id,
            (kind, "charge"),
            payer,
            &note,
            &postings,
        )
        .await?;
    }
    if let Some(at) = fee_rules::next_reminder(now, 0, now) {
        jobs::enqueue_on(conn, fee_rules::REMINDER_JOB, agreement_id, at).await?;
    }
    Ok(())
}

struct Agreement {
    id: i64,
    client_id: i64,
    provider_id: i64,
    amount_cents: i64,
    formula: String,
    project_status: String,
}

/// The project's confirmed agreement, locked, for one of its parties or
/// staff; nobody else learns there is one. `NO KEY UPDATE`: the fee
/// ledger's rows that reference it may still be written meanwhile.
async fn agreement(conn: &mut PgConnection, user: &User, project_id: i64) -> AppResult<Agreement> {
    let a = sqlx::query_as!(
        Agreement,
        r#"SELECT a.id, a.client_id, a.provider_id, a.amount_cents, a.formula, p.status AS project_status
             FROM agreements a JOIN projects p ON p.id = a.project_id
            WHERE a.project_id = $1 AND a.status = 'confirmed' FOR NO KEY UPDATE OF a"#,
        project_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    match a {
        Some(a)
            if user.role == Role::Staff || user.id == a.client_id || user.id == a.provider_id =>
        {
            Ok(a)
        }
        _ => Err(AppError::NotFound(Msg::Deal(DealMsg::NoSignedAgreement {
            id: project_id,
        }))),
    }
}

async fn book(
    conn: &mut PgConnection,
    agreement_id: i64,
    kind: FeeKind,
) -> AppResult<(i64, FeeBook)> {
    let r = sqlx::query!(
        "SELECT payer_id, rate_bp, fee_cents, due_cents, paid_cents, credit_cents, waived_cents
           FROM platform_fees WHERE agreement_id = $1 AND kind = $2 FOR UPDATE",
        agreement_id,
        kind.slug()
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| AppError::field("kind", Msg::Deal(DealMsg::NoSuchFee)))?;
    Ok((
        r.payer_id,
        FeeBook {
            rate_bp: r.rate_bp.into(),
            fee: Cents::new(r.fee_cents),
            due: Cents::new(r.due_cents),
            paid: Cents::new(r.paid_cents),
            credit: Cents::new(r.credit_cents),
            waived: Cents::new(r.waived_cents),
        },
    ))
}

/// The fees and revisions, for the parties and staff.
pub async fn view(pool: &PgPool, user: &User, project_id: i64) -> AppResult<FeesView> {
    let mut tx = pool.begin().await?;
    let a = agreement(&mut tx, user, project_id).await?;
    let lines = sqlx::query!(
        r#"SELECT f.kind, f.payer_id, u.display_name, f.rate_bp, f.fee_cents, f.due_cents, f.paid_cents, f.credit_cents,
                  f.waived_cents, f.due_by, now() AS "now!"
           FROM platform_fees f JOIN users u ON u.id = f.payer_id WHERE f.agreement_id = $1 ORDER BY f.kind"#,
        a.id
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|f| {
        let kind = FeeKind::from_slug(&f.kind).ok_or_else(|| AppError::internal("a fee of no kind"))?;
        let deadline = f.due_by.map_or(Deadline::FirstDeposit, Deadline::By);
        let overdue = fee_rules::overdue(deadline, f.now);
        Ok(FeeLine {
            kind,
            payer_name: f.display_name,
            mine: f.payer_id == user.id,
            rate_bp: f.rate_bp.into(),
            fee: Cents::new(f.fee_cents),
            due: Cents::new(f.due_cents),
            paid: Cents::new(f.paid_cents),
            credit: Cents::new(f.credit_cents),
            waived: Cents::new(f.waived_cents),
            deadline,
            overdue,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    let revisions = sqlx::query!(
        "SELECT r.id, r.proposed_by, u.display_name, r.old_cents, r.new_cents, r.reason, r.status,
                r.credit_cents, r.proposed_at
           FROM agreement_revisions r JOIN users u ON u.id = r.proposed_by
          WHERE r.agreement_id = $1 ORDER BY r.id DESC",
        a.id
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| {
        Ok(RevisionView {
            id: r.id,
            proposed_by: r.display_name,
            by_me: r.proposed_by == user.id,
            old_amount: Cents::new(r.old_cents),
            new_amount: Cents::new(r.new_cents),
            reason: r.reason,
            status: r.status,
            credit: r.credit_cents.map(Cents::new),
            proposed_at: r.proposed_at,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    tx.commit().await?;
    let basic = Formula::from_slug(&a.formula) == Some(Formula::Basic);
    let party = user.id == a.client_id || user.id == a.provider_id;
    Ok(FeesView {
        project_id,
        amount: Cents::new(a.amount_cents),
        basic,
        can_revise: basic
            && party
            && ProjectStatus::from_slug(&a.project_status) == Some(ProjectStatus::InProgress)
            && !revisions.iter().any(|r| r.status == "proposed"),
        lines,
        revisions,
    })
}

/// The payer pays what is due on one fee, by card. Replays charge once.
#[tracing::instrument(skip(pool, gateway, card, raw_key), fields(user = user.id))]
pub async fn pay(
    pool: &PgPool,
    gateway: &Gateway,
    user: &User,
    project_id: i64,
    kind: FeeKind,
    card: &str,
    raw_key: &str,
) -> AppResult<Msg> {
    user.require_verified()?;
    let key = key(raw_key)?;
    let card = parse_card(card).map_err(|m| AppError::field("card", m))?;
    let mut tx = pool.begin().await?;
    let a = agreement(&mut tx, user, project_id).await?;
    let request = format!("fee:{project_id}:{}", kind.slug());
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    let (payer, mut b) = book(&mut tx, a.id, kind).await?;
    if payer != user.id {
        return Err(AppError::Forbidden(Msg::Deal(DealMsg::FeePaidByOther)));
    }
    let amount = b.due;
    let postings = b.pay().map_err(AppError::Conflict)?;
    let description = format!("{} on project #{project_id}", kind.label());
    let charge = Charge::by_card(user.id, amount, card, &key, description);
    let receipt = payments::charge_card(pool, gateway, Purpose::PlatformFee, &charge).await?;
    save(&mut tx, a.id, kind, &b).await?;
    let note = format!(
        "{} of {} paid (card ending {})",
        kind.label(),
        amount.display(),
        receipt.card_last4
    );
    post(&mut tx, a.id, (kind, "payment"), user.id, &note, &postings).await?;
    payments::record(&mut tx, &charge, Purpose::PlatformFee, &receipt, None).await?;
    let answer = Msg::Fee(FeeMsg::FeePaid {
        kind,
        amount,
        last4: receipt.card_last4.clone(),
    });
    idempotency::finish(&mut tx, user.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Either party proposes to lower the agreed amount (basic formula).
#[tracing::instrument(skip(pool, amount, reason), fields(user = user.id))]
pub async fn propose_revision(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    amount: &str,
    reason: &str,
) -> AppResult<()> {
    let new_cents = Cents::parse_positive(amount)
        .map_err(|m| AppError::field("amount", m))?
        .get();
    let reason = parse_reason(reason).map_err(|m| AppError::field("reason", m))?;
    let mut tx = pool.begin().await?;
    let a = agreement(&mut tx, user, project_id).await?;
    let other = if user.id == a.client_id {
        a.provider_id
    } else if user.id == a.provider_id {
        a.client_id
    } else {
        return Err(AppError::Forbidden(Msg::Deal(DealMsg::ReviseParties)));
    };
    if Formula::from_slug(&a.formula) != Some(Formula::Basic) {
        return Err(AppError::Conflict(Msg::Deal(DealMsg::ReviseBasicOnly)));
    }
    if ProjectStatus::from_slug(&a.project_status) != Some(ProjectStatus::InProgress) {
        return Err(AppError::Conflict(Msg::Deal(DealMsg::ReviseInProgress)));
    }
    if new_cents >= a.amount_cents {
        return Err(AppError::field(
            "amount",
            Msg::Deal(DealMsg::RevisionBelow {
                amount: Cents::new(a.amount_cents),
            }),
        ));
    }
    let inserted = sqlx::query!(
        "INSERT INTO agreement_revisions (agreement_id, proposed_by, old_cents, new_cents, reason)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        a.id,
        user.id,
        a.amount_cents,
        new_cents,
        reason
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::Conflict(Msg::Deal(DealMsg::RevisionWaiting)));
    }
    notify(
        &mut tx,
        other,
        "revision_proposed",
        Msg::Notice(NoticeMsg::RevisionProposed {
            name: user.display_name.clone(),
            from: Cents::new(a.amount_cents),
            to: Cents::new(new_cents),
        }),
        Some(&format!("/projects/{project_id}")),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The revision waiting for an answer.
struct PendingRevision {
    id: i64,
    proposed_by: i64,
    old_cents: i64,
    new_cents: i64,
}

/// The other party accepts or declines the pending revision. Accepting
/// lowers the agreed amount and recomputes the commission.
#[tracing::instrument(skip(pool), fields(user = user.id))]
pub async fn answer_revision(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    answer: Answer,
) -> AppResult<Msg> {
    let mut tx = pool.begin().await?;
    let a = agreement(&mut tx, user, project_id).await?;
    let r = sqlx::query_as!(
        PendingRevision,
        "SELECT id, proposed_by, old_cents, new_cents FROM agreement_revisions
          WHERE agreement_id = $1 AND status = 'proposed'",
        a.id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Conflict(Msg::Deal(DealMsg::NoRevisionWaiting)))?;
    let party = user.id == a.client_id || user.id == a.provider_id;
    if !party || user.id == r.proposed_by {
        return Err(AppError::Forbidden(Msg::Deal(DealMsg::RevisionOtherParty)));
    }
    if r.old_cents != a.amount_cents {
        return Err(AppError::internal("a revision from another amount"));
    }
    let (reply, accepted) = match answer {
        Answer::Accept => (
            accept_revision(&mut tx, &a, &r, user, project_id).await?,
            true,
        ),
        Answer::Refuse => {
            sqlx::query!(
                "UPDATE agreement_revisions SET status = 'declined', answered_at = now() WHERE id = $1",
                r.id
            )
            .execute(&mut *tx)
            .await?;
            (Msg::Fee(FeeMsg::RevisionDeclined), false)
        }
    };
    let told = Msg::Notice(NoticeMsg::RevisionAnswered {
        name: user.display_name.clone(),
        accepted,
    });
    let link = format!("/projects/{project_id}");
    notify(
        &mut tx,
        r.proposed_by,
        "revision_answered",
        told,
        Some(&link),
    )
    .await?;
    tx.commit().await?;
    Ok(reply)
}

/// Lowers the agreed amount to the revision's and credits the commission
/// payer the difference, in the caller's transaction.
async fn accept_revision(
    conn: &mut PgConnection,
    a: &Agreement,
    r: &PendingRevision,
    user: &User,
    project_id: i64,
) -> AppResult<Msg> {
    let (old, new) = (Cents::new(r.old_cents), Cents::new(r.new_cents));
    let (payer, mut b) = book(conn, a.id, FeeKind::Connection).await?;
    let (credit, postings) = b.revise(old, new).map_err(AppError::Conflict)?;
    save(conn, a.id, FeeKind::Connection, &b).await?;
    let note = format!(
        "Commission recomputed on {} instead of {}: {} in the payer's favour",
        new.display(),
        old.display(),
        credit.display()
    );
    let kind = (FeeKind::Connection, "revision");
    post(conn, a.id, kind, user.id, &note, &postings).await?;
    sqlx::query!(
        "UPDATE agreements SET amount_cents = $2 WHERE id = $1",
        a.id,
        r.new_cents
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE agreement_revisions SET status = 'accepted', credit_cents = $2, answered_at = now() WHERE id = $1",
        r.id,
        credit.get()
    )
    .execute(&mut *conn)
    .await?;
    if payer != user.id {
        let told = Msg::Notice(NoticeMsg::CommissionCredit { credit });
        let link = format!("/projects/{project_id}");
        notify(conn, payer, "commission_credit", told, Some(&link)).await?;
    }
    Ok(Msg::Fee(FeeMsg::RevisionAccepted {
        amount: new,
        credit,
    }))
}

/// The fees of an agreement as the first deposit sees them.
async fn owed(conn: &mut PgConnection, agreement_id: i64) -> AppResult<Vec<Owed>> {
    sqlx::query!(
        "SELECT f.kind, f.payer_id = a.client_id AS \"by_client!\", f.due_cents
           FROM platform_fees f JOIN agreements a ON a.id = f.agreement_id
          WHERE f.agreement_id = $1 ORDER BY f.kind",
        agreement_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|f| {
        Ok(Owed {
            kind: FeeKind::from_slug(&f.kind).ok_or_else(|| AppError::internal("a fee kind"))?,
            by_client: f.by_client,
            due: Cents::new(f.due_cents),
        })
    })
    .collect()
}

/// What a deposit into a zero-risk escrow collects with it (`first`: no
/// money was deposited yet), or why it must wait (`domain::fees`). Read
/// only: the deposit itself locks the fees with `lock_for_deposit`.
pub(crate) async fn with_deposit(
    conn: &mut PgConnection,
    agreement_id: i64,
    first: bool,
) -> AppResult<Result<Vec<(FeeKind, Cents)>, Msg>> {
    let fees = owed(conn, agreement_id).await?;
    Ok(
        fee_rules::collected_with_deposit(Formula::ZeroRisk, first, &fees)
            .map_err(|blocked| blocked.message()),
    )
}

/// The fees a first deposit collects, under their row locks in the
/// deposit's transaction, so a fee paid on its own at the same moment is
/// never paid twice. A deposit that must wait is refused.
pub(crate) async fn lock_for_deposit(
    conn: &mut PgConnection,
    agreement_id: i64,
    first: bool,
) -> AppResult<Vec<(FeeKind, Cents)>> {
    // The agreement, then its fees: the order every fee path locks them in.
    sqlx::query!(
        "SELECT 1 AS one FROM agreements WHERE id = $1 FOR NO KEY UPDATE",
        agreement_id
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "SELECT 1 AS one FROM platform_fees WHERE agreement_id = $1 FOR UPDATE",
        agreement_id
    )
    .fetch_all(&mut *conn)
    .await?;
    with_deposit(conn, agreement_id, first)
        .await?
        .map_err(AppError::Conflict)
}

/// Books the fees paid with a deposit (the same card payment): one fee
/// ledger movement each, beside the escrow's.
pub(crate) async fn settle_with_deposit(
    conn: &mut PgConnection,
    agreement_id: i64,
    collected: &[(FeeKind, Cents)],
    (actor_id, last4): (i64, &str),
) -> AppResult<()> {
    for (kind, expected) in collected {
        let (_, mut b) = book(conn, agreement_id, *kind).await?;
        if b.due != *expected {
            return Err(AppError::internal("a fee changed under its lock"));
        }
        let postings = b.pay().map_err(AppError::Conflict)?;
        save(conn, agreement_id, *kind, &b).await?;
        let note = format!(
            "{} of {} paid with the first deposit (card ending {last4})",
            kind.label(),
            expected.display()
        );
        post(
            conn,
            agreement_id,
            (*kind, "payment"),
            actor_id,
            &note,
            &postings,
        )
        .await?;
    }
    Ok(())
}

/// Staff waive what is still due on one fee, with a reason. The payer is
/// told; the fee ledger keeps who waived what and why.
#[tracing::instrument(skip(pool, reason), fields(user = user.id))]
pub async fn waive(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    kind: FeeKind,
    reason: &str,
) -> AppResult<Msg> {
    user.require_staff()?;
    let reason =
        fee_rules::parse_waiver_reason(reason).map_err(|m| AppError::field("reason", m))?;
    let mut tx = pool.begin().await?;
    let a = agreement(&mut tx, user, project_id).await?;
    let (payer, mut b) = book(&mut tx, a.id, kind).await?;
    let (amount, postings) = b.waive().map_err(AppError::Conflict)?;
    // The reason first: a row never says "waived" without saying why.
    sqlx::query!(
        "UPDATE platform_fees SET waived_by = $3, waive_reason = $4 WHERE agreement_id = $1 AND kind = $2",
        a.id,
        kind.slug(),
        user.id,
        reason
    )
    .execute(&mut *tx)
    .await?;
    save(&mut tx, a.id, kind, &b).await?;
    let note = format!(
        "{} of {} waived by {}: {reason}",
        kind.label(),
        amount.display(),
        user.display_name
    );
    post(&mut tx, a.id, (kind, "waiver"), user.id, &note, &postings).await?;
    let told = Msg::Told(ToldMsg::YourFeeWaived {
        kind,
        amount,
        project_id,
        reason: reason.clone(),
    });
    let link = format!("/projects/{project_id}");
    notify(&mut tx, payer, "fee_waived", told, Some(&link)).await?;
    tx.commit().await?;
    Ok(Msg::Fee(FeeMsg::FeeWaived {
        kind,
        amount,
        reason,
    }))
}

/// The reminder job: tells each payer what they still owe on the
/// agreement, then schedules the next reminder while anything is due.
pub(crate) async fn remind(
    conn: &mut PgConnection,
    agreement_id: i64,
    now: time::OffsetDateTime,
) -> AppResult<String> {
    let fees = sqlx::query!(
        "SELECT f.kind, f.payer_id, f.due_cents, f.charged_at, f.due_by, f.reminders_sent, a.project_id
           FROM platform_fees f JOIN agreements a ON a.id = f.agreement_id
          WHERE f.agreement_id = $1 AND f.due_cents > 0 ORDER BY f.kind FOR UPDATE OF f",
        agreement_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut next = None;
    for f in &fees {
        let kind = FeeKind::from_slug(&f.kind).ok_or_else(|| AppError::internal("a fee kind"))?;
        let deadline = f.due_by.map_or(Deadline::FirstDeposit, Deadline::By);
        let text = fee_rules::reminder(kind, Cents::new(f.due_cents), f.project_id, deadline, now);
        let link = "/dashboard#fees";
        notify(conn, f.payer_id, "fee_reminder", text, Some(link)).await?;
        sqlx::query!(
            "UPDATE platform_fees SET reminders_sent = reminders_sent + 1 WHERE agreement_id = $1 AND kind = $2",
            agreement_id,
            f.kind
        )
        .execute(&mut *conn)
        .await?;
        let sent = usize::try_from(f.reminders_sent).unwrap_or(0) + 1;
        next = match (next, fee_rules::next_reminder(f.charged_at, sent, now)) {
            (Some(a), Some(b)) => Some(std::cmp::min(a, b)),
            (a, b) => a.or(b),
        };
    }
    if let Some(at) = next {
        jobs::enqueue_on(conn, fee_rules::REMINDER_JOB, agreement_id, at).await?;
    }
    Ok(format!("{} fee(s) reminded", fees.len()))
}
