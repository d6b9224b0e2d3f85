//! Her progress over the last 30 days: a PNG chart, a short summary and the streak.
//!
//! The chart has four stacked panels (back pain, pelvic symptoms, exercise, mood) over
//! the same 30 check-in days. Days without a check-in are gaps: lines join only
//! consecutive days that both have data. Nothing here panics on odd input: days in the
//! future are ignored, a day logged twice keeps its last entry, and values out of range
//! are clamped.

use crate::checkin::record::DayLog;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Width of the chart in pixels.
pub const WIDTH: u32 = 800;
/// Height of the chart in pixels.
pub const HEIGHT: u32 = 600;
/// How many days the chart and the summary cover.
pub const DAYS: u32 = 30;

/// The font family every text in the chart uses (DejaVu Sans, embedded).
pub(crate) const FONT: &str = "sans-serif";
/// Pelvic symptom counts above this are drawn at this height.
const PELVIC_CAP: usize = 20;

const PAIN_COLOUR: RGBColor = RGBColor(200, 55, 0);
const PELVIC_COLOUR: RGBColor = RGBColor(0, 90, 170);
const EXERCISE_COLOUR: RGBColor = RGBColor(0, 125, 80);
const MOOD_COLOUR: RGBColor = RGBColor(120, 50, 160);
const TEXT_COLOUR: RGBColor = RGBColor(30, 30, 30);
const NOTE_COLOUR: RGBColor = RGBColor(90, 90, 90);
const GRID_COLOUR: RGBColor = RGBColor(215, 215, 215);

/// A PNG chart of the last 30 days up to and including `today` (check-in day numbers):
/// pain (0-10), pelvic symptoms (count), exercise done (all/some/none) and mood (1-5).
pub fn progress_png(log: &[DayLog], today: u32) -> Result<Vec<u8>, String> {
    fonts()?;
    let days = window(log, today);
    let start = window_start(today);
    let file = TempFile::new();
    // plotters or its font code should not panic, but a chart is never worth a crash.
    let drawn =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| draw(&file.0, &days, start)));
    match drawn {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(e),
        Err(_) => return Err("drawing the progress chart failed".to_string()),
    }
    let bytes = std::fs::read(&file.0).map_err(|e| format!("reading the chart back: {e}"))?;
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err("the chart was not written as a PNG".to_string());
    }
    Ok(bytes)
}

/// A short text summary for the same 30 days, in a warm plain voice, plus the streak.
pub fn progress_summary(log: &[DayLog], today: u32) -> String {
    let days = window(log, today);
    if days.is_empty() {
        let any_before = log.iter().any(|d| d.day <= today);
        return if any_before {
            "No check-ins in the last 30 days. Whenever you are ready, a quick check-in \
             picks things up again."
                .to_string()
        } else {
            "No check-ins yet. Once you answer your first one, your progress will show up \
             here."
                .to_string()
        };
    }

    let mut parts = Vec::new();
    let n = days.len();
    parts.push(format!(
        "In the last 30 days you checked in {n} {}.",
        if n == 1 { "time" } else { "times" }
    ));

    let moods: Vec<i64> = days.values().filter_map(|d| d.mood).collect();
    if !moods.is_empty() {
        let avg = moods.iter().sum::<i64>() as f64 / moods.len() as f64;
        parts.push(format!("Average mood {avg:.1} of 5."));
    }

    let pains: Vec<i64> = days.values().filter_map(|d| d.pain).collect();
    match (pains.first(), pains.last()) {
        (Some(first), Some(last)) if pains.len() > 1 && first != last => {
            parts.push(format!(
                "Back pain has gone from {first} to {last} (out of 10)."
            ));
        }
        (Some(_), Some(last)) if pains.len() > 1 => {
            parts.push(format!("Back pain has stayed at {last} (out of 10)."));
        }
        (Some(only), _) => parts.push(format!("Back pain was {only} (out of 10).")),
        _ => {}
    }

    let pelvic = days.values().filter(|d| d.pelvic > 0).count();
    if pelvic == 0 {
        parts.push("No pelvic symptoms noted.".to_string());
    } else {
        parts.push(format!("Pelvic symptoms on {}.", count_days(pelvic)));
    }

    let all = days
        .values()
        .filter(|d| d.exercise == Some(Exercise::All))
        .count();
    let some = days
        .values()
        .filter(|d| d.exercise == Some(Exercise::Some))
        .count();
    match (all, some) {
        (0, 0) => {}
        (all, 0) => parts.push(format!("Exercise: all of it on {}.", count_days(all))),
        (0, some) => parts.push(format!("Exercise: some of it on {}.", count_days(some))),
        (all, some) => parts.push(format!(
            "Exercise: all of it on {}, some on {}.",
            count_days(all),
            count_days(some)
        )),
    }

    let run = streak(log, today);
    if run > 0 {
        parts.push(format!("Current streak: {}.", count_days(run as usize)));
    }
    parts.join(" ")
}

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
enum Exercise {
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

