//! Credits: balances, spends that unlock a project once, staff grants and
//! refunds, and the statement. Every movement goes through `post`, which
//! writes balanced ledger entries and updates the cached balances in the
//! same transaction, refusing any that would go below zero.

use super::accounts::User;
use super::gateway::{Charge, Gateway};
use super::idempotency::{self, Begin};
use super::payments::{self, Purpose};
use crate::domain::account::Role;
use crate::domain::fields::bounded;
use crate::domain::ledger::{
    check_balanced, movements, parse_credit_count, parse_idempotency_key, CreditKind, Holder,
    LedgerError, Posting, StaffMove, Unit,
};
use crate::domain::money::Cents;
use crate::domain::msg::{CreditMsg, FormMsg, ToldMsg};
use crate::domain::payment::parse_top_up_form;
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult, Msg};
use crate::views::credits::{
    ClientContact, CreditBalances, GrantView, ProjectAccess, StatementLine, TopUpView, UnlockView,
};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

fn unit_slug(unit: Unit) -> &'static str {
    match unit {
        Unit::Credit(kind) => kind.slug(),
        Unit::Cents => "cents",
    }
}

pub(crate) fn require_provider(user: &User) -> AppResult<()> {
    if user.role == Role::Provider {
        Ok(())
    } else {
        Err(AppError::Forbidden(Msg::Form(FormMsg::ForProviders)))
    }
}

pub(crate) fn key(raw: &str) -> AppResult<String> {
    parse_idempotency_key(raw).map_err(|m| AppError::field("key", m))
}

/// What a transaction is about, for its header row.
pub(crate) struct Movement<'a> {
    pub kind: &'a str,
    pub provider_id: i64,
    pub project_id: Option<i64>,
    pub actor_id: i64,
    /// Staff's own words.
    pub reason: Option<&'a str>,
    /// What the product says about it, in the reader's language.
    pub what: Option<Msg>,
}

/// Writes one balanced transaction; returns its id and the provider's
/// balance after it in the first provider posting's unit.
pub(crate) async fn post(
    tx: &mut Transaction<'_, Postgres>,
    m: Movement<'_>,
    postings: &[Posting],
) -> AppResult<(i64, i64)> {
    check_balanced(postings).map_err(AppError::internal)?;
    let id = sqlx::query_scalar!(
        "INSERT INTO ledger_transactions (kind, provider_id, project_id, actor_id, reason, what)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        m.kind,
        m.provider_id,
        m.project_id,
        m.actor_id,
        m.reason,
        m.what
            .as_ref()
            .map(serde_json::to_value)
            .transpose()
            .map_err(AppError::internal)?
    )
    .fetch_one(&mut **tx)
    .await?;
    let mut provider_balance = None;
    for p in postings {
        let unit = unit_slug(p.unit);
        let (holder, provider_id, balance_after) = match p.holder {
            Holder::Provider(provider) => {
                let after = move_balance(tx, provider, p).await?;
                provider_balance.get_or_insert(after);
                ("provider", Some(provider), Some(after))
            }
            Holder::PlatformIssuance => ("platform_issuance", None, None),
            Holder::PlatformConsumption => ("platform_consumption", None, None),
        };
        sqlx::query!(
            "INSERT INTO ledger_entries (transaction_id, holder, provider_id, unit, amount, balance_after)
             VALUES ($1, $2, $3, $4, $5, $6)",
            id,
            holder,
            provider_id,
            unit,
            p.amount,
            balance_after
        )
        .execute(&mut **tx)
        .await?;
    }
    let balance = provider_balance
        .ok_or_else(|| AppError::internal("a movement without a provider posting"))?;
    Ok((id, balance))
}

