//! The store in memory, for tests: the same contract as sled, one
//! transaction at a time.

use super::overlay::{decide_all, done};
use super::{
    ClinicWrite, Commit, Decide, Done, Dump, Entry, Job, Leases, Shown, Store, StoreError, Tx,
};
use crate::checkin::Record;
use crate::clinic::{AuditLine, Invite, PatientLink, ShareEntry, StaffEntry};
use crate::engine::Session;
use crate::outbox::Out;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{Mutex, MutexGuard};

/// Keeps everything in memory.
#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
    /// Held for a whole transaction (decisions and writes): one at a time.
    turn: Mutex<()>,
    claims: Leases,
    due_claims: Leases,
}

#[derive(Default)]
struct Inner {
    sessions: BTreeMap<i64, Session>,
    outbox: BTreeMap<(i64, u64), Entry>,
    shown: BTreeMap<(i64, u32), Shown>,
    /// Handled updates, with when they were handled.
    inbox: BTreeMap<i64, i64>,
    seq: u64,
    audit: Vec<String>,
    checkins: BTreeMap<i64, Record>,
    due: BTreeSet<(i64, i64)>,
    shares: BTreeMap<(String, i64), ShareEntry>,
    staff: BTreeMap<(String, i64), StaffEntry>,
    invites: BTreeMap<String, Invite>,
    links: BTreeMap<String, PatientLink>,
    clinic_audit: Vec<(String, AuditLine)>,
    /// Received updates not yet decided: id → (chat, when, body).
    received: BTreeMap<i64, (i64, i64, Vec<u8>)>,
    leases: BTreeMap<String, i64>,
}

impl MemoryStore {
    fn lock(&self) -> Result<MutexGuard<'_, Inner>, StoreError> {
        self.inner
            .lock()
            .map_err(|e| StoreError::Other(e.to_string()))
    }

    fn apply(g: &mut Inner, c: &Commit) {
        g.outbox.retain(|(to, _), e| !e.dropped_by(*to, c));
        if c.erase {
            if let Some(old) = g.checkins.remove(&c.chat) {
                for t in old.due_times() {
                    g.due.remove(&(t, c.chat));
                }
            }
            g.sessions.remove(&c.chat);
            g.outbox.retain(|(chat, _), _| *chat != c.chat);
            g.shown.retain(|(chat, _), _| *chat != c.chat);
            g.shares.retain(|(_, chat), _| *chat != c.chat);
            g.staff.retain(|(_, user), _| *user != c.chat);
            g.links.retain(|_, l| l.bound != Some(c.chat));
            g.received.retain(|_, (chat, _, _)| *chat != c.chat);
        }
        for w in &c.clinic {
            match w.clone() {
                ClinicWrite::Share {
                    clinic,
                    chat,
                    entry,
                } => {
                    match entry {
                        Some(e) => g.shares.insert((clinic, chat), e),
                        None => g.shares.remove(&(clinic, chat)),
                    };
                }
                ClinicWrite::Staff {
                    clinic,
                    user,
                    entry,
                } => {
                    match entry {
                        Some(e) => g.staff.insert((clinic, user), e),
                        None => g.staff.remove(&(clinic, user)),
                    };
                }
                ClinicWrite::Invite { hash, invite } => {
                    match invite {
                        Some(i) => g.invites.insert(hash, i),
                        None => g.invites.remove(&hash),
                    };
                }
                ClinicWrite::Link { token, link } => {
                    match link {
                        Some(l) => g.links.insert(token, l),
                        None => g.links.remove(&token),
                    };
                }
                ClinicWrite::Audit { clinic, line } => g.clinic_audit.push((clinic, line)),
            }
        }
        if let Some(s) = &c.session {
            g.sessions.insert(c.chat, s.clone());
        }
        if let Some(r) = &c.checkin {
            if let Some(old) = g.checkins.get(&c.chat).cloned() {
                for t in old.due_times() {
                    g.due.remove(&(t, c.chat));
                }
            }
            for t in r.due_times() {
                g.due.insert((t, c.chat));
            }
            g.checkins.insert(c.chat, r.clone());
        }
        let own = c.outbox.iter().map(|o| {
            let entry = Entry {
                about: None,
                out: o.clone(),
            };
            (c.chat, entry)
        });
        let others = c.others.iter().map(|r| {
            let entry = Entry {
                about: Some(r.about.clone()),
                out: r.out.clone(),
            };
            (r.to, entry)
        });
        for (to, entry) in own.chain(others) {
            g.seq += 1;
            let seq = g.seq;
            g.outbox.insert((to, seq), entry);
        }
        if let Some(u) = c.update_id {
            g.inbox.insert(u, jiff::Timestamp::now().as_second());
        }
        if let Some(a) = &c.audit {
            g.audit.push(a.clone());
        }
    }
}

