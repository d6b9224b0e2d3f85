//! The load test's PostgreSQL and webhook parts (`--database-url`, `--webhook N`), a module
//! of `examples/loadtest.rs`.
//!
//! - [`Hooks`] plays Telegram's side of a webhook: every update the driver pushes to the fake
//!   Bot API is taken off its queue at once and POSTed, with the secret header, to one of the
//!   N instances in turn (round robin), over a fixed number of keep-alive connections
//!   (Telegram's `max_connections`, 40 unless told). A POST that does not get 200 is sent
//!   again to the same instance a moment later, as Telegram sends it again.
//! - [`prepare_database`] makes sure the run starts on an empty database (it creates it when
//!   it does not exist), so that runs never see each other's data.
//! - [`pg_cpu`] reads the PostgreSQL server's CPU time from `/proc`, as the bot's is read.

use super::{Event, HttpReader, START_LIMIT};
use serde_json::Value;
use std::collections::VecDeque;
use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The path the instances serve the webhook on.
pub const PATH: &str = "/telegram";
/// What Telegram would send in `X-Telegram-Bot-Api-Secret-Token`.
pub const SECRET: &str = "loadtest_webhook-secret_7";
/// How long a POST that did not get 200 waits before it is sent again.
const RETRY_AFTER: Duration = Duration::from_millis(100);

/// A free port on 127.0.0.1 (bound and let go: nothing else here takes ports meanwhile).
pub fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// The config of one webhook instance: it listens on `port` and does not call `setWebhook`
/// (the harness is Telegram and already knows where to send).
pub fn config(port: u16) -> String {
    format!("[webhook]\nlisten = \"127.0.0.1:{port}\"\npath = \"{PATH}\"\nregister = false\n")
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The updates waiting to be POSTed to one instance, oldest first.
#[derive(Default)]
struct Queue {
    updates: Mutex<VecDeque<Value>>,
    ready: Condvar,
}

/// What the POSTs met, for the report.
#[derive(Default)]
struct Counters {
    /// Updates answered 200, per instance.
    accepted: Vec<AtomicUsize>,
    /// POSTs answered anything else (each is sent again).
    refused: AtomicUsize,
    /// POSTs that met a connection error (each is sent again on a new connection).
    failed: AtomicUsize,
}

/// What the webhook deliveries met in a run.
pub struct HookStats {
    pub accepted: Vec<usize>,
    pub refused: usize,
    pub failed: usize,
    pub connections: usize,
}

/// Telegram's side of the webhook: takes updates and POSTs them to the instances.
pub struct Hooks {
    addrs: Vec<SocketAddr>,
    queues: Vec<Arc<Queue>>,
    /// The instance the next update goes to.
    next: AtomicUsize,
    counters: Arc<Counters>,
    connections: usize,
    stop: Arc<AtomicBool>,
    threads: Mutex<Vec<JoinHandle<()>>>,
}

impl Hooks {
    /// `connections` keep-alive connections in all, spread evenly over the instances at
    /// `addrs` (at least one each); each reports [`Event::Delivered`] as it sends an update.
    pub fn start(addrs: Vec<SocketAddr>, connections: usize, events: Sender<Event>) -> Hooks {
        let n = addrs.len();
        let queues: Vec<Arc<Queue>> = (0..n).map(|_| Arc::new(Queue::default())).collect();
        let counters = Arc::new(Counters {
            accepted: (0..n).map(|_| AtomicUsize::new(0)).collect(),
            ..Counters::default()
        });
        let stop = Arc::new(AtomicBool::new(false));
        let mut threads = Vec::new();
        for c in 0..connections.max(n) {
            let instance = c % n;
            let (addr, queue) = (addrs[instance], queues[instance].clone());
            let (counters, stop, events) = (counters.clone(), stop.clone(), events.clone());
            let spawned = thread::Builder::new()
                .name("webhook-post".into())
                .stack_size(256 * 1024)
                .spawn(move || post_loop(instance, addr, &queue, &counters, &stop, &events));
            if let Ok(handle) = spawned {
                threads.push(handle);
            }
        }
        Hooks {
            addrs,
            queues,
            next: AtomicUsize::new(0),
            counters,
            connections: threads.len(),
            stop,
            threads: Mutex::new(threads),
        }
    }

    /// Hands each update to the next instance in turn.
    pub fn send(&self, updates: Vec<Value>) {
        for update in updates {
            let i = self.next.fetch_add(1, Ordering::Relaxed) % self.queues.len();
            let queue = &self.queues[i];
            lock(&queue.updates).push_back(update);
            queue.ready.notify_one();
        }
    }

    /// Waits until every instance answers `GET /healthz` with 200 (its store is open and its
    /// listener up), failing if one exits or `START_LIMIT` passes.
    pub fn wait_ready(&self, bots: &mut [Child]) -> Result<(), String> {
        let begin = Instant::now();
        for (i, addr) in self.addrs.iter().enumerate() {
            loop {
                if let Ok(Some(status)) = bots[i].try_wait() {
                    return Err(format!("instance {} exited at start: {status}", i + 1));
                }
                if healthz(*addr).is_ok_and(|s| s == 200) {
                    break;
                }
                if begin.elapsed() > START_LIMIT {
                    return Err(format!(
                        "instance {} did not answer /healthz on {addr} within {} s",
                        i + 1,
                        START_LIMIT.as_secs()
                    ));
                }
                thread::sleep(Duration::from_millis(100));
            }
        }
        Ok(())
    }

    pub fn stats(&self) -> HookStats {
        HookStats {
            accepted: self
                .counters
                .accepted
                .iter()
                .map(|a| a.load(Ordering::Relaxed))
                .collect(),
            refused: self.counters.refused.load(Ordering::Relaxed),
            failed: self.counters.failed.load(Ordering::Relaxed),
            connections: self.connections,
        }
    }

    /// Stops sending (what is still queued is dropped) and joins the connections' threads.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        for queue in &self.queues {
            let _guard = lock(&queue.updates);
            queue.ready.notify_all();
        }
        let threads = std::mem::take(&mut *lock(&self.threads));
        for thread in threads {
            let _ = thread.join();
        }
    }
}

