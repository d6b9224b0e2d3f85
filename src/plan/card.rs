//! One exercise as she reads it: the form that fits her level, its dose,
//! and the walk-run programme with the week she is in.

use crate::dialog::expr::Scope;
use crate::dialog::{Exercise, Stage};
use crate::engine::step::{Env, render_with};
use std::collections::BTreeMap;

/// Seconds in a week, for the programme's weeks.
const WEEK: i64 = 7 * 86_400;

/// The name, summary, steps and dose she is shown (in her language): the
/// easiest form when her plan is at `low_impact` and the exercise has one.
pub struct Form {
    pub name: String,
    pub summary: String,
    pub steps: Vec<String>,
    pub dose: String,
}

/// The form of `e` for `level`; `scope` (her answers and the outcome) picks a dose.
pub fn form(env: &Env, e: &Exercise, level: Option<&str>, scope: Option<&Scope>) -> Form {
    let tr = |t: &str| env.tr(t);
    if level == Some("low_impact")
        && let Some(x) = &e.easier
    {
        return Form {
            name: tr(&x.name),
            summary: tr(&x.summary),
            steps: x.steps.iter().map(|s| tr(s)).collect(),
            dose: tr(&x.dose),
        };
    }
    let dose = scope
        .and_then(|sc| e.doses.iter().find(|(c, _)| c.holds(sc)))
        .map_or(e.dose.as_str(), |(_, d)| d.as_str());
    Form {
        name: tr(&e.name),
        summary: tr(&e.summary),
        steps: e.steps.iter().map(|s| tr(s)).collect(),
        dose: tr(dose),
    }
}

/// Her week of a programme (1 in the week the plan was made).
pub fn programme_week(made_at: i64, now: i64) -> u32 {
    ((now - made_at).max(0) / WEEK) as u32 + 1
}

/// A programme week by week, the stage of `week` marked (when given).
pub fn programme(env: &Env, stages: &[Stage], week: Option<u32>) -> String {
    let t = |id: &str, args: &[(&str, &str)]| {
        render_with(env, &BTreeMap::new(), args, env.dialogs.text(id))
    };
    let mut lines = Vec::new();
    if let Some(w) = week {
        let last = stages.last().map_or(0, |s| s.to);
        let wk = w.to_string();
        lines.push(if w > last {
            t("programme_done", &[("week", &wk)])
        } else {
            t("programme_you_are_in", &[("week", &wk)])
        });
    }
    for st in stages {
        let (from, to) = (st.from.to_string(), st.to.to_string());
        let id = if st.from == st.to {
            "programme_stage_one"
        } else {
            "programme_stage"
        };
        let text = env.tr(&st.text);
        let mut line = t(id, &[("from", &from), ("to", &to), ("text", &text)]);
        if week.is_some_and(|w| (st.from..=st.to).contains(&w)) {
            line = t("programme_stage_now", &[("stage", &line)]);
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// The full card of one exercise, for "show me how": in the form that fits
/// her level, with the programme and her week when it has one.
pub fn exercise_card(
    env: &Env,
    id: &str,
    level: Option<&str>,
    week: Option<u32>,
    scope: Option<&Scope>,
) -> Option<String> {
    let e = env.dialogs.exercise(id)?;
    let f = form(env, e, level, scope);
    let mut s = format!("*{}*\n{}\n", f.name, f.summary);
    for (i, step) in f.steps.iter().enumerate() {
        s.push_str(&format!("\n{}. {step}", i + 1));
    }
    s.push_str(&format!("\n\n{}: {}", env.t("plan_dose"), f.dose));
    if !e.programme.is_empty() {
        s.push_str(&format!("\n\n{}", programme(env, &e.programme, week)));
    }
    for c in &e.cautions {
        s.push_str(&format!("\n⚠️ {}", env.tr(c)));
    }
    Some(s)
}
