//! Certification: a provider applies with client references, staff check
//! each one and certify or refuse with a reason, and may later revoke it.
//! The rules are `domain::certification`; each step runs under the row lock
//! of what it changes and is written to the account's history.

use super::accounts::User;
use super::notifications::notify;
use crate::domain::account::Role;
use crate::domain::certification::{self as rules, Outcome, ReferenceForm, Status, Step};
use crate::domain::money::Cents;
use crate::domain::msg::{Msg, ProfileMsg};
use crate::error::{AppError, AppResult};
use crate::views::certification::*;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

fn refused(r: rules::Refusal) -> AppError {
    AppError::Conflict(r.into())
}

/// Writes one step to the account's history, as a message kind.
async fn history(
    conn: &mut PgConnection,
    (user_id, actor_id): (i64, i64),
    kind: &str,
    what: ProfileMsg,
) -> AppResult<()> {
    let what = serde_json::to_value(Msg::Profile(what)).map_err(AppError::internal)?;
    sqlx::query!(
        "INSERT INTO account_events (user_id, actor_id, kind, what) VALUES ($1, $2, $3, $4)",
        user_id,
        actor_id,
        kind,
        what
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

struct Row {
    id: i64,
    provider_id: i64,
    display_name: String,
    status: String,
    applied_at: OffsetDateTime,
    decided_at: Option<OffsetDateTime>,
    refusal_reason: Option<String>,
    revoke_reason: Option<String>,
}

/// An application with its references; `for_staff` shows the checks' notes.
async fn application(
    conn: &mut PgConnection,
    r: Row,
    for_staff: bool,
) -> AppResult<ApplicationView> {
    let references = sqlx::query!(
        r#"SELECT r.position, r.name, r.company, r.email, r.phone, r.project, r.amount_cents, r.year,
                  r.outcome, r.notes, r.checked_at, u.display_name AS "checker?"
             FROM certification_references r LEFT JOIN users u ON u.id = r.checked_by
            WHERE r.certification_id = $1 ORDER BY r.position"#,
        r.id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|x| {
        let outcome = Outcome::from_slug(&x.outcome).ok_or_else(|| AppError::internal("an outcome"))?;
        Ok(ReferenceView {
            position: x.position,
            name: x.name,
            company: x.company,
            email: x.email,
            phone: x.phone,
            project: x.project,
            amount: Cents::new(x.amount_cents),
            year: x.year,
            outcome,
            notes: if for_staff { x.notes } else { String::new() },
            checked: x
                .checked_at
                .filter(|_| for_staff)
                .map(|at| (at, x.checker.unwrap_or_default())),
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    let status = Status::from_slug(&r.status).ok_or_else(|| AppError::internal("a status"))?;
    Ok(ApplicationView {
        id: r.id,
        provider_id: r.provider_id,
        provider_name: r.display_name,
        status,
        applied_at: r.applied_at,
        decided_at: r.decided_at,
        reason: r.refusal_reason.or(r.revoke_reason),
        confirmed: references
            .iter()
            .filter(|x| x.outcome == Outcome::Confirmed)
            .count(),
        references,
    })
}

/// The provider's latest application, locked when `lock`.
async fn latest(conn: &mut PgConnection, provider_id: i64) -> AppResult<Option<Row>> {
    Ok(sqlx::query_as!(
        Row,
        "SELECT c.id, c.provider_id, u.display_name, c.status, c.applied_at, c.decided_at,
                c.refusal_reason, c.revoke_reason
           FROM certifications c JOIN users u ON u.id = c.provider_id
          WHERE c.provider_id = $1 ORDER BY c.id DESC LIMIT 1",
        provider_id
    )
    .fetch_optional(&mut *conn)
    .await?)
}

fn status_of(row: &Option<Row>) -> Option<Status> {
    row.as_ref().and_then(|r| Status::from_slug(&r.status))
}

fn require_provider(user: &User) -> AppResult<()> {
    if user.role == Role::Provider {
        Ok(())
    } else {
        Err(AppError::Forbidden(ProfileMsg::OnlyProvidersApply.into()))
    }
}

/// The provider's own certification page.
pub async fn mine(pool: &PgPool, user: &User) -> AppResult<MyCertification> {
    require_provider(user)?;
    let mut conn = pool.acquire().await?;
    let row = latest(&mut conn, user.id).await?;
    let can_apply = rules::next(
        status_of(&row),
        Step::Apply {
            references: rules::MIN_REFERENCES,
        },
    )
    .is_ok();
    let latest = match row {
        Some(r) => Some(application(&mut conn, r, false).await?),
        None => None,
    };
    Ok(MyCertification { latest, can_apply })
}

/// A provider applies with their client references.
#[tracing::instrument(skip(pool, forms), fields(user = user.id))]
pub async fn apply(
    pool: &PgPool,
    user: &User,
    forms: &[ReferenceForm],
    now: OffsetDateTime,
) -> AppResult<()> {
    require_provider(user)?;
    user.require_verified()?;
    if forms.len() > 3 * rules::MAX_REFERENCES {
        return Err(AppError::field(
            "references",
            rules::Refusal::TooManyReferences,
        ));
    }
    let references = rules::parse_references(forms, &user.email, now.year())?;
    let mut tx = pool.begin().await?;
    // The provider's row: two applications at once are one after the other.
    sqlx::query!("SELECT id FROM users WHERE id = $1 FOR UPDATE", user.id)
        .fetch_one(&mut *tx)
        .await?;
    let current = status_of(&latest(&mut tx, user.id).await?);
    rules::next(
        current,
        Step::Apply {
            references: references.len(),
        },
    )
    .map_err(refused)?;
    let id = sqlx::query_scalar!(
        "INSERT INTO certifications (provider_id, applied_at) VALUES ($1, $2) RETURNING id",
        user.id,
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    for (i, r) in references.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO certification_references
                    (certification_id, position, name, company, email, phone, project, amount_cents, year)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            id,
            i as i32 + 1,
            r.name,
            r.company,
            r.email,
            r.phone,
            r.project,
            r.amount.get(),
            r.year
        )
        .execute(&mut *tx)
        .await?;
    }
    let what = ProfileMsg::AppliedWith {
        references: references.len(),
    };
    history(&mut tx, (user.id, user.id), "certification_applied", what).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff's queue: applications under review, then certified providers.
pub async fn queue(pool: &PgPool, staff: &User) -> AppResult<CertificationQueue> {
    staff.require_staff()?;
    let mut conn = pool.acquire().await?;
    let rows = sqlx::query_as!(
        Row,
        "SELECT c.id, c.provider_id, u.display_name, c.status, c.applied_at, c.decided_at,
                c.refusal_reason, c.revoke_reason
           FROM certifications c JOIN users u ON u.id = c.provider_id
          WHERE c.status = 'applied' ORDER BY c.applied_at, c.id LIMIT 100"
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut waiting = vec![];
    for r in rows {
        waiting.push(application(&mut conn, r, true).await?);
    }
    let certified = sqlx::query!(
        r#"SELECT c.provider_id, u.display_name, c.decided_at AS "since!"
             FROM certifications c JOIN users u ON u.id = c.provider_id
            WHERE c.status = 'certified' ORDER BY u.display_name LIMIT 500"#
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|c| CertifiedView {
        provider_id: c.provider_id,
        provider_name: c.display_name,
        since: c.since.date(),
    })
    .collect();
    Ok(CertificationQueue { waiting, certified })
}

/// The application `id` under its row lock, for staff.
async fn locked(conn: &mut PgConnection, id: i64) -> AppResult<(i64, Status)> {
    let r = sqlx::query!(
        "SELECT provider_id, status FROM certifications WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound(ProfileMsg::NoApplication { id }.into()))?;
    let status = Status::from_slug(&r.status).ok_or_else(|| AppError::internal("a status"))?;
    Ok((r.provider_id, status))
}

/// Staff record what checking one reference found.
#[tracing::instrument(skip(pool, notes), fields(user = staff.id))]
pub async fn check_reference(
    pool: &PgPool,
    staff: &User,
    id: i64,
    position: i32,
    outcome: &str,
    notes: &str,
) -> AppResult<()> {
    staff.require_staff()?;
    let outcome = Outcome::from_slug(outcome)
        .ok_or_else(|| AppError::field("outcome", rules::Refusal::NotChecked))?;
    let notes = rules::parse_notes(notes).map_err(|m| AppError::field("notes", m))?;
    let mut tx = pool.begin().await?;
    let (provider_id, status) = locked(&mut tx, id).await?;
    rules::next(Some(status), Step::Check { outcome }).map_err(|r| match r {
        rules::Refusal::NotChecked => AppError::field("outcome", r),
        other => refused(other),
    })?;
    let r = sqlx::query!(
        "UPDATE certification_references SET outcome = $3, notes = $4, checked_at = now(), checked_by = $5
          WHERE certification_id = $1 AND position = $2 RETURNING name, company",
        id,
        position,
        outcome.slug(),
        notes,
        staff.id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound(
        ProfileMsg::NoReference { id, position }.into(),
    ))?;
    let what = ProfileMsg::ReferenceChecked {
        position,
        name: r.name,
        company: r.company,
        outcome,
        notes,
    };
    history(&mut tx, (provider_id, staff.id), "reference_checked", what).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff certify the provider (`certify`) or refuse, with a reason.
#[tracing::instrument(skip(pool, reason), fields(user = staff.id))]
pub async fn decide(
    pool: &PgPool,
    staff: &User,
    id: i64,
    certify: bool,
    reason: &str,
) -> AppResult<Msg> {
    staff.require_staff()?;
    let reason = if certify {
        None
    } else {
        Some(rules::parse_reason(reason).map_err(|m| AppError::field("reason", m))?)
    };
    let mut tx = pool.begin().await?;
    let (provider_id, status) = locked(&mut tx, id).await?;
    let confirmed = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM certification_references WHERE certification_id = $1 AND outcome = 'confirmed'"#,
        id
    )
    .fetch_one(&mut *tx)
    .await?;
    let step = if certify {
        Step::Certify {
            confirmed: usize::try_from(confirmed).unwrap_or(0),
        }
    } else {
        Step::Refuse
    };
    let to = rules::next(Some(status), step).map_err(refused)?;
    sqlx::query!(
        "UPDATE certifications SET status = $2, decided_at = now(), decided_by = $3, refusal_reason = $4
          WHERE id = $1",
        id,
        to.slug(),
        staff.id,
        reason
    )
    .execute(&mut *tx)
    .await?;
    let confirmed = usize::try_from(confirmed).unwrap_or(0);
    let (kind, told, message) = match reason {
        None => (
            "certified",
            ProfileMsg::CertifiedAfter { confirmed },
            ProfileMsg::NowCertified,
        ),
        Some(why) => (
            "certification_refused",
            ProfileMsg::RefusedBecause {
                reason: why.clone(),
            },
            ProfileMsg::NotGranted { reason: why },
        ),
    };
    history(&mut tx, (provider_id, staff.id), kind, told.clone()).await?;
    notify(
        &mut tx,
        provider_id,
        "certification",
        message,
        Some("/certification"),
    )
    .await?;
    tx.commit().await?;
    Ok(Msg::Profile(told))
}

/// Staff withdraw a provider's certification, with a reason.
#[tracing::instrument(skip(pool, reason), fields(user = staff.id))]
pub async fn revoke(pool: &PgPool, staff: &User, provider_id: i64, reason: &str) -> AppResult<()> {
    staff.require_staff()?;
    let reason = rules::parse_reason(reason).map_err(|m| AppError::field("reason", m))?;
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        "SELECT id, status FROM certifications WHERE provider_id = $1 ORDER BY id DESC LIMIT 1 FOR UPDATE",
        provider_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let (id, status) = match row {
        Some(r) => (r.id, Status::from_slug(&r.status)),
        None => (0, None),
    };
    rules::next(status, Step::Revoke).map_err(refused)?;
    sqlx::query!(
        "UPDATE certifications SET status = 'revoked', revoked_at = now(), revoked_by = $2, revoke_reason = $3
          WHERE id = $1",
        id,
        staff.id,
        reason
    )
    .execute(&mut *tx)
    .await?;
    let what = ProfileMsg::RevokedBecause {
        reason: reason.clone(),
    };
    history(
        &mut tx,
        (provider_id, staff.id),
        "certification_revoked",
        what,
    )
    .await?;
    notify(
        &mut tx,
        provider_id,
        "certification",
        ProfileMsg::Withdrawn { reason },
        Some("/certification"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
