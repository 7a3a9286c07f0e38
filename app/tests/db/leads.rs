//! Referral leads, top-ups, credit requests and the half-price job against
//! a real PostgreSQL, including under concurrency.

use crate::common::{en, key, user};
use app::domain::agreement::Answer;

use app::domain::lead::{LeadForm, LeadRefusal, HALF_PRICE_AFTER_SECONDS};
use app::domain::money::Cents;
use app::domain::msg::CreditMsg;
use app::domain::payment::{TEST_CARD_DECLINED, TEST_CARD_OK};
use app::domain::project::ProjectForm;
use app::error::{AppError, Msg};
use app::services::accounts::User;
use app::services::gateway::Gateway;
use app::services::worker::{self, Ran};
use app::services::{credit_requests, credits, leads, notifications};
use app::views::leads::LeadAnswer;
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

struct World {
    pool: PgPool,
    staff: User,
    gateway: Gateway,
    jobs: worker::JobContext,
    now: OffsetDateTime,
}

async fn world(pool: PgPool) -> World {
    user(&pool, "client", "client@example.com").await;
    let staff = user(&pool, "staff", "staff@example.com").await;
    let gateway = Gateway::test();
    World {
        pool,
        staff,
        jobs: crate::common::jobs(&gateway),
        gateway,
        now: OffsetDateTime::now_utc(),
    }
}

fn form(cap: &str, half_price: bool) -> LeadForm {
    let today = OffsetDateTime::now_utc().date();
    LeadForm {
        project: ProjectForm {
            title: "Bathroom renovation".into(),
            description: "Redo a 6 m² bathroom with a walk-in shower, in Rennes.".into(),
            services: vec!["renovation".into()],
            region: "bretagne".into(),
            budget_min: "4000".into(),
            budget_max: "7000".into(),
            desired_start: (today + Duration::days(10)).to_string(),
            phone: "06 12 34 56 78".into(),
        },
        client_email: "client@example.com".into(),
        client_name: String::new(),
        price: "40.00".into(),
        cap: cap.into(),
        half_price,
    }
}

impl World {
    async fn lead(&self, cap: &str, half_price: bool) -> i64 {
        leads::create(&self.pool, &self.staff, &form(cap, half_price), self.now)
            .await
            .unwrap()
    }

    /// A provider with `euros` in their prepaid account.
    async fn provider(&self, n: usize, euros: u32) -> User {
        let p = user(&self.pool, "provider", &format!("p{n}@example.com")).await;
        if euros > 0 {
            credits::top_up(
                &self.pool,
                &self.gateway,
                &p,
                &euros.to_string(),
                TEST_CARD_OK,
                &key(),
            )
            .await
            .unwrap();
        }
        p
    }

    async fn money(&self, p: &User) -> String {
        credits::balances(&self.pool, p)
            .await
            .unwrap()
            .money
            .to_string()
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }

