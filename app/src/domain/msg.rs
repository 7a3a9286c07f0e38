//! What the product says to a person — refusals, field errors, notices —
//! as a kind and its values, never as a sentence: the words live in the
//! translation files (`app/locales/{fr,en}/errors.json`), so every message
//! reads in the language of whoever receives it. The domain and the
//! services return these; the pages and the emails render them.

use super::agreement::FeeKind;
use super::fees::Deadline;
use super::lead::{LapseReason, LeadRefusal};
use super::ledger::CreditKind;
use super::money::Cents;
use super::project::{ProjectAction, ProjectStatus};
use super::rate_limit::Failures;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum Msg {
    /// The language asked for is not one the product speaks.
    UnknownLanguage,

    // Any field.
    /// Nothing was typed where something must be.
    Required,
    /// Fewer characters than the field takes.
    TooShort {
        min: usize,
    },
    /// More characters than the field takes.
    TooLong {
        max: usize,
        len: usize,
    },
    /// Control characters in a text.
    BadCharacters,

    // Accounts.
    EmailShape,
    ChooseRole,
    EmailTaken,
    WrongCredentials,

    // The help centre.
    UnknownSection,
    SlugShape,
    LinkShape,
    NoSuchArticle,

    // Fixed pages, contact and terms.
    NoSuchPage,
    ChooseTopic,
    /// Too many contact messages from one network.
    TooManyMessages {
        minutes: i64,
    },
    NoSuchMessage,
    /// Sign-up without ticking the terms.
    AcceptTerms,
    /// Accepting a version that is not the current one (a page left open
    /// while staff published a newer one).
    TermsChanged {
        current: i32,
    },

    // Agreements.
    /// A zero-risk agreement proposed without typing the phrase.
    ConfirmationPhrase,
    // Who may do what.
    /// Something only clients do.
    ForClients,
    /// Something only providers do.
    ForProviders,
    /// Something only staff do.
    ForStaff,

    // Amounts.
    AmountRequired,
    AmountNotNumber,
    AmountNegative,
    AmountPlaces,
    AmountTooLarge,
    /// "1,500": grouping or decimals? Both readings are offered.
    AmountAmbiguous {
        typed: String,
        whole: String,
        decimals: String,
    },
    AmountNotPositive,
    BudgetOrder,

    // Projects.
    ChooseRegion,
    /// A value of a fixed list (service, region…) that is not on it.
    UnknownChoice {
        value: String,
    },
    ChooseAtLeast {
        min: usize,
    },
    ChooseAtMost {
        max: usize,
    },
    ChooseStartDate,
    DateShape,
    StartInPast,
    StartTooFar,
    PhoneRequired,
    PhoneShape,
    PageNumber,
    NoSuchProject {
        id: i64,
    },
    /// Someone who may not take this step on a project.
    ActionNotAllowed {
        action: ProjectAction,
    },
    /// A step the project's status does not allow.
    WrongProjectStatus {
        from: ProjectStatus,
        action: ProjectAction,
    },
    ProjectNumber,

    // Offers.
    DurationRange,
    DurationShape,
    OffersClosed,
    UnlockOfferFirst,
    NoSuchOffer,
    OffersForTheirClient,

    // Credits and payments.
    LeadNotUnlockable {
        id: i64,
    },
    ProjectNotOpen {
        id: i64,
    },
    NoProviderWithEmail,
    NotEnoughCredits {
        kind: CreditKind,
        balance: i64,
        needed: i64,
    },
    NotEnoughMoney {
        balance: Cents,
        needed: Cents,
    },
    RequestKey,
    CreditCountRange,
    CreditCountShape,
    TopUpMin {
        min: Cents,
    },
    TopUpMax {
        max: Cents,
    },
    CardRequired,
    CardDigits,
    CardInvalid,
    PaymentSettled,
    PaymentNoAnswer,
    CardDeclined,
    UnknownPaymentMethod,
    /// A real gateway's own words for a refusal.
    GatewayDeclined {
        reason: String,
    },
    ChoosePlan,
    PlanActive {
        until: time::Date,
    },
    NoActivePlan,
    KeyReused,
    StillProcessing,
    PriceMin {
        min: Cents,
    },
    PriceMax {
        max: Cents,
    },
    DayRateOrder,
    DayRateMax {
        max: Cents,
    },
    DayRateBothEnds,

    // Escrow.
    NoSuchTranche,
    OverPlan {
        unfunded: Cents,
    },
    OverHeld {
        held: Cents,
    },
    EscrowFrozen,
    NotDisputed,
    OverReleased {
        available: Cents,
    },
    AmountOutOfRange,
    Stars,
    TrancheCount,
    TrancheLabel,
    TrancheNotPositive,
    TranchesSum {
        sum: Cents,
        total: Cents,
    },
    DepositClientOnly,
    ReleaseClientOnly,
    RefundProviderOnly,
    PayoutProviderOnly,
    DisputeParties,
    DisputeOpenAlready,
    NoEscrow {
        id: i64,
    },
    ChooseTranche,
    NoSuchPayout {
        id: i64,
    },
    PayoutPaidAlready,
    NoSuchInvoice {
        id: i64,
    },
    /// A deposit, as its outcome and its line in the escrow's history; the
    /// fees the client still owed, paid with it, and the card's total.
    Deposited {
        amount: Cents,
        tranche: String,
        last4: String,
        fees: Vec<(FeeKind, Cents)>,
        charged: Cents,
    },
    Released {
        amount: Cents,
        tranche: String,
    },
    GaveBack {
        amount: Cents,
        tranche: String,
    },
    DisputeDecided {
        to_provider: Cents,
        to_client: Cents,
    },
    DisputeDeclaredLine {
        reason: String,
    },
    PayoutRequestedLine {
        amount: Cents,
        invoice: String,
    },
    PayoutPaidLine {
        amount: Cents,
        reference: String,
    },
    DepositBlocked {
        provider_owes: Cents,
    },

    // Agreements and fees.
    ChooseFormula,
    ChooseCommissionPayer,
    /// A tranche of the plan whose amount is refused.
    TrancheProblem {
        label: String,
        problem: Box<Msg>,
    },
    FeeNothingDue,
    FeeNothingToWaive,
    RevisionLowers,
    FeesBeforeCompletion {
        due: Cents,
    },
    SelectClientOnly,
    SelectPublishedOnly,
    SelectContender,
    AgreementWaiting,
    NoSuchAgreement {
        id: i64,
    },
    WithdrawClientOnly,
    /// Withdrawing an agreement already confirmed (or withdrawn).
    AgreementNotWithdrawable {
        confirmed: bool,
    },
    ConfirmProviderOnly,
    AgreementNotConfirmable {
        confirmed: bool,
    },
    NoticeSelected,
    NoticeSelectionWithdrawn,
    NoticeAgreementConfirmed,
    NoticeProjectLost,
    ConfirmEmailFirst {
        email: String,
    },
    NoSignedAgreement {
        id: i64,
    },
    NoSuchFee,
    FeePaidByOther,
    ReviseParties,
    ReviseBasicOnly,
    ReviseInProgress,
    RevisionBelow {
        amount: Cents,
    },
    RevisionWaiting,
    NoRevisionWaiting,
    RevisionOtherParty,
    FeePaid {
        kind: FeeKind,
        amount: Cents,
        last4: String,
    },
    RevisionDeclined,
    RevisionAccepted {
        amount: Cents,
        credit: Cents,
    },
    FeeWaived {
        kind: FeeKind,
        amount: Cents,
        reason: String,
    },
    NoticeRevisionProposed {
        name: String,
        from: Cents,
        to: Cents,
    },
    NoticeRevisionAnswered {
        name: String,
        accepted: bool,
    },
    NoticeCommissionCredit {
        credit: Cents,
    },
    NoticeFeeWaived {
        kind: FeeKind,
        amount: Cents,
        project_id: i64,
        reason: String,
    },
    /// What a payer still owes on one fee, and by when.
    /// Why a lead cannot be bought, reserved or refused.
    Lead(LeadRefusal),
    CapRange {
        max: i32,
    },
    CapShape,
    NoSuchLead {
        id: i64,
    },
    LeadNotOffered {
        id: i64,
    },
    CreditRequestFiled,
    NoSuchCreditRequest {
        id: i64,
    },
    CreditRequestDecided {
        accepted: bool,
    },
    RefusalNeedsReason,
    NoticeLeadOffered {
        title: String,
        price: Cents,
    },
    NoticeReservationLapsed {
        title: String,
        reason: LapseReason,
    },
    NoticeReservationAwarded {
        title: String,
        price: Cents,
    },
    NoticeCreditAccepted {
        title: String,
        amount: Cents,
    },
    NoticeCreditRefused {
        title: String,
        reason: String,
    },
    TooManySignups {
        minutes: i64,
    },
    TooManyFailures {
        scope: Failures,
        minutes: i64,
    },
    TooManyResends {
        minutes: i64,
    },
    TooManyResets {
        minutes: i64,
    },
    TooManyThreadMessages {
        minutes: i64,
    },
    ThreadClosed,
    ThreadNeedsOffer,
    ThreadReadOnly,
    NotesPrivilege,
    NotesStaffOnly,
    NoAgreementOfYours {
        id: i64,
    },
    ClientCompletes,
    SettleFirst,
    SettleBeforeCompletion,
    RatingsAfterCompletion,
    RatedAlready,
    NoticeThreadAnswer {
        title: String,
    },
    NoticeThreadQuestion {
        name: String,
        title: String,
    },
    NoticeCompleted,
    NoticeRated {
        name: String,
        stars: i16,
    },
    FeeReminder {
        kind: FeeKind,
        due: Cents,
        project_id: i64,
        deadline: Deadline,
        overdue: bool,
    },

    /// A sentence not moved to the translation files yet (English). Each
    /// one is replaced by a kind of its own as its area is translated;
    /// the French-page scan lists those still shown.
    Legacy(String),
}

