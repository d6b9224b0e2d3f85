//! After an urgent stop (SCREENING.md 4b): the instruction stays the answer.
//! At intake the engine does this itself; here, the same for a check-in that
//! stopped at a warning sign, until she says she has been seen.

use super::core::Core;
use crate::engine::step::Effect;
use crate::engine::{Input, step};
use crate::store::{Commit, StoreError};

impl Core {
    /// Whether her intake ended without a plan (an urgent stop, declined, not
    /// eligible): commands about plans and check-ins then get what the engine
    /// says after that ending.
    pub(crate) fn ended_without_plan(&self, chat: i64) -> Result<bool, StoreError> {
        Ok(self
            .store
            .session(chat)?
            .is_some_and(|s| s.finished() && s.status() != Some("complete")))
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
        let Some(mut rec) = self.record(c.chat)? else {
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
        let env = crate::engine::Env {
            dialogs: &self.dialogs,
            constants: &constants,
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
