//! Referral leads: the provider's leads tab, staff's lead form and the
//! credit-request queue.

use super::client::{ProjectFieldSignals, ProjectFields, PROJECT_FIELDS};
use super::common::{
    field_error, last_error, use_hydrated, ErrorNotice, FieldMessage, FormError, Loading, TextField,
};
use super::early_input::{keep_checked, keep_choice, keep_typed};
use super::labels::label;
use super::lang::{locale_of, money, money_range, stamp_iso, use_page_lang};
use crate::api::credits::new_key;
use crate::api::leads::{
    credit_request_queue, my_leads, BuyLead, CreateForClient, CreateLead, DecideCreditRequest,
    RefuseLead, RequestCredit, ReserveLead,
};
use crate::domain::lead::{LeadForm, TenderForm, DEFAULT_CAP};
use crate::domain::locale::Lang;
use crate::domain::money::Cents;
use crate::domain::words::{remaining_text, Label};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::views::credits::ClientContact;
use crate::views::leads::{CreditRequestView, LeadAnswer, LeadView};
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use std::collections::HashMap;

/// The actions of the leads tab, shared by every card.
#[derive(Clone, Copy)]
struct LeadActions {
    buy: ServerAction<BuyLead>,
    reserve: ServerAction<ReserveLead>,
    refuse: ServerAction<RefuseLead>,
    request: ServerAction<RequestCredit>,
    /// One key per lead until its purchase succeeds: a doubled click is charged once.
    keys: StoredValue<HashMap<i64, String>>,
}

impl LeadActions {
    fn key_for(&self, id: i64) -> String {
        if let Some(k) = self.keys.with_value(|k| k.get(&id).cloned()) {
            return k;
        }
        let k = new_key();
        self.keys.update_value(|m| {
            m.insert(id, k.clone());
        });
        k
    }

    fn busy(&self) -> bool {
        self.buy.pending().get()
            || self.reserve.pending().get()
            || self.refuse.pending().get()
            || self.request.pending().get()
    }
}

