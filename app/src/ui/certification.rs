//! Certification: the provider's page (apply with client references, see
//! where it stands) and staff's queue (check references, certify or
//! refuse, revoke). Every form posts natively: it works without the wasm.

use super::common::{CertifiedBadge, ErrorNotice, Loading, Posted};
use crate::api::certification::{
    certification_status, staff_certifications, ApplyForCertification, CheckReference,
    DecideCertification, RevokeCertification,
};
use crate::domain::certification::{Outcome, Status, MIN_REFERENCES};
use crate::error::AppError;
use crate::views::certification::{ApplicationView, CertificationQueue, MyCertification};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

/// The provider's page and staff's queue: one lazy route (one wasm chunk)
/// for both paths, since they share most of their code.
#[component]
pub fn CertificationRoute() -> impl IntoView {
    let staff = leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
        .starts_with("/staff/");
    if staff {
        view! { <StaffCertificationsPage/> }.into_any()
    } else {
        view! { <CertificationPage/> }.into_any()
    }
}

/// Rows the application form offers: the three needed and one spare.
const FORM_ROWS: usize = 4;

#[component]
pub fn CertificationPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| certification_status());
    let query = use_query_map();
    let applied = move || query.read().get("done").as_deref() == Some("applied");
    view! {
        <Title text="Certification"/>
        <section class="narrow">
            <h1>"Certification"</h1>
            <p class="muted">"A certified provider shows the “Certified provider” badge on their profile, on their offers and in a client's list of contenders. To certify you, staff call at least three of your clients, who confirm the work you did for them."</p>
            {move || applied().then(|| view! {
                <div class="notice success" role="status"><p>"Your application is sent. Staff will call your references and tell you their decision."</p></div>
            })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(c) => view! { <MyStatus c/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn MyStatus(c: MyCertification) -> impl IntoView {
    let latest = c.latest.map(|a| {
        let (class, text) = match a.status {
            Status::Applied => (
                "notice info",
                format!(
                    "Under review since {}: staff are checking your references.",
                    a.applied_at
                ),
            ),
            Status::Certified => (
                "notice success",
                "You are a certified provider.".to_string(),
            ),
            Status::Refused => (
                "notice warning",
                format!(
                    "Your last application was refused: {}",
                    a.reason.clone().unwrap_or_default()
                ),
            ),
            Status::Revoked => (
                "notice warning",
                format!(
                    "Your certification was withdrawn: {}",
                    a.reason.clone().unwrap_or_default()
                ),
            ),
        };
        let badge = (a.status == Status::Certified)
            .then(|| a.decided_at.map(|d| d.date()))
            .flatten();
        view! {
            <section class="card" aria-labelledby="cert-status-title">
                <h2 id="cert-status-title">"Where it stands"</h2>
                <div class=class role="note"><p>{text}</p></div>
                {badge.map(|since| view! { <p><CertifiedBadge since/></p> })}
                <ReferencesTable a=a.clone() staff=false/>
            </section>
        }
    });
    view! {
        {latest}
        {c.can_apply.then(|| view! { <ApplyForm/> })}
    }
}

/// The application: three client references or more.
#[component]
fn ApplyForm() -> impl IntoView {
    let posted = Posted::of(ApplyForCertification::PATH);
    let error = posted.error();
    let i18n = super::lang::use_page_lang();
    let general = error.as_ref().and_then(|e| match e {
        AppError::Invalid(_) => e
            .message_for("references")
            .map(|m| super::lang::say(i18n.get(), &m)),
        other => Some(super::lang::error_text(i18n.get(), other)),
    });
    let fields = [
        ("name", "Client's name", "text", "name"),
        ("company", "Company", "text", "organization"),
        ("email", "Email", "email", "off"),
        ("phone", "Phone", "tel", "off"),
        ("project", "What you did for them", "text", "off"),
        ("amount", "Amount (€)", "text", "off"),
        ("year", "Year", "text", "off"),
    ];
    let values: Vec<Vec<String>> = fields.iter().map(|f| posted.values(f.0)).collect();
    view! {
        <form class="card" method="post" action=ApplyForCertification::PATH aria-labelledby="apply-title">
            <h2 id="apply-title">"Apply for certification"</h2>
            <p class="muted small">{format!("Give at least {MIN_REFERENCES} clients who can confirm your work; the fourth row is optional.")}</p>
            {general.map(|m| view! { <div class="notice error" role="alert"><p>{m}</p></div> })}
            {(0..FORM_ROWS).map(|i| {
                let n = i + 1;
                view! {
                    <fieldset class="reference">
                        <legend>{format!("Reference {n}")}{(n > MIN_REFERENCES).then_some(" (optional)")}</legend>
                        <div class="reference-grid">
                            {fields.iter().zip(values.iter()).map(|((name, label, kind, auto), vals)| {
                                let id = format!("ref-{n}-{name}");
                                let problem = error.as_ref().and_then(|e| e.message_for(&format!("{name}_{n}"))).map(|m| super::lang::say(i18n.get(), &m));
                                let value = vals.get(i).cloned().unwrap_or_default();
                                let invalid = problem.is_some().then_some("true");
                                view! {
                                    <div class="field">
                                        <label for=id.clone()>{*label}</label>
                                        <input id=id type=*kind name=*name autocomplete=*auto value=value aria-invalid=invalid/>
                                        {problem.map(|m| view! { <p class="field-error">{m}</p> })}
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit" class="button primary">"Send my application"</button>
        </form>
    }
}

/// An application's references; staff also see the checks' notes.
#[component]
fn ReferencesTable(a: ApplicationView, staff: bool) -> impl IntoView {
    let id = a.id;
    view! {
        <div class="table-wrap">
            <table role="table" class="data stack-on-phone" aria-label=format!("References of {}", a.provider_name)>
                <thead role="rowgroup"><tr role="row">
                    <th role="columnheader" scope="col">"Client"</th>
                    <th role="columnheader" scope="col">"Project"</th>
                    <th role="columnheader" scope="col" class="num">"Amount"</th>
                    <th role="columnheader" scope="col">"Check"</th>
                    {staff.then(|| view! { <th role="columnheader" scope="col">"Record a check"</th> })}
                </tr></thead>
                <tbody role="rowgroup">
                    {a.references.into_iter().map(|r| view! {
                        <tr role="row">
                            <th role="rowheader" scope="row">
                                {format!("{}. {} · {}", r.position, r.name, r.company)}
                                {staff.then(|| view! {
                                    <br/><a href=format!("mailto:{}", r.email)>{r.email.clone()}</a>
                                    " · "<a href=format!("tel:{}", r.phone.replace(' ', ""))>{r.phone.clone()}</a>
                                })}
                            </th>
                            <td role="cell" data-label="Project">{format!("{} ({})", r.project, r.year)}</td>
                            <td role="cell" class="num" data-label="Amount">{super::lang::money(r.amount)}</td>
                            <td role="cell" data-label="Check">
                                <span class=format!("badge outcome-{}", r.outcome.slug())>{r.outcome.label()}</span>
                                {r.checked.clone().map(|c| view! { <br/><small class="muted">{c}</small> })}
                                {(!r.notes.is_empty()).then(|| view! { <br/><small>{r.notes.clone()}</small> })}
                            </td>
                            {staff.then(|| view! { <td role="cell" data-label="Record a check"><CheckForm id position=r.position/></td> })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn CheckForm(id: i64, position: i32) -> impl IntoView {
    let outcome_id = format!("check-{id}-{position}");
    let notes_id = format!("notes-{id}-{position}");
    view! {
        <form class="check-form" method="post" action=CheckReference::PATH>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="position" value=position/>
            <label for=outcome_id.clone()>{format!("Outcome of reference {position}")}</label>
            <select id=outcome_id name="outcome">
                {[Outcome::Contacted, Outcome::Confirmed, Outcome::Refused].into_iter().map(|o| view! {
                    <option value=o.slug()>{o.label()}</option>
                }).collect_view()}
            </select>
            <label for=notes_id.clone()>{format!("Notes on reference {position}")}</label>
            <input id=notes_id name="notes" maxlength="1000"/>
            <button type="submit" class="button small">{format!("Record the check of reference {position}")}</button>
        </form>
    }
}

#[component]
pub fn StaffCertificationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| staff_certifications());
    let query = use_query_map();
    let done = move || {
        query.read().get("done").map(|d| match d.as_str() {
            "checked" => "The check is recorded in the application and the provider's history.",
            "certified" => {
                "Certified: the badge shows on the provider's profile, offers and contender lists."
            }
            "refused" => "Refused: the provider was told why and may apply again.",
            "revoked" => "Revoked: the badge is gone and the provider was told why.",
            _ => "Done.",
        })
    };
    let error = [
        CheckReference::PATH,
        DecideCertification::PATH,
        RevokeCertification::PATH,
    ]
    .into_iter()
    .find_map(|path| Posted::of(path).error());
    view! {
        <Title text="Certifications"/>
        <section>
            <h1>"Certifications"</h1>
            <p class="muted">{format!("Call each reference, record what they said, then certify once at least {MIN_REFERENCES} confirm, or refuse with a reason.")}</p>
            {move || done().map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
            {error.map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(q) => view! { <Queue q/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Queue(q: CertificationQueue) -> impl IntoView {
    view! {
        <h2>"Under review"</h2>
        {if q.waiting.is_empty() {
            view! { <div class="empty"><p>"No application is waiting."</p></div> }.into_any()
        } else {
            q.waiting.into_iter().map(|a| view! { <Application a/> }).collect_view().into_any()
        }}
        <section class="card" aria-labelledby="certified-title">
            <h2 id="certified-title">"Certified providers"</h2>
            {if q.certified.is_empty() {
                view! { <p class="muted">"Nobody is certified yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain certified-list" aria-label="Certified providers">
                        {q.certified.into_iter().map(|c| {
                            let reason_id = format!("revoke-{}", c.provider_id);
                            let summary = format!("Revoke {}…", c.provider_name);
                            let label = format!("Why {} is no longer certified", c.provider_name);
                            view! {
                                <li>
                                    <A href=format!("/staff/people/{}", c.provider_id)>{c.provider_name}</A>
                                    " "<CertifiedBadge since=c.since/>
                                    <details class="waive">
                                        <summary>{summary}</summary>
                                        <form method="post" action=RevokeCertification::PATH>
                                            <input type="hidden" name="provider_id" value=c.provider_id/>
                                            <label for=reason_id.clone()>{label}</label>
                                            <textarea id=reason_id name="reason" rows="2" required minlength="10" maxlength="1000"></textarea>
                                            <button type="submit" class="button danger">"Revoke the certification"</button>
                                        </form>
                                    </details>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Application(a: ApplicationView) -> impl IntoView {
    let (id, name) = (a.id, a.provider_name.clone());
    let enough = a.confirmed >= MIN_REFERENCES;
    let reason_id = format!("refuse-{id}");
    let certify = format!("Certify {name}");
    let why = format!("Why {name} is not certified (they will read it)");
    let heading = format!("Application from {name}");
    let facts = format!(
        "Applied {} · {} of {} references confirmed",
        a.applied_at,
        a.confirmed,
        a.references.len()
    );
    let person = format!("/staff/people/{}", a.provider_id);
    view! {
        <article class="card application" id=format!("application-{id}") aria-label=heading>
            <header class="page-head">
                <div>
                    <h3><A href=person>{name}</A></h3>
                    <p class="muted">{facts}</p>
                </div>
            </header>
            <ReferencesTable a staff=true/>
            <div class="decision">
                <form method="post" action=DecideCertification::PATH>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="certify" value="true"/>
                    <input type="hidden" name="reason" value=""/>
                    <button type="submit" class="button primary" disabled=!enough>{certify}</button>
                    {(!enough).then(|| view! { <p class="muted small">{format!("Certifying needs {MIN_REFERENCES} confirmed references.")}</p> })}
                </form>
                <details class="waive">
                    <summary>"Refuse…"</summary>
                    <form method="post" action=DecideCertification::PATH>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="certify" value="false"/>
                        <label for=reason_id.clone()>{why}</label>
                        <textarea id=reason_id name="reason" rows="2" required minlength="10" maxlength="1000"></textarea>
                        <button type="submit" class="button danger">"Refuse the application"</button>
                    </form>
                </details>
            </div>
        </article>
    }
}
