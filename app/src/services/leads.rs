//! Referral leads: staff publish them, matching providers buy, refuse or
//! reserve them at half price, and a durable job awards reservations at the
//! four-day mark. Every change to a lead takes the lead's row lock first,
//! so the cap holds whatever the concurrency.

use super::accounts::User;
use super::credits::{self, post, require_provider, Movement};
use super::idempotency::{self, Begin};
use super::jobs;
use super::notifications::{self, notify};
use crate::domain::account::Role;
use crate::domain::lead::{
    award_at_mark, decide_buy, decide_refuse, decide_reserve, half_price, BuyDecision, LapseReason,
    LeadDraft, LeadForm, LeadState, Reservation, Response, Waiting, HALF_PRICE_AFTER_SECONDS,
};
use crate::domain::ledger::movements;
use crate::domain::money::Cents;
use crate::domain::msg::{CreditMsg, FormMsg, ToldMsg};
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult, Msg};
use crate::views::credits::ClientContact;
use crate::views::leads::{LeadAnswer, LeadAnswered, LeadPurchase, LeadView};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use time::{Duration, OffsetDateTime};

/// The job kind that awards reservations at the half-price mark.
pub const HALF_PRICE_JOB: &str = "lead_half_price";

fn require_staff(user: &User) -> AppResult<()> {
    if user.role == Role::Staff {
        Ok(())
    } else {
        Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)))
    }
}

/// Tells every provider whose preferences match the new lead, in the
/// lead's transaction.
async fn tell_matching_providers(
    conn: &mut PgConnection,
    project_id: i64,
    title: &str,
    price: Cents,
) -> AppResult<()> {
    let message = Msg::Told(ToldMsg::LeadOffered {
        title: title.to_owned(),
        price,
    });
    let providers = notifications::matching_providers(&mut *conn, project_id).await?;
    notifications::notify_many(conn, &providers, "lead_offered", message, Some("/leads")).await
}

/// Staff publish a lead written from a call with the client. It is offered
/// at once to every matching provider; the half-price job is enqueued in
/// the same transaction.
#[tracing::instrument(skip(pool, form), fields(staff = staff.id))]
pub async fn create(
    pool: &PgPool,
    staff: &User,
    form: &LeadForm,
    now: OffsetDateTime,
) -> AppResult<i64> {
    require_staff(staff)?;
    let draft = LeadDraft::parse(form, now.date())?;
    let p = &draft.project;
    let services: Vec<String> = p.services.iter().map(|s| s.slug().to_owned()).collect();
    let mark = now + Duration::seconds(HALF_PRICE_AFTER_SECONDS);
    let mut tx = pool.begin().await?;
    let client = super::accounts::client_for_staff(
        &mut tx,
        staff,
        &draft.client_email,
        draft.client_name.as_deref(),
        &p.title,
        now,
    )
    .await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO projects (client_id, title, description, services, region, budget_min, budget_max,
                               desired_start, status, published_at, status_changed_at, access, client_phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'published', $9, $9, 'lead', $10) RETURNING id",
        client,
        p.title,
        p.description,
        &services,
        p.region.slug(),
        p.budget.min().amount(),
        p.budget.max().amount(),
        p.desired_start,
        now,
        p.phone.as_str()
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO project_events (project_id, actor_id, from_status, to_status, note, at)
         VALUES ($1, $2, NULL, 'published', 'Referral lead written by staff', $3)",
        id,
        staff.id,
        now
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO leads (project_id, price_cents, cap, half_price, half_price_at, client_phone, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        id,
        draft.price.get(),
        draft.cap,
        draft.half_price,
        mark,
        draft.client_phone,
        staff.id
    )
    .execute(&mut *tx)
    .await?;
    if draft.half_price {
        jobs::enqueue(&mut tx, HALF_PRICE_JOB, id, mark).await?;
    }
    tell_matching_providers(&mut tx, id, &p.title, draft.price).await?;
    tx.commit().await?;
    Ok(id)
}

/// The lead, locked for the rest of the caller's transaction.
struct LockedLead {
    title: String,
    client_id: i64,
    status: String,
    price_cents: i64,
    cap: i32,
    buyers: i32,
    half_price: bool,
    half_price_at: OffsetDateTime,
    client_phone: String,
}

