//! Her account: `/help`, `/mydata` (everything stored) and `/delete`.

use super::Turn;
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
        };
        c.outbox.push(Out::text(env.t("help")));
        Ok(())
    }

    /// `/mydata`: everything stored about her, as a file.
    pub(crate) fn mydata(&self, c: &mut Commit) -> Result<(), StoreError> {
        let s = self.tx.session(c.chat)?;
        let shared = match s.as_ref().and_then(|s| s.clinic.as_deref()) {
            Some(code) => self.tx.share(code, c.chat)?,
            None => None,
        };
        let doc = serde_json::json!({
            "about": self.text("mydata_about"),
            "chat": c.chat,
            "session": s,
            "checkins": self.tx.checkin(c.chat)?,
            "shared_with_clinic": shared,
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
