//! Offers on the project page: the client's inbox and the provider's editor.

use super::common::{
    field_error, last_error, use_hydrated, CertifiedBadge, ErrorNotice, FieldMessage, FormError,
    Loading, TextField,
};
use super::early_input::keep_typed;
use crate::api::offers::{project_offers, OpenOffer, SaveOffer};
use crate::domain::offer::OfferForm;
use crate::views::offers::OfferView;
use leptos::prelude::*;
use leptos_router::components::A;

fn when(iso: &str) -> String {
    iso.replace('T', " ").chars().take(16).collect::<String>() + " UTC"
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
            <h2 id="offers-title">"Offers received"</h2>
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match offers.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="muted">"No offer yet. Providers who unlock your project can send one."</p>
                        }.into_any(),
                        Ok(list) => view! { <OfferTable list open/> }.into_any(),
                    }
                })}
            </Transition>
            {move || opened().map(|o| {
                let label = format!("Offer from {}", o.provider_name);
                view! {
                <article class="offer-open" aria-label=label>
                    <h3>"Offer from "<A href=format!("/people/{}", o.provider_id)>{o.provider_name.clone()}</A></h3>
                    {o.certified_since.clone().map(|since| view! { <p><CertifiedBadge since/></p> })}
                    <p class="num-left"><strong>{o.amount.display()}</strong>{format!(" · {} days", o.duration_days)}</p>
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
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">"Provider"</th>
                        <th scope="col" class="num">"Amount"</th>
                        <th scope="col" class="num">"Duration"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|o| {
                        let id = o.id;
                        let name = o.provider_name.clone();
                        view! {
                            <tr>
                                <th scope="row">
                                    <A href=format!("/people/{}", o.provider_id)>{o.provider_name.clone()}</A>
                                    {o.certified_since.clone().map(|since| view! { " "<CertifiedBadge since/> })}
                                </th>
                                <td class="num">{o.amount.display()}</td>
                                <td class="num">{format!("{} days", o.duration_days)}</td>
                                <td>{match &o.read_at {
                                    Some(_) => view! { <span class="badge">"Read"</span> }.into_any(),
                                    None => view! { <span class="badge status-pending_validation">"New"</span> }.into_any(),
                                }}</td>
                                <td class="row-actions">
                                    <button class="button small" aria-label=format!("Open the offer from {name}")
                                        disabled=move || !hydrated.get()
                                        on:click=move |_| { open.dispatch(OpenOffer { offer_id: id }); }>
                                        "Open"
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
                                    <h2 id="others-title">"Other providers' offers"</h2>
                                    {if others.is_empty() {
                                        view! { <p class="muted">"No other offer yet."</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="plain-list">
                                                {others.into_iter().map(|o| view! {
                                                    <li><strong>{o.provider_name}</strong>{format!(" · {} · {} days", o.amount.display(), o.duration_days)}</li>
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
    let status = mine.as_ref().map(|o| match &o.read_at {
        Some(at) => format!("Sent. Read by the client on {}.", when(at)),
        None => format!("Sent {}. Not read by the client yet.", when(&o.updated_at)),
    });
    let editing = mine.is_some();
    view! {
        <section class="card" aria-labelledby="my-offer-title">
            <h2 id="my-offer-title">{if editing { "Your offer" } else { "Make an offer" }}</h2>
            {status.map(|s| view! { <p class="offer-status" role="status">{s}</p> })}
            {editing.then(|| view! { <p class="muted small">"Editing your offer is free."</p> })}
            <form on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(SaveOffer { project_id, form: OfferForm {
                    amount: amount.get_untracked(),
                    duration_days: duration.get_untracked(),
                    message: message.get_untracked(),
                }});
            }>
                <FormError error fields=vec!["amount", "duration_days", "message"]/>
                <TextField label="Amount (€)" name="amount" inputmode="decimal" value=amount error=field_error(error, "amount")/>
                <TextField label="Duration (days)" name="duration_days" inputmode="numeric" value=duration error=field_error(error, "duration_days")/>
                <div class="field" class:has-error=move || message_error.get().is_some()>
                    <label for="field-message">"Message to the client"</label>
                    <textarea id="field-message" rows="5" use:keep_typed=message prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                    <FieldMessage id="field-message-error".into() error=message_error/>
                </div>
                <button type="submit" class="button primary" disabled=move || !hydrated.get() || save.pending().get()>
                    {if editing { "Save changes" } else { "Send the offer" }}
                </button>
            </form>
        </section>
    }
}
