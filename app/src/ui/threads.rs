//! A project's questions-and-answers thread, for the client and providers who may ask.

use super::common::MessageForm;
use super::common::{last_error, ErrorNotice, Loading};
use super::lang::stamp_iso;
use crate::api::threads::{project_thread, WriteInThread};
use crate::error::AppError;
use crate::tr;
use leptos::prelude::*;

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
            <h2 id="thread-title">{tr!(project.thread_title)}</h2>
            {move || match thread.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(AppError::Forbidden(m))) => view! { <p class="muted small">{super::lang::said(m)}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                Some(Ok(t)) => view! {
                    {if t.messages.is_empty() {
                        view! { <p class="muted small">{tr!(project.no_question)}</p> }.into_any()
                    } else {
                        view! {
                            <ol class="messages" aria-label=tr!(project.messages)>
                                {t.messages.into_iter().map(|m| view! {
                                    <li class="message" class:from-client=m.from_client class:mine=m.is_mine>
                                        <p class="small muted">
                                            <strong>{m.author_name.clone()}</strong>
                                            {m.from_client.then(|| view! { " ("{tr!(escrow.side_client)}")" })}
                                            " · "{stamp_iso(&m.at)}
                                        </p>
                                        <p>{m.body.clone()}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    {t.can_write.then(|| view! {
                        <MessageForm id="thread-body" label=tr!(project.your_message) button=tr!(project.send) body error
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
