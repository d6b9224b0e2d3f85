//! Writing: a decision's commit as one sled transaction (her session,
//! check-ins, the schedule index, clinic data, the outbox sealed under the
//! keys of the chats it is about), and what an erasure or withdrawal drops.

use super::*;

impl SledStore {
    /// One transaction for commits of distinct chats.
    fn commit_group(&self, commits: &[Commit]) -> Result<(), StoreError> {
        if commits.is_empty() {
            return Ok(());
        }

        // The schedule entries of the records being replaced or erased, read
        // while their keys are there.
        let old_due = commits
            .iter()
            .map(|c| {
                if !(c.erase || c.checkin.is_some()) {
                    return Ok(vec![]);
                }
                let old = self.get::<Record>(&self.checkins, c.chat, chat_key(c.chat))?;
                Ok(old.iter().flat_map(Record::due_times).collect())
            })
            .collect::<Result<Vec<Vec<i64>>, StoreError>>()?;
        // Her key goes next: if anything below fails, what she asked to
        // delete is unreadable already.
        for c in commits.iter().filter(|c| c.erase) {
            self.vault.destroy(c.chat)?;
        }
        let prepared = commits
            .iter()
            .map(|c| self.prepare(c))
            .collect::<Result<Vec<_>, _>>()?;
        let trees = (
            &self.sessions,
            &self.outbox,
            &self.shown,
            &self.meta,
            &self.audit,
            &self.checkins,
            &self.due,
            &self.clinics,
            &self.inbox,
        );
        let at = jiff::Timestamp::now().as_second().to_be_bytes();
        let res: Result<(), TransactionError<StoreError>> = trees.transaction(
            |(sessions, ob, shown, _meta, audit, checkins, due, clinics, inbox)| {
                for ((c, p), old_due) in commits.iter().zip(&prepared).zip(&old_due) {
                    let key = chat_key(c.chat);
                    for t in old_due {
                        due.remove(&due_key(*t, c.chat))?;
                    }
                    for k in &p.dropped {
                        ob.remove(k)?;
                    }
                    if c.erase {
                        checkins.remove(&key)?;
                        sessions.remove(&key)?;
                        for k in &p.old_outbox {
                            ob.remove(k)?;
                        }
                        for k in &p.old_shown {
                            shown.remove(k)?;
                        }
                        for k in &p.old_clinic {
                            clinics.remove(k)?;
                        }
                    }
                    for (k, v) in &p.clinic_writes {
                        match v {
                            Some(v) => clinics.insert(k.as_slice(), v.as_slice())?,
                            None => clinics.remove(k.as_slice())?,
                        };
                    }
                    if let Some(s) = &p.session {
                        sessions.insert(&key, s.as_slice())?;
                    }
                    if let Some(r) = &p.record {
                        checkins.insert(&key, r.as_slice())?;
                        for d in &p.new_due {
                            due.insert(&due_key(*d, c.chat), &[])?;
                        }
                    }
                    let mine = p.outbox.iter().map(|e| (c.chat, e));
                    for (to, entry) in mine.chain(p.others.iter().map(|(to, e)| (*to, e))) {
                        let seq = ob.generate_id()?;
                        ob.insert(&seq_key(to, seq), entry.as_slice())?;
                    }
                    if let Some(u) = c.update_id {
                        inbox.insert(&u.to_be_bytes(), &at)?;
                    }
                    if let (Some(a), Some(id)) = (&c.audit, p.audit_id) {
                        audit.insert(&id.to_be_bytes(), a.as_bytes())?;
                    }
                }
                Ok::<(), ConflictableTransactionError<StoreError>>(())
            },
        );
        res.map_err(|e| match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => StoreError::from(e),
        })
    }
}

/// A commit's values, serialized before the transaction (which may run more than once).
struct Prepared {
    old_outbox: Vec<sled::IVec>,
    /// Messages to others about her that this commit's erasure, withdrawal
    /// or staff removal takes back.
    dropped: Vec<sled::IVec>,
    old_shown: Vec<sled::IVec>,
    old_clinic: Vec<sled::IVec>,
    /// Key and value (None: remove) for the clinics tree.
    clinic_writes: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// Messages to other chats (clinic staff).
    others: Vec<(i64, Vec<u8>)>,
    session: Option<Vec<u8>>,
    outbox: Vec<Vec<u8>>,
    audit_id: Option<u64>,
    record: Option<Vec<u8>>,
    new_due: Vec<i64>,
}

