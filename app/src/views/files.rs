//! Files attached to a project.

use serde::{Deserialize, Serialize};

/// A file attached to a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    pub id: i64,
    pub name: String,
    pub kind: crate::domain::files::FileKind,
    pub size_bytes: i64,
    /// ISO date-time (UTC).
    pub uploaded_at: String,
}

/// A project's files, if the viewer may read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFiles {
    pub files: Vec<FileView>,
    pub can_upload: bool,
}
