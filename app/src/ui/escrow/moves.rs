//! The forms of the escrow's money moves: deposit, release or give back, dispute, staff's decision.

use super::parts::*;
use crate::api::credits::new_key;
use crate::api::escrow::{DecideDispute, DepositEscrow, OpenDispute, RefundEscrow, ReleaseEscrow};
use crate::domain::money::Cents;
use crate::domain::payment::{TEST_CARD_DECLINED, TEST_CARD_OK};
use crate::ui::common::{field_error, last_error, use_hydrated, FormError, TextField};
use crate::ui::early_input::keep_typed;
use crate::views::escrow::{AllocationForm, DepositFees, TrancheView};
use leptos::prelude::*;

#[component]
pub(super) fn DepositForm(
    project_id: i64,
    tranches: Signal<Vec<TrancheView>>,
    frozen: Signal<bool>,
    /// The fees this deposit also pays, and why deposits wait, if they do.
    fees: Signal<DepositFees>,
    reload: Callback<()>,
) -> impl IntoView {
    let action = ServerAction::<DepositEscrow>::new();
    let hydrated = use_hydrated();
    let now = tranches.get_untracked();
    let first = now.iter().find(|t| !t.unfunded.is_zero()).or(now.first());
    let tranche = RwSignal::new(first.map(|t| t.position.to_string()).unwrap_or_default());
    let amount = RwSignal::new(first.map(|t| t.unfunded.to_string()).unwrap_or_default());
    let card = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    let error = last_error(action.value());
    after_success(action.value(), key, reload);
    view! {
        <form class="card inset" aria-labelledby="deposit-title" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(DepositEscrow {
                project_id,
                tranche: tranche.get_untracked().parse().unwrap_or(0),
                amount: amount.get_untracked(),
                card: card.get_untracked(),
                key: key.get_value(),
            });
        }>
            <h3 id="deposit-title">"Deposit"</h3>
            <p class="muted small">"Fund a tranche, whole or in part. Test cards: "<code>{TEST_CARD_OK}</code>" pays, "<code>{TEST_CARD_DECLINED}</code>" is declined."</p>
            <Outcome value=Signal::derive(move || action.value().get()) fields=vec!["amount", "card"]/>
            <TrancheSelect id="deposit-tranche" tranches value=tranche/>
            <TextField label="Amount to deposit (€)" name="deposit_amount" inputmode="decimal" value=amount error=field_error(error, "amount")/>
            <DepositFees fees amount=amount.into()/>
            <TextField label="Card number" name="deposit_card" inputmode="numeric" autocomplete="cc-number" value=card error=field_error(error, "card")/>
            <button type="submit" class="button primary" disabled=move || frozen.get() || fees.with(|f| f.waits.is_some()) || !hydrated.get() || action.pending().get()>
                {move || if action.pending().get() { "Paying…" } else { "Pay into escrow" }}
            </button>
        </form>
    }
}

