//! The contract every backend must meet, run against each of them.

#![cfg(test)]

use super::*;
use crate::clinic::{AuditLine, Invite, PatientLink, ShareEntry, StaffEntry};
use std::sync::Arc;

mod shared;
pub use shared::fill;

fn send(text: &str) -> Out {
    Out::text(text.into())
}

fn job(chat: i64, update: Option<i64>) -> Job {
    Job { chat, update }
}

fn session(nonce: u32) -> Session {
    let mut s = Session::new("intake", 1, "h", 100);
    s.nonce = nonce;
    s
}

/// Decides one job with `f` and applies it.
fn one(store: &dyn Store, chat: i64, update: Option<i64>, f: impl Fn(&dyn Tx) -> Commit) -> Done {
    store
        .transact_one(job(chat, update), &mut |tx| Ok(f(tx)))
        .unwrap()
}

fn basics(store: &dyn Store) {
    assert!(store.session(7).unwrap().is_none());
    assert_eq!(store.last_update().unwrap(), None);
    let done = store
        .transact(&[job(7, Some(10)), job(8, Some(11))], &mut |i, _| {
            Ok(Commit {
                session: Some(session(1)),
                outbox: if i == 0 {
                    vec![send("a"), send("b")]
                } else {
                    vec![send("c")]
                },
                ..Commit::default()
            })
        })
        .unwrap();
    assert!(done.iter().all(|d| matches!(d, Done::Applied(_))));
    store.flush().unwrap();
    assert_eq!(store.session(7).unwrap(), Some(session(1)));
    assert_eq!(store.last_update().unwrap(), Some(11));
    assert_eq!(store.sessions().unwrap().len(), 2);
    assert_eq!(store.session_chats(None, 1).unwrap(), vec![7]);
    assert_eq!(store.session_chats(Some(7), 10).unwrap(), vec![8]);
    assert!(store.session_chats(Some(8), 10).unwrap().is_empty());
    let out = store.claim_outbox(7, 1000).unwrap();
    assert_eq!(
        out.iter().map(|(_, o)| o.clone()).collect::<Vec<_>>(),
        vec![send("a"), send("b")]
    );
    assert!(out[0].0 < out[1].0);
    assert_eq!(store.outbox_chats().unwrap(), vec![7, 8]);
    // Claimed: nobody else gets them until acknowledged or the lease runs out.
    assert!(store.claim_outbox(7, 1001).unwrap().is_empty());
    store.ack(7, out[0].0).unwrap();
    assert_eq!(store.claim_outbox(7, 1000 + LEASE + 1).unwrap().len(), 1);
    let shown = Shown {
        message_id: 5,
        text: "q".into(),
    };
    store.remember_shown(7, 3, &shown).unwrap();
    assert_eq!(store.shown(7, 3).unwrap(), Some(shown));
    assert!(store.chat_keys(7).unwrap() >= 3);

    one(store, 7, Some(12), |_| Commit {
        erase: true,
        outbox: vec![send("deleted")],
        audit: Some("deleted ref".into()),
        ..Commit::default()
    });
    assert!(store.session(7).unwrap().is_none());
    assert!(store.shown(7, 3).unwrap().is_none());
    // Only the confirmation waits in the outbox; once sent, nothing is left.
    let left = store.claim_outbox(7, 5000).unwrap();
    assert_eq!(left.len(), 1);
    store.ack(7, left[0].0).unwrap();
    assert_eq!(store.chat_keys(7).unwrap(), 0);
    assert_eq!(store.sessions().unwrap().len(), 1);
    assert_eq!(store.audit().unwrap(), vec!["deleted ref".to_owned()]);
    assert_eq!(store.last_update().unwrap(), Some(12));
}

