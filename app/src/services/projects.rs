//! Posting, validating, cancelling and finding projects.

use super::accounts::User;
use crate::domain::account::Role;
use crate::domain::catalog::{Region, Service};
use crate::domain::feed::{page_count, FeedQuery, PAGE_SIZE};
use crate::domain::locale::Age;
use crate::domain::money::Money;
use crate::domain::msg::{FormMsg, NoticeMsg, ProjectMsg};
use crate::domain::project::{
    parse_rejection_reason, ProjectAction, ProjectDraft, ProjectForm, ProjectStatus,
};
use crate::error::{AppError, AppResult, Msg};
use crate::views::projects::{FeedPage, ProjectView, QueuePage};
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool};
use time::{Date, OffsetDateTime};

struct ProjectRow {
    id: i64,
    client_id: i64,
    title: String,
    description: String,
    services: Vec<String>,
    region: String,
    budget_min: Decimal,
    budget_max: Decimal,
    desired_start: Date,
    status: String,
    rejection_reason: Option<String>,
    created_at: OffsetDateTime,
    published_at: Option<OffsetDateTime>,
    client_name: String,
    client_active_at: OffsetDateTime,
    last_review_at: Option<OffsetDateTime>,
    access: String,
    client_phone: Option<String>,
}

impl ProjectRow {
    fn into_view(self, viewer: &User, now: OffsetDateTime) -> AppResult<ProjectView> {
        let corrupt = |what: &str| AppError::internal(format!("project {}: bad {what}", self.id));
        let age = |t: OffsetDateTime| Age::between(t, now);
        let services = self
            .services
            .iter()
            .map(|s| Service::parse(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| corrupt("services"))?;
        let sees_client = viewer.role == Role::Staff || viewer.id == self.client_id;
        Ok(ProjectView {
            id: self.id,
            services,
            region: Region::parse(&self.region).map_err(|_| corrupt("region"))?,
            budget_min: Money::from_decimal(self.budget_min).map_err(|_| corrupt("budget"))?,
            budget_max: Money::from_decimal(self.budget_max).map_err(|_| corrupt("budget"))?,
            desired_start: self.desired_start.to_string(),
            status: ProjectStatus::from_slug(&self.status).ok_or_else(|| corrupt("status"))?,
            rejection_reason: self.rejection_reason,
            posted_age: age(self.created_at),
            published_age: self.published_at.map(age),
            client_active_age: age(self.client_active_at),
            last_review_age: self.last_review_at.map(age),
            client_name: sees_client.then_some(self.client_name),
            // Staff call it to validate; providers get it only from a contact credit.
            client_phone: self.client_phone.filter(|_| sees_client),
            is_mine: viewer.id == self.client_id,
            is_lead: self.access == "lead",
            title: self.title,
            description: self.description,
        })
    }
}

/// Loads the projects with these ids, in the order given.
pub(crate) async fn load(pool: &PgPool, ids: &[i64], viewer: &User) -> AppResult<Vec<ProjectView>> {
    let rows = sqlx::query_as!(
        ProjectRow,
        r#"SELECT p.id, p.client_id, p.title, p.description, p.services, p.region,
                  p.budget_min, p.budget_max, p.desired_start, p.status, p.rejection_reason,
                  p.created_at, p.published_at,
                  u.display_name AS client_name, u.last_active_at AS client_active_at,
                  GREATEST(
                    (SELECT max(e.at) FROM project_events e JOIN users s ON s.id = e.actor_id
                      WHERE e.project_id = p.id AND s.role = 'staff'),
                    (SELECT max(n.created_at) FROM project_notes n WHERE n.project_id = p.id)
                  ) AS last_review_at,
                  p.access, p.client_phone
             FROM projects p JOIN users u ON u.id = p.client_id
            WHERE p.id = ANY($1)"#,
        ids
    )
    .fetch_all(pool)
    .await?;
    let now = OffsetDateTime::now_utc();
    let mut views = rows
        .into_iter()
        .map(|r| r.into_view(viewer, now))
        .collect::<AppResult<Vec<_>>>()?;
    views.sort_by_key(|v| ids.iter().position(|id| *id == v.id));
    Ok(views)
}

/// Posts a new project; it waits for staff validation.
#[tracing::instrument(skip(pool, form), fields(user = user.id))]
pub async fn create(pool: &PgPool, user: &User, form: &ProjectForm, today: Date) -> AppResult<i64> {
    user.require_verified()?;
    if user.role != Role::Client {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForClients)));
    }
    let draft = ProjectDraft::parse(form, today)?;
    let services: Vec<String> = draft.services.iter().map(|s| s.slug().to_owned()).collect();
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO projects (client_id, title, description, services, region, budget_min, budget_max,
                               desired_start, client_phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        user.id,
        draft.title,
        draft.description,
        &services,
        draft.region.slug(),
        draft.budget.min().amount(),
        draft.budget.max().amount(),
        draft.desired_start,
        draft.phone.as_str(),
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO project_events (project_id, actor_id, from_status, to_status) VALUES ($1, $2, NULL, $3)",
        id,
        user.id,
        ProjectStatus::PendingValidation.slug()
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Staff write a project from a call with its client and publish it at
/// once as an open tender: the client owns it (an address with no account
/// gets one, invited by email, as for leads), and matching providers are
/// told in the same transaction.
#[tracing::instrument(skip(pool, form), fields(staff = staff.id))]
pub async fn create_for_client(
    pool: &PgPool,
    staff: &User,
    form: &crate::domain::lead::TenderForm,
    now: OffsetDateTime,
) -> AppResult<i64> {
    if staff.role != Role::Staff {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)));
    }
    let draft = crate::domain::lead::TenderDraft::parse(form, now.date())?;
    let p = &draft.project;
    let services: Vec<String> = p.services.iter().map(|s| s.slug().to_owned()).collect();
    let mut tx = pool.begin().await?;
    let client = super::accounts::client_for_staff(
        &mut tx,
        staff,
        &draft.client_email,
        draft.client_name.as_deref(),
        &p.title,
        now,
    )
    .await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO projects (client_id, title, description, services, region, budget_min, budget_max,
                               desired_start, status, published_at, status_changed_at, client_phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'published', $9, $9, $10) RETURNING id",
        client,
        p.title,
        p.description,
        &services,
        p.region.slug(),
        p.budget.min().amount(),
        p.budget.max().amount(),
        p.desired_start,
        now,
        p.phone.as_str()
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO project_events (project_id, actor_id, from_status, to_status, note, at)
         VALUES ($1, $2, NULL, 'published', 'Written by staff from a call with the client', $3)",
        id,
        staff.id,
        now
    )
    .execute(&mut *tx)
    .await?;
    let validate = ProjectAction::Validate;
    tell_of_decision(&mut tx, id, &p.title, client, "tender", validate, None).await?;
    tx.commit().await?;
    Ok(id)
}

