//! Storage behind a small trait: sled on disk, or memory for tests.

mod memory;
mod sled_store;

pub use memory::MemoryStore;
pub use sled_store::SledStore;

use crate::engine::Session;

/// Keys are versioned so the layout can migrate: `v1/...`.
pub const LAYOUT: &str = "v1";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage: {0}")]
    Sled(#[from] sled::Error),
    #[error("stored data is unreadable: {0}")]
    Decode(#[from] serde_json::Error),
    #[error("{0}")]
    Other(String),
}

/// What a chat has stored.
pub trait Store: Send + Sync {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError>;
    /// Saves a session and makes it durable before returning.
    fn save(&self, chat: i64, session: &Session) -> Result<(), StoreError>;
    /// Removes every key of the chat.
    fn delete_chat(&self, chat: i64) -> Result<(), StoreError>;
    /// Every stored session, for `restride check --data`.
    fn sessions(&self) -> Result<Vec<(i64, Session)>, StoreError>;
}

#[cfg(test)]
mod conformance {
    use super::*;

    fn run(store: &dyn Store) {
        assert!(store.session(7).unwrap().is_none());
        let s = Session::new("intake", 1, "h", 100);
        store.save(7, &s).unwrap();
        store.save(8, &s).unwrap();
        assert_eq!(store.session(7).unwrap(), Some(s.clone()));
        assert_eq!(store.sessions().unwrap().len(), 2);
        store.delete_chat(7).unwrap();
        assert!(store.session(7).unwrap().is_none());
        assert_eq!(store.sessions().unwrap().len(), 1);
    }

    #[test]
    fn memory() {
        run(&MemoryStore::default());
    }

    #[test]
    fn sled() {
        let dir = tempfile::tempdir().unwrap();
        run(&SledStore::open(dir.path(), 8).unwrap());
    }
}
