//! What a person changes about their own account beyond name and
//! password: moving it to a new email address (proved at the new address,
//! told to the old one) and deleting it (refused while money or work is
//! still under way; otherwise personal data is erased and the rows that
//! ledgers and projects point at stay, anonymous).

use super::accounts::{self, User};
use super::tokens::{self, Purpose};
use super::{outbox, passwords};
use crate::domain::account::{Email, Password, Role};
use crate::domain::mail::{self, MailBody};
use crate::domain::msg::AccountMsg;
use crate::domain::rate_limit::Limits;
use crate::domain::values::Blocker;
use crate::error::{AppError, AppResult, Msg};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

/// Asks to move the account to `new_email`, proving the password: a link
/// goes to the new address, and nothing changes until it is opened.
/// Returns the address the link was sent to.
pub async fn request_email_change(
    pool: &PgPool,
    user: &User,
    new_email: &str,
    current_password: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<String> {
    let email = Email::parse(new_email).map_err(|m| AppError::field("new_email", m))?;
    if email.as_str() == user.email {
        return Err(AppError::field(
            "new_email",
            Msg::Account(AccountMsg::SameAddress),
        ));
    }
    accounts::prove_password(pool, user, current_password, limits, now).await?;
    let mut tx = pool.begin().await?;
    if taken(&mut tx, email.as_str()).await? {
        return Err(AppError::field(
            "new_email",
            Msg::Account(AccountMsg::AddressTaken),
        ));
    }
    tokens::void_all(&mut tx, user.id, Purpose::Email, now).await?;
    let ttl = Duration::hours(mail::CHANGE_EMAIL_HOURS);
    let token = tokens::issue_for_address(&mut tx, user.id, email.as_str(), now, ttl).await?;
    let body = MailBody::ConfirmEmail {
        name: user.display_name.clone(),
        new_email: email.as_str().to_string(),
        token,
    };
    outbox::enqueue(&mut tx, Some(user.id), email.as_str(), &body, now).await?;
    tx.commit().await?;
    Ok(email.as_str().to_string())
}

async fn taken(conn: &mut sqlx::PgConnection, email: &str) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS "taken!""#,
        email
    )
    .fetch_one(conn)
    .await?)
}

/// Moves the account to the address a link was sent to: the address is
/// confirmed (the link reached it), links sent to the old address stop
/// working, and the old address is told.
pub async fn confirm_email_change(
    pool: &PgPool,
    token: &str,
    now: OffsetDateTime,
) -> AppResult<User> {
    let mut tx = pool.begin().await?;
    let (user_id, new_email) = tokens::consume_for_address(&mut tx, token, now).await?;
    let old = sqlx::query!(
        "SELECT email, display_name FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE",
        user_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Forbidden(tokens::SPENT))?;
    if taken(&mut tx, &new_email).await? {
        return Err(AppError::Conflict(
            crate::domain::msg::AccountMsg::AddressTakenSince.into(),
        ));
    }
    sqlx::query!(
        "UPDATE users SET email = $2, email_verified_at = $3 WHERE id = $1",
        user_id,
        new_email,
        now
    )
    .execute(&mut *tx)
    .await?;
    for purpose in [Purpose::Reset, Purpose::Verify, Purpose::Email] {
        tokens::void_all(&mut tx, user_id, purpose, now).await?;
    }
    let body = MailBody::EmailChanged {
        name: old.display_name,
        new_email: new_email.clone(),
    };
    outbox::enqueue(&mut tx, Some(user_id), &old.email, &body, now).await?;
    tx.commit().await?;
    accounts::find(pool, user_id)
        .await?
        .ok_or_else(|| AppError::internal("moved a missing account"))
}

/// Why the account cannot be deleted yet, in words its owner can act on;
/// empty when it can.
pub async fn deletion_blockers(pool: &PgPool, user: &User) -> AppResult<Vec<Msg>> {
    let mut conn = pool.acquire().await?;
    blockers(&mut conn, user).await
}

