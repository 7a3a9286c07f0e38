//! Certification: the provider's application, staff's checks and decisions.

use super::form::JsonOrForm;
use crate::domain::certification::ApplyForm;
use crate::error::AppError;
use crate::views::certification::{CertificationQueue, MyCertification};
use leptos::prelude::*;
use server_fn::codec::Json;

#[server(prefix = "/api", endpoint = "certification/mine", input = Json)]
pub async fn certification_status() -> Result<MyCertification, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::certification::mine(&pool, &user).await
    })
    .await
}

/// A provider applies with their client references.
#[server(prefix = "/api", endpoint = "certification/apply", input = JsonOrForm)]
pub async fn apply_for_certification(form: ApplyForm) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let rows = form.rows().map_err(|m| AppError::field("references", m))?;
        let now = time::OffsetDateTime::now_utc();
        crate::services::certification::apply(&pool, &user, &rows, now).await?;
        super::form::then_go("/certification?done=applied");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "staff/certifications", input = Json)]
pub async fn staff_certifications() -> Result<CertificationQueue, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::certification::queue(&pool, &user).await
    })
    .await
}

/// Staff record what checking one reference found.
#[server(prefix = "/api", endpoint = "staff/certifications/check", input = JsonOrForm)]
pub async fn check_reference(
    id: i64,
    position: i32,
    outcome: String,
    notes: String,
) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::certification::check_reference(
            &pool, &user, id, position, &outcome, &notes,
        )
        .await?;
        super::form::then_go(format!(
            "/staff/certifications?done=checked#application-{id}"
        ));
        Ok(())
    })
    .await
}

/// Staff certify (`certify`) or refuse with a reason.
#[server(prefix = "/api", endpoint = "staff/certifications/decide", input = JsonOrForm)]
pub async fn decide_certification(
    id: i64,
    certify: bool,
    reason: String,
) -> Result<crate::error::Msg, AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        let told =
            crate::services::certification::decide(&pool, &user, id, certify, &reason).await?;
        super::form::then_go(format!(
            "/staff/certifications?done={}",
            if certify { "certified" } else { "refused" }
        ));
        Ok(told)
    })
    .await
}

/// Staff withdraw a provider's certification, with a reason.
#[server(prefix = "/api", endpoint = "staff/certifications/revoke", input = JsonOrForm)]
pub async fn revoke_certification(provider_id: i64, reason: String) -> Result<(), AppError> {
    super::context::reply(async move {
        let (pool, user) = super::context::signed_in().await?;
        crate::services::certification::revoke(&pool, &user, provider_id, &reason).await?;
        super::form::then_go("/staff/certifications?done=revoked");
        Ok(())
    })
    .await
}

crate::json_or_form!(
    ApplyForCertification { form: ApplyForm },
    CheckReference,
    DecideCertification,
    RevokeCertification
);
