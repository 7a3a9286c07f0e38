//! The zero-risk escrow of one project, as plain rules (issue 4 builds the
//! database, pages and live tab on top of them).
//!
//! Two-phase, after TigerBeetle's pending transfers: what the client
//! deposits into a tranche is *held*; each held amount is later released to
//! the provider or refunded to the client, in full or in parts, and never
//! more than is held. A dispute freezes the whole escrow for both parties
//! until staff decide, within what is held. Paid out never exceeds released.
//! All amounts are euro cents.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tranche {
    pub label: String,
    pub planned: i64,
    pub deposited: i64,
    pub released: i64,
    pub refunded: i64,
}

impl Tranche {
    /// Deposited and neither released nor refunded yet.
    pub fn held(&self) -> i64 {
        self.deposited - self.released - self.refunded
    }

    /// Still to deposit.
    pub fn unfunded(&self) -> i64 {
        self.planned - self.deposited
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscrowError {
    NoSuchTranche,
    NotPositive,
    OverPlan { unfunded: i64 },
    OverHeld { held: i64 },
    Frozen,
    NotDisputed,
    OverReleased { available: i64 },
    Overflow,
}

impl std::fmt::Display for EscrowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use super::ledger::cents_display as eur;
        match self {
            EscrowError::NoSuchTranche => f.write_str("There is no such tranche."),
            EscrowError::NotPositive => f.write_str("The amount must be above zero."),
            EscrowError::OverPlan { unfunded } => write!(
                f,
                "This tranche only needs {} more; nothing was deposited.",
                eur(*unfunded)
            ),
            EscrowError::OverHeld { held } => write!(
                f,
                "Only {} is held in this tranche; nothing was moved.",
                eur(*held)
            ),
            EscrowError::Frozen => f.write_str(
                "The escrow is frozen by a dispute: staff will decide, and nothing moves until then.",
            ),
            EscrowError::NotDisputed => f.write_str("There is no dispute to decide."),
            EscrowError::OverReleased { available } => write!(
                f,
                "Only {} released is not yet paid out.",
                eur(*available)
            ),
            EscrowError::Overflow => f.write_str("The amount is out of range."),
        }
    }
}

/// Staff's decision on one tranche: how much of what is held goes to each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub tranche: usize,
    pub to_provider: i64,
    pub to_client: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Escrow {
    pub tranches: Vec<Tranche>,
    pub disputed: bool,
    pub paid_out: i64,
}

