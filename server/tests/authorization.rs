//! The authorization matrix: every server function, called by a visitor,
//! the client who owns the objects, another client, the provider who is a
//! party to them, another provider, and staff; one expected answer per
//! cell, from one table. A refused call changes nothing, and a record a
//! caller may not see is answered exactly like one that does not exist.

mod common;
use common::*;

use app::domain::agreement::AgreementForm;
use app::domain::lead::LeadForm;
use app::domain::payment::TEST_CARD_OK;
use app::domain::project::ProjectForm;
use app::services::accounts::User;
use app::services::acting::Acting;
use app::services::escrow::Direction;
use app::services::files::FileStore;
use app::services::gateway::Gateway;
use app::services::{agreements, credit_requests, credits, escrow, leads, projects};
use http::StatusCode;
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

/// The callers, in the order of every row's answers.
const CALLERS: [&str; 6] = [
    "visitor",
    "owner",
    "other client",
    "party",
    "other provider",
    "staff",
];

struct People {
    cookies: [Option<String>; 6],
    owner: User,
    party: User,
    staff: User,
}

async fn people(app: &axum::Router, pool: &PgPool) -> People {
    let owner = sign_up(app, pool, "client", "owner@example.com").await;
    let other_client = sign_up(app, pool, "client", "other-client@example.com").await;
    let party = sign_up(app, pool, "provider", "party@example.com").await;
    let other_provider = sign_up(app, pool, "provider", "other-provider@example.com").await;
    let staff = staff_cookie(app, pool).await;
    People {
        cookies: [
            None,
            Some(owner),
            Some(other_client),
            Some(party),
            Some(other_provider),
            Some(staff),
        ],
        owner: user_by_email(pool, "owner@example.com").await,
        party: user_by_email(pool, "party@example.com").await,
        staff: user_by_email(pool, "staff@example.com").await,
    }
}

/// The objects one row works on, all fresh.
struct Objects {
    /// In progress, zero risk, between the owner and the party, with a
    /// deposit, a release and a payout request.
    project: i64,
    agreement: i64,
    offer: i64,
    payout: i64,
    /// The owner's, awaiting validation.
    pending: i64,
    /// The owner's, published, with an offer from the party.
    published: i64,
    /// A lead for the owner, bought by the party, with a credit request.
    lead: i64,
    credit_request: i64,
}

fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn project_form(title: &str) -> ProjectForm {
    ProjectForm {
        title: title.into(),
        description: "A description that is long enough to be accepted.".into(),
        services: vec!["web_development".into()],
        region: "remote".into(),
        budget_min: "1000".into(),
        budget_max: "5000".into(),
        desired_start: (OffsetDateTime::now_utc().date() + Duration::days(20)).to_string(),
        phone: "06 12 34 56 78".into(),
    }
}

async fn offer_on(pool: &PgPool, p: &People, project: i64) -> i64 {
    offer_from(pool, &p.staff, &p.party, project, "3000").await
}

