//! Storage behind a small trait: sled on disk, or memory for tests. One
//! conformance suite runs against both.

mod memory;
mod sled_store;

pub use memory::MemoryStore;
pub use sled_store::SledStore;

use crate::checkin::Record;
use crate::engine::Session;
use crate::outbox::Out;
use serde::{Deserialize, Serialize};

/// Keys are versioned so the layout can migrate: every tree is `v1/<name>`.
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

/// Everything one update changes, written atomically.
#[derive(Debug, Default)]
pub struct Commit {
    pub chat: i64,
    /// The new session; `None` leaves it as it is.
    pub session: Option<Session>,
    /// Erase every key of the chat first (`/delete`).
    pub erase: bool,
    /// The update this commit handles (the high-water mark of handled updates).
    pub update_id: Option<i64>,
    pub outbox: Vec<Out>,
    /// An audit line to append (only for erasures: an opaque reference).
    pub audit: Option<String>,
    /// Her check-in record; the schedule index follows its `next_due`.
    pub checkin: Option<Record>,
    /// Writes to the clinics tree (staff, invites, links, shared summaries, staff audit).
    pub clinic: Vec<KvWrite>,
    /// Messages to other chats in the same commit (summaries to clinic staff).
    pub others: Vec<(i64, Out)>,
}

impl Commit {
    /// The chats this commit gives something to send.
    pub fn recipients(&self) -> Vec<i64> {
        let own = (!self.outbox.is_empty()).then_some(self.chat);
        let mut chats: Vec<i64> = own
            .into_iter()
            .chain(self.others.iter().map(|(to, _)| *to))
            .collect();
        chats.dedup();
        chats
    }
}

/// A key and its value, as stored.
pub type KeyValue = (Vec<u8>, Vec<u8>);

/// One write to the clinics tree (`v1/clinics`, see [`clinic_keys`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KvWrite {
    Put(Vec<u8>, Vec<u8>),
    Remove(Vec<u8>),
    /// Appends under a prefix with a fresh, increasing sequence number: the
    /// staff audit is written only this way and never removed.
    Append(Vec<u8>, Vec<u8>),
}

/// Key layout of the clinics tree. Keys that end in a chat id (shares and
/// staff) and single-patient links bound to a chat go with `/delete`.
pub mod clinic_keys {
    /// A shared intake summary: `s/<clinic>\0<chat>`.
    pub fn share(clinic: &str, chat: i64) -> Vec<u8> {
        [shares(clinic), chat.to_be_bytes().to_vec()].concat()
    }
    pub fn shares(clinic: &str) -> Vec<u8> {
        [b"s/", clinic.as_bytes(), b"\0"].concat()
    }
    /// A staff member: `t/<clinic>\0<user>`.
    pub fn staff(clinic: &str, user: i64) -> Vec<u8> {
        [staff_of(clinic), user.to_be_bytes().to_vec()].concat()
    }
    pub fn staff_of(clinic: &str) -> Vec<u8> {
        [b"t/", clinic.as_bytes(), b"\0"].concat()
    }
    pub const ALL_STAFF: &[u8] = b"t/";
    /// The kinds of keys that can belong to a chat (shares, staff, links).
    pub const PERSONAL: [&[u8]; 3] = [b"s/", b"t/", b"l/"];
    /// A one-time enrolment code, by the hex SHA-256 of the code.
    pub fn invite(hash: &str) -> Vec<u8> {
        [b"i/", hash.as_bytes()].concat()
    }
    /// A single-patient link token.
    pub fn link(token: &str) -> Vec<u8> {
        [b"l/", token.as_bytes()].concat()
    }
    /// The staff audit of a clinic: `a/<clinic>\0<seq>`.
    pub fn audit(clinic: &str) -> Vec<u8> {
        [b"a/", clinic.as_bytes(), b"\0"].concat()
    }
    /// The clinic a share or staff key names, and the chat it ends with.
    pub fn split(key: &[u8]) -> Option<(&str, i64)> {
        let rest = key.get(2..)?;
        let zero = rest.iter().position(|b| *b == 0)?;
        let clinic = std::str::from_utf8(&rest[..zero]).ok()?;
        let id = rest.get(zero + 1..)?;
        Some((clinic, i64::from_be_bytes(id.try_into().ok()?)))
    }

