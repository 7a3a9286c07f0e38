//! Exact amounts of money: two decimal places, never a float.

pub use super::values::Cents;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::msg::Msg;
use crate::domain::msg::AmountMsg;

/// The largest amount any single field accepts (one billion).
pub const MAX_AMOUNT: i64 = 1_000_000_000;

/// A non-negative amount in euros with at most two decimal places.
/// Serialised as a string so it never passes through a float in wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Parses what a person typed, in either way of writing numbers:
    /// "1200", "1 200,50", "1200.5", "€1,200.50", "1.200,50". A lone
    /// separator followed by three digits ("1,500", "2.000") could be
    /// grouping or decimals, so it is refused with both readings offered
    /// (unless spaces already group the digits: then it is the decimals).
    pub fn parse(raw: &str) -> Result<Money, Msg> {
        let plain = plain_number(raw)?;
        let value =
            Decimal::from_str(&plain).map_err(|_| Msg::Amount(AmountMsg::AmountNotNumber))?;
        Money::from_decimal(value)
    }

    /// Checks an exact decimal against the rules of an amount.
    pub fn from_decimal(value: Decimal) -> Result<Money, Msg> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(Msg::Amount(AmountMsg::AmountNegative));
        }
        if value.normalize().scale() > 2 {
            return Err(Msg::Amount(AmountMsg::AmountPlaces));
        }
        if value > Decimal::from(MAX_AMOUNT) {
            return Err(Msg::Amount(AmountMsg::AmountTooLarge));
        }
        let mut v = value.normalize();
        v.rescale(2);
        Ok(Money(v))
    }

    pub fn amount(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0
            .checked_add(other.0)
            .and_then(|v| Money::from_decimal(v).ok())
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0
            .checked_sub(other.0)
            .and_then(|v| Money::from_decimal(v).ok())
    }

    /// "12 500.00 €" with thin grouping, for tables and summaries.
    pub fn display(self) -> String {
        let text = format!("{:.2}", self.0);
        let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
        format!("{}.{frac}\u{a0}€", group_thousands(int))
    }
}

/// What a person typed as an amount, as a plain decimal ("1234.5"): the
/// euro sign and spaces gone, grouping separators checked and dropped, the
/// decimal separator a dot.
fn plain_number(raw: &str) -> Result<String, Msg> {
    let trimmed = raw
        .trim()
        .trim_start_matches('€')
        .trim_end_matches('€')
        .trim();
    let spaced = trimmed
        .chars()
        .any(|c| c.is_whitespace() || c == '\u{202f}' || c == '_');
    let s: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '_')
        .collect();
    if s.is_empty() {
        return Err(Msg::Amount(AmountMsg::AmountRequired));
    }
    if s.starts_with('-') {
        return Err(Msg::Amount(AmountMsg::AmountNegative));
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(Msg::Amount(AmountMsg::AmountNotNumber));
    }
    let (commas, dots) = (s.matches(',').count(), s.matches('.').count());
    // Which separator marks the decimals, if any.
    let decimal = match (commas, dots) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let sep = if commas > 0 { ',' } else { '.' };
            let count = commas + dots;
            let (before, after) = s.rsplit_once(sep).unwrap_or((&s, ""));
            if count > 1 {
                None
            } else if !spaced
                && after.len() == 3
                && (1..=3).contains(&before.len())
                && !before.starts_with('0')
            {
                return Err(Msg::Amount(AmountMsg::AmountAmbiguous {
                    typed: raw.trim().to_owned(),
                    whole: format!("{before}{after}"),
                    decimals: format!("{before}{sep}{}", &after[..2]),
                }));
            } else {
                Some(sep)
            }
        }
        // Both: the last one marks the decimals and appears once.
        _ => {
            let last = s
                .chars()
                .rev()
                .find(|c| *c == ',' || *c == '.')
                .unwrap_or('.');
            if s.matches(last).count() > 1 {
                return Err(Msg::Amount(AmountMsg::AmountNotNumber));
            }
            Some(last)
        }
    };
    let (int, frac) = match decimal {
        Some(sep) => s.rsplit_once(sep).unwrap_or((&s, "")),
        None => (s.as_str(), ""),
    };
    if decimal.is_some() && frac.is_empty() && int.is_empty() {
        return Err(Msg::Amount(AmountMsg::AmountNotNumber));
    }
    let int = ungroup(int)?;
    Ok(match decimal {
        Some(_) => format!("{}.{frac}", if int.is_empty() { "0" } else { &int }),
        None => int,
    })
}

