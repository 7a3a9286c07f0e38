//! The signed-in person's live feed (`/live/me`), followed on every page
//! by the header so the bell and the dashboard update without a reload.
//!
//! It is in every page's code, so it is kept small: the browser's own
//! EventSource (which reconnects by itself after a dropped connection), one
//! listener that bumps a signal on "ready" and "changed", and a new source
//! after a pause when the browser gives up. The payment tab's richer
//! watcher (`live.rs`) stays in its own page's code.

use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventSource};

const URL: &str = "/live/me";
/// How long to wait before opening a feed the browser gave up on.
const REOPEN_AFTER_MS: i32 = 2_000;

type Listener = Closure<dyn FnMut(Event)>;

#[derive(Default)]
struct State {
    source: Option<EventSource>,
    stopped: bool,
    /// Bumps the signal: shared by every source opened.
    bump: Option<Listener>,
    /// Watches for the browser giving up; it reopens, so it refers to the
    /// state, and taking it out on drop breaks that cycle.
    on_error: Option<Listener>,
}

/// The feed, followed for as long as this value lives.
pub struct PersonFeed(Rc<RefCell<State>>);

impl Drop for PersonFeed {
    fn drop(&mut self) {
        let mut state = self.0.borrow_mut();
        state.stopped = true;
        if let Some(source) = state.source.take() {
            source.close();
        }
        state.on_error.take();
        state.bump.take();
    }
}

/// Follows the feed, bumping `changes` when it opens and on every change.
pub fn follow(changes: RwSignal<u32>) -> PersonFeed {
    let state = Rc::new(RefCell::new(State::default()));
    let bump: Listener = Closure::new(move |_: Event| {
        changes.try_update(|n| *n = n.wrapping_add(1));
    });
    let weak = Rc::downgrade(&state);
    let on_error: Listener = Closure::new(move |_: Event| {
        let Some(state) = weak.upgrade() else { return };
        let closed = state
            .borrow()
            .source
            .as_ref()
            .is_some_and(|s| s.ready_state() == EventSource::CLOSED);
        if closed {
            let weak = Rc::downgrade(&state);
            // Called once by the timer, then freed.
            let reopen = Closure::once_into_js(move || {
                if let Some(state) = weak.upgrade() {
                    open(&state);
                }
            });
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    reopen.unchecked_ref(),
                    REOPEN_AFTER_MS,
                );
            }
        }
    });
    {
        let mut s = state.borrow_mut();
        s.bump = Some(bump);
        s.on_error = Some(on_error);
    }
    open(&state);
    PersonFeed(state)
}

/// Opens a new source, unless the feed was dropped.
fn open(state: &Rc<RefCell<State>>) {
    let mut s = state.borrow_mut();
    if s.stopped {
        return;
    }
    if let Some(old) = s.source.take() {
        old.close();
    }
    let Ok(source) = EventSource::new(URL) else {
        return;
    };
    if let Some(bump) = &s.bump {
        let f = bump.as_ref().unchecked_ref();
        let _ = source.add_event_listener_with_callback("ready", f);
        let _ = source.add_event_listener_with_callback("changed", f);
    }
    if let Some(on_error) = &s.on_error {
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    }
    s.source = Some(source);
}
