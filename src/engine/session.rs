//! A conversation's state: where she is, what she answered, how it ended.

use super::outcome::Outcome;
use super::value::Value;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One answered question, so `/back` can undo it exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answered {
    pub node: String,
    pub var: String,
    /// The value the variable held before this answer (None: unset).
    pub prev: Option<Value>,
}

/// What the session is waiting for besides an answer to the current question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Answering,
    /// The review's "change an answer" list is showing.
    PickingChange,
    /// `/restart` asked for confirmation.
    ConfirmRestart,
    /// After an urgent stop, `/back` (or `/restart`) asked whether the sign
    /// was ticked by mistake; `restart` says which of the two she sent.
    ConfirmWithdraw { restart: bool },
}

/// An urgent answer that stopped the flow, kept after she withdraws it so
/// her record and a clinic summary still show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The variable and the codes she ticked (`warning_signs`: `heavy_bleeding`).
    pub var: String,
    pub codes: Vec<String>,
    /// Unix seconds when she reported it, and when she said it was a mistake.
    pub at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub flow: String,
    pub version: u32,
    /// Hash of the dialog files the session last ran on.
    pub dialogs: String,
    /// The node waiting for her (a question or review), or the end reached.
    pub node: Option<String>,
    pub answers: BTreeMap<String, Value>,
    pub history: Vec<Answered>,
    /// Variables the flow is given (a check-in sees intake answers and its state).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub given: BTreeMap<String, Value>,
    /// Codes toggled so far on a multiple-choice question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
    #[serde(default)]
    pub mode: Mode,
    /// Increases with every question shown; buttons carry it.
    pub nonce: u32,
    pub outcome: Option<Outcome>,
    /// The plan before a re-check, to tell her what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Outcome>,
    /// The locale she reads (picked from her app's language at her first
    /// message, or by `/language`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The clinic code from the deep link she came through, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinic: Option<String>,
    /// Her answer to sharing her summary with that clinic (None: not asked yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<bool>,
    /// When she said yes to sharing (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_at: Option<i64>,
    /// The clinic's own reference, from a single-patient link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_ref: Option<String>,
    /// A single-patient link she opened, not matched to her yet: it is, once
    /// she agrees to share and types the code the clinic gave her.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_link: Option<String>,
    /// Waiting for that code (her typed text is the code).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub awaiting_code: bool,
    /// Wrong codes she typed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub code_tries: u32,
    /// Urgent answers that stopped the flow, withdrawn or not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<Report>,
    /// Summaries sent to her clinic (the last day's, and which plans).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summaries: Vec<SummarySent>,
    /// Unix seconds of her first message (kept by `/restart`, gone with
    /// `/delete`): her clinic reference is made from it, so a mum who
    /// deletes and comes back is a new patient to the clinic.
    #[serde(default)]
    pub since: i64,
    /// Unix seconds when the session began and last changed.
    pub started: i64,
    pub updated: i64,
}

/// A summary of her plan sent to a clinic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummarySent {
    pub clinic: String,
    /// When the plan was made (its `made_at`).
    pub plan: i64,
    pub at: i64,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Session {
    pub fn new(flow: &str, version: u32, dialogs: &str, now: i64) -> Session {
        Session {
            flow: flow.to_owned(),
            version,
            dialogs: dialogs.to_owned(),
            since: now,
            started: now,
            updated: now,
            // Start the nonce from the clock so a new session after /delete
            // never reuses the numbers on buttons still visible in the chat.
            nonce: (now.rem_euclid(1 << 20)) as u32 * 64,
            ..Session::default()
        }
    }

    pub fn finished(&self) -> bool {
        self.outcome.is_some()
    }

    /// How the flow ended (`complete`, `stopped_urgent`, …), if it has.
    pub fn status(&self) -> Option<&str> {
        self.outcome.as_ref().map(|o| o.status.as_str())
    }

    /// The urgent answers she later said were a mistake.
    pub fn withdrawn(&self) -> impl Iterator<Item = &Report> {
        self.reports.iter().filter(|r| r.withdrawn.is_some())
    }

    /// The answers in the order she gave them, for `asked`.
    pub fn asked(&self) -> impl Iterator<Item = &str> {
        self.history.iter().map(|h| h.var.as_str())
    }
}
