//! The names of the domain's fixed values (`domain::words::Label`),
//! following the page's language.

use super::lang::{locale_of, use_page_lang};
use crate::domain::ledger::CreditKind;
use crate::domain::locale::Lang;
use crate::domain::money::Cents;
pub use crate::domain::words::Label;
use crate::i18n::{td_string, Locale};
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

/// A ledger movement's name (grant, spend, refund, top_up…).
pub fn movement_text(l: Locale, m: &str) -> &'static str {
    match m {
        "grant" => td_string!(l, credits.movement_grant),
        "spend" => td_string!(l, credits.movement_spend),
        "refund" => td_string!(l, credits.movement_refund),
        "top_up" => td_string!(l, credits.movement_top_up),
        "purchase" => td_string!(l, credits.movement_purchase),
        "purchase_refund" => td_string!(l, credits.movement_purchase_refund),
        _ => td_string!(l, credits.movement),
    }
}

/// What a ledger line counts: a kind of credit, or the prepaid account.
pub fn unit_text(l: Locale, unit: &str) -> String {
    match CreditKind::from_slug(unit) {
        Some(k) => crate::tdf!(l, credits.kind_credits, kind = k.text(l)),
        None => td_string!(l, credits.prepaid).to_string(),
    }
}

/// A ledger line's amount (`signed`: with its sign) or balance: money for
/// the prepaid account (`cents`), a count for credits.
pub fn ledger_amount(lang: Lang, unit: &str, v: i64, signed: bool) -> String {
    let text = if unit == "cents" {
        lang.money(Cents::new(v.abs()))
    } else {
        v.abs().to_string()
    };
    match (signed, v > 0, v < 0) {
        (true, true, _) => format!("+{text}"),
        (true, _, true) => format!("−{text}"),
        (false, _, true) => format!("−{text}"),
        _ => text,
    }
}
