//! Referral leads: the provider's leads tab, staff's lead form and the
//! credit-request queue.

use super::client::{ProjectFieldSignals, ProjectFields, PROJECT_FIELDS};
use super::common::{
    field_error, last_error, use_hydrated, ErrorNotice, FieldMessage, FormError, Loading, TextField,
};
use super::early_input::{keep_checked, keep_choice, keep_typed};
use crate::api::credits::new_key;
use crate::api::leads::{
    credit_request_queue, my_leads, BuyLead, CreateForClient, CreateLead, DecideCreditRequest,
    RefuseLead, RequestCredit, ReserveLead,
};
use crate::domain::lead::{describe_remaining, LeadForm, TenderForm, DEFAULT_CAP};
use crate::error::AppError;
use crate::views::credits::ClientContact;
use crate::views::leads::{CreditRequestView, LeadAnswer, LeadView};
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
    let notice = RwSignal::new(None::<String>);
    let leads = Resource::new(move || reloads.get(), |_| my_leads());
    let reload = move |message: String| {
        notice.set(Some(message));
        reloads.update(|n| *n += 1);
    };
    Effect::new(move |_| {
        if let Some(Ok(p)) = actions.buy.value().get() {
            actions.keys.update_value(|k| {
                k.remove(&p.project_id);
            });
            reload(if p.charged {
                format!(
                    "Lead bought for {}. Your prepaid account now holds {}. The client's details are below.",
                    p.paid.display(),
                    p.balance_after.display()
                )
            } else {
                "You had already bought this lead: nothing was charged.".into()
            });
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = actions.reserve.value().get() {
            reload(
                "Reserved at half price. You pay only if it is awarded at the half-price mark."
                    .into(),
            );
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = actions.refuse.value().get() {
            reload("Lead refused: it is no longer in your list.".into());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = actions.request.value().get() {
            reload("Credit request sent. Staff will decide and you will be notified.".into());
        }
    });
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
        <Title text="Leads"/>
        <section>
            <div class="page-head">
                <h1>"Referral leads"</h1>
                <A href="/credits" attr:class="button">"Top up your account"</A>
            </div>
            <p class="muted">"Projects written by our staff from a call with the client, offered to providers whose preferences match. Buy one to get the client's details at once, or reserve it at half price: at the half-price mark, reservations are awarded in the order they were made until the lead has all its buyers."</p>
            {move || notice.get().map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match leads.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty">
                                <p>"No lead matches your preferences right now. You will be notified when one does."</p>
                                <A href="/preferences" attr:class="button">"Check your preferences"</A>
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

#[component]
fn LeadCard(lead: LeadView, actions: LeadActions) -> impl IntoView {
    let hydrated = use_hydrated();
    let id = lead.project.id;
    let title_id = format!("lead-{id}-title");
    let full = lead.buyers >= lead.cap;
    let disabled = move || !hydrated.get() || actions.busy();
    let half = match (&lead.half_price, lead.seconds_to_mark) {
        (None, _) => "Not offered at half price".to_string(),
        (Some(h), 0) => format!("{} · the mark has passed", h.display()),
        (Some(h), s) => format!("{} in {}", h.display(), describe_remaining(s)),
    };
    let price = lead.price.display();
    let status = match &lead.answer {
        Some(LeadAnswer::Bought { paid }) => view! {
            <p class="badge status-published">{format!("Bought for {}", paid.display())}</p>
        }
        .into_any(),
        Some(LeadAnswer::Reserved) => view! {
            <p class="badge status-pending_validation">"Reserved at half price"</p>
        }
        .into_any(),
        Some(LeadAnswer::Lapsed { reason }) => view! {
            <p class="badge status-cancelled">"Reservation lapsed"</p>
            <p class="small muted">{format!("It lapsed because {}. Nothing was charged.", reason.explain())}</p>
        }
        .into_any(),
        None if full => view! { <p class="badge status-completed">"All buyers found"</p> }.into_any(),
        None => ().into_any(),
    };
    let can_buy = !full && !matches!(lead.answer, Some(LeadAnswer::Bought { .. }));
    let can_reserve =
        lead.answer.is_none() && !full && lead.half_price.is_some() && lead.seconds_to_mark > 0;
    let can_refuse = !matches!(lead.answer, Some(LeadAnswer::Bought { .. }));
    let buy_label = format!("Buy for {price}");
    let reserve_label = lead
        .half_price
        .map(|h| format!("Reserve at half price ({})", h.display()))
        .unwrap_or_default();
    view! {
        <article class="card lead" aria-labelledby=title_id>
            <div class="lead-head">
                <h2 id=title_id.clone()>{lead.project.title.clone()}</h2>
                {status}
            </div>
            <ul class="tags">
                {lead.project.services.iter().map(|s| view! { <li class="tag">{s.label()}</li> }).collect_view()}
                <li class="tag">{lead.project.region.label()}</li>
            </ul>
            <p class="description">{lead.project.description.clone()}</p>
            <dl class="facts lead-facts">
                <div><dt>"Referral price"</dt><dd class="num">{price.clone()}</dd></div>
                <div><dt>"Buyers"</dt><dd class="num">{format!("{} of {}", lead.buyers, lead.cap)}</dd></div>
                <div><dt>"Half price"</dt><dd>{half}</dd></div>
                <div><dt>"Client's budget"</dt><dd class="num">{format!("{} – {}", lead.project.budget_min.display(), lead.project.budget_max.display())}</dd></div>
            </dl>
            {lead.contact.clone().map(|c| view! { <ContactCard contact=c/> })}
            <div class="actions">
                {can_buy.then(|| view! {
                    <button class="button primary" disabled=disabled
                        on:click=move |_| {
                            let key = actions.key_for(id);
                            actions.buy.dispatch(BuyLead { project_id: id, key });
                        }>{buy_label.clone()}</button>
                })}
                {can_reserve.then(|| view! {
                    <button class="button" disabled=disabled
                        on:click=move |_| { actions.reserve.dispatch(ReserveLead { project_id: id }); }>
                        {reserve_label.clone()}
                    </button>
                })}
                {can_refuse.then(|| view! {
                    <button class="button ghost" disabled=disabled
                        on:click=move |_| { actions.refuse.dispatch(RefuseLead { project_id: id }); }>
                        {if matches!(lead.answer, Some(LeadAnswer::Reserved)) { "Cancel and refuse" } else { "Refuse" }}
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
        <div class="contact" aria-label="Client contact">
            <h3>"Client contact"</h3>
            <p><strong>{contact.name}</strong></p>
            <p><a href=format!("mailto:{}", contact.email)>{contact.email.clone()}</a></p>
            {contact.phone.map(|p| view! { <p><a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></p> })}
        </div>
    }
}

fn request_status_label(status: &str) -> &'static str {
    match status {
        "pending" => "Waiting for staff",
        "accepted" => "Accepted: the price was returned to your account",
        "refused" => "Refused",
        _ => "Unknown",
    }
}

#[component]
fn CreditRequestStatus(request: CreditRequestView) -> impl IntoView {
    view! {
        <div class="credit-request" aria-label="Credit request">
            <h3>"Credit request"</h3>
            <p><strong>{request_status_label(&request.status)}</strong></p>
            <p class="small muted">{format!("Your reason: {}", request.reason)}</p>
            {request.decision_reason.map(|r| view! { <p class="small">{format!("Staff: {r}")}</p> })}
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
                            <label for=field_id.clone()>"Why could you not present your services?"</label>
                            <p class="hint">"For example: the client had already chosen, or the description was wrong. One request per purchase."</p>
                            <textarea id=field_id.clone() rows="3"
                                aria-describedby=format!("{field_id}-error")
                                use:keep_typed=reason prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            <FieldMessage id=format!("{field_id}-error") error=reason_error/>
                        </div>
                        <button type="submit" class="button" disabled=move || !hydrated.get() || action.pending().get()>
                            "Send the credit request"
                        </button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <button class="button ghost small" disabled=move || !hydrated.get()
                        on:click=move |_| open.set(true)>"Ask for a credit"</button>
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
    view! {
        <Title text="Write a project from a call"/>
        <section class="narrow card">
            <h1>"Write a project from a call"</h1>
            <p class="muted">"From your call with the client. It is published at once, in the client's name, and every provider whose preferences match is notified."</p>
            {move || action.value().get().and_then(|r| r.ok()).map(|id| view! {
                <div class="notice success" role="status">
                    <p>{format!("Lead #{id} is published and offered to matching providers. ")}
                        <A href=format!("/projects/{id}")>"Open it"</A></p>
                </div>
            })}
            {move || tender.value().get().and_then(|r| r.ok()).map(|id| view! {
                <div class="notice success" role="status">
                    <p>{format!("Project #{id} is published as an open tender for its client. ")}
                        <A href=format!("/projects/{id}")>"Open it"</A></p>
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
                <h2>"The client"</h2>
                <TextField label="Client's email" name="client_email" kind="email" value=client_email
                    error=field_error(error, "client_email")
                    hint="Their account on the platform. No account yet: give their name below, we create it and email them an invitation."/>
                <TextField label="Client's name (new account only)" name="client_name" value=client_name
                    autocomplete="off" error=field_error(error, "client_name")/>
                <h2>"The project"</h2>
                <ProjectFields fields error for_client=true/>
                <Show when=move || as_lead.get()>
                    <LeadOffer price cap half_price error/>
                </Show>
                <button type="submit" class="button primary" disabled=move || !hydrated.get() || pending()>
                    {move || if as_lead.get() { "Publish the lead" } else { "Publish the project" }}
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
            <legend>"Providers get it as"</legend>
            <label class="choice">
                <input type="radio" name="access" value="lead" checked=true use:keep_choice=pick
                    prop:checked=move || as_lead.get() on:change=move |_| as_lead.set(true)/>
                <span><strong>"A referral lead"</strong>" — providers buy the client's contact, up to a cap"</span>
            </label>
            <label class="choice">
                <input type="radio" name="access" value="tender" use:keep_choice=pick
                    prop:checked=move || !as_lead.get() on:change=move |_| as_lead.set(false)/>
                <span><strong>"An open tender"</strong>" — providers spend credits to make offers, as for a posted project"</span>
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
        <h2>"The offer to providers"</h2>
        <div class="field-row">
            <TextField label="Referral price (€)" name="price" inputmode="decimal" value=price
                error=field_error(error, "price")/>
            <TextField label="Buyer cap" name="cap" inputmode="numeric" value=cap
                error=field_error(error, "cap") hint="At most this many providers can buy it."/>
        </div>
        <label class="check">
            <input type="checkbox" use:keep_checked=Callback::new(move |on: bool| half_price.set(on))
                checked=half_price.get_untracked() prop:checked=move || half_price.get()
                on:change=move |ev| half_price.set(event_target_checked(&ev))/>
            <span>"Offer half-price reservations, awarded four days after publication"</span>
        </label>
    }
}

#[component]
pub fn CreditRequestsPage() -> impl IntoView {
    let decide = ServerAction::<DecideCreditRequest>::new();
    let reloads = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(r)) = decide.value().get() {
            notice.set(Some(format!(
                "Credit request #{} {}.",
                r.id,
                if r.status == "accepted" {
                    format!(
                        "accepted: {} returned to {}",
                        r.paid.display(),
                        r.provider_name
                    )
                } else {
                    "refused: the provider sees your reason".into()
                }
            )));
            reloads.update(|n| *n += 1);
        }
    });
    let queue = Resource::new(move || reloads.get(), |_| credit_request_queue());
    view! {
        <Title text="Credit requests"/>
        <section>
            <h1>"Credit requests"</h1>
            <p class="muted">"Providers who bought a lead and could not present their services. Accepting returns the price they paid to their prepaid account; refusing needs a reason they will read."</p>
            {move || notice.get().map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty"><p>"No credit request yet."</p></div>
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
    let reason_error = Signal::derive(move || {
        error
            .get()
            .map(|e| super::lang::field_or_error(i18n.get(), &e, "reason"))
    });
    let pending = request.status == "pending";
    let field_id = format!("decision-{id}");
    let send = move |accept: bool| {
        decide.dispatch(DecideCreditRequest {
            request_id: id,
            accept,
            reason: reason.get_untracked(),
            key: key.get_value(),
        });
    };
    view! {
        <article class="card request" aria-label=format!("Credit request #{id}")>
            <div class="lead-head">
                <h2>{format!("#{id} · {}", request.project_title)}</h2>
                <span class=format!("badge request-{}", request.status)>{request_status_label(&request.status)}</span>
            </div>
            <dl class="facts">
                <div><dt>"Provider"</dt><dd>{request.provider_name.clone()}</dd></div>
                <div><dt>"Price paid"</dt><dd class="num">{request.paid.display()}</dd></div>
                <div><dt>"Filed"</dt><dd>{request.filed_at.replace('T', " ").chars().take(16).collect::<String>()}" UTC"</dd></div>
            </dl>
            <p><strong>"Reason: "</strong>{request.reason.clone()}</p>
            {request.decision_reason.clone().map(|r| view! { <p><strong>"Decision: "</strong>{r}</p> })}
            {pending.then(|| view! {
                <div class="field" class:has-error=move || reason_error.get().is_some()>
                    <label for=field_id.clone()>"Reason for the provider (required to refuse)"</label>
                    <textarea id=field_id.clone() rows="2"
                        aria-describedby=format!("{field_id}-error")
                        use:keep_typed=reason prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <FieldMessage id=format!("{field_id}-error") error=reason_error/>
                </div>
                <div class="actions">
                    <button class="button primary" disabled=move || !hydrated.get() || decide.pending().get()
                        on:click=move |_| send(true)>{format!("Accept and refund {}", request.paid.display())}</button>
                    <button class="button" disabled=move || !hydrated.get() || decide.pending().get()
                        on:click=move |_| send(false)>"Refuse"</button>
                </div>
            })}
        </article>
    }
}
