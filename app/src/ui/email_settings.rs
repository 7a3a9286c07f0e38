//! Email: the settings page (per kind: in the app only, by email at once,
//! or in the daily digest, and the digest's hour), the page a one-click
//! unsubscribe link opens, and staff's view of the outbox. The forms post
//! natively, with or without the wasm.

use super::common::{ErrorNotice, FormError, Loading, Posted};
use super::labels::label;
use super::lang::{locale_of, stamp_iso, use_page_lang};
use crate::api::notifications::{my_notification_settings, SaveNotificationSettings};
use crate::api::outbox::{staff_outbox, RetryEmail};
use crate::domain::notices::{self, Channel};
use crate::domain::words::{kind_group_text, kind_text};
use crate::i18n::td_string;
use crate::views::notifications::{KindSetting, NotificationSettings};
use crate::views::outbox::OutboxView;
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn NotificationSettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| my_notification_settings());
    let query = use_query_map().get_untracked();
    let saved = query.get("saved").is_some_and(|v| v == "1");
    view! {
        <Title text=tr!(kinds.settings_title)/>
        <section class="narrow card">
            <h1>{tr!(kinds.settings_heading)}</h1>
            {saved.then(|| view! {
                <div class="notice success" role="status"><p>{tr!(kinds.saved)}</p></div>
            })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <SettingsForm settings=s/> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SettingsForm(settings: NotificationSettings) -> impl IntoView {
    let error = {
        let e = Posted::of(SaveNotificationSettings::PATH).error();
        Signal::derive(move || e.clone())
    };
    let hours = (0u8..24).map(|h| {
        let selected = settings.digest_hour == Some(h);
        view! { <option value=h.to_string() selected=selected>{format!("{h:02}:00")}</option> }
    });
    let no_digest = settings.digest_hour.is_none();
    let lang = use_page_lang();
    view! {
        <p class="muted">
            {tr!(kinds.intro_before)}<strong>{settings.email.clone()}</strong>{tr!(kinds.intro_after)}
        </p>
        {(!settings.verified).then(|| view! {
            <div class="notice warning" role="note">
                <p>{tr!(kinds.unverified)}</p>
            </div>
        })}
        <form method="post" action=SaveNotificationSettings::PATH class="email-settings">
            <FormError error fields=vec!["choices", "digest_hour"]/>
            <div class="field">
                <label for="digest-hour">{tr!(kinds.digest_hour)}</label>
                <select id="digest-hour" name="digest_hour">
                    <option value="none" selected=no_digest>{tr!(kinds.no_digest)}</option>
                    {hours.collect_view()}
                </select>
            </div>
            {settings.groups.into_iter().map(|g| {
                let name = g.name.clone();
                view! {
                <fieldset class="kind-group">
                    <legend>{move || kind_group_text(lang.get(), &name)}</legend>
                    {g.kinds.into_iter().map(|k| view! { <KindChoice setting=k/> }).collect_view()}
                </fieldset>
            }}).collect_view()}
            <button type="submit" class="button primary">{tr!(kinds.save)}</button>
        </form>
    }
}

#[component]
fn KindChoice(setting: KindSetting) -> impl IntoView {
    let id = format!("kind-{}", setting.kind);
    let options = Channel::ALL.map(|c| {
        let value = format!("{}:{}", setting.kind, c.slug());
        view! { <option value=value selected=setting.channel == c>{label(c)}</option> }
    });
    let lang = use_page_lang();
    let kind = setting.kind.clone();
    view! {
        <div class="kind-choice">
            <label for=id.clone()>{move || kind_text(lang.get(), &kind)}</label>
            <select id=id name="choices">{options.into_iter().collect_view()}</select>
        </div>
    }
}

/// Where an unsubscribe link lands: one button turns that kind of email
/// off (opening the link changes nothing).
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let kind = get("k");
    let lang = use_page_lang();
    let what = kind.clone();
    let label = move || {
        let lang = lang.get();
        let l = locale_of(lang);
        if what == notices::DIGEST {
            td_string!(l, kinds.the_digest).to_string()
        } else if notices::find(&what).is_some() {
            crate::tdf!(l, kinds.quoted, name = kind_text(lang, &what))
        } else {
            td_string!(l, kinds.these_emails).to_string()
        }
    };
    let body = if get("done") == "1" {
        view! {
            <div class="notice success" role="status">
                <p>{move || crate::tdf!(locale_of(lang.get()), kinds.done, what = label())}</p>
            </div>
            <p><A href="/settings/notifications">{tr!(notices.choose_email)}</A></p>
        }
        .into_any()
    } else if get("invalid") == "1" || get("s").is_empty() {
        view! {
            <div class="notice error" role="alert">
                <p>{tr!(kinds.invalid)}</p>
            </div>
            <p><A href="/settings/notifications">{tr!(kinds.log_in_choose)}</A></p>
        }
        .into_any()
    } else {
        let action = format!("/unsubscribe?u={}&k={}&s={}", get("u"), kind, get("s"));
        view! {
            <p>{move || crate::tdf!(locale_of(lang.get()), kinds.stop_question, what = label())}</p>
            <form method="post" action=action>
                <button type="submit" class="button primary">{tr!(kinds.unsubscribe)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=tr!(kinds.unsubscribe)/>
        <section class="narrow card">
            <h1>{tr!(kinds.unsubscribe)}</h1>
            {body}
        </section>
    }
}

/// Staff's view of the outbox: what waits, what went out, and the emails
/// given up, each with its last error and "Send again".
#[component]
pub fn StaffEmailsPage() -> impl IntoView {
    let outbox = Resource::new(|| (), |_| staff_outbox());
    let query = use_query_map().get_untracked();
    let retried = query.get("retried").is_some_and(|v| v == "1");
    let error = {
        let e = Posted::of(RetryEmail::PATH).error();
        Signal::derive(move || e.clone())
    };
    view! {
        <Title text=tr!(common.nav.emails)/>
        <section>
            <h1>{tr!(common.nav.emails)}</h1>
            {retried.then(|| view! {
                <div class="notice success" role="status"><p>{tr!(kinds.requeued)}</p></div>
            })}
            <FormError error fields=vec!["id"]/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match outbox.await {
                        Ok(o) => view! { <OutboxTables outbox=o/> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OutboxTables(outbox: OutboxView) -> impl IntoView {
    let (pending, sent) = (outbox.pending, outbox.sent_last_day);
    let waiting = match outbox.oldest_pending_secs {
        Some(s) => trf!(kinds.waiting, n = pending, secs = s).into_any(),
        None => tr!(kinds.none_waiting).into_any(),
    };
    let empty = outbox.dead.is_empty();
    view! {
        <p>{waiting}" · "{trf!(kinds.sent_day, n = sent)}</p>
        <h2>{tr!(kinds.given_up)}</h2>
        {if empty {
            view! { <p class="muted">{tr!(kinds.none_given_up)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0"><table class="data" aria-label=tr!(kinds.given_up_label)>
                    <thead><tr>
                        <th scope="col">"#"</th><th scope="col">{tr!(kinds.to)}</th><th scope="col">{tr!(kinds.kind)}</th>
                        <th scope="col" class="num">{tr!(kinds.attempts)}</th><th scope="col">{tr!(kinds.last_error)}</th>
                        <th scope="col">{tr!(kinds.queued)}</th><th scope="col"><span class="visually-hidden">{tr!(account.action)}</span></th>
                    </tr></thead>
                    <tbody>
                        {outbox.dead.into_iter().map(|d| {
                            let when = stamp_iso(&d.queued_at);
                            let (id, to) = (d.id, d.to.clone());
                            view! {
                                <tr>
                                    <td>{d.id}</td><td>{d.to.clone()}</td><td>{d.kind}</td>
                                    <td class="num">{d.attempts}</td><td>{d.last_error}</td><td>{when}</td>
                                    <td>
                                        <form method="post" action=RetryEmail::PATH>
                                            <input type="hidden" name="id" value=d.id.to_string()/>
                                            <button type="submit" class="button small"
                                                aria-label=trf!(kinds.send_again_label, id = id, to = to.as_str())>
                                                {tr!(kinds.send_again)}
                                            </button>
                                        </form>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
            }.into_any()
        }}
    }
}