    fn level(self) -> f64 {
        match self {
            Self::None => 0.0,
            Self::Some => 1.0,
            Self::All => 2.0,
        }
    }
}

/// One day's check-in, cleaned up for drawing and counting.
#[derive(Clone, Debug, PartialEq)]
struct Day {
    pain: Option<i64>,
    pelvic: usize,
    exercise: Option<Exercise>,
    mood: Option<i64>,
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
fn window_start(today: u32) -> u32 {
    today.saturating_sub(DAYS - 1)
}

/// Her check-ins within the 30 days up to `today`, one per day (the last entry wins).
fn window(log: &[DayLog], today: u32) -> BTreeMap<u32, Day> {
    let start = window_start(today);
    log.iter()
        .filter(|d| (start..=today).contains(&d.day))
        .map(|d| (d.day, Day::from(d)))
        .collect()
}

fn count_days(n: usize) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// Registers the embedded DejaVu Sans once for the whole process.
pub(crate) fn fonts() -> Result<(), String> {
    static LOADED: OnceLock<bool> = OnceLock::new();
    let ok = *LOADED.get_or_init(|| {
        register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && register_font(FONT, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err("the chart font could not be loaded".to_string())
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A unique path in the temp directory, removed again when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let name = format!("restride-chart-{}-{n}-{nanos}.png", std::process::id());
        TempFile(std::env::temp_dir().join(name))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// One of the four stacked panels.
struct Panel {
    title: &'static str,
    colour: RGBColor,
    /// Lowest and highest value on the y axis.
    y: (f64, f64),
    /// How many y labels to ask for.
    y_labels: usize,
    /// The text for a y value, or "" for no label there.
    y_label: fn(f64) -> String,
    /// (day, value), sorted by day.
    points: Vec<(u32, f64)>,
    /// Shown in the middle of the panel when there are no points.
    empty_note: &'static str,
}

fn err(e: impl std::fmt::Display) -> String {
    format!("drawing the progress chart: {e}")
}

fn whole(v: f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        format!("{:.0}", v)
    } else {
        String::new()
    }
}

fn draw(path: &std::path::Path, days: &BTreeMap<u32, Day>, start: u32) -> Result<(), String> {
    let root = BitMapBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(err)?;

    let series = |f: &dyn Fn(&Day) -> Option<f64>| -> Vec<(u32, f64)> {
        days.iter()
            .filter_map(|(&day, d)| f(d).map(|v| (day, v)))
            .collect()
    };
    let pelvic_points = series(&|d| Some(d.pelvic.min(PELVIC_CAP) as f64));
    let pelvic_max = pelvic_points.iter().map(|p| p.1).fold(3.0, f64::max);
    let no_data = "No check-ins in these 30 days yet";
    let panels = [
        Panel {
            title: "Back pain (0-10)",
            colour: PAIN_COLOUR,
            y: (0.0, 10.0),
            y_labels: 3,
            y_label: |v| {
                if v == 0.0 || v == 5.0 || v == 10.0 {
                    whole(v)
                } else {
                    String::new()
                }
            },
            points: series(&|d| d.pain.map(|p| p as f64)),
            empty_note: if days.is_empty() {
                no_data
            } else {
                "Not tracked in these 30 days"
            },
        },
        Panel {
            title: "Pelvic symptoms",
            colour: PELVIC_COLOUR,
            y: (0.0, pelvic_max),
            y_labels: 4,
            y_label: whole,
            points: pelvic_points,
            empty_note: no_data,
        },
        Panel {
            title: "Exercise",
            colour: EXERCISE_COLOUR,
            y: (0.0, 2.0),
            y_labels: 3,
            y_label: |v| {
                match whole(v).as_str() {
                    "0" => "none",
                    "1" => "some",
                    "2" => "all",
                    _ => "",
                }
                .to_string()
            },
            points: series(&|d| d.exercise.map(Exercise::level)),
            empty_note: no_data,
        },
        Panel {
            title: "Mood (1-5)",
            colour: MOOD_COLOUR,
            y: (1.0, 5.0),
            y_labels: 5,
            y_label: |v| {
                if v == 1.0 || v == 3.0 || v == 5.0 {
                    whole(v)
                } else {
                    String::new()
                }
            },
            points: series(&|d| d.mood.map(|m| m as f64)),
            empty_note: no_data,
        },
    ];

    let areas = root.split_evenly((panels.len(), 1));
    let last = panels.len() - 1;
    for (i, (panel, area)) in panels.iter().zip(areas.iter()).enumerate() {
        draw_panel(area, panel, start, i == last)?;
    }
    root.present().map_err(err)?;
    Ok(())
}

fn draw_panel(
    area: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
    panel: &Panel,
    start: u32,
    bottom: bool,
) -> Result<(), String> {
    let end = start.saturating_add(DAYS - 1);
    // Half a day / a bit of value either side, so points on the edges are not cut.
    let x = (start as f64 - 0.6)..(end as f64 + 0.6);
    let pad = (panel.y.1 - panel.y.0) * 0.12;
    let y = (panel.y.0 - pad)..(panel.y.1 + pad);

    let mut chart = ChartBuilder::on(area)
        .caption(
            panel.title,
            (FONT, 21, FontStyle::Bold).into_font().color(&TEXT_COLOUR),
        )
        .margin_left(8)
        .margin_right(16)
        .margin_top(2)
        .margin_bottom(if bottom { 2 } else { 4 })
        .x_label_area_size(if bottom { 40 } else { 22 })
        .y_label_area_size(62)
        .build_cartesian_2d(x, y)
        .map_err(err)?;

    let label_style = (FONT, 19).into_font().color(&TEXT_COLOUR);
    let x_label = |v: &f64| whole(*v);
    let y_fmt = panel.y_label;
    let y_label = |v: &f64| y_fmt(*v);
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(10)
        .y_labels(panel.y_labels)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .label_style(label_style.clone())
        .axis_desc_style(label_style)
        .bold_line_style(GRID_COLOUR)
        .light_line_style(TRANSPARENT)
        .axis_style(NOTE_COLOUR);
    if bottom {
        mesh.x_desc("day");
    }
    mesh.draw().map_err(err)?;

    if panel.points.is_empty() {
        let (w, h) = chart.plotting_area().dim_in_pixel();
        let style =
            (FONT, 18)
                .into_font()
                .color(&NOTE_COLOUR)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                ));
        let plot = chart.plotting_area().strip_coord_spec();
        plot.draw(&Text::new(
            panel.empty_note,
            ((w / 2) as i32, (h / 2) as i32),
            style,
        ))
        .map_err(err)?;
        return Ok(());
    }

    let to_xy = |&(day, v): &(u32, f64)| (day as f64, v);
    let line = ShapeStyle::from(&panel.colour).stroke_width(3);
    let segments = panel
        .points
        .windows(2)
        .filter(|pair| pair[1].0 == pair[0].0 + 1)
        .map(|pair| PathElement::new(vec![to_xy(&pair[0]), to_xy(&pair[1])], line));
    chart.draw_series(segments).map_err(err)?;
    chart
        .draw_series(
            panel
                .points
                .iter()
                .map(|p| Circle::new(to_xy(p), 5, panel.colour.filled())),
        )
        .map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: u32) -> DayLog {
        DayLog {
            day,
            at: i64::from(day) * 86_400,
            ..DayLog::default()
        }
    }

    fn full(day_no: u32, pain: i64, pelvic: usize, exercise: &str, mood: i64) -> DayLog {
        DayLog {
            pain: Some(pain),
            pelvic,
            exercise: Some(exercise.to_string()),
            mood: Some(mood),
            ..day(day_no)
        }
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
        let png = progress_png(&sample_log(), 40).expect("chart");
        assert_eq!(png_size(&png), (WIDTH, HEIGHT));
        assert_eq!((WIDTH, HEIGHT), (800, 600));
    }

    #[test]
    fn empty_log_renders() {
        let png = progress_png(&[], 0).expect("chart");
        assert_eq!(png_size(&png), (WIDTH, HEIGHT));
        let png = progress_png(&[], 12).expect("chart");
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
            let png = progress_png(&log, today).expect("chart");
            assert_eq!(png_size(&png), (WIDTH, HEIGHT));
            let _ = progress_summary(&log, today);
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
        let png = progress_png(&log, 10).expect("chart");
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

    #[test]
    fn summary_without_data() {
        let text = progress_summary(&[], 7);
        assert!(text.starts_with("No check-ins yet."), "{text}");
        let text = progress_summary(&log_of(&[1, 2]), 60);
        assert!(
            text.starts_with("No check-ins in the last 30 days."),
            "{text}"
        );
        assert!(!text.contains("streak"), "{text}");
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
        let text = progress_summary(&log, 5);
        assert_eq!(
            text,
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
        let text = progress_summary(&log, 12);
        assert_eq!(
            text,
            "In the last 30 days you checked in 1 time. Average mood 4.0 of 5. \
             No pelvic symptoms noted."
        );
    }

    /// Writes a sample chart for a person to look at:
    /// `CHART_SAMPLE=/tmp/progress_sample.png cargo test chart::tests::sample -- --ignored`.
    #[test]
    #[ignore]
    fn sample() {
        let path = std::env::var("CHART_SAMPLE").unwrap_or("/tmp/progress_sample.png".into());
        let png = progress_png(&sample_log(), 40).expect("chart");
        std::fs::write(&path, png).expect("write sample");
        let png = progress_png(&[], 3).expect("chart");
        std::fs::write(path.replace(".png", "_empty.png"), png).expect("write sample");
        let no_pain: Vec<DayLog> = sample_log()
            .into_iter()
            .map(|d| DayLog { pain: None, ..d })
            .collect();
        let png = progress_png(&no_pain[..12], 14).expect("chart");
        std::fs::write(path.replace(".png", "_no_pain.png"), png).expect("write sample");
    }
}
