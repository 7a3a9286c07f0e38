//! How numbers, amounts and dates are written in each language the product
//! speaks. This is locale data (like CLDR's), not product copy: the words
//! people read come from the translation files; this module only decides
//! "3 500,00 €" against "€3,500.00" and "12 mars 2027" against
//! "12 March 2027". Pure, so the server (emails, PDFs) and the wasm (pages)
//! write the same thing.

use super::money::Cents;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, UtcOffset};

/// A language of the product. French is the default: the platform's
/// people are French businesses and freelancers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

/// The cookie that keeps a browser's language: read by the server to
/// render the first HTML in it, set by the switch in the header.
pub const COOKIE: &str = "lang";

/// The narrow no-break space French puts between groups of digits.
const NARROW_NBSP: char = '\u{202f}';
/// The no-break space between an amount and its currency sign.
const NBSP: char = '\u{a0}';

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The BCP 47 tag: the `lang` attribute, the cookie, the stored setting.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// A stored or sent tag ("fr", "en-GB", "FR"); `None` for a language
    /// the product does not speak.
    pub fn from_code(raw: &str) -> Option<Lang> {
        let primary = raw.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first language of an `Accept-Language` header the product
    /// speaks, by the browser's order of preference (`q` weights).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(u16, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, item)| {
                let mut parts = item.split(';');
                let lang = Lang::from_code(parts.next()?)?;
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                    .unwrap_or(1.0);
                // Thousandths: q has at most three decimals.
                let weight = (q.clamp(0.0, 1.0) * 1000.0) as u16;
                (weight > 0).then_some((weight, i, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|r| r.2)
    }

    /// The language named in its own words, for the switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }

    /// The other language: what the one-click switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    /// An amount as people of this language read it: "3 500,00 €" or
    /// "€3,500.00"; negative ones with a true minus sign.
    pub fn money(self, cents: Cents) -> String {
        let abs = cents.get().unsigned_abs();
        let sign = if cents.is_negative() { "\u{2212}" } else { "" };
        let (int, frac) = (abs / 100, abs % 100);
        match self {
            Lang::Fr => format!("{sign}{},{frac:02}{NBSP}€", self.integer(int)),
            Lang::En => format!("{sign}€{}.{frac:02}", self.integer(int)),
        }
    }

    /// A rate in basis points as a percentage: "5,00 %" or "5.00%".
    pub fn percent(self, bp: i64) -> String {
        let (sign, bp) = (if bp < 0 { "\u{2212}" } else { "" }, bp.unsigned_abs());
        match self {
            Lang::Fr => format!("{sign}{},{:02}{NARROW_NBSP}%", bp / 100, bp % 100),
            Lang::En => format!("{sign}{}.{:02}%", bp / 100, bp % 100),
        }
    }

    /// A whole number with this language's grouping: "12 500" or "12,500".
    pub fn integer(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = match self {
            Lang::Fr => NARROW_NBSP,
            Lang::En => ',',
        };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A month's name as written inside a date ("mars", "March").
    pub fn month(self, month: time::Month) -> &'static str {
        let i = usize::from(u8::from(month)) - 1;
        match self {
            Lang::Fr => MONTHS_FR[i],
            Lang::En => MONTHS_EN[i],
        }
    }

    /// "12 mars 2027", "1er mars 2027" or "12 March 2027".
    pub fn date(self, d: Date) -> String {
        let day = match (self, d.day()) {
            (Lang::Fr, 1) => "1er".to_owned(),
            (_, n) => n.to_string(),
        };
        format!("{day} {} {}", self.month(d.month()), d.year())
    }

    /// A moment in UTC, to the minute: "12 mars 2027 à 17:40 UTC" or
    /// "12 March 2027, 17:40 UTC".
    pub fn stamp(self, t: OffsetDateTime) -> String {
        let t = t.to_offset(UtcOffset::UTC);
        let clock = format!("{:02}:{:02}", t.hour(), t.minute());
        match self {
            Lang::Fr => format!("{} à {clock} UTC", self.date(t.date())),
            Lang::En => format!("{}, {clock} UTC", self.date(t.date())),
        }
    }
}

/// How long ago something happened, as a unit and a count: the words
/// ("il y a 3 jours", "3 days ago") come from the translation files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Age {
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
    Months(i64),
    Years(i64),
}

impl Age {
    /// The age of something `seconds` old (a negative age is "just now":
    /// clocks differ by a little).
    pub fn of_seconds(seconds: i64) -> Age {
        let s = seconds.max(0);
        match s {
            0..=59 => Age::JustNow,
            60..=3599 => Age::Minutes(s / 60),
            3600..=86_399 => Age::Hours(s / 3600),
            86_400..=2_591_999 => Age::Days(s / 86_400),
            2_592_000..=31_535_999 => Age::Months(s / 2_592_000),
            _ => Age::Years(s / 31_536_000),
        }
    }

