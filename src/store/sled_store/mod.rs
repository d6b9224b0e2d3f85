mod extra;
mod keys;
mod read;
mod write;

use super::vault::Vault;

use crate::checkin::Record;
use crate::engine::Session;
use crate::outbox::Out;
use crate::store::overlay::{decide_all, done};
use crate::store::{
    About, ClinicWrite, Commit, Decide, Done, Dump, Entry, Job, LAYOUT, Leases, Shown, Store,
    StoreError, Tx,
};
use keys::*;
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};
use std::path::Path;
use std::sync::Mutex;

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        StoreError::Backend(e.to_string())
    }
}

/// The embedded sled store, under the configured data directory.
///
/// Trees (all `v1/…`): `sessions` (chat → session), `outbox` (chat, seq →
/// entry), `shown` (chat, nonce → question message), `inbox` (update id →
/// when it was handled), `meta` (the audit salt; the update high-water mark
/// of stores written before the inbox), `audit` (append-only deletion records),
/// `checkins` (chat → check-in record) and `due` (due instant big-endian, then
/// chat → nothing: the time-ordered schedule index), `clinics` (staff,
/// enrolment codes, single-patient links, shared summaries and the staff
/// audit: see [`clinic_keys`]).
pub struct SledStore {
    db: sled::Db,
    sessions: sled::Tree,
    outbox: sled::Tree,
    shown: sled::Tree,
    meta: sled::Tree,
    audit: sled::Tree,
    checkins: sled::Tree,
    due: sled::Tree,
    clinics: sled::Tree,
    inbox: sled::Tree,
    /// Updates a webhook received and no job has decided yet.
    received: sled::Tree,
    /// Held for a whole transaction (decisions and writes): sled is opened
    /// by one process, and one transaction at a time keeps one-time codes
    /// and links consistent without retries.
    turn: Mutex<()>,
    claims: Leases,
    due_claims: Leases,
    /// Named leases: sled is one process's own, so they live in memory.
    leases: Mutex<std::collections::HashMap<String, i64>>,
    /// The chats' keys: personal values are sealed with them.
    vault: Vault,
}

/// One tree of a backup: (kind, name, key/value rows), as sled exports it.
pub type ExportedTree = (Vec<u8>, Vec<u8>, Vec<Vec<Vec<u8>>>);

/// The backup's pseudo-tree of the chats' keys (not a sled tree).
const KEYS: &[u8] = b"restride/keys";

const LAST_UPDATE: &[u8] = b"last_update";
const SALT: &[u8] = b"audit_salt";

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
            .cache_capacity(cache_mb.max(1) * 1024 * 1024)
            .open()
            .map_err(|e| {
                let locked = match &e {
                    sled::Error::Io(io) => {
                        io.kind() == std::io::ErrorKind::WouldBlock
                            || io.raw_os_error() == Some(11)
                            || io.to_string().contains("could not acquire lock")
                    }
                    _ => false,
                };
                if locked {
                    StoreError::Other(format!(
                        "the store in {} is in use by another Restride process (a running bot?); stop it first",
                        dir.display()
                    ))
                } else {
                    StoreError::from(e)
                }
            })?;
        let tree = |name: &str| db.open_tree(format!("{LAYOUT}/{name}"));
        let store = SledStore {
            sessions: tree("sessions")?,
            outbox: tree("outbox")?,
            shown: tree("shown")?,
            meta: tree("meta")?,
            audit: tree("audit")?,
            checkins: tree("checkins")?,
            due: tree("due")?,
            clinics: tree("clinics")?,
            inbox: tree("inbox")?,
            received: tree("received")?,
            db,
            vault: Vault::open(dir)?,
            turn: Mutex::new(()),
            claims: Leases::default(),
            due_claims: Leases::default(),
            leases: Mutex::default(),
        };
        if store.meta.get(SALT)?.is_none() {
            // The secret behind clinic references, deletion records and log
            // hashes: from the operating system's random source.
            let mut salt = [0u8; 32];
            getrandom::fill(&mut salt)
                .map_err(|e| StoreError::Other(format!("no random source: {e}")))?;
            store.meta.insert(SALT, &salt)?;
            store.db.flush()?;
        }
        restrict_files(dir);
        Ok(store)
    }

    /// The sled database itself (for `restride restore`'s checks).
    pub fn db(&self) -> &sled::Db {
        &self.db
    }

    /// sled's own export and the chats' keys, for `restride backup`.
    pub fn export(&self) -> Result<Vec<ExportedTree>, StoreError> {
        let mut data: Vec<ExportedTree> = self
            .db
            .export()
            .into_iter()
            .map(|(kind, name, items)| (kind, name, items.collect()))
            .collect();
        let keys = self.vault.export()?;
        let rows = keys
            .into_iter()
            .map(|(chat, key)| vec![chat.to_be_bytes().to_vec(), key.to_vec()])
            .collect();
        data.push((KEYS.to_vec(), KEYS.to_vec(), rows));
        Ok(data)
    }

    /// A backup written into `dir`, which must hold no store yet.
    pub fn import(dir: &Path, data: Vec<ExportedTree>) -> Result<(), StoreError> {
        let (keys, trees): (Vec<_>, Vec<_>) = data.into_iter().partition(|(_, n, _)| n == KEYS);
        let db = sled::Config::new().path(dir).open()?;
        db.import(
            trees
                .into_iter()
                .map(|(k, n, items)| (k, n, items.into_iter()))
                .collect(),
        );
        db.flush()?;
        drop(db);
        let keys: Vec<(i64, [u8; 32])> = keys
            .into_iter()
            .flat_map(|(_, _, rows)| rows)
            .filter_map(|row| {
                let chat = i64::from_be_bytes(row.first()?.as_slice().try_into().ok()?);
                Some((chat, row.get(1)?.as_slice().try_into().ok()?))
            })
            .collect();
        Vault::open(dir)?.import(&keys)
    }

    /// Bytes the store takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }
}

