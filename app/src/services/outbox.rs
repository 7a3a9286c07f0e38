//! The email outbox. An email is a row written in the transaction of the
//! event that causes it (so a rolled-back event sends nothing); senders take
//! due rows with `FOR UPDATE SKIP LOCKED`, send them by SMTP while holding
//! the row's lock and mark them sent in that transaction, so each is sent
//! once whatever the number of senders or instances. A failed send is tried
//! again with back-off and given up as `dead` after `MAX_ATTEMPTS`, for
//! staff to see and send again.
//!
//! Should a sender die between the SMTP server's "accepted" and the commit,
//! the row is still pending and is sent again: at least once, never lost.

use crate::domain::locale::Lang;
use crate::domain::mail::{self, MailBody, Rendered};
use crate::error::{AppError, AppResult};
use sqlx::{PgConnection, PgPool};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// One email to hand to the mail server.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub to: String,
    pub mail: Rendered,
    /// The one-click unsubscribe address (RFC 8058), for emails one may turn off.
    pub unsubscribe: Option<String>,
}

pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Something that delivers email: SMTP in the product, a recorder in tests.
pub trait SendMail: Send + Sync {
    fn send<'a>(&'a self, email: &'a Outgoing) -> Sending<'a>;
}

pub type Mailer = Arc<dyn SendMail>;

/// What the senders need besides the database.
#[derive(Clone)]
pub struct Outbox {
    pub mailer: Mailer,
    /// The public address links point to, without a trailing slash.
    pub site: String,
}

/// Queues `body` for `to`, in the caller's transaction.
pub async fn enqueue(
    conn: &mut PgConnection,
    user_id: Option<i64>,
    to: &str,
    body: &MailBody,
    now: OffsetDateTime,
) -> AppResult<i64> {
    let json = serde_json::to_value(body).map_err(AppError::internal)?;
    Ok(sqlx::query_scalar!(
        "INSERT INTO emails (user_id, to_address, kind, body, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        user_id,
        to,
        body.kind(),
        json,
        now
    )
    .fetch_one(conn)
    .await?)
}

/// What one send did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Sent {
        id: i64,
    },
    /// It failed and will be tried again later.
    Failed {
        id: i64,
        error: String,
    },
    /// It failed for the last time.
    Dead {
        id: i64,
        error: String,
    },
}

/// How long one SMTP conversation may take before it counts as failed.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Takes the oldest due email, if any, and sends it.
pub async fn send_one(
    pool: &PgPool,
    outbox: &Outbox,
    now: OffsetDateTime,
) -> AppResult<Option<Sent>> {
    let mut tx = pool.begin().await?;
    let Some(row) = sqlx::query!(
        r#"SELECT e.id, e.user_id, e.to_address, e.body, e.attempts,
                  (SELECT u.lang FROM users u WHERE u.id = e.user_id) AS "lang?"
             FROM emails e
            WHERE e.status = 'pending' AND e.next_attempt_at <= $1
            ORDER BY e.next_attempt_at, e.id
            LIMIT 1
            FOR UPDATE OF e SKIP LOCKED"#,
        now
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let body: MailBody = match serde_json::from_value(row.body) {
        Ok(body) => body,
        Err(e) => {
            let error = format!("unreadable email: {e}");
            give_up(&mut tx, row.id, row.attempts + 1, &error).await?;
            tx.commit().await?;
            return Ok(Some(Sent::Dead { id: row.id, error }));
        }
    };
    let unsubscribe = match (body.unsubscribes(), row.user_id) {
        (Some(kind), Some(user_id)) => {
            let key = super::signing::unsubscribe_key(&mut tx).await?;
            Some(super::signing::unsubscribe_url(
                &outbox.site,
                &key,
                user_id,
                kind,
            ))
        }
        _ => None,
    };
    let email = Outgoing {
        to: row.to_address,
        // In the language the person chose (at sign-up, the page's);
        // French, the product's own, for an account that never chose.
        mail: mail::render(
            &body,
            row.lang
                .as_deref()
                .and_then(Lang::from_code)
                .unwrap_or(Lang::Fr),
            &outbox.site,
            unsubscribe.as_deref(),
        ),
        unsubscribe,
    };
    let result = match tokio::time::timeout(SEND_TIMEOUT, outbox.mailer.send(&email)).await {
        Ok(result) => result,
        Err(_) => Err("the mail server did not answer in time".into()),
    };
    let sent = record(&mut tx, row.id, row.attempts + 1, &body, result, now).await?;
    tx.commit().await?;
    match &sent {
        Sent::Sent { id } => tracing::info!(email = id, "email sent"),
        Sent::Failed { id, error } => {
            tracing::warn!(email = id, %error, "email not sent; will retry")
        }
        Sent::Dead { id, error } => tracing::error!(email = id, %error, "email given up"),
    }
    Ok(Some(sent))
}

/// Writes down how a send went: sent (its secret dropped), to be tried
/// again after a back-off, or given up.
async fn record(
    conn: &mut PgConnection,
    id: i64,
    attempts: i32,
    body: &MailBody,
    result: Result<(), String>,
    now: OffsetDateTime,
) -> AppResult<Sent> {
    Ok(match result {
        Ok(()) => {
            let kept = serde_json::to_value(body.without_secrets()).map_err(AppError::internal)?;
            sqlx::query!(
                "UPDATE emails SET status = 'sent', sent_at = $2, attempts = $3, body = $4,
                        last_error = NULL
                  WHERE id = $1",
                id,
                now,
                attempts,
                kept
            )
            .execute(conn)
            .await?;
            Sent::Sent { id }
        }
        Err(error) if attempts >= mail::MAX_ATTEMPTS => {
            give_up(conn, id, attempts, &error).await?;
            Sent::Dead { id, error }
        }
        Err(error) => {
            let next = now + Duration::seconds(mail::retry_delay_secs(attempts - 1));
            sqlx::query!(
                "UPDATE emails SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1",
                id,
                attempts,
                next,
                error
            )
            .execute(conn)
            .await?;
            Sent::Failed { id, error }
        }
    })
}

async fn give_up(conn: &mut PgConnection, id: i64, attempts: i32, error: &str) -> AppResult<()> {
    sqlx::query!(
        "UPDATE emails SET status = 'dead', attempts = $2, last_error = $3 WHERE id = $1",
        id,
        attempts,
        error
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Sends every email due at `now`; returns what happened to each.
pub async fn send_due(pool: &PgPool, outbox: &Outbox, now: OffsetDateTime) -> AppResult<Vec<Sent>> {
    let mut done = vec![];
    while let Some(s) = send_one(pool, outbox, now).await? {
        done.push(s);
    }
    Ok(done)
}

/// The channel a sender is woken on when an email commits.
pub const QUEUED_CHANNEL: &str = "email_queued";

/// How often senders look anyway (for retries that come due, and in case
/// a wake-up was missed while the listener reconnected).
const POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Starts `senders` sending tasks for the life of the server, woken at once
/// when an email is queued (by any instance) and every few seconds anyway.
pub fn spawn(pool: PgPool, outbox: Outbox, senders: usize) -> Vec<tokio::task::JoinHandle<()>> {
    let wake = Arc::new(tokio::sync::Notify::new());
    let mut tasks = vec![tokio::spawn(listen(pool.clone(), wake.clone()))];
    for _ in 0..senders.max(1) {
        let (pool, outbox, wake) = (pool.clone(), outbox.clone(), wake.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let _ = tokio::time::timeout(POLL_EVERY, wake.notified()).await;
                if let Err(e) = send_due(&pool, &outbox, OffsetDateTime::now_utc()).await {
                    tracing::warn!(error = %e, "email sender: could not send due emails");
                    tokio::time::sleep(POLL_EVERY).await;
                }
            }
        }));
    }
    tasks
}

