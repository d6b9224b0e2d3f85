//! Turning answers into an outcome with the rules of the dialog files.

use super::value::Value;
use crate::dialog::expr::Scope;
use crate::dialog::model::{NodeKind, Status, VarType};
use crate::dialog::{Dialogs, Effects, Flow, Node, OutcomeSpec};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The result of an intake (SCREENING.md section 2).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub status: String,
    pub urgency: String,
    pub referrals: Vec<String>,
    pub running: String,
    pub exercise_level: String,
    pub exercises: Vec<String>,
    pub advice: Vec<String>,
    pub scores: BTreeMap<String, Value>,
    /// Why each referral was made: (referral, rule id), in rule order.
    #[serde(default)]
    pub reasons: Vec<(String, String)>,
    /// Ids of the rules that held.
    #[serde(default)]
    pub fired: Vec<String>,
    /// Ids of the rules that capped running.
    #[serde(default)]
    pub running_caps: Vec<String>,
    /// The end node the flow stopped at.
    #[serde(default)]
    pub end: String,
    /// The dialog version and the hash of the dialog files the plan was made with.
    #[serde(default)]
    pub made_with: String,
    /// When the flow ended (Unix seconds): the walk-run programme counts its weeks from here.
    #[serde(default)]
    pub made_at: i64,
    /// Urgent answers reported earlier in this intake and withdrawn as a mistake.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<super::session::Report>,
}

impl Outcome {
    /// The outcome as SCREENING.md section 5 prints it.
    pub fn to_json(&self) -> serde_json::Value {
        let scores: serde_json::Map<String, serde_json::Value> = self
            .scores
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect();
        serde_json::json!({
            "urgency": self.urgency,
            "referrals": self.referrals,
            "running": self.running,
            "exercise_level": self.exercise_level,
            "exercises": self.exercises,
            "advice": self.advice,
            "scores": scores,
        })
    }
}

/// Points a variable contributes to a sum: yes = 1, a choice's points, a number itself.
fn points(flow: &Flow, var: &str, v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Int(i) => Some(*i),
        Value::Text(code) => Some(flow.var_node(var)?.option(code)?.points),
        Value::List(l) => Some(l.len() as i64),
        _ => None,
    }
}

/// Answers, given values and computed variables, as one map.
pub fn variables(
    flow: &Flow,
    given: &BTreeMap<String, Value>,
    answers: &BTreeMap<String, Value>,
) -> BTreeMap<String, Value> {
    variables_and_scope(flow, given, answers).0
}

/// The variables, and a scope holding them all (so conditions need not build one).
pub fn variables_and_scope(
    flow: &Flow,
    given: &BTreeMap<String, Value>,
    answers: &BTreeMap<String, Value>,
) -> (BTreeMap<String, Value>, Scope) {
    let mut vars: BTreeMap<String, Value> = given.clone();
    vars.extend(answers.iter().map(|(k, v)| (k.clone(), v.clone())));
    let mut scope = Scope::new().with(vars.iter().map(|(k, v)| (k.as_str(), v)));
    for c in &flow.computed {
        let active = c.when.as_ref().is_none_or(|w| w.holds(&scope));
        let value = if !active {
            Value::Null
        } else if !c.sum.is_empty() {
            c.sum
                .iter()
                .map(|v| vars.get(v).and_then(|x| points(flow, v, x)))
                .sum::<Option<i64>>()
                .map(Value::Int)
                .unwrap_or(Value::Null)
        } else if let Some(e) = &c.value {
            match e.eval(&scope) {
                Ok(Value::Float(f)) if !f.is_finite() => Value::Null,
                Ok(v) => coerce(c.ty, v),
                Err(_) => Value::Null,
            }
        } else {
            Value::Null
        };
        scope.set(&c.name, &value);
        vars.insert(c.name.clone(), value);
    }
    (vars, scope)
}

fn coerce(ty: VarType, v: Value) -> Value {
    match (ty, v) {
        (VarType::Float, Value::Int(i)) => Value::Float(i as f64),
        (_, v) => v,
    }
}

/// Rounds half away from zero to `places` decimals.
pub fn round(x: f64, places: u32) -> f64 {
    let m = 10f64.powi(places as i32);
    let y = x * m;
    // Guard against 29.95 being stored as 29.949999…: round the scaled value
    // to 9 significant decimals first.
    let y = (y * 1e9).round() / 1e9;
    y.round() / m
}

