//! Staff follow-up notes on a project.

use super::common::MessageForm;
use super::common::{last_error, ErrorNotice, Loading};
use super::lang::stamp_iso;
use crate::api::notes::{project_notes, AddProjectNote};
use crate::error::AppError;
use crate::tr;
use leptos::prelude::*;

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
            <h2 id="notes-title">{tr!(project.notes_title)}</h2>
            {move || match notes.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(AppError::Forbidden(m))) => view! { <p class="muted small">{super::lang::said(m)}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted small">{tr!(project.no_note)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="messages" aria-label=tr!(project.notes)>
                        {list.into_iter().map(|n| view! {
                            <li class="message">
                                <p class="small muted"><strong>{n.staff_name.clone()}</strong>" · "{stamp_iso(&n.at)}</p>
                                <p>{n.body.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            {staff.then(|| view! {
                <MessageForm id="note-body" label=tr!(project.new_note) button=tr!(project.add_note) body error
                    pending=add.pending()
                    on_send=Callback::new(move |()| {
                        add.dispatch(AddProjectNote { project_id, body: body.get_untracked() });
                    })/>
            })}
        </section>
    }
}
