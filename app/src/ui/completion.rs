//! After the work: the client marks the project completed, then each party
//! rates the other once. Profiles show the ratings received.

use super::common::{field_error, last_error, use_hydrated, ErrorNotice, FormError, Loading};
use super::early_input::keep_typed;
use super::lang::{date, said};
use crate::api::completion::{project_completion, CompleteProject, RateParty};
use crate::domain::project::ProjectStatus;
use crate::error::AppError;
use crate::views::completion::{CompletionView, RatingView};
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_router::components::A;

fn stars(n: i16) -> String {
    let n = n.clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

#[component]
pub fn Rating(rating: RatingView) -> impl IntoView {
    let n = rating.stars;
    view! {
        <blockquote class="rating">
            <p><span class="stars" aria-label=trf!(project.stars_of_5, n = n)>{stars(rating.stars)}</span>
               " "{rating.comment.clone()}</p>
            <footer class="muted small">{format!("{} · {} · ", rating.rater_name, rating.project_title)}{date(rating.at.date())}</footer>
        </blockquote>
    }
}

/// For the two parties of a confirmed agreement; nothing for anyone else.
#[component]
pub fn CompletionPanel(project_id: i64) -> impl IntoView {
    let complete = ServerAction::<CompleteProject>::new();
    let rate = ServerAction::<RateParty>::new();
    let reloads = RwSignal::new(0u32);
    Effect::new(move |_| {
        // Both are read every time, so both stay tracked (no short circuit).
        let completed = complete.value().get().is_some_and(|r| r.is_ok());
        let rated = rate.value().get().is_some_and(|r| r.is_ok());
        if completed || rated {
            reloads.update(|n| *n += 1);
        }
    });
    let data = LocalResource::new(move || {
        reloads.track();
        project_completion(project_id)
    });
    view! {
        {move || match data.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(AppError::NotFound(_))) => ().into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
            Some(Ok(c)) => view! { <CompletionCard c complete rate/> }.into_any(),
        }}
    }
}

#[component]
fn CompletionCard(
    c: CompletionView,
    complete: ServerAction<CompleteProject>,
    rate: ServerAction<RateParty>,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let project_id = c.project_id;
    let complete_error = last_error(complete.value());
    let stars_value = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let rate_error = last_error(rate.value());
    let (name, their, profile) = (
        c.counterpart_name.clone(),
        c.counterpart_name.clone(),
        c.counterpart_name.clone(),
    );
    view! {
        <section class="card completion" aria-labelledby="completion-title">
            <h2 id="completion-title">{tr!(project.completion_title)}</h2>
            {(c.status == ProjectStatus::InProgress).then(|| view! {
                <FormError error=complete_error fields={Vec::<&'static str>::new()}/>
                {c.blocked_because.clone().map(|m| view! { <p class="muted small">{said(m)}</p> })}
                {c.can_complete.then(|| view! {
                    <button class="button primary" disabled=move || !hydrated.get() || complete.pending().get()
                        on:click=move |_| { complete.dispatch(CompleteProject { project_id }); }>{tr!(project.mark_completed)}</button>
                })}
            })}
            {(c.status == ProjectStatus::Completed).then(|| view! {
                <p>{tr!(project.completed)}</p>
                {match c.my_rating.clone() {
                    Some(r) => view! { <h3>{tr!(project.your_rating)}</h3><Rating rating=r/> }.into_any(),
                    None => view! {
                        <form on:submit=move |ev| {
                            ev.prevent_default();
                            rate.dispatch(RateParty { project_id, stars: stars_value.get_untracked().parse().unwrap_or(0), comment: comment.get_untracked() });
                        }>
                            <FormError error=rate_error fields=vec!["stars", "comment"]/>
                            <fieldset class="field">
                                <legend>{let name = name.clone(); trf!(project.rate, name = name.as_str())}</legend>
                                <div class="star-picker">
                                    {(1..=5).map(|n| view! {
                                        <label class="check"><input type="radio" name="stars" value=n.to_string()
                                            on:change=move |_| stars_value.set(n.to_string())/><span>{if n > 1 { trf!(project.stars, n = n).into_any() } else { tr!(project.one_star).into_any() }}</span></label>
                                    }).collect_view()}
                                </div>
                                <p class="field-error">{move || field_error(rate_error, "stars").get()}</p>
                            </fieldset>
                            <div class="field">
                                <label for="rating-comment">{tr!(project.comment)}</label>
                                <textarea id="rating-comment" rows="3" use:keep_typed=comment prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                                <p class="field-error">{move || field_error(rate_error, "comment").get()}</p>
                            </div>
                            <button type="submit" class="button primary" disabled=move || !hydrated.get() || rate.pending().get()>{tr!(project.send_rating)}</button>
                        </form>
                    }.into_any(),
                }}
                {c.their_rating.clone().map(|r| view! { <h3>{let their = their.clone(); trf!(project.their_rating, name = their.as_str())}</h3><Rating rating=r/> })}
            })}
            <p class="small"><A href=format!("/people/{}", c.counterpart_id)>{trf!(project.profile_of, name = profile.as_str())}</A></p>
        </section>
    }
}
