//! An offer as a provider writes it.

use super::fields::{bounded, FieldErrors};
use super::money::Money;
use super::msg::Msg;
use crate::domain::msg::{AmountMsg, ProjectMsg};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferForm {
    pub amount: String,
    pub duration_days: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferDraft {
    pub amount: Money,
    pub duration_days: i32,
    pub message: String,
}

impl OfferDraft {
    pub fn parse(form: &OfferForm) -> Result<OfferDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let amount = errors.check(
            "amount",
            Money::parse(&form.amount).and_then(|m| {
                if m.is_zero() {
                    Err(Msg::Amount(AmountMsg::AmountNotPositive))
                } else {
                    Ok(m)
                }
            }),
        );
        let duration_days = errors.check(
            "duration_days",
            match form.duration_days.trim().parse::<i32>() {
                Ok(d) if (1..=730).contains(&d) => Ok(d),
                Ok(_) => Err(Msg::Project(ProjectMsg::DurationRange)),
                Err(_) => Err(Msg::Project(ProjectMsg::DurationShape)),
            },
        );
        let message = errors.check("message", bounded(&form.message, 10, 3000));
        match (amount, duration_days, message) {
            (Some(amount), Some(duration_days), Some(message)) => Ok(OfferDraft {
                amount,
                duration_days,
                message,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_are_checked_field_by_field() {
        let ok = OfferDraft::parse(&OfferForm {
            amount: "4 500,50".into(),
            duration_days: "30".into(),
            message: "We have built three shops like yours.".into(),
        })
        .unwrap();
        assert_eq!(ok.amount.to_string(), "4500.50");
        let bad = OfferDraft::parse(&OfferForm {
            amount: "0".into(),
            duration_days: "a month".into(),
            message: "hi".into(),
        })
        .unwrap_err()
        .into_vec();
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["amount", "duration_days", "message"]);
        assert!(OfferDraft::parse(&OfferForm {
            amount: "10".into(),
            duration_days: "731".into(),
            message: "x".repeat(20)
        })
        .is_err());
    }
}
