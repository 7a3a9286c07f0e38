//! The signed-in person's account: the name others see, the email address,
//! the password, the browsers signed in, what comes by email, and deleting
//! the account. Every form posts natively, with or without the wasm.

use super::account::{posted_error, query_flag, query_value, ContinueHome};
use super::common::Loading;
use super::common::{field_error, FormError, TextField};
use super::lang::{locale_of, said, stamp, use_page_lang};
use super::session::Auth;
use crate::api::account::{
    deletion_blockers, my_sessions, ChangeEmail, ChangeName, ChangePassword, ConfirmEmail,
    DeleteAccount, LogOutEverywhere, SignOutOthers, SignOutSession,
};
use crate::domain::words::device_text;
use crate::error::AppError;
use crate::error::Msg;
use crate::tr;
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
        "name" => Some(tr!(account.saved_name)),
        "password" => Some(tr!(account.saved_password)),
        "sessions" => Some(tr!(account.saved_sessions)),
        "session" => Some(tr!(account.saved_session)),
        "email" => Some(tr!(account.saved_email)),
        _ => None,
    };
    view! {
        <Title text=tr!(common.your_account)/>
        <section class="narrow">
            <h1>{tr!(common.your_account)}</h1>
            {notice.map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => view! {
                            <NameCard user=user.clone()/>
                            <EmailCard user/>
                            <PasswordCard/>
                            <SessionsCard sessions/>
                            <section class="card" aria-labelledby="account-emails">
                                <h2 id="account-emails">{tr!(account.emails)}</h2>
                                <p><A href="/settings/notifications">{tr!(notices.choose_email)}</A></p>
                            </section>
                            <DeleteCard blockers/>
                        }.into_any(),
                        _ => view! {
                            <p>{tr!(account.please)}<A href="/login">{tr!(account.log_in)}</A>{tr!(account.to_see)}</p>
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
            <h2 id="account-name">{tr!(account.name)}</h2>
            <form method="post" action=ChangeName::PATH>
                <FormError error fields=vec!["display_name"]/>
                <TextField label=tr!(auth.display_name) name="display_name" autocomplete="name" value=name
                    hint=tr!(account.name_hint) error=field_error(error, "display_name")/>
                <button type="submit" class="button">{tr!(account.save_name)}</button>
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
            <h2 id="account-address">{tr!(account.address)}</h2>
            <p class="muted">{tr!(account.signed_in_as)}<strong>{user.email}</strong>"."</p>
            <form method="post" action=ChangeEmail::PATH>
                <FormError error fields=vec!["new_email", "current_password"]/>
                <TextField label=tr!(account.new_address) name="new_email" kind="email" autocomplete="email"
                    value=new_email hint=tr!(account.new_address_hint)
                    error=field_error(error, "new_email")/>
                <TextField label=tr!(account.current_password) name="current_password" kind="password"
                    id="field-email-current-password" autocomplete="current-password" value=password
                    error=field_error(error, "current_password")/>
                <button type="submit" class="button">{tr!(account.send_link)}</button>
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
            <h2 id="account-password">{tr!(account.password)}</h2>
            <form method="post" action=ChangePassword::PATH>
                <FormError error fields=vec!["current_password", "new_password"]/>
                <TextField label=tr!(account.current_password) name="current_password" kind="password"
                    autocomplete="current-password" value=current
                    error=field_error(error, "current_password")/>
                <TextField label=tr!(account.new_password) name="new_password" kind="password"
                    autocomplete="new-password" value=new hint=tr!(account.new_password_hint)
                    error=field_error(error, "new_password")/>
                <button type="submit" class="button">{tr!(account.change_password)}</button>
            </form>
        </section>
    }
}

#[component]
fn SessionsCard(sessions: Resource<Result<Vec<SessionView>, AppError>>) -> impl IntoView {
    let error = posted_error(SignOutSession::PATH);
    view! {
        <section class="card" aria-labelledby="account-sessions">
            <h2 id="account-sessions">{tr!(account.sessions)}</h2>
            <FormError error fields=vec![]/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! { <SessionTable list/> }.into_any(),
                        Err(e) => view! { <super::common::ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <p>{tr!(account.sessions_hint)}</p>
            <div class="actions">
                <form method="post" action=SignOutOthers::PATH>
                    <button type="submit" class="button">{tr!(account.sign_out_others)}</button>
                </form>
                <form method="post" action=LogOutEverywhere::PATH>
                    <button type="submit" class="button danger">{tr!(account.log_out_everywhere)}</button>
                </form>
            </div>
        </section>
    }
}

#[component]
fn SessionTable(list: Vec<SessionView>) -> impl IntoView {
    let lang = use_page_lang();
    view! {
        <div class="table-wrap" tabindex="0">
        <table class="data" aria-label=tr!(account.sessions_label)>
            <thead>
                <tr>
                    <th scope="col">{tr!(account.browser)}</th>
                    <th scope="col">{tr!(account.network)}</th>
                    <th scope="col">{tr!(account.signed_in)}</th>
                    <th scope="col">{tr!(account.last_active)}</th>
                    <th scope="col"><span class="visually-hidden">{tr!(account.action)}</span></th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|s| {
                    let device = s.device.clone();
                    let action = if s.current {
                        view! { <strong>{tr!(account.this_browser)}</strong> }.into_any()
                    } else {
                        let (d, seen) = (s.device.clone(), s.last_seen_at);
                        let label = move || {
                            let lang = lang.get();
                            crate::tdf!(locale_of(lang), account.sign_out_label,
                                device = device_text(lang, &d), when = lang.stamp(seen))
                        };
                        view! {
                            <form method="post" action=SignOutSession::PATH>
                                <input type="hidden" name="id" value=s.id.clone()/>
                                <button type="submit" class="button small" aria-label=label>{tr!(account.sign_out)}</button>
                            </form>
                        }.into_any()
                    };
                    view! {
                        <tr>
                            <th scope="row">{move || device_text(lang.get(), &device)}</th>
                            <td>{s.address}</td>
                            <td>{stamp(s.signed_in_at)}</td>
                            <td>{stamp(s.last_seen_at)}</td>
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
fn DeleteCard(blockers: Resource<Result<Vec<Msg>, AppError>>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="account-delete">
            <h2 id="account-delete">{tr!(account.delete)}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match blockers.await {
                        Ok(reasons) if reasons.is_empty() => view! { <DeleteForm/> }.into_any(),
                        Ok(reasons) => view! {
                            <p>{tr!(account.cannot_delete)}</p>
                            <ul class="reasons">
                                {reasons.into_iter().map(|r| view! { <li>{said(r)}</li> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <super::common::ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DeleteForm() -> impl IntoView {
    let password = RwSignal::new(String::new());
    let error = posted_error(DeleteAccount::PATH);
    view! {
        <p>{tr!(account.deletion_terms)}</p>
        <form method="post" action=DeleteAccount::PATH>
            <FormError error fields=vec!["current_password"]/>
            <TextField label=tr!(account.current_password) name="current_password" kind="password"
                id="field-delete-current-password" autocomplete="current-password" value=password
                error=field_error(error, "current_password")/>
            <button type="submit" class="button danger">{tr!(account.delete)}</button>
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
                <p>{tr!(account.moved)}</p>
            </div>
            <p><ContinueHome/></p>
        }
        .into_any()
    } else {
        view! {
            <form method="post" action=ConfirmEmail::PATH>
                <FormError error fields=vec!["token"]/>
                <input type="hidden" name="token" value=token/>
                <p>{tr!(account.one_click)}</p>
                <button type="submit" class="button primary">{tr!(account.confirm_address)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=tr!(account.confirm_title)/>
        <section class="narrow card">
            <h1>{tr!(account.confirm_heading)}</h1>
            {body}
        </section>
    }
}
