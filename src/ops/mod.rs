//! For the operator: the metrics listener and the admin socket.

pub mod admin;
pub mod metrics;

use std::time::Duration;

/// The pause after a failed accept (out of file descriptors, mostly): it
/// doubles from [`Backoff::FIRST`] to [`Backoff::MOST`] while accepts keep
/// failing, and starts again after one succeeds. Without it a listener
/// whose accept fails at once spins a core.
#[derive(Debug, Default)]
pub struct Backoff {
    next: Option<Duration>,
    failures: u64,
}

impl Backoff {
    pub const FIRST: Duration = Duration::from_millis(10);
    pub const MOST: Duration = Duration::from_secs(1);

    /// One more failure: how long to wait, and whether it starts a burst
    /// (the one failure of a burst that is logged).
    pub fn failed(&mut self) -> (Duration, bool) {
        let now = self.next.unwrap_or(Self::FIRST);
        self.next = Some((now * 2).min(Self::MOST));
        self.failures += 1;
        (now, self.failures == 1)
    }

    /// An accept worked: the failures of the burst it ends, if any.
    pub fn succeeded(&mut self) -> Option<u64> {
        let n = std::mem::take(&mut self.failures);
        self.next = None;
        (n > 0).then_some(n)
    }
}

/// Accepts on `accept` until the process ends, pausing after failures as
/// [`Backoff`] says and logging once per burst (`what` names the listener).
pub async fn accept_loop<S, F, Fut>(what: &str, mut accept: F, mut handle: impl FnMut(S))
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = std::io::Result<S>>,
{
    let mut backoff = Backoff::default();
    loop {
        match accept().await {
            Ok(sock) => {
                if let Some(n) = backoff.succeeded() {
                    tracing::info!("{what}: accepting again after {n} failed accepts");
                }
                handle(sock);
            }
            Err(e) => {
                let (pause, first) = backoff.failed();
                if first {
                    tracing::warn!(
                        "{what}: cannot accept a connection ({e}); retrying with pauses of up to {} s (too few file descriptors? raise the limit, ulimit -n)",
                        Backoff::MOST.as_secs()
                    );
                }
                tokio::time::sleep(pause).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_a_second_logs_once_per_burst_and_resets() {
        let mut b = Backoff::default();
        let pauses: Vec<(u64, bool)> = (0..10)
            .map(|_| {
                let (d, first) = b.failed();
                (d.as_millis() as u64, first)
            })
            .collect();
        assert_eq!(
            pauses,
            [
                (10, true),
                (20, false),
                (40, false),
                (80, false),
                (160, false),
                (320, false),
                (640, false),
                (1000, false),
                (1000, false),
                (1000, false)
            ]
        );
        assert_eq!(b.succeeded(), Some(10));
        assert_eq!(b.succeeded(), None);
        assert_eq!(b.failed(), (Duration::from_millis(10), true));
    }
}
