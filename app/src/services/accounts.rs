//! Signing up, logging in, and loading who is asking.

use super::passwords;
use crate::domain::account::{Email, NewAccount, Password, Role};
use crate::domain::login_limit::{self, minutes_to_wait};
use crate::error::{AppError, AppResult};
use sqlx::PgPool;
use time::OffsetDateTime;

/// Someone signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
}

impl TryFrom<UserRow> for User {
    type Error = AppError;
    fn try_from(r: UserRow) -> AppResult<User> {
        let role = Role::from_slug(&r.role)
            .ok_or_else(|| AppError::internal(format!("unknown role {}", r.role)))?;
        Ok(User {
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            role,
        })
    }
}

const EMAIL_TAKEN: &str = "An account with this email already exists. Log in instead?";

#[tracing::instrument(skip(pool, account), fields(role = account.role.slug()))]
pub async fn sign_up(pool: &PgPool, account: NewAccount) -> AppResult<User> {
    insert(pool, account).await
}

/// Creates a staff account; only reachable from the server's command line.
pub async fn create_staff(
    pool: &PgPool,
    email: &str,
    password: &str,
    name: &str,
) -> AppResult<User> {
    let mut account = NewAccount::parse(email, password, name, "client")?;
    account.role = Role::Staff;
    insert(pool, account).await
}

async fn insert(pool: &PgPool, account: NewAccount) -> AppResult<User> {
    let hash = passwords::hash(&account.password).await?;
    let row = sqlx::query_as!(
        UserRow,
        "INSERT INTO users (email, password_hash, display_name, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING
         RETURNING id, email, display_name, role",
        account.email.as_str(),
        hash,
        account.display_name,
        account.role.slug(),
    )
    .fetch_optional(pool)
    .await?;
    match row {
        Some(row) => row.try_into(),
        None => Err(AppError::field("email", EMAIL_TAKEN)),
    }
}

/// Checks a login attempt, counting failures per account and per address.
#[tracing::instrument(skip(pool, password))]
pub async fn log_in(
    pool: &PgPool,
    email: &str,
    password: &str,
    address: &str,
    now: OffsetDateTime,
) -> AppResult<User> {
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    if password.is_empty() {
        return Err(AppError::field("password", "Password is required."));
    }
    let since = now - login_limit::WINDOW;
    let by_account: Vec<OffsetDateTime> = sqlx::query_scalar!(
        "SELECT failed_at FROM login_failures WHERE email = $1 AND failed_at > $2",
        email.as_str(),
        since
    )
    .fetch_all(pool)
    .await?;
    if let Some(minutes) = minutes_to_wait(&by_account, login_limit::PER_ACCOUNT, now) {
        return Err(AppError::TooManyAttempts(format!(
            "Too many failed attempts for this account. Try again in {minutes} minute{}.",
            if minutes == 1 { "" } else { "s" }
        )));
    }
    let by_address: Vec<OffsetDateTime> = sqlx::query_scalar!(
        "SELECT failed_at FROM login_failures WHERE address = $1 AND failed_at > $2",
        address,
        since
    )
    .fetch_all(pool)
    .await?;
    if let Some(minutes) = minutes_to_wait(&by_address, login_limit::PER_ADDRESS, now) {
        return Err(AppError::TooManyAttempts(format!(
            "Too many failed attempts from your network. Try again in {minutes} minute{}.",
            if minutes == 1 { "" } else { "s" }
        )));
    }

    let found = sqlx::query!(
        "SELECT id, email, display_name, role, password_hash FROM users WHERE email = $1",
        email.as_str()
    )
    .fetch_optional(pool)
    .await?;
    let stored = found.as_ref().map(|r| r.password_hash.clone());
    if !passwords::verify(password.to_owned(), stored).await? {
        sqlx::query!(
            "INSERT INTO login_failures (email, address, failed_at) VALUES ($1, $2, $3)",
            email.as_str(),
            address,
            now
        )
        .execute(pool)
        .await?;
        return Err(AppError::field(
            "password",
            "Email or password is incorrect.",
        ));
    }
    let row = found.ok_or_else(|| AppError::internal("verified a missing user"))?;
    sqlx::query!(
        "DELETE FROM login_failures WHERE email = $1",
        email.as_str()
    )
    .execute(pool)
    .await?;
    UserRow {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        role: row.role,
    }
    .try_into()
}

pub async fn find(pool: &PgPool, id: i64) -> AppResult<Option<User>> {
    let row = sqlx::query_as!(
        UserRow,
        "SELECT id, email, display_name, role FROM users WHERE id = $1",
        id
    )
    .fetch_optional(pool)
    .await?;
    row.map(User::try_from).transpose()
}

/// Records that the user was active, at most once a minute.
pub async fn touch(pool: &PgPool, id: i64) -> AppResult<()> {
    sqlx::query!(
        "UPDATE users SET last_active_at = now()
         WHERE id = $1 AND last_active_at < now() - interval '1 minute'",
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Changes a password (used by the staff command to reset demo accounts).
pub async fn set_password(pool: &PgPool, email: &str, password: &str) -> AppResult<bool> {
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    let password = Password::parse(password).map_err(|m| AppError::field("password", m))?;
    let hash = passwords::hash(&password).await?;
    let done = sqlx::query!(
        "UPDATE users SET password_hash = $2 WHERE email = $1",
        email.as_str(),
        hash
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
