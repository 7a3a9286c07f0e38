//! People's profiles.

use super::completion::RatingView;
use crate::domain::account::Role;
use serde::{Deserialize, Serialize};

/// A person's public profile: name, role and the ratings they received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    pub member_since: String,
    /// Average stars, one decimal, when rated at least once.
    pub average: Option<String>,
    pub ratings: Vec<RatingView>,
    /// Shown to every member (a provider's choice).
    pub public: bool,
    /// The day they were certified, if they are.
    pub certified_since: Option<String>,
}
