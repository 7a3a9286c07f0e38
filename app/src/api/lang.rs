//! Choosing the language the product is read in.

use super::form::JsonOrForm;
use crate::error::AppError;
use leptos::prelude::*;

/// Switches to `lang` ("fr" or "en"): sets this browser's cookie and, for
/// a signed-in person, keeps it on their account (their emails follow).
/// Posted natively, it sends the browser back to `back`, a page of ours.
#[server(prefix = "/api", endpoint = "lang", input = JsonOrForm)]
pub async fn set_language(lang: String, back: String) -> Result<(), AppError> {
    super::context::reply(async move {
        use crate::domain::locale::Lang;
        let lang = Lang::from_code(&lang)
            .filter(|l| l.code() == lang.trim())
            .ok_or_else(|| {
                AppError::field(
                    "lang",
                    crate::error::Msg::Form(crate::domain::msg::FormMsg::UnknownLanguage),
                )
            })?;
        remember(lang);
        if let Some(user) = super::context::current_user().await? {
            let pool = super::context::pool()?;
            crate::services::accounts::set_lang(&pool, &user, lang).await?;
        }
        super::form::then_go(local_path(&back));
        Ok(())
    })
    .await
}

/// Sets this browser's language cookie in the response.
#[cfg(feature = "ssr")]
pub fn remember(lang: crate::domain::locale::Lang) {
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        let cookie = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            crate::domain::locale::COOKIE,
            lang.code()
        );
        if let Ok(value) = http::HeaderValue::from_str(&cookie) {
            options.append_header(http::header::SET_COOKIE, value);
        }
    }
}

/// The language of this request: the browser's cookie, else its
/// `Accept-Language`, else French.
#[cfg(feature = "ssr")]
pub fn of_request() -> crate::domain::locale::Lang {
    use crate::domain::locale::Lang;
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Lang::default();
    };
    let cookie = parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (name, value) = c.trim().split_once('=')?;
            (name == crate::domain::locale::COOKIE)
                .then(|| Lang::from_code(value))
                .flatten()
        });
    cookie
        .or_else(|| {
            let header = parts.headers.get(http::header::ACCEPT_LANGUAGE)?;
            Lang::from_accept_language(header.to_str().ok()?)
        })
        .unwrap_or_default()
}

/// `back` if it is a path of this site ("/feed?page=2"), else the home
/// page: a switch never sends anyone elsewhere.
pub fn local_path(back: &str) -> &str {
    let ok = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && back.len() <= 2000
        && !back.chars().any(char::is_control);
    if ok {
        back
    } else {
        "/"
    }
}

crate::json_or_form!(SetLanguage);

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_our_own_pages_are_gone_back_to() {
        assert_eq!(local_path("/feed?page=2"), "/feed?page=2");
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil",
            "",
            "feed",
            "/a\nb",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
    }
}
