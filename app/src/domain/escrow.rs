//! The zero-risk escrow of one project, as plain rules (issue 4 builds the
//! database, pages and live tab on top of them).
//!
//! Two-phase, after TigerBeetle's pending transfers: what the client
//! deposits into a tranche is *held*; each held amount is later released to
//! the provider or refunded to the client, in full or in parts, and never
//! more than is held. A dispute freezes the whole escrow for both parties
//! until staff decide, within what is held. Paid out never exceeds released.
//! All amounts are `Cents`; a tranche is named to people by its 1-based
//! `Position`, and indexed from 0 inside.

use super::money::Cents;
use super::msg::Msg;
use crate::domain::msg::{AmountMsg, EscrowMsg, FormMsg, ProjectMsg};
use serde::{Deserialize, Serialize};

/// A tranche as people number it: 1 for the first. Inside, tranches are
/// indexed from 0; this type is the one place that turns one into the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Position(i32);

impl Position {
    /// The position of the tranche at `index`.
    pub fn of_index(index: usize) -> Position {
        Position(i32::try_from(index).map_or(i32::MAX, |i| i.saturating_add(1)))
    }

    /// A position as stored or sent; checked against the escrow by `index`.
    pub const fn new(position: i32) -> Position {
        Position(position)
    }

    pub const fn get(self) -> i32 {
        self.0
    }

