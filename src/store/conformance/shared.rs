//! The parts of the contract several instances rely on: updates received
//! by a webhook, named leases, outbox claims, the dump a migration copies,
//! and threads racing for the same chat, entries and codes.

use super::*;

pub(super) fn received(store: &dyn Store) {
    assert!(store.receive(5, 7, b"five", 100).unwrap());
    assert!(!store.receive(5, 7, b"five", 101).unwrap(), "kept once");
    assert!(store.receive(3, 7, b"three", 102).unwrap());
    assert!(store.receive(9, 8, b"nine", 103).unwrap());
    assert!(store.known(9).unwrap() && !store.known(4).unwrap());
    assert_eq!(
        store.received(7).unwrap(),
        vec![(3, b"three".to_vec()), (5, b"five".to_vec())],
        "in update-id order"
    );
    assert_eq!(store.received_chats(101).unwrap(), vec![7]);
    assert_eq!(store.received_chats(200).unwrap(), vec![7, 8]);
    // Deciding an update removes it; a handled one is not kept again.
    one(store, 7, Some(3), |_| Commit::default());
    assert_eq!(store.received(7).unwrap(), vec![(5, b"five".to_vec())]);
    assert!(!store.receive(3, 7, b"three", 104).unwrap());
    assert!(store.known(3).unwrap(), "handled");
    // A duplicate job removes its copy too.
    assert!(matches!(
        one(store, 7, Some(3), |_| Commit::default()),
        Done::Duplicate
    ));
    // Her erasure takes what she sent and no one decided yet.
    one(store, 7, Some(5), |_| Commit {
        erase: true,
        ..Commit::default()
    });
    assert!(store.received(7).unwrap().is_empty());
    assert_eq!(store.received(8).unwrap().len(), 1);
}

pub(super) fn leases(store: &dyn Store) {
    // "No limit" is a limit too.
    assert!(store.due_before(i64::MAX, usize::MAX).unwrap().is_empty());
    assert!(store.claim_due(0, usize::MAX).unwrap().is_empty());
    assert!(store.session_chats(None, usize::MAX).unwrap().is_empty());
    assert!(store.take_lease("sweep", 100, 160).unwrap());
    assert!(!store.take_lease("sweep", 120, 180).unwrap(), "held");
    assert!(store.take_lease("other", 120, 180).unwrap());
    assert!(store.take_lease("sweep", 160, 220).unwrap(), "ran out");
}

/// An outbox claim renewed while it is held goes to no one else; once it
/// has run out and another claim took it, the first claimer can neither
/// renew nor give it back.
pub(super) fn claims(store: &dyn Store) {
    one(store, 7, Some(1), |_| Commit {
        outbox: vec![send("a"), send("b")],
        ..Commit::default()
    });
    let seqs: Vec<u64> = store
        .claim_outbox(7, 1000)
        .unwrap()
        .iter()
        .map(|(s, _)| *s)
        .collect();
    assert_eq!(seqs.len(), 2);
    assert_eq!(store.renew_claim(7, &seqs, 1000, 1010).unwrap(), seqs);
    // Past the first lease (20 s on PostgreSQL), still held.
    assert!(store.claim_outbox(7, 1025).unwrap().is_empty());
    assert!(
        store.renew_claim(7, &seqs, 1000, 1026).unwrap().is_empty(),
        "stale"
    );
    let late = 1010 + LEASE + 1;
    assert_eq!(store.claim_outbox(7, late).unwrap().len(), 2, "ran out");
    assert!(store.renew_claim(7, &seqs, 1010, late).unwrap().is_empty());
    store.release(7, &seqs, 1010);
    assert!(
        store.claim_outbox(7, late).unwrap().is_empty(),
        "not given back"
    );
    // The second claimer's: renewed, then given back.
    store.ack(7, seqs[0]).unwrap();
    assert_eq!(
        store.renew_claim(7, &seqs, late, late + 1).unwrap(),
        vec![seqs[1]]
    );
    store.release(7, &seqs[1..], late + 1);
    assert_eq!(store.claim_outbox(7, late + 2).unwrap().len(), 1);
}

pub(super) fn dump(store: &dyn Store) {
    fill(store);
    let d = store.dump().unwrap();
    assert_eq!(d.salt, store.salt().unwrap());
    let counts: Vec<usize> = d.counts().into_iter().map(|(_, n)| n).collect();
    assert_eq!(counts, vec![1, 1, 1, 1, 1, 0, 1, 1, 2, 2]);
    assert_eq!(d.sessions[0].1.nonce, 3);
    assert_eq!(
        d.outbox[0],
        (
            7,
            Entry {
                about: None,
                out: send("hello")
            }
        )
    );
    assert_eq!(d.outbox[1].1.about.as_ref().map(|a| a.chat), Some(7));
    assert_eq!(
        d.inbox.iter().map(|(u, _)| *u).collect::<Vec<_>>(),
        vec![1, 2]
    );
}

