//! Log in, sign up, confirm one's email, and choose a new password.

use super::common::{field_error, form_error, hydrated_mark, FormError, Posted, TextField};
use super::early_input::{keep_checked, keep_choice};
use super::session::Auth;
use crate::api::auth::{LogIn, RequestReset, ResetPassword, SignUp, VerifyEmail};
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
    let (logging_in, log_in) = (crate::tr!(auth.logging_in), crate::tr!(auth.log_in));
    view! {
        <Title text=crate::tr!(auth.log_in_title)/>
        <section class="narrow card">
            <h1>{crate::tr!(auth.log_in_title)}</h1>
            {query_flag("welcome").then(|| view! {
                <div class="notice success" role="status">
                    <p>{crate::tr!(auth.welcome)}</p>
                </div>
            })}
            {query_flag("everywhere").then(|| view! {
                <div class="notice success" role="status">
                    <p>{crate::tr!(auth.signed_out_everywhere)}</p>
                </div>
            })}
            {query_flag("deleted").then(|| view! {
                <div class="notice success" role="status">
                    <p>{crate::tr!(auth.deleted)}</p>
                </div>
            })}
            {query_flag("reset").then(|| view! {
                <div class="notice success" role="status">
                    <p>{crate::tr!(auth.password_reset)}</p>
                </div>
            })}
            // Posts itself when the wasm is not there (yet): see `api::form`.
            <form method="post" action=LogIn::PATH data-hydrated=hydrated_mark() on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(LogIn { email: email.get_untracked(), password: password.get_untracked() });
            }>
                <FormError error fields=vec!["email", "password"]/>
                <TextField label=crate::tr!(auth.email) name="email" kind="email" autocomplete="username" value=email
                    error=field_error(error, "email")/>
                <TextField label=crate::tr!(auth.password) name="password" kind="password" autocomplete="current-password"
                    value=password error=field_error(error, "password")/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { logging_in.get() } else { log_in.get() }}
                </button>
            </form>
            <p class="muted">
                <A href="/forgot-password">{crate::tr!(auth.forgot)}</A>
                " · "{crate::tr!(auth.new_here)}" "<A href="/signup">{crate::tr!(auth.create_account)}</A>
            </p>
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
    let accept_terms = RwSignal::new(posted.value("accept_terms") == "true");
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
    let (creating, create) = (crate::tr!(auth.creating), crate::tr!(auth.create));
    view! {
        <Title text=crate::tr!(auth.sign_up_title)/>
        <section class="narrow card">
            <h1>{crate::tr!(auth.create_your_account)}</h1>
            <form method="post" action=SignUp::PATH data-hydrated=hydrated_mark() on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(SignUp {
                    email: email.get_untracked(),
                    password: password.get_untracked(),
                    display_name: display_name.get_untracked(),
                    role: role.get_untracked(),
                    accept_terms: accept_terms.get_untracked(),
                });
            }>
                <FormError error fields=vec!["email", "password", "display_name", "role", "accept_terms"]/>
                <fieldset class="field role-choice">
                    <legend>{crate::tr!(auth.i_am)}</legend>
                    <label class="choice">
                        <input type="radio" name="role" value="client"
                            use:keep_choice=pick_role
                            checked=role.get_untracked() == "client"
                            prop:checked=move || role.get() == "client"
                            on:change=move |_| role.set("client".into())/>
                        <span><strong>{crate::tr!(auth.a_client)}</strong>{crate::tr!(auth.client_role)}</span>
                    </label>
                    <label class="choice">
                        <input type="radio" name="role" value="provider"
                            use:keep_choice=pick_role
                            checked=role.get_untracked() == "provider"
                            prop:checked=move || role.get() == "provider"
                            on:change=move |_| role.set("provider".into())/>
                        <span><strong>{crate::tr!(auth.a_provider)}</strong>{crate::tr!(auth.provider_role)}</span>
                    </label>
                    <p class="field-error">{move || role_error.get()}</p>
                </fieldset>
                <TextField label=crate::tr!(auth.display_name) name="display_name" autocomplete="name" value=display_name
                    hint=crate::tr!(auth.display_name_hint) error=field_error(error, "display_name")/>
                <TextField label=crate::tr!(auth.email) name="email" kind="email" autocomplete="email" value=email
                    error=field_error(error, "email")/>
                <TextField label=crate::tr!(auth.password) name="password" kind="password" autocomplete="new-password"
                    value=password hint=crate::tr!(auth.password_hint)
                    error=field_error(error, "password")/>
                <TermsBox accept_terms error=field_error(error, "accept_terms")/>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { creating.get() } else { create.get() }}
                </button>
            </form>
            <p class="muted">{crate::tr!(auth.have_account)}" "<A href="/login">{crate::tr!(auth.log_in)}</A></p>
        </section>
    }
}

/// The terms box: ticked, the sign-up records the acceptance of the
/// version in force.
#[component]
fn TermsBox(accept_terms: RwSignal<bool>, error: Signal<Option<String>>) -> impl IntoView {
    let lang = super::lang::use_page_lang();
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label class="check">
                <input type="checkbox" name="accept_terms" value="true" aria-describedby="accept-terms-error"
                    use:keep_checked=Callback::new(move |on: bool| accept_terms.set(on))
                    checked=accept_terms.get_untracked()
                    prop:checked=move || accept_terms.get()
                    on:change=move |ev| accept_terms.set(event_target_checked(&ev))/>
                <span>{crate::tr!(auth.accept_terms)}" "
                    <a href=move || super::pages::terms_path(lang) target="_blank">{crate::tr!(auth.terms_link)}</a></span>
            </label>
            <p class="field-error" id="accept-terms-error">{move || error.get()}</p>
        </div>
    }
}

