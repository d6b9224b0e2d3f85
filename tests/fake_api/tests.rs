//! Tests of the fake Bot API: updates, sends and edits.

use super::http::find;
use super::*;
use std::io::{Read, Write};

/// A fake API for tests of its own mechanics: their hand-made calls need not follow the
/// rules a bot's calls must (tests_rules.rs tests those).
pub(super) fn start() -> FakeApi {
    let api = FakeApi::start();
    api.expect_violations();
    api
}

/// Status and parsed JSON body of one POST on a fresh connection, or None if the server
/// closed the connection without answering.
pub(super) fn post(api: &FakeApi, method: &str, body: &Value) -> Option<(u16, Value)> {
    let mut stream = TcpStream::connect(api.addr()).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    post_on(&mut stream, method, body)
}

pub(super) fn post_on(stream: &mut TcpStream, method: &str, body: &Value) -> Option<(u16, Value)> {
    let body = body.to_string();
    let request = format!(
        "POST /bot123:TOKEN/{method} HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("write request");
    read_response(stream)
}

pub(super) fn read_response(stream: &mut TcpStream) -> Option<(u16, Value)> {
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

pub(super) fn result(response: Option<(u16, Value)>) -> Value {
    let (status, body) = response.expect("a response");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["ok"], json!(true));
    body["result"].clone()
}

#[test]
fn get_me_has_the_bot_user_shape() {
    let api = start();
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
    let api = start();
    let sent = result(post(
        &api,
        "SendMessage",
        &json!({ "chat_id": 5, "text": "hi" }),
    ));
    assert_eq!(sent["message_id"], json!(1));
    assert_eq!(api.sent(5)[0].method, "sendMessage");
    assert_eq!(api.count("sendMessage"), 1);
    api.push_callback(5, 1, "x");
    assert_eq!(
        result(post(
            &api,
            "AnswerCallbackQuery",
            &json!({ "callback_query_id": "cbq-1" })
        )),
        json!(true)
    );
    assert_eq!(result(post(&api, "GetMyCommands", &json!({}))), json!([]));
}

#[test]
fn pushed_message_is_delivered_then_dropped_by_offset() {
    let api = start();
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
    let api = start();
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
    let api = Arc::new(start());
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
    let api = start();
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
    let api = start();
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
    let api = start();
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
    let api = start();
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
    let api = start();
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
    let api = start();
    api.push_callback(4, 9, "x");
    let updates = result(post(&api, "getUpdates", &json!({})));
    let message = &updates[0]["callback_query"]["message"];
    assert_eq!(message["date"], json!(0));
    assert_eq!(message["message_id"], json!(9));
}
