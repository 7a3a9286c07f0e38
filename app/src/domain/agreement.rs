//! The agreement a selected provider confirms: scope, amount, formula and,
//! for zero risk, the tranche plan. Also the platform's fees on it.

pub use super::values::FeeKind;

use super::escrow::check_plan;
use super::fields::{bounded, FieldErrors};
use super::locale::Lang;
use super::money::{Cents, Money};
use super::msg::Msg;
use crate::domain::msg::{AmountMsg, DealMsg, EscrowMsg, FormMsg};
use serde::{Deserialize, Serialize};

/// Basis points (1/100 of a percent) of the agreed amount.
pub const CONNECTION_RATE_BP: i64 = 500;
pub const ZERO_RISK_RATE_BP: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    /// The parties pay each other outside the platform; the platform charges
    /// a connection commission.
    Basic,
    /// The money goes through escrow, tranche by tranche, for the R0 fee on top.
    ZeroRisk,
}

impl Formula {
    pub fn slug(self) -> &'static str {
        match self {
            Formula::Basic => "basic",
            Formula::ZeroRisk => "zero_risk",
        }
    }

    pub fn from_slug(raw: &str) -> Option<Formula> {
        [Formula::Basic, Formula::ZeroRisk]
            .into_iter()
            .find(|f| f.slug() == raw)
    }
}

impl FeeKind {
    pub fn slug(self) -> &'static str {
        match self {
            FeeKind::Connection => "connection",
            FeeKind::ZeroRisk => "zero_risk",
        }
    }

    pub fn from_slug(raw: &str) -> Option<FeeKind> {
        [FeeKind::Connection, FeeKind::ZeroRisk]
            .into_iter()
            .find(|k| k.slug() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            FeeKind::Connection => "Connection commission",
            FeeKind::ZeroRisk => "Zero-risk fee",
        }
    }
}

/// A party's answer to what the other asked (a revision, a credit request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Accept,
    Refuse,
}

impl Answer {
    /// The wire's `accept: bool`.
    pub fn from_accept(accept: bool) -> Answer {
        if accept {
            Answer::Accept
        } else {
            Answer::Refuse
        }
    }
}

/// The rates an agreement is signed at (basis points of the agreed amount).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeRates {
    pub connection_bp: i64,
    pub zero_risk_bp: i64,
}

impl Default for FeeRates {
    fn default() -> Self {
        FeeRates {
            connection_bp: CONNECTION_RATE_BP,
            zero_risk_bp: ZERO_RISK_RATE_BP,
        }
    }
}

/// A configured fee rate: basis points of the agreed amount, 0 to 5000.
pub fn parse_rate_bp(raw: &str) -> Result<i64, String> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|bp| (0..=5000).contains(bp))
        .ok_or_else(|| format!("a rate is basis points from 0 to 5000, not {raw:?}"))
}

/// Who pays the connection commission: the client, or the provider where
/// both agree (the client proposes it, the provider's signature agrees).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommissionPayer {
    Client,
    Provider,
}

impl CommissionPayer {
    pub fn slug(self) -> &'static str {
        match self {
            CommissionPayer::Client => "client",
            CommissionPayer::Provider => "provider",
        }
    }

    pub fn from_slug(raw: &str) -> Option<CommissionPayer> {
        match raw {
            "client" => Some(CommissionPayer::Client),
            "provider" => Some(CommissionPayer::Provider),
            _ => None,
        }
    }
}

/// The accounts of the fee ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeeAccount {
    /// What the payer owes the platform.
    Receivable,
    /// The platform's revenue (a credit side: it grows negative).
    Revenue,
    /// Money received through the gateway.
    Cash,
    /// What the platform owes the payer back after a revision (negative).
    PayerCredit,
    /// What staff forgave: revenue given up (a debit side: it grows positive).
    Waived,
}