    /// Which keys of the clinics tree belong to `chat` (erased with her).
    pub fn of_chat(key: &[u8], value: &[u8], chat: i64) -> bool {
        if key.starts_with(b"s/") || key.starts_with(b"t/") {
            return split(key).is_some_and(|(_, c)| c == chat);
        }
        if key.starts_with(b"l/") {
            return serde_json::from_slice::<serde_json::Value>(value)
                .ok()
                .and_then(|v| v.get("bound").and_then(|b| b.as_i64()))
                == Some(chat);
        }
        false
    }
}

/// A question message as shown, so it can be edited later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub message_id: i32,
    pub text: String,
}

pub trait Store: Send + Sync {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError>;
    /// Applies a commit atomically (not yet durable: see `flush`).
    fn commit(&self, c: Commit) -> Result<(), StoreError>;
    /// Applies several commits, in order, as one atomic write (a batch of updates: one
    /// transaction instead of one each). Later commits see the earlier ones' writes.
    fn commit_all(&self, commits: Vec<Commit>) -> Result<(), StoreError> {
        for c in commits {
            self.commit(c)?;
        }
        Ok(())
    }
    /// Makes every earlier write durable.
    fn flush(&self) -> Result<(), StoreError>;
    /// The highest update id committed.
    fn last_update(&self) -> Result<Option<i64>, StoreError>;
    /// Unsent outbox entries of a chat, oldest first, with their sequence numbers.
    fn outbox(&self, chat: i64) -> Result<Vec<(u64, Out)>, StoreError>;
    /// Chats with unsent entries.
    fn outbox_chats(&self) -> Result<Vec<i64>, StoreError>;
    fn mark_sent(&self, chat: i64, seq: u64) -> Result<(), StoreError>;
    fn remember_shown(&self, chat: i64, nonce: u32, shown: &Shown) -> Result<(), StoreError>;
    fn shown(&self, chat: i64, nonce: u32) -> Result<Option<Shown>, StoreError>;
    /// Drops a question message's record once it can no longer be edited (answered). The
    /// default keeps it (a store in memory does not grow on disk).
    fn forget_shown(&self, chat: i64, nonce: u32) -> Result<(), StoreError> {
        let _ = (chat, nonce);
        Ok(())
    }
    /// Every stored session.
    fn sessions(&self) -> Result<Vec<(i64, Session)>, StoreError>;
    /// Up to `limit` chats with a stored session, in key order, after `after`
    /// (ids only: a sweep pages through them).
    fn session_chats(&self, after: Option<i64>, limit: usize) -> Result<Vec<i64>, StoreError>;
    /// How many keys, in any tree, belong to the chat (0 after `/delete`).
    fn chat_keys(&self, chat: i64) -> Result<usize, StoreError>;
    fn audit(&self) -> Result<Vec<String>, StoreError>;
    fn checkin(&self, chat: i64) -> Result<Option<Record>, StoreError>;
    /// Check-ins due at or before `now` (Unix seconds), earliest first: (due, chat).
    fn due_before(&self, now: i64, limit: usize) -> Result<Vec<(i64, i64)>, StoreError>;
    /// Every check-in record (for `restride schedule stats`).
    fn checkins(&self) -> Result<Vec<(i64, Record)>, StoreError>;
    fn clinic_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// Entries of the clinics tree under a prefix, in key order.
    fn clinic_scan(&self, prefix: &[u8]) -> Result<Vec<KeyValue>, StoreError>;
}

