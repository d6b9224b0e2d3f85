//! A fake Telegram Bot API server for tests.
//!
//! It speaks just enough HTTP/1.1 (keep-alive, `Content-Length` and chunked request bodies) to
//! serve teloxide's reqwest client, on plain `std` threads: one accept thread and one thread per
//! connection. It binds `127.0.0.1:0` only and every loop in it ends when the [`FakeApi`] is
//! dropped (or at a fixed deadline).
//!
//! The HTTP layer is written on `std::net` instead of `tiny_http` because `tiny_http` cannot
//! close a connection without answering (dropping a request makes it send a 500), which
//! [`Fault::DropConnection`] needs, and its connection threads outlive the server.
//!
//! Every call is held to the Bot API's rules ([`rules`], tests/bot_api_rules.rs): a call real
//! Telegram refuses gets Telegram's 400 (tdlib's words for bad HTML, "message is not modified"
//! for an edit that changes nothing, "query is too old" for a callback query answered twice or
//! never issued, 409 Conflict for getUpdates while a webhook is set), and every such call, and
//! every call that breaks a product rule (link previews on, channel posts asked for), is
//! recorded. Dropping a [`FakeApi`] that recorded any fails the test (in the test binary; an
//! example such as the load test reads [`FakeApi::violations`] itself), unless the test said it
//! expects them ([`FakeApi::expect_violations`]) or takes them ([`FakeApi::take_violations`]).
//! So the rules run over every request of every process test.
//!
//! Use it from the test binary as `mod fake_api;` and from an example as
//! `#[path = "../tests/fake_api.rs"] mod fake_api;`. The parts live in `tests/fake_api/`.

#![allow(dead_code)]

#[path = "fake_api/calls.rs"]
mod calls;
#[path = "fake_api/http.rs"]
mod http;
/// The Bot API's rules every call is checked against.
#[path = "bot_api_rules.rs"]
pub mod rules;
#[cfg(test)]
#[path = "fake_api/tests.rs"]
mod tests;
#[cfg(test)]
#[path = "fake_api/tests_faults.rs"]
mod tests_faults;
#[cfg(test)]
#[path = "fake_api/tests_rules.rs"]
mod tests_rules;

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use calls::inline_keyboard;
use serde_json::{Value, json};

/// The bot's own user id (what `getMe` answers).
pub const BOT_ID: i64 = 777;
/// The bot's username (what `getMe` answers).
pub const BOT_USERNAME: &str = "restride_test_bot";

/// Longest a `getUpdates` long poll waits by default, whatever `timeout` the bot asks for.
const DEFAULT_LONG_POLL_CAP: Duration = Duration::from_secs(2);
/// How often blocked socket reads wake up to look at the stop flag.
const READ_TICK: Duration = Duration::from_millis(50);
/// An idle keep-alive connection is closed after this (longer than hyper's 90 s pool timeout).
const IDLE_TIMEOUT: Duration = Duration::from_secs(120);
/// A request must arrive whole within this time once its first byte has come.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest request head or body accepted.
const MAX_REQUEST_BYTES: usize = 64 * 1024 * 1024;

/// One bot call that shows something to a chat: a `send*` (other than `sendChatAction`),
/// `edit*`, `copyMessage` or `forwardMessage` call that succeeded.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    /// The method in camelCase: "sendMessage", "editMessageText", "editMessageReplyMarkup",
    /// "sendPhoto", ...
    pub method: String,
    pub chat_id: i64,
    /// The id assigned (send) or targeted (edit).
    pub message_id: i64,
    /// `text` of the call, or its `caption` for media.
    pub text: Option<String>,
    /// `reply_markup` of the call as sent (JSON strings from multipart bodies are parsed).
    pub reply_markup: Option<Value>,
    /// The full request body (for multipart: the text fields, files as
    /// `{"file_name": .., "size": ..}`, and `"_raw_len"`).
    pub params: Value,
}

/// A fault injected on the next N matching calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 429 `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after N",
    /// "parameters":{"retry_after":N}}`.
    TooManyRequests { retry_after: u64 },
    /// HTTP 500 `{"ok":false,"error_code":500,"description":"Internal Server Error"}`.
    ServerError,
    /// Answer correctly but late.
    Slow { millis: u64 },
    /// Close the socket without answering.
    DropConnection,
    /// HTTP 400 with this description (e.g. "Bad Request: can't parse entities: ...").
    BadRequest(&'static str),
}

