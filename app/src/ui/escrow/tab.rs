//! The payment tab of a zero-risk project, live for everyone looking at it.

use super::moves::*;
use super::parts::*;
use super::payouts::*;
use crate::api::escrow::load_escrow_tab;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::ui::common::{ErrorNotice, Loading};
use crate::ui::lang::{locale_of, money, say, use_page_lang};
use crate::views::escrow::{EscrowTab, EscrowViewer};
use crate::{tr, trf};
use leptos::prelude::*;

/// The tab, or nothing when the project has no escrow (basic formula).
/// The forms are built once; only the figures follow the live updates, so
/// what someone is typing survives a change made elsewhere.
#[component]
pub fn EscrowPanel(project_id: i64) -> impl IntoView {
    let reloads = RwSignal::new(0u32);
    let connected = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let feed = crate::ui::live::watch(format!("/live/escrow/{project_id}"), reloads, connected);
        // Closed when the panel goes.
        StoredValue::new_local(feed);
    }
    let loaded = LocalResource::new(move || {
        reloads.track();
        load_escrow_tab(project_id)
    });
    // The newest tab read; answers that arrive out of order never step back.
    let data = RwSignal::new(None::<EscrowTab>);
    let failure = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match loaded.get() {
        Some(Ok(new)) => {
            // Set only on a change: the view below is rebuilt when it is
            // notified, and a rebuild would lose what people are typing.
            if failure.with_untracked(|f| f.is_some()) {
                failure.set(None);
            }
            let newer = data
                .with_untracked(|old| old.as_ref().is_none_or(|old| new.version >= old.version));
            if newer {
                data.set(Some(new));
            }
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let ready = Memo::new(move |_| data.with(|d| d.is_some()));
    let reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        {move || match (ready.get(), failure.get()) {
            (_, Some(AppError::NotFound(_))) => ().into_any(),
            (false, Some(e)) => view! { <section class="card"><h2>{tr!(escrow.payments)}</h2><ErrorNotice error=e/></section> }.into_any(),
            (false, None) => view! { <section class="card"><h2>{tr!(escrow.payments)}</h2><Loading/></section> }.into_any(),
            (true, _) => view! { <EscrowTabView data connected reload/> }.into_any(),
        }}
    }
}

