//! Who is asking, as an address: the peer, or, when the peer is a proxy we
//! trust, the last address in `X-Forwarded-For` that is not one of ours
//! (anything to its left was written by the client and proves nothing).

use app::api::context::ClientIp;
use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The client's address for a request from `peer`.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            // A hop we cannot read: stop at the last one we could.
            Err(_) => break,
        }
    }
    client
}

/// Puts the request's `ClientIp` in its extensions.
pub async fn tag(trusted: Arc<Vec<IpNet>>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer {
        let ip = resolve(peer, req.headers(), &trusted);
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let trusted = crate::config::parse_proxies("10.0.0.1").unwrap();
        assert_eq!(
            resolve(ip("203.0.113.9"), &headers(&["1.2.3.4"]), &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_last_untrusted_hop_is_the_client() {
        let trusted = crate::config::parse_proxies("10.0.0.0/8").unwrap();
        // The client forged "6.6.6.6"; the proxy appended the real address.
        let h = headers(&["6.6.6.6, 198.51.100.7", "10.0.0.2"]);
        assert_eq!(resolve(ip("10.0.0.1"), &h, &trusted), ip("198.51.100.7"));
        // No header: the proxy itself.
        assert_eq!(
            resolve(ip("10.0.0.1"), &HeaderMap::new(), &trusted),
            ip("10.0.0.1")
        );
        // Garbage stops the walk at the last readable hop.
        let h = headers(&["junk, 198.51.100.7"]);
        assert_eq!(resolve(ip("10.0.0.1"), &h, &trusted), ip("198.51.100.7"));
    }

    #[test]
    fn with_no_trusted_proxy_the_header_is_ignored() {
        assert_eq!(
            resolve(ip("127.0.0.1"), &headers(&["1.2.3.4"]), &[]),
            ip("127.0.0.1")
        );
    }
}
