//! Every page is a lazy route: its code is a wasm chunk of its own, fetched
//! when the page is first shown (cargo-leptos `--split`), so a visitor
//! downloads the shared code and the pages they open, not the whole app.
//! Server rendering is unchanged; hydration waits for the page's chunk,
//! which the server-rendered page already asks the browser to preload.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// The mark `<html>` gets once the page the server sent has hydrated.
pub const HYDRATED: &str = "data-hydrated";

/// Marks `<html>` once the page on screen has hydrated (an effect runs
/// after the page's own chunk has arrived and taken over its HTML).
fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = root.set_attribute(HYDRATED, "");
        }
    });
}

/// Until the page the server sent has hydrated, a click on a link is left
/// to the browser, a plain page load. The router is up before the page's
/// own chunk has arrived: taking the click then, it would hydrate the next
/// page against the HTML of the one still on screen, and panic.
#[cfg(feature = "hydrate")]
pub fn leave_links_to_the_browser_until_hydrated() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(window) = web_sys::window() else {
        return;
    };
    let guard = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let hydrated = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .is_none_or(|root| root.has_attribute(HYDRATED));
        if hydrated {
            return;
        }
        let on_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .is_some();
        if on_link {
            // Seen first (capture, on the window), so the router never
            // sees it; the default, following the link, still happens.
            ev.stop_immediate_propagation();
        }
    });
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        guard.as_ref().unchecked_ref(),
        true,
    );
    guard.forget();
}

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
                mark_hydrated();
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
