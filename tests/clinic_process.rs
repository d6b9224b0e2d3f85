//! Issue 15's clinic findings as they were seen: the built binary (`restride run`) over the
//! fake Bot API, a clinic configured, staff enrolled with `restride staff invite` and
//! `/staff <code>`, mums coming through the clinic's link. The service-level tests of the
//! same findings are in tests/clinic_safety.rs; the harness is tests/requests_bin.rs's.

use crate::fake_api::{FakeApi, Fault, Sent};
use crate::process::{answer_one, script, settle, sigterm};
use crate::requests_bin::{button, cli, enrol, say, shown, spawn_serving, tap, to_plan};
use std::time::{Duration, Instant};

const CONFIG: &str = "[bot]\nusername = \"restride_test_bot\"\n\n[clinics.north]\n\
                      name = \"North Clinic\"\nphone = \"01234 567890\"\n";
/// What a staff summary starts with (the reference follows).
const SUMMARY: &str = "Restride summary R-";

/// The summaries a staff chat received (as shown), in order.
fn summaries(api: &FakeApi, staff: i64) -> Vec<String> {
    api.sent(staff)
        .iter()
        .filter(|s| s.method == "sendMessage")
        .map(|s| shown(&s.params))
        .filter(|t| t.contains(SUMMARY))
        .collect()
}

/// The clinic reference (`R-…`) in a summary or an audit line.
fn reference(text: &str) -> String {
    let at = text
        .find("R-")
        .unwrap_or_else(|| panic!("no reference in {text}"));
    text[at..]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .next()
        .unwrap()
        .to_owned()
}

fn messages(api: &FakeApi, chat: i64) -> Vec<Sent> {
    api.sent(chat)
        .into_iter()
        .filter(|s| s.method == "sendMessage")
        .collect()
}

/// The bot takes at most 5 updates a second from a chat (10 at once): [`exchange`] sends no
/// faster.
const PACE: Duration = Duration::from_millis(210);

/// Pushes one update of hers (`push`) and waits for the one message the bot answers it with
/// (sooner than `settle`'s quiet time); returns that message as shown.
fn exchange(api: &FakeApi, chat: i64, push: impl FnOnce()) -> String {
    let before = messages(api, chat).len();
    let started = Instant::now();
    push();
    assert!(
        api.wait_until(Duration::from_secs(20), |a| messages(a, chat).len()
            > before),
        "no answer: {:?}",
        api.last_text(chat)
    );
    std::thread::sleep(PACE.saturating_sub(started.elapsed()));
    shown(&messages(api, chat)[before].params)
}

/// Taps the latest button `data` of hers; see [`exchange`].
fn press(api: &FakeApi, chat: i64, data: &str) -> String {
    let (message_id, data) = button(api, chat, data);
    exchange(api, chat, || {
        api.push_callback(chat, message_id, &data);
    })
}

/// Issue 15: after `/delete` (or a withdrawal) nothing of hers reaches staff, even what
/// was waiting for a staff chat that was failing at the time and works again later.
///
/// Telegram answers 500 to the staff chat (a transient error: the bot retries it, where a
/// 403 "blocked" would drop the summary and prove nothing).
#[test]
fn her_summary_waiting_for_a_failing_staff_chat_goes_with_her_deletion_or_withdrawal() {
    const STAFF: i64 = 8302;
    let (deleted, withdrawn) = (8311, 8312);
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut bot = spawn_serving(&api, &data, CONFIG);
    enrol(&api, &data, "north", STAFF);
    api.inject_for_chat(Some("sendMessage"), STAFF, Fault::ServerError, usize::MAX);
    for mum in [deleted, withdrawn] {
        say(&api, mum, "/start north");
    }
    to_plan(&api, &[deleted, withdrawn]);
    // Her summary was on its way to the staff chat, and failed.
    let tried = |a: &FakeApi| {
        a.calls()
            .iter()
            .any(|(m, p)| m == "sendMessage" && p["chat_id"] == STAFF && shown(p).contains(SUMMARY))
    };
    assert!(api.wait_until(Duration::from_secs(10), tried), "tried");
    assert!(summaries(&api, STAFF).is_empty(), "failing");

    say(&api, deleted, "/delete");
    tap(&api, deleted, "del|yes");
    assert!(api.last_text(deleted).unwrap().contains("deleted"));
    say(&api, withdrawn, "/sharing");
    tap(&api, withdrawn, "sh|w");
    assert!(
        api.last_text(withdrawn)
            .unwrap()
            .contains("Sharing stopped")
    );

    // The staff chat works again. Its messages go in order: once the answer to /patients
    // is there, anything still waiting before it has gone (or never will).
    api.clear_faults();
    let before = messages(&api, STAFF).len();
    api.push_command(STAFF, "/patients");
    assert!(
        api.wait_until(Duration::from_secs(60), |a| {
            messages(a, STAFF)[before..]
                .iter()
                .any(|s| shown(&s.params).contains("No patient of North Clinic"))
        }),
        "{:?}",
        api.last_text(STAFF)
    );
    settle(&api);
    assert_eq!(summaries(&api, STAFF), Vec::<String>::new());
    assert!(sigterm(&mut bot).success());
}

