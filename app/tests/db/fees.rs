//! The platform's fees on a signed agreement, against a real PostgreSQL.

use crate::common::{agreed_project, en, key};
use app::domain::agreement::{Answer, FeeKind};

use app::error::{AppError, Msg};
use app::services::fees;
use app::services::gateway::Gateway;
use sqlx::PgPool;

const CARD: &str = "4242 4242 4242 4242";

/// (fee, due, paid, credit) of one fee.
async fn fee(pool: &PgPool, project: i64, kind: &str) -> (i64, i64, i64, i64) {
    sqlx::query_as(
        "SELECT f.fee_cents, f.due_cents, f.paid_cents, f.credit_cents FROM platform_fees f
           JOIN agreements a ON a.id = f.agreement_id WHERE a.project_id = $1 AND f.kind = $2",
    )
    .bind(project)
    .bind(kind)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Revenue in the fee ledger equals the fees now, and every transaction balances.
async fn ledger_agrees(pool: &PgPool) {
    let (revenue, fees_now): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT coalesce(-sum(amount), 0)::BIGINT FROM fee_entries WHERE account = 'revenue'),
                (SELECT coalesce(sum(fee_cents), 0)::BIGINT FROM platform_fees)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(revenue, fees_now);
    let (waived, waived_now): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT coalesce(sum(amount), 0)::BIGINT FROM fee_entries WHERE account = 'waived'),
                (SELECT coalesce(sum(waived_cents), 0)::BIGINT FROM platform_fees)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(waived, waived_now);
    let unbalanced: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT transaction_id FROM fee_entries GROUP BY transaction_id HAVING sum(amount) <> 0) x",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(unbalanced, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn zero_risk_charges_the_client_the_commission_and_the_r0_fee(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    assert_eq!(
        fee(&pool, s.project, "connection").await,
        (17_500, 17_500, 0, 0)
    );
    assert_eq!(
        fee(&pool, s.project, "zero_risk").await,
        (10_500, 10_500, 0, 0)
    );
    let gw = Gateway::test();
    let e = fees::pay(
        &pool,
        &gw,
        &s.provider,
        s.project,
        FeeKind::Connection,
        CARD,
        &key(),
    )
    .await;
    assert!(matches!(e, Err(AppError::Forbidden(_))), "{e:?}");
    let k = key();
    let first = fees::pay(
        &pool,
        &gw,
        &s.client,
        s.project,
        FeeKind::ZeroRisk,
        CARD,
        &k,
    )
    .await
    .unwrap();
    assert_eq!(
        first,
        fees::pay(
            &pool,
            &gw,
            &s.client,
            s.project,
            FeeKind::ZeroRisk,
            CARD,
            &k
        )
        .await
        .unwrap()
    );
    assert_eq!(
        fee(&pool, s.project, "zero_risk").await,
        (10_500, 0, 10_500, 0)
    );
    let again = fees::pay(
        &pool,
        &gw,
        &s.client,
        s.project,
        FeeKind::ZeroRisk,
        CARD,
        &key(),
    )
    .await;
    assert!(
        matches!(again, Err(AppError::Conflict(_))),
        "nothing left to pay"
    );
    let declined = fees::pay(
        &pool,
        &gw,
        &s.client,
        s.project,
        FeeKind::Connection,
        "4000 0000 0000 0002",
        &key(),
    )
    .await;
    assert!(declined.unwrap_err().message_for("card").is_some());
    assert_eq!(fee(&pool, s.project, "connection").await.1, 17_500);
    // Zero risk follows its tranche plan: no revision here.
    let r = fees::propose_revision(
        &pool,
        &s.client,
        s.project,
        "3000",
        "The scope shrank by one page.",
    )
    .await;
    assert!(matches!(r, Err(AppError::Conflict(_))));
    for outsider in [&s.outsider_client, &s.outsider_provider] {
        assert!(matches!(
            fees::view(&pool, outsider, s.project).await,
            Err(AppError::NotFound(_))
        ));
    }
    assert_eq!(
        fees::view(&pool, &s.staff, s.project)
            .await
            .unwrap()
            .lines
            .len(),
        2
    );
    ledger_agrees(&pool).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_revision_agreed_by_both_recomputes_the_commission_and_credits_the_difference(
    pool: PgPool,
) {
    // Basic formula, the provider pays the commission as both agreed.
    let s = agreed_project(&pool, "basic", "provider").await;
    assert_eq!(
        fee(&pool, s.project, "connection").await,
        (17_500, 17_500, 0, 0)
    );
    let view = fees::view(&pool, &s.provider, s.project).await.unwrap();
    assert!(view.lines[0].mine && view.can_revise);
    assert!(!fees::view(&pool, &s.client, s.project).await.unwrap().lines[0].mine);
    let gw = Gateway::test();
    fees::pay(
        &pool,
        &gw,
        &s.provider,
        s.project,
        FeeKind::Connection,
        CARD,
        &key(),
    )
    .await
    .unwrap();

    // Not upward, not by a stranger, one at a time, answered by the other party.
    let up = fees::propose_revision(
        &pool,
        &s.client,
        s.project,
        "3600",
        "More pages were added.",
    )
    .await;
    assert!(up.unwrap_err().message_for("amount").is_some());
    let stranger = fees::propose_revision(
        &pool,
        &s.outsider_client,
        s.project,
        "100",
        "I want a lower price.",
    )
    .await;
    assert!(matches!(stranger, Err(AppError::NotFound(_))));
    fees::propose_revision(
        &pool,
        &s.client,
        s.project,
        "3000",
        "We dropped the blog section.",
    )
    .await
    .unwrap();
    let twice = fees::propose_revision(
        &pool,
        &s.provider,
        s.project,
        "2000",
        "Let us lower it further.",
    )
    .await;
    assert!(matches!(twice, Err(AppError::Conflict(_))));
    let own = fees::answer_revision(&pool, &s.client, s.project, Answer::Accept).await;
    assert!(matches!(own, Err(AppError::Forbidden(_))));
    fees::answer_revision(&pool, &s.provider, s.project, Answer::Accept)
        .await
        .unwrap();
    // 5 % of 3,500 was paid; 5 % of 3,000 is 150: 25 € is credited to the provider.
    assert_eq!(
        fee(&pool, s.project, "connection").await,
        (15_000, 0, 17_500, 2_500)
    );
    let amount: i64 =
        sqlx::query_scalar("SELECT amount_cents FROM agreements WHERE project_id = $1")
            .bind(s.project)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(amount, 300_000);

    // A declined revision changes nothing.
    fees::propose_revision(
        &pool,
        &s.provider,
        s.project,
        "2000",
        "Half of the work is cancelled.",
    )
    .await
    .unwrap();
    fees::answer_revision(&pool, &s.client, s.project, Answer::Refuse)
        .await
        .unwrap();
    assert_eq!(
        fee(&pool, s.project, "connection").await,
        (15_000, 0, 17_500, 2_500)
    );
    let view = fees::view(&pool, &s.client, s.project).await.unwrap();
    assert_eq!(view.revisions.len(), 2);
    assert_eq!(view.revisions[1].credit.unwrap().to_string(), "25.00");
    ledger_agrees(&pool).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_revision_before_payment_lowers_what_is_due(pool: PgPool) {
    let s = agreed_project(&pool, "basic", "client").await;
    fees::propose_revision(
        &pool,
        &s.provider,
        s.project,
        "2000",
        "We agreed to skip the mobile app.",
    )
    .await
    .unwrap();
    fees::answer_revision(&pool, &s.client, s.project, Answer::Accept)
        .await
        .unwrap();
    assert_eq!(
        fee(&pool, s.project, "connection").await,
        (10_000, 10_000, 0, 0)
    );
    ledger_agrees(&pool).await;
}

async fn deposit(
    pool: &PgPool,
    gw: &Gateway,
    user: &app::services::accounts::User,
    project: i64,
    (tranche, amount): (i32, &str),
) -> Result<Msg, AppError> {
    let cmd = app::services::escrow::Deposit::parse(project, tranche, amount, CARD, &key())?;
    let acting = app::services::acting::Acting::new(pool.clone(), gw.clone(), user.clone());
    app::services::escrow::deposit(&acting, cmd).await
}

async fn sum(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar::<_, Option<i64>>(sql)
        .fetch_one(pool)
        .await
        .unwrap()
        .unwrap_or(0)
}

#[sqlx::test(migrations = "../migrations")]
async fn a_commission_the_provider_owes_holds_the_first_deposit_until_it_is_paid(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "provider").await;
    let gw = Gateway::test();
    let tab = app::services::escrow::tab(&pool, &s.client, s.project)
        .await
        .unwrap();
    assert!(tab.deposit_fees.waits.is_some() && tab.deposit_fees.lines.is_empty());
    match deposit(&pool, &gw, &s.client, s.project, (1, "1000")).await {
        Err(AppError::Conflict(m)) => assert!(
            en(&m).contains("provider's connection commission of €175.00"),
            "{m}"
        ),
        other => panic!("deposited before the provider paid: {other:?}"),
    }
    assert_eq!(
        sum(&pool, "SELECT sum(amount_cents)::BIGINT FROM payments").await,
        0
    );
    assert_eq!(
        sum(
            &pool,
            "SELECT sum(deposited_cents)::BIGINT FROM escrow_tranches"
        )
        .await,
        0
    );
    fees::pay(
        &pool,
        &gw,
        &s.provider,
        s.project,
        FeeKind::Connection,
        CARD,
        &key(),
    )
    .await
    .unwrap();
    let tab = app::services::escrow::tab(&pool, &s.client, s.project)
        .await
        .unwrap();
    assert_eq!(tab.deposit_fees.waits, None);
    assert_eq!(
        tab.deposit_fees.lines,
        vec![(FeeKind::ZeroRisk, app::domain::money::Cents::new(10_500))]
    );
    deposit(&pool, &gw, &s.client, s.project, (1, "1000"))
        .await
        .unwrap();
    assert_eq!(
        sum(
            &pool,
            "SELECT sum(amount_cents)::BIGINT FROM payments WHERE purpose = 'escrow_deposit'"
        )
        .await,
        110_500,
        "the deposit and the R0 fee, one payment"
    );
    assert_eq!(
        fee(&pool, s.project, "zero_risk").await,
        (10_500, 0, 10_500, 0)
    );
    // The next deposit collects nothing more.
    let tab = app::services::escrow::tab(&pool, &s.client, s.project)
        .await
        .unwrap();
    assert!(tab.deposit_fees.lines.is_empty());
    deposit(&pool, &gw, &s.client, s.project, (2, "100"))
        .await
        .unwrap();
    assert_eq!(
        sum(
            &pool,
            "SELECT sum(amount_cents)::BIGINT FROM payments WHERE purpose = 'escrow_deposit'"
        )
        .await,
        120_500
    );
    ledger_agrees(&pool).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_fee_paid_alone_while_the_first_deposit_runs_is_charged_once(pool: PgPool) {
    for _ in 0..4 {
        let s = agreed_project_again(&pool).await;
        let gw = Gateway::test();
        let k = key();
        let (paid, deposited) = tokio::join!(
            fees::pay(
                &pool,
                &gw,
                &s.client,
                s.project,
                FeeKind::ZeroRisk,
                CARD,
                &k
            ),
            deposit(&pool, &gw, &s.client, s.project, (1, "1000")),
        );
        deposited.unwrap();
        if let Err(e) = paid {
            assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
        }
        let charged = sum(
            &pool,
            &format!(
                "SELECT sum(amount_cents)::BIGINT FROM payments WHERE user_id = {}",
                s.client.id
            ),
        )
        .await;
        assert_eq!(charged, 100_000 + 17_500 + 10_500, "each fee charged once");
        assert_eq!(
            fee(&pool, s.project, "zero_risk").await,
            (10_500, 0, 10_500, 0)
        );
        assert_eq!(
            fee(&pool, s.project, "connection").await,
            (17_500, 0, 17_500, 0)
        );
    }
    ledger_agrees(&pool).await;
}

/// A fresh zero-risk agreement in a database that already has some.
async fn agreed_project_again(pool: &PgPool) -> crate::common::Setup {
    sqlx::query("UPDATE users SET email = email || '.' || id")
        .execute(pool)
        .await
        .unwrap();
    agreed_project(pool, "zero_risk", "client").await
}

#[sqlx::test(migrations = "../migrations")]
async fn staff_waive_a_fee_with_a_reason_and_the_project_may_then_complete(pool: PgPool) {
    let s = agreed_project(&pool, "basic", "client").await;
    match app::services::completion::complete(&pool, &s.client, s.project).await {
        Err(AppError::Conflict(m)) => assert!(
            en(&m).contains("€175.00 of platform fees is still due"),
            "{m}"
        ),
        other => panic!("completed with a fee due: {other:?}"),
    }
    let reason = "Goodwill: the payment page was down for two days.";
    for who in [&s.client, &s.provider, &s.outsider_client] {
        let e = fees::waive(&pool, who, s.project, FeeKind::Connection, reason).await;
        assert!(matches!(e, Err(AppError::Forbidden(_))), "{e:?}");
    }
    let e = fees::waive(&pool, &s.staff, s.project, FeeKind::Connection, "because").await;
    assert!(e.unwrap_err().message_for("reason").is_some());
    let e = fees::waive(&pool, &s.staff, s.project, FeeKind::ZeroRisk, reason).await;
    assert!(
        e.unwrap_err().message_for("kind").is_some(),
        "a basic agreement has no R0 fee"
    );
    assert_eq!(
        fee(&pool, s.project, "connection").await,
        (17_500, 17_500, 0, 0)
    );

    let done = fees::waive(&pool, &s.staff, s.project, FeeKind::Connection, reason)
        .await
        .unwrap();
    assert!(en(&done).contains("€175.00"), "{done}");
    let (waived, why): (i64, String) = sqlx::query_as(
        "SELECT waived_cents, waive_reason FROM platform_fees WHERE kind = 'connection'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((waived, why.as_str()), (17_500, reason));
    assert_eq!(fee(&pool, s.project, "connection").await, (17_500, 0, 0, 0));
    assert_eq!(
        sum(
            &pool,
            "SELECT sum(amount)::BIGINT FROM fee_entries WHERE account = 'waived'"
        )
        .await,
        17_500
    );
    let told: serde_json::Value = sqlx::query_scalar(
        "SELECT what FROM notifications WHERE user_id = $1 AND kind = 'fee_waived'",
    )
    .bind(s.client.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    let told = en(&serde_json::from_value(told).unwrap());
    assert!(told.contains(reason), "{told}");
    let again = fees::waive(&pool, &s.staff, s.project, FeeKind::Connection, reason).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    let pay = fees::pay(
        &pool,
        &Gateway::test(),
        &s.client,
        s.project,
        FeeKind::Connection,
        CARD,
        &key(),
    )
    .await;
    assert!(
        matches!(pay, Err(AppError::Conflict(_))),
        "nothing left to pay: {pay:?}"
    );
    // A later revision lowers the waiver, never credits money not paid.
    fees::propose_revision(
        &pool,
        &s.provider,
        s.project,
        "2000",
        "We agreed to skip the mobile app.",
    )
    .await
    .unwrap();
    fees::answer_revision(&pool, &s.client, s.project, Answer::Accept)
        .await
        .unwrap();
    let (waived, credit): (i64, i64) = sqlx::query_as(
        "SELECT waived_cents, credit_cents FROM platform_fees WHERE kind = 'connection'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((waived, credit), (10_000, 0));
    app::services::completion::complete(&pool, &s.client, s.project)
        .await
        .unwrap();
    ledger_agrees(&pool).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn payers_are_reminded_at_set_days_while_a_fee_is_due(pool: PgPool) {
    use app::services::worker;
    use time::Duration;
    let s = agreed_project(&pool, "basic", "client").await;
    let gw = Gateway::test();
    let ctx = crate::common::jobs(&gw);
    let charged: time::OffsetDateTime = sqlx::query_scalar("SELECT charged_at FROM platform_fees")
        .fetch_one(&pool)
        .await
        .unwrap();
    let reminders = |pool: PgPool| async move {
        sqlx::query_scalar::<_, serde_json::Value>(
            "SELECT what FROM notifications WHERE kind = 'fee_reminder' ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .map(|w| en(&serde_json::from_value(w).unwrap()))
        .collect::<Vec<_>>()
    };
    assert!(worker::run_due(&pool, &ctx, charged + Duration::days(2))
        .await
        .unwrap()
        .is_empty());
    let ran = worker::run_due(&pool, &ctx, charged + Duration::days(3))
        .await
        .unwrap();
    assert_eq!(ran.len(), 1, "{ran:?}");
    let told = reminders(pool.clone()).await;
    assert_eq!(told.len(), 1);
    assert!(
        told[0].starts_with("Reminder: the connection commission of €175.00"),
        "{}",
        told[0]
    );
    let emails: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM emails WHERE user_id = $1 AND body->>'kind' = 'fee_reminder'",
    )
    .bind(s.client.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(emails, 1, "the reminder goes by email too");
    // The worker was down from day 3 to day 15: one overdue reminder, then day 21.
    worker::run_due(&pool, &ctx, charged + Duration::days(15))
        .await
        .unwrap();
    let told = reminders(pool.clone()).await;
    assert_eq!(told.len(), 2);
    assert!(
        told[1].starts_with("Overdue: the connection commission"),
        "{}",
        told[1]
    );
    let next: Vec<time::OffsetDateTime> = sqlx::query_scalar(
        "SELECT run_at FROM jobs WHERE kind = 'fee_reminder' AND done_at IS NULL",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(next, vec![charged + Duration::days(21)]);
    let staff_view =
        app::services::staff_desk::unpaid_fees(&pool, &s.staff, charged + Duration::days(15))
            .await
            .unwrap();
    assert_eq!(staff_view.len(), 1);
    assert!(
        staff_view[0].overdue
            && matches!(staff_view[0].deadline, app::domain::fees::Deadline::By(_))
    );
    assert_eq!(staff_view[0].reminders, 2);
    // Paid: the next run reminds nobody and schedules nothing.
    fees::pay(
        &pool,
        &gw,
        &s.client,
        s.project,
        FeeKind::Connection,
        CARD,
        &key(),
    )
    .await
    .unwrap();
    worker::run_due(&pool, &ctx, charged + Duration::days(22))
        .await
        .unwrap();
    assert_eq!(reminders(pool.clone()).await.len(), 2);
    let waiting: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM jobs WHERE kind = 'fee_reminder' AND done_at IS NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(waiting, 0);
}
