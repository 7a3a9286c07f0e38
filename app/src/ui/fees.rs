//! The platform's fees on a signed agreement: what each party owes, paying
//! it by card, and downward revisions of the agreed amount.

use super::common::{
    field_error, last_error, use_hydrated, ErrorNotice, FormError, Loading, TextField,
};
use super::lang::{locale_of, money, say, use_page_lang};
use crate::api::credits::new_key;
use crate::api::fees::{project_fees, AnswerRevision, PayFee, ProposeRevision};
use crate::domain::agreement::FeeKind;
use crate::domain::words::{deadline_text, Label};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::views::fees::{FeeLine, FeesView};
use crate::{tr, trf};
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
    let lang = use_page_lang();
    let agreed = f.amount;
    view! {
        <section class="card fees" aria-labelledby="fees-title">
            <h2 id="fees-title">{tr!(fees.title)}</h2>
            <p class="muted small">{trf!(fees.on_amount, amount = lang.get().money(agreed))}</p>
            {move || answer.value().get().and_then(|r| r.ok()).map(|m| view! { <div class="notice success" role="status"><p>{say(lang.get(), &m)}</p></div> })}
            <div class="table-wrap" tabindex="0">
                <table class="data money" aria-label=tr!(fees.title)>
                    <thead><tr>
                        <th scope="col">{tr!(fees.fee)}</th>
                        <th scope="col">{tr!(fees.paid_by)}</th>
                        <th scope="col" class="num">{tr!(offers.amount)}</th>
                        <th scope="col" class="num">{tr!(fees.due)}</th>
                        <th scope="col" class="num">{tr!(fees.paid)}</th>
                        <th scope="col" class="num">{tr!(fees.credit)}</th>
                        {any_waived.then(|| view! { <th scope="col" class="num">{tr!(fees.waived)}</th> })}
                    </tr></thead>
                    <tbody>
                        {f.lines.iter().map(|l| {
                            let (kind, rate) = (l.kind, l.rate_bp);
                            view! {
                            <tr>
                                <th scope="row">{move || {
                                    let lang = lang.get();
                                    format!("{} ({})", kind.text(locale_of(lang)), lang.percent(rate))
                                }}</th>
                                <td>{l.payer_name.clone()}</td>
                                <td class="num">{money(l.fee)}</td>
                                <td class="num">{money(l.due)}</td>
                                <td class="num">{money(l.paid)}</td>
                                <td class="num">{money(l.credit)}</td>
                                {any_waived.then(|| view! { <td class="num">{money(l.waived)}</td> })}
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
            </div>
            <ul class="plain fee-deadlines" aria-label=tr!(fees.deadlines)>
                {f.lines.iter().filter(|l| !l.due.is_zero()).map(|l| {
                    let (kind, due, deadline, overdue) = (l.kind, l.due, l.deadline, l.overdue);
                    view! {
                    <li class:overdue=overdue>{move || {
                        let lang = lang.get();
                        let l = locale_of(lang);
                        crate::tdf!(l, fees.due_line, fee = kind.text(l), due = lang.money(due),
                            deadline = deadline_text(lang, deadline, overdue).to_lowercase())
                    }}</li>
                }}).collect_view()}
            </ul>
            {f.lines.iter().filter(|l| l.mine && !l.due.is_zero()).cloned().map(|l| view! { <PayFeeForm project_id line=l pay/> }).collect_view()}
            {pending.map(|r| {
                let (name, from, to, reason) = (r.proposed_by.clone(), r.old_amount, r.new_amount, r.reason.clone());
                view! {
                <div class="notice warning" role="note">
                    <p>{move || {
                        let lang = lang.get();
                        crate::tdf!(locale_of(lang), fees.revision_pending, name = name.as_str(), from = lang.money(from),
                            to = lang.money(to), reason = reason.as_str())
                    }}</p>
                    {(!r.by_me).then(|| view! {
                        <FormError error=answer_error fields={Vec::<&'static str>::new()}/>
                        <div class="inline-form">
                            <button class="button primary small" disabled=move || !hydrated.get() || answer.pending().get()
                                on:click=move |_| { answer.dispatch(AnswerRevision { project_id, accept: true }); }>{tr!(fees.accept)}</button>
                            <button class="button small" disabled=move || !hydrated.get() || answer.pending().get()
                                on:click=move |_| { answer.dispatch(AnswerRevision { project_id, accept: false }); }>{tr!(fees.decline)}</button>
                        </div>
                    })}
                </div>
            }})}
            {f.can_revise.then(|| view! { <RevisionForm project_id revise/> })}
            {(!f.revisions.is_empty()).then(|| view! {
                <h3>{tr!(fees.revisions)}</h3>
                <ul class="plain">
                    {f.revisions.iter().filter(|r| r.status != "proposed").map(|r| {
                        let r = r.clone();
                        view! {
                        <li>{move || {
                            let lang = lang.get();
                            let l = locale_of(lang);
                            let status = if r.status == "accepted" { td_string!(l, fees.accepted) } else { td_string!(l, fees.declined) };
                            let credit = r.credit.map(|c| crate::tdf!(l, fees.commission_lower, credit = lang.money(c))).unwrap_or_default();
                            format!("{} · {} → {} · {status}{credit}", lang.stamp(r.proposed_at), lang.money(r.old_amount), lang.money(r.new_amount))
                        }}</li>
                    }}).collect_view()}
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
    let lang = use_page_lang();
    let (fee, due) = (line.kind, line.due);
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            pay.dispatch(PayFee { project_id, kind: kind.clone(), card: card.get_untracked(), key: key.get_value() });
        }>
            <FormError error fields=vec!["card"]/>
            <TextField label=tr!(credits.card) name=if line.kind == FeeKind::ZeroRisk { "fee_card_zero_risk" } else { "fee_card_connection" }
                inputmode="numeric" autocomplete="cc-number" value=card error=field_error(error, "card")/>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || pay.pending().get()>
                {move || {
                    let lang = lang.get();
                    let l = locale_of(lang);
                    crate::tdf!(l, fees.pay, fee = fee.text(l).to_lowercase(), due = lang.money(due))
                }}
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
            <summary>{tr!(fees.lower)}</summary>
            <form on:submit=move |ev| {
                ev.prevent_default();
                revise.dispatch(ProposeRevision { project_id, amount: amount.get_untracked(), reason: reason.get_untracked() });
            }>
                <p class="muted small">{tr!(fees.lower_hint)}</p>
                <FormError error fields=vec!["amount", "reason"]/>
                <TextField label=tr!(fees.new_amount) name="revision_amount" inputmode="decimal" value=amount error=field_error(error, "amount")/>
                <TextField label=tr!(fees.why) name="revision_reason" value=reason error=field_error(error, "reason")/>
                <button type="submit" class="button" disabled=move || !hydrated.get() || revise.pending().get()>{tr!(fees.propose)}</button>
            </form>
        </details>
    }
}
