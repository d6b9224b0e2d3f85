//! Where the bot's time goes per update without Telegram: the service's decisions and the
//! store's transaction (a batch of 100 updates at a time, as the poll loop does), the flush,
//! then delivery bookkeeping (outbox claim, ack, shown), for N scripted intakes on a fresh
//! sled store.
//!
//! `cargo run --release --example store_profile -- 1000`

#[path = "../tests/script.rs"]
mod script;

use restride::outbox::Out;
use restride::service::Service;
use restride::store::{Commit, Job, SledStore, Store};
use restride::telegram::callback::encode_action;
use restride::telegram::core::Incoming;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() {
    let n: i64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    let sled = Arc::new(SledStore::open(dir.path(), 64).unwrap());
    let store: Arc<dyn Store> = sled.clone();
    let src = restride::dialog::load::Sources::from_dir(std::path::Path::new("dialogs")).unwrap();
    let service = Service {
        dialogs: Arc::new(restride::dialog::compile(&src).unwrap()),
        constants: Default::default(),
        username: "bot".into(),
        salt: b"s".to_vec(),
        checkins: Default::default(),
        clinics: Default::default(),
        retention_days: 365,
        languages: Default::default(),
    };
    let script = script::script();
    let (mut t_handle, mut t_commit, mut t_deliver, mut t_flush) = (
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
    );
    let mut update = 0i64;
    // Per chat: the next input.
    let mut next: Vec<Option<Incoming>> = (0..n)
        .map(|c| {
            Some(Incoming::Text {
                chat: c + 1,
                text: "/start".into(),
            })
        })
        .collect();
    let start = Instant::now();
    loop {
        let mut any = false;
        for chunk in (0..n).collect::<Vec<_>>().chunks(100) {
            let mut jobs = Vec::new();
            let mut inputs = Vec::new();
            let mut chats = Vec::new();
            for &c in chunk {
                let Some(inc) = next[c as usize].take() else {
                    continue;
                };
                any = true;
                update += 1;
                if let Some((chat, input)) = inc.input() {
                    jobs.push(Job {
                        chat,
                        update: Some(update),
                    });
                    inputs.push((chat, input));
                    chats.push(c);
                }
            }
            let t = Instant::now();
            store
                .transact(&jobs, &mut |i, tx| {
                    let (chat, input) = &inputs[i];
                    let d = Instant::now();
                    let c: Result<Commit, _> =
                        service.handle(tx, *chat, input.clone(), 1_795_000_000);
                    t_handle += d.elapsed();
                    c
                })
                .unwrap();
            t_commit += t.elapsed();
            let t = Instant::now();
            store.flush().unwrap();
            t_flush += t.elapsed();
            for c in chats {
                let chat = c + 1;
                // Deliver: read the outbox, remember shown questions, mark sent.
                let t = Instant::now();
                let mut typed = false;
                for (seq, out) in store.claim_outbox(chat, 0).unwrap() {
                    match &out {
                        Out::Send {
                            text,
                            buttons,
                            nonce,
                            ..
                        } => {
                            if let Some(nn) = nonce {
                                store
                                    .remember_shown(
                                        chat,
                                        *nn,
                                        &restride::store::Shown {
                                            message_id: 1,
                                            text: text.clone(),
                                        },
                                    )
                                    .unwrap();
                            }
                            let data = |b: &restride::outbox::Button| {
                                encode_action(&b.action).unwrap_or_default()
                            };
                            if let Some(first) = buttons.first().and_then(|r| r.first()) {
                                let node = data(first).split('|').nth(1).unwrap_or("").to_owned();
                                let action = script.get(node.as_str()).copied().unwrap_or("p0");
                                if let Some(b) = buttons
                                    .iter()
                                    .flatten()
                                    .find(|b| data(b).ends_with(&format!("|{action}")))
                                {
                                    next[c as usize] = Some(Incoming::Callback {
                                        chat,
                                        id: "q".into(),
                                        message_id: 1,
                                        data: data(b),
                                    });
                                }
                            } else if text.contains("weeks or months") {
                                typed = true;
                            }
                        }
                        Out::Answered { nonce, .. } => {
                            let _ = store.shown(chat, *nonce).unwrap();
                            store.forget_shown(chat, *nonce).unwrap();
                        }
                        _ => {}
                    }
                    store.ack(chat, seq).unwrap();
                }
                if typed {
                    next[c as usize] = Some(Incoming::Text {
                        chat,
                        text: "20".into(),
                    });
                }
                t_deliver += t.elapsed();
            }
        }
        if !any {
            break;
        }
    }
    store.flush().unwrap();
    let total = start.elapsed();
    let per = |d: Duration| d.as_secs_f64() * 1e6 / update as f64;
    println!(
        "{update} updates in {:.2} s ({:.0}/s): per update handle {:.1} us, commit {:.1} us, deliver bookkeeping {:.1} us, flush {:.1} us",
        total.as_secs_f64(),
        update as f64 / total.as_secs_f64(),
        per(t_handle),
        per(t_commit),
        per(t_deliver),
        per(t_flush)
    );
    let done = store
        .sessions()
        .unwrap()
        .iter()
        .filter(|(_, s)| s.outcome.is_some())
        .count();
    println!(
        "{done} intakes done; size on disk {} bytes ({:.0} per intake)",
        sled.size_on_disk(),
        sled.size_on_disk() as f64 / done.max(1) as f64
    );
}
