//! Her account: `/help`, `/mydata` (everything stored) and `/delete`.

use super::Turn;
use crate::clinic;
use crate::engine::{Env, Input};
use crate::outbox::{Action, Out, button};
use crate::store::{Commit, StoreError, opaque_ref};

impl Turn<'_> {
    /// `/help`, with her clinic's emergency and crisis numbers.
    pub(crate) fn help(&self, c: &mut Commit) -> Result<(), StoreError> {
        let clinic = self.tx.session(c.chat)?.and_then(|s| s.clinic);
        let constants = self.constants_for(clinic.as_deref());
        let env = Env {
            dialogs: &self.dialogs,
            constants: &constants,
            lang: &self.lang,
        };
        c.outbox.push(Out::text(env.t("help")));
        Ok(())
    }

    /// `/mydata`: everything stored about her, as a file.
    pub(crate) fn mydata(&self, c: &mut Commit) -> Result<(), StoreError> {
        let s = self.tx.session(c.chat)?;
        let her_clinic = s.as_ref().and_then(|s| s.clinic.clone());
        let shared = match &her_clinic {
            Some(code) => self.tx.share(code, c.chat)?,
            None => None,
        };
        // Staff of a clinic: since when.
        let mut staff_of = vec![];
        for code in self.tx.staff_clinics(c.chat)? {
            let since = self
                .tx
                .staff(&code)?
                .into_iter()
                .find(|(u, _)| *u == c.chat)
                .map(|(_, e)| e.since);
            staff_of.push(serde_json::json!({ "clinic": code, "since": since }));
        }
        // A single-patient link bound to her.
        let links: Vec<_> = self
            .tx
            .links()?
            .into_iter()
            .filter(|(_, l)| l.bound == Some(c.chat))
            .map(|(_, l)| l)
            .collect();
        // What clinics' audits say about her: as a patient (by her
        // reference) and as staff.
        let mut audit = vec![];
        let mine = her_clinic
            .iter()
            .map(|code| {
                let since = s.as_ref().map_or(0, |s| s.since);
                (
                    code.clone(),
                    clinic::reference(&self.salt, code, c.chat, since),
                )
            })
            .collect::<Vec<_>>();
        let mut codes: Vec<String> = self.tx.staff_clinics(c.chat)?;
        codes.extend(mine.iter().map(|(code, _)| code.clone()));
        codes.sort();
        codes.dedup();
        for code in codes {
            let reference = mine.iter().find(|(c, _)| *c == code).map(|(_, r)| r);
            for line in self.tx.clinic_audit(&code)? {
                if line.staff == c.chat || reference.is_some_and(|r| line.refs.contains(r)) {
                    audit.push(serde_json::json!({ "clinic": code, "line": line }));
                }
            }
        }
        let doc = serde_json::json!({
            "about": self.text("mydata_about"),
            "chat": c.chat,
            "session": s,
            "checkins": self.tx.checkin(c.chat)?,
            "shared_with_clinic": shared,
            "single_patient_links": links,
            "staff_of": staff_of,
            "clinic_audit_lines": audit,
        });
        c.outbox.push(Out::Document {
            name: "restride-my-data.json".into(),
            bytes: serde_json::to_vec_pretty(&doc).unwrap_or_default(),
            caption: self.text("mydata_caption"),
        });
        Ok(())
    }

    /// `/delete`: asks first (and says what a clinic keeps).
    pub(crate) fn delete_ask(&self, c: &mut Commit) -> Result<(), StoreError> {
        let text = match self.delete_note(c.chat)? {
            Some(note) => format!("{}\n\n{note}", self.text("delete_confirm")),
            None => self.text("delete_confirm"),
        };
        c.outbox.push(Out::with_buttons(
            text,
            vec![vec![
                button(self.text("delete_yes"), Action::Delete { confirm: true }),
                button(self.text("delete_no"), Action::Delete { confirm: false }),
            ]],
        ));
        Ok(())
    }

    /// Her answer to `/delete`'s question.
    pub(crate) fn delete_answer(
        &self,
        c: &mut Commit,
        confirm: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        if confirm {
            c.erase = true;
            c.audit = Some(format!("{now} deleted {}", opaque_ref(&self.salt, c.chat)));
            c.outbox.push(self.say("deleted"));
            return Ok(());
        }
        c.outbox.push(self.say("delete_kept"));
        self.run(c, Input::Reshow, now)
    }
}
