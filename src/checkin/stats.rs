//! Progress over the last 30 days, in numbers: what the chart draws and the
//! summary says. Pure; the words are the service's (texts), the drawing is
//! `render::chart`'s.

use super::record::DayLog;
use std::collections::BTreeMap;

/// How many days the chart and the summary cover.
pub const DAYS: u32 = 30;

/// Check-ins in a row up to `today`, where a single missed day does not break the run
/// (two missed days in a row do). 0 when she has not checked in today or yesterday.
pub fn streak(log: &[DayLog], today: u32) -> u32 {
    let mut days: Vec<u32> = log.iter().map(|d| d.day).filter(|&d| d <= today).collect();
    days.sort_unstable();
    days.dedup();
    let Some(&last) = days.last() else {
        return 0;
    };
    if today - last > 1 {
        return 0;
    }
    let mut run = 1;
    for pair in days.windows(2).rev() {
        // The gap between two check-ins: 1 is the next day, 2 is one missed day.
        if pair[1] - pair[0] > 2 {
            break;
        }
        run += 1;
    }
    run
}

/// What she did of her exercise that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exercise {
    None,
    Some,
    All,
}

impl Exercise {
    fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Some(Self::None),
            "some" => Some(Self::Some),
            "all" => Some(Self::All),
            _ => None,
        }
    }

    pub fn level(self) -> f64 {
        match self {
            Self::None => 0.0,
            Self::Some => 1.0,
            Self::All => 2.0,
        }
    }
}

/// One day's check-in, cleaned up for drawing and counting.
#[derive(Clone, Debug, PartialEq)]
pub struct Day {
    pub pain: Option<i64>,
    pub pelvic: usize,
    pub exercise: Option<Exercise>,
    pub mood: Option<i64>,
}

impl From<&DayLog> for Day {
    fn from(d: &DayLog) -> Self {
        Day {
            pain: d.pain.map(|p| p.clamp(0, 10)),
            pelvic: d.pelvic,
            exercise: d.exercise.as_deref().and_then(Exercise::parse),
            mood: d.mood.map(|m| m.clamp(1, 5)),
        }
    }
}

/// The first day of the 30-day window that ends on `today`.
pub fn window_start(today: u32) -> u32 {
    today.saturating_sub(DAYS - 1)
}

/// Her check-ins within the 30 days up to `today`, one per day (the last entry wins).
pub fn window(log: &[DayLog], today: u32) -> BTreeMap<u32, Day> {
    let start = window_start(today);
    log.iter()
        .filter(|d| (start..=today).contains(&d.day))
        .map(|d| (d.day, Day::from(d)))
        .collect()
}

/// The numbers of her last 30 days.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Check-ins in the window; 0 with `before` telling whether there were older ones.
    pub checkins: usize,
    pub before: bool,
    pub mood: Option<f64>,
    /// Back pain: the first and last answers in the window, and how many.
    pub pain: Option<(i64, i64, usize)>,
    pub pelvic_days: usize,
    pub all_days: usize,
    pub some_days: usize,
    pub streak: u32,
}

/// The summary of the 30 days up to `today`.
pub fn summary(log: &[DayLog], today: u32) -> Summary {
    let days = window(log, today);
    if days.is_empty() {
        return Summary {
            before: log.iter().any(|d| d.day <= today),
            ..Summary::default()
        };
    }
    let moods: Vec<i64> = days.values().filter_map(|d| d.mood).collect();
    let pains: Vec<i64> = days.values().filter_map(|d| d.pain).collect();
    let count = |e: Exercise| days.values().filter(|d| d.exercise == Some(e)).count();
    Summary {
        checkins: days.len(),
        before: true,
        mood: (!moods.is_empty()).then(|| moods.iter().sum::<i64>() as f64 / moods.len() as f64),
        pain: match (pains.first(), pains.last()) {
            (Some(f), Some(l)) => Some((*f, *l, pains.len())),
            _ => None,
        },
        pelvic_days: days.values().filter(|d| d.pelvic > 0).count(),
        all_days: count(Exercise::All),
        some_days: count(Exercise::Some),
        streak: streak(log, today),
    }
}
