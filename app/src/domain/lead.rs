//! Referral leads, pay per lead: staff write the project from a call with
//! the client and set a price and a buyer cap; matching providers buy it,
//! refuse it, or reserve it at half price for the four-day mark.
//!
//! The rules here are applied by the server (under a row lock on the lead)
//! and, in the tests, by `LeadBook`, an in-memory model the property tests
//! drive together with the ledger: both call the same functions.

pub use super::values::{LapseReason, LeadRefusal};

use super::fields::{bounded, FieldErrors};
#[cfg(test)]
use super::ledger::{movements, Holder, Ledger, Unit};
use super::money::Cents;
use super::money::Money;
use super::msg::Msg;
use super::project::{ProjectDraft, ProjectForm};
use crate::domain::msg::{AccountMsg, AmountMsg};
use serde::{Deserialize, Serialize};
#[cfg(test)]
use std::collections::BTreeMap;
use time::Date;

/// How long after publication reservations are awarded at half price.
pub const HALF_PRICE_AFTER_SECONDS: i64 = 4 * 24 * 3600;
pub const DEFAULT_CAP: i32 = 4;
pub const MAX_CAP: i32 = 20;

/// The half price of a lead, in cents: rounded down, never above 50%.
pub fn half_price(price: Cents) -> Cents {
    Cents::new(price.get() / 2)
}

/// The lead form, as staff type it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeadForm {
    pub project: ProjectForm,
    pub client_email: String,
    /// The client's name, for an address with no account yet: staff then
    /// create the account and the client is invited by email.
    #[serde(default)]
    pub client_name: String,
    pub price: String,
    pub cap: String,
    pub half_price: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeadDraft {
    pub project: ProjectDraft,
    pub client_email: String,
    /// For an invitation (checked as a display name), when given.
    pub client_name: Option<String>,
    pub client_phone: String,
    pub price: Cents,
    pub cap: i32,
    pub half_price: bool,
}

/// The cheapest and dearest referral price.
const PRICE_RANGE: (Cents, Cents) = (Cents::new(100), Cents::new(1_000_000));

fn parse_price(raw: &str) -> Result<Cents, Msg> {
    let cents = Cents::from(Money::parse(raw)?);
    if cents < PRICE_RANGE.0 {
        Err(Msg::Amount(AmountMsg::PriceMin { min: PRICE_RANGE.0 }))
    } else if cents > PRICE_RANGE.1 {
        Err(Msg::Amount(AmountMsg::PriceMax { max: PRICE_RANGE.1 }))
    } else {
        Ok(cents)
    }
}

fn parse_cap(raw: &str) -> Result<i32, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(DEFAULT_CAP);
    }
    match raw.parse::<i32>() {
        Ok(n) if (1..=MAX_CAP).contains(&n) => Ok(n),
        Ok(_) => Err(Msg::Amount(AmountMsg::CapRange { max: MAX_CAP })),
        Err(_) => Err(Msg::Amount(AmountMsg::CapShape)),
    }
}

/// The client's address and, for an invitation, name, as staff type them.
fn parse_client(
    email: &str,
    name: &str,
    errors: &mut FieldErrors,
) -> (Option<String>, Option<Option<String>>) {
    let email = errors.check(
        "client_email",
        bounded(email, 3, 254)
            .map(|e| e.to_lowercase())
            .and_then(|e| {
                if e.contains('@') {
                    Ok(e)
                } else {
                    Err(Msg::Account(AccountMsg::EmailShape))
                }
            }),
    );
    let name = match name.trim() {
        "" => Some(None),
        raw => errors.check("client_name", bounded(raw, 2, 60)).map(Some),
    };
    (email, name)
}

/// A project staff write from a call with its client, published at once as
/// an open tender (providers compete with credits), owned by the client.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TenderForm {
    pub project: ProjectForm,
    pub client_email: String,
    /// For an address with no account yet (see `LeadForm`).
    #[serde(default)]
    pub client_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TenderDraft {
    pub project: ProjectDraft,
    pub client_email: String,
    pub client_name: Option<String>,
}

