//! Credits: the unlock panel on a project, the provider's statement, staff grants.

use super::common::{
    field_error, last_error, use_hydrated, ErrorNotice, FieldMessage, FormError, Loading, TextField,
};
use super::early_input::{keep_choice, keep_typed};
use super::labels::{label, Label};
use super::lang::{date_iso_text, locale_of, money, stamp_iso, use_page_lang};
use crate::api::credits::{
    access_to_project, my_credits, my_statement, new_key, GrantCredits, SpendCredit, TopUpAccount,
};
use crate::domain::ledger::CreditKind;
use crate::domain::locale::Lang;
use crate::domain::payment::{TEST_CARD_DECLINED, TEST_CARD_OK};
use crate::i18n::Locale;
use crate::views::credits::{CreditBalances, StatementLine};
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

fn unlocks_what(kind: CreditKind) -> ArcSignal<&'static str> {
    match kind {
        CreditKind::Consultation => tr!(credits.unlocks_consultation),
        CreditKind::Offer => tr!(credits.unlocks_offer),
        CreditKind::Contact => tr!(credits.unlocks_contact),
    }
}

/// "Consultation", lower-cased inside a sentence.
fn kind_lower(l: Locale, kind: CreditKind) -> String {
    kind.text(l).to_lowercase()
}