/// Whether the page's address has `?name=1`.
pub(super) fn query_flag(name: &str) -> bool {
    leptos_router::hooks::use_query_map()
        .get_untracked()
        .get(name)
        .is_some_and(|v| v == "1")
}

/// A query parameter of the page's address, or nothing.
pub(super) fn query_value(name: &str) -> String {
    leptos_router::hooks::use_query_map()
        .get_untracked()
        .get(name)
        .unwrap_or_default()
}

/// The error a native post of the form at `path` came back with.
pub(super) fn posted_error(path: &'static str) -> Signal<Option<crate::error::AppError>> {
    let error = Posted::of(path).error();
    Signal::derive(move || error.clone())
}

/// Where a verification link lands: one button confirms the address (a
/// link scanner that only opens pages confirms nothing). These forms post
/// natively, with or without the wasm.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = query_value("token");
    let error = posted_error(VerifyEmail::PATH);
    let body = if query_flag("done") {
        view! {
            <div class="notice success" role="status">
                <p>{crate::tr!(auth.confirmed)}</p>
            </div>
            <p><ContinueHome/></p>
        }
        .into_any()
    } else if query_flag("sent") {
        view! {
            <div class="notice success" role="status">
                <p>{crate::tr!(auth.link_sent)}</p>
            </div>
        }
        .into_any()
    } else if token.is_empty() {
        view! {
            <p>{crate::tr!(auth.open_link)}</p>
        }
        .into_any()
    } else {
        view! {
            <form method="post" action=VerifyEmail::PATH>
                <FormError error fields=vec!["token"]/>
                <input type="hidden" name="token" value=token/>
                <p>{crate::tr!(auth.one_click)}</p>
                <button type="submit" class="button primary">{crate::tr!(auth.confirm_button)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=crate::tr!(auth.confirm_title)/>
        <section class="narrow card">
            <h1>{crate::tr!(auth.confirm_heading)}</h1>
            {body}
        </section>
    }
}

/// "Continue" to the signed-in person's home (the site's for a visitor).
#[component]
pub(super) fn ContinueHome() -> impl IntoView {
    let auth = expect_context::<Auth>();
    view! {
        <Transition fallback=|| view! { <A href="/">{crate::tr!(auth.go_on)}</A> }>
            {move || Suspend::new(async move {
                let home = match auth.user.await {
                    Ok(Some(user)) => home_of(&user),
                    _ => "/",
                };
                view! { <A href=home attr:class="button primary">{crate::tr!(auth.go_on)}</A> }
            })}
        </Transition>
    }
}

/// "Forgot your password?": asks for the address and answers the same
/// whether it has an account or not.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let posted = Posted::of(RequestReset::PATH);
    let email = RwSignal::new(posted.value("email"));
    let error = posted_error(RequestReset::PATH);
    view! {
        <Title text=crate::tr!(auth.forgot_title)/>
        <section class="narrow card">
            <h1>{crate::tr!(auth.forgot)}</h1>
            {query_flag("sent").then(|| view! {
                <div class="notice success" role="status">
                    <p>{crate::tr!(auth.reset_sent)}</p>
                </div>
            })}
            <p>{crate::tr!(auth.forgot_intro)}</p>
            <form method="post" action=RequestReset::PATH>
                <FormError error fields=vec!["email"]/>
                <TextField label=crate::tr!(auth.email) name="email" kind="email" autocomplete="email" value=email
                    error=field_error(error, "email")/>
                <button type="submit" class="button primary">{crate::tr!(auth.send_link)}</button>
            </form>
            <p class="muted"><A href="/login">{crate::tr!(auth.back_to_login)}</A></p>
        </section>
    }
}

/// Where a reset link lands: the new password, posted with the link's token.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = query_value("token");
    let invited = query_flag("invite");
    let heading = if invited {
        crate::tr!(auth.choose_password)
    } else {
        crate::tr!(auth.choose_new_password)
    };
    let password = RwSignal::new(String::new());
    let error = posted_error(ResetPassword::PATH);
    let spent = move || {
        error
            .get()
            .is_some_and(|e| matches!(e, crate::error::AppError::Forbidden(_)))
    };
    view! {
        <Title text=heading.clone()/>
        <section class="narrow card">
            <h1>{heading}</h1>
            {invited.then(|| view! {
                <p>{crate::tr!(auth.invited)}</p>
            })}
            <form method="post" action=ResetPassword::PATH>
                <FormError error fields=vec!["password"]/>
                <input type="hidden" name="token" value=token/>
                <TextField label=crate::tr!(auth.new_password) name="password" kind="password" autocomplete="new-password"
                    value=password hint=crate::tr!(auth.new_password_hint)
                    error=field_error(error, "password")/>
                <button type="submit" class="button primary">{crate::tr!(auth.set_password)}</button>
            </form>
            <Show when=spent>
                <p><A href="/forgot-password">{crate::tr!(auth.ask_new_link)}</A></p>
            </Show>
        </section>
    }
}
