//! SCREENING.md 4b: after an ending, and wording for every mum. Each bullet
//! has a conversation through the bot's core (the path every update takes),
//! and the conversations that matter most are kept whole as snapshots.

use crate::transcripts::NOW;
use crate::util::Talk;

/// Every reply after `from` (the conversation's turns), each on its own.
fn replies_after(t: &Talk, from: usize) -> Vec<String> {
    t.transcript[from..].to_vec()
}

fn start() -> Talk {
    let mut t = Talk::new(NOW);
    t.say("/start");
    t
}

/// Consent, no urgent sign, 16 or older, not pregnant, then `baby` (1 with
/// me, 2 in hospital, 3 died).
fn to_weeks(baby: &str) -> Talk {
    let mut t = start();
    t.all(&["yes", "0", "0", "1", "2", baby]);
    t
}

#[test]
fn after_a_self_harm_stop_every_message_gets_the_crisis_line_again() {
    let mut t = start();
    t.all(&["yes", "4", "done"]);
    let stopped = t.transcript.len();
    t.say("i just want an exercise plan");
    t.say("/plan");
    t.say("/start");
    t.tap("Done");
    t.say("/checkin");
    t.say("/progress");
    t.say("/update");
    for r in replies_after(&t, stopped) {
        assert!(r.contains("116 123"), "no crisis line in: {r}");
        assert!(r.contains("999"), "no emergency number in: {r}");
        let lower = r.to_lowercase();
        assert!(
            !lower.contains("plan is ready") && !lower.contains("isn't ready"),
            "{r}"
        );
    }
    let plan = &t.transcript[stopped + 1];
    assert!(
        plan.contains("no exercise plan until you have been seen"),
        "{plan}"
    );
    let summary = t.say("/summary");
    assert!(summary.contains("Thoughts of self-harm"), "{summary}");
    insta::assert_snapshot!(t.text());
}

#[test]
fn withdrawing_a_warning_sign_asks_first_and_is_remembered() {
    let mut t = start();
    t.all(&["yes", "0", "1", "done"]);
    // Back: she is asked first, with the sign named and the instruction repeated.
    let ask = t.say("/back");
    assert!(ask.contains("Heavy bleeding or clots"), "{ask}");
    assert!(ask.contains("maternity unit today"), "{ask}");
    let real = t.tap("No, it's real");
    assert!(real.contains("maternity unit today"), "{real}");
    assert_eq!(t.session().status(), Some("stopped_urgent"));
    t.say("/back");
    let again = t.tap("It was a mistake");
    assert!(again.contains("kept a note"), "{again}");
    assert!(
        again.contains("new or getting worse"),
        "the question is open again: {again}"
    );
    let s = t.session();
    assert_eq!(s.status(), None);
    assert_eq!(s.withdrawn().count(), 1);
    // The rest of the intake: 8 weeks, no running.
    t.all(&[
        "0", "1", "2", "1", "8", "1", "yes", "0", "yes", "0", "0", "no", "no", "no", "0", "0", "2",
        "no", "skip", "skip", "1",
    ]);
    let s = t.session();
    assert_eq!(s.status(), Some("complete"), "{}", t.text());
    let plan = t.transcript.last().unwrap().clone();
    assert!(
        plan.contains("You told me about Heavy bleeding or clots, then said it was a mistake"),
        "{plan}"
    );
    let mydata = t.core.handle(
        2,
        restride::telegram::core::Incoming::Text {
            chat: t.chat,
            text: "/mydata".into(),
        },
        NOW,
    );
    let doc = mydata.unwrap().outbox.into_iter().find_map(|o| match o {
        restride::outbox::Out::Document { bytes, .. } => Some(bytes),
        _ => None,
    });
    let doc = String::from_utf8(doc.expect("a file")).unwrap();
    assert!(doc.contains("\"withdrawn\""), "{doc}");
    assert!(doc.contains("heavy_bleeding"), "{doc}");
    insta::assert_snapshot!(t.text());
}

#[test]
fn a_declined_mum_is_offered_the_consent_question_again() {
    let mut t = start();
    let end = t.say("no");
    assert!(end.contains("999"), "{end}");
    for msg in ["hello", "/start", "/plan"] {
        let r = t.say(msg);
        assert!(r.contains("Shall we start?"), "{msg}: {r}");
        assert!(!r.contains("plan is ready"), "{r}");
    }
    t.say("yes");
    assert_eq!(t.session().node.as_deref(), Some("emergency_signs"));
    insta::assert_snapshot!(t.text());
}

