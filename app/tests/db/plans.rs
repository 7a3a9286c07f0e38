//! Subscription plans and their renewal job, the Q&A thread and staff
//! follow-up notes, against a real PostgreSQL.

use crate::common::{en, key, user};
use app::domain::ledger::StaffMove;

use app::domain::ledger::CreditKind;
use app::domain::msg::ProjectMsg;
use app::domain::payment::{TEST_CARD_DECLINED, TEST_CARD_OK};
use app::domain::project::ProjectForm;
use app::domain::rate_limit::Limits;
use app::error::{AppError, Msg};
use app::services::accounts::User;
use app::services::gateway::Gateway;
use app::services::worker::{self, Ran};
use app::services::{credits, notes, notifications, projects, subscriptions, threads};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

#[sqlx::test(migrations = "../migrations")]
async fn subscribing_pays_once_and_grants_the_bundle(pool: PgPool) {
    let g = Gateway::test();
    let p = user(&pool, "provider", "p@example.com").await;
    let now = OffsetDateTime::now_utc();
    let e = subscriptions::subscribe(&pool, &g, &p, "standard", TEST_CARD_DECLINED, &key(), now)
        .await
        .unwrap_err();
    assert!(en(&e.message_for("card").unwrap()).contains("declined"));
    assert_eq!(count(&pool, "SELECT count(*) FROM payments").await, 0);
    let k = key();
    let first = subscriptions::subscribe(&pool, &g, &p, "standard", TEST_CARD_OK, &k, now)
        .await
        .unwrap();
    let replay = subscriptions::subscribe(&pool, &g, &p, "standard", TEST_CARD_OK, &k, now)
        .await
        .unwrap();
    assert_eq!(first, replay);
    assert_eq!(first.status, "active");
    assert!(first.renews);
    let b = credits::balances(&pool, &p).await.unwrap();
    assert_eq!((b.consultation, b.offer, b.contact), (10, 5, 3));
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM payments WHERE purpose = 'subscription'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM jobs WHERE kind = 'subscription_renewal'"
        )
        .await,
        1
    );
    let e = subscriptions::subscribe(&pool, &g, &p, "privilege", TEST_CARD_OK, &key(), now)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
    let client = user(&pool, "client", "c@example.com").await;
    assert!(matches!(
        subscriptions::subscribe(&pool, &g, &client, "standard", TEST_CARD_OK, &key(), now).await,
        Err(AppError::Forbidden(_))
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn plans_renew_once_per_period_until_stopped_or_declined(pool: PgPool) {
    let g = Gateway::test();
    let ctx = crate::common::jobs(&g);
    let now = OffsetDateTime::now_utc();
    let renewing = user(&pool, "provider", "a@example.com").await;
    let stopping = user(&pool, "provider", "b@example.com").await;
    let declined = user(&pool, "provider", "c@example.com").await;
    for p in [&renewing, &stopping, &declined] {
        subscriptions::subscribe(&pool, &g, p, "standard", TEST_CARD_OK, &key(), now)
            .await
            .unwrap();
    }
    subscriptions::set_renewal(&pool, &stopping, false)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE subscriptions SET payment_token = 'tok_test_0002_declined' WHERE provider_id = $1",
    )
    .bind(declined.id)
    .execute(&pool)
    .await
    .unwrap();
    let period_end = now + Duration::days(30);
    assert!(
        worker::run_due(&pool, &ctx, period_end - Duration::minutes(1))
            .await
            .unwrap()
            .is_empty()
    );
    // Two workers, and the server was down for two days at the due time.
    let late = period_end + Duration::days(2);
    let (a, b) = tokio::join!(
        worker::run_due(&pool, &ctx, late),
        worker::run_due(&pool, &ctx, late)
    );
    let mut outcomes: Vec<String> = a
        .unwrap()
        .into_iter()
        .chain(b.unwrap())
        .map(|r| match r {
            Ran::Done { outcome, .. } => outcome,
            Ran::Failed { error, .. } => panic!("failed: {error}"),
        })
        .collect();
    outcomes.sort();
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert_eq!(outcomes[0], "ended: payment declined");
    assert_eq!(outcomes[1], "ended: renewal stopped");
    assert!(outcomes[2].starts_with("renewed until"), "{outcomes:?}");

    let b = credits::balances(&pool, &renewing).await.unwrap();
    assert_eq!((b.consultation, b.offer, b.contact), (20, 10, 6));
    let b = credits::balances(&pool, &stopping).await.unwrap();
    assert_eq!(b.offer, 5, "no new credits once stopped");
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM payments WHERE purpose = 'subscription'"
        )
        .await,
        4
    );
    let page = subscriptions::page(&pool, &declined).await.unwrap();
    assert_eq!(
        page.current.unwrap().ended_reason.as_deref(),
        Some("payment_declined")
    );
    let told = notifications::list(&pool, &declined).await.unwrap();
    assert!(
        en(&told.items[0].message).contains("could not be renewed"),
        "{:?}",
        told.items
    );
    // The next period's job is queued for the renewed provider only.
    assert_eq!(
        count(&pool, "SELECT count(*) FROM jobs WHERE done_at IS NULL").await,
        1
    );
    assert!(worker::run_due(&pool, &ctx, late).await.unwrap().is_empty());
}

