//! Which language she reads: her own choice (`/language`), else the one her
//! app is set to when Restride speaks it, else her clinic's, else the
//! configured default. A translation a clinician has not reviewed is offered
//! only when the operator lists it in `[languages] enabled`.

use super::{Commit, Service, Turn};
use crate::dialog::locales::{EN, Locale, PSEUDO, PSEUDO_RTL};
use crate::engine::Session;
use crate::outbox::{Action, Button, Out, button};
use crate::store::StoreError;

impl Service {
    /// The locales a mum may pick, English first.
    pub fn offered(&self) -> impl Iterator<Item = &Locale> {
        self.dialogs.locales.all().filter(|l| {
            l.code == EN
                || l.reviewed
                || l.code == self.languages.default
                || self.languages.enabled.contains(&l.code)
        })
    }

    /// An offered locale for a language tag (`es-MX` finds `es`).
    fn offered_for(&self, tag: &str) -> Option<String> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let primary = tag.split('-').next().unwrap_or("");
        let mut offered = self.offered();
        offered
            .find(|l| l.code.to_ascii_lowercase() == tag)
            .or_else(|| {
                self.offered()
                    .find(|l| l.code.to_ascii_lowercase() == primary)
            })
            .map(|l| l.code.clone())
    }

    /// The language a clinic's staff read: the clinic's, else the default.
    pub fn staff_lang(&self, clinic: &str) -> String {
        self.clinics
            .get(clinic)
            .and_then(|c| c.language.as_deref())
            .filter(|l| self.dialogs.locales.get(l).is_some())
            .unwrap_or(&self.languages.default)
            .to_owned()
    }

    /// The locale of a chat: her stored one, else her app's (if offered),
    /// else her clinic's, else the default.
    pub fn lang_for(&self, s: Option<&Session>, app_lang: Option<&str>) -> String {
        if let Some(l) = s.and_then(|s| s.lang.as_deref())
            && self.dialogs.locales.get(l).is_some()
        {
            return l.to_owned();
        }
        app_lang
            .and_then(|a| self.offered_for(a))
            .or_else(|| {
                let clinic = s.and_then(|s| s.clinic.as_deref())?;
                let lang = self.clinics.get(clinic)?.language.as_deref()?;
                self.offered_for(lang)
            })
            .unwrap_or_else(|| self.languages.default.clone())
    }
}

impl Turn<'_> {
    /// `/language`: the offered languages as buttons, or `/language es`.
    pub(crate) fn language(&self, c: &mut Commit, arg: &str, now: i64) -> Result<(), StoreError> {
        if !arg.is_empty() {
            return self.language_picked(c, arg, now);
        }
        let buttons: Vec<Vec<Button>> = self
            .offered()
            .map(|l| {
                vec![button(
                    l.name.clone(),
                    Action::Language {
                        code: l.code.clone(),
                    },
                )]
            })
            .collect();
        c.outbox
            .push(Out::with_buttons(self.text("language_ask"), buttons));
        Ok(())
    }

    /// Her pick, stored with her session; then what she was doing, in it.
    pub(crate) fn language_picked(
        &self,
        c: &mut Commit,
        code: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        // An offered language, or a locale named exactly (the pseudo-locales
        // of the tests).
        let Some(code) = self
            .offered_for(code)
            .or_else(|| (code == PSEUDO || code == PSEUDO_RTL).then(|| code.to_owned()))
        else {
            c.outbox.push(self.say("language_unknown"));
            return self.language(c, "", now);
        };
        let mut s = self.load(c.chat, now)?;
        s.lang = Some(code.clone());
        let t = Turn {
            svc: self.svc,
            tx: self.tx,
            tap: self.tap.clone(),
            lang: code,
        };
        c.outbox.push(t.say("language_set"));
        let started = (!s.answers.is_empty() || s.node.is_some()) && !s.finished();
        c.session = Some(s.clone());
        if started {
            // The question she was on, now in her language.
            t.step_intake(c, s, crate::engine::Input::Reshow, now);
        }
        Ok(())
    }
}
