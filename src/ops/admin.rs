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

/// Serves operator commands on the socket until the process ends.
#[cfg(unix)]
pub async fn serve(path: PathBuf, service: Arc<Service>, store: Arc<dyn Store>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
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
    loop {
        let Ok((sock, _)) = listener.accept().await else {
            continue;
        };
        let (service, store) = (service.clone(), store.clone());
        tokio::spawn(async move {
            let (r, mut w) = sock.into_split();
            let mut line = String::new();
            let mut r = tokio::io::BufReader::new(r);
            if r.read_line(&mut line).await.is_err() {
                return;
            }
            let out = tokio::task::spawn_blocking(move || {
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
                    Err(e) => format!("{}\n", json!({ "error": e })).into_bytes(),
                }
            })
            .await
            .unwrap_or_default();
            let _ = w.write_all(&out).await;
        });
    }
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