/// Adds a provider posting to their cached balance and returns the balance
/// after it; a debit applies only if the balance covers it (one
/// conditional update, so concurrent debits never overdraw).
async fn move_balance(
    tx: &mut Transaction<'_, Postgres>,
    provider: i64,
    p: &Posting,
) -> AppResult<i64> {
    let unit = unit_slug(p.unit);
    Ok(if p.amount > 0 {
        sqlx::query_scalar!(
            "INSERT INTO provider_balances (provider_id, unit, balance) VALUES ($1, $2, $3)
             ON CONFLICT (provider_id, unit)
             DO UPDATE SET balance = provider_balances.balance + EXCLUDED.balance
             RETURNING balance",
            provider,
            unit,
            p.amount
        )
        .fetch_one(&mut **tx)
        .await?
    } else {
        // Conditional: only if the balance covers it.
        let debited = sqlx::query_scalar!(
            "UPDATE provider_balances SET balance = balance + $3
              WHERE provider_id = $1 AND unit = $2 AND balance + $3 >= 0
              RETURNING balance",
            provider,
            unit,
            p.amount
        )
        .fetch_optional(&mut **tx)
        .await?;
        match debited {
            Some(after) => after,
            None => {
                let balance = sqlx::query_scalar!(
                    "SELECT balance FROM provider_balances WHERE provider_id = $1 AND unit = $2",
                    provider,
                    unit
                )
                .fetch_optional(&mut **tx)
                .await?
                .unwrap_or(0);
                let e = LedgerError::Insufficient {
                    holder: p.holder,
                    unit: p.unit,
                    balance,
                    needed: -p.amount,
                };
                return Err(match e.refusal() {
                    Some(msg) => AppError::Insufficient(msg),
                    None => AppError::internal(e),
                });
            }
        }
    })
}

pub async fn balances(pool: &PgPool, user: &User) -> AppResult<CreditBalances> {
    require_provider(user)?;
    balances_of(pool, user.id).await
}

pub(crate) async fn balances_of(pool: &PgPool, provider_id: i64) -> AppResult<CreditBalances> {
    let rows = sqlx::query!(
        "SELECT unit, balance FROM provider_balances WHERE provider_id = $1",
        provider_id
    )
    .fetch_all(pool)
    .await?;
    let get = |u: &str| {
        rows.iter()
            .find(|r| r.unit == u)
            .map(|r| r.balance)
            .unwrap_or(0)
    };
    Ok(CreditBalances {
        consultation: get("consultation"),
        offer: get("offer"),
        contact: get("contact"),
        money: Cents::new(get("cents")),
    })
}

/// One balance, read inside the caller's transaction (never a second
/// connection while holding locks: that could exhaust the pool).
pub(crate) async fn balance_in(
    tx: &mut Transaction<'_, Postgres>,
    provider_id: i64,
    unit: Unit,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar!(
        "SELECT balance FROM provider_balances WHERE provider_id = $1 AND unit = $2",
        provider_id,
        unit_slug(unit)
    )
    .fetch_optional(&mut **tx)
    .await?
    .unwrap_or(0))
}

/// Credits unlock published projects open to credits; a project the
/// provider may not see does not exist for them.
async fn unlockable(conn: &mut PgConnection, user: &User, project_id: i64) -> AppResult<()> {
    super::projects::seen(&mut *conn, user, project_id).await?;
    let project = sqlx::query!(
        "SELECT status, access FROM projects WHERE id = $1",
        project_id
    )
    .fetch_one(&mut *conn)
    .await?;
    if project.access == "lead" {
        return Err(AppError::Conflict(Msg::Credit(
            CreditMsg::LeadNotUnlockable { id: project_id },
        )));
    }
    if ProjectStatus::from_slug(&project.status) != Some(ProjectStatus::Published) {
        return Err(AppError::Conflict(Msg::Credit(CreditMsg::ProjectNotOpen {
            id: project_id,
        })));
    }
    Ok(())
}

