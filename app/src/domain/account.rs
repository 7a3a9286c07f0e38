//! Accounts: who someone is and what they may do.

use super::fields::{bounded, FieldErrors};
use super::msg::Msg;
use crate::domain::msg::{AccountMsg, FormMsg};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Client,
    Provider,
    Staff,
}

impl Role {
    pub fn slug(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Provider => "provider",
            Role::Staff => "staff",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Client => "Client",
            Role::Provider => "Provider",
            Role::Staff => "Staff",
        }
    }

    /// Where each role starts after logging in: their dashboard.
    pub fn home(self) -> &'static str {
        "/dashboard"
    }

    pub fn from_slug(raw: &str) -> Option<Role> {
        [Role::Client, Role::Provider, Role::Staff]
            .into_iter()
            .find(|r| r.slug() == raw)
    }

    /// The roles anyone may give themselves; staff are made by a server command.
    pub fn parse_public(raw: &str) -> Result<Role, Msg> {
        match Role::from_slug(raw.trim()) {
            Some(role @ (Role::Client | Role::Provider)) => Ok(role),
            _ => Err(Msg::Account(AccountMsg::ChooseRole)),
        }
    }
}

/// An email address, lower-cased, of a plausible shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, Msg> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(Msg::Form(FormMsg::Required));
        }
        let len = email.chars().count();
        if len > 254 {
            return Err(Msg::Form(FormMsg::TooLong { max: 254, len }));
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(Msg::Account(AccountMsg::EmailShape));
        };
        let plausible = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if !plausible {
            return Err(Msg::Account(AccountMsg::EmailShape));
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed, checked for length only (long passphrases welcome).
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;

impl Password {
    pub fn parse(raw: &str) -> Result<Password, Msg> {
        let len = raw.chars().count();
        if len == 0 {
            return Err(Msg::Form(FormMsg::Required));
        }
        if len < PASSWORD_MIN {
            return Err(Msg::Form(FormMsg::TooShort { min: PASSWORD_MIN }));
        }
        if len > PASSWORD_MAX {
            return Err(Msg::Form(FormMsg::TooLong {
                max: PASSWORD_MAX,
                len,
            }));
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The sign-up form once every field is valid.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub password: Password,
    pub display_name: String,
    pub role: Role,
    /// The language the person signed up in, when they signed up
    /// themselves: their pages and emails are in it until they choose
    /// another. Accounts made for someone have none until they choose.
    pub lang: Option<super::locale::Lang>,
    /// They ticked the terms: the current version's acceptance is recorded
    /// with the account. Accounts made for someone accept on first visit.
    pub accepts_terms: bool,
}

impl NewAccount {
    pub fn parse(
        email: &str,
        password: &str,
        display_name: &str,
        role: &str,
    ) -> Result<NewAccount, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(email));
        let password = errors.check("password", Password::parse(password));
        let display_name = errors.check("display_name", bounded(display_name, 2, 60));
        let role = errors.check("role", Role::parse_public(role));
        match (email, password, display_name, role) {
            (Some(email), Some(password), Some(display_name), Some(role)) if errors.is_empty() => {
                Ok(NewAccount {
                    email,
                    password,
                    display_name,
                    role,
                    lang: None,
                    accepts_terms: false,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Ann@Example.COM ").unwrap().as_str(),
            "ann@example.com"
        );
        for bad in [
            "", "ann", "ann@", "@x.fr", "ann@x", "a b@x.fr", "a@b@c.fr", "a@.fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn passwords_have_bounds_and_hide_in_debug() {
        assert_eq!(
            Password::parse("short").unwrap_err(),
            Msg::Form(FormMsg::TooShort { min: 10 })
        );
        assert_eq!(
            Password::parse(&"x".repeat(129)).unwrap_err(),
            Msg::Form(FormMsg::TooLong { max: 128, len: 129 })
        );
        assert_eq!(
            Password::parse("").unwrap_err(),
            Msg::Form(FormMsg::Required)
        );
        let p = Password::parse("correct horse battery").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    #[test]
    fn nobody_signs_up_as_staff() {
        assert_eq!(Role::parse_public("client"), Ok(Role::Client));
        assert_eq!(Role::parse_public("provider"), Ok(Role::Provider));
        assert_eq!(
            Role::parse_public("staff"),
            Err(Msg::Account(AccountMsg::ChooseRole))
        );
        assert!(Role::parse_public("").is_err());
    }

    #[test]
    fn sign_up_reports_every_bad_field() {
        let errors = NewAccount::parse("nope", "short", "", "staff")
            .unwrap_err()
            .into_vec();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password", "display_name", "role"]);
        let ok = NewAccount::parse("a@b.fr", "long enough pass", "Ann", "client").unwrap();
        assert_eq!(ok.role, Role::Client);
    }
}
