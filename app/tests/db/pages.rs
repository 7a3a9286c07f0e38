//! The contact inbox, the terms of use and the fixed pages against a real
//! PostgreSQL.

use crate::common::user;
use app::domain::account::NewAccount;
use app::domain::contact::{ContactDraft, ContactForm};
use app::domain::locale::Lang;
use app::domain::msg::AccountMsg;
use app::domain::rate_limit::Limits;
use app::domain::terms::{TermsDraft, TermsForm};
use app::error::{AppError, Msg};
use app::services::{accounts, contact, info_pages, terms};
use sqlx::PgPool;
use time::OffsetDateTime;

fn message(name: &str, email: &str, body: &str) -> ContactDraft {
    let form = ContactForm {
        name: name.into(),
        email: email.into(),
        topic: "payment".into(),
        body: body.into(),
    };
    ContactDraft::parse(&form, name.is_empty()).unwrap()
}

async fn emails_to(pool: &PgPool, to: &str) -> Vec<serde_json::Value> {
    sqlx::query_scalar("SELECT body FROM emails WHERE to_address = $1 ORDER BY id")
        .bind(to)
        .fetch_all(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_message_reaches_the_inbox_and_the_answer_goes_out_by_email(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let limits = Limits::default();
    let staff = user(&pool, "staff", "staff@example.com").await;
    let client = user(&pool, "client", "c@example.com").await;
    let visitor = message(
        "Marie Curie",
        "marie@example.fr",
        "Où en est mon virement ?",
    );
    let id = contact::send(&pool, None, &visitor, Lang::Fr, "9.9.9.9", &limits, now)
        .await
        .unwrap();
    // Signed in, the account says who writes.
    let mine = message("", "", "Please close my account next month.");
    contact::send(
        &pool,
        Some(&client),
        &mine,
        Lang::En,
        "9.9.9.9",
        &limits,
        now,
    )
    .await
    .unwrap();

    // Only staff read the inbox; waiting messages come oldest first.
    let e = contact::inbox(&pool, &client).await.unwrap_err();
    assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
    let inbox = contact::inbox(&pool, &staff).await.unwrap();
    assert_eq!(inbox.len(), 2);
    assert_eq!(
        (inbox[0].id, inbox[0].email.as_str()),
        (id, "marie@example.fr")
    );
    assert_eq!(
        (inbox[1].name.as_str(), inbox[1].email.as_str()),
        ("Someone", "c@example.com")
    );
    assert_eq!(inbox[1].user_id, Some(client.id));

    // Staff answer: one email in the message's language; the same answer
    // sent again (a double click) goes out once.
    let answer = "Le virement est parti ce matin.";
    contact::reply(&pool, &staff, id, answer, now)
        .await
        .unwrap();
    contact::reply(&pool, &staff, id, answer, now)
        .await
        .unwrap();
    let mails = emails_to(&pool, "marie@example.fr").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0]["type"], "contact_reply");
    assert_eq!(mails[0]["lang"], "fr");
    assert_eq!(mails[0]["reply"], answer);
    let inbox = contact::inbox(&pool, &staff).await.unwrap();
    let answered = inbox.iter().find(|m| m.id == id).unwrap();
    assert!(answered.answered_at.is_some());
    assert_eq!(answered.replies.len(), 1);
    assert_eq!(answered.replies[0].staff.as_deref(), Some("Staff Member"));
    // Waiting messages before answered ones.
    assert_eq!(inbox[0].user_id, Some(client.id));

    // Nobody else answers, and a message that does not exist is said so.
    let e = contact::reply(&pool, &client, id, "Hi", now)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
    let e = contact::reply(&pool, &staff, 987_654, "Hi", now)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        AppError::NotFound(Msg::Account(AccountMsg::NoSuchMessage))
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn one_network_sends_a_few_messages_an_hour(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let limits = Limits::default();
    let m = message(
        "Eve Spam",
        "eve@example.com",
        "Buy my things, buy my things.",
    );
    for _ in 0..limits.contact_messages.max {
        contact::send(&pool, None, &m, Lang::En, "6.6.6.6", &limits, now)
            .await
            .unwrap();
    }
    let e = contact::send(&pool, None, &m, Lang::En, "6.6.6.6", &limits, now)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::TooManyAttempts(Msg::Account(AccountMsg::TooManyMessages { .. }))
        ),
        "{e:?}"
    );
    // Another network may still write.
    contact::send(&pool, None, &m, Lang::En, "7.7.7.7", &limits, now)
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM contact_messages")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, i64::from(limits.contact_messages.max) + 1);
}