#[component]
pub(super) fn EscrowTabView(
    data: RwSignal<Option<EscrowTab>>,
    connected: RwSignal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    // Who looks and at which project never changes; the rest is live.
    let Some((viewer, project_id, client_name, provider_name)) = data.with_untracked(|d| {
        d.as_ref().map(|t| {
            (
                t.viewer,
                t.project_id,
                t.client_name.clone(),
                t.provider_name.clone(),
            )
        })
    }) else {
        return ().into_any();
    };
    let tab = move |f: &dyn Fn(&EscrowTab) -> AnyView| data.with(|d| d.as_ref().map(f));
    let frozen = Memo::new(move |_| data.with(|d| d.as_ref().is_some_and(|t| t.dispute.is_some())));
    let open = Memo::new(move |_| {
        data.with(|d| {
            d.as_ref().is_some_and(|t| {
                t.project_status == crate::domain::project::ProjectStatus::InProgress
            })
        })
    });
    let tranches = Signal::derive(move || {
        data.with(|d| d.as_ref().map(|t| t.tranches.clone()).unwrap_or_default())
    });
    let frozen = Signal::from(frozen);
    let fees = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .map(|t| t.deposit_fees.clone())
                .unwrap_or_default()
        })
    });
    let version = move || data.with(|d| d.as_ref().map(|t| t.version).unwrap_or_default());
    let lang = use_page_lang();
    let (live, connecting) = (tr!(escrow.live), tr!(escrow.connecting));
    view! {
        <section class="card escrow" aria-labelledby="escrow-title" data-version=version>
            <header class="escrow-head">
                <h2 id="escrow-title">{tr!(escrow.title)}</h2>
                <span class="live-badge" class:on=move || connected.get()>
                    {move || if connected.get() { live.get() } else { connecting.get() }}
                </span>
            </header>
            <p class="muted small">{trf!(escrow.between, client = client_name.as_str(), provider = provider_name.as_str())}</p>
            {move || tab(&|t| (viewer == EscrowViewer::Provider).then(|| {
                let lang = lang.get();
                let l = locale_of(lang);
                view! {
                <div class="notice warning" role="note">
                    <p><strong>{td_string!(l, escrow.funded_only)}</strong>" "
                    {crate::tdf!(l, escrow.funded_figures, deposited = lang.money(t.totals.deposited),
                        planned = lang.money(t.totals.planned), unfunded = lang.money(t.totals.unfunded))}</p>
                </div>
            }}).into_any())}
            {move || tab(&|t| t.dispute.clone().map(|d| {
                let lang = lang.get();
                let l = locale_of(lang);
                let side = if d.opened_by_client { td_string!(l, escrow.side_client) } else { td_string!(l, escrow.side_provider) };
                view! {
                <div class="notice error" role="alert">
                    <p><strong>{td_string!(l, escrow.frozen)}</strong>" "
                    {crate::tdf!(l, escrow.frozen_by, name = d.opened_by.as_str(), side = side,
                        when = lang.stamp(d.opened_at), reason = d.reason.as_str())}</p>
                </div>
            }}).into_any())}
            {move || tab(&|t| view! { <TrancheTable tranches=t.tranches.clone() totals=t.totals.clone() frozen=t.dispute.is_some()/> }.into_any())}
            {move || tab(&|t| view! {
                <dl class="facts payout-facts">
                    <div><dt>{tr!(escrow.available)}</dt><dd class="num" data-testid="payout-available">{money(t.payout_available)}</dd></div>
                    <div><dt>{tr!(escrow.in_requests)}</dt><dd class="num">{money(t.payout_requested)}</dd></div>
                    <div><dt>{tr!(escrow.paid_out)}</dt><dd class="num" data-testid="paid-out">{money(t.paid_out)}</dd></div>
                </dl>
            }.into_any())}
            <Show when=move || open.get()>
                {match viewer {
                    EscrowViewer::Client => view! {
                        <div class="escrow-actions">
                            <DepositForm project_id tranches frozen fees reload/>
                            <LetGoForm project_id tranches frozen reload release=true/>
                        </div>
                        <DisputeForm project_id frozen reload/>
                    }.into_any(),
                    EscrowViewer::Provider => view! {
                        <div class="escrow-actions">
                            <PayoutForm project_id/>
                            <LetGoForm project_id tranches frozen reload release=false/>
                        </div>
                        <DisputeForm project_id frozen reload/>
                    }.into_any(),
                    EscrowViewer::Staff => ().into_any(),
                }}
            </Show>
            {move || (viewer == EscrowViewer::Staff && frozen.get()).then(|| view! { <DecideForm project_id tranches=tranches.get_untracked() reload/> })}
            {move || tab(&|t| view! { <PayoutList payouts=t.payouts.clone() staff=viewer == EscrowViewer::Staff reload/> }.into_any())}
            {move || tab(&|t| (!t.past_disputes.is_empty()).then(|| view! {
                <h3>{tr!(escrow.decided_disputes)}</h3>
                <ul class="plain">
                    {t.past_disputes.iter().map(|d| {
                        let lang = lang.get();
                        view! {
                        <li>{crate::tdf!(locale_of(lang), escrow.past_dispute, name = d.opened_by.as_str(),
                            opened = lang.stamp(d.opened_at), reason = d.reason.as_str(),
                            decided = d.decided_at.map(|t| lang.stamp(t)).unwrap_or_default(),
                            note = d.decision_note.clone().unwrap_or_default())}</li>
                    }}).collect_view()}
                </ul>
            }).into_any())}
            <h3>{tr!(escrow.history)}</h3>
            {move || tab(&|t| if t.history.is_empty() {
                view! { <p class="muted small">{tr!(escrow.nothing_moved)}</p> }.into_any()
            } else {
                let lang = lang.get();
                view! {
                    <ol class="history" aria-label=tr!(escrow.history_label)>
                        {t.history.iter().map(|h| view! {
                            <li><time>{lang.stamp(h.at)}</time>" · "<strong>{h.actor.clone()}</strong>" · "{say(lang, &h.what)}</li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
        </section>
    }
    .into_any()
}
