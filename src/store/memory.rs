use super::{Commit, KvWrite, Shown, Store, StoreError};
use crate::checkin::Record;
use crate::engine::Session;
use crate::outbox::Out;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Keeps everything in memory; for tests.
#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    sessions: BTreeMap<i64, Session>,
    outbox: BTreeMap<(i64, u64), Out>,
    shown: BTreeMap<(i64, u32), Shown>,
    last_update: Option<i64>,
    seq: u64,
    audit: Vec<String>,
    checkins: BTreeMap<i64, Record>,
    due: std::collections::BTreeSet<(i64, i64)>,
    clinics: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl MemoryStore {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Inner>, StoreError> {
        self.inner
            .lock()
            .map_err(|e| StoreError::Other(e.to_string()))
    }
}

impl Store for MemoryStore {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError> {
        Ok(self.lock()?.sessions.get(&chat).cloned())
    }

    fn commit(&self, c: Commit) -> Result<(), StoreError> {
        let mut g = self.lock()?;
        if c.erase {
            if let Some(old) = g.checkins.remove(&c.chat) {
                for t in old.due_times() {
                    g.due.remove(&(t, c.chat));
                }
            }
            g.sessions.remove(&c.chat);
            g.outbox.retain(|(chat, _), _| *chat != c.chat);
            g.shown.retain(|(chat, _), _| *chat != c.chat);
            g.clinics
                .retain(|k, v| !super::clinic_keys::of_chat(k, v, c.chat));
        }
        for w in c.clinic {
            match w {
                KvWrite::Put(k, v) => {
                    g.clinics.insert(k, v);
                }
                KvWrite::Remove(k) => {
                    g.clinics.remove(&k);
                }
                KvWrite::Append(p, v) => {
                    g.seq += 1;
                    let k = [p, g.seq.to_be_bytes().to_vec()].concat();
                    g.clinics.insert(k, v);
                }
            }
        }
        if let Some(s) = c.session {
            g.sessions.insert(c.chat, s);
        }
        if let Some(r) = c.checkin {
            if let Some(old) = g.checkins.get(&c.chat).cloned() {
                for t in old.due_times() {
                    g.due.remove(&(t, c.chat));
                }
            }
            for t in r.due_times() {
                g.due.insert((t, c.chat));
            }
            g.checkins.insert(c.chat, r);
        }
        let chat = c.chat;
        for (to, o) in c.outbox.into_iter().map(|o| (chat, o)).chain(c.others) {
            g.seq += 1;
            let seq = g.seq;
            g.outbox.insert((to, seq), o);
        }
        if let Some(u) = c.update_id {
            g.last_update = Some(g.last_update.map_or(u, |l| l.max(u)));
        }
        if let Some(a) = c.audit {
            g.audit.push(a);
        }
        Ok(())
    }

    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn last_update(&self) -> Result<Option<i64>, StoreError> {
        Ok(self.lock()?.last_update)
    }

    fn outbox(&self, chat: i64) -> Result<Vec<(u64, Out)>, StoreError> {
        Ok(self
            .lock()?
            .outbox
            .range((chat, 0)..=(chat, u64::MAX))
            .map(|((_, s), o)| (*s, o.clone()))
            .collect())
    }

    fn outbox_chats(&self) -> Result<Vec<i64>, StoreError> {
        let mut chats: Vec<i64> = self.lock()?.outbox.keys().map(|(c, _)| *c).collect();
        chats.dedup();
        Ok(chats)
    }

    fn mark_sent(&self, chat: i64, seq: u64) -> Result<(), StoreError> {
        self.lock()?.outbox.remove(&(chat, seq));
        Ok(())
    }

    fn remember_shown(&self, chat: i64, nonce: u32, shown: &Shown) -> Result<(), StoreError> {
        self.lock()?.shown.insert((chat, nonce), shown.clone());
        Ok(())
    }

    fn shown(&self, chat: i64, nonce: u32) -> Result<Option<Shown>, StoreError> {
        Ok(self.lock()?.shown.get(&(chat, nonce)).cloned())
    }

    fn sessions(&self) -> Result<Vec<(i64, Session)>, StoreError> {
        Ok(self
            .lock()?
            .sessions
            .iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect())
    }

    fn chat_keys(&self, chat: i64) -> Result<usize, StoreError> {
        let g = self.lock()?;
        Ok(usize::from(g.sessions.contains_key(&chat))
            + g.outbox.keys().filter(|(c, _)| *c == chat).count()
            + g.shown.keys().filter(|(c, _)| *c == chat).count()
            + usize::from(g.checkins.contains_key(&chat))
            + g.due.iter().filter(|(_, c)| *c == chat).count()
            + g.clinics
                .iter()
                .filter(|(k, v)| super::clinic_keys::of_chat(k, v, chat))
                .count())
    }

    fn audit(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.lock()?.audit.clone())
    }

    fn checkin(&self, chat: i64) -> Result<Option<Record>, StoreError> {
        Ok(self.lock()?.checkins.get(&chat).cloned())
    }

    fn due_before(&self, now: i64, limit: usize) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(self
            .lock()?
            .due
            .range(..=(now, i64::MAX))
            .take(limit)
            .copied()
            .collect())
    }

    fn checkins(&self) -> Result<Vec<(i64, Record)>, StoreError> {
        Ok(self
            .lock()?
            .checkins
            .iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect())
    }

    fn session_chats(&self, after: Option<i64>, limit: usize) -> Result<Vec<i64>, StoreError> {
        use std::ops::Bound::{Excluded, Unbounded};
        let from = after.map_or(Unbounded, Excluded);
        Ok(self
            .lock()?
            .sessions
            .range((from, Unbounded))
            .map(|(k, _)| *k)
            .take(limit)
            .collect())
    }

    fn clinic_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.lock()?.clinics.get(key).cloned())
    }

    fn clinic_scan(&self, prefix: &[u8]) -> Result<Vec<super::KeyValue>, StoreError> {
        Ok(self
            .lock()?
            .clinics
            .range(prefix.to_vec()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }
}
