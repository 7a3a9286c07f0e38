//! The email outbox as staff see it.

use serde::{Deserialize, Serialize};

/// An email given up after its last attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadEmailView {
    pub id: i64,
    pub to: String,
    pub kind: String,
    pub attempts: i32,
    pub last_error: String,
    /// ISO date-time (UTC) it was queued.
    pub queued_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub pending: i64,
    /// Seconds the oldest pending email has waited, if any.
    pub oldest_pending_secs: Option<i64>,
    pub sent_last_day: i64,
    pub dead: Vec<DeadEmailView>,
}
