//! `restride simulate`: a case through the same engine and rules as the bot
//! (SCREENING.md section 5). Pure: no store, no clock.

pub mod cases;

use crate::dialog::model::NodeKind;
use crate::dialog::{Dialogs, Flow};
use crate::engine::checkin::{CheckinState, DayResult};
use crate::engine::outcome;
use crate::engine::step::{Effect, check};
use crate::engine::value::Value;
use crate::engine::{Env, Input, Session, step};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Why a case could not be run: exit code 2 (invalid) or 3 (unanswered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimError {
    pub code: i32,
    pub message: String,
}

impl SimError {
    fn invalid(message: impl Into<String>) -> SimError {
        SimError {
            code: 2,
            message: message.into(),
        }
    }
}

#[derive(Deserialize)]
struct CaseFile {
    #[serde(default)]
    answers: Option<BTreeMap<String, serde_json::Value>>,
}

/// The fixed clock simulate runs on (the engine needs one for birth dates).
pub const SIM_NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

/// Parses CASE.yaml text into its answers.
pub fn parse_case(text: &str) -> Result<BTreeMap<String, serde_json::Value>, SimError> {
    let case: CaseFile =
        serde_saphyr::from_str(text).map_err(|e| SimError::invalid(yaml_error("case", &e)))?;
    case.answers
        .ok_or_else(|| SimError::invalid("the case has no `answers:` map"))
}

/// Parses DAYS.yaml text: one entry per day, a map of answers or null.
pub fn parse_days(
    text: &str,
) -> Result<Vec<Option<BTreeMap<String, serde_json::Value>>>, SimError> {
    serde_saphyr::from_str(text).map_err(|e| SimError::invalid(yaml_error("days", &e)))
}

fn yaml_error(what: &str, e: &serde_saphyr::Error) -> String {
    let msg = match e {
        serde_saphyr::Error::Message { msg, .. } => msg.clone(),
        other => other.to_string(),
    };
    let first = msg.lines().next().unwrap_or("").to_owned();
    match e.location() {
        Some(l) => format!(
            "the {what} file is not valid YAML at line {}, column {}: {first}",
            l.line(),
            l.column()
        ),
        None => format!("the {what} file is not valid YAML: {first}"),
    }
}

/// Runs one flow on a map of answers. Returns the finished session.
fn run_flow(
    env: &Env,
    flow: &Flow,
    given: BTreeMap<String, Value>,
    answers: &BTreeMap<String, serde_json::Value>,
    what: &str,
) -> Result<Session, SimError> {
    let mut s = Session {
        given,
        ..Session::new(&flow.id, flow.version, &env.dialogs.hash, SIM_NOW)
    };
    let (next, _) = step(env, s, Input::Start, SIM_NOW);
    s = next;
    for _ in 0..=flow.nodes.len() {
        if s.finished() {
            return Ok(s);
        }
        let Some(node) = s.node.as_deref().and_then(|n| flow.node(n)) else {
            break;
        };
        if node.kind == NodeKind::Review {
            let input = review_ok(flow, node.id.clone(), s.nonce);
            let (next, _) = step(env, s, input, SIM_NOW);
            s = next;
            continue;
        }
        let var = node.var.clone().unwrap_or_default();
        let value = match answers.get(&var) {
            Some(raw) => Value::from_json(raw).ok_or_else(|| {
                SimError::invalid(format!(
                    "{what}: `{var}` must be a plain value or a list of codes"
                ))
            })?,
            None => match &node.skip {
                Some(v) => v.clone(),
                None => {
                    return Err(SimError {
                        code: 3,
                        message: format!(
                            "{what}: the flow asked `{var}`, but the case does not answer it"
                        ),
                    });
                }
            },
        };
        let value = normalise(node.kind, value);
        if let Err(why) = check(node, &value) {
            return Err(SimError::invalid(format!("{what}: `{var}` {why}")));
        }
        let (next, effects) = step(env, s, Input::Answer(value), SIM_NOW);
        s = next;
        if !effects.iter().any(|e| matches!(e, Effect::Answered { .. })) {
            return Err(SimError::invalid(format!(
                "{what}: `{var}` was not accepted"
            )));
        }
    }
    Err(SimError::invalid(format!(
        "{what}: the flow did not reach an end"
    )))
}

fn review_ok(flow: &Flow, node: String, nonce: u32) -> Input {
    Input::Button {
        version: flow.version,
        node,
        nonce,
        action: "ok".into(),
    }
}

/// A whole number given as 16.0 is still a whole number.
fn normalise(kind: NodeKind, v: Value) -> Value {
    match (kind, v) {
        (NodeKind::Number, Value::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Value::Int(f as i64)
        }
        (_, v) => v,
    }
}

fn check_names(
    flow: &Flow,
    answers: &BTreeMap<String, serde_json::Value>,
    what: &str,
) -> Result<(), SimError> {
    for name in answers.keys() {
        if !flow.vars.contains_key(name) {
            return Err(SimError::invalid(format!(
                "{what}: unknown variable `{name}`"
            )));
        }
    }
    Ok(())
}

/// Runs a case and, when given, its check-in days (the first is day 1). The
/// JSON of section 5.
pub fn simulate(
    env: &Env,
    case: &BTreeMap<String, serde_json::Value>,
    days: Option<&[Option<BTreeMap<String, serde_json::Value>>]>,
) -> Result<serde_json::Value, SimError> {
    simulate_from(env, case, days, 1)
}

/// Like [`simulate`], with the first check-in on day `first_day` (0: on the
/// intake's own day, SCREENING.md 4).
pub fn simulate_from(
    env: &Env,
    case: &BTreeMap<String, serde_json::Value>,
    days: Option<&[Option<BTreeMap<String, serde_json::Value>>]>,
    first_day: u32,
) -> Result<serde_json::Value, SimError> {
    let dialogs: &Dialogs = env.dialogs;
    let intake = dialogs
        .flow("intake")
        .ok_or_else(|| SimError::invalid("the dialogs have no intake flow"))?;
    check_names(intake, case, "case")?;
    let checkin = dialogs.flow("checkin");
    if let Some(days) = days {
        let flow = checkin.ok_or_else(|| SimError::invalid("the dialogs have no checkin flow"))?;
        for (i, d) in days.iter().enumerate() {
            if let Some(d) = d {
                check_names(flow, d, &format!("day {}", i as u32 + first_day))?;
            }
        }
    }
    let s = run_flow(env, intake, BTreeMap::new(), case, "case")?;
    let out = s.outcome.clone().unwrap_or_default();
    let asked: Vec<&str> = s
        .history
        .iter()
        .filter(|h| intake.node(&h.node).is_some_and(|n| n.listed))
        .map(|h| h.var.as_str())
        .collect();
    let mut json = serde_json::json!({
        "flow": intake.id,
        "version": intake.version,
        "status": out.status,
        "asked": asked,
        "outcome": out.to_json(),
    });
    if let Some(days) = days {
        let flow = checkin.expect("checked above");
        let records = if out.status == "complete" {
            run_checkins(env, intake, flow, &s, &out, days, first_day)?
        } else {
            vec![]
        };
        json["checkins"] = records.iter().map(DayResult::to_json).collect();
    }
    Ok(json)
}

/// The check-in days after a completed intake.
pub fn run_checkins(
    env: &Env,
    intake: &Flow,
    flow: &Flow,
    s: &Session,
    out: &outcome::Outcome,
    days: &[Option<BTreeMap<String, serde_json::Value>>],
    first_day: u32,
) -> Result<Vec<DayResult>, SimError> {
    let spec = intake
        .outcome
        .as_ref()
        .ok_or_else(|| SimError::invalid("the intake has no outcome section"))?;
    let intake_vars = outcome::variables(intake, &s.given, &s.answers);
    let mut state = CheckinState::new(flow, out, &intake_vars);
    let mut records = Vec::new();
    for (i, d) in days.iter().enumerate() {
        let day = i as u32 + first_day;
        let Some(answers) = d else {
            records.push(state.missed(spec, day));
            continue;
        };
        let given = state.given(flow, &intake_vars, day);
        let done = run_flow(env, flow, given.clone(), answers, &format!("day {day}"))?;
        let asked: Vec<String> = done.history.iter().map(|h| h.var.clone()).collect();
        let vars = outcome::variables(flow, &given, &done.answers);
        let answers_only: BTreeMap<String, Value> = vars
            .into_iter()
            .filter(|(k, _)| !given.contains_key(k))
            .collect();
        records.push(state.finish_day(flow, spec, day, &given, &answers_only, &asked));
    }
    Ok(records)
}
