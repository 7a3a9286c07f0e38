//! A person's own account: the sessions they are signed in on, moving to a
//! new email address, and deleting the account.

use crate::common::{agreed_project, en, user};
use app::domain::account::NewAccount;
use app::domain::locale::Lang;
use app::domain::msg::{AccountMsg, Msg};
use app::domain::project::ProjectForm;
use app::domain::rate_limit::Limits;
use app::domain::values::Blocker;
use app::domain::words::say;
use app::error::AppError;
use app::services::outbox::{self, Outbox, Outgoing, SendMail, Sending};
use app::services::sessions::{self, Claims, Origin};
use app::services::{account_changes, accounts, projects};
use sqlx::PgPool;
use std::sync::{Arc, Mutex};
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

/// Sends what is due and returns everything sent so far.
async fn deliver(pool: &PgPool, recorder: &Arc<Recorder>) -> Vec<Outgoing> {
    let outbox = Outbox {
        mailer: recorder.clone(),
        site: "http://market.test".into(),
    };
    outbox::send_due(pool, &outbox, OffsetDateTime::now_utc())
        .await
        .unwrap();
    recorder.0.lock().unwrap().clone()
}

fn token_in(email: &Outgoing) -> String {
    let at = email.mail.text.find("token=").expect("a link") + "token=".len();
    email.mail.text[at..at + 64].to_string()
}

fn claims(user: &accounts::User, sid: uuid::Uuid) -> Claims {
    Claims {
        user_id: user.id,
        epoch: user.session_epoch,
        sid: Some(sid),
    }
}

