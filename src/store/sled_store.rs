use super::{LAYOUT, Store, StoreError};
use crate::engine::Session;
use std::path::Path;

/// The embedded sled store, under the configured data directory.
pub struct SledStore {
    db: sled::Db,
    sessions: sled::Tree,
}

impl SledStore {
    /// Opens (or creates, with mode 0700) the store in `dir`.
    pub fn open(dir: &Path, cache_mb: u64) -> Result<SledStore, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Other(format!("cannot create {}: {e}", dir.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
        let db = sled::Config::new()
            .path(dir)
            .cache_capacity(cache_mb * 1024 * 1024)
            .open()
            .map_err(|e| match e {
                sled::Error::Io(io)
                    if io.kind() == std::io::ErrorKind::WouldBlock
                        || io.raw_os_error() == Some(11) =>
                {
                    StoreError::Other(format!(
                        "the store in {} is in use by another Restride process; stop it first",
                        dir.display()
                    ))
                }
                other => StoreError::Sled(other),
            })?;
        let sessions = db.open_tree(format!("{LAYOUT}/sessions"))?;
        Ok(SledStore { db, sessions })
    }
}

fn key(chat: i64) -> [u8; 8] {
    chat.to_be_bytes()
}

impl Store for SledStore {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError> {
        match self.sessions.get(key(chat))? {
            Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            None => Ok(None),
        }
    }

    fn save(&self, chat: i64, session: &Session) -> Result<(), StoreError> {
        self.sessions
            .insert(key(chat), serde_json::to_vec(session)?)?;
        self.db.flush()?;
        Ok(())
    }

    fn delete_chat(&self, chat: i64) -> Result<(), StoreError> {
        self.sessions.remove(key(chat))?;
        self.db.flush()?;
        Ok(())
    }

    fn sessions(&self) -> Result<Vec<(i64, Session)>, StoreError> {
        self.sessions
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                let mut b = [0u8; 8];
                b.copy_from_slice(&k[..8.min(k.len())]);
                Ok((i64::from_be_bytes(b), serde_json::from_slice(&v)?))
            })
            .collect()
    }
}
