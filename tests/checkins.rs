//! Daily check-ins with a fixed clock: opting in, quiet hours, daylight
//! saving, backlog, nudges, pauses, expiry after a crash, and the pacer
//! against a fake Bot API that refuses more than 30 messages a second.

use crate::fake_api::FakeApi;
use crate::util::texts;

use restride::engine::value::Value;
use restride::engine::{Input, Session, step};
use restride::outbox::Out;
use restride::store::{Commit, MemoryStore, Store};
use restride::telegram::core::{Core, Incoming};
use std::sync::Arc;

fn ts(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().unwrap().as_second()
}

fn core(store: Arc<dyn Store>) -> Core {
    crate::util::core_with(store)
}

/// Finishes an intake for `chat` at `now` (20 weeks, no symptoms, running as a goal).
fn intake(core: &Core, chat: i64, now: i64) {
    intake_at_weeks(core, chat, now, 20);
}

fn intake_at_weeks(core: &Core, chat: i64, now: i64, weeks: i64) {
    let env = core.env_for_tests();
    let flow = core.dialogs.flow("intake").unwrap();
    let answers = [
        ("consent", Value::Bool(true)),
        ("emergency_signs", Value::List(vec![])),
        ("warning_signs", Value::List(vec![])),
        ("age_ok", Value::Bool(true)),
        ("pregnant_now", Value::Bool(false)),
        ("baby_status", Value::Text("with_me".into())),
        ("weeks_postpartum", Value::Int(weeks)),
        ("delivery", Value::Text("vaginal".into())),
        ("cleared_to_exercise", Value::Bool(true)),
        ("goals", Value::List(vec!["running".into()])),
        ("breastfeeding", Value::Bool(false)),
        ("health_conditions", Value::List(vec![])),
        ("pelvic_symptoms", Value::List(vec![])),
        ("tummy_gap", Value::Bool(false)),
        ("bleeding_after_8_weeks", Value::Bool(false)),
        ("back_pain", Value::Bool(true)),
        ("back_pain_area", Value::Text("lower".into())),
        ("back_pain_intensity", Value::Int(2)),
        ("back_serious_signs", Value::List(vec![])),
        ("sb_bothersome", Value::Text("not_at_all".into())),
        ("phq_interest", Value::Int(0)),
        ("phq_down", Value::Int(0)),
        ("sleep", Value::Text("ok".into())),
        ("energy_eating", Value::Bool(false)),
        ("height_cm", Value::Null),
        ("weight_kg", Value::Null),
        ("ran_before", Value::Bool(true)),
        ("load_tests_passed", Value::List(vec![])),
        ("strength_tests_passed", Value::List(vec![])),
        ("buggy_running", Value::Bool(false)),
        ("foot_pain", Value::Bool(false)),
    ];
    let mut s = step(
        &env,
        Session::new("intake", flow.version, &core.dialogs.hash, now),
        Input::Start,
        now,
    )
    .0;
    for _ in 0..80 {
        if s.finished() {
            break;
        }
        let node = flow.node(s.node.as_deref().unwrap()).unwrap();
        let input = match node.var.as_deref() {
            Some(v) => Input::Answer(
                answers
                    .iter()
                    .find(|(k, _)| *k == v)
                    .map(|(_, a)| a.clone())
                    .unwrap_or(Value::Bool(false)),
            ),
            None => Input::Button {
                version: flow.version,
                node: node.id.clone(),
                nonce: s.nonce,
                action: "ok".into(),
            },
        };
        s = step(&env, s, input, now).0;
    }
    assert!(s.finished());
    core.store
        .commit(Commit {
            chat,
            session: Some(s),
            ..Commit::default()
        })
        .unwrap();
}

fn handle(core: &Core, _chat: i64, inc: Incoming, now: i64) -> Vec<Out> {
    let c = core.handle(crate::util::next_update(), inc, now).unwrap();
    c.outbox
}

fn tap(core: &Core, chat: i64, data: &str, now: i64) -> Vec<Out> {
    handle(
        core,
        chat,
        Incoming::Callback {
            chat,
            id: "cb".into(),
            message_id: 1,
            data: data.into(),
        },
        now,
    )
}

