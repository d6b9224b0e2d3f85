//! Tests of the rules the fake Bot API holds every call to: the validator's 400s, the product
//! rules, the stateful refusals, the webhook, and the panic of a dropped API with violations.

use super::tests::{post, result};
use super::*;

const NOT_MODIFIED: &str = "Bad Request: message is not modified";
const TOO_OLD: &str =
    "Bad Request: query is too old and response timeout expired or query ID is invalid";

fn send(api: &FakeApi, body: Value) -> (u16, Value) {
    post(api, "sendMessage", &body).expect("an answer")
}

fn no_preview() -> Value {
    json!({ "is_disabled": true })
}

#[test]
fn refused_html_gets_telegrams_400_and_is_recorded() {
    let api = FakeApi::start();
    let (status, body) = send(
        &api,
        json!({ "chat_id": 1, "text": "<b>Mary <i>Women's</b> Unit</i>", "parse_mode": "HTML",
                "link_preview_options": no_preview() }),
    );
    assert_eq!(status, 400);
    assert_eq!(
        body["description"],
        json!(
            "Bad Request: can't parse entities: Unmatched end tag at byte offset 18, expected \
             \"</i>\", found \"</b>\""
        )
    );
    assert!(api.sent(1).is_empty(), "nothing reached her");
    let violations = api.take_violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(violations[0].starts_with("sendMessage {"), "{violations:?}");
    assert!(
        violations[0].contains("Unmatched end tag"),
        "{violations:?}"
    );
    // Valid and previews off: accepted, nothing recorded.
    let (status, _) = send(
        &api,
        json!({ "chat_id": 1, "text": "<b>Mary</b>", "parse_mode": "HTML",
                "link_preview_options": no_preview() }),
    );
    assert_eq!(status, 200);
    assert!(api.violations().is_empty());
}

#[test]
fn product_rules_are_recorded_though_telegram_accepts_the_call() {
    let api = FakeApi::start();
    let (status, _) = send(
        &api,
        json!({ "chat_id": 1, "text": "https://clinic.example" }),
    );
    assert_eq!(status, 200);
    result(post(
        &api,
        "getUpdates",
        &json!({ "allowed_updates": ["message", "channel_post"] }),
    ));
    let violations = api.take_violations();
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(violations[0].contains("link_preview_options"));
    assert!(violations[1].contains("channel posts"));
}

#[test]
fn an_edit_that_changes_nothing_is_not_modified() {
    let api = FakeApi::start();
    let keyboard = json!({ "inline_keyboard": [[{ "text": "A", "callback_data": "a" }]] });
    result(Some(send(
        &api,
        json!({ "chat_id": 1, "text": "Pick", "reply_markup": keyboard,
                "link_preview_options": no_preview() }),
    )));
    let edit = |method: &str, body: Value| post(&api, method, &body).unwrap();
    // The keyboard goes: a change. Again: nothing to change.
    let clear = json!({ "chat_id": 1, "message_id": 1 });
    assert_eq!(edit("editMessageReplyMarkup", clear.clone()).0, 200);
    let (status, body) = edit("editMessageReplyMarkup", clear.clone());
    assert_eq!(status, 400);
    assert!(
        body["description"]
            .as_str()
            .unwrap()
            .starts_with(NOT_MODIFIED)
    );
    // The same text without a keyboard: nothing changes; new text: a change.
    let same = json!({ "chat_id": 1, "message_id": 1, "text": "Pick" });
    assert_eq!(edit("editMessageText", same).0, 400);
    let new = json!({ "chat_id": 1, "message_id": 1, "text": "Picked A" });
    assert_eq!(edit("editMessageText", new).0, 200);
    let violations = api.take_violations();
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(violations.iter().all(|v| v.contains(NOT_MODIFIED)));
}

