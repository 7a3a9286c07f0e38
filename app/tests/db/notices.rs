//! Notifications by email: each person's channel per kind, the daily
//! digest (once per day and person, merged after downtime) and one-click
//! unsubscribe, on a real PostgreSQL.

use crate::common::user;
use app::domain::project::ProjectForm;
use app::error::AppError;
use app::services::accounts::User;
use app::services::outbox::{self, Outbox, Outgoing, SendMail, Sending};
use app::services::{digests, notifications, projects, signing};
use sqlx::PgPool;
use std::sync::{Arc, Mutex};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

#[derive(Default)]
struct Recorder(Mutex<Vec<Outgoing>>);

impl SendMail for Recorder {
    fn send<'a>(&'a self, email: &'a Outgoing) -> Sending<'a> {
        Box::pin(async move {
            self.0.lock().unwrap().push(email.clone());
            Ok(())
        })
    }
}

fn form(title: &str) -> ProjectForm {
    ProjectForm {
        title: title.into(),
        description: "A description that is long enough to be accepted.".into(),
        services: vec!["legal".into()],
        region: "corse".into(),
        budget_min: "1000".into(),
        budget_max: "2000".into(),
        desired_start: (OffsetDateTime::now_utc().date() + Duration::days(10)).to_string(),
        phone: "06 12 34 56 78".into(),
    }
}

async fn published(pool: &PgPool, client: &User, staff: &User, title: &str) -> i64 {
    let today = OffsetDateTime::now_utc().date();
    let id = projects::create(pool, client, &form(title), today)
        .await
        .unwrap();
    projects::validate(pool, staff, id).await.unwrap();
    id
}