impl TenderDraft {
    pub fn parse(form: &TenderForm, today: Date) -> Result<TenderDraft, FieldErrors> {
        let (project, mut errors) = match ProjectDraft::parse(&form.project, today) {
            Ok(p) => (Some(p), FieldErrors::new()),
            Err(e) => (None, e),
        };
        let (email, name) = parse_client(&form.client_email, &form.client_name, &mut errors);
        match (project, email, name) {
            (Some(project), Some(client_email), Some(client_name)) if errors.is_empty() => {
                Ok(TenderDraft {
                    project,
                    client_email,
                    client_name,
                })
            }
            _ => Err(errors),
        }
    }
}

impl LeadDraft {
    pub fn parse(form: &LeadForm, today: Date) -> Result<LeadDraft, FieldErrors> {
        let (project, mut errors) = match ProjectDraft::parse(&form.project, today) {
            Ok(p) => (Some(p), FieldErrors::new()),
            Err(e) => (None, e),
        };
        let (email, name) = parse_client(&form.client_email, &form.client_name, &mut errors);
        let price = errors.check("price", parse_price(&form.price));
        let cap = errors.check("cap", parse_cap(&form.cap));
        match (project, email, name, price, cap) {
            (Some(project), Some(client_email), Some(client_name), Some(price), Some(cap))
                if errors.is_empty() =>
            {
                Ok(LeadDraft {
                    client_phone: project.phone.as_str().to_owned(),
                    project,
                    client_email,
                    client_name,
                    price,
                    cap,
                    half_price: form.half_price,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A provider's answer to a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// Bought at full price, or awarded at half price.
    Bought,
    Refused,
    Reserved(Reservation),
}

/// Where a half-price reservation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reservation {
    Waiting,
    Awarded,
    Lapsed,
}

impl Reservation {
    pub fn slug(self) -> &'static str {
        match self {
            Reservation::Waiting => "waiting",
            Reservation::Awarded => "awarded",
            Reservation::Lapsed => "lapsed",
        }
    }

    pub fn from_slug(raw: &str) -> Option<Reservation> {
        [
            Reservation::Waiting,
            Reservation::Awarded,
            Reservation::Lapsed,
        ]
        .into_iter()
        .find(|r| r.slug() == raw)
    }
}

/// What the lead looks like when someone acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadState {
    pub cap: i32,
    pub buyers: i32,
    pub half_price: bool,
    /// Whether the half-price mark has passed.
    pub past_mark: bool,
    /// Whether the lead is still published.
    pub open: bool,
}

/// What a buy request comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuyDecision {
    /// Charge the price and record the purchase.
    Charge,
    /// Already bought: return it, charge nothing.
    AlreadyBought,
}

/// Whether `existing` (this provider's answer so far) lets them buy now.
pub fn decide_buy(lead: LeadState, existing: Option<Response>) -> Result<BuyDecision, LeadRefusal> {
    match existing {
        Some(Response::Bought) | Some(Response::Reserved(Reservation::Awarded)) => {
            Ok(BuyDecision::AlreadyBought)
        }
        Some(Response::Refused) => Err(LeadRefusal::Refused),
        _ if !lead.open => Err(LeadRefusal::Closed),
        _ if lead.buyers >= lead.cap => Err(LeadRefusal::Full),
        // No answer yet, a waiting reservation (bought outright instead),
        // or a lapsed one.
        _ => Ok(BuyDecision::Charge),
    }
}

/// Whether this provider may reserve the lead at half price now; `Ok(false)`
/// when they already hold a waiting reservation (nothing to do).
pub fn decide_reserve(lead: LeadState, existing: Option<Response>) -> Result<bool, LeadRefusal> {
    match existing {
        Some(Response::Reserved(Reservation::Waiting)) => Ok(false),
        Some(Response::Bought) | Some(Response::Reserved(Reservation::Awarded)) => {
            Err(LeadRefusal::AlreadyBought)
        }
        Some(Response::Refused) => Err(LeadRefusal::Refused),
        _ if !lead.open => Err(LeadRefusal::Closed),
        _ if !lead.half_price => Err(LeadRefusal::NoHalfPrice),
        _ if lead.past_mark => Err(LeadRefusal::PastMark),
        _ if lead.buyers >= lead.cap => Err(LeadRefusal::Full),
        _ => Ok(true),
    }
}

/// Whether this provider may refuse; refusing cancels a waiting reservation.
pub fn decide_refuse(existing: Option<Response>) -> Result<(), LeadRefusal> {
    match existing {
        Some(Response::Bought) | Some(Response::Reserved(Reservation::Awarded)) => {
            Err(LeadRefusal::AlreadyBought)
        }
        _ => Ok(()),
    }
}

impl LapseReason {
    pub fn slug(self) -> &'static str {
        match self {
            LapseReason::CapReached => "cap_reached",
            LapseReason::CannotPay => "cannot_pay",
            LapseReason::Closed => "closed",
        }
    }