#[test]
fn a_callback_query_is_answered_once_and_only_if_issued() {
    let api = FakeApi::start();
    api.push_callback(3, 1, "x");
    let answer = |id: &str| {
        post(
            &api,
            "answerCallbackQuery",
            &json!({ "callback_query_id": id }),
        )
        .unwrap()
    };
    assert_eq!(answer("cbq-1").0, 200);
    let (status, body) = answer("cbq-1");
    assert_eq!((status, body["description"].clone()), (400, json!(TOO_OLD)));
    assert_eq!(answer("cbq-99").0, 400, "never issued");
    assert_eq!(api.take_violations().len(), 2);
}

#[test]
fn an_exact_replay_is_tolerated_only_when_allowed() {
    let api = FakeApi::start();
    api.allow_replays();
    api.push_callback(3, 1, "x");
    api.push_callback(3, 1, "y");
    let answer = |body: Value| post(&api, "answerCallbackQuery", &body).unwrap().0;
    let first = json!({ "callback_query_id": "cbq-1" });
    assert_eq!(answer(first.clone()), 200);
    assert_eq!(answer(first), 400, "Telegram still refuses it");
    assert!(api.violations().is_empty(), "a replay after a restart");
    assert_eq!(answer(json!({ "callback_query_id": "cbq-2" })), 200);
    // Not an exact repeat of an accepted call: a violation.
    assert_eq!(
        answer(json!({ "callback_query_id": "cbq-2", "text": "again" })),
        400
    );
    assert_eq!(api.take_violations().len(), 1);
}

#[test]
fn a_webhook_makes_get_updates_409_until_it_is_deleted() {
    let api = FakeApi::start();
    api.set_webhook();
    api.push_message(1, "hi");
    let (status, body) = post(&api, "getUpdates", &json!({})).unwrap();
    assert_eq!(status, 409);
    assert!(
        body["description"]
            .as_str()
            .unwrap()
            .starts_with("Conflict: can't use getUpdates method while webhook is active")
    );
    assert_eq!(result(post(&api, "deleteWebhook", &json!({}))), json!(true));
    assert!(!api.webhook_set());
    let updates = result(post(&api, "getUpdates", &json!({})));
    assert_eq!(
        updates[0]["message"]["text"],
        json!("hi"),
        "the update waited"
    );
    let violations = api.take_violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
}

#[test]
fn an_injected_bad_request_is_not_a_violation() {
    let api = FakeApi::start();
    api.inject(
        Some("sendMessage"),
        Fault::BadRequest("Bad Request: can't parse entities: test"),
        1,
    );
    let body = json!({ "chat_id": 1, "text": "x", "link_preview_options": no_preview() });
    let (status, answer) = send(&api, body.clone());
    assert_eq!(status, 400);
    assert_eq!(
        answer["description"],
        json!("Bad Request: can't parse entities: test")
    );
    assert_eq!(send(&api, body).0, 200);
    assert!(api.violations().is_empty());
}

#[test]
fn dropping_the_api_with_violations_fails_the_test_unless_expected() {
    let invalid = json!({ "chat_id": 1, "text": "" , "link_preview_options": no_preview() });
    let api = FakeApi::start();
    assert_eq!(send(&api, invalid.clone()).0, 400);
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(api)));
    let message = dropped.expect_err("the drop panics");
    let message = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("Bad Request: message text is empty"),
        "{message}"
    );
    let api = FakeApi::start();
    api.expect_violations();
    assert_eq!(send(&api, invalid).0, 400);
    drop(api);
}

#[test]
fn kinds_of_update_not_asked_for_are_never_delivered() {
    let api = FakeApi::start();
    api.push_channel_post(-1001, "Open day on Friday");
    let id = api.push_message(1, "hello");
    let asked = json!({ "allowed_updates": ["message", "callback_query"] });
    let updates = result(post(&api, "getUpdates", &asked));
    assert_eq!(updates.as_array().unwrap().len(), 1, "{updates}");
    assert_eq!(updates[0]["update_id"], json!(id));
    assert_eq!(api.pending_updates(), 1, "the channel post is gone");
    assert!(api.violations().is_empty());
}
