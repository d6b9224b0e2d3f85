//! A printable poster for a clinic's intake link: the QR code (from the
//! `qrcode` crate) with a few words around it, as PNG (drawn with plotters and
//! the embedded DejaVu font) or SVG.

use crate::checkin::chart::{FONT, fonts};
use plotters::prelude::*;
use plotters::style::FontStyle;
use qrcode::{Color as Module, EcLevel, QrCode};
use std::path::Path;

/// A4 at 150 dots per inch.
const W: u32 = 1240;
const H: u32 = 1754;
/// White modules around the code, as the QR standard asks.
const QUIET: usize = 4;

const HEADLINE: &str = "Back to exercise after your baby?";
const BODY: [&str; 3] = [
    "Before your appointment, answer a few short questions",
    "on Telegram and get a plan made for you.",
    "Point your phone's camera at the code to start.",
];

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
pub fn write(path: &Path, link: &str, clinic_name: &str) -> anyhow::Result<()> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => {
            std::fs::write(path, svg(link, clinic_name)?)?;
            Ok(())
        }
        Some("png") => png(path, link, clinic_name),
        _ => anyhow::bail!(
            "--qr {}: the poster is written as .png or .svg; name the file poster.png or poster.svg",
            path.display()
        ),
    }
}

/// The module size and the code's top-left corner on the poster.
fn layout(width: usize) -> (u32, u32, u32) {
    let modules = (width + 2 * QUIET) as u32;
    let scale = (900 / modules).max(1);
    let side = modules * scale;
    ((W - side) / 2, 420, scale)
}

fn png(path: &Path, link: &str, clinic_name: &str) -> anyhow::Result<()> {
    let (width, dark) = matrix(link)?;
    fonts().map_err(anyhow::Error::msg)?;
    let (x0, y0, scale) = layout(width);
    let root = BitMapBackend::new(path, (W, H)).into_drawing_area();
    let e = |e: DrawingAreaErrorKind<_>| anyhow::anyhow!("cannot draw the poster: {e}");
    root.fill(&WHITE).map_err(e)?;
    let centred = |text: &str, y: i32, size: u32, bold: bool| {
        let style = if bold {
            (FONT, size, FontStyle::Bold).into_font()
        } else {
            (FONT, size).into_font()
        };
        let style = style
            .color(&BLACK)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Top,
            ));
        root.draw(&Text::new(text.to_owned(), ((W / 2) as i32, y), style))
    };
    centred(clinic_name, 90, 64, true).map_err(e)?;
    centred(HEADLINE, 200, 48, false).map_err(e)?;
    for (i, line) in BODY.iter().enumerate() {
        let y = 1380 + 52 * i as i32;
        centred(line, y, 36, false).map_err(e)?;
    }
    centred(link, 1600, 28, false).map_err(e)?;
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

/// The poster as SVG: the code is one path of unit squares, scaled.
pub fn svg(link: &str, clinic_name: &str) -> anyhow::Result<String> {
    let (width, dark) = matrix(link)?;
    let (x0, y0, scale) = layout(width);
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
    let text = |y: u32, size: u32, weight: &str, s: &str| {
        format!(
            "<text x=\"{}\" y=\"{y}\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"{size}\" font-weight=\"{weight}\" text-anchor=\"middle\">{}</text>\n",
            W / 2,
            escape(s)
        )
    };
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
    );
    out.push_str(&text(150, 64, "bold", clinic_name));
    out.push_str(&text(250, 48, "normal", HEADLINE));
    for (i, line) in BODY.iter().enumerate() {
        out.push_str(&text(1420 + 52 * i as u32, 36, "normal", line));
    }
    out.push_str(&text(1630, 28, "normal", link));
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

    #[test]
    fn the_png_poster_decodes_back_to_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poster.png");
        write(&path, LINK, "North Clinic").unwrap();
        let img = image::open(&path).unwrap().to_luma8();
        assert_eq!((img.width(), img.height()), (W, H));
        let got = decode(img.width() as usize, img.height() as usize, |x, y| {
            img.get_pixel(x as u32, y as u32)[0]
        });
        assert_eq!(got, LINK);
    }

    #[test]
    fn the_svg_poster_decodes_back_to_the_link() {
        let svg = svg(LINK, "North & South <Clinic>").unwrap();
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

    #[test]
    fn other_formats_are_refused_with_a_hint() {
        let e = write(Path::new("poster.jpg"), LINK, "x")
            .unwrap_err()
            .to_string();
        assert!(e.contains(".png or .svg"), "{e}");
    }
}
