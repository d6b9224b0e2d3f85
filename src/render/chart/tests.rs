use super::*;
use crate::checkin::record::fixtures::{day, full};

fn words() -> ChartWords {
    let d = crate::dialog::compile(&crate::dialog::load::Sources::embedded()).unwrap();
    ChartWords::new(&crate::engine::Env {
        dialogs: &d,
        constants: &Default::default(),
        lang: "en",
    })
}

/// The chart with today on 22 November 2026.
fn chart(log: &[DayLog], today: u32) -> Result<Vec<u8>, String> {
    progress_png(log, today, jiff::civil::date(2026, 11, 22), &words())
}

#[test]
fn the_x_axis_shows_calendar_dates() {
    let words = words();
    let label = x_labels(&words, 40, jiff::civil::date(2026, 11, 22));
    assert_eq!(label(40.0), "22 Nov");
    assert_eq!(label(39.0), "21 Nov");
    // The window's first day, 29 days before.
    assert_eq!(label(11.0), "24 Oct");
    // Between days, no label.
    assert_eq!(label(39.5), "");
    // Across a new year.
    let label = x_labels(&words, 5, jiff::civil::date(2027, 1, 2));
    assert_eq!(label(3.0), "31 Dec");
    assert_eq!(label(0.0), "28 Dec");
    // Days out of any calendar give no label rather than a panic.
    let label = x_labels(&words, u32::MAX, jiff::civil::date(2027, 1, 2));
    assert_eq!(label(0.0), "");
    assert_eq!(label(f64::NAN), "");
}

#[test]
fn the_chart_s_words_are_texts() {
    let w = words();
    assert_eq!(w.months[0], "Jan");
    assert_eq!(w.months[11], "Dec");
    for t in [
        &w.pain,
        &w.pelvic,
        &w.exercise,
        &w.mood,
        &w.no_data,
        &w.not_tracked,
    ] {
        assert!(!t.is_empty());
    }
    assert_eq!(w.levels, ["none", "some", "all"]);
}

fn log_of(days: &[u32]) -> Vec<DayLog> {
    days.iter().map(|&d| day(d)).collect()
}

/// Width and height from the IHDR chunk, which must come first.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.len() > 24, "too short for a PNG");
    assert_eq!(&png[..8], PNG_SIGNATURE);
    assert_eq!(&png[12..16], b"IHDR");
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    (w, h)
}

fn sample_log() -> Vec<DayLog> {
    let mut log = Vec::new();
    for d in 1..=40u32 {
        if d % 7 == 3 || d == 20 || d == 21 {
            continue; // missed days
        }
        let pain = 7 - (d as i64 / 6);
        let exercise = ["none", "some", "all"][(d % 3) as usize];
        log.push(full(
            d,
            pain,
            (d % 5 == 0) as usize,
            exercise,
            2 + (d as i64 / 10),
        ));
    }
    log
}

#[test]
fn png_has_signature_and_size() {
    let png = chart(&sample_log(), 40).expect("chart");
    assert_eq!(png_size(&png), (WIDTH, HEIGHT));
    assert_eq!((WIDTH, HEIGHT), (800, 600));
}

#[test]
fn empty_log_renders() {
    let png = chart(&[], 0).expect("chart");
    assert_eq!(png_size(&png), (WIDTH, HEIGHT));
    let png = chart(&[], 12).expect("chart");
    assert_eq!(png_size(&png), (WIDTH, HEIGHT));
}

#[test]
fn odd_input_renders() {
    let mut log = vec![
        full(3, -4, 0, "ALL", 9),
        full(3, 99, 1_000_000, "nonsense", -3),
        full(5, 4, 2, " some ", 3),
        full(6, 5, 0, "none", 4),
        full(90, 1, 1, "all", 5), // the future
        day(u32::MAX),
        DayLog {
            exercise: Some(String::new()),
            ..day(8)
        },
    ];
    log.push(full(0, i64::MAX, usize::MAX, "all", i64::MIN));
    for today in [0, 1, 6, 8, 29, 30, 31, u32::MAX] {
        let png = chart(&log, today).expect("chart");
        assert_eq!(png_size(&png), (WIDTH, HEIGHT));
        let _ = streak(&log, today);
    }
}

