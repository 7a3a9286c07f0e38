//! Completion and ratings on a project.

use crate::domain::project::ProjectStatus;
use serde::{Deserialize, Serialize};

/// Completion and ratings on a project, for one of its parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionView {
    pub project_id: i64,
    pub status: ProjectStatus,
    /// The client may mark the project completed now.
    pub can_complete: bool,
    /// Why not, when the client may not yet.
    pub blocked_because: Option<crate::domain::msg::Msg>,
    /// The other party, whom the viewer rates.
    pub counterpart_id: i64,
    pub counterpart_name: String,
    pub my_rating: Option<RatingView>,
    pub their_rating: Option<RatingView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingView {
    pub project_title: String,
    pub rater_name: String,
    pub stars: i16,
    pub comment: String,
    pub at: time::OffsetDateTime,
}
