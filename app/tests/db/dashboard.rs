//! Dashboards against a real PostgreSQL: the pipeline follows a project
//! through its stages, each person sees only their own figures, and the
//! money totals always equal the escrow ledger's sums, whatever sequence of
//! moves led there.

use crate::common::{agreed_project, key, user};

use app::domain::agreement::AgreementForm;
use app::domain::ledger::{CreditKind, StaffMove};
use app::domain::offer::OfferForm;
use app::domain::pipeline::{ClientAction, NextAction, Stage};
use app::domain::project::ProjectForm;
use app::error::AppError;
use app::services::accounts::User;
use app::services::acting::Acting;
use app::services::escrow::{self, Direction};
use app::services::files::FileStore;
use app::services::gateway::Gateway;
use app::services::{agreements, credits, dashboard, offers, projects};
use app::views::dashboard::{ClientDashboard, Dashboard, ProviderDashboard, StageColumn};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

const CARD: &str = "4242 4242 4242 4242";

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

async fn provider_board(pool: &PgPool, who: &User) -> ProviderDashboard {
    dashboard::provider(pool, who, now()).await.unwrap()
}

async fn client_board(pool: &PgPool, who: &User) -> ClientDashboard {
    dashboard::client(pool, who).await.unwrap()
}

fn column(d: &ProviderDashboard, stage: Stage) -> &StageColumn {
    d.columns.iter().find(|c| c.stage == stage).unwrap()
}

/// The stage and next action of `project` on the provider's board.
fn where_is(d: &ProviderDashboard, project: i64) -> Option<(Stage, NextAction)> {
    d.columns
        .iter()
        .flat_map(|c| c.cards.iter())
        .find(|c| c.project_id == project)
        .map(|c| (c.stage, c.action))
}

/// A published open tender of `client`'s, titled `title`.
async fn published(pool: &PgPool, client: &User, staff: &User, title: &str) -> i64 {
    let today = now().date();
    let form = ProjectForm {
        title: title.into(),
        description: "A project long enough to be described properly.".into(),
        services: vec!["web_development".into()],
        region: "remote".into(),
        budget_min: "2000".into(),
        budget_max: "5000".into(),
        desired_start: (today + Duration::days(9)).to_string(),
        phone: "06 12 34 56 78".into(),
    };
    let id = projects::create(pool, client, &form, today).await.unwrap();
    projects::validate(pool, staff, id).await.unwrap();
    id
}

/// `provider` spends one credit of `kind` on `project` (granted first).
async fn unlock(pool: &PgPool, staff: &User, provider: &User, project: i64, kind: CreditKind) {
    credits::grant(
        pool,
        staff,
        &provider.email,
        kind,
        "1",
        "for the test",
        StaffMove::Grant,
        &key(),
    )
    .await
    .unwrap();
    credits::spend(pool, provider, project, kind, &key())
        .await
        .unwrap();
}

async fn offer(pool: &PgPool, provider: &User, project: i64) -> i64 {
    let form = OfferForm {
        amount: "3500".into(),
        duration_days: "30".into(),
        message: "I built three booking sites last year.".into(),
    };
    offers::save(pool, provider, project, &form)
        .await
        .unwrap()
        .id
}

