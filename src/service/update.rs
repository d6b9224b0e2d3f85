//! `/update`: re-answer what has changed, and what changed in her plan.

use super::Turn;
use crate::engine::value::Value;
use crate::engine::{Input, outcome};
use crate::outbox::{Action, Out, button};
use crate::store::{Commit, StoreError};

/// What `/update` lets her re-answer: a label text id and the variables.
const UPDATES: &[(&str, &str, &[&str])] = &[
    ("check", "update_check", &["cleared_to_exercise"]),
    ("pelvic", "update_pelvic", &["pelvic_symptoms", "tummy_gap"]),
    ("back", "update_back", &["back_pain"]),
    ("health", "update_health", &["health_conditions"]),
    (
        "mood",
        "update_mood",
        &["phq_interest", "phq_down", "sleep", "energy_eating"],
    ),
    ("goals", "update_goals", &["goals"]),
];

impl Turn<'_> {
    /// `/update`: what has changed?
    pub(crate) fn update_menu(&self, c: &mut Commit) {
        let rows = UPDATES
            .iter()
            .map(|(code, label, _)| {
                vec![button(
                    self.text(label),
                    Action::Update {
                        what: (*code).to_owned(),
                    },
                )]
            })
            .collect();
        c.outbox
            .push(Out::with_buttons(self.text("update_ask"), rows));
    }

    /// Re-answer just those questions; the plan is made again.
    pub(crate) fn update_callback(
        &self,
        c: &mut Commit,
        what: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some((_, _, vars)) = UPDATES.iter().find(|(code, _, _)| *code == what) else {
            c.outbox.push(self.say("moved_on"));
            return Ok(());
        };
        let Some(is) = self.tx.session(c.chat)? else {
            c.outbox.push(self.say("plan_not_ready"));
            return Ok(());
        };
        if !is.finished() {
            c.outbox.push(self.say("plan_not_ready"));
            return Ok(());
        }
        let mut set = vec![];
        if let (Some(rec), Some(w)) = (
            self.tx.checkin(c.chat)?,
            is.answers.get("weeks_postpartum").and_then(Value::as_int),
        ) {
            set.push((
                "weeks_postpartum".to_owned(),
                Value::Int((w + i64::from(self.day_of(&rec, now)) / 7).min(520)),
            ));
        }
        c.outbox.push(self.say("update_start"));
        self.step_intake(
            c,
            is,
            Input::Reask {
                set,
                ask: vars.iter().map(|v| v.to_string()).collect(),
            },
            now,
        );
        Ok(())
    }

    /// What changed between two plans, in a few lines (empty when nothing did).
    pub(crate) fn plan_changes(&self, old: &outcome::Outcome, new: &outcome::Outcome) -> String {
        let mut lines = Vec::new();
        let name = |code: &str| {
            self.dialogs
                .referrals
                .get(code)
                .map(|r| self.env().tr(&r.name))
                .unwrap_or_else(|| code.to_owned())
        };
        for r in new.referrals.iter().filter(|r| !old.referrals.contains(r)) {
            lines.push(format!(
                "• {}: {}",
                self.text("change_new_referral"),
                name(r)
            ));
        }
        for r in old.referrals.iter().filter(|r| !new.referrals.contains(r)) {
            lines.push(format!(
                "• {}: {}",
                self.text("change_no_referral"),
                name(r)
            ));
        }
        if old.exercise_level != new.exercise_level {
            lines.push(format!(
                "• {}: {} → {}",
                self.text("change_level"),
                self.text(&format!("level_{}", old.exercise_level)),
                self.text(&format!("level_{}", new.exercise_level))
            ));
        }
        if old.running != new.running {
            lines.push(format!(
                "• {}: {} → {}",
                self.text("change_running"),
                self.text(&format!("running_{}", old.running)),
                self.text(&format!("running_{}", new.running))
            ));
        }
        if lines.is_empty() {
            return self.text("change_none");
        }
        format!("{}\n{}", self.text("change_title"), lines.join("\n"))
    }
}
