//! The shell around the rules, over HTTP: the security headers on every
//! response, where a request comes from (trusted proxies), and the limits
//! each person meets (sign-ups per address, live streams per person, live
//! streams ended by logging out).

use crate::common::*;

use axum::body::Body;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use server::live::LiveFeed;
use server::Site;
use sqlx::PgPool;
use std::time::Duration;
use tower::ServiceExt;

fn page(path: &str, cookie: Option<&str>) -> Request<Body> {
    get(path, cookie)
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_carry_a_nonce_policy_and_no_framing_sniffing_or_referrer(pool: PgPool) {
    let app = app(pool.clone()).await;
    let res = app.clone().oneshot(page("/login", None)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    let html =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let csp = h[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    // The page's one inline script carries the nonce its policy allows.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(nonce.len() >= 16, "{csp}");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script has the nonce"
    );
    for script in html.split("<script").skip(1) {
        assert!(
            script.starts_with(&format!(" type=\"module\" nonce=\"{nonce}\""))
                || script.contains(&format!("nonce=\"{nonce}\"")),
            "a script without the nonce: <script{:.80}",
            script
        );
    }
    for part in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{part} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "same-origin");
    assert!(
        h.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
        "no HSTS over http"
    );
    // A visitor's page may be revalidated; a signed-in person's is never stored.
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    let cookie = sign_up(&app, &pool, "client", "c@example.com").await;
    let res = app
        .clone()
        .oneshot(page("/my/projects", Some(&cookie)))
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    // Each response its own nonce.
    let again = app.clone().oneshot(page("/login", None)).await.unwrap();
    assert_ne!(
        again.headers()[header::CONTENT_SECURITY_POLICY],
        csp.as_str()
    );
    // Server-function answers are never stored either, and not-found pages
    // are pages like the others.
    let r = app
        .clone()
        .oneshot(call("/api/me", "{}", Some(&cookie)))
        .await
        .unwrap();
    assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(r.headers()[header::X_FRAME_OPTIONS], "DENY");
    let r = app
        .clone()
        .oneshot(page("/no/such/page", None))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("'nonce-"));
}

