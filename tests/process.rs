//! The built binary against the fake Bot API on 127.0.0.1: a whole intake,
//! with the bot killed (SIGKILL) mid-conversation and restarted. No answer
//! may be lost and no question answered twice.

use crate::fake_api::FakeApi;
use crate::util::{bin, root};
use restride::store::{SledStore, Store};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running bot that is killed if the test ends (or panics) before it stops.
pub struct Bot(Child);

impl std::ops::Deref for Bot {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Bot {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Bot {
    /// Wraps a started bot process (killed when the wrapper is dropped).
    pub fn from_child(child: Child) -> Bot {
        Bot(child)
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Starts `restride run` with `config` as its config file.
pub fn spawn_bot_with(api: &FakeApi, data: &Path, config: &str) -> Bot {
    let cfg = data.with_extension("toml");
    std::fs::write(&cfg, config).unwrap();
    Command::new(bin())
        .arg("run")
        .arg("--config")
        .arg(&cfg)
        .current_dir(root())
        .env("TELOXIDE_TOKEN", "123456:TEST-TOKEN-not-real")
        .env("TELOXIDE_API_URL", api.url())
        .env("RESTRIDE_DATA_DIR", data)
        .env("RESTRIDE_LOG", "trace")
        .stdout(Stdio::null())
        .stderr(Stdio::from(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(data.with_extension("log"))
                .unwrap(),
        ))
        .spawn()
        .map(Bot)
        .expect("start the bot")
}

pub use crate::script::script;

/// The bot's current question in a chat: (message id, node, buttons' data).
pub fn current_question(api: &FakeApi, chat: i64) -> Option<(i64, String, Vec<String>)> {
    let sent = api.sent(chat);
    let mut seen = std::collections::BTreeSet::new();
    for s in sent.iter().rev() {
        if !seen.insert(s.message_id) {
            continue;
        }
        let (_, markup) = api.message(chat, s.message_id)?;
        let rows = markup
            .as_ref()
            .and_then(|m| m.get("inline_keyboard"))
            .and_then(Value::as_array)
            .cloned();
        let Some(rows) = rows.filter(|r| !r.is_empty()) else {
            continue;
        };
        let data: Vec<String> = rows
            .iter()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|b| {
                b.get("callback_data")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .collect();
        let node = data.first()?.split('|').nth(1)?.to_owned();
        return Some((s.message_id, node, data));
    }
    None
}

/// Waits until the bot has nothing left to do for this chat.
pub fn settle(api: &FakeApi) {
    let mut last = usize::MAX;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        let n = api
            .calls()
            .iter()
            .filter(|(m, _)| m != "getUpdates")
            .count();
        if n == last && api.pending_updates() == 0 {
            return;
        }
        last = n;
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// How many plans the chat has received.
pub(crate) fn plan_count(api: &FakeApi, chat: i64) -> usize {
    api.sent(chat)
        .iter()
        .filter(|s| {
            s.method == "sendMessage"
                && s.text
                    .as_deref()
                    .is_some_and(|t| t.contains("Your Restride plan"))
        })
        .count()
}

/// Answers one question; returns false when there is nothing to answer.
pub fn answer_one(api: &FakeApi, chat: i64, script: &HashMap<&str, &str>) -> bool {
    // The one typed question of this script, when it is the latest message: older ones may
    // still show buttons (a check-in offer from before a /delete, a code question).
    let latest = api
        .sent(chat)
        .into_iter()
        .rev()
        .find(|s| s.method == "sendMessage");
    if latest.is_some_and(|s| {
        s.reply_markup.is_none()
            && s.text
                .as_deref()
                .is_some_and(|t| t.contains("How old is your baby"))
    }) {
        api.push_message(chat, "20 weeks");
        return true;
    }
    match current_question(api, chat) {
        Some((message_id, node, data)) => {
            let action = script.get(node.as_str()).copied().unwrap_or("p0");
            let Some(d) = data.iter().find(|d| d.ends_with(&format!("|{action}"))) else {
                panic!("no button {action} on {node}: {data:?}");
            };
            api.push_callback(chat, message_id, d);
            true
        }
        None => {
            // The one typed question of this script: weeks since the birth.
            let last = api.last_text(chat).unwrap_or_default();
            if last.contains("weeks") {
                api.push_message(chat, "20 weeks");
                true
            } else {
                false
            }
        }
    }
}

pub(crate) fn sigterm(child: &mut Child) -> std::process::ExitStatus {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let start = Instant::now();
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            return st;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the bot did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_bot_survives_sigkill_mid_conversation_without_losing_or_repeating_answers() {
    let api = FakeApi::start();
    // Killed between a call and its "sent" mark, the bot repeats the call when it restarts.
    api.allow_replays();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let chat = 4242;
    let script = script();
    // Port 0: the bot logs the port it got (a port picked here could be
    // taken by another test's server before the bot binds it).
    let config = "[http]\nlisten = \"127.0.0.1:0\"\n".to_owned();
    let mut bot = spawn_bot_with(&api, &data, &config);
    api.push_command(chat, "/start");
    settle(&api);
    let kills_at = [2usize, 7, 13, 19];
    let mut answered = 0;
    let start = Instant::now();
    while plan_count(&api, chat) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the conversation did not finish"
        );
        // A bot restarted after a kill may still be starting when `settle`
        // sees no calls for a moment: give it a few seconds before failing.
        let mut tries = 0;
        while !answer_one(&api, chat, &script) {
            tries += 1;
            assert!(tries < 20, "nothing to answer: {:?}", api.last_text(chat));
            std::thread::sleep(Duration::from_millis(250));
            settle(&api);
        }
        answered += 1;
        if kills_at.contains(&answered) {
            // Kill at a moment that varies: before, during or after the commit.
            std::thread::sleep(Duration::from_millis((answered as u64 * 7) % 40));
            bot.kill().unwrap();
            bot.wait().unwrap();
            bot = spawn_bot_with(&api, &data, &config);
        }
        settle(&api);
    }
    assert!(
        answered > *kills_at.last().unwrap(),
        "only {answered} answers"
    );
    assert_eq!(
        api.count("getMe"),
        kills_at.len() + 1,
        "the bot was started once and restarted after each kill"
    );
    let log = std::fs::read_to_string(data.with_extension("log")).unwrap();
    let port: u16 = log
        .lines()
        .rev()
        .find_map(|l| l.split("addr=127.0.0.1:").nth(1))
        .and_then(|p| p.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|p| p.parse().ok())
        .expect("the bot logs its metrics address");
    let metrics = http_get(port, "/metrics");
    assert!(metrics.contains("restride_updates_total"), "{metrics}");
    assert!(metrics.contains("restride_outbox_depth 0"), "{metrics}");
    assert!(http_get(port, "/healthz").ends_with("ok\n"));
    let status = sigterm(&mut bot);
    assert!(status.success(), "SIGTERM should exit 0, got {status:?}");
    // Every run's log, killed ones included.
    let stderr = std::fs::read_to_string(data.with_extension("log")).unwrap();
    assert!(
        !stderr.contains("TEST-TOKEN"),
        "the token must never be logged"
    );
    for private in [
        "20 weeks",
        "How old is your baby",
        "Your Restride plan",
        "Caesarean",
    ] {
        assert!(
            !stderr.contains(private),
            "the log shows message text or answers: {private}"
        );
    }
    assert!(
        stderr.contains("INFO"),
        "the bot logged at trace level: {stderr}"
    );

    assert!(
        plan_count(&api, chat) <= 2,
        "the plan was sent {} times",
        plan_count(&api, chat)
    );
    let store = SledStore::open(&data, 8).unwrap();
    let s = store.session(chat).unwrap().expect("the session survived");
    let outcome = s.outcome.as_ref().expect("she reached her plan");
    assert_eq!(outcome.status, "complete");
    let mut nodes: Vec<&str> = s.history.iter().map(|h| h.node.as_str()).collect();
    let total = nodes.len();
    nodes.sort();
    nodes.dedup();
    assert_eq!(
        nodes.len(),
        total,
        "a question was answered twice: {:?}",
        s.history
    );
    assert_eq!(
        s.answers.get("weeks_postpartum").and_then(|v| v.as_int()),
        Some(20)
    );
    assert_eq!(
        s.answers.get("delivery").and_then(|v| v.as_text()),
        Some("caesarean")
    );
    assert_eq!(
        s.answers.get("phq_interest").and_then(|v| v.as_int()),
        Some(1)
    );
    assert_eq!(
        s.answers.get("breastfeeding").and_then(|v| v.as_bool()),
        Some(true)
    );
    assert!(
        store.outbox_chats().unwrap().is_empty(),
        "everything was delivered"
    );
}

pub fn http_get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut last = String::new();
    for _ in 0..40 {
        let attempt = (|| -> std::io::Result<String> {
            let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
            write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
            let mut out = String::new();
            s.read_to_string(&mut out)?;
            Ok(out)
        })();
        match attempt {
            Ok(out) => return out,
            Err(e) => {
                last = e.to_string();
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
    }
    panic!("no answer from the metrics listener on {port}: {last}");
}

/// What a mum sees last: the question to answer (by its nonce) or the typed question.
pub fn last_prompt(api: &FakeApi, chat: i64) -> Option<(String, i64, Vec<String>)> {
    let sent = api.sent(chat);
    let last = sent.iter().rev().find(|s| s.method == "sendMessage")?;
    let data: Vec<String> = last
        .reply_markup
        .as_ref()
        .and_then(|m| m.get("inline_keyboard"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|b| b.get("callback_data").and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    match data.first().map(|d| d.split('|').collect::<Vec<_>>()) {
        Some(parts) if parts.len() == 4 => Some((parts[2].to_owned(), last.message_id, data)),
        _ if last
            .text
            .as_deref()
            .is_some_and(|t| t.contains("weeks or months")) =>
        {
            Some(("typed".into(), last.message_id, vec![]))
        }
        _ => None,
    }
}

/// The crash test in small (CI): several mums answer at once while the bot is SIGKILLed at
/// pseudo-random moments and restarted. The long version is `cargo run --release --example
/// loadtest -- --mums 1000 --kill 20 --kill-max-ms 600` (BENCHMARKS.md).
#[test]
fn several_mums_survive_repeated_sigkills_under_load() {
    let api = FakeApi::start();
    api.allow_replays();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = "[http]\nlisten = \"127.0.0.1:0\"\n".to_owned();
    let script = script();
    let chats: Vec<i64> = (0..6).map(|i| 7_000 + i).collect();
    let kills = 8;
    let mut bot = spawn_bot_with(&api, &data, &config);
    for &c in &chats {
        api.push_command(c, "/start");
    }
    // Per chat: the prompt last answered and when.
    let mut answered: HashMap<i64, (String, Instant)> = HashMap::new();
    let mut rng: u64 = 0x5EED_1234_5678_9ABC;
    let mut next_kill = Instant::now() + Duration::from_millis(300);
    let (mut killed, mut retaps) = (0, 0);
    let start = Instant::now();
    loop {
        let done = chats.iter().all(|&c| plan_count(&api, c) > 0);
        if done && killed == kills {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(240),
            "not finished: plans {:?}",
            chats
                .iter()
                .map(|&c| plan_count(&api, c))
                .collect::<Vec<_>>()
        );
        // Each kill waits until the last start reached Telegram (getMe): on a
        // busy machine a bot can take longer than the gap to start.
        if killed < kills && Instant::now() >= next_kill && api.count("getMe") > killed {
            bot.kill().unwrap();
            bot.wait().unwrap();
            bot = spawn_bot_with(&api, &data, &config);
            killed += 1;
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            next_kill = Instant::now() + Duration::from_millis(150 + rng % 700);
        }
        for &chat in &chats {
            if plan_count(&api, chat) > 0 {
                continue;
            }
            let Some((sig, message_id, buttons)) = last_prompt(&api, chat) else {
                continue;
            };
            match answered.get(&chat) {
                // At most 4 answers a second: the bot drops updates from a chat sending
                // more than 5 a second (flood control), as the load test's mums do.
                Some((_, at)) if at.elapsed() < Duration::from_millis(250) => continue,
                Some((last, at)) if *last == sig => {
                    // Nothing new for a long while: she taps again (a stale tap is
                    // harmless), and the test fails below: an answer got no reply.
                    if at.elapsed() < Duration::from_secs(20) {
                        continue;
                    }
                    retaps += 1;
                }
                _ => {}
            }
            if sig == "typed" {
                api.push_message(chat, "20");
            } else {
                let node = buttons[0].split('|').nth(1).unwrap_or("");
                let action = script.get(node).copied().unwrap_or("p0");
                let d = buttons
                    .iter()
                    .find(|d| d.ends_with(&format!("|{action}")))
                    .unwrap_or_else(|| panic!("no button {action} on {node}: {buttons:?}"));
                api.push_callback(chat, message_id, d);
            }
            answered.insert(chat, (sig, Instant::now()));
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    assert_eq!(api.count("getMe"), kills + 1);
    let status = sigterm(&mut bot);
    assert!(status.success(), "SIGTERM should exit 0, got {status:?}");
    let store = SledStore::open(&data, 8).expect("sled opens cleanly");
    let mut reference = None;
    for &chat in &chats {
        // The plan may go out twice: sent, then killed before its "sent" mark was flushed.
        assert!(plan_count(&api, chat) <= 2, "plan sent more than twice");
        let s = store.session(chat).unwrap().expect("the session survived");
        assert_eq!(
            s.outcome.as_ref().map(|o| o.status.as_str()),
            Some("complete")
        );
        let mut nodes: Vec<&str> = s.history.iter().map(|h| h.node.as_str()).collect();
        let total = nodes.len();
        nodes.sort();
        nodes.dedup();
        assert_eq!(nodes.len(), total, "a question was answered twice");
        let answers = format!("{:?}", s.answers);
        assert_eq!(reference.get_or_insert(answers.clone()), &answers);
        assert_eq!(
            s.answers.get("weeks_postpartum").and_then(|v| v.as_int()),
            Some(20)
        );
    }
    assert!(store.outbox_chats().unwrap().is_empty());
    assert_eq!(retaps, 0, "an answer got no reply for 20 s");
}
