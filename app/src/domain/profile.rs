//! What a person says about themself. A provider: a description, skills
//! from the services list, regions, a day-rate range and languages, plus a
//! portfolio. A client: a lighter profile, their company and city.

use super::account::Role;
use super::catalog::{parse_regions, parse_services, Region, Service};
use super::fields::{bounded, FieldErrors};
use super::money::Cents;
use super::msg::Msg;
use crate::domain::msg::{AmountMsg, ProfileMsg};
use serde::{Deserialize, Serialize};

pub use super::values::ImageRefusal;

/// Portfolio items a provider may show, and images per item.
pub const MAX_PORTFOLIO_ITEMS: usize = 12;
pub const MAX_ITEM_IMAGES: usize = 3;
/// Languages a provider may list.
pub const MAX_LANGUAGES: usize = 8;

impl ImageRefusal {
    pub const ALL: [ImageRefusal; 5] = [
        ImageRefusal::Empty,
        ImageRefusal::TooBig,
        ImageRefusal::NotImage,
        ImageRefusal::Damaged,
        ImageRefusal::TooMany,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImageRefusal::Empty => "empty",
            ImageRefusal::TooBig => "too_big",
            ImageRefusal::NotImage => "not_image",
            ImageRefusal::Damaged => "damaged",
            ImageRefusal::TooMany => "too_many",
        }
    }

    pub fn from_code(code: &str) -> Option<ImageRefusal> {
        ImageRefusal::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What to tell the person.
    pub fn message(self) -> Msg {
        Msg::Profile(ProfileMsg::ImageRefused {
            why: self,
            max: MAX_ITEM_IMAGES,
        })
    }
}

/// The profile form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub day_rate_min: String,
    #[serde(default)]
    pub day_rate_max: String,
    /// Comma-separated, as typed: "French, English".
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub city: String,
}

/// A profile, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileDraft {
    pub description: String,
    pub skills: Vec<Service>,
    pub regions: Vec<Region>,
    /// Whole euros per day, from and to.
    pub day_rate: Option<(Cents, Cents)>,
    pub languages: Vec<String>,
    pub company: String,
    pub city: String,
}

fn optional_text(raw: &str, max: usize) -> Result<String, Msg> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        bounded(raw, 1, max)
    }
}

fn day_rate(min: &str, max: &str) -> Result<Option<(Cents, Cents)>, Msg> {
    match (min.trim().is_empty(), max.trim().is_empty()) {
        (true, true) => Ok(None),
        (false, false) => {
            let low = Cents::parse_positive(min)?;
            let high = Cents::parse_positive(max)?;
            if high < low {
                return Err(Msg::Amount(AmountMsg::DayRateOrder));
            }
            let most = Cents::new(1_000_000);
            if high > most {
                return Err(Msg::Amount(AmountMsg::DayRateMax { max: most }));
            }
            Ok(Some((low, high)))
        }
        _ => Err(Msg::Amount(AmountMsg::DayRateBothEnds)),
    }
}

fn languages(raw: &str) -> Result<Vec<String>, Msg> {
    let mut out: Vec<String> = vec![];
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let lang = bounded(part, 2, 40)?;
        if !out.iter().any(|l| l.eq_ignore_ascii_case(&lang)) {
            out.push(lang);
        }
    }
    if out.len() > MAX_LANGUAGES {
        return Err(ProfileMsg::TooManyLanguages { max: MAX_LANGUAGES }.into());
    }
    Ok(out)
}

impl ProfileForm {
    /// Checks the form for a person of `role`: a client's profile is their
    /// company and city; a provider's, everything but those.
    pub fn parse(&self, role: Role) -> Result<ProfileDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut draft = ProfileDraft::default();
        match role {
            Role::Provider => {
                draft.description = errors
                    .check("description", optional_text(&self.description, 3000))
                    .unwrap_or_default();
                draft.skills = errors
                    .check(
                        "skills",
                        parse_services(&self.skills, 0, Service::ALL.len()),
                    )
                    .unwrap_or_default();
                draft.regions = errors
                    .check(
                        "regions",
                        parse_regions(&self.regions, 0, Region::ALL.len()),
                    )
                    .unwrap_or_default();
                draft.day_rate = errors
                    .check(
                        "day_rate_max",
                        day_rate(&self.day_rate_min, &self.day_rate_max),
                    )
                    .flatten();
                draft.languages = errors
                    .check("languages", languages(&self.languages))
                    .unwrap_or_default();
            }
            Role::Client => {
                draft.company = errors
                    .check("company", optional_text(&self.company, 120))
                    .unwrap_or_default();
                draft.city = errors
                    .check("city", optional_text(&self.city, 80))
                    .unwrap_or_default();
            }
            Role::Staff => errors.add("role", ProfileMsg::StaffNoProfile),
        }
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }
}

