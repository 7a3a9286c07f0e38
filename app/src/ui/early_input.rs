//! What a person typed, ticked or chose before the page's wasm arrived (a
//! slow connection, a password manager filling the form at once) is kept:
//! hydration adopts it instead of wiping it with the signal's value.
//!
//! These are directives (`use:keep_typed=signal`), put on an element before
//! its `prop:value` or `prop:checked`. "Typed" means the element differs
//! from what the server's HTML gave it (`defaultValue`, `defaultChecked`, a
//! select's default option). They act once per element: list re-renders
//! run directives again, and must not re-adopt anything.

use leptos::prelude::*;
use leptos::tachys::renderer::types::Element;

/// A text input, text area or select bound to `value`.
pub fn keep_typed(el: Element, value: RwSignal<String>) {
    keep_typed_with(
        el,
        Callback::new(move |typed: String| {
            if typed != value.get_untracked() {
                value.set(typed)
            }
        }),
    );
}

/// `keep_typed` for a value kept elsewhere than in its own signal.
pub fn keep_typed_with(el: Element, typed: Callback<String>) {
    #[cfg(feature = "hydrate")]
    if let Some(now) = dom::typed(el.as_ref()) {
        typed.run(now);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (el, typed);
}

/// A checkbox: `toggled` gets its state when the person changed it.
pub fn keep_checked(el: Element, toggled: Callback<bool>) {
    #[cfg(feature = "hydrate")]
    if let Some(now) = dom::toggled(el.as_ref()) {
        toggled.run(now);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (el, toggled);
}

/// Every button of a radio group: `chosen` gets the value of the checked
/// one when it is not the one the server's HTML checked.
pub fn keep_choice(el: Element, chosen: Callback<String>) {
    #[cfg(feature = "hydrate")]
    if let Some(now) = dom::chosen(el.as_ref()) {
        chosen.run(now);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (el, chosen);
}

/// Reading form elements through their JavaScript properties.
#[cfg(feature = "hydrate")]
mod dom {
    use js_sys::Reflect;
    use wasm_bindgen::JsValue;

    fn read(target: &JsValue, key: &str) -> Option<JsValue> {
        Reflect::get(target, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    fn text(target: &JsValue, key: &str) -> Option<String> {
        read(target, key)?.as_string()
    }

    fn flag(target: &JsValue, key: &str) -> Option<bool> {
        read(target, key)?.as_bool()
    }

    /// The items of a DOM collection (options, a radio group).
    fn items(list: &JsValue) -> Vec<JsValue> {
        let count = read(list, "length").and_then(|n| n.as_f64()).unwrap_or(0.0) as u32;
        (0..count)
            .filter_map(|i| read(list, &i.to_string()))
            .collect()
    }

    /// True the first time an element is seen here.
    fn first_visit(el: &JsValue) -> bool {
        let mark = JsValue::from_str("__marketplaceKept");
        if Reflect::get(el, &mark).ok().and_then(|v| v.as_bool()) == Some(true) {
            return false;
        }
        let _ = Reflect::set(el, &mark, &JsValue::TRUE);
        true
    }

    /// The value, when it is not the one the HTML gave.
    pub fn typed(el: &JsValue) -> Option<String> {
        if !first_visit(el) {
            return None;
        }
        let now = text(el, "value")?;
        let default = text(el, "defaultValue").or_else(|| {
            // A select: the option marked selected in the HTML, or its first.
            let options = items(&read(el, "options")?);
            let marked = options
                .iter()
                .find(|o| flag(o, "defaultSelected") == Some(true));
            text(marked.or(options.first())?, "value")
        })?;
        (now != default).then_some(now)
    }

    /// The checked state, when it is not the one the HTML gave.
    pub fn toggled(el: &JsValue) -> Option<bool> {
        if !first_visit(el) {
            return None;
        }
        let (now, default) = (flag(el, "checked")?, flag(el, "defaultChecked")?);
        (now != default).then_some(now)
    }

    /// The radio group's checked value, when the HTML checked another.
    pub fn chosen(el: &JsValue) -> Option<String> {
        if !first_visit(el) {
            return None;
        }
        let group = read(&read(el, "form")?, &text(el, "name")?)?;
        let radios = items(&group);
        let value_where = |key: &str| {
            radios
                .iter()
                .find(|r| flag(r, key) == Some(true))
                .and_then(|r| text(r, "value"))
        };
        let now = value_where("checked")?;
        (Some(&now) != value_where("defaultChecked").as_ref()).then_some(now)
    }
}
