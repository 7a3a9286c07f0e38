//! The project life cycle and what a client must give to post a project.

pub use super::values::{ProjectAction, ProjectStatus};

use super::account::Role;
use super::catalog::{parse_services, Region, Service};
use super::fields::{bounded, FieldErrors};
use super::money::{BudgetRange, Money};
use super::msg::Msg;
use super::phone::Phone;
use crate::domain::msg::{AmountMsg, FormMsg, ProjectMsg};
use serde::{Deserialize, Serialize};
use time::Date;

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 6] = [
        ProjectStatus::PendingValidation,
        ProjectStatus::Published,
        ProjectStatus::Rejected,
        ProjectStatus::Cancelled,
        ProjectStatus::InProgress,
        ProjectStatus::Completed,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ProjectStatus::PendingValidation => "pending_validation",
            ProjectStatus::Published => "published",
            ProjectStatus::Rejected => "rejected",
            ProjectStatus::Cancelled => "cancelled",
            ProjectStatus::InProgress => "in_progress",
            ProjectStatus::Completed => "completed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProjectStatus::PendingValidation => "Awaiting validation",
            ProjectStatus::Published => "Published",
            ProjectStatus::Rejected => "Rejected",
            ProjectStatus::Cancelled => "Cancelled",
            ProjectStatus::InProgress => "In progress",
            ProjectStatus::Completed => "Completed",
        }
    }

    pub fn from_slug(raw: &str) -> Option<ProjectStatus> {
        Self::ALL.into_iter().find(|s| s.slug() == raw)
    }

    /// Only published projects are in the providers' feed.
    pub fn in_feed(self) -> bool {
        self == ProjectStatus::Published
    }

    /// Files are attached once staff have validated the project, while
    /// providers compete for it (so nothing unvalidated takes disk space).
    pub fn takes_files(self) -> bool {
        self == ProjectStatus::Published
    }

    /// A project that will never go on: its files are removed after a grace period.
    pub fn drops_files(self) -> bool {
        matches!(self, ProjectStatus::Rejected | ProjectStatus::Cancelled)
    }

    /// Whether someone may know this project exists at all. Anyone else is
    /// told exactly what they would be told of a project that does not
    /// exist. `is_owner`: its client; `is_party`: the provider of its
    /// confirmed agreement.
    pub fn visible_to(self, role: Role, is_owner: bool, is_party: bool) -> bool {
        match role {
            Role::Staff => true,
            Role::Client => is_owner,
            Role::Provider => self == ProjectStatus::Published || is_party,
        }
    }

    /// Applies `action`, done by someone with `role` (`is_owner`: the project's
    /// own client), and returns the new status or why it is not allowed.
    pub fn apply(
        self,
        action: ProjectAction,
        role: Role,
        is_owner: bool,
    ) -> Result<ProjectStatus, TransitionError> {
        use ProjectAction as A;
        use ProjectStatus as S;
        let allowed_actor = match action {
            A::Validate | A::Reject => role == Role::Staff,
            // Staff can never cancel: competitors pressed staff to cancel rivals' projects.
            A::Cancel | A::Complete => role == Role::Client && is_owner,
            A::Start => role == Role::Provider || (role == Role::Client && is_owner),
        };
        if !allowed_actor {
            return Err(TransitionError::NotAllowed { action });
        }
        let next = match (self, action) {
            (S::PendingValidation, A::Validate) => S::Published,
            (S::PendingValidation, A::Reject) => S::Rejected,
            (S::PendingValidation | S::Published, A::Cancel) => S::Cancelled,
            (S::Published, A::Start) => S::InProgress,
            (S::InProgress, A::Complete) => S::Completed,
            (from, action) => return Err(TransitionError::WrongStatus { from, action }),
        };
        Ok(next)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionError {
    NotAllowed {
        action: ProjectAction,
    },
    WrongStatus {
        from: ProjectStatus,
        action: ProjectAction,
    },
}

impl From<TransitionError> for Msg {
    fn from(e: TransitionError) -> Msg {
        match e {
            TransitionError::NotAllowed { action } => {
                Msg::Project(ProjectMsg::ActionNotAllowed { action })
            }
            TransitionError::WrongStatus { from, action } => {
                Msg::Project(ProjectMsg::WrongProjectStatus { from, action })
            }
        }
    }
}

/// A new project, once every field is valid.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectDraft {
    pub title: String,
    pub description: String,
    pub services: Vec<Service>,
    pub region: Region,
    pub budget: BudgetRange,
    pub desired_start: Date,
    /// The client's phone: staff call it to validate the project, and the
    /// contact credit reveals it.
    pub phone: Phone,
}

pub const MAX_SERVICES: usize = 5;

