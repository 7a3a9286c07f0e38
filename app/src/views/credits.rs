//! Credits: balances, spends, grants, statements and top-ups.

use crate::domain::ledger::CreditKind;
use crate::domain::money::Cents;
use serde::{Deserialize, Serialize};

/// A provider's balances: credits of each kind and the prepaid account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditBalances {
    pub consultation: i64,
    pub offer: i64,
    pub contact: i64,
    pub money: Cents,
}

impl CreditBalances {
    pub fn of(&self, kind: CreditKind) -> i64 {
        match kind {
            CreditKind::Consultation => self.consultation,
            CreditKind::Offer => self.offer,
            CreditKind::Contact => self.contact,
        }
    }
}

/// The answer to a spend: what is unlocked, and whether this call charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockView {
    pub project_id: i64,
    pub kind: CreditKind,
    /// False when the project was already unlocked: nothing was charged.
    pub charged: bool,
    pub balance_after: i64,
}

/// A grant or refund by staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    pub provider_id: i64,
    pub kind: CreditKind,
    pub count: i64,
    pub balance_after: i64,
}

/// One line of a provider's statement, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    pub id: i64,
    /// ISO date and time (UTC).
    pub at: String,
    /// grant, spend, refund, top_up, purchase, purchase_refund.
    pub movement: String,
    /// consultation, offer, contact or cents.
    pub unit: String,
    pub amount: i64,
    pub balance_after: i64,
    /// Staff's own words, or (older lines) the product's, in English.
    pub reason: Option<String>,
    /// What the product says about the line, in the reader's language.
    pub what: Option<crate::domain::msg::Msg>,
    pub project: Option<(i64, String)>,
}

/// The client's direct details, revealed by a contact credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientContact {
    pub name: String,
    pub email: String,
    /// Given for leads, which staff write from a call with the client.
    pub phone: Option<String>,
}

/// What a provider has unlocked on one project, and their balances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectAccess {
    pub unlocked: Vec<CreditKind>,
    pub balances: CreditBalances,
    pub contact: Option<ClientContact>,
}

/// Cents paid in through the gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopUpView {
    pub amount: Cents,
    pub balance_after: Cents,
    pub gateway_reference: String,
    pub card_last4: String,
}
