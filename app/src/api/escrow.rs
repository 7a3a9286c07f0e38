//! The escrow's payment tab, its moves, staff's desk, completion and ratings.

use crate::error::AppError;
use crate::views::completion::CompletionView;
use crate::views::escrow::{AllocationForm, EscrowDesk, EscrowTab};
use crate::views::profiles::ProfileView;
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "escrow/tab", input = Json)]
pub async fn load_escrow_tab(project_id: i64) -> Result<EscrowTab, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::escrow::tab(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/deposit", input = Json)]
pub async fn deposit_escrow(
    project_id: i64,
    tranche: i32,
    amount: String,
    card: String,
    key: String,
) -> Result<String, AppError> {
    super::context::reply(async move {
        let gateway = super::context::gateway()?;
        let (pool, user) = super::context::signed_in().await?;
        crate::services::escrow::deposit(
            &pool, &gateway, &user, project_id, tranche, &amount, &card, &key,
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/release", input = Json)]
pub async fn release_escrow(
    project_id: i64,
    tranche: i32,
    amount: String,
    key: String,
) -> Result<String, AppError> {
    super::context::reply(async move {
        use crate::services::escrow::{let_go, Direction};
        let (pool, user) = super::context::signed_in().await?;
        let_go(
            &pool,
            &user,
            project_id,
            Direction::Release,
            tranche,
            &amount,
            &key,
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/refund", input = Json)]
pub async fn refund_escrow(
    project_id: i64,
    tranche: i32,
    amount: String,
    key: String,
) -> Result<String, AppError> {
    super::context::reply(async move {
        use crate::services::escrow::{let_go, Direction};
        let (pool, user) = super::context::signed_in().await?;
        let_go(
            &pool,
            &user,
            project_id,
            Direction::Refund,
            tranche,
            &amount,
            &key,
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/dispute", input = Json)]
pub async fn open_dispute(project_id: i64, reason: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::escrow::open_dispute(&pool, &user, project_id, &reason).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/decide", input = Json)]
pub async fn decide_dispute(
    project_id: i64,
    allocations: Vec<AllocationForm>,
    note: String,
    key: String,
) -> Result<String, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::escrow::decide(&pool, &user, project_id, &allocations, &note, &key).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/mark-paid", input = Json)]
pub async fn mark_payout_paid(payout_id: i64, reference: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::escrow::mark_paid(&pool, &user, payout_id, &reference).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/desk", input = Json)]
pub async fn load_escrow_desk() -> Result<EscrowDesk, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::escrow::desk(&pool, &user).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "projects/completion", input = Json)]
pub async fn project_completion(project_id: i64) -> Result<CompletionView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::completion::view(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "projects/complete", input = Json)]
pub async fn complete_project(project_id: i64) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::completion::complete(&pool, &user, project_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "projects/rate", input = Json)]
pub async fn rate_party(project_id: i64, stars: i32, comment: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::completion::rate(&pool, &user, project_id, stars, &comment).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "people/profile", input = Json)]
pub async fn person_profile(person_id: i64) -> Result<ProfileView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::completion::profile(&pool, &user, person_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "people/visibility", input = Json)]
pub async fn set_profile_public(public: bool) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::completion::set_profile_public(&pool, &user, public).await
    })
    .await
}
