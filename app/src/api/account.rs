//! The signed-in person's account: name, password, sessions.

use super::form::JsonOrForm;
use crate::error::AppError;
use leptos::prelude::*;

/// Keeps the caller's session after its account's epoch moved on.
#[cfg(feature = "ssr")]
async fn keep_this_session(user: &crate::services::accounts::User) -> Result<(), AppError> {
    let session = super::context::session().await?;
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
        keep_this_session(&user).await?;
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
        keep_this_session(&user).await?;
        super::form::then_go("/account?saved=sessions");
        Ok(())
    })
    .await
}

crate::json_or_form!(ChangeName, ChangePassword, SignOutOthers);
