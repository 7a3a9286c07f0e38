//! Staff's overview pages: search, a person's file (with suspension), and
//! the fees nobody paid yet. Every form posts natively too.

use super::common::{ErrorNotice, Loading, Posted};
use crate::api::staff::{staff_person, staff_search, unpaid_fees, SetSuspension, WaiveFee};
use crate::domain::account::Role;
use crate::views::staff::{PersonFile, SearchResults, UnpaidFee};
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
        <Title text="Search"/>
        <section>
            <h1>"Search people and projects"</h1>
            <Form method="GET" action="/staff/people" attr:class="inline-form search-form">
                <label for="staff-q">"Name, email, words or number"</label>
                <input id="staff-q" type="search" name="q" value=q/>
                <button type="submit" class="button primary">"Search"</button>
            </Form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(None) => view! { <p class="muted">"Find a person by name, email or number (#42), a project by its title, its words or its number."</p> }.into_any(),
                        Ok(Some(r)) => view! { <SearchHits r/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SearchHits(r: SearchResults) -> impl IntoView {
    view! {
        <div class="two-columns">
            <section class="card" aria-labelledby="people-title">
                <h2 id="people-title">{format!("People ({})", r.people.len())}</h2>
                {if r.people.is_empty() {
                    view! { <p class="muted">"Nobody matches."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain" aria-label="People found">
                            {r.people.into_iter().map(|p| view! {
                                <li>
                                    <A href=format!("/staff/people/{}", p.id)>{p.name}</A>
                                    <span class="muted small">{format!(" · {} · {} · #{}", p.email, p.role.label(), p.id)}</span>
                                    {p.suspended.then(|| view! { " "<span class="badge status-rejected">"Suspended"</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="found-projects-title">
                <h2 id="found-projects-title">{format!("Projects ({})", r.projects.len())}</h2>
                {if r.projects.is_empty() {
                    view! { <p class="muted">"No project matches."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain" aria-label="Projects found">
                            {r.projects.into_iter().map(|p| view! {
                                <li>
                                    <A href=format!("/projects/{}", p.id)>{p.title}</A>
                                    <span class="muted small">{format!(" · #{} · {} · {}", p.id, p.client, p.status.label())}</span>
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
        <Title text="Person"/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match file.await {
                    Err(e) => view! { <h1>"Person"</h1> <ErrorNotice error=e/> }.into_any(),
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
    view! {
        <div class="page-head">
            <div>
                <p class="muted">{format!("#{} · {} · joined {} · last active {}", f.id, f.role.label(), f.joined, f.last_active)}</p>
                <h1>{f.name.clone()}</h1>
                <p><a href=format!("mailto:{}", f.email)>{f.email.clone()}</a>
                    {(!f.verified).then(|| view! { " "<span class="badge">"address not confirmed"</span> })}
                    {f.deleted.then(|| view! { " "<span class="badge">"deleted"</span> })}</p>
            </div>
            <A href="/staff/people" attr:class="button">"New search"</A>
        </div>
        {move || done().map(|d| view! {
            <div class="notice success" role="status"><p>{if d == "suspended" {
                "The account is suspended: it cannot log in, and its sessions were ended. Money held for it is untouched."
            } else {
                "The account is reinstated: its person can log in again."
            }}</p></div>
        })}
        {f.suspended.clone().map(|(at, why)| view! {
            <div class="notice warning" role="note"><p>{format!("Suspended since {at}: {why}")}</p></div>
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
        ("Reinstate the account", "Reinstate")
    } else {
        ("Suspend the account", "Suspend")
    };
    view! {
        <details class="card suspension" open=open>
            <summary>{title}</summary>
            <form method="post" action=SetSuspension::PATH>
                {error.map(|e| view! { <ErrorNotice error=e/> })}
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="suspend" value=if suspended { "false" } else { "true" }/>
                <div class="field">
                    <label for="suspension-reason">"Reason (kept in the account's history)"</label>
                    <textarea id="suspension-reason" name="reason" rows="3" required minlength="10" maxlength="1000">{reason}</textarea>
                </div>
                <button type="submit" class=if suspended { "button primary" } else { "button danger" }>{button}</button>
            </form>
        </details>
    }
}

#[component]
fn PersonFacts(f: PersonFile) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="person-projects">
            <h2 id="person-projects">"Projects"</h2>
            {if f.projects.is_empty() { view! { <p class="muted">"None."</p> }.into_any() } else { view! {
                <ul class="plain">
                    {f.projects.into_iter().map(|p| view! {
                        <li><A href=format!("/projects/{}", p.id)>{p.title}</A>
                            <span class="muted small">{format!(" · #{} · {} · {}", p.id, p.status.label(), p.relation)}</span></li>
                    }).collect_view()}
                </ul>
            }.into_any() }}
        </section>
        <section class="card" aria-labelledby="person-agreements">
            <h2 id="person-agreements">"Agreements"</h2>
            {if f.agreements.is_empty() { view! { <p class="muted">"None."</p> }.into_any() } else { view! {
                <div class="table-wrap">
                    <table role="table" class="data money stack-on-phone" aria-label="Agreements">
                        <thead role="rowgroup"><tr role="row"><th role="columnheader" scope="col">"Project"</th><th role="columnheader" scope="col">"With"</th><th role="columnheader" scope="col">"Formula"</th>
                            <th role="columnheader" scope="col">"Status"</th><th role="columnheader" scope="col" class="num">"Amount"</th></tr></thead>
                        <tbody role="rowgroup">
                            {f.agreements.into_iter().map(|a| view! {
                                <tr role="row">
                                    <th role="rowheader" scope="row"><A href=format!("/projects/{}", a.project_id)>{a.title}</A></th>
                                    <td role="cell" data-label="With">{a.other_party}</td>
                                    <td role="cell" data-label="Formula">{if a.formula == "zero_risk" { "zero risk" } else { "basic" }}</td>
                                    <td role="cell" data-label="Status">{a.status}</td>
                                    <td role="cell" class="num" data-label="Amount">{super::lang::money(a.amount)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any() }}
        </section>
        {f.balances.map(|(consultation, offer, contact, money)| view! {
            <section class="card" aria-labelledby="person-ledger">
                <h2 id="person-ledger">"Credits and prepaid account"</h2>
                <p>{format!("Consultation {consultation} · offer {offer} · contact {contact} · account {}", super::lang::money_now(money))}</p>
                <ul class="history">
                    {f.ledger.into_iter().map(|l| view! {
                        <li><time>{l.at}</time>{format!(" · {} · {} {} → {}{}", l.kind, l.amount, l.unit, l.balance_after,
                            l.reason.map(|r| format!(" · {r}")).unwrap_or_default())}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section class="card" aria-labelledby="person-history">
            <h2 id="person-history">"Account history"</h2>
            {if f.events.is_empty() { view! { <p class="muted">"Nothing recorded yet."</p> }.into_any() } else { view! {
                <ul class="history" aria-label="Account history">
                    {f.events.into_iter().map(|e| view! {
                        <li><time>{e.at}</time>{format!(" · {} by {}: {}", e.kind.replace('_', " "), e.actor, e.reason)}</li>
                    }).collect_view()}
                </ul>
            }.into_any() }}
        </section>
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
        <Title text="Unpaid fees"/>
        <section>
            <h1>"Unpaid fees"</h1>
            <p class="muted">"Platform fees still due on signed agreements, oldest first. Payers are reminded 3, 7, 14, 21 and 30 days after the charge; a project is completed only once its fees are paid."</p>
            {move || waived().then(|| view! {
                <div class="notice success" role="status"><p>"The fee is waived: its payer owes nothing more on it and was told why. The fee ledger keeps the waiver and its reason."</p></div>
            })}
            {error.map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match fees.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <div class="empty"><p>"Every fee is paid."</p></div> }.into_any(),
                        Ok(list) => view! { <UnpaidFeesTable list/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UnpaidFeesTable(list: Vec<UnpaidFee>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table role="table" class="data money stack-on-phone" aria-label="Unpaid fees">
                <thead role="rowgroup"><tr role="row">
                    <th role="columnheader" scope="col">"Project"</th><th role="columnheader" scope="col">"Payer"</th><th role="columnheader" scope="col">"Fee"</th>
                    <th role="columnheader" scope="col">"Signed"</th><th role="columnheader" scope="col" class="num">"Age"</th>
                    <th role="columnheader" scope="col">"Deadline"</th><th role="columnheader" scope="col" class="num">"Reminders"</th>
                    <th role="columnheader" scope="col" class="num">"Due"</th><th role="columnheader" scope="col">"Waive"</th>
                </tr></thead>
                <tbody role="rowgroup">
                    {list.into_iter().map(|f| {
                        let form_id = format!("waive-{}-{}", f.project_id, f.kind.slug());
                        let label = format!("Reason for waiving the {} on project #{}", f.kind.label().to_lowercase(), f.project_id);
                        view! {
                            <tr role="row" class:overdue=f.overdue>
                                <th role="rowheader" scope="row"><A href=format!("/projects/{}", f.project_id)>{f.title}</A></th>
                                <td role="cell" data-label="Payer"><A href=format!("/staff/people/{}", f.payer_id)>{f.payer}</A></td>
                                <td role="cell" data-label="Fee">{super::labels::label(f.kind)}</td>
                                <td role="cell" class="when" data-label="Signed">{super::lang::stamp(f.since)}</td>
                                <td role="cell" class="num" data-label="Age">{format!("{} d", f.age_days)}</td>
                                <td role="cell" data-label="Deadline">{if f.overdue {
                                    view! { <span class="badge danger">{super::lang::deadline(f.deadline, true)}</span> }.into_any()
                                } else { view! { <span>{super::lang::deadline(f.deadline, false)}</span> }.into_any() }}</td>
                                <td role="cell" class="num" data-label="Reminders">{f.reminders}</td>
                                <td role="cell" class="num" data-label="Due">{super::lang::money(f.due)}</td>
                                <td role="cell" data-label="Waive">
                                    <details class="waive">
                                        <summary>"Waive…"</summary>
                                        <form method="post" action=WaiveFee::PATH>
                                            <input type="hidden" name="project_id" value=f.project_id/>
                                            <input type="hidden" name="kind" value=f.kind.slug()/>
                                            <label for=form_id.clone()>{label}</label>
                                            <textarea id=form_id name="reason" rows="2" required minlength="10" maxlength="2000"></textarea>
                                            <button type="submit" class="button danger">"Waive this fee"</button>
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
