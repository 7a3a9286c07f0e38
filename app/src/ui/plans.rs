//! The provider's plan, the questions thread and staff follow-up notes.

use super::common::{
    field_error, last_error, use_hydrated, ErrorNotice, FieldMessage, Loading, TextField,
};
use super::early_input::{keep_choice, keep_typed};
use crate::api::credits::new_key;
use crate::api::plans::{
    my_plans, project_files, project_notes, project_thread, AddProjectNote, SetPlanRenewal,
    SubscribePlan, WriteInThread,
};
use crate::error::AppError;
use crate::views::plans::{PlanView, SubscriptionView};
use leptos::prelude::*;

fn day(iso: &str) -> String {
    iso.chars().take(10).collect()
}

/// On the credits page: the current plan, or the plans to choose from.
/// `changed` is bumped after a payment so the balances reload.
#[component]
pub fn PlansPanel(changed: RwSignal<u32>) -> impl IntoView {
    let subscribe = ServerAction::<SubscribePlan>::new();
    let renewal = ServerAction::<SetPlanRenewal>::new();
    let reloads = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = subscribe.value().get() {
            reloads.update(|n| *n += 1);
            changed.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = renewal.value().get() {
            reloads.update(|n| *n += 1);
        }
    });
    let page = Resource::new(move || reloads.get(), |_| my_plans());
    let renewal_error = last_error(renewal.value());
    view! {
        <section class="card plans" aria-labelledby="plans-title">
            <h2 id="plans-title">"Your plan"</h2>
            {move || renewal_error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(p) => match p.current.filter(|c| c.status == "active") {
                            Some(current) => view! { <CurrentPlan current renewal/> }.into_any(),
                            None => view! { <ChoosePlan plans=p.plans subscribe/> }.into_any(),
                        },
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CurrentPlan(current: SubscriptionView, renewal: ServerAction<SetPlanRenewal>) -> impl IntoView {
    let hydrated = use_hydrated();
    let renews = current.renews;
    let end = day(&current.period_end);
    view! {
        <p>
            <strong>{format!("{} plan", current.plan.name)}</strong>
            {format!(" · {} every {} days · card ending {}", current.plan.price.display(), current.plan.period_days, current.card_last4)}
        </p>
        <p class="small">{format!(
            "This period: {} consultation, {} offer and {} contact credits{}.",
            current.plan.consultation, current.plan.offer, current.plan.contact,
            if current.plan.staff_notes { ", and staff's follow-up notes on projects" } else { "" }
        )}</p>
        <p role="status">{if renews {
            format!("Renews on {end}.")
        } else {
            format!("Renewal stopped: the plan ends on {end}. Your credits stay yours.")
        }}</p>
        <button class="button" disabled=move || !hydrated.get() || renewal.pending().get()
            on:click=move |_| { renewal.dispatch(SetPlanRenewal { renews: !renews }); }>
            {if renews { "Stop renewal" } else { "Resume renewal" }}
        </button>
    }
}

#[component]
fn ChoosePlan(plans: Vec<PlanView>, subscribe: ServerAction<SubscribePlan>) -> impl IntoView {
    let hydrated = use_hydrated();
    let chosen = RwSignal::new(plans.first().map(|p| p.slug.clone()).unwrap_or_default());
    let card = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    Effect::new(move |_| {
        if let Some(Ok(_)) = subscribe.value().get() {
            key.set_value(new_key());
        }
    });
    let error = last_error(subscribe.value());
    view! {
        <p class="muted small">"A plan gives you a bundle of each kind of credit every period and renews until you stop it."</p>
        <form on:submit=move |ev| {
            ev.prevent_default();
            subscribe.dispatch(SubscribePlan { plan: chosen.get_untracked(), card: card.get_untracked(), key: key.get_value() });
        }>
            <fieldset class="plan-grid">
                <legend class="visually-hidden">"Plan"</legend>
                {plans.into_iter().map(|p| {
                    let slug = p.slug.clone();
                    let slug2 = p.slug.clone();
                    view! {
                        <label class="plan-option" class:selected=move || chosen.get() == slug>
                            <input type="radio" name="plan" value=p.slug.clone()
                                use:keep_choice=Callback::new(move |v: String| if v != chosen.get_untracked() { chosen.set(v) })
                                prop:checked=move || chosen.get() == slug2
                                on:change=move |ev| chosen.set(event_target_value(&ev))/>
                            <span class="plan-name">{p.name.clone()}</span>
                            <span class="plan-price num">{format!("{} / {} days", p.price.display(), p.period_days)}</span>
                            <span class="small">{format!("{} consultation · {} offer · {} contact credits", p.consultation, p.offer, p.contact)}</span>
                            {p.staff_notes.then(|| view! { <span class="small">"Staff's follow-up notes on projects"</span> })}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || error.get().filter(|e| e.message_for("card").is_none()).map(|e| view! { <ErrorNotice error=e/> })}
            <TextField label="Card number for the plan" name="plan_card" inputmode="numeric" autocomplete="cc-number"
                value=card error=field_error(error, "card") hint="Test gateway: 4242 4242 4242 4242 pays."/>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || subscribe.pending().get()>
                "Subscribe and pay"
            </button>
        </form>
    }
}

/// The questions thread on a project page, for whoever may read it.
#[component]
pub fn ThreadPanel(project_id: i64) -> impl IntoView {
    let write = ServerAction::<WriteInThread>::new();
    let reloads = RwSignal::new(0u32);
    let body = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = write.value().get() {
            body.set(String::new());
            reloads.update(|n| *n += 1);
        }
    });
    let thread = LocalResource::new(move || {
        reloads.track();
        project_thread(project_id)
    });
    let error = last_error(write.value());
    view! {
        <section class="card thread" aria-labelledby="thread-title">
            <h2 id="thread-title">"Questions and answers"</h2>
            {move || match thread.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(AppError::Forbidden(m))) => view! { <p class="muted small">{m}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                Some(Ok(t)) => view! {
                    {if t.messages.is_empty() {
                        view! { <p class="muted small">"No question yet."</p> }.into_any()
                    } else {
                        view! {
                            <ol class="messages" aria-label="Messages">
                                {t.messages.into_iter().map(|m| view! {
                                    <li class="message" class:from-client=m.from_client class:mine=m.is_mine>
                                        <p class="small muted">
                                            <strong>{m.author_name.clone()}</strong>
                                            {if m.from_client { " (client) · " } else { " · " }}
                                            {m.at.replace('T', " ").chars().take(16).collect::<String>()}" UTC"
                                        </p>
                                        <p>{m.body.clone()}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    {t.can_write.then(|| view! {
                        <MessageForm id="thread-body" label="Your message" button="Send" body error
                            pending=write.pending()
                            on_send=Callback::new(move |()| {
                                write.dispatch(WriteInThread { project_id, body: body.get_untracked() });
                            })/>
                    })}
                }.into_any(),
            }}
        </section>
    }
}

/// Staff's follow-up notes: staff write them, Privilege providers read them.
#[component]
pub fn NotesPanel(project_id: i64, staff: bool) -> impl IntoView {
    let add = ServerAction::<AddProjectNote>::new();
    let reloads = RwSignal::new(0u32);
    let body = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            body.set(String::new());
            reloads.update(|n| *n += 1);
        }
    });
    let notes = LocalResource::new(move || {
        reloads.track();
        project_notes(project_id)
    });
    let error = last_error(add.value());
    view! {
        <section class="card notes" aria-labelledby="notes-title">
            <h2 id="notes-title">"Staff follow-up notes"</h2>
            {move || match notes.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(AppError::Forbidden(m))) => view! { <p class="muted small">{m}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted small">"No follow-up note yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="messages" aria-label="Notes">
                        {list.into_iter().map(|n| view! {
                            <li class="message">
                                <p class="small muted"><strong>{n.staff_name.clone()}</strong>" · "{n.at.replace('T', " ").chars().take(16).collect::<String>()}" UTC"</p>
                                <p>{n.body.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            {staff.then(|| view! {
                <MessageForm id="note-body" label="New note" button="Add the note" body error
                    pending=add.pending()
                    on_send=Callback::new(move |()| {
                        add.dispatch(AddProjectNote { project_id, body: body.get_untracked() });
                    })/>
            })}
        </section>
    }
}

/// The project's files: a list with downloads, and for its client a plain
/// upload form (it works without JavaScript; the outcome comes back in the
/// address as `?upload=`).
#[component]
pub fn FilesPanel(
    project_id: i64,
    /// Its client, before staff validated it: files come after validation.
    #[prop(optional)]
    awaiting_validation: bool,
) -> impl IntoView {
    use crate::domain::files::{size_display, UploadRefusal};
    let files = LocalResource::new(move || project_files(project_id));
    let query = leptos_router::hooks::use_query_map();
    let outcome = move || query.read().get("upload");
    view! {
        <section class="card files" aria-labelledby="files-title">
            <h2 id="files-title">"Files"</h2>
            {move || outcome().map(|code| match UploadRefusal::from_code(&code) {
                Some(r) => view! { <div class="notice error" role="alert"><p>{r.message()}</p></div> }.into_any(),
                None => view! { <div class="notice success" role="status"><p>"File uploaded."</p></div> }.into_any(),
            })}
            {move || match files.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(AppError::Forbidden(m))) => view! { <p class="muted small">{m}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                Some(Ok(f)) => view! {
                    {if f.files.is_empty() {
                        view! { <p class="muted small">"No file attached."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="file-list" aria-label="Attached files">
                                {f.files.into_iter().map(|file| view! {
                                    <li>
                                        <a href=format!("/files/{}", file.id) download=file.name.clone()>{file.name.clone()}</a>
                                        <span class="muted small">{format!(" · {} · {}", file.kind.label(), size_display(file.size_bytes))}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {(awaiting_validation && !f.can_upload).then(|| view! {
                        <p class="hint">"You can attach files (PDF, PNG or JPEG) once staff have validated the project."</p>
                    })}
                    {f.can_upload.then(|| view! {
                        <form method="post" action=format!("/files/projects/{project_id}") enctype="multipart/form-data" class="upload">
                            <div class="field">
                                <label for="file-input">"Add a file"</label>
                                <p class="hint">"PDF, PNG or JPEG, up to 5 MB. Providers read files once they unlock the full report."</p>
                                <input id="file-input" type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"/>
                            </div>
                            <button type="submit" class="button">"Upload"</button>
                        </form>
                    })}
                }.into_any(),
            }}
        </section>
    }
}

/// A text to send (a question, an answer, a note), with its message when
/// the server refuses it.
#[component]
fn MessageForm(
    id: &'static str,
    label: &'static str,
    button: &'static str,
    body: RwSignal<String>,
    error: Signal<Option<AppError>>,
    #[prop(into)] pending: Signal<bool>,
    on_send: Callback<()>,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let message = Signal::derive(move || {
        error
            .get()
            .map(|e| e.message_for("body").unwrap_or_else(|| e.to_string()))
    });
    view! {
        <form on:submit=move |ev| {
            ev.prevent_default();
            on_send.run(());
        }>
            <div class="field" class:has-error=move || message.get().is_some()>
                <label for=id>{label}</label>
                <textarea id=id rows="3" aria-describedby=format!("{id}-error")
                    use:keep_typed=body prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <FieldMessage id=format!("{id}-error") error=message/>
            </div>
            <button type="submit" class="button" disabled=move || !hydrated.get() || pending.get()>{button}</button>
        </form>
    }
}