impl FeeAccount {
    pub fn slug(self) -> &'static str {
        match self {
            FeeAccount::Receivable => "receivable",
            FeeAccount::Revenue => "revenue",
            FeeAccount::Cash => "cash",
            FeeAccount::PayerCredit => "payer_credit",
            FeeAccount::Waived => "waived",
        }
    }
}

/// One fee on one agreement: what it is now, what is still due, what was
/// paid, what staff waived, and what was credited back to the payer.
/// Always `due + paid + waived = fee + credit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeBook {
    pub rate_bp: i64,
    pub fee: Cents,
    pub due: Cents,
    pub paid: Cents,
    pub credit: Cents,
    pub waived: Cents,
}

/// A posting of the fee ledger.
pub type FeePosting = (FeeAccount, Cents);

fn overflow() -> Msg {
    Msg::Amount(AmountMsg::AmountOutOfRange)
}

fn neg(c: Cents) -> Result<Cents, Msg> {
    c.checked_neg().ok_or_else(overflow)
}

impl FeeBook {
    /// The fee charged on an agreed amount: all of it is due.
    pub fn charge(rate_bp: i64, amount: Cents) -> Result<(FeeBook, Vec<FeePosting>), Msg> {
        let f = fee(amount, rate_bp);
        let book = FeeBook {
            rate_bp,
            fee: f,
            due: f,
            paid: Cents::ZERO,
            credit: Cents::ZERO,
            waived: Cents::ZERO,
        };
        let postings = if f.is_positive() {
            vec![(FeeAccount::Receivable, f), (FeeAccount::Revenue, neg(f)?)]
        } else {
            vec![]
        };
        Ok((book, postings))
    }

    /// The payer pays everything that is due.
    pub fn pay(&mut self) -> Result<Vec<FeePosting>, Msg> {
        if self.due.is_zero() {
            return Err(Msg::Deal(DealMsg::FeeNothingDue));
        }
        let amount = self.due;
        self.paid = self.paid.checked_add(amount).ok_or_else(overflow)?;
        self.due = Cents::ZERO;
        Ok(vec![
            (FeeAccount::Cash, amount),
            (FeeAccount::Receivable, neg(amount)?),
        ])
    }

    /// Staff forgive everything still due: the payer owes nothing more and
    /// the platform gives up that revenue. Returns the amount waived.
    pub fn waive(&mut self) -> Result<(Cents, Vec<FeePosting>), Msg> {
        if self.due.is_zero() {
            return Err(Msg::Deal(DealMsg::FeeNothingToWaive));
        }
        let amount = self.due;
        self.waived = self.waived.checked_add(amount).ok_or_else(overflow)?;
        self.due = Cents::ZERO;
        Ok((
            amount,
            vec![
                (FeeAccount::Waived, amount),
                (FeeAccount::Receivable, neg(amount)?),
            ],
        ))
    }

    /// A downward revision from `old` to `new`: the fee is recomputed; the
    /// difference first lowers what is due, then what was waived (nobody
    /// is credited money they never paid), and the rest is credited to the
    /// payer. Returns the difference and the postings.
    pub fn revise(&mut self, old: Cents, new: Cents) -> Result<(Cents, Vec<FeePosting>), Msg> {
        if !new.is_positive() || new >= old {
            return Err(Msg::Deal(DealMsg::RevisionLowers));
        }
        let new_fee = fee(new, self.rate_bp);
        let difference = self.fee.checked_sub(new_fee).ok_or_else(overflow)?;
        let from_due = difference.min(self.due);
        let rest = difference.checked_sub(from_due).ok_or_else(overflow)?;
        let from_waived = rest.min(self.waived);
        let credited = rest.checked_sub(from_waived).ok_or_else(overflow)?;
        self.fee = new_fee;
        self.due = self.due.checked_sub(from_due).ok_or_else(overflow)?;
        self.waived = self.waived.checked_sub(from_waived).ok_or_else(overflow)?;
        self.credit = self.credit.checked_add(credited).ok_or_else(overflow)?;
        let mut postings = Vec::new();
        if difference.is_positive() {
            postings.push((FeeAccount::Revenue, difference));
        }
        for (account, amount) in [
            (FeeAccount::Receivable, from_due),
            (FeeAccount::Waived, from_waived),
            (FeeAccount::PayerCredit, credited),
        ] {
            if amount.is_positive() {
                postings.push((account, neg(amount)?));
            }
        }
        Ok((difference, postings))
    }
}

