//! Copying a whole store into another: `restride migrate-store` (sled into
//! PostgreSQL) and PostgreSQL's backup and restore. Everything goes through
//! the target's own write path, sealed with the target's keys.

use super::{Commit, Done, Dump, Job, Relay, Store, StoreError};

/// How many writes go in one transaction.
const BATCH: usize = 500;

/// Applies `commits` in order, `BATCH` to a transaction.
fn apply(target: &dyn Store, commits: Vec<Commit>) -> Result<(), StoreError> {
    let mut commits: Vec<Option<Commit>> = commits.into_iter().map(Some).collect();
    for chunk in commits.chunks_mut(BATCH) {
        let jobs: Vec<Job> = chunk
            .iter()
            .map(|c| {
                let c = c.as_ref().expect("each commit is applied once");
                Job {
                    chat: c.chat,
                    update: c.update_id,
                }
            })
            .collect();
        let done = target.transact(&jobs, &mut |i, _| Ok(chunk[i].take().unwrap_or_default()))?;
        if done.iter().any(|d| matches!(d, Done::Duplicate)) {
            return Err(StoreError::Other(
                "the target already held an update being copied: it was not empty".into(),
            ));
        }
    }
    Ok(())
}

/// Copies `d` into `target`, which must be empty (the caller checks).
pub fn load(target: &dyn Store, d: &Dump) -> Result<(), StoreError> {
    let mut commits = Vec::new();
    // Her session and check-ins (the schedule follows the record).
    let mut chats: std::collections::BTreeMap<i64, Commit> = Default::default();
    for (chat, s) in &d.sessions {
        chats
            .entry(*chat)
            .or_insert_with(|| Commit::new(*chat))
            .session = Some(s.clone());
    }
    for (chat, r) in &d.checkins {
        chats
            .entry(*chat)
            .or_insert_with(|| Commit::new(*chat))
            .checkin = Some(r.clone());
    }
    commits.extend(chats.into_values());
    // Clinic data, in one commit per kind (the audit in its order).
    use super::ClinicWrite as W;
    let mut clinic = Commit::new(0);
    clinic
        .clinic
        .extend(d.shares.iter().map(|(c, chat, e)| W::Share {
            clinic: c.clone(),
            chat: *chat,
            entry: Some(e.clone()),
        }));
    clinic
        .clinic
        .extend(d.staff.iter().map(|(c, user, e)| W::Staff {
            clinic: c.clone(),
            user: *user,
            entry: Some(e.clone()),
        }));
    clinic
        .clinic
        .extend(d.invites.iter().map(|(hash, i)| W::Invite {
            hash: hash.clone(),
            invite: Some(i.clone()),
        }));
    clinic
        .clinic
        .extend(d.links.iter().map(|(token, l)| W::Link {
            token: token.clone(),
            link: Some(l.clone()),
        }));
    clinic
        .clinic
        .extend(d.clinic_audit.iter().map(|(c, line)| W::Audit {
            clinic: c.clone(),
            line: line.clone(),
        }));
    commits.push(clinic);
    commits.extend(d.audit.iter().map(|line| Commit {
        audit: Some(line.clone()),
        ..Commit::new(0)
    }));
    // Unsent messages, in the order they were queued.
    commits.extend(d.outbox.iter().map(|(to, e)| match &e.about {
        None => Commit {
            outbox: vec![e.out.clone()],
            ..Commit::new(*to)
        },
        Some(about) => Commit {
            others: vec![Relay {
                to: *to,
                about: about.clone(),
                out: e.out.clone(),
            }],
            ..Commit::new(about.chat)
        },
    }));
    // Handled updates: a re-delivery after the move is still a duplicate.
    commits.extend(d.inbox.iter().map(|(u, _)| Commit {
        update_id: Some(*u),
        ..Commit::new(0)
    }));
    apply(target, commits)
}

/// Where a copy differs from its source: (what, source count, copy count).
pub fn differences(source: &Dump, copy: &Dump) -> Vec<(&'static str, usize, usize)> {
    source
        .counts()
        .into_iter()
        .zip(copy.counts())
        .filter(|((_, a), (_, b))| a != b)
        .map(|((what, a), (_, b))| (what, a, b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{MemoryStore, SledStore};

    #[test]
    fn a_copy_holds_what_its_source_held() {
        let dir = tempfile::tempdir().unwrap();
        let source = SledStore::open(dir.path(), 8).unwrap();
        crate::store::conformance::fill(&source);
        let d = source.dump().unwrap();
        let target = MemoryStore::default();
        load(&target, &d).unwrap();
        let copy = target.dump().unwrap();
        assert!(
            differences(&d, &copy).is_empty(),
            "{:?}",
            differences(&d, &copy)
        );
        assert_eq!(copy.sessions[0].1.nonce, d.sessions[0].1.nonce);
        assert_eq!(copy.outbox, d.outbox);
        // Loading again finds the updates there: refused.
        assert!(load(&target, &d).is_err());
    }
}
