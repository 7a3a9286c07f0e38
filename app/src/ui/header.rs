//! The site header: the brand, and the links of whoever is signed in.

use super::common::ClientOnly;
use super::lang::LangSwitch;
use super::notifications::Bell;
use super::session::Auth;
use crate::api::auth::{LogOut, ResendVerification};
use crate::domain::account::Role;
use crate::views::account::CurrentUser;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use server_fn::ServerFn;

#[component]
pub fn Header() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let nav_label = crate::tr!(common.main_nav);
    view! {
        <a class="skip-link" href="#main">{crate::tr!(common.skip_to_content)}</a>
        <header class="site-header">
            <A href="/" attr:class="brand">{crate::tr!(common.site_name)}</A>
            <Transition fallback={
                let nav_label = nav_label.clone();
                move || view! { <nav aria-label=nav_label.clone()><span class="muted">"…"</span></nav> }
            }>
                {move || { let nav_label = nav_label.clone(); Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => {
                            // An unconfirmed address: a row under the links.
                            let banner = (!user.verified)
                                .then(|| view! { <VerifyBanner email=user.email.clone()/> });
                            let terms = user.terms_due.then(|| view! { <TermsBanner/> });
                            view! { <nav aria-label=nav_label><UserNav user/></nav> {banner} {terms} }.into_any()
                        }
                        _ => view! {
                            <nav aria-label=nav_label>
                                <ul class="nav-links">
                                    <li><LangSwitch/></li>
                                    <li><A href="/login">{crate::tr!(common.log_in)}</A></li>
                                    <li><A href="/signup" attr:class="button small">{crate::tr!(common.sign_up)}</A></li>
                                </ul>
                            </nav>
                        }.into_any(),
                    }
                })}}
            </Transition>
        </header>
    }
}

/// Shown to a signed-in person whose email is not confirmed yet. The
/// resend button posts natively (the answer is a page saying it was sent).
#[component]
fn VerifyBanner(email: String) -> impl IntoView {
    view! {
        <div class="verify-banner" role="status">
            <p>{crate::tr!(common.verify_before)}<strong>{email}</strong>{crate::tr!(common.verify_after)}</p>
            <form method="post" action=ResendVerification::PATH>
                <button type="submit" class="button small">{crate::tr!(common.resend_link)}</button>
            </form>
        </div>
    }
}

/// Shown to a signed-in person who has not accepted the terms in force
/// (staff published a new version, or the account was made for them).
#[component]
fn TermsBanner() -> impl IntoView {
    let lang = super::lang::use_page_lang();
    view! {
        <div class="verify-banner terms-banner">
            <p>{crate::tr!(common.terms_due)}" "
                <a href=move || super::pages::terms_path(lang)>{crate::tr!(common.terms_read)}</a></p>
        </div>
    }
}

#[component]
fn UserNav(user: CurrentUser) -> impl IntoView {
    let auth = expect_context::<Auth>();
    let logout = ServerAction::<LogOut>::new();
    let navigate = use_navigate();
    // The person's live feed: the bell and the dashboard re-read themselves
    // on each change that concerns them, without a reload.
    #[cfg(feature = "hydrate")]
    {
        let changes = expect_context::<super::notifications::BellVersion>().0;
        let feed = super::person_feed::follow(changes);
        // Closed when the signed-in links go (log out, another person).
        StoredValue::new_local(feed);
    }
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            auth.refresh();
            navigate("/", Default::default());
        }
    });
    let role = user.role;
    let role_label = super::labels::label(role);
    let links = match user.role {
        Role::Client => view! {
            <li><A href="/dashboard">{crate::tr!(common.nav.dashboard)}</A></li>
            <li><A href="/post-project">{crate::tr!(common.nav.post_project)}</A></li>
            <li><A href="/my/projects">{crate::tr!(common.nav.my_projects)}</A></li>
        }
        .into_any(),
        Role::Provider => view! {
            <li><A href="/dashboard">{crate::tr!(common.nav.dashboard)}</A></li>
            <li><A href="/feed">{crate::tr!(common.nav.feed)}</A></li>
            <li><A href="/leads">{crate::tr!(common.nav.leads)}</A></li>
            <li><A href="/preferences">{crate::tr!(common.nav.preferences)}</A></li>
            <li><A href="/credits">{crate::tr!(common.nav.credits)}</A></li>
        }
        .into_any(),
        Role::Staff => view! {
            <li><A href="/dashboard">{crate::tr!(common.nav.dashboard)}</A></li>
            <li><A href="/staff/queue">{crate::tr!(common.nav.queue)}</A></li>
            <li><A href="/staff/leads/new">{crate::tr!(common.nav.new_lead)}</A></li>
            <li><A href="/staff/credit-requests">{crate::tr!(common.nav.credit_requests)}</A></li>
            <li><A href="/staff/credits">{crate::tr!(common.nav.credits)}</A></li>
            <li><A href="/staff/escrow">{crate::tr!(common.nav.escrow_desk)}</A></li>
            <li><A href="/staff/emails">{crate::tr!(common.nav.emails)}</A></li>
            <li><A href="/staff/people">{crate::tr!(common.nav.search)}</A></li>
            <li><A href="/staff/certifications">{crate::tr!(common.nav.certifications)}</A></li>
        }
        .into_any(),
    };
    view! {
        <ul class="nav-links">
            {links}
            <li><ClientOnly><Bell/></ClientOnly></li>
            <li><LangSwitch/></li>
            <li class="who">
                <A href="/account" attr:class="who-name" attr:title=crate::tr!(common.your_account)>{user.display_name}</A>
                <span class="badge role">{role_label}</span>
            </li>
            <li>
                <form class="inline" method="post" action=LogOut::PATH on:submit=move |ev| {
                    ev.prevent_default();
                    logout.dispatch(LogOut {});
                }>
                    <button type="submit" class="button small ghost" disabled=move || logout.pending().get()>
                        {crate::tr!(common.log_out)}
                    </button>
                </form>
            </li>
        </ul>
    }
}