#[test]
fn no_pain_renders() {
    let log: Vec<DayLog> = (1..=10)
        .map(|d| DayLog {
            pain: None,
            ..full(d, 0, 0, "some", 3)
        })
        .collect();
    let png = chart(&log, 10).expect("chart");
    assert_eq!(png_size(&png), (WIDTH, HEIGHT));
}

#[test]
fn duplicates_keep_the_last_entry() {
    let log = vec![full(4, 8, 3, "none", 1), full(4, 2, 0, "all", 5)];
    let days = window(&log, 4);
    assert_eq!(days.len(), 1);
    assert_eq!(
        days[&4],
        Day {
            pain: Some(2),
            pelvic: 0,
            exercise: Some(Exercise::All),
            mood: Some(5)
        }
    );
}

#[test]
fn values_are_clamped() {
    let log = vec![full(2, 42, 0, "Some", 0), full(3, -1, 0, "all", 8)];
    let days = window(&log, 3);
    assert_eq!(days[&2].pain, Some(10));
    assert_eq!(days[&2].mood, Some(1));
    assert_eq!(days[&2].exercise, Some(Exercise::Some));
    assert_eq!(days[&3].pain, Some(0));
    assert_eq!(days[&3].mood, Some(5));
}

#[test]
fn window_is_thirty_days() {
    let log = log_of(&[10, 11, 40, 41]);
    assert_eq!(
        window(&log, 40).keys().copied().collect::<Vec<_>>(),
        vec![11, 40]
    );
    assert_eq!(window(&log, 5).len(), 0);
}

#[test]
fn streak_counts_consecutive_days() {
    assert_eq!(streak(&log_of(&[1, 2, 3, 4, 5]), 5), 5);
    assert_eq!(streak(&log_of(&[3, 4, 5]), 5), 3);
    assert_eq!(streak(&log_of(&[5]), 5), 1);
    // Unsorted and duplicated entries count once per day.
    assert_eq!(streak(&log_of(&[5, 3, 4, 4]), 5), 3);
}

#[test]
fn streak_tolerates_one_missed_day() {
    assert_eq!(streak(&log_of(&[1, 2, 4, 5]), 5), 4);
    assert_eq!(streak(&log_of(&[1, 3, 5]), 5), 3);
    // Not checked in yet today, but yesterday counts.
    assert_eq!(streak(&log_of(&[1, 2, 3, 4]), 5), 4);
}

#[test]
fn streak_breaks_on_two_missed_days() {
    assert_eq!(streak(&log_of(&[1, 2, 5, 6]), 6), 2);
    assert_eq!(streak(&log_of(&[1, 2, 3, 6]), 6), 1);
}

#[test]
fn streak_is_zero_when_last_check_in_is_old() {
    assert_eq!(streak(&log_of(&[1, 2, 3]), 5), 0);
    assert_eq!(streak(&[], 5), 0);
    assert_eq!(streak(&[], 0), 0);
    // Days in the future do not count.
    assert_eq!(streak(&log_of(&[1, 2, 9]), 5), 0);
    assert_eq!(streak(&log_of(&[4, 5, 9]), 5), 2);
}

/// Writes a sample chart for a person to look at:
/// `CHART_SAMPLE=/tmp/progress_sample.png cargo test chart::tests::sample -- --ignored`.
#[test]
#[ignore]
fn sample() {
    let path = std::env::var("CHART_SAMPLE").unwrap_or("/tmp/progress_sample.png".into());
    let png = chart(&sample_log(), 40).expect("chart");
    std::fs::write(&path, png).expect("write sample");
    let png = chart(&[], 3).expect("chart");
    std::fs::write(path.replace(".png", "_empty.png"), png).expect("write sample");
    let no_pain: Vec<DayLog> = sample_log()
        .into_iter()
        .map(|d| DayLog { pain: None, ..d })
        .collect();
    let png = chart(&no_pain[..12], 14).expect("chart");
    std::fs::write(path.replace(".png", "_no_pain.png"), png).expect("write sample");
}
