//! Demo data for a first run: one account per role (and a few more), and
//! projects in every status, created through the same services as real use.

use app::domain::account::NewAccount;
use app::domain::agreement::AgreementForm;
use app::domain::agreement::FeeRates;
use app::domain::certification::ReferenceForm;
use app::domain::feed::Preferences;
use app::domain::lead::LeadForm;
use app::domain::ledger::CreditKind;
use app::domain::ledger::StaffMove;
use app::domain::offer::OfferForm;
use app::domain::payment::TEST_CARD_OK;
use app::domain::profile::ProfileForm;
use app::domain::project::ProjectForm;
use app::services::accounts::{self, User};
use app::services::acting::Acting;
use app::services::gateway::Gateway;
use app::services::{
    agreements, certification, credits, escrow, leads, notes, offers, preferences, profiles,
    projects, subscriptions,
};
use sqlx::PgPool;

pub const PASSWORD: &str = "demo-password";

/// The demo logins, shown in the README and in the server's log.
pub const LOGINS: &[(&str, &str, &str)] = &[
    ("client", "claire@demo.test", "Claire Martin"),
    ("client", "hugo@demo.test", "Hugo Bernard"),
    ("provider", "paul@demo.test", "Paul Durand"),
    ("provider", "sofia@demo.test", "Sofia Lambert"),
    ("staff", "staff@demo.test", "Nadia Roux"),
];

/// Seeds the database if it has no account yet. Returns whether it did.
/// New agreements in the demo are made at `rates`, as the site's would be.
pub async fn seed_if_empty(pool: &PgPool, rates: FeeRates) -> Result<bool, String> {
    let users: i64 = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM users"#)
        .fetch_one(pool)
        .await
        .map_err(|e| e.to_string())?;
    if users > 0 {
        return Ok(false);
    }
    seed(pool, rates).await.map_err(|e| e.to_string())?;
    Ok(true)
}

async fn account(
    pool: &PgPool,
    role: &str,
    email: &str,
    name: &str,
) -> Result<User, app::error::AppError> {
    let user = if role == "staff" {
        accounts::create_staff(pool, email, PASSWORD, name).await?
    } else {
        accounts::create(pool, NewAccount::parse(email, PASSWORD, name, role)?).await?
    };
    // The demo people accepted the terms in force, as if they signed up.
    let current = app::services::terms::current(&mut *pool.acquire().await?).await?;
    app::services::terms::accept(pool, &user, current, time::OffsetDateTime::now_utc()).await?;
    Ok(user)
}

fn form(
    title: &str,
    description: &str,
    services: &[&str],
    region: &str,
    min: &str,
    max: &str,
    start: time::Date,
) -> ProjectForm {
    ProjectForm {
        title: title.into(),
        description: description.into(),
        services: services.iter().map(|s| s.to_string()).collect(),
        region: region.into(),
        budget_min: min.into(),
        budget_max: max.into(),
        desired_start: start.to_string(),
        phone: "06 12 34 56 78".into(),
    }
}

