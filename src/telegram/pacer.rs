//! One budget of messages per second for the whole bot. Replies to mums who
//! are chatting take from it without waiting; scheduled messages wait for
//! what remains, so a broadcast never slows a conversation.

use crate::store::{Store, Take};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Pacer {
    rate: f64,
    burst: f64,
    state: Mutex<State>,
    /// A store shared by several instances holds the budget of all of them.
    shared: Option<Arc<dyn Store>>,
}

struct State {
    tokens: f64,
    at: Instant,
    paused_until: Option<Instant>,
}

impl Pacer {
    /// `rate` messages per second; bursts stay small so no rolling second
    /// goes far above the rate.
    pub fn new(rate: f64) -> Pacer {
        let burst = (rate / 5.0).clamp(1.0, 5.0);
        Pacer {
            rate,
            burst,
            state: Mutex::new(State {
                tokens: burst,
                at: Instant::now(),
                paused_until: None,
            }),
            shared: None,
        }
    }

    /// The budget kept in `store` when several instances share it (else
    /// this process's own).
    pub fn for_store(rate: f64, store: Arc<dyn Store>) -> Pacer {
        Pacer {
            shared: store.shared().then_some(store),
            ..Pacer::new(rate)
        }
    }

    /// Asks the shared budget: `Some(wait)` (0: taken), or `None` when the
    /// budget is this process's own (or the database did not answer: then
    /// this process paces itself).
    fn ask_shared(&self, take: Take) -> Option<f64> {
        let store = self.shared.as_ref()?;
        match store.take_token(self.rate, take) {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!("the shared rate budget did not answer; pacing alone: {e}");
                None
            }
        }
    }

    fn refill(&self, s: &mut State) {
        let now = Instant::now();
        s.tokens = (s.tokens + now.duration_since(s.at).as_secs_f64() * self.rate).min(self.burst);
        s.at = now;
    }

    /// `n` replies: sent at once, but they use the budget.
    pub fn interactive(&self, n: u32) {
        if n == 0 || self.ask_shared(Take::Replies(n)).is_some() {
            return;
        }
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.refill(&mut s);
        s.tokens = (s.tokens - n as f64).max(-self.rate);
    }

    /// A scheduled message: waits for a free place in the budget.
    pub async fn background(&self) {
        loop {
            let paused = {
                let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
                s.paused_until.filter(|p| *p > Instant::now())
            };
            if let Some(p) = paused {
                tokio::time::sleep(p - Instant::now()).await;
                continue;
            }
            match self.ask_shared(Take::Scheduled) {
                Some(w) if w <= 0.0 => return,
                Some(w) => {
                    tokio::time::sleep(Duration::from_secs_f64(w.min(1.0))).await;
                    continue;
                }
                None => {}
            }
            let wait = {
                let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
                self.refill(&mut s);
                match s.paused_until {
                    Some(p) if p > Instant::now() => p - Instant::now(),
                    _ if s.tokens >= 1.0 => {
                        s.tokens -= 1.0;
                        return;
                    }
                    _ => Duration::from_secs_f64((1.0 - s.tokens) / self.rate),
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Telegram said to wait (429 `retry_after`): scheduled messages hold back.
    pub fn pause(&self, d: Duration) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let until = Instant::now() + d;
        s.paused_until = Some(s.paused_until.map_or(until, |p| p.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn background_messages_hold_the_rate() {
        let p = Pacer::new(50.0);
        let start = Instant::now();
        for _ in 0..30 {
            p.background().await;
        }
        // 30 messages at 50/s after a burst of 10: at least 0.35 s.
        assert!(
            start.elapsed() >= Duration::from_millis(350),
            "{:?}",
            start.elapsed()
        );
    }

    #[tokio::test]
    async fn replies_never_wait_but_use_the_budget() {
        let p = Pacer::new(50.0);
        let start = Instant::now();
        for _ in 0..40 {
            p.interactive(1);
        }
        assert!(start.elapsed() < Duration::from_millis(50));
        let t = Instant::now();
        p.background().await;
        assert!(
            t.elapsed() >= Duration::from_millis(300),
            "background waited {:?}",
            t.elapsed()
        );
    }
}
