//! Accounts and email over HTTP: the reset form tells nobody who has an
//! account and is rate limited; a reset signs out every session.

use crate::common::*;
use http::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn the_reset_form_answers_alike_and_is_rate_limited(pool: PgPool) {
    let app = app(pool.clone()).await;
    sign_up(&app, &pool, "client", "nina@example.com").await;
    let known = post(
        &app,
        "/api/account/forgot",
        r#"{"email":"nina@example.com"}"#,
        None,
    )
    .await;
    let unknown = post(
        &app,
        "/api/account/forgot",
        r#"{"email":"nobody@example.com"}"#,
        None,
    )
    .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    assert!(known.body.contains("If an account uses this address"));

    // Three per account an hour, from anywhere.
    for _ in 0..2 {
        let r = post(
            &app,
            "/api/account/forgot",
            r#"{"email":"nina@example.com"}"#,
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let limited = post(
        &app,
        "/api/account/forgot",
        r#"{"email":"nina@example.com"}"#,
        None,
    )
    .await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );
    let sent: i64 = sqlx::query_scalar("SELECT count(*) FROM emails WHERE kind = 'reset'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sent, 3);

    // Malformed input changes nothing.
    let bad = post(
        &app,
        "/api/account/forgot",
        r#"{"email":"not an email"}"#,
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let bad = post(&app, "/api/account/reset", r#"{"token":"x"}"#, None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reset_signs_out_every_session(pool: PgPool) {
    let app = app(pool.clone()).await;
    let first = sign_up(&app, &pool, "provider", "paul@example.com").await;
    let login = post(
        &app,
        "/api/login",
        r#"{"email":"paul@example.com","password":"a good password"}"#,
        None,
    )
    .await;
    let second = login.cookie.expect("a second session");
    for cookie in [&first, &second] {
        let me = post(&app, "/api/me", "{}", Some(cookie)).await;
        assert!(me.body.contains("paul@example.com"), "{}", me.body);
    }
    post_ok(
        &app,
        "/api/account/forgot",
        r#"{"email":"paul@example.com"}"#,
        &first,
    )
    .await;
    let token = link_token(&pool, "paul@example.com", "reset").await;
    let body = format!(r#"{{"token":"{token}","password":"a brand new password"}}"#);
    post_ok(&app, "/api/account/reset", &body, &first).await;
    for cookie in [&first, &second] {
        let me = post(&app, "/api/me", "{}", Some(cookie)).await;
        assert_eq!(me.body, "null", "signed out");
    }
    // The link is spent.
    let again = post(&app, "/api/account/reset", &body, None).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN, "{}", again.body);
}