/// Listens for queued emails and wakes every sender.
async fn listen(pool: PgPool, wake: Arc<tokio::sync::Notify>) {
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "email sender: cannot listen; polling only");
                tokio::time::sleep(POLL_EVERY).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(QUEUED_CHANNEL).await {
            tracing::warn!(error = %e, "email sender: cannot listen; polling only");
            tokio::time::sleep(POLL_EVERY).await;
            continue;
        }
        // Whatever was queued while not listening.
        wake.notify_waiters();
        while listener.recv().await.is_ok() {
            wake.notify_waiters();
        }
    }
}

/// The mail server, reached by SMTP.
pub struct Smtp {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

/// The sender address when `SMTP_URL` names none.
pub const DEFAULT_FROM: &str = "Marketplace <no-reply@marketplace.localhost>";

impl Smtp {
    /// From an address like `smtp://user:pass@host:587?tls=required&from=…`
    /// (`smtps://` for TLS from the start, `tls=opportunistic` to upgrade
    /// when offered, none for plain SMTP on loopback); `from` is the
    /// sender, percent-encoded.
    pub fn from_url(raw: &str) -> Result<Smtp, String> {
        let url = url::Url::parse(raw).map_err(|e| format!("not an address: {e}"))?;
        let from = url
            .query_pairs()
            .find(|(k, _)| k == "from")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| DEFAULT_FROM.to_string());
        let from = from
            .parse()
            .map_err(|e| format!("from={from:?} is not an email sender: {e}"))?;
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(raw)
            .map_err(|e| e.to_string())?
            .timeout(Some(SEND_TIMEOUT))
            .build();
        Ok(Smtp { transport, from })
    }

    fn message(&self, email: &Outgoing) -> Result<lettre::Message, String> {
        use lettre::message::header::{HeaderName, HeaderValue};
        use lettre::message::MultiPart;
        let to = email
            .to
            .parse()
            .map_err(|e| format!("bad recipient {:?}: {e}", email.to))?;
        let mut builder = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.mail.subject.clone());
        if let Some(link) = &email.unsubscribe {
            let header = |name: &str, value: String| {
                HeaderValue::new(
                    HeaderName::new_from_ascii(name.into()).expect("ascii"),
                    value,
                )
            };
            builder = builder
                .raw_header(header("List-Unsubscribe", format!("<{link}>")))
                .raw_header(header(
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                email.mail.text.clone(),
                email.mail.html.clone(),
            ))
            .map_err(|e| e.to_string())
    }
}

impl SendMail for Smtp {
    fn send<'a>(&'a self, email: &'a Outgoing) -> Sending<'a> {
        Box::pin(async move {
            use lettre::AsyncTransport;
            let message = self.message(email)?;
            self.transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    }
}
