//! What the product's emails say: each kind of email as data (stored in the
//! outbox), and its rendering as a subject, a plain-text part and an HTML
//! part, with the product's name and a footer. Pure: the sender supplies
//! the site's address and, for emails one may turn off, the signed
//! unsubscribe link.

use super::locale::Lang;
use super::msg::Msg;
use super::words::{kind_text, say};
use crate::i18n::{td_string, Locale};
use serde::{Deserialize, Serialize};

/// The product's name, as emails sign it.
pub const PRODUCT: &str = "Marketplace";

/// How long a verification link works.
pub const VERIFY_HOURS: i64 = 72;
/// How long a password-reset link works.
pub const RESET_HOURS: i64 = 1;
/// How long an invitation works.
pub const INVITE_DAYS: i64 = 7;
/// How long a link confirming a new address works.
pub const CHANGE_EMAIL_HOURS: i64 = 24;

/// One email, as the outbox keeps it until it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MailBody {
    /// Prove the address belongs to the person who typed it.
    Verify { name: String, token: String },
    /// A link to choose a new password.
    Reset { name: String, token: String },
    /// Staff wrote a lead for someone with no account: choose a password.
    Invite {
        name: String,
        inviter: String,
        title: String,
        token: String,
    },
    /// The password was changed: if it was not them, they should act.
    PasswordChanged { name: String },
    /// Sent to a new address: confirm it to move the account there.
    ConfirmEmail {
        name: String,
        new_email: String,
        token: String,
    },
    /// Sent to the old address once the account moved to a new one.
    EmailChanged { name: String, new_email: String },
    /// The account was deleted at its owner's request; in the language
    /// the account read in, since the account no longer says it (French
    /// for rows queued before the field existed).
    AccountDeleted {
        name: String,
        #[serde(default)]
        lang: Lang,
    },
    /// A notification's email counterpart.
    Notice {
        name: String,
        kind: String,
        #[serde(deserialize_with = "super::msg::text_or_kind")]
        message: Msg,
        link: Option<String>,
    },
    /// The daily digest: what waited since the last one.
    Digest {
        name: String,
        items: Vec<DigestItem>,
    },
    /// Staff's answer to a message sent from the contact page, in the
    /// language it was written in.
    ContactReply {
        name: String,
        question: String,
        reply: String,
        lang: Lang,
    },
}

/// One line of a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestItem {
    #[serde(deserialize_with = "super::msg::text_or_kind")]
    pub message: Msg,
    pub link: Option<String>,
}

impl MailBody {
    /// The outbox's `kind` column: what the email is about.
    pub fn kind(&self) -> &'static str {
        match self {
            MailBody::Verify { .. } => "verify",
            MailBody::Reset { .. } => "reset",
            MailBody::Invite { .. } => "invite",
            MailBody::PasswordChanged { .. } => "password_changed",
            MailBody::ConfirmEmail { .. } => "confirm_email",
            MailBody::EmailChanged { .. } => "email_changed",
            MailBody::AccountDeleted { .. } => "account_deleted",
            MailBody::Notice { .. } => "notice",
            MailBody::Digest { .. } => "digest",
            MailBody::ContactReply { .. } => "contact_reply",
        }
    }

    /// The language the email is written in: the reader's (`reader`, their
    /// account's choice), except for a contact reply, which answers in the
    /// language the message was written in, and the farewell to a deleted
    /// account, which no longer has a reader.
    pub fn lang(&self, reader: Lang) -> Lang {
        match self {
            MailBody::ContactReply { lang, .. } | MailBody::AccountDeleted { lang, .. } => *lang,
            _ => reader,
        }
    }

    /// What a one-click unsubscribe from this email turns off: the
    /// notification's kind, or the digest. None for essential emails.
    pub fn unsubscribes(&self) -> Option<&str> {
        match self {
            MailBody::Notice { kind, .. } => Some(kind),
            MailBody::Digest { .. } => Some(super::notices::DIGEST),
            _ => None,
        }
    }

    /// The same email with any secret it carries blanked, as kept once sent.
    pub fn without_secrets(&self) -> MailBody {
        match self {
            MailBody::Verify { name, .. } => MailBody::Verify {
                name: name.clone(),
                token: String::new(),
            },
            MailBody::Reset { name, .. } => MailBody::Reset {
                name: name.clone(),
                token: String::new(),
            },
            MailBody::Invite {
                name,
                inviter,
                title,
                ..
            } => MailBody::Invite {
                name: name.clone(),
                inviter: inviter.clone(),
                title: title.clone(),
                token: String::new(),
            },
            MailBody::ConfirmEmail {
                name, new_email, ..
            } => MailBody::ConfirmEmail {
                name: name.clone(),
                new_email: new_email.clone(),
                token: String::new(),
            },
            other => other.clone(),
        }
    }
}

