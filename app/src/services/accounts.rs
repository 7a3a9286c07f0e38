//! Signing up, logging in, and loading who is asking.

use super::{passwords, rate_limits};
use crate::domain::account::{Email, NewAccount, Password, Role, PASSWORD_MAX};
use crate::domain::rate_limit::{self, Limits};
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

/// Rate-limit buckets.
const LOGIN_PAIR: &str = "login";
const LOGIN_ACCOUNT: &str = "login-account";
const SIGNUP: &str = "signup";

/// Creates an account for someone who signed up from `address`.
///
/// Sign-ups are counted per address before anything costly, and a taken
/// email is answered before the password is hashed.
#[tracing::instrument(skip(pool, account, limits), fields(role = account.role.slug()))]
pub async fn sign_up(
    pool: &PgPool,
    account: NewAccount,
    address: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<User> {
    if let Err(minutes) =
        rate_limits::hit(pool, SIGNUP, address, limits.signups_per_address, now).await?
    {
        return Err(AppError::TooManyAttempts(format!(
            "Too many new accounts from your network. Try again in {}.",
            rate_limit::minutes(minutes)
        )));
    }
    create(pool, account).await
}

/// Creates an account without counting it against anyone's address: for
/// the server's own use (demo data, tests), never for a request.
pub async fn create(pool: &PgPool, account: NewAccount) -> AppResult<User> {
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
    if email_taken(pool, &account.email).await? {
        return Err(AppError::field("email", EMAIL_TAKEN));
    }
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

async fn email_taken(pool: &PgPool, email: &Email) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS "taken!""#,
        email.as_str()
    )
    .fetch_one(pool)
    .await?)
}

fn too_many(scope: &str, minutes: i64) -> AppError {
    AppError::TooManyAttempts(format!(
        "Too many failed attempts {scope}. Try again in {}, or reset your password.",
        rate_limit::minutes(minutes)
    ))
}

/// Checks a login attempt.
///
/// The attempt is counted before the password is checked, per account and
/// address (a short streak: a stranger elsewhere does not lock the person
/// out) and per account (a much higher ceiling, against guessing from many
/// addresses). A success clears both counts.
#[tracing::instrument(skip(pool, password, limits))]
pub async fn log_in(
    pool: &PgPool,
    email: &str,
    password: &str,
    address: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<User> {
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    if password.is_empty() {
        return Err(AppError::field("password", "Password is required."));
    }
    let pair = format!("{}|{address}", email.as_str());
    if let Err(minutes) = rate_limits::hit(
        pool,
        LOGIN_PAIR,
        &pair,
        limits.login_per_account_and_address,
        now,
    )
    .await?
    {
        return Err(too_many("for this account from your network", minutes));
    }
    if let Err(minutes) = rate_limits::hit(
        pool,
        LOGIN_ACCOUNT,
        email.as_str(),
        limits.login_per_account,
        now,
    )
    .await?
    {
        return Err(too_many("for this account", minutes));
    }
    let found = sqlx::query!(
        "SELECT id, email, display_name, role, password_hash FROM users WHERE email = $1",
        email.as_str()
    )
    .fetch_optional(pool)
    .await?;
    // No stored password is that long: nothing to hash.
    let plausible = password.chars().count() <= PASSWORD_MAX;
    let stored = found.as_ref().map(|r| r.password_hash.clone());
    if !plausible || !passwords::verify(password.to_owned(), stored).await? {
        return Err(AppError::field(
            "password",
            "Email or password is incorrect.",
        ));
    }
    let row = found.ok_or_else(|| AppError::internal("verified a missing user"))?;
    rate_limits::clear(pool, LOGIN_PAIR, &pair).await?;
    rate_limits::clear(pool, LOGIN_ACCOUNT, email.as_str()).await?;
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
