//! When the platform's fees are collected. Under zero risk, everything the
//! client owes is paid with the first deposit (one card payment: the fees,
//! then the deposit), and a commission the provider agreed to pay must be
//! paid before that first deposit. Under the basic formula, the commission
//! is due within a set delay after signature. Payers are reminded at set
//! intervals while anything is due; staff may waive a fee with a reason.

pub use super::values::Deadline;

use super::agreement::{FeeKind, Formula};
use super::money::Cents;
use super::msg::Msg;
use crate::domain::msg::{EscrowMsg, ToldMsg};
use time::{Duration, OffsetDateTime};

/// Days after signature within which a basic agreement's commission is paid.
pub const BASIC_COMMISSION_DAYS: i64 = 14;

/// Days after the charge at which a payer still owing is reminded.
pub const REMINDER_DAYS: [i64; 5] = [3, 7, 14, 21, 30];

/// The job that reminds an agreement's payers of what they still owe.
pub const REMINDER_JOB: &str = "fee_reminder";

/// The deadline of a fee on an agreement signed at `signed_at`.
pub fn deadline(formula: Formula, signed_at: OffsetDateTime) -> Deadline {
    match formula {
        Formula::ZeroRisk => Deadline::FirstDeposit,
        Formula::Basic => Deadline::By(signed_at + Duration::days(BASIC_COMMISSION_DAYS)),
    }
}

/// Whether a fee still owing at `now` is past its deadline. A zero-risk
/// fee is late once money was deposited without it, which the deposit
/// rule below never lets happen.
pub fn overdue(deadline: Deadline, now: OffsetDateTime) -> bool {
    matches!(deadline, Deadline::By(by) if now > by)
}

/// One fee of an agreement, as the first deposit sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owed {
    pub kind: FeeKind,
    /// The client pays it (else the provider).
    pub by_client: bool,
    pub due: Cents,
}

/// Why a deposit waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepositBlocked {
    pub provider_owes: Cents,
}

impl DepositBlocked {
    pub fn message(&self) -> Msg {
        Msg::Escrow(EscrowMsg::DepositBlocked {
            provider_owes: self.provider_owes,
        })
    }
}

/// The fees a deposit collects along with it: none unless it is the first
/// deposit of a zero-risk agreement; then everything the client still
/// owes. Refused while the provider still owes a fee.
pub fn collected_with_deposit(
    formula: Formula,
    first_deposit: bool,
    fees: &[Owed],
) -> Result<Vec<(FeeKind, Cents)>, DepositBlocked> {
    if formula != Formula::ZeroRisk || !first_deposit {
        return Ok(vec![]);
    }
    let provider_owes = Cents::sum(
        fees.iter()
            .filter(|f| !f.by_client)
            .map(|f| f.due.max(Cents::ZERO)),
    )
    .unwrap_or(Cents::ZERO);
    if provider_owes.is_positive() {
        return Err(DepositBlocked { provider_owes });
    }
    Ok(fees
        .iter()
        .filter(|f| f.by_client && f.due.is_positive())
        .map(|f| (f.kind, f.due))
        .collect())
}

/// When the next reminder goes out, `sent` reminders after a charge at
/// `charged_at`: the next of `REMINDER_DAYS` still ahead of `now` (a
/// worker that was down skips the missed ones rather than firing a burst);
/// none after the last.
pub fn next_reminder(
    charged_at: OffsetDateTime,
    sent: usize,
    now: OffsetDateTime,
) -> Option<OffsetDateTime> {
    REMINDER_DAYS
        .iter()
        .skip(sent)
        .map(|days| charged_at + Duration::days(*days))
        .find(|at| *at > now)
}

/// What a reminder says about one fee still owing: the fee, what is due,
/// on which project, by when, and whether it is late.
pub fn reminder(
    kind: FeeKind,
    due: Cents,
    project_id: i64,
    deadline: Deadline,
    now: OffsetDateTime,
) -> Msg {
    Msg::Told(ToldMsg::FeeReminder {
        kind,
        due,
        project_id,
        deadline,
        overdue: overdue(deadline, now),
    })
}

