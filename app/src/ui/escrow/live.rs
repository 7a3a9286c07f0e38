//! The browser's end of the live feed: an EventSource on
//! `/live/escrow/{id}` that bumps `reloads` when the tab must be re-read
//! (when the connection opens or opens again, and on every change).

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

pub fn open(project_id: i64, reloads: RwSignal<u32>, connected: RwSignal<bool>) -> Option<Watch> {
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
