//! The intake: stepping the engine and turning its effects into what she
//! is shown; her plan; exercise cards; after an urgent stop.

use super::Turn;
use crate::engine::step::{Effect, Kind, Message};
use crate::engine::{Env, Input, Session, step};
use crate::outbox::{Action, Button, Out};
use crate::plan;
use crate::store::{Commit, StoreError};

/// Room under Telegram's 4,096 characters for what its markup adds.
pub const PART: usize = 3800;

impl Turn<'_> {
    pub(crate) fn run(&self, c: &mut Commit, input: Input, now: i64) -> Result<(), StoreError> {
        let s = self.load(c.chat, now)?;
        self.step_intake(c, s, input, now);
        Ok(())
    }

    /// Steps the intake and turns its effects into outbox entries.
    pub(crate) fn step_intake(&self, c: &mut Commit, s: Session, input: Input, now: i64) {
        let constants = self.constants_for(s.clinic.as_deref());
        let env = Env {
            dialogs: &self.dialogs,
            constants: &constants,
            lang: &self.lang,
        };
        let was_finished = s.finished();
        let (mut s, effects) = step(&env, s, input, now);
        // The share question comes before her next question (which waits).
        let ask_share = self.share_pending(&s);
        for e in effects {
            match e {
                Effect::Send(m)
                    if ask_share && matches!(m.kind, Kind::Question | Kind::Reprompt) => {}
                Effect::ShowPlan => self.plan_out(c, &env, &s, now),
                Effect::Finished => {
                    self.plan_out(c, &env, &s, now);
                    if let (Some(old), Some(new)) = (s.previous.take(), s.outcome.as_ref()) {
                        c.outbox.push(Out::text(self.plan_changes(&old, new)));
                    }
                    if s.share == Some(true)
                        && let Err(e) = self.publish(c, &mut s, now)
                    {
                        tracing::warn!("sharing with the clinic failed: {e}");
                    }
                    if !was_finished && s.outcome.as_ref().is_some_and(|o| o.status == "complete") {
                        match self.tx.checkin(c.chat) {
                            Ok(Some(rec)) if rec.prefs.is_some() => {
                                let _ = self.sync_checkins(c, &s);
                            }
                            Ok(Some(rec)) if rec.declined => {}
                            Ok(_) => self.offer_checkins(c),
                            Err(e) => tracing::warn!("reading check-ins failed: {e}"),
                        }
                    }
                }
                other => self.effect_out(c, &s, other),
            }
        }
        if ask_share {
            self.share_question(c, &s);
        }
        c.session = Some(s);
    }

    /// Her plan as messages (with her clinic's booking links).
    fn plan_out(&self, c: &mut Commit, env: &Env, s: &Session, now: i64) {
        let msgs = plan::messages_with(env, s, &self.booking_for(s.clinic.as_deref()), now);
        if !msgs.is_empty() {
            c.outbox.push(Out::Typing);
        }
        for m in msgs {
            for part in plan::split(&[m], PART) {
                c.outbox.push(Out::protected(part));
            }
        }
    }

    /// One engine effect as outbox entries (messages, edits, toggles).
    pub(crate) fn effect_out(&self, c: &mut Commit, s: &Session, e: Effect) {
        match e {
            Effect::Send(m) => c.outbox.push(self.message(s, &m)),
            Effect::Answered { nonce, answer } => c.outbox.push(Out::Answered {
                nonce,
                answer: format!("✔ {answer}"),
            }),
            Effect::Redraw { nonce, message } => {
                if let Out::Send { text, buttons, .. } = self.message(s, &message) {
                    c.outbox.push(Out::Edit {
                        nonce,
                        text,
                        buttons,
                    });
                }
            }
            Effect::Notice(text) => match &self.tap {
                // The tap is answered once: with this notice instead of the
                // silent answer queued when it came in.
                Some(tap) => {
                    c.outbox.retain(|o| !matches!(o, Out::Toast { .. }));
                    c.outbox.push(Out::Toast {
                        tap: tap.clone(),
                        text: Some(crate::texts::plain(&text)),
                    });
                }
                None => c.outbox.push(Out::text(text)),
            },
            Effect::Finished | Effect::ShowPlan | Effect::Moved { .. } => {}
        }
    }

    /// An engine message with its buttons as actions of its flow.
    pub(crate) fn message(&self, s: &Session, m: &Message) -> Out {
        let version = self.dialogs.flow(&s.flow).map(|f| f.version).unwrap_or(0);
        let buttons: Vec<Vec<Button>> = m
            .buttons
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| Button {
                        label: b.label.clone(),
                        key: b.key.clone(),
                        action: Action::Question {
                            version,
                            node: m.node.clone().unwrap_or_default(),
                            nonce: m.nonce.unwrap_or(0),
                            action: b.action.clone(),
                        },
                    })
                    .collect()
            })
            .collect();
        Out::Send {
            text: m.text.clone(),
            nonce: if buttons.is_empty() { None } else { m.nonce },
            buttons,
            expires: None,
            protect: false,
        }
    }

    /// `/ex_<id>`: the exercise in the form that fits her level now.
    pub(crate) fn exercise(&self, c: &mut Commit, id: &str, now: i64) -> Result<(), StoreError> {
        let s = self.load(c.chat, now)?;
        let level = self.tx.checkin(c.chat)?.map(|r| r.state.level);
        let level = level.as_deref().filter(|l| !l.is_empty());
        match plan::card_for(&self.env(), &s, id, level, now) {
            Some(card) => c.outbox.push(Out::text(card)),
            None => c.outbox.push(self.say("unknown_exercise")),
        }
        Ok(())
    }

    /// Whether her intake ended without a plan (an urgent stop, declined, not
    /// eligible): commands about plans and check-ins then get what the engine
    /// says after that ending.
    pub(crate) fn ended_without_plan(&self, chat: i64) -> Result<bool, StoreError> {
        Ok(self
            .tx
            .session(chat)?
            .is_some_and(|s| s.finished() && s.status() != Some("complete")))
    }
}
