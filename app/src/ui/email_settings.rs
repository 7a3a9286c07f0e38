//! Email: the settings page (per kind: in the app only, by email at once,
//! or in the daily digest, and the digest's hour), the page a one-click
//! unsubscribe link opens, and staff's view of the outbox. The forms post
//! natively, with or without the wasm.

use super::common::{ErrorNotice, FormError, Loading, Posted};
use crate::api::notifications::{my_notification_settings, SaveNotificationSettings};
use crate::api::outbox::{staff_outbox, RetryEmail};
use crate::domain::notices::{self, Channel};
use crate::views::notifications::{KindSetting, NotificationSettings};
use crate::views::outbox::OutboxView;
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
        <Title text="Email settings"/>
        <section class="narrow card">
            <h1>"What comes by email"</h1>
            {saved.then(|| view! {
                <div class="notice success" role="status"><p>"Your email settings are saved."</p></div>
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
    view! {
        <p class="muted">
            "Everything shows in the bell. Choose, for each kind, whether it also comes by email to "
            <strong>{settings.email.clone()}</strong>" at once, or as a line of the daily digest."
        </p>
        {(!settings.verified).then(|| view! {
            <div class="notice warning" role="note">
                <p>"No email is sent until you confirm your address."</p>
            </div>
        })}
        <form method="post" action=SaveNotificationSettings::PATH class="email-settings">
            <FormError error fields=vec!["choices", "digest_hour"]/>
            <div class="field">
                <label for="digest-hour">"Daily digest (Paris time)"</label>
                <select id="digest-hour" name="digest_hour">
                    <option value="none" selected=no_digest>"No digest"</option>
                    {hours.collect_view()}
                </select>
            </div>
            {settings.groups.into_iter().map(|g| view! {
                <fieldset class="kind-group">
                    <legend>{g.name}</legend>
                    {g.kinds.into_iter().map(|k| view! { <KindChoice setting=k/> }).collect_view()}
                </fieldset>
            }).collect_view()}
            <button type="submit" class="button primary">"Save my email settings"</button>
        </form>
    }
}

#[component]
fn KindChoice(setting: KindSetting) -> impl IntoView {
    let id = format!("kind-{}", setting.kind);
    let options = Channel::ALL.map(|c| {
        let value = format!("{}:{}", setting.kind, c.slug());
        view! { <option value=value selected=setting.channel == c>{c.label()}</option> }
    });
    view! {
        <div class="kind-choice">
            <label for=id.clone()>{setting.label}</label>
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
    let label = if kind == notices::DIGEST {
        "the daily digest".to_string()
    } else {
        notices::find(&kind)
            .map_or_else(|| "these emails".to_string(), |k| format!("“{}”", k.label))
    };
    let body = if get("done") == "1" {
        view! {
            <div class="notice success" role="status">
                <p>{format!("Done: no more emails about {label}. It still shows in the bell.")}</p>
            </div>
            <p><A href="/settings/notifications">"Choose what comes by email"</A></p>
        }
        .into_any()
    } else if get("invalid") == "1" || get("s").is_empty() {
        view! {
            <div class="notice error" role="alert">
                <p>"This unsubscribe link is not valid (it may have been cut short): nothing was changed."</p>
            </div>
            <p><A href="/settings/notifications">"Log in and choose what comes by email"</A></p>
        }
        .into_any()
    } else {
        let action = format!("/unsubscribe?u={}&k={}&s={}", get("u"), kind, get("s"));
        view! {
            <p>{format!("Stop the emails about {label}? It will still show in the bell.")}</p>
            <form method="post" action=action>
                <button type="submit" class="button primary">"Unsubscribe"</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text="Unsubscribe"/>
        <section class="narrow card">
            <h1>"Unsubscribe"</h1>
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
        <Title text="Emails"/>
        <section>
            <h1>"Emails"</h1>
            {retried.then(|| view! {
                <div class="notice success" role="status"><p>"The email is queued again."</p></div>
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
    let waiting = match outbox.oldest_pending_secs {
        Some(s) => format!("{} waiting (the oldest for {s} s)", outbox.pending),
        None => "None waiting".to_string(),
    };
    let empty = outbox.dead.is_empty();
    view! {
        <p>{waiting}" · "{format!("{} sent in the last 24 hours", outbox.sent_last_day)}</p>
        <h2>"Given up"</h2>
        {if empty {
            view! { <p class="muted">"No email was given up: every one was sent or is still being tried."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="data" aria-label="Emails given up">
                    <thead><tr>
                        <th scope="col">"#"</th><th scope="col">"To"</th><th scope="col">"Kind"</th>
                        <th scope="col" class="num">"Attempts"</th><th scope="col">"Last error"</th>
                        <th scope="col">"Queued (UTC)"</th><th scope="col"><span class="visually-hidden">"Action"</span></th>
                    </tr></thead>
                    <tbody>
                        {outbox.dead.into_iter().map(|d| {
                            let when = d.queued_at.replace('T', " ").chars().take(16).collect::<String>();
                            view! {
                                <tr>
                                    <td>{d.id}</td><td>{d.to.clone()}</td><td>{d.kind}</td>
                                    <td class="num">{d.attempts}</td><td>{d.last_error}</td><td>{when}</td>
                                    <td>
                                        <form method="post" action=RetryEmail::PATH>
                                            <input type="hidden" name="id" value=d.id.to_string()/>
                                            <button type="submit" class="button small"
                                                aria-label=format!("Send email #{} to {} again", d.id, d.to)>
                                                "Send again"
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
