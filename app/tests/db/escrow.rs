//! The zero-risk escrow against a real PostgreSQL: the moves and who may
//! make them, the ledger, and the races the issue names.

use crate::common::{agreed_project, en, key, Setup};

use app::domain::msg::EscrowMsg;
use app::error::{AppError, Msg};
use app::services::accounts::User;
use app::services::acting::Acting;
use app::services::escrow::{self, Direction, PayoutRefusal};
use app::services::files::FileStore;
use app::services::gateway::Gateway;
use app::services::{completion, profiles};
use app::views::escrow::{AllocationForm, EscrowViewer};
use sqlx::PgPool;

const CARD: &str = "4242 4242 4242 4242";

async fn deposit(pool: &PgPool, s: &Setup, tranche: i32, amount: &str) -> Result<Msg, AppError> {
    deposit_with(
        pool,
        &Gateway::test(),
        &s.client,
        s.project,
        tranche,
        amount,
        CARD,
        &key(),
    )
    .await
}

// What the server functions do: parse the form into a command, then act.

#[allow(clippy::too_many_arguments)]
async fn deposit_with(
    pool: &PgPool,
    gw: &Gateway,
    user: &User,
    project: i64,
    tranche: i32,
    amount: &str,
    card: &str,
    key: &str,
) -> Result<Msg, AppError> {
    let cmd = escrow::Deposit::parse(project, tranche, amount, card, key)?;
    escrow::deposit(&Acting::new(pool.clone(), gw.clone(), user.clone()), cmd).await
}

async fn let_go(
    pool: &PgPool,
    user: &User,
    project: i64,
    direction: Direction,
    tranche: i32,
    amount: &str,
    key: &str,
) -> Result<Msg, AppError> {
    let cmd = escrow::LetGo::parse(project, direction, tranche, amount, key)?;
    escrow::let_go(&acting(pool, user), cmd).await
}

async fn open_dispute(
    pool: &PgPool,
    user: &User,
    project: i64,
    reason: &str,
) -> Result<(), AppError> {
    escrow::open_dispute(&acting(pool, user), project, reason).await
}

async fn decide(
    pool: &PgPool,
    user: &User,
    project: i64,
    allocations: &[AllocationForm],
    note: &str,
    key: &str,
) -> Result<Msg, AppError> {
    let cmd = escrow::Decision::parse(project, allocations, note, key)?;
    escrow::decide(&acting(pool, user), cmd).await
}

fn acting(pool: &PgPool, user: &User) -> Acting {
    Acting::new(pool.clone(), Gateway::test(), user.clone())
}

/// (deposited, released, refunded) of one tranche.
async fn tranche(pool: &PgPool, project: i64, position: i32) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT deposited_cents, released_cents, refunded_cents FROM escrow_tranches t
           JOIN escrows e ON e.agreement_id = t.agreement_id WHERE e.project_id = $1 AND t.position = $2",
    )
    .bind(project)
    .bind(position)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The escrow ledger agrees with the tranches: what the `held` postings of
