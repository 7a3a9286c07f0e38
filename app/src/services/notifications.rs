//! Notifications: written in the transaction of the event they tell about,
//! so nobody is told of something that was rolled back. Each goes to the
//! bell and, by the person's choice for its kind, to an email at once
//! (queued in the outbox in that same transaction) or to the daily digest.

use super::accounts::User;
use crate::domain::msg;
use crate::domain::msg::AccountMsg;
use crate::domain::notices::{self, Channel};
use crate::error::{AppError, AppResult, Msg};
use crate::views::notifications::{
    KindSetting, NotificationList, NotificationSettings, NotificationView, SettingsGroup,
};
use sqlx::{PgConnection, PgPool};

/// How many notifications the list shows.
pub const LIST_SIZE: i64 = 50;

/// Tells `user_id` something, inside the caller's transaction.
pub async fn notify(
    conn: &mut PgConnection,
    user_id: i64,
    kind: &str,
    message: impl Into<Msg>,
    link: Option<&str>,
) -> AppResult<()> {
    notify_many(conn, &[user_id], kind, message, link).await
}

/// Tells each of `user_ids` the same thing, inside the caller's
/// transaction: the bell, then per person and by their channel for `kind`,
/// an email in the outbox (to a confirmed address only) or a line waiting
/// for their digest (when they have one).
pub async fn notify_many(
    conn: &mut PgConnection,
    user_ids: &[i64],
    kind: &str,
    message: impl Into<Msg>,
    link: Option<&str>,
) -> AppResult<()> {
    if user_ids.is_empty() {
        return Ok(());
    }
    // Kept as a kind: each reader sees it in their language.
    let what = serde_json::to_value(message.into()).map_err(AppError::internal)?;
    let default = notices::default_channel(kind).slug();
    sqlx::query!(
        r#"WITH target AS (
             SELECT u.id, u.email, u.display_name,
                    u.email_verified_at IS NOT NULL AS verified,
                    u.digest_hour IS NOT NULL AS has_digest,
                    COALESCE(s.channel, $5) AS channel
               FROM users u
               LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = $2
              WHERE u.id = ANY($1)
           ), told AS (
             INSERT INTO notifications (user_id, kind, what, link, digest_pending)
             SELECT id, $2, $3, $4, channel = 'digest' AND has_digest FROM target
           )
           INSERT INTO emails (user_id, to_address, kind, body, next_attempt_at, created_at)
           SELECT id, email, 'notice',
                  jsonb_build_object('type', 'notice', 'kind', $2::text, 'name', display_name,
                                     'message', $3::jsonb, 'link', $4::text),
                  now(), now()
             FROM target
            WHERE channel = 'email' AND verified"#,
        user_ids,
        kind,
        what,
        link,
        default
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The providers whose preferences match project `project_id` (no
/// preferences match everything).
pub async fn matching_providers(conn: &mut PgConnection, project_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(concat!(
        "SELECT u.id FROM users u
           JOIN projects p ON p.id = $1
           LEFT JOIN provider_preferences pp ON pp.provider_id = u.id
          WHERE u.role = 'provider' AND ",
        matches_preferences!(),
        " ORDER BY u.id"
    ))
    .bind(project_id)
    .fetch_all(conn)
    .await?)
}

/// The newest notifications of the signed-in person, and how many are unread.
pub async fn list(pool: &PgPool, user: &User) -> AppResult<NotificationList> {
    let rows = sqlx::query!(
        r#"SELECT id, COALESCE(what, to_jsonb(message)) AS "said!", link, created_at, read_at
             FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2"#,
        user.id,
        LIST_SIZE
    )
    .fetch_all(pool)
    .await?;
    let format = time::format_description::well_known::Rfc3339;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(NotificationView {
                id: r.id,
                message: msg::text_or_kind(r.said).map_err(AppError::internal)?,
                link: r.link,
                // HTML's `datetime` takes at most milliseconds: the
                // database's microseconds are cut.
                at: r
                    .created_at
                    .replace_millisecond(r.created_at.millisecond())
                    .map_err(AppError::internal)?
                    .format(&format)
                    .map_err(AppError::internal)?,
                read: r.read_at.is_some(),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(NotificationList {
        items,
        unread: unread(pool, user).await?,
    })
}

pub async fn unread(pool: &PgPool, user: &User) -> AppResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM notifications WHERE user_id = $1 AND read_at IS NULL"#,
        user.id
    )
    .fetch_one(pool)
    .await?)
}

/// Marks every notification of the signed-in person up to `up_to` read
/// (the newest they have seen), so one arriving meanwhile stays unread.
pub async fn mark_read(pool: &PgPool, user: &User, up_to: i64) -> AppResult<i64> {
    sqlx::query!(
        "UPDATE notifications SET read_at = now()
          WHERE user_id = $1 AND id <= $2 AND read_at IS NULL",
        user.id,
        up_to
    )
    .execute(pool)
    .await?;
    unread(pool, user).await
}