/// The fake server. Dropping it stops the server and joins its threads.
pub struct FakeApi {
    shared: Arc<Shared>,
    addr: SocketAddr,
    accept_thread: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    /// Notified whenever an update is queued (and on stop).
    updates_cv: Condvar,
    stop: AtomicBool,
    conn_threads: Mutex<Vec<JoinHandle<()>>>,
}

struct Queued {
    update_id: i64,
    update: Value,
    /// A re-delivered duplicate: handed out once even if its id was already confirmed.
    forced: bool,
    delivered: bool,
}

struct BotMessage {
    text: String,
    reply_markup: Option<Value>,
    /// The Message object as last returned to the bot (edits update it).
    json: Value,
}

struct InjectedFault {
    method: Option<String>,
    /// Only calls to this chat (their `chat_id`), if set.
    chat: Option<i64>,
    fault: Fault,
    remaining: usize,
}

struct State {
    /// The language each user's app is set to (`language_code`; "en" unless set).
    languages: HashMap<i64, String>,
    next_update_id: i64,
    queue: Vec<Queued>,
    last_update: Option<(i64, Value)>,
    confirmed_offset: i64,
    long_poll_cap: Duration,
    next_message_id: HashMap<i64, i64>,
    bot_messages: HashMap<(i64, i64), BotMessage>,
    /// Per chat, the message that most recently got an inline keyboard from a send or edit.
    last_keyboard_message: HashMap<i64, i64>,
    next_callback_id: u64,
    sent: Vec<Sent>,
    calls: Vec<(String, Value)>,
    faults: Vec<InjectedFault>,
    rate_limit: Option<u32>,
    rate_window: VecDeque<Instant>,
    /// Calls real Telegram refuses or that break a product rule (see [`rules`]).
    violations: Vec<String>,
    /// The test expects violations: dropping the API with some does not panic.
    violations_expected: bool,
    /// A refused call that repeats an accepted one exactly is not a violation.
    replays_allowed: bool,
    /// Stateful calls Telegram accepted (method and body), to recognise a replay.
    accepted: HashSet<String>,
    /// Callback query ids handed out, and those answered.
    issued_queries: HashSet<String>,
    answered_queries: HashSet<String>,
    /// A webhook is set: getUpdates answers 409 until deleteWebhook.
    webhook: bool,
}

