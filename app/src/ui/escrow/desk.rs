//! Staff's escrow desk: open disputes and payouts to pay.

use super::payouts::*;
use crate::api::escrow::load_escrow_desk;
use crate::tr;
use crate::ui::common::{ErrorNotice, Loading};
use crate::ui::lang::{locale_of, money, use_page_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Staff's desk: open disputes to decide and payouts to pay.
#[component]
pub fn EscrowDeskPage() -> impl IntoView {
    let reloads = RwSignal::new(0u32);
    let desk = LocalResource::new(move || {
        reloads.track();
        load_escrow_desk()
    });
    let reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    let lang = use_page_lang();
    view! {
        <Title text=tr!(common.nav.escrow_desk)/>
        <section>
            <h1>{tr!(common.nav.escrow_desk)}</h1>
            <p class="muted">{tr!(escrow.desk_intro)}</p>
            {move || match desk.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                Some(Ok(d)) => view! {
                    <section class="card">
                        <h2>{tr!(escrow.open_disputes)}</h2>
                        {if d.disputes.is_empty() {
                            view! { <p class="muted">{tr!(escrow.no_dispute)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain queue">
                                    {d.disputes.into_iter().map(|q| {
                                        let (held, by, at, reason) = (q.held, q.dispute.opened_by.clone(), q.dispute.opened_at, q.dispute.reason.clone());
                                        view! {
                                        <li>
                                            <A href=format!("/projects/{}", q.project_id)>{q.project_title.clone()}</A>
                                            " · "{move || {
                                                let lang = lang.get();
                                                crate::tdf!(locale_of(lang), escrow.desk_dispute, held = lang.money(held),
                                                    name = by.as_str(), when = lang.stamp(at), reason = reason.as_str())
                                            }}
                                        </li>
                                    }}).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="card">
                        <h2>{tr!(escrow.payouts_to_pay)}</h2>
                        {if d.payouts.is_empty() {
                            view! { <p class="muted">{tr!(escrow.no_payout_waiting)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap" tabindex="0">
                                    <table class="data money" aria-label=tr!(escrow.payouts_to_pay)>
                                        <thead><tr>
                                            <th scope="col">{tr!(project.col_project)}</th>
                                            <th scope="col">{tr!(offers.provider)}</th>
                                            <th scope="col" class="num">{tr!(offers.amount)}</th>
                                            <th scope="col">{tr!(escrow.invoice)}</th>
                                            <th scope="col">{tr!(escrow.transfer)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {d.payouts.into_iter().map(|q| view! {
                                                <tr>
                                                    <td><A href=format!("/projects/{}", q.project_id)>{q.project_title.clone()}</A></td>
                                                    <td>{q.provider_name.clone()}</td>
                                                    <td class="num">{money(q.payout.amount)}</td>
                                                    <td><a href=format!("/files/invoices/{}", q.payout.id) download>{q.payout.invoice_name.clone()}</a></td>
                                                    <td><MarkPaidForm payout_id=q.payout.id reload/></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    </section>
                }.into_any(),
            }}
        </section>
    }
}
