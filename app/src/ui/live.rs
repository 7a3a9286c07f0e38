//! Live views: the browser's end of a server-sent event feed, read with
//! gloo-net's event source. Every live view shares it.
//!
//! A feed sends "ready" when a connection opens (or opens again) and
//! "changed" on every change; both bump `reloads`, so the view re-reads
//! what it shows, and nothing that happened while the connection was down
//! is missed. The browser reconnects by itself after a dropped connection;
//! when it gives up (the feed was refused or closed), this module opens a
//! new one after a pause. `connected` follows the connection's state.

use futures::channel::oneshot;
use futures::{stream, StreamExt};
use gloo_net::eventsource::futures::EventSource;
use gloo_net::eventsource::State;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

/// How long to wait before opening a feed the browser gave up on.
const REOPEN_AFTER: Duration = Duration::from_secs(2);
/// How often `connected` is brought in line with the connection.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// A feed being watched; dropping it closes the feed for good.
pub struct Live {
    stopped: Rc<Cell<bool>>,
    source: Rc<RefCell<Option<EventSource>>>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.stopped.set(true);
        // Closing ends the subscription's stream, and so the task below.
        if let Some(source) = self.source.borrow_mut().take() {
            source.close();
        }
    }
}

/// Watches the feed at `url` for as long as the returned value lives.
pub fn watch(url: String, reloads: RwSignal<u32>, connected: RwSignal<bool>) -> Live {
    let live = Live {
        stopped: Rc::new(Cell::new(false)),
        source: Rc::new(RefCell::new(None)),
    };
    let (stopped, slot) = (live.stopped.clone(), live.source.clone());
    leptos::task::spawn_local(async move {
        while !stopped.get() {
            follow(&url, &slot, reloads, connected).await;
            connected.try_set(false);
            if !stopped.get() {
                sleep(REOPEN_AFTER).await;
            }
        }
    });
    live
}

/// One event source, until the browser gives up on it or it is closed.
async fn follow(
    url: &str,
    slot: &Rc<RefCell<Option<EventSource>>>,
    reloads: RwSignal<u32>,
    connected: RwSignal<bool>,
) {
    let Ok(mut source) = EventSource::new(url) else {
        return;
    };
    let (Ok(ready), Ok(changed)) = (source.subscribe("ready"), source.subscribe("changed")) else {
        return;
    };
    let probe = source.clone();
    *slot.borrow_mut() = Some(source);
    let check = set_interval_with_handle(
        move || {
            connected.try_set(probe.state() == State::Open);
        },
        CHECK_EVERY,
    )
    .ok();
    let mut events = stream::select(ready, changed);
    // An error item means the browser stopped reconnecting.
    while let Some(Ok(_)) = events.next().await {
        connected.try_set(true);
        reloads.try_update(|n| *n += 1);
    }
    if let Some(check) = check {
        check.clear();
    }
    slot.borrow_mut().take();
}

async fn sleep(duration: Duration) {
    let (done, wait) = oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        duration,
    );
    let _ = wait.await;
}
