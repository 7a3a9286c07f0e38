//! Staff's overview: search, a person's file, suspension, unpaid fees.

use super::form::JsonOrForm;
use crate::error::{AppError, Msg};
use crate::views::staff::{PersonFile, SearchResults, UnpaidFee};
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "staff/search", input = Json)]
pub async fn staff_search(q: String) -> Result<SearchResults, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::staff_desk::search(&pool, &user, &q).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "staff/person", input = Json)]
pub async fn staff_person(id: i64) -> Result<PersonFile, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::staff_desk::person(&pool, &user, id).await
    })
    .await
}

/// Suspends an account (`suspend`) or reinstates it, with a reason.
#[server(prefix = "/api", endpoint = "staff/suspension", input = JsonOrForm)]
pub async fn set_suspension(id: i64, suspend: bool, reason: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::staff_desk::set_suspended(&pool, &user, id, suspend, &reason, now).await?;
        super::form::then_go(format!(
            "/staff/people/{id}?done={}",
            if suspend { "suspended" } else { "reinstated" }
        ));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "staff/fees", input = Json)]
pub async fn unpaid_fees() -> Result<Vec<UnpaidFee>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::staff_desk::unpaid_fees(&pool, &user, now).await
    })
    .await
}

/// Staff waive what is still due on one fee, with a reason.
#[server(prefix = "/api", endpoint = "staff/waive-fee", input = JsonOrForm)]
pub async fn waive_fee(project_id: i64, kind: String, reason: String) -> Result<Msg, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let kind = crate::domain::agreement::FeeKind::from_slug(&kind).ok_or_else(|| {
            AppError::field("kind", Msg::Deal(crate::domain::msg::DealMsg::NoSuchFee))
        })?;
        let done = crate::services::fees::waive(&pool, &user, project_id, kind, &reason).await?;
        super::form::then_go("/staff/fees?done=waived".to_string());
        Ok(done)
    })
    .await
}

crate::json_or_form!(SetSuspension);
crate::json_or_form!(WaiveFee);
