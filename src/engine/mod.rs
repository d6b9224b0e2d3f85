//! The pure dialog engine: no I/O, no clock reads, no randomness.

pub mod checkin;
pub mod migration;
pub mod outcome;
pub mod parse;
pub mod session;
pub mod step;

/// The values of dialog variables live with the dialogs; this keeps
/// `engine::value::Value` working.
pub use crate::dialog::value;
pub use session::{Session, SummarySent};
pub use step::{Effect, Env, Input, Message, step};
