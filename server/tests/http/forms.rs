//! Forms posted by the browser itself, before or without the wasm: an
//! urlencoded body and `Accept: text/html`. The answer is a redirect, to
//! the next page on success, back to the form's page with the error and
//! what was typed (never a password) on failure; nothing changes then.

use crate::common::*;
use app::error::AppError;
use axum::body::Body;
use axum::Router;
use http::{header, Request, StatusCode};
use sqlx::PgPool;
use tower::ServiceExt;

/// Where a native form post was sent, and the session it set, if any.
struct Landing {
    status: StatusCode,
    location: String,
    cookie: Option<String>,
}

impl Landing {
    fn path(&self) -> &str {
        self.location.split('?').next().unwrap_or_default()
    }

    fn query(&self) -> Vec<(String, String)> {
        let query = self.location.split_once('?').map(|(_, q)| q).unwrap_or("");
        url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.query()
            .into_iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v)
            .collect()
    }

    fn error(&self) -> AppError {
        let raw = self.all("__err").pop().expect("an error in the address");
        app::api::form::posted_error(&raw)
    }
}

/// A form posted from `page` of our site, as a browser without wasm posts it.
async fn submit(
    app: &Router,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
    cookie: Option<&str>,
) -> Landing {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let mut b = Request::post(action)
        .header(header::HOST, SITE)
        .header(header::ORIGIN, format!("http://{SITE}"))
        .header(header::REFERER, format!("http://{SITE}{page}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    let res = app
        .clone()
        .oneshot(b.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    Landing {
        status: res.status(),
        location: location.unwrap_or_default(),
        cookie: crate::common::session_cookie(&res),
    }
}

/// The post-a-project form, posted natively by `client`.
async fn post_project(app: &Router, fields: &[(&str, &str)], client: &str) -> Landing {
    submit(
        app,
        "/post-project",
        "/api/projects/post",
        fields,
        Some(client),
    )
    .await
}

async fn accounts(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn signing_up_and_logging_in_without_the_wasm(pool: PgPool) {
    let app = app(pool.clone()).await;
    let mut fields = vec![
        ("role", "provider"),
        ("display_name", "Pat Provider"),
        ("email", "pat@example.com"),
        ("password", "short"),
    ];
    let r = submit(&app, "/signup", "/api/signup", &fields, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.path(), "/signup");
    assert_eq!(r.all("__path"), ["/api/signup"]);
    assert!(
        r.error().message_for("password").is_some(),
        "{:?}",
        r.error()
    );
    assert_eq!(r.all("_email"), ["pat@example.com"]);
    assert_eq!(r.all("_display_name"), ["Pat Provider"]);
    assert_eq!(r.all("_role"), ["provider"]);
    assert!(
        !r.location.contains("short"),
        "a password never goes into an address"
    );
    assert!(r.cookie.is_none());
    assert_eq!(accounts(&pool).await, 0, "nothing was created");
    // The terms were not ticked either: said beside the box.
    assert!(
        r.error().message_for("accept_terms").is_some(),
        "{:?}",
        r.error()
    );

    fields[3] = ("password", "a long enough password");
    fields.push(("accept_terms", "true"));
    let r = submit(&app, "/signup", "/api/signup", &fields, None).await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/dashboard")
    );
    // The terms in force are accepted with the account.
    let accepted: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM terms_acceptances a JOIN users u ON u.id = a.user_id
         WHERE u.email = 'pat@example.com' AND a.version = 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(accepted, 1);
    let cookie = r.cookie.expect("signed in");
    let r = submit(&app, "/feed", "/api/logout", &[], Some(&cookie)).await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/")
    );

    // A failed login comes back to the page it was posted from, its own
    // query kept and an earlier error replaced.
    let from = "/login?next=1&__path=%2Fapi%2Flogin&__err=old&_email=old%40example.com";
    let wrong = [
        ("email", "pat@example.com"),
        ("password", "not the password"),
    ];
    let r = submit(&app, from, "/api/login", &wrong, None).await;
    assert_eq!(r.path(), "/login");
    assert_eq!(r.all("next"), ["1"]);
    assert_eq!(r.all("_email"), ["pat@example.com"]);
    assert_eq!(r.all("__err").len(), 1);
    assert!(
        matches!(
            r.error(),
            AppError::Unauthenticated | AppError::Invalid(_) | AppError::Forbidden(_)
        ),
        "{:?}",
        r.error()
    );
    let right = [
        ("email", "pat@example.com"),
        ("password", "a long enough password"),
    ];
    let r = submit(&app, "/login", "/api/login", &right, None).await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/dashboard")
    );
    assert!(r.cookie.is_some());
}

/// The status of project `id`, as stored.
async fn status_of(pool: &PgPool, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM projects WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn rejecting_a_project_without_the_wasm(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let start = (time::OffsetDateTime::now_utc().date() + time::Duration::days(5)).to_string();
    let fields = [
        ("title", "Garden shed"),
        (
            "description",
            "Build a wooden shed at the back of the garden.",
        ),
        ("services", "renovation"),
        ("region", "bretagne"),
        ("budget_min", "500"),
        ("budget_max", "900"),
        ("desired_start", start.as_str()),
        ("phone", "06 12 34 56 78"),
    ];
    let r = post_project(&app, &fields, &client).await;
    let id = r.all("posted").pop().expect("the new project's number");
    let id_num: i64 = id.parse().unwrap();
    let reject = |reason: &'static str, who: String| {
        let (app, id) = (app.clone(), id.clone());
        async move {
            submit(
                &app,
                "/staff/queue?page=1",
                "/api/staff/reject",
                &[("id", &id), ("reason", reason)],
                Some(&who),
            )
            .await
        }
    };

    // No reason: back to the queue (its own query kept), with the message
    // for the reason box and which project it was for.
    let r = reject("", staff.clone()).await;
    assert_eq!(
        (r.status, r.path()),
        (StatusCode::SEE_OTHER, "/staff/queue")
    );
    assert!(r.error().message_for("reason").is_some(), "{:?}", r.error());
    assert_eq!(r.all("page"), ["1"]);
    assert_eq!(r.all("_id"), [id.as_str()]);
    assert_eq!(status_of(&pool, id_num).await, "pending_validation");

    // Only staff reject.
    let r = reject("Not for us.", client.clone()).await;
    assert_eq!(r.path(), "/staff/queue");
    assert!(!matches!(r.error(), AppError::Internal { .. }));
    assert_eq!(r.all("_reason"), ["Not for us."]);
    assert_eq!(status_of(&pool, id_num).await, "pending_validation");

    let r = reject("Please add the shed's size.", staff).await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/staff/queue?rejected=1")
    );
    assert_eq!(status_of(&pool, id_num).await, "rejected");
}