    pub fn from_slug(raw: &str) -> Option<LapseReason> {
        [
            LapseReason::CapReached,
            LapseReason::CannotPay,
            LapseReason::Closed,
        ]
        .into_iter()
        .find(|r| r.slug() == raw)
    }
}

/// A reservation waiting at the half-price mark, with what its holder has
/// on their prepaid account (cents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub provider: i64,
    pub balance: Cents,
}

/// The half-price mark of one lead: the reservations waiting, in the order
/// they were made, are awarded at half the price while the lead is open and
/// below its cap, and only to whoever can pay; every other one lapses, with
/// its reason. Returns, per reservation, the price to charge or the reason.
///
/// The server applies this very plan (its balances read under lock), and
/// the property tests drive it through `LeadBook`.
pub fn award_at_mark(
    lead: LeadState,
    full_price: Cents,
    waiting: &[Waiting],
) -> Vec<(i64, Result<Cents, LapseReason>)> {
    let price = half_price(full_price);
    let mut buyers = lead.buyers;
    waiting
        .iter()
        .map(|w| {
            let outcome = if !lead.open {
                Err(LapseReason::Closed)
            } else if buyers >= lead.cap {
                Err(LapseReason::CapReached)
            } else if w.balance < price {
                Err(LapseReason::CannotPay)
            } else {
                buyers += 1;
                Ok(price)
            };
            (w.provider, outcome)
        })
        .collect()
}

/// The in-memory reference model: leads, answers and the money they move,
/// on top of the `Ledger`. Test-only: the rules it applies are the
/// functions above, the ones the server applies.
#[cfg(test)]
#[derive(Debug, Default, Clone)]
pub struct LeadBook {
    pub ledger: Ledger,
    leads: BTreeMap<u32, (i64, LeadState)>,
    /// (lead, provider) → (order made, answer).
    answers: BTreeMap<(u32, i64), (usize, Response)>,
    made: usize,
}

#[cfg(test)]
impl LeadBook {
    pub fn publish(&mut self, lead: u32, price_cents: i64, cap: i32, half_price: bool) {
        let state = LeadState {
            cap,
            buyers: 0,
            half_price,
            past_mark: false,
            open: true,
        };
        self.leads.insert(lead, (price_cents, state));
    }

    pub fn state(&self, lead: u32) -> Option<LeadState> {
        self.leads.get(&lead).map(|(_, s)| *s)
    }

    pub fn answer(&self, lead: u32, provider: i64) -> Option<Response> {
        self.answers.get(&(lead, provider)).map(|(_, r)| *r)
    }

    /// Everyone holding the lead (bought or awarded).
    pub fn holders(&self, lead: u32) -> usize {
        self.answers
            .iter()
            .filter(|((l, _), (_, r))| {
                *l == lead
                    && matches!(
                        r,
                        Response::Bought | Response::Reserved(Reservation::Awarded)
                    )
            })
            .count()
    }

    fn lapse_waiting(&mut self, lead: u32) {
        for ((l, _), (_, r)) in self.answers.iter_mut() {
            if *l == lead && *r == Response::Reserved(Reservation::Waiting) {
                *r = Response::Reserved(Reservation::Lapsed);
            }
        }
    }

    pub fn buy(&mut self, lead: u32, provider: i64) -> Result<BuyDecision, String> {
        let (price, state) = *self.leads.get(&lead).ok_or("no such lead")?;
        let decision =
            decide_buy(state, self.answer(lead, provider)).map_err(|e| format!("{e:?}"))?;
        if decision == BuyDecision::Charge {
            self.ledger
                .post(movements::purchase(provider, Cents::new(price)))
                .map_err(|e| e.to_string())?;
            self.made += 1;
            self.answers
                .insert((lead, provider), (self.made, Response::Bought));
            let state = &mut self.leads.get_mut(&lead).ok_or("no such lead")?.1;
            state.buyers += 1;
            if state.buyers >= state.cap {
                self.lapse_waiting(lead);
            }
        }
        Ok(decision)
    }

