//! The double-entry ledger for credits and providers' prepaid money.
//!
//! Every movement is a transaction of postings that sum to zero in each unit
//! (credits of one kind, or euro cents). Accounts held by people never go
//! below zero; the platform's own accounts are the other side of every grant,
//! spend, top-up and refund, and may be negative (they are where value comes
//! from and goes to). Nothing is ever removed: a correction is a new
//! transaction.

pub use super::values::CreditKind;

use super::money::Cents;
use super::msg::Msg;
use crate::domain::msg::{CreditMsg, FormMsg};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

impl CreditKind {
    pub const ALL: [CreditKind; 3] = [
        CreditKind::Consultation,
        CreditKind::Offer,
        CreditKind::Contact,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            CreditKind::Consultation => "consultation",
            CreditKind::Offer => "offer",
            CreditKind::Contact => "contact",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CreditKind::Consultation => "Consultation",
            CreditKind::Offer => "Offer",
            CreditKind::Contact => "Contact",
        }
    }

    pub fn from_slug(raw: &str) -> Option<CreditKind> {
        Self::ALL.into_iter().find(|k| k.slug() == raw)
    }
}

/// What a balance counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Unit {
    Credit(CreditKind),
    /// Euro cents: exact, integral.
    Cents,
}

/// Who holds a balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Holder {
    /// A provider's account (credits or prepaid money); never below zero.
    Provider(i64),
    /// Where granted credits and paid-in money come from.
    PlatformIssuance,
    /// Where spent credits and spent money go.
    PlatformConsumption,
}

impl Holder {
    pub fn may_go_negative(self) -> bool {
        !matches!(self, Holder::Provider(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    pub holder: Holder,
    pub unit: Unit,
    /// Positive credits the holder, negative debits it.
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    /// The postings of a unit do not sum to zero.
    Unbalanced(Unit),
    /// A posting of zero, or a transaction with no posting.
    Empty,
    /// The holder's balance would go below zero.
    Insufficient {
        holder: Holder,
        unit: Unit,
        balance: i64,
        needed: i64,
    },
    Overflow,
}

impl std::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LedgerError::Unbalanced(u) => write!(f, "the postings in {u:?} do not balance"),
            LedgerError::Empty => f.write_str("a transaction needs non-zero postings"),
            LedgerError::Insufficient {
                unit: Unit::Credit(kind),
                balance,
                needed,
                ..
            } => write!(
                f,
                "not enough {} credits: {balance} held, {needed} needed",
                kind.slug()
            ),
            LedgerError::Insufficient {
                balance, needed, ..
            } => write!(f, "not enough money: {balance} cents held, {needed} needed"),
            LedgerError::Overflow => f.write_str("amount out of range"),
        }
    }
}

impl LedgerError {
    /// What a person is told: only a refusal for lack of funds is theirs to
    /// read; the other errors are bugs, logged as such.
    pub fn refusal(&self) -> Option<Msg> {
        match *self {
            LedgerError::Insufficient {
                unit: Unit::Credit(kind),
                balance,
                needed,
                ..
            } => Some(Msg::Credit(CreditMsg::NotEnoughCredits {
                kind,
                balance,
                needed,
            })),
            LedgerError::Insufficient {
                balance, needed, ..
            } => Some(Msg::Credit(CreditMsg::NotEnoughMoney {
                balance: Cents::new(balance),
                needed: Cents::new(needed),
            })),
            _ => None,
        }
    }
}

/// A key the client generates for one intended movement, so that a retried
/// or doubled request moves nothing more.
pub fn parse_idempotency_key(raw: &str) -> Result<String, Msg> {
    let key = raw.trim();
    let ok = (8..=100).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(key.to_owned())
    } else {
        Err(Msg::Form(FormMsg::RequestKey))
    }
}

/// How many credits a staff member may grant or refund at once.
pub fn parse_credit_count(raw: &str) -> Result<i64, Msg> {
    match raw.trim().parse::<i64>() {
        Ok(n) if (1..=1000).contains(&n) => Ok(n),
        Ok(_) => Err(Msg::Credit(CreditMsg::CreditCountRange)),
        Err(_) => Err(Msg::Credit(CreditMsg::CreditCountShape)),
    }
}

/// What staff do to a provider's credits: give new ones, or give spent
/// ones back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffMove {
    Grant,
    Refund,
}

impl StaffMove {
    /// The wire's `refund: bool`.
    pub fn from_refund(refund: bool) -> StaffMove {
        if refund {
            StaffMove::Refund
        } else {
            StaffMove::Grant
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            StaffMove::Grant => "grant",
            StaffMove::Refund => "refund",
        }
    }
}

/// Checks that postings are non-zero and sum to zero in every unit.
pub fn check_balanced(postings: &[Posting]) -> Result<(), LedgerError> {
    if postings.is_empty() || postings.iter().any(|p| p.amount == 0) {
        return Err(LedgerError::Empty);
    }
    let mut sums: BTreeMap<Unit, i64> = BTreeMap::new();
    for p in postings {
        let sum = sums.entry(p.unit).or_default();
        *sum = sum.checked_add(p.amount).ok_or(LedgerError::Overflow)?;
    }
    match sums.into_iter().find(|(_, s)| *s != 0) {
        Some((unit, _)) => Err(LedgerError::Unbalanced(unit)),
        None => Ok(()),
    }
}

