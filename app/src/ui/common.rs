//! Pieces every page uses: messages, fields, badges.

use super::early_input::{keep_checked, keep_typed};
use crate::domain::project::ProjectStatus;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::A;

/// True once the wasm has hydrated the page. Forms that have no native post
/// (see `api::form`) wait for it, so that an early click does nothing
/// rather than submit them as a GET.
pub fn use_hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}

/// What a form posted without the wasm sent back in the page's address
/// (see `api::form`): its error and what was typed, for the form whose
/// server function has this path. Read once, the same way while rendering
/// on the server and while hydrating.
#[derive(Clone, Default)]
pub struct Posted {
    query: Option<leptos_router::params::ParamsMap>,
}

impl Posted {
    pub fn of(path: &'static str) -> Posted {
        let query = leptos_router::hooks::use_query_map().get_untracked();
        let mine = query.get("__path").is_some_and(|p| p == path);
        Posted {
            query: mine.then_some(query),
        }
    }

    /// The error the form's last native post met.
    pub fn error(&self) -> Option<AppError> {
        let raw = self.query.as_ref()?.get("__err")?;
        Some(crate::api::form::posted_error(&raw))
    }

    /// What was typed in `field`, or nothing.
    pub fn value(&self, field: &str) -> String {
        self.query
            .as_ref()
            .and_then(|q| q.get(&format!("{}{field}", crate::api::form::ECHO)))
            .unwrap_or_default()
    }

    /// Every value of a field that repeats (ticked boxes).
    pub fn values(&self, field: &str) -> Vec<String> {
        self.query
            .as_ref()
            .and_then(|q| q.get_all(&format!("{}{field}", crate::api::form::ECHO)))
            .unwrap_or_default()
    }
}

/// `data-hydrated` on a form that posts natively, once the wasm handles it
/// instead: what tests of early typing wait for (the button is enabled
/// either way).
pub fn hydrated_mark() -> impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static {
    let hydrated = use_hydrated();
    move || hydrated.get().then_some("true")
}

/// The error of a form's last result: the action's once it ran, before
/// that the one a native post of the form came back with.
pub fn form_error<T: Clone + Send + Sync + 'static>(
    posted: &Posted,
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    let before = posted.error();
    Signal::derive(move || match value.get() {
        Some(result) => result.err(),
        None => before.clone(),
    })
}

/// The error of an action's last result, if any.
pub fn last_error<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// The message for one field from an action's last error.
pub fn field_error(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<String>> {
    let i18n = super::lang::use_page_lang();
    Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.message_for(field))
            .map(|m| super::lang::say(i18n.get(), &m))
    })
}

/// A page-level error: what went wrong and what to do about it.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = super::lang::use_page_lang();
    let action = match &error {
        AppError::Unauthenticated => Some(view! {
            " "<A href="/login">{crate::tr!(common.log_in)}</A>" · "
            <A href="/signup">{crate::tr!(common.create_account)}</A>
        }),
        _ => None,
    };
    let text = move || super::lang::error_text(i18n.get(), &error);
    view! {
        <div class="notice error" role="alert">
            <p>{text}{action}</p>
        </div>
    }
}

/// Shows a form-level error: anything that is not tied to a visible field.
#[component]
pub fn FormError(
    error: Signal<Option<AppError>>,
    #[prop(into)] fields: Vec<&'static str>,
) -> impl IntoView {
    let i18n = super::lang::use_page_lang();
    move || {
        error.get().map(|e| match &e {
            AppError::Invalid(list) => {
                let other: Vec<_> = list
                    .iter()
                    .filter(|f| !fields.contains(&f.field.as_str()))
                    .map(|f| super::lang::say(i18n.get(), &f.message))
                    .collect();
                if other.is_empty() {
                    view! {
                        <div class="notice error" role="alert">
                            <p>{crate::tr!(errors.fix_fields)}</p>
                        </div>
                    }
                    .into_any()
                } else {
                    view! {
                        <div class="notice error" role="alert">
                            {other.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                        </div>
                    }
                    .into_any()
                }
            }
            _ => view! { <ErrorNotice error=e.clone()/> }.into_any(),
        })
    }
}

/// A labelled text input with its hint and error message.
#[component]
pub fn TextField(
    /// A text of the translation files (`tr!`), or plain words.
    #[prop(into)]
    label: Signal<&'static str>,
    name: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] inputmode: &'static str,
    /// Needed when one page has two forms with a field of the same name.
    #[prop(optional)]
    id: &'static str,
) -> impl IntoView {
    let id = if id.is_empty() {
        format!("field-{name}")
    } else {
        id.to_string()
    };
    let described = format!("{id}-hint {id}-error");
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=format!("{id}-hint")>{hint}</p> })}
            <input
                use:keep_typed=value
                id=id.clone()
                name=name
                type=kind
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldMessage id=format!("{id}-error") error/>
        </div>
    }
}

