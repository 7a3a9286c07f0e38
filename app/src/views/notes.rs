//! Staff follow-up notes on a project.

use serde::{Deserialize, Serialize};

/// A staff follow-up note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: i64,
    pub staff_name: String,
    pub body: String,
    pub at: String,
}