/// The postings of the usual movements.
pub mod movements {
    use super::*;

    /// Staff or a subscription give a provider credits.
    pub fn grant(provider: i64, kind: CreditKind, count: i64) -> Vec<Posting> {
        transfer(
            Holder::PlatformIssuance,
            Holder::Provider(provider),
            Unit::Credit(kind),
            count,
        )
    }

    /// A plan's credits for one period: one transaction for every kind.
    pub fn bundle(provider: i64, counts: &[(CreditKind, i64)]) -> Vec<Posting> {
        counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .flat_map(|(kind, n)| grant(provider, *kind, *n))
            .collect()
    }

    /// A provider spends credits on an unlock.
    pub fn spend(provider: i64, kind: CreditKind, count: i64) -> Vec<Posting> {
        transfer(
            Holder::Provider(provider),
            Holder::PlatformConsumption,
            Unit::Credit(kind),
            count,
        )
    }

    /// Staff give spent credits back.
    pub fn refund(provider: i64, kind: CreditKind, count: i64) -> Vec<Posting> {
        transfer(
            Holder::PlatformConsumption,
            Holder::Provider(provider),
            Unit::Credit(kind),
            count,
        )
    }

    /// Money paid in through the gateway to a provider's prepaid account.
    pub fn top_up(provider: i64, cents: Cents) -> Vec<Posting> {
        transfer(
            Holder::PlatformIssuance,
            Holder::Provider(provider),
            Unit::Cents,
            cents.get(),
        )
    }

    /// A provider pays for a lead from the prepaid account.
    pub fn purchase(provider: i64, cents: Cents) -> Vec<Posting> {
        transfer(
            Holder::Provider(provider),
            Holder::PlatformConsumption,
            Unit::Cents,
            cents.get(),
        )
    }

    /// The price of a purchase returned (an accepted credit request).
    pub fn purchase_refund(provider: i64, cents: Cents) -> Vec<Posting> {
        transfer(
            Holder::PlatformConsumption,
            Holder::Provider(provider),
            Unit::Cents,
            cents.get(),
        )
    }

    fn transfer(from: Holder, to: Holder, unit: Unit, amount: i64) -> Vec<Posting> {
        vec![
            Posting {
                holder: from,
                unit,
                amount: -amount,
            },
            Posting {
                holder: to,
                unit,
                amount,
            },
        ]
    }
}

/// An in-memory ledger: the reference model the database must agree with,
/// and what the property tests exercise. Test-only.
#[cfg(test)]
#[derive(Debug, Default, Clone)]
pub struct Ledger {
    balances: BTreeMap<(Holder, Unit), i64>,
    transactions: Vec<Vec<Posting>>,
}

#[cfg(test)]
impl Ledger {
    pub fn balance(&self, holder: Holder, unit: Unit) -> i64 {
        self.balances.get(&(holder, unit)).copied().unwrap_or(0)
    }

    /// Applies a transaction whole, or nothing of it.
    pub fn post(&mut self, postings: Vec<Posting>) -> Result<(), LedgerError> {
        check_balanced(&postings)?;
        let mut next = self.balances.clone();
        for p in &postings {
            let balance = next.entry((p.holder, p.unit)).or_default();
            let after = balance.checked_add(p.amount).ok_or(LedgerError::Overflow)?;
            if after < 0 && !p.holder.may_go_negative() {
                return Err(LedgerError::Insufficient {
                    holder: p.holder,
                    unit: p.unit,
                    balance: *balance,
                    needed: -p.amount,
                });
            }
            *balance = after;
        }
        self.balances = next;
        self.transactions.push(postings);
        Ok(())
    }

    pub fn transactions(&self) -> &[Vec<Posting>] {
        &self.transactions
    }

    /// Every unit sums to zero over all holders.
    pub fn is_balanced(&self) -> bool {
        let mut sums: BTreeMap<Unit, i64> = BTreeMap::new();
        for ((_, unit), amount) in &self.balances {
            *sums.entry(*unit).or_default() += amount;
        }
        sums.values().all(|s| *s == 0)
    }

    /// Replaying the history gives the same balances (nothing was lost).
    pub fn replayed(&self) -> BTreeMap<(Holder, Unit), i64> {
        let mut out: BTreeMap<(Holder, Unit), i64> = BTreeMap::new();
        for p in self.transactions.iter().flatten() {
            *out.entry((p.holder, p.unit)).or_default() += p.amount;
        }
        out
    }

    pub fn balances(&self) -> &BTreeMap<(Holder, Unit), i64> {
        &self.balances
    }
}

