//! The help centre as pages show it.

use crate::domain::help::Section;
use serde::{Deserialize, Serialize};

/// One question in a list (the index, search results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpEntry {
    pub slug: String,
    pub section: Section,
    pub question: String,
    /// The answer's first words, for search results.
    pub excerpt: String,
}

/// Every question, section by section, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpIndex {
    pub sections: Vec<(Section, Vec<HelpEntry>)>,
}

/// One article, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpArticle {
    pub slug: String,
    pub section: Section,
    pub question: String,
    pub answer: String,
    /// The page where the thing is done, if any.
    pub link: String,
    pub version: i32,
    pub updated_at: time::Date,
}

/// What staff edit: both languages, and the article's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpEdit {
    pub form: crate::domain::help::HelpForm,
    pub versions: Vec<HelpVersion>,
}

/// One saved version of one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpVersion {
    pub lang: crate::domain::locale::Lang,
    pub version: i32,
    pub question: String,
    /// Who saved it: `None` for the answers written with the product.
    pub edited_by: Option<String>,
    pub saved_at: time::OffsetDateTime,
}
