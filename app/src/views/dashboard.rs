//! Each role's landing page: what needs them now, and where their money is.

use crate::domain::money::Cents;
use crate::domain::pipeline::{ClientAction, NextAction, Stage};
use crate::domain::project::ProjectStatus;
use serde::{Deserialize, Serialize};

/// One project in a provider's pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineCard {
    pub project_id: i64,
    pub title: String,
    pub stage: Stage,
    pub action: NextAction,
    pub is_lead: bool,
    /// Their offer's amount, when they made one.
    pub offer: Option<Cents>,
    /// When the project last changed status.
    pub since: time::OffsetDateTime,
}

/// A stage's column: how many projects are in it, and the newest of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageColumn {
    pub stage: Stage,
    pub count: usize,
    pub cards: Vec<PipelineCard>,
}

/// A lead the provider bought or reserved at half price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadLine {
    pub project_id: i64,
    pub title: String,
    /// bought, awarded, waiting (a reservation) or lapsed.
    pub state: String,
    pub price: Option<Cents>,
    pub at: time::OffsetDateTime,
}

/// Escrow money for one of the provider's zero-risk projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Earnings {
    /// Deposited by the client and held for the work.
    pub held: Cents,
    /// Released to the provider, in all.
    pub released: Cents,
    /// Of which asked for in payout requests.
    pub requested: Cents,
    /// Of which staff transferred.
    pub paid: Cents,
}

impl Earnings {
    /// Released and not yet asked for: what a payout request may claim.
    pub fn payable(&self) -> Cents {
        self.released
            .checked_sub(self.requested)
            .unwrap_or(Cents::ZERO)
    }

    /// Both amounts added column by column; `None` on overflow.
    pub fn checked_add(&self, other: &Earnings) -> Option<Earnings> {
        Some(Earnings {
            held: self.held.checked_add(other.held)?,
            released: self.released.checked_add(other.released)?,
            requested: self.requested.checked_add(other.requested)?,
            paid: self.paid.checked_add(other.paid)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarningsLine {
    pub project_id: i64,
    pub title: String,
    pub money: Earnings,
}

/// One payout request, across projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutLine {
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    pub amount: Cents,
    pub paid: bool,
    pub requested_at: time::OffsetDateTime,
    pub paid_at: Option<time::OffsetDateTime>,
    pub reference: Option<String>,
}

/// The provider's credits and plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditsLeft {
    pub consultation: i64,
    pub offer: i64,
    pub contact: i64,
    /// The prepaid account that buys leads.
    pub money: Cents,
    pub plan: Option<String>,
    /// When the plan renews (or ends, when renewal is stopped): ISO date.
    pub period_end: Option<String>,
    pub renews: bool,
}

/// One bar of a chart: its label and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: i64,
}

/// A published project matching the provider's preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchLine {
    pub project_id: i64,
    pub title: String,
    pub region: crate::domain::catalog::Region,
    pub budget: (Cents, Cents),
    pub published_at: time::OffsetDateTime,
    /// Published since the provider's previous visit.
    pub new: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderDashboard {
    pub columns: Vec<StageColumn>,
    pub leads: Vec<LeadLine>,
    pub earnings: Vec<EarningsLine>,
    pub totals: Earnings,
    pub payouts: Vec<PayoutLine>,
    /// Platform fees the provider pays (a commission both agreed they pay).
    pub fees: Vec<FeeDue>,
    pub credits: CreditsLeft,
    /// Released per month, the last twelve months, oldest first (cents).
    pub earned_per_month: Vec<Bar>,
    /// Credits spent per week, the last twelve weeks, oldest first.
    pub spent_per_week: Vec<Bar>,
    pub matches: Vec<MatchLine>,
    /// The provider set no preference: every project matches.
    pub no_preferences: bool,
    /// The visit before this one (ISO date-time), if any.
    pub previous_visit: Option<time::OffsetDateTime>,
}

/// One of the client's projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientProjectLine {
    pub project_id: i64,
    pub title: String,
    pub status: ProjectStatus,
    pub is_lead: bool,
    pub offers: i64,
    pub unread_offers: i64,
    pub action: ClientAction,
}

/// Terms the client proposed, waiting for the provider's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingAgreement {
    pub project_id: i64,
    pub title: String,
    pub provider: String,
    pub amount: Cents,
    pub proposed_at: time::OffsetDateTime,
}

/// A platform fee the client owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeDue {
    pub project_id: i64,
    pub title: String,
    pub kind: crate::domain::agreement::FeeKind,
    pub due: Cents,
    pub deadline: crate::domain::fees::Deadline,
    pub overdue: bool,
}

/// Escrow money on one of the client's zero-risk projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowLine {
    pub project_id: i64,
    pub title: String,
    pub provider: String,
    pub planned: Cents,
    pub deposited: Cents,
    pub held: Cents,
    pub released: Cents,
    pub refunded: Cents,
    pub disputed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EscrowTotals {
    pub planned: Cents,
    pub deposited: Cents,
    pub held: Cents,
    pub released: Cents,
    pub refunded: Cents,
}

/// A project whose provider the client has not rated yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToRate {
    pub project_id: i64,
    pub title: String,
    pub provider: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDashboard {
    pub projects: Vec<ClientProjectLine>,
    pub waiting: Vec<WaitingAgreement>,
    pub fees: Vec<FeeDue>,
    pub escrow: Vec<EscrowLine>,
    pub escrow_totals: EscrowTotals,
    pub to_rate: Vec<ToRate>,
}

/// Staff's queues, counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDashboard {
    pub pending_projects: i64,
    pub credit_requests: i64,
    pub payouts_requested: i64,
    pub payouts_requested_sum: Cents,
    pub disputes_open: i64,
    pub fees_unpaid: i64,
    pub fees_unpaid_sum: Cents,
    pub emails_failed: i64,
    pub certifications_waiting: i64,
}

/// The signed-in person's dashboard, by role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dashboard {
    Provider(Box<ProviderDashboard>),
    Client(ClientDashboard),
    Staff(StaffDashboard),
}
