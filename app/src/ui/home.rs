//! The public home page.

use super::account::home_of;
use super::session::Auth;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = expect_context::<Auth>();
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{crate::tr!(home.title)}</h1>
            <p class="lead">{crate::tr!(home.lead)}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! {
                            <p><A href=home_of(&user) attr:class="button primary">{crate::tr!(home.workspace)}</A></p>
                        }.into_any(),
                        _ => view! {
                            <p class="actions">
                                <A href="/signup" attr:class="button primary">{crate::tr!(common.create_account)}</A>
                                <A href="/login" attr:class="button">{crate::tr!(common.log_in)}</A>
                            </p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section class="steps" aria-label=crate::tr!(home.how_it_works)>
            <article>
                <h2>{crate::tr!(home.post_title)}</h2>
                <p>{crate::tr!(home.post)}</p>
            </article>
            <article>
                <h2>{crate::tr!(home.checked_title)}</h2>
                <p>{crate::tr!(home.checked)}</p>
            </article>
            <article>
                <h2>{crate::tr!(home.matched_title)}</h2>
                <p>{crate::tr!(home.matched)}</p>
            </article>
        </section>
    }
}
