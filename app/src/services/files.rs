//! Project files: the client attaches them; staff, the client and providers
//! with the consultation unlock read them. Bytes are stored outside the web
//! root under a random name; the database row says who may read them.

use super::accounts::User;
use crate::api::views::{FileView, ProjectFiles};
use crate::domain::account::Role;
use crate::domain::files::{
    check_upload, safe_name, FileKind, UploadRefusal, MAX_FILES_PER_PROJECT,
};
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult};
use sqlx::PgPool;
use std::path::{Path, PathBuf};

/// Where uploaded files live (outside the web root).
#[derive(Clone, Debug)]
pub struct FileStore {
    pub root: PathBuf,
}

impl FileStore {
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        FileStore { root: root.into() }
    }

    fn path(&self, stored_name: &str) -> PathBuf {
        self.root.join(stored_name)
    }
}

struct ProjectAccess {
    read: bool,
    upload: Result<(), UploadRefusal>,
}

async fn access(pool: &PgPool, user: &User, project_id: i64) -> AppResult<ProjectAccess> {
    let project = sqlx::query!(
        "SELECT client_id, status FROM projects WHERE id = $1",
        project_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::NotFound(format!("There is no project #{project_id}.")))?;
    let status = ProjectStatus::from_slug(&project.status);
    let mine = user.role == Role::Client && project.client_id == user.id;
    let read = match user.role {
        Role::Staff => true,
        Role::Client => mine,
        Role::Provider => {
            status == Some(ProjectStatus::Published)
                && sqlx::query_scalar!(
                    r#"SELECT 1 AS "one!" FROM unlocks WHERE provider_id = $1 AND project_id = $2 AND kind = 'consultation'"#,
                    user.id,
                    project_id
                )
                .fetch_optional(pool)
                .await?
                .is_some()
        }
    };
    let upload = if !mine {
        Err(UploadRefusal::Forbidden)
    } else if matches!(
        status,
        Some(ProjectStatus::PendingValidation | ProjectStatus::Published)
    ) {
        Ok(())
    } else {
        Err(UploadRefusal::Closed)
    };
    Ok(ProjectAccess { read, upload })
}

fn forbidden() -> AppError {
    AppError::Forbidden("The project's files open with a consultation credit.".into())
}

struct Row {
    id: i64,
    file_name: String,
    content_type: String,
    size_bytes: i64,
    created_at: time::OffsetDateTime,
}

impl Row {
    fn view(&self) -> AppResult<FileView> {
        let f = time::format_description::well_known::Rfc3339;
        Ok(FileView {
            id: self.id,
            name: self.file_name.clone(),
            kind: FileKind::from_content_type(&self.content_type)
                .ok_or_else(|| AppError::internal("bad content type"))?,
            size_bytes: self.size_bytes,
            uploaded_at: self.created_at.format(&f).map_err(AppError::internal)?,
        })
    }
}

/// The files of a project, if the viewer may read them.
pub async fn list(pool: &PgPool, user: &User, project_id: i64) -> AppResult<ProjectFiles> {
    let a = access(pool, user, project_id).await?;
    if !a.read {
        return Err(forbidden());
    }
    let rows = sqlx::query_as!(
        Row,
        "SELECT id, file_name, content_type, size_bytes, created_at
           FROM project_files WHERE project_id = $1 ORDER BY id",
        project_id
    )
    .fetch_all(pool)
    .await?;
    Ok(ProjectFiles {
        files: rows.iter().map(Row::view).collect::<AppResult<_>>()?,
        can_upload: a.upload.is_ok(),
    })
}

/// What an upload came to: the stored file, or why it was refused.
pub enum Stored {
    Done(FileView),
    Refused(UploadRefusal),
}

/// Stores a file the project's client uploads.
pub async fn store(
    pool: &PgPool,
    files: &FileStore,
    user: &User,
    project_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<Stored> {
    let a = access(pool, user, project_id).await?;
    if let Err(refusal) = a.upload {
        return Ok(Stored::Refused(refusal));
    }
    let name = safe_name(file_name);
    let kind = match check_upload(&name, bytes) {
        Ok(k) => k,
        Err(r) => return Ok(Stored::Refused(r)),
    };
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM project_files WHERE project_id = $1"#,
        project_id
    )
    .fetch_one(pool)
    .await?;
    if count >= MAX_FILES_PER_PROJECT {
        return Ok(Stored::Refused(UploadRefusal::TooMany));
    }
    let stored_name = uuid::Uuid::new_v4().simple().to_string();
    tokio::fs::create_dir_all(&files.root)
        .await
        .map_err(AppError::internal)?;
    let path = files.path(&stored_name);
    tokio::fs::write(&path, bytes)
        .await
        .map_err(AppError::internal)?;
    let inserted = sqlx::query_as!(
        Row,
        "INSERT INTO project_files (project_id, uploader_id, file_name, content_type, size_bytes, stored_name)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, file_name, content_type, size_bytes, created_at",
        project_id,
        user.id,
        name,
        kind.content_type(),
        bytes.len() as i64,
        stored_name
    )
    .fetch_one(pool)
    .await;
    match inserted {
        Ok(row) => Ok(Stored::Done(row.view()?)),
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            Err(e.into())
        }
    }
}

/// A file to send: its name, type and where its bytes are.
pub struct Download {
    pub name: String,
    pub content_type: &'static str,
    pub path: PathBuf,
}

/// Opens a file for someone who may read its project's files.
pub async fn open(
    pool: &PgPool,
    files: &FileStore,
    user: &User,
    file_id: i64,
) -> AppResult<Download> {
    let row = sqlx::query!(
        "SELECT project_id, file_name, content_type, stored_name FROM project_files WHERE id = $1",
        file_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::NotFound(format!("There is no file #{file_id}.")))?;
    if !access(pool, user, row.project_id).await?.read {
        return Err(forbidden());
    }
    let kind = FileKind::from_content_type(&row.content_type)
        .ok_or_else(|| AppError::internal("bad content type"))?;
    Ok(Download {
        name: row.file_name,
        content_type: kind.content_type(),
        path: files.path(&row.stored_name),
    })
}

/// The configured folder, or `.data/files`.
pub fn default_root() -> PathBuf {
    std::env::var("MARKETPLACE_FILES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(".data").join("files"))
}
