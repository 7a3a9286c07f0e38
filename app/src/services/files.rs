//! Project files: the client attaches them; staff, the client and providers
//! with the consultation unlock read them. Bytes are stored outside the web
//! root under a random name; the database row says who may read them.
//!
//! No orphans: bytes are written (to a temporary name, flushed, renamed)
//! before the row that makes them visible is committed, so a visible row
//! always has its bytes; bytes whose row never committed (a crash, a
//! refusal) are unreferenced and `sweep` removes them once they are older
//! than any upload in flight.

use super::accounts::User;
use super::projects;
use crate::domain::account::Role;
use crate::domain::files::{
    check_upload, safe_name, FileKind, UploadRefusal, MAX_FILES_PER_PROJECT,
};
use crate::domain::msg::ProfileMsg;
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult};
use crate::views::files::{FileView, ProjectFiles};
use sqlx::{PgConnection, PgPool};
use std::path::PathBuf;
use time::{Duration, OffsetDateTime};

/// Unreferenced bytes younger than this may belong to an upload in flight.
pub const SWEEP_GRACE: Duration = Duration::hours(1);

/// Where uploaded files live (outside the web root).
#[derive(Clone, Debug)]
pub struct FileStore {
    pub root: PathBuf,
}

impl FileStore {
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        FileStore { root: root.into() }
    }

    pub fn path(&self, stored_name: &str) -> PathBuf {
        self.root.join(stored_name)
    }

    /// Writes `bytes` under a new random name and returns it. The bytes are
    /// on disk (flushed) under their final name before this returns, and
    /// never visible under it half-written.
    pub async fn put(&self, bytes: &[u8]) -> AppResult<String> {
        use tokio::io::AsyncWriteExt;
        tokio::fs::create_dir_all(&self.root)
            .await
            .map_err(AppError::internal)?;
        let name = uuid::Uuid::new_v4().simple().to_string();
        let part = self.root.join(format!("{name}.part"));
        let mut file = tokio::fs::File::create(&part)
            .await
            .map_err(AppError::internal)?;
        let written = async {
            file.write_all(bytes).await?;
            file.sync_all().await?;
            tokio::fs::rename(&part, self.path(&name)).await
        }
        .await;
        if let Err(e) = written {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(AppError::internal(e));
        }
        Ok(name)
    }

    /// Removes bytes whose row was not committed (best effort: `sweep`
    /// catches whatever this misses).
    pub async fn discard(&self, stored_name: &str) {
        let _ = tokio::fs::remove_file(self.path(stored_name)).await;
    }
}

/// May read the files of a project the viewer can see: staff, its client,
/// a provider with the consultation unlock while it is published.
async fn may_read(conn: &mut PgConnection, user: &User, p: &projects::Seen) -> AppResult<bool> {
    Ok(match user.role {
        Role::Staff => true,
        Role::Client => p.is_owner,
        Role::Provider => {
            p.status == ProjectStatus::Published
                && sqlx::query_scalar!(
                    r#"SELECT 1 AS "one!" FROM unlocks WHERE provider_id = $1 AND project_id = $2 AND kind = 'consultation'"#,
                    user.id,
                    p.id
                )
                .fetch_optional(&mut *conn)
                .await?
                .is_some()
        }
    })
}

fn may_upload(p: &projects::Seen) -> Result<(), UploadRefusal> {
    if !p.is_owner {
        Err(UploadRefusal::Forbidden)
    } else if !p.status.takes_files() {
        Err(UploadRefusal::Closed)
    } else {
        Ok(())
    }
}

fn forbidden() -> AppError {
    AppError::Forbidden(ProfileMsg::FilesNeedCredit.into())
}

