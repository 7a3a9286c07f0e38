//! Certification as the provider and staff see it.

use crate::domain::certification::{Outcome, Status};
use crate::domain::money::Cents;
use serde::{Deserialize, Serialize};

/// One client reference and what its check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceView {
    pub position: i32,
    pub name: String,
    pub company: String,
    pub email: String,
    pub phone: String,
    pub project: String,
    pub amount: Cents,
    pub year: i32,
    pub outcome: Outcome,
    /// Staff's notes (shown to staff only; empty for the provider).
    pub notes: String,
    /// When and by whom, once checked (staff only).
    pub checked: Option<(time::OffsetDateTime, String)>,
}

/// One application, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub status: Status,
    pub applied_at: time::OffsetDateTime,
    pub decided_at: Option<time::OffsetDateTime>,
    /// Why it was refused or revoked.
    pub reason: Option<String>,
    pub references: Vec<ReferenceView>,
    pub confirmed: usize,
}

/// The provider's certification page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCertification {
    /// Their latest application, if any.
    pub latest: Option<ApplicationView>,
    /// They may apply (again) now.
    pub can_apply: bool,
}

/// A certified provider, for staff's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertifiedView {
    pub provider_id: i64,
    pub provider_name: String,
    /// The day they were certified (ISO date).
    pub since: time::Date,
}

/// Staff's certification queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationQueue {
    /// Under review, oldest first.
    pub waiting: Vec<ApplicationView>,
    pub certified: Vec<CertifiedView>,
}
