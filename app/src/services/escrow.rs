//! The zero-risk escrow in PostgreSQL. Every move takes the escrow's row
//! lock, loads it into `domain::escrow::Escrow`, lets the domain decide,
//! then writes the new tranche amounts, the balanced ledger postings and the
//! idempotency answer in the same transaction, and bumps the escrow's
//! version, whose trigger notifies every server instance after commit.

use super::accounts::User;
use super::credits::{cents_money, key};
use super::files::{Download, FileStore};
use super::gateway::{Charge, ChargeKey, Gateway, Method};
use super::idempotency::{self, Begin};
use super::notifications::notify;
use super::payments::{self, Purpose};
use crate::domain::account::Role;
use crate::domain::escrow::{
    parse_amount, parse_reason, parse_transfer_reference, payout_paid_postings, Allocation, Escrow,
    EscrowMove, EscrowPosting, Tranche,
};
use crate::domain::files::{check_invoice, safe_name, UploadRefusal};
use crate::domain::ledger::cents_display as eur;
use crate::domain::payment::parse_card;
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult};
use crate::views::escrow::{
    AllocationForm, DisputeQueueItem, DisputeView, EscrowDesk, EscrowEventView, EscrowTab,
    EscrowViewer, PayoutQueueItem, PayoutView, TrancheView,
};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

/// "2026-11-23 17:40 UTC".
pub(crate) fn stamp(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// The escrow row and its parties.
#[derive(Debug, Clone)]
pub(crate) struct EscrowRow {
    pub agreement_id: i64,
    pub project_id: i64,
    pub client_id: i64,
    pub provider_id: i64,
    pub payout_cents: i64,
    pub paid_cents: i64,
    pub version: i64,
}

fn no_escrow(project_id: i64) -> AppError {
    AppError::NotFound(format!(
        "Project #{project_id} has no escrow: only zero-risk agreements, once confirmed, have one."
    ))
}

/// Creates the escrow of a zero-risk agreement the provider just confirmed,
/// in the caller's transaction.
pub(crate) async fn open_for_agreement(
    conn: &mut PgConnection,
    agreement_id: i64,
) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO escrows (agreement_id, project_id, client_id, provider_id)
         SELECT id, project_id, client_id, provider_id FROM agreements WHERE id = $1",
        agreement_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO escrow_tranches (agreement_id, position, label, planned_cents)
         SELECT agreement_id, position, label, amount_cents FROM agreement_tranches WHERE agreement_id = $1",
        agreement_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Reads the escrow of a project; with `lock`, under its row lock, which
/// every move takes first, so moves on one escrow happen one at a time.
async fn load(
    conn: &mut PgConnection,
    project_id: i64,
    lock: bool,
) -> AppResult<(EscrowRow, Escrow)> {
    let row = if lock {
        sqlx::query_as!(
            EscrowRow,
            "SELECT agreement_id, project_id, client_id, provider_id, payout_cents, paid_cents, version
               FROM escrows WHERE project_id = $1 FOR UPDATE",
            project_id
        )
        .fetch_optional(&mut *conn)
        .await?
    } else {
        sqlx::query_as!(
            EscrowRow,
            "SELECT agreement_id, project_id, client_id, provider_id, payout_cents, paid_cents, version
               FROM escrows WHERE project_id = $1",
            project_id
        )
        .fetch_optional(&mut *conn)
        .await?
    }
    .ok_or_else(|| no_escrow(project_id))?;
    let tranches = sqlx::query!(
        "SELECT label, planned_cents, deposited_cents, released_cents, refunded_cents
           FROM escrow_tranches WHERE agreement_id = $1 ORDER BY position",
        row.agreement_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|t| Tranche {
        label: t.label,
        planned: t.planned_cents,
        deposited: t.deposited_cents,
        released: t.released_cents,
        refunded: t.refunded_cents,
    })
    .collect();
    let disputed = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM disputes WHERE agreement_id = $1 AND status = 'open') AS "open!""#,
        row.agreement_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let escrow = Escrow {
        tranches,
        disputed,
        paid_out: row.payout_cents,
    };
    Ok((row, escrow))
}

/// Who the user is to this escrow, if anyone.
fn viewer(row: &EscrowRow, user: &User) -> Option<EscrowViewer> {
    match user.role {
        Role::Staff => Some(EscrowViewer::Staff),
        Role::Client if user.id == row.client_id => Some(EscrowViewer::Client),
        Role::Provider if user.id == row.provider_id => Some(EscrowViewer::Provider),
        _ => None,
    }
}

