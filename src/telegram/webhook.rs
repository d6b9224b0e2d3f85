//! Receiving updates as webhooks: several instances behind a load balancer,
//! sharing one database.
//!
//! - A request without the configured secret header gets 401 and changes
//!   nothing. An update is answered 200 only once it is kept durably (the
//!   store's received updates); anything else makes Telegram deliver it again.
//! - A received update is then decided like a polled one: with the others
//!   of its chat, in update-id order, under the store's per-chat lock, the
//!   inbox dropping duplicates from any instance. Updates an instance kept
//!   but did not decide (it was killed) are picked up by the others.
//! - The webhook is registered at start and never removed at stop: other
//!   instances still serve it.

use super::batch::{self, Gate};
use super::core::Core;
use super::{Deliverer, hashed};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use teloxide::types::Update;

/// How long an update waits for the one before it (update ids are
/// consecutive) before it is decided anyway.
const REORDER_WAIT: Duration = Duration::from_secs(1);

/// Received updates older than this with no decision are taken over.
const ORPHANED_AFTER: i64 = 2;

pub struct Hook {
    pub core: Arc<Core>,
    pub deliverer: Arc<Deliverer>,
    secret: String,
    gate: Mutex<Gate>,
    /// Chats being decided here (true: more arrived meanwhile).
    active: Mutex<HashMap<i64, bool>>,
}

/// Compares without stopping at the first difference.
fn same_secret(given: &[u8], secret: &[u8]) -> bool {
    given.len() == secret.len() && given.iter().zip(secret).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0
}

impl Hook {
    pub fn new(core: Arc<Core>, deliverer: Arc<Deliverer>, secret: String) -> Arc<Hook> {
        Arc::new(Hook {
            core,
            deliverer,
            secret,
            gate: Mutex::new(Gate::default()),
            active: Mutex::new(HashMap::new()),
        })
    }

    /// The webhook's path, and `/healthz`.
    pub fn router(self: &Arc<Self>, path: &str) -> Router {
        Router::new()
            .route(path, post(receive))
            .route("/healthz", get(healthz))
            .with_state(self.clone())
    }

