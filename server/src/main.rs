#![recursion_limit = "512"]
//! `server` runs the marketplace; its subcommands manage staff accounts and
//! a standalone PostgreSQL cluster for tests.

use app::services::gateway::Gateway;
use server::config::Config;
use server::embedded_pg::{Durability, EmbeddedPostgres};
use server::{demo, prepare_database, router, static_files, AppState, Site};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage:
  server                                   run the marketplace (DATABASE_URL, or a cluster of its own in .data/postgres)
  server create-staff EMAIL NAME           create a staff account; the password is read from MARKETPLACE_STAFF_PASSWORD or standard input
  server db-start DIR                      start a throwaway PostgreSQL cluster (no fsync) in DIR and print its URL
  server db-stop DIR                       stop that cluster
  server db-crash DIR                      stop that cluster as a crash would and start it again (fault tests)";

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
        ["db-start", dir] => EmbeddedPostgres::start(Path::new(dir), Durability::Throwaway)
            .map(|pg| println!("{}", pg.url("postgres"))),
        ["db-stop", dir] => EmbeddedPostgres::at(Path::new(dir)).and_then(|pg| pg.stop()),
        ["db-crash", dir] => {
            EmbeddedPostgres::at(Path::new(dir)).and_then(|pg| pg.crash_and_restart())
        }
        _ => Err(USAGE.to_string()),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// The data folder's lock, held for as long as this value lives: one
/// server (or operator command that started the cluster) per folder.
struct FolderLock(#[allow(dead_code)] std::fs::File);

impl FolderLock {
    /// Takes the lock, or `None` when another process holds it.
    fn try_take(dir: &Path) -> Result<Option<FolderLock>, String> {
        use std::io::Write;
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = EmbeddedPostgres::lock_path(dir);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {
                file.set_len(0).map_err(|e| e.to_string())?;
                let _ = writeln!(file, "{}", std::process::id());
                Ok(Some(FolderLock(file)))
            }
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(format!("cannot lock {}: {e}", path.display()))
            }
        }
    }
}

/// Why a second server on one data folder is refused.
fn folder_in_use(dir: &Path) -> String {
    let pid = std::fs::read_to_string(EmbeddedPostgres::lock_path(dir)).unwrap_or_default();
    format!(
        "another marketplace server (process {}) is already using the database in {}; \
         stop it first, or give this one its own MARKETPLACE_DATA_DIR or a DATABASE_URL",
        pid.trim(),
        dir.display()
    )
}

/// Our own cluster, with the lock on its folder when we hold it.
struct OwnCluster {
    pg: EmbeddedPostgres,
    _lock: Option<FolderLock>,
}

/// The database to use: DATABASE_URL, or our own cluster. `serve` must own
/// the cluster's folder; an operator command shares it with a running
/// server and then leaves the cluster as it found it.
async fn database(config: &Config, serve: bool) -> Result<(PgPool, Option<OwnCluster>), String> {
    let (url, own) = match &config.database_url {
        Some(url) => (url.clone(), None),
        None => {
            let dir = config.data_dir.clone();
            let lock = FolderLock::try_take(&dir)?;
            if serve && lock.is_none() {
                return Err(folder_in_use(&dir));
            }
            let mut pg = tokio::task::spawn_blocking(move || {
                EmbeddedPostgres::start(&dir, Durability::Durable)
            })
            .await
            .map_err(|e| e.to_string())??;
            if serve {
                // A cluster left running by a server that crashed is ours now.
                pg.own();
            }
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
            (pg.url("marketplace"), Some(OwnCluster { pg, _lock: lock }))
        }
    };
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .acquire_timeout(Duration::from_secs(5))
        .connect(&url)
        .await
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    prepare_database(&pool).await?;
    Ok((pool, own))
}

/// Starts the email senders, or says why emails wait in the outbox.
fn mail_senders(
    config: &Config,
    pool: &PgPool,
) -> Result<Vec<tokio::task::JoinHandle<()>>, String> {
    let Some(url) = &config.smtp_url else {
        tracing::warn!("SMTP_URL is not set: emails wait in the outbox until it is");
        return Ok(vec![]);
    };
    let smtp = app::services::outbox::Smtp::from_url(url).map_err(|e| format!("SMTP_URL: {e}"))?;
    let outbox = app::services::outbox::Outbox {
        mailer: std::sync::Arc::new(smtp),
        site: config.public_url(),
    };
    Ok(app::services::outbox::spawn(
        pool.clone(),
        outbox,
        MAIL_SENDERS,
    ))
}

/// Emails sent at once by each instance (each holds a database
/// connection while it talks to the mail server).
const MAIL_SENDERS: usize = 4;

async fn serve() -> Result<(), String> {
    let config = Config::from_env()?;
    let options = config.leptos.clone();
    let (pool, own) = database(&config, true).await?;
    if config.demo {
        seed_demo(&pool, &config).await?;
    }
    precompress(PathBuf::from(&*options.site_root)).await?;

    let cleanup = tower_sessions::session_store::ExpiredDeletion::continuously_delete_expired(
        tower_sessions_sqlx_store::PostgresStore::new(pool.clone()),
        tokio::time::Duration::from_secs(3600),
    );
    let cleanup = tokio::spawn(cleanup);

    // Durable jobs (half-price leads, plan renewals): every instance runs a
    // worker; each job still runs once.
    let gateway = Gateway::test();
    let files = app::services::files::FileStore::new(config.files_dir.clone());
    let worker = app::services::worker::spawn(
        pool.clone(),
        app::services::worker::JobContext {
            gateway: gateway.clone(),
            files: files.clone(),
        },
        std::sync::Arc::new(app::services::jobs::SystemClock),
        config.job_interval,
    );

    // The email outbox: senders on every instance; each email is sent once.
    let senders = mail_senders(&config, &pool)?;

    // Live payment tabs: one PostgreSQL listener for this instance.
    let live = server::live::LiveFeed::new(config.limits.live_streams_per_user);
    let listener_task = live.listen(pool.clone());

    let addr = options.site_addr;
    let app = router(
        AppState {
            leptos_options: options,
            pool: pool.clone(),
            gateway: gateway.clone(),
            files,
            live: live.clone(),
        },
        Site::from_config(&config),
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
    senders.iter().for_each(|t| t.abort());
    listener_task.abort();
    pool.close().await;
    if let Some(own) = own {
        tracing::info!("stopping the embedded PostgreSQL cluster");
        own.pg.stop_if_started_here()?;
    }
    Ok(())
}

/// Demo data, once, on an empty database; the logs give the logins.
async fn seed_demo(pool: &sqlx::PgPool, config: &Config) -> Result<(), String> {
    if demo::seed_if_empty(pool, config.fee_rates).await? {
        tracing::info!(
            "demo data created; every demo login uses the password {:?}",
            demo::PASSWORD
        );
        for (role, email, _) in demo::LOGINS {
            tracing::info!("  {role:<9} {email}");
        }
    }
    Ok(())
}

/// Brotli and gzip copies of the assets that changed since the last start.
async fn precompress(site_root: PathBuf) -> Result<(), String> {
    let compressed = tokio::task::spawn_blocking(move || static_files::precompress(&site_root))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("precompressing assets: {e}"))?;
    tracing::info!(files = compressed, "precompressed static assets");
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
    let config = Config::from_env()?;
    let (pool, own) = database(&config, false).await?;
    let result = app::services::accounts::create_staff(&pool, email, &password, name).await;
    pool.close().await;
    if let Some(own) = own {
        own.pg.stop_if_started_here()?;
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
