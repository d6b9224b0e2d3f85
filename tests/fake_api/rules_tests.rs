//! Tests of the Bot API rules (`tests/bot_api_rules.rs`).

use super::*;
use proptest::prelude::*;
use restride::telegram::markup::to_html;
use restride::texts::escape;
use serde_json::json;

fn html(text: &str) -> Result<(), String> {
    check(
        "sendMessage",
        &json!({ "chat_id": 1, "text": text, "parse_mode": "HTML" }),
    )
}

fn button(b: Value) -> Result<(), String> {
    check(
        "sendMessage",
        &json!({ "chat_id": 1, "text": "Pick", "reply_markup": { "inline_keyboard": [[b]] } }),
    )
}

#[test]
fn mis_nested_tags_are_refused_as_telegram_words_it() {
    assert_eq!(
        html("St <b>Mary <i>Women's</b> Unit</i>"),
        Err(
            "Bad Request: can't parse entities: Unmatched end tag at byte offset 21, \
             expected \"</i>\", found \"</b>\""
                .to_owned()
        )
    );
    assert_eq!(
        html("<b>open"),
        Err(
            "Bad Request: can't parse entities: Can't find end tag corresponding to start \
             tag \"b\""
                .to_owned()
        )
    );
    assert_eq!(
        parse_html("a </b>"),
        Err("Unexpected end tag at byte offset 2".to_owned())
    );
    assert_eq!(
        parse_html("<b>x</b"),
        Err("Unclosed end tag at byte offset 4".to_owned())
    );
}

/// tdlib's own cases (test/message_entities.cpp, `parse_html`).
#[test]
fn tdlib_cases_give_tdlibs_answers() {
    let surrogate = SURROGATE;
    for (html, error) in [
        ("&#57311;", surrogate),
        ("&#xDFDF", surrogate),
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        (
            "🏟 🏟&lt;<abac aba>",
            "Unsupported start tag \"abac\" at byte offset 13",
        ),
        (
            "🏟 🏟&lt;<i   =aba>",
            "Empty attribute name in the tag \"i\" at byte offset 13",
        ),
        (
            "🏟 🏟&lt;<i    aba>",
            "Can't find end tag corresponding to start tag \"i\"",
        ),
        (
            "🏟 🏟&lt;<i    aba  =  ",
            "Unclosed start tag \"i\" at byte offset 13",
        ),
        (
            "🏟 🏟&lt;<i    aba  =  190azAz-.,",
            "Unexpected end of name token at byte offset 27",
        ),
        (
            "🏟 🏟&lt;<i    aba  =  \"&lt;&gt;&quot;>",
            "Unclosed start tag at byte offset 13",
        ),
        ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
        ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
        ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (
            "🏟 🏟&lt;<i>a</em   >",
            "Unmatched end tag at byte offset 17, expected \"</i>\", found \"</em>\"",
        ),
    ] {
        assert_eq!(parse_html(html), Err(error.to_owned()), "{html}");
    }
    for (html, text) in [
        (
            "&ge;&lt;&gt;&amp;&quot;&laquo;&raquo;&#12345678;",
            "&ge;<>&\"&laquo;&raquo;&#12345678;",
        ),
        ("🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>", "🏟 🏟🏟 ><🏟"),
        ("🏟 🏟&lt;<i    aba  =  '&lt;&gt;&quot;'>a</>", "🏟 🏟<a"),
        ("🏟 🏟&lt;<i>a</    >", "🏟 🏟<a"),
        ("<a   href=  'telegram.org?&lt;'   > </a>", " "),
        (
            "<blockquote   cite=\"\" askdlbas nasjdbaj nj12b3>a&lt;<pre  >b;</></>",
            "a<b;",
        ),
        (
            "<blockquote   expandable=false>a&lt;<pre  >b;</></>",
            "a<b;",
        ),
    ] {
        assert_eq!(parse_html(html).as_deref(), Ok(text), "{html}");
    }
}