fn zero_risk_terms() -> AgreementForm {
    AgreementForm {
        scope: "Design and build the booking site, two rounds of changes.".into(),
        amount: "3500".into(),
        formula: "zero_risk".into(),
        tranches: vec![
            ("Design".into(), "1000".into()),
            ("Build".into(), "2500".into()),
        ],
        commission_payer: "client".into(),
        confirmation: app::domain::agreement::confirmation_phrase(app::domain::locale::Lang::Fr)
            .into(),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_provider_sees_each_project_move_through_the_pipeline(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let paul = user(&pool, "provider", "paul@example.com").await;
    let rival = user(&pool, "provider", "rival@example.com").await;
    let project = published(&pool, &client, &staff, "Booking site").await;

    // Nothing engaged: not in the pipeline, but among the matching projects.
    let d = provider_board(&pool, &paul).await;
    assert!(d.columns.iter().all(|c| c.count == 0));
    assert!(d.matches.iter().any(|m| m.project_id == project));

    unlock(&pool, &staff, &paul, project, CreditKind::Consultation).await;
    let d = provider_board(&pool, &paul).await;
    assert_eq!(
        where_is(&d, project),
        Some((Stage::Unlocked, NextAction::UnlockOffer))
    );
    assert!(
        !d.matches.iter().any(|m| m.project_id == project),
        "engaged projects leave the matches"
    );

    unlock(&pool, &staff, &paul, project, CreditKind::Offer).await;
    let d = provider_board(&pool, &paul).await;
    assert_eq!(
        where_is(&d, project),
        Some((Stage::Unlocked, NextAction::MakeOffer))
    );

    let paul_offer = offer(&pool, &paul, project).await;
    unlock(&pool, &staff, &rival, project, CreditKind::Offer).await;
    offer(&pool, &rival, project).await;
    let d = provider_board(&pool, &paul).await;
    assert_eq!(
        where_is(&d, project),
        Some((Stage::OfferSent, NextAction::WaitForReading))
    );

    offers::open(&pool, &client, paul_offer).await.unwrap();
    let d = provider_board(&pool, &paul).await;
    assert_eq!(
        where_is(&d, project),
        Some((Stage::OfferRead, NextAction::FollowUp))
    );
    // The rival's offer was not opened: their card says so.
    let r = provider_board(&pool, &rival).await;
    assert_eq!(
        where_is(&r, project),
        Some((Stage::OfferSent, NextAction::WaitForReading))
    );

    let id = agreements::propose(
        &pool,
        &client,
        project,
        paul.id,
        &zero_risk_terms(),
        Default::default(),
        now(),
    )
    .await
    .unwrap();
    let d = provider_board(&pool, &paul).await;
    assert_eq!(
        where_is(&d, project),
        Some((Stage::Selected, NextAction::ConfirmAgreement))
    );
    let c = client_board(&pool, &client).await;
    assert_eq!(c.waiting.len(), 1);
    assert_eq!(c.projects[0].action, ClientAction::AwaitConfirmation);

    agreements::confirm(&pool, &paul, id, now()).await.unwrap();
    let d = provider_board(&pool, &paul).await;
    assert_eq!(
        where_is(&d, project),
        Some((Stage::InProgress, NextAction::AwaitDeposit))
    );
    assert_eq!(column(&d, Stage::InProgress).count, 1);
    let r = provider_board(&pool, &rival).await;
    assert_eq!(
        where_is(&r, project),
        Some((
            Stage::Lost,
            NextAction::Lost(app::domain::pipeline::LostWhy::AnotherProvider)
        ))
    );

    // The client owes the fees first, then the deposit.
    let c = client_board(&pool, &client).await;
    assert!(matches!(c.projects[0].action, ClientAction::PayFees { .. }));
    assert_eq!(
        c.fees.len(),
        2,
        "the connection commission and the zero-risk fee"
    );
    assert_eq!(c.escrow_totals.planned.get(), 350_000);
}

#[sqlx::test(migrations = "../migrations")]
async fn money_shows_on_the_cards_and_in_the_totals(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    let acting = |u: &User| Acting::new(pool.clone(), Gateway::test(), u.clone());
    let cmd = escrow::Deposit::parse(s.project, 1, "1000", CARD, &key()).unwrap();
    escrow::deposit(&acting(&s.client), cmd).await.unwrap();
    let d = provider_board(&pool, &s.provider).await;
    assert_eq!(
        where_is(&d, s.project),
        Some((
            Stage::InProgress,
            NextAction::DeliverFunded { cents: 100_000 }
        ))
    );

    let cmd = escrow::LetGo::parse(s.project, Direction::Release, 1, "400", &key()).unwrap();
    escrow::let_go(&acting(&s.client), cmd).await.unwrap();
    let d = provider_board(&pool, &s.provider).await;
    assert_eq!(
        where_is(&d, s.project),
        Some((
            Stage::InProgress,
            NextAction::RequestPayout { cents: 40_000 }
        ))
    );
    assert_eq!(d.totals.released.get(), 40_000);
    assert_eq!(d.totals.held.get(), 60_000);
    assert_eq!(d.totals.payable().get(), 40_000);
    let this_month = d.earned_per_month.last().unwrap();
    assert_eq!(
        this_month.value, 40_000,
        "the release counts in this month's bar"
    );
    assert_eq!(d.earned_per_month.len(), 12);
    assert_eq!(d.spent_per_week.len(), 12);
    assert_eq!(
        d.spent_per_week.last().unwrap().value,
        1,
        "the offer credit spent this week"
    );

    // Nobody else sees these figures: another provider's board is empty,
    // and a client or staff cannot open a provider's board at all.
    let other = provider_board(&pool, &s.outsider_provider).await;
    assert!(other.earnings.is_empty() && other.totals.released.is_zero());
    assert!(other.columns.iter().all(|c| c.count == 0));
    assert!(matches!(
        dashboard::provider(&pool, &s.client, now()).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        dashboard::client(&pool, &s.provider).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        dashboard::staff(&pool, &s.client).await,
        Err(AppError::Forbidden(_))
    ));
    let outsider = client_board(&pool, &s.outsider_client).await;
    assert!(outsider.projects.is_empty() && outsider.escrow.is_empty() && outsider.fees.is_empty());

    // The first deposit paid the client's fees with it: staff's board
    // counts no unpaid fee.
    let Dashboard::Staff(staff) = dashboard::load(&pool, &s.staff, now()).await.unwrap() else {
        panic!("staff get the staff board")
    };
    assert_eq!(staff.fees_unpaid, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn new_matching_projects_are_the_ones_since_the_previous_visit(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let paul = user(&pool, "provider", "paul@example.com").await;
    let first = published(&pool, &client, &staff, "First project").await;
    let t0 = now();
    let d = dashboard::provider(&pool, &paul, t0).await.unwrap();
    assert!(
        d.previous_visit.is_none(),
        "a first visit has nothing to compare with"
    );
    assert!(d.matches.iter().all(|m| !m.new));

    // Within the same sitting, the first visit stays the reference.
    let d = dashboard::provider(&pool, &paul, t0 + Duration::minutes(20))
        .await
        .unwrap();
    assert!(d.previous_visit.is_none());

    let second = published(&pool, &client, &staff, "Second project").await;
    let later = now() + Duration::hours(2);
    let d = dashboard::provider(&pool, &paul, later).await.unwrap();
    assert!(d.previous_visit.is_some());
    let fresh: Vec<i64> = d
        .matches
        .iter()
        .filter(|m| m.new)
        .map(|m| m.project_id)
        .collect();
    assert_eq!(fresh, vec![second]);
    assert!(d.matches.iter().any(|m| m.project_id == first && !m.new));
}

/// One thing a party does to an escrow, drawn at random.
#[derive(Debug, Clone)]
enum Move {
    Deposit(i32, i64),
    Release(i32, i64),
    GiveBack(i32, i64),
    Payout(i64),
    PayLast,
}

fn a_move() -> impl Strategy<Value = Move> {
    // Amounts small enough that most moves pass and some are refused.
    let tranche = 1..=2i32;
    let euros = 1..=700i64;
    prop_oneof![
        3 => (tranche.clone(), euros.clone()).prop_map(|(t, e)| Move::Deposit(t, e)),
        3 => (tranche.clone(), euros.clone()).prop_map(|(t, e)| Move::Release(t, e)),
        1 => (tranche, euros).prop_map(|(t, e)| Move::GiveBack(t, e)),
        2 => (1..=150i64).prop_map(Move::Payout),
        1 => Just(Move::PayLast),
    ]
}

/// A confirmed zero-risk agreement between the two on a new project.
async fn agreement(pool: &PgPool, client: &User, provider: &User, staff: &User, n: usize) -> i64 {
    let project = published(pool, client, staff, &format!("Escrow project {n}")).await;
    unlock(pool, staff, provider, project, CreditKind::Offer).await;
    offer(pool, provider, project).await;
    let id = agreements::propose(
        pool,
        client,
        project,
        provider.id,
        &zero_risk_terms(),
        Default::default(),
        now(),
    )
    .await
    .unwrap();
    agreements::confirm(pool, provider, id, now())
        .await
        .unwrap();
    project
}

/// Plays `moves` on `project`; refused moves change nothing and are skipped.
async fn play(
    pool: &PgPool,
    s: (&User, &User, &User),
    project: i64,
    moves: &[Move],
    files: &FileStore,
) {
    let (client, provider, staff) = s;
    let acting = |u: &User| Acting::new(pool.clone(), Gateway::test(), u.clone());
    let mut last_payout = None;
    for m in moves {
        match *m {
            Move::Deposit(t, e) => {
                let cmd = escrow::Deposit::parse(project, t, &e.to_string(), CARD, &key()).unwrap();
                let _ = escrow::deposit(&acting(client), cmd).await;
            }
            Move::Release(t, e) | Move::GiveBack(t, e) => {
                let (who, dir) = match m {
                    Move::Release(..) => (client, Direction::Release),
                    _ => (provider, Direction::Refund),
                };
                let cmd = escrow::LetGo::parse(project, dir, t, &e.to_string(), &key()).unwrap();
                let _ = escrow::let_go(&acting(who), cmd).await;
            }
            Move::Payout(e) => {
                let filed = escrow::request_payout(
                    pool,
                    files,
                    provider,
                    project,
                    &e.to_string(),
                    "invoice.pdf",
                    b"%PDF-1.7 x",
                    None,
                )
                .await
                .unwrap();
                if let Ok(id) = filed {
                    last_payout = Some(id);
                }
            }
            Move::PayLast => {
                if let Some(id) = last_payout.take() {
                    escrow::mark_paid(pool, staff, id, "VIR-0001")
                        .await
                        .unwrap();
                }
            }
        }
    }
}

/// The escrow ledger's sums over every escrow of `column` = `who`:
/// (deposited, held, released, requested, paid, refunded).
async fn ledger_sums(pool: &PgPool, column: &str, who: i64) -> [i64; 6] {
    let sum = |account: &'static str| {
        format!(
            "(SELECT coalesce(sum(en.amount), 0)::BIGINT FROM escrow_entries en
               JOIN escrow_transactions tx ON tx.id = en.transaction_id
               JOIN escrows e ON e.agreement_id = tx.agreement_id
              WHERE e.{column} = $1 AND en.account = '{account}')"
        )
    };
    let sql = format!(
        "SELECT -{}, {}, {} + {} + {}, {} + {}, {}, {}",
        sum("client_funds"),
        sum("held"),
        sum("provider_owed"),
        sum("payout_pending"),
        sum("transferred"),
        sum("payout_pending"),
        sum("transferred"),
        sum("transferred"),
        sum("client_owed"),
    );
    let row: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(&sql)
        .bind(who)
        .fetch_one(pool)
        .await
        .unwrap();
    [row.0, row.1, row.2, row.3, row.4, row.5]
}

#[sqlx::test(migrations = "../migrations")]
async fn dashboard_totals_equal_the_ledger_sums_after_any_sequence_of_moves(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let provider = user(&pool, "provider", "p@example.com").await;
    let files = FileStore::new(std::env::temp_dir().join(format!("dashboard-test-{}", key())));
    let mut runner = TestRunner::deterministic();
    let sequences = proptest::collection::vec(a_move(), 4..24);
    for n in 0..24 {
        let moves = sequences.new_tree(&mut runner).unwrap().current();
        let project = agreement(&pool, &client, &provider, &staff, n).await;
        play(&pool, (&client, &provider, &staff), project, &moves, &files).await;

        let [deposited, held, released, requested, paid, refunded] =
            ledger_sums(&pool, "provider_id", provider.id).await;
        let p = provider_board(&pool, &provider).await;
        let t = p.totals;
        assert_eq!(
            [
                t.held.get(),
                t.released.get(),
                t.requested.get(),
                t.paid.get()
            ],
            [held, released, requested, paid],
            "provider totals after {moves:?}"
        );
        let by_line: i64 = p.earnings.iter().map(|l| l.money.released.get()).sum();
        assert_eq!(by_line, released, "the lines add up to the total");

        let c = client_board(&pool, &client).await;
        let e = c.escrow_totals;
        assert_eq!(
            [
                e.deposited.get(),
                e.held.get(),
                e.released.get(),
                e.refunded.get()
            ],
            [deposited, held, released, refunded],
            "client totals after {moves:?}"
        );
        assert_eq!(e.planned.get(), 350_000 * (n as i64 + 1));
    }
    // The sequences drawn reached every kind of money, so every total was tested.
    let [deposited, held, released, requested, paid, refunded] =
        ledger_sums(&pool, "provider_id", provider.id).await;
    assert!(
        [deposited, held, released, requested, paid, refunded]
            .iter()
            .all(|x| *x > 0),
        "{:?}",
        [deposited, held, released, requested, paid, refunded]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_hidden_project_leaves_the_feed_the_matches_and_the_digest_until_shown_again(
    pool: PgPool,
) {
    use app::domain::feed::FeedQuery;
    use app::services::hidden;
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let paul = user(&pool, "provider", "paul@example.com").await;
    let rival = user(&pool, "provider", "rival@example.com").await;
    let project = published(&pool, &client, &staff, "Booking site").await;
    let in_feed = |who: User| {
        let pool = pool.clone();
        async move {
            let query = FeedQuery::parse(&Default::default()).unwrap();
            let page = projects::feed(&pool, &who, query, false).await.unwrap();
            page.items.iter().any(|p| p.id == project)
        }
    };
    let pending_lines = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM notifications WHERE user_id = $1 AND digest_pending",
        )
        .bind(paul.id)
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    assert!(in_feed(paul.clone()).await);
    // New matching projects wait for the daily digest by default.
    assert_eq!(pending_lines().await, 1);

    hidden::hide(&pool, &paul, project, now()).await.unwrap();
    hidden::hide(&pool, &paul, project, now()).await.unwrap();
    assert!(!in_feed(paul.clone()).await, "hidden from Paul's feed");
    assert!(in_feed(rival.clone()).await, "and only from his");
    let d = provider_board(&pool, &paul).await;
    assert!(!d.matches.iter().any(|m| m.project_id == project));
    assert_eq!(pending_lines().await, 0, "nor does it wait in his digest");
    let list = hidden::list(&pool, &paul).await.unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].open);

    hidden::unhide(&pool, &paul, project).await.unwrap();
    assert!(in_feed(paul.clone()).await);
    assert!(hidden::list(&pool, &paul).await.unwrap().is_empty());

    // Only providers hide, and only what they may see.
    assert!(matches!(
        hidden::hide(&pool, &client, project, now()).await,
        Err(AppError::Forbidden(_))
    ));
    let today = now().date();
    let pending = projects::create(
        &pool,
        &client,
        &ProjectForm {
            title: "Not validated yet".into(),
            description: "A project still waiting for staff to look at it.".into(),
            services: vec!["web_development".into()],
            region: "remote".into(),
            budget_min: "100".into(),
            budget_max: "200".into(),
            desired_start: (today + Duration::days(5)).to_string(),
            phone: "06 12 34 56 78".into(),
        },
        today,
    )
    .await
    .unwrap();
    assert!(matches!(
        hidden::hide(&pool, &paul, pending, now()).await,
        Err(AppError::NotFound(_))
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_client_phone_is_required_checked_and_revealed_by_the_contact_credit(pool: PgPool) {
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let paul = user(&pool, "provider", "paul@example.com").await;
    let today = now().date();
    let mut form = ProjectForm {
        title: "Booking site".into(),
        description: "A project long enough to be described properly.".into(),
        services: vec!["web_development".into()],
        region: "remote".into(),
        budget_min: "2000".into(),
        budget_max: "5000".into(),
        desired_start: (today + Duration::days(9)).to_string(),
        phone: "call me".into(),
    };
    let refused = projects::create(&pool, &client, &form, today)
        .await
        .unwrap_err();
    assert!(refused.message_for("phone").is_some(), "{refused:?}");
    form.phone = "06.12.34.56.78".into();
    let project = projects::create(&pool, &client, &form, today)
        .await
        .unwrap();

    // Staff see it in the queue; providers do not, until the contact credit.
    let queue = projects::validation_queue(&pool, &staff, 1).await.unwrap();
    assert_eq!(
        queue.items[0].client_phone.as_deref(),
        Some("+33 6 12 34 56 78")
    );
    projects::validate(&pool, &staff, project).await.unwrap();
    assert_eq!(
        projects::view(&pool, &paul, project)
            .await
            .unwrap()
            .client_phone,
        None
    );
    assert!(credits::access(&pool, &paul, project)
        .await
        .unwrap()
        .contact
        .is_none());
    unlock(&pool, &staff, &paul, project, CreditKind::Contact).await;
    let contact = credits::access(&pool, &paul, project)
        .await
        .unwrap()
        .contact
        .unwrap();
    assert_eq!(contact.phone.as_deref(), Some("+33 6 12 34 56 78"));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_commission_the_provider_agreed_to_pay_shows_on_their_dashboard_not_the_client_s(
    pool: PgPool,
) {
    let s = agreed_project(&pool, "basic", "provider").await;
    let p = provider_board(&pool, &s.provider).await;
    assert_eq!(p.fees.len(), 1);
    assert_eq!(p.fees[0].kind, app::domain::agreement::FeeKind::Connection);
    assert_eq!(p.fees[0].due.get(), 17_500, "5 % of 3,500 €");
    let c = client_board(&pool, &s.client).await;
    assert!(c.fees.is_empty());
    assert_eq!(
        where_is(&p, s.project),
        Some((Stage::InProgress, NextAction::Deliver))
    );
    assert_eq!(c.projects[0].action, ClientAction::FollowWork);
}