impl SledStore {
    fn prepare(&self, c: &Commit) -> Result<Prepared, StoreError> {
        let (old_outbox, old_shown, old_clinic) = if c.erase {
            (
                prefix_keys(&self.outbox, c.chat)?,
                prefix_keys(&self.shown, c.chat)?,
                self.clinic_keys_of(c.chat)?,
            )
        } else {
            (vec![], vec![], vec![])
        };
        let mut clinic_writes = Vec::with_capacity(c.clinic.len());
        for w in &c.clinic {
            clinic_writes.push(match w {
                ClinicWrite::Share {
                    clinic,
                    chat,
                    entry,
                } => (
                    clinic_keys::share(clinic, *chat),
                    entry.as_ref().map(|e| self.sealed(*chat, e)).transpose()?,
                ),
                ClinicWrite::Staff {
                    clinic,
                    user,
                    entry,
                } => (
                    clinic_keys::staff(clinic, *user),
                    entry.as_ref().map(serde_json::to_vec).transpose()?,
                ),
                ClinicWrite::Invite { hash, invite } => (
                    clinic_keys::invite(hash),
                    invite.as_ref().map(serde_json::to_vec).transpose()?,
                ),
                ClinicWrite::Link { token, link } => (
                    clinic_keys::link(token),
                    link.as_ref().map(serde_json::to_vec).transpose()?,
                ),
                ClinicWrite::Audit { clinic, line } => {
                    let id = self.db.generate_id()?;
                    (
                        [clinic_keys::audit(clinic), id.to_be_bytes().to_vec()].concat(),
                        Some(serde_json::to_vec(line)?),
                    )
                }
            });
        }
        Ok(Prepared {
            dropped: self.dropped_by(c)?,
            old_outbox,
            old_shown,
            old_clinic,
            clinic_writes,
            others: c
                .others
                .iter()
                .map(|r| Ok((r.to, self.envelope(r.to, Some(&r.about), &r.out)?)))
                .collect::<Result<_, StoreError>>()?,
            session: c
                .session
                .as_ref()
                .map(|s| self.sealed(c.chat, s))
                .transpose()?,
            outbox: c
                .outbox
                .iter()
                .map(|o| self.envelope(c.chat, None, o))
                .collect::<Result<_, _>>()?,
            audit_id: if c.audit.is_some() {
                Some(self.db.generate_id()?)
            } else {
                None
            },
            record: c
                .checkin
                .as_ref()
                .map(|r| self.sealed(c.chat, r))
                .transpose()?,
            new_due: c
                .checkin
                .as_ref()
                .map(|r| r.due_times().collect())
                .unwrap_or_default(),
        })
    }
}

impl SledStore {
    /// Applies commits in order as few transactions as possible: a chat seen
    /// twice starts a new one (an erase scans its keys, which must include
    /// what the earlier commit wrote).
    pub(super) fn apply(&self, commits: &[Commit]) -> Result<(), StoreError> {
        let mut start = 0;
        let mut chats = std::collections::HashSet::new();
        for (i, c) in commits.iter().enumerate() {
            if !chats.insert(c.chat) {
                self.commit_group(&commits[start..i])?;
                start = i;
                chats.clear();
                chats.insert(c.chat);
            }
        }
        self.commit_group(&commits[start..])
    }

    /// The outbox keys of messages to others that `c` takes back (a scan:
    /// the outbox holds only what is not sent yet, and these commits are rare).
    fn dropped_by(&self, c: &Commit) -> Result<Vec<sled::IVec>, StoreError> {
        let takes_back = c.erase
            || c.clinic.iter().any(|w| {
                matches!(
                    w,
                    ClinicWrite::Share { entry: None, .. } | ClinicWrite::Staff { entry: None, .. }
                )
            });
        if !takes_back {
            return Ok(vec![]);
        }
        let mut keys = Vec::new();
        for kv in self.outbox.iter() {
            let (k, v) = kv?;
            let to = i64::from_be_bytes(k[..8].try_into().unwrap_or([0; 8]));
            let about = header(&v).map(|(about, _)| about);
            let probe = Entry {
                about: about.unwrap_or(None),
                out: Out::Typing,
            };
            if probe.dropped_by(to, c) {
                keys.push(k);
            }
        }
        Ok(keys)
    }

    /// Keys of the clinics tree that go with her: shares, staff and links
    /// are scanned (small), the audit is not.
    pub(super) fn clinic_keys_of(&self, chat: i64) -> Result<Vec<sled::IVec>, StoreError> {
        let mut keys = Vec::new();
        for prefix in clinic_keys::PERSONAL {
            for kv in self.clinics.scan_prefix(prefix) {
                let (k, v) = kv?;
                if clinic_keys::of_chat(&k, &v, chat) {
                    keys.push(k);
                }
            }
        }
        Ok(keys)
    }
}
