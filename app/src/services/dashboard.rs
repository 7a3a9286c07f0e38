//! Each role's dashboard, read from the same tables the money rules write:
//! the provider's pipeline, leads, earnings and credits; the client's
//! projects, agreements, fees and escrow; staff's queues.

use crate::domain::account::Role;

use crate::domain::money::{Cents, Money};
use crate::domain::msg::FormMsg;
use crate::domain::pipeline::{
    client_action, next_action, stage, ClientFacts, Deal, Facts, Hold, OfferState, Stage,
};
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult};
use crate::services::accounts::User;
use crate::views::dashboard::*;
use sqlx::{PgConnection, PgPool};
use time::{Duration, OffsetDateTime};

/// Cards shown per pipeline stage (the newest); the column counts them all.
pub const CARDS_PER_STAGE: usize = 8;
/// A visit is one sitting: coming back within this time is the same visit,
/// so "new since your last visit" does not empty itself on every reload.
const VISIT_GAP: Duration = Duration::hours(1);

/// The signed-in person's dashboard, whatever their role.
pub async fn load(pool: &PgPool, user: &User, now: OffsetDateTime) -> AppResult<Dashboard> {
    Ok(match user.role {
        Role::Provider => Dashboard::Provider(Box::new(provider(pool, user, now).await?)),
        Role::Client => Dashboard::Client(client(pool, user).await?),
        Role::Staff => Dashboard::Staff(staff(pool, user).await?),
    })
}

/// A stored amount of euros, in cents.
fn cents_of(amount: sqlx::types::Decimal) -> AppResult<Cents> {
    Money::from_decimal(amount)
        .map(Cents::from)
        .map_err(|_| AppError::internal("a stored amount is not money"))
}

fn overflow() -> AppError {
    AppError::internal("an amount on the dashboard overflowed")
}

/// The provider's dashboard.
pub async fn provider(
    pool: &PgPool,
    user: &User,
    now: OffsetDateTime,
) -> AppResult<ProviderDashboard> {
    if user.role != Role::Provider {
        return Err(AppError::Forbidden(FormMsg::ForProviders.into()));
    }
    let mut conn = pool.acquire().await?;
    let previous = visit(&mut conn, user.id, now).await?;
    let columns = pipeline(&mut conn, user.id).await?;
    let earnings = earnings(&mut conn, user.id).await?;
    let totals = earnings
        .iter()
        .try_fold(Earnings::default(), |t, l| t.checked_add(&l.money))
        .ok_or_else(overflow)?;
    let (matches, no_preferences) = matches(&mut conn, user.id, previous).await?;
    Ok(ProviderDashboard {
        columns,
        leads: leads(&mut conn, user.id).await?,
        earnings,
        totals,
        payouts: payouts(&mut conn, user.id).await?,
        fees: fees_due(&mut conn, user.id).await?,
        credits: credits_left(pool, user).await?,
        earned_per_month: earned_per_month(&mut conn, user.id, now).await?,
        spent_per_week: spent_per_week(&mut conn, user.id, now).await?,
        matches,
        no_preferences,
        previous_visit: previous,
    })
}

/// Records this visit and returns when the previous one began.
async fn visit(
    conn: &mut PgConnection,
    user_id: i64,
    now: OffsetDateTime,
) -> AppResult<Option<OffsetDateTime>> {
    let row = sqlx::query!(
        r#"INSERT INTO dashboard_visits (user_id, seen_at) VALUES ($1, $2)
           ON CONFLICT (user_id) DO UPDATE
              SET previous_at = CASE WHEN dashboard_visits.seen_at < $2 - $3::interval
                                     THEN dashboard_visits.seen_at ELSE dashboard_visits.previous_at END,
                  seen_at = CASE WHEN dashboard_visits.seen_at < $2 - $3::interval
                                 THEN $2 ELSE dashboard_visits.seen_at END
           RETURNING previous_at"#,
        user_id,
        now,
        sqlx::postgres::types::PgInterval::try_from(VISIT_GAP).map_err(AppError::internal)?
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.previous_at)
}

/// What the pipeline reads per project.
struct PipelineRow {
    id: i64,
    title: String,
    status: String,
    access: String,
    status_changed_at: OffsetDateTime,
    any_unlock: bool,
    may_offer: bool,
    lead_bought: bool,
    offer_amount: Option<sqlx::types::Decimal>,
    offer_read: Option<OffsetDateTime>,
    deal_provider: Option<i64>,
    deal_status: Option<String>,
    formula: Option<String>,
    held: i64,
    payable: i64,
    rated: bool,
}

