//! The provider's pages: the feed and preferences.

use super::common::{
    field_error, last_error, use_hydrated, CheckGroup, ClientOnly, ErrorNotice, FormError, Loading,
    TextField,
};
use super::early_input::keep_typed;
use super::labels::{choices, label};
use super::lang::{age_text, money_range, stamp, use_page_lang};
use crate::api::preferences::{my_preferences, SavePreferences};
use crate::api::projects::{feed, hidden_projects, HideProject, UnhideProject};
use crate::domain::catalog::{Region, Service};
use crate::domain::feed::FeedForm;
use crate::views::projects::{FeedPage as Page, ProjectView};
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_query_map};
use server_fn::ServerFn;

#[component]
pub fn FeedPage() -> impl IntoView {
    let query = use_query_map();
    let request = move || {
        let q = query.read();
        let form = FeedForm {
            services: q.get_all("service").unwrap_or_default(),
            regions: q.get_all("region").unwrap_or_default(),
            budget_min: q.get("min").unwrap_or_default(),
            budget_max: q.get("max").unwrap_or_default(),
            words: q.get("q").unwrap_or_default(),
            page: q.get("page").unwrap_or_default(),
        };
        (form, q.get("all").is_none())
    };
    let page = Resource::new(request, |(form, use_preferences)| {
        feed(form, use_preferences)
    });
    view! {
        <Title text=tr!(common.nav.feed)/>
        <section>
            <div class="page-head">
                <h1>{tr!(feed.title)}</h1>
                <div class="actions">
                    <OpenById/>
                    <A href="/feed/hidden" attr:class="button small ghost">{tr!(feed.hidden)}</A>
                </div>
            </div>
            <HiddenNotice/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <ErrorNotice error=e/> <p><A href="/feed?all=1">{tr!(feed.show_all)}</A></p> }.into_any(),
                        Ok(p) => view! { <FeedBody page=p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn FeedBody(page: Page) -> impl IntoView {
    let applied = page.applied.clone();
    let query = use_query_map();
    let page_link = move |n: i64| {
        let mut q = query.get_untracked();
        q.replace("page", n.to_string());
        format!("/feed{}", q.to_query_string())
    };
    let (current, count) = (page.page, page.page_count);
    view! {
        <div class="feed-layout">
            <aside class="card filters" aria-label=tr!(feed.filters)>
                <h2>{tr!(feed.filters)}</h2>
                {page.from_preferences.then(|| view! {
                    <p class="hint">{tr!(feed.matching_before)}<A href="/preferences">{tr!(feed.matching_link)}</A>{tr!(feed.matching_after)}</p>
                })}
                <Form method="GET" action="/feed">
                    <input type="hidden" name="all" value="1"/>
                    <div class="field">
                        <label for="filter-q">{tr!(feed.words)}</label>
                        <input id="filter-q" type="search" name="q" value=applied.words.clone().unwrap_or_default()/>
                    </div>
                    <fieldset class="field checks">
                        <legend>{tr!(project.services)}</legend>
                        {Service::ALL.iter().map(|s| view! {
                            <label class="check">
                                <input type="checkbox" name="service" value=s.slug() checked=applied.services.contains(s)/>
                                <span>{label(*s)}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <fieldset class="field checks">
                        <legend>{tr!(feed.regions)}</legend>
                        {Region::ALL.iter().map(|r| view! {
                            <label class="check">
                                <input type="checkbox" name="region" value=r.slug() checked=applied.regions.contains(r)/>
                                <span>{label(*r)}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <div class="field-row">
                        <div class="field">
                            <label for="filter-min">{tr!(feed.budget_min)}</label>
                            <input id="filter-min" name="min" inputmode="decimal"
                                value=applied.budget_min.map(|m| m.to_string()).unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label for="filter-max">{tr!(feed.budget_max)}</label>
                            <input id="filter-max" name="max" inputmode="decimal"
                                value=applied.budget_max.map(|m| m.to_string()).unwrap_or_default()/>
                        </div>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button primary">{tr!(feed.apply)}</button>
                        <A href="/feed?all=1" attr:class="button ghost">{tr!(feed.clear)}</A>
                    </div>
                </Form>
            </aside>
            <div class="results">
                <p class="muted" role="status">
                    {match page.total {
                        0 => tr!(feed.none).into_any(),
                        1 => tr!(feed.one).into_any(),
                        n => trf!(feed.many, n = n).into_any(),
                    }}
                </p>
                <ul class="cards" aria-label=tr!(feed.projects)>
                    {page.items.into_iter().map(|p| view! { <FeedItem project=p/> }).collect_view()}
                </ul>
                {(count > 1).then(|| view! {
                    <nav class="pager" aria-label=tr!(feed.pages)>
                        {(current > 1).then(|| view! { <A href=page_link(current - 1) attr:rel="prev">{tr!(feed.newer)}</A> })}
                        <span>{trf!(feed.page_of, current = current, count = count)}</span>
                        {(current < count).then(|| view! { <A href=page_link(current + 1) attr:rel="next">{tr!(feed.older)}</A> })}
                    </nav>
                })}
            </div>
        </div>
    }
}

/// After hiding or showing a project again: what happened, and the way back.
#[component]
fn HiddenNotice() -> impl IntoView {
    let query = use_query_map();
    move || {
        let q = query.read();
        if let Some(id) = q.get("hidden") {
            Some(view! {
                <div class="notice success" role="status">
                    <form class="inline-form" method="post" action=UnhideProject::PATH>
                        <span>{let id = id.clone(); trf!(feed.hidden_notice, id = id.clone())}</span>
                        <input type="hidden" name="project_id" value=id.clone()/>
                        <input type="hidden" name="from" value="feed"/>
                        <button type="submit" class="button small">{tr!(feed.undo)}</button>
                        <A href="/feed/hidden">{tr!(feed.hidden)}</A>
                    </form>
                </div>
            }.into_any())
        } else {
            q.get("shown").map(|id| view! {
                <div class="notice success" role="status"><p>{trf!(feed.shown_notice, id = id.clone())}</p></div>
            }.into_any())
        }
    }
}

#[component]
fn FeedItem(project: ProjectView) -> impl IntoView {
    let p = project;
    let lang = use_page_lang();
    view! {
        <li class="card project-card">
            <form class="hide-form" method="post" action=HideProject::PATH>
                <input type="hidden" name="project_id" value=p.id/>
                <button type="submit" class="button small ghost" aria-label={let title = p.title.clone(); trf!(feed.hide_label, title = title.clone())}>
                    {tr!(feed.hide)}
                </button>
            </form>
            <h2><A href=format!("/projects/{}", p.id)>{p.title.clone()}</A></h2>
            <p class="muted small">
                {format!("#{} · ", p.id)}{label(p.region)}" · "
                {p.published_age.map(|a| trf!(feed.published, age = age_text(lang.get(), a)))}
            </p>
            <ul class="tags">
                {p.services.iter().map(|s| view! { <li class="tag">{label(*s)}</li> }).collect_view()}
            </ul>
            <p class="budget num">{money_range(p.budget_min, p.budget_max)}</p>
        </li>
    }
}

/// Go straight to a project by its number.
#[component]
fn OpenById() -> impl IntoView {
    let id = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let hydrated = use_hydrated();
    let navigate = use_navigate();
    let i18n = super::lang::use_page_lang();
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            match crate::api::projects::parse_project_id(&id.get_untracked()) {
                Ok(n) => { error.set(None); navigate(&format!("/projects/{n}"), Default::default()); }
                Err(e) => error.set(e.message_for("id").map(|m| super::lang::say(i18n.get(), &m))),
            }
        }>
            <label for="open-id">{tr!(feed.project_number)}</label>
            <input id="open-id" inputmode="numeric" size="8"
                aria-describedby="open-id-error"
                use:keep_typed=id prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/>
            <button type="submit" class="button small" disabled=move || !hydrated.get()>{tr!(feed.open)}</button>
            <p class="field-error" id="open-id-error" aria-live="polite">{move || error.get()}</p>
        </form>
    }
}

#[component]
pub fn PreferencesPage() -> impl IntoView {
    let save = ServerAction::<SavePreferences>::new();
    let current = Resource::new(|| (), |_| my_preferences());
    view! {
        <Title text=tr!(common.nav.preferences)/>
        <section class="narrow card">
            <h1>{tr!(feed.prefs_title)}</h1>
            <p class="muted">{tr!(feed.prefs_intro)}</p>
            // Who is signed in is known for sure only once hydrated.
            <ClientOnly>
                {move || {
                    let auth = use_context::<super::session::Auth>()?;
                    let me = auth.user.get()?.ok().flatten()?;
                    Some(view! {
                        <p><A href=format!("/people/{}", me.id)>{tr!(feed.your_profile)}</A>{tr!(feed.your_profile_after)}</p>
                    })
                }}
            </ClientOnly>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match current.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(prefs) => {
                            let services = RwSignal::new(prefs.services.iter().map(|s| s.slug().to_string()).collect::<Vec<_>>());
                            let regions = RwSignal::new(prefs.regions.iter().map(|r| r.slug().to_string()).collect::<Vec<_>>());
                            let min = RwSignal::new(prefs.budget_min.map(|m| m.to_string()).unwrap_or_default());
                            let max = RwSignal::new(prefs.budget_max.map(|m| m.to_string()).unwrap_or_default());
                            view! { <PreferencesForm save services regions min max/> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PreferencesForm(
    save: ServerAction<SavePreferences>,
    services: RwSignal<Vec<String>>,
    regions: RwSignal<Vec<String>>,
    min: RwSignal<String>,
    max: RwSignal<String>,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let error = last_error(save.value());
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    let service_options = choices(Service::ALL, Service::slug);
    let region_options = choices(Region::ALL, Region::slug);
    view! {
        <form on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(SavePreferences {
                services: services.get_untracked(),
                regions: regions.get_untracked(),
                budget_min: min.get_untracked(),
                budget_max: max.get_untracked(),
            });
        }>
            <FormError error fields=vec!["services", "regions", "budget_min", "budget_max"]/>
            {move || saved().then(|| view! {
                <div class="notice success" role="status"><p>{tr!(feed.prefs_saved)}" "<A href="/feed">{tr!(feed.see_matching)}</A></p></div>
            })}
            <CheckGroup legend=tr!(feed.services_offered) name="pref-services" options=service_options selected=services
                error=field_error(error, "services")/>
            <CheckGroup legend=tr!(feed.regions_worked) name="pref-regions" options=region_options selected=regions
                error=field_error(error, "regions")/>
            <div class="field-row">
                <TextField label=tr!(feed.budget_min) name="budget_min" inputmode="decimal" value=min
                    error=field_error(error, "budget_min")/>
                <TextField label=tr!(feed.budget_max) name="budget_max" inputmode="decimal" value=max
                    error=field_error(error, "budget_max")/>
            </div>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || save.pending().get()>
                {tr!(feed.prefs_save)}
            </button>
        </form>
    }
}

/// The projects a provider hid from their feed, each with the way back.
#[component]
pub fn HiddenProjectsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| hidden_projects());
    let query = use_query_map();
    view! {
        <Title text=tr!(feed.hidden)/>
        <section class="narrow">
            <div class="page-head">
                <h1>{tr!(feed.hidden)}</h1>
                <A href="/feed" attr:class="button">{tr!(feed.back)}</A>
            </div>
            {move || query.read().get("shown").map(|id| view! {
                <div class="notice success" role="status"><p>{trf!(feed.shown_notice, id = id.clone())}</p></div>
            })}
            <p class="muted">{tr!(feed.hidden_intro)}</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(items) if items.is_empty() => view! {
                            <div class="empty"><p>{tr!(feed.hidden_none)}</p></div>
                        }.into_any(),
                        Ok(items) => view! {
                            <ul class="cards" aria-label=tr!(feed.hidden)>
                                {items.into_iter().map(|h| {
                                    let title = h.title.clone();
                                    let label = trf!(feed.show_again_label, title = title.clone());
                                    let hidden = stamp(h.hidden_at);
                                    view! {
                                    <li class="card hidden-item">
                                        <div>
                                            <A href=format!("/projects/{}", h.project_id)>{h.title.clone()}</A>
                                            <p class="muted small">{format!("#{} · ", h.project_id)}{trf!(feed.hidden_on, when = hidden())}
                                                {(!h.open).then(|| view! { " · "{tr!(feed.closed)} })}</p>
                                        </div>
                                        <form class="inline" method="post" action=UnhideProject::PATH>
                                            <input type="hidden" name="project_id" value=h.project_id/>
                                            <button type="submit" class="button small" aria-label=label>{tr!(feed.show_again)}</button>
                                        </form>
                                    </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
