use super::words::Words;
use crate::dialog::Dialogs;
use crate::dialog::expr::Expr;

fn dialogs() -> Dialogs {
    crate::dialog::compile(&crate::dialog::load::Sources::embedded()).unwrap()
}

fn words(d: &Dialogs, flow: &str, cond: &str) -> String {
    let f = d.flow(flow).unwrap();
    Words::new(d, f).cond(&Expr::parse(cond).unwrap())
}

#[test]
fn conditions_read_in_words() {
    let d = dialogs();
    let cases = [
        (
            "weeks_postpartum >= 6",
            "Since the birth is 6 weeks or more",
        ),
        (
            "weeks_postpartum < 1",
            "Since the birth is less than 1 week",
        ),
        (
            "6 > weeks_postpartum",
            "Since the birth is less than 6 weeks",
        ),
        ("'running' in goals", "Your goals include Running"),
        ("!('running' in goals)", "Your goals don't include Running"),
        ("size(emergency_signs) > 0", "any Emergency signs ticked"),
        ("size(pelvic_symptoms) == 0", "no Pelvic floor ticked"),
        ("!consent", "not Agreed to start"),
        ("ran_before == false", "not Ran before"),
        ("sleep == 'poor'", "Sleep is Poor"),
        ("!(sleep == 'poor')", "Sleep is not Poor"),
        (
            "'running' in goals && outcome_running != 'not_yet'",
            "Your goals include Running and running not held back so far",
        ),
        (
            "baby_status == 'in_hospital' || baby_status == 'died'",
            "Your baby is My baby is in hospital or My baby has died",
        ),
        (
            "running_goal && (size(load_tests_passed) < 7 || size(strength_tests_passed) < 4)",
            "running goal and (fewer than 7 Load tests done ticked or fewer than 4 Strength tests done ticked)",
        ),
        (
            "health_conditions.exists(c, c in ['heart_condition', 'dizzy_on_exertion'])",
            "Health include any of Heart condition or Dizzy when active",
        ),
        ("phq2_total >= 3", "phq2 total is 3 or more"),
        ("bmi >= 30.0", "bmi is 30 or more"),
    ];
    for (cond, want) in cases {
        assert_eq!(words(&d, "intake", cond), want, "{cond}");
    }
}

#[test]
fn check_in_conditions_read_in_words() {
    let d = dialogs();
    let cases = [
        // An input of the check-in reads as the intake's question.
        ("back_pain", "Back pain"),
        ("!seen_since_warning", "not Seen since the warning"),
        (
            "(pain_today >= 7 && pain_today_prev1 >= 7) || pain_today - pain_today_prev2 >= 2",
            "(Back pain today is 7 or more and Back pain today at the last check-in is 7 or more) \
             or Back pain today minus Back pain today two check-ins ago is 2 or more",
        ),
        (
            "calm_run > 0 && calm_run % 14 == 0",
            "calm run (check-ins in a row) is more than 0 and calm run (check-ins in a row) is a multiple of 14",
        ),
        (
            "weeks_postpartum + day / 7 >= 12",
            "Since the birth by today is 12 weeks or more",
        ),
        (
            "!('pain_today' in asked_today)",
            "Back pain today was not asked today",
        ),
        (
            "pelvic_today.exists(c, !(c in pelvic_seen))",
            "any Pelvic symptoms today not among those seen before",
        ),
        (
            "running != 'graded_return'",
            "her running status is not “graded return”",
        ),
    ];
    for (cond, want) in cases {
        assert_eq!(words(&d, "checkin", cond), want, "{cond}");
    }
}

#[test]
fn what_has_no_words_is_quoted_as_written() {
    let d = dialogs();
    // The whole condition: its source, in quotes.
    assert_eq!(
        words(&d, "intake", "startback_total <= 3 ? 'low' :  'high'"),
        "\"startback_total <= 3 ? 'low' : 'high'\""
    );
    // Only the part without words.
    assert_eq!(
        words(&d, "intake", "back_pain && delivery.startsWith('c')"),
        "Back pain and \"delivery.startsWith('c')\""
    );
    assert_eq!(
        words(&d, "intake", "goals.exists(g, g.size() > 3)"),
        "\"goals.exists(g, g.size() > 3)\""
    );
}

#[test]
fn texts_are_cut_to_their_gist() {
    let d = dialogs();
    let gist = |t: &str, q: bool| super::text::gist(&d, t, q, 60);
    // A question: the sentence that asks.
    assert_eq!(
        gist("Hi, I'm Restride. I help you.\nShall we start?", true),
        "Shall we start?"
    );
    // Too long: cut at a word, with an ellipsis.
    let long = gist(
        "Have you had your postnatal check, and were you told exercise is fine today?",
        true,
    );
    assert!(long.ends_with('…') && long.chars().count() <= 60, "{long}");
    assert!(
        long.starts_with("Have you had your postnatal check"),
        "{long}"
    );
    // `{text.…}` is read through.
    assert!(!gist("{text.warning_today}", false).contains("{text."));
}

/// The escaping of both formats: a label with quotes, brackets and `#`.
#[test]
fn labels_are_escaped_for_both_formats() {
    let src = crate::dialog::load::Sources::embedded();
    let mut d = crate::dialog::compile(&src).unwrap();
    let flow = d.flows.get_mut("intake").unwrap();
    flow.nodes[0].text = "Say \"yes\" <b>now</b> | #1 & `more`?".into();
    // A condition without words is quoted, quotes and backslashes included.
    flow.nodes[0].next[0].cond = Some(Expr::parse(r#"delivery.startsWith('a"\\')"#).unwrap());
    let d = d;
    let f = d.flow("intake").unwrap();
    let m = super::mermaid(&d, f);
    let first = m
        .lines()
        .find(|l| l.starts_with("  consent["))
        .unwrap()
        .replace("<br/>", " ");
    assert!(
        first
            .contains("Say #quot;yes#quot; #lt;b#gt;now#lt;/b#gt; #124; #35;1 #amp; #96;more#96;?"),
        "{first}"
    );
    assert!(
        m.contains(
            r#"consent -->|"if #quot;delivery.startsWith('a#quot;\\')#quot;"| end_declined"#
        ),
        "{m}"
    );
    let g = super::dot(&d, f).replace("<BR/>", " ");
    assert!(
        g.contains("Say &quot;yes&quot; &lt;b&gt;now&lt;/b&gt; | #1 &amp; `more`?"),
        "{g}"
    );
    assert!(
        g.contains(r#"consent -> end_declined [label="if \"delivery.startsWith('a\"\\\\')\""];"#),
        "{g}"
    );
}
