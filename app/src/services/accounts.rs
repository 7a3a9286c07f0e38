//! Signing up, logging in, proving one's email, resetting a password, and
//! loading who is asking.

use super::tokens::{self, Purpose};
use super::{outbox, passwords, rate_limits};
use crate::domain::account::{Email, NewAccount, Password, Role, PASSWORD_MAX};
use crate::domain::locale::Lang;
use crate::domain::mail::{self, MailBody};
use crate::domain::msg::{AccountMsg, FormMsg};
use crate::domain::rate_limit::{Failures, Limits};
use crate::error::{AppError, AppResult, Msg};
use sqlx::{PgConnection, PgPool};
use time::{Duration, OffsetDateTime};

/// Someone signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The email address was proved to be theirs.
    pub verified: bool,
    /// Sessions opened at another epoch are signed out.
    pub session_epoch: i32,
    /// The language they chose to read the product in, if they did.
    pub lang: Option<Lang>,
}

impl User {
    /// Refuses what an unverified account may not do yet (post, spend,
    /// buy, pay, make offers), saying how to fix it.
    pub fn require_verified(&self) -> AppResult<()> {
        if self.verified {
            Ok(())
        } else {
            Err(AppError::Forbidden(Msg::Account(
                AccountMsg::ConfirmEmailFirst {
                    email: self.email.clone(),
                },
            )))
        }
    }

    /// Refuses anyone but staff, saying what only staff do.
    pub fn require_staff(&self) -> AppResult<()> {
        if self.role == crate::domain::account::Role::Staff {
            Ok(())
        } else {
            Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)))
        }
    }
}

struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    verified: bool,
    session_epoch: i32,
    lang: Option<String>,
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
            verified: r.verified,
            session_epoch: r.session_epoch,
            lang: r.lang.as_deref().and_then(Lang::from_code),
        })
    }
}

/// Rate-limit buckets.
const LOGIN_PAIR: &str = "login";
const LOGIN_ACCOUNT: &str = "login-account";
const LOGIN_ADDRESS: &str = "login-address";
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
        return Err(AppError::TooManyAttempts(Msg::Account(
            AccountMsg::TooManySignups { minutes },
        )));
    }
    let mut tx = pool.begin().await?;
    let accepts_terms = account.accepts_terms;
    let user = insert(&mut tx, account, None).await?;
    if accepts_terms {
        accept_current_terms(&mut tx, user.id, now).await?;
    }
    send_verification(&mut tx, &user, now).await?;
    tx.commit().await?;
    Ok(user)
}

/// Queues a new verification link for `user`, voiding older ones.
async fn send_verification(
    conn: &mut PgConnection,
    user: &User,
    now: OffsetDateTime,
) -> AppResult<()> {
    tokens::void_all(conn, user.id, Purpose::Verify, now).await?;
    let ttl = Duration::hours(mail::VERIFY_HOURS);
    let token = tokens::issue(conn, user.id, Purpose::Verify, now, ttl).await?;
    let body = MailBody::Verify {
        name: user.display_name.clone(),
        token,
    };
    outbox::enqueue(conn, Some(user.id), &user.email, &body, now).await?;
    Ok(())
}

/// Creates an account, already verified, without counting it against
/// anyone's address: for the server's own use (demo data, tests), never
/// for a request.
pub async fn create(pool: &PgPool, account: NewAccount) -> AppResult<User> {
    let mut conn = pool.acquire().await?;
    insert(&mut conn, account, Some(OffsetDateTime::now_utc())).await
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
    let mut conn = pool.acquire().await?;
    insert(&mut conn, account, Some(OffsetDateTime::now_utc())).await
}

async fn insert(
    conn: &mut PgConnection,
    account: NewAccount,
    verified_at: Option<OffsetDateTime>,
) -> AppResult<User> {
    if email_taken(&mut *conn, &account.email).await? {
        return Err(AppError::field(
            "email",
            Msg::Account(AccountMsg::EmailTaken),
        ));
    }
    let hash = passwords::hash(&account.password).await?;
    let row = sqlx::query_as!(
        UserRow,
        r#"INSERT INTO users (email, password_hash, display_name, role, email_verified_at, lang)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (email) DO NOTHING
           RETURNING id, email, display_name, role,
                     email_verified_at IS NOT NULL AS "verified!", session_epoch, lang"#,
        account.email.as_str(),
        hash,
        account.display_name,
        account.role.slug(),
        verified_at,
        account.lang.map(Lang::code),
    )
    .fetch_optional(conn)
    .await?;
    match row {
        Some(row) => row.try_into(),
        None => Err(AppError::field(
            "email",
            Msg::Account(AccountMsg::EmailTaken),
        )),
    }
}

