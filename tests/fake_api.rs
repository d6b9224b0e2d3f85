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
//! Use it from the test binary as `mod fake_api;` and from an example as
//! `#[path = "../tests/fake_api.rs"] mod fake_api;`.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

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
    fault: Fault,
    remaining: usize,
}

struct State {
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
}

impl State {
    fn new() -> State {
        State {
            next_update_id: 1,
            queue: Vec::new(),
            last_update: None,
            confirmed_offset: 0,
            long_poll_cap: DEFAULT_LONG_POLL_CAP,
            next_message_id: HashMap::new(),
            bot_messages: HashMap::new(),
            last_keyboard_message: HashMap::new(),
            next_callback_id: 1,
            sent: Vec::new(),
            calls: Vec::new(),
            faults: Vec::new(),
            rate_limit: None,
            rate_window: VecDeque::new(),
        }
    }

    fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let counter = self.next_message_id.entry(chat_id).or_insert(0);
        *counter += 1;
        *counter
    }

    fn queue_update(&mut self, mut update: Value) -> i64 {
        let update_id = self.next_update_id;
        self.next_update_id += 1;
        if let Value::Object(map) = &mut update {
            map.insert("update_id".to_owned(), json!(update_id));
        }
        self.last_update = Some((update_id, update.clone()));
        self.queue.push(Queued {
            update_id,
            update,
            forced: false,
            delivered: false,
        });
        update_id
    }

    /// Takes the fault to apply to a call of `method`, if one is armed.
    fn take_fault(&mut self, method: &str) -> Option<Fault> {
        let index = self.faults.iter().position(|f| match &f.method {
            Some(m) => m.eq_ignore_ascii_case(method),
            None => !method.eq_ignore_ascii_case("getUpdates"),
        })?;
        let fault = self.faults[index].fault;
        self.faults[index].remaining -= 1;
        if self.faults[index].remaining == 0 {
            self.faults.remove(index);
        }
        Some(fault)
    }

    /// True if the rate limit refuses this send/edit call; counts it otherwise.
    fn rate_limited(&mut self, method: &str) -> bool {
        let Some(per_second) = self.rate_limit else {
            return false;
        };
        if !is_rate_limited_method(method) {
            return false;
        }
        let now = Instant::now();
        while let Some(first) = self.rate_window.front() {
            if now.duration_since(*first) >= Duration::from_secs(1) {
                self.rate_window.pop_front();
            } else {
                break;
            }
        }
        if self.rate_window.len() >= per_second as usize {
            return true;
        }
        self.rate_window.push_back(now);
        false
    }
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
            .spawn(move || accept_loop(listener, accept_shared))
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
        let mut state = self.state();
        let message_id = state.next_message_id(chat_id);
        let mut message = json!({
            "message_id": message_id,
            "date": now_secs(),
            "chat": chat_json(chat_id),
            "from": user_json(chat_id),
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
        let mut state = self.state();
        let message = match state.bot_messages.get(&(chat_id, message_id)) {
            Some(m) => m.json.clone(),
            None => json!({ "message_id": message_id, "date": 0, "chat": chat_json(chat_id) }),
        };
        let callback_id = state.next_callback_id;
        state.next_callback_id += 1;
        let update = json!({
            "callback_query": {
                "id": format!("cbq-{callback_id}"),
                "from": user_json(chat_id),
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
        let mut state = self.state();
        let message_id = state.next_message_id(chat_id);
        let message = json!({
            "message_id": message_id,
            "date": now_secs(),
            "chat": group_chat_json(chat_id),
            "from": user_json(chat_id.saturating_abs()),
            "text": text,
        });
        let id = state.queue_update(json!({ "message": message }));
        drop(state);
        self.shared.updates_cv.notify_all();
        id
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
        if times == 0 {
            return;
        }
        self.state().faults.push(InjectedFault {
            method: method.map(str::to_owned),
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

fn user_json(user_id: i64) -> Value {
    json!({ "id": user_id, "is_bot": false, "first_name": "Mum", "language_code": "en" })
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

fn inline_keyboard(markup: Option<&Value>) -> Option<&Value> {
    markup?.get("inline_keyboard")
}

fn is_rate_limited_method(method: &str) -> bool {
    let m = method.to_ascii_lowercase();
    (m.starts_with("send") && m != "sendchataction")
        || m.starts_with("edit")
        || m == "copymessage"
        || m == "forwardmessage"
}

/// "SendMessage" (what teloxide puts in the URL) -> "sendMessage".
fn camel_case(method: &str) -> String {
    let mut chars = method.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn ok(result: Value) -> (u16, Value) {
    (200, json!({ "ok": true, "result": result }))
}

fn error(code: u16, description: &str) -> (u16, Value) {
    (
        code,
        json!({ "ok": false, "error_code": code, "description": description }),
    )
}

fn too_many_requests(retry_after: u64) -> (u16, Value) {
    (
        429,
        json!({
            "ok": false,
            "error_code": 429,
            "description": format!("Too Many Requests: retry after {retry_after}"),
            "parameters": { "retry_after": retry_after },
        }),
    )
}

// ---------------------------------------------------------------------------------------------
// The API methods

enum Outcome {
    Respond(u16, Value),
    Drop,
}

fn handle_call(shared: &Shared, path: &str, params: Value) -> Outcome {
    let path = path.split('?').next().unwrap_or("");
    let mut segments = path.trim_matches('/').split('/');
    let (Some(bot), Some(method), None) = (segments.next(), segments.next(), segments.next())
    else {
        let (code, body) = error(404, "Not Found");
        return Outcome::Respond(code, body);
    };
    if !bot.starts_with("bot") || method.is_empty() {
        let (code, body) = error(404, "Not Found");
        return Outcome::Respond(code, body);
    }
    let method = camel_case(method);

    let fault = {
        let mut state = lock(&shared.state);
        state.calls.push((method.clone(), params.clone()));
        state.take_fault(&method)
    };
    match fault {
        Some(Fault::TooManyRequests { retry_after }) => {
            let (code, body) = too_many_requests(retry_after);
            return Outcome::Respond(code, body);
        }
        Some(Fault::ServerError) => {
            let (code, body) = error(500, "Internal Server Error");
            return Outcome::Respond(code, body);
        }
        Some(Fault::DropConnection) => return Outcome::Drop,
        Some(Fault::Slow { millis }) => sleep_unless_stopped(shared, Duration::from_millis(millis)),
        None => {}
    }

    let (code, body) = if method.eq_ignore_ascii_case("getUpdates") {
        get_updates(shared, &params)
    } else {
        let mut state = lock(&shared.state);
        if state.rate_limited(&method) {
            too_many_requests(1)
        } else {
            answer(&mut state, &method, &params)
        }
    };
    Outcome::Respond(code, body)
}

fn sleep_unless_stopped(shared: &Shared, duration: Duration) {
    let deadline = Instant::now() + duration;
    while !shared.stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        thread::sleep((deadline - now).min(Duration::from_millis(10)));
    }
}

fn get_updates(shared: &Shared, params: &Value) -> (u16, Value) {
    let offset = params.get("offset").and_then(as_i64);
    let limit = params
        .get("limit")
        .and_then(as_i64)
        .map_or(100, |l| l.clamp(1, 100) as usize);
    let timeout = params.get("timeout").and_then(as_i64).unwrap_or(0).max(0) as u64;

    let mut state = lock(&shared.state);
    let wait = Duration::from_secs(timeout).min(state.long_poll_cap);
    let deadline = Instant::now() + wait;
    match offset {
        // Telegram: a negative offset -N confirms all but the last N updates.
        Some(offset) if offset < 0 => {
            let keep = offset.unsigned_abs().min(state.queue.len() as u64) as usize;
            let drop_count = state.queue.len() - keep;
            if let Some(first_kept) = state.queue.get(drop_count).map(|q| q.update_id) {
                state.confirmed_offset = state.confirmed_offset.max(first_kept);
            } else if let Some(last) = state.queue.last().map(|q| q.update_id) {
                state.confirmed_offset = state.confirmed_offset.max(last + 1);
            }
            state.queue.drain(..drop_count);
        }
        Some(offset) => {
            state.confirmed_offset = state.confirmed_offset.max(offset);
            state
                .queue
                .retain(|q| q.update_id >= offset || (q.forced && !q.delivered));
        }
        None => {}
    }
    let min_id = offset.filter(|o| *o > 0).unwrap_or(i64::MIN);
    loop {
        let mut ready: Vec<usize> = (0..state.queue.len())
            .filter(|&i| {
                let q = &state.queue[i];
                q.update_id >= min_id || (q.forced && !q.delivered)
            })
            .collect();
        if !ready.is_empty() {
            // Telegram hands updates out in id order; a re-delivered duplicate comes first.
            ready.sort_by_key(|&i| state.queue[i].update_id);
            ready.truncate(limit);
            let mut result = Vec::with_capacity(ready.len());
            for i in ready {
                state.queue[i].delivered = true;
                result.push(state.queue[i].update.clone());
            }
            return ok(Value::Array(result));
        }
        let now = Instant::now();
        if now >= deadline || shared.stop.load(Ordering::SeqCst) {
            return ok(json!([]));
        }
        state = shared
            .updates_cv
            .wait_timeout(state, deadline - now)
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0;
    }
}

fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn string_param(params: &Value, key: &str) -> Option<String> {
    match params.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// `reply_markup` as an object (multipart bodies carry it as a JSON string).
fn markup_param(params: &Value) -> Option<Value> {
    match params.get("reply_markup")? {
        Value::Null => None,
        Value::String(s) => serde_json::from_str(s).ok().or_else(|| Some(json!(s))),
        other => Some(other.clone()),
    }
}

fn answer(state: &mut State, method: &str, params: &Value) -> (u16, Value) {
    let m = method.to_ascii_lowercase();
    match m.as_str() {
        "getme" => {
            let mut me = bot_user_json();
            me["can_join_groups"] = json!(false);
            me["can_read_all_group_messages"] = json!(false);
            me["supports_inline_queries"] = json!(false);
            me["can_connect_to_business"] = json!(false);
            me["has_main_web_app"] = json!(false);
            ok(me)
        }
        "getmycommands" => ok(json!([])),
        "editmessagetext" | "editmessagecaption" | "editmessagereplymarkup" => {
            edit_message(state, method, params)
        }
        "deletemessage" => {
            if let (Some(chat_id), Some(message_id)) = (
                params.get("chat_id").and_then(as_i64),
                params.get("message_id").and_then(as_i64),
            ) {
                state.bot_messages.remove(&(chat_id, message_id));
            }
            ok(json!(true))
        }
        "sendchataction" => ok(json!(true)),
        // Telegram answers an array of Messages; here one message stands for the album.
        "sendmediagroup" => match send_message(state, method, params) {
            (200, mut body) => {
                body["result"] = json!([body["result"].take()]);
                (200, body)
            }
            other => other,
        },
        _ if m.starts_with("send") || m == "copymessage" || m == "forwardmessage" => {
            send_message(state, method, params)
        }
        _ => ok(json!(true)),
    }
}

fn send_message(state: &mut State, method: &str, params: &Value) -> (u16, Value) {
    let Some(chat_id) = params.get("chat_id").and_then(as_i64) else {
        return error(400, "Bad Request: chat not found");
    };
    let m = method.to_ascii_lowercase();
    let text = string_param(params, "text").or_else(|| string_param(params, "caption"));
    let markup = markup_param(params);
    let message_id = state.next_message_id(chat_id);
    let mut message = json!({
        "message_id": message_id,
        "date": now_secs(),
        "chat": chat_json(chat_id),
        "from": bot_user_json(),
    });
    let file_id = format!("file-{chat_id}-{message_id}");
    let unique_id = format!("unique-{chat_id}-{message_id}");
    match m.as_str() {
        "sendphoto" => {
            message["photo"] = json!([
                { "file_id": format!("{file_id}-s"), "file_unique_id": format!("{unique_id}-s"),
                  "file_size": 1000, "width": 90, "height": 90 },
                { "file_id": file_id, "file_unique_id": unique_id,
                  "file_size": 10000, "width": 800, "height": 800 },
            ]);
        }
        "senddocument" => {
            let file_name = params
                .get("document")
                .and_then(|d| d.get("file_name"))
                .and_then(Value::as_str)
                .unwrap_or("document");
            message["document"] = json!({
                "file_id": file_id,
                "file_unique_id": unique_id,
                "file_size": params.get("_raw_len").and_then(Value::as_u64).unwrap_or(0),
                "file_name": file_name,
            });
        }
        _ => {}
    }
    if message.get("photo").is_some() || message.get("document").is_some() {
        if let Some(caption) = string_param(params, "caption") {
            message["caption"] = json!(caption);
        }
    } else {
        // Any other send is answered as a text message, so that it deserializes.
        message["text"] = json!(text.clone().unwrap_or_default());
    }
    if let Some(keyboard) = markup
        .as_ref()
        .filter(|m| inline_keyboard(Some(m)).is_some())
    {
        message["reply_markup"] = keyboard.clone();
        state.last_keyboard_message.insert(chat_id, message_id);
    }
    state.bot_messages.insert(
        (chat_id, message_id),
        BotMessage {
            text: text.clone().unwrap_or_default(),
            reply_markup: markup.clone(),
            json: message.clone(),
        },
    );
    state.sent.push(Sent {
        method: method.to_owned(),
        chat_id,
        message_id,
        text,
        reply_markup: markup,
        params: params.clone(),
    });
    ok(message)
}

fn edit_message(state: &mut State, method: &str, params: &Value) -> (u16, Value) {
    if params.get("inline_message_id").is_some() {
        return ok(json!(true));
    }
    let (Some(chat_id), Some(message_id)) = (
        params.get("chat_id").and_then(as_i64),
        params.get("message_id").and_then(as_i64),
    ) else {
        return error(400, "Bad Request: message to edit not found");
    };
    let m = method.to_ascii_lowercase();
    let markup = markup_param(params);
    let new_text = match m.as_str() {
        "editmessagetext" => string_param(params, "text"),
        "editmessagecaption" => Some(string_param(params, "caption").unwrap_or_default()),
        _ => None,
    };
    let Some(stored) = state.bot_messages.get_mut(&(chat_id, message_id)) else {
        return error(400, "Bad Request: message to edit not found");
    };
    if let Some(text) = &new_text {
        stored.text = text.clone();
        if stored.json.get("text").is_some() {
            stored.json["text"] = json!(text);
        } else {
            stored.json["caption"] = json!(text);
        }
    }
    // As in Telegram, an edit without reply_markup removes the inline keyboard.
    stored.reply_markup = markup.clone();
    let has_keyboard = inline_keyboard(markup.as_ref()).is_some();
    if let Value::Object(map) = &mut stored.json {
        map.insert("edit_date".to_owned(), json!(now_secs()));
        match &markup {
            Some(keyboard) if has_keyboard => {
                map.insert("reply_markup".to_owned(), keyboard.clone());
            }
            _ => {
                map.remove("reply_markup");
            }
        }
    }
    let message = stored.json.clone();
    if has_keyboard {
        state.last_keyboard_message.insert(chat_id, message_id);
    }
    state.sent.push(Sent {
        method: method.to_owned(),
        chat_id,
        message_id,
        text: new_text,
        reply_markup: markup,
        params: params.clone(),
    });
    ok(message)
}

// ---------------------------------------------------------------------------------------------
// HTTP

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let conn_shared = Arc::clone(&shared);
                let spawned = thread::Builder::new()
                    .name("fake-api-conn".to_owned())
                    .spawn(move || serve_connection(stream, conn_shared));
                if let Ok(handle) = spawned {
                    let mut threads = lock(&shared.conn_threads);
                    threads.retain(|h| !h.is_finished());
                    threads.push(handle);
                }
            }
            Err(_) => thread::sleep(Duration::from_millis(5)),
        }
    }
}

struct Request {
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    close: bool,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

struct Connection {
    stream: TcpStream,
    buf: Vec<u8>,
    shared: Arc<Shared>,
}

impl Connection {
    /// Reads more bytes into `buf`; `Err` when the peer closed, the server stops, the deadline
    /// passes or the socket fails.
    fn fill(&mut self, deadline: Instant) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if self.shared.stop.load(Ordering::SeqCst) {
                return Err(io::Error::other("server stopped"));
            }
            if Instant::now() >= deadline {
                return Err(io::ErrorKind::TimedOut.into());
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => {
                    if self.buf.len() + n > MAX_REQUEST_BYTES {
                        return Err(io::Error::other("request too large"));
                    }
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                            | io::ErrorKind::Interrupted
                    ) => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Takes one "\r\n"-terminated line (without it) from `buf`.
    fn line(&mut self, deadline: Instant) -> io::Result<String> {
        loop {
            if let Some(pos) = find(&self.buf, b"\r\n") {
                let line = String::from_utf8_lossy(&self.buf[..pos]).into_owned();
                self.buf.drain(..pos + 2);
                return Ok(line);
            }
            self.fill(deadline)?;
        }
    }

    fn take(&mut self, n: usize, deadline: Instant) -> io::Result<Vec<u8>> {
        if n > MAX_REQUEST_BYTES {
            return Err(io::Error::other("request too large"));
        }
        while self.buf.len() < n {
            self.fill(deadline)?;
        }
        Ok(self.buf.drain(..n).collect())
    }

    fn read_request(&mut self) -> io::Result<Request> {
        let idle_deadline = Instant::now() + IDLE_TIMEOUT;
        while self.buf.is_empty() {
            self.fill(idle_deadline)?;
        }
        let deadline = Instant::now() + REQUEST_TIMEOUT;
        let request_line = self.line(deadline)?;
        let mut parts = request_line.split_whitespace();
        let (Some(_method), Some(path), version) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(io::Error::other("bad request line"));
        };
        let path = path.to_owned();
        let mut close = version == Some("HTTP/1.0");
        let mut headers = Vec::new();
        loop {
            let line = self.line(deadline)?;
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        if let Some(connection) = header("connection") {
            if connection.contains("close") {
                close = true;
            } else if connection.contains("keep-alive") {
                close = false;
            }
        }
        if header("expect").is_some_and(|e| e.contains("100-continue")) {
            self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let body = if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
            let mut body = Vec::new();
            loop {
                let size_line = self.line(deadline)?;
                let size_hex = size_line.split(';').next().unwrap_or("").trim();
                let size = usize::from_str_radix(size_hex, 16)
                    .map_err(|_| io::Error::other("bad chunk size"))?;
                if size == 0 {
                    // Trailers, up to the empty line.
                    while !self.line(deadline)?.is_empty() {}
                    break;
                }
                body.extend(self.take(size, deadline)?);
                self.take(2, deadline)?;
                if body.len() > MAX_REQUEST_BYTES {
                    return Err(io::Error::other("request too large"));
                }
            }
            body
        } else {
            let length = match header("content-length") {
                Some(l) => l
                    .parse()
                    .map_err(|_| io::Error::other("bad content-length"))?,
                None => 0,
            };
            self.take(length, deadline)?
        };
        Ok(Request {
            path,
            headers,
            body,
            close,
        })
    }

    fn respond(&mut self, code: u16, body: &Value, close: bool) -> io::Result<()> {
        let reason = match code {
            200 => "OK",
            400 => "Bad Request",
            404 => "Not Found",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            _ => "Error",
        };
        let body = body.to_string();
        let head = format!(
            "HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: {}\r\n\r\n",
            body.len(),
            if close { "close" } else { "keep-alive" },
        );
        let mut out = head.into_bytes();
        out.extend_from_slice(body.as_bytes());
        self.stream.write_all(&out)?;
        self.stream.flush()
    }
}

fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    if stream.set_nonblocking(false).is_err()
        || stream.set_read_timeout(Some(READ_TICK)).is_err()
        || stream
            .set_write_timeout(Some(Duration::from_secs(10)))
            .is_err()
    {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut conn = Connection {
        stream,
        buf: Vec::new(),
        shared,
    };
    while let Ok(request) = conn.read_request() {
        let params = parse_body(&request);
        match handle_call(&conn.shared, &request.path, params) {
            Outcome::Drop => {
                let _ = conn.stream.shutdown(Shutdown::Both);
                return;
            }
            Outcome::Respond(code, body) => {
                if conn.respond(code, &body, request.close).is_err() || request.close {
                    break;
                }
            }
        }
    }
    let _ = conn.stream.shutdown(Shutdown::Both);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The request's parameters as a JSON object: the JSON body, the multipart fields, or the
/// query/form fields; `{}` when empty.
fn parse_body(request: &Request) -> Value {
    let content_type = request.header("content-type").unwrap_or("").to_owned();
    let lower = content_type.to_ascii_lowercase();
    let mut params = if lower.starts_with("multipart/form-data") {
        parse_multipart(&content_type, &request.body)
    } else if lower.starts_with("application/x-www-form-urlencoded") {
        parse_form(&String::from_utf8_lossy(&request.body))
    } else if request.body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&request.body)
            .unwrap_or_else(|_| json!({ "_raw_len": request.body.len() }))
    };
    if let Some((_, query)) = request.path.split_once('?')
        && let (Value::Object(map), Value::Object(extra)) = (&mut params, parse_form(query))
    {
        for (key, value) in extra {
            map.entry(key).or_insert(value);
        }
    }
    params
}

fn parse_form(text: &str) -> Value {
    let mut map = serde_json::Map::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        map.insert(percent_decode(key), form_value(&percent_decode(value)));
    }
    Value::Object(map)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A form field's value: numbers and booleans as such, JSON objects/arrays parsed, else text.
fn form_value(text: &str) -> Value {
    let trimmed = text.trim();
    if let Ok(n) = trimmed.parse::<i64>() {
        return json!(n);
    }
    match trimmed {
        "true" => return json!(true),
        "false" => return json!(false),
        _ => {}
    }
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(value) = serde_json::from_str(trimmed)
    {
        return value;
    }
    json!(text)
}

fn parse_multipart(content_type: &str, body: &[u8]) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("_raw_len".to_owned(), json!(body.len()));
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned());
    let Some(boundary) = boundary else {
        return Value::Object(map);
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let mut rest = body;
    // Skip the preamble.
    let Some(start) = find(rest, &delimiter) else {
        return Value::Object(map);
    };
    rest = &rest[start + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            break;
        }
        let rest_after_crlf = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let Some(end) = find(rest_after_crlf, &delimiter) else {
            break;
        };
        let part = &rest_after_crlf[..end];
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        rest = &rest_after_crlf[end + delimiter.len()..];

        let Some(head_end) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..head_end]);
        let content = &part[head_end + 4..];
        let mut name = None;
        let mut file_name = None;
        for line in head.split("\r\n") {
            let Some((header, value)) = line.split_once(':') else {
                continue;
            };
            if !header.trim().eq_ignore_ascii_case("content-disposition") {
                continue;
            }
            for attr in value.split(';') {
                if let Some((k, v)) = attr.trim().split_once('=') {
                    let v = v.trim().trim_matches('"').to_owned();
                    match k.trim().to_ascii_lowercase().as_str() {
                        "name" => name = Some(v),
                        "filename" => file_name = Some(v),
                        _ => {}
                    }
                }
            }
        }
        let Some(name) = name else {
            continue;
        };
        let value = match file_name {
            Some(file_name) => json!({ "file_name": file_name, "size": content.len() }),
            None => form_value(&String::from_utf8_lossy(content)),
        };
        map.insert(name, value);
    }
    // teloxide names a file part randomly and refers to it as "attach://NAME" from the field
    // ("photo", "document", ...): put the file in that field.
    let references: Vec<(String, String)> = map
        .iter()
        .filter_map(|(key, value)| {
            let part = value.as_str()?.strip_prefix("attach://")?;
            Some((key.clone(), part.to_owned()))
        })
        .collect();
    for (key, part) in references {
        if let Some(file) = map.remove(&part) {
            map.insert(key, file);
        }
    }
    Value::Object(map)
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// Status and parsed JSON body of one POST on a fresh connection, or None if the server
    /// closed the connection without answering.
    fn post(api: &FakeApi, method: &str, body: &Value) -> Option<(u16, Value)> {
        let mut stream = TcpStream::connect(api.addr()).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        post_on(&mut stream, method, body)
    }

    fn post_on(stream: &mut TcpStream, method: &str, body: &Value) -> Option<(u16, Value)> {
        let body = body.to_string();
        let request = format!(
            "POST /bot123:TOKEN/{method} HTTP/1.1\r\nHost: 127.0.0.1\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("write request");
        read_response(stream)
    }

    fn read_response(stream: &mut TcpStream) -> Option<(u16, Value)> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            if let Some(pos) = find(&buf, b"\r\n\r\n") {
                break pos;
            }
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return None,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let status: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().unwrap())
            })
            .expect("content-length");
        let mut body = buf[head_end + 4..].to_vec();
        while body.len() < length {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return None,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
            }
        }
        Some((
            status,
            serde_json::from_slice(&body[..length]).expect("json body"),
        ))
    }

    fn result(response: Option<(u16, Value)>) -> Value {
        let (status, body) = response.expect("a response");
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["ok"], json!(true));
        body["result"].clone()
    }

    #[test]
    fn get_me_has_the_bot_user_shape() {
        let api = FakeApi::start();
        assert!(api.url().starts_with("http://127.0.0.1:"));
        let me = result(post(&api, "getMe", &json!({})));
        assert_eq!(me["id"], json!(777));
        assert_eq!(me["is_bot"], json!(true));
        assert_eq!(me["first_name"], json!("Restride"));
        assert_eq!(me["username"], json!("restride_test_bot"));
        for field in [
            "can_join_groups",
            "can_read_all_group_messages",
            "supports_inline_queries",
            "has_main_web_app",
        ] {
            assert_eq!(me[field], json!(false), "{field}");
        }
        assert_eq!(api.count("getme"), 1);
        assert_eq!(api.calls()[0].0, "getMe");
    }

    #[test]
    fn teloxide_style_method_names_are_accepted() {
        let api = FakeApi::start();
        let sent = result(post(
            &api,
            "SendMessage",
            &json!({ "chat_id": 5, "text": "hi" }),
        ));
        assert_eq!(sent["message_id"], json!(1));
        assert_eq!(api.sent(5)[0].method, "sendMessage");
        assert_eq!(api.count("sendMessage"), 1);
        assert_eq!(
            result(post(&api, "AnswerCallbackQuery", &json!({}))),
            json!(true)
        );
        assert_eq!(result(post(&api, "GetMyCommands", &json!({}))), json!([]));
    }

    #[test]
    fn pushed_message_is_delivered_then_dropped_by_offset() {
        let api = FakeApi::start();
        let id = api.push_message(42, "hello");
        assert_eq!(api.pending_updates(), 1);
        let updates = result(post(&api, "getUpdates", &json!({ "timeout": 0 })));
        let updates = updates.as_array().unwrap();
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0]["update_id"], json!(id));
        let message = &updates[0]["message"];
        assert_eq!(message["text"], json!("hello"));
        assert_eq!(message["message_id"], json!(1));
        assert_eq!(
            message["chat"],
            json!({ "id": 42, "type": "private", "first_name": "Mum" })
        );
        assert_eq!(message["from"]["id"], json!(42));
        assert_eq!(message["from"]["is_bot"], json!(false));

        // Not confirmed yet: delivered again.
        let again = result(post(
            &api,
            "getUpdates",
            &json!({ "offset": id, "timeout": 0 }),
        ));
        assert_eq!(again.as_array().unwrap().len(), 1);
        assert_eq!(api.pending_updates(), 1);

        // Confirmed: gone for good.
        let after = result(post(
            &api,
            "getUpdates",
            &json!({ "offset": id + 1, "timeout": 0 }),
        ));
        assert_eq!(after, json!([]));
        assert_eq!(api.confirmed_offset(), id + 1);
        assert_eq!(api.pending_updates(), 0);
        let without_offset = result(post(&api, "getUpdates", &json!({ "timeout": 0 })));
        assert_eq!(without_offset, json!([]));
    }

    #[test]
    fn updates_come_in_order_up_to_limit() {
        let api = FakeApi::start();
        let a = api.push_message(1, "a");
        let b = api.push_command(1, "/start now");
        let c = api.push_group_message(-100, "hi all");
        let first = result(post(&api, "getUpdates", &json!({ "limit": 2 })));
        let ids: Vec<_> = first
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["update_id"].clone())
            .collect();
        assert_eq!(ids, vec![json!(a), json!(b)]);
        let command = &first[1]["message"];
        assert_eq!(command["message_id"], json!(2));
        assert_eq!(
            command["entities"],
            json!([{ "type": "bot_command", "offset": 0, "length": 6 }])
        );
        let rest = result(post(&api, "getUpdates", &json!({ "offset": b + 1 })));
        assert_eq!(rest[0]["update_id"], json!(c));
        assert_eq!(rest[0]["message"]["chat"]["type"], json!("group"));
        assert_eq!(rest[0]["message"]["chat"]["title"], json!("Mums group"));
        assert_eq!(rest[0]["message"]["chat"]["id"], json!(-100));
    }

    #[test]
    fn long_poll_returns_early_when_an_update_is_pushed() {
        let api = Arc::new(FakeApi::start());
        api.set_long_poll_cap(Duration::from_secs(10));
        let pusher = {
            let api = Arc::clone(&api);
            thread::spawn(move || {
                thread::sleep(Duration::from_millis(200));
                api.push_message(7, "wake up")
            })
        };
        let started = Instant::now();
        let updates = result(post(
            &api,
            "getUpdates",
            &json!({ "offset": 1, "timeout": 30 }),
        ));
        let elapsed = started.elapsed();
        let id = pusher.join().unwrap();
        assert_eq!(updates[0]["update_id"], json!(id));
        assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }

    #[test]
    fn long_poll_is_capped() {
        let api = FakeApi::start();
        api.set_long_poll_cap(Duration::from_millis(300));
        let started = Instant::now();
        let updates = result(post(&api, "getUpdates", &json!({ "timeout": 60 })));
        assert_eq!(updates, json!([]));
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    }

    #[test]
    fn negative_offset_keeps_only_the_last_updates() {
        let api = FakeApi::start();
        api.push_message(1, "a");
        let b = api.push_message(1, "b");
        let updates = result(post(
            &api,
            "getUpdates",
            &json!({ "offset": -1, "timeout": 0 }),
        ));
        assert_eq!(updates.as_array().unwrap().len(), 1);
        assert_eq!(updates[0]["update_id"], json!(b));
        assert_eq!(api.pending_updates(), 1);
    }

    #[test]
    fn duplicate_is_redelivered_even_after_confirmation() {
        let api = FakeApi::start();
        let id = api.push_message(3, "once");
        result(post(&api, "getUpdates", &json!({ "offset": 0 })));
        result(post(
            &api,
            "getUpdates",
            &json!({ "offset": id + 1, "timeout": 0 }),
        ));
        assert_eq!(api.pending_updates(), 0);
        api.duplicate_last_update();
        let again = result(post(
            &api,
            "getUpdates",
            &json!({ "offset": id + 1, "timeout": 0 }),
        ));
        assert_eq!(again.as_array().unwrap().len(), 1);
        assert_eq!(again[0]["update_id"], json!(id));
        assert_eq!(again[0]["message"]["text"], json!("once"));
        let after = result(post(
            &api,
            "getUpdates",
            &json!({ "offset": id + 1, "timeout": 0 }),
        ));
        assert_eq!(after, json!([]));
        assert_eq!(api.pending_updates(), 0);
    }

    #[test]
    fn send_message_assigns_increasing_ids_and_records_sent() {
        let api = FakeApi::start();
        api.push_message(10, "hi");
        let keyboard = json!({ "inline_keyboard": [[{ "text": "Yes", "callback_data": "yes" }]] });
        let first = result(post(
            &api,
            "sendMessage",
            &json!({ "chat_id": 10, "text": "Question?", "reply_markup": keyboard }),
        ));
        assert_eq!(first["message_id"], json!(2));
        assert_eq!(first["chat"]["id"], json!(10));
        assert_eq!(first["from"]["id"], json!(777));
        assert_eq!(first["text"], json!("Question?"));
        assert_eq!(first["reply_markup"], keyboard);
        assert!(first["date"].as_u64().unwrap() > 1_600_000_000);
        let second = result(post(
            &api,
            "sendMessage",
            &json!({ "chat_id": 10, "text": "Plain" }),
        ));
        assert_eq!(second["message_id"], json!(3));
        assert!(second.get("reply_markup").is_none());
        let other = result(post(
            &api,
            "sendMessage",
            &json!({ "chat_id": 11, "text": "x" }),
        ));
        assert_eq!(other["message_id"], json!(1));

        let sent = api.sent(10);
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].method, "sendMessage");
        assert_eq!(sent[0].message_id, 2);
        assert_eq!(sent[0].text.as_deref(), Some("Question?"));
        assert_eq!(sent[0].reply_markup, Some(keyboard.clone()));
        assert_eq!(sent[0].params["chat_id"], json!(10));
        assert_eq!(sent[1].message_id, 3);
        assert_eq!(api.last_text(10).as_deref(), Some("Plain"));
        assert_eq!(
            api.last_keyboard(10),
            Some(keyboard["inline_keyboard"].clone())
        );
        assert_eq!(
            api.message(10, 2),
            Some(("Question?".to_owned(), Some(keyboard)))
        );
        assert_eq!(api.count("sendMessage"), 3);
    }

    #[test]
    fn edits_update_the_message_and_the_keyboard() {
        let api = FakeApi::start();
        let keyboard = json!({ "inline_keyboard": [[{ "text": "A", "callback_data": "a" }]] });
        result(post(
            &api,
            "sendMessage",
            &json!({ "chat_id": 1, "text": "Pick", "reply_markup": keyboard }),
        ));
        let cb = api.push_callback(1, 1, "a");
        let updates = result(post(&api, "getUpdates", &json!({})));
        let query = &updates[0]["callback_query"];
        assert_eq!(updates[0]["update_id"], json!(cb));
        assert_eq!(query["data"], json!("a"));
        assert_eq!(query["from"]["id"], json!(1));
        assert_eq!(query["message"]["message_id"], json!(1));
        assert_eq!(query["message"]["text"], json!("Pick"));
        assert_eq!(query["message"]["reply_markup"], keyboard);
        assert!(query["id"].is_string() && query["chat_instance"].is_string());

        let edited = result(post(
            &api,
            "editMessageText",
            &json!({ "chat_id": 1, "message_id": 1, "text": "Picked A" }),
        ));
        assert_eq!(edited["text"], json!("Picked A"));
        assert!(edited.get("reply_markup").is_none());
        assert!(edited.get("edit_date").is_some());
        assert_eq!(api.message(1, 1), Some(("Picked A".to_owned(), None)));
        assert_eq!(api.last_keyboard(1), None);
        assert_eq!(api.last_text(1).as_deref(), Some("Picked A"));
        let edit = api.sent(1).pop().unwrap();
        assert_eq!(
            (edit.method.as_str(), edit.message_id),
            ("editMessageText", 1)
        );

        let new_keyboard = json!({ "inline_keyboard": [[{ "text": "B", "callback_data": "b" }]] });
        let edited = result(post(
            &api,
            "editMessageReplyMarkup",
            &json!({ "chat_id": 1, "message_id": 1, "reply_markup": new_keyboard }),
        ));
        assert_eq!(edited["text"], json!("Picked A"));
        assert_eq!(edited["reply_markup"], new_keyboard);
        assert_eq!(
            api.last_keyboard(1),
            Some(new_keyboard["inline_keyboard"].clone())
        );

        let (status, body) = post(
            &api,
            "editMessageText",
            &json!({ "chat_id": 1, "message_id": 99, "text": "x" }),
        )
        .unwrap();
        assert_eq!(status, 400);
        assert_eq!(body["ok"], json!(false));
    }

    #[test]
    fn callback_on_unknown_message_is_inaccessible() {
        let api = FakeApi::start();
        api.push_callback(4, 9, "x");
        let updates = result(post(&api, "getUpdates", &json!({})));
        let message = &updates[0]["callback_query"]["message"];
        assert_eq!(message["date"], json!(0));
        assert_eq!(message["message_id"], json!(9));
    }

    #[test]
    fn injected_429_answers_then_recovers() {
        let api = FakeApi::start();
        api.inject(
            Some("sendMessage"),
            Fault::TooManyRequests { retry_after: 3 },
            2,
        );
        let body = json!({ "chat_id": 1, "text": "hi" });
        for _ in 0..2 {
            let (status, error) = post(&api, "sendMessage", &body).unwrap();
            assert_eq!(status, 429);
            assert_eq!(error["ok"], json!(false));
            assert_eq!(error["error_code"], json!(429));
            assert_eq!(
                error["description"],
                json!("Too Many Requests: retry after 3")
            );
            assert_eq!(error["parameters"]["retry_after"], json!(3));
        }
        // Other methods are not affected.
        assert_eq!(
            result(post(&api, "sendChatAction", &json!({ "chat_id": 1 }))),
            json!(true)
        );
        let sent = result(post(&api, "sendMessage", &body));
        assert_eq!(sent["message_id"], json!(1));
        assert_eq!(api.sent(1).len(), 1);
        assert_eq!(api.count("sendMessage"), 3);
    }

    #[test]
    fn server_error_and_slow_faults() {
        let api = FakeApi::start();
        api.inject(None, Fault::ServerError, 1);
        // getUpdates is exempt from method-less faults.
        assert_eq!(result(post(&api, "getUpdates", &json!({}))), json!([]));
        let (status, body) = post(&api, "getMe", &json!({})).unwrap();
        assert_eq!(status, 500);
        assert_eq!(
            body,
            json!({ "ok": false, "error_code": 500, "description": "Internal Server Error" })
        );
        api.inject(Some("getMe"), Fault::Slow { millis: 300 }, 1);
        let started = Instant::now();
        result(post(&api, "getMe", &json!({})));
        assert!(started.elapsed() >= Duration::from_millis(300));
    }

    #[test]
    fn drop_connection_closes_without_a_response() {
        let api = FakeApi::start();
        api.inject(Some("sendMessage"), Fault::DropConnection, 1);
        let body = json!({ "chat_id": 1, "text": "hi" });
        let mut stream = TcpStream::connect(api.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        // A keep-alive connection serves several requests until the fault.
        result(post_on(&mut stream, "getMe", &json!({})));
        let started = Instant::now();
        assert!(post_on(&mut stream, "sendMessage", &body).is_none());
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "closed, not timed out"
        );
        assert!(api.sent(1).is_empty());
        // The next call on a new connection works.
        assert_eq!(
            result(post(&api, "sendMessage", &body))["message_id"],
            json!(1)
        );
    }

    #[test]
    fn rate_limit_answers_429_above_n_per_second() {
        let api = FakeApi::start();
        api.set_rate_limit(Some(3));
        let mut stream = TcpStream::connect(api.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut statuses = Vec::new();
        for i in 0..5 {
            let chat = 1 + i % 2;
            let (status, body) = post_on(
                &mut stream,
                "sendMessage",
                &json!({ "chat_id": chat, "text": "x" }),
            )
            .unwrap();
            if status == 429 {
                assert_eq!(body["parameters"]["retry_after"], json!(1));
            }
            statuses.push(status);
        }
        assert_eq!(statuses, vec![200, 200, 200, 429, 429]);
        // Not rate limited: chat actions and reads.
        assert_eq!(
            result(post_on(&mut stream, "sendChatAction", &json!({}))),
            json!(true)
        );
        assert_eq!(
            result(post_on(&mut stream, "getMe", &json!({})))["id"],
            json!(777)
        );
        thread::sleep(Duration::from_millis(1100));
        let (status, _) = post_on(
            &mut stream,
            "sendMessage",
            &json!({ "chat_id": 1, "text": "x" }),
        )
        .unwrap();
        assert_eq!(status, 200);
        api.set_rate_limit(None);
        for _ in 0..5 {
            let (status, _) = post_on(
                &mut stream,
                "sendMessage",
                &json!({ "chat_id": 1, "text": "x" }),
            )
            .unwrap();
            assert_eq!(status, 200);
        }
    }

    #[test]
    fn multipart_send_photo_is_recorded() {
        let api = FakeApi::start();
        let boundary = "XyZ";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n12\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n\
                 Your plan\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"reply_markup\"\r\n\r\n\
                 {{\"inline_keyboard\":[[{{\"text\":\"OK\",\"callback_data\":\"ok\"}}]]}}\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; \
                 filename=\"plan.png\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&[0x89, b'P', b'N', b'G', 0, 1, 2, 3, b'\r', b'\n', 0xff]);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        // Sent chunked, as reqwest does for streamed files.
        let mut request = format!(
            "POST /bot1:T/SendPhoto HTTP/1.1\r\nHost: x\r\n\
             Content-Type: multipart/form-data; boundary={boundary}\r\n\
             Transfer-Encoding: chunked\r\n\r\n"
        )
        .into_bytes();
        for chunk in body.chunks(50) {
            request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            request.extend_from_slice(chunk);
            request.extend_from_slice(b"\r\n");
        }
        request.extend_from_slice(b"0\r\n\r\n");
        let mut stream = TcpStream::connect(api.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream.write_all(&request).unwrap();
        let message = result(read_response(&mut stream));
        assert_eq!(message["chat"]["id"], json!(12));
        assert_eq!(message["caption"], json!("Your plan"));
        assert!(!message["photo"].as_array().unwrap().is_empty());
        assert_eq!(message["photo"][0]["width"], json!(90));
        let sent = api.sent(12);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].method, "sendPhoto");
        assert_eq!(sent[0].text.as_deref(), Some("Your plan"));
        assert_eq!(
            sent[0].reply_markup.as_ref().unwrap()["inline_keyboard"][0][0]["text"],
            "OK"
        );
        assert_eq!(
            sent[0].params["photo"],
            json!({ "file_name": "plan.png", "size": 11 })
        );
        assert_eq!(sent[0].params["_raw_len"], json!(body.len()));
        assert!(api.last_keyboard(12).is_some());
    }

    #[test]
    fn wait_until_times_out_and_succeeds() {
        let api = FakeApi::start();
        let started = Instant::now();
        assert!(!api.wait_until(Duration::from_millis(100), |a| a.count("getMe") > 0));
        assert!(started.elapsed() >= Duration::from_millis(100));
        result(post(&api, "getMe", &json!({})));
        assert!(api.wait_until(Duration::from_secs(1), |a| a.count("getMe") == 1));
    }

    #[test]
    fn drop_stops_promptly_even_with_open_connections() {
        let api = FakeApi::start();
        api.set_long_poll_cap(Duration::from_secs(30));
        let addr = api.addr();
        let idle = TcpStream::connect(addr).unwrap();
        let poller = thread::spawn(move || {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            post_on(&mut stream, "getUpdates", &json!({ "timeout": 30 }))
        });
        assert!(api.wait_until(Duration::from_secs(2), |a| a.count("getUpdates") == 1));
        let started = Instant::now();
        drop(api);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        let answer = poller.join().unwrap();
        assert_eq!(
            answer.map(|(status, body)| (status, body["result"].clone())),
            Some((200, json!([])))
        );
        drop(idle);
    }
}
