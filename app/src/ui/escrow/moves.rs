//! The forms of the escrow's money moves: deposit, release or give back, dispute, staff's decision.

use super::parts::*;
use crate::api::credits::new_key;
use crate::api::escrow::{DecideDispute, DepositEscrow, OpenDispute, RefundEscrow, ReleaseEscrow};
use crate::domain::money::Cents;
use crate::domain::payment::{TEST_CARD_DECLINED, TEST_CARD_OK};
use crate::domain::words::Label;
use crate::i18n::td_string;
use crate::ui::common::{field_error, last_error, use_hydrated, FormError, TextField};
use crate::ui::early_input::keep_typed;
use crate::ui::lang::{locale_of, say, use_page_lang};
use crate::views::escrow::{AllocationForm, DepositFees, TrancheView};
use crate::{tr, trf};
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
    let (paying, pay) = (tr!(credits.paying), tr!(escrow.pay));
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
            <h3 id="deposit-title">{tr!(escrow.deposit)}</h3>
            <p class="muted small">{tr!(escrow.deposit_before)}<code>{TEST_CARD_OK}</code>{tr!(escrow.deposit_between)}<code>{TEST_CARD_DECLINED}</code>{tr!(escrow.deposit_after)}</p>
            <Outcome value=Signal::derive(move || action.value().get()) fields=vec!["amount", "card"]/>
            <TrancheSelect id="deposit-tranche" tranches value=tranche/>
            <TextField label=tr!(escrow.deposit_amount) name="deposit_amount" inputmode="decimal" value=amount error=field_error(error, "amount")/>
            <DepositFees fees amount=amount.into()/>
            <TextField label=tr!(credits.card) name="deposit_card" inputmode="numeric" autocomplete="cc-number" value=card error=field_error(error, "card")/>
            <button type="submit" class="button primary" disabled=move || frozen.get() || fees.with(|f| f.waits.is_some()) || !hydrated.get() || action.pending().get()>
                {move || if action.pending().get() { paying.get() } else { pay.get() }}
            </button>
        </form>
    }
}

/// What the first deposit also pays, and the card's total as it is typed;
/// or why no deposit is accepted yet.
#[component]
fn DepositFees(fees: Signal<DepositFees>, amount: Signal<String>) -> impl IntoView {
    let lang = use_page_lang();
    move || {
        let lang = lang.get();
        let l = locale_of(lang);
        fees.with(|DepositFees { lines, waits }| {
            if let Some(why) = waits {
                return view! { <p class="notice warning" role="note">{say(lang, why)}</p> }.into_any();
            }
            if lines.is_empty() {
                return ().into_any();
            }
            let fees_total = Cents::sum(lines.iter().map(|l| l.1)).unwrap_or(Cents::ZERO);
            let total = Cents::parse_positive(&amount.get())
                .ok()
                .and_then(|a| a.checked_add(fees_total))
                .map_or_else(|| "—".to_string(), |t| lang.money(t));
            view! {
                <div class="notice info deposit-fees" role="note">
                    <p>{td_string!(l, escrow.fees_with_deposit)}</p>
                    <table class="data money compact" aria-label=td_string!(l, escrow.fees_paid_with)>
                        <tbody>
                            {lines.iter().map(|(kind, due)| view! {
                                <tr><th scope="row">{kind.text(l)}</th><td class="num">{lang.money(*due)}</td></tr>
                            }).collect_view()}
                            <tr class="total"><th scope="row">{td_string!(l, escrow.charged_in_all)}</th><td class="num" data-testid="deposit-charged">{total}</td></tr>
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
    let (title, hint, button, label, id, name) = if release {
        (
            tr!(escrow.release),
            tr!(escrow.release_hint),
            tr!(escrow.release_button),
            tr!(escrow.release_amount),
            "release-tranche",
            "release_amount",
        )
    } else {
        (
            tr!(escrow.give_back),
            tr!(escrow.give_back_hint),
            tr!(escrow.give_back_button),
            tr!(escrow.give_back_amount),
            "refund-tranche",
            "refund_amount",
        )
    };
    let heading = title.clone();
    view! {
        <form class="card inset" aria-label=heading on:submit=move |ev| {
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
            <TextField label name inputmode="decimal" value=amount error=field_error(error, "amount")/>
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
            <summary>{tr!(escrow.dispute_open)}</summary>
            <form on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(OpenDispute { project_id, reason: reason.get_untracked() });
            }>
                <p class="muted small">{tr!(escrow.dispute_hint)}</p>
                <FormError error fields=vec!["reason"]/>
                <div class="field">
                    <label for="dispute-reason">{tr!(escrow.dispute_reason)}</label>
                    <textarea id="dispute-reason" rows="3" use:keep_typed=reason prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <p class="field-error">{move || field_error(error, "reason").get()}</p>
                </div>
                <button type="submit" class="button danger" disabled=move || !hydrated.get() || action.pending().get()>{tr!(escrow.dispute_button)}</button>
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
    let lang = use_page_lang();
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
            <h3 id="decide-title">{tr!(escrow.decide_title)}</h3>
            <p class="muted small">{tr!(escrow.decide_hint)}</p>
            <Outcome value=Signal::derive(move || action.value().get()) fields=vec!["note"]/>
            {held.iter().zip(shares).map(|(t, (position, p, c))| {
                let (label, amount) = (t.label.clone(), t.held);
                let (to_provider, to_client) = (t.label.clone(), t.label.clone());
                view! {
                <fieldset class="field">
                    <legend>{trf!(escrow.share_legend, label = label.as_str(), held = lang.get().money(amount))}</legend>
                    <div class="field-row">
                        <div class="field">
                            <label for=format!("share-provider-{position}")>{trf!(escrow.share_provider, label = to_provider.as_str())}</label>
                            <input id=format!("share-provider-{position}") inputmode="decimal" use:keep_typed=p prop:value=move || p.get() on:input=move |ev| p.set(event_target_value(&ev))/>
                        </div>
                        <div class="field">
                            <label for=format!("share-client-{position}")>{trf!(escrow.share_client, label = to_client.as_str())}</label>
                            <input id=format!("share-client-{position}") inputmode="decimal" use:keep_typed=c prop:value=move || c.get() on:input=move |ev| c.set(event_target_value(&ev))/>
                        </div>
                    </div>
                </fieldset>
            }}).collect_view()}
            <div class="field">
                <label for="decision-note">{tr!(escrow.decision_note)}</label>
                <textarea id="decision-note" rows="3" use:keep_typed=note prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <p class="field-error">{move || field_error(error, "note").get()}</p>
            </div>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || action.pending().get()>{tr!(escrow.decide)}</button>
        </form>
    }
}