impl Escrow {
    pub fn new(plan: &[(String, i64)]) -> Escrow {
        Escrow {
            tranches: plan
                .iter()
                .map(|(label, planned)| Tranche {
                    label: label.clone(),
                    planned: *planned,
                    deposited: 0,
                    released: 0,
                    refunded: 0,
                })
                .collect(),
            disputed: false,
            paid_out: 0,
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

    pub fn held(&self) -> i64 {
        self.tranches.iter().map(Tranche::held).sum()
    }

    pub fn released(&self) -> i64 {
        self.tranches.iter().map(|t| t.released).sum()
    }

    /// The client pays into a tranche (through the gateway).
    pub fn deposit(&mut self, i: usize, amount: i64) -> Result<(), EscrowError> {
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
    pub fn release(&mut self, i: usize, amount: i64) -> Result<(), EscrowError> {
        positive(amount)?;
        self.open()?;
        let t = self.tranche(i)?;
        if amount > t.held() {
            return Err(EscrowError::OverHeld { held: t.held() });
        }
        t.released += amount;
        Ok(())
    }

    /// The provider consents to give part or all of what is held back.
    pub fn refund(&mut self, i: usize, amount: i64) -> Result<(), EscrowError> {
        positive(amount)?;
        self.open()?;
        let t = self.tranche(i)?;
        if amount > t.held() {
            return Err(EscrowError::OverHeld { held: t.held() });
        }
        t.refunded += amount;
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
            if a.to_provider < 0 || a.to_client < 0 {
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
            t.released += a.to_provider;
            t.refunded += a.to_client;
        }
        next.disputed = false;
        *self = next;
        Ok(())
    }

    /// Staff pay the provider (bank transfer) from what was released.
    pub fn pay_out(&mut self, amount: i64) -> Result<(), EscrowError> {
        positive(amount)?;
        let available = self.released() - self.paid_out;
        if amount > available {
            return Err(EscrowError::OverReleased { available });
        }
        self.paid_out += amount;
        Ok(())
    }

    /// The invariants the product promises.
    pub fn holds_invariants(&self) -> bool {
        self.tranches.iter().all(|t| {
            t.deposited >= 0
                && t.released >= 0
                && t.refunded >= 0
                && t.deposited <= t.planned
                && t.released + t.refunded <= t.deposited
        }) && self.paid_out >= 0
            && self.paid_out <= self.released()
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
    pub amount: i64,
}

/// One thing that can happen to an escrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EscrowMove {
    Deposit {
        tranche: usize,
        amount: i64,
    },
    Release {
        tranche: usize,
        amount: i64,
    },
    Refund {
        tranche: usize,
        amount: i64,
    },
    Dispute,
    Decide(Vec<Allocation>),
    /// The provider files a payout request for released money.
    PayOut {
        amount: i64,
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

fn transfer(from: EscrowAccount, to: EscrowAccount, amount: i64) -> [EscrowPosting; 2] {
    [
        EscrowPosting {
            account: from,
            amount: -amount,
        },
        EscrowPosting {
            account: to,
            amount,
        },
    ]
}

/// Staff's bank transfer of a payout request: no rule to break (the
/// request already reserved the money), only the postings.
pub fn payout_paid_postings(amount: i64) -> Vec<EscrowPosting> {
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
                    if a.to_provider > 0 {
                        postings.extend(transfer(
                            A::Held(a.tranche),
                            A::ProviderOwed,
                            a.to_provider,
                        ));
                    }
                    if a.to_client > 0 {
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
                .all(|t| t.deposited == t.planned && t.held() == 0)
    }

    pub fn planned(&self) -> i64 {
        self.tranches.iter().map(|t| t.planned).sum()
    }

    pub fn deposited(&self) -> i64 {
        self.tranches.iter().map(|t| t.deposited).sum()
    }

    pub fn refunded(&self) -> i64 {
        self.tranches.iter().map(|t| t.refunded).sum()
    }
}

/// Parses an amount typed in euros into cents, above zero.
pub fn parse_amount(raw: &str) -> Result<i64, String> {
    let money = super::money::Money::parse(raw)?;
    match super::lead::to_cents(money) {
        c if c > 0 => Ok(c),
        _ => Err("The amount must be above zero.".into()),
    }
}

/// A dispute's reason, or a decision's note: said in words, 10 to 2000 characters.
pub fn parse_reason(raw: &str) -> Result<String, String> {
    super::fields::bounded_text(raw, "The reason", 10, 2000)
}

/// A bank-transfer reference as staff copy it from their bank.
pub fn parse_transfer_reference(raw: &str) -> Result<String, String> {
    super::fields::bounded_text(raw, "The transfer reference", 4, 80)
}

/// A rating: 1 to 5 stars and an optional comment.
pub fn parse_rating(stars: i32, comment: &str) -> Result<(i16, String), String> {
    if !(1..=5).contains(&stars) {
        return Err("Choose from 1 to 5 stars.".into());
    }
    let comment = comment.trim();
    if comment.chars().count() > 2000 {
        return Err("The comment must be at most 2000 characters.".into());
    }
    Ok((stars as i16, comment.to_owned()))
}

fn positive(amount: i64) -> Result<(), EscrowError> {
    if amount > 0 {
        Ok(())
    } else {
        Err(EscrowError::NotPositive)
    }
}

/// Checks a tranche plan: one to twelve tranches, each labelled and above
/// zero, summing exactly to the agreed total.
pub fn check_plan(total: i64, plan: &[(String, i64)]) -> Result<(), String> {
    if plan.is_empty() || plan.len() > 12 {
        return Err("Split the amount into one to twelve tranches.".into());
    }
    if plan.iter().any(|(label, _)| label.trim().is_empty()) {
        return Err("Give every tranche a label, like “Design” or “Delivery”.".into());
    }
    if plan.iter().any(|(_, amount)| *amount <= 0) {
        return Err("Every tranche must be above zero.".into());
    }
    let sum: i64 = plan.iter().map(|(_, a)| *a).sum();
    if sum != total {
        use super::ledger::cents_display as eur;
        return Err(format!(
            "The tranches add up to {} but the agreed amount is {}.",
            eur(sum),
            eur(total)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plan() -> Vec<(String, i64)> {
        vec![("Design".into(), 100_000), ("Build".into(), 250_000)]
    }

    #[test]
    fn money_moves_only_within_what_is_held() {
        let mut e = Escrow::new(&plan());
        assert_eq!(e.release(0, 1), Err(EscrowError::OverHeld { held: 0 }));
        e.deposit(0, 100_000).unwrap();
        assert_eq!(e.deposit(0, 1), Err(EscrowError::OverPlan { unfunded: 0 }));
        e.release(0, 40_000).unwrap();
        e.refund(0, 10_000).unwrap();
        assert_eq!(e.tranches[0].held(), 50_000);
        assert_eq!(
            e.release(0, 50_001).unwrap_err().to_string(),
            "Only 500.00\u{a0}€ is held in this tranche; nothing was moved."
        );
        assert_eq!(
            e.pay_out(40_001),
            Err(EscrowError::OverReleased { available: 40_000 })
        );
        e.pay_out(40_000).unwrap();
        assert!(e.holds_invariants());
    }

    #[test]
    fn a_dispute_freezes_both_sides_until_staff_decide_within_the_held() {
        let mut e = Escrow::new(&plan());
        e.deposit(1, 200_000).unwrap();
        e.dispute().unwrap();
        assert_eq!(e.release(1, 1), Err(EscrowError::Frozen));
        assert_eq!(e.refund(1, 1), Err(EscrowError::Frozen));
        assert_eq!(e.dispute(), Err(EscrowError::Frozen));
        let too_much = Allocation {
            tranche: 1,
            to_provider: 150_000,
            to_client: 50_001,
        };
        assert_eq!(
            e.decide(&[too_much]),
            Err(EscrowError::OverHeld { held: 200_000 })
        );
        assert!(e.disputed, "a refused decision changes nothing");
        let split = Allocation {
            tranche: 1,
            to_provider: 150_000,
            to_client: 50_000,
        };
        e.decide(&[split]).unwrap();
        assert!(!e.disputed);
        assert_eq!(
            (e.tranches[1].released, e.tranches[1].refunded),
            (150_000, 50_000)
        );
        assert_eq!(e.decide(&[]), Err(EscrowError::NotDisputed));
    }

    #[test]
    fn settled_once_everything_planned_was_deposited_and_let_go() {
        let mut e = Escrow::new(&plan());
        assert!(!e.is_settled());
        e.apply(&EscrowMove::Deposit {
            tranche: 0,
            amount: 100_000,
        })
        .unwrap();
        e.apply(&EscrowMove::Deposit {
            tranche: 1,
            amount: 250_000,
        })
        .unwrap();
        e.apply(&EscrowMove::Release {
            tranche: 0,
            amount: 100_000,
        })
        .unwrap();
        e.apply(&EscrowMove::Release {
            tranche: 1,
            amount: 200_000,
        })
        .unwrap();
        assert!(!e.is_settled(), "50.00 is still held");
        e.apply(&EscrowMove::Dispute).unwrap();
        let split = Allocation {
            tranche: 1,
            to_provider: 30_000,
            to_client: 20_000,
        };
        let postings = e.apply(&EscrowMove::Decide(vec![split])).unwrap();
        assert_eq!(postings.len(), 4);
        assert!(e.is_settled());
        assert_eq!((e.released(), e.refunded()), (330_000, 20_000));
    }

    #[test]
    fn inputs_parse_or_explain() {
        assert_eq!(parse_amount("12.5"), Ok(1_250));
        assert!(parse_amount("0").is_err());
        assert!(parse_amount("abc").is_err());
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
        assert!(check_plan(350_000, &plan()).is_ok());
        assert!(check_plan(350_001, &plan())
            .unwrap_err()
            .contains("add up to 3\u{202f}500.00"));
        assert!(check_plan(0, &[]).is_err());
        assert!(check_plan(5, &[(" ".into(), 5)]).is_err());
        assert!(check_plan(0, &[("A".into(), 0)]).is_err());
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
                    Op::Deposit(tranche, amount) => EscrowMove::Deposit { tranche, amount },
                    Op::Release(tranche, amount) => EscrowMove::Release { tranche, amount },
                    Op::Refund(tranche, amount) => EscrowMove::Refund { tranche, amount },
                    Op::Dispute => EscrowMove::Dispute,
                    Op::Decide(xs) => EscrowMove::Decide(xs.iter().map(|(t, p, c)| Allocation { tranche: *t, to_provider: *p, to_client: *c }).collect()),
                    Op::PayOut(amount) => EscrowMove::PayOut { amount },
                };
                match e.apply(&mv) {
                    Err(_) => prop_assert_eq!(&e, &before, "a refused move changes nothing"),
                    Ok(postings) => {
                        prop_assert!(postings.iter().all(|p| p.amount != 0));
                        prop_assert_eq!(postings.iter().map(|p| p.amount).sum::<i64>(), 0, "balanced");
                        for p in postings {
                            *accounts.entry(p.account).or_insert(0) += p.amount;
                        }
                    }
                }
                // The ledger's accounts say what the state says.
                for (i, t) in e.tranches.iter().enumerate() {
                    prop_assert_eq!(accounts.get(&EscrowAccount::Held(i)).copied().unwrap_or(0), t.held());
                    prop_assert!(t.held() >= 0);
                }
                let get = |a: EscrowAccount| accounts.get(&a).copied().unwrap_or(0);
                prop_assert_eq!(get(EscrowAccount::ProviderOwed), e.released() - e.paid_out);
                prop_assert_eq!(get(EscrowAccount::PayoutPending), e.paid_out);
                prop_assert_eq!(get(EscrowAccount::ClientOwed), e.refunded());
                prop_assert_eq!(-get(EscrowAccount::ClientFunds), e.deposited());
                prop_assert!(e.holds_invariants(), "{:?}", e);
                // Money is conserved: what came in is held, released or refunded.
                let deposited: i64 = e.tranches.iter().map(|t| t.deposited).sum();
                let refunded: i64 = e.tranches.iter().map(|t| t.refunded).sum();
                prop_assert_eq!(deposited, e.held() + e.released() + refunded);
            }
        }
    }
}
