//! Request bodies are bounded before anything reads them: server functions
//! take small JSON bodies, the two upload forms a file a little over the
//! largest accepted. A body over its route's limit is refused without being
//! kept; a body whose size is declared over the limit is refused unread.
//!
//! A refusal must reach the person who sent the body. A server that answers
//! and closes while the client is still sending makes the client's system
//! reset the connection, and the answer already sent is lost with it (the
//! browser shows its own network error instead of ours). So whatever a
//! request's handler left unread is read and thrown away before the answer
//! goes out, up to [`DRAIN_BYTES`] and [`DRAIN_TIME`]; past those the answer
//! says `Connection: close`, so no client waits for the connection to be
//! kept.

use app::domain::files::MAX_FILE_BYTES;
use app::error::AppError;
use axum::body::{Body, BodyDataStream, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// Every route but the uploads: server functions, pages, live feeds.
pub const SMALL_BODY_BYTES: usize = 64 * 1024;
/// The upload forms: one file and a few text fields.
pub const UPLOAD_BODY_BYTES: usize = MAX_FILE_BYTES + 64 * 1024;
/// The profile image forms: one image.
pub const IMAGE_BODY_BYTES: usize = app::services::images::MAX_IMAGE_BYTES + 64 * 1024;
/// How much of a refused body is read and thrown away so that its sender
/// receives the answer: a photo straight from a phone camera fits.
pub const DRAIN_BYTES: u64 = 64 * 1024 * 1024;
/// How long a refused body is read at most: a slow sender is cut off then.
pub const DRAIN_TIME: Duration = Duration::from_secs(20);

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

/// A request body that the handler reads through and the middleware reads
/// to its end afterwards (see [`Shared::drain`]).
#[derive(Clone)]
struct Shared {
    stream: Arc<Mutex<BodyDataStream>>,
    /// Bytes read so far, by anyone.
    read: Arc<std::sync::atomic::AtomicU64>,
    declared: Option<u64>,
}

impl Shared {
    fn new(body: Body, declared: Option<u64>) -> Shared {
        Shared {
            stream: Arc::new(Mutex::new(body.into_data_stream())),
            read: Default::default(),
            declared,
        }
    }

    async fn next(&self) -> Option<Result<Bytes, axum::Error>> {
        let chunk = self.stream.lock().await.next().await;
        if let Some(Ok(bytes)) = &chunk {
            self.read
                .fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
        }
        chunk
    }

    /// A body for the handler, reading from this one.
    fn body(&self) -> Body {
        Body::from_stream(futures_util::stream::unfold(
            self.clone(),
            |shared| async move { shared.next().await.map(|chunk| (chunk, shared)) },
        ))
    }

    /// The whole body, or `None` once it passes `limit` bytes.
    async fn read_at_most(&self, limit: usize) -> Option<Result<Bytes, axum::Error>> {
        if self.declared.is_some_and(|n| n > limit as u64) {
            return None;
        }
        let mut all = Vec::new();
        while let Some(chunk) = self.next().await {
            match chunk {
                Ok(bytes) if all.len() + bytes.len() > limit => return None,
                Ok(bytes) => all.extend_from_slice(&bytes),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(Bytes::from(all)))
    }

    /// Reads what is left of the body and throws it away: true when its end
    /// was reached within [`DRAIN_BYTES`] and [`DRAIN_TIME`]. A body
    /// declared longer than that is not read at all.
    async fn drain(&self) -> bool {
        let start = self.read.load(std::sync::atomic::Ordering::Relaxed);
        if self
            .declared
            .is_some_and(|n| n.saturating_sub(start) > DRAIN_BYTES)
        {
            return false;
        }
        let read_all = async {
            while let Some(chunk) = self.next().await {
                let now = self.read.load(std::sync::atomic::Ordering::Relaxed);
                if chunk.is_err() || now - start > DRAIN_BYTES {
                    return false;
                }
            }
            true
        };
        tokio::time::timeout(DRAIN_TIME, read_all)
            .await
            .unwrap_or(false)
    }
}

/// `Connection: close` on an answer whose request was not read to its end.
fn closing(mut response: Response, drained: bool) -> Response {
    if !drained {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

pub async fn bound_body(req: Request, next: Next) -> Response {
    let limit = limit_for(req.method(), req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let (parts, body) = req.into_parts();
    let shared = Shared::new(body, declared);
    if limit > SMALL_BODY_BYTES {
        // Streamed to the multipart reader, which stops at this limit and
        // sends the person back to the form with a message; the rest of the
        // body is read after it answered.
        let mut req = Request::from_parts(parts, shared.body());
        axum::extract::DefaultBodyLimit::max(limit).apply(&mut req);
        let response = next.run(req).await;
        return closing(response, shared.drain().await);
    }
    // Small bodies are read here, at most `limit` bytes, so that nothing
    // downstream can read more.
    match shared.read_at_most(limit).await {
        Some(Ok(bytes)) if has_nul(&bytes) => {
            let error = AppError::BadRequest(app::domain::msg::FormMsg::NulCharacters.into());
            (error.status(), Json(error)).into_response()
        }
        Some(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        // The sender hung up or sent a broken body: nobody reads this answer.
        Some(Err(_)) => closing(too_large(limit), false),
        None => closing(too_large(limit), shared.drain().await),
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