impl LockedLead {
    fn state(&self, now: OffsetDateTime) -> LeadState {
        LeadState {
            cap: self.cap,
            buyers: self.buyers,
            half_price: self.half_price,
            past_mark: now >= self.half_price_at,
            open: ProjectStatus::from_slug(&self.status) == Some(ProjectStatus::Published),
        }
    }
}

async fn lock_lead(conn: &mut PgConnection, project_id: i64) -> AppResult<LockedLead> {
    sqlx::query_as!(
        LockedLead,
        "SELECT p.title, p.client_id, p.status, l.price_cents, l.cap, l.buyers, l.half_price,
                l.half_price_at, l.client_phone
           FROM leads l JOIN projects p ON p.id = l.project_id
          WHERE l.project_id = $1
          FOR UPDATE OF l",
        project_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound(Msg::Credit(CreditMsg::NoSuchLead {
        id: project_id,
    })))
}

/// Whether the lead is offered to this provider (their preferences match).
async fn offered_to(conn: &mut PgConnection, provider_id: i64, project_id: i64) -> AppResult<bool> {
    let found: Option<i32> = sqlx::query_scalar(concat!(
        "SELECT 1 FROM projects p LEFT JOIN provider_preferences pp ON pp.provider_id = $1
          WHERE p.id = $2 AND ",
        matches_preferences!()
    ))
    .bind(provider_id)
    .bind(project_id)
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}

struct Existing {
    response: Response,
    paid: Option<i64>,
}

async fn existing_answer(
    conn: &mut PgConnection,
    provider_id: i64,
    project_id: i64,
) -> AppResult<Option<Existing>> {
    let row = sqlx::query!(
        "SELECT response, reservation, price_cents FROM lead_responses
          WHERE project_id = $1 AND provider_id = $2",
        project_id,
        provider_id
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        let response = match (r.response.as_str(), r.reservation.as_deref()) {
            ("bought", _) => Response::Bought,
            ("refused", _) => Response::Refused,
            ("reserved", Some(s)) => Response::Reserved(
                Reservation::from_slug(s).ok_or_else(|| AppError::internal("bad reservation"))?,
            ),
            _ => return Err(AppError::internal("bad lead response")),
        };
        Ok(Existing {
            response,
            paid: r.price_cents,
        })
    })
    .transpose()
}

/// The lead's client, as a buyer sees them.
async fn contact_of(
    conn: &mut PgConnection,
    client_id: i64,
    phone: &str,
) -> AppResult<ClientContact> {
    let row = sqlx::query!(
        "SELECT display_name, email FROM users WHERE id = $1",
        client_id
    )
    .fetch_one(conn)
    .await?;
    Ok(ClientContact {
        name: row.display_name,
        email: row.email,
        phone: Some(phone.to_owned()),
    })
}

/// Lapses every waiting reservation of a lead and tells each provider why.
async fn lapse_waiting(
    tx: &mut Transaction<'_, Postgres>,
    project_id: i64,
    title: &str,
    reason: LapseReason,
    now: OffsetDateTime,
) -> AppResult<()> {
    let lapsed = sqlx::query_scalar!(
        "UPDATE lead_responses SET reservation = 'lapsed', lapse_reason = $2, decided_at = $3
          WHERE project_id = $1 AND reservation = 'waiting' RETURNING provider_id",
        project_id,
        reason.slug(),
        now
    )
    .fetch_all(&mut **tx)
    .await?;
    for provider in lapsed {
        let message = Msg::Told(ToldMsg::ReservationLapsed {
            title: title.to_owned(),
            reason,
        });
        notify(tx, provider, "lead_lapsed", message, Some("/leads")).await?;
    }
    Ok(())
}

/// Locks the lead and reads this provider's answer so far; a provider it
/// is not offered to (preferences do not match) and who never answered
/// gets "not found".
async fn lock_for_answer(
    conn: &mut PgConnection,
    user: &User,
    project_id: i64,
) -> AppResult<(LockedLead, Option<Existing>)> {
    let lead = lock_lead(conn, project_id).await?;
    let existing = existing_answer(conn, user.id, project_id).await?;
    if existing.is_none() && !offered_to(conn, user.id, project_id).await? {
        return Err(AppError::NotFound(Msg::Credit(CreditMsg::LeadNotOffered {
            id: project_id,
        })));
    }
    Ok((lead, existing))
}

fn refusal(e: crate::domain::lead::LeadRefusal) -> AppError {
    AppError::Conflict(Msg::Credit(CreditMsg::Lead { why: e }))
}

