//! Staff: the validation queue.

use super::common::{form_error, hydrated_mark, ErrorNotice, Loading, Posted};
use super::early_input::keep_typed;
use super::labels::{label, Label};
use super::lang::{age_text, date_iso, locale_of, money_range};
use crate::api::projects::{validation_queue, RejectProject, ValidateProject};
use crate::views::projects::ProjectView;
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn QueuePage() -> impl IntoView {
    let validate = ServerAction::<ValidateProject>::new();
    let reject = ServerAction::<RejectProject>::new();
    // Reload the queue after a success only: a refused rejection keeps its
    // form open with the message beside it.
    let reloads = RwSignal::new(0u32);
    let query = use_query_map();
    // A decision posted without the wasm comes back to `?validated=1` or
    // `?rejected=1`.
    let landed = query.read_untracked();
    let notice = RwSignal::new(if landed.get("validated").is_some() {
        Some(Decision::Validated)
    } else if landed.get("rejected").is_some() {
        Some(Decision::Rejected)
    } else {
        None
    });
    Effect::new(move |_| {
        if matches!(validate.value().get(), Some(Ok(_))) {
            notice.set(Some(Decision::Validated));
            reloads.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(reject.value().get(), Some(Ok(_))) {
            notice.set(Some(Decision::Rejected));
            reloads.update(|n| *n += 1);
        }
    });
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok());
    let queue = Resource::new(
        move || (reloads.get(), page()),
        |(_, page)| validation_queue(page),
    );
    let validate_error = form_error(&Posted::of(ValidateProject::PATH), validate.value());
    view! {
        <Title text=tr!(common.nav.queue)/>
        <section>
            <h1>{tr!(common.nav.queue)}</h1>
            <p class="muted">{tr!(queue.intro)}</p>
            {move || notice.get().map(|m| view! { <div class="notice success" role="status"><p>{match m {
                Decision::Validated => tr!(queue.validated),
                Decision::Rejected => tr!(queue.rejected),
            }}</p></div> })}
            {move || validate_error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(q) if q.items.is_empty() => view! {
                            <div class="empty"><p>{tr!(queue.empty)}</p></div>
                        }.into_any(),
                        Ok(q) => view! {
                            <p class="muted">{trf!(queue.count, total = q.total, page = q.page, count = q.page_count)}</p>
                            {q.items.into_iter()
                                .map(|p| view! { <QueueItem project=p validate reject/> })
                                .collect_view()}
                            <nav class="pager" aria-label=tr!(queue.pages)>
                                {(q.page > 1).then(|| view! { <A href=format!("/staff/queue?page={}", q.page - 1)>{tr!(queue.previous)}</A> })}
                                {(q.page < q.page_count).then(|| view! { <A href=format!("/staff/queue?page={}", q.page + 1)>{tr!(queue.next)}</A> })}
                            </nav>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// What staff just decided, for the notice above the queue.
#[derive(Clone, Copy)]
enum Decision {
    Validated,
    Rejected,
}

#[component]
fn QueueItem(
    project: ProjectView,
    validate: ServerAction<ValidateProject>,
    reject: ServerAction<RejectProject>,
) -> impl IntoView {
    let id = project.id;
    // A rejection posted without the wasm comes back with its error and
    // reason for this item: its form opens again, still filled in.
    let posted = Posted::of(RejectProject::PATH);
    let mine = posted.value("id") == id.to_string();
    let reason = RwSignal::new(if mine {
        posted.value("reason")
    } else {
        String::new()
    });
    let before = if mine { posted.error() } else { None };
    let i18n = super::lang::use_page_lang();
    let reason_error = Signal::derive(move || {
        let error = match reject.value().get() {
            Some(result) => result
                .err()
                .filter(|_| reject.input().get().map(|i| i.id == id).unwrap_or(true)),
            None => before.clone(),
        };
        error.map(|e| super::lang::field_or_error(i18n.get(), &e, "reason"))
    });
    let services = project.services.clone();
    let services = move || {
        let l = locale_of(i18n.get());
        services
            .iter()
            .map(|s| s.text(l))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let client = project.client_name.clone().unwrap_or_default();
    let posted_age = project.posted_age;
    let title = project.title.clone();
    let reason_id = format!("reason-{id}");
    view! {
        <article class="card queue-item" aria-labelledby=format!("q-{id}")>
            <header>
                <h2 id=format!("q-{id}")><A href=format!("/projects/{id}")>{project.title.clone()}</A></h2>
                <span class="muted">{format!("#{id} · ")}{trf!(queue.posted_by, age = age_text(i18n.get(), posted_age), name = client.as_str())}</span>
            </header>
            <dl class="facts">
                <div><dt>{tr!(project.services)}</dt><dd>{services}</dd></div>
                <div><dt>{tr!(project.region)}</dt><dd>{label(project.region)}</dd></div>
                <div><dt>{tr!(project.col_budget)}</dt><dd class="num">{money_range(project.budget_min, project.budget_max)}</dd></div>
                <div><dt>{tr!(project.desired_start)}</dt><dd>{date_iso(&project.desired_start)}</dd></div>
                <div><dt>{tr!(project.client_phone)}</dt><dd>{match project.client_phone.clone() {
                    Some(phone) => {
                        let dial = format!("tel:{}", phone.replace(' ', ""));
                        view! { <a href=dial>{phone}</a> }.into_any()
                    }
                    None => view! { <span class="muted">{tr!(queue.no_phone)}</span> }.into_any(),
                }}</dd></div>
            </dl>
            <p class="description">{project.description.clone()}</p>
            <div class="actions">
                <form class="inline" method="post" action=ValidateProject::PATH on:submit=move |ev| {
                    ev.prevent_default();
                    validate.dispatch(ValidateProject { id });
                }>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button primary"
                        aria-label=trf!(queue.validate_label, title = title.as_str())
                        disabled=move || validate.pending().get()>
                        {tr!(queue.validate)}
                    </button>
                </form>
            </div>
            // A disclosure the browser opens by itself, so rejecting works
            // before the wasm has arrived and without JavaScript.
            <details class="reject" open=mine>
                <summary class="button ghost">{tr!(queue.reject_open)}</summary>
                <form class="reject-form" method="post" action=RejectProject::PATH
                    data-hydrated=hydrated_mark()
                    on:submit=move |ev| {
                        ev.prevent_default();
                        reject.dispatch(RejectProject { id, reason: reason.get_untracked() });
                    }>
                    <input type="hidden" name="id" value=id/>
                    <div class="field" class:has-error=move || reason_error.get().is_some()>
                        <label for=reason_id.clone()>{tr!(queue.reason)}</label>
                        <textarea id=reason_id.clone() name="reason" rows="3"
                            aria-invalid=move || if reason_error.get().is_some() { "true" } else { "false" }
                            use:keep_typed=reason prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))>{reason.get_untracked()}</textarea>
                        <p class="field-error" aria-live="polite">{move || reason_error.get()}</p>
                    </div>
                    <button type="submit" class="button danger" disabled=move || reject.pending().get()>
                        {tr!(queue.reject)}
                    </button>
                </form>
            </details>
        </article>
    }
}
