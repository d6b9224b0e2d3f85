//! What Restride keeps about a mum's check-ins.

use super::schedule::Prefs;
use crate::engine::Session;
use crate::engine::checkin::CheckinState;
use crate::engine::session::Report;
use serde::{Deserialize, Serialize};

/// A step of setting up check-ins that waits for typed text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setup {
    Time,
    Zone { time: String },
}

/// One answered check-in, for progress and summaries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DayLog {
    pub day: u32,
    pub at: i64,
    pub pain: Option<i64>,
    pub pelvic: usize,
    pub exercise: Option<String>,
    pub mood: Option<i64>,
    pub actions: Vec<String>,
    /// Urgent signs she ticked that day and then said were a mistake.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<Report>,
}

/// A check-in that stopped at a warning sign: its instruction stays the
/// answer until she has been seen, and `/back` may withdraw the sign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UrgentDay {
    /// The check-in as it ended.
    pub session: Session,
    /// The books before that day, restored if she withdraws the sign.
    pub before: CheckinState,
    pub day: u32,
}

impl Record {
    /// The instants the schedule index holds for her.
    pub fn due_times(&self) -> impl Iterator<Item = i64> + '_ {
        self.next_due
            .into_iter()
            .chain(self.next_weekly.filter(|w| Some(*w) != self.next_due))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Her settings; `None` until she opts in.
    pub prefs: Option<Prefs>,
    #[serde(default)]
    pub setup: Option<Setup>,
    /// She said no to check-ins after her plan (asked once).
    #[serde(default)]
    pub declined: bool,
    /// When the intake finished (Unix seconds): check-in day 1 is the day after.
    pub intake_at: i64,
    pub state: CheckinState,
    /// A check-in in progress, and the day it is for.
    pub current: Option<Session>,
    pub current_day: Option<u32>,
    pub last_day_done: Option<u32>,
    /// When she last finished a check-in (or opted in).
    pub last_answered: i64,
    #[serde(default)]
    pub nudged: bool,
    /// When the worker last sent her a check-in (Unix seconds).
    #[serde(default)]
    pub last_prompt: Option<i64>,
    /// The instant the schedule index holds for her (Unix seconds).
    pub next_due: Option<i64>,
    /// Her next Sunday summary; indexed like `next_due`.
    #[serde(default)]
    pub next_weekly: Option<i64>,
    #[serde(default)]
    pub log: Vec<DayLog>,
    /// She was told her data will be deleted for inactivity (Unix seconds).
    #[serde(default)]
    pub retention_warned: Option<i64>,
    /// The last check-in that stopped at a warning sign, until she has been seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent: Option<UrgentDay>,
}

/// Check-in days for tests: a day with nothing logged, and a full one.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::DayLog;

    /// Day `day`, at that many days after the epoch, with nothing logged.
    pub fn day(day: u32) -> DayLog {
        DayLog {
            day,
            at: i64::from(day) * 86_400,
            ..DayLog::default()
        }
    }

    /// Day `day_no` with every answer logged.
    pub fn full(day_no: u32, pain: i64, pelvic: usize, exercise: &str, mood: i64) -> DayLog {
        DayLog {
            pain: Some(pain),
            pelvic,
            exercise: Some(exercise.to_string()),
            mood: Some(mood),
            ..day(day_no)
        }
    }
}
