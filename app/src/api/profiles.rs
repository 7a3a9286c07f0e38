//! People's profiles and who may see them.

use crate::error::AppError;
use crate::views::profiles::ProfileView;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "people/profile", input = Json)]
pub async fn person_profile(person_id: i64) -> Result<ProfileView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::profiles::profile(&pool, &user, person_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "people/visibility", input = Json)]
pub async fn set_profile_public(public: bool) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::profiles::set_profile_public(&pool, &user, public).await
    })
    .await
}
