//! How often one kind of attempt may be made: a number of hits per fixed
//! window, counted per key (an account and an address, an address, a
//! provider on a project). The count itself is kept by the database in one
//! atomic statement (`services::rate_limits`); this decides what a count
//! means and what the person is told.

pub use super::values::Failures;

use time::{Duration, OffsetDateTime};

/// At most `max` hits per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub const fn per_minutes(max: u32, minutes: i64) -> Limit {
        Limit {
            max,
            window: Duration::minutes(minutes),
        }
    }

    /// Given the hits counted so far in the window that started at
    /// `window_start` (this attempt included), whether it may go ahead, or
    /// how many whole minutes (at least 1) remain until the window ends.
    pub fn verdict(
        &self,
        hits: u32,
        window_start: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), i64> {
        if hits <= self.max {
            return Ok(());
        }
        let seconds = (window_start + self.window - now).whole_seconds().max(1);
        Err((seconds + 59) / 60)
    }
}

/// The limits the server enforces; `Default` is production's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wrong passwords for one account from one address.
    pub login_per_account_and_address: Limit,
    /// Wrong passwords for one account from everywhere: a ceiling far above
    /// the one above, so strangers cannot lock a person out cheaply.
    pub login_per_account: Limit,
    /// Failed log-ins from one address, whatever the accounts: one
    /// password tried on many accounts (spraying). Only failures count (a
    /// success gives its attempt back), and the ceiling is four times one
    /// account's streak, so an office behind one address where four people
    /// mistype their passwords five times each in the same quarter hour is
    /// still not stopped; a sprayer gets 80 guesses an hour instead of
    /// thousands.
    pub login_failures_per_address: Limit,
    /// New accounts from one address.
    pub signups_per_address: Limit,
    /// Messages one person writes in one project's thread.
    pub messages_per_project: Limit,
    /// Live connections (payment tabs, and the feed every signed-in page
    /// holds for the bell and the dashboard) one person holds open at once,
    /// per server instance.
    pub live_streams_per_user: usize,
    /// Password-reset emails asked from one address.
    pub resets_per_address: Limit,
    /// Password-reset emails asked for one account, from anywhere.
    pub resets_per_account: Limit,
    /// Verification links one person asks to be sent again.
    pub verification_resends: Limit,
    /// Messages sent from the contact page, per account or per address.
    pub contact_messages: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            login_per_account_and_address: Limit::per_minutes(5, 15),
            login_per_account: Limit::per_minutes(50, 15),
            login_failures_per_address: Limit::per_minutes(20, 15),
            signups_per_address: Limit::per_minutes(10, 60),
            messages_per_project: Limit::per_minutes(20, 60),
            live_streams_per_user: 16,
            resets_per_address: Limit::per_minutes(10, 60),
            resets_per_account: Limit::per_minutes(3, 60),
            verification_resends: Limit::per_minutes(5, 60),
            contact_messages: Limit::per_minutes(5, 60),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn up_to_the_maximum_goes_ahead() {
        let now = datetime!(2026-11-24 12:00 UTC);
        let limit = Limit::per_minutes(5, 15);
        for hits in 1..=5 {
            assert_eq!(limit.verdict(hits, now, now), Ok(()));
        }
        assert_eq!(limit.verdict(6, now, now), Err(15));
    }

    #[test]
    fn the_wait_is_what_remains_of_the_window_rounded_up() {
        let start = datetime!(2026-11-24 12:00 UTC);
        let limit = Limit::per_minutes(5, 15);
        assert_eq!(
            limit.verdict(9, start, start + Duration::minutes(4)),
            Err(11)
        );
        assert_eq!(
            limit.verdict(9, start, start + Duration::seconds(899)),
            Err(1)
        );
        // A window already over (the counter is reset by the next hit) still says 1.
        assert_eq!(
            limit.verdict(9, start, start + Duration::minutes(20)),
            Err(1)
        );
    }

    #[test]
    fn the_account_ceiling_is_far_above_the_per_address_limit() {
        let l = Limits::default();
        assert!(l.login_per_account.max >= 10 * l.login_per_account_and_address.max);
    }
}
