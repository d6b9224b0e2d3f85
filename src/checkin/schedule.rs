//! When her next check-in is due: pure functions of her preferences and an
//! instant. Local times follow her IANA zone, so 09:00 stays 09:00 across
//! daylight-saving changes; a time that does not exist on the day clocks go
//! forward is sent at the next valid local time, and one that happens twice
//! when clocks go back is sent once.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

/// Her check-in settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    /// Local time of day, "HH:MM".
    pub time: String,
    /// IANA time zone, e.g. "Europe/London".
    pub zone: String,
    /// No check-ins before this instant (Unix seconds); `i64::MAX` until she resumes.
    #[serde(default)]
    pub paused_until: Option<i64>,
    #[serde(default)]
    pub stopped: bool,
}

/// Quiet hours: no message is sent between `start` and `end` (local time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quiet {
    pub start: Time,
    pub end: Time,
}

impl Quiet {
    /// Parses "21:00-07:00".
    pub fn parse(s: &str) -> Option<Quiet> {
        let (a, b) = s.split_once('-')?;
        Some(Quiet {
            start: parse_time(a.trim())?,
            end: parse_time(b.trim())?,
        })
    }

    pub fn contains(&self, t: Time) -> bool {
        if self.start <= self.end {
            t >= self.start && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }
}

/// Parses "8:30", "08:30" or "0830" into a time of day.
pub fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim().to_lowercase();
    let (h, m) = match s.split_once([':', '.', 'h']) {
        Some((h, m)) => (h.trim(), m.trim()),
        None if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) => (&s[..2], &s[2..]),
        None => (s.as_str(), "0"),
    };
    let m = if m.is_empty() { "0" } else { m };
    let h: i8 = h.parse().ok()?;
    let m: i8 = m.parse().ok()?;
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    Time::new(h, m, 0, 0).ok()
}

pub fn zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name).ok()
}

/// The instant of local `date` at `time` in `tz`: a time that falls in a gap
/// moves to the first valid local time after it; a repeated time takes its
/// first occurrence.
pub fn local_instant(tz: &TimeZone, date: Date, time: Time) -> Option<Timestamp> {
    let mut dt = DateTime::from_parts(date, time);
    for _ in 0..=180 {
        let amb = tz.to_ambiguous_timestamp(dt);
        match amb.offset() {
            AmbiguousOffset::Unambiguous { .. } => return amb.unambiguous().ok(),
            AmbiguousOffset::Fold { .. } => return amb.earlier().ok(),
            AmbiguousOffset::Gap { .. } => dt = dt.checked_add(1.minute()).ok()?,
        }
    }
    None
}

/// The first check-in instant strictly after `after` (None when stopped or
/// the settings are unusable).
pub fn next_due(p: &Prefs, after: Timestamp) -> Option<Timestamp> {
    if p.stopped {
        return None;
    }
    let tz = zone(&p.zone)?;
    let time = parse_time(&p.time)?;
    let from = match p.paused_until {
        Some(u) if u == i64::MAX => return None,
        Some(u) => after.max(Timestamp::from_second(u).ok()?),
        None => after,
    };
    let mut date = from.to_zoned(tz.clone()).date();
    for _ in 0..3 {
        let t = local_instant(&tz, date, time)?;
        if t > from {
            return Some(t);
        }
        date = date.tomorrow().ok()?;
    }
    None
}

/// The next Sunday-evening summary after `after`: 19:00 local, or her
/// check-in time when 19:00 falls in quiet hours.
pub fn next_weekly(p: &Prefs, quiet: Option<Quiet>, after: Timestamp) -> Option<Timestamp> {
    if p.stopped {
        return None;
    }
    let tz = zone(&p.zone)?;
    let evening = Time::new(19, 0, 0, 0).ok()?;
    let time = if quiet.is_some_and(|q| q.contains(evening)) {
        parse_time(&p.time)?
    } else {
        evening
    };
    let mut date = after.to_zoned(tz.clone()).date();
    for _ in 0..15 {
        if date.weekday() == jiff::civil::Weekday::Sunday {
            let t = local_instant(&tz, date, time)?;
            if t > after {
                return Some(t);
            }
        }
        date = date.tomorrow().ok()?;
    }
    None
}

/// `next_due` on Unix seconds.
pub fn next_due_after(p: &Prefs, after: i64) -> Option<i64> {
    next_due(p, Timestamp::from_second(after).ok()?).map(|t| t.as_second())
}

/// `next_weekly` on Unix seconds.
pub fn next_weekly_after(p: &Prefs, quiet: Option<Quiet>, after: i64) -> Option<i64> {
    next_weekly(p, quiet, Timestamp::from_second(after).ok()?).map(|t| t.as_second())
}

/// Whether `at` falls in quiet hours in her zone.
pub fn is_quiet(p: &Prefs, quiet: Option<Quiet>, at: i64) -> bool {
    let (Some(q), Some(tz), Ok(t)) = (quiet, zone(&p.zone), Timestamp::from_second(at)) else {
        return false;
    };
    q.contains(t.to_zoned(tz).time())
}

