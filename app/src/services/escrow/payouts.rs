//! Payouts: the provider asks for what was released (with an invoice), staff pay it by bank transfer.

use super::store::*;
use crate::domain::account::Role;
use crate::domain::escrow::{parse_transfer_reference, payout_paid_postings, EscrowMove};
use crate::domain::files::{check_invoice, safe_name, UploadRefusal};
use crate::domain::money::Cents;
use crate::domain::msg::{DoneMsg, EscrowMsg, FormMsg, NoticeMsg};
use crate::error::{AppError, AppResult, Msg};
use crate::services::accounts::User;
use crate::services::credits::key;
use crate::services::files::{Download, FileStore};
use crate::services::idempotency::{self, Begin};
use crate::services::notifications::notify;
use crate::views::escrow::EscrowViewer;
use sqlx::PgPool;

/// Why a payout request was not filed; travels as a code in the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayoutRefusal {
    Upload(UploadRefusal),
    Amount(Msg),
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
        Msg::Escrow(EscrowMsg::PayoutProviderOnly),
    )?;
    let cents = match Cents::parse_positive(amount) {
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
    cents: Cents,
    invoice: &Invoice<'_>,
    key: Option<&str>,
) -> AppResult<Result<i64, PayoutRefusal>> {
    let mut tx = pool.begin().await?;
    let (row, before) = load(&mut tx, project_id, true).await?;
    require(
        &row,
        user,
        EscrowViewer::Provider,
        Msg::Escrow(EscrowMsg::PayoutProviderOnly),
    )?;
    if let Some(key) = key {
        let request = format!(
            "payout:{project_id}:{cents:?}:{}:{}",
            invoice.name, invoice.bytes
        );
        if let Begin::Replay(id) = idempotency::begin(&mut tx, user.id, key, &request).await? {
            return Ok(Ok(id));
        }
    }
    let mut after = before.clone();
    let postings = match after.apply(&EscrowMove::PayOut { amount: cents }) {
        Ok(p) => p,
        Err(e) => return Ok(Err(PayoutRefusal::Amount(e.into()))),
    };
    let what = Msg::Done(DoneMsg::PayoutRequestedLine {
        amount: cents,
        invoice: invoice.name.to_owned(),
    });
    let transaction_id = save(
        &mut tx,
        &row,
        (&before, &after),
        Journal {
            kind: "payout_request",
            actor_id: user.id,
            what: Some(&what),
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
        cents.get(),
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
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)));
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
    .ok_or(AppError::NotFound(Msg::Escrow(EscrowMsg::NoSuchPayout {
        id: payout_id,
    })))?;
    let (row, _) = load(&mut tx, p.project_id, true).await?;
    let status = sqlx::query_scalar!("SELECT status FROM payouts WHERE id = $1", payout_id)
        .fetch_one(&mut *tx)
        .await?;
    if status != "requested" {
        return Err(AppError::Conflict(Msg::Escrow(
            EscrowMsg::PayoutPaidAlready,
        )));
    }
    let what = Msg::Done(DoneMsg::PayoutPaidLine {
        amount: Cents::new(p.amount_cents),
        reference: reference.clone(),
    });
    let transaction_id = post(
        &mut tx,
        row.agreement_id,
        Journal {
            kind: "payout_paid",
            actor_id: user.id,
            what: Some(&what),
        },
        &payout_paid_postings(Cents::new(p.amount_cents)),
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
        Msg::Notice(NoticeMsg::PayoutPaid {
            amount: Cents::new(p.amount_cents),
            reference: reference.to_owned(),
        }),
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
    let no_invoice = || AppError::NotFound(Msg::Escrow(EscrowMsg::NoSuchInvoice { id: payout_id }));
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
