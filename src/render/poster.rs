//! A printable poster for a clinic's intake link: the QR code (from the
//! `qrcode` crate) with a few words around it, as PNG (drawn with plotters and
//! the embedded DejaVu font) or SVG. The words are texts of the dialogs
//! (`poster_*` in dialogs/texts/clinic.yaml); both formats carry the same
//! lines, broken where the font says they fit.

use crate::dialog::Dialogs;
use crate::engine::step::{Env, render};
use crate::engine::value::Value;
use crate::render::chart::{FONT, fonts};
use anyhow::Context;
use plotters::prelude::*;
use plotters::style::FontStyle;
use qrcode::{Color as Module, EcLevel, QrCode};
use std::collections::BTreeMap;
use std::path::Path;

/// A4 at 150 dots per inch.
const W: u32 = 1240;
const H: u32 = 1754;
/// White modules around the code, as the QR standard asks.
const QUIET: usize = 4;
/// Space left and right of every line, top and bottom of the page.
const MARGIN: u32 = 90;
/// The code is never drawn larger than this, nor (if the words allow) smaller
/// than the smallest size still easy to scan from a wall.
const QR_MAX: u32 = 820;
/// Space between the code and the words above and below it.
const GAP: u32 = 36;

/// One paragraph of the poster.
#[derive(Clone, Debug)]
struct Para {
    text: String,
    size: u32,
    bold: bool,
}

/// What a poster says, before it is laid out.
#[derive(Clone, Debug)]
pub struct Poster {
    link: String,
    above: Vec<Para>,
    below: Vec<Para>,
}

impl Poster {
    /// The words for a clinic's poster, in `lang`; `patient` is the clinic's
    /// own reference when the link is for one person.
    pub fn new(
        d: &Dialogs,
        lang: &str,
        link: &str,
        clinic_name: &str,
        emergency_number: &str,
        patient: Option<&str>,
    ) -> Poster {
        let constants = BTreeMap::from([
            ("clinic_name".to_owned(), clinic_name.to_owned()),
            ("emergency_number".to_owned(), emergency_number.to_owned()),
        ]);
        let env = Env {
            dialogs: d,
            constants: &constants,
            lang,
        };
        let vars: BTreeMap<String, Value> = patient
            .map(|p| ("patient".to_owned(), Value::Text(p.to_owned())))
            .into_iter()
            .collect();
        let para = |id: &str, size: u32, bold: bool| Para {
            text: crate::texts::plain(&render(&env, &vars, d.text(id)))
                .trim()
                .to_owned(),
            size,
            bold,
        };
        let mut above = vec![
            Para {
                text: clinic_name.to_owned(),
                size: 60,
                bold: true,
            },
            para("poster_headline", 46, false),
        ];
        if patient.is_some() {
            above.push(para("poster_patient", 30, true));
        }
        let below = vec![
            para("poster_scan", 34, true),
            para("poster_body", 30, false),
            para("poster_time", 30, false),
            para("poster_privacy", 27, false),
            para("poster_emergency", 30, true),
            Para {
                text: link.to_owned(),
                size: 24,
                bold: false,
            },
        ];
        Poster {
            link: link.to_owned(),
            above,
            below,
        }
    }
}

/// The code's modules, row by row (true = dark), and its width.
pub fn matrix(link: &str) -> anyhow::Result<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Module::Dark)
        .collect();
    Ok((width, dark))
}

/// Writes the poster; the format follows the file's extension (.png or .svg).
pub fn write(path: &Path, poster: &Poster) -> anyhow::Result<()> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        // A single-patient poster carries a link that binds: private (0600),
        // never written through a link.
        Some("svg") => write_private(path, svg(poster)?.as_bytes()),
        Some("png") => {
            let file = crate::files::TempFile::new("restride-poster", ".png")?;
            png(file.path(), poster)?;
            write_private(path, &std::fs::read(file.path())?)
        }
        _ => anyhow::bail!(
            "--qr {}: the poster is written as .png or .svg; name the file poster.png or poster.svg",
            path.display()
        ),
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::files::write_private(path, bytes).context("cannot write the poster")
}

/// A line of text and the top of its box.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    text: String,
    size: u32,
    bold: bool,
    top: u32,
}

/// Where everything goes: the lines, and the code's corner and module size.
#[derive(Debug)]
struct Layout {
    lines: Vec<Line>,
    qr: (u32, u32, u32),
}

fn font(size: u32, bold: bool) -> FontDesc<'static> {
    if bold {
        (FONT, size, FontStyle::Bold).into_font()
    } else {
        (FONT, size).into_font()
    }
}

/// How wide a line is drawn, in pixels.
fn width_of(text: &str, size: u32, bold: bool) -> u32 {
    font(size, bold)
        .box_size(text)
        .map(|(w, _)| w)
        // Without the font's metrics, a generous guess.
        .unwrap_or_else(|_| text.chars().count() as u32 * size * 6 / 10)
}

