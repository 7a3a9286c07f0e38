//! The contact page and the staff inbox: anyone's message is kept for
//! staff, who answer by email through the outbox; each answer is kept with
//! who wrote it, and the message counts as answered.

use super::accounts::User;
use super::{outbox, rate_limits};
use crate::domain::contact::{ContactDraft, Topic};
use crate::domain::locale::Lang;
use crate::domain::mail::MailBody;
use crate::domain::msg::{AccountMsg, FormMsg};
use crate::domain::rate_limit::Limits;
use crate::error::{AppError, AppResult, Msg};
use crate::views::pages::{ContactMessage, ContactReply};
use sqlx::PgPool;
use time::OffsetDateTime;

/// How many messages the inbox shows: every waiting one, then the newest
/// answered ones up to this many in all.
const INBOX: i64 = 200;

/// Keeps a message for staff. Counted per account when signed in, per
/// network address otherwise, before anything is written.
pub async fn send(
    pool: &PgPool,
    who: Option<&User>,
    draft: &ContactDraft,
    lang: Lang,
    address: &str,
    limits: &Limits,
    now: OffsetDateTime,
) -> AppResult<i64> {
    let key = match who {
        Some(user) => format!("user:{}", user.id),
        None => format!("address:{address}"),
    };
    if let Err(minutes) =
        rate_limits::hit(pool, "contact", &key, limits.contact_messages, now).await?
    {
        return Err(AppError::TooManyAttempts(Msg::Account(
            AccountMsg::TooManyMessages { minutes },
        )));
    }
    let (user_id, name, email) = match (who, &draft.sender) {
        (Some(user), _) => (Some(user.id), user.display_name.clone(), user.email.clone()),
        (None, Some(sender)) => (None, sender.name.clone(), sender.email.as_str().to_owned()),
        (None, None) => return Err(AppError::field("email", Msg::Form(FormMsg::Required))),
    };
    Ok(sqlx::query_scalar!(
        "INSERT INTO contact_messages (user_id, name, email, topic, body, lang, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        user_id,
        name,
        email,
        draft.topic.slug(),
        draft.body,
        lang.code(),
        now
    )
    .fetch_one(pool)
    .await?)
}

/// The inbox: messages waiting for an answer (oldest first), then the
/// answered ones (newest first). Staff only.
pub async fn inbox(pool: &PgPool, staff: &User) -> AppResult<Vec<ContactMessage>> {
    staff.require_staff()?;
    let rows = sqlx::query!(
        r#"SELECT id, user_id, name, email, topic, body, lang, created_at, answered_at
           FROM contact_messages
           ORDER BY answered_at IS NOT NULL,
                    CASE WHEN answered_at IS NULL THEN created_at END ASC,
                    created_at DESC
           LIMIT $1"#,
        INBOX
    )
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let replies = sqlx::query!(
        r#"SELECT r.message_id, u.display_name AS "staff?", r.body, r.created_at
           FROM contact_replies r LEFT JOIN users u ON u.id = r.staff_id
           WHERE r.message_id = ANY($1) ORDER BY r.id"#,
        &ids
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let topic = Topic::from_slug(&r.topic)
                .ok_or_else(|| AppError::internal(format!("unknown topic {}", r.topic)))?;
            Ok(ContactMessage {
                id: r.id,
                user_id: r.user_id,
                name: r.name,
                email: r.email,
                topic,
                body: r.body,
                lang: Lang::from_code(&r.lang).unwrap_or_default(),
                created_at: r.created_at,
                answered_at: r.answered_at,
                replies: replies
                    .iter()
                    .filter(|x| x.message_id == r.id)
                    .map(|x| ContactReply {
                        staff: x.staff.clone(),
                        body: x.body.clone(),
                        created_at: x.created_at,
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Staff answer message `id` by email. The message's row is locked, so
/// two staff answering at once queue; the same text sent twice in a row
/// (a double click, a resent form) goes out once.
pub async fn reply(
    pool: &PgPool,
    staff: &User,
    id: i64,
    reply: &str,
    now: OffsetDateTime,
) -> AppResult<()> {
    staff.require_staff()?;
    let mut tx = pool.begin().await?;
    let message = sqlx::query!(
        "SELECT user_id, name, email, topic, body, lang FROM contact_messages WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound(Msg::Account(AccountMsg::NoSuchMessage)))?;
    let last = sqlx::query_scalar!(
        "SELECT body FROM contact_replies WHERE message_id = $1 ORDER BY id DESC LIMIT 1",
        id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if last.as_deref() == Some(reply) {
        return Ok(());
    }
    let mail = MailBody::ContactReply {
        name: message.name,
        question: message.body,
        reply: reply.to_owned(),
        lang: Lang::from_code(&message.lang).unwrap_or_default(),
    };
    let email_id = outbox::enqueue(&mut tx, message.user_id, &message.email, &mail, now).await?;
    sqlx::query!(
        "INSERT INTO contact_replies (message_id, staff_id, body, email_id, created_at)
         VALUES ($1, $2, $3, $4, $5)",
        id,
        staff.id,
        reply,
        email_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE contact_messages SET answered_at = COALESCE(answered_at, $2) WHERE id = $1",
        id,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