/// What the first deposit also pays, and the card's total as it is typed;
/// or why no deposit is accepted yet.
#[component]
fn DepositFees(fees: Signal<DepositFees>, amount: Signal<String>) -> impl IntoView {
    move || {
        fees.with(|DepositFees { lines, waits }| {
            if let Some(why) = waits {
                return view! { <p class="notice warning" role="note">{why.clone()}</p> }.into_any();
            }
            if lines.is_empty() {
                return ().into_any();
            }
            let fees_total = Cents::sum(lines.iter().map(|l| l.1)).unwrap_or(Cents::ZERO);
            let total = Cents::parse_positive(&amount.get())
                .ok()
                .and_then(|a| a.checked_add(fees_total))
                .map_or_else(|| "—".to_string(), |t| t.display());
            view! {
                <div class="notice info deposit-fees" role="note">
                    <p>"This first deposit also pays the platform fees you owe on this agreement:"</p>
                    <table class="data money compact" aria-label="Fees paid with this deposit">
                        <tbody>
                            {lines.iter().map(|(label, due)| view! {
                                <tr><th scope="row">{label.clone()}</th><td class="num">{due.display()}</td></tr>
                            }).collect_view()}
                            <tr class="total"><th scope="row">"Card charged in all"</th><td class="num" data-testid="deposit-charged">{total}</td></tr>
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    }
}

/// The client releases held money to the provider (`release`), or the
/// provider gives it back to the client.
#[component]
pub(super) fn LetGoForm(
    project_id: i64,
    tranches: Signal<Vec<TrancheView>>,
    frozen: Signal<bool>,
    reload: Callback<()>,
    release: bool,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let now = tranches.get_untracked();
    let first = now.iter().find(|t| !t.held.is_zero()).or(now.first());
    let tranche = RwSignal::new(first.map(|t| t.position.to_string()).unwrap_or_default());
    let amount = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    let release_action = ServerAction::<ReleaseEscrow>::new();
    let refund_action = ServerAction::<RefundEscrow>::new();
    let value = Signal::derive(move || {
        if release {
            release_action.value().get()
        } else {
            refund_action.value().get()
        }
    });
    let pending =
        Signal::derive(move || release_action.pending().get() || refund_action.pending().get());
    let error = last_error(value);
    after_success(value, key, reload);
    let (title, hint, button, id, name) = if release {
        (
            "Release",
            "Accept a deliverable: what you release is owed to the provider.",
            "Release to the provider",
            "release-tranche",
            "release_amount",
        )
    } else {
        (
            "Give back",
            "Return held money to the client, with your consent.",
            "Give back to the client",
            "refund-tranche",
            "refund_amount",
        )
    };
    view! {
        <form class="card inset" aria-label=title on:submit=move |ev| {
            ev.prevent_default();
            let tranche = tranche.get_untracked().parse().unwrap_or(0);
            if release {
                release_action.dispatch(ReleaseEscrow { project_id, tranche, amount: amount.get_untracked(), key: key.get_value() });
            } else {
                refund_action.dispatch(RefundEscrow { project_id, tranche, amount: amount.get_untracked(), key: key.get_value() });
            }
        }>
            <h3>{title}</h3>
            <p class="muted small">{hint}</p>
            <Outcome value fields=vec!["amount"]/>
            <TrancheSelect id tranches value=tranche/>
            <TextField label=if release { "Amount to release (€)" } else { "Amount to give back (€)" } name inputmode="decimal" value=amount error=field_error(error, "amount")/>
            <button type="submit" class="button" class:primary=release disabled=move || frozen.get() || !hydrated.get() || pending.get()>{button}</button>
        </form>
    }
}

#[component]
pub(super) fn DisputeForm(
    project_id: i64,
    frozen: Signal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let action = ServerAction::<OpenDispute>::new();
    let hydrated = use_hydrated();
    let reason = RwSignal::new(String::new());
    let error = last_error(action.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            reload.run(());
        }
    });
    view! {
        <details class="dispute" class:hidden=move || frozen.get()>
            <summary>"Declare a dispute"</summary>
            <form on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(OpenDispute { project_id, reason: reason.get_untracked() });
            }>
                <p class="muted small">"The escrow freezes for both of you until staff decide: release, refund or a split of what is held."</p>
                <FormError error fields=vec!["reason"]/>
                <div class="field">
                    <label for="dispute-reason">"What went wrong"</label>
                    <textarea id="dispute-reason" rows="3" use:keep_typed=reason prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <p class="field-error">{move || field_error(error, "reason").get()}</p>
                </div>
                <button type="submit" class="button danger" disabled=move || !hydrated.get() || action.pending().get()>"Declare the dispute"</button>
            </form>
        </details>
    }
}

#[component]
pub(super) fn DecideForm(
    project_id: i64,
    tranches: Vec<TrancheView>,
    reload: Callback<()>,
) -> impl IntoView {
    let action = ServerAction::<DecideDispute>::new();
    let hydrated = use_hydrated();
    let note = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    let held: Vec<TrancheView> = tranches.into_iter().filter(|t| !t.held.is_zero()).collect();
    let shares: Vec<(i32, RwSignal<String>, RwSignal<String>)> = held
        .iter()
        .map(|t| {
            (
                t.position,
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
            )
        })
        .collect();
    let error = last_error(action.value());
    after_success(action.value(), key, reload);
    let submitted = shares.clone();
    view! {
        <form class="card inset" aria-labelledby="decide-title" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(DecideDispute {
                project_id,
                allocations: submitted.iter().map(|(position, p, c)| AllocationForm {
                    position: *position,
                    to_provider: p.get_untracked(),
                    to_client: c.get_untracked(),
                }).collect(),
                note: note.get_untracked(),
                key: key.get_value(),
            });
        }>
            <h3 id="decide-title">"Decide the dispute"</h3>
            <p class="muted small">"For each tranche, what goes to the provider and what goes back to the client; never more than is held. What you leave stays held."</p>
            <Outcome value=Signal::derive(move || action.value().get()) fields=vec!["note"]/>
            {held.iter().zip(shares).map(|(t, (position, p, c))| view! {
                <fieldset class="field">
                    <legend>{format!("{} · {} held", t.label, t.held.display())}</legend>
                    <div class="field-row">
                        <div class="field">
                            <label for=format!("share-provider-{position}")>{format!("{} to the provider (€)", t.label)}</label>
                            <input id=format!("share-provider-{position}") inputmode="decimal" use:keep_typed=p prop:value=move || p.get() on:input=move |ev| p.set(event_target_value(&ev))/>
                        </div>
                        <div class="field">
                            <label for=format!("share-client-{position}")>{format!("{} back to the client (€)", t.label)}</label>
                            <input id=format!("share-client-{position}") inputmode="decimal" use:keep_typed=c prop:value=move || c.get() on:input=move |ev| c.set(event_target_value(&ev))/>
                        </div>
                    </div>
                </fieldset>
            }).collect_view()}
            <div class="field">
                <label for="decision-note">"Decision, as the parties will read it"</label>
                <textarea id="decision-note" rows="3" use:keep_typed=note prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <p class="field-error">{move || field_error(error, "note").get()}</p>
            </div>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || action.pending().get()>"Decide"</button>
        </form>
    }
}