impl PipelineRow {
    /// The facts the pipeline's stage is derived from, for `provider_id`.
    fn facts(&self, provider_id: i64) -> AppResult<Facts> {
        let status = ProjectStatus::from_slug(&self.status)
            .ok_or_else(|| AppError::internal("a project with an unknown status"))?;
        let mine = self.deal_provider == Some(provider_id);
        Ok(Facts {
            status,
            hold: match (self.lead_bought, self.may_offer, self.any_unlock) {
                (true, _, _) => Hold::LeadBought,
                (_, true, _) => Hold::MayOffer,
                (_, _, true) => Hold::Unlocked,
                _ => Hold::None,
            },
            offer: match (&self.offer_amount, self.offer_read) {
                (None, _) => OfferState::None,
                (Some(_), None) => OfferState::Sent,
                (Some(_), Some(_)) => OfferState::Read,
            },
            deal: match (self.deal_status.as_deref(), mine) {
                (Some("confirmed"), true) => Deal::ConfirmedWithMe,
                (Some("confirmed"), false) => Deal::ConfirmedWithOther,
                (Some(_), true) => Deal::ProposedToMe,
                (Some(_), false) => Deal::ProposedToOther,
                (None, _) => Deal::None,
            },
            zero_risk: mine && self.formula.as_deref() == Some("zero_risk"),
            held_cents: self.held,
            payable_cents: self.payable,
            rated: self.rated,
        })
    }
}

/// Every project the provider engaged with, by stage.
async fn pipeline(conn: &mut PgConnection, provider_id: i64) -> AppResult<Vec<StageColumn>> {
    let rows = sqlx::query_as!(
        PipelineRow,
        r#"WITH mine AS (
                SELECT project_id FROM unlocks WHERE provider_id = $1
                UNION SELECT project_id FROM lead_responses
                       WHERE provider_id = $1 AND (response = 'bought' OR reservation = 'awarded')
                UNION SELECT project_id FROM offers WHERE provider_id = $1
                UNION SELECT project_id FROM agreements WHERE provider_id = $1 AND status <> 'withdrawn')
           SELECT p.id, p.title, p.status, p.access, p.status_changed_at,
                  EXISTS (SELECT 1 FROM unlocks u WHERE u.provider_id = $1 AND u.project_id = p.id) AS "any_unlock!",
                  EXISTS (SELECT 1 FROM unlocks u WHERE u.provider_id = $1 AND u.project_id = p.id
                                                    AND u.kind = 'offer') AS "may_offer!",
                  EXISTS (SELECT 1 FROM lead_responses l WHERE l.provider_id = $1 AND l.project_id = p.id
                             AND (l.response = 'bought' OR l.reservation = 'awarded')) AS "lead_bought!",
                  o.amount AS "offer_amount?", o.read_at AS "offer_read?",
                  a.provider_id AS "deal_provider?", a.status AS "deal_status?", a.formula AS "formula?",
                  coalesce(t.held, 0)::BIGINT AS "held!",
                  (coalesce(t.released, 0) - coalesce(e.payout_cents, 0))::BIGINT AS "payable!",
                  EXISTS (SELECT 1 FROM ratings r WHERE r.project_id = p.id AND r.rater_id = $1) AS "rated!"
             FROM mine JOIN projects p ON p.id = mine.project_id
             LEFT JOIN offers o ON o.project_id = p.id AND o.provider_id = $1
             LEFT JOIN agreements a ON a.project_id = p.id AND a.status IN ('proposed', 'confirmed')
             LEFT JOIN escrows e ON e.agreement_id = a.id AND e.provider_id = $1
             LEFT JOIN LATERAL (
                  SELECT sum(deposited_cents - released_cents - refunded_cents) AS held,
                         sum(released_cents) AS released
                    FROM escrow_tranches WHERE agreement_id = e.agreement_id) t ON true
            ORDER BY p.status_changed_at DESC, p.id DESC"#,
        provider_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut columns: Vec<StageColumn> = Stage::ALL
        .into_iter()
        .map(|stage| StageColumn {
            stage,
            count: 0,
            cards: Vec::new(),
        })
        .collect();
    for r in rows {
        let facts = r.facts(provider_id)?;
        let Some(stage) = stage(&facts) else { continue };
        let Some(column) = columns.iter_mut().find(|c| c.stage == stage) else {
            continue;
        };
        column.count += 1;
        if column.cards.len() < CARDS_PER_STAGE {
            column.cards.push(PipelineCard {
                project_id: r.id,
                title: r.title,
                stage,
                action: next_action(stage, &facts),
                is_lead: r.access == "lead",
                offer: r.offer_amount.map(cents_of).transpose()?,
                since: r.status_changed_at,
            });
        }
    }
    Ok(columns)
}

