//! What server functions return: plain data, shared with the wasm client.

use crate::domain::account::Role;
use crate::domain::catalog::{Region, Service};
use crate::domain::feed::FeedQuery;
use crate::domain::lead::{LapseReason, Reservation};
use crate::domain::ledger::CreditKind;
use crate::domain::money::Money;
use crate::domain::project::ProjectStatus;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub role: Role,
}

/// A project as one viewer may see it: the client's name is only filled in
/// for the project's own client and for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub services: Vec<Service>,
    pub region: Region,
    pub budget_min: Money,
    pub budget_max: Money,
    /// ISO date.
    pub desired_start: String,
    pub status: ProjectStatus,
    pub rejection_reason: Option<String>,
    pub posted_age: String,
    pub published_age: Option<String>,
    pub client_active_age: String,
    pub last_review_age: Option<String>,
    pub client_name: Option<String>,
    /// Whether the viewer is this project's client.
    pub is_mine: bool,
    /// A referral lead (bought from the leads tab), not an open tender.
    pub is_lead: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPage {
    pub items: Vec<ProjectView>,
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
    /// The filters that were applied (the provider's preferences when none was given).
    pub applied: FeedQuery,
    pub from_preferences: bool,
}

/// One page of the staff validation queue, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    pub items: Vec<ProjectView>,
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
}

/// A provider's balances: credits of each kind and the prepaid account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditBalances {
    pub consultation: i64,
    pub offer: i64,
    pub contact: i64,
    pub money: Money,
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
    pub reason: Option<String>,
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

/// An offer as its reader may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub id: i64,
    pub project_id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub amount: Money,
    pub duration_days: i32,
    pub message: String,
    /// ISO date-times (UTC).
    pub sent_at: String,
    pub updated_at: String,
    /// When the client first opened it; shown to the client and to its author only.
    pub read_at: Option<String>,
    pub is_mine: bool,
}

/// An in-app notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub message: String,
    pub link: Option<String>,
    /// ISO date-time (UTC).
    pub at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationList {
    pub items: Vec<NotificationView>,
    pub unread: i64,
}

/// A provider's own answer to a lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadAnswer {
    /// Bought (at full price, or awarded at half price): `paid` is what it cost.
    Bought {
        paid: Money,
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
    pub price: Money,
    pub half_price: Option<Money>,
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
    pub paid: Money,
    pub balance_after: Money,
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
    pub paid: Money,
    pub reason: String,
    /// pending, accepted or refused.
    pub status: String,
    pub decision_reason: Option<String>,
    /// ISO date-times (UTC).
    pub filed_at: String,
    pub decided_at: Option<String>,
}

/// Money paid in through the gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopUpView {
    pub amount: Money,
    pub balance_after: Money,
    pub gateway_reference: String,
    pub card_last4: String,
}

/// A subscription plan as offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub slug: String,
    pub name: String,
    pub price: Money,
    pub period_days: i32,
    pub consultation: i32,
    pub offer: i32,
    pub contact: i32,
    pub staff_notes: bool,
}

/// The provider's own subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub plan: PlanView,
    /// active or ended.
    pub status: String,
    pub renews: bool,
    pub card_last4: String,
    /// ISO date-times (UTC).
    pub period_start: String,
    pub period_end: String,
    /// stopped or payment_declined, once ended.
    pub ended_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlansPage {
    pub plans: Vec<PlanView>,
    pub current: Option<SubscriptionView>,
}

/// One message of a project's Q&A thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub author_name: String,
    pub from_client: bool,
    pub is_mine: bool,
    pub body: String,
    /// ISO date-time (UTC).
    pub at: String,
}

/// The thread as the viewer may use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadView {
    pub messages: Vec<MessageView>,
    pub can_write: bool,
}

/// A staff follow-up note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: i64,
    pub staff_name: String,
    pub body: String,
    pub at: String,
}

/// A file attached to a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    pub id: i64,
    pub name: String,
    pub kind: crate::domain::files::FileKind,
    pub size_bytes: i64,
    /// ISO date-time (UTC).
    pub uploaded_at: String,
}

/// A project's files, if the viewer may read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFiles {
    pub files: Vec<FileView>,
    pub can_upload: bool,
}