    pub fn reserve(&mut self, lead: u32, provider: i64) -> Result<bool, String> {
        let (_, state) = *self.leads.get(&lead).ok_or("no such lead")?;
        let new =
            decide_reserve(state, self.answer(lead, provider)).map_err(|e| format!("{e:?}"))?;
        if new {
            self.made += 1;
            self.answers.insert(
                (lead, provider),
                (self.made, Response::Reserved(Reservation::Waiting)),
            );
        }
        Ok(new)
    }

    pub fn refuse(&mut self, lead: u32, provider: i64) -> Result<(), String> {
        decide_refuse(self.answer(lead, provider)).map_err(|e| format!("{e:?}"))?;
        self.made += 1;
        self.answers
            .insert((lead, provider), (self.made, Response::Refused));
        Ok(())
    }

    /// The four-day mark: waiting reservations, in the order they were
    /// made, are awarded at half price until the cap; the rest lapse.
    /// Running it twice changes nothing the second time.
    pub fn half_price_mark(&mut self, lead: u32) -> Vec<(i64, Result<(), LapseReason>)> {
        let Some((price, state)) = self.leads.get_mut(&lead) else {
            return vec![];
        };
        let (price, before) = (*price, *state);
        state.past_mark = true;
        let mut waiting: Vec<(usize, i64)> = self
            .answers
            .iter()
            .filter(|((l, _), (_, r))| *l == lead && *r == Response::Reserved(Reservation::Waiting))
            .map(|((_, p), (order, _))| (*order, *p))
            .collect();
        waiting.sort();
        let waiting: Vec<Waiting> = waiting
            .into_iter()
            .map(|(_, provider)| Waiting {
                provider,
                balance: Cents::new(self.money(provider)),
            })
            .collect();
        let mut outcomes = vec![];
        for (provider, outcome) in award_at_mark(before, Cents::new(price), &waiting) {
            let outcome = match outcome {
                Ok(charge) => {
                    // The plan only awards who can pay: the posting holds.
                    self.ledger
                        .post(movements::purchase(provider, charge))
                        .expect("an award is covered by the balance it was planned on");
                    self.leads.get_mut(&lead).expect("lead exists").1.buyers += 1;
                    Ok(())
                }
                Err(reason) => Err(reason),
            };
            let r = match outcome {
                Ok(()) => Reservation::Awarded,
                Err(_) => Reservation::Lapsed,
            };
            if let Some(a) = self.answers.get_mut(&(lead, provider)) {
                a.1 = Response::Reserved(r);
            }
            outcomes.push((provider, outcome));
        }
        outcomes
    }

