//! The help centre against a real PostgreSQL: the questions the product
//! ships with, searched in either language whatever the accents and word
//! order; staff's edits kept as versions; nobody else may edit.

use crate::common::user;
use app::domain::help::{HelpForm, Section};
use app::domain::locale::Lang;
use app::domain::msg::AccountMsg;
use app::error::{AppError, Msg};
use app::services::help;
use sqlx::PgPool;

async fn first_hit(pool: &PgPool, lang: Lang, terms: &str) -> Option<String> {
    let hits = help::search(pool, lang, terms).await.unwrap();
    hits.into_iter().next().map(|h| h.slug)
}

#[sqlx::test(migrations = "../migrations")]
async fn every_question_is_in_its_section_in_both_languages(pool: PgPool) {
    let fr = help::index(&pool, Lang::Fr).await.unwrap();
    let en = help::index(&pool, Lang::En).await.unwrap();
    let count =
        |i: &app::views::help::HelpIndex| i.sections.iter().map(|(_, e)| e.len()).sum::<usize>();
    assert!(count(&fr) >= 60, "{}", count(&fr));
    assert_eq!(count(&fr), count(&en));
    let sections: Vec<Section> = fr.sections.iter().map(|(s, _)| *s).collect();
    assert_eq!(sections, Section::ALL.to_vec());
    assert!(fr.sections.iter().all(|(_, e)| !e.is_empty()));
    let a = help::article(&pool, Lang::Fr, "lost-password")
        .await
        .unwrap();
    assert!(a.question.contains("mot de passe"), "{}", a.question);
    assert_eq!(a.link, "/forgot-password");
    let a = help::article(&pool, Lang::En, "lost-password")
        .await
        .unwrap();
    assert!(a.question.contains("password"), "{}", a.question);
    assert!(matches!(
        help::article(&pool, Lang::En, "no-such-question").await,
        Err(AppError::NotFound(Msg::Account(AccountMsg::NoSuchArticle)))
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn searches_ignore_accents_word_order_and_endings(pool: PgPool) {
    for terms in [
        "mot passe oublie",
        "oublié mon mot de passe",
        "MOT DE PASSE perdu",
    ] {
        assert_eq!(
            first_hit(&pool, Lang::Fr, terms).await.as_deref(),
            Some("lost-password"),
            "{terms}"
        );
    }
    assert_eq!(
        first_hit(&pool, Lang::En, "forgot my password")
            .await
            .as_deref(),
        Some("lost-password")
    );
    assert_eq!(
        first_hit(&pool, Lang::Fr, "comment filtrer les projets")
            .await
            .as_deref(),
        Some("filter-projects")
    );
    assert_eq!(
        first_hit(&pool, Lang::Fr, "déclarer litige")
            .await
            .as_deref(),
        Some("dispute")
    );
    assert_eq!(
        first_hit(&pool, Lang::En, "change an offer")
            .await
            .as_deref(),
        Some("edit-offer")
    );
    assert_eq!(
        first_hit(&pool, Lang::Fr, "risque zéro paiement")
            .await
            .as_deref(),
        Some("zero-risk")
    );
    assert!(help::search(&pool, Lang::Fr, "xyzzy plugh")
        .await
        .unwrap()
        .is_empty());
    // Only stop words: nothing to look for, no error.
    assert!(help::search(&pool, Lang::Fr, "de du des")
        .await
        .unwrap()
        .is_empty());
}

fn edited(answer: &str) -> HelpForm {
    HelpForm {
        slug: "lost-password".into(),
        section: "account".into(),
        link: "/forgot-password".into(),
        fr_question: "J’ai perdu mon mot de passe, comment le récupérer ?".into(),
        fr_answer: answer.into(),
        en_question: "I lost my password: how do I get it back?".into(),
        en_answer: "Use “Forgot your password?” under the log-in form.".into(),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn staff_edits_are_new_versions_and_the_old_ones_stay(pool: PgPool) {
    let staff = user(&pool, "staff", "staff@example.com").await;
    let draft = edited("Utilisez « Mot de passe oublié ? » sous le formulaire.")
        .parse()
        .unwrap();
    assert_eq!(help::save(&pool, &staff, &draft).await.unwrap(), 2);
    let fr = help::article(&pool, Lang::Fr, "lost-password")
        .await
        .unwrap();
    assert_eq!(
        (fr.version, fr.answer.as_str()),
        (2, "Utilisez « Mot de passe oublié ? » sous le formulaire.")
    );
    // The same text again: nothing new.
    assert_eq!(help::save(&pool, &staff, &draft).await.unwrap(), 0);
    // One language changed: one new version.
    let draft = edited("Une autre réponse, plus longue.").parse().unwrap();
    assert_eq!(help::save(&pool, &staff, &draft).await.unwrap(), 1);
    let edit = help::edit_view(&pool, &staff, "lost-password")
        .await
        .unwrap();
    let fr_versions: Vec<i32> = edit
        .versions
        .iter()
        .filter(|v| v.lang == Lang::Fr)
        .map(|v| v.version)
        .collect();
    assert_eq!(fr_versions, vec![3, 2, 1]);
    assert_eq!(
        edit.versions
            .iter()
            .filter(|v| v.edited_by.is_none())
            .count(),
        2
    );
    // The search reads the newest text.
    assert_eq!(
        first_hit(&pool, Lang::Fr, "autre réponse plus longue")
            .await
            .as_deref(),
        Some("lost-password")
    );

    // A new question goes last, in its section.
    let new = HelpForm {
        slug: "opening-hours".into(),
        section: "account".into(),
        link: String::new(),
        fr_question: "Quand votre équipe répond-elle ?".into(),
        fr_answer: "Du lundi au vendredi, de 9 h à 18 h.".into(),
        en_question: "When does your team answer?".into(),
        en_answer: "Monday to Friday, 9 am to 6 pm.".into(),
    };
    assert_eq!(
        help::save(&pool, &staff, &new.parse().unwrap())
            .await
            .unwrap(),
        2
    );
    let index = help::index(&pool, Lang::En).await.unwrap();
    let account = &index
        .sections
        .iter()
        .find(|(s, _)| *s == Section::Account)
        .unwrap()
        .1;
    assert_eq!(account.last().unwrap().slug, "opening-hours");
}

#[sqlx::test(migrations = "../migrations")]
async fn only_staff_edit_the_help_centre(pool: PgPool) {
    let provider = user(&pool, "provider", "p@example.com").await;
    let draft = edited("Une réponse qu’un prestataire voudrait écrire.")
        .parse()
        .unwrap();
    assert!(matches!(
        help::save(&pool, &provider, &draft).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        help::edit_view(&pool, &provider, "lost-password").await,
        Err(AppError::Forbidden(_))
    ));
    assert_eq!(
        help::article(&pool, Lang::Fr, "lost-password")
            .await
            .unwrap()
            .version,
        1
    );
}