#[component]
pub fn LeadsPage() -> impl IntoView {
    let actions = LeadActions {
        buy: ServerAction::new(),
        reserve: ServerAction::new(),
        refuse: ServerAction::new(),
        request: ServerAction::new(),
        keys: StoredValue::new(HashMap::new()),
    };
    let reloads = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<Done>);
    let leads = Resource::new(move || reloads.get(), |_| my_leads());
    let reload = move |done: Done| {
        notice.set(Some(done));
        reloads.update(|n| *n += 1);
    };
    Effect::new(move |_| {
        if let Some(Ok(p)) = actions.buy.value().get() {
            actions.keys.update_value(|k| {
                k.remove(&p.project_id);
            });
            reload(if p.charged {
                Done::Bought {
                    paid: p.paid,
                    balance: p.balance_after,
                }
            } else {
                Done::BoughtBefore
            });
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = actions.reserve.value().get() {
            reload(Done::Reserved);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = actions.refuse.value().get() {
            reload(Done::Refused);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = actions.request.value().get() {
            reload(Done::Requested);
        }
    });
    let lang = use_page_lang();
    let buy_error = last_error(actions.buy.value());
    let reserve_error = last_error(actions.reserve.value());
    let refuse_error = last_error(actions.refuse.value());
    let error = Signal::derive(move || {
        buy_error
            .get()
            .or_else(|| reserve_error.get())
            .or_else(|| refuse_error.get())
    });
    view! {
        <Title text=tr!(common.nav.leads)/>
        <section>
            <div class="page-head">
                <h1>{tr!(leads.title)}</h1>
                <A href="/credits" attr:class="button">{tr!(leads.top_up)}</A>
            </div>
            <p class="muted">{tr!(leads.intro)}</p>
            {move || notice.get().map(|m| view! { <div class="notice success" role="status"><p>{m.text(lang.get())}</p></div> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match leads.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty">
                                <p>{tr!(leads.none)}</p>
                                <A href="/preferences" attr:class="button">{tr!(leads.check_preferences)}</A>
                            </div>
                        }.into_any(),
                        Ok(list) => view! {
                            <div class="lead-list">
                                {list.into_iter().map(|lead| view! { <LeadCard lead actions/> }).collect_view()}
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// What the provider just did, for the notice above the list.
#[derive(Clone, Copy)]
enum Done {
    Bought { paid: Cents, balance: Cents },
    BoughtBefore,
    Reserved,
    Refused,
    Requested,
}

impl Done {
    fn text(self, lang: Lang) -> String {
        let l = locale_of(lang);
        match self {
            Done::Bought { paid, balance } => crate::tdf!(
                l,
                leads.bought,
                paid = lang.money(paid),
                balance = lang.money(balance)
            ),
            Done::BoughtBefore => td_string!(l, leads.bought_before).to_string(),
            Done::Reserved => td_string!(l, leads.reserved_notice).to_string(),
            Done::Refused => td_string!(l, leads.refused_notice).to_string(),
            Done::Requested => td_string!(l, leads.requested_notice).to_string(),
        }
    }
}

#[component]
fn LeadCard(lead: LeadView, actions: LeadActions) -> impl IntoView {
    let hydrated = use_hydrated();
    let lang = use_page_lang();
    let id = lead.project.id;
    let title_id = format!("lead-{id}-title");
    let full = lead.buyers >= lead.cap;
    let disabled = move || !hydrated.get() || actions.busy();
    let (half_price, to_mark) = (lead.half_price, lead.seconds_to_mark);
    let half = move || {
        let lang = lang.get();
        let l = locale_of(lang);
        match (half_price, to_mark) {
            (None, _) => td_string!(l, leads.no_half_price).to_string(),
            (Some(h), 0) => crate::tdf!(l, leads.mark_passed, price = lang.money(h)),
            (Some(h), s) => crate::tdf!(
                l,
                leads.half_in,
                price = lang.money(h),
                left = remaining_text(lang, s)
            ),
        }
    };
    let price = lead.price;
    let status = match &lead.answer {
        Some(LeadAnswer::Bought { paid }) => {
            let paid = *paid;
            view! {
                <p class="badge status-published">{trf!(leads.bought_for, paid = lang.get().money(paid))}</p>
            }
            .into_any()
        }
        Some(LeadAnswer::Reserved) => view! {
            <p class="badge status-pending_validation">{tr!(leads.reserved)}</p>
        }
        .into_any(),
        Some(LeadAnswer::Lapsed { reason }) => {
            let reason = *reason;
            view! {
                <p class="badge status-cancelled">{tr!(leads.lapsed)}</p>
                <p class="small muted">{trf!(leads.lapsed_because, reason = reason.text(locale_of(lang.get())))}</p>
            }
            .into_any()
        }
        None if full => {
            view! { <p class="badge status-completed">{tr!(leads.full)}</p> }.into_any()
        }
        None => ().into_any(),
    };
    let can_buy = !full && !matches!(lead.answer, Some(LeadAnswer::Bought { .. }));
    let can_reserve =
        lead.answer.is_none() && !full && lead.half_price.is_some() && lead.seconds_to_mark > 0;
    let can_refuse = !matches!(lead.answer, Some(LeadAnswer::Bought { .. }));
    let buy_label = move || {
        crate::tdf!(
            locale_of(lang.get()),
            leads.buy,
            price = lang.get().money(price)
        )
    };
    let reserve_label = move || {
        half_price
            .map(|h| {
                crate::tdf!(
                    locale_of(lang.get()),
                    leads.reserve,
                    price = lang.get().money(h)
                )
            })
            .unwrap_or_default()
    };
    let (buyers, cap) = (lead.buyers, lead.cap);
    view! {
        <article class="card lead" aria-labelledby=title_id>
            <div class="lead-head">
                <h2 id=title_id.clone()>{lead.project.title.clone()}</h2>
                {status}
            </div>
            <ul class="tags">
                {lead.project.services.iter().map(|s| view! { <li class="tag">{label(*s)}</li> }).collect_view()}
                <li class="tag">{label(lead.project.region)}</li>
            </ul>
            <p class="description">{lead.project.description.clone()}</p>
            <dl class="facts lead-facts">
                <div><dt>{tr!(leads.price)}</dt><dd class="num">{money(price)}</dd></div>
                <div><dt>{tr!(leads.buyers)}</dt><dd class="num">{trf!(leads.buyers_of, n = buyers, cap = cap)}</dd></div>
                <div><dt>{tr!(leads.half_price)}</dt><dd>{half}</dd></div>
                <div><dt>{tr!(leads.budget)}</dt><dd class="num">{money_range(lead.project.budget_min, lead.project.budget_max)}</dd></div>
            </dl>
            {lead.contact.clone().map(|c| view! { <ContactCard contact=c/> })}
            <div class="actions">
                {can_buy.then(|| view! {
                    <button class="button primary" disabled=disabled
                        on:click=move |_| {
                            let key = actions.key_for(id);
                            actions.buy.dispatch(BuyLead { project_id: id, key });
                        }>{buy_label}</button>
                })}
                {can_reserve.then(|| view! {
                    <button class="button" disabled=disabled
                        on:click=move |_| { actions.reserve.dispatch(ReserveLead { project_id: id }); }>
                        {reserve_label}
                    </button>
                })}
                {can_refuse.then(|| view! {
                    <button class="button ghost" disabled=disabled
                        on:click=move |_| { actions.refuse.dispatch(RefuseLead { project_id: id }); }>
                        {if matches!(lead.answer, Some(LeadAnswer::Reserved)) { tr!(leads.cancel_refuse) } else { tr!(leads.refuse) }}
                    </button>
                })}
            </div>
            {matches!(lead.answer, Some(LeadAnswer::Bought { .. })).then(|| match lead.credit_request.clone() {
                Some(r) => view! { <CreditRequestStatus request=r/> }.into_any(),
                None => view! { <CreditRequestForm project_id=id action=actions.request/> }.into_any(),
            })}
        </article>
    }
}

#[component]
fn ContactCard(contact: ClientContact) -> impl IntoView {
    view! {
        <div class="contact" role="group" aria-label=tr!(credits.client_contact)>
            <h3>{tr!(credits.client_contact)}</h3>
            <p><strong>{contact.name}</strong></p>
            <p><a href=format!("mailto:{}", contact.email)>{contact.email.clone()}</a></p>
            {contact.phone.map(|p| view! { <p><a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></p> })}
        </div>
    }
}

fn request_status_label(status: &str) -> ArcSignal<&'static str> {
    match status {
        "pending" => tr!(leads.request_pending),
        "accepted" => tr!(leads.request_accepted),
        "refused" => tr!(leads.request_refused),
        _ => tr!(leads.request_unknown),
    }
}

#[component]
fn CreditRequestStatus(request: CreditRequestView) -> impl IntoView {
    let reason = request.reason.clone();
    view! {
        <div class="credit-request" role="group" aria-label=tr!(leads.credit_request)>
            <h3>{tr!(leads.credit_request)}</h3>
            <p><strong>{request_status_label(&request.status)}</strong></p>
            <p class="small muted">{trf!(leads.your_reason, reason = reason.as_str())}</p>
            {request.decision_reason.map(|r| view! { <p class="small">{trf!(leads.staff_said, reason = r.as_str())}</p> })}
        </div>
    }
}

#[component]
fn CreditRequestForm(project_id: i64, action: ServerAction<RequestCredit>) -> impl IntoView {
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let hydrated = use_hydrated();
    let mine = move || {
        action
            .input()
            .get()
            .map(|i| i.project_id == project_id)
            .unwrap_or(true)
    };
    let error = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .filter(|_| mine())
    });
    let i18n = super::lang::use_page_lang();
    let reason_error = Signal::derive(move || {
        error
            .get()
            .map(|e| super::lang::field_or_error(i18n.get(), &e, "reason"))
    });
    let field_id = format!("credit-reason-{project_id}");
    view! {
        <div class="credit-request">
            {move || if open.get() {
                let field_id = field_id.clone();
                view! {
                    <form on:submit=move |ev| {
                        ev.prevent_default();
                        action.dispatch(RequestCredit { project_id, reason: reason.get_untracked() });
                    }>
                        <div class="field" class:has-error=move || reason_error.get().is_some()>
                            <label for=field_id.clone()>{tr!(leads.why_credit)}</label>
                            <p class="hint">{tr!(leads.why_credit_hint)}</p>
                            <textarea id=field_id.clone() rows="3"
                                aria-describedby=format!("{field_id}-error")
                                use:keep_typed=reason prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            <FieldMessage id=format!("{field_id}-error") error=reason_error/>
                        </div>
                        <button type="submit" class="button" disabled=move || !hydrated.get() || action.pending().get()>
                            {tr!(leads.send_request)}
                        </button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <button class="button ghost small" disabled=move || !hydrated.get()
                        on:click=move |_| open.set(true)>{tr!(leads.ask_credit)}</button>
                }.into_any()
            }}
        </div>
    }
}

#[component]
pub fn NewLeadPage() -> impl IntoView {
    let action = ServerAction::<CreateLead>::new();
    let tender = ServerAction::<CreateForClient>::new();
    // How providers get the project: bought as a lead, or an open tender.
    let as_lead = RwSignal::new(true);
    let fields = ProjectFieldSignals::new();
    let client_email = RwSignal::new(String::new());
    let client_name = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let cap = RwSignal::new(DEFAULT_CAP.to_string());
    let half_price = RwSignal::new(true);
    let hydrated = use_hydrated();
    let lead_error = last_error(action.value());
    let tender_error = last_error(tender.value());
    let error = Signal::derive(move || {
        if as_lead.get() {
            lead_error.get()
        } else {
            tender_error.get()
        }
    });
    let lead_fields: Vec<&'static str> = PROJECT_FIELDS
        .iter()
        .copied()
        .chain(["client_email", "client_name", "price", "cap"])
        .collect();
    let pending = move || action.pending().get() || tender.pending().get();
    let (publish_lead, publish_project) = (tr!(leads.publish_lead), tr!(leads.publish_project));
    view! {
        <Title text=tr!(leads.write_title)/>
        <section class="narrow card">
            <h1>{tr!(leads.write_title)}</h1>
            <p class="muted">{tr!(leads.write_intro)}</p>
            {move || action.value().get().and_then(|r| r.ok()).map(|id| view! {
                <div class="notice success" role="status">
                    <p>{trf!(leads.lead_published, id = id)}" "
                        <A href=format!("/projects/{id}")>{tr!(leads.open_it)}</A></p>
                </div>
            })}
            {move || tender.value().get().and_then(|r| r.ok()).map(|id| view! {
                <div class="notice success" role="status">
                    <p>{trf!(leads.tender_published, id = id)}" "
                        <A href=format!("/projects/{id}")>{tr!(leads.open_it)}</A></p>
                </div>
            })}
            <form on:submit=move |ev| {
                ev.prevent_default();
                if as_lead.get_untracked() {
                    action.dispatch(CreateLead { form: LeadForm {
                        project: fields.form(),
                        client_email: client_email.get_untracked(),
                        client_name: client_name.get_untracked(),
                        price: price.get_untracked(),
                        cap: cap.get_untracked(),
                        half_price: half_price.get_untracked(),
                    }});
                } else {
                    tender.dispatch(CreateForClient { form: TenderForm {
                        project: fields.form(),
                        client_email: client_email.get_untracked(),
                        client_name: client_name.get_untracked(),
                    }});
                }
            }>
                <FormError error fields=lead_fields/>
                <AccessChoice as_lead/>
                <h2>{tr!(leads.the_client)}</h2>
                <TextField label=tr!(leads.client_email) name="client_email" kind="email" value=client_email
                    error=field_error(error, "client_email")
                    hint=tr!(leads.client_email_hint)/>
                <TextField label=tr!(leads.client_name) name="client_name" value=client_name
                    autocomplete="off" error=field_error(error, "client_name")/>
                <h2>{tr!(leads.the_project)}</h2>
                <ProjectFields fields error for_client=true/>
                <Show when=move || as_lead.get()>
                    <LeadOffer price cap half_price error/>
                </Show>
                <button type="submit" class="button primary" disabled=move || !hydrated.get() || pending()>
                    {move || if as_lead.get() { publish_lead.get() } else { publish_project.get() }}
                </button>
            </form>
        </section>
    }
}

/// Lead or open tender: how providers get the project staff write.
#[component]
fn AccessChoice(as_lead: RwSignal<bool>) -> impl IntoView {
    // A choice made before the page was interactive is kept, once
    // hydration is over (switching the form's sections during it would not
    // match the server's HTML).
    let pick = Callback::new(move |v: String| {
        request_animation_frame(move || as_lead.set(v == "lead"));
    });
    view! {
        <fieldset class="field role-choice">
            <legend>{tr!(leads.access)}</legend>
            <label class="choice">
                <input type="radio" name="access" value="lead" checked=true use:keep_choice=pick
                    prop:checked=move || as_lead.get() on:change=move |_| as_lead.set(true)/>
                <span><strong>{tr!(leads.as_lead)}</strong>{tr!(leads.as_lead_hint)}</span>
            </label>
            <label class="choice">
                <input type="radio" name="access" value="tender" use:keep_choice=pick
                    prop:checked=move || !as_lead.get() on:change=move |_| as_lead.set(false)/>
                <span><strong>{tr!(leads.as_tender)}</strong>{tr!(leads.as_tender_hint)}</span>
            </label>
        </fieldset>
    }
}

/// The price, cap and half-price choice of a lead.
#[component]
fn LeadOffer(
    price: RwSignal<String>,
    cap: RwSignal<String>,
    half_price: RwSignal<bool>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <h2>{tr!(leads.offer_title)}</h2>
        <div class="field-row">
            <TextField label=tr!(leads.price_field) name="price" inputmode="decimal" value=price
                error=field_error(error, "price")/>
            <TextField label=tr!(leads.cap_field) name="cap" inputmode="numeric" value=cap
                error=field_error(error, "cap") hint=tr!(leads.cap_hint)/>
        </div>
        <label class="check">
            <input type="checkbox" use:keep_checked=Callback::new(move |on: bool| half_price.set(on))
                checked=half_price.get_untracked() prop:checked=move || half_price.get()
                on:change=move |ev| half_price.set(event_target_checked(&ev))/>
            <span>{tr!(leads.offer_half)}</span>
        </label>
    }
}

#[component]
pub fn CreditRequestsPage() -> impl IntoView {
    let decide = ServerAction::<DecideCreditRequest>::new();
    let reloads = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<CreditRequestView>);
    let lang = use_page_lang();
    Effect::new(move |_| {
        if let Some(Ok(r)) = decide.value().get() {
            notice.set(Some(r));
            reloads.update(|n| *n += 1);
        }
    });
    let notice_text = move || {
        notice.get().map(|r| {
            let lang = lang.get();
            let l = locale_of(lang);
            if r.status == "accepted" {
                crate::tdf!(
                    l,
                    leads.request_accepted_notice,
                    id = r.id,
                    paid = lang.money(r.paid),
                    name = r.provider_name.as_str()
                )
            } else {
                crate::tdf!(l, leads.request_refused_notice, id = r.id)
            }
        })
    };
    let queue = Resource::new(move || reloads.get(), |_| credit_request_queue());
    view! {
        <Title text=tr!(common.nav.credit_requests)/>
        <section>
            <h1>{tr!(common.nav.credit_requests)}</h1>
            <p class="muted">{tr!(leads.requests_intro)}</p>
            {move || notice_text().map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty"><p>{tr!(leads.no_request)}</p></div>
                        }.into_any(),
                        Ok(list) => list.into_iter()
                            .map(|r| view! { <RequestItem request=r decide/> })
                            .collect_view()
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RequestItem(
    request: CreditRequestView,
    decide: ServerAction<DecideCreditRequest>,
) -> impl IntoView {
    let id = request.id;
    let hydrated = use_hydrated();
    let reason = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    let error: Signal<Option<AppError>> = Signal::derive(move || {
        decide.value().get().and_then(|r| r.err()).filter(|_| {
            decide
                .input()
                .get()
                .map(|i| i.request_id == id)
                .unwrap_or(true)
        })
    });
    let i18n = super::lang::use_page_lang();
    let lang = i18n;
    let reason_error = Signal::derive(move || {
        error
            .get()
            .map(|e| super::lang::field_or_error(i18n.get(), &e, "reason"))
    });
    let pending = request.status == "pending";
    let field_id = format!("decision-{id}");
    let paid = request.paid;
    let filed = stamp_iso(&request.filed_at);
    let send = move |accept: bool| {
        decide.dispatch(DecideCreditRequest {
            request_id: id,
            accept,
            reason: reason.get_untracked(),
            key: key.get_value(),
        });
    };
    view! {
        <article class="card request" aria-label=trf!(leads.request_label, id = id)>
            <div class="lead-head">
                <h2>{format!("#{id} · {}", request.project_title)}</h2>
                <span class=format!("badge request-{}", request.status)>{request_status_label(&request.status)}</span>
            </div>
            <dl class="facts">
                <div><dt>{tr!(offers.provider)}</dt><dd>{request.provider_name.clone()}</dd></div>
                <div><dt>{tr!(leads.price_paid)}</dt><dd class="num">{money(paid)}</dd></div>
                <div><dt>{tr!(leads.filed)}</dt><dd>{filed}</dd></div>
            </dl>
            <p><strong>{tr!(leads.reason)}</strong>" "{request.reason.clone()}</p>
            {request.decision_reason.clone().map(|r| view! { <p><strong>{tr!(leads.decision)}</strong>" "{r}</p> })}
            {pending.then(|| view! {
                <div class="field" class:has-error=move || reason_error.get().is_some()>
                    <label for=field_id.clone()>{tr!(leads.reason_for_provider)}</label>
                    <textarea id=field_id.clone() rows="2"
                        aria-describedby=format!("{field_id}-error")
                        use:keep_typed=reason prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <FieldMessage id=format!("{field_id}-error") error=reason_error/>
                </div>
                <div class="actions">
                    <button class="button primary" disabled=move || !hydrated.get() || decide.pending().get()
                        on:click=move |_| send(true)>{trf!(leads.accept_refund, paid = lang.get().money(paid))}</button>
                    <button class="button" disabled=move || !hydrated.get() || decide.pending().get()
                        on:click=move |_| send(false)>{tr!(leads.refuse)}</button>
                </div>
            })}
        </article>
    }
}
