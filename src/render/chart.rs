//! Her progress over the last 30 days: a PNG chart, a short summary and the streak.
//!
//! The chart has four stacked panels (back pain, pelvic symptoms, exercise, mood) over
//! the same 30 check-in days, with calendar dates on the x axis. Days without a
//! check-in are gaps: lines join only consecutive days that both have data. Every
//! word on it is a text of the dialogs ([`ChartWords`]). Nothing here panics on odd input: days in the
//! future are ignored, a day logged twice keeps its last entry, and values out of range
//! are clamped.

use crate::checkin::record::DayLog;
pub use crate::checkin::stats::{DAYS, streak};
use crate::checkin::stats::{Day, Exercise, window, window_start};
use jiff::civil::Date;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Width of the chart in pixels.
pub const WIDTH: u32 = 800;
/// Height of the chart in pixels.
pub const HEIGHT: u32 = 600;

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

/// Every word on the chart: panel titles, notes, the exercise levels and the months.
#[derive(Clone, Debug)]
pub struct ChartWords {
    pub pain: String,
    pub pelvic: String,
    pub exercise: String,
    pub mood: String,
    /// The exercise panel's levels: none, some, all.
    pub levels: [String; 3],
    /// A panel with nothing in the 30 days.
    pub no_data: String,
    /// The pain panel when pain was not asked in the 30 days.
    pub not_tracked: String,
    /// January to December, short.
    pub months: [String; 12],
}

impl ChartWords {
    /// The chart's texts (`chart_*`) from the dialogs, in her language.
    pub fn new(env: &crate::engine::Env) -> ChartWords {
        let t = |id: &str| env.t(id).trim().to_owned();
        let mut months: [String; 12] = Default::default();
        for (m, name) in months.iter_mut().zip(t("chart_months").split_whitespace()) {
            *m = name.to_owned();
        }
        ChartWords {
            pain: t("chart_pain"),
            pelvic: t("chart_pelvic"),
            exercise: t("chart_exercise"),
            mood: t("chart_mood"),
            levels: [
                t("chart_exercise_none"),
                t("chart_exercise_some"),
                t("chart_exercise_all"),
            ],
            no_data: t("chart_no_data"),
            not_tracked: t("chart_not_tracked"),
            months,
        }
    }

    /// "3 Nov": the date of check-in day `day`, when day `today` is `today_date`.
    fn date(&self, day: i64, today: u32, today_date: Date) -> String {
        let back = jiff::Span::new().try_days(i64::from(today) - day);
        match back.and_then(|b| today_date.checked_sub(b)) {
            Ok(d) => {
                let month = &self.months[(d.month() as usize).saturating_sub(1) % 12];
                format!("{} {month}", d.day()).trim().to_owned()
            }
            Err(_) => String::new(),
        }
    }
}

/// The x axis's label for a position: the date of that check-in day, none
/// between days.
fn x_labels<'w>(
    words: &'w ChartWords,
    today: u32,
    today_date: Date,
) -> impl Fn(f64) -> String + 'w {
    move |v: f64| {
        if v.is_finite() && (v - v.round()).abs() < 1e-6 {
            words.date(v.round() as i64, today, today_date)
        } else {
            String::new()
        }
    }
}

/// A PNG chart of the last 30 days up to and including `today` (check-in day numbers):
/// pain (0-10), pelvic symptoms (count), exercise done (all/some/none) and mood (1-5).
/// `today_date` is the calendar date of day `today` where she lives: the x axis shows
/// dates.
pub fn progress_png(
    log: &[DayLog],
    today: u32,
    today_date: Date,
    words: &ChartWords,
) -> Result<Vec<u8>, String> {
    fonts()?;
    let days = window(log, today);
    let start = window_start(today);
    // Her health data: drawn into a private file (0600) that is removed again.
    let file = crate::files::TempFile::new("restride-chart", ".png")
        .map_err(|e| format!("a file for the chart: {e}"))?;
    let x_label = x_labels(words, today, today_date);
    // plotters or its font code should not panic, but a chart is never worth a crash.
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        draw(file.path(), &days, start, words, &x_label)
    }));
    match drawn {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(e),
        Err(_) => return Err("drawing the progress chart failed".to_string()),
    }
    let bytes = std::fs::read(file.path()).map_err(|e| format!("reading the chart back: {e}"))?;
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err("the chart was not written as a PNG".to_string());
    }
    Ok(bytes)
}