#[cfg(unix)]
fn restrict_files(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fn walk(p: &Path) {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                let path = e.path();
                if path.is_dir() {
                    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700));
                    walk(&path);
                } else {
                    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
                }
            }
        }
    }
    walk(dir);
}

#[cfg(not(unix))]
fn restrict_files(_: &Path) {}

/// The head of an outbox value: whom it is about, and where the sealed
/// message starts. `None`: a value written before envelopes (JSON).
fn header(v: &[u8]) -> Option<(Option<About>, usize)> {
    if v.first() != Some(&ENVELOPE) || v.len() < 11 {
        return None;
    }
    let chat = i64::from_be_bytes(v[2..10].try_into().ok()?);
    let len = usize::from(v[10]);
    let clinic = std::str::from_utf8(v.get(11..11 + len)?).ok()?;
    let about = (v[1] == 1).then(|| About {
        chat,
        clinic: clinic.to_owned(),
    });
    Some((about, 11 + len))
}

/// The first byte of an outbox envelope.
const ENVELOPE: u8 = 2;

fn prefix_keys(tree: &sled::Tree, chat: i64) -> Result<Vec<sled::IVec>, StoreError> {
    tree.scan_prefix(chat_key(chat))
        .keys()
        .collect::<Result<Vec<_>, _>>()
        .map_err(StoreError::from)
}

