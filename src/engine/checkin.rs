//! The daily check-in's state across days and its adaptations
//! (SCREENING.md section 4). The rules are data (`dialogs/checkin*.yaml`);
//! this module only keeps the books: levels, runs in a row, earlier values.

use super::outcome::{Outcome, push_unique};
use super::value::Value;
use crate::dialog::expr::Scope;
use crate::dialog::{Flow, Offer, OutcomeSpec};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckinState {
    pub level: String,
    pub running: String,
    /// The level a warning replaced, restored once she has been seen.
    pub held_level: Option<String>,
    pub flags: BTreeSet<String>,
    pub streaks: BTreeMap<String, i64>,
    /// Earlier values, oldest first, from the check-ins that asked them.
    pub history: BTreeMap<String, Vec<i64>>,
    pub seen: BTreeMap<String, Vec<String>>,
    pub ever_actions: Vec<String>,
    pub intake_running_caps: Vec<String>,
    /// Referrals the check-ins have added so far.
    pub referrals: Vec<String>,
}

/// One day's result, as `simulate` prints it, plus what to tell her.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DayResult {
    pub day: u32,
    pub actions: Vec<String>,
    pub referrals: Vec<String>,
    pub urgency: String,
    pub exercise_level: String,
    pub running: String,
    #[serde(skip)]
    pub messages: Vec<String>,
    /// Adaptations that offer something (by id), for the bot's buttons.
    #[serde(skip)]
    pub offers: Vec<String>,
    /// Reasons for the referrals: (referral, adaptation id).
    #[serde(skip)]
    pub reasons: Vec<(String, String)>,
}

impl DayResult {
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "day": self.day,
            "actions": self.actions,
            "referrals": self.referrals,
            "urgency": self.urgency,
            "exercise_level": self.exercise_level,
            "running": self.running,
        })
    }
}

impl CheckinState {
    /// The state on the day of the intake.
    pub fn new(
        flow: &Flow,
        intake: &Outcome,
        intake_vars: &BTreeMap<String, Value>,
    ) -> CheckinState {
        let seen = flow
            .tracking
            .seen
            .iter()
            .map(|(name, start, _)| {
                let codes = intake_vars
                    .get(start)
                    .and_then(Value::as_list)
                    .map(<[String]>::to_vec)
                    .unwrap_or_default();
                (name.clone(), codes)
            })
            .collect();
        CheckinState {
            level: intake.exercise_level.clone(),
            running: intake.running.clone(),
            seen,
            intake_running_caps: intake.running_caps.clone(),
            ..CheckinState::default()
        }
    }

    /// What the check-in of `day` is given to read.
    pub fn given(
        &self,
        flow: &Flow,
        intake_vars: &BTreeMap<String, Value>,
        day: u32,
    ) -> BTreeMap<String, Value> {
        let mut g = BTreeMap::new();
        for name in flow.inputs.keys() {
            if let Some(v) = intake_vars.get(name) {
                g.insert(name.clone(), v.clone());
            }
        }
        g.insert("day".into(), Value::Int(day.into()));
        g.insert("level".into(), Value::Text(self.level.clone()));
        g.insert("running".into(), Value::Text(self.running.clone()));
        g.insert(
            "ever_actions".into(),
            Value::List(self.ever_actions.clone()),
        );
        g.insert(
            "intake_running_caps".into(),
            Value::List(self.intake_running_caps.clone()),
        );
        for a in &flow.adaptations {
            for f in [&a.set_flag, &a.clear_flag].into_iter().flatten() {
                g.insert(f.clone(), Value::Bool(self.flags.contains(f)));
            }
        }
        for s in &flow.tracking.streaks {
            g.insert(
                s.name.clone(),
                Value::Int(*self.streaks.get(&s.name).unwrap_or(&0)),
            );
        }
        for h in &flow.tracking.history {
            let past = self.history.get(h).map(Vec::as_slice).unwrap_or(&[]);
            for k in 1..=2usize {
                if past.len() >= k {
                    g.insert(format!("{h}_prev{k}"), Value::Int(past[past.len() - k]));
                }
            }
        }
        for (name, _, _) in &flow.tracking.seen {
            g.insert(
                name.clone(),
                Value::List(self.seen.get(name).cloned().unwrap_or_default()),
            );
        }
        g
    }

    /// A day without a check-in: nothing changes.
    pub fn missed(&self, spec: &OutcomeSpec, day: u32) -> DayResult {
        DayResult {
            day,
            urgency: spec.urgency.first().cloned().unwrap_or_default(),
            exercise_level: self.level.clone(),
            running: self.running.clone(),
            ..DayResult::default()
        }
    }

