//! The store contract, and its backends: sled on disk, memory for tests.
//! One conformance suite (`conformance.rs`) runs against every backend.
//!
//! - A decision and its writes are one transaction: [`Store::transact`] runs
//!   the caller's `decide` with a [`Tx`] that reads the state as it stands,
//!   the writes of earlier jobs of the same call included, and applies every
//!   job's [`Commit`] atomically. Nothing commits behind the caller's back.
//! - An inbox of handled updates keyed by update id: a job whose update is
//!   there already is not decided again ([`Done::Duplicate`]), whatever order
//!   updates arrive in.
//! - Outbox entries are claimed (a lease), sent, then acknowledged; due
//!   check-ins are claimed likewise, so two workers never take the same one.
//! - Clinic data is read and written through typed values.

mod conformance;
mod memory;
pub mod migrate;
mod overlay;
mod pg;
mod sled_store;
mod vault;

pub use memory::MemoryStore;
pub use pg::{PgStore, scratch_url, test_url};
pub use sled_store::{ExportedTree, SledStore};

use crate::checkin::Record;
use crate::clinic::{AuditLine, Invite, PatientLink, ShareEntry, StaffEntry};
use crate::engine::Session;
use crate::outbox::Out;
use serde::{Deserialize, Serialize};

/// Keys are versioned so the layout can migrate: every tree is `v1/<name>`.
pub const LAYOUT: &str = "v1";

/// How long a claim on an outbox entry or a due check-in holds (seconds).
pub const LEASE: i64 = 60;

/// What went wrong in the store; no backend's types leak out.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage: {0}")]
    Backend(String),
    #[error("stored data is unreadable: {0}")]
    Decode(#[from] serde_json::Error),
    #[error("{0}")]
    Other(String),
}

/// One write to clinic data.
// A summary is much larger than the other writes; writes are few per commit
// and short-lived, so boxing it would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ClinicWrite {
    /// Her summary on a clinic's list (None: off the list).
    Share {
        clinic: String,
        chat: i64,
        entry: Option<ShareEntry>,
    },
    /// A staff member (None: removed).
    Staff {
        clinic: String,
        user: i64,
        entry: Option<StaffEntry>,
    },
    /// A one-time enrolment code, by the hash of the code (None: used or expired).
    Invite {
        hash: String,
        invite: Option<Invite>,
    },
    /// A single-patient link, by its token.
    Link {
        token: String,
        link: Option<PatientLink>,
    },
    /// A line appended to a clinic's audit (never removed).
    Audit { clinic: String, line: AuditLine },
}

/// Everything one decision changes, written atomically.
#[derive(Debug, Default)]
pub struct Commit {
    pub chat: i64,
    /// The new session; `None` leaves it as it is.
    pub session: Option<Session>,
    /// Erase every key of the chat first (`/delete`).
    pub erase: bool,
    /// The update this commit handles (set by [`Store::transact`]).
    pub update_id: Option<i64>,
    pub outbox: Vec<Out>,
    /// An audit line to append (only for erasures: an opaque reference).
    pub audit: Option<String>,
    /// Her check-in record; the schedule index follows its `next_due`.
    pub checkin: Option<Record>,
    pub clinic: Vec<ClinicWrite>,
    /// Messages to other chats in the same commit (summaries to clinic staff).
    pub others: Vec<Relay>,
}

/// A message to another chat (a clinic's staff member) about her: it goes
/// when she is erased, withdraws from that clinic, or the staff member is
/// removed from it, sent or not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relay {
    pub to: i64,
    pub about: About,
    pub out: Out,
}

/// Whom, and which clinic, a message to staff is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    pub chat: i64,
    pub clinic: String,
}

/// An outbox entry as stored: the message, and whom it is about if it goes
/// to someone else.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<About>,
    pub out: Out,
}

impl Entry {
    /// Whether a commit's erasure, withdrawal or staff removal drops this
    /// entry (to `to`).
    pub fn dropped_by(&self, to: i64, c: &Commit) -> bool {
        let Some(about) = &self.about else {
            return false;
        };
        (c.erase && about.chat == c.chat)
            || c.clinic.iter().any(|w| match w {
                ClinicWrite::Share {
                    clinic,
                    chat,
                    entry: None,
                } => about.chat == *chat && &about.clinic == clinic,
                ClinicWrite::Staff {
                    clinic,
                    user,
                    entry: None,
                } => to == *user && &about.clinic == clinic,
                _ => false,
            })
    }
}

