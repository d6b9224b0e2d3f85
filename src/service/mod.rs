//! Every product decision, transport-neutral: `handle(tx, chat, input, now)`
//! reads what it needs through the store's [`Tx`] and returns the writes of
//! that decision (a [`Commit`]: her session, check-ins, clinic data and what
//! to show her). Telegram, the terminal and any later front end share it;
//! they translate, they do not decide.
//!
//! One file per area: `intake`, `sharing`, `staff`, `checkin_setup`,
//! `checkin_day`, `offers`, `update`, `progress`, `account`, `worker`,
//! `retention`, `operator`.

mod account;
mod checkin_day;
mod checkin_setup;
mod intake;
mod language;
mod links;
mod offers;
pub mod operator;
mod progress;
mod retention;
mod sharing;
mod staff;
mod update;
mod worker;

pub use worker::{NUDGE_AFTER, PAUSE_AFTER};

use crate::checkin::CheckinConfig;
use crate::config::{Clinic, Languages};
use crate::dialog::Dialogs;
use crate::engine::{Env, Input, Session};
use crate::outbox::{Action, Out, Tap};
use crate::store::{Commit, Done, Job, Store, StoreError, Tx};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Longest message she may send; longer ones are refused kindly.
pub const MAX_TEXT: usize = 1000;

/// What she did, as any front end reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum In {
    /// A typed message, commands (`/start …`) included.
    Text(String),
    /// A button: what it does, and the tap as the front end knows it.
    Tap { action: Action, tap: Tap },
    /// A sticker, photo, voice note, location…
    Media,
    /// A group or channel: Restride only talks in private.
    NotPrivate,
}

/// What the service needs besides the store: dialogs and configuration.
pub struct Service {
    pub dialogs: Arc<Dialogs>,
    pub constants: BTreeMap<String, String>,
    /// The bot's username, for the link to a private chat.
    pub username: String,
    /// Makes references opaque.
    pub salt: Vec<u8>,
    pub checkins: CheckinConfig,
    /// Clinics by code, for their names and number overrides.
    pub clinics: BTreeMap<String, Clinic>,
    /// Delete everything of a mum inactive this many days (0: keep).
    pub retention_days: u32,
    /// The default language and the unreviewed translations offered.
    pub languages: Languages,
}

/// One decision in progress: the service and what the transaction reads.
pub(crate) struct Turn<'a> {
    svc: &'a Service,
    tx: &'a dyn Tx,
    /// The tap being answered, if the input was one.
    tap: Option<Tap>,
    /// The locale she reads.
    lang: String,
}

impl std::ops::Deref for Turn<'_> {
    type Target = Service;
    fn deref(&self) -> &Service {
        self.svc
    }
}

impl Service {
    /// Decides what to do with one input from `chat`.
    pub fn handle(
        &self,
        tx: &dyn Tx,
        chat: i64,
        input: In,
        now: i64,
    ) -> Result<Commit, StoreError> {
        self.handle_in(tx, chat, input, None, now)
    }

    /// The note to a chat sending faster than the bot reads (the update is
    /// dropped), in her language.
    pub fn too_fast(
        &self,
        tx: &dyn Tx,
        chat: i64,
        app_lang: Option<&str>,
    ) -> Result<Commit, StoreError> {
        let lang = self.lang_for(tx.session(chat)?.as_ref(), app_lang);
        let t = Turn {
            svc: self,
            tx,
            tap: None,
            lang,
        };
        let mut c = Commit::new(chat);
        c.outbox.push(t.say("too_fast"));
        Ok(c)
    }