#[test]
fn an_under_16_is_told_again_and_can_start_over() {
    let mut t = start();
    t.all(&["yes", "0", "0", "2"]);
    assert_eq!(t.session().status(), Some("not_eligible"));
    for msg in ["hi", "/plan", "/start"] {
        let r = t.say(msg);
        assert!(r.contains("16 and over"), "{msg}: {r}");
        assert!(r.contains("/restart"), "{msg}: {r}");
        assert!(r.contains("999"), "{msg}: {r}");
    }
    t.say("/restart");
    t.tap("Yes, start again");
    assert_eq!(t.session().node.as_deref(), Some("consent"));
    insta::assert_snapshot!(t.text());
}

#[test]
fn a_pregnant_mum_is_pointed_to_her_antenatal_team_with_the_emergency_line() {
    let mut t = start();
    t.all(&["yes", "0", "0", "1"]);
    let r = t.say("yes");
    assert!(r.contains("antenatal team"), "{r}");
    assert!(r.contains("call 999"), "{r}");
    let again = t.say("what can I do then");
    assert!(
        again.contains("antenatal team") && again.contains("/restart"),
        "{again}"
    );
    insta::assert_snapshot!(t.text());
}

#[test]
fn an_emergency_sign_stops_at_once_and_stays() {
    let mut t = start();
    t.all(&["yes", "1", "done"]);
    assert_eq!(t.session().status(), Some("stopped_urgent"));
    let r = t.say("ok");
    assert!(r.contains("call 999 now"), "{r}");
    assert!(r.contains("Chest pain"), "names what she reported: {r}");
    insta::assert_snapshot!(t.text());
}

/// Through the intake with both PHQ-2 answers at 3 ("almost every day").
#[test]
fn a_phq2_of_6_shows_the_crisis_line_with_its_referrals() {
    let mut t = to_weeks("1");
    t.all(&[
        "16", "1", "yes", "0", "no", "0", "0", "no", "no", "no", "3", "3", "1", "no", "skip",
        "skip", "1",
    ]);
    let s = t.session();
    let o = s.outcome.as_ref().expect("a plan");
    assert!(o.referrals.contains(&"psychologist".to_owned()), "{o:?}");
    let plan = t.transcript.last().unwrap().clone();
    let who = plan
        .split("*Who to see, and why*")
        .nth(1)
        .and_then(|p| p.split("*This week").next())
        .expect("referrals");
    assert!(
        who.contains("116 123"),
        "crisis line beside the referrals: {who}"
    );
    assert!(
        !plan.contains("I will ask how you feel in the check-ins"),
        "{plan}"
    );
    insta::assert_snapshot!(t.text());
}

#[test]
fn no_text_promises_check_ins_to_someone_who_has_not_opted_in() {
    // PHQ-2 of 2: the mood advice, without opting in.
    let mut t = to_weeks("1");
    t.all(&[
        "16", "1", "yes", "0", "no", "0", "0", "no", "no", "no", "1", "1", "2", "no", "skip",
        "skip", "1",
    ]);
    let plan = t.transcript.last().unwrap().to_lowercase();
    assert!(plan.contains("keeping an eye on your mood"), "{plan}");
    assert!(plan.contains("if you choose daily check-ins"), "{plan}");
    assert!(!plan.contains("i will ask how you feel"), "{plan}");
}

#[test]
fn a_long_message_to_a_tap_question_gets_a_kind_reply_with_the_crisis_line() {
    let mut t = start();
    t.say("yes");
    let r = t.say("honestly I am so tired and I do not know if I can keep going like this anymore");
    assert!(r.contains("116 123"), "{r}");
    assert!(r.contains("First, your safety"), "the question again: {r}");
    // A short unclear answer gets the ordinary re-prompt, no crisis line.
    let short = t.say("maybe later");
    assert!(!short.contains("116 123"), "{short}");
}

/// Sets up check-ins after her plan and starts one now; the check-in's first message.
fn check_in_now(t: &mut Talk) -> String {
    t.tap("Yes, please");
    t.tap("08:30");
    t.tap("Europe/London");
    t.say("/checkin");
    t.tap("Check in now")
}

