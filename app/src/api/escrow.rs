//! The escrow's payment tab, its moves and staff's desk.

use crate::error::{AppError, Msg};
use crate::views::escrow::{AllocationForm, EscrowDesk, EscrowTab};
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
) -> Result<Msg, AppError> {
    super::context::reply(async move {
        use crate::services::escrow::{deposit, Deposit};
        let acting = super::context::acting().await?;
        deposit(
            &acting,
            Deposit::parse(project_id, tranche, &amount, &card, &key)?,
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
) -> Result<Msg, AppError> {
    super::context::reply(async move {
        use crate::services::escrow::{let_go, Direction, LetGo};
        let acting = super::context::acting().await?;
        let cmd = LetGo::parse(project_id, Direction::Release, tranche, &amount, &key)?;
        let_go(&acting, cmd).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/refund", input = Json)]
pub async fn refund_escrow(
    project_id: i64,
    tranche: i32,
    amount: String,
    key: String,
) -> Result<Msg, AppError> {
    super::context::reply(async move {
        use crate::services::escrow::{let_go, Direction, LetGo};
        let acting = super::context::acting().await?;
        let cmd = LetGo::parse(project_id, Direction::Refund, tranche, &amount, &key)?;
        let_go(&acting, cmd).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/dispute", input = Json)]
pub async fn open_dispute(project_id: i64, reason: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let acting = super::context::acting().await?;
        crate::services::escrow::open_dispute(&acting, project_id, &reason).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "escrow/decide", input = Json)]
pub async fn decide_dispute(
    project_id: i64,
    allocations: Vec<AllocationForm>,
    note: String,
    key: String,
) -> Result<Msg, AppError> {
    super::context::reply(async move {
        use crate::services::escrow::{decide, may_decide, Decision};
        let acting = super::context::acting().await?;
        may_decide(&acting.user)?;
        decide(
            &acting,
            Decision::parse(project_id, &allocations, &note, &key)?,
        )
        .await
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
