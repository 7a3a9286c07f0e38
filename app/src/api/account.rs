//! The signed-in person's account: name, password, sessions.

use super::form::JsonOrForm;
use crate::error::{AppError, Msg};
use crate::views::account::SessionView;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Keeps the caller's session after its account's epoch moved on.
#[cfg(feature = "ssr")]
async fn keep_this_session(
    pool: &sqlx::PgPool,
    user: &crate::services::accounts::User,
) -> Result<(), AppError> {
    let session = super::context::session().await?;
    if let Some(sid) = super::context::session_row().await? {
        crate::services::sessions::carry_over(pool, sid, user).await?;
    }
    session
        .insert(super::context::SESSION_EPOCH, user.session_epoch)
        .await
        .map_err(AppError::internal)
}

#[server(prefix = "/api", endpoint = "account/name", input = JsonOrForm)]
pub async fn change_name(display_name: String) -> Result<String, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let user = crate::services::accounts::change_name(&pool, &user, &display_name).await?;
        super::form::then_go("/account?saved=name");
        Ok(user.display_name)
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/password", input = JsonOrForm)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let limits = super::context::limits();
        let now = time::OffsetDateTime::now_utc();
        let user = crate::services::accounts::change_password(
            &pool,
            &user,
            &current_password,
            &new_password,
            &limits,
            now,
        )
        .await?;
        keep_this_session(&pool, &user).await?;
        super::form::then_go("/account?saved=password");
        Ok(())
    })
    .await
}

/// Signs out every other session of the signed-in person.
#[server(prefix = "/api", endpoint = "account/sign-out-others", input = JsonOrForm)]
pub async fn sign_out_others() -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let user = crate::services::accounts::sign_out_others(&pool, &user).await?;
        keep_this_session(&pool, &user).await?;
        super::form::then_go("/account?saved=sessions");
        Ok(())
    })
    .await
}

/// The browsers the signed-in person is signed in on.
#[server(prefix = "/api", endpoint = "account/sessions", input = Json)]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let current = super::context::session_row().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::sessions::list(&pool, &user, current, now).await
    })
    .await
}

/// Signs out one of the signed-in person's sessions.
#[server(prefix = "/api", endpoint = "account/sign-out-session", input = JsonOrForm)]
pub async fn sign_out_session(id: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::sessions::sign_out_one(&pool, &user, &id, now).await?;
        super::form::then_go("/account?saved=session");
        Ok(())
    })
    .await
}

/// Signs out every session of the signed-in person, this one too.
#[server(prefix = "/api", endpoint = "account/log-out-everywhere", input = JsonOrForm)]
pub async fn log_out_everywhere() -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let session = super::context::session().await?;
        crate::services::accounts::sign_out_others(&pool, &user).await?;
        session.flush().await.map_err(AppError::internal)?;
        super::form::then_go("/login?everywhere=1");
        Ok(())
    })
    .await
}

/// Asks to move the account to a new address: a link goes there.
#[server(prefix = "/api", endpoint = "account/email", input = JsonOrForm)]
pub async fn change_email(new_email: String, current_password: String) -> Result<String, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let limits = super::context::limits();
        let now = time::OffsetDateTime::now_utc();
        let sent = crate::services::account_changes::request_email_change(
            &pool,
            &user,
            &new_email,
            &current_password,
            &limits,
            now,
        )
        .await?;
        super::form::then_go("/account?saved=email");
        Ok(sent)
    })
    .await
}

/// Moves the account to the address the link was sent to.
#[server(prefix = "/api", endpoint = "account/confirm-email", input = JsonOrForm)]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let pool = super::context::pool()?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::account_changes::confirm_email_change(&pool, &token, now).await?;
        super::form::then_go("/confirm-email?done=1");
        Ok(())
    })
    .await
}

/// Why the signed-in person's account cannot be deleted yet (empty: it can).
#[server(prefix = "/api", endpoint = "account/deletion-blockers", input = Json)]
pub async fn deletion_blockers() -> Result<Vec<Msg>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::account_changes::deletion_blockers(&pool, &user).await
    })
    .await
}

/// Deletes the signed-in person's account and signs this browser out.
#[server(prefix = "/api", endpoint = "account/delete", input = JsonOrForm)]
pub async fn delete_account(current_password: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let session = super::context::session().await?;
        let limits = super::context::limits();
        let now = time::OffsetDateTime::now_utc();
        crate::services::account_changes::delete_account(
            &pool,
            &user,
            &current_password,
            &limits,
            now,
        )
        .await?;
        session.flush().await.map_err(AppError::internal)?;
        super::form::then_go("/login?deleted=1");
        Ok(())
    })
    .await
}

crate::json_or_form!(
    ChangeEmail,
    ConfirmEmail,
    DeleteAccount,
    ChangeName,
    ChangePassword,
    SignOutOthers,
    SignOutSession,
    LogOutEverywhere
);
