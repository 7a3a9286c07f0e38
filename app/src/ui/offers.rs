//! Offers on the project page: the client's inbox and the provider's editor.

use super::common::{
    field_error, last_error, use_hydrated, CertifiedBadge, ErrorNotice, FieldMessage, FormError,
    Loading, TextField,
};
use super::early_input::keep_typed;
use super::lang::{locale_of, money, stamp, use_page_lang};
use crate::api::offers::{project_offers, OpenOffer, SaveOffer};
use crate::domain::locale::is_singular;
use crate::domain::offer::OfferForm;
use crate::views::offers::OfferView;
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_router::components::A;

/// "1 day", "30 days" in the page's language.
fn days_text(n: i32) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    let lang = use_page_lang();
    move || {
        let lang = lang.get();
        let l = locale_of(lang);
        if is_singular(lang, i64::from(n)) {
            crate::tdf!(l, offers.day, n = n)
        } else {
            crate::tdf!(l, offers.days, n = n)
        }
    }
}

/// For the project's client: every offer, new ones marked, opened on demand.
#[component]
pub fn ClientOffers(project_id: i64) -> impl IntoView {
    let open = ServerAction::<OpenOffer>::new();
    let offers = LocalResource::new(move || {
        open.version().track();
        project_offers(project_id)
    });
    let opened = move || open.value().get().and_then(|r| r.ok());
    let error = last_error(open.value());
    view! {
        <section class="card offers" aria-labelledby="offers-title">
            <h2 id="offers-title">{tr!(offers.received)}</h2>
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match offers.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="muted">{tr!(offers.none)}</p>
                        }.into_any(),
                        Ok(list) => view! { <OfferTable list open/> }.into_any(),
                    }
                })}
            </Transition>
            {move || opened().map(|o| {
                let name = o.provider_name.clone();
                let label = trf!(offers.from, name = name.clone());
                let days = o.duration_days;
                view! {
                <article class="offer-open" aria-label=label>
                    <h3>{tr!(offers.from_before)}<A href=format!("/people/{}", o.provider_id)>{o.provider_name.clone()}</A></h3>
                    {o.certified_since.map(|since| view! { <p><CertifiedBadge since/></p> })}
                    <p class="num-left"><strong>{money(o.amount)}</strong>" · "{days_text(days)}</p>
                    <p class="description">{o.message.clone()}</p>
                </article>
            }})}
        </section>
    }
}

