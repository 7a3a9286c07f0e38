//! Projects as a viewer may see them, the feed and the validation queue.

use crate::domain::catalog::{Region, Service};
use crate::domain::feed::FeedQuery;
use crate::domain::locale::Age;
use crate::domain::money::Money;
use crate::domain::project::ProjectStatus;
use serde::{Deserialize, Serialize};

/// A project as one viewer may see it: the client's name is only filled in
/// for the project's own client and for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub services: Vec<Service>,
    pub region: Region,
    pub budget_min: Money,
    pub budget_max: Money,
    /// ISO date.
    pub desired_start: String,
    pub status: ProjectStatus,
    pub rejection_reason: Option<String>,
    pub posted_age: Age,
    pub published_age: Option<Age>,
    pub client_active_age: Age,
    pub last_review_age: Option<Age>,
    pub client_name: Option<String>,
    /// The client's phone, for staff and the client only.
    pub client_phone: Option<String>,
    /// Whether the viewer is this project's client.
    pub is_mine: bool,
    /// A referral lead (bought from the leads tab), not an open tender.
    pub is_lead: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPage {
    pub items: Vec<ProjectView>,
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
    /// The filters that were applied (the provider's preferences when none was given).
    pub applied: FeedQuery,
    pub from_preferences: bool,
}

/// One page of the staff validation queue, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    pub items: Vec<ProjectView>,
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
}

/// A project the provider hid from their feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HiddenProject {
    pub project_id: i64,
    pub title: String,
    /// Still published (it shows in the feed again once unhidden).
    pub open: bool,
    pub hidden_at: time::OffsetDateTime,
}