/// An agreement as its two parties (and staff) see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    pub id: i64,
    pub project_id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub scope: String,
    pub amount: Money,
    pub formula: crate::domain::agreement::Formula,
    pub tranches: Vec<(String, Money)>,
    /// proposed or confirmed.
    pub status: String,
    pub proposed_at: String,
    pub confirmed_at: Option<String>,
    /// The platform's connection commission (paid by `commission_payer`) and
    /// R0 fee (paid by the client), at the rates the agreement was made at.
    pub connection_fee: Money,
    pub zero_risk_fee: Money,
    pub commission_payer: crate::domain::agreement::CommissionPayer,
    /// "5.00 %".
    pub connection_rate: String,
    pub zero_risk_rate: String,
    /// Whether the viewer is the selected provider (who confirms).
    pub for_me: bool,
    /// Whether the viewer is the project's client (who may withdraw).
    pub by_me: bool,
}

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
    pub planned: Money,
    pub deposited: Money,
    /// Deposited, neither released nor refunded yet.
    pub held: Money,
    pub released: Money,
    pub refunded: Money,
    /// Held while a dispute freezes the escrow.
    pub disputed: Money,
    /// Still to deposit.
    pub unfunded: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeView {
    pub id: i64,
    pub opened_by: String,
    pub opened_by_client: bool,
    pub reason: String,
    pub opened_at: String,
    pub decision_note: Option<String>,
    pub decided_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutView {
    pub id: i64,
    pub amount: Money,
    pub invoice_name: String,
    pub paid: bool,
    pub requested_at: String,
    pub transfer_reference: Option<String>,
    pub paid_at: Option<String>,
}

/// One line of the escrow's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowEventView {
    pub at: String,
    pub actor: String,
    pub what: String,
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
    pub payout_available: Money,
    pub payout_requested: Money,
    pub paid_out: Money,
    /// The open dispute, if any: it freezes the escrow.
    pub dispute: Option<DisputeView>,
    /// Disputes already decided, newest first.
    pub past_disputes: Vec<DisputeView>,
    pub payouts: Vec<PayoutView>,
    pub history: Vec<EscrowEventView>,
    /// Everything planned was deposited and let go: the client may complete.
    pub settled: bool,
}

/// An open dispute in staff's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeQueueItem {
    pub project_id: i64,
    pub project_title: String,
    pub dispute: DisputeView,
    pub held: Money,
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

/// Completion and ratings on a project, for one of its parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionView {
    pub project_id: i64,
    pub status: ProjectStatus,
    /// The client may mark the project completed now.
    pub can_complete: bool,
    /// Why not, when the client may not yet.
    pub blocked_because: Option<String>,
    /// The other party, whom the viewer rates.
    pub counterpart_id: i64,
    pub counterpart_name: String,
    pub my_rating: Option<RatingView>,
    pub their_rating: Option<RatingView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingView {
    pub project_title: String,
    pub rater_name: String,
    pub stars: i16,
    pub comment: String,
    pub at: String,
}

/// A person's public profile: name, role and the ratings they received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    pub member_since: String,
    /// Average stars, one decimal, when rated at least once.
    pub average: Option<String>,
    pub ratings: Vec<RatingView>,
    /// Shown to every member (a provider's choice).
    pub public: bool,
}

/// Staff's decision on one tranche, as typed: euros to each side (empty is nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationForm {
    pub position: i32,
    pub to_provider: String,
    pub to_client: String,
}

/// One platform fee on an agreement, for its parties and staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    /// "connection" or "zero_risk".
    pub kind: String,
    pub label: String,
    pub payer_name: String,
    /// The viewer pays this fee.
    pub mine: bool,
    pub rate: String,
    pub fee: Money,
    pub due: Money,
    pub paid: Money,
    /// Owed back to the payer after a downward revision.
    pub credit: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionView {
    pub id: i64,
    pub proposed_by: String,
    pub by_me: bool,
    pub old_amount: Money,
    pub new_amount: Money,
    pub reason: String,
    /// proposed, accepted or declined.
    pub status: String,
    pub credit: Option<Money>,
    pub proposed_at: String,
}

/// The platform's fees on a confirmed agreement and its revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeesView {
    pub project_id: i64,
    pub amount: Money,
    pub basic: bool,
    pub lines: Vec<FeeLine>,
    pub revisions: Vec<RevisionView>,
    /// The viewer may propose a downward revision now.
    pub can_revise: bool,
}

/// A provider the client may select: who made an offer or bought the lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContenderView {
    pub provider_id: i64,
    pub provider_name: String,
    /// Their offer's amount, if they made one.
    pub offer: Option<Money>,
    pub bought_lead: bool,
}
