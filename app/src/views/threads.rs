//! A project's questions-and-answers thread.

use serde::{Deserialize, Serialize};

/// One message of a project's Q&A thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub author_name: String,
    pub from_client: bool,
    pub is_mine: bool,
    pub body: String,
    /// ISO date-time (UTC).
    pub at: String,
}

/// The thread as the viewer may use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadView {
    pub messages: Vec<MessageView>,
    pub can_write: bool,
}