    /// [`Service::handle`], with the language her app is set to (Telegram's
    /// `language_code`), which picks her locale when she has none yet.
    pub fn handle_in(
        &self,
        tx: &dyn Tx,
        chat: i64,
        input: In,
        app_lang: Option<&str>,
        now: i64,
    ) -> Result<Commit, StoreError> {
        let tap = match &input {
            In::Tap { tap, .. } => Some(tap.clone()),
            _ => None,
        };
        let lang = self.lang_for(tx.session(chat)?.as_ref(), app_lang);
        let t = Turn {
            svc: self,
            tx,
            tap,
            lang,
        };
        let mut c = Commit::new(chat);
        match input {
            In::NotPrivate => {
                let link = format!("https://t.me/{}", self.username);
                c.outbox
                    .push(Out::text(self.env().tf("private_only", &[("link", &link)])));
            }
            In::Media => {
                c.outbox.push(self.say("media_reprompt"));
                t.run(&mut c, Input::Reshow, now)?;
            }
            In::Text(text) if text.chars().count() > MAX_TEXT => {
                c.outbox.push(self.say("too_long"));
                t.run(&mut c, Input::Reshow, now)?;
            }
            In::Text(text) => t.text_or_command(&mut c, text.trim(), now)?,
            In::Tap { action, tap } => t.tap(&mut c, action, tap, now)?,
        }
        Ok(c)
    }

    /// Handles one input as one transaction of `store` (the update, when
    /// given, is decided once). The applied writes, to see what to send.
    pub fn apply(
        &self,
        store: &dyn Store,
        chat: i64,
        update: Option<i64>,
        input: In,
        now: i64,
    ) -> Result<Done, StoreError> {
        self.apply_in(store, chat, update, input, None, now)
    }

    /// [`Service::apply`] with the language her app is set to.
    pub fn apply_in(
        &self,
        store: &dyn Store,
        chat: i64,
        update: Option<i64>,
        input: In,
        app_lang: Option<&str>,
        now: i64,
    ) -> Result<Done, StoreError> {
        store.transact_one(Job { chat, update }, &mut |tx| {
            self.handle_in(tx, chat, input.clone(), app_lang, now)
        })
    }

    /// The engine environment (dialogs and configured numbers), in the
    /// default language.
    pub fn env(&self) -> Env<'_> {
        Env {
            dialogs: &self.dialogs,
            constants: &self.constants,
            lang: &self.languages.default,
        }
    }

    /// A named text with the configured numbers filled in.
    pub(crate) fn text(&self, id: &str) -> String {
        self.env().t(id)
    }

    pub(crate) fn say(&self, id: &str) -> Out {
        Out::text(self.text(id))
    }

    /// Her clinic's booking links by referral code (the general link for the rest).
    pub fn booking_for(&self, clinic: Option<&str>) -> BTreeMap<String, String> {
        let Some(cl) = clinic.and_then(|code| self.clinics.get(code)) else {
            return BTreeMap::new();
        };
        let mut links = cl.booking.clone();
        if let Some(general) = &cl.booking_url {
            for code in self.dialogs.referrals.keys() {
                if !["emergency_services", "urgent_care"].contains(&code.as_str()) {
                    links.entry(code.clone()).or_insert_with(|| general.clone());
                }
            }
        }
        links
    }

    /// The configured numbers, with her clinic's overrides and name.
    pub fn constants_for(&self, clinic: Option<&str>) -> BTreeMap<String, String> {
        let mut c = self.constants.clone();
        if let Some(cl) = clinic.and_then(|code| self.clinics.get(code)) {
            c.insert("clinic_name".into(), cl.name.clone());
            for (k, v) in [
                ("emergency_number", &cl.emergency_number),
                ("crisis_line", &cl.crisis_line),
                ("support_lines", &cl.support_lines),
                ("neonatal_support", &cl.neonatal_support),
                ("bereavement_support", &cl.bereavement_support),
            ] {
                if let Some(v) = v {
                    c.insert(k.into(), v.clone());
                }
            }
        }
        c
    }

    fn new_session(&self, now: i64) -> Session {
        let version = self.dialogs.flow("intake").map(|f| f.version).unwrap_or(0);
        Session::new("intake", version, &self.dialogs.hash, now)
    }
}