async fn blockers(conn: &mut sqlx::PgConnection, user: &User) -> AppResult<Vec<Msg>> {
    let blocked = |why: Blocker, title: String| Msg::Account(AccountMsg::Blocked { why, title });
    if user.role == Role::Staff {
        return Ok(vec![blocked(Blocker::Staff, String::new())]);
    }
    let rows = sqlx::query!(
        r#"SELECT CASE status WHEN 'in_progress' THEN 'in_progress' ELSE 'open' END AS "why!",
                  title AS "title!"
             FROM projects
            WHERE client_id = $1 AND status IN ('pending_validation', 'published', 'in_progress')
           UNION ALL
           SELECT 'working', p.title
             FROM agreements a JOIN projects p ON p.id = a.project_id
            WHERE a.provider_id = $1 AND a.status = 'confirmed' AND p.status = 'in_progress'
           UNION ALL
           SELECT 'held', p.title
             FROM escrows e JOIN projects p ON p.id = e.project_id
            WHERE $1 IN (e.client_id, e.provider_id)
              AND (SELECT sum(deposited_cents - released_cents - refunded_cents)
                     FROM escrow_tranches t WHERE t.agreement_id = e.agreement_id) > 0
           UNION ALL
           SELECT 'payout', p.title
             FROM escrows e JOIN projects p ON p.id = e.project_id
            WHERE e.provider_id = $1
              AND ((SELECT sum(released_cents) FROM escrow_tranches t
                     WHERE t.agreement_id = e.agreement_id) > e.paid_cents)
           UNION ALL
           SELECT 'fees', p.title
             FROM platform_fees f JOIN agreements a ON a.id = f.agreement_id
                  JOIN projects p ON p.id = a.project_id
            WHERE f.payer_id = $1 AND f.due_cents > 0"#,
        user.id
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let why = Blocker::from_slug(&r.why).ok_or_else(|| AppError::internal("a blocker"))?;
            Ok(blocked(why, r.title))
        })
        .collect()
}

/// The name a deleted account is shown under.
pub const DELETED_NAME: &str = "Deleted account";

/// Deletes the account, proving the password, unless something is under
/// way (the reasons are given). Name, address, profile, preferences,
/// sessions, links, notifications and emails are erased; the row stays so
/// ledgers, projects and messages keep an anonymous author. A last email
/// tells the old address.
pub async fn delete_account(
    pool: &PgPool,
    user: &User,
    current_password: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<()> {
    accounts::prove_password(pool, user, current_password, limits, now).await?;
    // Nobody will ever know this password.
    let secret = Password::parse(&uuid::Uuid::new_v4().to_string()).map_err(AppError::internal)?;
    let hash = passwords::hash(&secret).await?;
    let mut tx = pool.begin().await?;
    // Locks the account: a project or payment started meanwhile waits.
    sqlx::query!("SELECT id FROM users WHERE id = $1 FOR UPDATE", user.id)
        .fetch_one(&mut *tx)
        .await?;
    let blockers = blockers(&mut tx, user).await?;
    if !blockers.is_empty() {
        return Err(AppError::Conflict(Msg::Account(AccountMsg::CannotDelete {
            reasons: blockers,
        })));
    }
    erase(&mut tx, user, &hash, now).await?;
    let body = MailBody::AccountDeleted {
        name: user.display_name.clone(),
        lang: user.lang.unwrap_or_default(),
    };
    outbox::enqueue(&mut tx, None, &user.email, &body, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn erase(
    tx: &mut sqlx::PgConnection,
    user: &User,
    hash: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    sqlx::query!(
        "UPDATE users SET email = 'deleted-' || id || '@deleted.invalid', display_name = $2,
                password_hash = $3, email_verified_at = NULL, invited_by = NULL,
                profile_public = false, digest_hour = NULL, deleted_at = $4,
                session_epoch = session_epoch + 1
          WHERE id = $1",
        user.id,
        DELETED_NAME,
        hash,
        now
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE subscriptions SET status = 'ended', ended_reason = 'stopped', renews = false,
                payment_token = '', card_last4 = ''
          WHERE provider_id = $1 AND status = 'active'",
        user.id
    )
    .execute(&mut *tx)
    .await?;
    // Everything else that is theirs alone goes.
    sqlx::query!(
        "WITH a AS (DELETE FROM user_sessions WHERE user_id = $1),
              b AS (DELETE FROM account_tokens WHERE user_id = $1),
              c AS (DELETE FROM notification_settings WHERE user_id = $1),
              d AS (DELETE FROM notifications WHERE user_id = $1),
              e AS (DELETE FROM provider_preferences WHERE provider_id = $1),
              f AS (DELETE FROM digests WHERE user_id = $1)
         DELETE FROM emails WHERE user_id = $1",
        user.id
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}
