//! Certification: a provider applies with client references, staff check
//! each of them, then certify or refuse with a reason; a certified
//! provider may later be revoked, with a reason. The state machine and the
//! reference form live here; every step is in the account's history.

use super::account::Email;
use super::fields::{bounded, FieldErrors};
use super::money::Cents;
use super::msg::{Msg, ProfileMsg};
use super::phone::Phone;
use serde::{Deserialize, Serialize};

pub use super::values::Outcome;

/// References an application needs, and holds at most.
pub const MIN_REFERENCES: usize = 3;
pub const MAX_REFERENCES: usize = 8;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for staff's checks and decision.
    Applied,
    Certified,
    Refused,
    Revoked,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Applied,
        Status::Certified,
        Status::Refused,
        Status::Revoked,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Certified => "certified",
            Status::Refused => "refused",
            Status::Revoked => "revoked",
        }
    }

    pub fn from_slug(raw: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.slug() == raw)
    }
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Pending,
        Outcome::Contacted,
        Outcome::Confirmed,
        Outcome::Refused,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Contacted => "contacted",
            Outcome::Confirmed => "confirmed",
            Outcome::Refused => "refused",
        }
    }

    pub fn from_slug(raw: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.slug() == raw)
    }
}

/// One step someone asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The provider applies (again) with this many references.
    Apply { references: usize },
    /// Staff record a reference's check (never back to "not checked").
    Check { outcome: Outcome },
    /// Staff certify, with this many references confirmed.
    Certify { confirmed: usize },
    /// Staff refuse, with a reason.
    Refuse,
    /// Staff withdraw a certification, with a reason.
    Revoke,
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    TooFewReferences,
    TooManyReferences,
    AlreadyApplied,
    AlreadyCertified,
    NotUnderReview,
    NotChecked,
    TooFewConfirmed { confirmed: usize },
    NotCertified,
}

impl From<Refusal> for Msg {
    fn from(r: Refusal) -> Msg {
        Msg::Profile(match r {
            Refusal::TooFewReferences => ProfileMsg::TooFewReferences {
                min: MIN_REFERENCES,
            },
            Refusal::TooManyReferences => ProfileMsg::TooManyReferences {
                max: MAX_REFERENCES,
            },
            Refusal::AlreadyApplied => ProfileMsg::AlreadyApplied,
            Refusal::AlreadyCertified => ProfileMsg::AlreadyCertified,
            Refusal::NotUnderReview => ProfileMsg::NotUnderReview,
            Refusal::NotChecked => ProfileMsg::NotChecked,
            Refusal::TooFewConfirmed { confirmed } => ProfileMsg::TooFewConfirmed {
                min: MIN_REFERENCES,
                confirmed,
            },
            Refusal::NotCertified => ProfileMsg::NotCertified,
        })
    }
}

/// The state machine: where `current` (none: never applied) goes on `step`.
pub fn next(current: Option<Status>, step: Step) -> Result<Status, Refusal> {
    use Status::*;
    match (current, step) {
        (_, Step::Apply { references }) if references < MIN_REFERENCES => {
            Err(Refusal::TooFewReferences)
        }
        (_, Step::Apply { references }) if references > MAX_REFERENCES => {
            Err(Refusal::TooManyReferences)
        }
        (None | Some(Refused | Revoked), Step::Apply { .. }) => Ok(Applied),
        (Some(Applied), Step::Apply { .. }) => Err(Refusal::AlreadyApplied),
        (Some(Certified), Step::Apply { .. }) => Err(Refusal::AlreadyCertified),
        (
            Some(Applied),
            Step::Check {
                outcome: Outcome::Pending,
            },
        ) => Err(Refusal::NotChecked),
        (Some(Applied), Step::Check { .. }) => Ok(Applied),
        (Some(Applied), Step::Certify { confirmed }) if confirmed < MIN_REFERENCES => {
            Err(Refusal::TooFewConfirmed { confirmed })
        }
        (Some(Applied), Step::Certify { .. }) => Ok(Certified),
        (Some(Applied), Step::Refuse) => Ok(Refused),
        (_, Step::Check { .. } | Step::Certify { .. } | Step::Refuse) => {
            Err(Refusal::NotUnderReview)
        }
        (Some(Certified), Step::Revoke) => Ok(Revoked),
        (_, Step::Revoke) => Err(Refusal::NotCertified),
    }
}

/// One client reference, as the provider types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceForm {
    pub name: String,
    pub company: String,
    pub email: String,
    pub phone: String,
    pub project: String,
    pub amount: String,
    pub year: String,
}

/// The application form as posted: one list per field, a reference per
/// index (a native form repeats each field name once per row).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    pub name: Vec<String>,
    #[serde(default)]
    pub company: Vec<String>,
    #[serde(default)]
    pub email: Vec<String>,
    #[serde(default)]
    pub phone: Vec<String>,
    #[serde(default)]
    pub project: Vec<String>,
    #[serde(default)]
    pub amount: Vec<String>,
    #[serde(default)]
    pub year: Vec<String>,
}

