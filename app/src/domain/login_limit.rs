//! How many failed logins are tolerated before a pause is imposed.

use time::{Duration, OffsetDateTime};

/// Failures counted within this window.
pub const WINDOW: Duration = Duration::minutes(15);
/// Failures allowed per account within the window.
pub const PER_ACCOUNT: usize = 5;
/// Failures allowed per network address within the window (several people may share one).
pub const PER_ADDRESS: usize = 20;

/// Given the times of recent failures and the limit, returns how many whole
/// minutes (at least 1) remain before another attempt is allowed, or `None`.
pub fn minutes_to_wait(
    failures: &[OffsetDateTime],
    limit: usize,
    now: OffsetDateTime,
) -> Option<i64> {
    let mut recent: Vec<_> = failures
        .iter()
        .copied()
        .filter(|t| now - *t < WINDOW)
        .collect();
    if recent.len() < limit {
        return None;
    }
    recent.sort();
    // Attempts reopen when enough failures have aged out of the window.
    let reopening = recent[recent.len() - limit] + WINDOW;
    let seconds = (reopening - now).whole_seconds().max(1);
    Some((seconds + 59) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn under_the_limit_nothing_waits() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let f = vec![now - Duration::minutes(1); PER_ACCOUNT - 1];
        assert_eq!(minutes_to_wait(&f, PER_ACCOUNT, now), None);
    }

    #[test]
    fn at_the_limit_waits_until_the_oldest_ages_out() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let f: Vec<_> = (0..5).map(|i| now - Duration::minutes(i)).collect();
        // The oldest of the five is 4 minutes old: 11 minutes remain.
        assert_eq!(minutes_to_wait(&f, 5, now), Some(11));
    }

    #[test]
    fn old_failures_do_not_count() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let f = vec![now - Duration::minutes(16); 50];
        assert_eq!(minutes_to_wait(&f, 5, now), None);
    }

    #[test]
    fn always_at_least_one_minute() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let f = vec![now - Duration::seconds(899); 5];
        assert_eq!(minutes_to_wait(&f, 5, now), Some(1));
    }
}
