//! The load test's carry-over parts (issue 13), a module of `examples/loadtest.rs`.
//!
//! - `--stop-midway`: each mum answers only the first k of the intake's L questions, k
//!   from her chat id ([`stop_at`], 0 to L - 1), and the run ends when every mum has given
//!   her k answers and been shown her next question. Her session in the store is then
//!   checked ([`check_midway`]) and what she was shown is written to [`RECORD_FILE`]
//!   ([`Record`]) in the kept temp dir, with the last update id used.
//! - `--resume FILE`: the same mums, on a store that already holds them (a PostgreSQL
//!   database filled by `restride migrate-store`, or the kept sled data dir), with update
//!   ids above the first run's. Each sends /start and carries on with the script;
//!   [`check_resume`] checks that she was welcomed back to the question she was left at,
//!   reached her plan, and answered exactly L - k questions.
//!
//! The intake's questions, in order, come from walking the scripted mum through the engine
//! in memory ([`scripted_intake`]).

use super::{Mum, TYPED_ANSWER, TYPED_MARKER};
use restride::engine::Session;
use restride::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The record `--stop-midway` writes into the temp dir.
pub const RECORD_FILE: &str = "midway.json";
/// What the driver calls the typed question (it has no buttons to read a node from).
pub const TYPED_NODE: &str = "(typed)";
/// The start of the line Restride answers /start with in the middle of the intake.
pub const WELCOME_MARKER: &str = "Welcome back!";

/// One question of the scripted intake: where she is after some answers.
pub struct Step {
    /// The node she is asked.
    pub node: String,
    /// How many answers her session's history holds then.
    pub history: usize,
    /// It is the typed question (answered with text, not a button).
    pub typed: bool,
}

/// The scripted intake, walked in memory.
pub struct Intake {
    /// The session at her plan.
    pub session: Session,
    /// After j answers (j = 0: just after /start) she is asked `steps[j]`; she answers
    /// `steps.len()` questions in all.
    pub steps: Vec<Step>,
}

/// Runs the scripted mum through the engine in memory: her finished session and the
/// questions on the way.
pub fn scripted_intake() -> Result<Intake, String> {
    use restride::store::MemoryStore;
    use restride::telegram::core::{Core, Incoming};
    let src = restride::dialog::load::Sources::embedded();
    let dialogs = restride::dialog::compile(&src).map_err(|_| "the dialogs do not compile")?;
    let memory: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let core = Core {
        service: Arc::new(restride::service::Service {
            dialogs: Arc::new(dialogs),
            constants: Default::default(),
            username: "bot".into(),
            salt: b"s".to_vec(),
            checkins: Default::default(),
            clinics: Default::default(),
            retention_days: 365,
            languages: Default::default(),
        }),
        store: memory.clone(),
    };
    let script = super::script();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let mut next = Some(Incoming::Text {
        chat: 1,
        text: "/start".into(),
    });
    let mut update = 0;
    let mut steps = Vec::new();
    while let Some(inc) = next.take() {
        update += 1;
        if update > 200 {
            return Err("the scripted intake did not finish".into());
        }
        let commit = core.handle(update, inc, now).map_err(|e| e.to_string())?;
        for out in &commit.outbox {
            if let restride::outbox::Out::Send { text, buttons, .. } = out {
                let data = |b: &restride::outbox::Button| {
                    restride::telegram::callback::encode_action(&b.action).unwrap_or_default()
                };
                if let Some(first) = buttons.first().and_then(|r| r.first()) {
                    let first = data(first);
                    let node = first.split('|').nth(1).unwrap_or("");
                    let action = script.get(node).copied().unwrap_or("p0");
                    next = buttons
                        .iter()
                        .flatten()
                        .find(|b| data(b).ends_with(&format!("|{action}")))
                        .map(|b| Incoming::Callback {
                            chat: 1,
                            id: "q".into(),
                            message_id: 1,
                            data: data(b),
                        });
                } else if text.contains(TYPED_MARKER) {
                    next = Some(Incoming::Text {
                        chat: 1,
                        text: TYPED_ANSWER.into(),
                    });
                }
            }
        }
        if next.is_some() {
            let s = memory
                .session(1)
                .map_err(|e| e.to_string())?
                .ok_or("no session after an answer")?;
            steps.push(Step {
                node: s.node.clone().unwrap_or_default(),
                history: s.history.len(),
                typed: matches!(next, Some(Incoming::Text { .. })),
            });
        }
    }
    let session = memory
        .session(1)
        .map_err(|e| e.to_string())?
        .filter(|s| s.outcome.is_some())
        .ok_or("the scripted intake did not reach a plan")?;
    Ok(Intake { session, steps })
}

/// How many answers the mum of `chat` gives before she stops (`--stop-midway`): 0 to
/// `len - 1`, spread evenly (splitmix64 of the chat id and the seed).
pub fn stop_at(chat: i64, seed: u64, len: usize) -> usize {
    let mut z = (chat as u64) ^ seed.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z % len.max(1) as u64) as usize
}