fn firefox() -> Origin {
    Origin {
        user_agent: "Mozilla/5.0 (Windows NT 10.0; rv:133.0) Gecko/20100101 Firefox/133.0".into(),
        address: "203.0.113.9".into(),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn sessions_are_listed_and_signed_out_one_by_one_or_all_at_once(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let nina = user(&pool, "provider", "nina@example.com").await;
    let other = user(&pool, "provider", "other@example.com").await;
    let here = sessions::open(&pool, &nina, &Origin::default(), now)
        .await
        .unwrap();
    let laptop = sessions::open(&pool, &nina, &firefox(), now).await.unwrap();
    let phone = sessions::open(&pool, &nina, &firefox(), now).await.unwrap();
    for sid in [here, laptop, phone] {
        let signed = sessions::signed_in(&pool, claims(&nina, sid))
            .await
            .unwrap();
        assert_eq!(signed.map(|u| u.id), Some(nina.id));
    }
    // Someone else's session id, or another account's claim on it, is nothing.
    let stolen = Claims {
        user_id: other.id,
        ..claims(&other, laptop)
    };
    assert_eq!(sessions::signed_in(&pool, stolen).await.unwrap(), None);
    let refused = sessions::sign_out_one(&pool, &other, &laptop.to_string(), now).await;
    assert!(matches!(refused, Err(AppError::NotFound(_))), "{refused:?}");
    let garbage = sessions::sign_out_one(&pool, &nina, "not-a-session", now).await;
    assert!(matches!(garbage, Err(AppError::NotFound(_))), "{garbage:?}");

    let listed = sessions::list(&pool, &nina, Some(here), now).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed.iter().filter(|s| s.current).count(), 1);
    assert!(listed
        .iter()
        .any(|s| s.device.browser.as_deref() == Some("Firefox")
            && s.device.system.as_deref() == Some("Windows")));

    // One signed out: that one only.
    sessions::sign_out_one(&pool, &nina, &laptop.to_string(), now)
        .await
        .unwrap();
    assert_eq!(
        sessions::signed_in(&pool, claims(&nina, laptop))
            .await
            .unwrap(),
        None
    );
    assert!(sessions::signed_in(&pool, claims(&nina, phone))
        .await
        .unwrap()
        .is_some());
    let listed = sessions::list(&pool, &nina, Some(here), now).await.unwrap();
    assert_eq!(listed.len(), 2);

    // Every other: the caller's is carried over to the new epoch.
    let moved = accounts::sign_out_others(&pool, &nina).await.unwrap();
    sessions::carry_over(&pool, here, &moved).await.unwrap();
    assert!(sessions::signed_in(&pool, claims(&moved, here))
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        sessions::signed_in(&pool, claims(&nina, phone))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        sessions::signed_in(&pool, claims(&moved, phone))
            .await
            .unwrap(),
        None
    );
    let listed = sessions::list(&pool, &moved, Some(here), now)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].current);

    // Logging out ends the row.
    sessions::end(&pool, here, now).await.unwrap();
    assert_eq!(
        sessions::signed_in(&pool, claims(&moved, here))
            .await
            .unwrap(),
        None
    );
    // A session from before rows existed is judged on its epoch alone.
    let legacy = Claims {
        user_id: moved.id,
        epoch: moved.session_epoch,
        sid: None,
    };
    assert!(sessions::signed_in(&pool, legacy).await.unwrap().is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn an_address_changes_once_the_new_one_confirms_and_the_old_one_is_told(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let limits = Limits::default();
    let nina = user(&pool, "client", "nina@example.com").await;
    user(&pool, "client", "taken@example.com").await;
    let recorder = Arc::new(Recorder::default());
    let change = |to: &'static str, pw: &'static str| {
        account_changes::request_email_change(&pool, &nina, to, pw, &limits, now)
    };

    let wrong = change("nina@new.example", "not my password").await;
    assert!(matches!(wrong, Err(AppError::Invalid(_))), "{wrong:?}");
    let taken = change("Taken@Example.com", "a good password").await;
    assert!(matches!(taken, Err(AppError::Invalid(_))), "{taken:?}");
    let same = change("nina@example.com", "a good password").await;
    assert!(matches!(same, Err(AppError::Invalid(_))), "{same:?}");
    let bad = change("not an address", "a good password").await;
    assert!(matches!(bad, Err(AppError::Invalid(_))), "{bad:?}");
    assert!(deliver(&pool, &recorder).await.is_empty(), "nothing sent");

    // A reset link sent to the old address before the move.
    accounts::request_reset(&pool, "nina@example.com", "1.1.1.1", &limits, now)
        .await
        .unwrap();
    let sent = change("Nina@New.Example", "a good password").await.unwrap();
    assert_eq!(sent, "nina@new.example");
    let mail = deliver(&pool, &recorder).await;
    let reset_token = token_in(mail.iter().find(|m| m.to == "nina@example.com").unwrap());
    let link = mail.iter().find(|m| m.to == "nina@new.example").unwrap();
    assert_eq!(
        link.mail.subject,
        "Confirmez votre nouvelle adresse e-mail · Marketplace"
    );
    let token = token_in(link);
    // Nothing changed yet.
    let still = accounts::find(&pool, nina.id).await.unwrap().unwrap();
    assert_eq!(still.email, "nina@example.com");

    // Expired after a day; then used once.
    let late = now + Duration::hours(25);
    let expired = account_changes::confirm_email_change(&pool, &token, late).await;
    assert!(
        matches!(expired, Err(AppError::Forbidden(_))),
        "{expired:?}"
    );
    let moved = account_changes::confirm_email_change(&pool, &token, now)
        .await
        .unwrap();
    assert_eq!(moved.email, "nina@new.example");
    assert!(moved.verified);
    let again = account_changes::confirm_email_change(&pool, &token, now).await;
    assert!(matches!(again, Err(AppError::Forbidden(_))), "{again:?}");
    // The old address's reset link no longer opens the account.
    let reset = accounts::reset_password(&pool, &reset_token, "a hijacked password", now).await;
    assert!(matches!(reset, Err(AppError::Forbidden(_))), "{reset:?}");

    // The old address is told; logging in takes the new one.
    let mail = deliver(&pool, &recorder).await;
    let told = mail.last().unwrap();
    assert_eq!(told.to, "nina@example.com");
    assert_eq!(
        told.mail.subject,
        "Votre adresse e-mail a été changée · Marketplace"
    );
    let log_in = |email: &'static str| {
        accounts::log_in(&pool, email, "a good password", "1.1.1.1", &limits, now)
    };
    assert!(log_in("nina@example.com").await.is_err());
    assert_eq!(log_in("nina@new.example").await.unwrap().id, nina.id);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_account_with_work_under_way_is_not_deleted(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let limits = Limits::default();
    let setup = agreed_project(&pool, "zero_risk", "client").await;
    let client_reasons = account_changes::deletion_blockers(&pool, &setup.client)
        .await
        .unwrap();
    assert!(
        client_reasons
            .iter()
            .any(|r| en(r).contains("“Booking site” is in progress")),
        "{client_reasons:?}"
    );
    let provider_reasons = account_changes::deletion_blockers(&pool, &setup.provider)
        .await
        .unwrap();
    assert!(
        provider_reasons
            .iter()
            .any(|r| en(r).contains("You are working on “Booking site”")),
        "{provider_reasons:?}"
    );
    let staff = account_changes::deletion_blockers(&pool, &setup.staff)
        .await
        .unwrap();
    assert_eq!(staff.len(), 1);

    let refused =
        account_changes::delete_account(&pool, &setup.client, "a good password", &limits, now)
            .await;
    assert!(matches!(refused, Err(AppError::Conflict(_))), "{refused:?}");
    let kept = accounts::find(&pool, setup.client.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.email, setup.client.email, "nothing erased");
    let staff_refused =
        account_changes::delete_account(&pool, &setup.staff, "staff password", &limits, now).await;
    assert!(matches!(staff_refused, Err(AppError::Conflict(_))));
    // Someone with nothing under way may go.
    let bystander = &setup.outsider_provider;
    assert!(account_changes::deletion_blockers(&pool, bystander)
        .await
        .unwrap()
        .is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn a_deleted_account_is_erased_and_its_projects_stay_anonymous(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let limits = Limits::default();
    let nina = user(&pool, "client", "nina@example.com").await;
    let form = ProjectForm {
        title: "Garden office".into(),
        description: "A small wooden office at the end of the garden.".into(),
        services: vec!["web_development".into()],
        region: "remote".into(),
        budget_min: "2000".into(),
        budget_max: "5000".into(),
        desired_start: (now.date() + Duration::days(20)).to_string(),
        phone: "06 12 34 56 78".into(),
    };
    let project = projects::create(&pool, &nina, &form, now.date())
        .await
        .unwrap();
    let blockers = account_changes::deletion_blockers(&pool, &nina)
        .await
        .unwrap();
    assert_eq!(
        blockers,
        vec![Msg::Account(AccountMsg::Blocked {
            why: Blocker::Open,
            title: "Garden office".into()
        })]
    );
    assert_eq!(
        say(Lang::En, &blockers[0]),
        "Your project “Garden office” is still open: cancel it first."
    );
    let wrong =
        account_changes::delete_account(&pool, &nina, "not my password", &limits, now).await;
    assert!(matches!(wrong, Err(AppError::Invalid(_))), "{wrong:?}");
    projects::cancel(&pool, &nina, project).await.unwrap();
    let sid = sessions::open(&pool, &nina, &firefox(), now).await.unwrap();

    account_changes::delete_account(&pool, &nina, "a good password", &limits, now)
        .await
        .unwrap();
    let gone = accounts::find(&pool, nina.id).await.unwrap().unwrap();
    assert_eq!(gone.display_name, account_changes::DELETED_NAME);
    assert_eq!(gone.email, format!("deleted-{}@deleted.invalid", nina.id));
    assert!(!gone.verified);
    assert_eq!(
        sessions::signed_in(&pool, claims(&nina, sid))
            .await
            .unwrap(),
        None
    );
    let owner: i64 = sqlx::query_scalar("SELECT client_id FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(owner, nina.id, "the project stays, anonymous");
    let left: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM user_sessions WHERE user_id = $1)
              + (SELECT count(*) FROM account_tokens WHERE user_id = $1)
              + (SELECT count(*) FROM notifications WHERE user_id = $1)
              + (SELECT count(*) FROM emails WHERE user_id = $1)",
    )
    .bind(nina.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
    // The old address is told once, then free for a new account.
    let recorder = Arc::new(Recorder::default());
    let mail = deliver(&pool, &recorder).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, "nina@example.com");
    assert_eq!(
        mail[0].mail.subject,
        "Votre compte a été supprimé · Marketplace"
    );
    let log_in = accounts::log_in(
        &pool,
        "nina@example.com",
        "a good password",
        "1.1.1.1",
        &limits,
        now,
    );
    assert!(log_in.await.is_err());
    let again = NewAccount::parse("nina@example.com", "a good password", "Nina", "client").unwrap();
    accounts::sign_up(&pool, again, "1.1.1.1", &limits, now)
        .await
        .unwrap();
}
