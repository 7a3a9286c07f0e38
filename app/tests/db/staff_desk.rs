//! Staff's overview against a real PostgreSQL: search, a person's file,
//! suspension (refused everywhere, money untouched), unpaid fees.

use crate::common::{agreed_project, en};

use app::domain::rate_limit::Limits;
use app::error::AppError;
use app::services::sessions::{self, Claims, Origin};
use app::services::{accounts, staff_desk};
use sqlx::PgPool;
use time::OffsetDateTime;

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

#[sqlx::test(migrations = "../migrations")]
async fn staff_find_people_and_projects_by_name_email_words_or_number(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    let by_email = staff_desk::search(&pool, &s.staff, "P@example.com")
        .await
        .unwrap();
    let found: Vec<i64> = by_email.people.iter().map(|p| p.id).collect();
    assert_eq!(found.len(), 2, "p@ and op@: {found:?}");
    assert!(found.contains(&s.provider.id) && found.contains(&s.outsider_provider.id));
    let by_id = staff_desk::search(&pool, &s.staff, &s.client.id.to_string())
        .await
        .unwrap();
    assert_eq!(by_id.people[0].id, s.client.id, "the number first");
    let by_number = staff_desk::search(&pool, &s.staff, &format!("#{}", s.project))
        .await
        .unwrap();
    assert_eq!(by_number.projects[0].id, s.project);
    let by_words = staff_desk::search(&pool, &s.staff, "physiotherapists")
        .await
        .unwrap();
    assert_eq!(by_words.projects.len(), 1);
    let by_title = staff_desk::search(&pool, &s.staff, "booking")
        .await
        .unwrap();
    assert_eq!(by_title.projects.len(), 1);
    // Wildcards are taken as typed.
    assert!(staff_desk::search(&pool, &s.staff, "%%")
        .await
        .unwrap()
        .people
        .is_empty());
    assert!(staff_desk::search(&pool, &s.staff, "x")
        .await
        .unwrap_err()
        .message_for("q")
        .is_some());
    assert!(matches!(
        staff_desk::search(&pool, &s.client, "booking").await,
        Err(AppError::Forbidden(_))
    ));

    let file = staff_desk::person(&pool, &s.staff, s.provider.id)
        .await
        .unwrap();
    assert_eq!(file.agreements.len(), 1);
    assert!(file.projects[0].relation.contains("agreement"));
    assert!(file.balances.is_some() && !file.ledger.is_empty());
    let client = staff_desk::person(&pool, &s.staff, s.client.id)
        .await
        .unwrap();
    assert_eq!(client.projects[0].relation, "client");
    assert!(client.balances.is_none());
    assert!(matches!(
        staff_desk::person(&pool, &s.staff, 987654).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        staff_desk::person(&pool, &s.provider, s.client.id).await,
        Err(AppError::Forbidden(_))
    ));

    // The fees the client has not paid yet, with their age.
    let fees = staff_desk::unpaid_fees(&pool, &s.staff, now())
        .await
        .unwrap();
    assert_eq!(fees.len(), 2);
    assert!(fees
        .iter()
        .all(|f| f.payer_id == s.client.id && f.age_days == 0));
    assert!(matches!(
        staff_desk::unpaid_fees(&pool, &s.client, now()).await,
        Err(AppError::Forbidden(_))
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_suspended_account_is_refused_everywhere_until_reinstated(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    let nina = &s.provider;
    let sid = sessions::open(&pool, nina, &Origin::default(), now())
        .await
        .unwrap();
    let claims = |epoch| Claims {
        user_id: nina.id,
        epoch,
        sid: Some(sid),
    };
    assert!(sessions::signed_in(&pool, claims(nina.session_epoch))
        .await
        .unwrap()
        .is_some());

    // A reason is required; staff accounts are not suspended here.
    let short = staff_desk::set_suspended(&pool, &s.staff, nina.id, true, "no", now()).await;
    assert!(short.unwrap_err().message_for("reason").is_some());
    let staff_too = staff_desk::set_suspended(
        &pool,
        &s.staff,
        s.staff.id,
        true,
        "Testing a staff lockout.",
        now(),
    )
    .await;
    assert!(matches!(staff_too, Err(AppError::Forbidden(_))));
    let by_client = staff_desk::set_suspended(
        &pool,
        &s.client,
        nina.id,
        true,
        "I do not like them.",
        now(),
    )
    .await;
    assert!(matches!(by_client, Err(AppError::Forbidden(_))));

    let held_before: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(amount), 0)::BIGINT FROM escrow_entries")
            .fetch_one(&pool)
            .await
            .unwrap();
    staff_desk::set_suspended(
        &pool,
        &s.staff,
        nina.id,
        true,
        "Fake invoices reported by two clients.",
        now(),
    )
    .await
    .unwrap();
    assert!(matches!(
        staff_desk::set_suspended(
            &pool,
            &s.staff,
            nina.id,
            true,
            "Fake invoices again, twice.",
            now()
        )
        .await,
        Err(AppError::Conflict(_))
    ));
    // Her open session acts as nobody, whatever epoch it carries.
    assert_eq!(
        sessions::signed_in(&pool, claims(nina.session_epoch))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        sessions::signed_in(&pool, claims(nina.session_epoch + 1))
            .await
            .unwrap(),
        None
    );
    // She cannot log in, and is told why once her password is right.
    let limits = Limits::default();
    let login = accounts::log_in(
        &pool,
        &nina.email,
        "a good password",
        "10.0.0.1",
        &limits,
        now(),
    )
    .await;
    match login {
        Err(AppError::Forbidden(m)) => assert!(en(&m).contains("Fake invoices"), "{m}"),
        other => panic!("a suspended account logged in: {other:?}"),
    }
    let wrong = accounts::log_in(
        &pool,
        &nina.email,
        "a wrong password",
        "10.0.0.1",
        &limits,
        now(),
    )
    .await;
    assert!(
        wrong.unwrap_err().message_for("password").is_some(),
        "no hint without the password"
    );
    let held_after: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(amount), 0)::BIGINT FROM escrow_entries")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(held_before, held_after, "money is untouched");
    let file = staff_desk::person(&pool, &s.staff, nina.id).await.unwrap();
    assert!(file.suspended.is_some());

    staff_desk::set_suspended(
        &pool,
        &s.staff,
        nina.id,
        false,
        "The clients withdrew their complaint.",
        now(),
    )
    .await
    .unwrap();
    assert!(accounts::log_in(
        &pool,
        &nina.email,
        "a good password",
        "10.0.0.1",
        &limits,
        now()
    )
    .await
    .is_ok());
    let file = staff_desk::person(&pool, &s.staff, nina.id).await.unwrap();
    assert!(file.suspended.is_none());
    let kinds: Vec<&str> = file.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["reinstated", "suspended"]);
}