async fn published_project(pool: &PgPool, client: &User, staff: &User) -> i64 {
    let today = OffsetDateTime::now_utc().date();
    let form = ProjectForm {
        title: "Translate a catalogue".into(),
        description: "Forty pages from French to German, with the same layout.".into(),
        services: vec!["writing".into()],
        region: "remote".into(),
        budget_min: "500".into(),
        budget_max: "900".into(),
        desired_start: (today + Duration::days(7)).to_string(),
        phone: "06 12 34 56 78".into(),
    };
    let id = projects::create(pool, client, &form, today).await.unwrap();
    projects::validate(pool, staff, id).await.unwrap();
    id
}

#[sqlx::test(migrations = "../migrations")]
async fn the_thread_is_for_the_client_and_providers_with_an_offer_unlock(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let other_client = user(&pool, "client", "d@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let asker = user(&pool, "provider", "a@example.com").await;
    let reader = user(&pool, "provider", "r@example.com").await;
    let stranger = user(&pool, "provider", "x@example.com").await;
    let id = published_project(&pool, &client, &staff).await;
    for (email, kind) in [
        ("a@example.com", CreditKind::Offer),
        ("r@example.com", CreditKind::Consultation),
    ] {
        credits::grant(
            &pool,
            &staff,
            email,
            kind,
            "1",
            "welcome",
            StaffMove::Grant,
            &key(),
        )
        .await
        .unwrap();
    }
    credits::spend(&pool, &asker, id, CreditKind::Offer, &key())
        .await
        .unwrap();
    credits::spend(&pool, &reader, id, CreditKind::Consultation, &key())
        .await
        .unwrap();

    assert!(matches!(
        threads::thread(&pool, &stranger, id).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        threads::thread(&pool, &other_client, id).await,
        Err(AppError::NotFound(_))
    ));
    let e = threads::write(&pool, &asker, id, "x", &Limits::default(), now())
        .await
        .unwrap_err();
    assert!(e.message_for("body").is_some());
    let t = threads::write(
        &pool,
        &asker,
        id,
        "Is the layout in InDesign?",
        &Limits::default(),
        now(),
    )
    .await
    .unwrap();
    assert_eq!(t.messages.len(), 1);
    assert!(t.messages[0].is_mine && !t.messages[0].from_client);
    // The reader (consultation) reads but cannot ask.
    let t = threads::thread(&pool, &reader, id).await.unwrap();
    assert!(!t.can_write);
    assert!(matches!(
        threads::write(&pool, &reader, id, "Me too?", &Limits::default(), now()).await,
        Err(AppError::Forbidden(_))
    ));
    // The client is told (after "your project is published"), answers,
    // and the asker is told.
    assert_eq!(notifications::unread(&pool, &client).await.unwrap(), 2);
    let t = threads::write(
        &pool,
        &client,
        id,
        "Yes, InDesign 2024.",
        &Limits::default(),
        now(),
    )
    .await
    .unwrap();
    assert!(t.messages[1].from_client);
    let told = notifications::list(&pool, &asker).await.unwrap();
    assert!(en(&told.items[0].message).contains("answered"));
    // Staff read it.
    assert_eq!(
        threads::thread(&pool, &staff, id)
            .await
            .unwrap()
            .messages
            .len(),
        2
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn staff_notes_are_read_on_the_privilege_plan_only(pool: PgPool) {
    let g = Gateway::test();
    let now = OffsetDateTime::now_utc();
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let standard = user(&pool, "provider", "std@example.com").await;
    let privileged = user(&pool, "provider", "vip@example.com").await;
    subscriptions::subscribe(&pool, &g, &standard, "standard", TEST_CARD_OK, &key(), now)
        .await
        .unwrap();
    subscriptions::subscribe(
        &pool,
        &g,
        &privileged,
        "privilege",
        TEST_CARD_OK,
        &key(),
        now,
    )
    .await
    .unwrap();
    let id = published_project(&pool, &client, &staff).await;
    assert!(matches!(
        notes::add_note(&pool, &privileged, id, "I am not staff").await,
        Err(AppError::Forbidden(_))
    ));
    notes::add_note(
        &pool,
        &staff,
        id,
        "Called the client: still looking, budget firm.",
    )
    .await
    .unwrap();
    let e = notes::notes(&pool, &standard, id).await.unwrap_err();
    assert_eq!(
        e,
        AppError::Forbidden(Msg::Project(ProjectMsg::NotesPrivilege))
    );
    assert!(matches!(
        notes::notes(&pool, &client, id).await,
        Err(AppError::Forbidden(_))
    ));
    let notes = notes::notes(&pool, &privileged, id).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].body.contains("budget firm"));
    let view = projects::view(&pool, &standard, id).await.unwrap();
    assert_eq!(
        view.last_review_age,
        Some(app::domain::locale::Age::JustNow)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn messages_per_person_and_project_are_limited_and_each_notifies_once(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let asker = user(&pool, "provider", "a@example.com").await;
    let id = published_project(&pool, &client, &staff).await;
    credits::grant(
        &pool,
        &staff,
        "a@example.com",
        CreditKind::Offer,
        "1",
        "welcome",
        StaffMove::Grant,
        &key(),
    )
    .await
    .unwrap();
    credits::spend(&pool, &asker, id, CreditKind::Offer, &key())
        .await
        .unwrap();
    let limits = Limits::default();
    let max = limits.messages_per_project.max as usize;
    for i in 0..max {
        threads::write(
            &pool,
            &asker,
            id,
            &format!("Question number {i}?"),
            &limits,
            now(),
        )
        .await
        .unwrap();
    }
    let refused = threads::write(&pool, &asker, id, "One more question?", &limits, now()).await;
    assert!(
        matches!(&refused, Err(AppError::TooManyAttempts(m)) if en(m).contains("write again in")),
        "{refused:?}"
    );
    // The refused one neither stored nor notified.
    assert_eq!(
        count(&pool, "SELECT count(*) FROM project_messages").await,
        max as i64
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM notifications WHERE kind = 'thread_question'"
        )
        .await,
        max as i64
    );
    // The client answering is counted apart, and an hour later the provider may write again.
    threads::write(
        &pool,
        &client,
        id,
        "Answers to all of them.",
        &limits,
        now(),
    )
    .await
    .unwrap();
    threads::write(
        &pool,
        &asker,
        id,
        "Thanks, one last thing?",
        &limits,
        now() + Duration::minutes(61),
    )
    .await
    .unwrap();
}
