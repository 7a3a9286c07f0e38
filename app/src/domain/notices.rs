//! What people are told, and how: every kind of notification, its group
//! and its default channel (in the app only, by email at once, or in the
//! daily digest), and when a person's digest is due.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, OffsetDateTime, UtcOffset, Weekday};

/// How a kind of notification reaches a person besides the bell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The bell only.
    InApp,
    /// The bell, and an email at once.
    Email,
    /// The bell, and a line in the daily digest.
    Digest,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::InApp, Channel::Email, Channel::Digest];

    pub fn slug(self) -> &'static str {
        match self {
            Channel::InApp => "in_app",
            Channel::Email => "email",
            Channel::Digest => "digest",
        }
    }

    pub fn from_slug(raw: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.slug() == raw)
    }
}

/// One kind of notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// Also the key of its name in the translation files (`kinds.json`).
    pub slug: &'static str,
    /// The slug of its group on the settings page.
    pub group: &'static str,
    pub default: Channel,
}

const MONEY: &str = "money";
const SELECTION: &str = "selection";
const PROJECTS: &str = "projects";
const LEADS: &str = "leads";
const CONVERSATION: &str = "conversation";
const ACCOUNT: &str = "account";

const fn kind(slug: &'static str, group: &'static str, default: Channel) -> Kind {
    Kind {
        slug,
        group,
        default,
    }
}

/// Every kind, in the order the settings page lists them. Money and
/// selection go out at once; new matching projects wait for the digest.
pub const KINDS: &[Kind] = &[
    kind("escrow_deposit", MONEY, Channel::Email),
    kind("escrow_release", MONEY, Channel::Email),
    kind("escrow_refund", MONEY, Channel::Email),
    kind("escrow_dispute", MONEY, Channel::Email),
    kind("escrow_decision", MONEY, Channel::Email),
    kind("payout_request", MONEY, Channel::Email),
    kind("payout_paid", MONEY, Channel::Email),
    kind("payment_refunded", MONEY, Channel::Email),
    kind("commission_credit", MONEY, Channel::Email),
    kind("fee_reminder", MONEY, Channel::Email),
    kind("fee_waived", MONEY, Channel::Email),
    kind("revision_proposed", MONEY, Channel::Email),
    kind("revision_answered", MONEY, Channel::Email),
    kind("plan_renewed", MONEY, Channel::Email),
    kind("plan_ended", MONEY, Channel::Email),
    kind("agreement_to_confirm", SELECTION, Channel::Email),
    kind("agreement_confirmed", SELECTION, Channel::Email),
    kind("agreement_withdrawn", SELECTION, Channel::Email),
    kind("project_lost", SELECTION, Channel::Email),
    kind("project_completed", SELECTION, Channel::Email),
    kind("project_matching", PROJECTS, Channel::Digest),
    kind("project_validated", PROJECTS, Channel::Email),
    kind("project_rejected", PROJECTS, Channel::Email),
    kind("offer_received", PROJECTS, Channel::Email),
    kind("offer_read", PROJECTS, Channel::Email),
    kind("lead_offered", LEADS, Channel::Email),
    kind("lead_awarded", LEADS, Channel::Email),
    kind("lead_lapsed", LEADS, Channel::Email),
    kind("credit_request_decided", LEADS, Channel::Email),
    kind("thread_question", CONVERSATION, Channel::Email),
    kind("thread_answer", CONVERSATION, Channel::Email),
    kind("rated", CONVERSATION, Channel::Email),
    kind("certification", ACCOUNT, Channel::Email),
];

/// The kind of `slug`, if it is one.
pub fn find(slug: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.slug == slug)
}

/// The channel of `slug` when the person chose none: the kind's default,
/// or email for a kind this list does not know (nothing is silently lost).
pub fn default_channel(slug: &str) -> Channel {
    find(slug).map_or(Channel::Email, |k| k.default)
}

/// The groups, in the order of `KINDS`.
pub fn groups() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = vec![];
    for k in KINDS {
        if !out.contains(&k.group) {
            out.push(k.group);
        }
    }
    out
}

/// The unsubscribe "kind" that turns the daily digest off.
pub const DIGEST: &str = "digest";

