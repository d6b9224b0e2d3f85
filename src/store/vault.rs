//! Crypto-shredding for the store on disk. sled is log-structured: a value it
//! removes stays in its files until the space is reused. So every personal
//! value is sealed (XChaCha20-Poly1305) with a key of the chat it is about,
//! and the key is kept apart, one small file per chat under `keys/`. `/delete`
//! removes the file first: what is left in sled's files can no longer be read.

use super::StoreError;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The first byte of a sealed value (a JSON value starts with `{` or `[`).
const SEALED: u8 = 1;
const NONCE: usize = 24;

/// The keys of the chats, in `<data>/keys/<chat>`.
pub struct Vault {
    dir: PathBuf,
    cache: Mutex<HashMap<i64, [u8; 32]>>,
}

fn err(what: &str, path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Other(format!("{what} {}: {e}", path.display()))
}

impl Vault {
    /// The keys under `data/keys` (created with mode 0700).
    pub fn open(data: &Path) -> Result<Vault, StoreError> {
        let dir = data.join("keys");
        std::fs::create_dir_all(&dir).map_err(|e| err("cannot create", &dir, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| err("cannot restrict", &dir, e))?;
        }
        Ok(Vault {
            dir,
            cache: Mutex::new(HashMap::new()),
        })
    }

    fn path(&self, chat: i64) -> PathBuf {
        self.dir.join(chat.to_string())
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<i64, [u8; 32]>> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Her key, if she has one.
    fn key(&self, chat: i64) -> Result<Option<[u8; 32]>, StoreError> {
        if let Some(k) = self.cache().get(&chat) {
            return Ok(Some(*k));
        }
        let path = self.path(chat);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let key: [u8; 32] = bytes
                    .try_into()
                    .map_err(|_| err("a key file is damaged:", &path, "not 32 bytes"))?;
                self.cache().insert(chat, key);
                Ok(Some(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(err("cannot read", &path, e)),
        }
    }

    /// Her key, made (and written durably) if she has none yet.
    fn key_or_new(&self, chat: i64) -> Result<[u8; 32], StoreError> {
        if let Some(k) = self.key(chat)? {
            return Ok(k);
        }
        let key = new_key()?;
        self.write(chat, &key)?;
        self.cache().insert(chat, key);
        Ok(key)
    }

    fn write(&self, chat: i64, key: &[u8; 32]) -> Result<(), StoreError> {
        let path = self.path(chat);
        let tmp = self.dir.join(format!(".{chat}.new"));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp).map_err(|e| err("cannot write", &tmp, e))?;
        f.write_all(key)
            .and_then(|_| f.sync_all())
            .map_err(|e| err("cannot write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| err("cannot write", &path, e))?;
        self.sync_dir()
    }

    fn sync_dir(&self) -> Result<(), StoreError> {
        std::fs::File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| err("cannot sync", &self.dir, e))
    }

    /// Destroys her key: every value sealed with it becomes unreadable.
    pub fn destroy(&self, chat: i64) -> Result<(), StoreError> {
        self.cache().remove(&chat);
        let path = self.path(chat);
        match std::fs::remove_file(&path) {
            Ok(()) => self.sync_dir(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(err("cannot remove", &path, e)),
        }
    }

    /// `plain` sealed with the key of `chat` (made if she has none).
    pub fn seal(&self, chat: i64, plain: &[u8]) -> Result<Vec<u8>, StoreError> {
        seal_with(&self.key_or_new(chat)?, chat, plain)
    }

    /// A stored value of `chat` as plain bytes: unsealed, or as it is if it
    /// was written before values were sealed. `None`: her key is gone.
    pub fn open_value(&self, chat: i64, stored: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if stored.first() != Some(&SEALED) {
            return Ok(Some(stored.to_vec()));
        }
        open_with(self.key(chat)?.as_ref(), chat, stored)
    }

    /// Every key, for a backup.
    pub fn export(&self) -> Result<Vec<(i64, [u8; 32])>, StoreError> {
        let mut out = Vec::new();
        let rd = std::fs::read_dir(&self.dir).map_err(|e| err("cannot read", &self.dir, e))?;
        for e in rd {
            let e = e.map_err(|e| err("cannot read", &self.dir, e))?;
            let Some(chat) = e.file_name().to_str().and_then(|n| n.parse::<i64>().ok()) else {
                continue;
            };
            if let Some(k) = self.key(chat)? {
                out.push((chat, k));
            }
        }
        out.sort_unstable_by_key(|(c, _)| *c);
        Ok(out)
    }

    /// Writes keys from a backup.
    pub fn import(&self, keys: &[(i64, [u8; 32])]) -> Result<(), StoreError> {
        for (chat, key) in keys {
            self.write(*chat, key)?;
        }
        Ok(())
    }
}

/// A new key from the operating system's random source.
pub fn new_key() -> Result<[u8; 32], StoreError> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| StoreError::Other(format!("no random source: {e}")))?;
    Ok(key)
}

/// `plain` sealed (XChaCha20-Poly1305, the chat id as associated data) with `key`.
pub fn seal_with(key: &[u8; 32], chat: i64, plain: &[u8]) -> Result<Vec<u8>, StoreError> {
    let mut nonce = [0u8; NONCE];
    getrandom::fill(&mut nonce).map_err(|e| StoreError::Other(format!("no random source: {e}")))?;
    let aad = chat.to_be_bytes();
    let sealed = XChaCha20Poly1305::new(key.into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: &aad,
            },
        )
        .map_err(|_| StoreError::Other("sealing a value failed".into()))?;
    let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
    out.push(SEALED);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// A value sealed by [`seal_with`], opened with `key` (`None`: the key is gone).
pub fn open_with(
    key: Option<&[u8; 32]>,
    chat: i64,
    stored: &[u8],
) -> Result<Option<Vec<u8>>, StoreError> {
    let Some(key) = key else {
        return Ok(None);
    };
    if stored.first() != Some(&SEALED) || stored.len() < 1 + NONCE {
        return Err(StoreError::Other("a sealed value is cut short".into()));
    }
    let aad = chat.to_be_bytes();
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(&stored[1..1 + NONCE]),
            Payload {
                msg: &stored[1 + NONCE..],
                aad: &aad,
            },
        )
        .map(Some)
        .map_err(|_| StoreError::Other("a sealed value does not open with its key".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_with_her_key_only_until_it_is_destroyed() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::open(dir.path()).unwrap();
        let plain = br#"{"weight_kg":143}"#;
        let sealed = v.seal(7, plain).unwrap();
        assert!(!sealed.windows(plain.len()).any(|w| w == plain));
        assert_eq!(v.open_value(7, &sealed).unwrap().unwrap(), plain);
        // Another chat's key does not open it (nor does a swapped record).
        v.seal(8, b"x").unwrap();
        assert!(v.open_value(8, &sealed).is_err());
        // A fresh vault on the same directory reads the key from its file.
        let again = Vault::open(dir.path()).unwrap();
        assert_eq!(again.open_value(7, &sealed).unwrap().unwrap(), plain);
        v.destroy(7).unwrap();
        assert_eq!(v.open_value(7, &sealed).unwrap(), None);
        assert!(!dir.path().join("keys/7").exists());
        // A value from before sealing reads as it is.
        assert_eq!(v.open_value(9, b"{}").unwrap().unwrap(), b"{}");
        assert_eq!(v.export().unwrap().len(), 1);
    }
}