    /// The age of `then` at `now`.
    pub fn between(then: OffsetDateTime, now: OffsetDateTime) -> Age {
        Age::of_seconds((now - then).whole_seconds())
    }
}

/// Whether a count takes the singular in this language: French says
/// "0 jour" and "1 jour", English "0 days" and "1 day" (CLDR's "one").
pub fn is_singular(lang: Lang, n: i64) -> bool {
    match lang {
        Lang::Fr => n == 0 || n == 1,
        Lang::En => n == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    #[test]
    fn amounts_are_written_the_way_each_language_reads_them() {
        let c = Cents::new(350_050);
        assert_eq!(Lang::Fr.money(c), "3\u{202f}500,50\u{a0}€");
        assert_eq!(Lang::En.money(c), "€3,500.50");
        assert_eq!(
            Lang::Fr.money(Cents::new(-1_234_567_800)),
            "\u{2212}12\u{202f}345\u{202f}678,00\u{a0}€"
        );
        assert_eq!(Lang::En.money(Cents::new(5)), "€0.05");
        assert_eq!(Lang::En.money(Cents::ZERO), "€0.00");
        assert_eq!(Lang::Fr.percent(450), "4,50\u{202f}%");
        assert_eq!(Lang::En.percent(1500), "15.00%");
    }

    #[test]
    fn dates_are_written_with_month_names() {
        assert_eq!(Lang::Fr.date(date!(2027 - 03 - 12)), "12 mars 2027");
        assert_eq!(Lang::Fr.date(date!(2027 - 03 - 01)), "1er mars 2027");
        assert_eq!(Lang::En.date(date!(2027 - 03 - 12)), "12 March 2027");
        assert_eq!(Lang::Fr.date(date!(2026 - 08 - 15)), "15 août 2026");
        assert_eq!(
            Lang::Fr.stamp(datetime!(2027-03-12 17:40 UTC)),
            "12 mars 2027 à 17:40 UTC"
        );
        assert_eq!(
            Lang::En.stamp(datetime!(2027-03-12 19:40 +02:00)),
            "12 March 2027, 17:40 UTC"
        );
    }

    #[test]
    fn tags_are_read_leniently_and_unknown_ones_refused() {
        assert_eq!(Lang::from_code("fr-FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_code(" EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::default(), Lang::Fr);
        assert_eq!(Lang::Fr.other(), Lang::En);
    }

    #[test]
    fn accept_language_is_read_by_preference() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("de-DE, fr;q=0.5, en;q=0.4"),
            Some(Lang::Fr)
        );
        assert_eq!(
            Lang::from_accept_language("en;q=0.2, fr;q=0.8"),
            Some(Lang::Fr)
        );
        assert_eq!(
            Lang::from_accept_language("fr;q=0, en;q=0.1"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_accept_language("de, es"), None);
        assert_eq!(Lang::from_accept_language(""), None);
    }

    #[test]
    fn ages_pick_the_largest_whole_unit() {
        assert_eq!(Age::of_seconds(-5), Age::JustNow);
        assert_eq!(Age::of_seconds(59), Age::JustNow);
        assert_eq!(Age::of_seconds(60), Age::Minutes(1));
        assert_eq!(Age::of_seconds(7200), Age::Hours(2));
        assert_eq!(Age::of_seconds(86_400 * 3), Age::Days(3));
        assert_eq!(Age::of_seconds(86_400 * 65), Age::Months(2));
        assert_eq!(Age::of_seconds(86_400 * 800), Age::Years(2));
        assert!(is_singular(Lang::Fr, 0) && !is_singular(Lang::En, 0));
        assert!(is_singular(Lang::En, 1) && !is_singular(Lang::Fr, 2));
    }

    proptest! {
        /// What the product writes in either language, a person can type
        /// back: the parser reads it as the very same cents.
        #[test]
        fn every_written_amount_reads_back(cents in 0i64..=100_000_000_000i64) {
            for lang in Lang::ALL {
                let written = lang.money(Cents::new(cents));
                let read = Money::parse(&written).map(Cents::from);
                prop_assert_eq!(read, Ok(Cents::new(cents)), "{}", written);
            }
        }

        /// Grouped integers keep their digits in order.
        #[test]
        fn grouping_only_adds_separators(n in any::<u64>()) {
            for lang in Lang::ALL {
                let digits: String = lang.integer(n).chars().filter(char::is_ascii_digit).collect();
                prop_assert_eq!(digits, n.to_string());
            }
        }
    }
}
