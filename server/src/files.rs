//! Uploading and downloading project files: plain HTTP routes (a multipart
//! form works without JavaScript), with the rules in `app::services::files`.

use crate::AppState;
use app::domain::files::{UploadRefusal, MAX_FILE_BYTES};
use app::domain::profile::ImageRefusal;
use app::error::AppError;
use app::services::files::{self, Stored};
use app::services::profiles::{self, ImageTarget, Uploaded};
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use tower_sessions::Session;

/// The routes, with a body limit a little above the largest accepted file
/// (a larger body is refused before it is read whole).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/files/projects/{id}",
            post(upload).layer(DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)),
        )
        .route(
            "/files/payouts/{project_id}",
            post(request_payout).layer(DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)),
        )
        .route("/files/{id}", get(download))
        .route("/files/invoices/{payout_id}", get(download_invoice))
}

/// The signed-in user, or the answer for a visitor: a form sends them to
/// the log-in page (`to_login`), anything else gets 401.
pub(crate) async fn signed_in(
    state: &AppState,
    session: Session,
    to_login: bool,
) -> Result<app::services::accounts::User, Box<Response>> {
    match app::api::context::user_of(state.pool.clone(), session).await {
        Ok(Some(u)) => Ok(u),
        Ok(None) if to_login => Err(Box::new(Redirect::to("/login").into_response())),
        Ok(None) => Err(Box::new(error_response(AppError::Unauthenticated))),
        Err(e) => Err(Box::new(error_response(e))),
    }
}

pub(crate) fn error_response(e: AppError) -> Response {
    (e.status(), e.to_string()).into_response()
}

/// Reads a multipart form: the file in `file_field` (its name and bytes)
/// and every text field. A body cut short by the size limit is too big; a
/// form without the file is empty.
async fn read_form(
    form: &mut Multipart,
    file_field: &str,
) -> Result<((String, axum::body::Bytes), HashMap<String, String>), UploadRefusal> {
    let (mut file, mut text) = (None, HashMap::new());
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let field_name = field.name().unwrap_or_default().to_owned();
                if field_name == file_field {
                    let name = field.file_name().unwrap_or_default().to_owned();
                    let bytes = field.bytes().await.map_err(|_| UploadRefusal::TooBig)?;
                    file = Some((name, bytes));
                } else if let Ok(value) = field.text().await {
                    text.insert(field_name, value);
                }
            }
            Ok(None) => break,
            // The body limit cuts an oversized upload short.
            Err(_) => return Err(UploadRefusal::TooBig),
        }
    }
    Ok((file.ok_or(UploadRefusal::Empty)?, text))
}

async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path(project_id): Path<i64>,
    mut form: Multipart,
) -> Response {
    let back = |outcome: &str| {
        Redirect::to(&format!("/projects/{project_id}?upload={outcome}")).into_response()
    };
    let user = match signed_in(&state, session, true).await {
        Ok(u) => u,
        Err(answer) => return *answer,
    };
    let (file, _) = match read_form(&mut form, "file").await {
        Ok(read) => read,
        Err(refusal) => return back(refusal.code()),
    };
    let (name, bytes) = file;
    match files::store(&state.pool, &state.files, &user, project_id, &name, &bytes).await {
        Ok(Stored::Done(_)) => back("ok"),
        Ok(Stored::Refused(r)) => back(r.code()),
        Err(e) => error_response(e),
    }
}

/// Where a payout form was sent from.
#[derive(serde::Deserialize)]
struct PayoutFrom {
    back: Option<String>,
}

/// The provider's payout request: an amount and an invoice PDF, from a
/// plain multipart form; the outcome comes back as `?payout=`.
async fn request_payout(
    State(state): State<AppState>,
    session: Session,
    Path(project_id): Path<i64>,
    Query(from): Query<PayoutFrom>,
    mut form: Multipart,
) -> Response {
    use app::services::escrow::PayoutRefusal;
    // The dashboard's form comes back to the dashboard; every other to the project.
    let back = |outcome: &str| {
        let to = if from.back.as_deref() == Some("dashboard") {
            format!("/dashboard?payout={outcome}&project={project_id}#money")
        } else {
            format!("/projects/{project_id}?payout={outcome}")
        };
        Redirect::to(&to).into_response()
    };
    let user = match signed_in(&state, session, true).await {
        Ok(u) => u,
        Err(answer) => return *answer,
    };
    let ((name, bytes), text) = match read_form(&mut form, "invoice").await {
        Ok(read) => read,
        Err(refusal) => return back(refusal.code()),
    };
    let amount = text.get("amount").cloned().unwrap_or_default();
    let key = text.get("key").filter(|k| !k.is_empty()).cloned();
    let filed = app::services::escrow::request_payout(
        &state.pool,
        &state.files,
        &user,
        project_id,
        &amount,
        &name,
        &bytes,
        key.as_deref(),
    )
    .await;
    match filed {
        Ok(Ok(_)) => back("ok"),
        Ok(Err(PayoutRefusal::Upload(r))) => back(r.code()),
        Ok(Err(PayoutRefusal::Amount(_))) => back("amount"),
        Err(e) => error_response(e),
    }
}

