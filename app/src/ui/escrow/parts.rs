//! Pieces the escrow's forms and tables share: the tranche table and picker, a form's outcome.

use crate::api::credits::new_key;
use crate::error::{AppError, Msg};
use crate::tr;
use crate::ui::common::{last_error, FormError};
use crate::ui::early_input::keep_typed;
use crate::ui::lang::{locale_of, money, say, use_page_lang};
use crate::views::escrow::TrancheView;
use leptos::prelude::*;

#[component]
pub(super) fn TrancheTable(
    tranches: Vec<TrancheView>,
    totals: TrancheView,
    frozen: bool,
) -> impl IntoView {
    let row = move |t: &TrancheView, total: bool| {
        let cells = view! {
            <td class="num" data-label=tr!(escrow.planned)>{money(t.planned)}</td>
            <td class="num" data-label=tr!(escrow.deposited)>{money(t.deposited)}</td>
            <td class="num" data-label=tr!(escrow.held)>{money(t.held)}</td>
            <td class="num" data-label=tr!(escrow.released)>{money(t.released)}</td>
            <td class="num" data-label=tr!(escrow.refunded)>{money(t.refunded)}</td>
            {frozen.then(|| view! { <td class="num" data-label=tr!(escrow.disputed)>{money(t.disputed)}</td> })}
        };
        if total {
            view! { <tr class="total"><th scope="row">{tr!(escrow.total)}</th>{cells}</tr> }
                .into_any()
        } else {
            view! { <tr><th scope="row">{t.label.clone()}</th>{cells}</tr> }.into_any()
        }
    };
    view! {
        <div class="table-wrap" tabindex="0">
            // On a phone each tranche is a card, its figures labelled.
            <table role="table" class="data money stack-on-phone" aria-label=tr!(escrow.tranches) class:frozen=frozen>
                <thead><tr>
                    <th scope="col">{tr!(agreement.tranche)}</th>
                    <th scope="col" class="num">{tr!(escrow.planned)}</th>
                    <th scope="col" class="num">{tr!(escrow.deposited)}</th>
                    <th scope="col" class="num">{tr!(escrow.held)}</th>
                    <th scope="col" class="num">{tr!(escrow.released)}</th>
                    <th scope="col" class="num">{tr!(escrow.refunded)}</th>
                    // Only while a dispute freezes the escrow: otherwise it is all zeros.
                    {frozen.then(|| view! { <th scope="col" class="num">{tr!(escrow.disputed)}</th> })}
                </tr></thead>
                <tbody>{tranches.iter().map(|t| row(t, false)).collect_view()}</tbody>
                <tfoot>{row(&totals, true)}</tfoot>
            </table>
        </div>
    }
}

/// A select of the tranches, bound to a position.
#[component]
pub(super) fn TrancheSelect(
    id: &'static str,
    tranches: Signal<Vec<TrancheView>>,
    value: RwSignal<String>,
) -> impl IntoView {
    let lang = use_page_lang();
    view! {
        <div class="field">
            <label for=id>{tr!(agreement.tranche)}</label>
            <select id=id use:keep_typed=value prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {move || tranches.get().into_iter().map(|t| {
                    let (label, held, unfunded) = (t.label.clone(), t.held, t.unfunded);
                    view! {
                        <option value=t.position.to_string() selected=t.position.to_string() == value.get_untracked()>
                            {move || {
                                let lang = lang.get();
                                crate::tdf!(locale_of(lang), escrow.tranche_option, label = label.as_str(),
                                    held = lang.money(held), unfunded = lang.money(unfunded))
                            }}
                        </option>
                    }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Shows an action's outcome: its answer, or its error.
#[component]
pub(super) fn Outcome(
    value: Signal<Option<Result<Msg, AppError>>>,
    fields: Vec<&'static str>,
) -> impl IntoView {
    let error = last_error(value);
    let lang = use_page_lang();
    view! {
        {move || value.get().and_then(|r| r.ok()).map(|m| view! { <div class="notice success" role="status"><p>{say(lang.get(), &m)}"."</p></div> })}
        <FormError error fields=fields.clone()/>
    }
}

/// Re-reads the tab and renews the key once an action succeeded.
pub(super) fn after_success<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    key: StoredValue<String>,
    reload: Callback<()>,
) {
    Effect::new(move |_| {
        if let Some(Ok(_)) = value.get() {
            key.set_value(new_key());
            reload.run(());
        }
    });
}
