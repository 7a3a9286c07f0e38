//! Certification against a real PostgreSQL: apply, check references,
//! certify or refuse, revoke; every forbidden step refused with nothing
//! changed; the badge on profile, offers and contenders; the history.

use crate::common::{agreed_project, user};
use app::domain::certification::{ReferenceForm, Status};
use app::domain::msg::{Msg, ProfileMsg};
use app::error::AppError;
use app::services::accounts::User;
use app::services::{agreements, certification, offers, profiles};
use sqlx::PgPool;
use time::OffsetDateTime;

fn reference(n: usize) -> ReferenceForm {
    ReferenceForm {
        name: format!("Client {n}"),
        company: format!("Company {n}"),
        email: format!("client{n}@example.org"),
        phone: "06 12 34 56 78".into(),
        project: "A booking site with online payment.".into(),
        amount: "4500".into(),
        year: "2024".into(),
    }
}

fn three() -> Vec<ReferenceForm> {
    (1..=3).map(reference).collect()
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

async fn status(pool: &PgPool, provider: &User) -> Option<Status> {
    certification::mine(pool, provider)
        .await
        .unwrap()
        .latest
        .map(|a| a.status)
}

async fn application_id(pool: &PgPool, provider: &User) -> i64 {
    certification::mine(pool, provider)
        .await
        .unwrap()
        .latest
        .unwrap()
        .id
}

async fn events(pool: &PgPool, provider: &User) -> Vec<String> {
    sqlx::query_scalar("SELECT kind FROM account_events WHERE user_id = $1 ORDER BY id")
        .bind(provider.id)
        .fetch_all(pool)
        .await
        .unwrap()
}

fn conflict<T: std::fmt::Debug>(r: Result<T, AppError>) -> Msg {
    match r {
        Err(AppError::Conflict(m)) => m,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_provider_is_certified_after_three_confirmed_references_and_may_be_revoked(pool: PgPool) {
    let s = agreed_project(&pool, "basic", "client").await;
    let p = &s.provider;
    // Only providers apply; at least three whole references.
    assert!(matches!(
        certification::apply(&pool, &s.client, &three(), now()).await,
        Err(AppError::Forbidden(_))
    ));
    let e = certification::apply(&pool, p, &three()[..2], now())
        .await
        .unwrap_err();
    assert!(e.message_for("references").is_some());
    assert_eq!(status(&pool, p).await, None, "nothing applied");
    certification::apply(&pool, p, &three(), now())
        .await
        .unwrap();
    assert_eq!(status(&pool, p).await, Some(Status::Applied));
    let again = certification::apply(&pool, p, &three(), now()).await;
    assert_eq!(conflict(again), Msg::from(ProfileMsg::AlreadyApplied));
    let id = application_id(&pool, p).await;

    // Staff only; a check must say something; an unknown reference is not found.
    assert!(matches!(
        certification::check_reference(&pool, p, id, 1, "confirmed", "").await,
        Err(AppError::Forbidden(_))
    ));
    let e = certification::check_reference(&pool, &s.staff, id, 1, "pending", "")
        .await
        .unwrap_err();
    assert!(e.message_for("outcome").is_some());
    assert!(matches!(
        certification::check_reference(&pool, &s.staff, id, 9, "confirmed", "").await,
        Err(AppError::NotFound(_))
    ));
    certification::check_reference(&pool, &s.staff, id, 1, "contacted", "Left a message")
        .await
        .unwrap();
    certification::check_reference(&pool, &s.staff, id, 1, "confirmed", "Happy with the site")
        .await
        .unwrap();
    certification::check_reference(&pool, &s.staff, id, 2, "confirmed", "")
        .await
        .unwrap();
    // Two confirmed: not yet.
    let early = certification::decide(&pool, &s.staff, id, true, "").await;
    assert_eq!(
        conflict(early),
        Msg::from(ProfileMsg::TooFewConfirmed {
            min: 3,
            confirmed: 2
        })
    );
    assert!(matches!(
        certification::decide(&pool, p, id, true, "").await,
        Err(AppError::Forbidden(_))
    ));
    certification::check_reference(&pool, &s.staff, id, 3, "confirmed", "Would hire again")
        .await
        .unwrap();
    certification::decide(&pool, &s.staff, id, true, "")
        .await
        .unwrap();
    assert_eq!(status(&pool, p).await, Some(Status::Certified));

    // Decided: no more checks or decisions; applying again is refused.
    conflict(certification::check_reference(&pool, &s.staff, id, 1, "refused", "").await);
    conflict(certification::decide(&pool, &s.staff, id, false, "Changed our mind today.").await);
    assert_eq!(
        conflict(certification::apply(&pool, p, &three(), now()).await),
        Msg::from(ProfileMsg::AlreadyCertified)
    );

    // The badge: profile, offers, contenders.
    let today = now().date();
    let profile = profiles::profile(&pool, &s.client, p.id).await.unwrap();
    assert_eq!(profile.certified_since, Some(today));
    let offers = offers::for_project(&pool, &s.client, s.project)
        .await
        .unwrap();
    assert_eq!(offers[0].certified_since, Some(today));
    let contenders = agreements::contenders_for_client(&pool, &s.client, s.project)
        .await
        .unwrap();
    assert_eq!(contenders[0].certified_since, Some(today));
    let other = profiles::profile(&pool, &s.client, s.client.id)
        .await
        .unwrap();
    assert_eq!(other.certified_since, None);
    let told: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'certification'",
    )
    .bind(p.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(told, 1);

    // Revoke: staff only, with a reason, only what is in force.
    assert!(matches!(
        certification::revoke(&pool, &s.client, p.id, "A reason long enough.").await,
        Err(AppError::Forbidden(_))
    ));
    let e = certification::revoke(&pool, &s.staff, p.id, "short")
        .await
        .unwrap_err();
    assert!(e.message_for("reason").is_some());
    certification::revoke(
        &pool,
        &s.staff,
        p.id,
        "A reference admitted the work was not theirs.",
    )
    .await
    .unwrap();
    assert_eq!(status(&pool, p).await, Some(Status::Revoked));
    conflict(certification::revoke(&pool, &s.staff, p.id, "A reason long enough.").await);
    conflict(
        certification::revoke(
            &pool,
            &s.staff,
            s.outsider_provider.id,
            "A reason long enough.",
        )
        .await,
    );
    let profile = profiles::profile(&pool, &s.client, p.id).await.unwrap();
    assert_eq!(profile.certified_since, None, "the badge is gone");
    // A revoked provider may apply again.
    certification::apply(&pool, p, &three(), now())
        .await
        .unwrap();
    assert_eq!(status(&pool, p).await, Some(Status::Applied));

    // All of it in the account's history, in order.
    assert_eq!(
        events(&pool, p).await,
        vec![
            "certification_applied",
            "reference_checked",
            "reference_checked",
            "reference_checked",
            "reference_checked",
            "certified",
            "certification_revoked",
            "certification_applied",
        ]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_refused_application_says_why_and_the_provider_may_apply_again(pool: PgPool) {
    let provider = user(&pool, "provider", "p@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let mut mine = three();
    mine[2].email = "P@example.com".into();
    let e = certification::apply(&pool, &provider, &mine, now())
        .await
        .unwrap_err();
    assert!(e.message_for("email_3").is_some(), "not oneself: {e:?}");
    certification::apply(&pool, &provider, &three(), now())
        .await
        .unwrap();
    let id = application_id(&pool, &provider).await;
    let e = certification::decide(&pool, &staff, id, false, "no")
        .await
        .unwrap_err();
    assert!(e.message_for("reason").is_some());
    certification::decide(
        &pool,
        &staff,
        id,
        false,
        "Two clients did not recognise the projects.",
    )
    .await
    .unwrap();
    let latest = certification::mine(&pool, &provider).await.unwrap();
    assert!(latest.can_apply);
    let a = latest.latest.unwrap();
    assert_eq!(a.status, Status::Refused);
    assert_eq!(
        a.reason.as_deref(),
        Some("Two clients did not recognise the projects.")
    );
    assert!(
        a.references
            .iter()
            .all(|r| r.notes.is_empty() && r.checked.is_none()),
        "staff notes stay with staff"
    );
    conflict(certification::revoke(&pool, &staff, provider.id, "A reason long enough.").await);
    certification::apply(&pool, &provider, &three(), now())
        .await
        .unwrap();
    let queue = certification::queue(&pool, &staff).await.unwrap();
    assert_eq!(queue.waiting.len(), 1);
    assert!(queue.certified.is_empty());
    assert!(matches!(
        certification::queue(&pool, &provider).await,
        Err(AppError::Forbidden(_))
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn ten_applications_at_once_make_one(pool: PgPool) {
    let provider = user(&pool, "provider", "p@example.com").await;
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (pool, provider) = (pool.clone(), provider.clone());
        calls.spawn(async move { certification::apply(&pool, &provider, &three(), now()).await });
    }
    let results = calls.join_all().await;
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM certifications")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);
}