impl Commit {
    pub fn new(chat: i64) -> Commit {
        Commit {
            chat,
            ..Commit::default()
        }
    }

    /// The chats this commit gives something to send.
    pub fn recipients(&self) -> Vec<i64> {
        let own = (!self.outbox.is_empty()).then_some(self.chat);
        let mut chats: Vec<i64> = own
            .into_iter()
            .chain(self.others.iter().map(|r| r.to))
            .collect();
        chats.sort_unstable();
        chats.dedup();
        chats
    }
}

/// One decision to take: for a chat (0 for the operator), handling an update
/// (checked against the inbox) or not (a scheduled step, an operator command).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    pub chat: i64,
    pub update: Option<i64>,
}

/// How a job ended.
// One per job of a transaction, handed back once: a box would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Done {
    Applied(Commit),
    /// Its update was handled before: nothing was decided or written.
    Duplicate,
}

/// What a decision may read: the state as it stands in this transaction.
pub trait Tx {
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError>;
    fn checkin(&self, chat: i64) -> Result<Option<Record>, StoreError>;
    fn share(&self, clinic: &str, chat: i64) -> Result<Option<ShareEntry>, StoreError>;
    /// A clinic's list: (chat, entry) in chat order.
    fn shares(&self, clinic: &str) -> Result<Vec<(i64, ShareEntry)>, StoreError>;
    /// A clinic's staff: (user, entry) in user order.
    fn staff(&self, clinic: &str) -> Result<Vec<(i64, StaffEntry)>, StoreError>;
    /// The clinics a user is staff of.
    fn staff_clinics(&self, user: i64) -> Result<Vec<String>, StoreError>;
    fn invite(&self, hash: &str) -> Result<Option<Invite>, StoreError>;
    fn link(&self, token: &str) -> Result<Option<PatientLink>, StoreError>;
    /// Every single-patient link: (token, link) in token order.
    fn links(&self) -> Result<Vec<(String, PatientLink)>, StoreError>;
    /// A clinic's audit, oldest first.
    fn clinic_audit(&self, clinic: &str) -> Result<Vec<AuditLine>, StoreError>;
}

/// A decision: the index of its job and the state to read; returns its writes.
pub type Decide<'a> = dyn FnMut(usize, &dyn Tx) -> Result<Commit, StoreError> + 'a;

/// A question message as shown, so it can be edited later (the Telegram
/// adapter's business: the service never sees message ids).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub message_id: i32,
    pub text: String,
}

/// Everything a store holds that `restride migrate-store` carries over (the
/// question messages shown, kept only to edit them, are not).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Dump {
    pub salt: Vec<u8>,
    pub sessions: Vec<(i64, Session)>,
    pub checkins: Vec<(i64, Record)>,
    pub shares: Vec<(String, i64, ShareEntry)>,
    pub staff: Vec<(String, i64, StaffEntry)>,
    pub invites: Vec<(String, Invite)>,
    pub links: Vec<(String, PatientLink)>,
    /// Per clinic, oldest first.
    pub clinic_audit: Vec<(String, AuditLine)>,
    pub audit: Vec<String>,
    /// Unsent messages: (to, entry), oldest first.
    pub outbox: Vec<(i64, Entry)>,
    /// Handled updates: (update id, when).
    pub inbox: Vec<(i64, i64)>,
}

impl Dump {
    /// How many of each kind it holds, to compare a copy with its source.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("sessions", self.sessions.len()),
            ("check-ins", self.checkins.len()),
            ("shared summaries", self.shares.len()),
            ("staff", self.staff.len()),
            ("enrolment codes", self.invites.len()),
            ("patient links", self.links.len()),
            ("clinic audit lines", self.clinic_audit.len()),
            ("deletion records", self.audit.len()),
            ("unsent messages", self.outbox.len()),
            ("handled updates", self.inbox.len()),
        ]
    }
}