/// An email ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A paragraph or a call to action, rendered to both parts.
enum Block {
    Para(String),
    Button {
        label: String,
        url: String,
    },
    /// A line with its link (digest items).
    Line {
        text: String,
        url: Option<String>,
    },
}

/// What an email says in `lang`: its subject, whom it greets, and its blocks.
fn content<'a>(body: &'a MailBody, lang: Lang, site: &str) -> (String, &'a str, Vec<Block>) {
    let l = locale(lang);
    let para = |text: String| Block::Para(text);
    match body {
        MailBody::Verify { name, token } => (
            td_string!(l, mail.verify.subject).to_string(),
            name,
            vec![
                para(crate::tdf!(l, mail.verify.intro, product = PRODUCT)),
                Block::Button {
                    label: td_string!(l, mail.verify.button).to_string(),
                    url: format!("{site}/verify-email?token={token}"),
                },
                para(crate::tdf!(l, mail.verify.outro, hours = VERIFY_HOURS)),
            ],
        ),
        MailBody::Reset { name, token } => (
            td_string!(l, mail.reset.subject).to_string(),
            name,
            vec![
                para(td_string!(l, mail.reset.intro).to_string()),
                Block::Button {
                    label: td_string!(l, mail.reset.button).to_string(),
                    url: format!("{site}/reset-password?token={token}"),
                },
                para(crate::tdf!(l, mail.reset.outro, hours = RESET_HOURS)),
            ],
        ),
        MailBody::Invite {
            name,
            inviter,
            title,
            token,
        } => (
            crate::tdf!(
                l,
                mail.invite.subject,
                title = title.as_str(),
                product = PRODUCT
            ),
            name,
            vec![
                para(crate::tdf!(
                    l,
                    mail.invite.intro,
                    inviter = inviter.as_str(),
                    product = PRODUCT,
                    title = title.as_str()
                )),
                Block::Button {
                    label: td_string!(l, mail.invite.button).to_string(),
                    url: format!("{site}/reset-password?token={token}&invite=1"),
                },
                para(crate::tdf!(l, mail.invite.outro, days = INVITE_DAYS)),
            ],
        ),
        MailBody::PasswordChanged { name } => (
            td_string!(l, mail.changed.subject).to_string(),
            name,
            vec![
                para(td_string!(l, mail.changed.intro).to_string()),
                para(crate::tdf!(
                    l,
                    mail.changed.outro,
                    link = format!("{site}/forgot-password")
                )),
            ],
        ),
        MailBody::Notice {
            name,
            kind,
            message,
            link,
        } => notice(lang, name, kind, message, link.as_deref(), site),
        MailBody::ContactReply { .. } => contact_reply(body, site),
        MailBody::Digest { name, items } => digest(lang, name, items, site),
        other => address_content(other, lang, site),
    }
}

/// The emails about the account's address and its end.
fn address_content<'a>(
    body: &'a MailBody,
    lang: Lang,
    site: &str,
) -> (String, &'a str, Vec<Block>) {
    let l = locale(lang);
    let para = |text: String| Block::Para(text);
    match body {
        MailBody::ConfirmEmail {
            name,
            new_email,
            token,
        } => (
            td_string!(l, mail.confirm.subject).to_string(),
            name,
            vec![
                para(crate::tdf!(
                    l,
                    mail.confirm.intro,
                    product = PRODUCT,
                    email = new_email.as_str()
                )),
                Block::Button {
                    label: td_string!(l, mail.confirm.button).to_string(),
                    url: format!("{site}/confirm-email?token={token}"),
                },
                para(crate::tdf!(
                    l,
                    mail.confirm.outro,
                    hours = CHANGE_EMAIL_HOURS
                )),
            ],
        ),
        MailBody::EmailChanged { name, new_email } => (
            td_string!(l, mail.moved.subject).to_string(),
            name,
            vec![
                para(crate::tdf!(
                    l,
                    mail.moved.intro,
                    product = PRODUCT,
                    email = new_email.as_str()
                )),
                para(td_string!(l, mail.moved.outro).to_string()),
            ],
        ),
        MailBody::AccountDeleted { name, .. } => (
            td_string!(l, mail.deleted.subject).to_string(),
            name,
            vec![para(crate::tdf!(l, mail.deleted.intro, product = PRODUCT))],
        ),
        _ => (String::new(), "", Vec::new()),
    }
}

