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
            description: "Développeur web et mobile depuis 2012 : sites de réservation, boutiques en ligne et leurs applications, faits pour rester simples à faire vivre.".into(),
            skills: vec!["web_development".into(), "mobile_apps".into()],
            regions: vec!["ile_de_france".into(), "remote".into()],
            day_rate_min: "450".into(),
            day_rate_max: "600".into(),
            languages: "Français, anglais".into(),
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
                "Crédits de bienvenue",
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
        ("Boutique en ligne pour une boulangerie bio", "Nous vendons pains et viennoiseries dans deux boutiques et voulons prendre les commandes en ligne, à retirer sur place.", &["web_development"][..], "ile_de_france", "3000", "8000"),
        ("Application de réservation pour un studio de yoga", "Les adhérents doivent réserver les cours, payer leurs cartes et recevoir des rappels sur iOS et Android.", &["mobile_apps"][..], "remote", "12000", "25000"),
        ("Nouveau logo et identité visuelle", "Une coopérative de pêcheurs cherche un logo, des couleurs et une charte simple pour ses étiquettes.", &["graphic_design"][..], "bretagne", "1500", "4000"),
        ("Audit SEO d’un blog de voyage", "Le trafic a baissé de moitié cette année : il nous faut un audit et un plan que nous pourrons suivre nous-mêmes.", &["marketing"][..], "remote", "800", "2000"),
        ("Traduire une notice technique en anglais", "Une notice de 60 pages pour un four industriel, du français vers l’anglais, avec un glossaire.", &["writing"][..], "auvergne_rhone_alpes", "2500", "4500"),
        ("Comptabilité d’un petit cabinet d’architectes", "Tenue mensuelle des comptes et bilan annuel pour un cabinet de quatre personnes.", &["accounting"][..], "occitanie", "3000", "6000"),
        ("Rénovation de la cuisine d’une vieille ferme", "Déposer l’ancienne cuisine, refaire plomberie et électricité, poser meubles et carrelage neufs.", &["renovation"][..], "normandie", "15000", "30000"),
        ("Photos produits pour un fabricant de meubles", "Une quarantaine de pièces à photographier à l’atelier, sur fond blanc et en situation.", &["photography"][..], "grand_est", "1200", "3000"),
        ("Refonte du site de l’entreprise", "Notre site a dix ans : un design neuf, un CMS que l’équipe saura utiliser et une bonne accessibilité.", &["web_development", "graphic_design"][..], "ile_de_france", "6000", "15000"),
        ("Contrat d’assistance informatique pour un cabinet d’avocats", "Portables, sauvegardes et réseau du cabinet pour douze personnes, avec une visite par mois.", &["it_support"][..], "provence", "2000", "5000"),
        ("Relecture juridique de contrats fournisseurs", "Cinq contrats fournisseurs à relire avant leur renouvellement, avec une synthèse des risques.", &["legal"][..], "pays_de_la_loire", "1000", "3000"),
        ("Lettre d’information et réseaux sociaux pour un magasin de vélos", "Deux lettres par mois et des publications pour les comptes du magasin, avec nos photos.", &["marketing", "writing"][..], "bretagne", "600", "1500"),
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
        "Application mobile pour un food truck",
        "Les clients doivent voir où se trouve le camion aujourd’hui et précommander leur déjeuner.",
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
            "Site web",
            "Besoin d’un site web rapidement, détails à venir plus tard.",
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
        "Merci de décrire à quoi sert le site et les pages qu’il lui faut.",
    )
    .await?;
    let cancelled = projects::create(
        pool,
        hugo,
        &form(
            "Flyers pour une fête de village",
            "Des flyers A4 et une affiche pour la fête du village en juin.",
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
            "Audit d’accessibilité d’un site de formation en ligne",
            "Auditer notre plateforme de cours selon le RGAA et les WCAG 2.2 AA, corriger les gabarits et former l’équipe.",
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
            message: "J’audite et je corrige des plateformes de formation : rapport en une semaine, corrections en trois."
                .into(),
        },
    )
    .await?;
    let now = time::OffsetDateTime::now_utc();
    let terms = AgreementForm {
        scope: "Audit WCAG 2.2 AA avec un rapport écrit, puis corrections des gabarits de cours."
            .into(),
        amount: "3000".into(),
        formula: "zero_risk".into(),
        tranches: vec![
            ("Rapport d’audit".into(), "1000".into()),
            ("Corrections".into(), "2000".into()),
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
            "Photos de mariage dans un vignoble",
            "Un projet de démonstration plus avancé dans sa vie, déjà confié à un prestataire.",
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
            "Emballages pour une nouvelle gamme de thés",
            "3200",
        ),
        (
            "Léa Fontaine",
            "Fontaine & Fils",
            "lea@fontaine.example",
            "Identité de marque et enseigne pour une boulangerie",
            "2400",
        ),
        (
            "Karim Haddad",
            "Haddad Conseil",
            "karim@haddad.example",
            "Plaquettes et modèle de présentation",
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
        "SELECT id FROM projects WHERE title = 'Boutique en ligne pour une boulangerie bio'",
    )
    .fetch_one(pool)
    .await?;
    notes::add_note(
        pool,
        staff,
        bakery,
        "Appelé Claire mardi : elle hésite encore, le budget est ferme, elle veut voir des boutiques déjà faites.",
    )
    .await?;
    for (title, description, service, region, price, half) in [
        (
            "Site de réservation pour un cabinet de kinésithérapie",
            "Trois kinés veulent la prise de rendez-vous en ligne synchronisée avec leurs agendas, et un site simple. Appel reçu lundi ; prêts à démarrer dans deux semaines.",
            "web_development",
            "ile_de_france",
            "45",
            true,
        ),
        (
            "Logo et devanture pour une crêperie",
            "Une nouvelle crêperie à Vannes cherche un logo, une carte et l’enseigne de la devanture. La gérante préfère être appelée le matin.",
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
