//! Pages and components.

mod account;
mod account_page;
mod agreement;
mod certification;
mod client;
mod common;
mod completion;
mod credits;
mod dashboard;
mod early_input;
mod email_settings;
mod escrow;
mod fees;
mod files;
mod header;
mod help;
mod home;
mod labels;
mod lang;
mod leads;
#[cfg(feature = "hydrate")]
mod live;
mod notes;
mod notifications;
mod offers;
mod pages;
#[cfg(feature = "hydrate")]
mod person_feed;
mod plans;
mod profile_edit;
mod profiles;
mod project;
mod provider;
pub mod routes;
mod session;
mod staff;
mod staff_desk;
mod threads;

use crate::api::auth::me;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, Lazy, SsrMode};

/// How every page is rendered on the server (see the routes): whole, its
/// data awaited before the first byte, so that the `<head>` holds what the
/// page sets in it (a project's title is known once the project is read;
/// streamed in order, the head had gone out without it).
const IN_ORDER: SsrMode = SsrMode::Async;
use session::Auth;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                // The built files are named by their content (cargo-leptos'
                // hash-files): the server reads their names once built.
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: our own scripts (the hydration
/// script carries this response's nonce, the wasm is compiled from our own
/// origin), our own styles, images and calls, no framing, no plugins.
#[cfg(feature = "ssr")]
pub fn csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
}

#[cfg(feature = "ssr")]
fn content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&csp(&nonce)) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let version = RwSignal::new(0u32);
    let user = Resource::new(move || version.get(), |_| me());
    provide_context(Auth { user, version });
    provide_context(notifications::BellVersion(RwSignal::new(0)));

    view! {
        <lang::LangProvider>
        <lang::FollowAccountLang/>
        <Meta name="description" content=crate::tr!(common.meta_description)/>
        <Title formatter=|text: String| {
            if text.is_empty() { "Marketplace".to_string() } else { format!("{text} · Marketplace") }
        }/>
        <Router>
            <header::Header/>
            <main id="main" class="page">
                // Every page is sent whole, in order: a browser that runs no
                // JavaScript (or has not loaded the wasm yet) shows the data,
                // not a loading message waiting for a script to swap it in.
                <Routes fallback=|| view! { <common::NotFound/> }>
                    <Route path=path!("/") view={Lazy::<routes::Home>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/login") view={Lazy::<routes::Login>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/signup") view={Lazy::<routes::Signup>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/verify-email") view={Lazy::<routes::VerifyEmail>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/forgot-password") view={Lazy::<routes::ForgotPassword>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/reset-password") view={Lazy::<routes::ResetPassword>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/dashboard") view={Lazy::<routes::Dashboard>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/account") view={Lazy::<routes::Account>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/confirm-email") view={Lazy::<routes::ConfirmEmail>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/post-project") view={Lazy::<routes::PostProject>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/my/projects") view={Lazy::<routes::MyProjects>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/queue") view={Lazy::<routes::StaffQueue>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/feed/hidden") view={Lazy::<routes::HiddenProjects>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/feed") view={Lazy::<routes::Feed>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/preferences") view={Lazy::<routes::Preferences>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/projects/:id") view={Lazy::<routes::Project>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/credits") view={Lazy::<routes::Credits>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/credits") view={Lazy::<routes::StaffCredits>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/leads") view={Lazy::<routes::Leads>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/leads/new") view={Lazy::<routes::NewLead>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/credit-requests") view={Lazy::<routes::CreditRequests>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/notifications") view={Lazy::<routes::Notifications>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/settings/notifications") view={Lazy::<routes::EmailSettings>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/unsubscribe") view={Lazy::<routes::Unsubscribe>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/emails") view={Lazy::<routes::StaffEmails>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/people") view={Lazy::<routes::StaffSearch>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/people/:id") view={Lazy::<routes::StaffPerson>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/fees") view={Lazy::<routes::UnpaidFees>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/certifications") view={Lazy::<routes::Certification>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/certification") view={Lazy::<routes::Certification>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/profile/edit") view={Lazy::<routes::Profile>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/escrow") view={Lazy::<routes::EscrowDesk>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/people/:id") view={Lazy::<routes::Profile>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/aide") view={Lazy::<routes::Help>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/help") view={Lazy::<routes::Help>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/aide/:slug") view={Lazy::<routes::Help>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/help/:slug") view={Lazy::<routes::Help>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/aide") view={Lazy::<routes::Help>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/aide/:slug") view={Lazy::<routes::Help>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/paiement-risque-zero") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/zero-risk-payment") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/facture") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/invoice") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/avertissement") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/warning") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/contact") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/conditions") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/terms") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/inbox") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                    <Route path=path!("/staff/conditions") view={Lazy::<routes::Pages>::new()} ssr=IN_ORDER/>
                </Routes>
            </main>
            <footer class="site-footer">
                <Footer/>
            </footer>
        </Router>
        </lang::LangProvider>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let lang = lang::use_page_lang();
    let help = move || match lang.get() {
        crate::domain::locale::Lang::Fr => "/aide",
        crate::domain::locale::Lang::En => "/help",
    };
    view! {
        <p>
            {crate::tr!(common.footer)}" · "<A href="/">{crate::tr!(common.home)}</A>
            " · "<a href=help>{crate::tr!(help.footer_link)}</a>
            " · "<a href=move || pages::terms_path(lang)>{crate::tr!(common.terms)}</a>
            " · "<a href="/contact">{crate::tr!(common.contact)}</a>
        </p>
    }
}
