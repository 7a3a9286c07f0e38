//! Phone numbers as people type them: French national numbers
//! ("06 12 34 56 78"), French numbers in international form
//! ("+33 6 12 34 56 78", "+33 (0)6…", "0033 6…"), and other countries'
//! numbers in international form ("+44 20 7946 0958"). Stored and shown in
//! one international form, so staff can call and providers can dial.

use super::msg::Msg;
use crate::domain::msg::FormMsg;
use serde::{Deserialize, Serialize};

/// A checked phone number, in international form ("+33 6 12 34 56 78").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

/// The message for any number we cannot read.
const PHONE_HELP: Msg = Msg::Form(FormMsg::PhoneShape);

impl Phone {
    pub fn parse(raw: &str) -> Result<Phone, Msg> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Msg::Form(FormMsg::PhoneRequired));
        }
        if raw.chars().count() > 32
            || !raw
                .chars()
                .all(|c| c.is_ascii_digit() || " +-.()/\u{a0}".contains(c))
            || raw.chars().skip(1).any(|c| c == '+')
        {
            return Err(PHONE_HELP);
        }
        // "+33 (0)6 …": the national trunk 0 in brackets is not dialled.
        let cleaned = raw.replace("(0)", "");
        let international = cleaned.starts_with('+') || cleaned.starts_with("00");
        let digits: String = cleaned.chars().filter(char::is_ascii_digit).collect();
        let digits = if cleaned.starts_with("00") {
            digits[2..].to_string()
        } else {
            digits
        };
        if !international {
            // A French national number: 0 then nine digits, not 00.
            return match digits.as_bytes() {
                [b'0', second, ..] if digits.len() == 10 && *second != b'0' => {
                    Ok(Phone::french(&digits[1..]))
                }
                _ => Err(PHONE_HELP),
            };
        }
        if let Some(national) = digits.strip_prefix("33") {
            return if national.len() == 9 && !national.starts_with('0') {
                Ok(Phone::french(national))
            } else {
                Err(PHONE_HELP)
            };
        }
        // E.164: a country code that does not start with 0, 8 to 15 digits in all.
        if (8..=15).contains(&digits.len()) && !digits.starts_with('0') {
            Ok(Phone(format!("+{digits}")))
        } else {
            Err(PHONE_HELP)
        }
    }

    /// "+33 6 12 34 56 78" from the nine digits after the trunk 0.
    fn french(nine: &str) -> Phone {
        let (first, rest) = nine.split_at(1);
        let pairs: Vec<&str> = rest
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        Phone(format!("+33 {first} {}", pairs.join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For a `tel:` link: the plus and the digits.
    pub fn dial(&self) -> String {
        self.0
            .chars()
            .filter(|c| *c == '+' || c.is_ascii_digit())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn french_numbers_in_every_usual_spelling_become_one() {
        for raw in [
            "06 12 34 56 78",
            "0612345678",
            "06.12.34.56.78",
            "06-12-34-56-78",
            "+33 6 12 34 56 78",
            "+33612345678",
            "+33 (0)6 12 34 56 78",
            "0033 6 12 34 56 78",
            " 06 12 34 56 78 ",
        ] {
            assert_eq!(
                Phone::parse(raw).unwrap().as_str(),
                "+33 6 12 34 56 78",
                "{raw}"
            );
        }
        assert_eq!(
            Phone::parse("01 44 55 66 77").unwrap().as_str(),
            "+33 1 44 55 66 77"
        );
        assert_eq!(
            Phone::parse("06 12 34 56 78").unwrap().dial(),
            "+33612345678"
        );
    }

    #[test]
    fn other_countries_are_taken_in_international_form() {
        assert_eq!(
            Phone::parse("+44 20 7946 0958").unwrap().as_str(),
            "+442079460958"
        );
        assert_eq!(
            Phone::parse("0049 30 1234567").unwrap().as_str(),
            "+49301234567"
        );
        assert_eq!(
            Phone::parse("+1 (415) 555-2671").unwrap().as_str(),
            "+14155552671"
        );
    }

    #[test]
    fn anything_else_is_refused_with_an_example() {
        for raw in [
            "",
            "call me",
            "12345",
            "06 12 34 56",
            "06 12 34 56 78 90",
            "+33 06 12 34 56 78",
            "+33 6 12 34 56",
            "+0 123 456 789",
            "+1234567",
            "+1234567890123456",
            "6 12 34 56 78",
            "06 12 34 56 7a",
            "+33 6 12+34 56 78",
        ] {
            assert!(Phone::parse(raw).is_err(), "{raw:?} was taken");
        }
        assert_eq!(Phone::parse("12").unwrap_err(), PHONE_HELP);
    }

    proptest! {
        #[test]
        fn a_stored_number_reads_back_as_itself(n in 100_000_000u32..1_000_000_000) {
            // Any French national number, typed with spaces, stored, read again.
            let nine = n.to_string();
            prop_assume!(!nine.starts_with('0'));
            let typed = format!("0{nine}");
            let stored = Phone::parse(&typed).unwrap();
            prop_assert_eq!(Phone::parse(stored.as_str()).unwrap(), stored.clone());
            prop_assert_eq!(Phone::parse(&stored.dial()).unwrap(), stored);
        }

        #[test]
        fn parsing_never_panics(raw in "[0-9 +().-]{0,40}") {
            let _ = Phone::parse(&raw);
        }
    }
}
