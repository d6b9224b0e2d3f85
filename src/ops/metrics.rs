//! The optional operator listener: `/healthz` and Prometheus `/metrics`, on
//! a local address only. A few lines of HTTP/1.1 are all it needs.

use crate::store::Store;
use crate::telegram::Metrics;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub fn render_metrics(m: &Metrics, outbox_depth: usize) -> String {
    let updates = m.updates.load(Ordering::Relaxed);
    let batches = m.batches.load(Ordering::Relaxed);
    format!(
        "# HELP restride_updates_total Telegram updates handled.\n# TYPE restride_updates_total counter\nrestride_updates_total {updates}\n\
# HELP restride_errors_total Failed Telegram calls and store errors.\n# TYPE restride_errors_total counter\nrestride_errors_total {}\n\
# HELP restride_messages_sent_total Outbox entries delivered.\n# TYPE restride_messages_sent_total counter\nrestride_messages_sent_total {}\n\
# HELP restride_batch_seconds Time to handle and durably commit a batch of updates.\n# TYPE restride_batch_seconds summary\nrestride_batch_seconds_sum {:.6}\nrestride_batch_seconds_count {batches}\n\
# HELP restride_outbox_depth Entries waiting to be sent.\n# TYPE restride_outbox_depth gauge\nrestride_outbox_depth {outbox_depth}\n",
        m.errors.load(Ordering::Relaxed),
        m.sent.load(Ordering::Relaxed),
        m.latency_us_total.load(Ordering::Relaxed) as f64 / 1e6,
    )
}

/// At most this many connections are served at a time (more get 503).
pub const CONNECTIONS: usize = 16;
/// The time a client has to send its request, and to take the answer.
const IDLE: std::time::Duration = std::time::Duration::from_secs(5);

/// Serves until the process ends.
pub async fn serve(listener: TcpListener, metrics: Arc<Metrics>, store: Arc<dyn Store>) {
    let gate = Arc::new(tokio::sync::Semaphore::new(CONNECTIONS));
    let accept = || async { listener.accept().await.map(|(s, _)| s) };
    crate::ops::accept_loop("the metrics listener", accept, |mut sock| {
        let metrics = metrics.clone();
        let store = store.clone();
        let permit = gate.clone().try_acquire_owned().ok();
        tokio::spawn(async move {
            if permit.is_none() {
                let busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                let _ = tokio::time::timeout(IDLE, sock.write_all(busy.as_bytes())).await;
                return;
            }
            let mut buf = [0u8; 2048];
            let n = match tokio::time::timeout(IDLE, sock.read(&mut buf)).await {
                Ok(Ok(n)) => n,
                _ => return,
            };
            let head = String::from_utf8_lossy(&buf[..n]);
            let path = head.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = match path {
                "/healthz" if store.ping() => ("200 OK", "ok\n".to_owned()),
                "/healthz" => (
                    "503 Service Unavailable",
                    "the store does not answer\n".to_owned(),
                ),
                "/metrics" => {
                    let depth = store
                        .outbox_chats()
                        .map(|chats| {
                            chats
                                .iter()
                                .map(|c| store.outbox(*c).map(|o| o.len()).unwrap_or(0))
                                .sum()
                        })
                        .unwrap_or(0);
                    ("200 OK", render_metrics(&metrics, depth))
                }
                _ => ("404 Not Found", "not found\n".to_owned()),
            };
            let resp = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tokio::time::timeout(IDLE, sock.write_all(resp.as_bytes())).await;
            drop(permit);
        });
    })
    .await
}