/// Issue 15: withdrawing and sharing again ten times sends her summary to each staff member
/// once (the audit has one `summary_sent` per staff member); and after `/delete` she comes
/// back through the same link as a new patient, under a new reference.
#[test]
fn sharing_again_sends_nothing_new_and_a_mum_back_after_delete_has_a_new_reference() {
    const STAFF: [i64; 2] = [8402, 8403];
    const MUM: i64 = 8411;
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut bot = spawn_serving(&api, &data, CONFIG);
    for staff in STAFF {
        enrol(&api, &data, "north", staff);
    }
    say(&api, MUM, "/start north");
    to_plan(&api, &[MUM]);
    settle(&api);
    for _ in 0..10 {
        exchange(&api, MUM, || {
            api.push_command(MUM, "/sharing");
        });
        assert!(press(&api, MUM, "sh|w").contains("Sharing stopped"));
        exchange(&api, MUM, || {
            api.push_command(MUM, "/sharing");
        });
        assert!(press(&api, MUM, "sh|y").contains("I've sent your summary"));
    }
    settle(&api);
    let first = reference(&summaries(&api, STAFF[0])[0]);
    let audit = cli(&data, &["audit", "north"]);
    for staff in STAFF {
        assert_eq!(summaries(&api, staff).len(), 1, "{:#?}", api.sent(staff));
        let sent: Vec<&str> = audit
            .lines()
            .filter(|l| l.contains("summary_sent") && l.contains(&format!("staff {staff} ")))
            .collect();
        assert_eq!(sent.len(), 1, "{audit}");
        assert!(sent[0].ends_with(&first), "{audit}");
    }
    assert_eq!(audit.matches("summary_sent").count(), 2, "{audit}");

    say(&api, MUM, "/delete");
    tap(&api, MUM, "del|yes");
    say(&api, MUM, "/start north");
    to_plan(&api, &[MUM]);
    settle(&api);
    for staff in STAFF {
        let got = summaries(&api, staff);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(reference(&got[0]), first);
        assert_ne!(reference(&got[1]), first, "{got:#?}");
    }
    let second = reference(&summaries(&api, STAFF[0])[1]);
    say(&api, STAFF[0], "/patients");
    let list = api.last_text(STAFF[0]).unwrap();
    assert!(list.contains(&second) && !list.contains(&first), "{list}");
    assert!(sigterm(&mut bot).success());
}

/// Agrees to use Restride and to share, after opening `link`; returns what the share
/// "yes" answered.
fn open_and_share(api: &FakeApi, chat: i64, token: &str) -> String {
    say(api, chat, &format!("/start {token}"));
    assert!(answer_one(api, chat, &script()), "consent");
    settle(api);
    tap(api, chat, "sh|y");
    api.last_text(chat).unwrap()
}

/// Issue 15: a single-patient link is matched only after the share consent and with the
/// code the clinic gave her apart from the link: a stranger who opens it first gets no
/// match, she does; a third opener is told it is used; the operator lists and revokes it.
#[test]
fn a_single_patient_link_matches_only_her_code_after_consent() {
    const STAFF: i64 = 8502;
    let (stranger, mum, third) = (8511, 8512, 8513);
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut bot = spawn_serving(&api, &data, CONFIG);
    enrol(&api, &data, "north", STAFF);
    let printed = cli(&data, &["link", "north", "--patient", "APPT-4411"]);
    let token = printed
        .split("start=")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or_else(|| panic!("{printed}"))
        .to_owned();
    let code = printed
        .lines()
        .find_map(|l| l.strip_prefix("code: "))
        .unwrap_or_else(|| panic!("{printed}"))
        .trim()
        .to_owned();

    // A stranger opens it first, shares, and has no code.
    assert!(open_and_share(&api, stranger, &token).contains("short code"));
    say(&api, stranger, "ABC123");
    assert!(api.last_text(stranger).unwrap().contains("doesn't match"));
    tap(&api, stranger, "sh|c");
    // Her, with the code the clinic gave her.
    assert!(open_and_share(&api, mum, &token).contains("short code"));
    say(&api, mum, &code);
    let matched = messages(&api, mum)
        .iter()
        .any(|s| shown(&s.params).contains("that matches"));
    assert!(matched, "{:?}", api.last_text(mum));
    to_plan(&api, &[stranger, mum]);
    settle(&api);

    // Staff see the clinic's reference beside her summary only.
    let audit = cli(&data, &["audit", "north"]);
    let line = audit
        .lines()
        .find(|l| l.contains("link_matched"))
        .unwrap_or_else(|| panic!("{audit}"));
    assert!(line.ends_with("APPT-4411"), "{line}");
    let hers = reference(line);
    assert_eq!(audit.matches("link_matched").count(), 1, "{audit}");
    let got = summaries(&api, STAFF);
    assert_eq!(got.len(), 2, "{got:#?}");
    for summary in &got {
        let mine = reference(summary) == hers;
        assert_eq!(summary.contains("APPT-4411"), mine, "{summary}");
    }
    assert!(got.iter().any(|s| reference(s) == hers));

    // Someone else with the same link: told it is used.
    say(&api, third, &format!("/start {token}"));
    let used = messages(&api, third)
        .iter()
        .any(|s| shown(&s.params).contains("used already"));
    assert!(used, "{:?}", api.last_text(third));

    // The operator's list and revoking: through the running bot, and on the store.
    let list = cli(&data, &["link", "north", "--list"]);
    assert!(
        list.lines()
            .any(|l| l.starts_with(&token) && l.contains("  matched  APPT-4411")),
        "{list}"
    );
    assert!(sigterm(&mut bot).success());
    let revoked = cli(&data, &["link", "north", "--revoke", "APPT-4411"]);
    assert_eq!(revoked.trim(), "revoked 1");
    assert!(cli(&data, &["link", "north", "--list"]).trim().is_empty());
    assert!(cli(&data, &["audit", "north"]).contains("link_revoked"));
}
