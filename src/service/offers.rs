//! Offers a check-in makes (the running checklist again, the mood questions,
//! a re-screen): accepting re-asks those questions on the intake.

use super::Turn;
use crate::engine::Input;
use crate::engine::value::Value;
use crate::store::{Commit, StoreError};

impl Turn<'_> {
    /// She accepts or declines an offer.
    pub(crate) fn offer_callback(
        &self,
        c: &mut Commit,
        id: &str,
        accept: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        if !accept {
            c.outbox.push(self.say("offer_declined"));
            return Ok(());
        }
        let (Some(flow), Some(intake), Some(rec)) = (
            self.dialogs.flow("checkin"),
            self.dialogs.flow("intake"),
            self.tx.checkin(c.chat)?,
        ) else {
            return Ok(());
        };
        let Some(offer) = crate::engine::checkin::offer(flow, id) else {
            c.outbox.push(self.say("moved_on"));
            return Ok(());
        };
        let Some(is) = self.tx.session(c.chat)? else {
            return Ok(());
        };
        // Her weeks today, so the rules apply as they stand now.
        let weeks = is
            .answers
            .get("weeks_postpartum")
            .and_then(Value::as_int)
            .unwrap_or(0)
            + i64::from(self.day_of(&rec, now)) / 7;
        let mut set = vec![];
        if intake.vars.contains_key("weeks_postpartum") {
            set.push(("weeks_postpartum".to_owned(), Value::Int(weeks.min(520))));
        }
        c.outbox.push(self.say("offer_accepted"));
        self.step_intake(
            c,
            is,
            Input::Reask {
                set,
                ask: offer.reask.clone(),
            },
            now,
        );
        Ok(())
    }
}