/// The running outcome state while rules apply.
pub struct Tally<'a> {
    spec: &'a OutcomeSpec,
    pub urgency: String,
    pub level: String,
    pub running: String,
    pub assessed: bool,
    pub referrals: Vec<String>,
    pub advice: Vec<String>,
    pub reasons: Vec<(String, String)>,
    pub fired: Vec<String>,
    pub running_caps: Vec<String>,
}

impl<'a> Tally<'a> {
    pub fn new(spec: &'a OutcomeSpec, assessed: bool) -> Tally<'a> {
        Tally {
            spec,
            urgency: spec.urgency.first().cloned().unwrap_or_default(),
            level: spec.exercise_level.last().cloned().unwrap_or_default(),
            running: if assessed {
                spec.running.last().cloned().unwrap_or_default()
            } else {
                spec.running_not_assessed.clone()
            },
            assessed,
            referrals: vec![],
            advice: vec![],
            reasons: vec![],
            fired: vec![],
            running_caps: vec![],
        }
    }

    pub fn apply(&mut self, rule: &str, e: &Effects) {
        self.fired.push(rule.to_owned());
        for r in &e.refer {
            push_unique(&mut self.referrals, r);
            self.reasons.push((r.clone(), rule.to_owned()));
        }
        for a in &e.advise {
            push_unique(&mut self.advice, a);
        }
        if let Some(u) = &e.urgency {
            self.raise_urgency(u);
        }
        if let Some(l) = &e.cap_level {
            self.cap_level(l);
        }
        if let Some(r) = &e.cap_running {
            self.running_caps.push(rule.to_owned());
            self.cap_running(r);
        }
    }

    pub fn raise_urgency(&mut self, u: &str) {
        let s = &self.spec.urgency;
        if OutcomeSpec::rank(s, u) > OutcomeSpec::rank(s, &self.urgency) {
            self.urgency = u.to_owned();
        }
    }

    pub fn cap_level(&mut self, l: &str) {
        let s = &self.spec.exercise_level;
        if OutcomeSpec::rank(s, l) < OutcomeSpec::rank(s, &self.level) {
            self.level = l.to_owned();
        }
    }

    pub fn cap_running(&mut self, r: &str) {
        if !self.assessed {
            return;
        }
        let s = &self.spec.running;
        if OutcomeSpec::rank(s, r) < OutcomeSpec::rank(s, &self.running) {
            self.running = r.to_owned();
        }
    }

    fn set_scope(&self, scope: &mut Scope) {
        scope.set("outcome_urgency", &Value::Text(self.urgency.clone()));
        scope.set("outcome_level", &Value::Text(self.level.clone()));
        scope.set("outcome_running", &Value::Text(self.running.clone()));
    }
}

pub fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_owned());
    }
}

/// Applies every rule to the answers so far. Used for the final outcome and
/// for questions whose condition reads `outcome_*` (the provisional outcome).
pub fn tally<'a>(flow: &'a Flow, vars: &BTreeMap<String, Value>) -> Option<(Tally<'a>, Scope)> {
    let spec = flow.outcome.as_ref()?;
    let mut scope = Scope::new().with(vars.iter().map(|(k, v)| (k.as_str(), v)));
    let assessed = spec.running_assessed_when.holds(&scope);
    let mut t = Tally::new(spec, assessed);
    t.set_scope(&mut scope);
    for rule in &flow.rules {
        if rule.when.holds(&scope) {
            t.apply(&rule.id, &rule.effects);
            t.set_scope(&mut scope);
        }
    }
    Some((t, scope))
}