/// One of everything a dump holds (but a patient link).
pub fn fill(store: &dyn Store) {
    one(store, 7, Some(1), |_| Commit {
        session: Some(session(3)),
        checkin: Some(Record {
            next_due: Some(10),
            ..Record::default()
        }),
        outbox: vec![send("hello")],
        others: vec![relay(900, 7, "north", "summary")],
        clinic: vec![
            ClinicWrite::Share {
                clinic: "north".into(),
                chat: 7,
                entry: Some(entry("R-1")),
            },
            ClinicWrite::Staff {
                clinic: "north".into(),
                user: 900,
                entry: Some(StaffEntry { since: 1 }),
            },
            ClinicWrite::Invite {
                hash: "h".into(),
                invite: Some(Invite {
                    clinic: "north".into(),
                    expires: 100,
                }),
            },
            ClinicWrite::Audit {
                clinic: "north".into(),
                line: AuditLine {
                    at: 1,
                    staff: 900,
                    action: "viewed".into(),
                    refs: vec!["R-1".into()],
                },
            },
        ],
        ..Commit::default()
    });
    one(store, 8, Some(2), |_| Commit {
        erase: true,
        audit: Some("erased abc".into()),
        ..Commit::default()
    });
}

/// Two threads race: for the same chat (no update lost), for the same
/// outbox entries and due check-ins (each taken once), and for the same
/// one-time code (used once).
pub(super) fn races(store: Arc<dyn Store>) {
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let store = store.clone();
            std::thread::spawn(move || {
                for _ in 0..100 {
                    store
                        .transact_one(job(42, None), &mut |tx| {
                            let n = tx.session(42)?.map_or(0, |s| s.nonce);
                            Ok(Commit {
                                session: Some(session(n + 1)),
                                ..Commit::default()
                            })
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(store.session(42).unwrap().map(|s| s.nonce), Some(200));

    one(&*store, 43, None, |_| Commit {
        outbox: (0..50).map(|i| send(&i.to_string())).collect(),
        checkin: Some(Record {
            next_due: Some(10),
            ..Record::default()
        }),
        ..Commit::default()
    });
    let claimers: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            std::thread::spawn(move || {
                let mut got = Vec::new();
                for _ in 0..20 {
                    got.extend(
                        store
                            .claim_outbox(43, 100)
                            .unwrap()
                            .into_iter()
                            .map(|(s, _)| s),
                    );
                }
                let due = store.claim_due(100, 10).unwrap();
                (got, due)
            })
        })
        .collect();
    let mut seqs = Vec::new();
    let mut dues = Vec::new();
    for t in claimers {
        let (s, d) = t.join().unwrap();
        seqs.extend(s);
        dues.extend(d);
    }
    seqs.sort_unstable();
    let n = seqs.len();
    seqs.dedup();
    assert_eq!(
        (n, seqs.len()),
        (50, 50),
        "every entry claimed exactly once"
    );
    assert_eq!(dues, vec![(10, 43)], "the due check-in claimed once");

    one(&*store, 0, None, |_| Commit {
        clinic: vec![ClinicWrite::Invite {
            hash: "h".into(),
            invite: Some(Invite {
                clinic: "north".into(),
                expires: 100,
            }),
        }],
        ..Commit::default()
    });
    let enrolers: Vec<_> = (0..4)
        .map(|user| {
            let store = store.clone();
            std::thread::spawn(move || {
                store
                    .transact_one(job(500 + user, None), &mut |tx| {
                        let mut c = Commit::default();
                        if tx.invite("h")?.is_some() {
                            c.clinic = vec![
                                ClinicWrite::Invite {
                                    hash: "h".into(),
                                    invite: None,
                                },
                                ClinicWrite::Staff {
                                    clinic: "north".into(),
                                    user: 500 + user,
                                    entry: Some(StaffEntry { since: 1 }),
                                },
                            ];
                        }
                        Ok(c)
                    })
                    .unwrap();
            })
        })
        .collect();
    for t in enrolers {
        t.join().unwrap();
    }
    assert_eq!(
        store.read().staff("north").unwrap().len(),
        1,
        "the code worked once"
    );
}
