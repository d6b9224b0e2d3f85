//! Fuzzing on the stable toolchain: proptest with many cases. CI runs a short
//! version; a long local run is `PROPTEST_CASES=1000000 cargo test --release
//! --test tests fuzz` (failures are kept in `tests/fuzz.proptest-regressions`).
//! Also the limits on every input a user or a file controls.

use crate::util::root;
use proptest::prelude::*;
use restride::dialog::compile::{MAX_NODES, compile};
use restride::dialog::load::Sources;
use restride::store::MemoryStore;
use restride::telegram::callback::{decode, encode};
use restride::telegram::core::{Core, Incoming, classify};
use std::sync::{Arc, LazyLock};

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

static REAL: LazyLock<Sources> = LazyLock::new(|| {
    let mut s = Sources::from_dir(&root().join("dialogs")).unwrap();
    s.root = "dialogs".into();
    s
});

static CORE: LazyLock<Core> =
    LazyLock::new(|| crate::util::core_with(Arc::new(MemoryStore::default())));

/// YAML-ish text: keys, ids, expressions and punctuation the parser meets.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "flow: intake\n",
        "version: 1\n",
        "start: a\n",
        "nodes:\n",
        "  - id: a\n",
        "    kind: yes_no\n",
        "    kind: end\n",
        "    status: complete\n",
        "    var: consent\n",
        "    text: \"hi {consent}\"\n",
        "    when: \"size(x) > 0 && \"\n",
        "    next: b\n",
        "    branches:\n      - if: \"consent\"\n        goto: a\n",
        "include: [x.yaml]\n",
        "rules:\n  - id: r\n    when: \"((((\"\n",
        "- ",
        ": ",
        "\"",
        "'",
        "{",
        "}",
        "[",
        "]",
        "\n",
        "  ",
        "&anchor ",
        "*anchor ",
        "!!str ",
        "---\n",
        "\t",
        "é",
        "\u{0}",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn dialog_files_from_arbitrary_text_never_panic(text in yamlish(), raw in ".{0,200}") {
        for t in [text, raw] {
            let src = Sources { files: vec![("intake.yaml".into(), t)], root: "dialogs".into() };
            let _ = compile(&src);
        }
    }

    #[test]
    fn dialog_files_from_arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), yaml in yamlish(), at in any::<usize>()) {
        // Files are read as UTF-8 (a file that is not is an I/O error with its name); what
        // reaches the parser is any text, here bytes made text and spliced into YAML.
        let raw = String::from_utf8_lossy(&bytes).into_owned();
        let mut at = at % (yaml.len() + 1);
        while !yaml.is_char_boundary(at) {
            at -= 1;
        }
        let spliced = format!("{}{raw}{}", &yaml[..at], &yaml[at..]);
        for t in [raw, spliced] {
            let src = Sources { files: vec![("intake.yaml".into(), t)], root: "dialogs".into() };
            let _ = compile(&src);
        }
    }

    #[test]
    fn callback_data_decoding_never_panics_and_round_trips(data in callbackish(), raw in ".{0,100}", bytes in prop::collection::vec(any::<u8>(), 0..80)) {
        for d in [data, raw, String::from_utf8_lossy(&bytes).into_owned()] {
            if let Some(c) = decode(&d) {
                prop_assert!(d.len() <= restride::telegram::callback::MAX);
                let again = encode(&c).expect("a decoded callback encodes within the limit");
                prop_assert_eq!(decode(&again), Some(c));
            }
            let _ = restride::telegram::core::valid_payload(&d);
        }
    }

    #[test]
    fn update_handling_from_arbitrary_json_never_panics(v in json_value(), key in prop::sample::select(vec!["message", "edited_message", "callback_query", "channel_post", "my_chat_member", "x"]), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let wrapped = serde_json::json!({"update_id": 1, key: v});
        for candidate in [serde_json::from_value::<teloxide::types::Update>(wrapped).ok(), serde_json::from_slice::<teloxide::types::Update>(&bytes).ok()].into_iter().flatten() {
            let inc = classify(&candidate);
            let _ = CORE.handle(i64::from(candidate.id.0), inc, 1_795_000_000);
        }
    }

    #[test]
    fn the_real_dialogs_with_random_damage_never_panic(file in 0usize..20, at in any::<usize>(), cut in 0usize..40, insert in ".{0,12}") {
        let mut src = REAL.clone();
        let n = src.files.len();
        let (_, text) = &mut src.files[file % n];
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(at..end, &insert);
        let _ = compile(&src);
    }

    #[test]
    fn arbitrary_update_json_never_panics(update in update_json()) {
        if let Ok(u) = serde_json::from_value::<teloxide::types::Update>(update) {
            let inc = classify(&u);
            let _ = CORE.handle(i64::from(u.id.0), inc, 1_795_000_000);
        }
    }

    #[test]
    fn arbitrary_texts_and_callback_data_never_panic(text in ".{0,1200}", data in ".{0,80}", chat in -5i64..5) {
        CORE.handle(crate::util::next_update(), Incoming::Text { chat, text }, 1_795_000_000).unwrap();
        CORE.handle(
            crate::util::next_update(),
            Incoming::Callback { chat, id: "x".into(), message_id: 1, data },
            1_795_000_000,
        )
        .unwrap();
    }
}

