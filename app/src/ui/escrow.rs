//! The payment-management tab of a zero-risk project, live for everyone
//! looking: the client deposits and releases, the provider gives back and
//! requests payouts, either declares a dispute, staff decide and pay.
//! Also staff's escrow desk.

use super::common::{
    field_error, last_error, use_hydrated, ErrorNotice, FormError, Loading, TextField,
};
use super::early_input::keep_typed;
use crate::api::credits::new_key;
use crate::api::escrow::{
    load_escrow_desk, load_escrow_tab, DecideDispute, DepositEscrow, MarkPayoutPaid, OpenDispute,
    RefundEscrow, ReleaseEscrow,
};
use crate::domain::payment::{TEST_CARD_DECLINED, TEST_CARD_OK};
use crate::error::AppError;
use crate::views::escrow::{AllocationForm, EscrowTab, EscrowViewer, PayoutView, TrancheView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The browser's end of the live feed: an EventSource on
/// `/live/escrow/{id}` that bumps `reloads` when the tab must be re-read
/// (when the connection opens or opens again, and on every change).
#[cfg(feature = "hydrate")]
mod live {
    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    pub struct Watch {
        source: web_sys::EventSource,
        _handlers: [Closure<dyn FnMut(web_sys::Event)>; 2],
    }

    impl Drop for Watch {
        fn drop(&mut self) {
            self.source.close();
        }
    }

    pub fn open(
        project_id: i64,
        reloads: RwSignal<u32>,
        connected: RwSignal<bool>,
    ) -> Option<Watch> {
        let source = web_sys::EventSource::new(&format!("/live/escrow/{project_id}")).ok()?;
        let reread = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            connected.try_set(true);
            reloads.try_update(|n| *n += 1);
        });
        let lost = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            connected.try_set(false);
        });
        for event in ["ready", "changed"] {
            source
                .add_event_listener_with_callback(event, reread.as_ref().unchecked_ref())
                .ok()?;
        }
        source.set_onerror(Some(lost.as_ref().unchecked_ref()));
        Some(Watch {
            source,
            _handlers: [reread, lost],
        })
    }
}

/// The tab, or nothing when the project has no escrow (basic formula).
/// The forms are built once; only the figures follow the live updates, so
/// what someone is typing survives a change made elsewhere.
#[component]
pub fn EscrowPanel(project_id: i64) -> impl IntoView {
    let reloads = RwSignal::new(0u32);
    let connected = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let watch = StoredValue::new_local(None::<live::Watch>);
        watch.set_value(live::open(project_id, reloads, connected));
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
            (false, Some(e)) => view! { <section class="card"><h2>"Payments"</h2><ErrorNotice error=e/></section> }.into_any(),
            (false, None) => view! { <section class="card"><h2>"Payments"</h2><Loading/></section> }.into_any(),
            (true, _) => view! { <EscrowTabView data connected reload/> }.into_any(),
        }}
    }
}

