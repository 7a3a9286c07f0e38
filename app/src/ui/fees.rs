//! The platform's fees on a signed agreement: what each party owes, paying
//! it by card, and downward revisions of the agreed amount.

use super::common::{
    field_error, last_error, use_hydrated, ErrorNotice, FormError, Loading, TextField,
};
use crate::api::credits::new_key;
use crate::api::fees::{project_fees, AnswerRevision, PayFee, ProposeRevision};
use crate::domain::agreement::FeeKind;
use crate::error::AppError;
use crate::views::fees::{FeeLine, FeesView};
use leptos::prelude::*;

#[component]
pub fn FeesPanel(project_id: i64) -> impl IntoView {
    let pay = ServerAction::<PayFee>::new();
    let revise = ServerAction::<ProposeRevision>::new();
    let answer = ServerAction::<AnswerRevision>::new();
    let reloads = RwSignal::new(0u32);
    Effect::new(move |_| {
        // Each is read every time, so each stays tracked (no short circuit).
        let done = [
            pay.value().get().is_some_and(|r| r.is_ok()),
            revise.value().get().is_some_and(|r| r.is_ok()),
            answer.value().get().is_some_and(|r| r.is_ok()),
        ];
        if done.contains(&true) {
            reloads.update(|n| *n += 1);
        }
    });
    let fees = LocalResource::new(move || {
        reloads.track();
        project_fees(project_id)
    });
    view! {
        {move || match fees.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(AppError::NotFound(_))) => ().into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
            Some(Ok(f)) => view! { <FeesCard f pay revise answer/> }.into_any(),
        }}
    }
}

#[component]
fn FeesCard(
    f: FeesView,
    pay: ServerAction<PayFee>,
    revise: ServerAction<ProposeRevision>,
    answer: ServerAction<AnswerRevision>,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let project_id = f.project_id;
    let pending = f.revisions.iter().find(|r| r.status == "proposed").cloned();
    let answer_error = last_error(answer.value());
    let any_waived = f.lines.iter().any(|l| !l.waived.is_zero());
    view! {
        <section class="card fees" aria-labelledby="fees-title">
            <h2 id="fees-title">"Platform fees"</h2>
            <p class="muted small">{format!("On the agreed amount of {}.", f.amount.display())}</p>
            {move || answer.value().get().and_then(|r| r.ok()).map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
            <div class="table-wrap">
                <table class="data money" aria-label="Platform fees">
                    <thead><tr>
                        <th scope="col">"Fee"</th>
                        <th scope="col">"Paid by"</th>
                        <th scope="col" class="num">"Amount"</th>
                        <th scope="col" class="num">"Due"</th>
                        <th scope="col" class="num">"Paid"</th>
                        <th scope="col" class="num">"Credit"</th>
                        {any_waived.then(|| view! { <th scope="col" class="num">"Waived"</th> })}
                    </tr></thead>
                    <tbody>
                        {f.lines.iter().map(|l| view! {
                            <tr>
                                <th scope="row">{format!("{} ({})", l.label, l.rate)}</th>
                                <td>{l.payer_name.clone()}</td>
                                <td class="num">{l.fee.display()}</td>
                                <td class="num">{l.due.display()}</td>
                                <td class="num">{l.paid.display()}</td>
                                <td class="num">{l.credit.display()}</td>
                                {any_waived.then(|| view! { <td class="num">{l.waived.display()}</td> })}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <ul class="plain fee-deadlines" aria-label="Fee deadlines">
                {f.lines.iter().filter(|l| !l.due.is_zero()).map(|l| view! {
                    <li class:overdue=l.overdue>{format!("{}: {} due, {}.", l.label, l.due.display(), l.deadline.to_lowercase())}</li>
                }).collect_view()}
            </ul>
            {f.lines.iter().filter(|l| l.mine && !l.due.is_zero()).cloned().map(|l| view! { <PayFeeForm project_id line=l pay/> }).collect_view()}
            {pending.map(|r| view! {
                <div class="notice warning" role="note">
                    <p>{format!("{} proposes to lower the agreed amount from {} to {}: “{}”", r.proposed_by, r.old_amount.display(), r.new_amount.display(), r.reason)}</p>
                    {(!r.by_me).then(|| view! {
                        <FormError error=answer_error fields={Vec::<&'static str>::new()}/>
                        <div class="inline-form">
                            <button class="button primary small" disabled=move || !hydrated.get() || answer.pending().get()
                                on:click=move |_| { answer.dispatch(AnswerRevision { project_id, accept: true }); }>"Accept the revision"</button>
                            <button class="button small" disabled=move || !hydrated.get() || answer.pending().get()
                                on:click=move |_| { answer.dispatch(AnswerRevision { project_id, accept: false }); }>"Decline"</button>
                        </div>
                    })}
                </div>
            })}
            {f.can_revise.then(|| view! { <RevisionForm project_id revise/> })}
            {(!f.revisions.is_empty()).then(|| view! {
                <h3>"Revisions"</h3>
                <ul class="plain">
                    {f.revisions.iter().filter(|r| r.status != "proposed").map(|r| view! {
                        <li>{format!("{} · {} → {} · {}{}", r.proposed_at, r.old_amount.display(), r.new_amount.display(), r.status,
                            r.credit.map(|c| format!(", commission {} lower", c.display())).unwrap_or_default())}</li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[component]
fn PayFeeForm(project_id: i64, line: FeeLine, pay: ServerAction<PayFee>) -> impl IntoView {
    let hydrated = use_hydrated();
    let card = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    let error = last_error(pay.value());
    let kind = line.kind.slug().to_string();
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            pay.dispatch(PayFee { project_id, kind: kind.clone(), card: card.get_untracked(), key: key.get_value() });
        }>
            <FormError error fields=vec!["card"]/>
            <TextField label="Card number" name=if line.kind == FeeKind::ZeroRisk { "fee_card_zero_risk" } else { "fee_card_connection" }
                inputmode="numeric" autocomplete="cc-number" value=card error=field_error(error, "card")/>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || pay.pending().get()>
                {format!("Pay the {} ({})", line.label.to_lowercase(), line.due.display())}
            </button>
        </form>
    }
}

#[component]
fn RevisionForm(project_id: i64, revise: ServerAction<ProposeRevision>) -> impl IntoView {
    let hydrated = use_hydrated();
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = last_error(revise.value());
    view! {
        <details>
            <summary>"Lower the agreed amount"</summary>
            <form on:submit=move |ev| {
                ev.prevent_default();
                revise.dispatch(ProposeRevision { project_id, amount: amount.get_untracked(), reason: reason.get_untracked() });
            }>
                <p class="muted small">"If you both agree to a lower amount, the commission is recomputed and the difference is credited."</p>
                <FormError error fields=vec!["amount", "reason"]/>
                <TextField label="New agreed amount (€)" name="revision_amount" inputmode="decimal" value=amount error=field_error(error, "amount")/>
                <TextField label="Why" name="revision_reason" value=reason error=field_error(error, "reason")/>
                <button type="submit" class="button" disabled=move || !hydrated.get() || revise.pending().get()>"Propose the revision"</button>
            </form>
        </details>
    }
}
