//! A person's profile: name, role, the ratings received, and for oneself who may see it.

use super::common::{last_error, use_hydrated, CertifiedBadge, ErrorNotice, FormError, Loading};
use super::completion::Rating;
use super::early_input::keep_checked;
use super::lang::{locale_of, use_page_lang};
use crate::api::profiles::{person_profile, SetProfilePublic};
use crate::domain::account::Role;
use crate::domain::locale::Lang;
use crate::domain::words::Label;
use crate::i18n::td_string;
use crate::views::profiles::{AboutView, PortfolioView};
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Average stars in tenths, written the reader's way: "4,5" or "4.5".
fn stars(lang: Lang, tenths: u32) -> String {
    let point = if lang == Lang::Fr { ',' } else { '.' };
    format!("{}{point}{}", tenths / 10, tenths % 10)
}

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
            <h2 id="visibility-title">{tr!(profile.who_sees)}</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(SetProfilePublic { public: chosen.get_untracked() });
            }>
                <FormError error fields=no_fields/>
                {move || matches!(action.value().get(), Some(Ok(()))).then(|| view! {
                    <div class="notice success" role="status"><p>{tr!(profile.saved)}</p></div>
                })}
                <label class="check">
                    <input type="checkbox" name="public" use:keep_checked=Callback::new(move |on: bool| chosen.set(on)) prop:checked=move || chosen.get()
                        on:change=move |ev| chosen.set(event_target_checked(&ev))/>
                    <span>{tr!(profile.public_label)}</span>
                </label>
                <button type="submit" class="button" disabled=move || !hydrated.get() || action.pending().get()>{tr!(profile.save_short)}</button>
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
    let lang = use_page_lang();
    view! {
        {move || match data.get() {
            // Read in the browser: the page the server sends has a title
            // of its own until the person's name arrives.
            None => view! { <Title text=tr!(profile.title)/><Loading/> }.into_any(),
            Some(Err(e)) => view! { <Title text=tr!(profile.title)/><section class="narrow"><h1>{tr!(profile.title)}</h1><ErrorNotice error=e/></section> }.into_any(),
            Some(Ok(p)) => view! {
                <Title text=p.display_name.clone()/>
                <section class="narrow">
                    <header class="page-head">
                        <div>
                            <p class="muted">{trf!(profile.member_since, role = p.role.text(locale_of(lang.get())), since = lang.get().date(p.member_since))}</p>
                            <h1>{p.display_name.clone()}</h1>
                        </div>
                        {p.average.map(|a| {
                            let n = p.ratings.len();
                            view! { <span class="badge">{move || if n > 1 {
                                crate::tdf!(locale_of(lang.get()), profile.average_many, stars = stars(lang.get(), a), n = n)
                            } else {
                                crate::tdf!(locale_of(lang.get()), profile.average_one, stars = stars(lang.get(), a))
                            }}</span> }
                        })}
                    </header>
                    {p.certified_since.map(|since| view! { <p><CertifiedBadge since/></p> })}
                    {is_me(p.id).then(|| view! { <p><leptos_router::components::A href="/profile/edit" attr:class="button">{tr!(profile.edit_title)}</leptos_router::components::A></p> })}
                    <About about=p.about.clone() name=p.display_name.clone()/>
                    {(p.role == Role::Provider && is_me(p.id)).then(|| view! {
                        <Visibility public=p.public/>
                        <p><leptos_router::components::A href="/certification">{if p.certified_since.is_some() { tr!(profile.your_certification) } else { tr!(profile.get_certified) }}</leptos_router::components::A></p>
                    })}
                    {(!p.about.portfolio.is_empty()).then(|| view! { <PortfolioList items=p.about.portfolio.clone()/> })}
                    <section class="card">
                        <h2>{tr!(profile.ratings)}</h2>
                        {if p.ratings.is_empty() {
                            view! { <p class="muted">{tr!(profile.no_rating)}</p> }.into_any()
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
    let lang = use_page_lang();
    let AboutView {
        description,
        skills,
        regions,
        day_rate,
        languages,
        company,
        city,
        photo,
        ..
    } = about;
    let empty = skills.is_empty()
        && regions.is_empty()
        && day_rate.is_none()
        && languages.is_empty()
        && company.is_empty()
        && city.is_empty()
        && description.is_empty()
        && photo.is_none();
    let facts = move || {
        let lang = lang.get();
        let l = locale_of(lang);
        let join = |names: Vec<&str>| names.join(", ");
        let rate = day_rate.map(|(low, high)| {
            crate::tdf!(
                l,
                profile.rate_range,
                low = lang.money(low),
                high = lang.money(high)
            )
        });
        [
            (
                td_string!(l, profile.skills),
                join(skills.iter().map(|s| s.text(l)).collect()),
            ),
            (
                td_string!(l, profile.regions_short),
                join(regions.iter().map(|r| r.text(l)).collect()),
            ),
            (td_string!(l, profile.day_rate), rate.unwrap_or_default()),
            (td_string!(l, profile.languages_short), languages.join(", ")),
            (td_string!(l, profile.company), company.clone()),
            (td_string!(l, profile.city), city.clone()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> })
        .collect_view()
    };
    (!empty).then(|| view! {
        <section class="card about" aria-labelledby="about-title">
            <h2 id="about-title">{tr!(profile.about_title)}</h2>
            <div class="about-head">
                {photo.map(|id| view! {
                    <img class="avatar large" src=format!("/files/images/{id}") alt={ let n = name.clone(); trf!(profile.photo_of, name = n) } width="160" height="160"/>
                })}
                <div>
                    {(!description.is_empty()).then(|| view! { <p class="description">{description.clone()}</p> })}
                    <dl class="facts">{facts}</dl>
                </div>
            </div>
        </section>
    })
}

#[component]
fn PortfolioList(items: Vec<PortfolioView>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="portfolio-title">
            <h2 id="portfolio-title">{tr!(profile.portfolio)}</h2>
            <ul class="portfolio" aria-label=tr!(profile.portfolio)>
                {items.into_iter().map(|item| view! {
                    <li class="portfolio-item">
                        <h3>{item.title.clone()}</h3>
                        {(!item.text.is_empty()).then(|| view! { <p>{item.text.clone()}</p> })}
                        {(!item.images.is_empty()).then(|| view! {
                            <ul class="thumbs">
                                {item.images.iter().map(|img| view! {
                                    <li><a href=format!("/files/images/{img}")>
                                        <img src=format!("/files/images/{img}?size=small") alt={ let t = item.title.clone(); trf!(profile.image_of, title = t) } width="160" height="120" loading="lazy"/>
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
