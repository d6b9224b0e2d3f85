//! The Telegram adapter: long polling that confirms an offset only after its
//! updates are durably committed, per-chat ordered delivery from the outbox,
//! and graceful shutdown.

pub mod batch;
pub mod callback;
pub mod core;
pub mod deliver;
pub mod markup;
pub mod pacer;
pub mod webhook;

use self::core::{Core, classify};
use crate::store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, BotCommand};

pub use crate::service::hashed;

/// Coalesces flushes: callers that arrive while a flush runs share the next one.
pub struct GroupFlush {
    store: Arc<dyn Store>,
    requested: AtomicU64,
    done: tokio::sync::Mutex<u64>,
}

impl GroupFlush {
    pub fn new(store: Arc<dyn Store>) -> GroupFlush {
        GroupFlush {
            store,
            requested: AtomicU64::new(0),
            done: tokio::sync::Mutex::new(0),
        }
    }

    /// Returns once everything written before the call is on disk.
    pub async fn flush(&self) -> Result<(), StoreError> {
        let ticket = self.requested.fetch_add(1, Ordering::SeqCst) + 1;
        let mut done = self.done.lock().await;
        if *done >= ticket {
            return Ok(());
        }
        let upto = self.requested.load(Ordering::SeqCst);
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || store.flush())
            .await
            .map_err(|e| StoreError::Other(e.to_string()))??;
        *done = upto;
        Ok(())
    }
}

/// Counters for /metrics and the load report.
#[derive(Default)]
pub struct Metrics {
    pub updates: AtomicU64,
    pub errors: AtomicU64,
    pub sent: AtomicU64,
    pub batches: AtomicU64,
    pub latency_us_total: AtomicU64,
}

/// Runs delivery per chat: one task at a time per chat, re-run while new
/// entries arrive.
pub struct Deliverer {
    pub pacer: Arc<pacer::Pacer>,
    bot: Bot,
    store: Arc<dyn Store>,
    pub flusher: Arc<GroupFlush>,
    active: Mutex<HashMap<i64, bool>>,
    pub stopping: AtomicBool,
    pub metrics: Arc<Metrics>,
}

impl Deliverer {
    pub fn new(
        bot: Bot,
        store: Arc<dyn Store>,
        flusher: Arc<GroupFlush>,
        metrics: Arc<Metrics>,
        pacer: Arc<pacer::Pacer>,
    ) -> Arc<Deliverer> {
        Arc::new(Deliverer {
            pacer,
            bot,
            store,
            flusher,
            active: Mutex::new(HashMap::new()),
            stopping: AtomicBool::new(false),
            metrics,
        })
    }

    /// Makes sure the chat's outbox gets sent.
    pub fn kick(self: &Arc<Self>, chat: i64) {
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
                let stop = || me.stopping.load(Ordering::SeqCst);
                match self::deliver::drain(&me.bot, &me.store, chat, &stop, Some(&me.pacer)).await {
                    Ok(n) => {
                        me.metrics.sent.fetch_add(n as u64, Ordering::Relaxed);
                        if n > 0
                            && let Err(e) = me.flusher.flush().await
                        {
                            tracing::error!("flushing sent marks failed: {e}");
                        }
                    }
                    Err(e) => {
                        me.metrics.errors.fetch_add(1, Ordering::Relaxed);
                        tracing::warn!(chat = %hashed(chat), "delivery paused: {e}");
                    }
                }
                let mut active = me.active.lock().unwrap_or_else(|e| e.into_inner());
                if active.get(&chat) == Some(&true) && !me.stopping.load(Ordering::SeqCst) {
                    active.insert(chat, false);
                    continue;
                }
                active.remove(&chat);
                break;
            }
        });
    }

    /// At stop: deliveries under way finish (for up to 10 s), then a flush.
    pub async fn finish(&self) -> anyhow::Result<()> {
        tracing::info!("stopping: finishing deliveries");
        self.stopping.store(true, Ordering::SeqCst);
        self.idle(Duration::from_secs(10)).await;
        self.flusher.flush().await?;
        Ok(())
    }

    /// Waits until no chat is being delivered (or `limit` passes).
    pub async fn idle(&self, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if self
                .active
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty()
            {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }
}