/// Paris's offset from UTC at `at`: +2 from the last Sunday of March at
/// 01:00 UTC to the last Sunday of October at 01:00 UTC, else +1.
pub fn paris_offset(at: OffsetDateTime) -> UtcOffset {
    let at = at.to_offset(UtcOffset::UTC);
    let year = at.year();
    let start = last_sunday(year, Month::March).midnight().assume_utc() + Duration::hours(1);
    let end = last_sunday(year, Month::October).midnight().assume_utc() + Duration::hours(1);
    let hours = if at >= start && at < end { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).expect("a valid offset")
}

fn last_sunday(year: i32, month: Month) -> Date {
    let mut day = Date::from_calendar_date(year, month, month.length(year)).expect("a valid date");
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day().expect("a valid date");
    }
    day
}

/// The Paris day whose digest is due at `now` for someone whose digest
/// hour is `hour`: today once the hour has come, else yesterday. A digest
/// missed while the servers were down is caught up by the next one, which
/// lists everything since: one merged digest, not one per missed day.
pub fn digest_day(now: OffsetDateTime, hour: u8) -> Date {
    let local = now.to_offset(paris_offset(now));
    if local.hour() >= hour {
        local.date()
    } else {
        local.date().previous_day().expect("a valid date")
    }
}

/// When the digest of Paris day `day` at `hour` is due: what waited
/// before that instant goes into it, what comes after waits for the next.
pub fn digest_due(day: Date, hour: u8) -> OffsetDateTime {
    let naive = day.midnight() + Duration::hours(i64::from(hour));
    // The offset of the instant itself, found from the naive one's.
    let guess = naive.assume_offset(paris_offset(naive.assume_utc()));
    naive.assume_offset(paris_offset(guess))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn every_kind_is_listed_once_with_a_group() {
        let mut slugs: Vec<_> = KINDS.iter().map(|k| k.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), KINDS.len());
        assert_eq!(groups().len(), 6);
        assert_eq!(default_channel("project_matching"), Channel::Digest);
        assert_eq!(default_channel("escrow_deposit"), Channel::Email);
        assert_eq!(default_channel("something_new"), Channel::Email);
        for c in Channel::ALL {
            assert_eq!(Channel::from_slug(c.slug()), Some(c));
        }
    }

    #[test]
    fn paris_is_one_or_two_hours_ahead() {
        assert_eq!(
            paris_offset(datetime!(2026-01-15 12:00 UTC)).whole_hours(),
            1
        );
        assert_eq!(
            paris_offset(datetime!(2026-07-15 12:00 UTC)).whole_hours(),
            2
        );
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(
            paris_offset(datetime!(2026-03-29 00:59 UTC)).whole_hours(),
            1
        );
        assert_eq!(
            paris_offset(datetime!(2026-03-29 01:00 UTC)).whole_hours(),
            2
        );
        assert_eq!(
            paris_offset(datetime!(2026-10-25 00:59 UTC)).whole_hours(),
            2
        );
        assert_eq!(
            paris_offset(datetime!(2026-10-25 01:00 UTC)).whole_hours(),
            1
        );
    }

    #[test]
    fn the_digest_is_due_from_its_hour_paris_time() {
        // 07:30 in Paris in winter: an 8 o'clock digest is yesterday's.
        let now = datetime!(2026-11-24 06:30 UTC);
        assert_eq!(digest_day(now, 8), time::macros::date!(2026 - 11 - 23));
        assert_eq!(digest_day(now, 7), time::macros::date!(2026 - 11 - 24));
        // 00:30 in Paris on the 25th is still the 24th in UTC.
        let now = datetime!(2026-11-24 23:30 UTC);
        assert_eq!(digest_day(now, 0), time::macros::date!(2026 - 11 - 25));
    }

    #[test]
    fn a_digest_is_due_at_its_hour_in_paris() {
        let winter = digest_due(time::macros::date!(2026 - 11 - 24), 8);
        assert_eq!(winter, datetime!(2026-11-24 07:00 UTC));
        let summer = digest_due(time::macros::date!(2026 - 07 - 01), 8);
        assert_eq!(summer, datetime!(2026-07-01 06:00 UTC));
        // Due, then the day whose digest is due is that day.
        assert_eq!(digest_day(winter, 8), time::macros::date!(2026 - 11 - 24));
    }
}
