//! Selection and agreement on a project page: the client selects a provider
//! and proposes terms; the selected provider confirms (signs) them.

use super::common::{
    field_error, last_error, use_hydrated, ErrorNotice, FormError, Loading, TextField,
};
use super::early_input::{keep_choice, keep_typed, keep_typed_with};
use super::lang::{locale_of, money, use_page_lang, PageLang};
use crate::api::agreements::{
    project_agreement, project_contenders, ConfirmAgreement, ProposeAgreement, WithdrawAgreement,
};
use crate::domain::agreement::{confirmation_phrase, AgreementForm, CommissionPayer, Formula};
use crate::domain::locale::Lang;
use crate::i18n::td_string;
use crate::views::agreements::AgreementView;
use crate::views::agreements::ContenderView;
use crate::{tr, trf};
use leptos::prelude::*;

/// For the project's client (`is_client`) and for providers: shows the live
/// agreement, or to the client the form to select a provider.
#[component]
pub fn AgreementPanel(project_id: i64, is_client: bool) -> impl IntoView {
    let propose = ServerAction::<ProposeAgreement>::new();
    let withdraw = ServerAction::<WithdrawAgreement>::new();
    let confirm = ServerAction::<ConfirmAgreement>::new();
    let reloads = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<Notice>);
    Effect::new(move |_| {
        if let Some(Ok(_)) = propose.value().get() {
            notice.set(Some(Notice::Sent));
            reloads.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = withdraw.value().get() {
            notice.set(Some(Notice::Withdrawn));
            reloads.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = confirm.value().get() {
            notice.set(Some(Notice::Confirmed));
            reloads.update(|n| *n += 1);
        }
    });
    let agreement = LocalResource::new(move || {
        reloads.track();
        project_agreement(project_id)
    });
    // Both are read every time, so both stay tracked.
    let action_error = Signal::derive(move || {
        let withdrawn = withdraw.value().get().and_then(|r| r.err());
        let confirmed = confirm.value().get().and_then(|r| r.err());
        withdrawn.or(confirmed)
    });
    view! {
        {move || match agreement.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
            Some(Ok(None)) if !is_client => ().into_any(),
            Some(Ok(found)) => view! {
                <section class="card agreement" aria-labelledby="agreement-title">
                    <h2 id="agreement-title">{tr!(agreement.title)}</h2>
                    {notice.get().map(|m| view! { <div class="notice success" role="status"><p>{m.text()}</p></div> })}
                    {action_error.get().map(|e| view! { <ErrorNotice error=e/> })}
                    {match found {
                        Some(a) => view! { <AgreementTerms agreement=a withdraw confirm/> }.into_any(),
                        None => view! { <SelectProvider project_id propose/> }.into_any(),
                    }}
                </section>
            }.into_any(),
        }}
    }
}

