//! `/progress` and the Sunday summary: her numbers in her words.

use super::Turn;
use crate::checkin::Record;
use crate::checkin::stats::{self, Summary};
use crate::engine::Env;
use crate::outbox::Out;
use crate::store::{Commit, StoreError};

/// "1 day" or "3 days": the text `one` for one, else `many` with `{count}`.
/// A text that counts (its words chosen by the number, in the text itself).
fn count(env: &Env, id: &str, n: usize) -> String {
    env.tf(id, &[("count", &n.to_string())])
}

/// Her last 30 days in a few sentences.
pub fn summary_text(env: &Env, s: &Summary) -> String {
    if s.checkins == 0 {
        return env.t(if s.before {
            "progress_no_recent"
        } else {
            "progress_none_yet"
        });
    }
    let days = |n| count(env, "days", n);
    let mut parts = vec![count(env, "progress_checkins", s.checkins)];
    if let Some(m) = s.mood {
        parts.push(env.tf("progress_mood", &[("mood", &format!("{m:.1}"))]));
    }
    match s.pain {
        Some((first, last, n)) if n > 1 && first != last => parts.push(env.tf(
            "progress_pain_change",
            &[("first", &first.to_string()), ("last", &last.to_string())],
        )),
        Some((_, last, n)) if n > 1 => {
            parts.push(env.tf("progress_pain_same", &[("last", &last.to_string())]))
        }
        Some((_, last, _)) => {
            parts.push(env.tf("progress_pain_once", &[("last", &last.to_string())]))
        }
        None => {}
    }
    parts.push(match s.pelvic_days {
        0 => env.t("progress_pelvic_none"),
        n => env.tf("progress_pelvic", &[("days", &days(n))]),
    });
    match (s.all_days, s.some_days) {
        (0, 0) => {}
        (all, 0) => parts.push(env.tf("progress_exercise_all", &[("days", &days(all))])),
        (0, some) => parts.push(env.tf("progress_exercise_some", &[("days", &days(some))])),
        (all, some) => parts.push(env.tf(
            "progress_exercise_both",
            &[("all", &days(all)), ("some", &days(some))],
        )),
    }
    if s.streak > 0 {
        parts.push(env.tf("progress_streak", &[("days", &days(s.streak as usize))]));
    }
    parts.join(" ")
}

impl Turn<'_> {
    /// `/progress`: a chart of the last 30 days and a short summary; before her
    /// first check-in, a sentence instead of an empty chart.
    pub(crate) fn progress(&self, c: &mut Commit, now: i64) -> Result<(), StoreError> {
        let Some(rec) = self.tx.checkin(c.chat)?.filter(|r| !r.log.is_empty()) else {
            c.outbox.push(self.say("progress_none"));
            return Ok(());
        };
        let today = self.day_of(&rec, now);
        let summary = summary_text(&self.env(), &stats::summary(&rec.log, today));
        // Dates on the x axis: her zone's date of `now` is day `today`.
        let zone = rec
            .prefs
            .as_ref()
            .map_or(&self.checkins.default_zone, |p| &p.zone);
        match crate::render::chart::progress_png_on(&rec.log, today, zone, now, &self.env()) {
            Ok(png) => c.outbox.push(Out::Photo {
                bytes: png,
                caption: summary,
            }),
            Err(e) => {
                tracing::warn!("progress chart failed: {e}");
                c.outbox.push(Out::text(summary));
            }
        }
        Ok(())
    }

    /// The Sunday summary: the week's check-ins in one message.
    pub(crate) fn weekly_text(&self, rec: &Record, now: i64) -> String {
        let env = self.env();
        let week: Vec<_> = rec.log.iter().filter(|l| l.at > now - 7 * 86_400).collect();
        if week.is_empty() {
            return format!("{}\n{}", env.t("weekly_title"), env.t("weekly_none"));
        }
        let today = self.day_of(rec, now);
        let summary = summary_text(&env, &stats::summary(&rec.log, today));
        let moods: Vec<i64> = week.iter().filter_map(|l| l.mood).collect();
        let mut lines = vec![count(&env, "weekly_checkins", week.len())];
        if !moods.is_empty() {
            let avg = moods.iter().sum::<i64>() as f64 / moods.len() as f64;
            lines.push(env.tf("progress_mood", &[("mood", &format!("{avg:.1}"))]));
        }
        let all = week
            .iter()
            .filter(|l| l.exercise.as_deref() == Some("all"))
            .count();
        if all > 0 {
            let days = count(&env, "days", all);
            lines.push(env.tf("weekly_all", &[("days", &days)]));
        }
        format!(
            "{}\n{}\n\n{summary}\n\n{}",
            env.t("weekly_title"),
            lines.join(" "),
            env.t("weekly_chart_hint")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkin::record::DayLog;
    use crate::checkin::record::fixtures::{day, full};
    use std::collections::BTreeMap;

    fn text(log: &[DayLog], today: u32) -> String {
        let d = crate::dialog::compile(&crate::dialog::load::Sources::embedded()).unwrap();
        let constants = BTreeMap::new();
        let env = Env {
            dialogs: &d,
            constants: &constants,
            lang: "en",
        };
        summary_text(&env, &stats::summary(log, today))
    }

    #[test]
    fn summary_without_data() {
        let t = text(&[], 7);
        assert!(t.starts_with("No check-ins yet."), "{t}");
        let t = text(&[day(1), day(2)], 60);
        assert!(t.starts_with("No check-ins in the last 30 days."), "{t}");
        assert!(!t.contains("streak"), "{t}");
    }

    #[test]
    fn summary_with_data() {
        let log = vec![
            full(1, 5, 0, "all", 3),
            full(2, 4, 1, "some", 4),
            DayLog {
                pain: None,
                exercise: None,
                ..full(4, 0, 2, "", 4)
            },
            full(5, 3, 0, "all", 4),
        ];
        assert_eq!(
            text(&log, 5),
            "In the last 30 days you checked in 4 times. Average mood 3.8 of 5. \
             Back pain has gone from 5 to 3 (out of 10). Pelvic symptoms on 2 days. \
             Exercise: all of it on 2 days, some on 1 day. Current streak: 4 days."
        );
    }

    #[test]
    fn summary_with_one_check_in() {
        let log = vec![DayLog {
            mood: Some(4),
            ..day(9)
        }];
        assert_eq!(
            text(&log, 12),
            "In the last 30 days you checked in once. Average mood 4.0 of 5. \
             No pelvic symptoms noted."
        );
    }
}
