//! Credits against a real PostgreSQL, including under concurrency.

use crate::common::{en, key as uuid, user};
use app::domain::ledger::StaffMove;

use app::domain::ledger::CreditKind;
use app::domain::msg::CreditMsg;
use app::domain::project::ProjectForm;
use app::error::{AppError, Msg};
use app::services::accounts::User;
use app::services::{credits, projects};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

struct World {
    pool: PgPool,
    client: User,
    provider: User,
    staff: User,
}

async fn world(pool: PgPool) -> World {
    let client = user(&pool, "client", "c@example.com").await;
    let provider = user(&pool, "provider", "p@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    World {
        pool,
        client,
        provider,
        staff,
    }
}

impl World {
    async fn project(&self, n: usize) -> i64 {
        let today = OffsetDateTime::now_utc().date();
        let form = ProjectForm {
            title: format!("Project number {n}"),
            description: "A description that is long enough to be accepted.".into(),
            services: vec!["legal".into()],
            region: "corse".into(),
            budget_min: "100".into(),
            budget_max: "200".into(),
            desired_start: (today + Duration::days(3)).to_string(),
            phone: "06 12 34 56 78".into(),
        };
        let id = projects::create(&self.pool, &self.client, &form, today)
            .await
            .unwrap();
        projects::validate(&self.pool, &self.staff, id)
            .await
            .unwrap();
        id
    }

