//! The help centre's rules: its sections, what an article is made of, and
//! what a search may ask. The answers themselves are data (migration 19,
//! then staff's edits), in both languages.

use super::fields::{bounded, FieldErrors};
use super::locale::Lang;
use super::msg::Msg;
use crate::domain::msg::AccountMsg;
use serde::{Deserialize, Serialize};

/// The groups the questions come in, as the original help pages group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Clients,
    Providers,
    Credits,
    Payments,
    Account,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Clients,
        Section::Providers,
        Section::Credits,
        Section::Payments,
        Section::Account,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Section::Clients => "clients",
            Section::Providers => "providers",
            Section::Credits => "credits",
            Section::Payments => "payments",
            Section::Account => "account",
        }
    }

    pub fn from_slug(raw: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.slug() == raw.trim())
    }
}

/// The longest search people may type (longer is cut, not refused).
pub const QUERY_MAX: usize = 200;
pub const QUESTION_MIN: usize = 5;
pub const QUESTION_MAX: usize = 300;
pub const ANSWER_MIN: usize = 10;
pub const ANSWER_MAX: usize = 6000;
const SLUG_MAX: usize = 80;
const LINK_MAX: usize = 200;

/// What was typed in the search box, ready for the database: trimmed,
/// control characters gone, at most `QUERY_MAX` characters; `None` when
/// nothing is left to look for.
pub fn search_terms(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(QUERY_MAX)
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

/// An answer's paragraphs: blank lines separate them.
pub fn paragraphs(answer: &str) -> Vec<&str> {
    answer
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The staff's article form, as posted: both languages at once, so an
/// answer is never left in one language only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpForm {
    pub slug: String,
    pub section: String,
    pub link: String,
    pub fr_question: String,
    pub fr_answer: String,
    pub en_question: String,
    pub en_answer: String,
}

/// One language's question and answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub question: String,
    pub answer: String,
}

/// A checked article: what the service stores as a new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpDraft {
    pub slug: String,
    pub section: Section,
    pub link: String,
    pub fr: Text,
    pub en: Text,
}

impl HelpDraft {
    /// The text of `lang`.
    pub fn text(&self, lang: Lang) -> &Text {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

impl HelpForm {
    pub fn parse(&self) -> Result<HelpDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let slug = errors.check("slug", parse_slug(&self.slug));
        let section = errors.check(
            "section",
            Section::from_slug(&self.section).ok_or(Msg::Account(AccountMsg::UnknownSection)),
        );
        let link = errors.check("link", parse_link(&self.link));
        let mut text = |q: &str, a: &str, field: &str| {
            let question = errors.check(
                &format!("{field}_question"),
                bounded(q, QUESTION_MIN, QUESTION_MAX),
            );
            let answer = errors.check(
                &format!("{field}_answer"),
                bounded(a, ANSWER_MIN, ANSWER_MAX),
            );
            question
                .zip(answer)
                .map(|(question, answer)| Text { question, answer })
        };
        let fr = text(&self.fr_question, &self.fr_answer, "fr");
        let en = text(&self.en_question, &self.en_answer, "en");
        match (slug, section, link, fr, en) {
            (Some(slug), Some(section), Some(link), Some(fr), Some(en)) if errors.is_empty() => {
                Ok(HelpDraft {
                    slug,
                    section,
                    link,
                    fr,
                    en,
                })
            }
            _ => Err(errors),
        }
    }
}

/// "lost-password": lower-case words joined by single hyphens.
fn parse_slug(raw: &str) -> Result<String, Msg> {
    let slug = raw.trim();
    let ok = !slug.is_empty()
        && slug.len() <= SLUG_MAX
        && slug.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    ok.then(|| slug.to_owned())
        .ok_or(Msg::Account(AccountMsg::SlugShape))
}

/// A page of this site ("/forgot-password"), or nothing.
fn parse_link(raw: &str) -> Result<String, Msg> {
    let link = raw.trim();
    if link.is_empty() {
        return Ok(String::new());
    }
    let ok = link.starts_with('/')
        && !link.starts_with("//")
        && !link.contains('\\')
        && link.len() <= LINK_MAX
        && !link.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then(|| link.to_owned())
        .ok_or(Msg::Account(AccountMsg::LinkShape))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::msg::FormMsg;

    fn form() -> HelpForm {
        HelpForm {
            slug: "lost-password".into(),
            section: "account".into(),
            link: "/forgot-password".into(),
            fr_question: "J’ai perdu mon mot de passe".into(),
            fr_answer: "Choisissez-en un nouveau.".into(),
            en_question: "I lost my password".into(),
            en_answer: "Choose a new one.".into(),
        }
    }

    #[test]
    fn a_complete_article_is_taken_in_both_languages() {
        let d = form().parse().unwrap();
        assert_eq!(d.section, Section::Account);
        assert_eq!(d.text(Lang::En).question, "I lost my password");
        assert_eq!(d.text(Lang::Fr).answer, "Choisissez-en un nouveau.");
    }

    #[test]
    fn every_problem_is_told_at_its_field() {
        let bad = HelpForm {
            slug: "Lost Password".into(),
            section: "faq".into(),
            link: "https://elsewhere.example/".into(),
            en_answer: "short".into(),
            fr_question: String::new(),
            ..form()
        };
        let errors = bad.parse().unwrap_err().into_vec();
        let at = |f: &str| {
            errors
                .iter()
                .find(|e| e.field == f)
                .map(|e| e.message.clone())
        };
        assert_eq!(at("slug"), Some(Msg::Account(AccountMsg::SlugShape)));
        assert_eq!(
            at("section"),
            Some(Msg::Account(AccountMsg::UnknownSection))
        );
        assert_eq!(at("link"), Some(Msg::Account(AccountMsg::LinkShape)));
        assert_eq!(at("fr_question"), Some(Msg::Form(FormMsg::Required)));
        assert_eq!(
            at("en_answer"),
            Some(Msg::Form(FormMsg::TooShort { min: ANSWER_MIN }))
        );
        assert_eq!(errors.len(), 5);
    }

    #[test]
    fn slugs_and_links_are_ours() {
        for good in ["a", "lost-password", "r0-fee-2"] {
            assert!(parse_slug(good).is_ok(), "{good}");
        }
        for bad in ["", "-a", "a-", "a--b", "É", "a b", &"a".repeat(81)] {
            assert!(parse_slug(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_link(""), Ok(String::new()));
        assert_eq!(parse_link(" /feed?page=2 "), Ok("/feed?page=2".into()));
        for bad in ["feed", "//evil.example", "/\\evil", "/a b", "javascript:x"] {
            assert!(parse_link(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn searches_are_trimmed_and_bounded() {
        assert_eq!(
            search_terms("  mot \t passe\noublie "),
            Some("mot passe oublie".into())
        );
        assert_eq!(search_terms(" \u{0} "), None);
        assert_eq!(search_terms(&"x".repeat(500)).unwrap().len(), QUERY_MAX);
    }

    #[test]
    fn answers_are_read_as_paragraphs() {
        assert_eq!(paragraphs("One.\n\n\n Two.\n\n"), vec!["One.", "Two."]);
    }
}
