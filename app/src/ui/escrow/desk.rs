//! Staff's escrow desk: open disputes and payouts to pay.

use super::payouts::*;
use crate::api::escrow::load_escrow_desk;
use crate::ui::common::{ErrorNotice, Loading};
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
    view! {
        <Title text="Escrow desk"/>
        <section>
            <h1>"Escrow desk"</h1>
            <p class="muted">"Disputes freeze an escrow until you decide them; payouts wait for your bank transfer."</p>
            {move || match desk.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                Some(Ok(d)) => view! {
                    <section class="card">
                        <h2>"Open disputes"</h2>
                        {if d.disputes.is_empty() {
                            view! { <p class="muted">"No open dispute."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain queue">
                                    {d.disputes.into_iter().map(|q| view! {
                                        <li>
                                            <A href=format!("/projects/{}", q.project_id)>{q.project_title.clone()}</A>
                                            {format!(" · {} held · declared by {} on {}: “{}”", q.held.display(), q.dispute.opened_by, q.dispute.opened_at, q.dispute.reason)}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="card">
                        <h2>"Payouts to pay"</h2>
                        {if d.payouts.is_empty() {
                            view! { <p class="muted">"No payout waiting."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data money" aria-label="Payouts to pay">
                                        <thead><tr>
                                            <th scope="col">"Project"</th>
                                            <th scope="col">"Provider"</th>
                                            <th scope="col" class="num">"Amount"</th>
                                            <th scope="col">"Invoice"</th>
                                            <th scope="col">"Transfer"</th>
                                        </tr></thead>
                                        <tbody>
                                            {d.payouts.into_iter().map(|q| view! {
                                                <tr>
                                                    <td><A href=format!("/projects/{}", q.project_id)>{q.project_title.clone()}</A></td>
                                                    <td>{q.provider_name.clone()}</td>
                                                    <td class="num">{q.payout.amount.display()}</td>
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
