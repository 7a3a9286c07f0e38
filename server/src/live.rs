//! Live payment tabs: PostgreSQL notifies every server instance after each
//! committed escrow change (`escrow_changed`, see the escrow migration); one
//! listener per instance fans them out to the browsers watching that
//! project, over server-sent events. A browser re-reads the whole tab on
//! each event and whenever its connection opens again, so nothing missed
//! while disconnected stays missed.

use crate::AppState;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tower_sessions::Session;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// This project's escrow, at this version.
    Project(i64, i64),
    /// Unknown (the listener reconnected and may have missed some): every
    /// watcher re-reads.
    All,
}

/// The fan-out of one server instance.
#[derive(Clone)]
pub struct LiveFeed {
    changes: broadcast::Sender<Change>,
    stopping: watch::Receiver<bool>,
    stop: std::sync::Arc<watch::Sender<bool>>,
}

impl LiveFeed {
    pub fn new() -> LiveFeed {
        let (changes, _) = broadcast::channel(1024);
        let (stop, stopping) = watch::channel(false);
        LiveFeed {
            changes,
            stopping,
            stop: std::sync::Arc::new(stop),
        }
    }

    /// Ends every open stream, so a graceful shutdown does not wait on them.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    /// Listens to PostgreSQL for as long as the server runs, reconnecting
    /// after a lost connection.
    pub fn listen(&self, pool: PgPool) -> tokio::task::JoinHandle<()> {
        let changes = self.changes.clone();
        tokio::spawn(async move {
            loop {
                match PgListener::connect_with(&pool).await {
                    Ok(mut listener) => {
                        if let Err(e) = listener.listen("escrow_changed").await {
                            tracing::warn!(error = %e, "cannot LISTEN escrow_changed");
                        } else {
                            // Anything may have changed while we were not listening.
                            let _ = changes.send(Change::All);
                            loop {
                                match listener.try_recv().await {
                                    Ok(Some(n)) => {
                                        if let Some(c) = parse(n.payload()) {
                                            let _ = changes.send(c);
                                        }
                                    }
                                    // The connection was lost; the next call reconnects.
                                    Ok(None) => {
                                        let _ = changes.send(Change::All);
                                    }
                                    Err(e) => {
                                        tracing::warn!(error = %e, "escrow listener failed");
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot connect the escrow listener"),
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        })
    }
}

impl Default for LiveFeed {
    fn default() -> Self {
        LiveFeed::new()
    }
}

/// "project:version".
fn parse(payload: &str) -> Option<Change> {
    let (project, version) = payload.split_once(':')?;
    Some(Change::Project(
        project.parse().ok()?,
        version.parse().ok()?,
    ))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/live/escrow/{project_id}", get(escrow_events))
}

async fn escrow_events(
    State(state): State<AppState>,
    session: Session,
    Path(project_id): Path<i64>,
) -> Response {
    let user = match crate::files::signed_in(&state, session, false).await {
        Ok(u) => u,
        Err(answer) => return *answer,
    };
    if let Err(e) = app::services::escrow::may_watch(&state.pool, &user, project_id).await {
        return crate::files::error_response(e);
    }
    Sse::new(events(&state.live, project_id))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// "ready" first (the browser reads the tab), then "changed" whenever this
/// project's escrow changes or may have.
fn events(feed: &LiveFeed, project_id: i64) -> impl Stream<Item = Result<Event, Infallible>> {
    let start = (feed.subscribe(), feed.stopping.clone(), true);
    stream::unfold(start, move |(mut rx, mut stopping, first)| async move {
        if first {
            let ready = Event::default().event("ready").data("0");
            return Some((Ok(ready), (rx, stopping, false)));
        }
        loop {
            if *stopping.borrow() {
                return None;
            }
            let version = tokio::select! {
                r = rx.recv() => match r {
                    Ok(Change::Project(p, v)) if p == project_id => v,
                    Ok(Change::Project(..)) => continue,
                    Ok(Change::All) | Err(broadcast::error::RecvError::Lagged(_)) => 0,
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = stopping.changed() => return None,
            };
            let event = Event::default().event("changed").data(version.to_string());
            return Some((Ok(event), (rx, stopping, false)));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_name_a_project_and_a_version() {
        assert_eq!(parse("12:3"), Some(Change::Project(12, 3)));
        assert_eq!(parse("12"), None);
        assert_eq!(parse("x:1"), None);
    }
}
