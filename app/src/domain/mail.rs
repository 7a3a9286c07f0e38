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

/// What a reset request answers, whether the address has an account or not.
pub const RESET_SENT: &str =
    "If an account uses this address, we have sent it a link to choose a new password. \
     It works for one hour.";

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
    /// The account was deleted at its owner's request.
    AccountDeleted { name: String },
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

    /// The language the email is written in. Only the contact reply is
    /// translated so far; the others are still English.
    pub fn lang(&self) -> Lang {
        match self {
            MailBody::ContactReply { lang, .. } => *lang,
            _ => Lang::En,
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

/// What an email says: its subject, whom it greets, and its blocks.
fn content<'a>(body: &'a MailBody, site: &str) -> (String, &'a str, Vec<Block>) {
    match body {
        MailBody::Verify { name, token } => (
            "Confirm your email address".to_string(),
            name,
            vec![
                Block::Para(format!(
                    "Welcome to {PRODUCT}. Confirm that this address is yours to post projects, \
                     spend credits, buy leads, make offers and pay."
                )),
                Block::Button {
                    label: "Confirm my email".into(),
                    url: format!("{site}/verify-email?token={token}"),
                },
                Block::Para(format!(
                    "The link works once, for {VERIFY_HOURS} hours. If you did not sign up, \
                     ignore this email: nothing happens without the link."
                )),
            ],
        ),
        MailBody::Reset { name, token } => (
            "Choose a new password".to_string(),
            name,
            vec![
                Block::Para(
                    "Someone (we hope you) asked to reset the password of your account.".into(),
                ),
                Block::Button {
                    label: "Choose a new password".into(),
                    url: format!("{site}/reset-password?token={token}"),
                },
                Block::Para(format!(
                    "The link works once, for {RESET_HOURS} hour. Choosing a new password signs \
                     you out everywhere. If you did not ask, ignore this email: your password \
                     stays as it is."
                )),
            ],
        ),
        MailBody::Invite {
            name,
            inviter,
            title,
            token,
        } => invite(name, inviter, title, token, site),
        MailBody::PasswordChanged { name } => (
            "Your password was changed".to_string(),
            name,
            vec![
                Block::Para(
                    "The password of your account was just changed, and you were signed out \
                     everywhere else."
                        .into(),
                ),
                Block::Para(format!(
                    "If it was not you, choose a new password at once from {site}/forgot-password \
                     and tell us."
                )),
            ],
        ),
        MailBody::Notice {
            name,
            kind,
            message,
            link,
        } => notice(name, kind, message, link.as_deref(), site),
        MailBody::ContactReply { .. } => contact_reply(body, site),
        MailBody::Digest { name, items } => digest(name, items, site),
        MailBody::ConfirmEmail {
            name,
            new_email,
            token,
        } => confirm_email(name, new_email, token, site),
        MailBody::EmailChanged { name, new_email } => email_changed(name, new_email),
        MailBody::AccountDeleted { name } => account_deleted(name),
    }
}

fn confirm_email<'a>(
    name: &'a str,
    new_email: &str,
    token: &str,
    site: &str,
) -> (String, &'a str, Vec<Block>) {
    (
        "Confirm your new email address".to_string(),
        name,
        vec![
            Block::Para(format!(
                "You asked to move your {PRODUCT} account to {new_email}. Confirm that this \
                 address is yours; until then the account keeps its old address."
            )),
            Block::Button {
                label: "Confirm my new address".into(),
                url: format!("{site}/confirm-email?token={token}"),
            },
            Block::Para(format!(
                "The link works once, for {CHANGE_EMAIL_HOURS} hours. If you did not ask, \
                 ignore this email: nothing changes without the link."
            )),
        ],
    )
}

fn email_changed<'a>(name: &'a str, new_email: &str) -> (String, &'a str, Vec<Block>) {
    (
        "Your email address was changed".to_string(),
        name,
        vec![
            Block::Para(format!(
                "Your {PRODUCT} account now uses {new_email}: emails no longer come to this \
                 address, and you log in with the new one."
            )),
            Block::Para(
                "If it was not you, reply to this email at once: staff can give the account \
                 back to this address."
                    .into(),
            ),
        ],
    )
}