/// The inbox: an update is decided once, whatever order updates arrive in.
fn inbox(store: &dyn Store) {
    let mut calls = 0;
    let mut decide = |_: usize, tx: &dyn Tx| {
        calls += 1;
        let n = tx.session(1)?.map_or(0, |s| s.nonce);
        Ok(Commit {
            session: Some(session(n + 1)),
            ..Commit::default()
        })
    };
    // 20 first, then 5 (older, late), then 20 again, and twice in one batch.
    store.transact(&[job(1, Some(20))], &mut decide).unwrap();
    store.transact(&[job(1, Some(5))], &mut decide).unwrap();
    let again = store
        .transact(
            &[job(1, Some(20)), job(1, Some(21)), job(1, Some(21))],
            &mut decide,
        )
        .unwrap();
    assert!(matches!(again[0], Done::Duplicate));
    assert!(matches!(again[1], Done::Applied(_)));
    assert!(matches!(again[2], Done::Duplicate));
    assert_eq!(calls, 3);
    assert_eq!(store.session(1).unwrap().map(|s| s.nonce), Some(3));
    // Jobs without an update (scheduled steps) are never duplicates.
    one(store, 1, None, |_| Commit::default());
    one(store, 1, None, |_| Commit::default());
    // Pruning forgets old update ids, but never the newest (polling resumes after it).
    assert_eq!(
        store.prune_inbox(0).unwrap(),
        0,
        "nothing was handled before 1970"
    );
    assert_eq!(
        store.prune_inbox(i64::MAX).unwrap(),
        2,
        "all but the newest"
    );
    assert_eq!(store.last_update().unwrap(), Some(21));
    let mut nothing = |_: usize, _: &dyn Tx| Ok(Commit::default());
    let again = store.transact(&[job(1, Some(21))], &mut nothing).unwrap();
    assert!(matches!(again[0], Done::Duplicate));
}

/// A batch: several chats, one of them twice, an erase; each decision sees
/// the writes before it, and everything lands as if one by one.
fn batch(store: &dyn Store) {
    one(store, 3, Some(1), |_| Commit {
        session: Some(session(1)),
        outbox: vec![send("old")],
        ..Commit::default()
    });
    let jobs = [
        job(1, Some(5)),
        job(2, Some(6)),
        job(1, Some(7)),
        job(3, Some(8)),
    ];
    store
        .transact(&jobs, &mut |i, tx| {
            Ok(match i {
                0 | 1 => Commit {
                    session: Some(session(1)),
                    outbox: vec![send(if i == 0 { "a" } else { "b" })],
                    ..Commit::default()
                },
                2 => {
                    // Sees the first job's session.
                    let n = tx.session(1)?.map_or(0, |s| s.nonce);
                    Commit {
                        session: Some(session(n + 1)),
                        outbox: vec![send("c")],
                        ..Commit::default()
                    }
                }
                _ => Commit {
                    erase: true,
                    ..Commit::default()
                },
            })
        })
        .unwrap();
    assert_eq!(store.session(1).unwrap().map(|s| s.nonce), Some(2));
    assert_eq!(store.session(2).unwrap().map(|s| s.nonce), Some(1));
    assert!(store.session(3).unwrap().is_none());
    assert_eq!(store.chat_keys(3).unwrap(), 0);
    let texts: Vec<Out> = store
        .claim_outbox(1, 0)
        .unwrap()
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    assert_eq!(texts, vec![send("a"), send("c")]);
    assert_eq!(store.last_update().unwrap(), Some(8));
    store
        .transact(&[], &mut |_, _| Ok(Commit::default()))
        .unwrap();
}

