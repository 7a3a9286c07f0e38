#![recursion_limit = "512"]
//! `server` runs the marketplace; its subcommands manage staff accounts and
//! a standalone PostgreSQL cluster for tests.

use app::services::gateway::Gateway;
use server::embedded_pg::EmbeddedPostgres;
use server::{demo, leptos_options, prepare_database, router, static_files, AppState};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage:
  server                                   run the marketplace (DATABASE_URL, or a cluster of its own in .data/postgres)
  server create-staff EMAIL NAME           create a staff account; the password is read from MARKETPLACE_STAFF_PASSWORD or standard input
  server db-start DIR                      start a standalone PostgreSQL cluster in DIR and print its URL
  server db-stop DIR                       stop that cluster";

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["serve"] => serve().await,
        ["create-staff", email, name] => create_staff(email, name).await,
        ["db-start", dir] => {
            EmbeddedPostgres::start(Path::new(dir)).map(|pg| println!("{}", pg.url("postgres")))
        }
        ["db-stop", dir] => EmbeddedPostgres::at(Path::new(dir)).and_then(|pg| pg.stop()),
        _ => Err(USAGE.to_string()),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// The database to use: DATABASE_URL, or our own cluster (started here).
async fn database() -> Result<(PgPool, Option<EmbeddedPostgres>), String> {
    let (url, embedded) = match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => (url, None),
        _ => {
            let dir = std::env::var("MARKETPLACE_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from(".data/postgres"));
            let pg = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&dir))
                .await
                .map_err(|e| e.to_string())??;
            let admin = PgPool::connect(&pg.url("postgres"))
                .await
                .map_err(|e| e.to_string())?;
            let exists: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'marketplace')",
            )
            .fetch_one(&admin)
            .await
            .map_err(|e| e.to_string())?;
            if !exists {
                sqlx::query("CREATE DATABASE marketplace")
                    .execute(&admin)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            admin.close().await;
            (pg.url("marketplace"), Some(pg))
        }
    };
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .acquire_timeout(Duration::from_secs(5))
        .connect(&url)
        .await
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    prepare_database(&pool).await?;
    Ok((pool, embedded))
}

async fn serve() -> Result<(), String> {
    let options = leptos_options();
    let (pool, embedded) = database().await?;
    if std::env::var("MARKETPLACE_DEMO").is_ok_and(|v| v == "1")
        && demo::seed_if_empty(&pool).await?
    {
        tracing::info!(
            "demo data created; every demo login uses the password {:?}",
            demo::PASSWORD
        );
        for (role, email, _) in demo::LOGINS {
            tracing::info!("  {role:<9} {email}");
        }
    }
    let site_root = PathBuf::from(&*options.site_root);
    let compressed = tokio::task::spawn_blocking(move || static_files::precompress(&site_root))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("precompressing assets: {e}"))?;
    tracing::info!(files = compressed, "precompressed static assets");

    let cleanup = tower_sessions::session_store::ExpiredDeletion::continuously_delete_expired(
        tower_sessions_sqlx_store::PostgresStore::new(pool.clone()),
        tokio::time::Duration::from_secs(3600),
    );
    let cleanup = tokio::spawn(cleanup);

    // Durable jobs (half-price leads, plan renewals): every instance runs a
    // worker; each job still runs once.
    let gateway = Gateway::test();
    let every = std::env::var("MARKETPLACE_JOB_INTERVAL_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let worker = app::services::jobs::spawn_worker(
        pool.clone(),
        gateway.clone(),
        std::sync::Arc::new(app::services::jobs::SystemClock),
        Duration::from_secs(every),
    );

    // Live payment tabs: one PostgreSQL listener for this instance.
    let live = server::live::LiveFeed::new();
    let listener_task = live.listen(pool.clone());

    let secure = std::env::var("SITE_URL").is_ok_and(|u| u.starts_with("https://"));
    let addr = options.site_addr;
    let app = router(
        AppState {
            leptos_options: options,
            pool: pool.clone(),
            gateway: gateway.clone(),
            files: app::services::files::FileStore::new(app::services::files::default_root()),
            live: live.clone(),
        },
        secure,
    );
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Open live streams would otherwise keep the shutdown waiting.
        live.stop();
    })
    .await
    .map_err(|e| e.to_string())?;
    cleanup.abort();
    worker.abort();
    listener_task.abort();
    pool.close().await;
    if let Some(pg) = embedded {
        tracing::info!("stopping the embedded PostgreSQL cluster");
        pg.stop()?;
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

async fn create_staff(email: &str, name: &str) -> Result<(), String> {
    let password = match std::env::var("MARKETPLACE_STAFF_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Password for {email} (at least 10 characters):");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            line.trim_end_matches(['\n', '\r']).to_string()
        }
    };
    let (pool, embedded) = database().await?;
    let result = app::services::accounts::create_staff(&pool, email, &password, name).await;
    pool.close().await;
    if let Some(pg) = embedded {
        pg.stop()?;
    }
    match result {
        Ok(user) => {
            println!("staff account {} created (id {})", user.email, user.id);
            Ok(())
        }
        Err(app::error::AppError::Invalid(errors)) => Err(errors
            .into_iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ")),
        Err(e) => Err(e.to_string()),
    }
}
