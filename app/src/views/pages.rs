//! The fixed pages (zero risk, invoice, warning), the contact inbox and the
//! terms of use, as pages show them.

use crate::domain::contact::Topic;
use crate::domain::locale::Lang;
use crate::domain::terms::Block;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A fixed page in one language (the texts are `app/pages/info.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoPage {
    pub slug: String,
    pub title: String,
    pub intro: String,
    pub sections: Vec<InfoSection>,
    #[serde(default)]
    pub links: Vec<InfoLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoSection {
    #[serde(rename = "h")]
    pub heading: String,
    #[serde(rename = "p")]
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoLink {
    pub href: String,
    pub text: String,
}

/// One message of the staff inbox, with staff's replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactMessage {
    pub id: i64,
    /// The account that wrote, if signed in.
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub topic: Topic,
    pub body: String,
    pub lang: Lang,
    pub created_at: OffsetDateTime,
    pub answered_at: Option<OffsetDateTime>,
    pub replies: Vec<ContactReply>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactReply {
    /// Who answered (`None` once their account is gone).
    pub staff: Option<String>,
    pub body: String,
    pub created_at: OffsetDateTime,
}

/// The terms page: one version in the reader's language, every version,
/// and what the reader accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsPage {
    pub version: i32,
    pub published_at: OffsetDateTime,
    pub summary: String,
    pub blocks: Vec<Block>,
    /// The newest version's number.
    pub current: i32,
    /// Every version, newest first: number, date, what changed.
    pub versions: Vec<(i32, OffsetDateTime, String)>,
    /// When the reader accepted each version they accepted (signed in).
    pub accepted: Vec<(i32, OffsetDateTime)>,
    pub signed_in: bool,
}

impl TermsPage {
    /// A signed-in reader who has not accepted the newest version yet.
    pub fn must_accept(&self) -> bool {
        self.signed_in && !self.accepted.iter().any(|(v, _)| *v == self.current)
    }
}