    /// A provider's prepaid balance, in cents.
    pub fn money(&self, provider: i64) -> i64 {
        self.ledger.balance(Holder::Provider(provider), Unit::Cents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> LeadForm {
        LeadForm {
            project: ProjectForm {
                title: "Kitchen renovation".into(),
                description: "Full renovation of a 12 m² kitchen, plumbing included.".into(),
                services: vec!["renovation".into()],
                region: "bretagne".into(),
                budget_min: "8000".into(),
                budget_max: "12000".into(),
                desired_start: "2030-01-10".into(),
                phone: "+33 6 12 34 56 78".into(),
            },
            client_email: " Client@Example.com ".into(),
            client_name: String::new(),
            price: "49.90".into(),
            cap: "".into(),
            half_price: true,
        }
    }

    fn today() -> Date {
        Date::from_calendar_date(2029, time::Month::December, 1).unwrap()
    }

    #[test]
    fn a_lead_form_parses_with_the_default_cap() {
        let d = LeadDraft::parse(&form(), today()).unwrap();
        assert_eq!(d.price, Cents::new(4990));
        assert_eq!(d.cap, DEFAULT_CAP);
        assert_eq!(d.client_email, "client@example.com");
        assert!(d.half_price);
    }

    #[test]
    fn bad_lead_fields_are_all_reported() {
        let mut f = form();
        f.price = "0.50".into();
        f.cap = "99".into();
        f.project.phone = "call me".into();
        f.client_email = "nobody".into();
        f.project.title = "x".into();
        let fields: Vec<String> = LeadDraft::parse(&f, today())
            .unwrap_err()
            .into_vec()
            .into_iter()
            .map(|e| e.field)
            .collect();
        for want in ["title", "price", "cap", "phone", "client_email"] {
            assert!(fields.iter().any(|f| f == want), "{want} in {fields:?}");
        }
    }

    #[test]
    fn half_price_never_exceeds_half() {
        assert_eq!(half_price(Cents::new(4990)), Cents::new(2495));
        assert_eq!(half_price(Cents::new(4999)), Cents::new(2499));
        assert_eq!(
            Cents::from(Money::parse("12.34").unwrap()),
            Cents::new(1234)
        );
        assert_eq!(Cents::from(Money::parse("7").unwrap()), Cents::new(700));
    }

    fn open(buyers: i32) -> LeadState {
        LeadState {
            cap: 2,
            buyers,
            half_price: true,
            past_mark: false,
            open: true,
        }
    }

    #[test]
    fn buying_follows_the_rules() {
        assert_eq!(decide_buy(open(0), None), Ok(BuyDecision::Charge));
        assert_eq!(decide_buy(open(2), None), Err(LeadRefusal::Full));
        assert_eq!(
            decide_buy(open(2), Some(Response::Bought)),
            Ok(BuyDecision::AlreadyBought)
        );
        assert_eq!(
            decide_buy(open(0), Some(Response::Refused)),
            Err(LeadRefusal::Refused)
        );
        assert_eq!(
            decide_buy(open(1), Some(Response::Reserved(Reservation::Waiting))),
            Ok(BuyDecision::Charge)
        );
        let closed = LeadState {
            open: false,
            ..open(0)
        };
        assert_eq!(decide_buy(closed, None), Err(LeadRefusal::Closed));
    }

    #[test]
    fn reserving_follows_the_rules() {
        assert_eq!(decide_reserve(open(0), None), Ok(true));
        assert_eq!(
            decide_reserve(open(0), Some(Response::Reserved(Reservation::Waiting))),
            Ok(false)
        );
        let past = LeadState {
            past_mark: true,
            ..open(0)
        };
        assert_eq!(decide_reserve(past, None), Err(LeadRefusal::PastMark));
        let no_half = LeadState {
            half_price: false,
            ..open(0)
        };
        assert_eq!(decide_reserve(no_half, None), Err(LeadRefusal::NoHalfPrice));
        assert_eq!(decide_reserve(open(2), None), Err(LeadRefusal::Full));
        assert_eq!(
            decide_refuse(Some(Response::Bought)),
            Err(LeadRefusal::AlreadyBought)
        );
        assert_eq!(
            decide_refuse(Some(Response::Reserved(Reservation::Waiting))),
            Ok(())
        );
    }

    #[test]
    fn the_mark_awards_in_order_until_the_cap_and_lapses_who_cannot_pay() {
        let mut b = LeadBook::default();
        b.publish(1, 1000, 2, true);
        for p in [1, 2, 3, 4] {
            b.ledger
                .post(movements::top_up(p, Cents::new(600)))
                .unwrap();
        }
        b.ledger
            .post(movements::purchase(2, Cents::new(600)))
            .unwrap(); // 2 is now broke
        for p in [3, 2, 1, 4] {
            assert_eq!(b.reserve(1, p), Ok(true));
        }
        let outcomes = b.half_price_mark(1);
        assert_eq!(
            outcomes,
            vec![
                (3, Ok(())),
                (2, Err(LapseReason::CannotPay)),
                (1, Ok(())),
                (4, Err(LapseReason::CapReached)),
            ]
        );
        assert_eq!(b.money(3), 100);
        assert_eq!(b.money(4), 600);
        assert!(b.half_price_mark(1).is_empty(), "a second run does nothing");
    }

    #[derive(Debug, Clone)]
    enum Op {
        TopUp(i64, i64),
        Buy(u32, i64),
        Reserve(u32, i64),
        Refuse(u32, i64),
        Mark(u32),
    }

    fn op() -> impl Strategy<Value = Op> {
        let who = 1i64..8;
        let lead = 1u32..3;
        prop_oneof![
            (who.clone(), 1i64..5_000).prop_map(|(p, c)| Op::TopUp(p, c)),
            (lead.clone(), who.clone()).prop_map(|(l, p)| Op::Buy(l, p)),
            (lead.clone(), who.clone()).prop_map(|(l, p)| Op::Reserve(l, p)),
            (lead.clone(), who).prop_map(|(l, p)| Op::Refuse(l, p)),
            lead.prop_map(Op::Mark),
        ]
    }

    fn open_lead(cap: i32, buyers: i32) -> LeadState {
        LeadState {
            cap,
            buyers,
            half_price: true,
            past_mark: true,
            open: true,
        }
    }

    #[test]
    fn the_mark_plan_lapses_everyone_on_a_closed_lead() {
        let closed = LeadState {
            open: false,
            ..open_lead(4, 0)
        };
        let waiting = [Waiting {
            provider: 7,
            balance: Cents::new(10_000),
        }];
        assert_eq!(
            award_at_mark(closed, Cents::new(1000), &waiting),
            vec![(7, Err(LapseReason::Closed))]
        );
    }

    proptest! {
        /// The plan the server writes: in order, the first who can pay are
        /// awarded at half price up to the room left under the cap, and
        /// each lapse gives its true reason.
        #[test]
        fn the_mark_plan_awards_in_order_who_can_pay_up_to_the_cap(
            cap in 1i32..6,
            bought in 0i32..6,
            price in 2i64..5_000,
            balances in prop::collection::vec(0i64..4_000, 0..10),
        ) {
            let buyers = bought.min(cap);
            let waiting: Vec<Waiting> = balances
                .iter()
                .enumerate()
                .map(|(i, b)| Waiting { provider: i as i64, balance: Cents::new(*b) })
                .collect();
            let plan = award_at_mark(open_lead(cap, buyers), Cents::new(price), &waiting);
            prop_assert_eq!(plan.len(), waiting.len());
            let mut awarded = 0;
            for ((provider, outcome), w) in plan.iter().zip(&waiting) {
                prop_assert_eq!(*provider, w.provider);
                match outcome {
                    Ok(charge) => {
                        prop_assert_eq!(*charge, half_price(Cents::new(price)));
                        prop_assert!(w.balance >= *charge);
                        awarded += 1;
                    }
                    Err(LapseReason::CapReached) => prop_assert_eq!(buyers + awarded, cap),
                    Err(LapseReason::CannotPay) => {
                        prop_assert!(buyers + awarded < cap);
                        prop_assert!(w.balance < half_price(Cents::new(price)));
                    }
                    Err(other) => prop_assert!(false, "unexpected lapse {:?}", other),
                }
            }
            prop_assert!(buyers + awarded <= cap);
        }
    }

    proptest! {
        #[test]
        fn leads_never_exceed_the_cap_nor_overdraw_an_account(
            caps in (1i32..5, 1i32..5),
            ops in prop::collection::vec(op(), 0..150),
        ) {
            let mut b = LeadBook::default();
            b.publish(1, 1500, caps.0, true);
            b.publish(2, 999, caps.1, true);
            for op in ops {
                let before = b.clone();
                let result = match op {
                    Op::TopUp(p, c) => b.ledger.post(movements::top_up(p, Cents::new(c))).map(|_| ()).map_err(|e| e.to_string()),
                    Op::Buy(l, p) => b.buy(l, p).map(|_| ()),
                    Op::Reserve(l, p) => b.reserve(l, p).map(|_| ()),
                    Op::Refuse(l, p) => b.refuse(l, p),
                    Op::Mark(l) => { b.half_price_mark(l); Ok(()) }
                };
                if result.is_err() {
                    prop_assert_eq!(b.ledger.balances(), before.ledger.balances());
                }
                for lead in [1, 2] {
                    let s = b.state(lead).unwrap();
                    prop_assert!(s.buyers <= s.cap);
                    prop_assert_eq!(b.holders(lead), s.buyers as usize);
                }
                for ((holder, _), balance) in b.ledger.balances() {
                    if !holder.may_go_negative() {
                        prop_assert!(*balance >= 0);
                    }
                }
                prop_assert!(b.ledger.is_balanced());
            }
        }
    }
}
