//! Every role's landing page: what needs them now, and where their money is.

use super::common::StatusBadge;
use super::common::{last_error, use_hydrated, ErrorNotice, Loading};
use super::labels::label;
use super::lang::{date_iso_text, locale_of, money, money_range, stamp, use_page_lang};
use crate::api::credits::{new_key, SpendCredit};
use crate::api::dashboard::my_dashboard;
use crate::domain::ledger::CreditKind;
use crate::domain::locale::Lang;
use crate::domain::money::Cents;
use crate::domain::pipeline::{ClientAction, LostWhy, NextAction, Stage};
use crate::i18n::td_string;
use crate::views::dashboard::*;
use crate::{tr, trf};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn DashboardPage() -> impl IntoView {
    // Bumped by the person's live feed (see the header) whenever something
    // happens to them: the dashboard reads itself again.
    let changes = expect_context::<super::notifications::BellVersion>().0;
    let dashboard = Resource::new(move || changes.get(), |_| my_dashboard());
    view! {
        <Title text=tr!(common.nav.dashboard)/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Err(e) => view! { <h1>{tr!(common.nav.dashboard)}</h1> <ErrorNotice error=e/> }.into_any(),
                    Ok(Dashboard::Provider(d)) => view! { <ProviderBoard d=*d/> }.into_any(),
                    Ok(Dashboard::Client(d)) => view! { <ClientBoard d/> }.into_any(),
                    Ok(Dashboard::Staff(d)) => view! { <StaffBoard d/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A figure with its label, for the tiles at the top of a dashboard.
#[component]
fn Tile(
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] figure: Signal<String>,
    #[prop(optional, into)] note: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <div class="card tile">
            <p class="tile-label">{label}</p>
            <p class="tile-figure">{figure}</p>
            {note.map(|note| view! { <p class="muted small">{note}</p> })}
        </div>
    }
}

// ---------------------------------------------------------------- provider

#[component]
fn ProviderBoard(d: ProviderDashboard) -> impl IntoView {
    let working = d
        .columns
        .iter()
        .filter(|c| matches!(c.stage, Stage::Selected | Stage::InProgress))
        .map(|c| c.count)
        .sum::<usize>();
    let credits = &d.credits;
    let lang = use_page_lang();
    let totals = d.totals;
    let credits_left = format!(
        "{} · {} · {}",
        credits.consultation, credits.offer, credits.contact
    );
    view! {
        <div class="page-head">
            <h1>{tr!(common.nav.dashboard)}</h1>
            <div class="head-actions">
                <A href="/profile/edit" attr:class="button">{tr!(dashboard.my_profile)}</A>
                <A href="/certification" attr:class="button">{tr!(dashboard.certification)}</A>
                <A href="/feed" attr:class="button primary">{tr!(dashboard.find_projects)}</A>
            </div>
        </div>
        <div class="tiles" role="group" aria-label=tr!(dashboard.at_a_glance)>
            <Tile label=tr!(dashboard.working) figure=working.to_string()/>
            <Tile label=tr!(dashboard.released_to_you) figure=Signal::derive(money(totals.released))
                note=Signal::derive(move || crate::tdf!(locale_of(lang.get()), dashboard.not_yet_requested,
                    amount = lang.get().money(totals.payable())))/>
            <Tile label=tr!(dashboard.paid_to_bank) figure=Signal::derive(money(totals.paid))/>
            <Tile label=tr!(dashboard.credits_left) figure=credits_left
                note=Signal::derive(move || td_string!(locale_of(lang.get()), dashboard.credit_kinds).to_string())/>
        </div>
        {(!d.fees.is_empty()).then(|| view! { <FeesDue fees=d.fees.clone()/> })}
        <Pipeline columns=d.columns.clone()/>
        <Matches matches=d.matches.clone() no_preferences=d.no_preferences previous=d.previous_visit/>
        <ProviderMoney earnings=d.earnings.clone() totals=d.totals payouts=d.payouts.clone()/>
        <div class="two-columns">
            <CreditsCard credits=d.credits.clone()/>
            <LeadsCard leads=d.leads.clone()/>
        </div>
        <div class="two-columns">
            <BarChart title=tr!(dashboard.released_per_month) bars=d.earned_per_month.clone() money=true/>
            <BarChart title=tr!(dashboard.spent_per_week) bars=d.spent_per_week.clone() money=false/>
        </div>
    }
}

#[component]
fn Pipeline(columns: Vec<StageColumn>) -> impl IntoView {
    let empty = columns.iter().all(|c| c.count == 0);
    view! {
        <section aria-labelledby="pipeline-title" class="pipeline-section">
            <h2 id="pipeline-title">{tr!(dashboard.your_projects)}</h2>
            {if empty {
                view! {
                    <div class="empty">
                        <p>{tr!(dashboard.no_project)}</p>
                        <A href="/feed" attr:class="button">{tr!(dashboard.open_feed)}</A>
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="pipeline">
                        {columns.into_iter().map(|c| view! { <StageList column=c/> }).collect_view()}
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn StageList(column: StageColumn) -> impl IntoView {
    let id = format!("stage-{}", column.stage.slug());
    let more = column.count.saturating_sub(column.cards.len());
    let labelled_by = id.clone();
    view! {
        <section class=format!("stage stage-{}", column.stage.slug()) aria-labelledby=labelled_by>
            <h3 id=id>{label(column.stage)}" "<span class="badge">{column.count}</span></h3>
            {(column.count == 0).then(|| view! { <p class="muted small">{tr!(dashboard.none)}</p> })}
            <ul class="stage-cards">
                {column.cards.into_iter().map(|c| view! { <PipelineItem card=c/> }).collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p class="muted small">{trf!(dashboard.more_older, n = more)}</p> })}
        </section>
    }
}

#[component]
fn PipelineItem(card: PipelineCard) -> impl IntoView {
    let href = format!("/projects/{}", card.project_id);
    let lang = use_page_lang();
    let action = card.action;
    let text = move || provider_step(lang.get(), action).0;
    let cta = provider_step(lang.get_untracked(), action)
        .1
        .is_some()
        .then_some(move || provider_step(lang.get(), action).1.unwrap_or_default());
    let (offer, since) = (card.offer, card.since);
    // The payout form is on this page, folded: the link opens it.
    let cta_href = if matches!(card.action, NextAction::RequestPayout { .. }) {
        format!("/dashboard?project={0}#payout-{0}", card.project_id)
    } else {
        href.clone()
    };
    view! {
        <li class="stage-card">
            // A lost project is no longer open to this provider: no link to it.
            {if card.stage == Stage::Lost {
                view! { <span class="stage-title">{card.title}</span> }.into_any()
            } else {
                view! { <A href=href attr:class="stage-title">{card.title}</A> }.into_any()
            }}
            <p class="small muted">
                {card.is_lead.then(|| view! { {tr!(dashboard.lead)}" · " })}
                {offer.map(|o| view! { {trf!(dashboard.your_offer, amount = lang.get().money(o))}" · " })}
                {trf!(dashboard.since, day = lang.get().date(since.date()))}
            </p>
            <p class="next-step">{text}</p>
            {cta.map(|label| view! { <a class="button small" href=cta_href>{label}</a> })}
        </li>
    }
}

/// What a card says the provider should do, and its button's label.
fn provider_step(lang: Lang, action: NextAction) -> (String, Option<&'static str>) {
    let l = locale_of(lang);
    let (text, cta): (String, Option<&'static str>) = match action {
        NextAction::UnlockOffer => (
            td_string!(l, dashboard.step.unlock_offer).into(),
            Some(td_string!(l, dashboard.cta.unlock_offer)),
        ),
        NextAction::MakeOffer => (
            td_string!(l, dashboard.step.make_offer).into(),
            Some(td_string!(l, offers.make)),
        ),
        NextAction::CallClient => (
            td_string!(l, dashboard.step.call_client).into(),
            Some(td_string!(l, dashboard.cta.see_details)),
        ),
        NextAction::WaitForReading => (
            td_string!(l, dashboard.step.wait_reading).into(),
            Some(td_string!(l, dashboard.cta.edit_offer)),
        ),
        NextAction::FollowUp => (
            td_string!(l, dashboard.step.follow_up).into(),
            Some(td_string!(l, dashboard.cta.open_project)),
        ),
        NextAction::ConfirmAgreement => (
            td_string!(l, dashboard.step.confirm).into(),
            Some(td_string!(l, dashboard.cta.review_terms)),
        ),
        NextAction::RequestPayout { cents } => (
            crate::tdf!(
                l,
                dashboard.step.request_payout,
                amount = lang.money(Cents::new(cents))
            ),
            Some(td_string!(l, escrow.payout_title)),
        ),
        NextAction::DeliverFunded { cents } => (
            crate::tdf!(
                l,
                dashboard.step.deliver_funded,
                amount = lang.money(Cents::new(cents))
            ),
            Some(td_string!(l, dashboard.cta.payment_tab)),
        ),
        NextAction::AwaitDeposit => (
            td_string!(l, dashboard.step.await_deposit).into(),
            Some(td_string!(l, dashboard.cta.payment_tab)),
        ),
        NextAction::Deliver => (td_string!(l, dashboard.step.deliver).into(), None),
        NextAction::RateClient => (
            td_string!(l, dashboard.step.rate_client).into(),
            Some(td_string!(l, dashboard.cta.rate_client)),
        ),
        NextAction::Nothing => (td_string!(l, dashboard.step.done).into(), None),
        NextAction::Lost(LostWhy::AnotherProvider) => {
            (td_string!(l, dashboard.step.lost_other).into(), None)
        }
        NextAction::Lost(LostWhy::Withdrawn) => {
            (td_string!(l, dashboard.step.lost_withdrawn).into(), None)
        }
    };
    (text, cta)
}

#[component]
fn Matches(
    matches: Vec<MatchLine>,
    no_preferences: bool,
    previous: Option<time::OffsetDateTime>,
) -> impl IntoView {
    let spend = ServerAction::<SpendCredit>::new();
    let hydrated = use_hydrated();
    let changes = expect_context::<super::notifications::BellVersion>().0;
    // A spent credit moves the project into the pipeline: read the board again.
    Effect::new(move |_| {
        if let Some(Ok(_)) = spend.value().get() {
            changes.update(|n| *n += 1);
        }
    });
    let error = last_error(spend.value());
    let fresh = matches.iter().filter(|m| m.new).count();
    let lang = use_page_lang();
    let heading = move || {
        let l = locale_of(lang.get());
        match (&previous, fresh) {
            (Some(_), 0) => td_string!(l, dashboard.matches_none_new).to_string(),
            (Some(_), 1) => td_string!(l, dashboard.matches_one_new).to_string(),
            (Some(_), n) => crate::tdf!(l, dashboard.matches_new, n = n),
            (None, _) => td_string!(l, dashboard.matches).to_string(),
        }
    };
    view! {
        <section class="card" aria-labelledby="matches-title">
            <h2 id="matches-title">{heading}</h2>
            {no_preferences.then(|| view! {
                <p class="muted small">{tr!(dashboard.no_preferences)}" "
                    <A href="/preferences">{tr!(dashboard.choose_preferences)}</A></p>
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            {if matches.is_empty() {
                view! { <p class="muted">{tr!(dashboard.no_match)}</p> }.into_any()
            } else {
                view! {
                    <ul class="match-list">
                        {matches.into_iter().map(|m| {
                            let project_id = m.project_id;
                            let key = new_key();
                            // The button says what it does; the project's title, heard
                            // after it, comes from the link it describes (WCAG 2.5.3).
                            let title_id = format!("match-{project_id}");
                            let (region, (low, high), at) = (m.region, m.budget, m.published_at);
                            view! {
                                <li>
                                    <div>
                                        <A href=format!("/projects/{}", m.project_id) attr:id=title_id.clone()>{m.title}</A>
                                        {m.new.then(|| view! { " "<span class="badge new-match">{tr!(offers.is_new)}</span> })}
                                        <span class="muted small">" · "{label(region)}" · "{money_range(low, high)}" · "
                                            {trf!(feed.published, age = lang.get().date(at.date()))}</span>
                                    </div>
                                    <button class="button small" aria-describedby=title_id
                                        disabled=move || !hydrated.get() || spend.pending().get()
                                        on:click=move |_| {
                                            spend.dispatch(SpendCredit { project_id, kind: CreditKind::Offer, key: key.clone() });
                                        }>
                                        {tr!(dashboard.unlock_to_offer)}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ProviderMoney(
    earnings: Vec<EarningsLine>,
    totals: Earnings,
    payouts: Vec<PayoutLine>,
) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let lang = use_page_lang();
    let outcome_for = move || {
        query
            .read()
            .get("project")
            .and_then(|p| p.parse::<i64>().ok())
    };
    view! {
        <section class="card" id="money" aria-labelledby="money-title">
            <h2 id="money-title">{tr!(dashboard.your_money)}</h2>
            {if earnings.is_empty() {
                view! { <p class="muted">{tr!(dashboard.no_money)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table role="table" class="data money stack-on-phone" aria-label=tr!(dashboard.money_by_project)>
                            <thead><tr>
                                <th scope="col">{tr!(project.col_project)}</th>
                                <th scope="col" class="num">{tr!(escrow.held)}</th>
                                <th scope="col" class="num">{tr!(escrow.released)}</th>
                                <th scope="col" class="num">{tr!(escrow.requested)}</th>
                                <th scope="col" class="num">{tr!(fees.paid)}</th>
                                <th scope="col" class="num">{tr!(dashboard.to_request)}</th>
                            </tr></thead>
                            <tbody>
                                {earnings.iter().map(|l| view! { <EarningsRow line=l.clone()/> }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <th scope="row">{tr!(escrow.total)}</th>
                                <EarningsCells m=totals/>
                            </tr></tfoot>
                        </table>
                    </div>
                    {earnings.into_iter().filter(|l| l.money.payable().is_positive() || outcome_for() == Some(l.project_id)).map(|l| {
                        let id = l.project_id;
                        let (title, payable) = (l.title.clone(), l.money.payable());
                        view! {
                        <details class="payout-request" id=format!("payout-{id}") open=move || outcome_for() == Some(id)>
                            <summary>{move || crate::tdf!(locale_of(lang.get()), dashboard.payout_for, title = title.as_str(),
                                amount = lang.get().money(payable))}</summary>
                            <super::escrow::PayoutForm project_id=l.project_id from_dashboard=true/>
                        </details>
                    }}).collect_view()}
                }.into_any()
            }}
            <PayoutTable payouts/>
        </section>
    }
}

#[component]
fn EarningsRow(line: EarningsLine) -> impl IntoView {
    view! {
        <tr>
            <th scope="row"><A href=format!("/projects/{}", line.project_id)>{line.title}</A></th>
            <EarningsCells m=line.money/>
        </tr>
    }
}

/// A line's figures: held, released, requested, paid, still to request.
#[component]
fn EarningsCells(m: Earnings) -> impl IntoView {
    view! {
        <td class="num" data-label=tr!(escrow.held)>{money(m.held)}</td>
        <td class="num" data-label=tr!(escrow.released)>{money(m.released)}</td>
        <td class="num" data-label=tr!(escrow.requested)>{money(m.requested)}</td>
        <td class="num" data-label=tr!(fees.paid)>{money(m.paid)}</td>
        <td class="num" data-label=tr!(dashboard.to_request)>{money(m.payable())}</td>
    }
}

#[component]
fn PayoutTable(payouts: Vec<PayoutLine>) -> impl IntoView {
    let lang = use_page_lang();
    view! {
        <h3>{tr!(dashboard.payout_requests)}</h3>
        {if payouts.is_empty() {
            view! { <p class="muted">{tr!(escrow.no_payout)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0">
                    <table role="table" class="data money stack-on-phone" aria-label=tr!(dashboard.payout_requests)>
                        <thead><tr>
                            <th scope="col">{tr!(project.col_project)}</th>
                            <th scope="col">{tr!(escrow.requested)}</th>
                            <th scope="col" class="num">{tr!(offers.amount)}</th>
                            <th scope="col">{tr!(project.col_status)}</th>
                        </tr></thead>
                        <tbody>
                            {payouts.into_iter().map(|p| {
                                let (paid_at, reference) = (p.paid_at, p.reference.clone().unwrap_or_default());
                                view! {
                                <tr>
                                    <th scope="row"><A href=format!("/projects/{}", p.project_id)>{p.title}</A></th>
                                    <td class="when" data-label=tr!(escrow.requested)>{stamp(p.requested_at)}</td>
                                    <td class="num" data-label=tr!(offers.amount)>{money(p.amount)}</td>
                                    <td data-label=tr!(project.col_status)>{if p.paid {
                                        view! { {move || crate::tdf!(locale_of(lang.get()), escrow.paid_on,
                                            when = paid_at.map(|t| lang.get().stamp(t)).unwrap_or_default(),
                                            reference = reference.as_str())} }.into_any()
                                    } else {
                                        tr!(escrow.waiting_transfer).into_any()
                                    }}</td>
                                </tr>
                            }}).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn CreditsCard(credits: CreditsLeft) -> impl IntoView {
    let lang = use_page_lang();
    let (name, end, renews) = (
        credits.plan.clone(),
        credits.period_end.clone(),
        credits.renews,
    );
    let plan = move || {
        let lang = lang.get();
        let l = locale_of(lang);
        match (&name, &end) {
            (Some(name), Some(end)) if renews => crate::tdf!(
                l,
                dashboard.plan_renews,
                plan = name.as_str(),
                day = date_iso_text(lang, end)
            ),
            (Some(name), Some(end)) => crate::tdf!(
                l,
                dashboard.plan_ends,
                plan = name.as_str(),
                day = date_iso_text(lang, end)
            ),
            _ => td_string!(l, dashboard.no_plan).to_string(),
        }
    };
    view! {
        <section class="card" aria-labelledby="credits-title">
            <h2 id="credits-title">{tr!(common.nav.credits)}</h2>
            <dl class="facts">
                <div><dt>{label(CreditKind::Consultation)}</dt><dd>{credits.consultation}</dd></div>
                <div><dt>{label(CreditKind::Offer)}</dt><dd>{credits.offer}</dd></div>
                <div><dt>{label(CreditKind::Contact)}</dt><dd>{credits.contact}</dd></div>
                <div><dt>{tr!(dashboard.lead_account)}</dt><dd class="num">{money(credits.money)}</dd></div>
            </dl>
            <p class="muted small">{plan}</p>
            <A href="/credits" attr:class="button small">{tr!(dashboard.credits_and_plans)}</A>
        </section>
    }
}

#[component]
fn LeadsCard(leads: Vec<LeadLine>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="leads-title">
            <h2 id="leads-title">{tr!(dashboard.leads_title)}</h2>
            {if leads.is_empty() {
                view! { <p class="muted">{tr!(dashboard.no_lead)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {leads.into_iter().map(|l| view! {
                            <li>
                                <A href=format!("/projects/{}", l.project_id)>{l.title}</A>
                                <span class="muted small">" · "{lead_state(&l.state)}{l.price.map(|p| view! { " · "{money(p)} })}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <A href="/leads" attr:class="button small">{tr!(dashboard.all_leads)}</A>
        </section>
    }
}

fn lead_state(state: &str) -> Option<ArcSignal<&'static str>> {
    match state {
        "bought" => Some(tr!(dashboard.lead_bought)),
        "awarded" => Some(tr!(dashboard.lead_awarded)),
        "waiting" => Some(tr!(dashboard.lead_waiting)),
        "lapsed" => Some(tr!(dashboard.lead_lapsed)),
        _ => None,
    }
}

/// A small server-rendered bar chart with its figures as text alternative.
#[component]
fn BarChart(title: ArcSignal<&'static str>, bars: Vec<Bar>, money: bool) -> impl IntoView {
    let lang = use_page_lang();
    let show = move |lang: Lang, v: i64| {
        if money {
            lang.money(Cents::new(v))
        } else {
            v.to_string()
        }
    };
    // Months come as "2026-11", weeks as the day they start.
    let when = |lang: Lang, raw: &str| {
        if raw.len() == 7 {
            month_text(lang, raw)
        } else {
            date_iso_text(lang, raw)
        }
    };
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let total: i64 = bars.iter().map(|b| b.value).sum();
    let (width, height, gap) = (600.0_f64, 120.0_f64, 6.0_f64);
    let n = bars.len().max(1) as f64;
    let bar = (width - gap * (n - 1.0)) / n;
    let first = bars.first().map(|b| b.label.clone()).unwrap_or_default();
    let last = bars.last().map(|b| b.label.clone()).unwrap_or_default();
    let points: Vec<(String, i64)> = bars.iter().map(|b| (b.label.clone(), b.value)).collect();
    let heading = title.clone();
    let summary = move || {
        let lang = lang.get();
        let list = points
            .iter()
            .map(|(label, v)| format!("{}: {}", when(lang, label), show(lang, *v)))
            .collect::<Vec<_>>()
            .join(", ");
        format!("{}: {list}", heading.get())
    };
    view! {
        <figure class="card chart">
            <figcaption><strong>{title}</strong>" "<span class="muted small">{trf!(dashboard.in_all, total = show(lang.get(), total))}</span></figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=summary
                preserveAspectRatio="none">
                {bars.iter().enumerate().map(|(i, b)| {
                    let h = (b.value as f64 / max as f64 * (height - 4.0)).max(if b.value > 0 { 2.0 } else { 0.0 });
                    let x = i as f64 * (bar + gap);
                    let (label, value) = (b.label.clone(), b.value);
                    view! {
                        <rect class="bar-value" x=format!("{x:.1}") y=format!("{:.1}", height - h)
                            width=format!("{bar:.1}") height=format!("{h:.1}")>
                            <title>{move || format!("{}: {}", when(lang.get(), &label), show(lang.get(), value))}</title>
                        </rect>
                    }
                }).collect_view()}
            </svg>
            <p class="muted small chart-range"><span>{move || when(lang.get(), &first)}</span><span>{move || when(lang.get(), &last)}</span></p>
        </figure>
    }
}

/// "2026-11" as "novembre 2026" or "November 2026".
fn month_text(lang: Lang, raw: &str) -> String {
    let month = raw
        .get(5..7)
        .and_then(|m| m.parse::<u8>().ok())
        .and_then(|m| time::Month::try_from(m).ok());
    match month {
        Some(m) => format!("{} {}", lang.month(m), &raw[..4]),
        None => raw.to_owned(),
    }
}

// ------------------------------------------------------------------ client

#[component]
fn ClientBoard(d: ClientDashboard) -> impl IntoView {
    let unread: i64 = d.projects.iter().map(|p| p.unread_offers).sum();
    let fees: i64 = d.fees.iter().map(|f| f.due.get()).sum();
    let needs: Vec<ClientProjectLine> = d
        .projects
        .iter()
        .filter(|p| client_needs_you(p.action))
        .cloned()
        .collect();
    let lang = use_page_lang();
    view! {
        <div class="page-head">
            <h1>{tr!(common.nav.dashboard)}</h1>
            <div class="head-actions">
                <A href="/profile/edit" attr:class="button">{tr!(dashboard.my_profile)}</A>
                <A href="/post-project" attr:class="button primary">{tr!(project.post_title)}</A>
            </div>
        </div>
        <div class="tiles" role="group" aria-label=tr!(dashboard.at_a_glance)>
            <Tile label=tr!(dashboard.unread_offers) figure=unread.to_string()/>
            <Tile label=tr!(dashboard.fees_due) figure=Signal::derive(money(Cents::new(fees)))/>
            <Tile label=tr!(dashboard.held) figure=Signal::derive(money(d.escrow_totals.held))/>
            <Tile label=tr!(escrow.released) figure=Signal::derive(money(d.escrow_totals.released))/>
        </div>
        <section class="card" aria-labelledby="needs-title">
            <h2 id="needs-title">{tr!(dashboard.needs_you)}</h2>
            {if needs.is_empty() {
                view! { <p class="muted">{tr!(dashboard.nothing_waits)}</p> }.into_any()
            } else {
                view! {
                    <ul class="needs">
                        {needs.into_iter().map(|p| {
                            let action = p.action;
                            view! {
                            <li>
                                <A href=format!("/projects/{}", p.project_id)>{p.title}</A>
                                <span>{move || client_step(lang.get(), action)}</span>
                            </li>
                        }}).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <FeesDue fees=d.fees.clone()/>
        <ClientProjects projects=d.projects.clone()/>
        <Waiting waiting=d.waiting.clone()/>
        <ClientEscrow lines=d.escrow.clone() totals=d.escrow_totals/>
        <ToRateCard to_rate=d.to_rate.clone()/>
    }
}

/// The steps that wait on the client (others wait on someone else).
fn client_needs_you(action: ClientAction) -> bool {
    matches!(
        action,
        ClientAction::ReadOffers { .. }
            | ClientAction::ChooseProvider
            | ClientAction::PayFees { .. }
            | ClientAction::Deposit { .. }
            | ClientAction::ReleaseHeld { .. }
            | ClientAction::RateProvider
            | ClientAction::ReadRejection
    )
}

fn client_step(lang: Lang, action: ClientAction) -> String {
    let l = locale_of(lang);
    match action {
        ClientAction::AwaitValidation => td_string!(l, dashboard.client.await_validation).into(),
        ClientAction::ReadRejection => td_string!(l, dashboard.client.read_rejection).into(),
        ClientAction::AwaitCalls => td_string!(l, dashboard.client.await_calls).into(),
        ClientAction::AwaitOffers => td_string!(l, dashboard.client.await_offers).into(),
        ClientAction::ReadOffers { unread: 1 } => td_string!(l, dashboard.client.read_offer).into(),
        ClientAction::ReadOffers { unread } => {
            crate::tdf!(l, dashboard.client.read_offers, n = unread)
        }
        ClientAction::ChooseProvider => td_string!(l, dashboard.client.choose_provider).into(),
        ClientAction::AwaitConfirmation => {
            td_string!(l, dashboard.client.await_confirmation).into()
        }
        ClientAction::FollowDispute => td_string!(l, dashboard.client.follow_dispute).into(),
        ClientAction::PayFees { cents } => crate::tdf!(
            l,
            dashboard.client.pay_fees,
            amount = lang.money(Cents::new(cents))
        ),
        ClientAction::Deposit { cents } => crate::tdf!(
            l,
            dashboard.client.deposit,
            amount = lang.money(Cents::new(cents))
        ),
        ClientAction::ReleaseHeld { cents } => crate::tdf!(
            l,
            dashboard.client.release_held,
            amount = lang.money(Cents::new(cents))
        ),
        ClientAction::FollowWork => td_string!(l, dashboard.client.follow_work).into(),
        ClientAction::RateProvider => td_string!(l, dashboard.client.rate_provider).into(),
        ClientAction::Nothing => td_string!(l, dashboard.client.nothing).into(),
    }
}

#[component]
fn FeesDue(fees: Vec<FeeDue>) -> impl IntoView {
    let mut projects: Vec<(i64, String)> = fees
        .iter()
        .map(|f| (f.project_id, f.title.clone()))
        .collect();
    projects.dedup_by_key(|p| p.0);
    view! {
        <section class="card" id="fees" aria-labelledby="fees-due-title">
            <h2 id="fees-due-title">{tr!(dashboard.fees_due)}</h2>
            {if fees.is_empty() {
                view! { <p class="muted">{tr!(dashboard.no_fee)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table role="table" class="data money stack-on-phone" aria-label=tr!(dashboard.fees_due)>
                            <thead><tr><th scope="col">{tr!(project.col_project)}</th><th scope="col">{tr!(fees.fee)}</th><th scope="col">{tr!(dashboard.deadline)}</th><th scope="col" class="num">{tr!(fees.due)}</th></tr></thead>
                            <tbody>
                                {fees.into_iter().map(|f| view! {
                                    <tr>
                                        <th scope="row"><A href=format!("/projects/{}", f.project_id)>{f.title}</A></th>
                                        <td data-label=tr!(fees.fee)>{label(f.kind)}</td>
                                        <td data-label=tr!(dashboard.deadline)>{if f.overdue {
                                            view! { <span class="badge danger">{super::lang::deadline(f.deadline, true)}</span> }.into_any()
                                        } else { view! { <span>{super::lang::deadline(f.deadline, false)}</span> }.into_any() }}</td>
                                        <td class="num" data-label=tr!(fees.due)>{money(f.due)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {projects.into_iter().map(|(id, title)| view! {
                        <details class="pay-fees">
                            <summary>{trf!(dashboard.pay_fees_of, title = title.as_str())}</summary>
                            <super::fees::FeesPanel project_id=id/>
                        </details>
                    }).collect_view()}
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ClientProjects(projects: Vec<ClientProjectLine>) -> impl IntoView {
    let lang = use_page_lang();
    view! {
        <section class="card" aria-labelledby="projects-title">
            <h2 id="projects-title">{tr!(dashboard.your_projects)}</h2>
            {if projects.is_empty() {
                view! {
                    <div class="empty">
                        <p>{tr!(project.none_yet)}</p>
                        <A href="/post-project" attr:class="button">{tr!(project.first_project)}</A>
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table role="table" class="data stack-on-phone" aria-label=tr!(dashboard.your_projects)>
                            <thead><tr>
                                <th scope="col">{tr!(project.col_project)}</th>
                                <th scope="col">{tr!(project.col_status)}</th>
                                <th scope="col" class="num">{tr!(dashboard.offers)}</th>
                                <th scope="col">{tr!(dashboard.next_step)}</th>
                            </tr></thead>
                            <tbody>
                                {projects.into_iter().map(|p| {
                                    let action = p.action;
                                    let (offers, unread) = (p.offers, p.unread_offers);
                                    view! {
                                    <tr>
                                        <th scope="row"><A href=format!("/projects/{}", p.project_id)>{p.title}</A></th>
                                        <td data-label=tr!(project.col_status)><StatusBadge status=p.status/></td>
                                        <td class="num" data-label=tr!(dashboard.offers)>{if unread > 0 {
                                            trf!(dashboard.offers_unread, n = offers, unread = unread).into_any()
                                        } else {
                                            offers.to_string().into_any()
                                        }}</td>
                                        <td data-label=tr!(dashboard.next_step)>{move || client_step(lang.get(), action)}</td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Waiting(waiting: Vec<WaitingAgreement>) -> impl IntoView {
    let lang = use_page_lang();
    (!waiting.is_empty()).then(|| view! {
        <section class="card" aria-labelledby="waiting-title">
            <h2 id="waiting-title">{tr!(dashboard.waiting_title)}</h2>
            <ul class="plain">
                {waiting.into_iter().map(|a| {
                    let at = a.proposed_at;
                    view! {
                    <li>
                        <A href=format!("/projects/{}", a.project_id)>{a.title}</A>
                        <span class="muted small">{format!(" · {} · ", a.provider)}{money(a.amount)}" · "
                            {trf!(dashboard.proposed_on, day = lang.get().date(at.date()))}</span>
                    </li>
                }}).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn ClientEscrow(lines: Vec<EscrowLine>, totals: EscrowTotals) -> impl IntoView {
    let disputes = lines.iter().filter(|l| l.disputed).count();
    view! {
        <section class="card" aria-labelledby="escrow-title">
            <h2 id="escrow-title">{tr!(dashboard.escrow)}</h2>
            {(disputes > 0).then(|| view! {
                <div class="notice warning" role="note"><p>{trf!(dashboard.disputes_open, n = disputes)}</p></div>
            })}
            {if lines.is_empty() {
                view! { <p class="muted">{tr!(dashboard.no_escrow)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table role="table" class="data money stack-on-phone" aria-label=tr!(dashboard.escrow_by_project)>
                            <thead><tr>
                                <th scope="col">{tr!(project.col_project)}</th>
                                <th scope="col" class="num">{tr!(escrow.planned)}</th>
                                <th scope="col" class="num">{tr!(escrow.deposited)}</th>
                                <th scope="col" class="num">{tr!(escrow.held)}</th>
                                <th scope="col" class="num">{tr!(escrow.released)}</th>
                                <th scope="col" class="num">{tr!(escrow.refunded)}</th>
                            </tr></thead>
                            <tbody>
                                {lines.into_iter().map(|l| view! {
                                    <tr>
                                        <th scope="row">
                                            <A href=format!("/projects/{}", l.project_id)>{l.title}</A>
                                            <span class="muted small">{format!(" · {}", l.provider)}</span>
                                            {l.disputed.then(|| view! { " "<span class="badge status-rejected">{tr!(escrow.disputed)}</span> })}
                                        </th>
                                        <EscrowCells planned=l.planned deposited=l.deposited held=l.held released=l.released refunded=l.refunded/>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <th scope="row">{tr!(escrow.total)}</th>
                                <EscrowCells planned=totals.planned deposited=totals.deposited held=totals.held released=totals.released refunded=totals.refunded/>
                            </tr></tfoot>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// One escrow line's figures, in the order of the table's columns.
#[component]
fn EscrowCells(
    planned: Cents,
    deposited: Cents,
    held: Cents,
    released: Cents,
    refunded: Cents,
) -> impl IntoView {
    view! {
        <td class="num" data-label=tr!(escrow.planned)>{money(planned)}</td>
        <td class="num" data-label=tr!(escrow.deposited)>{money(deposited)}</td>
        <td class="num" data-label=tr!(escrow.held)>{money(held)}</td>
        <td class="num" data-label=tr!(escrow.released)>{money(released)}</td>
        <td class="num" data-label=tr!(escrow.refunded)>{money(refunded)}</td>
    }
}

#[component]
fn ToRateCard(to_rate: Vec<ToRate>) -> impl IntoView {
    (!to_rate.is_empty()).then(|| view! {
        <section class="card" aria-labelledby="rate-title">
            <h2 id="rate-title">{tr!(dashboard.to_rate)}</h2>
            <ul class="plain">
                {to_rate.into_iter().map(|r| {
                    let (name, title) = (r.provider.clone(), r.title.clone());
                    view! {
                    <li><A href=format!("/projects/{}", r.project_id)>{trf!(dashboard.rate, name = name.as_str(), title = title.as_str())}</A></li>
                }}).collect_view()}
            </ul>
        </section>
    })
}

// ------------------------------------------------------------------- staff

#[component]
fn StaffBoard(d: StaffDashboard) -> impl IntoView {
    let lang = use_page_lang();
    let (payouts, payouts_sum, fees, fees_sum) = (
        d.payouts_requested,
        d.payouts_requested_sum,
        d.fees_unpaid,
        d.fees_unpaid_sum,
    );
    let count_and_sum = move |n: i64, sum: Cents| {
        Signal::derive(move || format!("{n} · {}", lang.get().money(sum)))
    };
    let items: [(ArcSignal<&'static str>, Signal<String>, &'static str); 7] = [
        (
            tr!(dashboard.staff.validate),
            Signal::stored(d.pending_projects.to_string()),
            "/staff/queue",
        ),
        (
            tr!(dashboard.staff.credit_requests),
            Signal::stored(d.credit_requests.to_string()),
            "/staff/credit-requests",
        ),
        (
            tr!(dashboard.staff.disputes),
            Signal::stored(d.disputes_open.to_string()),
            "/staff/escrow",
        ),
        (
            tr!(escrow.payouts_to_pay),
            count_and_sum(payouts, payouts_sum),
            "/staff/escrow",
        ),
        (
            tr!(dashboard.staff.unpaid_fees),
            count_and_sum(fees, fees_sum),
            "/staff/fees",
        ),
        (
            tr!(dashboard.staff.certifications),
            Signal::stored(d.certifications_waiting.to_string()),
            "/staff/certifications",
        ),
        (
            tr!(dashboard.staff.emails_failed),
            Signal::stored(d.emails_failed.to_string()),
            "/staff/emails",
        ),
    ];
    view! {
        <h1>{tr!(common.nav.dashboard)}</h1>
        <ul class="tiles staff-tiles" aria-label=tr!(dashboard.staff.queues)>
            {items.into_iter().map(|(label, figure, href)| view! {
                <li class="card tile">
                    <p class="tile-label">{label}</p>
                    <p class="tile-figure">{figure}</p>
                    <A href=href attr:class="button small">{tr!(feed.open)}</A>
                </li>
            }).collect_view()}
        </ul>
    }
}