/// Leads bought, awarded, reserved or lapsed, newest first.
async fn leads(conn: &mut PgConnection, provider_id: i64) -> AppResult<Vec<LeadLine>> {
    Ok(sqlx::query!(
        r#"SELECT l.project_id, p.title, l.response, l.reservation, l.price_cents, l.created_at
             FROM lead_responses l JOIN projects p ON p.id = l.project_id
            WHERE l.provider_id = $1 AND l.response IN ('bought', 'reserved')
            ORDER BY l.id DESC LIMIT 20"#,
        provider_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|l| LeadLine {
        project_id: l.project_id,
        title: l.title,
        state: l.reservation.unwrap_or(l.response),
        price: l.price_cents.map(Cents::new),
        at: l.created_at,
    })
    .collect())
}

/// Escrow money per zero-risk project of the provider's, newest first.
async fn earnings(conn: &mut PgConnection, provider_id: i64) -> AppResult<Vec<EarningsLine>> {
    Ok(sqlx::query!(
        r#"SELECT e.project_id, p.title, e.payout_cents, e.paid_cents,
                  coalesce(sum(t.deposited_cents - t.released_cents - t.refunded_cents), 0)::BIGINT AS "held!",
                  coalesce(sum(t.released_cents), 0)::BIGINT AS "released!"
             FROM escrows e JOIN projects p ON p.id = e.project_id
             LEFT JOIN escrow_tranches t ON t.agreement_id = e.agreement_id
            WHERE e.provider_id = $1
            GROUP BY e.agreement_id, p.title
            ORDER BY e.created_at DESC"#,
        provider_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|e| EarningsLine {
        project_id: e.project_id,
        title: e.title,
        money: Earnings {
            held: Cents::new(e.held),
            released: Cents::new(e.released),
            requested: Cents::new(e.payout_cents),
            paid: Cents::new(e.paid_cents),
        },
    })
    .collect())
}

/// Payout requests across projects, newest first.
async fn payouts(conn: &mut PgConnection, provider_id: i64) -> AppResult<Vec<PayoutLine>> {
    Ok(sqlx::query!(
        "SELECT o.id, e.project_id, p.title, o.amount_cents, o.status, o.requested_at,
                o.paid_at, o.transfer_reference
           FROM payouts o JOIN escrows e ON e.agreement_id = o.agreement_id
           JOIN projects p ON p.id = e.project_id
          WHERE o.provider_id = $1 ORDER BY o.requested_at DESC, o.id DESC LIMIT 50",
        provider_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|o| PayoutLine {
        id: o.id,
        project_id: o.project_id,
        title: o.title,
        amount: Cents::new(o.amount_cents),
        paid: o.status == "paid",
        requested_at: o.requested_at,
        paid_at: o.paid_at,
        reference: o.transfer_reference,
    })
    .collect())
}

async fn credits_left(pool: &PgPool, user: &User) -> AppResult<CreditsLeft> {
    let balances = super::credits::balances_of(pool, user.id).await?;
    let plans = super::subscriptions::page(pool, user).await?;
    let current = plans.current.filter(|s| s.status == "active");
    Ok(CreditsLeft {
        consultation: balances.consultation,
        offer: balances.offer,
        contact: balances.contact,
        money: balances.money,
        plan: current.as_ref().map(|s| s.plan.name.clone()),
        period_end: current
            .as_ref()
            .map(|s| s.period_end.chars().take(10).collect()),
        renews: current.as_ref().is_some_and(|s| s.renews),
    })
}

/// Money released to the provider per month, the last twelve months.
async fn earned_per_month(
    conn: &mut PgConnection,
    provider_id: i64,
    now: OffsetDateTime,
) -> AppResult<Vec<Bar>> {
    Ok(sqlx::query!(
        r#"WITH months AS (
                SELECT generate_series(date_trunc('month', $2::timestamptz) - interval '11 months',
                                       date_trunc('month', $2::timestamptz), interval '1 month') AS month)
           SELECT to_char(m.month, 'YYYY-MM') AS "label!",
                  coalesce((SELECT sum(en.amount) FROM escrow_entries en
                              JOIN escrow_transactions tx ON tx.id = en.transaction_id
                              JOIN escrows e ON e.agreement_id = tx.agreement_id
                             WHERE e.provider_id = $1 AND en.account = 'provider_owed' AND en.amount > 0
                               AND tx.kind IN ('release', 'decision')
                               AND tx.created_at >= m.month AND tx.created_at < m.month + interval '1 month'), 0)::BIGINT AS "value!"
             FROM months m ORDER BY m.month"#,
        provider_id,
        now
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| Bar {
        label: r.label,
        value: r.value,
    })
    .collect())
}

