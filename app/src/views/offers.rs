//! Offers on a project.

use crate::domain::money::Cents;
use serde::{Deserialize, Serialize};

/// An offer as its reader may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub id: i64,
    pub project_id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub amount: Cents,
    pub duration_days: i32,
    pub message: String,
    pub sent_at: time::OffsetDateTime,
    pub updated_at: time::OffsetDateTime,
    /// When the client first opened it; shown to the client and to its author only.
    pub read_at: Option<time::OffsetDateTime>,
    pub is_mine: bool,
    /// The day its author was certified, if they are.
    pub certified_since: Option<time::Date>,
}
