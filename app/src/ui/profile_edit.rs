//! The profile editor: photo, what one says about oneself and, for a
//! provider, the portfolio. Every form posts natively (the photo and the
//! portfolio images as multipart uploads), so it all works without wasm.

use super::common::{CheckGroup, ErrorNotice, Loading, Posted};
use super::lang::{locale_of, say, use_page_lang};
use crate::api::profiles::{
    profile_editor, AddPortfolioItem, RemovePortfolioItem, RemoveProfileImage, SaveProfile,
};
use crate::domain::account::Role;
use crate::domain::catalog::{Region, Service};
use crate::domain::profile::{ImageRefusal, ProfileForm, MAX_ITEM_IMAGES};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::views::profiles::{PortfolioView, ProfileEdit};
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

const ACCEPT: &str = "image/jpeg,image/png,image/webp";

#[component]
pub fn ProfileEditPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| profile_editor());
    let query = use_query_map();
    let lang = use_page_lang();
    let outcome = move || {
        let q = query.read();
        let l = locale_of(lang.get());
        if let Some(code) = q.get("image") {
            return Some(match ImageRefusal::from_code(&code) {
                Some(r) => Err(say(lang.get(), &r.message())),
                None => Ok(td_string!(l, profile.done.image_saved).to_string()),
            });
        }
        q.get("done").map(|d| {
            Ok(match d.as_str() {
                "saved" => td_string!(l, profile.done.saved).to_string(),
                "added" => crate::tdf!(l, profile.done.added, max = MAX_ITEM_IMAGES),
                "removed" => td_string!(l, profile.done.removed).to_string(),
                _ => td_string!(l, profile.done.image_removed).to_string(),
            })
        })
    };
    view! {
        <Title text=tr!(profile.edit_title)/>
        <section class="narrow">
            <h1>{tr!(profile.edit_title)}</h1>
            {move || outcome().map(|o| match o {
                Ok(m) => view! { <div class="notice success" role="status"><p>{m}</p></div> }.into_any(),
                Err(m) => view! { <div class="notice error" role="alert"><p>{m}</p></div> }.into_any(),
            })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(p) => view! { <Editor p/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Editor(p: ProfileEdit) -> impl IntoView {
    let provider = p.role == Role::Provider;
    view! {
        <p><A href=format!("/people/{}", p.id)>{tr!(profile.see_mine)}</A></p>
        <PhotoCard photo=p.photo/>
        <AboutForm saved=p.form role=p.role/>
        {provider.then(|| view! { <Portfolio items=p.portfolio/> })}
    }
}

#[component]
fn PhotoCard(photo: Option<i64>) -> impl IntoView {
    view! {
        <section class="card" id="photo" aria-labelledby="photo-title">
            <h2 id="photo-title">{tr!(profile.photo)}</h2>
            {photo.map(|id| view! {
                <img class="avatar large" src=format!("/files/images/{id}?size=small") alt=tr!(profile.current_photo) width="128" height="128"/>
                <form method="post" action=RemoveProfileImage::PATH class="inline">
                    <input type="hidden" name="image_id" value=id/>
                    <button type="submit" class="button small ghost">{tr!(profile.remove_photo)}</button>
                </form>
            })}
            <form method="post" action="/files/profile/photo" enctype="multipart/form-data" class="upload">
                <label for="photo-file">{tr!(profile.photo_label)}</label>
                <input id="photo-file" type="file" name="image" accept=ACCEPT required/>
                <p class="hint">{tr!(profile.photo_hint)}</p>
                <button type="submit" class="button">{tr!(profile.upload_photo)}</button>
            </form>
        </section>
    }
}

/// The saved form, or what was just posted and refused.
fn typed(saved: &ProfileForm, posted: &Posted) -> ProfileForm {
    if posted.error().is_none() {
        return saved.clone();
    }
    ProfileForm {
        description: posted.value("description"),
        skills: posted.values("skills"),
        regions: posted.values("regions"),
        day_rate_min: posted.value("day_rate_min"),
        day_rate_max: posted.value("day_rate_max"),
        languages: posted.value("languages"),
        company: posted.value("company"),
        city: posted.value("city"),
    }
}

#[component]
fn AboutForm(saved: ProfileForm, role: Role) -> impl IntoView {
    let posted = Posted::of(SaveProfile::PATH);
    let error = posted.error();
    let f = typed(&saved, &posted);
    let general = error
        .as_ref()
        .filter(|e| !matches!(e, AppError::Invalid(_)))
        .cloned();
    let problem = |field: &str| super::lang::message_for(error.as_ref(), field);
    let skills = RwSignal::new(f.skills.clone());
    let regions = RwSignal::new(f.regions.clone());
    let services = super::labels::choices(Service::ALL, Service::slug);
    let region_list = super::labels::choices(Region::ALL, Region::slug);
    let skills_error = Signal::stored(problem("skills"));
    let regions_error = Signal::stored(problem("regions"));
    let fields = if role == Role::Provider {
        view! {
            <div class="field">
                <label for="about-description">{tr!(profile.description)}</label>
                <textarea id="about-description" name="description" rows="6" maxlength="3000">{f.description.clone()}</textarea>
                <FieldProblem message=problem("description")/>
            </div>
            <CheckGroup legend=tr!(profile.skills) name="skills" options=services selected=skills error=skills_error/>
            <CheckGroup legend=tr!(profile.regions) name="regions" options=region_list selected=regions error=regions_error/>
            <div class="field-row">
                <div class="field">
                    <label for="about-rate-min">{tr!(profile.rate_min)}</label>
                    <input id="about-rate-min" name="day_rate_min" inputmode="decimal" value=f.day_rate_min.clone()/>
                </div>
                <div class="field">
                    <label for="about-rate-max">{tr!(profile.rate_max)}</label>
                    <input id="about-rate-max" name="day_rate_max" inputmode="decimal" value=f.day_rate_max.clone()/>
                    <FieldProblem message=problem("day_rate_max")/>
                </div>
            </div>
            <div class="field">
                <label for="about-languages">{tr!(profile.languages)}</label>
                <input id="about-languages" name="languages" value=f.languages.clone() placeholder=tr!(profile.languages_example)/>
                <FieldProblem message=problem("languages")/>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="field">
                <label for="about-company">{tr!(profile.company)}</label>
                <input id="about-company" name="company" value=f.company.clone() autocomplete="organization"/>
                <FieldProblem message=problem("company")/>
            </div>
            <div class="field">
                <label for="about-city">{tr!(profile.city)}</label>
                <input id="about-city" name="city" value=f.city.clone() autocomplete="address-level2"/>
                <FieldProblem message=problem("city")/>
            </div>
        }
        .into_any()
    };
    view! {
        <form class="card" method="post" action=SaveProfile::PATH aria-labelledby="about-title">
            <h2 id="about-title">{tr!(profile.about)}</h2>
            {general.map(|e| view! { <ErrorNotice error=e/> })}
            {fields}
            <button type="submit" class="button primary">{tr!(profile.save)}</button>
        </form>
    }
}

#[component]
fn FieldProblem(message: Option<String>) -> impl IntoView {
    message.map(|m| view! { <p class="field-error" role="alert">{m}</p> })
}

#[component]
fn Portfolio(items: Vec<PortfolioView>) -> impl IntoView {
    let posted = Posted::of(AddPortfolioItem::PATH);
    let error = posted.error();
    let general = error
        .as_ref()
        .filter(|e| !matches!(e, AppError::Invalid(_)))
        .cloned();
    let problem = |field: &str| super::lang::message_for(error.as_ref(), field);
    view! {
        <section class="card" id="portfolio" aria-labelledby="portfolio-title">
            <h2 id="portfolio-title">{tr!(profile.portfolio)}</h2>
            {if items.is_empty() {
                view! { <p class="muted">{tr!(profile.no_item)}</p> }.into_any()
            } else {
                items.into_iter().map(|item| view! { <ItemEditor item/> }).collect_view().into_any()
            }}
            <form method="post" action=AddPortfolioItem::PATH aria-labelledby="add-item-title" class="add-item">
                <h3 id="add-item-title">{tr!(profile.add_item)}</h3>
                {general.map(|e| view! { <ErrorNotice error=e/> })}
                <div class="field">
                    <label for="item-title">{tr!(profile.item_title)}</label>
                    <input id="item-title" name="title" maxlength="120" value=posted.value("title")/>
                    <FieldProblem message=problem("title")/>
                </div>
                <div class="field">
                    <label for="item-text">{tr!(profile.item_text)}</label>
                    <textarea id="item-text" name="text" rows="3" maxlength="2000">{posted.value("text")}</textarea>
                    <FieldProblem message=problem("text")/>
                </div>
                <div class="field">
                    <label for="item-link">{tr!(profile.item_link)}</label>
                    <input id="item-link" name="link" type="url" placeholder="https://" value=posted.value("link")/>
                    <FieldProblem message=problem("link")/>
                </div>
                <button type="submit" class="button">{tr!(profile.add)}</button>
            </form>
        </section>
    }
}

#[component]
fn ItemEditor(item: PortfolioView) -> impl IntoView {
    let id = item.id;
    let full = item.images.len() >= MAX_ITEM_IMAGES;
    let file_id = format!("item-file-{id}");
    let (t1, t2) = (item.title.clone(), item.title.clone());
    let label = trf!(profile.image_for, title = t1);
    let remove = trf!(profile.remove_item, title = t2);
    view! {
        <article class="portfolio-item" id=format!("item-{id}") aria-label=item.title.clone()>
            <h3>{item.title.clone()}</h3>
            {(!item.text.is_empty()).then(|| view! { <p>{item.text.clone()}</p> })}
            {(!item.link.is_empty()).then(|| view! { <p><a href=item.link.clone() rel="nofollow noopener" target="_blank">{item.link.clone()}</a></p> })}
            <ul class="thumbs">
                {item.images.iter().map(|img| view! {
                    <li>
                        <img src=format!("/files/images/{img}?size=small") alt={ let t = item.title.clone(); trf!(profile.image_of, title = t) } width="160" height="120"/>
                        <form method="post" action=RemoveProfileImage::PATH>
                            <input type="hidden" name="image_id" value=*img/>
                            <button type="submit" class="button small ghost">{tr!(profile.remove)}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
            {if full {
                view! { <p class="muted small">{trf!(profile.images_full, max = MAX_ITEM_IMAGES)}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=format!("/files/profile/portfolio/{id}") enctype="multipart/form-data" class="upload">
                        <label for=file_id.clone()>{label}</label>
                        <input id=file_id type="file" name="image" accept=ACCEPT required/>
                        <button type="submit" class="button small">{tr!(profile.upload_image)}</button>
                    </form>
                }.into_any()
            }}
            <form method="post" action=RemovePortfolioItem::PATH>
                <input type="hidden" name="item_id" value=id/>
                <button type="submit" class="button small danger">{remove}</button>
            </form>
        </article>
    }
}