fn file_not_found(file_id: i64) -> AppError {
    AppError::NotFound(ProfileMsg::NoFile { id: file_id }.into())
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
    let mut conn = pool.acquire().await?;
    let project = projects::seen(&mut conn, user, project_id).await?;
    if !may_read(&mut conn, user, &project).await? {
        return Err(forbidden());
    }
    let rows = sqlx::query_as!(
        Row,
        "SELECT id, file_name, content_type, size_bytes, created_at
           FROM project_files WHERE project_id = $1 ORDER BY id",
        project_id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(ProjectFiles {
        files: rows.iter().map(Row::view).collect::<AppResult<_>>()?,
        can_upload: may_upload(&project).is_ok(),
    })
}

/// What an upload came to: the stored file, or why it was refused.
pub enum Stored {
    Done(FileView),
    Refused(UploadRefusal),
}

/// Stores a file the project's client uploads. The rules are checked once
/// before the bytes are written (so a refusal writes nothing) and again,
/// with the file count, under the project's row lock in the transaction
/// that inserts the row (so parallel uploads cannot pass the count).
pub async fn store(
    pool: &PgPool,
    files: &FileStore,
    user: &User,
    project_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<Stored> {
    let project = projects::seen(&mut *pool.acquire().await?, user, project_id).await?;
    if let Err(refusal) = may_upload(&project) {
        return Ok(Stored::Refused(refusal));
    }
    let name = safe_name(file_name);
    let kind = match check_upload(&name, bytes) {
        Ok(k) => k,
        Err(r) => return Ok(Stored::Refused(r)),
    };
    let stored_name = files.put(bytes).await?;
    let inserted = insert(
        pool,
        user,
        project_id,
        &name,
        kind,
        bytes.len(),
        &stored_name,
    )
    .await;
    if !matches!(inserted, Ok(Stored::Done(_))) {
        files.discard(&stored_name).await;
    }
    inserted
}

async fn insert(
    pool: &PgPool,
    user: &User,
    project_id: i64,
    name: &str,
    kind: FileKind,
    size: usize,
    stored_name: &str,
) -> AppResult<Stored> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "SELECT id FROM projects WHERE id = $1 FOR UPDATE",
        project_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let project = projects::seen(&mut tx, user, project_id).await?;
    if let Err(refusal) = may_upload(&project) {
        return Ok(Stored::Refused(refusal));
    }
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM project_files WHERE project_id = $1"#,
        project_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if count >= MAX_FILES_PER_PROJECT {
        return Ok(Stored::Refused(UploadRefusal::TooMany));
    }
    let row = sqlx::query_as!(
        Row,
        "INSERT INTO project_files (project_id, uploader_id, file_name, content_type, size_bytes, stored_name)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, file_name, content_type, size_bytes, created_at",
        project_id,
        user.id,
        name,
        kind.content_type(),
        size as i64,
        stored_name
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Stored::Done(row.view()?))
}

/// A file to send: its name, type and where its bytes are.
pub struct Download {
    pub name: String,
    pub content_type: &'static str,
    pub path: PathBuf,
}

/// Opens a file for someone who may read its project's files; to anyone
/// else it does not exist.
pub async fn open(
    pool: &PgPool,
    files: &FileStore,
    user: &User,
    file_id: i64,
) -> AppResult<Download> {
    let mut conn = pool.acquire().await?;
    let row = sqlx::query!(
        "SELECT project_id, file_name, content_type, stored_name FROM project_files WHERE id = $1",
        file_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| file_not_found(file_id))?;
    let project = projects::seen(&mut conn, user, row.project_id)
        .await
        .map_err(|_| file_not_found(file_id))?;
    if !may_read(&mut conn, user, &project).await? {
        return Err(file_not_found(file_id));
    }
    let kind = FileKind::from_content_type(&row.content_type)
        .ok_or_else(|| AppError::internal("bad content type"))?;
    Ok(Download {
        name: row.file_name,
        content_type: kind.content_type(),
        path: files.path(&row.stored_name),
    })
}

/// The durable job: a project rejected or cancelled a while ago loses its
/// files' rows (their bytes are then unreferenced and swept). A project
/// that is somehow open again keeps them.
pub async fn purge_project(conn: &mut PgConnection, project_id: i64) -> AppResult<String> {
    let status = sqlx::query_scalar!("SELECT status FROM projects WHERE id = $1", project_id)
        .fetch_optional(&mut *conn)
        .await?
        .and_then(|s| ProjectStatus::from_slug(&s));
    if !status.is_some_and(ProjectStatus::drops_files) {
        return Ok("kept: the project is not rejected or cancelled".into());
    }
    let removed = sqlx::query!(
        "DELETE FROM project_files WHERE project_id = $1",
        project_id
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(format!("{removed} file(s) removed"))
}

/// Removes stored bytes that no row references and that are older than
/// `SWEEP_GRACE` at `now` (leftovers of crashes, refusals and purges).
/// Returns how many files it removed.
pub async fn sweep(pool: &PgPool, files: &FileStore, now: OffsetDateTime) -> AppResult<usize> {
    let mut entries = match tokio::fs::read_dir(&files.root).await {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(AppError::internal(e)),
    };
    let cutoff = std::time::SystemTime::from(now - SWEEP_GRACE);
    let mut removed = 0;
    while let Some(entry) = entries.next_entry().await.map_err(AppError::internal)? {
        let Ok(meta) = entry.metadata().await else {
            continue;
        };
        let old = meta.modified().is_ok_and(|t| t < cutoff);
        if !meta.is_file() || !old {
            continue;
        }
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let stored_name = file_name.strip_suffix(".part").unwrap_or(&file_name);
        let referenced = !file_name.ends_with(".part")
            && sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM project_files WHERE stored_name = $1)
                       OR EXISTS (SELECT 1 FROM payouts WHERE invoice_stored_name = $1)
                       OR EXISTS (SELECT 1 FROM profile_images WHERE large_name = $1 OR small_name = $1) AS "used!""#,
                stored_name
            )
            .fetch_one(pool)
            .await?;
        if !referenced && tokio::fs::remove_file(entry.path()).await.is_ok() {
            tracing::info!(file = %file_name, "removed an unreferenced stored file");
            removed += 1;
        }
    }
    Ok(removed)
}
