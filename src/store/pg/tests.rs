//! The PostgreSQL store beyond the conformance suite: instances side by
//! side, the shared budget, and what an erasure leaves in the files.

use super::*;
use crate::store::{Commit, Job, Take};

/// Two instances on one database, four threads handing each of them
/// every update: each is decided exactly once, one chat at a time.
#[test]
fn two_instances_decide_each_update_once() {
    let url = scratch_url();
    let stores: Vec<Arc<PgStore>> = (0..2)
        .map(|_| Arc::new(PgStore::open(&url).unwrap()))
        .collect();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let store = stores[t % 2].clone();
            std::thread::spawn(move || {
                for u in 1..=60i64 {
                    let job = Job {
                        chat: u % 3,
                        update: Some(u),
                    };
                    store
                        .transact_one(job, &mut |tx| {
                            let mut s = tx.session(u % 3)?.unwrap_or_else(|| {
                                crate::engine::Session::new("intake", 1, "h", 0)
                            });
                            s.nonce += 1;
                            Ok(Commit {
                                session: Some(s),
                                outbox: vec![Out::text(format!("update {u}"))],
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
    for chat in 0..3 {
        assert_eq!(
            Store::session(&*stores[0], chat).unwrap().unwrap().nonce,
            20
        );
        let texts: Vec<String> = stores[1]
            .outbox(chat)
            .unwrap()
            .into_iter()
            .map(|(_, o)| match o {
                Out::Send { text, .. } => text,
                other => format!("{other:?}"),
            })
            .collect();
        let expected: Vec<String> = (1..=60)
            .filter(|u| u % 3 == chat)
            .map(|u| format!("update {u}"))
            .collect();
        assert_eq!(texts, expected, "once each, in update order");
    }
}

/// Two instances share one budget: scheduled messages from both together
/// keep to the rate; replies are never held back but use it up.
#[test]
fn two_instances_share_one_rate_budget() {
    let url = scratch_url();
    let a = PgStore::open(&url).unwrap();
    let b = PgStore::open(&url).unwrap();
    let rate = 20.0;
    let start = std::time::Instant::now();
    let mut granted = 0;
    while start.elapsed() < Duration::from_millis(1000) {
        for s in [&a, &b] {
            match s.take_token(rate, Take::Scheduled).unwrap() {
                Some(w) if w <= 0.0 => granted += 1,
                Some(w) => std::thread::sleep(Duration::from_secs_f64(w.min(0.02))),
                None => panic!("PostgreSQL shares its budget"),
            }
        }
    }
    // A second at 20/s after a burst of 4: about 24, never twice that.
    assert!((15..=26).contains(&granted), "{granted} in a second");
    // Replies go at once, even over the budget, and scheduled ones then wait.
    // (A drain takes its replies' places together.)
    for n in [1, 9, 20] {
        assert_eq!(a.take_token(rate, Take::Replies(n)).unwrap(), Some(0.0));
    }
    let wait = b.take_token(rate, Take::Scheduled).unwrap().unwrap();
    assert!(
        wait > 0.5,
        "a scheduled message waits behind the replies: {wait}"
    );
}

/// After `/delete` and the vacuum it starts, neither her answers nor
/// her key are anywhere in the database's files.
#[test]
fn an_erasure_leaves_nothing_readable_in_the_files() {
    let store = PgStore::scratch();
    let answer = r#""weight_kg":143"#;
    store
        .commit(Commit {
            chat: 7,
            update_id: Some(1),
            session: Some(crate::engine::Session::new("intake", 1, "h", 0)),
            outbox: vec![Out::text(format!("you said {answer}"))],
            ..Commit::default()
        })
        .unwrap();
    let key: Vec<u8> = store
        .block(
            sqlx::query_scalar("SELECT key FROM chat_keys WHERE chat = 7").fetch_one(&store.pool),
        )
        .unwrap();
    let files = || -> Vec<u8> {
        store
            .block(
                sqlx::query_scalar::<_, Vec<u8>>(
                    "SELECT pg_read_binary_file(pg_relation_filepath(c.oid))
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 't')
                     AND pg_relation_filepath(c.oid) IS NOT NULL",
                )
                .fetch_all(&store.pool),
            )
            .unwrap()
            .concat()
    };
    let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    // Checkpointed, the key is in the files before.
    store
        .block(sqlx::raw_sql("CHECKPOINT").execute(&store.pool))
        .unwrap();
    assert!(contains(&files(), &key), "the probe sees the key");
    assert!(!contains(&files(), answer.as_bytes()), "sealed");
    store
        .commit(Commit {
            chat: 7,
            update_id: Some(2),
            erase: true,
            ..Commit::default()
        })
        .unwrap();
    store.vacuumed();
    store
        .block(sqlx::raw_sql("CHECKPOINT").execute(&store.pool))
        .unwrap();
    let after = files();
    assert!(!contains(&after, &key), "her key is gone from the files");
    assert!(!contains(&after, answer.as_bytes()));
    assert_eq!(store.chat_keys(7).unwrap(), 0);
}
