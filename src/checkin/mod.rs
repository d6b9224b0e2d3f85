//! Daily check-ins: when they are due, the worker that sends them and the
//! pacer that keeps them within Telegram's budget.

pub mod record;
pub mod schedule;
pub mod stats;

pub use record::Record;

use schedule::Quiet;

/// Check-in settings from the config.
#[derive(Clone, Debug)]
pub struct CheckinConfig {
    /// The zone offered first (a clinic's zone, once clinics exist).
    pub default_zone: String,
    pub quiet: Option<Quiet>,
    /// A missed check-in is still sent within this many seconds of its time.
    pub window_secs: i64,
    /// Overall messages per second for scheduled messages and replies together.
    pub rate_per_second: f64,
}

impl Default for CheckinConfig {
    fn default() -> Self {
        CheckinConfig {
            default_zone: "Europe/London".into(),
            quiet: Quiet::parse("21:00-07:00"),
            window_secs: 3 * 3600,
            rate_per_second: 25.0,
        }
    }
}
