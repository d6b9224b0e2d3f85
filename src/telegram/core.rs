//! From a Telegram update to one decision of the service, applied as one
//! transaction of the store. Telegram only: what an update means, and the
//! tap handles (callback query and message) the replies refer to.

use super::callback::decode_action;
use crate::outbox::Tap;
use crate::service::{In, Service};
use crate::store::{Commit, Done, Job, Store, StoreError};
use std::sync::Arc;
use teloxide::types::{Update, UpdateKind};

pub use crate::service::MAX_TEXT;

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

    /// The service's input (None: nothing to decide).
    pub fn input(self) -> Option<(i64, In)> {
        Some(match self {
            Incoming::Text { chat, text } => (chat, In::Text(text)),
            Incoming::Callback {
                chat,
                id,
                message_id,
                data,
            } => (
                chat,
                In::Tap {
                    action: decode_action(&data),
                    tap: Tap {
                        id,
                        message: message_id,
                    },
                },
            ),
            Incoming::Media { chat } => (chat, In::Media),
            Incoming::NotPrivate { chat } => (chat, In::NotPrivate),
            Incoming::Ignore => return None,
        })
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
        // Channels are left alone.
        _ => Incoming::Ignore,
    }
}

/// The service and the store, as the Telegram adapter uses them.
pub struct Core {
    pub service: Arc<Service>,
    pub store: Arc<dyn Store>,
}

impl std::ops::Deref for Core {
    type Target = Service;
    fn deref(&self) -> &Service {
        &self.service
    }
}

impl Core {
    /// Decides one update and applies it (not yet durable: the caller
    /// flushes). The applied writes; empty for an update handled before.
    pub fn handle(&self, update_id: i64, inc: Incoming, now: i64) -> Result<Commit, StoreError> {
        self.handle_in(update_id, inc, None, now)
    }

    /// [`Core::handle`], with the language her app is set to.
    pub fn handle_in(
        &self,
        update_id: i64,
        inc: Incoming,
        app_lang: Option<String>,
        now: i64,
    ) -> Result<Commit, StoreError> {
        let Some((chat, input)) = inc.input() else {
            // Nothing to decide, but the update counts as handled.
            let done = self.store.transact_one(
                Job {
                    chat: 0,
                    update: Some(update_id),
                },
                &mut |_| Ok(Commit::default()),
            )?;
            return Ok(applied(done));
        };
        let done = self.service.apply_in(
            &*self.store,
            chat,
            Some(update_id),
            input,
            app_lang.as_deref(),
            now,
        )?;
        Ok(applied(done))
    }

    /// The check-in worker's step.
    pub fn tick(&self, now: i64) -> Result<Vec<i64>, StoreError> {
        self.service.tick(&*self.store, now)
    }

    /// The retention sweep, whole.
    pub fn retention_sweep(&self, now: i64) -> Result<Vec<i64>, StoreError> {
        self.service.retention_sweep(&*self.store, now)
    }

    /// The engine environment (dialogs and configured numbers).
    pub fn env_for_tests(&self) -> crate::engine::Env<'_> {
        self.service.env()
    }

    /// Her check-in record.
    pub fn record(&self, chat: i64) -> Result<Option<crate::checkin::Record>, StoreError> {
        self.store.checkin(chat)
    }
}

fn applied(done: Done) -> Commit {
    match done {
        Done::Applied(c) => c,
        Done::Duplicate => Commit::default(),
    }
}

/// A deep-link payload: A–Z, a–z, 0–9, `_` and `-`, at most 64.
pub fn valid_payload(p: &str) -> bool {
    crate::clinic::valid_payload(p)
}
