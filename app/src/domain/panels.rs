//! What a project's page shows to whom: each panel depends on who is
//! looking (their role, and whether the project is theirs), on the
//! project's status and on whether it is sold as a referral lead. The page
//! asks this function; the server still checks every call the panels make.

use super::account::Role;
use super::project::ProjectStatus;

/// Who is looking at the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    /// `None` for a visitor.
    pub role: Option<Role>,
    /// The project is theirs (they are its client).
    pub owner: bool,
}

/// The project as far as the panels care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub status: ProjectStatus,
    pub is_lead: bool,
}

/// Which panels the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panels {
    /// The client reads the offers made on their project.
    pub offers: bool,
    /// Selection and the agreement, for the client and providers.
    pub agreement: bool,
    /// The money after the agreement: escrow tab, fees and completion.
    pub money: bool,
    /// The project's files.
    pub files: bool,
    /// The files panel says files come after validation.
    pub files_after_validation: bool,
    /// The questions thread.
    pub thread: bool,
    /// A provider unlocks the project with credits.
    pub unlock: bool,
    /// Staff follow-up notes.
    pub notes: bool,
    /// A provider is told the project is sold as a lead.
    pub lead_notice: bool,
}

pub fn panels(viewer: Viewer, project: Shown) -> Panels {
    use ProjectStatus::*;
    let status = project.status;
    let owner = viewer.owner;
    let provider = viewer.role == Some(Role::Provider);
    let staff = viewer.role == Some(Role::Staff);
    let published_to_provider = provider && status == Published;
    Panels {
        offers: owner && status != PendingValidation,
        agreement: (owner || provider) && matches!(status, Published | InProgress),
        money: (owner || provider || staff) && matches!(status, InProgress | Completed),
        files: owner || staff,
        files_after_validation: owner && status == PendingValidation,
        thread: (owner || staff) && status != PendingValidation && !project.is_lead,
        unlock: published_to_provider && !project.is_lead,
        notes: staff || published_to_provider,
        lead_notice: published_to_provider && project.is_lead,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProjectStatus::*;

    fn see(role: Option<Role>, owner: bool, status: ProjectStatus, is_lead: bool) -> Panels {
        panels(Viewer { role, owner }, Shown { status, is_lead })
    }

    #[test]
    fn a_visitor_sees_no_panel_whatever_the_status() {
        for status in ProjectStatus::ALL {
            for is_lead in [false, true] {
                assert_eq!(
                    see(None, false, status, is_lead),
                    Panels::default(),
                    "{status:?}"
                );
            }
        }
    }

    #[test]
    fn the_client_sees_files_first_then_offers_thread_and_money() {
        let client = Some(Role::Client);
        let pending = see(client, true, PendingValidation, false);
        assert!(pending.files && pending.files_after_validation);
        assert!(!pending.offers && !pending.thread && !pending.agreement);

        let published = see(client, true, Published, false);
        assert!(published.offers && published.thread && published.agreement && published.files);
        assert!(!published.files_after_validation && !published.money);

        let working = see(client, true, InProgress, false);
        assert!(working.money && working.agreement && working.offers);
        let done = see(client, true, Completed, false);
        assert!(done.money && !done.agreement);

        // Another client's project: nothing of it.
        assert_eq!(see(client, false, Published, false), Panels::default());
        // A lead's client has no questions thread.
        assert!(!see(client, true, Published, true).thread);
    }

    #[test]
    fn a_provider_unlocks_published_projects_and_is_told_about_leads() {
        let provider = Some(Role::Provider);
        let open = see(provider, false, Published, false);
        assert!(open.unlock && open.notes && open.agreement);
        assert!(!open.files && !open.thread && !open.offers && !open.lead_notice);

        let lead = see(provider, false, Published, true);
        assert!(lead.lead_notice && !lead.unlock);

        let working = see(provider, false, InProgress, false);
        assert!(working.money && working.agreement && !working.unlock && !working.notes);
        for status in [PendingValidation, Rejected, Cancelled] {
            assert_eq!(
                see(provider, false, status, false),
                Panels::default(),
                "{status:?}"
            );
        }
    }

    #[test]
    fn staff_see_files_notes_thread_and_money_but_never_take_part() {
        let staff = Some(Role::Staff);
        for status in ProjectStatus::ALL {
            let p = see(staff, false, status, false);
            assert!(p.files && p.notes, "{status:?}");
            assert!(
                !p.offers && !p.agreement && !p.unlock && !p.lead_notice,
                "{status:?}"
            );
            assert_eq!(p.thread, status != PendingValidation, "{status:?}");
            assert_eq!(
                p.money,
                matches!(status, InProgress | Completed),
                "{status:?}"
            );
        }
    }
}
