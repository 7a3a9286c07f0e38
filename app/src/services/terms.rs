//! The terms of use: the versions staff publish, and each person's
//! acceptance of them (at sign-up, then of every new version).

use super::accounts::User;
use crate::domain::locale::Lang;
use crate::domain::msg::AccountMsg;
use crate::domain::terms::{blocks, TermsDraft};
use crate::error::{AppError, AppResult, Msg};
use crate::views::pages::TermsPage;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

/// The newest version's number (0 before any is published).
pub async fn current(db: &mut PgConnection) -> AppResult<i32> {
    Ok(
        sqlx::query_scalar!(r#"SELECT COALESCE(max(version), 0) AS "v!" FROM terms_versions"#)
            .fetch_one(db)
            .await?,
    )
}

/// A signed-in person accepts `version`, which must be the current one:
/// a page left open while staff published a newer one is told so.
pub async fn accept(
    pool: &PgPool,
    user: &User,
    version: i32,
    now: OffsetDateTime,
) -> AppResult<()> {
    let mut tx = pool.begin().await?;
    // Publishing takes this lock too: no version appears in between.
    sqlx::query!("SELECT pg_advisory_xact_lock_shared(hashtext('terms'))")
        .execute(&mut *tx)
        .await?;
    let current = current(&mut tx).await?;
    if version != current || current == 0 {
        return Err(AppError::Conflict(Msg::Account(AccountMsg::TermsChanged {
            current,
        })));
    }
    sqlx::query!(
        "INSERT INTO terms_acceptances (user_id, version, accepted_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        user.id,
        version,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether `user_id` has accepted the current version (true when none is
/// published).
pub async fn is_accepted(pool: &PgPool, user_id: i64) -> AppResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT NOT EXISTS (
             SELECT 1 FROM terms_versions v
             WHERE v.version = (SELECT max(version) FROM terms_versions)
               AND NOT EXISTS (SELECT 1 FROM terms_acceptances a
                               WHERE a.user_id = $1 AND a.version = v.version)
           ) AS "ok!""#,
        user_id
    )
    .fetch_one(pool)
    .await?)
}

/// Staff publish a new version; it becomes the one everyone is asked to
/// accept. Returns its number.
pub async fn publish(
    pool: &PgPool,
    staff: &User,
    draft: &TermsDraft,
    now: OffsetDateTime,
) -> AppResult<i32> {
    staff.require_staff()?;
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('terms'))")
        .execute(&mut *tx)
        .await?;
    let next = current(&mut tx).await? + 1;
    sqlx::query!(
        "INSERT INTO terms_versions
           (version, summary_fr, summary_en, body_fr, body_en, published_by, published_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        next,
        draft.summary_fr,
        draft.summary_en,
        draft.body_fr,
        draft.body_en,
        staff.id,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(next)
}

/// Version `version` (the newest when `None`) in `lang`, with every
/// version's date and what `reader` accepted.
pub async fn page(
    pool: &PgPool,
    reader: Option<&User>,
    lang: Lang,
    version: Option<i32>,
) -> AppResult<TermsPage> {
    let rows = sqlx::query!(
        "SELECT version, published_at, summary_fr, summary_en, body_fr, body_en
         FROM terms_versions ORDER BY version DESC"
    )
    .fetch_all(pool)
    .await?;
    let current = rows.first().map_or(0, |r| r.version);
    let wanted = version.unwrap_or(current);
    let shown = rows
        .iter()
        .find(|r| r.version == wanted)
        .ok_or(AppError::NotFound(Msg::Account(AccountMsg::NoSuchPage)))?;
    let pick = |fr: &str, en: &str| match lang {
        Lang::Fr => fr.to_owned(),
        Lang::En => en.to_owned(),
    };
    let accepted = match reader {
        Some(user) => sqlx::query!(
            "SELECT version, accepted_at FROM terms_acceptances WHERE user_id = $1 ORDER BY version DESC",
            user.id
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.version, r.accepted_at))
        .collect(),
        None => Vec::new(),
    };
    Ok(TermsPage {
        version: shown.version,
        published_at: shown.published_at,
        summary: pick(&shown.summary_fr, &shown.summary_en),
        blocks: blocks(&pick(&shown.body_fr, &shown.body_en)),
        current,
        versions: rows
            .iter()
            .map(|r| {
                (
                    r.version,
                    r.published_at,
                    pick(&r.summary_fr, &r.summary_en),
                )
            })
            .collect(),
        accepted,
        signed_in: reader.is_some(),
    })
}
