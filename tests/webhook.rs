//! `restride run --webhook` against the fake Bot API and the test PostgreSQL:
//! the secret header, `/healthz`, `setWebhook` at start and no `deleteWebhook`
//! ever; then three instances on one database behind a load balancer written
//! here (a random live instance per update, ~5 % delivered twice, retried
//! elsewhere when a POST fails, as Telegram does), with one instance SIGKILLed
//! and restarted every few seconds while ten mums take the intake, and a
//! check-in due for all of them within one minute while an instance dies.

use crate::fake_api::FakeApi;
use crate::process::{Bot, answer_one, last_prompt, plan_count, script};
use crate::util::{bin, root};
use restride::checkin::Record;
use restride::checkin::schedule::Prefs;
use restride::store::{Commit, PgStore, Store};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

const SECRET: &str = "webhook_Secret-for-tests_42";
const PATH: &str = "/telegram";
/// What `setWebhook` is given: the load balancer's address, as in a deployment.
const PUBLIC_URL: &str = "https://lb.example.test/telegram";
const TOKEN: &str = "123456:TEST-TOKEN-not-real";
const CHECKIN_HELLO: &str = "Time for your check-in";

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The config of an instance listening on `port` (0: any).
fn config(port: u16) -> String {
    format!(
        "[webhook]\nlisten = \"127.0.0.1:{port}\"\npath = \"{PATH}\"\npublic_url = \
         \"{PUBLIC_URL}\"\nregister = true\n\n[checkins]\nquiet_hours = \"\"\n"
    )
}

/// Starts `restride run --webhook` as instance `name` (its config, data
/// directory and log in `dir`), on the database `db`.
fn spawn_hook(api: &FakeApi, dir: &Path, name: &str, db: &str, port: u16) -> Bot {
    let cfg = dir.join(format!("{name}.toml"));
    std::fs::write(&cfg, config(port)).unwrap();
    let log = dir.join(format!("{name}.log"));
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .unwrap();
    // Each start's lines follow its own marker (the port is read after it).
    writeln!(f, "=== test: start on port {port} ===").unwrap();
    Command::new(bin())
        .arg("run")
        .arg("--webhook")
        .arg("--config")
        .arg(&cfg)
        .current_dir(root())
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", api.url())
        .env("DATABASE_URL", db)
        .env("RESTRIDE_WEBHOOK_SECRET", SECRET)
        .env("RESTRIDE_DATA_DIR", dir.join(format!("{name}-data")))
        .env("RESTRIDE_LOG", "trace")
        .env_remove("TELOXIDE_PROXY")
        .stdout(Stdio::null())
        .stderr(Stdio::from(f))
        .spawn()
        .map(Bot::from_child)
        .expect("start the bot")
}

