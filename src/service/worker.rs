//! The check-in worker's step: what is due is claimed, and each claimed
//! check-in (or Sunday summary) is decided as part of one transaction.
//! Never a backlog: a check-in more than the window late moves to the next day.

use super::{Service, Turn, hashed};
use crate::checkin::schedule;
use crate::outbox::{Action, CheckinStep, Out, button};
use crate::store::{Commit, Done, Job, Store, StoreError};

/// How long without an answer before a gentle nudge, and before pausing.
pub const NUDGE_AFTER: i64 = 3 * 86_400;
pub const PAUSE_AFTER: i64 = 7 * 86_400;

impl Service {
    /// Claims everything due at `now` and decides it. Returns the chats with
    /// something to send.
    pub fn tick(&self, store: &dyn Store, now: i64) -> Result<Vec<i64>, StoreError> {
        let claimed = store.claim_due(now, 1000)?;
        if claimed.is_empty() {
            return Ok(vec![]);
        }
        let jobs: Vec<Job> = claimed
            .iter()
            .map(|&(_, chat)| Job { chat, update: None })
            .collect();
        let done = store.transact(&jobs, &mut |i, tx| {
            let (due, chat) = claimed[i];
            Turn {
                svc: self,
                tx,
                tap: None,
                lang: self.lang_for(tx.session(chat)?.as_ref(), None),
            }
            .due(chat, due, now)
        })?;
        let mut touched: Vec<i64> = done
            .iter()
            .filter_map(|d| match d {
                Done::Applied(c) => Some(c.recipients()),
                Done::Duplicate => None,
            })
            .flatten()
            .collect();
        touched.sort_unstable();
        touched.dedup();
        Ok(touched)
    }
}

impl Turn<'_> {
    /// Her check-in or Sunday summary due at `due`.
    fn due(&self, chat: i64, due: i64, now: i64) -> Result<Commit, StoreError> {
        let mut c = Commit::new(chat);
        let Some(mut rec) = self.tx.checkin(chat)? else {
            return Ok(c);
        };
        if rec.next_due != Some(due) && rec.next_weekly != Some(due) {
            // Moved since it was claimed: nothing is due at that time any more.
            return Ok(c);
        }
        let Some(mut prefs) = rec.prefs.clone() else {
            rec.next_due = None;
            c.checkin = Some(rec);
            return Ok(c);
        };
        let window = self.checkins.window_secs;
        let after = |t: i64| schedule::next_due_after(&prefs, t);
        let quiet_now = schedule::is_quiet(&prefs, self.checkins.quiet, now);
        if rec.next_weekly == Some(due) && rec.next_due != Some(due) {
            let paused = prefs.paused_until.is_some_and(|u| u > now);
            if now - due <= window && !quiet_now && !paused {
                c.outbox.push(Out::Send {
                    text: self.weekly_text(&rec, now),
                    buttons: vec![],
                    nonce: None,
                    expires: Some(due + window),
                    protect: false,
                });
            }
            rec.next_weekly =
                schedule::next_weekly_after(&prefs, self.checkins.quiet, due.max(now));
            c.checkin = Some(rec);
            return Ok(c);
        }
        if rec.next_weekly == Some(due) {
            // The summary and the check-in fall together: the summary waits a week.
            rec.next_weekly = schedule::next_weekly_after(&prefs, self.checkins.quiet, due);
        }
        if now - due > window || quiet_now {
            // Too late (the bot was down), or it would land in her night.
            tracing::info!(chat = %hashed(chat), "a missed check-in moves to its next time");
            rec.next_due = after(now);
        } else if now - rec.last_answered >= PAUSE_AFTER {
            prefs.paused_until = Some(i64::MAX);
            rec.prefs = Some(prefs.clone());
            rec.next_due = None;
            rec.next_weekly = None;
            c.outbox.push(Out::Send {
                text: self.text("checkin_auto_paused"),
                buttons: vec![vec![button(
                    self.text("checkin_resume_button"),
                    Action::Checkin {
                        step: CheckinStep::Resume,
                    },
                )]],
                nonce: None,
                expires: Some(due + window),
                protect: false,
            });
        } else {
            let expires = Some(due + window);
            if now - rec.last_answered >= NUDGE_AFTER && !rec.nudged {
                rec.nudged = true;
                c.outbox.push(Out::Send {
                    text: self.text("checkin_nudge"),
                    buttons: vec![],
                    nonce: None,
                    expires,
                    protect: false,
                });
            }
            rec.current = None;
            rec.current_day = None;
            let day = self.day_of(&rec, now);
            self.start(&mut c, &mut rec, day, now, expires)?;
            rec.last_prompt = Some(now);
            rec.next_due = after(due.max(now));
        }
        c.checkin = Some(rec);
        Ok(c)
    }
}
