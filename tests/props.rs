//! Invariants over random conversations.

use crate::util::env;
use proptest::prelude::*;
use restride::dialog::model::NodeKind;
use restride::engine::session::Mode;
use restride::engine::value::Value;
use restride::engine::{Input, Session, step};

const NOW: i64 = 1_795_000_000;

fn input() -> impl Strategy<Value = Input> {
    let words = prop::sample::select(vec![
        "1",
        "2",
        "3",
        "0",
        "1 3",
        "done",
        "yes",
        "no",
        "skip",
        "16 weeks",
        "4 months",
        "2026-01-01",
        "170",
        "agree",
        "",
        "🙂",
        "999999999999999999999",
        "-1",
        "none",
    ]);
    prop_oneof![
        4 => words.prop_map(|w| Input::Text(w.to_owned())),
        1 => ".{0,40}".prop_map(Input::Text),
        1 => Just(Input::Back),
        1 => Just(Input::Restart),
        1 => Just(Input::Summary),
        1 => Just(Input::Start),
        2 => (0u32..4, prop::sample::select(vec!["y", "x", "p0", "p2", "t1", "d", "n", "s", "ok", "ch", "c0", "ry", "rn", "zz"]))
            .prop_map(|(off, a)| Input::Button { version: 1, node: String::new(), nonce: off, action: a.to_owned() }),
    ]
}

/// Makes a button input point at the current question (sometimes with a wrong nonce).
fn aim(s: &Session, i: Input) -> Input {
    match i {
        Input::Button {
            version,
            nonce,
            action,
            ..
        } => Input::Button {
            version,
            node: s.node.clone().unwrap_or_default(),
            nonce: if nonce == 0 {
                s.nonce
            } else {
                s.nonce.wrapping_sub(nonce)
            },
            action,
        },
        other => other,
    }
}

/// A valid answer to the current question, chosen by `pick`.
fn answer_for(s: &Session, pick: usize) -> Option<Value> {
    let env = env();
    let flow = env.dialogs.flow(&s.flow)?;
    let node = flow.node(s.node.as_deref()?)?;
    if s.finished() {
        return None;
    }
    Some(match node.kind {
        NodeKind::YesNo => Value::Bool(pick.is_multiple_of(2)),
        NodeKind::Choice => Value::Text(node.options[pick % node.options.len()].code.clone()),
        NodeKind::Multi => Value::List(
            node.options
                .iter()
                .enumerate()
                .filter(|(i, _)| (pick >> i) & 1 == 1)
                .map(|(_, o)| o.code.clone())
                .collect(),
        ),
        NodeKind::Number => Value::Int(node.min + (pick as i64) % (node.max - node.min + 1)),
        _ => return None,
    })
}

fn without_nonce(mut s: Session) -> Session {
    s.nonce = 0;
    s.updated = 0;
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_input_sequence_panics_or_loses_its_place(inputs in prop::collection::vec(input(), 0..60)) {
        let env = env();
        let flow = env.dialogs.flow("intake").unwrap();
        let mut s = Session::new("intake", 1, &env.dialogs.hash, NOW);
        let mut last_nonce = s.nonce;
        for i in inputs {
            let i = aim(&s, i);
            let (next, _) = step(&env, s, i, NOW);
            s = next;
            if let Some(n) = &s.node {
                prop_assert!(flow.node(n).is_some(), "unknown node {n}");
            }
            prop_assert!(s.nonce >= last_nonce, "the nonce went back");
            last_nonce = s.nonce;
            for h in &s.history {
                prop_assert!(s.answers.contains_key(&h.var), "history names {} without an answer", h.var);
            }
        }
    }

    #[test]
    fn back_then_the_same_answer_returns_the_same_session(
        picks in prop::collection::vec(any::<usize>(), 1..45),
        at in any::<usize>(),
    ) {
        let env = env();
        let mut s = Session::new("intake", 1, &env.dialogs.hash, NOW);
        s = step(&env, s, Input::Start, NOW).0;
        let stop = at % picks.len();
        for (k, p) in picks.iter().enumerate() {
            let Some(v) = answer_for(&s, *p) else { break };
            let answered = step(&env, s.clone(), Input::Answer(v.clone()), NOW).0;
            if k == stop {
                let mut back = step(&env, answered.clone(), Input::Back, NOW).0;
                let urgent = answered.status() == Some("stopped_urgent");
                if urgent {
                    // Back from an urgent stop asks first; "it was a mistake" re-opens it.
                    let asked = matches!(back.mode, Mode::ConfirmWithdraw { .. });
                    prop_assert!(asked, "back from an urgent stop asks first");
                    back = step(&env, back, Input::Text("It was a mistake".into()), NOW).0;
                    prop_assert_eq!(back.withdrawn().count(), 1, "the withdrawal is kept");
                }
                let again = step(&env, back, Input::Answer(v), NOW).0;
                let (mut again, mut answered) = (without_nonce(again), without_nonce(answered));
                if urgent {
                    // What she reported and withdrew stays in her record; the rest is as before.
                    prop_assert_eq!(again.reports.len(), 2);
                    again.reports.clear();
                    answered.reports.clear();
                    if let Some(o) = again.outcome.as_mut() {
                        o.withdrawn.clear();
                    }
                }
                prop_assert_eq!(again, answered);
                break;
            }
            s = answered;
        }
    }
}
