//! A provider's preferences.

use crate::domain::feed::Preferences;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "preferences/get", input = Json)]
pub async fn my_preferences() -> Result<Preferences, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::preferences::get(&pool, &user).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "preferences/save", input = Json)]
pub async fn save_preferences(
    services: Vec<String>,
    regions: Vec<String>,
    budget_min: String,
    budget_max: String,
) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let prefs = Preferences::parse(&services, &regions, &budget_min, &budget_max)?;
        crate::services::preferences::save(&pool, &user, &prefs).await
    })
    .await
}
