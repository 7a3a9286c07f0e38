//! Helpers shared by the HTTP tests: the router in-process against a fresh
//! database per test, and requests as a browser (or a script) sends them.
#![allow(dead_code)]

use app::domain::ledger::StaffMove;
use app::error::AppError;
use axum::body::Body;
use axum::Router;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use server::{prepare_database, router, AppState, Site};
use sqlx::PgPool;
use tower::ServiceExt;

pub const SITE: &str = "127.0.0.1:3000";

pub struct Reply {
    pub status: StatusCode,
    pub cookie: Option<String>,
    pub body: String,
}

pub async fn app(pool: PgPool) -> Router {
    app_with(pool, Site::default(), server::live::LiveFeed::default()).await
}

/// The router with `site` settings and `live` feed, on a migrated database.
pub async fn app_with(pool: PgPool, site: Site, live: server::live::LiveFeed) -> Router {
    prepare_database(&pool).await.unwrap();
    router_on(pool, site, live)
}

/// The router over `pool` as it is (which may not even be reachable).
pub fn router_on(pool: PgPool, site: Site, live: server::live::LiveFeed) -> Router {
    router(
        AppState {
            leptos_options: server::config::default_leptos_options(),
            pool,
            gateway: app::services::gateway::Gateway::test(),
            files: app::services::files::FileStore::new(std::env::temp_dir().join(format!(
                "marketplace-http-files-{}",
                uuid::Uuid::new_v4().simple()
            ))),
            live,
        },
        site,
    )
}

/// `provider` unlocks the offer on `project` (a credit granted by `staff`)
/// and offers `amount` euros; returns the offer's id.
pub async fn offer_from(
    pool: &PgPool,
    staff: &app::services::accounts::User,
    provider: &app::services::accounts::User,
    project: i64,
    amount: &str,
) -> i64 {
    use app::domain::ledger::CreditKind;
    use app::services::{credits, offers};
    let key = || uuid::Uuid::new_v4().to_string();
    credits::grant(
        pool,
        staff,
        &provider.email,
        CreditKind::Offer,
        "1",
        "welcome",
        StaffMove::Grant,
        &key(),
    )
    .await
    .unwrap();
    credits::spend(pool, provider, project, CreditKind::Offer, &key())
        .await
        .unwrap();
    let form = app::domain::offer::OfferForm {
        amount: amount.into(),
        duration_days: "10".into(),
        message: "A small shop is what I build every month.".into(),
    };
    offers::save(pool, provider, project, &form)
        .await
        .unwrap()
        .id
}

/// `req` as if it came over the network from `peer`.
pub fn from_peer(mut req: Request<Body>, peer: &str) -> Request<Body> {
    let addr: std::net::SocketAddr = format!("{peer}:50000").parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    req
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    // A request that never finishes fails its test, naming itself, instead
    // of holding the whole suite (one such hang was seen once, in CI).
    let what = format!("{} {}", req.method(), req.uri());
    let answer = async {
        let res = app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let cookie = session_cookie(&res);
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            cookie,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), answer)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within 60 s"))
}

/// A request body: a `serde_json::json!` value, or raw text (for the
/// tests that send what no browser would).
pub trait JsonBody {
    fn text(self) -> String;
}

impl JsonBody for serde_json::Value {
    fn text(self) -> String {
        self.to_string()
    }
}

impl JsonBody for &serde_json::Value {
    fn text(self) -> String {
        self.to_string()
    }
}

impl JsonBody for &str {
    fn text(self) -> String {
        self.to_owned()
    }
}

impl JsonBody for String {
    fn text(self) -> String {
        self
    }
}

impl JsonBody for &String {
    fn text(self) -> String {
        self.clone()
    }
}

