//! Agreements and the providers a client may select.

use crate::domain::money::Cents;
use serde::{Deserialize, Serialize};

/// An agreement as its two parties (and staff) see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    pub id: i64,
    pub project_id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub scope: String,
    pub amount: Cents,
    pub formula: crate::domain::agreement::Formula,
    pub tranches: Vec<(String, Cents)>,
    /// proposed or confirmed.
    pub status: String,
    pub proposed_at: String,
    pub confirmed_at: Option<time::OffsetDateTime>,
    /// The platform's connection commission (paid by `commission_payer`) and
    /// R0 fee (paid by the client), at the rates the agreement was made at.
    pub connection_fee: Cents,
    pub zero_risk_fee: Cents,
    pub commission_payer: crate::domain::agreement::CommissionPayer,
    /// "5.00 %".
    /// Basis points of the agreed amount.
    pub connection_rate_bp: i64,
    pub zero_risk_rate_bp: i64,
    /// Whether the viewer is the selected provider (who confirms).
    pub for_me: bool,
    /// Whether the viewer is the project's client (who may withdraw).
    pub by_me: bool,
}

/// A provider the client may select: who made an offer or bought the lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContenderView {
    pub provider_id: i64,
    pub provider_name: String,
    /// Their offer's amount, if they made one.
    pub offer: Option<Cents>,
    pub bought_lead: bool,
    /// The day they were certified, if they are.
    pub certified_since: Option<time::Date>,
}
