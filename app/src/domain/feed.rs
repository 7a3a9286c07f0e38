//! What a provider asks the feed for, and what a provider prefers.

use super::catalog::{parse_regions, parse_services, Region, Service};
use super::fields::{bounded, FieldErrors};
use super::money::{BudgetRange, Money};
use super::msg::Msg;
use crate::domain::msg::FormMsg;
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: i64 = 10;
pub const MAX_PAGE: i64 = 10_000;

/// The feed's filters as they come from the URL, every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedForm {
    pub services: Vec<String>,
    pub regions: Vec<String>,
    pub budget_min: String,
    pub budget_max: String,
    pub words: String,
    pub page: String,
}

/// A checked feed query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedQuery {
    pub services: Vec<Service>,
    pub regions: Vec<Region>,
    pub budget_min: Option<Money>,
    pub budget_max: Option<Money>,
    pub words: Option<String>,
    pub page: i64,
}

impl FeedQuery {
    pub fn parse(form: &FeedForm) -> Result<FeedQuery, FieldErrors> {
        let mut errors = FieldErrors::new();
        let services = errors
            .check(
                "services",
                parse_services(&form.services, 0, Service::ALL.len()),
            )
            .unwrap_or_default();
        let regions = errors
            .check(
                "regions",
                parse_regions(&form.regions, 0, Region::ALL.len()),
            )
            .unwrap_or_default();
        let optional_money = |raw: &str| {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                Money::parse(raw).map(Some)
            }
        };
        let budget_min = errors
            .check("budget_min", optional_money(&form.budget_min))
            .flatten();
        let budget_max = errors
            .check("budget_max", optional_money(&form.budget_max))
            .flatten();
        if let (Some(min), Some(max)) = (budget_min, budget_max) {
            errors.check("budget_max", BudgetRange::new(min, max));
        }
        let words = if form.words.trim().is_empty() {
            None
        } else {
            errors.check("words", bounded(&form.words, 1, 100))
        };
        let page = if form.page.trim().is_empty() {
            1
        } else {
            errors
                .check(
                    "page",
                    form.page
                        .trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|p| (1..=MAX_PAGE).contains(p))
                        .ok_or(Msg::Form(FormMsg::PageNumber)),
                )
                .unwrap_or(1)
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(FeedQuery {
            services,
            regions,
            budget_min,
            budget_max,
            words,
            page,
        })
    }

    /// Whether the provider gave no filter at all (then preferences apply).
    pub fn has_no_filter(&self) -> bool {
        self.services.is_empty()
            && self.regions.is_empty()
            && self.budget_min.is_none()
            && self.budget_max.is_none()
            && self.words.is_none()
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * PAGE_SIZE
    }

    /// The same query, narrowed by a provider's preferences.
    pub fn with_preferences(mut self, prefs: &Preferences) -> FeedQuery {
        self.services = prefs.services.clone();
        self.regions = prefs.regions.clone();
        self.budget_min = prefs.budget_min;
        self.budget_max = prefs.budget_max;
        self
    }
}

/// What a provider wants to see by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub services: Vec<Service>,
    pub regions: Vec<Region>,
    pub budget_min: Option<Money>,
    pub budget_max: Option<Money>,
}

impl Preferences {
    pub fn parse(
        services: &[String],
        regions: &[String],
        budget_min: &str,
        budget_max: &str,
    ) -> Result<Preferences, FieldErrors> {
        let form = FeedForm {
            services: services.to_vec(),
            regions: regions.to_vec(),
            budget_min: budget_min.into(),
            budget_max: budget_max.into(),
            ..FeedForm::default()
        };
        let q = FeedQuery::parse(&form)?;
        Ok(Preferences {
            services: q.services,
            regions: q.regions,
            budget_min: q.budget_min,
            budget_max: q.budget_max,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
            && self.regions.is_empty()
            && self.budget_min.is_none()
            && self.budget_max.is_none()
    }
}

pub fn page_count(total: i64) -> i64 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_form_is_page_one_without_filter() {
        let q = FeedQuery::parse(&FeedForm::default()).unwrap();
        assert!(q.has_no_filter());
        assert_eq!(q.page, 1);
        assert_eq!(q.offset(), 0);
    }

    #[test]
    fn filters_are_checked() {
        let form = FeedForm {
            services: vec!["marketing".into()],
            regions: vec!["remote".into()],
            budget_min: "100".into(),
            budget_max: "50".into(),
            words: "shop".into(),
            page: "0".into(),
        };
        let fields: Vec<_> = FeedQuery::parse(&form)
            .unwrap_err()
            .into_vec()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["budget_max", "page"]);
        let ok = FeedQuery::parse(&FeedForm {
            budget_max: "500".into(),
            page: "3".into(),
            ..form
        })
        .unwrap();
        assert_eq!(ok.offset(), 20);
        assert_eq!(ok.words.as_deref(), Some("shop"));
        assert!(!ok.has_no_filter());
    }

    #[test]
    fn unknown_service_in_filter_is_refused() {
        let form = FeedForm {
            services: vec!["x".into()],
            ..FeedForm::default()
        };
        assert!(FeedQuery::parse(&form).is_err());
    }

    #[test]
    fn page_counts() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(10), 1);
        assert_eq!(page_count(11), 2);
    }

    #[test]
    fn preferences_fill_an_empty_query() {
        let prefs = Preferences::parse(&["writing".into()], &[], "", "900").unwrap();
        let q = FeedQuery::parse(&FeedForm::default())
            .unwrap()
            .with_preferences(&prefs);
        assert_eq!(q.services, vec![Service::Writing]);
        assert_eq!(q.budget_max, Some(Money::parse("900").unwrap()));
        assert!(Preferences::parse(&[], &[], "-3", "").is_err());
    }
}
