//! The site header: the brand, and the links of whoever is signed in.

use super::common::ClientOnly;
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
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <A href="/" attr:class="brand">"Marketplace"</A>
            <Transition fallback=|| view! { <nav aria-label="Main"><span class="muted">"…"</span></nav> }>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => {
                            // An unconfirmed address: a row under the links.
                            let banner = (!user.verified)
                                .then(|| view! { <VerifyBanner email=user.email.clone()/> });
                            view! { <nav aria-label="Main"><UserNav user/></nav> {banner} }.into_any()
                        }
                        _ => view! {
                            <nav aria-label="Main">
                                <ul class="nav-links">
                                    <li><A href="/login">"Log in"</A></li>
                                    <li><A href="/signup" attr:class="button small">"Sign up"</A></li>
                                </ul>
                            </nav>
                        }.into_any(),
                    }
                })}
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
            <p>
                "Confirm your email address: we sent a link to "<strong>{email}</strong>
                ". Until then you can look around, but not post, spend, buy, pay or make offers."
            </p>
            <form method="post" action=ResendVerification::PATH>
                <button type="submit" class="button small">"Resend the link"</button>
            </form>
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
    let links = match user.role {
        Role::Client => view! {
            <li><A href="/dashboard">"Dashboard"</A></li>
            <li><A href="/post-project">"Post a project"</A></li>
            <li><A href="/my/projects">"My projects"</A></li>
        }
        .into_any(),
        Role::Provider => view! {
            <li><A href="/dashboard">"Dashboard"</A></li>
            <li><A href="/feed">"Feed"</A></li>
            <li><A href="/leads">"Leads"</A></li>
            <li><A href="/preferences">"Preferences"</A></li>
            <li><A href="/credits">"Credits"</A></li>
        }
        .into_any(),
        Role::Staff => view! {
            <li><A href="/dashboard">"Dashboard"</A></li>
            <li><A href="/staff/queue">"Validation queue"</A></li>
            <li><A href="/staff/leads/new">"New lead"</A></li>
            <li><A href="/staff/credit-requests">"Credit requests"</A></li>
            <li><A href="/staff/credits">"Credits"</A></li>
            <li><A href="/staff/escrow">"Escrow desk"</A></li>
            <li><A href="/staff/emails">"Emails"</A></li>
            <li><A href="/staff/people">"Search"</A></li>
            <li><A href="/staff/certifications">"Certifications"</A></li>
        }
        .into_any(),
    };
    view! {
        <ul class="nav-links">
            {links}
            <li><ClientOnly><Bell/></ClientOnly></li>
            <li class="who">
                <A href="/account" attr:class="who-name" attr:title="Your account">{user.display_name}</A>
                <span class="badge role">{user.role.label()}</span>
            </li>
            <li>
                <form class="inline" method="post" action=LogOut::PATH on:submit=move |ev| {
                    ev.prevent_default();
                    logout.dispatch(LogOut {});
                }>
                    <button type="submit" class="button small ghost" disabled=move || logout.pending().get()>
                        "Log out"
                    </button>
                </form>
            </li>
        </ul>
    }
}