/// The client's own projects, newest first.
pub async fn list_for_client(pool: &PgPool, user: &User) -> AppResult<Vec<ProjectView>> {
    if user.role != Role::Client {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForClients)));
    }
    let ids = sqlx::query_scalar!(
        "SELECT id FROM projects WHERE client_id = $1 ORDER BY created_at DESC, id DESC",
        user.id
    )
    .fetch_all(pool)
    .await?;
    load(pool, &ids, user).await
}

/// How many projects one page of the validation queue shows.
pub const QUEUE_PAGE_SIZE: i64 = 20;

/// Projects awaiting validation, oldest first so nobody waits forever, one
/// page at a time; `page` counts from 1 and is clamped to the pages there are.
pub async fn validation_queue(pool: &PgPool, user: &User, page: i64) -> AppResult<QueuePage> {
    require_staff(user)?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM projects WHERE status = 'pending_validation'"#
    )
    .fetch_one(pool)
    .await?;
    let page_count = ((total + QUEUE_PAGE_SIZE - 1) / QUEUE_PAGE_SIZE).max(1);
    let page = page.clamp(1, page_count);
    let ids = sqlx::query_scalar!(
        "SELECT id FROM projects WHERE status = 'pending_validation'
          ORDER BY created_at, id LIMIT $1 OFFSET $2",
        QUEUE_PAGE_SIZE,
        (page - 1) * QUEUE_PAGE_SIZE
    )
    .fetch_all(pool)
    .await?;
    Ok(QueuePage {
        items: load(pool, &ids, user).await?,
        total,
        page,
        page_count,
    })
}

fn require_staff(user: &User) -> AppResult<()> {
    if user.role == Role::Staff {
        Ok(())
    } else {
        Err(AppError::Forbidden(Msg::Form(FormMsg::ForStaff)))
    }
}

pub async fn validate(pool: &PgPool, user: &User, id: i64) -> AppResult<ProjectStatus> {
    transition(pool, user, id, ProjectAction::Validate, None).await
}