    async fn grant(&self, kind: CreditKind, count: i64) {
        credits::grant(
            &self.pool,
            &self.staff,
            "p@example.com",
            kind,
            &count.to_string(),
            "welcome",
            StaffMove::Grant,
            &uuid(),
        )
        .await
        .unwrap();
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn sixty_four_spends_of_the_last_ten_credits_charge_exactly_ten(pool: PgPool) {
    let w = world(pool).await;
    let mut ids = Vec::new();
    for i in 0..64 {
        ids.push(w.project(i).await);
    }
    w.grant(CreditKind::Offer, 10).await;
    let mut tasks = Vec::new();
    for id in ids {
        let (pool, provider) = (w.pool.clone(), w.provider.clone());
        tasks.push(tokio::spawn(async move {
            credits::spend(&pool, &provider, id, CreditKind::Offer, &uuid()).await
        }));
    }
    let mut charged = 0;
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(u) => {
                assert!(u.charged);
                charged += 1;
            }
            Err(AppError::Insufficient(m)) => {
                assert_eq!(
                    m,
                    Msg::Credit(CreditMsg::NotEnoughCredits {
                        kind: CreditKind::Offer,
                        balance: 0,
                        needed: 1
                    })
                );
                refused += 1;
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!((charged, refused), (10, 54));
    assert_eq!(
        credits::balances(&w.pool, &w.provider).await.unwrap().offer,
        0
    );
    assert_eq!(w.count("SELECT count(*) FROM unlocks").await, 10);
    assert_eq!(
        w.count("SELECT count(*) FROM ledger_transactions WHERE kind = 'spend'")
            .await,
        10
    );
    // The ledger sums to zero in every unit.
    assert_eq!(w.count("SELECT count(*) FROM (SELECT unit FROM ledger_entries GROUP BY unit HAVING sum(amount) <> 0) u").await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_same_key_ten_times_at_once_moves_once_and_answers_the_same(pool: PgPool) {
    let w = world(pool).await;
    let id = w.project(1).await;
    w.grant(CreditKind::Contact, 3).await;
    let key = uuid();
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (pool, provider, key) = (w.pool.clone(), w.provider.clone(), key.clone());
        tasks.push(tokio::spawn(async move {
            credits::spend(&pool, &provider, id, CreditKind::Contact, &key).await
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap().unwrap());
    }
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert!(answers[0].charged);
    assert_eq!(answers[0].balance_after, 2);
    assert_eq!(
        w.count("SELECT count(*) FROM ledger_transactions WHERE kind = 'spend'")
            .await,
        1
    );
    assert_eq!(
        credits::balances(&w.pool, &w.provider)
            .await
            .unwrap()
            .contact,
        2
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_same_kind_on_the_same_project_is_charged_once_ever(pool: PgPool) {
    let w = world(pool).await;
    let id = w.project(1).await;
    w.grant(CreditKind::Consultation, 5).await;
    let first = credits::spend(&w.pool, &w.provider, id, CreditKind::Consultation, &uuid())
        .await
        .unwrap();
    assert!(first.charged);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (pool, provider) = (w.pool.clone(), w.provider.clone());
        tasks.push(tokio::spawn(async move {
            credits::spend(&pool, &provider, id, CreditKind::Consultation, &uuid()).await
        }));
    }
    for t in tasks {
        let again = t.await.unwrap().unwrap();
        assert!(!again.charged);
        assert_eq!(again.balance_after, 4);
    }
    assert_eq!(
        credits::unlocked(&w.pool, &w.provider, id).await.unwrap(),
        vec![CreditKind::Consultation]
    );
    // Another kind on the same project is its own unlock.
    assert!(
        credits::spend(&w.pool, &w.provider, id, CreditKind::Offer, &uuid())
            .await
            .is_err()
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn concurrent_first_spends_on_one_project_charge_once(pool: PgPool) {
    let w = world(pool).await;
    let id = w.project(1).await;
    w.grant(CreditKind::Offer, 5).await;
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let (pool, provider) = (w.pool.clone(), w.provider.clone());
        tasks.push(tokio::spawn(async move {
            credits::spend(&pool, &provider, id, CreditKind::Offer, &uuid()).await
        }));
    }
    let mut charged = 0;
    for t in tasks {
        if t.await.unwrap().unwrap().charged {
            charged += 1;
        }
    }
    assert_eq!(charged, 1);
    assert_eq!(
        credits::balances(&w.pool, &w.provider).await.unwrap().offer,
        4
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn not_enough_credits_changes_nothing_and_a_key_cannot_be_reused(pool: PgPool) {
    let w = world(pool).await;
    let a = w.project(1).await;
    let b = w.project(2).await;
    let key = uuid();
    let e = credits::spend(&w.pool, &w.provider, a, CreditKind::Contact, &key)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Insufficient(_)));
    assert_eq!(
        w.count("SELECT count(*) FROM ledger_entries WHERE unit = 'contact'")
            .await,
        0
    );
    assert_eq!(w.count("SELECT count(*) FROM unlocks").await, 0);
    // The staff grant of the world set-up is the only key kept: the refused spend left none.
    assert_eq!(w.count("SELECT count(*) FROM idempotency_keys").await, 0);
    // The refused key can be retried once there are credits.
    w.grant(CreditKind::Contact, 1).await;
    let ok = credits::spend(&w.pool, &w.provider, a, CreditKind::Contact, &key)
        .await
        .unwrap();
    assert!(ok.charged);
    // The same key for another project is refused and moves nothing.
    let e = credits::spend(&w.pool, &w.provider, b, CreditKind::Contact, &key)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Conflict(m) if en(&m).contains("different request")));
    let bad = credits::spend(&w.pool, &w.provider, b, CreditKind::Contact, "x")
        .await
        .unwrap_err();
    assert!(bad.message_for("key").is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn only_providers_spend_and_only_on_published_projects(pool: PgPool) {
    let w = world(pool).await;
    let id = w.project(1).await;
    w.grant(CreditKind::Offer, 2).await;
    for who in [&w.client, &w.staff] {
        assert!(matches!(
            credits::spend(&w.pool, who, id, CreditKind::Offer, &uuid()).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            credits::statement(&w.pool, who).await,
            Err(AppError::Forbidden(_))
        ));
    }
    // A cancelled project no longer exists for providers.
    projects::cancel(&w.pool, &w.client, id).await.unwrap();
    assert!(matches!(
        credits::spend(&w.pool, &w.provider, id, CreditKind::Offer, &uuid()).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        credits::spend(&w.pool, &w.provider, 987_654, CreditKind::Offer, &uuid()).await,
        Err(AppError::NotFound(_))
    ));
    assert_eq!(
        credits::balances(&w.pool, &w.provider).await.unwrap().offer,
        2
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn staff_grant_and_refund_with_a_reason_and_the_statement_runs(pool: PgPool) {
    let w = world(pool).await;
    let id = w.project(1).await;
    let key = uuid();
    let g = credits::grant(
        &w.pool,
        &w.staff,
        "P@example.com",
        CreditKind::Offer,
        "3",
        "Welcome pack",
        StaffMove::Grant,
        &key,
    )
    .await
    .unwrap();
    assert_eq!(g.balance_after, 3);
    // Replaying the grant moves nothing.
    let again = credits::grant(
        &w.pool,
        &w.staff,
        "p@example.com",
        CreditKind::Offer,
        "3",
        "Welcome pack",
        StaffMove::Grant,
        &key,
    )
    .await
    .unwrap();
    assert_eq!(again, g);
    credits::spend(&w.pool, &w.provider, id, CreditKind::Offer, &uuid())
        .await
        .unwrap();
    credits::grant(
        &w.pool,
        &w.staff,
        "p@example.com",
        CreditKind::Offer,
        "1",
        "Project withdrawn by client",
        StaffMove::Refund,
        &uuid(),
    )
    .await
    .unwrap();

    let lines = credits::statement(&w.pool, &w.provider).await.unwrap();
    let summary: Vec<_> = lines
        .iter()
        .map(|l| (l.movement.as_str(), l.amount, l.balance_after))
        .collect();
    assert_eq!(
        summary,
        vec![("grant", 3, 3), ("spend", -1, 2), ("refund", 1, 3)]
    );
    assert_eq!(lines[1].project.as_ref().map(|p| p.0), Some(id));
    assert_eq!(
        lines[2].reason.as_deref(),
        Some("Project withdrawn by client")
    );

    let e = credits::grant(
        &w.pool,
        &w.staff,
        "p@example.com",
        CreditKind::Offer,
        "0",
        "",
        StaffMove::Grant,
        &uuid(),
    )
    .await
    .unwrap_err();
    assert!(e.message_for("count").is_some() && e.message_for("reason").is_some());
    let e = credits::grant(
        &w.pool,
        &w.staff,
        "c@example.com",
        CreditKind::Offer,
        "1",
        "oops",
        StaffMove::Grant,
        &uuid(),
    )
    .await
    .unwrap_err();
    assert!(
        e.message_for("provider").is_some(),
        "a client cannot receive credits"
    );
    assert!(matches!(
        credits::grant(
            &w.pool,
            &w.provider,
            "p@example.com",
            CreditKind::Offer,
            "9",
            "for me",
            StaffMove::Grant,
            &uuid()
        )
        .await,
        Err(AppError::Forbidden(_))
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_database_keeps_the_ledger_append_only_and_balanced(pool: PgPool) {
    let w = world(pool).await;
    w.grant(CreditKind::Offer, 2).await;
    let update = sqlx::query("UPDATE ledger_entries SET amount = 99")
        .execute(&w.pool)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM ledger_transactions")
        .execute(&w.pool)
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let negative = sqlx::query("UPDATE provider_balances SET balance = -1")
        .execute(&w.pool)
        .await;
    assert!(negative.is_err(), "a balance cannot go below zero");

    let mut tx = w.pool.begin().await.unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO ledger_transactions (kind, provider_id, actor_id) VALUES ('grant', $1, $1) RETURNING id",
    )
    .bind(w.provider.id)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    sqlx::query("INSERT INTO ledger_entries (transaction_id, holder, unit, amount) VALUES ($1, 'platform_issuance', 'offer', -5)")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    let commit = tx.commit().await;
    assert!(commit.unwrap_err().to_string().contains("does not balance"));
}
