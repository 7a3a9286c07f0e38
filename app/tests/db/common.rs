//! Helpers shared by the database tests.
#![allow(dead_code)]

use app::domain::account::NewAccount;
use app::domain::agreement::AgreementForm;
use app::domain::ledger::CreditKind;
use app::domain::ledger::StaffMove;
use app::domain::offer::OfferForm;
use app::domain::project::ProjectForm;
use app::services::accounts::{self, User};
use app::services::{agreements, credits, offers, projects};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

/// A new account of `role` ("client", "provider" or "staff"), named "Someone".
pub async fn user(pool: &PgPool, role: &str, email: &str) -> User {
    if role == "staff" {
        return accounts::create_staff(pool, email, "staff password", "Staff Member")
            .await
            .unwrap();
    }
    accounts::create(
        pool,
        NewAccount::parse(email, "a good password", "Someone", role).unwrap(),
    )
    .await
    .unwrap()
}

/// A fresh idempotency key.
pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub struct Setup {
    pub project: i64,
    pub client: User,
    pub provider: User,
    pub staff: User,
    pub outsider_client: User,
    pub outsider_provider: User,
}

/// A project in progress under a confirmed agreement of 3,500 €; for zero
/// risk, “Design” 1,000 € and “Build” 2,500 €.
pub async fn agreed_project(pool: &PgPool, formula: &str, commission_payer: &str) -> Setup {
    let now = OffsetDateTime::now_utc();
    let client = user(pool, "client", "c@example.com").await;
    let staff = user(pool, "staff", "s@example.com").await;
    let provider = user(pool, "provider", "p@example.com").await;
    let outsider_client = user(pool, "client", "oc@example.com").await;
    let outsider_provider = user(pool, "provider", "op@example.com").await;
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
    let project = projects::create(pool, &client, &form, today).await.unwrap();
    projects::validate(pool, &staff, project).await.unwrap();
    credits::grant(
        pool,
        &staff,
        "p@example.com",
        CreditKind::Offer,
        "1",
        "welcome",
        StaffMove::Grant,
        &key(),
    )
    .await
    .unwrap();
    credits::spend(pool, &provider, project, CreditKind::Offer, &key())
        .await
        .unwrap();
    let offer = OfferForm {
        amount: "3500".into(),
        duration_days: "30".into(),
        message: "I built three booking sites last year.".into(),
    };
    offers::save(pool, &provider, project, &offer)
        .await
        .unwrap();
    let terms = AgreementForm {
        scope: "Design and build the booking site, two rounds of changes.".into(),
        amount: "3500".into(),
        formula: formula.into(),
        tranches: if formula == "zero_risk" {
            vec![
                ("Design".into(), "1000".into()),
                ("Build".into(), "2500".into()),
            ]
        } else {
            vec![]
        },
        commission_payer: commission_payer.into(),
        confirmation: app::domain::agreement::confirmation_phrase(app::domain::locale::Lang::Fr)
            .into(),
    };
    let id = agreements::propose(
        pool,
        &client,
        project,
        provider.id,
        &terms,
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap();
    agreements::confirm(pool, &provider, id, now).await.unwrap();
    Setup {
        project,
        client,
        provider,
        staff,
        outsider_client,
        outsider_provider,
    }
}

/// What the job worker works with, for tests: `gateway` and a throwaway
/// folder for files.
pub fn jobs(gateway: &app::services::gateway::Gateway) -> app::services::worker::JobContext {
    app::services::worker::JobContext {
        gateway: gateway.clone(),
        files: app::services::files::FileStore::new(std::env::temp_dir().join(format!(
            "marketplace-test-files-{}",
            uuid::Uuid::new_v4().simple()
        ))),
    }
}

/// What a message says in English, for tests that read it as a person does.
pub fn en(msg: &app::error::Msg) -> String {
    app::domain::words::say(app::domain::locale::Lang::En, msg)
}
