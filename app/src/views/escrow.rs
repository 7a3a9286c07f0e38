//! Escrow: the payment tab, disputes, payouts and staff's desk.

use crate::domain::agreement::FeeKind;
use crate::domain::money::Cents;
use crate::domain::msg::Msg;
use crate::domain::project::ProjectStatus;
use serde::{Deserialize, Serialize};

/// Who is looking at an escrow's payment tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EscrowViewer {
    Client,
    Provider,
    Staff,
}

/// One tranche's money, or the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrancheView {
    pub position: i32,
    pub label: String,
    pub planned: Cents,
    pub deposited: Cents,
    /// Deposited, neither released nor refunded yet.
    pub held: Cents,
    pub released: Cents,
    pub refunded: Cents,
    /// Held while a dispute freezes the escrow.
    pub disputed: Cents,
    /// Still to deposit.
    pub unfunded: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeView {
    pub id: i64,
    pub opened_by: String,
    pub opened_by_client: bool,
    pub reason: String,
    pub opened_at: time::OffsetDateTime,
    pub decision_note: Option<String>,
    pub decided_at: Option<time::OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutView {
    pub id: i64,
    pub amount: Cents,
    pub invoice_name: String,
    pub paid: bool,
    pub requested_at: time::OffsetDateTime,
    pub transfer_reference: Option<String>,
    pub paid_at: Option<time::OffsetDateTime>,
}

/// One line of the escrow's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowEventView {
    pub at: time::OffsetDateTime,
    pub actor: String,
    pub what: Msg,
}

/// The payment-management tab of a zero-risk project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowTab {
    pub project_id: i64,
    pub project_title: String,
    pub project_status: ProjectStatus,
    pub version: i64,
    pub viewer: EscrowViewer,
    pub client_name: String,
    pub provider_name: String,
    pub tranches: Vec<TrancheView>,
    pub totals: TrancheView,
    /// Released and not yet in a payout request.
    pub payout_available: Cents,
    pub payout_requested: Cents,
    pub paid_out: Cents,
    /// The open dispute, if any: it freezes the escrow.
    pub dispute: Option<DisputeView>,
    /// Disputes already decided, newest first.
    pub past_disputes: Vec<DisputeView>,
    pub payouts: Vec<PayoutView>,
    pub history: Vec<EscrowEventView>,
    /// Everything planned was deposited and let go: the client may complete.
    pub settled: bool,
    pub deposit_fees: DepositFees,
}

/// What the next deposit pays besides the tranche.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositFees {
    /// The fees the client still owes, paid with the first deposit.
    pub lines: Vec<(FeeKind, Cents)>,
    /// Why no deposit is accepted yet (the provider owes their commission).
    pub waits: Option<Msg>,
}

/// An open dispute in staff's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeQueueItem {
    pub project_id: i64,
    pub project_title: String,
    pub dispute: DisputeView,
    pub held: Cents,
}

/// A payout request waiting for staff's bank transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutQueueItem {
    pub project_id: i64,
    pub project_title: String,
    pub provider_name: String,
    pub payout: PayoutView,
}

/// Staff's escrow desk: open disputes and payouts to pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowDesk {
    pub disputes: Vec<DisputeQueueItem>,
    pub payouts: Vec<PayoutQueueItem>,
}

/// Staff's decision on one tranche, as typed: euros to each side (empty is nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationForm {
    pub position: i32,
    pub to_provider: String,
    pub to_client: String,
}
