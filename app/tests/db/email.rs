//! The email outbox, verification links and password resets, on a real
//! PostgreSQL. Mail goes to a recorder here; `smtp_reaches_the_mail_server`
//! sends through SMTP to the test command's MailDev.

use crate::common::{en, user};
use app::domain::account::NewAccount;
use app::domain::mail::{MailBody, MAX_ATTEMPTS};
use app::domain::project::ProjectForm;
use app::domain::rate_limit::Limits;
use app::error::AppError;
use app::services::outbox::{self, Outbox, Outgoing, SendMail, Sending, Sent};
use app::services::{accounts, projects};
use sqlx::PgPool;
use std::sync::{Arc, Mutex};
use time::{Duration, OffsetDateTime};

/// Records what it is asked to send; fails while `failing` is set.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<Outgoing>>,
    failing: Mutex<bool>,
    /// Time each send takes, so parallel senders overlap.
    delay_ms: u64,
}

impl SendMail for Recorder {
    fn send<'a>(&'a self, email: &'a Outgoing) -> Sending<'a> {
        Box::pin(async move {
            if self.delay_ms > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(self.delay_ms)).await;
            }
            if *self.failing.lock().unwrap() {
                return Err("421 mail server unavailable".into());
            }
            self.sent.lock().unwrap().push(email.clone());
            Ok(())
        })
    }
}

fn outbox_with(recorder: Arc<Recorder>) -> Outbox {
    Outbox {
        mailer: recorder,
        site: "http://market.test".into(),
    }
}

fn limits() -> Limits {
    Limits::default()
}

async fn sign_up(pool: &PgPool, email: &str, now: OffsetDateTime) -> accounts::User {
    let account = NewAccount::parse(email, "a good password", "Nina", "client").unwrap();
    accounts::sign_up(pool, account, "9.9.9.9", &limits(), now)
        .await
        .unwrap()
}

