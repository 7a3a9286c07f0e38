//! Payouts: the provider's request with an invoice, the list, staff's mark as paid.

use crate::api::credits::new_key;
use crate::api::escrow::MarkPayoutPaid;
use crate::ui::common::{last_error, use_hydrated, FormError};
use crate::ui::early_input::keep_typed;
use crate::views::escrow::PayoutView;
use leptos::prelude::*;

/// A plain multipart form (works without JavaScript); the outcome comes
/// back in the address as `?payout=`.
#[component]
pub fn PayoutForm(
    project_id: i64,
    /// Sent from the dashboard: the answer comes back there, for this project.
    #[prop(optional)]
    from_dashboard: bool,
) -> impl IntoView {
    use crate::domain::files::UploadRefusal;
    let query = leptos_router::hooks::use_query_map();
    let outcome = move || {
        let q = query.read();
        let here = !from_dashboard || q.get("project") == Some(project_id.to_string());
        q.get("payout").filter(|_| here)
    };
    let key = new_key();
    let (action, title_id, field) = if from_dashboard {
        (
            format!("/files/payouts/{project_id}?back=dashboard"),
            format!("payout-title-{project_id}"),
            format!("-{project_id}"),
        )
    } else {
        (
            format!("/files/payouts/{project_id}"),
            "payout-title".to_string(),
            String::new(),
        )
    };
    let labelled_by = title_id.clone();
    view! {
        <form class="card inset" method="post" enctype="multipart/form-data" action=action
            aria-labelledby=labelled_by>
            <h3 id=title_id>"Request a payout"</h3>
            <p class="muted small">"Released money is paid to your bank by staff once they check your invoice (PDF, 5 MB at most)."</p>
            {move || outcome().map(|code| match code.as_str() {
                "ok" => view! { <div class="notice success" role="status"><p>"Payout requested: staff will check the invoice and transfer the money."</p></div> }.into_any(),
                "amount" => view! { <div class="notice error" role="alert"><p>"Enter an amount above zero and no more than the released money not yet requested; nothing was filed."</p></div> }.into_any(),
                other => view! { <div class="notice error" role="alert"><p>{UploadRefusal::from_code(other).map(|r| r.message()).unwrap_or("The payout request was not filed.")}</p></div> }.into_any(),
            })}
            <input type="hidden" name="key" value=key/>
            <div class="field">
                <label for=format!("payout-amount{field}")>"Amount to pay out (€)"</label>
                <input id=format!("payout-amount{field}") name="amount" inputmode="decimal" required/>
            </div>
            <div class="field">
                <label for=format!("payout-invoice{field}")>"Invoice (PDF)"</label>
                <input id=format!("payout-invoice{field}") name="invoice" type="file" accept="application/pdf,.pdf" required/>
            </div>
            <button type="submit" class="button primary">"Request the payout"</button>
        </form>
    }
}

#[component]
pub(super) fn PayoutList(
    payouts: Vec<PayoutView>,
    staff: bool,
    reload: Callback<()>,
) -> impl IntoView {
    if payouts.is_empty() {
        return view! { <h3>"Payouts"</h3><p class="muted small">"No payout requested yet."</p> }
            .into_any();
    }
    view! {
        <h3>"Payouts"</h3>
        <div class="table-wrap">
            <table class="data money" aria-label="Payouts">
                <thead><tr>
                    <th scope="col">"Requested"</th>
                    <th scope="col" class="num">"Amount"</th>
                    <th scope="col">"Invoice"</th>
                    <th scope="col">"Status"</th>
                </tr></thead>
                <tbody>
                    {payouts.into_iter().map(|p| view! {
                        <tr>
                            <td>{p.requested_at.clone()}</td>
                            <td class="num">{p.amount.display()}</td>
                            <td><a href=format!("/files/invoices/{}", p.id) download>{p.invoice_name.clone()}</a></td>
                            <td>{if p.paid {
                                view! { <span>{format!("Paid on {} · reference {}", p.paid_at.clone().unwrap_or_default(), p.transfer_reference.clone().unwrap_or_default())}</span> }.into_any()
                            } else if staff {
                                view! { <MarkPaidForm payout_id=p.id reload/> }.into_any()
                            } else {
                                view! { <span>"Waiting for staff's transfer"</span> }.into_any()
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub(super) fn MarkPaidForm(payout_id: i64, reload: Callback<()>) -> impl IntoView {
    let action = ServerAction::<MarkPayoutPaid>::new();
    let hydrated = use_hydrated();
    let reference = RwSignal::new(String::new());
    let error = last_error(action.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            reload.run(());
        }
    });
    let id = format!("transfer-reference-{payout_id}");
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(MarkPayoutPaid { payout_id, reference: reference.get_untracked() });
        }>
            <label for=id.clone()>"Transfer reference"</label>
            <input id=id use:keep_typed=reference prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev))/>
            <button type="submit" class="button small primary" disabled=move || !hydrated.get() || action.pending().get()>"Mark paid"</button>
            <FormError error fields={Vec::<&'static str>::new()}/>
        </form>
    }
}
