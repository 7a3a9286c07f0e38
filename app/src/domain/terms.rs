//! The terms of use (CGU/CGV): numbered versions, each in both languages,
//! that every person accepts — at sign-up, and again when staff publish a
//! new one. The texts are data (migration 20, then staff's versions).

use super::fields::{bounded, FieldErrors};
use serde::{Deserialize, Serialize};

pub const SUMMARY_MAX: usize = 1000;
pub const BODY_MIN: usize = 200;
pub const BODY_MAX: usize = 60_000;

/// A new version as staff type it: what changed, and the whole text, in
/// both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsForm {
    #[serde(default)]
    pub summary_fr: String,
    #[serde(default)]
    pub summary_en: String,
    #[serde(default)]
    pub body_fr: String,
    #[serde(default)]
    pub body_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsDraft {
    pub summary_fr: String,
    pub summary_en: String,
    pub body_fr: String,
    pub body_en: String,
}

impl TermsDraft {
    pub fn parse(form: &TermsForm) -> Result<TermsDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let summary_fr = errors.check("summary_fr", bounded(&form.summary_fr, 5, SUMMARY_MAX));
        let summary_en = errors.check("summary_en", bounded(&form.summary_en, 5, SUMMARY_MAX));
        let body_fr = errors.check("body_fr", bounded(&form.body_fr, BODY_MIN, BODY_MAX));
        let body_en = errors.check("body_en", bounded(&form.body_en, BODY_MIN, BODY_MAX));
        match (summary_fr, summary_en, body_fr, body_en) {
            (Some(summary_fr), Some(summary_en), Some(body_fr), Some(body_en)) => Ok(TermsDraft {
                summary_fr,
                summary_en,
                body_fr,
                body_en,
            }),
            _ => Err(errors),
        }
    }
}

/// One piece of a text: a heading (a line starting with `## `) or a
/// paragraph (lines between blank lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    Heading(String),
    Para(String),
}

/// `text` cut into headings and paragraphs, for a page to show.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Para(para.join(" ")));
            para.clear();
        }
    };
    for line in text.lines().map(str::trim) {
        if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut para, &mut out);
            out.push(Block::Heading(heading.trim().to_owned()));
        } else if line.is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::msg::FormMsg;
    use crate::domain::msg::Msg;

    #[test]
    fn a_text_reads_as_headings_and_paragraphs() {
        let text = "## 1. Objet\nLa plateforme met en relation\ndes clients.\n\nDeuxième.\n## 2. Prix\n\nTrois.";
        assert_eq!(
            blocks(text),
            vec![
                Block::Heading("1. Objet".into()),
                Block::Para("La plateforme met en relation des clients.".into()),
                Block::Para("Deuxième.".into()),
                Block::Heading("2. Prix".into()),
                Block::Para("Trois.".into()),
            ]
        );
        assert!(blocks("  \n\n").is_empty());
    }

    #[test]
    fn a_version_has_both_languages() {
        let long = "x".repeat(BODY_MIN);
        let ok = TermsDraft::parse(&TermsForm {
            summary_fr: "Nouveaux frais".into(),
            summary_en: "New fees".into(),
            body_fr: long.clone(),
            body_en: long.clone(),
        });
        assert!(ok.is_ok());
        let e = TermsDraft::parse(&TermsForm {
            summary_fr: "Nouveaux frais".into(),
            summary_en: String::new(),
            body_fr: "court".into(),
            body_en: long,
        })
        .unwrap_err()
        .into_vec();
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].field.as_str(), &e[0].message),
            ("summary_en", &Msg::Form(FormMsg::Required))
        );
        assert_eq!(e[1].field, "body_fr");
    }
}
