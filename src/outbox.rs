//! What the bot has decided to send, stored before it is sent.

use serde::{Deserialize, Serialize};

/// One inline button: its label and the callback data it carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutButton {
    pub label: String,
    pub data: String,
}

/// One thing to do in a chat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Out {
    /// A message; with `nonce` it is a question whose buttons carry it.
    Send {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        buttons: Vec<Vec<OutButton>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nonce: Option<u32>,
        /// A scheduled message (a check-in) that is pointless after this
        /// instant; it is paced behind replies and dropped once expired.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires: Option<i64>,
    },
    /// Replace the question shown with `nonce` (its text and buttons).
    Edit {
        nonce: u32,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        buttons: Vec<Vec<OutButton>>,
    },
    /// Mark the question shown with `nonce` as answered: append the answer
    /// to its text and drop its buttons.
    Answered { nonce: u32, answer: String },
    /// Replace the buttons of a message she tapped, by its id.
    ClearButtons { message_id: i32 },
    /// Stop a button's spinner.
    AnswerCallback {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// "typing…" before a long message.
    Typing,
    /// A picture (the /progress chart).
    Photo { bytes: Vec<u8>, caption: String },
    /// A file (for /mydata).
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
        }
    }

    /// A message with buttons that are not a question of a flow.
    pub fn with_buttons(text: String, buttons: Vec<Vec<OutButton>>) -> Out {
        Out::Send {
            text,
            buttons,
            nonce: None,
            expires: None,
        }
    }

    /// When a scheduled message stops being worth sending.
    pub fn expires(&self) -> Option<i64> {
        match self {
            Out::Send { expires, .. } => *expires,
            _ => None,
        }
    }

    /// Whether losing it in a crash matters (a callback answer expires anyway).
    pub fn durable(&self) -> bool {
        !matches!(self, Out::AnswerCallback { .. } | Out::Typing)
    }
}