/// The committed state, read directly.
impl Tx for MemoryStore {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError> {
        Ok(self.lock()?.sessions.get(&chat).cloned())
    }
    fn checkin(&self, chat: i64) -> Result<Option<Record>, StoreError> {
        Ok(self.lock()?.checkins.get(&chat).cloned())
    }
    fn share(&self, clinic: &str, chat: i64) -> Result<Option<ShareEntry>, StoreError> {
        Ok(self.lock()?.shares.get(&(clinic.to_owned(), chat)).cloned())
    }
    fn shares(&self, clinic: &str) -> Result<Vec<(i64, ShareEntry)>, StoreError> {
        Ok(self
            .lock()?
            .shares
            .iter()
            .filter(|((c, _), _)| c == clinic)
            .map(|((_, chat), e)| (*chat, e.clone()))
            .collect())
    }
    fn staff(&self, clinic: &str) -> Result<Vec<(i64, StaffEntry)>, StoreError> {
        Ok(self
            .lock()?
            .staff
            .iter()
            .filter(|((c, _), _)| c == clinic)
            .map(|((_, user), e)| (*user, e.clone()))
            .collect())
    }
    fn staff_clinics(&self, user: i64) -> Result<Vec<String>, StoreError> {
        Ok(self
            .lock()?
            .staff
            .keys()
            .filter(|(_, u)| *u == user)
            .map(|(c, _)| c.clone())
            .collect())
    }
    fn invite(&self, hash: &str) -> Result<Option<Invite>, StoreError> {
        Ok(self.lock()?.invites.get(hash).cloned())
    }
    fn link(&self, token: &str) -> Result<Option<PatientLink>, StoreError> {
        Ok(self.lock()?.links.get(token).cloned())
    }
    fn links(&self) -> Result<Vec<(String, PatientLink)>, StoreError> {
        Ok(self
            .lock()?
            .links
            .iter()
            .map(|(t, l)| (t.clone(), l.clone()))
            .collect())
    }
    fn clinic_audit(&self, clinic: &str) -> Result<Vec<AuditLine>, StoreError> {
        Ok(self
            .lock()?
            .clinic_audit
            .iter()
            .filter(|(c, _)| c == clinic)
            .map(|(_, l)| l.clone())
            .collect())
    }
}

impl Store for MemoryStore {
    fn transact(&self, jobs: &[Job], decide: &mut Decide<'_>) -> Result<Vec<Done>, StoreError> {
        let _turn = self.turn.lock().unwrap_or_else(|e| e.into_inner());
        let handled = |u: i64| Ok(self.lock()?.inbox.contains_key(&u));
        let (commits, slots) = decide_all(self, &handled, jobs, decide)?;
        let mut g = self.lock()?;
        for c in &commits {
            MemoryStore::apply(&mut g, c);
        }
        for u in jobs.iter().filter_map(|j| j.update) {
            g.received.remove(&u);
        }
        Ok(done(commits, slots))
    }

    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn last_update(&self) -> Result<Option<i64>, StoreError> {
        Ok(self.lock()?.inbox.keys().next_back().copied())
    }

    fn claim_outbox(&self, chat: i64, now: i64) -> Result<Vec<(u64, Out)>, StoreError> {
        let entries: Vec<(u64, Out)> = self
            .lock()?
            .outbox
            .range((chat, 0)..=(chat, u64::MAX))
            .map(|((_, s), e)| (*s, e.out.clone()))
            .collect();
        Ok(entries
            .into_iter()
            .filter(|(seq, _)| self.claims.take((chat, *seq as i64), now))
            .collect())
    }

    fn renew_claim(
        &self,
        chat: i64,
        seqs: &[u64],
        since: i64,
        now: i64,
    ) -> Result<Vec<u64>, StoreError> {
        let inner = self.lock()?;
        Ok(seqs
            .iter()
            .copied()
            .filter(|seq| {
                inner.outbox.contains_key(&(chat, *seq))
                    && self.claims.renew((chat, *seq as i64), since, now)
            })
            .collect())
    }

    fn ack(&self, chat: i64, seq: u64) -> Result<(), StoreError> {
        self.lock()?.outbox.remove(&(chat, seq));
        self.claims.release((chat, seq as i64));
        Ok(())
    }

    fn outbox(&self, chat: i64) -> Result<Vec<(u64, Out)>, StoreError> {
        Ok(self
            .lock()?
            .outbox
            .range((chat, 0)..=(chat, u64::MAX))
            .map(|((_, s), e)| (*s, e.out.clone()))
            .collect())
    }

