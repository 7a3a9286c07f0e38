//! The domain's plain values that messages name (statuses, kinds, amounts,
//! reasons): defined here, apart from the rules that use them, so that
//! `msg` can name them while those rules return messages. Their behaviour
//! lives with their rules (`impl ProjectStatus` in `project`, `Cents`'
//! arithmetic in `money`…), which re-export them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// An amount in euro cents: the one unit of every stored amount, tranche,
/// allocation, posting, price and fee. Signed, because a posting takes money
/// out as well as puts it in. There is no `+` or `-`: sums go through
/// `checked_add`/`checked_sub`/`sum`, so an overflow is an error the caller
/// handles, never a wrap. On the wire it is a plain integer of cents.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub(super) i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    PendingValidation,
    Published,
    Rejected,
    Cancelled,
    InProgress,
    Completed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectAction {
    Validate,
    Reject,
    Cancel,
    /// The agreement is confirmed: work starts.
    Start,
    Complete,
}

/// The three kinds of credits, each with its own balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditKind {
    /// Unlocks the full project report.
    Consultation,
    /// Unlocks posting an offer or asking the client questions.
    Offer,
    /// Unlocks the client's direct details.
    Contact,
}

/// The platform's two fees on an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// On every agreement, paid by the client or, where both agree, the provider.
    Connection,
    /// On zero-risk agreements, paid by the client.
    ZeroRisk,
}

/// When a fee must be paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Deadline {
    /// Under zero risk: at the latest with the first deposit.
    FirstDeposit,
    /// Under the basic formula: by then.
    By(OffsetDateTime),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadRefusal {
    Closed,
    Full,
    Refused,
    NoHalfPrice,
    PastMark,
    AlreadyBought,
    /// Only a bought lead can be the subject of a credit request.
    NotBought,
}

/// Why a reservation lapsed, as the provider is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LapseReason {
    /// The cap was reached before this reservation's turn.
    CapReached,
    /// The prepaid account could not pay the half price.
    CannotPay,
    /// The lead was withdrawn before the mark.
    Closed,
}

/// Where too many attempts failed: what a refusal names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failures {
    /// Wrong passwords for one account from one network.
    AccountFromNetwork,
    /// Wrong passwords for one account, from anywhere.
    Account,
    /// A wrong current password where a change asks for it.
    CurrentPassword,
    /// Failed log-ins from one network, whatever the accounts.
    Network,
}

/// What keeps an account from being deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocker {
    /// Staff accounts are closed by the administrators.
    Staff,
    /// A project of theirs is still open (awaiting validation, published).
    Open,
    /// A project of theirs is in progress.
    InProgress,
    /// They are the provider of a project in progress.
    Working,
    /// Money is held in an escrow they are party to.
    Held,
    /// Money released to them is not paid out yet.
    Payout,
    /// Platform fees are due from them.
    Fees,
}

impl Blocker {
    pub fn from_slug(raw: &str) -> Option<Blocker> {
        Some(match raw {
            "staff" => Blocker::Staff,
            "open" => Blocker::Open,
            "in_progress" => Blocker::InProgress,
            "working" => Blocker::Working,
            "held" => Blocker::Held,
            "payout" => Blocker::Payout,
            "fees" => Blocker::Fees,
            _ => return None,
        })
    }
}

/// What staff found when checking one reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Not checked yet.
    Pending,
    /// Reached, no answer yet (a message left, a call booked).
    Contacted,
    /// The client confirms the work.
    Confirmed,
    /// The client does not confirm it.
    Refused,
}

/// Why an uploaded image was not kept; its code travels in the address a
/// plain form comes back to (`?image=code`), its message is shown there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageRefusal {
    Empty,
    TooBig,
    NotImage,
    Damaged,
    TooMany,
}
