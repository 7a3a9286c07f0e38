//! Charges whose answer is lost, against a real PostgreSQL: the wait is
//! bounded, nothing moves without its charge, and a charge without its
//! movement is found again by its key, either recorded by a retry or given
//! back to the card.

use crate::common::{en, key, user};

use app::domain::msg::CreditMsg;
use app::domain::payment::{TEST_CARD_LOST_ANSWER, TEST_CARD_OK};
use app::error::{AppError, Msg};
use app::services::gateway::{ChargeKey, Gateway};
use app::services::payments::{self, Settled, RECONCILE_AFTER};
use app::services::{credits, notifications};
use sqlx::PgPool;
use std::time::Duration;
use time::OffsetDateTime;

fn impatient() -> Gateway {
    Gateway::test_with_timeout(Duration::from_millis(200))
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_lost_answer_is_a_clear_refusal_and_a_retry_records_the_charge_once(pool: PgPool) {
    let p = user(&pool, "provider", "p@example.com").await;
    let g = impatient();
    let k = key();
    let started = std::time::Instant::now();
    let e = credits::top_up(&pool, &g, &p, "50", TEST_CARD_LOST_ANSWER, &k)
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the wait is bounded"
    );
    assert!(
        matches!(
            &e,
            AppError::Conflict(Msg::Credit(CreditMsg::PaymentNoAnswer))
        ),
        "{e:?}"
    );
    assert_eq!(
        credits::balances(&pool, &p)
            .await
            .unwrap()
            .money
            .to_string(),
        "0.00"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM payments").await, 0);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM payment_attempts WHERE status = 'pending'"
        )
        .await,
        1
    );
    // The page retries with the same key: the gateway answers with the
    // charge it made, and it is recorded once.
    let done = credits::top_up(&pool, &g, &p, "50", TEST_CARD_LOST_ANSWER, &k)
        .await
        .unwrap();
    assert_eq!(done.balance_after.to_string(), "50.00");
    let again = credits::top_up(&pool, &g, &p, "50", TEST_CARD_LOST_ANSWER, &k)
        .await
        .unwrap();
    assert_eq!(again, done, "a replay moves nothing");
    assert_eq!(count(&pool, "SELECT count(*) FROM payments").await, 1);
    // Nothing is left to reconcile.
    let later = OffsetDateTime::now_utc() + RECONCILE_AFTER + time::Duration::minutes(1);
    assert!(payments::reconcile(&pool, &g, later)
        .await
        .unwrap()
        .is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn a_charge_nobody_came_back_for_is_given_back_and_its_key_is_spent(pool: PgPool) {
    let p = user(&pool, "provider", "p@example.com").await;
    let g = impatient();
    let lost = key();
    credits::top_up(&pool, &g, &p, "80", TEST_CARD_LOST_ANSWER, &lost)
        .await
        .unwrap_err();
    // A decline is settled at once; a success is recorded with its move.
    credits::top_up(&pool, &g, &p, "20", TEST_CARD_OK, &key())
        .await
        .unwrap();
    let now = OffsetDateTime::now_utc();
    assert!(
        payments::reconcile(&pool, &g, now)
            .await
            .unwrap()
            .is_empty(),
        "too early: its answer may still come"
    );
    let later = now + RECONCILE_AFTER + time::Duration::minutes(1);
    let settled = payments::reconcile(&pool, &g, later).await.unwrap();
    let gateway_key = ChargeKey::Person {
        user_id: p.id,
        key: lost.clone(),
    }
    .as_gateway_key();
    assert_eq!(
        settled,
        vec![Settled::Refunded {
            gateway_key: gateway_key.clone()
        }]
    );
    assert_eq!(
        g.within(g.inner.lookup(&gateway_key)).await.unwrap(),
        None,
        "the gateway gave it back"
    );
    let told = notifications::list(&pool, &p).await.unwrap();
    assert!(
        told.items
            .iter()
            .any(|n| en(&n.message).contains("80.00") && en(&n.message).contains("given back")),
        "{told:?}"
    );
    // The balance holds only the recorded top-up; the key cannot be used again.
    assert_eq!(
        credits::balances(&pool, &p)
            .await
            .unwrap()
            .money
            .to_string(),
        "20.00"
    );
    let e = credits::top_up(&pool, &g, &p, "80", TEST_CARD_OK, &lost)
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        AppError::Conflict(Msg::Credit(CreditMsg::PaymentSettled))
    ));
    assert_eq!(count(&pool, "SELECT count(*) FROM payments").await, 1);
    // A second pass finds nothing left.
    assert!(payments::reconcile(&pool, &g, later)
        .await
        .unwrap()
        .is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn a_person_cannot_take_the_key_a_renewal_will_use(pool: PgPool) {
    let p = user(&pool, "provider", "p@example.com").await;
    let g = Gateway::test();
    // Shaped like the key of a renewal of this provider's plan.
    let mimic = format!("renewal-{}-1790000000", p.id);
    credits::top_up(&pool, &g, &p, "20", TEST_CARD_OK, &mimic)
        .await
        .unwrap();
    let renewal = ChargeKey::Renewal {
        provider_id: p.id,
        period_end: 1_790_000_000,
    }
    .as_gateway_key();
    assert_eq!(g.within(g.inner.lookup(&renewal)).await.unwrap(), None);
}