    /// Applies a finished check-in: runs in a row, then the adaptations in
    /// order, then the books for the days after.
    pub fn finish_day(
        &mut self,
        flow: &Flow,
        spec: &OutcomeSpec,
        day: u32,
        given: &BTreeMap<String, Value>,
        answers: &BTreeMap<String, Value>,
        asked: &[String],
    ) -> DayResult {
        let mut vars = given.clone();
        vars.extend(answers.iter().map(|(k, v)| (k.clone(), v.clone())));
        vars.insert("asked_today".into(), Value::List(asked.to_vec()));
        let mut scope = Scope::new().with(vars.iter().map(|(k, v)| (k.as_str(), v)));

        for s in &flow.tracking.streaks {
            let run = self.streaks.entry(s.name.clone()).or_insert(0);
            if s.breaks_when.as_ref().is_some_and(|b| b.holds(&scope)) {
                *run = 0;
            } else if s.counts_when.holds(&scope) {
                *run = if s.extends_when.holds(&scope) {
                    *run + 1
                } else {
                    0
                };
            }
            scope.set(&s.name, &Value::Int(*run));
        }

        let mut r = DayResult {
            day,
            urgency: spec.urgency.first().cloned().unwrap_or_default(),
            ..DayResult::default()
        };
        let levels = &spec.exercise_level;
        for a in &flow.adaptations {
            if !a.when.holds(&scope) {
                continue;
            }
            if let Some(act) = &a.action {
                push_unique(&mut r.actions, act);
            }
            for code in &a.effects.refer {
                push_unique(&mut r.referrals, code);
                push_unique(&mut self.referrals, code);
                r.reasons.push((code.clone(), a.id.clone()));
            }
            if let Some(u) = &a.effects.urgency
                && OutcomeSpec::rank(&spec.urgency, u)
                    > OutcomeSpec::rank(&spec.urgency, &r.urgency)
            {
                r.urgency = u.clone();
            }
            if a.restore_level
                && let Some(h) = self.held_level.take()
            {
                self.level = h;
            }
            if let Some(h) = &a.hold_level {
                if self.held_level.is_none() {
                    self.held_level = Some(self.level.clone());
                }
                self.level = h.clone();
            }
            if let Some(n) = a.lower_level {
                let cur = OutcomeSpec::rank(levels, &self.level);
                let floor = a
                    .floor
                    .as_deref()
                    .map(|f| OutcomeSpec::rank(levels, f))
                    .unwrap_or(0);
                if cur > floor {
                    let to = cur.saturating_sub(n as usize).max(floor);
                    self.level = levels[to].clone();
                }
            }
            if let Some(c) = &a.effects.cap_level
                && OutcomeSpec::rank(levels, c) < OutcomeSpec::rank(levels, &self.level)
            {
                self.level = c.clone();
            }
            if let Some(c) = &a.effects.cap_running
                && self.running != spec.running_not_assessed
                && OutcomeSpec::rank(&spec.running, c)
                    < OutcomeSpec::rank(&spec.running, &self.running)
            {
                self.running = c.clone();
            }
            if let Some(f) = &a.set_flag {
                self.flags.insert(f.clone());
                scope.set(f, &Value::Bool(true));
            }
            if let Some(f) = &a.clear_flag {
                self.flags.remove(f);
                scope.set(f, &Value::Bool(false));
            }
            if let Some(m) = &a.message {
                r.messages.push(m.clone());
            }
            if a.offer.is_some() {
                r.offers.push(a.id.clone());
            }
            scope.set("level", &Value::Text(self.level.clone()));
            scope.set("running", &Value::Text(self.running.clone()));
        }

        for h in &flow.tracking.history {
            if let Some(v) = answers.get(h).and_then(Value::as_int) {
                let past = self.history.entry(h.clone()).or_default();
                past.push(v);
                if past.len() > 2 {
                    past.remove(0);
                }
            }
        }
        for (name, _, add) in &flow.tracking.seen {
            if let Some(codes) = answers.get(add).and_then(Value::as_list) {
                let set = self.seen.entry(name.clone()).or_default();
                for c in codes {
                    push_unique(set, c);
                }
            }
        }
        for act in &r.actions {
            push_unique(&mut self.ever_actions, act);
        }
        r.exercise_level = self.level.clone();
        r.running = self.running.clone();
        r
    }
}

/// The offer an adaptation makes, if any.
pub fn offer<'a>(flow: &'a Flow, id: &str) -> Option<&'a Offer> {
    flow.adaptations.iter().find(|a| a.id == id)?.offer.as_ref()
}