/// The token in the last link sent to `to`.
fn token_sent_to(recorder: &Recorder, to: &str) -> String {
    let sent = recorder.sent.lock().unwrap();
    let email = sent.iter().rev().find(|e| e.to == to).expect("an email");
    let at = email.mail.text.find("token=").expect("a link") + "token=".len();
    email.mail.text[at..at + 64].to_string()
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn an_email_is_written_with_its_event_and_not_without_it(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let nina = user(&pool, "client", "nina@example.com").await;
    let body = MailBody::PasswordChanged {
        name: "Nina".into(),
    };

    // An event that rolls back takes its email with it.
    let mut tx = pool.begin().await.unwrap();
    outbox::enqueue(&mut tx, Some(nina.id), &nina.email, &body, now)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    let recorder = Arc::new(Recorder::default());
    let sent = outbox::send_due(&pool, &outbox_with(recorder.clone()), now)
        .await
        .unwrap();
    assert!(sent.is_empty());

    // One that commits is sent, once.
    let mut tx = pool.begin().await.unwrap();
    let id = outbox::enqueue(&mut tx, Some(nina.id), &nina.email, &body, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let sent = outbox::send_due(&pool, &outbox_with(recorder.clone()), now)
        .await
        .unwrap();
    assert_eq!(sent, vec![Sent::Sent { id }]);
    let again = outbox::send_due(&pool, &outbox_with(recorder.clone()), now)
        .await
        .unwrap();
    assert!(again.is_empty());
    {
        let mails = recorder.sent.lock().unwrap();
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].to, "nina@example.com");
        // Nina never chose a language: French, the product's own.
        assert_eq!(
            mails[0].mail.subject,
            "Votre mot de passe a été changé · Marketplace"
        );
        assert!(mails[0]
            .mail
            .html
            .starts_with("<!doctype html><html lang=\"fr\">"));
        assert!(mails[0].unsubscribe.is_none(), "an essential email");
    }

    // Once she reads the product in English, her emails are in English.
    app::services::accounts::set_lang(&pool, &nina, app::domain::locale::Lang::En)
        .await
        .unwrap();
    let mut tx = pool.begin().await.unwrap();
    outbox::enqueue(&mut tx, Some(nina.id), &nina.email, &body, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    outbox::send_due(&pool, &outbox_with(recorder.clone()), now)
        .await
        .unwrap();
    let mails = recorder.sent.lock().unwrap();
    assert_eq!(
        mails.last().unwrap().mail.subject,
        "Your password was changed · Marketplace"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn two_senders_send_each_email_once(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let nina = user(&pool, "client", "nina@example.com").await;
    let mut tx = pool.begin().await.unwrap();
    for i in 0..40 {
        let body = MailBody::PasswordChanged {
            name: format!("Nina {i}"),
        };
        outbox::enqueue(&mut tx, Some(nina.id), &nina.email, &body, now)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let recorder = Arc::new(Recorder {
        delay_ms: 5,
        ..Recorder::default()
    });
    let outbox = outbox_with(recorder.clone());
    let (a, b, c) = tokio::join!(
        outbox::send_due(&pool, &outbox, now),
        outbox::send_due(&pool, &outbox, now),
        outbox::send_due(&pool, &outbox, now),
    );
    let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
    assert_eq!(a.len() + b.len() + c.len(), 40);
    assert!(a.len() > 1 && b.len() > 1, "the senders shared the work");
    let mut names: Vec<String> = recorder
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|e| e.mail.text.lines().next().unwrap().to_string())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 40, "each email sent once");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM emails WHERE status = 'sent'").await,
        40
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_failing_mail_server_is_retried_with_back_off_then_given_up(pool: PgPool) {
    let start = OffsetDateTime::now_utc();
    let nina = user(&pool, "client", "nina@example.com").await;
    let mut tx = pool.begin().await.unwrap();
    let body = MailBody::PasswordChanged {
        name: "Nina".into(),
    };
    let id = outbox::enqueue(&mut tx, Some(nina.id), &nina.email, &body, start)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let recorder = Arc::new(Recorder::default());
    *recorder.failing.lock().unwrap() = true;
    let outbox = outbox_with(recorder.clone());

    // First attempt fails; nothing is tried again before the back-off.
    let sent = outbox::send_due(&pool, &outbox, start).await.unwrap();
    assert!(
        matches!(&sent[..], [Sent::Failed { id: i, error }] if *i == id && error.contains("421"))
    );
    let early = start + Duration::seconds(29);
    assert!(outbox::send_due(&pool, &outbox, early)
        .await
        .unwrap()
        .is_empty());

    // The server comes back: the next attempt after the back-off sends it.
    let mut now = start + Duration::seconds(30);
    *recorder.failing.lock().unwrap() = false;
    let sent = outbox::send_due(&pool, &outbox, now).await.unwrap();
    assert_eq!(sent, vec![Sent::Sent { id }]);

    // Another email meets a server that stays down: given up after
    // MAX_ATTEMPTS, then staff see it as dead.
    let mut tx = pool.begin().await.unwrap();
    let id = outbox::enqueue(&mut tx, Some(nina.id), &nina.email, &body, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    *recorder.failing.lock().unwrap() = true;
    let mut outcomes = vec![];
    for _ in 0..MAX_ATTEMPTS + 2 {
        outcomes.extend(outbox::send_due(&pool, &outbox, now).await.unwrap());
        now += Duration::hours(2);
    }
    assert_eq!(outcomes.len(), MAX_ATTEMPTS as usize);
    assert!(matches!(outcomes.last(), Some(Sent::Dead { id: i, .. }) if *i == id));
    let (status, attempts, error): (String, i32, Option<String>) =
        sqlx::query_as("SELECT status, attempts, last_error FROM emails WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), attempts), ("dead", MAX_ATTEMPTS));
    assert!(error.unwrap().contains("421"));

    // Staff see it with its error and send it again; nobody else may.
    let staff = user(&pool, "staff", "staff@example.com").await;
    let seen = app::services::email_desk::staff_view(&pool, &staff, now)
        .await
        .unwrap();
    assert_eq!(seen.dead.len(), 1);
    assert_eq!((seen.dead[0].id, seen.dead[0].attempts), (id, MAX_ATTEMPTS));
    assert!(seen.dead[0].last_error.contains("421"));
    assert_eq!((seen.pending, seen.sent_last_day), (0, 1));
    let refused = app::services::email_desk::retry(&pool, &nina, id, now).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    assert!(matches!(
        app::services::email_desk::staff_view(&pool, &nina, now).await,
        Err(AppError::Forbidden(_))
    ));
    app::services::email_desk::retry(&pool, &staff, id, now)
        .await
        .unwrap();
    let twice = app::services::email_desk::retry(&pool, &staff, id, now).await;
    assert!(matches!(twice, Err(AppError::NotFound(_))), "{twice:?}");
    *recorder.failing.lock().unwrap() = false;
    let sent = outbox::send_due(&pool, &outbox, now).await.unwrap();
    assert_eq!(sent, vec![Sent::Sent { id }]);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_account_proves_its_email_before_posting(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let nina = sign_up(&pool, "nina@example.com", now).await;
    assert!(!nina.verified);
    let form = ProjectForm {
        title: "A website for the bakery".into(),
        description: "A description that is long enough to be accepted.".into(),
        services: vec!["legal".into()],
        region: "corse".into(),
        budget_min: "1000".into(),
        budget_max: "2000".into(),
        desired_start: (now.date() + Duration::days(10)).to_string(),
        phone: "06 12 34 56 78".into(),
    };
    let refused = projects::create(&pool, &nina, &form, now.date()).await;
    assert!(
        matches!(&refused, Err(AppError::Forbidden(m)) if en(m).contains("Confirm your email address") && en(m).contains("nina@example.com")),
        "{refused:?}"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM projects").await, 0);

    let recorder = Arc::new(Recorder::default());
    let outbox = outbox_with(recorder.clone());
    outbox::send_due(&pool, &outbox, now).await.unwrap();
    let token = token_sent_to(&recorder, "nina@example.com");
    // The link's secret is not kept once sent, and only its digest is stored.
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM emails WHERE body::text LIKE '%{token}%'")
        )
        .await,
        0
    );

    let verified = accounts::verify_email(&pool, &token, now).await.unwrap();
    assert!(verified.verified);
    projects::create(&pool, &verified, &form, now.date())
        .await
        .unwrap();
    // Single use.
    let again = accounts::verify_email(&pool, &token, now).await;
    assert!(matches!(again, Err(AppError::Forbidden(_))), "{again:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn verification_links_expire_and_a_resend_voids_the_older_one(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let nina = sign_up(&pool, "nina@example.com", now).await;
    let recorder = Arc::new(Recorder::default());
    let outbox = outbox_with(recorder.clone());
    outbox::send_due(&pool, &outbox, now).await.unwrap();
    let first = token_sent_to(&recorder, "nina@example.com");

    accounts::resend_verification(&pool, &nina, &limits(), now)
        .await
        .unwrap();
    outbox::send_due(&pool, &outbox, now).await.unwrap();
    let second = token_sent_to(&recorder, "nina@example.com");
    assert_ne!(first, second);
    assert!(accounts::verify_email(&pool, &first, now).await.is_err());

    let late = now + Duration::hours(73);
    assert!(accounts::verify_email(&pool, &second, late).await.is_err());
    let in_time = now + Duration::hours(71);
    assert!(
        accounts::verify_email(&pool, &second, in_time)
            .await
            .unwrap()
            .verified
    );

    // Resends are limited.
    let other = sign_up(&pool, "otto@example.com", now).await;
    for _ in 0..limits().verification_resends.max {
        accounts::resend_verification(&pool, &other, &limits(), now)
            .await
            .unwrap();
    }
    let refused = accounts::resend_verification(&pool, &other, &limits(), now).await;
    assert!(
        matches!(refused, Err(AppError::TooManyAttempts(_))),
        "{refused:?}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reset_changes_the_password_once_and_revokes_sessions(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let nina = user(&pool, "provider", "nina@example.com").await;
    let epoch = nina.session_epoch;
    accounts::request_reset(&pool, "Nina@Example.com", "9.9.9.9", &limits(), now)
        .await
        .unwrap();
    // An unknown address is answered alike, and sends nothing.
    accounts::request_reset(&pool, "nobody@example.com", "9.9.9.9", &limits(), now)
        .await
        .unwrap();
    let recorder = Arc::new(Recorder::default());
    let outbox = outbox_with(recorder.clone());
    outbox::send_due(&pool, &outbox, now).await.unwrap();
    assert_eq!(recorder.sent.lock().unwrap().len(), 1);
    let token = token_sent_to(&recorder, "nina@example.com");

    // Too short: refused, and the link still works.
    let short = accounts::reset_password(&pool, &token, "short", now).await;
    assert!(matches!(short, Err(AppError::Invalid(_))), "{short:?}");
    // Expired after an hour.
    let late = now + Duration::minutes(61);
    assert!(
        accounts::reset_password(&pool, &token, "a brand new password", late)
            .await
            .is_err()
    );

    let (after, invited) = accounts::reset_password(&pool, &token, "a brand new password", now)
        .await
        .unwrap();
    assert!(!invited);
    assert_eq!(
        after.session_epoch,
        epoch + 1,
        "older sessions are signed out"
    );
    let limits = limits();
    assert!(accounts::log_in(
        &pool,
        "nina@example.com",
        "a good password",
        "1.1.1.1",
        &limits,
        now
    )
    .await
    .is_err());
    accounts::log_in(
        &pool,
        "nina@example.com",
        "a brand new password",
        "1.1.1.1",
        &limits,
        now,
    )
    .await
    .unwrap();
    // Single use.
    let again = accounts::reset_password(&pool, &token, "yet another password", now).await;
    assert!(matches!(again, Err(AppError::Forbidden(_))), "{again:?}");
    // The account is told.
    outbox::send_due(&pool, &outbox, now).await.unwrap();
    let sent = recorder.sent.lock().unwrap();
    assert_eq!(
        sent.last().unwrap().mail.subject,
        "Votre mot de passe a été changé · Marketplace"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn reset_requests_are_limited_per_account_and_address(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    user(&pool, "client", "nina@example.com").await;
    let limits = limits();
    for _ in 0..limits.resets_per_account.max {
        accounts::request_reset(&pool, "nina@example.com", "1.1.1.1", &limits, now)
            .await
            .unwrap();
    }
    let refused = accounts::request_reset(&pool, "nina@example.com", "2.2.2.2", &limits, now).await;
    assert!(
        matches!(refused, Err(AppError::TooManyAttempts(_))),
        "{refused:?}"
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM emails WHERE kind = 'reset'").await,
        limits.resets_per_account.max as i64
    );
    // Unknown addresses count against the asking address too.
    for i in 0..limits.resets_per_address.max - limits.resets_per_account.max {
        accounts::request_reset(&pool, &format!("x{i}@example.com"), "1.1.1.1", &limits, now)
            .await
            .unwrap();
    }
    let refused = accounts::request_reset(&pool, "y@example.com", "1.1.1.1", &limits, now).await;
    assert!(
        matches!(refused, Err(AppError::TooManyAttempts(_))),
        "{refused:?}"
    );
}

/// Through SMTP to the test command's MailDev (`MAILDEV_SMTP`,
/// `MAILDEV_URL`), read back through its API: both parts and the subject.
#[sqlx::test(migrations = "../migrations")]
async fn smtp_reaches_the_mail_server(pool: PgPool) {
    let (Ok(smtp_url), Ok(api)) = (std::env::var("MAILDEV_SMTP"), std::env::var("MAILDEV_URL"))
    else {
        eprintln!("MAILDEV_SMTP/MAILDEV_URL unset: the test command sets them; not run");
        return;
    };
    let now = OffsetDateTime::now_utc();
    let to = format!("smtp-{}@example.com", uuid::Uuid::new_v4());
    let nina = user(&pool, "client", &to).await;
    let mut tx = pool.begin().await.unwrap();
    let body = MailBody::PasswordChanged {
        name: "Nina".into(),
    };
    outbox::enqueue(&mut tx, Some(nina.id), &to, &body, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let outbox = Outbox {
        mailer: Arc::new(outbox::Smtp::from_url(&smtp_url).unwrap()),
        site: "http://market.test".into(),
    };
    let sent = outbox::send_due(&pool, &outbox, now).await.unwrap();
    assert!(matches!(&sent[..], [Sent::Sent { .. }]), "{sent:?}");

    let listing = std::process::Command::new("curl")
        .args(["-sf", &format!("{api}/api/email")])
        .output()
        .unwrap();
    let listing: serde_json::Value = serde_json::from_slice(&listing.stdout).unwrap();
    let mail = listing
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["envelope"]["to"][0]["address"] == to.as_str())
        .expect("the email reached MailDev");
    // An account that never chose a language reads French.
    assert_eq!(
        mail["subject"],
        "Votre mot de passe a été changé · Marketplace"
    );
    assert!(mail["text"].as_str().unwrap().contains("Bonjour Nina,"));
    assert!(mail["html"]
        .as_str()
        .unwrap()
        .contains("<p>Bonjour Nina,</p>"));
}
