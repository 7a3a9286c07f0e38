//! Credits: the unlock panel on a project, the provider's statement, staff grants.

use super::common::{
    field_error, last_error, use_hydrated, ErrorNotice, FieldMessage, FormError, Loading, TextField,
};
use super::early_input::{keep_choice, keep_typed};
use crate::api::credits::{
    access_to_project, my_credits, my_statement, new_key, GrantCredits, SpendCredit, TopUpAccount,
};
use crate::domain::ledger::CreditKind;
use crate::domain::money::Cents;
use crate::domain::payment::{TEST_CARD_DECLINED, TEST_CARD_OK};
use crate::views::credits::{CreditBalances, StatementLine};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

fn unlocks_what(kind: CreditKind) -> &'static str {
    match kind {
        CreditKind::Consultation => {
            "The full project report: other providers' offers, files and the questions thread."
        }
        CreditKind::Offer => {
            "Post your offer (amount, duration, message) or ask the client questions."
        }
        CreditKind::Contact => "The client's direct details, to call or write to them.",
    }
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
    let notice = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(u)) = spend.value().get() {
            keys.update_value(|k| {
                k.remove(&u.kind);
            });
            notice.set(Some(if u.charged {
                format!(
                    "{} unlocked: 1 {} credit spent, {} left.",
                    u.kind.label(),
                    u.kind.label().to_lowercase(),
                    u.balance_after
                )
            } else {
                format!(
                    "{} was already unlocked: nothing was charged.",
                    u.kind.label()
                )
            }));
            reloads.update(|n| *n += 1);
        }
    });
    let error = last_error(spend.value());
    view! {
        <section class="card unlocks" aria-labelledby="unlocks-title">
            <h2 id="unlocks-title">"Unlock with credits"</h2>
            {move || notice.get().map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
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
                                                    <h3>{kind.label()}</h3>
                                                    <p class="muted small">{unlocks_what(kind)}</p>
                                                    <p class="small">{format!("Costs 1 {} credit · you have {have}", kind.label().to_lowercase())}</p>
                                                </div>
                                                {if done {
                                                    view! { <span class="badge status-published">"Unlocked"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <button class="button primary small"
                                                            aria-label=format!("Unlock {} for 1 credit", kind.label().to_lowercase())
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
                                                            "Unlock"
                                                        </button>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                {a.contact.map(|c| view! {
                                    <div class="contact" aria-label="Client contact">
                                        <h3>"Client contact"</h3>
                                        <p><strong>{c.name}</strong></p>
                                        <p><a href=format!("mailto:{}", c.email)>{c.email.clone()}</a></p>
                                        {c.phone.clone().map(|phone| {
                                            let dial = format!("tel:{}", phone.replace(' ', ""));
                                            view! { <p><a href=dial>{phone}</a></p> }
                                        })}
                                    </div>
                                })}
                                <p class="small"><A href="/credits">"See your credits and statement"</A></p>
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
    view! {
        <div class="balance-cards">
            {CreditKind::ALL.into_iter().map(|k| view! {
                <div class="card balance" aria-label=format!("{} credits", k.label())>
                    <p class="muted small">{format!("{} credits", k.label())}</p>
                    <p class="figure">{balances.of(k)}</p>
                </div>
            }).collect_view()}
            <div class="card balance" aria-label="Prepaid account">
                <p class="muted small">"Prepaid account"</p>
                <p class="figure num">{balances.money.display()}</p>
            </div>
        </div>
    }
}

fn movement_label(m: &str) -> &'static str {
    match m {
        "grant" => "Granted",
        "spend" => "Spent",
        "refund" => "Refunded",
        "top_up" => "Top-up",
        "purchase" => "Lead purchase",
        "purchase_refund" => "Purchase refunded",
        _ => "Movement",
    }
}

fn unit_label(unit: &str) -> String {
    match CreditKind::from_slug(unit) {
        Some(k) => format!("{} credits", k.label()),
        None => "Prepaid account".into(),
    }
}

fn amount_text(line: &StatementLine, signed: bool) -> String {
    let v = if signed {
        line.amount
    } else {
        line.balance_after
    };
    if line.unit == "cents" {
        let t = Cents::new(v.abs()).display();
        if signed && v > 0 {
            format!("+{t}")
        } else if signed {
            format!("−{t}")
        } else {
            t
        }
    } else if signed && v > 0 {
        format!("+{v}")
    } else if signed {
        format!("−{}", v.abs())
    } else {
        v.to_string()
    }
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
        <Title text="Credits"/>
        <section>
            <h1>"Credits and statement"</h1>
            <p class="muted">"Each credit unlocks one thing on one project, once: a second unlock of the same kind on the same project is never charged."</p>
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
            <h2>"Statement"</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match statement.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(lines) if lines.is_empty() => view! {
                            <div class="empty"><p>"No movement yet. Credits come with a plan or from staff."</p></div>
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
    view! {
        <div class="table-wrap">
            <table class="data" aria-label="Statement">
                <thead>
                    <tr>
                        <th scope="col">"Date (UTC)"</th>
                        <th scope="col">"Movement"</th>
                        <th scope="col">"Account"</th>
                        <th scope="col">"Details"</th>
                        <th scope="col" class="num">"Change"</th>
                        <th scope="col" class="num">"Balance"</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().rev().map(|l| {
                        let when = l.at.replace('T', " ").chars().take(16).collect::<String>();
                        let details = match (l.project.clone(), l.reason.clone()) {
                            (Some((id, title)), _) => {
                                let href = format!("/projects/{id}");
                                view! { <A href=href>{title}</A> }.into_any()
                            }
                            (None, Some(r)) => view! { <span>{r}</span> }.into_any(),
                            (None, None) => view! { <span class="muted">"—"</span> }.into_any(),
                        };
                        view! {
                            <tr>
                                <td class="when">{when}</td>
                                <td>{movement_label(&l.movement)}</td>
                                <td>{unit_label(&l.unit)}</td>
                                <td>{details}</td>
                                <td class="num" class:negative=l.amount < 0>{amount_text(&l, true)}</td>
                                <td class="num">{amount_text(&l, false)}</td>
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
    Effect::new(move |_| {
        if let Some(Ok(_)) = grant.value().get() {
            key.set_value(new_key());
        }
    });
    view! {
        <Title text="Grant credits"/>
        <section class="narrow card">
            <h1>"Grant or refund credits"</h1>
            <p class="muted">"Exceptional movements, each with a reason the provider will see on their statement."</p>
            {move || grant.value().get().and_then(|r| r.ok()).map(|g| view! {
                <div class="notice success" role="status">
                    <p>{format!("Done: {} {} credit(s). The provider now has {}.", g.count, g.kind.label().to_lowercase(), g.balance_after)}</p>
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
                <TextField label="Provider's email" name="provider" kind="email" value=email error=field_error(error, "provider")/>
                <div class="field">
                    <label for="field-kind">"Credit kind"</label>
                    <select id="field-kind" use:keep_typed=kind prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        // The HTML marks the form's own choice, so a choice made
                        // before the wasm has arrived is told apart from it.
                        {CreditKind::ALL.into_iter().map(|k| view! {
                            <option value=k.slug() selected=k.slug() == kind.get_untracked()>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField label="Number of credits" name="count" inputmode="numeric" value=count error=field_error(error, "count")/>
                <fieldset class="field">
                    <legend>"Movement"</legend>
                    <label class="check"><input type="radio" name="movement" value="grant" use:keep_choice=pick_movement checked=!refund.get_untracked() prop:checked=move || !refund.get() on:change=move |_| refund.set(false)/><span>"Grant"</span></label>
                    <label class="check"><input type="radio" name="movement" value="refund" use:keep_choice=pick_movement checked=refund.get_untracked() prop:checked=move || refund.get() on:change=move |_| refund.set(true)/><span>"Refund spent credits"</span></label>
                </fieldset>
                <div class="field" class:has-error=move || reason_error.get().is_some()>
                    <label for="field-reason">"Reason"</label>
                    <textarea id="field-reason" rows="2" use:keep_typed=reason prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <FieldMessage id="field-reason-error".into() error=reason_error/>
                </div>
                <button type="submit" class="button primary" disabled=move || !hydrated.get() || grant.pending().get()>"Record the movement"</button>
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
        return view! { <p class="muted">"No credit spent yet: the chart of use appears with the first spend."</p> }.into_any();
    }
    let max = days.iter().map(|d| d.total()).max().unwrap_or(1).max(1);
    let (width, height, gap) = (600.0_f64, 140.0_f64, 6.0_f64);
    let bar = ((width - gap * days.len() as f64) / days.len() as f64).clamp(6.0, 48.0);
    let summary = days
        .iter()
        .map(|d| format!("{}: {}", d.day, d.total()))
        .collect::<Vec<_>>()
        .join(", ");
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
                    view! {
                        <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{bar:.1}") height=format!("{h:.1}")
                            class=format!("bar bar-{}", kind.slug())>
                            <title>{format!("{}: {} {} credit(s)", d.day, n, kind.label().to_lowercase())}</title>
                        </rect>
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    view! {
        <figure class="card usage-chart">
            <figcaption>
                <strong>"Credits spent per day"</strong>
                <span class="legend">
                    {CreditKind::ALL.into_iter().map(|k| view! {
                        <span class=format!("key key-{}", k.slug())>{k.label()}</span>
                    }).collect_view()}
                </span>
            </figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img"
                aria-label=format!("Credits spent per day, {summary}") preserveAspectRatio="xMinYMax meet">
                {bars}
            </svg>
            <p class="muted small">{format!("{} to {}", days[0].day, days[days.len() - 1].day)}</p>
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
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            key.set_value(new_key());
            card.set(String::new());
        }
    });
    view! {
        <section class="card top-up" aria-labelledby="top-up-title">
            <h2 id="top-up-title">"Top up your prepaid account"</h2>
            <p class="muted small">"Leads are paid from this account. Payments go through our test gateway: use "
                <code>{TEST_CARD_OK}</code>" to pay, or "<code>{TEST_CARD_DECLINED}</code>" to see a refusal."</p>
            {move || action.value().get().and_then(|r| r.ok()).map(|t| view! {
                <div class="notice success" role="status">
                    <p>{format!("Paid {} with the card ending {}. Your account now holds {}.", t.amount.display(), t.card_last4, t.balance_after.display())}</p>
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
                    <TextField label="Amount (€)" name="amount" inputmode="decimal" value=amount
                        error=field_error(error, "amount") hint="From 10 to 5,000 €."/>
                    <TextField label="Card number" name="card" inputmode="numeric" autocomplete="cc-number" value=card
                        error=field_error(error, "card") hint="A test card number, see above."/>
                </div>
                <button type="submit" class="button primary" disabled=move || !hydrated.get() || action.pending().get()>
                    {move || if action.pending().get() { "Paying…" } else { "Pay and top up" }}
                </button>
            </form>
        </section>
    }
}
