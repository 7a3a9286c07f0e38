//! Selection and agreement against a real PostgreSQL.

use crate::common::{en, key, user};
use app::domain::ledger::StaffMove;

use app::domain::agreement::AgreementForm;
use app::domain::ledger::CreditKind;
use app::domain::offer::OfferForm;
use app::domain::project::ProjectForm;
use app::error::AppError;
use app::services::accounts::User;
use app::services::{agreements, credits, notifications, offers, projects};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

async fn offer(pool: &PgPool, staff: &User, p: &User, email: &str, project: i64) {
    credits::grant(
        pool,
        staff,
        email,
        CreditKind::Offer,
        "1",
        "welcome",
        StaffMove::Grant,
        &key(),
    )
    .await
    .unwrap();
    credits::spend(pool, p, project, CreditKind::Offer, &key())
        .await
        .unwrap();
    let form = OfferForm {
        amount: "3500".into(),
        duration_days: "30".into(),
        message: "I built three booking sites last year.".into(),
    };
    offers::save(pool, p, project, &form).await.unwrap();
}

fn terms() -> AgreementForm {
    AgreementForm {
        scope: "Design and build the booking site, two rounds of changes.".into(),
        amount: "3500".into(),
        formula: "zero_risk".into(),
        tranches: vec![
            ("Design".into(), "1000".into()),
            ("Build".into(), "2500".into()),
        ],
        commission_payer: String::new(),
        confirmation: app::domain::agreement::confirmation_phrase(app::domain::locale::Lang::Fr)
            .into(),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_confirmed_agreement_starts_the_project_and_tells_the_others(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let client = user(&pool, "client", "c@example.com").await;
    let other_client = user(&pool, "client", "o@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let chosen = user(&pool, "provider", "a@example.com").await;
    let loser = user(&pool, "provider", "b@example.com").await;
    let outsider = user(&pool, "provider", "x@example.com").await;
    let today = now.date();
    let form = ProjectForm {
        title: "Booking site".into(),
        description: "Online booking for three physiotherapists.".into(),
        services: vec!["web_development".into()],
        region: "remote".into(),
        budget_min: "2000".into(),
        budget_max: "5000".into(),
        desired_start: (today + Duration::days(9)).to_string(),
        phone: "06 12 34 56 78".into(),
    };
    let id = projects::create(&pool, &client, &form, today)
        .await
        .unwrap();
    projects::validate(&pool, &staff, id).await.unwrap();
    offer(&pool, &staff, &chosen, "a@example.com", id).await;
    offer(&pool, &staff, &loser, "b@example.com", id).await;

    // Only the client, only contenders, only terms that add up.
    // Another client's project does not exist for them.
    let e = agreements::propose(
        &pool,
        &other_client,
        id,
        chosen.id,
        &terms(),
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
    let e = agreements::propose(
        &pool,
        &client,
        id,
        outsider.id,
        &terms(),
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap_err();
    assert!(e.message_for("provider").is_some());
    let mut bad = terms();
    bad.tranches.pop();
    assert!(agreements::propose(
        &pool,
        &client,
        id,
        chosen.id,
        &bad,
        app::domain::agreement::FeeRates::default(),
        now
    )
    .await
    .unwrap_err()
    .message_for("tranches")
    .is_some());
    // Zero risk without the confirmation phrase: refused, nothing written.
    let unconfirmed = AgreementForm {
        confirmation: "yes".into(),
        ..terms()
    };
    let e = agreements::propose(
        &pool,
        &client,
        id,
        chosen.id,
        &unconfirmed,
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.message_for("confirmation"),
        Some(app::domain::msg::Msg::Form(
            app::domain::msg::FormMsg::ConfirmationPhrase
        ))
    );
    let none: i64 = sqlx::query_scalar("SELECT count(*) FROM agreements WHERE project_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(none, 0);

    let first = agreements::propose(
        &pool,
        &client,
        id,
        chosen.id,
        &terms(),
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap();
    let e = agreements::propose(
        &pool,
        &client,
        id,
        loser.id,
        &terms(),
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)));
    agreements::withdraw(&pool, &client, first, now)
        .await
        .unwrap();
    let second = agreements::propose(
        &pool,
        &client,
        id,
        chosen.id,
        &terms(),
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap();
    // Someone else's agreement does not exist for a losing contender.
    assert!(matches!(
        agreements::confirm(&pool, &loser, second, now).await,
        Err(AppError::NotFound(_))
    ));

    // A confirmation racing a withdrawal: exactly one wins.
    let (c, w) = tokio::join!(
        agreements::confirm(&pool, &chosen, second, now),
        agreements::withdraw(&pool, &client, second, now)
    );
    assert!(c.is_ok() != w.is_ok(), "{c:?} / {w:?}");
    let status: String = sqlx::query_scalar("SELECT status FROM projects WHERE id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    if c.is_ok() {
        assert_eq!(status, "in_progress");
        let told = notifications::list(&pool, &loser).await.unwrap();
        assert!(en(&told.items[0].message).contains("chose another provider"));
        assert!(
            notifications::list(&pool, &chosen)
                .await
                .unwrap()
                .items
                .len()
                >= 2
        );
        let signed: (Option<i64>, String) =
            sqlx::query_as("SELECT confirmed_by, status FROM agreements WHERE id = $1")
                .bind(second)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(signed, (Some(chosen.id), "confirmed".into()));
    } else {
        assert_eq!(status, "published");
    }
}
