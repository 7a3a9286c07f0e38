//! The router over HTTP, in-process, against a fresh database per test:
//! the Origin check, POST-only server functions, health, and refusals.

mod common;
use common::*;

use app::error::AppError;
use axum::body::Body;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
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
    let body = r#"{"email":"x@example.com","password":"a good password","display_name":"Xavier","role":"client"}"#;
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
        let r = send(&app, b.body(Body::from(body)).unwrap()).await;
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
            .body(Body::from(body))
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
            r#"{"email":"a@example.com","password":"a good password","display_name":"Ann","role":"client"}"#,
            None,
        ))
        .await
        .unwrap();
    let set = res
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "not over plain http");
    let first = set.split(';').next().unwrap().to_owned();
    let login = post(
        &app,
        "/api/login",
        r#"{"email":"a@example.com","password":"a good password"}"#,
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
async fn a_visitor_gets_please_log_in(pool: PgPool) {
    let app = app(pool).await;
    for path in [
        "/api/projects/mine",
        "/api/feed",
        "/api/staff/queue",
        "/api/preferences/get",
    ] {
        let body = if path == "/api/feed" {
            r#"{"form":{"services":[],"regions":[],"budget_min":"","budget_max":"","words":"","page":""},"use_preferences":true}"#
        } else {
            "{}"
        };
        let r = post(&app, path, body, None).await;
        assert_eq!(error_of(&r), AppError::Unauthenticated, "{path}");
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let r = post(&app, "/api/projects/view", r#"{"id":"1"}"#, None).await;
    assert_eq!(error_of(&r), AppError::Unauthenticated);
}

#[sqlx::test(migrations = "../migrations")]
async fn roles_and_ownership_are_enforced_over_http(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, "client", "c@example.com").await;
    let other = sign_up(&app, "client", "d@example.com").await;
    let provider = sign_up(&app, "provider", "p@example.com").await;
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
        &format!(r#"{{"id":{id}}}"#),
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
        &format!(r#"{{"id":"{id}"}}"#),
        Some(&other),
    )
    .await;
    assert!(
        matches!(error_of(&r), AppError::NotFound(_)),
        "another client cannot read it"
    );
    let r = post(
        &app,
        "/api/projects/cancel",
        &format!(r#"{{"id":{id}}}"#),
        Some(&other),
    )
    .await;
    assert!(
        matches!(error_of(&r), AppError::NotFound(_)),
        "another client cannot cancel it"
    );

    let r = post(
        &app,
        "/api/staff/validate",
        &format!(r#"{{"id":{id}}}"#),
        Some(&staff),
    )
    .await;
    assert_eq!(r.body, r#""published""#);
    let r = post(
        &app,
        "/api/projects/cancel",
        &format!(r#"{{"id":{id}}}"#),
        Some(&staff),
    )
    .await;
    assert!(
        matches!(error_of(&r), AppError::Forbidden(_)),
        "staff can never cancel"
    );
    let r = post(
        &app,
        "/api/projects/view",
        r#"{"id":"abc"}"#,
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
        r#"{"id":"99999"}"#,
        Some(&provider),
    )
    .await;
    assert!(matches!(error_of(&r), AppError::NotFound(_)));
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = post(
        &app,
        "/api/projects/cancel",
        &format!(r#"{{"id":{id}}}"#),
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
    assert!(r.body.contains("Get projects done"));
    let r = send(
        &app,
        Request::get("/no/such/page")
            .header(header::HOST, SITE)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Page not found"));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_provider_never_reads_another_providers_credits(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, "client", "c@example.com").await;
    let a = sign_up(&app, "provider", "a@example.com").await;
    let b = sign_up(&app, "provider", "b@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let id = published_project(&app, &client, &staff).await;
    let grant = r#"{"provider_email":"a@example.com","kind":"contact","count":"2","reason":"welcome","refund":false,"key":"grant-key-0001"}"#;
    let r = post(&app, "/api/staff/credits", grant, Some(&a)).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a provider cannot grant credits"
    );
    post_ok(&app, "/api/staff/credits", grant, &staff).await;
    let spend = format!(r#"{{"project_id":{id},"kind":"contact","key":"spend-key-0001"}}"#);
    post_ok(&app, "/api/credits/spend", &spend, &a).await;

    // B sees none of A's unlocks, statement or balances.
    let r = post(
        &app,
        "/api/credits/access",
        &format!(r#"{{"project_id":{id}}}"#),
        Some(&b),
    )
    .await;
    let access: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(access["unlocked"], serde_json::json!([]));
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
        &format!(r#"{{"project_id":{id}}}"#),
        Some(&a),
    )
    .await;
    assert!(r.body.contains("c@example.com"), "{}", r.body);
    let r = post(&app, "/api/credits/spend", &spend, Some(&client)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_provider_never_reads_another_providers_leads_reservations_or_credit_requests(
    pool: PgPool,
) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, "client", "c@example.com").await;
    let a = sign_up(&app, "provider", "a@example.com").await;
    let b = sign_up(&app, "provider", "b@example.com").await;
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
    let top_up = r#"{"amount":"50","card":"4242 4242 4242 4242","key":"top-up-key-01"}"#;
    post_ok(&app, "/api/credits/top-up", top_up, &a).await;
    let buy = format!(r#"{{"project_id":{first},"key":"buy-key-0001"}}"#);
    post_ok(&app, "/api/leads/buy", &buy, &a).await;
    post_ok(
        &app,
        "/api/leads/reserve",
        &format!(r#"{{"project_id":{second}}}"#),
        &a,
    )
    .await;
    let request = format!(r#"{{"project_id":{first},"reason":"The client had already chosen."}}"#);
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
    let decide =
        format!(r#"{{"request_id":{request_id},"accept":true,"reason":"","key":"decide-key-01"}}"#);
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

#[sqlx::test(migrations = "../migrations")]
async fn project_files_are_checked_by_content_and_read_only_by_those_allowed(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, "client", "c@example.com").await;
    let other = sign_up(&app, "client", "o@example.com").await;
    let reader = sign_up(&app, "provider", "r@example.com").await;
    let stranger = sign_up(&app, "provider", "x@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let id = published_project(&app, &client, &staff).await;

    let pdf = b"%PDF-1.7\n% a tiny test document\n";
    let see = |outcome: &str| format!("/projects/{id}?upload={outcome}");
    assert_eq!(
        upload(&app, id, "spec.pdf", pdf, &client).await,
        (StatusCode::SEE_OTHER, see("ok"))
    );
    // A .pdf that is not a PDF, an oversized file, someone else's project.
    assert_eq!(
        upload(
            &app,
            id,
            "invoice.pdf",
            b"MZ\x90\x00 an executable",
            &client
        )
        .await
        .1,
        see("not_allowed")
    );
    let big = [b"%PDF-".as_slice(), &vec![b'x'; 6 * 1024 * 1024]].concat();
    assert_eq!(
        upload(&app, id, "big.pdf", &big, &client).await.1,
        see("too_big")
    );
    // Another client's project does not exist for them.
    assert_eq!(
        upload(&app, id, "spec.pdf", pdf, &other).await,
        (StatusCode::NOT_FOUND, String::new())
    );
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM project_files")
            .fetch_one(&pool)
            .await
            .unwrap(),
        1
    );
    let file_id: i64 = sqlx::query_scalar("SELECT id FROM project_files")
        .fetch_one(&pool)
        .await
        .unwrap();

    let get = |cookie: String| {
        Request::get(format!("/files/{file_id}"))
            .header(header::HOST, SITE)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    // The client and staff download it, as an attachment.
    for who in [&client, &staff] {
        let res = app.clone().oneshot(get(who.clone())).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers();
        assert_eq!(h[header::CONTENT_TYPE], "application/pdf");
        assert!(h[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"spec.pdf\""));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&body[..], pdf);
    }
    // Another client and a provider without the consultation unlock cannot:
    // for them the file does not exist.
    for who in [&other, &stranger] {
        let res = app.clone().oneshot(get(who.clone())).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let r = post(
        &app,
        "/api/projects/files",
        &format!(r#"{{"project_id":{id}}}"#),
        Some(&stranger),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The consultation unlock opens them.
    let grant = r#"{"provider_email":"r@example.com","kind":"consultation","count":"1","reason":"welcome","refund":false,"key":"grant-key-0002"}"#;
    post(&app, "/api/staff/credits", grant, Some(&staff)).await;
    let spend = format!(r#"{{"project_id":{id},"kind":"consultation","key":"spend-key-0002"}}"#);
    assert_eq!(
        post(&app, "/api/credits/spend", &spend, Some(&reader))
            .await
            .status,
        StatusCode::OK
    );
    let res = app.clone().oneshot(get(reader.clone())).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let r = post(
        &app,
        "/api/projects/files",
        &format!(r#"{{"project_id":{id}}}"#),
        Some(&reader),
    )
    .await;
    assert!(
        r.body.contains("spec.pdf") && r.body.contains(r#""can_upload":false"#),
        "{}",
        r.body
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn no_third_party_sees_or_touches_the_escrow_its_invoices_or_its_live_feed(pool: PgPool) {
    use app::services::{agreements, escrow};
    let app = app(pool.clone()).await;
    let client = sign_up(&app, "client", "c@example.com").await;
    let provider = sign_up(&app, "provider", "p@example.com").await;
    let other_client = sign_up(&app, "client", "oc@example.com").await;
    let other_provider = sign_up(&app, "provider", "op@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let id = published_project(&app, &client, &staff).await;
    let (c, p, s) = (
        user_by_email(&pool, "c@example.com").await,
        user_by_email(&pool, "p@example.com").await,
        user_by_email(&pool, "staff@example.com").await,
    );
    let key = || uuid::Uuid::new_v4().to_string();
    offer_from(&pool, &s, &p, id, "150").await;
    let terms = app::domain::agreement::AgreementForm {
        scope: "Build the shop with ten products and click and collect.".into(),
        amount: "150".into(),
        formula: "zero_risk".into(),
        tranches: vec![("Shop".into(), "150".into())],
        commission_payer: String::new(),
    };
    let now = time::OffsetDateTime::now_utc();
    let a = agreements::propose(
        &pool,
        &c,
        id,
        p.id,
        &terms,
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap();
    // Before confirmation, nobody has an escrow to see.
    let tab = format!(r#"{{"project_id":{id}}}"#);
    assert_eq!(
        post(&app, "/api/escrow/tab", &tab, Some(&client))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    agreements::confirm(&pool, &p, a, now).await.unwrap();
    let gw = app::services::gateway::Gateway::test();
    escrow::deposit(&pool, &gw, &c, id, 1, "150", "4242424242424242", &key())
        .await
        .unwrap();
    escrow::let_go(&pool, &c, id, escrow::Direction::Release, 1, "100", &key())
        .await
        .unwrap();

    // The tab: the parties and staff read it; others learn nothing.
    for who in [&client, &provider, &staff] {
        let r = post_ok(&app, "/api/escrow/tab", &tab, who).await;
        assert!(r.body.contains(r#""label":"Shop""#), "{}", r.body);
    }
    for who in [&other_client, &other_provider] {
        let r = post(&app, "/api/escrow/tab", &tab, Some(who)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(!r.body.contains("Shop"));
    }
    assert_eq!(
        post(&app, "/api/escrow/tab", &tab, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Moves: a third party gets nothing done, a wrong party is refused.
    let release = format!(
        r#"{{"project_id":{id},"tranche":1,"amount":"10","key":"{}"}}"#,
        key()
    );
    for who in [&other_client, &other_provider] {
        assert_eq!(
            post(&app, "/api/escrow/release", &release, Some(who))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let dispute = format!(r#"{{"project_id":{id},"reason":"Freezing a rival's money here."}}"#);
        assert_eq!(
            post(&app, "/api/escrow/dispute", &dispute, Some(who))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        post(&app, "/api/escrow/release", &release, Some(&provider))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let refund = format!(
        r#"{{"project_id":{id},"tranche":1,"amount":"10","key":"{}"}}"#,
        key()
    );
    assert_eq!(
        post(&app, "/api/escrow/refund", &refund, Some(&client))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let decide = format!(
        r#"{{"project_id":{id},"allocations":[],"note":"I decide for myself here.","key":"{}"}}"#,
        key()
    );
    assert_eq!(
        post(&app, "/api/escrow/decide", &decide, Some(&client))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&app, "/api/escrow/desk", "{}", Some(&provider))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // The live feed: parties get an event stream that starts with "ready".
    assert_eq!(
        send(&app, get(&format!("/live/escrow/{id}"), None))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    for who in [&other_client, &other_provider] {
        let res = app
            .clone()
            .oneshot(get(&format!("/live/escrow/{id}"), Some(who)))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let res = app
        .clone()
        .oneshot(get(&format!("/live/escrow/{id}"), Some(&provider)))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = res.into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert!(
        String::from_utf8_lossy(&first).contains("event: ready"),
        "{first:?}"
    );

    // Payout requests: a PDF by content, within what was released, by the provider.
    let path = format!("/files/payouts/{id}");
    let see = |outcome: &str| format!("/projects/{id}?payout={outcome}");
    let pdf: &[u8] = b"%PDF-1.7\n% an invoice\n";
    let big = [b"%PDF-".as_slice(), &vec![b'x'; 6 * 1024 * 1024]].concat();
    let fifty = [("amount", "50")];
    let keyed = [("amount", "50"), ("key", "payout-key-0001")];
    let redirected = |outcome: &str| (StatusCode::SEE_OTHER, see(outcome));
    let refused = |status: StatusCode| (status, String::new());
    // (fields, file name, bytes, who, expected status and redirect); the
    // keyed form is sent twice.
    type Case<'a> = (
        &'a [(&'a str, &'a str)],
        &'a str,
        &'a [u8],
        &'a String,
        (StatusCode, String),
    );
    let cases: [Case; 7] = [
        (
            &fifty,
            "invoice.pdf",
            b"<html>not a pdf</html>",
            &provider,
            redirected("not_allowed"),
        ),
        (&fifty, "big.pdf", &big, &provider, redirected("too_big")),
        (
            &[("amount", "100.01")],
            "invoice.pdf",
            pdf,
            &provider,
            redirected("amount"),
        ),
        (
            &fifty,
            "invoice.pdf",
            pdf,
            &client,
            refused(StatusCode::FORBIDDEN),
        ),
        (
            &fifty,
            "invoice.pdf",
            pdf,
            &other_provider,
            refused(StatusCode::NOT_FOUND),
        ),
        (&keyed, "invoice.pdf", pdf, &provider, redirected("ok")),
        (&keyed, "invoice.pdf", pdf, &provider, redirected("ok")),
    ];
    for (fields, name, bytes, who, expected) in cases {
        let got = multipart(&app, &path, fields, ("invoice", name, bytes), who).await;
        assert_eq!(got, expected, "{fields:?} {name}");
    }
    let payouts: Vec<i64> = sqlx::query_scalar("SELECT id FROM payouts")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(payouts.len(), 1, "the same form sent twice files once");

    // The invoice: the parties and staff download it as an attachment.
    let invoice = format!("/files/invoices/{}", payouts[0]);
    for who in [&client, &provider, &staff] {
        let res = app.clone().oneshot(get(&invoice, Some(who))).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment"));
        assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    for who in [&other_client, &other_provider] {
        assert_eq!(
            send(&app, get(&invoice, Some(who))).await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        send(&app, get(&invoice, None)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let paid = format!(
        r#"{{"payout_id":{},"reference":"VIR-2026-0001"}}"#,
        payouts[0]
    );
    assert_eq!(
        post(&app, "/api/escrow/mark-paid", &paid, Some(&provider))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    post_ok(&app, "/api/escrow/mark-paid", &paid, &staff).await;
}