/// The outcome of a flow that reached `end`.
pub fn evaluate(
    dialogs: &Dialogs,
    flow: &Flow,
    end: &Node,
    vars: &BTreeMap<String, Value>,
) -> Outcome {
    let status = end.status.unwrap_or(Status::Complete);
    let spec = flow.outcome.as_ref();
    let null_scores = || {
        spec.map(|s| s.scores.iter().map(|k| (k.clone(), Value::Null)).collect())
            .unwrap_or_default()
    };
    if status != Status::Complete || end.kind != NodeKind::End {
        let fixed = end.fixed.as_ref();
        let pick = |v: Option<&String>, scale: Option<&Vec<String>>, first: bool| {
            v.cloned()
                .or_else(|| {
                    scale
                        .and_then(|s| if first { s.first() } else { s.last() })
                        .cloned()
                })
                .unwrap_or_default()
        };
        return Outcome {
            status: status.code().to_owned(),
            urgency: pick(
                fixed.and_then(|f| f.urgency.as_ref()),
                spec.map(|s| &s.urgency),
                true,
            ),
            referrals: fixed.map(|f| f.refer.clone()).unwrap_or_default(),
            running: fixed
                .and_then(|f| f.running.clone())
                .or_else(|| spec.map(|s| s.running_not_assessed.clone()))
                .unwrap_or_default(),
            exercise_level: pick(
                fixed.and_then(|f| f.exercise_level.as_ref()),
                spec.map(|s| &s.exercise_level),
                true,
            ),
            exercises: vec![],
            advice: vec![],
            scores: null_scores(),
            reasons: fixed
                .map(|f| {
                    f.refer
                        .iter()
                        .map(|r| (r.clone(), end.id.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            fired: vec![],
            running_caps: vec![],
            end: end.id.clone(),
            made_with: String::new(),
            made_at: 0,
            withdrawn: vec![],
        };
    }
    let Some((mut t, mut scope)) = tally(flow, vars) else {
        return Outcome {
            status: status.code().to_owned(),
            end: end.id.clone(),
            ..Outcome::default()
        };
    };
    let spec = spec.expect("tally needs an outcome spec");
    for a in &spec.always_advise {
        push_unique(&mut t.advice, a);
    }
    t.set_scope(&mut scope);
    let exercises = select(dialogs, flow, &t.level, &scope);
    let scores = spec
        .scores
        .iter()
        .map(|k| {
            let v = vars.get(k).cloned().unwrap_or(Value::Null);
            let round_to = flow
                .computed
                .iter()
                .find(|c| &c.name == k)
                .and_then(|c| c.round);
            let v = match (v, round_to) {
                (Value::Float(f), Some(p)) => Value::Float(round(f, p)),
                (v, _) => v,
            };
            (k.clone(), v)
        })
        .collect();
    Outcome {
        status: status.code().to_owned(),
        urgency: t.urgency,
        referrals: t.referrals,
        running: t.running,
        exercise_level: t.level,
        exercises,
        advice: t.advice,
        scores,
        reasons: t.reasons,
        fired: t.fired,
        running_caps: t.running_caps,
        end: end.id.clone(),
        made_with: String::new(),
        made_at: 0,
        withdrawn: vec![],
    }
}

/// Picks exercises for `level` (the scope holds the answers and `outcome_*`).
pub fn select(dialogs: &Dialogs, flow: &Flow, level: &str, scope: &Scope) -> Vec<String> {
    let (Some(sel), Some(spec)) = (&flow.selection, &flow.outcome) else {
        return vec![];
    };
    let scale = &spec.exercise_level;
    let allowed_rank = OutcomeSpec::rank(scale, level);
    if allowed_rank == 0 {
        return vec![];
    }
    let allowed = |id: &str| {
        dialogs.exercise(id).is_some_and(|e| {
            OutcomeSpec::rank(scale, &e.level) <= allowed_rank
                && !e.exclude_when.as_ref().is_some_and(|x| x.holds(scope))
        })
    };
    let mut out: Vec<String> = Vec::new();
    for (cond, ids, up_to) in &sel.picks {
        if !cond.holds(scope) {
            continue;
        }
        let mut added = 0;
        for id in ids {
            if up_to.is_some_and(|u| added >= u) {
                break;
            }
            if !out.contains(id) && allowed(id) {
                out.push(id.clone());
                added += 1;
            }
        }
    }
    out.truncate(sel.max);
    for id in &sel.fill {
        if out.len() >= sel.min {
            break;
        }
        if !out.contains(id) && allowed(id) {
            out.push(id.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::round;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(29.95, 1), 30.0);
        assert_eq!(round(29.94, 1), 29.9);
        assert_eq!(round(-1.25, 1), -1.3);
        assert_eq!(round(22.857142, 1), 22.9);
    }
}
