//! Requests a browser never sends: bodies too large, malformed bodies for
//! every server function, and what comes back to each of them. Every one is
//! a 4xx with a message, and nothing changes.

mod common;
use common::*;

use axum::body::Body;
use http::{header, Request, StatusCode};
use sqlx::PgPool;

/// A digest of everything a request could change: row counts of every
/// table of ours (sessions and attempt counters aside, which a refused
/// request may legitimately touch).
async fn digest(pool: &PgPool) -> String {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            AND table_name NOT IN ('_sqlx_migrations', 'rate_limits')
          ORDER BY table_name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = String::new();
    for t in tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t}"))
            .fetch_one(pool)
            .await
            .unwrap();
        out.push_str(&format!("{t}={n} "));
    }
    out
}

/// Every server function the router knows, by path.
fn endpoints() -> Vec<String> {
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[sqlx::test(migrations = "../migrations")]
async fn oversized_bodies_are_413_before_they_are_read(pool: PgPool) {
    let app = app(pool.clone()).await;
    let before = digest(&pool).await;
    // A declared 256 MiB body is refused unread (this body is empty: the
    // answer comes before anything would be read).
    let r = send(
        &app,
        Request::post("/api/login")
            .header(header::HOST, SITE)
            .header(header::ORIGIN, format!("http://{SITE}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, 256 * 1024 * 1024)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("RequestTooLarge"), "{}", r.body);
    // A body without a declared length is cut at the limit.
    let chunks = (0..64).map(|_| Ok::<_, std::io::Error>(vec![b' '; 16 * 1024]));
    let r = send(
        &app,
        Request::post("/api/signup")
            .header(header::HOST, SITE)
            .header(header::ORIGIN, format!("http://{SITE}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from_stream(futures_util::stream::iter(chunks)))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Pages and live feeds too.
    for path in ["/login", "/live/escrow/1", "/files/1"] {
        let r = send(
            &app,
            Request::get(path)
                .header(header::HOST, SITE)
                .header(header::CONTENT_LENGTH, 1024 * 1024)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
    }
    assert_eq!(digest(&pool).await, before);
}

/// Bodies that are not the arguments of any server function.
const MALFORMED: &[&str] = &[
    "",
    "{",
    "{\"",
    "[]",
    "[1,2]",
    "\"text\"",
    "null",
    "42",
    "true",
    "{\"\u{0}\":1}",
    "\u{0}",
    "{} trailing",
];

#[sqlx::test(migrations = "../migrations")]
async fn malformed_bodies_are_400_for_every_server_function_and_change_nothing(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let before = digest(&pool).await;
    let paths = endpoints();
    assert!(paths.len() >= 60, "{paths:?}");
    for path in &paths {
        for cookie in [None, Some(client.as_str()), Some(staff.as_str())] {
            for body in MALFORMED {
                let r = post(&app, path, *body, cookie).await;
                // A function without arguments may accept any body: then it
                // answers as it always does, never with a 5xx.
                assert!(
                    r.status.is_client_error() || r.status == StatusCode::OK,
                    "{path} with {body:?}: {} {}",
                    r.status,
                    r.body
                );
                assert!(!r.status.is_server_error(), "{path} {body:?}");
                if r.status == StatusCode::BAD_REQUEST {
                    let e = error_of(&r);
                    assert!(
                        matches!(e, app::error::AppError::BadRequest(_)),
                        "{path}: {e:?}"
                    );
                }
            }
        }
    }
    assert_eq!(digest(&pool).await, before);
}

/// One line per server function: a well-formed body naming nothing that
/// exists. Every value in it is then replaced by values of the wrong type,
/// huge, negative, NUL and control characters. A new server function
/// without a line here fails the test below.
#[rustfmt::skip]
const SAMPLES: &[(&str, &str)] = &[
    // A language the product does not speak, and a way back off the site.
    ("lang", r#"{"lang":"de","back":"https://elsewhere.example/"}"#),
    ("help/index", r#"{"lang":"fr"}"#),
    ("help/search", r#"{"lang":"fr","q":"mot passe"}"#),
    ("help/article", r#"{"lang":"en","slug":"no-such-question"}"#),
    ("staff/help/edit", r#"{"slug":"no-such-question"}"#),
    // Wrong everywhere: a slug, a section, empty texts.
    ("staff/help/save", r#"{"form":{"slug":"Bad Slug","section":"faq","link":"//x","fr_question":"","fr_answer":"","en_question":"","en_answer":""}}"#),
    ("pages/info", r#"{"lang":"fr","slug":"nowhere"}"#),
    ("contact", r#"{"form":{"name":"","email":"nope","topic":"fax","body":""}}"#),
    ("staff/inbox", "{}"),
    ("staff/inbox/reply", r#"{"message_id":987654321,"reply":""}"#),
    ("terms", r#"{"lang":"fr","version":99}"#),
    ("terms/accept", r#"{"version":99}"#),
    ("staff/terms/publish", r#"{"form":{"summary_fr":"","summary_en":"x","body_fr":"","body_en":""}}"#),
    // An address with no account: a reset request for it changes nothing.
    ("account/forgot", r#"{"email":"nobody@example.com"}"#),
    // Everyone here is verified already: refused.
    ("account/resend", "{}"),
    ("account/reset", r#"{"token":"abc","password":"a brand new password"}"#),
    ("account/verify", r#"{"token":"abc"}"#),
    ("account/name", r#"{"display_name":"x"}"#),
    // Both wrong: the current password, and a new one too short.
    ("account/password", r#"{"current_password":"wrong password","new_password":"short"}"#),
    ("account/sign-out-others", "{}"),
    ("account/log-out-everywhere", "{}"),
    ("account/sessions", "{}"),
    ("account/sign-out-session", r#"{"id":"00000000-0000-4000-8000-000000000000"}"#),
    ("account/email", r#"{"new_email":"new@example.com","current_password":"wrong password"}"#),
    ("account/confirm-email", r#"{"token":"abc"}"#),
    ("account/deletion-blockers", "{}"),
    ("account/delete", r#"{"current_password":"wrong password"}"#),
    ("notifications/save-settings", r#"{"choices":["offer_read:fax"],"digest_hour":"25"}"#),
    ("notifications/settings", "{}"),
    ("staff/outbox", "{}"),
    ("staff/outbox/retry", r#"{"id":999999}"#),
    ("agreements/confirm", r#"{"agreement_id":1}"#),
    ("agreements/contenders", r#"{"project_id":1}"#),
    ("agreements/for-project", r#"{"project_id":1}"#),
    ("agreements/propose", r#"{"project_id":1,"provider_id":2,"form":{"scope":"Design and build the site, two rounds.","amount":"100","formula":"zero_risk","tranches":[["Design","100"]],"commission_payer":"client"}}"#),
    ("agreements/withdraw", r#"{"agreement_id":1}"#),
    ("credits/access", r#"{"project_id":1}"#),
    ("credits/balances", "{}"),
    ("credits/spend", r#"{"project_id":1,"kind":"offer","key":"abcdefgh-1"}"#),
    ("credits/statement", "{}"),
    // Two fields wrong, so that no single replacement makes a valid request.
    ("credits/top-up", r#"{"amount":"1","card":"4000 0000 0000 0002","key":"abcdefgh-2"}"#),
    ("escrow/decide", r#"{"project_id":1,"allocations":[{"to_provider":"1","to_client":"0"}],"note":"A decision of ten characters.","key":"abcdefgh-3"}"#),
    ("escrow/deposit", r#"{"project_id":1,"tranche":1,"amount":"10","card":"4000 0000 0000 0002","key":"abcdefgh-4"}"#),
    ("escrow/desk", "{}"),
    ("escrow/dispute", r#"{"project_id":1,"reason":"Nothing was delivered at all."}"#),
    ("escrow/mark-paid", r#"{"payout_id":1,"reference":"VIR-0001"}"#),
    ("escrow/refund", r#"{"project_id":1,"tranche":1,"amount":"1","key":"abcdefgh-5"}"#),
    ("escrow/release", r#"{"project_id":1,"tranche":1,"amount":"1","key":"abcdefgh-6"}"#),
    ("escrow/tab", r#"{"project_id":1}"#),
    ("feed", r#"{"form":{"services":[],"regions":[],"budget_min":"","budget_max":"","words":"","page":""},"use_preferences":false}"#),
    ("fees/answer", r#"{"project_id":1,"accept":true}"#),
    ("fees/for-project", r#"{"project_id":1}"#),
    ("fees/pay", r#"{"project_id":1,"kind":"connection","card":"4000 0000 0000 0002","key":"abcdefgh-7"}"#),
    ("fees/revise", r#"{"project_id":1,"amount":"10","reason":"Less work than planned."}"#),
    ("leads/buy", r#"{"project_id":1,"key":"abcdefgh-8"}"#),
    ("leads/credit-request", r#"{"project_id":1,"reason":"The client had already chosen."}"#),
    ("leads/credit-requests", "{}"),
    ("leads/list", "{}"),
    ("leads/refuse", r#"{"project_id":1}"#),
    ("leads/reserve", r#"{"project_id":1}"#),
    ("login", r#"{"email":"nobody@example.com","password":"not the password"}"#),
    ("logout", "{}"),
    ("me", "{}"),
    ("notifications/list", "{}"),
    ("notifications/read", r#"{"up_to":0}"#),
    ("notifications/unread", "{}"),
    ("dashboard", "{}"),
    ("projects/hide", r#"{"project_id":987654321}"#),
    ("projects/unhide", r#"{"project_id":987654321}"#),
    ("projects/hidden", "{}"),
    ("staff/search", r#"{"q":"nothing is called this"}"#),
    ("staff/person", r#"{"id":987654321}"#),
    ("staff/suspension", r#"{"id":987654321,"suspend":true,"reason":"A reason long enough."}"#),
    ("staff/fees", "{}"),
    ("certification/mine", "{}"),
    ("certification/apply", r#"{"form":{"name":["A"],"company":[],"email":[],"phone":[],"project":[],"amount":[],"year":[]}}"#),
    ("staff/certifications", "{}"),
    ("staff/certifications/check", r#"{"id":987654321,"position":1,"outcome":"confirmed","notes":""}"#),
    ("staff/certifications/decide", r#"{"id":987654321,"certify":false,"reason":"A reason long enough."}"#),
    ("staff/certifications/revoke", r#"{"provider_id":987654321,"reason":"A reason long enough."}"#),
    ("profile/edit", "{}"),
    // Two fields wrong for each role, so no single change makes it valid.
    ("profile/save", r#"{"form":{"description":"x","skills":["nope"],"regions":[],"day_rate_min":"1","day_rate_max":"","languages":"","company":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","city":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}"#),
    ("profile/portfolio/add", r#"{"form":{"title":"x","text":"","link":"javascript:alert(1)"}}"#),
    ("profile/portfolio/remove", r#"{"item_id":987654321}"#),
    ("profile/images/remove", r#"{"image_id":987654321}"#),
    ("staff/waive-fee", r#"{"project_id":987654321,"kind":"connection","reason":"A reason long enough."}"#),
    ("offers/list", r#"{"project_id":1}"#),
    ("offers/open", r#"{"offer_id":1}"#),
    ("offers/save", r#"{"project_id":1,"form":{"amount":"100","duration_days":"10","message":"I can do it next week."}}"#),
    ("people/profile", r#"{"person_id":1}"#),
    ("people/visibility", r#"{"public":false}"#),
    ("plans", "{}"),
    ("plans/renewal", r#"{"renews":true}"#),
    ("plans/subscribe", r#"{"plan":"no-such-plan","card":"4000 0000 0000 0002","key":"abcdefgh-9"}"#),
    ("preferences/get", "{}"),
    ("preferences/save", r#"{"services":["legal"],"regions":["corse"],"budget_min":"abc","budget_max":"xyz"}"#),
    ("projects/cancel", r#"{"id":1}"#),
    ("projects/complete", r#"{"project_id":1}"#),
    ("projects/completion", r#"{"project_id":1}"#),
    ("projects/files", r#"{"project_id":1}"#),
    ("projects/mine", "{}"),
    ("projects/notes", r#"{"project_id":1}"#),
    ("projects/post", r#"{"form":{"title":"","description":"","services":[],"region":"","budget_min":"","budget_max":"","desired_start":""}}"#),
    ("projects/rate", r#"{"project_id":1,"stars":5,"comment":"Great work."}"#),
    ("projects/thread", r#"{"project_id":1}"#),
    ("projects/thread/write", r#"{"project_id":1,"body":"A question?"}"#),
    ("projects/view", r#"{"id":"1"}"#),
    ("signup", r#"{"email":"","password":"","display_name":"","role":"client"}"#),
    ("staff/credit-requests", "{}"),
    ("staff/credit-requests/decide", r#"{"request_id":1,"accept":false,"reason":"Not this time.","key":"abcdefgh-10"}"#),
    ("staff/credits", r#"{"provider_email":"nobody@example.com","kind":"offer","count":"1","reason":"welcome","refund":false,"key":"abcdefgh-11"}"#),
    ("staff/projects/create", r#"{"form":{"project":{"title":"","description":"","services":[],"region":"","budget_min":"","budget_max":"","desired_start":""},"client_email":"nobody@example.com","client_name":""}}"#),
    ("staff/leads/create", r#"{"form":{"project":{"title":"","description":"","services":[],"region":"","budget_min":"","budget_max":"","desired_start":""},"client_email":"nobody@example.com","price":"","cap":"","half_price":false}}"#),
    ("staff/notes/add", r#"{"project_id":1,"body":"Called the client."}"#),
    ("staff/queue", "{}"),
    ("staff/reject", r#"{"id":1,"reason":"Please describe the pages."}"#),
    ("staff/validate", r#"{"id":1}"#),
];

/// What each value in a sample is replaced with, one at a time.
fn mutations() -> Vec<serde_json::Value> {
    use serde_json::json;
    vec![
        json!(null),
        json!(-1),
        json!(0),
        json!(9_223_372_036_854_775_807i64),
        json!(1e300),
        json!(-9_223_372_036_854_775_807i64),
        json!(true),
        json!([]),
        json!({}),
        json!(""),
        json!("\u{0}"),
        json!("a\u{0}b\u{7}c\u{1b}[2J"),
        json!("9".repeat(40)),
        json!("x".repeat(20_000)),
        json!("é".repeat(3000)),
        json!("<script>alert(1)</script>"),
        json!("'; DROP TABLE users; --"),
    ]
}

/// Every way of replacing one leaf of `value` with one of `mutations()`.
fn mutated(value: &serde_json::Value) -> Vec<serde_json::Value> {
    use serde_json::Value;
    let mut out = vec![];
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                for m in mutations() {
                    let mut copy = map.clone();
                    copy.insert(k.clone(), m);
                    out.push(Value::Object(copy));
                }
                for inner in mutated(v) {
                    let mut copy = map.clone();
                    copy.insert(k.clone(), inner);
                    out.push(Value::Object(copy));
                }
                // The key missing.
                let mut copy = map.clone();
                copy.remove(k);
                out.push(Value::Object(copy));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                for inner in mutated(v) {
                    let mut copy = items.clone();
                    copy[i] = inner;
                    out.push(Value::Array(copy));
                }
            }
        }
        _ => {}
    }
    out
}

#[sqlx::test(migrations = "../migrations")]
async fn wrong_types_huge_values_and_control_characters_never_get_a_5xx(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let provider = sign_up(&app, &pool, "provider", "p@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    // Every server function has its line.
    let listed: std::collections::BTreeSet<String> =
        SAMPLES.iter().map(|(p, _)| format!("/api/{p}")).collect();
    let missing: Vec<_> = endpoints()
        .into_iter()
        .filter(|p| !listed.contains(p))
        .collect();
    assert!(missing.is_empty(), "add a line to SAMPLES for {missing:?}");

    let before = digest(&pool).await;
    let mut sent = 0;
    for (path, sample) in SAMPLES {
        if *path == "logout" || *path == "account/log-out-everywhere" {
            continue; // it would end the sessions this test uses
        }
        let sample: serde_json::Value = serde_json::from_str(sample).unwrap();
        for body in mutated(&sample) {
            let json = body.to_string();
            for cookie in [&client, &provider, &staff] {
                let r = post(&app, &format!("/api/{path}"), &json, Some(cookie)).await;
                sent += 1;
                assert!(
                    !r.status.is_server_error(),
                    "/api/{path} with {json:.200}: {} {:.300}",
                    r.status,
                    r.body
                );
            }
        }
    }
    assert!(sent > 3000, "{sent}");
    // Nothing was created: every sample names nothing that exists, or is
    // refused (a preference saved or a notification read would show).
    assert_eq!(digest(&pool).await, before);
}
