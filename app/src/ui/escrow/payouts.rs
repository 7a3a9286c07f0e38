//! Payouts: the provider's request with an invoice, the list, staff's mark as paid.

use crate::api::credits::new_key;
use crate::api::escrow::MarkPayoutPaid;
use crate::tr;
use crate::ui::common::{last_error, use_hydrated, FormError};
use crate::ui::early_input::keep_typed;
use crate::ui::labels::label;
use crate::ui::lang::{locale_of, money, stamp, use_page_lang};
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
            <h3 id=title_id>{tr!(escrow.payout_title)}</h3>
            <p class="muted small">{tr!(escrow.payout_hint)}</p>
            {move || outcome().map(|code| match code.as_str() {
                "ok" => view! { <div class="notice success" role="status"><p>{tr!(escrow.payout_ok)}</p></div> }.into_any(),
                "amount" => view! { <div class="notice error" role="alert"><p>{tr!(escrow.payout_amount)}</p></div> }.into_any(),
                other => view! { <div class="notice error" role="alert"><p>{match UploadRefusal::from_code(other) {
                    Some(r) => label(r),
                    None => tr!(escrow.payout_not_filed),
                }}</p></div> }.into_any(),
            })}
            <input type="hidden" name="key" value=key/>
            <div class="field">
                <label for=format!("payout-amount{field}")>{tr!(escrow.payout_amount_field)}</label>
                <input id=format!("payout-amount{field}") name="amount" inputmode="decimal" required/>
            </div>
            <div class="field">
                <label for=format!("payout-invoice{field}")>{tr!(escrow.invoice_field)}</label>
                <input id=format!("payout-invoice{field}") name="invoice" type="file" accept="application/pdf,.pdf" required/>
            </div>
            <button type="submit" class="button primary">{tr!(escrow.payout_button)}</button>
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
        return view! { <h3>{tr!(escrow.payouts)}</h3><p class="muted small">{tr!(escrow.no_payout)}</p> }
            .into_any();
    }
    let lang = use_page_lang();
    view! {
        <h3>{tr!(escrow.payouts)}</h3>
        <div class="table-wrap" tabindex="0">
            <table class="data money" aria-label=tr!(escrow.payouts)>
                <thead><tr>
                    <th scope="col">{tr!(escrow.requested)}</th>
                    <th scope="col" class="num">{tr!(offers.amount)}</th>
                    <th scope="col">{tr!(escrow.invoice)}</th>
                    <th scope="col">{tr!(project.col_status)}</th>
                </tr></thead>
                <tbody>
                    {payouts.into_iter().map(|p| {
                        let reference = p.transfer_reference.clone().unwrap_or_default();
                        let paid_at = p.paid_at;
                        view! {
                        <tr>
                            <td>{stamp(p.requested_at)}</td>
                            <td class="num">{money(p.amount)}</td>
                            <td><a href=format!("/files/invoices/{}", p.id) download>{p.invoice_name.clone()}</a></td>
                            <td>{if p.paid {
                                view! { <span>{move || {
                                    let lang = lang.get();
                                    crate::tdf!(locale_of(lang), escrow.paid_on,
                                        when = paid_at.map(|t| lang.stamp(t)).unwrap_or_default(),
                                        reference = reference.as_str())
                                }}</span> }.into_any()
                            } else if staff {
                                view! { <MarkPaidForm payout_id=p.id reload/> }.into_any()
                            } else {
                                view! { <span>{tr!(escrow.waiting_transfer)}</span> }.into_any()
                            }}</td>
                        </tr>
                    }}).collect_view()}
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
            <label for=id.clone()>{tr!(escrow.transfer_reference)}</label>
            <input id=id use:keep_typed=reference prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev))/>
            <button type="submit" class="button small primary" disabled=move || !hydrated.get() || action.pending().get()>{tr!(escrow.mark_paid)}</button>
            <FormError error fields={Vec::<&'static str>::new()}/>
        </form>
    }
}
