//! The fake Bot API's methods: what each call answers, and the state it changes.

use super::*;

impl State {
    pub(super) fn new() -> State {
        State {
            languages: HashMap::new(),
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
            violations: Vec::new(),
            violations_expected: false,
            replays_allowed: false,
            accepted: HashSet::new(),
            issued_queries: HashSet::new(),
            answered_queries: HashSet::new(),
            webhook: false,
        }
    }

    /// Records that a call broke a rule (`what`: Telegram's description or the rule).
    pub(super) fn violation(&mut self, method: &str, params: &Value, what: &str) {
        let mut body = params.to_string();
        if body.len() > 400 {
            let cut = (0..=400)
                .rev()
                .find(|&i| body.is_char_boundary(i))
                .unwrap_or(0);
            body.truncate(cut);
            body.push('…');
        }
        self.violations.push(format!("{method} {body}: {what}"));
    }

    /// Telegram's 400 for a call that contradicts the state it is in: a violation, unless it
    /// repeats an accepted call exactly and replays are allowed.
    fn refuse(&mut self, method: &str, params: &Value, description: &str) -> (u16, Value) {
        let replay = self.accepted.contains(&replay_key(method, params));
        if !(replay && self.replays_allowed) {
            self.violation(method, params, description);
        }
        error(400, description)
    }

    /// Remembers a stateful call Telegram accepted.
    fn accept(&mut self, method: &str, params: &Value) {
        self.accepted.insert(replay_key(method, params));
    }

