//! Project files over HTTP: checked by content, read only by those allowed.

use crate::common::*;
use axum::body::Body;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use sqlx::PgPool;
use tower::ServiceExt;

#[sqlx::test(migrations = "../migrations")]
async fn project_files_are_checked_by_content_and_read_only_by_those_allowed(pool: PgPool) {
    let app = app(pool.clone()).await;
    let client = sign_up(&app, &pool, "client", "c@example.com").await;
    let other = sign_up(&app, &pool, "client", "o@example.com").await;
    let reader = sign_up(&app, &pool, "provider", "r@example.com").await;
    let stranger = sign_up(&app, &pool, "provider", "x@example.com").await;
    let staff = staff_cookie(&app, &pool).await;
    let id = published_project(&app, &client, &staff).await;

    let pdf = b"%PDF-1.7\n% a tiny test document\n";
    let see = |outcome: &str| format!("/projects/{id}?upload={outcome}");
    assert_eq!(
        upload(&app, id, "spec.pdf", pdf, &client).await,
        (StatusCode::SEE_OTHER, see("ok"))
    );
    // A .pdf that is not a PDF, an oversized file, someone else's project.
    assert_eq!(
        upload(
            &app,
            id,
            "invoice.pdf",
            b"MZ\x90\x00 an executable",
            &client
        )
        .await
        .1,
        see("not_allowed")
    );
    let big = [b"%PDF-".as_slice(), &vec![b'x'; 6 * 1024 * 1024]].concat();
    assert_eq!(
        upload(&app, id, "big.pdf", &big, &client).await.1,
        see("too_big")
    );
    // Another client's project does not exist for them.
    assert_eq!(
        upload(&app, id, "spec.pdf", pdf, &other).await,
        (StatusCode::NOT_FOUND, String::new())
    );
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM project_files")
            .fetch_one(&pool)
            .await
            .unwrap(),
        1
    );
    let file_id: i64 = sqlx::query_scalar("SELECT id FROM project_files")
        .fetch_one(&pool)
        .await
        .unwrap();

    let get = |cookie: String| {
        Request::get(format!("/files/{file_id}"))
            .header(header::HOST, SITE)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    // The client and staff download it, as an attachment.
    for who in [&client, &staff] {
        let res = app.clone().oneshot(get(who.clone())).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers();
        assert_eq!(h[header::CONTENT_TYPE], "application/pdf");
        assert!(h[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"spec.pdf\""));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&body[..], pdf);
    }
    // Another client and a provider without the consultation unlock cannot:
    // for them the file does not exist.
    for who in [&other, &stranger] {
        let res = app.clone().oneshot(get(who.clone())).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let r = post(
        &app,
        "/api/projects/files",
        json!({"project_id":id}),
        Some(&stranger),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The consultation unlock opens them.
    let grant = json!({"provider_email":"r@example.com","kind":"consultation","count":"1","reason":"welcome","refund":false,"key":"grant-key-0002"});
    post(&app, "/api/staff/credits", &grant, Some(&staff)).await;
    let spend = json!({"project_id":id,"kind":"consultation","key":"spend-key-0002"});
    assert_eq!(
        post(&app, "/api/credits/spend", &spend, Some(&reader))
            .await
            .status,
        StatusCode::OK
    );
    let res = app.clone().oneshot(get(reader.clone())).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let r = post(
        &app,
        "/api/projects/files",
        json!({"project_id":id}),
        Some(&reader),
    )
    .await;
    assert!(
        r.body.contains("spec.pdf") && r.body.contains(r#""can_upload":false"#),
        "{}",
        r.body
    );
}
