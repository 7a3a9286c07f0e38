//! Paying in: what a top-up may be, and card numbers as the test gateway
//! reads them. Real card data would never reach our server with a real
//! gateway (its own page collects it); the test gateway only needs a
//! number that says which outcome to simulate.

use super::fields::FieldErrors;
use super::money::Cents;
use super::money::Money;
use super::msg::Msg;
use crate::domain::msg::{AmountMsg, CreditMsg};

pub const MIN_TOP_UP: Cents = Cents::new(1_000);
pub const MAX_TOP_UP: Cents = Cents::new(500_000);

/// The test gateway's cards, as shown on the payment forms.
pub const TEST_CARD_OK: &str = "4242 4242 4242 4242";
pub const TEST_CARD_DECLINED: &str = "4000 0000 0000 0002";
/// The test gateway charges this card but its answer never arrives (to try
/// what happens when a gateway times out after charging).
pub const TEST_CARD_LOST_ANSWER: &str = "4000 0000 0000 0119";

/// A top-up amount in cents, within the limits.
pub fn parse_top_up(raw: &str) -> Result<Cents, Msg> {
    let cents = Cents::from(Money::parse(raw)?);
    if cents < MIN_TOP_UP {
        Err(Msg::Amount(AmountMsg::TopUpMin { min: MIN_TOP_UP }))
    } else if cents > MAX_TOP_UP {
        Err(Msg::Amount(AmountMsg::TopUpMax { max: MAX_TOP_UP }))
    } else {
        Ok(cents)
    }
}

/// A card number: digits only once spaces are removed, 12 to 19 of them,
/// with a valid Luhn check digit.
pub fn parse_card(raw: &str) -> Result<String, Msg> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.is_empty() {
        return Err(Msg::Credit(CreditMsg::CardRequired));
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(12..=19).contains(&digits.len()) {
        return Err(Msg::Credit(CreditMsg::CardDigits));
    }
    if !luhn(&digits) {
        return Err(Msg::Credit(CreditMsg::CardInvalid));
    }
    Ok(digits)
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A top-up form, checked whole.
pub fn parse_top_up_form(amount: &str, card: &str) -> Result<(Cents, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let amount = errors.check("amount", parse_top_up(amount));
    let card = errors.check("card", parse_card(card));
    match (amount, card) {
        (Some(a), Some(c)) if errors.is_empty() => Ok((a, c)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_cards_are_valid_numbers() {
        assert_eq!(parse_card(TEST_CARD_OK).unwrap(), "4242424242424242");
        assert!(parse_card(TEST_CARD_DECLINED).is_ok());
        assert!(parse_card("4242 4242 4242 4241").is_err());
        assert!(parse_card("4242").is_err());
        assert!(parse_card("abcd efgh ijkl mnop").is_err());
        assert!(parse_card("").is_err());
    }

    #[test]
    fn top_ups_have_limits() {
        assert_eq!(parse_top_up("50"), Ok(Cents::new(5000)));
        assert_eq!(parse_top_up("10,00"), Ok(Cents::new(1000)));
        assert!(parse_top_up("9.99").is_err());
        assert!(parse_top_up("5000.01").is_err());
        assert!(parse_top_up("-5").is_err());
        let fields: Vec<String> = parse_top_up_form("1", "12")
            .unwrap_err()
            .into_vec()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["amount", "card"]);
    }
}
