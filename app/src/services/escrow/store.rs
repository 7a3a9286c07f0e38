//! The escrow in PostgreSQL: its row and parties, loading it under lock, and saving what a move changed (tranches, balanced postings, version).

use crate::domain::account::Role;
use crate::domain::escrow::{Escrow, EscrowPosting, Position, Tranche};
use crate::domain::locale::Lang;
use crate::domain::money::Cents;
use crate::domain::msg::EscrowMsg;
use crate::domain::words::say;
use crate::error::{AppError, AppResult, Msg};
use crate::services::accounts::User;
use crate::services::idempotency::{self, Begin};
use crate::services::notifications::notify;
use crate::views::escrow::{DisputeView, EscrowViewer, PayoutView};
use sqlx::{PgConnection, Postgres, Transaction};

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

pub(super) fn no_escrow(project_id: i64) -> AppError {
    AppError::NotFound(Msg::Escrow(EscrowMsg::NoEscrow { id: project_id }))
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
pub(super) async fn load(
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
        planned: Cents::new(t.planned_cents),
        deposited: Cents::new(t.deposited_cents),
        released: Cents::new(t.released_cents),
        refunded: Cents::new(t.refunded_cents),
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
        paid_out: Cents::new(row.payout_cents),
    };
    Ok((row, escrow))
}

/// Who the user is to this escrow, if anyone.
pub(super) fn viewer(row: &EscrowRow, user: &User) -> Option<EscrowViewer> {
    match user.role {
        Role::Staff => Some(EscrowViewer::Staff),
        Role::Client if user.id == row.client_id => Some(EscrowViewer::Client),
        Role::Provider if user.id == row.provider_id => Some(EscrowViewer::Provider),
        _ => None,
    }
}

/// Third parties learn nothing, not even that there is an escrow.
pub(super) fn require_viewer(row: &EscrowRow, user: &User) -> AppResult<EscrowViewer> {
    viewer(row, user).ok_or_else(|| no_escrow(row.project_id))
}

pub(super) fn require(
    row: &EscrowRow,
    user: &User,
    who: EscrowViewer,
    refusal: Msg,
) -> AppResult<EscrowViewer> {
    match require_viewer(row, user)? {
        v if v == who => Ok(v),
        _ => Err(AppError::Forbidden(refusal)),
    }
}

/// The tranche a position (1-based, as shown) names.
pub(super) fn tranche_index(escrow: &Escrow, position: Position) -> AppResult<usize> {
    escrow
        .index(position)
        .ok_or_else(|| AppError::field("tranche", Msg::Escrow(EscrowMsg::ChooseTranche)))
}

pub(super) fn refused(e: crate::domain::escrow::EscrowError) -> AppError {
    use crate::domain::escrow::EscrowError as E;
    match e {
        E::Frozen | E::NotDisputed => AppError::Conflict(e.into()),
        E::NoSuchTranche => AppError::field("tranche", e),
        _ => AppError::field("amount", e),
    }
}

/// Writes what a move changed: tranche amounts, the payout total, the
/// ledger transaction (when money moved) and the version bump that
/// notifies the live tabs. Returns the ledger transaction's id.
/// What a ledger transaction says about itself: its line in the history,
/// kept as a message kind (each reader sees it in their language) and, for
/// whoever reads the table itself, in English.
pub(super) struct Journal<'a> {
    pub(super) kind: &'a str,
    pub(super) actor_id: i64,
    pub(super) what: Option<&'a Msg>,
}

