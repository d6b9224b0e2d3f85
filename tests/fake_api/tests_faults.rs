//! Tests of the fake Bot API: injected faults, the rate limit, multipart bodies, stopping.

use super::tests::{post, post_on, read_response, result, start};
use super::*;
use std::io::Write;

#[test]
fn injected_429_answers_then_recovers() {
    let api = start();
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
    let api = start();
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

/// A fault armed for one chat fails its calls only, until it is cleared.
#[test]
fn a_fault_for_one_chat_leaves_the_others_alone() {
    let api = start();
    api.inject_for_chat(Some("sendMessage"), 2, Fault::ServerError, 100);
    let to = |chat: i64| json!({ "chat_id": chat, "text": "hi" });
    assert_eq!(post(&api, "sendMessage", &to(2)).unwrap().0, 500);
    // Telegram accepts a chat id as a string too.
    let text_id = json!({ "chat_id": "2", "text": "hi" });
    assert_eq!(post(&api, "sendMessage", &text_id).unwrap().0, 500);
    assert_eq!(
        result(post(&api, "sendMessage", &to(1)))["message_id"],
        json!(1)
    );
    assert_eq!(
        result(post(
            &api,
            "sendChatAction",
            &json!({ "chat_id": 2, "action": "typing" })
        )),
        json!(true)
    );
    assert!(api.sent(2).is_empty());
    api.clear_faults();
    assert_eq!(
        result(post(&api, "sendMessage", &to(2)))["message_id"],
        json!(1)
    );
    assert_eq!(api.sent(2).len(), 1);
}

#[test]
fn drop_connection_closes_without_a_response() {
    let api = start();
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
    let api = start();
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
    let api = start();
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
    let api = start();
    let started = Instant::now();
    assert!(!api.wait_until(Duration::from_millis(100), |a| a.count("getMe") > 0));
    assert!(started.elapsed() >= Duration::from_millis(100));
    result(post(&api, "getMe", &json!({})));
    assert!(api.wait_until(Duration::from_secs(1), |a| a.count("getMe") == 1));
}

#[test]
fn drop_stops_promptly_even_with_open_connections() {
    let api = start();
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
