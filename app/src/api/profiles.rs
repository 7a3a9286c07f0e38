//! People's profiles and who may see them.

use super::form::JsonOrForm;
use crate::domain::profile::{PortfolioForm, ProfileForm};
use crate::error::AppError;
use crate::views::profiles::{ProfileEdit, ProfileView};
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "people/profile", input = Json)]
pub async fn person_profile(person_id: i64) -> Result<ProfileView, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::profiles::profile(&pool, &user, person_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "people/visibility", input = Json)]
pub async fn set_profile_public(public: bool) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::profiles::set_profile_public(&pool, &user, public).await
    })
    .await
}

/// The signed-in person's profile editor.
#[server(prefix = "/api", endpoint = "profile/edit", input = Json)]
pub async fn profile_editor() -> Result<ProfileEdit, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::profiles::edit_view(&pool, &user).await
    })
    .await
}

/// Saves what the person says about themself.
#[server(prefix = "/api", endpoint = "profile/save", input = JsonOrForm)]
pub async fn save_profile(form: ProfileForm) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::profiles::save(&pool, &user, &form).await?;
        super::form::then_go("/profile/edit?done=saved");
        Ok(())
    })
    .await
}

/// A provider adds a portfolio item.
#[server(prefix = "/api", endpoint = "profile/portfolio/add", input = JsonOrForm)]
pub async fn add_portfolio_item(form: PortfolioForm) -> Result<i64, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let id = crate::services::profiles::add_item(&pool, &user, &form).await?;
        super::form::then_go(format!("/profile/edit?done=added#item-{id}"));
        Ok(id)
    })
    .await
}

/// Removes one of the person's portfolio items.
#[server(prefix = "/api", endpoint = "profile/portfolio/remove", input = JsonOrForm)]
pub async fn remove_portfolio_item(item_id: i64) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::profiles::remove_item(&pool, &user, item_id).await?;
        super::form::then_go("/profile/edit?done=removed#portfolio");
        Ok(())
    })
    .await
}

/// Removes one of the person's images.
#[server(prefix = "/api", endpoint = "profile/images/remove", input = JsonOrForm)]
pub async fn remove_profile_image(image_id: i64) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::profiles::remove_image(&pool, &user, image_id).await?;
        super::form::then_go("/profile/edit?done=image-removed");
        Ok(())
    })
    .await
}

crate::json_or_form!(
    SaveProfile { form: ProfileForm },
    AddPortfolioItem {
        form: PortfolioForm
    },
    RemovePortfolioItem,
    RemoveProfileImage
);
