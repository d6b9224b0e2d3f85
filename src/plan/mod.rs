//! The plan message, built from an outcome: pure text, split for Telegram.
//! `card` holds one exercise as she reads it, `split` cuts a plan into messages.

mod card;
mod split;

pub use card::{Form, exercise_card, form, programme, programme_week};
pub use split::split;

use crate::dialog::Dialogs;
use crate::dialog::expr::Scope;
use crate::engine::Session;
use crate::engine::outcome::Outcome;
use crate::engine::step::{Env, display, render, render_with};
use crate::engine::value::Value;
use crate::texts::escape;
use std::collections::BTreeMap;

/// Telegram's limit for one message.
pub const MAX_MESSAGE: usize = 4096;
/// The plan messages for a finished session as of `now` (empty for an early stop).
pub fn messages(env: &Env, s: &Session, now: i64) -> Vec<String> {
    messages_with(env, s, &BTreeMap::new(), now)
}

/// The plan with booking links by referral code (her clinic's).
pub fn messages_with(
    env: &Env,
    s: &Session,
    booking: &BTreeMap<String, String>,
    now: i64,
) -> Vec<String> {
    let (Some(o), Some(flow)) = (&s.outcome, env.dialogs.flow(&s.flow)) else {
        return vec![];
    };
    let vars = crate::engine::outcome::variables(flow, &s.given, &s.answers);
    split(&sections(env, &vars, o, booking, now), MAX_MESSAGE)
}

/// One exercise's card in the form that fits her plan (or `level`, where her
/// check-ins have moved it), with her programme week.
pub fn card_for(env: &Env, s: &Session, id: &str, level: Option<&str>, now: i64) -> Option<String> {
    let flow = env.dialogs.flow(&s.flow);
    let o = s.outcome.as_ref().filter(|o| o.status == "complete");
    let scope = o.zip(flow).map(|(o, flow)| {
        scope(
            &crate::engine::outcome::variables(flow, &s.given, &s.answers),
            o,
        )
    });
    exercise_card(
        env,
        id,
        level.or(o.map(|o| o.exercise_level.as_str())),
        o.map(|o| programme_week(o.made_at, now)),
        scope.as_ref(),
    )
}

/// Her answers with the outcome's `outcome_*`, as exercise conditions read them.
pub fn scope(vars: &BTreeMap<String, Value>, o: &Outcome) -> Scope {
    let mut scope = Scope::new().with(vars.iter().map(|(k, v)| (k.as_str(), v)));
    scope.set("outcome_urgency", &Value::Text(o.urgency.clone()));
    scope.set("outcome_level", &Value::Text(o.exercise_level.clone()));
    scope.set("outcome_running", &Value::Text(o.running.clone()));
    scope
}

/// One line for each urgent sign she reported and withdrawn: if it does
/// happen, what to do and the number.
fn withdrawn(env: &Env, o: &Outcome) -> Vec<String> {
    let flow = env.dialogs.flow("intake");
    o.withdrawn
        .iter()
        .filter_map(|r| {
            let node = flow?.var_node(&r.var)?;
            let signs = display(env, node, &Value::List(r.codes.clone()));
            let id = format!("plan_withdrawn_{}", r.var);
            let text = env.dialogs.text(&id);
            (!text.is_empty())
                .then(|| render_with(env, &BTreeMap::new(), &[("signs", &signs)], text))
        })
        .collect()
}

/// The plan in sections, in the order she reads them, as of `now` (the
/// walk-run programme marks the week she is in).
pub fn sections(
    env: &Env,
    vars: &BTreeMap<String, Value>,
    o: &Outcome,
    booking: &BTreeMap<String, String>,
    now: i64,
) -> Vec<String> {
    let d: &Dialogs = env.dialogs;
    let t = |id: &str| render(env, vars, d.text(id));
    let mut out = Vec::new();
    if o.status != "complete" {
        return out;
    }
    out.push(t("plan_title"));
    out.extend(withdrawn(env, o));
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
            s.push_str(&format!(
                "\n\n*{}*: {}",
                env.tr(&r.name),
                render(env, vars, &r.what)
            ));
            for x in seen {
                s.push_str(&format!("\n  – {x}"));
            }
            if let Some(url) = booking.get(code) {
                s.push_str(&format!("\n  {}: {}", t("plan_book"), escape(url)));
            }
        }
        out.push(s);
    }
    let sc = scope(vars, o);
    if !o.exercises.is_empty() {
        let mut s = t(&format!("plan_level_{}", o.exercise_level));
        for id in &o.exercises {
            if let Some(e) = d.exercise(id) {
                let f = form(env, e, Some(&o.exercise_level), Some(&sc));
                s.push_str(&format!(
                    "\n• *{}*: {} ({}) /ex\\_{}",
                    f.name,
                    f.summary,
                    f.dose,
                    e.id.replace('_', "\\_")
                ));
            }
        }
        s.push_str(&format!("\n\n{}", t("plan_steps_hint")));
        out.push(s);
    }
    if o.running != "not_assessed" {
        out.push(running(env, vars, o, now));
    }
    let tips: Vec<String> = o
        .advice
        .iter()
        .filter(|a| a.as_str() != "stop_if_symptoms")
        .filter_map(|a| d.advice.get(a))
        .map(|a| {
            let (title, text) = a
                .variants
                .iter()
                .find(|(c, _, _)| c.holds(&sc))
                .map(|(_, title, text)| (title.as_deref().unwrap_or(&a.title), text.as_str()))
                .unwrap_or((&a.title, &a.text));
            format!(
                "• *{}*: {}",
                render(env, vars, title),
                render(env, vars, text)
            )
        })
        .collect();
    if !tips.is_empty() {
        out.push(format!("{}\n{}", t("plan_tips"), tips.join("\n")));
    }
    out.push(t("plan_stop_line"));
    out
}

fn running(env: &Env, vars: &BTreeMap<String, Value>, o: &Outcome, now: i64) -> String {
    let d = env.dialogs;
    let mut s = render(env, vars, d.text(&format!("plan_running_{}", o.running)));
    if o.running == "graded_return"
        && let Some(e) = o
            .exercises
            .iter()
            .filter_map(|id| d.exercise(id))
            .find(|e| !e.programme.is_empty())
    {
        let week = programme_week(o.made_at, now);
        s.push_str(&format!("\n{}", programme(env, &e.programme, Some(week))));
    }
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
                list.push(format!("{mark} {}", env.tr(&o.label)));
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
