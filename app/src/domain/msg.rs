//! What the product says to a person — refusals, field errors, notices —
//! as a kind and its values, never as a sentence: the words live in the
//! translation files (`app/locales/{fr,en}/errors.json`), so every message
//! reads in the language of whoever receives it. The domain and the
//! services return these; the pages and the emails render them.

use super::values::{
    Blocker, Cents, CreditKind, Deadline, Failures, FeeKind, LapseReason, LeadRefusal,
    ProjectAction, ProjectStatus,
};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum Msg {
    Form(FormMsg),
    Account(AccountMsg),
    Amount(AmountMsg),
    Project(ProjectMsg),
    Credit(CreditMsg),
    Escrow(EscrowMsg),
    Deal(DealMsg),
    Done(DoneMsg),
    Fee(FeeMsg),
    Notice(NoticeMsg),
    Told(ToldMsg),
    /// A sentence not moved to the translation files yet (English). Each
    /// one is replaced by a kind of its own as its area is translated;
    /// the French-page scan lists those still shown.
    Legacy(String),
}

/// Any form: a field left empty, too long, not one of the choices; who may do what; request keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum FormMsg {
    /// The language asked for is not one the product speaks.
    UnknownLanguage,
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
    PageNumber,
    RequestKey,
    KeyReused,
    StillProcessing,
    /// Something only clients do.
    ForClients,
    /// Something only providers do.
    ForProviders,
    /// Something only staff do.
    ForStaff,
    /// A zero-risk agreement proposed without typing the phrase.
    ConfirmationPhrase,
    DateShape,
    PhoneRequired,
    PhoneShape,
}

/// Accounts, sign-up and log-in limits, the help centre, contact and terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum AccountMsg {
    EmailShape,
    ChooseRole,
    EmailTaken,
    WrongCredentials,
    ConfirmEmailFirst {
        email: String,
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
    UnknownSection,
    SlugShape,
    LinkShape,
    NoSuchArticle,
    NoSuchPage,
    ChooseTopic,
    /// Too many contact messages from one network.
    TooManyMessages {
        minutes: i64,
    },
    NoSuchMessage,
    NoSuchSession,
    UnsubscribeInvalid,
    UnknownEmailKind,
    PasswordsBusy,
    LinkSpent,
    SameAddress,
    AddressTaken,
    /// What keeps an account from being deleted, and on which project.
    Blocked {
        why: Blocker,
        title: String,
    },
    CannotDelete {
        reasons: Vec<Msg>,
    },
    /// Sign-up without ticking the terms.
    AcceptTerms,
    /// Accepting a version that is not the current one (a page left open
    /// while staff published a newer one).
    TermsChanged {
        current: i32,
    },
}

/// Amounts as typed and the bounds of prices, budgets, rates and top-ups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum AmountMsg {
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
    AmountOutOfRange,
    BudgetOrder,
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
    CapRange {
        max: i32,
    },
    CapShape,
    TopUpMin {
        min: Cents,
    },
    TopUpMax {
        max: Cents,
    },
}

/// Projects, offers, the questions thread, staff notes, completion and ratings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum ProjectMsg {
    ChooseRegion,
    ChooseStartDate,
    StartInPast,
    StartTooFar,
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
    DurationRange,
    DurationShape,
    OffersClosed,
    UnlockOfferFirst,
    NoSuchOffer,
    OffersForTheirClient,
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
    Stars,
}

/// Credits, card payments, plans, leads and credit requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum CreditMsg {
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
    CreditCountRange,
    CreditCountShape,
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
    /// What a payer still owes on one fee, and by when.
    /// Why a lead cannot be bought, reserved or refused.
    Lead(LeadRefusal),
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
}

/// The escrow: tranches, deposits, releases, disputes and payouts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum EscrowMsg {
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
    TrancheCount,
    TrancheLabel,
    TrancheNotPositive,
    TranchesSum {
        sum: Cents,
        total: Cents,
    },
    /// A tranche of the plan whose amount is refused.
    TrancheProblem {
        label: String,
        problem: Box<Msg>,
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
    DepositBlocked {
        provider_owes: Cents,
    },
}

/// Agreements, the platform fees and revisions of the agreed amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum DealMsg {
    ChooseFormula,
    ChooseCommissionPayer,
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
}

/// What an action did, as its outcome says and as the ledger keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum DoneMsg {
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
}

/// What paying or revising a fee did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum FeeMsg {
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
}

/// What a notification tells about a project, an agreement or a rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum NoticeMsg {
    Selected,
    SelectionWithdrawn,
    AgreementConfirmed,
    ProjectLost,
    RevisionProposed {
        name: String,
        from: Cents,
        to: Cents,
    },
    RevisionAnswered {
        name: String,
        accepted: bool,
    },
    CommissionCredit {
        credit: Cents,
    },
    Completed,
    Rated {
        name: String,
        stars: i16,
    },
    ThreadAnswer {
        title: String,
    },
    ThreadQuestion {
        name: String,
        title: String,
    },
}

/// What a notification tells about money: fees, leads, credits, reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "key", content = "args", rename_all = "snake_case")]
pub enum ToldMsg {
    FeeWaived {
        kind: FeeKind,
        amount: Cents,
        project_id: i64,
        reason: String,
    },
    LeadOffered {
        title: String,
        price: Cents,
    },
    ReservationLapsed {
        title: String,
        reason: LapseReason,
    },
    ReservationAwarded {
        title: String,
        price: Cents,
    },
    CreditAccepted {
        title: String,
        amount: Cents,
    },
    CreditRefused {
        title: String,
        reason: String,
    },
    FeeReminder {
        kind: FeeKind,
        due: Cents,
        project_id: i64,
        deadline: Deadline,
        overdue: bool,
    },
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

impl From<FormMsg> for Msg {
    fn from(m: FormMsg) -> Msg {
        Msg::Form(m)
    }
}

impl From<AccountMsg> for Msg {
    fn from(m: AccountMsg) -> Msg {
        Msg::Account(m)
    }
}

impl From<AmountMsg> for Msg {
    fn from(m: AmountMsg) -> Msg {
        Msg::Amount(m)
    }
}

impl From<ProjectMsg> for Msg {
    fn from(m: ProjectMsg) -> Msg {
        Msg::Project(m)
    }
}

impl From<CreditMsg> for Msg {
    fn from(m: CreditMsg) -> Msg {
        Msg::Credit(m)
    }
}

impl From<EscrowMsg> for Msg {
    fn from(m: EscrowMsg) -> Msg {
        Msg::Escrow(m)
    }
}

impl From<DealMsg> for Msg {
    fn from(m: DealMsg) -> Msg {
        Msg::Deal(m)
    }
}

impl From<FeeMsg> for Msg {
    fn from(m: FeeMsg) -> Msg {
        Msg::Fee(m)
    }
}

impl From<DoneMsg> for Msg {
    fn from(m: DoneMsg) -> Msg {
        Msg::Done(m)
    }
}

impl From<NoticeMsg> for Msg {
    fn from(m: NoticeMsg) -> Msg {
        Msg::Notice(m)
    }
}

impl From<ToldMsg> for Msg {
    fn from(m: ToldMsg) -> Msg {
        Msg::Told(m)
    }
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