pub use crate::dialog::required::COMMANDS;

/// The updates Restride asks Telegram for: messages and button presses in
/// private chats (no channel posts).
pub const ALLOWED: [AllowedUpdate; 2] = [AllowedUpdate::Message, AllowedUpdate::CallbackQuery];

/// The bot's commands as Telegram shows them in the menu.
pub fn commands(env: &crate::engine::Env) -> Vec<BotCommand> {
    COMMANDS
        .iter()
        .map(|c| BotCommand::new(*c, env.t(&format!("command_{c}"))))
        .collect()
}

/// Long polling until SIGINT/SIGTERM. Every batch of updates is committed and
/// flushed before its offset is confirmed and before anything is sent.
pub async fn poll(
    core: Arc<Core>,
    bot: Bot,
    deliverer: Arc<Deliverer>,
    shutdown: Arc<tokio::sync::Notify>,
) -> anyhow::Result<()> {
    let store = core.store.clone();
    let flusher = deliverer.flusher.clone();
    // Anything committed but not sent before the last stop goes out first.
    for chat in store.outbox_chats()? {
        deliverer.kick(chat);
    }
    let mut offset: i32 = store.last_update()?.map(|u| (u + 1) as i32).unwrap_or(0);
    let gate = Mutex::new(batch::Gate::default());
    let mut backoff = Duration::from_millis(500);
    loop {
        let req = bot
            .get_updates()
            .offset(offset)
            .timeout(10)
            // Channels are left alone: no channel posts asked for.
            .allowed_updates(ALLOWED.to_vec());
        let updates = tokio::select! {
            _ = shutdown.notified() => break,
            r = req.send() => r,
        };
        let updates = match updates {
            Ok(u) => {
                backoff = Duration::from_millis(500);
                u
            }
            Err(e) => {
                deliverer.metrics.errors.fetch_add(1, Ordering::Relaxed);
                // Flood control says how long to wait: at least that.
                let wait = match &e {
                    teloxide::RequestError::RetryAfter(s) => backoff.max(s.duration()),
                    _ => backoff,
                };
                tracing::warn!(
                    "getUpdates failed: {}; retrying in {:?}",
                    deliver::describe(&e),
                    wait
                );
                tokio::select! {
                    _ = shutdown.notified() => break,
                    _ = tokio::time::sleep(wait) => {}
                }
                backoff = (backoff * 2).min(Duration::from_secs(30));
                continue;
            }
        };
        if updates.is_empty() {
            continue;
        }
        let started = Instant::now();
        let touched = match batch::decide(&core, &updates, &gate, &deliverer.metrics) {
            Ok(t) => t,
            Err(e) => {
                // Nothing was written: the same updates come again (the
                // offset is not moved), after a pause.
                deliverer.metrics.errors.fetch_add(1, Ordering::Relaxed);
                tracing::error!("deciding a batch failed; retrying it: {e}");
                tokio::select! {
                    _ = shutdown.notified() => break,
                    _ = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(Duration::from_secs(30));
                continue;
            }
        };
        for u in &updates {
            offset = offset.max(u.id.0 as i32 + 1);
        }
        // Group commit: one flush for the whole batch, before any send and
        // before the next getUpdates confirms the offset.
        let handled = started.elapsed();
        flusher.flush().await?;
        let elapsed = started.elapsed().as_micros() as u64;
        tracing::debug!(
            updates = updates.len(),
            handle_us = handled.as_micros() as u64,
            flush_us = elapsed - handled.as_micros() as u64,
            "batch committed"
        );
        deliverer
            .metrics
            .latency_us_total
            .fetch_add(elapsed, Ordering::Relaxed);
        for chat in touched {
            deliverer.kick(chat);
        }
    }
    deliverer.finish().await
}

/// The language her Telegram app is set to (`language_code`), if it says.
pub fn app_language(u: &Update) -> Option<String> {
    u.from().and_then(|f| f.language_code.clone())
}

/// The same pipeline as `poll`, for one update at a time, as a teloxide
/// handler tree (used with `teloxide_tests`' mock bot and any dispatcher):
/// commit and flush, then send.
pub fn handler()
-> teloxide::dispatching::UpdateHandler<Box<dyn std::error::Error + Send + Sync + 'static>> {
    teloxide::dptree::entry().endpoint(|bot: Bot, update: Update, core: Arc<Core>| async move {
        let id = i64::from(update.id.0);
        let now = jiff::Timestamp::now().as_second();
        let commit = core.handle_in(id, classify(&update), app_language(&update), now)?;
        let chats = commit.recipients();
        core.store.flush()?;
        for chat in chats {
            self::deliver::drain(&bot, &core.store, chat, &|| false, None).await?;
        }
        core.store.flush()?;
        Ok(())
    })
}