/// What `--stop-midway` leaves for `--resume`.
#[derive(Serialize, Deserialize)]
pub struct Record {
    /// L: the questions of the whole scripted intake.
    pub intake_length: usize,
    /// The `--seed` the k were drawn with.
    pub seed: u64,
    /// The highest update id the first run used: the resumed run's start above it.
    pub last_update_id: i64,
    /// The sled data dir (for `restride migrate-store --from`), or the database URL.
    pub store: String,
    pub mums: Vec<Left>,
}

/// Where one mum was left.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Left {
    pub chat: i64,
    /// The answers she gave.
    pub k: usize,
    /// The question she was shown next, as the driver saw it: its node (from the buttons'
    /// data, or [`TYPED_NODE`]) and its text.
    pub node: String,
    pub text: String,
}

impl Record {
    pub fn load(path: &Path) -> Result<Record, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| format!("{} is not a --stop-midway record: {e}", path.display()))
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// What the first run (`--stop-midway`) shows.
pub struct MidwayOutcome {
    pub mums: usize,
    /// Mums that gave their k answers and were shown their next question.
    pub stopped: usize,
    /// Of those, the question shown is the walk's question after k answers.
    pub as_walked: usize,
    /// Mums by k.
    pub by_k: BTreeMap<usize, usize>,
    /// How many distinct questions the mums were left at.
    pub distinct: usize,
    /// Sessions in the store at the walk's node with k answers in their history, and
    /// not finished (or why the store did not open).
    pub store_ok: Result<usize, String>,
    /// (chat, what is wrong).
    pub failures: Vec<(i64, String)>,
    /// Where the record was written.
    pub record: Option<PathBuf>,
}

impl MidwayOutcome {
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
            && self.stopped == self.mums
            && self.as_walked == self.mums
            && self.store_ok.as_ref().is_ok_and(|n| *n == self.mums)
            && self.record.is_some()
    }

    pub fn print(&self, len: usize) {
        let ks: Vec<String> = self.by_k.iter().map(|(k, n)| format!("{k}:{n}")).collect();
        println!(
            "stop midway: intake of {len} questions; {} mums left at {} distinct questions (answers given: mums) {}",
            self.mums,
            self.distinct,
            ks.join(" ")
        );
        println!(
            "  gave their k answers and were shown the next question {}/{}; that question is the walk's {}/{}",
            self.stopped, self.mums, self.as_walked, self.mums
        );
        match &self.store_ok {
            Ok(n) => println!(
                "  store: sessions at that question with k answers, unfinished {n}/{}",
                self.mums
            ),
            Err(e) => println!("  store did NOT open: {e}"),
        }
        print_failures(&self.failures);
        println!("  verdict: {}", if self.ok() { "PASS" } else { "FAILED" });
    }
}

fn print_failures(failures: &[(i64, String)]) {
    for (chat, what) in failures {
        println!("  FAIL chat {chat}: {what}");
    }
}

/// Checks the first run: every mum stopped where she should, in the driver's eyes and in
/// the store (`store`: opened after the bots stopped).
pub fn check_midway(
    mums: &[Mum],
    intake: &Intake,
    seed: u64,
    store: Result<&dyn Store, &String>,
) -> MidwayOutcome {
    let len = intake.steps.len();
    let mut out = MidwayOutcome {
        mums: mums.len(),
        stopped: 0,
        as_walked: 0,
        by_k: BTreeMap::new(),
        distinct: 0,
        store_ok: Ok(0),
        failures: Vec::new(),
        record: None,
    };
    let mut nodes = BTreeSet::new();
    for m in mums {
        let k = stop_at(m.chat, seed, len);
        let step = &intake.steps[k];
        *out.by_k.entry(k).or_default() += 1;
        nodes.insert(step.node.as_str());
        let mut wrong = Vec::new();
        if m.stopped && m.given == k {
            out.stopped += 1;
        } else {
            wrong.push(format!(
                "did not stop after {k} answers (gave {}, stopped {}, at her plan {}, stuck {})",
                m.given, m.stopped, m.finished, m.stuck
            ));
        }
        let seen = m.shown.as_ref().map(|(n, _)| n.as_str());
        let walked = if step.typed {
            TYPED_NODE
        } else {
            step.node.as_str()
        };
        if seen == Some(walked) {
            out.as_walked += 1;
        } else {
            wrong.push(format!(
                "shown {seen:?}, the walk has {walked:?} after {k} answers"
            ));
        }
        if !wrong.is_empty() {
            out.failures.push((m.chat, wrong.join("; ")));
        }
    }
    out.distinct = nodes.len();
    out.store_ok = match store {
        Err(e) => Err(e.clone()),
        Ok(store) => {
            let mut n = 0;
            for m in mums {
                let k = stop_at(m.chat, seed, len);
                let step = &intake.steps[k];
                match store.session(m.chat) {
                    Ok(Some(s))
                        if s.node.as_deref() == Some(step.node.as_str())
                            && s.history.len() == step.history
                            && s.outcome.is_none() =>
                    {
                        n += 1
                    }
                    Ok(Some(s)) => out.failures.push((
                        m.chat,
                        format!(
                            "store: at {:?} with {} answers (finished {}), expected {:?} with {}",
                            s.node,
                            s.history.len(),
                            s.outcome.is_some(),
                            step.node,
                            step.history
                        ),
                    )),
                    Ok(None) => out.failures.push((m.chat, "store: no session".into())),
                    Err(e) => out.failures.push((m.chat, format!("store: {e}"))),
                }
            }
            Ok(n)
        }
    };
    out
}

