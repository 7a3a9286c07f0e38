//! The fixed pages, the contact page and its staff inbox, the terms of use.

use super::form::JsonOrForm;
use crate::domain::contact::ContactForm;
use crate::domain::locale::Lang;
use crate::domain::terms::TermsForm;
use crate::error::AppError;
use crate::views::pages::{ContactMessage, InfoPage, TermsPage};
use leptos::prelude::*;
use server_fn::codec::Json;

/// The fixed page at `/<slug>` (its French or English address), in
/// `lang`. Open to everyone.
#[server(prefix = "/api", endpoint = "pages/info", input = Json)]
pub async fn read_info_page(lang: Lang, slug: String) -> Result<InfoPage, AppError> {
    super::context::reply(async move { crate::services::info_pages::find(lang, &slug) }).await
}

/// A message to staff from the contact page: anyone may write; a
/// signed-in person's name and address come from their account.
#[server(prefix = "/api", endpoint = "contact", input = JsonOrForm)]
pub async fn send_contact(form: ContactForm) -> Result<i64, AppError> {
    super::context::reply(async move {
        use crate::domain::contact::ContactDraft;
        let pool = super::context::pool()?;
        let who = super::context::current_user().await?;
        let draft = ContactDraft::parse(&form, who.is_some())?;
        let id = crate::services::contact::send(
            &pool,
            who.as_ref(),
            &draft,
            super::lang::of_request(),
            &super::context::client_address(),
            &super::context::limits(),
            time::OffsetDateTime::now_utc(),
        )
        .await?;
        super::form::then_go("/contact?sent=1");
        Ok(id)
    })
    .await
}

/// The staff inbox: waiting messages first.
#[server(prefix = "/api", endpoint = "staff/inbox", input = Json)]
pub async fn staff_inbox() -> Result<Vec<ContactMessage>, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::contact::inbox(&pool, &user).await
    })
    .await
}

/// Staff answer a message; the answer goes out by email.
#[server(prefix = "/api", endpoint = "staff/inbox/reply", input = JsonOrForm)]
pub async fn reply_contact(message_id: i64, reply: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        user.require_staff()?;
        let reply = crate::domain::contact::parse_reply(&reply)?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::contact::reply(&pool, &user, message_id, &reply, now).await?;
        super::form::then_go(format!("/staff/inbox?answered={message_id}"));
        Ok(())
    })
    .await
}

/// The terms: version `version` (the newest when absent) in `lang`, and
/// what the reader accepted. Open to everyone.
#[server(prefix = "/api", endpoint = "terms", input = Json)]
pub async fn read_terms(lang: Lang, version: Option<i32>) -> Result<TermsPage, AppError> {
    super::context::reply(async move {
        let pool = super::context::pool()?;
        let reader = super::context::current_user().await?;
        crate::services::terms::page(&pool, reader.as_ref(), lang, version).await
    })
    .await
}

/// The signed-in person accepts version `version`, the current one.
#[server(prefix = "/api", endpoint = "terms/accept", input = JsonOrForm)]
pub async fn accept_terms(version: i32) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::terms::accept(&pool, &user, version, now).await?;
        super::form::then_go("/conditions?accepted=1");
        Ok(())
    })
    .await
}

/// Staff publish a new version of the terms.
#[server(prefix = "/api", endpoint = "staff/terms/publish", input = JsonOrForm)]
pub async fn publish_terms(form: TermsForm) -> Result<i32, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        user.require_staff()?;
        let draft = crate::domain::terms::TermsDraft::parse(&form)?;
        let now = time::OffsetDateTime::now_utc();
        let version = crate::services::terms::publish(&pool, &user, &draft, now).await?;
        super::form::then_go(format!("/conditions?published={version}"));
        Ok(version)
    })
    .await
}

crate::json_or_form!(
    SendContact { form: ContactForm },
    ReplyContact,
    AcceptTerms,
    PublishTerms { form: TermsForm },
);
