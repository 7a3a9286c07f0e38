//! Profiles over HTTP: a private profile (and its images) exists only for
//! the people it is shown to; uploaded images are checked by content and
//! stored re-encoded, without their metadata.

use crate::common::*;
use axum::body::Body;
use axum::Router;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use image::{DynamicImage, ImageBuffer, Rgb};
use serde_json::json;
use sqlx::PgPool;
use tower::ServiceExt;

const SECRET: &[u8] = b"GPS 48.8566N 2.3522E secret-camera-serial";

/// A JPEG whose first segment is EXIF with a made-up position and serial.
fn jpeg_with_exif() -> Vec<u8> {
    let img = DynamicImage::ImageRgb8(ImageBuffer::from_fn(640, 480, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    }));
    let mut plain = std::io::Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::Jpeg).unwrap();
    let plain = plain.into_inner();
    let payload = [b"Exif\0\0".as_slice(), SECRET].concat();
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn get_image(
    app: &Router,
    id: i64,
    small: bool,
    cookie: &str,
) -> (StatusCode, Vec<u8>, String) {
    let size = if small { "?size=small" } else { "" };
    let req = Request::get(format!("/files/images/{id}{size}"))
        .header(header::HOST, SITE)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let kind = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, body, kind)
}

#[sqlx::test(migrations = "../migrations")]
async fn an_uploaded_photo_is_checked_by_content_and_stored_without_its_metadata(pool: PgPool) {
    let app = app(pool.clone()).await;
    let provider = sign_up(&app, &pool, "provider", "p@example.com").await;
    let photo = "/files/profile/photo";
    let back = |outcome: &str| format!("/profile/edit?image={outcome}#photo");

    // Not an image, whatever its name says: nothing is stored.
    for (name, bytes) in [
        ("me.jpg", b"%PDF-1.7\n% a document\n".as_slice()),
        (
            "me.png",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>".as_slice(),
        ),
        ("me.jpg", &jpeg_with_exif()[..400]),
    ] {
        let (status, to) = multipart(&app, photo, &[], ("image", name, bytes), &provider).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(
            to == back("not_image") || to == back("damaged"),
            "{name}: {to}"
        );
    }
    let big = [jpeg_with_exif(), vec![0; 9 * 1024 * 1024]].concat();
    assert_eq!(
        multipart(&app, photo, &[], ("image", "big.jpg", &big), &provider)
            .await
            .1,
        back("too_big")
    );
    let rows = |pool: PgPool| async move {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM profile_images")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(rows(pool.clone()).await, 0);

    // A real photo with EXIF: kept, square, re-encoded, metadata gone.
    let original = jpeg_with_exif();
    assert!(contains(&original, SECRET));
    assert_eq!(
        multipart(&app, photo, &[], ("image", "me.jpg", &original), &provider).await,
        (StatusCode::SEE_OTHER, back("ok"))
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM profile_images")
        .fetch_one(&pool)
        .await
        .unwrap();
    for (small, side) in [(false, 512), (true, 128)] {
        let (status, stored, kind) = get_image(&app, id, small, &provider).await;
        assert_eq!((status, kind.as_str()), (StatusCode::OK, "image/jpeg"));
        assert!(
            !contains(&stored, b"Exif"),
            "no EXIF segment in the stored bytes"
        );
        assert!(
            !contains(&stored, SECRET),
            "nothing of the original metadata"
        );
        let decoded = image::load_from_memory(&stored).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (side, side));
    }
    // A new photo replaces the old one.
    multipart(
        &app,
        photo,
        &[],
        ("image", "again.jpg", &original),
        &provider,
    )
    .await;
    assert_eq!(rows(pool.clone()).await, 1);
    // A visitor gets nothing.
    let req = Request::get(format!("/files/images/{id}"))
        .header(header::HOST, SITE)
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app.clone().oneshot(req).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_private_profile_is_shown_only_to_the_parties_and_staff(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let stranger = sign_up(&app, &pool, "client", "s@example.com").await;
    let rival = sign_up(&app, &pool, "provider", "r@example.com").await;
    let provider = sign_up(&app, &pool, "provider", "p@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let provider_id = user_by_email(&pool, "p@example.com").await.id;

    // The provider fills their profile and adds a photo; private by default.
    let about = json!({"form": {"description": "Ten years of booking sites.", "skills": ["web_development"],
        "regions": ["remote"], "day_rate_min": "450", "day_rate_max": "600", "languages": "French, English"}});
    post_ok(&app, "/api/profile/save", &about, &provider).await;
    post_ok(
        &app,
        "/api/people/visibility",
        json!({"public": false}),
        &provider,
    )
    .await;
    multipart(
        &app,
        "/files/profile/photo",
        &[],
        ("image", "me.jpg", &jpeg_with_exif()),
        &provider,
    )
    .await;
    let photo: i64 = sqlx::query_scalar("SELECT id FROM profile_images")
        .fetch_one(&pool)
        .await
        .unwrap();

    // The provider offers on the client's project: the client may see them.
    let project = published_project(&app, &client, &staff).await;
    let grant = json!({"provider_email":"p@example.com","kind":"offer","count":"1","reason":"welcome","refund":false,"key":"grant-key-0001"});
    post_ok(&app, "/api/staff/credits", &grant, &staff).await;
    post_ok(
        &app,
        "/api/credits/spend",
        json!({"project_id": project, "kind": "offer", "key": "spend-key-0001"}),
        &provider,
    )
    .await;
    let offer = json!({"project_id": project, "form": {"amount": "3500", "duration_days": "30", "message": "I built three booking sites."}});
    post_ok(&app, "/api/offers/save", &offer, &provider).await;

    let profile = json!({"person_id": provider_id});
    for (who, cookie) in [
        ("the provider", &provider),
        ("the client", &client),
        ("staff", &staff),
    ] {
        let r = post(&app, "/api/people/profile", &profile, Some(cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{who}: {}", r.body);
        assert!(r.body.contains("Ten years of booking sites."), "{who}");
        assert_eq!(
            get_image(&app, photo, true, cookie).await.0,
            StatusCode::OK,
            "{who}"
        );
    }
    for (who, cookie) in [("a stranger", &stranger), ("a rival", &rival)] {
        let r = post(&app, "/api/people/profile", &profile, Some(cookie)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who}: {}", r.body);
        assert!(!r.body.contains("booking sites"), "{who}");
        assert_eq!(
            get_image(&app, photo, false, cookie).await.0,
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
    // Made public, every member sees it.
    post_ok(
        &app,
        "/api/people/visibility",
        json!({"public": true}),
        &provider,
    )
    .await;
    let r = post(&app, "/api/people/profile", &profile, Some(&stranger)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(get_image(&app, photo, true, &rival).await.0, StatusCode::OK);
}