/// `rate_bp` of `amount`, rounded half up to the cent. Computed in 128
/// bits: for any rate up to 100 % the result is at most the amount, so it
/// always fits.
pub fn fee(amount: Cents, rate_bp: i64) -> Cents {
    let bp = i128::from(rate_bp.clamp(0, 10_000));
    let cents = (i128::from(amount.get()) * bp + 5_000).div_euclid(10_000);
    Cents::new(i64::try_from(cents).unwrap_or(amount.get()))
}

/// The platform's fees on an agreement at the default rates: the
/// connection commission and the R0 fee.
pub fn platform_fees(formula: Formula, amount: Cents) -> (Cents, Cents) {
    platform_fees_at(FeeRates::default(), formula, amount)
}

/// The same at the rates the agreement was made at.
pub fn platform_fees_at(rates: FeeRates, formula: Formula, amount: Cents) -> (Cents, Cents) {
    let connection = fee(amount, rates.connection_bp);
    let zero_risk = match formula {
        Formula::Basic => Cents::ZERO,
        Formula::ZeroRisk => fee(amount, rates.zero_risk_bp),
    };
    (connection, zero_risk)
}

/// A project is completed only once the platform's fees on its agreement
/// are paid (the seeds' "incident de paiement" otherwise): why it may not
/// be completed yet, if `fees_due` is still owed.
pub fn completion_blocked_by(fees_due: Cents) -> Option<Msg> {
    fees_due
        .is_positive()
        .then_some(Msg::Deal(DealMsg::FeesBeforeCompletion { due: fees_due }))
}

/// A downward revision agreed by both: the commission is recomputed and
/// the difference credited back. Refuses anything that is not downward.
pub fn revision_credit(old: Cents, new: Cents) -> Result<Cents, Msg> {
    if !new.is_positive() || new >= old {
        return Err(Msg::Deal(DealMsg::RevisionLowers));
    }
    fee(old, CONNECTION_RATE_BP)
        .checked_sub(fee(new, CONNECTION_RATE_BP))
        .ok_or_else(overflow)
}

/// The agreement form, as the client types it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgreementForm {
    pub scope: String,
    pub amount: String,
    pub formula: String,
    /// Label and amount of each tranche (zero risk only).
    pub tranches: Vec<(String, String)>,
    /// "client" (the default) or "provider", where both agree.
    #[serde(default)]
    pub commission_payer: String,
    /// Zero risk only: the confirmation phrase as the client typed it.
    #[serde(default)]
    pub confirmation: String,
}

/// What a client types before proposing a zero-risk agreement, in each
/// language: the escrow's one rule, that only money deposited is covered
/// (the seed's « le prestataire ne doit travailler que sur la partie du
/// projet dont le montant est sur le compte interne »). Either language's
/// phrase is accepted, whatever the page's language.
pub fn confirmation_phrase(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Seul l’argent déposé est garanti",
        Lang::En => "Only deposited money is guaranteed",
    }
}

/// Whether `typed` is one of the phrases, ignoring case, accents, the kind
/// of apostrophe, spaces around and between words, and a final full stop:
/// what a person may type differently without having read less.
pub fn confirms(typed: &str) -> bool {
    let typed = loose(typed);
    Lang::ALL
        .iter()
        .any(|lang| loose(confirmation_phrase(*lang)) == typed)
}

