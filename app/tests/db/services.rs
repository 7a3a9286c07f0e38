//! Services against a real PostgreSQL: one fresh database per test.

use crate::common::{en, user};

use app::domain::account::{NewAccount, Role};
use app::domain::feed::{FeedForm, FeedQuery, Preferences};
use app::domain::msg::{AccountMsg, ProjectMsg};
use app::domain::project::{ProjectForm, ProjectStatus};
use app::domain::rate_limit::Limits;
use app::error::{AppError, Msg};
use app::services::accounts::{self, User};
use app::services::{preferences, projects};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

fn today() -> time::Date {
    OffsetDateTime::now_utc().date()
}

fn form(title: &str, services: &[&str], region: &str, min: &str, max: &str) -> ProjectForm {
    ProjectForm {
        title: title.into(),
        description: "A description that is long enough to be accepted.".into(),
        services: services.iter().map(|s| s.to_string()).collect(),
        region: region.into(),
        budget_min: min.into(),
        budget_max: max.into(),
        desired_start: (today() + Duration::days(10)).to_string(),
        phone: "06 12 34 56 78".into(),
    }
}

async fn published(pool: &PgPool, client: &User, staff: &User, f: ProjectForm) -> i64 {
    let id = projects::create(pool, client, &f, today()).await.unwrap();
    projects::validate(pool, staff, id).await.unwrap();
    id
}

