//! Single-patient links: a link alone attaches the clinic; it is matched to
//! her (the clinic's own reference beside her summary) only after she agrees
//! to share and types the short code the clinic gave her apart from the
//! link. A stranger who opens a forwarded or photographed link first gets
//! no reference, and a link with too many wrong codes matches nobody.

use super::Turn;
use crate::clinic::{self, CODE_TRIES, LINK_LOCK};
use crate::engine::{Input, Session};
use crate::outbox::{Action, Out, ShareChoice, button};
use crate::store::{ClinicWrite, Commit, StoreError};

impl Turn<'_> {
    /// Asks for the code (her typed text is the code; a button skips it).
    pub(crate) fn ask_code(&self, c: &mut Commit, s: &mut Session, id: &str) {
        s.awaiting_code = true;
        c.outbox.push(Out::with_buttons(
            self.clinic_text(id, s.clinic.as_deref()),
            vec![vec![button(
                self.text("link_code_skip"),
                Action::Share {
                    choice: ShareChoice::NoCode,
                },
            )]],
        ));
    }

    /// What she typed while the code question waits.
    pub(crate) fn code_typed(
        &self,
        c: &mut Commit,
        mut s: Session,
        text: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(token) = s.pending_link.clone() else {
            return self.code_resolved(c, s, "link_code_gave_up", now);
        };
        let Some(mut link) = self
            .tx
            .link(&token)?
            .filter(|l| l.bound.is_none() && l.failures < LINK_LOCK)
        else {
            return self.code_resolved(c, s, "link_code_gave_up", now);
        };
        let reference = clinic::reference(&self.salt, &link.clinic, c.chat, s.since);
        if link.code.as_deref() == Some(clinic::hash_code(text).as_str()) {
            link.bound = Some(c.chat);
            s.patient_ref = Some(link.patient_ref.clone());
            let refs = vec![reference, link.patient_ref.clone()];
            self.audit(c, &link.clinic, 0, "link_matched", refs, now);
            c.clinic.push(ClinicWrite::Link {
                token,
                link: Some(link),
            });
            return self.code_resolved(c, s, "link_code_ok", now);
        }
        link.failures += 1;
        s.code_tries += 1;
        let locked = link.failures >= LINK_LOCK;
        if locked {
            let refs = vec![link.patient_ref.clone()];
            self.audit(c, &link.clinic, 0, "link_locked", refs, now);
        }
        c.clinic.push(ClinicWrite::Link {
            token,
            link: Some(link),
        });
        if locked || s.code_tries >= CODE_TRIES {
            return self.code_resolved(c, s, "link_code_gave_up", now);
        }
        self.ask_code(c, &mut s, "link_code_wrong");
        c.session = Some(s);
        Ok(())
    }

    /// The code question is over (matched, skipped or given up): her
    /// summary goes (or will) as she agreed, and her questions go on.
    pub(crate) fn code_resolved(
        &self,
        c: &mut Commit,
        mut s: Session,
        id: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        s.pending_link = None;
        s.awaiting_code = false;
        s.code_tries = 0;
        let code = s.clinic.clone();
        c.outbox
            .push(Out::text(self.clinic_text(id, code.as_deref())));
        if s.share != Some(true) {
            self.step_intake(c, s, Input::Reshow, now);
        } else if s.finished() {
            self.publish(c, &mut s, now)?;
            let sent = self.clinic_text("share_yes_sent", code.as_deref());
            c.outbox.push(Out::text(sent));
            c.session = Some(s);
        } else {
            let later = self.clinic_text("share_yes_later", code.as_deref());
            c.outbox.push(Out::text(later));
            self.step_intake(c, s, Input::Reshow, now);
        }
        Ok(())
    }
}
