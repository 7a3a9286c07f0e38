//! Staff's overview: search, a person's file, unpaid fees.

use crate::domain::account::Role;
use crate::domain::money::Cents;
use crate::domain::project::ProjectStatus;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonHit {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub suspended: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectHit {
    pub id: i64,
    pub title: String,
    pub status: ProjectStatus,
    pub client: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchResults {
    pub people: Vec<PersonHit>,
    pub projects: Vec<ProjectHit>,
}

/// A project in a person's file, with how they relate to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonProject {
    pub id: i64,
    pub title: String,
    pub status: ProjectStatus,
    /// "client", "agreement", "offer", "unlocked" or "lead".
    pub relation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonAgreement {
    pub project_id: i64,
    pub title: String,
    pub other_party: String,
    pub amount: Cents,
    pub formula: String,
    pub status: String,
}

/// One movement of the person's credits or prepaid account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub at: time::OffsetDateTime,
    pub kind: String,
    pub unit: String,
    pub amount: i64,
    pub balance_after: i64,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountEventView {
    pub at: time::OffsetDateTime,
    pub actor: String,
    /// suspended, reinstated, certification_applied, reference_checked,
    /// certified, certification_refused, certification_revoked.
    pub kind: String,
    /// What happened, as the product says it.
    pub what: Option<crate::domain::msg::Msg>,
    /// Why, in staff's own words (or a text written before `what`).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFile {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined: time::OffsetDateTime,
    pub last_active: time::OffsetDateTime,
    pub verified: bool,
    /// When and why, while suspended.
    pub suspended: Option<(time::OffsetDateTime, String)>,
    pub deleted: bool,
    pub projects: Vec<PersonProject>,
    pub agreements: Vec<PersonAgreement>,
    /// Credits (consultation, offer, contact) and the prepaid account, for a provider.
    pub balances: Option<(i64, i64, i64, Cents)>,
    pub ledger: Vec<LedgerLine>,
    pub events: Vec<AccountEventView>,
}

/// A platform fee still due on a signed agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnpaidFee {
    pub project_id: i64,
    pub title: String,
    pub payer_id: i64,
    pub payer: String,
    pub kind: crate::domain::agreement::FeeKind,
    pub due: Cents,
    /// Since the agreement was signed, and for how many days.
    pub since: time::OffsetDateTime,
    pub age_days: i64,
    pub deadline: crate::domain::fees::Deadline,
    pub overdue: bool,
    pub reminders: i32,
}
