//! Every role's landing page: what needs them now, and where their money is.

use super::common::{last_error, use_hydrated, ErrorNotice, Loading};
use crate::api::credits::{new_key, SpendCredit};
use crate::api::dashboard::my_dashboard;
use crate::domain::ledger::CreditKind;
use crate::domain::money::Cents;
use crate::domain::pipeline::{ClientAction, LostWhy, NextAction, Stage};
use crate::views::dashboard::*;
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
        <Title text="Dashboard"/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Err(e) => view! { <h1>"Dashboard"</h1> <ErrorNotice error=e/> }.into_any(),
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
fn Tile(label: &'static str, figure: String, #[prop(optional)] note: String) -> impl IntoView {
    view! {
        <div class="card tile">
            <p class="tile-label">{label}</p>
            <p class="tile-figure">{figure}</p>
            {(!note.is_empty()).then(|| view! { <p class="muted small">{note}</p> })}
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
    view! {
        <div class="page-head">
            <h1>"Dashboard"</h1>
            <div class="head-actions">
                <A href="/profile/edit" attr:class="button">"My profile"</A>
                <A href="/certification" attr:class="button">"Certification"</A>
                <A href="/feed" attr:class="button primary">"Find projects"</A>
            </div>
        </div>
        <div class="tiles" role="group" aria-label="At a glance">
            <Tile label="Selected or in progress" figure=working.to_string()/>
            <Tile label="Released to you" figure=super::lang::money_now(d.totals.released)
                note=format!("{} not yet requested", super::lang::money_now(d.totals.payable()))/>
            <Tile label="Paid to your bank" figure=super::lang::money_now(d.totals.paid)/>
            <Tile label="Credits left"
                figure=format!("{} · {} · {}", credits.consultation, credits.offer, credits.contact)
                note="consultation · offer · contact".to_string()/>
        </div>
        {(!d.fees.is_empty()).then(|| view! { <FeesDue fees=d.fees.clone()/> })}
        <Pipeline columns=d.columns.clone()/>
        <Matches matches=d.matches.clone() no_preferences=d.no_preferences previous=d.previous_visit.clone()/>
        <ProviderMoney earnings=d.earnings.clone() totals=d.totals payouts=d.payouts.clone()/>
        <div class="two-columns">
            <CreditsCard credits=d.credits.clone()/>
            <LeadsCard leads=d.leads.clone()/>
        </div>
        <div class="two-columns">
            <BarChart title="Released to you per month" bars=d.earned_per_month.clone() money=true/>
            <BarChart title="Credits spent per week" bars=d.spent_per_week.clone() money=false/>
        </div>
    }
}

#[component]
fn Pipeline(columns: Vec<StageColumn>) -> impl IntoView {
    let empty = columns.iter().all(|c| c.count == 0);
    view! {
        <section aria-labelledby="pipeline-title" class="pipeline-section">
            <h2 id="pipeline-title">"Your projects"</h2>
            {if empty {
                view! {
                    <div class="empty">
                        <p>"No project yet: unlock one from the feed or buy a lead, and it appears here with its next step."</p>
                        <A href="/feed" attr:class="button">"Open the feed"</A>
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
            <h3 id=id>{column.stage.label()}" "<span class="badge">{column.count}</span></h3>
            {(column.count == 0).then(|| view! { <p class="muted small">"None"</p> })}
            <ul class="stage-cards">
                {column.cards.into_iter().map(|c| view! { <PipelineItem card=c/> }).collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p class="muted small">{format!("and {more} more, older")}</p> })}
        </section>
    }
}

#[component]
fn PipelineItem(card: PipelineCard) -> impl IntoView {
    let href = format!("/projects/{}", card.project_id);
    let (text, cta) = provider_step(card.action);
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
                {card.is_lead.then_some("Lead · ")}
                {card.offer.map(|o| format!("Your offer {} · ", super::lang::money_now(o)))}
                {format!("since {}", card.since)}
            </p>
            <p class="next-step">{text}</p>
            {cta.map(|label| view! { <a class="button small" href=cta_href>{label}</a> })}
        </li>
    }
}

/// What a card says the provider should do, and its button's label.
fn provider_step(action: NextAction) -> (String, Option<&'static str>) {
    match action {
        NextAction::UnlockOffer => (
            "Spend an offer credit to make your offer.".into(),
            Some("Unlock the offer"),
        ),
        NextAction::MakeOffer => (
            "Make your offer: amount, duration and a message.".into(),
            Some("Make an offer"),
        ),
        NextAction::CallClient => (
            "Call the client: their details are on the project.".into(),
            Some("See the details"),
        ),
        NextAction::WaitForReading => (
            "The client has not opened your offer yet; you can still improve it.".into(),
            Some("Edit the offer"),
        ),
        NextAction::FollowUp => (
            "The client read your offer. A question keeps the conversation going.".into(),
            Some("Open the project"),
        ),
        NextAction::ConfirmAgreement => (
            "The client chose you: check the terms and confirm them.".into(),
            Some("Review the terms"),
        ),
        NextAction::RequestPayout { cents } => (
            format!(
                "{} released to you: request the payout with your invoice.",
                super::lang::money_now(Cents::new(cents))
            ),
            Some("Request a payout"),
        ),
        NextAction::DeliverFunded { cents } => (
            format!(
                "{} is held in escrow for your work: deliver what is funded.",
                super::lang::money_now(Cents::new(cents))
            ),
            Some("Payment tab"),
        ),
        NextAction::AwaitDeposit => (
            "Nothing is funded yet: wait for the client's deposit before working.".into(),
            Some("Payment tab"),
        ),
        NextAction::Deliver => (
            "Deliver the work; payment is settled with the client directly.".into(),
            None,
        ),
        NextAction::RateClient => (
            "The project is complete: rate the client.".into(),
            Some("Rate the client"),
        ),
        NextAction::Nothing => ("Done. Thank you!".into(), None),
        NextAction::Lost(LostWhy::AnotherProvider) => {
            ("The client chose another provider.".into(), None)
        }
        NextAction::Lost(LostWhy::Withdrawn) => ("The client withdrew the project.".into(), None),
    }
}

#[component]
fn Matches(
    matches: Vec<MatchLine>,
    no_preferences: bool,
    previous: Option<String>,
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
    let heading = match (&previous, fresh) {
        (Some(_), 0) => "Matching projects: nothing new since your last visit".to_string(),
        (Some(_), 1) => "Matching projects: 1 new since your last visit".to_string(),
        (Some(_), n) => format!("Matching projects: {n} new since your last visit"),
        (None, _) => "Matching projects".to_string(),
    };
    view! {
        <section class="card" aria-labelledby="matches-title">
            <h2 id="matches-title">{heading}</h2>
            {no_preferences.then(|| view! {
                <p class="muted small">"You set no preference, so every project matches. "
                    <A href="/preferences">"Choose your services and regions"</A></p>
            })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            {if matches.is_empty() {
                view! { <p class="muted">"No open project waits for you right now: new ones appear here as staff publish them."</p> }.into_any()
            } else {
                view! {
                    <ul class="match-list">
                        {matches.into_iter().map(|m| {
                            let project_id = m.project_id;
                            let key = new_key();
                            let unlock_label = format!("Unlock “{}” with an offer credit", m.title);
                            view! {
                                <li>
                                    <div>
                                        <A href=format!("/projects/{}", m.project_id)>{m.title}</A>
                                        {m.new.then(|| view! { " "<span class="badge new-match">"New"</span> })}
                                        <span class="muted small">{format!(" · {} · {} · published {}", m.region, m.budget, m.published_at)}</span>
                                    </div>
                                    <button class="button small" aria-label=unlock_label
                                        disabled=move || !hydrated.get() || spend.pending().get()
                                        on:click=move |_| {
                                            spend.dispatch(SpendCredit { project_id, kind: CreditKind::Offer, key: key.clone() });
                                        }>
                                        "Unlock to offer"
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
    let outcome_for = move || {
        query
            .read()
            .get("project")
            .and_then(|p| p.parse::<i64>().ok())
    };
    view! {
        <section class="card" id="money" aria-labelledby="money-title">
            <h2 id="money-title">"Your money"</h2>
            {if earnings.is_empty() {
                view! { <p class="muted">"Zero-risk projects you work on show here: what the client deposited, what was released to you, and your payouts."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table role="table" class="data money stack-on-phone" aria-label="Money by project">
                            <thead role="rowgroup"><tr role="row">
                                <th role="columnheader" scope="col">"Project"</th>
                                <th role="columnheader" scope="col" class="num">"Held"</th>
                                <th role="columnheader" scope="col" class="num">"Released"</th>
                                <th role="columnheader" scope="col" class="num">"Requested"</th>
                                <th role="columnheader" scope="col" class="num">"Paid"</th>
                                <th role="columnheader" scope="col" class="num">"To request"</th>
                            </tr></thead>
                            <tbody role="rowgroup">
                                {earnings.iter().map(|l| view! { <EarningsRow line=l.clone()/> }).collect_view()}
                            </tbody>
                            <tfoot role="rowgroup"><tr role="row">
                                <th role="rowheader" scope="row">"Total"</th>
                                <td role="cell" class="num" data-label="Held">{super::lang::money(totals.held)}</td>
                                <td role="cell" class="num" data-label="Released">{super::lang::money(totals.released)}</td>
                                <td role="cell" class="num" data-label="Requested">{super::lang::money(totals.requested)}</td>
                                <td role="cell" class="num" data-label="Paid">{super::lang::money(totals.paid)}</td>
                                <td role="cell" class="num" data-label="To request">{super::lang::money(totals.payable())}</td>
                            </tr></tfoot>
                        </table>
                    </div>
                    {earnings.into_iter().filter(|l| l.money.payable().is_positive() || outcome_for() == Some(l.project_id)).map(|l| {
                        let id = l.project_id;
                        view! {
                        <details class="payout-request" id=format!("payout-{id}") open=move || outcome_for() == Some(id)>
                            <summary>{format!("Request a payout for “{}” ({} to request)", l.title, super::lang::money_now(l.money.payable()))}</summary>
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
    let m = line.money;
    view! {
        <tr role="row">
            <th role="rowheader" scope="row"><A href=format!("/projects/{}", line.project_id)>{line.title}</A></th>
            <td role="cell" class="num" data-label="Held">{super::lang::money(m.held)}</td>
            <td role="cell" class="num" data-label="Released">{super::lang::money(m.released)}</td>
            <td role="cell" class="num" data-label="Requested">{super::lang::money(m.requested)}</td>
            <td role="cell" class="num" data-label="Paid">{super::lang::money(m.paid)}</td>
            <td role="cell" class="num" data-label="To request">{super::lang::money(m.payable())}</td>
        </tr>
    }
}

#[component]
fn PayoutTable(payouts: Vec<PayoutLine>) -> impl IntoView {
    view! {
        <h3>"Payout requests"</h3>
        {if payouts.is_empty() {
            view! { <p class="muted">"No payout requested yet."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table role="table" class="data money stack-on-phone" aria-label="Payout requests">
                        <thead role="rowgroup"><tr role="row">
                            <th role="columnheader" scope="col">"Project"</th>
                            <th role="columnheader" scope="col">"Requested"</th>
                            <th role="columnheader" scope="col" class="num">"Amount"</th>
                            <th role="columnheader" scope="col">"Status"</th>
                        </tr></thead>
                        <tbody role="rowgroup">
                            {payouts.into_iter().map(|p| view! {
                                <tr role="row">
                                    <th role="rowheader" scope="row"><A href=format!("/projects/{}", p.project_id)>{p.title}</A></th>
                                    <td role="cell" class="when" data-label="Requested">{p.requested_at}</td>
                                    <td role="cell" class="num" data-label="Amount">{super::lang::money(p.amount)}</td>
                                    <td role="cell" data-label="Status">{if p.paid {
                                        format!("Paid {} · ref. {}", p.paid_at.unwrap_or_default(), p.reference.unwrap_or_default())
                                    } else {
                                        "Waiting for staff's transfer".to_string()
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn CreditsCard(credits: CreditsLeft) -> impl IntoView {
    let plan = match (&credits.plan, &credits.period_end) {
        (Some(name), Some(end)) if credits.renews => format!("{name} plan, renews on {end}."),
        (Some(name), Some(end)) => format!("{name} plan, ends on {end} (renewal stopped)."),
        _ => "No plan: credits come from a plan or from staff.".to_string(),
    };
    view! {
        <section class="card" aria-labelledby="credits-title">
            <h2 id="credits-title">"Credits"</h2>
            <dl class="facts">
                <div><dt>"Consultation"</dt><dd>{credits.consultation}</dd></div>
                <div><dt>"Offer"</dt><dd>{credits.offer}</dd></div>
                <div><dt>"Contact"</dt><dd>{credits.contact}</dd></div>
                <div><dt>"Lead account"</dt><dd class="num">{super::lang::money(credits.money)}</dd></div>
            </dl>
            <p class="muted small">{plan}</p>
            <A href="/credits" attr:class="button small">"Credits and plans"</A>
        </section>
    }
}

#[component]
fn LeadsCard(leads: Vec<LeadLine>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="leads-title">
            <h2 id="leads-title">"Leads bought and reserved"</h2>
            {if leads.is_empty() {
                view! { <p class="muted">"No lead yet. Leads matching your preferences are offered in the Leads tab."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {leads.into_iter().map(|l| view! {
                            <li>
                                <A href=format!("/projects/{}", l.project_id)>{l.title}</A>
                                <span class="muted small">{format!(" · {}{}", lead_state(&l.state), l.price.map(|p| format!(" · {}", super::lang::money_now(p))).unwrap_or_default())}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <A href="/leads" attr:class="button small">"All leads"</A>
        </section>
    }
}

fn lead_state(state: &str) -> &'static str {
    match state {
        "bought" => "bought",
        "awarded" => "awarded at half price",
        "waiting" => "reserved at half price",
        "lapsed" => "reservation lapsed",
        _ => "",
    }
}

/// A small server-rendered bar chart with its figures as text alternative.
#[component]
fn BarChart(title: &'static str, bars: Vec<Bar>, money: bool) -> impl IntoView {
    let show = move |v: i64| {
        if money {
            super::lang::money_now(Cents::new(v))
        } else {
            v.to_string()
        }
    };
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let summary = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, show(b.value)))
        .collect::<Vec<_>>()
        .join(", ");
    let total: i64 = bars.iter().map(|b| b.value).sum();
    let (width, height, gap) = (600.0_f64, 120.0_f64, 6.0_f64);
    let n = bars.len().max(1) as f64;
    let bar = (width - gap * (n - 1.0)) / n;
    let first = bars.first().map(|b| b.label.clone()).unwrap_or_default();
    let last = bars.last().map(|b| b.label.clone()).unwrap_or_default();
    view! {
        <figure class="card chart">
            <figcaption><strong>{title}</strong>" "<span class="muted small">{format!("{} in all", show(total))}</span></figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=format!("{title}: {summary}")
                preserveAspectRatio="none">
                {bars.iter().enumerate().map(|(i, b)| {
                    let h = (b.value as f64 / max as f64 * (height - 4.0)).max(if b.value > 0 { 2.0 } else { 0.0 });
                    let x = i as f64 * (bar + gap);
                    view! {
                        <rect class="bar-value" x=format!("{x:.1}") y=format!("{:.1}", height - h)
                            width=format!("{bar:.1}") height=format!("{h:.1}")>
                            <title>{format!("{}: {}", b.label, show(b.value))}</title>
                        </rect>
                    }
                }).collect_view()}
            </svg>
            <p class="muted small chart-range"><span>{first}</span><span>{last}</span></p>
        </figure>
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
    view! {
        <div class="page-head">
            <h1>"Dashboard"</h1>
            <div class="head-actions">
                <A href="/profile/edit" attr:class="button">"My profile"</A>
                <A href="/post-project" attr:class="button primary">"Post a project"</A>
            </div>
        </div>
        <div class="tiles" role="group" aria-label="At a glance">
            <Tile label="Unread offers" figure=unread.to_string()/>
            <Tile label="Fees due" figure=super::lang::money_now(Cents::new(fees))/>
            <Tile label="Held in escrow" figure=super::lang::money_now(d.escrow_totals.held)/>
            <Tile label="Released" figure=super::lang::money_now(d.escrow_totals.released)/>
        </div>
        <section class="card" aria-labelledby="needs-title">
            <h2 id="needs-title">"What needs you"</h2>
            {if needs.is_empty() {
                view! { <p class="muted">"Nothing waits for you right now."</p> }.into_any()
            } else {
                view! {
                    <ul class="needs">
                        {needs.into_iter().map(|p| view! {
                            <li>
                                <A href=format!("/projects/{}", p.project_id)>{p.title}</A>
                                <span>{client_step(p.action)}</span>
                            </li>
                        }).collect_view()}
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

fn client_step(action: ClientAction) -> String {
    match action {
        ClientAction::AwaitValidation => "Staff are reviewing it before it goes live.".into(),
        ClientAction::ReadRejection => "Staff rejected it: read their reason.".into(),
        ClientAction::AwaitCalls => "Providers who bought the lead will call you.".into(),
        ClientAction::AwaitOffers => "Waiting for offers.".into(),
        ClientAction::ReadOffers { unread: 1 } => "1 offer to read.".into(),
        ClientAction::ReadOffers { unread } => format!("{unread} offers to read."),
        ClientAction::ChooseProvider => {
            "Offers are read: choose a provider and propose terms.".into()
        }
        ClientAction::AwaitConfirmation => "Waiting for the provider to confirm your terms.".into(),
        ClientAction::FollowDispute => "A dispute is open: staff will decide.".into(),
        ClientAction::PayFees { cents } => format!(
            "Pay the platform fees: {} due.",
            super::lang::money_now(Cents::new(cents))
        ),
        ClientAction::Deposit { cents } => format!(
            "Deposit into escrow: {} planned and not deposited yet.",
            super::lang::money_now(Cents::new(cents))
        ),
        ClientAction::ReleaseHeld { cents } => format!(
            "{} held in escrow: release it as you accept the work.",
            super::lang::money_now(Cents::new(cents))
        ),
        ClientAction::FollowWork => {
            "The work is on; payment is settled with the provider directly.".into()
        }
        ClientAction::RateProvider => "Rate the provider.".into(),
        ClientAction::Nothing => "Nothing to do.".into(),
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
            <h2 id="fees-due-title">"Fees due"</h2>
            {if fees.is_empty() {
                view! { <p class="muted">"No fee due."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table role="table" class="data money stack-on-phone" aria-label="Fees due">
                            <thead role="rowgroup"><tr role="row"><th role="columnheader" scope="col">"Project"</th><th role="columnheader" scope="col">"Fee"</th><th role="columnheader" scope="col">"Deadline"</th><th role="columnheader" scope="col" class="num">"Due"</th></tr></thead>
                            <tbody role="rowgroup">
                                {fees.into_iter().map(|f| view! {
                                    <tr role="row">
                                        <th role="rowheader" scope="row"><A href=format!("/projects/{}", f.project_id)>{f.title}</A></th>
                                        <td role="cell" data-label="Fee">{super::labels::label(f.kind)}</td>
                                        <td role="cell" data-label="Deadline">{if f.overdue {
                                            view! { <span class="badge danger">{super::lang::deadline(f.deadline, true)}</span> }.into_any()
                                        } else { view! { <span>{super::lang::deadline(f.deadline, false)}</span> }.into_any() }}</td>
                                        <td role="cell" class="num" data-label="Due">{super::lang::money(f.due)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {projects.into_iter().map(|(id, title)| view! {
                        <details class="pay-fees">
                            <summary>{format!("Pay the fees of “{title}”")}</summary>
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
    view! {
        <section class="card" aria-labelledby="projects-title">
            <h2 id="projects-title">"Your projects"</h2>
            {if projects.is_empty() {
                view! {
                    <div class="empty">
                        <p>"You have not posted a project yet."</p>
                        <A href="/post-project" attr:class="button">"Post your first project"</A>
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table role="table" class="data stack-on-phone" aria-label="Your projects">
                            <thead role="rowgroup"><tr role="row">
                                <th role="columnheader" scope="col">"Project"</th>
                                <th role="columnheader" scope="col">"Status"</th>
                                <th role="columnheader" scope="col" class="num">"Offers"</th>
                                <th role="columnheader" scope="col">"Next step"</th>
                            </tr></thead>
                            <tbody role="rowgroup">
                                {projects.into_iter().map(|p| view! {
                                    <tr role="row">
                                        <th role="rowheader" scope="row"><A href=format!("/projects/{}", p.project_id)>{p.title}</A></th>
                                        <td role="cell" data-label="Status"><span class=format!("badge status-{}", p.status.slug())>{p.status.label()}</span></td>
                                        <td role="cell" class="num" data-label="Offers">{if p.unread_offers > 0 {
                                            format!("{} ({} unread)", p.offers, p.unread_offers)
                                        } else {
                                            p.offers.to_string()
                                        }}</td>
                                        <td role="cell" data-label="Next step">{client_step(p.action)}</td>
                                    </tr>
                                }).collect_view()}
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
    (!waiting.is_empty()).then(|| view! {
        <section class="card" aria-labelledby="waiting-title">
            <h2 id="waiting-title">"Agreements waiting for the provider"</h2>
            <ul class="plain">
                {waiting.into_iter().map(|a| view! {
                    <li>
                        <A href=format!("/projects/{}", a.project_id)>{a.title}</A>
                        <span class="muted small">{format!(" · {} · {} · proposed {}", a.provider, super::lang::money_now(a.amount), a.proposed_at)}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn ClientEscrow(lines: Vec<EscrowLine>, totals: EscrowTotals) -> impl IntoView {
    let disputes = lines.iter().filter(|l| l.disputed).count();
    view! {
        <section class="card" aria-labelledby="escrow-title">
            <h2 id="escrow-title">"Escrow"</h2>
            {(disputes > 0).then(|| view! {
                <div class="notice warning" role="note"><p>{format!("{disputes} dispute(s) open: the money of those projects is frozen until staff decide.")}</p></div>
            })}
            {if lines.is_empty() {
                view! { <p class="muted">"Zero-risk projects show here: what you planned, deposited, released and got back."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table role="table" class="data money stack-on-phone" aria-label="Escrow by project">
                            <thead role="rowgroup"><tr role="row">
                                <th role="columnheader" scope="col">"Project"</th>
                                <th role="columnheader" scope="col" class="num">"Planned"</th>
                                <th role="columnheader" scope="col" class="num">"Deposited"</th>
                                <th role="columnheader" scope="col" class="num">"Held"</th>
                                <th role="columnheader" scope="col" class="num">"Released"</th>
                                <th role="columnheader" scope="col" class="num">"Refunded"</th>
                            </tr></thead>
                            <tbody role="rowgroup">
                                {lines.into_iter().map(|l| view! {
                                    <tr role="row">
                                        <th role="rowheader" scope="row">
                                            <A href=format!("/projects/{}", l.project_id)>{l.title}</A>
                                            <span class="muted small">{format!(" · {}", l.provider)}</span>
                                            {l.disputed.then(|| view! { " "<span class="badge status-rejected">"Disputed"</span> })}
                                        </th>
                                        <td role="cell" class="num" data-label="Planned">{super::lang::money(l.planned)}</td>
                                        <td role="cell" class="num" data-label="Deposited">{super::lang::money(l.deposited)}</td>
                                        <td role="cell" class="num" data-label="Held">{super::lang::money(l.held)}</td>
                                        <td role="cell" class="num" data-label="Released">{super::lang::money(l.released)}</td>
                                        <td role="cell" class="num" data-label="Refunded">{super::lang::money(l.refunded)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot role="rowgroup"><tr role="row">
                                <th role="rowheader" scope="row">"Total"</th>
                                <td role="cell" class="num" data-label="Planned">{super::lang::money(totals.planned)}</td>
                                <td role="cell" class="num" data-label="Deposited">{super::lang::money(totals.deposited)}</td>
                                <td role="cell" class="num" data-label="Held">{super::lang::money(totals.held)}</td>
                                <td role="cell" class="num" data-label="Released">{super::lang::money(totals.released)}</td>
                                <td role="cell" class="num" data-label="Refunded">{super::lang::money(totals.refunded)}</td>
                            </tr></tfoot>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ToRateCard(to_rate: Vec<ToRate>) -> impl IntoView {
    (!to_rate.is_empty()).then(|| view! {
        <section class="card" aria-labelledby="rate-title">
            <h2 id="rate-title">"Ratings to give"</h2>
            <ul class="plain">
                {to_rate.into_iter().map(|r| view! {
                    <li><A href=format!("/projects/{}", r.project_id)>{format!("Rate {} for “{}”", r.provider, r.title)}</A></li>
                }).collect_view()}
            </ul>
        </section>
    })
}

// ------------------------------------------------------------------- staff

#[component]
fn StaffBoard(d: StaffDashboard) -> impl IntoView {
    let items = [
        (
            "Projects to validate",
            d.pending_projects.to_string(),
            "/staff/queue",
        ),
        (
            "Credit requests to decide",
            d.credit_requests.to_string(),
            "/staff/credit-requests",
        ),
        (
            "Disputes to arbitrate",
            d.disputes_open.to_string(),
            "/staff/escrow",
        ),
        (
            "Payouts to pay",
            format!(
                "{} · {}",
                d.payouts_requested,
                super::lang::money_now(d.payouts_requested_sum)
            ),
            "/staff/escrow",
        ),
        (
            "Unpaid fees",
            format!(
                "{} · {}",
                d.fees_unpaid,
                super::lang::money_now(d.fees_unpaid_sum)
            ),
            "/staff/fees",
        ),
        (
            "Certifications to review",
            d.certifications_waiting.to_string(),
            "/staff/certifications",
        ),
        (
            "Emails that failed",
            d.emails_failed.to_string(),
            "/staff/emails",
        ),
    ];
    view! {
        <h1>"Dashboard"</h1>
        <ul class="tiles staff-tiles" aria-label="Queues">
            {items.into_iter().map(|(label, figure, href)| view! {
                <li class="card tile">
                    <p class="tile-label">{label}</p>
                    <p class="tile-figure">{figure}</p>
                    {(!href.is_empty()).then(|| view! { <A href=href attr:class="button small">"Open"</A> })}
                </li>
            }).collect_view()}
        </ul>
    }
}