/// Credits spent per week (all kinds), the last twelve weeks.
async fn spent_per_week(
    conn: &mut PgConnection,
    provider_id: i64,
    now: OffsetDateTime,
) -> AppResult<Vec<Bar>> {
    Ok(sqlx::query!(
        r#"WITH weeks AS (
                SELECT generate_series(date_trunc('week', $2::timestamptz) - interval '11 weeks',
                                       date_trunc('week', $2::timestamptz), interval '1 week') AS week)
           SELECT to_char(w.week, 'YYYY-MM-DD') AS "label!",
                  coalesce((SELECT -sum(en.amount) FROM ledger_entries en
                              JOIN ledger_transactions tx ON tx.id = en.transaction_id
                             WHERE tx.provider_id = $1 AND tx.kind = 'spend' AND en.holder = 'provider'
                               AND en.unit <> 'cents'
                               AND tx.created_at >= w.week AND tx.created_at < w.week + interval '1 week'), 0)::BIGINT AS "value!"
             FROM weeks w ORDER BY w.week"#,
        provider_id,
        now
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| Bar {
        label: r.label,
        value: r.value,
    })
    .collect())
}

/// Published open tenders matching the provider's preferences that they
/// have not engaged with yet, newest first; new ones are marked.
async fn matches(
    conn: &mut PgConnection,
    provider_id: i64,
    previous: Option<OffsetDateTime>,
) -> AppResult<(Vec<MatchLine>, bool)> {
    let rows: Vec<(i64, String, String, sqlx::types::Decimal, sqlx::types::Decimal, OffsetDateTime)> =
        sqlx::query_as(concat!(
            "SELECT p.id, p.title, p.region, p.budget_min, p.budget_max, p.published_at
               FROM projects p LEFT JOIN provider_preferences pp ON pp.provider_id = $1
              WHERE p.status = 'published' AND p.access = 'tender' AND ",
            matches_preferences!(),
            " AND NOT EXISTS (SELECT 1 FROM unlocks u WHERE u.provider_id = $1 AND u.project_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.provider_id = $1 AND o.project_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM hidden_projects h WHERE h.provider_id = $1 AND h.project_id = p.id)
              ORDER BY p.published_at DESC, p.id DESC LIMIT 10"
        ))
        .bind(provider_id)
        .fetch_all(&mut *conn)
        .await?;
    let no_preferences = !sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM provider_preferences WHERE provider_id = $1
                           AND (cardinality(services) > 0 OR cardinality(regions) > 0
                                OR budget_min IS NOT NULL OR budget_max IS NOT NULL)) AS "x!""#,
        provider_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let lines = rows
        .into_iter()
        .map(
            |(id, title, region, min, max, published_at)| -> AppResult<MatchLine> {
                Ok(MatchLine {
                    project_id: id,
                    title,
                    region: crate::domain::catalog::Region::parse(&region)
                        .map_err(|_| AppError::internal("a project of no region"))?,
                    budget: (cents_of(min)?, cents_of(max)?),
                    published_at,
                    new: previous.is_some_and(|p| published_at > p),
                })
            },
        )
        .collect::<AppResult<Vec<_>>>()?;
    Ok((lines, no_preferences))
}

/// The client's dashboard.
pub async fn client(pool: &PgPool, user: &User) -> AppResult<ClientDashboard> {
    if user.role != Role::Client {
        return Err(AppError::Forbidden(FormMsg::ForClients.into()));
    }
    let mut conn = pool.acquire().await?;
    let escrow = client_escrow(&mut conn, user.id).await?;
    let escrow_totals = escrow
        .iter()
        .try_fold(EscrowTotals::default(), |t, l| {
            Some(EscrowTotals {
                planned: t.planned.checked_add(l.planned)?,
                deposited: t.deposited.checked_add(l.deposited)?,
                held: t.held.checked_add(l.held)?,
                released: t.released.checked_add(l.released)?,
                refunded: t.refunded.checked_add(l.refunded)?,
            })
        })
        .ok_or_else(overflow)?;
    Ok(ClientDashboard {
        projects: client_projects(&mut conn, user.id).await?,
        waiting: waiting_agreements(&mut conn, user.id).await?,
        fees: fees_due(&mut conn, user.id).await?,
        escrow,
        escrow_totals,
        to_rate: to_rate(&mut conn, user.id).await?,
    })
}