/// A paragraph broken into lines that fit between the margins; a word too
/// long for a line gets a line of its own (and is cut by the page edge only
/// if it is longer than the page).
fn wrap(p: &Para) -> Vec<String> {
    let room = W - 2 * MARGIN;
    let mut lines = Vec::new();
    for para in p.text.lines() {
        let mut cur = String::new();
        for word in para.split_whitespace() {
            let candidate = if cur.is_empty() {
                word.to_owned()
            } else {
                format!("{cur} {word}")
            };
            if !cur.is_empty() && width_of(&candidate, p.size, p.bold) > room {
                lines.push(std::mem::replace(&mut cur, word.to_owned()));
            } else {
                cur = candidate;
            }
        }
        if !cur.is_empty() {
            lines.push(cur);
        }
    }
    lines
}

fn line_height(size: u32) -> u32 {
    size * 4 / 3
}

/// Paragraphs from `top` down: the lines, and where the next would start.
fn stack(paras: &[Para], mut top: u32) -> (Vec<Line>, u32) {
    let mut out = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            top += p.size / 2;
        }
        for text in wrap(p) {
            out.push(Line {
                text,
                size: p.size,
                bold: p.bold,
                top,
            });
            top += line_height(p.size);
        }
    }
    (out, top)
}

fn layout(p: &Poster, width: usize) -> Layout {
    let (mut lines, above_end) = stack(&p.above, MARGIN - 20);
    let (below, below_height) = stack(&p.below, 0);
    let below_top = H - MARGIN + 20 - below_height;
    let modules = (width + 2 * QUIET) as u32;
    let room = below_top
        .saturating_sub(above_end)
        .saturating_sub(2 * GAP)
        .min(QR_MAX);
    let scale = (room / modules).max(1);
    let side = modules * scale;
    let y0 = above_end + (below_top.saturating_sub(above_end).saturating_sub(side)) / 2;
    lines.extend(below.into_iter().map(|l| Line {
        top: l.top + below_top,
        ..l
    }));
    Layout {
        lines,
        qr: ((W - side) / 2, y0, scale),
    }
}