fn say(core: &Core, chat: i64, text: &str, now: i64) -> Vec<Out> {
    handle(
        core,
        chat,
        Incoming::Text {
            chat,
            text: text.into(),
        },
        now,
    )
}

fn opt_in(core: &Core, chat: i64, time: &str, zone: &str, now: i64) {
    tap(core, chat, "ci|yes", now);
    let out = tap(core, chat, &format!("ci|t|{}", time.replace(':', "")), now);
    assert!(texts(&out).contains("time zone"), "{}", texts(&out));
    let out = tap(core, chat, &format!("ci|z|{zone}"), now);
    assert!(texts(&out).contains("All set"), "{}", texts(&out));
}

fn local(zone: &str, t: i64) -> String {
    jiff::Timestamp::from_second(t)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get(zone).unwrap())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// Answers today's check-in: no warning, pain 1, no pelvic symptom, all done, mood 4.
fn answer_checkin(core: &Core, chat: i64, now: i64) {
    for t in ["0", "1", "0", "1", "4"] {
        say(core, chat, t, now);
    }
    let rec = core.store.checkin(chat).unwrap().unwrap();
    assert!(
        rec.current.is_none(),
        "the check-in did not finish: {:?}",
        rec.current.map(|s| s.node)
    );
}

#[test]
fn the_plan_offers_check_ins_and_she_picks_a_time_and_zone() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let now = ts("2026-06-01T10:00:00Z");
    intake(&core, 7, now);
    // Quiet hours refuse a late time, typed or tapped.
    tap(&core, 7, "ci|yes", now);
    let out = tap(&core, 7, "ci|t|2230", now);
    assert!(
        texts(&out).contains("between 21:00 and 07:00"),
        "{}",
        texts(&out)
    );
    let out = say(&core, 7, "5:45", now);
    assert!(
        texts(&out).contains("between 21:00 and 07:00"),
        "{}",
        texts(&out)
    );
    let out = say(&core, 7, "8.30", now);
    assert!(texts(&out).contains("08:30"), "{}", texts(&out));
    let out = say(&core, 7, "Mars/Olympus", now);
    assert!(
        texts(&out).contains("don't know that time zone"),
        "{}",
        texts(&out)
    );
    let out = say(&core, 7, "Europe/London", now);
    assert!(
        texts(&out).contains("every day at 08:30 (Europe/London)"),
        "{}",
        texts(&out)
    );
    let rec = store.checkin(7).unwrap().unwrap();
    assert_eq!(
        local("Europe/London", rec.next_due.unwrap()),
        "2026-06-02 08:30"
    );
}

#[test]
fn check_ins_arrive_at_0830_london_every_day_across_the_clock_change() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let start = ts("2026-03-25T12:00:00Z");
    intake(&core, 9, start);
    opt_in(&core, 9, "08:30", "Europe/London", start);
    let mut seen = vec![];
    for _ in 0..8 {
        let due = store.checkin(9).unwrap().unwrap().next_due.unwrap();
        assert!(
            core.tick(due - 1).unwrap().is_empty(),
            "nothing before its time"
        );
        let chats = core.tick(due).unwrap();
        assert_eq!(chats, vec![9]);
        seen.push(local("Europe/London", due));
        answer_checkin(&core, 9, due + 60);
    }
    assert_eq!(
        seen,
        [
            "2026-03-26 08:30",
            "2026-03-27 08:30",
            "2026-03-28 08:30",
            "2026-03-29 08:30",
            "2026-03-30 08:30",
            "2026-03-31 08:30",
            "2026-04-01 08:30",
            "2026-04-02 08:30"
        ]
    );
    let rec = store.checkin(9).unwrap().unwrap();
    assert_eq!(rec.log.len(), 8);
    assert_eq!(rec.state.streaks.get("calm_run"), Some(&8));
}

#[test]
fn after_downtime_a_late_check_in_moves_to_the_next_day() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let start = ts("2026-06-01T10:00:00Z");
    intake(&core, 3, start);
    opt_in(&core, 3, "08:30", "Europe/London", start);
    let due = store.checkin(3).unwrap().unwrap().next_due.unwrap();
    // Down for five hours: past the three-hour window.
    assert!(core.tick(due + 5 * 3600).unwrap().is_empty());
    let rec = store.checkin(3).unwrap().unwrap();
    assert_eq!(
        local("Europe/London", rec.next_due.unwrap()),
        "2026-06-03 08:30"
    );
    assert!(rec.current.is_none());
    // Within the window it is still sent, marked to expire at the window's end.
    let due = rec.next_due.unwrap();
    let c = core.tick(due + 3600).unwrap();
    assert_eq!(c, vec![3]);
    let out = store.outbox(3).unwrap();
    assert!(
        out.iter().any(|(_, o)| o.expires() == Some(due + 3 * 3600)),
        "{out:?}"
    );
}

