//! Security headers on every response: no sniffing, no framing, no
//! referrer sent to other sites, HSTS on https; HTML without a policy of its
//! own gets one that runs nothing; pages and server-function answers for a
//! signed-in person are never stored by a cache.

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

pub async fn secure(https: bool, req: Request, next: Next) -> Response {
    let signed_in = has_session(req.headers());
    let api = req.uri().path().starts_with("/api/");
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
    res
}

#[cfg(test)]
mod tests {
    use super::*;

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
