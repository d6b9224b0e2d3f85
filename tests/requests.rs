//! What Telegram receives (issue 15, "Every request valid for real Telegram" and
//! "Telegram-native polish"): the bot's real poll loop and delivery, in process, against the
//! fake Bot API, which checks every call against the Bot API's rules (tests/bot_api_rules.rs)
//! and fails the test on any call real Telegram would refuse. The findings seen with the
//! built binary are in `requests_bin.rs`.

use crate::fake_api::rules::parse_html;
use crate::fake_api::{FakeApi, Fault};
use crate::faults::start;
use crate::process::last_prompt;
use serde_json::Value;
use std::time::Duration;

/// The bodies of the calls of `method` to `chat`, accepted or not.
fn bodies(api: &FakeApi, method: &str, chat: i64) -> Vec<Value> {
    api.calls()
        .into_iter()
        .filter(|(m, p)| m == method && p["chat_id"].as_i64() == Some(chat))
        .map(|(_, p)| p)
        .collect()
}

/// The greeting, then her consent: she is on the first safety question (several answers).
async fn to_the_safety_question(bot: &crate::faults::Bot, chat: i64) -> (i64, Vec<String>) {
    bot.api.push_command(chat, "/start");
    assert!(bot.until(5, |a| a.sent(chat).len() == 1).await);
    bot.answer(chat);
    assert!(
        bot.until(5, |a| last_prompt(a, chat).is_some_and(|(_, _, b)| b
            .iter()
            .any(|d| d.contains("|emergency_signs|"))))
            .await
    );
    let (_, message, buttons) = last_prompt(&bot.api, chat).unwrap();
    (message, buttons)
}

#[tokio::test]
async fn html_telegram_refuses_is_sent_again_as_plain_text_and_logged() {
    let api = FakeApi::start();
    api.inject(
        Some("sendMessage"),
        Fault::BadRequest(
            "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0",
        ),
        1,
    );
    let bot = start(api);
    bot.api.push_command(1, "/start");
    assert!(bot.until(5, |a| a.sent(1).len() == 1).await);
    let tries = bodies(&bot.api, "sendMessage", 1);
    let sent = bot.api.sent(1);
    let logs = bot.stop().await;
    assert_eq!(tries.len(), 2, "refused once, then sent: {tries:?}");
    assert_eq!(tries[0]["parse_mode"], "HTML");
    assert!(tries[1].get("parse_mode").is_none(), "{:?}", tries[1]);
    // The same words she would have read, and the same buttons.
    let html = tries[0]["text"].as_str().unwrap();
    assert_eq!(
        tries[1]["text"].as_str(),
        Some(parse_html(html).unwrap().as_str())
    );
    assert!(html.contains("<i>"), "the greeting has markup: {html}");
    assert_eq!(tries[1]["reply_markup"], tries[0]["reply_markup"]);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        logs.lines("WARN", "telegram refused the HTML; sent as plain text")
            .len(),
        1,
        "{}",
        logs.text()
    );
    logs.assert_private();
}