#[test]
fn silence_brings_one_nudge_then_a_pause() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let start = ts("2026-06-01T10:00:00Z");
    intake(&core, 5, start);
    opt_in(&core, 5, "09:00", "Europe/London", start);
    let mut nudges = 0;
    let mut paused = false;
    for _ in 0..10 {
        let Some(due) = store.checkin(5).unwrap().unwrap().next_due else {
            break;
        };
        let before = store.outbox(5).unwrap().len();
        core.tick(due).unwrap();
        let new: Vec<Out> = store
            .outbox(5)
            .unwrap()
            .into_iter()
            .skip(before)
            .map(|(_, o)| o)
            .collect();
        let t = texts(&new);
        nudges += usize::from(t.contains("gentle hello"));
        paused |= t.contains("paused your check-ins");
    }
    assert_eq!(nudges, 1);
    assert!(paused);
    let rec = store.checkin(5).unwrap().unwrap();
    assert_eq!(rec.next_due, None, "paused: nothing scheduled");
    // The resume button brings them back.
    let now = ts("2026-06-20T12:00:00Z");
    tap(&core, 5, "ci|resume", now);
    let rec = store.checkin(5).unwrap().unwrap();
    assert_eq!(
        local("Europe/London", rec.next_due.unwrap()),
        "2026-06-21 09:00"
    );
}

#[test]
fn pause_for_days_and_resume() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let now = ts("2026-06-01T10:00:00Z");
    intake(&core, 6, now);
    opt_in(&core, 6, "09:00", "Europe/London", now);
    tap(&core, 6, "ci|p|3", now);
    let rec = store.checkin(6).unwrap().unwrap();
    assert_eq!(
        local("Europe/London", rec.next_due.unwrap()),
        "2026-06-05 09:00"
    );
    say(&core, 6, "/resume", now);
    let rec = store.checkin(6).unwrap().unwrap();
    assert_eq!(
        local("Europe/London", rec.next_due.unwrap()),
        "2026-06-02 09:00"
    );
    say(&core, 6, "/stop", now);
    assert_eq!(store.checkin(6).unwrap().unwrap().next_due, None);
    assert!(store.due_before(i64::MAX, 10).unwrap().is_empty());
}

#[test]
fn rising_pain_steps_the_plan_down_and_says_so() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let start = ts("2026-06-01T10:00:00Z");
    intake(&core, 8, start);
    opt_in(&core, 8, "09:00", "Europe/London", start);
    let mut last = String::new();
    for pain in ["3", "4", "5"] {
        let due = store.checkin(8).unwrap().unwrap().next_due.unwrap();
        core.tick(due).unwrap();
        let mut out = vec![];
        for t in ["0", pain, "0", "1", "4"] {
            out.extend(say(&core, 8, t, due + 60));
        }
        last = texts(&out);
    }
    assert!(last.contains("step gentler"), "{last}");
    assert!(last.contains("Physio"), "{last}");
    let rec = store.checkin(8).unwrap().unwrap();
    assert_eq!(rec.state.level, "low_impact");
}

