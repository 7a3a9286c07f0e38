//! Staff's overview pages: search, a person's file (with suspension), and
//! the fees nobody paid yet. Every form posts natively too.

use super::common::{ErrorNotice, Loading, Posted};
use super::labels::label;
use super::lang::{locale_of, use_page_lang};
use crate::api::staff::{staff_person, staff_search, unpaid_fees, SetSuspension, WaiveFee};
use crate::domain::account::Role;
use crate::domain::words::Label;
use crate::i18n::td_string;
use crate::views::staff::{PersonFile, SearchResults, UnpaidFee};
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};
use server_fn::ServerFn;

#[component]
pub fn StaffSearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let results = Resource::new(q, |q| async move {
        if q.trim().is_empty() {
            Ok(None)
        } else {
            staff_search(q).await.map(Some)
        }
    });
    view! {
        <Title text=tr!(staff.search)/>
        <section>
            <h1>{tr!(staff.search_title)}</h1>
            <Form method="GET" action="/staff/people" attr:class="inline-form search-form">
                <label for="staff-q">{tr!(staff.search_label)}</label>
                <input id="staff-q" type="search" name="q" value=q/>
                <button type="submit" class="button primary">{tr!(staff.search)}</button>
            </Form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(None) => view! { <p class="muted">{tr!(staff.search_hint)}</p> }.into_any(),
                        Ok(Some(r)) => view! { <SearchHits r/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SearchHits(r: SearchResults) -> impl IntoView {
    let (people, projects) = (r.people.len(), r.projects.len());
    view! {
        <div class="two-columns">
            <section class="card" aria-labelledby="people-title">
                <h2 id="people-title">{trf!(staff.people_n, n = people)}</h2>
                {if r.people.is_empty() {
                    view! { <p class="muted">{tr!(staff.nobody)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain" aria-label=tr!(staff.people_found)>
                            {r.people.into_iter().map(|p| {
                                let (email, role, id) = (p.email.clone(), p.role, p.id);
                                view! {
                                    <li>
                                        <A href=format!("/staff/people/{}", p.id)>{p.name}</A>
                                        <span class="muted small">" · "{email}" · "{label(role)}{format!(" · #{id}")}</span>
                                        {p.suspended.then(|| view! { " "<span class="badge status-rejected">{tr!(staff.suspended)}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="found-projects-title">
                <h2 id="found-projects-title">{trf!(staff.projects_n, n = projects)}</h2>
                {if r.projects.is_empty() {
                    view! { <p class="muted">{tr!(staff.no_project)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain" aria-label=tr!(staff.projects_found)>
                            {r.projects.into_iter().map(|p| view! {
                                <li>
                                    <A href=format!("/projects/{}", p.id)>{p.title}</A>
                                    <span class="muted small">{format!(" · #{} · {} · ", p.id, p.client)}{label(p.status)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let file = Resource::new(id, staff_person);
    view! {
        <Title text=tr!(staff.person)/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match file.await {
                    Err(e) => view! { <h1>{tr!(staff.person)}</h1> <ErrorNotice error=e/> }.into_any(),
                    Ok(f) => view! { <PersonView f/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PersonView(f: PersonFile) -> impl IntoView {
    let query = use_query_map();
    let done = move || query.read().get("done");
    let lang = use_page_lang();
    let (id, role, joined, active) = (f.id, f.role, f.joined, f.last_active);
    let facts = move || {
        let l = locale_of(lang.get());
        crate::tdf!(
            l,
            staff.person_facts,
            id = id,
            role = role.text(l),
            joined = lang.get().stamp(joined),
            active = lang.get().stamp(active)
        )
    };
    view! {
        <div class="page-head">
            <div>
                <p class="muted">{facts}</p>
                <h1>{f.name.clone()}</h1>
                <p><a href=format!("mailto:{}", f.email)>{f.email.clone()}</a>
                    {(!f.verified).then(|| view! { " "<span class="badge">{tr!(staff.not_confirmed)}</span> })}
                    {f.deleted.then(|| view! { " "<span class="badge">{tr!(staff.deleted)}</span> })}</p>
            </div>
            <A href="/staff/people" attr:class="button">{tr!(staff.new_search)}</A>
        </div>
        {move || done().map(|d| view! {
            <div class="notice success" role="status"><p>{if d == "suspended" {
                tr!(staff.done_suspended)
            } else {
                tr!(staff.done_reinstated)
            }}</p></div>
        })}
        {f.suspended.clone().map(|(at, why)| view! {
            <div class="notice warning" role="note"><p>{trf!(staff.suspended_since, at = lang.get().stamp(at), reason = why.clone())}</p></div>
        })}
        {(f.role != Role::Staff && !f.deleted).then(|| view! { <SuspensionForm id=f.id suspended=f.suspended.is_some()/> })}
        <PersonFacts f/>
    }
}

#[component]
fn SuspensionForm(id: i64, suspended: bool) -> impl IntoView {
    let posted = Posted::of(SetSuspension::PATH);
    let error = posted.error();
    let open = error.is_some();
    let reason = posted.value("reason");
    let (title, button) = if suspended {
        (tr!(staff.reinstate_title), tr!(staff.reinstate))
    } else {
        (tr!(staff.suspend_title), tr!(staff.suspend))
    };
    view! {
        <details class="card suspension" open=open>
            <summary>{title}</summary>
            <form method="post" action=SetSuspension::PATH>
                {error.map(|e| view! { <ErrorNotice error=e/> })}
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="suspend" value=if suspended { "false" } else { "true" }/>
                <div class="field">
                    <label for="suspension-reason">{tr!(staff.reason_kept)}</label>
                    <textarea id="suspension-reason" name="reason" rows="3" required minlength="10" maxlength="1000">{reason}</textarea>
                </div>
                <button type="submit" class=if suspended { "button primary" } else { "button danger" }>{button}</button>
            </form>
        </details>
    }
}

#[component]
fn PersonFacts(f: PersonFile) -> impl IntoView {
    let lang = use_page_lang();
    view! {
        <section class="card" aria-labelledby="person-projects">
            <h2 id="person-projects">{tr!(staff.projects)}</h2>
            {if f.projects.is_empty() { view! { <p class="muted">{tr!(staff.none)}</p> }.into_any() } else { view! {
                <ul class="plain">
                    {f.projects.into_iter().map(|p| {
                        let (id, status, relation) = (p.id, p.status, p.relation.clone());
                        let relations = move || {
                            let l = locale_of(lang.get());
                            relation.split(", ").map(|r| relation_text(l, r)).collect::<Vec<_>>().join(", ")
                        };
                        view! {
                            <li><A href=format!("/projects/{}", p.id)>{p.title}</A>
                                <span class="muted small">{format!(" · #{id} · ")}{label(status)}" · "{relations}</span></li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any() }}
        </section>
        <section class="card" aria-labelledby="person-agreements">
            <h2 id="person-agreements">{tr!(staff.agreements)}</h2>
            {if f.agreements.is_empty() { view! { <p class="muted">{tr!(staff.none)}</p> }.into_any() } else { view! {
                <div class="table-wrap" tabindex="0">
                    <table role="table" class="data money stack-on-phone" aria-label=tr!(staff.agreements)>
                        <thead><tr><th scope="col">{tr!(staff.col.project)}</th><th scope="col">{tr!(staff.col.with)}</th><th scope="col">{tr!(staff.col.formula)}</th>
                            <th scope="col">{tr!(staff.col.status)}</th><th scope="col" class="num">{tr!(staff.col.amount)}</th></tr></thead>
                        <tbody>
                            {f.agreements.into_iter().map(|a| {
                                let (formula, status) = (a.formula.clone(), a.status.clone());
                                view! {
                                    <tr>
                                        <th scope="row"><A href=format!("/projects/{}", a.project_id)>{a.title}</A></th>
                                        <td data-label=tr!(staff.col.with)>{a.other_party}</td>
                                        <td data-label=tr!(staff.col.formula)>{move || formula_text(locale_of(lang.get()), &formula)}</td>
                                        <td data-label=tr!(staff.col.status)>{move || agreement_status_text(locale_of(lang.get()), &status)}</td>
                                        <td class="num" data-label=tr!(staff.col.amount)>{super::lang::money(a.amount)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any() }}
        </section>
        {f.balances.map(|(consultation, offer, contact, money)| view! {
            <section class="card" aria-labelledby="person-ledger">
                <h2 id="person-ledger">{tr!(staff.ledger)}</h2>
                <p>{trf!(staff.balances, consultation = consultation, offer = offer, contact = contact, money = lang.get().money(money))}</p>
                <ul class="history">
                    {f.ledger.into_iter().map(|line| {
                        let text = move || {
                            let (lang, l) = (lang.get(), locale_of(lang.get()));
                            let reason = line.reason.as_ref().map(|r| format!(" · {r}")).unwrap_or_default();
                            format!(
                                " · {} · {} {} → {}{reason}",
                                super::labels::movement_text(l, &line.kind),
                                super::labels::ledger_amount(lang, &line.unit, line.amount, true),
                                super::labels::unit_text(l, &line.unit),
                                super::labels::ledger_amount(lang, &line.unit, line.balance_after, false),
                            )
                        };
                        view! { <li><time>{super::lang::stamp(line.at)}</time>{text}</li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section class="card" aria-labelledby="person-history">
            <h2 id="person-history">{tr!(staff.history_title)}</h2>
            {if f.events.is_empty() { view! { <p class="muted">{tr!(staff.nothing_yet)}</p> }.into_any() } else { view! {
                <ul class="history" aria-label=tr!(staff.history_title)>
                    {f.events.into_iter().map(|e| {
                        let text = move || {
                            let (lang, l) = (lang.get(), locale_of(lang.get()));
                            let said = e.what.as_ref().map(|m| super::lang::say(lang, m))
                                .or(e.reason.clone())
                                .unwrap_or_default();
                            crate::tdf!(l, staff.event_line, what = event_text(l, &e.kind), actor = e.actor.as_str(), said = said)
                        };
                        view! { <li><time>{super::lang::stamp(e.at)}</time>" · "{text}</li> }
                    }).collect_view()}
                </ul>
            }.into_any() }}
        </section>
    }
}

/// How a person relates to a project in their file.
fn relation_text(l: crate::i18n::Locale, slug: &str) -> &'static str {
    match slug {
        "client" => td_string!(l, staff.relation.client),
        "agreement" => td_string!(l, staff.relation.agreement),
        "offer" => td_string!(l, staff.relation.offer),
        "unlocked" => td_string!(l, staff.relation.unlocked),
        _ => td_string!(l, staff.relation.lead),
    }
}

fn formula_text(l: crate::i18n::Locale, slug: &str) -> &'static str {
    if slug == "zero_risk" {
        td_string!(l, staff.formula.zero_risk)
    } else {
        td_string!(l, staff.formula.basic)
    }
}

fn agreement_status_text(l: crate::i18n::Locale, slug: &str) -> &'static str {
    match slug {
        "proposed" => td_string!(l, staff.agreement.proposed),
        "withdrawn" => td_string!(l, staff.agreement.withdrawn),
        _ => td_string!(l, staff.agreement.confirmed),
    }
}

/// What happened to an account, by its history's kind.
fn event_text(l: crate::i18n::Locale, kind: &str) -> &'static str {
    match kind {
        "suspended" => td_string!(l, staff.event.suspended),
        "reinstated" => td_string!(l, staff.event.reinstated),
        "certification_applied" => td_string!(l, staff.event.applied),
        "reference_checked" => td_string!(l, staff.event.checked),
        "certified" => td_string!(l, staff.event.certified),
        "certification_refused" => td_string!(l, staff.event.refused),
        _ => td_string!(l, staff.event.revoked),
    }
}

#[component]
pub fn UnpaidFeesPage() -> impl IntoView {
    let fees = Resource::new(|| (), |_| unpaid_fees());
    let query = use_query_map();
    let waived = move || query.read().get("done").as_deref() == Some("waived");
    let posted = Posted::of(WaiveFee::PATH);
    let error = posted.error();
    view! {
        <Title text=tr!(staff.unpaid)/>
        <section>
            <h1>{tr!(staff.unpaid)}</h1>
            <p class="muted">{tr!(staff.unpaid_intro)}</p>
            {move || waived().then(|| view! {
                <div class="notice success" role="status"><p>{tr!(staff.waived)}</p></div>
            })}
            {error.map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match fees.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <div class="empty"><p>{tr!(staff.all_paid)}</p></div> }.into_any(),
                        Ok(list) => view! { <UnpaidFeesTable list/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UnpaidFeesTable(list: Vec<UnpaidFee>) -> impl IntoView {
    let lang = use_page_lang();
    view! {
        <div class="table-wrap" tabindex="0">
            <table role="table" class="data money stack-on-phone" aria-label=tr!(staff.unpaid)>
                <thead><tr>
                    <th scope="col">{tr!(staff.col.project)}</th><th scope="col">{tr!(staff.col.payer)}</th><th scope="col">{tr!(staff.col.fee)}</th>
                    <th scope="col">{tr!(staff.col.signed)}</th><th scope="col" class="num">{tr!(staff.col.age)}</th>
                    <th scope="col">{tr!(staff.col.deadline)}</th><th scope="col" class="num">{tr!(staff.col.reminders)}</th>
                    <th scope="col" class="num">{tr!(staff.col.due)}</th><th scope="col">{tr!(staff.col.waive)}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|f| {
                        let form_id = format!("waive-{}-{}", f.project_id, f.kind.slug());
                        let (kind, project) = (f.kind, f.project_id);
                        let reason_label = move || {
                            let l = locale_of(lang.get());
                            crate::tdf!(l, staff.waive_reason, fee = kind.text(l).to_lowercase(), id = project)
                        };
                        let age = f.age_days;
                        view! {
                            <tr class:overdue=f.overdue>
                                <th scope="row"><A href=format!("/projects/{}", f.project_id)>{f.title}</A></th>
                                <td data-label=tr!(staff.col.payer)><A href=format!("/staff/people/{}", f.payer_id)>{f.payer}</A></td>
                                <td data-label=tr!(staff.col.fee)>{label(f.kind)}</td>
                                <td class="when" data-label=tr!(staff.col.signed)>{super::lang::stamp(f.since)}</td>
                                <td class="num" data-label=tr!(staff.col.age)>{trf!(staff.days, n = age)}</td>
                                <td data-label=tr!(staff.col.deadline)>{if f.overdue {
                                    view! { <span class="badge danger">{super::lang::deadline(f.deadline, true)}</span> }.into_any()
                                } else { view! { <span>{super::lang::deadline(f.deadline, false)}</span> }.into_any() }}</td>
                                <td class="num" data-label=tr!(staff.col.reminders)>{f.reminders}</td>
                                <td class="num" data-label=tr!(staff.col.due)>{super::lang::money(f.due)}</td>
                                <td data-label=tr!(staff.col.waive)>
                                    <details class="waive">
                                        <summary>{tr!(staff.waive_summary)}</summary>
                                        <form method="post" action=WaiveFee::PATH>
                                            <input type="hidden" name="project_id" value=f.project_id/>
                                            <input type="hidden" name="kind" value=f.kind.slug()/>
                                            <label for=form_id.clone()>{reason_label}</label>
                                            <textarea id=form_id name="reason" rows="2" required minlength="10" maxlength="2000"></textarea>
                                            <button type="submit" class="button danger">{tr!(staff.waive)}</button>
                                        </form>
                                    </details>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