#[sqlx::test(migrations = "../migrations")]
async fn posting_and_validating_a_project_without_the_wasm(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let start = (time::OffsetDateTime::now_utc().date() + time::Duration::days(5)).to_string();
    let mut fields = vec![
        ("title", "Shop website"),
        ("description", "A small online shop for our bakery, please."),
        ("services", "web_development"),
        ("services", "it_support"),
        ("region", "bretagne"),
        ("budget_min", "900"),
        ("budget_max", "200"),
        ("desired_start", &start),
        ("phone", "06 12 34 56 78"),
    ];
    let r = post_project(&app, &fields, &client).await;
    assert_eq!(
        (r.status, r.path()),
        (StatusCode::SEE_OTHER, "/post-project")
    );
    assert!(
        r.error().message_for("budget_max").is_some(),
        "{:?}",
        r.error()
    );
    assert_eq!(r.all("_services"), ["web_development", "it_support"]);
    assert_eq!(r.all("_title"), ["Shop website"]);

    // No box ticked is a field error, not an unreadable form.
    let none: Vec<_> = fields
        .iter()
        .copied()
        .filter(|(k, _)| *k != "services")
        .collect();
    let r = post_project(&app, &none, &client).await;
    assert!(
        r.error().message_for("services").is_some(),
        "{:?}",
        r.error()
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM projects")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing was posted");

    fields[5] = ("budget_min", "100");
    let r = post_project(&app, &fields, &client).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.path(), "/my/projects");
    let id: i64 = r
        .all("posted")
        .pop()
        .expect("the new project's number")
        .parse()
        .unwrap();

    // Only staff validate: anyone else is sent back with the refusal.
    let idt = id.to_string();
    let r = submit(
        &app,
        "/staff/queue",
        "/api/staff/validate",
        &[("id", &idt)],
        Some(&client),
    )
    .await;
    assert_eq!(r.path(), "/staff/queue");
    assert!(!matches!(r.error(), AppError::Internal { .. }));
    let r = submit(
        &app,
        "/staff/queue",
        "/api/staff/validate",
        &[("id", &idt)],
        Some(&staff),
    )
    .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/staff/queue?validated=1")
    );
    assert_eq!(status_of(&pool, id).await, "published");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_form_posted_from_another_site_is_refused(pool: PgPool) {
    let app = app(pool.clone()).await;
    let body =
        "role=client&display_name=Eve&email=eve%40example.com&password=a+long+enough+password";
    let req = Request::post("/api/signup")
        .header(header::HOST, SITE)
        .header(header::ORIGIN, "https://elsewhere.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(Body::from(body))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(accounts(&pool).await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn confirming_an_email_and_resetting_a_password_without_the_wasm(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up_unverified(&app, "client", "nina@example.com").await;

    // Until the address is confirmed, posting is refused with the way out.
    let refused = post(&app, "/api/projects/post", &project_json(), Some(&client)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused
            .body
            .contains(r#"["ConfirmEmailFirst","nina@example.com"]"#),
        "{}",
        refused.body
    );

    // "Resend the link" posts natively and lands on the page that says so.
    let resent = submit(
        &app,
        "/my/projects",
        "/api/account/resend",
        &[],
        Some(&client),
    )
    .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER);
    assert_eq!(resent.location, "/verify-email?sent=1");

    // A wrong token comes back to the page with the message.
    let page = "/verify-email?token=nope";
    let wrong = submit(
        &app,
        page,
        "/api/account/verify",
        &[("token", "nope")],
        None,
    )
    .await;
    assert_eq!(wrong.path(), "/verify-email");
    assert_eq!(
        wrong.error(),
        AppError::Forbidden(app::services::tokens::SPENT)
    );

    let token = link_token(&pool, "nina@example.com", "verify").await;
    let page = format!("/verify-email?token={token}");
    let done = submit(
        &app,
        &page,
        "/api/account/verify",
        &[("token", &token)],
        None,
    )
    .await;
    assert_eq!(done.location, "/verify-email?done=1");
    post_ok(&app, "/api/projects/post", &project_json(), &client).await;

    // Forgot password: the same landing for a known and an unknown address.
    let known = submit(
        &app,
        "/forgot-password",
        "/api/account/forgot",
        &[("email", "nina@example.com")],
        None,
    )
    .await;
    let unknown = submit(
        &app,
        "/forgot-password",
        "/api/account/forgot",
        &[("email", "nobody@example.com")],
        None,
    )
    .await;
    assert_eq!(
        (known.status, known.location.as_str()),
        (StatusCode::SEE_OTHER, "/forgot-password?sent=1")
    );
    assert_eq!(
        (unknown.status, unknown.location),
        (known.status, known.location)
    );

    // A short password comes back without the password in the address.
    let token = link_token(&pool, "nina@example.com", "reset").await;
    let page = format!("/reset-password?token={token}");
    let short = submit(
        &app,
        &page,
        "/api/account/reset",
        &[("token", &token), ("password", "short")],
        None,
    )
    .await;
    assert_eq!(short.path(), "/reset-password");
    assert!(!short.location.contains("short"), "{}", short.location);
    assert!(short.all("_password").is_empty());

    let reset = submit(
        &app,
        &page,
        "/api/account/reset",
        &[("token", &token), ("password", "a brand new password")],
        None,
    )
    .await;
    assert_eq!(reset.location, "/login?reset=1");
    // The session opened at sign-up is signed out.
    let me = post(&app, "/api/me", "{}", Some(&client)).await;
    assert_eq!(me.body, "null");
    let login = submit(
        &app,
        "/login",
        "/api/login",
        &[
            ("email", "nina@example.com"),
            ("password", "a brand new password"),
        ],
        None,
    )
    .await;
    assert_eq!(login.location, "/dashboard");
}