/// The local calendar date of an instant in her zone.
pub fn local_date(zone_name: &str, at: Timestamp) -> Option<Date> {
    Some(at.to_zoned(zone(zone_name)?).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn prefs(time: &str, zone: &str) -> Prefs {
        Prefs {
            time: time.into(),
            zone: zone.into(),
            paused_until: None,
            stopped: false,
        }
    }

    /// The local times of the next `n` check-ins from `start`.
    fn run(p: &Prefs, start: &str, n: usize) -> Vec<String> {
        let tz = zone(&p.zone).unwrap();
        let mut at = ts(start);
        let mut out = vec![];
        for _ in 0..n {
            at = next_due(p, at).unwrap();
            out.push(
                at.to_zoned(tz.clone())
                    .strftime("%Y-%m-%d %H:%M %Z")
                    .to_string(),
            );
        }
        out
    }

    #[test]
    fn london_keeps_0830_across_both_clock_changes() {
        let p = prefs("08:30", "Europe/London");
        assert_eq!(
            run(&p, "2026-03-27T12:00:00Z", 3),
            [
                "2026-03-28 08:30 GMT",
                "2026-03-29 08:30 BST",
                "2026-03-30 08:30 BST"
            ]
        );
        assert_eq!(
            run(&p, "2026-10-23T12:00:00Z", 3),
            [
                "2026-10-24 08:30 BST",
                "2026-10-25 08:30 GMT",
                "2026-10-26 08:30 GMT"
            ]
        );
    }

    #[test]
    fn a_missing_time_is_sent_at_the_next_valid_local_time() {
        // 2026-03-29: London jumps from 01:00 to 02:00.
        let p = prefs("01:30", "Europe/London");
        assert_eq!(
            run(&p, "2026-03-28T12:00:00Z", 2),
            ["2026-03-29 02:00 BST", "2026-03-30 01:30 BST"]
        );
        // 2026-03-08: New York jumps from 02:00 to 03:00.
        let p = prefs("02:15", "America/New_York");
        assert_eq!(
            run(&p, "2026-03-07T12:00:00Z", 2),
            ["2026-03-08 03:00 EDT", "2026-03-09 02:15 EDT"]
        );
    }

    #[test]
    fn a_repeated_time_is_sent_once() {
        // 2026-10-25: London repeats 01:00–02:00.
        let p = prefs("01:30", "Europe/London");
        assert_eq!(
            run(&p, "2026-10-24T12:00:00Z", 3),
            [
                "2026-10-25 01:30 BST",
                "2026-10-26 01:30 GMT",
                "2026-10-27 01:30 GMT"
            ]
        );
        // 2026-04-05: Sydney repeats 02:00–03:00.
        let p = prefs("02:30", "Australia/Sydney");
        assert_eq!(
            run(&p, "2026-04-04T00:00:00Z", 2),
            ["2026-04-05 02:30 AEDT", "2026-04-06 02:30 AEST"]
        );
    }

    #[test]
    fn sydney_and_new_york_keep_local_time() {
        let p = prefs("09:00", "Australia/Sydney");
        assert_eq!(
            run(&p, "2026-10-02T00:00:00Z", 3),
            [
                "2026-10-03 09:00 AEST",
                "2026-10-04 09:00 AEDT",
                "2026-10-05 09:00 AEDT"
            ]
        );
        let p = prefs("09:00", "America/New_York");
        assert_eq!(
            run(&p, "2026-10-31T00:00:00Z", 3),
            [
                "2026-10-31 09:00 EDT",
                "2026-11-01 09:00 EST",
                "2026-11-02 09:00 EST"
            ]
        );
    }

    #[test]
    fn pauses_and_stops() {
        let mut p = prefs("08:30", "Europe/London");
        p.paused_until = Some(ts("2026-06-10T00:00:00Z").as_second());
        assert_eq!(run(&p, "2026-06-01T12:00:00Z", 1), ["2026-06-10 08:30 BST"]);
        p.paused_until = Some(i64::MAX);
        assert_eq!(next_due(&p, ts("2026-06-01T12:00:00Z")), None);
        p.paused_until = None;
        p.stopped = true;
        assert_eq!(next_due(&p, ts("2026-06-01T12:00:00Z")), None);
    }

    #[test]
    fn weekly_summaries_come_on_sunday_evenings() {
        let p = prefs("08:30", "Europe/London");
        let quiet = Quiet::parse("21:00-07:00");
        let t = next_weekly(&p, quiet, ts("2026-11-18T12:00:00Z")).unwrap();
        assert_eq!(
            t.to_zoned(zone("Europe/London").unwrap())
                .strftime("%a %Y-%m-%d %H:%M")
                .to_string(),
            "Sun 2026-11-22 19:00"
        );
        let t2 = next_weekly(&p, quiet, t).unwrap();
        assert_eq!(t2.as_second() - t.as_second(), 7 * 86_400);
        // Quiet evenings: her own check-in time instead.
        let t = next_weekly(&p, Quiet::parse("18:00-08:00"), ts("2026-11-18T12:00:00Z")).unwrap();
        assert_eq!(
            t.to_zoned(zone("Europe/London").unwrap())
                .strftime("%H:%M")
                .to_string(),
            "08:30"
        );
    }

    #[test]
    fn quiet_hours_and_times() {
        let q = Quiet::parse("21:00-07:00").unwrap();
        assert!(q.contains(parse_time("23:15").unwrap()));
        assert!(q.contains(parse_time("06:59").unwrap()));
        assert!(!q.contains(parse_time("07:00").unwrap()));
        assert!(!q.contains(parse_time("20:59").unwrap()));
        assert_eq!(parse_time("8.30"), parse_time("08:30"));
        assert_eq!(parse_time("0830"), parse_time("08:30"));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("lunch"), None);
    }
}
