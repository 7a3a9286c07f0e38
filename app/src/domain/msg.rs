//! What the product says to a person — refusals, field errors, notices —
//! as a kind and its values, never as a sentence: the words live in the
//! translation files (`app/locales/{fr,en}/errors.json`), so every message
//! reads in the language of whoever receives it. The domain and the
//! services return these; the pages and the emails render them.

use super::values::{
    Blocker, Cents, CreditKind, Deadline, Failures, FeeKind, ImageRefusal, LapseReason,
    LeadRefusal, Outcome, ProjectAction, ProjectStatus,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// On the wire (server functions, stored notifications and ledger lines)
/// a message is an array: the kind's name, then its values in order
/// (`["TooShort", 10]`); a plain string is a sentence of old (`Legacy`).
/// Written by hand: serde's derived code for some two hundred kinds
/// weighed half a megabyte of the wasm every page loads.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    Profile(ProfileMsg),
    Staff(StaffMsg),
    /// A sentence not moved to the translation files yet (English). Each
    /// one is replaced by a kind of its own as its area is translated;
    /// the French-page scan lists those still shown.
    Legacy(String),
}

/// Declares a group of message kinds and its wire form (see `Msg`).
macro_rules! kinds {
    (
        $(#[$gm:meta])*
        $group:ident {
            $(
                $(#[$vm:meta])*
                $v:ident $({ $($(#[$fm:meta])* $f:ident : $t:ty),* $(,)? })?
            ),* $(,)?
        }
    ) => {
        $(#[$gm])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $group {
            $(
                $(#[$vm])*
                $v $({ $($(#[$fm])* $f: $t),* })?
            ),*
        }

        impl $group {
            /// The names of the group's kinds, as they travel.
            #[cfg(test)]
            const NAMES: &'static [&'static str] = &[$(stringify!($v)),*];

            /// The kind's name, then its values.
            fn write(&self, out: &mut Vec<Value>) -> Result<(), serde_json::Error> {
                match self {
                    $(
                        $group::$v $({ $($f),* })? => {
                            out.push(Value::String(stringify!($v).to_owned()));
                            $($(out.push(serde_json::to_value($f)?);)*)?
                        }
                    )*
                }
                Ok(())
            }

            /// The kind `name` with its values, if it is of this group.
            fn read(name: &str, values: &mut Values) -> Result<Option<$group>, serde_json::Error> {
                Ok(Some(match name {
                    $(
                        stringify!($v) => $group::$v $({ $($f: next(values)?),* })?,
                    )*
                    _ => return Ok(None),
                }))
            }
        }
    };
}

type Values = std::vec::IntoIter<Value>;

/// The next value of a kind's array, as the type its field has.
fn next<T: serde::de::DeserializeOwned>(values: &mut Values) -> Result<T, serde_json::Error> {
    serde_json::from_value(values.next().unwrap_or(Value::Null))
}

impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = Vec::new();
        let written = match self {
            Msg::Form(m) => m.write(&mut out),
            Msg::Account(m) => m.write(&mut out),
            Msg::Amount(m) => m.write(&mut out),
            Msg::Project(m) => m.write(&mut out),
            Msg::Credit(m) => m.write(&mut out),
            Msg::Escrow(m) => m.write(&mut out),
            Msg::Deal(m) => m.write(&mut out),
            Msg::Done(m) => m.write(&mut out),
            Msg::Fee(m) => m.write(&mut out),
            Msg::Notice(m) => m.write(&mut out),
            Msg::Told(m) => m.write(&mut out),
            Msg::Profile(m) => m.write(&mut out),
            Msg::Staff(m) => m.write(&mut out),
            Msg::Legacy(text) => return s.serialize_str(text),
        };
        written.map_err(serde::ser::Error::custom)?;
        out.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Msg::from_value(Value::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl Msg {
    /// A message from its wire form (a plain string: a sentence of old).
    fn from_value(value: Value) -> Result<Msg, serde_json::Error> {
        use serde::de::Error;
        let list = match value {
            Value::String(text) => return Ok(Msg::Legacy(text)),
            Value::Array(list) => list,
            other => return Err(Error::custom(format!("not a message: {other}"))),
        };
        let mut values = list.into_iter();
        let name = match values.next() {
            Some(Value::String(name)) => name,
            _ => return Err(Error::custom("a message without its kind")),
        };
        let v = &mut values;
        // Kinds have names of their own (see the test), so one group at
        // most knows `name`, and only it reads the values.
        let found = FormMsg::read(&name, v)?
            .map(Msg::Form)
            .or(AccountMsg::read(&name, v)?.map(Msg::Account))
            .or(AmountMsg::read(&name, v)?.map(Msg::Amount))
            .or(ProjectMsg::read(&name, v)?.map(Msg::Project))
            .or(CreditMsg::read(&name, v)?.map(Msg::Credit))
            .or(EscrowMsg::read(&name, v)?.map(Msg::Escrow))
            .or(DealMsg::read(&name, v)?.map(Msg::Deal))
            .or(DoneMsg::read(&name, v)?.map(Msg::Done))
            .or(FeeMsg::read(&name, v)?.map(Msg::Fee))
            .or(NoticeMsg::read(&name, v)?.map(Msg::Notice))
            .or(ToldMsg::read(&name, v)?.map(Msg::Told))
            .or(ProfileMsg::read(&name, v)?.map(Msg::Profile))
            .or(StaffMsg::read(&name, v)?.map(Msg::Staff));
        found.ok_or_else(|| Error::custom(format!("unknown message kind {name}")))
    }
}

kinds! {
    /// Any form: a field left empty, too long, not one of the choices; who may do what; request keys.
    FormMsg {
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
        /// A length a database check refused (a parser's slip).
        LengthBetween {
            min: usize,
            max: usize,
        },
        /// A request body that is not the function's arguments.
        NotUnderstood {
            detail: String,
        },
        RequestTooLarge {
            kb: usize,
        },
        NulCharacters,
        /// A request from another site's page.
        CrossSite,
        TooManyLiveTabs,
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
}

kinds! {
    /// Accounts, sign-up and log-in limits, the help centre, contact and terms.
    AccountMsg {
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
        /// Staff's reason is their own words.
        Suspended {
            reason: String,
        },
        AlreadyConfirmed,
        NotAClientEmail,
        NotCurrentPassword,
        OneChoicePerKind,
        ChooseHour,
        ClientNotConfirmed,
        ClientNameNeeded,
        /// What a reset request answers, whether the address has an
        /// account or not.
        ResetSent,
        AddressTakenSince,
    }
}

kinds! {
    /// Amounts as typed and the bounds of prices, budgets, rates and top-ups.
    AmountMsg {
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
}

kinds! {
    /// Projects, offers, the questions thread, staff notes, completion and ratings.
    ProjectMsg {
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
}

kinds! {
    /// Credits, card payments, plans, leads and credit requests.
    CreditMsg {
        /// Cancelled while waiting for the bank, and given back.
        PaymentCancelled,
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
        Lead {
            why: LeadRefusal,
        },
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
}

kinds! {
    /// The escrow: tranches, deposits, releases, disputes and payouts.
    EscrowMsg {
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
}

kinds! {
    /// Agreements, the platform fees and revisions of the agreed amount.
    DealMsg {
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
}

kinds! {
    /// What an action did, as its outcome says and as the ledger keeps it.
    DoneMsg {
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
}

kinds! {
    /// What paying or revising a fee did.
    FeeMsg {
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
}

kinds! {
    /// What a notification tells about a project, an agreement or a rating.
    NoticeMsg {
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
        OfferMade {
            name: String,
            title: String,
        },
        OfferChanged {
            name: String,
            title: String,
        },
        OfferRead {
            name: String,
            title: String,
        },
        ProjectPublished {
            title: String,
        },
        ProjectMatching {
            title: String,
        },
        ProjectNotPublished {
            title: String,
            reason: Option<String>,
        },
        EscrowDeposited {
            amount: Cents,
            tranche: String,
        },
        EscrowReleased {
            amount: Cents,
            tranche: String,
        },
        EscrowGivenBack {
            amount: Cents,
            tranche: String,
        },
        DisputeDeclared {
            name: String,
        },
        DisputeSettled {
            summary: Box<Msg>,
            note: String,
        },
        PayoutPaid {
            amount: Cents,
            reference: String,
        },
        PaymentGivenBack {
            amount: Cents,
        },
        PlanEnded {
            plan: String,
            on: time::Date,
        },
        PlanNotRenewed {
            plan: String,
            why: Box<Msg>,
        },
        PlanRenewed {
            plan: String,
            until: time::Date,
            amount: Cents,
            last4: String,
        },
    }
}

kinds! {
    /// What a notification tells about money: fees, leads, credits, reminders.
    ToldMsg {
        YourFeeWaived {
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
        /// A credit statement's line: money added by card.
        CardTopUp {
            last4: String,
            reference: String,
        },
        /// A credit statement's line: a plan's credits for a period.
        PlanCredits {
            plan: String,
            until: time::Date,
        },
        LeadBought {
            title: String,
        },
        LeadBoughtHalfPrice {
            title: String,
        },
        RequestAccepted {
            reason: Option<String>,
        },
    }
}

/// What was stored before messages were kinds: a sentence (kept as it
/// is), or a kind with its values. For `#[serde(deserialize_with)]`.
pub fn text_or_kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Msg, D::Error> {
    Msg::deserialize(d)
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

kinds! {
    /// A provider's profile, portfolio and certification; a project's files.
    ProfileMsg {
        TooFewReferences { min: usize },
        TooManyReferences { max: usize },
        AlreadyApplied,
        AlreadyCertified,
        NotUnderReview,
        /// A check must say what it found.
        NotChecked,
        TooFewConfirmed { min: usize, confirmed: usize },
        NotCertified,
        /// The form's lists of fields do not line up.
        ReferenceRows,
        ReferenceIsYou,
        ReferenceTwice,
        YearRange { first: i32, last: i32 },
        OnlyProvidersApply,
        NoApplication { id: i64 },
        NoReference { id: i64, position: i32 },
        /// In the account's history.
        AppliedWith { references: usize },
        ReferenceChecked {
            position: i32,
            name: String,
            company: String,
            outcome: Outcome,
            notes: String,
        },
        CertifiedAfter { confirmed: usize },
        RefusedBecause { reason: String },
        RevokedBecause { reason: String },
        /// Told to the provider.
        NowCertified,
        NotGranted { reason: String },
        Withdrawn { reason: String },
        ImageRefused { why: ImageRefusal, max: usize },
        TooManyLanguages { max: usize },
        StaffNoProfile,
        LinkScheme,
        WebAddress,
        NoProfile { id: i64 },
        OnlyProvidersPortfolio,
        PortfolioFull { max: usize },
        NoPortfolioItem { id: i64 },
        NoImage { id: i64 },
        OnlyProvidersPublic,
        FilesNeedCredit,
        NoFile { id: i64 },
    }
}

kinds! {
    /// The back office: search, a person's file, the outbox.
    StaffMsg {
        SearchLength,
        NoPerson { id: i64 },
        StaffNotSuspended,
        AccountDeleted,
        AlreadySuspended,
        NotSuspended,
        NoGivenUpEmail { id: i64 },
    }
}

impl From<ToldMsg> for Msg {
    fn from(m: ToldMsg) -> Msg {
        Msg::Told(m)
    }
}

impl From<ProfileMsg> for Msg {
    fn from(m: ProfileMsg) -> Msg {
        Msg::Profile(m)
    }
}

impl From<StaffMsg> for Msg {
    fn from(m: StaffMsg) -> Msg {
        Msg::Staff(m)
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

impl From<&Msg> for Msg {
    fn from(msg: &Msg) -> Self {
        msg.clone()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(m: Msg) -> String {
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Msg>(&json).unwrap(), m, "{json}");
        json
    }

    #[test]
    fn every_kind_has_a_name_of_its_own() {
        // A message is read back by its kind's name alone: two groups with
        // the same name would read one as the other.
        let groups = [
            FormMsg::NAMES,
            AccountMsg::NAMES,
            AmountMsg::NAMES,
            ProjectMsg::NAMES,
            CreditMsg::NAMES,
            EscrowMsg::NAMES,
            DealMsg::NAMES,
            DoneMsg::NAMES,
            FeeMsg::NAMES,
            NoticeMsg::NAMES,
            ToldMsg::NAMES,
            ProfileMsg::NAMES,
            StaffMsg::NAMES,
        ];
        let mut seen = std::collections::HashSet::new();
        for name in groups.iter().flat_map(|g| g.iter()) {
            assert!(seen.insert(*name), "two kinds are named {name}");
        }
        assert!(seen.len() > 150, "{} kinds", seen.len());
    }

    #[test]
    fn kinds_travel_as_their_name_and_values() {
        assert_eq!(round_trip(Msg::Form(FormMsg::Required)), r#"["Required"]"#);
        assert_eq!(
            round_trip(Msg::Form(FormMsg::TooLong { max: 20, len: 25 })),
            r#"["TooLong",20,25]"#
        );
        assert_eq!(
            round_trip(Msg::Legacy("Old words.".into())),
            r#""Old words.""#
        );
        round_trip(Msg::Escrow(EscrowMsg::TrancheProblem {
            label: "Design".into(),
            problem: Box::new(Msg::Amount(AmountMsg::AmountNegative)),
        }));
        round_trip(Msg::Told(ToldMsg::FeeReminder {
            kind: FeeKind::Connection,
            due: Cents::new(17_500),
            project_id: 3,
            deadline: Deadline::FirstDeposit,
            overdue: false,
        }));
        round_trip(Msg::Account(AccountMsg::CannotDelete {
            reasons: vec![Msg::Account(AccountMsg::Blocked {
                why: Blocker::Held,
                title: "Shop".into(),
            })],
        }));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            r#"["NoSuchKind"]"#,
            "[]",
            "12",
            r#"["TooLong","x",1]"#,
            r#"{"a":1}"#,
        ] {
            assert!(serde_json::from_str::<Msg>(bad).is_err(), "{bad}");
        }
    }
}