impl Turn<'_> {
    fn text_or_command(&self, c: &mut Commit, text: &str, now: i64) -> Result<(), StoreError> {
        if !text.starts_with('/') {
            return self.typed(c, text, now);
        }
        let (cmd, arg) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let cmd = cmd.split('@').next().unwrap_or(cmd).to_lowercase();
        let arg = arg.trim();
        // A check-in that stopped at a warning sign answers first, until she has been seen.
        let urgent = match cmd.as_str() {
            "/start" if arg.is_empty() => Some(Input::Start),
            "/plan" => Some(Input::Plan),
            "/back" => Some(Input::Back),
            _ => None,
        };
        if let Some(input) = urgent
            && self.urgent_checkin(c, input, now)?
        {
            return Ok(());
        }
        // Without a plan (an urgent stop, declined, not eligible), commands about
        // plans and check-ins get what the engine says after that ending.
        if matches!(
            cmd.as_str(),
            "/checkin" | "/pause" | "/resume" | "/stop" | "/progress" | "/update"
        ) && self.ended_without_plan(c.chat)?
        {
            return self.run(c, Input::Reshow, now);
        }
        match cmd.as_str() {
            "/start" => {
                let mut s = self.load(c.chat, now)?;
                if !arg.is_empty() && self.attach(c, &mut s, arg)? {
                    return Ok(());
                }
                self.step_intake(c, s, Input::Start, now);
            }
            "/back" => self.run(c, Input::Back, now)?,
            "/restart" => self.run(c, Input::Restart, now)?,
            "/summary" => self.run(c, Input::Summary, now)?,
            "/plan" => self.run(c, Input::Plan, now)?,
            "/help" => self.help(c)?,
            "/about" => c.outbox.push(self.say("about")),
            "/privacy" => c.outbox.push(self.say("privacy")),
            "/mydata" => self.mydata(c)?,
            "/sharing" => self.sharing(c)?,
            "/staff" => self.enrol(c, arg, now)?,
            "/patients" => self.patients(c, 1, now)?,
            "/patient" => self.patient(c, arg, now)?,
            "/delete" => self.delete_ask(c)?,
            "/language" => self.language(c, arg, now)?,
            "/checkin" | "/pause" | "/resume" | "/stop" => self.checkin_command(c, &cmd, now)?,
            "/progress" => self.progress(c, now)?,
            "/update" => self.update_menu(c),
            ex if ex.starts_with("/ex_") => self.exercise(c, &ex[4..], now)?,
            _ => c.outbox.push(self.say("unknown_command")),
        }
        Ok(())
    }

    /// Typed text that is not a command: the share question, check-in set-up,
    /// a check-in in progress, an urgent check-in, or the intake.
    fn typed(&self, c: &mut Commit, text: &str, now: i64) -> Result<(), StoreError> {
        if let Some(s) = self.tx.session(c.chat)?
            && s.awaiting_code
        {
            return self.code_typed(c, s, text, now);
        }
        if let Some(s) = self.tx.session(c.chat)?
            && self.share_pending(&s)
        {
            self.share_skipped(c, s, now);
            return Ok(());
        }
        if self.checkin_setup_text(c, text, now)? {
            return Ok(());
        }
        if let Some(rec) = self.tx.checkin(c.chat)?
            && rec.current.as_ref().is_some_and(|s| !s.finished())
        {
            return self.checkin_step(c, rec, Input::Text(text.to_owned()), now);
        }
        if self.urgent_checkin(c, Input::Text(text.to_owned()), now)? {
            return Ok(());
        }
        self.run(c, Input::Text(text.to_owned()), now)
    }

    /// A button.
    fn tap(&self, c: &mut Commit, action: Action, tap: Tap, now: i64) -> Result<(), StoreError> {
        c.outbox.push(Out::Toast {
            tap: tap.clone(),
            text: None,
        });
        let clear = |c: &mut Commit| c.outbox.push(Out::ClearTapped { tap: tap.clone() });
        match action {
            Action::Delete { confirm } => {
                clear(c);
                self.delete_answer(c, confirm, now)
            }
            Action::Share { choice } => {
                clear(c);
                self.share_callback(c, choice, now)
            }
            Action::Patients { page } => {
                clear(c);
                self.patients(c, page.max(1), now)
            }
            Action::Update { what } => {
                clear(c);
                self.update_callback(c, &what, now)
            }
            Action::Checkin { step } => {
                clear(c);
                self.checkin_callback(c, step, now)
            }
            Action::Offer { id, accept } => {
                clear(c);
                self.offer_callback(c, &id, accept, now)
            }
            // A question's button while the clinic's code is asked: she
            // goes on without it.
            Action::Question { .. }
                if let Some(s) = self.tx.session(c.chat)?
                    && s.awaiting_code =>
            {
                self.code_resolved(c, s, "link_code_skipped", now)
            }
            Action::Question {
                version,
                node,
                nonce,
                action,
            } => {
                let input = Input::Button {
                    version,
                    node,
                    nonce,
                    action,
                };
                self.question_tap(c, input, &tap, now)
            }
            // Unreadable or forged: the engine answers "moved on" and shows the question.
            Action::Language { code } => {
                clear(c);
                self.language_picked(c, &code, now)
            }
            Action::Unknown => {
                let input = Input::Button {
                    version: u32::MAX,
                    node: String::new(),
                    nonce: 0,
                    action: String::new(),
                };
                self.question_tap(c, input, &tap, now)
            }
        }
    }

    /// A tap on a question of a flow: the check-in's go to the check-in.
    fn question_tap(
        &self,
        c: &mut Commit,
        input: Input,
        tap: &Tap,
        now: i64,
    ) -> Result<(), StoreError> {
        if let Input::Button { node, .. } = &input
            && self
                .dialogs
                .flow("checkin")
                .is_some_and(|f| f.node(node).is_some())
        {
            return match self.tx.checkin(c.chat)? {
                Some(rec) if rec.current.is_some() => self.checkin_step(c, rec, input, now),
                Some(rec) if rec.urgent.is_some() => {
                    self.urgent_checkin(c, input, now)?;
                    Ok(())
                }
                _ => {
                    c.outbox.push(Out::ClearTapped { tap: tap.clone() });
                    c.outbox.push(self.say("moved_on"));
                    Ok(())
                }
            };
        }
        let s = self.load(c.chat, now)?;
        let stale = matches!(&input, Input::Button { nonce, .. } if *nonce != s.nonce);
        // A second tap of the button just answered: its keyboard is gone
        // already, and nothing has moved on. Answered quietly.
        let again = matches!(&input, Input::Button { node, nonce, .. }
            if *nonce < s.nonce && s.history.last().is_some_and(|h| &h.node == node));
        if again {
            return Ok(());
        }
        if stale {
            c.outbox.push(Out::ClearTapped { tap: tap.clone() });
        }
        self.step_intake(c, s, input, now);
        Ok(())
    }

    /// Her session, or a new one in the language she reads.
    fn load(&self, chat: i64, now: i64) -> Result<Session, StoreError> {
        let mut s = self
            .tx
            .session(chat)?
            .unwrap_or_else(|| self.new_session(now));
        if s.lang.is_none() {
            s.lang = Some(self.lang.clone());
        }
        Ok(s)
    }

    /// The engine environment in her language.
    pub fn env(&self) -> Env<'_> {
        Env {
            dialogs: &self.dialogs,
            constants: &self.constants,
            lang: &self.lang,
        }
    }

    /// A named text in her language, the configured numbers filled in.
    pub(crate) fn text(&self, id: &str) -> String {
        self.env().t(id)
    }

    pub(crate) fn say(&self, id: &str) -> Out {
        Out::text(self.text(id))
    }
}

/// The key of [`hashed`]: derived from the store's secret salt once the
/// store is open ([`key_logs`]), else random for this process.
static LOG_KEY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();

/// Keys log hashes with the store's secret, so the same chat hashes the same
/// across runs and nobody without the data directory can reverse them.
pub fn key_logs(salt: &[u8]) {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"restride-log-key");
    h.update(salt);
    let _ = LOG_KEY.set(h.finalize().into());
}

/// A chat id as logs show it: a keyed hash, never the id itself (the same
/// hash as the audit's references, under the logs' own key).
pub fn hashed(chat: i64) -> String {
    let key = LOG_KEY.get_or_init(|| {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).expect("the operating system's random source");
        k
    });
    crate::store::opaque_ref(key, chat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_hashes_are_keyed() {
        use sha2::{Digest, Sha256};
        // What anyone could compute without the data directory (and reverse
        // by trying every id) is not what logs show.
        let unkeyed: String = Sha256::digest(b"restride-log:42")
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        let h = hashed(42);
        assert!(!h.starts_with(&unkeyed));
        assert_eq!(h.len(), 12);
        assert_eq!(h, hashed(42), "stable within a run");
        assert_ne!(h, hashed(43));
    }
}