#[component]
fn OfferTable(list: Vec<OfferView>, open: ServerAction<OpenOffer>) -> impl IntoView {
    let hydrated = use_hydrated();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{tr!(offers.provider)}</th>
                        <th scope="col" class="num">{tr!(offers.amount)}</th>
                        <th scope="col" class="num">{tr!(offers.duration)}</th>
                        <th scope="col">{tr!(project.col_status)}</th>
                        <th scope="col"><span class="visually-hidden">{tr!(common.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|o| {
                        let id = o.id;
                        let name = o.provider_name.clone();
                        let days = o.duration_days;
                        view! {
                            <tr>
                                <th scope="row">
                                    <A href=format!("/people/{}", o.provider_id)>{o.provider_name.clone()}</A>
                                    {o.certified_since.map(|since| view! { " "<CertifiedBadge since/> })}
                                </th>
                                <td class="num">{money(o.amount)}</td>
                                <td class="num">{days_text(days)}</td>
                                <td>{match &o.read_at {
                                    Some(_) => view! { <span class="badge">{tr!(offers.read)}</span> }.into_any(),
                                    None => view! { <span class="badge status-pending_validation">{tr!(offers.is_new)}</span> }.into_any(),
                                }}</td>
                                <td class="row-actions">
                                    <button class="button small" aria-label=trf!(offers.open_label, name = name.clone())
                                        disabled=move || !hydrated.get()
                                        on:click=move |_| { open.dispatch(OpenOffer { offer_id: id }); }>
                                        {tr!(feed.open)}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// For a provider: their own offer (once the offer credit is spent) and,
/// with the report unlocked, everyone's offers.
#[component]
pub fn ProviderOffers(project_id: i64, can_offer: bool, sees_all: bool) -> impl IntoView {
    let save = ServerAction::<SaveOffer>::new();
    // Reload after a success only, so a refused offer keeps what was typed.
    let reloads = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            reloads.update(|n| *n += 1);
        }
    });
    let offers = LocalResource::new(move || {
        reloads.track();
        project_offers(project_id)
    });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match offers.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(list) => {
                        let mine = list.iter().find(|o| o.is_mine).cloned();
                        let others: Vec<_> = list.into_iter().filter(|o| !o.is_mine).collect();
                        view! {
                            {can_offer.then(|| view! { <OfferEditor project_id mine save/> })}
                            {sees_all.then(|| view! {
                                <section class="card" aria-labelledby="others-title">
                                    <h2 id="others-title">{tr!(offers.others)}</h2>
                                    {if others.is_empty() {
                                        view! { <p class="muted">{tr!(offers.no_other)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="plain-list">
                                                {others.into_iter().map(|o| {
                                                    let days = o.duration_days;
                                                    view! {
                                                        <li><strong>{o.provider_name}</strong>" · "{money(o.amount)}" · "{days_text(days)}</li>
                                                    }
                                                }).collect_view()}
                                            </ul>
                                        }.into_any()
                                    }}
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn OfferEditor(
    project_id: i64,
    mine: Option<OfferView>,
    save: ServerAction<SaveOffer>,
) -> impl IntoView {
    let amount = RwSignal::new(
        mine.as_ref()
            .map(|o| o.amount.to_string())
            .unwrap_or_default(),
    );
    let duration = RwSignal::new(
        mine.as_ref()
            .map(|o| o.duration_days.to_string())
            .unwrap_or_default(),
    );
    let message = RwSignal::new(mine.as_ref().map(|o| o.message.clone()).unwrap_or_default());
    let hydrated = use_hydrated();
    let error = last_error(save.value());
    let message_error = field_error(error, "message");
    let status = mine.as_ref().map(|o| match o.read_at {
        Some(at) => {
            let at = stamp(at);
            trf!(offers.sent_read, when = at()).into_any()
        }
        None => {
            let at = stamp(o.updated_at);
            trf!(offers.sent_unread, when = at()).into_any()
        }
    });
    let editing = mine.is_some();
    view! {
        <section class="card" aria-labelledby="my-offer-title">
            <h2 id="my-offer-title">{if editing { tr!(offers.yours) } else { tr!(offers.make) }}</h2>
            {status.map(|s| view! { <p class="offer-status" role="status">{s}</p> })}
            {editing.then(|| view! { <p class="muted small">{tr!(offers.edit_free)}</p> })}
            <form on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(SaveOffer { project_id, form: OfferForm {
                    amount: amount.get_untracked(),
                    duration_days: duration.get_untracked(),
                    message: message.get_untracked(),
                }});
            }>
                <FormError error fields=vec!["amount", "duration_days", "message"]/>
                <TextField label=tr!(offers.amount_field) name="amount" inputmode="decimal" value=amount error=field_error(error, "amount")/>
                <TextField label=tr!(offers.duration_field) name="duration_days" inputmode="numeric" value=duration error=field_error(error, "duration_days")/>
                <div class="field" class:has-error=move || message_error.get().is_some()>
                    <label for="field-message">{tr!(offers.message)}</label>
                    <textarea id="field-message" rows="5" use:keep_typed=message prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                    <FieldMessage id="field-message-error".into() error=message_error/>
                </div>
                <button type="submit" class="button primary" disabled=move || !hydrated.get() || save.pending().get()>
                    {if editing { tr!(offers.save) } else { tr!(offers.send) }}
                </button>
            </form>
        </section>
    }
}
