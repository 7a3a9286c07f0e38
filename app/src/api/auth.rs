//! Signing up, logging in and out, and who is signed in.

use super::form::JsonOrForm;
use crate::error::AppError;
use crate::views::account::CurrentUser;
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
impl From<crate::services::accounts::User> for CurrentUser {
    fn from(u: crate::services::accounts::User) -> Self {
        CurrentUser {
            id: u.id,
            display_name: u.display_name,
            email: u.email,
            role: u.role,
            verified: u.verified,
            lang: u.lang,
            terms_due: false,
        }
    }
}

#[cfg(feature = "ssr")]
async fn start_session(
    pool: &sqlx::PgPool,
    session: &tower_sessions::Session,
    user: &crate::services::accounts::User,
) -> Result<(), AppError> {
    // A new session id at login, so a planted id is worth nothing.
    session.cycle_id().await.map_err(AppError::internal)?;
    session
        .insert(super::context::USER_ID, user.id)
        .await
        .map_err(AppError::internal)?;
    session
        .insert(super::context::SESSION_EPOCH, user.session_epoch)
        .await
        .map_err(AppError::internal)?;
    super::context::open_session_row(pool, session, user).await
}

#[server(prefix = "/api", endpoint = "me", input = Json)]
pub async fn me() -> Result<Option<CurrentUser>, AppError> {
    super::context::reply(async move {
        let Some(user) = super::context::current_user().await? else {
            return Ok(None);
        };
        let pool = super::context::pool()?;
        let accepted = crate::services::terms::is_accepted(&pool, user.id).await?;
        Ok(Some(CurrentUser {
            terms_due: !accepted,
            ..user.into()
        }))
    })
    .await
}

#[server(prefix = "/api", endpoint = "signup", input = JsonOrForm)]
pub async fn sign_up(
    email: String,
    password: String,
    display_name: String,
    role: String,
    /// The terms box, ticked ("true"); a sign-up without it is refused.
    #[server(default)]
    accept_terms: bool,
) -> Result<CurrentUser, AppError> {
    super::context::reply(async move {
        use crate::domain::account::NewAccount;
        use crate::services::accounts;
        let pool = super::context::pool()?;
        let limits = super::context::limits();
        let address = super::context::client_address();
        let session = super::context::session().await?;
        let mut account = match NewAccount::parse(&email, &password, &display_name, &role) {
            Ok(account) if accept_terms => account,
            Ok(_) => {
                return Err(AppError::field(
                    "accept_terms",
                    crate::error::Msg::Account(crate::domain::msg::AccountMsg::AcceptTerms),
                ))
            }
            Err(mut errors) => {
                if !accept_terms {
                    errors.add(
                        "accept_terms",
                        crate::error::Msg::Account(crate::domain::msg::AccountMsg::AcceptTerms),
                    );
                }
                return Err(errors.into());
            }
        };
        account.lang = Some(super::lang::of_request());
        account.accepts_terms = true;
        let now = time::OffsetDateTime::now_utc();
        let user = accounts::sign_up(&pool, account, &address, &limits, now).await?;
        start_session(&pool, &session, &user).await?;
        super::form::then_go(user.role.home());
        Ok(user.into())
    })
    .await
}

#[server(prefix = "/api", endpoint = "login", input = JsonOrForm)]
pub async fn log_in(email: String, password: String) -> Result<CurrentUser, AppError> {
    super::context::reply(async move {
        use crate::services::accounts;
        let pool = super::context::pool()?;
        let limits = super::context::limits();
        let address = super::context::client_address();
        let session = super::context::session().await?;
        let now = time::OffsetDateTime::now_utc();
        let user = accounts::log_in(&pool, &email, &password, &address, &limits, now).await?;
        start_session(&pool, &session, &user).await?;
        // The person's own language from now on, on this browser too.
        if let Some(lang) = user.lang {
            super::lang::remember(lang);
        }
        super::form::then_go(user.role.home());
        Ok(user.into())
    })
    .await
}

#[server(prefix = "/api", endpoint = "logout", input = JsonOrForm)]
pub async fn log_out() -> Result<(), AppError> {
    super::context::reply(async move {
        let pool = super::context::pool()?;
        let session = super::context::session().await?;
        if let Some(sid) = super::context::session_row().await? {
            let now = time::OffsetDateTime::now_utc();
            crate::services::sessions::end(&pool, sid, now).await?;
        }
        session.flush().await.map_err(AppError::internal)?;
        super::form::then_go("/");
        Ok(())
    })
    .await
}

/// Confirms an email address from the link we sent to it.
#[server(prefix = "/api", endpoint = "account/verify", input = JsonOrForm)]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let pool = super::context::pool()?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::accounts::verify_email(&pool, &token, now).await?;
        super::form::then_go("/verify-email?done=1");
        Ok(())
    })
    .await
}

/// Sends the signed-in person a new verification link.
#[server(prefix = "/api", endpoint = "account/resend", input = JsonOrForm)]
pub async fn resend_verification() -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let limits = super::context::limits();
        let now = time::OffsetDateTime::now_utc();
        crate::services::accounts::resend_verification(&pool, &user, &limits, now).await?;
        super::form::then_go("/verify-email?sent=1");
        Ok(())
    })
    .await
}

/// Asks for a password-reset link; answers the same whether the address
/// has an account or not.
#[server(prefix = "/api", endpoint = "account/forgot", input = JsonOrForm)]
pub async fn request_reset(email: String) -> Result<crate::domain::msg::Msg, AppError> {
    super::context::reply(async move {
        let pool = super::context::pool()?;
        let limits = super::context::limits();
        let address = super::context::client_address();
        let now = time::OffsetDateTime::now_utc();
        crate::services::accounts::request_reset(&pool, &email, &address, &limits, now).await?;
        super::form::then_go("/forgot-password?sent=1");
        Ok(crate::domain::msg::AccountMsg::ResetSent.into())
    })
    .await
}

/// Sets a new password from a reset link; every session is signed out.
#[server(prefix = "/api", endpoint = "account/reset", input = JsonOrForm)]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let pool = super::context::pool()?;
        let now = time::OffsetDateTime::now_utc();
        let (_, invited) =
            crate::services::accounts::reset_password(&pool, &token, &password, now).await?;
        // This browser's session, if any, is one of those signed out.
        let session = super::context::session().await?;
        session.flush().await.map_err(AppError::internal)?;
        super::form::then_go(if invited {
            "/login?welcome=1"
        } else {
            "/login?reset=1"
        });
        Ok(())
    })
    .await
}

crate::json_or_form!(
    SignUp,
    LogIn,
    LogOut,
    VerifyEmail,
    ResendVerification,
    RequestReset,
    ResetPassword
);