/// What was stored before messages were kinds: a sentence (kept as it
/// is), or a kind with its values. For `#[serde(deserialize_with)]`.
pub fn text_or_kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Msg, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Text(String),
        Kind(Msg),
    }
    Ok(match Stored::deserialize(d)? {
        Stored::Text(text) => Msg::Legacy(text),
        Stored::Kind(msg) => msg,
    })
}

/// For logs and for scripts reading the JSON: the kind and its values.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Msg::Legacy(text) => f.write_str(text),
            other => write!(f, "{other:?}"),
        }
    }
}

impl From<String> for Msg {
    fn from(text: String) -> Self {
        Msg::Legacy(text)
    }
}

impl From<&str> for Msg {
    fn from(text: &str) -> Self {
        Msg::Legacy(text.to_owned())
    }
}

impl From<&Msg> for Msg {
    fn from(msg: &Msg) -> Self {
        msg.clone()
    }
}

impl From<&String> for Msg {
    fn from(text: &String) -> Self {
        Msg::Legacy(text.clone())
    }
}

impl PartialEq<&str> for Msg {
    fn eq(&self, other: &&str) -> bool {
        matches!(self, Msg::Legacy(text) if text == other)
    }
}

impl PartialEq<String> for Msg {
    fn eq(&self, other: &String) -> bool {
        matches!(self, Msg::Legacy(text) if text == other)
    }
}