/// A waiver's reason, as staff type it: 10 to 2000 characters.
pub fn parse_waiver_reason(raw: &str) -> Result<String, Msg> {
    super::fields::bounded(raw, 10, 2000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    fn c(x: i64) -> Cents {
        Cents::new(x)
    }

    fn owed(kind: FeeKind, by_client: bool, due: i64) -> Owed {
        Owed {
            kind,
            by_client,
            due: c(due),
        }
    }

    #[test]
    fn the_first_zero_risk_deposit_collects_what_the_client_owes() {
        let fees = [
            owed(FeeKind::Connection, true, 5_000),
            owed(FeeKind::ZeroRisk, true, 3_000),
        ];
        assert_eq!(
            collected_with_deposit(Formula::ZeroRisk, true, &fees),
            Ok(vec![
                (FeeKind::Connection, c(5_000)),
                (FeeKind::ZeroRisk, c(3_000))
            ])
        );
        assert_eq!(
            collected_with_deposit(Formula::ZeroRisk, false, &fees),
            Ok(vec![])
        );
        assert_eq!(
            collected_with_deposit(Formula::Basic, true, &fees),
            Ok(vec![])
        );
        let paid = [
            owed(FeeKind::Connection, true, 0),
            owed(FeeKind::ZeroRisk, true, 3_000),
        ];
        assert_eq!(
            collected_with_deposit(Formula::ZeroRisk, true, &paid),
            Ok(vec![(FeeKind::ZeroRisk, c(3_000))])
        );
    }

    #[test]
    fn a_commission_the_provider_owes_holds_the_first_deposit_back() {
        let fees = [
            owed(FeeKind::Connection, false, 5_000),
            owed(FeeKind::ZeroRisk, true, 3_000),
        ];
        let blocked = collected_with_deposit(Formula::ZeroRisk, true, &fees).unwrap_err();
        assert_eq!(blocked.provider_owes, c(5_000));
        assert_eq!(
            blocked.message(),
            Msg::Escrow(EscrowMsg::DepositBlocked {
                provider_owes: c(5_000)
            })
        );
        let settled = [
            owed(FeeKind::Connection, false, 0),
            owed(FeeKind::ZeroRisk, true, 3_000),
        ];
        assert_eq!(
            collected_with_deposit(Formula::ZeroRisk, true, &settled),
            Ok(vec![(FeeKind::ZeroRisk, c(3_000))])
        );
    }

    #[test]
    fn deadlines_and_lateness() {
        let signed = datetime!(2026-11-01 10:00 UTC);
        assert_eq!(deadline(Formula::ZeroRisk, signed), Deadline::FirstDeposit);
        let by = datetime!(2026-11-15 10:00 UTC);
        assert_eq!(deadline(Formula::Basic, signed), Deadline::By(by));
        assert!(!overdue(Deadline::By(by), by));
        assert!(overdue(Deadline::By(by), by + Duration::seconds(1)));
        assert!(!overdue(Deadline::FirstDeposit, by + Duration::days(400)));
        let late = reminder(
            FeeKind::Connection,
            c(12_000),
            7,
            Deadline::By(by),
            by + Duration::days(1),
        );
        assert!(matches!(
            late,
            Msg::Told(ToldMsg::FeeReminder { overdue: true, .. })
        ));
        let soon = reminder(FeeKind::Connection, c(12_000), 7, Deadline::By(by), signed);
        assert!(matches!(
            soon,
            Msg::Told(ToldMsg::FeeReminder { overdue: false, .. })
        ));
    }

    #[test]
    fn reminders_go_out_at_set_days_then_stop() {
        let charged = datetime!(2026-11-01 10:00 UTC);
        let mut days = vec![];
        let mut now = charged;
        while let Some(at) = next_reminder(charged, days.len(), now) {
            days.push((at - charged).whole_days());
            now = at;
        }
        assert_eq!(days, REMINDER_DAYS.to_vec());
        assert!(days.windows(2).all(|w| w[0] < w[1]));
        // A worker back after 10 days sends one reminder, then resumes at day 14.
        let late = charged + Duration::days(10);
        assert_eq!(
            next_reminder(charged, 1, late),
            Some(charged + Duration::days(14))
        );
        assert_eq!(next_reminder(charged, 5, charged), None);
        assert_eq!(
            next_reminder(charged, 0, charged + Duration::days(31)),
            None
        );
        assert!(overdue(Deadline::By(charged), charged + Duration::days(1)));
        assert!(!overdue(Deadline::FirstDeposit, charged));
    }

    #[test]
    fn a_waiver_needs_a_reason() {
        assert!(parse_waiver_reason("  short ").is_err());
        assert!(parse_waiver_reason(&"x".repeat(2001)).is_err());
        assert_eq!(
            parse_waiver_reason("  Goodwill after the outage  ").unwrap(),
            "Goodwill after the outage"
        );
    }

    fn any_owed() -> impl Strategy<Value = Owed> {
        (any::<bool>(), any::<bool>(), 0i64..1_000_000).prop_map(|(zero_risk, by_client, due)| {
            let kind = if zero_risk {
                FeeKind::ZeroRisk
            } else {
                FeeKind::Connection
            };
            owed(kind, by_client, due)
        })
    }

    proptest! {
        #[test]
        fn a_first_deposit_collects_exactly_the_client_s_dues_or_waits_for_the_provider(
            fees in prop::collection::vec(any_owed(), 0..4),
            first in any::<bool>(),
            zero_risk in any::<bool>(),
        ) {
            let formula = if zero_risk { Formula::ZeroRisk } else { Formula::Basic };
            let client_due: i64 = fees.iter().filter(|f| f.by_client).map(|f| f.due.get()).sum();
            let provider_due: i64 = fees.iter().filter(|f| !f.by_client).map(|f| f.due.get()).sum();
            match collected_with_deposit(formula, first, &fees) {
                Ok(taken) => {
                    let total: i64 = taken.iter().map(|t| t.1.get()).sum();
                    if zero_risk && first {
                        prop_assert_eq!(provider_due, 0, "never past a provider's due fee");
                        prop_assert_eq!(total, client_due, "all the client owes, once");
                        prop_assert!(taken.iter().all(|t| t.1.is_positive()));
                    } else {
                        prop_assert!(taken.is_empty(), "only the first zero-risk deposit collects");
                    }
                }
                Err(blocked) => {
                    prop_assert!(zero_risk && first);
                    prop_assert_eq!(blocked.provider_owes.get(), provider_due);
                    prop_assert!(provider_due > 0);
                }
            }
        }
    }
}
