//! The site over HTTP: health, the Origin check, POST-only server functions, the session cookie, server-rendered pages.

use crate::common::*;
use app::error::AppError;
use axum::body::Body;
use http::{header, Request, StatusCode};
use serde_json::json;
use server::Site;
use sqlx::PgPool;
use tower::ServiceExt;

#[sqlx::test(migrations = "../migrations")]
async fn health_reports_the_database(pool: PgPool) {
    let app = app(pool).await;
    let r = send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(json["database"], "up");
}

#[tokio::test]
async fn health_is_503_when_the_database_is_unreachable() {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_millis(500))
        .connect_lazy("postgres://nobody@127.0.0.1:9/none")
        .unwrap();
    let app = router_on(pool, Site::default(), server::live::LiveFeed::default());
    let r = send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(json["database"], "down");
}

#[sqlx::test(migrations = "../migrations")]
async fn state_changes_from_another_origin_are_refused(pool: PgPool) {
    let app = app(pool.clone()).await;
    let body = json!({"email":"x@example.com","password":"a good password","display_name":"Xavier","role":"client","accept_terms":true});
    for origin in [
        Some("http://evil.example"),
        Some("http://127.0.0.1:3000.evil.example"),
        None,
    ] {
        let mut b = Request::post("/api/signup")
            .header(header::HOST, SITE)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        let r = send(&app, b.body(Body::from(body.to_string())).unwrap()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "origin {origin:?}");
        assert!(matches!(error_of(&r), AppError::Forbidden(_)));
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing was created");
    // A Referer from our own site is accepted when Origin is absent.
    let r = send(
        &app,
        Request::post("/api/signup")
            .header(header::HOST, SITE)
            .header(header::REFERER, format!("http://{SITE}/signup"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn server_functions_answer_post_only(pool: PgPool) {
    let app = app(pool).await;
    let r = send(
        &app,
        Request::get("/api/logout")
            .header(header::HOST, SITE)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_ne!(r.status, StatusCode::OK);
    assert!(r.status.is_client_error(), "{}", r.status);
}

#[sqlx::test(migrations = "../migrations")]
async fn session_cookie_is_http_only_and_lax_and_renewed_at_login(pool: PgPool) {
    let app = app(pool.clone()).await;
    let res = app
        .clone()
        .oneshot(call(
            "/api/signup",
            json!({"email":"a@example.com","password":"a good password","display_name":"Ann","role":"client","accept_terms":true}),
            None,
        ))
        .await
        .unwrap();
    let set = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| !c.starts_with("lang="))
        .unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "not over plain http");
    let first = set.split(';').next().unwrap().to_owned();
    let login = post(
        &app,
        "/api/login",
        json!({"email":"a@example.com","password":"a good password"}),
        Some(&first),
    )
    .await;
    let second = login.cookie.unwrap();
    assert_ne!(first, second, "a new session id at login");
    let me = post(&app, "/api/me", "{}", Some(&second)).await;
    assert!(me.body.contains("a@example.com"), "{}", me.body);
    // Logging out ends the session.
    post(&app, "/api/logout", "{}", Some(&second)).await;
    let after = post(&app, "/api/me", "{}", Some(&second)).await;
    assert_eq!(after.body, "null");
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_render_on_the_server(pool: PgPool) {
    let app = app(pool).await;
    let r = send(
        &app,
        Request::get("/")
            .header(header::HOST, SITE)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    // French unless the browser asks for English.
    assert!(r.body.contains("<html lang=\"fr\""), "{}", r.body);
    assert!(r.body.contains("Faites réaliser vos projets"));
    let r = send(
        &app,
        Request::get("/")
            .header(header::HOST, SITE)
            .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9,fr;q=0.5")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(r.body.contains("<html lang=\"en\""), "{}", r.body);
    assert!(r.body.contains("Get projects done"));
    // The cookie a choice sets wins over the browser's languages.
    let r = send(
        &app,
        Request::get("/")
            .header(header::HOST, SITE)
            .header(header::ACCEPT_LANGUAGE, "en-GB")
            .header(header::COOKIE, "lang=fr")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(r.body.contains("<html lang=\"fr\""), "{}", r.body);
    let r = send(
        &app,
        Request::get("/no/such/page")
            .header(header::HOST, SITE)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Page introuvable"));
}
