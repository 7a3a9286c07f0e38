//! Staff's overview: search people and projects, a person's file,
//! suspending and reinstating an account, and the fees nobody paid yet.

use super::accounts::User;
use crate::domain::account::Role;
use crate::domain::agreement::FeeKind;
use crate::domain::fees::{overdue, Deadline};
use crate::domain::fields::bounded;
use crate::domain::money::Cents;
use crate::domain::msg::{FormMsg, Msg, StaffMsg};
use crate::domain::project::ProjectStatus;
use crate::error::{AppError, AppResult};
use crate::views::staff::*;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

/// Hits shown per kind.
const HITS: i64 = 20;

fn require_staff(user: &User) -> AppResult<()> {
    if user.role == Role::Staff {
        Ok(())
    } else {
        Err(AppError::Forbidden(FormMsg::ForStaff.into()))
    }
}

fn status_of(raw: &str) -> AppResult<ProjectStatus> {
    ProjectStatus::from_slug(raw)
        .ok_or_else(|| AppError::internal("a project with an unknown status"))
}

fn role_of(raw: &str) -> AppResult<Role> {
    Role::from_slug(raw).ok_or_else(|| AppError::internal("a user with an unknown role"))
}

/// People by name, email or number; projects by title, words or number.
pub async fn search(pool: &PgPool, staff: &User, raw: &str) -> AppResult<SearchResults> {
    require_staff(staff)?;
    let q = raw.trim();
    let number = !q.is_empty()
        && q.trim_start_matches('#')
            .chars()
            .all(|c| c.is_ascii_digit());
    if (q.chars().count() < 2 && !number) || q.chars().count() > 100 {
        return Err(AppError::field("q", StaffMsg::SearchLength));
    }
    let id = q.trim_start_matches('#').parse::<i64>().unwrap_or(-1);
    // A LIKE pattern that matches the text as typed, wildcards included.
    let escaped = q
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let like = format!("%{escaped}%");
    let people = sqlx::query!(
        r#"SELECT id, display_name, email, role, suspended_at IS NOT NULL AS "suspended!"
             FROM users
            WHERE deleted_at IS NULL
              AND (id = $2 OR lower(display_name) LIKE $1 ESCAPE '\' OR email LIKE $1 ESCAPE '\')
            ORDER BY (id = $2) DESC, display_name, id LIMIT $3"#,
        like,
        id,
        HITS
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|u| {
        Ok(PersonHit {
            id: u.id,
            name: u.display_name,
            email: u.email,
            role: role_of(&u.role)?,
            suspended: u.suspended,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    let projects = sqlx::query!(
        r#"SELECT p.id, p.title, p.status, u.display_name
             FROM projects p JOIN users u ON u.id = p.client_id
            WHERE p.id = $2 OR lower(p.title) LIKE $1 ESCAPE '\'
               OR p.search @@ websearch_to_tsquery('simple', $3)
            ORDER BY (p.id = $2) DESC, p.created_at DESC, p.id DESC LIMIT $4"#,
        like,
        id,
        q,
        HITS
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|p| {
        Ok(ProjectHit {
            id: p.id,
            title: p.title,
            status: status_of(&p.status)?,
            client: p.display_name,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    Ok(SearchResults { people, projects })
}

/// Everything staff need to know about one person.
pub async fn person(pool: &PgPool, staff: &User, id: i64) -> AppResult<PersonFile> {
    require_staff(staff)?;
    let mut conn = pool.acquire().await?;
    let u = sqlx::query!(
        r#"SELECT id, display_name, email, role, created_at, last_active_at,
                  email_verified_at IS NOT NULL AS "verified!", suspended_at, suspension_reason,
                  deleted_at IS NOT NULL AS "deleted!"
             FROM users WHERE id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound(StaffMsg::NoPerson { id }.into()))?;
    let role = role_of(&u.role)?;
    let balances = if role == Role::Provider {
        let b = super::credits::balances_of(pool, id).await?;
        Some((b.consultation, b.offer, b.contact, b.money))
    } else {
        None
    };
    Ok(PersonFile {
        id: u.id,
        name: u.display_name,
        email: u.email,
        role,
        joined: u.created_at,
        last_active: u.last_active_at,
        verified: u.verified,
        suspended: u.suspended_at.zip(u.suspension_reason),
        deleted: u.deleted,
        projects: person_projects(&mut conn, id).await?,
        agreements: person_agreements(&mut conn, id).await?,
        balances,
        ledger: person_ledger(&mut conn, id).await?,
        events: person_events(&mut conn, id).await?,
    })
}

async fn person_projects(conn: &mut PgConnection, id: i64) -> AppResult<Vec<PersonProject>> {
    sqlx::query!(
        r#"SELECT p.id, p.title, p.status, string_agg(r.relation, ', ' ORDER BY r.relation) AS "relation!"
             FROM (SELECT id AS project_id, 'client' AS relation FROM projects WHERE client_id = $1
                   UNION SELECT project_id, 'agreement' FROM agreements WHERE provider_id = $1 AND status <> 'withdrawn'
                   UNION SELECT project_id, 'offer' FROM offers WHERE provider_id = $1
                   UNION SELECT project_id, 'unlocked' FROM unlocks WHERE provider_id = $1
                   UNION SELECT project_id, 'lead' FROM lead_responses WHERE provider_id = $1 AND response = 'bought') r
             JOIN projects p ON p.id = r.project_id
            GROUP BY p.id ORDER BY p.id DESC LIMIT 60"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|p| {
        Ok(PersonProject {
            id: p.id,
            title: p.title,
            status: status_of(&p.status)?,
            relation: p.relation,
        })
    })
    .collect()
}

async fn person_agreements(conn: &mut PgConnection, id: i64) -> AppResult<Vec<PersonAgreement>> {
    Ok(sqlx::query!(
        r#"SELECT a.project_id, p.title, a.amount_cents, a.formula, a.status,
                  (CASE WHEN a.client_id = $1 THEN pr.display_name ELSE cl.display_name END) AS "other!"
             FROM agreements a JOIN projects p ON p.id = a.project_id
             JOIN users cl ON cl.id = a.client_id JOIN users pr ON pr.id = a.provider_id
            WHERE a.client_id = $1 OR a.provider_id = $1
            ORDER BY a.proposed_at DESC LIMIT 60"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|a| PersonAgreement {
        project_id: a.project_id,
        title: a.title,
        other_party: a.other,
        amount: Cents::new(a.amount_cents),
        formula: a.formula,
        status: a.status,
    })
    .collect())
}

async fn person_ledger(conn: &mut PgConnection, id: i64) -> AppResult<Vec<LedgerLine>> {
    Ok(sqlx::query!(
        r#"SELECT t.created_at, t.kind, e.unit, e.amount, e.balance_after AS "balance_after!", t.reason
             FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE e.provider_id = $1 AND e.holder = 'provider'
            ORDER BY e.id DESC LIMIT 30"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|l| LedgerLine {
        at: l.created_at,
        kind: l.kind,
        unit: l.unit,
        amount: l.amount,
        balance_after: l.balance_after,
        reason: l.reason,
    })
    .collect())
}

async fn person_events(conn: &mut PgConnection, id: i64) -> AppResult<Vec<AccountEventView>> {
    Ok(sqlx::query!(
        "SELECT e.at, u.display_name, e.kind, e.reason, e.what FROM account_events e
           JOIN users u ON u.id = e.actor_id WHERE e.user_id = $1 ORDER BY e.at DESC, e.id DESC",
        id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|e| AccountEventView {
        at: e.at,
        actor: e.display_name,
        kind: e.kind,
        what: e.what.and_then(|w| serde_json::from_value::<Msg>(w).ok()),
        reason: e.reason,
    })
    .collect())
}

/// Suspends (`suspend`) or reinstates an account, with a reason kept in
/// its history. A suspended account cannot log in and its sessions end at
/// once; money held for it is untouched. Staff accounts are not suspended
/// here.
pub async fn set_suspended(
    pool: &PgPool,
    staff: &User,
    id: i64,
    suspend: bool,
    reason: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    require_staff(staff)?;
    let reason = bounded(reason, 10, 1000).map_err(|m| AppError::field("reason", m))?;
    let mut tx = pool.begin().await?;
    let target = sqlx::query!(
        r#"SELECT role, suspended_at IS NOT NULL AS "suspended!", deleted_at IS NOT NULL AS "deleted!"
             FROM users WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound(StaffMsg::NoPerson { id }.into()))?;
    if target.role == "staff" {
        return Err(AppError::Forbidden(StaffMsg::StaffNotSuspended.into()));
    }
    if target.deleted {
        return Err(AppError::Conflict(StaffMsg::AccountDeleted.into()));
    }
    match (suspend, target.suspended) {
        (true, true) => return Err(AppError::Conflict(StaffMsg::AlreadySuspended.into())),
        (false, false) => return Err(AppError::Conflict(StaffMsg::NotSuspended.into())),
        _ => {}
    }
    if suspend {
        sqlx::query!(
            "UPDATE users SET suspended_at = $2, suspension_reason = $3, session_epoch = session_epoch + 1
              WHERE id = $1",
            id,
            now,
            reason
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "UPDATE user_sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL",
            id,
            now
        )
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query!(
            "UPDATE users SET suspended_at = NULL, suspension_reason = NULL WHERE id = $1",
            id
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!(
        "INSERT INTO account_events (user_id, actor_id, kind, reason, at) VALUES ($1, $2, $3, $4, $5)",
        id,
        staff.id,
        if suspend { "suspended" } else { "reinstated" },
        reason,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every platform fee still due on a signed agreement, oldest first.
pub async fn unpaid_fees(
    pool: &PgPool,
    staff: &User,
    now: OffsetDateTime,
) -> AppResult<Vec<UnpaidFee>> {
    require_staff(staff)?;
    sqlx::query!(
        r#"SELECT a.project_id, p.title, f.payer_id, u.display_name, f.kind, f.due_cents,
                  a.decided_at AS "signed_at!", f.due_by, f.reminders_sent
             FROM platform_fees f JOIN agreements a ON a.id = f.agreement_id
             JOIN projects p ON p.id = a.project_id JOIN users u ON u.id = f.payer_id
            WHERE f.due_cents > 0 AND a.status = 'confirmed'
            ORDER BY a.decided_at, a.id, f.kind LIMIT 500"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|f| {
        let kind = FeeKind::from_slug(&f.kind)
            .ok_or_else(|| AppError::internal("a fee of an unknown kind"))?;
        let deadline = f.due_by.map_or(Deadline::FirstDeposit, Deadline::By);
        let overdue = overdue(deadline, now);
        Ok(UnpaidFee {
            project_id: f.project_id,
            title: f.title,
            payer_id: f.payer_id,
            payer: f.display_name,
            kind,
            due: Cents::new(f.due_cents),
            since: f.signed_at,
            age_days: (now - f.signed_at).whole_days(),
            deadline,
            overdue,
            reminders: f.reminders_sent,
        })
    })
    .collect()
}