/// Third parties learn nothing, not even that there is an escrow.
fn require_viewer(row: &EscrowRow, user: &User) -> AppResult<EscrowViewer> {
    viewer(row, user).ok_or_else(|| no_escrow(row.project_id))
}

fn require(
    row: &EscrowRow,
    user: &User,
    who: EscrowViewer,
    refusal: &str,
) -> AppResult<EscrowViewer> {
    match require_viewer(row, user)? {
        v if v == who => Ok(v),
        _ => Err(AppError::Forbidden(refusal.into())),
    }
}

/// The tranche a position (1-based, as shown) names.
fn tranche_index(escrow: &Escrow, position: i32) -> AppResult<usize> {
    usize::try_from(position - 1)
        .ok()
        .filter(|i| *i < escrow.tranches.len())
        .ok_or_else(|| AppError::field("tranche", "Choose one of the tranches."))
}

fn refused(e: crate::domain::escrow::EscrowError) -> AppError {
    use crate::domain::escrow::EscrowError as E;
    match e {
        E::Frozen | E::NotDisputed => AppError::Conflict(e.to_string()),
        E::NoSuchTranche => AppError::field("tranche", e.to_string()),
        _ => AppError::field("amount", e.to_string()),
    }
}

/// Writes what a move changed: tranche amounts, the payout total, the
/// ledger transaction (when money moved) and the version bump that
/// notifies the live tabs. Returns the ledger transaction's id.
/// What a ledger transaction says about itself.
struct Journal<'a> {
    kind: &'a str,
    actor_id: i64,
    note: &'a str,
}

