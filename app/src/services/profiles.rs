//! People's profiles: who may see whom, and the ratings they received.

use super::accounts::User;
use crate::domain::account::Role;
use crate::domain::dates::stamp;
use crate::error::{AppError, AppResult};
use crate::views::completion::RatingView;
use crate::views::profiles::ProfileView;
use sqlx::PgPool;

/// A client's or provider's profile and ratings, for the people the product
/// shows them to: staff, themselves, the other side of a project they are
/// contenders or parties on, and, for a provider who made it public, every
/// member. To anyone else it does not exist (profiles cannot be walked).
pub async fn profile(pool: &PgPool, viewer: &User, person_id: i64) -> AppResult<ProfileView> {
    let no_profile = || AppError::NotFound(format!("There is no profile #{person_id}."));
    let u = sqlx::query!(
        r#"SELECT u.id, u.display_name, u.role, u.created_at, u.profile_public,
                  (SELECT c.decided_at FROM certifications c WHERE c.provider_id = u.id AND c.status = 'certified') AS "certified_at?",
                  EXISTS (
                    SELECT 1 FROM projects p
                     WHERE (p.client_id = $1 AND $2 IN (SELECT provider_id FROM offers WHERE project_id = p.id
                                                       UNION SELECT provider_id FROM lead_responses
                                                              WHERE project_id = p.id AND transaction_id IS NOT NULL
                                                       UNION SELECT provider_id FROM agreements WHERE project_id = p.id))
                        OR (p.client_id = $2 AND $1 IN (SELECT provider_id FROM offers WHERE project_id = p.id
                                                       UNION SELECT provider_id FROM lead_responses
                                                              WHERE project_id = p.id AND transaction_id IS NOT NULL
                                                       UNION SELECT provider_id FROM agreements WHERE project_id = p.id))
                  ) AS "related!"
             FROM users u WHERE u.id = $1 AND u.role <> 'staff'"#,
        person_id,
        viewer.id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(no_profile)?;
    let shown = viewer.role == Role::Staff
        || viewer.id == person_id
        || u.related
        || (u.profile_public && u.role == Role::Provider.slug());
    if !shown {
        return Err(no_profile());
    }
    let ratings = sqlx::query!(
        "SELECT p.title, u.display_name, r.stars, r.comment, r.created_at FROM ratings r
           JOIN projects p ON p.id = r.project_id JOIN users u ON u.id = r.rater_id
          WHERE r.ratee_id = $1 ORDER BY r.created_at DESC LIMIT 50",
        person_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| RatingView {
        project_title: r.title,
        rater_name: r.display_name,
        stars: r.stars,
        comment: r.comment,
        at: stamp(r.created_at),
    })
    .collect::<Vec<_>>();
    let average = (!ratings.is_empty()).then(|| {
        let sum: i64 = ratings.iter().map(|r| i64::from(r.stars)).sum();
        // One decimal, rounded half up, without floats.
        let tenths = (sum * 10 * 2 + ratings.len() as i64) / (2 * ratings.len() as i64);
        format!("{}.{}", tenths / 10, tenths % 10)
    });
    Ok(ProfileView {
        id: u.id,
        display_name: u.display_name,
        role: Role::from_slug(&u.role).ok_or_else(|| AppError::internal("bad role"))?,
        member_since: stamp(u.created_at)[..10].to_owned(),
        average,
        ratings,
        public: u.profile_public,
        certified_since: u.certified_at.map(crate::domain::dates::day),
    })
}

/// A provider shows their profile to every member, or only to the people
/// they work with.
pub async fn set_profile_public(pool: &PgPool, user: &User, public: bool) -> AppResult<()> {
    if user.role != Role::Provider {
        return Err(AppError::Forbidden(
            "Only providers choose to show their profile to everyone.".into(),
        ));
    }
    sqlx::query!(
        "UPDATE users SET profile_public = $2 WHERE id = $1",
        user.id,
        public
    )
    .execute(pool)
    .await?;
    Ok(())
}