fn account_deleted(name: &str) -> (String, &str, Vec<Block>) {
    (
        "Your account was deleted".to_string(),
        name,
        vec![Block::Para(format!(
            "As you asked, your {PRODUCT} account is deleted: your name, address and profile \
             are erased, and you are signed out everywhere. Payments and ledgers keep \
             anonymous lines, as the law asks. This is the last email we send you."
        ))],
    )
}

fn invite<'a>(
    name: &'a str,
    inviter: &str,
    title: &str,
    token: &str,
    site: &str,
) -> (String, &'a str, Vec<Block>) {
    (
        format!("Your project “{title}” is on {PRODUCT}"),
        name,
        vec![
            Block::Para(format!(
                "{inviter}, of the {PRODUCT} team, wrote your project “{title}” from your \
                 call, and providers are being offered it. Your account is ready: choose a \
                 password to follow the project and the providers' answers."
            )),
            Block::Button {
                label: "Choose my password".into(),
                url: format!("{site}/reset-password?token={token}&invite=1"),
            },
            Block::Para(format!(
                "The link works once, for {INVITE_DAYS} days. Not expecting this? Ignore \
                 this email and nobody can use the account."
            )),
        ],
    )
}

fn notice<'a>(
    name: &'a str,
    kind: &str,
    message: &Msg,
    link: Option<&str>,
    site: &str,
) -> (String, &'a str, Vec<Block>) {
    let subject = if super::notices::find(kind).is_some() {
        kind_text(Lang::En, kind)
    } else {
        td_string!(locale(Lang::En), kinds.news).to_string()
    };
    let mut blocks = vec![Block::Para(say(Lang::En, message))];
    if let Some(link) = link {
        blocks.push(Block::Button {
            label: format!("Open in {PRODUCT}"),
            url: format!("{site}{link}"),
        });
    }
    (subject, name, blocks)
}

fn digest<'a>(name: &'a str, items: &[DigestItem], site: &str) -> (String, &'a str, Vec<Block>) {
    let subject = match items.len() {
        1 => "Your daily digest: 1 new item".to_string(),
        n => format!("Your daily digest: {n} new items"),
    };
    let mut blocks = vec![Block::Para("Since your last digest:".into())];
    blocks.extend(items.iter().map(|i| Block::Line {
        text: say(Lang::En, &i.message),
        url: i.link.as_ref().map(|l| format!("{site}{l}")),
    }));
    blocks.push(Block::Para(format!(
        "Choose what comes by email, at once or in this digest, and its hour: \
         {site}/settings/notifications"
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
pub fn render(body: &MailBody, site: &str, unsubscribe: Option<&str>) -> Rendered {
    let site = site.trim_end_matches('/');
    let (subject, greeting, blocks) = content(body, site);
    let subject = format!("{subject} · {PRODUCT}");
    let lang = body.lang();
    let l = locale(lang);
    let greeting = crate::tdf!(l, mail.hello, name = greeting);
    let footer = match body {
        MailBody::ContactReply { .. } => {
            crate::tdf!(l, mail.footer_contact, product = PRODUCT, site = site)
        }
        _ => crate::tdf!(l, mail.footer_account, product = PRODUCT, site = site),
    };
    let stop = td_string!(l, mail.stop);

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
                text.push_str(&format!("{label}: {url}\n\n"));
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
        text.push_str(&format!("{stop}: {link}\n"));
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
        let r = render(&body, "https://example.com/", None);
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
        let r = render(&confirm, "https://example.com", None);
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
        let r = render(&told, "https://example.com", None);
        assert_eq!(r.subject, "Your email address was changed · Marketplace");
        assert!(r.text.contains("now uses ana@new.example"));
        assert_eq!(told.unsubscribes(), None);
        let gone = render(&MailBody::AccountDeleted { name: "Ana".into() }, "x", None);
        assert!(gone.text.contains("last email"));
    }

    #[test]
    fn an_unsubscribe_link_goes_in_the_footer() {
        let body = MailBody::PasswordChanged { name: "Ana".into() };
        let r = render(&body, "http://x", Some("http://x/unsubscribe?s=1&k=2"));
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
        let r = render(&body, "http://x", Some("http://x/unsubscribe?u=1"));
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
        let r = render(&body, "http://x", None);
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
}
