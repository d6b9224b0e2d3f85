//! The plan message, built from an outcome: pure text, split for Telegram.

use crate::dialog::Dialogs;
use crate::engine::outcome::Outcome;
use crate::engine::step::{Env, render};
use crate::engine::value::Value;
use std::collections::BTreeMap;

/// Telegram's limit for one message.
pub const MAX_MESSAGE: usize = 4096;

/// The plan in sections, in the order she reads them.
pub fn sections(
    env: &Env,
    vars: &BTreeMap<String, Value>,
    o: &Outcome,
    booking: &BTreeMap<String, String>,
) -> Vec<String> {
    let d: &Dialogs = env.dialogs;
    let t = |id: &str| render(env, vars, d.text(id));
    let mut out = Vec::new();
    if o.status != "complete" {
        return out;
    }
    out.push(t("plan_title"));
    let urgent = format!("plan_urgency_{}", o.urgency);
    if !d.text(&urgent).is_empty() {
        out.push(t(&urgent));
    }
    if !o.referrals.is_empty() {
        let mut s = t("plan_who");
        for code in &o.referrals {
            let Some(r) = d.referrals.get(code) else {
                continue;
            };
            let reasons: Vec<String> = o
                .reasons
                .iter()
                .filter(|(c, _)| c == code)
                .filter_map(|(_, rule)| r.reasons.get(rule))
                .map(|x| render(env, vars, x))
                .collect::<Vec<_>>();
            let mut seen = Vec::new();
            for x in reasons {
                if !seen.contains(&x) {
                    seen.push(x);
                }
            }
            s.push_str(&format!("\n\n*{}*: {}", r.name, render(env, vars, &r.what)));
            for x in seen {
                s.push_str(&format!("\n  – {x}"));
            }
            if let Some(url) = booking.get(code) {
                s.push_str(&format!("\n  {}: {url}", t("plan_book")));
            }
        }
        out.push(s);
    }
    if !o.exercises.is_empty() {
        let mut s = t(&format!("plan_level_{}", o.exercise_level));
        for id in &o.exercises {
            if let Some(e) = d.exercise(id) {
                s.push_str(&format!(
                    "\n• *{}*: {} ({}) /ex\\_{}",
                    e.name,
                    e.summary,
                    e.dose,
                    e.id.replace('_', "\\_")
                ));
                if o.exercise_level == "low_impact"
                    && let Some(easier) = &e.easier
                {
                    s.push_str(&format!("\n  {}: {easier}", t("plan_easier")));
                }
            }
        }
        s.push_str(&format!("\n\n{}", t("plan_steps_hint")));
        out.push(s);
    }
    if o.running != "not_assessed" {
        out.push(running(env, vars, o));
    }
    let tips: Vec<String> = o
        .advice
        .iter()
        .filter(|a| a.as_str() != "stop_if_symptoms")
        .filter_map(|a| d.advice.get(a))
        .map(|a| format!("• *{}*: {}", a.title, render(env, vars, &a.text)))
        .collect();
    if !tips.is_empty() {
        out.push(format!("{}\n{}", t("plan_tips"), tips.join("\n")));
    }
    out.push(t("plan_stop_line"));
    out
}

fn running(env: &Env, vars: &BTreeMap<String, Value>, o: &Outcome) -> String {
    let d = env.dialogs;
    let mut s = render(env, vars, d.text(&format!("plan_running_{}", o.running)));
    let why: Vec<String> = o
        .running_caps
        .iter()
        .filter_map(|r| {
            let t = d.text(&format!("running_why_{r}"));
            (!t.is_empty()).then(|| format!("  – {}", render(env, vars, t)))
        })
        .collect();
    if !why.is_empty() && o.running == "not_yet" {
        s.push_str(&format!("\n{}", why.join("\n")));
    }
    if o.running == "prepare"
        && let Some(flow) = d.flow("intake")
    {
        let mut list = Vec::new();
        for var in ["load_tests_passed", "strength_tests_passed"] {
            let (Some(node), Some(done)) =
                (flow.var_node(var), vars.get(var).and_then(Value::as_list))
            else {
                continue;
            };
            for o in &node.options {
                let mark = if done.contains(&o.code) { "✓" } else { "☐" };
                list.push(format!("{mark} {}", o.label));
            }
        }
        if !list.is_empty() {
            s.push_str(&format!(
                "\n\n{}\n{}",
                render(env, vars, d.text("plan_checklist")),
                list.join("\n")
            ));
        }
    }
    s
}

/// The full steps of one exercise, for "show me how".
pub fn exercise_card(env: &Env, id: &str) -> Option<String> {
    let e = env.dialogs.exercise(id)?;
    let mut s = format!("*{}*\n{}\n", e.name, e.summary);
    for (i, step) in e.steps.iter().enumerate() {
        s.push_str(&format!("\n{}. {step}", i + 1));
    }
    s.push_str(&format!(
        "\n\n{}: {}",
        env.dialogs.text("plan_dose"),
        e.dose
    ));
    for c in &e.cautions {
        s.push_str(&format!("\n⚠️ {c}"));
    }
    Some(s)
}

/// Joins sections into messages under `max` characters, splitting only
/// between sections (a section longer than `max` is split at line ends).
pub fn split(sections: &[String], max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let push = |cur: &mut String, piece: &str, out: &mut Vec<String>| {
        if !cur.is_empty() && cur.chars().count() + 2 + piece.chars().count() > max {
            out.push(std::mem::take(cur));
        }
        if !cur.is_empty() {
            cur.push_str("\n\n");
        }
        cur.push_str(piece);
    };
    for sec in sections {
        if sec.chars().count() <= max {
            push(&mut cur, sec, &mut out);
            continue;
        }
        for line in sec.lines() {
            let line: String = line.chars().take(max).collect();
            if !cur.is_empty() && cur.chars().count() + 1 + line.chars().count() > max {
                out.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(&line);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_between_sections_under_the_limit() {
        let secs = vec!["a".repeat(3000), "b".repeat(3000), "c".repeat(10)];
        let parts = split(&secs, 4096);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p.chars().count() <= 4096));
        assert!(parts[1].starts_with('b'));
    }

    #[test]
    fn a_long_section_is_split_at_lines() {
        let long = (0..200)
            .map(|i| format!("line {i} {}", "x".repeat(40)))
            .collect::<Vec<_>>()
            .join("\n");
        let parts = split(&[long], 4096);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.chars().count() <= 4096));
    }
}
