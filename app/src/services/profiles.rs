//! People's profiles: who may see whom, and the ratings they received.

use super::accounts::User;
use super::images::{self, Shape};
use crate::domain::account::Role;
use crate::domain::catalog::{Region, Service};
use crate::domain::money::Cents;
use crate::domain::msg::ProfileMsg;
use crate::domain::profile::{
    ImageRefusal, PortfolioForm, ProfileDraft, ProfileForm, MAX_ITEM_IMAGES, MAX_PORTFOLIO_ITEMS,
};
use crate::error::{AppError, AppResult};
use crate::views::completion::RatingView;
use crate::views::profiles::{AboutView, PortfolioView, ProfileEdit, ProfileView};
use sqlx::{PgConnection, PgPool};

/// Whom a profile is shown to: staff, the person themself, the other side
/// of a project they are contenders or parties on, and, for a provider who
/// made it public, every member. To anyone else it does not exist
/// (profiles cannot be walked). Returns the person's row.
async fn shown_to(conn: &mut PgConnection, viewer: &User, person_id: i64) -> AppResult<Person> {
    let no_profile = || AppError::NotFound(ProfileMsg::NoProfile { id: person_id }.into());
    let u = sqlx::query_as!(
        Person,
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
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(no_profile)?;
    let shown = viewer.role == Role::Staff
        || viewer.id == person_id
        || u.related
        || (u.profile_public && u.role == Role::Provider.slug());
    if shown {
        Ok(u)
    } else {
        Err(no_profile())
    }
}

struct Person {
    id: i64,
    display_name: String,
    role: String,
    created_at: time::OffsetDateTime,
    profile_public: bool,
    certified_at: Option<time::OffsetDateTime>,
    related: bool,
}

/// A client's or provider's profile, ratings and portfolio, for the people
/// it is shown to (`shown_to`).
pub async fn profile(pool: &PgPool, viewer: &User, person_id: i64) -> AppResult<ProfileView> {
    let mut conn = pool.acquire().await?;
    let u = shown_to(&mut conn, viewer, person_id).await?;
    let ratings = sqlx::query!(
        "SELECT p.title, u.display_name, r.stars, r.comment, r.created_at FROM ratings r
           JOIN projects p ON p.id = r.project_id JOIN users u ON u.id = r.rater_id
          WHERE r.ratee_id = $1 ORDER BY r.created_at DESC LIMIT 50",
        person_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| RatingView {
        project_title: r.title,
        rater_name: r.display_name,
        stars: r.stars,
        comment: r.comment,
        at: r.created_at,
    })
    .collect::<Vec<_>>();
    let average = (!ratings.is_empty()).then(|| {
        let sum: i64 = ratings.iter().map(|r| i64::from(r.stars)).sum();
        // One decimal, rounded half up, without floats.
        let tenths = (sum * 10 * 2 + ratings.len() as i64) / (2 * ratings.len() as i64);
        u32::try_from(tenths).unwrap_or(0)
    });
    let (form, photo, portfolio) = about(&mut conn, person_id).await?;
    Ok(ProfileView {
        id: u.id,
        display_name: u.display_name,
        role: Role::from_slug(&u.role).ok_or_else(|| AppError::internal("bad role"))?,
        member_since: u.created_at.date(),
        average,
        ratings,
        public: u.profile_public,
        certified_since: u.certified_at.map(|t| t.date()),
        about: about_view(form, photo, portfolio),
    })
}

/// The saved profile as its form, the photo's id and the portfolio.
async fn about(
    conn: &mut PgConnection,
    person_id: i64,
) -> AppResult<(ProfileForm, Option<i64>, Vec<PortfolioView>)> {
    let form = sqlx::query!(
        "SELECT description, skills, regions, day_rate_min_cents, day_rate_max_cents, languages, company, city
           FROM profiles WHERE user_id = $1",
        person_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .map(|p| ProfileForm {
        description: p.description,
        skills: p.skills,
        regions: p.regions,
        day_rate_min: p.day_rate_min_cents.map(|c| Cents::new(c).to_string()).unwrap_or_default(),
        day_rate_max: p.day_rate_max_cents.map(|c| Cents::new(c).to_string()).unwrap_or_default(),
        languages: p.languages.join(", "),
        company: p.company,
        city: p.city,
    })
    .unwrap_or_default();
    let images = sqlx::query!(
        "SELECT id, portfolio_item_id FROM profile_images WHERE user_id = $1 ORDER BY id",
        person_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let photo = images
        .iter()
        .find(|i| i.portfolio_item_id.is_none())
        .map(|i| i.id);
    let portfolio = sqlx::query!(
        "SELECT id, title, body, link FROM portfolio_items WHERE user_id = $1 ORDER BY id",
        person_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|p| PortfolioView {
        images: images
            .iter()
            .filter(|i| i.portfolio_item_id == Some(p.id))
            .map(|i| i.id)
            .collect(),
        id: p.id,
        title: p.title,
        text: p.body,
        link: p.link,
    })
    .collect();
    Ok((form, photo, portfolio))
}

fn about_view(form: ProfileForm, photo: Option<i64>, portfolio: Vec<PortfolioView>) -> AboutView {
    let cents = |raw: &str| Cents::parse_positive(raw).ok();
    AboutView {
        skills: form
            .skills
            .iter()
            .filter_map(|s| Service::parse(s).ok())
            .collect(),
        regions: form
            .regions
            .iter()
            .filter_map(|s| Region::parse(s).ok())
            .collect(),
        day_rate: cents(&form.day_rate_min).zip(cents(&form.day_rate_max)),
        languages: form
            .languages
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        description: form.description,
        company: form.company,
        city: form.city,
        photo,
        portfolio,
    }
}

/// The signed-in person's profile editor.
pub async fn edit_view(pool: &PgPool, user: &User) -> AppResult<ProfileEdit> {
    if user.role == Role::Staff {
        return Err(AppError::Forbidden(ProfileMsg::StaffNoProfile.into()));
    }
    let mut conn = pool.acquire().await?;
    let (form, photo, portfolio) = about(&mut conn, user.id).await?;
    Ok(ProfileEdit {
        id: user.id,
        role: user.role,
        form,
        photo,
        portfolio,
    })
}

/// Saves what the person says about themself (`ProfileForm::parse`).
#[tracing::instrument(skip(pool, form), fields(user = user.id))]
pub async fn save(pool: &PgPool, user: &User, form: &ProfileForm) -> AppResult<()> {
    let d = form.parse(user.role)?;
    if d == ProfileDraft::default() {
        // An empty profile is no profile.
        sqlx::query!("DELETE FROM profiles WHERE user_id = $1", user.id)
            .execute(pool)
            .await?;
        return Ok(());
    }
    let slugs = |v: Vec<&'static str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
    let skills = slugs(d.skills.iter().map(|s| s.slug()).collect());
    let regions = slugs(d.regions.iter().map(|r| r.slug()).collect());
    let (low, high) = d
        .day_rate
        .map_or((None, None), |(l, h)| (Some(l.get()), Some(h.get())));
    sqlx::query!(
        "INSERT INTO profiles (user_id, description, skills, regions, day_rate_min_cents, day_rate_max_cents,
                               languages, company, city, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
         ON CONFLICT (user_id) DO UPDATE SET description = $2, skills = $3, regions = $4,
                day_rate_min_cents = $5, day_rate_max_cents = $6, languages = $7, company = $8, city = $9,
                updated_at = now()",
        user.id,
        d.description,
        &skills,
        &regions,
        low,
        high,
        &d.languages,
        d.company,
        d.city
    )
    .execute(pool)
    .await?;
    Ok(())
}

fn require_provider(user: &User) -> AppResult<()> {
    if user.role == Role::Provider {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            ProfileMsg::OnlyProvidersPortfolio.into(),
        ))
    }
}

/// Adds a portfolio item (at most `MAX_PORTFOLIO_ITEMS`).
pub async fn add_item(pool: &PgPool, user: &User, form: &PortfolioForm) -> AppResult<i64> {
    require_provider(user)?;
    let d = form.parse()?;
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT id FROM users WHERE id = $1 FOR UPDATE", user.id)
        .fetch_one(&mut *tx)
        .await?;
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM portfolio_items WHERE user_id = $1"#,
        user.id
    )
    .fetch_one(&mut *tx)
    .await?;
    if count >= MAX_PORTFOLIO_ITEMS as i64 {
        return Err(AppError::Conflict(
            ProfileMsg::PortfolioFull {
                max: MAX_PORTFOLIO_ITEMS,
            }
            .into(),
        ));
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO portfolio_items (user_id, title, body, link) VALUES ($1, $2, $3, $4) RETURNING id",
        user.id,
        d.title,
        d.text,
        d.link
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes one of the person's portfolio items, with its images (their
/// bytes go with the next sweep).
pub async fn remove_item(pool: &PgPool, user: &User, item_id: i64) -> AppResult<()> {
    let gone = sqlx::query!(
        "DELETE FROM portfolio_items WHERE id = $1 AND user_id = $2",
        item_id,
        user.id
    )
    .execute(pool)
    .await?
    .rows_affected();
    if gone == 0 {
        return Err(AppError::NotFound(
            ProfileMsg::NoPortfolioItem { id: item_id }.into(),
        ));
    }
    Ok(())
}

/// Removes one of the person's images.
pub async fn remove_image(pool: &PgPool, user: &User, image_id: i64) -> AppResult<()> {
    let gone = sqlx::query!(
        "DELETE FROM profile_images WHERE id = $1 AND user_id = $2",
        image_id,
        user.id
    )
    .execute(pool)
    .await?
    .rows_affected();
    if gone == 0 {
        return Err(AppError::NotFound(
            ProfileMsg::NoImage { id: image_id }.into(),
        ));
    }
    Ok(())
}

/// A provider shows their profile to every member, or only to the people
/// they work with.
pub async fn set_profile_public(pool: &PgPool, user: &User, public: bool) -> AppResult<()> {
    if user.role != Role::Provider {
        return Err(AppError::Forbidden(ProfileMsg::OnlyProvidersPublic.into()));
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

/// Where an uploaded image goes: the photo, or a portfolio item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageTarget {
    Photo,
    Item(i64),
}

/// What became of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uploaded {
    Stored(i64),
    Refused(ImageRefusal),
}

/// Checks, resizes and re-encodes an uploaded image (`services::images`),
/// stores both sizes, then records it: the new photo replaces the old one;
/// an item holds at most `MAX_ITEM_IMAGES`. A refusal stores nothing.
#[tracing::instrument(skip(pool, files, bytes), fields(user = user.id, bytes = bytes.len()))]
pub async fn store_image(
    pool: &PgPool,
    files: &super::files::FileStore,
    user: &User,
    target: ImageTarget,
    bytes: Vec<u8>,
) -> AppResult<Uploaded> {
    let shape = match target {
        ImageTarget::Photo => {
            if user.role == Role::Staff {
                return Err(AppError::Forbidden(ProfileMsg::StaffNoProfile.into()));
            }
            Shape::Photo
        }
        ImageTarget::Item(_) => {
            require_provider(user)?;
            Shape::Portfolio
        }
    };
    let processed = match tokio::task::spawn_blocking(move || images::process(&bytes, shape))
        .await
        .map_err(AppError::internal)?
    {
        Ok(p) => p,
        Err(refusal) => return Ok(Uploaded::Refused(refusal)),
    };
    let large = files.put(&processed.large).await?;
    let small = match files.put(&processed.small).await {
        Ok(name) => name,
        Err(e) => {
            files.discard(&large).await;
            return Err(e);
        }
    };
    let recorded = record_image(pool, user, target, (&large, &small), &processed).await;
    if !matches!(recorded, Ok(Uploaded::Stored(_))) {
        files.discard(&large).await;
        files.discard(&small).await;
    }
    recorded
}

async fn record_image(
    pool: &PgPool,
    user: &User,
    target: ImageTarget,
    (large, small): (&str, &str),
    p: &images::Processed,
) -> AppResult<Uploaded> {
    let mut tx = pool.begin().await?;
    let item = match target {
        ImageTarget::Photo => {
            sqlx::query!(
                "DELETE FROM profile_images WHERE user_id = $1 AND portfolio_item_id IS NULL",
                user.id
            )
            .execute(&mut *tx)
            .await?;
            None
        }
        ImageTarget::Item(item) => {
            sqlx::query!(
                "SELECT id FROM portfolio_items WHERE id = $1 AND user_id = $2 FOR UPDATE",
                item,
                user.id
            )
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::NotFound(ProfileMsg::NoPortfolioItem { id: item }.into()))?;
            let count = sqlx::query_scalar!(
                r#"SELECT count(*) AS "n!" FROM profile_images WHERE portfolio_item_id = $1"#,
                item
            )
            .fetch_one(&mut *tx)
            .await?;
            if count >= MAX_ITEM_IMAGES as i64 {
                return Ok(Uploaded::Refused(ImageRefusal::TooMany));
            }
            Some(item)
        }
    };
    let id = sqlx::query_scalar!(
        "INSERT INTO profile_images (user_id, portfolio_item_id, large_name, small_name, width, height)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        user.id,
        item,
        large,
        small,
        p.width as i32,
        p.height as i32
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Uploaded::Stored(id))
}

/// An image's stored name, for someone its owner's profile is shown to.
pub async fn open_image(
    pool: &PgPool,
    viewer: &User,
    image_id: i64,
    small: bool,
) -> AppResult<String> {
    let mut conn = pool.acquire().await?;
    let row = sqlx::query!(
        "SELECT user_id, large_name, small_name FROM profile_images WHERE id = $1",
        image_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| AppError::NotFound(ProfileMsg::NoImage { id: image_id }.into()))?;
    shown_to(&mut conn, viewer, row.user_id)
        .await
        .map_err(|_| AppError::NotFound(ProfileMsg::NoImage { id: image_id }.into()))?;
    Ok(if small {
        row.small_name
    } else {
        row.large_name
    })
}