/// The port the latest start logged for its webhook listener.
fn logged_port(log: &Path) -> Option<u16> {
    let text = std::fs::read_to_string(log).ok()?;
    let last = text.rsplit("=== test: start on port").next()?;
    last.lines()
        .find(|l| l.contains("serving the webhook"))?
        .split("127.0.0.1:")
        .nth(1)?
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Waits until the instance serves its webhook; its port, or why not.
fn wait_ready(bot: &mut Bot, log: &Path, limit: Duration) -> Result<u16, String> {
    let start = Instant::now();
    loop {
        if let Some(port) = logged_port(log) {
            return Ok(port);
        }
        if let Ok(Some(status)) = bot.try_wait() {
            return Err(format!("it exited with {status} before serving"));
        }
        if start.elapsed() > limit {
            return Err(format!("not serving after {limit:?}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One HTTP/1.1 request to 127.0.0.1:`port`: (status, body).
fn request(
    port: u16,
    method: &str,
    path: &str,
    secret: Option<&str>,
    body: &[u8],
) -> std::io::Result<(u16, String)> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    s.set_read_timeout(Some(Duration::from_secs(15)))?;
    s.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(secret) = secret {
        head.push_str(&format!("X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    s.write_all(body)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let out = String::from_utf8_lossy(&out).into_owned();
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {out:?}")))?;
    let body = out.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    Ok((status, body))
}

fn post(port: u16, secret: Option<&str>, update: &Value) -> std::io::Result<u16> {
    let body = serde_json::to_vec(update).unwrap();
    request(port, "POST", PATH, secret, &body).map(|(status, _)| status)
}

/// xorshift64: reproducible choices from a printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn seed() -> u64 {
    std::env::var("RESTRIDE_WEBHOOK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

/// On a failing test: the warnings and errors of every instance's log, and
/// the end of each.
struct LogsOnPanic(Vec<PathBuf>);

impl Drop for LogsOnPanic {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        for log in &self.0 {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let notable: Vec<&str> = lines
                .iter()
                .copied()
                .filter(|l| l.contains("WARN") || l.contains("ERROR") || l.contains("=== test"))
                .collect();
            eprintln!(
                "---- {} ({} lines): warnings, errors, starts",
                log.display(),
                lines.len()
            );
            for l in notable.iter().rev().take(60).rev() {
                eprintln!("{l}");
            }
            eprintln!("---- {}: last lines", log.display());
            for l in lines.iter().rev().take(15).rev() {
                eprintln!("{l}");
            }
        }
    }
}

/// The webhook calls of a test so far: setWebhook bodies.
fn set_webhook_calls(api: &FakeApi) -> Vec<Value> {
    api.calls()
        .into_iter()
        .filter(|(m, _)| m.eq_ignore_ascii_case("setWebhook"))
        .map(|(_, p)| p)
        .collect()
}

fn assert_registered(call: &Value) {
    assert_eq!(call["url"], json!(PUBLIC_URL), "setWebhook url: {call}");
    assert_eq!(
        call["secret_token"],
        json!(SECRET),
        "setWebhook secret: {call}"
    );
    let allowed: Vec<&str> = call["allowed_updates"]
        .as_array()
        .unwrap_or_else(|| panic!("setWebhook without allowed_updates: {call}"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(allowed, ["message", "callback_query"], "{call}");
}

fn sigterm(bot: &mut Bot) -> std::process::ExitStatus {
    let pid = bot.id() as libc::pid_t;
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0, "SIGTERM");
    let start = Instant::now();
    loop {
        if let Some(status) = bot.try_wait().unwrap() {
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the bot did not stop within 30 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Checks that no log holds the token, the secret or what a mum said or read.
fn assert_logs_private(logs: &[PathBuf]) {
    for log in logs {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        for private in [
            "TEST-TOKEN",
            SECRET,
            "20 weeks",
            "Your Restride plan",
            "How old is your baby",
            CHECKIN_HELLO,
        ] {
            assert!(
                !text.contains(private),
                "{} shows {private:?}",
                log.display()
            );
        }
    }
}

#[test]
fn a_webhook_needs_the_secret_says_ready_and_stays_registered_at_stop() {
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let url = restride::store::scratch_url();
    let log = dir.path().join("one.log");
    let _logs = LogsOnPanic(vec![log.clone()]);
    let mut bot = spawn_hook(&api, dir.path(), "one", &url, 0);
    let port = wait_ready(&mut bot, &log, Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("the webhook instance did not start: {e}"));
    let store = PgStore::open(&url).expect("the test database opens");

    // Registered at start: the address, the secret, the two kinds of update.
    let calls = set_webhook_calls(&api);
    assert_eq!(calls.len(), 1, "one setWebhook at start: {calls:?}");
    assert_registered(&calls[0]);

    let (status, body) = request(port, "GET", "/healthz", None, b"").unwrap();
    assert_eq!((status, body.trim()), (200, "ready"));

    // Without the secret, or with a wrong one: 401, and nothing changes.
    let chat = 5_101;
    api.push_command(chat, "/start");
    let updates = api.take_updates();
    assert_eq!(updates.len(), 1, "{updates:?}");
    let update = &updates[0];
    let id = update["update_id"].as_i64().expect("an update_id");
    let wrong = format!("{SECRET}x");
    for secret in [
        None,
        Some("wrong"),
        Some(&wrong[..]),
        Some(&SECRET[1..]),
        Some(""),
    ] {
        assert_eq!(
            post(port, secret, update).unwrap(),
            401,
            "a POST with secret {secret:?}"
        );
    }
    // Longer than the sweep for undecided updates (2 s, every second).
    std::thread::sleep(Duration::from_millis(3500));
    assert!(api.sent(chat).is_empty(), "refused updates got a reply");
    assert!(!store.known(id).unwrap(), "a refused update was kept");
    assert!(store.received(chat).unwrap().is_empty());
    assert!(
        store.session(chat).unwrap().is_none(),
        "a refused update made a session"
    );
    assert_eq!(
        store.chat_keys(chat).unwrap(),
        0,
        "a refused update stored something"
    );

    // With it: 200 once it is kept, then a reply.
    assert_eq!(post(port, Some(SECRET), update).unwrap(), 200);
    assert!(store.known(id).unwrap(), "200 before the update was kept");
    assert!(
        api.wait_until(Duration::from_secs(20), |a| !a.sent(chat).is_empty()),
        "no reply to /start through the webhook"
    );
    // The same update again (Telegram re-sends when it misses the 200): no second reply.
    let replies = api.sent(chat).len();
    assert_eq!(post(port, Some(SECRET), update).unwrap(), 200);
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(
        api.sent(chat).len(),
        replies,
        "a re-sent update was decided twice"
    );
    assert!(
        store.session(chat).unwrap().is_some(),
        "her session is stored"
    );

    // Not an update: taken and dropped (Telegram would send it forever).
    assert_eq!(post(port, Some(SECRET), &json!({"hello": 1})).unwrap(), 200);
    // Another path is not the webhook.
    let (status, _) = request(port, "POST", "/elsewhere", Some(SECRET), b"{}").unwrap();
    assert_eq!(status, 404);

    let status = sigterm(&mut bot);
    assert!(status.success(), "SIGTERM should exit 0, got {status:?}");
    assert_eq!(api.count("deleteWebhook"), 0, "the webhook was removed");
    assert_eq!(api.count("getUpdates"), 0, "a webhook instance polled");
    assert!(api.webhook_set(), "the webhook stays set after the stop");
    assert_logs_private(std::slice::from_ref(&log));
    let violations = api.violations();
    assert!(violations.is_empty(), "Bot API violations: {violations:#?}");
}

/// The instances of the cluster test and what the load balancer sees.
struct Cluster<'a> {
    api: &'a FakeApi,
    dir: PathBuf,
    db: String,
    bots: Mutex<Vec<Bot>>,
    /// Each instance's port; `None` while it is down or starting.
    live: Mutex<Vec<Option<u16>>>,
    /// The port each instance was first given (restarts reuse it).
    ports: Mutex<Vec<u16>>,
    /// Everything a helper thread found wrong: the test fails with it.
    failures: Mutex<Vec<String>>,
    stop: AtomicBool,
    stop_chaos: AtomicBool,
    kills: AtomicUsize,
    starts: AtomicUsize,
    delivered: AtomicUsize,
    redelivered: AtomicUsize,
    retried: AtomicUsize,
    /// When each kill was, of which instance, and how many calls the fake
    /// had received by then.
    killed_at: Mutex<Vec<(Instant, usize, usize)>>,
    /// Updates each instance answered 200 first.
    taken: Mutex<Vec<usize>>,
    /// Updates waiting to be posted.
    work: Mutex<VecDeque<Value>>,
}

impl Cluster<'_> {
    fn name(i: usize) -> String {
        format!("instance{i}")
    }

    fn log(&self, i: usize) -> PathBuf {
        self.dir.join(format!("{}.log", Self::name(i)))
    }

    fn fail(&self, what: String) {
        eprintln!("FAILURE: {what}");
        lock(&self.failures).push(what);
    }

    fn check(&self) {
        let failures = lock(&self.failures);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Starts instance `i` (on its port if it has one) and waits until it serves.
    fn start(&self, i: usize, bots: &mut Vec<Bot>) {
        let port = lock(&self.ports).get(i).copied().unwrap_or(0);
        for attempt in 0..3 {
            // A port that became another socket's meanwhile: the next start takes any.
            let port = if attempt == 0 { port } else { 0 };
            let mut bot = spawn_hook(self.api, &self.dir, &Self::name(i), &self.db, port);
            self.starts.fetch_add(1, Ordering::SeqCst);
            match wait_ready(&mut bot, &self.log(i), Duration::from_secs(60)) {
                Ok(got) => {
                    if i < bots.len() {
                        bots[i] = bot;
                        lock(&self.ports)[i] = got;
                        lock(&self.live)[i] = Some(got);
                    } else {
                        bots.push(bot);
                        lock(&self.ports).push(got);
                        lock(&self.live).push(Some(got));
                    }
                    return;
                }
                Err(e) => {
                    eprintln!("instance {i} on port {port}: {e}; starting it again");
                    drop(bot);
                }
            }
        }
        self.fail(format!("instance {i} could not be started (see its log)"));
    }

    /// SIGKILLs instance `i` and starts it again on the same port.
    fn kill_and_restart(&self, i: usize) {
        let mut bots = lock(&self.bots);
        let bot = &mut bots[i];
        if let Ok(Some(status)) = bot.try_wait() {
            self.fail(format!("instance {i} had exited by itself: {status}"));
        }
        bot.kill().unwrap();
        lock(&self.killed_at).push((Instant::now(), i, self.api.calls().len()));
        bot.wait().unwrap();
        self.kills.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(self.log(i)) {
            let _ = writeln!(f, "=== test: SIGKILL ===");
        }
        // The balancer learns it is gone only from failed POSTs for a moment,
        // as a real one does between health checks.
        let ready = Instant::now() + Duration::from_millis(300);
        while Instant::now() < ready {
            std::thread::sleep(Duration::from_millis(20));
        }
        lock(&self.live)[i] = None;
        self.start(i, &mut bots);
    }

    /// The kills so far: (time since `start`, instance).
    fn kills_since(&self, start: Instant) -> Vec<(Duration, usize)> {
        lock(&self.killed_at)
            .iter()
            .map(|(t, i, _)| (t.duration_since(start), *i))
            .collect()
    }

    /// Checks that a message sent to `chat` twice (the same call) was sent
    /// again only after a kill: a repeat with no kill between would be a
    /// decision taken twice, or two instances sending one message.
    fn assert_repeats_follow_kills(&self, chat: i64) {
        let calls = self.api.calls();
        let kills: Vec<usize> = lock(&self.killed_at).iter().map(|k| k.2).collect();
        let sends: Vec<(usize, String)> = calls
            .iter()
            .enumerate()
            .filter(|(_, (m, p))| {
                m == "sendMessage" && p.get("chat_id").and_then(Value::as_i64) == Some(chat)
            })
            .map(|(i, (_, p))| (i, p.to_string()))
            .collect();
        for (n, (first, call)) in sends.iter().enumerate() {
            for (second, again) in &sends[n + 1..] {
                if call != again {
                    continue;
                }
                let text: String = calls[*first].1["text"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(60)
                    .collect();
                assert!(
                    kills.iter().any(|&k| *first < k && k <= *second),
                    "mum {chat}: {text:?} was sent twice (calls {first} and {second}) with no \
                     kill between (the fake had received {kills:?} calls at the kills)"
                );
                eprintln!(
                    "mum {chat}: {text:?} sent again after a kill (calls {first} and {second}; \
                     kills at {kills:?})"
                );
            }
        }
    }

    /// Checks the sends to `chat` that `what` picks: one, or the same call
    /// twice where an instance was SIGKILLed right after the first (the
    /// repeat the design allows: Telegram had it, the acknowledgement had not
    /// reached the database). Returns how many there were.
    fn once_or_replayed_after_a_kill(&self, chat: i64, what: &str, text: &str) -> usize {
        let calls = self.api.calls();
        let picked: Vec<(usize, &Value)> = calls
            .iter()
            .enumerate()
            .filter(|(_, (m, p))| {
                m == "sendMessage"
                    && p.get("chat_id").and_then(Value::as_i64) == Some(chat)
                    && p.get("text")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.contains(text))
            })
            .map(|(i, (_, p))| (i, p))
            .collect();
        let kills: Vec<usize> = lock(&self.killed_at).iter().map(|k| k.2).collect();
        match picked[..] {
            [_] => {}
            [(first, a), (second, b)] => {
                // The kill came within a few calls after the first send.
                let killed = kills
                    .iter()
                    .any(|&k| first < k && k <= first + 40 && second >= k);
                assert!(
                    killed && a == b,
                    "mum {chat}: {what} was sent twice (calls {first} and {second}; the fake had \
                     received {kills:?} calls at the kills; the same call: {})",
                    a == b
                );
                eprintln!(
                    "mum {chat}: {what} sent again after the instance that sent it was killed \
                     before recording it (calls {first} and {second}, kills at {kills:?})"
                );
            }
            _ => panic!(
                "mum {chat}: {what} was sent {} times (kills at calls {kills:?})",
                picked.len()
            ),
        }
        picked.len()
    }

    /// The instances that serve: (index, port).
    fn live(&self) -> Vec<(usize, u16)> {
        lock(&self.live)
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| (i, p)))
            .collect()
    }

    /// Posts one update as Telegram would: to a random live instance, to
    /// another one when that fails, until one answers 200; now and then a
    /// second time to another instance.
    fn deliver(&self, update: &Value, rng: &mut Rng) {
        let id = update["update_id"].as_i64().unwrap_or(-1);
        let start = Instant::now();
        let mut failed: Option<usize> = None;
        let mut attempts = 0u64;
        let mut complained = false;
        let took = loop {
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let live = self.live();
            let others: Vec<(usize, u16)> = live
                .iter()
                .copied()
                .filter(|(i, _)| Some(*i) != failed)
                .collect();
            let choices = if others.is_empty() { live } else { others };
            if choices.is_empty() {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            let (i, port) = choices[rng.below(choices.len())];
            match post(port, Some(SECRET), update) {
                Ok(200) => break i,
                Ok(code) => eprintln!("balancer: update {id} to instance {i}: HTTP {code}"),
                Err(e) => eprintln!("balancer: update {id} to instance {i}: {e}"),
            }
            self.retried.fetch_add(1, Ordering::SeqCst);
            failed = Some(i);
            attempts += 1;
            if start.elapsed() > Duration::from_secs(45) && !complained {
                complained = true;
                self.fail(format!(
                    "update {id} found no instance to take it for 45 s ({attempts} tries)"
                ));
            }
            std::thread::sleep(Duration::from_millis((25 * attempts).min(500)));
        };
        self.delivered.fetch_add(1, Ordering::SeqCst);
        {
            let mut taken = lock(&self.taken);
            if taken.len() <= took {
                taken.resize(took + 1, 0);
            }
            taken[took] += 1;
        }
        // Telegram delivers an update again when it missed the answer.
        if rng.below(100) < 5 {
            let others: Vec<(usize, u16)> = self
                .live()
                .into_iter()
                .filter(|(i, _)| *i != took)
                .collect();
            if !others.is_empty() {
                let (i, port) = others[rng.below(others.len())];
                let result = post(port, Some(SECRET), update);
                self.redelivered.fetch_add(1, Ordering::SeqCst);
                if !matches!(result, Ok(200)) {
                    eprintln!("balancer: the second delivery of {id} to {i}: {result:?}");
                }
            }
        }
    }

    /// A balancer thread: takes queued updates from the fake and posts them.
    fn balance(&self, mut rng: Rng) {
        while !self.stop.load(Ordering::SeqCst) {
            let next = {
                let mut work = lock(&self.work);
                if work.is_empty() {
                    work.extend(self.api.take_updates());
                }
                work.pop_front()
            };
            match next {
                Some(update) => self.deliver(&update, &mut rng),
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }

    /// The chaos thread: an instance SIGKILLed and restarted every 2 to 4 s
    /// (the first after 1 to 2 s).
    fn chaos(&self, mut rng: Rng) {
        let mut first = true;
        while !self.stop_chaos.load(Ordering::SeqCst) && !self.stop.load(Ordering::SeqCst) {
            // The first kill comes soon, so that even a quick intake sees several.
            let (least, spread) = if first { (1000, 1000) } else { (2000, 2000) };
            first = false;
            let wait = Duration::from_millis(least + rng.below(spread) as u64);
            let until = Instant::now() + wait;
            while Instant::now() < until {
                if self.stop_chaos.load(Ordering::SeqCst) || self.stop.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let n = lock(&self.bots).len();
            self.kill_and_restart(rng.below(n));
        }
    }
}

/// Sets the stop flag when the test's main thread leaves the scope, panicking
/// or not, so the helper threads end and the scope can return.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

fn checkins_received(api: &FakeApi, chat: i64) -> usize {
    api.sent(chat)
        .iter()
        .filter(|s| {
            s.method == "sendMessage"
                && s.text.as_deref().is_some_and(|t| t.contains(CHECKIN_HELLO))
        })
        .count()
}

#[test]
fn three_webhook_instances_on_one_database_survive_sigkills_without_losing_or_repeating() {
    let test_start = Instant::now();
    let api = FakeApi::start();
    // An instance killed between a call and its acknowledgement leaves the
    // call to be made again (an answered callback query, an edit).
    api.allow_replays();
    let dir = tempfile::tempdir().unwrap();
    // RESTRIDE_WEBHOOK_KEEP=1 keeps the instances' configs and logs.
    let dir_path = if std::env::var_os("RESTRIDE_WEBHOOK_KEEP").is_some() {
        let kept = dir.path().to_owned();
        std::mem::forget(dir);
        eprintln!("the instances' logs stay in {}", kept.display());
        kept
    } else {
        dir.path().to_owned()
    };
    let db = restride::store::scratch_url();
    let seed = seed();
    eprintln!("webhook cluster test: seed {seed} (RESTRIDE_WEBHOOK_SEED={seed} repeats it)");
    let mut rng = Rng(seed);
    let cluster = Cluster {
        api: &api,
        dir: dir_path,
        db: db.clone(),
        bots: Mutex::new(Vec::new()),
        live: Mutex::new(Vec::new()),
        ports: Mutex::new(Vec::new()),
        failures: Mutex::new(Vec::new()),
        stop: AtomicBool::new(false),
        stop_chaos: AtomicBool::new(false),
        kills: AtomicUsize::new(0),
        starts: AtomicUsize::new(0),
        delivered: AtomicUsize::new(0),
        redelivered: AtomicUsize::new(0),
        retried: AtomicUsize::new(0),
        taken: Mutex::new(Vec::new()),
        killed_at: Mutex::new(Vec::new()),
        work: Mutex::new(VecDeque::new()),
    };
    let instances = 3;
    let _logs = LogsOnPanic((0..instances).map(|i| cluster.log(i)).collect());
    {
        let mut bots = lock(&cluster.bots);
        for i in 0..instances {
            cluster.start(i, &mut bots);
        }
    }
    cluster.check();
    eprintln!(
        "{instances} instances serving on {:?} after {:.1?}",
        cluster.live(),
        test_start.elapsed()
    );
    let store = PgStore::open(&db).expect("the test database opens");
    let script = script();
    let mums: Vec<i64> = (0..10).map(|i| 61_000 + i).collect();

    std::thread::scope(|scope| {
        let _stop = StopOnDrop(&cluster.stop);
        for t in 0..4 {
            let r = Rng(seed.rotate_left(8 * t + 8) | 1);
            let c = &cluster;
            scope.spawn(move || c.balance(r));
        }
        let chaos = {
            let r = Rng(seed.rotate_left(48) | 1);
            let c = &cluster;
            scope.spawn(move || c.chaos(r))
        };

        // Phase 1: every mum through the intake, each answering the question
        // she sees as soon as it is there.
        let intake_start = Instant::now();
        for &chat in &mums {
            api.push_command(chat, "/start");
        }
        // Per mum: the prompt last answered (message id, nonce) and when.
        let mut answered: HashMap<i64, ((i64, String), Instant, String)> = HashMap::new();
        let mut answers: HashMap<i64, usize> = HashMap::new();
        // Per mum: the question she is reading, and when she answers it.
        let mut reading: HashMap<i64, ((i64, String), Instant)> = HashMap::new();
        // When the test first saw each mum's plan.
        let mut plan_seen: HashMap<i64, Instant> = HashMap::new();
        loop {
            cluster.check();
            let waiting: Vec<i64> = mums
                .iter()
                .copied()
                .filter(|&c| plan_count(&api, c) == 0)
                .collect();
            for &chat in &mums {
                if !waiting.contains(&chat) {
                    plan_seen.entry(chat).or_insert_with(Instant::now);
                }
            }
            if waiting.is_empty() {
                break;
            }
            assert!(
                intake_start.elapsed() < Duration::from_secs(150),
                "after 150 s these mums have no plan yet: {:?}",
                waiting
                    .iter()
                    .map(|c| (
                        *c,
                        answers.get(c).copied().unwrap_or(0),
                        api.last_text(*c)
                            .unwrap_or_default()
                            .chars()
                            .take(60)
                            .collect::<String>()
                    ))
                    .collect::<Vec<_>>()
            );
            for &chat in &waiting {
                let Some((nonce, message_id, _)) = last_prompt(&api, chat) else {
                    continue;
                };
                let key = (message_id, nonce);
                match answered.get(&chat) {
                    Some((last, at, node)) if *last == key => {
                        // Her answer got no reply: lost, or stuck.
                        assert!(
                            at.elapsed() < Duration::from_secs(60),
                            "mum {chat}: no reply for 60 s to her answer to {node} (message \
                             {message_id}); her last message from the bot: {:?}",
                            api.last_text(chat)
                        );
                        continue;
                    }
                    _ => {}
                }
                // A new question: she reads it for a moment first.
                let ready = match reading.get(&chat) {
                    Some((k, ready)) if *k == key => *ready,
                    _ => {
                        let think = Duration::from_millis(300 + rng.below(600) as u64);
                        reading.insert(chat, (key.clone(), Instant::now() + think));
                        continue;
                    }
                };
                if Instant::now() < ready {
                    continue;
                }
                let node = crate::process::current_question(&api, chat)
                    .map_or_else(|| "the typed question".to_owned(), |(_, n, _)| n);
                assert!(
                    answer_one(&api, chat, &script),
                    "mum {chat}: nothing to answer at {node}"
                );
                *answers.entry(chat).or_default() += 1;
                answered.insert(chat, (key, Instant::now(), node));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let intake_took = intake_start.elapsed();
        cluster.stop_chaos.store(true, Ordering::SeqCst);
        chaos.join().expect("the chaos thread");
        cluster.check();
        eprintln!(
            "intake: {} mums, {} answers in {intake_took:.1?}; {} kills, {} starts; {} updates \
             delivered ({:?} by instance), {} delivered twice, {} POSTs retried",
            mums.len(),
            answers.values().sum::<usize>(),
            cluster.kills.load(Ordering::SeqCst),
            cluster.starts.load(Ordering::SeqCst),
            cluster.delivered.load(Ordering::SeqCst),
            lock(&cluster.taken),
            cluster.redelivered.load(Ordering::SeqCst),
            cluster.retried.load(Ordering::SeqCst),
        );
        eprintln!(
            "kills (time since the start, instance): {:.1?}",
            cluster.kills_since(test_start)
        );
        assert!(
            cluster.kills.load(Ordering::SeqCst) >= 3,
            "the intake ended before the chaos killed 3 instances"
        );
        // Everything left to send goes (a killed instance's claims run out).
        let drained = Instant::now();
        while !store.outbox_chats().unwrap().is_empty() {
            cluster.check();
            assert!(
                drained.elapsed() < Duration::from_secs(60),
                "messages stay unsent: {:?}",
                store.outbox_chats()
            );
            std::thread::sleep(Duration::from_millis(200));
        }

        let mut reference: Option<String> = None;
        for &chat in &mums {
            let plans = plan_count(&api, chat);
            assert!(
                plans >= 1,
                "mum {chat}: no plan (first seen at {:?})",
                plan_seen.get(&chat).map(|t| t.duration_since(test_start)),
            );
            cluster.once_or_replayed_after_a_kill(chat, "her plan", "Your Restride plan");
            let s = store
                .session(chat)
                .unwrap()
                .unwrap_or_else(|| panic!("mum {chat}: no session stored"));
            assert_eq!(
                s.outcome.as_ref().map(|o| o.status.as_str()),
                Some("complete"),
                "mum {chat}: her intake is not complete"
            );
            let mut nodes: Vec<&str> = s.history.iter().map(|h| h.node.as_str()).collect();
            let total = nodes.len();
            nodes.sort();
            nodes.dedup();
            assert_eq!(
                nodes.len(),
                total,
                "mum {chat}: a question was answered twice: {:?}",
                s.history.iter().map(|h| &h.node).collect::<Vec<_>>()
            );
            assert_eq!(
                s.answers.get("weeks_postpartum").and_then(|v| v.as_int()),
                Some(20),
                "mum {chat}"
            );
            assert_eq!(
                s.answers.get("delivery").and_then(|v| v.as_text()),
                Some("caesarean"),
                "mum {chat}"
            );
            assert_eq!(
                s.answers.get("phq_interest").and_then(|v| v.as_int()),
                Some(1),
                "mum {chat}"
            );
            assert_eq!(
                s.answers.get("breastfeeding").and_then(|v| v.as_bool()),
                Some(true),
                "mum {chat}"
            );
            // Every mum answered the same: the same answers, the same path.
            let mine = format!("{:?} {:?}", s.answers, nodes);
            let first = reference.get_or_insert_with(|| mine.clone());
            assert_eq!(
                first, &mine,
                "mum {chat}'s answers differ from the first mum's"
            );
            cluster.assert_repeats_follow_kills(chat);
        }
        eprintln!("phase 1 checked after {:.1?}", test_start.elapsed());

        // Phase 2: a check-in due for every mum within one minute, and an
        // instance killed in that minute.
        let now = jiff::Timestamp::now().as_second();
        // The first is due in 5 s, one more each second after it.
        let minute = now + 5;
        let hhmm = jiff::Timestamp::from_second(minute)
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .strftime("%H:%M")
            .to_string();
        let mut due_at = HashMap::new();
        for (k, &chat) in mums.iter().enumerate() {
            let due = minute + k as i64;
            let mut rec: Record = store.checkin(chat).unwrap().unwrap_or_else(|| Record {
                intake_at: now - 86_400,
                ..Record::default()
            });
            rec.prefs = Some(Prefs {
                time: hhmm.clone(),
                zone: "UTC".into(),
                paused_until: None,
                stopped: false,
            });
            rec.setup = None;
            rec.declined = false;
            rec.last_answered = now;
            rec.nudged = false;
            rec.current = None;
            rec.current_day = None;
            rec.next_due = Some(due);
            rec.next_weekly = None;
            store
                .commit(Commit {
                    chat,
                    checkin: Some(rec),
                    ..Commit::new(chat)
                })
                .unwrap();
            due_at.insert(chat, due);
            assert_eq!(
                checkins_received(&api, chat),
                0,
                "mum {chat}: a check-in before"
            );
        }
        let before = store.due_before(minute + 59, 100).unwrap();
        assert_eq!(
            before.len(),
            mums.len(),
            "the schedule holds each mum once: {before:?}"
        );
        // Kill one instance while they fall due.
        let kill_at = minute * 1000 + 300 + rng.below(mums.len() * 1000 - 1000) as i64;
        loop {
            let ms = jiff::Timestamp::now().as_millisecond();
            if ms >= kill_at {
                break;
            }
            std::thread::sleep(Duration::from_millis(((kill_at - ms) as u64).min(50)));
        }
        let victim = rng.below(instances);
        eprintln!(
            "check-ins due from {minute} (UTC {hhmm}); killing instance {victim} at +{} ms",
            kill_at - minute * 1000
        );
        cluster.kill_and_restart(victim);
        cluster.check();
        // Each gets hers: a claim of the killed instance runs out (60 s) and
        // another takes it.
        let checkin_start = Instant::now();
        loop {
            cluster.check();
            let missing: Vec<i64> = mums
                .iter()
                .copied()
                .filter(|&c| checkins_received(&api, c) == 0)
                .collect();
            let settled = missing.is_empty()
                && store.outbox_chats().unwrap().is_empty()
                && store.due_before(minute + 59, 100).unwrap().is_empty();
            if settled {
                break;
            }
            assert!(
                checkin_start.elapsed() < Duration::from_secs(100),
                "no check-in after 100 s for {missing:?}; still due: {:?}; unsent for: {:?}",
                store.due_before(minute + 59, 100),
                store.outbox_chats()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        let arrived = checkin_start.elapsed();
        // One more outbox scan (every 5 s) for a repeat to show.
        std::thread::sleep(Duration::from_secs(6));
        for &chat in &mums {
            let what = format!("her check-in (due at {})", due_at[&chat]);
            cluster.once_or_replayed_after_a_kill(chat, &what, CHECKIN_HELLO);
            cluster.assert_repeats_follow_kills(chat);
            let rec = store.checkin(chat).unwrap().unwrap();
            assert!(
                rec.next_due.is_some_and(|d| d >= minute + 86_400 - 3600),
                "mum {chat}: her next check-in is not tomorrow: {:?}",
                rec.next_due
            );
        }
        eprintln!(
            "check-ins: all {} arrived once, {arrived:.1?} after the kill",
            mums.len()
        );
    });
    cluster.check();

    // A graceful stop of every instance: exit 0, the webhook left in place.
    for (i, bot) in lock(&cluster.bots).iter_mut().enumerate() {
        let status = sigterm(bot);
        assert!(
            status.success(),
            "instance {i}: SIGTERM should exit 0, got {status:?}"
        );
    }
    let starts = cluster.starts.load(Ordering::SeqCst);
    let calls = set_webhook_calls(&api);
    assert_eq!(calls.len(), starts, "each start registers the webhook once");
    for call in &calls {
        assert_registered(call);
    }
    assert_eq!(api.count("deleteWebhook"), 0, "the webhook was removed");
    assert_eq!(api.count("getUpdates"), 0, "an instance polled");
    assert_logs_private(&(0..instances).map(|i| cluster.log(i)).collect::<Vec<_>>());
    let violations = api.violations();
    assert!(violations.is_empty(), "Bot API violations: {violations:#?}");
    eprintln!("webhook cluster test: {:.1?} in all", test_start.elapsed());
}

/// A chat's later update that reaches the instance first waits for the
/// earlier one (update ids are consecutive) and is decided after it.
#[test]
fn a_later_update_that_arrives_first_is_decided_after_the_earlier_one() {
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let url = restride::store::scratch_url();
    let log = dir.path().join("order.log");
    let _logs = LogsOnPanic(vec![log.clone()]);
    let mut bot = spawn_hook(&api, dir.path(), "order", &url, 0);
    let port = wait_ready(&mut bot, &log, Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("the webhook instance did not start: {e}"));
    let chat = 5_202;
    api.push_command(chat, "/start");
    api.push_command(chat, "/help");
    let updates = api.take_updates();
    assert_eq!(updates.len(), 2);
    // The later one first, the earlier one a moment after.
    assert_eq!(post(port, Some(SECRET), &updates[1]).unwrap(), 200);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(post(port, Some(SECRET), &updates[0]).unwrap(), 200);
    let help = |t: &str| t.contains("/back goes back one question");
    assert!(
        api.wait_until(Duration::from_secs(20), |a| a
            .sent(chat)
            .iter()
            .any(|s| s.text.as_deref().is_some_and(help))),
        "no answer to /help"
    );
    let texts: Vec<String> = api.sent(chat).into_iter().filter_map(|s| s.text).collect();
    let first_help = texts.iter().position(|t| help(t)).unwrap();
    assert!(
        first_help > 0,
        "/start was answered first, then /help: {texts:#?}"
    );
    assert_eq!(sigterm(&mut bot).code(), Some(0));
}

/// A TCP relay to the database that the test can cut (every connection
/// dropped, new ones refused) and mend.
struct Relay {
    port: u16,
    down: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<std::net::TcpStream>>>,
}

impl Relay {
    fn to(target: std::net::SocketAddr) -> Relay {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let down = Arc::new(AtomicBool::new(false));
        let open: Arc<Mutex<Vec<std::net::TcpStream>>> = Arc::default();
        let (d, o) = (down.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if d.load(Ordering::SeqCst) {
                    continue; // dropped: refused
                }
                let Ok(server) = std::net::TcpStream::connect(target) else {
                    continue;
                };
                let mut held = lock(&o);
                held.push(client.try_clone().unwrap());
                held.push(server.try_clone().unwrap());
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Relay { port, down, open }
    }

    fn cut(&self) {
        self.down.store(true, Ordering::SeqCst);
        for s in lock(&self.open).drain(..) {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }

    fn mend(&self) {
        self.down.store(false, Ordering::SeqCst);
    }
}

/// While the database does not answer, `/healthz` says so and an update is
/// not taken (Telegram sends it again); once it answers, both are back.
#[test]
fn without_the_database_an_instance_is_not_ready_and_takes_no_update() {
    let url = restride::store::scratch_url();
    let parsed = reqwest::Url::parse(&url).unwrap();
    let target = format!(
        "{}:{}",
        parsed.host_str().unwrap(),
        parsed.port().unwrap_or(5432)
    )
    .parse()
    .unwrap();
    let relay = Relay::to(target);
    let mut through = parsed.clone();
    through.set_port(Some(relay.port)).unwrap();
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("nodb.log");
    let _logs = LogsOnPanic(vec![log.clone()]);
    let mut bot = spawn_hook(&api, dir.path(), "nodb", through.as_str(), 0);
    let port = wait_ready(&mut bot, &log, Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("the webhook instance did not start: {e}"));
    let health = || request(port, "GET", "/healthz", None, b"").unwrap();
    assert_eq!(health().0, 200);

    relay.cut();
    let (status, body) = health();
    assert_eq!(status, 503, "{body}");
    let chat = 5_303;
    api.push_command(chat, "/start");
    let update = api.take_updates().remove(0);
    assert_ne!(post(port, Some(SECRET), &update).unwrap(), 200, "not kept");

    relay.mend();
    let start = Instant::now();
    while health().0 != 200 {
        assert!(start.elapsed() < Duration::from_secs(30), "ready again");
        std::thread::sleep(Duration::from_millis(200));
    }
    // Telegram's next try is taken and answered.
    assert_eq!(post(port, Some(SECRET), &update).unwrap(), 200);
    assert!(api.wait_until(Duration::from_secs(20), |a| !a.sent(chat).is_empty()));
    assert_eq!(sigterm(&mut bot).code(), Some(0));
}
