//! The platform's fees on a signed agreement, against a real PostgreSQL.

use crate::common::{agreed_project, key};
use app::domain::agreement::{Answer, FeeKind};

use app::error::AppError;
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
