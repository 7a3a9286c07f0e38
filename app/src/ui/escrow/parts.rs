//! Pieces the escrow's forms and tables share: the tranche table and picker, a form's outcome.

use crate::api::credits::new_key;
use crate::error::AppError;
use crate::ui::common::{last_error, FormError};
use crate::ui::early_input::keep_typed;
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
            <td role="cell" class="num" data-label="Planned">{t.planned.display()}</td>
            <td role="cell" class="num" data-label="Deposited">{t.deposited.display()}</td>
            <td role="cell" class="num" data-label="Held">{t.held.display()}</td>
            <td role="cell" class="num" data-label="Released">{t.released.display()}</td>
            <td role="cell" class="num" data-label="Refunded">{t.refunded.display()}</td>
            {frozen.then(|| view! { <td role="cell" class="num" data-label="Disputed">{t.disputed.display()}</td> })}
        };
        if total {
            view! { <tr role="row" class="total"><th role="rowheader" scope="row">"Total"</th>{cells}</tr> }.into_any()
        } else {
            view! { <tr role="row"><th role="rowheader" scope="row">{t.label.clone()}</th>{cells}</tr> }.into_any()
        }
    };
    view! {
        <div class="table-wrap">
            // On a phone each tranche is a card, its figures labelled.
            <table role="table" class="data money stack-on-phone" aria-label="Escrow tranches" class:frozen=frozen>
                <thead role="rowgroup"><tr role="row">
                    <th role="columnheader" scope="col">"Tranche"</th>
                    <th role="columnheader" scope="col" class="num">"Planned"</th>
                    <th role="columnheader" scope="col" class="num">"Deposited"</th>
                    <th role="columnheader" scope="col" class="num">"Held"</th>
                    <th role="columnheader" scope="col" class="num">"Released"</th>
                    <th role="columnheader" scope="col" class="num">"Refunded"</th>
                    // Only while a dispute freezes the escrow: otherwise it is all zeros.
                    {frozen.then(|| view! { <th role="columnheader" scope="col" class="num">"Disputed"</th> })}
                </tr></thead>
                <tbody role="rowgroup">{tranches.iter().map(|t| row(t, false)).collect_view()}</tbody>
                <tfoot role="rowgroup">{row(&totals, true)}</tfoot>
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
    view! {
        <div class="field">
            <label for=id>"Tranche"</label>
            <select id=id use:keep_typed=value prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {move || tranches.get().into_iter().map(|t| view! {
                    <option value=t.position.to_string() selected=t.position.to_string() == value.get_untracked()>
                        {format!("{} (held {}, to fund {})", t.label, t.held.display(), t.unfunded.display())}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// Shows an action's outcome: its answer, or its error.
#[component]
pub(super) fn Outcome(
    value: Signal<Option<Result<String, AppError>>>,
    fields: Vec<&'static str>,
) -> impl IntoView {
    let error = last_error(value);
    view! {
        {move || value.get().and_then(|r| r.ok()).map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
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
