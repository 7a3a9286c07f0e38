//! Every page is a lazy route: its code is a wasm chunk of its own, fetched
//! when the page is first shown (cargo-leptos `--split`), so a visitor
//! downloads the shared code and the pages they open, not the whole app.
//! Server rendering is unchanged; hydration waits for the page's chunk,
//! which the server-rendered page already asks the browser to preload.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// One lazy route per page: `Route => page component`.
macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let $route = this;
                $page().into_any()
            }
        }
    )*};
}

lazy_pages! {
    Home => super::home::HomePage,
    Login => super::account::LoginPage,
    Signup => super::account::SignupPage,
    VerifyEmail => super::account::VerifyEmailPage,
    ForgotPassword => super::account::ForgotPasswordPage,
    ResetPassword => super::account::ResetPasswordPage,
    Dashboard => super::dashboard::DashboardPage,
    Account => super::account_page::AccountPage,
    ConfirmEmail => super::account_page::ConfirmEmailPage,
    PostProject => super::client::PostProjectPage,
    MyProjects => super::client::MyProjectsPage,
    StaffQueue => super::staff::QueuePage,
    Feed => super::provider::FeedPage,
    HiddenProjects => super::provider::HiddenProjectsPage,
    Preferences => super::provider::PreferencesPage,
    Project => super::project::ProjectPage,
    Credits => super::credits::CreditsPage,
    StaffCredits => super::credits::StaffCreditsPage,
    Leads => super::leads::LeadsPage,
    NewLead => super::leads::NewLeadPage,
    CreditRequests => super::leads::CreditRequestsPage,
    Notifications => super::notifications::NotificationsPage,
    EmailSettings => super::email_settings::NotificationSettingsPage,
    Unsubscribe => super::email_settings::UnsubscribePage,
    StaffEmails => super::email_settings::StaffEmailsPage,
    EscrowDesk => super::escrow::EscrowDeskPage,
    StaffSearch => super::staff_desk::StaffSearchPage,
    StaffPerson => super::staff_desk::PersonPage,
    UnpaidFees => super::staff_desk::UnpaidFeesPage,
    Certification => super::certification::CertificationRoute,
    Profile => super::profiles::ProfileRoute,
    Help => super::help::HelpRoute,
    Pages => super::pages::PagesRoute,
}
