//! Escrow over HTTP: no third party sees or touches it, its invoices or its live feed.

use crate::common::*;
use http::{header, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use sqlx::PgPool;
use tower::ServiceExt;

#[sqlx::test(migrations = "../migrations")]
async fn no_third_party_sees_or_touches_the_escrow_its_invoices_or_its_live_feed(pool: PgPool) {
    use app::services::{agreements, escrow};
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let provider = sign_up(&app, &pool, "provider", "p@example.com").await;
    let other_client = sign_up(&app, &pool, "client", "oc@example.com").await;
    let other_provider = sign_up(&app, &pool, "provider", "op@example.com").await;
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
        confirmation: app::domain::agreement::confirmation_phrase(app::domain::locale::Lang::Fr)
            .into(),
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
    let tab = json!({"project_id":id});
    assert_eq!(
        post(&app, "/api/escrow/tab", &tab, Some(&client))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    agreements::confirm(&pool, &p, a, now).await.unwrap();
    let gw = app::services::gateway::Gateway::test();
    let acting = app::services::acting::Acting::new(pool.clone(), gw, c.clone());
    let funded = escrow::Deposit::parse(id, 1, "150", "4242424242424242", &key()).unwrap();
    escrow::deposit(&acting, funded).await.unwrap();
    let release = escrow::Direction::Release;
    let released = escrow::LetGo::parse(id, release, 1, "100", &key()).unwrap();
    escrow::let_go(&acting, released).await.unwrap();

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
    let release = json!({"project_id":id,"tranche":1,"amount":"10","key":key()});
    for who in [&other_client, &other_provider] {
        assert_eq!(
            post(&app, "/api/escrow/release", &release, Some(who))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let dispute = json!({"project_id":id,"reason":"Freezing a rival's money here."});
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
    let refund = json!({"project_id":id,"tranche":1,"amount":"10","key":key()});
    assert_eq!(
        post(&app, "/api/escrow/refund", &refund, Some(&client))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let decide =
        json!({"project_id":id,"allocations":[],"note":"I decide for myself here.","key":key()});
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
    let paid = json!({"payout_id":payouts[0],"reference":"VIR-2026-0001"});
    assert_eq!(
        post(&app, "/api/escrow/mark-paid", &paid, Some(&provider))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    post_ok(&app, "/api/escrow/mark-paid", &paid, &staff).await;
}