impl Store for SledStore {
    fn transact(&self, jobs: &[Job], decide: &mut Decide<'_>) -> Result<Vec<Done>, StoreError> {
        let _turn = self.turn.lock().unwrap_or_else(|e| e.into_inner());
        let handled = |u: i64| self.handled(u);
        let (commits, slots) = decide_all(self, &handled, jobs, decide)?;
        self.apply(&commits)?;
        // Received updates go once decided (or found handled before): one
        // left by a crash in between is found handled next time.
        for u in jobs.iter().filter_map(|j| j.update) {
            self.received.remove(u.to_be_bytes())?;
        }
        Ok(done(commits, slots))
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    fn last_update(&self) -> Result<Option<i64>, StoreError> {
        let newest = self
            .inbox
            .last()?
            .and_then(|(k, _)| <[u8; 8]>::try_from(k.as_ref()).ok())
            .map(i64::from_be_bytes);
        Ok(newest.max(self.legacy_last()?))
    }

    fn claim_outbox(&self, chat: i64, now: i64) -> Result<Vec<(u64, Out)>, StoreError> {
        let mut out = Vec::new();
        for (seq, o) in self.outbox(chat)? {
            if self.claims.take((chat, seq as i64), now) {
                out.push((seq, o));
            }
        }
        Ok(out)
    }

    fn renew_claim(
        &self,
        chat: i64,
        seqs: &[u64],
        since: i64,
        now: i64,
    ) -> Result<Vec<u64>, StoreError> {
        let mut held = Vec::new();
        for &seq in seqs {
            if self.outbox.contains_key(seq_key(chat, seq))?
                && self.claims.renew((chat, seq as i64), since, now)
            {
                held.push(seq);
            }
        }
        Ok(held)
    }

    fn ack(&self, chat: i64, seq: u64) -> Result<(), StoreError> {
        self.outbox.remove(seq_key(chat, seq))?;
        self.claims.release((chat, seq as i64));
        Ok(())
    }

    fn outbox(&self, chat: i64) -> Result<Vec<(u64, Out)>, StoreError> {
        let mut out = Vec::new();
        for kv in self.outbox.scan_prefix(chat_key(chat)) {
            let (k, v) = kv?;
            let seq = u64::from_be_bytes(k[8..16].try_into().unwrap_or([0; 8]));
            match self.entry(chat, &v)? {
                Some(e) => out.push((seq, e.out)),
                // About someone whose key is gone: nothing to send.
                None => {
                    self.outbox.remove(k)?;
                }
            }
        }
        Ok(out)
    }

    fn release(&self, chat: i64, seqs: &[u64], since: i64) {
        for seq in seqs {
            self.claims.give_back((chat, *seq as i64), since);
        }
    }

    fn due_before(&self, now: i64, limit: usize) -> Result<Vec<(i64, i64)>, StoreError> {
        self.due
            .range(..=due_key(now, i64::MAX))
            .keys()
            .take(limit)
            .map(|k| Ok(from_due_key(&k?)))
            .collect()
    }

    fn prune_inbox(&self, before: i64) -> Result<usize, StoreError> {
        // The newest stays: long polling resumes after it.
        let newest = self.inbox.last()?.map(|(k, _)| k);
        let mut n = 0;
        for kv in self.inbox.iter() {
            let (k, v) = kv?;
            let at = <[u8; 8]>::try_from(v.as_ref()).map_or(0, i64::from_be_bytes);
            if at < before && Some(&k) != newest.as_ref() {
                self.inbox.remove(k)?;
                n += 1;
            }
        }
        Ok(n)
    }

    fn outbox_chats(&self) -> Result<Vec<i64>, StoreError> {
        let mut chats = Vec::new();
        for k in self.outbox.iter().keys() {
            let k = k?;
            let chat = i64::from_be_bytes(k[..8].try_into().unwrap_or([0; 8]));
            if chats.last() != Some(&chat) {
                chats.push(chat);
            }
        }
        Ok(chats)
    }

    fn claim_due(&self, now: i64, limit: usize) -> Result<Vec<(i64, i64)>, StoreError> {
        let mut out = Vec::new();
        for k in self.due.range(..=due_key(now, i64::MAX)).keys() {
            if out.len() >= limit {
                break;
            }
            let (due, chat) = from_due_key(&k?);
            if self.due_claims.take((due, chat), now) {
                out.push((due, chat));
            }
        }
        Ok(out)
    }

    fn remember_shown(&self, chat: i64, nonce: u32, shown: &Shown) -> Result<(), StoreError> {
        self.shown
            .insert(nonce_key(chat, nonce), self.sealed(chat, shown)?)?;
        Ok(())
    }

    fn shown(&self, chat: i64, nonce: u32) -> Result<Option<Shown>, StoreError> {
        self.get(&self.shown, chat, nonce_key(chat, nonce))
    }

    fn forget_shown(&self, chat: i64, nonce: u32) -> Result<(), StoreError> {
        self.shown.remove(nonce_key(chat, nonce))?;
        Ok(())
    }

    fn read(&self) -> &dyn Tx {
        self
    }

    fn sessions(&self) -> Result<Vec<(i64, Session)>, StoreError> {
        self.all(&self.sessions)
    }

    fn session_chats(&self, after: Option<i64>, limit: usize) -> Result<Vec<i64>, StoreError> {
        // Key by key with `get_gt`, not one iterator: sled 0.34.7 keeps every page an
        // iterator walks in memory whatever its cache size (a scan of 100,000 sessions
        // took the process to 233 MB), while point lookups stay within the cache (74 MB).
        let mut chats = Vec::new();
        let mut at: Option<sled::IVec> = after.map(|c| sled::IVec::from(&chat_key(c)));
        while chats.len() < limit {
            let next = match &at {
                None => self.sessions.first()?,
                Some(k) => self.sessions.get_gt(k)?,
            };
            let Some((k, _)) = next else {
                break;
            };
            chats.push(i64::from_be_bytes(k[..8].try_into().unwrap_or([0; 8])));
            at = Some(k);
        }
        Ok(chats)
    }

    fn checkins(&self) -> Result<Vec<(i64, Record)>, StoreError> {
        self.all(&self.checkins)
    }

    fn chat_keys(&self, chat: i64) -> Result<usize, StoreError> {
        let mut n = usize::from(self.sessions.contains_key(chat_key(chat))?)
            + usize::from(self.checkins.contains_key(chat_key(chat))?);
        // The schedule index is keyed by time first; a full scan is fine for this check.
        for k in self.due.iter().keys() {
            if from_due_key(&k?).1 == chat {
                n += 1;
            }
        }
        for t in [&self.outbox, &self.shown] {
            n += t.scan_prefix(chat_key(chat)).count();
        }
        Ok(n + self.clinic_keys_of(chat)?.len())
    }

    fn audit(&self) -> Result<Vec<String>, StoreError> {
        self.audit
            .iter()
            .values()
            .map(|v| Ok(String::from_utf8_lossy(&v?).into_owned()))
            .collect()
    }

    fn salt(&self) -> Result<Vec<u8>, StoreError> {
        Ok(self.meta.get(SALT)?.map(|v| v.to_vec()).unwrap_or_default())
    }

    fn receive(&self, update: i64, chat: i64, body: &[u8], now: i64) -> Result<bool, StoreError> {
        self.receive_update(update, chat, body, now)
    }

    fn received(&self, chat: i64) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        self.received_of(chat)
    }

