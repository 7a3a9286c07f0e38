//! Leads over HTTP: a provider reads only their own answers and requests.

use crate::common::*;
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn a_provider_never_reads_another_providers_leads_reservations_or_credit_requests(
    pool: PgPool,
) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let a = sign_up(&app, &pool, "provider", "a@example.com").await;
    let b = sign_up(&app, &pool, "provider", "b@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    // Only staff write leads.
    for who in [&client, &a] {
        let r = post(&app, "/api/staff/leads/create", &lead_json(), Some(who)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    }
    let first: i64 = post(&app, "/api/staff/leads/create", &lead_json(), Some(&staff))
        .await
        .body
        .parse()
        .unwrap();
    let second: i64 = post(&app, "/api/staff/leads/create", &lead_json(), Some(&staff))
        .await
        .body
        .parse()
        .unwrap();
    // A tops up, buys the first lead, reserves the second and files a credit request.
    let top_up = json!({"amount":"50","card":"4242 4242 4242 4242","key":"top-up-key-01"});
    post_ok(&app, "/api/credits/top-up", &top_up, &a).await;
    let buy = json!({"project_id":first,"key":"buy-key-0001"});
    post_ok(&app, "/api/leads/buy", &buy, &a).await;
    post_ok(&app, "/api/leads/reserve", json!({"project_id":second}), &a).await;
    let request = json!({"project_id":first,"reason":"The client had already chosen."});
    let r = post_ok(&app, "/api/leads/credit-request", &request, &a).await;
    let request_id = serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["id"]
        .as_i64()
        .unwrap();

    // B sees the leads as offered, without A's answers or the client's details.
    let r = post_ok(&app, "/api/leads/list", "{}", &b).await;
    let leads: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(leads.as_array().unwrap().len(), 2);
    for lead in leads.as_array().unwrap() {
        assert_eq!(lead["answer"], serde_json::Value::Null);
        assert_eq!(lead["contact"], serde_json::Value::Null);
        assert_eq!(lead["credit_request"], serde_json::Value::Null);
    }
    assert!(!r.body.contains("c@example.com"));
    let r = post(&app, "/api/leads/credit-requests", "{}", Some(&b)).await;
    assert_eq!(r.body, "[]");
    // B can neither read staff's queue nor decide, nor file on A's purchase.
    let r = post(&app, "/api/staff/credit-requests", "{}", Some(&b)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let decide = json!({"request_id":request_id,"accept":true,"reason":"","key":"decide-key-01"});
    let r = post(&app, "/api/staff/credit-requests/decide", &decide, Some(&b)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(&app, "/api/leads/credit-request", &request, Some(&b)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // A sees their own; staff see the queue; a visitor sees nothing.
    let r = post(&app, "/api/leads/list", "{}", Some(&a)).await;
    assert!(
        r.body.contains("c@example.com") && r.body.contains("Reserved"),
        "{}",
        r.body
    );
    let r = post(&app, "/api/staff/credit-requests", "{}", Some(&staff)).await;
    assert!(
        r.body.contains("The client had already chosen."),
        "{}",
        r.body
    );
    let r = post(&app, "/api/leads/list", "{}", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Notifications are per person too.
    let r = post(&app, "/api/notifications/list", "{}", Some(&client)).await;
    assert!(r.body.contains(r#""items":[]"#), "{}", r.body);
}
