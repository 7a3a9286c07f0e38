//! A flood of password checks, in its own test binary (the hashing pool is
//! one per process): past a bounded queue, callers are told the server is
//! busy and when to come back, instead of the server taking memory without
//! bound; every attempt is still counted.

mod common;
use common::*;

use http::{header, StatusCode};
use sqlx::PgPool;
use tower::ServiceExt;

#[sqlx::test(migrations = "../migrations")]
async fn a_flood_of_logins_gets_busy_answers_with_retry_after_never_a_crash(pool: PgPool) {
    // Failed log-ins per address are lifted: the queue is this test's
    // subject (the spraying limit has its own test below).
    let mut site = server::Site::default();
    site.limits.login_failures_per_address.max = 10_000;
    let app = app_with(pool.clone(), site, server::live::LiveFeed::default()).await;
    let calls = (0..300).map(|i| {
        let app = app.clone();
        tokio::spawn(async move {
            // Distinct accounts, so the per-account limit does not step in.
            let body = format!(r#"{{"email":"guess{i}@example.com","password":"wrong password"}}"#);
            let res = app.oneshot(call("/api/login", &body, None)).await.unwrap();
            let retry = res
                .headers()
                .get(header::RETRY_AFTER)
                .map(|v| v.to_str().unwrap().to_owned());
            (res.status(), retry)
        })
    });
    // Spawned all at once, then awaited.
    let calls: Vec<_> = calls.collect();
    let (mut checked, mut busy) = (0, 0);
    for c in calls {
        match c.await.unwrap() {
            (StatusCode::UNPROCESSABLE_ENTITY, _) => checked += 1,
            (StatusCode::SERVICE_UNAVAILABLE, retry) => {
                assert_eq!(retry.as_deref(), Some("2"));
                busy += 1;
            }
            (other, _) => panic!("unexpected {other}"),
        }
    }
    assert_eq!(checked + busy, 300);
    assert!(busy > 0, "the queue is bounded");
    assert!(
        checked >= 64,
        "those that fit the queue were checked ({checked})"
    );
    // Each attempt was counted before its password check, busy or not.
    let counted: i64 =
        sqlx::query_scalar("SELECT count(*) FROM rate_limits WHERE bucket = 'login'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(counted, 300);
}

#[sqlx::test(migrations = "../migrations")]
async fn one_password_sprayed_over_many_accounts_is_slowed_with_retry_after(pool: PgPool) {
    let app = app(pool.clone()).await;
    let max = app::domain::rate_limit::Limits::default()
        .login_failures_per_address
        .max;
    let mut statuses = Vec::new();
    for i in 0..(max + 5) {
        let body = format!(r#"{{"email":"person{i}@example.com","password":"Summer2026!"}}"#);
        let res = app
            .clone()
            .oneshot(call("/api/login", &body, None))
            .await
            .unwrap();
        let retry = res
            .headers()
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().to_owned());
        statuses.push((res.status(), retry));
    }
    for (i, (status, retry)) in statuses.iter().enumerate() {
        if i < max as usize {
            assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
        } else {
            assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS, "attempt {i}");
            assert_eq!(retry.as_deref(), Some("900"), "attempt {i}");
        }
    }
}