/// (kind, to) of every notice email queued, in order.
async fn notice_emails(pool: &PgPool) -> Vec<(String, String)> {
    sqlx::query_as("SELECT body->>'kind', to_address FROM emails WHERE kind = 'notice' ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn pending(pool: &PgPool, user: &User) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1 AND digest_pending")
        .bind(user.id)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn each_notice_goes_by_the_persons_channel_for_its_kind(pool: PgPool) {
    let client = user(&pool, "client", "claire@example.com").await;
    let staff = user(&pool, "staff", "staff@example.com").await;
    let paul = user(&pool, "provider", "paul@example.com").await;
    let sofia = user(&pool, "provider", "sofia@example.com").await;
    published(&pool, &client, &staff, "A first project").await;

    // Defaults: the client's decision by email at once; the new matching
    // project in each provider's digest, not by email.
    assert_eq!(
        notice_emails(&pool).await,
        vec![(
            "project_validated".to_string(),
            "claire@example.com".to_string()
        )]
    );
    assert_eq!(
        (pending(&pool, &paul).await, pending(&pool, &sofia).await),
        (1, 1)
    );

    // Paul wants matching projects at once; Sofia in the app only.
    let paul_choice = vec!["project_matching:email".to_string()];
    notifications::save_settings(&pool, &paul, &paul_choice, "8")
        .await
        .unwrap();
    let sofia_choice = vec!["project_matching:in_app".to_string()];
    notifications::save_settings(&pool, &sofia, &sofia_choice, "8")
        .await
        .unwrap();
    published(&pool, &client, &staff, "A second project").await;
    let emails = notice_emails(&pool).await;
    assert!(emails.contains(&("project_matching".into(), "paul@example.com".into())));
    assert!(!emails.iter().any(|(_, to)| to == "sofia@example.com"));
    assert_eq!(
        (pending(&pool, &paul).await, pending(&pool, &sofia).await),
        (1, 1)
    );
    let bells: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1")
        .bind(sofia.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(bells, 2, "the bell has everything whatever the channel");

    // A rejection tells the client why; a settings typo changes nothing.
    let pending_id = projects::create(
        &pool,
        &client,
        &form("Rejected one"),
        OffsetDateTime::now_utc().date(),
    )
    .await
    .unwrap();
    projects::reject(&pool, &staff, pending_id, "The budget is missing its VAT.")
        .await
        .unwrap();
    let told: String = sqlx::query_scalar(
        "SELECT body->>'message' FROM emails WHERE body->>'kind' = 'project_rejected'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(told.contains("The budget is missing its VAT."), "{told}");
    let typo = vec!["project_matching:fax".to_string()];
    let refused = notifications::save_settings(&pool, &paul, &typo, "8").await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    // Many choices (the same kind over and over) are refused, nothing written.
    let flood = vec!["offer_read:in_app".to_string(); 3000];
    let refused = notifications::save_settings(&pool, &paul, &flood, "8").await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    let twice = vec![
        "offer_read:in_app".to_string(),
        "offer_read:email".to_string(),
    ];
    let refused = notifications::save_settings(&pool, &paul, &twice, "8").await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    let offer_read: Option<String> = sqlx::query_scalar(
        "SELECT channel FROM notification_settings WHERE user_id = $1 AND kind = 'offer_read'",
    )
    .bind(paul.id)
    .fetch_optional(&pool)
    .await
    .unwrap();
    assert_eq!(offer_read, None);
    let hour = notifications::save_settings(&pool, &paul, &[], "24").await;
    assert!(matches!(hour, Err(AppError::Invalid(_))), "{hour:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unconfirmed_address_gets_no_notice_email(pool: PgPool) {
    let client = user(&pool, "client", "claire@example.com").await;
    let staff = user(&pool, "staff", "staff@example.com").await;
    let today = OffsetDateTime::now_utc().date();
    let id = projects::create(&pool, &client, &form("My project"), today)
        .await
        .unwrap();
    // The address is no longer confirmed (as after a change of address):
    // told in the bell only.
    sqlx::query("UPDATE users SET email_verified_at = NULL WHERE id = $1")
        .bind(client.id)
        .execute(&pool)
        .await
        .unwrap();
    projects::validate(&pool, &staff, id).await.unwrap();
    assert!(notice_emails(&pool).await.is_empty());
    let bells: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1")
        .bind(client.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(bells, 1);
}

/// A project_matching notification for `who`, dated `at`.
async fn told_at(pool: &PgPool, who: &User, message: &str, at: OffsetDateTime) {
    let mut conn = pool.acquire().await.unwrap();
    notifications::notify(
        &mut conn,
        who.id,
        "project_matching",
        app::domain::msg::Msg::Legacy(message.to_owned()),
        Some("/projects/1"),
    )
    .await
    .unwrap();
    sqlx::query(
        "UPDATE notifications SET created_at = $2 WHERE user_id = $1 AND what #>> '{}' = $3",
    )
    .bind(who.id)
    .bind(at)
    .bind(message)
    .execute(pool)
    .await
    .unwrap();
}

async fn digests_of(pool: &PgPool, who: &User) -> Vec<(time::Date, i32)> {
    sqlx::query_as("SELECT day, items FROM digests WHERE user_id = $1 ORDER BY day")
        .bind(who.id)
        .fetch_all(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn the_digest_goes_once_a_day_at_its_hour_and_merges_missed_days(pool: PgPool) {
    let paul = user(&pool, "provider", "paul@example.com").await;
    // Digest at 08:00 Paris (07:00 UTC in November).
    told_at(&pool, &paul, "Project A", datetime!(2026-11-20 10:00 UTC)).await;
    told_at(&pool, &paul, "Project B", datetime!(2026-11-20 18:00 UTC)).await;

    // Before the hour: nothing yet.
    let early = datetime!(2026-11-21 06:30 UTC);
    assert_eq!(digests::run_due(&pool, early).await.unwrap(), 0);
    // At the hour, two instances at once: one digest.
    let at = datetime!(2026-11-21 07:00 UTC);
    let (a, b) = tokio::join!(digests::run_due(&pool, at), digests::run_due(&pool, at));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    let day = time::macros::date!(2026 - 11 - 21);
    assert_eq!(digests_of(&pool, &paul).await, vec![(day, 2)]);

    // Something new after the hour waits for tomorrow's digest.
    told_at(&pool, &paul, "Project C", datetime!(2026-11-21 09:00 UTC)).await;
    let later = datetime!(2026-11-21 20:00 UTC);
    assert_eq!(digests::run_due(&pool, later).await.unwrap(), 0);

    // Two days of downtime (the 22nd and 23rd): the next run sends one
    // digest, for the 24th, with everything that waited.
    told_at(&pool, &paul, "Project D", datetime!(2026-11-23 12:00 UTC)).await;
    let back = datetime!(2026-11-24 09:00 UTC);
    assert_eq!(digests::run_due(&pool, back).await.unwrap(), 1);
    assert_eq!(digests::run_due(&pool, back).await.unwrap(), 0);
    let dates: Vec<_> = digests_of(&pool, &paul).await;
    assert_eq!(
        dates,
        vec![(day, 2), (time::macros::date!(2026 - 11 - 24), 2)],
        "one merged digest, none for the missed days"
    );

    // Sent as emails with their lines and a one-click unsubscribe.
    let recorder = Arc::new(Recorder::default());
    let outbox = Outbox {
        mailer: recorder.clone(),
        site: "http://market.test".into(),
    };
    outbox::send_due(&pool, &outbox, back).await.unwrap();
    let sent = recorder.0.lock().unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].mail.subject,
        "Votre récapitulatif du jour\u{202f}: 2 nouveautés · Marketplace"
    );
    assert!(sent[0]
        .mail
        .text
        .contains("- Project A\n  http://market.test/projects/1"));
    assert!(sent[1].mail.text.contains("- Project C") && sent[1].mail.text.contains("- Project D"));
    let link = sent[1].unsubscribe.clone().expect("a one-click link");
    assert!(link.starts_with(&format!(
        "http://market.test/unsubscribe?u={}&k=digest&s=",
        paul.id
    )));
    assert!(sent[1].mail.text.contains(&link));
}

#[sqlx::test(migrations = "../migrations")]
async fn nothing_waiting_no_digest_and_no_digest_hour_no_digest(pool: PgPool) {
    let paul = user(&pool, "provider", "paul@example.com").await;
    let sofia = user(&pool, "provider", "sofia@example.com").await;
    let at = datetime!(2026-11-21 09:00 UTC);
    assert_eq!(digests::run_due(&pool, at).await.unwrap(), 0);
    assert!(digests_of(&pool, &paul).await.is_empty());
    // Sofia has no digest: what she chose for it stays in the bell.
    notifications::save_settings(&pool, &sofia, &[], "none")
        .await
        .unwrap();
    told_at(&pool, &sofia, "Project A", datetime!(2026-11-20 10:00 UTC)).await;
    assert_eq!(pending(&pool, &sofia).await, 0);
    assert_eq!(digests::run_due(&pool, at).await.unwrap(), 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn unsubscribing_needs_the_right_signature(pool: PgPool) {
    let paul = user(&pool, "provider", "paul@example.com").await;
    let key = {
        let mut conn = pool.acquire().await.unwrap();
        signing::unsubscribe_key(&mut conn).await.unwrap()
    };
    let channel = |kind: &'static str| {
        let pool = pool.clone();
        let paul = paul.clone();
        async move {
            let s = notifications::settings(&pool, &paul).await.unwrap();
            s.groups
                .into_iter()
                .flat_map(|g| g.kinds)
                .find(|k| k.kind == kind)
                .unwrap()
                .channel
        }
    };
    use app::domain::notices::Channel;
    let wrong = signing::sign(&key, paul.id + 1, "offer_read");
    let refused = notifications::unsubscribe(&pool, paul.id, "offer_read", &wrong).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    assert_eq!(channel("offer_read").await, Channel::Email);

    let right = signing::sign(&key, paul.id, "offer_read");
    let slug = notifications::unsubscribe(&pool, paul.id, "offer_read", &right)
        .await
        .unwrap();
    assert_eq!(slug, "offer_read");
    assert_eq!(channel("offer_read").await, Channel::InApp);

    let digest = signing::sign(&key, paul.id, "digest");
    notifications::unsubscribe(&pool, paul.id, "digest", &digest)
        .await
        .unwrap();
    let s = notifications::settings(&pool, &paul).await.unwrap();
    assert_eq!(s.digest_hour, None);
}