pub trait Store: Send + Sync {
    /// Decides `jobs` in order, each seeing the writes of the ones before it,
    /// and applies them as one transaction. A job whose update was handled
    /// before is skipped. Not yet durable: see [`Store::flush`].
    fn transact(&self, jobs: &[Job], decide: &mut Decide<'_>) -> Result<Vec<Done>, StoreError>;

    /// Makes every earlier write durable.
    fn flush(&self) -> Result<(), StoreError>;

    /// The highest update id in the inbox (where long polling resumes).
    fn last_update(&self) -> Result<Option<i64>, StoreError>;

    /// Claims a chat's unsent outbox entries, oldest first, for `LEASE`
    /// seconds: another claimer gets none of them until they are
    /// acknowledged or the lease runs out.
    fn claim_outbox(&self, chat: i64, now: i64) -> Result<Vec<(u64, Out)>, StoreError>;
    /// Holds on to claimed entries for another lease, counted from `now`,
    /// while the claim made (or last renewed) at `since` is still this
    /// claimer's. Returns the entries renewed: not those that left the
    /// outbox, nor those another claim took after the lease ran out.
    fn renew_claim(
        &self,
        chat: i64,
        seqs: &[u64],
        since: i64,
        now: i64,
    ) -> Result<Vec<u64>, StoreError>;
    /// An entry was sent (or refused for good): it leaves the outbox.
    fn ack(&self, chat: i64, seq: u64) -> Result<(), StoreError>;
    /// Claimed entries were not sent after all: another claim may take them
    /// now, unless the claim taken (or renewed) at `since` has run out and
    /// someone else holds them.
    fn release(&self, chat: i64, seqs: &[u64], since: i64);
    /// Chats with unsent entries.
    fn outbox_chats(&self) -> Result<Vec<i64>, StoreError>;
    /// A chat's unsent entries, claimed or not (for metrics and tests).
    fn outbox(&self, chat: i64) -> Result<Vec<(u64, Out)>, StoreError>;

    /// Claims up to `limit` check-ins due at or before `now`, earliest first:
    /// (due, chat). A claimed one is not returned again within `LEASE`
    /// seconds (its job moves it, or the lease runs out).
    fn claim_due(&self, now: i64, limit: usize) -> Result<Vec<(i64, i64)>, StoreError>;
    /// What is due at or before `now`, earliest first, without claiming it
    /// (`restride schedule`).
    fn due_before(&self, now: i64, limit: usize) -> Result<Vec<(i64, i64)>, StoreError>;

    /// Keeps an update a webhook received, until it is decided (a job with
    /// its id removes it). False: it was received or handled before.
    fn receive(&self, update: i64, chat: i64, body: &[u8], now: i64) -> Result<bool, StoreError>;
    /// A chat's received updates not yet decided, in update-id order.
    fn received(&self, chat: i64) -> Result<Vec<(i64, Vec<u8>)>, StoreError>;
    /// Chats with an update received at or before `before` and not decided.
    fn received_chats(&self, before: i64) -> Result<Vec<i64>, StoreError>;
    /// Whether an update was received or handled (whichever chat it is of).
    fn known(&self, update: i64) -> Result<bool, StoreError>;

    /// Whether several processes share it (claims they hold may outlive
    /// them, so what is left must be looked for now and then).
    fn shared(&self) -> bool {
        false
    }
    /// Whether it answers (`/healthz`).
    fn ping(&self) -> bool {
        true
    }

    /// Takes the lease `name` until `until` unless another holder has it
    /// (work one instance of a deployment does at a time).
    fn take_lease(&self, name: &str, now: i64, until: i64) -> Result<bool, StoreError>;

    /// The deployment's shared Telegram budget: takes places (replies' at
    /// once, a scheduled message's only from what replies leave) and says
    /// how long to wait before asking again (0: taken). `None`: the store is
    /// one process's own, and the process paces itself.
    fn take_token(&self, _rate: f64, _take: Take) -> Result<Option<f64>, StoreError> {
        Ok(None)
    }

    /// Everything it holds, for `restride migrate-store`.
    fn dump(&self) -> Result<Dump, StoreError>;

    /// Forgets handled updates older than `before` (Unix seconds): Telegram
    /// delivers an update again for a day at most.
    fn prune_inbox(&self, before: i64) -> Result<usize, StoreError>;

    fn remember_shown(&self, chat: i64, nonce: u32, shown: &Shown) -> Result<(), StoreError>;
    fn shown(&self, chat: i64, nonce: u32) -> Result<Option<Shown>, StoreError>;
    /// Drops a question message's record once it can no longer be edited.
    fn forget_shown(&self, chat: i64, nonce: u32) -> Result<(), StoreError>;

    /// The state as committed, for reads outside a decision (operator
    /// listings, exports, tests).
    fn read(&self) -> &dyn Tx;
    /// Every stored session.
    fn sessions(&self) -> Result<Vec<(i64, Session)>, StoreError>;
    /// Up to `limit` chats with a stored session, in key order, after `after`.
    fn session_chats(&self, after: Option<i64>, limit: usize) -> Result<Vec<i64>, StoreError>;
    /// Every check-in record (for `restride schedule stats`).
    fn checkins(&self) -> Result<Vec<(i64, Record)>, StoreError>;
    /// How many keys, in any tree, belong to the chat (0 after `/delete`).
    fn chat_keys(&self, chat: i64) -> Result<usize, StoreError>;
    /// The deletion audit (opaque references only).
    fn audit(&self) -> Result<Vec<String>, StoreError>;
    /// A secret of this store that makes references opaque.
    fn salt(&self) -> Result<Vec<u8>, StoreError>;

    /// Shorthands for reads outside a decision.
    fn session(&self, chat: i64) -> Result<Option<Session>, StoreError> {
        self.read().session(chat)
    }
    fn checkin(&self, chat: i64) -> Result<Option<Record>, StoreError> {
        self.read().checkin(chat)
    }

    /// One decision as one transaction.
    fn transact_one(
        &self,
        job: Job,
        decide: &mut dyn FnMut(&dyn Tx) -> Result<Commit, StoreError>,
    ) -> Result<Done, StoreError> {
        let mut done = self.transact(&[job], &mut |_, tx| decide(tx))?;
        Ok(done.pop().unwrap_or(Done::Duplicate))
    }

    /// Applies writes decided without reading (tests, migrations).
    fn commit(&self, c: Commit) -> Result<(), StoreError> {
        let job = Job {
            chat: c.chat,
            update: c.update_id,
        };
        let mut c = Some(c);
        self.transact(&[job], &mut |_, _| Ok(c.take().unwrap_or_default()))?;
        Ok(())
    }
}

/// An opaque reference for a chat in the audit log: not reversible without
/// the store's own salt.
pub fn opaque_ref(salt: &[u8], chat: i64) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(salt);
    h.update(chat.to_be_bytes());
    h.finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a sender takes from the shared Telegram budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Places for this many replies, at once, even into debt.
    Replies(u32),
    /// One scheduled message's place, only from what replies leave.
    Scheduled,
}

