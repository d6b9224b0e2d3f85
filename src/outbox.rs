//! What Restride has decided to show her, stored before it is shown: texts
//! in our light markup (`*bold*`, `_italic_`) and buttons that carry typed
//! actions. Nothing here knows Telegram: its adapter turns markup into HTML
//! and actions into callback data when it sends; the terminal prints them.

use serde::{Deserialize, Serialize};

/// What a button does when she taps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "a", rename_all = "snake_case")]
pub enum Action {
    /// A button of a question of a flow (intake or check-in).
    Question {
        version: u32,
        node: String,
        nonce: u32,
        action: String,
    },
    /// `/delete`'s confirmation.
    Delete { confirm: bool },
    /// The share question, `/sharing`'s buttons.
    Share { choice: ShareChoice },
    /// A page of `/patients`.
    Patients { page: usize },
    /// `/update`: what has changed.
    Update { what: String },
    /// Setting up and running check-ins.
    Checkin { step: CheckinStep },
    /// An offer of a check-in adaptation (`accept` or not).
    Offer { id: String, accept: bool },
    /// `/language`: the locale she picked.
    Language { code: String },
    /// Data that no longer means anything (forged, or from an old version).
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareChoice {
    Yes,
    No,
    Withdraw,
    Keep,
    /// No code from the clinic for her single-patient link.
    NoCode,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "s", rename_all = "snake_case")]
pub enum CheckinStep {
    /// Yes to daily check-ins (or "change time").
    Yes,
    No,
    /// Pick a time again.
    Time,
    /// A time from the buttons, `HHMM`.
    At {
        hhmm: String,
    },
    /// "Another time": she types it.
    OtherTime,
    /// The list of time zones.
    PickZone,
    Zone {
        zone: String,
    },
    /// A break: some days, or until she resumes (`None`).
    Pause {
        days: Option<u32>,
    },
    Resume,
    Now,
}

/// The tap a reply answers, as the front end knows it (a Telegram callback
/// query and its message); opaque to the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tap {
    pub id: String,
    pub message: i32,
}

/// One button: its label and what it does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub action: Action,
    /// What to type instead of tapping, when it is not the button's position
    /// (the value of a number button, such as 0 for "Never").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// One thing to do in a chat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Out {
    /// A message; with `nonce` it is a question whose buttons carry it.
    Send {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        buttons: Vec<Vec<Button>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nonce: Option<u32>,
        /// A scheduled message (a check-in) that is pointless after this
        /// instant; it is paced behind replies and dropped once expired.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires: Option<i64>,
        /// Health data (her plan, a staff summary): a front end that can
        /// keeps it from being forwarded or saved.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        protect: bool,
    },
    /// Replace the question shown with `nonce` (its text and buttons).
    Edit {
        nonce: u32,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        buttons: Vec<Vec<Button>>,
    },
    /// Mark the question shown with `nonce` as answered: append the answer
    /// to its text and drop its buttons.
    Answered { nonce: u32, answer: String },
    /// The message she tapped loses its buttons.
    ClearTapped { tap: Tap },
    /// Acknowledge a tap (stop its spinner), with a short note if any.
    Toast {
        tap: Tap,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// "typing…" before a long message.
    Typing,
    /// A picture (the /progress chart).
    Photo { bytes: Vec<u8>, caption: String },
    /// A file (for /mydata): always protected where the front end can.
    Document {
        name: String,
        bytes: Vec<u8>,
        caption: String,
    },
}

impl Out {
    /// A message with no buttons.
    pub fn text(text: String) -> Out {
        Out::Send {
            text,
            buttons: vec![],
            nonce: None,
            expires: None,
            protect: false,
        }
    }

    /// A message of health data: her plan, a staff summary.
    pub fn protected(text: String) -> Out {
        Out::Send {
            text,
            buttons: vec![],
            nonce: None,
            expires: None,
            protect: true,
        }
    }

    /// A message with buttons that are not a question of a flow.
    pub fn with_buttons(text: String, buttons: Vec<Vec<Button>>) -> Out {
        Out::Send {
            text,
            buttons,
            nonce: None,
            expires: None,
            protect: false,
        }
    }

    /// When a scheduled message stops being worth sending.
    pub fn expires(&self) -> Option<i64> {
        match self {
            Out::Send { expires, .. } => *expires,
            _ => None,
        }
    }

    /// Whether losing it in a crash matters (a tap's answer expires anyway).
    pub fn durable(&self) -> bool {
        !matches!(self, Out::Toast { .. } | Out::Typing)
    }
}

/// A button.
pub fn button(label: impl Into<String>, action: Action) -> Button {
    Button {
        label: label.into(),
        action,
        key: None,
    }
}
