//! Selection and agreement.

use crate::domain::agreement::AgreementForm;
use crate::error::AppError;
use crate::views::agreements::{AgreementView, ContenderView};
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

#[server(prefix = "/api", endpoint = "agreements/for-project", input = Json)]
pub async fn project_agreement(project_id: i64) -> Result<Option<AgreementView>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::agreements::for_project(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "agreements/propose", input = Json)]
pub async fn propose_agreement(
    project_id: i64,
    provider_id: i64,
    form: AgreementForm,
) -> Result<i64, AppError> {
    super::context::reply(async move {
        let rates = super::context::fee_rates();
        let (pool, user) = super::context::signed_in().await?;
        crate::services::agreements::propose(
            &pool,
            &user,
            project_id,
            provider_id,
            &form,
            rates,
            now(),
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "agreements/withdraw", input = Json)]
pub async fn withdraw_agreement(agreement_id: i64) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::agreements::withdraw(&pool, &user, agreement_id, now()).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "agreements/confirm", input = Json)]
pub async fn confirm_agreement(agreement_id: i64) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::agreements::confirm(&pool, &user, agreement_id, now()).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "agreements/contenders", input = Json)]
pub async fn project_contenders(project_id: i64) -> Result<Vec<ContenderView>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::agreements::contenders_for_client(&pool, &user, project_id).await
    })
    .await
}
