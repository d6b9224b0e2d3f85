//! A misbehaving Telegram (issue 7): the bot's real poll loop and delivery, in process,
//! against the fake Bot API injecting 429 with `retry_after`, 500s, slow answers, dropped
//! connections, an update delivered twice and callbacks for old messages. With each, no
//! reply is lost or sent twice, other chats keep being served, and the log says what
//! happened at the right level, without message text.
//!
//! teloxide itself sleeps 10 s after any 5xx answer before it returns the error
//! (`DELAY_ON_SERVER_ERROR` in teloxide-core), so the two 500 tests take about 10 s each
//! (they run in parallel with the rest); every other test takes a second or two.

use crate::fake_api::{FakeApi, Fault};
use crate::process::{last_prompt, script};
use restride::store::{MemoryStore, Store};
use restride::telegram::{Deliverer, GroupFlush, Metrics, poll};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Everything the bot logged, at every level.
#[derive(Clone, Default)]
pub(crate) struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// Lines at `level` (WARN, INFO, ...) that contain `needle`.
    pub(crate) fn lines(&self, level: &str, needle: &str) -> Vec<String> {
        self.text()
            .lines()
            .filter(|l| l.contains(level) && l.contains(needle))
            .map(str::to_owned)
            .collect()
    }

    /// No message text, answer or token in any line.
    pub(crate) fn assert_private(&self) {
        let text = self.text();
        for private in [
            "I'm Restride",
            "16 or older",
            "Tick anything",
            "1:test",
            "moved on",
        ] {
            assert!(
                !text.contains(private),
                "the log shows {private:?}:\n{text}"
            );
        }
    }
}

pub(crate) struct Bot {
    pub(crate) api: FakeApi,
    pub(crate) store: Arc<dyn Store>,
    shutdown: Arc<tokio::sync::Notify>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
    logs: Logs,
    _guard: tracing::subscriber::DefaultGuard,
}

/// The bot's poll loop and deliverer on a fresh memory store, logging at trace level into
/// `Logs`. The test runs on a current-thread runtime, so every task logs there.
pub(crate) fn start(api: FakeApi) -> Bot {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = crate::util::core_with(store.clone());
    start_with(api, core)
}

/// The same, with `core` (its store is the bot's).
pub(crate) fn start_with(api: FakeApi, core: restride::telegram::core::Core) -> Bot {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_env_filter("restride=trace")
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    let store = core.store.clone();
    let core = Arc::new(core);
    let bot = teloxide::Bot::new("1:test").set_api_url(api.url().parse().unwrap());
    let flusher = Arc::new(GroupFlush::new(store.clone()));
    let pacer = Arc::new(restride::telegram::pacer::Pacer::new(25.0));
    let deliverer = Deliverer::new(
        bot.clone(),
        store.clone(),
        flusher,
        Arc::new(Metrics::default()),
        pacer,
    );
    let shutdown = Arc::new(tokio::sync::Notify::new());
    let task = tokio::spawn(poll(core, bot, deliverer, shutdown.clone()));
    Bot {
        api,
        store,
        shutdown,
        task,
        logs,
        _guard: guard,
    }
}

