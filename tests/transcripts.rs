//! Whole conversations through the engine, rendered as the terminal chat
//! shows them, kept as snapshots: what a mother reads is reviewed like code.

use crate::util::env;
use restride::chat::render_effects;
use restride::engine::{Input, Session, step};

const NOW: i64 = 1_795_000_000;

/// Plays `inputs` (text, or a /command) and returns the transcript.
pub fn play(inputs: &[&str]) -> (String, Session) {
    let env = env();
    let mut s = Session::new("intake", 1, &env.dialogs.hash, NOW);
    let mut out = Vec::new();
    let mut feed = vec![Input::Start];
    feed.extend(inputs.iter().map(|i| match *i {
        "/back" => Input::Back,
        "/restart" => Input::Restart,
        "/summary" => Input::Summary,
        t => Input::Text(t.to_owned()),
    }));
    let mut labels = vec!["(opens the chat)".to_owned()];
    labels.extend(inputs.iter().map(|i| format!("> {i}")));
    for (input, label) in feed.into_iter().zip(labels) {
        out.push(label);
        let (next, effects) = step(&env, s, input, NOW);
        s = next;
        out.extend(render_effects(&env, &s, &effects));
    }
    (out.join("\n\n"), s)
}

const START: &[&str] = &["yes", "0", "0", "1", "2"];

fn with_start(rest: &[&'static str]) -> Vec<&'static str> {
    START.iter().copied().chain(rest.iter().copied()).collect()
}

#[test]
fn a_mum_at_8_weeks_who_wants_to_run() {
    let inputs = with_start(&[
        "1", "8", "1", "yes", "1", "done", "yes", "0", "0", "no", "no", "no", "0", "1", "2", "no",
        "165", "60", "yes", "yes", "no", "1",
    ]);
    let (t, s) = play(&inputs);
    assert_eq!(
        s.outcome.as_ref().map(|o| o.running.as_str()),
        Some("not_yet")
    );
    insta::assert_snapshot!(t);
}

#[test]
fn a_mum_at_20_weeks_with_leaking_and_back_pain() {
    let inputs = with_start(&[
        "1", "20", "3", "yes", "2 3", "done", "no", "0", "1", "done", "no", "no", "yes", "1", "6",
        "0", "agree", "disagree", "disagree", "agree", "agree", "agree", "disagree", "disagree",
        "3", "1", "1", "1", "no", "skip", "skip", "1",
    ]);
    let (t, s) = play(&inputs);
    let o = s.outcome.as_ref().unwrap();
    assert!(
        o.referrals.contains(&"pelvic_floor_physio".to_owned()),
        "{:?}",
        o.referrals
    );
    insta::assert_snapshot!(t);
}

#[test]
fn a_mum_who_reports_a_warning_sign() {
    let (t, s) = play(&["yes", "0", "3", "done"]);
    assert_eq!(
        s.outcome.as_ref().map(|o| o.status.as_str()),
        Some("stopped_urgent")
    );
    insta::assert_snapshot!(t);
}

#[test]
fn a_mum_whose_baby_is_in_neonatal_care() {
    let inputs = [
        "yes", "0", "0", "1", "2", "2", "3", "2", "0", "no", "0", "0", "no", "no", "1", "1", "1",
        "no", "skip", "skip", "1",
    ];
    let (t, s) = play(&inputs);
    let o = s.outcome.as_ref().unwrap();
    assert!(o.advice.contains(&"support_contacts".to_owned()));
    let lower = t.to_lowercase();
    for phrase in [
        "your baby is with you",
        "while your baby",
        "baby naps",
        "your baby sleeps",
        "carry your baby",
    ] {
        assert!(!lower.contains(phrase), "assumes a baby at home: {phrase}");
    }
    insta::assert_snapshot!(t);
}

#[test]
fn back_change_and_restart() {
    let (t, _) = play(&[
        "yes", "0", "maybe", "/back", "0", "0", "/summary", "/restart", "2", "/restart", "1",
    ]);
    insta::assert_snapshot!(t);
}

#[test]
fn changing_an_answer_from_the_review_drops_what_no_longer_applies() {
    let mut inputs = with_start(&[
        "1", "20", "1", "yes", "0", "no", "0", "0", "no", "no", "yes", "1", "3", "0", "no", "no",
        "no", "no", "no", "no", "no", "no", "1", "0", "0", "3", "no", "skip", "skip",
    ]);
    // At the review: change "Back pain" to no.
    inputs.extend(["2", "16", "no"]);
    let (t, s) = play(&inputs);
    assert!(
        !s.answers.contains_key("back_pain_area"),
        "{:?}",
        s.answers.keys()
    );
    assert_eq!(
        s.answers.get("back_pain").and_then(|v| v.as_bool()),
        Some(false)
    );
    insta::assert_snapshot!(t);
}

#[test]
fn a_session_on_a_removed_node_moves_and_keeps_its_answers() {
    use restride::dialog::{compile, load::Sources};
    use restride::engine::{Effect, Env};
    let (_, s) = play(&with_start(&["1", "20", "1", "yes"]));
    assert_eq!(s.node.as_deref(), Some("goals"));
    // A new version renames the question she is on.
    let mut src = Sources::from_dir(&crate::util::root().join("dialogs")).unwrap();
    for (path, text) in &mut src.files {
        if path == "intake.yaml" {
            *text = text.replace("version: 1", "version: 2");
        }
        if path == "intake/03-about.yaml" {
            *text = text.replace("id: goals", "id: your_goals");
        }
    }
    let d = compile(&src).unwrap_or_else(|e| panic!("{e:?}"));
    let env = Env {
        dialogs: &d,
        constants: &crate::util::CONSTANTS,
    };
    let (moved, effects) = step(&env, s.clone(), Input::Start, NOW);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Moved { .. })),
        "{effects:?}"
    );
    assert_eq!(moved.version, 2);
    assert_eq!(moved.node.as_deref(), Some("your_goals"));
    assert_eq!(moved.answers, s.answers, "every answer still fits");
    let text = restride::chat::render_effects(&env, &moved, &effects).join("\n");
    assert!(text.contains("updated my questions"), "{text}");
}