    async fn ledger_balanced(&self) -> bool {
        self.count(
            "SELECT count(*) FROM (SELECT transaction_id, unit FROM ledger_entries
               GROUP BY transaction_id, unit HAVING sum(amount) <> 0) u",
        )
        .await
            == 0
    }

    fn mark(&self) -> OffsetDateTime {
        self.now + Duration::seconds(HALF_PRICE_AFTER_SECONDS)
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn buying_a_lead_debits_once_and_reveals_the_client(pool: PgPool) {
    let w = world(pool).await;
    let p = w.provider(1, 100).await;
    let id = w.lead("", false).await;
    let k = key();
    let first = leads::buy(&w.pool, &p, id, &k, w.now).await.unwrap();
    assert!(first.charged);
    assert_eq!(first.paid.to_string(), "40.00");
    assert_eq!(first.balance_after.to_string(), "60.00");
    assert_eq!(first.contact.email, "client@example.com");
    assert_eq!(first.contact.phone.as_deref(), Some("+33 6 12 34 56 78"));
    // Same key: the same answer. Another key: already bought, nothing charged.
    assert_eq!(leads::buy(&w.pool, &p, id, &k, w.now).await.unwrap(), first);
    let again = leads::buy(&w.pool, &p, id, &key(), w.now).await.unwrap();
    assert!(!again.charged);
    assert_eq!(w.money(&p).await, "60.00");
    let list = leads::list(&w.pool, &p, w.now).await.unwrap();
    assert_eq!(list.len(), 1);
    assert!(matches!(list[0].answer, Some(LeadAnswer::Bought { .. })));
    assert_eq!((list[0].buyers, list[0].cap), (1, 4));
    assert!(w.ledger_balanced().await);
}

#[sqlx::test(migrations = "../migrations")]
async fn not_enough_money_changes_nothing(pool: PgPool) {
    let w = world(pool).await;
    let p = w.provider(1, 30).await;
    let id = w.lead("", false).await;
    let e = leads::buy(&w.pool, &p, id, &key(), w.now)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        AppError::Insufficient(Msg::Credit(CreditMsg::NotEnoughMoney {
            balance: Cents::new(3000),
            needed: Cents::new(4000)
        }))
    );
    assert_eq!(w.money(&p).await, "30.00");
    assert_eq!(w.count("SELECT count(*) FROM lead_responses").await, 0);
    assert_eq!(w.count("SELECT buyers::bigint FROM leads").await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn fifty_providers_buying_a_lead_capped_at_four_make_four_purchases(pool: PgPool) {
    let w = world(pool).await;
    let mut providers = Vec::new();
    for n in 0..50 {
        providers.push(w.provider(n, 100).await);
    }
    let id = w.lead("4", false).await;
    let mut tasks = Vec::new();
    for p in providers.clone() {
        let pool = w.pool.clone();
        let now = w.now;
        tasks.push(tokio::spawn(async move {
            // Each provider clicks twice, with two keys.
            let a = leads::buy(&pool, &p, id, &key(), now).await;
            let b = leads::buy(&pool, &p, id, &key(), now).await;
            (a, b)
        }));
    }
    let (mut bought, mut full) = (0, 0);
    for t in tasks {
        let (a, b) = t.await.unwrap();
        for r in [a, b] {
            match r {
                Ok(p) if p.charged => bought += 1,
                Ok(_) => {}
                Err(AppError::Conflict(m)) if en(&m).contains("all its buyers") => full += 1,
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
    }
    assert_eq!(bought, 4);
    assert_eq!(full, 92);
    assert_eq!(
        w.count("SELECT count(*) FROM ledger_transactions WHERE kind = 'purchase'")
            .await,
        4
    );
    assert_eq!(
        w.count("SELECT count(DISTINCT provider_id) FROM lead_responses WHERE response = 'bought'")
            .await,
        4
    );
    assert_eq!(w.count("SELECT buyers::bigint FROM leads").await, 4);
    let mut total_money = 0i64;
    for p in &providers {
        total_money += credits::balances(&w.pool, p).await.unwrap().money.get();
    }
    assert_eq!(total_money, 50 * 10_000 - 4 * 4_000);
    assert!(w.ledger_balanced().await);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_half_price_mark_awards_in_order_lapses_and_runs_once_with_two_workers(pool: PgPool) {
    let w = world(pool).await;
    let p1 = w.provider(1, 100).await;
    let broke = w.provider(2, 10).await;
    let p3 = w.provider(3, 100).await;
    let p4 = w.provider(4, 100).await;
    let buyer = w.provider(5, 100).await;
    let id = w.lead("3", true).await;
    // Reservations in this order: p1, broke, p3, p4; one full-price buyer.
    for p in [&p1, &broke, &p3, &p4] {
        leads::reserve(&w.pool, p, id, w.now).await.unwrap();
    }
    leads::buy(&w.pool, &buyer, id, &key(), w.now)
        .await
        .unwrap();

    // Before the mark nothing is due.
    let early = worker::run_due(&w.pool, &w.jobs, w.mark() - Duration::seconds(1))
        .await
        .unwrap();
    assert!(early.is_empty());

    // Two workers at the mark: the job runs once.
    let (a, b) = tokio::join!(
        worker::run_due(&w.pool, &w.jobs, w.mark()),
        worker::run_due(&w.pool, &w.jobs, w.mark()),
    );
    let ran: Vec<Ran> = a.unwrap().into_iter().chain(b.unwrap()).collect();
    assert_eq!(ran.len(), 1, "exactly one worker ran the job: {ran:?}");
    assert!(matches!(&ran[0], Ran::Done { outcome, .. } if outcome == "awarded 2, lapsed 2"));

    let state = |p: &User| {
        let pool = w.pool.clone();
        let id_p = p.id;
        async move {
            sqlx::query_as::<_, (Option<String>, Option<String>)>(
                "SELECT reservation, lapse_reason FROM lead_responses WHERE project_id = $1 AND provider_id = $2",
            )
            .bind(id)
            .bind(id_p)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(state(&p1).await, (Some("awarded".into()), None));
    assert_eq!(
        state(&broke).await,
        (Some("lapsed".into()), Some("cannot_pay".into()))
    );
    assert_eq!(state(&p3).await, (Some("awarded".into()), None));
    assert_eq!(
        state(&p4).await,
        (Some("lapsed".into()), Some("cap_reached".into()))
    );
    assert_eq!(w.money(&p1).await, "80.00");
    assert_eq!(w.money(&broke).await, "10.00");
    assert_eq!(w.money(&p4).await, "100.00");
    assert_eq!(w.count("SELECT buyers::bigint FROM leads").await, 3);

    // Everyone affected was told.
    for (p, word) in [
        (&p1, "awarded"),
        (&broke, "lapsed"),
        (&p3, "awarded"),
        (&p4, "lapsed"),
    ] {
        let list = notifications::list(&w.pool, p).await.unwrap();
        assert!(
            list.items.iter().any(|n| en(&n.message).contains(word)),
            "{word}: {:?}",
            list.items
        );
    }
    // Running again later does nothing.
    assert!(
        worker::run_due(&w.pool, &w.jobs, w.mark() + Duration::days(1))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(w.ledger_balanced().await);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_job_catches_up_after_downtime_and_lapses_when_the_cap_was_reached_early(pool: PgPool) {
    let w = world(pool).await;
    let waiting = w.provider(1, 100).await;
    let b1 = w.provider(2, 100).await;
    let b2 = w.provider(3, 100).await;
    let id = w.lead("2", true).await;
    leads::reserve(&w.pool, &waiting, id, w.now).await.unwrap();
    leads::buy(&w.pool, &b1, id, &key(), w.now).await.unwrap();
    // The second purchase fills the cap: the reservation lapses at once.
    leads::buy(&w.pool, &b2, id, &key(), w.now).await.unwrap();
    let list = leads::list(&w.pool, &waiting, w.now).await.unwrap();
    assert!(matches!(list[0].answer, Some(LeadAnswer::Lapsed { .. })));
    // The server was down at the mark; three days later the job still runs.
    let ran = worker::run_due(&w.pool, &w.jobs, w.mark() + Duration::days(3))
        .await
        .unwrap();
    assert!(matches!(&ran[..], [Ran::Done { outcome, .. }] if outcome == "awarded 0, lapsed 0"));
    assert_eq!(w.money(&waiting).await, "100.00");
}

#[sqlx::test(migrations = "../migrations")]
async fn reservations_and_refusals_follow_the_rules(pool: PgPool) {
    let w = world(pool).await;
    let p = w.provider(1, 100).await;
    let no_half = w.lead("", false).await;
    let e = leads::reserve(&w.pool, &p, no_half, w.now)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        AppError::Conflict(Msg::Credit(CreditMsg::Lead {
            why: LeadRefusal::NoHalfPrice
        }))
    );
    let id = w.lead("", true).await;
    let e = leads::reserve(&w.pool, &p, id, w.mark()).await.unwrap_err();
    assert_eq!(
        e,
        AppError::Conflict(Msg::Credit(CreditMsg::Lead {
            why: LeadRefusal::PastMark
        }))
    );
    leads::reserve(&w.pool, &p, id, w.now).await.unwrap();
    // Refusing cancels the reservation and hides the lead.
    leads::refuse(&w.pool, &p, id, w.now).await.unwrap();
    let ids: Vec<i64> = leads::list(&w.pool, &p, w.now)
        .await
        .unwrap()
        .iter()
        .map(|l| l.project.id)
        .collect();
    assert_eq!(ids, vec![no_half]);
    let e = leads::buy(&w.pool, &p, id, &key(), w.now)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        AppError::Conflict(Msg::Credit(CreditMsg::Lead {
            why: LeadRefusal::Refused
        }))
    );
    // A lead cannot be unlocked with credits.
    let e = credits::spend(
        &w.pool,
        &p,
        id,
        app::domain::ledger::CreditKind::Offer,
        &key(),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn leads_are_offered_to_matching_providers_only(pool: PgPool) {
    let w = world(pool).await;
    let matching = w.provider(1, 100).await;
    let other = w.provider(2, 100).await;
    let prefs = app::domain::feed::Preferences::parse(&["legal".into()], &[], "", "").unwrap();
    app::services::preferences::save(&w.pool, &other, &prefs)
        .await
        .unwrap();
    let id = w.lead("", false).await;
    assert_eq!(
        leads::list(&w.pool, &matching, w.now).await.unwrap().len(),
        1
    );
    assert!(leads::list(&w.pool, &other, w.now)
        .await
        .unwrap()
        .is_empty());
    let e = leads::buy(&w.pool, &other, id, &key(), w.now)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
    // Told at publication: the matching provider only.
    assert_eq!(notifications::unread(&w.pool, &matching).await.unwrap(), 1);
    assert_eq!(notifications::unread(&w.pool, &other).await.unwrap(), 0);
    // Staff only write leads.
    let e = leads::create(&w.pool, &matching, &form("", false), w.now)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden(_)));
}

#[sqlx::test(migrations = "../migrations")]
async fn credit_requests_one_per_purchase_refunded_when_accepted(pool: PgPool) {
    let w = world(pool).await;
    let p = w.provider(1, 100).await;
    let other = w.provider(2, 100).await;
    let first = w.lead("", false).await;
    let second = w.lead("", false).await;
    let e = credit_requests::file(&w.pool, &p, first, "The client had already chosen someone.")
        .await
        .unwrap_err();
    assert_eq!(
        e,
        AppError::Conflict(Msg::Credit(CreditMsg::Lead {
            why: LeadRefusal::NotBought
        }))
    );
    for id in [first, second] {
        leads::buy(&w.pool, &p, id, &key(), w.now).await.unwrap();
    }
    assert_eq!(w.money(&p).await, "20.00");
    let e = credit_requests::file(&w.pool, &p, first, "short")
        .await
        .unwrap_err();
    assert!(e.message_for("reason").is_some());
    let r1 = credit_requests::file(&w.pool, &p, first, "The client had already chosen someone.")
        .await
        .unwrap();
    let e = credit_requests::file(&w.pool, &p, first, "Trying a second time, just in case.")
        .await
        .unwrap_err();
    assert_eq!(
        e,
        AppError::Conflict(Msg::Credit(CreditMsg::CreditRequestFiled))
    );
    let r2 = credit_requests::file(
        &w.pool,
        &p,
        second,
        "The description was wrong about the size.",
    )
    .await
    .unwrap();
    // Nobody else reads them or decides them.
    assert!(credit_requests::mine(&w.pool, &other)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        credit_requests::queue(&w.pool, &p).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        decide(&w.pool, &p, r1.id, Answer::Accept, "", &key()).await,
        Err(AppError::Forbidden(_))
    ));
    // Refusing needs a reason.
    let e = decide(&w.pool, &w.staff, r1.id, Answer::Refuse, "", &key())
        .await
        .unwrap_err();
    assert!(e.message_for("reason").is_some());
    let refused = decide(
        &w.pool,
        &w.staff,
        r1.id,
        Answer::Refuse,
        "You called the client.",
        &key(),
    )
    .await
    .unwrap();
    assert_eq!(refused.status, "refused");
    assert_eq!(w.money(&p).await, "20.00");
    // Accepting returns the price, once, whatever the retries.
    let k = key();
    let accepted = decide(&w.pool, &w.staff, r2.id, Answer::Accept, "", &k)
        .await
        .unwrap();
    assert_eq!(
        decide(&w.pool, &w.staff, r2.id, Answer::Accept, "", &k)
            .await
            .unwrap(),
        accepted
    );
    let e = decide(&w.pool, &w.staff, r2.id, Answer::Accept, "", &key())
        .await
        .unwrap_err();
    assert_eq!(
        e,
        AppError::Conflict(Msg::Credit(CreditMsg::CreditRequestDecided {
            accepted: true
        }))
    );
    assert_eq!(w.money(&p).await, "60.00");
    let statement = credits::statement(&w.pool, &p).await.unwrap();
    assert_eq!(
        statement
            .iter()
            .filter(|l| l.movement == "purchase_refund")
            .count(),
        1
    );
    let statuses: Vec<String> = credit_requests::mine(&w.pool, &p)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, ["accepted", "refused"]);
    assert!(w.ledger_balanced().await);
}

#[sqlx::test(migrations = "../migrations")]
async fn top_ups_go_through_the_gateway_once(pool: PgPool) {
    let w = world(pool).await;
    let p = w.provider(1, 0).await;
    let e = credits::top_up(&w.pool, &w.gateway, &p, "50", TEST_CARD_DECLINED, &key())
        .await
        .unwrap_err();
    assert!(en(&e.message_for("card").unwrap()).contains("declined"));
    assert_eq!(w.count("SELECT count(*) FROM payments").await, 0);
    let e = credits::top_up(&w.pool, &w.gateway, &p, "5", TEST_CARD_OK, &key())
        .await
        .unwrap_err();
    assert!(e.message_for("amount").is_some());
    let k = key();
    let first = credits::top_up(&w.pool, &w.gateway, &p, "50", TEST_CARD_OK, &k)
        .await
        .unwrap();
    let again = credits::top_up(&w.pool, &w.gateway, &p, "50", TEST_CARD_OK, &k)
        .await
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(first.card_last4, "4242");
    assert_eq!(w.money(&p).await, "50.00");
    assert_eq!(w.count("SELECT count(*) FROM payments").await, 1);
    // Clients cannot top up.
    let client = user(&w.pool, "client", "c2@example.com").await;
    assert!(matches!(
        credits::top_up(&w.pool, &w.gateway, &client, "50", TEST_CARD_OK, &key()).await,
        Err(AppError::Forbidden(_))
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_client_can_select_a_provider_who_bought_the_lead(pool: PgPool) {
    use app::domain::agreement::AgreementForm;
    use app::services::agreements;
    let w = world(pool).await;
    let buyer = w.provider(1, 100).await;
    let refuser = w.provider(2, 100).await;
    let id = w.lead("", false).await;
    leads::buy(&w.pool, &buyer, id, &key(), w.now)
        .await
        .unwrap();
    leads::refuse(&w.pool, &refuser, id, w.now).await.unwrap();
    let client = app::services::accounts::find(
        &w.pool,
        w.count("SELECT id FROM users WHERE email = 'client@example.com'")
            .await,
    )
    .await
    .unwrap()
    .unwrap();
    let contenders = agreements::contenders_for_client(&w.pool, &client, id)
        .await
        .unwrap();
    assert_eq!(contenders.len(), 1, "only the buyer, not who refused");
    assert_eq!(contenders[0].provider_id, buyer.id);
    assert!(contenders[0].bought_lead && contenders[0].offer.is_none());
    assert!(matches!(
        agreements::contenders_for_client(&w.pool, &buyer, id).await,
        Err(AppError::Forbidden(_))
    ));
    let terms = AgreementForm {
        scope: "Redo the bathroom with a walk-in shower, as discussed.".into(),
        amount: "4200".into(),
        formula: "basic".into(),
        tranches: vec![],
        commission_payer: String::new(),
        confirmation: app::domain::agreement::confirmation_phrase(app::domain::locale::Lang::Fr)
            .into(),
    };
    agreements::propose(
        &w.pool,
        &client,
        id,
        buyer.id,
        &terms,
        app::domain::agreement::FeeRates::default(),
        w.now,
    )
    .await
    .unwrap();
}

/// What the server function does: parse the form, then decide.
async fn decide(
    pool: &sqlx::PgPool,
    user: &app::services::accounts::User,
    request: i64,
    answer: Answer,
    reason: &str,
    key: &str,
) -> Result<app::views::leads::CreditRequestView, app::error::AppError> {
    use app::services::credit_requests::CreditDecision;
    let cmd = CreditDecision::parse(request, answer, reason, key)?;
    let acting = app::services::acting::Acting::new(
        pool.clone(),
        app::services::gateway::Gateway::test(),
        user.clone(),
    );
    credit_requests::decide(&acting, cmd).await
}

/// The token of the newest invitation queued for `to`.
async fn invitation_token(pool: &PgPool, to: &str) -> String {
    let body: serde_json::Value = sqlx::query_scalar(
        "SELECT body FROM emails WHERE to_address = $1 AND kind = 'invite' ORDER BY id DESC LIMIT 1",
    )
    .bind(to)
    .fetch_one(pool)
    .await
    .unwrap();
    body["token"].as_str().unwrap().to_string()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_lead_for_a_new_address_invites_the_client(pool: PgPool) {
    let w = world(pool).await;
    let mut f = form("", false);
    f.client_email = "Nouveau@Example.com".into();

    // No account and no name: staff are asked for the name, nothing is written.
    let refused = leads::create(&w.pool, &w.staff, &f, w.now).await;
    assert!(
        matches!(&refused, Err(AppError::Invalid(e)) if e[0].field == "client_name"),
        "{refused:?}"
    );
    assert_eq!(
        w.count("SELECT count(*) FROM users WHERE email = 'nouveau@example.com'")
            .await,
        0
    );

    f.client_name = "Nina Nouveau".into();
    let id = leads::create(&w.pool, &w.staff, &f, w.now).await.unwrap();
    let client_id: i64 = sqlx::query_scalar("SELECT client_id FROM projects WHERE id = $1")
        .bind(id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let invited = app::services::accounts::find(&w.pool, client_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (invited.email.as_str(), invited.verified),
        ("nouveau@example.com", false)
    );
    // Nobody can log in before choosing a password.
    let limits = app::domain::rate_limit::Limits::default();
    assert!(app::services::accounts::log_in(
        &w.pool,
        "nouveau@example.com",
        "a good password",
        "1.1.1.1",
        &limits,
        w.now
    )
    .await
    .is_err());

    // A second lead for the same person re-invites and binds to the same account.
    let again = leads::create(&w.pool, &w.staff, &f, w.now).await.unwrap();
    let owner: i64 = sqlx::query_scalar("SELECT client_id FROM projects WHERE id = $1")
        .bind(again)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(owner, client_id);
    assert_eq!(
        w.count("SELECT count(*) FROM emails WHERE kind = 'invite'")
            .await,
        2
    );

    // The client chooses a password from the newest invitation: confirmed,
    // and both projects are theirs.
    let token = invitation_token(&w.pool, "nouveau@example.com").await;
    let (client, was_invite) =
        app::services::accounts::reset_password(&w.pool, &token, "my own passphrase", w.now)
            .await
            .unwrap();
    assert!(was_invite && client.verified);
    let mine = app::services::projects::list_for_client(&w.pool, &client)
        .await
        .unwrap();
    assert_eq!(mine.len(), 2);
    app::services::accounts::log_in(
        &w.pool,
        "nouveau@example.com",
        "my own passphrase",
        "1.1.1.1",
        &limits,
        w.now,
    )
    .await
    .unwrap();
    // No "your password was changed" for an invitation.
    assert_eq!(
        w.count("SELECT count(*) FROM emails WHERE kind = 'password_changed'")
            .await,
        0
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_lead_is_not_bound_to_an_unconfirmed_sign_up(pool: PgPool) {
    let w = world(pool).await;
    // Someone signed up with the client's address without owning it.
    let squatter = app::domain::account::NewAccount::parse(
        "real.client@example.com",
        "a good password",
        "Squatter",
        "client",
    )
    .unwrap();
    app::services::accounts::sign_up(&w.pool, squatter, "6.6.6.6", &Default::default(), w.now)
        .await
        .unwrap();
    let mut f = form("", false);
    f.client_email = "real.client@example.com".into();
    f.client_name = "Real Client".into();
    let refused = leads::create(&w.pool, &w.staff, &f, w.now).await;
    assert!(
        matches!(&refused, Err(AppError::Invalid(e)) if en(&e[0].message).contains("has not confirmed")),
        "{refused:?}"
    );
    assert_eq!(w.count("SELECT count(*) FROM projects").await, 0);
    // A provider's address is refused too.
    w.provider(1, 0).await;
    f.client_email = "p1@example.com".into();
    assert!(leads::create(&w.pool, &w.staff, &f, w.now).await.is_err());
}

#[sqlx::test(migrations = "../migrations")]
async fn staff_publish_an_open_tender_for_a_client_from_a_call(pool: PgPool) {
    use app::domain::lead::TenderForm;
    use app::services::projects;
    let w = world(pool).await;
    let matching = w.provider(1, 0).await;
    let other = w.provider(2, 0).await;
    let prefs = app::domain::feed::Preferences::parse(&["legal".into()], &[], "", "").unwrap();
    app::services::preferences::save(&w.pool, &other, &prefs)
        .await
        .unwrap();
    let mut f = TenderForm {
        project: form("", false).project,
        client_email: "Tender.Client@Example.com".into(),
        client_name: String::new(),
    };
    // Only staff; a new address needs a name; nothing is written either way.
    let client = user(&w.pool, "client", "someone@example.com").await;
    let refused = projects::create_for_client(&w.pool, &client, &f, w.now).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    let refused = projects::create_for_client(&w.pool, &w.staff, &f, w.now).await;
    assert!(
        matches!(&refused, Err(AppError::Invalid(e)) if e[0].field == "client_name"),
        "{refused:?}"
    );
    assert_eq!(w.count("SELECT count(*) FROM projects").await, 0);

    f.client_name = "Tina Tender".into();
    let id = projects::create_for_client(&w.pool, &w.staff, &f, w.now)
        .await
        .unwrap();
    let row: (String, String, i64) =
        sqlx::query_as("SELECT status, access, client_id FROM projects WHERE id = $1")
            .bind(id)
            .fetch_one(&w.pool)
            .await
            .unwrap();
    assert_eq!((row.0.as_str(), row.1.as_str()), ("published", "tender"));
    // The matching provider is told, the other is not; the invitation is out.
    let told = |who: i64| {
        let pool = w.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'project_matching'",
            )
            .bind(who)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!((told(matching.id).await, told(other.id).await), (1, 0));
    let token = invitation_token(&w.pool, "tender.client@example.com").await;
    let (tina, was_invite) =
        app::services::accounts::reset_password(&w.pool, &token, "my own passphrase", w.now)
            .await
            .unwrap();
    assert!(was_invite);
    assert_eq!(tina.id, row.2);
    let mine = projects::list_for_client(&w.pool, &tina).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].id, id);
}