async fn seed(pool: &PgPool, rates: FeeRates) -> Result<(), app::error::AppError> {
    let mut users = Vec::new();
    for (role, email, name) in LOGINS {
        users.push(account(pool, role, email, name).await?);
    }
    let (claire, hugo, paul, sofia, staff) =
        (&users[0], &users[1], &users[2], &users[3], &users[4]);
    let today = time::OffsetDateTime::now_utc().date();
    let cast = Cast {
        claire,
        hugo,
        paul,
        sofia,
        staff,
        today,
        soon: today + time::Duration::days(21),
    };
    preferences_and_credits(pool, &cast).await?;
    projects_in_every_status(pool, &cast).await?;
    work_under_way(pool, &cast, rates).await?;
    money_and_leads(pool, &cast).await?;
    certification_under_review(pool, sofia).await?;
    profiles::save(
        pool,
        paul,
        &ProfileForm {
            description: "Web and mobile developer since 2012: booking sites, online shops and their apps, built to be kept simple to run.".into(),
            skills: vec!["web_development".into(), "mobile_apps".into()],
            regions: vec!["ile_de_france".into(), "remote".into()],
            day_rate_min: "450".into(),
            day_rate_max: "600".into(),
            languages: "French, English".into(),
            ..Default::default()
        },
    )
    .await?;
    // The providers were told of the new projects "yesterday": their daily
    // digests are due, so the demo's inbox shows one at once.
    sqlx::query(
        "UPDATE notifications SET created_at = created_at - interval '1 day' WHERE digest_pending",
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The demo's people, by name, and its calendar: projects posted today
/// that want to start soon.
#[derive(Clone, Copy)]
struct Cast<'a> {
    claire: &'a User,
    hugo: &'a User,
    paul: &'a User,
    sofia: &'a User,
    staff: &'a User,
    today: time::Date,
    soon: time::Date,
}

/// What Paul and Sofia look for, and their welcome credits.
async fn preferences_and_credits(
    pool: &PgPool,
    cast: &Cast<'_>,
) -> Result<(), app::error::AppError> {
    let Cast {
        paul, sofia, staff, ..
    } = *cast;
    preferences::save(
        pool,
        paul,
        &Preferences::parse(
            &["web_development".into(), "mobile_apps".into()],
            &["ile_de_france".into(), "remote".into()],
            "1000",
            "50000",
        )?,
    )
    .await?;
    preferences::save(
        pool,
        sofia,
        &Preferences::parse(
            &["graphic_design".into(), "marketing".into()],
            &["bretagne".into()],
            "",
            "",
        )?,
    )
    .await?;

    for (email, count) in [("paul@demo.test", "5"), ("sofia@demo.test", "2")] {
        for kind in CreditKind::ALL {
            let key = format!("demo-welcome-{}-{email}", kind.slug()).replace(['@', '.'], "-");
            credits::grant(
                pool,
                staff,
                email,
                kind,
                count,
                "Welcome credits",
                StaffMove::Grant,
                &key,
            )
            .await?;
        }
    }
    Ok(())
}

/// Projects published, pending, rejected and cancelled.
async fn projects_in_every_status(
    pool: &PgPool,
    cast: &Cast<'_>,
) -> Result<(), app::error::AppError> {
    let Cast {
        claire,
        hugo,
        staff,
        ..
    } = *cast;
    let (today, soon) = (cast.today, cast.soon);
    let published = [
        ("Online shop for an organic bakery", "We sell bread and pastries in two shops and want to take orders online with click and collect.", &["web_development"][..], "ile_de_france", "3000", "8000"),
        ("Booking app for a yoga studio", "Members should book classes, pay for passes and get reminders on iOS and Android.", &["mobile_apps"][..], "remote", "12000", "25000"),
        ("New logo and visual identity", "A cooperative of fishermen needs a logo, colours and a simple style guide for labels.", &["graphic_design"][..], "bretagne", "1500", "4000"),
        ("SEO audit of a travel blog", "Traffic dropped by half this year; we need an audit and a plan we can follow ourselves.", &["marketing"][..], "remote", "800", "2000"),
        ("Translate a technical manual to English", "A 60-page manual for an industrial oven, from French to English, with a glossary.", &["writing"][..], "auvergne_rhone_alpes", "2500", "4500"),
        ("Bookkeeping for a small architecture firm", "Monthly bookkeeping and the yearly accounts for a firm of four people.", &["accounting"][..], "occitanie", "3000", "6000"),
        ("Kitchen renovation in an old farmhouse", "Strip the old kitchen, redo plumbing and electricity, fit new units and tiles.", &["renovation"][..], "normandie", "15000", "30000"),
        ("Product photos for a furniture maker", "About forty pieces to photograph in the workshop, white background and in situ.", &["photography"][..], "grand_est", "1200", "3000"),
        ("Company website redesign", "Our site is ten years old: a fresh design, a CMS our team can use, and good accessibility.", &["web_development", "graphic_design"][..], "ile_de_france", "6000", "15000"),
        ("IT support contract for a law office", "Laptops, backups and the office network for twelve people, with a monthly visit.", &["it_support"][..], "provence", "2000", "5000"),
        ("Legal review of supplier contracts", "Five supplier contracts to review before renewal, with a summary of risks.", &["legal"][..], "pays_de_la_loire", "1000", "3000"),
        ("Newsletter and social media for a bike shop", "Two newsletters a month and posts for our shop's accounts, with photos we provide.", &["marketing", "writing"][..], "bretagne", "600", "1500"),
    ];
    for (i, (title, description, services, region, min, max)) in published.iter().enumerate() {
        let owner = if i % 2 == 0 { claire } else { hugo };
        let id = projects::create(
            pool,
            owner,
            &form(title, description, services, region, min, max, soon),
            today,
        )
        .await?;
        projects::validate(pool, staff, id).await?;
    }
    projects_off_the_feed(pool, cast).await?;
    Ok(())
}

/// Projects pending, rejected and cancelled.
async fn projects_off_the_feed(pool: &PgPool, cast: &Cast<'_>) -> Result<(), app::error::AppError> {
    let Cast {
        claire,
        hugo,
        staff,
        ..
    } = *cast;
    let (today, soon) = (cast.today, cast.soon);
    let pending = form(
        "Mobile app for a food truck",
        "Customers should see where the truck is today and pre-order their lunch.",
        &["mobile_apps"],
        "hauts_de_france",
        "5000",
        "9000",
        soon,
    );
    projects::create(pool, claire, &pending, today).await?;
    let rejected = projects::create(
        pool,
        claire,
        &form(
            "Website",
            "Need a website quickly, details to come later on.",
            &["web_development"],
            "corse",
            "100",
            "200",
            soon,
        ),
        today,
    )
    .await?;
    projects::reject(
        pool,
        staff,
        rejected,
        "Please describe what the website is for and what pages it needs.",
    )
    .await?;
    let cancelled = projects::create(
        pool,
        hugo,
        &form(
            "Flyers for a village fair",
            "A4 flyers and a poster for the village fair in June.",
            &["graphic_design"],
            "bourgogne",
            "200",
            "500",
            soon,
        ),
        today,
    )
    .await?;
    projects::cancel(pool, hugo, cancelled).await?;
    Ok(())
}

/// A project in progress through the real selection flow, and one completed.
async fn work_under_way(
    pool: &PgPool,
    cast: &Cast<'_>,
    rates: FeeRates,
) -> Result<(), app::error::AppError> {
    let Cast {
        claire,
        paul,
        staff,
        ..
    } = *cast;
    let (today, soon) = (cast.today, cast.soon);
    // In progress through the real selection flow: Paul's offer, a
    // zero-risk agreement with two tranches, the first funded and partly
    // released. Completed is moved along directly.
    let audit = projects::create(
        pool,
        claire,
        &form(
            "Accessibility audit of an e-learning site",
            "Audit our course platform against WCAG 2.2 AA, fix the templates and train the team.",
            &["web_development"],
            "remote",
            "2000",
            "5000",
            soon,
        ),
        today,
    )
    .await?;
    projects::validate(pool, staff, audit).await?;
    credits::spend(pool, paul, audit, CreditKind::Offer, "demo-offer-audit").await?;
    offers::save(
        pool,
        paul,
        audit,
        &OfferForm {
            amount: "3000".into(),
            duration_days: "25".into(),
            message: "I audit and fix e-learning platforms; report in a week, fixes in three."
                .into(),
        },
    )
    .await?;
    let now = time::OffsetDateTime::now_utc();
    let terms = AgreementForm {
        scope: "WCAG 2.2 AA audit with a written report, then fixes to the course templates."
            .into(),
        amount: "3000".into(),
        formula: "zero_risk".into(),
        tranches: vec![
            ("Audit report".into(), "1000".into()),
            ("Fixes".into(), "2000".into()),
        ],
        commission_payer: String::new(),
        confirmation: app::domain::agreement::confirmation_phrase(app::domain::locale::Lang::Fr)
            .into(),
    };
    let agreement = agreements::propose(pool, claire, audit, paul.id, &terms, rates, now).await?;
    agreements::confirm(pool, paul, agreement, now).await?;
    let acting = Acting::new(pool.clone(), Gateway::test(), claire.clone());
    let funded = escrow::Deposit::parse(audit, 1, "1000", TEST_CARD_OK, "demo-deposit-audit")?;
    escrow::deposit(&acting, funded).await?;
    let release = escrow::Direction::Release;
    let released = escrow::LetGo::parse(audit, release, 1, "400", "demo-release-audit")?;
    escrow::let_go(&acting, released).await?;
    completed_project(pool, cast).await?;
    Ok(())
}

/// A project completed, with its agreement and ratings to come.
async fn completed_project(pool: &PgPool, cast: &Cast<'_>) -> Result<(), app::error::AppError> {
    let Cast { claire, staff, .. } = *cast;
    let (today, soon) = (cast.today, cast.soon);
    let completed = projects::create(
        pool,
        claire,
        &form(
            "Wedding photos in a vineyard",
            "A demo project further along its life cycle, already assigned to a provider.",
            &["photography"],
            "nouvelle_aquitaine",
            "1000",
            "2500",
            soon,
        ),
        today,
    )
    .await?;
    projects::validate(pool, staff, completed).await?;
    sqlx::query!(
        "UPDATE projects SET status = 'completed', status_changed_at = now() WHERE id = $1",
        completed
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Sofia applied for certification: staff's queue has one to review.
async fn certification_under_review(
    pool: &PgPool,
    sofia: &User,
) -> Result<(), app::error::AppError> {
    let references: Vec<ReferenceForm> = [
        (
            "Marc Dubois",
            "Atelier Dubois",
            "marc@atelier-dubois.example",
            "Packaging for a new tea range",
            "3200",
        ),
        (
            "Léa Fontaine",
            "Fontaine & Fils",
            "lea@fontaine.example",
            "Brand identity and signage for a bakery",
            "2400",
        ),
        (
            "Karim Haddad",
            "Haddad Conseil",
            "karim@haddad.example",
            "Brochures and a slide template",
            "1800",
        ),
    ]
    .into_iter()
    .map(|(name, company, email, project, amount)| ReferenceForm {
        name: name.into(),
        company: company.into(),
        email: email.into(),
        phone: "01 45 67 89 10".into(),
        project: project.into(),
        amount: amount.into(),
        year: "2025".into(),
    })
    .collect();
    certification::apply(pool, sofia, &references, time::OffsetDateTime::now_utc()).await
}

/// Prepaid money, Paul's plan, a staff note and two referral leads.
async fn money_and_leads(pool: &PgPool, cast: &Cast<'_>) -> Result<(), app::error::AppError> {
    let Cast {
        paul, sofia, staff, ..
    } = *cast;
    let soon = cast.soon;
    let now = time::OffsetDateTime::now_utc();
    let gateway = Gateway::test();
    // Prepaid money for leads, paid through the test gateway, and two leads
    // written by staff: one for Paul's preferences, one for Sofia's.
    for (provider, amount) in [(paul, "150"), (sofia, "30")] {
        let key = uuid::Uuid::new_v4().to_string();
        credits::top_up(pool, &gateway, provider, amount, TEST_CARD_OK, &key).await?;
    }
    // Paul is on the Privilege plan: he reads staff's follow-up notes.
    let key = uuid::Uuid::new_v4().to_string();
    subscriptions::subscribe(pool, &gateway, paul, "privilege", TEST_CARD_OK, &key, now).await?;
    let bakery: i64 = sqlx::query_scalar(
        "SELECT id FROM projects WHERE title = 'Online shop for an organic bakery'",
    )
    .fetch_one(pool)
    .await?;
    notes::add_note(
        pool,
        staff,
        bakery,
        "Called Claire on Tuesday: still choosing, the budget is firm, she wants a demo of past shops.",
    )
    .await?;
    for (title, description, service, region, price, half) in [
        (
            "Booking website for a physiotherapy practice",
            "Three physiotherapists want online booking synced with their calendars, and a simple site. Called us on Monday; ready to start in two weeks.",
            "web_development",
            "ile_de_france",
            "45",
            true,
        ),
        (
            "Logo and shop front for a crêperie",
            "A new crêperie in Vannes needs a logo, a menu design and the sign above the shop. The owner prefers a call in the morning.",
            "graphic_design",
            "bretagne",
            "25",
            false,
        ),
    ] {
        let form = LeadForm {
            project: form(title, description, &[service], region, "2000", "6000", soon),
            client_email: "hugo@demo.test".into(),
            client_name: String::new(),
            price: price.into(),
            cap: String::new(),
            half_price: half,
        };
        leads::create(pool, staff, &form, now).await?;
    }
    Ok(())
}
