//! What server functions need from the request: the pool and who is asking.

use crate::error::{AppError, AppResult};
use crate::services::accounts::{self, User};
use leptos::prelude::use_context;
use sqlx::PgPool;
use tower_sessions::Session;

/// The session key holding the signed-in user's id.
pub const USER_ID: &str = "user_id";

pub fn pool() -> AppResult<PgPool> {
    use_context::<PgPool>().ok_or_else(|| AppError::internal("database pool missing from context"))
}

pub async fn session() -> AppResult<Session> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(AppError::internal)
}

/// The signed-in user, if any.
pub async fn current_user() -> AppResult<Option<User>> {
    let pool = pool()?;
    let session = session().await?;
    let Some(id) = session
        .get::<i64>(USER_ID)
        .await
        .map_err(AppError::internal)?
    else {
        return Ok(None);
    };
    let user = accounts::find(&pool, id).await?;
    if let Some(user) = &user {
        accounts::touch(&pool, user.id).await?;
    }
    Ok(user)
}

/// The pool and the signed-in user, or "please log in".
pub async fn signed_in() -> AppResult<(PgPool, User)> {
    let user = current_user().await?.ok_or(AppError::Unauthenticated)?;
    Ok((pool()?, user))
}

/// The caller's network address, for counting failed logins.
pub async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "unknown".into(),
    }
}

/// Gives a failed server function the HTTP status of its error, so logs,
/// proxies and tools see a refusal as a refusal, not as a crash.
pub async fn reply<T>(result: impl std::future::Future<Output = AppResult<T>>) -> AppResult<T> {
    use http::StatusCode;
    let result = result.await;
    if let Err(error) = &result {
        let status = match error {
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Insufficient(_) => StatusCode::PAYMENT_REQUIRED,
            AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal { .. } | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(status);
        }
    }
    result
}
