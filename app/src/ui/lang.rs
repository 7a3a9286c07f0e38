//! The language a page is read in: the context every `t!` reads, the
//! switch in the header, and amounts and dates written for that language.
//! Everything here is reactive, so switching language re-writes the page
//! in place and keeps what was typed in its forms.

use crate::api::lang::SetLanguage;
use crate::domain::locale::{Age, Lang};
use crate::domain::money::Cents;
pub use crate::domain::words::{age_text, say};
use crate::error::{AppError, Msg};
use crate::i18n::{td_string, Locale};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use server_fn::ServerFn;

pub use crate::domain::words::locale_of;

/// The page's language, shared by every text on it. Switching it re-writes
/// each text in place (see `text`), so forms keep what was typed.
#[derive(Clone, Copy)]
pub struct PageLang(RwSignal<Lang>);

impl PageLang {
    pub fn get(self) -> Lang {
        self.0.get()
    }

    pub fn get_untracked(self) -> Lang {
        self.0.get_untracked()
    }

    pub fn set(self, lang: Lang) {
        self.0.set(lang);
    }
}

/// Provides the page's language to everything below and writes it into
/// `<html lang>`. The server picks it (the `lang` cookie, else the
/// browser's `Accept-Language`, else French); the browser reads back the
/// server's choice from `<html lang>`, so hydration renders the same text.
#[component]
pub fn LangProvider(children: Children) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let first = crate::api::lang::of_request();
    #[cfg(not(feature = "ssr"))]
    let first = document_lang().unwrap_or_default();
    let lang = PageLang(RwSignal::new(first));
    provide_context(lang);
    view! {
        <leptos_meta::Html {..} lang=move || lang.get().code()/>
        {children()}
    }
}

#[cfg(not(feature = "ssr"))]
fn document_lang() -> Option<Lang> {
    let html = document().document_element()?;
    Lang::from_code(&html.get_attribute("lang")?)
}

pub fn use_page_lang() -> PageLang {
    use_context::<PageLang>().unwrap_or_else(|| PageLang(RwSignal::new(Lang::default())))
}

/// A text of the translation files that follows the page's language. One
/// function for every text: views and attributes of `Signal<&str>` share
/// one compiled rendering, so each text on a page costs the wasm little
/// more than its words (see `tr!`). Reference-counted, not owned by the
/// component that made it: a view kept on screen by a `Transition` while
/// its component is replaced still reads its texts.
pub fn text(pick: fn(Locale) -> &'static str) -> ArcSignal<&'static str> {
    let lang = use_page_lang();
    ArcSignal::derive(move || pick(locale_of(lang.get())))
}

/// The one-click switch to the other language. A form, so it works before
/// the wasm loads (the server sets the cookie and sends the page back);
/// with the wasm it switches in place, keeping what was typed, and tells
/// the server (the cookie, and a signed-in person's account).
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_page_lang();
    let save = ServerAction::<SetLanguage>::new();
    let location = use_location();
    let other = move || lang.get().other();
    let back = move || {
        let search = location.search.get();
        let sep = if search.is_empty() || search.starts_with('?') {
            ""
        } else {
            "?"
        };
        format!("{}{sep}{search}", location.pathname.get())
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = other();
        lang.set(next);
        save.dispatch(SetLanguage {
            lang: next.code().to_owned(),
            back: String::new(),
        });
    };
    view! {
        <form class="inline lang-switch" method="post" action=SetLanguage::PATH on:submit=on_submit>
            <input type="hidden" name="lang" value=move || other().code()/>
            <input type="hidden" name="back" value=back/>
            <button type="submit" class="button small ghost" lang=move || other().code()>
                {move || other().endonym()}
            </button>
        </form>
    }
}

/// What a refusal says, in `lang`: the one field's message, or the
/// error's own.
pub fn error_text(lang: Lang, error: &AppError) -> String {
    let l = locale_of(lang);
    match error {
        AppError::Invalid(errors) if errors.len() == 1 => say(lang, &errors[0].message),
        AppError::Invalid(_) => td_string!(l, errors.fix_fields).to_string(),
        AppError::Unauthenticated => td_string!(l, errors.log_in_first).to_string(),
        AppError::Internal { request_id } => {
            crate::tdf!(l, errors.internal, request_id = request_id.as_str())
        }
        AppError::Transport(_) => td_string!(l, errors.transport).to_string(),
        AppError::NotFound(m)
        | AppError::Forbidden(m)
        | AppError::Conflict(m)
        | AppError::TooManyAttempts(m)
        | AppError::BadRequest(m)
        | AppError::TooLarge(m)
        | AppError::Busy(m)
        | AppError::Insufficient(m) => say(lang, m),
    }
}