/// The post-a-project form as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectForm {
    pub title: String,
    pub description: String,
    /// No box ticked posts no field at all: an empty list, not a bad form.
    #[serde(default)]
    pub services: Vec<String>,
    pub region: String,
    pub budget_min: String,
    pub budget_max: String,
    /// ISO date, as an `<input type="date">` gives it.
    pub desired_start: String,
    #[serde(default)]
    pub phone: String,
}

impl ProjectDraft {
    /// Checks every field; `today` bounds the desired start (no I/O here).
    pub fn parse(form: &ProjectForm, today: Date) -> Result<ProjectDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", bounded(&form.title, 5, 120));
        let description = errors.check("description", bounded(&form.description, 20, 5000));
        let services = errors.check("services", parse_services(&form.services, 1, MAX_SERVICES));
        let region = errors.check(
            "region",
            if form.region.trim().is_empty() {
                Err(Msg::Project(ProjectMsg::ChooseRegion))
            } else {
                Region::parse(&form.region)
            },
        );
        let min = errors.check(
            "budget_min",
            Money::parse(&form.budget_min).and_then(positive),
        );
        let max = errors.check(
            "budget_max",
            Money::parse(&form.budget_max).and_then(positive),
        );
        let budget = match (min, max) {
            (Some(min), Some(max)) => errors.check("budget_max", BudgetRange::new(min, max)),
            _ => None,
        };
        let desired_start = errors.check("desired_start", parse_start(&form.desired_start, today));
        let phone = errors.check("phone", Phone::parse(&form.phone));
        match (
            title,
            description,
            services,
            region,
            budget,
            desired_start,
            phone,
        ) {
            (
                Some(title),
                Some(description),
                Some(services),
                Some(region),
                Some(budget),
                Some(desired_start),
                Some(phone),
            ) if errors.is_empty() => Ok(ProjectDraft {
                title,
                description,
                services,
                region,
                budget,
                desired_start,
                phone,
            }),
            _ => Err(errors),
        }
    }
}

fn positive(m: Money) -> Result<Money, Msg> {
    if m.is_zero() {
        Err(Msg::Amount(AmountMsg::AmountNotPositive))
    } else {
        Ok(m)
    }
}

fn parse_start(raw: &str, today: Date) -> Result<Date, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Msg::Project(ProjectMsg::ChooseStartDate));
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(raw, format).map_err(|_| Msg::Form(FormMsg::DateShape))?;
    if date < today {
        return Err(Msg::Project(ProjectMsg::StartInPast));
    }
    if date > today.saturating_add(time::Duration::days(730)) {
        return Err(Msg::Project(ProjectMsg::StartTooFar));
    }
    Ok(date)
}