impl Drop for Hooks {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One connection to one instance: takes its updates one at a time and POSTs each until it
/// gets 200 (or the run stops).
fn post_loop(
    instance: usize,
    addr: SocketAddr,
    queue: &Queue,
    counters: &Counters,
    stop: &Arc<AtomicBool>,
    events: &Sender<Event>,
) {
    let mut conn: Option<(TcpStream, HttpReader)> = None;
    while !stop.load(Ordering::SeqCst) {
        let update = {
            let mut updates = lock(&queue.updates);
            match updates.pop_front() {
                Some(u) => u,
                None => {
                    // Bounded: the stop flag is looked at every 100 ms.
                    let _ = queue
                        .ready
                        .wait_timeout(updates, Duration::from_millis(100));
                    continue;
                }
            }
        };
        let id = update.get("update_id").and_then(super::as_i64).unwrap_or(0);
        let body = update.to_string();
        // As the proxy does for getUpdates: the moment the update is handed to the bot,
        // reported before the bot can answer anything about it.
        let _ = events.send(Event::Delivered {
            ids: vec![id],
            at: Instant::now(),
        });
        while !stop.load(Ordering::SeqCst) {
            match post(&mut conn, addr, &body, stop) {
                Ok(200) => {
                    counters.accepted[instance].fetch_add(1, Ordering::Relaxed);
                    break;
                }
                Ok(_) => {
                    counters.refused.fetch_add(1, Ordering::Relaxed);
                }
                Err(_) => {
                    counters.failed.fetch_add(1, Ordering::Relaxed);
                    conn = None;
                }
            }
            thread::sleep(RETRY_AFTER);
        }
    }
}

/// POSTs one update on the connection (opening it if needed); the answer's status code.
fn post(
    conn: &mut Option<(TcpStream, HttpReader)>,
    addr: SocketAddr,
    body: &str,
    stop: &Arc<AtomicBool>,
) -> io::Result<u16> {
    if conn.is_none() {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        let reader = HttpReader::new(stream.try_clone()?, stop.clone())?;
        *conn = Some((stream, reader));
    }
    let (stream, reader) = conn.as_mut().expect("connected above");
    let request = format!(
        "POST {PATH} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let response = reader.message(false)?;
    status(&response.start_line)
}

/// "HTTP/1.1 200 OK" -> 200.
fn status(start_line: &str) -> io::Result<u16> {
    start_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("not an HTTP answer: {start_line:?}")))
}

/// `GET /healthz` on a connection of its own; the status code.
fn healthz(addr: SocketAddr) -> io::Result<u16> {
    let stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500))?;
    let stop = Arc::new(AtomicBool::new(false));
    let mut reader = HttpReader::new(stream.try_clone()?, stop)?;
    let mut stream = stream;
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    status(&reader.message(false)?.start_line)
}

// ---------------------------------------------------------------------------------------------
// The database

/// The database a `postgres://` URL names (the last path segment, without parameters).
pub fn database_name(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let path = rest.split_once('/')?.1;
    let name = path.split(['?', '#']).next()?;
    (!name.is_empty()).then(|| name.to_owned())
}

/// The same URL naming another database of the same server.
fn with_database(url: &str, other: &str) -> Option<String> {
    let name = database_name(url)?;
    let (scheme, rest) = url.split_once("://")?;
    let (server, path) = rest.split_once('/')?;
    Some(format!(
        "{scheme}://{server}/{other}{}",
        &path[name.len()..]
    ))
}

