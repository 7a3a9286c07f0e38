//! Live views: PostgreSQL notifies every server instance after each
//! committed escrow change (`escrow_changed`, see the escrow migration) and
//! after each change that concerns a person (`person_changed`: a
//! notification for them, an escrow of theirs; see the dashboards
//! migration); one listener per instance fans them out, over server-sent
//! events, to the browsers watching that project's payment tab or that
//! person's dashboard and bell. A browser re-reads what it shows on each
//! event and whenever its connection opens again, so nothing missed while
//! disconnected stays missed.

use crate::AppState;
use app::error::AppError;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tower_sessions::{Session, SessionStore};
use tower_sessions_sqlx_store::PostgresStore;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// This project's escrow, at this version.
    Project(i64, i64),
    /// Something that concerns this person.
    Person(i64),
    /// Unknown (the listener reconnected and may have missed some): every
    /// watcher re-reads.
    All,
}

/// The fan-out of one server instance.
#[derive(Clone)]
pub struct LiveFeed {
    changes: broadcast::Sender<Change>,
    stopping: watch::Receiver<bool>,
    stop: Arc<watch::Sender<bool>>,
    /// Open streams per user, and how many one user may hold.
    open: Arc<Mutex<HashMap<i64, usize>>>,
    per_user: usize,
    /// How often a stream checks that its session still exists.
    session_check: Duration,
}

/// One open stream, counted against its user until it is dropped.
struct Slot {
    open: Arc<Mutex<HashMap<i64, usize>>>,
    user_id: i64,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.user_id) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.user_id);
            }
        }
    }
}

/// How often an open stream checks that its session still exists (it ends
/// within this after its person logs out, on any instance).
pub const SESSION_CHECK: Duration = Duration::from_secs(15);

impl LiveFeed {
    /// A feed where one user holds at most `per_user` streams at once.
    pub fn new(per_user: usize) -> LiveFeed {
        let (changes, _) = broadcast::channel(1024);
        let (stop, stopping) = watch::channel(false);
        LiveFeed {
            changes,
            stopping,
            stop: Arc::new(stop),
            open: Arc::default(),
            per_user,
            session_check: SESSION_CHECK,
        }
    }

    /// The same, checking sessions every `every` (tests).
    pub fn with_session_check(mut self, every: Duration) -> LiveFeed {
        self.session_check = every;
        self
    }