/// `msg` as a text that follows the page's language.
pub fn said(msg: Msg) -> ArcSignal<String> {
    let lang = use_page_lang();
    ArcSignal::derive(move || say(lang.get(), &msg))
}

/// The message for `field` if the error has one, else the error's own.
pub fn field_or_error(lang: Lang, error: &AppError, field: &str) -> String {
    match error.message_for(field) {
        Some(msg) => say(lang, &msg),
        None => error_text(lang, error),
    }
}

/// Follows the signed-in person's chosen language: when who is signed in
/// changes (a log-in, a choice made on another device), the page switches
/// to theirs.
#[component]
pub fn FollowAccountLang() -> impl IntoView {
    let auth = expect_context::<super::session::Auth>();
    let lang = use_page_lang();
    Effect::new(move |_| {
        if let Some(Ok(Some(user))) = auth.user.get() {
            match user.lang {
                Some(chosen) if lang.get_untracked() != chosen => lang.set(chosen),
                _ => {}
            }
        }
    });
}

/// A text of the translation files, following the page's language:
/// `tr!(common.log_in)`. The key is checked when the app is compiled.
#[macro_export]
macro_rules! tr {
    ($($key:tt)+) => {
        $crate::ui::lang::text(|l| $crate::i18n::td_string!(l, $($key)+))
    };
}

/// A text with values, following the page's language: a closure for a
/// view, `trf!(agreement.profile_of, name = name.clone())`.
#[macro_export]
macro_rules! trf {
    ($($key:ident).+, $($arg:ident = $val:expr),+ $(,)?) => {{
        let lang = $crate::ui::lang::use_page_lang();
        move || {
            $crate::tdf!(
                $crate::ui::lang::locale_of(lang.get()),
                $($key).+,
                $($arg = $val),+
            )
        }
    }};
}

/// The message a form's error has for `field`, in the page's language:
/// for a form the server sent back after a native post.
pub fn message_for(error: Option<&AppError>, field: &str) -> Option<String> {
    let lang = use_page_lang().get_untracked();
    error
        .and_then(|e| e.message_for(field))
        .map(|m| say(lang, &m))
}

/// An amount written the page's way ("3 500,00 €", "€3,500.00").
pub fn money(amount: impl Into<Cents>) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    let lang = use_page_lang();
    let cents = amount.into();
    move || lang.get().money(cents)
}

/// A budget or any range of amounts: "1 000,00 € – 2 000,00 €".
pub fn money_range(
    low: impl Into<Cents>,
    high: impl Into<Cents>,
) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    let lang = use_page_lang();
    let (low, high) = (low.into(), high.into());
    move || {
        let l = lang.get();
        format!("{} – {}", l.money(low), l.money(high))
    }
}

/// A fee's deadline, in the page's language.
pub fn deadline(
    deadline: crate::domain::fees::Deadline,
    overdue: bool,
) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    let lang = use_page_lang();
    move || crate::domain::words::deadline_text(lang.get(), deadline, overdue)
}

/// How long ago, in the page's language.
pub fn age(age: Age) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    let lang = use_page_lang();
    move || age_text(lang.get(), age)
}

/// A day in the page's language ("12 mars 2027").
pub fn date(day: time::Date) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    let lang = use_page_lang();
    move || lang.get().date(day)
}

/// A moment in the page's language ("12 mars 2027 à 17:40 UTC").
pub fn stamp(at: time::OffsetDateTime) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    let lang = use_page_lang();
    move || lang.get().stamp(at)
}

/// A moment sent as an RFC 3339 text, in `lang`; the text as it came if
/// it is not one.
pub fn stamp_iso_text(lang: Lang, iso: &str) -> String {
    match time::OffsetDateTime::parse(iso, &time::format_description::well_known::Rfc3339) {
        Ok(at) => lang.stamp(at),
        Err(_) => iso.to_owned(),
    }
}

/// A day sent as "YYYY-MM-DD" (or the start of an RFC 3339 text), in
/// `lang`; the text as it came if it is not one.
pub fn date_iso_text(lang: Lang, iso: &str) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(iso.get(..10).unwrap_or(iso), format) {
        Ok(day) => lang.date(day),
        Err(_) => iso.to_owned(),
    }
}

/// A moment sent as an RFC 3339 text, in the page's language.
pub fn stamp_iso(iso: &str) -> impl Fn() -> String + Send + Sync + Clone + 'static {
    let lang = use_page_lang();
    let raw = iso.to_owned();
    move || stamp_iso_text(lang.get(), &raw)
}

/// A day sent as "YYYY-MM-DD", in the page's language.
pub fn date_iso(iso: &str) -> impl Fn() -> String + Send + Sync + Clone + 'static {
    let lang = use_page_lang();
    let raw = iso.to_owned();
    move || date_iso_text(lang.get(), &raw)
}