#[tokio::test]
async fn an_expired_check_in_is_not_sent_after_a_crash() {
    let api = FakeApi::start();
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let bot = teloxide::Bot::new("1:test").set_api_url(api.url().parse().unwrap());
    let now = jiff::Timestamp::now().as_second();
    store
        .commit(Commit {
            chat: 11,
            outbox: vec![
                Out::Send {
                    text: "stale check-in".into(),
                    buttons: vec![],
                    nonce: None,
                    expires: Some(now - 10),
                    protect: false,
                },
                Out::Send {
                    text: "fresh check-in".into(),
                    buttons: vec![],
                    nonce: None,
                    expires: Some(now + 3600),
                    protect: false,
                },
            ],
            ..Commit::default()
        })
        .unwrap();
    restride::telegram::deliver::drain(&bot, &store, 11, &|| false, None)
        .await
        .unwrap();
    let sent: Vec<String> = api.sent(11).into_iter().filter_map(|s| s.text).collect();
    assert_eq!(sent, vec!["fresh check-in".to_owned()]);
    assert!(store.outbox(11).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pacer_keeps_a_broadcast_under_telegrams_limit() {
    let api = FakeApi::start();
    api.set_rate_limit(Some(30));
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = Arc::new(core(store.clone()));
    // Scheduled messages expire by the wall clock, so this one runs on it.
    let start = jiff::Timestamp::now().as_second() - 3600;
    let mums: Vec<i64> = (100..160).collect();
    for &m in &mums {
        intake(&core, m, start);
        opt_in(&core, m, "09:00", "Europe/London", start);
    }
    // The replies of the set-up are not part of the broadcast.
    for &m in &mums {
        for (seq, _) in store.outbox(m).unwrap() {
            store.ack(m, seq).unwrap();
        }
    }
    let due = store.checkin(100).unwrap().unwrap().next_due.unwrap();
    let chats = core.tick(due).unwrap();
    assert_eq!(chats.len(), mums.len());
    let bot = teloxide::Bot::new("1:test").set_api_url(api.url().parse().unwrap());
    let pacer = Arc::new(restride::telegram::pacer::Pacer::new(25.0));
    let flusher = Arc::new(restride::telegram::GroupFlush::new(store.clone()));
    let d =
        restride::telegram::Deliverer::new(bot, store.clone(), flusher, Default::default(), pacer);
    let t = std::time::Instant::now();
    for c in chats {
        d.kick(c);
    }
    assert!(d.idle(std::time::Duration::from_secs(60)).await);
    let sends = api.count("sendMessage");
    let delivered = api
        .all_sent()
        .iter()
        .filter(|s| s.method == "sendMessage")
        .count();
    assert_eq!(
        delivered,
        mums.len() * 2,
        "every mum got her greeting and first question"
    );
    assert_eq!(
        sends,
        delivered,
        "{} calls were refused with 429",
        sends - delivered
    );
    assert!(
        t.elapsed().as_secs_f64() >= (delivered as f64 - 5.0) / 25.0,
        "paced at 25/s"
    );
}

/// Before her first check-in, /progress says when the chart starts: a
/// sentence, never an empty chart.
#[test]
fn progress_before_any_check_in_is_a_sentence_not_an_empty_chart() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let none = core.dialogs.text("progress_none").to_owned();
    let first_words = none
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    let start = ts("2026-11-18T10:00:00Z");
    let no_photo = |out: &[Out]| !out.iter().any(|o| matches!(o, Out::Photo { .. }));
    // No plan yet, no record.
    let out = say(&core, 12, "/progress", start);
    assert!(no_photo(&out));
    assert!(texts(&out).contains(&first_words), "{}", texts(&out));
    // A plan and check-ins set up, but none answered yet.
    intake(&core, 12, start);
    opt_in(&core, 12, "08:30", "Europe/London", start);
    assert!(store.checkin(12).unwrap().unwrap().log.is_empty());
    let out = say(&core, 12, "/progress", start + 3600);
    assert!(no_photo(&out), "{out:?}");
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(texts(&out).contains(&first_words), "{}", texts(&out));
    // After the first check-in: the chart.
    let due = store.checkin(12).unwrap().unwrap().next_due.unwrap();
    core.tick(due).unwrap();
    answer_checkin(&core, 12, due + 60);
    let out = say(&core, 12, "/progress", due + 120);
    assert!(!no_photo(&out), "{out:?}");
}

#[test]
fn a_week_of_check_ins_brings_a_sunday_summary_a_chart_and_updates() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let start = ts("2026-11-18T10:00:00Z"); // a Wednesday
    intake(&core, 12, start);
    opt_in(&core, 12, "08:30", "Europe/London", start);
    let rec = store.checkin(12).unwrap().unwrap();
    assert_eq!(
        local("Europe/London", rec.next_weekly.unwrap()),
        "2026-11-22 19:00"
    );
    for _ in 0..4 {
        let due = store.checkin(12).unwrap().unwrap().next_due.unwrap();
        core.tick(due).unwrap();
        answer_checkin(&core, 12, due + 60);
    }
    let before = store.outbox(12).unwrap().len();
    assert_eq!(core.tick(ts("2026-11-22T19:00:00Z")).unwrap(), vec![12]);
    let new: Vec<Out> = store
        .outbox(12)
        .unwrap()
        .into_iter()
        .skip(before)
        .map(|(_, o)| o)
        .collect();
    let t = texts(&new);
    assert!(t.contains("Your week with Restride"), "{t}");
    assert!(t.contains("4 check-ins this week"), "{t}");
    let rec = store.checkin(12).unwrap().unwrap();
    assert_eq!(
        local("Europe/London", rec.next_weekly.unwrap()),
        "2026-11-29 19:00"
    );

    // /progress: a chart and a summary.
    let out = say(&core, 12, "/progress", ts("2026-11-22T20:00:00Z"));
    let photo = out.iter().find_map(|o| match o {
        Out::Photo { bytes, caption } => Some((bytes.clone(), caption.clone())),
        _ => None,
    });
    let (png, caption) = photo.expect("a chart");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(caption.contains("checked in 4 times"), "{caption}");

    // /update: a new pelvic symptom, and the plan says what changed.
    let now = ts("2026-11-23T12:00:00Z");
    let out = say(&core, 12, "/update", now);
    assert!(texts(&out).contains("What has changed"), "{}", texts(&out));
    let out = tap(&core, 12, "up|pelvic", now);
    assert!(
        texts(&out).contains("Since giving birth"),
        "{}",
        texts(&out)
    );
    let mut out = say(&core, 12, "1", now);
    out.extend(say(&core, 12, "done", now));
    out.extend(say(&core, 12, "no", now));
    out.extend(say(&core, 12, "1", now));
    let t = texts(&out);
    assert!(t.contains("What changed in your plan"), "{t}");
    assert!(t.contains("Pelvic floor physio"), "{t}");
    let rec = store.checkin(12).unwrap().unwrap();
    assert_eq!(
        rec.state.running, "not_yet",
        "the check-ins follow the new plan"
    );
}

