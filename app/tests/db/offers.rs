//! Offers against a real PostgreSQL.

use crate::common::{key, user};
use app::domain::ledger::StaffMove;

use app::domain::ledger::CreditKind;
use app::domain::msg::ProjectMsg;
use app::domain::offer::OfferForm;
use app::domain::project::ProjectForm;
use app::error::{AppError, Msg};
use app::services::accounts::User;
use app::services::{credits, offers, projects};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

fn offer(amount: &str) -> OfferForm {
    OfferForm {
        amount: amount.into(),
        duration_days: "30".into(),
        message: "We can start next Monday.".into(),
    }
}

async fn setup(pool: &PgPool) -> (User, User, User, User, User, i64) {
    let client = user(pool, "client", "c@example.com").await;
    let other_client = user(pool, "client", "d@example.com").await;
    let a = user(pool, "provider", "a@example.com").await;
    let b = user(pool, "provider", "b@example.com").await;
    let staff = user(pool, "staff", "s@example.com").await;
    let today = OffsetDateTime::now_utc().date();
    let form = ProjectForm {
        title: "Shop website".into(),
        description: "A description that is long enough to be accepted.".into(),
        services: vec!["web_development".into()],
        region: "bretagne".into(),
        budget_min: "100".into(),
        budget_max: "200".into(),
        desired_start: (today + Duration::days(3)).to_string(),
        phone: "06 12 34 56 78".into(),
    };
    let id = projects::create(pool, &client, &form, today).await.unwrap();
    projects::validate(pool, &staff, id).await.unwrap();
    for email in ["a@example.com", "b@example.com"] {
        for kind in CreditKind::ALL {
            credits::grant(
                pool,
                &staff,
                email,
                kind,
                "3",
                "test",
                StaffMove::Grant,
                &key(),
            )
            .await
            .unwrap();
        }
    }
    (client, other_client, a, b, staff, id)
}

#[sqlx::test(migrations = "../migrations")]
async fn an_offer_needs_the_offer_credit_and_edits_are_free(pool: PgPool) {
    let (_, _, a, _, _, id) = setup(&pool).await;
    let refused = offers::save(&pool, &a, id, &offer("150")).await;
    assert!(matches!(
        refused,
        Err(AppError::Forbidden(Msg::Project(
            ProjectMsg::UnlockOfferFirst
        )))
    ));
    credits::spend(&pool, &a, id, CreditKind::Offer, &key())
        .await
        .unwrap();
    let first = offers::save(&pool, &a, id, &offer("150")).await.unwrap();
    let edited = offers::save(&pool, &a, id, &offer("140.50")).await.unwrap();
    assert_eq!(first.id, edited.id);
    assert_eq!(edited.amount.to_string(), "140.50");
    assert_eq!(
        credits::balances(&pool, &a).await.unwrap().offer,
        2,
        "only the unlock was charged"
    );
    let bad = offers::save(&pool, &a, id, &offer("-3")).await.unwrap_err();
    assert!(bad.message_for("amount").is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_client_reads_offers_and_the_author_sees_when(pool: PgPool) {
    let (client, other_client, a, b, staff, id) = setup(&pool).await;
    credits::spend(&pool, &a, id, CreditKind::Offer, &key())
        .await
        .unwrap();
    credits::spend(&pool, &b, id, CreditKind::Offer, &key())
        .await
        .unwrap();
    let oa = offers::save(&pool, &a, id, &offer("150")).await.unwrap();
    offers::save(&pool, &b, id, &offer("180")).await.unwrap();

    let seen = offers::for_project(&pool, &client, id).await.unwrap();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|o| o.read_at.is_none()));
    assert!(matches!(
        offers::open(&pool, &b, oa.id).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        offers::open(&pool, &other_client, oa.id).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        offers::for_project(&pool, &other_client, id).await,
        Err(AppError::NotFound(_))
    ));
    let opened = offers::open(&pool, &client, oa.id).await.unwrap();
    let read_at = opened.read_at.unwrap();
    // Opening again keeps the first reading time.
    assert_eq!(
        offers::open(&pool, &client, oa.id).await.unwrap().read_at,
        Some(read_at)
    );

    // The author sees it read; the other provider only sees their own offer.
    let for_a = offers::for_project(&pool, &a, id).await.unwrap();
    assert_eq!(for_a.len(), 1);
    assert_eq!(for_a[0].read_at, Some(read_at));
    let for_b = offers::for_project(&pool, &b, id).await.unwrap();
    assert_eq!(for_b.len(), 1);
    assert!(for_b[0].is_mine && for_b[0].read_at.is_none());

    // With the report unlocked, b sees a's offer too, but not whether it was read.
    credits::spend(&pool, &b, id, CreditKind::Consultation, &key())
        .await
        .unwrap();
    let report = offers::for_project(&pool, &b, id).await.unwrap();
    assert_eq!(report.len(), 2);
    let a_seen_by_b = report.iter().find(|o| !o.is_mine).unwrap();
    assert_eq!(a_seen_by_b.read_at, None);
    assert_eq!(
        offers::for_project(&pool, &staff, id).await.unwrap().len(),
        2
    );

    // An edit is new to the client again.
    let edited = offers::save(&pool, &a, id, &offer("155")).await.unwrap();
    assert_eq!(edited.read_at, None);
}
