//! From a Telegram update to one atomic commit: the new session, the update
//! id and the messages to send. No network here; `deliver` sends.

use super::callback::{self, Callback};
use super::markup::to_html;
use crate::dialog::Dialogs;
use crate::engine::step::{Effect, Kind, Message};
use crate::engine::{Env, Input, Session, step};
use crate::outbox::{Out, OutButton};
use crate::plan;
use crate::store::{Commit, Store, StoreError, opaque_ref};
use crate::terminal::plan_messages_with;
use std::collections::BTreeMap;
use std::sync::Arc;
use teloxide::types::{Update, UpdateKind};

/// Longest message she may send; longer ones are refused kindly.
pub const MAX_TEXT: usize = 1000;

/// What an update means to Restride.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incoming {
    Text {
        chat: i64,
        text: String,
    },
    Callback {
        chat: i64,
        id: String,
        message_id: i32,
        data: String,
    },
    /// A sticker, photo, voice note, location…
    Media {
        chat: i64,
    },
    /// A group, supergroup or channel: Restride only talks in private.
    NotPrivate {
        chat: i64,
    },
    /// Edited messages and everything else: changes nothing.
    Ignore,
}

impl Incoming {
    pub fn chat(&self) -> Option<i64> {
        match self {
            Incoming::Text { chat, .. }
            | Incoming::Callback { chat, .. }
            | Incoming::Media { chat }
            | Incoming::NotPrivate { chat } => Some(*chat),
            Incoming::Ignore => None,
        }
    }
}

pub fn classify(u: &Update) -> Incoming {
    match &u.kind {
        UpdateKind::Message(m) => {
            let chat = m.chat.id.0;
            if !m.chat.is_private() {
                return Incoming::NotPrivate { chat };
            }
            match m.text() {
                Some(t) => Incoming::Text {
                    chat,
                    text: t.to_owned(),
                },
                None => Incoming::Media { chat },
            }
        }
        UpdateKind::CallbackQuery(q) => {
            let Some(msg) = &q.message else {
                return Incoming::Ignore;
            };
            let chat = msg.chat().id.0;
            if !msg.chat().is_private() {
                return Incoming::NotPrivate { chat };
            }
            Incoming::Callback {
                chat,
                id: q.id.0.clone(),
                message_id: msg.id().0,
                data: q.data.clone().unwrap_or_default(),
            }
        }
        UpdateKind::ChannelPost(p) => Incoming::NotPrivate { chat: p.chat.id.0 },
        _ => Incoming::Ignore,
    }
}

/// What the bot needs to decide: dialogs, configured texts, the store.
pub struct Core {
    pub dialogs: Arc<Dialogs>,
    pub constants: BTreeMap<String, String>,
    pub store: Arc<dyn Store>,
    /// The bot's username, for the link to a private chat.
    pub username: String,
    /// Makes audit references opaque.
    pub salt: Vec<u8>,
    pub checkins: crate::checkin::CheckinConfig,
    /// Clinics by code, for their names and number overrides.
    pub clinics: BTreeMap<String, crate::config::Clinic>,
    /// Delete everything of a mum inactive this many days (0: keep).
    pub retention_days: u32,
}

impl Core {
    /// The engine environment (dialogs and configured numbers).
    pub fn env_for_tests(&self) -> Env<'_> {
        self.env()
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