/// each tranche add up to is what the tranche holds, and every transaction
/// balances.
async fn ledger_agrees(pool: &PgPool, project: i64) {
    let unbalanced: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT transaction_id FROM escrow_entries GROUP BY transaction_id HAVING sum(amount) <> 0) x",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(unbalanced, 0);
    for position in [1, 2] {
        let (d, r, f) = tranche(pool, project, position).await;
        let held: i64 = sqlx::query_scalar(
            "SELECT coalesce(sum(amount), 0)::BIGINT FROM escrow_entries n JOIN escrow_transactions t ON t.id = n.transaction_id
               JOIN escrows e ON e.agreement_id = t.agreement_id
              WHERE e.project_id = $1 AND n.account = 'held' AND n.position = $2",
        )
        .bind(project)
        .bind(position)
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(held, d - r - f, "tranche {position}");
        assert!(r + f <= d && held >= 0);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn money_moves_by_the_rules_and_only_for_the_parties(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    let gw = Gateway::test();

    // Deposits: a replay charges once; over the plan or a declined card moves nothing.
    let k = key();
    let first = deposit_with(&pool, &gw, &s.client, s.project, 1, "1000", CARD, &k)
        .await
        .unwrap();
    let again = deposit_with(&pool, &gw, &s.client, s.project, 1, "1000", CARD, &k)
        .await
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(tranche(&pool, s.project, 1).await, (100_000, 0, 0));
    // The first deposit pays the client's fees with it: one card payment of
    // 1,000 + 175 (commission) + 105 (R0 fee), two ledgers.
    let payments: Vec<i64> =
        sqlx::query_scalar("SELECT amount_cents FROM payments WHERE purpose = 'escrow_deposit'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(payments, vec![128_000]);
    assert!(
        en(&first).contains("with it, the connection commission of €175.00 and the zero-risk fee of €105.00: €1,280.00 charged in all"),
        "{first}"
    );
    let fees_due: i64 = sqlx::query_scalar("SELECT sum(due_cents)::BIGINT FROM platform_fees")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(fees_due, 0);
    let e = deposit(&pool, &s, 2, "2500.01").await.unwrap_err();
    assert!(
        en(&e.message_for("amount").unwrap()).contains("only needs €2,500.00"),
        "{e:?}"
    );
    let e = deposit_with(
        &pool,
        &gw,
        &s.client,
        s.project,
        2,
        "100",
        "4000 0000 0000 0002",
        &key(),
    )
    .await
    .unwrap_err();
    assert!(e.message_for("card").is_some());
    assert_eq!(tranche(&pool, s.project, 2).await, (0, 0, 0));
    deposit(&pool, &s, 2, "2000").await.unwrap();

    // Who may do what.
    let refund_by_client = let_go(
        &pool,
        &s.client,
        s.project,
        Direction::Refund,
        1,
        "10",
        &key(),
    )
    .await;
    assert!(
        matches!(refund_by_client, Err(AppError::Forbidden(_))),
        "{refund_by_client:?}"
    );
    let release_by_provider = let_go(
        &pool,
        &s.provider,
        s.project,
        Direction::Release,
        1,
        "10",
        &key(),
    )
    .await;
    assert!(matches!(release_by_provider, Err(AppError::Forbidden(_))));
    for outsider in [&s.outsider_client, &s.outsider_provider] {
        assert!(matches!(
            escrow::tab(&pool, outsider, s.project).await,
            Err(AppError::NotFound(_))
        ));
        assert!(matches!(
            open_dispute(
                &pool,
                outsider,
                s.project,
                "I want to freeze a rival's escrow."
            )
            .await,
            Err(AppError::NotFound(_))
        ));
        assert!(escrow::may_watch(&pool, outsider, s.project).await.is_err());
    }
    let e = deposit_with(
        &pool,
        &gw,
        &s.outsider_client,
        s.project,
        1,
        "1",
        CARD,
        &key(),
    )
    .await;
    assert!(matches!(e, Err(AppError::NotFound(_))));
    assert!(matches!(
        escrow::desk(&pool, &s.client).await,
        Err(AppError::Forbidden(_))
    ));

    // Release in parts, never more than is held; the provider gives some back.
    let_go(
        &pool,
        &s.client,
        s.project,
        Direction::Release,
        1,
        "400",
        &key(),
    )
    .await
    .unwrap();
    let_go(
        &pool,
        &s.client,
        s.project,
        Direction::Release,
        1,
        "600",
        &key(),
    )
    .await
    .unwrap();
    let e = let_go(
        &pool,
        &s.client,
        s.project,
        Direction::Release,
        1,
        "0.01",
        &key(),
    )
    .await
    .unwrap_err();
    assert!(en(&e.message_for("amount").unwrap()).contains("held"));
    let_go(
        &pool,
        &s.provider,
        s.project,
        Direction::Refund,
        2,
        "500",
        &key(),
    )
    .await
    .unwrap();
    assert_eq!(tranche(&pool, s.project, 2).await, (200_000, 0, 50_000));

    // The tab, for each party and staff.
    let tab = escrow::tab(&pool, &s.provider, s.project).await.unwrap();
    assert_eq!(tab.viewer, EscrowViewer::Provider);
    assert_eq!(tab.totals.deposited.to_string(), "3000.00");
    assert_eq!(tab.totals.held.to_string(), "1500.00");
    assert_eq!(tab.totals.unfunded.to_string(), "500.00");
    assert_eq!(tab.payout_available.to_string(), "1000.00");
    assert!(tab
        .history
        .iter()
        .any(|h| en(&h.what).contains("Released €400.00")));
    assert_eq!(
        escrow::tab(&pool, &s.staff, s.project)
            .await
            .unwrap()
            .viewer,
        EscrowViewer::Staff
    );

    // Payouts: an invoice PDF, within what was released; staff pay once.
    let files = FileStore::new(std::env::temp_dir().join(format!("escrow-test-{}", key())));
    let pdf = b"%PDF-1.7 invoice".to_vec();
    let fake = escrow::request_payout(
        &pool,
        &files,
        &s.provider,
        s.project,
        "100",
        "invoice.pdf",
        b"<html>",
        None,
    )
    .await
    .unwrap();
    assert!(matches!(fake, Err(PayoutRefusal::Upload(_))));
    let big = [b"%PDF-".as_slice(), &vec![0u8; 6 * 1024 * 1024]].concat();
    let too_big = escrow::request_payout(
        &pool,
        &files,
        &s.provider,
        s.project,
        "100",
        "invoice.pdf",
        &big,
        None,
    )
    .await
    .unwrap();
    assert!(matches!(
        too_big,
        Err(PayoutRefusal::Upload(
            app::domain::files::UploadRefusal::TooBig
        ))
    ));
    let over = escrow::request_payout(
        &pool,
        &files,
        &s.provider,
        s.project,
        "1000.01",
        "invoice.pdf",
        &pdf,
        None,
    )
    .await
    .unwrap();
    assert!(matches!(over, Err(PayoutRefusal::Amount(_))));
    let by_client = escrow::request_payout(
        &pool,
        &files,
        &s.client,
        s.project,
        "10",
        "invoice.pdf",
        &pdf,
        None,
    )
    .await;
    assert!(matches!(by_client, Err(AppError::Forbidden(_))));
    let k = key();
    let payout = escrow::request_payout(
        &pool,
        &files,
        &s.provider,
        s.project,
        "1000",
        "invoice.pdf",
        &pdf,
        Some(&k),
    )
    .await
    .unwrap()
    .unwrap();
    let replay = escrow::request_payout(
        &pool,
        &files,
        &s.provider,
        s.project,
        "1000",
        "invoice.pdf",
        &pdf,
        Some(&k),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(payout, replay, "a second submission files nothing more");
    assert!(escrow::open_invoice(&pool, &files, &s.client, payout)
        .await
        .is_ok());
    assert!(escrow::open_invoice(&pool, &files, &s.staff, payout)
        .await
        .is_ok());
    for outsider in [&s.outsider_client, &s.outsider_provider] {
        assert!(escrow::open_invoice(&pool, &files, outsider, payout)
            .await
            .is_err());
    }
    assert!(matches!(
        escrow::mark_paid(&pool, &s.provider, payout, "VIR-123456").await,
        Err(AppError::Forbidden(_))
    ));
    assert!(escrow::mark_paid(&pool, &s.staff, payout, "")
        .await
        .unwrap_err()
        .message_for("reference")
        .is_some());
    escrow::mark_paid(&pool, &s.staff, payout, "VIR-123456")
        .await
        .unwrap();
    assert!(matches!(
        escrow::mark_paid(&pool, &s.staff, payout, "VIR-123456").await,
        Err(AppError::Conflict(_))
    ));
    let tab = escrow::tab(&pool, &s.client, s.project).await.unwrap();
    assert_eq!(tab.paid_out.to_string(), "1000.00");
    assert_eq!(
        tab.payouts[0].transfer_reference.as_deref(),
        Some("VIR-123456")
    );

    // Not settled yet: completion waits; then fund, release and complete.
    assert!(matches!(
        completion::complete(&pool, &s.client, s.project).await,
        Err(AppError::Conflict(_))
    ));
    deposit(&pool, &s, 2, "500").await.unwrap();
    let_go(
        &pool,
        &s.client,
        s.project,
        Direction::Release,
        2,
        "2000",
        &key(),
    )
    .await
    .unwrap();
    assert!(
        escrow::tab(&pool, &s.client, s.project)
            .await
            .unwrap()
            .settled
    );
    assert!(matches!(
        completion::complete(&pool, &s.provider, s.project).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        completion::rate(&pool, &s.client, s.project, 5, "").await,
        Err(AppError::Conflict(_))
    ));
    // Settled, and the fees went with the first deposit: completed.
    completion::complete(&pool, &s.client, s.project)
        .await
        .unwrap();

    // Each party rates the other once.
    assert!(completion::rate(&pool, &s.client, s.project, 6, "")
        .await
        .unwrap_err()
        .message_for("stars")
        .is_some());
    completion::rate(&pool, &s.client, s.project, 5, "On time, clear invoices.")
        .await
        .unwrap();
    assert!(matches!(
        completion::rate(&pool, &s.client, s.project, 1, "").await,
        Err(AppError::Conflict(_))
    ));
    completion::rate(&pool, &s.provider, s.project, 4, "Quick answers.")
        .await
        .unwrap();
    assert!(matches!(
        completion::rate(&pool, &s.outsider_provider, s.project, 1, "").await,
        Err(AppError::NotFound(_))
    ));
    let profile = profiles::profile(&pool, &s.client, s.provider.id)
        .await
        .unwrap();
    assert_eq!(profile.average, Some(50), "5.0 stars, in tenths");
    assert_eq!(profile.ratings[0].comment, "On time, clear invoices.");
    ledger_agrees(&pool, s.project).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_dispute_freezes_both_sides_and_staff_decide_within_what_is_held(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    deposit(&pool, &s, 2, "2500").await.unwrap();
    open_dispute(
        &pool,
        &s.client,
        s.project,
        "The build misses the booking page.",
    )
    .await
    .unwrap();
    let again = open_dispute(&pool, &s.provider, s.project, "I disagree with the client.").await;
    assert!(matches!(again, Err(AppError::Conflict(_))));
    let frozen = [
        let_go(
            &pool,
            &s.client,
            s.project,
            Direction::Release,
            2,
            "1",
            &key(),
        )
        .await,
        let_go(
            &pool,
            &s.provider,
            s.project,
            Direction::Refund,
            2,
            "1",
            &key(),
        )
        .await,
        deposit(&pool, &s, 1, "10").await,
    ];
    for r in frozen {
        assert!(
            matches!(r, Err(AppError::Conflict(ref m)) if en(m).contains("frozen")),
            "{r:?}"
        );
    }
    let desk = escrow::desk(&pool, &s.staff).await.unwrap();
    assert_eq!(desk.disputes.len(), 1);
    assert_eq!(desk.disputes[0].held.to_string(), "2500.00");

    let share = |p: &str, c: &str| AllocationForm {
        position: 2,
        to_provider: p.into(),
        to_client: c.into(),
    };
    let note = "Half of the build was delivered and works.";
    let by_client = decide(&pool, &s.client, s.project, &[share("1", "")], note, &key()).await;
    assert!(matches!(by_client, Err(AppError::Forbidden(_))));
    let too_much = decide(
        &pool,
        &s.staff,
        s.project,
        &[share("1500", "1000.01")],
        note,
        &key(),
    )
    .await;
    assert!(too_much
        .unwrap_err()
        .message_for("allocations")
        .map(|m| en(&m))
        .unwrap()
        .contains("held"));
    assert_eq!(tranche(&pool, s.project, 2).await, (250_000, 0, 0));
    decide(
        &pool,
        &s.staff,
        s.project,
        &[share("1500", "1000")],
        note,
        &key(),
    )
    .await
    .unwrap();
    assert_eq!(
        tranche(&pool, s.project, 2).await,
        (250_000, 150_000, 100_000)
    );
    let tab = escrow::tab(&pool, &s.provider, s.project).await.unwrap();
    assert!(tab.dispute.is_none());
    assert_eq!(tab.past_disputes[0].decision_note.as_deref(), Some(note));
    let no_dispute = decide(&pool, &s.staff, s.project, &[], note, &key()).await;
    assert!(matches!(no_dispute, Err(AppError::Conflict(_))));
    for party in [&s.client, &s.provider] {
        let told = app::services::notifications::list(&pool, party)
            .await
            .unwrap();
        assert!(
            told.items
                .iter()
                .any(|n| en(&n.message).contains("€1,500.00")),
            "{party:?}"
        );
    }
    ledger_agrees(&pool, s.project).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn the_same_release_from_ten_tabs_releases_once(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    deposit(&pool, &s, 2, "2500").await.unwrap();
    let k = key();
    let calls = (0..10).map(|_| {
        let (pool, client, k) = (pool.clone(), s.client.clone(), k.clone());
        tokio::spawn(async move {
            let_go(&pool, &client, s.project, Direction::Release, 2, "1000", &k).await
        })
    });
    let answers: Vec<_> = futures_join(calls).await;
    let ok: Vec<_> = answers.iter().filter_map(|r| r.as_ref().ok()).collect();
    // Each either got the first answer or was told to retry; all that
    // answered agree, and the money moved once.
    assert!(!ok.is_empty());
    assert!(ok.iter().all(|m| *m == ok[0]));
    for r in &answers {
        if let Err(e) = r {
            assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
        }
    }
    assert_eq!(tranche(&pool, s.project, 2).await, (250_000, 100_000, 0));
    let releases: i64 =
        sqlx::query_scalar("SELECT count(*) FROM escrow_transactions WHERE kind = 'release'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(releases, 1);
    ledger_agrees(&pool, s.project).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_release_racing_a_dispute_ends_in_exactly_one_order(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    deposit(&pool, &s, 2, "2500").await.unwrap();
    let k = key();
    let (release, dispute) = tokio::join!(
        let_go(
            &pool,
            &s.client,
            s.project,
            Direction::Release,
            2,
            "1000",
            &k
        ),
        open_dispute(
            &pool,
            &s.provider,
            s.project,
            "The client stopped answering me."
        )
    );
    assert!(dispute.is_ok(), "the dispute always lands: {dispute:?}");
    let (_, released, _) = tranche(&pool, s.project, 2).await;
    match release {
        // Release first, then the dispute froze what was left.
        Ok(_) => assert_eq!(released, 100_000),
        // Dispute first: the release was refused and moved nothing.
        Err(AppError::Conflict(m)) => {
            assert!(en(&m).contains("frozen"));
            assert_eq!(released, 0);
        }
        Err(e) => panic!("{e:?}"),
    }
    let tab = escrow::tab(&pool, &s.staff, s.project).await.unwrap();
    assert!(tab.dispute.is_some());
    assert_eq!(
        tab.totals.disputed.to_string(),
        if released == 0 { "2500.00" } else { "1500.00" }
    );
    ledger_agrees(&pool, s.project).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn twenty_mixed_calls_on_one_tranche_never_exceed_what_was_held(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    deposit(&pool, &s, 2, "2500").await.unwrap();
    let calls = (0..20).map(|i| {
        let (pool, client, provider) = (pool.clone(), s.client.clone(), s.provider.clone());
        let project = s.project;
        tokio::spawn(async move {
            let r = match i % 5 {
                0 | 1 => {
                    let_go(
                        &pool,
                        &client,
                        project,
                        Direction::Release,
                        2,
                        "300",
                        &key(),
                    )
                    .await
                }
                2 | 3 => {
                    let_go(
                        &pool,
                        &provider,
                        project,
                        Direction::Refund,
                        2,
                        "300",
                        &key(),
                    )
                    .await
                }
                _ => open_dispute(
                    &pool,
                    if i % 2 == 0 { &client } else { &provider },
                    project,
                    "Something went wrong here.",
                )
                .await
                .map(|_| Msg::Escrow(EscrowMsg::DisputeOpenAlready)),
            };
            (i, r)
        })
    });
    let answers = futures_join(calls).await;
    for (_, r) in &answers {
        if let Err(e) = r {
            // Refusals are the rules speaking, never a crash.
            assert!(
                matches!(e, AppError::Conflict(_) | AppError::Invalid(_)),
                "{e:?}"
            );
        }
    }
    let (d, r, f) = tranche(&pool, s.project, 2).await;
    assert!(r + f <= d, "{r} + {f} > {d}");
    let moved = answers
        .iter()
        .filter(|(i, r)| i % 5 < 4 && r.is_ok())
        .count() as i64;
    assert_eq!(r + f, moved * 30_000, "every accepted call moved once");
    let disputes: i64 = sqlx::query_scalar("SELECT count(*) FROM disputes WHERE status = 'open'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(disputes, 1, "exactly one of the four disputes opened");
    ledger_agrees(&pool, s.project).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn the_ledger_refuses_to_be_rewritten(pool: PgPool) {
    let s = agreed_project(&pool, "zero_risk", "client").await;
    deposit(&pool, &s, 1, "1000").await.unwrap();
    assert!(sqlx::query("UPDATE escrow_entries SET amount = amount * 2")
        .execute(&pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM escrow_transactions")
        .execute(&pool)
        .await
        .is_err());
    // A tranche can never release more than was deposited, whatever the code says.
    assert!(sqlx::query(
        "UPDATE escrow_tranches SET released_cents = deposited_cents + 1 WHERE position = 1"
    )
    .execute(&pool)
    .await
    .is_err());
}

/// Awaits spawned tasks, in order.
async fn futures_join<T: Send + 'static>(
    tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for t in tasks.collect::<Vec<_>>() {
        out.push(t.await.unwrap());
    }
    out
}