#[test]
fn a_lone_less_than_or_an_unknown_tag_is_refused() {
    assert_eq!(
        parse_html("2 < 3"),
        Err("Unsupported start tag \"\" at byte offset 2".to_owned())
    );
    assert_eq!(
        parse_html("<p>hi</p>"),
        Err("Unsupported start tag \"p\" at byte offset 0".to_owned())
    );
    assert_eq!(
        parse_html("x <b"),
        Err("Unclosed start tag at byte offset 2".to_owned())
    );
    assert_eq!(
        parse_html("<span class=\"big\">x</span>"),
        Err("Tag \"span\" must have class \"tg-spoiler\" at byte offset 0".to_owned())
    );
    assert!(
        parse_html("<a href=x.y/z>l</a>").is_err(),
        "a bad name token"
    );
}

#[test]
fn every_supported_tag_and_entity_is_accepted() {
    let all = "<b>a</b><strong>b</strong><i>c</i><em>d</em><u>e</u><ins>f</ins><s>g</s>\
               <strike>h</strike><del>i</del><tg-spoiler>j</tg-spoiler>\
               <span class=\"tg-spoiler\">k</span><code>l</code><pre><code \
               class=\"language-rust\">m</code></pre><blockquote expandable>n</blockquote>\
               <a href=\"https://clinic.example/book?a=1&amp;b=2\">o</a>";
    assert_eq!(parse_html(all).as_deref(), Ok("abcdefghijklmno"));
    assert_eq!(
        parse_html("&lt;b&gt; &amp; &quot; &#65; &#x42; &nbsp; & &#0; x&y").as_deref(),
        Ok("<b> & \" A B &nbsp; & &#0; x&y")
    );
}

#[test]
fn lengths_count_utf16_after_parsing() {
    let long = |unit: &str, n: usize| unit.repeat(n);
    assert_eq!(html(&long("a", MAX_TEXT)), Ok(()));
    assert_eq!(
        html(&long("a", MAX_TEXT + 1)),
        Err("Bad Request: message is too long".to_owned())
    );
    // Tags and entities do not count; an emoji counts twice.
    assert_eq!(html(&format!("<b>{}</b>", long("&amp;", MAX_TEXT))), Ok(()));
    assert_eq!(html(&long("😀", MAX_TEXT / 2)), Ok(()));
    assert!(html(&format!("{}a", long("😀", MAX_TEXT / 2))).is_err());
    for empty in ["", "  \n", "<b> </b>"] {
        assert_eq!(
            html(empty),
            Err("Bad Request: message text is empty".to_owned()),
            "{empty:?}"
        );
    }
    let caption = |c: String| {
        check(
            "sendPhoto",
            &json!({ "chat_id": 1, "caption": c, "parse_mode": "HTML" }),
        )
    };
    assert_eq!(caption(long("a", MAX_CAPTION)), Ok(()));
    assert_eq!(
        caption(long("a", MAX_CAPTION + 1)),
        Err("Bad Request: message caption is too long".to_owned())
    );
    assert!(caption("<i>x".to_owned()).is_err());
    // Without parse_mode, markup is text.
    assert_eq!(
        check("sendMessage", &json!({ "chat_id": 1, "text": "2 < 3 <b>" })),
        Ok(())
    );
}

#[test]
fn buttons_need_text_and_one_valid_action() {
    let data = |n: usize| json!({ "text": "Yes", "callback_data": "x".repeat(n) });
    assert_eq!(button(data(MAX_CALLBACK_DATA)), Ok(()));
    assert_eq!(
        button(data(MAX_CALLBACK_DATA + 1)),
        Err("Bad Request: BUTTON_DATA_INVALID".to_owned())
    );
    assert!(
        button(data(0))
            .unwrap_err()
            .contains("Text buttons are unallowed")
    );
    assert!(button(json!({ "text": "Yes" })).is_err());
    assert!(button(json!({ "text": "", "callback_data": "y" })).is_err());
    assert_eq!(
        button(json!({ "text": "Book", "url": "https://clinic.example/book" })),
        Ok(())
    );
    assert_eq!(
        button(json!({ "text": "Me", "url": "tg://user?id=1" })),
        Ok(())
    );
    assert!(button(json!({ "text": "Book", "url": "ftp://clinic.example" })).is_err());
    assert!(button(json!({ "text": "Book", "url": "https://" })).is_err());
    // Multipart bodies carry the markup as JSON text.
    let form = json!({ "chat_id": 1, "reply_markup":
        "{\"inline_keyboard\":[[{\"text\":\"A\",\"callback_data\":\"\"}]]}" });
    assert!(check("sendDocument", &form).is_err());
}

