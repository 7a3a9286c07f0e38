//! Helpers shared by the database tests.
#![allow(dead_code)]

use app::domain::account::NewAccount;
use app::services::accounts::{self, User};
use sqlx::PgPool;

/// A new account of `role` ("client", "provider" or "staff"), named "Someone".
pub async fn user(pool: &PgPool, role: &str, email: &str) -> User {
    if role == "staff" {
        return accounts::create_staff(pool, email, "staff password", "Staff Member")
            .await
            .unwrap();
    }
    accounts::sign_up(
        pool,
        NewAccount::parse(email, "a good password", "Someone", role).unwrap(),
    )
    .await
    .unwrap()
}

/// A fresh idempotency key.
pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}