/// Callback-data-shaped strings: version, node, nonce and action pieces with separators.
fn callbackish() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "1",
        "0",
        "4294967296",
        "-1",
        "99999999999999999999",
        "|",
        "||",
        "consent",
        "a_b",
        "review",
        "é",
        " ",
        "p0",
        "t12",
        "y",
        "ok",
        "del",
        "ci",
        "up",
        "of",
        "\u{0}",
        "x".repeat(40).leak(),
    ]);
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

/// Any JSON value, nested a few levels, with the keys an update's objects have.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let key = prop::sample::select(vec![
        "message_id",
        "date",
        "chat",
        "id",
        "type",
        "from",
        "is_bot",
        "first_name",
        "text",
        "data",
        "message",
        "chat_instance",
        "entities",
        "offset",
        "length",
        "reply_markup",
        "contact",
        "phone_number",
        "caption",
        "photo",
        "title",
        "username",
    ]);
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-5i64..5).prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".{0,30}".prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "private",
            "group",
            "/start",
            "/delete",
            "1|consent|1|y",
            "bot_command"
        ])
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8).prop_map(|kv| {
                serde_json::Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

/// Update-shaped JSON with random kinds, chats, texts and callback data.
fn update_json() -> impl Strategy<Value = serde_json::Value> {
    let chat_type =
        prop::sample::select(vec!["private", "group", "supergroup", "channel", "weird"]);
    (any::<u32>(), -3i64..3, chat_type, ".{0,40}", ".{0,70}", 0u8..6).prop_map(|(id, chat, ty, text, data, kind)| {
        let chat_obj = serde_json::json!({"id": chat, "type": ty, "first_name": "M", "title": "T"});
        let user = serde_json::json!({"id": chat.abs() + 1, "is_bot": false, "first_name": "M"});
        let message = serde_json::json!({"message_id": 1, "date": 0, "chat": chat_obj, "from": user, "text": text});
        match kind {
            0 => serde_json::json!({"update_id": id, "message": message}),
            1 => serde_json::json!({"update_id": id, "edited_message": message}),
            2 => serde_json::json!({"update_id": id, "callback_query": {"id": "q", "from": user, "chat_instance": "c", "data": data, "message": message}}),
            3 => serde_json::json!({"update_id": id, "channel_post": message}),
            4 => serde_json::json!({"update_id": id, "message": {"message_id": 1, "date": 0, "chat": chat_obj, "from": user, "sticker": {"file_id": "f", "file_unique_id": "u", "type": "regular", "width": 1, "height": 1, "is_animated": false, "is_video": false}}}),
            _ => serde_json::json!({"update_id": id, "poll": {"id": "p"}}),
        }
    })
}

#[test]
fn limits_on_dialog_files_are_enforced() {
    // Too many nodes.
    let mut text = String::from("flow: intake\nversion: 1\nstart: n0\nnodes:\n");
    for i in 0..=MAX_NODES {
        text.push_str(&format!("  - id: n{i}\n    kind: message\n    text: x\n"));
    }
    text.push_str("  - id: end\n    kind: end\n    status: complete\n    text: x\n");
    let src = Sources {
        files: vec![("intake.yaml".into(), text)],
        root: "dialogs".into(),
    };
    let diags = compile(&src).unwrap_err();
    assert!(
        diags.iter().any(|d| d.message.contains("the limit is 500")),
        "{diags:?}"
    );
    // A file over 1 MB.
    let src = Sources {
        files: vec![("intake.yaml".into(), "#".repeat(1_100_000))],
        root: "dialogs".into(),
    };
    assert!(
        compile(&src).unwrap_err()[0]
            .message
            .contains("larger than 1 MB")
    );
    // An expression nested too deeply, and one too long.
    assert!(
        restride::dialog::expr::Expr::parse(&format!("{}1{}", "(".repeat(40), ")".repeat(40)))
            .is_err()
    );
    assert!(restride::dialog::expr::Expr::parse(&"a || ".repeat(500)).is_err());
}

#[test]
fn limits_on_what_a_user_sends_are_enforced() {
    let core = crate::util::core_with(Arc::new(MemoryStore::default()));
    let c = core
        .handle(
            1,
            Incoming::Text {
                chat: 1,
                text: "a".repeat(1001),
            },
            0,
        )
        .unwrap();
    assert!(format!("{:?}", c.outbox).contains("over 1000 characters"));
    assert!(restride::telegram::callback::decode(&format!("1|{}|1|p1", "a".repeat(70))).is_none());
}

#[test]
fn a_dialog_file_that_is_not_utf8_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("intake.yaml"), b"flow: \xff\xfe intake\n").unwrap();
    let err = Sources::from_dir(dir.path()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
}
