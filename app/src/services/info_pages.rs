//! The fixed pages the help centre points at (zero risk, invoice,
//! warning). Their texts are `app/pages/info.json`, compiled into the
//! server only: the wasm every visitor downloads does not carry them.

use crate::domain::locale::Lang;
use crate::domain::msg::AccountMsg;
use crate::error::{AppError, AppResult, Msg};
use crate::views::pages::InfoPage;
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct Entry {
    #[allow(dead_code)]
    key: String,
    fr: InfoPage,
    en: InfoPage,
}

static PAGES: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../pages/info.json"))
        .expect("app/pages/info.json is checked by the tests")
});

/// The page whose French or English address is `/<slug>`, in `lang`.
pub fn find(lang: Lang, slug: &str) -> AppResult<InfoPage> {
    let slug = slug.trim().trim_start_matches('/');
    PAGES
        .iter()
        .find(|e| e.fr.slug == slug || e.en.slug == slug)
        .map(|e| match lang {
            Lang::Fr => e.fr.clone(),
            Lang::En => e.en.clone(),
        })
        .ok_or(AppError::NotFound(Msg::Account(AccountMsg::NoSuchPage)))
}

/// Every page's addresses, French then English (routes and tests).
pub fn slugs() -> Vec<(String, String)> {
    PAGES
        .iter()
        .map(|e| (e.fr.slug.clone(), e.en.slug.clone()))
        .collect()
}