pub(super) async fn save(
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
                Position::of_index(i).get(),
                a.deposited.get(),
                a.released.get(),
                a.refunded.get()
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    sqlx::query!(
        "UPDATE escrows SET payout_cents = $2, version = version + 1 WHERE agreement_id = $1",
        row.agreement_id,
        after.paid_out.get()
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

pub(super) async fn post(
    tx: &mut Transaction<'_, Postgres>,
    agreement_id: i64,
    Journal {
        kind,
        actor_id,
        what,
    }: Journal<'_>,
    postings: &[EscrowPosting],
) -> AppResult<i64> {
    let note = what.map(|w| say(Lang::En, w)).unwrap_or_default();
    let what = what
        .map(serde_json::to_value)
        .transpose()
        .map_err(AppError::internal)?;
    let id = sqlx::query_scalar!(
        "INSERT INTO escrow_transactions (agreement_id, kind, actor_id, note, what)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        agreement_id,
        kind,
        actor_id,
        note,
        what
    )
    .fetch_one(&mut **tx)
    .await?;
    for p in postings {
        sqlx::query!(
            "INSERT INTO escrow_entries (transaction_id, account, position, amount) VALUES ($1, $2, $3, $4)",
            id,
            p.account.slug(),
            p.account.tranche().map(|i| Position::of_index(i).get()),
            p.amount.get()
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// One money move on an escrow, in flight. Every move has the same
/// skeleton, written here once: lock and load the escrow, check who asks,
/// claim the request key, (the move's own part: ask the domain), save what
/// changed, tell the parties, store the answer for replays, commit.
pub(super) struct MoveTx {
    tx: Transaction<'static, Postgres>,
    pub(super) row: EscrowRow,
    /// The escrow as loaded, under its row lock.
    pub(super) before: Escrow,
    user_id: i64,
    key: Option<String>,
}

/// Someone to tell about a move, and what.
pub(super) struct Notice {
    pub(super) to: i64,
    pub(super) kind: String,
    pub(super) message: Msg,
}

impl MoveTx {
    /// Begins a move on the escrow of `project_id` by `user`, who must be
    /// the party `who` (anyone else in the project is refused with
    /// `refusal`; outsiders learn nothing).
    pub(super) async fn lock(
        pool: &sqlx::PgPool,
        user: &User,
        project_id: i64,
        who: EscrowViewer,
        refusal: Msg,
    ) -> AppResult<MoveTx> {
        let (m, viewer) = MoveTx::open(pool, user, project_id).await?;
        if viewer != who {
            return Err(AppError::Forbidden(refusal));
        }
        Ok(m)
    }

    /// Begins a move by whichever party `user` is to the escrow.
    pub(super) async fn open(
        pool: &sqlx::PgPool,
        user: &User,
        project_id: i64,
    ) -> AppResult<(MoveTx, EscrowViewer)> {
        let mut tx = pool.begin().await?;
        let (row, before) = load(&mut tx, project_id, true).await?;
        let viewer = require_viewer(&row, user)?;
        let m = MoveTx {
            tx,
            row,
            before,
            user_id: user.id,
            key: None,
        };
        Ok((m, viewer))
    }

    /// Claims `key` for `request` (a canonical description of it). A
    /// replay gives the first answer back, and the move must stop there.
    pub(super) async fn claim(&mut self, key: &str, request: &str) -> AppResult<Option<Msg>> {
        match idempotency::begin(&mut self.tx, self.user_id, key, request).await? {
            Begin::Replay(answer) => Ok(Some(answer)),
            Begin::New => {
                self.key = Some(key.to_owned());
                Ok(None)
            }
        }
    }

    /// The transaction, for what a move writes besides the escrow.
    pub(super) fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    /// Saves `after` (see `save`); returns the ledger transaction's id.
    pub(super) async fn save(
        &mut self,
        after: &Escrow,
        journal: Journal<'_>,
        postings: &[EscrowPosting],
    ) -> AppResult<Option<i64>> {
        save(
            &mut self.tx,
            &self.row,
            (&self.before, after),
            journal,
            postings,
        )
        .await
    }

    /// Tells the parties, stores `answer` for replays of the claimed key,
    /// and commits.
    pub(super) async fn finish(mut self, notices: Vec<Notice>, answer: Msg) -> AppResult<Msg> {
        let link = link(self.row.project_id);
        for n in notices {
            notify(&mut self.tx, n.to, &n.kind, n.message, Some(&link)).await?;
        }
        if let Some(key) = &self.key {
            idempotency::finish(&mut self.tx, self.user_id, key, &answer).await?;
        }
        self.tx.commit().await?;
        Ok(answer)
    }
}

pub(super) fn link(project_id: i64) -> String {
    format!("/projects/{project_id}")
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

pub(super) struct DisputeRow {
    pub(super) id: i64,
    pub(super) opened_by: String,
    pub(super) opened_by_id: i64,
    pub(super) reason: String,
    pub(super) opened_at: time::OffsetDateTime,
    pub(super) decision_note: Option<String>,
    pub(super) decided_at: Option<time::OffsetDateTime>,
}

impl DisputeRow {
    pub(super) fn view(self, client_id: i64) -> DisputeView {
        DisputeView {
            id: self.id,
            opened_by: self.opened_by,
            opened_by_client: self.opened_by_id == client_id,
            reason: self.reason,
            opened_at: self.opened_at,
            decision_note: self.decision_note,
            decided_at: self.decided_at,
        }
    }
}

pub(super) struct PayoutRow {
    pub(super) id: i64,
    pub(super) amount_cents: i64,
    pub(super) invoice_name: String,
    pub(super) status: String,
    pub(super) requested_at: time::OffsetDateTime,
    pub(super) transfer_reference: Option<String>,
    pub(super) paid_at: Option<time::OffsetDateTime>,
}

impl PayoutRow {
    pub(super) fn view(self) -> AppResult<PayoutView> {
        Ok(PayoutView {
            id: self.id,
            amount: Cents::new(self.amount_cents),
            invoice_name: self.invoice_name,
            paid: self.status == "paid",
            requested_at: self.requested_at,
            transfer_reference: self.transfer_reference,
            paid_at: self.paid_at,
        })
    }
}