const ASSUMES_A_BABY: &[&str] = &[
    "buggy",
    "pram",
    "pushchair",
    "feeding",
    "caring for",
    "care of your baby",
    "with your baby",
    "baby naps",
    "your baby sleeps",
    "carry your baby",
    "how old is your baby",
    "low mood is common after birth",
    "many mums",
    "harming baby",
];

#[test]
fn a_bereaved_mother_reads_nothing_that_assumes_a_baby_at_home() {
    let mut t = to_weeks("3");
    // Running and strength, 16 weeks, making milk, no symptoms, the readiness tests all passed.
    t.all(&[
        "16",
        "1",
        "yes",
        "1 2",
        "done",
        "yes",
        "0",
        "0",
        "no",
        "no",
        "no",
        "1",
        "1",
        "1",
        "no",
        "skip",
        "skip",
        "yes",
        "1 2 3 4 5 6 7",
        "done",
        "1 2 3 4",
        "done",
        "no",
        "1",
    ]);
    let s = t.session();
    assert_eq!(s.status(), Some("complete"), "{}", t.text());
    assert!(!s.asked().any(|v| v == "buggy_running"), "{:?}", s.history);
    let first = check_in_now(&mut t);
    assert!(first.contains("Quick safety check"), "{first}");
    let text = t.text();
    let after_baby_question = text
        .split("> 3")
        .nth(1)
        .expect("after she told me")
        .to_lowercase();
    for phrase in ASSUMES_A_BABY {
        assert!(
            !after_baby_question.contains(phrase),
            "`{phrase}` in:\n{after_baby_question}"
        );
    }
    assert!(text.contains("Sands"), "bereavement support");
    assert!(!text.contains("Bliss"), "no neonatal support for her");
    insta::assert_snapshot!(text);
}