impl FakeApi {
    /// Binds 127.0.0.1:0 and starts serving.
    pub fn start() -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new()),
            updates_cv: Condvar::new(),
            stop: AtomicBool::new(false),
            conn_threads: Mutex::new(Vec::new()),
        });
        let accept_shared = Arc::clone(&shared);
        let accept_thread = thread::Builder::new()
            .name("fake-api-accept".to_owned())
            .spawn(move || http::accept_loop(listener, accept_shared))
            .expect("spawn accept thread");
        FakeApi {
            shared,
            addr,
            accept_thread: Some(accept_thread),
        }
    }

    /// "http://127.0.0.1:PORT", the API url to give the bot.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.shared.state)
    }

    /// The newest message to `chat` that shows a button whose data `wanted`
    /// accepts: (its message id, the data).
    pub fn find_button(&self, chat: i64, wanted: impl Fn(&str) -> bool) -> Option<(i64, String)> {
        self.sent(chat).iter().rev().find_map(|s| {
            let (_, markup) = self.message(chat, s.message_id)?;
            markup?["inline_keyboard"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .filter_map(|b| b["callback_data"].as_str())
                .find(|d| wanted(d))
                .map(|d| (s.message_id, d.to_owned()))
        })
    }

    /// Sets the language of a user's Telegram app (`language_code`).
    pub fn set_language(&self, user_id: i64, code: &str) {
        self.state().languages.insert(user_id, code.to_owned());
    }

    fn user_json(&self, user_id: i64) -> Value {
        let lang = self
            .state()
            .languages
            .get(&user_id)
            .cloned()
            .unwrap_or_else(|| "en".into());
        user_json(user_id, &lang)
    }

    fn push(&self, update: Value) -> i64 {
        let id = self.state().queue_update(update);
        self.shared.updates_cv.notify_all();
        id
    }

    /// Queues a private-chat text message from the user whose id is `chat_id`; returns its
    /// update_id. The message id comes from the chat's counter shared with bot messages.
    pub fn push_message(&self, chat_id: i64, text: &str) -> i64 {
        self.push_text(chat_id, text, false)
    }

    /// Like [`FakeApi::push_message`], with a `bot_command` entity covering the leading
    /// "/cmd" (or "/cmd@bot") word.
    pub fn push_command(&self, chat_id: i64, text: &str) -> i64 {
        self.push_text(chat_id, text, true)
    }

    fn push_text(&self, chat_id: i64, text: &str, command: bool) -> i64 {
        let from = self.user_json(chat_id);
        let mut state = self.state();
        let message_id = state.next_message_id(chat_id);
        let mut message = json!({
            "message_id": message_id,
            "date": now_secs(),
            "chat": chat_json(chat_id),
            "from": from,
            "text": text,
        });
        if command {
            let word = text.split_whitespace().next().unwrap_or("");
            message["entities"] = json!([{
                "type": "bot_command",
                "offset": 0,
                "length": word.encode_utf16().count(),
            }]);
        }
        let id = state.queue_update(json!({ "message": message }));
        drop(state);
        self.shared.updates_cv.notify_all();
        id
    }

    /// Queues a callback_query update from the user `chat_id` pressing a button under the bot
    /// message `message_id` (embedded as last known; unknown ids are sent as an inaccessible
    /// message, `date` 0).
    pub fn push_callback(&self, chat_id: i64, message_id: i64, data: &str) -> i64 {
        let from = self.user_json(chat_id);
        let mut state = self.state();
        let message = match state.bot_messages.get(&(chat_id, message_id)) {
            Some(m) => m.json.clone(),
            None => json!({ "message_id": message_id, "date": 0, "chat": chat_json(chat_id) }),
        };
        let callback_id = format!("cbq-{}", state.next_callback_id);
        state.next_callback_id += 1;
        state.issued_queries.insert(callback_id.clone());
        let update = json!({
            "callback_query": {
                "id": callback_id,
                "from": from,
                "message": message,
                "chat_instance": format!("ci-{chat_id}"),
                "data": data,
            }
        });
        let id = state.queue_update(update);
        drop(state);
        self.shared.updates_cv.notify_all();
        id
    }

    /// Queues a text message in the group chat `chat_id` ("type": "group", "title":
    /// "Mums group"; Telegram group ids are negative) from the user `|chat_id|`.
    pub fn push_group_message(&self, chat_id: i64, text: &str) -> i64 {
        let from = self.user_json(chat_id.saturating_abs());
        let mut state = self.state();
        let message_id = state.next_message_id(chat_id);
        let message = json!({
            "message_id": message_id,
            "date": now_secs(),
            "chat": group_chat_json(chat_id),
            "from": from,
            "text": text,
        });
        let id = state.queue_update(json!({ "message": message }));
        drop(state);
        self.shared.updates_cv.notify_all();
        id
    }

    /// Queues a post in the channel `chat_id` (a negative id) where the bot is an admin.
    pub fn push_channel_post(&self, chat_id: i64, text: &str) -> i64 {
        let mut state = self.state();
        let message_id = state.next_message_id(chat_id);
        let post = json!({
            "message_id": message_id,
            "date": now_secs(),
            "chat": { "id": chat_id, "type": "channel", "title": "Clinic news" },
            "sender_chat": { "id": chat_id, "type": "channel", "title": "Clinic news" },
            "text": text,
        });
        let id = state.queue_update(json!({ "channel_post": post }));
        drop(state);
        self.shared.updates_cv.notify_all();
        id
    }

    /// The next update pushed gets the id `id`, those after it the ids after it (they start
    /// at 1). Telegram's ids only grow: a bot carrying on from a store that already handled
    /// ids up to N must be sent ids above N.
    pub fn set_next_update_id(&self, id: i64) {
        self.state().next_update_id = id;
    }

    /// Assigns an update_id to `update_without_id` (an object) and queues it.
    pub fn push_raw(&self, update_without_id: Value) -> i64 {
        self.push(update_without_id)
    }

    /// Queues the last pushed update again with the SAME update_id, as Telegram does when a
    /// confirmation is lost. It is handed out once by the next `getUpdates`, even if the bot has
    /// already confirmed that id. Does nothing if nothing was pushed yet.
    pub fn duplicate_last_update(&self) {
        let mut state = self.state();
        if let Some((update_id, update)) = state.last_update.clone() {
            state.queue.push(Queued {
                update_id,
                update,
                forced: true,
                delivered: false,
            });
        }
        drop(state);
        self.shared.updates_cv.notify_all();
    }

    /// The successful send/edit calls to `chat_id`, in order.
    pub fn sent(&self, chat_id: i64) -> Vec<Sent> {
        self.state()
            .sent
            .iter()
            .filter(|s| s.chat_id == chat_id)
            .cloned()
            .collect()
    }

    /// The successful send/edit calls to every chat, in order.
    pub fn all_sent(&self) -> Vec<Sent> {
        self.state().sent.clone()
    }

    /// Every call received (method in camelCase, body), in order, including `getUpdates` and
    /// calls answered with an injected fault or a rate-limit 429.
    pub fn calls(&self) -> Vec<(String, Value)> {
        self.state().calls.clone()
    }

    /// How many calls of `method` (case-insensitive) were received, faulted ones included.
    pub fn count(&self, method: &str) -> usize {
        self.state()
            .calls
            .iter()
            .filter(|(m, _)| m.eq_ignore_ascii_case(method))
            .count()
    }

    /// The highest `offset` the bot ever sent to `getUpdates` (0 if none).
    pub fn confirmed_offset(&self) -> i64 {
        self.state().confirmed_offset
    }

    /// Updates queued and not yet confirmed (delivered or not).
    pub fn pending_updates(&self) -> usize {
        self.state().queue.len()
    }

    /// Makes the next `times` calls of `method` (case-insensitive; `None` = any method except
    /// `getUpdates`) fail with `fault`. Faults are used in the order they were injected.
    pub fn inject(&self, method: Option<&str>, fault: Fault, times: usize) {
        self.arm(method, None, fault, times);
    }

    /// Like [`FakeApi::inject`], for calls to the chat `chat_id` only: one chat (a staff
    /// member's, say) fails while every other works.
    pub fn inject_for_chat(&self, method: Option<&str>, chat_id: i64, fault: Fault, times: usize) {
        self.arm(method, Some(chat_id), fault, times);
    }

    /// Disarms every injected fault: the next calls are answered as usual.
    pub fn clear_faults(&self) {
        self.state().faults.clear();
    }

    fn arm(&self, method: Option<&str>, chat: Option<i64>, fault: Fault, times: usize) {
        if times == 0 {
            return;
        }
        self.state().faults.push(InjectedFault {
            method: method.map(str::to_owned),
            chat,
            fault,
            remaining: times,
        });
    }

    /// Polls `pred` every 10 ms until it holds or `timeout` passes; returns its last value.
    pub fn wait_until(&self, timeout: Duration, pred: impl Fn(&FakeApi) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if pred(self) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// When set, send/edit calls (`send*` except `sendChatAction`, `edit*`, `copyMessage`,
    /// `forwardMessage`) beyond `per_second` in any rolling second, across all chats, get a 429
    /// with retry_after 1. Refused calls do not count towards the limit.
    pub fn set_rate_limit(&self, per_second: Option<u32>) {
        let mut state = self.state();
        state.rate_limit = per_second;
        state.rate_window.clear();
    }

    /// The longest a `getUpdates` long poll waits (default 2 s), whatever `timeout` it asks.
    pub fn set_long_poll_cap(&self, cap: Duration) {
        self.state().long_poll_cap = cap;
    }

    /// Text of the last `sendMessage`/`editMessageText` call to the chat.
    pub fn last_text(&self, chat_id: i64) -> Option<String> {
        let state = self.state();
        state
            .sent
            .iter()
            .rev()
            .filter(|s| s.chat_id == chat_id)
            .find(|s| {
                s.method.eq_ignore_ascii_case("sendMessage")
                    || s.method.eq_ignore_ascii_case("editMessageText")
            })
            .and_then(|s| s.text.clone())
    }

    /// The `inline_keyboard` array of the message that most recently got an inline keyboard
    /// (by a send, or an edit that set one); `None` if an edit has since removed it.
    pub fn last_keyboard(&self, chat_id: i64) -> Option<Value> {
        let state = self.state();
        let message_id = *state.last_keyboard_message.get(&chat_id)?;
        let message = state.bot_messages.get(&(chat_id, message_id))?;
        inline_keyboard(message.reply_markup.as_ref()).cloned()
    }

    /// The current text (or caption) and reply_markup of the bot message `message_id`.
    pub fn message(&self, chat_id: i64, message_id: i64) -> Option<(String, Option<Value>)> {
        let state = self.state();
        let message = state.bot_messages.get(&(chat_id, message_id))?;
        Some((message.text.clone(), message.reply_markup.clone()))
    }
}

impl FakeApi {
    /// The calls so far that real Telegram refuses (each with Telegram's description) or
    /// that break a product rule, in order.
    pub fn violations(&self) -> Vec<String> {
        self.state().violations.clone()
    }

    /// Like [`FakeApi::violations`], and forgets them (for a test that asserts on them).
    pub fn take_violations(&self) -> Vec<String> {
        std::mem::take(&mut self.state().violations)
    }

    /// The test provokes violations on purpose: dropping the API with some does not panic.
    pub fn expect_violations(&self) {
        self.state().violations_expected = true;
    }

    /// A bot killed between a call and its "sent" mark repeats the call when it restarts;
    /// Telegram refuses an exact repeat of an answered callback query or of an edit, and the
    /// bot drops it. With this, such a refusal is not a violation (any other still is).
    pub fn allow_replays(&self) {
        self.state().replays_allowed = true;
    }

    /// Sets a webhook, as another setup of the same token would have: `getUpdates` answers
    /// 409 Conflict until the bot calls `deleteWebhook`.
    pub fn set_webhook(&self) {
        self.state().webhook = true;
    }

    /// Whether a webhook is set.
    pub fn webhook_set(&self) -> bool {
        self.state().webhook
    }

    /// Takes every queued update (complete Update objects with their `update_id`, in id
    /// order), as Telegram does when it sends them to a webhook instead of `getUpdates`.
    /// The queue is left empty, so [`FakeApi::pending_updates`] is 0 afterwards.
    pub fn take_updates(&self) -> Vec<Value> {
        let mut queue = std::mem::take(&mut self.state().queue);
        queue.sort_by_key(|q| q.update_id);
        queue.into_iter().map(|q| q.update).collect()
    }
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        {
            // Take the lock so a long poll between its check and its wait sees the flag.
            let _state = self.state();
            self.shared.updates_cv.notify_all();
        }
        if let Some(handle) = self.accept_thread.take() {
            let _ = handle.join();
        }
        let handles = std::mem::take(&mut *lock(&self.shared.conn_threads));
        for handle in handles {
            let _ = handle.join();
        }
        // Every request of every test is checked against the Bot API's rules.
        let state = self.state();
        if !state.violations.is_empty() && thread::panicking() {
            eprintln!(
                "the fake Bot API also saw these violations:\n{}",
                state.violations.join("\n")
            );
        }
        // In tests only: the load test (examples/loadtest.rs) reads `violations()` if it wants.
        if cfg!(test)
            && !state.violations.is_empty()
            && !state.violations_expected
            && !thread::panicking()
        {
            let list = state.violations.join("\n");
            drop(state);
            panic!("requests real Telegram refuses or that break a product rule:\n{list}");
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn bot_user_json() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": "Restride",
        "username": BOT_USERNAME,
    })
}

fn user_json(user_id: i64, language: &str) -> Value {
    json!({ "id": user_id, "is_bot": false, "first_name": "Mum", "language_code": language })
}

fn group_chat_json(chat_id: i64) -> Value {
    json!({ "id": chat_id, "type": "group", "title": "Mums group" })
}

/// A private chat for positive ids, a group for negative ones.
fn chat_json(chat_id: i64) -> Value {
    if chat_id < 0 {
        group_chat_json(chat_id)
    } else {
        json!({ "id": chat_id, "type": "private", "first_name": "Mum" })
    }
}
