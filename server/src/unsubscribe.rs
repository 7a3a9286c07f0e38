//! One-click unsubscribe (RFC 8058): `POST /unsubscribe?u=…&k=…&s=…`, the
//! address in every non-essential email's `List-Unsubscribe` header. Its
//! authority is the signature, not a session, so it takes posts from mail
//! clients (no Origin of ours) as well as from the confirmation page.
//! Opening the address (GET) only shows that page: link scanners that
//! open links unsubscribe nobody.

use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub const PATH: &str = "/unsubscribe";

pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, post(unsubscribe))
}

#[derive(Deserialize)]
struct Link {
    u: i64,
    k: String,
    s: String,
}

async fn unsubscribe(
    State(state): State<AppState>,
    link: Result<Query<Link>, axum::extract::rejection::QueryRejection>,
    body: Bytes,
) -> Response {
    // A mail client's one-click post says so in its body; a person's post
    // from the page gets the next page.
    let one_click = body.as_ref() == b"List-Unsubscribe=One-Click";
    let Ok(Query(link)) = link else {
        return refused(
            one_click,
            "This unsubscribe link is incomplete: nothing was changed.",
        );
    };
    match app::services::notifications::unsubscribe(&state.pool, link.u, &link.k, &link.s).await {
        Ok(_) if one_click => (StatusCode::OK, "Unsubscribed.").into_response(),
        Ok(_) => Redirect::to(&format!("{PATH}?done=1&k={}", link.k)).into_response(),
        Err(e) => {
            let status = e.status();
            if status.is_server_error() {
                tracing::warn!(error = %e, "unsubscribe failed");
                return (status, e.to_string()).into_response();
            }
            let said = match &e {
                app::error::AppError::Forbidden(m) | app::error::AppError::BadRequest(m) => {
                    app::domain::words::say(app::domain::locale::Lang::En, m)
                }
                other => other.to_string(),
            };
            refused(one_click, &said)
        }
    }
}

fn refused(one_click: bool, message: &str) -> Response {
    if one_click {
        (StatusCode::FORBIDDEN, message.to_string()).into_response()
    } else {
        Redirect::to(&format!("{PATH}?invalid=1")).into_response()
    }
}
