//! People's profiles.

use super::completion::RatingView;
use crate::domain::account::Role;
use crate::domain::catalog::{Region, Service};
use crate::domain::money::Cents;
use crate::domain::profile::ProfileForm;
use serde::{Deserialize, Serialize};

/// A person's public profile: name, role and the ratings they received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    pub member_since: time::Date,
    /// Average stars in tenths (45: 4.5 stars), when rated at least once.
    pub average: Option<u32>,
    pub ratings: Vec<RatingView>,
    /// Shown to every member (a provider's choice).
    pub public: bool,
    /// The day they were certified, if they are.
    pub certified_since: Option<time::Date>,
    pub about: AboutView,
}

/// What a person says about themself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AboutView {
    pub description: String,
    pub skills: Vec<Service>,
    pub regions: Vec<Region>,
    pub day_rate: Option<(Cents, Cents)>,
    pub languages: Vec<String>,
    pub company: String,
    pub city: String,
    /// The photo's image id.
    pub photo: Option<i64>,
    pub portfolio: Vec<PortfolioView>,
}

/// One portfolio item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioView {
    pub id: i64,
    pub title: String,
    pub text: String,
    pub link: String,
    /// Image ids, oldest first.
    pub images: Vec<i64>,
}

/// The profile editor: the form as saved, the photo and the portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileEdit {
    pub id: i64,
    pub role: Role,
    pub form: ProfileForm,
    pub photo: Option<i64>,
    pub portfolio: Vec<PortfolioView>,
}