#[component]
pub fn FieldMessage(id: String, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id aria-live="polite">
            {move || error.get()}
        </p>
    }
}

/// Checkboxes for a fixed list, bound to a list of slugs.
#[component]
pub fn CheckGroup(
    #[prop(into)] legend: Signal<&'static str>,
    name: &'static str,
    /// Each box's value and its name (`labels::choices`).
    options: Vec<(&'static str, ArcSignal<&'static str>)>,
    selected: RwSignal<Vec<String>>,
    error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
) -> impl IntoView {
    let error_id = format!("field-{name}-error");
    let message_id = error_id.clone();
    view! {
        <fieldset class="field checks" class:has-error=move || error.get().is_some()
            aria-describedby=error_id.clone()>
            <legend>{legend}</legend>
            {hint.map(|hint| view! { <p class="hint">{hint}</p> })}
            <div class="check-grid">
                {options.into_iter().map(|(slug, label)| {
                    view! {
                        <label class="check">
                            <input
                                use:keep_checked=Callback::new(move |on: bool| set_member(selected, slug, on))
                                type="checkbox"
                                name=name
                                value=slug
                                checked=selected.read_untracked().iter().any(|s| s == slug)
                                prop:checked=move || selected.read().iter().any(|s| s == slug)
                                on:change=move |ev| set_member(selected, slug, event_target_checked(&ev))
                            />
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <FieldMessage id=message_id error/>
        </fieldset>
    }
}

/// Puts `slug` in the list or takes it out.
fn set_member(selected: RwSignal<Vec<String>>, slug: &str, on: bool) {
    selected.update(|list| {
        list.retain(|s| s != slug);
        if on {
            list.push(slug.to_string());
        }
    });
}

#[component]
pub fn StatusBadge(status: ProjectStatus) -> impl IntoView {
    view! { <span class=format!("badge status-{}", status.slug())>{super::labels::label(status)}</span> }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{crate::tr!(common.loading)}</p> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <leptos_meta::Title text=crate::tr!(common.not_found_title)/>
        <section class="narrow">
            <h1>{crate::tr!(common.not_found_title)}</h1>
            <p>{crate::tr!(common.not_found)}" "<A href="/">{crate::tr!(common.back_home)}</A></p>
        </section>
    }
}

/// Renders its children only in the browser, once the page has hydrated:
/// for panels that fetch per-viewer data client-side, so the server's HTML
/// and the hydrating client can never disagree about them.
#[component]
pub fn ClientOnly(children: ChildrenFn) -> impl IntoView {
    let hydrated = use_hydrated();
    move || hydrated.get().then(|| children())
}

/// A text to send (a question, an answer, a note), with its message when
/// the server refuses it.
#[component]
pub fn MessageForm(
    id: &'static str,
    label: ArcSignal<&'static str>,
    button: ArcSignal<&'static str>,
    body: RwSignal<String>,
    error: Signal<Option<AppError>>,
    #[prop(into)] pending: Signal<bool>,
    on_send: Callback<()>,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let i18n = super::lang::use_page_lang();
    let message = Signal::derive(move || {
        error
            .get()
            .map(|e| super::lang::field_or_error(i18n.get(), &e, "body"))
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

/// The badge of a certified provider, with the day it was granted.
#[component]
pub fn CertifiedBadge(since: time::Date) -> impl IntoView {
    view! {
        <span class="badge certified" title=crate::tr!(common.certified_title)>
            {crate::trf!(common.certified_since, since = super::lang::date(since)())}
        </span>
    }
}