#[cfg(test)]
mod tests {
    use super::movements::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_and_counts_are_checked() {
        assert!(parse_idempotency_key("0f1e2d3c-aaaa-bbbb").is_ok());
        assert!(parse_idempotency_key("short").is_err());
        assert!(parse_idempotency_key("has space in it").is_err());
        assert_eq!(parse_credit_count(" 5 "), Ok(5));
        assert!(parse_credit_count("0").is_err());
        assert!(parse_credit_count("1001").is_err());
        assert!(parse_credit_count("two").is_err());
    }

    #[test]
    fn unbalanced_and_empty_transactions_are_refused() {
        let u = Unit::Credit(CreditKind::Offer);
        assert_eq!(check_balanced(&[]), Err(LedgerError::Empty));
        let one_sided = [Posting {
            holder: Holder::Provider(1),
            unit: u,
            amount: 3,
        }];
        assert_eq!(check_balanced(&one_sided), Err(LedgerError::Unbalanced(u)));
        assert!(check_balanced(&grant(1, CreditKind::Offer, 3)).is_ok());
        let b = bundle(
            1,
            &[
                (CreditKind::Offer, 3),
                (CreditKind::Contact, 0),
                (CreditKind::Consultation, 2),
            ],
        );
        assert_eq!(b.len(), 4, "no posting for a zero count");
        assert!(check_balanced(&b).is_ok());
    }

    #[test]
    fn a_provider_cannot_spend_what_they_do_not_have() {
        let mut l = Ledger::default();
        l.post(grant(7, CreditKind::Contact, 2)).unwrap();
        l.post(spend(7, CreditKind::Contact, 2)).unwrap();
        let e = l.post(spend(7, CreditKind::Contact, 1)).unwrap_err();
        assert_eq!(
            e.refusal(),
            Some(Msg::Credit(CreditMsg::NotEnoughCredits {
                kind: CreditKind::Contact,
                balance: 0,
                needed: 1
            }))
        );
        assert_eq!(
            l.balance(Holder::Provider(7), Unit::Credit(CreditKind::Contact)),
            0
        );
        assert_eq!(l.transactions().len(), 2, "the refused spend left no trace");
    }

    #[test]
    fn money_messages_show_euros() {
        let mut l = Ledger::default();
        l.post(top_up(3, Cents::new(1050))).unwrap();
        let e = l.post(purchase(3, Cents::new(2000))).unwrap_err();
        assert_eq!(
            e.refusal(),
            Some(Msg::Credit(CreditMsg::NotEnoughMoney {
                balance: Cents::new(1050),
                needed: Cents::new(2000)
            }))
        );
    }

    #[derive(Debug, Clone)]
    enum Op {
        Grant(i64, CreditKind, i64),
        Spend(i64, CreditKind, i64),
        Refund(i64, CreditKind, i64),
        TopUp(i64, i64),
        Purchase(i64, i64),
        PurchaseRefund(i64, i64),
    }

    fn kind() -> impl Strategy<Value = CreditKind> {
        prop::sample::select(CreditKind::ALL.to_vec())
    }

    fn op() -> impl Strategy<Value = Op> {
        let who = 1i64..4;
        prop_oneof![
            (who.clone(), kind(), 1i64..20).prop_map(|(p, k, n)| Op::Grant(p, k, n)),
            (who.clone(), kind(), 1i64..20).prop_map(|(p, k, n)| Op::Spend(p, k, n)),
            (who.clone(), kind(), 1i64..5).prop_map(|(p, k, n)| Op::Refund(p, k, n)),
            (who.clone(), 1i64..100_000).prop_map(|(p, c)| Op::TopUp(p, c)),
            (who.clone(), 1i64..100_000).prop_map(|(p, c)| Op::Purchase(p, c)),
            (who, 1i64..50_000).prop_map(|(p, c)| Op::PurchaseRefund(p, c)),
        ]
    }

    proptest! {
        #[test]
        fn any_sequence_keeps_balances_non_negative_and_the_ledger_balanced(ops in prop::collection::vec(op(), 0..200)) {
            let mut l = Ledger::default();
            for op in ops {
                let postings = match op {
                    Op::Grant(p, k, n) => grant(p, k, n),
                    Op::Spend(p, k, n) => spend(p, k, n),
                    Op::Refund(p, k, n) => refund(p, k, n),
                    Op::TopUp(p, c) => top_up(p, Cents::new(c)),
                    Op::Purchase(p, c) => purchase(p, Cents::new(c)),
                    Op::PurchaseRefund(p, c) => purchase_refund(p, Cents::new(c)),
                };
                let before = l.clone();
                match l.post(postings) {
                    Ok(()) => {}
                    // A refused transaction changes nothing at all.
                    Err(_) => prop_assert_eq!(l.balances(), before.balances()),
                }
                for ((holder, _), balance) in l.balances() {
                    if !holder.may_go_negative() {
                        prop_assert!(*balance >= 0);
                    }
                }
                prop_assert!(l.is_balanced());
            }
            let replayed: BTreeMap<_, _> = l.replayed().into_iter().filter(|(_, v)| *v != 0).collect();
            let current: BTreeMap<_, _> = l.balances().clone().into_iter().filter(|(_, v)| *v != 0).collect();
            prop_assert_eq!(replayed, current);
        }
    }
}