/// Turns one kind of email off (or the digest) for a one-click
/// unsubscribe link; returns the kind's slug.
pub async fn unsubscribe(
    pool: &PgPool,
    user_id: i64,
    kind: &str,
    signature: &str,
) -> AppResult<&'static str> {
    let mut tx = pool.begin().await?;
    let key = super::signing::unsubscribe_key(&mut tx).await?;
    if !super::signing::verify(&key, user_id, kind, signature) {
        return Err(AppError::Forbidden(Msg::Account(
            AccountMsg::UnsubscribeInvalid,
        )));
    }
    let label = if kind == notices::DIGEST {
        sqlx::query!("UPDATE users SET digest_hour = NULL WHERE id = $1", user_id)
            .execute(&mut *tx)
            .await?;
        notices::DIGEST
    } else {
        let found = notices::find(kind).ok_or(AppError::BadRequest(Msg::Account(
            AccountMsg::UnknownEmailKind,
        )))?;
        sqlx::query!(
            "INSERT INTO notification_settings (user_id, kind, channel) VALUES ($1, $2, 'in_app')
             ON CONFLICT (user_id, kind) DO UPDATE SET channel = 'in_app'",
            user_id,
            kind
        )
        .execute(&mut *tx)
        .await?;
        found.slug
    };
    tx.commit().await?;
    tracing::info!(user = user_id, kind, "unsubscribed");
    Ok(label)
}

/// One kind as the settings page shows it.
fn setting_of(kind: &notices::Kind, chosen: &[(String, String)]) -> KindSetting {
    let channel = chosen
        .iter()
        .find(|(k, _)| k == kind.slug)
        .and_then(|(_, c)| Channel::from_slug(c))
        .unwrap_or(kind.default);
    KindSetting {
        kind: kind.slug.to_string(),
        channel,
    }
}

/// The signed-in person's choices, every kind listed.
pub async fn settings(pool: &PgPool, user: &User) -> AppResult<NotificationSettings> {
    let chosen: Vec<(String, String)> = sqlx::query!(
        "SELECT kind, channel FROM notification_settings WHERE user_id = $1",
        user.id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.kind, r.channel))
    .collect();
    let digest_hour = sqlx::query_scalar!("SELECT digest_hour FROM users WHERE id = $1", user.id)
        .fetch_one(pool)
        .await?;
    let groups = notices::groups()
        .into_iter()
        .map(|group| SettingsGroup {
            name: group.to_string(),
            kinds: notices::KINDS
                .iter()
                .filter(|k| k.group == group)
                .map(|k| setting_of(k, &chosen))
                .collect(),
        })
        .collect();
    Ok(NotificationSettings {
        groups,
        digest_hour: digest_hour.map(|h| h as u8),
        email: user.email.clone(),
        verified: user.verified,
    })
}

/// Saves the signed-in person's choices: `choices` as `kind:channel`
/// (kinds not named keep theirs), and the digest's hour (none: no digest).
pub async fn save_settings(
    pool: &PgPool,
    user: &User,
    choices: &[String],
    digest_hour: &str,
) -> AppResult<NotificationSettings> {
    // One choice per kind at most: a body of thousands of choices is refused
    // before any is written.
    if choices.len() > notices::KINDS.len() {
        return Err(AppError::field("choices", AccountMsg::OneChoicePerKind));
    }
    let mut parsed: Vec<(&notices::Kind, Channel)> = vec![];
    for choice in choices {
        let (kind, channel) = choice
            .split_once(':')
            .and_then(|(k, c)| Some((notices::find(k)?, Channel::from_slug(c)?)))
            .ok_or_else(|| {
                AppError::field(
                    "choices",
                    msg::FormMsg::UnknownChoice {
                        value: choice.clone(),
                    },
                )
            })?;
        if parsed.iter().any(|(k, _)| k.slug == kind.slug) {
            return Err(AppError::field("choices", AccountMsg::OneChoicePerKind));
        }
        parsed.push((kind, channel));
    }
    let hour = match digest_hour.trim() {
        "" | "none" => None,
        raw => Some(
            raw.parse::<i16>()
                .ok()
                .filter(|h| (0..24).contains(h))
                .ok_or_else(|| AppError::field("digest_hour", AccountMsg::ChooseHour))?,
        ),
    };
    let mut tx = pool.begin().await?;
    for (kind, channel) in parsed {
        sqlx::query!(
            "INSERT INTO notification_settings (user_id, kind, channel) VALUES ($1, $2, $3)
             ON CONFLICT (user_id, kind) DO UPDATE SET channel = $3",
            user.id,
            kind.slug,
            channel.slug()
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!(
        "UPDATE users SET digest_hour = $2 WHERE id = $1",
        user.id,
        hour
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    settings(pool, user).await
}
