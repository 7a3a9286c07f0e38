//! Platform fees on an agreement.

use crate::domain::agreement::FeeKind;
use crate::domain::fees::Deadline;
use crate::domain::money::Cents;
use serde::{Deserialize, Serialize};

/// One platform fee on an agreement, for its parties and staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    pub kind: FeeKind,
    pub payer_name: String,
    /// The viewer pays this fee.
    pub mine: bool,
    /// Basis points of the agreed amount.
    pub rate_bp: i64,
    pub fee: Cents,
    pub due: Cents,
    pub paid: Cents,
    /// Owed back to the payer after a downward revision.
    pub credit: Cents,
    /// Forgiven by staff.
    pub waived: Cents,
    pub deadline: Deadline,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionView {
    pub id: i64,
    pub proposed_by: String,
    pub by_me: bool,
    pub old_amount: Cents,
    pub new_amount: Cents,
    pub reason: String,
    /// proposed, accepted or declined.
    pub status: String,
    pub credit: Option<Cents>,
    pub proposed_at: time::OffsetDateTime,
}

/// The platform's fees on a confirmed agreement and its revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeesView {
    pub project_id: i64,
    pub amount: Cents,
    pub basic: bool,
    pub lines: Vec<FeeLine>,
    pub revisions: Vec<RevisionView>,
    /// The viewer may propose a downward revision now.
    pub can_revise: bool,
}