/// Digits with grouping separators checked and removed: "1,234,567" →
/// "1234567"; groups of three after a first group of one to three.
fn ungroup(int: &str) -> Result<String, Msg> {
    let groups: Vec<&str> = int.split([',', '.']).collect();
    if groups.len() == 1 {
        return Ok(int.to_owned());
    }
    let first = groups[0];
    let ok = (1..=3).contains(&first.len())
        && !(first.starts_with('0'))
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(groups.concat())
    } else {
        Err(Msg::Amount(AmountMsg::AmountNotNumber))
    }
}

/// "12500" → "12 500", with a narrow no-break space, as every amount shows.
pub(crate) fn group_thousands(int: &str) -> String {
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    grouped
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl TryFrom<String> for Money {
    type Error = Msg;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Money::parse(&value)
    }
}

impl From<Money> for String {
    fn from(value: Money) -> Self {
        value.to_string()
    }
}

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// A stored or computed number of cents.
    pub const fn new(cents: i64) -> Cents {
        Cents(cents)
    }

    /// The number of cents, for storage.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// Parses what a person typed as an amount above zero: "1 500",
    /// "1500,50", "€12".
    pub fn parse_positive(raw: &str) -> Result<Cents, Msg> {
        match Cents::from(Money::parse(raw)?) {
            c if c.is_positive() => Ok(c),
            _ => Err(Msg::Amount(AmountMsg::AmountNotPositive)),
        }
    }

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    pub fn checked_sub(self, other: Cents) -> Option<Cents> {
        self.0.checked_sub(other.0).map(Cents)
    }

    /// The same amount the other way (a posting's counterpart).
    pub fn checked_neg(self) -> Option<Cents> {
        self.0.checked_neg().map(Cents)
    }

    /// The sum of `amounts`, or `None` on overflow.
    pub fn sum(amounts: impl IntoIterator<Item = Cents>) -> Option<Cents> {
        amounts
            .into_iter()
            .try_fold(Cents::ZERO, |total, c| total.checked_add(c))
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The amount in euros, for forms and the wire types that show euros.
    pub fn to_money(self) -> Result<Money, Msg> {
        Money::from_decimal(Decimal::new(self.0, 2))
    }

    /// "-12 500.00 €", grouped like every amount the product shows.
    pub fn display(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let int = group_thousands(&(abs / 100).to_string());
        format!("{sign}{int}.{:02}\u{a0}€", abs % 100)
    }
}

/// Money always has at most two places and at most `MAX_AMOUNT` euros, so
/// it is always a whole number of cents that fits.
impl From<Money> for Cents {
    fn from(m: Money) -> Cents {
        use rust_decimal::prelude::ToPrimitive;
        let cents = (m.amount() * Decimal::from(100)).trunc().to_i64();
        Cents(cents.expect("an amount of at most MAX_AMOUNT euros fits in cents"))
    }
}

/// "-2500.00": plain euros, like `Money`'s; `display` is for people.
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// A budget: a minimum and a maximum, the minimum not above the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetRange {
    min: Money,
    max: Money,
}

impl BudgetRange {
    pub fn new(min: Money, max: Money) -> Result<BudgetRange, Msg> {
        if min > max {
            return Err(Msg::Amount(AmountMsg::BudgetOrder));
        }
        Ok(BudgetRange { min, max })
    }

    pub fn min(self) -> Money {
        self.min
    }

    pub fn max(self) -> Money {
        self.max
    }

