//! Referral leads and the credit requests on their purchases.

use super::credits::ClientContact;
use super::projects::ProjectView;
use crate::domain::lead::{LapseReason, Reservation};
use crate::domain::money::Cents;
use serde::{Deserialize, Serialize};

/// A provider's own answer to a lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadAnswer {
    /// Bought (at full price, or awarded at half price): `paid` is what it cost.
    Bought {
        paid: Cents,
    },
    Reserved,
    Lapsed {
        reason: LapseReason,
    },
}

/// A lead as a matching provider sees it in the leads tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadView {
    pub project: ProjectView,
    pub price: Cents,
    pub half_price: Option<Cents>,
    pub buyers: i32,
    pub cap: i32,
    /// ISO date-time (UTC) of the half-price mark.
    pub half_price_at: String,
    /// Seconds until the half-price mark; zero once past.
    pub seconds_to_mark: i64,
    pub answer: Option<LeadAnswer>,
    /// The client's details, once bought.
    pub contact: Option<ClientContact>,
    pub credit_request: Option<CreditRequestView>,
}

/// The answer to a buy: what it cost and the client's details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadPurchase {
    pub project_id: i64,
    /// False when it was already bought: nothing was charged.
    pub charged: bool,
    pub paid: Cents,
    pub balance_after: Cents,
    pub contact: ClientContact,
}

/// A reservation or a refusal recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadAnswered {
    pub project_id: i64,
    pub reservation: Option<Reservation>,
}

/// A credit request on a lead purchase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRequestView {
    pub id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub provider_name: String,
    pub paid: Cents,
    pub reason: String,
    /// pending, accepted or refused.
    pub status: String,
    pub decision_reason: Option<String>,
    /// ISO date-times (UTC).
    pub filed_at: String,
    pub decided_at: Option<String>,
}
