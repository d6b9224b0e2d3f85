//! A check-in day: starting it, its questions, how it ends and what its
//! adaptations tell her; a check-in that stopped at a warning sign.

use super::Turn;
use crate::checkin::Record;
use crate::checkin::record::{DayLog, UrgentDay};
use crate::checkin::schedule;
use crate::engine::checkin::CheckinState;
use crate::engine::step::Effect;
use crate::engine::value::Value;
use crate::engine::{Env, Input, Session, outcome, step};
use crate::outbox::{Action, Out, button};
use crate::store::{Commit, StoreError};
use jiff::Timestamp;

impl Turn<'_> {
    /// Her check-in day number: days since the intake, in her zone.
    pub(crate) fn day_of(&self, rec: &Record, now: i64) -> u32 {
        let zone = rec
            .prefs
            .as_ref()
            .map(|p| p.zone.clone())
            .unwrap_or_else(|| self.checkins.default_zone.clone());
        let (Ok(a), Ok(b)) = (
            Timestamp::from_second(rec.intake_at),
            Timestamp::from_second(now),
        ) else {
            return 0;
        };
        match (
            schedule::local_date(&zone, a),
            schedule::local_date(&zone, b),
        ) {
            // The intake's own day is day 0 (SCREENING.md 4).
            (Some(a), Some(b)) => a.until(b).map(|s| s.get_days().max(0) as u32).unwrap_or(0),
            _ => 0,
        }
    }

    /// Starts today's check-in: a greeting and its first question.
    pub(crate) fn start(
        &self,
        c: &mut Commit,
        rec: &mut Record,
        day: u32,
        now: i64,
        expires: Option<i64>,
    ) -> Result<(), StoreError> {
        let (Some(flow), Some(intake)) =
            (self.dialogs.flow("checkin"), self.dialogs.flow("intake"))
        else {
            return Ok(());
        };
        if rec.last_day_done == Some(day) {
            c.outbox.push(self.say("checkin_done_today"));
            return Ok(());
        }
        let Some(is) = self.tx.session(c.chat)? else {
            return Ok(());
        };
        let intake_vars = outcome::variables(intake, &is.given, &is.answers);
        let s = Session {
            given: rec.state.given(flow, &intake_vars, day),
            clinic: is.clinic.clone(),
            ..Session::new("checkin", flow.version, &self.dialogs.hash, now)
        };
        let constants = self.constants_for(s.clinic.as_deref());
        let env = Env {
            dialogs: &self.dialogs,
            constants: &constants,
            lang: &self.lang,
        };
        let (s, effects) = step(&env, s, Input::Start, now);
        c.outbox.push(Out::Send {
            text: self.text("checkin_hello"),
            buttons: vec![],
            nonce: None,
            expires,
            protect: false,
        });
        for e in effects {
            if let Effect::Send(m) = e
                && let Out::Send {
                    text,
                    buttons,
                    nonce,
                    ..
                } = self.message(&s, &m)
            {
                c.outbox.push(Out::Send {
                    text,
                    buttons,
                    nonce,
                    expires,
                    protect: false,
                });
            }
        }
        rec.current = Some(s);
        rec.current_day = Some(day);
        Ok(())
    }

    /// An input for the check-in in progress.
    pub(crate) fn checkin_step(
        &self,
        c: &mut Commit,
        mut rec: Record,
        input: Input,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(s) = rec.current.take() else {
            return Ok(());
        };
        let constants = self.constants_for(s.clinic.as_deref());
        let env = Env {
            dialogs: &self.dialogs,
            constants: &constants,
            lang: &self.lang,
        };
        let (s, effects) = step(&env, s, input, now);
        let mut finished = false;
        for e in effects {
            match e {
                Effect::Finished => finished = true,
                other => self.effect_out(c, &s, other),
            }
        }
        if finished {
            self.finish(c, &mut rec, &s, now)?;
        } else {
            rec.current = Some(s);
        }
        c.checkin = Some(rec);
        Ok(())
    }

    fn finish(
        &self,
        c: &mut Commit,
        rec: &mut Record,
        s: &Session,
        now: i64,
    ) -> Result<(), StoreError> {
        let (Some(flow), Some(intake)) =
            (self.dialogs.flow("checkin"), self.dialogs.flow("intake"))
        else {
            return Ok(());
        };
        let Some(spec) = intake.outcome.as_ref() else {
            return Ok(());
        };
        let day = rec.current_day.unwrap_or(0);
        let vars = outcome::variables(flow, &s.given, &s.answers);
        let answers: std::collections::BTreeMap<String, Value> = vars
            .into_iter()
            .filter(|(k, _)| !s.given.contains_key(k))
            .collect();
        let asked: Vec<String> = s.history.iter().map(|h| h.var.clone()).collect();
        let before_level = rec.state.level.clone();
        let before = rec.state.clone();
        let r = rec
            .state
            .finish_day(flow, spec, day, &s.given, &answers, &asked);
        for m in &r.messages {
            c.outbox.push(Out::text(m.clone()));
        }
        self.escalate(c, &r.actions, now)?;
        let mut lines = Vec::new();
        for (code, why) in &r.reasons {
            if let Some(def) = self.dialogs.referrals.get(code)
                && let Some(reason) = def.reasons.get(why)
            {
                lines.push(format!("• *{}*: {reason}", def.name));
            }
        }
        if !lines.is_empty() && r.urgency == spec.urgency[0] {
            c.outbox.push(Out::text(format!(
                "{}\n{}",
                self.text("checkin_who"),
                lines.join("\n")
            )));
        }
        if rec.state.level != before_level && rec.state.level != spec.exercise_level[0] {
            c.outbox
                .push(Out::text(self.exercise_list(c.chat, &rec.state)?));
        }
        for id in &r.offers {
            if let Some(o) = crate::engine::checkin::offer(flow, id) {
                let offer = |accept| Action::Offer {
                    id: id.clone(),
                    accept,
                };
                c.outbox.push(Out::with_buttons(
                    String::new(),
                    vec![vec![
                        button(o.accept_label.clone(), offer(true)),
                        button(o.decline_label.clone(), offer(false)),
                    ]],
                ));
            }
        }
        // An empty text cannot carry buttons: move the buttons to the message before.
        merge_button_only(&mut c.outbox);
        if r.actions.is_empty() && r.urgency == spec.urgency[0] {
            c.outbox.push(self.say("checkin_thanks"));
        }
        rec.log.push(DayLog {
            day,
            at: now,
            pain: answers.get("pain_today").and_then(Value::as_int),
            pelvic: answers
                .get("pelvic_today")
                .and_then(Value::as_list)
                .map(|l| l.len())
                .unwrap_or(0),
            exercise: answers
                .get("exercise_done")
                .and_then(|v| v.as_text().map(str::to_owned)),
            mood: answers.get("mood_today").and_then(Value::as_int),
            actions: r.actions.clone(),
            withdrawn: s.withdrawn().cloned().collect(),
        });
        if s.status() == Some("stopped_urgent") {
            rec.urgent = Some(UrgentDay {
                session: s.clone(),
                before,
                day,
            });
        } else if rec.state.held_level.is_none() {
            rec.urgent = None;
        }
        if rec.log.len() > 400 {
            rec.log.remove(0);
        }
        rec.current = None;
        rec.current_day = None;
        rec.last_day_done = Some(day);
        rec.last_answered = now;
        rec.nudged = false;
        Ok(())
    }

    /// Her exercises at the check-in's level, as a short list.
    fn exercise_list(&self, chat: i64, st: &CheckinState) -> Result<String, StoreError> {
        let Some(intake) = self.dialogs.flow("intake") else {
            return Ok(String::new());
        };
        let Some(is) = self.tx.session(chat)? else {
            return Ok(String::new());
        };
        let vars = outcome::variables(intake, &is.given, &is.answers);
        let mut scope =
            crate::dialog::expr::Scope::new().with(vars.iter().map(|(k, v)| (k.as_str(), v)));
        scope.set("outcome_level", &Value::Text(st.level.clone()));
        scope.set("outcome_running", &Value::Text(st.running.clone()));
        let ids = outcome::select(&self.dialogs, intake, &st.level, &scope);
        let mut text = self.text("checkin_new_exercises");
        for id in ids {
            if let Some(e) = self.dialogs.exercise(&id) {
                // At low_impact a strength exercise is shown in its easiest form only.
                let f = crate::plan::form(&self.env(), e, Some(&st.level), Some(&scope));
                text.push_str(&format!(
                    "\n• *{}*: {} /ex\\_{}",
                    f.name,
                    f.summary,
                    e.id.replace('_', "\\_")
                ));
            }
        }
        Ok(text)
    }

    /// Steps the check-in that stopped at a warning sign, if there is one:
    /// the instruction again, or the confirmation before she withdraws it.
    /// False when there is none.
    pub(crate) fn urgent_checkin(
        &self,
        c: &mut Commit,
        input: Input,
        now: i64,
    ) -> Result<bool, StoreError> {
        let Some(mut rec) = self.tx.checkin(c.chat)? else {
            return Ok(false);
        };
        let Some(mut day) = rec.urgent.take() else {
            return Ok(false);
        };
        let hint = matches!(input, Input::Text(_) | Input::Start);
        if input == Input::Plan {
            c.outbox.push(self.say("plan_none_until_seen"));
        }
        let input = match input {
            Input::Plan => Input::Reshow,
            other => other,
        };
        let constants = self.constants_for(day.session.clinic.as_deref());
        let env = Env {
            dialogs: &self.dialogs,
            constants: &constants,
            lang: &self.lang,
        };
        let (s, effects) = step(&env, day.session, input, now);
        for e in effects {
            if !matches!(e, Effect::Finished) {
                self.effect_out(c, &s, e);
            }
        }
        if s.finished() {
            if hint {
                c.outbox.push(self.say("checkin_seen_hint"));
            }
            day.session = s;
            rec.urgent = Some(day);
        } else {
            // She said the sign was a mistake: that day is undone and the
            // check-in goes on from its safety question.
            rec.state = day.before;
            if let Some(i) = rec.log.iter().rposition(|l| l.day == day.day) {
                rec.log.remove(i);
            }
            if rec.last_day_done == Some(day.day) {
                rec.last_day_done = None;
            }
            rec.current = Some(s);
            rec.current_day = Some(day.day);
        }
        c.checkin = Some(rec);
        Ok(true)
    }
}

/// Buttons pushed as an empty message join the message before them.
fn merge_button_only(outbox: &mut Vec<Out>) {
    let mut i = 1;
    while i < outbox.len() {
        let empty_with_buttons = matches!(&outbox[i], Out::Send { text, buttons, .. } if text.is_empty() && !buttons.is_empty());
        if empty_with_buttons {
            let Out::Send { buttons: extra, .. } = outbox.remove(i) else {
                continue;
            };
            if let Some(Out::Send { buttons, .. }) = outbox.get_mut(i - 1) {
                buttons.extend(extra);
            }
            continue;
        }
        i += 1;
    }
}
