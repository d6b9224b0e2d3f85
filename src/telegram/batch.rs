//! Deciding a batch of updates, however they arrived (long polling or a
//! webhook): one transaction, each update decided in order, a chat's second
//! update seeing its first, an update handled before skipped; a chat sending
//! too fast is slowed down.

use super::core::{Core, Incoming, classify};
use super::{Metrics, app_language, hashed};
use crate::store::{Commit, Done, Job, StoreError};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use teloxide::types::Update;

/// A token bucket per chat: a chat sending faster than this is slowed down.
struct Throttle {
    buckets: HashMap<i64, (f64, Instant)>,
    rate: f64,
    burst: f64,
    /// When each chat was last told it was going too fast.
    noticed: HashMap<i64, Instant>,
}

impl Throttle {
    fn allow(&mut self, chat: i64) -> bool {
        let now = Instant::now();
        let (tokens, at) = self.buckets.entry(chat).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * self.rate).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Whether to tell her that a message was skipped (at most every 10 s).
    fn notice(&mut self, chat: i64) -> bool {
        let now = Instant::now();
        match self.noticed.get(&chat) {
            Some(at) if now.duration_since(*at) < Duration::from_secs(10) => false,
            _ => {
                self.noticed.insert(chat, now);
                true
            }
        }
    }
}

/// What a receiver keeps between batches: the per-chat throttle, and the
/// groups already told that Restride talks in private.
pub struct Gate {
    throttle: Throttle,
    told: HashSet<i64>,
}

impl Default for Gate {
    fn default() -> Gate {
        Gate {
            throttle: Throttle {
                buckets: HashMap::new(),
                rate: 5.0,
                burst: 10.0,
                noticed: HashMap::new(),
            },
            told: HashSet::new(),
        }
    }
}

/// Decides `updates` as one transaction. Returns the chats with something
/// to send. Not yet flushed.
pub fn decide(
    core: &Core,
    updates: &[Update],
    gate: &std::sync::Mutex<Gate>,
    metrics: &Metrics,
) -> Result<Vec<i64>, StoreError> {
    let now = jiff::Timestamp::now().as_second();
    // What each update asks for; a chat sending too fast gets (now and
    // then) a note that a message was skipped instead.
    let mut jobs = Vec::with_capacity(updates.len());
    let mut inputs = Vec::with_capacity(updates.len());
    let mut langs = Vec::with_capacity(updates.len());
    // Held only while the updates are sorted out: chats are decided in
    // parallel (the store orders each chat's updates).
    let mut gate = gate.lock().unwrap_or_else(|e| e.into_inner());
    for u in updates {
        langs.push(app_language(u));
        let inc = classify(u);
        // A group hears once (per run) that Restride talks in private.
        let inc = match inc {
            Incoming::NotPrivate { chat } if !gate.told.insert(chat) => Incoming::Ignore,
            other => other,
        };
        let throttled = inc.chat().is_some_and(|chat| !gate.throttle.allow(chat));
        let input = match inc.input() {
            Some((chat, _)) if throttled => {
                tracing::info!(chat = %hashed(chat), "chat is sending too fast; update dropped");
                Some((chat, None, gate.throttle.notice(chat)))
            }
            Some((chat, input)) => Some((chat, Some(input), false)),
            None => None,
        };
        jobs.push(Job {
            chat: input.as_ref().map_or(0, |(chat, _, _)| *chat),
            update: Some(i64::from(u.id.0)),
        });
        inputs.push(input);
    }
    drop(gate);
    let done = core.store.transact(&jobs, &mut |i, tx| match &inputs[i] {
        Some((chat, Some(input), _)) => {
            core.service
                .handle_in(tx, *chat, input.clone(), langs[i].as_deref(), now)
        }
        Some((chat, None, true)) => core.service.too_fast(tx, *chat, langs[i].as_deref()),
        _ => Ok(Commit::default()),
    })?;
    let mut touched = Vec::new();
    for (d, u) in done.iter().zip(updates) {
        match d {
            Done::Applied(c) => {
                touched.extend(c.recipients());
                metrics.updates.fetch_add(1, Ordering::Relaxed);
            }
            Done::Duplicate => {
                tracing::info!(update = u.id.0, "update already handled; ignored");
            }
        }
    }
    touched.sort_unstable();
    touched.dedup();
    Ok(touched)
}

/// The chat an update is decided under (0: none, or not for a decision).
pub fn chat_of(u: &Update) -> i64 {
    classify(u).chat().unwrap_or(0)
}