fn schedule(store: &dyn Store) {
    let rec = |due: Option<i64>| Record {
        next_due: due,
        ..Record::default()
    };
    for (chat, due) in [(1, 500), (2, 100), (3, 300)] {
        one(store, chat, None, |_| Commit {
            checkin: Some(rec(Some(due))),
            ..Commit::default()
        });
    }
    assert_eq!(store.claim_due(300, 10).unwrap(), vec![(100, 2), (300, 3)]);
    // Claimed: not handed out again while the lease holds.
    assert!(store.claim_due(300, 10).unwrap().is_empty());
    // Moving a check-in moves its index entry.
    one(store, 2, None, |_| Commit {
        checkin: Some(rec(Some(340))),
        ..Commit::default()
    });
    assert_eq!(
        store.claim_due(350, 10).unwrap(),
        vec![(340, 2)],
        "3 is still claimed; 2 at its new time is free"
    );
    assert_eq!(
        store.claim_due(300 + LEASE + 1, 10).unwrap(),
        vec![(300, 3)],
        "once the lease runs out, 3 is free again"
    );
    assert_eq!(
        store.due_before(1000, 10).unwrap(),
        vec![(300, 3), (340, 2), (500, 1)]
    );
    one(store, 3, None, |_| Commit {
        erase: true,
        ..Commit::default()
    });
    assert!(store.checkin(3).unwrap().is_none());
    assert_eq!(store.chat_keys(3).unwrap(), 0);
    assert_eq!(store.checkins().unwrap().len(), 2);
}

fn entry(reference: &str) -> ShareEntry {
    ShareEntry {
        reference: reference.into(),
        patient_ref: None,
        started: 0,
        completed: 0,
        consented: 0,
        outcome: Default::default(),
        answers: Default::default(),
        lines: vec![],
    }
}

fn clinics(store: &dyn Store) {
    let line = |a: &str| AuditLine {
        at: 1,
        staff: 0,
        action: a.into(),
        refs: vec![],
    };
    let share = |chat, e: Option<ShareEntry>| ClinicWrite::Share {
        clinic: "north".into(),
        chat,
        entry: e,
    };
    one(store, 7, None, |_| Commit {
        clinic: vec![
            share(7, Some(entry("R-7"))),
            share(8, Some(entry("R-8"))),
            ClinicWrite::Staff {
                clinic: "north".into(),
                user: 900,
                entry: Some(StaffEntry { since: 1 }),
            },
            ClinicWrite::Link {
                token: "tok".into(),
                link: Some(PatientLink {
                    clinic: "north".into(),
                    patient_ref: "P1".into(),
                    created: 1,
                    bound: Some(7),
                    code: None,
                    failures: 0,
                }),
            },
            ClinicWrite::Audit {
                clinic: "north".into(),
                line: line("one"),
            },
            ClinicWrite::Audit {
                clinic: "north".into(),
                line: line("two"),
            },
        ],
        others: vec![relay(900, 8, "north", "summary")],
        ..Commit::default()
    });
    let r = store.read();
    assert_eq!(r.shares("north").unwrap().len(), 2);
    assert_eq!(
        r.share("north", 8).unwrap().map(|e| e.reference),
        Some("R-8".into())
    );
    assert_eq!(
        r.staff("north").unwrap(),
        vec![(900, StaffEntry { since: 1 })]
    );
    assert_eq!(r.staff_clinics(900).unwrap(), vec!["north".to_owned()]);
    let audit: Vec<String> = r
        .clinic_audit("north")
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect();
    assert_eq!(audit, vec!["one", "two"], "appended in order");
    assert_eq!(
        store.claim_outbox(900, 0).unwrap().len(),
        1,
        "a message to staff"
    );
    assert_eq!(
        store.chat_keys(7).unwrap(),
        2,
        "her share and the link bound to her"
    );
    one(store, 7, None, |_| Commit {
        erase: true,
        ..Commit::default()
    });
    assert_eq!(store.chat_keys(7).unwrap(), 0);
    assert_eq!(r.shares("north").unwrap().len(), 1);
    assert!(r.link("tok").unwrap().is_none());
    assert_eq!(r.clinic_audit("north").unwrap().len(), 2, "the audit stays");
    one(store, 0, None, |_| Commit {
        clinic: vec![ClinicWrite::Staff {
            clinic: "north".into(),
            user: 900,
            entry: None,
        }],
        ..Commit::default()
    });
    assert!(r.staff_clinics(900).unwrap().is_empty());
}

