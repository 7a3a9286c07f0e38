//! The bell in the header and the notifications page.

use super::common::{ErrorNotice, Loading};
use super::lang::{locale_of, say, stamp_iso, use_page_lang};
use crate::api::notifications::{my_notifications, unread_notifications, MarkNotificationsRead};
use crate::i18n::td_string;
use crate::tr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Bumped when notifications are read, so the bell recounts.
#[derive(Clone, Copy)]
pub struct BellVersion(pub RwSignal<u32>);

/// The bell with the unread count. Counted in the browser, again on every
/// navigation, so it is never stale for long.
#[component]
pub fn Bell() -> impl IntoView {
    let location = use_location();
    let version = use_context::<BellVersion>().map(|v| v.0);
    let unread = LocalResource::new(move || {
        location.pathname.track();
        if let Some(v) = version {
            v.track();
        }
        unread_notifications()
    });
    let count = move || unread.get().and_then(|r| r.ok()).unwrap_or(0);
    let lang = use_page_lang();
    view! {
        <A href="/notifications" attr:class="bell"
            attr:aria-label=move || {
                let l = locale_of(lang.get());
                match count() {
                    0 => td_string!(l, notices.bell_none).to_string(),
                    1 => td_string!(l, notices.bell_one).to_string(),
                    n => crate::tdf!(l, notices.bell_many, n = n),
                }
            }>
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.3A1 1 0 0 0 5.1 17h13.8a1 1 0 0 0 .8-1.7L18 12.6V9a6 6 0 0 0-6-6Zm0 19a3 3 0 0 0 2.8-2H9.2a3 3 0 0 0 2.8 2Z" fill="currentColor"/>
            </svg>
            {move || (count() > 0).then(|| view! { <span class="bell-count" aria-hidden="true">{count()}</span> })}
        </A>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_notifications());
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let version = use_context::<BellVersion>().map(|v| v.0);
    // Once shown, everything up to the newest shown is read.
    Effect::new(move |_| {
        if let Some(Ok(l)) = list.get() {
            if let Some(newest) = l.items.first().filter(|_| l.unread > 0) {
                mark.dispatch(MarkNotificationsRead { up_to: newest.id });
            }
        }
    });
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(v)) = (mark.value().get(), version) {
            v.update(|n| *n += 1);
        }
    });
    let lang = use_page_lang();
    view! {
        <Title text=tr!(notices.title)/>
        <section class="narrow">
            <div class="page-head">
                <h1>{tr!(notices.title)}</h1>
                <A href="/settings/notifications">{tr!(notices.choose_email)}</A>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(l) if l.items.is_empty() => view! {
                            <div class="empty"><p>{tr!(notices.empty)}</p></div>
                        }.into_any(),
                        Ok(l) => view! {
                            <ul class="notifications" aria-label=tr!(notices.title)>
                                {l.items.into_iter().map(|n| {
                                    let when = stamp_iso(&n.at);
                                    let message = n.message.clone();
                                    view! {
                                        <li class="notification" class:unread=!n.read>
                                            {(!n.read).then(|| view! { <span class="badge new">{tr!(offers.is_new)}</span> })}
                                            <p>{move || say(lang.get(), &message)}</p>
                                            <p class="muted small">
                                                <time datetime=n.at.clone()>{when}</time>
                                                {n.link.clone().map(|href| view! { " · " <A href=href>{tr!(feed.open)}</A> })}
                                            </p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