    /// Makes sure the chat's received updates get decided.
    pub fn process(self: &Arc<Self>, chat: i64) {
        {
            let mut active = self.active.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(dirty) = active.get_mut(&chat) {
                *dirty = true;
                return;
            }
            active.insert(chat, false);
        }
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = me.decide(chat).await {
                    me.deliverer
                        .metrics
                        .errors
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tracing::warn!(chat = %hashed(chat), "deciding received updates failed (they stay for another try): {e}");
                }
                let mut active = me.active.lock().unwrap_or_else(|e| e.into_inner());
                if active.get(&chat) == Some(&true) {
                    active.insert(chat, false);
                    continue;
                }
                active.remove(&chat);
                break;
            }
        });
    }

    /// Decides the chat's received updates, in update-id order.
    async fn decide(self: &Arc<Self>, chat: i64) -> anyhow::Result<()> {
        let store = self.core.store.clone();
        let received = blocking({
            let store = store.clone();
            move || store.received(chat)
        })
        .await?;
        let Some(&(first, _)) = received.first() else {
            return Ok(());
        };
        // An earlier update still on its way (to this or another instance)
        // goes first: wait a moment for it.
        let started = tokio::time::Instant::now();
        let mut waited = false;
        while first > 1 && started.elapsed() < REORDER_WAIT {
            let store = store.clone();
            if blocking(move || store.known(first - 1)).await? {
                break;
            }
            waited = true;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // What arrived meanwhile goes too, in order.
        let received = match waited {
            true => blocking(move || store.received(chat)).await?,
            false => received,
        };
        let mut updates = Vec::with_capacity(received.len());
        for (id, body) in received {
            match serde_json::from_slice::<Update>(&body) {
                Ok(u) => updates.push(u),
                Err(_) => tracing::warn!(update = id, "a received update is unreadable; skipped"),
            }
        }
        let me = self.clone();
        let touched =
            blocking(move || batch::decide(&me.core, &updates, &me.gate, &me.deliverer.metrics))
                .await?;
        self.deliverer.flusher.flush().await?;
        for chat in touched {
            self.deliverer.kick(chat);
        }
        Ok(())
    }

    /// Takes over updates kept and not decided (an instance was killed
    /// between the two), once a second until `stop`.
    pub async fn sweep(self: Arc<Self>, shutdown: Arc<tokio::sync::Notify>) {
        loop {
            tokio::select! {
                _ = shutdown.notified() => return,
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
            let store = self.core.store.clone();
            let before = jiff::Timestamp::now().as_second() - ORPHANED_AFTER;
            match blocking(move || store.received_chats(before)).await {
                Ok(chats) => {
                    for chat in chats {
                        self.process(chat);
                    }
                }
                Err(e) => tracing::warn!("looking for undecided updates failed: {e}"),
            }
        }
    }

    /// Waits until no chat is being decided here (or `limit` passes).
    pub async fn idle(&self, limit: Duration) {
        let start = std::time::Instant::now();
        while start.elapsed() < limit {
            if self
                .active
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Serves the webhook until `shutdown`, then lets what is under way finish.
/// The webhook stays registered: other instances serve it.
pub async fn serve(
    hook: Arc<Hook>,
    listener: tokio::net::TcpListener,
    path: &str,
    shutdown: Arc<tokio::sync::Notify>,
) -> anyhow::Result<()> {
    // Everything kept and not decided, from an earlier run or another instance.
    tokio::spawn(hook.clone().sweep(shutdown.clone()));
    let stop = shutdown.clone();
    axum::serve(listener, hook.router(path))
        .with_graceful_shutdown(async move { stop.notified().await })
        .await?;
    hook.idle(Duration::from_secs(10)).await;
    hook.deliverer.finish().await
}

/// A store call off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, crate::store::StoreError> + Send + 'static,
) -> anyhow::Result<T> {
    Ok(tokio::task::spawn_blocking(f).await??)
}

async fn receive(State(hook): State<Arc<Hook>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers
        .get("x-telegram-bot-api-secret-token")
        .map_or(&b""[..], |v| v.as_bytes());
    if !same_secret(given, hook.secret.as_bytes()) {
        tracing::warn!("a webhook request without the right secret; refused");
        return StatusCode::UNAUTHORIZED;
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(_) => {
            // Telegram would send it again and again: taken, and dropped.
            tracing::warn!("a webhook request that is not an update; ignored");
            return StatusCode::OK;
        }
    };
    let id = i64::from(update.id.0);
    let chat = batch::chat_of(&update);
    let now = jiff::Timestamp::now().as_second();
    let store = hook.core.store.clone();
    let kept = blocking(move || store.receive(id, chat, &body, now)).await;
    if let Err(e) = kept {
        tracing::error!(
            update = id,
            "could not keep an update (Telegram will send it again): {e}"
        );
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    if let Err(e) = hook.deliverer.flusher.flush().await {
        tracing::error!(
            update = id,
            "could not flush an update (Telegram will send it again): {e}"
        );
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    hook.process(chat);
    StatusCode::OK
}

async fn healthz(State(hook): State<Arc<Hook>>) -> (StatusCode, &'static str) {
    let store = hook.core.store.clone();
    match tokio::task::spawn_blocking(move || store.ping()).await {
        Ok(true) => (StatusCode::OK, "ready\n"),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the database does not answer\n",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn the_secret_must_match_exactly() {
        assert!(same_secret(b"abc_1", b"abc_1"));
        assert!(!same_secret(b"abc_2", b"abc_1"));
        assert!(!same_secret(b"abc", b"abc_1"));
        assert!(!same_secret(b"", b"abc_1"));
    }
}
