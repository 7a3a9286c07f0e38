//! Subscription plans: a bundle of each kind of credit per period, paid
//! through the gateway and renewed by a durable job at the end of each
//! period unless the provider stopped it.

use super::accounts::User;
use super::credits::{self, post, require_provider, Movement};
use super::gateway::{Charge, ChargeKey, Gateway, Method};
use super::idempotency::{self, Begin};
use super::jobs;
use super::notifications::notify;
use super::payments::{self, Declined, Purpose};
use crate::domain::ledger::{movements, CreditKind};
use crate::domain::money::Cents;
use crate::domain::msg::{CreditMsg, NoticeMsg, ToldMsg};
use crate::domain::payment::parse_card;
use crate::error::{AppError, AppResult, Msg};
use crate::views::plans::{PlanView, PlansPage, SubscriptionView};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use time::{Duration, OffsetDateTime};

pub const RENEWAL_JOB: &str = "subscription_renewal";

#[derive(sqlx::FromRow, Clone)]
struct PlanRow {
    slug: String,
    name: String,
    price_cents: i64,
    period_days: i32,
    consultation: i32,
    offer: i32,
    contact: i32,
    staff_notes: bool,
}

impl PlanRow {
    /// The plan's price: stored as cents, used as money from here on.
    fn price(&self) -> Cents {
        Cents::new(self.price_cents)
    }

    fn view(&self) -> AppResult<PlanView> {
        Ok(PlanView {
            slug: self.slug.clone(),
            name: self.name.clone(),
            price: self.price(),
            period_days: self.period_days,
            consultation: self.consultation,
            offer: self.offer,
            contact: self.contact,
            staff_notes: self.staff_notes,
        })
    }

    fn counts(&self) -> [(CreditKind, i64); 3] {
        [
            (CreditKind::Consultation, self.consultation.into()),
            (CreditKind::Offer, self.offer.into()),
            (CreditKind::Contact, self.contact.into()),
        ]
    }
}

const PLAN_COLUMNS: &str =
    "slug, name, price_cents, period_days, consultation, offer, contact, staff_notes";

async fn plans(conn: &mut PgConnection) -> AppResult<Vec<PlanRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {PLAN_COLUMNS} FROM plans ORDER BY position"
    ))
    .fetch_all(conn)
    .await?)
}

#[derive(sqlx::FromRow)]
struct SubscriptionRow {
    plan: String,
    status: String,
    renews: bool,
    payment_token: String,
    card_last4: String,
    period_start: OffsetDateTime,
    period_end: OffsetDateTime,
    ended_reason: Option<String>,
}

const SUBSCRIPTION_COLUMNS: &str =
    "plan, status, renews, payment_token, card_last4, period_start, period_end, ended_reason";

impl SubscriptionRow {
    fn view(&self, plan: &PlanRow) -> AppResult<SubscriptionView> {
        let f = time::format_description::well_known::Rfc3339;
        Ok(SubscriptionView {
            plan: plan.view()?,
            status: self.status.clone(),
            renews: self.renews,
            card_last4: self.card_last4.clone(),
            period_start: self.period_start.format(&f).map_err(AppError::internal)?,
            period_end: self.period_end.format(&f).map_err(AppError::internal)?,
            ended_reason: self.ended_reason.clone(),
        })
    }
}

/// The plans on offer and the provider's own subscription.
pub async fn page(pool: &PgPool, user: &User) -> AppResult<PlansPage> {
    require_provider(user)?;
    let mut conn = pool.acquire().await?;
    let all = plans(&mut conn).await?;
    let current: Option<SubscriptionRow> = sqlx::query_as(&format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE provider_id = $1"
    ))
    .bind(user.id)
    .fetch_optional(&mut *conn)
    .await?;
    let current = match current {
        Some(s) => {
            let plan = all
                .iter()
                .find(|p| p.slug == s.plan)
                .ok_or_else(|| AppError::internal("subscription to an unknown plan"))?;
            Some(s.view(plan)?)
        }
        None => None,
    };
    Ok(PlansPage {
        plans: all.iter().map(PlanRow::view).collect::<AppResult<_>>()?,
        current,
    })
}