/// On a project page, for providers: what each credit unlocks, its cost,
/// and the button to spend it. A key is kept per kind until the spend
/// succeeds, so a doubled or retried click is charged once.
#[component]
pub fn UnlockPanel(project_id: i64) -> impl IntoView {
    let spend = ServerAction::<SpendCredit>::new();
    let reloads = RwSignal::new(0u32);
    let access = Resource::new(
        move || reloads.get(),
        move |_| access_to_project(project_id),
    );
    let keys = StoredValue::new(std::collections::HashMap::<CreditKind, String>::new());
    let hydrated = use_hydrated();
    let notice = RwSignal::new(None::<(CreditKind, bool, i64)>);
    let lang = use_page_lang();
    Effect::new(move |_| {
        if let Some(Ok(u)) = spend.value().get() {
            keys.update_value(|k| {
                k.remove(&u.kind);
            });
            notice.set(Some((u.kind, u.charged, u.balance_after)));
            reloads.update(|n| *n += 1);
        }
    });
    let notice_text = move || {
        let l = locale_of(lang.get());
        notice.get().map(|(kind, charged, left)| {
            if charged {
                crate::tdf!(
                    l,
                    credits.unlocked_notice,
                    kind = kind.text(l),
                    kind_lower = kind_lower(l, kind),
                    left = left
                )
            } else {
                crate::tdf!(l, credits.already_unlocked, kind = kind.text(l))
            }
        })
    };
    let error = last_error(spend.value());
    view! {
        <section class="card unlocks" aria-labelledby="unlocks-title">
            <h2 id="unlocks-title">{tr!(credits.unlock_title)}</h2>
            {move || notice_text().map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match access.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(a) => {
                            let balances = a.balances.clone();
                            view! {
                                <ul class="unlock-list">
                                    {CreditKind::ALL.into_iter().map(|kind| {
                                        let done = a.unlocked.contains(&kind);
                                        let have = balances.of(kind);
                                        view! {
                                            <li class="unlock" class:done=done>
                                                <div>
                                                    <h3>{label(kind)}</h3>
                                                    <p class="muted small">{unlocks_what(kind)}</p>
                                                    <p class="small">{trf!(credits.costs, kind = kind_lower(locale_of(lang.get()), kind), have = have)}</p>
                                                </div>
                                                {if done {
                                                    view! { <span class="badge status-published">{tr!(credits.unlocked)}</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <button class="button primary small"
                                                            aria-label=trf!(credits.unlock_label, kind = kind_lower(locale_of(lang.get()), kind))
                                                            disabled=move || !hydrated.get() || spend.pending().get()
                                                            on:click=move |_| {
                                                                let key = keys.with_value(|k| k.get(&kind).cloned())
                                                                    .unwrap_or_else(|| {
                                                                        let key = new_key();
                                                                        keys.update_value(|k| { k.insert(kind, key.clone()); });
                                                                        key
                                                                    });
                                                                spend.dispatch(SpendCredit { project_id, kind, key });
                                                            }>
                                                            {tr!(credits.unlock)}
                                                        </button>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                {a.contact.map(|c| view! {
                                    <div class="contact" role="group" aria-label=tr!(credits.client_contact)>
                                        <h3>{tr!(credits.client_contact)}</h3>
                                        <p><strong>{c.name}</strong></p>
                                        <p><a href=format!("mailto:{}", c.email)>{c.email.clone()}</a></p>
                                        {c.phone.clone().map(|phone| {
                                            let dial = format!("tel:{}", phone.replace(' ', ""));
                                            view! { <p><a href=dial>{phone}</a></p> }
                                        })}
                                    </div>
                                })}
                                <p class="small"><A href="/credits">{tr!(credits.see_statement)}</A></p>
                                {(a.unlocked.contains(&CreditKind::Offer) || a.unlocked.contains(&CreditKind::Consultation)).then(|| view! {
                                    <super::offers::ProviderOffers
                                        project_id
                                        can_offer=a.unlocked.contains(&CreditKind::Offer)
                                        sees_all=a.unlocked.contains(&CreditKind::Consultation)/>
                                    <super::threads::ThreadPanel project_id/>
                                })}
                                {a.unlocked.contains(&CreditKind::Consultation).then(|| view! {
                                    <super::files::FilesPanel project_id/>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn BalanceCards(balances: CreditBalances) -> impl IntoView {
    let lang = use_page_lang();
    view! {
        <div class="balance-cards">
            {CreditKind::ALL.into_iter().map(|k| view! {
                <div class="card balance" role="group" aria-label=trf!(credits.kind_credits, kind = k.text(locale_of(lang.get())))>
                    <p class="muted small">{trf!(credits.kind_credits, kind = k.text(locale_of(lang.get())))}</p>
                    <p class="figure">{balances.of(k)}</p>
                </div>
            }).collect_view()}
            <div class="card balance" role="group" aria-label=tr!(credits.prepaid)>
                <p class="muted small">{tr!(credits.prepaid)}</p>
                <p class="figure num">{money(balances.money)}</p>
            </div>
        </div>
    }
}

fn amount_text(lang: Lang, line: &StatementLine, signed: bool) -> String {
    let v = if signed {
        line.amount
    } else {
        line.balance_after
    };
    super::labels::ledger_amount(lang, &line.unit, v, signed)
}

#[component]
pub fn CreditsPage() -> impl IntoView {
    let top_up = ServerAction::<TopUpAccount>::new();
    let reloads = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = top_up.value().get() {
            reloads.update(|n| *n += 1);
        }
    });
    let balances = Resource::new(move || reloads.get(), |_| my_credits());
    let statement = Resource::new(move || reloads.get(), |_| my_statement());
    view! {
        <Title text=tr!(common.nav.credits)/>
        <section>
            <h1>{tr!(credits.title)}</h1>
            <p class="muted">{tr!(credits.intro)}</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match balances.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(b) => view! { <BalanceCards balances=b/> }.into_any(),
                    }
                })}
            </Transition>
            <super::plans::PlansPanel changed=reloads/>
            <TopUpForm action=top_up/>
            <h2>{tr!(credits.statement)}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match statement.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(lines) if lines.is_empty() => view! {
                            <div class="empty"><p>{tr!(credits.no_movement)}</p></div>
                        }.into_any(),
                        Ok(lines) => view! { <UsageChart lines=lines.clone()/> <StatementTable lines/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn StatementTable(lines: Vec<StatementLine>) -> impl IntoView {
    let lang = use_page_lang();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data" aria-label=tr!(credits.statement)>
                <thead>
                    <tr>
                        <th scope="col">{tr!(credits.col_date)}</th>
                        <th scope="col">{tr!(credits.movement)}</th>
                        <th scope="col">{tr!(credits.col_account)}</th>
                        <th scope="col">{tr!(credits.col_details)}</th>
                        <th scope="col" class="num">{tr!(credits.col_change)}</th>
                        <th scope="col" class="num">{tr!(credits.col_balance)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().rev().map(|l| {
                        let when = stamp_iso(&l.at);
                        let (movement, unit) = (l.movement.clone(), l.unit.clone());
                        let line = l.clone();
                        let details = match (l.project.clone(), l.what.clone(), l.reason.clone()) {
                            (Some((id, title)), _, _) => {
                                let href = format!("/projects/{id}");
                                view! { <A href=href>{title}</A> }.into_any()
                            }
                            (None, Some(what), _) => view! {
                                <span>{move || crate::domain::words::say(lang.get(), &what)}</span>
                            }.into_any(),
                            (None, None, Some(r)) => view! { <span>{r}</span> }.into_any(),
                            (None, None, None) => view! { <span class="muted">"—"</span> }.into_any(),
                        };
                        view! {
                            <tr>
                                <td class="when">{when}</td>
                                <td>{move || super::labels::movement_text(locale_of(lang.get()), &movement)}</td>
                                <td>{move || super::labels::unit_text(locale_of(lang.get()), &unit)}</td>
                                <td>{details}</td>
                                <td class="num" class:negative=l.amount < 0>{let line = line.clone(); move || amount_text(lang.get(), &line, true)}</td>
                                <td class="num">{move || amount_text(lang.get(), &line, false)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn StaffCreditsPage() -> impl IntoView {
    let grant = ServerAction::<GrantCredits>::new();
    let email = RwSignal::new(String::new());
    let kind = RwSignal::new("offer".to_string());
    let count = RwSignal::new("1".to_string());
    let reason = RwSignal::new(String::new());
    let refund = RwSignal::new(false);
    let pick_movement = Callback::new(move |v: String| refund.set(v == "refund"));
    let key = StoredValue::new(new_key());
    let hydrated = use_hydrated();
    let error = last_error(grant.value());
    let reason_error = field_error(error, "reason");
    let lang = use_page_lang();
    Effect::new(move |_| {
        if let Some(Ok(_)) = grant.value().get() {
            key.set_value(new_key());
        }
    });
    view! {
        <Title text=tr!(credits.grant_title)/>
        <section class="narrow card">
            <h1>{tr!(credits.grant_heading)}</h1>
            <p class="muted">{tr!(credits.grant_intro)}</p>
            {move || grant.value().get().and_then(|r| r.ok()).map(|g| view! {
                <div class="notice success" role="status">
                    <p>{trf!(credits.grant_done, count = g.count, kind = kind_lower(locale_of(lang.get()), g.kind), balance = g.balance_after)}</p>
                </div>
            })}
            <form on:submit=move |ev| {
                ev.prevent_default();
                grant.dispatch(GrantCredits {
                    provider_email: email.get_untracked(),
                    kind: CreditKind::from_slug(&kind.get_untracked()).unwrap_or(CreditKind::Offer),
                    count: count.get_untracked(),
                    reason: reason.get_untracked(),
                    refund: refund.get_untracked(),
                    key: key.get_value(),
                });
            }>
                <FormError error fields=vec!["provider", "count", "reason"]/>
                <TextField label=tr!(credits.provider_email) name="provider" kind="email" value=email error=field_error(error, "provider")/>
                <div class="field">
                    <label for="field-kind">{tr!(credits.credit_kind)}</label>
                    <select id="field-kind" use:keep_typed=kind prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        // The HTML marks the form's own choice, so a choice made
                        // before the wasm has arrived is told apart from it.
                        {CreditKind::ALL.into_iter().map(|k| view! {
                            <option value=k.slug() selected=k.slug() == kind.get_untracked()>{label(k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField label=tr!(credits.count) name="count" inputmode="numeric" value=count error=field_error(error, "count")/>
                <fieldset class="field">
                    <legend>{tr!(credits.movement)}</legend>
                    <label class="check"><input type="radio" name="movement" value="grant" use:keep_choice=pick_movement checked=!refund.get_untracked() prop:checked=move || !refund.get() on:change=move |_| refund.set(false)/><span>{tr!(credits.grant)}</span></label>
                    <label class="check"><input type="radio" name="movement" value="refund" use:keep_choice=pick_movement checked=refund.get_untracked() prop:checked=move || refund.get() on:change=move |_| refund.set(true)/><span>{tr!(credits.refund)}</span></label>
                </fieldset>
                <div class="field" class:has-error=move || reason_error.get().is_some()>
                    <label for="field-reason">{tr!(credits.reason)}</label>
                    <textarea id="field-reason" rows="2" use:keep_typed=reason prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <FieldMessage id="field-reason-error".into() error=reason_error/>
                </div>
                <button type="submit" class="button primary" disabled=move || !hydrated.get() || grant.pending().get()>{tr!(credits.record)}</button>
            </form>
        </section>
    }
}

/// Credits spent per day, stacked by kind, as a small SVG bar chart with a
/// text summary for screen readers.
#[component]
fn UsageChart(lines: Vec<StatementLine>) -> impl IntoView {
    use crate::domain::usage::daily_spend;
    let days = daily_spend(
        lines.iter().filter_map(|l| {
            CreditKind::from_slug(&l.unit)
                .map(|k| (l.at.as_str(), l.movement.as_str(), k, l.amount))
        }),
        30,
    );
    if days.is_empty() {
        return view! { <p class="muted">{tr!(credits.no_spend)}</p> }.into_any();
    }
    let max = days.iter().map(|d| d.total()).max().unwrap_or(1).max(1);
    let (first_day, last_day) = (days[0].day.clone(), days[days.len() - 1].day.clone());
    let (width, height, gap) = (600.0_f64, 140.0_f64, 6.0_f64);
    let bar = ((width - gap * days.len() as f64) / days.len() as f64).clamp(6.0, 48.0);
    let lang = use_page_lang();
    let totals: Vec<(String, i64)> = days.iter().map(|d| (d.day.clone(), d.total())).collect();
    let summary = move || {
        let lang = lang.get();
        totals
            .iter()
            .map(|(day, n)| format!("{}: {n}", date_iso_text(lang, day)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let bars = days
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            let x = i as f64 * (bar + gap);
            let mut y = height;
            d.spent
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(k, n)| {
                    let h = *n as f64 / max as f64 * (height - 10.0);
                    y -= h;
                    let kind = CreditKind::ALL[k];
                    let (day, n) = (d.day.clone(), *n);
                    view! {
                        <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{bar:.1}") height=format!("{h:.1}")
                            class=format!("bar bar-{}", kind.slug())>
                            <title>{move || {
                                let lang = lang.get();
                                let l = locale_of(lang);
                                crate::tdf!(l, credits.chart_bar, day = date_iso_text(lang, &day), n = n, kind = kind_lower(l, kind))
                            }}</title>
                        </rect>
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    view! {
        <figure class="card usage-chart">
            <figcaption>
                <strong>{tr!(credits.chart_title)}</strong>
                <span class="legend">
                    {CreditKind::ALL.into_iter().map(|k| view! {
                        <span class=format!("key key-{}", k.slug())>{label(k)}</span>
                    }).collect_view()}
                </span>
            </figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img"
                aria-label=trf!(credits.chart_label, summary = summary()) preserveAspectRatio="xMinYMax meet">
                {bars}
            </svg>
            <p class="muted small">{trf!(credits.chart_span, from = date_iso_text(lang.get(), &first_day), to = date_iso_text(lang.get(), &last_day))}</p>
        </figure>
    }
    .into_any()
}

/// Paying into the prepaid account (for leads) through the payment gateway.
/// One key per intended payment, renewed only after it succeeds.
#[component]
fn TopUpForm(action: ServerAction<TopUpAccount>) -> impl IntoView {
    let amount = RwSignal::new("50".to_string());
    let card = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    let hydrated = use_hydrated();
    let error = last_error(action.value());
    let lang = use_page_lang();
    let (paying, pay) = (tr!(credits.paying), tr!(credits.pay));
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            key.set_value(new_key());
            card.set(String::new());
        }
    });
    view! {
        <section class="card top-up" aria-labelledby="top-up-title">
            <h2 id="top-up-title">{tr!(credits.top_up_title)}</h2>
            <p class="muted small">{tr!(credits.top_up_before)}
                <code>{TEST_CARD_OK}</code>{tr!(credits.top_up_between)}<code>{TEST_CARD_DECLINED}</code>{tr!(credits.top_up_after)}</p>
            {move || action.value().get().and_then(|r| r.ok()).map(|t| view! {
                <div class="notice success" role="status">
                    <p>{trf!(credits.paid, amount = lang.get().money(t.amount), last4 = t.card_last4.clone(), balance = lang.get().money(t.balance_after))}</p>
                </div>
            })}
            <form on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(TopUpAccount {
                    amount: amount.get_untracked(),
                    card: card.get_untracked(),
                    key: key.get_value(),
                });
            }>
                <FormError error fields=vec!["amount", "card"]/>
                <div class="field-row">
                    <TextField label=tr!(offers.amount_field) name="amount" inputmode="decimal" value=amount
                        error=field_error(error, "amount") hint=tr!(credits.top_up_range)/>
                    <TextField label=tr!(credits.card) name="card" inputmode="numeric" autocomplete="cc-number" value=card
                        error=field_error(error, "card") hint=tr!(credits.card_hint)/>
                </div>
                <button type="submit" class="button primary" disabled=move || !hydrated.get() || action.pending().get()>
                    {move || if action.pending().get() { paying.get() } else { pay.get() }}
                </button>
            </form>
        </section>
    }
}