/// A quick double tap: both taps arrive in one batch. The first answers; the second changes
/// nothing and sends nothing (no edit of a keyboard that is gone, no second copy of the next
/// question). Each query is answered once (the fake API refuses a second answer).
#[tokio::test]
async fn a_double_tap_on_the_button_just_answered_is_quiet() {
    let bot = start(FakeApi::start());
    bot.api.push_command(1, "/start");
    assert!(bot.until(5, |a| a.sent(1).len() == 1).await);
    let (_, consent, buttons) = last_prompt(&bot.api, 1).unwrap();
    let yes = buttons.iter().find(|d| d.ends_with("|y")).unwrap().clone();
    bot.api.push_callback(1, consent, &yes);
    bot.api.push_callback(1, consent, &yes);
    assert!(
        bot.until(5, |a| a.count("answerCallbackQuery") == 2
            && a.pending_updates() == 0)
            .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let history = bot.store.session(1).unwrap().unwrap().history.len();
    let sends = bot.sends(1);
    let edits: Vec<String> = bot
        .api
        .sent(1)
        .iter()
        .filter(|s| s.method.starts_with("edit"))
        .map(|s| s.method.clone())
        .collect();
    let clears = bot.api.count("editMessageReplyMarkup");
    let logs = bot.stop().await;
    assert_eq!(history, 1, "answered once");
    assert_eq!(sends, 2, "the greeting and the next question, once each");
    assert_eq!(edits, vec!["editMessageText"], "her answer shown once");
    assert_eq!(clears, 0, "no edit of a keyboard that is already gone");
    logs.assert_private();
}

/// Done with nothing ticked: a toast beside her tap, the question stays as it is.
#[tokio::test]
async fn done_with_nothing_ticked_is_a_toast_not_a_message() {
    let bot = start(FakeApi::start());
    let (message, buttons) = to_the_safety_question(&bot, 1).await;
    let done = buttons.iter().find(|d| d.ends_with("|d")).unwrap().clone();
    let before = bot.api.sent(1).len();
    let answers = bot.api.count("answerCallbackQuery");
    bot.api.push_callback(1, message, &done);
    assert!(
        bot.until(5, |a| a.count("answerCallbackQuery") == answers + 1)
            .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let toast = bodies_of(&bot.api, "answerCallbackQuery").pop().unwrap();
    let after = bot.api.sent(1).len();
    let still = last_prompt(&bot.api, 1).unwrap();
    let logs = bot.stop().await;
    let text = toast["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("Nothing is ticked yet"), "{toast}");
    assert_eq!(after, before, "no message, no edit");
    assert_eq!((still.1, still.2), (message, buttons), "the same question");
    logs.assert_private();
}

fn bodies_of(api: &FakeApi, method: &str) -> Vec<Value> {
    api.calls()
        .into_iter()
        .filter(|(m, _)| m == method)
        .map(|(_, p)| p)
        .collect()
}

/// Two commands in a group: told once that Restride talks in private, not twice.
#[tokio::test]
async fn a_group_is_told_once_that_restride_talks_in_private() {
    let bot = start(FakeApi::start());
    bot.api.push_group_message(-100, "/start");
    assert!(bot.until(5, |a| !a.sent(-100).is_empty()).await);
    bot.api.push_group_message(-100, "/help");
    bot.api.push_command(1, "/start");
    assert!(
        bot.until(5, |a| a.sent(1).len() == 1 && a.pending_updates() == 0)
            .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let group = bot.api.sent(-100);
    let logs = bot.stop().await;
    assert_eq!(group.len(), 1, "{group:?}");
    let told = group[0].text.as_deref().unwrap_or_default();
    assert!(told.contains("private"), "{told}");
    assert!(told.contains("t.me/restride_test_bot"), "{told}");
    logs.assert_private();
}

/// A channel where the bot is an admin: its posts are never asked for, so never answered.
#[tokio::test]
async fn a_channel_post_is_left_alone() {
    let api = FakeApi::start();
    api.push_channel_post(-1001, "/start");
    api.push_command(1, "/start");
    let bot = start(api);
    assert!(
        bot.until(5, |a| a.sent(1).len() == 1 && a.pending_updates() == 0)
            .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let polls = bodies_of(&bot.api, "getUpdates");
    let to_channel = bot.api.sent(-1001).len();
    let logs = bot.stop().await;
    assert_eq!(to_channel, 0);
    assert!(!polls.is_empty());
    for poll in polls {
        let kinds = poll["allowed_updates"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!kinds.is_empty(), "every poll names what it wants: {poll}");
        assert!(
            kinds
                .iter()
                .all(|k| !k.as_str().unwrap_or("").contains("channel")),
            "{poll}"
        );
    }
    logs.assert_private();
}

/// Waits until the bot has read every update and sent nothing for a moment.
async fn settle(bot: &crate::faults::Bot) {
    let mut last = usize::MAX;
    for _ in 0..100 {
        let n = bot.api.calls().len();
        if n == last && bot.api.pending_updates() == 0 {
            return;
        }
        last = n;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Taps the first button whose data starts with `prefix`, on the latest message showing one.
fn tap(api: &FakeApi, chat: i64, prefix: &str) -> bool {
    api.find_button(chat, |d| d.starts_with(prefix))
        .map(|(message_id, data)| api.push_callback(chat, message_id, &data))
        .is_some()
}

/// A broad run, for the rules the fake API checks every call against: an intake to the plan,
/// check-ins, every command before and after, odd input and a deletion. The test asserts
/// little itself: dropping the fake API fails it if any call broke a rule.
#[tokio::test]
async fn every_command_and_odd_input_make_only_valid_requests() {
    let bot = start(FakeApi::start());
    let chat = 4;
    let commands = restride::telegram::COMMANDS;
    // Before any intake (commands that would leave buttons come later).
    for c in [
        "help", "about", "privacy", "plan", "summary", "progress", "mydata", "sharing",
    ] {
        bot.api.push_command(chat, &format!("/{c}"));
        settle(&bot).await;
    }
    bot.api.push_command(chat, "/start");
    settle(&bot).await;
    let script = crate::process::script();
    for _ in 0..60 {
        let planned = bot.api.sent(chat).iter().any(|s| {
            s.text
                .as_deref()
                .is_some_and(|t| t.contains("Your Restride plan"))
        });
        if planned {
            break;
        }
        if !crate::process::answer_one(&bot.api, chat, &script) {
            break;
        }
        settle(&bot).await;
    }
    for prefix in ["ci|yes", "ci|t|0", "ci|z|"] {
        assert!(tap(&bot.api, chat, prefix), "{prefix}");
        settle(&bot).await;
    }
    let odd = [
        "/checkin",
        "ci|now",
        "0",
        "1",
        "done",
        "1",
        "4",
        "/progress",
        "/pause",
        "ci|p|",
        "/resume",
        "/update",
        "/stop",
        "/exercise walking",
        "/ex_walking",
        "/patients",
        "/patient R-NOPE",
        "/staff not-a-code",
        "/nonsense",
        "<b>bold?</b> & *stars* _under_ \\ `code`",
        "😀",
    ];
    for input in odd {
        if input.contains('|') {
            tap(&bot.api, chat, input);
        } else if input.starts_with('/') {
            bot.api.push_command(chat, input);
        } else {
            bot.api.push_message(chat, input);
        }
        settle(&bot).await;
    }
    bot.api.push_message(chat, &"long ".repeat(400));
    settle(&bot).await;
    for c in commands
        .iter()
        .filter(|c| !["delete", "restart"].contains(c))
    {
        bot.api.push_command(chat, &format!("/{c}"));
        settle(&bot).await;
    }
    bot.api.push_command(chat, "/delete");
    settle(&bot).await;
    assert!(tap(&bot.api, chat, "del|yes"));
    settle(&bot).await;
    let methods: std::collections::BTreeSet<String> =
        bot.api.calls().into_iter().map(|(m, _)| m).collect();
    let calls = bot.api.calls().len();
    let logs = bot.stop().await;
    for method in [
        "sendMessage",
        "editMessageText",
        "answerCallbackQuery",
        "sendPhoto",
        "sendDocument",
    ] {
        assert!(methods.contains(method), "{method} in {methods:?}");
    }
    assert!(calls > 100, "{calls} calls");
    logs.assert_private();
}