    /// A slot for one more stream of `user_id`, unless they hold the most.
    fn take_slot(&self, user_id: i64) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(user_id).or_default();
        if *n >= self.per_user {
            return None;
        }
        *n += 1;
        Some(Slot {
            open: self.open.clone(),
            user_id,
        })
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
                        if let Err(e) = listener
                            .listen_all(["escrow_changed", "person_changed"])
                            .await
                        {
                            tracing::warn!(error = %e, "cannot LISTEN for live changes");
                        } else {
                            // Anything may have changed while we were not listening.
                            let _ = changes.send(Change::All);
                            loop {
                                match listener.try_recv().await {
                                    Ok(Some(n)) => {
                                        if let Some(c) = parse(n.channel(), n.payload()) {
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
        LiveFeed::new(app::domain::rate_limit::Limits::default().live_streams_per_user)
    }
}

/// `escrow_changed`: "project:version"; `person_changed`: "user id".
fn parse(channel: &str, payload: &str) -> Option<Change> {
    match channel {
        "escrow_changed" => {
            let (project, version) = payload.split_once(':')?;
            Some(Change::Project(
                project.parse().ok()?,
                version.parse().ok()?,
            ))
        }
        "person_changed" => Some(Change::Person(payload.parse().ok()?)),
        _ => None,
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/live/escrow/{project_id}", get(escrow_events))
        .route("/live/me", get(person_events))
}

/// What a stream follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    Project(i64),
    Person(i64),
}

impl Topic {
    /// The version to send when `change` concerns this topic.
    fn version_of(self, change: Change) -> Option<i64> {
        match (self, change) {
            (Topic::Project(p), Change::Project(q, v)) if p == q => Some(v),
            (Topic::Person(u), Change::Person(v)) if u == v => Some(0),
            (_, Change::All) => Some(0),
            _ => None,
        }
    }
}

/// The signed-in person's own changes: their dashboard and bell.
async fn person_events(State(state): State<AppState>, session: Session) -> Response {
    let Some(session_id) = session.id() else {
        return crate::files::error_response(AppError::Unauthenticated);
    };
    let user = match crate::files::signed_in(&state, session, false).await {
        Ok(u) => u,
        Err(answer) => return *answer,
    };
    stream_for(&state, Topic::Person(user.id), user.id, session_id)
}

/// Opens the stream of `topic` for `user_id`, within their share of streams.
fn stream_for(
    state: &AppState,
    topic: Topic,
    user_id: i64,
    session_id: tower_sessions::session::Id,
) -> Response {
    let Some(slot) = state.live.take_slot(user_id) else {
        return crate::files::error_response(AppError::TooManyAttempts(
            app::domain::msg::FormMsg::TooManyLiveTabs.into(),
        ));
    };
    let watcher = Watcher {
        topic,
        user_id,
        session_id,
        store: PostgresStore::new(state.pool.clone()),
        pool: state.pool.clone(),
        _slot: slot,
    };
    Sse::new(events(&state.live, watcher))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

async fn escrow_events(
    State(state): State<AppState>,
    session: Session,
    Path(project_id): Path<i64>,
) -> Response {
    let Some(session_id) = session.id() else {
        return crate::files::error_response(AppError::Unauthenticated);
    };
    let user = match crate::files::signed_in(&state, session, false).await {
        Ok(u) => u,
        Err(answer) => return *answer,
    };
    if let Err(e) = app::services::escrow::may_watch(&state.pool, &user, project_id).await {
        return crate::files::error_response(e);
    }
    stream_for(&state, Topic::Project(project_id), user.id, session_id)
}

/// One browser tab watching one project's escrow, or its person's changes.
struct Watcher {
    topic: Topic,
    user_id: i64,
    session_id: tower_sessions::session::Id,
    store: PostgresStore,
    pool: PgPool,
    _slot: Slot,
}

impl Watcher {
    /// The session is still there and still signed in to this person (not
    /// logged out, not signed out from elsewhere, password unchanged).
    async fn still_signed_in(&self) -> bool {
        let record = match self.store.load(&self.session_id).await {
            Ok(Some(record)) => record,
            Ok(None) => return false,
            // The database is briefly away: keep the stream, check again later.
            Err(_) => return true,
        };
        let Some(claims) = app::api::context::claims_of(&record.data) else {
            return false;
        };
        match app::services::sessions::signed_in(&self.pool, claims).await {
            Ok(Some(user)) => user.id == self.user_id,
            Ok(None) => false,
            Err(_) => true,
        }
    }
}

/// "ready" first (the browser reads what it shows), then "changed" whenever
/// the watched project's escrow or person changes or may have; the stream
/// ends when the server stops or the watcher's session ends.
fn events(feed: &LiveFeed, watcher: Watcher) -> impl Stream<Item = Result<Event, Infallible>> {
    let mut check = tokio::time::interval(feed.session_check);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let start = (
        feed.subscribe(),
        feed.stopping.clone(),
        check,
        watcher,
        true,
    );
    stream::unfold(
        start,
        move |(mut rx, mut stopping, mut check, watcher, first)| async move {
            if first {
                let ready = Event::default().event("ready").data("0");
                return Some((Ok(ready), (rx, stopping, check, watcher, false)));
            }
            loop {
                if *stopping.borrow() {
                    return None;
                }
                let version = tokio::select! {
                    r = rx.recv() => match r {
                        Ok(change) => match watcher.topic.version_of(change) {
                            Some(v) => v,
                            None => continue,
                        },
                        Err(broadcast::error::RecvError::Lagged(_)) => 0,
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    _ = stopping.changed() => return None,
                    _ = check.tick() => {
                        if watcher.still_signed_in().await {
                            continue;
                        }
                        return None;
                    }
                };
                let event = Event::default().event("changed").data(version.to_string());
                return Some((Ok(event), (rx, stopping, check, watcher, false)));
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_name_a_project_and_a_version_or_a_person() {
        assert_eq!(
            parse("escrow_changed", "12:3"),
            Some(Change::Project(12, 3))
        );
        assert_eq!(parse("escrow_changed", "12"), None);
        assert_eq!(parse("escrow_changed", "x:1"), None);
        assert_eq!(parse("person_changed", "7"), Some(Change::Person(7)));
        assert_eq!(parse("person_changed", "x"), None);
        assert_eq!(parse("other", "7"), None);
    }

    #[test]
    fn a_stream_hears_only_its_own_topic_and_everything_after_a_gap() {
        let me = Topic::Person(7);
        assert_eq!(me.version_of(Change::Person(7)), Some(0));
        assert_eq!(me.version_of(Change::Person(8)), None);
        assert_eq!(me.version_of(Change::Project(7, 1)), None);
        assert_eq!(me.version_of(Change::All), Some(0));
        let tab = Topic::Project(12);
        assert_eq!(tab.version_of(Change::Project(12, 4)), Some(4));
        assert_eq!(tab.version_of(Change::Project(13, 4)), None);
        assert_eq!(tab.version_of(Change::Person(12)), None);
    }
}
