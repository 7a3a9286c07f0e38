//! A person's profile: name, role, the ratings received, and for oneself who may see it.

use super::common::{last_error, use_hydrated, CertifiedBadge, ErrorNotice, FormError, Loading};
use super::completion::Rating;
use super::early_input::keep_checked;
use crate::api::profiles::{person_profile, SetProfilePublic};
use crate::domain::account::Role;
use crate::views::profiles::{AboutView, PortfolioView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Whether `id` is the person signed in.
fn is_me(id: i64) -> bool {
    use_context::<super::session::Auth>()
        .and_then(|auth| auth.user.get_untracked())
        .and_then(|r| r.ok().flatten())
        .is_some_and(|me| me.id == id)
}

/// A provider chooses who sees their profile.
#[component]
fn Visibility(public: bool) -> impl IntoView {
    let action = ServerAction::<SetProfilePublic>::new();
    let chosen = RwSignal::new(public);
    let error = last_error(action.value());
    let hydrated = use_hydrated();
    let no_fields: Vec<&'static str> = vec![];
    view! {
        <section class="card" aria-labelledby="visibility-title">
            <h2 id="visibility-title">"Who sees this profile"</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(SetProfilePublic { public: chosen.get_untracked() });
            }>
                <FormError error fields=no_fields/>
                {move || matches!(action.value().get(), Some(Ok(()))).then(|| view! {
                    <div class="notice success" role="status"><p>"Saved."</p></div>
                })}
                <label class="check">
                    <input type="checkbox" name="public" use:keep_checked=Callback::new(move |on: bool| chosen.set(on)) prop:checked=move || chosen.get()
                        on:change=move |ev| chosen.set(event_target_checked(&ev))/>
                    <span>"Show my profile and ratings to every member. Otherwise only staff and the clients of projects I make offers on see it."</span>
                </label>
                <button type="submit" class="button" disabled=move || !hydrated.get() || action.pending().get()>"Save"</button>
            </form>
        </section>
    }
}

/// A profile and one's own profile editor: one lazy route (one wasm chunk)
/// for both paths, since they share their types.
#[component]
pub fn ProfileRoute() -> impl IntoView {
    let editor = leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
        .starts_with("/profile/");
    if editor {
        view! { <super::profile_edit::ProfileEditPage/> }.into_any()
    } else {
        view! { <ProfilePage/> }.into_any()
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let id = params
            .read()
            .get("id")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        person_profile(id)
    });
    view! {
        {move || match data.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! { <Title text="Profile"/><section class="narrow"><h1>"Profile"</h1><ErrorNotice error=e/></section> }.into_any(),
            Some(Ok(p)) => view! {
                <Title text=p.display_name.clone()/>
                <section class="narrow">
                    <header class="page-head">
                        <div>
                            <p class="muted">{format!("{} · member since {}", p.role.label(), p.member_since)}</p>
                            <h1>{p.display_name.clone()}</h1>
                        </div>
                        {p.average.clone().map(|a| view! { <span class="badge">{format!("★ {a} / 5 · {} rating{}", p.ratings.len(), if p.ratings.len() > 1 { "s" } else { "" })}</span> })}
                    </header>
                    {p.certified_since.map(|since| view! { <p><CertifiedBadge since/></p> })}
                    {is_me(p.id).then(|| view! { <p><leptos_router::components::A href="/profile/edit" attr:class="button">"Edit my profile"</leptos_router::components::A></p> })}
                    <About about=p.about.clone() name=p.display_name.clone()/>
                    {(p.role == Role::Provider && is_me(p.id)).then(|| view! {
                        <Visibility public=p.public/>
                        <p><leptos_router::components::A href="/certification">{if p.certified_since.is_some() { "Your certification" } else { "Get certified: apply with three client references" }}</leptos_router::components::A></p>
                    })}
                    {(!p.about.portfolio.is_empty()).then(|| view! { <PortfolioList items=p.about.portfolio.clone()/> })}
                    <section class="card">
                        <h2>"Ratings"</h2>
                        {if p.ratings.is_empty() {
                            view! { <p class="muted">"No rating yet."</p> }.into_any()
                        } else {
                            p.ratings.into_iter().map(|r| view! { <Rating rating=r/> }).collect_view().into_any()
                        }}
                    </section>
                </section>
            }.into_any(),
        }}
    }
}

/// What the person says about themself.
#[component]
fn About(about: AboutView, name: String) -> impl IntoView {
    let facts: Vec<(&'static str, String)> = [
        ("Skills", about.skills.join(", ")),
        ("Regions", about.regions.join(", ")),
        (
            "Day rate",
            about
                .day_rate
                .map(|(low, high)| {
                    format!(
                        "{} to {} a day",
                        super::lang::money_now(low),
                        super::lang::money_now(high)
                    )
                })
                .unwrap_or_default(),
        ),
        ("Languages", about.languages.join(", ")),
        ("Company", about.company.clone()),
        ("City", about.city.clone()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let empty = facts.is_empty() && about.description.is_empty() && about.photo.is_none();
    (!empty).then(|| view! {
        <section class="card about" aria-labelledby="about-title">
            <h2 id="about-title">"About"</h2>
            <div class="about-head">
                {about.photo.map(|id| view! {
                    <img class="avatar large" src=format!("/files/images/{id}") alt=format!("Photo of {name}") width="160" height="160"/>
                })}
                <div>
                    {(!about.description.is_empty()).then(|| view! { <p class="description">{about.description.clone()}</p> })}
                    <dl class="facts">
                        {facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
                    </dl>
                </div>
            </div>
        </section>
    })
}

#[component]
fn PortfolioList(items: Vec<PortfolioView>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="portfolio-title">
            <h2 id="portfolio-title">"Portfolio"</h2>
            <ul class="portfolio" aria-label="Portfolio">
                {items.into_iter().map(|item| view! {
                    <li class="portfolio-item">
                        <h3>{item.title.clone()}</h3>
                        {(!item.text.is_empty()).then(|| view! { <p>{item.text.clone()}</p> })}
                        {(!item.images.is_empty()).then(|| view! {
                            <ul class="thumbs">
                                {item.images.iter().map(|img| view! {
                                    <li><a href=format!("/files/images/{img}")>
                                        <img src=format!("/files/images/{img}?size=small") alt=format!("Image of “{}”", item.title) width="160" height="120" loading="lazy"/>
                                    </a></li>
                                }).collect_view()}
                            </ul>
                        })}
                        {(!item.link.is_empty()).then(|| view! { <p><a href=item.link.clone() rel="nofollow noopener" target="_blank">{item.link.clone()}</a></p> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
