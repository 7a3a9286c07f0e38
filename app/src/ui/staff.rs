//! Staff: the validation queue.

use super::common::{form_error, hydrated_mark, ErrorNotice, Loading, Posted};
use super::early_input::keep_typed;
use crate::api::projects::{validation_queue, RejectProject, ValidateProject};
use crate::views::projects::ProjectView;
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
        Some("Project validated: it is now in the feed.")
    } else if landed.get("rejected").is_some() {
        Some("Project rejected: the client sees your reason.")
    } else {
        None
    });
    Effect::new(move |_| {
        if matches!(validate.value().get(), Some(Ok(_))) {
            notice.set(Some("Project validated: it is now in the feed."));
            reloads.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(reject.value().get(), Some(Ok(_))) {
            notice.set(Some("Project rejected: the client sees your reason."));
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
        <Title text="Validation queue"/>
        <section>
            <h1>"Validation queue"</h1>
            <p class="muted">"Oldest first. Validate a project to publish it, or reject it with a reason the client will read."</p>
            {move || notice.get().map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
            {move || validate_error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(q) if q.items.is_empty() => view! {
                            <div class="empty"><p>"Nothing is waiting for validation."</p></div>
                        }.into_any(),
                        Ok(q) => view! {
                            <p class="muted">{format!("{} waiting · page {} of {}", q.total, q.page, q.page_count)}</p>
                            {q.items.into_iter()
                                .map(|p| view! { <QueueItem project=p validate reject/> })
                                .collect_view()}
                            <nav class="pager" aria-label="Queue pages">
                                {(q.page > 1).then(|| view! { <A href=format!("/staff/queue?page={}", q.page - 1)>"Previous page"</A> })}
                                {(q.page < q.page_count).then(|| view! { <A href=format!("/staff/queue?page={}", q.page + 1)>"Next page"</A> })}
                            </nav>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
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
    let services = project
        .services
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join(", ");
    let title = project.title.clone();
    let reason_id = format!("reason-{id}");
    view! {
        <article class="card queue-item" aria-labelledby=format!("q-{id}")>
            <header>
                <h2 id=format!("q-{id}")><A href=format!("/projects/{id}")>{project.title.clone()}</A></h2>
                <span class="muted">{format!("#{id} · posted {} by {}", project.posted_age, project.client_name.clone().unwrap_or_default())}</span>
            </header>
            <dl class="facts">
                <div><dt>"Services"</dt><dd>{services}</dd></div>
                <div><dt>"Region"</dt><dd>{project.region.label()}</dd></div>
                <div><dt>"Budget"</dt><dd class="num">{format!("{} – {}", project.budget_min.display(), project.budget_max.display())}</dd></div>
                <div><dt>"Desired start"</dt><dd>{project.desired_start.clone()}</dd></div>
                <div><dt>"Client's phone"</dt><dd>{match project.client_phone.clone() {
                    Some(phone) => {
                        let dial = format!("tel:{}", phone.replace(' ', ""));
                        view! { <a href=dial>{phone}</a> }.into_any()
                    }
                    None => view! { <span class="muted">"not given"</span> }.into_any(),
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
                        aria-label=format!("Validate “{title}”")
                        disabled=move || validate.pending().get()>
                        "Validate"
                    </button>
                </form>
            </div>
            // A disclosure the browser opens by itself, so rejecting works
            // before the wasm has arrived and without JavaScript.
            <details class="reject" open=mine>
                <summary class="button ghost">"Reject…"</summary>
                <form class="reject-form" method="post" action=RejectProject::PATH
                    data-hydrated=hydrated_mark()
                    on:submit=move |ev| {
                        ev.prevent_default();
                        reject.dispatch(RejectProject { id, reason: reason.get_untracked() });
                    }>
                    <input type="hidden" name="id" value=id/>
                    <div class="field" class:has-error=move || reason_error.get().is_some()>
                        <label for=reason_id.clone()>"Reason for rejecting (the client will read it)"</label>
                        <textarea id=reason_id.clone() name="reason" rows="3"
                            aria-invalid=move || if reason_error.get().is_some() { "true" } else { "false" }
                            use:keep_typed=reason prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))>{reason.get_untracked()}</textarea>
                        <p class="field-error" aria-live="polite">{move || reason_error.get()}</p>
                    </div>
                    <button type="submit" class="button danger" disabled=move || reject.pending().get()>
                        "Reject project"
                    </button>
                </form>
            </details>
        </article>
    }
}