fn notice<'a>(
    lang: Lang,
    name: &'a str,
    kind: &str,
    message: &Msg,
    link: Option<&str>,
    site: &str,
) -> (String, &'a str, Vec<Block>) {
    let l = locale(lang);
    let subject = if super::notices::find(kind).is_some() {
        kind_text(lang, kind)
    } else {
        td_string!(l, kinds.news).to_string()
    };
    let mut blocks = vec![Block::Para(say(lang, message))];
    if let Some(link) = link {
        blocks.push(Block::Button {
            label: crate::tdf!(l, mail.open, product = PRODUCT),
            url: format!("{site}{link}"),
        });
    }
    (subject, name, blocks)
}

fn digest<'a>(
    lang: Lang,
    name: &'a str,
    items: &[DigestItem],
    site: &str,
) -> (String, &'a str, Vec<Block>) {
    let l = locale(lang);
    let subject = match items.len() {
        1 => td_string!(l, mail.digest.subject_one).to_string(),
        n => crate::tdf!(l, mail.digest.subject_many, n = n),
    };
    let mut blocks = vec![Block::Para(td_string!(l, mail.digest.intro).to_string())];
    blocks.extend(items.iter().map(|i| Block::Line {
        text: say(lang, &i.message),
        url: i.link.as_ref().map(|l| format!("{site}{l}")),
    }));
    blocks.push(Block::Para(crate::tdf!(
        l,
        mail.digest.outro,
        link = format!("{site}/settings/notifications")
    )));
    (subject, name, blocks)
}

fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::Fr => Locale::fr,
        Lang::En => Locale::en,
    }
}

fn contact_reply<'a>(body: &'a MailBody, site: &str) -> (String, &'a str, Vec<Block>) {
    let MailBody::ContactReply {
        name,
        question,
        reply,
        lang,
    } = body
    else {
        return (String::new(), "", Vec::new());
    };
    let l = locale(*lang);
    (
        td_string!(l, mail.contact_subject).to_string(),
        name,
        vec![
            Block::Para(td_string!(l, mail.contact_intro).to_string()),
            Block::Para(reply.clone()),
            Block::Para(td_string!(l, mail.contact_yours).to_string()),
            Block::Para(question.trim().to_owned()),
            Block::Line {
                text: td_string!(l, mail.contact_again).to_string(),
                url: Some(format!("{site}/contact")),
            },
        ],
    )
}