#[component]
fn EscrowTabView(
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
    let version = move || data.with(|d| d.as_ref().map(|t| t.version).unwrap_or_default());
    view! {
        <section class="card escrow" aria-labelledby="escrow-title" data-version=version>
            <header class="escrow-head">
                <h2 id="escrow-title">"Payments (escrow)"</h2>
                <span class="live-badge" class:on=move || connected.get()>
                    {move || if connected.get() { "Live" } else { "Connecting…" }}
                </span>
            </header>
            <p class="muted small">{format!("Between {client_name} (client) and {provider_name} (provider).")}</p>
            {move || tab(&|t| (viewer == EscrowViewer::Provider).then(|| view! {
                <div class="notice warning" role="note">
                    <p><strong>"Work only on what is funded. "</strong>
                    {format!("{} of {} is deposited in escrow; {} is not funded yet and is not protected.",
                        t.totals.deposited.display(), t.totals.planned.display(), t.totals.unfunded.display())}</p>
                </div>
            }).into_any())}
            {move || tab(&|t| t.dispute.clone().map(|d| view! {
                <div class="notice error" role="alert">
                    <p><strong>"Frozen by a dispute. "</strong>
                    {format!("{} ({}) declared it on {}: “{}”. Nothing moves until staff decide.",
                        d.opened_by, if d.opened_by_client { "client" } else { "provider" }, d.opened_at, d.reason)}</p>
                </div>
            }).into_any())}
            {move || tab(&|t| view! { <TrancheTable tranches=t.tranches.clone() totals=t.totals.clone() frozen=t.dispute.is_some()/> }.into_any())}
            {move || tab(&|t| view! {
                <dl class="facts payout-facts">
                    <div><dt>"Released, not yet requested"</dt><dd class="num" data-testid="payout-available">{t.payout_available.display()}</dd></div>
                    <div><dt>"In payout requests"</dt><dd class="num">{t.payout_requested.display()}</dd></div>
                    <div><dt>"Paid out"</dt><dd class="num" data-testid="paid-out">{t.paid_out.display()}</dd></div>
                </dl>
            }.into_any())}
            <Show when=move || open.get()>
                {match viewer {
                    EscrowViewer::Client => view! {
                        <div class="escrow-actions">
                            <DepositForm project_id tranches frozen reload/>
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
                <h3>"Decided disputes"</h3>
                <ul class="plain">
                    {t.past_disputes.iter().map(|d| view! {
                        <li>{format!("Declared by {} on {}: “{}”. Decided on {}: “{}”", d.opened_by, d.opened_at, d.reason,
                            d.decided_at.clone().unwrap_or_default(), d.decision_note.clone().unwrap_or_default())}</li>
                    }).collect_view()}
                </ul>
            }).into_any())}
            <h3>"History"</h3>
            {move || tab(&|t| if t.history.is_empty() {
                view! { <p class="muted small">"Nothing has moved yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="history" aria-label="Escrow history">
                        {t.history.iter().map(|h| view! {
                            <li><time>{h.at.clone()}</time>" · "<strong>{h.actor.clone()}</strong>" · "{h.what.clone()}</li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
        </section>
    }
    .into_any()
}

#[component]
fn TrancheTable(tranches: Vec<TrancheView>, totals: TrancheView, frozen: bool) -> impl IntoView {
    let row = move |t: &TrancheView, total: bool| {
        let cells = view! {
            <td class="num">{t.planned.display()}</td>
            <td class="num">{t.deposited.display()}</td>
            <td class="num">{t.held.display()}</td>
            <td class="num">{t.released.display()}</td>
            <td class="num">{t.refunded.display()}</td>
            {frozen.then(|| view! { <td class="num">{t.disputed.display()}</td> })}
        };
        if total {
            view! { <tr class="total"><th scope="row">"Total"</th>{cells}</tr> }.into_any()
        } else {
            view! { <tr><th scope="row">{t.label.clone()}</th>{cells}</tr> }.into_any()
        }
    };
    view! {
        <div class="table-wrap">
            <table class="data money" aria-label="Escrow tranches" class:frozen=frozen>
                <thead><tr>
                    <th scope="col">"Tranche"</th>
                    <th scope="col" class="num">"Planned"</th>
                    <th scope="col" class="num">"Deposited"</th>
                    <th scope="col" class="num">"Held"</th>
                    <th scope="col" class="num">"Released"</th>
                    <th scope="col" class="num">"Refunded"</th>
                    // Only while a dispute freezes the escrow: otherwise it is all zeros.
                    {frozen.then(|| view! { <th scope="col" class="num">"Disputed"</th> })}
                </tr></thead>
                <tbody>{tranches.iter().map(|t| row(t, false)).collect_view()}</tbody>
                <tfoot>{row(&totals, true)}</tfoot>
            </table>
        </div>
    }
}

/// A select of the tranches, bound to a position.
#[component]
fn TrancheSelect(
    id: &'static str,
    tranches: Signal<Vec<TrancheView>>,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>"Tranche"</label>
            <select id=id use:keep_typed=value prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {move || tranches.get().into_iter().map(|t| view! {
                    <option value=t.position.to_string() selected=t.position.to_string() == value.get_untracked()>
                        {format!("{} (held {}, to fund {})", t.label, t.held.display(), t.unfunded.display())}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// Shows an action's outcome: its answer, or its error.
#[component]
fn Outcome(
    value: Signal<Option<Result<String, AppError>>>,
    fields: Vec<&'static str>,
) -> impl IntoView {
    let error = last_error(value);
    view! {
        {move || value.get().and_then(|r| r.ok()).map(|m| view! { <div class="notice success" role="status"><p>{m}</p></div> })}
        <FormError error fields=fields.clone()/>
    }
}

/// Re-reads the tab and renews the key once an action succeeded.
fn after_success<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    key: StoredValue<String>,
    reload: Callback<()>,
) {
    Effect::new(move |_| {
        if let Some(Ok(_)) = value.get() {
            key.set_value(new_key());
            reload.run(());
        }
    });
}

#[component]
fn DepositForm(
    project_id: i64,
    tranches: Signal<Vec<TrancheView>>,
    frozen: Signal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let action = ServerAction::<DepositEscrow>::new();
    let hydrated = use_hydrated();
    let now = tranches.get_untracked();
    let first = now.iter().find(|t| !t.unfunded.is_zero()).or(now.first());
    let tranche = RwSignal::new(first.map(|t| t.position.to_string()).unwrap_or_default());
    let amount = RwSignal::new(first.map(|t| t.unfunded.to_string()).unwrap_or_default());
    let card = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    let error = last_error(action.value());
    after_success(action.value(), key, reload);
    view! {
        <form class="card inset" aria-labelledby="deposit-title" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(DepositEscrow {
                project_id,
                tranche: tranche.get_untracked().parse().unwrap_or(0),
                amount: amount.get_untracked(),
                card: card.get_untracked(),
                key: key.get_value(),
            });
        }>
            <h3 id="deposit-title">"Deposit"</h3>
            <p class="muted small">"Fund a tranche, whole or in part. Test cards: "<code>{TEST_CARD_OK}</code>" pays, "<code>{TEST_CARD_DECLINED}</code>" is declined."</p>
            <Outcome value=Signal::derive(move || action.value().get()) fields=vec!["amount", "card"]/>
            <TrancheSelect id="deposit-tranche" tranches value=tranche/>
            <TextField label="Amount to deposit (€)" name="deposit_amount" inputmode="decimal" value=amount error=field_error(error, "amount")/>
            <TextField label="Card number" name="deposit_card" inputmode="numeric" autocomplete="cc-number" value=card error=field_error(error, "card")/>
            <button type="submit" class="button primary" disabled=move || frozen.get() || !hydrated.get() || action.pending().get()>
                {move || if action.pending().get() { "Paying…" } else { "Pay into escrow" }}
            </button>
        </form>
    }
}

/// The client releases held money to the provider (`release`), or the
/// provider gives it back to the client.
#[component]
fn LetGoForm(
    project_id: i64,
    tranches: Signal<Vec<TrancheView>>,
    frozen: Signal<bool>,
    reload: Callback<()>,
    release: bool,
) -> impl IntoView {
    let hydrated = use_hydrated();
    let now = tranches.get_untracked();
    let first = now.iter().find(|t| !t.held.is_zero()).or(now.first());
    let tranche = RwSignal::new(first.map(|t| t.position.to_string()).unwrap_or_default());
    let amount = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    let release_action = ServerAction::<ReleaseEscrow>::new();
    let refund_action = ServerAction::<RefundEscrow>::new();
    let value = Signal::derive(move || {
        if release {
            release_action.value().get()
        } else {
            refund_action.value().get()
        }
    });
    let pending =
        Signal::derive(move || release_action.pending().get() || refund_action.pending().get());
    let error = last_error(value);
    after_success(value, key, reload);
    let (title, hint, button, id, name) = if release {
        (
            "Release",
            "Accept a deliverable: what you release is owed to the provider.",
            "Release to the provider",
            "release-tranche",
            "release_amount",
        )
    } else {
        (
            "Give back",
            "Return held money to the client, with your consent.",
            "Give back to the client",
            "refund-tranche",
            "refund_amount",
        )
    };
    view! {
        <form class="card inset" aria-label=title on:submit=move |ev| {
            ev.prevent_default();
            let tranche = tranche.get_untracked().parse().unwrap_or(0);
            if release {
                release_action.dispatch(ReleaseEscrow { project_id, tranche, amount: amount.get_untracked(), key: key.get_value() });
            } else {
                refund_action.dispatch(RefundEscrow { project_id, tranche, amount: amount.get_untracked(), key: key.get_value() });
            }
        }>
            <h3>{title}</h3>
            <p class="muted small">{hint}</p>
            <Outcome value fields=vec!["amount"]/>
            <TrancheSelect id tranches value=tranche/>
            <TextField label=if release { "Amount to release (€)" } else { "Amount to give back (€)" } name inputmode="decimal" value=amount error=field_error(error, "amount")/>
            <button type="submit" class="button" class:primary=release disabled=move || frozen.get() || !hydrated.get() || pending.get()>{button}</button>
        </form>
    }
}

#[component]
fn DisputeForm(project_id: i64, frozen: Signal<bool>, reload: Callback<()>) -> impl IntoView {
    let action = ServerAction::<OpenDispute>::new();
    let hydrated = use_hydrated();
    let reason = RwSignal::new(String::new());
    let error = last_error(action.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            reload.run(());
        }
    });
    view! {
        <details class="dispute" class:hidden=move || frozen.get()>
            <summary>"Declare a dispute"</summary>
            <form on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(OpenDispute { project_id, reason: reason.get_untracked() });
            }>
                <p class="muted small">"The escrow freezes for both of you until staff decide: release, refund or a split of what is held."</p>
                <FormError error fields=vec!["reason"]/>
                <div class="field">
                    <label for="dispute-reason">"What went wrong"</label>
                    <textarea id="dispute-reason" rows="3" use:keep_typed=reason prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <p class="field-error">{move || field_error(error, "reason").get()}</p>
                </div>
                <button type="submit" class="button danger" disabled=move || !hydrated.get() || action.pending().get()>"Declare the dispute"</button>
            </form>
        </details>
    }
}

#[component]
fn DecideForm(project_id: i64, tranches: Vec<TrancheView>, reload: Callback<()>) -> impl IntoView {
    let action = ServerAction::<DecideDispute>::new();
    let hydrated = use_hydrated();
    let note = RwSignal::new(String::new());
    let key = StoredValue::new(new_key());
    let held: Vec<TrancheView> = tranches.into_iter().filter(|t| !t.held.is_zero()).collect();
    let shares: Vec<(i32, RwSignal<String>, RwSignal<String>)> = held
        .iter()
        .map(|t| {
            (
                t.position,
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
            )
        })
        .collect();
    let error = last_error(action.value());
    after_success(action.value(), key, reload);
    let submitted = shares.clone();
    view! {
        <form class="card inset" aria-labelledby="decide-title" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(DecideDispute {
                project_id,
                allocations: submitted.iter().map(|(position, p, c)| AllocationForm {
                    position: *position,
                    to_provider: p.get_untracked(),
                    to_client: c.get_untracked(),
                }).collect(),
                note: note.get_untracked(),
                key: key.get_value(),
            });
        }>
            <h3 id="decide-title">"Decide the dispute"</h3>
            <p class="muted small">"For each tranche, what goes to the provider and what goes back to the client; never more than is held. What you leave stays held."</p>
            <Outcome value=Signal::derive(move || action.value().get()) fields=vec!["note"]/>
            {held.iter().zip(shares).map(|(t, (position, p, c))| view! {
                <fieldset class="field">
                    <legend>{format!("{} · {} held", t.label, t.held.display())}</legend>
                    <div class="field-row">
                        <div class="field">
                            <label for=format!("share-provider-{position}")>{format!("{} to the provider (€)", t.label)}</label>
                            <input id=format!("share-provider-{position}") inputmode="decimal" use:keep_typed=p prop:value=move || p.get() on:input=move |ev| p.set(event_target_value(&ev))/>
                        </div>
                        <div class="field">
                            <label for=format!("share-client-{position}")>{format!("{} back to the client (€)", t.label)}</label>
                            <input id=format!("share-client-{position}") inputmode="decimal" use:keep_typed=c prop:value=move || c.get() on:input=move |ev| c.set(event_target_value(&ev))/>
                        </div>
                    </div>
                </fieldset>
            }).collect_view()}
            <div class="field">
                <label for="decision-note">"Decision, as the parties will read it"</label>
                <textarea id="decision-note" rows="3" use:keep_typed=note prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <p class="field-error">{move || field_error(error, "note").get()}</p>
            </div>
            <button type="submit" class="button primary" disabled=move || !hydrated.get() || action.pending().get()>"Decide"</button>
        </form>
    }
}

/// A plain multipart form (works without JavaScript); the outcome comes
/// back in the address as `?payout=`.
#[component]
fn PayoutForm(project_id: i64) -> impl IntoView {
    use crate::domain::files::UploadRefusal;
    let query = leptos_router::hooks::use_query_map();
    let outcome = move || query.read().get("payout");
    let key = new_key();
    view! {
        <form class="card inset" method="post" enctype="multipart/form-data" action=format!("/files/payouts/{project_id}")
            aria-labelledby="payout-title">
            <h3 id="payout-title">"Request a payout"</h3>
            <p class="muted small">"Released money is paid to your bank by staff once they check your invoice (PDF, 5 MB at most)."</p>
            {move || outcome().map(|code| match code.as_str() {
                "ok" => view! { <div class="notice success" role="status"><p>"Payout requested: staff will check the invoice and transfer the money."</p></div> }.into_any(),
                "amount" => view! { <div class="notice error" role="alert"><p>"Enter an amount above zero and no more than the released money not yet requested; nothing was filed."</p></div> }.into_any(),
                other => view! { <div class="notice error" role="alert"><p>{UploadRefusal::from_code(other).map(|r| r.message()).unwrap_or("The payout request was not filed.")}</p></div> }.into_any(),
            })}
            <input type="hidden" name="key" value=key/>
            <div class="field">
                <label for="payout-amount">"Amount to pay out (€)"</label>
                <input id="payout-amount" name="amount" inputmode="decimal" required/>
            </div>
            <div class="field">
                <label for="payout-invoice">"Invoice (PDF)"</label>
                <input id="payout-invoice" name="invoice" type="file" accept="application/pdf,.pdf" required/>
            </div>
            <button type="submit" class="button primary">"Request the payout"</button>
        </form>
    }
}

#[component]
fn PayoutList(payouts: Vec<PayoutView>, staff: bool, reload: Callback<()>) -> impl IntoView {
    if payouts.is_empty() {
        return view! { <h3>"Payouts"</h3><p class="muted small">"No payout requested yet."</p> }
            .into_any();
    }
    view! {
        <h3>"Payouts"</h3>
        <div class="table-wrap">
            <table class="data money" aria-label="Payouts">
                <thead><tr>
                    <th scope="col">"Requested"</th>
                    <th scope="col" class="num">"Amount"</th>
                    <th scope="col">"Invoice"</th>
                    <th scope="col">"Status"</th>
                </tr></thead>
                <tbody>
                    {payouts.into_iter().map(|p| view! {
                        <tr>
                            <td>{p.requested_at.clone()}</td>
                            <td class="num">{p.amount.display()}</td>
                            <td><a href=format!("/files/invoices/{}", p.id) download>{p.invoice_name.clone()}</a></td>
                            <td>{if p.paid {
                                view! { <span>{format!("Paid on {} · reference {}", p.paid_at.clone().unwrap_or_default(), p.transfer_reference.clone().unwrap_or_default())}</span> }.into_any()
                            } else if staff {
                                view! { <MarkPaidForm payout_id=p.id reload/> }.into_any()
                            } else {
                                view! { <span>"Waiting for staff's transfer"</span> }.into_any()
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn MarkPaidForm(payout_id: i64, reload: Callback<()>) -> impl IntoView {
    let action = ServerAction::<MarkPayoutPaid>::new();
    let hydrated = use_hydrated();
    let reference = RwSignal::new(String::new());
    let error = last_error(action.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            reload.run(());
        }
    });
    let id = format!("transfer-reference-{payout_id}");
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(MarkPayoutPaid { payout_id, reference: reference.get_untracked() });
        }>
            <label for=id.clone()>"Transfer reference"</label>
            <input id=id use:keep_typed=reference prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev))/>
            <button type="submit" class="button small primary" disabled=move || !hydrated.get() || action.pending().get()>"Mark paid"</button>
            <FormError error fields={Vec::<&'static str>::new()}/>
        </form>
    }
}

/// Staff's desk: open disputes to decide and payouts to pay.
#[component]
pub fn EscrowDeskPage() -> impl IntoView {
    let reloads = RwSignal::new(0u32);
    let desk = LocalResource::new(move || {
        reloads.track();
        load_escrow_desk()
    });
    let reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <Title text="Escrow desk"/>
        <section>
            <h1>"Escrow desk"</h1>
            <p class="muted">"Disputes freeze an escrow until you decide them; payouts wait for your bank transfer."</p>
            {move || match desk.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                Some(Ok(d)) => view! {
                    <section class="card">
                        <h2>"Open disputes"</h2>
                        {if d.disputes.is_empty() {
                            view! { <p class="muted">"No open dispute."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain queue">
                                    {d.disputes.into_iter().map(|q| view! {
                                        <li>
                                            <A href=format!("/projects/{}", q.project_id)>{q.project_title.clone()}</A>
                                            {format!(" · {} held · declared by {} on {}: “{}”", q.held.display(), q.dispute.opened_by, q.dispute.opened_at, q.dispute.reason)}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="card">
                        <h2>"Payouts to pay"</h2>
                        {if d.payouts.is_empty() {
                            view! { <p class="muted">"No payout waiting."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="data money" aria-label="Payouts to pay">
                                        <thead><tr>
                                            <th scope="col">"Project"</th>
                                            <th scope="col">"Provider"</th>
                                            <th scope="col" class="num">"Amount"</th>
                                            <th scope="col">"Invoice"</th>
                                            <th scope="col">"Transfer"</th>
                                        </tr></thead>
                                        <tbody>
                                            {d.payouts.into_iter().map(|q| view! {
                                                <tr>
                                                    <td><A href=format!("/projects/{}", q.project_id)>{q.project_title.clone()}</A></td>
                                                    <td>{q.provider_name.clone()}</td>
                                                    <td class="num">{q.payout.amount.display()}</td>
                                                    <td><a href=format!("/files/invoices/{}", q.payout.id) download>{q.payout.invoice_name.clone()}</a></td>
                                                    <td><MarkPaidForm payout_id=q.payout.id reload/></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    </section>
                }.into_any(),
            }}
        </section>
    }
}