    fn received_chats(&self, before: i64) -> Result<Vec<i64>, StoreError> {
        self.received_before(before)
    }

    fn known(&self, update: i64) -> Result<bool, StoreError> {
        Ok(self.handled(update)? || self.received.contains_key(update.to_be_bytes())?)
    }

    fn take_lease(&self, name: &str, now: i64, until: i64) -> Result<bool, StoreError> {
        Ok(self.lease(name, now, until))
    }

    fn dump(&self) -> Result<Dump, StoreError> {
        self.dump_all()
    }
}

impl SledStore {
    /// A value sealed with the key of the chat it is about.
    fn sealed<T: serde::Serialize>(&self, chat: i64, value: &T) -> Result<Vec<u8>, StoreError> {
        self.vault.seal(chat, &serde_json::to_vec(value)?)
    }

    /// A stored value of `chat`, unsealed (`None`: absent, or her key is gone).
    pub(super) fn value<T: serde::de::DeserializeOwned>(
        &self,
        chat: i64,
        stored: &[u8],
    ) -> Result<Option<T>, StoreError> {
        match self.vault.open_value(chat, stored)? {
            Some(plain) => Ok(Some(serde_json::from_slice(&plain)?)),
            None => Ok(None),
        }
    }

    pub(super) fn get<T: serde::de::DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        chat: i64,
        key: impl AsRef<[u8]>,
    ) -> Result<Option<T>, StoreError> {
        match tree.get(key)? {
            Some(v) => self.value(chat, &v),
            None => Ok(None),
        }
    }

    /// Every value of a tree keyed by chat.
    fn all<T: serde::de::DeserializeOwned>(
        &self,
        tree: &sled::Tree,
    ) -> Result<Vec<(i64, T)>, StoreError> {
        let mut out = Vec::new();
        for kv in tree.iter() {
            let (k, v) = kv?;
            let chat = i64::from_be_bytes(k[..8].try_into().unwrap_or([0; 8]));
            if let Some(value) = self.value(chat, &v)? {
                out.push((chat, value));
            }
        }
        Ok(out)
    }

    /// An outbox entry for `to`: `[2][1 if about someone][chat][clinic
    /// length][clinic][message sealed with the key of the chat it is about]`.
    fn envelope(&self, to: i64, about: Option<&About>, out: &Out) -> Result<Vec<u8>, StoreError> {
        let (flag, chat, clinic) = match about {
            Some(a) => (1, a.chat, a.clinic.as_bytes()),
            None => (0, to, &b""[..]),
        };
        let clinic = &clinic[..clinic.len().min(255)];
        let mut v = vec![ENVELOPE, flag];
        v.extend_from_slice(&chat.to_be_bytes());
        v.push(clinic.len() as u8);
        v.extend_from_slice(clinic);
        v.extend_from_slice(&self.vault.seal(chat, &serde_json::to_vec(out)?)?);
        Ok(v)
    }

    /// An outbox value read back (`None`: the key of whom it is about is gone).
    fn entry(&self, to: i64, v: &[u8]) -> Result<Option<Entry>, StoreError> {
        let Some((about, start)) = header(v) else {
            // From before envelopes: an Entry or a bare message, as JSON.
            return Ok(Some(match serde_json::from_slice::<Entry>(v) {
                Ok(e) => e,
                Err(_) => Entry {
                    about: None,
                    out: serde_json::from_slice(v)?,
                },
            }));
        };
        let chat = about.as_ref().map_or(to, |a| a.chat);
        Ok(self
            .value::<Out>(chat, &v[start..])?
            .map(|out| Entry { about, out }))
    }
}