/// Spends one credit of `kind` on `project_id`, once ever: a repeat (with
/// any key) returns the existing unlock and charges nothing.
#[tracing::instrument(skip(pool, raw_key), fields(user = user.id))]
pub async fn spend(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    kind: CreditKind,
    raw_key: &str,
) -> AppResult<UnlockView> {
    user.require_verified()?;
    require_provider(user)?;
    let key = key(raw_key)?;
    let mut tx = pool.begin().await?;
    let request = format!("spend:{project_id}:{}", kind.slug());
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    unlockable(&mut tx, user, project_id).await?;
    // A concurrent spend on the same project and kind is settled by the
    // unlock's primary key below: the loser rolls back and charges nothing.
    let existing = sqlx::query_scalar!(
        "SELECT 1 AS \"one!\" FROM unlocks WHERE provider_id = $1 AND project_id = $2 AND kind = $3 FOR UPDATE",
        user.id,
        project_id,
        kind.slug()
    )
    .fetch_optional(&mut *tx)
    .await?;
    let answer = if existing.is_some() {
        let balance = balance_in(&mut tx, user.id, Unit::Credit(kind)).await?;
        UnlockView {
            project_id,
            kind,
            charged: false,
            balance_after: balance,
        }
    } else {
        let (transaction_id, balance_after) = post(
            &mut tx,
            Movement {
                kind: "spend",
                provider_id: user.id,
                project_id: Some(project_id),
                actor_id: user.id,
                reason: None,
                what: None,
            },
            &movements::spend(user.id, kind, 1),
        )
        .await?;
        let inserted = sqlx::query_scalar!(
            "INSERT INTO unlocks (provider_id, project_id, kind, transaction_id)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING provider_id",
            user.id,
            project_id,
            kind.slug(),
            transaction_id
        )
        .fetch_optional(&mut *tx)
        .await?;
        if inserted.is_none() {
            // Another transaction unlocked it meanwhile: undo ours whole.
            tx.rollback().await?;
            return Ok(UnlockView {
                project_id,
                kind,
                charged: false,
                balance_after: balance_after + 1,
            });
        }
        UnlockView {
            project_id,
            kind,
            charged: true,
            balance_after,
        }
    };
    idempotency::finish(&mut tx, user.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}

/// What `user` has unlocked on a project.
pub async fn unlocked(pool: &PgPool, user: &User, project_id: i64) -> AppResult<Vec<CreditKind>> {
    let kinds = sqlx::query_scalar!(
        "SELECT kind FROM unlocks WHERE provider_id = $1 AND project_id = $2 ORDER BY kind",
        user.id,
        project_id
    )
    .fetch_all(pool)
    .await?;
    Ok(kinds
        .iter()
        .filter_map(|k| CreditKind::from_slug(k))
        .collect())
}

/// Staff give credits, or give spent credits back.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(pool, reason, raw_key), fields(staff = staff.id))]
pub async fn grant(
    pool: &PgPool,
    staff: &User,
    provider_email: &str,
    kind: CreditKind,
    count: &str,
    reason: &str,
    staff_move: StaffMove,
    raw_key: &str,
) -> AppResult<GrantView> {
    if staff.role != Role::Staff {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)));
    }
    let key = key(raw_key)?;
    let mut errors = crate::domain::fields::FieldErrors::new();
    let count = errors.check("count", parse_credit_count(count));
    let reason = errors.check("reason", bounded(reason, 3, 500));
    let (Some(count), Some(reason)) = (count, reason) else {
        return Err(errors.into());
    };
    let email = provider_email.trim().to_lowercase();
    let provider = sqlx::query!("SELECT id, role FROM users WHERE email = $1", email)
        .fetch_optional(pool)
        .await?
        .filter(|r| r.role == "provider")
        .ok_or_else(|| AppError::field("provider", Msg::Credit(CreditMsg::NoProviderWithEmail)))?;
    let mut tx = pool.begin().await?;
    let movement = staff_move.slug();
    let request = format!(
        "{movement}:{}:{}:{count}:{reason}",
        provider.id,
        kind.slug()
    );
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, staff.id, &key, &request).await? {
        return Ok(answer);
    }
    let postings = match staff_move {
        StaffMove::Refund => movements::refund(provider.id, kind, count),
        StaffMove::Grant => movements::grant(provider.id, kind, count),
    };
    let (_, balance_after) = post(
        &mut tx,
        Movement {
            kind: movement,
            provider_id: provider.id,
            project_id: None,
            actor_id: staff.id,
            reason: Some(&reason),
            what: None,
        },
        &postings,
    )
    .await?;
    let answer = GrantView {
        provider_id: provider.id,
        kind,
        count,
        balance_after,
    };
    idempotency::finish(&mut tx, staff.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Every movement on the provider's own accounts, oldest first, with the
/// balance after each.
pub async fn statement(pool: &PgPool, user: &User) -> AppResult<Vec<StatementLine>> {
    require_provider(user)?;
    let rows = sqlx::query!(
        r#"SELECT e.id, t.created_at, t.kind, e.unit, e.amount, e.balance_after AS "balance_after!",
                  t.reason, t.what, t.project_id, p.title AS "title?"
             FROM ledger_entries e
             JOIN ledger_transactions t ON t.id = e.transaction_id
             LEFT JOIN projects p ON p.id = t.project_id
            WHERE e.provider_id = $1
            ORDER BY e.id"#,
        user.id
    )
    .fetch_all(pool)
    .await?;
    let format = time::format_description::well_known::Rfc3339;
    rows.into_iter()
        .map(|r| {
            Ok(StatementLine {
                id: r.id,
                at: r.created_at.format(&format).map_err(AppError::internal)?,
                movement: r.kind,
                unit: r.unit,
                amount: r.amount,
                balance_after: r.balance_after,
                reason: r.reason,
                what: r.what.and_then(|w| serde_json::from_value(w).ok()),
                project: r.project_id.zip(r.title),
            })
        })
        .collect()
}

/// What the provider has unlocked on a published project they can see.
pub async fn access(pool: &PgPool, user: &User, project_id: i64) -> AppResult<ProjectAccess> {
    require_provider(user)?;
    // Same visibility as the project page: published projects only.
    super::projects::view(pool, user, project_id).await?;
    let unlocked = unlocked(pool, user, project_id).await?;
    let contact = if unlocked.contains(&CreditKind::Contact) {
        let row = sqlx::query!(
            "SELECT u.display_name, u.email, p.client_phone FROM projects p JOIN users u ON u.id = p.client_id
              WHERE p.id = $1",
            project_id
        )
        .fetch_one(pool)
        .await?;
        Some(ClientContact {
            name: row.display_name,
            email: row.email,
            phone: row.client_phone,
        })
    } else {
        None
    };
    Ok(ProjectAccess {
        unlocked,
        balances: balances_of(pool, user.id).await?,
        contact,
    })
}

/// A provider pays money into their prepaid account through the gateway.
#[tracing::instrument(skip(pool, gateway, card, raw_key), fields(user = user.id))]
pub async fn top_up(
    pool: &PgPool,
    gateway: &Gateway,
    user: &User,
    amount: &str,
    card: &str,
    raw_key: &str,
) -> AppResult<TopUpView> {
    user.require_verified()?;
    require_provider(user)?;
    let key = key(raw_key)?;
    let (cents, card) = parse_top_up_form(amount, card)?;
    let mut tx = pool.begin().await?;
    let last4 = &card[card.len() - 4..];
    let request = format!("top_up:{}:{last4}", cents.get());
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    let description = "Prepaid account top-up".to_owned();
    let charge = Charge::by_card(user.id, cents, card, &key, description);
    let receipt = payments::charge_card(pool, gateway, Purpose::TopUp, &charge).await?;
    let what = Msg::Told(ToldMsg::CardTopUp {
        last4: receipt.card_last4.clone(),
        reference: receipt.reference.clone(),
    });
    let (transaction_id, balance_after) = post(
        &mut tx,
        Movement {
            kind: "top_up",
            provider_id: user.id,
            project_id: None,
            actor_id: user.id,
            reason: None,
            what: Some(what),
        },
        &movements::top_up(user.id, cents),
    )
    .await?;
    payments::record(
        &mut tx,
        &charge,
        Purpose::TopUp,
        &receipt,
        Some(transaction_id),
    )
    .await?;
    let answer = TopUpView {
        amount: cents,
        balance_after: Cents::new(balance_after),
        gateway_reference: receipt.reference,
        card_last4: receipt.card_last4,
    };
    idempotency::finish(&mut tx, user.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}