/// Records that `user_id` accepts the current terms (`services::terms`),
/// in the sign-up's transaction.
async fn accept_current_terms(
    conn: &mut PgConnection,
    user_id: i64,
    now: OffsetDateTime,
) -> AppResult<()> {
    sqlx::query!(
        "INSERT INTO terms_acceptances (user_id, version, accepted_at)
         SELECT $1, max(version), $2 FROM terms_versions HAVING max(version) IS NOT NULL
         ON CONFLICT DO NOTHING",
        user_id,
        now
    )
    .execute(conn)
    .await?;
    Ok(())
}

async fn email_taken(conn: &mut PgConnection, email: &Email) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS "taken!""#,
        email.as_str()
    )
    .fetch_one(conn)
    .await?)
}

fn too_many(scope: Failures, minutes: i64) -> AppError {
    AppError::TooManyAttempts(Msg::Account(AccountMsg::TooManyFailures { scope, minutes }))
}

/// Counts a log-in attempt before its password is checked (see [`log_in`]):
/// per account and address, per account, and per address whatever the
/// account. Returns the account-and-address key a success clears.
async fn count_login_attempt(
    pool: &PgPool,
    email: &Email,
    address: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<String> {
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
        return Err(too_many(Failures::AccountFromNetwork, minutes));
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
        return Err(too_many(Failures::Account, minutes));
    }
    if let Err(minutes) = rate_limits::hit(
        pool,
        LOGIN_ADDRESS,
        address,
        limits.login_failures_per_address,
        now,
    )
    .await?
    {
        return Err(too_many(Failures::Network, minutes));
    }
    Ok(pair)
}

/// Checks a login attempt.
///
/// The attempt is counted before the password is checked, per account and
/// address (a short streak: a stranger elsewhere does not lock the person
/// out) and per account (a much higher ceiling, against guessing from many
/// addresses). A success clears both counts. Every attempt is also counted
/// per address, whatever the account, against one password tried on many
/// accounts; a success gives its attempt back, so only failures add up.
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
        return Err(AppError::field("password", FormMsg::Required));
    }
    let pair = count_login_attempt(pool, &email, address, limits, now).await?;
    let found = sqlx::query!(
        r#"SELECT id, email, display_name, role, password_hash,
                  email_verified_at IS NOT NULL AS "verified!", session_epoch, lang, suspension_reason
             FROM users WHERE email = $1"#,
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
            Msg::Account(AccountMsg::WrongCredentials),
        ));
    }
    let row = found.ok_or_else(|| AppError::internal("verified a missing user"))?;
    rate_limits::clear(pool, LOGIN_PAIR, &pair).await?;
    rate_limits::clear(pool, LOGIN_ACCOUNT, email.as_str()).await?;
    rate_limits::unhit(pool, LOGIN_ADDRESS, address).await?;
    // Told only to whoever knows the password.
    if let Some(reason) = row.suspension_reason {
        return Err(AppError::Forbidden(AccountMsg::Suspended { reason }.into()));
    }
    UserRow {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        role: row.role,
        verified: row.verified,
        session_epoch: row.session_epoch,
        lang: row.lang,
    }
    .try_into()
}

/// The account `id`, unless it is suspended: what a session may act as.
pub async fn find_active(pool: &PgPool, id: i64) -> AppResult<Option<User>> {
    let row = sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, display_name, role,
                  email_verified_at IS NOT NULL AS "verified!", session_epoch, lang
             FROM users WHERE id = $1 AND suspended_at IS NULL"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    row.map(User::try_from).transpose()
}

