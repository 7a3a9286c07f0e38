//! Credits over HTTP: a provider reads only their own.

use crate::common::*;
use http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn a_provider_never_reads_another_providers_credits(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let a = sign_up(&app, &pool, "provider", "a@example.com").await;
    let b = sign_up(&app, &pool, "provider", "b@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let id = published_project(&app, &client, &staff).await;
    let grant = json!({"provider_email":"a@example.com","kind":"contact","count":"2","reason":"welcome","refund":false,"key":"grant-key-0001"});
    let r = post(&app, "/api/staff/credits", &grant, Some(&a)).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a provider cannot grant credits"
    );
    post_ok(&app, "/api/staff/credits", &grant, &staff).await;
    let spend = json!({"project_id":id,"kind":"contact","key":"spend-key-0001"});
    post_ok(&app, "/api/credits/spend", &spend, &a).await;

    // B sees none of A's unlocks, statement or balances.
    let r = post(
        &app,
        "/api/credits/access",
        json!({"project_id":id}),
        Some(&b),
    )
    .await;
    let access: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(access["unlocked"], json!([]));
    assert_eq!(
        access["contact"],
        serde_json::Value::Null,
        "the client's details stay hidden"
    );
    let r = post(&app, "/api/credits/statement", "{}", Some(&b)).await;
    assert_eq!(r.body, "[]");
    let r = post(&app, "/api/credits/balances", "{}", Some(&b)).await;
    assert!(r.body.contains(r#""contact":0"#), "{}", r.body);
    // B replaying A's key spends B's own (absent) credits: keys are per person.
    let r = post(&app, "/api/credits/spend", &spend, Some(&b)).await;
    assert_eq!(r.status, StatusCode::PAYMENT_REQUIRED);
    // A sees the client's details; the client cannot spend credits.
    let r = post(
        &app,
        "/api/credits/access",
        json!({"project_id":id}),
        Some(&a),
    )
    .await;
    assert!(r.body.contains("c@example.com"), "{}", r.body);
    let r = post(&app, "/api/credits/spend", &spend, Some(&client)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