/// RFC 5987 encoding of a file name for Content-Disposition.
fn encode_name(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn download(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Response {
    let user = match signed_in(&state, session, false).await {
        Ok(u) => u,
        Err(answer) => return *answer,
    };
    match files::open(&state.pool, &state.files, &user, id).await {
        Ok(f) => send(f).await,
        Err(e) => error_response(e),
    }
}

async fn download_invoice(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Response {
    let user = match signed_in(&state, session, false).await {
        Ok(u) => u,
        Err(answer) => return *answer,
    };
    match app::services::escrow::open_invoice(&state.pool, &state.files, &user, id).await {
        Ok(f) => send(f).await,
        Err(e) => error_response(e),
    }
}

/// Sends a stored file as an attachment that the browser never sniffs nor caches.
async fn send(file: files::Download) -> Response {
    let bytes = match tokio::fs::read(&file.path).await {
        Ok(b) => b,
        Err(e) => return error_response(AppError::internal(format!("{}: {e}", file.name))),
    };
    let ascii: String = file
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        encode_name(&file.name)
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// Profile images: the photo and portfolio images, uploaded from plain
/// multipart forms that come back to the profile editor with
/// `?image=ok|<refusal>`, and served to whoever may see the profile.
pub fn image_routes() -> Router<AppState> {
    let limit = DefaultBodyLimit::max(app::services::images::MAX_IMAGE_BYTES + 64 * 1024);
    Router::new()
        .route("/files/profile/photo", post(upload_photo).layer(limit))
        .route(
            "/files/profile/portfolio/{item_id}",
            post(upload_portfolio_image).layer(limit),
        )
        .route("/files/images/{id}", get(image))
}

async fn upload_photo(
    State(state): State<AppState>,
    session: Session,
    form: Multipart,
) -> Response {
    upload_image(state, session, ImageTarget::Photo, form).await
}

async fn upload_portfolio_image(
    State(state): State<AppState>,
    session: Session,
    Path(item_id): Path<i64>,
    form: Multipart,
) -> Response {
    upload_image(state, session, ImageTarget::Item(item_id), form).await
}

async fn upload_image(
    state: AppState,
    session: Session,
    target: ImageTarget,
    mut form: Multipart,
) -> Response {
    let anchor = match target {
        ImageTarget::Photo => "photo".to_string(),
        ImageTarget::Item(id) => format!("item-{id}"),
    };
    let back = |outcome: &str| {
        Redirect::to(&format!("/profile/edit?image={outcome}#{anchor}")).into_response()
    };
    let user = match signed_in(&state, session, true).await {
        Ok(u) => u,
        Err(answer) => return *answer,
    };
    let bytes = match read_form(&mut form, "image").await {
        Ok(((_, bytes), _)) => bytes,
        Err(UploadRefusal::TooBig) => return back(ImageRefusal::TooBig.code()),
        Err(_) => return back(ImageRefusal::Empty.code()),
    };
    match profiles::store_image(&state.pool, &state.files, &user, target, bytes.to_vec()).await {
        Ok(Uploaded::Stored(_)) => back("ok"),
        Ok(Uploaded::Refused(r)) => back(r.code()),
        Err(e) => error_response(e),
    }
}

#[derive(serde::Deserialize)]
struct ImageSize {
    size: Option<String>,
}

/// A profile image, inline, for someone the profile is shown to.
async fn image(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    Query(q): Query<ImageSize>,
) -> Response {
    let user = match signed_in(&state, session, false).await {
        Ok(u) => u,
        Err(answer) => return *answer,
    };
    let small = q.size.as_deref() == Some("small");
    let name = match profiles::open_image(&state.pool, &user, id, small).await {
        Ok(name) => name,
        Err(e) => return error_response(e),
    };
    let bytes = match tokio::fs::read(state.files.path(&name)).await {
        Ok(b) => b,
        Err(e) => return error_response(AppError::internal(format!("image {id}: {e}"))),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Who may see it depends on the viewer: never a shared cache.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    response
}
