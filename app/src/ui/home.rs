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
            <h1>"Get projects done, with money you can trust."</h1>
            <p class="lead">
                "Clients post projects for free. Staff check every project before it goes live. "
                "Providers find the work that fits them and make offers."
            </p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! {
                            <p><A href=home_of(&user) attr:class="button primary">"Go to my workspace"</A></p>
                        }.into_any(),
                        _ => view! {
                            <p class="actions">
                                <A href="/signup" attr:class="button primary">"Create an account"</A>
                                <A href="/login" attr:class="button">"Log in"</A>
                            </p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section class="steps" aria-label="How it works">
            <article>
                <h2>"1. Post"</h2>
                <p>"Describe the work, the services it needs, where, when and your budget range."</p>
            </article>
            <article>
                <h2>"2. Checked"</h2>
                <p>"Staff validate each project, or tell you what to fix, before providers see it."</p>
            </article>
            <article>
                <h2>"3. Matched"</h2>
                <p>"Providers see published projects that fit their services, regions and budget, newest first."</p>
            </article>
        </section>
    }
}