    /// The 0-based index, if this is a real position (1 or more).
    pub fn index(self) -> Option<usize> {
        usize::try_from(self.0).ok()?.checked_sub(1)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tranche {
    pub label: String,
    pub planned: Cents,
    pub deposited: Cents,
    pub released: Cents,
    pub refunded: Cents,
}

impl Tranche {
    /// Deposited and neither released nor refunded yet. The escrow's
    /// rules keep it between zero and what was deposited.
    pub fn held(&self) -> Cents {
        self.deposited
            .checked_sub(self.released)
            .and_then(|c| c.checked_sub(self.refunded))
            .unwrap_or(Cents::ZERO)
    }

    /// Still to deposit.
    pub fn unfunded(&self) -> Cents {
        self.planned
            .checked_sub(self.deposited)
            .unwrap_or(Cents::ZERO)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscrowError {
    NoSuchTranche,
    NotPositive,
    OverPlan { unfunded: Cents },
    OverHeld { held: Cents },
    Frozen,
    NotDisputed,
    OverReleased { available: Cents },
    Overflow,
}

impl From<EscrowError> for Msg {
    fn from(e: EscrowError) -> Msg {
        match e {
            EscrowError::NoSuchTranche => Msg::Escrow(EscrowMsg::NoSuchTranche),
            EscrowError::NotPositive => Msg::Amount(AmountMsg::AmountNotPositive),
            EscrowError::OverPlan { unfunded } => Msg::Escrow(EscrowMsg::OverPlan { unfunded }),
            EscrowError::OverHeld { held } => Msg::Escrow(EscrowMsg::OverHeld { held }),
            EscrowError::Frozen => Msg::Escrow(EscrowMsg::EscrowFrozen),
            EscrowError::NotDisputed => Msg::Escrow(EscrowMsg::NotDisputed),
            EscrowError::OverReleased { available } => {
                Msg::Escrow(EscrowMsg::OverReleased { available })
            }
            EscrowError::Overflow => Msg::Amount(AmountMsg::AmountOutOfRange),
        }
    }
}

/// Staff's decision on one tranche: how much of what is held goes to each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub tranche: usize,
    pub to_provider: Cents,
    pub to_client: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Escrow {
    pub tranches: Vec<Tranche>,
    pub disputed: bool,
    pub paid_out: Cents,
}

impl Escrow {
    pub fn new(plan: &[(String, Cents)]) -> Escrow {
        Escrow {
            tranches: plan
                .iter()
                .map(|(label, planned)| Tranche {
                    label: label.clone(),
                    planned: *planned,
                    deposited: Cents::ZERO,
                    released: Cents::ZERO,
                    refunded: Cents::ZERO,
                })
                .collect(),
            disputed: false,
            paid_out: Cents::ZERO,
        }
    }

    fn tranche(&mut self, i: usize) -> Result<&mut Tranche, EscrowError> {
        self.tranches.get_mut(i).ok_or(EscrowError::NoSuchTranche)
    }

    fn open(&self) -> Result<(), EscrowError> {
        if self.disputed {
            Err(EscrowError::Frozen)
        } else {
            Ok(())
        }
    }

    pub fn held(&self) -> Result<Cents, EscrowError> {
        Cents::sum(self.tranches.iter().map(Tranche::held)).ok_or(EscrowError::Overflow)
    }

    pub fn released(&self) -> Result<Cents, EscrowError> {
        Cents::sum(self.tranches.iter().map(|t| t.released)).ok_or(EscrowError::Overflow)
    }

    /// The client pays into a tranche (through the gateway).
    pub fn deposit(&mut self, i: usize, amount: Cents) -> Result<(), EscrowError> {
        positive(amount)?;
        self.open()?;
        let t = self.tranche(i)?;
        if amount > t.unfunded() {
            return Err(EscrowError::OverPlan {
                unfunded: t.unfunded(),
            });
        }
        t.deposited = t
            .deposited
            .checked_add(amount)
            .ok_or(EscrowError::Overflow)?;
        Ok(())
    }

    /// The client accepts a deliverable: part or all of what is held goes
    /// to the provider.
    pub fn release(&mut self, i: usize, amount: Cents) -> Result<(), EscrowError> {
        positive(amount)?;
        self.open()?;
        let t = self.tranche(i)?;
        if amount > t.held() {
            return Err(EscrowError::OverHeld { held: t.held() });
        }
        t.released = t
            .released
            .checked_add(amount)
            .ok_or(EscrowError::Overflow)?;
        Ok(())
    }

    /// The provider consents to give part or all of what is held back.
    pub fn refund(&mut self, i: usize, amount: Cents) -> Result<(), EscrowError> {
        positive(amount)?;
        self.open()?;
        let t = self.tranche(i)?;
        if amount > t.held() {
            return Err(EscrowError::OverHeld { held: t.held() });
        }
        t.refunded = t
            .refunded
            .checked_add(amount)
            .ok_or(EscrowError::Overflow)?;
        Ok(())
    }

    /// Either party: everything freezes until staff decide.
    pub fn dispute(&mut self) -> Result<(), EscrowError> {
        self.open()?;
        self.disputed = true;
        Ok(())
    }

    /// Staff decide: each allocation within what its tranche holds. All or
    /// nothing; the escrow opens again.
    pub fn decide(&mut self, allocations: &[Allocation]) -> Result<(), EscrowError> {
        if !self.disputed {
            return Err(EscrowError::NotDisputed);
        }
        let mut next = self.clone();
        for a in allocations {
            if a.to_provider.is_negative() || a.to_client.is_negative() {
                return Err(EscrowError::NotPositive);
            }
            let t = next.tranche(a.tranche)?;
            let total = a
                .to_provider
                .checked_add(a.to_client)
                .ok_or(EscrowError::Overflow)?;
            if total > t.held() {
                return Err(EscrowError::OverHeld { held: t.held() });
            }
            t.released = t
                .released
                .checked_add(a.to_provider)
                .ok_or(EscrowError::Overflow)?;
            t.refunded = t
                .refunded
                .checked_add(a.to_client)
                .ok_or(EscrowError::Overflow)?;
        }
        next.disputed = false;
        *self = next;
        Ok(())
    }

    /// Staff pay the provider (bank transfer) from what was released.
    pub fn pay_out(&mut self, amount: Cents) -> Result<(), EscrowError> {
        positive(amount)?;
        let available = self
            .released()?
            .checked_sub(self.paid_out)
            .ok_or(EscrowError::Overflow)?;
        if amount > available {
            return Err(EscrowError::OverReleased { available });
        }
        self.paid_out = self
            .paid_out
            .checked_add(amount)
            .ok_or(EscrowError::Overflow)?;
        Ok(())
    }

    /// The invariants the product promises.
    pub fn holds_invariants(&self) -> bool {
        self.tranches.iter().all(|t| {
            !t.deposited.is_negative()
                && !t.released.is_negative()
                && !t.refunded.is_negative()
                && t.deposited <= t.planned
                && t.released
                    .checked_add(t.refunded)
                    .is_some_and(|out| out <= t.deposited)
        }) && !self.paid_out.is_negative()
            && self.released().is_ok_and(|r| self.paid_out <= r)
    }
}

/// The accounts of the escrow ledger. Every move is a balanced set of
/// postings between them, so what came in is always somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EscrowAccount {
    /// Money the client paid in through the gateway (goes negative: it is the source).
    ClientFunds,
    /// Held in one tranche.
    Held(usize),
    /// Released, owed to the provider, not yet in a payout request.
    ProviderOwed,
    /// Refunded, owed back to the client.
    ClientOwed,
    /// In a payout request, waiting for staff's bank transfer.
    PayoutPending,
    /// Transferred to the provider's bank.
    Transferred,
}

impl EscrowAccount {
    pub fn slug(self) -> &'static str {
        match self {
            EscrowAccount::ClientFunds => "client_funds",
            EscrowAccount::Held(_) => "held",
            EscrowAccount::ProviderOwed => "provider_owed",
            EscrowAccount::ClientOwed => "client_owed",
            EscrowAccount::PayoutPending => "payout_pending",
            EscrowAccount::Transferred => "transferred",
        }
    }

    /// The tranche of a `Held` account.
    pub fn tranche(self) -> Option<usize> {
        match self {
            EscrowAccount::Held(i) => Some(i),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscrowPosting {
    pub account: EscrowAccount,
    pub amount: Cents,
}

/// One thing that can happen to an escrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EscrowMove {
    Deposit {
        tranche: usize,
        amount: Cents,
    },
    Release {
        tranche: usize,
        amount: Cents,
    },
    Refund {
        tranche: usize,
        amount: Cents,
    },
    Dispute,
    Decide(Vec<Allocation>),
    /// The provider files a payout request for released money.
    PayOut {
        amount: Cents,
    },
}

impl EscrowMove {
    pub fn kind(&self) -> &'static str {
        match self {
            EscrowMove::Deposit { .. } => "deposit",
            EscrowMove::Release { .. } => "release",
            EscrowMove::Refund { .. } => "refund",
            EscrowMove::Dispute => "dispute",
            EscrowMove::Decide(_) => "decision",
            EscrowMove::PayOut { .. } => "payout_request",
        }
    }
}

fn transfer(from: EscrowAccount, to: EscrowAccount, amount: Cents) -> [EscrowPosting; 2] {
    // Amounts are checked positive and bounded before any transfer.
    let out = amount.checked_neg().unwrap_or(Cents::ZERO);
    [
        EscrowPosting {
            account: from,
            amount: out,
        },
        EscrowPosting {
            account: to,
            amount,
        },
    ]
}

/// Staff's bank transfer of a payout request: no rule to break (the
/// request already reserved the money), only the postings.
pub fn payout_paid_postings(amount: Cents) -> Vec<EscrowPosting> {
    transfer(
        EscrowAccount::PayoutPending,
        EscrowAccount::Transferred,
        amount,
    )
    .to_vec()
}

impl Escrow {
    /// Applies one move under the rules above and returns its ledger
    /// postings (balanced, none zero). A refused move changes nothing.
    pub fn apply(&mut self, mv: &EscrowMove) -> Result<Vec<EscrowPosting>, EscrowError> {
        use EscrowAccount as A;
        Ok(match *mv {
            EscrowMove::Deposit { tranche, amount } => {
                self.deposit(tranche, amount)?;
                transfer(A::ClientFunds, A::Held(tranche), amount).to_vec()
            }
            EscrowMove::Release { tranche, amount } => {
                self.release(tranche, amount)?;
                transfer(A::Held(tranche), A::ProviderOwed, amount).to_vec()
            }
            EscrowMove::Refund { tranche, amount } => {
                self.refund(tranche, amount)?;
                transfer(A::Held(tranche), A::ClientOwed, amount).to_vec()
            }
            EscrowMove::Dispute => {
                self.dispute()?;
                Vec::new()
            }
            EscrowMove::Decide(ref allocations) => {
                self.decide(allocations)?;
                let mut postings = Vec::new();
                for a in allocations {
                    if a.to_provider.is_positive() {
                        postings.extend(transfer(
                            A::Held(a.tranche),
                            A::ProviderOwed,
                            a.to_provider,
                        ));
                    }
                    if a.to_client.is_positive() {
                        postings.extend(transfer(A::Held(a.tranche), A::ClientOwed, a.to_client));
                    }
                }
                postings
            }
            EscrowMove::PayOut { amount } => {
                self.pay_out(amount)?;
                transfer(A::ProviderOwed, A::PayoutPending, amount).to_vec()
            }
        })
    }

    /// Everything planned was deposited and then released or refunded, and
    /// no dispute is open: the client may mark the project completed.
    pub fn is_settled(&self) -> bool {
        !self.disputed
            && !self.tranches.is_empty()
            && self
                .tranches
                .iter()
                .all(|t| t.deposited == t.planned && t.held().is_zero())
    }

    pub fn planned(&self) -> Result<Cents, EscrowError> {
        Cents::sum(self.tranches.iter().map(|t| t.planned)).ok_or(EscrowError::Overflow)
    }

    pub fn deposited(&self) -> Result<Cents, EscrowError> {
        Cents::sum(self.tranches.iter().map(|t| t.deposited)).ok_or(EscrowError::Overflow)
    }

    pub fn refunded(&self) -> Result<Cents, EscrowError> {
        Cents::sum(self.tranches.iter().map(|t| t.refunded)).ok_or(EscrowError::Overflow)
    }

    /// The 0-based index of the tranche at `position`, if there is one.
    pub fn index(&self, position: Position) -> Option<usize> {
        position.index().filter(|i| *i < self.tranches.len())
    }
}

/// A dispute's reason, or a decision's note: said in words, 10 to 2000 characters.
pub fn parse_reason(raw: &str) -> Result<String, Msg> {
    super::fields::bounded(raw, 10, 2000)
}

/// A bank-transfer reference as staff copy it from their bank.
pub fn parse_transfer_reference(raw: &str) -> Result<String, Msg> {
    super::fields::bounded(raw, 4, 80)
}

/// A rating: 1 to 5 stars and an optional comment.
pub fn parse_rating(stars: i32, comment: &str) -> Result<(i16, String), Msg> {
    if !(1..=5).contains(&stars) {
        return Err(Msg::Project(ProjectMsg::Stars));
    }
    let comment = comment.trim();
    let len = comment.chars().count();
    if len > 2000 {
        return Err(Msg::Form(FormMsg::TooLong { max: 2000, len }));
    }
    Ok((stars as i16, comment.to_owned()))
}

fn positive(amount: Cents) -> Result<(), EscrowError> {
    if amount.is_positive() {
        Ok(())
    } else {
        Err(EscrowError::NotPositive)
    }
}

/// Checks a tranche plan: one to twelve tranches, each labelled and above
/// zero, summing exactly to the agreed total.
pub fn check_plan(total: Cents, plan: &[(String, Cents)]) -> Result<(), Msg> {
    if plan.is_empty() || plan.len() > 12 {
        return Err(Msg::Escrow(EscrowMsg::TrancheCount));
    }
    if plan.iter().any(|(label, _)| label.trim().is_empty()) {
        return Err(Msg::Escrow(EscrowMsg::TrancheLabel));
    }
    if plan.iter().any(|(_, amount)| !amount.is_positive()) {
        return Err(Msg::Escrow(EscrowMsg::TrancheNotPositive));
    }
    let Some(sum) = Cents::sum(plan.iter().map(|(_, a)| *a)) else {
        return Err(Msg::Amount(AmountMsg::AmountOutOfRange));
    };
    if sum != total {
        return Err(Msg::Escrow(EscrowMsg::TranchesSum { sum, total }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(cents: i64) -> Cents {
        Cents::new(cents)
    }

    fn plan() -> Vec<(String, Cents)> {
        vec![("Design".into(), c(100_000)), ("Build".into(), c(250_000))]
    }

    #[test]
    fn money_moves_only_within_what_is_held() {
        let mut e = Escrow::new(&plan());
        assert_eq!(
            e.release(0, c(1)),
            Err(EscrowError::OverHeld { held: c(0) })
        );
        e.deposit(0, c(100_000)).unwrap();
        assert_eq!(
            e.deposit(0, c(1)),
            Err(EscrowError::OverPlan { unfunded: c(0) })
        );
        e.release(0, c(40_000)).unwrap();
        e.refund(0, c(10_000)).unwrap();
        assert_eq!(e.tranches[0].held(), c(50_000));
        assert_eq!(
            e.release(0, c(50_001)),
            Err(EscrowError::OverHeld { held: c(50_000) })
        );
        assert_eq!(
            e.pay_out(c(40_001)),
            Err(EscrowError::OverReleased {
                available: c(40_000)
            })
        );
        e.pay_out(c(40_000)).unwrap();
        assert!(e.holds_invariants());
    }

    #[test]
    fn a_dispute_freezes_both_sides_until_staff_decide_within_the_held() {
        let mut e = Escrow::new(&plan());
        e.deposit(1, c(200_000)).unwrap();
        e.dispute().unwrap();
        assert_eq!(e.release(1, c(1)), Err(EscrowError::Frozen));
        assert_eq!(e.refund(1, c(1)), Err(EscrowError::Frozen));
        assert_eq!(e.dispute(), Err(EscrowError::Frozen));
        let too_much = Allocation {
            tranche: 1,
            to_provider: c(150_000),
            to_client: c(50_001),
        };
        assert_eq!(
            e.decide(&[too_much]),
            Err(EscrowError::OverHeld { held: c(200_000) })
        );
        assert!(e.disputed, "a refused decision changes nothing");
        let split = Allocation {
            tranche: 1,
            to_provider: c(150_000),
            to_client: c(50_000),
        };
        e.decide(&[split]).unwrap();
        assert!(!e.disputed);
        assert_eq!(
            (e.tranches[1].released, e.tranches[1].refunded),
            (c(150_000), c(50_000))
        );
        assert_eq!(e.decide(&[]), Err(EscrowError::NotDisputed));
    }

    #[test]
    fn settled_once_everything_planned_was_deposited_and_let_go() {
        let mut e = Escrow::new(&plan());
        assert!(!e.is_settled());
        e.apply(&EscrowMove::Deposit {
            tranche: 0,
            amount: c(100_000),
        })
        .unwrap();
        e.apply(&EscrowMove::Deposit {
            tranche: 1,
            amount: c(250_000),
        })
        .unwrap();
        e.apply(&EscrowMove::Release {
            tranche: 0,
            amount: c(100_000),
        })
        .unwrap();
        e.apply(&EscrowMove::Release {
            tranche: 1,
            amount: c(200_000),
        })
        .unwrap();
        assert!(!e.is_settled(), "50.00 is still held");
        e.apply(&EscrowMove::Dispute).unwrap();
        let split = Allocation {
            tranche: 1,
            to_provider: c(30_000),
            to_client: c(20_000),
        };
        let postings = e.apply(&EscrowMove::Decide(vec![split])).unwrap();
        assert_eq!(postings.len(), 4);
        assert!(e.is_settled());
        assert_eq!(
            (e.released(), e.refunded()),
            (Ok(c(330_000)), Ok(c(20_000)))
        );
    }

    #[test]
    fn inputs_parse_or_explain() {
        assert_eq!(Cents::parse_positive("12.5"), Ok(c(1_250)));
        assert!(Cents::parse_positive("0").is_err());
        assert!(Cents::parse_positive("abc").is_err());
        assert!(parse_reason("short").is_err());
        assert!(parse_reason("The delivery is missing the booking page.").is_ok());
        assert_eq!(parse_rating(5, "  Great  "), Ok((5, "Great".into())));
        assert!(parse_rating(0, "").is_err());
        assert!(parse_rating(6, "").is_err());
        assert!(parse_transfer_reference("VIR-2026-0042").is_ok());
        assert!(parse_transfer_reference("").is_err());
    }

    #[test]
    fn plans_must_add_up() {
        assert!(check_plan(c(350_000), &plan()).is_ok());
        assert_eq!(
            check_plan(c(350_001), &plan()),
            Err(Msg::Escrow(EscrowMsg::TranchesSum {
                sum: c(350_000),
                total: c(350_001)
            }))
        );
        assert_eq!(
            check_plan(c(0), &[]),
            Err(Msg::Escrow(EscrowMsg::TrancheCount))
        );
        assert_eq!(
            check_plan(c(5), &[(" ".into(), c(5))]),
            Err(Msg::Escrow(EscrowMsg::TrancheLabel))
        );
        assert_eq!(
            check_plan(c(0), &[("A".into(), c(0))]),
            Err(Msg::Escrow(EscrowMsg::TrancheNotPositive))
        );
        let huge = [("A".into(), c(i64::MAX)), ("B".into(), c(1))];
        assert_eq!(
            check_plan(c(0), &huge),
            Err(Msg::Amount(AmountMsg::AmountOutOfRange))
        );
    }

    #[derive(Debug, Clone)]
    enum Op {
        Deposit(usize, i64),
        Release(usize, i64),
        Refund(usize, i64),
        Dispute,
        Decide(Vec<(usize, i64, i64)>),
        PayOut(i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        let t = 0usize..3;
        let amount = -10i64..200_000;
        prop_oneof![
            (t.clone(), amount.clone()).prop_map(|(t, a)| Op::Deposit(t, a)),
            (t.clone(), amount.clone()).prop_map(|(t, a)| Op::Release(t, a)),
            (t.clone(), amount.clone()).prop_map(|(t, a)| Op::Refund(t, a)),
            Just(Op::Dispute),
            prop::collection::vec((t, 0i64..150_000, 0i64..150_000), 0..3).prop_map(Op::Decide),
            amount.prop_map(Op::PayOut),
        ]
    }

    proptest! {
        #[test]
        fn any_sequence_keeps_released_within_deposited_and_paid_within_released(
            ops in prop::collection::vec(op(), 0..120)
        ) {
            let mut e = Escrow::new(&plan());
            let mut accounts = std::collections::HashMap::<EscrowAccount, i64>::new();
            for op in ops {
                let before = e.clone();
                let mv = match op {
                    Op::Deposit(tranche, amount) => EscrowMove::Deposit { tranche, amount: c(amount) },
                    Op::Release(tranche, amount) => EscrowMove::Release { tranche, amount: c(amount) },
                    Op::Refund(tranche, amount) => EscrowMove::Refund { tranche, amount: c(amount) },
                    Op::Dispute => EscrowMove::Dispute,
                    Op::Decide(xs) => EscrowMove::Decide(xs.iter().map(|(t, p, k)| Allocation { tranche: *t, to_provider: c(*p), to_client: c(*k) }).collect()),
                    Op::PayOut(amount) => EscrowMove::PayOut { amount: c(amount) },
                };
                match e.apply(&mv) {
                    Err(_) => prop_assert_eq!(&e, &before, "a refused move changes nothing"),
                    Ok(postings) => {
                        prop_assert!(postings.iter().all(|p| !p.amount.is_zero()));
                        prop_assert_eq!(Cents::sum(postings.iter().map(|p| p.amount)), Some(Cents::ZERO), "balanced");
                        for p in postings {
                            *accounts.entry(p.account).or_insert(0) += p.amount.get();
                        }
                    }
                }
                // The ledger's accounts say what the state says.
                for (i, t) in e.tranches.iter().enumerate() {
                    prop_assert_eq!(accounts.get(&EscrowAccount::Held(i)).copied().unwrap_or(0), t.held().get());
                    prop_assert!(!t.held().is_negative());
                }
                let get = |a: EscrowAccount| accounts.get(&a).copied().unwrap_or(0);
                let (released, paid_out) = (e.released().unwrap().get(), e.paid_out.get());
                prop_assert_eq!(get(EscrowAccount::ProviderOwed), released - paid_out);
                prop_assert_eq!(get(EscrowAccount::PayoutPending), paid_out);
                prop_assert_eq!(get(EscrowAccount::ClientOwed), e.refunded().unwrap().get());
                prop_assert_eq!(-get(EscrowAccount::ClientFunds), e.deposited().unwrap().get());
                prop_assert!(e.holds_invariants(), "{:?}", e);
                // Money is conserved: what came in is held, released or refunded.
                let deposited = e.deposited().unwrap().get();
                let refunded = e.refunded().unwrap().get();
                prop_assert_eq!(deposited, e.held().unwrap().get() + released + refunded);
            }
        }
    }
}
