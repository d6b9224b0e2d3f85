//! The Telegram adapter under teloxide_tests' mock bot: buttons, text,
//! stale and forged callbacks, groups, /delete, resume from sled.

use restride::store::{SledStore, Store};
use restride::telegram::core::Core;
use std::sync::Arc;
use teloxide::dptree::deps;
use teloxide_tests::{MockBot, MockCallbackQuery, MockGroupChat, MockMessageText, Responses};

fn core(store: Arc<dyn Store>) -> Arc<Core> {
    Arc::new(crate::util::core_with(store))
}

/// The buttons (label, data) of the last message that has any.
fn last_buttons(r: &Responses) -> Vec<(String, String)> {
    for m in r.sent_messages.iter().rev() {
        if let Some(kb) = m.reply_markup() {
            return kb
                .inline_keyboard
                .iter()
                .flatten()
                .filter_map(|b| match &b.kind {
                    teloxide::types::InlineKeyboardButtonKind::CallbackData(d) => {
                        Some((b.text.clone(), d.clone()))
                    }
                    _ => None,
                })
                .collect();
        }
    }
    vec![]
}

fn texts(r: &Responses) -> Vec<String> {
    r.sent_messages
        .iter()
        .filter_map(|m| m.text().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn start_then_buttons_then_a_typed_number() {
    let store: Arc<dyn Store> = Arc::new(restride::store::MemoryStore::default());
    let core = core(store.clone());
    let mut bot = MockBot::new(
        MockMessageText::new().text("/start"),
        restride::telegram::handler(),
    );
    bot.dependencies(deps![core.clone()]);
    bot.dispatch().await;
    let first = texts(&bot.get_responses()).join("\n");
    assert!(first.contains("Restride"), "{first}");
    let buttons = last_buttons(&bot.get_responses());
    assert!(
        buttons.iter().any(|(_, d)| d.ends_with("|y")),
        "{buttons:?}"
    );
    let yes = buttons
        .iter()
        .find(|(_, d)| d.ends_with("|y"))
        .unwrap()
        .1
        .clone();

    bot.update(MockCallbackQuery::new().data(yes.clone()));
    bot.dispatch().await;
    let r = bot.get_responses();
    assert_eq!(
        r.answered_callback_queries.len(),
        1,
        "every callback is answered"
    );
    assert!(
        texts(&bot.get_responses()).join("\n").contains("safety"),
        "{:?}",
        texts(&bot.get_responses())
    );

    let next_buttons = last_buttons(&bot.get_responses());

    // The same button again (a double tap): answered quietly, nothing changes.
    let before = store.sessions().unwrap();
    bot.update(MockCallbackQuery::new().data(yes));
    bot.dispatch().await;
    let r = bot.get_responses();
    assert!(texts(&r).is_empty(), "{:?}", texts(&r));
    assert!(r.edited_messages_reply_markup.is_empty());
    assert_eq!(r.answered_callback_queries.len(), 1);
    let after = store.sessions().unwrap();
    assert_eq!(before[0].1.answers, after[0].1.answers);

    // A forged payload changes nothing either.
    bot.update(MockCallbackQuery::new().data("1|consent|0|y"));
    bot.dispatch().await;
    assert_eq!(store.sessions().unwrap()[0].1.answers, after[0].1.answers);

    // None of the emergency signs, none of the warning signs, then 1b, then weeks by text.
    let mut buttons = next_buttons;
    for want in ["|n", "|n", "|y", "|x", "|p0"] {
        let data = buttons
            .into_iter()
            .find(|(_, d)| d.ends_with(want))
            .unwrap()
            .1;
        bot.update(MockCallbackQuery::new().data(data));
        bot.dispatch().await;
        buttons = last_buttons(&bot.get_responses());
    }
    assert!(
        texts(&bot.get_responses()).join("\n").contains("weeks"),
        "{:?}",
        texts(&bot.get_responses())
    );
    bot.update(MockMessageText::new().text("a while ago"));
    bot.dispatch().await;
    assert!(
        texts(&bot.get_responses())
            .join("\n")
            .contains("whole number"),
        "{:?}",
        texts(&bot.get_responses())
    );
    bot.update(MockMessageText::new().text("4 months"));
    bot.dispatch().await;
    let s = &store.sessions().unwrap()[0].1;
    assert_eq!(
        s.answers.get("weeks_postpartum").and_then(|v| v.as_int()),
        Some(17)
    );
}

#[tokio::test]
async fn groups_get_one_explanation_and_nothing_is_stored() {
    let store: Arc<dyn Store> = Arc::new(restride::store::MemoryStore::default());
    let core = core(store.clone());
    let msg = MockMessageText::new()
        .text("/start")
        .chat(MockGroupChat::new().build());
    let mut bot = MockBot::new(msg, restride::telegram::handler());
    bot.dependencies(deps![core]);
    bot.dispatch().await;
    let t = texts(&bot.get_responses());
    assert_eq!(t.len(), 1);
    assert!(t[0].contains("private"), "{t:?}");
    assert!(t[0].contains("https://t.me/restride_test_bot"), "{t:?}");
    assert!(store.sessions().unwrap().is_empty());
}

#[tokio::test]
async fn delete_erases_every_key_of_the_chat() {
    let dir = tempfile::tempdir().unwrap();
    let sled = Arc::new(SledStore::open(dir.path(), 8).unwrap());
    let store: Arc<dyn Store> = sled.clone();
    let core = core(store.clone());
    let mut bot = MockBot::new(
        MockMessageText::new().text("/start"),
        restride::telegram::handler(),
    );
    bot.dependencies(deps![core]);
    bot.dispatch().await;
    let yes = last_buttons(&bot.get_responses())
        .into_iter()
        .find(|(_, d)| d.ends_with("|y"))
        .unwrap()
        .1;
    bot.update(MockCallbackQuery::new().data(yes));
    bot.dispatch().await;
    let chat = store.sessions().unwrap()[0].0;
    assert!(store.chat_keys(chat).unwrap() > 0);

    bot.update(MockMessageText::new().text("/delete"));
    bot.dispatch().await;
    let confirm = last_buttons(&bot.get_responses());
    assert!(
        texts(&bot.get_responses())
            .join("\n")
            .contains("Delete everything"),
        "{:?}",
        texts(&bot.get_responses())
    );
    let del = confirm
        .iter()
        .find(|(_, d)| d == "del|yes")
        .unwrap()
        .1
        .clone();
    bot.update(MockCallbackQuery::new().data(del));
    bot.dispatch().await;
    assert!(
        texts(&bot.get_responses()).join("\n").contains("deleted"),
        "{:?}",
        texts(&bot.get_responses())
    );
    assert_eq!(store.chat_keys(chat).unwrap(), 0, "keys of the chat remain");
    assert!(store.sessions().unwrap().is_empty());
    let audit = store.audit().unwrap();
    assert_eq!(audit.len(), 1);
    assert!(
        !audit[0].contains(&chat.to_string()),
        "the audit entry must be opaque: {}",
        audit[0]
    );
}

#[tokio::test]
async fn a_conversation_resumes_after_reopening_the_store() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path(), 8).unwrap());
        let mut bot = MockBot::new(
            MockMessageText::new().text("/start"),
            restride::telegram::handler(),
        );
        bot.dependencies(deps![core(store)]);
        bot.dispatch().await;
        let yes = last_buttons(&bot.get_responses())
            .into_iter()
            .find(|(_, d)| d.ends_with("|y"))
            .unwrap()
            .1;
        bot.update(MockCallbackQuery::new().data(yes));
        bot.dispatch().await;
    }
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path(), 8).unwrap());
    let mut bot = MockBot::new(
        MockMessageText::new().text("/start"),
        restride::telegram::handler(),
    );
    // A new mock bot numbers updates from the start again; Telegram never does.
    for _ in 0..5 {
        bot.update(MockMessageText::new().text("/start"));
    }
    bot.dependencies(deps![core(store)]);
    bot.dispatch().await;
    let t = texts(&bot.get_responses()).join("\n");
    assert!(t.contains("Welcome back"), "{t}");
    let last = bot.get_responses().sent_messages.last().cloned();
    assert!(
        last.and_then(|m| m.reply_markup().cloned()).is_some(),
        "the question comes back with its buttons"
    );
}