pub async fn reject(pool: &PgPool, user: &User, id: i64, reason: &str) -> AppResult<ProjectStatus> {
    let reason = parse_rejection_reason(reason).map_err(|m| AppError::field("reason", m))?;
    transition(pool, user, id, ProjectAction::Reject, Some(reason)).await
}

pub async fn cancel(pool: &PgPool, user: &User, id: i64) -> AppResult<ProjectStatus> {
    transition(pool, user, id, ProjectAction::Cancel, None).await
}

/// Applies one life-cycle action under a row lock, with its history entry.
#[tracing::instrument(skip(pool, note), fields(user = user.id))]
async fn transition(
    pool: &PgPool,
    user: &User,
    id: i64,
    action: ProjectAction,
    note: Option<String>,
) -> AppResult<ProjectStatus> {
    let mut tx = pool.begin().await?;
    let current = sqlx::query!(
        "SELECT status, client_id, title, access FROM projects WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| not_found(id))?;
    let is_owner = user.role == Role::Client && current.client_id == user.id;
    let from = ProjectStatus::from_slug(&current.status)
        .ok_or_else(|| AppError::internal(format!("project {id}: bad status")))?;
    if !from.visible_to(user.role, is_owner, false) {
        return Err(not_found(id));
    }
    let to = from
        .apply(action, user.role, is_owner)
        .map_err(|e| match e {
            crate::domain::project::TransitionError::NotAllowed { .. } => {
                AppError::Forbidden(e.into())
            }
            crate::domain::project::TransitionError::WrongStatus { .. } => {
                AppError::Conflict(e.into())
            }
        })?;
    sqlx::query!(
        "UPDATE projects
            SET status = $2,
                status_changed_at = now(),
                published_at = CASE WHEN $2 = 'published' THEN now() ELSE published_at END,
                rejection_reason = CASE WHEN $2 = 'rejected' THEN $3 ELSE rejection_reason END
          WHERE id = $1",
        id,
        to.slug(),
        note.as_deref()
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO project_events (project_id, actor_id, from_status, to_status, note)
         VALUES ($1, $2, $3, $4, $5)",
        id,
        user.id,
        from.slug(),
        to.slug(),
        note
    )
    .execute(&mut *tx)
    .await?;
    tell_of_decision(
        &mut tx,
        id,
        &current.title,
        current.client_id,
        &current.access,
        action,
        note.as_deref(),
    )
    .await?;
    if to.drops_files() {
        // Its files are kept a while (the client may want them back), then removed.
        super::jobs::enqueue(
            &mut tx,
            crate::domain::files::PURGE_JOB,
            id,
            OffsetDateTime::now_utc() + crate::domain::files::PURGE_AFTER,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(to)
}

/// Tells the client staff's decision (with the reason of a rejection) and,
/// once an open tender is published, every provider it matches.
async fn tell_of_decision(
    conn: &mut PgConnection,
    id: i64,
    title: &str,
    client_id: i64,
    access: &str,
    action: ProjectAction,
    note: Option<&str>,
) -> AppResult<()> {
    use super::notifications::{matching_providers, notify, notify_many};
    let link = format!("/projects/{id}");
    match action {
        ProjectAction::Validate => {
            let told = Msg::Notice(NoticeMsg::ProjectPublished {
                title: title.to_owned(),
            });
            notify(
                &mut *conn,
                client_id,
                "project_validated",
                &told,
                Some(&link),
            )
            .await?;
            if access == "tender" {
                let providers = matching_providers(&mut *conn, id).await?;
                let told = Msg::Notice(NoticeMsg::ProjectMatching {
                    title: title.to_owned(),
                });
                notify_many(conn, &providers, "project_matching", &told, Some(&link)).await?;
            }
        }
        ProjectAction::Reject => {
            let told = Msg::Notice(NoticeMsg::ProjectNotPublished {
                title: title.to_owned(),
                reason: note.map(str::to_owned),
            });
            notify(
                conn,
                client_id,
                "project_rejected",
                &told,
                Some("/my/projects"),
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// What everyone who may not see a project is told, whether or not it exists.
pub fn not_found(id: i64) -> AppError {
    AppError::NotFound(Msg::Project(ProjectMsg::NoSuchProject { id }))
}

/// A project as far as its visibility goes.
#[derive(Debug, Clone)]
pub struct Seen {
    pub id: i64,
    pub client_id: i64,
    pub status: ProjectStatus,
    pub title: String,
    /// The viewer is its client.
    pub is_owner: bool,
}

/// The project if `user` may know it exists, else "there is no project",
/// exactly as for one that does not exist.
pub async fn seen(conn: &mut PgConnection, user: &User, id: i64) -> AppResult<Seen> {
    let row = sqlx::query!(
        r#"SELECT p.client_id, p.status, p.title,
                  EXISTS (SELECT 1 FROM agreements a WHERE a.project_id = p.id
                            AND a.provider_id = $2 AND a.status = 'confirmed') AS "is_party!"
             FROM projects p WHERE p.id = $1"#,
        id,
        user.id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| not_found(id))?;
    let status = ProjectStatus::from_slug(&row.status)
        .ok_or_else(|| AppError::internal(format!("project {id}: bad status")))?;
    let is_owner = user.role == Role::Client && row.client_id == user.id;
    if !status.visible_to(user.role, is_owner, row.is_party) {
        return Err(not_found(id));
    }
    Ok(Seen {
        id,
        client_id: row.client_id,
        status,
        title: row.title,
        is_owner,
    })
}

/// One project, as `user` may see it.
pub async fn view(pool: &PgPool, user: &User, id: i64) -> AppResult<ProjectView> {
    seen(&mut *pool.acquire().await?, user, id).await?;
    load(pool, &[id], user)
        .await?
        .pop()
        .ok_or_else(|| not_found(id))
}

/// The feed of published projects, newest first.
pub async fn feed(
    pool: &PgPool,
    user: &User,
    query: FeedQuery,
    use_preferences: bool,
) -> AppResult<FeedPage> {
    if !matches!(user.role, Role::Provider | Role::Staff) {
        return Err(AppError::Forbidden(Msg::Form(FormMsg::ForProviders)));
    }
    let (query, from_preferences) =
        if use_preferences && query.has_no_filter() && user.role == Role::Provider {
            let prefs = super::preferences::get(pool, user).await?;
            if prefs.is_empty() {
                (query, false)
            } else {
                (query.with_preferences(&prefs), true)
            }
        } else {
            (query, false)
        };
    let services: Vec<String> = query.services.iter().map(|s| s.slug().to_owned()).collect();
    let regions: Vec<String> = query.regions.iter().map(|r| r.slug().to_owned()).collect();
    let min = query.budget_min.map(Money::amount);
    let max = query.budget_max.map(Money::amount);
    let words = query.words.as_deref();
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM projects p
            WHERE p.status = 'published' AND p.access = 'tender'
              AND (cardinality($1::text[]) = 0 OR p.services && $1)
              AND (cardinality($2::text[]) = 0 OR p.region = ANY($2))
              AND ($3::numeric IS NULL OR p.budget_max >= $3)
              AND ($4::numeric IS NULL OR p.budget_min <= $4)
              AND ($5::text IS NULL OR p.search @@ websearch_to_tsquery('simple', $5))
              AND NOT EXISTS (SELECT 1 FROM hidden_projects h WHERE h.provider_id = $6 AND h.project_id = p.id)"#,
        &services,
        &regions,
        min,
        max,
        words,
        user.id
    )
    .fetch_one(pool)
    .await?;
    let ids = sqlx::query_scalar!(
        r#"SELECT p.id FROM projects p
            WHERE p.status = 'published' AND p.access = 'tender'
              AND (cardinality($1::text[]) = 0 OR p.services && $1)
              AND (cardinality($2::text[]) = 0 OR p.region = ANY($2))
              AND ($3::numeric IS NULL OR p.budget_max >= $3)
              AND ($4::numeric IS NULL OR p.budget_min <= $4)
              AND ($5::text IS NULL OR p.search @@ websearch_to_tsquery('simple', $5))
              AND NOT EXISTS (SELECT 1 FROM hidden_projects h WHERE h.provider_id = $8 AND h.project_id = p.id)
            ORDER BY p.published_at DESC, p.id DESC
            LIMIT $6 OFFSET $7"#,
        &services,
        &regions,
        min,
        max,
        words,
        PAGE_SIZE,
        query.offset(),
        user.id
    )
    .fetch_all(pool)
    .await?;
    let items = load(pool, &ids, user).await?;
    Ok(FeedPage {
        items,
        total,
        page: query.page,
        page_count: page_count(total),
        applied: query,
        from_preferences,
    })
}