async fn objects(pool: &PgPool, p: &People, files: &FileStore) -> Objects {
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let gateway = Gateway::test();
    let project = projects::create(pool, &p.owner, &project_form("Agreed project"), today)
        .await
        .unwrap();
    projects::validate(pool, &p.staff, project).await.unwrap();
    let offer = offer_on(pool, p, project).await;
    let terms = AgreementForm {
        scope: "Design and build the whole site, two rounds of changes.".into(),
        amount: "3000".into(),
        formula: "zero_risk".into(),
        tranches: vec![
            ("Design".into(), "1000".into()),
            ("Build".into(), "2000".into()),
        ],
        commission_payer: String::new(),
        confirmation: app::domain::agreement::confirmation_phrase(app::domain::locale::Lang::Fr)
            .into(),
    };
    let agreement = agreements::propose(
        pool,
        &p.owner,
        project,
        p.party.id,
        &terms,
        app::domain::agreement::FeeRates::default(),
        now,
    )
    .await
    .unwrap();
    agreements::confirm(pool, &p.party, agreement, now)
        .await
        .unwrap();
    let acting = Acting::new(pool.clone(), gateway.clone(), p.owner.clone());
    let funded = escrow::Deposit::parse(project, 1, "1000", TEST_CARD_OK, &key()).unwrap();
    escrow::deposit(&acting, funded).await.unwrap();
    let released = escrow::LetGo::parse(project, Direction::Release, 1, "300", &key()).unwrap();
    escrow::let_go(&acting, released).await.unwrap();
    let payout = escrow::request_payout(
        pool,
        files,
        &p.party,
        project,
        "100",
        "invoice.pdf",
        b"%PDF-1.4\n% invoice\n",
        None,
    )
    .await
    .unwrap()
    .unwrap();

    let pending = projects::create(pool, &p.owner, &project_form("Pending project"), today)
        .await
        .unwrap();
    let published = projects::create(pool, &p.owner, &project_form("Published project"), today)
        .await
        .unwrap();
    projects::validate(pool, &p.staff, published).await.unwrap();
    offer_on(pool, p, published).await;

    let lead = leads::create(
        pool,
        &p.staff,
        &LeadForm {
            project: project_form("Lead project"),
            client_email: p.owner.email.clone(),
            client_name: String::new(),
            price: "20".into(),
            cap: String::new(),
            half_price: true,
        },
        now,
    )
    .await
    .unwrap();
    credits::top_up(pool, &gateway, &p.party, "50", TEST_CARD_OK, &key())
        .await
        .unwrap();
    leads::buy(pool, &p.party, lead, &key(), now).await.unwrap();
    let credit_request = credit_requests::file(
        pool,
        &p.party,
        lead,
        "The client had already chosen someone.",
    )
    .await
    .unwrap()
    .id;
    Objects {
        project,
        agreement,
        offer,
        payout,
        pending,
        published,
        lead,
        credit_request,
    }
}

/// What a row's body names: `{P}` the agreed project, `{A}` its agreement,
/// `{O}` the party's offer on it, `{Y}` its payout, `{N}` the pending
/// project, `{Q}` the published one, `{L}` the lead, `{R}` the credit
/// request, `{U}` the party's id, `{K}` a fresh key.
fn fill(template: &str, o: &Objects, p: &People) -> String {
    template
        .replace("{P}", &o.project.to_string())
        .replace("{A}", &o.agreement.to_string())
        .replace("{O}", &o.offer.to_string())
        .replace("{Y}", &o.payout.to_string())
        .replace("{N}", &o.pending.to_string())
        .replace("{Q}", &o.published.to_string())
        .replace("{L}", &o.lead.to_string())
        .replace("{R}", &o.credit_request.to_string())
        .replace("{U}", &p.party.id.to_string())
        .replace("{K}", &key())
}