/// Renders `body` for a site at `site` (no trailing slash).
/// `unsubscribe` is the signed link for emails one may turn off.
pub fn render(body: &MailBody, reader: Lang, site: &str, unsubscribe: Option<&str>) -> Rendered {
    let site = site.trim_end_matches('/');
    let lang = body.lang(reader);
    let (subject, greeting, blocks) = content(body, lang, site);
    let subject = format!("{subject} · {PRODUCT}");
    let l = locale(lang);
    let greeting = crate::tdf!(l, mail.hello, name = greeting);
    let footer = match body {
        MailBody::ContactReply { .. } => {
            crate::tdf!(l, mail.footer_contact, product = PRODUCT, site = site)
        }
        _ => crate::tdf!(l, mail.footer_account, product = PRODUCT, site = site),
    };
    let stop = td_string!(l, mail.stop);
    // French sets a narrow no-break space before a colon.
    let colon = match lang {
        Lang::Fr => "\u{202f}:",
        Lang::En => ":",
    };

    let mut text = format!("{greeting}\n\n");
    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1d2433;max-width:36rem\">\
         <p style=\"font-weight:700\">{PRODUCT}</p><p>{}</p>",
        lang.code(),
        escape(&subject),
        escape(&greeting)
    );
    for block in &blocks {
        match block {
            Block::Para(p) => {
                text.push_str(p);
                text.push_str("\n\n");
                html.push_str(&format!("<p>{}</p>", escape(p)));
            }
            Block::Line { text: line, url } => match url {
                Some(url) => {
                    text.push_str(&format!("- {line}\n  {url}\n\n"));
                    html.push_str(&format!(
                        "<p>• <a href=\"{}\">{}</a></p>",
                        escape(url),
                        escape(line)
                    ));
                }
                None => {
                    text.push_str(&format!("- {line}\n\n"));
                    html.push_str(&format!("<p>• {}</p>", escape(line)));
                }
            },
            Block::Button { label, url } => {
                text.push_str(&format!("{label}{colon} {url}\n\n"));
                html.push_str(&format!(
                    "<p><a href=\"{}\" style=\"display:inline-block;padding:.6rem 1rem;\
                     background:#2451c7;color:#fff;border-radius:6px;text-decoration:none\">{}</a></p>",
                    escape(url),
                    escape(label)
                ));
            }
        }
    }
    text.push_str(&format!("-- \n{PRODUCT}\n{footer}\n"));
    html.push_str(&format!(
        "<hr><p style=\"font-size:.85rem;color:#5b6475\">{}",
        escape(&footer)
    ));
    if let Some(link) = unsubscribe {
        text.push_str(&format!("{stop}{colon} {link}\n"));
        html.push_str(&format!(" <a href=\"{}\">{stop}</a>.", escape(link)));
    }
    html.push_str("</p></body></html>");
    Rendered {
        subject,
        text,
        html,
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Back-off before the next attempt after `attempts` failed ones: 30 s,
/// doubling, at most an hour.
pub fn retry_delay_secs(attempts: i32) -> i64 {
    (30i64 << attempts.clamp(0, 7)).min(3600)
}

/// Attempts after which an email is given up ("dead") for staff to see.
pub const MAX_ATTEMPTS: i32 = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verification_email_carries_its_link_in_both_parts() {
        let body = MailBody::Verify {
            name: "Ana <b>".into(),
            token: "abc123".into(),
        };
        let r = render(&body, Lang::En, "https://example.com/", None);
        assert_eq!(r.subject, "Confirm your email address · Marketplace");
        assert!(r
            .text
            .contains("Confirm my email: https://example.com/verify-email?token=abc123"));
        assert!(r
            .html
            .contains("href=\"https://example.com/verify-email?token=abc123\""));
        assert!(r.text.contains("Hello Ana <b>,"));
        assert!(r.html.contains("Hello Ana &lt;b&gt;,"), "{}", r.html);
        assert!(!r.text.contains("Stop these emails"));
    }

    #[test]
    fn a_change_of_address_is_confirmed_at_the_new_one_and_told_to_the_old() {
        let confirm = MailBody::ConfirmEmail {
            name: "Ana".into(),
            new_email: "ana@new.example".into(),
            token: "t0k".into(),
        };
        let r = render(&confirm, Lang::En, "https://example.com", None);
        assert!(r.text.contains("to ana@new.example"), "{}", r.text);
        assert!(r
            .text
            .contains("Confirm my new address: https://example.com/confirm-email?token=t0k"));
        assert_eq!(
            confirm.without_secrets(),
            MailBody::ConfirmEmail {
                name: "Ana".into(),
                new_email: "ana@new.example".into(),
                token: String::new(),
            }
        );
        let told = MailBody::EmailChanged {
            name: "Ana".into(),
            new_email: "ana@new.example".into(),
        };
        let r = render(&told, Lang::En, "https://example.com", None);
        assert_eq!(r.subject, "Your email address was changed · Marketplace");
        assert!(r.text.contains("now uses ana@new.example"));
        assert_eq!(told.unsubscribes(), None);
        let gone = MailBody::AccountDeleted {
            name: "Ana".into(),
            lang: Lang::En,
        };
        // The account's language, whoever the outbox thinks reads it.
        let r = render(&gone, Lang::Fr, "x", None);
        assert!(r.text.contains("last email"));
        let r = render(
            &MailBody::AccountDeleted {
                name: "Ana".into(),
                lang: Lang::Fr,
            },
            Lang::En,
            "x",
            None,
        );
        assert!(r.subject.starts_with("Votre compte"), "{}", r.subject);
        // Queued before the field existed: French, the product's own.
        let old: MailBody =
            serde_json::from_value(serde_json::json!({"type": "account_deleted", "name": "Ana"}))
                .unwrap();
        assert_eq!(old.lang(Lang::En), Lang::Fr);
    }

    #[test]
    fn an_unsubscribe_link_goes_in_the_footer() {
        let body = MailBody::PasswordChanged { name: "Ana".into() };
        let r = render(
            &body,
            Lang::En,
            "http://x",
            Some("http://x/unsubscribe?s=1&k=2"),
        );
        assert!(r
            .text
            .ends_with("Stop these emails: http://x/unsubscribe?s=1&k=2\n"));
        assert!(r.html.contains("href=\"http://x/unsubscribe?s=1&amp;k=2\""));
    }

    #[test]
    fn secrets_are_blanked_once_sent() {
        let body = MailBody::Reset {
            name: "Ana".into(),
            token: "secret".into(),
        };
        let kept = body.without_secrets();
        assert_eq!(kept.kind(), "reset");
        assert!(!serde_json::to_string(&kept).unwrap().contains("secret"));
    }

    #[test]
    fn a_notice_links_to_its_page_and_can_be_turned_off() {
        let body = MailBody::Notice {
            name: "Paul".into(),
            kind: "offer_read".into(),
            message: Msg::Legacy("Claire read your offer.".into()),
            link: Some("/projects/4".into()),
        };
        assert_eq!(body.unsubscribes(), Some("offer_read"));
        let r = render(
            &body,
            Lang::En,
            "http://x",
            Some("http://x/unsubscribe?u=1"),
        );
        assert_eq!(r.subject, "Your offer is read · Marketplace");
        assert!(r
            .text
            .contains("Claire read your offer.\n\nOpen in Marketplace: http://x/projects/4"));
        assert!(r
            .text
            .contains("Stop these emails: http://x/unsubscribe?u=1"));
    }

    #[test]
    fn a_digest_lists_its_items_with_links() {
        let body = MailBody::Digest {
            name: "Paul".into(),
            items: vec![
                DigestItem {
                    message: Msg::Legacy("New project “A & B”".into()),
                    link: Some("/projects/7".into()),
                },
                DigestItem {
                    message: Msg::Legacy("Another".into()),
                    link: None,
                },
            ],
        };
        assert_eq!(body.unsubscribes(), Some("digest"));
        assert_eq!(
            MailBody::PasswordChanged { name: "P".into() }.unsubscribes(),
            None
        );
        let r = render(&body, Lang::En, "http://x", None);
        assert_eq!(r.subject, "Your daily digest: 2 new items · Marketplace");
        assert!(r
            .text
            .contains("- New project “A & B”\n  http://x/projects/7\n"));
        assert!(r
            .html
            .contains("<a href=\"http://x/projects/7\">New project “A &amp; B”</a>"));
    }

    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(retry_delay_secs(0), 30);
        assert_eq!(retry_delay_secs(1), 60);
        assert_eq!(retry_delay_secs(6), 1920);
        assert_eq!(retry_delay_secs(7), 3600);
        assert_eq!(retry_delay_secs(50), 3600);
    }

    #[test]
    fn each_email_is_written_in_its_readers_language() {
        let body = MailBody::Verify {
            name: "Inès".into(),
            token: "t0k".into(),
        };
        let fr = render(&body, Lang::Fr, "https://example.com", None);
        assert_eq!(fr.subject, "Confirmez votre adresse e-mail · Marketplace");
        assert!(fr.text.starts_with("Bonjour Inès,"));
        assert!(fr
            .text
            .contains("Confirmer mon adresse\u{202f}: https://example.com/verify-email?token=t0k"));
        assert!(fr.html.contains("<html lang=\"fr\">"));
        let en = render(&body, Lang::En, "https://example.com", None);
        assert_eq!(en.subject, "Confirm your email address · Marketplace");
        assert!(en
            .text
            .contains("Confirm my email: https://example.com/verify-email"));
        // Every kind of email that follows its reader has a French subject
        // of its own (a deleted account's farewell has no reader left).
        let all = [
            MailBody::Reset {
                name: "A".into(),
                token: "t".into(),
            },
            MailBody::PasswordChanged { name: "A".into() },
            MailBody::EmailChanged {
                name: "A".into(),
                new_email: "a@b.c".into(),
            },
            MailBody::ConfirmEmail {
                name: "A".into(),
                new_email: "a@b.c".into(),
                token: "t".into(),
            },
            MailBody::Digest {
                name: "A".into(),
                items: vec![],
            },
        ];
        for body in all {
            let (fr, en) = (
                render(&body, Lang::Fr, "x", None),
                render(&body, Lang::En, "x", None),
            );
            assert_ne!(fr.subject, en.subject, "{body:?}");
            assert!(fr.text.starts_with("Bonjour"), "{body:?}");
        }
    }
}
