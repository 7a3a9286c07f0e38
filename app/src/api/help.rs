//! The help centre: public reading and searching, staff's edits.

use super::form::JsonOrForm;
use crate::domain::help::HelpForm;
use crate::domain::locale::Lang;
use crate::error::AppError;
use crate::views::help::{HelpArticle, HelpEdit, HelpEntry, HelpIndex};
use leptos::prelude::*;
use server_fn::codec::Json;

/// Every question, section by section, in `lang`. Open to everyone.
#[server(prefix = "/api", endpoint = "help/index", input = Json)]
pub async fn read_help_index(lang: Lang) -> Result<HelpIndex, AppError> {
    super::context::reply(async move {
        let pool = super::context::pool()?;
        crate::services::help::index(&pool, lang).await
    })
    .await
}

/// The questions and answers matching `q`, best first (none for an empty
/// search). Open to everyone.
#[server(prefix = "/api", endpoint = "help/search", input = Json)]
pub async fn search_help(lang: Lang, q: String) -> Result<Vec<HelpEntry>, AppError> {
    super::context::reply(async move {
        let pool = super::context::pool()?;
        match crate::domain::help::search_terms(&q) {
            Some(terms) => crate::services::help::search(&pool, lang, &terms).await,
            None => Ok(Vec::new()),
        }
    })
    .await
}

/// One article in `lang`. Open to everyone.
#[server(prefix = "/api", endpoint = "help/article", input = Json)]
pub async fn read_help_article(lang: Lang, slug: String) -> Result<HelpArticle, AppError> {
    super::context::reply(async move {
        let pool = super::context::pool()?;
        crate::services::help::article(&pool, lang, slug.trim()).await
    })
    .await
}

/// An article's both languages and history, for staff to edit.
#[server(prefix = "/api", endpoint = "staff/help/edit", input = Json)]
pub async fn help_editor(slug: String) -> Result<HelpEdit, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::help::edit_view(&pool, &user, slug.trim()).await
    })
    .await
}

/// Staff save an article (a new one, or a new version of one).
#[server(prefix = "/api", endpoint = "staff/help/save", input = JsonOrForm)]
pub async fn save_help(form: HelpForm) -> Result<usize, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        user.require_staff()?;
        let draft = form.parse()?;
        let written = crate::services::help::save(&pool, &user, &draft).await?;
        super::form::then_go(format!("/staff/aide/{}?saved={written}", draft.slug));
        Ok(written)
    })
    .await
}

crate::json_or_form!(SaveHelp { form: HelpForm });
