#![recursion_limit = "512"]
//! The axum server: configuration, database, router and static files.
//! It only boots things; the rules live in the `app` crate.

pub mod client_ip;
pub mod config;
pub mod demo;
pub mod embedded_pg;
pub mod files;
pub mod headers;
pub mod limits;
pub mod live;
pub mod static_files;
pub mod unsubscribe;

use app::error::AppError;
use app::services::gateway::Gateway;
use axum::extract::{FromRef, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::PgPool;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub gateway: Gateway,
    pub files: app::services::files::FileStore,
    pub live: live::LiveFeed,
}

/// Creates the session table (idempotent) and runs our migrations.
pub async fn prepare_database(pool: &PgPool) -> Result<(), String> {
    app::services::migrate(pool)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    PostgresStore::new(pool.clone())
        .migrate()
        .await
        .map_err(|e| format!("session table: {e}"))
}

/// How the site faces the network.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Served over https: `Secure` cookies and HSTS.
    pub https: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub limits: app::domain::rate_limit::Limits,
    pub fee_rates: app::domain::agreement::FeeRates,
}

impl Site {
    pub fn from_config(config: &config::Config) -> Site {
        Site {
            https: config.https(),
            trusted_proxies: config.trusted_proxies.clone(),
            limits: config.limits,
            fee_rates: config.fee_rates,
        }
    }
}

/// The whole application.
pub fn router(state: AppState, site: Site) -> Router {
    let routes = generate_route_list(app::App);
    let pool = state.pool.clone();
    let gateway = state.gateway.clone();
    let limits = site.limits;
    let fee_rates = site.fee_rates;
    let context = move || {
        provide_context(pool.clone());
        provide_context(gateway.clone());
        provide_context(limits);
        provide_context(fee_rates);
    };
    let sessions = SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
        .with_name(headers::SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(site.https)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(7)));
    let not_found = {
        use axum::handler::Handler;
        leptos_axum::file_and_error_handler_with_context::<AppState, _>(context.clone(), app::shell)
            .with_state(state.clone())
    };
    let files = ServeDir::new(&*state.leptos_options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(not_found);
    Router::new()
        .route("/healthz", get(healthz))
        .merge(files::routes())
        .merge(files::image_routes())
        .merge(live::routes())
        .merge(unsubscribe::routes())
        .leptos_routes_with_context(&state, routes, context, {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback_service(files)
        .layer(sessions)
        .layer(middleware::from_fn(same_origin_only))
        .layer(middleware::from_fn(limits::bound_body))
        .layer(middleware::from_fn({
            let trusted = std::sync::Arc::new(site.trusted_proxies.clone());
            move |req, next| client_ip::tag(trusted.clone(), req, next)
        }))
        .layer(middleware::from_fn(move |req, next| {
            headers::secure(site.https, req, next)
        }))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Refuses any state-changing request that a browser did not send from this
/// site: the Origin (or, failing that, the Referer) must name our own host.
async fn same_origin_only(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // One-click unsubscribe comes from mail clients; its signature is its
    // authority (it changes one person's email choice, nothing else).
    if req.uri().path() == unsubscribe::PATH {
        return next.run(req).await;
    }
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|h| h.to_str().ok())
        .and_then(|v| v.parse::<http::Uri>().ok())
        .and_then(|uri| uri.authority().map(|a| a.as_str().to_owned()));
    match (host, claimed) {
        (Some(host), Some(origin)) if host.eq_ignore_ascii_case(&origin) => next.run(req).await,
        _ => {
            tracing::warn!(path = %req.uri().path(), "refused a cross-origin request");
            let body = AppError::Forbidden(app::domain::msg::FormMsg::CrossSite.into());
            (body.status(), Json(body)).into_response()
        }
    }
}

async fn healthz(State(pool): State<PgPool>) -> Response {
    let check = tokio::time::timeout(
        Duration::from_secs(2),
        sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&pool),
    )
    .await;
    match check {
        Ok(Ok(_)) => Json(serde_json::json!({"status": "ok", "database": "up"})).into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            unhealthy("unreachable")
        }
        Err(_) => unhealthy("timeout"),
    }
}

fn unhealthy(reason: &str) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(serde_json::json!({"status": "unavailable", "database": "down", "reason": reason})),
    )
        .into_response()
}