/// An opaque reference for a chat in the audit log: not reversible without
/// the store's own salt.
pub fn opaque_ref(salt: &[u8], chat: i64) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(salt);
    h.update(chat.to_be_bytes());
    h.finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod conformance {
    use super::*;

    fn send(text: &str) -> Out {
        Out::text(text.into())
    }

    fn run(store: &dyn Store) {
        assert!(store.session(7).unwrap().is_none());
        assert_eq!(store.last_update().unwrap(), None);
        let s = Session::new("intake", 1, "h", 100);
        store
            .commit(Commit {
                chat: 7,
                session: Some(s.clone()),
                update_id: Some(10),
                outbox: vec![send("a"), send("b")],
                ..Commit::default()
            })
            .unwrap();
        store
            .commit(Commit {
                chat: 8,
                session: Some(s.clone()),
                update_id: Some(11),
                outbox: vec![send("c")],
                ..Commit::default()
            })
            .unwrap();
        store.flush().unwrap();
        assert_eq!(store.session(7).unwrap(), Some(s.clone()));
        assert_eq!(store.last_update().unwrap(), Some(11));
        assert_eq!(store.sessions().unwrap().len(), 2);
        assert_eq!(store.session_chats(None, 1).unwrap(), vec![7]);
        assert_eq!(store.session_chats(Some(7), 10).unwrap(), vec![8]);
        assert!(store.session_chats(Some(8), 10).unwrap().is_empty());
        let out = store.outbox(7).unwrap();
        assert_eq!(
            out.iter().map(|(_, o)| o.clone()).collect::<Vec<_>>(),
            vec![send("a"), send("b")]
        );
        assert!(out[0].0 < out[1].0);
        assert_eq!(store.outbox_chats().unwrap(), vec![7, 8]);
        store.mark_sent(7, out[0].0).unwrap();
        assert_eq!(store.outbox(7).unwrap().len(), 1);
        let shown = Shown {
            message_id: 5,
            text: "q".into(),
        };
        store.remember_shown(7, 3, &shown).unwrap();
        assert_eq!(store.shown(7, 3).unwrap(), Some(shown));
        assert!(store.chat_keys(7).unwrap() >= 3);

        store
            .commit(Commit {
                chat: 7,
                erase: true,
                update_id: Some(12),
                outbox: vec![send("deleted")],
                audit: Some("deleted ref".into()),
                ..Commit::default()
            })
            .unwrap();
        assert!(store.session(7).unwrap().is_none());
        assert!(store.shown(7, 3).unwrap().is_none());
        // Only the confirmation waits in the outbox; once sent, nothing is left.
        let left = store.outbox(7).unwrap();
        assert_eq!(left.len(), 1);
        store.mark_sent(7, left[0].0).unwrap();
        assert_eq!(store.chat_keys(7).unwrap(), 0);
        assert_eq!(store.sessions().unwrap().len(), 1);
        assert_eq!(store.audit().unwrap(), vec!["deleted ref".to_owned()]);
        assert_eq!(store.last_update().unwrap(), Some(12));
    }

    fn schedule(store: &dyn Store) {
        let rec = |due: Option<i64>| Record {
            next_due: due,
            ..Record::default()
        };
        for (chat, due) in [(1, 500), (2, 100), (3, 300)] {
            store
                .commit(Commit {
                    chat,
                    checkin: Some(rec(Some(due))),
                    ..Commit::default()
                })
                .unwrap();
        }
        assert_eq!(store.due_before(300, 10).unwrap(), vec![(100, 2), (300, 3)]);
        // Moving a check-in moves its index entry.
        store
            .commit(Commit {
                chat: 2,
                checkin: Some(rec(Some(900))),
                ..Commit::default()
            })
            .unwrap();
        assert_eq!(
            store.due_before(1000, 10).unwrap(),
            vec![(300, 3), (500, 1), (900, 2)]
        );
        assert_eq!(store.due_before(1000, 1).unwrap().len(), 1);
        store
            .commit(Commit {
                chat: 3,
                erase: true,
                ..Commit::default()
            })
            .unwrap();
        assert_eq!(
            store.due_before(1000, 10).unwrap(),
            vec![(500, 1), (900, 2)]
        );
        assert!(store.checkin(3).unwrap().is_none());
        assert_eq!(store.chat_keys(3).unwrap(), 0);
        assert_eq!(store.checkins().unwrap().len(), 2);
    }

    fn clinics(store: &dyn Store) {
        let put = |k: Vec<u8>, v: &str| KvWrite::Put(k, v.as_bytes().to_vec());
        let staff = Out::text("summary".into());
        store
            .commit(Commit {
                chat: 7,
                clinic: vec![
                    put(clinic_keys::share("north", 7), "{}"),
                    put(clinic_keys::share("north", 8), "{}"),
                    put(clinic_keys::staff("north", 900), "{}"),
                    put(clinic_keys::link("tok"), r#"{"bound":7}"#),
                    KvWrite::Append(clinic_keys::audit("north"), b"one".to_vec()),
                    KvWrite::Append(clinic_keys::audit("north"), b"two".to_vec()),
                ],
                others: vec![(900, staff.clone())],
                ..Commit::default()
            })
            .unwrap();
        assert_eq!(
            store
                .clinic_scan(&clinic_keys::shares("north"))
                .unwrap()
                .len(),
            2
        );
        let audit: Vec<Vec<u8>> = store
            .clinic_scan(&clinic_keys::audit("north"))
            .unwrap()
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        assert_eq!(
            audit,
            vec![b"one".to_vec(), b"two".to_vec()],
            "appended in order"
        );
        assert_eq!(
            clinic_keys::split(&clinic_keys::staff("north", 900)),
            Some(("north", 900))
        );
        assert_eq!(store.outbox(900).unwrap().len(), 1, "a message to staff");
        assert_eq!(
            store.chat_keys(7).unwrap(),
            2,
            "her share and the link bound to her"
        );
        store
            .commit(Commit {
                chat: 7,
                erase: true,
                ..Commit::default()
            })
            .unwrap();
        assert_eq!(store.chat_keys(7).unwrap(), 0);
        assert_eq!(
            store
                .clinic_scan(&clinic_keys::shares("north"))
                .unwrap()
                .len(),
            1
        );
        assert!(
            store
                .clinic_get(&clinic_keys::link("tok"))
                .unwrap()
                .is_none()
        );
        assert_eq!(
            store
                .clinic_scan(&clinic_keys::audit("north"))
                .unwrap()
                .len(),
            2
        );
        store
            .commit(Commit {
                clinic: vec![KvWrite::Remove(clinic_keys::staff("north", 900))],
                ..Commit::default()
            })
            .unwrap();
        assert!(
            store
                .clinic_scan(clinic_keys::ALL_STAFF)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn memory_clinics() {
        clinics(&MemoryStore::default());
    }

    #[test]
    fn sled_clinics() {
        let dir = tempfile::tempdir().unwrap();
        clinics(&SledStore::open(dir.path(), 8).unwrap());
    }

    /// A batch as the poll loop writes it: several chats, one of them twice, an
    /// update without a chat, and an erase; in order, as if committed one by one.
    fn batch(store: &dyn Store) {
        let s = |n: u32| {
            let mut s = Session::new("intake", 1, "h", 100);
            s.nonce = n;
            s
        };
        let c = |chat, session: Option<Session>, update, outbox: Vec<Out>| Commit {
            chat,
            session,
            update_id: Some(update),
            outbox,
            ..Commit::default()
        };
        store
            .commit(c(3, Some(s(1)), 1, vec![send("old")]))
            .unwrap();
        store
            .commit_all(vec![
                c(1, Some(s(1)), 5, vec![send("a")]),
                c(2, Some(s(1)), 6, vec![send("b")]),
                c(0, None, 9, vec![]),
                c(1, Some(s(2)), 7, vec![send("c")]),
                Commit {
                    chat: 3,
                    erase: true,
                    update_id: Some(8),
                    ..Commit::default()
                },
            ])
            .unwrap();
        assert_eq!(store.session(1).unwrap().map(|s| s.nonce), Some(2));
        assert_eq!(store.session(2).unwrap().map(|s| s.nonce), Some(1));
        assert!(store.session(3).unwrap().is_none());
        assert_eq!(store.chat_keys(3).unwrap(), 0);
        let texts: Vec<Out> = store
            .outbox(1)
            .unwrap()
            .into_iter()
            .map(|(_, o)| o)
            .collect();
        assert_eq!(texts, vec![send("a"), send("c")]);
        assert_eq!(store.last_update().unwrap(), Some(9));
        store.commit_all(vec![]).unwrap();
    }

    #[test]
    fn memory_batch() {
        batch(&MemoryStore::default());
    }

    #[test]
    fn sled_batch() {
        let dir = tempfile::tempdir().unwrap();
        batch(&SledStore::open(dir.path(), 8).unwrap());
    }

    #[test]
    fn memory_schedule() {
        schedule(&MemoryStore::default());
    }

    #[test]
    fn sled_schedule() {
        let dir = tempfile::tempdir().unwrap();
        schedule(&SledStore::open(dir.path(), 8).unwrap());
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
