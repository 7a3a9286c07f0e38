//! The provider's pages: the feed and preferences.

use super::common::{
    field_error, last_error, use_hydrated, CheckGroup, ClientOnly, ErrorNotice, FormError, Loading,
    TextField,
};
use super::early_input::keep_typed;
use crate::api::preferences::{my_preferences, SavePreferences};
use crate::api::projects::{feed, hidden_projects, HideProject, UnhideProject};
use crate::domain::catalog::{Region, Service};
use crate::domain::feed::FeedForm;
use crate::views::projects::{FeedPage as Page, ProjectView};
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
        <Title text="Feed"/>
        <section>
            <div class="page-head">
                <h1>"Project feed"</h1>
                <div class="actions">
                    <OpenById/>
                    <A href="/feed/hidden" attr:class="button small ghost">"Hidden projects"</A>
                </div>
            </div>
            <HiddenNotice/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <ErrorNotice error=e/> <p><A href="/feed?all=1">"Show every project"</A></p> }.into_any(),
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
            <aside class="card filters" aria-label="Filters">
                <h2>"Filters"</h2>
                {page.from_preferences.then(|| view! {
                    <p class="hint">"Showing projects that match your "<A href="/preferences">"preferences"</A>"."</p>
                })}
                <Form method="GET" action="/feed">
                    <input type="hidden" name="all" value="1"/>
                    <div class="field">
                        <label for="filter-q">"Search words"</label>
                        <input id="filter-q" type="search" name="q" value=applied.words.clone().unwrap_or_default()/>
                    </div>
                    <fieldset class="field checks">
                        <legend>"Services"</legend>
                        {Service::ALL.iter().map(|s| view! {
                            <label class="check">
                                <input type="checkbox" name="service" value=s.slug() checked=applied.services.contains(s)/>
                                <span>{s.label()}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <fieldset class="field checks">
                        <legend>"Regions"</legend>
                        {Region::ALL.iter().map(|r| view! {
                            <label class="check">
                                <input type="checkbox" name="region" value=r.slug() checked=applied.regions.contains(r)/>
                                <span>{r.label()}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <div class="field-row">
                        <div class="field">
                            <label for="filter-min">"Budget at least (€)"</label>
                            <input id="filter-min" name="min" inputmode="decimal"
                                value=applied.budget_min.map(|m| m.to_string()).unwrap_or_default()/>
                        </div>
                        <div class="field">
                            <label for="filter-max">"Budget at most (€)"</label>
                            <input id="filter-max" name="max" inputmode="decimal"
                                value=applied.budget_max.map(|m| m.to_string()).unwrap_or_default()/>
                        </div>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button primary">"Apply filters"</button>
                        <A href="/feed?all=1" attr:class="button ghost">"Clear"</A>
                    </div>
                </Form>
            </aside>
            <div class="results">
                <p class="muted" role="status">
                    {match page.total {
                        0 => "No project matches these filters.".to_string(),
                        1 => "1 project".to_string(),
                        n => format!("{n} projects, newest first"),
                    }}
                </p>
                <ul class="cards" aria-label="Projects">
                    {page.items.into_iter().map(|p| view! { <FeedItem project=p/> }).collect_view()}
                </ul>
                {(count > 1).then(|| view! {
                    <nav class="pager" aria-label="Pages">
                        {(current > 1).then(|| view! { <A href=page_link(current - 1) attr:rel="prev">"← Newer"</A> })}
                        <span>{format!("Page {current} of {count}")}</span>
                        {(current < count).then(|| view! { <A href=page_link(current + 1) attr:rel="next">"Older →"</A> })}
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
                        <span>{format!("Project #{id} is hidden from your feed and your digest.")}</span>
                        <input type="hidden" name="project_id" value=id/>
                        <input type="hidden" name="from" value="feed"/>
                        <button type="submit" class="button small">"Undo"</button>
                        <A href="/feed/hidden">"Hidden projects"</A>
                    </form>
                </div>
            }.into_any())
        } else {
            q.get("shown").map(|id| view! {
                <div class="notice success" role="status"><p>{format!("Project #{id} is back in your feed.")}</p></div>
            }.into_any())
        }
    }
}

#[component]
fn FeedItem(project: ProjectView) -> impl IntoView {
    let p = project;
    view! {
        <li class="card project-card">
            <form class="hide-form" method="post" action=HideProject::PATH>
                <input type="hidden" name="project_id" value=p.id/>
                <button type="submit" class="button small ghost" aria-label=format!("Hide “{}” from my feed", p.title)>
                    "Hide"
                </button>
            </form>
            <h2><A href=format!("/projects/{}", p.id)>{p.title.clone()}</A></h2>
            <p class="muted small">
                {format!("#{} · {} · published {}", p.id, p.region.label(), p.published_age.clone().unwrap_or_default())}
            </p>
            <ul class="tags">
                {p.services.iter().map(|s| view! { <li class="tag">{s.label()}</li> }).collect_view()}
            </ul>
            <p class="budget num">{format!("{} – {}", p.budget_min.display(), p.budget_max.display())}</p>
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
            <label for="open-id">"Project number"</label>
            <input id="open-id" inputmode="numeric" size="8"
                aria-describedby="open-id-error"
                use:keep_typed=id prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/>
            <button type="submit" class="button small" disabled=move || !hydrated.get()>"Open"</button>
            <p class="field-error" id="open-id-error" aria-live="polite">{move || error.get()}</p>
        </form>
    }
}

#[component]
pub fn PreferencesPage() -> impl IntoView {
    let save = ServerAction::<SavePreferences>::new();
    let current = Resource::new(|| (), |_| my_preferences());
    view! {
        <Title text="Preferences"/>
        <section class="narrow card">
            <h1>"Your preferences"</h1>
            <p class="muted">"The feed shows projects matching these by default. Leave a part empty to see everything for it."</p>
            // Who is signed in is known for sure only once hydrated.
            <ClientOnly>
                {move || {
                    let auth = use_context::<super::session::Auth>()?;
                    let me = auth.user.get()?.ok().flatten()?;
                    Some(view! {
                        <p><A href=format!("/people/{}", me.id)>"Your profile"</A>" — choose who sees it."</p>
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
    let service_options: Vec<_> = Service::ALL.iter().map(|s| (s.slug(), s.label())).collect();
    let region_options: Vec<_> = Region::ALL.iter().map(|r| (r.slug(), r.label())).collect();
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
                <div class="notice success" role="status"><p>"Preferences saved. "<A href="/feed">"See matching projects"</A></p></div>
            })}
            <CheckGroup legend="Services I offer" name="pref-services" options=service_options selected=services
                error=field_error(error, "services")/>
            <CheckGroup legend="Regions I work in" name="pref-regions" options=region_options selected=regions
                error=field_error(error, "regions")/>
            <div class="field-row">
                <TextField label="Budget at least (€)" name="budget_min" inputmode="decimal" value=min
                    error=field_error(error, "budget_min")/>
                <TextField label="Budget at most (€)" name="budget_max" inputmode="decimal" value=max
                    error=field_error(error, "budget_max")/>
            </div>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || save.pending().get()>
                "Save preferences"
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
        <Title text="Hidden projects"/>
        <section class="narrow">
            <div class="page-head">
                <h1>"Hidden projects"</h1>
                <A href="/feed" attr:class="button">"Back to the feed"</A>
            </div>
            {move || query.read().get("shown").map(|id| view! {
                <div class="notice success" role="status"><p>{format!("Project #{id} is back in your feed.")}</p></div>
            })}
            <p class="muted">"Projects you hid leave your feed, your dashboard and your daily digest. Show one again at any time."</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(items) if items.is_empty() => view! {
                            <div class="empty"><p>"You have not hidden any project."</p></div>
                        }.into_any(),
                        Ok(items) => view! {
                            <ul class="cards" aria-label="Hidden projects">
                                {items.into_iter().map(|h| {
                                    let label = format!("Show “{}” in my feed again", h.title);
                                    view! {
                                    <li class="card hidden-item">
                                        <div>
                                            <A href=format!("/projects/{}", h.project_id)>{h.title.clone()}</A>
                                            <p class="muted small">{format!("#{} · hidden {}{}", h.project_id, h.hidden_at,
                                                if h.open { "" } else { " · no longer open" })}</p>
                                        </div>
                                        <form class="inline" method="post" action=UnhideProject::PATH>
                                            <input type="hidden" name="project_id" value=h.project_id/>
                                            <button type="submit" class="button small" aria-label=label>"Show again"</button>
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
