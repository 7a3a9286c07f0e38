//! What server functions need from the request: the pool and who is asking.

use crate::domain::agreement::FeeRates;
use crate::domain::rate_limit::Limits;
use crate::error::{AppError, AppResult};
use crate::services::accounts::User;
use crate::services::sessions::{self, Claims};
use leptos::prelude::use_context;
use sqlx::PgPool;
use tower_sessions::Session;

/// The session key holding the signed-in user's id.
pub const USER_ID: &str = "user_id";
/// The session key holding the account's session epoch at login: a reset
/// password bumps the account's epoch, which signs out older sessions.
pub const SESSION_EPOCH: &str = "epoch";

#[track_caller]
pub fn pool() -> AppResult<PgPool> {
    let caller = std::panic::Location::caller();
    use_context::<PgPool>().ok_or_else(|| {
        let path = use_context::<http::request::Parts>().map(|p| p.uri.to_string());
        AppError::internal(format!(
            "database pool missing from context (request {path:?}, at {caller})"
        ))
    })
}

/// The payment gateway the server was started with.
#[track_caller]
pub fn gateway() -> AppResult<crate::services::gateway::Gateway> {
    use_context::<crate::services::gateway::Gateway>()
        .ok_or_else(|| AppError::internal("payment gateway missing from context"))
}

pub async fn session() -> AppResult<Session> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(AppError::internal)
}

/// The signed-in user, if any.
///
/// Everything taken from the reactive context is taken before the first
/// `.await`: during server rendering the owner can be gone by the time a
/// suspended server function resumes.
pub async fn current_user() -> AppResult<Option<User>> {
    let pool = pool()?;
    user_of(pool, session().await?).await
}

/// The session key holding the id of the session's row in
/// `user_sessions` (see `services::sessions`).
pub const SESSION_ROW: &str = "sid";

/// What a session's stored data says of who signed in (the live feed reads
/// it from the store directly).
pub fn claims_of(data: &std::collections::HashMap<String, serde_json::Value>) -> Option<Claims> {
    Some(Claims {
        user_id: data.get(USER_ID)?.as_i64()?,
        epoch: data
            .get(SESSION_EPOCH)
            .and_then(|v| v.as_i64())
            .and_then(|v| i32::try_from(v).ok())
            .unwrap_or(0),
        sid: data
            .get(SESSION_ROW)
            .and_then(|v| v.as_str())
            .and_then(|v| uuid::Uuid::parse_str(v).ok()),
    })
}

async fn claims(session: &Session) -> AppResult<Option<Claims>> {
    let Some(user_id) = session
        .get::<i64>(USER_ID)
        .await
        .map_err(AppError::internal)?
    else {
        return Ok(None);
    };
    let epoch = session
        .get::<i32>(SESSION_EPOCH)
        .await
        .map_err(AppError::internal)?
        .unwrap_or(0);
    let sid = session
        .get::<uuid::Uuid>(SESSION_ROW)
        .await
        .map_err(AppError::internal)?;
    Ok(Some(Claims {
        user_id,
        epoch,
        sid,
    }))
}

/// The id of this browser's session row, if it is signed in.
pub async fn session_row() -> AppResult<Option<uuid::Uuid>> {
    session()
        .await?
        .get::<uuid::Uuid>(SESSION_ROW)
        .await
        .map_err(AppError::internal)
}

/// Opens a session row for `user` and names it in `session`.
pub async fn open_session_row(pool: &PgPool, session: &Session, user: &User) -> AppResult<()> {
    let headers = use_context::<http::request::Parts>().map(|p| p.headers);
    let user_agent = headers
        .as_ref()
        .and_then(|h| h.get(http::header::USER_AGENT))
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let origin = sessions::Origin {
        user_agent,
        address: client_address(),
    };
    let now = time::OffsetDateTime::now_utc();
    let sid = sessions::open(pool, user, &origin, now).await?;
    session
        .insert(SESSION_ROW, sid)
        .await
        .map_err(AppError::internal)
}

/// The user signed in to `session`, if any.
pub async fn user_of(pool: PgPool, session: Session) -> AppResult<Option<User>> {
    let Some(claims) = claims(&session).await? else {
        return Ok(None);
    };
    let Some(user) = sessions::signed_in(&pool, claims).await? else {
        // Revoked (signed out from elsewhere, or the password changed):
        // this session is no longer theirs. The key is removed, not the
        // session flushed: one page asks several times, and a second flush
        // broke the response (500).
        session
            .remove::<i64>(USER_ID)
            .await
            .map_err(AppError::internal)?;
        return Ok(None);
    };
    if claims.sid.is_none() {
        // Opened before sessions had rows: it gets one now.
        open_session_row(&pool, &session, &user).await?;
    }
    Ok(Some(user))
}

/// The pool and the signed-in user, or "please log in".
pub async fn signed_in() -> AppResult<(PgPool, User)> {
    let pool = pool()?;
    let session = session().await?;
    let user = user_of(pool.clone(), session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    Ok((pool, user))
}

/// Everything a service that acts needs, for the signed-in user, or
/// "please log in".
pub async fn acting() -> AppResult<crate::services::acting::Acting> {
    let gateway = gateway()?;
    let (pool, user) = signed_in().await?;
    Ok(crate::services::acting::Acting::new(pool, gateway, user))
}

/// The limits the server was started with (production's by default).
pub fn limits() -> Limits {
    use_context::<Limits>().unwrap_or_default()
}

/// The fee rates new agreements are made at, as configured at start-up
/// (the standard rates by default).
pub fn fee_rates() -> FeeRates {
    use_context::<FeeRates>().unwrap_or_default()
}

/// Where a request comes from: the peer's address, or the client's as
/// reported by a proxy the server trusts (set by the server's middleware).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub std::net::IpAddr);

/// The caller's network address, for counting attempts.
pub fn client_address() -> String {
    match use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientIp>().copied())
    {
        Some(ClientIp(ip)) => ip.to_string(),
        None => "unknown".into(),
    }
}

/// How long a caller told "busy" should wait, in seconds.
pub const BUSY_RETRY_AFTER_SECS: &str = "2";

/// Gives a failed server function the HTTP status of its error, so logs,
/// proxies and tools see a refusal as a refusal, not as a crash.
pub async fn reply<T>(result: impl std::future::Future<Output = AppResult<T>>) -> AppResult<T> {
    // Taken before awaiting: see `current_user`.
    let options = use_context::<leptos_axum::ResponseOptions>();
    let native = use_context::<super::form::NativePost>();
    let referer = use_context::<http::request::Parts>().and_then(|parts| {
        let referer = parts.headers.get(http::header::REFERER)?;
        referer.to_str().ok().map(str::to_string)
    });
    let result = result.await;
    if let (Some(native), Some(options)) = (native, &options) {
        // A form the browser posted itself: answer with the next page.
        let next = match &result {
            Ok(_) => native.next(),
            Err(error) => Some(native.back_with(referer.as_deref(), error)),
        };
        if let Some(next) = next.and_then(|n| http::HeaderValue::from_str(&n).ok()) {
            options.set_status(http::StatusCode::SEE_OTHER);
            options.insert_header(http::header::LOCATION, next);
            return result;
        }
    }
    if let (Err(error), Some(options)) = (&result, options) {
        options.set_status(error.status());
        if let AppError::Busy(_) = error {
            options.insert_header(
                http::header::RETRY_AFTER,
                http::HeaderValue::from_static(BUSY_RETRY_AFTER_SECS),
            );
        } else if let Some(secs) = error.retry_after_secs() {
            options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
    }
    result
}