/// A server-function call as the browser makes it, from our own origin.
pub fn call(path: &str, json: impl JsonBody, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::post(path)
        .header(header::HOST, SITE)
        .header(header::ORIGIN, format!("http://{SITE}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(json.text())).unwrap()
}

/// Calls a server function as the browser does, from our own origin.
pub async fn post(app: &Router, path: &str, json: impl JsonBody, cookie: Option<&str>) -> Reply {
    send(app, call(path, json, cookie)).await
}

/// Calls a server function that must succeed.
pub async fn post_ok(app: &Router, path: &str, json: impl JsonBody, cookie: &str) -> Reply {
    let r = post(app, path, json, Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r
}

/// A project posted by `client` and validated by `staff`.
pub async fn published_project(app: &Router, client: &str, staff: &str) -> i64 {
    let id: i64 = post_ok(app, "/api/projects/post", &project_json(), client)
        .await
        .body
        .parse()
        .unwrap();
    post_ok(
        app,
        "/api/staff/validate",
        &format!(r#"{{"id":{id}}}"#),
        staff,
    )
    .await;
    id
}

pub fn error_of(reply: &Reply) -> AppError {
    serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("not an AppError ({e}): {}", reply.body))
}

/// Signs up through the endpoint and confirms the address with the link
/// the sign-up queued (read from the outbox, as the email would carry it).
pub async fn sign_up(app: &Router, pool: &PgPool, role: &str, email: &str) -> String {
    let cookie = sign_up_unverified(app, role, email).await;
    let token = link_token(pool, email, "verify").await;
    let r = post(
        app,
        "/api/account/verify",
        format!(r#"{{"token":"{token}"}}"#),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    cookie
}

/// Signs up through the endpoint; the address stays unconfirmed.
pub async fn sign_up_unverified(app: &Router, role: &str, email: &str) -> String {
    let body = format!(
        r#"{{"email":"{email}","password":"a good password","display_name":"Someone","role":"{role}","accept_terms":true}}"#
    );
    let r = post(app, "/api/signup", &body, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.cookie.expect("a session cookie")
}

/// The token of the newest `kind` email queued for `to`.
pub async fn link_token(pool: &PgPool, to: &str, kind: &str) -> String {
    let body: serde_json::Value = sqlx::query_scalar(
        "SELECT body FROM emails WHERE to_address = $1 AND kind = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(to)
    .bind(kind)
    .fetch_one(pool)
    .await
    .unwrap_or_else(|e| panic!("no {kind} email to {to}: {e}"));
    body["token"].as_str().expect("a token").to_string()
}

pub async fn staff_cookie(app: &Router, pool: &PgPool) -> String {
    app::services::accounts::create_staff(pool, "staff@example.com", "staff password", "Staff")
        .await
        .unwrap();
    let r = post(
        app,
        "/api/login",
        r#"{"email":"staff@example.com","password":"staff password"}"#,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.cookie.unwrap()
}

pub fn project_json() -> String {
    let start = (time::OffsetDateTime::now_utc().date() + time::Duration::days(5)).to_string();
    format!(
        r#"{{"form":{{"title":"Shop website","description":"A small online shop for our bakery, please.","services":["web_development"],"region":"bretagne","budget_min":"100","budget_max":"200","desired_start":"{start}","phone":"06 12 34 56 78"}}}}"#
    )
}

pub fn lead_json() -> String {
    let start = (time::OffsetDateTime::now_utc().date() + time::Duration::days(5)).to_string();
    format!(
        r#"{{"form":{{"project":{{"title":"Garden fence","description":"Two hundred metres of fence around a field.","services":["renovation"],"region":"bretagne","budget_min":"1000","budget_max":"2000","desired_start":"{start}","phone":"+33 6 12 34 56 78"}},"client_email":"c@example.com","price":"20","cap":"","half_price":true}}}}"#
    )
}

/// A project file upload as the browser form sends it; returns the status
/// and where it redirects.
pub async fn upload(
    app: &Router,
    project: i64,
    name: &str,
    bytes: &[u8],
    cookie: &str,
) -> (StatusCode, String) {
    let path = format!("/files/projects/{project}");
    multipart(app, &path, &[], ("file", name, bytes), cookie).await
}

/// A multipart form post: text fields, then one file; returns the status
/// and where it redirects.
pub async fn multipart(
    app: &Router,
    path: &str,
    fields: &[(&str, &str)],
    (field, name, bytes): (&str, &str, &[u8]),
    cookie: &str,
) -> (StatusCode, String) {
    let boundary = "----marketplace-test-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
    ).as_bytes());
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(path)
        .header(header::HOST, SITE)
        .header(header::ORIGIN, format!("http://{SITE}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status(), location)
}

pub async fn user_by_email(pool: &PgPool, email: &str) -> app::services::accounts::User {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap();
    app::services::accounts::find(pool, id)
        .await
        .unwrap()
        .unwrap()
}

/// A GET as the browser sends it, with an optional session cookie.
pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path).header(header::HOST, SITE);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

/// The session cookie a response sets, if any (not the language one).
pub fn session_cookie(res: &axum::response::Response) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|c| !c.starts_with("lang="))
}
