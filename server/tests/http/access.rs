//! Who may call what: visitors are asked to log in, roles and ownership are enforced.

use crate::common::*;
use app::error::AppError;
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn a_visitor_gets_please_log_in(pool: PgPool) {
    let app = app(pool).await;
    for path in [
        "/api/projects/mine",
        "/api/feed",
        "/api/staff/queue",
        "/api/preferences/get",
    ] {
        let body = if path == "/api/feed" {
            json!({"form":{"services":[],"regions":[],"budget_min":"","budget_max":"","words":"","page":""},"use_preferences":true})
        } else {
            json!({})
        };
        let r = post(&app, path, body, None).await;
        assert_eq!(error_of(&r), AppError::Unauthenticated, "{path}");
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let r = post(&app, "/api/projects/view", json!({"id":"1"}), None).await;
    assert_eq!(error_of(&r), AppError::Unauthenticated);
}

#[sqlx::test(migrations = "../migrations")]
async fn roles_and_ownership_are_enforced_over_http(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let other = sign_up(&app, &pool, "client", "d@example.com").await;
    let provider = sign_up(&app, &pool, "provider", "p@example.com").await;
    let staff = staff_cookie(&app, &pool).await;

    let r = post(&app, "/api/projects/post", &project_json(), Some(&provider)).await;
    assert!(
        matches!(error_of(&r), AppError::Forbidden(_)),
        "a provider cannot post"
    );
    let r = post_ok(&app, "/api/projects/post", &project_json(), &client).await;
    let id: i64 = r.body.parse().unwrap();

    let r = post(
        &app,
        "/api/staff/validate",
        json!({"id":id}),
        Some(&provider),
    )
    .await;
    assert!(
        matches!(error_of(&r), AppError::NotFound(_)),
        "a provider cannot validate, nor even see, a project awaiting validation"
    );
    let r = post(
        &app,
        "/api/projects/view",
        json!({"id":id.to_string()}),
        Some(&other),
    )
    .await;
    assert!(
        matches!(error_of(&r), AppError::NotFound(_)),
        "another client cannot read it"
    );
    let r = post(&app, "/api/projects/cancel", json!({"id":id}), Some(&other)).await;
    assert!(
        matches!(error_of(&r), AppError::NotFound(_)),
        "another client cannot cancel it"
    );

    let r = post(&app, "/api/staff/validate", json!({"id":id}), Some(&staff)).await;
    assert_eq!(r.body, r#""published""#);
    let r = post(&app, "/api/projects/cancel", json!({"id":id}), Some(&staff)).await;
    assert!(
        matches!(error_of(&r), AppError::Forbidden(_)),
        "staff can never cancel"
    );
    let r = post(
        &app,
        "/api/projects/view",
        json!({"id":"abc"}),
        Some(&provider),
    )
    .await;
    assert!(
        error_of(&r).message_for("id").is_some(),
        "a non-numeric id is explained"
    );
    let r = post(
        &app,
        "/api/projects/view",
        json!({"id":"99999"}),
        Some(&provider),
    )
    .await;
    assert!(matches!(error_of(&r), AppError::NotFound(_)));
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = post(
        &app,
        "/api/projects/cancel",
        json!({"id":id}),
        Some(&client),
    )
    .await;
    assert_eq!(r.body, r#""cancelled""#);
    let status: String = sqlx::query_scalar("SELECT status FROM projects WHERE id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "cancelled");
}
