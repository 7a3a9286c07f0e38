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
            <td class="num">{t.planned.display()}</td>
            <td class="num">{t.deposited.display()}</td>
            <td class="num">{t.held.display()}</td>
            <td class="num">{t.released.display()}</td>
            <td class="num">{t.refunded.display()}</td>
            {frozen.then(|| view! { <td class="num">{t.disputed.display()}</td> })}
        };
        if total {
            view! { <tr class="total"><th scope="row">"Total"</th>{cells}</tr> }.into_any()
        } else {
            view! { <tr><th scope="row">{t.label.clone()}</th>{cells}</tr> }.into_any()
        }
    };
    view! {
        <div class="table-wrap">
            <table class="data money" aria-label="Escrow tranches" class:frozen=frozen>
                <thead><tr>
                    <th scope="col">"Tranche"</th>
                    <th scope="col" class="num">"Planned"</th>
                    <th scope="col" class="num">"Deposited"</th>
                    <th scope="col" class="num">"Held"</th>
                    <th scope="col" class="num">"Released"</th>
                    <th scope="col" class="num">"Refunded"</th>
                    // Only while a dispute freezes the escrow: otherwise it is all zeros.
                    {frozen.then(|| view! { <th scope="col" class="num">"Disputed"</th> })}
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
