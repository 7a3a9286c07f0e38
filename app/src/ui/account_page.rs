//! The signed-in person's account: the name others see, the email address,
//! the password, the browsers signed in, what comes by email, and deleting
//! the account. Every form posts natively, with or without the wasm.

use super::account::{posted_error, query_flag, query_value, ContinueHome};
use super::common::{field_error, FormError, TextField};
use super::session::Auth;
use crate::api::account::{
    deletion_blockers, my_sessions, ChangeEmail, ChangeName, ChangePassword, ConfirmEmail,
    DeleteAccount, LogOutEverywhere, SignOutOthers, SignOutSession,
};
use crate::error::AppError;
use crate::views::account::{CurrentUser, SessionView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use server_fn::ServerFn;

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = expect_context::<Auth>();
    // Made here, not in the cards: a resource made inside a suspended view
    // did not hydrate.
    let sessions = Resource::new(|| (), |_| my_sessions());
    let blockers = Resource::new(|| (), |_| deletion_blockers());
    let saved = query_value("saved");
    let notice = match saved.as_str() {
        "name" => Some("Your name is changed."),
        "password" => Some("Your password is changed. Every other session was signed out."),
        "sessions" => Some("Every other session was signed out."),
        "session" => Some("That session is signed out."),
        "email" => Some(
            "We sent a link to your new address. Open it to move your account there; \
             until then it keeps its current address.",
        ),
        _ => None,
    };
    view! {
        <Title text="Your account"/>
        <section class="narrow">
            <h1>"Your account"</h1>
            {notice.map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! {
                            <NameCard user=user.clone()/>
                            <EmailCard user/>
                            <PasswordCard/>
                            <SessionsCard sessions/>
                            <section class="card" aria-labelledby="account-emails">
                                <h2 id="account-emails">"Emails"</h2>
                                <p><A href="/settings/notifications">"Choose what comes by email"</A></p>
                            </section>
                            <DeleteCard blockers/>
                        }.into_any(),
                        _ => view! {
                            <p>"Please "<A href="/login">"log in"</A>" to see your account."</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NameCard(user: CurrentUser) -> impl IntoView {
    let name = RwSignal::new(user.display_name);
    let error = posted_error(ChangeName::PATH);
    view! {
        <section class="card" aria-labelledby="account-name">
            <h2 id="account-name">"Name"</h2>
            <form method="post" action=ChangeName::PATH>
                <FormError error fields=vec!["display_name"]/>
                <TextField label="Display name" name="display_name" autocomplete="name" value=name
                    hint="Shown to the people you work with." error=field_error(error, "display_name")/>
                <button type="submit" class="button">"Save my name"</button>
            </form>
        </section>
    }
}

#[component]
fn EmailCard(user: CurrentUser) -> impl IntoView {
    let new_email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = posted_error(ChangeEmail::PATH);
    view! {
        <section class="card" aria-labelledby="account-address">
            <h2 id="account-address">"Email address"</h2>
            <p class="muted">"Signed in as "<strong>{user.email}</strong>"."</p>
            <form method="post" action=ChangeEmail::PATH>
                <FormError error fields=vec!["new_email", "current_password"]/>
                <TextField label="New email address" name="new_email" kind="email" autocomplete="email"
                    value=new_email hint="We send a link there; your address changes once you open it."
                    error=field_error(error, "new_email")/>
                <TextField label="Current password" name="current_password" kind="password"
                    id="field-email-current-password" autocomplete="current-password" value=password
                    error=field_error(error, "current_password")/>
                <button type="submit" class="button">"Send a confirmation link"</button>
            </form>
        </section>
    }
}

#[component]
fn PasswordCard() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = posted_error(ChangePassword::PATH);
    view! {
        <section class="card" aria-labelledby="account-password">
            <h2 id="account-password">"Password"</h2>
            <form method="post" action=ChangePassword::PATH>
                <FormError error fields=vec!["current_password", "new_password"]/>
                <TextField label="Current password" name="current_password" kind="password"
                    autocomplete="current-password" value=current
                    error=field_error(error, "current_password")/>
                <TextField label="New password" name="new_password" kind="password"
                    autocomplete="new-password" value=new hint="At least 10 characters."
                    error=field_error(error, "new_password")/>
                <button type="submit" class="button">"Change my password"</button>
            </form>
        </section>
    }
}

#[component]
fn SessionsCard(sessions: Resource<Result<Vec<SessionView>, AppError>>) -> impl IntoView {
    let error = posted_error(SignOutSession::PATH);
    view! {
        <section class="card" aria-labelledby="account-sessions">
            <h2 id="account-sessions">"Where you are signed in"</h2>
            <FormError error fields=vec![]/>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! { <SessionTable list/> }.into_any(),
                        Err(e) => view! { <super::common::ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <p>"Signed in on a shared or lost device? Sign it out above, or everywhere at once."</p>
            <div class="actions">
                <form method="post" action=SignOutOthers::PATH>
                    <button type="submit" class="button">"Sign out every other session"</button>
                </form>
                <form method="post" action=LogOutEverywhere::PATH>
                    <button type="submit" class="button danger">"Log out everywhere"</button>
                </form>
            </div>
        </section>
    }
}

#[component]
fn SessionTable(list: Vec<SessionView>) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="data" aria-label="Sessions">
            <thead>
                <tr>
                    <th scope="col">"Browser"</th>
                    <th scope="col">"Network address"</th>
                    <th scope="col">"Signed in"</th>
                    <th scope="col">"Last active"</th>
                    <th scope="col"><span class="visually-hidden">"Action"</span></th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|s| {
                    let action = if s.current {
                        view! { <strong>"This browser"</strong> }.into_any()
                    } else {
                        let label = format!("Sign out {} ({})", s.device, s.last_seen_at);
                        view! {
                            <form method="post" action=SignOutSession::PATH>
                                <input type="hidden" name="id" value=s.id.clone()/>
                                <button type="submit" class="button small" aria-label=label>"Sign out"</button>
                            </form>
                        }.into_any()
                    };
                    view! {
                        <tr>
                            <th scope="row">{s.device}</th>
                            <td>{s.address}</td>
                            <td>{s.signed_in_at}</td>
                            <td>{s.last_seen_at}</td>
                            <td>{action}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
fn DeleteCard(blockers: Resource<Result<Vec<String>, AppError>>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="account-delete">
            <h2 id="account-delete">"Delete my account"</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match blockers.await {
                        Ok(reasons) if reasons.is_empty() => view! { <DeleteForm/> }.into_any(),
                        Ok(reasons) => view! {
                            <p>"Your account cannot be deleted yet:"</p>
                            <ul class="reasons">
                                {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <super::common::ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

const DELETION_TERMS: &str = "Your name, email address, profile and settings are erased, and \
    you are signed out everywhere. Unused credits and leads are lost. Payments and ledgers keep \
    anonymous lines; projects and messages stay, signed “Deleted account”. This cannot be undone.";

#[component]
fn DeleteForm() -> impl IntoView {
    let password = RwSignal::new(String::new());
    let error = posted_error(DeleteAccount::PATH);
    view! {
        <p>{DELETION_TERMS}</p>
        <form method="post" action=DeleteAccount::PATH>
            <FormError error fields=vec!["current_password"]/>
            <TextField label="Current password" name="current_password" kind="password"
                id="field-delete-current-password" autocomplete="current-password" value=password
                error=field_error(error, "current_password")/>
            <button type="submit" class="button danger">"Delete my account"</button>
        </form>
    }
}

/// Where the link sent to a new address lands: one button moves the
/// account there (a link scanner that only opens pages moves nothing).
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let token = query_value("token");
    let error = posted_error(ConfirmEmail::PATH);
    let body = if query_flag("done") {
        view! {
            <div class="notice success" role="status">
                <p>"Your account now uses this address. Log in with it from now on."</p>
            </div>
            <p><ContinueHome/></p>
        }
        .into_any()
    } else {
        view! {
            <form method="post" action=ConfirmEmail::PATH>
                <FormError error fields=vec!["token"]/>
                <input type="hidden" name="token" value=token/>
                <p>"One click and your account moves to this address."</p>
                <button type="submit" class="button primary">"Confirm my new address"</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text="Confirm your new email"/>
        <section class="narrow card">
            <h1>"Confirm your new email address"</h1>
            {body}
        </section>
    }
}
