//! Request bodies are bounded before anything reads them: server functions
//! take small JSON bodies, the two upload forms a file a little over the
//! largest accepted. A body over its route's limit is answered 413 without
//! being read whole; a body whose size is declared is refused unread.

use app::domain::files::MAX_FILE_BYTES;
use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Every route but the uploads: server functions, pages, live feeds.
pub const SMALL_BODY_BYTES: usize = 64 * 1024;
/// The upload forms: one file and a few text fields.
pub const UPLOAD_BODY_BYTES: usize = MAX_FILE_BYTES + 64 * 1024;
/// The profile image forms: one image.
pub const IMAGE_BODY_BYTES: usize = app::services::images::MAX_IMAGE_BYTES + 64 * 1024;

fn limit_for(method: &Method, path: &str) -> usize {
    if *method != Method::POST {
        SMALL_BODY_BYTES
    } else if path.starts_with("/files/projects/") || path.starts_with("/files/payouts/") {
        UPLOAD_BODY_BYTES
    } else if path.starts_with("/files/profile/") {
        IMAGE_BODY_BYTES
    } else {
        SMALL_BODY_BYTES
    }
}

fn too_large(limit: usize) -> Response {
    let error =
        AppError::TooLarge(app::domain::msg::FormMsg::RequestTooLarge { kb: limit / 1024 }.into());
    (error.status(), Json(error)).into_response()
}

pub async fn bound_body(req: Request, next: Next) -> Response {
    let limit = limit_for(req.method(), req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(limit);
    }
    if limit > SMALL_BODY_BYTES {
        // Streamed to the multipart reader, which stops at this limit and
        // tells the person their file is too big.
        let mut req = req;
        axum::extract::DefaultBodyLimit::max(limit).apply(&mut req);
        return next.run(req).await;
    }
    // Small bodies are read here, at most `limit` bytes, so that nothing
    // downstream can read more.
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) if has_nul(&bytes) => {
            let error = AppError::BadRequest(app::domain::msg::FormMsg::NulCharacters.into());
            (error.status(), Json(error)).into_response()
        }
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(limit),
    }
}

/// Whether a body carries a NUL character: raw, or as the JSON escape
/// `\u0000` inside a string. No text of ours may hold one (PostgreSQL
/// refuses it), so it is refused here once for every route.
pub fn has_nul(body: &[u8]) -> bool {
    if body.contains(&0) {
        return true;
    }
    let mut in_string = false;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => {
                if body[i + 1..].starts_with(b"u0000") {
                    return true;
                }
                // Skip the escaped character (a quote or a backslash).
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_characters_are_found_raw_or_escaped_in_strings_only() {
        assert!(has_nul(br#"{"a":"x\u0000y"}"#));
        assert!(has_nul(br#"{"a\u0000":1}"#));
        assert!(has_nul(b"x\0y"));
        // An escaped backslash followed by the letters u0000 is not a NUL.
        assert!(!has_nul(br#"{"a":"\\u0000"}"#));
        assert!(!has_nul(br#"{"a":"\"u0000"}"#));
        assert!(!has_nul(br#"{"a":"plain"}"#));
        assert!(!has_nul(b""));
    }
}