/// The client's projects, newest first, each with its next step.
async fn client_projects(
    conn: &mut PgConnection,
    client_id: i64,
) -> AppResult<Vec<ClientProjectLine>> {
    let rows = sqlx::query!(
        r#"SELECT p.id, p.title, p.status, p.access,
                  (SELECT count(*) FROM offers o WHERE o.project_id = p.id) AS "offers!",
                  (SELECT count(*) FROM offers o WHERE o.project_id = p.id AND o.read_at IS NULL) AS "unread!",
                  EXISTS (SELECT 1 FROM agreements a WHERE a.project_id = p.id AND a.status = 'proposed') AS "awaiting!",
                  (SELECT coalesce(sum(f.due_cents), 0) FROM platform_fees f JOIN agreements a ON a.id = f.agreement_id
                    WHERE a.project_id = p.id AND a.status = 'confirmed' AND f.payer_id = $1)::BIGINT AS "fees_due!",
                  (SELECT coalesce(sum(t.planned_cents - t.deposited_cents), 0) FROM escrows e
                     JOIN escrow_tranches t ON t.agreement_id = e.agreement_id WHERE e.project_id = p.id)::BIGINT AS "to_deposit!",
                  (SELECT coalesce(sum(t.deposited_cents - t.released_cents - t.refunded_cents), 0) FROM escrows e
                     JOIN escrow_tranches t ON t.agreement_id = e.agreement_id WHERE e.project_id = p.id)::BIGINT AS "held!",
                  EXISTS (SELECT 1 FROM disputes d JOIN escrows e ON e.agreement_id = d.agreement_id
                           WHERE e.project_id = p.id AND d.status = 'open') AS "dispute!",
                  EXISTS (SELECT 1 FROM ratings r WHERE r.project_id = p.id AND r.rater_id = $1) AS "rated!"
             FROM projects p WHERE p.client_id = $1
            ORDER BY p.created_at DESC, p.id DESC LIMIT 100"#,
        client_id
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let status = ProjectStatus::from_slug(&r.status)
                .ok_or_else(|| AppError::internal("a project with an unknown status"))?;
            let facts = ClientFacts {
                status,
                is_lead: r.access == "lead",
                offers: r.offers,
                unread_offers: r.unread,
                awaiting_provider: r.awaiting,
                fees_due_cents: r.fees_due,
                to_deposit_cents: r.to_deposit,
                held_cents: r.held,
                dispute_open: r.dispute,
                rated: r.rated,
            };
            Ok(ClientProjectLine {
                project_id: r.id,
                title: r.title,
                status,
                is_lead: facts.is_lead,
                offers: r.offers,
                unread_offers: r.unread,
                action: client_action(&facts),
            })
        })
        .collect()
}

async fn waiting_agreements(
    conn: &mut PgConnection,
    client_id: i64,
) -> AppResult<Vec<WaitingAgreement>> {
    Ok(sqlx::query!(
        "SELECT a.project_id, p.title, u.display_name, a.amount_cents, a.proposed_at
           FROM agreements a JOIN projects p ON p.id = a.project_id JOIN users u ON u.id = a.provider_id
          WHERE a.client_id = $1 AND a.status = 'proposed' ORDER BY a.proposed_at",
        client_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|a| WaitingAgreement {
        project_id: a.project_id,
        title: a.title,
        provider: a.display_name,
        amount: Cents::new(a.amount_cents),
        proposed_at: a.proposed_at,
    })
    .collect())
}

async fn fees_due(conn: &mut PgConnection, payer_id: i64) -> AppResult<Vec<FeeDue>> {
    sqlx::query!(
        "SELECT a.project_id, p.title, f.kind, f.due_cents, f.due_by, now() AS \"now!\"
           FROM platform_fees f JOIN agreements a ON a.id = f.agreement_id
           JOIN projects p ON p.id = a.project_id
          WHERE f.payer_id = $1 AND f.due_cents > 0 AND a.status = 'confirmed'
          ORDER BY a.decided_at, f.kind",
        payer_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|f| {
        let kind = crate::domain::agreement::FeeKind::from_slug(&f.kind)
            .ok_or_else(|| AppError::internal("a fee of an unknown kind"))?;
        use crate::domain::fees::{overdue, Deadline};
        let deadline = f.due_by.map_or(Deadline::FirstDeposit, Deadline::By);
        Ok(FeeDue {
            overdue: overdue(deadline, f.now),
            project_id: f.project_id,
            title: f.title,
            kind,
            due: Cents::new(f.due_cents),
            deadline,
        })
    })
    .collect()
}

