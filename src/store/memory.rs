use super::{Store, StoreError};
use crate::engine::Session;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Keeps everything in memory; for tests.
#[derive(Default)]
pub struct MemoryStore {
    sessions: Mutex<BTreeMap<i64, Session>>,
}

impl Store for MemoryStore {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError> {
        Ok(self
            .sessions
            .lock()
            .map_err(|e| StoreError::Other(e.to_string()))?
            .get(&chat)
            .cloned())
    }

    fn save(&self, chat: i64, session: &Session) -> Result<(), StoreError> {
        self.sessions
            .lock()
            .map_err(|e| StoreError::Other(e.to_string()))?
            .insert(chat, session.clone());
        Ok(())
    }

    fn delete_chat(&self, chat: i64) -> Result<(), StoreError> {
        self.sessions
            .lock()
            .map_err(|e| StoreError::Other(e.to_string()))?
            .remove(&chat);
        Ok(())
    }

    fn sessions(&self) -> Result<Vec<(i64, Session)>, StoreError> {
        Ok(self
            .sessions
            .lock()
            .map_err(|e| StoreError::Other(e.to_string()))?
            .iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect())
    }
}
