//! What a service that acts is given, in one value: where to read and
//! write, how to take a payment, what time it is, and who is asking.
//! Server functions build it from the request (`api::context::acting`);
//! tests build it with `Acting::new`.

use super::accounts::User;
use super::gateway::{Charge, Gateway, Receipt};
use super::payments::{self, Purpose};
use crate::error::AppResult;
use sqlx::PgPool;
use time::OffsetDateTime;

#[derive(Clone)]
pub struct Acting {
    pub pool: PgPool,
    pub gateway: Gateway,
    /// The request's time, read once, so one request sees one "now".
    pub now: OffsetDateTime,
    pub user: User,
}

impl Acting {
    /// Charges a card the acting person typed, through the gateway, for
    /// `purpose` (see `payments::charge_card`).
    pub async fn charge_card(&self, purpose: Purpose, charge: &Charge) -> AppResult<Receipt> {
        payments::charge_card(&self.pool, &self.gateway, purpose, charge).await
    }

    /// `user` acting now.
    pub fn new(pool: PgPool, gateway: Gateway, user: User) -> Acting {
        Acting {
            pool,
            gateway,
            now: OffsetDateTime::now_utc(),
            user,
        }
    }
}
