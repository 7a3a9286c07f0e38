//! The contact page's rules: what a message to staff is made of, and what
//! staff's reply may be. Messages land in the staff inbox; replies go out
//! by email through the outbox.

use super::account::Email;
use super::fields::{bounded, FieldErrors};
use super::msg::Msg;
use crate::domain::msg::{AccountMsg, FormMsg};
use serde::{Deserialize, Serialize};

/// What a message is about, so staff can sort the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Account,
    Project,
    Payment,
    /// Someone suggests dealing outside the platform, or a suspicious message.
    Report,
    Other,
}

impl Topic {
    pub const ALL: [Topic; 5] = [
        Topic::Account,
        Topic::Project,
        Topic::Payment,
        Topic::Report,
        Topic::Other,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Topic::Account => "account",
            Topic::Project => "project",
            Topic::Payment => "payment",
            Topic::Report => "report",
            Topic::Other => "other",
        }
    }

    pub fn from_slug(raw: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.slug() == raw.trim())
    }
}

pub const NAME_MAX: usize = 100;
pub const BODY_MIN: usize = 10;
pub const BODY_MAX: usize = 5000;
pub const REPLY_MIN: usize = 2;
pub const REPLY_MAX: usize = 10_000;

/// The contact form as typed. A signed-in person's name and address come
/// from their account, so theirs are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub body: String,
}

/// Who writes, when they are not signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub name: String,
    pub email: Email,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDraft {
    /// `None` for a signed-in person: their account says who they are.
    pub sender: Option<Sender>,
    pub topic: Topic,
    pub body: String,
}

impl ContactDraft {
    /// Checks every field at once; `signed_in` skips the name and address.
    pub fn parse(form: &ContactForm, signed_in: bool) -> Result<ContactDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let sender = if signed_in {
            None
        } else {
            let name = errors.check(
                "name",
                bounded(&form.name, 2, NAME_MAX).and_then(|n| {
                    if n.contains(['\n', '\r', '\t']) {
                        Err(Msg::Form(FormMsg::BadCharacters))
                    } else {
                        Ok(n)
                    }
                }),
            );
            let email = errors.check("email", Email::parse(&form.email));
            name.zip(email).map(|(name, email)| Sender { name, email })
        };
        let topic = errors.check(
            "topic",
            Topic::from_slug(&form.topic).ok_or(Msg::Account(AccountMsg::ChooseTopic)),
        );
        let body = errors.check("body", bounded(&form.body, BODY_MIN, BODY_MAX));
        match (topic, body) {
            (Some(topic), Some(body)) if errors.is_empty() && (signed_in || sender.is_some()) => {
                Ok(ContactDraft {
                    sender,
                    topic,
                    body,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Staff's answer to a message, as sent by email.
pub fn parse_reply(raw: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    match errors.check("reply", bounded(raw, REPLY_MIN, REPLY_MAX)) {
        Some(reply) => Ok(reply),
        None => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, email: &str, topic: &str, body: &str) -> ContactForm {
        ContactForm {
            name: name.into(),
            email: email.into(),
            topic: topic.into(),
            body: body.into(),
        }
    }

    #[test]
    fn a_visitor_says_who_they_are() {
        let ok = ContactDraft::parse(
            &form(
                "Marie Curie",
                " marie@example.fr ",
                "payment",
                "Where is my payout?",
            ),
            false,
        )
        .unwrap();
        let sender = ok.sender.unwrap();
        assert_eq!(sender.email.as_str(), "marie@example.fr");
        assert_eq!(ok.topic, Topic::Payment);
        let e = ContactDraft::parse(&form("", "nope", "fax", "short"), false)
            .unwrap_err()
            .into_vec();
        let fields: Vec<_> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "topic", "body"]);
        assert_eq!(e[2].message, Msg::Account(AccountMsg::ChooseTopic));
    }

    #[test]
    fn a_signed_in_person_only_writes_the_message() {
        let ok = ContactDraft::parse(
            &form("", "", "report", "Someone asked me to pay them directly."),
            true,
        )
        .unwrap();
        assert_eq!(ok.sender, None);
        assert!(ContactDraft::parse(&form("", "", "report", "x"), true).is_err());
        let long = "a".repeat(BODY_MAX + 1);
        let e = ContactDraft::parse(&form("", "", "other", &long), true)
            .unwrap_err()
            .into_vec();
        assert_eq!(
            e[0].message,
            Msg::Form(FormMsg::TooLong {
                max: BODY_MAX,
                len: BODY_MAX + 1
            })
        );
    }

    #[test]
    fn a_reply_says_something() {
        assert_eq!(parse_reply("  Done.  ").unwrap(), "Done.");
        assert_eq!(parse_reply(" ").unwrap_err().into_vec()[0].field, "reply");
    }
}
