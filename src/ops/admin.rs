//! The admin socket: sled lets one process open the store, so while the bot
//! runs the operator's commands go to it over a Unix socket in the data
//! directory (only the operator's account can open it: the directory is
//! 0700); otherwise they open the store themselves. Both ways run
//! [`Service::operator`].

use crate::service::Service;
pub use crate::service::operator::{Request, Sink};
use crate::store::Store;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
#[cfg(unix)]
use tokio::io::AsyncWriteExt;

/// The socket in the data directory.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("admin.sock")
}

/// Lines over the socket: `{"total":n}`, then one JSON value per line, or
/// `{"error":"…"}`.
struct LineSink<W: Write>(W);

impl<W: Write> Sink for LineSink<W> {
    fn total(&mut self, n: u64) -> std::io::Result<()> {
        writeln!(self.0, "{}", json!({ "total": n }))
    }
    fn item(&mut self, v: Value) -> std::io::Result<()> {
        writeln!(self.0, "{}", json!({ "item": v }))
    }
}

/// How much the socket takes: a request line of at most `line` bytes, sent
/// within `idle`; at most `connections` at a time (more are told the bot
/// is busy); an answer the client stops reading is dropped after `idle`.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub line: usize,
    pub idle: std::time::Duration,
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            line: 64 * 1024,
            idle: std::time::Duration::from_secs(10),
            connections: 4,
        }
    }
}

/// Serves operator commands on the socket until the process ends.
#[cfg(unix)]
pub async fn serve(path: PathBuf, service: Arc<Service>, store: Arc<dyn Store>) {
    // A socket left by a bot that was killed: nobody listens on it any more.
    let _ = std::fs::remove_file(&path);
    let listener = match tokio::net::UnixListener::bind(&path) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(path = %path.display(), "cannot open the operator socket: {e}");
            return;
        }
    };
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    let run = move |line: String| -> Vec<u8> {
        let mut sink = LineSink(Vec::new());
        let result = serde_json::from_str::<Request>(&line)
            .map_err(|e| format!("unreadable request: {e}"))
            .and_then(|req| {
                tracing::info!(op = req.name(), clinic = req.clinic(), "operator command");
                let now = jiff::Timestamp::now().as_second();
                service.operator(&*store, &req, now, &mut sink)
            });
        match result {
            Ok(()) => sink.0,
            Err(e) => error_line(&e),
        }
    };
    serve_on(listener, Limits::default(), Arc::new(run)).await
}

fn error_line(e: &str) -> Vec<u8> {
    format!("{}\n", json!({ "error": e })).into_bytes()
}

/// The accept loop and connections of [`serve`], with the command run by
/// `run` (on a blocking thread).
#[cfg(unix)]
pub async fn serve_on<F>(listener: tokio::net::UnixListener, limits: Limits, run: Arc<F>)
where
    F: Fn(String) -> Vec<u8> + Send + Sync + 'static,
{
    let gate = Arc::new(tokio::sync::Semaphore::new(limits.connections));
    crate::ops::accept_loop(
        "the operator socket",
        || async { listener.accept().await.map(|(s, _)| s) },
        |sock| {
            let permit = gate.clone().try_acquire_owned().ok();
            tokio::spawn(connection(sock, limits, permit, run.clone()));
        },
    )
    .await
}

/// One connection: a bounded line in bounded time, then the answer.
#[cfg(unix)]
async fn connection<F>(
    sock: tokio::net::UnixStream,
    limits: Limits,
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
    run: Arc<F>,
) where
    F: Fn(String) -> Vec<u8> + Send + Sync + 'static,
{
    use tokio::io::AsyncBufReadExt;
    use tokio::io::AsyncReadExt;
    let (r, mut w) = sock.into_split();
    let out = if permit.is_none() {
        error_line(&format!(
            "the bot is already serving {} operator commands; try again in a moment",
            limits.connections
        ))
    } else {
        let mut line = Vec::new();
        let mut r = tokio::io::BufReader::new(r.take(limits.line as u64 + 1));
        match tokio::time::timeout(limits.idle, r.read_until(b'\n', &mut line)).await {
            Err(_) => error_line(&format!(
                "no request came within {} s; send the request as one line",
                limits.idle.as_secs()
            )),
            Ok(Err(_)) => return,
            Ok(Ok(_)) if line.len() > limits.line => error_line(&format!(
                "the request is longer than {}; an operator request is one short JSON line",
                crate::files::size(limits.line as u64)
            )),
            Ok(Ok(_)) => {
                let line = String::from_utf8_lossy(&line).into_owned();
                tokio::task::spawn_blocking(move || run(line))
                    .await
                    .unwrap_or_default()
            }
        }
    };
    // Written in pieces, each within the idle time: a client that stops
    // reading does not hold the connection for ever.
    for piece in out.chunks(64 * 1024) {
        match tokio::time::timeout(limits.idle, w.write_all(piece)).await {
            Ok(Ok(())) => {}
            _ => return,
        }
    }
    // The place is given back before the end of the answer is signalled:
    // a client that has read to the end can count on it.
    drop(permit);
    let _ = w.shutdown().await;
}

/// Sends a command to a running bot. `Ok(false)`: no bot listens there.
#[cfg(unix)]
pub fn remote(data_dir: &Path, req: &Request, sink: &mut dyn Sink) -> anyhow::Result<bool> {
    let Ok(mut sock) = std::os::unix::net::UnixStream::connect(socket_path(data_dir)) else {
        return Ok(false);
    };
    writeln!(sock, "{}", serde_json::to_string(req)?)?;
    for line in BufReader::new(sock).lines() {
        let v: Value = serde_json::from_str(&line?)?;
        if let Some(e) = v.get("error").and_then(Value::as_str) {
            anyhow::bail!("{e}");
        }
        if let Some(n) = v.get("total").and_then(Value::as_u64) {
            sink.total(n)?;
        } else if let Some(item) = v.get("item") {
            sink.item(item.clone())?;
        }
    }
    Ok(true)
}

#[cfg(not(unix))]
pub fn remote(_: &Path, _: &Request, _: &mut dyn Sink) -> anyhow::Result<bool> {
    Ok(false)
}
