//! Offers on a project.

use crate::domain::offer::OfferForm;
use crate::error::AppError;
use crate::views::offers::OfferView;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "offers/save", input = Json)]
pub async fn save_offer(project_id: i64, form: OfferForm) -> Result<OfferView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::offers::save(&pool, &user, project_id, &form).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "offers/list", input = Json)]
pub async fn project_offers(project_id: i64) -> Result<Vec<OfferView>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::offers::for_project(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "offers/open", input = Json)]
pub async fn open_offer(offer_id: i64) -> Result<OfferView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::offers::open(&pool, &user, offer_id).await
    })
    .await
}