/// The record of a first run: where each mum was left.
pub fn record(mums: &[Mum], len: usize, seed: u64, last_update_id: i64, store: String) -> Record {
    Record {
        intake_length: len,
        seed,
        last_update_id,
        store,
        mums: mums
            .iter()
            .map(|m| {
                let (node, text) = m.shown.clone().unwrap_or_default();
                Left {
                    chat: m.chat,
                    k: m.given,
                    node,
                    text,
                }
            })
            .collect(),
    }
}

/// What the resumed run (`--resume`) shows.
pub struct ResumeOutcome {
    pub mums: usize,
    pub distinct: usize,
    /// The record holds her and its k is the one her chat id gives.
    pub recorded: usize,
    /// (a) After /start, the "welcome back" line came and the question shown is the one
    /// she was left at (node and text).
    pub welcomed: usize,
    pub same_question: usize,
    /// (b) She reached her plan.
    pub plan: usize,
    /// (c) She answered exactly L - k questions.
    pub rest_answered: usize,
    pub failures: Vec<(i64, String)>,
}

impl ResumeOutcome {
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }

    pub fn print(&self, len: usize) {
        let n = self.mums;
        println!(
            "resume: intake of {len} questions; {n} mums left at {} distinct questions in the first run",
            self.distinct
        );
        println!(
            "  in the record with the k her chat id gives {}/{n}",
            self.recorded
        );
        println!(
            "  (a) after /start: \"welcome back\" {}/{n}; shown the question she was left at (node and text) {}/{n}",
            self.welcomed, self.same_question
        );
        println!("  (b) reached her plan {}/{n}", self.plan);
        println!(
            "  (c) answered exactly L - k questions in this run {}/{n}",
            self.rest_answered
        );
        print_failures(&self.failures);
        println!(
            "  verdict: {}",
            if self.ok() {
                "PASS (every mum carried on where she was)".to_owned()
            } else {
                let mut chats: Vec<i64> = self.failures.iter().map(|f| f.0).collect();
                chats.dedup();
                format!("FAILED ({} mums)", chats.len())
            }
        );
    }
}

/// Checks the resumed run, mum by mum, against the record of the first.
pub fn check_resume(mums: &[Mum], record: &Record) -> ResumeOutcome {
    let len = record.intake_length;
    let by_chat: BTreeMap<i64, &Left> = record.mums.iter().map(|l| (l.chat, l)).collect();
    let mut out = ResumeOutcome {
        mums: mums.len(),
        distinct: 0,
        recorded: 0,
        welcomed: 0,
        same_question: 0,
        plan: 0,
        rest_answered: 0,
        failures: Vec::new(),
    };
    let mut nodes = BTreeSet::new();
    for m in mums {
        // Drawn with the first run's seed, whatever this run's `--seed`.
        let k = stop_at(m.chat, record.seed, len);
        let mut wrong = Vec::new();
        let left = by_chat.get(&m.chat);
        if let Some(l) = left {
            nodes.insert(l.node.as_str());
        }
        match left {
            None => wrong.push("not in the record".to_owned()),
            Some(l) if l.k != k => wrong.push(format!(
                "k from her chat id is {k}, the record says {}",
                l.k
            )),
            Some(_) => out.recorded += 1,
        }
        if m.welcomed {
            out.welcomed += 1;
        } else {
            wrong.push("(a) no \"welcome back\" after /start".into());
        }
        let shown = m.resumed_at.as_ref();
        let expected = left.map(|l| (l.node.clone(), l.text.clone()));
        if shown.is_some() && shown == expected.as_ref() {
            out.same_question += 1;
        } else {
            let node =
                |q: Option<&(String, String)>| q.map_or("nothing", |q| q.0.as_str()).to_owned();
            let text_differs = match (shown, expected.as_ref()) {
                (Some(a), Some(b)) if a.0 == b.0 && a.1 != b.1 => "; same node, other text",
                _ => "",
            };
            wrong.push(format!(
                "(a) shown {} after /start, left at {}{text_differs}",
                node(shown),
                node(expected.as_ref())
            ));
        }
        if m.finished {
            out.plan += 1;
        } else {
            wrong.push(format!(
                "(b) no plan (stuck {}, {} answers given)",
                m.stuck, m.given
            ));
        }
        if m.given == len - k.min(len) {
            out.rest_answered += 1;
        } else {
            wrong.push(format!(
                "(c) answered {} questions, expected {len} - {k} = {}",
                m.given,
                len - k.min(len)
            ));
        }
        if !wrong.is_empty() {
            out.failures.push((m.chat, wrong.join("; ")));
        }
    }
    out.distinct = nodes.len();
    out
}