impl Bot {
    /// Waits (yielding to the bot's tasks) until `pred` holds; false after `secs`.
    pub(crate) async fn until(&self, secs: u64, pred: impl Fn(&FakeApi) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(secs) {
            if pred(&self.api) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    }

    /// Messages (not edits) sent to `chat` that Telegram accepted.
    pub(crate) fn sends(&self, chat: i64) -> usize {
        self.api
            .sent(chat)
            .iter()
            .filter(|s| s.method == "sendMessage")
            .count()
    }

    /// Lets anything still on its way arrive, then stops the bot as SIGTERM would.
    pub(crate) async fn stop(self) -> Logs {
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.shutdown.notify_waiters();
        self.shutdown.notify_one();
        tokio::time::timeout(Duration::from_secs(15), self.task)
            .await
            .expect("the bot stops")
            .unwrap()
            .unwrap();
        self.logs
    }

    /// Taps the scripted answer on the chat's last question.
    pub(crate) fn answer(&self, chat: i64) {
        let (_, message_id, buttons) = last_prompt(&self.api, chat).expect("a question");
        let node = buttons[0].split('|').nth(1).unwrap().to_owned();
        let action = script().get(node.as_str()).copied().unwrap_or("p0");
        let data = buttons
            .iter()
            .find(|d| d.ends_with(&format!("|{action}")))
            .unwrap();
        self.api.push_callback(chat, message_id, data);
    }
}

fn order(api: &FakeApi, a: i64, b: i64) -> (usize, usize) {
    let sent = api.all_sent();
    let first = |c: i64| {
        sent.iter()
            .position(|s| s.chat_id == c && s.method == "sendMessage")
            .unwrap_or(usize::MAX)
    };
    (first(a), first(b))
}

#[tokio::test]
async fn flood_control_429_waits_retry_after_while_other_chats_are_served() {
    let api = FakeApi::start();
    api.inject(
        Some("sendMessage"),
        Fault::TooManyRequests { retry_after: 1 },
        1,
    );
    let bot = start(api);
    bot.api.push_command(1, "/start");
    assert!(bot.until(5, |a| a.count("sendMessage") == 1).await);
    let refused = Instant::now();
    bot.api.push_command(2, "/start");
    assert!(
        bot.until(5, |a| a.sent(1).len() + a.sent(2).len() >= 2)
            .await
    );
    assert!(
        refused.elapsed() >= Duration::from_millis(900),
        "the refused send waited retry_after"
    );
    let (a, b) = order(&bot.api, 1, 2);
    assert!(b < a, "chat 2 was served while chat 1 waited");
    let (one, two) = (bot.sends(1), bot.sends(2));
    let logs = bot.stop().await;
    assert_eq!((one, two), (1, 1), "each greeting sent exactly once");
    assert_eq!(
        logs.lines("WARN", "flood control, retry after 1s").len(),
        1,
        "{}",
        logs.text()
    );
    logs.assert_private();
}

#[tokio::test]
async fn a_500_on_a_send_is_retried_and_other_chats_are_served_meanwhile() {
    let api = FakeApi::start();
    api.inject(Some("sendMessage"), Fault::ServerError, 1);
    let bot = start(api);
    bot.api.push_command(1, "/start");
    assert!(bot.until(5, |a| a.count("sendMessage") == 1).await);
    bot.api.push_command(2, "/start");
    // Chat 2 is served while teloxide still holds chat 1's failed call (10 s).
    assert!(bot.until(5, |a| a.sent(2).len() == 1).await);
    assert_eq!(bot.sends(1), 0);
    assert!(bot.until(20, |a| a.sent(1).len() == 1).await);
    let (one, two) = (bot.sends(1), bot.sends(2));
    let logs = bot.stop().await;
    assert_eq!((one, two), (1, 1));
    let warned = logs.lines("WARN", "send failed");
    assert_eq!(warned.len(), 1, "{}", logs.text());
    assert!(warned[0].contains("Internal Server Error"), "{warned:?}");
    logs.assert_private();
}

#[tokio::test]
async fn a_500_on_get_updates_is_retried_and_loses_no_update() {
    let api = FakeApi::start();
    api.inject(Some("getUpdates"), Fault::ServerError, 1);
    api.push_command(1, "/start");
    let bot = start(api);
    assert!(bot.until(20, |a| a.sent(1).len() == 1).await);
    let sends = bot.sends(1);
    let logs = bot.stop().await;
    assert_eq!(sends, 1);
    assert_eq!(
        logs.lines("WARN", "getUpdates failed").len(),
        1,
        "{}",
        logs.text()
    );
    logs.assert_private();
}

#[tokio::test]
async fn slow_answers_and_dropped_connections_neither_lose_nor_repeat_a_reply() {
    let api = FakeApi::start();
    api.inject(Some("sendMessage"), Fault::Slow { millis: 1500 }, 1);
    let bot = start(api);
    bot.api.push_command(1, "/start");
    assert!(bot.until(5, |a| a.count("sendMessage") == 1).await);
    bot.api.push_command(2, "/start");
    assert!(bot.until(5, |a| a.sent(2).len() == 1).await);
    assert_eq!(
        bot.sends(1),
        0,
        "chat 2 went first: chat 1's answer is slow"
    );
    assert!(bot.until(5, |a| a.sent(1).len() == 1).await);
    // The connection drops without an answer: the send is tried again, once.
    bot.api
        .inject(Some("sendMessage"), Fault::DropConnection, 1);
    bot.api.push_command(3, "/start");
    assert!(bot.until(5, |a| a.sent(3).len() == 1).await);
    let counts = (bot.sends(1), bot.sends(2), bot.sends(3));
    let logs = bot.stop().await;
    assert_eq!(counts, (1, 1, 1));
    let warned = logs.lines("WARN", "send failed");
    assert_eq!(warned.len(), 1, "{}", logs.text());
    assert!(warned[0].contains("network error"), "{warned:?}");
    logs.assert_private();
}

#[tokio::test]
async fn the_same_update_delivered_twice_is_handled_once() {
    let api = FakeApi::start();
    let bot = start(api);
    bot.api.push_command(1, "/start");
    assert!(bot.until(5, |a| a.sent(1).len() == 1).await);
    bot.api.duplicate_last_update();
    assert!(bot.until(5, |a| a.pending_updates() == 0).await);
    // An answer delivered twice: recorded once, the next question sent once.
    bot.answer(1);
    assert!(bot.until(5, |a| a.sent(1).len() >= 3).await);
    bot.api.duplicate_last_update();
    assert!(bot.until(5, |a| a.pending_updates() == 0).await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sends = bot.sends(1);
    let history = bot.store.session(1).unwrap().unwrap().history.len();
    let logs = bot.stop().await;
    assert_eq!(sends, 2, "the greeting and the next question, once each");
    assert_eq!(history, 1);
    assert_eq!(
        logs.lines("INFO", "update already handled").len(),
        2,
        "{}",
        logs.text()
    );
    logs.assert_private();
}

#[tokio::test]
async fn a_callback_for_an_old_message_changes_nothing_and_the_current_buttons_still_work() {
    let api = FakeApi::start();
    let bot = start(api);
    bot.api.push_command(1, "/start");
    assert!(bot.until(5, |a| a.sent(1).len() == 1).await);
    let (_, consent_msg, consent_buttons) = last_prompt(&bot.api, 1).unwrap();
    bot.answer(1);
    assert!(bot.until(5, |a| a.sent(1).len() >= 3).await);
    let (nonce, current_msg, current_buttons) = last_prompt(&bot.api, 1).unwrap();
    let sent_before = bot.api.sent(1).len();
    let edits_before = bot.api.count("editMessageReplyMarkup");
    // The consent button again (a double tap), and a forged payload.
    bot.api.push_callback(1, consent_msg, &consent_buttons[0]);
    bot.api.push_callback(1, consent_msg, "1|consent|99|zz");
    assert!(
        bot.until(5, |a| a.count("answerCallbackQuery") == 3
            && a.pending_updates() == 0)
            .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let s = bot.store.session(1).unwrap().unwrap();
    assert_eq!(s.history.len(), 1, "nothing was answered again");
    // Answered quietly: no new copy of the question, no edit of a keyboard
    // that is gone already (Telegram would answer "message is not modified").
    assert_eq!(bot.api.sent(1).len(), sent_before);
    assert_eq!(bot.api.count("editMessageReplyMarkup"), edits_before);
    let (again, again_msg, _) = last_prompt(&bot.api, 1).unwrap();
    assert_eq!(again, nonce);
    assert_eq!(again_msg, current_msg);
    // ...and the copy she already had still works.
    let data = current_buttons
        .iter()
        .find(|d| d.ends_with("|n"))
        .unwrap_or(&current_buttons[0]);
    bot.api.push_callback(1, current_msg, data);
    assert!(
        bot.until(5, |a| a.count("answerCallbackQuery") == 4
            && a.pending_updates() == 0)
            .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let history = bot.store.session(1).unwrap().unwrap().history.len();
    let logs = bot.stop().await;
    assert_eq!(history, 2, "the visible copy's button was accepted");
    logs.assert_private();
}

#[tokio::test]
async fn get_updates_429_drop_and_slow_answers_are_waited_out_and_lose_nothing() {
    let api = FakeApi::start();
    api.inject(
        Some("getUpdates"),
        Fault::TooManyRequests { retry_after: 1 },
        1,
    );
    api.inject(Some("getUpdates"), Fault::DropConnection, 1);
    api.inject(Some("getUpdates"), Fault::Slow { millis: 300 }, 1);
    api.push_command(1, "/start");
    let started = Instant::now();
    let bot = start(api);
    assert!(bot.until(10, |a| a.sent(1).len() == 1).await);
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "retry_after was honoured"
    );
    let sends = bot.sends(1);
    let logs = bot.stop().await;
    assert_eq!(sends, 1);
    let warned = logs.lines("WARN", "getUpdates failed");
    assert_eq!(warned.len(), 2, "{}", logs.text());
    assert!(
        warned[0].contains("flood control, retry after 1s"),
        "{warned:?}"
    );
    assert!(warned[0].contains("retrying in 1s"), "{warned:?}");
    assert!(warned[1].contains("network error"), "{warned:?}");
    logs.assert_private();
}

/// A chat sending far faster than a person taps is slowed down: the extra
/// updates are skipped, she is told so once, and other chats are unaffected.
#[tokio::test]
async fn a_flooding_chat_is_told_its_messages_were_skipped() {
    let api = FakeApi::start();
    // Queued before the bot's first poll: they arrive as one batch.
    for _ in 0..20 {
        api.push_message(5, "hello");
    }
    api.push_command(6, "/start");
    let bot = start(api);
    assert!(
        bot.until(10, |a| a.pending_updates() == 0 && a.sent(6).len() == 1)
            .await
    );
    assert!(
        bot.until(5, |a| a.sent(5).iter().any(|s| s
            .text
            .as_deref()
            .is_some_and(|t| t.contains("skipped one"))))
            .await
    );
    let notices = bot
        .api
        .sent(5)
        .iter()
        .filter(|s| s.text.as_deref().is_some_and(|t| t.contains("skipped one")))
        .count();
    assert_eq!(notices, 1, "told once, not once per skipped message");
    let logs = bot.stop().await;
    assert!(!logs.lines("INFO", "update dropped").is_empty());
    logs.assert_private();
}

/// A send that waits out flood control while its claim runs out and another
/// sender (another instance) takes the chat's messages leaves them to it:
/// each goes once, from one sender, in order.
#[tokio::test]
async fn a_claim_taken_by_another_sender_while_a_send_waited_is_left_to_it() {
    use restride::outbox::Out;
    use restride::store::{Commit, LEASE};
    let api = FakeApi::start();
    api.inject(
        Some("sendMessage"),
        Fault::TooManyRequests { retry_after: 1 },
        1,
    );
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    store
        .commit(Commit {
            chat: 5,
            outbox: vec![Out::text("first".into()), Out::text("second".into())],
            ..Commit::default()
        })
        .unwrap();
    let bot = teloxide::Bot::new("1:test").set_api_url(api.url().parse().unwrap());
    let drain = {
        let store = store.clone();
        tokio::spawn(async move {
            restride::telegram::deliver::drain(&bot, &store, 5, &|| false, None).await
        })
    };
    let start = Instant::now();
    while api.count("sendMessage") == 0 {
        assert!(start.elapsed() < Duration::from_secs(5), "no first try");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // While the refused send waits, its claim runs out and another takes both.
    let later = jiff::Timestamp::now().as_second() + LEASE + 1;
    assert_eq!(store.claim_outbox(5, later).unwrap().len(), 2);
    assert_eq!(drain.await.unwrap().unwrap(), 0, "nothing sent");
    assert!(api.sent(5).is_empty());
    assert_eq!(api.count("sendMessage"), 1, "not tried again");
    assert_eq!(
        store.outbox(5).unwrap().len(),
        2,
        "still the other's to send"
    );
}
