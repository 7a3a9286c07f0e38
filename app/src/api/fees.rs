//! The platform's fees on a signed agreement, and downward revisions.

#[cfg(feature = "ssr")]
use crate::domain::agreement::FeeKind;
use crate::error::{AppError, Msg};
use crate::views::fees::FeesView;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "fees/for-project", input = Json)]
pub async fn project_fees(project_id: i64) -> Result<FeesView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::fees::view(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "fees/pay", input = Json)]
pub async fn pay_fee(
    project_id: i64,
    kind: String,
    card: String,
    key: String,
) -> Result<Msg, AppError> {
    super::context::reply(async move {
        let gateway = super::context::gateway()?;
        let (pool, user) = super::context::signed_in().await?;
        let kind = FeeKind::from_slug(&kind).ok_or_else(|| {
            AppError::field("kind", Msg::Deal(crate::domain::msg::DealMsg::NoSuchFee))
        })?;
        crate::services::fees::pay(&pool, &gateway, &user, project_id, kind, &card, &key).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "fees/revise", input = Json)]
pub async fn propose_revision(
    project_id: i64,
    amount: String,
    reason: String,
) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::fees::propose_revision(&pool, &user, project_id, &amount, &reason).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "fees/answer", input = Json)]
pub async fn answer_revision(project_id: i64, accept: bool) -> Result<Msg, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let answer = crate::domain::agreement::Answer::from_accept(accept);
        crate::services::fees::answer_revision(&pool, &user, project_id, answer).await
    })
    .await
}