fn png(path: &Path, poster: &Poster) -> anyhow::Result<()> {
    let (width, dark) = matrix(&poster.link)?;
    fonts().map_err(anyhow::Error::msg)?;
    let l = layout(poster, width);
    let (x0, y0, scale) = l.qr;
    let root = BitMapBackend::new(path, (W, H)).into_drawing_area();
    let e = |e: DrawingAreaErrorKind<_>| anyhow::anyhow!("cannot draw the poster: {e}");
    root.fill(&WHITE).map_err(e)?;
    for line in &l.lines {
        let style =
            font(line.size, line.bold)
                .color(&BLACK)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Top,
                ));
        root.draw(&Text::new(
            line.text.clone(),
            ((W / 2) as i32, line.top as i32),
            style,
        ))
        .map_err(e)?;
    }
    for (i, d) in dark.iter().enumerate() {
        if !d {
            continue;
        }
        let (mx, my) = ((i % width + QUIET) as u32, (i / width + QUIET) as u32);
        let (x, y) = ((x0 + mx * scale) as i32, (y0 + my * scale) as i32);
        root.draw(&Rectangle::new(
            [(x, y), (x + scale as i32, y + scale as i32)],
            BLACK.filled(),
        ))
        .map_err(e)?;
    }
    root.present().map_err(e)?;
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The poster as SVG: the same lines as the PNG; the code is one path of
/// unit squares, scaled.
pub fn svg(poster: &Poster) -> anyhow::Result<String> {
    let (width, dark) = matrix(&poster.link)?;
    fonts().map_err(anyhow::Error::msg)?;
    let l = layout(poster, width);
    let (x0, y0, scale) = l.qr;
    let mut d = String::new();
    for (i, on) in dark.iter().enumerate() {
        if *on {
            d.push_str(&format!(
                "M{} {}h1v1h-1z",
                i % width + QUIET,
                i / width + QUIET
            ));
        }
    }
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
    );
    for line in &l.lines {
        // SVG places text by its baseline: the top plus the font's ascent.
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"{}\" font-weight=\"{}\" text-anchor=\"middle\">{}</text>\n",
            W / 2,
            line.top + line.size * 93 / 100,
            line.size,
            if line.bold { "bold" } else { "normal" },
            escape(&line.text)
        ));
    }
    out.push_str(&format!(
        "<path data-qr-width=\"{width}\" transform=\"translate({x0} {y0}) scale({scale})\" fill=\"#000\" shape-rendering=\"crispEdges\" d=\"{d}\"/>\n</svg>\n"
    ));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes the QR code in a greyscale picture.
    fn decode(w: usize, h: usize, px: impl Fn(usize, usize) -> u8) -> String {
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, px);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code on the poster");
        grids[0].decode().expect("the code decodes").1
    }

    const LINK: &str = "https://t.me/restride_bot?start=north_clinic-1";

    fn dialogs() -> Dialogs {
        crate::dialog::compile(&crate::dialog::load::Sources::embedded()).unwrap()
    }

    fn poster(clinic: &str, patient: Option<&str>) -> Poster {
        Poster::new(&dialogs(), "en", LINK, clinic, "112", patient)
    }

    #[test]
    fn the_png_poster_decodes_back_to_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poster.png");
        write(&path, &poster("North Clinic", Some("R-7KQ2M9XA"))).unwrap();
        let img = image::open(&path).unwrap().to_luma8();
        assert_eq!((img.width(), img.height()), (W, H));
        let got = decode(img.width() as usize, img.height() as usize, |x, y| {
            img.get_pixel(x as u32, y as u32)[0]
        });
        assert_eq!(got, LINK);
        if let Ok(keep) = std::env::var("POSTER_SAMPLE") {
            std::fs::copy(&path, keep).unwrap();
        }
    }

    #[test]
    fn the_svg_poster_decodes_back_to_the_link() {
        let svg = svg(&poster("North & South <Clinic>", None)).unwrap();
        assert!(svg.contains("North &amp; South &lt;Clinic&gt;"));
        // Rasterise the path's unit squares, 4 pixels a module.
        let width: usize = regex::Regex::new(r#"data-qr-width="(\d+)""#)
            .unwrap()
            .captures(&svg)
            .unwrap()[1]
            .parse()
            .unwrap();
        let side = width + 2 * QUIET;
        let mut dark = vec![false; side * side];
        for c in regex::Regex::new(r"M(\d+) (\d+)h1v1h-1z")
            .unwrap()
            .captures_iter(&svg)
        {
            let (x, y): (usize, usize) = (c[1].parse().unwrap(), c[2].parse().unwrap());
            dark[y * side + x] = true;
        }
        let got = decode(side * 4, side * 4, |x, y| {
            if dark[(y / 4) * side + x / 4] { 0 } else { 255 }
        });
        assert_eq!(got, LINK);
    }

    /// The SVG's text lines joined, entities left as they are.
    fn words(svg: &str) -> String {
        regex::Regex::new(r"<text [^>]*>([^<]*)</text>")
            .unwrap()
            .captures_iter(svg)
            .map(|c| c[1].to_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_poster_says_how_long_not_for_emergencies_and_privacy() {
        let d = dialogs();
        let p = Poster::new(&d, "en", LINK, "St Mary's <Women> & Co", "112", None);
        let svg = svg(&p).unwrap();
        let text = words(&svg);
        assert!(text.contains("St Mary's &lt;Women&gt; &amp; Co"), "{text}");
        assert!(!svg.contains("<Women>"), "the name is escaped");
        assert!(text.contains("about 5 minutes"), "{text}");
        assert!(text.contains("not for emergencies"), "{text}");
        assert!(text.contains("call 112"), "{text}");
        assert!(
            text.contains("only if you agree") && text.contains("/delete"),
            "{text}"
        );
        // The privacy line names the clinic (escaped there too).
        assert!(
            text.contains("St Mary's &lt;Women&gt; &amp; Co sees"),
            "{text}"
        );
        assert!(!text.contains("For:"), "{text}");
        // Every word of the texts is on the poster, none left as a placeholder.
        assert!(!text.contains('{'), "{text}");
        for id in ["poster_scan", "poster_time", "poster_emergency"] {
            let first = d.text(id).split_whitespace().next().unwrap();
            assert!(text.contains(first), "{id}: {text}");
        }
    }

    #[test]
    fn a_single_patient_poster_says_whose_it_is() {
        let svg = svg(&poster("North Clinic", Some("R-7K<Q2>"))).unwrap();
        let text = words(&svg);
        assert!(
            text.contains("For: R-7K&lt;Q2&gt; (this link is for one person"),
            "{text}"
        );
    }

    /// Nothing overlaps and nothing runs off the page, even with a long name.
    #[test]
    fn the_layout_keeps_the_words_apart_and_on_the_page() {
        fonts().unwrap();
        let long =
            "The Royal Infirmary Women's Health and Postnatal Physiotherapy Outpatient Department";
        for p in [
            poster("North Clinic", None),
            poster(long, Some("R-7KQ2M9XA")),
        ] {
            let (width, _) = matrix(&p.link).unwrap();
            let l = layout(&p, width);
            let (x0, y0, scale) = l.qr;
            let side = (width + 2 * QUIET) as u32 * scale;
            assert!(side >= 500, "the code stays big enough to scan: {side}");
            assert!(x0 >= MARGIN / 2 && x0 + side <= W - MARGIN / 2);
            let mut bottom = 0;
            for line in &l.lines {
                assert!(line.top >= bottom, "{line:?} overlaps the line above");
                bottom = line.top + line_height(line.size);
                assert!(bottom <= H, "{line:?} runs off the page");
                let w = width_of(&line.text, line.size, line.bold);
                assert!(w <= W - 2 * MARGIN, "{line:?} is {w} px wide");
                let clear = bottom <= y0 || line.top >= y0 + side;
                assert!(clear, "{line:?} overlaps the code");
            }
            assert!(l.lines.len() >= 8, "{:?}", l.lines);
        }
    }

    #[test]
    fn other_formats_are_refused_with_a_hint() {
        let e = write(Path::new("poster.jpg"), &poster("x", None))
            .unwrap_err()
            .to_string();
        assert!(e.contains(".png or .svg"), "{e}");
    }
}