/// Runs `f` on a connection to `url`, on a small runtime of its own.
fn with_connection<T>(
    url: &str,
    f: impl AsyncFnOnce(&mut sqlx::PgConnection) -> Result<T, sqlx::Error>,
) -> Result<T, String> {
    use sqlx::Connection;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    rt.block_on(async {
        let mut c = sqlx::PgConnection::connect(url)
            .await
            .map_err(|e| format!("cannot connect to {}: {e}", hide_password(url)))?;
        let result = f(&mut c).await.map_err(|e| e.to_string());
        let _ = c.close().await;
        result
    })
}

/// The URL with any password left out, for messages.
fn hide_password(url: &str) -> String {
    match (url.split_once("://"), url.find('@')) {
        (Some((scheme, rest)), Some(_)) => {
            let (user, server) = rest.split_once('@').unwrap_or(("", rest));
            let user = user.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{server}")
        }
        _ => url.to_owned(),
    }
}

/// Makes sure the database at `url` exists and is empty: creates it (through the server's
/// `postgres` database) if it does not exist, refuses it if it already has tables.
pub fn prepare_database(url: &str) -> Result<(), String> {
    let name =
        database_name(url).ok_or_else(|| format!("{} names no database", hide_password(url)))?;
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "use a database name of letters, digits and _ only, not {name:?}"
        ));
    }
    let admin = with_database(url, "postgres").ok_or("not a postgres:// URL")?;
    let exists = with_connection(&admin, async |c| {
        sqlx::query_scalar::<_, bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)",
        )
        .bind(&name)
        .fetch_one(&mut *c)
        .await
    })?;
    if !exists {
        with_connection(&admin, async |c| {
            sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                .execute(&mut *c)
                .await
                .map(|_| ())
        })?;
        println!("created the database {name}");
        return Ok(());
    }
    let tables = with_connection(url, async |c| {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
        )
        .fetch_one(&mut *c)
        .await
    })?;
    if tables > 0 {
        return Err(format!(
            "the database {name} already holds {tables} tables (an earlier run?): name a new one, \
             and the load test creates it"
        ));
    }
    Ok(())
}

/// `pg_database_size` of the database at `url`, in bytes.
pub fn database_size(url: &str) -> Option<u64> {
    with_connection(url, async |c| {
        sqlx::query_scalar::<_, i64>("SELECT pg_database_size(current_database())")
            .fetch_one(&mut *c)
            .await
    })
    .ok()
    .map(|n| n.max(0) as u64)
}

/// The PostgreSQL server's CPU seconds so far, read from `/proc` (this machine's servers only).
#[derive(Clone, Copy, Default)]
pub struct PgCpu {
    /// Every `postgres` process, plus what the postmaster reaped of its ended children
    /// (backends, autovacuum workers): the whole server, whoever it worked for.
    pub server: f64,
    /// The backends connected to the run's database (alive now).
    pub database: f64,
    /// Whether any postgres process was found.
    pub found: bool,
}

/// Reads [`PgCpu`] for the database `name`.
pub fn pg_cpu(name: &str) -> PgCpu {
    let mut cpu = PgCpu::default();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return cpu;
    };
    for entry in procs.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "pid (postgres) S ppid ...": backends keep the postmaster's command name.
        if !stat.contains("(postgres)") {
            continue;
        }
        cpu.found = true;
        let own = super::cpu_from_stat(&stat).unwrap_or(0.0);
        cpu.server += own;
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let title = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let words: Vec<&str> = title.split_whitespace().collect();
        if words.first() == Some(&"postgres:") {
            // A child: "postgres: USER DATABASE HOST(PORT) STATE" for a backend.
            if words.get(2) == Some(&name) {
                cpu.database += own;
            }
        } else {
            // The postmaster: its ended children's time too.
            cpu.server += children_cpu_from_stat(&stat).unwrap_or(0.0);
        }
    }
    cpu
}

/// cutime + cstime (the reaped children's CPU) of a `/proc/<pid>/stat` line, in seconds.
fn children_cpu_from_stat(stat: &str) -> Option<f64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let cutime: f64 = fields.get(13)?.parse().ok()?;
    let cstime: f64 = fields.get(14)?.parse().ok()?;
    Some((cutime + cstime) / super::clock_ticks())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let url = "postgres://restride@127.0.0.1:55432/bench_1?sslmode=disable";
        assert_eq!(database_name(url).as_deref(), Some("bench_1"));
        assert_eq!(
            with_database(url, "postgres").as_deref(),
            Some("postgres://restride@127.0.0.1:55432/postgres?sslmode=disable")
        );
        assert_eq!(
            hide_password("postgres://u:pw@h:1/d"),
            "postgres://u@h:1/d".to_owned()
        );
        assert_eq!(database_name("postgres://h:1"), None);
    }
}