pub async fn find(pool: &PgPool, id: i64) -> AppResult<Option<User>> {
    let row = sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, display_name, role,
                  email_verified_at IS NOT NULL AS "verified!", session_epoch, lang
             FROM users WHERE id = $1"#,
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
        "UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1 WHERE email = $1",
        email.as_str(),
        hash
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Proves the address of the account a verification link was sent for.
/// Using a link twice, or an expired one, is refused; the account may
/// already be verified by then (a newer link), which the page says.
#[tracing::instrument(skip(pool, token))]
pub async fn verify_email(pool: &PgPool, token: &str, now: OffsetDateTime) -> AppResult<User> {
    let mut tx = pool.begin().await?;
    let user_id = tokens::consume(&mut tx, Purpose::Verify, token, now).await?;
    sqlx::query!(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1",
        user_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    find(pool, user_id)
        .await?
        .ok_or_else(|| AppError::internal("verified a missing user"))
}

const VERIFY_RESEND: &str = "verify-resend";

/// Sends the signed-in person a new verification link (older ones stop
/// working), a few times an hour at most.
pub async fn resend_verification(
    pool: &PgPool,
    user: &User,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<()> {
    if user.verified {
        return Err(AppError::Conflict(AccountMsg::AlreadyConfirmed.into()));
    }
    let key = user.id.to_string();
    if let Err(minutes) =
        rate_limits::hit(pool, VERIFY_RESEND, &key, limits.verification_resends, now).await?
    {
        return Err(AppError::TooManyAttempts(Msg::Account(
            AccountMsg::TooManyResends { minutes },
        )));
    }
    let mut tx = pool.begin().await?;
    send_verification(&mut tx, user, now).await?;
    tx.commit().await?;
    Ok(())
}

const RESET_ADDRESS: &str = "reset-address";
const RESET_ACCOUNT: &str = "reset-account";

/// Someone forgot their password: when `email` has an account, a reset
/// link goes to it. The answer is the same either way (and so is the work
/// done before answering: the email is sent later, by the outbox), so the
/// form tells nobody who has an account. Counted per address and per
/// account before anything else.
#[tracing::instrument(skip(pool, email, limits))]
pub async fn request_reset(
    pool: &PgPool,
    email: &str,
    address: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<()> {
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    for (bucket, key, limit) in [
        (RESET_ADDRESS, address, limits.resets_per_address),
        (RESET_ACCOUNT, email.as_str(), limits.resets_per_account),
    ] {
        if let Err(minutes) = rate_limits::hit(pool, bucket, key, limit, now).await? {
            return Err(AppError::TooManyAttempts(Msg::Account(
                AccountMsg::TooManyResets { minutes },
            )));
        }
    }
    let mut tx = pool.begin().await?;
    let found = sqlx::query!(
        "SELECT id, display_name FROM users WHERE email = $1 FOR UPDATE",
        email.as_str()
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(user) = found {
        let ttl = Duration::hours(mail::RESET_HOURS);
        let token = tokens::issue(&mut tx, user.id, Purpose::Reset, now, ttl).await?;
        let body = MailBody::Reset {
            name: user.display_name,
            token,
        };
        outbox::enqueue(&mut tx, Some(user.id), email.as_str(), &body, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets a new password from a reset link or an invitation: the link is
/// used up (with every other reset link of the account), every session is
/// signed out, the address counts as proved (the link reached it), and
/// after a reset the account is told by email. Returns the account and
/// whether it was an invitation.
#[tracing::instrument(skip(pool, token, password))]
pub async fn reset_password(
    pool: &PgPool,
    token: &str,
    password: &str,
    now: OffsetDateTime,
) -> AppResult<(User, bool)> {
    let password = Password::parse(password).map_err(|m| AppError::field("password", m))?;
    let hash = passwords::hash(&password).await?;
    let mut tx = pool.begin().await?;
    let purposes = [Purpose::Reset, Purpose::Invite];
    let (user_id, purpose) = tokens::consume_either(&mut tx, purposes, token, now).await?;
    tokens::void_all(&mut tx, user_id, Purpose::Reset, now).await?;
    tokens::void_all(&mut tx, user_id, Purpose::Invite, now).await?;
    let user = sqlx::query!(
        "UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1,
                email_verified_at = COALESCE(email_verified_at, $3)
          WHERE id = $1 RETURNING email, display_name",
        user_id,
        hash,
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    let invited = purpose == Purpose::Invite;
    if !invited {
        let body = MailBody::PasswordChanged {
            name: user.display_name,
        };
        outbox::enqueue(&mut tx, Some(user_id), &user.email, &body, now).await?;
    }
    tx.commit().await?;
    // Failed logins counted against the old password no longer matter.
    rate_limits::clear(pool, LOGIN_ACCOUNT, &user.email).await?;
    let user = find(pool, user_id)
        .await?
        .ok_or_else(|| AppError::internal("reset a missing user"))?;
    Ok((user, invited))
}

/// The client account a lead or project written by staff is for, in its
/// transaction. A confirmed client, or one staff invited, is taken as is;
/// an address with no account gets one, invited by email to choose a
/// password (`name` is then required). An account whose address is not
/// confirmed is refused: it would go to whoever typed that address.
pub async fn client_for_staff(
    conn: &mut PgConnection,
    staff: &User,
    email: &str,
    name: Option<&str>,
    title: &str,
    now: OffsetDateTime,
) -> AppResult<i64> {
    let found = sqlx::query!(
        r#"SELECT id, role, email_verified_at IS NOT NULL AS "verified!",
                  invited_by IS NOT NULL AS "invited!", display_name
             FROM users WHERE email = $1 FOR UPDATE"#,
        email
    )
    .fetch_optional(&mut *conn)
    .await?;
    match found {
        Some(u) if u.role != "client" => {
            Err(AppError::field("client_email", AccountMsg::NotAClientEmail))
        }
        Some(u) if u.verified => Ok(u.id),
        Some(u) if u.invited => {
            invite(conn, staff, u.id, email, &u.display_name, title, now).await?;
            Ok(u.id)
        }
        Some(_) => Err(AppError::field(
            "client_email",
            AccountMsg::ClientNotConfirmed,
        )),
        None => {
            let name =
                name.ok_or_else(|| AppError::field("client_name", AccountMsg::ClientNameNeeded))?;
            // A password nobody knows, until the client chooses theirs.
            let secret =
                Password::parse(&uuid::Uuid::new_v4().to_string()).map_err(AppError::internal)?;
            let hash = passwords::hash(&secret).await?;
            let id = sqlx::query_scalar!(
                "INSERT INTO users (email, password_hash, display_name, role, invited_by)
                 VALUES ($1, $2, $3, 'client', $4) RETURNING id",
                email,
                hash,
                name,
                staff.id
            )
            .fetch_one(&mut *conn)
            .await?;
            invite(conn, staff, id, email, name, title, now).await?;
            Ok(id)
        }
    }
}

/// Queues an invitation to choose a password (older ones stop working).
async fn invite(
    conn: &mut PgConnection,
    staff: &User,
    user_id: i64,
    email: &str,
    name: &str,
    title: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    tokens::void_all(conn, user_id, Purpose::Invite, now).await?;
    let ttl = Duration::days(mail::INVITE_DAYS);
    let token = tokens::issue(conn, user_id, Purpose::Invite, now, ttl).await?;
    let body = MailBody::Invite {
        name: name.to_string(),
        inviter: staff.display_name.clone(),
        title: title.to_string(),
        token,
    };
    outbox::enqueue(conn, Some(user_id), email, &body, now).await?;
    Ok(())
}

/// The signed-in person changes the name others see.
pub async fn change_name(pool: &PgPool, user: &User, name: &str) -> AppResult<User> {
    let name = crate::domain::fields::bounded(name, 2, 60)
        .map_err(|m| AppError::field("display_name", m))?;
    sqlx::query!(
        "UPDATE users SET display_name = $2 WHERE id = $1",
        user.id,
        name
    )
    .execute(pool)
    .await?;
    find(pool, user.id)
        .await?
        .ok_or_else(|| AppError::internal("renamed a missing user"))
}

const PASSWORD_CHANGE: &str = "password-change";

/// Refuses a change to the account unless `current` is its password
/// (form field `current_password`); attempts are counted like logins.
pub(crate) async fn prove_password(
    pool: &PgPool,
    user: &User,
    current: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<()> {
    let key = user.id.to_string();
    if let Err(minutes) = rate_limits::hit(
        pool,
        PASSWORD_CHANGE,
        &key,
        limits.login_per_account_and_address,
        now,
    )
    .await?
    {
        return Err(too_many(Failures::CurrentPassword, minutes));
    }
    let stored = sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", user.id)
        .fetch_one(pool)
        .await?;
    let plausible = !current.is_empty() && current.chars().count() <= PASSWORD_MAX;
    if !plausible || !passwords::verify(current.to_owned(), Some(stored)).await? {
        return Err(AppError::field(
            "current_password",
            AccountMsg::NotCurrentPassword,
        ));
    }
    rate_limits::clear(pool, PASSWORD_CHANGE, &key).await?;
    Ok(())
}

/// The signed-in person changes their password, proving the current one
/// (counted like logins). Every other session is signed out: the caller
/// keeps this one by storing the returned account's new epoch. The
/// account is told by email.
pub async fn change_password(
    pool: &PgPool,
    user: &User,
    current: &str,
    new: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<User> {
    prove_password(pool, user, current, limits, now).await?;
    let password = Password::parse(new).map_err(|m| AppError::field("new_password", m))?;
    let hash = passwords::hash(&password).await?;
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1 WHERE id = $1",
        user.id,
        hash
    )
    .execute(&mut *tx)
    .await?;
    tokens::void_all(&mut tx, user.id, Purpose::Reset, now).await?;
    let body = MailBody::PasswordChanged {
        name: user.display_name.clone(),
    };
    outbox::enqueue(&mut tx, Some(user.id), &user.email, &body, now).await?;
    tx.commit().await?;
    find(pool, user.id)
        .await?
        .ok_or_else(|| AppError::internal("changed a missing user's password"))
}

/// Signs out every session of the signed-in person but the caller's, which
/// keeps going by storing the returned account's new epoch.
pub async fn sign_out_others(pool: &PgPool, user: &User) -> AppResult<User> {
    sqlx::query!(
        "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1",
        user.id
    )
    .execute(pool)
    .await?;
    find(pool, user.id)
        .await?
        .ok_or_else(|| AppError::internal("signed out a missing user"))
}

/// Keeps the language `user` reads the product in.
pub async fn set_lang(pool: &PgPool, user: &User, lang: Lang) -> AppResult<()> {
    sqlx::query!(
        "UPDATE users SET lang = $2 WHERE id = $1",
        user.id,
        lang.code()
    )
    .execute(pool)
    .await?;
    Ok(())
}