#[test]
fn two_calm_weeks_offer_the_running_checklist_and_accepting_updates_the_plan() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let start = ts("2026-06-01T10:00:00Z");
    intake_at_weeks(&core, 21, start, 10);
    let plan = store.session(21).unwrap().unwrap().outcome.unwrap();
    assert_eq!(plan.running, "not_yet", "under 12 weeks");
    opt_in(&core, 21, "09:00", "Europe/London", start);
    // She can also start one herself, any time.
    let out = say(&core, 21, "/checkin", start);
    assert!(
        texts(&out).contains("Your daily check-in is at 09:00"),
        "{}",
        texts(&out)
    );
    let out = tap(&core, 21, "ci|now", start + 60);
    assert!(
        texts(&out).contains("Time for your check-in"),
        "{}",
        texts(&out)
    );
    let mut offered = String::new();
    for _ in 0..14 {
        let due = store.checkin(21).unwrap().unwrap().next_due.unwrap();
        core.tick(due).unwrap();
        let mut out = vec![];
        for t in ["0", "1", "0", "1", "4"] {
            out.extend(say(&core, 21, t, due + 60));
        }
        if out.iter().any(|o| matches!(o, Out::Send { buttons, .. } if buttons.iter().flatten().any(|b| crate::util::data(b) == "of|offer_readiness|y"))) {
            offered = texts(&out);
        }
    }
    assert!(
        offered.contains("readiness checklist"),
        "no offer after two calm weeks"
    );
    let now = ts("2026-06-16T12:00:00Z");
    let out = tap(&core, 21, "of|offer_readiness|y", now);
    assert!(texts(&out).contains("Great"), "{}", texts(&out));
    // Every load test, then every strength test: tick them all, then Done; then the review.
    let mut out = vec![];
    for _ in 0..2 {
        let node = store.session(21).unwrap().unwrap().node.unwrap();
        let n = core
            .dialogs
            .flow("intake")
            .unwrap()
            .node(&node)
            .unwrap()
            .options
            .len();
        let all: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        out.extend(say(&core, 21, &all.join(" "), now));
        out.extend(say(&core, 21, "done", now));
    }
    out.extend(say(&core, 21, "1", now));
    let t = texts(&out);
    assert!(t.contains("What changed in your plan"), "{t}");
    assert!(t.contains("walk-run plan"), "{t}");
    let plan = store.session(21).unwrap().unwrap().outcome.unwrap();
    assert_eq!(plan.running, "graded_return");
    assert!(plan.exercises.contains(&"walk_run_intervals".to_owned()));
    assert_eq!(
        store.checkin(21).unwrap().unwrap().state.running,
        "graded_return"
    );
}