/// In-process leases (sled and memory are single-process stores).
#[derive(Default)]
pub(crate) struct Leases {
    held: std::sync::Mutex<std::collections::HashMap<(i64, i64), i64>>,
}

impl Leases {
    /// Takes the lease on `key` until `now + LEASE` unless someone holds it.
    pub(crate) fn take(&self, key: (i64, i64), now: i64) -> bool {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        if held.len() > 100_000 {
            held.retain(|_, until| *until > now);
        }
        match held.get(&key) {
            Some(until) if *until > now => false,
            _ => {
                held.insert(key, now + LEASE);
                true
            }
        }
    }

    /// Holds the lease on `key` until `now + LEASE` if it is still the one
    /// taken (or renewed) at `since`.
    pub(crate) fn renew(&self, key: (i64, i64), since: i64, now: i64) -> bool {
        self.move_end(key, since, now + LEASE)
    }

    /// Gives the lease on `key` back if it is still the one taken (or
    /// renewed) at `since`.
    pub(crate) fn give_back(&self, key: (i64, i64), since: i64) {
        self.move_end(key, since, 0);
    }

    fn move_end(&self, key: (i64, i64), since: i64, until: i64) -> bool {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        match held.get_mut(&key) {
            Some(end) if *end == since + LEASE => {
                *end = until;
                true
            }
            _ => false,
        }
    }

    pub(crate) fn release(&self, key: (i64, i64)) {
        self.held
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&key);
    }
}
