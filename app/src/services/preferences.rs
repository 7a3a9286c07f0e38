//! A provider's preferences: what the feed shows by default.

use super::accounts::User;
use crate::domain::account::Role;
use crate::domain::catalog::{Region, Service};
use crate::domain::feed::Preferences;
use crate::domain::money::Money;
use crate::domain::msg::FormMsg;
use crate::error::{AppError, AppResult, Msg};
use sqlx::PgPool;

fn require_provider(user: &User) -> AppResult<()> {
    if user.role == Role::Provider {
        Ok(())
    } else {
        Err(AppError::Forbidden(Msg::Form(FormMsg::ForProviders)))
    }
}

pub async fn get(pool: &PgPool, user: &User) -> AppResult<Preferences> {
    require_provider(user)?;
    let row = sqlx::query!(
        "SELECT services, regions, budget_min, budget_max FROM provider_preferences WHERE provider_id = $1",
        user.id
    )
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(Preferences::default());
    };
    let bad = |_| AppError::internal(format!("preferences of {}: bad value", user.id));
    Ok(Preferences {
        services: row
            .services
            .iter()
            .map(|s| Service::parse(s))
            .collect::<Result<_, _>>()
            .map_err(bad)?,
        regions: row
            .regions
            .iter()
            .map(|r| Region::parse(r))
            .collect::<Result<_, _>>()
            .map_err(bad)?,
        budget_min: row
            .budget_min
            .map(Money::from_decimal)
            .transpose()
            .map_err(bad)?,
        budget_max: row
            .budget_max
            .map(Money::from_decimal)
            .transpose()
            .map_err(bad)?,
    })
}

pub async fn save(pool: &PgPool, user: &User, prefs: &Preferences) -> AppResult<()> {
    require_provider(user)?;
    let services: Vec<String> = prefs.services.iter().map(|s| s.slug().to_owned()).collect();
    let regions: Vec<String> = prefs.regions.iter().map(|r| r.slug().to_owned()).collect();
    sqlx::query!(
        "INSERT INTO provider_preferences (provider_id, services, regions, budget_min, budget_max, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (provider_id) DO UPDATE
            SET services = $2, regions = $3, budget_min = $4, budget_max = $5, updated_at = now()",
        user.id,
        &services,
        &regions,
        prefs.budget_min.map(Money::amount),
        prefs.budget_max.map(Money::amount)
    )
    .execute(pool)
    .await?;
    Ok(())
}