impl ApplyForm {
    /// The rows, or why the lists do not line up.
    pub fn rows(&self) -> Result<Vec<ReferenceForm>, Msg> {
        let n = self.name.len();
        let lens = [
            self.company.len(),
            self.email.len(),
            self.phone.len(),
            self.project.len(),
            self.amount.len(),
            self.year.len(),
        ];
        if lens.iter().any(|l| *l != n) {
            return Err(Msg::Profile(ProfileMsg::ReferenceRows));
        }
        Ok((0..n)
            .map(|i| ReferenceForm {
                name: self.name[i].clone(),
                company: self.company[i].clone(),
                email: self.email[i].clone(),
                phone: self.phone[i].clone(),
                project: self.project[i].clone(),
                amount: self.amount[i].clone(),
                year: self.year[i].clone(),
            })
            .collect())
    }
}

/// A reference, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub name: String,
    pub company: String,
    pub email: String,
    pub phone: String,
    pub project: String,
    pub amount: Cents,
    pub year: i32,
}

/// The earliest year a reference may be from.
pub const FIRST_YEAR: i32 = 1990;

impl ReferenceForm {
    /// Checks one reference; errors are named `field_N` (N from 1) so the
    /// form shows each beside its input.
    fn parse_into(&self, n: usize, this_year: i32, errors: &mut FieldErrors) -> Option<Reference> {
        let at = |field: &str| format!("{field}_{n}");
        let name = errors.check(&at("name"), bounded(&self.name, 2, 120));
        let company = errors.check(&at("company"), bounded(&self.company, 1, 120));
        let email = errors.check(
            &at("email"),
            Email::parse(&self.email).map(|e| e.as_str().to_owned()),
        );
        let phone = errors.check(
            &at("phone"),
            Phone::parse(&self.phone).map(|p| p.as_str().to_owned()),
        );
        let project = errors.check(&at("project"), bounded(&self.project, 10, 500));
        let amount = errors.check(&at("amount"), Cents::parse_positive(&self.amount));
        let year = errors.check(&at("year"), parse_year(&self.year, this_year));
        Some(Reference {
            name: name?,
            company: company?,
            email: email?,
            phone: phone?,
            project: project?,
            amount: amount?,
            year: year?,
        })
    }
}

fn parse_year(raw: &str, this_year: i32) -> Result<i32, Msg> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (FIRST_YEAR..=this_year).contains(y))
        .ok_or(Msg::Profile(ProfileMsg::YearRange {
            first: FIRST_YEAR,
            last: this_year,
        }))
}