#[test]
fn a_mother_whose_baby_is_in_neonatal_care_gets_the_neonatal_lines_only() {
    let mut t = to_weeks("2");
    t.all(&[
        "10", "3", "yes", "0", "yes", "0", "0", "no", "no", "no", "1", "1", "1", "no", "skip",
        "skip", "1",
    ]);
    let s = t.session();
    assert_eq!(s.status(), Some("complete"), "{}", t.text());
    let first = check_in_now(&mut t);
    assert!(first.contains("Thoughts of harming baby"), "{first}");
    let text = t.text();
    assert!(text.contains("Bliss"), "neonatal support");
    assert!(!text.contains("Sands"), "no bereavement support for her");
    let lower = text.split("> 2").nth(1).unwrap().to_lowercase();
    for phrase in [
        "buggy",
        "pram",
        "baby naps",
        "while your baby sleeps",
        "carry your baby",
    ] {
        assert!(!lower.contains(phrase), "`{phrase}` assumes a baby at home");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn natural_answers_are_understood() {
    for (typed, weeks) in [
        ("ten weeks", 10),
        ("6 weeks 3 days", 6),
        ("1 year", 52),
        ("1 year 2 months", 60),
        ("3 months", 13),
        ("4 November 2026", 2),
        ("2026-11-04", 2),
    ] {
        let mut t = to_weeks("1");
        let r = t.say(typed);
        let s = t.session();
        assert_eq!(
            s.answers.get("weeks_postpartum").and_then(|v| v.as_int()),
            Some(weeks),
            "{typed}: {r}"
        );
    }
    let mut t = to_weeks("1");
    let r = t.say("04/11/2026");
    assert!(r.contains("4 November 2026 or 11 April 2026"), "{r}");
    // A word of an option, and a listed synonym.
    let mut t = start();
    t.all(&["yes", "0", "0", "1", "2", "with me", "1 week", "c-section"]);
    let s = t.session();
    assert_eq!(s.answers["baby_status"].as_text(), Some("with_me"));
    assert_eq!(s.answers["delivery"].as_text(), Some("caesarean"));
    assert!(t.text().contains("✔ 1 week\n"), "{}", t.text());
}

#[test]
fn the_wording_reads_right() {
    let mut t = to_weeks("1");
    t.all(&[
        "16", "1", "yes", "0", "no", "0", "0", "no", "no", "yes", "1", "11",
    ]);
    let r = t.transcript.last().unwrap();
    assert!(r.contains("from 0 to 10."), "{r}");
    t.all(&[
        "5", "no", "no", "no", "no", "no", "no", "no", "no", "no", "1", "0", "0", "1", "no",
        "skip", "skip",
    ]);
    assert_eq!(t.session().node.as_deref(), Some("review"));
    let back = t.say("/start");
    assert!(back.contains("We were on: checking your answers"), "{back}");
    // Every question shows where she is.
    for turn in &t.transcript {
        if turn.contains('[') && !turn.contains("Looks right") && turn.contains('?') {
            assert!(turn.contains("_Part "), "{turn}");
        }
    }
}

#[test]
fn a_check_in_on_the_intake_day_is_day_0_and_tomorrow_is_still_due() {
    let mut t = to_weeks("1");
    t.all(&[
        "16", "1", "yes", "0", "no", "0", "0", "no", "no", "no", "0", "0", "1", "no", "skip",
        "skip", "1",
    ]);
    check_in_now(&mut t);
    t.all(&["0", "0", "1", "4"]);
    let rec = t.core.record(t.chat).unwrap().unwrap();
    assert_eq!(rec.log.last().map(|l| l.day), Some(0));
    // The next morning.
    t.now += 86_400;
    t.say("/checkin");
    let r = t.tap("Check in now");
    assert!(!r.contains("already checked in today"), "{r}");
    assert!(r.contains("Quick safety check"), "{r}");
}

#[test]
fn a_warning_in_a_check_in_stays_the_answer_until_she_has_been_seen() {
    let mut t = to_weeks("1");
    t.all(&[
        "16", "1", "yes", "0", "no", "0", "0", "no", "no", "no", "0", "0", "1", "no", "skip",
        "skip", "1",
    ]);
    check_in_now(&mut t);
    t.all(&["11", "done"]);
    let stopped = t.transcript.len();
    for msg in ["can I still do my exercises", "/plan", "/start"] {
        t.say(msg);
    }
    for r in replies_after(&t, stopped) {
        assert!(r.contains("maternity unit today"), "{r}");
        assert!(!r.contains("Your plan is ready"), "{r}");
    }
    assert!(t.transcript[stopped + 1].contains("no exercise plan"));
    // Withdrawing it asks first; a mistake re-opens the safety question.
    let ask = t.say("/back");
    assert!(ask.contains("Fever"), "{ask}");
    let again = t.tap("It was a mistake");
    assert!(again.contains("Quick safety check"), "{again}");
    t.all(&["0", "0", "1", "4"]);
    let rec = t.core.record(t.chat).unwrap().unwrap();
    assert!(rec.urgent.is_none());
    let day = rec.log.last().unwrap();
    assert_eq!(day.withdrawn.len(), 1, "{day:?}");
    assert!(!day.actions.contains(&"urgent_stop".to_owned()));
    insta::assert_snapshot!(t.text());
}

/// Issue 15: a forged pause of 106751991167301 days would overflow the
/// pause arithmetic; only the breaks the bot offered are taken.
#[test]
fn numbers_in_forged_callback_data_are_checked_against_what_was_offered() {
    let mut t = to_weeks("1");
    t.all(&[
        "16", "1", "yes", "0", "no", "0", "0", "no", "no", "no", "0", "0", "1", "no", "skip",
        "skip", "1",
    ]);
    t.tap("Yes, please");
    t.tap("08:30");
    t.tap("Europe/London");
    let before = t.core.record(t.chat).unwrap().unwrap();
    for data in [
        "ci|p|106751991167301",
        "ci|p|4294967295",
        "ci|p|-1",
        "ci|p|13",
    ] {
        let r = t.tap_data(data, "[a forged pause]");
        assert!(!r.contains("paused"), "{data}: {r}");
        let rec = t.core.record(t.chat).unwrap().unwrap();
        assert_eq!(rec.prefs, before.prefs, "{data}");
        assert_eq!(rec.next_due, before.next_due, "{data}");
    }
    // The breaks offered still work.
    t.say("/pause");
    let r = t.tap("week");
    assert!(r.contains("paused") || r.contains("break"), "{r}");
    assert!(
        t.core
            .record(t.chat)
            .unwrap()
            .unwrap()
            .prefs
            .unwrap()
            .paused_until
            .is_some()
    );
}
