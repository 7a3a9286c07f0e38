//! Profiles against a real PostgreSQL: what each role may say, the
//! portfolio's limits, images stored and swept, and who sees what.

use crate::common::{agreed_project, user};
use app::domain::catalog::Service;
use app::domain::profile::{
    ImageRefusal, PortfolioForm, ProfileForm, MAX_ITEM_IMAGES, MAX_PORTFOLIO_ITEMS,
};
use app::error::AppError;
use app::services::files::{self, FileStore};
use app::services::profiles::{self, ImageTarget, Uploaded};
use sqlx::PgPool;
use time::OffsetDateTime;

/// A greyscale PNG written by hand (the tests do not depend on an image
/// crate), with a text chunk holding a home address as metadata.
fn png(w: u32, h: u32) -> Vec<u8> {
    // A minimal valid PNG: 8-bit greyscale, no interlace, zlib stored blocks.
    let raw: Vec<u8> = (0..h)
        .flat_map(|_| std::iter::once(0u8).chain((0..w).map(|x| (x % 255) as u8)))
        .collect();
    let mut z = vec![0x78, 0x01];
    for (i, chunk) in raw.chunks(65_535).enumerate() {
        let last = (i + 1) * 65_535 >= raw.len();
        z.push(u8::from(last));
        let len = chunk.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(chunk);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in &raw {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = vec![];
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"tEXt", b"Comment\0taken at home, 12 rue des Lilas");
    chunk(b"IDAT", &z);
    chunk(b"IEND", &[]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn store() -> FileStore {
    FileStore::new(std::env::temp_dir().join(format!(
        "marketplace-profile-test-{}",
        uuid::Uuid::new_v4().simple()
    )))
}

#[sqlx::test(migrations = "../migrations")]
async fn each_role_says_what_fits_it_and_an_empty_profile_is_none(pool: PgPool) {
    let provider = user(&pool, "provider", "p@example.com").await;
    let client = user(&pool, "client", "c@example.com").await;
    let staff = user(&pool, "staff", "s@example.com").await;
    let form = ProfileForm {
        description: "Ten years of booking sites.".into(),
        skills: vec!["web_development".into()],
        regions: vec!["remote".into(), "bretagne".into()],
        day_rate_min: "450".into(),
        day_rate_max: "600".into(),
        languages: "French, English".into(),
        company: "Dropped for a provider".into(),
        city: String::new(),
    };
    profiles::save(&pool, &provider, &form).await.unwrap();
    let seen = profiles::profile(&pool, &staff, provider.id)
        .await
        .unwrap()
        .about;
    assert_eq!(seen.skills, vec![Service::WebDevelopment]);
    assert_eq!(seen.regions.len(), 2);
    assert_eq!(
        seen.day_rate.map(|(a, b)| (a.get(), b.get())),
        Some((45_000, 60_000))
    );
    assert_eq!(seen.languages, vec!["French", "English"]);
    assert_eq!(seen.company, "");
    let edit = profiles::edit_view(&pool, &provider).await.unwrap();
    assert_eq!(edit.form.day_rate_min, "450.00");

    let bad = ProfileForm {
        day_rate_min: "700".into(),
        ..form.clone()
    };
    let e = profiles::save(&pool, &provider, &bad).await.unwrap_err();
    assert!(e.message_for("day_rate_max").is_some());
    assert!(profiles::save(&pool, &staff, &form).await.is_err());
    assert!(matches!(
        profiles::edit_view(&pool, &staff).await,
        Err(AppError::Forbidden(_))
    ));

    let firm = ProfileForm {
        company: "Boulangerie Martin".into(),
        city: "Lyon".into(),
        ..Default::default()
    };
    profiles::save(&pool, &client, &firm).await.unwrap();
    let about = profiles::profile(&pool, &client, client.id)
        .await
        .unwrap()
        .about;
    assert_eq!(
        (about.company.as_str(), about.city.as_str()),
        ("Boulangerie Martin", "Lyon")
    );
    profiles::save(&pool, &client, &ProfileForm::default())
        .await
        .unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM profiles WHERE user_id = $1")
        .bind(client.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 0, "an empty profile is no profile");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_portfolio_has_items_with_three_images_at_most_and_swept_bytes_are_only_orphans(
    pool: PgPool,
) {
    let s = agreed_project(&pool, "basic", "client").await;
    let files = store();
    let item = PortfolioForm {
        title: "Clinic booking".into(),
        text: "Online booking for a clinic.".into(),
        link: "https://clinic.example/".into(),
    };
    assert!(matches!(
        profiles::add_item(&pool, &s.client, &item).await,
        Err(AppError::Forbidden(_))
    ));
    let bad = PortfolioForm {
        link: "javascript:alert(1)".into(),
        ..item.clone()
    };
    assert!(profiles::add_item(&pool, &s.provider, &bad)
        .await
        .unwrap_err()
        .message_for("link")
        .is_some());
    let id = profiles::add_item(&pool, &s.provider, &item).await.unwrap();
    let upload = |target, bytes| profiles::store_image(&pool, &files, &s.provider, target, bytes);
    for _ in 0..MAX_ITEM_IMAGES {
        assert!(matches!(
            upload(ImageTarget::Item(id), png(640, 480)).await.unwrap(),
            Uploaded::Stored(_)
        ));
    }
    assert_eq!(
        upload(ImageTarget::Item(id), png(640, 480)).await.unwrap(),
        Uploaded::Refused(ImageRefusal::TooMany)
    );
    assert_eq!(
        upload(ImageTarget::Item(id), b"GIF89a not really".to_vec())
            .await
            .unwrap(),
        Uploaded::Refused(ImageRefusal::NotImage)
    );
    // Someone else's item does not exist for them.
    let other = profiles::store_image(
        &pool,
        &files,
        &s.outsider_provider,
        ImageTarget::Item(id),
        png(64, 64),
    )
    .await;
    assert!(matches!(other, Err(AppError::NotFound(_))));
    let photo = upload(ImageTarget::Photo, png(300, 200)).await.unwrap();
    let Uploaded::Stored(photo) = photo else {
        panic!("a photo")
    };
    // The stored bytes are a re-encoded JPEG: the PNG's text chunk is gone.
    let name = profiles::open_image(&pool, &s.client, photo, false)
        .await
        .unwrap();
    let stored = std::fs::read(files.path(&name)).unwrap();
    assert_eq!(&stored[..2], &[0xFF, 0xD8]);
    assert!(
        !stored.windows(12).any(|w| w == b"rue des Lila"),
        "metadata stripped"
    );
    // Only the people the profile is shown to open its images.
    assert!(matches!(
        profiles::open_image(&pool, &s.outsider_client, photo, true).await,
        Err(AppError::NotFound(_))
    ));

    let view = profiles::profile(&pool, &s.client, s.provider.id)
        .await
        .unwrap()
        .about;
    assert_eq!(view.portfolio.len(), 1);
    assert_eq!(view.portfolio[0].images.len(), MAX_ITEM_IMAGES);
    assert_eq!(view.photo, Some(photo));
    for n in 1..MAX_PORTFOLIO_ITEMS {
        let more = PortfolioForm {
            title: format!("Work {n}"),
            ..item.clone()
        };
        profiles::add_item(&pool, &s.provider, &more).await.unwrap();
    }
    assert!(matches!(
        profiles::add_item(&pool, &s.provider, &item).await,
        Err(AppError::Conflict(_))
    ));

    // Removing the item drops its images' rows; the sweep then removes their
    // bytes and keeps the photo's.
    assert!(matches!(
        profiles::remove_item(&pool, &s.outsider_provider, id).await,
        Err(AppError::NotFound(_))
    ));
    profiles::remove_item(&pool, &s.provider, id).await.unwrap();
    let later = OffsetDateTime::now_utc() + files::SWEEP_GRACE + time::Duration::minutes(1);
    let swept = files::sweep(&pool, &files, later).await.unwrap();
    assert_eq!(
        swept,
        2 * MAX_ITEM_IMAGES,
        "large and small of each item image"
    );
    assert!(files.path(&name).exists(), "the photo stays");
}