async fn status(pool: &PgPool, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM projects WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

fn is_forbidden<T: std::fmt::Debug>(r: Result<T, AppError>) -> bool {
    matches!(r, Err(AppError::Forbidden(_)))
}

/// Answered exactly as for a project that does not exist.
fn is_hidden<T: std::fmt::Debug>(r: Result<T, AppError>, id: i64) -> bool {
    matches!(r, Err(AppError::NotFound(Msg::Project(ProjectMsg::NoSuchProject { id: n }))) if n == id)
}

fn limits() -> Limits {
    Limits::default()
}

async fn log_in(
    pool: &PgPool,
    email: &str,
    password: &str,
    address: &str,
    now: OffsetDateTime,
) -> Result<User, AppError> {
    accounts::log_in(pool, email, password, address, &limits(), now).await
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_up_refuses_a_taken_email_without_hashing(pool: PgPool) {
    user(&pool, "client", "ann@example.com").await;
    let again = accounts::sign_up(
        &pool,
        NewAccount::parse("ANN@example.com", "another password", "Ann", "provider").unwrap(),
        "1.1.1.1",
        &limits(),
        OffsetDateTime::now_utc(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        again.message_for("email"),
        Some(Msg::Account(AccountMsg::EmailTaken))
    );
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_ups_are_limited_per_address(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let max = limits().signups_per_address.max;
    for i in 0..max {
        let account = NewAccount::parse(
            &format!("p{i}@example.com"),
            "a good password",
            "Someone",
            "client",
        )
        .unwrap();
        accounts::sign_up(&pool, account, "5.5.5.5", &limits(), now)
            .await
            .unwrap();
    }
    let account =
        NewAccount::parse("late@example.com", "a good password", "Someone", "client").unwrap();
    let refused = accounts::sign_up(&pool, account.clone(), "5.5.5.5", &limits(), now).await;
    assert!(
        matches!(&refused, Err(AppError::TooManyAttempts(m)) if en(m).contains("new accounts from your network")),
        "{refused:?}"
    );
    // Another address, or the same one an hour later, may.
    accounts::sign_up(&pool, account, "5.5.5.6", &limits(), now)
        .await
        .unwrap();
    let account =
        NewAccount::parse("later@example.com", "a good password", "Someone", "client").unwrap();
    accounts::sign_up(
        &pool,
        account,
        "5.5.5.5",
        &limits(),
        now + Duration::minutes(61),
    )
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn passwords_are_hashed_with_argon2id_19mib_2_passes(pool: PgPool) {
    user(&pool, "client", "ann@example.com").await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains("a good password"));
}

#[sqlx::test(migrations = "../migrations")]
async fn log_in_checks_the_password(pool: PgPool) {
    let ann = user(&pool, "client", "ann@example.com").await;
    let now = OffsetDateTime::now_utc();
    let ok = log_in(&pool, " Ann@Example.com", "a good password", "1.1.1.1", now)
        .await
        .unwrap();
    assert_eq!(ok.id, ann.id);
    for (email, password) in [
        ("ann@example.com", "wrong password"),
        ("bob@example.com", "a good password"),
        ("ann@example.com", &"x".repeat(5000)),
    ] {
        let refused = log_in(&pool, email, password, "1.1.1.1", now).await;
        assert_eq!(
            refused.unwrap_err().message_for("password").unwrap(),
            Msg::Account(AccountMsg::WrongCredentials)
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_wrong_password_streak_locks_the_account_only_from_that_address(pool: PgPool) {
    user(&pool, "client", "ann@example.com").await;
    let now = OffsetDateTime::now_utc();
    for _ in 0..5 {
        assert!(matches!(
            log_in(&pool, "ann@example.com", "wrong password", "6.6.6.6", now).await,
            Err(AppError::Invalid(_))
        ));
    }
    // From the guesser's address even the right password waits now...
    match log_in(&pool, "ann@example.com", "a good password", "6.6.6.6", now).await {
        Err(AppError::TooManyAttempts(m)) => {
            assert!(
                en(&m).contains("from your network") && en(&m).contains("15 minutes"),
                "{m}"
            )
        }
        other => panic!("expected a lockout, got {other:?}"),
    }
    // ...but Ann, from her own address, logs in.
    assert!(
        log_in(&pool, "ann@example.com", "a good password", "7.7.7.7", now)
            .await
            .is_ok()
    );
    // Once the window has passed, the guesser's address may try again.
    let later = now + Duration::minutes(16);
    assert!(log_in(
        &pool,
        "ann@example.com",
        "a good password",
        "6.6.6.6",
        later
    )
    .await
    .is_ok());
}

#[sqlx::test(migrations = "../migrations")]
async fn one_password_sprayed_over_many_accounts_from_one_address_is_slowed(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let ceiling = limits().login_failures_per_address.max;
    for i in 0..25 {
        user(&pool, "client", &format!("p{i}@example.com")).await;
    }
    // People behind the same address who know their passwords give their
    // attempt back: only failures add up.
    for i in 0..10 {
        let email = format!("p{i}@example.com");
        assert!(log_in(&pool, &email, "a good password", "5.5.5.5", now)
            .await
            .is_ok());
    }
    let mut outcomes = Vec::new();
    for i in 0..25 {
        let email = format!("p{i}@example.com");
        outcomes.push(log_in(&pool, &email, "Summer2026!", "5.5.5.5", now).await);
    }
    let checked = outcomes
        .iter()
        .filter(|r| matches!(r, Err(AppError::Invalid(_))))
        .count();
    assert_eq!(checked, ceiling as usize, "{outcomes:?}");
    for r in &outcomes[ceiling as usize..] {
        match r {
            Err(AppError::TooManyAttempts(m)) => assert!(
                en(m).contains("from your network, on several accounts")
                    && en(m).contains("15 minutes"),
                "{m}"
            ),
            other => panic!("expected the address to be slowed, got {other:?}"),
        }
    }
    // Even a right password waits from that address now; from another one
    // the same person logs in; and once the window has passed, the address
    // may try again.
    assert!(matches!(
        log_in(&pool, "p3@example.com", "a good password", "5.5.5.5", now).await,
        Err(AppError::TooManyAttempts(_))
    ));
    assert!(
        log_in(&pool, "p3@example.com", "a good password", "5.5.5.6", now)
            .await
            .is_ok()
    );
    let later = now + Duration::minutes(16);
    assert!(
        log_in(&pool, "p3@example.com", "a good password", "5.5.5.5", later)
            .await
            .is_ok()
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn guessing_from_many_addresses_meets_a_higher_ceiling_per_account(pool: PgPool) {
    user(&pool, "client", "ann@example.com").await;
    let now = OffsetDateTime::now_utc();
    let ceiling = limits().login_per_account.max;
    for i in 0..ceiling {
        let addr = format!("10.0.{}.{}", i / 200, i % 200);
        let _ = log_in(&pool, "ann@example.com", "wrong password", &addr, now).await;
    }
    let r = log_in(&pool, "ann@example.com", "a good password", "10.9.9.9", now).await;
    assert!(
        matches!(&r, Err(AppError::TooManyAttempts(m)) if en(m).contains("for this account")),
        "{r:?}"
    );
    // Failures on other accounts from one address, under that address's
    // ceiling, block nobody else.
    for i in 0..limits().login_failures_per_address.max - 1 {
        let _ = log_in(
            &pool,
            &format!("guess{i}@example.com"),
            "wrong password",
            "8.8.8.8",
            now,
        )
        .await;
    }
    user(&pool, "client", "bob@example.com").await;
    assert!(
        log_in(&pool, "bob@example.com", "a good password", "8.8.8.8", now)
            .await
            .is_ok()
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn parallel_wrong_logins_are_each_counted_before_any_password_check(pool: PgPool) {
    user(&pool, "client", "ann@example.com").await;
    let now = OffsetDateTime::now_utc();
    let attempts = (0..40).map(|_| {
        let pool = pool.clone();
        tokio::spawn(async move {
            log_in(&pool, "ann@example.com", "wrong password", "9.9.9.9", now).await
        })
    });
    // Spawned all at once, then awaited.
    let attempts: Vec<_> = attempts.collect();
    let mut checked = 0;
    let mut refused = 0;
    for a in attempts {
        match a.await.unwrap() {
            Err(AppError::Invalid(_)) => checked += 1,
            Err(AppError::TooManyAttempts(_)) => refused += 1,
            other => panic!("{other:?}"),
        }
    }
    // Only the first five reached the password check; all forty were counted.
    assert_eq!((checked, refused), (5, 35));
    let hits: i32 = sqlx::query_scalar("SELECT hits FROM rate_limits WHERE bucket = 'login'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(hits, 40);
}

#[sqlx::test(migrations = "../migrations")]
async fn only_clients_post_and_bad_input_saves_nothing(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let provider = user(&pool, "provider", "p@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let good = form(
        "Shop website",
        &["web_development"],
        "bretagne",
        "100",
        "200",
    );
    assert!(is_forbidden(
        projects::create(&pool, &provider, &good, today()).await
    ));
    assert!(is_forbidden(
        projects::create(&pool, &staff, &good, today()).await
    ));
    let bad = ProjectForm {
        budget_min: "500".into(),
        services: vec!["astrology".into()],
        ..good.clone()
    };
    let err = projects::create(&pool, &client, &bad, today())
        .await
        .unwrap_err();
    assert!(en(&err.message_for("budget_max").unwrap()).contains("minimum"));
    assert!(en(&err.message_for("services").unwrap()).contains("astrology"));
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM projects")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    let id = projects::create(&pool, &client, &good, today())
        .await
        .unwrap();
    assert_eq!(status(&pool, id).await, "pending_validation");
}

#[sqlx::test(migrations = "../migrations")]
async fn only_staff_validate_and_reject(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let provider = user(&pool, "provider", "p@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let id = projects::create(
        &pool,
        &client,
        &form(
            "Shop website",
            &["web_development"],
            "bretagne",
            "100",
            "200",
        ),
        today(),
    )
    .await
    .unwrap();
    assert!(is_hidden(
        projects::validate(&pool, &provider, id).await,
        id
    ));
    assert!(is_forbidden(projects::validate(&pool, &client, id).await));
    assert!(is_forbidden(
        projects::reject(&pool, &client, id, "not good enough at all").await
    ));
    assert!(is_forbidden(
        projects::validation_queue(&pool, &provider, 1).await
    ));
    assert_eq!(status(&pool, id).await, "pending_validation");

    let short = projects::reject(&pool, &staff, id, "no").await.unwrap_err();
    assert!(short.message_for("reason").is_some());
    assert_eq!(
        projects::validation_queue(&pool, &staff, 1)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        projects::validate(&pool, &staff, id).await.unwrap(),
        ProjectStatus::Published
    );
    assert!(matches!(
        projects::validate(&pool, &staff, id).await,
        Err(AppError::Conflict(_))
    ));
    assert!(projects::validation_queue(&pool, &staff, 1)
        .await
        .unwrap()
        .items
        .is_empty());
    assert!(matches!(
        projects::reject(&pool, &staff, id, "too late to reject this").await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        projects::validate(&pool, &staff, 999_999).await,
        Err(AppError::NotFound(_))
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn rejection_reason_reaches_the_client(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let id = projects::create(
        &pool,
        &client,
        &form(
            "Shop website",
            &["web_development"],
            "bretagne",
            "100",
            "200",
        ),
        today(),
    )
    .await
    .unwrap();
    projects::reject(&pool, &staff, id, "Please describe the pages you need.")
        .await
        .unwrap();
    let mine = projects::list_for_client(&pool, &client).await.unwrap();
    assert_eq!(mine[0].status, ProjectStatus::Rejected);
    assert_eq!(
        mine[0].rejection_reason.as_deref(),
        Some("Please describe the pages you need.")
    );
    assert!(mine[0].last_review_age.is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn only_the_owner_cancels(pool: PgPool) {
    let owner = user(&pool, "client", "c@example.com").await;
    let other = user(&pool, "client", "d@example.com").await;
    let provider = user(&pool, "provider", "p@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let id = published(
        &pool,
        &owner,
        &staff,
        form(
            "Shop website",
            &["web_development"],
            "bretagne",
            "100",
            "200",
        ),
    )
    .await;
    assert!(is_hidden(projects::cancel(&pool, &other, id).await, id));
    assert!(is_forbidden(projects::cancel(&pool, &provider, id).await));
    assert!(is_forbidden(projects::cancel(&pool, &staff, id).await));
    assert_eq!(status(&pool, id).await, "published");
    assert_eq!(
        projects::cancel(&pool, &owner, id).await.unwrap(),
        ProjectStatus::Cancelled
    );
    assert!(matches!(
        projects::cancel(&pool, &owner, id).await,
        Err(AppError::Conflict(_))
    ));
    let events: i64 =
        sqlx::query_scalar("SELECT count(*) FROM project_events WHERE project_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(events, 3, "posted, validated, cancelled");
}

#[sqlx::test(migrations = "../migrations")]
async fn who_sees_which_project(pool: PgPool) {
    let owner = user(&pool, "client", "c@example.com").await;
    let other = user(&pool, "client", "d@example.com").await;
    let provider = user(&pool, "provider", "p@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let pending = projects::create(
        &pool,
        &owner,
        &form("Pending project", &["legal"], "corse", "100", "200"),
        today(),
    )
    .await
    .unwrap();
    let live = published(
        &pool,
        &owner,
        &staff,
        form("Live project", &["legal"], "corse", "100", "200"),
    )
    .await;

    assert!(is_hidden(projects::view(&pool, &other, live).await, live));
    assert!(is_hidden(
        projects::view(&pool, &other, 424242).await,
        424242
    ));
    assert!(projects::list_for_client(&pool, &other)
        .await
        .unwrap()
        .is_empty());
    assert!(is_hidden(
        projects::view(&pool, &provider, pending).await,
        pending
    ));
    let seen = projects::view(&pool, &provider, live).await.unwrap();
    assert_eq!(
        seen.client_name, None,
        "providers do not see the client's name"
    );
    assert!(!seen.is_mine);
    assert_eq!(
        projects::view(&pool, &owner, pending)
            .await
            .unwrap()
            .client_name
            .as_deref(),
        Some("Someone")
    );
    assert!(projects::view(&pool, &staff, pending).await.is_ok());
    assert!(matches!(
        projects::view(&pool, &staff, 424242).await,
        Err(AppError::NotFound(_))
    ));
    assert!(is_forbidden(
        projects::list_for_client(&pool, &provider).await
    ));
}

fn query(f: FeedForm) -> FeedQuery {
    FeedQuery::parse(&f).unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn the_feed_filters_sorts_and_pages(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let provider = user(&pool, "provider", "p@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let mut ids = Vec::new();
    for i in 0..12 {
        let services: &[&str] = if i % 3 == 0 {
            &["marketing"]
        } else {
            &["web_development"]
        };
        let region = if i % 2 == 0 { "bretagne" } else { "remote" };
        let min = format!("{}", 1000 * (i + 1));
        let max = format!("{}", 1000 * (i + 2));
        ids.push(
            published(
                &pool,
                &client,
                &staff,
                form(&format!("Project number {i}"), services, region, &min, &max),
            )
            .await,
        );
    }
    projects::create(
        &pool,
        &client,
        &form("Never validated", &["marketing"], "bretagne", "1", "2"),
        today(),
    )
    .await
    .unwrap();

    let all = projects::feed(&pool, &provider, query(FeedForm::default()), true)
        .await
        .unwrap();
    assert_eq!(all.total, 12);
    assert_eq!(all.page_count, 2);
    assert_eq!(all.items.len(), 10);
    assert_eq!(all.items[0].id, ids[11], "newest first");
    let second = projects::feed(
        &pool,
        &provider,
        query(FeedForm {
            page: "2".into(),
            ..Default::default()
        }),
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        second.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![ids[1], ids[0]]
    );

    let marketing = projects::feed(
        &pool,
        &provider,
        query(FeedForm {
            services: vec!["marketing".into()],
            ..Default::default()
        }),
        true,
    )
    .await
    .unwrap();
    assert_eq!(marketing.total, 4);
    let remote = projects::feed(
        &pool,
        &provider,
        query(FeedForm {
            regions: vec!["remote".into()],
            ..Default::default()
        }),
        true,
    )
    .await
    .unwrap();
    assert_eq!(remote.total, 6);
    // Budgets overlapping 2500–3500: projects 1 (2000–3000) and 2 (3000–4000).
    let budget = projects::feed(
        &pool,
        &provider,
        query(FeedForm {
            budget_min: "2500".into(),
            budget_max: "3500".into(),
            ..Default::default()
        }),
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        budget.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![ids[2], ids[1]]
    );
    let words = projects::feed(
        &pool,
        &provider,
        query(FeedForm {
            words: "number 7".into(),
            ..Default::default()
        }),
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        words.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![ids[7]]
    );

    // Cancelling removes a project from the feed at once.
    projects::cancel(&pool, &client, ids[11]).await.unwrap();
    let after = projects::feed(&pool, &provider, query(FeedForm::default()), true)
        .await
        .unwrap();
    assert_eq!(after.total, 11);
    assert!(after.items.iter().all(|p| p.id != ids[11]));

    assert!(is_forbidden(
        projects::feed(&pool, &client, query(FeedForm::default()), true).await
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_feed_defaults_to_preferences(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let provider = user(&pool, "provider", "p@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    published(
        &pool,
        &client,
        &staff,
        form(
            "Logo for a bakery",
            &["graphic_design"],
            "bretagne",
            "500",
            "900",
        ),
    )
    .await;
    published(
        &pool,
        &client,
        &staff,
        form(
            "Big web platform",
            &["web_development"],
            "bretagne",
            "50000",
            "90000",
        ),
    )
    .await;
    let prefs = Preferences::parse(&["graphic_design".into()], &[], "", "1000").unwrap();
    preferences::save(&pool, &provider, &prefs).await.unwrap();
    assert_eq!(preferences::get(&pool, &provider).await.unwrap(), prefs);

    let default = projects::feed(&pool, &provider, query(FeedForm::default()), true)
        .await
        .unwrap();
    assert!(default.from_preferences);
    assert_eq!(default.total, 1);
    assert_eq!(default.items[0].title, "Logo for a bakery");
    let everything = projects::feed(&pool, &provider, query(FeedForm::default()), false)
        .await
        .unwrap();
    assert!(!everything.from_preferences);
    assert_eq!(everything.total, 2);

    assert!(is_forbidden(preferences::get(&pool, &client).await));
    assert!(is_forbidden(preferences::save(&pool, &staff, &prefs).await));
    let _ = Role::Provider;
}

#[sqlx::test(migrations = "../migrations")]
async fn the_validation_queue_is_paged_oldest_first(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let mut ids = vec![];
    for i in 0..45 {
        let f = form(
            &format!("Project number {i}"),
            &["legal"],
            "corse",
            "100",
            "200",
        );
        ids.push(projects::create(&pool, &client, &f, today()).await.unwrap());
    }
    let first = projects::validation_queue(&pool, &staff, 1).await.unwrap();
    assert_eq!((first.total, first.page, first.page_count), (45, 1, 3));
    assert_eq!(first.items.len(), 20);
    assert_eq!(first.items[0].id, ids[0]);
    let last = projects::validation_queue(&pool, &staff, 3).await.unwrap();
    assert_eq!(
        last.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        ids[40..].to_vec()
    );
    // Out of range is clamped, never an error or an empty page.
    assert_eq!(
        projects::validation_queue(&pool, &staff, 99)
            .await
            .unwrap()
            .page,
        3
    );
    assert_eq!(
        projects::validation_queue(&pool, &staff, -5)
            .await
            .unwrap()
            .page,
        1
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_database_check_a_parser_missed_becomes_a_field_message_not_a_500(pool: PgPool) {
    let ann = user(&pool, "client", "ann@example.com").await;
    // Straight to the database, past every parser: the named check answers.
    let refused = sqlx::query("UPDATE users SET display_name = 'x' WHERE id = $1")
        .bind(ann.id)
        .execute(&pool)
        .await
        .unwrap_err();
    let e = AppError::from(refused);
    assert_eq!(
        e.message_for("display_name"),
        Some(app::domain::msg::Msg::Form(
            app::domain::msg::FormMsg::LengthBetween { min: 2, max: 60 }
        ))
    );
    // A check no person's input reaches stays an internal error (logged, opaque).
    let refused = sqlx::query(
        "INSERT INTO rate_limits (bucket, key, window_start, hits) VALUES ('x', 'y', now(), 0)",
    )
    .execute(&pool)
    .await
    .unwrap_err();
    assert!(matches!(AppError::from(refused), AppError::Internal { .. }));
}