/// Whether the provider's current plan shows staff's follow-up notes.
pub async fn sees_staff_notes(conn: &mut PgConnection, provider_id: i64) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT p.staff_notes FROM subscriptions s JOIN plans p ON p.slug = s.plan
            WHERE s.provider_id = $1 AND s.status = 'active'"#,
        provider_id
    )
    .fetch_optional(conn)
    .await?
    .unwrap_or(false))
}

/// Writes the period's credits, as one ledger transaction.
async fn grant_period(
    tx: &mut Transaction<'_, Postgres>,
    provider_id: i64,
    plan: &PlanRow,
    period_end: OffsetDateTime,
) -> AppResult<()> {
    let what = Msg::Told(ToldMsg::PlanCredits {
        plan: plan.name.clone(),
        until: period_end.date(),
    });
    post(
        tx,
        Movement {
            kind: "grant",
            provider_id,
            project_id: None,
            actor_id: provider_id,
            reason: None,
            what: Some(what),
        },
        &movements::bundle(provider_id, &plan.counts()),
    )
    .await?;
    Ok(())
}

/// Subscribes to a plan: the first period is paid now and its credits
/// granted; the renewal job is enqueued for the end of the period.
#[tracing::instrument(skip(pool, gateway, card, raw_key), fields(user = user.id))]
pub async fn subscribe(
    pool: &PgPool,
    gateway: &Gateway,
    user: &User,
    plan_slug: &str,
    card: &str,
    raw_key: &str,
    now: OffsetDateTime,
) -> AppResult<SubscriptionView> {
    user.require_verified()?;
    require_provider(user)?;
    let key = credits::key(raw_key)?;
    let card = parse_card(card).map_err(|m| AppError::field("card", m))?;
    let mut tx = pool.begin().await?;
    let plan = plans(&mut tx)
        .await?
        .into_iter()
        .find(|p| p.slug == plan_slug)
        .ok_or_else(|| AppError::field("plan", Msg::Credit(CreditMsg::ChoosePlan)))?;
    let request = format!("subscribe:{plan_slug}:{}", &card[card.len() - 4..]);
    if let Begin::Replay(answer) = idempotency::begin(&mut tx, user.id, &key, &request).await? {
        return Ok(answer);
    }
    let current = sqlx::query!(
        "SELECT plan, status, period_end FROM subscriptions WHERE provider_id = $1 FOR UPDATE",
        user.id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(c) = current.filter(|c| c.status == "active") {
        return Err(AppError::Conflict(Msg::Credit(CreditMsg::PlanActive {
            until: c.period_end.date(),
        })));
    }
    let description = format!("{} plan", plan.name);
    let charge = Charge::by_card(user.id, plan.price(), card, &key, description);
    let receipt = payments::charge_card(pool, gateway, Purpose::Subscription, &charge).await?;
    payments::record(&mut tx, &charge, Purpose::Subscription, &receipt, None).await?;
    let end = now + Duration::days(plan.period_days.into());
    grant_period(&mut tx, user.id, &plan, end).await?;
    let row: SubscriptionRow = sqlx::query_as(&format!(
        "INSERT INTO subscriptions (provider_id, plan, status, renews, payment_token, card_last4, period_start, period_end, started_at)
         VALUES ($1, $2, 'active', true, $3, $4, $5, $6, $5)
         ON CONFLICT (provider_id) DO UPDATE
           SET plan = EXCLUDED.plan, status = 'active', renews = true, payment_token = EXCLUDED.payment_token,
               card_last4 = EXCLUDED.card_last4, period_start = EXCLUDED.period_start,
               period_end = EXCLUDED.period_end, ended_reason = NULL, started_at = EXCLUDED.started_at
         RETURNING {SUBSCRIPTION_COLUMNS}"
    ))
    .bind(user.id)
    .bind(&plan.slug)
    .bind(&receipt.token)
    .bind(&receipt.card_last4)
    .bind(now)
    .bind(end)
    .fetch_one(&mut *tx)
    .await?;
    jobs::enqueue(&mut tx, RENEWAL_JOB, user.id, end).await?;
    let answer = row.view(&plan)?;
    idempotency::finish(&mut tx, user.id, &key, &answer).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Stops or resumes the renewal of the current period.
pub async fn set_renewal(pool: &PgPool, user: &User, renews: bool) -> AppResult<SubscriptionView> {
    require_provider(user)?;
    let mut tx = pool.begin().await?;
    let row: SubscriptionRow = sqlx::query_as(&format!(
        "UPDATE subscriptions SET renews = $2 WHERE provider_id = $1 AND status = 'active'
         RETURNING {SUBSCRIPTION_COLUMNS}"
    ))
    .bind(user.id)
    .bind(renews)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Conflict(Msg::Credit(CreditMsg::NoActivePlan)))?;
    let plan = plan_of(&mut tx, &row.plan).await?;
    tx.commit().await?;
    row.view(&plan)
}

/// The plan a subscription is to.
async fn plan_of(conn: &mut PgConnection, slug: &str) -> AppResult<PlanRow> {
    plans(conn)
        .await?
        .into_iter()
        .find(|p| p.slug == slug)
        .ok_or_else(|| AppError::internal("subscription to an unknown plan"))
}

/// Ends a provider's plan (`reason`: `stopped` or `payment_declined`) and
/// tells them why.
async fn end_plan(
    conn: &mut PgConnection,
    provider_id: i64,
    reason: &str,
    message: NoticeMsg,
) -> AppResult<()> {
    sqlx::query!(
        "UPDATE subscriptions SET status = 'ended', ended_reason = $2 WHERE provider_id = $1",
        provider_id,
        reason
    )
    .execute(&mut *conn)
    .await?;
    notify(
        conn,
        provider_id,
        "plan_ended",
        Msg::Notice(message),
        Some("/credits"),
    )
    .await
}

/// The renewal job, at the end of a period, inside the job's transaction.
pub async fn renew(
    pool: &PgPool,
    tx: &mut Transaction<'_, Postgres>,
    gateway: &Gateway,
    provider_id: i64,
    now: OffsetDateTime,
) -> AppResult<String> {
    let Some(sub) = sqlx::query_as::<_, SubscriptionRow>(&format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE provider_id = $1 FOR UPDATE"
    ))
    .bind(provider_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok("no subscription".into());
    };
    if sub.status != "active" || sub.period_end > now {
        // Ended already, or a newer period was bought: nothing due.
        return Ok("nothing due".into());
    }
    let plan = plan_of(tx, &sub.plan).await?;
    if !sub.renews {
        let message = NoticeMsg::PlanEnded {
            plan: plan.name.clone(),
            on: sub.period_end.date(),
        };
        end_plan(tx, provider_id, "stopped", message).await?;
        return Ok("ended: renewal stopped".into());
    }
    let charge = Charge {
        payer_id: provider_id,
        amount: plan.price(),
        method: Method::Token(sub.payment_token.clone()),
        // One key per period: a retried renewal is charged once.
        key: ChargeKey::Renewal {
            provider_id,
            period_end: sub.period_end.unix_timestamp(),
        },
        description: format!("{} plan renewal", plan.name),
    };
    let receipt = match payments::charge(pool, gateway, Purpose::Subscription, &charge).await? {
        Ok(r) => r,
        Err(Declined(reason)) => {
            let message = NoticeMsg::PlanNotRenewed {
                plan: plan.name.clone(),
                why: Box::new(reason),
            };
            end_plan(tx, provider_id, "payment_declined", message).await?;
            return Ok("ended: payment declined".into());
        }
    };
    payments::record(tx, &charge, Purpose::Subscription, &receipt, None).await?;
    let next_end = sub.period_end + Duration::days(plan.period_days.into());
    grant_period(tx, provider_id, &plan, next_end).await?;
    sqlx::query!(
        "UPDATE subscriptions SET period_start = period_end, period_end = $2 WHERE provider_id = $1",
        provider_id,
        next_end
    )
    .execute(&mut **tx)
    .await?;
    jobs::enqueue(tx, RENEWAL_JOB, provider_id, next_end).await?;
    let message = Msg::Notice(NoticeMsg::PlanRenewed {
        plan: plan.name.clone(),
        until: next_end.date(),
        amount: plan.price(),
        last4: receipt.card_last4.clone(),
    });
    notify(tx, provider_id, "plan_renewed", message, Some("/credits")).await?;
    Ok(format!("renewed until {}", next_end.date()))
}