fn loose(text: &str) -> String {
    let folded: String = text
        .trim()
        .trim_end_matches(['.', '!'])
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' | '‘' | '`' | '´' => '\'',
            c => c,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDraft {
    pub scope: String,
    pub amount: Cents,
    pub formula: Formula,
    pub tranches: Vec<(String, Cents)>,
    pub commission_payer: CommissionPayer,
}

impl AgreementDraft {
    pub fn parse(form: &AgreementForm) -> Result<AgreementDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let scope = errors.check("scope", bounded(&form.scope, 20, 5000));
        let amount = errors.check("amount", Cents::parse_positive(&form.amount));
        let formula = errors.check(
            "formula",
            Formula::from_slug(&form.formula).ok_or(Msg::Deal(DealMsg::ChooseFormula)),
        );
        let commission_payer = errors.check(
            "commission_payer",
            match form.commission_payer.as_str() {
                "" => Ok(CommissionPayer::Client),
                raw => {
                    CommissionPayer::from_slug(raw).ok_or(Msg::Deal(DealMsg::ChooseCommissionPayer))
                }
            },
        );
        let mut tranches = Vec::new();
        if formula == Some(Formula::ZeroRisk) {
            for (label, raw) in &form.tranches {
                let label = match bounded(label, 1, 120) {
                    Ok(l) => l,
                    Err(m) => {
                        errors.add("tranches", m);
                        continue;
                    }
                };
                match Money::parse(raw) {
                    Ok(m) => tranches.push((label, Cents::from(m))),
                    Err(m) => errors.add(
                        "tranches",
                        Msg::Escrow(EscrowMsg::TrancheProblem {
                            label,
                            problem: Box::new(m),
                        }),
                    ),
                }
            }
            if let (Some(total), true) = (amount, errors.is_empty()) {
                errors.check("tranches", check_plan(total, &tranches));
            }
            if !confirms(&form.confirmation) {
                errors.add("confirmation", Msg::Form(FormMsg::ConfirmationPhrase));
            }
        }
        match (scope, amount, formula, commission_payer) {
            (Some(scope), Some(amount), Some(formula), Some(commission_payer))
                if errors.is_empty() =>
            {
                Ok(AgreementDraft {
                    scope,
                    amount,
                    formula,
                    tranches,
                    commission_payer,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_project_waits_for_its_fees_before_completion() {
        assert_eq!(completion_blocked_by(Cents::ZERO), None);
        assert_eq!(
            completion_blocked_by(Cents::new(24_000)),
            Some(Msg::Deal(DealMsg::FeesBeforeCompletion {
                due: Cents::new(24_000)
            }))
        );
    }

    fn c(cents: i64) -> Cents {
        Cents::new(cents)
    }

    fn form(formula: &str, tranches: &[(&str, &str)]) -> AgreementForm {
        AgreementForm {
            scope: "Design and build the booking site, two rounds of changes.".into(),
            amount: "3500".into(),
            formula: formula.into(),
            tranches: tranches
                .iter()
                .map(|(l, a)| (l.to_string(), a.to_string()))
                .collect(),
            commission_payer: String::new(),
            confirmation: confirmation_phrase(Lang::Fr).into(),
        }
    }

    #[test]
    fn zero_risk_needs_the_confirmation_phrase() {
        let plan = [("Design", "1000"), ("Build", "2500")];
        let with = |typed: &str| AgreementForm {
            confirmation: typed.into(),
            ..form("zero_risk", &plan)
        };
        for typed in [
            "Seul l’argent déposé est garanti",
            "  seul l'argent DEPOSE est   garanti. ",
            "Only deposited money is guaranteed",
            "only deposited money is guaranteed.",
        ] {
            assert!(AgreementDraft::parse(&with(typed)).is_ok(), "{typed}");
        }
        for typed in [
            "",
            "ok",
            "Seul l’argent est garanti",
            "Only money is guaranteed",
        ] {
            let e = AgreementDraft::parse(&with(typed)).unwrap_err().into_vec();
            assert_eq!(e.len(), 1, "{typed}");
            assert_eq!(e[0].field, "confirmation");
            assert_eq!(e[0].message, Msg::Form(FormMsg::ConfirmationPhrase));
        }
        // Basic agreements move no money through us: nothing to confirm.
        let basic = AgreementForm {
            confirmation: String::new(),
            ..form("basic", &[])
        };
        assert!(AgreementDraft::parse(&basic).is_ok());
    }

    #[test]
    fn zero_risk_needs_tranches_that_add_up() {
        let ok =
            AgreementDraft::parse(&form("zero_risk", &[("Design", "1000"), ("Build", "2500")]))
                .unwrap();
        assert_eq!(
            ok.tranches,
            vec![
                ("Design".into(), Cents::new(100_000)),
                ("Build".into(), Cents::new(250_000))
            ]
        );
        let e = AgreementDraft::parse(&form("zero_risk", &[("Design", "1000")])).unwrap_err();
        assert!(matches!(
            e.into_vec()[0].message,
            Msg::Escrow(EscrowMsg::TranchesSum { .. })
        ));
        let basic = AgreementDraft::parse(&form("basic", &[])).unwrap();
        assert!(basic.tranches.is_empty());
        assert!(AgreementDraft::parse(&form("cash", &[])).is_err());
    }

    #[test]
    fn fees_round_half_up_to_the_cent() {
        assert_eq!(fee(c(350_000), CONNECTION_RATE_BP), c(17_500));
        assert_eq!(fee(c(10), CONNECTION_RATE_BP), c(1)); // 0.5 cent rounds up
        assert_eq!(fee(c(9), CONNECTION_RATE_BP), c(0));
        assert_eq!(platform_fees(Formula::Basic, c(100_000)), (c(5_000), c(0)));
        assert_eq!(
            platform_fees(Formula::ZeroRisk, c(100_000)),
            (c(5_000), c(3_000))
        );
        assert_eq!(revision_credit(c(100_000), c(80_000)), Ok(c(1_000)));
        assert!(revision_credit(c(100_000), c(100_000)).is_err());
        // No amount overflows the computation.
        assert_eq!(fee(c(i64::MAX), 10_000), c(i64::MAX));
    }

    #[test]
    fn the_commission_payer_is_the_client_unless_both_agree_otherwise() {
        let d = AgreementDraft::parse(&form("basic", &[])).unwrap();
        assert_eq!(d.commission_payer, CommissionPayer::Client);
        let mut f = form("basic", &[]);
        f.commission_payer = "provider".into();
        assert_eq!(
            AgreementDraft::parse(&f).unwrap().commission_payer,
            CommissionPayer::Provider
        );
        f.commission_payer = "staff".into();
        assert!(AgreementDraft::parse(&f).is_err());
        assert_eq!(parse_rate_bp(" 450"), Ok(450));
        assert!(parse_rate_bp("-1").is_err());
        assert!(parse_rate_bp("5001").is_err());
        assert!(parse_rate_bp("x").unwrap_err().contains("0 to 5000"));
    }

    #[test]
    fn a_revision_lowers_what_is_due_first_then_credits_the_payer() {
        let (mut book, postings) = FeeBook::charge(500, c(100_000)).unwrap();
        assert_eq!((book.fee, book.due), (c(5_000), c(5_000)));
        assert_eq!(Cents::sum(postings.iter().map(|p| p.1)), Some(Cents::ZERO));
        // Before payment: the due amount just drops.
        let (d, _) = book.revise(c(100_000), c(80_000)).unwrap();
        assert_eq!(
            (d, book.fee, book.due, book.credit),
            (c(1_000), c(4_000), c(4_000), c(0))
        );
        book.pay().unwrap();
        assert!(book.pay().is_err(), "nothing left to pay");
        // After payment: the difference is a credit to the payer.
        let (d, postings) = book.revise(c(80_000), c(60_000)).unwrap();
        assert_eq!(
            (d, book.fee, book.due, book.paid, book.credit),
            (c(1_000), c(3_000), c(0), c(4_000), c(1_000))
        );
        assert_eq!(
            postings,
            vec![
                (FeeAccount::Revenue, c(1_000)),
                (FeeAccount::PayerCredit, c(-1_000))
            ]
        );
        assert!(book.revise(c(60_000), c(60_000)).is_err());
    }

    proptest! {
        #[test]
        fn any_charges_payments_waivers_and_revisions_keep_the_fee_book_true(
            amount in 1i64..10_000_000,
            rate in 0i64..5000,
            steps in prop::collection::vec((0u8..3, 1i64..100), 0..12)
        ) {
            let (mut book, postings) = FeeBook::charge(rate, c(amount)).unwrap();
            let mut accounts = std::collections::HashMap::<FeeAccount, i64>::new();
            let add = |ps: &[FeePosting], accounts: &mut std::collections::HashMap<FeeAccount, i64>| {
                assert_eq!(Cents::sum(ps.iter().map(|p| p.1)), Some(Cents::ZERO), "balanced");
                for (a, x) in ps { *accounts.entry(*a).or_insert(0) += x.get(); }
            };
            add(&postings, &mut accounts);
            let mut current = amount;
            for (step, cut_percent) in steps {
                let due_before = book.due;
                match step {
                    0 => match book.pay() {
                        Ok(ps) => add(&ps, &mut accounts),
                        Err(_) => prop_assert!(due_before.is_zero()),
                    },
                    1 => match book.waive() {
                        Ok((w, ps)) => { prop_assert_eq!(w, due_before); add(&ps, &mut accounts) }
                        Err(_) => prop_assert!(due_before.is_zero()),
                    },
                    _ => {
                        let next = current - current * cut_percent / 100;
                        match book.revise(c(current), c(next)) {
                            Ok((d, ps)) => { prop_assert!(!d.is_negative()); add(&ps, &mut accounts); current = next; }
                            Err(_) => prop_assert!(next <= 0 || next >= current),
                        }
                    }
                }
                let get = |a| accounts.get(&a).copied().unwrap_or(0);
                prop_assert_eq!(book.fee, fee(c(current), rate), "the fee follows the agreed amount");
                let (due, paid, fee_now, credit, waived) =
                    (book.due.get(), book.paid.get(), book.fee.get(), book.credit.get(), book.waived.get());
                prop_assert!(due >= 0 && credit >= 0 && paid >= 0 && waived >= 0);
                prop_assert_eq!(due + paid + waived, fee_now + credit);
                prop_assert!(credit <= paid, "only money paid is ever credited back");
                prop_assert_eq!(-get(FeeAccount::Revenue), fee_now, "revenue is the fee on the current amount");
                prop_assert_eq!(get(FeeAccount::Receivable), due);
                prop_assert_eq!(get(FeeAccount::Cash), paid);
                prop_assert_eq!(get(FeeAccount::Waived), waived);
                prop_assert_eq!(-get(FeeAccount::PayerCredit), credit);
            }
        }
    }

    proptest! {
        #[test]
        fn a_downward_revision_never_credits_more_than_was_charged(old in 1i64..100_000_000, cut in 1i64..100_000_000) {
            let new = old - cut.min(old - 1).max(0);
            if new < old {
                let credit = revision_credit(c(old), c(new)).unwrap();
                prop_assert!(!credit.is_negative());
                prop_assert!(credit <= fee(c(old), CONNECTION_RATE_BP));
                prop_assert_eq!(fee(c(old), CONNECTION_RATE_BP).checked_sub(credit), Some(fee(c(new), CONNECTION_RATE_BP)));
            }
        }
    }

    #[test]
    fn tranche_labels_are_bounded_like_the_database_column() {
        let long = "x".repeat(121);
        let e = AgreementDraft::parse(&form("zero_risk", &[(long.as_str(), "3500")])).unwrap_err();
        assert_eq!(
            e.into_vec()[0].message,
            Msg::Form(FormMsg::TooLong { max: 120, len: 121 })
        );
        let e = AgreementDraft::parse(&form("zero_risk", &[("Design\u{0}", "3500")])).unwrap_err();
        assert_eq!(e.into_vec()[0].message, Msg::Form(FormMsg::BadCharacters));
    }
}