/// One server function: its body, and the status each caller gets, in the
/// order of `CALLERS` (visitor, owner, other client, party, other
/// provider, staff). Calls run in that order on the row's own objects.
/// Where a call is allowed its body is one the rules refuse (422, 409) or a
/// read, so later callers meet the same objects.
#[rustfmt::skip]
const MATRIX: &[(&str, &str, [u16; 6])] = &[
    // Anyone may choose a language; one the product does not speak is refused.
    ("lang", r#"{"lang":"de","back":"/"}"#, [422, 422, 422, 422, 422, 422]),
    // The help centre is read by anyone; only staff edit it.
    ("help/index", r#"{"lang":"fr"}"#, [200, 200, 200, 200, 200, 200]),
    ("help/search", r#"{"lang":"en","q":"forgot password"}"#, [200, 200, 200, 200, 200, 200]),
    ("help/article", r#"{"lang":"fr","slug":"lost-password"}"#, [200, 200, 200, 200, 200, 200]),
    ("help/article", r#"{"lang":"fr","slug":"no-such-question"}"#, [404, 404, 404, 404, 404, 404]),
    ("staff/help/edit", r#"{"slug":"lost-password"}"#, [401, 403, 403, 403, 403, 200]),
    ("staff/help/save", r#"{"form":{"slug":"Bad Slug","section":"faq","link":"","fr_question":"","fr_answer":"","en_question":"","en_answer":""}}"#, [401, 403, 403, 403, 403, 422]),
    // The fixed pages and the terms are read by anyone; the contact form
    // is open to anyone; the inbox and publishing are staff's.
    ("pages/info", r#"{"lang":"fr","slug":"facture"}"#, [200, 200, 200, 200, 200, 200]),
    ("pages/info", r#"{"lang":"en","slug":"nowhere"}"#, [404, 404, 404, 404, 404, 404]),
    ("contact", r#"{"form":{"name":"","email":"nope","topic":"fax","body":""}}"#, [422, 422, 422, 422, 422, 422]),
    ("staff/inbox", "{}", [401, 403, 403, 403, 403, 200]),
    ("staff/inbox/reply", r#"{"message_id":987654321,"reply":"Hello there"}"#, [401, 403, 403, 403, 403, 404]),
    ("terms", r#"{"lang":"fr","version":null}"#, [200, 200, 200, 200, 200, 200]),
    ("terms", r#"{"lang":"en","version":99}"#, [404, 404, 404, 404, 404, 404]),
    ("terms/accept", r#"{"version":99}"#, [401, 409, 409, 409, 409, 409]),
    ("staff/terms/publish", r#"{"form":{"summary_fr":"","summary_en":"","body_fr":"","body_en":""}}"#, [401, 403, 403, 403, 403, 422]),
    // Reading one project and what hangs on it.
    ("projects/view", r#"{"id":"{P}"}"#, [401, 200, 404, 200, 404, 200]),
    ("projects/view", r#"{"id":"{N}"}"#, [401, 200, 404, 404, 404, 200]),
    ("projects/files", r#"{"project_id":"{P}"}"#, [400, 400, 400, 400, 400, 400]),
    ("projects/files", r#"{"project_id":{N}}"#, [401, 200, 404, 404, 404, 200]),
    ("projects/thread", r#"{"project_id":{Q}}"#, [401, 200, 404, 200, 403, 200]),
    ("projects/notes", r#"{"project_id":{Q}}"#, [401, 403, 403, 403, 403, 200]),
    ("offers/list", r#"{"project_id":{Q}}"#, [401, 200, 404, 200, 200, 200]),
    ("offers/list", r#"{"project_id":{N}}"#, [401, 200, 404, 404, 404, 200]),
    ("offers/open", r#"{"offer_id":{O}}"#, [401, 200, 404, 404, 404, 403]),
    ("agreements/for-project", r#"{"project_id":{P}}"#, [401, 200, 200, 200, 200, 200]),
    ("agreements/contenders", r#"{"project_id":{Q}}"#, [401, 200, 404, 403, 403, 403]),
    ("credits/access", r#"{"project_id":{Q}}"#, [401, 403, 403, 200, 200, 403]),
    ("escrow/tab", r#"{"project_id":{P}}"#, [401, 200, 404, 200, 404, 200]),
    ("fees/for-project", r#"{"project_id":{P}}"#, [401, 200, 404, 200, 404, 200]),
    // Completion and ratings are the parties' own: staff do not take part.
    ("projects/completion", r#"{"project_id":{P}}"#, [401, 200, 404, 200, 404, 404]),
    ("people/profile", r#"{"person_id":{U}}"#, [401, 200, 404, 200, 404, 200]),
    // Acting on projects.
    ("staff/validate", r#"{"id":{N}}"#, [401, 403, 404, 404, 404, 200]),
    ("staff/reject", r#"{"id":{N},"reason":"no"}"#, [401, 422, 422, 422, 422, 422]),
    ("staff/reject", r#"{"id":{N},"reason":"Please describe the pages you need."}"#, [401, 403, 404, 404, 404, 200]),
    ("projects/cancel", r#"{"id":{N}}"#, [401, 200, 404, 404, 404, 403]),
    ("staff/notes/add", r#"{"project_id":{Q},"body":"x"}"#, [401, 403, 403, 403, 403, 422]),
    ("projects/thread/write", r#"{"project_id":{Q},"body":"x"}"#, [401, 422, 422, 422, 422, 422]),
    ("projects/thread/write", r#"{"project_id":{N},"body":"A question about the pages?"}"#, [401, 403, 404, 404, 404, 403]),
    ("offers/save", r#"{"project_id":{N},"form":{"amount":"100","duration_days":"5","message":"I can do it next week."}}"#, [401, 403, 403, 404, 404, 403]),
    ("offers/save", r#"{"project_id":{P},"form":{"amount":"100","duration_days":"5","message":"I can do it next week."}}"#, [401, 403, 403, 409, 404, 403]),
    ("credits/spend", r#"{"project_id":{N},"kind":"offer","key":"{K}"}"#, [401, 403, 403, 404, 404, 403]),
    // Selection and agreement.
    ("agreements/propose", r#"{"project_id":{Q},"provider_id":{U},"form":{"scope":"short","amount":"100","formula":"basic","tranches":[],"commission_payer":"client"}}"#, [401, 422, 422, 403, 403, 403]),
    ("agreements/propose", r#"{"project_id":{P},"provider_id":{U},"form":{"scope":"Design and build the whole site again.","amount":"100","formula":"basic","tranches":[],"commission_payer":"client"}}"#, [401, 409, 404, 403, 403, 403]),
    ("agreements/withdraw", r#"{"agreement_id":{A}}"#, [401, 409, 404, 403, 404, 403]),
    ("agreements/confirm", r#"{"agreement_id":{A}}"#, [401, 403, 404, 409, 404, 403]),
    // Escrow: amounts the rules refuse, after who-may-ask is settled.
    ("escrow/deposit", r#"{"project_id":{P},"tranche":1,"amount":"999999","card":"4242 4242 4242 4242","key":"{K}"}"#, [401, 422, 404, 403, 404, 403]),
    ("escrow/release", r#"{"project_id":{P},"tranche":1,"amount":"999999","key":"{K}"}"#, [401, 422, 404, 403, 404, 403]),
    ("escrow/refund", r#"{"project_id":{P},"tranche":1,"amount":"999999","key":"{K}"}"#, [401, 403, 404, 422, 404, 403]),
    // The reason is read first: a stranger learns nothing from a 422.
    ("escrow/dispute", r#"{"project_id":{P},"reason":"short"}"#, [401, 422, 422, 422, 422, 422]),
    ("escrow/dispute", r#"{"project_id":{P},"reason":"Nothing was delivered on time."}"#, [401, 200, 404, 409, 404, 403]),
    ("escrow/decide", r#"{"project_id":{P},"allocations":[],"note":"Nothing to decide here.","key":"{K}"}"#, [401, 403, 403, 403, 403, 409]),
    ("escrow/mark-paid", r#"{"payout_id":{Y},"reference":"x"}"#, [401, 403, 403, 403, 403, 422]),
    ("escrow/desk", "{}", [401, 403, 403, 403, 403, 200]),
    // The fixture's first deposit paid the client's fees with it: nothing is due.
    ("fees/pay", r#"{"project_id":{P},"kind":"connection","card":"4000 0000 0000 0002","key":"{K}"}"#, [401, 409, 404, 403, 404, 403]),
    ("fees/revise", r#"{"project_id":{P},"amount":"99999999","reason":"More than agreed."}"#, [401, 409, 404, 409, 404, 403]),
    ("fees/answer", r#"{"project_id":{P},"accept":true}"#, [401, 409, 404, 409, 404, 409]),
    ("projects/complete", r#"{"project_id":{P}}"#, [401, 409, 404, 403, 404, 404]),
    ("projects/rate", r#"{"project_id":{P},"stars":5,"comment":"Great."}"#, [401, 409, 404, 409, 404, 404]),
    // Leads and credit requests.
    ("leads/buy", r#"{"project_id":{L},"key":"bad"}"#, [401, 403, 403, 422, 422, 403]),
    ("leads/reserve", r#"{"project_id":{L}}"#, [401, 403, 403, 409, 200, 403]),
    ("leads/refuse", r#"{"project_id":{L}}"#, [401, 403, 403, 409, 200, 403]),
    ("leads/credit-request", r#"{"project_id":{L},"reason":"The client had already chosen."}"#, [401, 403, 403, 409, 409, 403]),
    ("staff/credit-requests/decide", r#"{"request_id":{R},"accept":false,"reason":"x","key":"{K}"}"#, [401, 403, 403, 403, 403, 422]),
    ("staff/leads/create", r#"{"form":{"project":{"title":"","description":"","services":[],"region":"","budget_min":"","budget_max":"","desired_start":""},"client_email":"x","price":"","cap":"","half_price":false}}"#, [401, 403, 403, 403, 403, 422]),
    ("staff/projects/create", r#"{"form":{"project":{"title":"","description":"","services":[],"region":"","budget_min":"","budget_max":"","desired_start":""},"client_email":"x","client_name":""}}"#, [401, 403, 403, 403, 403, 422]),
    ("staff/credits", r#"{"provider_email":"party@example.com","kind":"offer","count":"0","reason":"welcome","refund":false,"key":"{K}"}"#, [401, 403, 403, 403, 403, 422]),
    // One's own things.
    ("me", "{}", [200, 200, 200, 200, 200, 200]),
    // Links work without a session; an unknown token is refused alike.
    ("account/verify", r#"{"token":"0000"}"#, [403, 403, 403, 403, 403, 403]),
    ("account/reset", r#"{"token":"0000","password":"a brand new password"}"#, [403, 403, 403, 403, 403, 403]),
    // Everyone here has confirmed their address already.
    ("account/resend", "{}", [401, 409, 409, 409, 409, 409]),
    // The same answer for anyone; three requests per account an hour.
    ("notifications/settings", "{}", [401, 200, 200, 200, 200, 200]),
    ("account/name", r#"{"display_name":"x"}"#, [401, 422, 422, 422, 422, 422]),
    ("account/password", r#"{"current_password":"wrong password","new_password":"a brand new password"}"#, [401, 422, 422, 422, 422, 422]),
    ("account/sign-out-others", "{}", [401, 200, 200, 200, 200, 200]),
    ("account/sessions", "{}", [401, 200, 200, 200, 200, 200]),
    // Only one's own sessions: any other id is not found.
    ("account/sign-out-session", r#"{"id":"00000000-0000-4000-8000-000000000000"}"#, [401, 404, 404, 404, 404, 404]),
    ("account/email", r#"{"new_email":"new@example.com","current_password":"wrong password"}"#, [401, 422, 422, 422, 422, 422]),
    ("account/confirm-email", r#"{"token":"0000"}"#, [403, 403, 403, 403, 403, 403]),
    ("account/deletion-blockers", "{}", [401, 200, 200, 200, 200, 200]),
    ("account/delete", r#"{"current_password":"wrong password"}"#, [401, 422, 422, 422, 422, 422]),
    ("staff/outbox", "{}", [401, 403, 403, 403, 403, 200]),
    ("staff/outbox/retry", r#"{"id":999999}"#, [401, 403, 403, 403, 403, 404]),
    ("notifications/save-settings", r#"{"choices":["offer_read:fax"],"digest_hour":"8"}"#, [401, 422, 422, 422, 422, 422]),
    ("account/forgot", r#"{"email":"nobody@example.com"}"#, [200, 200, 200, 429, 429, 429]),
    ("projects/mine", "{}", [401, 200, 200, 403, 403, 403]),
    ("projects/post", r#"{"form":{"title":"","description":"","services":[],"region":"","budget_min":"","budget_max":"","desired_start":""}}"#, [401, 422, 422, 403, 403, 403]),
    ("staff/queue", "{}", [401, 403, 403, 403, 403, 200]),
    ("feed", r#"{"form":{"services":[],"regions":[],"budget_min":"","budget_max":"","words":"","page":""},"use_preferences":false}"#, [401, 403, 403, 200, 200, 200]),
    ("preferences/get", "{}", [401, 403, 403, 200, 200, 403]),
    ("preferences/save", r#"{"services":[],"regions":[],"budget_min":"x","budget_max":""}"#, [401, 422, 422, 422, 422, 422]),
    ("people/visibility", r#"{"public":false}"#, [401, 403, 403, 200, 200, 403]),
    ("credits/balances", "{}", [401, 403, 403, 200, 200, 403]),
    ("credits/statement", "{}", [401, 403, 403, 200, 200, 403]),
    ("credits/top-up", r#"{"amount":"1","card":"4242 4242 4242 4242","key":"{K}"}"#, [401, 403, 403, 422, 422, 403]),
    ("plans", "{}", [401, 403, 403, 200, 200, 403]),
    ("plans/subscribe", r#"{"plan":"none","card":"4242 4242 4242 4242","key":"{K}"}"#, [401, 403, 403, 422, 422, 403]),
    ("plans/renewal", r#"{"renews":false}"#, [401, 403, 403, 409, 409, 403]),
    ("leads/list", "{}", [401, 403, 403, 200, 200, 403]),
    ("leads/credit-requests", "{}", [401, 403, 403, 200, 200, 403]),
    ("staff/credit-requests", "{}", [401, 403, 403, 403, 403, 200]),
    ("notifications/list", "{}", [401, 200, 200, 200, 200, 200]),
    ("notifications/unread", "{}", [401, 200, 200, 200, 200, 200]),
    // Each role has its own dashboard; what it shows is theirs alone.
    ("dashboard", "{}", [401, 200, 200, 200, 200, 200]),
    // Hiding from one's feed: providers, on projects they may see.
    ("projects/hide", r#"{"project_id":{Q}}"#, [401, 403, 403, 200, 200, 403]),
    ("projects/hide", r#"{"project_id":{N}}"#, [401, 403, 403, 404, 404, 403]),
    ("projects/unhide", r#"{"project_id":{Q}}"#, [401, 403, 403, 200, 200, 403]),
    ("projects/hidden", "{}", [401, 403, 403, 200, 200, 403]),
    // Staff's overview.
    ("staff/search", r#"{"q":"booking"}"#, [401, 403, 403, 403, 403, 200]),
    ("staff/person", r#"{"id":{U}}"#, [401, 403, 403, 403, 403, 200]),
    ("staff/suspension", r#"{"id":{U},"suspend":true,"reason":"no"}"#, [401, 403, 403, 403, 403, 422]),
    ("staff/fees", "{}", [401, 403, 403, 403, 403, 200]),
    // Certification: providers apply, staff review.
    ("certification/mine", "{}", [401, 403, 403, 200, 200, 403]),
    ("certification/apply", r#"{"form":{}}"#, [401, 403, 403, 422, 422, 403]),
    ("staff/certifications", "{}", [401, 403, 403, 403, 403, 200]),
    ("staff/certifications/check", r#"{"id":987654321,"position":1,"outcome":"confirmed","notes":""}"#, [401, 403, 403, 403, 403, 404]),
    ("staff/certifications/decide", r#"{"id":987654321,"certify":true,"reason":""}"#, [401, 403, 403, 403, 403, 404]),
    ("staff/certifications/revoke", r#"{"provider_id":{U},"reason":"no"}"#, [401, 403, 403, 403, 403, 422]),
    // One's own profile: staff have none; the portfolio is a provider's.
    ("profile/edit", "{}", [401, 200, 200, 200, 200, 403]),
    ("profile/save", r#"{"form":{"city":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","day_rate_min":"5"}}"#, [401, 422, 422, 422, 422, 422]),
    ("profile/portfolio/add", r#"{"form":{"title":"x"}}"#, [401, 403, 403, 422, 422, 403]),
    ("profile/portfolio/remove", r#"{"item_id":987654321}"#, [401, 404, 404, 404, 404, 404]),
    ("profile/images/remove", r#"{"image_id":987654321}"#, [401, 404, 404, 404, 404, 404]),
    ("staff/waive-fee", r#"{"project_id":{Q},"kind":"connection","reason":"no"}"#, [401, 403, 403, 403, 403, 422]),
    ("notifications/read", r#"{"up_to":0}"#, [401, 200, 200, 200, 200, 200]),
    // The sixth wrong password for one account from one address waits.
    ("login", r#"{"email":"owner@example.com","password":"wrong password"}"#, [422, 422, 422, 422, 422, 429]),
    ("signup", r#"{"email":"owner@example.com","password":"a good password","display_name":"Owner","role":"client","accept_terms":true}"#, [422, 422, 422, 422, 422, 422]),
    // The terms unticked: refused whoever asks.
    ("signup", r#"{"email":"new@example.com","password":"a good password","display_name":"Newcomer","role":"client"}"#, [422, 422, 422, 422, 422, 422]),
];

/// Counts of what a refused call must not change. (A declined card is
/// recorded as a payment attempt: that is an event, not a change.)
async fn digest(pool: &PgPool) -> String {
    sqlx::query_scalar(
        "SELECT concat_ws(' ',
            (SELECT count(*) FROM ledger_entries), (SELECT count(*) FROM escrow_entries),
            (SELECT count(*) FROM fee_entries), (SELECT count(*) FROM payments),
            (SELECT count(*) FROM offers),
            (SELECT string_agg(status, ',' ORDER BY id) FROM projects),
            (SELECT string_agg(status, ',' ORDER BY id) FROM agreements),
            (SELECT count(*) FROM project_messages), (SELECT count(*) FROM project_notes),
            (SELECT count(*) FROM disputes), (SELECT count(*) FROM ratings),
            (SELECT count(*) FROM lead_responses), (SELECT string_agg(status, ',' ORDER BY id) FROM credit_requests),
            (SELECT count(*) FROM unlocks), (SELECT count(*) FROM users), (SELECT count(*) FROM subscriptions),
            (SELECT count(*) FROM agreement_revisions), (SELECT string_agg(status, ',' ORDER BY id) FROM payouts),
            (SELECT count(*) FROM provider_preferences), (SELECT count(*) FROM contact_messages),
            (SELECT count(*) FROM contact_replies), (SELECT count(*) FROM terms_versions),
            (SELECT count(*) FROM terms_acceptances))",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn every_server_function_answers_each_caller_as_the_matrix_says(pool: PgPool) {
    let app = app(pool.clone()).await;
    let files = FileStore::new(
        std::env::temp_dir().join(format!("authz-{}", uuid::Uuid::new_v4().simple())),
    );
    let p = people(&app, &pool).await;
    let covered: std::collections::BTreeSet<String> = MATRIX
        .iter()
        .map(|(path, _, _)| format!("/api/{path}"))
        .collect();
    let untested: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .filter(|path| !covered.contains(path))
        // They end the callers' sessions: tested on their own.
        .filter(|path| path != "/api/logout" && path != "/api/account/log-out-everywhere")
        .collect();
    assert!(untested.is_empty(), "add a row to MATRIX for {untested:?}");

    let mut wrong = vec![];
    for (path, template, expected) in MATRIX {
        let o = objects(&pool, &p, &files).await;
        for (i, cookie) in p.cookies.iter().enumerate() {
            let body = fill(template, &o, &p);
            let before = digest(&pool).await;
            let r = post(&app, &format!("/api/{path}"), &body, cookie.as_deref()).await;
            if r.status.as_u16() != expected[i] {
                wrong.push(format!(
                    "{path} {template:.60} as {}: expected {}, got {} {:.200}",
                    CALLERS[i], expected[i], r.status, r.body
                ));
            }
            if !r.status.is_success() && digest(&pool).await != before {
                wrong.push(format!(
                    "{path} as {}: refused ({}) but changed something",
                    CALLERS[i], r.status
                ));
            }
            if r.status == StatusCode::NOT_FOUND {
                // Exactly what a record that does not exist gets.
                let absent = post(
                    &app,
                    &format!("/api/{path}"),
                    &unknown_ids(&body),
                    cookie.as_deref(),
                )
                .await;
                let shape = |b: &str| {
                    b.chars()
                        .filter(|c| !c.is_ascii_digit())
                        .collect::<String>()
                };
                if absent.status != StatusCode::NOT_FOUND || shape(&absent.body) != shape(&r.body) {
                    wrong.push(format!(
                        "{path} as {}: hidden record answered {:.120} but a missing one {} {:.120}",
                        CALLERS[i], r.body, absent.status, absent.body
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// `body` with every id replaced by one no record has.
fn unknown_ids(body: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(body).unwrap();
    if let Some(map) = v.as_object_mut() {
        for (k, value) in map.iter_mut() {
            if k.ends_with("id") || k == "id" {
                *value = match value {
                    serde_json::Value::String(_) => serde_json::json!("987654"),
                    _ => serde_json::json!(987654),
                };
            }
        }
    }
    v.to_string()
}