async fn client_escrow(conn: &mut PgConnection, client_id: i64) -> AppResult<Vec<EscrowLine>> {
    Ok(sqlx::query!(
        r#"SELECT e.project_id, p.title, u.display_name,
                  coalesce(sum(t.planned_cents), 0)::BIGINT AS "planned!",
                  coalesce(sum(t.deposited_cents), 0)::BIGINT AS "deposited!",
                  coalesce(sum(t.released_cents), 0)::BIGINT AS "released!",
                  coalesce(sum(t.refunded_cents), 0)::BIGINT AS "refunded!",
                  EXISTS (SELECT 1 FROM disputes d WHERE d.agreement_id = e.agreement_id AND d.status = 'open') AS "disputed!"
             FROM escrows e JOIN projects p ON p.id = e.project_id JOIN users u ON u.id = e.provider_id
             LEFT JOIN escrow_tranches t ON t.agreement_id = e.agreement_id
            WHERE e.client_id = $1
            GROUP BY e.agreement_id, p.title, u.display_name
            ORDER BY e.created_at DESC"#,
        client_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|e| EscrowLine {
        project_id: e.project_id,
        title: e.title,
        provider: e.display_name,
        planned: Cents::new(e.planned),
        deposited: Cents::new(e.deposited),
        held: Cents::new(e.deposited - e.released - e.refunded),
        released: Cents::new(e.released),
        refunded: Cents::new(e.refunded),
        disputed: e.disputed,
    })
    .collect())
}

async fn to_rate(conn: &mut PgConnection, client_id: i64) -> AppResult<Vec<ToRate>> {
    Ok(sqlx::query!(
        "SELECT p.id, p.title, u.display_name
           FROM projects p JOIN agreements a ON a.project_id = p.id AND a.status = 'confirmed'
           JOIN users u ON u.id = a.provider_id
          WHERE p.client_id = $1 AND p.status = 'completed'
            AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.project_id = p.id AND r.rater_id = $1)
          ORDER BY p.status_changed_at DESC",
        client_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| ToRate {
        project_id: r.id,
        title: r.title,
        provider: r.display_name,
    })
    .collect())
}

/// Staff's queues, counted.
pub async fn staff(pool: &PgPool, user: &User) -> AppResult<StaffDashboard> {
    if user.role != Role::Staff {
        return Err(AppError::Forbidden(FormMsg::ForStaff.into()));
    }
    let r = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM projects WHERE status = 'pending_validation') AS "pending!",
             (SELECT count(*) FROM credit_requests WHERE status = 'pending') AS "credit_requests!",
             (SELECT count(*) FROM payouts WHERE status = 'requested') AS "payouts!",
             (SELECT coalesce(sum(amount_cents), 0) FROM payouts WHERE status = 'requested')::BIGINT AS "payouts_sum!",
             (SELECT count(*) FROM disputes WHERE status = 'open') AS "disputes!",
             (SELECT count(*) FROM platform_fees f JOIN agreements a ON a.id = f.agreement_id
               WHERE f.due_cents > 0 AND a.status = 'confirmed') AS "fees!",
             (SELECT coalesce(sum(f.due_cents), 0) FROM platform_fees f JOIN agreements a ON a.id = f.agreement_id
               WHERE f.due_cents > 0 AND a.status = 'confirmed')::BIGINT AS "fees_sum!",
             (SELECT count(*) FROM emails WHERE status = 'dead') AS "dead!",
             (SELECT count(*) FROM certifications WHERE status = 'applied') AS "certifications!""#
    )
    .fetch_one(pool)
    .await?;
    Ok(StaffDashboard {
        pending_projects: r.pending,
        credit_requests: r.credit_requests,
        payouts_requested: r.payouts,
        payouts_requested_sum: Cents::new(r.payouts_sum),
        disputes_open: r.disputes,
        fees_unpaid: r.fees,
        fees_unpaid_sum: Cents::new(r.fees_sum),
        emails_failed: r.dead,
        certifications_waiting: r.certifications,
    })
}