#[tokio::test]
async fn stickers_and_long_texts_get_a_kind_reprompt() {
    let store: Arc<dyn Store> = Arc::new(restride::store::MemoryStore::default());
    let mut bot = MockBot::new(
        MockMessageText::new().text("/start"),
        restride::telegram::handler(),
    );
    bot.dependencies(deps![core(store)]);
    bot.dispatch().await;
    bot.update(MockMessageText::new().text("x".repeat(1200)));
    bot.dispatch().await;
    assert!(
        texts(&bot.get_responses()).join("\n").contains("shorter"),
        "{:?}",
        texts(&bot.get_responses())
    );
    bot.update(teloxide_tests::MockMessageSticker::new());
    bot.dispatch().await;
    assert!(
        texts(&bot.get_responses())
            .join("\n")
            .contains("text and button"),
        "{:?}",
        texts(&bot.get_responses())
    );
}

#[tokio::test]
async fn a_clinic_link_attaches_the_clinic_and_its_numbers() {
    use restride::telegram::core::Incoming;
    let store: Arc<dyn Store> = Arc::new(restride::store::MemoryStore::default());
    let core = crate::util::core_with_clinics(
        store.clone(),
        std::collections::BTreeMap::from([(
            "north_clinic".into(),
            restride::config::Clinic {
                name: "North Clinic".into(),
                emergency_number: Some("112".into()),
                ..Default::default()
            },
        )]),
    );
    let c = core
        .handle(
            1,
            Incoming::Text {
                chat: 5,
                text: "/start north_clinic".into(),
            },
            0,
        )
        .unwrap();
    let text = format!("{:?}", c.outbox);
    assert!(text.contains("call 112"), "{text}");
    assert_eq!(
        c.session.as_ref().and_then(|s| s.clinic.as_deref()),
        Some("north_clinic")
    );
    let c = core
        .handle(
            2,
            Incoming::Text {
                chat: 5,
                text: "/help".into(),
            },
            0,
        )
        .unwrap();
    assert!(format!("{:?}", c.outbox).contains("112"));
    // A malformed payload starts the ordinary intake with no clinic.
    let c = core
        .handle(
            3,
            Incoming::Text {
                chat: 6,
                text: "/start <script>".into(),
            },
            0,
        )
        .unwrap();
    assert_eq!(c.session.as_ref().and_then(|s| s.clinic.clone()), None);
}
