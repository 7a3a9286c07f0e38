#![recursion_limit = "512"]
//! The wasm entry point: it only hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Every page is a lazy route (`app::ui::routes`): hydration waits for
    // the page's own chunk, which `hydrate_body` cannot do.
    app::ui::routes::leave_links_to_the_browser_until_hydrated();
    leptos::mount::hydrate_lazy(app::App);
}
