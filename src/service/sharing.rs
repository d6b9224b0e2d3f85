//! Sharing with a clinic: links that attach a clinic, her consent, `/sharing`,
//! and what goes to the clinic's staff (her summary, check-in alerts).

use super::Turn;

/// Summaries of one chat to clinics in a day, at most (new plans included).
pub const SUMMARIES_PER_DAY: usize = 3;
const DAY: i64 = 86_400;
use crate::clinic::{self, AuditLine};
use crate::engine::{Env, Input, Session, SummarySent};
use crate::outbox::{Action, Out, ShareChoice, button};
use crate::store::{About, ClinicWrite, Commit, Relay, StoreError};

impl Turn<'_> {
    /// A clinic text with the clinic's name and contact filled in.
    pub(crate) fn clinic_text(&self, id: &str, clinic: Option<&str>) -> String {
        let cl = clinic.and_then(|c| self.clinics.get(c));
        let name = match cl {
            Some(c) => c.name.clone(),
            None => self.text("clinic_unnamed"),
        };
        let contact = cl
            .and_then(|c| c.phone.as_deref())
            .map(|p| self.env().tf("clinic_contact", &[("phone", p)]))
            .unwrap_or_default();
        self.env()
            .tf(id, &[("clinic_name", &name), ("clinic_contact", &contact)])
    }

    fn clinic_say(&self, id: &str, clinic: Option<&str>) -> Out {
        Out::text(self.clinic_text(id, clinic))
    }

    pub(crate) fn audit(
        &self,
        c: &mut Commit,
        clinic: &str,
        staff: i64,
        action: &str,
        refs: Vec<String>,
        now: i64,
    ) {
        c.clinic.push(ClinicWrite::Audit {
            clinic: clinic.to_owned(),
            line: AuditLine {
                at: now,
                staff,
                action: action.into(),
                refs,
            },
        });
    }

    /// Whether the share question is waiting for her: she came through a
    /// clinic, agreed to use Restride, and has not said yes or no yet.
    pub(crate) fn share_pending(&self, s: &Session) -> bool {
        s.clinic.is_some()
            && s.share.is_none()
            && !s.finished()
            && s.answers.get("consent").and_then(|v| v.as_bool()) == Some(true)
    }

    pub(crate) fn share_question(&self, c: &mut Commit, s: &Session) {
        let id = if s.finished() {
            "share_question_plan"
        } else {
            "share_question"
        };
        let clinic = s.clinic.as_deref();
        let share = |choice| Action::Share { choice };
        c.outbox.push(Out::with_buttons(
            self.clinic_text(id, clinic),
            vec![
                vec![button(self.text("share_yes"), share(ShareChoice::Yes))],
                vec![button(self.text("share_no"), share(ShareChoice::No))],
            ],
        ));
    }

    /// `/start <payload>`: attaches a clinic (or tells her the link is not
    /// one). Returns whether the share question was asked instead of going on.
    pub(crate) fn attach(
        &self,
        c: &mut Commit,
        s: &mut Session,
        payload: &str,
    ) -> Result<bool, StoreError> {
        let mut found = None;
        // A single-patient link waiting for its code, or one used already.
        let (mut pending, mut used) = (None, false);
        if clinic::valid_payload(payload) {
            if let Some(link) = self.tx.link(payload)? {
                let patient_ref = match link.bound {
                    Some(b) if b == c.chat => Some(link.patient_ref.clone()),
                    None if link.failures < clinic::LINK_LOCK => {
                        pending = Some(payload.to_owned());
                        None
                    }
                    // Matched to someone else, or locked: the clinic, but not
                    // the reference, and she is told to ask the clinic.
                    _ => {
                        used = true;
                        None
                    }
                };
                found = Some((link.clinic, patient_ref));
            } else if self.clinics.contains_key(payload) {
                found = Some((payload.to_owned(), None));
            }
        }
        let Some((code, patient_ref)) = found.filter(|(code, _)| self.clinics.contains_key(code))
        else {
            // With a clinic attached already, nothing changes (and she is not
            // told that nothing is shared when it may be).
            let id = if s.clinic.is_some() {
                "clinic_unknown_link_kept"
            } else {
                "clinic_unknown_link"
            };
            c.outbox.push(self.say(id));
            return Ok(false);
        };
        if s.clinic.as_deref() != Some(code.as_str()) {
            // A different clinic than before: the old one's list loses her, and
            // the new one needs its own answer.
            if let Some(old) = s.clinic.take() {
                c.clinic.push(ClinicWrite::Share {
                    clinic: old,
                    chat: c.chat,
                    entry: None,
                });
            }
            s.clinic = Some(code.clone());
            s.share = None;
            s.shared_at = None;
            s.patient_ref = None;
        }
        if patient_ref.is_some() {
            s.patient_ref = patient_ref;
        }
        if used {
            c.outbox.push(self.clinic_say("link_used", Some(&code)));
        }
        if let Some(token) = pending
            && s.patient_ref.is_none()
        {
            s.pending_link = Some(token);
            // Shared already: the code now.
            if s.share == Some(true) {
                self.ask_code(c, s, "link_code_ask");
                c.session = Some(s.clone());
                return Ok(true);
            }
        }
        if s.share.is_some() {
            return Ok(false);
        }
        c.outbox
            .push(self.clinic_say("clinic_welcome", Some(&code)));
        if s.finished() {
            self.share_question(c, s);
            c.session = Some(s.clone());
            return Ok(true);
        }
        Ok(false)
    }

    /// Text while the share question waits: skipping means no.
    pub(crate) fn share_skipped(&self, c: &mut Commit, mut s: Session, now: i64) {
        s.share = Some(false);
        c.outbox
            .push(self.clinic_say("share_skipped", s.clinic.as_deref()));
        self.step_intake(c, s, Input::Reshow, now);
    }

    /// The share question's and `/sharing`'s buttons.
    pub(crate) fn share_callback(
        &self,
        c: &mut Commit,
        choice: ShareChoice,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(mut s) = self.tx.session(c.chat)? else {
            c.outbox.push(self.say("sharing_none"));
            return Ok(());
        };
        let Some(code) = s.clinic.clone() else {
            c.outbox.push(self.say("sharing_none"));
            return Ok(());
        };
        let clinic = Some(code.as_str());
        match choice {
            ShareChoice::Yes => {
                if s.share == Some(true) {
                    c.outbox.push(self.say("sharing_unchanged"));
                    return Ok(());
                }
                s.share = Some(true);
                s.shared_at = Some(now);
                if s.pending_link.is_some() {
                    self.ask_code(c, &mut s, "link_code_ask");
                    c.session = Some(s);
                    return Ok(());
                }
                if s.finished() {
                    self.publish(c, &mut s, now)?;
                    c.outbox.push(self.clinic_say("share_yes_sent", clinic));
                    c.session = Some(s);
                } else {
                    c.outbox.push(self.clinic_say("share_yes_later", clinic));
                    self.step_intake(c, s, Input::Reshow, now);
                }
            }
            // "No" on an old share question after a yes is a withdrawal.
            ShareChoice::Withdraw | ShareChoice::No if s.share == Some(true) => {
                let reference = clinic::reference(&self.salt, &code, c.chat, s.since);
                self.audit(c, &code, 0, "withdrawn", vec![reference], now);
                s.share = Some(false);
                s.shared_at = None;
                c.clinic.push(ClinicWrite::Share {
                    clinic: code.clone(),
                    chat: c.chat,
                    entry: None,
                });
                c.outbox.push(self.clinic_say("sharing_stopped", clinic));
                c.session = Some(s);
            }
            ShareChoice::NoCode if s.awaiting_code => {
                return self.code_resolved(c, s, "link_code_skipped", now);
            }
            ShareChoice::No => {
                let asked = s.share.is_none();
                s.share = Some(false);
                s.pending_link = None;
                c.outbox.push(self.clinic_say("share_no_done", clinic));
                if asked && !s.finished() {
                    self.step_intake(c, s, Input::Reshow, now);
                } else {
                    c.session = Some(s);
                }
            }
            ShareChoice::Withdraw | ShareChoice::Keep | ShareChoice::NoCode => {
                c.outbox.push(self.say("sharing_unchanged"))
            }
        }
        Ok(())
    }

    /// `/sharing`: with whom, and a button to change it.
    pub(crate) fn sharing(&self, c: &mut Commit) -> Result<(), StoreError> {
        let s = self.tx.session(c.chat)?;
        let Some(code) = s.as_ref().and_then(|s| s.clinic.clone()) else {
            c.outbox.push(self.say("sharing_none"));
            return Ok(());
        };
        let clinic = Some(code.as_str());
        let on = s.is_some_and(|s| s.share == Some(true));
        let (text, action, choice) = if on {
            ("sharing_on", "sharing_stop", ShareChoice::Withdraw)
        } else {
            ("sharing_off", "sharing_start", ShareChoice::Yes)
        };
        c.outbox.push(Out::with_buttons(
            self.clinic_text(text, clinic),
            vec![
                vec![button(
                    self.clinic_text(action, clinic),
                    Action::Share { choice },
                )],
                vec![button(
                    self.text("sharing_keep"),
                    Action::Share {
                        choice: ShareChoice::Keep,
                    },
                )],
            ],
        ));
        Ok(())
    }

    /// A note for `/delete`'s confirmation when she shared with a clinic.
    pub(crate) fn delete_note(&self, chat: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .tx
            .session(chat)?
            .filter(|s| s.share == Some(true))
            .map(|s| self.clinic_text("delete_shared_note", s.clinic.as_deref())))
    }

    /// Her clinic, if the config still declares it.
    fn configured_clinic<'s>(&self, s: &'s Session) -> Option<&'s str> {
        s.clinic
            .as_deref()
            .filter(|code| self.clinics.contains_key(*code))
    }

    /// The environment of a clinic's texts (its numbers).
    /// Its staff read it in the clinic's language (else the default).
    fn with_clinic<T>(&self, code: &str, f: impl FnOnce(&Env) -> T) -> T {
        let constants = self.constants_for(Some(code));
        let lang = self.staff_lang(code);
        f(&Env {
            dialogs: &self.dialogs,
            constants: &constants,
            lang: &lang,
        })
    }

    /// Her summary goes on the clinic's list and to every enrolled staff
    /// member: once per plan (sharing the same plan again puts her back on
    /// the list and sends nothing), and at most [`SUMMARIES_PER_DAY`] a day.
    pub(crate) fn publish(
        &self,
        c: &mut Commit,
        s: &mut Session,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(code) = self.configured_clinic(s).map(str::to_owned) else {
            return Ok(());
        };
        let reference = clinic::reference(&self.salt, &code, c.chat, s.since);
        let entry = self.with_clinic(&code, |env| {
            clinic::share_entry(env, s, reference.clone(), s.shared_at.unwrap_or(now), now)
        });
        let Some(entry) = entry else {
            return Ok(());
        };
        let plan = s.outcome.as_ref().map_or(0, |o| o.made_at);
        s.summaries.retain(|x| now - x.at < DAY);
        let sent_before = s
            .summaries
            .iter()
            .any(|x| x.clinic == code && x.plan == plan);
        if !sent_before && s.summaries.len() < SUMMARIES_PER_DAY {
            let name = &self.clinics[&code].name;
            let text = self.with_clinic(&code, |env| clinic::staff_summary(env, name, &entry));
            for (staff, _) in self.tx.staff(&code)? {
                c.others.push(Relay {
                    to: staff,
                    about: About {
                        chat: c.chat,
                        clinic: code.clone(),
                    },
                    out: Out::protected(text.clone()),
                });
                self.audit(
                    c,
                    &code,
                    staff,
                    "summary_sent",
                    vec![reference.clone()],
                    now,
                );
            }
            s.summaries.push(SummarySent {
                clinic: code.clone(),
                plan,
                at: now,
            });
        }
        c.clinic.push(ClinicWrite::Share {
            clinic: code,
            chat: c.chat,
            entry: Some(entry),
        });
        c.session = Some(s.clone());
        Ok(())
    }

    /// A check-in escalation to her clinic's staff, if she shares.
    pub(crate) fn escalate(
        &self,
        c: &mut Commit,
        actions: &[String],
        now: i64,
    ) -> Result<(), StoreError> {
        let wanted: Vec<&String> = actions
            .iter()
            .filter(|a| ["urgent_stop", "step_down", "new_pelvic_symptom"].contains(&a.as_str()))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let Some(s) = self.tx.session(c.chat)?.filter(|s| s.share == Some(true)) else {
            return Ok(());
        };
        let Some(code) = self.configured_clinic(&s) else {
            return Ok(());
        };
        let reference = clinic::reference(&self.salt, code, c.chat, s.since);
        for (staff, _) in self.tx.staff(code)? {
            for a in &wanted {
                let text = self.with_clinic(code, |env| {
                    clinic::alert(env, &reference, s.patient_ref.as_deref(), a)
                });
                c.others.push(Relay {
                    to: staff,
                    about: About {
                        chat: c.chat,
                        clinic: code.to_owned(),
                    },
                    out: Out::text(text),
                });
            }
            self.audit(c, code, staff, "alert_sent", vec![reference.clone()], now);
        }
        Ok(())
    }
}