    /// Whether two ranges share at least one amount.
    pub fn overlaps(self, other: BudgetRange) -> bool {
        self.min <= other.max && other.min <= self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn both_ways_of_writing_numbers_are_read_and_the_ambiguous_one_is_asked_about() {
        let cents = |raw: &str| Cents::from(Money::parse(raw).unwrap()).get();
        for (raw, expected) in [
            ("3 500,50", 350_050),
            ("3500.50", 350_050),
            ("€3,500.50", 350_050),
            ("3.500,50 €", 350_050),
            ("1,234,567.89", 123_456_789),
            ("1.234.567", 123_456_700),
            ("1,5", 150),
            ("1.25", 125),
            ("0,500", 50),
            ("1 500,50", 150_050),
            ("12,30", 1_230),
            ("1\u{202f}500", 150_000),
            ("999", 99_900),
        ] {
            assert_eq!(cents(raw), expected, "{raw}");
        }
        for raw in ["1,500", "2.000", "12,345", "999.000"] {
            let e = Money::parse(raw).unwrap_err();
            assert!(
                matches!(e, Msg::Amount(AmountMsg::AmountAmbiguous { .. })),
                "{raw}: {e}"
            );
        }
        assert_eq!(
            Money::parse("1,500").unwrap_err(),
            Msg::Amount(AmountMsg::AmountAmbiguous {
                typed: "1,500".into(),
                whole: "1500".into(),
                decimals: "1,50".into()
            })
        );
        for raw in [
            "1,2,3",
            "1,23,456",
            "12,3456.5",
            "1.234,56,7",
            ",",
            "1,234.5.6",
            "01,234",
        ] {
            assert!(Money::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Money::parse("1200").unwrap().to_string(), "1200.00");
        assert_eq!(Money::parse(" 1 200,5 ").unwrap().to_string(), "1200.50");
        assert_eq!(Money::parse("€99.99").unwrap().to_string(), "99.99");
        assert_eq!(Money::parse("0").unwrap(), Money::ZERO);
    }

    #[test]
    fn refuses_bad_amounts_with_a_reason() {
        assert_eq!(
            Money::parse(""),
            Err(Msg::Amount(AmountMsg::AmountRequired))
        );
        assert_eq!(
            Money::parse("-5"),
            Err(Msg::Amount(AmountMsg::AmountNegative))
        );
        assert_eq!(
            Money::parse("abc"),
            Err(Msg::Amount(AmountMsg::AmountNotNumber))
        );
        assert_eq!(
            Money::parse("1e5"),
            Err(Msg::Amount(AmountMsg::AmountNotNumber))
        );
        assert_eq!(
            Money::parse("1.2.3"),
            Err(Msg::Amount(AmountMsg::AmountNotNumber))
        );
        assert_eq!(
            Money::parse("."),
            Err(Msg::Amount(AmountMsg::AmountNotNumber))
        );
        assert_eq!(
            Money::parse("1.2345"),
            Err(Msg::Amount(AmountMsg::AmountPlaces))
        );
        assert!(matches!(
            Money::parse("1.234"),
            Err(Msg::Amount(AmountMsg::AmountAmbiguous { .. }))
        ));
        assert_eq!(
            Money::parse("1000000000.01"),
            Err(Msg::Amount(AmountMsg::AmountTooLarge))
        );
        assert!(Money::parse("NaN").is_err());
    }

    #[test]
    fn displays_grouped_with_two_places() {
        assert_eq!(
            Money::parse("12500").unwrap().display(),
            "12\u{202f}500.00\u{a0}€"
        );
        assert_eq!(Money::parse("5.5").unwrap().display(), "5.50\u{a0}€");
    }

    #[test]
    fn serialises_as_a_string() {
        let m = Money::parse("10.1").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"10.10\"");
        let back: Money = serde_json::from_str("\"10.10\"").unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<Money>("\"-1\"").is_err());
    }

    #[test]
    fn budget_min_cannot_exceed_max() {
        let a = Money::parse("10").unwrap();
        let b = Money::parse("20").unwrap();
        assert!(BudgetRange::new(a, b).is_ok());
        assert!(BudgetRange::new(a, a).is_ok());
        assert_eq!(
            BudgetRange::new(b, a),
            Err(Msg::Amount(AmountMsg::BudgetOrder))
        );
    }