#[test]
fn toasts_and_commands_have_their_limits() {
    let toast = |n: usize| {
        check(
            "answerCallbackQuery",
            &json!({ "callback_query_id": "1", "text": "é".repeat(n) }),
        )
    };
    assert_eq!(toast(MAX_TOAST), Ok(()));
    assert_eq!(
        toast(MAX_TOAST + 1),
        Err("Bad Request: MESSAGE_TOO_LONG".to_owned())
    );
    let commands = |list: Value| check("setMyCommands", &json!({ "commands": list }));
    let one = |c: &str, d: &str| json!([{ "command": c, "description": d }]);
    assert_eq!(commands(one("checkin", "Check in now")), Ok(()));
    assert_eq!(commands(one(&"a".repeat(32), "x")), Ok(()));
    assert!(commands(one(&"a".repeat(33), "x")).is_err());
    assert_eq!(
        commands(one("CheckIn", "x")),
        Err("Bad Request: BOT_COMMAND_INVALID".to_owned())
    );
    assert!(commands(one("check-in", "x")).is_err());
    assert!(commands(one("", "x")).is_err());
    assert!(commands(one("help", " ")).is_err());
    assert!(commands(one("help", &"d".repeat(257))).is_err());
    let many: Vec<Value> = (0..101)
        .map(|i| json!({ "command": format!("c{i}"), "description": "d" }))
        .collect();
    assert_eq!(
        commands(json!(many)),
        Err("Bad Request: BOT_COMMANDS_TOO_MUCH".to_owned())
    );
}

#[test]
fn product_rules_flag_previews_and_channel_posts() {
    let off = json!({ "is_disabled": true });
    assert!(
        product_violations(
            "sendMessage",
            &json!({ "text": "x", "link_preview_options": off })
        )
        .is_empty()
    );
    assert_eq!(
        product_violations("sendMessage", &json!({ "text": "x" })).len(),
        1
    );
    assert_eq!(
        product_violations(
            "sendMessage",
            &json!({ "text": "x", "link_preview_options": { "is_disabled": false } })
        )
        .len(),
        1
    );
    let updates =
        |kinds: Value| product_violations("getUpdates", &json!({ "allowed_updates": kinds }));
    assert!(updates(json!(["message", "callback_query"])).is_empty());
    assert_eq!(updates(json!(["message", "channel_post"])).len(), 1);
    assert_eq!(
        updates(json!([])).len(),
        1,
        "an empty list asks for everything"
    );
    assert!(product_violations("getUpdates", &json!({ "timeout": 10 })).is_empty());
}

/// Values a clinic or a mum could give, with every character our markup or HTML uses.
const NASTY: [&str; 10] = [
    "St *Mary _Women's* Unit_",
    "*Smith _J* 44_",
    "https://clinic.example/_pelvic_/book?who=*me*&x=<y>",
    "a < b & c > d",
    "<b>not bold</b>",
    "&amp; &lt;",
    "_*_*",
    "back\\slash \\_ \\*",
    "R-4F2_*",
    "😀 *é* _ü_",
];

#[test]
fn our_html_for_nasty_values_is_accepted_and_reads_as_written() {
    for value in NASTY {
        let template = format!("Thank you. *{}* will see _your summary_.", escape(value));
        let sent = to_html(&template);
        assert_eq!(html(&sent), Ok(()), "{value:?} -> {sent}");
        assert_eq!(
            parse_html(&sent).unwrap(),
            format!("Thank you. {value} will see your summary.")
        );
        // Even unescaped, our markup never makes HTML that Telegram refuses.
        let raw = to_html(&format!("Name: {value}"));
        assert_eq!(html(&raw), Ok(()), "{value:?} -> {raw}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]
    #[test]
    fn to_html_of_anything_is_valid_html(text in "[a-z *_\\\\<>&;#0-9]{0,40}") {
        prop_assert!(parse_html(&to_html(&text)).is_ok(), "{} -> {}", text, to_html(&text));
        prop_assert_eq!(parse_html(&to_html(&escape(&text))).unwrap(), text);
    }
}
