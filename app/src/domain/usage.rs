//! Credits spent per day, for the statement's chart.

use super::ledger::CreditKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageDay {
    /// YYYY-MM-DD.
    pub day: String,
    /// Credits spent that day, in the order of `CreditKind::ALL`.
    pub spent: [i64; 3],
}

impl UsageDay {
    pub fn total(&self) -> i64 {
        self.spent.iter().sum()
    }
}

/// Sums spends (negative credit movements of kind "spend") by day, oldest
/// first, keeping the last `max_days` days that had any.
pub fn daily_spend<'a>(
    movements: impl IntoIterator<Item = (&'a str, &'a str, CreditKind, i64)>,
    max_days: usize,
) -> Vec<UsageDay> {
    let mut days: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    for (at, movement, kind, amount) in movements {
        if movement != "spend" || amount >= 0 {
            continue;
        }
        let day: String = at.chars().take(10).collect();
        let slot = CreditKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        days.entry(day).or_default()[slot] += -amount;
    }
    let all: Vec<UsageDay> = days
        .into_iter()
        .map(|(day, spent)| UsageDay { day, spent })
        .collect();
    let skip = all.len().saturating_sub(max_days);
    all.into_iter().skip(skip).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use CreditKind::*;

    #[test]
    fn spends_are_summed_per_day_and_kind() {
        let m = [
            ("2026-11-20T10:00:00Z", "grant", Offer, 5),
            ("2026-11-20T11:00:00Z", "spend", Offer, -1),
            ("2026-11-20T12:00:00Z", "spend", Contact, -1),
            ("2026-11-21T09:00:00Z", "spend", Offer, -1),
            ("2026-11-21T09:30:00Z", "refund", Offer, 1),
            ("2026-11-22T09:00:00Z", "spend", Consultation, -2),
        ];
        let days = daily_spend(m.iter().copied(), 30);
        assert_eq!(
            days,
            vec![
                UsageDay {
                    day: "2026-11-20".into(),
                    spent: [0, 1, 1]
                },
                UsageDay {
                    day: "2026-11-21".into(),
                    spent: [0, 1, 0]
                },
                UsageDay {
                    day: "2026-11-22".into(),
                    spent: [2, 0, 0]
                },
            ]
        );
        assert_eq!(days[0].total(), 2);
        let last_two = daily_spend(m.iter().copied(), 2);
        assert_eq!(last_two.len(), 2);
        assert_eq!(last_two[0].day, "2026-11-21");
        assert!(daily_spend(Vec::new(), 30).is_empty());
    }
}
