//! The provider's subscription plan, on the credits page.

use super::common::{field_error, last_error, use_hydrated, ErrorNotice, Loading, TextField};
use super::early_input::keep_choice;
use super::lang::{date_iso_text, locale_of, use_page_lang};
use crate::api::credits::new_key;
use crate::api::plans::{my_plans, SetPlanRenewal, SubscribePlan};
use crate::views::plans::{PlanView, SubscriptionView};
use crate::{tr, trf};
use leptos::prelude::*;

/// On the credits page: the current plan, or the plans to choose from.
/// `changed` is bumped after a payment so the balances reload.
#[component]
pub fn PlansPanel(changed: RwSignal<u32>) -> impl IntoView {
    let subscribe = ServerAction::<SubscribePlan>::new();
    let renewal = ServerAction::<SetPlanRenewal>::new();
    let reloads = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = subscribe.value().get() {
            reloads.update(|n| *n += 1);
            changed.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = renewal.value().get() {
            reloads.update(|n| *n += 1);
        }
    });
    let page = Resource::new(move || reloads.get(), |_| my_plans());
    let renewal_error = last_error(renewal.value());
    view! {
        <section class="card plans" aria-labelledby="plans-title">
            <h2 id="plans-title">{tr!(plans.title)}</h2>
            {move || renewal_error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(p) => match p.current.filter(|c| c.status == "active") {
                            Some(current) => view! { <CurrentPlan current renewal/> }.into_any(),
                            None => view! { <ChoosePlan plans=p.plans subscribe/> }.into_any(),
                        },
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CurrentPlan(current: SubscriptionView, renewal: ServerAction<SetPlanRenewal>) -> impl IntoView {
    let hydrated = use_hydrated();
    let renews = current.renews;
    let lang = use_page_lang();
    let end = current.period_end.clone();
    let plan = current.plan.clone();
    let (name, price, days, last4) = (
        plan.name.clone(),
        plan.price,
        plan.period_days,
        current.card_last4.clone(),
    );
    view! {
        <p>
            <strong>{trf!(plans.named, name = name.as_str())}</strong>
            " · "{trf!(plans.price_every, price = lang.get().money(price), days = days)}
            " · "{trf!(plans.card_ending, last4 = last4.as_str())}
        </p>
        <p class="small">{trf!(plans.period, consultation = plan.consultation, offer = plan.offer, contact = plan.contact)}
            {plan.staff_notes.then(|| tr!(plans.with_notes))}"."</p>
        <p role="status">{move || {
            let lang = lang.get();
            let l = locale_of(lang);
            let day = date_iso_text(lang, &end);
            if renews {
                crate::tdf!(l, plans.renews_on, day = day)
            } else {
                crate::tdf!(l, plans.ends_on, day = day)
            }
        }}</p>
        <button class="button" disabled=move || !hydrated.get() || renewal.pending().get()
            on:click=move |_| { renewal.dispatch(SetPlanRenewal { renews: !renews }); }>
            {if renews { tr!(plans.stop) } else { tr!(plans.resume) }}
        </button>
    }
}

#[component]
fn ChoosePlan(plans: Vec<PlanView>, subscribe: ServerAction<SubscribePlan>) -> impl IntoView {
    let hydrated = use_hydrated();
    let chosen = RwSignal::new(plans.first().map(|p| p.slug.clone()).unwrap_or_default());
    let card = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    Effect::new(move |_| {
        if let Some(Ok(_)) = subscribe.value().get() {
            key.set_value(new_key());
        }
    });
    let error = last_error(subscribe.value());
    let lang = use_page_lang();
    view! {
        <p class="muted small">{tr!(plans.intro)}</p>
        <form on:submit=move |ev| {
            ev.prevent_default();
            subscribe.dispatch(SubscribePlan { plan: chosen.get_untracked(), card: card.get_untracked(), key: key.get_value() });
        }>
            <fieldset class="plan-grid">
                <legend class="visually-hidden">{tr!(plans.plan)}</legend>
                {plans.into_iter().map(|p| {
                    let slug = p.slug.clone();
                    let slug2 = p.slug.clone();
                    view! {
                        <label class="plan-option" class:selected=move || chosen.get() == slug>
                            <input type="radio" name="plan" value=p.slug.clone()
                                use:keep_choice=Callback::new(move |v: String| if v != chosen.get_untracked() { chosen.set(v) })
                                prop:checked=move || chosen.get() == slug2
                                on:change=move |ev| chosen.set(event_target_value(&ev))/>
                            <span class="plan-name">{p.name.clone()}</span>
                            <span class="plan-price num">{trf!(plans.price_per, price = lang.get().money(p.price), days = p.period_days)}</span>
                            <span class="small">{trf!(plans.credits, consultation = p.consultation, offer = p.offer, contact = p.contact)}</span>
                            {p.staff_notes.then(|| view! { <span class="small">{tr!(plans.notes)}</span> })}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || error.get().filter(|e| e.message_for("card").is_none()).map(|e| view! { <ErrorNotice error=e/> })}
            <TextField label=tr!(plans.card) name="plan_card" inputmode="numeric" autocomplete="cc-number"
                value=card error=field_error(error, "card") hint=tr!(plans.card_hint)/>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || subscribe.pending().get()>
                {tr!(plans.subscribe)}
            </button>
        </form>
    }
}