/// A portfolio item as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioForm {
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub link: String,
}

/// A portfolio item, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioDraft {
    pub title: String,
    pub text: String,
    /// An http(s) address, or empty.
    pub link: String,
}

/// An address a profile may link to: http or https, with a host, no spaces.
pub fn parse_link(raw: &str) -> Result<String, Msg> {
    let link = raw.trim();
    if link.is_empty() {
        return Ok(String::new());
    }
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))
        .ok_or(Msg::Profile(ProfileMsg::LinkScheme))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && link.chars().count() <= 500
        && !link
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if ok {
        Ok(link.to_owned())
    } else {
        Err(ProfileMsg::WebAddress.into())
    }
}

impl PortfolioForm {
    pub fn parse(&self) -> Result<PortfolioDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", bounded(&self.title, 2, 120));
        let text = errors.check("text", optional_text(&self.text, 2000));
        let link = errors.check("link", parse_link(&self.link));
        match (title, text, link) {
            (Some(title), Some(text), Some(link)) if errors.is_empty() => {
                Ok(PortfolioDraft { title, text, link })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn provider_form() -> ProfileForm {
        ProfileForm {
            description: "  Ten years of shops and booking sites.  ".into(),
            skills: vec!["web_development".into(), "web_development".into()],
            regions: vec!["remote".into()],
            day_rate_min: "450".into(),
            day_rate_max: "600".into(),
            languages: "French, English, french".into(),
            company: "ignored for providers".into(),
            city: String::new(),
        }
    }

    #[test]
    fn a_provider_profile_is_checked_and_tidied() {
        let d = provider_form().parse(Role::Provider).unwrap();
        assert_eq!(d.description, "Ten years of shops and booking sites.");
        assert_eq!(d.skills, vec![Service::WebDevelopment]);
        assert_eq!(d.day_rate, Some((Cents::new(45_000), Cents::new(60_000))));
        assert_eq!(d.languages, vec!["French", "English"]);
        assert_eq!(d.company, "", "a provider's form keeps no company");

        let mut bad = provider_form();
        bad.skills = vec!["juggling".into()];
        bad.day_rate_min = "700".into();
        bad.languages = "x".into();
        let fields: Vec<String> = bad
            .parse(Role::Provider)
            .unwrap_err()
            .into_vec()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["skills", "day_rate_max", "languages"]);

        let mut half = provider_form();
        half.day_rate_max = String::new();
        assert!(half.parse(Role::Provider).is_err());
        let mut none = provider_form();
        none.day_rate_min = String::new();
        none.day_rate_max = String::new();
        assert_eq!(none.parse(Role::Provider).unwrap().day_rate, None);
        assert!(ProfileForm::default().parse(Role::Staff).is_err());
    }

    #[test]
    fn a_client_profile_is_a_company_and_a_city() {
        let form = ProfileForm {
            company: "Boulangerie Martin".into(),
            city: "Lyon".into(),
            description: "ignored".into(),
            ..Default::default()
        };
        let d = form.parse(Role::Client).unwrap();
        assert_eq!(
            (d.company.as_str(), d.city.as_str(), d.description.as_str()),
            ("Boulangerie Martin", "Lyon", "")
        );
        let long = ProfileForm {
            city: "x".repeat(81),
            ..Default::default()
        };
        assert!(long.parse(Role::Client).is_err());
    }

    #[test]
    fn links_are_web_addresses_only() {
        assert_eq!(parse_link(""), Ok(String::new()));
        assert_eq!(
            parse_link(" https://shop.example/case "),
            Ok("https://shop.example/case".into())
        );
        for bad in [
            "javascript:alert(1)",
            "ftp://x.example",
            "https://",
            "https://nohost",
            "https://a.example/\"onload",
            "shop.example",
        ] {
            assert!(parse_link(bad).is_err(), "{bad}");
        }
        let item = PortfolioForm {
            title: "A".into(),
            text: String::new(),
            link: "nope".into(),
        };
        let fields: Vec<String> = item
            .parse()
            .unwrap_err()
            .into_vec()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["title", "link"]);
    }

    proptest! {
        #[test]
        fn any_accepted_link_is_http_and_has_no_markup(raw in "\\PC{0,80}") {
            if let Ok(link) = parse_link(&raw) {
                prop_assert!(link.is_empty() || link.starts_with("http://") || link.starts_with("https://"));
                prop_assert!(!link.contains(['"', '<', '>', ' ']));
            }
        }
    }
}
