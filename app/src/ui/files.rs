//! A project's files: the list, downloads and the upload form.

use super::common::{ErrorNotice, Loading};
use crate::api::files::project_files;
use crate::error::AppError;
use crate::tr;
use leptos::prelude::*;

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
    use crate::domain::files::UploadRefusal;
    use crate::domain::words::{size_text, Label};
    let lang = super::lang::use_page_lang();
    let files = LocalResource::new(move || project_files(project_id));
    let query = leptos_router::hooks::use_query_map();
    let outcome = move || query.read().get("upload");
    view! {
        <section class="card files" aria-labelledby="files-title">
            <h2 id="files-title">{tr!(project.files.title)}</h2>
            {move || outcome().map(|code| match UploadRefusal::from_code(&code) {
                Some(r) => view! { <div class="notice error" role="alert"><p>{crate::ui::labels::label(r)}</p></div> }.into_any(),
                None => view! { <div class="notice success" role="status"><p>{tr!(project.files.uploaded)}</p></div> }.into_any(),
            })}
            {move || match files.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(AppError::Forbidden(m))) => view! { <p class="muted small">{super::lang::said(m)}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                Some(Ok(f)) => view! {
                    {if f.files.is_empty() {
                        view! { <p class="muted small">{tr!(project.files.none)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="file-list" aria-label=tr!(project.files.attached)>
                                {f.files.into_iter().map(|file| {
                                    let (kind, size) = (file.kind, file.size_bytes);
                                    view! {
                                        <li>
                                            <a href=format!("/files/{}", file.id) download=file.name.clone()>{file.name.clone()}</a>
                                            <span class="muted small">{move || format!(" · {} · {}", kind.text(super::lang::locale_of(lang.get())), size_text(lang.get(), size))}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {(awaiting_validation && !f.can_upload).then(|| view! {
                        <p class="hint">{tr!(project.files.after_validation)}</p>
                    })}
                    {f.can_upload.then(|| view! {
                        <form method="post" action=format!("/files/projects/{project_id}") enctype="multipart/form-data" class="upload">
                            <div class="field">
                                <label for="file-input">{tr!(project.files.add)}</label>
                                <p class="hint">{tr!(project.files.hint)}</p>
                                <input id="file-input" type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"/>
                            </div>
                            <button type="submit" class="button">{tr!(project.files.upload)}</button>
                        </form>
                    })}
                }.into_any(),
            }}
        </section>
    }
}