    pub(super) fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let counter = self.next_message_id.entry(chat_id).or_insert(0);
        *counter += 1;
        *counter
    }

    pub(super) fn queue_update(&mut self, mut update: Value) -> i64 {
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

    /// Takes the fault to apply to a call of `method` with `params`, if one is armed.
    pub(super) fn take_fault(&mut self, method: &str, params: &Value) -> Option<Fault> {
        let chat = params.get("chat_id").and_then(as_i64);
        let index = self.faults.iter().position(|f| {
            f.chat.is_none_or(|c| chat == Some(c))
                && match &f.method {
                    Some(m) => m.eq_ignore_ascii_case(method),
                    None => !method.eq_ignore_ascii_case("getUpdates"),
                }
        })?;
        let fault = self.faults[index].fault;
        self.faults[index].remaining -= 1;
        if self.faults[index].remaining == 0 {
            self.faults.remove(index);
        }
        Some(fault)
    }

    /// True if the rate limit refuses this send/edit call; counts it otherwise.
    pub(super) fn rate_limited(&mut self, method: &str) -> bool {
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

pub(super) fn inline_keyboard(markup: Option<&Value>) -> Option<&Value> {
    markup?.get("inline_keyboard")
}

pub(super) fn is_rate_limited_method(method: &str) -> bool {
    let m = method.to_ascii_lowercase();
    (m.starts_with("send") && m != "sendchataction")
        || m.starts_with("edit")
        || m == "copymessage"
        || m == "forwardmessage"
}

/// "SendMessage" (what teloxide puts in the URL) -> "sendMessage".
pub(super) fn camel_case(method: &str) -> String {
    let mut chars = method.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

pub(super) fn ok(result: Value) -> (u16, Value) {
    (200, json!({ "ok": true, "result": result }))
}

pub(super) fn error(code: u16, description: &str) -> (u16, Value) {
    (
        code,
        json!({ "ok": false, "error_code": code, "description": description }),
    )
}

pub(super) fn too_many_requests(retry_after: u64) -> (u16, Value) {
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

pub(super) enum Outcome {
    Respond(u16, Value),
    Drop,
}

pub(super) fn handle_call(shared: &Shared, path: &str, params: Value) -> Outcome {
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

    let (fault, verdict) = {
        let mut state = lock(&shared.state);
        state.calls.push((method.clone(), params.clone()));
        for broken in rules::product_violations(&method, &params) {
            state.violation(&method, &params, &broken);
        }
        (
            state.take_fault(&method, &params),
            rules::check(&method, &params),
        )
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
        Some(Fault::BadRequest(description)) => {
            let (code, body) = error(400, description);
            return Outcome::Respond(code, body);
        }
        Some(Fault::Slow { millis }) => sleep_unless_stopped(shared, Duration::from_millis(millis)),
        None => {}
    }
    if let Err(description) = verdict {
        lock(&shared.state).violation(&method, &params, &description);
        let (code, body) = error(400, &description);
        return Outcome::Respond(code, body);
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

pub(super) fn sleep_unless_stopped(shared: &Shared, duration: Duration) {
    let deadline = Instant::now() + duration;
    while !shared.stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        thread::sleep((deadline - now).min(Duration::from_millis(10)));
    }
}

pub(super) fn get_updates(shared: &Shared, params: &Value) -> (u16, Value) {
    let offset = params.get("offset").and_then(as_i64);
    let limit = params
        .get("limit")
        .and_then(as_i64)
        .map_or(100, |l| l.clamp(1, 100) as usize);
    let timeout = params.get("timeout").and_then(as_i64).unwrap_or(0).max(0) as u64;

    let mut state = lock(&shared.state);
    if state.webhook {
        let description = "Conflict: can't use getUpdates method while webhook is active; use \
                           deleteWebhook to delete the webhook first";
        state.violation("getUpdates", params, description);
        return error(409, description);
    }
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
    // As Telegram does, kinds of update the call does not ask for are never delivered.
    let allowed: Vec<String> = params
        .get("allowed_updates")
        .and_then(Value::as_array)
        .map(|kinds| {
            kinds
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    loop {
        if !allowed.is_empty() {
            state.queue.retain(|q| {
                q.update.as_object().is_none_or(|fields| {
                    fields
                        .keys()
                        .all(|k| k == "update_id" || allowed.contains(k))
                })
            });
        }
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

pub(super) fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn string_param(params: &Value, key: &str) -> Option<String> {
    match params.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// `reply_markup` as an object (multipart bodies carry it as a JSON string).
pub(super) fn markup_param(params: &Value) -> Option<Value> {
    match params.get("reply_markup")? {
        Value::Null => None,
        Value::String(s) => serde_json::from_str(s).ok().or_else(|| Some(json!(s))),
        other => Some(other.clone()),
    }
}

pub(super) fn answer(state: &mut State, method: &str, params: &Value) -> (u16, Value) {
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
        "answercallbackquery" => {
            let id = string_param(params, "callback_query_id").unwrap_or_default();
            if !state.issued_queries.contains(&id) || !state.answered_queries.insert(id) {
                return state.refuse(
                    method,
                    params,
                    "Bad Request: query is too old and response timeout expired or query ID is \
                     invalid",
                );
            }
            state.accept(method, params);
            ok(json!(true))
        }
        "deletewebhook" => {
            state.webhook = false;
            ok(json!(true))
        }
        "setwebhook" => {
            state.webhook = true;
            ok(json!(true))
        }
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

pub(super) fn send_message(state: &mut State, method: &str, params: &Value) -> (u16, Value) {
    let Some(chat_id) = params.get("chat_id").and_then(as_i64) else {
        return state.refuse(method, params, "Bad Request: chat not found");
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

pub(super) fn edit_message(state: &mut State, method: &str, params: &Value) -> (u16, Value) {
    if params.get("inline_message_id").is_some() {
        return ok(json!(true));
    }
    let (Some(chat_id), Some(message_id)) = (
        params.get("chat_id").and_then(as_i64),
        params.get("message_id").and_then(as_i64),
    ) else {
        return state.refuse(method, params, "Bad Request: message to edit not found");
    };
    let m = method.to_ascii_lowercase();
    let markup = markup_param(params);
    let new_text = match m.as_str() {
        "editmessagetext" => string_param(params, "text"),
        "editmessagecaption" => Some(string_param(params, "caption").unwrap_or_default()),
        _ => None,
    };
    let Some(stored) = state.bot_messages.get(&(chat_id, message_id)) else {
        return state.refuse(method, params, "Bad Request: message to edit not found");
    };
    if m == "editmessagetext" && stored.json.get("text").is_none() {
        return state.refuse(
            method,
            params,
            "Bad Request: there is no text in the message to edit",
        );
    }
    let same_text = new_text.as_ref().is_none_or(|t| *t == stored.text);
    if same_text && keyboard_rows(stored.reply_markup.as_ref()) == keyboard_rows(markup.as_ref()) {
        return state.refuse(
            method,
            params,
            "Bad Request: message is not modified: specified new message content and reply \
             markup are exactly the same as a current content and reply markup of the message",
        );
    }
    state.accept(method, params);
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

/// The rows of an inline keyboard (none: empty).
fn keyboard_rows(markup: Option<&Value>) -> Vec<Value> {
    inline_keyboard(markup)
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .filter(|r| r.as_array().is_some_and(|b| !b.is_empty()))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// A call as a key: its method and body.
fn replay_key(method: &str, params: &Value) -> String {
    format!("{} {params}", method.to_ascii_lowercase())
}