#[component]
fn AgreementTerms(
    agreement: AgreementView,
    withdraw: ServerAction<WithdrawAgreement>,
    confirm: ServerAction<ConfirmAgreement>,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let id = agreement.id;
    let proposed = agreement.status == "proposed";
    let zero_risk = agreement.formula == Formula::ZeroRisk;
    let lang = use_page_lang();
    let (rate, zero_risk_rate) = (agreement.connection_rate_bp, agreement.zero_risk_rate_bp);
    let payer = match agreement.commission_payer {
        CommissionPayer::Client => tr!(agreement.payer_client),
        CommissionPayer::Provider => tr!(agreement.payer_provider),
    };
    view! {
        <p>
            <strong>{if proposed { tr!(agreement.waiting) } else { tr!(agreement.signed) }}</strong>
            {agreement.confirmed_at.map(|t| {
                let name = agreement.provider_name.clone();
                view! { " "{trf!(agreement.signed_by, when = lang.get().stamp(t), name = name.as_str())} }
            })}
        </p>
        <dl class="facts">
            <div><dt>{tr!(agreement.provider)}</dt><dd><leptos_router::components::A href=format!("/people/{}", agreement.provider_id)>{agreement.provider_name.clone()}</leptos_router::components::A></dd></div>
            <div><dt>{tr!(agreement.amount)}</dt><dd class="num">{money(agreement.amount)}</dd></div>
            <div><dt>{tr!(agreement.formula)}</dt><dd>{if zero_risk { tr!(agreement.zero_risk_escrow) } else { tr!(agreement.basic) }}</dd></div>
            <div><dt>{trf!(agreement.commission, rate = lang.get().percent(rate), payer = payer.get())}</dt><dd class="num">{money(agreement.connection_fee)}</dd></div>
            {zero_risk.then(|| view! { <div><dt>{trf!(agreement.zero_risk_fee, rate = lang.get().percent(zero_risk_rate))}</dt><dd class="num">{money(agreement.zero_risk_fee)}</dd></div> })}
        </dl>
        <p class="description">{agreement.scope.clone()}</p>
        {zero_risk.then(|| view! {
            <div class="table-wrap" tabindex="0">
                <table class="data" aria-label=tr!(agreement.plan)>
                    <thead><tr><th scope="col">{tr!(agreement.tranche)}</th><th scope="col" class="num">{tr!(agreement.tranche_amount)}</th></tr></thead>
                    <tbody>
                        {agreement.tranches.iter().map(|(label, amount)| view! {
                            <tr><td>{label.clone()}</td><td class="num">{money(*amount)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        {(proposed && agreement.for_me).then(|| view! {
            <p class="small muted">{tr!(agreement.signature_hint)}</p>
            <button class="button primary" disabled=move || !hydrated.get() || confirm.pending().get()
                on:click=move |_| { confirm.dispatch(ConfirmAgreement { agreement_id: id }); }>{tr!(agreement.confirm)}</button>
        })}
        {(proposed && agreement.by_me).then(|| view! {
            <button class="button" disabled=move || !hydrated.get() || withdraw.pending().get()
                on:click=move |_| { withdraw.dispatch(WithdrawAgreement { agreement_id: id }); }>{tr!(agreement.withdraw)}</button>
        })}
    }
}

#[component]
fn SelectProvider(project_id: i64, propose: ServerAction<ProposeAgreement>) -> impl IntoView {
    let hydrated = use_hydrated();
    let lang = use_page_lang();
    let offers = LocalResource::new(move || project_contenders(project_id));
    let provider = RwSignal::new(String::new());
    let scope = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let zero_risk = RwSignal::new(true);
    let provider_pays = RwSignal::new(false);
    let pick_formula = Callback::new(move |v: String| zero_risk.set(v == "zero_risk"));
    let pick_payer = Callback::new(move |v: String| provider_pays.set(v == "provider"));
    let rows = RwSignal::new(vec![(String::new(), String::new())]);
    let confirmation = RwSignal::new(String::new());
    let error = last_error(propose.value());
    view! {
        {move || match offers.get() {
            Some(Ok(list)) if list.is_empty() => view! {
                <p class="muted small">{tr!(agreement.no_contender)}</p>
            }.into_any(),
            Some(Ok(list)) => {
                let profiles: Vec<(i64, String)> = list.iter().map(|o| (o.provider_id, o.provider_name.clone())).collect();
                view! {
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    let Ok(provider_id) = provider.get_untracked().parse::<i64>() else { return };
                    propose.dispatch(ProposeAgreement { project_id, provider_id, form: AgreementForm {
                        scope: scope.get_untracked(),
                        amount: amount.get_untracked(),
                        formula: if zero_risk.get_untracked() { "zero_risk".into() } else { "basic".into() },
                        tranches: if zero_risk.get_untracked() { rows.get_untracked() } else { vec![] },
                        commission_payer: if provider_pays.get_untracked() { "provider".into() } else { "client".into() },
                        confirmation: if zero_risk.get_untracked() { confirmation.get_untracked() } else { String::new() },
                    }});
                }>
                    <FormError error fields=vec!["provider", "scope", "amount", "formula", "tranches", "confirmation"]/>
                    <div class="field">
                        <label for="agreement-provider">{tr!(agreement.provider)}</label>
                        <select id="agreement-provider" use:keep_typed=provider prop:value=move || provider.get()
                            on:change=move |ev| provider.set(event_target_value(&ev))>
                            <option value="">{tr!(agreement.choose_provider)}</option>
                            {list.into_iter().map(|o| view! {
                                <option value=o.provider_id.to_string()>{contender(lang, &o)}</option>
                            }).collect_view()}
                        </select>
                        <ul class="inline-list small" aria-label=tr!(agreement.profiles)>
                            {profiles.into_iter().map(|(id, name)| view! {
                                <li><leptos_router::components::A href=format!("/people/{id}")>{trf!(agreement.profile_of, name = name.as_str())}</leptos_router::components::A></li>
                            }).collect_view()}
                        </ul>
                    </div>
                    <div class="field">
                        <label for="agreement-scope">{tr!(agreement.scope)}</label>
                        <textarea id="agreement-scope" rows="3" use:keep_typed=scope prop:value=move || scope.get()
                            on:input=move |ev| scope.set(event_target_value(&ev))></textarea>
                        <p class="field-error">{move || field_error(error, "scope").get()}</p>
                    </div>
                    <TextField label=tr!(agreement.amount_label) name="agreement_amount" inputmode="decimal" value=amount error=field_error(error, "amount")/>
                    <fieldset class="field">
                        <legend>{tr!(agreement.formula)}</legend>
                        <label class="check"><input type="radio" name="formula" value="zero_risk" use:keep_choice=pick_formula prop:checked=move || zero_risk.get() on:change=move |_| zero_risk.set(true)/>
                            <span>{tr!(agreement.zero_risk_choice)}</span></label>
                        <label class="check"><input type="radio" name="formula" value="basic" use:keep_choice=pick_formula prop:checked=move || !zero_risk.get() on:change=move |_| zero_risk.set(false)/>
                            <span>{tr!(agreement.basic_choice)}</span></label>
                    </fieldset>
                    <fieldset class="field">
                        <legend>{tr!(agreement.who_pays)}</legend>
                        <label class="check"><input type="radio" name="commission_payer" value="client" use:keep_choice=pick_payer prop:checked=move || !provider_pays.get() on:change=move |_| provider_pays.set(false)/>
                            <span>{tr!(agreement.i_pay)}</span></label>
                        <label class="check"><input type="radio" name="commission_payer" value="provider" use:keep_choice=pick_payer prop:checked=move || provider_pays.get() on:change=move |_| provider_pays.set(true)/>
                            <span>{tr!(agreement.provider_pays)}</span></label>
                    </fieldset>
                    {move || zero_risk.get().then(|| view! {
                        <fieldset class="field tranches">
                            <legend>{tr!(agreement.plan)}</legend>
                            <p class="hint">{tr!(agreement.plan_hint)}</p>
                            {move || (0..rows.read().len()).map(|i| view! {
                                <div class="field-row">
                                    <div class="field">
                                        <label for=format!("tranche-label-{i}")>{trf!(agreement.tranche_label_n, n = i + 1)}</label>
                                        <input id=format!("tranche-label-{i}")
                                            use:keep_typed_with=Callback::new(move |v: String| set_row(rows, i, Some(v), None))
                                            prop:value=move || rows.read().get(i).map(|r| r.0.clone()).unwrap_or_default()
                                            on:input=move |ev| rows.update(|r| if let Some(row) = r.get_mut(i) { row.0 = event_target_value(&ev) })/>
                                    </div>
                                    <div class="field">
                                        <label for=format!("tranche-amount-{i}")>{trf!(agreement.tranche_amount_n, n = i + 1)}</label>
                                        <input id=format!("tranche-amount-{i}") inputmode="decimal"
                                            use:keep_typed_with=Callback::new(move |v: String| set_row(rows, i, None, Some(v)))
                                            prop:value=move || rows.read().get(i).map(|r| r.1.clone()).unwrap_or_default()
                                            on:input=move |ev| rows.update(|r| if let Some(row) = r.get_mut(i) { row.1 = event_target_value(&ev) })/>
                                    </div>
                                </div>
                            }).collect_view()}
                            <button type="button" class="button small ghost" disabled=move || { rows.read().len() >= 12 }
                                on:click=move |_| rows.update(|r| r.push((String::new(), String::new())))>{tr!(agreement.add_tranche)}</button>
                            <p class="field-error">{move || field_error(error, "tranches").get()}</p>
                        </fieldset>
                        <ZeroRiskConfirmation confirmation error/>
                    })}
                    <button type="submit" class="button primary"
                        disabled=move || !hydrated.get() || propose.pending().get() || provider.get().is_empty()>
                        {tr!(agreement.send)}
                    </button>
                </form>
            }.into_any()
            }
            Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
            None => view! { <Loading/> }.into_any(),
        }}
    }
}

/// What happened last, said in the page's language.
#[derive(Clone, Copy)]
enum Notice {
    Sent,
    Withdrawn,
    Confirmed,
}

impl Notice {
    fn text(self) -> ArcSignal<&'static str> {
        match self {
            Notice::Sent => tr!(agreement.sent),
            Notice::Withdrawn => tr!(agreement.withdrawn),
            Notice::Confirmed => tr!(agreement.confirmed),
        }
    }
}

/// A contender as the provider list shows them: name, offer (or the lead
/// bought), certification.
fn contender(lang: PageLang, o: &ContenderView) -> impl Fn() -> String + Send + Sync + 'static {
    let (name, offer, since) = (o.provider_name.clone(), o.offer, o.certified_since);
    move || {
        let lang = lang.get();
        let l = locale_of(lang);
        let what = match offer {
            Some(amount) => format!("{name} · {}", lang.money(amount)),
            None => format!("{name} · {}", td_string!(l, agreement.bought_lead)),
        };
        match since {
            Some(since) => format!(
                "{what} · {}",
                crate::tdf!(l, agreement.certified_since, since = lang.date(since))
            ),
            None => what,
        }
    }
}

/// The seed's warning on zero risk, and the phrase the client types to
/// show they read it (the server checks it too).
#[component]
fn ZeroRiskConfirmation(
    confirmation: RwSignal<String>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let lang = use_page_lang();
    let phrase = move || confirmation_phrase(lang.get());
    view! {
        <div class="notice warning zero-risk-rules" role="note" aria-labelledby="zero-risk-title">
            <h3 id="zero-risk-title">{tr!(agreement.zero_risk_title)}</h3>
            <ul>
                <li>{tr!(agreement.zero_risk_work)}</li>
                <li>{tr!(agreement.zero_risk_no_deposit)}</li>
                <li>{tr!(agreement.zero_risk_dispute)}</li>
                <li>{tr!(agreement.zero_risk_release)}</li>
            </ul>
            <p><a href=move || zero_risk_page(lang.get())>{tr!(agreement.zero_risk_more)}</a></p>
        </div>
        <div class="field">
            <label for="agreement-confirmation">{tr!(agreement.confirmation_label)}</label>
            <p class="hint" id="agreement-confirmation-hint">
                {tr!(agreement.confirmation_hint)}" "<q class="phrase">{phrase}</q>
            </p>
            <input id="agreement-confirmation" name="confirmation" autocomplete="off" spellcheck="false"
                aria-describedby="agreement-confirmation-hint"
                use:keep_typed=confirmation prop:value=move || confirmation.get()
                on:input=move |ev| confirmation.set(event_target_value(&ev))/>
            <p class="field-error">{move || field_error(error, "confirmation").get()}</p>
        </div>
    }
}

/// The zero-risk page's address in `lang`.
pub fn zero_risk_page(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "/paiement-risque-zero",
        Lang::En => "/zero-risk-payment",
    }
}

/// Sets the label and/or amount of tranche row `i`, only if they change
/// (so re-rendering the rows cannot feed itself).
fn set_row(
    rows: RwSignal<Vec<(String, String)>>,
    i: usize,
    label: Option<String>,
    amount: Option<String>,
) {
    let differs = rows.with_untracked(|r| {
        r.get(i).is_some_and(|(l, a)| {
            label.as_ref().is_some_and(|v| v != l) || amount.as_ref().is_some_and(|v| v != a)
        })
    });
    if differs {
        rows.update(|r| {
            if let Some(row) = r.get_mut(i) {
                if let Some(v) = label {
                    row.0 = v;
                }
                if let Some(v) = amount {
                    row.1 = v;
                }
            }
        });
    }
}
