//! The names of the domain's fixed values (`domain::words::Label`),
//! following the page's language.

use super::lang::{locale_of, use_page_lang};
pub use crate::domain::words::Label;
use leptos::prelude::*;

/// The name of `value`, following the page's language.
pub fn label<T: Label>(value: T) -> ArcSignal<&'static str> {
    let lang = use_page_lang();
    ArcSignal::derive(move || value.text(locale_of(lang.get())))
}

/// The value and name of each of `all`, for a list of boxes or options.
pub fn choices<T: Label>(
    all: &[T],
    slug: fn(T) -> &'static str,
) -> Vec<(&'static str, ArcSignal<&'static str>)> {
    all.iter().map(|v| (slug(*v), label(*v))).collect()
}