    fn release(&self, chat: i64, seqs: &[u64], since: i64) {
        for seq in seqs {
            self.claims.give_back((chat, *seq as i64), since);
        }
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

    fn prune_inbox(&self, before: i64) -> Result<usize, StoreError> {
        let mut g = self.lock()?;
        let n = g.inbox.len();
        // The newest stays: long polling resumes after it.
        let newest = g.inbox.keys().next_back().copied();
        g.inbox.retain(|u, at| *at >= before || Some(*u) == newest);
        Ok(n - g.inbox.len())
    }

    fn outbox_chats(&self) -> Result<Vec<i64>, StoreError> {
        let chats: HashSet<i64> = self.lock()?.outbox.keys().map(|(c, _)| *c).collect();
        let mut chats: Vec<i64> = chats.into_iter().collect();
        chats.sort_unstable();
        Ok(chats)
    }

    fn claim_due(&self, now: i64, limit: usize) -> Result<Vec<(i64, i64)>, StoreError> {
        let due: Vec<(i64, i64)> = self
            .lock()?
            .due
            .range(..=(now, i64::MAX))
            .copied()
            .collect();
        Ok(due
            .into_iter()
            .filter(|&(t, chat)| self.due_claims.take((t, chat), now))
            .take(limit)
            .collect())
    }

    fn remember_shown(&self, chat: i64, nonce: u32, shown: &Shown) -> Result<(), StoreError> {
        self.lock()?.shown.insert((chat, nonce), shown.clone());
        Ok(())
    }

    fn shown(&self, chat: i64, nonce: u32) -> Result<Option<Shown>, StoreError> {
        Ok(self.lock()?.shown.get(&(chat, nonce)).cloned())
    }

    fn forget_shown(&self, chat: i64, nonce: u32) -> Result<(), StoreError> {
        self.lock()?.shown.remove(&(chat, nonce));
        Ok(())
    }

    fn read(&self) -> &dyn Tx {
        self
    }

    fn sessions(&self) -> Result<Vec<(i64, Session)>, StoreError> {
        Ok(self
            .lock()?
            .sessions
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

    fn checkins(&self) -> Result<Vec<(i64, Record)>, StoreError> {
        Ok(self
            .lock()?
            .checkins
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
            + g.shares.keys().filter(|(_, c)| *c == chat).count()
            + g.staff.keys().filter(|(_, u)| *u == chat).count()
            + g.links.values().filter(|l| l.bound == Some(chat)).count())
    }

    fn audit(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.lock()?.audit.clone())
    }

    fn salt(&self) -> Result<Vec<u8>, StoreError> {
        Ok(b"memory-store-salt".to_vec())
    }

    fn receive(&self, update: i64, chat: i64, body: &[u8], now: i64) -> Result<bool, StoreError> {
        let mut g = self.lock()?;
        if g.inbox.contains_key(&update) || g.received.contains_key(&update) {
            return Ok(false);
        }
        g.received.insert(update, (chat, now, body.to_vec()));
        Ok(true)
    }

    fn received(&self, chat: i64) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        Ok(self
            .lock()?
            .received
            .iter()
            .filter(|(_, (c, _, _))| *c == chat)
            .map(|(u, (_, _, body))| (*u, body.clone()))
            .collect())
    }

    fn received_chats(&self, before: i64) -> Result<Vec<i64>, StoreError> {
        let chats: BTreeSet<i64> = self
            .lock()?
            .received
            .values()
            .filter(|(_, at, _)| *at <= before)
            .map(|(c, _, _)| *c)
            .collect();
        Ok(chats.into_iter().collect())
    }

    fn known(&self, update: i64) -> Result<bool, StoreError> {
        let g = self.lock()?;
        Ok(g.inbox.contains_key(&update) || g.received.contains_key(&update))
    }

    fn take_lease(&self, name: &str, now: i64, until: i64) -> Result<bool, StoreError> {
        let mut g = self.lock()?;
        match g.leases.get(name) {
            Some(held) if *held > now => Ok(false),
            _ => {
                g.leases.insert(name.to_owned(), until);
                Ok(true)
            }
        }
    }

    fn dump(&self) -> Result<Dump, StoreError> {
        let g = self.lock()?;
        Ok(Dump {
            salt: self.salt()?,
            sessions: g.sessions.iter().map(|(k, v)| (*k, v.clone())).collect(),
            checkins: g.checkins.iter().map(|(k, v)| (*k, v.clone())).collect(),
            shares: g
                .shares
                .iter()
                .map(|((c, chat), e)| (c.clone(), *chat, e.clone()))
                .collect(),
            staff: g
                .staff
                .iter()
                .map(|((c, user), e)| (c.clone(), *user, e.clone()))
                .collect(),
            invites: g
                .invites
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            links: g
                .links
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            clinic_audit: g.clinic_audit.clone(),
            audit: g.audit.clone(),
            outbox: g
                .outbox
                .iter()
                .map(|((to, _), e)| (*to, e.clone()))
                .collect(),
            inbox: g.inbox.iter().map(|(u, at)| (*u, *at)).collect(),
        })
    }
}