/// Buys a lead at full price: the prepaid account is debited and the
/// client's details are revealed. A repeat returns the purchase and
/// charges nothing.
#[tracing::instrument(skip(pool, raw_key), fields(user = user.id))]
pub async fn buy(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    raw_key: &str,
    now: OffsetDateTime,
) -> AppResult<LeadPurchase> {
    user.require_verified()?;
    require_provider(user)?;
    let key = credits::key(raw_key)?;
    let mut tx = pool.begin().await?;
    let request = format!("lead_buy:{project_id}");
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    let (lead, existing) = lock_for_answer(&mut tx, user, project_id).await?;
    let decision =
        decide_buy(lead.state(now), existing.as_ref().map(|e| e.response)).map_err(refusal)?;
    let answer = match decision {
        BuyDecision::AlreadyBought => {
            let paid = existing.and_then(|e| e.paid).unwrap_or(lead.price_cents);
            let balance =
                credits::balance_in(&mut tx, user.id, crate::domain::ledger::Unit::Cents).await?;
            LeadPurchase {
                project_id,
                charged: false,
                paid: Cents::new(paid),
                balance_after: Cents::new(balance),
                contact: contact_of(&mut tx, lead.client_id, &lead.client_phone).await?,
            }
        }
        BuyDecision::Charge => charge_purchase(&mut tx, user, (project_id, &lead), now).await?,
    };
    idempotency::finish(&mut tx, user.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Charges a lead's full price to the buyer's prepaid account, records the
/// purchase and lapses the reservations once the lead reaches its cap.
async fn charge_purchase(
    tx: &mut Transaction<'_, Postgres>,
    user: &User,
    (project_id, lead): (i64, &LockedLead),
    now: OffsetDateTime,
) -> AppResult<LeadPurchase> {
    let what = Msg::Told(ToldMsg::LeadBought {
        title: lead.title.clone(),
    });
    let (transaction_id, balance_after) = post(
        tx,
        Movement {
            kind: "purchase",
            provider_id: user.id,
            project_id: Some(project_id),
            actor_id: user.id,
            reason: None,
            what: Some(what),
        },
        &movements::purchase(user.id, Cents::new(lead.price_cents)),
    )
    .await?;
    sqlx::query!(
        "INSERT INTO lead_responses (project_id, provider_id, response, price_cents, transaction_id, created_at, decided_at)
         VALUES ($1, $2, 'bought', $3, $4, $5, $5)
         ON CONFLICT (project_id, provider_id) DO UPDATE
           SET response = 'bought', reservation = NULL, lapse_reason = NULL,
               price_cents = EXCLUDED.price_cents, transaction_id = EXCLUDED.transaction_id,
               decided_at = EXCLUDED.decided_at",
        project_id,
        user.id,
        lead.price_cents,
        transaction_id,
        now
    )
    .execute(&mut **tx)
    .await?;
    let buyers = sqlx::query_scalar!(
        "UPDATE leads SET buyers = buyers + 1 WHERE project_id = $1 RETURNING buyers",
        project_id
    )
    .fetch_one(&mut **tx)
    .await?;
    if buyers >= lead.cap {
        lapse_waiting(tx, project_id, &lead.title, LapseReason::CapReached, now).await?;
    }
    Ok(LeadPurchase {
        project_id,
        charged: true,
        paid: Cents::new(lead.price_cents),
        balance_after: Cents::new(balance_after),
        contact: contact_of(tx, lead.client_id, &lead.client_phone).await?,
    })
}

/// Reserves a lead at half price for the four-day mark. Nothing is charged
/// now; the job charges it if the reservation is awarded.
pub async fn reserve(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    now: OffsetDateTime,
) -> AppResult<LeadAnswered> {
    user.require_verified()?;
    require_provider(user)?;
    let mut tx = pool.begin().await?;
    let (lead, existing) = lock_for_answer(&mut tx, user, project_id).await?;
    let new = decide_reserve(lead.state(now), existing.map(|e| e.response)).map_err(refusal)?;
    if new {
        sqlx::query!(
            "INSERT INTO lead_responses (project_id, provider_id, response, reservation, created_at)
             VALUES ($1, $2, 'reserved', 'waiting', $3)
             ON CONFLICT (project_id, provider_id) DO UPDATE
               SET response = 'reserved', reservation = 'waiting', lapse_reason = NULL, decided_at = NULL",
            project_id,
            user.id,
            now
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(LeadAnswered {
        project_id,
        reservation: Some(Reservation::Waiting),
    })
}

/// Refuses a lead: it leaves the provider's list. A waiting reservation is
/// cancelled.
pub async fn refuse(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    now: OffsetDateTime,
) -> AppResult<LeadAnswered> {
    require_provider(user)?;
    let mut tx = pool.begin().await?;
    let (_, existing) = lock_for_answer(&mut tx, user, project_id).await?;
    decide_refuse(existing.map(|e| e.response)).map_err(refusal)?;
    sqlx::query!(
        "INSERT INTO lead_responses (project_id, provider_id, response, created_at, decided_at)
         VALUES ($1, $2, 'refused', $3, $3)
         ON CONFLICT (project_id, provider_id) DO UPDATE
           SET response = 'refused', reservation = NULL, lapse_reason = NULL, decided_at = $3",
        project_id,
        user.id,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(LeadAnswered {
        project_id,
        reservation: None,
    })
}

/// The half-price mark of one lead, inside the job's transaction: the
/// service loads the lead and the waiting reservations with their holders'
/// balances (all under lock), `domain::lead::award_at_mark` decides, and the
/// service writes what it decided. Returns a summary for the job's record.
pub async fn award_half_price(
    tx: &mut Transaction<'_, Postgres>,
    project_id: i64,
    now: OffsetDateTime,
) -> AppResult<String> {
    let lead = lock_lead(tx, project_id).await?;
    let waiting = waiting_at_mark(tx, project_id).await?;
    let plan = award_at_mark(lead.state(now), Cents::new(lead.price_cents), &waiting);
    let (mut awarded, mut lapsed) = (0, 0);
    for (provider, outcome) in plan {
        match outcome {
            Ok(price) => {
                award(tx, project_id, &lead.title, provider, price, now).await?;
                awarded += 1;
            }
            Err(reason) => {
                lapse(tx, project_id, &lead.title, provider, reason, now).await?;
                lapsed += 1;
            }
        }
    }
    sqlx::query!(
        "UPDATE leads SET buyers = buyers + $2 WHERE project_id = $1",
        project_id,
        awarded
    )
    .execute(&mut **tx)
    .await?;
    Ok(format!("awarded {awarded}, lapsed {lapsed}"))
}

/// The reservations waiting on a lead, in the order they were made, with
/// each holder's prepaid balance, locked until the transaction ends so the
/// plan made on them holds when it is written.
async fn waiting_at_mark(conn: &mut PgConnection, project_id: i64) -> AppResult<Vec<Waiting>> {
    let providers = sqlx::query_scalar!(
        "SELECT provider_id FROM lead_responses
          WHERE project_id = $1 AND reservation = 'waiting' ORDER BY id",
        project_id
    )
    .fetch_all(&mut *conn)
    .await?;
    // Locked in one order (by provider) so two jobs never wait on each other.
    let balances: std::collections::HashMap<i64, i64> = sqlx::query!(
        "SELECT provider_id, balance FROM provider_balances
          WHERE provider_id = ANY($1) AND unit = 'cents'
          ORDER BY provider_id FOR UPDATE",
        &providers
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.provider_id, r.balance))
    .collect();
    Ok(providers
        .into_iter()
        .map(|provider| Waiting {
            provider,
            balance: Cents::new(balances.get(&provider).copied().unwrap_or(0)),
        })
        .collect())
}

async fn award(
    tx: &mut Transaction<'_, Postgres>,
    project_id: i64,
    title: &str,
    provider: i64,
    price: Cents,
    now: OffsetDateTime,
) -> AppResult<()> {
    let what = Msg::Told(ToldMsg::LeadBoughtHalfPrice {
        title: title.to_owned(),
    });
    let (transaction_id, _) = post(
        tx,
        Movement {
            kind: "purchase",
            provider_id: provider,
            project_id: Some(project_id),
            actor_id: provider,
            reason: None,
            what: Some(what),
        },
        &movements::purchase(provider, price),
    )
    .await?;
    sqlx::query!(
        "UPDATE lead_responses SET reservation = 'awarded', price_cents = $3,
                transaction_id = $4, decided_at = $5
          WHERE project_id = $1 AND provider_id = $2",
        project_id,
        provider,
        price.get(),
        transaction_id,
        now
    )
    .execute(&mut **tx)
    .await?;
    let message = Msg::Told(ToldMsg::ReservationAwarded {
        title: title.to_owned(),
        price,
    });
    notify(tx, provider, "lead_awarded", message, Some("/leads")).await
}

async fn lapse(
    tx: &mut Transaction<'_, Postgres>,
    project_id: i64,
    title: &str,
    provider: i64,
    reason: LapseReason,
    now: OffsetDateTime,
) -> AppResult<()> {
    sqlx::query!(
        "UPDATE lead_responses SET reservation = 'lapsed', lapse_reason = $3, decided_at = $4
          WHERE project_id = $1 AND provider_id = $2",
        project_id,
        provider,
        reason.slug(),
        now
    )
    .execute(&mut **tx)
    .await?;
    let message = Msg::Told(ToldMsg::ReservationLapsed {
        title: title.to_owned(),
        reason,
    });
    notify(tx, provider, "lead_lapsed", message, Some("/leads")).await
}

/// One row of the leads tab, as the provider's lead list reads it.
#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    client_id: i64,
    price_cents: i64,
    cap: i32,
    buyers: i32,
    half_price: bool,
    half_price_at: OffsetDateTime,
    client_phone: String,
    response: Option<String>,
    reservation: Option<String>,
    lapse_reason: Option<String>,
    paid: Option<i64>,
}

/// What this provider did with the lead, as the row says.
fn answer_of(row: &ListRow) -> Option<LeadAnswer> {
    match (
        row.response.as_deref(),
        row.reservation.as_deref(),
        row.paid,
    ) {
        (Some("bought"), _, Some(paid)) | (Some("reserved"), Some("awarded"), Some(paid)) => {
            Some(LeadAnswer::Bought {
                paid: Cents::new(paid),
            })
        }
        (Some("reserved"), Some("waiting"), _) => Some(LeadAnswer::Reserved),
        (Some("reserved"), Some("lapsed"), _) => Some(LeadAnswer::Lapsed {
            reason: row
                .lapse_reason
                .as_deref()
                .and_then(LapseReason::from_slug)
                .unwrap_or(LapseReason::CapReached),
        }),
        _ => None,
    }
}

/// The leads tab: every published lead offered to this provider that they
/// have not refused, and every lead they hold or reserved.
pub async fn list(pool: &PgPool, user: &User, now: OffsetDateTime) -> AppResult<Vec<LeadView>> {
    require_provider(user)?;
    let rows: Vec<ListRow> = sqlx::query_as(concat!(
        "SELECT p.id, p.client_id, l.price_cents, l.cap, l.buyers, l.half_price, l.half_price_at,
                l.client_phone, r.response, r.reservation, r.lapse_reason, r.price_cents AS paid
           FROM projects p
           JOIN leads l ON l.project_id = p.id
           LEFT JOIN provider_preferences pp ON pp.provider_id = $1
           LEFT JOIN lead_responses r ON r.project_id = p.id AND r.provider_id = $1
          WHERE r.response IS DISTINCT FROM 'refused'
            AND (r.response IS NOT NULL OR (p.status = 'published' AND ",
        matches_preferences!(),
        "))
          ORDER BY p.published_at DESC, p.id DESC
          LIMIT 100"
    ))
    .bind(user.id)
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let projects = super::projects::load(pool, &ids, user).await?;
    let requests = super::credit_requests::mine(pool, user).await?;
    let format = time::format_description::well_known::Rfc3339;
    let mut conn = pool.acquire().await?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, project) in rows.into_iter().zip(projects) {
        let answer = answer_of(&row);
        let contact = if matches!(answer, Some(LeadAnswer::Bought { .. })) {
            Some(contact_of(&mut conn, row.client_id, &row.client_phone).await?)
        } else {
            None
        };
        out.push(LeadView {
            price: Cents::new(row.price_cents),
            half_price: row
                .half_price
                .then(|| half_price(Cents::new(row.price_cents))),
            buyers: row.buyers,
            cap: row.cap,
            half_price_at: row
                .half_price_at
                .format(&format)
                .map_err(AppError::internal)?,
            seconds_to_mark: (row.half_price_at - now).whole_seconds().max(0),
            answer,
            contact,
            credit_request: requests.iter().find(|r| r.project_id == row.id).cloned(),
            project,
        });
    }
    Ok(out)
}