    pub(crate) fn env(&self) -> Env<'_> {
        Env {
            dialogs: &self.dialogs,
            constants: &self.constants,
        }
    }

    pub(crate) fn text(&self, id: &str) -> String {
        let vars = BTreeMap::new();
        crate::engine::step::render(&self.env(), &vars, self.dialogs.text(id))
    }

    pub(crate) fn say(&self, id: &str) -> Out {
        send_plain(to_html(&self.text(id)))
    }

    fn new_session(&self, now: i64) -> Session {
        let version = self.dialogs.flow("intake").map(|f| f.version).unwrap_or(0);
        Session::new("intake", version, &self.dialogs.hash, now)
    }

    /// Decides what to do with one update. The caller commits the result.
    pub fn handle(&self, update_id: i64, inc: Incoming, now: i64) -> Result<Commit, StoreError> {
        let mut c = Commit {
            update_id: Some(update_id),
            ..Commit::default()
        };
        let Some(chat) = inc.chat() else {
            return Ok(c);
        };
        c.chat = chat;
        match inc {
            Incoming::Ignore => {}
            Incoming::NotPrivate { .. } => {
                let link = format!("https://t.me/{}", self.username);
                c.outbox.push(send_plain(
                    to_html(&self.text("private_only")).replace("{link}", &link),
                ));
            }
            Incoming::Media { .. } => {
                c.outbox.push(self.say("media_reprompt"));
                self.run(&mut c, Input::Reshow, now)?;
            }
            Incoming::Text { text, .. } if text.chars().count() > MAX_TEXT => {
                c.outbox.push(self.say("too_long"));
                self.run(&mut c, Input::Reshow, now)?;
            }
            Incoming::Text { text, .. } => self.text_or_command(&mut c, text.trim(), now)?,
            Incoming::Callback {
                id,
                message_id,
                data,
                ..
            } => self.callback(&mut c, id, message_id, &data, now)?,
        }
        Ok(c)
    }

    fn text_or_command(&self, c: &mut Commit, text: &str, now: i64) -> Result<(), StoreError> {
        if !text.starts_with('/') {
            if let Some(s) = self.store.session(c.chat)?
                && self.share_pending(&s)
            {
                self.share_skipped(c, s, now);
                return Ok(());
            }
            if self.checkin_setup_text(c, text, now)? {
                return Ok(());
            }
            if let Some(rec) = self.record(c.chat)?
                && rec.current.as_ref().is_some_and(|s| !s.finished())
            {
                return self.checkin_step(c, rec, Input::Text(text.to_owned()), now);
            }
            if self.urgent_checkin(c, Input::Text(text.to_owned()), now)? {
                return Ok(());
            }
            return self.run(c, Input::Text(text.to_owned()), now);
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
                self.step(c, s, Input::Start, now);
            }
            "/back" => self.run(c, Input::Back, now)?,
            "/restart" => self.run(c, Input::Restart, now)?,
            "/summary" => self.run(c, Input::Summary, now)?,
            "/plan" => self.run(c, Input::Plan, now)?,
            "/help" => {
                let clinic = self.store.session(c.chat)?.and_then(|s| s.clinic);
                let constants = self.constants_for(clinic.as_deref());
                let env = Env {
                    dialogs: &self.dialogs,
                    constants: &constants,
                };
                let text =
                    crate::engine::step::render(&env, &BTreeMap::new(), self.dialogs.text("help"));
                c.outbox.push(send_plain(to_html(&text)));
            }
            "/about" => c.outbox.push(self.say("about")),
            "/privacy" => c.outbox.push(self.say("privacy")),
            "/mydata" => {
                let s = self.store.session(c.chat)?;
                let shared = match s.as_ref().and_then(|s| s.clinic.as_deref()) {
                    Some(code) => self
                        .store
                        .clinic_get(&crate::store::clinic_keys::share(code, c.chat))?
                        .and_then(|v| serde_json::from_slice::<serde_json::Value>(&v).ok()),
                    None => None,
                };
                let doc = serde_json::json!({
                    "about": "Everything Restride stores about this chat.",
                    "chat": c.chat,
                    "session": s,
                    "checkins": self.store.checkin(c.chat)?,
                    "shared_with_clinic": shared,
                });
                c.outbox.push(Out::Document {
                    name: "restride-my-data.json".into(),
                    bytes: serde_json::to_vec_pretty(&doc).unwrap_or_default(),
                    caption: self.text("mydata_caption"),
                });
            }
            "/sharing" => self.sharing(c)?,
            "/staff" => self.enrol(c, arg, now)?,
            "/patients" => self.patients(c, 1, now)?,
            "/patient" => self.patient(c, arg, now)?,
            "/delete" => c.outbox.push(Out::with_buttons(
                to_html(&match self.delete_note(c.chat)? {
                    Some(note) => format!("{}\n\n{note}", self.text("delete_confirm")),
                    None => self.text("delete_confirm"),
                }),
                vec![vec![
                    OutButton {
                        label: self.text("delete_yes"),
                        data: "del|yes".into(),
                    },
                    OutButton {
                        label: self.text("delete_no"),
                        data: "del|no".into(),
                    },
                ]],
            )),
            "/checkin" | "/pause" | "/resume" | "/stop" => self.checkin_command(c, &cmd, now)?,
            "/progress" => self.progress(c, now)?,
            "/update" => self.update_menu(c),
            ex if ex.starts_with("/ex_") => {
                let s = self.load(c.chat, now)?;
                let level = self.record(c.chat)?.map(|r| r.state.level);
                let level = level.as_deref().filter(|l| !l.is_empty());
                match crate::terminal::exercise_card_for(&self.env(), &s, &ex[4..], level, now) {
                    Some(card) => c.outbox.push(send_plain(to_html(&card))),
                    None => c.outbox.push(self.say("unknown_exercise")),
                }
            }
            _ => c.outbox.push(self.say("unknown_command")),
        }
        Ok(())
    }

    fn callback(
        &self,
        c: &mut Commit,
        id: String,
        message_id: i32,
        data: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        match data {
            "del|yes" => {
                c.outbox.push(Out::AnswerCallback { id, text: None });
                c.outbox.push(Out::ClearButtons { message_id });
                c.erase = true;
                c.audit = Some(format!("{now} deleted {}", opaque_ref(&self.salt, c.chat)));
                c.outbox.push(self.say("deleted"));
                return Ok(());
            }
            "del|no" => {
                c.outbox.push(Out::AnswerCallback { id, text: None });
                c.outbox.push(Out::ClearButtons { message_id });
                c.outbox.push(self.say("delete_kept"));
                return self.run(c, Input::Reshow, now);
            }
            d if d.starts_with("sh|") || d.starts_with("pt|") => {
                c.outbox.push(Out::AnswerCallback { id, text: None });
                c.outbox.push(Out::ClearButtons { message_id });
                return if d.starts_with("sh|") {
                    self.share_callback(c, d, now)
                } else {
                    self.patients_callback(c, d, now)
                };
            }
            d if d.starts_with("up|") => {
                c.outbox.push(Out::AnswerCallback { id, text: None });
                c.outbox.push(Out::ClearButtons { message_id });
                return self.update_callback(c, d, now);
            }
            d if d.starts_with("ci|") || d.starts_with("of|") => {
                c.outbox.push(Out::AnswerCallback { id, text: None });
                c.outbox.push(Out::ClearButtons { message_id });
                return if d.starts_with("ci|") {
                    self.checkin_callback(c, d, now)
                } else {
                    self.offer_callback(c, d, now)
                };
            }
            _ => {}
        }
        let input = match callback::decode(data) {
            Some(Callback {
                version,
                node,
                nonce,
                action,
            }) => Input::Button {
                version,
                node,
                nonce,
                action,
            },
            // Unreadable or forged: the engine answers "moved on" and shows the question.
            None => Input::Button {
                version: u32::MAX,
                node: String::new(),
                nonce: 0,
                action: String::new(),
            },
        };
        c.outbox.push(Out::AnswerCallback { id, text: None });
        // A check-in question goes to the check-in in progress.
        if let Input::Button { node, .. } = &input
            && self
                .dialogs
                .flow("checkin")
                .is_some_and(|f| f.node(node).is_some())
        {
            match self.record(c.chat)? {
                Some(rec) if rec.current.is_some() => return self.checkin_step(c, rec, input, now),
                Some(rec) if rec.urgent.is_some() => {
                    self.urgent_checkin(c, input, now)?;
                    return Ok(());
                }
                _ => {
                    c.outbox.push(Out::ClearButtons { message_id });
                    c.outbox.push(self.say("moved_on"));
                    return Ok(());
                }
            }
        }
        let s = self.load(c.chat, now)?;
        let before = s.nonce;
        let stale = matches!(&input, Input::Button { nonce, .. } if *nonce != before);
        if stale {
            c.outbox.push(Out::ClearButtons { message_id });
        }
        self.step(c, s, input, now);
        Ok(())
    }

    fn load(&self, chat: i64, now: i64) -> Result<Session, StoreError> {
        Ok(self
            .store
            .session(chat)?
            .unwrap_or_else(|| self.new_session(now)))
    }

    fn run(&self, c: &mut Commit, input: Input, now: i64) -> Result<(), StoreError> {
        let s = self.load(c.chat, now)?;
        self.step(c, s, input, now);
        Ok(())
    }

    fn step(&self, c: &mut Commit, s: Session, input: Input, now: i64) {
        self.step_intake(c, s, input, now);
    }

    /// Steps the intake and turns its effects into outbox entries.
    pub(crate) fn step_intake(&self, c: &mut Commit, s: Session, input: Input, now: i64) {
        let constants = self.constants_for(s.clinic.as_deref());
        let env = Env {
            dialogs: &self.dialogs,
            constants: &constants,
        };
        let was_finished = s.finished();
        let (s, effects) = step(&env, s, input, now);
        // The share question comes before her next question (which waits).
        let ask_share = self.share_pending(&s);
        for e in effects {
            match e {
                Effect::Send(m)
                    if ask_share && matches!(m.kind, Kind::Question | Kind::Reprompt) => {}
                Effect::ShowPlan => self.plan_out(c, &env, &s, now),
                Effect::Finished => {
                    self.plan_out(c, &env, &s, now);
                    let mut s = s.clone();
                    if let (Some(old), Some(new)) = (s.previous.take(), s.outcome.as_ref()) {
                        c.outbox
                            .push(send_plain(to_html(&self.plan_changes(&old, new))));
                    }
                    c.session = Some(s.clone());
                    if s.share == Some(true)
                        && let Err(e) = self.publish(c, &s, now)
                    {
                        tracing::warn!("sharing with the clinic failed: {e}");
                    }
                    if !was_finished && s.outcome.as_ref().is_some_and(|o| o.status == "complete") {
                        match self.record(c.chat) {
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
        let msgs = plan_messages_with(env, s, &self.booking_for(s.clinic.as_deref()), now);
        if !msgs.is_empty() {
            c.outbox.push(Out::Typing);
        }
        // Leave room for HTML escapes under Telegram's limit.
        for m in msgs {
            for part in plan::split(&[m], 3800) {
                c.outbox.push(send_plain(to_html(&part)));
            }
        }
    }

    /// One engine effect as outbox entries (messages, edits, toggles).
    pub(crate) fn effect_out(&self, c: &mut Commit, s: &Session, e: Effect) {
        match e {
            Effect::Send(m) => c.outbox.push(self.message(s, &m)),
            Effect::Answered { nonce, answer } => c.outbox.push(Out::Answered {
                nonce,
                answer: to_html(&format!("✔ {answer}")),
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
            Effect::Finished | Effect::ShowPlan | Effect::Moved { .. } => {}
        }
    }

    pub(crate) fn message(&self, s: &Session, m: &Message) -> Out {
        let version = self.dialogs.flow(&s.flow).map(|f| f.version).unwrap_or(0);
        let buttons: Vec<Vec<OutButton>> = m
            .buttons
            .iter()
            .map(|row| {
                row.iter()
                    .filter_map(|b| {
                        let data = callback::encode(&Callback {
                            version,
                            node: m.node.clone().unwrap_or_default(),
                            nonce: m.nonce.unwrap_or(0),
                            action: b.action.clone(),
                        })?;
                        Some(OutButton {
                            label: b.label.clone(),
                            data,
                        })
                    })
                    .collect()
            })
            .collect();
        Out::Send {
            text: to_html(&m.text),
            nonce: if buttons.is_empty() { None } else { m.nonce },
            buttons,
            expires: None,
        }
    }
}

fn send_plain(text: String) -> Out {
    Out::text(text)
}

/// A deep-link payload: A–Z, a–z, 0–9, `_` and `-`, at most 64.
pub fn valid_payload(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 64
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