/// [`progress_png`] for the instant `now` (Unix seconds), on day `today`, in
/// the time zone named `zone`, with the words of the dialogs.
pub fn progress_png_on(
    log: &[DayLog],
    today: u32,
    zone: &str,
    now: i64,
    env: &crate::engine::Env,
) -> Result<Vec<u8>, String> {
    let date = jiff::Timestamp::from_second(now)
        .ok()
        .and_then(|t| crate::checkin::schedule::local_date(zone, t))
        .ok_or_else(|| format!("no local date for {now} in {zone}"))?;
    progress_png(log, today, date, &ChartWords::new(env))
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

/// One of the four stacked panels.
struct Panel<'w> {
    title: &'w str,
    colour: RGBColor,
    /// Lowest and highest value on the y axis.
    y: (f64, f64),
    /// How many y labels to ask for.
    y_labels: usize,
    /// The text for a y value, or "" for no label there.
    y_label: Box<dyn Fn(f64) -> String + 'w>,
    /// (day, value), sorted by day.
    points: Vec<(u32, f64)>,
    /// Shown in the middle of the panel when there are no points.
    empty_note: &'w str,
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

fn draw(
    path: &std::path::Path,
    days: &BTreeMap<u32, Day>,
    start: u32,
    words: &ChartWords,
    x_label: &dyn Fn(f64) -> String,
) -> Result<(), String> {
    let root = BitMapBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(err)?;

    let series = |f: &dyn Fn(&Day) -> Option<f64>| -> Vec<(u32, f64)> {
        days.iter()
            .filter_map(|(&day, d)| f(d).map(|v| (day, v)))
            .collect()
    };
    let pelvic_points = series(&|d| Some(d.pelvic.min(PELVIC_CAP) as f64));
    let pelvic_max = pelvic_points.iter().map(|p| p.1).fold(3.0, f64::max);
    let no_data = words.no_data.as_str();
    let panels = [
        Panel {
            title: &words.pain,
            colour: PAIN_COLOUR,
            y: (0.0, 10.0),
            y_labels: 3,
            y_label: Box::new(|v| {
                if v == 0.0 || v == 5.0 || v == 10.0 {
                    whole(v)
                } else {
                    String::new()
                }
            }),
            points: series(&|d| d.pain.map(|p| p as f64)),
            empty_note: if days.is_empty() {
                no_data
            } else {
                &words.not_tracked
            },
        },
        Panel {
            title: &words.pelvic,
            colour: PELVIC_COLOUR,
            y: (0.0, pelvic_max),
            y_labels: 4,
            y_label: Box::new(whole),
            points: pelvic_points,
            empty_note: no_data,
        },
        Panel {
            title: &words.exercise,
            colour: EXERCISE_COLOUR,
            y: (0.0, 2.0),
            y_labels: 3,
            y_label: Box::new(|v| match whole(v).as_str() {
                "0" => words.levels[0].clone(),
                "1" => words.levels[1].clone(),
                "2" => words.levels[2].clone(),
                _ => String::new(),
            }),
            points: series(&|d| d.exercise.map(Exercise::level)),
            empty_note: no_data,
        },
        Panel {
            title: &words.mood,
            colour: MOOD_COLOUR,
            y: (1.0, 5.0),
            y_labels: 5,
            y_label: Box::new(|v| {
                if v == 1.0 || v == 3.0 || v == 5.0 {
                    whole(v)
                } else {
                    String::new()
                }
            }),
            points: series(&|d| d.mood.map(|m| m as f64)),
            empty_note: no_data,
        },
    ];

    let areas = root.split_evenly((panels.len(), 1));
    let last = panels.len() - 1;
    for (i, (panel, area)) in panels.iter().zip(areas.iter()).enumerate() {
        draw_panel(area, panel, start, i == last, x_label)?;
    }
    root.present().map_err(err)?;
    Ok(())
}

fn draw_panel(
    area: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
    panel: &Panel<'_>,
    start: u32,
    bottom: bool,
    x_label: &dyn Fn(f64) -> String,
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
        .margin_right(28)
        .margin_top(2)
        .margin_bottom(if bottom { 2 } else { 4 })
        .x_label_area_size(if bottom { 30 } else { 22 })
        .y_label_area_size(62)
        .build_cartesian_2d(x, y)
        .map_err(err)?;

    let label_style = (FONT, 19).into_font().color(&TEXT_COLOUR);
    let x_fmt = |v: &f64| x_label(*v);
    let y_label = |v: &f64| (panel.y_label)(*v);
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(8)
        .y_labels(panel.y_labels)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_label)
        .label_style(label_style.clone())
        .axis_desc_style(label_style)
        .bold_line_style(GRID_COLOUR)
        .light_line_style(TRANSPARENT)
        .axis_style(NOTE_COLOUR);
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
mod tests;