fn relay(to: i64, about: i64, clinic: &str, text: &str) -> Relay {
    Relay {
        to,
        about: About {
            chat: about,
            clinic: clinic.into(),
        },
        out: send(text),
    }
}

/// Messages to staff about a mum go, unsent, when she is erased, when she
/// withdraws from that clinic, and when that staff member is removed from it;
/// the staff member's own messages stay.
fn relays(store: &dyn Store) {
    let texts = |to: i64| -> Vec<String> {
        store
            .outbox(to)
            .unwrap()
            .into_iter()
            .map(|(_, o)| match o {
                Out::Send { text, .. } => text,
                other => format!("{other:?}"),
            })
            .collect()
    };
    one(store, 900, None, |_| Commit {
        outbox: vec![send("own")],
        ..Commit::default()
    });
    one(store, 7, None, |_| Commit {
        others: vec![
            relay(900, 7, "north", "7 north"),
            relay(901, 7, "south", "7 south"),
        ],
        ..Commit::default()
    });
    one(store, 8, None, |_| Commit {
        others: vec![
            relay(900, 8, "north", "8 north"),
            relay(901, 8, "south", "8 south"),
        ],
        ..Commit::default()
    });
    assert_eq!(texts(900), vec!["own", "7 north", "8 north"]);
    // 7 withdraws from north: the summary about her to north's staff goes.
    one(store, 7, None, |_| Commit {
        clinic: vec![ClinicWrite::Share {
            clinic: "north".into(),
            chat: 7,
            entry: None,
        }],
        ..Commit::default()
    });
    assert_eq!(texts(900), vec!["own", "8 north"]);
    assert_eq!(texts(901), vec!["7 south", "8 south"]);
    // 901 leaves south: nothing about south's patients stays for them.
    one(store, 0, None, |_| Commit {
        clinic: vec![ClinicWrite::Staff {
            clinic: "south".into(),
            user: 901,
            entry: None,
        }],
        ..Commit::default()
    });
    assert!(texts(901).is_empty());
    // 8 is erased: nothing about her is left for anyone.
    one(store, 8, None, |_| Commit {
        erase: true,
        ..Commit::default()
    });
    assert_eq!(texts(900), vec!["own"]);
    assert_eq!(store.claim_outbox(900, 0).unwrap().len(), 1);
}

macro_rules! suite {
    ($name:ident, $make:expr) => {
        mod $name {
            use super::*;

            fn store() -> (Arc<dyn Store>, Option<tempfile::TempDir>) {
                #[allow(clippy::redundant_closure_call)]
                ($make)()
            }

            #[test]
            fn basics() {
                super::basics(&*store().0);
            }
            #[test]
            fn inbox() {
                super::inbox(&*store().0);
            }
            #[test]
            fn batch() {
                super::batch(&*store().0);
            }
            #[test]
            fn schedule() {
                super::schedule(&*store().0);
            }
            #[test]
            fn clinics() {
                super::clinics(&*store().0);
            }
            #[test]
            fn relays() {
                super::relays(&*store().0);
            }
            #[test]
            fn received() {
                super::shared::received(&*store().0);
            }
            #[test]
            fn leases() {
                super::shared::leases(&*store().0);
            }
            #[test]
            fn claims() {
                super::shared::claims(&*store().0);
            }
            #[test]
            fn dump() {
                super::shared::dump(&*store().0);
            }
            #[test]
            fn races() {
                let (s, _dir) = store();
                super::shared::races(s);
            }
        }
    };
}

suite!(memory, || (
    Arc::new(MemoryStore::default()) as Arc<dyn Store>,
    None
));
suite!(sled, || {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path(), 8).unwrap();
    (Arc::new(s) as Arc<dyn Store>, Some(dir))
});
suite!(postgres, || (
    Arc::new(PgStore::scratch()) as Arc<dyn Store>,
    None
));