fn version(summary: &str) -> TermsDraft {
    let body = format!("## 1. Objet\n{}", "Texte des conditions. ".repeat(20));
    TermsDraft::parse(&TermsForm {
        summary_fr: summary.into(),
        summary_en: summary.into(),
        body_fr: body.clone(),
        body_en: body,
    })
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn terms_are_accepted_at_sign_up_and_again_for_each_new_version(pool: PgPool) {
    let now = OffsetDateTime::now_utc();
    let staff = user(&pool, "staff", "staff@example.com").await;
    let mut account =
        NewAccount::parse("n@example.com", "a good password", "Nina", "client").unwrap();
    account.accepts_terms = true;
    let nina = accounts::sign_up(&pool, account, "9.9.9.9", &Limits::default(), now)
        .await
        .unwrap();
    assert!(terms::is_accepted(&pool, nina.id).await.unwrap());
    // An account made for someone accepts on their first visit.
    let made = user(&pool, "provider", "p@example.com").await;
    assert!(!terms::is_accepted(&pool, made.id).await.unwrap());

    // Only staff publish; a new version is due from everyone.
    let e = terms::publish(&pool, &nina, &version("Nouveaux frais"), now)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden(_)), "{e:?}");
    assert_eq!(
        terms::publish(&pool, &staff, &version("Nouveaux frais"), now)
            .await
            .unwrap(),
        2
    );
    assert!(!terms::is_accepted(&pool, nina.id).await.unwrap());

    // Accepting the old version, from a page left open, is refused.
    let e = terms::accept(&pool, &nina, 1, now).await.unwrap_err();
    assert_eq!(
        e,
        AppError::Conflict(Msg::Account(AccountMsg::TermsChanged { current: 2 }))
    );
    terms::accept(&pool, &nina, 2, now).await.unwrap();
    terms::accept(&pool, &nina, 2, now).await.unwrap();
    assert!(terms::is_accepted(&pool, nina.id).await.unwrap());

    // The page: the version in force by default, an older one on demand,
    // and the dates the reader accepted.
    let page = terms::page(&pool, Some(&nina), Lang::En, None)
        .await
        .unwrap();
    assert_eq!((page.version, page.current), (2, 2));
    assert_eq!(
        page.accepted.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
        [2, 1]
    );
    assert!(!page.must_accept());
    let first = terms::page(&pool, None, Lang::Fr, Some(1)).await.unwrap();
    assert_eq!(first.version, 1);
    assert!(first.blocks.len() > 20, "{:?}", first.blocks.len());
    assert!(first.accepted.is_empty() && !first.must_accept());
    let made_page = terms::page(&pool, Some(&made), Lang::Fr, None)
        .await
        .unwrap();
    assert!(made_page.must_accept());
    let e = terms::page(&pool, None, Lang::Fr, Some(9))
        .await
        .unwrap_err();
    assert_eq!(e, AppError::NotFound(Msg::Account(AccountMsg::NoSuchPage)));
}

#[test]
fn every_fixed_page_reads_in_both_languages_at_both_addresses() {
    let slugs = info_pages::slugs();
    assert_eq!(slugs.len(), 3);
    for (fr, en) in slugs {
        for slug in [&fr, &en] {
            let f = info_pages::find(Lang::Fr, slug).unwrap();
            let e = info_pages::find(Lang::En, slug).unwrap();
            assert_eq!(f.slug, fr);
            assert_eq!(e.slug, en);
            assert_eq!(f.sections.len(), e.sections.len(), "{fr}");
            for (a, b) in f.sections.iter().zip(&e.sections) {
                assert_eq!(
                    a.paragraphs.len(),
                    b.paragraphs.len(),
                    "{fr}: {}",
                    a.heading
                );
            }
            assert_eq!(f.links.len(), e.links.len());
        }
    }
    assert_eq!(
        info_pages::find(Lang::Fr, "nowhere").unwrap_err(),
        AppError::NotFound(Msg::Account(AccountMsg::NoSuchPage))
    );
}
