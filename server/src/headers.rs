//! Security headers on every response: no sniffing, no framing, no
//! referrer sent to other sites, HSTS on https; HTML without a policy of its
//! own gets one that runs nothing; pages and server-function answers for a
//! signed-in person are never stored by a cache; built files named by their
//! content are kept by browsers for a year, without asking again.

use axum::extract::Request;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "mp_session";

/// For HTML that did not set its own policy (the app's pages do, with the
/// nonce of their scripts): nothing runs, nothing loads from elsewhere.
const FALLBACK_CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

fn has_session(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim_start().starts_with(&format!("{SESSION_COOKIE}=")))
}

/// The length of cargo-leptos' content hash in a file name (an MD5 digest,
/// base64url without padding).
const HASH_LEN: usize = 22;

/// Whether a built file's name carries the hash of its content
/// (`marketplace.<hash>.wasm`, `<hash>.wasm`): the same name always means
/// the same bytes.
pub fn content_named(file_name: &str) -> bool {
    file_name.split('.').any(|part| {
        part.len() == HASH_LEN
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// How long a browser keeps a built file under `/pkg/`: a file named by its
/// content forever (a new build has new names, so no page pairs with an old
/// file), any other one only after asking whether it changed.
fn built_file_policy(path: &str) -> Option<&'static str> {
    let name = path.strip_prefix("/pkg/")?.rsplit('/').next()?;
    Some(if content_named(name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    })
}

pub async fn secure(https: bool, req: Request, next: Next) -> Response {
    let signed_in = has_session(req.headers());
    let api = req.uri().path().starts_with("/api/");
    let built = built_file_policy(req.uri().path());
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    if https {
        set(
            h,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    if html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        set(h, header::CONTENT_SECURITY_POLICY, FALLBACK_CSP);
    }
    if (html || api) && !h.contains_key(header::CACHE_CONTROL) {
        // A page or an answer for someone signed in stays out of every cache.
        let policy = if signed_in || api {
            "no-store"
        } else {
            "no-cache"
        };
        set(h, header::CACHE_CONTROL, policy);
    }
    let found = res.status().is_success() || res.status() == axum::http::StatusCode::NOT_MODIFIED;
    if let (Some(policy), false, true) = (built, html, found) {
        let h = res.headers_mut();
        if !h.contains_key(header::CACHE_CONTROL) {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_files_named_by_their_content_are_immutable() {
        let year = Some("public, max-age=31536000, immutable");
        assert_eq!(
            built_file_policy("/pkg/marketplace.qNu1Gb3ToC2pN9qBnk-_Rw.wasm"),
            year
        );
        assert_eq!(built_file_policy("/pkg/qNu1Gb3ToC2pN9qBnk-_Rw.wasm"), year);
        assert_eq!(
            built_file_policy("/pkg/__wasm_split.qNu1Gb3ToC2pN9qBnk-_Rw.js"),
            year
        );
        assert_eq!(built_file_policy("/pkg/marketplace.wasm"), Some("no-cache"));
        assert_eq!(
            built_file_policy("/pkg/snippets/app-1/inline0.js"),
            Some("no-cache")
        );
        assert_eq!(built_file_policy("/favicon.svg"), None);
        assert_eq!(built_file_policy("/projects/qNu1Gb3ToC2pN9qBnk-_Rw"), None);
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "theme=dark; mp_session=abc".parse().unwrap(),
        );
        assert!(has_session(&h));
        h.insert(header::COOKIE, "not_mp_session=abc".parse().unwrap());
        assert!(!has_session(&h));
    }
}