/// Checks an application's references: each one whole, at least three, no
/// client given twice, and never the provider themself.
pub fn parse_references(
    forms: &[ReferenceForm],
    own_email: &str,
    this_year: i32,
) -> Result<Vec<Reference>, FieldErrors> {
    let mut errors = FieldErrors::new();
    // Rows left wholly empty are not references (the form offers spares);
    // errors keep the row's own number, so each shows beside its input.
    let blank = ReferenceForm::default();
    let filled = forms.iter().filter(|f| **f != blank).count();
    if filled < MIN_REFERENCES {
        errors.add("references", Refusal::TooFewReferences);
    }
    if filled > MAX_REFERENCES {
        errors.add("references", Refusal::TooManyReferences);
    }
    let mut out: Vec<Reference> = vec![];
    let mut seen: Vec<String> = vec![];
    for (i, form) in forms.iter().enumerate().filter(|(_, f)| **f != blank) {
        let n = i + 1;
        if let Ok(email) = Email::parse(&form.email) {
            let email = email.as_str().to_owned();
            if email.eq_ignore_ascii_case(own_email) {
                errors.add(&format!("email_{n}"), ProfileMsg::ReferenceIsYou);
            } else if seen.contains(&email) {
                errors.add(&format!("email_{n}"), ProfileMsg::ReferenceTwice);
            }
            seen.push(email);
        }
        out.extend(form.parse_into(n, this_year, &mut errors));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A reason staff give for refusing or revoking: 10 to 1000 characters.
pub fn parse_reason(raw: &str) -> Result<String, Msg> {
    bounded(raw, 10, 1000)
}

/// Notes on a reference check: optional, at most 1000 characters.
pub fn parse_notes(raw: &str) -> Result<String, Msg> {
    if raw.trim().is_empty() {
        Ok(String::new())
    } else {
        bounded(raw, 1, 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all_steps() -> Vec<Step> {
        let mut steps = vec![Step::Refuse, Step::Revoke];
        for references in [0, 2, 3, 8, 9] {
            steps.push(Step::Apply { references });
        }
        for outcome in Outcome::ALL {
            steps.push(Step::Check { outcome });
        }
        for confirmed in [0, 2, 3, 5] {
            steps.push(Step::Certify { confirmed });
        }
        steps
    }

    /// The whole table, written out: every state, every step.
    fn expected(current: Option<Status>, step: Step) -> Result<Status, Refusal> {
        use Status::*;
        match step {
            Step::Apply { references: 0..=2 } => Err(Refusal::TooFewReferences),
            Step::Apply { references: 9.. } => Err(Refusal::TooManyReferences),
            Step::Apply { .. } => match current {
                None | Some(Refused) | Some(Revoked) => Ok(Applied),
                Some(Applied) => Err(Refusal::AlreadyApplied),
                Some(Certified) => Err(Refusal::AlreadyCertified),
            },
            Step::Check { outcome } => match (current, outcome) {
                (Some(Applied), Outcome::Pending) => Err(Refusal::NotChecked),
                (Some(Applied), _) => Ok(Applied),
                _ => Err(Refusal::NotUnderReview),
            },
            Step::Certify { confirmed } => match current {
                Some(Applied) if confirmed >= 3 => Ok(Certified),
                Some(Applied) => Err(Refusal::TooFewConfirmed { confirmed }),
                _ => Err(Refusal::NotUnderReview),
            },
            Step::Refuse => match current {
                Some(Applied) => Ok(Refused),
                _ => Err(Refusal::NotUnderReview),
            },
            Step::Revoke => match current {
                Some(Certified) => Ok(Revoked),
                _ => Err(Refusal::NotCertified),
            },
        }
    }

    #[test]
    fn every_state_and_step_goes_where_the_table_says() {
        let states = std::iter::once(None).chain(Status::ALL.into_iter().map(Some));
        let mut forbidden = 0;
        for current in states {
            for step in all_steps() {
                let got = next(current, step);
                assert_eq!(got, expected(current, step), "{current:?} on {step:?}");
                forbidden += usize::from(got.is_err());
            }
        }
        assert!(
            forbidden > 40,
            "the forbidden transitions are covered ({forbidden})"
        );
    }

    #[test]
    fn slugs_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_slug(s.slug()), Some(s));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_slug(o.slug()), Some(o));
        }
        assert_eq!(Status::from_slug("gold"), None);
    }

    fn reference(n: usize) -> ReferenceForm {
        ReferenceForm {
            name: format!("Client {n}"),
            company: format!("Company {n}"),
            email: format!("client{n}@example.com"),
            phone: "06 12 34 56 78".into(),
            project: "A booking site with online payment.".into(),
            amount: "4 500".into(),
            year: "2024".into(),
        }
    }

    #[test]
    fn references_are_checked_each_and_together() {
        let three = vec![
            reference(1),
            reference(2),
            reference(3),
            ReferenceForm::default(),
        ];
        let refs = parse_references(&three, "me@example.com", 2026).unwrap();
        assert_eq!(refs.len(), 3, "an empty spare row is not a reference");
        assert_eq!(refs[0].amount, Cents::new(450_000));
        assert_eq!(refs[0].phone, "+33 6 12 34 56 78");

        let errors = parse_references(&three[..2], "me@example.com", 2026)
            .unwrap_err()
            .into_vec();
        assert!(errors.iter().any(|e| e.field == "references"));

        let mut bad = vec![reference(1), reference(2), reference(3)];
        bad[1].email = "CLIENT1@example.com".into();
        bad[2].year = "2027".into();
        bad[0].phone = "12".into();
        let errors = parse_references(&bad, "me@example.com", 2026)
            .unwrap_err()
            .into_vec();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"email_2"), "{fields:?}");
        assert!(fields.contains(&"year_3"), "{fields:?}");
        assert!(fields.contains(&"phone_1"), "{fields:?}");

        let mut me = vec![reference(1), reference(2), reference(3)];
        me[2].email = "Me@Example.com".into();
        let errors = parse_references(&me, "me@example.com", 2026)
            .unwrap_err()
            .into_vec();
        assert_eq!(errors[0].field, "email_3");

        let nine: Vec<ReferenceForm> = (1..=9).map(reference).collect();
        assert!(parse_references(&nine, "me@example.com", 2026).is_err());
    }

    proptest! {
        /// Whatever happens, nobody is certified without three confirmed
        /// references, and a revoked or refused provider must apply again.
        #[test]
        fn no_sequence_certifies_without_three_confirmed_references(
            steps in prop::collection::vec(0usize..14, 0..30)
        ) {
            let all = all_steps();
            let mut state: Option<Status> = None;
            for i in steps {
                let step = all[i % all.len()];
                if let Ok(to) = next(state, step) {
                    if to == Status::Certified {
                        let enough = matches!(step, Step::Certify { confirmed } if confirmed >= 3);
                        prop_assert!(enough, "certified by {:?}", step);
                        prop_assert_eq!(state, Some(Status::Applied));
                    }
                    if state == Some(Status::Refused) || state == Some(Status::Revoked) {
                        let applies = matches!(step, Step::Apply { .. });
                        prop_assert!(applies, "left {:?} by {:?}", state, step);
                    }
                    state = Some(to);
                }
            }
        }
    }
}
