//! The agreement a selected provider confirms: scope, amount, formula and,
//! for zero risk, the tranche plan. Also the platform's fees on it.

use super::escrow::check_plan;
use super::fields::{bounded_text, FieldErrors};
use super::lead::to_cents;
use super::money::Money;
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

/// `rate_bp` of `cents`, rounded half up to the cent.
pub fn fee(cents: i64, rate_bp: i64) -> i64 {
    (cents * rate_bp + 5_000) / 10_000
}

/// What the client pays the platform for an agreement.
pub fn platform_fees(formula: Formula, amount_cents: i64) -> (i64, i64) {
    let connection = fee(amount_cents, CONNECTION_RATE_BP);
    let zero_risk = match formula {
        Formula::Basic => 0,
        Formula::ZeroRisk => fee(amount_cents, ZERO_RISK_RATE_BP),
    };
    (connection, zero_risk)
}

/// A downward revision agreed by both: the commission is recomputed and
/// the difference credited back. Refuses anything that is not downward.
pub fn revision_credit(old_cents: i64, new_cents: i64) -> Result<i64, String> {
    if new_cents <= 0 || new_cents >= old_cents {
        return Err("A revision lowers the agreed amount, and stays above zero.".into());
    }
    Ok(fee(old_cents, CONNECTION_RATE_BP) - fee(new_cents, CONNECTION_RATE_BP))
}

/// The agreement form, as the client types it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgreementForm {
    pub scope: String,
    pub amount: String,
    pub formula: String,
    /// Label and amount of each tranche (zero risk only).
    pub tranches: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDraft {
    pub scope: String,
    pub amount_cents: i64,
    pub formula: Formula,
    pub tranches: Vec<(String, i64)>,
}

impl AgreementDraft {
    pub fn parse(form: &AgreementForm) -> Result<AgreementDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let scope = errors.check("scope", bounded_text(&form.scope, "The scope", 20, 5000));
        let amount = errors.check(
            "amount",
            Money::parse(&form.amount).and_then(|m| match to_cents(m) {
                c if c > 0 => Ok(c),
                _ => Err("The amount must be above zero.".to_string()),
            }),
        );
        let formula = errors.check(
            "formula",
            match form.formula.as_str() {
                "basic" => Ok(Formula::Basic),
                "zero_risk" => Ok(Formula::ZeroRisk),
                _ => Err("Choose basic or zero risk.".to_string()),
            },
        );
        let mut tranches = Vec::new();
        if formula == Some(Formula::ZeroRisk) {
            for (label, raw) in &form.tranches {
                match Money::parse(raw) {
                    Ok(m) => tranches.push((label.trim().to_owned(), to_cents(m))),
                    Err(m) => errors.add("tranches", format!("“{}”: {m}", label.trim())),
                }
            }
            if let (Some(total), true) = (amount, errors.is_empty()) {
                errors.check("tranches", check_plan(total, &tranches));
            }
        }
        match (scope, amount, formula) {
            (Some(scope), Some(amount_cents), Some(formula)) if errors.is_empty() => {
                Ok(AgreementDraft {
                    scope,
                    amount_cents,
                    formula,
                    tranches,
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

    fn form(formula: &str, tranches: &[(&str, &str)]) -> AgreementForm {
        AgreementForm {
            scope: "Design and build the booking site, two rounds of changes.".into(),
            amount: "3500".into(),
            formula: formula.into(),
            tranches: tranches
                .iter()
                .map(|(l, a)| (l.to_string(), a.to_string()))
                .collect(),
        }
    }

    #[test]
    fn zero_risk_needs_tranches_that_add_up() {
        let ok =
            AgreementDraft::parse(&form("zero_risk", &[("Design", "1000"), ("Build", "2500")]))
                .unwrap();
        assert_eq!(
            ok.tranches,
            vec![("Design".into(), 100_000), ("Build".into(), 250_000)]
        );
        let e = AgreementDraft::parse(&form("zero_risk", &[("Design", "1000")])).unwrap_err();
        assert!(e.into_vec()[0].message.contains("add up to"));
        let basic = AgreementDraft::parse(&form("basic", &[])).unwrap();
        assert!(basic.tranches.is_empty());
        assert!(AgreementDraft::parse(&form("cash", &[])).is_err());
    }

    #[test]
    fn fees_round_half_up_to_the_cent() {
        assert_eq!(fee(350_000, CONNECTION_RATE_BP), 17_500);
        assert_eq!(fee(10, CONNECTION_RATE_BP), 1); // 0.5 cent rounds up
        assert_eq!(fee(9, CONNECTION_RATE_BP), 0);
        assert_eq!(platform_fees(Formula::Basic, 100_000), (5_000, 0));
        assert_eq!(platform_fees(Formula::ZeroRisk, 100_000), (5_000, 3_000));
        assert_eq!(revision_credit(100_000, 80_000), Ok(1_000));
        assert!(revision_credit(100_000, 100_000).is_err());
    }

    proptest! {
        #[test]
        fn a_downward_revision_never_credits_more_than_was_charged(old in 1i64..100_000_000, cut in 1i64..100_000_000) {
            let new = old - cut.min(old - 1).max(0);
            if new < old {
                let credit = revision_credit(old, new).unwrap();
                prop_assert!(credit >= 0);
                prop_assert!(credit <= fee(old, CONNECTION_RATE_BP));
                prop_assert_eq!(fee(old, CONNECTION_RATE_BP) - credit, fee(new, CONNECTION_RATE_BP));
            }
        }
    }
}