#[sqlx::test(migrations = "../migrations")]
async fn over_https_browsers_are_told_to_stay_on_https(pool: PgPool) {
    let site = Site {
        https: true,
        ..Site::default()
    };
    let app = app_with(pool, site, LiveFeed::default()).await;
    let res = app.clone().oneshot(page("/", None)).await.unwrap();
    assert_eq!(
        res.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
}

/// The address a failed login was counted under.
async fn counted_address(pool: &PgPool) -> String {
    let key: String = sqlx::query_scalar("SELECT key FROM rate_limits WHERE bucket = 'login'")
        .fetch_one(pool)
        .await
        .unwrap();
    key.split('|').nth(1).unwrap().to_owned()
}

async fn wrong_login(app: &axum::Router, peer: &str, forwarded: Option<&str>) {
    let mut req = call(
        "/api/login",
        r#"{"email":"ann@example.com","password":"wrong password"}"#,
        None,
    );
    if let Some(f) = forwarded {
        req.headers_mut()
            .insert("x-forwarded-for", f.parse().unwrap());
    }
    let r = send(app, from_peer(req, peer)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_client_address_comes_from_forwarded_for_only_behind_a_trusted_proxy(pool: PgPool) {
    // Without a trusted proxy the header is the client's word: ignored.
    let app = app(pool.clone()).await;
    wrong_login(&app, "203.0.113.7", Some("1.2.3.4")).await;
    assert_eq!(counted_address(&pool).await, "203.0.113.7");
    sqlx::query("DELETE FROM rate_limits")
        .execute(&pool)
        .await
        .unwrap();

    // Behind our proxy, the address it saw (the last one it appended).
    let site = Site {
        trusted_proxies: server::config::parse_proxies("10.0.0.0/8").unwrap(),
        ..Site::default()
    };
    let app = app_with(pool.clone(), site, LiveFeed::default()).await;
    wrong_login(&app, "10.0.0.5", Some("6.6.6.6, 198.51.100.9")).await;
    assert_eq!(counted_address(&pool).await, "198.51.100.9");
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_ups_from_one_address_are_limited_and_told_when_to_come_back(pool: PgPool) {
    let app = app(pool.clone()).await;
    let body = |i: usize| {
        format!(
            r#"{{"email":"p{i}@example.com","password":"a good password","display_name":"Someone","role":"client","accept_terms":true}}"#
        )
    };
    let limit = app::domain::rate_limit::Limits::default()
        .signups_per_address
        .max as usize;
    for i in 0..limit {
        let r = send(
            &app,
            from_peer(call("/api/signup", body(i), None), "198.51.100.1"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = send(
        &app,
        from_peer(call("/api/signup", body(99), None), "198.51.100.1"),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains(r#"["TooManySignups",60]"#), "{}", r.body);
    let r = send(
        &app,
        from_peer(call("/api/signup", body(99), None), "198.51.100.2"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "another address may");
}

#[sqlx::test(migrations = "../migrations")]
async fn uploads_wait_for_validation(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let id: i64 = post_ok(&app, "/api/projects/post", &project_json(), &client)
        .await
        .body
        .parse()
        .unwrap();
    let (status, location) = upload(&app, id, "spec.pdf", b"%PDF-1.4\n", &client).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/projects/{id}?upload=closed"));
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM project_files")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

/// A live stream of `project` for `cookie`: its status and, while it is
/// open, its body.
async fn watch(app: &axum::Router, project: i64, cookie: &str) -> (StatusCode, Body) {
    let res = app
        .clone()
        .oneshot(get(&format!("/live/escrow/{project}"), Some(cookie)))
        .await
        .unwrap();
    (res.status(), res.into_body())
}

#[sqlx::test(migrations = "../migrations")]
async fn live_streams_are_capped_per_person_and_end_when_they_log_out(pool: PgPool) {
    let feed = LiveFeed::new(3).with_session_check(Duration::from_millis(200));
    let app = app_with(pool.clone(), Site::default(), feed).await;
    let s = escrow_between_two_people(&app, &pool).await;
    let mut open = vec![];
    for _ in 0..3 {
        let (status, body) = watch(&app, s.project, &s.client).await;
        assert_eq!(status, StatusCode::OK);
        open.push(body);
    }
    let (status, _) = watch(&app, s.project, &s.client).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a fourth tab is refused"
    );
    // Another person is not counted against the first.
    let (status, _) = watch(&app, s.project, &s.provider).await;
    assert_eq!(status, StatusCode::OK);
    // Closing a tab frees its place.
    drop(open.pop());
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (status, body) = watch(&app, s.project, &s.client).await;
    assert_eq!(status, StatusCode::OK);
    open.push(body);

    // Logging out ends every stream of that session.
    post_ok(&app, "/api/logout", "{}", &s.client).await;
    for body in open {
        let ended = tokio::time::timeout(Duration::from_secs(5), async move {
            let mut body = body;
            while let Some(frame) = body.frame().await {
                if frame.is_err() {
                    break;
                }
            }
        })
        .await;
        assert!(ended.is_ok(), "a stream outlived its session");
    }
}

struct Escrowed {
    project: i64,
    client: String,
    provider: String,
}

/// A zero-risk project agreed between a client and a provider who both
/// have a session.
/// Waits for a live stream to end; false if it is still going after 5 s.
async fn ends(body: Body) -> bool {
    tokio::time::timeout(Duration::from_secs(5), async move {
        let mut body = body;
        while let Some(frame) = body.frame().await {
            if frame.is_err() {
                break;
            }
        }
    })
    .await
    .is_ok()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_live_stream_ends_when_its_session_is_signed_out_from_elsewhere(pool: PgPool) {
    let feed = LiveFeed::new(3).with_session_check(Duration::from_millis(200));
    let app = app_with(pool.clone(), Site::default(), feed).await;
    let s = escrow_between_two_people(&app, &pool).await;
    let login = r#"{"email":"c@example.com","password":"a good password"}"#;
    let laptop = post(&app, "/api/login", login, None).await.cookie.unwrap();
    let (status, stream) = watch(&app, s.project, &laptop).await;
    assert_eq!(status, StatusCode::OK);
    let (_, kept) = watch(&app, s.project, &s.client).await;
    // From the first browser, sign the laptop out by its row on the
    // sessions list.
    let list = post_ok(&app, "/api/account/sessions", "{}", &s.client).await;
    let sessions: Vec<serde_json::Value> = serde_json::from_str(&list.body).unwrap();
    assert_eq!(sessions.len(), 2, "{}", list.body);
    let other = sessions.iter().find(|v| v["current"] == false).unwrap();
    let body = serde_json::json!({ "id": other["id"] }).to_string();
    post_ok(
        &app,
        "/api/account/sign-out-session",
        body.as_str(),
        &s.client,
    )
    .await;
    assert!(
        ends(stream).await,
        "the laptop's stream outlived its session"
    );
    assert_eq!(
        post(&app, "/api/me", "{}", Some(&laptop)).await.body,
        "null"
    );
    // This browser's stream and session go on.
    assert!(post(&app, "/api/me", "{}", Some(&s.client))
        .await
        .body
        .contains("c@example.com"));
    drop(kept);
    // Log out everywhere: this browser too.
    let (_, last) = watch(&app, s.project, &s.client).await;
    let r = post(
        &app,
        "/api/account/log-out-everywhere",
        "{}",
        Some(&s.client),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(ends(last).await, "a stream outlived log-out-everywhere");
    assert_eq!(
        post(&app, "/api/me", "{}", Some(&s.client)).await.body,
        "null"
    );
}

async fn escrow_between_two_people(app: &axum::Router, pool: &PgPool) -> Escrowed {
    use app::services::agreements;
    let client = sign_up(app, pool, "client", "c@example.com").await;
    let provider = sign_up(app, pool, "provider", "p@example.com").await;
    let staff = staff_cookie(app, pool).await;
    let project = published_project(app, &client, &staff).await;
    let (c, p, s) = (
        user_by_email(pool, "c@example.com").await,
        user_by_email(pool, "p@example.com").await,
        user_by_email(pool, "staff@example.com").await,
    );
    offer_from(pool, &s, &p, project, "150").await;
    let terms = app::domain::agreement::AgreementForm {
        scope: "Build the shop with ten products and click and collect.".into(),
        amount: "150".into(),
        formula: "zero_risk".into(),
        tranches: vec![("Shop".into(), "150".into())],
        commission_payer: String::new(),
        confirmation: app::domain::agreement::confirmation_phrase(app::domain::locale::Lang::Fr)
            .into(),
    };
    let now = time::OffsetDateTime::now_utc();
    let a = agreements::propose(
        pool,
        &c,
        project,
        p.id,
        &terms,
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap();
    agreements::confirm(pool, &p, a, now).await.unwrap();
    Escrowed {
        project,
        client,
        provider,
    }
}

/// The fee rates are configuration read once at start-up: an agreement
/// proposed through the site records the site's rates.
#[sqlx::test]
async fn new_agreements_take_the_rates_the_site_was_started_with(pool: PgPool) {
    let site = Site {
        fee_rates: app::domain::agreement::FeeRates {
            connection_bp: 450,
            zero_risk_bp: 275,
        },
        ..Site::default()
    };
    let app = app_with(pool.clone(), site, server::live::LiveFeed::default()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    sign_up(&app, &pool, "provider", "p@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let project = published_project(&app, &client, &staff).await;
    let (p, s) = (
        user_by_email(&pool, "p@example.com").await,
        user_by_email(&pool, "staff@example.com").await,
    );
    offer_from(&pool, &s, &p, project, "150").await;
    let body = serde_json::json!({
        "project_id": project,
        "provider_id": p.id,
        "form": {
            "scope": "Build the shop with ten products and click and collect.",
            "amount": "150",
            "formula": "zero_risk",
            "tranches": [["Shop", "150"]],
            "commission_payer": "client",
            "confirmation": "seul l'argent depose est garanti"
        }
    });
    post_ok(&app, "/api/agreements/propose", &body.to_string(), &client).await;
    let rates = sqlx::query!(
        "SELECT connection_rate_bp, zero_risk_rate_bp FROM agreements WHERE project_id = $1",
        project
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (rates.connection_rate_bp, rates.zero_risk_rate_bp),
        (450, 275)
    );
}

/// The next event named in `body` within `wait`, if any ("ready",
/// "changed"); keep-alive comments are skipped.
async fn next_event(body: &mut Body, wait: Duration) -> Option<String> {
    tokio::time::timeout(wait, async {
        while let Some(Ok(frame)) = body.frame().await {
            let Ok(data) = frame.into_data() else {
                continue;
            };
            let text = String::from_utf8_lossy(&data).to_string();
            if let Some(name) = text.lines().find_map(|l| l.strip_prefix("event: ")) {
                return Some(name.trim().to_string());
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_person_hears_their_own_changes_from_any_instance_and_no_one_else_s(pool: PgPool) {
    // Two instances on one database, each with its own listener.
    let (one, two) = (LiveFeed::new(4), LiveFeed::new(4));
    let listeners = [one.listen(pool.clone()), two.listen(pool.clone())];
    let first = app_with(pool.clone(), Site::default(), one).await;
    let second = app_with(pool.clone(), Site::default(), two).await;
    let client = sign_up(&first, &pool, "client", "c@example.com").await;
    let provider = sign_up(&first, &pool, "provider", "p@example.com").await;
    assert_eq!(
        send(&first, get("/live/me", None)).await.status,
        StatusCode::UNAUTHORIZED
    );

    let open = |app: &axum::Router, cookie: &str| {
        let request = get("/live/me", Some(cookie));
        let app = app.clone();
        async move {
            let res = app.oneshot(request).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.into_body()
        }
    };
    let mut mine = open(&second, &client).await;
    let mut theirs = open(&first, &provider).await;
    assert_eq!(
        next_event(&mut mine, Duration::from_secs(5))
            .await
            .as_deref(),
        Some("ready")
    );
    assert_eq!(
        next_event(&mut theirs, Duration::from_secs(5))
            .await
            .as_deref(),
        Some("ready")
    );
    // Each listener reports "maybe everything changed" once it is listening.
    while next_event(&mut mine, Duration::from_millis(700))
        .await
        .is_some()
    {}
    while next_event(&mut theirs, Duration::from_millis(700))
        .await
        .is_some()
    {}

    // Something happens to the client, written through neither instance.
    let c = user_by_email(&pool, "c@example.com").await;
    let mut tx = pool.begin().await.unwrap();
    let told = app::domain::msg::NoticeMsg::OfferMade {
        name: "Paul".into(),
        title: "A site".into(),
    };
    app::services::notifications::notify(&mut tx, c.id, "offer_received", told, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        next_event(&mut mine, Duration::from_secs(5))
            .await
            .as_deref(),
        Some("changed"),
        "the client's stream on the other instance hears it"
    );
    assert_eq!(
        next_event(&mut theirs, Duration::from_secs(1)).await,
        None,
        "the provider hears nothing of the client's change"
    );

    // A rolled-back change is never heard.
    let mut tx = pool.begin().await.unwrap();
    app::services::notifications::notify(
        &mut tx,
        c.id,
        "offer_received",
        app::domain::msg::NoticeMsg::Selected,
        None,
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(next_event(&mut mine, Duration::from_secs(1)).await, None);
    for l in listeners {
        l.abort();
    }
}
