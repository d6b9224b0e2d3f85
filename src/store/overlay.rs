//! Deciding a batch of jobs over committed state: each decision reads the
//! state with the writes of the jobs before it laid over (so a chat's second
//! update in a batch sees its first, and a one-time code used by one job is
//! gone for the next), and the backend applies every job's writes at once.

use super::{ClinicWrite, Commit, Decide, Done, Job, StoreError, Tx};
use crate::checkin::Record;
use crate::clinic::{AuditLine, Invite, PatientLink, ShareEntry, StaffEntry};
use crate::engine::Session;
use std::collections::BTreeMap;

/// Committed state with pending commits laid over, in order.
pub(crate) struct Overlay<'a> {
    pub base: &'a dyn Tx,
    pub pending: &'a [Commit],
}

impl Overlay<'_> {
    /// A chat's value: the last commit of that chat that sets it or erases.
    fn per_chat<T: Clone>(
        &self,
        chat: i64,
        get: impl Fn(&Commit) -> Option<&T>,
        base: impl FnOnce() -> Result<Option<T>, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        for c in self.pending.iter().rev().filter(|c| c.chat == chat) {
            if let Some(v) = get(c) {
                return Ok(Some(v.clone()));
            }
            if c.erase {
                return Ok(None);
            }
        }
        base()
    }

    fn writes(&self) -> impl Iterator<Item = (&Commit, &ClinicWrite)> {
        self.pending
            .iter()
            .flat_map(|c| c.clinic.iter().map(move |w| (c, w)))
    }
}

impl Tx for Overlay<'_> {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError> {
        self.per_chat(chat, |c| c.session.as_ref(), || self.base.session(chat))
    }

    fn checkin(&self, chat: i64) -> Result<Option<Record>, StoreError> {
        self.per_chat(chat, |c| c.checkin.as_ref(), || self.base.checkin(chat))
    }

    fn share(&self, clinic: &str, chat: i64) -> Result<Option<ShareEntry>, StoreError> {
        let mut v = self.base.share(clinic, chat)?;
        for c in self.pending {
            if c.erase && c.chat == chat {
                v = None;
            }
            for w in &c.clinic {
                if let ClinicWrite::Share {
                    clinic: cl,
                    chat: ch,
                    entry,
                } = w
                    && cl == clinic
                    && *ch == chat
                {
                    v = entry.clone();
                }
            }
        }
        Ok(v)
    }

    fn shares(&self, clinic: &str) -> Result<Vec<(i64, ShareEntry)>, StoreError> {
        let mut m: BTreeMap<i64, ShareEntry> = self.base.shares(clinic)?.into_iter().collect();
        for c in self.pending {
            if c.erase {
                m.remove(&c.chat);
            }
            for w in &c.clinic {
                if let ClinicWrite::Share {
                    clinic: cl,
                    chat,
                    entry,
                } = w
                    && cl == clinic
                {
                    match entry {
                        Some(e) => m.insert(*chat, e.clone()),
                        None => m.remove(chat),
                    };
                }
            }
        }
        Ok(m.into_iter().collect())
    }

    fn staff(&self, clinic: &str) -> Result<Vec<(i64, StaffEntry)>, StoreError> {
        let mut m: BTreeMap<i64, StaffEntry> = self.base.staff(clinic)?.into_iter().collect();
        for c in self.pending {
            if c.erase {
                m.remove(&c.chat);
            }
            for w in &c.clinic {
                if let ClinicWrite::Staff {
                    clinic: cl,
                    user,
                    entry,
                } = w
                    && cl == clinic
                {
                    match entry {
                        Some(e) => m.insert(*user, e.clone()),
                        None => m.remove(user),
                    };
                }
            }
        }
        Ok(m.into_iter().collect())
    }

    fn staff_clinics(&self, user: i64) -> Result<Vec<String>, StoreError> {
        let mut set: std::collections::BTreeSet<String> =
            self.base.staff_clinics(user)?.into_iter().collect();
        for c in self.pending {
            if c.erase && c.chat == user {
                set.clear();
            }
            for w in &c.clinic {
                if let ClinicWrite::Staff {
                    clinic,
                    user: u,
                    entry,
                } = w
                    && *u == user
                {
                    if entry.is_some() {
                        set.insert(clinic.clone());
                    } else {
                        set.remove(clinic);
                    }
                }
            }
        }
        Ok(set.into_iter().collect())
    }

    fn invite(&self, hash: &str) -> Result<Option<Invite>, StoreError> {
        let mut v = self.base.invite(hash)?;
        for (_, w) in self.writes() {
            if let ClinicWrite::Invite { hash: h, invite } = w
                && h == hash
            {
                v = invite.clone();
            }
        }
        Ok(v)
    }

    fn link(&self, token: &str) -> Result<Option<PatientLink>, StoreError> {
        let mut v = self.base.link(token)?;
        for c in self.pending {
            if c.erase && v.as_ref().is_some_and(|l| l.bound == Some(c.chat)) {
                v = None;
            }
            for w in &c.clinic {
                if let ClinicWrite::Link { token: t, link } = w
                    && t == token
                {
                    v = link.clone();
                }
            }
        }
        Ok(v)
    }

    fn links(&self) -> Result<Vec<(String, PatientLink)>, StoreError> {
        let mut m: BTreeMap<String, PatientLink> = self.base.links()?.into_iter().collect();
        for c in self.pending {
            if c.erase {
                m.retain(|_, l| l.bound != Some(c.chat));
            }
            for w in &c.clinic {
                if let ClinicWrite::Link { token, link } = w {
                    match link {
                        Some(l) => m.insert(token.clone(), l.clone()),
                        None => m.remove(token),
                    };
                }
            }
        }
        Ok(m.into_iter().collect())
    }

    fn clinic_audit(&self, clinic: &str) -> Result<Vec<AuditLine>, StoreError> {
        let mut lines = self.base.clinic_audit(clinic)?;
        for (_, w) in self.writes() {
            if let ClinicWrite::Audit { clinic: cl, line } = w
                && cl == clinic
            {
                lines.push(line.clone());
            }
        }
        Ok(lines)
    }
}

/// Decides every job over `base`; returns the commits to apply, in order,
/// and for each job the index of its commit (None: a duplicate update).
pub(crate) fn decide_all(
    base: &dyn Tx,
    handled: &dyn Fn(i64) -> Result<bool, StoreError>,
    jobs: &[Job],
    decide: &mut Decide<'_>,
) -> Result<(Vec<Commit>, Vec<Option<usize>>), StoreError> {
    let mut pending: Vec<Commit> = Vec::with_capacity(jobs.len());
    let mut slots = Vec::with_capacity(jobs.len());
    for (i, job) in jobs.iter().enumerate() {
        if let Some(u) = job.update
            && (pending.iter().any(|c| c.update_id == Some(u)) || handled(u)?)
        {
            slots.push(None);
            continue;
        }
        let tx = Overlay {
            base,
            pending: &pending,
        };
        let mut c = decide(i, &tx)?;
        if c.chat == 0 {
            c.chat = job.chat;
        }
        c.update_id = job.update;
        slots.push(Some(pending.len()));
        pending.push(c);
    }
    Ok((pending, slots))
}

/// Hands each job its applied commit back.
pub(crate) fn done(commits: Vec<Commit>, slots: Vec<Option<usize>>) -> Vec<Done> {
    let mut commits: Vec<Option<Commit>> = commits.into_iter().map(Some).collect();
    slots
        .into_iter()
        .map(|s| match s.and_then(|i| commits[i].take()) {
            Some(c) => Done::Applied(c),
            None => Done::Duplicate,
        })
        .collect()
}