async fn save(
    tx: &mut Transaction<'_, Postgres>,
    row: &EscrowRow,
    (before, after): (&Escrow, &Escrow),
    journal: Journal<'_>,
    postings: &[EscrowPosting],
) -> AppResult<Option<i64>> {
    for (i, (b, a)) in before.tranches.iter().zip(&after.tranches).enumerate() {
        if b != a {
            sqlx::query!(
                "UPDATE escrow_tranches SET deposited_cents = $3, released_cents = $4, refunded_cents = $5
                  WHERE agreement_id = $1 AND position = $2",
                row.agreement_id,
                i as i32 + 1,
                a.deposited,
                a.released,
                a.refunded
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    sqlx::query!(
        "UPDATE escrows SET payout_cents = $2, version = version + 1 WHERE agreement_id = $1",
        row.agreement_id,
        after.paid_out
    )
    .execute(&mut **tx)
    .await?;
    if postings.is_empty() {
        return Ok(None);
    }
    post(tx, row.agreement_id, journal, postings)
        .await
        .map(Some)
}

async fn post(
    tx: &mut Transaction<'_, Postgres>,
    agreement_id: i64,
    Journal {
        kind,
        actor_id,
        note,
    }: Journal<'_>,
    postings: &[EscrowPosting],
) -> AppResult<i64> {
    let id = sqlx::query_scalar!(
        "INSERT INTO escrow_transactions (agreement_id, kind, actor_id, note) VALUES ($1, $2, $3, $4) RETURNING id",
        agreement_id,
        kind,
        actor_id,
        note
    )
    .fetch_one(&mut **tx)
    .await?;
    for p in postings {
        sqlx::query!(
            "INSERT INTO escrow_entries (transaction_id, account, position, amount) VALUES ($1, $2, $3, $4)",
            id,
            p.account.slug(),
            p.account.tranche().map(|i| i as i32 + 1),
            p.amount
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

fn link(project_id: i64) -> String {
    format!("/projects/{project_id}")
}

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
    let cents = parse_amount(amount).map_err(|m| AppError::field("amount", m))?;
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
        "escrow_deposit:{project_id}:{position}:{cents}:{}",
        &card[card.len() - 4..]
    );
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    let i = tranche_index(&before, position)?;
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
        amount_cents: cents,
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
        eur(cents),
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
    tracing::info!(?transaction_id, cents, "escrow deposit");
    notify(
        &mut tx,
        row.provider_id,
        "escrow_deposit",
        &format!(
            "The client deposited {} into “{label}”: that work is funded.",
            eur(cents)
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
    let cents = parse_amount(amount).map_err(|m| AppError::field("amount", m))?;
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
    let request = format!("escrow_{direction:?}:{project_id}:{position}:{cents}");
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    let i = tranche_index(&before, position)?;
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
            format!("Released {} of “{label}” to the provider", eur(cents)),
            row.provider_id,
            format!(
                "The client released {} of “{label}”: you can request its payout.",
                eur(cents)
            ),
        ),
        Direction::Refund => (
            format!("Gave {} of “{label}” back to the client", eur(cents)),
            row.client_id,
            format!("The provider gave {} of “{label}” back to you.", eur(cents)),
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
fn parse_share(raw: &str) -> Result<i64, String> {
    if raw.trim().is_empty() {
        return Ok(0);
    }
    let money = crate::domain::money::Money::parse(raw)?;
    Ok(crate::domain::lead::to_cents(money))
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
        let tranche = tranche_index(&before, a.position)?;
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
    let to_provider: i64 = shares.iter().map(|s| s.to_provider).sum();
    let to_client: i64 = shares.iter().map(|s| s.to_client).sum();
    let summary = format!(
        "Staff decided the dispute: {} to the provider, {} back to the client",
        eur(to_provider),
        eur(to_client)
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

/// Why a payout request was not filed; travels as a code in the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayoutRefusal {
    Upload(UploadRefusal),
    Amount(String),
}

/// The provider files a payout request for released money, with an invoice
/// PDF stored outside the web root.
/// With a `raw_key` (the form carries one), a second submission of the
/// same form files nothing more.
#[tracing::instrument(skip(pool, files, amount, bytes, raw_key), fields(user = user.id))]
#[allow(clippy::too_many_arguments)]
pub async fn request_payout(
    pool: &PgPool,
    files: &FileStore,
    user: &User,
    project_id: i64,
    amount: &str,
    invoice_name: &str,
    bytes: &[u8],
    raw_key: Option<&str>,
) -> AppResult<Result<i64, PayoutRefusal>> {
    let key = raw_key.map(key).transpose()?;
    // Who may file is checked before anything is written.
    let (row, _) = load(&mut *pool.acquire().await?, project_id, false).await?;
    require(
        &row,
        user,
        EscrowViewer::Provider,
        "Only the provider requests payouts.",
    )?;
    let cents = match parse_amount(amount) {
        Ok(c) => c,
        Err(m) => return Ok(Err(PayoutRefusal::Amount(m))),
    };
    let name = safe_name(invoice_name);
    if let Err(r) = check_invoice(&name, bytes) {
        return Ok(Err(PayoutRefusal::Upload(r)));
    }
    // The invoice is on disk before the row that shows it commits; if the
    // row does not commit, its bytes are discarded (or swept).
    let stored_name = files.put(bytes).await?;
    let invoice = Invoice {
        name: &name,
        stored_name: &stored_name,
        bytes: bytes.len(),
    };
    let filed = file_payout(pool, user, project_id, cents, &invoice, key.as_deref()).await;
    if !matches!(&filed, Ok(Ok(id)) if is_new_payout(pool, *id, &stored_name).await) {
        files.discard(&stored_name).await;
    }
    filed
}

/// An invoice already stored.
struct Invoice<'a> {
    name: &'a str,
    stored_name: &'a str,
    bytes: usize,
}

/// Whether payout `id` is the one that stored `stored_name` (a replayed
/// form answers with the first payout, whose invoice is another file).
async fn is_new_payout(pool: &PgPool, id: i64, stored_name: &str) -> bool {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM payouts WHERE id = $1 AND invoice_stored_name = $2) AS "mine!""#,
        id,
        stored_name
    )
    .fetch_one(pool)
    .await
    .unwrap_or(true)
}

async fn file_payout(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    cents: i64,
    invoice: &Invoice<'_>,
    key: Option<&str>,
) -> AppResult<Result<i64, PayoutRefusal>> {
    let mut tx = pool.begin().await?;
    let (row, before) = load(&mut tx, project_id, true).await?;
    require(
        &row,
        user,
        EscrowViewer::Provider,
        "Only the provider requests payouts.",
    )?;
    if let Some(key) = key {
        let request = format!(
            "payout:{project_id}:{cents}:{}:{}",
            invoice.name, invoice.bytes
        );
        if let Begin::Replay(id) = idempotency::begin(&mut tx, user.id, key, &request).await? {
            return Ok(Ok(id));
        }
    }
    let mut after = before.clone();
    let postings = match after.apply(&EscrowMove::PayOut { amount: cents }) {
        Ok(p) => p,
        Err(e) => return Ok(Err(PayoutRefusal::Amount(e.to_string()))),
    };
    let note = format!(
        "Payout of {} requested (invoice {})",
        eur(cents),
        invoice.name
    );
    let transaction_id = save(
        &mut tx,
        &row,
        (&before, &after),
        Journal {
            kind: "payout_request",
            actor_id: user.id,
            note: &note,
        },
        &postings,
    )
    .await?
    .ok_or_else(|| AppError::internal("a payout without postings"))?;
    let id = sqlx::query_scalar!(
        "INSERT INTO payouts (agreement_id, provider_id, amount_cents, invoice_name, invoice_stored_name,
                              invoice_bytes, request_transaction_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        row.agreement_id,
        user.id,
        cents,
        invoice.name,
        invoice.stored_name,
        invoice.bytes as i64,
        transaction_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if let Some(key) = key {
        idempotency::finish(&mut tx, user.id, key, &id).await?;
    }
    tx.commit().await?;
    Ok(Ok(id))
}

/// Staff mark a payout request paid, with the bank-transfer reference.
#[tracing::instrument(skip(pool, reference), fields(user = user.id))]
pub async fn mark_paid(
    pool: &PgPool,
    user: &User,
    payout_id: i64,
    reference: &str,
) -> AppResult<()> {
    if user.role != Role::Staff {
        return Err(AppError::Forbidden("Only staff pay payouts.".into()));
    }
    let reference =
        parse_transfer_reference(reference).map_err(|m| AppError::field("reference", m))?;
    let mut tx = pool.begin().await?;
    let p = sqlx::query!(
        "SELECT e.project_id, p.amount_cents, p.status FROM payouts p
           JOIN escrows e ON e.agreement_id = p.agreement_id WHERE p.id = $1",
        payout_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::NotFound(format!("There is no payout #{payout_id}.")))?;
    let (row, _) = load(&mut tx, p.project_id, true).await?;
    let status = sqlx::query_scalar!("SELECT status FROM payouts WHERE id = $1", payout_id)
        .fetch_one(&mut *tx)
        .await?;
    if status != "requested" {
        return Err(AppError::Conflict(
            "This payout was already marked paid.".into(),
        ));
    }
    let note = format!(
        "Payout of {} transferred (reference {reference})",
        eur(p.amount_cents)
    );
    let transaction_id = post(
        &mut tx,
        row.agreement_id,
        Journal {
            kind: "payout_paid",
            actor_id: user.id,
            note: &note,
        },
        &payout_paid_postings(p.amount_cents),
    )
    .await?;
    sqlx::query!(
        "UPDATE payouts SET status = 'paid', transfer_reference = $2, paid_by = $3, paid_at = now(),
                paid_transaction_id = $4 WHERE id = $1",
        payout_id,
        reference,
        user.id,
        transaction_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE escrows SET paid_cents = paid_cents + $2, version = version + 1 WHERE agreement_id = $1",
        row.agreement_id,
        p.amount_cents
    )
    .execute(&mut *tx)
    .await?;
    notify(
        &mut tx,
        row.provider_id,
        "payout_paid",
        &format!(
            "Your payout of {} was transferred (reference {reference}).",
            eur(p.amount_cents)
        ),
        Some(&link(p.project_id)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An invoice, for the escrow's parties and staff only.
pub async fn open_invoice(
    pool: &PgPool,
    files: &FileStore,
    user: &User,
    payout_id: i64,
) -> AppResult<Download> {
    let p = sqlx::query!(
        "SELECT e.project_id, p.invoice_name, p.invoice_stored_name FROM payouts p
           JOIN escrows e ON e.agreement_id = p.agreement_id WHERE p.id = $1",
        payout_id
    )
    .fetch_optional(pool)
    .await?;
    // Invoices are for the project's client, its provider and staff; to
    // anyone else they do not exist.
    let no_invoice = || AppError::NotFound(format!("There is no invoice #{payout_id}."));
    let p = p.ok_or_else(no_invoice)?;
    let mut conn = pool.acquire().await?;
    let (row, _) = load(&mut conn, p.project_id, false).await?;
    if viewer(&row, user).is_none() {
        return Err(no_invoice());
    }
    Ok(Download {
        name: p.invoice_name,
        content_type: crate::domain::files::FileKind::Pdf.content_type(),
        path: files.root.join(p.invoice_stored_name),
    })
}

/// Whether the user may watch this escrow's live tab.
pub async fn may_watch(pool: &PgPool, user: &User, project_id: i64) -> AppResult<()> {
    let mut conn = pool.acquire().await?;
    let (row, _) = load(&mut conn, project_id, false).await?;
    require_viewer(&row, user).map(|_| ())
}

fn tranche_view(position: i32, t: &Tranche, disputed: bool) -> AppResult<TrancheView> {
    Ok(TrancheView {
        position,
        label: t.label.clone(),
        planned: cents_money(t.planned)?,
        deposited: cents_money(t.deposited)?,
        held: cents_money(t.held())?,
        released: cents_money(t.released)?,
        refunded: cents_money(t.refunded)?,
        disputed: cents_money(if disputed { t.held() } else { 0 })?,
        unfunded: cents_money(t.unfunded())?,
    })
}

struct DisputeRow {
    id: i64,
    opened_by: String,
    opened_by_id: i64,
    reason: String,
    opened_at: time::OffsetDateTime,
    decision_note: Option<String>,
    decided_at: Option<time::OffsetDateTime>,
}

impl DisputeRow {
    fn view(self, client_id: i64) -> DisputeView {
        DisputeView {
            id: self.id,
            opened_by: self.opened_by,
            opened_by_client: self.opened_by_id == client_id,
            reason: self.reason,
            opened_at: stamp(self.opened_at),
            decision_note: self.decision_note,
            decided_at: self.decided_at.map(stamp),
        }
    }
}

struct PayoutRow {
    id: i64,
    amount_cents: i64,
    invoice_name: String,
    status: String,
    requested_at: time::OffsetDateTime,
    transfer_reference: Option<String>,
    paid_at: Option<time::OffsetDateTime>,
}

impl PayoutRow {
    fn view(self) -> AppResult<PayoutView> {
        Ok(PayoutView {
            id: self.id,
            amount: cents_money(self.amount_cents)?,
            invoice_name: self.invoice_name,
            paid: self.status == "paid",
            requested_at: stamp(self.requested_at),
            transfer_reference: self.transfer_reference,
            paid_at: self.paid_at.map(stamp),
        })
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
        .map(|(i, t)| tranche_view(i as i32 + 1, t, escrow.disputed))
        .collect::<AppResult<Vec<_>>>()?;
    let total = Tranche {
        label: "Total".into(),
        planned: escrow.planned(),
        deposited: escrow.deposited(),
        released: escrow.released(),
        refunded: escrow.refunded(),
    };
    let mut disputes = sqlx::query_as!(
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
    .collect::<Vec<_>>();
    let dispute = if escrow.disputed && !disputes.is_empty() {
        Some(disputes.remove(0))
    } else {
        None
    };
    let payouts = sqlx::query_as!(
        PayoutRow,
        "SELECT id, amount_cents, invoice_name, status, requested_at, transfer_reference, paid_at
           FROM payouts WHERE agreement_id = $1 ORDER BY id DESC",
        row.agreement_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(PayoutRow::view)
    .collect::<AppResult<Vec<_>>>()?;
    let mut history: Vec<(i64, time::OffsetDateTime, EscrowEventView)> = sqlx::query!(
        r#"SELECT t.id, t.created_at, u.display_name, t.note FROM escrow_transactions t
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
                at: stamp(t.created_at),
                actor: t.display_name,
                what: t.note.unwrap_or_default(),
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
                at: stamp(d.opened_at),
                actor: d.display_name,
                what: format!("Declared a dispute: “{}”", d.reason),
            },
        ));
    }
    history.sort_by_key(|h| std::cmp::Reverse((h.1, h.0)));
    Ok(EscrowTab {
        project_id,
        project_title: names.title,
        project_status: ProjectStatus::from_slug(&names.status)
            .ok_or_else(|| AppError::internal("bad status"))?,
        version: row.version,
        viewer,
        client_name: names.client,
        provider_name: names.provider,
        totals: tranche_view(0, &total, escrow.disputed)?,
        tranches,
        payout_available: cents_money(escrow.released() - escrow.paid_out)?,
        payout_requested: cents_money(row.payout_cents)?,
        paid_out: cents_money(row.paid_cents)?,
        dispute,
        past_disputes: disputes,
        payouts,
        history: history.into_iter().map(|h| h.2).collect(),
        settled: escrow.is_settled(),
    })
}

/// Staff's desk: open disputes (oldest first) and payouts to pay.
pub async fn desk(pool: &PgPool, user: &User) -> AppResult<EscrowDesk> {
    if user.role != Role::Staff {
        return Err(AppError::Forbidden("The escrow desk is for staff.".into()));
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
            held: cents_money(d.held)?,
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

/// Whether the escrow of a project (if it has one) is settled; used by
/// completion. Inside the caller's transaction, under the escrow's lock.
pub(crate) async fn settled_or_absent(
    conn: &mut PgConnection,
    project_id: i64,
) -> AppResult<Option<bool>> {
    let exists = sqlx::query_scalar!(
        r#"SELECT 1 AS "one!" FROM escrows WHERE project_id = $1"#,
        project_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let (_, escrow) = load(conn, project_id, true).await?;
    Ok(Some(escrow.is_settled()))
}
