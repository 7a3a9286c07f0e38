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
    assert!(known.body.contains("ResetSent"), "{}", known.body);

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
        // A whole page first: it asks who is signing in more than once.
        let page = send(&app, get("/feed", Some(cookie))).await;
        assert!(
            !page.status.is_server_error(),
            "{}: {}",
            page.status,
            page.body
        );
        let me = post(&app, "/api/me", "{}", Some(cookie)).await;
        assert_eq!(me.body, "null", "signed out");
    }
    // The link is spent.
    let again = post(&app, "/api/account/reset", &body, None).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN, "{}", again.body);
}

/// What `user_id` chose for `kind`, if anything.
async fn choice(pool: &PgPool, email: &str, kind: &str) -> Option<String> {
    sqlx::query_scalar(
        "SELECT s.channel FROM notification_settings s JOIN users u ON u.id = s.user_id
          WHERE u.email = $1 AND s.kind = $2",
    )
    .bind(email)
    .bind(kind)
    .fetch_optional(pool)
    .await
    .unwrap()
}

/// A one-click unsubscribe as a mail client sends it (RFC 8058): a POST
/// from elsewhere, no session, no Origin of ours.
async fn one_click(app: &axum::Router, query: &str) -> Reply {
    let req = http::Request::post(format!("/unsubscribe?{query}"))
        .header(http::header::HOST, SITE)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(axum::body::Body::from("List-Unsubscribe=One-Click"))
        .unwrap();
    send(app, req).await
}

#[sqlx::test(migrations = "../migrations")]
async fn one_click_unsubscribe_needs_the_signature(pool: PgPool) {
    let app = app(pool.clone()).await;
    sign_up(&app, &pool, "provider", "paul@example.com").await;
    let paul = user_by_email(&pool, "paul@example.com").await;
    let key = {
        let mut conn = pool.acquire().await.unwrap();
        app::services::signing::unsubscribe_key(&mut conn)
            .await
            .unwrap()
    };
    let good = app::services::signing::sign(&key, paul.id, "offer_read");
    let forged = app::services::signing::sign(&key, paul.id, "lead_offered");

    for query in [
        format!("u={}&k=offer_read&s={forged}", paul.id),
        format!("u={}&k=offer_read&s={}", paul.id + 1, good),
        format!("u={}&k=offer_read", paul.id),
        format!("u={}&k=offer_read&s=", paul.id),
    ] {
        let r = one_click(&app, &query).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{query}: {}", r.body);
    }
    assert_eq!(choice(&pool, "paul@example.com", "offer_read").await, None);

    let r = one_click(&app, &format!("u={}&k=offer_read&s={good}", paul.id)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        choice(&pool, "paul@example.com", "offer_read")
            .await
            .as_deref(),
        Some("in_app")
    );
    // Opening the link changes nothing: it shows the page with its button.
    let page = send(
        &app,
        get(&format!("/unsubscribe?u={}&k=digest&s=x", paul.id), None),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Se désinscrire"), "{}", page.body);
    let hour: Option<i16> = sqlx::query_scalar("SELECT digest_hour FROM users WHERE id = $1")
        .bind(paul.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(hour, Some(8));
}

#[sqlx::test(migrations = "../migrations")]
async fn changing_the_password_keeps_this_session_and_signs_out_the_others(pool: PgPool) {
    let app = app(pool.clone()).await;
    let here = sign_up(&app, &pool, "client", "claire@example.com").await;
    let login = r#"{"email":"claire@example.com","password":"a good password"}"#;
    let elsewhere = post(&app, "/api/login", login, None).await.cookie.unwrap();

    // The current password is checked; nothing changes when it is wrong.
    let wrong = r#"{"current_password":"not my password","new_password":"a brand new password"}"#;
    let r = post(&app, "/api/account/password", wrong, Some(&here)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let me = post(&app, "/api/me", "{}", Some(&elsewhere)).await;
    assert!(me.body.contains("claire@example.com"));

    let right = r#"{"current_password":"a good password","new_password":"a brand new password"}"#;
    post_ok(&app, "/api/account/password", right, &here).await;
    let me = post(&app, "/api/me", "{}", Some(&here)).await;
    assert!(
        me.body.contains("claire@example.com"),
        "this session goes on: {}",
        me.body
    );
    // The signed-out session reloads its page: no 500 (a page asks who is
    // signed in several times; the first answer once flushed the session
    // and the response failed).
    let page = send(&app, get("/my/projects", Some(&elsewhere))).await;
    assert!(
        !page.status.is_server_error(),
        "{}: {}",
        page.status,
        page.body
    );
    let me = post(&app, "/api/me", "{}", Some(&elsewhere)).await;
    assert_eq!(me.body, "null", "the other session is signed out");
    let told: i64 =
        sqlx::query_scalar("SELECT count(*) FROM emails WHERE kind = 'password_changed'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(told, 1);

    // Sign out every other session; rename.
    let login = r#"{"email":"claire@example.com","password":"a brand new password"}"#;
    let third = post(&app, "/api/login", login, None).await.cookie.unwrap();
    post_ok(&app, "/api/account/sign-out-others", "{}", &here).await;
    assert_eq!(post(&app, "/api/me", "{}", Some(&third)).await.body, "null");
    let r = post_ok(
        &app,
        "/api/account/name",
        r#"{"display_name":"Claire B."}"#,
        &here,
    )
    .await;
    assert_eq!(r.body, r#""Claire B.""#);
    assert!(post(&app, "/api/me", "{}", Some(&here))
        .await
        .body
        .contains("Claire B."));
}

#[sqlx::test(migrations = "../migrations")]
async fn an_account_moves_to_a_new_address_from_its_link_and_can_be_deleted(pool: PgPool) {
    let app = app(pool.clone()).await;
    let here = sign_up(&app, &pool, "client", "claire@example.com").await;
    let ask = r#"{"new_email":"claire@new.example","current_password":"a good password"}"#;
    let r = post_ok(&app, "/api/account/email", ask, &here).await;
    assert_eq!(r.body, r#""claire@new.example""#);
    let token = link_token(&pool, "claire@new.example", "confirm_email").await;
    // The link's page confirms nothing by being opened.
    let page = send(&app, get(&format!("/confirm-email?token={token}"), None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Confirmer ma nouvelle adresse"),
        "{}",
        page.body
    );
    assert!(post(&app, "/api/me", "{}", Some(&here))
        .await
        .body
        .contains("claire@example.com"));
    // Posted (from any browser, signed in or not), it moves the account.
    let body = serde_json::json!({ "token": token }).to_string();
    post_ok(&app, "/api/account/confirm-email", body.as_str(), &here).await;
    let me = post(&app, "/api/me", "{}", Some(&here)).await;
    assert!(me.body.contains("claire@new.example"), "{}", me.body);
    let again = post(&app, "/api/account/confirm-email", body.as_str(), None).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);

    // The account page (in French, the default) lists this browser and
    // offers deletion.
    let page = send(&app, get("/account", Some(&here))).await;
    assert!(page.body.contains("Ce navigateur"), "{}", page.body);
    assert!(page.body.contains("Supprimer mon compte"));
    let wrong = r#"{"current_password":"not my password"}"#;
    let r = post(&app, "/api/account/delete", wrong, Some(&here)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let right = r#"{"current_password":"a good password"}"#;
    post_ok(&app, "/api/account/delete", right, &here).await;
    assert_eq!(post(&app, "/api/me", "{}", Some(&here)).await.body, "null");
    let login = r#"{"email":"claire@new.example","password":"a good password"}"#;
    let r = post(&app, "/api/login", login, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}
