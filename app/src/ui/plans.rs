//! The provider's subscription plan, on the credits page.

use super::common::{field_error, last_error, use_hydrated, ErrorNotice, Loading, TextField};
use super::early_input::keep_choice;
use crate::api::credits::new_key;
use crate::api::plans::{my_plans, SetPlanRenewal, SubscribePlan};
use crate::views::plans::{PlanView, SubscriptionView};
use leptos::prelude::*;

fn day(iso: &str) -> String {
    iso.chars().take(10).collect()
}

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
            <h2 id="plans-title">"Your plan"</h2>
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
    let end = day(&current.period_end);
    view! {
        <p>
            <strong>{format!("{} plan", current.plan.name)}</strong>
            {format!(" · {} every {} days · card ending {}", super::lang::money_now(current.plan.price), current.plan.period_days, current.card_last4)}
        </p>
        <p class="small">{format!(
            "This period: {} consultation, {} offer and {} contact credits{}.",
            current.plan.consultation, current.plan.offer, current.plan.contact,
            if current.plan.staff_notes { ", and staff's follow-up notes on projects" } else { "" }
        )}</p>
        <p role="status">{if renews {
            format!("Renews on {end}.")
        } else {
            format!("Renewal stopped: the plan ends on {end}. Your credits stay yours.")
        }}</p>
        <button class="button" disabled=move || !hydrated.get() || renewal.pending().get()
            on:click=move |_| { renewal.dispatch(SetPlanRenewal { renews: !renews }); }>
            {if renews { "Stop renewal" } else { "Resume renewal" }}
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
    view! {
        <p class="muted small">"A plan gives you a bundle of each kind of credit every period and renews until you stop it."</p>
        <form on:submit=move |ev| {
            ev.prevent_default();
            subscribe.dispatch(SubscribePlan { plan: chosen.get_untracked(), card: card.get_untracked(), key: key.get_value() });
        }>
            <fieldset class="plan-grid">
                <legend class="visually-hidden">"Plan"</legend>
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
                            <span class="plan-price num">{format!("{} / {} days", super::lang::money_now(p.price), p.period_days)}</span>
                            <span class="small">{format!("{} consultation · {} offer · {} contact credits", p.consultation, p.offer, p.contact)}</span>
                            {p.staff_notes.then(|| view! { <span class="small">"Staff's follow-up notes on projects"</span> })}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || error.get().filter(|e| e.message_for("card").is_none()).map(|e| view! { <ErrorNotice error=e/> })}
            <TextField label="Card number for the plan" name="plan_card" inputmode="numeric" autocomplete="cc-number"
                value=card error=field_error(error, "card") hint="Test gateway: 4242 4242 4242 4242 pays."/>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || subscribe.pending().get()>
                "Subscribe and pay"
            </button>
        </form>
    }
}