    #[test]
    fn cents_read_what_people_type_and_show_grouped() {
        assert_eq!(Cents::parse_positive("1 500,5"), Ok(Cents::new(150_050)));
        assert_eq!(
            Cents::parse_positive("0"),
            Err(Msg::Amount(AmountMsg::AmountNotPositive))
        );
        assert_eq!(
            Cents::parse_positive("-3"),
            Err(Msg::Amount(AmountMsg::AmountNegative))
        );
        assert!(Cents::parse_positive("1.234").is_err());
        assert_eq!(Cents::new(1_250_000).display(), "12\u{202f}500.00\u{a0}€");
        assert_eq!(Cents::new(-5).display(), "-0.05\u{a0}€");
        assert_eq!(serde_json::to_string(&Cents::new(42)).unwrap(), "42");
        assert_eq!(Cents::new(i64::MAX).checked_add(Cents::new(1)), None);
        assert_eq!(Cents::new(i64::MIN).checked_neg(), None);
        assert_eq!(Cents::sum([Cents::new(i64::MAX), Cents::new(1)]), None);
        assert_eq!(
            Cents::sum([Cents::new(3), Cents::new(-1)]),
            Some(Cents::new(2))
        );
    }

    proptest! {
        #[test]
        fn cents_and_money_agree(cents in 0i64..=100_000_000_000i64) {
            let c = Cents::new(cents);
            let m = c.to_money().unwrap();
            prop_assert_eq!(Cents::from(m), c);
            prop_assert_eq!(c.display(), m.display());
            prop_assert_eq!(c.to_string(), m.to_string());
        }

        #[test]
        fn any_cents_round_trip(cents in 0i64..=100_000_000_000i64) {
            let d = Decimal::new(cents, 2);
            let m = Money::from_decimal(d).unwrap();
            prop_assert_eq!(Money::parse(&m.to_string()).unwrap(), m);
            prop_assert_eq!(m.amount(), d);
        }

        #[test]
        fn amounts_written_either_way_read_back_the_same(cents in 0i64..=100_000_000_000i64) {
            let grouped = |sep: &str| {
                let digits = (cents / 100).to_string();
                let mut out = String::new();
                for (i, ch) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i).is_multiple_of(3) {
                        out.push_str(sep);
                    }
                    out.push(ch);
                }
                out
            };
            let frac = format!("{:02}", cents % 100);
            let c = Cents::new(cents);
            for written in [
                format!("{} {frac} €", grouped("\u{202f}")).replacen(' ', ",", 1),
                format!("€{}.{frac}", grouped(",")),
                format!("{},{frac} €", grouped(".")),
                c.display(),
            ] {
                prop_assert_eq!(Cents::from(Money::parse(&written).unwrap()), c, "{}", written);
            }
        }

        #[test]
        fn add_then_sub_is_identity(a in 0i64..100_000_000, b in 0i64..100_000_000) {
            let ma = Money::from_decimal(Decimal::new(a, 2)).unwrap();
            let mb = Money::from_decimal(Decimal::new(b, 2)).unwrap();
            let sum = ma.checked_add(mb).unwrap();
            prop_assert_eq!(sum.checked_sub(mb).unwrap(), ma);
            prop_assert!(sum >= ma && sum >= mb);
        }

        #[test]
        fn sub_never_goes_below_zero(a in 0i64..100_000, b in 0i64..100_000) {
            let ma = Money::from_decimal(Decimal::new(a, 2)).unwrap();
            let mb = Money::from_decimal(Decimal::new(b, 2)).unwrap();
            let r = ma.checked_sub(mb);
            prop_assert_eq!(r.is_some(), a >= b);
        }

        #[test]
        fn overlap_is_symmetric(a in 0i64..1000, b in 0i64..1000, c in 0i64..1000, d in 0i64..1000) {
            let m = |x: i64| Money::from_decimal(Decimal::from(x)).unwrap();
            let r1 = BudgetRange::new(m(a.min(b)), m(a.max(b))).unwrap();
            let r2 = BudgetRange::new(m(c.min(d)), m(c.max(d))).unwrap();
            prop_assert_eq!(r1.overlaps(r2), r2.overlaps(r1));
        }
    }
}
