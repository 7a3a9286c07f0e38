//! Log in and sign up.

use super::common::{field_error, form_error, hydrated_mark, FormError, Posted, TextField};
use super::early_input::keep_choice;
use super::session::Auth;
use crate::api::auth::{LogIn, SignUp};
use crate::views::account::CurrentUser;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use server_fn::ServerFn;

/// Where each role starts after logging in.
pub fn home_of(user: &CurrentUser) -> &'static str {
    user.role.home()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let action = ServerAction::<LogIn>::new();
    let posted = Posted::of(LogIn::PATH);
    let email = RwSignal::new(posted.value("email"));
    let password = RwSignal::new(String::new());
    let error = form_error(&posted, action.value());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(user)) = action.value().get() {
            auth.refresh();
            navigate(home_of(&user), Default::default());
        }
    });
    view! {
        <Title text="Log in"/>
        <section class="narrow card">
            <h1>"Log in"</h1>
            // Posts itself when the wasm is not there (yet): see `api::form`.
            <form method="post" action=LogIn::PATH data-hydrated=hydrated_mark() on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(LogIn { email: email.get_untracked(), password: password.get_untracked() });
            }>
                <FormError error fields=vec!["email", "password"]/>
                <TextField label="Email" name="email" kind="email" autocomplete="username" value=email
                    error=field_error(error, "email")/>
                <TextField label="Password" name="password" kind="password" autocomplete="current-password"
                    value=password error=field_error(error, "password")/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </form>
            <p class="muted">"New here? "<A href="/signup">"Create an account"</A></p>
        </section>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let action = ServerAction::<SignUp>::new();
    let posted = Posted::of(SignUp::PATH);
    let role = RwSignal::new(match posted.value("role").as_str() {
        "provider" => "provider".to_string(),
        _ => "client".to_string(),
    });
    let display_name = RwSignal::new(posted.value("display_name"));
    let email = RwSignal::new(posted.value("email"));
    let password = RwSignal::new(String::new());
    let error = form_error(&posted, action.value());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(user)) = action.value().get() {
            auth.refresh();
            navigate(home_of(&user), Default::default());
        }
    });
    let role_error = field_error(error, "role");
    let pick_role = Callback::new(move |v: String| {
        if v != role.get_untracked() {
            role.set(v)
        }
    });
    view! {
        <Title text="Sign up"/>
        <section class="narrow card">
            <h1>"Create your account"</h1>
            <form method="post" action=SignUp::PATH data-hydrated=hydrated_mark() on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(SignUp {
                    email: email.get_untracked(),
                    password: password.get_untracked(),
                    display_name: display_name.get_untracked(),
                    role: role.get_untracked(),
                });
            }>
                <FormError error fields=vec!["email", "password", "display_name", "role"]/>
                <fieldset class="field role-choice">
                    <legend>"I am"</legend>
                    <label class="choice">
                        <input type="radio" name="role" value="client"
                            use:keep_choice=pick_role
                            checked=role.get_untracked() == "client"
                            prop:checked=move || role.get() == "client"
                            on:change=move |_| role.set("client".into())/>
                        <span><strong>"A client"</strong>" — I post projects and choose a provider"</span>
                    </label>
                    <label class="choice">
                        <input type="radio" name="role" value="provider"
                            use:keep_choice=pick_role
                            checked=role.get_untracked() == "provider"
                            prop:checked=move || role.get() == "provider"
                            on:change=move |_| role.set("provider".into())/>
                        <span><strong>"A provider"</strong>" — I find projects and make offers"</span>
                    </label>
                    <p class="field-error">{move || role_error.get()}</p>
                </fieldset>
                <TextField label="Display name" name="display_name" autocomplete="name" value=display_name
                    hint="Shown to the people you work with." error=field_error(error, "display_name")/>
                <TextField label="Email" name="email" kind="email" autocomplete="email" value=email
                    error=field_error(error, "email")/>
                <TextField label="Password" name="password" kind="password" autocomplete="new-password"
                    value=password hint="At least 10 characters. A passphrase is best."
                    error=field_error(error, "password")/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating…" } else { "Create account" }}
                </button>
            </form>
            <p class="muted">"Already have an account? "<A href="/login">"Log in"</A></p>
        </section>
    }
}