#[test]
fn an_inactive_mum_is_warned_a_week_before_and_then_deleted() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = core(store.clone());
    let start = ts("2026-01-05T10:00:00Z");
    intake(&core, 31, start);
    opt_in(&core, 31, "09:00", "Europe/London", start);
    intake(&core, 32, start);
    let day = 86_400;
    assert!(core.retention_sweep(start + 300 * day).unwrap().is_empty());
    let warned = core.retention_sweep(start + 359 * day).unwrap();
    assert_eq!(
        warned,
        vec![31],
        "only the mum with check-ins gets a message"
    );
    let out = store.outbox(31).unwrap();
    assert!(
        texts(&out.into_iter().map(|(_, o)| o).collect::<Vec<_>>()).contains("deleted in 7 days")
    );
    assert!(
        core.retention_sweep(start + 360 * day).unwrap().is_empty(),
        "warned once"
    );
    core.retention_sweep(start + 366 * day).unwrap();
    for chat in [31, 32] {
        assert_eq!(
            store.chat_keys(chat).unwrap(),
            0,
            "chat {chat} still has data"
        );
    }
    let audit = store.audit().unwrap();
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|a| a.contains("inactive")), "{audit:?}");
}

#[test]
fn her_clinic_s_booking_links_appear_in_her_plan() {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = crate::util::core_with_clinics(
        store.clone(),
        std::collections::BTreeMap::from([(
            "north".into(),
            restride::config::Clinic {
                name: "North Clinic".into(),
                booking_url: Some("https://north.example/book".into()),
                ..Default::default()
            },
        )]),
    );
    let now = ts("2026-06-01T10:00:00Z");
    intake(&core, 40, now);
    let mut s = store.session(40).unwrap().unwrap();
    s.clinic = Some("north".into());
    store
        .commit(Commit {
            chat: 40,
            session: Some(s),
            ..Commit::default()
        })
        .unwrap();
    let t = texts(&say(&core, 40, "/plan", now));
    assert!(t.contains("https://north.example/book"), "{t}");
}

/// The running bot sweeps: a mum inactive for longer than `retention_days`
/// is deleted without anyone calling anything.
#[test]
fn the_running_bot_deletes_mums_past_the_retention_period() {
    let api = FakeApi::start();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let long_ago = ts("2025-01-01T10:00:00Z");
    {
        let store = restride::store::SledStore::open(&data, 8).unwrap();
        let core = core(Arc::new(MemoryStore::default()));
        for chat in [61, 62] {
            let at = if chat == 61 {
                long_ago
            } else {
                jiff::Timestamp::now().as_second()
            };
            let s = Session::new(
                "intake",
                core.dialogs.flow("intake").unwrap().version,
                &core.dialogs.hash,
                at,
            );
            store
                .commit(Commit {
                    chat,
                    session: Some(s),
                    ..Commit::default()
                })
                .unwrap();
        }
        store.flush().unwrap();
    }
    let mut bot = crate::process::spawn_bot_with(&api, &data, "[store]\nretention_days = 30\n");
    let log = data.with_extension("log");
    let start = std::time::Instant::now();
    while !std::fs::read_to_string(&log)
        .unwrap_or_default()
        .contains("deleted after the retention period")
    {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "no sweep"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(bot.id().to_string())
        .status();
    assert!(bot.wait().unwrap().success());
    let store = restride::store::SledStore::open(&data, 8).unwrap();
    assert!(store.session(61).unwrap().is_none(), "inactive: deleted");
    assert!(store.session(62).unwrap().is_some(), "active: kept");
    assert!(
        store
            .audit()
            .unwrap()
            .iter()
            .any(|a| a.contains("inactive"))
    );
}
