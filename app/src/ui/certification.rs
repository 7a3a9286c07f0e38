//! Certification: the provider's page (apply with client references, see
//! where it stands) and staff's queue (check references, certify or
//! refuse, revoke). Every form posts natively: it works without the wasm.

use super::common::{CertifiedBadge, ErrorNotice, Loading, Posted};
use super::labels::label;
use super::lang::{locale_of, money, use_page_lang};
use crate::api::certification::{
    certification_status, staff_certifications, ApplyForCertification, CheckReference,
    DecideCertification, RevokeCertification,
};
use crate::domain::certification::{Outcome, Status, MIN_REFERENCES};
use crate::error::AppError;
use crate::views::certification::{ApplicationView, CertificationQueue, MyCertification};
use crate::{tr, trf};
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
        <Title text=tr!(certification.title)/>
        <section class="narrow">
            <h1>{tr!(certification.title)}</h1>
            <p class="muted">{trf!(certification.intro, min = MIN_REFERENCES)}</p>
            {move || applied().then(|| view! {
                <div class="notice success" role="status"><p>{tr!(certification.applied)}</p></div>
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
    let lang = use_page_lang();
    let latest = c.latest.map(|a| {
        let (at, why) = (a.applied_at, a.reason.clone().unwrap_or_default());
        let class = match a.status {
            Status::Applied => "notice info",
            Status::Certified => "notice success",
            Status::Refused | Status::Revoked => "notice warning",
        };
        let status = a.status;
        let text = move || {
            let l = locale_of(lang.get());
            match status {
                Status::Applied => {
                    crate::tdf!(l, certification.under_review, since = lang.get().stamp(at))
                }
                Status::Certified => crate::i18n::td_string!(l, certification.certified).into(),
                Status::Refused => crate::tdf!(l, certification.refused, reason = why.as_str()),
                Status::Revoked => crate::tdf!(l, certification.revoked, reason = why.as_str()),
            }
        };
        let badge = (a.status == Status::Certified)
            .then(|| a.decided_at.map(|d| d.date()))
            .flatten();
        view! {
            <section class="card" aria-labelledby="cert-status-title">
                <h2 id="cert-status-title">{tr!(certification.where_it_stands)}</h2>
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
        ("name", tr!(certification.field.name), "text", "name"),
        (
            "company",
            tr!(certification.field.company),
            "text",
            "organization",
        ),
        ("email", tr!(certification.field.email), "email", "off"),
        ("phone", tr!(certification.field.phone), "tel", "off"),
        ("project", tr!(certification.field.project), "text", "off"),
        ("amount", tr!(certification.field.amount), "text", "off"),
        ("year", tr!(certification.field.year), "text", "off"),
    ];
    let values: Vec<Vec<String>> = fields.iter().map(|f| posted.values(f.0)).collect();
    view! {
        <form class="card" method="post" action=ApplyForCertification::PATH aria-labelledby="apply-title">
            <h2 id="apply-title">{tr!(certification.apply)}</h2>
            <p class="muted small">{trf!(certification.apply_hint, min = MIN_REFERENCES)}</p>
            {general.map(|m| view! { <div class="notice error" role="alert"><p>{m}</p></div> })}
            {(0..FORM_ROWS).map(|i| {
                let n = i + 1;
                view! {
                    <fieldset class="reference">
                        <legend>{if n > MIN_REFERENCES { trf!(certification.reference_optional, n = n).into_any() } else { trf!(certification.reference_n, n = n).into_any() }}</legend>
                        <div class="reference-grid">
                            {fields.iter().zip(values.iter()).map(|((name, label, kind, auto), vals)| {
                                let id = format!("ref-{n}-{name}");
                                let problem = error.as_ref().and_then(|e| e.message_for(&format!("{name}_{n}"))).map(|m| super::lang::say(i18n.get(), &m));
                                let value = vals.get(i).cloned().unwrap_or_default();
                                let invalid = problem.is_some().then_some("true");
                                view! {
                                    <div class="field">
                                        <label for=id.clone()>{label.clone()}</label>
                                        <input id=id type=*kind name=*name autocomplete=*auto value=value aria-invalid=invalid/>
                                        {problem.map(|m| view! { <p class="field-error">{m}</p> })}
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit" class="button primary">{tr!(certification.send)}</button>
        </form>
    }
}

/// An application's references; staff also see the checks' notes.
#[component]
fn ReferencesTable(a: ApplicationView, staff: bool) -> impl IntoView {
    let id = a.id;
    let lang = use_page_lang();
    let provider = a.provider_name.clone();
    view! {
        <div class="table-wrap" tabindex="0">
            <table role="table" class="data stack-on-phone" aria-label=trf!(certification.references_of, name = provider)>
                <thead><tr>
                    <th scope="col">{tr!(certification.col.client)}</th>
                    <th scope="col">{tr!(certification.col.project)}</th>
                    <th scope="col" class="num">{tr!(certification.col.amount)}</th>
                    <th scope="col">{tr!(certification.col.check)}</th>
                    {staff.then(|| view! { <th scope="col">{tr!(certification.col.record)}</th> })}
                </tr></thead>
                <tbody>
                    {a.references.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">
                                {format!("{}. {} · {}", r.position, r.name, r.company)}
                                {staff.then(|| view! {
                                    <br/><a href=format!("mailto:{}", r.email)>{r.email.clone()}</a>
                                    " · "<a href=format!("tel:{}", r.phone.replace(' ', ""))>{r.phone.clone()}</a>
                                })}
                            </th>
                            <td data-label=tr!(certification.col.project)>{format!("{} ({})", r.project, r.year)}</td>
                            <td class="num" data-label=tr!(certification.col.amount)>{money(r.amount)}</td>
                            <td data-label=tr!(certification.col.check)>
                                <span class=format!("badge outcome-{}", r.outcome.slug())>{label(r.outcome)}</span>
                                {r.checked.clone().map(|(at, by)| view! { <br/><small class="muted">{trf!(certification.checked_by, at = lang.get().stamp(at), name = by)}</small> })}
                                {(!r.notes.is_empty()).then(|| view! { <br/><small>{r.notes.clone()}</small> })}
                            </td>
                            {staff.then(|| view! { <td data-label=tr!(certification.col.record)><CheckForm id position=r.position/></td> })}
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
            <label for=outcome_id.clone()>{trf!(certification.outcome_of, n = position)}</label>
            <select id=outcome_id name="outcome">
                {[Outcome::Contacted, Outcome::Confirmed, Outcome::Refused].into_iter().map(|o| view! {
                    <option value=o.slug()>{label(o)}</option>
                }).collect_view()}
            </select>
            <label for=notes_id.clone()>{trf!(certification.notes_of, n = position)}</label>
            <input id=notes_id name="notes" maxlength="1000"/>
            <button type="submit" class="button small">{trf!(certification.record, n = position)}</button>
        </form>
    }
}

#[component]
pub fn StaffCertificationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| staff_certifications());
    let query = use_query_map();
    let lang = use_page_lang();
    let done = move || {
        let l = locale_of(lang.get());
        query.read().get("done").map(|d| match d.as_str() {
            "checked" => crate::i18n::td_string!(l, certification.done.checked),
            "certified" => crate::i18n::td_string!(l, certification.done.certified),
            "refused" => crate::i18n::td_string!(l, certification.done.refused),
            "revoked" => crate::i18n::td_string!(l, certification.done.revoked),
            _ => crate::i18n::td_string!(l, certification.done.other),
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
        <Title text=tr!(certification.staff_title)/>
        <section>
            <h1>{tr!(certification.staff_title)}</h1>
            <p class="muted">{trf!(certification.staff_intro, min = MIN_REFERENCES)}</p>
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
        <h2>{tr!(certification.under_review_title)}</h2>
        {if q.waiting.is_empty() {
            view! { <div class="empty"><p>{tr!(certification.none_waiting)}</p></div> }.into_any()
        } else {
            q.waiting.into_iter().map(|a| view! { <Application a/> }).collect_view().into_any()
        }}
        <section class="card" aria-labelledby="certified-title">
            <h2 id="certified-title">{tr!(certification.certified_title)}</h2>
            {if q.certified.is_empty() {
                view! { <p class="muted">{tr!(certification.nobody)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain certified-list" aria-label=tr!(certification.certified_title)>
                        {q.certified.into_iter().map(|c| {
                            let reason_id = format!("revoke-{}", c.provider_id);
                            let (n1, n2) = (c.provider_name.clone(), c.provider_name.clone());
                            let summary = trf!(certification.revoke_summary, name = n1);
                            let label = trf!(certification.revoke_why, name = n2);
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
                                            <button type="submit" class="button danger">{tr!(certification.revoke)}</button>
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
    let lang = use_page_lang();
    let reason_id = format!("refuse-{id}");
    let (n1, n2, n3) = (name.clone(), name.clone(), name.clone());
    let certify = trf!(certification.certify, name = n1);
    let why = trf!(certification.refuse_why, name = n2);
    let heading = trf!(certification.application_from, name = n3);
    let (applied, confirmed, total) = (a.applied_at, a.confirmed, a.references.len());
    let facts = trf!(
        certification.facts,
        at = lang.get().stamp(applied),
        confirmed = confirmed,
        total = total
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
                    {(!enough).then(|| view! { <p class="muted small">{trf!(certification.needs, min = MIN_REFERENCES)}</p> })}
                </form>
                <details class="waive">
                    <summary>{tr!(certification.refuse_summary)}</summary>
                    <form method="post" action=DecideCertification::PATH>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="certify" value="false"/>
                        <label for=reason_id.clone()>{why}</label>
                        <textarea id=reason_id name="reason" rows="2" required minlength="10" maxlength="1000"></textarea>
                        <button type="submit" class="button danger">{tr!(certification.refuse)}</button>
                    </form>
                </details>
            </div>
        </article>
    }
}