/// A staff member's reason for rejecting a project, shown to the client.
pub fn parse_rejection_reason(raw: &str) -> Result<String, Msg> {
    bounded(raw, 10, 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use ProjectAction as A;
    use ProjectStatus as S;

    const ACTIONS: [ProjectAction; 5] = [A::Validate, A::Reject, A::Cancel, A::Start, A::Complete];

    /// The whole table of allowed transitions, for the one actor allowed each.
    fn expected(from: S, action: A) -> Option<S> {
        match (from, action) {
            (S::PendingValidation, A::Validate) => Some(S::Published),
            (S::PendingValidation, A::Reject) => Some(S::Rejected),
            (S::PendingValidation, A::Cancel) => Some(S::Cancelled),
            (S::Published, A::Cancel) => Some(S::Cancelled),
            (S::Published, A::Start) => Some(S::InProgress),
            (S::InProgress, A::Complete) => Some(S::Completed),
            _ => None,
        }
    }

    fn rightful_actor(action: A) -> (Role, bool) {
        match action {
            A::Validate | A::Reject => (Role::Staff, false),
            A::Cancel | A::Complete | A::Start => (Role::Client, true),
        }
    }

    #[test]
    fn every_transition_of_the_table_and_no_other() {
        for from in S::ALL {
            for action in ACTIONS {
                let (role, owner) = rightful_actor(action);
                let got = from.apply(action, role, owner);
                match expected(from, action) {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} --{action:?}"),
                    None => assert_eq!(
                        got,
                        Err(TransitionError::WrongStatus { from, action }),
                        "{from:?} --{action:?} must be refused"
                    ),
                }
            }
        }
    }

    #[test]
    fn staff_can_never_cancel() {
        for from in S::ALL {
            assert_eq!(
                from.apply(A::Cancel, Role::Staff, false),
                Err(TransitionError::NotAllowed { action: A::Cancel })
            );
        }
    }

    #[test]
    fn only_the_owner_cancels() {
        assert!(S::Published.apply(A::Cancel, Role::Client, false).is_err());
        assert!(S::Published
            .apply(A::Cancel, Role::Provider, false)
            .is_err());
        assert_eq!(
            S::Published.apply(A::Cancel, Role::Client, true),
            Ok(S::Cancelled)
        );
    }

    #[test]
    fn only_staff_validate_or_reject() {
        for role in [Role::Client, Role::Provider] {
            for owner in [true, false] {
                assert!(S::PendingValidation
                    .apply(A::Validate, role, owner)
                    .is_err());
                assert!(S::PendingValidation.apply(A::Reject, role, owner).is_err());
            }
        }
    }

    #[test]
    fn only_published_is_in_feed() {
        for s in S::ALL {
            assert_eq!(s.in_feed(), s == S::Published);
            assert_eq!(S::from_slug(s.slug()), Some(s));
        }
    }

    #[test]
    fn refusals_name_the_status_and_the_step() {
        let e = S::Completed
            .apply(A::Cancel, Role::Client, true)
            .unwrap_err();
        assert_eq!(
            Msg::from(e),
            Msg::Project(ProjectMsg::WrongProjectStatus {
                from: S::Completed,
                action: A::Cancel
            })
        );
    }

    fn good_form() -> ProjectForm {
        ProjectForm {
            title: "Shop website".into(),
            description: "A small online shop for our bakery, with payments.".into(),
            services: vec!["web_development".into()],
            region: "bretagne".into(),
            budget_min: "2000".into(),
            budget_max: "5000".into(),
            desired_start: "2026-12-01".into(),
            phone: "06 12 34 56 78".into(),
        }
    }

    #[test]
    fn a_good_form_parses() {
        let draft = ProjectDraft::parse(&good_form(), date!(2026 - 11 - 23)).unwrap();
        assert_eq!(draft.services, vec![Service::WebDevelopment]);
        assert_eq!(draft.budget.max().to_string(), "5000.00");
    }

    fn fields_in_error(form: ProjectForm) -> Vec<String> {
        ProjectDraft::parse(&form, date!(2026 - 11 - 23))
            .unwrap_err()
            .into_vec()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn each_bad_text_service_or_region_is_named() {
        let f = good_form();
        assert_eq!(
            fields_in_error(ProjectForm {
                title: "".into(),
                ..f.clone()
            }),
            ["title"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                title: "x".repeat(121),
                ..f.clone()
            }),
            ["title"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                description: "short".into(),
                ..f.clone()
            }),
            ["description"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                services: vec![],
                ..f.clone()
            }),
            ["services"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                services: vec!["plumbing".into()],
                ..f.clone()
            }),
            ["services"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                region: "".into(),
                ..f.clone()
            }),
            ["region"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                phone: "call me".into(),
                ..f.clone()
            }),
            ["phone"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                region: "mars".into(),
                ..f.clone()
            }),
            ["region"]
        );
    }

    #[test]
    fn each_bad_budget_or_date_is_named() {
        let f = good_form();
        assert_eq!(
            fields_in_error(ProjectForm {
                budget_min: "-1".into(),
                ..f.clone()
            }),
            ["budget_min"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                budget_max: "lots".into(),
                ..f.clone()
            }),
            ["budget_max"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                budget_min: "0".into(),
                ..f.clone()
            }),
            ["budget_min"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                budget_min: "6000".into(),
                ..f.clone()
            }),
            ["budget_max"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                desired_start: "2026-11-22".into(),
                ..f.clone()
            }),
            ["desired_start"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                desired_start: "tomorrow".into(),
                ..f.clone()
            }),
            ["desired_start"]
        );
        assert_eq!(
            fields_in_error(ProjectForm {
                desired_start: "2030-01-01".into(),
                ..f
            }),
            ["desired_start"]
        );
    }

    #[test]
    fn rejection_needs_a_real_reason() {
        assert!(parse_rejection_reason("no").is_err());
        assert!(parse_rejection_reason("Missing budget details, please add them.").is_ok());
    }

    #[test]
    fn only_staff_the_owner_and_providers_of_published_or_agreed_projects_see_one() {
        for status in ProjectStatus::ALL {
            assert!(status.visible_to(Role::Staff, false, false));
            assert!(status.visible_to(Role::Client, true, false));
            assert!(!status.visible_to(Role::Client, false, false));
            assert!(status.visible_to(Role::Provider, false, true));
            assert_eq!(
                status.visible_to(Role::Provider, false, false),
                status == ProjectStatus::Published
            );
            assert_eq!(status.takes_files(), status == ProjectStatus::Published);
            assert_eq!(
                status.drops_files(),
                matches!(status, ProjectStatus::Rejected | ProjectStatus::Cancelled)
            );
        }
    }
}