/// How long handled update ids are remembered (seconds).
const INBOX_KEEP: i64 = 2 * 86_400;

/// The check-in worker: `Core::tick` once a second, then a group flush and
/// delivery. Stops with the bot.
pub async fn run_worker(
    core: Arc<Core>,
    deliverer: Arc<Deliverer>,
    shutdown: Arc<tokio::sync::Notify>,
) {
    // The retention sweep starts at start-up and then hourly, a page of
    // chats a second, so replies never wait for a whole pass.
    let mut next_sweep = 0;
    let mut sweep: Option<Option<i64>> = None;
    loop {
        if deliverer.stopping.load(Ordering::SeqCst) {
            return;
        }
        let now = jiff::Timestamp::now().as_second();
        let ticked = {
            let mut ticked = core.tick(now);
            // One instance of a deployment sweeps an hour.
            if sweep.is_none() && now >= next_sweep {
                match core.store.take_lease("retention", now, now + 3600) {
                    Ok(true) => sweep = Some(None),
                    Ok(false) => next_sweep = now + 60,
                    Err(e) => tracing::error!("retention sweep: {e}"),
                }
            }
            if let Some(after) = sweep {
                match core.service.retention_page(&*core.store, now, after, 500) {
                    Ok((warned, next)) => {
                        if let Ok(chats) = &mut ticked {
                            chats.extend(warned);
                        }
                        sweep = next.map(Some);
                    }
                    Err(e) => {
                        tracing::error!("retention sweep: {e}");
                        sweep = None;
                    }
                }
                if sweep.is_none() {
                    next_sweep = now + 3600;
                    // Telegram re-sends an update for at most a day: the
                    // inbox keeps two days of update ids (the newest always).
                    if let Err(e) = core.store.prune_inbox(now - INBOX_KEEP) {
                        tracing::error!("pruning the inbox: {e}");
                    }
                }
            }
            ticked
        };
        // Sharing the store, an instance killed mid-send leaves claims that
        // run out: what is left unsent is looked for every few seconds.
        let ticked = match ticked {
            Ok(mut chats) if core.store.shared() && now % 5 == 0 => {
                match core.store.outbox_chats() {
                    Ok(left) => chats.extend(left),
                    Err(e) => tracing::warn!("looking for unsent messages: {e}"),
                }
                Ok(chats)
            }
            other => other,
        };
        match ticked {
            Ok(chats) if !chats.is_empty() => {
                if let Err(e) = deliverer.flusher.flush().await {
                    tracing::error!("flushing check-ins failed: {e}");
                    continue;
                }
                for chat in chats {
                    deliverer.kick(chat);
                }
            }
            Ok(_) => {}
            Err(e) => tracing::error!("check-in worker: {e}"),
        }
        tokio::select! {
            _ = shutdown.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}
